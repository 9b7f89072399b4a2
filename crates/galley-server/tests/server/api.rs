//! The HTTP API, served for real on port 0 with a fresh database per test,
//! on SQLite and (with `GALLEY_TEST_POSTGRES_URL`, required under CI) on
//! PostgreSQL: `api_test!` makes each test a case of both.

use crate::common;

use std::sync::Arc;

use galley_core::workflow::Role;
use galley_server::state::AppState;
use galley_store::SqlStore;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A running server, its store, and a token per person.
struct TestApp {
    base: String,
    client: reqwest::Client,
    reporter: String,
    reviewer: String,
    editor: String,
    dual: String,
    /// The store under the server, for tests that tamper with it.
    store: SqlStore,
}

impl TestApp {
    async fn start(store: SqlStore) -> TestApp {
        let mut tokens = Vec::new();
        for (name, roles) in [
            ("reporter", &[Role::Reporter][..]),
            ("reviewer", &[Role::BilingualReviewer][..]),
            ("editor", &[Role::NativeEditor][..]),
            ("dual", &[Role::BilingualReviewer, Role::NativeEditor][..]),
        ] {
            tokens.push(common::person(&store, name, roles, None).await.1);
        }
        let base = common::serve(AppState::new(Arc::new(store.clone()))).await;
        let [reporter, reviewer, editor, dual] = tokens.try_into().expect("four tokens");
        TestApp {
            base,
            client: reqwest::Client::new(),
            reporter,
            reviewer,
            editor,
            dual,
            store,
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(reqwest::Method::GET, path, Some(token), None)
            .await
    }

    /// POSTs `body`; a transition without a `version` is sent with the
    /// article's current one, as a client that just read it would (tests of
    /// a missing or stale version use [`TestApp::call`]).
    async fn post(&self, path: &str, token: &str, mut body: Value) -> (StatusCode, Value) {
        if let Some(article) = path.strip_suffix("/transitions") {
            if body.get("version").is_none() {
                let (_, current) = self.get(article, token).await;
                body["version"] = current["version"].clone();
            }
        }
        self.call(reqwest::Method::POST, path, Some(token), Some(body))
            .await
    }

    async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::PUT, path, Some(token), Some(body))
            .await
    }

    /// POSTs each body to `path` as its person and expects it refused with
    /// its status, naming its field (or, for a rule, the rule).
    async fn refuses(&self, path: &str, cases: Vec<(&String, Value, StatusCode, &str)>) {
        self.refuses_as(reqwest::Method::POST, path, cases).await;
    }

    /// [`TestApp::refuses`] with another method.
    async fn refuses_as(
        &self,
        method: reqwest::Method,
        path: &str,
        cases: Vec<(&String, Value, StatusCode, &str)>,
    ) {
        for (token, body, status, named) in cases {
            let (got, problem) = self
                .call(method.clone(), path, Some(token), Some(body.clone()))
                .await;
            assert_eq!(got, status, "{body} {problem}");
            let field = problem["field"].as_str().or(problem["rule"].as_str());
            assert_eq!(field, Some(named), "{body} {problem}");
        }
    }

    /// The example article, submitted and waiting for bilingual review.
    async fn in_review(&self) -> Value {
        let article = self.submit().await;
        let (status, moved) = self
            .post(
                &format!("/api/v1/articles/{}/transitions", article["id"]),
                &self.reporter,
                json!({"action": "submit"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        article
    }

    async fn submit(&self) -> Value {
        let (status, article) = self
            .post("/api/v1/articles", &self.reporter, submission())
            .await;
        assert_eq!(status, StatusCode::CREATED, "{article}");
        article
    }
}

/// The README article as a reporter submits it: the Korean headline and
/// the AI's English one beside the body (the example files open with them).
fn submission() -> Value {
    let body = |text: &str| text.split_once("\n\n").unwrap().1.to_string();
    json!({
        "title": "Bank of Korea holds key rate at 3.5%",
        "source_title": "한국은행, 기준금리 연 3.5%로 동결",
        "source": body(include_str!("../../../../examples/rate-decision.ko.txt")),
        "draft": body(include_str!("../../../../examples/rate-decision.en.txt")),
        "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"}
    })
}

/// A test of the API on both backends, with people and a running server.
macro_rules! api_test {
    ($name:ident) => {
        backend_test!($name, TestApp::start);
    };
}

fn segments(article: &Value) -> Vec<Value> {
    article["segments"].as_array().expect("segments").clone()
}

/// The rows of the body: all but the headline's (the first).
fn body_rows(article: &Value) -> Vec<Value> {
    let rows = segments(article);
    assert_eq!(rows[0]["headline"], true, "the headline row comes first");
    rows[1..].to_vec()
}

async fn whole_article_walks_through_the_workflow(app: TestApp) {
    let article = app.submit().await;
    let id = article["id"].as_i64().expect("id");
    assert_eq!(article["stage"], "draft");
    let rows = segments(&article);
    assert_eq!(rows.len(), 8);
    let dropped = rows
        .iter()
        .find(|r| r["en"] == "")
        .expect("the dropped paragraph is a row");
    let flag = &dropped["flags"][0];
    assert_eq!(
        (
            flag["check"].clone(),
            flag["severity"].clone(),
            flag["blocking"].clone()
        ),
        (json!("missing_english"), json!("error"), json!(true)),
        "{dropped}"
    );
    assert!(
        flag["spans"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("가계부채")
    );
    assert_eq!(
        article["blocking_findings"], 1,
        "only the dropped paragraph blocks"
    );

    let (status, moved) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reporter,
            json!({"action": "submit"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["stage"], "bilingual_review");

    // The reviewer translates the dropped paragraph and reviews every row.
    let path = format!("/api/v1/articles/{id}/segments/{}", dropped["id"]);
    let text = "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in a single month.";
    let (status, saved) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": text, "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["revision"], 1);
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for row in segments(&article) {
        let (status, body) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{}/review", row["id"]),
                &app.reviewer,
                json!({"revision": row["revision"]}),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    let (status, moved) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(
        (status, moved["stage"].clone()),
        (StatusCode::OK, json!("native_edit")),
        "{moved}"
    );

    // The editor polishes a row and signs off.
    let (status, saved) = app.put(&path, &app.editor, json!({"text": "Household debt hit a record high of 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in one month.", "base_revision": 1})).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, moved) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.editor,
            json!({"action": "sign_off"}),
        )
        .await;
    assert_eq!(
        (status, moved["stage"].clone()),
        (StatusCode::OK, json!("signed_off")),
        "{moved}"
    );

    let (status, verified) = app
        .get(&format!("/api/v1/articles/{id}/trail/verify"), &app.editor)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verified["ok"], true);
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.editor)
        .await;
    let events = trail["events"].as_array().expect("events");
    assert_eq!(verified["events"].as_u64(), Some(events.len() as u64));
    assert_eq!(
        events.last().expect("events")["payload"]["to"],
        "signed_off"
    );

    let (status, listed) = app
        .get("/api/v1/articles?stage=signed_off", &app.reporter)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["articles"].as_array().map(Vec::len), Some(1));
}
api_test!(whole_article_walks_through_the_workflow);

/// A request that must be refused: what it is, who sends it where with
/// which body, and the status with the rule or field the problem names.
type RefusalCase<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Value,
    u16,
    Option<&'a str>,
    Option<&'a str>,
);

async fn every_refusal_leaves_the_article_unchanged(app: TestApp) {
    let article = app.submit().await;
    let id = article["id"].as_i64().expect("id");
    let row = segments(&article)[0]["id"].as_i64().expect("row");
    let transitions = format!("/api/v1/articles/{id}/transitions");
    let (_, before) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reporter)
        .await;

    // 401: no token, unknown token.
    let (status, problem) = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/articles/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
    // The answers kept by version (article, diff, metrics): still 401
    // before 404 or 422, and 404 for an article that is not there.
    for path in [
        format!("/api/v1/articles/{id}"),
        format!("/api/v1/articles/{id}/diff"),
        format!("/api/v1/articles/{id}/metrics"),
        "/api/v1/articles/999999".to_string(),
        format!("/api/v1/articles/{id}/diff?from=nonsense"),
    ] {
        let (status, _) = app.get(&path, "galley_not_a_token").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
    for (path, expected) in [
        ("/api/v1/articles/999999".to_string(), StatusCode::NOT_FOUND),
        (
            "/api/v1/articles/999999/diff".to_string(),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/v1/articles/{id}/diff?from=nonsense"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, _) = app.get(&path, &app.reporter).await;
        assert_eq!(status, expected, "{path}");
    }

    // Refusals, each with its status and the rule or field it names:
    // 403 the wrong role, 409 a transition the stage forbids, 422 a field.
    let with = |field: &str, value: Value| {
        let mut body = submission();
        body[field] = value;
        body
    };
    let cases: Vec<RefusalCase> = vec![
        (
            "editor submits an article",
            &app.editor,
            "/api/v1/articles",
            submission(),
            403,
            Some("role_required"),
            None,
        ),
        (
            "editor submits for review",
            &app.editor,
            &transitions,
            json!({"action": "submit"}),
            403,
            Some("role_required"),
            None,
        ),
        (
            "reporter signs off a draft",
            &app.reporter,
            &transitions,
            json!({"action": "sign_off"}),
            409,
            Some("stage_forbids_action"),
            None,
        ),
        (
            "a blank title",
            &app.reporter,
            "/api/v1/articles",
            with("title", json!("   ")),
            422,
            None,
            Some("title"),
        ),
        (
            "an empty source",
            &app.reporter,
            "/api/v1/articles",
            with("source", json!("")),
            422,
            None,
            Some("source"),
        ),
        (
            "a title of the wrong type",
            &app.reporter,
            "/api/v1/articles",
            with("title", json!(42)),
            422,
            None,
            Some("title"),
        ),
        (
            "an unknown action",
            &app.reporter,
            &transitions,
            json!({"action": "publish"}),
            422,
            None,
            Some("action"),
        ),
    ];
    for (what, token, path, body, status, rule, field) in cases {
        let (got, problem) = app.post(path, token, body).await;
        assert_eq!(got.as_u16(), status, "{what}: {problem}");
        common::assert_problem((got, &problem), status, rule, field);
    }
    let (_, problem) = app
        .post("/api/v1/articles", &app.reporter, with("source", json!("")))
        .await;
    assert_eq!(problem["detail"], "Korean text is empty");
    let (_, problem) = app
        .post(&transitions, &app.reporter, json!({"action": "sign_off"}))
        .await;
    assert_eq!(problem["title"], "Refused by the workflow");
    let (status, _) = app
        .get("/api/v1/articles?limit=100000", &app.reporter)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // 400 / 422: malformed and invalid bodies name the field.
    let response = app
        .client
        .post(format!("{}/api/v1/articles", app.base))
        .bearer_auth(&app.reporter)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    // 413: an enormous body is refused from its announced length, before
    // it is read (the client here announces 10 MB and sends none of it).
    let status_line = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = app.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connect");
        let head = format!(
            "POST /api/v1/articles HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n",
            app.reporter
        );
        stream.write_all(head.as_bytes()).await.expect("write head");
        let mut answer = vec![0; 1024];
        let n = stream.read(&mut answer).await.expect("read");
        String::from_utf8_lossy(&answer[..n])
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(status_line, "HTTP/1.1 413 Payload Too Large");

    // 404: unknown ids.
    let (status, _) = app.get("/api/v1/articles/999999", &app.reporter).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get("/api/v1/articles/not-a-number", &app.reporter)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Nothing above changed the article.
    let (_, after) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reporter)
        .await;
    assert_eq!(before, after);

    // 409: a stale revision, with the current text.
    app.post(&transitions, &app.reporter, json!({"action": "submit"}))
        .await;
    let path = format!("/api/v1/articles/{id}/segments/{row}");
    let (status, _) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "First.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "Second.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(
        (
            problem["current_revision"].clone(),
            problem["current_text"].clone()
        ),
        (json!(1), json!("First."))
    );
    let (status, problem) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "  ", "base_revision": 1}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("text"))
    );

    // 409: open QA errors block approval until fixed or overridden, and
    // a row with one of its own cannot be marked reviewed.
    let (_, article) = app.get(&format!("/api/v1/articles/{id}"), &app.dual).await;
    let mut held_back = 0;
    for row in segments(&article) {
        let blocked = row["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["blocking"] == json!(true));
        let (status, problem) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{}/review", row["id"]),
                &app.dual,
                json!({"revision": row["revision"]}),
            )
            .await;
        if blocked {
            held_back += 1;
            common::assert_problem((status, &problem), 409, Some("blocking_findings"), None);
        } else {
            assert_eq!(status, StatusCode::NO_CONTENT, "{problem}");
        }
    }
    assert!(
        held_back > 0,
        "the test article has a row with a blocking finding"
    );
    let (status, problem) = app
        .post(&transitions, &app.dual, json!({"action": "approve"}))
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("blocking_findings")),
        "{problem}"
    );
    let (_, article) = app.get(&format!("/api/v1/articles/{id}"), &app.dual).await;
    let blocking: Vec<(Value, Value)> = segments(&article)
        .iter()
        .flat_map(|row| {
            row["flags"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["blocking"] == json!(true))
                .map(|f| (row["id"].clone(), f["key"].clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!blocking.is_empty());
    // An override needs a reason, a finding that exists, and the right role.
    let (row_id, key) = blocking[0].clone();
    let overrides = format!("/api/v1/articles/{id}/segments/{row_id}/overrides");
    let (status, problem) = app
        .post(&overrides, &app.dual, json!({"key": key, "reason": " "}))
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("reason"))
    );
    let (status, _) = app
        .post(
            &overrides,
            &app.dual,
            json!({"key": "numbers:ko:n1", "reason": "no such finding"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, problem) = app
        .post(
            &overrides,
            &app.reporter,
            json!({"key": key, "reason": "looks fine"}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::FORBIDDEN, json!("role_required"))
    );
    for (row_id, key) in &blocking {
        let (status, body) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{row_id}/overrides"),
                &app.dual,
                json!({"key": key, "reason": "Checked against the Korean: the test texts are short on purpose."}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{}/overrides", blocking[0].0),
            &app.dual,
            json!({"key": blocking[0].1, "reason": "again"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "overridden once: {problem}"
    );
    let (_, article) = app.get(&format!("/api/v1/articles/{id}"), &app.dual).await;
    assert_eq!(article["blocking_findings"], 0);
    // Overridden, the rows held back can be marked reviewed.
    for row in segments(&article).iter().filter(|r| r["reviewed"] == false) {
        let (status, problem) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{}/review", row["id"]),
                &app.dual,
                json!({"revision": row["revision"]}),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{problem}");
    }
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.dual)
        .await;
    let overridden: Vec<&Value> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["payload"]["key"].is_string() && e["payload"]["reason"].is_string())
        .collect();
    assert_eq!(overridden.len(), blocking.len());
    assert!(
        overridden[0]["payload"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Checked")
    );

    // 403: separation of duties.
    let (status, _) = app
        .post(&transitions, &app.dual, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app
        .post(&transitions, &app.dual, json!({"action": "sign_off"}))
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::FORBIDDEN, json!("separation_of_duties")),
        "{problem}"
    );
    let (_, still) = app.get(&format!("/api/v1/articles/{id}"), &app.dual).await;
    assert_eq!(still["stage"], "native_edit");
}
api_test!(every_refusal_leaves_the_article_unchanged);

async fn health_and_readiness(app: TestApp) {
    let (status, body) = app.call(reqwest::Method::GET, "/healthz", None, None).await;
    assert_eq!((status, body["ok"].clone()), (StatusCode::OK, json!(true)));
    let (status, body) = app.call(reqwest::Method::GET, "/readyz", None, None).await;
    assert_eq!(
        (status, body["database"].clone()),
        (StatusCode::OK, json!("ok"))
    );
}
api_test!(health_and_readiness);

/// `/trail/verify` on a tampered trail says where it breaks: `broken_at` is
/// the first event at fault, and the reason names it.
async fn verify_names_the_first_broken_event(app: TestApp) {
    let id = app.submit().await["id"].as_i64().expect("id");
    let article = format!("/api/v1/articles/{id}");
    app.post(
        &format!("{article}/transitions"),
        &app.reporter,
        json!({"action": "submit"}),
    )
    .await;
    let (_, read) = app.get(&article, &app.reviewer).await;
    let row = &read["segments"][0]["id"];
    let (status, _) = app
        .put(
            &format!("{article}/segments/{row}"),
            &app.reviewer,
            json!({"text": "Edited by the reviewer.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    override_all(&app, id, &app.reviewer).await;
    let (status, _) = app
        .post(
            &format!("{article}/segments/{row}/review"),
            &app.reviewer,
            json!({"revision": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, trail) = app.get(&format!("{article}/trail"), &app.editor).await;
    let events = trail["events"].as_array().expect("events");
    let saved = events
        .iter()
        .find(|e| e["payload"]["base_revision"] == 0)
        .expect("the save's event");
    let seq = saved["seq"].as_i64().expect("seq");
    assert!(seq < events.len() as i64, "the save is not the last event");
    common::allow_event_updates(&app.store).await;
    sqlx::query(
        "UPDATE events SET payload = REPLACE(payload, 'revision\":1', 'revision\":7') \
         WHERE article_id = $1 AND seq = $2",
    )
    .bind(id)
    .bind(seq)
    .execute(app.store.pool())
    .await
    .expect("tamper");
    let (status, verified) = app
        .get(&format!("{article}/trail/verify"), &app.editor)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (verified["ok"].clone(), verified["broken_at"].clone()),
        (json!(false), json!(seq)),
        "{verified}"
    );
    assert!(
        verified["reason"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("event {seq}")),
        "{verified}"
    );
}
api_test!(verify_names_the_first_broken_event);

#[tokio::test]
async fn problems_have_stable_types_and_every_answer_a_request_id() {
    let app = TestApp::start(common::sqlite_store().await).await;
    let response = app
        .client
        .get(format!("{}/api/v1/articles/424242", app.base))
        .bearer_auth(&app.reporter)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let id = response.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    let problem: Value = response.json().await.expect("json");
    assert_eq!(problem["type"], "urn:galley:problem:not-found");
    let again = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("send");
    assert_ne!(
        again.headers()["x-request-id"].to_str().expect("ascii"),
        id,
        "ids are per request"
    );
    // A client's own request id is kept.
    let mine = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "cms-77")
        .send()
        .await
        .expect("send");
    assert_eq!(mine.headers()["x-request-id"], "cms-77");

    // Invalid UTF-8 in a JSON body: 400, nothing stored.
    let response = app
        .client
        .post(format!("{}/api/v1/articles", app.base))
        .bearer_auth(&app.reporter)
        .header("content-type", "application/json")
        .body(b"{\"title\": \"\xff\xfe\"}".to_vec())
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let (_, listed) = app.get("/api/v1/articles", &app.reporter).await;
    assert_eq!(listed["articles"], json!([]));
    // A body that is not JSON at all: 415.
    let response = app
        .client
        .post(format!("{}/api/v1/articles", app.base))
        .bearer_auth(&app.reporter)
        .body("title=x")
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// Every `(path, method)` the API's router registers, read from the
/// source of `src/http/`, where the API's routes are made: each handler
/// named in a `routes!(…)` (utoipa-axum routes it at the path and method
/// of its `#[utoipa::path]`), and every plain `.route("…", get(…)…)` call,
/// which would serve a route the document does not know.
fn api_routes_in_source() -> std::collections::BTreeSet<(String, String)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let methods = ["get", "post", "put", "delete", "patch"];
    let mut routes = std::collections::BTreeSet::new();
    let mut texts = String::new();
    for entry in std::fs::read_dir(folder).expect("src/http") {
        texts.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("a file"));
    }
    // The arguments of each call of `opening`, up to its closing parenthesis.
    let calls = |opening: &str| -> Vec<String> {
        texts
            .split(opening)
            .skip(1)
            .map(|call| {
                let mut depth = 1;
                let end = call
                    .char_indices()
                    .find(|(_, c)| {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    })
                    .map_or(call.len(), |(at, _)| at);
                call[..end].to_string()
            })
            .collect()
    };
    for call in calls(".route(") {
        let Some(path) = call.split('"').nth(1) else {
            continue;
        };
        for method in methods {
            if call.contains(&format!("{method}(")) {
                routes.insert((path.to_string(), method.to_string()));
            }
        }
    }
    // Each handler's `#[utoipa::path(METHOD, path = "…", …)]`, by name.
    let mut attributes = std::collections::HashMap::new();
    for attribute in texts.split("#[utoipa::path(").skip(1) {
        let method = attribute
            .split(',')
            .next()
            .expect("a method")
            .trim()
            .to_string();
        let path = attribute
            .split("path = \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a path")
            .to_string();
        let name = attribute
            .split("async fn ")
            .nth(1)
            .and_then(|rest| rest.split('(').next())
            .expect("a handler")
            .to_string();
        attributes.insert(name, (path, method));
    }
    for call in calls("routes!(") {
        for name in call.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let route = attributes
                .get(name)
                .unwrap_or_else(|| panic!("{name} is routed without #[utoipa::path]"));
            routes.insert(route.clone());
        }
    }
    routes
}

#[tokio::test]
async fn openapi_document_describes_every_route() {
    let app = TestApp::start(common::sqlite_store().await).await;
    let (status, document) = app
        .call(reqwest::Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().expect("paths");
    let documented: std::collections::BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(path, methods)| {
            methods
                .as_object()
                .expect("methods")
                .keys()
                .map(move |method| (path.clone(), method.clone()))
        })
        .collect();
    let served = api_routes_in_source();
    assert!(served.len() >= 17, "found only {served:?}");
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the OpenAPI document: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "in the OpenAPI document but not routed: {unserved:?}"
    );
    // And each is really served: the router answers it (with any status
    // but the fallback's 404 and a 405 for the method).
    for (path, method) in &documented {
        assert!(
            paths[path][method]["responses"].is_object(),
            "{method} {path} has no responses"
        );
        let concrete = path
            .replace("{id}", "999999")
            .replace("{segment}", "999999");
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let response = app
            .client
            .request(method.clone(), format!("{}/api/v1{concrete}", app.base))
            .bearer_auth(&app.editor)
            // A body no route takes, so no probe changes anything (the
            // revocation of the token itself refuses a body).
            .body("{\"probe\": true, \"unknown\": [1]}")
            .send()
            .await
            .expect("send");
        let status = response.status();
        let problem: Value = response.json().await.unwrap_or(Value::Null);
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_ne!(
            problem["detail"], "no such route",
            "{method} {path} is not routed"
        );
    }
    // Every schema reference resolves.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().unwrap_or_default();
        assert!(
            document["components"]["schemas"][name].is_object(),
            "missing schema {name}"
        );
    }
}

#[tokio::test]
async fn readiness_reports_a_missing_database() {
    let store = common::sqlite_store().await;
    store.pool().close().await;
    let base = common::serve(AppState::new(Arc::new(store))).await;
    let response = reqwest::get(format!("{base}/readyz"))
        .await
        .expect("readyz");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Still the probe's own JSON (what load balancers and scripts read),
    // not an error page.
    let body: Value = response.json().await.expect("readyz answers JSON");
    assert_eq!(body, json!({"ok": false, "database": "unavailable"}));
    let health = reqwest::get(format!("{base}/healthz"))
        .await
        .expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
}

/// Walks the README article to sign-off (the reviewer fills the dropped
/// paragraph); returns its id.
async fn signed_off_article(app: &TestApp) -> i64 {
    let id = approved_article(app).await;
    let (status, body) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.editor,
            json!({"action": "sign_off"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "sign_off: {body}");
    id
}

/// An article every row of which is reviewed, approved into native edit.
async fn approved_article(app: &TestApp) -> i64 {
    let id = app.submit().await["id"].as_i64().expect("id");
    let transitions = format!("/api/v1/articles/{id}/transitions");
    let go = |token: &str, action: &str| {
        let (token, action) = (token.to_string(), action.to_string());
        let transitions = transitions.clone();
        async move {
            let (status, body) = app
                .post(&transitions, &token, json!({"action": action}))
                .await;
            assert_eq!(status, StatusCode::OK, "{action}: {body}");
        }
    };
    go(&app.reporter, "submit").await;
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for row in segments(&article) {
        let mut revision = row["revision"].clone();
        if row["en"] == "" {
            let (status, saved) = app
                .put(
                    &format!("/api/v1/articles/{id}/segments/{}", row["id"]),
                    &app.reviewer,
                    json!({"text": "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in a single month.", "base_revision": 0}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{saved}");
            revision = saved["revision"].clone();
        }
        app.post(
            &format!("/api/v1/articles/{id}/segments/{}/review", row["id"]),
            &app.reviewer,
            json!({"revision": revision}),
        )
        .await;
    }
    go(&app.reviewer, "approve").await;
    id
}

/// Article `id`'s rows as the editor reads them, with the row at body
/// position `at` as (id, current revision).
async fn row_and_revision(app: &TestApp, id: i64, at: usize) -> (i64, i64) {
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    let row = &segments(&article)[at];
    (
        row["id"].as_i64().unwrap(),
        row["revision"].as_i64().unwrap(),
    )
}

/// Drops the trigger that keeps `revisions` append-only, as a database
/// writer can, and rewrites a revision's text under the trail.
async fn rewrite_under_the_trail(app: &TestApp, row: i64, revision: i64, text: &str) {
    let pool = app.store.pool();
    let drop = match app.store.backend() {
        galley_store::Backend::Sqlite => "DROP TRIGGER IF EXISTS revisions_append_only_update",
        galley_store::Backend::Postgres => {
            "DROP TRIGGER IF EXISTS revisions_append_only_update ON revisions"
        }
    };
    sqlx::query(drop).execute(pool).await.unwrap();
    sqlx::query("UPDATE revisions SET text = $1 WHERE segment_id = $2 AND revision = $3")
        .bind(text)
        .bind(row)
        .bind(revision)
        .execute(pool)
        .await
        .unwrap();
}

async fn the_disclosure_is_earned_by_the_trail(app: TestApp) {
    // A draft earns nothing: the answer names the missing step.
    let draft = app.submit().await["id"].as_i64().unwrap();
    let (status, problem) = app
        .get(&format!("/api/v1/articles/{draft}/disclosure"), &app.editor)
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("not_signed_off")),
        "{problem}"
    );

    let id = signed_off_article(&app).await;
    let (status, disclosure) = app
        .get(&format!("/api/v1/articles/{id}/disclosure"), &app.reporter)
        .await;
    assert_eq!(status, StatusCode::OK, "{disclosure}");
    assert!(disclosure["text"]
        .as_str()
        .unwrap()
        .starts_with("This article was originally written in Korean and translated by a bilingual reporter with the help of generative AI tools."));
    assert_eq!(disclosure["ai"]["model"], "gpt-4o-2024-08-06");
    assert_eq!(
        disclosure["bilingual_review"]["approved_by"]["name"],
        "reviewer"
    );
    assert_eq!(disclosure["native_edit"]["signed_off_by"]["name"], "editor");
    // The figures behind it: the reviewer filled one paragraph of eight.
    let share = disclosure["figures"]["ai_to_bilingual_review"]["changed_share"]
        .as_f64()
        .unwrap();
    assert!(share > 0.05 && share < 0.5, "{disclosure}");
    assert_eq!(
        disclosure["figures"]["bilingual_review_to_native_edit"]["changed_share"],
        0.0
    );
}
api_test!(the_disclosure_is_earned_by_the_trail);

/// `xmllint` validates against the official schema; CI installs it.
fn xmllint_available() -> bool {
    let found = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "xmllint (libxml2-utils) is required under CI to validate XLIFF"
    );
    found
}

async fn xliff_export_validates_and_round_trips(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    // A row's comments travel as notes (the schema validates them below).
    let row = segments(&article)[0]["id"].as_i64().unwrap();
    let (status, asked) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{row}/comments"),
            &app.reviewer,
            json!({"body": "Is <Gov.> house style?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let export = || {
        app.client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format=xliff",
                app.base
            ))
            .bearer_auth(&app.reviewer)
            .send()
    };
    let response = export().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xliff+xml")
    );
    let file = response.text().await.unwrap();
    assert!(file.contains(r#"version="2.1" srcLang="ko" trgLang="en""#));
    assert_eq!(file.matches("<unit ").count(), 8, "one unit per row");
    assert!(
        file.contains(&format!(
            r#"<note id="c{}" category="review-comment">reviewer: Is &lt;Gov.&gt; house style?</note>"#,
            asked["id"]
        )),
        "{file}"
    );

    let scratch = common::Scratch::new(&common::unique("xliff"));
    if xmllint_available() {
        let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/schemas/xliff-2.1/xliff_core_2.0.xsd");
        assert!(
            schema.is_file(),
            "the XLIFF schema is at {}",
            schema.display()
        );
        let path = scratch.file("export.xlf", &file);
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // A CAT tool edits one target; the import applies it as the importer's revision.
    let old =
        "The Bank of Korea will hold its last monetary policy meeting of the year on Nov. 30.";
    assert!(file.contains(old), "{file}");
    let edited = file.replace(
        old,
        "The Bank of Korea holds its last rate meeting of the year on Nov. 30.",
    );
    let import = |body: String, token: String| {
        let request = app
            .client
            .post(format!("{}/api/v1/articles/{id}/import", app.base))
            .bearer_auth(token)
            .header("content-type", "application/xliff+xml")
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, result) = import(edited.clone(), app.reviewer.clone()).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["applied"].as_array().unwrap().len(), 1);
    assert_eq!(result["unchanged"], 7);
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    let row = segments(&article)
        .into_iter()
        .find(|r| r["en"].as_str().unwrap().contains("rate meeting"))
        .expect("imported text");
    assert_eq!(row["revision"], 1);
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.reviewer)
        .await;
    let last = trail["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["payload"]["revision"].clone(),
            last["payload"]["sha256"].is_string(),
            last["actor"].clone()
        ),
        (json!(1), true, json!(format!("user:{}", 2)))
    );

    // The same file again changes nothing: its texts are the rows' texts.
    let (status, again) = import(edited.clone(), app.reviewer.clone()).await;
    assert_eq!(
        (status, again["applied"].clone(), again["unchanged"].clone()),
        (StatusCode::OK, json!([]), json!(8)),
        "{again}"
    );
    // Another edit on the same old base is stale now; nothing changes.
    let stale = file.replace(
        old,
        "The Bank of Korea holds its final rate meeting of the year on Nov. 30.",
    );
    let (status, problem) = import(stale, app.reviewer.clone()).await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("stale_revision")),
        "{problem}"
    );
    // A file for another article, a broken file, the wrong role.
    let other = app.submit().await["id"].as_i64().unwrap();
    let foreign = edited.replace(
        &format!("galley:article:{id}\""),
        &format!("galley:article:{other}\""),
    );
    let (status, problem) = import(foreign, app.reviewer.clone()).await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("wrong_article"))
    );
    let (status, problem) = import("<xliff".into(), app.reviewer.clone()).await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("body"))
    );
    let fresh = export().await.unwrap().text().await.unwrap();
    let (status, _) = import(
        fresh.replace("rate meeting", "policy meeting"),
        app.reporter.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, after) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(
        after["version"], article["version"],
        "refused imports change nothing"
    );
}
api_test!(xliff_export_validates_and_round_trips);

async fn tmx_and_json_exports(app: TestApp) {
    let draft = app.submit().await["id"].as_i64().unwrap();
    let (status, problem) = app
        .get(
            &format!("/api/v1/articles/{draft}/export?format=tmx"),
            &app.editor,
        )
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("not_signed_off"))
    );
    let (status, problem) = app
        .get(
            &format!("/api/v1/articles/{draft}/export?format=docx"),
            &app.editor,
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("format"))
    );

    let id = signed_off_article(&app).await;
    let get_text = |format: &str| {
        let request = app
            .client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format={format}",
                app.base
            ))
            .bearer_auth(&app.editor);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    let tmx = get_text("tmx").await;
    let document = roxmltree::Document::parse(&tmx).expect("TMX is XML");
    let root = document.root_element();
    assert_eq!(
        (root.tag_name().name(), root.attribute("version")),
        ("tmx", Some("1.4"))
    );
    let header = root
        .children()
        .find(|n| n.has_tag_name("header"))
        .expect("header");
    assert_eq!(header.attribute("srclang"), Some("ko"));
    let units: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("tu"))
        .collect();
    assert_eq!(
        units.len(),
        8,
        "every row has both sides once the gap is filled"
    );
    for unit in &units {
        let langs: Vec<_> = unit
            .children()
            .filter(|n| n.has_tag_name("tuv"))
            .map(|n| {
                n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(langs, ["ko", "en"]);
    }

    // The JSON export verifies offline; a forged byte does not.
    let json_file = get_text("json").await;
    let scratch = common::Scratch::new(&common::unique("export"));
    let path = scratch.file("article.json", &json_file);
    let out = common::galley(&["trail", "verify", "--file", common::path(&path)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("ok, "),
        "{}",
        common::stdout(&out)
    );
    let mut forged: Value = serde_json::from_str(&json_file).unwrap();
    let revisions = forged["revisions"].as_array_mut().unwrap();
    let human = revisions.iter_mut().find(|r| r["revision"] == 1).unwrap();
    human["text"] = json!(
        "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 9.9 trillion won in a single month!"
    );
    let path = scratch.file("forged.json", forged.to_string());
    let out = common::galley(&["trail", "verify", "--file", common::path(&path)]);
    assert!(!out.status.success());
    assert!(
        common::stdout(&out).contains("BROKEN"),
        "{}",
        common::stdout(&out)
    );
    let mut forged: Value = serde_json::from_str(&json_file).unwrap();
    forged["trail"][3]["payload"] = json!("{}");
    let path = scratch.file("forged-trail.json", forged.to_string());
    let out = common::galley(&["trail", "verify", "--file", common::path(&path)]);
    assert!(!out.status.success());
}
api_test!(tmx_and_json_exports);

/// Submits the test article and takes it into bilingual review; its rows.
async fn in_review(app: &TestApp) -> (i64, Vec<Value>) {
    let article = app.submit().await;
    let id = article["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reporter,
            json!({"action": "submit"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    (id, segments(&article))
}

/// Overrides every blocking finding of the article as `token`.
async fn override_all(app: &TestApp, id: i64, token: &str) {
    let (_, article) = app.get(&format!("/api/v1/articles/{id}"), token).await;
    for row in segments(&article) {
        for flag in row["flags"].as_array().unwrap() {
            if flag["blocking"] == json!(true) {
                let (status, body) = app
                    .post(
                        &format!("/api/v1/articles/{id}/segments/{}/overrides", row["id"]),
                        token,
                        json!({"key": flag["key"], "reason": "Checked against the Korean."}),
                    )
                    .await;
                assert_eq!(status, StatusCode::CREATED, "{body}");
            }
        }
    }
}

/// Marks every row reviewed as `token`.
async fn review_all(app: &TestApp, id: i64, token: &str) {
    let (_, article) = app.get(&format!("/api/v1/articles/{id}"), token).await;
    for row in segments(&article) {
        let (status, body) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{}/review", row["id"]),
                token,
                json!({"revision": row["revision"]}),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
}

fn bilingual_names(disclosure: &Value) -> Vec<String> {
    disclosure["bilingual_review"]["by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 13, reproductions 1 and 4: approving, or only overriding a finding,
/// is taking part in bilingual review; whoever did may not sign off, and the
/// disclosure names them among the bilingual reviewers.
async fn taking_part_is_one_notion(app: TestApp) {
    // 1: `reviewer` reviews every row, `dual` approves, then signs off.
    let (id, _) = in_review(&app).await;
    override_all(&app, id, &app.reviewer).await;
    review_all(&app, id, &app.reviewer).await;
    let transitions = format!("/api/v1/articles/{id}/transitions");
    let (status, _) = app
        .post(&transitions, &app.dual, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app
        .post(&transitions, &app.dual, json!({"action": "sign_off"}))
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::FORBIDDEN, json!("separation_of_duties")),
        "{problem}"
    );
    let disclosure = format!("/api/v1/articles/{id}/disclosure");
    let (status, problem) = app.get(&disclosure, &app.dual).await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("not_signed_off"))
    );
    let (status, _) = app
        .post(&transitions, &app.editor, json!({"action": "sign_off"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, earned) = app.get(&disclosure, &app.editor).await;
    assert_eq!(status, StatusCode::OK, "{earned}");
    assert_eq!(bilingual_names(&earned), ["reviewer", "dual"]);
    assert_eq!(earned["bilingual_review"]["approved_by"]["name"], "dual");

    // 4: `dual` only overrides the blocking findings; `reviewer` reviews and
    // approves; `dual` may not sign off.
    let (id, _) = in_review(&app).await;
    override_all(&app, id, &app.dual).await;
    review_all(&app, id, &app.reviewer).await;
    let transitions = format!("/api/v1/articles/{id}/transitions");
    let (status, _) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app
        .post(&transitions, &app.dual, json!({"action": "sign_off"}))
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::FORBIDDEN, json!("separation_of_duties")),
        "{problem}"
    );
    let (status, _) = app
        .post(&transitions, &app.editor, json!({"action": "sign_off"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, earned) = app
        .get(&format!("/api/v1/articles/{id}/disclosure"), &app.editor)
        .await;
    assert_eq!(status, StatusCode::OK, "{earned}");
    assert_eq!(bilingual_names(&earned), ["dual", "reviewer"]);
}
api_test!(taking_part_is_one_notion);

/// Issue 13, reproduction 6: a transition names the version the person saw;
/// a save committed after they looked makes it stale, and nothing moves.
async fn a_transition_names_the_version_it_saw(app: TestApp) {
    let (id, _) = in_review(&app).await;
    override_all(&app, id, &app.reviewer).await;
    review_all(&app, id, &app.reviewer).await;
    let transitions = format!("/api/v1/articles/{id}/transitions");
    app.post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    let (_, seen) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    let version = seen["version"].as_i64().unwrap();
    // Another editor saves a row after the first one looked.
    let row = &segments(&seen)[0];
    let (status, _) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{}", row["id"]),
            &app.dual,
            json!({"text": format!("{} Markets agreed.", row["en"].as_str().unwrap()), "base_revision": row["revision"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app
        .post(
            &transitions,
            &app.editor,
            json!({"action": "sign_off", "version": version}),
        )
        .await;
    assert_eq!(
        (
            status,
            problem["rule"].clone(),
            problem["current_version"].clone()
        ),
        (
            StatusCode::CONFLICT,
            json!("stale_version"),
            json!(version + 1)
        ),
        "{problem}"
    );
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    assert_eq!(
        (now["stage"].clone(), now["version"].clone()),
        (json!("native_edit"), json!(version + 1)),
        "a stale transition changes nothing"
    );
    // Without a version: 422 naming the field.
    let (status, problem) = app
        .call(
            reqwest::Method::POST,
            &transitions,
            Some(&app.editor),
            Some(json!({"action": "sign_off"})),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("version"))
    );
    // With the version now seen, it goes through.
    let (status, _) = app
        .post(
            &transitions,
            &app.editor,
            json!({"action": "sign_off", "version": version + 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}
api_test!(a_transition_names_the_version_it_saw);

/// The article and its trail, to compare before and after a refusal.
async fn snapshot(app: &TestApp, id: i64) -> (Value, Value) {
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.editor)
        .await;
    (article, trail)
}

/// A NUL (or another control character) in any
/// text is a 422 naming the field, on both backends, and nothing changes.
async fn control_characters_are_refused_naming_the_field(app: TestApp) {
    let (id, rows) = in_review(&app).await;
    let row = rows.iter().find(|r| r["en"] != "").expect("a row")["id"].clone();
    let before = snapshot(&app, id).await;
    let mut submission = submission();
    submission["title"] = json!("Rates\u{0000} held");
    let (status, problem) = app
        .post("/api/v1/articles", &app.reporter, submission)
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("title"))
    );
    let mut submission = self::submission();
    submission["ai"]["tool"] = json!("Chat\u{0000}GPT");
    let (status, problem) = app
        .post("/api/v1/articles", &app.reporter, submission)
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("ai.tool"))
    );
    let mut submission = self::submission();
    submission["draft"] = json!("The rate was held.\u{0007}");
    let (status, problem) = app
        .post("/api/v1/articles", &app.reporter, submission)
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("draft"))
    );
    let (status, problem) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{row}"),
            &app.reviewer,
            json!({"text": "The Bank of Korea\u{0000} held.", "base_revision": 0}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("text")),
        "{problem}"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("U+0000"),
        "{problem}"
    );
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{row}/overrides"),
            &app.reviewer,
            json!({"key": "numbers:x", "reason": "checked\u{0000}"}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("reason"))
    );
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "return", "note": "see row 2\u{0000}"}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("note"))
    );
    assert_eq!(snapshot(&app, id).await, before, "nothing changed");
    let (_, list) = app.get("/api/v1/articles?limit=200", &app.editor).await;
    assert_eq!(
        list["articles"].as_array().map(Vec::len),
        Some(1),
        "no article added"
    );
}
api_test!(control_characters_are_refused_naming_the_field);

/// Texts are stored in NFC; a save of the text
/// a row has, in another Unicode form, is a no-op answered with the current
/// revision (the review stands); an NFD title is found by an NFC search.
async fn texts_are_stored_in_nfc(app: TestApp) {
    let (id, rows) = in_review(&app).await;
    let row = rows.iter().find(|r| r["en"] != "").expect("a row")["id"].clone();
    let path = format!("/api/v1/articles/{id}/segments/{row}");
    let (status, saved) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "Cafe\u{301} prices rose.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["text"].clone(), saved["revision"].clone()),
        (json!("Café prices rose."), json!(1))
    );
    // The new text lost the row's figures: a blocking finding, overridden
    // here so the row can be marked reviewed.
    override_all(&app, id, &app.reviewer).await;
    let (status, _) = app
        .post(
            &format!("{path}/review"),
            &app.reviewer,
            json!({"revision": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let before = snapshot(&app, id).await;
    let (status, again) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "Cafe\u{301} prices rose. ", "base_revision": 1}),
        )
        .await;
    assert_eq!(
        (status, again["revision"].clone()),
        (StatusCode::OK, json!(1)),
        "{again}"
    );
    assert_eq!(
        snapshot(&app, id).await,
        before,
        "no revision, no event, still reviewed"
    );
    let mut submission = submission();
    submission["title"] = json!("Cafe\u{301} owners protest");
    let (status, _) = app
        .post("/api/v1/articles", &app.reporter, submission)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, found) = app.get("/api/v1/articles?q=caf%C3%A9", &app.editor).await;
    assert_eq!(
        found["articles"][0]["title"], "Café owners protest",
        "{found}"
    );
}
api_test!(texts_are_stored_in_nfc);

/// Every way in meets the same limits.
async fn every_way_in_meets_the_row_limit(app: TestApp) {
    // One English paragraph of 25,000 distinct words (about 197,000
    // characters): refused before it is aligned.
    let words: Vec<String> = (0..25_000).map(|k| format!("w{k:x}ord")).collect();
    let mut submission = submission();
    submission["draft"] = json!(words.join(" "));
    let (status, problem) = app
        .post("/api/v1/articles", &app.reporter, submission)
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("draft")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("the limit is 50000"),
        "{problem}"
    );

    let (id, rows) = in_review(&app).await;
    // The body: the headline row is never merged.
    let rows = rows[1..].to_vec();
    let before = snapshot(&app, id).await;
    // An import with a 1,000,000-character target: refused whole.
    let file = app
        .client
        .get(format!(
            "{}/api/v1/articles/{id}/export?format=xliff",
            app.base
        ))
        .bearer_auth(&app.reviewer)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let old =
        "The Bank of Korea will hold its last monetary policy meeting of the year on Nov. 30.";
    assert!(file.contains(old));
    let huge = file.replace(old, &"x".repeat(1_000_000));
    let response = app
        .client
        .post(format!("{}/api/v1/articles/{id}/import", app.base))
        .bearer_auth(&app.reviewer)
        .header("content-type", "application/xliff+xml")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = response.json().await.unwrap();
    assert!(
        problem["field"].as_str().unwrap().ends_with("target"),
        "{problem}"
    );
    // A save over the limit, and a merge whose row would be over it.
    let texts: Vec<&Value> = rows
        .iter()
        .filter(|r| r["en"] != "")
        .map(|r| &r["id"])
        .collect();
    let (status, problem) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{}", texts[0]),
            &app.reviewer,
            json!({"text": "y".repeat(50_001), "base_revision": 0}),
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("text"))
    );
    assert_eq!(snapshot(&app, id).await, before, "nothing changed");
    let (first, second) = (&rows[0], &rows[1]);
    for row in [first, second] {
        let (status, _) = app
            .put(
                &format!("/api/v1/articles/{id}/segments/{}", row["id"]),
                &app.reviewer,
                json!({"text": "z ".repeat(15_000), "base_revision": row["revision"]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let before = snapshot(&app, id).await;
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{}/merge", first["id"]),
            &app.reviewer,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("limit"),
        "{problem}"
    );
    assert_eq!(snapshot(&app, id).await, before, "nothing changed");
}
api_test!(every_way_in_meets_the_row_limit);

/// `DELETE /api/v1/tokens/current` revokes the token it is sent with: the
/// next call with it is 401, another person's token still works, and a
/// second revocation is 401 too (the token is unknown by then).
async fn a_token_revokes_itself(app: TestApp) {
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            "/api/v1/tokens/current",
            Some(&app.reporter),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, problem) = app.get("/api/v1/articles", &app.reporter).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
    let (status, _) = app.get("/api/v1/articles", &app.editor).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            "/api/v1/tokens/current",
            Some(&app.reporter),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
api_test!(a_token_revokes_itself);

async fn a_split_of_the_ais_run_on_paragraph_is_not_counted_as_change(app: TestApp) {
    // The AI ran two Korean paragraphs into one English paragraph; the
    // reviewer breaks it where the Korean breaks and splits the row. Not a
    // word of the English changed.
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Rates on hold",
                "source": "물가가 3% 올랐다.\n\n한국은행은 기준금리를 동결했다.",
                "draft": "Prices rose 3 percent. The Bank of Korea kept its key rate on hold.",
                "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let id = article["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/articles/{id}/transitions"),
        &app.reporter,
        json!({"action": "submit"}),
    )
    .await;
    let rows = body_rows(&article);
    let joined = rows
        .iter()
        .position(|r| r["ko"].as_array().unwrap().len() == 2)
        .map(|i| rows[i].clone());
    let (first, broken) = match joined {
        // One 2–1 row: break the English and split it.
        Some(row) => (row, true),
        // Or a row each, the second without English: move the clause down.
        None => (rows[0].clone(), false),
    };
    let segment = first["id"].as_i64().unwrap();
    let text = if broken {
        "Prices rose 3 percent.\n\nThe Bank of Korea kept its key rate on hold."
    } else {
        "Prices rose 3 percent."
    };
    let (status, saved) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{segment}"),
            &app.reviewer,
            json!({"text": text, "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    if broken {
        let (status, split) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{segment}/split"),
                &app.reviewer,
                json!({"ko_at": 1, "en_at": 1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{split}");
        assert_eq!(body_rows(&split).len(), 2);
    } else {
        let second = rows[1]["id"].as_i64().unwrap();
        let (status, saved) = app
            .put(
                &format!("/api/v1/articles/{id}/segments/{second}"),
                &app.reviewer,
                json!({"text": "The Bank of Korea kept its key rate on hold.", "base_revision": 0}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
    }
    let (_, metrics) = app
        .get(&format!("/api/v1/articles/{id}/metrics"), &app.reviewer)
        .await;
    let step = &metrics["ai_to_bilingual_review"]["article"];
    assert_eq!(step["changed_share"], 0.0, "{metrics}");
    assert_eq!(step["ter"].as_f64(), Some(0.0), "{metrics}");
    // A real fix in the split passage is counted once: one word of 17 (the
    // headline's three and the body's fourteen).
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    let last = segments(&now).last().unwrap().clone();
    let (status, saved) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{}", last["id"]),
            &app.reviewer,
            json!({"text": "The Bank of Korea kept its base rate on hold.", "base_revision": last["revision"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, metrics) = app
        .get(&format!("/api/v1/articles/{id}/metrics"), &app.reviewer)
        .await;
    let share = metrics["ai_to_bilingual_review"]["article"]["changed_share"]
        .as_f64()
        .unwrap();
    assert!((share - 1.0 / 17.0).abs() < 1e-3, "{metrics}");
}
api_test!(a_split_of_the_ais_run_on_paragraph_is_not_counted_as_change);

async fn revert_brings_back_an_earlier_text_as_a_new_revision(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let row = &segments(&article)[0];
    let segment = row["id"].as_i64().unwrap();
    let draft = row["en"].as_str().unwrap().to_string();
    let path = format!("/api/v1/articles/{id}/segments/{segment}");
    let (status, _) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "A first rewrite.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let revert = format!("{path}/revert");
    // Nothing changes on a bad request: an unknown revision, the current
    // text, a stale base, the wrong role.
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        (
            &app.reviewer,
            json!({"revision": 7, "base_revision": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "revision",
        ),
        (
            &app.reviewer,
            json!({"revision": 1, "base_revision": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "revision",
        ),
        (
            &app.reviewer,
            json!({"revision": 0, "base_revision": 0}),
            StatusCode::CONFLICT,
            "stale_revision",
        ),
        (
            &app.editor,
            json!({"revision": 0, "base_revision": 1}),
            StatusCode::FORBIDDEN,
            "role_required",
        ),
    ];
    app.refuses(&revert, cases).await;
    let (status, saved) = app
        .post(
            &revert,
            &app.reviewer,
            json!({"revision": 0, "base_revision": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["revision"].as_i64(), saved["text"].as_str()),
        (Some(2), Some(draft.as_str()))
    );
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.reviewer)
        .await;
    let saves = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["payload"]["base_revision"].is_i64())
        .count();
    assert_eq!(saves, 2, "the revert is a revision in the trail");
}
api_test!(revert_brings_back_an_earlier_text_as_a_new_revision);

async fn find_and_replace_changes_the_previewed_rows_and_names_those_it_refused(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let rows = segments(&article);
    let with = |needle: &str| -> Vec<&Value> {
        rows.iter()
            .filter(|r| r["en"].as_str().unwrap().contains(needle))
            .collect()
    };
    let matching = with("the");
    assert!(matching.len() >= 3, "{article}");
    let path = format!("/api/v1/articles/{id}/replace");
    let rows_body = |rows: &[&Value]| -> Value {
        rows.iter()
            .map(|r| json!({"segment": r["id"], "base_revision": r["revision"]}))
            .collect()
    };
    // Bad requests change nothing.
    let long = "x".repeat(501);
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        (
            &app.reviewer,
            json!({"find": "", "replace": "a", "rows": rows_body(&matching)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "find",
        ),
        (
            &app.reviewer,
            json!({"find": "the\u{0}", "replace": "a", "rows": rows_body(&matching)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "find",
        ),
        (
            &app.reviewer,
            json!({"find": long, "replace": "a", "rows": rows_body(&matching)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "find",
        ),
        (
            &app.editor,
            json!({"find": "the", "replace": "a", "rows": rows_body(&matching)}),
            StatusCode::FORBIDDEN,
            "role_required",
        ),
    ];
    app.refuses(&path, cases).await;
    let (_, unchanged) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(segments(&unchanged), rows, "nothing changed");
    // One row changes after the preview; one row has no match.
    let stale = matching[1]["id"].as_i64().unwrap();
    let (status, _) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{stale}"),
            &app.reviewer,
            json!({"text": "Changed by hand, the other way.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let none = rows
        .iter()
        .find(|r| !r["en"].as_str().unwrap().contains(" the "))
        .unwrap();
    let mut asked: Vec<&Value> = matching.clone();
    asked.push(none);
    let (status, answer) = app
        .post(
            &path,
            &app.reviewer,
            json!({"find": " the ", "replace": " THE ", "rows": rows_body(&asked)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let refused: Vec<(i64, &str)> = answer["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["segment"].as_i64().unwrap(), r["rule"].as_str().unwrap()))
        .collect();
    assert!(refused.contains(&(stale, "stale_revision")), "{answer}");
    assert!(
        refused.contains(&(none["id"].as_i64().unwrap(), "no_match")),
        "{answer}"
    );
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for done in answer["replaced"].as_array().unwrap() {
        let row = segments(&now)
            .into_iter()
            .find(|r| r["id"] == done["segment"])
            .unwrap();
        assert!(row["en"].as_str().unwrap().contains(" THE "), "{row}");
        assert!(!row["en"].as_str().unwrap().contains(" the "), "{row}");
        assert_eq!(row["revision"], done["revision"]);
    }
    assert!(!answer["replaced"].as_array().unwrap().is_empty());
    // The row changed by hand keeps its text.
    let kept = segments(&now)
        .into_iter()
        .find(|r| r["id"] == stale)
        .unwrap();
    assert_eq!(kept["en"], "Changed by hand, the other way.");
}
api_test!(find_and_replace_changes_the_previewed_rows_and_names_those_it_refused);

async fn a_review_marked_by_mistake_is_taken_back_and_the_trail_still_verifies(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let segment = segments(&article)[0]["id"].as_i64().unwrap();
    let review = format!("/api/v1/articles/{id}/segments/{segment}/review");
    let (status, _) = app
        .post(&review, &app.reviewer, json!({"revision": 0}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The wrong role, a stale revision and no revision change nothing.
    let (status, problem) = app
        .call(
            reqwest::Method::DELETE,
            &format!("{review}?revision=0"),
            Some(&app.editor),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::FORBIDDEN, Some("role_required"))
    );
    let (status, problem) = app
        .call(
            reqwest::Method::DELETE,
            &format!("{review}?revision=3"),
            Some(&app.reviewer),
            None,
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("stale_revision"))
    );
    let (status, _) = app
        .call(reqwest::Method::DELETE, &review, Some(&app.reviewer), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(segments(&now)[0]["reviewed"], true);
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            &format!("{review}?revision=0"),
            Some(&app.reviewer),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(segments(&now)[0]["reviewed"], false);
    // Twice is refused: it is not marked any more.
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            &format!("{review}?revision=0"),
            Some(&app.reviewer),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, verdict) = app
        .get(
            &format!("/api/v1/articles/{id}/trail/verify"),
            &app.reviewer,
        )
        .await;
    assert_eq!(verdict["ok"], true, "{verdict}");
}
api_test!(a_review_marked_by_mistake_is_taken_back_and_the_trail_still_verifies);

async fn comment_threads_follow_their_rows_and_a_question_holds_approval(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let rows = body_rows(&article);
    let (first, second) = (
        rows[0]["id"].as_i64().unwrap(),
        rows[1]["id"].as_i64().unwrap(),
    );
    let on = |row: i64| format!("/api/v1/articles/{id}/segments/{row}/comments");
    // A question that needs an answer, mentioning the editor.
    let (status, asked) = app
        .post(
            &on(second),
            &app.reviewer,
            json!({"body": "@editor is '35 billion' right? The Korean says 3500억.", "blocking": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let thread = asked["id"].as_i64().unwrap();
    assert_eq!(asked["mentions"][0]["name"], "editor");
    assert_eq!(
        (asked["blocking"].as_bool(), asked["resolved"].as_bool()),
        (Some(true), Some(false))
    );
    // Bad comments change nothing.
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        (
            &app.editor,
            json!({"body": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "body",
        ),
        (
            &app.editor,
            json!({"body": "x", "colour": "red"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "colour",
        ),
    ];
    app.refuses(&on(second), cases).await;
    let (status, _) = app
        .post(
            &on(second),
            &app.editor,
            json!({"body": "x", "reply_to": 999_999}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post(
            &on(second),
            &app.editor,
            json!({"body": "x", "reply_to": thread, "blocking": true}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The editor answers in the thread.
    let (status, reply) = app
        .post(
            &on(second),
            &app.editor,
            json!({"body": "350 billion: 3500억 is 350,000,000,000.", "reply_to": thread}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    assert_eq!(reply["reply_to"], thread);
    // Every row reviewed, the number fixed, the question still open:
    // approval waits for it.
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for row in segments(&now) {
        for flag in row["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["blocking"] == true)
        {
            app.post(
                &format!("/api/v1/articles/{id}/segments/{}/overrides", row["id"]),
                &app.reviewer,
                json!({"key": flag["key"], "reason": "checked"}),
            )
            .await;
        }
    }
    // Merge rows 1 and 2: the thread moves to the merged row.
    let (status, merged) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{first}/merge"),
            &app.reviewer,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    let into = body_rows(&merged)[0]["id"].as_i64().unwrap();
    let (_, listed) = app.get(&on(into), &app.reviewer).await;
    let ids: Vec<i64> = listed["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [thread, reply["id"].as_i64().unwrap()]);
    // Split it again: the thread stays with the first half.
    let (status, split) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{into}/split"),
            &app.reviewer,
            json!({"ko_at": 1, "en_at": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{split}");
    let half = body_rows(&split)[0]["id"].as_i64().unwrap();
    let (_, listed) = app.get(&on(half), &app.reviewer).await;
    assert_eq!(listed["comments"].as_array().unwrap().len(), 2);
    let (_, all) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for row in segments(&all) {
        app.post(
            &format!("/api/v1/articles/{id}/segments/{}/review", row["id"]),
            &app.reviewer,
            json!({"revision": row["revision"]}),
        )
        .await;
    }
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("open_threads")),
        "{problem}"
    );
    // Resolved (not twice, not by its reply), it lets the article go.
    let resolve = format!("/api/v1/articles/{id}/comments/{thread}/resolve");
    let (status, _) = app
        .post(
            &format!("/api/v1/articles/{id}/comments/{}/resolve", reply["id"]),
            &app.editor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, resolved) = app.post(&resolve, &app.editor, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["resolved_by"]["name"], "editor");
    let (status, _) = app.post(&resolve, &app.editor, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, moved) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    // The trail has every comment and the resolve, and still verifies.
    let (_, verdict) = app
        .get(
            &format!("/api/v1/articles/{id}/trail/verify"),
            &app.reviewer,
        )
        .await;
    assert_eq!(verdict["ok"], true, "{verdict}");
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.reviewer)
        .await;
    let comments = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        // Comments carry a text; a resolve names its thread and nothing else.
        .filter(|e| {
            e["payload"]["text"].is_string()
                || e["payload"]
                    .as_object()
                    .is_some_and(|p| p.len() == 1 && p.values().all(Value::is_i64))
        })
        .count();
    assert_eq!(comments, 3, "two comments and a resolve");
}
api_test!(comment_threads_follow_their_rows_and_a_question_holds_approval);

async fn a_return_reaches_the_reporter_who_replaces_the_draft(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    // Replacing is the reporter's, in draft only.
    let replacement = json!({
        "title": "Bank of Korea holds its key rate",
        "source": "한국은행이 기준금리를 동결했다.\n\n물가는 안정세다.",
        "draft": "The Bank of Korea held its key rate.\n\nInflation is stable.",
        "ai": {"tool": "DeepL", "model": "deepl-2026"}
    });
    let (status, problem) = app.put(&path, &app.reporter, replacement.clone()).await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("read_only_in_stage")),
        "{problem}"
    );
    let (status, returned) = app
        .post(
            &format!("{path}/transitions"),
            &app.reviewer,
            json!({"action": "return", "note": "The second paragraph is missing a figure."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    let (_, now) = app.get(&path, &app.reporter).await;
    assert_eq!(now["stage"], "draft");
    assert_eq!(
        now["returned"]["note"],
        "The second paragraph is missing a figure."
    );
    assert!(
        now["returned"]["by"].is_i64() && now["returned"]["at"].is_string(),
        "{now}"
    );
    let (status, problem) = app.put(&path, &app.reviewer, replacement.clone()).await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::FORBIDDEN, Some("role_required")),
        "{problem}"
    );
    let mut empty = replacement.clone();
    empty["source"] = json!("");
    let (status, problem) = app.put(&path, &app.reporter, empty).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("source")),
        "{problem}"
    );
    let mut nul = replacement.clone();
    nul["draft"] = json!("The Bank\u{0} of Korea.");
    let (status, problem) = app.put(&path, &app.reporter, nul).await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("draft")),
        "{problem}"
    );
    let (_, unchanged) = app.get(&path, &app.reporter).await;
    assert_eq!(
        unchanged["version"], now["version"],
        "refusals change nothing"
    );
    // The reporter's replacement is aligned again and recorded.
    let (status, replaced) = app.put(&path, &app.reporter, replacement).await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["title"], "Bank of Korea holds its key rate");
    assert_eq!(replaced["ai"]["tool"], "DeepL");
    let rows = body_rows(&replaced);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["en"], "Inflation is stable.");
    assert!(rows.iter().all(|r| r["revision"] == 0));
    let (_, verdict) = app
        .get(&format!("{path}/trail/verify"), &app.reporter)
        .await;
    assert_eq!(verdict["ok"], true, "{verdict}");
    // Submitted again, it goes back to review and the return is behind it.
    let (status, _) = app
        .post(
            &format!("{path}/transitions"),
            &app.reporter,
            json!({"action": "submit"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, again) = app.get(&path, &app.reviewer).await;
    assert_eq!(again["stage"], "bilingual_review");
    assert!(again.get("returned").is_none(), "{again}");
    let (_, verdict) = app
        .get(&format!("{path}/trail/verify"), &app.reporter)
        .await;
    assert_eq!(verdict["ok"], true, "{verdict}");
}
api_test!(a_return_reaches_the_reporter_who_replaces_the_draft);

async fn a_signed_off_article_is_handed_to_the_cms_with_its_disclosure(app: TestApp) {
    let draft = app.submit().await["id"].as_i64().unwrap();
    let get = |id: i64, format: &'static str| {
        app.client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format={format}",
                app.base
            ))
            .bearer_auth(&app.editor)
            .send()
    };
    let refused = get(draft, "html").await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["rule"], "not_signed_off");
    let id = signed_off_article(&app).await;
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    let (_, disclosure) = app
        .get(&format!("/api/v1/articles/{id}/disclosure"), &app.editor)
        .await;
    let line = disclosure["text"].as_str().unwrap().to_string();
    for (format, content_type) in [
        ("text", "text/plain"),
        ("html", "text/html"),
        ("markdown", "text/markdown"),
    ] {
        let response = get(id, format).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{format}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(content_type),
            "{format}"
        );
        let body = response.text().await.unwrap();
        assert!(body.contains(&line), "{format}: {body}");
        if format == "html" {
            assert!(body.starts_with("<article lang=\"en\">"), "{body}");
            assert!(body.contains(&format!(r#"<p class="disclosure">{line}</p>"#)));
            assert!(!body.contains("style="));
        }
        // As a reader sees it: HTML's entities and Markdown's escapes undone.
        let body = body
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace('\\', "");
        // Every row's English is there, in order, before the line.
        let mut at = 0;
        for row in segments(&article) {
            let first = row["en"].as_str().unwrap().split("\n\n").next().unwrap();
            let words: String = first
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let found = body[at..]
                .find(&words)
                .unwrap_or_else(|| panic!("{format}: {words} in {body}"));
            at += found;
        }
        assert!(
            body.find(&line).unwrap() > at,
            "{format}: the line comes last"
        );
        if format == "html" {
            assert!(body.starts_with("<article lang=\"en\">"), "{body}");
            assert!(body.contains(&format!(r#"<p class="disclosure">{line}</p>"#)));
            assert!(!body.contains("style="));
        }
    }
}
api_test!(a_signed_off_article_is_handed_to_the_cms_with_its_disclosure);

async fn assignment_names_who_is_responsible_and_keeps_separation_of_duties(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let path = |stage: &str| format!("/api/v1/articles/{id}/assignments/{stage}");
    let user_id = |name: &str| {
        let name = name.to_string();
        let store = app.store.clone();
        async move {
            galley_store::Accounts::user_by_name(&store, &name)
                .await
                .unwrap()
                .id
        }
    };
    let (reviewer, editor, dual, reporter) = (
        user_id("reviewer").await,
        user_id("editor").await,
        user_id("dual").await,
        user_id("reporter").await,
    );
    // The dual-role person takes part in the bilingual review.
    let row = &segments(&article)[0];
    let (status, _) = app
        .put(
            &format!("/api/v1/articles/{id}/segments/{}", row["id"]),
            &app.dual,
            json!({"text": "Edited by the dual-role reviewer.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        // Only someone who may act in the stage (or an admin) assigns it …
        (
            &app.reporter,
            json!({"assignee": reviewer}),
            StatusCode::FORBIDDEN,
            "role_required",
        ),
        // … only to someone who may act in it …
        (
            &app.reviewer,
            json!({"assignee": reporter}),
            StatusCode::FORBIDDEN,
            "role_required",
        ),
        // … with a due time that is a time.
        (
            &app.reviewer,
            json!({"assignee": reviewer, "due": "tomorrow"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "due",
        ),
    ];
    app.refuses_as(reqwest::Method::PUT, &path("bilingual_review"), cases)
        .await;
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        // Who took part in the bilingual review cannot be given native edit.
        (
            &app.editor,
            json!({"assignee": dual}),
            StatusCode::FORBIDDEN,
            "separation_of_duties",
        ),
    ];
    app.refuses_as(reqwest::Method::PUT, &path("native_edit"), cases)
        .await;
    let (status, problem) = app
        .call(
            reqwest::Method::PUT,
            &path("draft"),
            Some(&app.reviewer),
            Some(json!({"assignee": reviewer})),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("stage_forbids_action")),
        "{problem}"
    );
    let (status, problem) = app
        .call(
            reqwest::Method::PUT,
            &path("lunch"),
            Some(&app.reviewer),
            Some(json!({"assignee": reviewer})),
        )
        .await;
    assert_eq!(
        (status, problem["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("stage")),
        "{problem}"
    );
    // Assigned, with a due time given in Seoul and kept in UTC.
    let (status, assigned) = app
        .call(
            reqwest::Method::PUT,
            &path("bilingual_review"),
            Some(&app.reviewer),
            Some(json!({"assignee": reviewer, "due": "2026-12-04T18:00:00+09:00"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{assigned}");
    assert_eq!(assigned["due"], "2026-12-04T09:00:00Z");
    let (status, _) = app
        .call(
            reqwest::Method::PUT,
            &path("native_edit"),
            Some(&app.editor),
            Some(json!({"assignee": editor})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(now["assignments"].as_array().unwrap().len(), 2, "{now}");
    // Taken back: nobody is responsible any more.
    let (status, back) = app
        .call(
            reqwest::Method::PUT,
            &path("native_edit"),
            Some(&app.editor),
            Some(json!({"assignee": null})),
        )
        .await;
    assert_eq!(
        (status, back["assignee"].is_null()),
        (StatusCode::OK, true),
        "{back}"
    );
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(now["assignments"].as_array().unwrap().len(), 1, "{now}");
    let (_, verdict) = app
        .get(
            &format!("/api/v1/articles/{id}/trail/verify"),
            &app.reviewer,
        )
        .await;
    assert_eq!(verdict["ok"], true, "{verdict}");
}
api_test!(assignment_names_who_is_responsible_and_keeps_separation_of_duties);

/// A person's notifications: (reason, stage, detail, link) newest first, and
/// the unread count.
async fn inbox(app: &TestApp, token: &str) -> (i64, Vec<(String, Value, Value, String)>, Vec<i64>) {
    let (status, body) = app.get("/api/v1/notifications", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let items = body["notifications"].as_array().unwrap();
    (
        body["unread"].as_i64().unwrap(),
        items
            .iter()
            .map(|n| {
                (
                    n["reason"].as_str().unwrap().to_string(),
                    n["stage"].clone(),
                    n["detail"].clone(),
                    n["link"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
        items.iter().map(|n| n["id"].as_i64().unwrap()).collect(),
    )
}

async fn notifications_tell_each_person_what_concerns_them(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let row = segments(&article)[1]["id"].as_i64().unwrap();
    // The article arrived in bilingual review: both who work that stage
    // are told; the reporter who sent it is not.
    let (unread, items, _) = inbox(&app, &app.reviewer).await;
    assert_eq!(unread, 1);
    assert_eq!(
        items,
        [(
            "arrival".to_string(),
            json!("bilingual_review"),
            Value::Null,
            format!("/articles/{id}")
        )]
    );
    assert_eq!(inbox(&app, &app.dual).await.0, 1);
    assert_eq!(inbox(&app, &app.reporter).await.0, 0);

    // A question mentioning the editor reaches the editor, at the row.
    let on = format!("/api/v1/articles/{id}/segments/{row}/comments");
    let (_, asked) = app
        .post(
            &on,
            &app.reviewer,
            json!({"body": "@editor is 3.5% right here?", "blocking": true}),
        )
        .await;
    let (unread, items, ids) = inbox(&app, &app.editor).await;
    assert_eq!(unread, 1);
    assert_eq!(items[0].0, "mention");
    assert_eq!(items[0].2, "@editor is 3.5% right here?");
    assert_eq!(items[0].3, format!("/articles/{id}?open=threads#row-{row}"));
    let (_, full) = app.get("/api/v1/notifications", &app.editor).await;
    assert_eq!(full["notifications"][0]["thread"], asked["id"]);
    assert_eq!(full["notifications"][0]["actor"]["name"], "reviewer");
    // The answer reaches the one who asked, as a reply in their thread.
    app.post(
        &on,
        &app.editor,
        json!({"body": "Yes, the bank's statement says 3.5%.", "reply_to": asked["id"]}),
    )
    .await;
    let (unread, items, _) = inbox(&app, &app.reviewer).await;
    assert_eq!(unread, 2);
    assert_eq!(items[0].0, "reply");

    // An assignment reaches its assignee, unless they assigned themselves.
    let (status, _) = app
        .put(
            &format!("/api/v1/articles/{id}/assignments/native_edit"),
            &app.editor,
            json!({"assignee": galley_store::Accounts::user_by_name(&app.store, "dual").await.unwrap().id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, items, _) = inbox(&app, &app.dual).await;
    assert_eq!(items[0].0, "assignment");
    assert_eq!(items[0].1, json!("native_edit"));

    // A return reaches the reporter, with its note.
    let (status, body) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "return", "note": "Paragraph 3 is missing."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (unread, items, reporter_ids) = inbox(&app, &app.reporter).await;
    assert_eq!(unread, 1);
    assert_eq!(
        (items[0].0.as_str(), &items[0].2),
        ("return", &json!("Paragraph 3 is missing."))
    );

    // Read and unread: one's own only, then all; bad asks change nothing.
    let read = "/api/v1/notifications/read";
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        (
            &app.editor,
            json!({}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ids",
        ),
        (
            &app.editor,
            json!({"ids": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ids",
        ),
        (
            &app.editor,
            json!({"ids": [1], "all": true}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ids",
        ),
    ];
    app.refuses(read, cases).await;
    let (status, body) = app
        .post(read, &app.editor, json!({"ids": reporter_ids}))
        .await;
    assert_eq!((status, body["marked"].as_u64()), (StatusCode::OK, Some(0)));
    assert_eq!(inbox(&app, &app.reporter).await.0, 1);
    let (_, body) = app.post(read, &app.editor, json!({"ids": ids})).await;
    assert_eq!(
        (body["marked"].as_u64(), body["unread"].as_i64()),
        (Some(1), Some(0))
    );
    let (_, body) = app.post(read, &app.reviewer, json!({"all": true})).await;
    assert_eq!(
        (body["marked"].as_u64(), body["unread"].as_i64()),
        (Some(2), Some(0))
    );
    let (_, unread_only) = app
        .get("/api/v1/notifications?unread=true", &app.reviewer)
        .await;
    assert_eq!(unread_only["notifications"], json!([]));
    let (_, all) = app.get("/api/v1/notifications", &app.reviewer).await;
    assert_eq!(all["notifications"].as_array().unwrap().len(), 2);
    assert_eq!(all["notifications"][0]["read"], true);
    let (status, problem) = app
        .get("/api/v1/notifications?limit=0", &app.reviewer)
        .await;
    common::assert_problem((status, &problem), 422, None, Some("limit"));

    // A sign-off reaches the article's reporter.
    let signed = signed_off_article(&app).await;
    let (_, items, _) = inbox(&app, &app.reporter).await;
    assert_eq!(
        (items[0].0.as_str(), items[0].3.as_str()),
        ("sign_off", format!("/articles/{signed}").as_str())
    );
}
api_test!(notifications_tell_each_person_what_concerns_them);

async fn only_an_admin_manages_webhooks_and_bad_endpoints_are_refused(app: TestApp) {
    let (_, admin) = common::person(&app.store, "admin", &[Role::Admin], None).await;
    let path = "/api/v1/webhooks";
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        (
            &app.editor,
            json!({"url": "https://cms.example/hook", "events": ["article.signed_off"]}),
            StatusCode::FORBIDDEN,
            "role_required",
        ),
        (
            &admin,
            json!({"url": "ftp://cms.example/hook", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        (
            &admin,
            json!({"url": "https://cms.example/hook", "events": ["article.published"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "events",
        ),
        (
            &admin,
            json!({"url": "https://cms.example/hook", "events": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "events",
        ),
    ];
    app.refuses(path, cases).await;
    assert_eq!(app.get(path, &admin).await.1["webhooks"], json!([]));
    let (status, added) = app
        .post(
            path,
            &admin,
            json!({"url": "http://127.0.0.1:9/hook", "events": ["article.signed_off", "comment.created"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert!(added["secret"].as_str().unwrap().starts_with("whsec_"));
    let (_, listed) = app.get(path, &admin).await;
    assert_eq!(
        listed["webhooks"][0]["events"],
        json!(["article.signed_off", "comment.created"])
    );
    assert!(listed["webhooks"][0].get("secret").is_none(), "{listed}");
    // The delivery is written with its event, before anything is sent (no
    // worker runs under this test's server).
    let id = signed_off_article(&app).await;
    let (_, deliveries) = app.get("/api/v1/webhooks/deliveries", &admin).await;
    let first = &deliveries["deliveries"][0];
    assert_eq!(
        (
            first["event"].as_str(),
            first["state"].as_str(),
            first["article"].as_i64()
        ),
        (Some("article.signed_off"), Some("pending"), Some(id))
    );
    let (_, one) = app
        .get(
            &format!("/api/v1/webhooks/deliveries/{}", first["id"]),
            &admin,
        )
        .await;
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.editor)
        .await;
    let events = trail["events"].as_array().unwrap();
    assert_eq!(
        one["payload"]["data"]["trail_head"],
        events.last().unwrap()["hash"]
    );
    assert_eq!(one["message_id"], format!("msg_{id}_{}", events.len()));
    // A pending delivery is not re-sent twice; a switched-off endpoint gets nothing more.
    let (status, problem) = app
        .post(
            &format!("/api/v1/webhooks/deliveries/{}/resend", first["id"]),
            &admin,
            json!({}),
        )
        .await;
    common::assert_problem((status, &problem), 422, None, None);
    let (status, off) = app
        .call(
            reqwest::Method::DELETE,
            &format!("{path}/{}", added["id"]),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(off["disabled_at"].is_string());
    signed_off_article(&app).await;
    let (_, after) = app.get("/api/v1/webhooks/deliveries", &admin).await;
    assert_eq!(after["deliveries"], deliveries["deliveries"]);
    let (status, _) = app.get("/api/v1/webhooks/deliveries", &app.editor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
api_test!(only_an_admin_manages_webhooks_and_bad_endpoints_are_refused);

/// Issue 19: the Korean of a six-paragraph article, in paragraphs.
const SOURCE_V1: [&str; 6] = [
    "서울시는 새 교통 정책을 발표했다.",
    "시장은 버스 요금을 올린다고 말했다.",
    "시민단체는 즉각 반발했다.",
    "정책은 내년 봄부터 시행된다.",
    "전문가들은 효과가 제한적일 것이라고 내다봤다.",
    "시는 다음 달 공청회를 연다.",
];
const DRAFT_V1: [&str; 6] = [
    "Seoul announced a new transport policy.",
    "The mayor said bus fares would rise.",
    "Civic groups objected at once.",
    "The policy takes effect next spring.",
    "Experts expected the effect to be limited.",
    "The city will hold a public hearing next month.",
];

/// Posts a new version of the Korean as `token`.
async fn revise(app: &TestApp, id: i64, token: &str, body: Value) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/articles/{id}/source"), token, body)
        .await
}

/// What each row of an article is, by its English: (English, source_change, reviewed).
fn marks(article: &Value) -> Vec<(String, Option<String>, bool)> {
    body_rows(article)
        .iter()
        .map(|r| {
            assert_eq!(r["source_changed"], json!(r.get("source_change").is_some()));
            (
                r["en"].as_str().unwrap().to_string(),
                r.get("source_change")
                    .map(|c| c.as_str().unwrap().to_string()),
                r["reviewed"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn a_new_korean_version_carries_the_review_over_and_marks_what_changed(app: TestApp) {
    let app = &app;
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Seoul raises bus fares",
                "source_paragraphs": SOURCE_V1,
                "draft_paragraphs": DRAFT_V1,
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    assert_eq!(article["source_version"], 1);
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    let rows: Vec<i64> = body_rows(&article)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(rows.len(), 6, "{article}");
    app.post(
        &format!("{path}/transitions"),
        &app.reporter,
        json!({"action": "submit"}),
    )
    .await;
    // The reviewer edits the first row, asks about the third, reviews all.
    let (status, saved) = app
        .put(
            &format!("{path}/segments/{}", rows[0]),
            &app.reviewer,
            json!({"text": "Seoul unveiled a new transport policy.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, asked) = app
        .post(
            &format!("{path}/segments/{}/comments", rows[2]),
            &app.reviewer,
            json!({"body": "Which groups?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    review_all(app, id, &app.reviewer).await;
    let (_, before) = app.get(&path, &app.reviewer).await;

    // The new Korean: paragraph 2 changed, 3 and 4 swapped, 5 removed, a
    // new one after the swapped pair, with an AI draft of it.
    let v2 = [
        SOURCE_V1[0],
        "시장은 버스 요금을 내년에 올린다고 말했다.",
        SOURCE_V1[3],
        SOURCE_V1[2],
        "교통공사 노조는 환영 입장을 냈다.",
        SOURCE_V1[5],
    ];
    let body = json!({"source_paragraphs": v2, "base_source_version": 1,
                      "draft": "The transit workers' union welcomed the plan."});
    // Refused, and nothing changes: a stale base, the wrong role, bad text.
    let (status, problem) = revise(
        app,
        id,
        &app.reporter,
        json!({"source_paragraphs": v2, "base_source_version": 0}),
    )
    .await;
    assert_eq!(
        (
            status,
            problem["rule"].as_str(),
            &problem["current_source_version"]
        ),
        (
            StatusCode::CONFLICT,
            Some("stale_source_version"),
            &json!(1)
        ),
        "{problem}"
    );
    let (status, problem) = revise(app, id, &app.reviewer, body.clone()).await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::FORBIDDEN, Some("role_required")),
        "{problem}"
    );
    for (bad, field) in [
        (json!({"source": "", "base_source_version": 1}), "source"),
        (
            json!({"source": "서울\u{0}시는", "base_source_version": 1}),
            "source",
        ),
        (
            json!({"source_paragraphs": v2, "base_source_version": 1, "draft": "x".repeat(60_000)}),
            "draft",
        ),
    ] {
        let (status, problem) = revise(app, id, &app.reporter, bad).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field)),
            "{problem}"
        );
    }
    let (status, problem) = revise(
        app,
        id,
        &app.reporter,
        json!({"source_paragraphs": SOURCE_V1, "base_source_version": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (_, unchanged) = app.get(&path, &app.reviewer).await;
    assert_eq!(unchanged, before, "refusals change nothing");

    let (status, revised) = revise(app, id, &app.reporter, body).await;
    assert_eq!(status, StatusCode::OK, "{revised}");
    assert_eq!(revised["source_version"], 2);
    assert_eq!(revised["source_changed_rows"], 3);
    let ko: Vec<Value> = body_rows(&revised)
        .iter()
        .map(|r| r["ko"].clone())
        .collect();
    let m = marks(&revised);
    let mark = |i: usize| (m[i].1.as_deref(), m[i].2);
    // Unchanged rows keep their English, their revisions and their review
    // marks, in the new order; exactly the changed, removed and added rows
    // are marked.
    assert_eq!(m[0].0, "Seoul unveiled a new transport policy.");
    assert_eq!(mark(0), (None, true));
    assert_eq!(
        (m[1].0.as_str(), mark(1)),
        (DRAFT_V1[1], (Some("changed"), false))
    );
    assert_eq!(
        body_rows(&revised)[1]["korean_before"],
        SOURCE_V1[1],
        "the Korean before the change, for the diff"
    );
    assert_eq!((m[2].0.as_str(), mark(2)), (DRAFT_V1[3], (None, true)));
    assert_eq!(
        (m[3].0.as_str(), mark(3)),
        (DRAFT_V1[4], (Some("removed"), false))
    );
    assert_eq!(ko[3], json!([]), "a removed row has no Korean");
    assert_eq!((m[4].0.as_str(), mark(4)), (DRAFT_V1[2], (None, true)));
    assert_eq!(
        (m[5].0.as_str(), mark(5)),
        (
            "The transit workers' union welcomed the plan.",
            (Some("added"), false)
        )
    );
    assert_eq!((m[6].0.as_str(), mark(6)), (DRAFT_V1[5], (None, true)));
    let ids: Vec<i64> = body_rows(&revised)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        [ids[0], ids[1], ids[2], ids[3], ids[4], ids[6]],
        [rows[0], rows[1], rows[3], rows[4], rows[2], rows[5]]
    );
    assert_eq!(body_rows(&revised)[0]["revision"], 1);
    // The thread stays on its row.
    let (_, thread) = app
        .get(
            &format!("{path}/segments/{}/comments", rows[2]),
            &app.reviewer,
        )
        .await;
    assert_eq!(thread["comments"][0]["body"], "Which groups?");
    // Both versions are readable; the trail records one event with the
    // digests of both, and verifies.
    let (_, old) = app.get(&format!("{path}/source/1"), &app.editor).await;
    assert_eq!(old["paragraphs"], json!(SOURCE_V1));
    let (_, new) = app.get(&format!("{path}/source/2"), &app.editor).await;
    assert_eq!(new["paragraphs"], json!(v2));
    let (status, _) = app.get(&format!("{path}/source/3"), &app.editor).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, trail) = app.get(&format!("{path}/trail"), &app.editor).await;
    let last = trail["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["payload"]["version"], 2, "{last}");
    assert_eq!(
        last["payload"]["before_sha256"].as_array().unwrap().len(),
        6
    );
    assert_eq!(
        last["payload"]["korean_sha256"].as_array().unwrap().len(),
        6
    );
    let (_, verdict) = app.get(&format!("{path}/trail/verify"), &app.editor).await;
    assert_eq!(verdict["ok"], true, "{verdict}");

    // Approval waits for the marked rows.
    let (status, problem) = app
        .post(
            &format!("{path}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    // A removed row is confirmed gone, not reviewed; by a reviewer.
    let review = |row: i64, revision: i64| {
        let path = format!("{path}/segments/{row}/review");
        async move {
            app.post(&path, &app.reviewer, json!({"revision": revision}))
                .await
        }
    };
    let (status, _) = review(ids[3], 0).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let removal = format!("{path}/segments/{}/removal", ids[3]);
    let (status, problem) = app.post(&removal, &app.reporter, json!({})).await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::FORBIDDEN, Some("role_required")),
        "{problem}"
    );
    let (status, problem) = app
        .post(
            &format!("{path}/segments/{}/removal", ids[0]),
            &app.reviewer,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (status, confirmed) = app.post(&removal, &app.reviewer, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    assert_eq!(body_rows(&confirmed).len(), 6);
    for row in [ids[1], ids[5]] {
        let (status, body) = review(row, 0).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    let (_, reviewed) = app.get(&path, &app.reviewer).await;
    assert_eq!(reviewed["source_changed_rows"], 0);
    assert!(marks(&reviewed).iter().all(|(_, c, r)| c.is_none() && *r));
    let (status, approved) = app
        .post(
            &format!("{path}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");

    // In native edit: a changed row goes back to a bilingual reviewer;
    // the native editor edits the others, and signs off after.
    let mut v3 = v2;
    v3[5] = "시는 다음 달 두 차례 공청회를 연다.";
    let (status, revised) = revise(
        app,
        id,
        &app.reporter,
        json!({"source_paragraphs": v3, "base_source_version": 2}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revised}");
    assert_eq!(revised["stage"], "native_edit");
    let changed: Vec<i64> = body_rows(&revised)
        .iter()
        .filter(|r| r["source_changed"] == true)
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(changed, [ids[6]]);
    // The reviewer of this round is told the row came back to them.
    let (_, told, _) = inbox(app, &app.reviewer).await;
    let first = &told[0];
    assert_eq!(
        (first.0.as_str(), &first.1),
        ("source_changed", &json!("bilingual_review")),
        "{told:?}"
    );
    assert!(first.3.starts_with(&format!("/articles/{id}")), "{told:?}");
    let edit = |row: i64, token: &str, text: &str| {
        let (path, token, text) = (
            format!("{path}/segments/{row}"),
            token.to_string(),
            text.to_string(),
        );
        async move {
            app.put(&path, &token, json!({"text": text, "base_revision": 0}))
                .await
        }
    };
    let (status, problem) = edit(ids[6], &app.editor, "The city will hold two hearings.").await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    // Nor may the native editor override the row's findings: an override
    // is a change to what the row publishes, judged by the row's rule.
    let marked = body_rows(&revised)
        .into_iter()
        .find(|r| r["id"] == ids[6])
        .unwrap();
    let key = marked["flags"][0]["key"]
        .as_str()
        .unwrap_or("numbers:ko:n1")
        .to_string();
    let (status, problem) = app
        .post(
            &format!("{path}/segments/{}/overrides", ids[6]),
            &app.editor,
            json!({"key": key, "reason": "The figure is right."}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    let (status, _) = edit(
        ids[2],
        &app.editor,
        "The policy takes effect next spring, the city said.",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = app
        .post(
            &format!("{path}/transitions"),
            &app.editor,
            json!({"action": "sign_off"}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    let (status, saved) = edit(
        ids[6],
        &app.reviewer,
        "The city will hold two public hearings next month.",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, body) = review(ids[6], 1).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, signed) = app
        .post(
            &format!("{path}/transitions"),
            &app.editor,
            json!({"action": "sign_off"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    let (status, disclosure) = app.get(&format!("{path}/disclosure"), &app.editor).await;
    assert_eq!(status, StatusCode::OK, "{disclosure}");
    assert_eq!(disclosure["source_version"], 3);
    // The JSON export of the article, with its three versions of the
    // Korean in the trail, verifies offline.
    let export = app
        .client
        .get(format!("{}{path}/export?format=json", app.base))
        .bearer_auth(&app.editor)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let scratch = common::Scratch::new(&common::unique("revised"));
    let file = scratch.file("article.json", &export);
    let out = common::galley(&["trail", "verify", "--file", common::path(&file)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    // Signed off: the Korean changes only by a correction.
    let (status, problem) = revise(
        app,
        id,
        &app.reporter,
        json!({"source_paragraphs": v2, "base_source_version": 3}),
    )
    .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("read_only_in_stage")),
        "{problem}"
    );
    let (_, verdict) = app.get(&format!("{path}/trail/verify"), &app.editor).await;
    assert_eq!(verdict["ok"], true, "{verdict}");
}
api_test!(a_new_korean_version_carries_the_review_over_and_marks_what_changed);

async fn a_new_korean_version_in_draft_is_the_reporters(app: TestApp) {
    let article = app.submit().await;
    let id = article["id"].as_i64().unwrap();
    let mut korean: Vec<String> = body_rows(&article)
        .iter()
        .flat_map(|r| r["ko"].as_array().unwrap().clone())
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    korean[0].push_str(" 이는 시장 예상과 같다.");
    let (status, revised) = revise(
        &app,
        id,
        &app.reporter,
        json!({"source_paragraphs": korean, "base_source_version": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{revised}");
    assert_eq!(revised["stage"], "draft");
    assert_eq!(revised["source_changed_rows"], 1);
    assert_eq!(body_rows(&revised)[0]["source_change"], "changed");
    assert_eq!(
        body_rows(&revised).len(),
        body_rows(&article).len(),
        "no row added or removed"
    );
}
api_test!(a_new_korean_version_in_draft_is_the_reporters);

async fn a_correction_publishes_a_second_edition_and_both_verify_offline(app: TestApp) {
    let id = signed_off_article(&app).await;
    let path = format!("/api/v1/articles/{id}");
    let transitions = format!("{path}/transitions");
    let note = "An earlier version said household debt rose by 6.8 trillion won in a month; it rose by 6.3 trillion won.";
    // Opened by a native editor (or an admin), with the public note.
    let (status, problem) = app
        .post(
            &transitions,
            &app.reporter,
            json!({"action": "correct", "note": note}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::FORBIDDEN, Some("role_required")),
        "{problem}"
    );
    let (status, problem) = app
        .post(&transitions, &app.editor, json!({"action": "correct"}))
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("note_required")),
        "{problem}"
    );
    let (status, opened) = app
        .post(
            &transitions,
            &app.editor,
            json!({"action": "correct", "note": note}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    assert_eq!(opened["stage"], "bilingual_review");
    // While it is open, the published edition's disclosure stands no more.
    let (status, _) = app.get(&format!("{path}/disclosure"), &app.editor).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The Korean desk corrects its figure; the reviewer fixes the English
    // of the row it marks. The rows the first edition published need no
    // review again.
    let (_, v1) = app.get(&format!("{path}/source/1"), &app.reporter).await;
    let corrected: Vec<String> = v1["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().replace("6조8천억", "6조3천억"))
        .collect();
    let (status, revised) = app
        .post(
            &format!("{path}/source"),
            &app.reporter,
            json!({"source_paragraphs": corrected, "base_source_version": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revised}");
    assert_eq!(revised["source_changed_rows"], 1, "{revised}");
    let row = segments(&revised)
        .into_iter()
        .find(|r| r["source_changed"] == true)
        .expect("the row with the figure");
    assert!(
        row["en"].as_str().unwrap().contains("6.8 trillion"),
        "{row}"
    );
    let (status, problem) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    let fixed = row["en"]
        .as_str()
        .unwrap()
        .replace("6.8 trillion", "6.3 trillion");
    let (status, saved) = app
        .put(
            &format!("{path}/segments/{}", row["id"]),
            &app.reviewer,
            json!({"text": fixed, "base_revision": row["revision"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, body) = app
        .post(
            &format!("{path}/segments/{}/review", row["id"]),
            &app.reviewer,
            json!({"revision": saved["revision"]}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    for (token, action) in [(&app.reviewer, "approve"), (&app.editor, "sign_off")] {
        let (status, body) = app
            .post(&transitions, token, json!({"action": action}))
            .await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }
    // The second edition carries the correction line, dated on the
    // newsroom's clock.
    let (status, disclosure) = app.get(&format!("{path}/disclosure"), &app.editor).await;
    assert_eq!(status, StatusCode::OK, "{disclosure}");
    assert_eq!(disclosure["edition"], 2);
    assert_eq!(disclosure["source_version"], 2);
    assert_eq!(disclosure["corrections"][0]["note"], note);
    assert_eq!(disclosure["corrections"][0]["edition"], 2);
    let line = disclosure["corrections"][0]["line"].as_str().unwrap();
    let date = line
        .strip_prefix("Corrected on ")
        .and_then(|rest| rest.strip_suffix(&format!(": {note}")))
        .unwrap_or_else(|| panic!("{line}"));
    let words: Vec<&str> = date.split(' ').collect();
    assert!(
        words.len() == 3 && words[0].parse::<u32>().is_ok() && words[2].len() == 4,
        "{date}"
    );
    let export = |query: String| {
        let url = format!("{}{path}/export?{query}", app.base);
        let (client, token) = (app.client.clone(), app.editor.clone());
        async move {
            let response = client.get(url).bearer_auth(token).send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (_, now) = export("format=text".into()).await;
    assert!(now.trim_end().ends_with(line), "{now}");
    assert!(now.contains("6.3 trillion"));
    // Both editions stay readable: the first as it was published.
    let (status, first) = export("format=text&edition=1".into()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(first.contains("6.8 trillion") && !first.contains("6.3 trillion"));
    assert!(!first.contains("Corrected on"), "{first}");
    let (_, second) = export("format=html&edition=2".into()).await;
    assert!(
        second.contains(r#"<p class="correction">Corrected on "#),
        "{second}"
    );
    assert!(second.contains("6.3 trillion"));
    let (status, _) = export("format=text&edition=3".into()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = export("format=xliff&edition=1".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Each edition's JSON export verifies offline, on its own trail.
    let scratch = common::Scratch::new(&common::unique("editions"));
    let mut events = Vec::new();
    for edition in [1, 2] {
        let (status, body) = export(format!("format=json&edition={edition}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let file = scratch.file(&format!("edition-{edition}.json"), &body);
        let out = common::galley(&["trail", "verify", "--file", common::path(&file)]);
        assert!(
            out.status.success(),
            "edition {edition}: {}",
            common::stderr(&out)
        );
        let parsed: Value = serde_json::from_str(&body).unwrap();
        events.push(parsed["trail"].as_array().unwrap().len());
    }
    assert!(events[0] < events[1], "{events:?}");
}
api_test!(a_correction_publishes_a_second_edition_and_both_verify_offline);

async fn the_log_proves_every_event_is_in_it(app: TestApp) {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use galley_core::merkle;
    let id = signed_off_article(&app).await;
    let (status, head) = app.get("/api/v1/log", &app.editor).await;
    assert_eq!(status, StatusCode::OK, "{head}");
    let size = head["size"].as_u64().unwrap();
    let hash = |v: &Value| -> merkle::Hash {
        STANDARD
            .decode(v.as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap()
    };
    let root = hash(&head["root"]);
    // Each event of the article, by its hash, is in the log: the proof
    // verifies against the head with nothing but the proof.
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.editor)
        .await;
    let events = trail["events"].as_array().unwrap();
    assert!(size >= events.len() as u64);
    let mut found = 0;
    for leaf in 0..size {
        let (status, proof) = app
            .get(
                &format!("/api/v1/log/proof/inclusion?leaf={leaf}&size={size}"),
                &app.editor,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{proof}");
        assert_eq!(hash(&proof["root"]), root);
        let path: Vec<merkle::Hash> = proof["proof"]
            .as_array()
            .unwrap()
            .iter()
            .map(hash)
            .collect();
        let matching = events.iter().find(|e| {
            let bytes: Vec<u8> = (0..64)
                .step_by(2)
                .map(|i| u8::from_str_radix(&e["hash"].as_str().unwrap()[i..i + 2], 16).unwrap())
                .collect();
            let bound =
                merkle::event_leaf(id, e["seq"].as_i64().unwrap(), &bytes.try_into().unwrap());
            merkle::verify_inclusion(leaf, size, &bound, &path, &root).is_ok()
        });
        found += usize::from(matching.is_some());
    }
    assert_eq!(found, events.len(), "every event of the article is a leaf");
    // An older head is extended by the newer one.
    let (status, proof) = app
        .get(
            &format!("/api/v1/log/proof/consistency?from=3&to={size}"),
            &app.editor,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{proof}");
    let path: Vec<merkle::Hash> = proof["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(hash)
        .collect();
    assert_eq!(
        merkle::verify_consistency(3, size, &path, &hash(&proof["from_root"]), &root),
        Ok(())
    );
    // Outside the log: 422 naming the field; not signed in: 401.
    let (status, problem) = app
        .get(
            &format!("/api/v1/log/proof/inclusion?leaf=0&size={}", size + 1),
            &app.editor,
        )
        .await;
    assert_eq!(
        (
            status,
            problem["detail"].as_str().map(|d| d.starts_with("size"))
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, Some(true)),
        "{problem}"
    );
    let (status, _) = app
        .call(reqwest::Method::GET, "/api/v1/log", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
api_test!(the_log_proves_every_event_is_in_it);

/// Issue 20: a server holding the signing key signs a checkpoint after each
/// stage transition and for each export; every server serves the latest
/// kept, as the note's text; successive checkpoints are consistent; the
/// leaves are listed a thousand at most, within the log.
async fn checkpoints_are_signed_after_transitions_and_served(app: TestApp) {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use galley_core::checkpoint::LogSigner;
    use galley_core::merkle;
    let read_text = |base: String, token: String| {
        let client = app.client.clone();
        async move {
            let response = client
                .get(format!("{base}/api/v1/log/checkpoint"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let kind = response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string());
            (status, kind, response.text().await.unwrap())
        }
    };
    // No server has signed one: 404, saying how.
    let (status, _, body) = read_text(app.base.clone(), app.editor.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(body.contains("--signing-key"), "{body}");
    // A second server over the same database, with the key.
    let signer = LogSigner::from_seed("newsroom.example/log", [3; 32]).unwrap();
    let verifier = signer.verifier();
    let base = common::serve(AppState {
        signer: Some(Arc::new(signer)),
        ..AppState::new(Arc::new(app.store.clone()))
    })
    .await;
    let signed = TestApp {
        base: base.clone(),
        client: app.client.clone(),
        reporter: app.reporter.clone(),
        reviewer: app.reviewer.clone(),
        editor: app.editor.clone(),
        dual: app.dual.clone(),
        store: app.store.clone(),
    };
    let (status, kind, note) = read_text(base.clone(), app.reporter.clone()).await;
    assert_eq!(status, StatusCode::OK, "{note}");
    assert_eq!(kind.as_deref(), Some("text/plain; charset=utf-8"));
    let first = verifier.open(&note).expect("signed by the key");
    assert_eq!(first.origin, "newsroom.example/log");
    async fn head(app: &TestApp) -> u64 {
        let (_, head) = app.get("/api/v1/log", &app.editor).await;
        head["size"].as_u64().unwrap()
    }
    assert_eq!(first.size, head(&signed).await);
    // Each transition is covered by a checkpoint as soon as it is made;
    // the server without the key serves it too.
    let id = signed_off_article(&signed).await;
    let (_, _, note) = read_text(app.base.clone(), app.reviewer.clone()).await;
    let after = verifier.open(&note).expect("signed");
    assert_eq!(after.size, head(&signed).await, "the sign-off is covered");
    assert!(after.size > first.size);
    // The newer extends the older, by the server's proof.
    let (_, proof) = signed
        .get(
            &format!(
                "/api/v1/log/proof/consistency?from={}&to={}",
                first.size, after.size
            ),
            &app.editor,
        )
        .await;
    let hashes: Vec<merkle::Hash> = proof["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            STANDARD
                .decode(h.as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap()
        })
        .collect();
    assert_eq!(
        galley_core::checkpoint::check_extends(&first, &after, &hashes),
        Ok(())
    );
    // A save is not a transition: no checkpoint for it alone. An export
    // signs one covering its events.
    let (_, article) = signed
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    let row = &segments(&article)[0];
    let (status, body) = signed
        .post(
            &format!("/api/v1/articles/{id}/segments/{}/comments", row["id"]),
            &app.editor,
            json!({"body": "A note for the desk."}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let grown = head(&signed).await;
    assert!(grown > after.size);
    let (_, _, note) = read_text(base.clone(), app.editor.clone()).await;
    assert_eq!(verifier.open(&note).unwrap().size, after.size);
    let response = app
        .client
        .get(format!("{base}/api/v1/articles/{id}/export?format=json"))
        .bearer_auth(&app.editor)
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    let (verdict, checkpoint) = galley_server::exchange::verify_logged_export(
        &text,
        None,
        &galley_server::exchange::LogCheck {
            key: Some(verifier.clone()),
            ..Default::default()
        },
    )
    .expect("the export verifies with the key");
    assert_eq!(checkpoint.unwrap().size, grown);
    assert!(verdict.events > 5);
    // The leaves: each the leaf hash of an event; a range within the log
    // and of at most 1000.
    let (status, leaves) = signed
        .get(
            &format!("/api/v1/log/leaves?start=0&end={grown}"),
            &app.editor,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{leaves}");
    let leaves = leaves["leaves"].as_array().unwrap();
    assert_eq!(leaves.len() as u64, grown);
    let hashes: Vec<merkle::Hash> = leaves
        .iter()
        .map(|l| {
            STANDARD
                .decode(l["hash"].as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap()
        })
        .collect();
    let (_, log) = signed.get("/api/v1/log", &app.editor).await;
    assert_eq!(
        STANDARD.encode(merkle::root(&hashes[..], grown)),
        log["root"].as_str().unwrap()
    );
    // While the log grows, the timer signs it (every 50 ms here; minutes
    // in `galley serve`).
    let timer = tokio::spawn(galley_server::checkpoints::every(
        Arc::new(app.store.clone()),
        Arc::new(LogSigner::from_seed("newsroom.example/log", [3; 32]).unwrap()),
        std::time::Duration::from_millis(50),
    ));
    let (status, body) = signed
        .post(
            &format!("/api/v1/articles/{id}/segments/{}/comments", row["id"]),
            &app.reviewer,
            json!({"body": "Another note."}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let grown = head(&signed).await;
    let mut latest = 0;
    for _ in 0..100 {
        let (_, _, note) = read_text(base.clone(), app.editor.clone()).await;
        latest = verifier.open(&note).unwrap().size;
        if latest == grown {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    timer.abort();
    assert_eq!(latest, grown, "the timer signed the grown log");
    for (query, field) in [
        (format!("start=0&end={}", grown + 1), "end"),
        ("start=0&end=1001".to_string(), "end"),
        ("start=3&end=1".to_string(), "start"),
    ] {
        let (status, problem) = signed
            .get(&format!("/api/v1/log/leaves?{query}"), &app.editor)
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().starts_with(field),
            "{query}: {problem}"
        );
    }
}
api_test!(checkpoints_are_signed_after_transitions_and_served);

/// Issue 21: the glossary over the API: added, refused as every text is
/// (naming the field), imported from a CSV of 500 entries in one
/// transaction (a bad line refuses the whole file, naming it), searched,
/// edited, retired, exported, and every change in its own trail.
async fn the_glossary_is_managed_over_the_api(app: TestApp) {
    let entry = |korean: &str, english: &str, kind: &str| json!({"korean": [korean], "english": [english], "kind": kind});
    // A reporter may read, not change.
    let (status, _) = app
        .post(
            "/api/v1/glossary",
            &app.reporter,
            entry("박재근", "Park Jae-geun", "person"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, added) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["산업통상자원부", "산업부"], "english": ["Ministry of Trade, Industry and Energy"], "forbidden": ["Trade Ministry"], "kind": "organization", "note": "house style"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["korean"], json!(["산업통상자원부", "산업부"]));
    let id = added["id"].as_i64().unwrap();
    for (body, field) in [
        (entry("박", "Park", "person"), "korean[0]"),
        (entry("박재근", "Park\u{0}", "person"), "english[0]"),
        (
            json!({"korean": ["박재근"], "english": [], "kind": "person"}),
            "english",
        ),
        (entry("박재근", "Park Jae-geun", "human"), "kind"),
    ] {
        let (status, problem) = app.post("/api/v1/glossary", &app.editor, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    // A CSV of 500 entries.
    let mut csv = String::from("korean,english,forbidden,kind,note\n");
    for i in 0..500 {
        csv.push_str(&format!(
            "기관{i:03}청|기관{i:03},Agency {i},,organization,\"imported, line {}\"\n",
            i + 2
        ));
    }
    let send = |body: String, token: String| {
        let client = app.client.clone();
        let url = format!("{}/api/v1/glossary/import", app.base);
        async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, imported) = send(csv.clone(), app.editor.clone()).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(imported["added"], 500);
    // A bad third line: nothing of the file is added.
    let bad = "korean,english,forbidden,kind,note\n한국은행,Bank of Korea,,organization,\n이,Lee,,person,\n";
    let (status, problem) = send(bad.to_string(), app.editor.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "line 3: korean[0]", "{problem}");
    let (_, all) = app.get("/api/v1/glossary", &app.reporter).await;
    assert_eq!(all["entries"].as_array().unwrap().len(), 501);
    let (_, found) = app
        .get("/api/v1/glossary?q=agency%20499", &app.reporter)
        .await;
    assert_eq!(found["entries"].as_array().unwrap().len(), 1);
    assert_eq!(
        found["entries"][0]["korean"],
        json!(["기관499청", "기관499"])
    );
    // Edited, then retired: no longer listed unless asked for.
    let (status, edited) = app
        .put(
            &format!("/api/v1/glossary/{id}"),
            &app.editor,
            json!({"korean": ["산업통상자원부"], "english": ["Ministry of Trade, Industry and Energy", "Trade, Industry and Energy Ministry"], "kind": "organization"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(edited["english"].as_array().unwrap().len(), 2);
    let (status, retired) = app
        .post(
            &format!("/api/v1/glossary/{id}/retire"),
            &app.editor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{retired}");
    let (_, live) = app.get("/api/v1/glossary?q=산업", &app.reporter).await;
    assert_eq!(live["entries"].as_array().unwrap().len(), 0);
    let (_, with) = app
        .get("/api/v1/glossary?q=산업&retired=true", &app.reporter)
        .await;
    assert_eq!(with["entries"].as_array().unwrap().len(), 1);
    // The export: a header and the live entries, read back by a CSV reader.
    let exported = app
        .client
        .get(format!("{}/api/v1/glossary/export", app.base))
        .bearer_auth(&app.reporter)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = exported.lines().collect();
    assert_eq!(lines.len(), 501, "a header and 500 entries");
    assert_eq!(lines[0], "korean,english,forbidden,kind,note");
    assert_eq!(
        lines[1],
        "기관000청 | 기관000,Agency 0,,organization,\"imported, line 2\""
    );
    // Every change in the glossary's own trail, which verifies.
    let (_, trail) = app.get("/api/v1/glossary/changes", &app.reporter).await;
    assert_eq!(trail["ok"], true, "{trail}");
    assert_eq!(trail["changes"], 1 + 500 + 1 + 1);
}
api_test!(the_glossary_is_managed_over_the_api);

/// `xmllint` run on a file against a RELAX NG schema: its verdict and what
/// it said.
fn relaxng(schema: &std::path::Path, file: &std::path::Path) -> (bool, String) {
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--relaxng"])
        .arg(schema)
        .arg(file)
        .output()
        .expect("xmllint runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Issue 21: the glossary as TBX. A termbase exported by another tool (TBX
/// 2008, with a language Galley has no use for) is imported; a file that is
/// not one, or a concept without Korean, is refused naming it and adds
/// nothing. The export is TBX-Basic (DCA) and `xmllint` validates it
/// against the schema (testdata/schemas/tbx-basic, and the official core
/// structure schema too where `../shared/schemas/tbx-basic` has it); the
/// schema refuses the export with a wrong status or a misplaced subject
/// field; the export reads back as the entries it was made from.
async fn the_glossary_travels_as_tbx(app: TestApp) {
    let send = |body: &str, content_type: &str| {
        let request = app
            .client
            .post(format!("{}/api/v1/glossary/import", app.base))
            .bearer_auth(&app.editor)
            .header("content-type", content_type)
            .body(body.to_string());
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let termbase = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>exported by a CAT tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="subjectField">organization</descrip>
      <note>house style since 2013</note>
      <langSet xml:lang="ko-KR"><tig><term>산업통상자원부</term></tig><tig><term>산업부</term></tig></langSet>
      <langSet xml:lang="en-US">
        <tig><term>Trade Ministry</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>Ministry of Trade, Industry and Energy</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="de"><tig><term>Handelsministerium</term></tig></langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="ko"><tig><term>박재근</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>Park Jae-geun</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>"#;
    let (status, imported) = send(termbase, "application/x-tbx+xml").await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(imported["added"], 2);
    let (_, all) = app.get("/api/v1/glossary", &app.reporter).await;
    let entries = all["entries"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["korean"], json!(["산업통상자원부", "산업부"]));
    assert_eq!(
        entries[0]["english"],
        json!(["Ministry of Trade, Industry and Energy"])
    );
    assert_eq!(entries[0]["forbidden"], json!(["Trade Ministry"]));
    assert_eq!(entries[0]["kind"], "organization");
    assert_eq!(entries[0]["note"], "house style since 2013");
    assert_eq!(entries[1]["kind"], "term", "no subject field: a term");

    // Refused, naming why, adding nothing.
    for (body, content_type, status, field, says) in [
        ("<martif", "application/xml", 422, "file", "not well-formed"),
        (
            "<!DOCTYPE martif [<!ENTITY x \"x\">]><martif/>",
            "application/xml",
            422,
            "file",
            "DTD",
        ),
        (
            r#"<tbx><text><body><conceptEntry id="c7"><langSec xml:lang="en"><termSec><term>Seoul</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
            "application/xml",
            422,
            "file",
            "concept c7 has no Korean",
        ),
        (
            r#"<tbx><text><body><conceptEntry id="c8"><langSec xml:lang="ko"><termSec><term>박</term></termSec></langSec><langSec xml:lang="en"><termSec><term>Park</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
            "application/xml",
            422,
            "concept c8: korean[0]",
            "",
        ),
        (termbase, "application/json", 415, "", ""),
    ] {
        let (got, problem) = send(body, content_type).await;
        assert_eq!(got.as_u16(), status, "{body}: {problem}");
        if !field.is_empty() {
            assert_eq!(problem["field"], field, "{problem}");
            assert!(
                problem["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(says),
                "{problem}"
            );
        }
    }
    let (_, all) = app.get("/api/v1/glossary", &app.reporter).await;
    assert_eq!(all["entries"].as_array().unwrap().len(), 2);

    // The export.
    let response = app
        .client
        .get(format!("{}/api/v1/glossary/export?format=tbx", app.base))
        .bearer_auth(&app.reporter)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-tbx+xml")
    );
    let file = response.text().await.unwrap();
    assert_eq!(file.matches("<conceptEntry ").count(), 2);
    assert!(
        file.contains(r#"<tbx type="TBX-Basic" style="dca""#),
        "{file}"
    );
    assert!(
        file.contains(
            "<term>Trade Ministry</term>\n          <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"
        ),
        "{file}"
    );
    // Who added each entry, and when.
    assert_eq!(
        file.matches("<transacNote type=\"responsibility\">editor</transacNote>")
            .count(),
        2,
        "{file}"
    );
    assert_eq!(
        file.matches("<transac type=\"transactionType\">origination</transac>")
            .count(),
        2
    );
    let (status, problem) = app
        .get("/api/v1/glossary/export?format=docx", &app.reporter)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "format");

    if xmllint_available() {
        let scratch = common::Scratch::new(&common::unique("tbx"));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let schema = root.join("testdata/schemas/tbx-basic/tbx-basic-dca.rng");
        let path = scratch.file("glossary.tbx", &file);
        let (valid, said) = relaxng(&schema, &path);
        assert!(valid, "{said}");
        // The official core structure schema, where it has been provided.
        let official = root.join("../shared/schemas/tbx-basic/TBXcoreStructV03.rng");
        if official.is_file() {
            let (valid, said) = relaxng(&official, &path);
            assert!(valid, "{said}");
        }
        // The schema has teeth: a status outside the picklist, a subject
        // field on a term, another style.
        for (from, to) in [
            ("deprecatedTerm-admn-sts", "forbiddenTerm-admn-sts"),
            (
                "<termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>",
                "<descrip type=\"subjectField\">person</descrip>",
            ),
            ("style=\"dca\"", "style=\"dct\""),
        ] {
            let broken = scratch.file("broken.tbx", file.replacen(from, to, 1));
            let (valid, said) = relaxng(&schema, &broken);
            assert!(!valid, "{from} → {to} should not validate: {said}");
        }
    }

    // Read back, the export is the glossary it came from.
    let (status, again) = send(&file, "application/x-tbx+xml").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["added"], 2);
    let (_, all) = app.get("/api/v1/glossary", &app.reporter).await;
    let all = all["entries"].as_array().unwrap();
    for field in ["korean", "english", "forbidden", "kind", "note"] {
        assert_eq!(all[0][field], all[2][field], "{field}");
        assert_eq!(all[1][field], all[3][field], "{field}");
    }
}
api_test!(the_glossary_travels_as_tbx);

/// Issue 21: a glossary term in a row is checked: added to the glossary, a
/// misspelled name in an article already read is a blocking finding at
/// once (no answer kept from before the glossary changed is served); a
/// fix makes it disappear and the article moves on.
async fn a_glossary_term_is_checked_in_every_row(app: TestApp) {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Chip exports",
                "source_paragraphs": ["박재근 한양대 교수는 반도체 수출이 늘었다고 말했다.", "시장은 안도했다."],
                "draft_paragraphs": ["Hanyang University professor Park Jae-kyun said chip exports rose.", "Markets were relieved."],
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    let glossary_flags = |article: &Value| -> Vec<Value> {
        body_rows(article)[0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"] == "glossary")
            .cloned()
            .collect()
    };
    let (_, before) = app.get(&path, &app.reviewer).await;
    assert!(glossary_flags(&before).is_empty(), "{before}");
    let (status, entry) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["박재근"], "english": ["Park Jae-geun"], "forbidden": ["Park Jae-kyun"], "kind": "person"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    // The same article version, a new glossary: the answer is made again.
    let (_, after) = app.get(&path, &app.reviewer).await;
    assert_eq!(after["version"], before["version"]);
    let flags = glossary_flags(&after);
    assert_eq!(flags.len(), 1, "{after}");
    assert_eq!(flags[0]["severity"], "error");
    assert_eq!(flags[0]["key"], format!("glossary:{}", entry["id"]));
    assert!(
        flags[0]["message"]
            .as_str()
            .unwrap()
            .contains("“Park Jae-kyun” is not used for 박재근"),
        "{flags:?}"
    );
    // It blocks approval.
    let transitions = format!("{path}/transitions");
    let (status, _) = app
        .post(&transitions, &app.reporter, json!({"action": "submit"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, current) = app.get(&path, &app.reviewer).await;
    for row in segments(&current) {
        app.post(
            &format!("{path}/segments/{}/review", row["id"]),
            &app.reviewer,
            json!({"revision": row["revision"]}),
        )
        .await;
    }
    let (status, refused) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["rule"], "blocking_findings", "{refused}");
    // Fixed: the finding is gone, and the article moves on.
    let row = &body_rows(&current)[0];
    let (status, saved) = app
        .put(
            &format!("{path}/segments/{}", row["id"]),
            &app.reviewer,
            json!({"text": "Hanyang University professor Park Jae-geun said chip exports rose.", "base_revision": row["revision"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, fixed) = app.get(&path, &app.reviewer).await;
    assert!(glossary_flags(&fixed).is_empty(), "{fixed}");
    app.post(
        &format!("{path}/segments/{}/review", row["id"]),
        &app.reviewer,
        json!({"revision": saved["revision"]}),
    )
    .await;
    let (status, moved) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
}
api_test!(a_glossary_term_is_checked_in_every_row);

/// An article of two rows signed off after the bilingual reviewer changed
/// the first row's English from `ai` to `fixed`.
async fn signed_off_after_a_fix(app: &TestApp, korean: &str, ai: &str, fixed: &str) -> i64 {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "A name fixed",
                "source_paragraphs": [korean, "시장은 안도했다."],
                "draft_paragraphs": [ai, "Markets were relieved."],
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    let go = |token: String, action: &'static str| {
        let transitions = format!("{path}/transitions");
        async move {
            let (status, body) = app
                .post(&transitions, &token, json!({"action": action}))
                .await;
            assert_eq!(status, StatusCode::OK, "{action}: {body}");
        }
    };
    go(app.reporter.clone(), "submit").await;
    let (_, current) = app.get(&path, &app.reviewer).await;
    for (i, row) in segments(&current).iter().enumerate() {
        let mut revision = row["revision"].clone();
        if i == 1 {
            let (status, saved) = app
                .put(
                    &format!("{path}/segments/{}", row["id"]),
                    &app.reviewer,
                    json!({"text": fixed, "base_revision": revision}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{saved}");
            revision = saved["revision"].clone();
        }
        app.post(
            &format!("{path}/segments/{}/review", row["id"]),
            &app.reviewer,
            json!({"revision": revision}),
        )
        .await;
    }
    go(app.reviewer.clone(), "approve").await;
    go(app.editor.clone(), "sign_off").await;
    id
}

/// Issue 21, part 4: a name the desk corrected the same way in three
/// signed-off articles is proposed with its evidence; accepted, it is an
/// entry and is proposed no more; one turned down is not proposed again.
async fn the_desks_corrections_are_proposed_for_the_glossary(app: TestApp) {
    let mut ids = Vec::new();
    for (korean, ai) in [
        (
            "박재근 교수는 수출이 늘었다고 말했다.",
            "Professor Park Jae-kyun said exports rose.",
        ),
        (
            "한양대 박재근 교수의 분석이다.",
            "That is the analysis of Professor Park Jae-kyun.",
        ),
        (
            "박재근 교수에 따르면 가격은 내렸다.",
            "According to Professor Park Jae-gun, prices fell.",
        ),
    ] {
        let fixed = ai
            .replace("Jae-kyun", "Jae-geun")
            .replace("Jae-gun", "Jae-geun");
        ids.push(signed_off_after_a_fix(&app, korean, ai, &fixed).await);
    }
    // Two articles only: the spokesman is not proposed yet.
    for _ in 0..2 {
        signed_off_after_a_fix(
            &app,
            "김철수 대변인은 말했다.",
            "Spokesman Kim Chul-su said so.",
            "Spokesman Kim Cheol-su said so.",
        )
        .await;
    }
    let (status, found) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let proposals = found["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "{found}");
    assert_eq!(proposals[0]["korean"], "박재근");
    assert_eq!(proposals[0]["english"], "Park Jae-geun");
    assert_eq!(proposals[0]["kind"], "person");
    assert_eq!(proposals[0]["articles"], json!(ids));
    assert_eq!(
        proposals[0]["replaced"],
        json!([{"text": "Park Jae-kyun", "count": 2}, {"text": "Park Jae-gun", "count": 1}])
    );
    // A reporter may not decide; the editor accepts.
    let decision = json!({"korean": "박재근", "english": "Park Jae-geun", "kind": "person"});
    let (status, _) = app
        .post(
            "/api/v1/glossary/proposals/accept",
            &app.reporter,
            decision.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, entry) = app
        .post("/api/v1/glossary/proposals/accept", &app.editor, decision)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    assert_eq!(entry["kind"], "person");
    let (_, after) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert_eq!(after["proposals"], json!([]));
    // A third spokesman article: proposed; turned down, never again.
    signed_off_after_a_fix(
        &app,
        "김철수 대변인이 밝혔다.",
        "Kim Chul-su said so.",
        "Kim Cheol-su said so.",
    )
    .await;
    let (_, now) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert_eq!(now["proposals"][0]["korean"], "김철수", "{now}");
    let (status, _) = app
        .post(
            "/api/v1/glossary/proposals/reject",
            &app.editor,
            json!({"korean": "김철수", "english": "Kim Cheol-su"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, last) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert_eq!(last["proposals"], json!([]));
}
api_test!(the_desks_corrections_are_proposed_for_the_glossary);

/// Every route the OpenAPI document lists (read from the served document,
/// so a new route is covered without anyone adding it here) refuses a
/// request with no token, a malformed `Authorization`, an unknown token
/// and a revoked one with 401 problem details, before it reads anything:
/// the ids in the paths are a real article's and row's, so a route that
/// forgot the check would answer 200 with its data. Only the routes the
/// document marks as open (`security: [{}]`) are left out.
#[tokio::test]
async fn every_route_refuses_a_missing_malformed_unknown_or_revoked_token() {
    let app = TestApp::start(common::sqlite_store().await).await;
    let article = app.in_review().await;
    let id = article["id"].as_i64().expect("id");
    let row = segments(&article)[0]["id"].as_i64().expect("row");
    let revoked = common::person(&app.store, "leaver", &[Role::NativeEditor], None)
        .await
        .1;
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            "/api/v1/tokens/current",
            Some(&revoked),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // With the editor's live token the same paths answer (not 401): the
    // ids are real, so what the 401s below refuse is the credential.
    let (status, _) = app
        .get(&format!("/api/v1/articles/{id}/source/1"), &app.editor)
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, document) = app
        .call(reqwest::Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    let paths = document["paths"].as_object().expect("paths");
    let mut tried = 0;
    for (template, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            let open = operation["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            if open {
                continue;
            }
            let path = template
                .replace("{id}", &id.to_string())
                .replace("{segment}", &row.to_string())
                .replace("{version}", "1")
                .replace("{stage}", "bilingual_review")
                .replace("{thread}", "1");
            assert!(
                !path.contains('{'),
                "a parameter this test does not fill: {path}"
            );
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            for credential in [
                None,
                Some("Basic YTpi".to_string()),
                Some("Bearer".to_string()),
                Some("Bearer x".to_string()),
                Some(format!("Bearer {revoked}")),
            ] {
                let mut request = app
                    .client
                    .request(method.clone(), format!("{}/api/v1{path}", app.base));
                if let Some(credential) = &credential {
                    request = request.header("authorization", credential);
                }
                let response = request
                    .header("content-type", "application/json")
                    .body("{}")
                    .send()
                    .await
                    .expect("send");
                let status = response.status();
                let kind = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                let body = response.text().await.unwrap_or_default();
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} with {credential:?}: {body:.200}"
                );
                assert_eq!(kind, "application/problem+json", "{method} {path}");
                tried += 1;
            }
        }
    }
    assert!(tried >= 5 * 40, "only {tried} requests tried");
}

/// Issue 31, 2: the published text rewritten under the trail. The table of
/// revisions refuses the change; someone who drops that guard and rewrites
/// a signed-off row's current text is caught by every verifier, and
/// nothing is published from it: no disclosure, no file in any format,
/// each refusal naming the row. Then the same for the other columns the
/// trail covers (the title, the AI tool, a review mark, a row's Korean).
async fn a_text_rewritten_under_the_trail_is_never_published(app: TestApp) {
    let id = signed_off_article(&app).await;
    let path = format!("/api/v1/articles/{id}");
    let (_, article) = app.get(&path, &app.editor).await;
    let row = &segments(&article)[1];
    let (row_id, revision) = (
        row["id"].as_i64().unwrap(),
        row["revision"].as_i64().unwrap(),
    );
    let pool = app.store.pool();
    let rewrite = format!(
        "UPDATE revisions SET text = 'The Bank of Korea RAISED rates.' WHERE segment_id = {row_id} AND revision = {revision}"
    );
    let refused = sqlx::query(&rewrite).execute(pool).await;
    assert!(refused.is_err(), "revisions are append-only");
    for (status, _) in [
        app.get(&format!("{path}/export?format=html"), &app.editor)
            .await,
        app.get(&format!("{path}/disclosure"), &app.editor).await,
    ] {
        assert_eq!(status, StatusCode::OK, "before the rewrite");
    }
    rewrite_under_the_trail(&app, row_id, revision, "The Bank of Korea RAISED rates.").await;

    let (_, verdict) = app.get(&format!("{path}/trail/verify"), &app.editor).await;
    assert_eq!(verdict["ok"], false, "{verdict}");
    let named = format!("row {row_id}");
    assert!(
        verdict["reason"].as_str().unwrap().contains(&named),
        "{verdict}"
    );
    for format in ["html", "text", "markdown", "xliff", "tmx", "json"] {
        let (status, problem) = app
            .get(&format!("{path}/export?format={format}"), &app.editor)
            .await;
        assert_eq!(
            (status, problem["rule"].as_str()),
            (StatusCode::CONFLICT, Some("trail_mismatch")),
            "{format}: {problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().contains(&named),
            "{format}: {problem}"
        );
    }
    let (status, problem) = app.get(&format!("{path}/disclosure"), &app.editor).await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("trail_mismatch")),
        "{problem}"
    );

    // Each other projection the trail covers, changed alone on a fresh
    // signed-off article, breaks the verdict too.
    for (what, statement) in [
        (
            "title",
            "UPDATE articles SET title = 'Rates cut' WHERE id = {id}",
        ),
        (
            "AI tool",
            "UPDATE articles SET ai_tool = 'none (human translation)' WHERE id = {id}",
        ),
        (
            "Korean version",
            "UPDATE articles SET source_version = 2 WHERE id = {id}",
        ),
        (
            "review mark",
            "UPDATE segments SET reviewed_revision = NULL WHERE article_id = {id} AND position = 0",
        ),
        (
            "Korean paragraphs",
            "UPDATE segments SET ko_end = ko_end + 1 WHERE article_id = {id} AND position = 0",
        ),
        (
            "current revision",
            "UPDATE segments SET current_revision = 0 WHERE article_id = {id} AND current_revision > 0",
        ),
        (
            "Korean text",
            "UPDATE ko_paragraphs SET text = '금리 인상' WHERE article_id = {id} AND idx = 0",
        ),
    ] {
        let other = signed_off_article(&app).await;
        sqlx::query(&statement.replace("{id}", &other.to_string()))
            .execute(pool)
            .await
            .unwrap();
        let (_, verdict) = app
            .get(
                &format!("/api/v1/articles/{other}/trail/verify"),
                &app.editor,
            )
            .await;
        assert_eq!(verdict["ok"], false, "{what}: {verdict}");
        let (status, problem) = app
            .get(
                &format!("/api/v1/articles/{other}/export?format=html"),
                &app.editor,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{what}: {problem}");
    }
}
api_test!(a_text_rewritten_under_the_trail_is_never_published);

async fn a_sign_off_over_a_rewritten_text_is_refused_and_sends_nothing(app: TestApp) {
    let (_, admin) = common::person(&app.store, "admin", &[Role::Admin], None).await;
    let (status, hook) = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"url": "http://127.0.0.1:9/hook", "events": ["article.signed_off"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{hook}");
    // An article approved by its bilingual reviewer, waiting for sign-off.
    let id = approved_article(&app).await;
    let (row, revision) = row_and_revision(&app, id, 1).await;
    rewrite_under_the_trail(&app, row, revision, "The Bank of Korea RAISED rates.").await;
    let deliveries = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE article_id = $1",
        )
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
    };
    let before = deliveries().await;
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.editor,
            json!({"action": "sign_off"}),
        )
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("trail_mismatch")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("row {row}")),
        "{problem}"
    );
    assert_eq!(
        deliveries().await,
        before,
        "no webhook carries the rewritten text"
    );
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    assert_eq!(
        article["stage"], "native_edit",
        "the sign-off did not happen"
    );
}
api_test!(a_sign_off_over_a_rewritten_text_is_refused_and_sends_nothing);

/// Issue 31, 7: the headline is a row. The AI's English headline ("call
/// off" for 타결, concluded) is the first row beside the Korean one,
/// reviewed and edited like any row; the corrected headline is the title
/// everywhere (the article, the list, every export, the trail's check),
/// the row is never merged or split, and a submission without the Korean
/// headline gets a warning, not an error.
async fn the_headline_is_a_reviewed_row(app: TestApp) {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Korea, US call off tariff talks",
                "source_title": "한미 관세 협상 타결",
                "source_paragraphs": ["한국과 미국이 관세 협상을 타결했다.", "시장은 안도했다."],
                "draft_paragraphs": ["Korea and the U.S. concluded their tariff talks.", "Markets were relieved."],
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    let rows = segments(&article);
    assert_eq!(rows.len(), 3, "{article}");
    assert_eq!(rows[0]["headline"], true);
    assert_eq!(rows[0]["ko"], json!(["한미 관세 협상 타결"]));
    assert_eq!(rows[0]["en"], "Korea, US call off tariff talks");
    assert!(
        rows[1].get("headline").is_none(),
        "only the headline row says so"
    );
    assert_eq!(article["headline_row"], true);
    let headline = rows[0]["id"].as_i64().unwrap();
    // The Korean version keeps the headline apart from the body.
    let (_, source) = app.get(&format!("{path}/source/1"), &app.editor).await;
    assert_eq!(source["source_title"], "한미 관세 협상 타결");
    assert_eq!(source["paragraphs"].as_array().unwrap().len(), 2);
    app.post(
        &format!("{path}/transitions"),
        &app.reporter,
        json!({"action": "submit"}),
    )
    .await;
    // Never merged with the body, never split.
    for (action, body) in [
        ("merge", json!({})),
        ("split", json!({"ko_at": 0, "en_at": 1})),
    ] {
        let (status, problem) = app
            .post(
                &format!("{path}/segments/{headline}/{action}"),
                &app.reviewer,
                body,
            )
            .await;
        assert_eq!(
            (status, problem["rule"].as_str()),
            (StatusCode::CONFLICT, Some("headline_row")),
            "{action}: {problem}"
        );
    }
    // Unreviewed, it holds approval like any row.
    for row in &rows[1..] {
        app.post(
            &format!("{path}/segments/{}/review", row["id"]),
            &app.reviewer,
            json!({"revision": row["revision"]}),
        )
        .await;
    }
    let (status, refused) = app
        .post(
            &format!("{path}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(
        (status, refused["rule"].as_str()),
        (StatusCode::CONFLICT, Some("rows_not_reviewed")),
        "{refused}"
    );
    // The reviewer corrects it: the title follows, everywhere.
    let (status, saved) = app
        .put(
            &format!("{path}/segments/{headline}"),
            &app.reviewer,
            json!({"text": "Korea, US conclude tariff talks", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, now) = app.get(&path, &app.reviewer).await;
    assert_eq!(now["title"], "Korea, US conclude tariff talks");
    let (_, listed) = app.get("/api/v1/articles", &app.reviewer).await;
    let entry = listed["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        entry["title"], "Korea, US conclude tariff talks",
        "{listed}"
    );
    app.post(
        &format!("{path}/segments/{headline}/review"),
        &app.reviewer,
        json!({"revision": 1}),
    )
    .await;
    let (status, moved) = app
        .post(
            &format!("{path}/transitions"),
            &app.reviewer,
            json!({"action": "approve"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let (status, moved) = app
        .post(
            &format!("{path}/transitions"),
            &app.editor,
            json!({"action": "sign_off"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let app = &app;
    let export = |format: &str| {
        let url = format!("{}{path}/export?format={format}", app.base);
        async move {
            app.client
                .get(url)
                .bearer_auth(&app.editor)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let html = export("html").await;
    assert!(
        html.starts_with("<article lang=\"en\">\n<h1>Korea, US conclude tariff talks</h1>\n<p>Korea and the U.S. concluded"),
        "{html}"
    );
    assert!(!html.contains("call off"), "{html}");
    let text = export("text").await;
    assert!(
        text.starts_with("Korea, US conclude tariff talks\n\nKorea and"),
        "{text}"
    );
    let xliff = export("xliff").await;
    assert!(
        xliff.contains("한미 관세 협상 타결"),
        "the headline is a unit"
    );
    let json_export: Value = serde_json::from_str(&export("json").await).unwrap();
    assert_eq!(
        json_export["article"]["title"],
        "Korea, US conclude tariff talks"
    );
    assert_eq!(json_export["article"]["segments"][0]["headline"], true);
    let scratch = common::Scratch::new(&common::unique("headline"));
    let file = scratch.file("article.json", json_export.to_string());
    let out = common::galley(&["trail", "verify", "--file", common::path(&file)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    // A title that is not the headline row's English does not verify.
    let mut forged = json_export.clone();
    forged["article"]["title"] = json!("Korea, US call off tariff talks");
    let file = scratch.file("forged.json", forged.to_string());
    let out = common::galley(&["trail", "verify", "--file", common::path(&file)]);
    assert!(!out.status.success());
    assert!(
        common::stdout(&out).contains("the title is not the headline row's English"),
        "{}",
        common::stdout(&out)
    );
    // Nor does a stored title changed under the trail publish.
    sqlx::query(&format!(
        "UPDATE articles SET title = 'Korea, US call off tariff talks' WHERE id = {id}"
    ))
    .execute(app.store.pool())
    .await
    .unwrap();
    let (status, problem) = app
        .get(&format!("{path}/export?format=html"), &app.editor)
        .await;
    assert_eq!(
        (status, problem["rule"].as_str()),
        (StatusCode::CONFLICT, Some("trail_mismatch")),
        "{problem}"
    );

    // Without a Korean headline: the English alone, with a warning that
    // does not block.
    let (status, bare) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Markets relieved",
                "source_paragraphs": ["시장은 안도했다."],
                "draft_paragraphs": ["Markets were relieved."],
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{bare}");
    let first = &segments(&bare)[0];
    assert_eq!(first["headline"], true);
    assert_eq!(first["ko"], json!([]));
    assert_eq!(
        first["flags"][0]["key"], "missing_korean:headline",
        "{bare}"
    );
    assert_eq!(first["flags"][0]["blocking"], false);
    assert_eq!(bare["blocking_findings"], 0, "{bare}");
}
api_test!(the_headline_is_a_reviewed_row);
