//! Who is responsible for each stage, on the article page: the assignee and
//! due time of bilingual review and native edit, and the form to change
//! them for whoever may assign (who works that stage, or an admin). The
//! form is posted to the review page's handler
//! ([`super::review::assign`]), and the store judges it with the core, as
//! it does for the API.

use galley_core::workflow::{Role, Stage};
use galley_store::{Article, User, UserId};

use super::chrome::page_time;
use crate::i18n::Lang;

/// A person offered in the form.
#[derive(Debug)]
pub struct Choice {
    pub id: UserId,
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
                    .find(|p| p.id == UserId(id))
                    .map_or_else(|| format!("user {id}"), |p| p.name.clone())
            };
            let may_assign = viewer.roles.contains(&role) || viewer.roles.contains(&Role::Admin);
            AssignView {
                stage: stage.name(),
                label: lang.stage(stage),
                assignee: current.map(|a| name(a.assignee.0)),
                due: current.and_then(|a| a.due).map(|d| page_time(d, zone)),
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
                    .and_then(|a| a.due)
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
