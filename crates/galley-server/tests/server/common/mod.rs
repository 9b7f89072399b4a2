//! The one harness of the server's integration tests: fresh databases on
//! both backends, the real server on a free port, people with tokens, the
//! `galley` binary, and a check of problem details.
#![allow(dead_code, unused_macros)]

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

pub use galley_test_support::unique;

/// A fresh SQLite file's URL (the file does not exist yet).
pub fn sqlite_url(prefix: &str) -> String {
    format!(
        "sqlite://{}",
        std::env::temp_dir()
            .join(format!("{}.db", unique(prefix)))
            .display()
    )
}

/// A fresh PostgreSQL database's URL ([`galley_test_support::postgres_url`]).
pub async fn postgres_url(prefix: &str) -> Option<String> {
    galley_test_support::postgres_url(prefix).await
}

/// A `galley serve` child process on `database`, port chosen by the system;
/// killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
}

impl Server {
    pub fn start(database: &str) -> Server {
        Server::start_with(database, &[])
    }

    /// [`Server::start`] with more arguments to `galley serve`.
    pub fn start_with(database: &str, more: &[&str]) -> Server {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["--database", database, "serve", "--bind", "127.0.0.1:0"])
            .args(more)
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

/// A fresh, migrated SQLite store.
pub async fn sqlite_store() -> galley_store::SqlStore {
    use galley_store::Store;
    let store = galley_store::SqlStore::connect(&sqlite_url("galley_test"))
        .await
        .expect("sqlite");
    store.migrate().await.expect("migrate");
    store
}

/// A fresh, migrated PostgreSQL store (see [`postgres_url`]).
pub async fn postgres_store() -> Option<galley_store::SqlStore> {
    use galley_store::Store;
    let url = postgres_url("galley_test").await?;
    let store = galley_store::SqlStore::connect(&url)
        .await
        .expect("postgres");
    store.migrate().await.expect("migrate");
    Some(store)
}

/// The store as it is: for tests that take the store itself.
pub async fn the_store(store: galley_store::SqlStore) -> galley_store::SqlStore {
    store
}

/// Runs the test `$name` once on SQLite and once on PostgreSQL (skipped
/// without `GALLEY_TEST_POSTGRES_URL`, failed under CI), each on a fresh
/// migrated store that `$prepare` (an async fn of the store, path from the
/// test file) turns into the test's argument.
macro_rules! backend_test {
    ($name:ident) => {
        backend_test!($name, common::the_store);
    };
    ($name:ident, $($prepare:ident)::+) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let store = super::common::sqlite_store().await;
                super::$name(super::$($prepare)::+(store).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(store) = super::common::postgres_store().await {
                    super::$name(super::$($prepare)::+(store).await).await;
                }
            }
        }
    };
}

/// The real server over `state` on a free port of the loopback; its base
/// URL. It serves until the test's runtime ends.
pub async fn serve(state: galley_server::state::AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(galley_server::server::serve(listener, state));
    base
}

/// A person with `roles` (and `password`, if given) and an API token.
pub async fn person(
    store: &galley_store::SqlStore,
    name: &str,
    roles: &[galley_core::workflow::Role],
    password: Option<&str>,
) -> (galley_store::User, String) {
    use galley_store::Accounts;
    let hash = password.map(|p| galley_server::secrets::hash_password(p).expect("hash"));
    let user = store
        .add_user(name, roles, hash.as_deref())
        .await
        .expect("user");
    let token = format!("galley_test_{}", unique(name));
    store
        .add_token(user.id, "test", &galley_server::secrets::token_hash(&token))
        .await
        .expect("token");
    (user, token)
}

/// An answer under `/api/` that is problem details with `status`, a
/// stable `type`, and the `rule` or `field` named (when given).
pub fn assert_problem(
    (status, problem): (reqwest::StatusCode, &serde_json::Value),
    expected: u16,
    rule: Option<&str>,
    field: Option<&str>,
) {
    assert_eq!(status.as_u16(), expected, "{problem}");
    let said = decoded_problem(problem);
    assert_eq!(said.status, expected, "{problem}");
    assert!(said.kind.starts_with("urn:galley:problem:"), "{problem}");
    if let Some(rule) = rule {
        assert_eq!(said.rule.as_deref(), Some(rule), "{problem}");
    }
    if let Some(field) = field {
        assert_eq!(said.field.as_deref(), Some(field), "{problem}");
    }
}

/// A problem answer decoded into the server's own `Problem`: an answer of
/// another shape (a field the document does not list) fails here.
pub fn decoded_problem(problem: &serde_json::Value) -> galley_server::http::error::Problem {
    serde_json::from_value(problem.clone())
        .unwrap_or_else(|error| panic!("not a problem ({error}): {problem}"))
}

/// The text of every element of a page that `css` selects, whitespace
/// folded: page tests ask the parsed HTML, not its bytes.
pub fn select(html: &str, css: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).expect("a CSS selector");
    document
        .select(&selector)
        .map(|element| element.text().collect::<Vec<_>>().join(" "))
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The value of `attribute` on every element of a page that `css` selects
/// (entities decoded, as a browser reads them).
pub fn select_attr(html: &str, css: &str, attribute: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).expect("a CSS selector");
    document
        .select(&selector)
        .filter_map(|element| element.value().attr(attribute).map(str::to_string))
        .collect()
}

/// A request a test expects to be answered, read whole: the answer's JSON
/// or its text (any failure to send or read fails the test).
#[allow(async_fn_in_trait)]
pub trait Answered {
    /// The answer's body as JSON.
    async fn json_body(self) -> serde_json::Value;
    /// The answer's body as text.
    async fn text_body(self) -> String;
}

impl Answered for reqwest::RequestBuilder {
    async fn json_body(self) -> serde_json::Value {
        self.send().await.unwrap().json().await.unwrap()
    }

    async fn text_body(self) -> String {
        self.send().await.unwrap().text().await.unwrap()
    }
}
