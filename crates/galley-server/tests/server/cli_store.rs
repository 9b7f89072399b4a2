//! The database commands as an administrator runs them: demo data, users,
//! tokens, and `trail verify` catching a tampered trail, on SQLite and (with
//! `GALLEY_TEST_POSTGRES_URL`; required when `CI` is set) on PostgreSQL.

use crate::common;
use crate::common::Answered as _;

use std::process::{Command, Output};

use common::{stderr, stdout, unique};
use sqlx::{Connection, Row};

fn galley_on(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .env("GALLEY_DATABASE_URL", url)
        .output()
        .expect("run galley")
}

fn sqlite_url() -> String {
    common::sqlite_url("galley_cli")
}

async fn postgres_url() -> Option<String> {
    common::postgres_url("galley_cli").await
}

/// Loads the demo, checks the trail, tampers with one event behind the
/// database's back (its triggers dropped first) and checks that
/// `galley trail verify` names that event.
async fn tampered_trail_is_caught(url: &str) {
    let demo = galley_on(url, &["demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    assert!(stdout(&demo).contains("signed off"));
    assert!(
        stdout(&demo).contains("glossary: 30 starter entries"),
        "{}",
        stdout(&demo)
    );
    let ok = galley_on(url, &["trail", "verify", "--all"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).contains("article 1: ok, 15 events"),
        "{}",
        stdout(&ok)
    );

    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    let refused = sqlx::query("UPDATE events SET payload = '{}' WHERE article_id = 1 AND seq = 5")
        .execute(&mut conn)
        .await;
    assert!(refused.is_err(), "the triggers must refuse an update");
    let drops: &[&str] = if url.starts_with("sqlite") {
        &["DROP TRIGGER events_append_only_update"]
    } else {
        &["DROP TRIGGER events_append_only_update ON events"]
    };
    for statement in drops {
        sqlx::query(statement)
            .execute(&mut conn)
            .await
            .expect("drop trigger");
    }
    let payload: String =
        sqlx::query("SELECT payload FROM events WHERE article_id = 1 AND seq = 5")
            .fetch_one(&mut conn)
            .await
            .expect("event 5")
            .get("payload");
    let forged = payload.replacen('}', ",\"forged\":true}", 1);
    assert_ne!(forged, payload);
    sqlx::query("UPDATE events SET payload = $1 WHERE article_id = 1 AND seq = 5")
        .bind(forged)
        .execute(&mut conn)
        .await
        .expect("tamper");
    drop(conn);

    let broken = galley_on(url, &["trail", "verify", "--all"]);
    assert!(!broken.status.success());
    assert!(
        stdout(&broken).contains("article 1: BROKEN: the chain breaks at event 5"),
        "{}",
        stdout(&broken)
    );
    assert!(
        stdout(&broken).contains("article 2: ok"),
        "{}",
        stdout(&broken)
    );
    assert!(
        stderr(&broken).contains("the trail does not verify"),
        "{}",
        stderr(&broken)
    );
    let one = galley_on(url, &["trail", "verify", "1"]);
    assert!(!one.status.success());
}

/// What the database keeps beside the chain is checked against it: an
/// event's stage column changed, or an article's last event deleted (its
/// stored head still pointing past it), fails `galley trail verify`.
async fn columns_beside_the_chain_are_checked(url: &str) {
    let demo = galley_on(url, &["demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    let drops: &[&str] = if url.starts_with("sqlite") {
        &[
            "DROP TRIGGER events_append_only_update",
            "DROP TRIGGER events_append_only_delete",
        ]
    } else {
        &[
            "DROP TRIGGER events_append_only_update ON events",
            "DROP TRIGGER events_append_only_delete ON events",
        ]
    };
    for statement in drops {
        sqlx::query(statement)
            .execute(&mut conn)
            .await
            .expect("drop trigger");
    }
    // Event 4 of the signed-off article happened in bilingual review.
    sqlx::query("UPDATE events SET stage = 'draft' WHERE article_id = 1 AND seq = 4")
        .execute(&mut conn)
        .await
        .expect("tamper with a stage");
    // What the event sent on names it (no notice without its event): the
    // one who deletes an event deletes those first.
    for sent_on in ["notifications", "webhook_deliveries"] {
        sqlx::query(&format!(
            "DELETE FROM {sent_on} WHERE article_id = 2 AND event_seq = (SELECT MAX(seq) FROM events WHERE article_id = 2)"
        ))
        .execute(&mut conn)
        .await
        .expect("delete what the last event sent on");
    }
    sqlx::query(
        "DELETE FROM events WHERE article_id = 2 AND seq = (SELECT MAX(seq) FROM events WHERE article_id = 2)",
    )
    .execute(&mut conn)
    .await
    .expect("delete the last event");
    drop(conn);
    let broken = galley_on(url, &["trail", "verify", "--all"]);
    assert!(!broken.status.success());
    let out = stdout(&broken);
    assert!(
        out.contains(
            "article 1: BROKEN: event 4 is stored in stage draft but happened in bilingual_review"
        ),
        "{out}"
    );
    assert!(
        out.contains("article 2: BROKEN: the article's stored head is event"),
        "{out}"
    );
}

#[tokio::test]
async fn columns_beside_the_chain_are_checked_on_sqlite() {
    columns_beside_the_chain_are_checked(&sqlite_url()).await;
}

#[tokio::test]
async fn columns_beside_the_chain_are_checked_on_postgres() {
    if let Some(url) = postgres_url().await {
        columns_beside_the_chain_are_checked(&url).await;
    }
}

/// `trail verify --all --since`: after a clean full run, `--since last`
/// checks only the articles written since (none, then the one a reviewer
/// saved in); a size from a kept checkpoint works the same way; without a
/// clean run to start from, or past the log, it says so.
async fn an_incremental_verify_checks_what_was_written_since(url: &str) {
    let none = galley_on(url, &["migrate"]);
    assert!(none.status.success(), "{}", stderr(&none));
    let early = galley_on(url, &["trail", "verify", "--all", "--since", "last"]);
    assert!(!early.status.success());
    assert!(
        stderr(&early).contains("run it without --since first"),
        "{}",
        stderr(&early)
    );
    let demo = galley_on(url, &["demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let full = galley_on(url, &["trail", "verify", "--all"]);
    assert!(full.status.success(), "{}", stderr(&full));
    let quiet = galley_on(url, &["trail", "verify", "--all", "--since", "last"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(
        stdout(&quiet).contains("0 articles written"),
        "{}",
        stdout(&quiet)
    );
    // A reviewer saves a row of the article waiting for review.
    let store = galley_store::SqlStore::connect(url).await.expect("store");
    let (reviewer, _) = common::person(
        &store,
        "since.reviewer",
        &[galley_core::workflow::Role::BilingualReviewer],
        None,
    )
    .await;
    use galley_store::{Articles as _, Log as _, Rows as _};
    let (size, _) = store.log_head().await.expect("head");
    let article = store
        .article(galley_store::ArticleId(2))
        .await
        .expect("article 2");
    let row = &article.rows[1];
    store
        .save_revision(&reviewer, article.id, row.id, row.revision, "Saved since.")
        .await
        .expect("save");
    let since = galley_on(url, &["trail", "verify", "--all", "--since", "last"]);
    assert!(since.status.success(), "{}", stderr(&since));
    let out = stdout(&since);
    assert!(out.contains("article 2: ok"), "{out}");
    assert!(!out.contains("article 1:"), "{out}");
    assert!(out.contains("1 articles written"), "{out}");
    let from_size = galley_on(
        url,
        &["trail", "verify", "--all", "--since", &size.to_string()],
    );
    assert!(
        stdout(&from_size).contains("article 2: ok"),
        "{}",
        stdout(&from_size)
    );
    let beyond = galley_on(url, &["trail", "verify", "--all", "--since", "999999"]);
    assert!(!beyond.status.success());
    assert!(
        stderr(&beyond).contains("the log has"),
        "{}",
        stderr(&beyond)
    );
}

#[tokio::test]
async fn an_incremental_verify_checks_what_was_written_since_on_sqlite() {
    an_incremental_verify_checks_what_was_written_since(&sqlite_url()).await;
}

#[tokio::test]
async fn an_incremental_verify_checks_what_was_written_since_on_postgres() {
    if let Some(url) = postgres_url().await {
        an_incremental_verify_checks_what_was_written_since(&url).await;
    }
}

#[tokio::test]
async fn tampered_trail_is_caught_on_sqlite() {
    tampered_trail_is_caught(&sqlite_url()).await;
}

#[tokio::test]
async fn tampered_trail_is_caught_on_postgres() {
    if let Some(url) = postgres_url().await {
        tampered_trail_is_caught(&url).await;
    }
}

#[tokio::test]
async fn tokens_are_printed_once_and_stored_hashed() {
    let url = sqlite_url();
    let added = galley_on(
        &url,
        &[
            "user", "add", "kim", "--role", "reporter", "--role", "admin",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("roles reporter, admin"));
    let auditor = galley_on(&url, &["user", "add", "lee", "--role", "auditor"]);
    assert!(auditor.status.success(), "{}", stderr(&auditor));
    assert!(stdout(&auditor).contains("roles auditor"));
    let created = galley_on(&url, &["token", "create", "kim"]);
    assert!(created.status.success(), "{}", stderr(&created));
    let token = stdout(&created);
    let token = token.trim();
    assert!(
        token.starts_with("galley_") && token.len() == 7 + 64,
        "{token}"
    );
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&url).await.expect("connect");
    let stored: String = sqlx::query("SELECT token_hash FROM api_tokens")
        .fetch_one(&mut conn)
        .await
        .expect("token")
        .get(0);
    assert_ne!(stored, token);
    assert!(!stored.contains(&token[7..]));
    assert_eq!(stored.len(), 64);
    drop(conn);

    // Revoked through stdin: the token stops working, and cannot be revoked twice.
    let revoke = |token: String| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["token", "revoke"])
            .env("GALLEY_DATABASE_URL", &url)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(token.as_bytes())
            .expect("write");
        child.wait_with_output().expect("wait")
    };
    let revoked = revoke(format!("{token}\n"));
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let store = galley_store::SqlStore::connect(&url).await.expect("store");
    use galley_store::Accounts;
    assert!(
        store.user_by_token_hash(&stored).await.is_err(),
        "a revoked token still works"
    );
    let again = revoke(token.to_string());
    assert!(!again.status.success());
    assert!(stderr(&again).contains("not found"), "{}", stderr(&again));
}

#[test]
fn bad_user_and_database_arguments_are_refused() {
    let url = sqlite_url();
    let output = galley_on(&url, &["user", "add", "kim", "--role", "editor"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("unknown role \"editor\""),
        "{}",
        stderr(&output)
    );
    let output = galley_on(&url, &["token", "create", "nobody"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("not found"), "{}", stderr(&output));
    let output = galley_on("mysql://x", &["migrate"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("sqlite:// or postgres://"),
        "{}",
        stderr(&output)
    );
    let output = galley_on(&url, &["trail", "verify", "42"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("article 42 not found"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_sqlite_file_is_created_on_first_run() {
    let path = std::env::temp_dir().join(format!("{}.db", unique("galley_first_run")));
    assert!(!path.exists());
    let output = galley_on(&format!("sqlite://{}", path.display()), &["migrate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(path.exists());
}

/// A log's origin is the newsroom's own schemaless URL (C2SP
/// tlog-checkpoint): given, or made from the server's public URL; one that
/// is not such a URL, or none at all, is refused and no key is written.
#[test]
fn a_logs_origin_is_the_newsrooms_schemaless_url() {
    let made_with = |args: &[&str]| {
        let dir = std::env::temp_dir().join(unique("origin"));
        let dir_arg = dir.to_str().expect("utf-8").to_string();
        let mut all = vec!["log", "keygen", "--out", dir_arg.as_str()];
        all.extend_from_slice(args);
        let made = common::galley(&all);
        let public = std::fs::read_to_string(dir.join("galley.pub")).ok();
        let _ = std::fs::remove_dir_all(&dir);
        (made, public)
    };
    let (made, public) = made_with(&["--public-url", "https://news.example/galley/"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(public.unwrap().starts_with("news.example/galley/log+"));
    let (made, public) = made_with(&["--public-url", "http://127.0.0.1:8080"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(public.unwrap().starts_with("127.0.0.1:8080/log+"));
    for args in [
        &[][..],
        &["--name", "galley/log"][..],
        &["--name", "https://news.example/log"][..],
        &["--name", "news.example/my log"][..],
        &["--public-url", "ftp://news.example"][..],
        &[
            "--name",
            "news.example/log",
            "--public-url",
            "https://news.example",
        ][..],
    ] {
        let (made, public) = made_with(args);
        assert!(!made.status.success(), "{args:?} was taken");
        assert!(public.is_none(), "{args:?} wrote a key");
    }
    let (made, _) = made_with(&["--name", "galley/log"]);
    assert!(
        stderr(&made).contains("schemaless URL"),
        "{}",
        stderr(&made)
    );
}

/// `galley log keygen` writes the checkpoint signer's key pair,
/// the private half readable by its owner only, and never overwrites one.
#[test]
fn log_keygen_writes_a_key_pair_and_never_overwrites_it() {
    use galley_core::checkpoint::{Checkpoint, LogSigner, LogVerifier};
    let dir = std::env::temp_dir().join(unique("keys"));
    let dir_arg = dir.to_str().expect("utf-8");
    let made = common::galley(&[
        "log",
        "keygen",
        "--out",
        dir_arg,
        "--name",
        "newsroom.example/galley",
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let public = std::fs::read_to_string(dir.join("galley.pub")).expect("galley.pub");
    assert_eq!(stdout(&made), public, "prints the verifier key");
    assert!(public.starts_with("newsroom.example/galley+"), "{public}");
    let verifier = LogVerifier::parse(&public).expect("a verifier key");
    let private = std::fs::read_to_string(dir.join("galley.key")).expect("galley.key");
    let signer = LogSigner::parse(&private).expect("a signer key");
    assert_eq!(signer.verifier(), verifier);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("galley.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // What it signs opens with what it printed.
    let checkpoint = Checkpoint {
        origin: "newsroom.example/galley".into(),
        size: 3,
        root: [9; 32],
    };
    assert_eq!(verifier.open(&signer.sign(&checkpoint)), Ok(checkpoint));
    // A second key in the same place is refused; the first stays.
    let again = common::galley(&[
        "log",
        "keygen",
        "--out",
        dir_arg,
        "--name",
        "newsroom.example/log",
    ]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("never overwritten"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("galley.key")).unwrap(),
        private
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Rewrites article 1's trail (and with `and_the_log`, the log) as someone with write access to the database
/// would, leaving nothing for the chain alone to catch: the title changed
/// in its first event, every hash after it recomputed, the article's stored
/// head and title moved to match, and the log's leaves and nodes rebuilt
/// from the rewritten events so that the log holds together by itself.
async fn rewrite_article_one(url: &str, and_the_log: bool) {
    use galley_core::merkle;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    for table in ["events", "log_leaves"] {
        let drop = if url.starts_with("sqlite") {
            format!("DROP TRIGGER {table}_append_only_update")
        } else {
            format!("DROP TRIGGER {table}_append_only_update ON {table}")
        };
        sqlx::query(&drop)
            .execute(&mut conn)
            .await
            .expect("drop trigger");
    }
    let events = sqlx::query(
        "SELECT seq, at, actor, action, payload FROM events WHERE article_id = 1 ORDER BY seq",
    )
    .fetch_all(&mut conn)
    .await
    .expect("events");
    let mut previous = galley_core::trail::GENESIS.to_string();
    for event in &events {
        let seq: i64 = event.get("seq");
        let mut payload: String = event.get("payload");
        if seq == 1 {
            assert!(payload.contains("holds key rate"), "{payload}");
            payload = payload.replace("holds key rate", "cuts key rate");
        }
        let field = |name: &str| event.get::<String, _>(name);
        let hash = galley_core::trail::event_hash(
            &previous,
            seq,
            &field("at"),
            &field("actor"),
            &field("action"),
            &payload,
        );
        sqlx::query(
            "UPDATE events SET payload = $1, prev_hash = $2, hash = $3 WHERE article_id = 1 AND seq = $4",
        )
        .bind(&payload)
        .bind(&previous)
        .bind(&hash)
        .bind(seq)
        .execute(&mut conn)
        .await
        .expect("rewrite an event");
        if !and_the_log {
            previous = hash;
            continue;
        }
        sqlx::query("UPDATE log_leaves SET hash = $1 WHERE article_id = 1 AND seq = $2")
            .bind(merkle::to_hex(&merkle::event_leaf(
                1,
                seq,
                &merkle::from_hex(&hash).unwrap(),
            )))
            .bind(seq)
            .execute(&mut conn)
            .await
            .expect("rewrite its leaf");
        previous = hash;
    }
    sqlx::query("UPDATE articles SET trail_hash = $1 WHERE id = 1")
        .bind(&previous)
        .execute(&mut conn)
        .await
        .expect("move the head");
    if !and_the_log {
        return;
    }
    // The log's nodes, recomputed from its leaves.
    let mut level: Vec<merkle::Hash> =
        sqlx::query("SELECT hash FROM log_leaves ORDER BY leaf_index")
            .fetch_all(&mut conn)
            .await
            .expect("leaves")
            .iter()
            .map(|r| merkle::from_hex(&r.get::<String, _>("hash")).unwrap())
            .collect();
    sqlx::query("DELETE FROM log_nodes")
        .execute(&mut conn)
        .await
        .expect("nodes");
    let mut height = 0i64;
    while level.len() > 1 {
        height += 1;
        level = level
            .chunks_exact(2)
            .map(|pair| merkle::node_hash(&pair[0], &pair[1]))
            .collect();
        for (index, hash) in level.iter().enumerate() {
            sqlx::query("INSERT INTO log_nodes (level, idx, hash) VALUES ($1, $2, $3)")
                .bind(height)
                .bind(index as i64)
                .bind(merkle::to_hex(hash))
                .execute(&mut conn)
                .await
                .expect("a node");
        }
    }
}

/// The demo loaded on a server that holds a new signing key, with an
/// editor's token: what an attack on the log is tried against.
struct SignedDemo {
    dir: common::Scratch,
    key: String,
    public: String,
    token: String,
    server: common::Server,
    base: String,
}

fn signed_demo(url: &str, name: &str) -> SignedDemo {
    let dir = common::Scratch::new(&unique(name));
    let keys = dir.file("keep", "").with_file_name("keys");
    let keys_arg = keys.to_str().unwrap().to_string();
    let made = galley_on(
        url,
        &[
            "log",
            "keygen",
            "--out",
            &keys_arg,
            "--public-url",
            "https://news.example/galley/",
        ],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let (key, public) = (
        keys.join("galley.key").to_str().unwrap().to_string(),
        keys.join("galley.pub").to_str().unwrap().to_string(),
    );
    let demo = galley_on(url, &["demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let token = stdout(&galley_on(url, &["token", "create", "demo.editor"]))
        .trim()
        .to_string();
    let server = common::Server::start_with(url, &["--signing-key", &key]);
    let base = server.base.clone();
    SignedDemo {
        dir,
        key,
        public,
        token,
        server,
        base,
    }
}

/// One look of `galley log watch` at the server, its state kept in `state`.
fn log_watch(url: &str, base: &str, token: &str, public: &str, state: &str) -> Output {
    galley_on(
        url,
        &[
            "log",
            "watch",
            "--server",
            base,
            "--token",
            token,
            "--public-key",
            public,
            "--state",
            state,
        ],
    )
}

/// The attack on the log: an article's trail rewritten in the database with
/// every hash (of the chain and of the log) recomputed. The chain verifies;
/// a checkpoint kept before the rewrite does not let it pass: `galley log
/// verify` and `galley log watch` fail naming the first leaf that differs,
/// and the article's new export fails offline against the kept checkpoint.
async fn a_rewritten_trail_is_caught_by_a_kept_checkpoint(url: &str) {
    let SignedDemo {
        dir,
        key,
        public,
        token,
        server,
        base,
    } = signed_demo(url, "attack");
    let state = dir.file("keep", "").with_file_name("watch");
    let state_arg = state.to_str().unwrap().to_string();
    let watch = |url: &str| log_watch(url, &base, &token, &public, &state_arg);
    // The auditor's first look: the checkpoint the server signed at start
    // and every leaf under it.
    let first = watch(url);
    assert!(first.status.success(), "{}", stderr(&first));
    let kept_note = std::fs::read_to_string(state.join("checkpoint")).unwrap();
    let kept_size: u64 = kept_note.lines().nth(1).unwrap().parse().unwrap();
    assert!(
        kept_size >= 18,
        "the demo's two articles are in the log: {kept_note}"
    );
    assert_eq!(stdout(&first), format!("first look: {kept_size} leaves\n"));
    let kept = dir.file("kept.checkpoint", &kept_note);
    let kept_arg = kept.to_str().unwrap();
    // An export before the rewrite verifies against it, with the proof it
    // carries.
    let client = reqwest::Client::new();
    let export = |extra: String| {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        async move {
            let response = client
                .get(format!(
                    "{base}/api/v1/articles/1/export?format=json{extra}"
                ))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            response.text().await.unwrap()
        }
    };
    let before = dir.file(
        "before.json",
        export(format!("&consistency_from={kept_size}")).await,
    );
    let ok = galley_on(
        url,
        &[
            "trail",
            "verify",
            "--file",
            before.to_str().unwrap(),
            "--public-key",
            &public,
            "--checkpoint",
            kept_arg,
        ],
    );
    assert!(ok.status.success(), "{}{}", stdout(&ok), stderr(&ok));
    assert!(
        stdout(&ok).contains("which extends the kept checkpoint"),
        "{}",
        stdout(&ok)
    );
    // An export made while the log is still the kept size (no
    // event since) verifies against the checkpoint kept at that moment
    // with no proof at all: one size, one root.
    let same = dir.file("same.json", export(String::new()).await);
    let same_size: u64 = {
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&same).unwrap()).unwrap();
        file["log"]["size"].as_u64().unwrap()
    };
    assert_eq!(same_size, kept_size, "nothing was logged in between");
    let equal = galley_on(
        url,
        &[
            "trail",
            "verify",
            "--file",
            same.to_str().unwrap(),
            "--public-key",
            &public,
            "--checkpoint",
            kept_arg,
        ],
    );
    assert!(
        equal.status.success(),
        "{}{}",
        stdout(&equal),
        stderr(&equal)
    );
    let leaf_of_first: u64 = {
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&before).unwrap()).unwrap();
        file["log"]["leaves"][0]["leaf"].as_u64().unwrap()
    };

    rewrite_article_one(url, true).await;
    let chain = galley_on(url, &["trail", "verify", "1"]);
    assert!(
        chain.status.success(),
        "the rewrite holds together as a chain: {}",
        stdout(&chain)
    );
    // The key refuses to sign a log that does not extend its last
    // checkpoint…
    let refused = galley_on(url, &["log", "checkpoint", "--signing-key", &key]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("refusing to sign the log's head"),
        "{}",
        stderr(&refused)
    );
    // …so the attacker deletes the kept checkpoints too, and the server
    // then signs whatever the database holds.
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    sqlx::query("DELETE FROM log_checkpoints")
        .execute(&mut conn)
        .await
        .expect("delete the checkpoints");
    drop(conn);
    let signed = galley_on(url, &["log", "checkpoint", "--signing-key", &key]);
    assert!(signed.status.success(), "{}", stderr(&signed));
    let new = dir.file("new.checkpoint", stdout(&signed));
    let new_arg = new.to_str().unwrap();
    let leaves_arg = state.join("leaves").to_str().unwrap().to_string();
    let log_verify = |more: &[&str]| {
        let mut args = vec![
            "log",
            "verify",
            "--old",
            kept_arg,
            "--new",
            new_arg,
            "--public-key",
            &public,
            "--server",
            &base,
            "--token",
            &token,
        ];
        args.extend_from_slice(more);
        galley_on(url, &args)
    };
    let verify = log_verify(&["--old-leaves", &leaves_arg]);
    assert!(!verify.status.success());
    let named =
        format!("the first leaf that differs is leaf {leaf_of_first} (now event 1 of article 1)");
    assert!(stderr(&verify).contains(&named), "{}", stderr(&verify));
    // Without the kept leaves it still fails, saying the roots differ.
    let verify = log_verify(&[]);
    assert!(!verify.status.success());
    assert!(
        stderr(&verify).contains(&format!("does not extend the kept one of {kept_size}")),
        "{}",
        stderr(&verify)
    );
    // The watcher fails loudly, naming the leaf.
    let watched = watch(url);
    assert!(!watched.status.success());
    assert!(stderr(&watched).contains("FORK"), "{}", stderr(&watched));
    assert!(stderr(&watched).contains(&named), "{}", stderr(&watched));
    // The new export holds together with the key alone (the server signed
    // the rewritten log), and fails against the kept checkpoint.
    let after = dir.file("after.json", export(String::new()).await);
    let alone = galley_on(
        url,
        &[
            "trail",
            "verify",
            "--file",
            after.to_str().unwrap(),
            "--public-key",
            &public,
        ],
    );
    assert!(alone.status.success(), "{}", stdout(&alone));
    let against = galley_on(
        url,
        &[
            "trail",
            "verify",
            "--file",
            after.to_str().unwrap(),
            "--public-key",
            &public,
            "--checkpoint",
            kept_arg,
            "--server",
            &base,
            "--token",
            &token,
        ],
    );
    assert!(!against.status.success());
    assert!(
        stdout(&against).contains(&format!("does not extend the kept one of {kept_size}")),
        "{}",
        stdout(&against)
    );
    drop(server);
}

#[tokio::test]
async fn a_rewritten_trail_is_caught_by_a_kept_checkpoint_on_sqlite() {
    a_rewritten_trail_is_caught_by_a_kept_checkpoint(&sqlite_url()).await;
}

#[tokio::test]
async fn a_rewritten_trail_is_caught_by_a_kept_checkpoint_on_postgres() {
    if let Some(url) = postgres_url().await {
        a_rewritten_trail_is_caught_by_a_kept_checkpoint(&url).await;
    }
}

/// A trail re-chained behind the log's back (the log left as it was) holds
/// together as a chain, but `galley trail verify` finds its events are not
/// the ones the log recorded.
async fn a_trail_rewritten_behind_the_logs_back_is_caught(url: &str) {
    let demo = galley_on(url, &["demo"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    rewrite_article_one(url, false).await;
    let verified = galley_on(url, &["trail", "verify", "--all"]);
    assert!(!verified.status.success());
    let out = stdout(&verified);
    assert!(
        out.contains("article 1: BROKEN: event 1 is not the one the log recorded"),
        "{out}"
    );
    assert!(out.contains("article 2: ok"), "{out}");
}

#[tokio::test]
async fn a_trail_rewritten_behind_the_logs_back_is_caught_on_sqlite() {
    a_trail_rewritten_behind_the_logs_back_is_caught(&sqlite_url()).await;
}

#[tokio::test]
async fn a_trail_rewritten_behind_the_logs_back_is_caught_on_postgres() {
    if let Some(url) = postgres_url().await {
        a_trail_rewritten_behind_the_logs_back_is_caught(&url).await;
    }
}

/// A logged correction erased. The attacker removes the
/// `correct` event of a signed-off article, moves its log leaf to another
/// article's event that does not exist, and rolls the article's head, stage and
/// review marks back, so the trail holds together as a signed-off chain
/// and the log's root is unchanged. `galley trail verify --all` names the
/// moved leaf; an auditor whose `galley log watch` kept the checkpoint
/// after the correction (with its leaves) finds the new export lacks the
/// event the log recorded.
async fn an_erased_correction_is_caught(url: &str) {
    let SignedDemo {
        dir,
        public,
        token,
        server,
        base,
        ..
    } = signed_demo(url, "erased");
    let client = reqwest::Client::new();
    let article: serde_json::Value = client
        .get(format!("{base}/api/v1/articles/1"))
        .bearer_auth(&token)
        .json_body()
        .await;
    assert_eq!(article["stage"], "signed_off", "{article}");
    // What the attacker keeps to roll back to: the rows' review marks.
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    let marks: Vec<(i64, Option<i64>)> = sqlx::query(
        "SELECT id, reviewed_revision FROM segments WHERE article_id = 1 AND active = 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get("id"), r.get("reviewed_revision")))
    .collect();
    let corrected = client
        .post(format!("{base}/api/v1/articles/1/transitions"))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "action": "correct",
            "note": "An earlier version gave the wrong rate.",
            "version": article["version"],
        }))
        .send()
        .await
        .unwrap();
    assert!(
        corrected.status().is_success(),
        "{:?}",
        corrected.text().await
    );
    // The auditor's look after the correction: checkpoint and leaves.
    let state = dir.file("keep", "").with_file_name("watch");
    let state_arg = state.to_str().unwrap().to_string();
    let watched = log_watch(url, &base, &token, &public, &state_arg);
    assert!(watched.status.success(), "{}", stderr(&watched));
    let kept = state.join("checkpoint").to_str().unwrap().to_string();
    let kept_leaves = state.join("leaves").to_str().unwrap().to_string();

    // The erasure.
    for (table, what) in [("events", "delete"), ("log_leaves", "update")] {
        let drop = if url.starts_with("sqlite") {
            format!("DROP TRIGGER {table}_append_only_{what}")
        } else {
            format!("DROP TRIGGER {table}_append_only_{what} ON {table}")
        };
        sqlx::query(&drop)
            .execute(&mut conn)
            .await
            .expect("drop trigger");
    }
    let last: (i64, String) = {
        let row = sqlx::query(
            "SELECT seq, payload FROM events WHERE article_id = 1 ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        (row.get("seq"), row.get("payload"))
    };
    assert!(last.1.contains("\"correct\""), "{}", last.1);
    let seq = last.0;
    let leaf: i64 =
        sqlx::query("SELECT leaf_index FROM log_leaves WHERE article_id = 1 AND seq = $1")
            .bind(seq)
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get("leaf_index");
    let before: String = sqlx::query("SELECT hash FROM events WHERE article_id = 1 AND seq = $1")
        .bind(seq - 1)
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get("hash");
    for statement in [
        format!("DELETE FROM notifications WHERE article_id = 1 AND event_seq = {seq}"),
        format!(
            "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE article_id = 1 AND event_seq = {seq})"
        ),
        format!("DELETE FROM webhook_deliveries WHERE article_id = 1 AND event_seq = {seq}"),
        format!("DELETE FROM events WHERE article_id = 1 AND seq = {seq}"),
        format!(
            "UPDATE log_leaves SET article_id = 2, seq = 9999 WHERE article_id = 1 AND seq = {seq}"
        ),
        format!(
            "UPDATE articles SET trail_seq = {}, trail_hash = '{before}', stage = 'signed_off' WHERE id = 1",
            seq - 1
        ),
    ] {
        sqlx::query(&statement)
            .execute(&mut conn)
            .await
            .expect(&statement);
    }
    for (row, mark) in &marks {
        sqlx::query("UPDATE segments SET reviewed_revision = $1 WHERE id = $2")
            .bind(*mark)
            .bind(*row)
            .execute(&mut conn)
            .await
            .expect("restore a review mark");
    }
    drop(conn);

    let verified = galley_on(url, &["trail", "verify", "--all"]);
    assert!(!verified.status.success());
    let out = stdout(&verified);
    assert!(
        out.contains(&format!(
            "log: BROKEN: leaf {leaf} names event 9999 of article 2, which does not exist"
        )),
        "{out}"
    );
    // The export after the erasure: the chain, its proofs and the kept
    // checkpoint hold together (the log's root is unchanged)…
    let export = client
        .get(format!("{base}/api/v1/articles/1/export?format=json"))
        .bearer_auth(&token)
        .text_body()
        .await;
    assert!(export.contains("galley-article-export"), "{export}");
    let file = dir.file("after.json", &export);
    let file_arg = file.to_str().unwrap();
    let check = |more: &[&str]| {
        let mut args = vec![
            "trail",
            "verify",
            "--file",
            file_arg,
            "--public-key",
            &public,
            "--checkpoint",
            &kept,
            "--server",
            &base,
            "--token",
            &token,
        ];
        args.extend_from_slice(more);
        galley_on(url, &args)
    };
    let alone = check(&[]);
    assert!(
        alone.status.success(),
        "{}{}",
        stdout(&alone),
        stderr(&alone)
    );
    // …and the leaves the watcher kept with it say what is missing.
    let caught = check(&["--kept-leaves", &kept_leaves]);
    assert!(!caught.status.success(), "{}", stdout(&caught));
    assert!(
        stdout(&caught).contains(&format!(
            "the log recorded event {seq} of article 1 as leaf {leaf}, which the export does not hold"
        )),
        "{}",
        stdout(&caught)
    );
    drop(server);
}

#[tokio::test]
async fn an_erased_correction_is_caught_on_sqlite() {
    an_erased_correction_is_caught(&sqlite_url()).await;
}

#[tokio::test]
async fn an_erased_correction_is_caught_on_postgres() {
    if let Some(url) = postgres_url().await {
        an_erased_correction_is_caught(&url).await;
    }
}
