//! Statements prepared once per connection. The sync `postgres` client
//! prepares a query given as text on every call, which costs a round trip
//! of its own; a batch's statements under the dedup lock would pay it each
//! time, so they are prepared on first use and reused.

use std::collections::HashMap;

use postgres::{Statement, Transaction};

use crate::error::Inner;

#[derive(Default)]
pub(crate) struct Prepared(HashMap<String, Statement>);

impl Prepared {
    /// The statement for `sql`, prepared on this connection if it was not
    /// yet. (Prepared statements outlive the transaction they were made in,
    /// rolled back or not.)
    pub(crate) fn get(&mut self, tx: &mut Transaction, sql: &str) -> Result<Statement, Inner> {
        if let Some(s) = self.0.get(sql) {
            return Ok(s.clone());
        }
        let s = tx.prepare(sql)?;
        self.0.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}
