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

/// `sitrep serve --db DB` on a free port, reloading every second: the
/// server and its address.
fn serve(db: &str) -> (Server, String) {
    serve_with(db, &["--reload-secs", "1"])
}

/// `sitrep serve --db DB EXTRA…` on a free port: the server and its address.
fn serve_with(db: &str, extra: &[&str]) -> (Server, String) {
    use std::io::{BufRead, BufReader};
    let mut child = sitrep(&["serve", "--addr", "127.0.0.1:0", "--db", db])
        .args(extra)
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
    panic!("sitrep serve --db {db} {extra:?} did not print its address");
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

/// A bare HTTP/1.1 POST of a text article: the status line and JSON body.
fn post_text(addr: &str, token: &str, query: &str, text: &str) -> (String, serde_json::Value) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "POST /api/v1/documents?{query} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )
    .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("HTTP response");
    let status = head.lines().next().unwrap_or_default().to_string();
    (status, serde_json::from_str(body).unwrap_or_default())
}

#[test]
fn concurrent_posts_are_stored_through_the_pool() {
    let Some(pg) = TempPg::start("concurrent_posts_are_stored_through_the_pool") else {
        return;
    };
    let url = pg.database("posts");
    let (server, addr) = serve_with(
        &url,
        &[
            "--reload-secs",
            "0",
            "--pool-size",
            "4",
            "--write-token",
            "s3cret",
            "--write-rate",
            "0",
            // Six writes at once are the point here; past the limit a
            // POST gets 429 (tested with the API's limits).
            "--max-writes",
            "8",
        ],
    );
    let news: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/news"))
            .expect("news samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .take(6)
            .collect();
    assert_eq!(news.len(), 6, "six bundled news articles");
    // Six analysts post at once; each request stores on its own pooled
    // connection, and dedup still sees every event exactly once.
    let answers: Vec<(String, serde_json::Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = news
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let addr = addr.clone();
                scope.spawn(move || {
                    let text = std::fs::read_to_string(p).expect("read article");
                    post_text(
                        &addr,
                        "s3cret",
                        &format!("id=post{i}&date=2024-09-10"),
                        &text,
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("poster"))
            .collect()
    });
    for (status, _) in &answers {
        assert!(status.contains(" 201 "), "POST answered {status}");
    }
    let posted_events: usize = answers
        .iter()
        .map(|(_, body)| body["events"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(posted_events > 0, "the news articles gave no events");
    let counts = PgStore::connect(&url)
        .and_then(|mut s| s.counts())
        .expect("counts");
    drop(server);
    assert_eq!(counts.documents, 6, "every posted document stored once");
    assert_eq!(
        counts.events as usize, posted_events,
        "every event stored once"
    );
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
        let (ok, log) = enqueue_args(&url, &["--date", date], &corpus);
        assert!(ok, "sitrep enqueue failed: {log}");
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

    // Four workers store the reports in another order, but the same
    // reports end up together, named and summed up alike.
    let four = queue("repeated_four");
    let workers: Vec<Child> = (0..4).map(|_| worker(&four, &["--batch", "2"])).collect();
    for mut w in workers {
        assert!(w.wait().expect("wait").success(), "a worker failed");
    }
    assert_eq!(pg_partition(&four), pg_partition(&one));
    same_clusters(&four, &one);
}

/// Asserts two stores hold the same events and clusters ([`pg_clusters`]),
/// naming the first rows that differ (whole rows are too long to read).
fn same_clusters(a: &str, b: &str) {
    let (ea, ca) = pg_clusters(a);
    let (eb, cb) = pg_clusters(b);
    // The rows from 100 bytes before their first difference.
    let around = |x: &str, y: &str| {
        let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
        let from = |s: &str| {
            let mut i = at.saturating_sub(100);
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            s[i..].chars().take(300).collect::<String>()
        };
        format!("{}\n{}", from(x), from(y))
    };
    for (x, y) in ea.iter().zip(&eb) {
        let (x, y) = (x.join(" | "), y.join(" | "));
        assert!(x == y, "event rows differ:\n{}", around(&x, &y));
    }
    for (x, y) in ca.iter().zip(&cb) {
        let (x, y) = (x.join(" | "), y.join(" | "));
        assert!(x == y, "cluster rows differ:\n{}", around(&x, &y));
    }
    assert_eq!((ea.len(), ca.len()), (eb.len(), cb.len()), "row counts");
}

/// Every event (id, cluster, JSON) and every cluster row (id, counts,
/// canonical record) of a PostgreSQL store, sorted: what it holds, apart
/// from the order it was stored in.
fn pg_clusters(url: &str) -> (Vec<[String; 3]>, Vec<[String; 4]>) {
    let mut store = PgStore::connect(url).expect("connect");
    let client = store.client();
    let events = client
        .query("SELECT id, cluster_id, json FROM events ORDER BY id", &[])
        .expect("events")
        .iter()
        .map(|r| [r.get(0), r.get(1), r.get(2)])
        .collect();
    let clusters = client
        .query(
            "SELECT id, n_events::text, n_sources::text, canonical FROM clusters ORDER BY id",
            &[],
        )
        .expect("clusters")
        .iter()
        .map(|r| [r.get(0), r.get(1), r.get(2), r.get(3)])
        .collect();
    (events, clusters)
}

/// Stored in another order, the same clusters: the bundled reports queued
/// in input order (each original, then its copy), but the originals held
/// by a "dead" worker until a live one has stored every copy, when the
/// dead one's lease lapses and the live one takes them — as when a killed
/// worker's batch is redone after later ones. Clusters are
/// named after their member first in input order, so the store ends as
/// one worker in input order leaves it, to the byte.
#[test]
fn clusters_do_not_depend_on_the_order_workers_commit_in() {
    let Some(pg) = TempPg::start("clusters_do_not_depend_on_the_order_workers_commit_in") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = repeated_reports(tmp.path());
    let date = "2024-03-10";
    let queue = |name: &str| {
        let url = pg.database(name);
        let (ok, log) = enqueue_args(&url, &["--date", date], &corpus);
        assert!(ok, "sitrep enqueue failed: {log}");
        url
    };
    let in_order = queue("commit_in_order");
    assert!(worker(&in_order, &["--batch", "3"])
        .wait()
        .expect("wait")
        .success());

    let late = queue("commit_originals_late");
    let mut store = PgStore::connect(&late).expect("connect");
    let held = store
        .client()
        .execute(
            "UPDATE work_items SET state = 'claimed', worker = 'ghost', claimed_at = now(), \
               claimed_until = now() + interval '1 hour', attempts = 1 \
             WHERE source NOT LIKE '%\\_copy.txt'",
            &[],
        )
        .expect("hold the originals");
    assert!(held >= 10, "too few originals held: {held}");
    let mut w = worker(&late, &["--batch", "3"]);
    // When every copy is stored, the ghost's lease lapses.
    let copies_done = std::time::Instant::now();
    loop {
        let left: i64 = store
            .client()
            .query_one(
                "SELECT count(*) FROM work_items WHERE state <> 'done' AND worker IS DISTINCT FROM 'ghost'",
                &[],
            )
            .expect("queue")
            .get(0);
        if left == 0 {
            break;
        }
        assert!(
            copies_done.elapsed() < std::time::Duration::from_secs(120),
            "the copies were not stored"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    store
        .client()
        .execute(
            "UPDATE work_items SET claimed_until = now() - interval '1 second' WHERE worker = 'ghost'",
            &[],
        )
        .expect("release the originals");
    assert!(w.wait().expect("wait").success());

    // The copies were stored first: in many clusters the member first in
    // input order was not the first stored.
    let late_first: i64 = store
        .client()
        .query_one(
            "SELECT count(*) FROM (SELECT e.cluster_id FROM events e \
               JOIN documents d ON d.id = e.document_id \
               JOIN work_items w ON w.document_id = d.id GROUP BY e.cluster_id \
               HAVING (array_agg(d.ord ORDER BY w.id, e.seq))[1] > min(d.ord)) x",
            &[],
        )
        .expect("clusters stored out of order")
        .get(0);
    assert!(
        late_first >= 10,
        "too few clusters stored out of order: {late_first}"
    );
    same_clusters(&late, &in_order);
    for args in [
        &["--format", "jsonl", "--clusters"][..],
        &["--format", "csv"],
    ] {
        assert_eq!(
            sorted_lines(&export(&late, args)),
            sorted_lines(&export(&in_order, args)),
            "export {args:?}"
        );
    }
}

/// A gzipped WARC of the bundled news articles as Common Crawl writes one:
/// a warcinfo record, then request, response and metadata records for each
/// page, each record its own gzip member. Each article becomes an HTML page
/// (title, paragraphs) served from its manifest URL on its publication
/// date. Returns the file and the pages' URLs.
fn news_warc(dir: &Path) -> (PathBuf, Vec<String>) {
    use std::io::Write;
    let record = |kind: &str, uri: &str, date: &str, block: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}T12:00:00Z\r\n\
             Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    };
    let gzip = |text: &str| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text.as_bytes()).expect("gzip");
        e.finish().expect("gzip")
    };
    let manifest = std::fs::read_to_string(corpus().join("manifest.tsv")).expect("manifest");
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (file, title, published, url) = (col("file"), col("title"), col("published"), col("url"));
    let mut bytes = gzip(&record(
        "warcinfo",
        "",
        "2024-01-01",
        "software: sitrep test\r\n",
    ));
    let mut urls = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let text = std::fs::read_to_string(corpus().join(f[file])).expect("article");
        let paragraphs: String = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| format!("<p>{}</p>\n", html_escape(p.trim())))
            .collect();
        let html = format!(
            "<!doctype html><html><head><title>{t}</title></head><body><article><h1>{t}</h1>\n\
             {paragraphs}</article></body></html>",
            t = html_escape(f[title])
        );
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        let (uri, date) = (f[url], f[published]);
        for (kind, block) in [
            ("request", format!("GET {uri} HTTP/1.1\r\n\r\n")),
            ("response", http),
            ("metadata", "fetchTimeMs: 120\r\n".to_string()),
        ] {
            bytes.extend(gzip(&record(kind, uri, date, &block)));
        }
        urls.push(uri.to_string());
    }
    let path = dir.join("news.warc.gz");
    std::fs::write(&path, bytes).expect("write WARC");
    (path, urls)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `sitrep enqueue --db URL ARGS…`: success, and the summary line.
fn enqueue_args(url: &str, args: &[&str], file: &Path) -> (bool, String) {
    let out = sitrep(&["enqueue", "--db", url])
        .args(args)
        .arg(file)
        .output()
        .expect("sitrep enqueue");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Documents (id, url, published, title) and events (id, document, type,
/// start date, country) of a PostgreSQL store, sorted: what was extracted,
/// whatever the inputs were named.
#[allow(clippy::type_complexity)]
fn pg_extracted(
    url: &str,
) -> (
    Vec<(String, Option<String>, Option<String>, Option<String>)>,
    Vec<(String, String, String, Option<String>, Option<String>)>,
) {
    let mut store = PgStore::connect(url).expect("connect");
    let client = store.client();
    let docs = client
        .query(
            "SELECT id, url, published, title FROM documents ORDER BY id",
            &[],
        )
        .expect("documents")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    let events = client
        .query(
            "SELECT id, document_id, plover_event, date_start, country FROM events ORDER BY id",
            &[],
        )
        .expect("events")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    (docs, events)
}

#[test]
fn warc_ranges_through_two_workers_store_what_documents_do() {
    let Some(pg) = TempPg::start("warc_ranges_through_two_workers_store_what_documents_do") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (warc, urls) = news_warc(tmp.path());

    // The reference: the same WARC queued as documents, one worker.
    let docs = pg.database("warc_documents");
    let (ok, log) = enqueue_args(&docs, &[], &warc);
    assert!(ok, "enqueue as documents: {log}");
    assert!(worker(&docs, &[]).wait().expect("wait").success());
    let reference = pg_extracted(&docs);
    assert_eq!(reference.0.len(), urls.len(), "every page a document");
    assert!(
        reference.1.len() >= 40,
        "too few events: {}",
        reference.1.len()
    );

    // By range: 3 records an item (a page's request, response, metadata),
    // so items hold one page each, shifted by the warcinfo record.
    let ranges = pg.database("warc_ranges");
    let by_range = ["--by-range", "--records-per-item", "3"];
    let (ok, log) = enqueue_args(&ranges, &by_range, &warc);
    assert!(ok, "enqueue by range: {log}");
    let records = 1 + 3 * urls.len();
    let items = records.div_ceil(3);
    assert!(
        log.contains(&format!("{records} records in {items} ranges"))
            && log.contains(&format!(": {items} queued, 0 already queued")),
        "{log}"
    );
    // Enqueueing again adds nothing.
    let (ok, log) = enqueue_args(&ranges, &by_range, &warc);
    assert!(ok, "second enqueue: {log}");
    assert!(
        log.contains(&format!(": 0 queued, {items} already queued")),
        "{log}"
    );
    let mut store = PgStore::connect(&ranges).expect("connect");
    let status = store.status().expect("status");
    assert_eq!(
        (status.queued, status.ranges, status.range_records),
        (items as u64, items as u64, records as u64)
    );
    let raw_copies: i64 = store
        .client()
        .query_one("SELECT count(raw) FROM work_items", &[])
        .expect("count")
        .get(0);
    assert_eq!(raw_copies, 0, "ranges hold no copies of the pages");

    // Batches of 3 documents' worth: one range per claim.
    let workers: Vec<Child> = (0..2).map(|_| worker(&ranges, &["--batch", "3"])).collect();
    for mut w in workers {
        assert!(w.wait().expect("wait").success(), "a worker failed");
    }
    assert_eq!(pg_extracted(&ranges), reference, "by range vs as documents");
    // Clusters too, stored in the same order (one worker): dedup assigns
    // each event greedily in store order, so with two workers an event
    // that could join either of two clusters may join the other one.
    let one = pg.database("warc_ranges_one_worker");
    let (ok, log) = enqueue_args(&one, &by_range, &warc);
    assert!(ok, "enqueue by range: {log}");
    assert!(worker(&one, &["--batch", "3"])
        .wait()
        .expect("wait")
        .success());
    assert_eq!(pg_partition(&one), pg_partition(&docs));
    let status = store.status().expect("status");
    assert_eq!(
        (status.done, status.queued, status.claimed, status.failed),
        (items as u64, 0, 0, 0)
    );
    eprintln!(
        "ranges: {items} items by worker: {:?}",
        status
            .workers
            .iter()
            .map(|w| (w.worker.as_str(), w.done))
            .collect::<Vec<_>>()
    );
    // Documents are named after their gzip member in the file.
    let canonical = std::fs::canonicalize(&warc).expect("canonical");
    let source: String = store
        .client()
        .query_one("SELECT source FROM documents ORDER BY ord LIMIT 1", &[])
        .expect("source")
        .get(0);
    assert!(
        source.starts_with(&format!("{}@", canonical.display())) && source.ends_with("#0"),
        "{source}"
    );
}

#[test]
fn a_range_with_a_corrupt_member_fails_and_the_others_are_done() {
    let Some(pg) = TempPg::start("a_range_with_a_corrupt_member_fails_and_the_others_are_done")
    else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (warc, urls) = news_warc(tmp.path());
    let url = pg.database("corrupt_range");
    let (ok, log) = enqueue_args(&url, &["--by-range", "--records-per-item", "3"], &warc);
    assert!(ok, "enqueue: {log}");
    let spans = sitrep_ingest::warc_spans(&warc, &sitrep_ingest::Limits::default())
        .expect("spans of the clean file");

    // The storage goes bad after enqueueing: the fifth page's response
    // (record 2 + 3·4) is damaged in place.
    let hit = spans[14];
    let mut bytes = std::fs::read(&warc).expect("read");
    let mid = (hit.offset + hit.length / 2) as usize;
    for b in &mut bytes[mid..mid + 32] {
        *b ^= 0xa5;
    }
    std::fs::write(&warc, &bytes).expect("damage");

    let out = sitrep(&[
        "run", "--db", &url, "--worker", "--jobs", "1", "-q", "--batch", "6",
    ])
    .output()
    .expect("worker");
    assert_eq!(out.status.code(), Some(1), "a failed item exits 1");
    let mut store = PgStore::connect(&url).expect("connect");
    let status = store.status().expect("status");
    let items = (1 + 3 * urls.len()).div_ceil(3) as u64;
    assert_eq!(
        (status.done, status.failed, status.queued, status.claimed),
        (items - 1, 1, 0, 0)
    );
    let canonical = std::fs::canonicalize(&warc).expect("canonical");
    let (source, error) = &status.recent_failures[0];
    // Records 12–14: the fourth page's metadata, the fifth's request and
    // response.
    let (first, last) = (spans[12], spans[14]);
    assert_eq!(
        source,
        &format!(
            "{}@{}+{}",
            canonical.display(),
            first.offset,
            last.offset + last.length - first.offset
        )
    );
    assert!(
        error.starts_with(&format!("{}@{}: ", canonical.display(), hit.offset))
            && error.contains("gzip"),
        "{error}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(error.as_str()),
        "the worker reports it: {stderr}"
    );

    // Every other page is stored; the damaged one is not.
    let stored: Vec<String> = store
        .client()
        .query("SELECT url FROM documents ORDER BY url", &[])
        .expect("urls")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut expected: Vec<String> = urls
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 4)
        .map(|(_, u)| u.clone())
        .collect();
    expected.sort();
    assert_eq!(stored, expected);

    // Enqueueing the damaged file by range refuses it, naming the member.
    let again = pg.database("corrupt_enqueue");
    let (ok, log) = enqueue_args(&again, &["--by-range"], &warc);
    assert!(!ok, "a damaged file enqueued: {log}");
    assert!(
        log.contains(&format!("@{}: ", hit.offset)),
        "the error names the member: {log}"
    );
}

/// `sitrep demo --out DIR ARGS…` (SITREP_DB as given): its stdout and
/// stderr, after asserting it succeeded.
fn demo(out: &Path, args: &[&str], env_db: Option<&str>) -> (bool, String, String) {
    let mut c = sitrep(&["demo", "--jobs", "2", "--out"]);
    c.arg(out).args(args);
    if let Some(db) = env_db {
        c.env("SITREP_DB", db);
    }
    let o = c.output().expect("sitrep demo");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

/// The demo's report, without the lines that name where it wrote.
fn report_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| !l.starts_with("wrote ") && !l.starts_with("database: "))
        .collect()
}

#[test]
fn demo_into_postgres_exports_what_demo_into_sqlite_does() {
    let Some(pg) = TempPg::start("demo_into_postgres_exports_what_demo_into_sqlite_does") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (lite, post) = (tmp.path().join("sqlite"), tmp.path().join("postgres"));
    let (ok, lite_out, err) = demo(&lite, &[], None);
    assert!(ok, "demo into SQLite: {err}");
    let url = pg.database("demo");
    // Through SITREP_DB, as a deployment would set it.
    let (ok, post_out, err) = demo(&post, &[], Some(&url));
    assert!(ok, "demo into PostgreSQL: {err}");
    assert!(
        !post.join("demo.db").exists(),
        "a SQLite database was built too"
    );
    for name in ["events.csv", "events.geojson"] {
        let a = std::fs::read_to_string(lite.join(name)).expect("sqlite export");
        let b = std::fs::read_to_string(post.join(name)).expect("postgres export");
        assert!(a.lines().count() > 50, "{name} nearly empty");
        assert_eq!(a, b, "{name}: demo into SQLite vs PostgreSQL");
    }
    assert_eq!(report_lines(&lite_out), report_lines(&post_out));
    assert!(post_out.contains(&format!("database: {url}")), "{post_out}");

    // Not into a database that holds something, unless told to empty it.
    let (ok, _, err) = demo(&post, &["--db", &url], None);
    assert!(!ok, "demo into a non-empty database succeeded");
    assert!(
        err.contains("not empty") && err.contains("--replace"),
        "{err}"
    );
    let before = std::fs::read_to_string(post.join("events.csv")).expect("export");
    let (ok, again, err) = demo(&post, &["--db", &url, "--replace"], None);
    assert!(ok, "demo --replace: {err}");
    assert_eq!(report_lines(&again), report_lines(&post_out));
    assert_eq!(
        std::fs::read_to_string(post.join("events.csv")).expect("export"),
        before
    );
}
