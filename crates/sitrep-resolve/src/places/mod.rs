//! The gazetteer: GeoNames places, admin regions and countries, with the
//! curated supplement, and toponym resolution against them.

pub mod blocks;
pub mod build;
pub mod one_edit;
pub mod phrase;
pub mod resolve;
pub mod store;
pub mod wof;

pub use store::{Country, Gazetteer, Kind};
