//! Editing rows: a split that is not a change, revert, find and replace.

use super::*;
use galley_server::http::articles::{TrailView, Verdict};

/// An article the reporter submitted and sent to bilingual review.
async fn in_review_with(app: &TestApp, title: &str, source: &str, draft: &str) -> Value {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({"title": title, "source": source, "draft": draft,
                   "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let (status, moved) = app
        .post(
            &format!("/api/v1/articles/{}/transitions", article["id"]),
            &app.reporter,
            json!({"action": "submit"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    article
}

async fn a_split_of_the_ais_run_on_paragraph_is_not_counted_as_change(app: TestApp) {
    // The AI ran two Korean paragraphs into one English paragraph; the
    // reviewer breaks it where the Korean breaks and splits the row. Not a
    // word of the English changed.
    let article = in_review_with(
        &app,
        "Rates on hold",
        "물가가 3% 올랐다.\n\n한국은행은 기준금리를 동결했다.",
        "Prices rose 3 percent. The Bank of Korea kept its key rate on hold.",
    )
    .await;
    let id = article["id"].as_i64().unwrap();
    let rows = body_rows(&article);
    let joined = rows
        .iter()
        .position(|r| r.ko.len() == 2)
        .map(|i| rows[i].clone());
    let (first, broken) = match joined {
        // One 2–1 row: break the English and split it.
        Some(row) => (row, true),
        // Or a row each, the second without English: move the clause down.
        None => (rows[0].clone(), false),
    };
    let segment = first.id.0;
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
        // Each half's AI draft is the AI's text for it: "AI draft → now"
        // shows no change in either.
        let (_, export) = app
            .get(
                &format!("/api/v1/articles/{id}/export?format=json"),
                &app.reviewer,
            )
            .await;
        for row in body_rows(&split) {
            let draft = export["revisions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["segment"] == row.id.0 && r["revision"] == 0)
                .unwrap_or_else(|| panic!("{export}"));
            assert_eq!(draft["text"], row.en.as_str(), "{export}");
        }
    } else {
        let second = rows[1].id.0;
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
            &format!("/api/v1/articles/{id}/segments/{}", last.id),
            &app.reviewer,
            json!({"text": "The Bank of Korea kept its base rate on hold.", "base_revision": last.revision}),
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
    let segment = row.id.0;
    let draft = row.en.as_str().to_string();
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
    // Typing the first rewrite again is an edit, not a revert, though its
    // text is revision 1's.
    let (status, _) = app
        .put(
            &path,
            &app.reviewer,
            json!({"text": "A first rewrite.", "base_revision": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.reviewer)
        .await;
    let saves: Vec<(i64, Option<i64>)> = decoded::<TrailView>(&trail)
        .events
        .iter()
        // A save's payload names the revision it was based on.
        .filter(|e| e.payload["base_revision"].is_i64())
        .map(|e| {
            (
                e.payload["revision"].as_i64().unwrap(),
                e.payload["reverted_to"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        saves,
        [(1, None), (2, Some(0)), (3, None)],
        "the revert says so in the trail; the edit does not"
    );
}
api_test!(revert_brings_back_an_earlier_text_as_a_new_revision);

async fn find_and_replace_changes_the_previewed_rows_and_names_those_it_refused(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let rows = segments(&article);
    let with = |needle: &str| -> Vec<&SegmentView> {
        rows.iter()
            .filter(|r| r.en.as_str().contains(needle))
            .collect()
    };
    let matching = with("the");
    assert!(matching.len() >= 3, "{article}");
    let path = format!("/api/v1/articles/{id}/replace");
    let rows_body = |rows: &[&SegmentView]| -> Value {
        rows.iter()
            .map(|r| json!({"segment": r.id, "base_revision": r.revision}))
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
    let stale = matching[1].id.0;
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
        .find(|r| !r.en.as_str().contains(" the "))
        .unwrap();
    let mut asked: Vec<&SegmentView> = matching.clone();
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
    assert!(refused.contains(&(none.id.0, "no_match")), "{answer}");
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for done in answer["replaced"].as_array().unwrap() {
        let row = segments(&now)
            .into_iter()
            .find(|r| Some(r.id.0) == done["segment"].as_i64())
            .unwrap();
        assert!(row.en.contains(" THE "), "{row:?}");
        assert!(!row.en.contains(" the "), "{row:?}");
        assert_eq!(Some(row.revision), done["revision"].as_i64());
    }
    assert!(!answer["replaced"].as_array().unwrap().is_empty());
    // The row changed by hand keeps its text.
    let kept = segments(&now)
        .into_iter()
        .find(|r| r.id.0 == stale)
        .unwrap();
    assert_eq!(kept.en, "Changed by hand, the other way.");
}
api_test!(find_and_replace_changes_the_previewed_rows_and_names_those_it_refused);

/// English the AI invented (a paragraph with no Korean) goes with a reason:
/// only a bilingual reviewer, only in bilingual review, only a row with no
/// Korean, never without a reason. The row leaves the article; the trail
/// keeps the removal and its reason, still verifies, and the AI's text is a
/// deletion in the figures of the review.
async fn english_the_ai_invented_is_removed_with_a_reason(app: TestApp) {
    let article = in_review_with(
        &app,
        "Exports rise",
        "수출이 5% 늘었다.\n\n반도체가 증가를 이끌었다.",
        "Exports rose 5 percent.\n\nThe president will visit Washington next week to discuss tariffs.\n\nSemiconductors led the rise.",
    )
    .await;
    let id = article["id"].as_i64().unwrap();
    let rows = body_rows(&article);
    let invented = rows
        .iter()
        .find(|r| r.ko.is_empty())
        .unwrap_or_else(|| panic!("the invented paragraph has its own row: {article}"));
    assert!(invented.en.contains("Washington"));
    let with_korean = rows.iter().find(|r| !r.ko.is_empty()).unwrap();
    let remove = |row: RowId| format!("/api/v1/articles/{id}/segments/{row}/english-removal");
    let reason = json!({"reason": "The Korean says nothing of a visit."});
    let cases: Vec<(&String, Value, StatusCode, &str)> = vec![
        (
            &app.editor,
            reason.clone(),
            StatusCode::FORBIDDEN,
            "role_required",
        ),
        (
            &app.reviewer,
            json!({"reason": "  "}),
            StatusCode::CONFLICT,
            "note_required",
        ),
        (
            &app.reviewer,
            json!({}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "reason",
        ),
    ];
    app.refuses(&remove(invented.id), cases).await;
    let (status, problem) = app
        .post(&remove(with_korean.id), &app.reviewer, reason.clone())
        .await;
    assert_eq!(
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("stage_forbids_action")),
        "a row with Korean is edited, not removed: {problem}"
    );
    let (_, unchanged) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(
        segments(&unchanged).len(),
        segments(&article).len(),
        "refusals change nothing"
    );

    let (status, after) = app.post(&remove(invented.id), &app.reviewer, reason).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let left = body_rows(&after);
    assert_eq!(left.len(), rows.len() - 1);
    assert!(left.iter().all(|r| !r.en.contains("Washington")));
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.reviewer)
        .await;
    let removal = decoded::<TrailView>(&trail)
        .events
        .into_iter()
        .find(|e| e.payload.get("reason").is_some() && e.payload["row"] == invented.id.0)
        .expect("the removal in the trail");
    assert_eq!(
        removal.payload["reason"],
        "The Korean says nothing of a visit."
    );
    let (_, verdict) = app
        .get(
            &format!("/api/v1/articles/{id}/trail/verify"),
            &app.reviewer,
        )
        .await;
    assert!(
        matches!(decoded::<Verdict>(&verdict), Verdict::Holds { .. }),
        "{verdict}"
    );
    // The review's figures count the AI's sentence as deleted.
    let (_, metrics) = app
        .get(&format!("/api/v1/articles/{id}/metrics"), &app.reviewer)
        .await;
    let share = metrics["ai_to_current"]["article"]["changed_share"]
        .as_f64()
        .unwrap();
    assert!(
        share > 0.3,
        "the invented sentence is a third of the AI's words: {metrics}"
    );
}
api_test!(english_the_ai_invented_is_removed_with_a_reason);
