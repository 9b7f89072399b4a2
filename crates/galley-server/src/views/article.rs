//! An article as the API answers it and the JSON export carries it: its
//! rows with their Korean, current English, review state and flags.

use galley_core::align::LinkFlag;
use galley_core::paragraph::Side;
use galley_store::{Article, ArticleId, Finding, Override, Row, RowId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::i18n::Lang;
use crate::views::names::{CheckName, SeverityName, SideName, SourceChangeName, StageName};

/// An article with its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ArticleView {
    /// The article's id.
    pub id: ArticleId,
    /// Its title.
    pub title: String,
    /// `draft`, `bilingual_review`, `native_edit` or `signed_off`.
    pub stage: StageName,
    /// Changes with every write; a transition names the one it saw.
    pub version: i64,
    /// The version of the Korean (1 at submission); a new one names it as
    /// `base_source_version`.
    pub source_version: i64,
    /// Rows a new version of the Korean changed, added or removed that wait
    /// for a bilingual reviewer: approval and sign-off wait for them.
    pub source_changed_rows: usize,
    /// Whether the title is the headline row's English (the first row,
    /// reviewed like any other); `false` for an article submitted before
    /// the headline was a row, whose title was never reviewed.
    pub headline_row: bool,
    /// The AI tool that drafted the English.
    pub ai: AiView,
    /// Errors not overridden: they block `approve` and `sign_off`.
    pub blocking_findings: usize,
    /// The return that sent the article where it is, while it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<ReturnedView>,
    /// Who is responsible for each stage, and by when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<AssignedView>,
    /// The rows of the alignment, in order.
    pub segments: Vec<SegmentView>,
}

/// A stage's assignee and due time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssignedView {
    /// `bilingual_review` or `native_edit`.
    pub stage: StageName,
    /// The user responsible.
    pub assignee: UserId,
    /// When it is due (UTC, RFC 3339).
    pub due: Option<String>,
}

/// Who returned the article, when, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReturnedView {
    /// The user who returned it.
    pub by: UserId,
    /// When, RFC 3339.
    pub at: String,
    /// Their note.
    pub note: String,
}

/// The AI tool and model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AiView {
    /// The tool.
    pub tool: String,
    /// The model.
    pub model: String,
}

/// One row: Korean paragraphs and the English that translates them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SegmentView {
    /// The row's id.
    pub id: RowId,
    /// Its Korean paragraphs.
    pub ko: Vec<String>,
    /// Their indices in the source, `[start, end)`.
    pub ko_paragraphs: [usize; 2],
    /// The current English.
    pub en: String,
    /// The current revision (0 is the AI draft).
    pub revision: i64,
    /// Marked reviewed at the current revision.
    pub reviewed: bool,
    /// The aligner's confidence, 0 to 1.
    pub confidence: f64,
    /// The aligner's doubt and the QA findings.
    pub flags: Vec<FlagView>,
    /// The article's headline (its first row; present only there, `true`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub headline: bool,
    /// A new version of the Korean changed, added or removed this row and
    /// no bilingual reviewer has reviewed it (or confirmed its removal)
    /// since.
    pub source_changed: bool,
    /// What the new version did: `changed`, `added` or `removed` (while
    /// `source_changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_change: Option<SourceChangeName>,
    /// The row's Korean before the change, for the word diff (while
    /// `source_changed`, for a changed or removed row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_before: Option<String>,
}

/// The aligner's doubt (`low_confidence`) or a QA finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FlagView {
    /// `low_confidence`, `numbers`, `latin_terms`, `hangul_in_english`,
    /// `missing_english`, `missing_korean`, `quotes`, `doubled_word`,
    /// `double_space`, `name_spelling`, `invisible`, `short_english`,
    /// `omission_in_row` or `glossary`.
    pub check: CheckName,
    /// Stable within the row: what an override names.
    pub key: String,
    /// `error` or `warning`.
    pub severity: SeverityName,
    /// What is wrong, for a person.
    pub message: String,
    /// Where, on which side.
    pub spans: Vec<SpanView>,
    /// An error not overridden: blocks `approve` and `sign_off`.
    pub blocking: bool,
    /// The override, if someone overrode it.
    #[serde(rename = "override")]
    pub overridden: Option<OverrideView>,
}

/// A stretch of one side's text, in characters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SpanView {
    /// `korean` or `english`.
    pub side: SideName,
    /// First character.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The text there.
    pub text: String,
}

/// Who overrode a finding, when, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OverrideView {
    /// The written reason.
    pub reason: String,
    /// The user's id.
    pub by: UserId,
    /// When.
    pub at: String,
}

impl ArticleView {
    /// The view of `article` with its `overrides`.
    pub fn of(article: &Article, overrides: &[Override], lang: Lang) -> ArticleView {
        let findings = article.findings();
        let segments = article
            .rows
            .iter()
            .zip(&findings)
            .map(|(segment, found)| SegmentView {
                id: segment.id,
                ko: article.korean[segment.ko.clone()].to_vec(),
                ko_paragraphs: [segment.ko.start, segment.ko.end],
                en: segment.text.clone(),
                revision: segment.revision,
                reviewed: segment.reviewed_revision == Some(segment.revision),
                confidence: (segment.confidence * 10_000.0).round() / 10_000.0,
                flags: flags(article, segment, found, overrides, lang),
                headline: article.is_headline(segment),
                source_changed: segment.source_change.is_some(),
                source_change: segment.source_change.and_then(SourceChangeName::of),
                korean_before: segment.ko_before.clone(),
            })
            .collect();
        ArticleView {
            id: article.id,
            title: article.title.clone(),
            stage: article.stage.into(),
            version: article.version,
            source_version: article.source_version,
            headline_row: article.headline,
            source_changed_rows: article
                .rows
                .iter()
                .filter(|r| r.source_change.is_some())
                .count(),
            ai: AiView {
                tool: article.ai.tool.clone(),
                model: article.ai.model.clone(),
            },
            assignments: article
                .assignments
                .iter()
                .map(|a| AssignedView {
                    stage: a.stage.into(),
                    assignee: a.assignee,
                    due: a.due.map(|t| t.to_string()),
                })
                .collect(),
            returned: article.returned.as_ref().map(|r| ReturnedView {
                by: r.by,
                at: galley_store::time::stored(r.at),
                note: r.note.clone(),
            }),
            blocking_findings: article.blocking_among(&findings, overrides),
            segments,
        }
    }
}

/// The text of each span of a finding, from its row's Korean and English
/// (what the API shows and the page quotes).
pub fn span_views(finding: &Finding, korean: &str, english: &str) -> Vec<SpanView> {
    finding
        .spans
        .iter()
        .map(|span| {
            let text = match span.side {
                Side::Korean => korean,
                Side::English => english,
            };
            SpanView {
                side: span.side.into(),
                start: span.start,
                end: span.end,
                text: text
                    .chars()
                    .skip(span.start)
                    .take(span.end.saturating_sub(span.start))
                    .collect(),
            }
        })
        .collect()
}

/// The override in force for a finding of a row, if any.
pub fn override_of<'a>(overrides: &'a [Override], row: RowId, key: &str) -> Option<&'a Override> {
    overrides.iter().find(|o| o.row_id == row && o.key == key)
}

/// A row's flags: the aligner's doubt about the row, and the QA findings
/// with their severity, message, the text involved and any override.
fn flags(
    article: &Article,
    segment: &Row,
    findings: &[Finding],
    overrides: &[Override],
    lang: Lang,
) -> Vec<FlagView> {
    let korean = article.korean_of(segment);
    let mut flags = Vec::new();
    if segment.flags.contains(&LinkFlag::LowConfidence) {
        flags.push(FlagView {
            check: CheckName::LowConfidence,
            key: LinkFlag::LowConfidence.name().into(),
            severity: SeverityName::Warning,
            message: lang.low_confidence().into(),
            spans: Vec::new(),
            blocking: false,
            overridden: None,
        });
    }
    for finding in findings {
        let spans = span_views(finding, &korean, &segment.text);
        let overridden = override_of(overrides, segment.id, &finding.key);
        flags.push(FlagView {
            check: finding.check.into(),
            key: finding.key.clone(),
            severity: finding.severity.into(),
            message: lang.finding(&finding.said).0,
            spans,
            blocking: galley_core::qa::blocks(finding) && overridden.is_none(),
            overridden: overridden.map(|o| OverrideView {
                reason: o.reason.clone(),
                by: o.user_id,
                at: galley_store::time::stored(o.created_at),
            }),
        });
    }
    flags
}
