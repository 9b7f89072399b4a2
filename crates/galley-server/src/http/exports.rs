//! `/api/v1/articles/{id}/disclosure`, `/export` and `/import`: the earned
//! disclosure line, and the files that take an article elsewhere.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galley_core::limits::{self, Kind};
use galley_core::workflow::Stage;
use galley_store::{ArticleId, RowId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::Problem;
use super::error::reader;
use super::{ApiError, ApiQuery, AuthUser};
use crate::exchange;
use crate::state::AppState;
use crate::views::disclosure::{self, Disclosure, NotEarned};
use crate::views::edition;
use crate::wrong::Wrong;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(disclosure))
        .routes(routes!(export))
        .routes(routes!(import))
}

/// What an import changed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Imported {
    /// The article.
    pub article: ArticleId,
    /// Each row given a new revision.
    pub applied: Vec<AppliedRevision>,
    /// How many targets were the text the row already had.
    pub unchanged: usize,
}

/// A revision an import saved.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AppliedRevision {
    /// The row.
    pub segment: RowId,
    /// Its new revision.
    pub revision: i64,
}

/// A disclosure that is not earned, as problem details naming the rule.
impl From<NotEarned> for ApiError {
    fn from(not: NotEarned) -> ApiError {
        match not {
            NotEarned::Store(error) => error.into(),
            NotEarned::Stopped(stopped) => stopped.into(),
            refused => {
                let title = match refused {
                    NotEarned::Tampered(_) => "Not what the trail records",
                    _ => "Disclosure not earned",
                };
                let rule = refused.rule().unwrap_or("disclosure_not_earned");
                let said = refused.said(reader()).unwrap_or_default();
                ApiError::conflict(title, rule, said)
            }
        }
    }
}

#[utoipa::path(
    get,
    path = "/articles/{id}/disclosure",
    tag = "exports",
    summary = "The disclosure line, earned from the trail, with who did what and the share of the AI draft changed per stage; 409 naming the missing step (not_signed_off, no_bilingual_review, same_person, trail_broken)",
    params(("id" = i64, Path, description = "The article")),
    responses(
        (status = 200, description = "The disclosure", body = Disclosure),
        (status = "4XX", description = "401, 404 or 409: problem details", body = Problem, content_type = "application/problem+json")
    )
)]
async fn disclosure(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<ArticleId>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(axum::Json(disclosure::disclosure(&state, id).await?))
}

/// Which file.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// `xliff`, `tmx` (signed off only), `json`, or for the CMS (signed off
    /// only) `text`, `html` or `markdown`.
    format: Option<String>,
    /// A published edition (1 for the first): `json`, `text`, `html` or
    /// `markdown` of the article as that edition was signed off.
    edition: Option<usize>,
    /// JSON: the tree size of a checkpoint the auditor kept; the export's
    /// log section then carries the proof that its checkpoint extends it.
    consistency_from: Option<u64>,
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

#[utoipa::path(
    get,
    path = "/articles/{id}/export",
    tag = "exports",
    summary = "The article as XLIFF 2.1, TMX 1.4b (signed off only), JSON with every revision and the trail, or the final English with its disclosure line for the CMS (text, html, markdown; signed off only)",
    params(
        ("id" = i64, Path, description = "The article"),
        ("format" = String, Query, description = "xliff, tmx (signed off only), json, text, html or markdown (signed off only)"),
        ("edition" = Option<usize>, Query, description = "A published edition (1 for the first): json, text, html or markdown of the article as that edition was signed off"),
        ("consistency_from" = Option<u64>, Query, description = "JSON: the size of a checkpoint you kept; the export's log section then proves its checkpoint extends it")
    ),
    responses(
        (status = 200, description = "The file (application/xliff+xml, application/x-tmx+xml or application/json)"),
        (status = "4XX", description = "401, 404, 409 or 422: problem details", body = Problem, content_type = "application/problem+json")
    )
)]
async fn export(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<ArticleId>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    if let Some(number) = query.edition {
        return edition_export(
            &state,
            id,
            number,
            query.format.as_deref(),
            query.consistency_from,
        )
        .await;
    }
    // Every file is built from the article as its trail vouches for it: a
    // stored text that is not the one the trail records is never handed out.
    let (read, replay) = disclosure::vouched(&state, id).await?;
    let (article, overrides) = (&read.article, &read.overrides);
    match query.format.as_deref() {
        Some("xliff") => {
            let names = state.store.user_names().await?;
            let all = state.store.comments(id).await?;
            // A reply's thread is resolved when its first comment is.
            let resolved = |c: &galley_store::Comment| {
                let first = c.reply_to.unwrap_or(c.id);
                all.iter().any(|t| t.id == first && t.resolved.is_some())
            };
            let comments: Vec<exchange::CommentNote> = all
                .iter()
                .filter_map(|c| {
                    Some(exchange::CommentNote {
                        id: c.id,
                        row_id: c.row_id?,
                        author: names
                            .get(&c.author_id)
                            .cloned()
                            .unwrap_or_else(|| format!("user {}", c.author_id)),
                        body: c.body.clone(),
                        resolved: resolved(c),
                    })
                })
                .collect();
            Ok(file_response(
                "application/xliff+xml; charset=utf-8",
                &format!("article-{id}.xlf"),
                exchange::xliff(article, overrides, &comments),
            ))
        }
        Some("tmx") => {
            if article.stage != Stage::SignedOff {
                return Err(Wrong::TmxNeedsSignOff.into());
            }
            Ok(file_response(
                "application/x-tmx+xml; charset=utf-8",
                &format!("article-{id}.tmx"),
                exchange::tmx(article),
            ))
        }
        Some(name @ ("text" | "html" | "markdown")) => {
            let format = exchange::Publish::parse(name).unwrap_or(exchange::Publish::Text);
            if article.stage != Stage::SignedOff {
                return Err(Wrong::HandOffNeedsSignOff.into());
            }
            // The line is the earned one: a trail that does not support it
            // hands nothing over.
            let earned = disclosure::disclosure_of(&state, &read, &replay).await?;
            let lines: Vec<String> = earned.corrections.into_iter().map(|c| c.line).collect();
            let (content_type, extension) = format.file();
            Ok(file_response(
                content_type,
                &format!("article-{id}.{extension}"),
                exchange::publishable(article, &earned.text, &lines, format),
            ))
        }
        Some("json") => {
            let body = crate::export::article_export(
                state.store.as_ref(),
                state.signer.as_deref(),
                &read,
                query.consistency_from,
            )
            .await?;
            Ok(file_response(
                "application/json",
                &format!("article-{id}.json"),
                serde_json::to_string_pretty(&body).unwrap_or_default(),
            ))
        }
        _ => Err(Wrong::ExportFormat.into()),
    }
}

/// An earlier (or the current) edition of a signed-off article, as it was
/// signed off: its final English with the disclosure and correction lines
/// it carried, or its JSON export (the trail up to its sign-off, which
/// verifies offline on its own).
async fn edition_export(
    state: &AppState,
    id: ArticleId,
    number: usize,
    format: Option<&str>,
    consistency_from: Option<u64>,
) -> Result<Response, ApiError> {
    let published = edition::edition(state, id, number).await?;
    let name = |extension: &str| format!("article-{id}-edition-{number}.{extension}");
    match format {
        Some(kind @ ("text" | "html" | "markdown")) => {
            let format = exchange::Publish::parse(kind).unwrap_or(exchange::Publish::Text);
            let lines: Vec<String> =
                disclosure::correction_views(&published.earned, &state.web.time_zone)
                    .into_iter()
                    .map(|c| c.line)
                    .collect();
            let (content_type, extension) = format.file();
            Ok(file_response(
                content_type,
                &name(extension),
                exchange::publishable(
                    &published.article,
                    galley_core::disclosure::HOUSE_WORDING,
                    &lines,
                    format,
                ),
            ))
        }
        Some("json") => {
            let body = exchange::json_export(
                &published.article,
                &published.revisions,
                &published.overrides,
                &published.events,
                Some(
                    crate::export::log_section(
                        state.store.as_ref(),
                        state.signer.as_deref(),
                        id,
                        &published.events,
                        consistency_from,
                    )
                    .await?,
                ),
            );
            Ok(file_response(
                "application/json",
                &name("json"),
                serde_json::to_string_pretty(&body).unwrap_or_default(),
            ))
        }
        _ => Err(Wrong::EditionFormat.into()),
    }
}

/// Applies the targets of a reviewed XLIFF file as new revisions by the
/// importing user, all in one transaction: a file for another article, or
/// one exported before a row changed, is refused whole.
#[utoipa::path(
    post,
    path = "/articles/{id}/import",
    tag = "exports",
    summary = "Apply a reviewed XLIFF file's changed targets as new revisions, in one transaction",
    params(("id" = i64, Path, description = "The article")),
    request_body(content = String, content_type = "application/xliff+xml", description = "An XLIFF 2.1 file exported from this article"),
    responses(
        (status = 200, description = "What changed", body = Imported),
        (status = "4XX", description = "400, 401, 403, 404, 409, 413, 415 or 422: problem details", body = Problem, content_type = "application/problem+json")
    )
)]
async fn import(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<ArticleId>,
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
        return Err(Wrong::XliffType.into());
    }
    let text = std::str::from_utf8(&body).map_err(|_| ApiError::from(Wrong::NotUtf8))?;
    let rows = exchange::read_xliff(text, id.0).map_err(Wrong::Xliff)?;
    if rows.len() > limits::ARTICLE_PARAGRAPHS {
        return Err(Wrong::TooManyUnits {
            units: rows.len(),
            max: limits::ARTICLE_PARAGRAPHS,
        }
        .into());
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
        let Some(segment) = article.rows.iter().find(|s| s.id == RowId(row.segment)) else {
            return Err(Wrong::RowLeftArticle { row: row.segment }.into());
        };
        if row.text == segment.text {
            unchanged += 1;
            continue;
        }
        if row.text.is_empty() {
            return Err(Wrong::EmptyTarget { row: row.segment }.into());
        }
        edits.push((RowId(row.segment), row.base_revision, row.text));
    }
    let saved = state.store.save_revisions(&user, id, &edits).await?;
    Ok((
        StatusCode::OK,
        axum::Json(Imported {
            article: id,
            applied: saved
                .iter()
                .map(|r| AppliedRevision {
                    segment: r.row_id,
                    revision: r.revision,
                })
                .collect(),
            unchanged,
        }),
    ))
}
