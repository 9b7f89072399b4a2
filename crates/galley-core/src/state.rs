//! The rules, asked of one state of an article: its trail replayed
//! ([`Replay`], kept between writes as an `ArticleState`). Whoever judges a change (the store in the write's
//! transaction, the review page deciding what to offer) asks these, so a
//! rule reads the stage, the rows, their marks, the headline and who took
//! part from the trail itself, never from a table beside it.

use std::collections::HashMap;

use crate::events::Recorded;
use crate::replay::{ArticleState, Replay, ReplayError, RowHistory};
use crate::source::Carry;
use crate::workflow::{
    self, Action, Change, Refusal, Role, Roles, RowReview, Rule, Stage, TransitionRequest, Why,
};

/// A row as the tables keep it, as the trail decides it: whether it is one
/// of the article's rows, where it stands among them, its Korean, its
/// current revision and its marks. (Its texts are kept beside, by digest.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProjection {
    /// The row.
    pub id: i64,
    /// Whether it is one of the article's rows now.
    pub active: bool,
    /// Its place among the active rows, from 0 (none once inactive).
    pub position: Option<usize>,
    /// Its Korean paragraphs (unknown for rows of old trails).
    pub ko: Option<(usize, usize)>,
    /// Its current revision.
    pub current_revision: i64,
    /// The revision marked reviewed in the current round.
    pub reviewed_revision: Option<i64>,
    /// What a new Korean did to it, while that waits for a reviewer.
    pub source: Option<Carry>,
}

/// The article's columns the trail decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleProjection {
    /// Its stage.
    pub stage: Stage,
    /// The version of its Korean.
    pub source_version: i64,
    /// Whether its first row is the headline.
    pub headline: bool,
}

/// What one event changes in the tables: each row whose projection moved,
/// and the article's, if it moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The rows, as they are now.
    pub rows: Vec<RowProjection>,
    /// The article, as it is now.
    pub article: Option<ArticleProjection>,
}

impl Replay {
    /// Every row the article ever had, as the tables keep it.
    pub fn row_projections(&self) -> impl Iterator<Item = RowProjection> + '_ {
        let places: HashMap<i64, usize> = self
            .order
            .iter()
            .enumerate()
            .map(|(at, id)| (*id, at))
            .collect();
        self.rows.values().map(move |row| RowProjection {
            id: row.id,
            active: row.active,
            position: places.get(&row.id).copied(),
            ko: row.ko,
            current_revision: row.current(),
            reviewed_revision: row.reviewed,
            source: row.source,
        })
    }

    /// The article's columns, as the trail decides them.
    pub fn article_projection(&self) -> ArticleProjection {
        ArticleProjection {
            stage: self.stage,
            source_version: self.source_version,
            headline: self.headline.is_some(),
        }
    }
}

impl ArticleState {
    /// Moves the state on by `event` ([`ArticleState::apply`]) and answers
    /// what it changes in the tables: the one place a fact becomes row and
    /// article changes, which the store writes in the event's transaction.
    pub fn apply_changes(&mut self, event: &Recorded) -> Result<Changes, ReplayError> {
        // An old trail that does not record its rows learns them as events
        // name them, not in their order: their places are not the trail's
        // to say, and stay as stored.
        let placed = |state: &ArticleState, mut row: RowProjection| {
            if state.legacy_rows() {
                row.position = None;
            }
            row
        };
        let before: HashMap<i64, RowProjection> = self
            .replay()
            .row_projections()
            .map(|row| (row.id, placed(self, row)))
            .collect();
        let article_before = self.replay().article_projection();
        self.apply(event)?;
        let replay = self.replay();
        let article = replay.article_projection();
        Ok(Changes {
            rows: replay
                .row_projections()
                .map(|row| placed(self, row))
                .filter(|row| before.get(&row.id) != Some(row))
                .collect(),
            article: (article != article_before).then_some(article),
        })
    }
}

impl Replay {
    /// Whether row `row` is the article's headline.
    pub fn is_headline(&self, row: i64) -> bool {
        self.headline == Some(row)
    }

    /// One of the article's rows now, as the trail has it; a row the trail
    /// does not have is not the article's (the tables say otherwise only
    /// if someone wrote under the trail).
    pub fn active_row(&self, row: i64) -> Result<&RowHistory, Refusal> {
        match self.rows.get(&row) {
            Some(history) if history.active => Ok(history),
            _ => Err(Refusal {
                rule: Rule::TrailMismatch,
                why: Why::NotInTrail { row },
            }),
        }
    }

    /// May someone with `roles` make `change` to the article as a whole
    /// now (submit, replace the submission, give a new Korean, comment)?
    pub fn may(&self, roles: Roles, change: Change) -> Result<(), Refusal> {
        workflow::check_change(self.stage, roles, change)
    }

    /// [`Replay::may`] for person `who`: and a draft's submission is
    /// replaced only by the reporter whose article it is, or by a reporter
    /// who is also an admin.
    pub fn may_by(&self, who: i64, roles: Roles, change: Change) -> Result<(), Refusal> {
        self.may(roles, change)?;
        let owner = self.submitted_by;
        if change == Change::ReplaceSubmission
            && !roles.has(Role::Admin)
            && owner.is_some_and(|owner| owner != who)
        {
            return Err(Refusal {
                rule: Rule::RoleRequired,
                why: Why::NotYourDraft,
            });
        }
        Ok(())
    }

    /// May someone with `roles` make `change` to row `row` now: edit its
    /// English, mark it reviewed or take the mark back, confirm its
    /// removal, or override one of its findings (an override is a change
    /// to the row's English as the findings judge it)? A row a new Korean
    /// marked is judged by the row rule (`source_changed`).
    pub fn may_change_row(&self, roles: Roles, change: Change, row: i64) -> Result<(), Refusal> {
        let history = self.active_row(row)?;
        let source = history.source;
        // Only English with no Korean beside it (what the AI added) goes
        // whole; the headline is never removed.
        if change == Change::RemoveEnglish {
            let empty = matches!(history.ko, Some((start, end)) if start == end);
            if !empty || self.is_headline(row) {
                return Err(Refusal {
                    rule: Rule::StageForbidsAction,
                    why: Why::RowHasKorean { row },
                });
            }
        }
        // Only a row whose Korean was removed can be confirmed to go.
        let marked = match change {
            Change::ConfirmRemoval => source == Some(Carry::Removed),
            _ => source.is_some(),
        };
        workflow::check_row_change(self.stage, roles, change, marked)
    }

    /// May someone with `roles` merge these rows, or split one: the
    /// alignment may change, and none of them is the headline.
    pub fn may_realign(&self, roles: Roles, rows: &[i64]) -> Result<(), Refusal> {
        for &row in rows {
            self.active_row(row)?;
        }
        workflow::check_change(self.stage, roles, Change::EditAlignment)?;
        workflow::check_realign(rows.iter().any(|&row| self.is_headline(row)))
    }

    /// Judges `action` asked by `actor` (with `roles` and `note`): the
    /// stage it leads to, or the rule that refuses it. The rows' marks,
    /// who took part, open threads and rows a new Korean marked come from
    /// the trail; `blocking_findings` (QA reads the texts and the
    /// glossary) from the caller.
    pub fn may_transition(
        &self,
        actor: i64,
        roles: Roles,
        action: Action,
        note: Option<&str>,
        blocking_findings: usize,
    ) -> Result<Stage, Refusal> {
        let replay = self;
        let as_number = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        let rows: Vec<RowReview> = replay
            .active_rows()
            .map(|row| RowReview {
                current_revision: as_number(row.current()),
                reviewed_revision: row.reviewed.map(as_number),
                published_revision: row.published.map(as_number),
            })
            .collect();
        let participants = replay.bilingual_participants();
        workflow::check_transition(&TransitionRequest {
            stage: replay.stage,
            action,
            actor,
            roles,
            note,
            rows: &rows,
            bilingual_participants: &participants,
            blocking_findings,
            blocking_threads: replay.open_blocking_threads(),
            source_changed: replay.rows_awaiting_source_review(),
        })
    }

    /// May someone with `roles` make `assignee` (a person and their
    /// roles, or nobody) responsible for `stage` of the article? (Nobody
    /// who took part in its bilingual review signs it off.)
    pub fn may_assign(
        &self,
        stage: Stage,
        roles: Roles,
        assignee: Option<(i64, Roles)>,
    ) -> Result<(), Refusal> {
        workflow::check_assignment(stage, roles, assignee, &self.bilingual_participants())
    }
}

#[cfg(test)]
mod tests {
    use crate::events::{Actor, Fact, Recorded};
    use crate::replay::ArticleState;
    use crate::replay::tests::{EDITOR, REVIEWER, Trail};
    use crate::source::Carry;
    use crate::workflow::{Action, Change, Role, Roles, Rule};

    fn roles(of: &[Role]) -> Roles {
        Roles::of(of)
    }

    #[test]
    fn the_state_moved_event_by_event_is_the_state_replayed_whole() {
        let mut trail = Trail::new(&[10, 11, 12]);
        trail
            .go(1, Action::Submit)
            .edit(REVIEWER, 11)
            .review(REVIEWER, 10);
        let mut state = ArticleState::default();
        for event in &trail.0 {
            state.apply(event).unwrap();
        }
        assert_eq!(state.replay(), &trail.replay());
        // An event that does not follow is refused, naming it.
        let stray = Recorded {
            seq: trail.0.len() as i64 + 1,
            at: "2026-12-02T00:01:00Z".into(),
            actor: Actor::User(REVIEWER),
            fact: Fact::RowReviewed {
                row: 99,
                revision: 0,
            },
        };
        let refused = state.apply(&stray).unwrap_err();
        assert!(refused.reason.contains("row 99"), "{refused}");
    }

    #[test]
    fn every_row_rule_reads_the_trail() {
        let mut trail = Trail::new(&[10, 11, 12]);
        trail.go(1, Action::Submit);
        let state = ArticleState::of(&trail.0).unwrap().into_replay();
        let reviewer = roles(&[Role::BilingualReviewer]);
        let editor = roles(&[Role::NativeEditor]);
        assert_eq!(
            state.may_change_row(reviewer, Change::EditEnglish, 11),
            Ok(())
        );
        assert_eq!(
            state
                .may_change_row(editor, Change::EditEnglish, 11)
                .unwrap_err()
                .rule,
            Rule::RoleRequired
        );
        // A row the trail does not have is refused whatever a table says.
        assert_eq!(
            state
                .may_change_row(reviewer, Change::EditEnglish, 99)
                .unwrap_err()
                .rule,
            Rule::TrailMismatch
        );
        assert_eq!(state.may_realign(reviewer, &[11, 12]), Ok(()));
        // The rows must be reviewed before approval.
        assert_eq!(
            state
                .may_transition(REVIEWER, reviewer, Action::Approve, None, 0)
                .unwrap_err()
                .rule,
            Rule::RowsNotReviewed
        );
    }

    #[test]
    fn a_row_a_new_korean_marked_is_bilingual_work_even_in_native_edit() {
        // In native edit, a row a
        // new Korean version changed may not be edited, overridden or
        // marked by a native editor; a bilingual reviewer may.
        let mut trail = Trail::new(&[10, 11, 12]);
        trail.go(1, Action::Submit);
        for row in [10, 11, 12] {
            trail.review(REVIEWER, row);
        }
        trail.go(REVIEWER, Action::Approve);
        let mut revised = crate::replay::tests::revised(2);
        if let Fact::SourceRevised { rows, .. } = &mut revised {
            assert_eq!(rows[1].carry, Carry::Changed);
        }
        trail.push(1, revised);
        let state = ArticleState::of(&trail.0).unwrap().into_replay();
        let editor = roles(&[Role::NativeEditor]);
        let changed = 11;
        for change in [Change::EditEnglish, Change::MarkReviewed] {
            assert_eq!(
                state
                    .may_change_row(editor, change, changed)
                    .unwrap_err()
                    .rule,
                Rule::SourceChanged,
                "{change:?}"
            );
        }
        assert_eq!(
            state.may_change_row(
                roles(&[Role::BilingualReviewer]),
                Change::EditEnglish,
                changed
            ),
            Ok(())
        );
        assert_eq!(
            state.may_change_row(editor, Change::EditEnglish, 10),
            Ok(())
        );
        assert_eq!(
            state
                .may_transition(EDITOR, editor, Action::SignOff, None, 0)
                .unwrap_err()
                .rule,
            Rule::SourceChanged
        );
    }

    #[test]
    fn each_fact_changes_the_rows_it_moves_and_no_other() {
        let mut trail = Trail::new(&[10, 11, 12]);
        trail.go(1, Action::Submit).edit(REVIEWER, 11);
        let (head, last) = trail.0.split_at(trail.0.len() - 1);
        let mut state = ArticleState::of(head).unwrap();
        // A save moves its row's current revision, nothing else.
        let saved = state.apply_changes(&last[0]).unwrap();
        assert_eq!(saved.article, None);
        assert_eq!(
            saved.rows,
            [super::RowProjection {
                id: 11,
                active: true,
                position: Some(1),
                ko: Some((1, 2)),
                current_revision: 1,
                reviewed_revision: None,
                source: None,
            }]
        );
        // A merge makes one row of two: both leave, the new one stands
        // where the first stood, the third row moves up.
        let merge = Recorded {
            seq: trail.0.len() as i64 + 1,
            at: "2026-12-02T00:01:00Z".into(),
            actor: Actor::User(REVIEWER),
            fact: Fact::RowsMerged {
                merged: [10, 11],
                into: 20,
                rows: Some(vec![crate::events::RowRecord {
                    row: Some(20),
                    ko: (0, 2),
                    confidence: 1.0,
                    flags: vec![],
                    draft_sha256: Some("d20".into()),
                    edited_sha256: Some("e20".into()),
                }]),
            },
        };
        let merged = state.apply_changes(&merge).unwrap();
        let moved: Vec<(i64, bool, Option<usize>)> = merged
            .rows
            .iter()
            .map(|r| (r.id, r.active, r.position))
            .collect();
        assert_eq!(
            moved,
            [
                (10, false, None),
                (11, false, None),
                (12, true, Some(1)),
                (20, true, Some(0))
            ]
        );
        assert_eq!(state.replay().order, [20, 12]);
    }
}
