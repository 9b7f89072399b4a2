//! An article through the workflow: every step, every refusal, who took
//! part, stale versions, a review taken back, a return, assignments.

use super::*;

async fn whole_article_walks_through_the_workflow(app: TestApp) {
    let article = app.submit().await;
    let id = article["id"].as_i64().expect("id");
    assert_eq!(article["stage"], "draft");
    let rows = segments(&article);
    assert_eq!(rows.len(), 8);
    let dropped = rows
        .iter()
        .find(|r| r.en.is_empty())
        .expect("the dropped paragraph is a row");
    let flag = &dropped.flags[0];
    assert_eq!(
        (flag.check, flag.severity, flag.blocking),
        (CheckName::MissingEnglish, SeverityName::Error, true),
        "{dropped:?}"
    );
    assert_eq!(flag.spans[0].side, SideName::Korean);
    assert!(flag.spans[0].text.starts_with("가계부채"));
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
    let path = format!("/api/v1/articles/{id}/segments/{}", dropped.id);
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
                &format!("/api/v1/articles/{id}/segments/{}/review", row.id),
                &app.reviewer,
                json!({"revision": row.revision}),
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
    let row = segments(&article)[0].id.0;
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
        let blocked = row.flags.iter().any(|f| f.blocking);
        let (status, problem) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{}/review", row.id),
                &app.dual,
                json!({"revision": row.revision}),
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
    let blocking: Vec<(RowId, String)> = segments(&article)
        .iter()
        .flat_map(|row| {
            row.flags
                .iter()
                .filter(|f| f.blocking)
                .map(|f| (row.id, f.key.clone()))
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
    for row in segments(&article).iter().filter(|r| !r.reviewed) {
        let (status, problem) = app
            .post(
                &format!("/api/v1/articles/{id}/segments/{}/review", row.id),
                &app.dual,
                json!({"revision": row.revision}),
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
/// Sends `method path` with `token`, `Accept-Language: lang` and a JSON
/// `body` when given; answers the status, `Content-Language` and the body.
async fn asked_in(
    app: &TestApp,
    method: reqwest::Method,
    path: String,
    token: Option<String>,
    lang: Option<String>,
    body: Option<Value>,
) -> (StatusCode, Option<String>, Value) {
    let mut request = app.client.request(method, format!("{}{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(lang) = lang {
        request = request.header("accept-language", lang);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let language = response
        .headers()
        .get("content-language")
        .map(|v| v.to_str().unwrap().to_string());
    (status, language, response.json().await.expect("JSON"))
}

/// A refusal and a stale save answer in the language the client asks for
/// (the review page asks for its own): Korean with `Accept-Language: ko`,
/// English otherwise, said in `Content-Language`; the rule and the status
/// are the same in both.
async fn refusals_speak_the_readers_language(app: TestApp) {
    let (id, _) = in_review(&app).await;
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    let segment = body_rows(&article)[0].id.0;
    let ask =
        |method: reqwest::Method, path: String, token: &str, lang: Option<&str>, body: Value| {
            asked_in(
                &app,
                method,
                path,
                Some(token.into()),
                lang.map(Into::into),
                Some(body),
            )
        };
    let transitions = format!("/api/v1/articles/{id}/transitions");
    let approve = json!({"action": "approve", "version": article["version"]});
    for (lang, expected_language, says) in [
        (None, "en", "blocking QA finding"),
        (Some("en-GB,en;q=0.9"), "en", "blocking QA finding"),
        (
            Some("ko-KR,ko;q=0.9,en;q=0.5"),
            "ko",
            "해결하지 않은 QA 오류가",
        ),
        (Some("en;q=0.4, ko"), "ko", "해결하지 않은 QA 오류가"),
    ] {
        let (status, language, problem) = ask(
            reqwest::Method::POST,
            transitions.clone(),
            &app.reviewer,
            lang,
            approve.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["rule"], "blocking_findings");
        assert_eq!(language.as_deref(), Some(expected_language), "{lang:?}");
        let detail = problem["detail"].as_str().expect("detail");
        assert!(detail.contains(says), "{lang:?}: {detail}");
    }
    // A stale save: the row is at revision 1, the save names 0.
    let path = format!("/api/v1/articles/{id}/segments/{segment}");
    let (status, _) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "A first rewrite.", "base_revision": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let stale = json!({"text": "A second rewrite.", "base_revision": 0});
    let (status, language, problem) = ask(
        reqwest::Method::PUT,
        path.clone(),
        &app.reviewer,
        Some("ko"),
        stale.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["rule"], "stale_revision");
    assert_eq!(language.as_deref(), Some("ko"));
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("1번째 판이 되었는데 0번째 판을"),
        "{problem}"
    );
    let (_, _, problem) = ask(reqwest::Method::PUT, path, &app.reviewer, None, stale).await;
    assert_eq!(
        problem["detail"],
        "the save was based on revision 0, but the row is at revision 1"
    );
    // A request that makes no sense (an override of a finding the row does
    // not give) names its field and says why in the reader's language,
    // with the row and the key.
    let overrides = format!("/api/v1/articles/{id}/segments/{segment}/overrides");
    let no_such = json!({"key": "numbers:ko:n1", "reason": "Checked."});
    let (status, language, problem) = ask(
        reqwest::Method::POST,
        overrides.clone(),
        &app.reviewer,
        Some("ko"),
        no_such.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(language.as_deref(), Some("ko"));
    assert_eq!(problem["field"], "key");
    assert_eq!(
        problem["detail"],
        format!("{segment}번 행에는 지금 “numbers:ko:n1” 검사 결과가 없습니다.")
    );
    let (_, _, problem) = ask(
        reqwest::Method::POST,
        overrides,
        &app.reviewer,
        None,
        no_such,
    )
    .await;
    assert_eq!(
        problem["detail"],
        format!("row {segment} has no finding \"numbers:ko:n1\" now")
    );
    // A text refused for what it holds, likewise, with where.
    let (status, _, problem) = ask(
        reqwest::Method::PUT,
        format!("/api/v1/articles/{id}/segments/{segment}"),
        &app.reviewer,
        Some("ko"),
        json!({"text": "Rates\u{0} held.", "base_revision": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "text");
    assert_eq!(
        problem["detail"],
        "text의 5번 위치에 쓸 수 없는 제어 문자 U+0000가 있습니다. 지워 주세요."
    );
}

api_test!(every_refusal_leaves_the_article_unchanged);
api_test!(refusals_speak_the_readers_language);

/// What the server checks on its own (a query, a token, a route, a file, a
/// method, the disclosure's shortfall) answers in the reader's language
/// too, with the same status, field and rule in both; with no
/// `Accept-Language` the English is what it always was.
async fn the_servers_own_checks_speak_the_readers_language(app: TestApp) {
    let (id, _) = in_review(&app).await;
    let ask = |method: reqwest::Method, path: String, token: Option<&str>, lang: &str| {
        let asked = asked_in(
            &app,
            method,
            path,
            token.map(Into::into),
            Some(lang.into()),
            None,
        );
        async move {
            let (status, language, body) = asked.await;
            (status, language, common::decoded_problem(&body))
        }
    };
    let get = reqwest::Method::GET;
    let token = Some(app.reviewer.as_str());
    let cases = [
        (
            get.clone(),
            "/api/v1/articles?limit=0".to_string(),
            token,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("limit"),
            None,
            "limit must be between 1 and 200",
            "limit은 1에서 200 사이여야 합니다.",
        ),
        (
            get.clone(),
            "/api/v1/no-such-thing".to_string(),
            token,
            StatusCode::NOT_FOUND,
            None,
            None,
            "no such route",
            "그런 경로가 없습니다.",
        ),
        (
            get.clone(),
            "/api/v1/articles".to_string(),
            None,
            StatusCode::UNAUTHORIZED,
            None,
            None,
            "send an API token as 'Authorization: Bearer <token>'",
            "API 토큰을 'Authorization: Bearer <token>'으로 보내세요.",
        ),
        (
            reqwest::Method::DELETE,
            "/api/v1/articles".to_string(),
            token,
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            None,
            "this path does not take this method; the Allow header lists those it takes",
            "이 경로는 이 메서드를 받지 않습니다. 받는 메서드는 Allow 헤더에 있습니다.",
        ),
        (
            get.clone(),
            format!("/api/v1/articles/{id}/disclosure"),
            token,
            StatusCode::CONFLICT,
            None,
            Some("not_signed_off"),
            "the article is not signed off: the native English edit is not finished",
            "기사가 최종 승인되지 않았습니다. 영어 원어민 편집이 끝나지 않았습니다.",
        ),
        (
            get.clone(),
            format!("/api/v1/articles/{id}/export?format=docx"),
            token,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("format"),
            None,
            "format must be xliff, tmx, json, or (signed off) text, html or markdown",
            "format은 xliff, tmx, json, 또는 (최종 승인 뒤) text, html, markdown입니다.",
        ),
    ];
    for (method, path, token, status, field, rule, english, korean) in cases {
        for (lang, said) in [("en", english), ("ko-KR,ko;q=0.9", korean)] {
            let (answered, language, problem) =
                ask(method.clone(), path.clone(), token, lang).await;
            assert_eq!(answered, status, "{path} {lang}: {problem:?}");
            assert_eq!(problem.status, status.as_u16());
            assert_eq!(language.as_deref(), Some(&lang[..2]), "{path}");
            assert_eq!(problem.field.as_deref(), field, "{path}");
            assert_eq!(problem.rule.as_deref(), rule, "{path}");
            assert_eq!(problem.detail, said, "{path} {lang}");
        }
    }
    // A submission without the AI tool names the field it lacks.
    let lacking = json!({"title": "Rates", "source": "금리를 동결했다.", "draft": "Rates held."});
    for (lang, said) in [("en", "ai is required"), ("ko", "ai이(가) 필요합니다.")] {
        let (status, _, problem) = asked_in(
            &app,
            reqwest::Method::POST,
            "/api/v1/articles".into(),
            Some(app.reporter.clone()),
            Some(lang.into()),
            Some(lacking.clone()),
        )
        .await;
        let problem = common::decoded_problem(&problem);
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            (problem.field.as_deref(), problem.detail.as_str()),
            (Some("ai"), said)
        );
    }
    // An XLIFF file that is not one: the file's fault said in Korean, the
    // XML parser's own words after it.
    let response = app
        .client
        .post(format!("{}/api/v1/articles/{id}/import", app.base))
        .bearer_auth(&app.reviewer)
        .header("content-type", "application/xliff+xml")
        .header("accept-language", "ko")
        .body("<html/>")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = common::decoded_problem(&response.json().await.expect("problem"));
    assert_eq!(problem.field.as_deref(), Some("body"));
    assert_eq!(problem.detail, "루트가 XLIFF 2의 <xliff> 요소가 아닙니다.");
    // An article's findings, likewise: the same flags, said in the reader's
    // language, each language cached apart.
    let mut said = Vec::new();
    for lang in ["ko", "en", "ko"] {
        let response = app
            .client
            .get(format!("{}/api/v1/articles/{id}", app.base))
            .bearer_auth(&app.reviewer)
            .header("accept-language", lang)
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.headers().get("vary").map(|v| v.to_str().unwrap()),
            Some("accept-language")
        );
        let article = article_view(&response.json().await.expect("article"));
        let flags: Vec<(String, String)> = article
            .segments
            .iter()
            .flat_map(|s| &s.flags)
            .map(|f| (f.key.clone(), f.message.clone()))
            .collect();
        assert!(!flags.is_empty());
        said.push(flags);
    }
    assert_eq!(said[0], said[2], "the Korean answer, cached");
    let keys = |flags: &[(String, String)]| flags.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&said[0]), keys(&said[1]));
    for ((_, korean), (_, english)) in said[0].iter().zip(&said[1]) {
        assert!(
            korean.chars().any(|c| ('가'..='힣').contains(&c)),
            "{korean}"
        );
        assert_ne!(korean, english);
    }
}
api_test!(the_servers_own_checks_speak_the_readers_language);

/// Approving, or only overriding a finding,
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

/// A transition names the version the person saw;
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
            &format!("/api/v1/articles/{id}/segments/{}", row.id),
            &app.dual,
            json!({"text": format!("{} Markets agreed.", row.en.as_str()), "base_revision": row.revision}),
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

async fn a_review_marked_by_mistake_is_taken_back_and_the_trail_still_verifies(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let segment = segments(&article)[0].id.0;
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("stale_revision"))
    );
    let (status, problem) = app
        .call(reqwest::Method::DELETE, &review, Some(&app.reviewer), None)
        .await;
    common::assert_problem((status, &problem), 422, None, Some("revision"));
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert!(segments(&now)[0].reviewed);
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
    assert!(!segments(&now)[0].reviewed);
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::FORBIDDEN, Some("role_required")),
        "{problem}"
    );
    let mut empty = replacement.clone();
    empty["source"] = json!("");
    let (status, problem) = app.put(&path, &app.reporter, empty).await;
    assert_eq!(
        (status, common::decoded_problem(&problem).field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("source")),
        "{problem}"
    );
    let mut nul = replacement.clone();
    nul["draft"] = json!("The Bank\u{0} of Korea.");
    let (status, problem) = app.put(&path, &app.reporter, nul).await;
    assert_eq!(
        (status, common::decoded_problem(&problem).field.as_deref()),
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
    assert_eq!(rows[1].en, "Inflation is stable.");
    assert!(rows.iter().all(|r| r.revision == 0));
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
            &format!("/api/v1/articles/{id}/segments/{}", row.id),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).field.as_deref()),
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

/// A draft's submission is replaced only by the reporter whose article it
/// is, or an admin; another reporter is refused and nothing changes.
async fn a_reporter_replaces_only_their_own_draft(app: TestApp) {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({"title": "Rates on hold", "source": "금리가 동결됐다.", "draft": "Rates were held.",
                   "ai": {"tool": "ChatGPT", "model": "gpt-4o"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let path = format!("/api/v1/articles/{}", article["id"]);
    let (_, other) = common::person(&app.store, "other.reporter", &[Role::Reporter], None).await;
    // An admin who writes as a reporter may replace any reporter's draft.
    let (_, admin) = common::person(
        &app.store,
        "the.admin",
        &[Role::Reporter, Role::Admin],
        None,
    )
    .await;
    let replacement = |title: &str| {
        json!({"title": title, "source": "금리가 동결됐다.\n\n시장은 안도했다.",
               "draft": "Rates were held.\n\nMarkets were relieved.",
               "ai": {"tool": "ChatGPT", "model": "gpt-4o"}})
    };
    let (status, problem) = app.put(&path, &other, replacement("Not theirs")).await;
    common::assert_problem((status, &problem), 403, Some("role_required"), None);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("only the reporter whose article it is")),
        "{problem}"
    );
    let (_, unchanged) = app.get(&path, &app.reporter).await;
    assert_eq!(unchanged["title"], "Rates on hold");
    assert_eq!(unchanged["version"], article["version"]);
    let (status, replaced) = app
        .put(&path, &app.reporter, replacement("Rates held"))
        .await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["title"], "Rates held");
    let (status, replaced) = app
        .put(&path, &admin, replacement("Rates held, say admins"))
        .await;
    assert_eq!(status, StatusCode::OK, "{replaced}");
    assert_eq!(replaced["title"], "Rates held, say admins");
}
api_test!(a_reporter_replaces_only_their_own_draft);

/// The list pages with a cursor: `next` of one page is `after` of the
/// next, newest first; an article submitted between two pages is not in
/// the later ones and none is shown twice; the last page says so.
async fn the_article_list_pages_with_a_cursor(app: TestApp) {
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(app.submit().await["id"].as_i64().expect("id"));
    }
    ids.reverse();
    let (status, first) = app.get("/api/v1/articles?limit=2", &app.reporter).await;
    assert_eq!(status, StatusCode::OK);
    let mut seen: Vec<i64> = first["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect();
    app.submit().await;
    let mut next = first["next"].clone();
    while let Some(after) = next.as_i64() {
        let (_, page) = app
            .get(
                &format!("/api/v1/articles?limit=2&after={after}"),
                &app.reporter,
            )
            .await;
        seen.extend(
            page["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .map(|a| a["id"].as_i64().expect("id")),
        );
        next = page["next"].clone();
    }
    assert_eq!(seen, ids);
    assert!(next.is_null());
}
api_test!(the_article_list_pages_with_a_cursor);
