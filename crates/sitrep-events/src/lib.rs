pub mod counts;
pub mod lexicon;
pub mod modality;
pub mod temporal;
