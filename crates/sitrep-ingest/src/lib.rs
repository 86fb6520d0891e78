//! Reads files, folders, stdin, gzip, JSONL, WARC and RSS/Atom into raw articles.
//!
//! Everything is sniffed by content, not by file name: a `.txt` that is really
//! a gzipped WARC is read as a WARC. [`read_inputs`] is a lazy iterator so a
//! 10 GB crawl is never held in memory, and it is `Send` so a caller can feed
//! a rayon pool from it. Each item is one article or one error that names the
//! input; an error never ends the iteration, so one bad file does not stop a run.
//!
//! A WARC file can also be cut into byte ranges ([`warc_spans`]) and one
//! range read on its own ([`read_warc_range`]): a work queue then holds
//! `(path, offset, length)`, not the pages.

mod decode;
mod error;
mod feed;
mod inputs;
mod jsonl;
mod limits;
mod sniff;
mod warc;
mod warc_range;

pub use decode::decode_bytes;
pub use error::IngestError;
pub use inputs::{read_bytes, read_inputs, Inputs};
pub use limits::Limits;
pub use sniff::{sniff, Kind};
pub use warc_range::{read_warc_range, warc_spans, WarcSpan};

#[cfg(test)]
mod tests {
    /// Callers feed a rayon pool from the iterator, so it must stay `Send`.
    #[test]
    fn inputs_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        assert_send(&crate::read_inputs(
            &["-".to_string()],
            &crate::Limits::default(),
        ));
    }
}
