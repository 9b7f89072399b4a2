//! `/api/v1/articles/{id}/disclosure`, `/export` and `/import`: the earned
//! disclosure line, and the files that take an article elsewhere.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use galley_core::limits::{self, Kind};
use galley_core::workflow::Stage;
use serde::Deserialize;
use serde_json::json;

use super::{ApiError, AuthUser};
use crate::exchange::{self, ImportError};
use crate::state::AppState;
use crate::views::disclosure::{self, NotEarned};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles/{id}/disclosure", get(disclosure))
        .route("/articles/{id}/export", get(export))
        .route("/articles/{id}/import", post(import))
}

/// A disclosure that is not earned, as problem details naming the rule.
impl From<NotEarned> for ApiError {
    fn from(not: NotEarned) -> ApiError {
        match not {
            NotEarned::Store(error) => error.into(),
            NotEarned::Stopped(stopped) => stopped.into(),
            NotEarned::Refused { rule, message } => {
                ApiError::conflict("Disclosure not earned", rule, message)
            }
        }
    }
}

async fn disclosure(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(axum::Json(disclosure::disclosure(&state, id).await?))
}

#[derive(Debug, Deserialize)]
struct ExportQuery {
    format: Option<String>,
}

fn file_response(content_type: &'static str, name: &str, body: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn export(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<i64>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let article = state.store.article(id).await?;
    let overrides = state.store.overrides(id).await?;
    match query.format.as_deref() {
        Some("xliff") => Ok(file_response(
            "application/xliff+xml; charset=utf-8",
            &format!("article-{id}.xlf"),
            exchange::xliff(&article, &overrides),
        )),
        Some("tmx") => {
            if article.stage != Stage::SignedOff {
                return Err(ApiError::conflict(
                    "Not signed off",
                    "not_signed_off",
                    "a translation memory takes signed-off rows only; sign the article off first",
                ));
            }
            Ok(file_response(
                "application/x-tmx+xml; charset=utf-8",
                &format!("article-{id}.tmx"),
                exchange::tmx(&article),
            ))
        }
        Some("json") => {
            let body = exchange::article_export(state.store.as_ref(), id).await?;
            Ok(file_response(
                "application/json",
                &format!("article-{id}.json"),
                serde_json::to_string_pretty(&body).unwrap_or_default(),
            ))
        }
        _ => Err(ApiError::invalid_field(
            "format",
            "format must be xliff, tmx or json",
        )),
    }
}

/// Applies the targets of a reviewed XLIFF file as new revisions by the
/// importing user, all in one transaction: a file for another article, or
/// one exported before a row changed, is refused whole.
async fn import(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !["application/xliff+xml", "application/xml", "text/xml"]
        .iter()
        .any(|t| content_type.starts_with(t))
    {
        return Err(ApiError::unsupported_media_type(
            "send the XLIFF file as application/xliff+xml",
        ));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("the file is not valid UTF-8"))?;
    let rows = exchange::read_xliff(text, id).map_err(|error| match error {
        ImportError::Malformed(message) => ApiError::invalid_field("body", message),
        ImportError::WrongArticle(message) => {
            ApiError::conflict("Wrong article", "wrong_article", message)
        }
    })?;
    if rows.len() > limits::ARTICLE_PARAGRAPHS {
        return Err(ApiError::invalid_field(
            "body",
            format!(
                "the file has {} units; the limit is {} (the rows of one article)",
                rows.len(),
                limits::ARTICLE_PARAGRAPHS
            ),
        ));
    }
    let article = state.store.article(id).await?;
    let mut edits = Vec::new();
    let mut unchanged = 0;
    for mut row in rows {
        if !row.text.is_empty() {
            // Refused whole, naming the unit, before anything is written.
            row.text = limits::clean(
                &format!("unit s{} target", row.segment),
                &row.text,
                Kind::Row,
            )?;
        }
        let Some(segment) = article.segments.iter().find(|s| s.id == row.segment) else {
            return Err(ApiError::conflict(
                "Stale file",
                "stale_revision",
                format!(
                    "row {} is no longer in the article (merged or split since the export)",
                    row.segment
                ),
            ));
        };
        if row.text == segment.text {
            unchanged += 1;
            continue;
        }
        if row.text.is_empty() {
            return Err(ApiError::invalid_field(
                "body",
                format!(
                    "unit s{} has an empty target; a row keeps some English",
                    row.segment
                ),
            ));
        }
        edits.push((row.segment, row.base_revision, row.text));
    }
    let saved = state.store.save_revisions(&user, id, &edits).await?;
    Ok((
        StatusCode::OK,
        axum::Json(json!({
            "article": id,
            "applied": saved.iter().map(|r| json!({"segment": r.segment_id, "revision": r.revision})).collect::<Vec<_>>(),
            "unchanged": unchanged,
        })),
    ))
}
