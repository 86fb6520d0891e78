//! Sentences, tokens, POS tags, dependency parses and named entities, with models trained by sitrep.
