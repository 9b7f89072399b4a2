//! A row's history: every revision, who wrote it, when and in which stage,
//! how it changed the one before, and a way back to any earlier text.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use galley_core::workflow::{Change, Roles};
use galley_store::{ArticleId, Author, RowId};

use super::chrome::{diff_html, page_time, stage_label};
use super::guard::Viewer;
use super::{Html, PageError};
use crate::i18n::{Lang, Texts};
use crate::state::AppState;
use crate::wrong::Wrong;

struct Entry {
    revision: i64,
    by: String,
    at: String,
    stage: &'static str,
    diff: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "history.html")]
struct History {
    t: &'static Texts,
    segment: i64,
    can_revert: bool,
    entries: Vec<Entry>,
}

/// The history of one row, newest first, for the page's script to show.
pub async fn history(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path((id, segment)): Path<(ArticleId, RowId)>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&session.user);
    let t = lang.texts();
    let article = state.store.article(id).await?;
    if !article.rows.iter().any(|r| r.id == segment) {
        return Err(PageError::from(Wrong::RowGone));
    }
    let revisions = state.store.revisions(segment).await?;
    let names = state.store.user_names().await?;
    let last = revisions.last().map_or(-1, |r| r.revision);
    let mut entries: Vec<Entry> = revisions
        .iter()
        .enumerate()
        .map(|(i, r)| Entry {
            revision: r.revision,
            by: match &r.author {
                Author::User(id) => names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("user {id}")),
                Author::Ai(tool) => format!("{} ({})", tool.tool, t.ai_suffix),
            },
            at: page_time(r.created_at, &state.web.time_zone),
            stage: stage_label(r.stage, lang),
            diff: match i.checked_sub(1).and_then(|p| revisions.get(p)) {
                Some(before) => diff_html(&before.text, &r.text),
                None => String::new(),
            },
            current: r.revision == last,
        })
        .collect();
    entries.reverse();
    // Reverting is saving the row's English: the row's rule, read from
    // the trail as the store will read it.
    let can_revert = state
        .store
        .replay(id)
        .await?
        .may_change_row(
            Roles::of(&session.user.roles),
            Change::EditEnglish,
            segment.0,
        )
        .is_ok();
    Ok(Html::render(&History {
        t,
        segment: segment.0,
        can_revert,
        entries,
    })
    .into_response())
}
