//! The desk: what waits for the person's roles, and every article by stage.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use galley_core::workflow::{Roles, Stage};
use galley_store::{ArticleId, ArticleQuery, ArticleSummary, UserId};
use serde::Deserialize;

use super::chrome::{Chrome, page_time, stage_label};
use super::guard::Viewer;
use super::{Html, PageError};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::wrong::Wrong;
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
    /// The stage's next page, when there may be one.
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "desk.html")]
struct DeskPage<'a> {
    chrome: Chrome<'a>,
    q: &'a str,
    /// The one stage shown a page at a time, if one is.
    paged: bool,
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
    /// "The first N shown" when there may be more.
    more: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct DeskQuery {
    q: Option<String>,
    /// One stage's list, a page at a time.
    stage: Option<String>,
    /// The articles after this one in that stage (the page before's last).
    after: Option<i64>,
}

/// Articles a list of the desk shows at once (a stage's list pages on).
const DESK_PAGE: i64 = 50;

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
    let only = match query.stage.as_deref() {
        None | Some("") => None,
        Some(name) => Some(Stage::parse(name).ok_or(Wrong::StageName)?),
    };
    if query.after.is_some_and(|after| after < 1) {
        return Err(Wrong::Cursor.into());
    }
    let roles = Roles::of(&session.user.roles);
    let lang = Lang::of(&session.user);
    let zone = &state.web.time_zone;
    let names = state.store.user_names().await?;
    let shown = |articles: &[ArticleSummary]| -> Vec<DeskArticle> {
        articles
            .iter()
            .map(|a| DeskArticle::of(a, lang, zone, &names))
            .collect()
    };
    let with_q = |mut url: String| {
        if !q.is_empty() {
            url.push_str(if url.contains('?') { "&q=" } else { "?q=" });
            url.push_str(&super::guard::encode_component(&q));
        }
        url
    };
    let page = ArticleQuery {
        title: Some(&q),
        limit: DESK_PAGE,
        ..ArticleQuery::default()
    };
    let mut groups = Vec::new();
    let mut waiting = Vec::new();
    for &stage in Stage::ALL {
        if only.is_some_and(|s| s != stage) {
            continue;
        }
        let list = ArticleQuery {
            stage: Some(stage),
            after: query.after.filter(|_| only.is_some()).map(ArticleId),
            ..page
        };
        let articles = state.store.list_articles(list).await?;
        let next = list
            .next(&articles)
            .map(|after| with_q(format!("/?stage={}&after={after}", stage.name())));
        let articles = shown(&articles);
        if only.is_none() && stage.waits_for().is_some_and(|role| roles.has(role)) {
            waiting.extend(articles.iter().cloned());
        }
        groups.push(StageGroup {
            name: stage.name(),
            label: stage_label(stage, lang),
            articles,
            next,
        });
    }
    // The person's own lists, each read on its own index (the whole desk
    // only).
    let mut lists = Vec::new();
    if only.is_none() {
        let more = |found: &[ArticleSummary]| {
            (found.len() as i64 == DESK_PAGE).then(|| {
                lang.texts()
                    .newest_shown
                    .replace("{n}", &DESK_PAGE.to_string())
            })
        };
        let mine = ArticleQuery {
            assignee: Some(session.user.id),
            ..page
        };
        let mine = state.store.list_articles(mine).await?;
        // Nobody assigned, in the stages the person works in: one list.
        let works: Vec<Stage> = [Stage::BilingualReview, Stage::NativeEdit]
            .into_iter()
            .filter(|stage| stage.waits_for().is_some_and(|role| roles.has(role)))
            .collect();
        let unassigned = if works.is_empty() {
            Vec::new()
        } else {
            let nobody = ArticleQuery {
                stage: (works.len() == 1).then(|| works[0]),
                unassigned: true,
                ..page
            };
            state.store.list_articles(nobody).await?
        };
        let overdue = ArticleQuery {
            due_before: Some(jiff::Timestamp::now()),
            ..page
        };
        let overdue = state.store.list_articles(overdue).await?;
        for (id, label, found) in [
            ("mine", lang.texts().mine, &mine),
            ("unassigned", lang.texts().unassigned, &unassigned),
            ("overdue", lang.texts().overdue, &overdue),
        ] {
            lists.push(DeskList {
                id,
                label,
                articles: shown(found),
                more: more(found),
            });
        }
    }
    let here = match only {
        Some(stage) => with_q(format!(
            "/?stage={}{}",
            stage.name(),
            query
                .after
                .map(|after| format!("&after={after}"))
                .unwrap_or_default()
        )),
        None => with_q("/".to_string()),
    };
    let page = DeskPage {
        chrome: Chrome::of(&session, here).with_unread(&state).await,
        q: &q,
        paged: only.is_some(),
        waiting,
        submits: roles.has(galley_core::workflow::Role::Reporter),
        lists,
        groups,
    };
    Ok(Html::render(&page).into_response())
}
