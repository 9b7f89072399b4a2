//! `/api/v1/articles/{id}/diff` and `/metrics`: what people changed, and how much.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use galley_core::diff::{diff_text, render};
use galley_core::metrics::Scores;
use galley_store::{Article, ArticleId, Revision, RowId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::Problem;
use super::{ApiError, ApiQuery, AuthUser};
use crate::compute::{Cancel, compute};
use crate::state::AppState;
use crate::views::changes::{Version, rows_with_revisions, step_changes};
use crate::wire::{WireSegment, wire_segments};
use crate::wrong::Wrong;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(diff))
        .routes(routes!(metrics))
}

/// A version named in the query, or 422 naming the field.
fn parse_version(field: &'static str, value: &str) -> Result<Version, ApiError> {
    Version::parse(value).ok_or_else(|| Wrong::VersionName { field }.into())
}

/// Which two versions of every row to compare.
#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    /// `ai` (the default), `current`, a stage name, or `rev:N`.
    from: Option<String>,
    /// `current` (the default), `ai`, a stage name, or `rev:N`.
    to: Option<String>,
}

/// Every row's word diff between two versions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffView {
    /// The article.
    pub article: ArticleId,
    /// The older version, as asked.
    pub from: String,
    /// The newer version, as asked.
    pub to: String,
    /// Each row's diff, in order.
    pub rows: Vec<RowDiff>,
}

/// One row's word diff.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RowDiff {
    /// The row.
    pub segment: RowId,
    /// The revision compared from.
    pub from_revision: i64,
    /// The revision compared to.
    pub to_revision: i64,
    /// Whether anything changed.
    pub changed: bool,
    /// The diff's pieces.
    pub ops: Vec<WireSegment>,
    /// The diff as track changes (`<del>`, `<ins>`, escaped).
    pub html: String,
}

/// How much each step changed the English.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MetricsView {
    /// From the AI draft to the end of bilingual review.
    pub ai_to_bilingual_review: StepMetrics,
    /// From the end of bilingual review to the end of native edit.
    pub bilingual_review_to_native_edit: StepMetrics,
    /// From the AI draft to now.
    pub ai_to_current: StepMetrics,
}

/// One step's change: the whole article, and each row.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StepMetrics {
    /// The article as a whole (`null` for an article without rows).
    pub article: Option<ScoresView>,
    /// Each row.
    pub rows: Vec<RowScores>,
}

/// The figures of one change (the earlier text is the hypothesis, the
/// later one the reference).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct ScoresView {
    /// TER, as sacrebleu 2.6 computes it.
    pub ter: f64,
    /// chrF++, as sacrebleu computes it.
    pub chrf_pp: f64,
    /// Word edits over the longer side's words, 0 to 1.
    pub changed_share: f64,
    /// Word-level Levenshtein distance.
    pub word_edits: u64,
}

/// One row's figures.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RowScores {
    /// The row.
    pub segment: RowId,
    /// Its figures.
    #[serde(flatten)]
    pub scores: ScoresView,
}

impl From<&Scores> for ScoresView {
    fn from(scores: &Scores) -> ScoresView {
        let round = |v: f64| (v * 100.0).round() / 100.0;
        ScoresView {
            ter: round(scores.ter.score()),
            chrf_pp: round(scores.chrf_pp.score()),
            changed_share: (scores.changed_share() * 10_000.0).round() / 10_000.0,
            word_edits: scores.word_edits,
        }
    }
}

#[utoipa::path(
    get,
    path = "/articles/{id}/diff",
    tag = "changes",
    summary = "Word-level diff of every row between two versions (ai, current, a stage, rev:N)",
    params(
        ("id" = i64, Path, description = "The article"),
        ("from" = Option<String>, Query, description = "ai (the default), current, a stage name, or rev:N"),
        ("to" = Option<String>, Query, description = "current (the default), ai, a stage name, or rev:N")
    ),
    responses(
        (status = 200, description = "Each row's diff", body = DiffView),
        (status = "4XX", description = "401, 404 or 422: problem details", body = Problem, content_type = "application/problem+json")
    )
)]
async fn diff(
    State(state): State<AppState>,
    reader: AuthUser,
    Path(id): Path<ArticleId>,
    ApiQuery(query): ApiQuery<DiffQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let from_name = query.from.unwrap_or_else(|| "ai".into());
    let to_name = query.to.unwrap_or_else(|| "current".into());
    // Quoted, so that no two pairs of names make the same question. The
    // names are checked after the reader (401 before 422); a refused pair
    // is never kept.
    let question = format!("diff {from_name:?} {to_name:?}");
    super::cache::json(&state, &reader, id, question, || async {
        let (from, to) = (
            parse_version("from", &from_name)?,
            parse_version("to", &to_name)?,
        );
        let (article, revisions, _) = rows_with_revisions(&state, id, None).await?;
        compute(move |cancel| {
            let rows = diff_rows(&article, &revisions, from, to, cancel)?;
            Ok((
                (article.version, article.glossary_version),
                DiffView {
                    article: id,
                    from: from_name,
                    to: to_name,
                    rows,
                },
            ))
        })
        .await
    })
    .await
}

/// Each row's word-level diff between two of its versions.
fn diff_rows(
    article: &Article,
    revisions: &[Vec<Revision>],
    from: Version,
    to: Version,
    cancel: &Cancel,
) -> Result<Vec<RowDiff>, ApiError> {
    let mut rows = Vec::new();
    for (segment, history) in article.rows.iter().zip(revisions) {
        cancel.check()?;
        let (Some(old), Some(new)) = (from.pick(history), to.pick(history)) else {
            let field = if from.pick(history).is_none() {
                "from"
            } else {
                "to"
            };
            return Err(Wrong::NoSuchRevision {
                field,
                row: segment.id,
                revision: None,
            }
            .into());
        };
        let diff = diff_text(&old.text, &new.text);
        rows.push(RowDiff {
            segment: segment.id,
            from_revision: old.revision,
            to_revision: new.revision,
            changed: !diff.is_unchanged(),
            ops: wire_segments(&diff),
            html: render::html(&diff),
        });
    }
    Ok(rows)
}

#[utoipa::path(
    get,
    path = "/articles/{id}/metrics",
    tag = "changes",
    summary = "TER, chrF++ and the share changed per step (AI → bilingual review → native edit, and AI → now), per article and per row",
    params(("id" = i64, Path, description = "The article")),
    responses(
        (status = 200, description = "The figures", body = MetricsView),
        (status = "4XX", description = "401 or 404: problem details", body = Problem, content_type = "application/problem+json")
    )
)]
async fn metrics(
    State(state): State<AppState>,
    reader: AuthUser,
    Path(id): Path<ArticleId>,
) -> Result<impl IntoResponse, ApiError> {
    super::cache::json(&state, &reader, id, "metrics".into(), || async {
        let replay = state.store.replay(id).await?;
        let (article, revisions, removed) = rows_with_revisions(&state, id, Some(&replay)).await?;
        let cache = state.scores.clone();
        compute(move |cancel| {
            let mut steps = step_changes(&article, &revisions, &removed, &cache, cancel)?
                .into_iter()
                .map(|step| StepMetrics {
                    article: step.article.as_ref().map(ScoresView::from),
                    rows: step
                        .rows
                        .iter()
                        .map(|(segment, scores)| RowScores {
                            segment: *segment,
                            scores: scores.into(),
                        })
                        .collect(),
                });
            let mut next = || {
                steps
                    .next()
                    .ok_or_else(|| ApiError::internal("three steps expected"))
            };
            let view = MetricsView {
                ai_to_bilingual_review: next()?,
                bilingual_review_to_native_edit: next()?,
                ai_to_current: next()?,
            };
            Ok(((article.version, article.glossary_version), view))
        })
        .await
    })
    .await
}
