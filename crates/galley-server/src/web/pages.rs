//! The desk, the review page, one row, the trail, and the diff fragment.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use galley_core::audit;
use galley_core::diff::{diff_text, render};
use galley_core::events::Fact;
use galley_core::metrics::Scores;
use galley_core::qa;
use galley_core::workflow::{self, Action, Change, Roles, RowReview, Stage, TransitionRequest};
use galley_store::{
    Article, ArticleQuery, ArticleSummary, Author, Finding, Override, Revision, Segment, Session,
    User,
};
use serde::Deserialize;
use serde_json::Value;

use super::assets::{self, Urls};
use super::session::{Viewer, csrf_ok};
use super::{Html, PageError};
use crate::http::AppState;
use crate::http::changes::{Version, rows_with_revisions, step_changes};

/// What every signed-in page shows around its content.
pub struct Chrome<'a> {
    pub user: &'a User,
    pub roles: String,
    pub csrf: &'a str,
    pub assets: &'a Urls,
}

impl<'a> Chrome<'a> {
    fn of(session: &'a Session) -> Chrome<'a> {
        Chrome {
            user: &session.user,
            roles: session
                .user
                .roles
                .iter()
                .map(|r| role_label(r.name()))
                .collect::<Vec<_>>()
                .join(", "),
            csrf: &session.csrf_token,
            assets: assets::urls(),
        }
    }
}

fn role_label(name: &str) -> &'static str {
    match name {
        "reporter" => "reporter",
        "bilingual_reviewer" => "bilingual reviewer",
        "native_editor" => "native editor",
        "admin" => "admin",
        _ => "?",
    }
}

/// How a stage reads on a page.
pub fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "Draft",
        Stage::BilingualReview => "Bilingual review",
        Stage::NativeEdit => "Native edit",
        Stage::SignedOff => "Signed off",
    }
}

/// "2026-11-28T09:12:58.123456Z" as "2026-11-28 09:12 UTC".
fn short_time(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

// ---------------------------------------------------------------- the desk

struct DeskArticle {
    id: i64,
    title: String,
    stage: &'static str,
    stage_label: &'static str,
    updated: String,
}

impl From<&ArticleSummary> for DeskArticle {
    fn from(a: &ArticleSummary) -> DeskArticle {
        DeskArticle {
            id: a.id,
            title: a.title.clone(),
            stage: a.stage.name(),
            stage_label: stage_label(a.stage),
            updated: short_time(&a.updated_at),
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
    groups: Vec<StageGroup>,
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
    let mut groups = Vec::new();
    let mut waiting = Vec::new();
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
        if stage.waits_for().is_some_and(|role| roles.has(role)) {
            waiting.extend(articles.iter().map(DeskArticle::from));
        }
        groups.push(StageGroup {
            name: stage.name(),
            label: stage_label(stage),
            articles: articles.iter().map(DeskArticle::from).collect(),
        });
    }
    let page = DeskPage {
        chrome: Chrome::of(&session),
        q: &q,
        waiting,
        groups,
    };
    Ok(Html::render(&page).into_response())
}

// ---------------------------------------------------------- the review page

/// One row of the review page.
pub struct RowView {
    id: i64,
    number: usize,
    ko: Vec<String>,
    ko_count: usize,
    en_count: usize,
    shape: String,
    grouped: bool,
    text: String,
    ai: String,
    bilingual: String,
    last: String,
    diff_ai: String,
    diff_bilingual: String,
    diff_last: String,
    last_label: String,
    revision: i64,
    by: String,
    reviewed: bool,
    review_state: &'static str,
    confidence: String,
    flags: Vec<(&'static str, &'static str)>,
    findings: Vec<FindingView>,
    article_id: i64,
    csrf: String,
    can_edit: bool,
    can_review: bool,
    can_align: bool,
    is_last: bool,
}

fn english_paragraphs(text: &str) -> usize {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).count()
}

fn flag_label(flag: &str) -> Option<(&'static str, &'static str)> {
    match flag {
        "low_confidence" => Some(("low_confidence", "Check the alignment: low confidence")),
        "missing_translation" => Some((
            "missing_translation",
            "No English: the AI draft dropped this paragraph",
        )),
        "added_in_translation" => Some((
            "added_in_translation",
            "No Korean: the AI draft added this paragraph",
        )),
        _ => None,
    }
}

/// A QA finding as the row shows it.
pub struct FindingView {
    check: &'static str,
    severity: &'static str,
    message: String,
    key: String,
    /// The reason it was overridden, if it was.
    overridden: Option<String>,
    can_override: bool,
}

fn diff_html(old: &str, new: &str) -> String {
    let diff = diff_text(old, new);
    if diff.is_unchanged() {
        String::new()
    } else {
        render::html(&diff)
    }
}

/// Everything a row needs, from the article and the row's revisions.
struct RowContext<'a> {
    article: &'a Article,
    roles: Roles,
    names: &'a HashMap<i64, String>,
    findings: &'a [Vec<Finding>],
    overrides: &'a [Override],
    csrf: &'a str,
}

impl RowContext<'_> {
    fn view(&self, segment: &Segment, history: &[Revision], count: usize) -> RowView {
        let article = self.article;
        let index = segment.position as usize;
        let can_edit =
            workflow::check_change(article.stage, self.roles, Change::EditEnglish).is_ok();
        let findings = self
            .findings
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|f| {
                let overridden = self
                    .overrides
                    .iter()
                    .find(|o| o.segment_id == segment.id && o.key == f.key)
                    .map(|o| o.reason.clone());
                FindingView {
                    check: f.check.code(),
                    severity: f.severity.name(),
                    message: f.message.clone(),
                    key: f.key.clone(),
                    can_override: can_edit && overridden.is_none() && qa::blocks(f),
                    overridden,
                }
            })
            .collect();
        let ko: Vec<String> = article.korean[segment.ko.clone()].to_vec();
        let ai = history.first().map_or("", |r| r.text.as_str()).to_string();
        let bilingual = Version::Stage(Stage::BilingualReview)
            .pick(history)
            .map_or(ai.clone(), |r| r.text.clone());
        let previous = history.len().checked_sub(2).and_then(|i| history.get(i));
        let last = previous.map_or(segment.text.clone(), |r| r.text.clone());
        let current = history.last();
        let by = match current.map(|r| &r.author) {
            Some(Author::User(id)) => self
                .names
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("user {id}")),
            Some(Author::Ai(tool)) => format!("{} (AI draft)", tool.tool),
            None => String::new(),
        };
        let last_label = match previous {
            Some(r) => format!("revision {} → {}", r.revision, segment.revision),
            None => "no saves yet".to_string(),
        };
        let en_count = english_paragraphs(&segment.text);
        let ko_count = ko.len();
        let allowed = |change| workflow::check_change(article.stage, self.roles, change).is_ok();
        RowView {
            id: segment.id,
            number: segment.position as usize + 1,
            shape: format!("{ko_count}–{}", english_paragraphs(&ai).max(en_count)),
            grouped: ko_count > 1 || en_count > 1,
            ko,
            ko_count,
            en_count,
            diff_ai: diff_html(&ai, &segment.text),
            diff_bilingual: diff_html(&bilingual, &segment.text),
            diff_last: diff_html(&last, &segment.text),
            text: segment.text.clone(),
            ai,
            bilingual,
            last,
            last_label,
            revision: segment.revision,
            by,
            reviewed: segment.reviewed_revision == Some(segment.revision),
            review_state: match (segment.reviewed_revision, article.stage) {
                (Some(r), _) if r == segment.revision => "Reviewed",
                (Some(_), Stage::NativeEdit | Stage::SignedOff) => "Edited since bilingual review",
                (Some(_), _) => "Edited since review: review again",
                (None, _) => "Not reviewed",
            },
            confidence: format!("{:.0}%", segment.confidence * 100.0),
            flags: segment
                .flags
                .iter()
                .filter(|f| *f == "low_confidence")
                .filter_map(|f| flag_label(f))
                .collect(),
            findings,
            article_id: article.id,
            csrf: self.csrf.to_string(),
            can_edit: allowed(Change::EditEnglish),
            can_review: allowed(Change::MarkReviewed),
            can_align: allowed(Change::EditAlignment),
            is_last: segment.position as usize + 1 == count,
        }
    }
}

/// Names of the people who wrote the revisions.
async fn author_names(
    state: &AppState,
    revisions: &[Vec<Revision>],
) -> Result<HashMap<i64, String>, PageError> {
    let mut names = HashMap::new();
    for revision in revisions.iter().flatten() {
        if let Author::User(id) = revision.author {
            if let std::collections::hash_map::Entry::Vacant(entry) = names.entry(id) {
                entry.insert(state.store.user(id).await?.name);
            }
        }
    }
    Ok(names)
}

struct StepView {
    label: &'static str,
    ter: String,
    chrf: String,
    changed: String,
}

impl StepView {
    fn of(label: &'static str, scores: Option<&Scores>) -> StepView {
        match scores {
            Some(s) => StepView {
                label,
                ter: format!("{:.1}", s.ter.score()),
                chrf: format!("{:.1}", s.chrf_pp.score()),
                changed: format!("{:.0}%", s.changed_share() * 100.0),
            },
            None => StepView {
                label,
                ter: "–".into(),
                chrf: "–".into(),
                changed: "–".into(),
            },
        }
    }
}

struct ActionView {
    name: &'static str,
    label: &'static str,
    allowed: bool,
    reason: String,
    rule: &'static str,
    needs_note: bool,
}

fn action_label(action: Action) -> &'static str {
    match action {
        Action::Submit => "Submit for bilingual review",
        Action::Approve => "Approve for native edit",
        Action::Return => "Return with a note",
        Action::SignOff => "Sign off",
        Action::Reopen => "Reopen",
    }
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage<'a> {
    chrome: Chrome<'a>,
    id: i64,
    title: &'a str,
    stage: &'static str,
    stage_label: &'static str,
    ai_tool: String,
    version: i64,
    rows: Vec<RowView>,
    reviewed: usize,
    steps: Vec<StepView>,
    actions: Vec<ActionView>,
    error: Option<String>,
    disclosure: Option<DisclosureView>,
    signed_off: bool,
}

/// The earned disclosure on a signed-off article's page, or why it is not.
struct DisclosureView {
    text: String,
    detail: String,
    refused: bool,
}

async fn review_page(
    state: &AppState,
    session: &Session,
    id: i64,
    error: Option<String>,
) -> Result<Response, PageError> {
    let (article, revisions) = rows_with_revisions(state, id).await?;
    let names = author_names(state, &revisions).await?;
    let roles = Roles::of(&session.user.roles);
    let overrides = state.store.overrides(id).await?;
    let findings = article.findings();
    let blocking = article.blocking_among(&findings, &overrides);
    let context = RowContext {
        article: &article,
        roles,
        names: &names,
        findings: &findings,
        overrides: &overrides,
        csrf: &session.csrf_token,
    };
    let count = article.segments.len();
    let rows: Vec<RowView> = article
        .segments
        .iter()
        .zip(&revisions)
        .map(|(segment, history)| context.view(segment, history, count))
        .collect();
    let (for_steps, revisions_for_steps) = (article.clone(), revisions.clone());
    let steps =
        crate::http::compute(move |cancel| step_changes(&for_steps, &revisions_for_steps, cancel))
            .await
            .map_err(|error| PageError::new(error.status(), error.detail().to_string()))?
            .iter()
            .map(|step| StepView::of(step.label, step.article.as_ref()))
            .collect();
    // The rules are judged before the click, exactly as the store will
    // judge them after it (a note is asked for in the form).
    let participants = state.store.replay(id).await?.bilingual_participants();
    let reviews: Vec<RowReview> = article
        .segments
        .iter()
        .map(|s| RowReview {
            current_revision: s.revision as u32,
            reviewed_revision: s.reviewed_revision.map(|r| r as u32),
        })
        .collect();
    let actions = article
        .stage
        .actions()
        .iter()
        .map(|&action| {
            let needs_note = matches!(action, Action::Return | Action::Reopen);
            let verdict = workflow::check_transition(&TransitionRequest {
                stage: article.stage,
                action,
                actor: session.user.id,
                roles,
                note: needs_note.then_some("(asked for in the form)"),
                rows: &reviews,
                bilingual_participants: &participants,
                blocking_findings: blocking,
            });
            ActionView {
                name: action.name(),
                label: action_label(action),
                allowed: verdict.is_ok(),
                reason: verdict
                    .as_ref()
                    .err()
                    .map(|r| r.message.clone())
                    .unwrap_or_default(),
                rule: verdict.as_ref().err().map_or("", |r| r.rule.code()),
                needs_note,
            }
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let disclosure = if article.stage == Stage::SignedOff {
        Some(
            match crate::http::exports::disclosure_json(state, id).await {
                Ok(found) => {
                    let name = |v: &Value| v["name"].as_str().unwrap_or("?").to_string();
                    let share = |key: &str| {
                        found["figures"][key]["changed_share"]
                            .as_f64()
                            .map_or("–".to_string(), |s| format!("{:.0}%", s * 100.0))
                    };
                    DisclosureView {
                        text: found["text"].as_str().unwrap_or_default().to_string(),
                        detail: format!(
                            "Drafted by {} ({}); bilingual review approved by {}; native edit signed off by {}. Share of the AI draft changed: {} in bilingual review, {} more in native edit, {} in all.",
                            found["ai"]["tool"].as_str().unwrap_or("?"),
                            found["ai"]["model"].as_str().unwrap_or("?"),
                            name(&found["bilingual_review"]["approved_by"]),
                            name(&found["native_edit"]["signed_off_by"]),
                            share("ai_to_bilingual_review"),
                            share("bilingual_review_to_native_edit"),
                            share("ai_to_current"),
                        ),
                        refused: false,
                    }
                }
                Err(problem) => DisclosureView {
                    text: "The trail does not support the disclosure line.".into(),
                    detail: problem.detail().to_string(),
                    refused: true,
                },
            },
        )
    } else {
        None
    };
    let page = ReviewPage {
        chrome: Chrome::of(session),
        id,
        title: &article.title,
        stage: article.stage.name(),
        stage_label: stage_label(article.stage),
        ai_tool: format!("{} ({})", article.ai.tool, article.ai.model),
        version: article.version,
        reviewed: rows.iter().filter(|r| r.reviewed).count(),
        rows,
        steps,
        actions,
        error,
        disclosure,
        signed_off: article.stage == Stage::SignedOff,
    };
    Ok((status, Html::render(&page)).into_response())
}

pub async fn review(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    review_page(&state, &session, id, None).await
}

#[derive(Template)]
#[template(path = "row_fragment.html")]
struct RowFragment {
    row: RowView,
}

/// One row as the review page shows it, for the script to swap in.
pub async fn row(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path((id, segment_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (article, revisions) = rows_with_revisions(&state, id).await?;
    let Some(index) = article.segments.iter().position(|s| s.id == segment_id) else {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            "This row no longer exists.",
        ));
    };
    let names = author_names(&state, &revisions[index..=index]).await?;
    let overrides = state.store.overrides(id).await?;
    let findings = article.findings();
    let context = RowContext {
        article: &article,
        roles: Roles::of(&session.user.roles),
        names: &names,
        findings: &findings,
        overrides: &overrides,
        csrf: &session.csrf_token,
    };
    let row = context.view(
        &article.segments[index],
        &revisions[index],
        article.segments.len(),
    );
    Ok(Html::render(&RowFragment { row }).into_response())
}

#[derive(Debug, Deserialize)]
pub struct TransitionForm {
    csrf: String,
    action: String,
    note: Option<String>,
    /// The article version the page showed (moved on by the page's own
    /// saves).
    version: Option<i64>,
}

/// A stage action from the review page's form.
pub async fn transition(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path(id): Path<i64>,
    method: Method,
    headers: HeaderMap,
    Form(form): Form<TransitionForm>,
) -> Result<Response, PageError> {
    if !csrf_ok(&method, &headers, &session, Some(&form.csrf)) {
        return Err(PageError::csrf());
    }
    let action = Action::parse(&form.action)
        .ok_or_else(|| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "Unknown action."))?;
    let note = form.note.as_deref();
    let Some(version) = form.version else {
        return Err(PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The form did not say which version of the article you saw.",
        ));
    };
    match state
        .store
        .transition(&session.user, id, action, note, version)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/articles/{id}")).into_response()),
        Err(galley_store::StoreError::StaleVersion { current, .. }) => {
            let message = format!(
                "The article changed since you opened it (version {version}, now {current}). Look at the changes and try again."
            );
            let mut response = review_page(&state, &session, id, Some(message)).await?;
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
        Err(galley_store::StoreError::Refused(refusal)) => {
            let mut response = review_page(&state, &session, id, Some(refusal.message)).await?;
            if refusal.rule == workflow::Rule::SeparationOfDuties
                || refusal.rule == workflow::Rule::RoleRequired
            {
                *response.status_mut() = StatusCode::FORBIDDEN;
            }
            Ok(response)
        }
        Err(galley_store::StoreError::BadText(bad)) => {
            let message = format!("The {} {}.", bad.field, bad.message);
            let mut response = review_page(&state, &session, id, Some(message)).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct OverrideForm {
    csrf: String,
    key: String,
    reason: String,
}

/// Overrides a QA finding from the row's form; back to the row.
pub async fn override_finding(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path((id, segment)): Path<(i64, i64)>,
    method: Method,
    headers: HeaderMap,
    Form(form): Form<OverrideForm>,
) -> Result<Response, PageError> {
    if !csrf_ok(&method, &headers, &session, Some(&form.csrf)) {
        return Err(PageError::csrf());
    }
    match state
        .store
        .override_finding(&session.user, id, segment, &form.key, &form.reason)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/articles/{id}#row-{segment}")).into_response()),
        Err(galley_store::StoreError::Refused(refusal)) => {
            review_page(&state, &session, id, Some(refusal.message)).await
        }
        Err(galley_store::StoreError::Invalid(message)) => {
            review_page(&state, &session, id, Some(message)).await
        }
        Err(galley_store::StoreError::BadText(bad)) => {
            let message = format!(
                "An override needs a reason: the {} {}.",
                bad.field, bad.message
            );
            let mut response = review_page(&state, &session, id, Some(message)).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

// ------------------------------------------------------------ diff fragment

#[derive(Debug, Deserialize)]
pub struct DiffForm {
    old: String,
    new: String,
}

/// Most bytes the diff fragment takes: two rows at the limit.
const DIFF_LIMIT: usize = 2 * 4 * galley_core::limits::ROW_CHARS;

/// A diff of two texts as track changes, for the editor's live view and the
/// conflict panel.
pub async fn diff_fragment(
    Viewer(session): Viewer,
    method: Method,
    headers: HeaderMap,
    Form(form): Form<DiffForm>,
) -> Result<Response, PageError> {
    if !csrf_ok(&method, &headers, &session, None) {
        return Err(PageError::csrf());
    }
    let too_long = |text: &str| text.chars().count() > galley_core::limits::ROW_CHARS;
    if form.old.len() + form.new.len() > DIFF_LIMIT || too_long(&form.old) || too_long(&form.new) {
        return Err(PageError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The texts are too long to compare here.",
        ));
    }
    let html = tokio::task::spawn_blocking(move || {
        let diff = diff_text(&form.old, &form.new);
        if diff.is_unchanged() {
            "<span class=\"unchanged\">No changes.</span>".to_string()
        } else {
            render::html(&diff)
        }
    })
    .await
    .map_err(|_| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, "The diff failed."))?;
    let mut response = html.into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(response)
}

// ----------------------------------------------------------------- the trail

struct TrailEntry {
    seq: i64,
    at: String,
    actor: String,
    stage_label: &'static str,
    what: String,
    note: String,
    diff: String,
    hash: String,
}

#[derive(Template)]
#[template(path = "trail.html")]
struct TrailPage<'a> {
    chrome: Chrome<'a>,
    id: i64,
    title: &'a str,
    stage_label: &'static str,
    verified: bool,
    verdict: String,
    entries: Vec<TrailEntry>,
}

pub async fn trail(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let article = state.store.article(id).await?;
    let stored = state.store.stored_trail(id).await?;
    let (verified, verdict) = match audit::audit_stored(&stored) {
        Ok(replay) => (
            true,
            format!(
                "All {} events verify: the chain of hashes is unbroken and the article is where its trail leaves it.",
                replay.events
            ),
        ),
        Err(mismatch) => (false, format!("The trail does not verify: {mismatch}")),
    };
    let events = stored.events;
    let mut histories: HashMap<i64, Vec<Revision>> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    // Rows by their number on the review page; rows merged or split away
    // since keep their id.
    let numbers: HashMap<i64, usize> = article
        .segments
        .iter()
        .map(|s| (s.id, s.position as usize + 1))
        .collect();
    let row_name = |id: i64| match numbers.get(&id) {
        Some(n) => format!("row {n}"),
        None => format!("former row #{id}"),
    };
    // The stage each event happened in, replayed from the hashed transitions.
    let mut stage = Stage::Draft;
    let mut entries = Vec::with_capacity(events.len());
    for event in &events {
        let mut diff = String::new();
        let mut note = String::new();
        let what = match Fact::decode(event) {
            Err(error) => format!("an event that cannot be read ({})", error.reason),
            Ok(Fact::Submitted { .. }) => {
                "submitted the Korean source and the AI draft".to_string()
            }
            Ok(Fact::Aligned { rows }) => {
                format!("aligned the paragraphs into {} rows", rows.len())
            }
            Ok(Fact::RevisionSaved { row, revision, .. }) => {
                if let std::collections::hash_map::Entry::Vacant(entry) = histories.entry(row) {
                    entry.insert(state.store.revisions(row).await.unwrap_or_default());
                }
                let history = &histories[&row];
                let text_of = |n: i64| {
                    history
                        .iter()
                        .find(|r| r.revision == n)
                        .map(|r| r.text.as_str())
                };
                if let (Some(old), Some(new)) = (text_of(revision - 1), text_of(revision)) {
                    diff = diff_html(old, new);
                }
                format!("saved revision {revision} of {}", row_name(row))
            }
            Ok(Fact::RowReviewed { row, revision }) => {
                format!("marked {} reviewed at revision {revision}", row_name(row))
            }
            Ok(Fact::RowsMerged { merged, into, .. }) => format!(
                "merged {} and {} into {}",
                row_name(merged[0]),
                row_name(merged[1]),
                row_name(into)
            ),
            Ok(Fact::RowSplit { split, into, .. }) => format!(
                "split {} into {} and {}",
                row_name(split),
                row_name(into[0]),
                row_name(into[1])
            ),
            Ok(Fact::QaOverridden { row, key, reason }) => {
                note = reason;
                format!("overrode the QA finding {key} of {}", row_name(row))
            }
            Ok(Fact::Transition {
                action,
                to,
                note: given,
                ..
            }) => {
                note = given.unwrap_or_default();
                let text = format!("{action}: {} → {}", stage_label(stage), stage_label(to));
                stage = to;
                text
            }
            Ok(Fact::Comment { text, .. }) => {
                note = text;
                "commented".to_string()
            }
        };
        // "user:7" is who the chain names; people read the name.
        let actor = match event
            .actor
            .strip_prefix("user:")
            .and_then(|id| id.parse::<i64>().ok())
        {
            Some(id) => match names.get(&event.actor) {
                Some(name) => name.clone(),
                None => {
                    let name = state
                        .store
                        .user(id)
                        .await
                        .map_or_else(|_| event.actor.clone(), |u| u.name);
                    names.insert(event.actor.clone(), name.clone());
                    name
                }
            },
            None => event.actor.clone(),
        };
        entries.push(TrailEntry {
            seq: event.seq,
            at: short_time(&event.at),
            actor,
            stage_label: stage_label(stage),
            what,
            note,
            diff,
            hash: event.hash.get(..16).unwrap_or_default().to_string(),
        });
    }
    let page = TrailPage {
        chrome: Chrome::of(&session),
        id,
        title: &article.title,
        stage_label: stage_label(article.stage),
        verified,
        verdict,
        entries,
    };
    Ok(Html::render(&page).into_response())
}
