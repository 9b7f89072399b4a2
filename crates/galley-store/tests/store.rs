//! One storage suite, run on SQLite and on PostgreSQL: `store_test!` makes
//! every test a `sqlite` and a `postgres` case, so no test exists for one
//! backend only.
//!
//! PostgreSQL comes from `GALLEY_TEST_POSTGRES_URL` (a role that may create
//! databases; each test gets a database of its own). Without it the
//! PostgreSQL cases fail when `CI` is set, and are skipped, saying so,
//! on a developer's machine.

use std::sync::Arc;

use galley_core::align::LinkFlag;
use galley_core::events::Fact;
use galley_core::trail;
use galley_core::workflow::{Action, Role, Rule, Stage};
use galley_store::{
    Accounts, AiTool, ArticleId, ArticleQuery, Articles, Author, Comments, NewArticle, NewComment,
    NewRow, RowId, Rows, SqlStore, Store, StoreError, Trail, User,
};

/// A transition by `by`, naming the version the article is at now.
async fn go(
    store: &SqlStore,
    by: &User,
    id: i64,
    action: Action,
    note: Option<&str>,
) -> galley_store::StoreResult<galley_store::Article> {
    let version = store.article_version(ArticleId(id)).await?;
    store
        .transition(by, ArticleId(id), action, note, version)
        .await
}

/// The trail's events, decoded.
fn facts(events: &[trail::Event]) -> Vec<Fact> {
    events
        .iter()
        .map(|e| Fact::decode(e).expect("a readable event"))
        .collect()
}

use galley_test_support::unique;

/// A store on a new SQLite file, migrated if `migrate`.
async fn sqlite_store(migrate: bool) -> SqlStore {
    let path = std::env::temp_dir().join(format!("{}.db", unique("galley_store_test")));
    let store = SqlStore::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open sqlite");
    if migrate {
        store.migrate().await.expect("migrate sqlite");
    }
    store
}

/// A store on a new PostgreSQL database, migrated if `migrate`; `None`
/// without one (a failure under CI).
async fn postgres_store(migrate: bool) -> Option<SqlStore> {
    let url = galley_test_support::postgres_url("galley_test").await?;
    let store = SqlStore::connect(&url).await.expect("open postgres");
    if migrate {
        store.migrate().await.expect("migrate postgres");
    }
    Some(store)
}

macro_rules! store_test {
    ($name:ident) => {
        store_test!($name, migrated = true);
    };
    // `migrated = false`: the test gets an empty database and migrates it
    // itself.
    ($name:ident, migrated = $migrate:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$name(super::sqlite_store($migrate).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(store) = super::postgres_store($migrate).await {
                    super::$name(store).await;
                }
            }
        }
    };
}

struct Cast {
    reporter: User,
    reviewer: User,
    editor: User,
    admin: User,
}

async fn cast(store: &SqlStore) -> Cast {
    Cast {
        reporter: store
            .add_user("kim.reporter", &[Role::Reporter], None)
            .await
            .expect("reporter"),
        reviewer: store
            .add_user("lee.reviewer", &[Role::BilingualReviewer], None)
            .await
            .expect("reviewer"),
        editor: store
            .add_user("jones.editor", &[Role::NativeEditor], None)
            .await
            .expect("editor"),
        admin: store
            .add_user("park.admin", &[Role::Admin], None)
            .await
            .expect("admin"),
    }
}

/// An article as submitted before the headline was a row of its own (its
/// first row happens to translate the headline, but the title is the
/// submitted one): most store tests work on rows alone.
fn new_article() -> NewArticle {
    NewArticle {
        headline: false,
        title: "Bank of Korea holds key rate at 3.5%".into(),
        korean: vec![
            "한국은행, 기준금리 연 3.5%로 동결".into(),
            "한국은행은 10월 22일 기준금리를 동결했다.".into(),
            "이창용 총재는 물가가 여전히 높다고 말했다.".into(),
        ],
        rows: vec![
            NewRow {
                ko: 0..1,
                draft: "Bank of Korea holds key rate at 3.5%".into(),
                confidence: 0.99,
                flags: vec![],
            },
            NewRow {
                ko: 1..2,
                draft: "The Bank of Korea held its rate on Oct. 22.\n\nIt was the seventh hold."
                    .into(),
                confidence: 0.97,
                flags: vec![],
            },
            NewRow {
                ko: 2..3,
                draft: "Governor Rhee said prices were still high.".into(),
                confidence: 0.62,
                flags: vec![LinkFlag::LowConfidence],
            },
        ],
        ai: AiTool {
            tool: "ChatGPT".into(),
            model: "gpt-4o-2024-08-06".into(),
        },
    }
}

/// Submits the demo article and takes it into bilingual review.
async fn submitted(store: &SqlStore, reporter: &User) -> galley_store::Article {
    let article = store.submit_article(reporter, new_article()).await.unwrap();
    go(store, reporter, article.id.0, Action::Submit, None)
        .await
        .unwrap();
    article
}

/// Submits the demo article and takes it into bilingual review with every
/// row reviewed by `reviewer`.
async fn reviewed_article(
    store: &SqlStore,
    reporter: &User,
    reviewer: &User,
) -> galley_store::Article {
    let article = submitted(store, reporter).await;
    for segment in &article.rows {
        store
            .mark_reviewed(reviewer, article.id, segment.id, segment.revision)
            .await
            .unwrap();
    }
    article
}

fn assert_refused(result: Result<impl std::fmt::Debug, StoreError>, rule: Rule) {
    match result {
        Err(StoreError::Refused(refusal)) => assert_eq!(refusal.rule, rule, "{refusal}"),
        other => panic!("expected a refusal by {rule:?}, got {other:?}"),
    }
}

async fn users_roles_and_tokens(store: SqlStore) {
    let user = store
        .add_user(
            "  kim  ",
            &[Role::Reporter, Role::Admin, Role::Reporter],
            Some("hash"),
        )
        .await
        .unwrap();
    assert_eq!(user.name, "kim");
    assert_eq!(user.roles, [Role::Reporter, Role::Admin]);
    assert_eq!(store.user_by_name("kim").await.unwrap(), user);
    assert_eq!(store.user(user.id).await.unwrap(), user);
    assert!(matches!(
        store.add_user("kim", &[], None).await,
        Err(StoreError::Invalid {
            field: Some("name"),
            ..
        })
    ));
    assert!(matches!(
        store.add_user(" ", &[], None).await,
        Err(StoreError::Invalid {
            field: Some("name"),
            ..
        })
    ));
    assert!(matches!(
        store.user_by_name("nobody").await,
        Err(StoreError::NotFound(_))
    ));

    store
        .add_token(user.id, "cms", "sha256-of-token")
        .await
        .unwrap();
    assert_eq!(
        store.user_by_token_hash("sha256-of-token").await.unwrap(),
        user
    );
    // A user without roles still signs in (and may then do nothing).
    let idle = store.add_user("idle", &[], None).await.unwrap();
    store.add_token(idle.id, "cms", "idle-token").await.unwrap();
    let found = store.user_by_token_hash("idle-token").await.unwrap();
    assert_eq!((found.name.as_str(), found.roles.len()), ("idle", 0));
    store.revoke_token_hash("sha256-of-token").await.unwrap();
    assert!(matches!(
        store.user_by_token_hash("sha256-of-token").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.revoke_token_hash("sha256-of-token").await,
        Err(StoreError::NotFound(_))
    ));
}
store_test!(users_roles_and_tokens);

async fn submitted_article_starts_from_the_ai_draft(store: SqlStore) {
    let people = cast(&store).await;
    let article = store
        .submit_article(&people.reporter, new_article())
        .await
        .unwrap();
    assert_eq!(article.stage, Stage::Draft);
    assert_eq!(article.korean.len(), 3);
    assert_eq!(article.rows.len(), 3);
    assert_eq!(
        article.rows[1].text,
        "The Bank of Korea held its rate on Oct. 22.\n\nIt was the seventh hold."
    );
    assert_eq!(article.rows[2].flags, [LinkFlag::LowConfidence]);
    let revisions = store.revisions(article.rows[0].id).await.unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].revision, 0);
    assert_eq!(
        revisions[0].author,
        Author::Ai(AiTool {
            tool: "ChatGPT".into(),
            model: "gpt-4o-2024-08-06".into()
        })
    );
    assert_eq!(store.article(article.id).await.unwrap(), article);
    let list = |stage, title| {
        let store = store.clone();
        async move {
            store
                .list_articles(ArticleQuery {
                    stage,
                    title,
                    ..ArticleQuery::default()
                })
                .await
                .unwrap()
        }
    };
    assert_eq!(list(Some(Stage::Draft), None).await.len(), 1);
    assert!(list(Some(Stage::SignedOff), None).await.is_empty());
    // Title search ignores Latin case and treats % and _ as letters.
    assert_eq!(list(None, Some("bank of KOREA")).await.len(), 1);
    assert_eq!(list(None, Some("3.5%")).await.len(), 1);
    assert!(list(None, Some("50%")).await.is_empty());
    assert!(list(None, Some("holds_key")).await.is_empty());
    assert!(list(None, Some("Fed")).await.is_empty());

    // Only reporters submit; rows must cover the Korean.
    assert_refused(
        store.submit_article(&people.editor, new_article()).await,
        Rule::RoleRequired,
    );
    let mut gap = new_article();
    gap.rows.remove(1);
    assert!(matches!(
        store.submit_article(&people.reporter, gap).await,
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store.article(ArticleId(9999)).await,
        Err(StoreError::NotFound(_))
    ));
}
store_test!(submitted_article_starts_from_the_ai_draft);

async fn whole_workflow_with_every_refusal(store: SqlStore) {
    let people = cast(&store).await;
    let article = store
        .submit_article(&people.reporter, new_article())
        .await
        .unwrap();
    let (id, row) = (article.id, article.rows[2].id);

    // Draft: nobody edits the English yet.
    assert_refused(
        store.save_revision(&people.reviewer, id, row, 0, "x").await,
        Rule::ReadOnlyInStage,
    );
    assert_refused(
        go(&store, &people.reviewer, id.0, Action::Submit, None).await,
        Rule::RoleRequired,
    );
    go(&store, &people.reporter, id.0, Action::Submit, None)
        .await
        .unwrap();

    // Bilingual review: edit, review every row, approve.
    let saved = store
        .save_revision(
            &people.reviewer,
            id,
            row,
            0,
            "Governor Rhee Chang-yong said prices remained high.",
        )
        .await
        .unwrap();
    assert_eq!(saved.revision, 1);
    assert_refused(
        store.save_revision(&people.editor, id, row, 1, "x").await,
        Rule::RoleRequired,
    );
    assert_refused(
        go(&store, &people.reviewer, id.0, Action::Approve, None).await,
        Rule::RowsNotReviewed,
    );
    for segment in store.article(id).await.unwrap().rows {
        store
            .mark_reviewed(&people.reviewer, id, segment.id, segment.revision)
            .await
            .unwrap();
    }
    // Edited after review: reviewed again before approval.
    store
        .save_revision(
            &people.reviewer,
            id,
            row,
            1,
            "Governor Rhee Chang-yong said inflation remained high.",
        )
        .await
        .unwrap();
    assert_refused(
        go(&store, &people.reviewer, id.0, Action::Approve, None).await,
        Rule::RowsNotReviewed,
    );
    store
        .mark_reviewed(&people.reviewer, id, row, 2)
        .await
        .unwrap();
    let approved = go(&store, &people.reviewer, id.0, Action::Approve, None)
        .await
        .unwrap();
    assert_eq!(approved.stage, Stage::NativeEdit);

    // Native edit: English only; the alignment is read-only.
    assert_refused(
        store
            .merge_with_next(&people.editor, id, article.rows[0].id)
            .await,
        Rule::ReadOnlyInStage,
    );
    store
        .save_revision(
            &people.editor,
            id,
            row,
            2,
            "Gov. Rhee Chang-yong said inflation remained high.",
        )
        .await
        .unwrap();
    assert_refused(
        go(&store, &people.editor, id.0, Action::Return, Some(" ")).await,
        Rule::NoteRequired,
    );

    // Separation of duties: a native editor who reviewed cannot sign off.
    let both = store
        .add_user(
            "dual.role",
            &[Role::NativeEditor, Role::BilingualReviewer],
            None,
        )
        .await
        .unwrap();
    let other = reviewed_article(&store, &people.reporter, &both).await;
    go(&store, &both, other.id.0, Action::Approve, None)
        .await
        .unwrap();
    assert_refused(
        go(&store, &both, other.id.0, Action::SignOff, None).await,
        Rule::SeparationOfDuties,
    );

    let signed = go(&store, &people.editor, id.0, Action::SignOff, None)
        .await
        .unwrap();
    assert_eq!(signed.stage, Stage::SignedOff);
    assert_refused(
        store
            .save_revision(&people.editor, id, row, 3, "late")
            .await,
        Rule::ReadOnlyInStage,
    );
    assert_refused(
        go(&store, &people.editor, id.0, Action::Reopen, Some("typo")).await,
        Rule::RoleRequired,
    );
    let reopened = go(
        &store,
        &people.admin,
        id.0,
        Action::Reopen,
        Some("a name is misspelt"),
    )
    .await
    .unwrap();
    assert_eq!(reopened.stage, Stage::NativeEdit);

    // Anyone with a role may comment, at any stage; an empty comment is refused.
    let asked = |row_id, body| NewComment {
        row_id,
        reply_to: None,
        body,
        blocking: false,
    };
    store
        .add_comment(
            &people.reporter,
            id,
            asked(Some(row), "Is 'Gov.' house style?"),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.add_comment(&people.reporter, id, asked(None, "  ")).await,
        Err(StoreError::BadText(bad)) if bad.field == "body"
    ));

    // Nothing was overwritten: four revisions, the first by the AI.
    let revisions = store.revisions(row).await.unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    assert_eq!(revisions[3].author, Author::User(people.editor.id));
    assert_eq!(revisions[3].stage, Stage::NativeEdit);

    let events = store.events(id).await.unwrap();
    assert_eq!(trail::verify(&events), Ok(events.len()));
    let facts = facts(&events);
    assert!(matches!(
        facts[..2],
        [Fact::Submitted { .. }, Fact::Aligned { .. }]
    ));
    assert!(matches!(facts.last(), Some(Fact::Comment { .. })));
    assert!(facts.iter().any(|f| matches!(
        f,
        Fact::Transition {
            action: Action::Reopen,
            ..
        }
    )));
    assert_eq!(
        facts
            .iter()
            .filter(|f| matches!(f, Fact::RevisionSaved { .. }))
            .count(),
        3
    );
}
store_test!(whole_workflow_with_every_refusal);

async fn stale_save_is_a_conflict_carrying_the_current_text(store: SqlStore) {
    let people = cast(&store).await;
    let article = submitted(&store, &people.reporter).await;
    let row = article.rows[0].id;
    store
        .save_revision(&people.reviewer, article.id, row, 0, "First edit.")
        .await
        .unwrap();
    let before = store.article(article.id).await.unwrap();
    match store
        .save_revision(&people.reviewer, article.id, row, 0, "Based on the draft.")
        .await
    {
        Err(StoreError::Conflict {
            base,
            current_revision,
            current_text,
        }) => {
            assert_eq!((base, current_revision), (0, 1));
            assert_eq!(current_text, "First edit.");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Nothing changed.
    assert_eq!(store.article(article.id).await.unwrap(), before);
    assert!(matches!(
        store
            .save_revision(&people.reviewer, article.id, RowId(424_242), 0, "x")
            .await,
        Err(StoreError::NotFound(_))
    ));
}
store_test!(stale_save_is_a_conflict_carrying_the_current_text);

async fn concurrent_saves_lose_nothing(store: SqlStore) {
    let people = cast(&store).await;
    let article = submitted(&store, &people.reporter).await;
    let (id, row) = (article.id, article.rows[1].id);
    let store = Arc::new(store);
    let reviewer = Arc::new(people.reviewer);

    // Twelve writers save on the same base revision: exactly one wins.
    let mut tasks = Vec::new();
    for n in 0..12 {
        let (store, reviewer) = (store.clone(), reviewer.clone());
        tasks.push(tokio::spawn(async move {
            store
                .save_revision(&reviewer, id, row, 0, &format!("writer {n}"))
                .await
        }));
    }
    let mut wins = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => wins += 1,
            Err(StoreError::Conflict {
                current_revision: 1,
                ..
            }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(wins, 1);

    // Writers that rebase on conflict all land, each exactly once.
    let mut tasks = Vec::new();
    for n in 0..8 {
        let (store, reviewer) = (store.clone(), reviewer.clone());
        tasks.push(tokio::spawn(async move {
            let mut base = 1;
            loop {
                match store
                    .save_revision(&reviewer, id, row, base, &format!("rebased writer {n}"))
                    .await
                {
                    Ok(revision) => return revision.revision,
                    Err(StoreError::Conflict {
                        current_revision, ..
                    }) => base = current_revision,
                    Err(other) => panic!("unexpected {other:?}"),
                }
            }
        }));
    }
    let mut landed = Vec::new();
    for task in tasks {
        landed.push(task.await.unwrap());
    }
    landed.sort_unstable();
    assert_eq!(landed, (2..=9).collect::<Vec<_>>());
    let texts: Vec<String> = store
        .revisions(row)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect();
    for n in 0..8 {
        assert!(
            texts.contains(&format!("rebased writer {n}")),
            "writer {n} was lost"
        );
    }
    let events = store.events(id).await.unwrap();
    assert_eq!(trail::verify(&events), Ok(events.len()));
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(Fact::decode(e), Ok(Fact::RevisionSaved { .. })))
            .count(),
        9
    );
}
store_test!(concurrent_saves_lose_nothing);

async fn two_concurrent_approvals_cannot_both_succeed(store: SqlStore) {
    let people = cast(&store).await;
    let second = store
        .add_user("second.reviewer", &[Role::BilingualReviewer], None)
        .await
        .unwrap();
    let article = reviewed_article(&store, &people.reporter, &people.reviewer).await;
    let store = Arc::new(store);
    let attempts = [people.reviewer, second].map(|user| {
        let store = store.clone();
        tokio::spawn(async move { go(&store, &user, article.id.0, Action::Approve, None).await })
    });
    let mut results = Vec::new();
    for attempt in attempts {
        results.push(attempt.await.unwrap());
    }
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let refused = results
        .into_iter()
        .find_map(Result::err)
        .expect("one refusal");
    assert!(
        // The loser named a version that is stale by then, or read the
        // article after the winner had moved it on.
        matches!(refused, StoreError::StaleVersion { .. })
            || matches!(refused, StoreError::Refused(ref r) if r.rule == Rule::StageForbidsAction),
        "{refused:?}"
    );
    let events = store.events(article.id).await.unwrap();
    assert_eq!(
        facts(&events)
            .iter()
            .filter(|f| matches!(f, Fact::Transition { .. }))
            .count(),
        2
    );
}
store_test!(two_concurrent_approvals_cannot_both_succeed);

async fn merge_and_split_keep_every_revision(store: SqlStore) {
    let people = cast(&store).await;
    let article = submitted(&store, &people.reporter).await;
    let (first, second) = (article.rows[1].id, article.rows[2].id);
    store
        .save_revision(
            &people.reviewer,
            article.id,
            first,
            0,
            "Edited by a person.\n\nIt was the seventh hold.",
        )
        .await
        .unwrap();
    let merged = store
        .merge_with_next(&people.reviewer, article.id, first)
        .await
        .unwrap();
    assert_eq!(merged.rows.len(), 2);
    let row = &merged.rows[1];
    assert_eq!(row.ko, 1..3);
    assert_eq!(
        row.text,
        "Edited by a person.\n\nIt was the seventh hold.\n\nGovernor Rhee said prices were still high."
    );
    let revisions = store.revisions(row.id).await.unwrap();
    assert_eq!(
        revisions[0].author,
        Author::Ai(merged.ai.clone()),
        "revision 0 stays the AI's"
    );
    assert_eq!(revisions[1].author, Author::User(people.reviewer.id));
    // The old rows keep their histories.
    assert_eq!(store.revisions(first).await.unwrap().len(), 2);
    assert_eq!(store.revisions(second).await.unwrap().len(), 1);

    let split = store
        .split(&people.reviewer, article.id, row.id, 1, 2)
        .await
        .unwrap();
    assert_eq!(split.rows.len(), 3);
    assert_eq!(
        (split.rows[1].ko.clone(), split.rows[2].ko.clone()),
        (1..2, 2..3)
    );
    assert_eq!(
        split.rows[2].text,
        "Governor Rhee said prices were still high."
    );
    assert!(matches!(
        store
            .split(&people.reviewer, article.id, split.rows[2].id, 0, 0)
            .await,
        Err(StoreError::Invalid { .. })
    ));
    let last = split.rows[2].id;
    assert!(matches!(
        store
            .merge_with_next(&people.reviewer, article.id, last)
            .await,
        Err(StoreError::Invalid { .. })
    ));
    let events = store.events(article.id).await.unwrap();
    assert!(
        facts(&events)
            .iter()
            .any(|f| matches!(f, Fact::RowsMerged { .. }))
            && facts(&events)
                .iter()
                .any(|f| matches!(f, Fact::RowSplit { .. }))
    );
    assert_eq!(trail::verify(&events), Ok(events.len()));
}
store_test!(merge_and_split_keep_every_revision);

async fn the_database_refuses_to_change_the_trail(store: SqlStore) {
    let people = cast(&store).await;
    let article = store
        .submit_article(&people.reporter, new_article())
        .await
        .unwrap();
    let mut conn = store.pool().acquire().await.unwrap();
    let update = sqlx::query("UPDATE events SET actor = 'user:999' WHERE article_id = $1")
        .bind(article.id)
        .execute(&mut *conn)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM events WHERE article_id = $1")
        .bind(article.id)
        .execute(&mut *conn)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    drop(conn);
    let events = store.events(article.id).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].actor, format!("user:{}", people.reporter.id));
    assert_eq!(events[1].actor, "system");
}
store_test!(the_database_refuses_to_change_the_trail);

store_test!(sessions_expire_and_end);
async fn sessions_expire_and_end(store: SqlStore) {
    let user = store
        .add_user("han.editor", &[Role::NativeEditor], Some("$argon2id$hash"))
        .await
        .unwrap();
    let (found, hash) = store.credentials("han.editor").await.unwrap();
    assert_eq!(
        (found.id, hash.as_deref()),
        (user.id, Some("$argon2id$hash"))
    );
    assert!(matches!(
        store.credentials("nobody").await,
        Err(StoreError::NotFound(_))
    ));

    let hour = std::time::Duration::from_secs(3600);
    let session = store
        .create_session(user.id, "h1", "csrf1", hour)
        .await
        .unwrap();
    assert_eq!(session.user, user);
    let again = store.session("h1").await.unwrap();
    assert_eq!(
        (again.user.id, again.csrf_token.as_str()),
        (user.id, "csrf1")
    );
    assert!(matches!(
        store.session("h2").await,
        Err(StoreError::NotFound(_))
    ));

    // A session whose lifetime is over no longer signs anyone in.
    store
        .create_session(user.id, "h2", "csrf2", std::time::Duration::ZERO)
        .await
        .unwrap();
    assert!(matches!(
        store.session("h2").await,
        Err(StoreError::NotFound(_))
    ));

    // Signing out ends it; the other session of the same user is untouched.
    store
        .create_session(user.id, "h3", "csrf3", hour)
        .await
        .unwrap();
    store.end_session("h1").await.unwrap();
    assert!(matches!(
        store.session("h1").await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.session("h3").await.is_ok());
    store.end_session("h1").await.unwrap();
}

store_test!(sign_in_attempts_are_counted_per_key_in_one_step);
async fn sign_in_attempts_are_counted_per_key_in_one_step(store: SqlStore) {
    let window = std::time::Duration::from_secs(600);
    let key = "kim|10.0.0.1";
    // 40 at once: each gets its own count, 1 to 40, none the same.
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let store = store.clone();
        attempts.spawn(async move { store.count_sign_in_attempt(key, window).await.unwrap() });
    }
    let mut counts: Vec<i64> = attempts.join_all().await;
    counts.sort_unstable();
    assert_eq!(counts, (1..=40).collect::<Vec<i64>>());
    // Keys are exact: another case is another name.
    assert_eq!(
        store
            .count_sign_in_attempt("Kim|10.0.0.1", window)
            .await
            .unwrap(),
        1
    );
    // A window that has passed starts again.
    assert_eq!(
        store
            .count_sign_in_attempt(key, std::time::Duration::ZERO)
            .await
            .unwrap(),
        1
    );
    store.clear_sign_in_attempts(key).await.unwrap();
    assert_eq!(store.count_sign_in_attempt(key, window).await.unwrap(), 1);
    assert_eq!(
        store
            .count_sign_in_attempt("Kim|10.0.0.1", window)
            .await
            .unwrap(),
        2
    );
}

/// The cast, and the test article submitted to bilingual review.
async fn in_review(store: &SqlStore) -> (Cast, galley_store::Article) {
    let people = cast(store).await;
    let article = store
        .submit_article(&people.reporter, new_article())
        .await
        .unwrap();
    assert!(
        store
            .replay(article.id)
            .await
            .unwrap()
            .bilingual_participants()
            .is_empty()
    );
    go(store, &people.reporter, article.id.0, Action::Submit, None)
        .await
        .unwrap();
    (people, article)
}

store_test!(participants_and_revisions_of_an_article);
async fn participants_and_revisions_of_an_article(store: SqlStore) {
    let (people, article) = in_review(&store).await;
    let id = article.id;
    let first = &article.rows[0];
    store
        .save_revision(
            &people.reviewer,
            id,
            first.id,
            0,
            "Bank of Korea holds rate",
        )
        .await
        .unwrap();
    assert_eq!(
        store.replay(id).await.unwrap().bilingual_participants(),
        vec![people.reviewer.id.0]
    );
    let all = store.article_revisions(id).await.unwrap();
    assert_eq!(all.len(), article.rows.len());
    let texts: Vec<&str> = all[&first.id].iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, [first.text.as_str(), "Bank of Korea holds rate"]);
    assert!(matches!(
        store.article_revisions(ArticleId(id.0 + 1000)).await,
        Err(StoreError::NotFound(_))
    ));
}

store_test!(a_batch_of_saves_lands_whole_or_not_at_all);
async fn a_batch_of_saves_lands_whole_or_not_at_all(store: SqlStore) {
    let (people, article) = in_review(&store).await;
    let id = article.id;
    let (a, b) = (article.rows[0].id, article.rows[1].id);
    store
        .save_revision(&people.reviewer, id, b, 0, "Someone else's edit.")
        .await
        .unwrap();
    let events = store.events(id).await.unwrap().len();
    // Row b's base is stale: nothing of the batch is written.
    let stale = store
        .save_revisions(
            &people.reviewer,
            id,
            &[(a, 0, "First row.".into()), (b, 0, "Second row.".into())],
        )
        .await;
    assert!(
        matches!(&stale, Err(StoreError::Conflict { current_revision: 1, current_text, .. }) if current_text == "Someone else's edit."),
        "{stale:?}"
    );
    let after = store.article(id).await.unwrap();
    assert_eq!(after.rows[0].revision, 0);
    assert_eq!(store.events(id).await.unwrap().len(), events);
    // With current bases both land, each with its trail event.
    let saved = store
        .save_revisions(
            &people.reviewer,
            id,
            &[(a, 0, "First row.".into()), (b, 1, "Second row.".into())],
        )
        .await
        .unwrap();
    assert_eq!(saved.iter().map(|r| r.revision).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(store.events(id).await.unwrap().len(), events + 2);
    assert!(trail::verify(&store.events(id).await.unwrap()).is_ok());
}

store_test!(a_cancelled_write_leaves_no_transaction_open);
/// Requests are cancelled at any await when a client goes away. Whatever
/// point a write was cancelled at, the next writes succeed: no connection
/// goes back to the pool inside a transaction (or holding SQLite's lock).
async fn a_cancelled_write_leaves_no_transaction_open(store: SqlStore) {
    let (people, article) = in_review(&store).await;
    let (id, row) = (article.id, article.rows[0].id);
    let mut revision = 0;
    for round in 0..300_u64 {
        let (store2, reviewer) = (store.clone(), people.reviewer.clone());
        let cancelled = tokio::spawn(async move {
            store2
                .save_revision(&reviewer, id, row, revision, "Cancelled, perhaps.")
                .await
        });
        // Let it run for a moment, different each round, then cancel it.
        for _ in 0..(round % 7) {
            tokio::task::yield_now().await;
        }
        cancelled.abort();
        let _ = cancelled.await;
        // A cancelled save may still land (its commit was already on its way):
        // then the next save meets it as a conflict, like any other writer's.
        let mut attempt = 0;
        let saved = loop {
            revision = store.article(id).await.unwrap().rows[0].revision;
            let result = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                store.save_revision(
                    &people.reviewer,
                    id,
                    row,
                    revision,
                    &format!("Round {round}."),
                ),
            )
            .await
            .expect("the write lock is free");
            match result {
                Err(StoreError::Conflict { .. }) if attempt < 3 => attempt += 1,
                other => break other.unwrap_or_else(|e| panic!("round {round}: {e}")),
            }
        };
        revision = saved.revision;
    }
    assert!(trail::verify(&store.events(id).await.unwrap()).is_ok());
}

store_test!(a_failed_commit_acknowledges_nothing_it_held);
/// On SQLite concurrent writes share one commit (group commit); on
/// PostgreSQL each has its own. Either way a save is acknowledged only if
/// its commit reached the database: here one save is made to fail at
/// COMMIT (a deferred constraint its trigger breaks), and every save that was
/// answered "saved" is stored, every save that was refused is absent, and a
/// refused writer that tries again lands.
async fn a_failed_commit_acknowledges_nothing_it_held(store: SqlStore) {
    let statements: &[&str] = match store.backend() {
        galley_store::Backend::Sqlite => &[
            "CREATE TABLE poison_target (id INTEGER PRIMARY KEY)",
            "CREATE TABLE poison_check (target INTEGER REFERENCES poison_target(id) \
             DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TRIGGER poison AFTER INSERT ON revisions WHEN NEW.text = 'POISON' \
             BEGIN INSERT INTO poison_check VALUES (-1); END",
        ],
        galley_store::Backend::Postgres => &[
            "CREATE TABLE poison_target (id BIGINT PRIMARY KEY)",
            "CREATE TABLE poison_check (target BIGINT REFERENCES poison_target(id) \
             DEFERRABLE INITIALLY DEFERRED)",
            "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.text = 'POISON' THEN INSERT INTO poison_check VALUES (-1); END IF; \
             RETURN NEW; END $$",
            "CREATE TRIGGER poison AFTER INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION poison()",
        ],
    };
    for statement in statements {
        sqlx::query(statement).execute(store.pool()).await.unwrap();
    }
    let (people, _) = in_review(&store).await;
    let mut rows = Vec::new();
    for _ in 0..6 {
        let article = submitted(&store, &people.reporter).await;
        rows.extend(article.rows.iter().map(|s| (article.id, s.id)));
    }
    let store = Arc::new(store);
    let reviewer = Arc::new(people.reviewer);
    let mut tasks = Vec::new();
    for (n, (id, row)) in rows.iter().copied().enumerate() {
        let (store, reviewer) = (store.clone(), reviewer.clone());
        let text = if n == 7 {
            "POISON".to_string()
        } else {
            format!("Saved by writer {n}.")
        };
        tasks.push(tokio::spawn(async move {
            let first = store.save_revision(&reviewer, id, row, 0, &text).await;
            let stored = store.revisions(row).await.unwrap();
            let present = stored.iter().any(|r| r.text == text);
            assert_eq!(
                first.is_ok(),
                present,
                "writer {n}: answered {first:?}, stored: {present}"
            );
            if first.is_ok() || text == "POISON" {
                return (text, first.is_ok());
            }
            // Refused with the poisoned commit: trying again lands.
            let again = store.save_revision(&reviewer, id, row, 0, &text).await;
            (text, again.is_ok())
        }));
    }
    for task in tasks {
        let (text, landed) = task.await.unwrap();
        assert_eq!(landed, text != "POISON", "{text}");
    }
    // Each row holds its AI draft and exactly one save, the poisoned row
    // only its draft; the trails verify.
    for (n, (id, row)) in rows.iter().copied().enumerate() {
        let revisions = store.revisions(row).await.unwrap();
        assert_eq!(revisions.len(), if n == 7 { 1 } else { 2 }, "row {n}");
        let events = store.events(id).await.unwrap();
        assert_eq!(trail::verify(&events), Ok(events.len()));
    }
    // The poisoned row takes a good save afterwards.
    let (id, row) = rows[7];
    store
        .save_revision(&reviewer, id, row, 0, "After the failure.")
        .await
        .unwrap();
}

store_test!(a_long_article_keeps_every_row_in_order);
/// Rows are inserted a hundred to a statement: an article of 250 rows
/// (three statements' worth) comes back whole, in order, each row with its
/// Korean and its AI draft as revision 0.
async fn a_long_article_keeps_every_row_in_order(store: SqlStore) {
    let people = cast(&store).await;
    let mut article = new_article();
    article.korean = (0..250).map(|n| format!("문단 {n}.")).collect();
    article.rows = (0..250)
        .map(|n| NewRow {
            ko: n..n + 1,
            draft: format!("Paragraph {n}."),
            confidence: 0.9,
            flags: vec![],
        })
        .collect();
    let stored = store
        .submit_article(&people.reporter, article)
        .await
        .unwrap();
    assert_eq!(stored.rows.len(), 250);
    for (n, segment) in stored.rows.iter().enumerate() {
        assert_eq!(segment.text, format!("Paragraph {n}."));
        assert_eq!(stored.korean[segment.ko.clone()], [format!("문단 {n}.")]);
        assert_eq!(segment.revision, 0);
    }
    let last = stored.rows[249].id;
    let history = store.revisions(last).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].author,
        Author::Ai(AiTool {
            tool: "ChatGPT".into(),
            model: "gpt-4o-2024-08-06".into()
        })
    );
}

store_test!(an_answer_version_moves_with_the_article_and_the_glossary);
/// Answers kept by version are keyed by the article's version and the
/// glossary's: a write moves the first, a glossary change the second, and
/// an article that is not there is not found.
async fn an_answer_version_moves_with_the_article_and_the_glossary(store: SqlStore) {
    let (people, article) = in_review(&store).await;
    let version = store.answer_version(article.id).await.unwrap();
    assert_eq!(version.0, store.article_version(article.id).await.unwrap());
    store
        .save_revision(
            &people.reviewer,
            article.id,
            article.rows[0].id,
            0,
            "Moved on.",
        )
        .await
        .unwrap();
    let moved = store.answer_version(article.id).await.unwrap();
    assert!(moved > version, "{moved:?} after {version:?}");
    // A change to the glossary moves the second number (answers about the
    // article read it).
    use galley_store::{NewTerm, Terms};
    store
        .add_terms(
            &people.admin,
            &[NewTerm {
                korean: vec!["한국은행".into()],
                english: vec!["Bank of Korea".into()],
                forbidden: Vec::new(),
                kind: galley_core::glossary::TermKind::Organization,
                note: String::new(),
            }],
        )
        .await
        .unwrap();
    let after = store.answer_version(article.id).await.unwrap();
    assert_eq!(after.0, moved.0);
    assert_eq!(after.1, moved.1 + 1);
    assert!(matches!(
        store.answer_version(ArticleId(article.id.0 + 1000)).await,
        Err(StoreError::NotFound(_))
    ));
}

store_test!(
    an_upgraded_database_goes_on_with_its_trail,
    migrated = false
);
/// Migration 0004 gives each article the head of its trail, which writes
/// start from. An article whose events were written before it must go on
/// from its last event: a save after the upgrade is event 3 of a chain
/// that verifies (from the wrong head it would repeat seq 1 and be refused).
async fn an_upgraded_database_goes_on_with_its_trail(store: SqlStore) {
    let dir = match store.backend() {
        galley_store::Backend::Sqlite => "sqlite",
        galley_store::Backend::Postgres => "postgres",
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(dir);
    let mut before = sqlx::migrate::Migrator::new(path).await.unwrap();
    // Every migration but 0004 (the later ones add what today's code reads:
    // columns and tables beside the trail, none of them about its head).
    let old: Vec<_> = before.iter().filter(|m| m.version != 4).cloned().collect();
    assert!(old.len() >= 8, "migrations 1 to 3 and 5 on");
    before.migrations = old.into();
    before.run(store.pool()).await.unwrap();

    let people = cast(&store).await;
    let article = store
        .submit_article(&people.reporter, new_article())
        .await
        .unwrap();
    assert_eq!(store.events(article.id).await.unwrap().len(), 2);

    store.migrate().await.unwrap();
    go(&store, &people.reporter, article.id.0, Action::Submit, None)
        .await
        .unwrap();
    store
        .save_revision(
            &people.reviewer,
            article.id,
            article.rows[0].id,
            0,
            "Saved after the upgrade.",
        )
        .await
        .unwrap();
    let events = store.events(article.id).await.unwrap();
    // The events written before the upgrade decode as they were written.
    assert!(matches!(
        facts(&events)[..],
        [
            Fact::Submitted { .. },
            Fact::Aligned { .. },
            Fact::Transition { .. },
            Fact::RevisionSaved { .. }
        ]
    ));
    assert_eq!(trail::verify(&events), Ok(4));
}

/// Every event of every article is a leaf of one log, given its
/// index in the event's own transaction, with no gaps; roots and proofs
/// read from the stored nodes agree with the tree computed in memory.
async fn every_event_is_a_leaf_of_one_log(store: SqlStore) {
    use galley_core::merkle::{self, Hash};
    use galley_store::Log;
    let people = cast(&store).await;
    let first = submitted(&store, &people.reporter).await;
    // Reading the log writes the subtrees completed so far; the next read
    // builds on them (the nodes are written after the leaves).
    let (early, _) = store.log_head().await.unwrap();
    assert!(early > 0);
    let second = submitted(&store, &people.reporter).await;
    store
        .save_revision(
            &people.reviewer,
            first.id,
            first.rows[0].id,
            0,
            "Rates held",
        )
        .await
        .unwrap();
    // The leaves in order: each event bound to its article and seq, article
    // by article as written.
    let mut leaves: Vec<(u64, Hash)> = Vec::new();
    for article in [first.id, second.id] {
        for event in store.events(article).await.unwrap() {
            let index = store.leaf_of(article, event.seq).await.unwrap();
            let bytes: Vec<u8> = (0..64)
                .step_by(2)
                .map(|i| u8::from_str_radix(&event.hash[i..i + 2], 16).unwrap())
                .collect();
            let hash: Hash = bytes.try_into().unwrap();
            leaves.push((index, merkle::event_leaf(article.0, event.seq, &hash)));
        }
    }
    leaves.sort_by_key(|(i, _)| *i);
    let indices: Vec<u64> = leaves.iter().map(|(i, _)| *i).collect();
    assert_eq!(
        indices,
        (0..leaves.len() as u64).collect::<Vec<_>>(),
        "no gaps"
    );
    let hashes: Vec<Hash> = leaves.iter().map(|(_, h)| *h).collect();
    let (size, root) = store.log_head().await.unwrap();
    assert_eq!(size, hashes.len() as u64);
    assert_eq!(root, merkle::root(&hashes[..], size));
    for at in 0..=size {
        assert_eq!(
            store.root_at(at).await.unwrap(),
            merkle::root(&hashes[..], at)
        );
    }
    for leaf in 0..size {
        let proof = store.inclusion_proof(leaf, size).await.unwrap();
        assert_eq!(
            merkle::verify_inclusion(leaf, size, &hashes[leaf as usize], &proof, &root),
            Ok(())
        );
    }
    for from in 0..=size {
        let proof = store.consistency_proof(from, size).await.unwrap();
        let old = merkle::root(&hashes[..], from);
        assert_eq!(
            merkle::verify_consistency(from, size, &proof, &old, &root),
            Ok(())
        );
    }
    // Outside the log: refused, naming the field.
    assert!(matches!(
        store.inclusion_proof(size, size).await,
        Err(StoreError::Invalid {
            field: Some("leaf"),
            ..
        })
    ));
    assert!(matches!(
        store.inclusion_proof(0, size + 1).await,
        Err(StoreError::Invalid {
            field: Some("size"),
            ..
        })
    ));
    assert!(matches!(
        store.consistency_proof(3, 2).await,
        Err(StoreError::Invalid {
            field: Some("from"),
            ..
        })
    ));
    // A database whose events came before the log: migrating gives each
    // its leaf, oldest first, and the same root. (The leaves are
    // append-only: the simulation of an older database drops the guard.)
    let drop_guard = match store.backend() {
        galley_store::Backend::Sqlite => "DROP TRIGGER log_leaves_append_only_delete",
        galley_store::Backend::Postgres => {
            "DROP TRIGGER log_leaves_append_only_delete ON log_leaves"
        }
    };
    for statement in [
        drop_guard,
        "DELETE FROM log_nodes",
        "DELETE FROM log_leaves",
        "UPDATE log_size SET size = 0",
        "UPDATE log_nodes_done SET done = 0",
    ] {
        sqlx::query(statement).execute(store.pool()).await.unwrap();
    }
    assert_eq!(store.log_head().await.unwrap().0, 0);
    store.migrate().await.unwrap();
    assert_eq!(store.log_head().await.unwrap(), (size, root));
}
store_test!(every_event_is_a_leaf_of_one_log);

/// The glossary's entries are added, edited and retired, each
/// change in the glossary's own chain, which the database refuses to
/// change and which verifies.
async fn the_glossary_keeps_a_trail_of_its_own(store: SqlStore) {
    use galley_core::glossary::{TermChange, TermKind};
    use galley_store::{NewTerm, Terms};
    let people = cast(&store).await;
    let term = |korean: &[&str], english: &[&str], kind| NewTerm {
        korean: korean.iter().map(|s| s.to_string()).collect(),
        english: english.iter().map(|s| s.to_string()).collect(),
        forbidden: vec!["Trade Ministry".into()],
        kind,
        note: "house style".into(),
    };
    let added = store
        .add_terms(
            &people.editor,
            &[
                term(
                    &["산업통상자원부", "산업부"],
                    &["Ministry of Trade, Industry and Energy"],
                    TermKind::Organization,
                ),
                term(&["박재근"], &["Park Jae-geun"], TermKind::Person),
            ],
        )
        .await
        .unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0].entry.korean, vec!["산업통상자원부", "산업부"]);
    assert_eq!(added[1].added_by, Some(people.editor.id));
    let edited = store
        .edit_term(
            &people.editor,
            added[1].entry.id,
            &term(
                &["박재근"],
                &["Park Jae-geun", "Jae-geun Park"],
                TermKind::Person,
            ),
        )
        .await
        .unwrap();
    assert_eq!(edited.entry.english.len(), 2);
    let retired = store
        .retire_term(&people.editor, added[0].entry.id)
        .await
        .unwrap();
    assert!(retired.retired_at.is_some());
    // A retired or unknown entry is not changed again.
    assert!(matches!(
        store.retire_term(&people.editor, added[0].entry.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .edit_term(
                &people.editor,
                9999,
                &term(&["한국은행"], &["Bank of Korea"], TermKind::Organization)
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    let all = store
        .glossary_page(&galley_store::GlossarySearch {
            q: String::new(),
            retired: true,
            after: 0,
            limit: 100,
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1], edited);
    // The chain: four changes, each the entry as it was after it.
    let changes = store.glossary_changes().await.unwrap();
    let actions: Vec<&str> = changes.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            TermChange::Added.name(),
            TermChange::Added.name(),
            TermChange::Edited.name(),
            TermChange::Retired.name()
        ]
    );
    assert!(changes[2].payload.contains("Jae-geun Park"));
    assert_eq!(trail::verify(&changes), Ok(4));
    // The database refuses to rewrite it.
    assert!(
        sqlx::query("UPDATE glossary_changes SET payload = '{}' WHERE seq = 1")
            .execute(store.pool())
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM glossary_changes WHERE seq = 4")
            .execute(store.pool())
            .await
            .is_err()
    );
}
store_test!(the_glossary_keeps_a_trail_of_its_own);

store_test!(every_article_read_in_runs_is_each_article_read_alone);
/// `trail verify --all` reads articles a run at a time; each article of a
/// run is exactly what reading it alone gives, whatever its history, and
/// the runs go through every article once.
async fn every_article_read_in_runs_is_each_article_read_alone(store: SqlStore) {
    use galley_store::Log;
    let (people, first) = in_review(&store).await;
    let reviewed = reviewed_article(&store, &people.reporter, &people.reviewer).await;
    let row = &reviewed.rows[1];
    store
        .save_revision(
            &people.reviewer,
            reviewed.id,
            row.id,
            row.revision,
            // Quotes, a backslash and Korean, which the packed read
            // carries escaped inside its JSON and must give back exactly.
            "Rates \"held\" at 2.50% \\ 한국은행 동결.",
        )
        .await
        .unwrap();
    let merged = submitted(&store, &people.reporter).await;
    store
        .merge_with_next(&people.reviewer, merged.id, merged.rows[1].id)
        .await
        .unwrap();
    let draft = store
        .submit_article(&people.reporter, new_article())
        .await
        .unwrap();
    let ids = [first.id.0, reviewed.id.0, merged.id.0, draft.id.0];

    let mut read = Vec::new();
    let mut after = 0;
    while let Some(last) = store.run_end(after, 3).await.unwrap() {
        let run = store.stored_trails(after, last).await.unwrap();
        assert_eq!(run.last().map(|t| t.article.id), Some(last));
        assert!(run.len() <= 3);
        let leaves = store.leaves_of_articles(after, last).await.unwrap();
        for trail in &run {
            let id = trail.article.id;
            assert_eq!(
                trail,
                &store.stored_trail(ArticleId(id)).await.unwrap(),
                "article {id}"
            );
            let own: Vec<_> = leaves
                .iter()
                .filter(|l| l.article_id == ArticleId(id))
                .cloned()
                .collect();
            assert_eq!(
                own,
                store.leaves_of(ArticleId(id)).await.unwrap(),
                "article {id}"
            );
            assert_eq!(own.len(), trail.events.len(), "article {id}");
        }
        read.extend(run.iter().map(|t| t.article.id));
        after = last;
    }
    assert_eq!(read, ids);
    assert_eq!(store.run_end(draft.id.0, 3).await.unwrap(), None);
}

store_test!(a_state_kept_by_one_server_is_never_used_after_another_wrote);
/// Each write judges by the article's state at the head it locked: kept
/// from this server's last write when that is still the head, replayed
/// from the trail when another server wrote since, or when a write was
/// refused or conflicted. Saves alternate between two servers, with a
/// stale save and a refusal between them; every answer is the trail's.
async fn a_state_kept_by_one_server_is_never_used_after_another_wrote(store: SqlStore) {
    let other = store.another_server();
    let (people, article) = in_review(&store).await;
    let (id, row) = (article.id, article.rows[1].id);
    let draft = article.rows[1].text.clone();
    let mut revision = 0;
    for (n, server) in [&store, &other, &store, &other, &store]
        .into_iter()
        .enumerate()
    {
        // A save based on a revision that is no longer current is a
        // conflict carrying the current one, whichever server answers.
        if revision > 0 {
            let stale = server
                .save_revision(&people.reviewer, id, row, revision - 1, "stale")
                .await;
            assert!(
                matches!(&stale, Err(StoreError::Conflict { current_revision, .. }) if *current_revision == revision),
                "{stale:?}"
            );
        }
        // A refused change changes nothing.
        assert_refused(
            server
                .save_revision(&people.editor, id, row, revision, "not in this stage")
                .await,
            Rule::RoleRequired,
        );
        let saved = server
            .save_revision(
                &people.reviewer,
                id,
                row,
                revision,
                &format!("{draft}{}", " Still.".repeat(n + 1)),
            )
            .await
            .unwrap();
        assert_eq!(saved.revision, revision + 1);
        revision = saved.revision;
    }
    // Both servers mark and approve by the same state.
    other
        .mark_reviewed(&people.reviewer, id, row, revision)
        .await
        .unwrap();
    assert_refused(
        go(&store, &people.reviewer, id.0, Action::Approve, None).await,
        Rule::RowsNotReviewed,
    );
    let stored = store.stored_trail(id).await.unwrap();
    galley_core::audit::audit_stored(&stored).expect("the tables are what the trail records");
}

store_test!(an_article_reads_the_glossary_entries_filed_under_its_own_words);
/// An article's QA check reads the live entries filed under its keys, not
/// the glossary: an entry whose Korean the article has is there, one it
/// lacks is not; an edit refiles an entry, a retirement takes it out, and a
/// database whose entries were never filed (made before migration 0019)
/// has them filed when it migrates.
async fn an_article_reads_the_glossary_entries_filed_under_its_own_words(store: SqlStore) {
    use galley_core::glossary::TermKind;
    use galley_store::{NewTerm, Terms};
    let (people, article) = in_review(&store).await;
    let term = |korean: &str, english: &str| NewTerm {
        korean: vec![korean.into()],
        english: vec![english.into()],
        forbidden: Vec::new(),
        kind: TermKind::Organization,
        note: String::new(),
    };
    let added = store
        .add_terms(
            &people.admin,
            &[
                term("한국 은행", "Bank of Korea"),
                term("산업통상자원부", "Ministry of Trade, Industry and Energy"),
                term("기준금리", "base rate"),
            ],
        )
        .await
        .unwrap();
    let ids = |a: &galley_store::Article| -> Vec<i64> {
        a.glossary.entries().iter().map(|e| e.id).collect()
    };
    let read = store.article(article.id).await.unwrap();
    assert_eq!(ids(&read), [added[0].entry.id, added[2].entry.id]);
    // The base rate's English is missing from row 2's: a finding.
    assert!(
        read.findings()[1]
            .iter()
            .any(|f| f.check == galley_core::qa::Check::Glossary)
    );
    store
        .edit_term(
            &people.admin,
            added[1].entry.id,
            &term("이창용", "Rhee Chang-yong"),
        )
        .await
        .unwrap();
    store
        .edit_term(
            &people.admin,
            added[0].entry.id,
            &term("전력거래소", "Korea Power Exchange"),
        )
        .await
        .unwrap();
    store
        .retire_term(&people.admin, added[2].entry.id)
        .await
        .unwrap();
    let read = store.article(article.id).await.unwrap();
    assert_eq!(ids(&read), [added[1].entry.id]);
    assert!(
        read.findings()[1]
            .iter()
            .all(|f| f.check != galley_core::qa::Check::Glossary)
    );
    // Entries written before their keys were kept are filed at migration.
    sqlx::query("DELETE FROM glossary_keys")
        .execute(store.pool())
        .await
        .unwrap();
    assert!(ids(&store.article(article.id).await.unwrap()).is_empty());
    store.migrate().await.unwrap();
    assert_eq!(
        ids(&store.article(article.id).await.unwrap()),
        [added[1].entry.id]
    );
    let filed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM glossary_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    // Two live entries, each with one Korean and one English key.
    assert_eq!(filed, 4);
}

store_test!(a_list_pages_on_without_skipping_or_repeating);
/// Lists page newest first with a cursor: while articles are added and one
/// is signed off between pages, every article there was is shown once and
/// in order. The desk's own lists read whom an article is assigned, that
/// nobody is, and what is overdue.
async fn a_list_pages_on_without_skipping_or_repeating(store: SqlStore) {
    let people = cast(&store).await;
    let mut ids = Vec::new();
    for _ in 0..7 {
        ids.push(submitted(&store, &people.reporter).await.id);
    }
    ids.reverse();
    let page = |after| ArticleQuery {
        limit: 3,
        after,
        ..ArticleQuery::default()
    };
    let first = store.list_articles(page(None)).await.unwrap();
    let mut seen: Vec<ArticleId> = first.iter().map(|a| a.id).collect();
    let mut next = page(None).next(&first);
    // Between two pages: two more articles, and the oldest signed off (the
    // last to change now).
    let added = [
        submitted(&store, &people.reporter).await.id,
        submitted(&store, &people.reporter).await.id,
    ];
    let oldest = ids[6];
    for row in store.article(oldest).await.unwrap().rows {
        store
            .mark_reviewed(&people.reviewer, oldest, row.id, row.revision)
            .await
            .unwrap();
    }
    go(&store, &people.reviewer, oldest.0, Action::Approve, None)
        .await
        .unwrap();
    go(&store, &people.editor, oldest.0, Action::SignOff, None)
        .await
        .unwrap();
    let mut pages = 1;
    while let Some(after) = next {
        let got = store.list_articles(page(Some(after))).await.unwrap();
        seen.extend(got.iter().map(|a| a.id));
        next = page(Some(after)).next(&got);
        pages += 1;
    }
    assert_eq!(seen, ids);
    assert_eq!(pages, 3);
    // A stage's list pages the same way.
    let in_stage = |stage| ArticleQuery {
        stage: Some(stage),
        limit: 50,
        ..ArticleQuery::default()
    };
    let signed: Vec<ArticleId> = store
        .list_articles(in_stage(Stage::SignedOff))
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(signed, [oldest]);
    let review = store
        .list_articles(in_stage(Stage::BilingualReview))
        .await
        .unwrap();
    assert_eq!(review.len(), 8);
    assert_eq!(review[0].id, added[1]);
    // Assigned to the reviewer (one overdue), and nobody assigned.
    for (id, due) in [(ids[0], Some("2000-01-01T00:00:00Z")), (ids[1], None)] {
        store
            .assign(
                &people.admin,
                id,
                Stage::BilingualReview,
                Some(people.reviewer.id),
                due,
            )
            .await
            .unwrap();
    }
    let listed = |query| {
        let store = store.clone();
        async move {
            store
                .list_articles(query)
                .await
                .unwrap()
                .iter()
                .map(|a| a.id)
                .collect::<Vec<_>>()
        }
    };
    let mine = ArticleQuery {
        assignee: Some(people.reviewer.id),
        ..ArticleQuery::default()
    };
    assert_eq!(listed(mine).await, [ids[0], ids[1]]);
    let nobody = ArticleQuery {
        unassigned: true,
        ..in_stage(Stage::BilingualReview)
    };
    assert_eq!(listed(nobody).await.len(), 6);
    let overdue = ArticleQuery {
        due_before: Some(jiff::Timestamp::now()),
        ..ArticleQuery::default()
    };
    assert_eq!(listed(overdue).await, [ids[0]]);
    // Approved into native edit, nobody has the stage it is in now.
    for row in store.article(ids[0]).await.unwrap().rows {
        store
            .mark_reviewed(&people.reviewer, ids[0], row.id, row.revision)
            .await
            .unwrap();
    }
    go(&store, &people.reviewer, ids[0].0, Action::Approve, None)
        .await
        .unwrap();
    assert_eq!(listed(mine).await, [ids[1]]);
    assert!(listed(overdue).await.is_empty());
    let waiting = ArticleQuery {
        unassigned: true,
        ..in_stage(Stage::NativeEdit)
    };
    assert_eq!(listed(waiting).await, [ids[0]]);
    // Nobody assigned in either stage: one list, newest first.
    let everywhere = ArticleQuery {
        unassigned: true,
        ..ArticleQuery::default()
    };
    let both = listed(everywhere).await;
    assert_eq!(both.len(), 7);
    assert!(both.contains(&ids[0]) && !both.contains(&ids[1]));
    assert!(both.windows(2).all(|w| w[0] > w[1]));
}

store_test!(the_proposals_version_moves_with_what_they_are_mined_from);
/// Proposals are mined again only when what they are mined from changes:
/// a sign-off, a signed-off article reopened, the glossary, a proposal
/// turned down; a save in an article under review leaves them be.
async fn the_proposals_version_moves_with_what_they_are_mined_from(store: SqlStore) {
    use galley_store::Terms;
    let people = cast(&store).await;
    let version = || {
        let store = store.clone();
        async move { store.proposals_version(500).await.unwrap() }
    };
    let before = version().await;
    let signed = reviewed_article(&store, &people.reporter, &people.reviewer).await;
    go(&store, &people.reviewer, signed.id.0, Action::Approve, None)
        .await
        .unwrap();
    assert_eq!(version().await, before, "not signed off yet");
    go(&store, &people.editor, signed.id.0, Action::SignOff, None)
        .await
        .unwrap();
    let after_sign_off = version().await;
    assert_ne!(after_sign_off, before);
    let other = submitted(&store, &people.reporter).await;
    store
        .save_revision(&people.reviewer, other.id, other.rows[0].id, 0, "Moved on.")
        .await
        .unwrap();
    assert_eq!(version().await, after_sign_off, "a save in review");
    store
        .reject_proposal(&people.editor, "김철수", "Kim Cheol-su")
        .await
        .unwrap();
    let after_rejection = version().await;
    assert_ne!(after_rejection, after_sign_off);
    go(
        &store,
        &people.admin,
        signed.id.0,
        Action::Reopen,
        Some("a typo"),
    )
    .await
    .unwrap();
    assert_ne!(version().await, after_rejection);
}
