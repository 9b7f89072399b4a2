//! `/api/v1/articles/{id}/source`: new versions of an article's Korean,
//! earlier versions, and confirming that a removed paragraph's English goes.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use galley_store::{ArticleId, RowId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{Problem, reader};
use super::{ApiError, ApiJson, AuthUser};
use crate::state::AppState;
use crate::submission::new_source;
use crate::views::article::ArticleView;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(revise))
        .routes(routes!(version))
        .routes(routes!(confirm_removal))
}

/// A new version of the Korean.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceBody {
    /// The whole new Korean of the body (the Korean headline, the headline
    /// row's, stays), paragraphs separated by blank lines.
    source: Option<String>,
    /// The same, already in paragraphs.
    source_paragraphs: Option<Vec<String>>,
    /// The version it replaces, as the article's `source_version` was when
    /// you read it; a stale one is refused (409) with the current one.
    base_source_version: i64,
    /// An AI draft of the new paragraphs only, paragraphs separated by
    /// blank lines (a changed paragraph keeps the English people reviewed).
    draft: Option<String>,
    /// The same, already in paragraphs.
    draft_paragraphs: Option<Vec<String>>,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/source",
    tag = "articles",
    summary = "Give the article a new version of its Korean (reporter or admin, before sign-off): unchanged rows keep their work, changed, new and removed rows wait for a bilingual reviewer",
    params(("id" = i64, Path, description = "The article")),
    request_body = SourceBody,
    responses((status = 200, description = "The article with the new Korean", body = ArticleView), (status = "4XX", description = "401, 403, 404, 409 (`stale_source_version` with `current_source_version`) or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn revise(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<ArticleId>,
    ApiJson(body): ApiJson<SourceBody>,
) -> Result<impl IntoResponse, ApiError> {
    let source = new_source(
        (body.source.as_ref(), body.source_paragraphs.as_ref()),
        (body.draft.as_ref(), body.draft_paragraphs.as_ref()),
        body.base_source_version,
    )
    .map_err(ApiError::from)?;
    let article = state.store.revise_source(&user, id, source).await?;
    let overrides = state.store.overrides(id).await?;
    Ok(axum::Json(ArticleView::of(&article, &overrides, reader())))
}

/// One version of an article's Korean.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SourceVersionView {
    /// The version (1 is the submission's).
    pub version: i64,
    /// The Korean headline (the headline row's), if the article has one:
    /// every version keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_title: Option<String>,
    /// The body's paragraphs: what a new version (`source_paragraphs`)
    /// replaces.
    pub paragraphs: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/articles/{id}/source/{version}",
    tag = "articles",
    summary = "A version of the article's Korean, earlier or current",
    params(("id" = i64, Path, description = "The article"), ("version" = i64, Path, description = "The version")),
    responses((status = 200, description = "The version's paragraphs", body = SourceVersionView), (status = "4XX", description = "401 or 404: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn version(
    State(state): State<AppState>,
    _reader: AuthUser,
    Path((id, version)): Path<(ArticleId, i64)>,
) -> Result<impl IntoResponse, ApiError> {
    let mut paragraphs = state.store.source_version(id, version).await?;
    let headed = state.store.article(id).await?.source_title().is_some();
    let source_title = (headed && !paragraphs.is_empty()).then(|| paragraphs.remove(0));
    Ok(axum::Json(SourceVersionView {
        version,
        source_title,
        paragraphs,
    }))
}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/removal",
    tag = "articles",
    summary = "Confirm that the English of a row whose Korean a new version removed goes (a bilingual reviewer); the row leaves the article, its revisions stay in the trail",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    responses((status = 200, description = "The article without the row", body = ArticleView), (status = "4XX", description = "401, 403, 404 or 409: problem details (`rule` names a refusing rule)", body = Problem, content_type = "application/problem+json"))
)]
async fn confirm_removal(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
) -> Result<impl IntoResponse, ApiError> {
    let article = state.store.confirm_removal(&user, id, segment).await?;
    let overrides = state.store.overrides(id).await?;
    Ok(axum::Json(ArticleView::of(&article, &overrides, reader())))
}
