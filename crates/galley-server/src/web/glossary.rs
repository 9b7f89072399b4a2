//! `/glossary`: the newsroom's glossary in the browser: search
//! it, and for admins and native editors add, edit and retire entries, and
//! accept or turn down what the desk's corrections propose; a Korean name
//! is romanized on request, as a suggestion.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use galley_core::romanize::{NameForms, name_forms};
use galley_store::User;
use serde::Deserialize;

use super::chrome::Chrome;
use super::guard::Viewer;
use super::guard::{Posted, WithCsrf};
use super::{Html, PageError};
use crate::state::AppState;
use crate::terms::{join_forms, korean_is_new, may_edit, new_term, split_forms};
use crate::wrong::Wrong;

/// One entry as the page lists it, its lists as the form's fields.
#[derive(Debug)]
struct Item {
    id: i64,
    korean: String,
    english: String,
    forbidden: String,
    kind: &'static str,
    note: String,
}

/// One proposal with its evidence.
#[derive(Debug)]
struct Proposed {
    korean: String,
    english: String,
    replaced: String,
    articles: usize,
}

#[derive(Template)]
#[template(path = "glossary.html")]
struct GlossaryPage<'a> {
    chrome: Chrome<'a>,
    q: String,
    items: Vec<Item>,
    /// The next page's address, when there may be one.
    next: Option<String>,
    can_edit: bool,
    proposed: Vec<Proposed>,
    name: String,
    romanized: Option<NameForms>,
    kinds: [&'static str; 5],
}

/// What the page is asked.
#[derive(Debug, Deserialize)]
pub struct GlossaryQuery {
    /// Text in a form or the note.
    q: Option<String>,
    /// A Korean name to romanize.
    name: Option<String>,
    /// The entries after this id (the page before's last).
    after: Option<i64>,
}

/// Entries on one page.
const PAGE: u32 = 100;

pub async fn glossary(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Query(query): Query<GlossaryQuery>,
) -> Result<Response, PageError> {
    let q = query.q.unwrap_or_default().trim().to_string();
    let search = galley_store::GlossarySearch {
        // Typed decomposed (NFD), it is the same word as the entry's.
        q: galley_core::limits::nfc(&q),
        retired: false,
        after: query.after.unwrap_or(0),
        limit: PAGE,
    };
    let page = state.store.glossary_page(&search).await?;
    let next = search.next(&page).map(|after| {
        let mut next = form_urlencoded::Serializer::new(String::new());
        if !q.is_empty() {
            next.append_pair("q", &q);
        }
        next.append_pair("after", &after.to_string());
        format!("/glossary?{}", next.finish())
    });
    let items = page
        .into_iter()
        .map(|e| Item {
            id: e.entry.id,
            korean: join_forms(&e.entry.korean),
            english: join_forms(&e.entry.english),
            forbidden: join_forms(&e.entry.forbidden),
            kind: e.entry.kind.name(),
            note: e.note.clone(),
        })
        .collect();
    let can_edit = may_edit(&session.user);
    let proposed = if can_edit {
        crate::terms::open_proposals::<PageError>(state.store.as_ref(), &state.proposals)
            .await?
            .iter()
            .cloned()
            .map(|p| Proposed {
                replaced: p
                    .replaced
                    .iter()
                    .map(|(text, count)| format!("{text} ×{count}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                articles: p.articles.len(),
                korean: p.korean,
                english: p.english,
            })
            .collect()
    } else {
        Vec::new()
    };
    let name = query.name.unwrap_or_default().trim().to_string();
    let romanized = name_forms(&name);
    let chrome = Chrome::of(&session, "/glossary").with_unread(&state).await;
    Ok(Html::render(&GlossaryPage {
        chrome,
        q,
        items,
        next,
        can_edit,
        proposed,
        name,
        romanized,
        kinds: ["person", "organization", "place", "title", "term"],
    })
    .into_response())
}

/// An entry as the page's form sends it (lists separated by `|`).
#[derive(Debug, Deserialize)]
pub struct TermForm {
    csrf: String,
    korean: String,
    english: String,
    #[serde(default)]
    forbidden: String,
    kind: String,
    #[serde(default)]
    note: String,
}

impl WithCsrf for TermForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn checked(form: &TermForm) -> Result<galley_store::NewTerm, PageError> {
    new_term(
        "",
        &split_forms(&form.korean),
        &split_forms(&form.english),
        &split_forms(&form.forbidden),
        &form.kind,
        &form.note,
    )
    .map_err(PageError::from)
}

fn editor(user: &User) -> Result<(), PageError> {
    if may_edit(user) {
        Ok(())
    } else {
        Err(Wrong::GlossaryEditorsOnly.into())
    }
}

pub async fn add(
    State(state): State<AppState>,
    Posted { session, form }: Posted<TermForm>,
) -> Result<Response, PageError> {
    editor(&session.user)?;
    let term = checked(&form)?;
    korean_is_new::<PageError>(state.store.as_ref(), &term, None).await?;
    state.store.add_terms(&session.user, &[term]).await?;
    Ok(Redirect::to("/glossary?done=added").into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted { session, form }: Posted<TermForm>,
) -> Result<Response, PageError> {
    editor(&session.user)?;
    let term = checked(&form)?;
    korean_is_new::<PageError>(state.store.as_ref(), &term, Some(id)).await?;
    state.store.edit_term(&session.user, id, &term).await?;
    Ok(Redirect::to(&format!("/glossary?done=edited#term-{id}")).into_response())
}

/// A form that carries only the CSRF token.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    csrf: String,
}

impl WithCsrf for TokenForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn retire(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Posted { session, .. }: Posted<TokenForm>,
) -> Result<Response, PageError> {
    editor(&session.user)?;
    state.store.retire_term(&session.user, id).await?;
    Ok(Redirect::to("/glossary?done=retired").into_response())
}

/// A proposal decided on the page.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    csrf: String,
    korean: String,
    english: String,
    /// `accept` (with `kind`) or `reject`.
    decision: String,
    #[serde(default)]
    kind: String,
}

impl WithCsrf for DecisionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn decide(
    State(state): State<AppState>,
    Posted { session, form }: Posted<DecisionForm>,
) -> Result<Response, PageError> {
    editor(&session.user)?;
    if form.decision == "reject" {
        let term = new_term("", &[form.korean], &[form.english], &[], "term", "")
            .map_err(PageError::from)?;
        state
            .store
            .reject_proposal(&session.user, &term.korean[0], &term.english[0])
            .await?;
        return Ok(Redirect::to("/glossary?done=rejected").into_response());
    }
    let term = new_term(
        "",
        &[form.korean],
        &[form.english],
        &[],
        &form.kind,
        "accepted from the desk's corrections",
    )
    .map_err(PageError::from)?;
    korean_is_new::<PageError>(state.store.as_ref(), &term, None).await?;
    state.store.add_terms(&session.user, &[term]).await?;
    Ok(Redirect::to("/glossary?done=accepted").into_response())
}
