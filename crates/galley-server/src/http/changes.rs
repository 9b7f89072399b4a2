//! `/api/v1/articles/{id}/diff` and `/metrics`: what people changed, and how much.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use galley_core::diff::{diff_text, render};
use galley_core::metrics::{Scores, TerOptions};
use galley_core::workflow::Stage;
use galley_store::{Article, Revision};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, AppState, Cancel, Reader, compute};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles/{id}/diff", get(diff))
        .route("/articles/{id}/metrics", get(metrics))
}

/// Which version of a row: `ai`, `current`, a stage name (the text as it
/// stood when that stage ended, or now if it has not), or `rev:N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    Ai,
    Current,
    Stage(Stage),
    Revision(i64),
}

impl Version {
    fn parse(field: &str, value: &str) -> Result<Version, ApiError> {
        match value {
            "ai" => Ok(Version::Ai),
            "current" => Ok(Version::Current),
            _ => {
                if let Some(stage) = Stage::parse(value) {
                    return Ok(Version::Stage(stage));
                }
                value
                    .strip_prefix("rev:")
                    .and_then(|n| n.parse::<i64>().ok())
                    .filter(|n| *n >= 0)
                    .map(Version::Revision)
                    .ok_or_else(|| {
                        ApiError::invalid_field(
                            field,
                            format!("{field} must be ai, current, a stage name or rev:N"),
                        )
                    })
            }
        }
    }

    /// The revision of a row this version means (revisions oldest first).
    pub(crate) fn pick(self, revisions: &[Revision]) -> Option<&Revision> {
        match self {
            Version::Ai => revisions.first(),
            Version::Current => revisions.last(),
            Version::Revision(n) => revisions.iter().find(|r| r.revision == n),
            Version::Stage(stage) => revisions
                .iter()
                .rev()
                .find(|r| r.stage <= stage)
                .or(revisions.first()),
        }
    }
}

pub(crate) async fn rows_with_revisions(
    state: &AppState,
    id: i64,
) -> Result<(Article, Vec<Vec<Revision>>), galley_store::StoreError> {
    let article = state.store.article(id).await?;
    let mut by_row = state.store.article_revisions(id).await?;
    let all = article
        .segments
        .iter()
        .map(|segment| by_row.remove(&segment.id).unwrap_or_default())
        .collect();
    Ok((article, all))
}

#[derive(Debug, Deserialize)]
struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

async fn diff(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<i64>,
    Query(query): Query<DiffQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let from_name = query.from.unwrap_or_else(|| "ai".into());
    let to_name = query.to.unwrap_or_else(|| "current".into());
    // Quoted, so that no two pairs of names make the same question. The
    // names are checked after the reader (401 before 422); a refused pair
    // is never kept.
    let question = format!("diff {from_name:?} {to_name:?}");
    let answers = state.answers.clone();
    answers
        .json(&state, &reader, id, question, || async {
            let (from, to) = (
                Version::parse("from", &from_name)?,
                Version::parse("to", &to_name)?,
            );
            let (article, revisions) = rows_with_revisions(&state, id).await?;
            compute(move |cancel| {
                let rows = diff_rows(&article, &revisions, from, to, cancel)?;
                Ok((
                    article.version,
                    json!({"article": id, "from": from_name, "to": to_name, "rows": rows}),
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
) -> Result<Vec<Value>, ApiError> {
    let mut rows = Vec::new();
    for (segment, history) in article.segments.iter().zip(revisions) {
        cancel.check()?;
        let (Some(old), Some(new)) = (from.pick(history), to.pick(history)) else {
            let field = if from.pick(history).is_none() {
                "from"
            } else {
                "to"
            };
            return Err(ApiError::invalid_field(
                field,
                format!("row {} has no such revision", segment.id),
            ));
        };
        let diff = diff_text(&old.text, &new.text);
        rows.push(json!({
            "segment": segment.id,
            "from_revision": old.revision,
            "to_revision": new.revision,
            "changed": !diff.is_unchanged(),
            "ops": crate::cli::wire::segments_json(&diff),
            "html": render::html(&diff),
        }));
    }
    Ok(rows)
}

fn scores_json(scores: &Scores) -> Value {
    let round = |v: f64| (v * 100.0).round() / 100.0;
    json!({
        "ter": round(scores.ter.score()),
        "chrf_pp": round(scores.chrf_pp.score()),
        "changed_share": (scores.changed_share() * 10_000.0).round() / 10_000.0,
        "word_edits": scores.word_edits,
    })
}

/// How much one step changed the English: the article as a whole and each row.
pub(crate) struct StepChange {
    /// Stable name, e.g. `ai_to_bilingual_review`.
    pub name: &'static str,
    /// What a person reads.
    pub label: &'static str,
    /// Corpus-level scores (`None` for an article without rows).
    pub article: Option<Scores>,
    /// Per row: its id and scores.
    pub rows: Vec<(i64, Scores)>,
}

/// The three steps people care about: the bilingual review's changes to the
/// AI draft, the native edit's changes to that, and everything since the AI.
/// Stops (with the cancellation's error) once `cancel` is set, between rows.
pub(crate) fn step_changes(
    article: &Article,
    revisions: &[Vec<Revision>],
    cancel: &Cancel,
) -> Result<Vec<StepChange>, ApiError> {
    let steps = [
        (
            "ai_to_bilingual_review",
            "AI draft → bilingual review",
            Version::Ai,
            Version::Stage(Stage::BilingualReview),
        ),
        (
            "bilingual_review_to_native_edit",
            "bilingual review → native edit",
            Version::Stage(Stage::BilingualReview),
            Version::Stage(Stage::NativeEdit),
        ),
        (
            "ai_to_current",
            "AI draft → now",
            Version::Ai,
            Version::Current,
        ),
    ];
    steps
        .into_iter()
        .map(|(name, label, from, to)| {
            let mut rows = Vec::new();
            for (segment, history) in article.segments.iter().zip(revisions) {
                cancel.check()?;
                if let (Some(old), Some(new)) = (from.pick(history), to.pick(history)) {
                    // The earlier text is the hypothesis, the later one the reference.
                    let scores = Scores::segment(&old.text, &new.text, TerOptions::default());
                    rows.push((segment.id, scores));
                }
            }
            Ok(StepChange {
                name,
                label,
                article: Scores::corpus(rows.iter().map(|(_, s)| s)),
                rows,
            })
        })
        .collect()
}

async fn metrics(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let answers = state.answers.clone();
    answers
        .json(&state, &reader, id, "metrics".into(), || async {
            let (article, revisions) = rows_with_revisions(&state, id).await?;
            compute(move |cancel| {
                let mut out = serde_json::Map::new();
                for step in step_changes(&article, &revisions, cancel)? {
                    let rows: Vec<Value> = step
                        .rows
                        .iter()
                        .map(|(segment, scores)| {
                            let mut row = scores_json(scores);
                            row["segment"] = json!(segment);
                            row
                        })
                        .collect();
                    let article_scores = step.article.as_ref().map_or(Value::Null, scores_json);
                    out.insert(
                        step.name.into(),
                        json!({"article": article_scores, "rows": rows}),
                    );
                }
                Ok((article.version, Value::Object(out)))
            })
            .await
        })
        .await
}
