//! The headline as a reviewed row.

use super::*;
use crate::common::Answered as _;

/// The headline is a row. The AI's English headline ("call
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
    assert!(rows[0].headline);
    assert_eq!(rows[0].ko, ["한미 관세 협상 타결"]);
    assert_eq!(rows[0].en, "Korea, US call off tariff talks");
    assert!(
        article["segments"][1].get("headline").is_none(),
        "only the headline row says so"
    );
    assert!(!rows[1].headline);
    assert_eq!(article["headline_row"], true);
    let headline = rows[0].id.0;
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
            (status, common::decoded_problem(&problem).rule.as_deref()),
            (StatusCode::CONFLICT, Some("headline_row")),
            "{action}: {problem}"
        );
    }
    // Unreviewed, it holds approval like any row.
    for row in &rows[1..] {
        app.post(
            &format!("{path}/segments/{}/review", row.id),
            &app.reviewer,
            json!({"revision": row.revision}),
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
        (status, common::decoded_problem(&refused).rule.as_deref()),
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
                .text_body()
                .await
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
    assert!(first.headline);
    assert!(first.ko.is_empty());
    assert_eq!(first.flags[0].key, "missing_korean:headline", "{bare}");
    assert!(!first.flags[0].blocking);
    assert_eq!(bare["blocking_findings"], 0, "{bare}");
}
api_test!(the_headline_is_a_reviewed_row);
