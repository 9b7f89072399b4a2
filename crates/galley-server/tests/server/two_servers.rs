//! Two `galley serve` processes on one PostgreSQL database, edited
//! concurrently through both: no lost update, one trail, and it verifies.
//! Needs `GALLEY_TEST_POSTGRES_URL` (required when `CI` is set).

use crate::common;

use galley_core::workflow::Role;
use galley_store::{Accounts, ArticleId, Log, RowId, Rows, SqlStore, Store, Trail};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_share_one_database_without_losing_an_update() {
    let Some(database) = common::postgres_url("galley_two").await else {
        return;
    };
    let store = SqlStore::connect(&database).await.expect("store");
    store.migrate().await.expect("migrate");
    let mut tokens = Vec::new();
    for (user, role) in [
        ("reporter", Role::Reporter),
        ("reviewer", Role::BilingualReviewer),
    ] {
        let user = store.add_user(user, &[role], None).await.expect("user");
        let token = format!("galley_two_{}", user.name);
        store
            .add_token(
                user.id,
                "test",
                &galley_server::cli::admin::token_hash(&token),
            )
            .await
            .expect("token");
        tokens.push(token);
    }
    let (reporter, reviewer) = (tokens[0].clone(), tokens[1].clone());

    // Both hold the log's signing key.
    let signer = galley_core::checkpoint::LogSigner::from_seed("newsroom.example/log", [5; 32])
        .expect("key");
    let key_file = std::env::temp_dir().join(common::unique("two-servers-key"));
    std::fs::write(&key_file, signer.to_text()).expect("key file");
    let key_arg = ["--signing-key", key_file.to_str().expect("utf-8")];
    let servers = [
        common::Server::start_with(&database, &key_arg),
        common::Server::start_with(&database, &key_arg),
    ];
    let client = reqwest::Client::new();
    let body = json!({
        "title": "Seoul subway base fare to rise by 150 won",
        "source": include_str!("../../../../examples/subway-fares.ko.txt"),
        "draft": include_str!("../../../../examples/subway-fares.en.txt"),
        "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"}
    });
    let created: Value = client
        .post(format!("{}/api/v1/articles", servers[0].base))
        .bearer_auth(&reporter)
        .json(&body)
        .send()
        .await
        .expect("submit")
        .json()
        .await
        .expect("article");
    let id = created["id"].as_i64().expect("id");
    let row = created["segments"][1]["id"].as_i64().expect("row");
    let moved = client
        .post(format!(
            "{}/api/v1/articles/{id}/transitions",
            servers[1].base
        ))
        .bearer_auth(&reporter)
        .json(&json!({"action": "submit", "version": created["version"]}))
        .send()
        .await
        .expect("a transition request");
    assert_eq!(moved.status(), reqwest::StatusCode::OK);

    // Both processes answer (and keep) the article, its diff and its metrics
    // before the edits; afterwards each must answer from the new state.
    for server in &servers {
        for what in ["", "/diff", "/metrics"] {
            get(&client, &server.base, &reviewer, &format!("{id}{what}")).await;
        }
    }

    // Twenty editors, alternating between the two processes, each saving
    // once and rebasing on a conflict until the save lands.
    let mut tasks = Vec::new();
    for n in 0..20 {
        let (client, reviewer) = (client.clone(), reviewer.clone());
        let base = servers[n % 2].base.clone();
        tasks.push(tokio::spawn(async move {
            let url = format!("{base}/api/v1/articles/{id}/segments/{row}");
            let mut revision = 0;
            loop {
                let response = client
                    .put(&url)
                    .bearer_auth(&reviewer)
                    .json(&json!({"text": format!("edit number {n}"), "base_revision": revision}))
                    .send()
                    .await
                    .expect("save");
                let status = response.status();
                let answer: Value = response.json().await.expect("json");
                match status {
                    reqwest::StatusCode::OK => {
                        return answer["revision"].as_i64().expect("revision");
                    }
                    reqwest::StatusCode::CONFLICT => {
                        revision = answer["current_revision"].as_i64().expect("current")
                    }
                    other => panic!("unexpected {other}: {answer}"),
                }
            }
        }));
    }
    let mut landed = Vec::new();
    for task in tasks {
        landed.push(task.await.expect("task"));
    }
    landed.sort_unstable();
    assert_eq!(
        landed,
        (1..=20).collect::<Vec<_>>(),
        "every save landed once"
    );

    let revisions = store.revisions(RowId(row)).await.expect("revisions");
    for n in 0..20 {
        assert!(
            revisions
                .iter()
                .any(|r| r.text == format!("edit number {n}")),
            "edit {n} was lost"
        );
    }
    let last = &revisions.last().expect("revisions").text;
    for server in &servers {
        let article = get(&client, &server.base, &reviewer, &id.to_string()).await;
        assert_eq!(article["segments"][1]["revision"], 20);
        assert_eq!(&article["segments"][1]["en"], last);
        let diff = get(&client, &server.base, &reviewer, &format!("{id}/diff")).await;
        assert_eq!(diff["rows"][1]["to_revision"], 20);
        assert_eq!(diff["rows"][1]["changed"], true);
        let metrics = get(&client, &server.base, &reviewer, &format!("{id}/metrics")).await;
        let changed = &metrics["ai_to_current"]["rows"][1]["changed_share"];
        assert!(changed.as_f64().expect("share") > 0.0, "{metrics}");
    }
    for server in &servers {
        let verified: Value = client
            .get(format!("{}/api/v1/articles/{id}/trail/verify", server.base))
            .bearer_auth(&reviewer)
            .send()
            .await
            .expect("verify")
            .json()
            .await
            .expect("json");
        assert_eq!(verified["ok"], true, "{verified}");
        assert_eq!(
            verified["events"],
            2 + 1 + 20,
            "submitted, aligned, transition, 20 saves"
        );
    }
    // Both servers appended to the one log: every event has its own leaf,
    // with no gap and no index given twice.
    let (size, _) = store.log_head().await.expect("log");
    let mut indices = Vec::new();
    for event in store.events(ArticleId(id)).await.expect("events") {
        indices.push(
            store
                .leaf_of(ArticleId(id), event.seq)
                .await
                .expect("a leaf"),
        );
    }
    indices.sort_unstable();
    assert_eq!(indices, (0..size).collect::<Vec<_>>());
    // Checkpoints signed by either server, at start, after the transition
    // and for each one's export, are of one log: each later one extends
    // each earlier one.
    let verifier = signer.verifier();
    let mut checkpoints = Vec::new();
    for server in &servers {
        let export: Value = client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format=json",
                server.base
            ))
            .bearer_auth(&reviewer)
            .send()
            .await
            .expect("export")
            .json()
            .await
            .expect("json");
        let note = export["log"]["checkpoint"].as_str().expect("a checkpoint");
        checkpoints.push(verifier.open(note).expect("signed"));
        let note = client
            .get(format!("{}/api/v1/log/checkpoint", server.base))
            .bearer_auth(&reviewer)
            .send()
            .await
            .expect("checkpoint")
            .text()
            .await
            .expect("text");
        checkpoints.push(verifier.open(&note).expect("signed"));
    }
    assert!(
        checkpoints.iter().all(|c| c.size == size),
        "{checkpoints:?}"
    );
    let (_, first) = store.latest_checkpoint().await.expect("kept").expect("one");
    assert_eq!(verifier.open(&first).expect("signed").size, size);
    for pair in checkpoints.windows(2) {
        assert_eq!(pair[0], pair[1], "one log, one root at one size");
    }
    let (older, newer) = (3, size);
    let proof = store.consistency_proof(older, newer).await.expect("proof");
    let old_root = store.root_at(older).await.expect("root");
    let kept = galley_core::checkpoint::Checkpoint {
        origin: "newsroom.example/log".into(),
        size: older,
        root: old_root,
    };
    assert_eq!(
        galley_core::checkpoint::check_extends(&kept, &checkpoints[0], &proof),
        Ok(())
    );
    let _ = std::fs::remove_file(key_file);
}

/// `GET /api/v1/articles/{path}` as JSON, which must answer 200.
async fn get(client: &reqwest::Client, base: &str, token: &str, path: &str) -> Value {
    let response = client
        .get(format!("{base}/api/v1/articles/{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{path}");
    response.json().await.expect("json")
}
