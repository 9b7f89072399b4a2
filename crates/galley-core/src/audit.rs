//! Checking what is shown against what the trail records.
//!
//! Two checks, both on one [`Replay`]: [`audit_stored`] compares an
//! article's chain with what the database keeps beside it (the article's
//! stored head and stage, each event's stage and actor columns), and
//! [`check_export`] compares every field of an exported article (its id,
//! title, stage, Korean, rows, every revision and the overrides) with the
//! replayed chain, so an auditor can check a file offline.

use std::collections::BTreeMap;

use crate::events::{self, Actor};
use crate::replay::{self, Author, OverrideRecord, Replay, RevisionRecord};
use crate::trail::{self, Event, text_digest};
use crate::workflow::Stage;

/// What does not match, in words an auditor reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Mismatch {
    /// What does not match.
    pub reason: String,
    /// The first event at fault, when one is.
    pub at: Option<i64>,
}

fn mismatch<T>(message: impl Into<String>) -> Result<T, Mismatch> {
    Err(Mismatch {
        reason: message.into(),
        at: None,
    })
}

fn mismatch_at<T>(seq: i64, message: impl Into<String>) -> Result<T, Mismatch> {
    Err(Mismatch {
        reason: message.into(),
        at: Some(seq),
    })
}

/// Verifies the chain of hashes, decodes every event and replays them.
pub fn replay_chain(events: &[Event]) -> Result<Replay, Mismatch> {
    state_of_chain(events).map(replay::ArticleState::into_replay)
}

/// [`replay_chain`], keeping the state to move on event by event.
pub fn state_of_chain(events: &[Event]) -> Result<replay::ArticleState, Mismatch> {
    if let Err(broken) = trail::verify(events) {
        return mismatch_at(
            broken.seq,
            format!(
                "the chain breaks at event {}: {}",
                broken.seq, broken.reason
            ),
        );
    }
    let decoded = match events::decode_all(events) {
        Ok(decoded) => decoded,
        Err(e) => {
            return mismatch_at(
                e.seq,
                format!("event {} cannot be read: {}", e.seq, e.reason),
            );
        }
    };
    match replay::ArticleState::of(&decoded) {
        Ok(state) => Ok(state),
        Err(e) => mismatch_at(
            e.seq,
            format!(
                "event {} does not follow from the ones before it: {}",
                e.seq, e.reason
            ),
        ),
    }
}

/// What the database keeps beside an article's events, unhashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTrail {
    /// The events, in order.
    pub events: Vec<Event>,
    /// Each event's stage and actor columns, as the database has them.
    pub columns: Vec<(String, Option<i64>)>,
    /// The article's stored head: the last event's seq and hash.
    pub head: (i64, String),
    /// The article's stored stage.
    pub stage: Stage,
    /// The article as its tables keep it: title, AI tool, Korean, rows
    /// with their marks, every revision's text, the overrides in force.
    pub article: ClaimedArticle,
}

/// Checks an article's trail as stored: the chain, its replay, and that
/// everything stored beside it says what the chain says: the event columns,
/// the head and stage, and the article's tables ([`check_claimed`]: every
/// revision's text against its digest, each row's current revision, marks
/// and Korean, the title, AI tool and Korean version, the overrides).
pub fn audit_stored(stored: &StoredTrail) -> Result<Replay, Mismatch> {
    let replay = replay_chain(&stored.events)?;
    let last = stored
        .events
        .last()
        .map_or((0, trail::GENESIS.to_string()), |e| (e.seq, e.hash.clone()));
    if stored.head != last {
        return mismatch(format!(
            "the article's stored head is event {} but its chain ends at event {} (events were removed or added)",
            stored.head.0, last.0
        ));
    }
    if stored.stage != replay.stage {
        return mismatch(format!(
            "the article is stored in {} but its trail leaves it in {}",
            stored.stage, replay.stage
        ));
    }
    for ((event, (stage, actor_user)), replayed) in stored
        .events
        .iter()
        .zip(&stored.columns)
        .zip(&replay.stages)
    {
        if stage != replayed.name() {
            return mismatch_at(
                event.seq,
                format!(
                    "event {} is stored in stage {stage} but happened in {replayed}",
                    event.seq
                ),
            );
        }
        let hashed = Actor::decode(&event.actor).and_then(|a| a.user());
        if *actor_user != hashed {
            return mismatch_at(
                event.seq,
                format!(
                    "event {} is stored as by user {actor_user:?} but the chain names {}",
                    event.seq, event.actor
                ),
            );
        }
    }
    check_claimed(&replay, &stored.article).map_err(|m| Mismatch {
        reason: format!("the stored article disagrees with its trail: {}", m.reason),
        at: m.at,
    })?;
    Ok(replay)
}

/// Who an export says wrote a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimedAuthor {
    /// An AI tool and model.
    Ai(String, String),
    /// A person.
    User(i64),
}

/// One revision as an export shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedRevision {
    /// The row.
    pub row: i64,
    /// Its number.
    pub revision: i64,
    /// Its text.
    pub text: String,
    /// Who wrote it.
    pub author: ClaimedAuthor,
    /// The stage it was written in.
    pub stage: Stage,
}

/// One row as an export shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedRow {
    /// Its id.
    pub id: i64,
    /// Its Korean paragraphs, half-open.
    pub ko: (usize, usize),
    /// The Korean it shows.
    pub korean: Vec<String>,
    /// Its current English.
    pub text: String,
    /// Its current revision.
    pub revision: i64,
    /// Whether it shows as reviewed.
    pub reviewed: bool,
    /// Whether it shows as waiting for a bilingual reviewer after a new
    /// version of the Korean changed, added or removed it.
    pub source_changed: bool,
    /// Whether it shows as the article's headline.
    pub headline: bool,
}

/// An article as an export shows it, as the database keeps it, or as it is
/// about to be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedArticle {
    /// Its id.
    pub id: i64,
    /// Its headline.
    pub title: String,
    /// Its stage.
    pub stage: Stage,
    /// The AI tool and model it names as the draft's.
    pub ai: (String, String),
    /// The version of the Korean it translates.
    pub source_version: i64,
    /// Its Korean paragraphs.
    pub korean: Vec<String>,
    /// Its rows, in order.
    pub rows: Vec<ClaimedRow>,
    /// The revisions it shows: every revision of every row when
    /// `every_revision`, else none (a publication shows each row's current
    /// text, which is checked against its digest all the same).
    pub revisions: Vec<ClaimedRevision>,
    /// Whether `revisions` claims to be every revision of every row.
    pub every_revision: bool,
    /// The QA overrides in force.
    pub overrides: Vec<OverrideRecord>,
}

/// What an offline check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportVerdict {
    /// Events in the chain.
    pub events: usize,
    /// Revisions checked against their digests.
    pub revisions: usize,
    /// Texts the trail does not record by digest (trails written before it
    /// did): shown, but not proven.
    pub unproven: Vec<String>,
}

/// Whether `text` is the revision the trail records: `Some(false)` when it
/// is not, `None` when the trail records no digest of it.
fn recorded_text(record: &RevisionRecord, text: &str) -> Option<bool> {
    match (&record.sha256, record.chars) {
        (Some(digest), _) => Some(*digest == text_digest(text)),
        (None, Some(chars)) if chars != text.chars().count() => Some(false),
        _ => None,
    }
}

/// Whether the chain still holds the event with hash `head`, one an auditor
/// kept from an earlier look: a trail cut short before it, or rewritten
/// from any event up to it, does not.
pub fn holds_head(events: &[Event], head: &str) -> Result<(), Mismatch> {
    if events.iter().any(|e| e.hash == head) {
        Ok(())
    } else {
        mismatch(format!(
            "the trail does not contain the kept head {head}: it was cut short or rewritten"
        ))
    }
}

/// Checks every field of an exported article against its replayed chain.
/// With `head`, the chain must also hold the event with that hash (the head
/// an auditor kept from an earlier look), so a truncated or re-chained
/// trail is caught.
pub fn check_export(
    events: &[Event],
    claimed: &ClaimedArticle,
    head: Option<&str>,
) -> Result<ExportVerdict, Mismatch> {
    if let Some(head) = head {
        holds_head(events, head)?;
    }
    let replay = replay_chain(events)?;
    check_claimed(&replay, claimed)
}

/// Checks every field an article shows (an export, the database's tables,
/// or what is about to be published) against the replay of its chain:
/// id, title, stage, AI tool, Korean version, Korean, the rows with their
/// Korean, current text (by digest), review and source-change marks, the
/// revisions shown and the overrides in force.
pub fn check_claimed(replay: &Replay, claimed: &ClaimedArticle) -> Result<ExportVerdict, Mismatch> {
    let mut unproven = Vec::new();
    match replay.article {
        Some(id) if id != claimed.id => {
            return mismatch(format!(
                "the export says article {} but the trail is article {id}'s",
                claimed.id
            ));
        }
        Some(_) => {}
        None => unproven.push("the article id".to_string()),
    }
    // The title: the headline row's current English where the article has
    // one (checked by its digest with the rows below), else the title the
    // submission recorded.
    match replay.headline {
        Some(headline) => {
            let first = claimed.rows.first();
            if first.map(|r| r.id) != Some(headline) {
                return mismatch(format!(
                    "the headline is row {headline}, which the article does not show first"
                ));
            }
            if first.is_some_and(|r| r.text != claimed.title) {
                return mismatch(format!(
                    "the title is not the headline row's English (row {headline})"
                ));
            }
        }
        None if claimed.title != replay.title => {
            return mismatch("the title is not the one the trail records");
        }
        None => {}
    }
    if claimed.stage != replay.stage {
        return mismatch(format!(
            "the export says {} but the trail leaves the article in {}",
            claimed.stage, replay.stage
        ));
    }
    if claimed.ai != replay.ai {
        return mismatch(format!(
            "the AI tool is given as {} {} but the trail records {} {}",
            claimed.ai.0, claimed.ai.1, replay.ai.0, replay.ai.1
        ));
    }
    if claimed.source_version != replay.source_version {
        return mismatch(format!(
            "the Korean is given as version {} but the trail records version {}",
            claimed.source_version, replay.source_version
        ));
    }
    match &replay.korean_sha256 {
        Some(digests) => {
            if claimed.korean.len() != digests.len() {
                return mismatch(format!(
                    "the export has {} Korean paragraphs, the trail records {}",
                    claimed.korean.len(),
                    digests.len()
                ));
            }
            for (i, (text, digest)) in claimed.korean.iter().zip(digests).enumerate() {
                if text_digest(text) != *digest {
                    return mismatch(format!(
                        "Korean paragraph {} is not the one the trail records",
                        i + 1
                    ));
                }
            }
        }
        None => {
            if claimed.korean.len() != replay.korean_paragraphs {
                return mismatch("the number of Korean paragraphs differs from the trail's");
            }
            unproven.push("the Korean source".into());
        }
    }
    // The rows: the same set as the replay's active rows, each showing its
    // recorded Korean, current revision and review mark.
    let active: BTreeMap<i64, _> = replay.active_rows().map(|r| (r.id, r)).collect();
    if claimed.rows.len() != active.len() {
        return mismatch(format!(
            "the export has {} rows, the trail {}",
            claimed.rows.len(),
            active.len()
        ));
    }
    let mut by_row: BTreeMap<i64, Vec<&ClaimedRevision>> = BTreeMap::new();
    for revision in &claimed.revisions {
        if !active.contains_key(&revision.row) {
            return mismatch(format!(
                "revision {} of row {} belongs to no row of the article",
                revision.revision, revision.row
            ));
        }
        by_row.entry(revision.row).or_default().push(revision);
    }
    // Rows are named as people see them (the headline, then row 1, 2…
    // of the body, as the review page numbers them), the id beside.
    let body_start = usize::from(replay.headline.is_some());
    let name = |id: i64| match replay.order.iter().position(|r| *r == id) {
        _ if replay.headline == Some(id) => format!("the headline row (id {id})"),
        Some(at) => format!("row {} (id {id})", at + 1 - body_start),
        None => format!("the row with id {id}"),
    };
    let mut checked = 0;
    for row in &claimed.rows {
        let Some(history) = active.get(&row.id) else {
            return mismatch(format!("{} is not a row the trail records", name(row.id)));
        };
        match history.ko {
            Some(ko) if ko != row.ko => {
                return mismatch(format!(
                    "{} shows Korean paragraphs {:?}, the trail {:?}",
                    name(row.id),
                    row.ko,
                    ko
                ));
            }
            Some(_) => {}
            None => unproven.push(format!("the Korean paragraphs of {}", name(row.id))),
        }
        if claimed.korean.get(row.ko.0..row.ko.1) != Some(&row.korean[..]) {
            return mismatch(format!(
                "{} does not show the Korean of its paragraphs",
                name(row.id)
            ));
        }
        if row.revision != history.current() {
            return mismatch(format!(
                "{} shows revision {}, the trail {}",
                name(row.id),
                row.revision,
                history.current()
            ));
        }
        if row.reviewed != (history.reviewed == Some(history.current())) {
            return mismatch(format!(
                "{} shows as {}reviewed, which the trail does not record",
                name(row.id),
                if row.reviewed { "" } else { "not " }
            ));
        }
        if row.headline != (replay.headline == Some(row.id)) {
            return mismatch(format!(
                "{} shows as {}the headline, which the trail does not record",
                name(row.id),
                if row.headline { "" } else { "not " }
            ));
        }
        if row.source_changed != history.source.is_some() {
            return mismatch(format!(
                "{} shows as {}waiting for a bilingual reviewer after a new Korean version, which the trail does not record",
                name(row.id),
                if row.source_changed { "" } else { "not " }
            ));
        }
        // The row's current English, by the digest of its current revision.
        match history.revisions.iter().find(|r| r.number == row.revision) {
            Some(record) => match recorded_text(record, &row.text) {
                Some(false) => {
                    return mismatch(format!(
                        "the English of {} is not revision {} as the trail records it",
                        name(row.id),
                        row.revision
                    ));
                }
                Some(true) => {}
                None => unproven.push(format!("the English of {}", name(row.id))),
            },
            None if history.complete => {
                return mismatch(format!(
                    "revision {} of {} is not in the trail",
                    row.revision,
                    name(row.id)
                ));
            }
            None => unproven.push(format!("the English of {}", name(row.id))),
        }
        let shown = by_row.remove(&row.id).unwrap_or_default();
        if !claimed.every_revision {
            continue;
        }
        if history.complete {
            let numbers: Vec<i64> = shown.iter().map(|r| r.revision).collect();
            let recorded: Vec<i64> = history.revisions.iter().map(|r| r.number).collect();
            if numbers != recorded {
                return mismatch(format!(
                    "{} has revisions {numbers:?} in the export and {recorded:?} in the trail",
                    name(row.id)
                ));
            }
        }
        let mut current_text = None;
        for revision in shown {
            let Some(record) = history
                .revisions
                .iter()
                .find(|r| r.number == revision.revision)
            else {
                if history.complete {
                    return mismatch(format!(
                        "revision {} of {} is not in the trail",
                        revision.revision,
                        name(row.id)
                    ));
                }
                unproven.push(format!(
                    "revision {} of {}",
                    revision.revision,
                    name(row.id)
                ));
                continue;
            };
            let what = format!("revision {} of {}", revision.revision, name(row.id));
            match recorded_text(record, &revision.text) {
                Some(true) => checked += 1,
                Some(false) => return mismatch(format!("{what} is not the one the trail records")),
                None => unproven.push(what.clone()),
            }
            let author_matches = match (&revision.author, record.author) {
                (ClaimedAuthor::Ai(tool, model), Author::Ai) => {
                    (tool, model) == (&replay.ai.0, &replay.ai.1)
                }
                (ClaimedAuthor::User(id), Author::User(who)) => *id == who,
                _ => false,
            };
            if !author_matches {
                return mismatch(format!("{what} names an author the trail does not"));
            }
            if record.seq > 0 && revision.stage != record.stage {
                return mismatch(format!(
                    "{what} says it was written in {}, the trail in {}",
                    revision.stage, record.stage
                ));
            }
            if revision.revision == row.revision {
                current_text = Some(&revision.text);
            }
        }
        if current_text != Some(&row.text) {
            return mismatch(format!(
                "the English of {} is not its revision {}",
                name(row.id),
                row.revision
            ));
        }
    }
    let mut shown: Vec<&OverrideRecord> = claimed.overrides.iter().collect();
    let mut recorded: Vec<&OverrideRecord> = replay.active_overrides().collect();
    shown.sort_by(|a, b| (a.row, &a.key).cmp(&(b.row, &b.key)));
    recorded.sort_by(|a, b| (a.row, &a.key).cmp(&(b.row, &b.key)));
    if shown != recorded {
        return mismatch("the QA overrides are not the ones the trail records");
    }
    Ok(ExportVerdict {
        events: replay.events,
        revisions: checked,
        unproven,
    })
}
