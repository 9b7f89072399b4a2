//! A row's comment threads, rendered for the page's script to show beside
//! the row: each thread's comments, a reply box, resolve or reopen, and a
//! form for a new thread.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use galley_store::{ArticleId, RowId};

use super::chrome::page_time;
use super::guard::Viewer;
use super::{Html, PageError};
use crate::i18n::{Lang, Texts};
use crate::state::AppState;
use crate::wrong::Wrong;

struct CommentLine {
    id: i64,
    author: String,
    at: String,
    body: String,
}

struct ThreadView {
    id: i64,
    blocking: bool,
    resolved: bool,
    comments: Vec<CommentLine>,
}

#[derive(Template)]
#[template(path = "threads.html")]
struct Threads {
    t: &'static Texts,
    segment: i64,
    threads: Vec<ThreadView>,
}

pub async fn threads(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path((id, segment)): Path<(ArticleId, RowId)>,
) -> Result<Response, PageError> {
    let article = state.store.article(id).await?;
    if !article.rows.iter().any(|r| r.id == segment) {
        return Err(PageError::from(Wrong::RowGone));
    }
    let names = state.store.user_names().await?;
    let zone = &state.web.time_zone;
    let line = |c: &galley_store::Comment| CommentLine {
        id: c.id,
        author: names
            .get(&c.author_id)
            .cloned()
            .unwrap_or_else(|| format!("user {}", c.author_id)),
        at: page_time(c.created_at, zone),
        body: c.body.clone(),
    };
    let comments: Vec<_> = state
        .store
        .comments(id)
        .await?
        .into_iter()
        .filter(|c| c.row_id == Some(segment))
        .collect();
    let threads = comments
        .iter()
        .filter(|c| c.reply_to.is_none())
        .map(|first| ThreadView {
            id: first.id,
            blocking: first.blocking,
            resolved: first.resolved.is_some(),
            comments: std::iter::once(first)
                .chain(comments.iter().filter(|c| c.reply_to == Some(first.id)))
                .map(line)
                .collect(),
        })
        .collect();
    Ok(Html::render(&Threads {
        t: Lang::of(&session.user).texts(),
        segment: segment.0,
        threads,
    })
    .into_response())
}
