//! `/api/v1/articles/{id}/diff` and `/metrics`: what people changed, and how much.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use galley_core::diff::{diff_text, render};
use galley_core::metrics::Scores;
use galley_store::{Article, Revision};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, Reader};
use crate::compute::{Cancel, compute};
use crate::state::AppState;
use crate::views::changes::{Version, rows_with_revisions, step_changes};

/// A version named in the query, or 422 naming the field.
fn parse_version(field: &str, value: &str) -> Result<Version, ApiError> {
    Version::parse(value).ok_or_else(|| {
        ApiError::invalid_field(
            field,
            format!("{field} must be ai, current, a stage name or rev:N"),
        )
    })
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles/{id}/diff", get(diff))
        .route("/articles/{id}/metrics", get(metrics))
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
    super::cache::json(&state, &reader, id, question, || async {
        let (from, to) = (
            parse_version("from", &from_name)?,
            parse_version("to", &to_name)?,
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

async fn metrics(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    super::cache::json(&state, &reader, id, "metrics".into(), || async {
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
