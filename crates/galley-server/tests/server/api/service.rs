//! The service itself: health and readiness, problem details and request
//! ids, the OpenAPI document, and tokens (revoking one, every route
//! refusing a bad one).

use super::*;

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
    let row = segments(&article)[0].id.0;
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

/// An auditor reads every article, trail, export, disclosure and the log,
/// and changes nothing: every route of the OpenAPI document is called with
/// an auditor's token on a real article's ids. Each read answers as it
/// would anyone (never 401 or 403); each write is 403 `role_required`,
/// and afterwards both articles, the glossary and the log are what they
/// were. Ending their own token is the one change left to them.
async fn an_auditor_reads_everything_and_changes_nothing(app: TestApp) {
    let signed = signed_off_article(&app).await;
    let open = app.in_review().await;
    let id = open["id"].as_i64().expect("id");
    let row = segments(&open)[0].id.0;
    let (_, auditor) = common::person(&app.store, "auditor", &[Role::Auditor], None).await;
    let watched = [
        format!("/api/v1/articles/{id}"),
        format!("/api/v1/articles/{id}/trail"),
        format!("/api/v1/articles/{signed}/trail"),
        format!("/api/v1/articles/{signed}/disclosure"),
        "/api/v1/glossary".to_string(),
        "/api/v1/log".to_string(),
    ];
    let snapshot = || async {
        let mut seen = Vec::new();
        for path in &watched {
            seen.push(app.get(path, &app.editor).await);
        }
        seen
    };
    let before = snapshot().await;
    let (_, document) = app
        .call(reqwest::Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    let (mut reads, mut writes) = (0, 0);
    for (template, operations) in document["paths"].as_object().expect("paths") {
        for (method, _) in operations.as_object().expect("operations") {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            if template == "/tokens/current" {
                continue;
            }
            let article = if template.contains("export")
                || template.contains("disclosure")
                || template.contains("editions")
            {
                signed
            } else {
                id
            };
            let path = template
                .replace("{id}", &article.to_string())
                .replace("{segment}", &row.to_string())
                .replace("{version}", "1")
                .replace("{number}", "1")
                .replace("{stage}", "bilingual_review")
                .replace("{thread}", "1");
            let (status, body) = app
                .call(
                    method.clone(),
                    &format!("/api/v1{path}"),
                    Some(&auditor),
                    Some(json!({})),
                )
                .await;
            if method == reqwest::Method::GET && template.starts_with("/webhooks") {
                // Where the newsroom's systems listen is an admin's setting,
                // not the record: it stays theirs.
                assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
            } else if method == reqwest::Method::GET {
                assert!(
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                    "{method} {path}: {status} {body}"
                );
                reads += 1;
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {body}");
                assert_eq!(
                    common::decoded_problem(&body).rule.as_deref(),
                    Some("role_required"),
                    "{method} {path}"
                );
                writes += 1;
            }
        }
    }
    assert!(
        reads >= 20 && writes >= 25,
        "{reads} reads, {writes} writes"
    );
    assert_eq!(snapshot().await, before, "the auditor changed something");
    // The article's JSON export and the disclosure read as they read for anyone.
    let (status, _) = app
        .get(
            &format!("/api/v1/articles/{signed}/export?format=json"),
            &auditor,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            "/api/v1/tokens/current",
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "an auditor may end their own token"
    );
}
api_test!(an_auditor_reads_everything_and_changes_nothing);

/// Every kind of problem has one title however it arises (RFC 9457
/// §3.1.3), and a problem about a field of the query or the body names
/// it: collected over the ways a client gets a request wrong.
#[tokio::test]
async fn a_problem_type_has_one_title_and_a_field_problem_names_its_field() {
    let app = TestApp::start(common::sqlite_store().await).await;
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    use reqwest::Method;
    let send = |method: Method, path: String, body: Body| {
        let request = app
            .client
            .request(method, format!("{}{path}", app.base))
            .bearer_auth(&app.reviewer);
        let request = match body {
            Some((kind, bytes)) => request.header("content-type", kind).body(bytes),
            None => request,
        };
        async move {
            let response = request.send().await.expect("send");
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let json = |text: &str| Some(("application/json", text.as_bytes().to_vec()));
    // (method, path, body, the field the problem must name, if any)
    type Body = Option<(&'static str, Vec<u8>)>;
    let cases: Vec<(Method, String, Body, Option<&str>)> = vec![
        (
            Method::GET,
            "/api/v1/log/proof/inclusion?leaf=x&size=1".into(),
            None,
            Some("leaf"),
        ),
        (
            Method::GET,
            "/api/v1/log/proof/inclusion?leaf=5&size=1".into(),
            None,
            Some("leaf"),
        ),
        (
            Method::GET,
            "/api/v1/log/proof/inclusion?size=1".into(),
            None,
            Some("leaf"),
        ),
        (
            Method::GET,
            "/api/v1/log/proof/consistency?from=9&to=1".into(),
            None,
            Some("from"),
        ),
        (
            Method::GET,
            "/api/v1/log/proof/consistency?from=1&to=-1".into(),
            None,
            Some("to"),
        ),
        (
            Method::GET,
            "/api/v1/articles?limit=abc".into(),
            None,
            Some("limit"),
        ),
        (
            Method::GET,
            "/api/v1/articles?limit=0".into(),
            None,
            Some("limit"),
        ),
        (
            Method::GET,
            "/api/v1/articles?limit=5&limit=6".into(),
            None,
            Some("limit"),
        ),
        (
            Method::GET,
            "/api/v1/articles?stage=nowhere".into(),
            None,
            Some("stage"),
        ),
        (
            Method::GET,
            "/api/v1/articles?after=0".into(),
            None,
            Some("after"),
        ),
        (
            Method::GET,
            "/api/v1/articles?after=next".into(),
            None,
            Some("after"),
        ),
        (
            Method::GET,
            "/api/v1/notifications?unread=maybe".into(),
            None,
            Some("unread"),
        ),
        (
            Method::GET,
            format!("/api/v1/articles/{id}/export?format=pdf"),
            None,
            Some("format"),
        ),
        (Method::GET, "/api/v1/articles/abc".into(), None, None),
        (Method::GET, "/api/v1/articles/424242".into(), None, None),
        (Method::POST, "/api/v1/articles".into(), json("{"), None),
        (
            Method::POST,
            "/api/v1/articles".into(),
            json("{\"title\": 5}"),
            Some("title"),
        ),
        (
            Method::POST,
            "/api/v1/articles".into(),
            json("{\"title\": \"T\", \"source\": \"한\", \"draft\": \"E\"}"),
            Some("ai"),
        ),
        (
            Method::POST,
            "/api/v1/articles".into(),
            Some(("text/plain", b"x".to_vec())),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/articles/{id}/transitions"),
            json("{\"action\": \"fly\"}"),
            Some("action"),
        ),
        (Method::DELETE, "/api/v1/articles".into(), None, None),
        (Method::GET, "/api/v1/nowhere".into(), None, None),
    ];
    let mut titles: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for (method, path, body, field) in cases {
        let what = format!("{method} {path}");
        let (status, problem) = send(method, path, body).await;
        assert!((400..500).contains(&status), "{what}: {status} {problem}");
        let kind = problem["type"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: {problem}"));
        titles
            .entry(kind.to_string())
            .or_default()
            .insert(problem["title"].as_str().unwrap_or_default().to_string());
        if let Some(field) = field {
            assert_eq!(problem["field"], field, "{what}: {problem}");
        }
        if status == 422 {
            assert!(
                problem["field"].is_string(),
                "{what}: a 422 names its field: {problem}"
            );
        }
    }
    for (kind, said) in &titles {
        assert_eq!(said.len(), 1, "{kind} has titles {said:?}");
    }
}

/// Every limit docs/api.md lists holds at its number: the request at the
/// limit is taken, one past it is refused naming its field (and, for a
/// write, changes nothing).
async fn every_limit_holds_at_its_number(app: TestApp) {
    use galley_core::limits::{NAME_CHARS, NOTE_CHARS, TITLE_CHARS};
    let (_, admin) = common::person(
        &app.store,
        &common::unique("limits.admin"),
        &[Role::Admin],
        None,
    )
    .await;
    let refused = |(status, problem): (StatusCode, Value), field: &str| {
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {problem}"
        );
        assert_eq!(problem["field"], field, "{problem}");
    };
    // Pages of lists.
    for (path, max, who) in [
        ("/api/v1/articles", 200, &app.reporter),
        ("/api/v1/notifications", 200, &app.reporter),
        ("/api/v1/webhooks/deliveries", 500, &admin),
        ("/api/v1/glossary", 1000, &app.reporter),
    ] {
        let (status, page) = app.get(&format!("{path}?limit={max}"), who).await;
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
        refused(
            app.get(&format!("{path}?limit={}", max + 1), who).await,
            "limit",
        );
    }
    // The desk's search: 300 characters.
    let q = "가".repeat(300);
    assert_eq!(
        app.get(&format!("/api/v1/articles?q={q}"), &app.reporter)
            .await
            .0,
        StatusCode::OK
    );
    refused(
        app.get(&format!("/api/v1/articles?q={q}가"), &app.reporter)
            .await,
        "q",
    );
    // A submission's title and AI tool's name.
    for (field, max) in [("title", TITLE_CHARS), ("ai.tool", NAME_CHARS)] {
        let mut at = submission();
        let mut over = submission();
        let (at_text, over_text) = ("t".repeat(max), "t".repeat(max + 1));
        if field == "title" {
            at["title"] = json!(at_text);
            over["title"] = json!(over_text);
        } else {
            at["ai"]["tool"] = json!(at_text);
            over["ai"]["tool"] = json!(over_text);
        }
        assert_eq!(
            app.post("/api/v1/articles", &app.reporter, at).await.0,
            StatusCode::CREATED
        );
        refused(
            app.post("/api/v1/articles", &app.reporter, over).await,
            field,
        );
    }
    // One side of an article: 200,000 characters (five paragraphs of
    // 40,000 and the separators between them are over it).
    let mut long = submission();
    long["draft"] = json!(vec!["e".repeat(40_000); 5].join("\n\n"));
    long["source"] = json!(vec!["가".repeat(40_000); 5].join("\n\n"));
    refused(
        app.post("/api/v1/articles", &app.reporter, long).await,
        "source",
    );
    // A note: a return's.
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let (status, problem) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "return", "version": article["version"], "note": "n".repeat(NOTE_CHARS + 1)}),
        )
        .await;
    refused((status, problem), "note");
    // A glossary entry's forms: 20 a list.
    let forms = |n: usize| {
        (0..n)
            .map(|i| format!("한국은행{i:02}"))
            .collect::<Vec<_>>()
    };
    let (status, added) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": forms(20), "english": ["Bank of Korea"], "kind": "organization"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    refused(
        app.post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": forms(21), "english": ["BOK"], "kind": "organization"}),
        )
        .await,
        "korean",
    );
    // A glossary import: 20,000 lines.
    let csv = |lines: usize| {
        let mut csv = String::from("korean,english,forbidden,kind,note\n");
        for i in 0..lines {
            csv.push_str(&format!("기관{i:05}청,Agency {i},,organization,\n"));
        }
        csv
    };
    let import = |body: String| {
        app.client
            .post(format!("{}/api/v1/glossary/import", app.base))
            .bearer_auth(&app.editor)
            .header("content-type", "text/csv")
            .body(body)
            .send()
    };
    let over = import(csv(20_001)).await.unwrap();
    let status = over.status();
    refused((status, over.json().await.unwrap()), "file");
    let at = import(csv(20_000)).await.unwrap();
    assert_eq!(at.status(), StatusCode::OK);
    // A password at sign-in: 1,024 bytes (at it, a wrong password; past
    // it, refused unread).
    let sign_in = |password: String| {
        app.client
            .post(format!("{}/login", app.base))
            .form(&[("name", "limits.nobody"), ("password", password.as_str())])
            .send()
    };
    let at = sign_in("p".repeat(1024)).await.unwrap().status();
    assert!(at != StatusCode::UNPROCESSABLE_ENTITY, "{at}");
    let over = sign_in("p".repeat(1025)).await.unwrap().status();
    assert_eq!(over, StatusCode::UNPROCESSABLE_ENTITY);
    // A webhook's URL: 2,000 characters.
    let url = |n: usize| {
        format!(
            "http://127.0.0.1/{}",
            "u".repeat(n - "http://127.0.0.1/".len())
        )
    };
    let (status, made) = app
        .post(
            "/api/v1/webhooks",
            &admin,
            json!({"url": url(2000), "events": ["article.signed_off"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    refused(
        app.post(
            "/api/v1/webhooks",
            &admin,
            json!({"url": url(2001), "events": ["article.signed_off"]}),
        )
        .await,
        "url",
    );
}
api_test!(every_limit_holds_at_its_number);
