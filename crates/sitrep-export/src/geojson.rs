//! A GeoJSON (RFC 7946) FeatureCollection, one Point feature per row;
//! rows without coordinates get `"geometry": null`, as the RFC allows.
//! Written by hand as a stream: the `geojson` crate builds the whole
//! collection in memory.

use std::io::Write;

use serde_json::{Map, Value};

use crate::row::{Cell, Row, RowSink, COLUMNS};
use crate::ExportError;

pub(crate) struct GeoJsonSink<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> GeoJsonSink<W> {
    pub(crate) fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
        Ok(GeoJsonSink { out, first: true })
    }
}

impl<W: Write> RowSink for GeoJsonSink<W> {
    fn write(&mut self, row: &Row) -> Result<(), ExportError> {
        let mut props = Map::new();
        let (mut lat, mut lon) = (None, None);
        for ((name, _), cell) in COLUMNS.iter().zip(row) {
            let v = match cell {
                Cell::Text(s) => s.clone().map(Value::from),
                Cell::Int(i) => i.map(Value::from),
                Cell::Float(f) => f.map(Value::from),
            };
            match (*name, cell) {
                ("latitude", Cell::Float(f)) => lat = *f,
                ("longitude", Cell::Float(f)) => lon = *f,
                _ => {}
            }
            props.insert(name.to_string(), v.unwrap_or(Value::Null));
        }
        let geometry = match (lat, lon) {
            (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => {
                serde_json::json!({"type": "Point", "coordinates": [lon, lat]})
            }
            _ => Value::Null,
        };
        let id = props.get("event_id_cnty").cloned().unwrap_or(Value::Null);
        let feature = serde_json::json!({
            "type": "Feature",
            "id": id,
            "geometry": geometry,
            "properties": props,
        });
        if !self.first {
            self.out.write_all(b",\n")?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &feature)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExportError> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(())
    }
}
