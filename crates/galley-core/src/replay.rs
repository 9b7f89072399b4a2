//! One replay of an article's trail: what every rule about who did what
//! reads.
//!
//! [`replay`] walks the decoded events in order and yields the stage after
//! each event, the rounds of review and who took part in each stage of the
//! current round (and how), each row's lineage through merges and splits
//! with the digest of every text it held, and the overrides in force. The
//! workflow's separation-of-duties check, the disclosure, the trail page,
//! the exports and the offline check all read this one [`Replay`], so they
//! cannot disagree.
//!
//! A replay also checks that the events make sense in order: a transition
//! leaves the stage the article was in, by an action the workflow allows
//! from there; a revision follows the row's current one; a merged, split,
//! reviewed or overridden row exists and is active.

use std::collections::BTreeMap;

use crate::events::{Fact, Recorded, RevisedRow, RowRecord};
use crate::source::Carry;

use crate::workflow::{Action, Stage, target};

/// How a person took part in a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Saved a revision of a row.
    Edited,
    /// Marked a row reviewed.
    Reviewed,
    /// Merged or split rows.
    Realigned,
    /// Overrode a QA finding.
    Overrode,
    /// Approved the bilingual review.
    Approved,
    /// Signed the article off.
    SignedOff,
}

/// Who wrote a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    /// The AI tool named at submission (revision 0).
    Ai,
    /// A person.
    User(i64),
}

/// One revision of a row's English as the trail records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRecord {
    /// 0 for the AI draft, then 1, 2…
    pub number: i64,
    /// SHA-256 of its text, when the trail records it.
    pub sha256: Option<String>,
    /// Its length in characters, when recorded without a digest.
    pub chars: Option<usize>,
    /// Who wrote it.
    pub author: Author,
    /// The stage it was written in.
    pub stage: Stage,
    /// The event that recorded it.
    pub seq: i64,
}

/// One row of the alignment through its life.
#[derive(Debug, Clone, PartialEq)]
pub struct RowHistory {
    /// Its id.
    pub id: i64,
    /// Its Korean paragraphs (unknown for rows of old trails).
    pub ko: Option<(usize, usize)>,
    /// Whether it is one of the article's rows now.
    pub active: bool,
    /// Its revisions, oldest first.
    pub revisions: Vec<RevisionRecord>,
    /// Whether the trail records every revision (old trails did not record
    /// the rows a merge or split made).
    pub complete: bool,
    /// The revision marked reviewed in the current round, if any.
    pub reviewed: Option<i64>,
    /// The revision the last edition published (set at each sign-off).
    pub published: Option<i64>,
    /// The rows it was made from (merge, split).
    pub from: Vec<i64>,
    /// What a new version of the Korean did to it, while a bilingual
    /// reviewer has not yet reviewed it (changed, added) or confirmed its
    /// removal (removed).
    pub source: Option<Carry>,
}

impl RowHistory {
    /// Its current revision number.
    pub fn current(&self) -> i64 {
        self.revisions.last().map_or(0, |r| r.number)
    }
}

/// A QA finding overridden, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideRecord {
    /// The row.
    pub row: i64,
    /// The finding's key.
    pub key: String,
    /// The reason given.
    pub reason: String,
    /// Who.
    pub by: i64,
}

/// Who took part in a stage of the current round, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Participation(Vec<(i64, Part)>);

impl Participation {
    fn add(&mut self, who: i64, part: Part) {
        if !self.0.contains(&(who, part)) {
            self.0.push((who, part));
        }
    }

    /// The people, each once, in the order first seen.
    pub fn people(&self) -> Vec<i64> {
        let mut people = Vec::new();
        for (who, _) in &self.0 {
            if !people.contains(who) {
                people.push(*who);
            }
        }
        people
    }

    /// Whether `who` took part.
    pub fn includes(&self, who: i64) -> bool {
        self.0.iter().any(|(w, _)| *w == who)
    }

    /// How `who` took part.
    pub fn parts_of(&self, who: i64) -> Vec<Part> {
        self.0
            .iter()
            .filter(|(w, _)| *w == who)
            .map(|(_, p)| *p)
            .collect()
    }
}

/// What the trail says happened to an article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Replay {
    /// The article's id, as the submission recorded it.
    pub article: Option<i64>,
    /// Rows whose English a reviewer removed as the AI's invention, in the
    /// order they went: their AI text is a deletion in the review's figures.
    pub removed_english: Vec<i64>,
    /// The headline.
    pub title: String,
    /// Who submitted it (the reporter whose article it is).
    pub submitted_by: Option<i64>,
    /// The AI tool and model.
    pub ai: (String, String),
    /// The headline's row (the first), when the submission made one (issue
    /// 31): its current English is the article's title. `None` for older
    /// trails, whose title (`title`) was never reviewed.
    pub headline: Option<i64>,
    /// SHA-256 of each Korean paragraph, when recorded.
    pub korean_sha256: Option<Vec<String>>,
    /// How many Korean paragraphs.
    pub korean_paragraphs: usize,
    /// The stage after the last event.
    pub stage: Stage,
    /// The stage after each event, in order.
    pub stages: Vec<Stage>,
    /// Rounds of bilingual review begun (each submission starts one).
    pub rounds: u32,
    /// Who took part in bilingual review in the current round, approving
    /// included.
    pub bilingual: Participation,
    /// Who took part in native edit since the last approval, signing off
    /// included.
    pub native: Participation,
    /// Who approved the current round's bilingual review.
    pub approved_by: Option<i64>,
    /// Who signed off, and when, if the article is signed off now.
    pub signed_off: Option<(i64, String)>,
    /// Every row the article ever had, by id.
    pub rows: BTreeMap<i64, RowHistory>,
    /// The active rows, in order.
    pub order: Vec<i64>,
    /// Overrides recorded, of rows active or not.
    pub overrides: Vec<OverrideRecord>,
    /// Comment threads by their first comment's id (comments recorded
    /// without an id, in old trails, are not threads).
    pub threads: BTreeMap<i64, Thread>,
    /// Times the reporter replaced the Korean and the draft.
    pub resubmissions: u32,
    /// Who is responsible for each stage, and by when.
    pub assignees: BTreeMap<Stage, (i64, Option<String>)>,
    /// The version of the Korean the article has (1 at submission).
    pub source_version: i64,
    /// Every edition published, in order: each sign-off publishes one.
    pub editions: Vec<Edition>,
    /// The correction open now (between `correct` and the sign-off of the
    /// corrected edition).
    pub correcting: Option<Correction>,
    /// Events replayed.
    pub events: usize,
}

/// A correction of a published article, as the trail records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The public note: what was wrong, what it now says.
    pub note: String,
    /// Who opened it.
    pub by: i64,
    /// When, RFC 3339.
    pub at: String,
}

/// One published edition of the article: a sign-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// 1 for the first.
    pub number: usize,
    /// The sign-off's event.
    pub seq: i64,
    /// When it was signed off, RFC 3339.
    pub at: String,
    /// Who signed it off.
    pub by: i64,
    /// The correction it publishes, if it corrects the one before.
    pub correction: Option<Correction>,
    /// The version of the Korean it translates.
    pub source_version: i64,
}

/// A thread of comments as the trail has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// The row it is on now (it follows its row through merges and
    /// splits), or none for the article as a whole.
    pub row: Option<i64>,
    /// Who started it.
    pub author: i64,
    /// Whether it needs an answer: open, it blocks approval and sign-off.
    pub blocking: bool,
    /// Whether it is resolved.
    pub resolved: bool,
    /// The ids of its comments, the first one first.
    pub comments: Vec<i64>,
    /// Who wrote in it, each once, its author first.
    pub people: Vec<i64>,
}

impl Replay {
    /// Open threads that need an answer: approval and sign-off wait for them.
    pub fn open_blocking_threads(&self) -> usize {
        self.threads
            .values()
            .filter(|t| t.blocking && !t.resolved)
            .count()
    }

    /// Moves the threads of rows `from` to row `to` (a merge or a split).
    fn move_threads(&mut self, from: &[i64], to: i64) {
        for thread in self.threads.values_mut() {
            if thread.row.is_some_and(|row| from.contains(&row)) {
                thread.row = Some(to);
            }
        }
    }

    /// Everyone who took part in the current round of bilingual review
    /// (edited, reviewed, re-aligned, overrode a finding or approved): the
    /// people who may not sign off.
    pub fn bilingual_participants(&self) -> Vec<i64> {
        self.bilingual.people()
    }

    /// Active rows a new version of the Korean changed, added or removed
    /// that a bilingual reviewer has not reviewed (or confirmed removed)
    /// since: approval and sign-off wait for them.
    pub fn rows_awaiting_source_review(&self) -> usize {
        self.active_rows().filter(|r| r.source.is_some()).count()
    }

    /// The active rows, in order.
    pub fn active_rows(&self) -> impl Iterator<Item = &RowHistory> {
        self.order.iter().filter_map(|id| self.rows.get(id))
    }

    /// Overrides of the active rows.
    pub fn active_overrides(&self) -> impl Iterator<Item = &OverrideRecord> {
        self.overrides
            .iter()
            .filter(|o| self.rows.get(&o.row).is_some_and(|r| r.active))
    }
}

/// Events that do not make sense in the order given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq}: {reason}")]
pub struct ReplayError {
    /// The first event that does not fit.
    pub seq: i64,
    /// Why.
    pub reason: String,
}

/// One state of an article: its trail replayed, event by event. Built
/// from the stored events, or carried from write to write and moved on by
/// each event a write records ([`ArticleState::apply`]); every rule of
/// the workflow reads its replay (see the `state` module), and the tables
/// are projections of it.
#[derive(Debug, Clone, Default)]
pub struct ArticleState {
    replay: Replay,
    /// A submission (or its replacement) waits for its alignment.
    awaiting_alignment: bool,
    /// That submission's first row is its headline.
    headline_pending: bool,
    /// Rows of an old trail are not recorded by id; they are learned as
    /// events name them.
    legacy_rows: bool,
}

impl ArticleState {
    fn row_mut(&mut self, seq: i64, id: i64) -> Result<&mut RowHistory, ReplayError> {
        if self.legacy_rows && !self.replay.rows.contains_key(&id) {
            self.replay.rows.insert(id, legacy_row(id));
            self.replay.order.push(id);
        }
        match self.replay.rows.get_mut(&id) {
            Some(row) if row.active => Ok(row),
            Some(_) => Err(ReplayError {
                seq,
                reason: format!("row {id} was merged or split away before this event"),
            }),
            None => Err(ReplayError {
                seq,
                reason: format!("row {id} is not a row of this article"),
            }),
        }
    }

    fn add_rows(
        &mut self,
        seq: i64,
        by: Author,
        rows: &[RowRecord],
        from: &[i64],
    ) -> Result<Vec<i64>, ReplayError> {
        let stage = self.replay.stage;
        let mut ids = Vec::new();
        for record in rows {
            let id = record.row.ok_or_else(|| ReplayError {
                seq,
                reason: "a new row has no id".into(),
            })?;
            if self.replay.rows.contains_key(&id) {
                return Err(ReplayError {
                    seq,
                    reason: format!("row {id} already exists"),
                });
            }
            let mut revisions = vec![RevisionRecord {
                number: 0,
                sha256: record.draft_sha256.clone(),
                chars: None,
                author: Author::Ai,
                stage,
                seq,
            }];
            if let Some(edited) = &record.edited_sha256 {
                revisions.push(RevisionRecord {
                    number: 1,
                    sha256: Some(edited.clone()),
                    chars: None,
                    author: by,
                    stage,
                    seq,
                });
            }
            self.replay.rows.insert(
                id,
                RowHistory {
                    id,
                    ko: Some(record.ko),
                    active: true,
                    complete: record.draft_sha256.is_some(),
                    revisions,
                    reviewed: None,
                    published: None,
                    from: from.to_vec(),
                    source: None,
                },
            );
            ids.push(id);
        }
        Ok(ids)
    }
}

fn legacy_row(id: i64) -> RowHistory {
    RowHistory {
        id,
        ko: None,
        active: true,
        revisions: vec![RevisionRecord {
            number: 0,
            sha256: None,
            chars: None,
            author: Author::Ai,
            stage: Stage::Draft,
            seq: 0,
        }],
        complete: false,
        reviewed: None,
        published: None,
        from: Vec::new(),
        source: None,
    }
}

/// Replays an article's decoded events (the caller verified the chain).
pub fn replay(events: &[Recorded]) -> Result<Replay, ReplayError> {
    Ok(ArticleState::of(events)?.into_replay())
}

impl ArticleState {
    /// The state after `events` (the caller verified the chain).
    pub fn of(events: &[Recorded]) -> Result<ArticleState, ReplayError> {
        let mut state = ArticleState::default();
        for event in events {
            state.apply(event)?;
        }
        Ok(state)
    }

    /// The replay: what the trail says of the article now.
    pub fn replay(&self) -> &Replay {
        &self.replay
    }

    /// The stage the trail leaves the article in.
    pub fn stage(&self) -> Stage {
        self.replay.stage
    }

    /// Whether the trail is an old one that does not record its rows by id.
    pub fn legacy_rows(&self) -> bool {
        self.legacy_rows
    }

    /// The replay, kept.
    pub fn into_replay(self) -> Replay {
        self.replay
    }

    /// Moves the state on by the next event of the trail, or says why the
    /// event does not follow (and leaves the state as it was only if the
    /// caller drops it: a write whose event does not apply is refused).
    pub fn apply(&mut self, event: &Recorded) -> Result<(), ReplayError> {
        let place = At {
            seq: event.seq,
            index: self.replay.events,
            person: event.actor.user(),
            stage: self.replay.stage,
            time: &event.at,
        };
        if place.index == 0 && !matches!(event.fact, Fact::Submitted { .. }) {
            return Err(place.error("the first event is not the submission".into()));
        }
        match &event.fact {
            Fact::Submitted {
                article,
                title,
                ai_tool,
                ai_model,
                korean_sha256,
                korean_paragraphs,
                headline,
                ..
            } => self.on_submitted(
                &place,
                article,
                title,
                (ai_tool, ai_model),
                (korean_sha256, *korean_paragraphs),
                headline,
            )?,
            Fact::Aligned { rows } => self.on_aligned(&place, rows)?,
            Fact::RevisionSaved {
                row,
                revision,
                base_revision,
                chars,
                sha256,
                reverted_to,
            } => self.on_revision_saved(
                &place,
                (*row, *revision, *base_revision),
                *chars,
                sha256,
                *reverted_to,
            )?,
            Fact::RowReviewed { row, revision } => self.on_row_reviewed(&place, row, revision)?,
            Fact::ReviewWithdrawn { row, revision } => {
                self.on_review_withdrawn(&place, row, revision)?
            }
            Fact::RowsMerged { merged, into, rows } => {
                self.on_rows_merged(&place, merged, into, rows)?
            }
            Fact::RowSplit {
                split, into, rows, ..
            } => self.on_row_split(&place, split, into, rows)?,
            Fact::Transition {
                action,
                from,
                to,
                note,
                ..
            } => self.on_transition(&place, action, from, to, note)?,
            Fact::QaOverridden { row, key, reason } => {
                self.on_qa_overridden(&place, row, key, reason)?
            }
            Fact::Comment {
                row,
                id,
                reply_to,
                blocking,
                ..
            } => self.on_comment(&place, row, id, reply_to, blocking)?,
            Fact::Assigned {
                stage: for_stage,
                assignee,
                due,
            } => self.on_assigned(&place, for_stage, assignee, due)?,
            Fact::SourceRevised {
                version,
                before_sha256,
                korean_sha256,
                rows,
            } => self.on_source_revised(&place, version, before_sha256, korean_sha256, rows)?,
            Fact::RemovalConfirmed { row } => self.on_removal_confirmed(&place, row)?,
            Fact::EnglishRemoved { row, reason } => {
                self.on_english_removed(&place, *row, reason)?
            }
            Fact::HeadlineAdded { row } => self.on_headline_added(&place, row)?,
            Fact::ThreadResolved { comment, resolved } => {
                self.on_thread_resolved(&place, comment, resolved)?
            }
        }
        let r = &mut self.replay;
        r.stages.push(r.stage);
        r.events += 1;
        Ok(())
    }
}

/// Where the event being applied is: its seq and index in the trail, the
/// person who recorded it (none for the system), the stage before it and
/// its time.
#[derive(Debug, Clone, Copy)]
struct At<'a> {
    seq: i64,
    index: usize,
    person: Option<i64>,
    stage: Stage,
    time: &'a str,
}

impl At<'_> {
    /// Why the event does not follow.
    fn error(&self, reason: String) -> ReplayError {
        ReplayError {
            seq: self.seq,
            reason,
        }
    }

    /// The person who recorded the event, for a fact only a person records.
    fn needs_person(&self) -> Result<i64, ReplayError> {
        self.person
            .ok_or_else(|| self.error("only a person does this".into()))
    }
}

/// Each fact's step, one function a fact: what it changes in the state,
/// or why it does not follow. [`ArticleState::apply`] picks the step and
/// counts the event; replaying a trail is applying its events in order.
impl ArticleState {
    /// [`Fact::Submitted`].
    fn on_submitted(
        &mut self,
        place: &At,
        article: &Option<i64>,
        title: &str,
        (ai_tool, ai_model): (&str, &str),
        (korean_sha256, korean_paragraphs): (&Option<Vec<String>>, usize),
        headline: &bool,
    ) -> Result<(), ReplayError> {
        let index = place.index;
        let stage = place.stage;
        let person = place.person;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        if index != 0 {
            // The reporter replaced the Korean and the draft while
            // the article was in draft: its rows are gone, their
            // threads stay with the article.
            if stage != Stage::Draft || self.legacy_rows {
                return Err(err(format!(
                    "a second submission while the article was in {stage}"
                )));
            }
            needs_person()?;
            for row in self.replay.rows.values_mut() {
                row.active = false;
            }
            self.replay.order.clear();
            for thread in self.replay.threads.values_mut() {
                thread.row = None;
            }
            self.replay.resubmissions += 1;
        }
        self.awaiting_alignment = true;
        self.headline_pending = *headline;
        let r = &mut self.replay;
        r.headline = None;
        r.article = *article;
        if index == 0 {
            r.submitted_by = person;
        }
        r.title = title.to_string();
        r.ai = (ai_tool.to_string(), ai_model.to_string());
        r.korean_sha256 = korean_sha256.clone();
        r.korean_paragraphs = korean_paragraphs;
        r.source_version = 1;
        Ok(())
    }

    /// [`Fact::Aligned`].
    fn on_aligned(&mut self, place: &At, rows: &[RowRecord]) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        if !self.awaiting_alignment || self.legacy_rows {
            return Err(err("the article was aligned twice".into()));
        }
        self.awaiting_alignment = false;
        if rows.iter().any(|r| r.row.is_none()) {
            self.legacy_rows = true;
        } else {
            let ids = self.add_rows(seq, Author::Ai, rows, &[])?;
            if self.headline_pending {
                let first = rows
                    .first()
                    .ok_or_else(|| err("a submission with a headline aligned no row".into()))?;
                if first.ko.0 != 0 || first.ko.1 > 1 {
                    return Err(err(format!(
                        "the headline row holds Korean paragraphs {:?}, not the headline's",
                        first.ko
                    )));
                }
                self.replay.headline = ids.first().copied();
            }
            self.replay.order = ids;
        }
        Ok(())
    }

    /// [`Fact::RevisionSaved`].
    fn on_revision_saved(
        &mut self,
        place: &At,
        (row, revision, base_revision): (i64, i64, i64),
        chars: usize,
        sha256: &Option<String>,
        reverted_to: Option<i64>,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let stage = place.stage;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        let history = self.row_mut(seq, row)?;
        let current = history.current();
        if base_revision != current || revision != current + 1 {
            if history.complete || revision <= current {
                return Err(err(format!(
                    "revision {revision} of row {row} does not follow its revision {current}"
                )));
            }
            // An old trail's row whose earlier revisions were not
            // recorded: those stay unknown.
            history.complete = false;
        }
        if history.source == Some(Carry::Removed) {
            return Err(err(format!(
                "row {row}'s Korean was removed: its English is confirmed gone, not edited"
            )));
        }
        if let Some(to) = reverted_to {
            // A revert brings back an earlier revision the trail holds, with
            // its text (by digest where both have one).
            let earlier = history
                .revisions
                .iter()
                .find(|r| r.number == to && to < current)
                .ok_or_else(|| {
                    err(format!(
                        "revision {revision} of row {row} reverts to revision {to}, which is not an earlier one"
                    ))
                })?;
            if let (Some(then), Some(now)) = (&earlier.sha256, sha256)
                && then != now
            {
                return Err(err(format!(
                    "revision {revision} of row {row} is not the text of revision {to} it reverts to"
                )));
            }
        }
        let marked = history.source.is_some();
        history.revisions.push(RevisionRecord {
            number: revision,
            sha256: sha256.clone(),
            chars: Some(chars),
            author: Author::User(who),
            stage,
            seq,
        });
        take_part_in(&mut self.replay, who, Part::Edited, marked);
        Ok(())
    }

    /// [`Fact::RowReviewed`].
    fn on_row_reviewed(
        &mut self,
        place: &At,
        row: &i64,
        revision: &i64,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        let history = self.row_mut(seq, *row)?;
        if history.complete && *revision != history.current() {
            return Err(err(format!(
                "row {row} was marked reviewed at revision {revision}, not its current {}",
                history.current()
            )));
        }
        if history.source == Some(Carry::Removed) {
            return Err(err(format!(
                "row {row}'s Korean was removed: its removal is confirmed, not reviewed"
            )));
        }
        let marked = history.source.take().is_some();
        history.reviewed = Some(*revision);
        take_part_in(&mut self.replay, who, Part::Reviewed, marked);
        Ok(())
    }

    /// [`Fact::ReviewWithdrawn`].
    fn on_review_withdrawn(
        &mut self,
        place: &At,
        row: &i64,
        revision: &i64,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        let history = self.row_mut(seq, *row)?;
        if history.reviewed != Some(*revision) {
            return Err(err(format!(
                "row {row}'s review at revision {revision} was withdrawn, but it was not marked reviewed there"
            )));
        }
        history.reviewed = None;
        take_part(&mut self.replay, who, Part::Reviewed);
        Ok(())
    }

    /// [`Fact::RowsMerged`].
    fn on_rows_merged(
        &mut self,
        place: &At,
        merged: &[i64; 2],
        into: &i64,
        rows: &Option<Vec<RowRecord>>,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        for id in merged {
            self.row_mut(seq, *id)?;
        }
        if merged.iter().any(|id| self.replay.headline == Some(*id)) {
            return Err(err("the headline row is never merged".into()));
        }
        let order = &self.replay.order;
        let at = order.iter().position(|id| *id == merged[0]);
        if at.is_none_or(|at| order.get(at + 1) != Some(&merged[1])) {
            return Err(err(format!(
                "rows {} and {} are not neighbours",
                merged[0], merged[1]
            )));
        }
        let at = at.unwrap_or_default();
        let new = match rows {
            Some(rows) => {
                if rows.len() != 1 || rows[0].row != Some(*into) {
                    return Err(err("a merge records the one row it makes".into()));
                }
                self.add_rows(seq, Author::User(who), rows, merged)?
            }
            None => {
                let mut row = legacy_row(*into);
                row.from = merged.to_vec();
                self.replay.rows.insert(*into, row);
                vec![*into]
            }
        };
        let marked = merged
            .iter()
            .any(|id| self.replay.rows.get(id).is_some_and(|r| r.source.is_some()));
        for id in merged {
            if let Some(row) = self.replay.rows.get_mut(id) {
                row.active = false;
            }
        }
        if marked && let Some(row) = self.replay.rows.get_mut(into) {
            // What the Korean change asked of either row, the merged
            // row asks: a review.
            row.source = Some(Carry::Changed);
        }
        self.replay.order.splice(at..at + 2, new);
        self.replay.move_threads(merged, *into);
        take_part(&mut self.replay, who, Part::Realigned);
        Ok(())
    }

    /// [`Fact::RowSplit`].
    fn on_row_split(
        &mut self,
        place: &At,
        split: &i64,
        into: &[i64; 2],
        rows: &Option<Vec<RowRecord>>,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        self.row_mut(seq, *split)?;
        if self.replay.headline == Some(*split) {
            return Err(err("the headline row is never split".into()));
        }
        let at = self
            .replay
            .order
            .iter()
            .position(|id| id == split)
            .unwrap_or_default();
        let new = match rows {
            Some(rows) => {
                let ids: Vec<Option<i64>> = rows.iter().map(|r| r.row).collect();
                if ids != [Some(into[0]), Some(into[1])] {
                    return Err(err("a split records the two rows it makes".into()));
                }
                self.add_rows(seq, Author::User(who), rows, &[*split])?
            }
            None => {
                for id in into {
                    let mut row = legacy_row(*id);
                    row.from = vec![*split];
                    self.replay.rows.insert(*id, row);
                }
                into.to_vec()
            }
        };
        let mark = self.replay.rows.get(split).and_then(|r| r.source);
        if let Some(row) = self.replay.rows.get_mut(split) {
            row.active = false;
        }
        for id in into {
            if let Some(row) = self.replay.rows.get_mut(id) {
                row.source = mark;
            }
        }
        self.replay.order.splice(at..=at, new);
        // A split row's threads stay with its first half.
        self.replay.move_threads(&[*split], into[0]);
        take_part(&mut self.replay, who, Part::Realigned);
        Ok(())
    }

    /// [`Fact::Transition`].
    fn on_transition(
        &mut self,
        place: &At,
        action: &Action,
        from: &Stage,
        to: &Stage,
        note: &Option<String>,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let stage = place.stage;
        let time = place.time;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        if *from != stage {
            return Err(err(format!(
                "a transition from {from} while the article was in {stage}"
            )));
        }
        if target(*action, stage) != Some(*to) {
            return Err(err(format!(
                "'{action}' does not lead from {stage} to {to}"
            )));
        }
        let r = &mut self.replay;
        match action {
            Action::Submit => {
                r.rounds += 1;
                r.bilingual = Participation::default();
                r.native = Participation::default();
                r.approved_by = None;
                for row in r.rows.values_mut() {
                    row.reviewed = None;
                }
            }
            Action::Approve => {
                r.bilingual.add(who, Part::Approved);
                r.approved_by = Some(who);
                r.native = Participation::default();
            }
            Action::SignOff => {
                r.native.add(who, Part::SignedOff);
                r.signed_off = Some((who, time.to_string()));
                let number = r.editions.len() + 1;
                r.editions.push(Edition {
                    number,
                    seq,
                    at: time.to_string(),
                    by: who,
                    correction: r.correcting.take(),
                    source_version: r.source_version,
                });
                for id in &r.order {
                    if let Some(row) = r.rows.get_mut(id) {
                        row.published = Some(row.current());
                    }
                }
            }
            Action::Return => {
                if stage == Stage::NativeEdit {
                    r.approved_by = None;
                }
            }
            Action::Reopen => r.signed_off = None,
            Action::Correct => {
                // The round goes on: who reviewed the published
                // edition still may not sign off the corrected one.
                r.signed_off = None;
                r.approved_by = None;
                r.correcting = Some(Correction {
                    note: note.clone().unwrap_or_default(),
                    by: who,
                    at: time.to_string(),
                });
            }
        }
        r.stage = *to;
        Ok(())
    }

    /// [`Fact::QaOverridden`].
    fn on_qa_overridden(
        &mut self,
        place: &At,
        row: &i64,
        key: &str,
        reason: &str,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        self.row_mut(seq, *row)?;
        self.replay.overrides.push(OverrideRecord {
            row: *row,
            key: key.to_string(),
            reason: reason.to_string(),
            by: who,
        });
        take_part(&mut self.replay, who, Part::Overrode);
        Ok(())
    }

    /// [`Fact::Comment`].
    fn on_comment(
        &mut self,
        place: &At,
        row: &Option<i64>,
        id: &Option<i64>,
        reply_to: &Option<i64>,
        blocking: &bool,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        if let Some(row) = row {
            self.row_mut(seq, *row)?;
        }
        match (id, reply_to) {
            (Some(id), None) => {
                if self.replay.threads.contains_key(id) {
                    return Err(err(format!("comment {id} is recorded twice")));
                }
                self.replay.threads.insert(
                    *id,
                    Thread {
                        row: *row,
                        author: who,
                        blocking: *blocking,
                        resolved: false,
                        comments: vec![*id],
                        people: vec![who],
                    },
                );
            }
            (Some(id), Some(to)) => {
                let thread = self.replay.threads.get_mut(to).ok_or_else(|| {
                    err(format!(
                        "comment {id} replies to {to}, which starts no thread"
                    ))
                })?;
                if *blocking || thread.row != *row {
                    return Err(err(format!(
                        "reply {id} does not match its thread {to} (row, or blocking)"
                    )));
                }
                thread.comments.push(*id);
                if !thread.people.contains(&who) {
                    thread.people.push(who);
                }
            }
            (None, Some(_)) => return Err(err("a reply without an id".into())),
            (None, None) => {}
        }
        Ok(())
    }

    /// [`Fact::Assigned`].
    fn on_assigned(
        &mut self,
        place: &At,
        for_stage: &Stage,
        assignee: &Option<i64>,
        due: &Option<String>,
    ) -> Result<(), ReplayError> {
        let needs_person = || place.needs_person();
        needs_person()?;
        match assignee {
            Some(who) => {
                self.replay
                    .assignees
                    .insert(*for_stage, (*who, due.clone()));
            }
            None => {
                self.replay.assignees.remove(for_stage);
            }
        }
        Ok(())
    }

    /// [`Fact::SourceRevised`].
    fn on_source_revised(
        &mut self,
        place: &At,
        version: &i64,
        before_sha256: &[String],
        korean_sha256: &[String],
        rows: &[RevisedRow],
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let stage = place.stage;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        needs_person()?;
        if self.awaiting_alignment || self.legacy_rows {
            return Err(err(
                "a new version of the Korean before the trail recorded the article's rows".into(),
            ));
        }
        if stage == Stage::SignedOff {
            return Err(err(
                "a new version of the Korean of a signed-off article".into()
            ));
        }
        let r = &self.replay;
        if *version != r.source_version + 1 {
            return Err(err(format!(
                "version {version} of the Korean does not follow version {}",
                r.source_version
            )));
        }
        if r.korean_sha256.as_ref().is_some_and(|k| k != before_sha256) {
            return Err(err(
                "the version it replaced is not the Korean the article had".into(),
            ));
        }
        let mut kept: Vec<i64> = rows
            .iter()
            .filter(|row| row.carry != Carry::Added)
            .map(|row| row.row)
            .collect();
        kept.sort_unstable();
        let mut active = r.order.clone();
        active.sort_unstable();
        if kept != active {
            return Err(err(
                "a new version of the Korean must account for every row of the article once".into(),
            ));
        }
        let mut next = 0;
        for row in rows {
            if row.ko.0 != next {
                return Err(err(format!(
                    "row {}'s Korean does not follow the row before it",
                    row.row
                )));
            }
            next = row.ko.1;
        }
        if next != korean_sha256.len() {
            return Err(err("the rows do not cover the new Korean".into()));
        }
        for row in rows {
            if row.carry == Carry::Added {
                let record = RowRecord {
                    row: Some(row.row),
                    ko: row.ko,
                    confidence: 1.0,
                    flags: Vec::new(),
                    draft_sha256: row.draft_sha256.clone(),
                    edited_sha256: None,
                };
                self.add_rows(seq, Author::Ai, &[record], &[])?;
            }
            let history = self
                .replay
                .rows
                .get_mut(&row.row)
                .ok_or_else(|| err(format!("row {} is not a row of this article", row.row)))?;
            history.ko = Some(row.ko);
            if row.carry != Carry::Unchanged {
                history.source = Some(row.carry);
                history.reviewed = None;
            }
        }
        let r = &mut self.replay;
        r.order = rows.iter().map(|row| row.row).collect();
        r.korean_sha256 = Some(korean_sha256.to_vec());
        r.korean_paragraphs = korean_sha256.len();
        r.source_version = *version;
        Ok(())
    }

    /// [`Fact::RemovalConfirmed`].
    fn on_removal_confirmed(&mut self, place: &At, row: &i64) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        let who = needs_person()?;
        let history = self.row_mut(seq, *row)?;
        if history.source != Some(Carry::Removed) {
            return Err(err(format!(
                "row {row}'s Korean was not removed, so its removal cannot be confirmed"
            )));
        }
        history.source = None;
        history.active = false;
        let r = &mut self.replay;
        r.order.retain(|id| id != row);
        for thread in r.threads.values_mut() {
            if thread.row == Some(*row) {
                thread.row = None;
            }
        }
        take_part_in(r, who, Part::Reviewed, true);
        Ok(())
    }

    /// [`Fact::EnglishRemoved`]: a row with no Korean leaves the article.
    fn on_english_removed(
        &mut self,
        place: &At,
        row: i64,
        reason: &str,
    ) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let who = place.needs_person()?;
        if reason.trim().is_empty() {
            return Err(err(format!(
                "row {row}'s English was removed without a reason"
            )));
        }
        if self.replay.headline == Some(row) {
            return Err(err(format!(
                "row {row} is the headline: it is never removed"
            )));
        }
        let history = self.row_mut(seq, row)?;
        if !matches!(history.ko, Some((start, end)) if start == end) {
            return Err(err(format!(
                "row {row} has Korean: only English with no Korean is removed whole"
            )));
        }
        let marked = history.source.is_some();
        history.source = None;
        history.active = false;
        let r = &mut self.replay;
        r.removed_english.push(row);
        r.order.retain(|id| *id != row);
        for thread in r.threads.values_mut() {
            if thread.row == Some(row) {
                thread.row = None;
            }
        }
        take_part_in(r, who, Part::Edited, marked);
        Ok(())
    }

    /// [`Fact::HeadlineAdded`].
    fn on_headline_added(&mut self, place: &At, row: &RowRecord) -> Result<(), ReplayError> {
        let seq = place.seq;
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        needs_person()?;
        if self.replay.correcting.is_none() {
            return Err(err("a headline row was added outside a correction".into()));
        }
        if self.replay.headline.is_some() || self.legacy_rows {
            return Err(err(
            "a headline row was added to an article that has one, or whose rows the trail does not record".into(),
        ));
        }
        if row.ko != (0, 0) {
            return Err(err(format!(
                "the added headline row holds Korean paragraphs {:?}",
                row.ko
            )));
        }
        let ids = self.add_rows(seq, Author::Ai, std::slice::from_ref(row), &[])?;
        let r = &mut self.replay;
        r.headline = ids.first().copied();
        r.order.splice(0..0, ids);
        Ok(())
    }

    /// [`Fact::ThreadResolved`].
    fn on_thread_resolved(
        &mut self,
        place: &At,
        comment: &i64,
        resolved: &bool,
    ) -> Result<(), ReplayError> {
        let err = |reason: String| place.error(reason);
        let needs_person = || place.needs_person();
        needs_person()?;
        let thread = self
            .replay
            .threads
            .get_mut(comment)
            .ok_or_else(|| err(format!("comment {comment} starts no thread")))?;
        if thread.resolved == *resolved {
            return Err(err(format!(
                "thread {comment} is already {}",
                if *resolved { "resolved" } else { "open" }
            )));
        }
        thread.resolved = *resolved;
        Ok(())
    }
}

/// Records that `who` took part; work on a row a new version of the
/// Korean marked (`marked`) is bilingual review whatever the stage, since
/// a native editor's stage sends such rows back to a bilingual reviewer.
fn take_part_in(replay: &mut Replay, who: i64, part: Part, marked: bool) {
    if marked && replay.stage == Stage::NativeEdit {
        replay.bilingual.add(who, part);
    } else {
        take_part(replay, who, part);
    }
}

/// Records that `who` took part in the stage the article is in.
fn take_part(replay: &mut Replay, who: i64, part: Part) {
    match replay.stage {
        Stage::BilingualReview => replay.bilingual.add(who, part),
        Stage::NativeEdit => replay.native.add(who, part),
        Stage::Draft | Stage::SignedOff => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An event as recorded, at a time derived from its seq.
    fn recorded(seq: i64, actor: crate::events::Actor, fact: Fact) -> Recorded {
        Recorded {
            seq,
            at: format!("2026-12-02T00:00:{seq:02}Z"),
            actor,
            fact,
        }
    }

    pub(crate) const REPORTER: i64 = 1;
    pub(crate) const REVIEWER: i64 = 2;
    pub(crate) const EDITOR: i64 = 3;

    /// Builds a trail fact by fact, numbering the events.
    #[derive(Default, Clone)]
    pub(crate) struct Trail(pub Vec<Recorded>);

    impl Trail {
        pub(crate) fn new(rows: &[i64]) -> Trail {
            let mut trail = Trail::default();
            trail.push(
                REPORTER,
                Fact::Submitted {
                    article: Some(1),
                    title: "t".into(),
                    ai_tool: "ai".into(),
                    ai_model: "m".into(),
                    korean_sha256: Some(rows.iter().map(|r| format!("ko{r}")).collect()),
                    korean_paragraphs: rows.len(),
                    rows: rows.len(),
                    headline: false,
                },
            );
            let rows = rows
                .iter()
                .enumerate()
                .map(|(i, id)| RowRecord {
                    row: Some(*id),
                    ko: (i, i + 1),
                    confidence: 1.0,
                    flags: vec![],
                    draft_sha256: Some(format!("d{id}")),
                    edited_sha256: None,
                })
                .collect();
            trail.0.push(recorded(
                2,
                crate::events::Actor::System,
                Fact::Aligned { rows },
            ));
            trail
        }

        pub(crate) fn push(&mut self, who: i64, fact: Fact) -> &mut Trail {
            let seq = self.0.len() as i64 + 1;
            self.0
                .push(recorded(seq, crate::events::Actor::User(who), fact));
            self
        }

        pub(crate) fn go(&mut self, who: i64, action: Action) -> &mut Trail {
            let from = replay(&self.0).unwrap().stage;
            let to = target(action, from).expect("an allowed action");
            self.push(
                who,
                Fact::Transition {
                    action,
                    from,
                    to,
                    note: None,
                    version: None,
                },
            )
        }

        pub(crate) fn edit(&mut self, who: i64, row: i64) -> &mut Trail {
            let current = replay(&self.0).unwrap().rows[&row].current();
            self.push(
                who,
                Fact::RevisionSaved {
                    row,
                    revision: current + 1,
                    base_revision: current,
                    chars: 1,
                    sha256: Some(format!("r{row}.{}", current + 1)),
                    reverted_to: None,
                },
            )
        }

        pub(crate) fn review(&mut self, who: i64, row: i64) -> &mut Trail {
            let revision = replay(&self.0).unwrap().rows[&row].current();
            self.push(who, Fact::RowReviewed { row, revision })
        }

        pub(crate) fn replay(&self) -> Replay {
            replay(&self.0).unwrap()
        }
    }

    fn comment(row: i64, id: i64, reply_to: Option<i64>, blocking: bool) -> Fact {
        Fact::Comment {
            row: Some(row),
            text: "?".into(),
            id: Some(id),
            reply_to,
            blocking,
        }
    }

    #[test]
    fn threads_follow_their_rows_and_block_until_resolved() {
        let mut t = Trail::new(&[10, 11, 12]);
        t.go(REPORTER, Action::Submit)
            .push(REVIEWER, comment(11, 100, None, true))
            .push(EDITOR, comment(11, 101, Some(100), false))
            .push(REVIEWER, comment(12, 102, None, false));
        assert_eq!(t.replay().open_blocking_threads(), 1);
        // Rows 10 and 11 merge into 13: the question goes with them.
        t.push(
            REVIEWER,
            Fact::RowsMerged {
                merged: [10, 11],
                into: 13,
                rows: None,
            },
        );
        // Row 12 splits into 14 and 15: its thread stays with the first half.
        t.push(
            REVIEWER,
            Fact::RowSplit {
                split: 12,
                into: [14, 15],
                ko_at: 1,
                en_at: 1,
                rows: None,
            },
        );
        let r = t.replay();
        assert_eq!(r.threads[&100].row, Some(13));
        assert_eq!(r.threads[&100].comments, [100, 101]);
        assert_eq!(r.threads[&102].row, Some(14));
        t.push(
            EDITOR,
            Fact::ThreadResolved {
                comment: 100,
                resolved: true,
            },
        );
        assert_eq!(t.replay().open_blocking_threads(), 0);
        // Resolving twice, or replying to a thread that does not exist, is
        // not a trail the store writes.
        let mut twice = Trail(t.0.clone());
        twice.push(
            EDITOR,
            Fact::ThreadResolved {
                comment: 100,
                resolved: true,
            },
        );
        assert!(replay(&twice.0).is_err());
        let mut stray = Trail(t.0.clone());
        stray.push(EDITOR, comment(13, 103, Some(99), false));
        assert!(replay(&stray.0).is_err());
    }

    #[test]
    fn a_walk_through_the_stages_names_who_took_part_and_how() {
        let mut t = Trail::new(&[10, 11]);
        t.go(REPORTER, Action::Submit)
            .edit(REVIEWER, 10)
            .review(REVIEWER, 10)
            .review(REVIEWER, 11)
            .go(REVIEWER, Action::Approve)
            .edit(EDITOR, 11)
            .go(EDITOR, Action::SignOff);
        let r = t.replay();
        assert_eq!(r.stage, Stage::SignedOff);
        assert_eq!(
            r.bilingual.parts_of(REVIEWER),
            [Part::Edited, Part::Reviewed, Part::Approved]
        );
        assert_eq!(r.native.parts_of(EDITOR), [Part::Edited, Part::SignedOff]);
        assert_eq!(r.bilingual_participants(), [REVIEWER]);
        assert_eq!(r.signed_off.as_ref().map(|s| s.0), Some(EDITOR));
        assert_eq!(
            r.stages,
            [
                Stage::Draft,
                Stage::Draft,
                Stage::BilingualReview,
                Stage::BilingualReview,
                Stage::BilingualReview,
                Stage::BilingualReview,
                Stage::NativeEdit,
                Stage::NativeEdit,
                Stage::SignedOff
            ]
        );
        let row = &r.rows[&10];
        assert_eq!(row.revisions.len(), 2);
        assert_eq!(row.revisions[1].author, Author::User(REVIEWER));
        assert_eq!(row.revisions[1].sha256.as_deref(), Some("r10.1"));
    }

    #[test]
    fn an_approver_and_an_overrider_take_part() {
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit).push(
            9,
            Fact::QaOverridden {
                row: 10,
                key: "numbers:ko:n3".into(),
                reason: "fine".into(),
            },
        );
        t.review(REVIEWER, 10).go(8, Action::Approve);
        let r = t.replay();
        assert_eq!(r.bilingual_participants(), [9, REVIEWER, 8]);
        assert_eq!(r.bilingual.parts_of(9), [Part::Overrode]);
        assert_eq!(r.approved_by, Some(8));
    }

    #[test]
    fn a_resubmission_starts_a_new_round() {
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit)
            .review(9, 10)
            .push(
                9,
                Fact::Transition {
                    action: Action::Return,
                    from: Stage::BilingualReview,
                    to: Stage::Draft,
                    note: Some("redo".into()),
                    version: None,
                },
            )
            .go(REPORTER, Action::Submit)
            .review(REVIEWER, 10);
        let r = t.replay();
        assert_eq!(r.rounds, 2);
        assert_eq!(r.bilingual_participants(), [REVIEWER]);
        // A return from native edit keeps the round (and who was in it).
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit)
            .review(9, 10)
            .go(REVIEWER, Action::Approve)
            .push(
                EDITOR,
                Fact::Transition {
                    action: Action::Return,
                    from: Stage::NativeEdit,
                    to: Stage::BilingualReview,
                    note: Some("row 1".into()),
                    version: None,
                },
            );
        assert_eq!(t.replay().bilingual_participants(), [9, REVIEWER]);
        assert_eq!(t.replay().approved_by, None);
    }

    #[test]
    fn lineage_follows_merges_and_splits() {
        let mut t = Trail::new(&[10, 11, 12]);
        t.go(REPORTER, Action::Submit).edit(REVIEWER, 10);
        let row = |id: i64, ko: (usize, usize), edited: bool| RowRecord {
            row: Some(id),
            ko,
            confidence: 1.0,
            flags: vec![],
            draft_sha256: Some(format!("d{id}")),
            edited_sha256: edited.then(|| format!("e{id}")),
        };
        t.push(
            REVIEWER,
            Fact::RowsMerged {
                merged: [10, 11],
                into: 13,
                rows: Some(vec![row(13, (0, 2), true)]),
            },
        );
        t.push(
            REVIEWER,
            Fact::RowSplit {
                split: 13,
                into: [14, 15],
                ko_at: 1,
                en_at: 1,
                rows: Some(vec![row(14, (0, 1), true), row(15, (1, 2), false)]),
            },
        );
        let r = t.replay();
        assert_eq!(r.order, [14, 15, 12]);
        assert!(!r.rows[&10].active && !r.rows[&13].active);
        assert_eq!(r.rows[&13].from, [10, 11]);
        assert_eq!(r.rows[&14].from, [13]);
        assert_eq!(r.rows[&14].current(), 1);
        assert_eq!(r.rows[&14].revisions[1].author, Author::User(REVIEWER));
        assert_eq!(r.rows[&15].current(), 0);
        // The rows merged away take no more edits.
        let mut bad = Trail(t.0.clone());
        bad.push(
            REVIEWER,
            Fact::RowReviewed {
                row: 10,
                revision: 1,
            },
        );
        assert!(
            replay(&bad.0)
                .unwrap_err()
                .reason
                .contains("merged or split away")
        );
    }

    /// A revert names an earlier revision and brings back its text: one
    /// that names a later revision, or carries another text, does not replay.
    #[test]
    fn a_revert_is_to_an_earlier_text() {
        let saved = |revision: i64, sha: &str, reverted_to: Option<i64>| Fact::RevisionSaved {
            row: 10,
            revision,
            base_revision: revision - 1,
            chars: 1,
            sha256: Some(sha.into()),
            reverted_to,
        };
        let go = |reverted_to: Option<i64>, sha: &str| {
            let mut t = Trail::new(&[10]);
            t.go(REPORTER, Action::Submit);
            t.push(REVIEWER, saved(1, "one", None));
            t.push(REVIEWER, saved(2, sha, reverted_to));
            replay(&t.0)
        };
        assert!(go(Some(0), "d10").is_ok(), "back to the AI draft");
        assert!(go(None, "d10").is_ok(), "the same text, typed: an edit");
        assert!(go(Some(0), "other").is_err(), "not the draft's text");
        assert!(go(Some(1), "one").is_err(), "not an earlier revision");
        assert!(go(Some(5), "d10").is_err(), "no such revision");
    }

    #[test]
    fn events_out_of_order_do_not_replay() {
        // A sign-off straight from draft.
        let mut t = Trail::new(&[10]);
        t.push(
            EDITOR,
            Fact::Transition {
                action: Action::SignOff,
                from: Stage::NativeEdit,
                to: Stage::SignedOff,
                note: None,
                version: None,
            },
        );
        assert!(replay(&t.0).is_err());
        // A revision that skips one.
        let mut t = Trail::new(&[10]);
        t.push(
            REVIEWER,
            Fact::RevisionSaved {
                row: 10,
                revision: 3,
                base_revision: 2,
                chars: 1,
                sha256: None,
                reverted_to: None,
            },
        );
        assert!(replay(&t.0).is_err());
        // A row the article never had.
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit).review(REVIEWER, 10);
        t.0[3].fact = Fact::RowReviewed {
            row: 99,
            revision: 0,
        };
        assert!(replay(&t.0).is_err());
    }

    /// A new version of the Korean of rows 10, 11, 12: 10 unchanged, 11
    /// changed, 12 removed, and a row 13 added.
    pub(crate) fn revised(version: i64) -> Fact {
        use crate::events::RevisedRow;
        let row = |row, ko, carry, draft: Option<&str>| RevisedRow {
            row,
            ko,
            carry,
            draft_sha256: draft.map(str::to_string),
        };
        Fact::SourceRevised {
            version,
            before_sha256: vec!["ko10".into(), "ko11".into(), "ko12".into()],
            korean_sha256: vec!["ko10".into(), "ko11b".into(), "ko13".into()],
            rows: vec![
                row(10, (0, 1), Carry::Unchanged, None),
                row(11, (1, 2), Carry::Changed, None),
                row(12, (2, 2), Carry::Removed, None),
                row(13, (2, 3), Carry::Added, Some("d13")),
            ],
        }
    }

    #[test]
    fn a_new_korean_version_marks_its_rows_and_keeps_the_work_of_the_rest() {
        let mut t = Trail::new(&[10, 11, 12]);
        t.go(REPORTER, Action::Submit)
            .edit(REVIEWER, 10)
            .review(REVIEWER, 10)
            .edit(REVIEWER, 11)
            .review(REVIEWER, 11)
            .push(REPORTER, revised(2));
        let r = t.replay();
        assert_eq!(r.source_version, 2);
        assert_eq!(r.order, [10, 11, 12, 13]);
        assert_eq!(r.korean_paragraphs, 3);
        let marks: Vec<Option<Carry>> = r.active_rows().map(|row| row.source).collect();
        assert_eq!(
            marks,
            [
                None,
                Some(Carry::Changed),
                Some(Carry::Removed),
                Some(Carry::Added)
            ]
        );
        // The unchanged row keeps its edit and its review; the changed row
        // keeps its English (revision 1) and needs review again.
        assert_eq!((r.rows[&10].current(), r.rows[&10].reviewed), (1, Some(1)));
        assert_eq!((r.rows[&11].current(), r.rows[&11].reviewed), (1, None));
        assert_eq!(r.rows[&13].revisions[0].sha256.as_deref(), Some("d13"));
        assert_eq!(r.rows_awaiting_source_review(), 3);
        // Reviewing clears the marks; a removal is confirmed, not reviewed.
        t.review(REVIEWER, 11).review(REVIEWER, 13);
        let mut bad = t.clone();
        bad.push(
            REVIEWER,
            Fact::RowReviewed {
                row: 12,
                revision: 0,
            },
        );
        assert!(replay(&bad.0).is_err());
        t.push(REVIEWER, Fact::RemovalConfirmed { row: 12 });
        let r = t.replay();
        assert_eq!(r.rows_awaiting_source_review(), 0);
        assert_eq!(r.order, [10, 11, 13]);
        assert!(!r.rows[&12].active);
        // Only a removed row's removal can be confirmed.
        let mut bad = t.clone();
        bad.push(REVIEWER, Fact::RemovalConfirmed { row: 10 });
        assert!(replay(&bad.0).is_err());
    }

    #[test]
    fn a_new_korean_version_must_follow_and_account_for_every_row() {
        let mut t = Trail::new(&[10, 11, 12]);
        t.go(REPORTER, Action::Submit);
        // Version 3 after version 1.
        let mut bad = t.clone();
        bad.push(REPORTER, revised(3));
        assert!(replay(&bad.0).is_err());
        // A row left out.
        let mut bad = t.clone();
        let Fact::SourceRevised { mut rows, .. } = revised(2) else {
            unreachable!()
        };
        rows.remove(2);
        bad.push(
            REPORTER,
            Fact::SourceRevised {
                version: 2,
                before_sha256: vec!["ko10".into(), "ko11".into(), "ko12".into()],
                korean_sha256: vec!["ko10".into(), "ko11b".into(), "ko13".into()],
                rows,
            },
        );
        assert!(replay(&bad.0).is_err());
        // Replacing a Korean the article did not have.
        let mut bad = t.clone();
        let Fact::SourceRevised {
            rows,
            korean_sha256,
            ..
        } = revised(2)
        else {
            unreachable!()
        };
        bad.push(
            REPORTER,
            Fact::SourceRevised {
                version: 2,
                before_sha256: vec!["x".into(), "ko11".into(), "ko12".into()],
                korean_sha256,
                rows,
            },
        );
        assert!(replay(&bad.0).is_err());
    }
}
