//! The publication check: before anything is published, the
//! article as stored is checked against its trail: the chain verified,
//! decoded and replayed, then every field the article shows compared with
//! the replay and every text with its digest (`audit::replay_chain`, then
//! `audit::check_claimed`). Measured on a 40-row article whose rows were
//! each edited twice and reviewed, with a headline row. Target: under 5 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use galley_core::audit::{self, ClaimedArticle, ClaimedAuthor, ClaimedRevision, ClaimedRow};
use galley_core::events::{Actor, Fact, RowRecord};
use galley_core::trail::{Event, GENESIS, event_hash, text_digest};
use galley_core::workflow::{Action, Stage};

const ROWS: usize = 40;

/// Appends `fact` by `actor` to `events`, chained.
fn push(events: &mut Vec<Event>, actor: &Actor, fact: &Fact) {
    let seq = events.len() as i64 + 1;
    let prev_hash = events
        .last()
        .map_or(GENESIS.to_string(), |e| e.hash.clone());
    let (at, actor, action, payload) = (
        format!("2026-12-07T03:{:02}:{:02}Z", seq / 60 % 60, seq % 60),
        actor.encode(),
        fact.kind().to_string(),
        fact.payload(),
    );
    let hash = event_hash(&prev_hash, seq, &at, &actor, &action, &payload);
    events.push(Event {
        seq,
        at,
        actor,
        action,
        payload,
        prev_hash,
        hash,
    });
}

fn sentence(row: usize, revision: usize) -> String {
    format!(
        "The Bank of Korea said on Thursday that household debt rose by {row}.{revision} trillion won in the month, \
         the fastest pace in {} months, as mortgage lending picked up in Seoul and its suburbs.",
        row + revision
    )
}

/// A 40-row article (the first row its headline) taken through bilingual
/// review: its events, and the article as its tables show it.
fn article() -> (Vec<Event>, ClaimedArticle) {
    let korean: Vec<String> = (0..ROWS)
        .map(|i| format!("한국은행은 {i}일 가계부채가 한 달 새 {i}조 원 늘었다고 밝혔다. 서울과 수도권의 주택담보대출이 늘었다."))
        .collect();
    let mut events = Vec::new();
    push(
        &mut events,
        &Actor::User(1),
        &Fact::Submitted {
            article: Some(7),
            title: sentence(0, 0),
            ai_tool: "ChatGPT".into(),
            ai_model: "gpt-4o".into(),
            korean_sha256: Some(korean.iter().map(|k| text_digest(k)).collect()),
            korean_paragraphs: ROWS,
            rows: ROWS,
            headline: true,
        },
    );
    let rows: Vec<RowRecord> = (0..ROWS)
        .map(|i| RowRecord {
            row: Some(100 + i as i64),
            ko: (i, i + 1),
            confidence: 0.99,
            flags: Vec::new(),
            draft_sha256: Some(text_digest(&sentence(i, 0))),
            edited_sha256: None,
        })
        .collect();
    push(&mut events, &Actor::System, &Fact::Aligned { rows });
    push(
        &mut events,
        &Actor::User(1),
        &Fact::Transition {
            action: Action::Submit,
            from: Stage::Draft,
            to: Stage::BilingualReview,
            note: None,
            version: Some(3),
        },
    );
    let mut revisions = Vec::new();
    for i in 0..ROWS {
        let row = 100 + i as i64;
        revisions.push(ClaimedRevision {
            row,
            revision: 0,
            text: sentence(i, 0),
            author: ClaimedAuthor::Ai("ChatGPT".into(), "gpt-4o".into()),
            stage: Stage::Draft,
        });
        for revision in 1..=2 {
            let text = sentence(i, revision as usize);
            push(
                &mut events,
                &Actor::User(2),
                &Fact::RevisionSaved {
                    row,
                    revision,
                    base_revision: revision - 1,
                    chars: text.chars().count(),
                    sha256: Some(text_digest(&text)),
                    reverted_to: None,
                },
            );
            revisions.push(ClaimedRevision {
                row,
                revision,
                text,
                author: ClaimedAuthor::User(2),
                stage: Stage::BilingualReview,
            });
        }
        push(
            &mut events,
            &Actor::User(2),
            &Fact::RowReviewed { row, revision: 2 },
        );
    }
    let claimed = ClaimedArticle {
        id: 7,
        title: sentence(0, 2),
        stage: Stage::BilingualReview,
        ai: ("ChatGPT".into(), "gpt-4o".into()),
        source_version: 1,
        rows: (0..ROWS)
            .map(|i| ClaimedRow {
                id: 100 + i as i64,
                ko: (i, i + 1),
                korean: vec![korean[i].clone()],
                text: sentence(i, 2),
                revision: 2,
                reviewed: true,
                source_changed: false,
                headline: i == 0,
            })
            .collect(),
        korean,
        revisions,
        every_revision: true,
        overrides: Vec::new(),
    };
    (events, claimed)
}

fn publication_check(c: &mut Criterion) {
    let (events, claimed) = article();
    let replay = audit::replay_chain(&events).expect("the trail replays");
    let verdict = audit::check_claimed(&replay, &claimed).expect("the article is its trail's");
    assert_eq!(verdict.revisions, 3 * ROWS);
    c.bench_function("publication check, 40 rows, 3 revisions each", |b| {
        b.iter(|| {
            let replay = audit::replay_chain(std::hint::black_box(&events)).expect("replays");
            audit::check_claimed(&replay, std::hint::black_box(&claimed)).expect("checks")
        })
    });
}

criterion_group!(benches, publication_check);
criterion_main!(benches);
