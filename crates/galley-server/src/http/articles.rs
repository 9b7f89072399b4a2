//! `/api/v1/articles`: submit, read, edit, review and move articles.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use galley_core::audit;
use galley_core::limits::{self, Kind};
use galley_core::workflow::{Action, Stage};
use galley_store::{ArticleId, ArticleQuery, RowId, StoreError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{Problem, reader};
use super::{ApiError, ApiJson, ApiQuery, AuthUser};
use crate::compute::compute;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::submission::{Checked, Sent};
use crate::views::article::ArticleView;
use crate::views::names::StageName;
use crate::wrong::Wrong;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(read, replace_submission))
        .routes(routes!(save))
        .routes(routes!(revert))
        .routes(routes!(assign))
        .routes(routes!(replace))
        .routes(routes!(review, withdraw_review))
        .routes(routes!(merge))
        .routes(routes!(remove_english))
        .routes(routes!(split))
        .routes(routes!(override_finding))
        .routes(routes!(transition))
        .routes(routes!(read_trail))
        .routes(routes!(verify_trail))
}

/// The article as the API shows it, with its overrides.
async fn full_article(state: &AppState, id: ArticleId) -> Result<ArticleView, ApiError> {
    let article = state.store.article(id).await?;
    let overrides = state.store.overrides(id).await?;
    Ok(ArticleView::of(&article, &overrides, reader()))
}

/// A page of articles.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleList {
    /// The articles, newest first (by id).
    pub articles: Vec<ArticleItem>,
    /// At most this many.
    pub limit: i64,
    /// After skipping this many (deprecated: page with `after`).
    pub offset: i64,
    /// Where the next page starts (`after=`), when there may be one.
    pub next: Option<ArticleId>,
}

/// One article in a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleItem {
    /// Its id.
    pub id: ArticleId,
    /// Its title.
    pub title: String,
    /// Its stage.
    pub stage: StageName,
    /// Its version.
    pub version: i64,
    /// When it last changed.
    pub updated_at: String,
}

/// A saved revision of a row.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SavedRevision {
    /// The row.
    pub segment: RowId,
    /// The revision the row is now at.
    pub revision: i64,
    /// Its text (as stored: NFC, trimmed).
    pub text: String,
    /// The stage it was saved in.
    pub stage: StageName,
    /// When.
    pub created_at: String,
}

impl SavedRevision {
    fn of(segment: i64, revision: galley_store::Revision) -> SavedRevision {
        SavedRevision {
            segment: RowId(segment),
            revision: revision.revision,
            text: revision.text,
            stage: revision.stage.into(),
            created_at: galley_store::time::stored(revision.created_at),
        }
    }
}

/// Where a transition left the article.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Moved {
    /// The article.
    pub id: ArticleId,
    /// Its stage now.
    pub stage: StageName,
    /// Its version now.
    pub version: i64,
}

/// An article's trail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrailView {
    /// Every event, in order.
    pub events: Vec<TrailEvent>,
}

/// One event of the trail, as stored: the payload is the hashed JSON.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrailEvent {
    /// Its place in the chain, from 1.
    pub seq: i64,
    /// When.
    pub at: String,
    /// `user:ID`, or the AI tool.
    pub actor: String,
    /// The kind of event.
    pub action: String,
    /// What happened (the event's canonical JSON).
    #[schema(value_type = Object)]
    pub payload: Value,
    /// The hash of the event before.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// Whether an article's trail verifies.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Verdict {
    /// The chain holds and the article is where it leaves it.
    Holds {
        /// `true`.
        ok: bool,
        /// How many events.
        events: usize,
        /// The stage the trail leaves the article in.
        stage: StageName,
    },
    /// It does not.
    Broken {
        /// `false`.
        ok: bool,
        /// How many events.
        events: usize,
        /// The first event at fault, where one is.
        broken_at: Option<i64>,
        /// Why.
        reason: String,
    },
}

/// The AI tool that drafted the English.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AiBody {
    /// The tool, e.g. `ChatGPT`.
    tool: String,
    /// The model, e.g. `gpt-4o`.
    model: String,
}

/// A submission: the Korean source and its AI draft, each as text
/// (paragraphs separated by blank lines) or as a list of paragraphs.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// The AI's English headline (300 characters at most): the draft of the
    /// article's first row, the headline, reviewed like any row.
    title: String,
    /// The Korean headline (300 characters at most), which the headline row
    /// translates. Without it the headline row has the English alone, with
    /// a warning that the Korean headline is missing.
    source_title: Option<String>,
    /// The Korean, paragraphs separated by blank lines.
    source: Option<String>,
    /// The English AI draft, paragraphs separated by blank lines.
    draft: Option<String>,
    /// The Korean, already in paragraphs.
    source_paragraphs: Option<Vec<String>>,
    /// The English AI draft, already in paragraphs.
    draft_paragraphs: Option<Vec<String>>,
    /// The AI tool.
    ai: AiBody,
}

#[utoipa::path(
    post,
    path = "/articles",
    tag = "articles",
    summary = "Submit a Korean source and its AI draft; they are aligned paragraph by paragraph",
    request_body = CreateBody,
    responses((status = 201, description = "The stored article; Location points at it", body = ArticleView), (status = "4XX", description = "401, 403, 400, 413, 415 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<impl IntoResponse, ApiError> {
    let new = submission(body).await?;
    let article = state.store.submit_article(&user, new).await?;
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/articles/{}", article.id)) {
        headers.insert(header::LOCATION, location);
    }
    Ok((
        StatusCode::CREATED,
        headers,
        axum::Json(ArticleView::of(&article, &[], reader())),
    ))
}

#[utoipa::path(
    put,
    path = "/articles/{id}",
    tag = "articles",
    summary = "Replace the Korean and the AI draft of an article in draft (the reporter's); aligned again, in the trail",
    params(("id" = i64, Path, description = "The article")),
    request_body = CreateBody,
    responses((status = 200, description = "The article as replaced", body = ArticleView), (status = "4XX", description = "401, 403, 404, 400, 413, 415 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn replace_submission(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<ArticleId>,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<impl IntoResponse, ApiError> {
    let new = submission(body).await?;
    let article = state.store.replace_submission(&user, id, new).await?;
    Ok(axum::Json(ArticleView::of(&article, &[], reader())))
}

/// A submission's body, checked and aligned (on the blocking pool).
async fn submission(body: CreateBody) -> Result<galley_store::NewArticle, ApiError> {
    let checked = Checked::of(Sent {
        title: &body.title,
        source_title: body.source_title.as_deref(),
        source: body.source.as_ref(),
        source_paragraphs: body.source_paragraphs.as_ref(),
        draft: body.draft.as_ref(),
        draft_paragraphs: body.draft_paragraphs.as_ref(),
        tool: &body.ai.tool,
        model: &body.ai.model,
    })?;
    compute(move |_| Ok::<_, ApiError>(checked.aligned()?)).await
}

/// Which articles to list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Only this stage: `draft`, `bilingual_review`, `native_edit`, `signed_off`.
    stage: Option<String>,
    /// Only titles containing this (300 characters at most).
    q: Option<String>,
    /// At most this many, 1 to 200 (50).
    limit: Option<i64>,
    /// The articles after this one: the `next` of the page before.
    after: Option<i64>,
    /// Skipping this many (0; deprecated: it costs what it skips).
    offset: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/articles",
    tag = "articles",
    summary = "List articles, newest first, a page at a time (the next page with after=next)",
    params(
        ("stage" = Option<String>, Query, description = "Only this stage: draft, bilingual_review, native_edit, signed_off"),
        ("q" = Option<String>, Query, description = "Only titles containing this (300 characters at most)"),
        ("limit" = Option<i64>, Query, description = "At most this many, 1 to 200 (50)"),
        ("after" = Option<i64>, Query, description = "The articles after this one: the `next` of the page before"),
        ("offset" = Option<i64>, Query, deprecated, description = "Skipping this many (0): use after, which costs the same on every page")
    ),
    responses((status = 200, description = "A page of articles", body = ArticleList), (status = "4XX", description = "401 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn list(
    State(state): State<AppState>,
    _user: AuthUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let stage = match query.stage.as_deref() {
        None | Some("") => None,
        Some(name) => Some(Stage::parse(name).ok_or(Wrong::StageName)?),
    };
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Wrong::Limit { max: 200 }.into());
    }
    let offset = query.offset.unwrap_or(0);
    if offset < 0 {
        return Err(Wrong::NegativeOffset.into());
    }
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 300) {
        return Err(Wrong::TooLong {
            field: "q",
            max: 300,
        }
        .into());
    }
    if query
        .q
        .as_ref()
        .is_some_and(|q| q.chars().any(|c| c.is_control() || c == '\u{FFFD}'))
    {
        return Err(Wrong::NotText { field: "q" }.into());
    }
    if query.after.is_some_and(|after| after < 1) {
        return Err(Wrong::Cursor.into());
    }
    let list = ArticleQuery {
        stage,
        title: query.q.as_deref(),
        limit,
        after: query.after.map(ArticleId),
        offset,
        ..ArticleQuery::default()
    };
    let articles = state.store.list_articles(list).await?;
    let next = list.next(&articles);
    let articles = articles
        .into_iter()
        .map(|a| ArticleItem {
            id: a.id,
            title: a.title,
            stage: a.stage.into(),
            version: a.version,
            updated_at: galley_store::time::stored(a.updated_at),
        })
        .collect();
    Ok(axum::Json(ArticleList {
        articles,
        limit,
        offset,
        next,
    }))
}

#[utoipa::path(
    get,
    path = "/articles/{id}",
    tag = "articles",
    summary = "An article with its rows, their flags and review state",
    params(("id" = i64, Path, description = "The article")),
    responses((status = 200, description = "The article", body = ArticleView), (status = "4XX", description = "401 or 404: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn read(
    State(state): State<AppState>,
    reader: AuthUser,
    Path(id): Path<ArticleId>,
) -> Result<axum::response::Response, ApiError> {
    let lang = self::reader();
    let question = format!("article:{}", lang.code());
    super::cache::json(&state, &reader, id, question, || async {
        let article = state.store.article(id).await?;
        let overrides = state.store.overrides(id).await?;
        Ok((
            (article.version, article.glossary_version),
            ArticleView::of(&article, &overrides, lang),
        ))
    })
    .await
}

/// A row's new English.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    /// The English (50,000 characters at most; stored NFC, trimmed).
    text: String,
    /// The revision the edit was based on; a stale one is 409 with the current text.
    base_revision: i64,
}

#[utoipa::path(
    put,
    path = "/articles/{id}/segments/{segment}",
    tag = "articles",
    summary = "Save a new revision of a row's English, based on the revision you saw; a stale base is 409 with the current text",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = SaveBody,
    responses((status = 200, description = "The revision now current", body = SavedRevision), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn save(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<impl IntoResponse, ApiError> {
    let text = limits::clean("text", &body.text, Kind::Row).map_err(|error| {
        match body.text.trim().is_empty() {
            true => ApiError::from(Wrong::EmptyRow),
            false => error.into(),
        }
    })?;
    let revision = state
        .store
        .save_revision(&user, id, segment, body.base_revision, &text)
        .await?;
    Ok(axum::Json(SavedRevision::of(segment.0, revision)))
}

/// Who is to be responsible for a stage, and by when.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignBody {
    /// The user id, or null to take the assignment back.
    assignee: Option<i64>,
    /// When it is due, RFC 3339 (say `2026-12-04T18:00:00+09:00`).
    due: Option<String>,
}

/// An assignment.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssignmentView {
    /// `bilingual_review` or `native_edit`.
    pub stage: StageName,
    /// The user responsible, or null when nobody is.
    pub assignee: Option<UserId>,
    /// When it is due (UTC, RFC 3339).
    pub due: Option<String>,
}

#[utoipa::path(
    put,
    path = "/articles/{id}/assignments/{stage}",
    tag = "articles",
    summary = "Make a person responsible for a stage (bilingual_review, native_edit), optionally by a due time; by whoever may act in that stage, or an admin; a native editor who took part in the bilingual review cannot be assigned native edit",
    params(("id" = i64, Path, description = "The article"), ("stage" = String, Path, description = "bilingual_review or native_edit")),
    request_body = AssignBody,
    responses((status = 200, description = "The assignment now", body = AssignmentView), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn assign(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, stage)): Path<(ArticleId, String)>,
    ApiJson(body): ApiJson<AssignBody>,
) -> Result<impl IntoResponse, ApiError> {
    let stage = Stage::parse(&stage).ok_or(Wrong::ReviewStage)?;
    let done = state
        .store
        .assign(
            &user,
            id,
            stage,
            body.assignee.map(UserId),
            body.due.as_deref(),
        )
        .await?;
    Ok(axum::Json(AssignmentView {
        stage: stage.into(),
        assignee: done.as_ref().map(|a| a.assignee),
        due: done.and_then(|a| a.due).map(|t| t.to_string()),
    }))
}

/// Which earlier revision to bring back.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevertBody {
    /// The revision whose text becomes the row's text again.
    revision: i64,
    /// The revision the person saw as current; a stale one is 409 with the current text.
    base_revision: i64,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/revert",
    tag = "articles",
    summary = "Bring back an earlier revision's text as a new revision (the trail keeps every revision)",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = RevertBody,
    responses((status = 200, description = "The new revision, with the earlier text", body = SavedRevision), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn revert(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<RevertBody>,
) -> Result<impl IntoResponse, ApiError> {
    let revision = state
        .store
        .revert_row(&user, id, segment, body.base_revision, body.revision)
        .await?;
    Ok(axum::Json(SavedRevision::of(segment.0, revision)))
}

/// Why English goes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemovalBody {
    /// Why the English goes (required; 2,000 characters at most), e.g.
    /// "The Korean says nothing of the minister's visit."
    reason: String,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/english-removal",
    tag = "articles",
    summary = "Remove English the AI added (a row with no Korean), with a reason (a bilingual reviewer, in bilingual review): the row leaves the article, its AI text a deletion in the diffs, the removal and its reason in the trail",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = RemovalBody,
    responses((status = 200, description = "The article without the row", body = ArticleView), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn remove_english(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<RemovalBody>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .remove_english(&user, id, segment, &body.reason)
        .await?;
    Ok(axum::Json(full_article(&state, id).await?))
}

/// Find and replace within an article: the rows the person previewed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceBody {
    /// The text to find (exact, case kept; one line, 500 characters at most).
    find: String,
    /// What replaces each match (may be empty).
    replace: String,
    /// The rows to change, each with the revision the preview showed.
    rows: Vec<ReplaceRow>,
}

/// A row of a find and replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceRow {
    /// The row.
    segment: i64,
    /// The revision the preview was made from.
    base_revision: i64,
}

/// What a find and replace did, row by row.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Replaced {
    /// The rows changed, each now a new revision by the person who replaced.
    pub replaced: Vec<ReplacedRow>,
    /// The rows left as they were, and why.
    pub refused: Vec<RefusedRow>,
}

/// A row a find and replace changed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReplacedRow {
    /// The row.
    pub segment: RowId,
    /// Its new revision.
    pub revision: i64,
    /// How many matches were replaced.
    pub matches: usize,
}

/// A row a find and replace left alone.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RefusedRow {
    /// The row.
    pub segment: RowId,
    /// The rule, as problem details name it (`stale_revision`, `no_match`, …).
    pub rule: String,
    /// What a person reads.
    pub detail: String,
}

/// The most characters a find or replace text may have.
const FIND_CHARS: usize = 500;

#[utoipa::path(
    post,
    path = "/articles/{id}/replace",
    tag = "articles",
    summary = "Find and replace in the rows a preview showed: each changed row a new revision; rows changed since the preview are refused and named",
    params(("id" = i64, Path, description = "The article")),
    request_body = ReplaceBody,
    responses((status = 200, description = "The rows replaced and the rows refused", body = Replaced), (status = "4XX", description = "401, 403, 404 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn replace(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<ArticleId>,
    ApiJson(body): ApiJson<ReplaceBody>,
) -> Result<impl IntoResponse, ApiError> {
    let find = limits::clean("find", &body.find, Kind::Title)?;
    let replacement = match body.replace.is_empty() {
        true => String::new(),
        false => limits::clean("replace", &body.replace, Kind::Title)?,
    };
    for (field, text) in [("find", &find), ("replace", &replacement)] {
        if text.chars().count() > FIND_CHARS {
            return Err(Wrong::TooLong {
                field,
                max: FIND_CHARS,
            }
            .into());
        }
    }
    let article = state.store.article(id).await?;
    if body.rows.len() > article.rows.len() {
        return Err(Wrong::MoreRowsThanArticle {
            rows: article.rows.len(),
        }
        .into());
    }
    // Whether the person may edit at all is one answer for the request,
    // read from the trail as the store reads it.
    state
        .store
        .replay(id)
        .await?
        .may(
            galley_core::workflow::Roles::of(&user.roles),
            galley_core::workflow::Change::EditEnglish,
        )
        .map_err(|refusal| ApiError::from(StoreError::Refused(refusal)))?;
    let mut answer = Replaced {
        replaced: Vec::new(),
        refused: Vec::new(),
    };
    let mut refuse = |segment: i64, rule: &str, detail: String| {
        answer.refused.push(RefusedRow {
            segment: RowId(segment),
            rule: rule.to_string(),
            detail,
        })
    };
    let mut seen = std::collections::HashSet::new();
    let mut edits = Vec::new();
    for wanted in &body.rows {
        let Some(row) = article.rows.iter().find(|r| r.id == RowId(wanted.segment)) else {
            refuse(
                wanted.segment,
                "not_found",
                format!("row {} is not in this article", wanted.segment),
            );
            continue;
        };
        if !seen.insert(row.id) {
            continue;
        }
        if row.revision != wanted.base_revision {
            refuse(
                row.id.0,
                "stale_revision",
                format!(
                    "{} changed since the preview (revision {} is now {}); look at it again",
                    article.row_name(row),
                    wanted.base_revision,
                    row.revision
                ),
            );
            continue;
        }
        let matches = row.text.matches(find.as_str()).count();
        if matches == 0 {
            refuse(
                row.id.0,
                "no_match",
                format!("{} has no '{find}'", article.row_name(row)),
            );
            continue;
        }
        let text = row.text.replace(find.as_str(), &replacement);
        match limits::clean("text", &text, Kind::Row) {
            Ok(text) if !text.trim().is_empty() => {
                edits.push((row.id, row.revision, text, matches))
            }
            Ok(_) => refuse(
                row.id.0,
                "empty_text",
                format!("{} would have no English left", article.row_name(row)),
            ),
            Err(error) => refuse(
                row.id.0,
                "bad_text",
                format!("{}: {}", article.row_name(row), Lang::En.text_error(&error)),
            ),
        }
    }
    for (segment, base, text, matches) in edits {
        match state
            .store
            .save_revision(&user, id, segment, base, &text)
            .await
        {
            Ok(revision) => answer.replaced.push(ReplacedRow {
                segment,
                revision: revision.revision,
                matches,
            }),
            Err(StoreError::Conflict {
                current_revision, ..
            }) => refuse(
                segment.0,
                "stale_revision",
                format!("the row changed while replacing (now revision {current_revision})"),
            ),
            Err(error) => return Err(error.into()),
        }
    }
    Ok(axum::Json(answer))
}

/// The revision a reviewer read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Must be the row's current revision.
    revision: i64,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/review",
    tag = "articles",
    summary = "Mark a row reviewed at its current revision",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = ReviewBody,
    responses((status = 204, description = "Marked"), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn review(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .mark_reviewed(&user, id, segment, body.revision)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which revision's mark of reviewed to take back.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct WithdrawQuery {
    /// The row's current revision, at which it is marked reviewed.
    revision: i64,
}

#[utoipa::path(
    delete,
    path = "/articles/{id}/segments/{segment}/review",
    tag = "articles",
    summary = "Take back a row's mark of reviewed (it stands at its current revision, named by ?revision=)",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row"), WithdrawQuery),
    responses((status = 204, description = "The row is not reviewed any more"), (status = "4XX", description = "400, 401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn withdraw_review(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiQuery(query): ApiQuery<WithdrawQuery>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .withdraw_review(&user, id, segment, query.revision)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A merge takes no parameters: an empty body or `{}`. Anything else is a
/// mistake the client should hear about before rows are joined.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/merge",
    tag = "articles",
    summary = "Merge a row with the next one (bilingual review only); no body, or {}",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body(content = Option<String>, content_type = "application/json", description = "Nothing, or {}"),
    responses((status = 200, description = "The article after the merge", body = ArticleView), (status = "4XX", description = "400, 401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn merge(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    if !body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice::<MergeBody>(&body).map_err(|error| {
            ApiError::from(Wrong::MergeBody {
                detail: error.to_string(),
            })
        })?;
    }
    state.store.merge_with_next(&user, id, segment).await?;
    Ok(axum::Json(full_article(&state, id).await?))
}

/// Where to split a row.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    /// Korean paragraphs that stay in the first row.
    ko_at: usize,
    /// English paragraphs that stay in the first row.
    en_at: usize,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/split",
    tag = "articles",
    summary = "Split a row after ko_at Korean and en_at English paragraphs (bilingual review only)",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = SplitBody,
    responses((status = 200, description = "The article after the split", body = ArticleView), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn split(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<SplitBody>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .split(&user, id, segment, body.ko_at, body.en_at)
        .await?;
    Ok(axum::Json(full_article(&state, id).await?))
}

/// A finding overridden, and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideBody {
    /// The finding's `key`.
    key: String,
    /// Why it is fine (5,000 characters at most).
    reason: String,
}

/// Overrides a QA finding of a row with a written reason.
#[utoipa::path(
    post,
    path = "/articles/{id}/segments/{segment}/overrides",
    tag = "articles",
    summary = "Override a QA finding of a row with a written reason",
    params(("id" = i64, Path, description = "The article"), ("segment" = i64, Path, description = "The row")),
    request_body = OverrideBody,
    responses((status = 201, description = "The article with the override", body = ArticleView), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn override_finding(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(ArticleId, RowId)>,
    ApiJson(body): ApiJson<OverrideBody>,
) -> Result<impl IntoResponse, ApiError> {
    let key = limits::clean("key", &body.key, Kind::Title)?;
    let reason = limits::clean("reason", &body.reason, Kind::Note)?;
    state
        .store
        .override_finding(&user, id, segment, &key, &reason)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(full_article(&state, id).await?),
    ))
}

/// A stage action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionBody {
    /// `submit`, `approve`, `return`, `sign_off` or `reopen`.
    action: String,
    /// Why (required for `return` and `reopen`).
    note: Option<String>,
    /// The article version the person saw (required): a stale one is 409
    /// `stale_version` with `current_version`.
    version: Option<i64>,
}

#[utoipa::path(
    post,
    path = "/articles/{id}/transitions",
    tag = "articles",
    summary = "Move the article: submit, approve, return (with a note), sign_off, reopen (admin, with a note), naming the version seen",
    params(("id" = i64, Path, description = "The article")),
    request_body = TransitionBody,
    responses((status = 200, description = "Where the article is now", body = Moved), (status = "4XX", description = "401, 403, 404, 409 or 422: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn transition(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<ArticleId>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<impl IntoResponse, ApiError> {
    let action = Action::parse(&body.action).ok_or(Wrong::ActionName)?;
    let note = body
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| limits::clean("note", n, Kind::Note))
        .transpose()?;
    let version = body.version.ok_or(Wrong::VersionRequired)?;
    let article = state
        .store
        .transition(&user, id, action, note.as_deref(), version)
        .await?;
    crate::checkpoints::after_transition(&state).await;
    Ok(axum::Json(Moved {
        id: article.id,
        stage: article.stage.into(),
        version: article.version,
    }))
}

#[utoipa::path(
    get,
    path = "/articles/{id}/trail",
    tag = "articles",
    summary = "The article's trail: every event with its hash chain",
    params(("id" = i64, Path, description = "The article")),
    responses((status = 200, description = "The trail", body = TrailView), (status = "4XX", description = "401 or 404: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn read_trail(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<ArticleId>,
) -> Result<impl IntoResponse, ApiError> {
    state.store.article(id).await?;
    let events = state
        .store
        .events(id)
        .await?
        .into_iter()
        .map(|e| TrailEvent {
            payload: serde_json::from_str(&e.payload).unwrap_or(Value::String(e.payload.clone())),
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            prev_hash: e.prev_hash,
            hash: e.hash,
        })
        .collect();
    Ok(axum::Json(TrailView { events }))
}

#[utoipa::path(
    get,
    path = "/articles/{id}/trail/verify",
    tag = "articles",
    summary = "Whether the trail verifies against the article as stored",
    params(("id" = i64, Path, description = "The article")),
    responses((status = 200, description = "The verdict; broken_at names the first event at fault", body = Verdict), (status = "4XX", description = "401 or 404: problem details (`rule` names a refusing rule, `field` a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn verify_trail(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<ArticleId>,
) -> Result<impl IntoResponse, ApiError> {
    let stored = state.store.stored_trail(id).await?;
    let events = stored.events.len();
    Ok(axum::Json(match audit::audit_stored(&stored) {
        Ok(replay) => Verdict::Holds {
            ok: true,
            events,
            stage: replay.stage.into(),
        },
        Err(mismatch) => Verdict::Broken {
            ok: false,
            events,
            broken_at: mismatch.at,
            reason: mismatch.reason,
        },
    }))
}
