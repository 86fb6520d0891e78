//! CSV with a header row, RFC 4180 quoting (the `csv` crate).

use std::io::Write;

use crate::row::{Cell, Row, RowSink, COLUMNS};
use crate::ExportError;

pub(crate) struct CsvSink<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    pub(crate) fn new(out: W) -> Result<Self, ExportError> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(COLUMNS.iter().map(|(name, _)| *name))?;
        Ok(CsvSink { out })
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    fn write(&mut self, row: &Row) -> Result<(), ExportError> {
        self.out.write_record(row.iter().map(|c| match c {
            Cell::Text(s) => s.clone().unwrap_or_default(),
            Cell::Int(i) => i.map(|v| v.to_string()).unwrap_or_default(),
            Cell::Float(f) => f.map(|v| v.to_string()).unwrap_or_default(),
        }))?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}
