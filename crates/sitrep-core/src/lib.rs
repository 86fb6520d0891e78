//! The types that travel between sitrep's stages.
//!
//! Every stage of the pipeline (`ingest → extract → nlp → events → resolve →
//! dedup → store`) hands the next a value defined here and nothing else, so a
//! stage can be swapped, tested or run on its own with serialised input. The
//! JSON shape of [`Record`] is the `sitrep/1` contract documented in
//! `docs/event-schema.md`; new fields may be added, existing ones keep their
//! meaning.

pub mod annotation;
pub mod data;
pub mod document;
pub mod event;
pub mod geo;
pub mod mapped;
pub mod raw;
pub mod sink;

pub use annotation::{Annotated, Entity, Sentence, Token};
pub use data::data_dir;
pub use document::{Block, BlockKind, Document, Removed};
pub use event::{
    Acled, Actor, Aggregate, Attribution, Count, DatePrecision, DateRange, Event, GeoPrecision,
    Modality, OutsideAcled, Place, Plover, PloverType, Record, Span,
};
pub use mapped::{FileBytes, Table};
pub use raw::{RawBody, RawDoc};
pub use sink::RecordSink;

/// The schema tag every record carries.
pub const SCHEMA: &str = "sitrep/1";
