//! The names the API sends for the core's enums, declared to OpenAPI with
//! their values (the answers carry them as `&'static str` from the core's
//! `name()`; these types only describe them). A test holds each list to
//! the core's, so the document cannot promise a value that is never sent
//! or leave one out.

use serde::Serialize;
use utoipa::ToSchema;

/// A stage of the workflow.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum StageName {
    Draft,
    BilingualReview,
    NativeEdit,
    SignedOff,
}

/// What found something in a row: the aligner's doubt, or a QA check.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
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
    Glossary,
}

/// How much a finding matters.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SeverityName {
    Error,
    Warning,
}

/// A side of a row.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SideName {
    Korean,
    English,
}

/// What a piece of a word diff is.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum OpName {
    Equal,
    Delete,
    Insert,
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_core::align::LinkFlag;
    use galley_core::diff::ChangeKind;
    use galley_core::paragraph::Side;
    use galley_core::qa::{Check, Severity};
    use galley_core::workflow::Stage;
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
        let op = |kind: ChangeKind| match kind {
            ChangeKind::Equal | ChangeKind::Delete | ChangeKind::Insert => kind.name(),
        };
        let ops = [ChangeKind::Equal, ChangeKind::Delete, ChangeKind::Insert].map(op);
        assert_eq!(sorted(values::<OpName>()), own(&ops));
    }
}
