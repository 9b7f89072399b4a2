//! The disclosure line, earned from the trail.
//!
//! An English article carries the newsroom's disclosure only when its trail
//! shows every step the line claims: a person reviewed the AI draft against
//! the Korean (bilingual review, ended by an approval), a different person
//! edited it as a native English speaker and signed it off, and it has not
//! been reopened since. The trail is replayed here step by step; the caller
//! verifies the chain of hashes first.

use crate::workflow::{Action, Stage};

/// The newsroom's house wording.
pub const HOUSE_WORDING: &str = "This article was originally written in Korean and translated by a bilingual reporter with the help of generative AI tools. It was then edited by a native English-speaking editor. All AI-assisted translations are reviewed and refined by our newsroom.";

/// One event of the trail, as the disclosure needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The person, or `None` for the system.
    pub actor: Option<i64>,
    /// What happened.
    pub kind: StepKind,
}

/// What a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// The reporter submitted the Korean and the AI draft.
    Submitted,
    /// Someone saved a revision of a row.
    Edited,
    /// Someone marked a row reviewed.
    Reviewed,
    /// Someone merged or split rows.
    Realigned,
    /// The article moved.
    Transition {
        /// The action.
        action: Action,
        /// The stage it moved to.
        to: Stage,
    },
    /// Anything else (comments, QA overrides, alignment by the system).
    Other,
}

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
}

impl Shortfall {
    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            Shortfall::NotSignedOff => "not_signed_off",
            Shortfall::NoBilingualReview => "no_bilingual_review",
            Shortfall::SamePerson => "same_person",
        }
    }

    /// What a person reads.
    pub fn message(self) -> &'static str {
        match self {
            Shortfall::NotSignedOff => {
                "the article is not signed off: the native English edit is not finished"
            }
            Shortfall::NoBilingualReview => {
                "the trail has no bilingual review by a person ending in an approval"
            }
            Shortfall::SamePerson => {
                "the person who signed off also reviewed the translation: the line promises two people"
            }
        }
    }
}

fn add(list: &mut Vec<i64>, who: i64) {
    if !list.contains(&who) {
        list.push(who);
    }
}

/// Replays the trail: who the line may name, or the step that is missing.
/// Only the last pass through bilingual review and native edit counts (an
/// article returned and reviewed again is judged on its final round).
pub fn earn(steps: &[Step]) -> Result<Earned, Shortfall> {
    let mut stage = Stage::Draft;
    let mut bilingual: Vec<i64> = Vec::new();
    let mut native: Vec<i64> = Vec::new();
    let mut approved_by = None;
    let mut signed_off_by = None;
    for step in steps {
        match (step.kind, step.actor) {
            (StepKind::Transition { action, to }, actor) => {
                match (action, actor) {
                    (Action::Approve, Some(who)) => {
                        add(&mut bilingual, who);
                        approved_by = Some(who);
                        native.clear();
                    }
                    (Action::SignOff, Some(who)) => {
                        add(&mut native, who);
                        signed_off_by = Some(who);
                    }
                    _ => {}
                }
                if to == Stage::BilingualReview && stage == Stage::Draft {
                    // A fresh review round: earlier reviewers no longer vouch.
                    bilingual.clear();
                    approved_by = None;
                }
                if to != Stage::SignedOff {
                    signed_off_by = None;
                }
                stage = to;
            }
            (StepKind::Edited | StepKind::Reviewed | StepKind::Realigned, Some(who)) => match stage
            {
                Stage::BilingualReview => add(&mut bilingual, who),
                Stage::NativeEdit => add(&mut native, who),
                _ => {}
            },
            _ => {}
        }
    }
    let signed_off_by = match (stage, signed_off_by) {
        (Stage::SignedOff, Some(who)) => who,
        _ => return Err(Shortfall::NotSignedOff),
    };
    let approved_by = approved_by.ok_or(Shortfall::NoBilingualReview)?;
    if bilingual.contains(&signed_off_by) {
        return Err(Shortfall::SamePerson);
    }
    Ok(Earned {
        bilingual_reviewers: bilingual,
        approved_by,
        native_editors: native,
        signed_off_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORTER: i64 = 1;
    const REVIEWER: i64 = 2;
    const EDITOR: i64 = 3;

    fn step(actor: i64, kind: StepKind) -> Step {
        Step {
            actor: Some(actor),
            kind,
        }
    }

    fn go(actor: i64, action: Action, to: Stage) -> Step {
        step(actor, StepKind::Transition { action, to })
    }

    fn full_walk() -> Vec<Step> {
        vec![
            step(REPORTER, StepKind::Submitted),
            Step {
                actor: None,
                kind: StepKind::Other,
            },
            go(REPORTER, Action::Submit, Stage::BilingualReview),
            step(REVIEWER, StepKind::Edited),
            step(REVIEWER, StepKind::Reviewed),
            go(REVIEWER, Action::Approve, Stage::NativeEdit),
            step(EDITOR, StepKind::Edited),
            go(EDITOR, Action::SignOff, Stage::SignedOff),
        ]
    }

    #[test]
    fn a_full_walk_earns_the_line() {
        let earned = earn(&full_walk()).unwrap();
        assert_eq!(earned.bilingual_reviewers, [REVIEWER]);
        assert_eq!(earned.approved_by, REVIEWER);
        assert_eq!(earned.native_editors, [EDITOR]);
        assert_eq!(earned.signed_off_by, EDITOR);
    }

    #[test]
    fn not_signed_off_or_reopened_since() {
        let mut steps = full_walk();
        steps.pop();
        assert_eq!(earn(&steps), Err(Shortfall::NotSignedOff));
        let mut steps = full_walk();
        steps.push(go(9, Action::Reopen, Stage::NativeEdit));
        assert_eq!(earn(&steps), Err(Shortfall::NotSignedOff));
        // Signed off again after the reopening: earned again.
        steps.push(go(EDITOR, Action::SignOff, Stage::SignedOff));
        assert!(earn(&steps).is_ok());
    }

    #[test]
    fn no_bilingual_review_by_a_person() {
        // A trail whose approval came from no one (the system).
        let steps = vec![
            step(REPORTER, StepKind::Submitted),
            go(REPORTER, Action::Submit, Stage::BilingualReview),
            Step {
                actor: None,
                kind: StepKind::Transition {
                    action: Action::Approve,
                    to: Stage::NativeEdit,
                },
            },
            go(EDITOR, Action::SignOff, Stage::SignedOff),
        ];
        assert_eq!(earn(&steps), Err(Shortfall::NoBilingualReview));
        // Returned to the reporter after approval: the old review no longer counts.
        let mut steps = full_walk();
        steps.pop();
        steps.push(go(EDITOR, Action::Return, Stage::BilingualReview));
        steps.push(go(REVIEWER, Action::Return, Stage::Draft));
        steps.push(go(REPORTER, Action::Submit, Stage::BilingualReview));
        steps.push(Step {
            actor: None,
            kind: StepKind::Transition {
                action: Action::Approve,
                to: Stage::NativeEdit,
            },
        });
        steps.push(go(EDITOR, Action::SignOff, Stage::SignedOff));
        assert_eq!(earn(&steps), Err(Shortfall::NoBilingualReview));
    }

    #[test]
    fn the_same_person_reviewed_and_signed_off() {
        let steps = vec![
            step(REPORTER, StepKind::Submitted),
            go(REPORTER, Action::Submit, Stage::BilingualReview),
            step(REVIEWER, StepKind::Reviewed),
            go(REVIEWER, Action::Approve, Stage::NativeEdit),
            go(REVIEWER, Action::SignOff, Stage::SignedOff),
        ];
        assert_eq!(earn(&steps), Err(Shortfall::SamePerson));
        // Also when they only edited a row in bilingual review.
        let steps = vec![
            go(REPORTER, Action::Submit, Stage::BilingualReview),
            step(EDITOR, StepKind::Edited),
            go(REVIEWER, Action::Approve, Stage::NativeEdit),
            go(EDITOR, Action::SignOff, Stage::SignedOff),
        ];
        assert_eq!(earn(&steps), Err(Shortfall::SamePerson));
    }
}
