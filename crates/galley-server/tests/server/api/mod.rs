//! The HTTP API, served for real on port 0 with a fresh database per test,
//! on SQLite and (with `GALLEY_TEST_POSTGRES_URL`, required under CI) on
//! PostgreSQL: `api_test!` makes each test a case of both.

use crate::common;

use std::sync::Arc;

use galley_core::workflow::Role;
use galley_server::http::comments::{CommentList, CommentView};
use galley_server::http::notices::{
    DeliveryList, DeliveryView, NotificationList, ReadAnswer, WebhookList, WebhookView,
};
use galley_server::state::AppState;
use galley_server::views::article::{ArticleView, FlagView, SegmentView};
use galley_server::views::names::{
    CheckName, DeliveryStateName, ReasonName, SeverityName, SideName, SourceChangeName, StageName,
};
use galley_store::RowId;
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
        // The newsroom allows its CMS on the loopback address for webhooks.
        let mut state = AppState::new(Arc::new(store.clone()));
        state.webhook_hosts = Arc::new(vec!["127.0.0.1".into()]);
        let base = common::serve(state).await;
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
            let said = common::decoded_problem(&problem);
            let field = said.field.as_deref().or(said.rule.as_deref());
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
        "source": body(include_str!("../../../../../examples/rate-decision.ko.txt")),
        "draft": body(include_str!("../../../../../examples/rate-decision.en.txt")),
        "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"}
    })
}

/// A test of the API on both backends, with people and a running server.
macro_rules! api_test {
    ($name:ident) => {
        backend_test!($name, TestApp::start);
    };
}

/// An article as the API answered it, decoded into the server's own view
/// (`views::article::ArticleView`): an answer of another shape fails here.
fn article_view(answer: &Value) -> ArticleView {
    serde_json::from_value(answer.clone())
        .unwrap_or_else(|error| panic!("not an article ({error}): {answer}"))
}

/// The rows of an article answer, as the server's views.
fn segments(article: &Value) -> Vec<SegmentView> {
    article_view(article).segments
}

/// The rows of the body: all but the headline's (the first).
fn body_rows(article: &Value) -> Vec<SegmentView> {
    let rows = segments(article);
    assert!(rows[0].headline, "the headline row comes first");
    rows[1..].to_vec()
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
        let mut revision = row.revision;
        if row.en.is_empty() {
            let (status, saved) = app
                .put(
                    &format!("/api/v1/articles/{id}/segments/{}", row.id),
                    &app.reviewer,
                    json!({"text": "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in a single month.", "base_revision": 0}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{saved}");
            revision = saved["revision"].as_i64().unwrap();
        }
        app.post(
            &format!("/api/v1/articles/{id}/segments/{}/review", row.id),
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
    (row.id.0, row.revision)
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

/// Submits the test article and takes it into bilingual review; its rows.
async fn in_review(app: &TestApp) -> (i64, Vec<SegmentView>) {
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
        for flag in &row.flags {
            if flag.blocking {
                let (status, body) = app
                    .post(
                        &format!("/api/v1/articles/{id}/segments/{}/overrides", row.id),
                        token,
                        json!({"key": flag.key, "reason": "Checked against the Korean."}),
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
                &format!("/api/v1/articles/{id}/segments/{}/review", row.id),
                token,
                json!({"revision": row.revision}),
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

/// A person's notifications: (reason, stage, detail, link) newest first, and
/// the unread count.
async fn inbox(app: &TestApp, token: &str) -> NotificationList {
    let (status, body) = app.get("/api/v1/notifications", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    decoded(&body)
}

/// An answer decoded into the server's own view of it.
fn decoded<T: serde::de::DeserializeOwned>(answer: &Value) -> T {
    serde_json::from_value(answer.clone())
        .unwrap_or_else(|error| panic!("not a {} ({error}): {answer}", std::any::type_name::<T>()))
}

/// The Korean of a six-paragraph article, in paragraphs.
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
fn marks(article: &Value) -> Vec<(String, Option<SourceChangeName>, bool)> {
    body_rows(article)
        .into_iter()
        .map(|r| {
            assert_eq!(r.source_changed, r.source_change.is_some());
            (r.en, r.source_change, r.reviewed)
        })
        .collect()
}

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
        let mut revision = row.revision;
        if i == 1 {
            let (status, saved) = app
                .put(
                    &format!("{path}/segments/{}", row.id),
                    &app.reviewer,
                    json!({"text": fixed, "base_revision": revision}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{saved}");
            revision = saved["revision"].as_i64().unwrap();
        }
        app.post(
            &format!("{path}/segments/{}/review", row.id),
            &app.reviewer,
            json!({"revision": revision}),
        )
        .await;
    }
    go(app.reviewer.clone(), "approve").await;
    go(app.editor.clone(), "sign_off").await;
    id
}

mod exports;
mod glossary;
mod headline;
mod messages;
mod rows;
mod service;
mod source;
mod texts;
mod trail;
mod workflow;
