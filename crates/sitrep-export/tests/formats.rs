//! Exports of a store filled with the hand-made multi-report fixtures: the
//! CSV has ACLED's columns and parses back, the GeoJSON is a structurally
//! valid FeatureCollection, the Parquet file reads back with every row,
//! JSONL is sitrep/1.

use sitrep_core::{Record, RecordSink};
use sitrep_export::{export, Format, Options};
use sitrep_store::{EventFilter, Store};

fn store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("t.db")).unwrap();
    for line in include_str!("../../sitrep-dedup/tests/fixtures/reports.jsonl").lines() {
        let r: Record = serde_json::from_str(line).unwrap();
        store.accept(r).unwrap();
    }
    store.finish().unwrap();
    store
}

fn run(store: &Store, format: Format, options: &Options) -> (u64, Vec<u8>) {
    let mut out = Vec::new();
    let n = export(store, format, options, &mut out).unwrap();
    (n, out)
}

const ACLED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];
const OWN: &[&str] = &[
    "plover_event",
    "plover_mode",
    "cameo",
    "modality",
    "cluster",
    "n_sources",
    "evidence",
];

#[test]
fn csv_has_acled_and_sitrep_columns() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let (n, bytes) = run(&store, Format::Csv, &Options::default());
    assert_eq!(n, 22);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for c in ACLED.iter().chain(OWN) {
        assert!(header.iter().any(|h| h == c), "missing column {c}");
    }
    // ACLED's columns come first, in ACLED's order.
    assert_eq!(&header[..ACLED.len()], ACLED);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 22);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let qaim = rows
        .iter()
        .find(|r| &r[col("event_id_cnty")] == "wire-2024-02-03-qaim:0")
        .expect("the al-Qaim report");
    assert_eq!(&qaim[col("event_date")], "2024-02-02");
    assert_eq!(&qaim[col("year")], "2024");
    assert_eq!(&qaim[col("time_precision")], "1");
    assert_eq!(&qaim[col("iso")], "368");
    assert_eq!(&qaim[col("country")], "Iraq");
    assert_eq!(&qaim[col("location")], "Al Qaim");
    assert_eq!(&qaim[col("fatalities")], "16");
    assert_eq!(&qaim[col("n_sources")], "4");
    assert_eq!(&qaim[col("actor1")], "Military Forces of United States");
    // US forces in Iraq are external forces (8) against a rebel group (2).
    assert_eq!(&qaim[col("inter1")], "8");
    assert_eq!(&qaim[col("interaction")], "28");
    assert!(qaim[col("notes")].contains("al-Qaim on Friday"));
}

#[test]
fn geojson_is_a_valid_feature_collection() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let (n, bytes) = run(&store, Format::Geojson, &Options::default());
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().expect("features array");
    assert_eq!(features.len() as u64, n);
    let mut points = 0;
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert!(f["properties"].is_object());
        match &f["geometry"] {
            serde_json::Value::Null => {}
            g => {
                assert_eq!(g["type"], "Point");
                let c = g["coordinates"].as_array().expect("coordinates");
                assert_eq!(c.len(), 2);
                let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
                // RFC 7946: longitude first.
                assert_eq!(f["properties"]["longitude"].as_f64(), Some(lon));
                points += 1;
            }
        }
    }
    // Every fixture event but the two unresolved Idlib ones has coordinates.
    assert_eq!(points, 20);
}

#[test]
fn parquet_reads_back_with_every_row() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    for clusters in [false, true] {
        let options = Options {
            clusters,
            ..Default::default()
        };
        let (n, bytes) = run(&store, Format::Parquet, &options);
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
            .unwrap()
            .build()
            .unwrap();
        let mut rows = 0;
        for batch in reader {
            let batch = batch.unwrap();
            assert_eq!(batch.schema().field(0).name(), "event_id_cnty");
            rows += batch.num_rows();
        }
        assert_eq!(rows as u64, n);
        assert_eq!(n, if clusters { 11 } else { 22 });
    }
}

#[test]
fn jsonl_is_sitrep_1_and_filters_apply() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let options = Options {
        filter: EventFilter {
            country: Some("SYR".into()),
            ..Default::default()
        },
        clusters: false,
    };
    let (n, bytes) = run(&store, Format::Jsonl, &options);
    assert_eq!(n, 3);
    for line in String::from_utf8(bytes).unwrap().lines() {
        let r: Record = serde_json::from_str(line).expect("sitrep/1 record");
        assert_eq!(r.schema, "sitrep/1");
        assert!(r
            .events
            .iter()
            .all(|e| e.location.as_ref().unwrap().country.as_deref() == Some("SYR")));
    }
    let (n, bytes) = run(
        &store,
        Format::Jsonl,
        &Options {
            clusters: true,
            ..Default::default()
        },
    );
    assert_eq!(n, 11);
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(bytes).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["n_sources"], 4);
    assert_eq!(first["sources"].as_array().unwrap().len(), 4);
}
