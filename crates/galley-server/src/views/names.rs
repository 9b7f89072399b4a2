//! The names the API sends for the core's enums: wire types that serialize
//! as the core's `name()`, list their values to OpenAPI, and read back (the
//! tests decode answers into the views that carry them). A test holds each
//! list to the core's, so the document cannot promise a value that is never
//! sent or leave one out.

use galley_core::paragraph::Side;
use galley_core::qa::{Check, Severity};
use galley_core::source::Carry;
use galley_core::workflow::Stage;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stage of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    Draft,
    BilingualReview,
    NativeEdit,
    SignedOff,
}

impl From<Stage> for StageName {
    fn from(stage: Stage) -> StageName {
        match stage {
            Stage::Draft => StageName::Draft,
            Stage::BilingualReview => StageName::BilingualReview,
            Stage::NativeEdit => StageName::NativeEdit,
            Stage::SignedOff => StageName::SignedOff,
        }
    }
}

/// What found something in a row: the aligner's doubt, or a QA check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    LowConfidence,
    Numbers,
    LatinTerms,
    HangulInEnglish,
    MissingEnglish,
    MissingKorean,
    Quotes,
    DoubledWord,
    DoubleSpace,
    NameSpelling,
    Invisible,
    ShortEnglish,
    OmissionInRow,
    AdditionInRow,
    Glossary,
    NameRomanization,
}

impl From<Check> for CheckName {
    fn from(check: Check) -> CheckName {
        match check {
            Check::Numbers => CheckName::Numbers,
            Check::LatinTerms => CheckName::LatinTerms,
            Check::HangulInEnglish => CheckName::HangulInEnglish,
            Check::MissingEnglish => CheckName::MissingEnglish,
            Check::MissingKorean => CheckName::MissingKorean,
            Check::Quotes => CheckName::Quotes,
            Check::DoubledWord => CheckName::DoubledWord,
            Check::DoubleSpace => CheckName::DoubleSpace,
            Check::NameSpelling => CheckName::NameSpelling,
            Check::Invisible => CheckName::Invisible,
            Check::ShortEnglish => CheckName::ShortEnglish,
            Check::OmissionInRow => CheckName::OmissionInRow,
            Check::AdditionInRow => CheckName::AdditionInRow,
            Check::Glossary => CheckName::Glossary,
            Check::NameRomanization => CheckName::NameRomanization,
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeverityName {
    Error,
    Warning,
}

impl From<Severity> for SeverityName {
    fn from(severity: Severity) -> SeverityName {
        match severity {
            Severity::Error => SeverityName::Error,
            Severity::Warning => SeverityName::Warning,
        }
    }
}

/// A side of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SideName {
    Korean,
    English,
}

impl From<Side> for SideName {
    fn from(side: Side) -> SideName {
        match side {
            Side::Korean => SideName::Korean,
            Side::English => SideName::English,
        }
    }
}

/// What a new version of the Korean did to a row that waits for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceChangeName {
    Changed,
    Added,
    Removed,
}

impl SourceChangeName {
    /// The name of a change a row waits on (an unchanged row waits on none).
    pub fn of(carry: Carry) -> Option<SourceChangeName> {
        match carry {
            Carry::Unchanged => None,
            Carry::Changed => Some(SourceChangeName::Changed),
            Carry::Added => Some(SourceChangeName::Added),
            Carry::Removed => Some(SourceChangeName::Removed),
        }
    }
}

/// What a piece of a word diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpName {
    Equal,
    Delete,
    Insert,
}

impl From<galley_core::diff::ChangeKind> for OpName {
    fn from(kind: galley_core::diff::ChangeKind) -> OpName {
        use galley_core::diff::ChangeKind;
        match kind {
            ChangeKind::Equal => OpName::Equal,
            ChangeKind::Delete => OpName::Delete,
            ChangeKind::Insert => OpName::Insert,
        }
    }
}

/// What a glossary entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TermKindName {
    Person,
    Organization,
    Place,
    Title,
    Term,
}

impl From<galley_core::glossary::TermKind> for TermKindName {
    fn from(kind: galley_core::glossary::TermKind) -> TermKindName {
        use galley_core::glossary::TermKind;
        match kind {
            TermKind::Person => TermKindName::Person,
            TermKind::Organization => TermKindName::Organization,
            TermKind::Place => TermKindName::Place,
            TermKind::Title => TermKindName::Title,
            TermKind::Term => TermKindName::Term,
        }
    }
}

/// What the aligner says of a row on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkFlagName {
    LowConfidence,
    MissingTranslation,
    AddedInTranslation,
}

impl From<galley_core::align::LinkFlag> for LinkFlagName {
    fn from(flag: galley_core::align::LinkFlag) -> LinkFlagName {
        use galley_core::align::LinkFlag;
        match flag {
            LinkFlag::LowConfidence => LinkFlagName::LowConfidence,
            LinkFlag::MissingTranslation => LinkFlagName::MissingTranslation,
            LinkFlag::AddedInTranslation => LinkFlagName::AddedInTranslation,
        }
    }
}

/// Why a person was notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonName {
    Assignment,
    Arrival,
    Return,
    Mention,
    Reply,
    SignOff,
    SourceChanged,
    Correction,
}

impl From<galley_core::notify::Reason> for ReasonName {
    fn from(reason: galley_core::notify::Reason) -> ReasonName {
        use galley_core::notify::Reason;
        match reason {
            Reason::Assignment => ReasonName::Assignment,
            Reason::Arrival => ReasonName::Arrival,
            Reason::Return => ReasonName::Return,
            Reason::Mention => ReasonName::Mention,
            Reason::Reply => ReasonName::Reply,
            Reason::SignOff => ReasonName::SignOff,
            Reason::SourceChanged => ReasonName::SourceChanged,
            Reason::Correction => ReasonName::Correction,
        }
    }
}

/// Where a webhook delivery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStateName {
    Pending,
    Delivered,
    Failed,
}

impl From<galley_store::DeliveryState> for DeliveryStateName {
    fn from(state: galley_store::DeliveryState) -> DeliveryStateName {
        use galley_store::DeliveryState;
        match state {
            DeliveryState::Pending => DeliveryStateName::Pending,
            DeliveryState::Delivered => DeliveryStateName::Delivered,
            DeliveryState::Failed => DeliveryStateName::Failed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_core::align::LinkFlag;
    use galley_core::diff::ChangeKind;
    use galley_core::glossary::TermKind;
    use utoipa::PartialSchema;

    /// The values a schema lists.
    fn values<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).expect("a schema");
        schema["enum"]
            .as_array()
            .expect("an enum")
            .iter()
            .map(|v| v.as_str().expect("a name").to_string())
            .collect()
    }

    fn sorted(mut names: Vec<String>) -> Vec<String> {
        names.sort();
        names
    }

    #[test]
    fn each_list_is_the_cores() {
        let own = |names: &[&str]| sorted(names.iter().map(|n| n.to_string()).collect());
        let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(sorted(values::<StageName>()), own(&stages));
        let mut checks: Vec<&str> = Check::ALL.iter().map(|c| c.code()).collect();
        checks.push(LinkFlag::LowConfidence.name());
        assert_eq!(sorted(values::<CheckName>()), own(&checks));
        let severities = [Severity::Error.name(), Severity::Warning.name()];
        assert_eq!(sorted(values::<SeverityName>()), own(&severities));
        let sides = [Side::Korean.name(), Side::English.name()];
        assert_eq!(sorted(values::<SideName>()), own(&sides));
        // No catch-all: a new kind of piece does not compile here.
        let kinds = [ChangeKind::Equal, ChangeKind::Delete, ChangeKind::Insert];
        assert_eq!(
            sorted(values::<OpName>()),
            own(&kinds.map(ChangeKind::name))
        );
        for kind in kinds {
            let sent = serde_json::json!(OpName::from(kind));
            assert_eq!(sent, kind.name());
        }
        let changes = [Carry::Changed, Carry::Added, Carry::Removed].map(Carry::name);
        assert_eq!(sorted(values::<SourceChangeName>()), own(&changes));
        let terms = [
            TermKind::Person,
            TermKind::Organization,
            TermKind::Place,
            TermKind::Title,
            TermKind::Term,
        ];
        assert_eq!(
            sorted(values::<TermKindName>()),
            own(&terms.map(TermKind::name))
        );
        for kind in terms {
            assert_eq!(serde_json::json!(TermKindName::from(kind)), kind.name());
        }
        let flags = [
            LinkFlag::LowConfidence,
            LinkFlag::MissingTranslation,
            LinkFlag::AddedInTranslation,
        ];
        assert_eq!(
            sorted(values::<LinkFlagName>()),
            own(&flags.map(LinkFlag::name))
        );
        for flag in flags {
            assert_eq!(serde_json::json!(LinkFlagName::from(flag)), flag.name());
        }
        use galley_core::notify::Reason;
        let reasons = [
            Reason::Assignment,
            Reason::Arrival,
            Reason::Return,
            Reason::Mention,
            Reason::Reply,
            Reason::SignOff,
            Reason::SourceChanged,
            Reason::Correction,
        ];
        assert_eq!(
            sorted(values::<ReasonName>()),
            own(&reasons.map(Reason::code))
        );
        for reason in reasons {
            assert_eq!(serde_json::json!(ReasonName::from(reason)), reason.code());
        }
        use galley_store::DeliveryState;
        let states = [
            DeliveryState::Pending,
            DeliveryState::Delivered,
            DeliveryState::Failed,
        ];
        assert_eq!(
            sorted(values::<DeliveryStateName>()),
            own(&states.map(DeliveryState::name))
        );
        for state in states {
            assert_eq!(
                serde_json::json!(DeliveryStateName::from(state)),
                state.name()
            );
        }
    }

    #[test]
    fn each_name_is_sent_as_the_core_names_it() {
        let sent = |value: serde_json::Value| value.as_str().unwrap().to_string();
        for stage in Stage::ALL.iter().copied() {
            assert_eq!(
                sent(serde_json::json!(StageName::from(stage))),
                stage.name()
            );
        }
        for check in Check::ALL {
            assert_eq!(
                sent(serde_json::json!(CheckName::from(check))),
                check.code()
            );
        }
        assert_eq!(
            sent(serde_json::json!(CheckName::LowConfidence)),
            LinkFlag::LowConfidence.name()
        );
        for severity in [Severity::Error, Severity::Warning] {
            assert_eq!(
                sent(serde_json::json!(SeverityName::from(severity))),
                severity.name()
            );
        }
        for side in [Side::Korean, Side::English] {
            assert_eq!(sent(serde_json::json!(SideName::from(side))), side.name());
        }
        for carry in [Carry::Changed, Carry::Added, Carry::Removed] {
            let name = SourceChangeName::of(carry).expect("a change");
            assert_eq!(sent(serde_json::json!(name)), carry.name());
        }
        assert_eq!(SourceChangeName::of(Carry::Unchanged), None);
    }
}
