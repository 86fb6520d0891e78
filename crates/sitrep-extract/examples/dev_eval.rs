//! Development loop: extracts every page of a gold folder and writes
//! `id\tarticleBody` JSONL to stdout (score it with the Python reference).
use std::io::Read;

fn main() {
    let dir = std::env::args().nth(1).expect("gold dir");
    let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let opts = sitrep_extract::ExtractOptions::default();
    for p in paths {
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        let id = p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".html.gz")
            .to_string();
        let raw = sitrep_core::RawDoc {
            source: id.clone(),
            id: Some(id.clone()),
            url: None,
            date: None,
            body: sitrep_core::RawBody::Html(s),
        };
        let text = sitrep_extract::extract(&raw, &opts)
            .map(|d| d.text)
            .unwrap_or_default();
        println!("{}", serde_json::json!({"id": id, "articleBody": text}));
    }
}
