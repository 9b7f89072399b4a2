//! The rules, asked of one state of an article: its trail replayed
//! ([`Replay`], kept between writes as an `ArticleState`). Whoever judges a change (the store in the write's
//! transaction, the review page deciding what to offer) asks these, so a
//! rule reads the stage, the rows, their marks, the headline and who took
//! part from the trail itself, never from a table beside it.

use crate::replay::{Replay, RowHistory};
use crate::workflow::{
    self, Action, Change, Refusal, Roles, RowReview, Rule, Stage, TransitionRequest,
};

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
                message: format!(
                    "row {row} is not one of the article's rows as its trail records them"
                ),
            }),
        }
    }

    /// May someone with `roles` make `change` to the article as a whole
    /// now (submit, replace the submission, give a new Korean, comment)?
    pub fn may(&self, roles: Roles, change: Change) -> Result<(), Refusal> {
        workflow::check_change(self.stage, roles, change)
    }

    /// May someone with `roles` make `change` to row `row` now: edit its
    /// English, mark it reviewed or take the mark back, confirm its
    /// removal, or override one of its findings (an override is a change
    /// to the row's English as the findings judge it)? A row a new Korean
    /// marked is judged by the row rule (`source_changed`).
    pub fn may_change_row(&self, roles: Roles, change: Change, row: i64) -> Result<(), Refusal> {
        let source = self.active_row(row)?.source;
        // Only a row whose Korean was removed can be confirmed to go.
        let marked = match change {
            Change::ConfirmRemoval => source == Some(crate::source::Carry::Removed),
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
        // The reproduction of issue 31's item 5: in native edit, a row a
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
}
