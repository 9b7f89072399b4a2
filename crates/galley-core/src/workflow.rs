//! The review process as rules: who may do what, at which stage, and what
//! must hold before an article moves on.
//!
//! ```text
//! draft ──submit──▶ bilingual_review ──approve──▶ native_edit ──sign_off──▶ signed_off
//!   ▲                    │   ▲                        │                         │
//!   └──────return────────┘   └────────return──────────┘          reopen (admin, with reason)
//!                        ▲                                                          │
//!                        └──────── correct (native editor or admin, public note) ───┘
//! ```
//!
//! Every refusal names the [`Rule`] that refused it.

use std::fmt;

/// Where an article is in the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Stage {
    /// The reporter's submission: Korean source and AI draft.
    #[default]
    Draft,
    /// A bilingual reviewer checks every row against the Korean.
    BilingualReview,
    /// A native English editor edits the English.
    NativeEdit,
    /// Frozen; the disclosure is earned.
    SignedOff,
}

/// Something a person asks of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Draft → bilingual review (reporter).
    Submit,
    /// Bilingual review → native edit (bilingual reviewer).
    Approve,
    /// Back one stage, with a note.
    Return,
    /// Native edit → signed off (native editor).
    SignOff,
    /// Signed off → native edit (admin, with a reason).
    Reopen,
    /// Signed off → bilingual review: a correction of the published
    /// article (native editor or admin, with the public note), signed off
    /// again as a new edition.
    Correct,
}

/// What a user may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Submits articles.
    Reporter,
    /// Reviews the English against the Korean.
    BilingualReviewer,
    /// Edits the English as a native speaker and signs off.
    NativeEditor,
    /// Manages users; may reopen a signed-off article.
    Admin,
    /// Reads every article, trail, export, disclosure and the log (a
    /// standards editor, an outside auditor); changes nothing.
    Auditor,
}

macro_rules! names {
    ($type:ty { $($variant:ident => $name:literal / $words:literal),* $(,)? }) => {
        impl $type {
            /// Every value, in order.
            pub const ALL: &'static [$type] = &[$(<$type>::$variant),*];

            /// The snake_case name used on the wire and in the database.
            pub fn name(self) -> &'static str {
                match self { $(<$type>::$variant => $name),* }
            }

            /// The name in plain words, as messages to people say it.
            pub fn words(self) -> &'static str {
                match self { $(<$type>::$variant => $words),* }
            }

            /// Parses a snake_case name.
            pub fn parse(name: &str) -> Option<$type> {
                match name { $($name => Some(<$type>::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

names!(Stage {
    Draft => "draft" / "draft",
    BilingualReview => "bilingual_review" / "bilingual review",
    NativeEdit => "native_edit" / "native edit",
    SignedOff => "signed_off" / "signed off",
});

names!(Action {
    Submit => "submit" / "submit",
    Approve => "approve" / "approve",
    Return => "return" / "return",
    SignOff => "sign_off" / "sign off",
    Reopen => "reopen" / "reopen",
    Correct => "correct" / "open a correction",
});

names!(Role {
    Reporter => "reporter" / "reporter",
    BilingualReviewer => "bilingual_reviewer" / "bilingual reviewer",
    NativeEditor => "native_editor" / "native editor",
    Admin => "admin" / "admin",
    Auditor => "auditor" / "auditor",
});

/// The roles one user holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Roles(u8);

impl Stage {
    /// The role whose work an article at this stage waits for (nobody's once
    /// it is signed off): what the desk lists as "waiting for me".
    pub fn waits_for(self) -> Option<Role> {
        match self {
            Stage::Draft => Some(Role::Reporter),
            Stage::BilingualReview => Some(Role::BilingualReviewer),
            Stage::NativeEdit => Some(Role::NativeEditor),
            Stage::SignedOff => None,
        }
    }

    /// The actions that lead out of this stage, in the order a desk shows them.
    pub fn actions(self) -> &'static [Action] {
        match self {
            Stage::Draft => &[Action::Submit],
            Stage::BilingualReview => &[Action::Approve, Action::Return],
            Stage::NativeEdit => &[Action::SignOff, Action::Return],
            Stage::SignedOff => &[Action::Correct, Action::Reopen],
        }
    }
}

impl Roles {
    /// No role at all.
    pub const NONE: Roles = Roles(0);

    /// Roles from a list.
    pub fn of(roles: &[Role]) -> Roles {
        Roles(roles.iter().fold(0, |bits, role| bits | Roles::bit(*role)))
    }

    fn bit(role: Role) -> u8 {
        1 << (role as u8)
    }

    /// Whether the user holds `role`.
    pub fn has(self, role: Role) -> bool {
        self.0 & Roles::bit(role) != 0
    }

    /// Whether the user holds a role that changes anything: every role but
    /// [`Role::Auditor`], which only reads.
    pub fn writes(self) -> bool {
        self.0 & !Roles::bit(Role::Auditor) != 0
    }

    /// The roles held, in order.
    pub fn list(self) -> Vec<Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(|role| self.has(*role))
            .collect()
    }
}

/// A rule of the process; every refusal names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The action does not exist from this stage.
    StageForbidsAction,
    /// The action needs a role the user does not hold.
    RoleRequired,
    /// Returning or reopening needs a written note.
    NoteRequired,
    /// Bilingual review ends only when every row is reviewed (a row edited
    /// after its review must be reviewed again).
    RowsNotReviewed,
    /// Open blocking QA findings stop the article from moving on.
    BlockingFindings,
    /// Open comment threads that need an answer stop it too.
    OpenThreads,
    /// Nobody who took part in the current round of bilingual review
    /// (edited, marked reviewed, merged or split, overrode a finding,
    /// approved) may sign off.
    SeparationOfDuties,
    /// What is being changed is read-only at this stage (or for this role).
    ReadOnlyInStage,
    /// Rows a new version of the Korean changed, added or removed wait for
    /// a bilingual reviewer: approval and sign-off wait for them.
    SourceChanged,
    /// The headline is one row, never merged with the body or split.
    HeadlineRow,
    /// What the database holds is not what the article's trail records:
    /// nothing is published from it.
    TrailMismatch,
}

impl Rule {
    /// A stable snake_case code, for clients and the trail.
    pub fn code(self) -> &'static str {
        match self {
            Rule::StageForbidsAction => "stage_forbids_action",
            Rule::RoleRequired => "role_required",
            Rule::NoteRequired => "note_required",
            Rule::RowsNotReviewed => "rows_not_reviewed",
            Rule::BlockingFindings => "blocking_findings",
            Rule::OpenThreads => "open_threads",
            Rule::SeparationOfDuties => "separation_of_duties",
            Rule::ReadOnlyInStage => "read_only_in_stage",
            Rule::SourceChanged => "source_changed",
            Rule::HeadlineRow => "headline_row",
            Rule::TrailMismatch => "trail_mismatch",
        }
    }
}

/// A refusal: the rule, and what it names. The sentence a person reads is
/// made from both by the interface, in their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused by rule {} ({why:?})", rule.code())]
pub struct Refusal {
    /// The rule that refused.
    pub rule: Rule,
    /// What it refused, with what the sentence names.
    pub why: Why,
}

/// What a refusal names, one variant per sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// `action` does not exist from `stage`.
    NoSuchAction { stage: Stage, action: Action },
    /// `action` needs `role`.
    ActionNeedsRole { action: Action, role: Role },
    /// `action` needs a written note (a reason, a public correction note).
    NoteNeeded { action: Action },
    /// The Korean of `rows` rows changed since they were reviewed.
    KoreanChanged { rows: usize },
    /// `count` blocking QA findings are open in the article.
    BlockingFindings { count: usize },
    /// `count` comment threads that need an answer are open.
    OpenThreads { count: usize },
    /// `unreviewed` of `rows` rows are not reviewed.
    RowsNotReviewed { unreviewed: usize, rows: usize },
    /// The person asking took part in this round of bilingual review.
    YouTookPart,
    /// Nobody is assigned `stage`.
    NotAssignable { stage: Stage },
    /// Assigning `stage` needs `role` (or admin).
    AssignNeedsRole { stage: Stage, role: Role },
    /// Only a holder of `role` can be assigned `stage`.
    AssigneeNeedsRole { stage: Stage, role: Role },
    /// The person to assign took part in this round of bilingual review.
    TheyTookPart,
    /// `count` of the row's own blocking QA findings are open.
    RowHasBlockingFindings { count: usize },
    /// The article is signed off: its Korean changes by a correction.
    KoreanSignedOff,
    /// A new version of the Korean needs the reporter or admin role.
    NewKoreanNeedsRole,
    /// Commenting needs a role.
    CommentNeedsRole,
    /// A draft's submission is replaced by the reporter whose article it
    /// is (or an admin).
    NotYourDraft,
    /// Nobody may make `change` at `stage`.
    NobodyMay { change: Change, stage: Stage },
    /// Making `change` at `stage` needs `role`.
    ChangeNeedsRole {
        change: Change,
        stage: Stage,
        role: Role,
    },
    /// The row's Korean changed during native edit: a bilingual reviewer
    /// reviews it first.
    RowKoreanChanged,
    /// Only a row whose Korean was removed can be confirmed to go.
    NotRemoved,
    /// Only English with no Korean (the AI added it) is removed whole; a
    /// row with Korean is edited.
    RowHasKorean { row: i64 },
    /// Removing English needs a reason.
    RemovalNeedsReason,
    /// The headline is a row of its own.
    HeadlineRow,
    /// Row `row` is not one of the article's rows as its trail records them.
    NotInTrail { row: i64 },
    /// What the database holds differs from the trail (`detail` says how,
    /// for the administrators' log).
    StoredDiffers { detail: String },
}

fn refuse<T>(rule: Rule, why: Why) -> Result<T, Refusal> {
    Err(Refusal { rule, why })
}

/// The review state of one row, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowReview {
    /// The row's current English revision.
    pub current_revision: u32,
    /// The revision that was marked reviewed in bilingual review, if any.
    pub reviewed_revision: Option<u32>,
    /// The revision the last edition published, if the article was signed
    /// off before (a correction reviews what it changes, not what the
    /// published edition already vouched for).
    pub published_revision: Option<u32>,
}

impl RowReview {
    /// Reviewed, or published, and not edited since.
    pub fn is_reviewed(&self) -> bool {
        self.reviewed_revision == Some(self.current_revision)
            || self.published_revision == Some(self.current_revision)
    }
}

/// Everything a transition is judged on.
#[derive(Debug, Clone, Copy)]
pub struct TransitionRequest<'a> {
    /// The article's stage now.
    pub stage: Stage,
    /// What is asked.
    pub action: Action,
    /// Who asks: their user id and roles.
    pub actor: i64,
    /// The roles the actor holds.
    pub roles: Roles,
    /// The note or reason given, if any.
    pub note: Option<&'a str>,
    /// Review state of every row of the article.
    pub rows: &'a [RowReview],
    /// Everyone who took part in the current round of bilingual review:
    /// edited, marked reviewed, merged or split, overrode a finding or
    /// approved ([`crate::replay::Replay::bilingual_participants`]).
    pub bilingual_participants: &'a [i64],
    /// Open QA findings that block approval and sign-off.
    pub blocking_findings: usize,
    /// Open comment threads that need an answer
    /// ([`crate::replay::Replay::open_blocking_threads`]).
    pub blocking_threads: usize,
    /// Rows a new version of the Korean changed, added or removed that no
    /// bilingual reviewer has reviewed since
    /// ([`crate::replay::Replay::rows_awaiting_source_review`]).
    pub source_changed: usize,
}

/// The workflow's table: where `action` leads from `stage`, and the role it
/// needs; `None` where the action does not exist from that stage.
fn edge(action: Action, stage: Stage) -> Option<(Stage, Role)> {
    use Action::*;
    use Stage::*;
    Some(match (action, stage) {
        (Submit, Draft) => (BilingualReview, Role::Reporter),
        (Approve, BilingualReview) => (NativeEdit, Role::BilingualReviewer),
        (Return, BilingualReview) => (Draft, Role::BilingualReviewer),
        (Return, NativeEdit) => (BilingualReview, Role::NativeEditor),
        (SignOff, NativeEdit) => (SignedOff, Role::NativeEditor),
        (Reopen, SignedOff) => (NativeEdit, Role::Admin),
        (Correct, SignedOff) => (BilingualReview, Role::NativeEditor),
        _ => return None,
    })
}

/// Where `action` leads from `stage`, if it exists there.
pub fn target(action: Action, stage: Stage) -> Option<Stage> {
    edge(action, stage).map(|(to, _)| to)
}

/// Judges a transition: the stage it leads to, or the rule that refuses it.
pub fn check_transition(request: &TransitionRequest<'_>) -> Result<Stage, Refusal> {
    use Action::*;
    let Some((to, role)) = edge(request.action, request.stage) else {
        return refuse(
            Rule::StageForbidsAction,
            Why::NoSuchAction {
                stage: request.stage,
                action: request.action,
            },
        );
    };
    // A correction is opened by a native editor or an admin.
    let admin_corrects = request.action == Correct && request.roles.has(Role::Admin);
    if !request.roles.has(role) && !admin_corrects {
        return refuse(
            Rule::RoleRequired,
            Why::ActionNeedsRole {
                action: request.action,
                role,
            },
        );
    }
    let note_given = request.note.is_some_and(|note| !note.trim().is_empty());
    if matches!(request.action, Return | Reopen | Correct) && !note_given {
        return refuse(
            Rule::NoteRequired,
            Why::NoteNeeded {
                action: request.action,
            },
        );
    }
    if matches!(request.action, Approve | SignOff) && request.source_changed > 0 {
        return refuse(
            Rule::SourceChanged,
            Why::KoreanChanged {
                rows: request.source_changed,
            },
        );
    }
    if matches!(request.action, Approve | SignOff) && request.blocking_findings > 0 {
        return refuse(
            Rule::BlockingFindings,
            Why::BlockingFindings {
                count: request.blocking_findings,
            },
        );
    }
    if matches!(request.action, Approve | SignOff) && request.blocking_threads > 0 {
        return refuse(
            Rule::OpenThreads,
            Why::OpenThreads {
                count: request.blocking_threads,
            },
        );
    }
    if request.action == Approve {
        let unreviewed = request.rows.iter().filter(|row| !row.is_reviewed()).count();
        if unreviewed > 0 {
            return refuse(
                Rule::RowsNotReviewed,
                Why::RowsNotReviewed {
                    unreviewed,
                    rows: request.rows.len(),
                },
            );
        }
    }
    if request.action == SignOff && request.bilingual_participants.contains(&request.actor) {
        return refuse(Rule::SeparationOfDuties, Why::YouTookPart);
    }
    Ok(to)
}

/// Judges making `assignee` (holding `assignee_roles`) responsible for
/// `stage`, asked by someone holding `roles`: only a stage people work in;
/// by someone who may act in it, or an admin; of someone who may act in it;
/// and never native edit for someone who took part in the current round of
/// bilingual review (`bilingual_participants`), who could not sign off.
///
/// `assignee` is the person and their roles, or none to take the
/// assignment back (which asks the same of the asker).
pub fn check_assignment(
    stage: Stage,
    roles: Roles,
    assignee: Option<(i64, Roles)>,
    bilingual_participants: &[i64],
) -> Result<(), Refusal> {
    let Some(role) = stage
        .waits_for()
        .filter(|_| matches!(stage, Stage::BilingualReview | Stage::NativeEdit))
    else {
        return refuse(Rule::StageForbidsAction, Why::NotAssignable { stage });
    };
    if !roles.has(role) && !roles.has(Role::Admin) {
        return refuse(Rule::RoleRequired, Why::AssignNeedsRole { stage, role });
    }
    let Some((assignee, assignee_roles)) = assignee else {
        return Ok(());
    };
    if !assignee_roles.has(role) {
        return refuse(Rule::RoleRequired, Why::AssigneeNeedsRole { stage, role });
    }
    if stage == Stage::NativeEdit && bilingual_participants.contains(&assignee) {
        return refuse(Rule::SeparationOfDuties, Why::TheyTookPart);
    }
    Ok(())
}

/// Judges marking a row reviewed, given how many of the row's own blocking
/// QA findings are open (neither fixed nor overridden): a row cannot be
/// called reviewed while one stands, since approval would then be refused
/// for a row that looks done.
pub fn check_mark_reviewed(open_blocking_in_row: usize) -> Result<(), Refusal> {
    if open_blocking_in_row > 0 {
        return refuse(
            Rule::BlockingFindings,
            Why::RowHasBlockingFindings {
                count: open_blocking_in_row,
            },
        );
    }
    Ok(())
}

/// What a person may want to change in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// Save a new revision of a row's English.
    EditEnglish,
    /// Merge or split rows of the alignment.
    EditAlignment,
    /// Mark a row reviewed.
    MarkReviewed,
    /// Submit a new article.
    Submit,
    /// Replace the Korean and the AI draft of an article in draft (it is
    /// aligned again).
    ReplaceSubmission,
    /// Comment on an article or a row.
    Comment,
    /// Give the article a new version of the Korean (its rows carried
    /// over).
    ReviseSource,
    /// Confirm that the English of a row whose Korean was removed goes.
    ConfirmRemoval,
    /// Remove English the AI invented: a row with no Korean goes, with a
    /// reason.
    RemoveEnglish,
}

/// Judges whether a user with `roles` may make `change` at `stage`.
///
/// | stage | who | may |
/// | --- | --- | --- |
/// | draft | reporter | submit |
/// | any | anyone with a role but auditor | comment |
/// | bilingual_review | bilingual reviewer | edit the English, change the alignment, mark rows reviewed, remove English with no Korean |
/// | native_edit | native editor | edit the English (Korean and alignment are read-only) |
/// | draft, bilingual_review, native_edit | reporter or admin | give a new version of the Korean |
/// | signed_off | nobody | nothing |
///
/// A row a new version of the Korean marked is judged by
/// [`check_row_change`].
pub fn check_change(stage: Stage, roles: Roles, change: Change) -> Result<(), Refusal> {
    if change == Change::ReviseSource {
        if stage == Stage::SignedOff {
            return refuse(Rule::ReadOnlyInStage, Why::KoreanSignedOff);
        }
        if !roles.has(Role::Reporter) && !roles.has(Role::Admin) {
            return refuse(Rule::RoleRequired, Why::NewKoreanNeedsRole);
        }
        return Ok(());
    }
    if change == Change::Comment {
        // Anyone with a role that writes may comment, at any stage.
        if !roles.writes() {
            return refuse(Rule::RoleRequired, Why::CommentNeedsRole);
        }
        return Ok(());
    }
    let role = match (stage, change) {
        (Stage::Draft, Change::Submit | Change::ReplaceSubmission) => Role::Reporter,
        (
            Stage::BilingualReview,
            Change::EditEnglish
            | Change::EditAlignment
            | Change::MarkReviewed
            | Change::ConfirmRemoval
            | Change::RemoveEnglish,
        ) => Role::BilingualReviewer,
        (Stage::NativeEdit, Change::EditEnglish) => Role::NativeEditor,
        (stage, change) => {
            return refuse(Rule::ReadOnlyInStage, Why::NobodyMay { change, stage });
        }
    };
    if !roles.has(role) {
        return refuse(
            Rule::RoleRequired,
            Why::ChangeNeedsRole {
                change,
                stage,
                role,
            },
        );
    }
    Ok(())
}

/// Judges a change to one row. A row a new version of the Korean marked
/// (`marked`: changed, added or removed, not yet reviewed) is back in
/// bilingual review while the article is in native edit: a bilingual
/// reviewer edits it, marks it reviewed or confirms its removal; a native
/// editor may read it and comment on it, not edit it, until then. Every
/// other row is judged by [`check_change`].
pub fn check_row_change(
    stage: Stage,
    roles: Roles,
    change: Change,
    marked: bool,
) -> Result<(), Refusal> {
    let bilingual_work = matches!(
        change,
        Change::EditEnglish | Change::MarkReviewed | Change::ConfirmRemoval
    );
    if marked && stage == Stage::NativeEdit && bilingual_work {
        if roles.has(Role::BilingualReviewer) {
            return Ok(());
        }
        return refuse(Rule::SourceChanged, Why::RowKoreanChanged);
    }
    if !marked && change == Change::ConfirmRemoval {
        return refuse(Rule::StageForbidsAction, Why::NotRemoved);
    }
    check_change(stage, roles, change)
}

/// Judges a merge or a split of a row: the headline's row (`headline`)
/// stays one row of its own.
pub fn check_realign(headline: bool) -> Result<(), Refusal> {
    if headline {
        return refuse(Rule::HeadlineRow, Why::HeadlineRow);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_stage_waits_for_the_role_that_moves_it_on() {
        use super::*;
        for &stage in Stage::ALL {
            for &action in stage.actions() {
                // Every listed action exists from its stage: only the role may
                // be missing, never the transition itself.
                let refusal = check_transition(&TransitionRequest {
                    stage,
                    action,
                    actor: 1,
                    roles: Roles::of(&[]),
                    note: Some("why"),
                    rows: &[],
                    bilingual_participants: &[],
                    blocking_findings: 0,
                    blocking_threads: 0,
                    source_changed: 0,
                })
                .unwrap_err();
                assert_eq!(refusal.rule, Rule::RoleRequired, "{stage} {action}");
            }
        }
        assert_eq!(
            Stage::BilingualReview.waits_for(),
            Some(Role::BilingualReviewer)
        );
        assert_eq!(Stage::SignedOff.waits_for(), None);
        // The role a stage waits for is the one its forward action needs.
        for &stage in Stage::ALL {
            if let (Some(role), Some(&action)) = (stage.waits_for(), stage.actions().first()) {
                let request = TransitionRequest {
                    stage,
                    action,
                    actor: 1,
                    roles: Roles::of(&[role]),
                    note: None,
                    rows: &[],
                    bilingual_participants: &[],
                    blocking_findings: 0,
                    blocking_threads: 0,
                    source_changed: 0,
                };
                assert!(check_transition(&request).is_ok(), "{stage}");
            }
        }
    }

    /// An auditor reads and changes nothing: no transition, no change, no
    /// row change, no assignment, at any stage; with another role beside
    /// it, the other role's rights stand.
    #[test]
    fn an_auditor_changes_nothing() {
        use super::*;
        let auditor = Roles::of(&[Role::Auditor]);
        assert!(!auditor.writes());
        assert!(Roles::of(&[Role::Auditor, Role::Reporter]).writes());
        for &stage in Stage::ALL {
            for &action in Action::ALL {
                let refused = check_transition(&request(stage, action, &[Role::Auditor]));
                assert!(refused.is_err(), "{stage} {action}");
            }
            let changes = [
                Change::EditEnglish,
                Change::EditAlignment,
                Change::MarkReviewed,
                Change::Submit,
                Change::ReplaceSubmission,
                Change::Comment,
                Change::ReviseSource,
                Change::ConfirmRemoval,
                Change::RemoveEnglish,
            ];
            for change in changes {
                assert!(
                    check_change(stage, auditor, change).is_err(),
                    "{stage} {change:?}"
                );
                for marked in [false, true] {
                    assert!(check_row_change(stage, auditor, change, marked).is_err());
                }
            }
            assert!(
                check_assignment(stage, auditor, None, &[]).is_err(),
                "{stage}"
            );
        }
        let reporter = Roles::of(&[Role::Auditor, Role::Reporter]);
        assert!(check_change(Stage::Draft, reporter, Change::Submit).is_ok());
        assert!(check_change(Stage::Draft, reporter, Change::Comment).is_ok());
    }

    use super::*;

    const REVIEWED: RowReview = RowReview {
        current_revision: 2,
        reviewed_revision: Some(2),
        published_revision: None,
    };
    const EDITED_AFTER_REVIEW: RowReview = RowReview {
        current_revision: 3,
        reviewed_revision: Some(2),
        published_revision: None,
    };

    fn request(stage: Stage, action: Action, roles: &[Role]) -> TransitionRequest<'static> {
        TransitionRequest {
            stage,
            action,
            actor: 7,
            roles: Roles::of(roles),
            note: Some("see row 3"),
            rows: &[REVIEWED, REVIEWED],
            bilingual_participants: &[1, 2],
            blocking_findings: 0,
            blocking_threads: 0,
            source_changed: 0,
        }
    }

    /// Every (stage, action) pair, with the role that may do it.
    #[test]
    fn transition_table() {
        use Action::*;
        use Stage::*;
        let allowed: [(Stage, Action, &[Role], Stage); 7] = [
            (Draft, Submit, &[Role::Reporter], BilingualReview),
            (
                BilingualReview,
                Approve,
                &[Role::BilingualReviewer],
                NativeEdit,
            ),
            (BilingualReview, Return, &[Role::BilingualReviewer], Draft),
            (NativeEdit, Return, &[Role::NativeEditor], BilingualReview),
            (NativeEdit, SignOff, &[Role::NativeEditor], SignedOff),
            (SignedOff, Reopen, &[Role::Admin], NativeEdit),
            (
                SignedOff,
                Correct,
                &[Role::NativeEditor, Role::Admin],
                BilingualReview,
            ),
        ];
        for &stage in Stage::ALL {
            for &action in Action::ALL {
                let entry = allowed
                    .iter()
                    .find(|(s, a, _, _)| *s == stage && *a == action);
                let all_roles = request(stage, action, Role::ALL);
                match entry {
                    Some(&(_, _, roles, to)) => {
                        for role in roles {
                            assert_eq!(
                                check_transition(&request(stage, action, &[*role])),
                                Ok(to),
                                "{stage} {action} as {role}"
                            );
                        }
                        for &other in Role::ALL.iter().filter(|r| !roles.contains(r)) {
                            let refused =
                                check_transition(&request(stage, action, &[other])).unwrap_err();
                            assert_eq!(
                                refused.rule,
                                Rule::RoleRequired,
                                "{stage} {action} as {other}"
                            );
                        }
                    }
                    None => {
                        let refused = check_transition(&all_roles).unwrap_err();
                        assert_eq!(refused.rule, Rule::StageForbidsAction, "{stage} {action}");
                    }
                }
            }
        }
    }

    #[test]
    fn return_and_reopen_need_a_note() {
        for (stage, action, role) in [
            (
                Stage::BilingualReview,
                Action::Return,
                Role::BilingualReviewer,
            ),
            (Stage::NativeEdit, Action::Return, Role::NativeEditor),
            (Stage::SignedOff, Action::Reopen, Role::Admin),
        ] {
            for note in [None, Some(""), Some("  \n")] {
                let mut r = request(stage, action, &[role]);
                r.note = note;
                assert_eq!(check_transition(&r).unwrap_err().rule, Rule::NoteRequired);
            }
        }
    }

    #[test]
    fn approval_needs_every_row_reviewed_since_its_last_edit() {
        let mut r = request(
            Stage::BilingualReview,
            Action::Approve,
            &[Role::BilingualReviewer],
        );
        let never = RowReview {
            current_revision: 0,
            reviewed_revision: None,
            published_revision: None,
        };
        for rows in [[REVIEWED, never], [REVIEWED, EDITED_AFTER_REVIEW]] {
            r.rows = Box::leak(Box::new(rows));
            let refused = check_transition(&r).unwrap_err();
            assert_eq!(refused.rule, Rule::RowsNotReviewed);
            assert_eq!(
                refused.why,
                Why::RowsNotReviewed {
                    unreviewed: 1,
                    rows: 2
                }
            );
        }
    }

    #[test]
    fn sign_off_by_a_bilingual_participant_is_refused() {
        let mut r = request(
            Stage::NativeEdit,
            Action::SignOff,
            &[Role::NativeEditor, Role::BilingualReviewer],
        );
        r.actor = 2;
        assert_eq!(
            check_transition(&r).unwrap_err().rule,
            Rule::SeparationOfDuties
        );
        r.actor = 3;
        assert_eq!(check_transition(&r), Ok(Stage::SignedOff));
    }

    #[test]
    fn blocking_findings_stop_approval_and_sign_off() {
        for (stage, action, role) in [
            (
                Stage::BilingualReview,
                Action::Approve,
                Role::BilingualReviewer,
            ),
            (Stage::NativeEdit, Action::SignOff, Role::NativeEditor),
        ] {
            let mut r = request(stage, action, &[role]);
            r.blocking_findings = 2;
            assert_eq!(
                check_transition(&r).unwrap_err().rule,
                Rule::BlockingFindings
            );
        }
    }

    #[test]
    fn an_open_thread_that_needs_an_answer_holds_approval_and_sign_off() {
        for (stage, action) in [
            (Stage::BilingualReview, Action::Approve),
            (Stage::NativeEdit, Action::SignOff),
        ] {
            let mut r = request(stage, action, Role::ALL);
            r.actor = 99;
            r.blocking_threads = 1;
            assert_eq!(check_transition(&r).unwrap_err().rule, Rule::OpenThreads);
            r.blocking_threads = 0;
            assert!(check_transition(&r).is_ok(), "{stage} {action}");
        }
        // Returning is never held up by a question.
        let mut r = request(Stage::BilingualReview, Action::Return, Role::ALL);
        r.note = Some("see my question");
        r.blocking_threads = 3;
        assert!(check_transition(&r).is_ok());
    }

    #[test]
    fn assignment_follows_the_roles_and_separation_of_duties() {
        let editor = Roles::of(&[Role::NativeEditor]);
        let reviewer = Roles::of(&[Role::BilingualReviewer]);
        let admin = Roles::of(&[Role::Admin]);
        assert_eq!(
            check_assignment(Stage::NativeEdit, editor, Some((5, editor)), &[1]),
            Ok(())
        );
        assert_eq!(
            check_assignment(Stage::BilingualReview, admin, Some((5, reviewer)), &[]),
            Ok(())
        );
        let rule = |r: Result<(), Refusal>| r.unwrap_err().rule;
        assert_eq!(
            rule(check_assignment(
                Stage::NativeEdit,
                reviewer,
                Some((5, editor)),
                &[]
            )),
            Rule::RoleRequired
        );
        assert_eq!(
            rule(check_assignment(
                Stage::NativeEdit,
                editor,
                Some((5, reviewer)),
                &[]
            )),
            Rule::RoleRequired
        );
        // Taking an assignment back asks only the asker's right.
        assert_eq!(
            check_assignment(Stage::NativeEdit, editor, None, &[]),
            Ok(())
        );
        assert_eq!(
            rule(check_assignment(Stage::NativeEdit, reviewer, None, &[])),
            Rule::RoleRequired
        );
        assert_eq!(
            rule(check_assignment(
                Stage::Draft,
                admin,
                Some((5, reviewer)),
                &[]
            )),
            Rule::StageForbidsAction
        );
        assert_eq!(
            rule(check_assignment(
                Stage::SignedOff,
                admin,
                Some((5, editor)),
                &[]
            )),
            Rule::StageForbidsAction
        );
        assert_eq!(
            rule(check_assignment(
                Stage::NativeEdit,
                editor,
                Some((5, Roles::of(&[Role::NativeEditor, Role::BilingualReviewer]))),
                &[5]
            )),
            Rule::SeparationOfDuties
        );
    }

    #[test]
    fn refusals_name_their_rule() {
        let refused =
            check_transition(&request(Stage::Draft, Action::SignOff, Role::ALL)).unwrap_err();
        assert_eq!(
            refused.why,
            Why::NoSuchAction {
                stage: Stage::Draft,
                action: Action::SignOff
            }
        );
        assert_eq!(
            refused.to_string(),
            "refused by rule stage_forbids_action (NoSuchAction { stage: Draft, action: SignOff })"
        );
    }

    #[test]
    fn a_row_with_an_open_blocking_finding_is_not_reviewed() {
        let refused = check_mark_reviewed(2).unwrap_err();
        assert_eq!(refused.rule, Rule::BlockingFindings);
        assert_eq!(refused.why, Why::RowHasBlockingFindings { count: 2 });
        assert_eq!(check_mark_reviewed(0), Ok(()));
    }

    #[test]
    fn change_table() {
        let allowed = [
            (Stage::Draft, Change::Submit, Role::Reporter),
            (Stage::Draft, Change::ReplaceSubmission, Role::Reporter),
            (
                Stage::BilingualReview,
                Change::EditEnglish,
                Role::BilingualReviewer,
            ),
            (
                Stage::BilingualReview,
                Change::EditAlignment,
                Role::BilingualReviewer,
            ),
            (
                Stage::BilingualReview,
                Change::MarkReviewed,
                Role::BilingualReviewer,
            ),
            (Stage::NativeEdit, Change::EditEnglish, Role::NativeEditor),
        ];
        let changes = [
            Change::Submit,
            Change::ReplaceSubmission,
            Change::EditEnglish,
            Change::EditAlignment,
            Change::MarkReviewed,
        ];
        for &stage in Stage::ALL {
            for change in changes {
                match allowed.iter().find(|(s, c, _)| *s == stage && *c == change) {
                    Some(&(_, _, role)) => {
                        assert_eq!(check_change(stage, Roles::of(&[role]), change), Ok(()));
                        let others: Vec<Role> =
                            Role::ALL.iter().copied().filter(|r| *r != role).collect();
                        let refused = check_change(stage, Roles::of(&others), change).unwrap_err();
                        assert_eq!(refused.rule, Rule::RoleRequired, "{stage} {change:?}");
                    }
                    None => {
                        let refused =
                            check_change(stage, Roles::of(Role::ALL), change).unwrap_err();
                        assert_eq!(refused.rule, Rule::ReadOnlyInStage, "{stage} {change:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for &stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.name()), Some(stage));
        }
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.name()), Some(role));
        }
        assert_eq!(Action::parse("sign_off"), Some(Action::SignOff));
        assert_eq!(
            Roles::of(&[Role::Admin, Role::Reporter]).list(),
            [Role::Reporter, Role::Admin]
        );
    }

    #[test]
    fn a_row_whose_korean_changed_in_native_edit_goes_back_to_a_bilingual_reviewer() {
        use super::*;
        let editor = Roles::of(&[Role::NativeEditor]);
        let reviewer = Roles::of(&[Role::BilingualReviewer]);
        let native = Stage::NativeEdit;
        // The native editor edits unchanged rows, not changed ones.
        assert!(check_row_change(native, editor, Change::EditEnglish, false).is_ok());
        let refusal = check_row_change(native, editor, Change::EditEnglish, true).unwrap_err();
        assert_eq!(refusal.rule, Rule::SourceChanged);
        assert!(check_row_change(native, editor, Change::Comment, true).is_ok());
        // The bilingual reviewer edits, reviews and confirms removals of the
        // changed rows only.
        for change in [
            Change::EditEnglish,
            Change::MarkReviewed,
            Change::ConfirmRemoval,
        ] {
            assert!(check_row_change(native, reviewer, change, true).is_ok());
        }
        assert!(check_row_change(native, reviewer, Change::EditEnglish, false).is_err());
        assert!(check_row_change(native, reviewer, Change::MarkReviewed, false).is_err());
        // Only a removed row's removal is confirmed.
        let refusal = check_row_change(
            Stage::BilingualReview,
            reviewer,
            Change::ConfirmRemoval,
            false,
        )
        .unwrap_err();
        assert_eq!(refusal.rule, Rule::StageForbidsAction);
        // A new Korean: the reporter or an admin, before sign-off.
        let reporter = Roles::of(&[Role::Reporter]);
        let admin = Roles::of(&[Role::Admin]);
        for stage in [Stage::Draft, Stage::BilingualReview, Stage::NativeEdit] {
            assert!(check_change(stage, reporter, Change::ReviseSource).is_ok());
            assert!(check_change(stage, admin, Change::ReviseSource).is_ok());
            assert!(check_change(stage, editor, Change::ReviseSource).is_err());
        }
        assert!(check_change(Stage::SignedOff, admin, Change::ReviseSource).is_err());
        // Approval and sign-off wait for the marked rows.
        for (stage, action, roles) in [
            (Stage::BilingualReview, Action::Approve, reviewer),
            (Stage::NativeEdit, Action::SignOff, editor),
        ] {
            let refusal = check_transition(&TransitionRequest {
                stage,
                action,
                actor: 9,
                roles,
                note: None,
                rows: &[],
                bilingual_participants: &[],
                blocking_findings: 0,
                blocking_threads: 0,
                source_changed: 2,
            })
            .unwrap_err();
            assert_eq!(refusal.rule, Rule::SourceChanged, "{action:?}");
        }
    }
}
