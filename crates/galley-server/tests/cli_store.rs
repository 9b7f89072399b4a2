//! The database commands as an administrator runs them: demo data, users,
//! tokens, and `trail verify` catching a tampered trail, on SQLite and (with
//! `GALLEY_TEST_POSTGRES_URL`; required when `CI` is set) on PostgreSQL.

mod common;

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

/// Issue 20: `galley log keygen` writes the checkpoint signer's key pair,
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
    let again = common::galley(&["log", "keygen", "--out", dir_arg]);
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
