//! Parquet through the arrow and parquet crates: rows are gathered into
//! Arrow batches of [`BATCH`] rows and written as row groups, so memory is
//! bounded by one batch. Uncompressed: the codecs' features stay off to keep
//! the build lean.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use crate::row::{Cell, Kind, Row, RowSink, COLUMNS};
use crate::ExportError;

const BATCH: usize = 4096;

enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
}

pub(crate) struct ParquetSink<W: Write + Send> {
    writer: Option<ArrowWriter<W>>,
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
}

impl<W: Write + Send> ParquetSink<W> {
    pub(crate) fn new(out: W) -> Result<Self, ExportError> {
        let schema: SchemaRef = Arc::new(Schema::new(
            COLUMNS
                .iter()
                .map(|(name, kind)| {
                    let t = match kind {
                        Kind::Text => DataType::Utf8,
                        Kind::Int => DataType::Int64,
                        Kind::Float => DataType::Float64,
                    };
                    Field::new(*name, t, true)
                })
                .collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(BATCH))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(ParquetSink {
            writer: Some(writer),
            schema,
            builders: new_builders(),
            rows: 0,
        })
    }

    fn flush_batch(&mut self) -> Result<(), ExportError> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = std::mem::replace(&mut self.builders, new_builders())
            .into_iter()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Text(mut b) => Arc::new(b.finish()),
                    Builder::Int(mut b) => Arc::new(b.finish()),
                    Builder::Float(mut b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        if let Some(w) = self.writer.as_mut() {
            w.write(&batch)?;
        }
        self.rows = 0;
        Ok(())
    }
}

fn new_builders() -> Vec<Builder> {
    COLUMNS
        .iter()
        .map(|(_, kind)| match kind {
            Kind::Text => Builder::Text(StringBuilder::new()),
            Kind::Int => Builder::Int(Int64Builder::new()),
            Kind::Float => Builder::Float(Float64Builder::new()),
        })
        .collect()
}

impl<W: Write + Send> RowSink for ParquetSink<W> {
    fn write(&mut self, row: &Row) -> Result<(), ExportError> {
        for (b, cell) in self.builders.iter_mut().zip(row) {
            match (b, cell) {
                (Builder::Text(b), Cell::Text(v)) => b.append_option(v.as_deref()),
                (Builder::Int(b), Cell::Int(v)) => b.append_option(*v),
                (Builder::Float(b), Cell::Float(v)) => b.append_option(*v),
                (Builder::Text(b), _) => b.append_null(),
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Float(b), _) => b.append_null(),
            }
        }
        self.rows += 1;
        if self.rows >= BATCH {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExportError> {
        self.flush_batch()?;
        if let Some(w) = self.writer.take() {
            w.close()?;
        }
        Ok(())
    }
}
