//! What Galley's tests share across crates: a name no other test uses, a
//! fresh PostgreSQL database for a test (required under CI, skipped on a
//! developer's machine without one), and the Rust files of a folder for
//! the tests that read the code itself. Only ever a dev-dependency.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A name no other test uses, of this run or an earlier one: process ids
/// come round again, and earlier runs leave databases and files behind, so
/// the time the process started is in it too.
pub fn unique(prefix: &str) -> String {
    static STARTED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let started = STARTED.get_or_init(|| {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        since.as_nanos() as u64 & 0xff_ffff_ffff
    });
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{prefix}_{}_{started:x}_{n}", std::process::id())
}

/// A fresh PostgreSQL database's URL, made from `GALLEY_TEST_POSTGRES_URL`
/// (a role that may create databases). Without it: `None` on a developer's
/// machine (the case is skipped, and says so), a failure under CI.
pub async fn postgres_url(prefix: &str) -> Option<String> {
    use sqlx::Connection;
    let Ok(admin_url) = std::env::var("GALLEY_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "GALLEY_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "GALLEY_TEST_POSTGRES_URL is not set: skipping the PostgreSQL case (CI runs it)"
            );
        }
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

/// Every `.rs` file under `dir`, at any depth.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
