//! The trail as the record: verify, the disclosure it earns, a correction
//! as a second edition, the log and its checkpoints, texts rewritten under
//! the trail.

use super::*;
use galley_server::http::articles::{TrailView, Verdict};
use galley_server::views::disclosure::Disclosure;

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
    let events = decoded::<TrailView>(&trail).events;
    let saved = events
        .iter()
        .find(|e| e.payload["base_revision"] == 0)
        .expect("the save's event");
    let seq = saved.seq;
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
    let Verdict::Broken {
        ok: false,
        broken_at,
        reason,
        ..
    } = decoded(&verified)
    else {
        panic!("not broken: {verified}");
    };
    assert_eq!(broken_at, Some(seq));
    assert!(reason.contains(&format!("event {seq}")), "{reason}");
}
api_test!(verify_names_the_first_broken_event);

async fn the_disclosure_is_earned_by_the_trail(app: TestApp) {
    // A draft earns nothing: the answer names the missing step.
    let draft = app.submit().await["id"].as_i64().unwrap();
    let (status, problem) = app
        .get(&format!("/api/v1/articles/{draft}/disclosure"), &app.editor)
        .await;
    assert_eq!(
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("not_signed_off")),
        "{problem}"
    );

    let id = signed_off_article(&app).await;
    let (status, disclosure) = app
        .get(&format!("/api/v1/articles/{id}/disclosure"), &app.reporter)
        .await;
    assert_eq!(status, StatusCode::OK, "{disclosure}");
    let disclosure: Disclosure = decoded(&disclosure);
    assert!(disclosure.text.starts_with("This article was originally written in Korean and translated by a bilingual reporter with the help of generative AI tools."));
    assert_eq!(disclosure.ai.model, "gpt-4o-2024-08-06");
    assert_eq!(
        disclosure.bilingual_review.approved_by.name.as_deref(),
        Some("reviewer")
    );
    assert_eq!(
        disclosure.native_edit.signed_off_by.name.as_deref(),
        Some("editor")
    );
    // The figures behind it: the reviewer filled one paragraph of eight.
    let figures = disclosure.figures;
    let share = figures.ai_to_bilingual_review.unwrap().changed_share;
    assert!(share > 0.05 && share < 0.5, "{share}");
    assert_eq!(
        figures
            .bilingual_review_to_native_edit
            .unwrap()
            .changed_share,
        0.0
    );
}
api_test!(the_disclosure_is_earned_by_the_trail);

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
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::FORBIDDEN, Some("role_required")),
        "{problem}"
    );
    let (status, problem) = app
        .post(&transitions, &app.editor, json!({"action": "correct"}))
        .await;
    assert_eq!(
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        .find(|r| r.source_changed)
        .expect("the row with the figure");
    assert!(row.en.contains("6.8 trillion"), "{row:?}");
    let (status, problem) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("source_changed")),
        "{problem}"
    );
    let fixed = row.en.replace("6.8 trillion", "6.3 trillion");
    let (status, saved) = app
        .put(
            &format!("{path}/segments/{}", row.id),
            &app.reviewer,
            json!({"text": fixed, "base_revision": row.revision}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, body) = app
        .post(
            &format!("{path}/segments/{}/review", row.id),
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
    let disclosure: Disclosure = decoded(&disclosure);
    assert_eq!((disclosure.edition, disclosure.source_version), (2, 2));
    let correction = &disclosure.corrections[0];
    assert_eq!((correction.edition, correction.note.as_str()), (2, note));
    let line = correction.line.as_str();
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
    assert_eq!(problem["field"], "size", "{problem}");
    for (query, field) in [
        (format!("inclusion?leaf={size}&size={size}"), "leaf"),
        (format!("consistency?from={size}&to=2"), "from"),
    ] {
        let (status, problem) = app
            .get(&format!("/api/v1/log/proof/{query}"), &app.editor)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["field"], field, "{query}: {problem}");
    }
    let (status, _) = app
        .call(reqwest::Method::GET, "/api/v1/log", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
api_test!(the_log_proves_every_event_is_in_it);

/// A server holding the signing key signs a checkpoint after each
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
            &format!("/api/v1/articles/{id}/segments/{}/comments", row.id),
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
            &format!("/api/v1/articles/{id}/segments/{}/comments", row.id),
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

/// The published text rewritten under the trail. The table of
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
    let (row_id, revision) = (row.id.0, row.revision);
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
    // Named as the page numbers it (the first row of the body), its id beside.
    let named = format!("row 1 (id {row_id})");
    assert!(
        verdict["reason"].as_str().unwrap().contains(&named),
        "{verdict}"
    );
    for format in ["html", "text", "markdown", "xliff", "tmx", "json"] {
        let (status, problem) = app
            .get(&format!("{path}/export?format={format}"), &app.editor)
            .await;
        assert_eq!(
            (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("trail_mismatch")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("(id {row})")),
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
