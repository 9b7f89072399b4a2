//! The review page: Korean beside English row by row, the article's
//! metrics, the stage actions with the rule that blocks each shown before
//! the click, the earned disclosure once signed off; and its forms (stage
//! actions, QA overrides, assignments).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use galley_core::metrics::Scores;
use galley_core::workflow::{Action, Change, Stage};
use galley_store::{ArticleId, RowId, Session, StoreError, UserId};
use serde::Deserialize;

use super::assign::AssignView;
use super::chrome::{Chrome, page_time, short_time, stage_label};
use super::guard::Viewer;
use super::guard::{Posted, WithCsrf};
use super::row::{RowContext, RowView};
use super::{Html, PageError};
use crate::compute::{Stopped, compute};
use crate::i18n::{Lang, fill};
use crate::refusal;
use crate::state::AppState;
use crate::submission;
use crate::views::changes::step_changes;
use crate::views::disclosure::{self, Figures, NotEarned, Person};
use crate::wrong::Wrong;

struct StepView {
    label: &'static str,
    begun: bool,
    ter: String,
    chrf: String,
    changed: String,
}

impl StepView {
    /// A step's figures; dashes for a step whose stage has not begun.
    fn of(label: &'static str, scores: Option<&Scores>, begun: bool) -> StepView {
        match scores.filter(|_| begun) {
            Some(s) => StepView {
                label,
                begun,
                ter: format!("{:.1}", s.ter.score()),
                chrf: format!("{:.1}", s.chrf_pp.score()),
                changed: format!("{:.0}%", s.changed_share() * 100.0),
            },
            None => StepView {
                label,
                begun,
                ter: "–".into(),
                chrf: "–".into(),
                changed: "–".into(),
            },
        }
    }
}

/// A step's label in a language, and whether its stage has begun by `stage`.
fn step_of(name: &str, lang: Lang, stage: Stage) -> (&'static str, bool) {
    let t = lang.texts();
    match name {
        "ai_to_bilingual_review" => (t.step_ai_to_bilingual, stage >= Stage::BilingualReview),
        "bilingual_review_to_native_edit" => {
            (t.step_bilingual_to_native, stage >= Stage::NativeEdit)
        }
        _ => (t.step_ai_to_now, true),
    }
}

struct ActionView {
    name: &'static str,
    label: &'static str,
    allowed: bool,
    reason: String,
    rule: &'static str,
    needs_note: bool,
    /// What to ask before a step the person cannot take back.
    confirm: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage<'a> {
    chrome: Chrome<'a>,
    id: ArticleId,
    title: &'a str,
    /// The title was submitted before the headline was a row:
    /// nobody reviewed it; a correction makes it one.
    title_unreviewed: bool,
    stage: &'static str,
    stage_label: &'static str,
    ai_tool: String,
    version: i64,
    /// The versions of the Korean, oldest first (1 at submission).
    source_versions: Vec<i64>,
    /// The editions published, oldest first: number, sign-off time on the
    /// newsroom's clock, and the correction note it published.
    editions: Vec<(usize, String, Option<String>)>,
    rows: Vec<RowView>,
    reviewed: usize,
    progress: String,
    progress_value: usize,
    progress_max: usize,
    steps: Vec<StepView>,
    actions: Vec<ActionView>,
    done: Option<&'static str>,
    error: Option<String>,
    disclosure: Option<DisclosureView>,
    signed_off: bool,
    /// The script's words, as JSON.
    script_texts: String,
    /// The return that sent the article here: who, when, the note.
    returned: Option<(String, String, String)>,
    /// The reporter may replace the Korean and the draft (in draft): the
    /// form's values.
    replace: Option<SubmissionFields>,
    /// The reporter or an admin may give the Korean a new version (before
    /// sign-off): the current Korean and its version.
    revise: Option<(String, i64)>,
    /// Who is responsible for each stage, and the form to change it.
    assignments: Vec<AssignView>,
}

/// A submission's fields as a form shows them: the replace form filled with
/// the article as it is, the new article's form empty or as it was sent.
#[derive(Debug, Default)]
pub(super) struct SubmissionFields {
    pub(super) title: String,
    pub(super) source_title: String,
    pub(super) source: String,
    pub(super) draft: String,
    pub(super) tool: String,
    pub(super) model: String,
}

/// The earned disclosure on a signed-off article's page, or why it is not.
struct DisclosureView {
    text: String,
    /// Who did what, as HTML: the interface's words escaped, and the names
    /// of people and tools marked as names (`translate="no"`).
    detail_html: String,
    refused: bool,
    /// The correction lines it carries, oldest first.
    corrections: Vec<String>,
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    galley_core::diff::render::escape_html(text, &mut out);
    out
}

/// `pattern` filled with `names`, as HTML: each name escaped and marked
/// `translate="no"` (a person's or a tool's name is not the interface's
/// English), the pattern's words escaped.
fn names_marked(pattern: &str, names: &[(&str, &str)]) -> String {
    let marked: Vec<(&str, String)> = names
        .iter()
        .map(|(key, value)| {
            (
                *key,
                format!("<span translate=\"no\">{}</span>", escaped(value)),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = marked.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(&escaped(pattern), &pairs)
}

async fn review_page(
    state: &AppState,
    session: &Session,
    id: ArticleId,
    error: Option<String>,
    done: Option<Done>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&session.user);
    let t = lang.texts();
    let (context, revisions) = RowContext::load(state, session, id).await?;
    let blocking = context
        .article
        .blocking_among(&context.findings, &context.overrides);
    let roles = context.roles;
    let article = context.article.clone();
    let replay = context.replay.clone();
    let stage = article.stage;
    // Who returned it, by the names the rows were loaded with.
    let returned = article.returned.as_ref().map(|r| {
        (
            context
                .names
                .get(&r.by)
                .cloned()
                .unwrap_or_else(|| format!("user {}", r.by)),
            page_time(r.at, &state.web.time_zone),
            r.note.clone(),
        )
    });
    // The AI draft of each row of the body: what a replacement form starts
    // from (the headline's is the title).
    let drafts: Vec<String> = revisions
        .iter()
        .skip(article.rows.len() - article.body_rows().len())
        .filter_map(|history| history.first().map(|r| r.text.clone()))
        .filter(|text| !text.is_empty())
        .collect();
    // Three diffs a row and the article's metrics: on the blocking pool.
    let cache = state.scores.clone();
    let (rows, steps) = compute(move |cancel| {
        let (rows, steps) = rayon::join(
            || context.views(&revisions, cancel),
            || {
                step_changes(
                    &context.article,
                    &revisions,
                    &context.removed,
                    &cache,
                    cancel,
                )
            },
        );
        let rows = rows?;
        let steps: Vec<StepView> = steps?
            .iter()
            .map(|step| {
                let (label, begun) = step_of(step.name, lang, stage);
                StepView::of(label, step.article.as_ref(), begun)
            })
            .collect();
        Ok::<_, Stopped>((rows, steps))
    })
    .await?;
    // The rules are judged before the click, by the same state of the
    // article the store will judge them by (a note is asked for in the
    // form).
    let actions = article
        .stage
        .actions()
        .iter()
        .map(|&action| {
            let needs_note = matches!(action, Action::Return | Action::Reopen | Action::Correct);
            let verdict = replay.may_transition(
                session.user.id.0,
                roles,
                action,
                needs_note.then_some("(asked for in the form)"),
                blocking,
            );
            ActionView {
                name: action.name(),
                label: lang.action(action),
                allowed: verdict.is_ok(),
                reason: verdict
                    .as_ref()
                    .err()
                    .map(|r| lang.refusal(r))
                    .unwrap_or_default(),
                rule: verdict.as_ref().err().map_or("", |r| r.rule.code()),
                needs_note,
                confirm: match action {
                    Action::Approve => Some(t.confirm_approve),
                    Action::SignOff => Some(t.confirm_sign_off),
                    _ => None,
                },
            }
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let disclosure = if article.stage == Stage::SignedOff {
        Some(match disclosure::disclosure(state, id).await {
            Ok(found) => {
                let name = |p: &Person| p.name.clone().unwrap_or_else(|| format!("user {}", p.id));
                let share = |figures: Option<Figures>| {
                    figures.map_or("–".to_string(), |f| {
                        format!("{:.0}%", f.changed_share * 100.0)
                    })
                };
                DisclosureView {
                    text: found.text.to_string(),
                    corrections: found.corrections.iter().map(|c| c.line.clone()).collect(),
                    detail_html: names_marked(
                        t.disclosure_detail,
                        &[
                            ("tool", &found.ai.tool),
                            ("model", &found.ai.model),
                            ("approver", &name(&found.bilingual_review.approved_by)),
                            ("signer", &name(&found.native_edit.signed_off_by)),
                            ("first", &share(found.figures.ai_to_bilingual_review)),
                            (
                                "second",
                                &share(found.figures.bilingual_review_to_native_edit),
                            ),
                            ("all", &share(found.figures.ai_to_current)),
                        ],
                    ),
                    refused: false,
                }
            }
            Err(NotEarned::Store(error)) => return Err(error.into()),
            Err(NotEarned::Stopped(stopped)) => return Err(stopped.into()),
            Err(refused) => DisclosureView {
                text: t.disclosure_refused.into(),
                detail_html: escaped(&refused.said(lang).unwrap_or_default()),
                refused: true,
                corrections: Vec::new(),
            },
        })
    } else {
        None
    };
    let reviewed = rows.iter().filter(|r| r.reviewed).count();
    let total = rows.len();
    let total_words: usize = rows.iter().map(|r| r.words).sum();
    let reviewed_words: usize = rows.iter().filter(|r| r.reviewed).map(|r| r.words).sum();
    let edited = rows.iter().filter(|r| r.status == "edited").count();
    let numbers = |n: usize| n.to_string();
    let (progress, progress_value, progress_max) = match article.stage {
        Stage::Draft => (t.progress_draft, 0, total),
        Stage::BilingualReview => (t.progress_review, reviewed, total),
        Stage::NativeEdit => (t.progress_native, total, total),
        Stage::SignedOff => (t.progress_signed_off, total, total),
    };
    let progress = fill(
        progress,
        &[
            ("rows", &numbers(reviewed)),
            ("total", &numbers(total)),
            ("words", &numbers(reviewed_words)),
            ("total_words", &numbers(total_words)),
            ("edited", &numbers(edited)),
        ],
    );
    let replace = replay
        .may_by(session.user.id.0, roles, Change::ReplaceSubmission)
        .is_ok()
        .then(|| SubmissionFields {
            title: article.title.clone(),
            source_title: article.source_title().unwrap_or_default().to_string(),
            source: article.body_korean().join("\n\n"),
            draft: drafts.join("\n\n"),
            tool: article.ai.tool.clone(),
            model: article.ai.model.clone(),
        });
    let revise = replay
        .may(roles, Change::ReviseSource)
        .is_ok()
        .then(|| (article.body_korean().join("\n\n"), article.source_version));
    let page = ReviewPage {
        chrome: Chrome::of(session, format!("/articles/{id}"))
            .with_unread(state)
            .await,
        id,
        title: &article.title,
        title_unreviewed: !article.headline,
        stage: article.stage.name(),
        stage_label: stage_label(article.stage, lang),
        ai_tool: format!("{} ({})", article.ai.tool, article.ai.model),
        version: article.version,
        source_versions: (1..=article.source_version).collect(),
        revise,
        editions: replay
            .editions
            .iter()
            .map(|e| {
                (
                    e.number,
                    short_time(&e.at, &state.web.time_zone),
                    e.correction.as_ref().map(|c| c.note.clone()),
                )
            })
            .collect(),
        reviewed,
        progress,
        progress_value,
        progress_max: progress_max.max(1),
        rows,
        steps,
        actions,
        done: done.map(|done| match done {
            Done::Action(action) => lang.action_done(action),
            Done::Replaced => t.done_replaced,
            Done::Revised => t.done_revised,
        }),
        error,
        disclosure,
        signed_off: article.stage == Stage::SignedOff,
        script_texts: serde_json::to_string(&t.script).unwrap_or_default(),
        returned,
        replace,
        assignments: super::assign::views(
            &article,
            &session.user,
            &state.store.people().await?,
            &state.web.time_zone,
            lang,
        ),
    };
    Ok((status, Html::render(&page)).into_response())
}

/// What the page says was just done.
enum Done {
    Action(Action),
    Replaced,
    Revised,
}

#[derive(Debug, Deserialize)]
pub struct ReviewQuery {
    /// The stage action just taken, for the page to say what it did.
    done: Option<String>,
}

pub async fn review(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path(id): Path<ArticleId>,
    Query(query): Query<ReviewQuery>,
) -> Result<Response, PageError> {
    let done = query.done.as_deref().and_then(|done| match done {
        "replaced" => Some(Done::Replaced),
        "revised" => Some(Done::Revised),
        other => Action::parse(other).map(Done::Action),
    });
    review_page(&state, &session, id, None, done).await
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
    Path(id): Path<ArticleId>,
    Posted { session, form }: Posted<TransitionForm>,
) -> Result<Response, PageError> {
    let action = Action::parse(&form.action)
        .ok_or_else(|| PageError::words(StatusCode::UNPROCESSABLE_ENTITY, Lang::unknown_action))?;
    let note = form.note.as_deref();
    let Some(version) = form.version else {
        return Err(Wrong::FormVersion.into());
    };
    match state
        .store
        .transition(&session.user, id, action, note, version)
        .await
    {
        Ok(_) => {
            crate::checkpoints::after_transition(&state).await;
            Ok(
                Redirect::to(&format!("/articles/{id}?done={}#done", action.name()))
                    .into_response(),
            )
        }
        Err(StoreError::StaleVersion { current, .. }) => {
            let message = fill(
                Lang::of(&session.user).texts().stale_transition,
                &[
                    ("seen", &version.to_string()),
                    ("current", &current.to_string()),
                ],
            );
            let mut response = review_page(&state, &session, id, Some(message), None).await?;
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
        Err(error) => refused_page(&state, &session, id, error).await,
    }
}

/// The review page again with a refusal above it and its status, for a
/// form the store refused (a rule, a bad text, an invalid request); any
/// other error is an error page.
pub(super) async fn refused_page(
    state: &AppState,
    session: &Session,
    id: ArticleId,
    error: StoreError,
) -> Result<Response, PageError> {
    let status = refusal::status(&error);
    let message = match error {
        StoreError::Refused(_) | StoreError::BadText(_) | StoreError::Invalid { .. } => {
            Lang::of(&session.user).store_error(&error)
        }
        other => return Err(other.into()),
    };
    let mut response = review_page(state, session, id, Some(message), None).await?;
    *response.status_mut() = status;
    Ok(response)
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
    Path((id, segment)): Path<(ArticleId, RowId)>,
    Posted { session, form }: Posted<OverrideForm>,
) -> Result<Response, PageError> {
    match state
        .store
        .override_finding(&session.user, id, segment, &form.key, &form.reason)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/articles/{id}#row-{segment}")).into_response()),
        Err(StoreError::Refused(refusal)) => {
            let message = Lang::of(&session.user).refusal(&refusal);
            review_page(&state, &session, id, Some(message), None).await
        }
        Err(StoreError::Invalid { field, why }) => {
            let said = Lang::of(&session.user).invalid(field, &why);
            review_page(&state, &session, id, Some(said), None).await
        }
        Err(StoreError::BadText(bad)) => {
            let message = Lang::of(&session.user).text_error(&bad);
            let mut response = review_page(&state, &session, id, Some(message), None).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(error) => Err(error.into()),
    }
}

impl WithCsrf for TransitionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl WithCsrf for OverrideForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

#[derive(Debug, Deserialize)]
pub struct SubmissionForm {
    csrf: String,
    pub(super) title: String,
    /// The Korean headline; blank: none.
    #[serde(default)]
    pub(super) source_title: String,
    pub(super) source: String,
    pub(super) draft: String,
    pub(super) tool: String,
    pub(super) model: String,
}

impl SubmissionForm {
    /// The form checked as the API checks a submission (a blank Korean
    /// headline: none).
    pub fn checked(&self) -> Result<submission::Checked, galley_core::limits::TextError> {
        submission::Checked::of(submission::Sent {
            title: &self.title,
            source_title: Some(self.source_title.as_str()).filter(|t| !t.trim().is_empty()),
            source: Some(&self.source),
            source_paragraphs: None,
            draft: Some(&self.draft),
            draft_paragraphs: None,
            tool: &self.tool,
            model: &self.model,
        })
    }
}

impl WithCsrf for SubmissionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// A new version of the Korean, from the form.
#[derive(Debug, Deserialize)]
pub struct SourceForm {
    csrf: String,
    source: String,
    base_source_version: i64,
    #[serde(default)]
    draft: String,
}

impl WithCsrf for SourceForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The reporter's (or an admin's) new version of the Korean, from the form:
/// the same limits and carrying over as over the API.
pub async fn revise_source(
    State(state): State<AppState>,
    Path(id): Path<ArticleId>,
    Posted { session, form }: Posted<SourceForm>,
) -> Result<Response, PageError> {
    // A blank draft box is no draft.
    let draft = Some(&form.draft).filter(|d| !d.trim().is_empty());
    let source = submission::new_source(
        (Some(&form.source), None),
        (draft, None),
        form.base_source_version,
    )
    .map_err(PageError::from)?;
    match state.store.revise_source(&session.user, id, source).await {
        Ok(_) => Ok(Redirect::to(&format!("/articles/{id}?done=revised#done")).into_response()),
        Err(error) => refused_page(&state, &session, id, error).await,
    }
}

/// The reporter's replacement of the Korean and the draft, from the form:
/// the same limits and alignment as a submission over the API.
pub async fn replace_submission(
    State(state): State<AppState>,
    Path(id): Path<ArticleId>,
    Posted { session, form }: Posted<SubmissionForm>,
) -> Result<Response, PageError> {
    let new = compute(move |_| Ok::<_, PageError>(form.checked()?.aligned()?)).await?;
    match state.store.replace_submission(&session.user, id, new).await {
        Ok(_) => Ok(Redirect::to(&format!("/articles/{id}?done=replaced#done")).into_response()),
        Err(error) => refused_page(&state, &session, id, error).await,
    }
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
fn due_of(value: &str, zone: &jiff::tz::TimeZone) -> Result<Option<String>, Wrong> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let local: jiff::civil::DateTime = value.parse().map_err(|_| Wrong::DueNotATime {
        value: value.to_string(),
    })?;
    let zoned = local
        .to_zoned(zone.clone())
        .map_err(|_| Wrong::DueNotOnClock {
            value: value.to_string(),
        })?;
    Ok(Some(zoned.timestamp().to_string()))
}

/// Sets or takes back a stage's assignment from the form.
pub async fn assign(
    State(state): State<AppState>,
    Path((id, stage)): Path<(ArticleId, String)>,
    Posted { session, form }: Posted<AssignForm>,
) -> Result<Response, PageError> {
    let stage = Stage::parse(&stage)
        .ok_or_else(|| PageError::words(StatusCode::NOT_FOUND, Lang::no_such_stage))?;
    let assignee = match form.assignee.trim() {
        "" => None,
        id => Some(
            id.parse::<i64>()
                .map_err(|_| PageError::from(Wrong::ChooseAssignee))?,
        ),
    };
    let due = due_of(&form.due, &state.web.time_zone).map_err(PageError::from)?;
    let session: &Session = &session;
    match state
        .store
        .assign(
            &session.user,
            id,
            stage,
            assignee.map(UserId),
            due.as_deref(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/articles/{id}#assignments")).into_response()),
        Err(error) => refused_page(&state, session, id, error).await,
    }
}

#[cfg(test)]
mod tests {
    use super::{due_of, names_marked};

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

    #[test]
    fn names_in_the_disclosures_detail_are_escaped_and_marked_as_names() {
        assert_eq!(
            names_marked(
                "Drafted by {tool} ({model}) & checked.",
                &[("tool", "Chat\"><script>x</script>"), ("model", "gpt-4o")]
            ),
            "Drafted by <span translate=\"no\">Chat&quot;&gt;&lt;script&gt;x&lt;/script&gt;</span> \
             (<span translate=\"no\">gpt-4o</span>) &amp; checked."
        );
    }
}
