//! Comment threads, notifications and webhooks.

use super::*;

async fn comment_threads_follow_their_rows_and_a_question_holds_approval(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let rows = body_rows(&article);
    let (first, second) = (rows[0].id.0, rows[1].id.0);
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
    let asked: CommentView = decoded(&asked);
    let thread = asked.id;
    assert_eq!(asked.mentions[0].name, "editor");
    assert_eq!(asked.segment, Some(RowId(second)));
    assert_eq!((asked.blocking, asked.resolved), (true, false));
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
    let reply: CommentView = decoded(&reply);
    assert_eq!(reply.reply_to, Some(thread));
    assert_eq!(reply.author.name, "editor");
    // Every row reviewed, the number fixed, the question still open:
    // approval waits for it.
    let (_, now) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for row in segments(&now) {
        for flag in row.flags.iter().filter(|f| f.blocking) {
            app.post(
                &format!("/api/v1/articles/{id}/segments/{}/overrides", row.id),
                &app.reviewer,
                json!({"key": flag.key, "reason": "checked"}),
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
    let into = body_rows(&merged)[0].id.0;
    let (_, listed) = app.get(&on(into), &app.reviewer).await;
    let listed: CommentList = decoded(&listed);
    let ids: Vec<i64> = listed.comments.iter().map(|c| c.id).collect();
    assert_eq!(ids, [thread, reply.id]);
    // Split it again: the thread stays with the first half.
    let (status, split) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{into}/split"),
            &app.reviewer,
            json!({"ko_at": 1, "en_at": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{split}");
    let half = body_rows(&split)[0].id.0;
    let (_, listed) = app.get(&on(half), &app.reviewer).await;
    assert_eq!(decoded::<CommentList>(&listed).comments.len(), 2);
    let (_, all) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    for row in segments(&all) {
        app.post(
            &format!("/api/v1/articles/{id}/segments/{}/review", row.id),
            &app.reviewer,
            json!({"revision": row.revision}),
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
        (status, common::decoded_problem(&problem).rule.as_deref()),
        (StatusCode::CONFLICT, Some("open_threads")),
        "{problem}"
    );
    // Resolved (not twice, not by its reply), it lets the article go.
    let resolve = format!("/api/v1/articles/{id}/comments/{thread}/resolve");
    let (status, _) = app
        .post(
            &format!("/api/v1/articles/{id}/comments/{}/resolve", reply.id),
            &app.editor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, resolved) = app.post(&resolve, &app.editor, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    let resolved: CommentView = decoded(&resolved);
    assert!(resolved.resolved);
    assert_eq!(
        resolved.resolved_by.map(|p| p.name).as_deref(),
        Some("editor")
    );
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

async fn notifications_tell_each_person_what_concerns_them(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    let row = segments(&article)[1].id.0;
    // The article arrived in bilingual review: both who work that stage
    // are told; the reporter who sent it is not.
    let told = inbox(&app, &app.reviewer).await;
    assert_eq!(told.unread, 1);
    let what = |list: &NotificationList| -> Vec<_> {
        list.notifications
            .iter()
            .map(|n| (n.reason, n.stage, n.detail.clone(), n.link.clone()))
            .collect()
    };
    assert_eq!(
        what(&told),
        [(
            ReasonName::Arrival,
            Some(StageName::BilingualReview),
            None,
            format!("/articles/{id}")
        )]
    );
    assert_eq!(told.notifications[0].article.id, id);
    assert_eq!(inbox(&app, &app.dual).await.unread, 1);
    assert_eq!(inbox(&app, &app.reporter).await.unread, 0);

    // A question mentioning the editor reaches the editor, at the row.
    let on = format!("/api/v1/articles/{id}/segments/{row}/comments");
    let (_, asked) = app
        .post(
            &on,
            &app.reviewer,
            json!({"body": "@editor is 3.5% right here?", "blocking": true}),
        )
        .await;
    let asked: CommentView = decoded(&asked);
    // Who acts on the article has seen it: the reviewer's arrival notice
    // is read now.
    let seen = inbox(&app, &app.reviewer).await;
    assert_eq!(seen.unread, 0);
    assert!(seen.notifications[0].read, "{:?}", seen.notifications);
    assert_eq!(inbox(&app, &app.dual).await.unread, 1, "not someone else's");
    let told = inbox(&app, &app.editor).await;
    assert_eq!(told.unread, 1);
    let ids: Vec<i64> = told.notifications.iter().map(|n| n.id).collect();
    let mention = &told.notifications[0];
    assert_eq!(mention.reason, ReasonName::Mention);
    assert_eq!(
        mention.detail.as_deref(),
        Some("@editor is 3.5% right here?")
    );
    assert_eq!(
        mention.link,
        format!("/articles/{id}?open=threads#row-{row}")
    );
    assert_eq!(mention.thread, Some(asked.id));
    assert_eq!(
        mention.actor.as_ref().map(|a| a.name.as_str()),
        Some("reviewer")
    );
    // The answer reaches the one who asked, as a reply in their thread.
    app.post(
        &on,
        &app.editor,
        json!({"body": "Yes, the bank's statement says 3.5%.", "reply_to": asked.id}),
    )
    .await;
    let told = inbox(&app, &app.reviewer).await;
    assert_eq!(told.unread, 1);
    assert_eq!(told.notifications[0].reason, ReasonName::Reply);

    // An assignment reaches its assignee, unless they assigned themselves.
    let (status, _) = app
        .put(
            &format!("/api/v1/articles/{id}/assignments/native_edit"),
            &app.editor,
            json!({"assignee": galley_store::Accounts::user_by_name(&app.store, "dual").await.unwrap().id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let told = inbox(&app, &app.dual).await;
    assert_eq!(
        (told.notifications[0].reason, told.notifications[0].stage),
        (ReasonName::Assignment, Some(StageName::NativeEdit))
    );

    // A return reaches the reporter, with its note.
    let (status, body) = app
        .post(
            &format!("/api/v1/articles/{id}/transitions"),
            &app.reviewer,
            json!({"action": "return", "note": "Paragraph 3 is missing."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let told = inbox(&app, &app.reporter).await;
    assert_eq!(told.unread, 1);
    let reporter_ids: Vec<i64> = told.notifications.iter().map(|n| n.id).collect();
    assert_eq!(
        (
            told.notifications[0].reason,
            told.notifications[0].detail.as_deref()
        ),
        (ReasonName::Return, Some("Paragraph 3 is missing."))
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
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decoded::<ReadAnswer>(&body).marked, 0);
    assert_eq!(inbox(&app, &app.reporter).await.unread, 1);
    let (_, body) = app.post(read, &app.editor, json!({"ids": ids})).await;
    let answer: ReadAnswer = decoded(&body);
    // The editor answered in the thread since, and the reviewer returned
    // the article: what each was told of it is read already.
    assert_eq!((answer.marked, answer.unread), (0, 0));
    let (_, body) = app.post(read, &app.reviewer, json!({"all": true})).await;
    let answer: ReadAnswer = decoded(&body);
    assert_eq!((answer.marked, answer.unread), (0, 0));
    let (_, unread_only) = app
        .get("/api/v1/notifications?unread=true", &app.reviewer)
        .await;
    assert!(
        decoded::<NotificationList>(&unread_only)
            .notifications
            .is_empty()
    );
    let all = inbox(&app, &app.reviewer).await;
    assert_eq!(all.notifications.len(), 2);
    assert!(
        all.notifications
            .iter()
            .all(|n| n.read && n.read_at.is_some())
    );
    let (status, problem) = app
        .get("/api/v1/notifications?limit=0", &app.reviewer)
        .await;
    common::assert_problem((status, &problem), 422, None, Some("limit"));

    // A sign-off reaches the article's reporter.
    let signed = signed_off_article(&app).await;
    let told = inbox(&app, &app.reporter).await;
    assert_eq!(
        (
            told.notifications[0].reason,
            told.notifications[0].link.as_str()
        ),
        (ReasonName::SignOff, format!("/articles/{signed}").as_str())
    );
    // A correction opened on it reaches the reporter too.
    let (status, body) = app
        .post(
            &format!("/api/v1/articles/{signed}/transitions"),
            &app.editor,
            json!({"action": "correct", "note": "The rate was 3.25%."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let told = inbox(&app, &app.reporter).await;
    assert_eq!(
        (
            told.notifications[0].reason,
            told.notifications[0].detail.as_deref()
        ),
        (ReasonName::Correction, Some("The rate was 3.25%."))
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
        // A NUL or a newline in the URL (a 500 on PostgreSQL once).
        (
            &admin,
            json!({"url": "https://cms.example/ho\u{0}ok", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        (
            &admin,
            json!({"url": "https://cms.example/\nhook", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        // Private, loopback and link-local destinations this server does
        // not allow by name (it allows 127.0.0.1 only).
        (
            &admin,
            json!({"url": "http://169.254.169.254/latest/meta-data", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        (
            &admin,
            json!({"url": "http://10.0.0.5/hook", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        (
            &admin,
            json!({"url": "http://localhost:9/hook", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        (
            &admin,
            json!({"url": "http://[::1]:9/hook", "events": ["article.signed_off"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
    ];
    app.refuses(path, cases).await;
    assert!(
        decoded::<WebhookList>(&app.get(path, &admin).await.1)
            .webhooks
            .is_empty()
    );
    let (status, added) = app
        .post(
            path,
            &admin,
            json!({"url": "http://127.0.0.1:9/hook", "events": ["article.signed_off", "comment.created"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let added: WebhookView = decoded(&added);
    assert!(added.secret.as_deref().unwrap().starts_with("whsec_"));
    let (_, listed) = app.get(path, &admin).await;
    let listed: WebhookList = decoded(&listed);
    assert_eq!(
        listed.webhooks[0].events,
        ["article.signed_off", "comment.created"]
    );
    assert_eq!(listed.webhooks[0].secret, None, "the secret is shown once");
    // The delivery is written with its event, before anything is sent (no
    // worker runs under this test's server).
    let id = signed_off_article(&app).await;
    let (_, deliveries) = app.get("/api/v1/webhooks/deliveries", &admin).await;
    let first = &decoded::<DeliveryList>(&deliveries).deliveries[0];
    assert_eq!(
        (first.event.as_str(), first.state, first.article.0),
        ("article.signed_off", DeliveryStateName::Pending, id)
    );
    let (_, one) = app
        .get(&format!("/api/v1/webhooks/deliveries/{}", first.id), &admin)
        .await;
    let one: DeliveryView = decoded(&one);
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.editor)
        .await;
    let events = trail["events"].as_array().unwrap();
    // The payload is the webhook's own JSON, read as its receiver would.
    assert_eq!(
        one.payload.as_ref().unwrap()["data"]["trail_head"],
        events.last().unwrap()["hash"]
    );
    assert_eq!(one.message_id, format!("msg_{id}_{}", events.len()));
    // A pending delivery is not re-sent twice; a switched-off endpoint gets nothing more.
    let (status, problem) = app
        .post(
            &format!("/api/v1/webhooks/deliveries/{}/resend", first.id),
            &admin,
            json!({}),
        )
        .await;
    common::assert_problem((status, &problem), 422, None, None);
    let (status, off) = app
        .call(
            reqwest::Method::DELETE,
            &format!("{path}/{}", added.id),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(decoded::<WebhookView>(&off).disabled_at.is_some());
    signed_off_article(&app).await;
    let (_, after) = app.get("/api/v1/webhooks/deliveries", &admin).await;
    assert_eq!(after["deliveries"], deliveries["deliveries"]);
    let (status, _) = app.get("/api/v1/webhooks/deliveries", &app.editor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
api_test!(only_an_admin_manages_webhooks_and_bad_endpoints_are_refused);
