//! The disclosure line, earned from the trail.
//!
//! An English article carries the newsroom's disclosure only when its trail
//! shows every step the line claims: a person reviewed the AI draft against
//! the Korean (bilingual review, ended by an approval), a different person
//! edited it as a native English speaker and signed it off, and it has not
//! been reopened since. It reads the one [`Replay`] of the trail that the
//! workflow's sign-off check reads too, so the two cannot disagree; the
//! caller verifies the chain of hashes first.

use crate::replay::Replay;
use crate::workflow::Stage;

/// The newsroom's house wording.
pub const HOUSE_WORDING: &str = "This article was originally written in Korean and translated by a bilingual reporter with the help of generative AI tools. It was then edited by a native English-speaking editor. All AI-assisted translations are reviewed and refined by our newsroom.";

/// Who did what, when the trail supports the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earned {
    /// The people who reviewed or edited in bilingual review, and approved.
    pub bilingual_reviewers: Vec<i64>,
    /// Who approved the bilingual review.
    pub approved_by: i64,
    /// The people who edited in native edit, the one who signed off included.
    pub native_editors: Vec<i64>,
    /// Who signed off.
    pub signed_off_by: i64,
    /// The version of the Korean that was reviewed (1 unless the Korean
    /// changed during the review).
    pub source_version: i64,
    /// The edition this is (1 until a correction is signed off).
    pub edition: usize,
    /// The corrections published, oldest first: each adds a line.
    pub corrections: Vec<CorrectionLine>,
}

/// A published correction, as the disclosure states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionLine {
    /// The edition that published it.
    pub edition: usize,
    /// When that edition was signed off, RFC 3339 (UTC).
    pub at: String,
    /// The public note.
    pub note: String,
}

impl CorrectionLine {
    /// The line, given the date as the newsroom writes it
    /// ("2 December 2026").
    pub fn line(&self, date: &str) -> String {
        format!("Corrected on {date}: {}", self.note)
    }
}

/// Why the trail does not support the line: the missing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortfall {
    /// The article is not signed off (or was reopened since).
    NotSignedOff,
    /// No person ended a bilingual review with an approval.
    NoBilingualReview,
    /// The person who signed off also reviewed or edited in bilingual review.
    SamePerson,
    /// Rows whose Korean a new version changed were not reviewed again.
    SourceNotReviewed,
}

impl Shortfall {
    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            Shortfall::NotSignedOff => "not_signed_off",
            Shortfall::NoBilingualReview => "no_bilingual_review",
            Shortfall::SamePerson => "same_person",
            Shortfall::SourceNotReviewed => "source_not_reviewed",
        }
    }
}

/// What the replayed trail lets the line claim, or the step that is
/// missing. Only the current round counts (an article returned to the
/// reporter and reviewed again is judged on its last round).
pub fn earn(replay: &Replay) -> Result<Earned, Shortfall> {
    let signed_off_by = match (replay.stage, &replay.signed_off) {
        (Stage::SignedOff, Some((who, _))) => *who,
        _ => return Err(Shortfall::NotSignedOff),
    };
    let approved_by = replay.approved_by.ok_or(Shortfall::NoBilingualReview)?;
    // The same rule, on the same list, as the sign-off check.
    let bilingual_reviewers = replay.bilingual_participants();
    if bilingual_reviewers.contains(&signed_off_by) {
        return Err(Shortfall::SamePerson);
    }
    if replay.rows_awaiting_source_review() > 0 {
        return Err(Shortfall::SourceNotReviewed);
    }
    Ok(Earned {
        bilingual_reviewers,
        approved_by,
        native_editors: replay.native.people(),
        signed_off_by,
        source_version: replay.source_version,
        edition: replay.editions.len(),
        corrections: replay
            .editions
            .iter()
            .filter_map(|e| {
                e.correction.as_ref().map(|c| CorrectionLine {
                    edition: e.number,
                    at: e.at.clone(),
                    note: c.note.clone(),
                })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Fact;
    use crate::replay::replay;
    use crate::replay::tests::{EDITOR, REPORTER, REVIEWER, Trail, revised};
    use crate::workflow::Action;
    use crate::workflow::Stage;

    fn full_walk() -> Trail {
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit)
            .edit(REVIEWER, 10)
            .review(REVIEWER, 10)
            .go(REVIEWER, Action::Approve)
            .edit(EDITOR, 10)
            .go(EDITOR, Action::SignOff);
        t
    }

    #[test]
    fn a_full_walk_earns_the_line() {
        let earned = earn(&full_walk().replay()).unwrap();
        assert_eq!(earned.bilingual_reviewers, [REVIEWER]);
        assert_eq!(earned.approved_by, REVIEWER);
        assert_eq!(earned.native_editors, [EDITOR]);
        assert_eq!(earned.signed_off_by, EDITOR);
    }

    #[test]
    fn not_signed_off_or_reopened_since() {
        let mut t = full_walk();
        t.0.pop();
        assert_eq!(earn(&t.replay()), Err(Shortfall::NotSignedOff));
        let mut t = full_walk();
        t.push(
            9,
            Fact::Transition {
                action: Action::Reopen,
                from: Stage::SignedOff,
                to: Stage::NativeEdit,
                note: Some("typo".into()),
                version: None,
            },
        );
        assert_eq!(earn(&t.replay()), Err(Shortfall::NotSignedOff));
        // Signed off again after the reopening: earned again.
        t.go(EDITOR, Action::SignOff);
        assert!(earn(&t.replay()).is_ok());
    }

    #[test]
    fn a_return_to_the_reporter_undoes_the_review() {
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit)
            .review(REVIEWER, 10)
            .push(
                REVIEWER,
                Fact::Transition {
                    action: Action::Return,
                    from: Stage::BilingualReview,
                    to: Stage::Draft,
                    note: Some("wrong draft".into()),
                    version: None,
                },
            )
            .go(REPORTER, Action::Submit)
            .review(9, 10)
            .go(9, Action::Approve)
            .go(REVIEWER, Action::SignOff);
        // The first round's reviewer may sign off the second round.
        let earned = earn(&t.replay()).unwrap();
        assert_eq!(earned.bilingual_reviewers, [9]);
    }

    #[test]
    fn the_same_person_took_part_and_signed_off() {
        // Reviewed, approved and signed off.
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit)
            .review(REVIEWER, 10)
            .go(REVIEWER, Action::Approve)
            .go(REVIEWER, Action::SignOff);
        assert_eq!(earn(&t.replay()), Err(Shortfall::SamePerson));
        // Only approved someone else's review.
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit)
            .review(REVIEWER, 10)
            .go(EDITOR, Action::Approve)
            .go(EDITOR, Action::SignOff);
        assert_eq!(earn(&t.replay()), Err(Shortfall::SamePerson));
        // Only overrode a finding.
        let mut t = Trail::new(&[10]);
        t.go(REPORTER, Action::Submit).push(
            EDITOR,
            Fact::QaOverridden {
                row: 10,
                key: "k".into(),
                reason: "fine".into(),
            },
        );
        t.review(REVIEWER, 10)
            .go(REVIEWER, Action::Approve)
            .go(EDITOR, Action::SignOff);
        assert_eq!(earn(&t.replay()), Err(Shortfall::SamePerson));
    }

    #[test]
    fn a_changed_row_reviewed_in_native_edit_is_bilingual_work() {
        let mut t = Trail::new(&[10, 11, 12]);
        t.go(REPORTER, Action::Submit);
        for row in [10, 11, 12] {
            t.review(REVIEWER, row);
        }
        t.go(REVIEWER, Action::Approve).push(REPORTER, revised(2));
        assert_eq!(t.replay().stage, Stage::NativeEdit);
        // The native editor's second reviewer does the bilingual work.
        const SECOND: i64 = 7;
        t.edit(SECOND, 11)
            .review(SECOND, 11)
            .review(SECOND, 13)
            .push(SECOND, Fact::RemovalConfirmed { row: 12 })
            .edit(EDITOR, 10);
        let r = t.replay();
        assert!(r.bilingual.includes(SECOND) && !r.native.includes(SECOND));
        assert!(r.native.includes(EDITOR));
        assert_eq!(r.rows_awaiting_source_review(), 0);
        t.go(EDITOR, Action::SignOff);
        let earned = earn(&t.replay()).unwrap();
        assert_eq!(earned.source_version, 2);
        assert_eq!(earned.bilingual_reviewers, [REVIEWER, SECOND]);
    }

    #[test]
    fn a_signed_off_article_with_an_unreviewed_new_korean_earns_no_line() {
        let mut t = Trail::new(&[10, 11, 12]);
        t.go(REPORTER, Action::Submit)
            .go(REVIEWER, Action::Approve)
            .push(REPORTER, revised(2))
            .go(EDITOR, Action::SignOff);
        assert_eq!(earn(&t.replay()), Err(Shortfall::SourceNotReviewed));
        // And no new Korean once signed off.
        let mut bad = t.clone();
        bad.push(REPORTER, revised(3));
        assert!(replay(&bad.0).is_err());
    }

    #[test]
    fn a_correction_is_a_new_edition_that_reviews_only_what_it_changes() {
        let mut t = Trail::new(&[10, 11]);
        t.go(REPORTER, Action::Submit)
            .review(REVIEWER, 10)
            .review(REVIEWER, 11)
            .go(REVIEWER, Action::Approve)
            .edit(EDITOR, 11)
            .go(EDITOR, Action::SignOff);
        let r = t.replay();
        assert_eq!(r.editions.len(), 1);
        assert_eq!(r.editions[0].correction, None);
        // What the edition published: row 11 as the editor left it.
        assert_eq!(r.rows[&11].published, Some(1));
        assert_eq!(r.rows[&11].reviewed, Some(0));
        let review = crate::workflow::RowReview {
            current_revision: 1,
            reviewed_revision: Some(0),
            published_revision: Some(1),
        };
        assert!(review.is_reviewed(), "published text needs no review again");
        t.push(
            EDITOR,
            Fact::Transition {
                action: Action::Correct,
                from: Stage::SignedOff,
                to: Stage::BilingualReview,
                note: Some("The rate is 3.25%.".into()),
                version: None,
            },
        );
        let r = t.replay();
        assert_eq!(r.stage, Stage::BilingualReview);
        assert_eq!(r.signed_off, None);
        assert_eq!(
            r.correcting.as_ref().map(|c| c.note.as_str()),
            Some("The rate is 3.25%.")
        );
        assert!(earn(&r).is_err());
        const SECOND: i64 = 8;
        t.edit(REVIEWER, 10)
            .review(REVIEWER, 10)
            .go(REVIEWER, Action::Approve)
            .go(SECOND, Action::SignOff);
        let r = t.replay();
        assert_eq!(r.editions.len(), 2);
        assert_eq!(r.correcting, None);
        let earned = earn(&r).unwrap();
        assert_eq!(earned.edition, 2);
        assert_eq!(earned.corrections.len(), 1);
        assert_eq!(earned.corrections[0].edition, 2);
        assert_eq!(
            earned.corrections[0].line("2 December 2026"),
            "Corrected on 2 December 2026: The rate is 3.25%."
        );
        // The editor who signed off the first edition did not review.
        assert_eq!(earned.signed_off_by, SECOND);
    }
}
