//! `sitrep demo`: builds its database from the bundled samples only, prints
//! what it found, and writes the exports into the folder it is given.

use std::process::Command;

#[test]
fn demo_builds_a_database_and_exports_from_the_bundled_samples() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["demo", "--out"])
        .arg(dir.path())
        .output()
        .expect("sitrep demo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // 1 seed + 19 news + 71 re3d documents.
    let summary = stdout
        .lines()
        .find(|l| l.contains(" events from ") && l.ends_with(" clusters"))
        .unwrap_or_else(|| panic!("no summary line in:\n{stdout}"));
    assert!(summary.contains("from 91 documents"), "{summary}");
    assert!(stdout.contains("Events by PLOVER type"));
    assert!(stdout.contains("Events by country"));
    assert!(stdout.contains("Largest clusters"));
    for f in ["demo.db", "events.csv", "events.geojson"] {
        assert!(dir.path().join(f).is_file(), "{f} written");
    }
}
