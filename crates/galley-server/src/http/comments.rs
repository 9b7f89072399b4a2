//! `/api/v1/articles/{id}/…/comments`: threads of comments on rows, their
//! replies, mentions, and resolving them.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use galley_core::notify::mentioned;
use galley_store::{ArticleId, Comment, NewComment, RowId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::Problem;
use super::{ApiError, ApiJson, AuthUser};
use crate::state::AppState;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(row_comments, add_comment))
        .routes(routes!(article_comments))
        .routes(routes!(resolve))
        .routes(routes!(reopen))
}

/// A person, by id and name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonView {
    /// The user id.
    pub id: UserId,
    /// The user name.
    pub name: String,
}

impl PersonView {
    /// The person `id`, named from `names` (a user since removed by id).
    pub fn of(id: UserId, names: &HashMap<UserId, String>) -> PersonView {
        PersonView {
            id,
            name: names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("user {id}")),
        }
    }
}

/// A comment, as the API shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CommentView {
    /// Its id (a thread is named by its first comment's).
    pub id: i64,
    /// The row it is on (it follows its row through merges and splits).
    pub segment: Option<RowId>,
    /// The thread's first comment, for a reply.
    pub reply_to: Option<i64>,
    /// Who wrote it.
    pub author: PersonView,
    /// What they wrote.
    pub body: String,
    /// The people it mentions (`@name`) who exist.
    pub mentions: Vec<PersonView>,
    /// The thread needs an answer: while open it holds approve and sign-off
    /// (`409 open_threads`).
    pub blocking: bool,
    /// The thread is resolved (on a thread's first comment).
    pub resolved: bool,
    /// Who resolved it, and when.
    pub resolved_by: Option<PersonView>,
    /// When it was resolved.
    pub resolved_at: Option<String>,
    /// When it was written.
    pub created_at: String,
}

/// Comments, oldest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CommentList {
    /// The comments; a thread is its first comment and the replies naming it.
    pub comments: Vec<CommentView>,
}

fn view(comment: Comment, names: &HashMap<UserId, String>) -> CommentView {
    let person = |id: UserId| PersonView::of(id, names);
    let mentions = mentioned(&comment.body)
        .into_iter()
        .filter_map(|name| {
            names
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(name))
                .map(|(id, _)| person(*id))
        })
        .collect();
    let (resolved_by, resolved_at) = match comment.resolved {
        Some((by, at)) => (Some(person(by)), Some(galley_store::time::stored(at))),
        None => (None, None),
    };
    CommentView {
        id: comment.id,
        segment: comment.row_id,
        reply_to: comment.reply_to,
        author: person(comment.author_id),
        body: comment.body,
        mentions,
        blocking: comment.blocking,
        resolved: resolved_by.is_some(),
        resolved_by,
        resolved_at,
        created_at: galley_store::time::stored(comment.created_at),
    }
}

async fn list(
    state: &AppState,
    id: ArticleId,
    row: Option<i64>,
) -> Result<axum::Json<CommentList>, ApiError> {
    let names = state.store.user_names().await?;
    let comments = state
        .store
        .comments(id)
        .await?
        .into_iter()
        .filter(|c| row.is_none() || c.row_id == row.map(RowId))
        .map(|c| view(c, &names))
        .collect();
    Ok(axum::Json(CommentList { comments }))
}

#[utoipa::path(
    get,
    path = "/articles/{id}/segments/{segment}/comments",
    tag = "comments",
    summary = "A row's comments, oldest first (threads and their replies)",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    responses((status = 200, description = "The comments", body = CommentList), (status = "4XX", description = "401 or 404: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn row_comments(
    State(state): State<AppState>,
    _user: AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
) -> Result<impl IntoResponse, ApiError> {
    let article = state.store.article(id).await?;
    if !article.rows.iter().any(|r| r.id == segment) {
        return Err(
            galley_store::StoreError::NotFound(galley_store::Missing::Row {
                row: segment,
                article: Some(id),
            })
            .into(),
        );
    }
    list(&state, id, Some(segment.0)).await
}

#[utoipa::path(
    get,
    path = "/articles/{id}/comments",
    tag = "comments",
    summary = "Every comment of an article, oldest first",
    params(("id" = i64, Path, description = "The article")),
    responses((status = 200, description = "The comments", body = CommentList), (status = "4XX", description = "401 or 404: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn article_comments(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<ArticleId>,
) -> Result<impl IntoResponse, ApiError> {
    list(&state, id, None).await
}

/// A new comment: a thread's first, or a reply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// What to say (5,000 characters at most); `@name` mentions a person.
    body: String,
    /// The thread to reply in: its first comment's id.
    reply_to: Option<i64>,
    /// The new thread needs an answer: while open it holds approve and
    /// sign-off. Not for a reply.
    #[serde(default)]
    blocking: bool,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/comments",
    tag = "comments",
    summary = "Comment on a row: a new thread, or a reply (reply_to); blocking: the thread needs an answer",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = CommentBody,
    responses((status = 201, description = "The comment", body = CommentView), (status = "4XX", description = "401, 403, 404 or 422: problem details (`field` names a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn add_comment(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<impl IntoResponse, ApiError> {
    let comment = state
        .store
        .add_comment(
            &user,
            id,
            NewComment {
                row_id: Some(segment),
                reply_to: body.reply_to,
                body: &body.body,
                blocking: body.blocking,
            },
        )
        .await?;
    let names = state.store.user_names().await?;
    Ok((StatusCode::CREATED, axum::Json(view(comment, &names))))
}

async fn set_resolved(
    state: &AppState,
    user: &galley_store::User,
    id: ArticleId,
    comment: i64,
    resolved: bool,
) -> Result<axum::Json<CommentView>, ApiError> {
    let thread = state
        .store
        .resolve_thread(user, id, comment, resolved)
        .await?;
    let names = state.store.user_names().await?;
    Ok(axum::Json(view(thread, &names)))
}

#[utoipa::path(
    post,
    path = "/articles/{id}/comments/{thread}/resolve",
    tag = "comments",
    summary = "Resolve a thread (named by its first comment)",
    params(("id" = i64, Path, description = "The article"), ("thread" = i64, Path, description = "The thread: its first comment's id")),
    responses((status = 200, description = "The thread's first comment, resolved", body = CommentView), (status = "4XX", description = "401, 403, 404 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn resolve(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, comment)): Path<(ArticleId, i64)>,
) -> Result<impl IntoResponse, ApiError> {
    set_resolved(&state, &user, id, comment, true).await
}

#[utoipa::path(
    post,
    path = "/articles/{id}/comments/{thread}/reopen",
    tag = "comments",
    summary = "Reopen a resolved thread",
    params(("id" = i64, Path, description = "The article"), ("thread" = i64, Path, description = "The thread: its first comment's id")),
    responses((status = 200, description = "The thread's first comment, open again", body = CommentView), (status = "4XX", description = "401, 403, 404 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn reopen(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, comment)): Path<(ArticleId, i64)>,
) -> Result<impl IntoResponse, ApiError> {
    set_resolved(&state, &user, id, comment, false).await
}
