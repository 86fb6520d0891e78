//! Typed events with arguments, dates, counts, modality and evidence, from annotated documents.
