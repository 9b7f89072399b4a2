//! `/inbox`: what happened that concerns the person signed in, newest
//! first; opening one marks it read and goes to the article (at the row,
//! with its threads open, for a comment).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use galley_core::notify::Reason;
use galley_store::Notification;
use serde::Deserialize;

use super::chrome::{Chrome, page_time};
use super::guard::Viewer;
use super::guard::{Posted, WithCsrf};
use super::{Html, PageError};
use crate::i18n::{Lang, fill};
use crate::state::AppState;
use crate::views::notices::link_of;

/// How many notifications the page lists.
const LISTED: i64 = 100;

/// One notification as the page lists it.
#[derive(Debug)]
struct Item {
    id: i64,
    unread: bool,
    /// What happened, in a sentence without the article's title.
    what: String,
    title: String,
    detail: Option<String>,
    at: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage<'a> {
    chrome: Chrome<'a>,
    items: Vec<Item>,
}

/// What a notification says, in the person's language.
fn sentence(notice: &Notification, lang: Lang, actor: &str) -> String {
    let t = lang.texts();
    let stage = notice.stage.map(|s| lang.stage(s)).unwrap_or_default();
    let pattern = match notice.reason {
        Reason::Assignment => t.notice_assignment,
        Reason::Arrival => t.notice_arrival,
        Reason::Return => t.notice_return,
        Reason::Mention => t.notice_mention,
        Reason::Reply => t.notice_reply,
        Reason::SignOff => t.notice_sign_off,
        Reason::SourceChanged => t.notice_source_changed,
        Reason::Correction => t.notice_correction,
    };
    fill(pattern, &[("name", actor), ("stage", stage)])
}

pub async fn inbox(
    State(state): State<AppState>,
    Viewer(session): Viewer,
) -> Result<Response, PageError> {
    let lang = Lang::of(&session.user);
    let names = state.store.user_names().await?;
    let items = state
        .store
        .notifications(session.user.id, false, LISTED)
        .await?
        .into_iter()
        .map(|n| {
            let actor = n
                .actor
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "Galley".into());
            Item {
                id: n.id,
                unread: n.read_at.is_none(),
                what: sentence(&n, lang, &actor),
                at: page_time(n.created_at, &state.web.time_zone),
                detail: n.detail.clone(),
                title: n.title,
            }
        })
        .collect();
    let chrome = Chrome::of(&session, "/inbox").with_unread(&state).await;
    Ok(Html::render(&InboxPage { chrome, items }).into_response())
}

/// A form that carries only the CSRF token.
#[derive(Debug, Deserialize)]
pub struct InboxForm {
    csrf: String,
}

impl WithCsrf for InboxForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Opens a notification: marks it read and goes where it points.
pub async fn open(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted { session, .. }: Posted<InboxForm>,
) -> Result<Response, PageError> {
    let notice = state.store.notification(session.user.id, id).await?;
    state
        .store
        .mark_notifications_read(session.user.id, Some(&[id]))
        .await?;
    Ok(Redirect::to(&link_of(&notice)).into_response())
}

/// Marks every notification read.
pub async fn read_all(
    State(state): State<AppState>,
    Posted { session, .. }: Posted<InboxForm>,
) -> Result<Response, PageError> {
    state
        .store
        .mark_notifications_read(session.user.id, None)
        .await?;
    Ok(Redirect::to("/inbox").into_response())
}
