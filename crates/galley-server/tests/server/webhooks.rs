//! Webhooks end to end: `galley webhook add`, a real `galley serve` with
//! its worker, and a receiver in Python (tests/support/webhook_receiver.py)
//! that checks every signature with Python's own `hmac`. The PostgreSQL
//! test needs `GALLEY_TEST_POSTGRES_URL` (required when `CI` is set).

use crate::common;
use crate::common::Answered as _;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use galley_core::workflow::Role;
use galley_store::{SqlStore, Store};
use serde_json::{Value, json};

/// The Python receiver, killed when dropped.
struct Receiver {
    child: Child,
    log: PathBuf,
}

impl Receiver {
    fn start(secret: &str, port: u16, fail_first: u32) -> Receiver {
        let log = std::env::temp_dir().join(format!("{}.jsonl", common::unique("hooks")));
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/webhook_receiver.py"
        );
        // CI names a Python with the `standardwebhooks` package.
        let python = std::env::var("GALLEY_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let mut child = Command::new(python)
            .arg(script)
            .args(["--secret", secret, "--port", &port.to_string()])
            .args(["--fail-first", &fail_first.to_string()])
            .arg("--log")
            .arg(&log)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the receiver");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the receiver's first line");
        assert_eq!(line.trim(), format!("listening on {port}"));
        Receiver { child, log }
    }

    /// Every attempt received so far, in order.
    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    /// Waits (at most `limit`) until `done` holds for what was received.
    fn wait_for(&self, limit: Duration, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if done(&got) || start.elapsed() > limit {
                return got;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `galley webhook …` on `database`; its stdout.
fn webhook(database: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["--database", database, "webhook"])
        .args(args)
        .output()
        .expect("galley webhook");
    assert!(output.status.success(), "{}", common::stderr(&output));
    common::stdout(&output)
}

/// The test receiver's host, allowed although it is loopback (as a
/// newsroom allows its CMS on a private network).
const LOOPBACK: &[&str] = &["--allow-webhook-host", "127.0.0.1"];

/// Registers `url` (on the loopback address, allowed by name) for
/// `event`; its secret.
fn loopback_hook(database: &str, url: &str, event: &str) -> String {
    webhook(
        database,
        &[
            "add",
            url,
            "--allow-webhook-host",
            "127.0.0.1",
            "--event",
            event,
        ],
    )
}

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A migrated database with a reporter, a reviewer and an editor; their tokens.
async fn newsroom(database: &str) -> [String; 3] {
    let store = SqlStore::connect(database).await.expect("store");
    store.migrate().await.expect("migrate");
    let mut tokens = Vec::new();
    for (name, role) in [
        ("reporter", Role::Reporter),
        ("reviewer", Role::BilingualReviewer),
        ("editor", Role::NativeEditor),
    ] {
        tokens.push(common::person(&store, name, &[role], None).await.1);
    }
    tokens.try_into().expect("three tokens")
}

struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    async fn call(&self, method: reqwest::Method, path: &str, token: &str, body: Value) -> Value {
        let answer = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = answer.status();
        let body: Value = answer.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    async fn go(&self, id: i64, token: &str, action: &str) {
        let article = self
            .call(
                reqwest::Method::GET,
                &format!("/articles/{id}"),
                token,
                Value::Null,
            )
            .await;
        self.call(
            reqwest::Method::POST,
            &format!("/articles/{id}/transitions"),
            token,
            json!({"action": action, "version": article["version"]}),
        )
        .await;
    }

    /// Submits a one-paragraph article as `reporter`; the answer.
    async fn submit_short(&self, reporter: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/articles",
            reporter,
            json!({
                "title": "t",
                "source": "서울 지하철 요금이 오른다.",
                "draft": "Seoul subway fares will rise.",
                "ai": {"tool": "ChatGPT", "model": "m"}
            }),
        )
        .await
    }

    /// Submits the example article and walks it to sign-off; its id.
    async fn signed_off(&self, [reporter, reviewer, editor]: &[String; 3]) -> i64 {
        let created = self
            .call(
                reqwest::Method::POST,
                "/articles",
                reporter,
                json!({
                    "title": "Seoul subway base fare to rise by 150 won",
                    "source": include_str!("../../../../examples/subway-fares.ko.txt"),
                    "draft": include_str!("../../../../examples/subway-fares.en.txt"),
                    "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"}
                }),
            )
            .await;
        let id = created["id"].as_i64().expect("id");
        self.go(id, reporter, "submit").await;
        for row in created["segments"].as_array().expect("rows") {
            let mut revision = row["revision"].clone();
            if row["en"] == "" {
                let saved = self
                    .call(
                        reqwest::Method::PUT,
                        &format!("/articles/{id}/segments/{}", row["id"]),
                        reviewer,
                        json!({"text": "A paragraph the AI left out.", "base_revision": 0}),
                    )
                    .await;
                revision = saved["revision"].clone();
            }
            self.call(
                reqwest::Method::POST,
                &format!("/articles/{id}/segments/{}/review", row["id"]),
                reviewer,
                json!({"revision": revision}),
            )
            .await;
        }
        self.go(id, reviewer, "approve").await;
        self.go(id, editor, "sign_off").await;
        id
    }
}

/// A receiver that holds another secret refuses every message: the
/// signature is the endpoint's own, not one any secret passes (checked by
/// the official library in CI). The delivery is retried, never taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_with_another_secret_refuses_the_message() {
    let database = common::sqlite_url("galley_hooks_secret");
    let tokens = newsroom(&database).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let secret = loopback_hook(&database, &url, "article.submitted");
    // Another endpoint's secret, made the same way.
    let elsewhere = common::sqlite_url("galley_hooks_other");
    newsroom(&elsewhere).await;
    let other = loopback_hook(&elsewhere, &url, "article.submitted");
    assert_ne!(secret.trim(), other.trim());
    let receiver = Receiver::start(other.trim(), port, 0);
    let server = common::Server::start_with(&database, LOOPBACK);
    let api = Api {
        client: reqwest::Client::new(),
        base: server.base.clone(),
    };
    let created = api.submit_short(&tokens[0]).await;
    let id = created["id"].as_i64().unwrap();
    api.go(id, &tokens[0], "submit").await;
    let got = receiver.wait_for(Duration::from_secs(30), |got| got.len() >= 2);
    assert!(got.len() >= 2, "retried: {got:?}");
    assert!(
        got.iter()
            .all(|a| a["verified"] == false && a["status"] == 500),
        "{got:?}"
    );
    if std::env::var_os("CI").is_some() {
        assert!(
            got.iter().all(|a| a["verifier"] == "standardwebhooks"),
            "{got:?}"
        );
    }
    assert!(got.iter().all(|a| a["id"] == got[0]["id"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_off_reaches_the_cms_signed_after_two_failures() {
    let database = common::sqlite_url("galley_hooks");
    let tokens = newsroom(&database).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let secret = loopback_hook(&database, &url, "article.signed_off");
    // The secret alone, in the Standard Webhooks form.
    let secret = secret.strip_suffix('\n').expect("one line");
    assert!(secret.starts_with("whsec_") && !secret.contains(char::is_whitespace));
    let receiver = Receiver::start(secret, port, 2);
    let server = common::Server::start_with(&database, LOOPBACK);
    let api = Api {
        client: reqwest::Client::new(),
        base: server.base.clone(),
    };
    let id = api.signed_off(&tokens).await;

    let got = receiver.wait_for(Duration::from_secs(30), |got| {
        got.iter().any(|a| a["status"] == 200)
    });
    // Three attempts of one message: refused twice, taken the third time,
    // every one signed as the receiver's own hmac computes it.
    let statuses: Vec<&Value> = got.iter().map(|a| &a["status"]).collect();
    assert_eq!(statuses, [&json!(500), &json!(500), &json!(200)], "{got:?}");
    assert!(got.iter().all(|a| a["verified"] == true), "{got:?}");
    // In CI the signatures are checked by the official Standard Webhooks
    // library, not by a reader of our own.
    if std::env::var_os("CI").is_some() {
        assert!(
            got.iter().all(|a| a["verifier"] == "standardwebhooks"),
            "{got:?}"
        );
    }
    assert!(got.iter().all(|a| a["id"] == got[0]["id"]));
    // Backing off: about one second, then about two.
    let at: Vec<f64> = got.iter().map(|a| a["at"].as_f64().unwrap()).collect();
    assert!(at[1] - at[0] >= 0.9 && at[2] - at[1] >= 1.9, "{at:?}");
    assert!(at[2] - at[0] < 8.0, "{at:?}");

    // The payload: the final English, the disclosure, the trail's head,
    // and the exports.
    let body = &got[2]["body"];
    assert_eq!(body["type"], "article.signed_off");
    let data = &body["data"];
    assert_eq!(data["article"]["id"], id);
    let text = api
        .client
        .get(format!(
            "{}/api/v1/articles/{id}/export?format=text",
            api.base
        ))
        .bearer_auth(&tokens[2])
        .text_body()
        .await;
    for paragraph in data["english"]["paragraphs"].as_array().unwrap() {
        assert!(text.contains(paragraph.as_str().unwrap()), "{paragraph}");
    }
    assert!(data["english"]["paragraphs"].as_array().unwrap().len() >= 3);
    let disclosure = data["disclosure"].as_str().expect("the line is earned");
    assert!(text.trim_end().ends_with(disclosure));
    let trail = api
        .call(
            reqwest::Method::GET,
            &format!("/articles/{id}/trail"),
            &tokens[2],
            Value::Null,
        )
        .await;
    let events = trail["events"].as_array().unwrap();
    assert_eq!(data["trail_head"], events.last().unwrap()["hash"]);
    assert_eq!(got[0]["id"], format!("msg_{id}_{}", events.len()));
    assert!(
        data["exports"]["html"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/articles/{id}/export?format=html"))
    );

    // The deliveries list names it delivered after three attempts.
    let listed = webhook(&database, &["deliveries"]);
    let line = listed.lines().next().expect("a delivery");
    assert!(
        line.contains("\tdelivered\t3\t200\tarticle.signed_off\t"),
        "{listed}"
    );
    // A re-send goes out once more, with the same id.
    let delivery = line.split('\t').next().unwrap();
    webhook(&database, &["resend", delivery]);
    let again = receiver.wait_for(Duration::from_secs(10), |got| got.len() >= 4);
    assert_eq!((again.len(), &again[3]["id"]), (4, &got[0]["id"]));
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_before_the_delivery_delivers_after_restart() {
    let database = common::sqlite_url("galley_hooks_kill");
    let tokens = newsroom(&database).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let secret = loopback_hook(&database, &url, "article.submitted");
    let secret = secret.trim();
    // The receiver is down: the event is recorded, its delivery waits.
    let mut server = common::Server::start_with(&database, LOOPBACK);
    let api = Api {
        client: reqwest::Client::new(),
        base: server.base.clone(),
    };
    let created = api.submit_short(&tokens[0]).await;
    let id = created["id"].as_i64().unwrap();
    api.go(id, &tokens[0], "submit").await;
    let start = Instant::now();
    while !webhook(&database, &["deliveries", "--state", "pending"]).contains("could not connect") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no attempt was made"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // SIGKILL: no shutdown, nothing flushed.
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("reaped");
    let receiver = Receiver::start(secret, port, 0);
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        receiver.received().is_empty(),
        "nothing sends while no server runs"
    );
    let _restarted = common::Server::start_with(&database, LOOPBACK);
    let got = receiver.wait_for(Duration::from_secs(30), |got| !got.is_empty());
    std::thread::sleep(Duration::from_secs(2));
    let got_after = receiver.received();
    assert_eq!(got_after.len(), 1, "delivered once: {got:?}");
    assert_eq!(got_after[0]["status"], 200);
    assert_eq!(got_after[0]["verified"], true);
    assert_eq!(got_after[0]["body"]["type"], "article.submitted");
    assert_eq!(got_after[0]["body"]["data"]["article"]["id"], id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgresql_deliver_each_event_once() {
    let Some(database) = common::postgres_url("galley_hooks_two").await else {
        return;
    };
    let tokens = newsroom(&database).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let secret = loopback_hook(&database, &url, "comment.created");
    let receiver = Receiver::start(secret.trim(), port, 0);
    let servers = [
        common::Server::start_with(&database, LOOPBACK),
        common::Server::start_with(&database, LOOPBACK),
    ];
    let apis: Vec<Api> = servers
        .iter()
        .map(|s| Api {
            client: reqwest::Client::new(),
            base: s.base.clone(),
        })
        .collect();
    let created = apis[0].submit_short(&tokens[0]).await;
    let id = created["id"].as_i64().unwrap();
    let row = created["segments"][0]["id"].as_i64().unwrap();
    let comments = 40;
    for n in 0..comments {
        apis[n % 2]
            .call(
                reqwest::Method::POST,
                &format!("/articles/{id}/segments/{row}/comments"),
                &tokens[1 + n % 2],
                json!({"body": format!("Question {n}")}),
            )
            .await;
    }
    let got = receiver.wait_for(Duration::from_secs(30), |got| got.len() >= comments);
    // Long enough for a second sending of any of them to show.
    std::thread::sleep(Duration::from_secs(3));
    let got_after = receiver.received();
    let mut ids: Vec<&str> = got_after
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), comments, "{got:?}");
    assert_eq!(got_after.len(), comments, "each event once");
    assert!(got_after.iter().all(|a| a["verified"] == true));
}

/// A delivery to a private address goes nowhere unless the sending server
/// allows its host: registered with the host allowed, sent by a server
/// that does not allow it, the attempt is refused before any connection
/// and says why; the receiver gets nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_to_a_private_address_the_server_does_not_allow_is_not_sent() {
    let database = common::sqlite_url("galley_hooks_private");
    let tokens = newsroom(&database).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    // Registering it needs the host allowed by name, and a URL without
    // control characters.
    let refused = |endpoint: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["--database", &database, "webhook", "add", endpoint])
            .args(["--event", "article.submitted"])
            .output()
            .expect("galley webhook");
        assert!(!output.status.success(), "{endpoint} was taken");
        common::stderr(&output)
    };
    assert!(refused(&url).contains("private, loopback or link-local"));
    assert!(refused("https://cms.example/ho\u{1}ok").contains("control character"));
    let secret = loopback_hook(&database, &url, "article.submitted");
    let receiver = Receiver::start(secret.trim(), port, 0);
    // A server that does not allow it.
    let server = common::Server::start(&database);
    let api = Api {
        client: reqwest::Client::new(),
        base: server.base.clone(),
    };
    let created = api.submit_short(&tokens[0]).await;
    api.go(created["id"].as_i64().unwrap(), &tokens[0], "submit")
        .await;
    let start = Instant::now();
    while !webhook(&database, &["deliveries"]).contains("not sent: 127.0.0.1 resolves to 127.0.0.1")
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no attempt was recorded"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        receiver.received().is_empty(),
        "nothing reached the receiver"
    );
}
