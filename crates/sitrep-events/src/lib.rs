pub mod acled;
pub mod args;
pub mod counts;
pub mod extractor;
pub mod frames;
pub mod lexicon;
pub mod merge;
pub mod modality;
pub mod resolver;
pub mod roles;
pub mod select;
pub mod sentence;
pub mod temporal;

pub use extractor::{EventExtractor, Found, Options};
pub use resolver::{DocContext, Family, NoResolver, Resolved, Resolver};
pub use select::{sentences_to_read, Reading};
pub mod gold;
pub mod subevent;
