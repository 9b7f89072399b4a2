//! Helpers shared by the command-line tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("galley-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the `galley` binary with `args`.
pub fn galley(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .output()
        .expect("run galley")
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A name no other test of this run uses.
pub fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    format!("{prefix}_{}_{n}", std::process::id())
}

/// A fresh SQLite file's URL (the file does not exist yet).
pub fn sqlite_url(prefix: &str) -> String {
    format!(
        "sqlite://{}",
        std::env::temp_dir()
            .join(format!("{}.db", unique(prefix)))
            .display()
    )
}

/// A fresh PostgreSQL database's URL, made from `GALLEY_TEST_POSTGRES_URL`
/// (a role that may create databases). Without it: `None` on a developer's
/// machine, a failure under CI.
pub async fn postgres_url(prefix: &str) -> Option<String> {
    use sqlx::Connection;
    let Ok(admin_url) = std::env::var("GALLEY_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "GALLEY_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests"
        );
        return None;
    };
    let name = unique(prefix);
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("URL with a database name");
    Some(format!("{base}/{name}"))
}

/// A `galley serve` child process on `database`, port chosen by the system;
/// killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
}

impl Server {
    pub fn start(database: &str) -> Server {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["--database", database, "serve", "--bind", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start galley serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the listening line");
        let base = line
            .trim()
            .strip_prefix("galley listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Lets a test rewrite stored events, as someone with write access to the
/// database could: drops the trigger that refuses updates to `events`.
pub async fn allow_event_updates(store: &galley_store::SqlStore) {
    let drop_trigger = match store.backend() {
        galley_store::Backend::Sqlite => "DROP TRIGGER events_append_only_update",
        galley_store::Backend::Postgres => "DROP TRIGGER events_append_only_update ON events",
    };
    sqlx::query(drop_trigger)
        .execute(store.pool())
        .await
        .expect("drop the append-only trigger");
}
