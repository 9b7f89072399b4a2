//! A new version of the Korean.

use super::*;
use crate::common::Answered as _;

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
    let rows: Vec<i64> = body_rows(&article).iter().map(|r| r.id.0).collect();
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
            (status, common::decoded_problem(&problem).field.as_deref()),
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
    let ko: Vec<Vec<String>> = body_rows(&revised).into_iter().map(|r| r.ko).collect();
    let m = marks(&revised);
    let mark = |i: usize| (m[i].1, m[i].2);
    // Unchanged rows keep their English, their revisions and their review
    // marks, in the new order; exactly the changed, removed and added rows
    // are marked.
    assert_eq!(m[0].0, "Seoul unveiled a new transport policy.");
    assert_eq!(mark(0), (None, true));
    assert_eq!(
        (m[1].0.as_str(), mark(1)),
        (DRAFT_V1[1], (Some(SourceChangeName::Changed), false))
    );
    assert_eq!(
        body_rows(&revised)[1].korean_before.as_deref(),
        Some(SOURCE_V1[1]),
        "the Korean before the change, for the diff"
    );
    assert_eq!((m[2].0.as_str(), mark(2)), (DRAFT_V1[3], (None, true)));
    assert_eq!(
        (m[3].0.as_str(), mark(3)),
        (DRAFT_V1[4], (Some(SourceChangeName::Removed), false))
    );
    assert!(ko[3].is_empty(), "a removed row has no Korean");
    assert_eq!((m[4].0.as_str(), mark(4)), (DRAFT_V1[2], (None, true)));
    assert_eq!(
        (m[5].0.as_str(), mark(5)),
        (
            "The transit workers' union welcomed the plan.",
            (Some(SourceChangeName::Added), false)
        )
    );
    assert_eq!((m[6].0.as_str(), mark(6)), (DRAFT_V1[5], (None, true)));
    let ids: Vec<i64> = body_rows(&revised).iter().map(|r| r.id.0).collect();
    assert_eq!(
        [ids[0], ids[1], ids[2], ids[3], ids[4], ids[6]],
        [rows[0], rows[1], rows[3], rows[4], rows[2], rows[5]]
    );
    assert_eq!(body_rows(&revised)[0].revision, 1);
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        .filter(|r| r.source_changed)
        .map(|r| r.id.0)
        .collect();
    assert_eq!(changed, [ids[6]]);
    // The reviewer of this round is told the row came back to them.
    let told = inbox(app, &app.reviewer).await;
    let first = &told.notifications[0];
    assert_eq!(
        (first.reason, first.stage),
        (ReasonName::SourceChanged, Some(StageName::BilingualReview)),
        "{told:?}"
    );
    assert!(
        first.link.starts_with(&format!("/articles/{id}")),
        "{told:?}"
    );
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    // Nor may the native editor override the row's findings: an override
    // is a change to what the row publishes, judged by the row's rule.
    let marked = body_rows(&revised)
        .into_iter()
        .find(|r| r.id.0 == ids[6])
        .unwrap();
    let key = marked
        .flags
        .first()
        .map_or("numbers:ko:n1".to_string(), |f| f.key.clone());
    let (status, problem) = app
        .post(
            &format!("{path}/segments/{}/overrides", ids[6]),
            &app.editor,
            json!({"key": key, "reason": "The figure is right."}),
        )
        .await;
    assert_eq!(
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        .text_body()
        .await;
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        .flat_map(|r| r.ko.clone())
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
    assert_eq!(
        body_rows(&revised)[0].source_change,
        Some(SourceChangeName::Changed)
    );
    assert_eq!(
        body_rows(&revised).len(),
        body_rows(&article).len(),
        "no row added or removed"
    );
}
api_test!(a_new_korean_version_in_draft_is_the_reporters);
