//! The trail is the record: an exported article verifies
//! offline after any sequence of allowed actions, every field of it is
//! checked against the replayed chain, and what the workflow allows agrees
//! with what the disclosure says. On SQLite and (with
//! `GALLEY_TEST_POSTGRES_URL`, required under CI) on PostgreSQL.

use crate::common;

use galley_core::disclosure::{self, Shortfall};
use galley_core::paragraph::{Limits, Side, split_paragraphs};
use galley_core::trail;
use galley_core::workflow::{Action, Role};
use galley_server::exchange::verify_export;
use galley_server::export::article_export;
use galley_server::submission::aligned_article;
use galley_store::{
    Accounts, AiTool, ArticleId, Articles, Comments, Rows, Sources, SqlStore, StoreError, Trail,
    User,
};
use serde_json::{Value, json};

/// A test of the trail's record on both backends, given a fresh store.
macro_rules! record_test {
    ($name:ident) => {
        backend_test!($name);
    };
}

const KOREAN: &str =
    "한국은행은 기준금리를 3.5%로 유지했다.\n\n수출은 3500억 달러에 이르렀다.\n\n시장은 안도했다.";
const ENGLISH: &str = "The Bank of Korea kept its key rate at 3.5%.\n\nExports reached $35 billion.\n\nMarkets were relieved.";

async fn person(store: &SqlStore, name: &str, roles: &[Role]) -> User {
    store
        .add_user(&common::unique(name), roles, None)
        .await
        .expect("user")
}

async fn submit(store: &SqlStore, reporter: &User) -> i64 {
    let ko = split_paragraphs(KOREAN, Side::Korean, Limits::DEFAULT).unwrap();
    let en = split_paragraphs(ENGLISH, Side::English, Limits::DEFAULT).unwrap();
    let ai = AiTool {
        tool: "ChatGPT".into(),
        model: "gpt-4o".into(),
    };
    let article = aligned_article("Rates held", Some("금리 동결".into()), ko, &en, ai)
        .expect("within the limits");
    (store.submit_article(reporter, article).await.unwrap().id).0
}

async fn go(store: &SqlStore, by: &User, id: i64, action: Action) -> Result<(), StoreError> {
    let version = store.article_version(ArticleId(id)).await?;
    let note = matches!(action, Action::Return | Action::Reopen).then_some("see row 2");
    store
        .transition(by, ArticleId(id), action, note, version)
        .await
        .map(|_| ())
}

async fn export(store: &SqlStore, id: i64) -> Value {
    let read = store.article_with_trail(ArticleId(id)).await.expect("read");
    article_export(store, None, &read, None)
        .await
        .expect("export")
}

fn verify(file: &Value) -> Result<(), String> {
    verify_export(&file.to_string(), None).map(|_| ())
}

/// The export with its title rewritten in the submission and every hash
/// of the trail recomputed from the genesis: a chain that holds together.
fn rechained_from_the_start(file: &Value) -> Value {
    let mut rechained = file.clone();
    // (The title shown is the headline row's English, which the rewritten
    // submission does not touch: only the AI's draft headline in it.)
    let mut previous = trail::GENESIS.to_string();
    for event in rechained["trail"].as_array_mut().unwrap() {
        if event["seq"] == json!(1) {
            let payload = event["payload"]
                .as_str()
                .unwrap()
                .replace("Rates held", "Rates cut");
            event["payload"] = json!(payload);
        }
        let field = |key: &str| event[key].as_str().unwrap().to_string();
        let hash = trail::event_hash(
            &previous,
            event["seq"].as_i64().unwrap(),
            &field("at"),
            &field("actor"),
            &field("action"),
            &field("payload"),
        );
        event["prev_hash"] = json!(previous);
        event["hash"] = json!(hash);
        previous = hash;
    }
    rechained
}

/// A signed-off article whose trail holds an edit, a split of an edited
/// row, a merge of an edited row, an override and a review of every row.
async fn signed_off(store: &SqlStore) -> i64 {
    let reporter = person(store, "reporter", &[Role::Reporter]).await;
    let reviewer = person(store, "reviewer", &[Role::BilingualReviewer]).await;
    let editor = person(store, "editor", &[Role::NativeEditor]).await;
    let id = submit(store, &reporter).await;
    go(store, &reporter, id, Action::Submit).await.unwrap();
    // Save a row's English, then split that row (reproduction 2).
    // (Row 0 is the headline, never split or merged.)
    let article = store.article(ArticleId(id)).await.unwrap();
    let first = &article.rows[1];
    store
        .save_revision(
            &reviewer,
            ArticleId(id),
            first.id,
            0,
            "The Bank of Korea kept its key rate at 3.5%.\n\nNo change.",
        )
        .await
        .unwrap();
    store
        .split(&reviewer, ArticleId(id), first.id, 1, 1)
        .await
        .unwrap();
    verify(&export(store, id).await).expect("verifies after a split of an edited row");
    // Save a row's English, then merge it with the next.
    let article = store.article(ArticleId(id)).await.unwrap();
    let row = &article.rows[2];
    store
        .save_revision(
            &reviewer,
            ArticleId(id),
            row.id,
            row.revision,
            "No change at all.",
        )
        .await
        .unwrap();
    store
        .merge_with_next(&reviewer, ArticleId(id), row.id)
        .await
        .unwrap();
    verify(&export(store, id).await).expect("verifies after a merge of an edited row");
    // Override the blocking findings, review every row, approve, sign off.
    let article = store.article(ArticleId(id)).await.unwrap();
    let overrides = store.overrides(ArticleId(id)).await.unwrap();
    let findings = article.findings();
    let mut overridden = 0;
    for (segment, found) in article.rows.iter().zip(&findings) {
        for finding in found.iter().filter(|f| galley_core::qa::blocks(f)) {
            assert!(overrides.is_empty());
            store
                .override_finding(
                    &reviewer,
                    ArticleId(id),
                    segment.id,
                    &finding.key,
                    "checked",
                )
                .await
                .unwrap();
            overridden += 1;
        }
    }
    assert!(overridden > 0, "the test article has a wrong number");
    for segment in &store.article(ArticleId(id)).await.unwrap().rows {
        store
            .mark_reviewed(&reviewer, ArticleId(id), segment.id, segment.revision)
            .await
            .unwrap();
    }
    go(store, &reviewer, id, Action::Approve).await.unwrap();
    go(store, &editor, id, Action::SignOff).await.unwrap();
    id
}

/// Reproduction 2, with merge as well as split, and the nine forgeries of
/// reproduction 3: each is refused, naming what does not match.
async fn an_export_proves_every_field(store: SqlStore) {
    let id = signed_off(&store).await;
    let file = export(&store, id).await;
    verify(&file).expect("the signed-off export verifies");
    let person_revision = |file: &Value| {
        file["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .position(|r| r["revision"].as_i64() > Some(0))
            .unwrap()
    };
    type Forgery = (&'static str, fn(&mut Value), &'static str);
    let forgeries: [Forgery; 9] = [
        (
            "the AI draft (revision 0)",
            |f| f["revisions"][0]["text"] = json!("An invented draft."),
            "revision 0 of the headline row (id",
        ),
        (
            "the current English of a row",
            |f| f["article"]["segments"][1]["en"] = json!("Rates slashed"),
            "the English of row",
        ),
        (
            "the title",
            |f| f["article"]["title"] = json!("Rates cut"),
            "title",
        ),
        (
            "the Korean",
            |f| f["korean"][1] = json!("금리를 내렸다."),
            "Korean paragraph 2",
        ),
        (
            "the article id",
            |f| f["article"]["id"] = json!(f["article"]["id"].as_i64().unwrap() + 1),
            "the export says article",
        ),
        (
            "an added QA override",
            |f| {
                let row = f["article"]["segments"][0]["id"].clone();
                f["overrides"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"segment": row, "key": "quotes:x", "reason": "r", "by": 1}));
            },
            "QA overrides",
        ),
        (
            "all person revisions removed",
            |f| {
                f["revisions"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|r| r["revision"] == json!(0));
            },
            "revisions",
        ),
        (
            "a revision whose number is a string",
            |f| {
                let at = f["revisions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|r| r["revision"].as_i64() > Some(0))
                    .unwrap();
                let n = f["revisions"][at]["revision"].to_string();
                f["revisions"][at]["revision"] = json!(n);
            },
            "is not an integer",
        ),
        (
            "the last event (the sign-off) dropped",
            |f| {
                f["trail"].as_array_mut().unwrap().pop();
            },
            "leaves the article in native_edit",
        ),
    ];
    assert!(person_revision(&file) > 0);
    for (what, forge, named) in forgeries {
        let mut forged = file.clone();
        forge(&mut forged);
        assert_ne!(forged, file, "{what}: the forgery changed nothing");
        let refused = verify(&forged).expect_err(what);
        assert!(refused.contains(named), "{what}: {refused}");
    }

    // A trail re-chained from its start (the title rewritten in the
    // submission and every hash recomputed) holds together by itself; the
    // head an auditor kept catches it.
    let head = file["trail"].as_array().unwrap().last().unwrap()["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let mut rechained = rechained_from_the_start(&file);
    // Without the log's proofs, which catch it by themselves (see
    // an_export_proves_its_events_are_in_the_signed_log): a file of the
    // first format, which could leave the log section out.
    rechained.as_object_mut().unwrap().remove("log");
    rechained["format"] = json!(galley_server::exchange::JSON_FORMAT_1);
    verify(&rechained).expect("a consistent re-chain holds together without a kept head");
    let refused = verify_export(&rechained.to_string(), Some(&head)).unwrap_err();
    assert!(refused.contains("kept head"), "{refused}");
    verify_export(&file.to_string(), Some(&head)).expect("the original holds its head");
    // A trail cut short, with the article's stage to match, also loses
    // the kept head.
    let mut cut = file.clone();
    cut["trail"].as_array_mut().unwrap().pop();
    cut["log"]["leaves"].as_array_mut().unwrap().pop();
    cut["article"]["stage"] = json!("native_edit");
    verify(&cut).expect("consistent by itself");
    assert!(verify_export(&cut.to_string(), Some(&head)).is_err());
}
record_test!(an_export_proves_every_field);

/// Every string of every text and event in an export, mutated one byte at a
/// time, makes the offline check fail.
async fn one_byte_anywhere_breaks_the_export(store: SqlStore) {
    let id = signed_off(&store).await;
    let file = export(&store, id).await;
    let mut paths: Vec<Vec<Value>> = Vec::new();
    let count = |key: &str| file[key].as_array().unwrap().len();
    for i in 0..count("korean") {
        paths.push(vec![json!("korean"), json!(i)]);
    }
    for i in 0..count("revisions") {
        paths.push(vec![json!("revisions"), json!(i), json!("text")]);
    }
    for i in 0..count("overrides") {
        for key in ["key", "reason"] {
            paths.push(vec![json!("overrides"), json!(i), json!(key)]);
        }
    }
    for i in 0..count("trail") {
        for key in ["at", "actor", "action", "payload", "prev_hash", "hash"] {
            paths.push(vec![json!("trail"), json!(i), json!(key)]);
        }
    }
    paths.push(vec![json!("article"), json!("title")]);
    for i in 0..file["article"]["segments"].as_array().unwrap().len() {
        paths.push(vec![
            json!("article"),
            json!("segments"),
            json!(i),
            json!("en"),
        ]);
    }
    assert!(paths.len() > 60, "{} places", paths.len());
    for path in &paths {
        let mut forged = file.clone();
        let mut at = &mut forged;
        for step in path {
            at = match step {
                Value::String(key) => &mut at[key.as_str()],
                index => &mut at[index.as_u64().unwrap() as usize],
            };
        }
        let text = at.as_str().unwrap().to_string();
        // One byte changed: the last ASCII character turned into another.
        let mut bytes = text.clone().into_bytes();
        let last = bytes.iter().rposition(u8::is_ascii_alphanumeric);
        match last {
            Some(i) => bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' },
            None => bytes.push(b'x'),
        }
        *at = json!(String::from_utf8(bytes).unwrap());
        assert!(verify(&forged).is_err(), "changing {path:?} went unnoticed");
    }
}
record_test!(one_byte_anywhere_breaks_the_export);

/// An export carries its events' leaves, a signed checkpoint and
/// the inclusion proofs, and verifies offline with the public key alone;
/// one changed byte in a proof, the checkpoint or an event fails, and so
/// does a trail re-chained from its start (which the chain alone accepts).
async fn an_export_proves_its_events_are_in_the_signed_log(store: SqlStore) {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use galley_core::checkpoint::LogSigner;
    use galley_server::exchange::{LogCheck, verify_logged_export};
    let signer = LogSigner::from_seed("newsroom.example/log", [9; 32]).unwrap();
    let id = signed_off(&store).await;
    // Another article after it: the log holds more than this one's events.
    let other = signed_off(&store).await;
    let read = store.article_with_trail(ArticleId(id)).await.expect("read");
    let file = article_export(&store, Some(&signer), &read, None)
        .await
        .expect("export");
    let check = LogCheck {
        key: Some(signer.verifier()),
        ..LogCheck::default()
    };
    let logged = |f: &Value| verify_logged_export(&f.to_string(), None, &check);
    let (verdict, signed) = logged(&file).expect("the export verifies with the key");
    let signed = signed.expect("a signed checkpoint");
    assert_eq!(verdict.events, file["trail"].as_array().unwrap().len());
    let leaves = file["log"]["leaves"].as_array().unwrap();
    assert_eq!(leaves.len(), verdict.events);
    assert!(signed.size > leaves.last().unwrap()["leaf"].as_u64().unwrap());
    // The other article's export verifies too, against the same log.
    let read = store
        .article_with_trail(ArticleId(other))
        .await
        .expect("read");
    let second = article_export(&store, Some(&signer), &read, None)
        .await
        .expect("export");
    logged(&second).expect("the second article verifies");
    // Another key does not open it.
    let stranger = LogSigner::from_seed("newsroom.example/log", [1; 32]).unwrap();
    let refused = verify_logged_export(
        &file.to_string(),
        None,
        &LogCheck {
            key: Some(stranger.verifier()),
            ..LogCheck::default()
        },
    )
    .unwrap_err();
    assert!(refused.contains("checkpoint"), "{refused}");

    // One byte of a proof: every hash of every proof.
    let mut places = 0;
    for (i, leaf) in leaves.iter().enumerate() {
        for j in 0..leaf["proof"].as_array().unwrap().len() {
            let mut forged = file.clone();
            let at = &mut forged["log"]["leaves"][i]["proof"][j];
            let mut bytes = STANDARD.decode(at.as_str().unwrap()).unwrap();
            bytes[7] ^= 0x20;
            *at = json!(STANDARD.encode(bytes));
            let refused = logged(&forged).unwrap_err();
            assert!(
                refused.contains(&format!("(leaf {})", leaf["leaf"])),
                "{refused}"
            );
            places += 1;
        }
        // A leaf index moved by one.
        let mut forged = file.clone();
        forged["log"]["leaves"][i]["leaf"] = json!(leaf["leaf"].as_u64().unwrap() + 1);
        assert!(logged(&forged).is_err(), "leaf {i} moved went unnoticed");
    }
    assert!(places > 10, "{places} proof hashes");
    // One byte of the checkpoint: each character of its note but the
    // final new line.
    let note = file["log"]["checkpoint"].as_str().unwrap().to_string();
    for (at, c) in note
        .char_indices()
        .filter(|(_, c)| c.is_ascii_alphanumeric())
    {
        let mut forged = file.clone();
        let changed = if c == '0' { '1' } else { '0' };
        let mut text = note.clone();
        text.replace_range(at..=at, &changed.to_string());
        forged["log"]["checkpoint"] = json!(text);
        assert!(
            logged(&forged).is_err(),
            "the checkpoint changed at byte {at} went unnoticed"
        );
    }
    // One byte of an event: the chain breaks.
    let mut forged = file.clone();
    let payload = forged["trail"][2]["payload"]
        .as_str()
        .unwrap()
        .replacen('}', " }", 1);
    forged["trail"][2]["payload"] = json!(payload);
    assert!(logged(&forged).is_err());
    // The whole trail re-chained from its start, every hash recomputed:
    // the chain holds, the log does not, and the first event rewritten is
    // named with its leaf.
    let rechained = rechained_from_the_start(&file);
    let mut unlogged = rechained.clone();
    unlogged.as_object_mut().unwrap().remove("log");
    // The chain alone would hold together; a file without its log section
    // is refused, since every export carries one.
    let refused = verify(&unlogged).unwrap_err();
    assert!(refused.contains("export.log is missing"), "{refused}");
    let refused = logged(&rechained).unwrap_err();
    assert!(
        refused.starts_with(&format!(
            "event 1 (leaf {}) is not in the log",
            leaves[0]["leaf"]
        )),
        "{refused}"
    );
}
record_test!(an_export_proves_its_events_are_in_the_signed_log);

/// Reproduction 5: the rules read only what the chain covers. With every
/// event's stage column rewritten to `draft`, a reviewer who also edits
/// still may not sign off, and the stored trail no longer verifies.
async fn rules_ignore_the_columns_beside_the_chain(store: SqlStore) {
    let reporter = person(&store, "reporter", &[Role::Reporter]).await;
    let both = person(
        &store,
        "both",
        &[Role::BilingualReviewer, Role::NativeEditor],
    )
    .await;
    let approver = person(&store, "approver", &[Role::BilingualReviewer]).await;
    let id = submit(&store, &reporter).await;
    go(&store, &reporter, id, Action::Submit).await.unwrap();
    let article = store.article(ArticleId(id)).await.unwrap();
    for (segment, found) in article.rows.iter().zip(article.findings()) {
        for finding in found.iter().filter(|f| galley_core::qa::blocks(f)) {
            store
                .override_finding(
                    &approver,
                    ArticleId(id),
                    segment.id,
                    &finding.key,
                    "checked",
                )
                .await
                .unwrap();
        }
    }
    for segment in &article.rows {
        store
            .mark_reviewed(&both, ArticleId(id), segment.id, segment.revision)
            .await
            .unwrap();
    }
    go(&store, &approver, id, Action::Approve).await.unwrap();
    common::allow_event_updates(&store).await;
    sqlx::query("UPDATE events SET stage = 'draft' WHERE article_id = $1")
        .bind(id)
        .execute(store.pool())
        .await
        .unwrap();
    let refused = go(&store, &both, id, Action::SignOff).await.unwrap_err();
    assert!(
        matches!(&refused, StoreError::Refused(r) if r.rule == galley_core::workflow::Rule::SeparationOfDuties),
        "{refused:?}"
    );
    let stored = store.stored_trail(ArticleId(id)).await.unwrap();
    let mismatch = galley_core::audit::audit_stored(&stored).unwrap_err();
    assert!(
        mismatch.reason.contains("is stored in stage draft"),
        "{mismatch}"
    );
}
record_test!(rules_ignore_the_columns_beside_the_chain);

// ----------------------------------------------------------------- property

use proptest::prelude::*;

/// One thing a person tries; the store accepts or refuses it.
#[derive(Debug, Clone)]
enum Step {
    Edit {
        who: usize,
        row: usize,
    },
    Review {
        who: usize,
        row: usize,
    },
    Merge {
        who: usize,
        row: usize,
    },
    Split {
        who: usize,
        row: usize,
        ko_at: usize,
        en_at: usize,
    },
    Override {
        who: usize,
        row: usize,
    },
    Move {
        who: usize,
        action: Action,
    },
    /// The action that moves the article on from where it is.
    Forward {
        who: usize,
    },
    /// One person reviews every row (what a reviewer does before approving).
    ReviewAll {
        who: usize,
    },
    /// One person overrides every blocking finding.
    OverrideAll {
        who: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0..4usize;
    let row = 0..5usize;
    prop_oneof![
        3 => (who.clone(), row.clone()).prop_map(|(who, row)| Step::Edit { who, row }),
        4 => (who.clone(), row.clone()).prop_map(|(who, row)| Step::Review { who, row }),
        1 => (who.clone(), row.clone()).prop_map(|(who, row)| Step::Merge { who, row }),
        1 => (who.clone(), row.clone(), 0..3usize, 0..3usize)
            .prop_map(|(who, row, ko_at, en_at)| Step::Split { who, row, ko_at, en_at }),
        2 => (who.clone(), row).prop_map(|(who, row)| Step::Override { who, row }),
        3 => who.clone().prop_map(|who| Step::ReviewAll { who }),
        3 => who.clone().prop_map(|who| Step::OverrideAll { who }),
        6 => who.clone().prop_map(|who| Step::Forward { who }),
        3 => (who, prop::sample::select(Action::ALL.to_vec()))
            .prop_map(|(who, action)| Step::Move { who, action }),
    ]
}

fn role_set() -> impl Strategy<Value = Vec<Role>> {
    prop::sample::subsequence(Role::ALL.to_vec(), 1..=3)
}

/// Applies one step; whether the store accepted it.
async fn apply(store: &SqlStore, people: &[User], id: i64, step: &Step) -> bool {
    let article = store.article(ArticleId(id)).await.unwrap();
    let row = |i: usize| &article.rows[i % article.rows.len()];
    let done = match step {
        Step::Edit { who, row: i } => {
            let r = row(*i);
            let text = format!("{} Edited.", r.text).trim().to_string();
            store
                .save_revision(&people[*who], ArticleId(id), r.id, r.revision, &text)
                .await
                .map(|_| ())
        }
        Step::Review { who, row: i } => {
            let r = row(*i);
            store
                .mark_reviewed(&people[*who], ArticleId(id), r.id, r.revision)
                .await
        }
        Step::Merge { who, row: i } => store
            .merge_with_next(&people[*who], ArticleId(id), row(*i).id)
            .await
            .map(|_| ()),
        Step::Split {
            who,
            row: i,
            ko_at,
            en_at,
        } => store
            .split(&people[*who], ArticleId(id), row(*i).id, *ko_at, *en_at)
            .await
            .map(|_| ()),
        Step::Override { who, row: i } => {
            let index = *i % article.rows.len();
            match article.findings()[index].first() {
                Some(finding) => {
                    store
                        .override_finding(
                            &people[*who],
                            ArticleId(id),
                            row(*i).id,
                            &finding.key,
                            "fine",
                        )
                        .await
                }
                None => Ok(()),
            }
        }
        Step::Move { who, action } => go(store, &people[*who], id, *action).await,
        Step::Forward { who } => {
            let action = article.stage.actions()[0];
            go(store, &people[*who], id, action).await
        }
        Step::ReviewAll { who } => {
            let mut done = Ok(());
            for r in &article.rows {
                done = done.and(
                    store
                        .mark_reviewed(&people[*who], ArticleId(id), r.id, r.revision)
                        .await,
                );
            }
            done
        }
        Step::OverrideAll { who } => {
            let mut done = Ok(());
            for (r, found) in article.rows.iter().zip(article.findings()) {
                for finding in found.iter().filter(|f| galley_core::qa::blocks(f)) {
                    done = done.and(
                        store
                            .override_finding(
                                &people[*who],
                                ArticleId(id),
                                r.id,
                                &finding.key,
                                "fine",
                            )
                            .await,
                    );
                }
            }
            done
        }
    };
    match done {
        Ok(()) => true,
        Err(StoreError::Refused(_) | StoreError::Invalid { .. } | StoreError::Conflict { .. }) => {
            false
        }
        Err(other) => panic!("{step:?}: {other}"),
    }
}

/// Random sequences of actions by random people holding random roles:
/// whenever a sign-off is accepted the disclosure is earned, the disclosure
/// is never refused for `same_person` (the sign-off was refused first), and
/// every export verifies offline while a changed text in it does not.
fn workflow_and_disclosure_agree(open: impl Future<Output = Option<SqlStore>>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // The pool's connections go back to it in tasks of this runtime, also
    // when the store is dropped at the end.
    let _context = runtime.enter();
    let Some(store) = runtime.block_on(open) else {
        return;
    };
    // Sign-offs accepted across the cases: the property must reach some.
    let signed_offs = std::sync::atomic::AtomicUsize::new(0);
    let config = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    // A fixed seed: the same sequences on every run, so the count below
    // cannot come out differently from one run to the next.
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(
        config,
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = (
        prop::collection::vec(role_set(), 4),
        prop::collection::vec(step(), 1..60),
    );
    let outcome = runner.run(&strategy, |(roles, steps)| {
        runtime.block_on(async {
            let mut people = Vec::new();
            for set in &roles {
                people.push(person(&store, "p", set).await);
            }
            let reporter = person(&store, "reporter", &[Role::Reporter]).await;
            let id = submit(&store, &reporter).await;
            go(&store, &reporter, id, Action::Submit).await.unwrap();
            for step in &steps {
                let before = store.replay(ArticleId(id)).await.unwrap().stage;
                let accepted = apply(&store, &people, id, step).await;
                let replay = store.replay(ArticleId(id)).await.unwrap();
                let earned = disclosure::earn(&replay);
                let signed = before != replay.stage
                    && replay.stage == galley_core::workflow::Stage::SignedOff;
                if accepted && signed && matches!(step, Step::Move { .. } | Step::Forward { .. }) {
                    signed_offs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    prop_assert!(
                        earned.is_ok(),
                        "signed off but not earned: {earned:?} after {step:?}"
                    );
                }
                prop_assert_ne!(earned.err(), Some(Shortfall::SamePerson));
            }
            let file = export(&store, id).await;
            prop_assert!(verify(&file).is_ok(), "{:?}", verify(&file));
            let mut forged = file.clone();
            let text = forged["revisions"][0]["text"].as_str().unwrap().to_string();
            forged["revisions"][0]["text"] = json!(format!("{text}!"));
            prop_assert!(verify(&forged).is_err());
            Ok(())
        })
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let signed_off = signed_offs.into_inner();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("{signed_off} sign-offs accepted");
    }
    assert!(signed_off > 0, "no sequence reached a sign-off");
}

#[test]
fn workflow_and_disclosure_agree_on_sqlite() {
    workflow_and_disclosure_agree(async { Some(common::sqlite_store().await) });
}

#[test]
fn workflow_and_disclosure_agree_on_postgres() {
    workflow_and_disclosure_agree(common::postgres_store());
}

/// Every place of a JSON value: the path to each value (leaf or not).
fn places(value: &Value, path: &mut Vec<Value>, out: &mut Vec<(Vec<Value>, bool)>) {
    match value {
        Value::Object(map) => {
            out.push((path.clone(), false));
            for (key, inner) in map {
                path.push(json!(key));
                places(inner, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                path.push(json!(i));
                places(inner, path, out);
                path.pop();
            }
        }
        _ => out.push((path.clone(), true)),
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(value, |at, step| match step {
        Value::String(key) => &mut at[key.as_str()],
        index => &mut at[index.as_u64().unwrap() as usize],
    })
}

/// The value a forger would put in place of `value`: another string,
/// number or truth value.
fn changed(value: &Value) -> Value {
    match value {
        Value::String(text) => {
            let mut bytes = text.clone().into_bytes();
            match bytes.iter().rposition(u8::is_ascii_alphanumeric) {
                Some(i) => bytes[i] = if bytes[i] == b'0' { b'1' } else { b'0' },
                None => bytes.push(b'x'),
            }
            json!(String::from_utf8(bytes).unwrap())
        }
        Value::Number(n) => match n.as_i64() {
            Some(i) => json!(i + 1),
            None => json!(n.as_f64().unwrap() + 0.5),
        },
        Value::Bool(b) => json!(!b),
        Value::Null => json!("x"),
        other => other.clone(),
    }
}

/// Every byte of an export is signed or absent. On real
/// exports (a signed-off article with a merge, a split and overrides; the
/// same after a comment, a correction and a new version of its Korean),
/// every value changed, every key deleted and an unknown key added
/// anywhere fails the offline check with the log's key, naming where.
async fn every_field_of_an_export_is_signed_or_absent(store: SqlStore) {
    use galley_core::checkpoint::LogSigner;
    use galley_server::exchange::{LogCheck, verify_logged_export};
    let signer = LogSigner::from_seed("newsroom.example/log", [9; 32]).unwrap();
    let check = LogCheck {
        key: Some(signer.verifier()),
        ..LogCheck::default()
    };
    let id = signed_off(&store).await;
    let exported = |store: &SqlStore| {
        let (store, signer) = (store.clone(), signer.clone());
        async move {
            let read = store.article_with_trail(ArticleId(id)).await.expect("read");
            article_export(&store, Some(&signer), &read, None)
                .await
                .expect("export")
        }
    };
    let signed = exported(&store).await;
    // A comment, a correction and a new version of the Korean.
    let editor = person(&store, "corrector", &[Role::NativeEditor]).await;
    let reporter = person(&store, "reviser", &[Role::Reporter]).await;
    let row = store.article(ArticleId(id)).await.unwrap().rows[0].id;
    store
        .add_comment(
            &editor,
            ArticleId(id),
            galley_store::NewComment {
                row_id: Some(row),
                reply_to: None,
                body: "Is the rate right?",
                blocking: false,
            },
        )
        .await
        .unwrap();
    let version = store.article_version(ArticleId(id)).await.unwrap();
    store
        .transition(
            &editor,
            ArticleId(id),
            Action::Correct,
            Some("The rate was misstated."),
            version,
        )
        .await
        .unwrap();
    let mut korean: Vec<String> = store.article(ArticleId(id)).await.unwrap().korean;
    korean.push("한국은행은 다음 달 다시 회의를 연다.".into());
    store
        .revise_source(
            &reporter,
            ArticleId(id),
            galley_store::NewSource {
                korean,
                base_source_version: 1,
                draft: vec!["The bank meets again next month.".into()],
            },
        )
        .await
        .unwrap();
    let corrected = exported(&store).await;

    for file in [&signed, &corrected] {
        verify_logged_export(&file.to_string(), None, &check).expect("the export verifies");
        let mut all = Vec::new();
        places(file, &mut Vec::new(), &mut all);
        let mut tried = 0;
        for (path, leaf) in &all {
            let mut forged = file.clone();
            if *leaf {
                let at = at_mut(&mut forged, path);
                *at = changed(at);
            } else {
                at_mut(&mut forged, path)["unknown"] = json!(1);
            }
            assert!(
                verify_logged_export(&forged.to_string(), None, &check).is_err(),
                "{} {path:?} went unnoticed",
                if *leaf { "changing" } else { "adding a key at" }
            );
            tried += 1;
            // Deleting the key (or the list item) that holds it.
            let Some((last, parent)) = path.split_last() else {
                continue;
            };
            let mut forged = file.clone();
            match (at_mut(&mut forged, parent), last) {
                (Value::Object(map), Value::String(key)) => {
                    map.remove(key);
                }
                (Value::Array(items), index) => {
                    items.remove(index.as_u64().unwrap() as usize);
                }
                _ => unreachable!(),
            }
            assert!(
                verify_logged_export(&forged.to_string(), None, &check).is_err(),
                "deleting {path:?} went unnoticed"
            );
            tried += 1;
        }
        assert!(tried > 400, "only {tried} forgeries");
    }
}
record_test!(every_field_of_an_export_is_signed_or_absent);

/// An article submitted before the headline was a row
/// keeps its title, unreviewed, through its sign-off (nothing is added to
/// its trail behind its back); the correction that opens on it makes the
/// title the headline row, which the corrected edition cannot be signed
/// off without reviewing, and whose reviewed English is then the title
/// every export carries.
async fn an_old_title_becomes_a_reviewed_headline_in_its_correction(store: SqlStore) {
    let reporter = person(&store, "reporter", &[Role::Reporter]).await;
    let reviewer = person(&store, "reviewer", &[Role::BilingualReviewer]).await;
    let editor = person(&store, "editor", &[Role::NativeEditor]).await;
    let ko = split_paragraphs(
        "한국은행은 기준금리를 3.5%로 유지했다.\n\n시장은 안도했다.",
        Side::Korean,
        Limits::DEFAULT,
    )
    .unwrap();
    let en = split_paragraphs(
        "The Bank of Korea kept its key rate at 3.5%.\n\nMarkets were relieved.",
        Side::English,
        Limits::DEFAULT,
    )
    .unwrap();
    let ai = AiTool {
        tool: "ChatGPT".into(),
        model: "gpt-4o".into(),
    };
    // As submitted before the headline was a row: no headline row, the title beside.
    let mut old =
        aligned_article("Korea raises rates", None, ko, &en, ai).expect("within the limits");
    assert!(old.rows[0].ko.is_empty(), "the English-only headline row");
    old.rows.remove(0);
    old.headline = false;
    let id = store.submit_article(&reporter, old).await.unwrap().id;
    go(&store, &reporter, id.0, Action::Submit).await.unwrap();
    let review_all = |by: User| {
        let store = store.clone();
        async move {
            for row in &store.article(id).await.unwrap().rows {
                if row.reviewed_revision != Some(row.revision) {
                    store
                        .mark_reviewed(&by, id, row.id, row.revision)
                        .await
                        .unwrap();
                }
            }
        }
    };
    review_all(reviewer.clone()).await;
    go(&store, &reviewer, id.0, Action::Approve).await.unwrap();
    go(&store, &editor, id.0, Action::SignOff).await.unwrap();
    let published = store.article(id).await.unwrap();
    assert!(!published.headline, "nothing appended behind its back");
    assert_eq!(published.rows.len(), 2);
    let file = export(&store, id.0).await;
    assert_eq!(file["article"]["title"], "Korea raises rates");
    verify(&file).expect("the old article verifies");

    let version = store.article_version(id).await.unwrap();
    store
        .transition(
            &editor,
            id,
            Action::Correct,
            Some("The headline said rates rose."),
            version,
        )
        .await
        .unwrap();
    let corrected = store.article(id).await.unwrap();
    assert!(corrected.headline);
    let headline = &corrected.rows[0];
    assert_eq!(
        (
            headline.text.as_str(),
            headline.revision,
            headline.ko.clone()
        ),
        ("Korea raises rates", 0, 0..0)
    );
    assert_eq!(corrected.rows.len(), 3);
    let events = store.events(id).await.unwrap();
    assert!(matches!(
        galley_core::events::Fact::decode(events.last().unwrap()),
        Ok(galley_core::events::Fact::HeadlineAdded { .. })
    ));
    let history = &store.article_revisions(id).await.unwrap()[&headline.id];
    assert!(matches!(history[0].author, galley_store::Author::Ai(_)));
    // The body was published and stays reviewed; the headline was not.
    let refused = go(&store, &reviewer, id.0, Action::Approve).await;
    assert!(
        matches!(&refused, Err(StoreError::Refused(r)) if r.rule == galley_core::workflow::Rule::RowsNotReviewed),
        "{refused:?}"
    );
    store
        .save_revision(&reviewer, id, headline.id, 0, "Korea holds rates")
        .await
        .unwrap();
    review_all(reviewer.clone()).await;
    go(&store, &reviewer, id.0, Action::Approve).await.unwrap();
    go(&store, &editor, id.0, Action::SignOff).await.unwrap();
    let second = store.article(id).await.unwrap();
    assert_eq!(second.title, "Korea holds rates");
    let file = export(&store, id.0).await;
    assert_eq!(file["article"]["title"], "Korea holds rates");
    assert_eq!(file["article"]["segments"][0]["headline"], true, "{file}");
    verify(&file).expect("the corrected article verifies");
    galley_core::audit::audit_stored(&store.stored_trail(id).await.unwrap())
        .expect("the stored article is what its trail records");
}
record_test!(an_old_title_becomes_a_reviewed_headline_in_its_correction);
