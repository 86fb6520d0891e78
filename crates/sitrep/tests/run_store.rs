//! `sitrep run` end to end, spawning the built binary over the bundled
//! news samples: a second run adds nothing, bad inputs in a folder are
//! reported and skipped without losing or duplicating what is stored, and a
//! run killed with SIGKILL then rerun ends with the same database as an
//! uninterrupted run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use sitrep_store::{Counts, Store};

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn samples() -> PathBuf {
    sitrep_core::data_dir().join("samples")
}

/// The bundled news articles (the folder also holds a README and a manifest).
fn news_files() -> Vec<PathBuf> {
    let dir = sitrep_core::data_dir().join("samples").join("news");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn run(db: &Path, inputs: &[&Path], extra: &[&str]) -> Output {
    let out = sitrep()
        .arg("run")
        .arg("--db")
        .arg(db)
        .args(extra)
        .args(inputs)
        .output()
        .expect("sitrep runs");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn counts(db: &Path) -> Counts {
    Store::open_read_only(db).unwrap().counts().unwrap()
}

fn export(db: &Path, format: &str) -> Vec<u8> {
    let out = sitrep()
        .args(["export", "--format", format, "--db"])
        .arg(db)
        .output()
        .expect("sitrep export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn a_second_run_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let news = news_files();
    let news: Vec<&Path> = news.iter().map(PathBuf::as_path).collect();
    let first = run(&db, &news, &["--jobs", "2"]);
    assert!(first.status.success());
    let before = counts(&db);
    assert_eq!(before.documents, 19, "every news article stored");
    let csv = export(&db, "csv");

    let second = run(&db, &news, &["--jobs", "2"]);
    assert!(second.status.success());
    assert_eq!(counts(&db), before);
    assert_eq!(export(&db, "csv"), csv);
    let log = String::from_utf8_lossy(&second.stderr);
    assert!(log.contains("0 documents stored"), "{log}");
    assert!(log.contains("19 already stored"), "{log}");
}

#[test]
fn bad_inputs_in_a_folder_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mixed");
    std::fs::create_dir(&folder).unwrap();
    let news = samples().join("news");
    let good = [
        "centcom-2023-07-09-airstrike-isis-leader-eastern-syria.txt",
        "wikinews-2005-explosion-near-beirut.txt",
        "wikinews-2015-north-korea-quasi-state-of-war.txt",
    ];
    for name in good {
        std::fs::copy(news.join(name), folder.join(name)).unwrap();
    }
    std::fs::write(folder.join("empty.html"), "").unwrap();
    std::fs::write(
        folder.join("image.jpg"),
        [0xFFu8, 0xD8, 0xFF, 0xE0, 0, 0x10, 0, 0, 0, 1, 2, 3, 0xFF, 0],
    )
    .unwrap();
    let db = dir.path().join("mixed.db");

    let first = run(&db, &[&folder], &[]);
    assert_eq!(
        first.status.code(),
        Some(1),
        "a bad input means exit code 1"
    );
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(log.contains("empty.html"), "{log}");
    assert!(log.contains("image.jpg"), "{log}");
    assert_eq!(counts(&db).documents, 3);
    let before = counts(&db);

    // Rerun with one more good article: the three stay, one is added.
    let extra = "wikinews-2005-nepal-rallies-against-royal-coup.txt";
    std::fs::copy(news.join(extra), folder.join(extra)).unwrap();
    let second = run(&db, &[&folder], &[]);
    assert_eq!(second.status.code(), Some(1));
    let after = counts(&db);
    assert_eq!(after.documents, 4);
    assert!(after.events >= before.events);
}

#[test]
fn a_killed_run_rerun_ends_like_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap();
    let re3d = samples().join("re3d");
    let inputs: Vec<PathBuf> = ["centcom", "us-state-department", "uk-government"]
        .iter()
        .map(|p| re3d.join(p).join("documents.jsonl"))
        .chain(news_files())
        .collect();
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();

    let whole = dir.path().join("whole.db");
    assert!(run(&whole, &inputs, &["--jobs", "2"]).status.success());

    let killed = dir.path().join("killed.db");
    let mut child = sitrep()
        .arg("run")
        .arg("--db")
        .arg(&killed)
        .args(["--jobs", "1", "--batch", "2", "--quiet"])
        .args(&inputs)
        .stderr(Stdio::null())
        .spawn()
        .expect("sitrep runs");
    // Kill it once a few batches are committed, well before the end.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        std::thread::sleep(Duration::from_millis(10));
        let stored = Store::open_read_only(&killed)
            .and_then(|s| s.counts())
            .map(|c| c.documents)
            .unwrap_or(0);
        if stored >= 6 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the run stored nothing in two minutes"
        );
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let partial = counts(&killed);
    assert!(partial.documents < counts(&whole).documents, "{partial:?}");

    assert!(run(&killed, &inputs, &["--jobs", "2"]).status.success());
    assert_eq!(counts(&killed), counts(&whole));
    assert_eq!(export(&killed, "jsonl"), export(&whole, "jsonl"));
    assert_eq!(export(&killed, "csv"), export(&whole, "csv"));
}

/// A read-only database file: `sitrep run` stops with one clear line naming
/// it, and the file is byte for byte as it was. As root (which writes to a
/// read-only file anyway) the run goes through `setpriv` without the
/// capabilities that override file permissions; without setpriv the check
/// is skipped.
#[cfg(unix)]
#[test]
fn a_read_only_database_is_a_clear_error_and_stays_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ro.db");
    let files = news_files();
    assert!(run(&db, &[files[0].as_path()], &["-q"]).status.success());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let root = std::fs::OpenOptions::new().append(true).open(&db).is_ok();
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--bounding-set",
            "-dac_override,-dac_read_search,-fowner",
            "--",
        ])
        .arg(env!("CARGO_BIN_EXE_sitrep"));
        c
    } else {
        sitrep()
    };
    let out = match cmd
        .arg("run")
        .arg("--db")
        .arg(&db)
        .args(["-q"])
        .arg(&files[1])
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: cannot drop root's file capabilities ({e})");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if root && stderr.contains("setpriv") {
        eprintln!("skipped: setpriv refused: {stderr}");
        return;
    }
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("ro.db: the database is read-only"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
}
