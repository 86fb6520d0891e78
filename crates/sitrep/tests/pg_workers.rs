//! Many workers sharing one PostgreSQL store, against a real PostgreSQL
//! server each test starts in a temporary directory (Debian's `postgresql`
//! package; `.ci/pg-tests.sh` installs it). Without PostgreSQL binaries the
//! tests print SKIP and pass, so a machine without them still builds green.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sitrep_store_pg::PgStore;

const SITREP: &str = env!("CARGO_BIN_EXE_sitrep");

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/news")
}

/// A PostgreSQL cluster in a temporary directory, stopped on drop.
struct TempPg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// `PG_BIN`, else the newest /usr/lib/postgresql/*/bin with initdb.
fn pg_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        let dir = PathBuf::from(dir);
        return dir.join("initdb").is_file().then_some(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop()
}

impl TempPg {
    /// Starts a server, or says why not and returns None (the test skips).
    fn start(test: &str) -> Option<TempPg> {
        let Some(bin) = pg_bin() else {
            eprintln!(
                "SKIP {test}: no PostgreSQL binaries (install Debian's postgresql or set PG_BIN)"
            );
            return None;
        };
        // The server refuses to run as root: hand the cluster to `postgres`.
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let dir = tempfile::Builder::new()
            .prefix("sitrep-pg-")
            .tempdir_in("/tmp")
            .expect("temp dir");
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown of the cluster dir to postgres failed");
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let pg = TempPg {
            dir,
            bin,
            port,
            as_postgres,
        };
        let data = pg.dir.path().join("data");
        let ok = pg
            .tool("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "initdb failed");
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            pg.dir.path().display()
        );
        let ok = pg
            .tool("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-o", &opts, "-l"])
            .arg(pg.dir.path().join("log"))
            .args(["-w", "start"])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "pg_ctl start failed");
        Some(pg)
    }

    fn tool(&self, name: &str) -> Command {
        let path = self.bin.join(name);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// A new empty database, and its URL.
    fn database(&self, name: &str) -> String {
        let ok = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .args(["-q", "-c", &format!("CREATE DATABASE {name}")])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "CREATE DATABASE {name} failed");
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for TempPg {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .status();
    }
}

fn sitrep(args: &[&str]) -> Command {
    let mut c = Command::new(SITREP);
    c.args(args).env_remove("SITREP_DB");
    c
}

fn worker(url: &str, extra: &[&str]) -> Child {
    sitrep(&["run", "--db", url, "--worker", "--jobs", "1", "-q"])
        .args(extra)
        .spawn()
        .expect("start worker")
}

fn enqueue(url: &str) {
    let corpus = corpus();
    let ok = sitrep(&["enqueue", "--db", url])
        .arg(&corpus)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "sitrep enqueue failed");
}

/// (document ids, (event id, cluster id)) of a PostgreSQL store, sorted.
fn pg_contents(url: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut store = PgStore::connect(url).expect("connect");
    let client = store.client();
    let docs = client
        .query("SELECT id FROM documents ORDER BY id", &[])
        .expect("documents")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let events = client
        .query("SELECT id, cluster_id FROM events ORDER BY id", &[])
        .expect("events")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    (docs, events)
}

/// The same for a SQLite store built by one `sitrep run`.
fn sqlite_contents(path: &Path) -> (Vec<String>, Vec<(String, String)>) {
    let store = sitrep_store::Store::open_read_only(path).expect("open sqlite");
    let conn = store.connection();
    let docs = conn
        .prepare("SELECT id FROM documents ORDER BY id")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        })
        .expect("documents");
    let events = conn
        .prepare("SELECT id, cluster_id FROM events ORDER BY id")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        })
        .expect("events");
    (docs, events)
}

#[test]
fn four_workers_store_what_one_sqlite_run_stores() {
    let Some(pg) = TempPg::start("four_workers_store_what_one_sqlite_run_stores") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let sqlite = tmp.path().join("one.db");
    let ok = sitrep(&["run", "--jobs", "1", "-q", "--db"])
        .arg(&sqlite)
        .arg(corpus())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "sqlite run failed");
    let reference = sqlite_contents(&sqlite);
    assert!(
        reference.0.len() >= 15 && reference.1.len() >= 40,
        "corpus too small to mean anything: {:?}",
        (reference.0.len(), reference.1.len())
    );

    let one = pg.database("one_worker");
    enqueue(&one);
    assert!(worker(&one, &[]).wait().expect("wait").success());
    assert_eq!(
        pg_contents(&one),
        reference,
        "1 worker on PostgreSQL vs SQLite"
    );

    let four = pg.database("four_workers");
    enqueue(&four);
    // Small batches so the four really interleave over the corpus.
    let workers: Vec<Child> = (0..4).map(|_| worker(&four, &["--batch", "2"])).collect();
    for mut w in workers {
        assert!(w.wait().expect("wait").success(), "a worker failed");
    }
    assert_eq!(
        pg_contents(&four),
        reference,
        "4 workers on PostgreSQL vs SQLite"
    );
    let status = PgStore::connect(&four)
        .and_then(|mut s| s.status())
        .expect("status");
    assert_eq!(status.done as usize, reference.0.len());
    assert_eq!((status.queued, status.claimed, status.failed), (0, 0, 0));
    assert!(
        status.workers.len() >= 2,
        "only {} worker(s) got any work",
        status.workers.len()
    );
}

#[test]
fn workers_starting_together_migrate_once() {
    let Some(pg) = TempPg::start("workers_starting_together_migrate_once") else {
        return;
    };
    let url = pg.database("fresh");
    let corpus = corpus();
    // Both enqueue (idempotently) and work: each connects and migrates at once.
    let spawn = || {
        sitrep(&["run", "--jobs", "1", "-q", "--db", &url])
            .arg(&corpus)
            .spawn()
            .expect("start")
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("wait").success(), "first worker failed");
    assert!(b.wait().expect("wait").success(), "second worker failed");
    let mut store = PgStore::connect(&url).expect("connect");
    assert_eq!(
        store.migration_history().expect("history"),
        (1..=sitrep_store_pg::SCHEMA_VERSION).collect::<Vec<_>>()
    );
    let status = store.status().expect("status");
    let counts = store.counts().expect("counts");
    assert_eq!(status.done, counts.documents, "each input stored once");
    assert_eq!((status.queued, status.claimed, status.failed), (0, 0, 0));
}

#[test]
fn a_killed_workers_items_are_finished_by_another() {
    let Some(pg) = TempPg::start("a_killed_workers_items_are_finished_by_another") else {
        return;
    };
    let reference_url = pg.database("reference");
    enqueue(&reference_url);
    assert!(worker(&reference_url, &[]).wait().expect("wait").success());
    let reference = pg_contents(&reference_url);

    let url = pg.database("killed");
    enqueue(&url);
    let mut store = PgStore::connect(&url).expect("connect");
    let total = store.status().expect("status").queued;
    // One batch holding every item: the kill lands after the claim and
    // before the commit.
    let mut doomed = worker(&url, &["--batch", "1000", "--lease-secs", "2"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut caught = false;
    while Instant::now() < deadline {
        let s = store.status().expect("status");
        if s.claimed > 0 && s.done == 0 {
            caught = true;
            break;
        }
        if s.done > 0 || doomed.try_wait().expect("poll").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    doomed.kill().expect("SIGKILL");
    let _ = doomed.wait();
    let killed_at = Instant::now();
    assert!(
        caught,
        "never saw the worker holding claimed items before it finished"
    );
    let s = store.status().expect("status");
    assert_eq!(
        (s.claimed + s.expired, s.done),
        (total, 0),
        "the dead worker's items stay claimed"
    );

    let mut rescuer = worker(&url, &["--lease-secs", "2"]);
    assert!(
        rescuer.wait().expect("wait").success(),
        "rescuing worker failed"
    );
    eprintln!(
        "recovery: {total} items finished {:.1} s after the SIGKILL (lease 2 s)",
        killed_at.elapsed().as_secs_f64()
    );
    let s = store.status().expect("status");
    assert_eq!(
        (s.done, s.queued, s.claimed, s.expired, s.failed),
        (total, 0, 0, 0, 0)
    );
    let attempts: i32 = store
        .client()
        .query_one("SELECT min(attempts) FROM work_items", &[])
        .expect("attempts")
        .get(0);
    assert_eq!(
        attempts, 2,
        "every item was claimed twice: by the dead worker and the rescuer"
    );
    assert_eq!(pg_contents(&url), reference, "nothing lost or duplicated");
}

/// `sitrep export --db DB ARGS…` into a file; its contents.
fn export(db: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("export");
    let result = sitrep(&["export", "--db", db])
        .args(args)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("sitrep export");
    assert!(
        result.status.success(),
        "sitrep export --db {db} {args:?}: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read_to_string(&out).expect("export file")
}

fn sorted_lines(s: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = s.lines().collect();
    lines.sort_unstable();
    lines
}

/// A server process, killed when dropped, so a failed assertion does not
/// leave it running.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `sitrep serve --db DB` on a free port: the server and its address.
fn serve(db: &str) -> (Server, String) {
    use std::io::{BufRead, BufReader};
    let mut child = sitrep(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--reload-secs",
        "1",
        "--db",
        db,
    ])
    .stderr(Stdio::piped())
    .spawn()
    .expect("start sitrep serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split('/').next().unwrap_or_default().to_string();
            std::thread::spawn(move || for _ in lines {});
            return (Server(child), addr);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("sitrep serve --db {db} did not print its address");
}

/// A bare HTTP/1.1 GET of a JSON API path (the server answers with a
/// Content-Length body).
fn get_json(addr: &str, path: &str) -> serde_json::Value {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
    assert!(
        !head.to_ascii_lowercase().contains("chunked"),
        "{path}: chunked body not expected"
    );
    serde_json::from_str(body).expect("JSON body")
}

#[test]
fn export_and_serve_read_postgres_as_they_read_sqlite() {
    let Some(pg) = TempPg::start("export_and_serve_read_postgres_as_they_read_sqlite") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let sqlite = tmp.path().join("one.db");
    let ok = sitrep(&["run", "--jobs", "1", "-q", "--db"])
        .arg(&sqlite)
        .arg(corpus())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "sqlite run failed");
    let sqlite = sqlite.to_string_lossy().to_string();

    let one = pg.database("export_one");
    enqueue(&one);
    assert!(worker(&one, &[]).wait().expect("wait").success());
    // One worker stores in the order SQLite does: every export is the same
    // file, byte for byte.
    for args in [
        &["--format", "jsonl"][..],
        &["--format", "jsonl", "--clusters"],
        &["--format", "csv"],
        &["--format", "csv", "--clusters"],
        &["--format", "geojson"],
        &[
            "--format",
            "csv",
            "--since",
            "2020-01-01",
            "--type",
            "Battles",
        ],
    ] {
        let (a, b) = (export(&sqlite, args), export(&one, args));
        assert_eq!(a, b, "export {args:?}: SQLite vs PostgreSQL");
        if args.len() == 2 {
            assert!(a.lines().count() > 10, "export {args:?} nearly empty");
        }
    }

    // Four workers store in another order, but the same records.
    let four = pg.database("export_four");
    enqueue(&four);
    let workers: Vec<Child> = (0..4).map(|_| worker(&four, &["--batch", "2"])).collect();
    for mut w in workers {
        assert!(w.wait().expect("wait").success(), "a worker failed");
    }
    let reference = export(&sqlite, &["--format", "jsonl"]);
    let four_export = export(&four, &["--format", "jsonl"]);
    assert_eq!(sorted_lines(&four_export), sorted_lines(&reference));

    // serve reads PostgreSQL into the same catalog as SQLite.
    let path = "/api/v1/events?limit=1000";
    let (from_sqlite, a) = serve(&sqlite);
    let (from_pg, b) = serve(&four);
    let (x, y) = (get_json(&a, path), get_json(&b, path));
    drop((from_sqlite, from_pg));
    let events = PgStore::connect(&four)
        .and_then(|mut s| s.counts())
        .expect("counts")
        .events;
    assert_eq!(y["total"].as_u64(), Some(events));
    assert_eq!(x, y, "{path}: SQLite vs PostgreSQL");

    // A server notices what workers store after it started, and reloads.
    let (live, addr) = serve(&one);
    let before = get_json(&addr, path)["total"].as_u64().unwrap_or(0);
    let seed: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/seed"))
            .expect("seed samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
    let ok = sitrep(&["enqueue", "--db", &one])
        .args(&seed)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "enqueue of the seed samples failed");
    assert!(worker(&one, &[]).wait().expect("wait").success());
    let after = PgStore::connect(&one)
        .and_then(|mut s| s.counts())
        .expect("counts")
        .events;
    assert!(after > before, "the seed samples added no events");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = before;
    while Instant::now() < deadline && seen != after {
        std::thread::sleep(Duration::from_millis(250));
        seen = get_json(&addr, path)["total"].as_u64().unwrap_or(0);
    }
    drop(live);
    assert_eq!(seen, after, "serve did not reload what the worker stored");
}

/// The bundled news articles twice, the second copy of each with a line
/// added (another text, so another document): with a publication date,
/// most events then have a second report, and dedup joins them. The plain
/// samples join almost nothing, which leaves clustering untested.
fn repeated_reports(dir: &Path) -> PathBuf {
    let out = dir.join("repeated");
    std::fs::create_dir_all(&out).expect("mkdir");
    for entry in std::fs::read_dir(corpus()).expect("news samples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("sample");
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
        std::fs::write(out.join(format!("{name}.txt")), &text).expect("write");
        let copy = format!("{text}\n\nThis report was also carried by another outlet.\n");
        std::fs::write(out.join(format!("{name}_copy.txt")), copy).expect("write");
    }
    out
}

/// The clusters of a PostgreSQL store as sets of event ids, sorted: the
/// partition, whatever each cluster is called.
fn pg_partition(url: &str) -> Vec<Vec<String>> {
    let mut store = PgStore::connect(url).expect("connect");
    let rows = store
        .client()
        .query(
            "SELECT array_agg(id ORDER BY id) FROM events GROUP BY cluster_id",
            &[],
        )
        .expect("clusters");
    let mut p: Vec<Vec<String>> = rows.iter().map(|r| r.get(0)).collect();
    p.sort();
    p
}

#[test]
fn workers_cluster_repeated_reports_as_sqlite_does() {
    let Some(pg) = TempPg::start("workers_cluster_repeated_reports_as_sqlite_does") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = repeated_reports(tmp.path());
    let date = "2024-03-10";
    let sqlite = tmp.path().join("one.db");
    let ok = sitrep(&["run", "--jobs", "1", "-q", "--date", date, "--db"])
        .arg(&sqlite)
        .arg(&corpus)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "sqlite run failed");
    let counts = sitrep_store::Store::open_read_only(&sqlite)
        .and_then(|s| s.counts())
        .expect("counts");
    assert!(
        counts.multi_source_clusters >= 20,
        "too few repeated reports joined to test clustering: {counts:?}"
    );
    let queue = |name: &str| {
        let url = pg.database(name);
        let ok = sitrep(&["enqueue", "--date", date, "--db", &url])
            .arg(&corpus)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "sitrep enqueue failed");
        url
    };

    // One worker decides every join as SQLite does, and recomputes every
    // cluster's canonical record the same way.
    let one = queue("repeated_one");
    assert!(worker(&one, &["--batch", "3"])
        .wait()
        .expect("wait")
        .success());
    assert_eq!(pg_contents(&one), sqlite_contents(&sqlite));
    let sqlite = sqlite.to_string_lossy().to_string();
    for args in [
        &["--format", "jsonl", "--clusters"][..],
        &["--format", "csv"],
    ] {
        assert_eq!(
            export(&sqlite, args),
            export(&one, args),
            "export {args:?}: SQLite vs PostgreSQL"
        );
    }

    // Four workers store the reports in another order, so a cluster may be
    // named after another of its events, but the same reports end up
    // together.
    let four = queue("repeated_four");
    let workers: Vec<Child> = (0..4).map(|_| worker(&four, &["--batch", "2"])).collect();
    for mut w in workers {
        assert!(w.wait().expect("wait").success(), "a worker failed");
    }
    assert_eq!(pg_partition(&four), pg_partition(&one));
}
