//! The desk: what waits for the person's roles, and every article by stage.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use galley_core::workflow::{Roles, Stage};
use galley_store::{ArticleQuery, ArticleSummary, UserId};
use serde::Deserialize;

use super::chrome::{Chrome, page_time, stage_label};
use super::guard::Viewer;
use super::{Html, PageError};
use crate::i18n::Lang;
use crate::state::AppState;
use std::collections::HashMap;

#[derive(Clone)]
struct DeskArticle {
    id: i64,
    title: String,
    stage: &'static str,
    stage_label: &'static str,
    updated: String,
    /// Who sent it back, when, and the note, while the return stands.
    returned: Option<(String, String, String)>,
    /// Who is responsible for the stage it is in, and by when.
    assignee: Option<String>,
    assignee_id: Option<i64>,
    due: Option<String>,
    overdue: bool,
    /// Rows reviewed, of all.
    progress: String,
}

impl DeskArticle {
    fn of(
        a: &ArticleSummary,
        lang: Lang,
        zone: &jiff::tz::TimeZone,
        names: &HashMap<UserId, String>,
    ) -> DeskArticle {
        DeskArticle {
            returned: a.returned.as_ref().map(|r| {
                (
                    names
                        .get(&r.by)
                        .cloned()
                        .unwrap_or_else(|| format!("user {}", r.by)),
                    page_time(r.at, zone),
                    r.note.clone(),
                )
            }),
            id: a.id.0,
            title: a.title.clone(),
            stage: a.stage.name(),
            stage_label: stage_label(a.stage, lang),
            updated: page_time(a.updated_at, zone),
            assignee: a.assignment.as_ref().map(|g| {
                names
                    .get(&g.assignee)
                    .cloned()
                    .unwrap_or_else(|| format!("user {}", g.assignee))
            }),
            assignee_id: a.assignment.as_ref().map(|g| g.assignee.0),
            due: a
                .assignment
                .as_ref()
                .and_then(|g| g.due)
                .map(|due| page_time(due, zone)),
            overdue: a.stage != Stage::SignedOff
                && a.assignment
                    .as_ref()
                    .and_then(|g| g.due)
                    .is_some_and(|due| due < jiff::Timestamp::now()),
            progress: format!("{}/{}", a.reviewed, a.rows),
        }
    }
}

struct StageGroup {
    name: &'static str,
    label: &'static str,
    articles: Vec<DeskArticle>,
}

#[derive(Template)]
#[template(path = "desk.html")]
struct DeskPage<'a> {
    chrome: Chrome<'a>,
    q: &'a str,
    waiting: Vec<DeskArticle>,
    /// Assigned to me, nobody assigned, overdue.
    lists: Vec<DeskList>,
    groups: Vec<StageGroup>,
    /// Whether the person submits articles (the "New article" link).
    submits: bool,
}

struct DeskList {
    id: &'static str,
    label: &'static str,
    articles: Vec<DeskArticle>,
}

#[derive(Debug, Deserialize)]
pub struct DeskQuery {
    q: Option<String>,
}

/// Articles per stage on the desk.
const DESK_LIMIT: i64 = 200;

pub async fn desk(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Query(query): Query<DeskQuery>,
) -> Result<Response, PageError> {
    let q: String = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(300)
        .collect();
    let roles = Roles::of(&session.user.roles);
    let lang = Lang::of(&session.user);
    let zone = &state.web.time_zone;
    let names = state.store.user_names().await?;
    let mut groups = Vec::new();
    let mut waiting = Vec::new();
    let (mut mine, mut unassigned, mut overdue) = (Vec::new(), Vec::new(), Vec::new());
    let me = session.user.id;
    for &stage in Stage::ALL {
        let articles = state
            .store
            .list_articles(ArticleQuery {
                stage: Some(stage),
                title: Some(&q),
                limit: DESK_LIMIT,
                offset: 0,
            })
            .await?;
        let works_here = stage.waits_for().is_some_and(|role| roles.has(role));
        for article in articles
            .iter()
            .map(|a| DeskArticle::of(a, lang, zone, &names))
        {
            if article.assignee_id == Some(me.0) {
                mine.push(article.clone());
            }
            if article.overdue {
                overdue.push(article.clone());
            }
            let assignable = matches!(stage, Stage::BilingualReview | Stage::NativeEdit);
            if works_here && assignable && article.assignee_id.is_none() {
                unassigned.push(article.clone());
            }
            if works_here {
                waiting.push(article);
            }
        }
        groups.push(StageGroup {
            name: stage.name(),
            label: stage_label(stage, lang),
            articles: articles
                .iter()
                .map(|a| DeskArticle::of(a, lang, zone, &names))
                .collect(),
        });
    }
    let page = DeskPage {
        chrome: Chrome::of(
            &session,
            if q.is_empty() {
                "/".to_string()
            } else {
                format!("/?q={}", super::guard::encode_component(&q))
            },
        )
        .with_unread(&state)
        .await,
        q: &q,
        waiting,
        submits: Roles::of(&session.user.roles).has(galley_core::workflow::Role::Reporter),
        lists: vec![
            DeskList {
                id: "mine",
                label: lang.texts().mine,
                articles: mine,
            },
            DeskList {
                id: "unassigned",
                label: lang.texts().unassigned,
                articles: unassigned,
            },
            DeskList {
                id: "overdue",
                label: lang.texts().overdue,
                articles: overdue,
            },
        ],
        groups,
    };
    Ok(Html::render(&page).into_response())
}
