//! Who is responsible for each stage, on the article page: the assignee and
//! due time of bilingual review and native edit, and a form to change them
//! for whoever may assign (who works that stage, or an admin). The store
//! judges the assignment with the core, as it does for the API.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use galley_core::workflow::{Role, Stage};
use galley_store::{Article, Session, User};
use serde::Deserialize;

use super::PageError;
use super::chrome::short_time;
use super::csrf::{Posted, WithCsrf};
use super::i18n::Lang;
use super::review::refused_page;
use crate::state::AppState;

/// A person offered in the form.
#[derive(Debug)]
pub struct Choice {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

/// One stage's assignment, as the page shows it.
#[derive(Debug)]
pub struct AssignView {
    /// `bilingual_review` or `native_edit`.
    pub stage: &'static str,
    pub label: &'static str,
    /// Who, and by when (on the newsroom's clock).
    pub assignee: Option<String>,
    pub due: Option<String>,
    /// The form, for who may assign: the people who may act in the stage,
    /// and the due time as the form's field holds it.
    pub choices: Option<Vec<Choice>>,
    pub due_value: String,
}

/// The assignments of an article not yet signed off.
pub fn views(
    article: &Article,
    viewer: &User,
    people: &[User],
    zone: &jiff::tz::TimeZone,
    lang: Lang,
) -> Vec<AssignView> {
    if article.stage == Stage::SignedOff {
        return Vec::new();
    }
    [Stage::BilingualReview, Stage::NativeEdit]
        .into_iter()
        .map(|stage| {
            let role = stage.waits_for().unwrap_or(Role::Admin);
            let current = article.assignments.iter().find(|a| a.stage == stage);
            let name = |id: i64| {
                people
                    .iter()
                    .find(|p| p.id == id)
                    .map_or_else(|| format!("user {id}"), |p| p.name.clone())
            };
            let may_assign = viewer.roles.contains(&role) || viewer.roles.contains(&Role::Admin);
            AssignView {
                stage: stage.name(),
                label: lang.stage(stage),
                assignee: current.map(|a| name(a.assignee)),
                due: current
                    .and_then(|a| a.due.as_deref())
                    .map(|d| short_time(d, zone)),
                choices: may_assign.then(|| {
                    people
                        .iter()
                        .filter(|p| p.roles.contains(&role))
                        .map(|p| Choice {
                            id: p.id,
                            name: p.name.clone(),
                            selected: current.is_some_and(|a| a.assignee == p.id),
                        })
                        .collect()
                }),
                due_value: current
                    .and_then(|a| a.due.as_deref())
                    .and_then(|d| d.parse::<jiff::Timestamp>().ok())
                    .map(|t| {
                        t.to_zoned(zone.clone())
                            .strftime("%Y-%m-%dT%H:%M")
                            .to_string()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    csrf: String,
    /// A person's id, or empty for nobody.
    assignee: String,
    /// `YYYY-MM-DDTHH:MM` on the newsroom's clock, or empty.
    #[serde(default)]
    due: String,
}

impl WithCsrf for AssignForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The due time of the form, on the newsroom's clock, as RFC 3339.
fn due_of(value: &str, zone: &jiff::tz::TimeZone) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let local: jiff::civil::DateTime = value
        .parse()
        .map_err(|_| format!("The due time {value:?} is not a date and time."))?;
    let zoned = local
        .to_zoned(zone.clone())
        .map_err(|_| format!("The due time {value:?} does not exist on the newsroom's clock."))?;
    Ok(Some(zoned.timestamp().to_string()))
}

/// Sets or takes back a stage's assignment from the form.
pub async fn assign(
    State(state): State<AppState>,
    Path((id, stage)): Path<(i64, String)>,
    Posted { session, form }: Posted<AssignForm>,
) -> Result<Response, PageError> {
    let stage = Stage::parse(&stage)
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, "No such stage."))?;
    let assignee = match form.assignee.trim() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| {
            PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Choose a person from the list.",
            )
        })?),
    };
    let due = due_of(&form.due, &state.web.time_zone)
        .map_err(|m| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, m))?;
    let session: &Session = &session;
    match state
        .store
        .assign(&session.user, id, stage, assignee, due.as_deref())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/articles/{id}#assignments")).into_response()),
        Err(error) => refused_page(&state, session, id, error).await,
    }
}

#[cfg(test)]
mod tests {
    use super::due_of;

    #[test]
    fn a_due_time_is_read_on_the_newsrooms_clock() {
        let seoul = jiff::tz::TimeZone::get("Asia/Seoul").unwrap();
        assert_eq!(
            due_of("2026-12-04T18:00", &seoul).unwrap().as_deref(),
            Some("2026-12-04T09:00:00Z")
        );
        assert_eq!(due_of(" ", &seoul).unwrap(), None);
        assert!(due_of("tomorrow", &seoul).is_err());
    }
}
