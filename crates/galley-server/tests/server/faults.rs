//! Faults on real `galley serve` processes over one SQLite file: the server
//! killed with SIGKILL in the middle of a stream of saves, and two servers
//! writing at full speed. Every acknowledged save survives, no request is
//! answered with a 5xx, the trail verifies and the database is intact.

use crate::common;
use crate::common::Answered as _;

use std::time::{Duration, Instant};

use galley_store::{ArticleId, RowId, Rows, SqlStore, Trail};
use serde_json::{Value, json};
use sqlx::Row;

use common::Server;

/// A fresh SQLite database with the demo data, and a reviewer's token.
fn demo_database() -> (String, String) {
    let url = common::sqlite_url("galley_faults");
    let out = common::galley(&["--database", &url, "demo"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let out = common::galley(&["--database", &url, "token", "create", "demo.reviewer"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    (url, common::stdout(&out).trim().to_string())
}

/// Saves revisions of one row one after another until `until`; returns the
/// acknowledged (revision, text) pairs and every status seen.
async fn save_stream(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    segment: i64,
    writer: &str,
    until: Instant,
) -> (Vec<(i64, String)>, Vec<u16>) {
    let url = format!("{base}/api/v1/articles/2/segments/{segment}");
    let mut acknowledged = Vec::new();
    let mut statuses = Vec::new();
    let mut base_revision = current_revision(client, base, token, segment).await;
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let text = format!("Save {n} by {writer}: the city raises the fare by 150 won.");
        let sent = client
            .put(&url)
            .bearer_auth(token)
            .json(&json!({"text": text, "base_revision": base_revision}))
            .send()
            .await;
        let Ok(response) = sent else {
            break; // the server is gone
        };
        let status = response.status().as_u16();
        statuses.push(status);
        let body: Value = match response.json().await {
            Ok(body) => body,
            Err(_) => break,
        };
        match status {
            200 => {
                base_revision = body["revision"].as_i64().expect("revision");
                acknowledged.push((base_revision, text));
            }
            409 => base_revision = body["current_revision"].as_i64().expect("current"),
            _ => {}
        }
    }
    (acknowledged, statuses)
}

async fn current_revision(client: &reqwest::Client, base: &str, token: &str, segment: i64) -> i64 {
    let article: Value = client
        .get(format!("{base}/api/v1/articles/2"))
        .bearer_auth(token)
        .send()
        .await
        .expect("read")
        .json()
        .await
        .expect("json");
    article["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .find(|s| s["id"] == segment)
        .and_then(|s| s["revision"].as_i64())
        .expect("row")
}

async fn rows(client: &reqwest::Client, base: &str, token: &str) -> Vec<i64> {
    let article: Value = client
        .get(format!("{base}/api/v1/articles/2"))
        .bearer_auth(token)
        .json_body()
        .await;
    article["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

/// Every acknowledged revision is in the database with its text; the trail
/// verifies; SQLite's own integrity check passes.
async fn assert_nothing_lost(url: &str, segment: i64, acknowledged: &[(i64, String)]) {
    let store = SqlStore::connect(url).await.expect("open");
    let revisions = store.revisions(RowId(segment)).await.expect("revisions");
    for (revision, text) in acknowledged {
        let found = revisions.iter().find(|r| r.revision == *revision);
        assert_eq!(
            found.map(|r| &r.text),
            Some(text),
            "acknowledged revision {revision} lost"
        );
    }
    let events = store.events(ArticleId(2)).await.expect("events");
    assert!(
        galley_core::trail::verify(&events).is_ok(),
        "the trail verifies"
    );
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity check")
        .try_get(0)
        .expect("text");
    assert_eq!(check, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_loses_no_acknowledged_save() {
    let (url, token) = demo_database();
    let mut server = Server::start(&url);
    let client = reqwest::Client::new();
    let segment = rows(&client, &server.base, &token).await[1];
    let (base, token2, client2) = (server.base.clone(), token.clone(), client.clone());
    let writer = tokio::spawn(async move {
        save_stream(
            &client2,
            &base,
            &token2,
            segment,
            "a",
            Instant::now() + Duration::from_secs(10),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.child.kill().expect("SIGKILL"); // kill -9, mid-stream
    server.child.wait().expect("reaped");
    let (acknowledged, statuses) = writer.await.expect("writer");
    assert!(
        acknowledged.len() > 5,
        "only {} saves before the kill",
        acknowledged.len()
    );
    assert!(statuses.iter().all(|s| *s < 500), "{statuses:?}");

    // Restarted on the same file: everything acknowledged is there.
    let mut again = Server::start(&url);
    let last = acknowledged.last().expect("saves").0;
    assert!(current_revision(&client, &again.base, &token, segment).await >= last);
    again.child.kill().ok();
    again.child.wait().ok();
    assert_nothing_lost(&url, segment, &acknowledged).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_sqlite_file_never_answer_database_is_locked() {
    let (url, token) = demo_database();
    let (mut one, mut two) = (Server::start(&url), Server::start(&url));
    let client = reqwest::Client::new();
    let segments = rows(&client, &one.base, &token).await;
    let until = Instant::now() + Duration::from_secs(3);
    // Four writers at full speed: two servers, two rows, and two writers
    // fighting over the same row through different servers.
    let mut tasks = Vec::new();
    for (server, segment, name) in [
        (&one.base, segments[0], "one-a"),
        (&two.base, segments[2], "two-a"),
        (&one.base, segments[3], "one-b"),
        (&two.base, segments[3], "two-b"),
    ] {
        let (client, base, token, name) = (
            client.clone(),
            server.clone(),
            token.clone(),
            name.to_string(),
        );
        tasks.push(tokio::spawn(async move {
            let (ack, statuses) = save_stream(&client, &base, &token, segment, &name, until).await;
            (segment, ack, statuses)
        }));
    }
    let mut saved = 0;
    let mut conflicts = 0;
    let mut by_row: std::collections::HashMap<i64, Vec<(i64, String)>> = Default::default();
    for task in tasks {
        let (segment, ack, statuses) = task.await.expect("writer");
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 409),
            "a writer saw {:?}",
            statuses
                .iter()
                .filter(|s| **s != 200 && **s != 409)
                .collect::<Vec<_>>()
        );
        conflicts += statuses.iter().filter(|s| **s == 409).count();
        saved += ack.len();
        by_row.entry(segment).or_default().extend(ack);
    }
    assert!(saved > 50, "only {saved} saves in 3 s");
    assert!(conflicts > 0, "the two writers of one row met");
    for server in [&mut one, &mut two] {
        server.child.kill().ok();
        server.child.wait().ok();
    }
    for (segment, acknowledged) in &by_row {
        let mut revisions: Vec<i64> = acknowledged.iter().map(|(r, _)| *r).collect();
        revisions.sort_unstable();
        revisions.dedup();
        assert_eq!(
            revisions.len(),
            acknowledged.len(),
            "a revision number acknowledged twice"
        );
        assert_nothing_lost(&url, *segment, acknowledged).await;
    }
}

/// SIGTERM while a request is in flight that would take longer than the
/// grace period (a body that never finishes arriving, which only the 30 s
/// request timeout would end): the server stops within its grace period
/// (`server::SHUTDOWN_GRACE`, 10 s), not when the request is done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminated_server_stops_within_its_grace_period() {
    use tokio::io::AsyncWriteExt;
    let (url, token) = demo_database();
    let mut server = Server::start(&url);
    let client = reqwest::Client::new();
    let segment = rows(&client, &server.base, &token).await[1];
    let address = server.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connect");
    let head = format!(
        "PUT /api/v1/articles/1/segments/{segment} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
    );
    stream
        .write_all(head.as_bytes())
        .await
        .expect("send the head");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let terminated = Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(kill.success());
    let deadline = terminated + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = terminated.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(
        took < Duration::from_secs(15),
        "stopped {took:?} after SIGTERM; the grace period is 10 s"
    );
    drop(stream);
}
