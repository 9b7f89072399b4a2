//! `/api/v1/articles`: submit, read, edit, review and move articles.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use galley_core::audit;
use galley_core::limits::{self, Kind};
use galley_core::paragraph::{
    Limits, ParagraphError, Side, normalize_paragraphs, split_paragraphs,
};
use galley_core::workflow::{Action, Stage};
use galley_store::{AiTool, Article, ArticleQuery, Finding, Override, Segment};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiError, ApiJson, AuthUser, Reader};
use crate::compute::compute;
use crate::state::AppState;
use crate::submission::aligned_article;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/articles", post(create).get(list))
        .route("/articles/{id}", get(read))
        .route("/articles/{id}/segments/{segment}", put(save))
        .route("/articles/{id}/segments/{segment}/review", post(review))
        .route("/articles/{id}/segments/{segment}/merge", post(merge))
        .route("/articles/{id}/segments/{segment}/split", post(split))
        .route(
            "/articles/{id}/segments/{segment}/overrides",
            post(override_finding),
        )
        .route("/articles/{id}/transitions", post(transition))
        .route("/articles/{id}/trail", get(read_trail))
        .route("/articles/{id}/trail/verify", get(verify_trail))
}

/// A row's flags: the aligner's doubt about the row, and the QA findings
/// with their severity, message, the text involved and any override.
pub(crate) fn flags_json(
    article: &Article,
    segment: &Segment,
    findings: &[Finding],
    overrides: &[Override],
) -> Vec<Value> {
    let korean = article.korean_of(segment);
    let mut flags = Vec::new();
    if segment.flags.iter().any(|f| f == "low_confidence") {
        flags.push(json!({
            "check": "low_confidence", "key": "low_confidence", "severity": "warning",
            "message": "The aligner is not sure this row pairs the right paragraphs.",
            "spans": [], "blocking": false, "override": null,
        }));
    }
    for finding in findings {
        let spans: Vec<Value> = finding
            .spans
            .iter()
            .map(|span| {
                let text = match span.side {
                    Side::Korean => &korean,
                    Side::English => &segment.text,
                };
                let shown: String = text.chars().skip(span.start).take(span.end - span.start).collect();
                json!({"side": span.side.name(), "start": span.start, "end": span.end, "text": shown})
            })
            .collect();
        let overridden = overrides
            .iter()
            .find(|o| o.segment_id == segment.id && o.key == finding.key);
        flags.push(json!({
            "check": finding.check.code(),
            "key": finding.key,
            "severity": finding.severity.name(),
            "message": finding.message,
            "spans": spans,
            "blocking": galley_core::qa::blocks(finding) && overridden.is_none(),
            "override": overridden.map(|o| json!({"reason": o.reason, "by": o.user_id, "at": o.created_at})),
        }));
    }
    flags
}

pub(crate) fn article_json(article: &Article, overrides: &[Override]) -> Value {
    let findings = article.findings();
    let segments: Vec<Value> = article
        .segments
        .iter()
        .zip(&findings)
        .map(|(segment, found)| {
            json!({
                "id": segment.id,
                "ko": article.korean[segment.ko.clone()],
                "ko_paragraphs": [segment.ko.start, segment.ko.end],
                "en": segment.text,
                "revision": segment.revision,
                "reviewed": segment.reviewed_revision == Some(segment.revision),
                "confidence": (segment.confidence * 10_000.0).round() / 10_000.0,
                "flags": flags_json(article, segment, found, overrides),
            })
        })
        .collect();
    json!({
        "id": article.id,
        "title": article.title,
        "stage": article.stage.name(),
        "version": article.version,
        "ai": {"tool": article.ai.tool, "model": article.ai.model},
        "blocking_findings": article.blocking_among(&findings, overrides),
        "segments": segments,
    })
}

/// The article as the API shows it, with its overrides.
async fn full_article(state: &AppState, id: i64) -> Result<Value, ApiError> {
    let article = state.store.article(id).await?;
    let overrides = state.store.overrides(id).await?;
    Ok(article_json(&article, &overrides))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AiBody {
    tool: String,
    model: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    title: String,
    source: Option<String>,
    draft: Option<String>,
    source_paragraphs: Option<Vec<String>>,
    draft_paragraphs: Option<Vec<String>>,
    ai: AiBody,
}

/// One side of a submission: text to split, or paragraphs already split;
/// refused (naming the field) if it holds a control character, or breaks
/// the limits on a paragraph or a side of an article.
fn paragraphs(
    text: Option<&String>,
    list: Option<&Vec<String>>,
    side: Side,
    (text_field, list_field): (&str, &str),
) -> Result<Vec<String>, ApiError> {
    let kind = match side {
        Side::Korean => Kind::Korean,
        Side::English => Kind::Row,
    };
    let limits = Limits {
        max_bytes: 4 * limits::ARTICLE_CHARS,
        max_paragraphs: limits::ARTICLE_PARAGRAPHS,
    };
    let (field, result) = match (text, list) {
        (Some(text), None) => {
            refuse_controls(text_field, text)?;
            (text_field, split_paragraphs(text, side, limits))
        }
        (None, Some(list)) => {
            for (index, item) in list.iter().enumerate() {
                refuse_controls(&format!("{list_field}[{index}]"), item)?;
            }
            (list_field, normalize_paragraphs(list, side, limits))
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid_field(
                text_field,
                format!("give either {text_field} or {list_field}, not both"),
            ));
        }
        (None, None) => {
            return Err(ApiError::invalid_field(
                text_field,
                format!("{text_field} (or {list_field}) is required"),
            ));
        }
    };
    let paragraphs = result
        .map_err(|error: ParagraphError| ApiError::invalid_field(field, error.to_string()))?;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if paragraph.chars().count() > kind.max_chars() {
            return Err(ApiError::invalid_field(
                field,
                format!(
                    "{field}: paragraph {} is {} characters long; the limit is {}",
                    index + 1,
                    paragraph.chars().count(),
                    kind.max_chars()
                ),
            ));
        }
    }
    limits::check_article_side(field, &paragraphs)?;
    Ok(paragraphs)
}

/// Refuses a text holding a control character no text may hold.
fn refuse_controls(field: &str, text: &str) -> Result<(), ApiError> {
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| limits::is_forbidden_control(*c))
    {
        return Err(ApiError::invalid_field(
            field,
            format!(
                "{field} holds the control character U+{:04X} at character {at}; remove it",
                u32::from(c)
            ),
        ));
    }
    Ok(())
}

async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<impl IntoResponse, ApiError> {
    let title = limits::clean("title", &body.title, Kind::Title)?;
    let ai = AiTool {
        tool: limits::clean("ai.tool", &body.ai.tool, Kind::Name)?,
        model: limits::clean("ai.model", &body.ai.model, Kind::Name)?,
    };
    let ko = paragraphs(
        body.source.as_ref(),
        body.source_paragraphs.as_ref(),
        Side::Korean,
        ("source", "source_paragraphs"),
    )?;
    let en = paragraphs(
        body.draft.as_ref(),
        body.draft_paragraphs.as_ref(),
        Side::English,
        ("draft", "draft_paragraphs"),
    )?;
    let new = compute(move |_| Ok::<_, ApiError>(aligned_article(&title, ko, &en, ai))).await?;
    let article = state.store.submit_article(&user, new).await?;
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/articles/{}", article.id)) {
        headers.insert(header::LOCATION, location);
    }
    Ok((
        StatusCode::CREATED,
        headers,
        axum::Json(article_json(&article, &[])),
    ))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    stage: Option<String>,
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    _user: AuthUser,
    Query(query): Query<ListQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let stage = match query.stage.as_deref() {
        None | Some("") => None,
        Some(name) => Some(Stage::parse(name).ok_or_else(|| {
            ApiError::invalid_field(
                "stage",
                "stage must be draft, bilingual_review, native_edit or signed_off",
            )
        })?),
    };
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::invalid_field(
            "limit",
            "limit must be between 1 and 200",
        ));
    }
    let offset = query.offset.unwrap_or(0);
    if offset < 0 {
        return Err(ApiError::invalid_field(
            "offset",
            "offset must not be negative",
        ));
    }
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 300) {
        return Err(ApiError::invalid_field(
            "q",
            "q is longer than 300 characters",
        ));
    }
    if query
        .q
        .as_ref()
        .is_some_and(|q| q.chars().any(|c| c.is_control() || c == '\u{FFFD}'))
    {
        return Err(ApiError::invalid_field(
            "q",
            "q holds control characters or bytes that are not UTF-8",
        ));
    }
    let articles = state
        .store
        .list_articles(ArticleQuery {
            stage,
            title: query.q.as_deref(),
            limit,
            offset,
        })
        .await?;
    let items: Vec<Value> = articles
        .iter()
        .map(|a| json!({"id": a.id, "title": a.title, "stage": a.stage.name(), "version": a.version, "updated_at": a.updated_at}))
        .collect();
    Ok(axum::Json(
        json!({"articles": items, "limit": limit, "offset": offset}),
    ))
}

async fn read(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    super::cache::json(&state, &reader, id, "article".into(), || async {
        let article = state.store.article(id).await?;
        let overrides = state.store.overrides(id).await?;
        Ok((article.version, article_json(&article, &overrides)))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    text: String,
    base_revision: i64,
}

async fn save(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<impl IntoResponse, ApiError> {
    let text = limits::clean("text", &body.text, Kind::Row).map_err(|error| {
        match body.text.trim().is_empty() {
            true => ApiError::invalid_field(
                "text",
                "text is empty; a row keeps at least one character of English",
            ),
            false => error.into(),
        }
    })?;
    let revision = state
        .store
        .save_revision(&user, id, segment, body.base_revision, &text)
        .await?;
    Ok(axum::Json(json!({
        "segment": segment,
        "revision": revision.revision,
        "text": revision.text,
        "stage": revision.stage.name(),
        "created_at": revision.created_at,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewBody {
    revision: i64,
}

async fn review(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .mark_reviewed(&user, id, segment, body.revision)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A merge takes no parameters: an empty body or `{}`. Anything else is a
/// mistake the client should hear about before rows are joined.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeBody {}

async fn merge(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(i64, i64)>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    if !body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice::<MergeBody>(&body).map_err(|error| {
            ApiError::bad_request(format!("a merge takes no body (or {{}}): {error}"))
        })?;
    }
    state.store.merge_with_next(&user, id, segment).await?;
    Ok(axum::Json(full_article(&state, id).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitBody {
    ko_at: usize,
    en_at: usize,
}

async fn split(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<SplitBody>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .split(&user, id, segment, body.ko_at, body.en_at)
        .await?;
    Ok(axum::Json(full_article(&state, id).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideBody {
    key: String,
    reason: String,
}

/// Overrides a QA finding of a row with a written reason.
async fn override_finding(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, segment)): Path<(i64, i64)>,
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionBody {
    action: String,
    note: Option<String>,
    /// The article version the person saw.
    version: Option<i64>,
}

async fn transition(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<impl IntoResponse, ApiError> {
    let action = Action::parse(&body.action).ok_or_else(|| {
        ApiError::invalid_field(
            "action",
            "action must be submit, approve, return, sign_off or reopen",
        )
    })?;
    let note = body
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .map(|n| limits::clean("note", n, Kind::Note))
        .transpose()?;
    let version = body.version.ok_or_else(|| {
        ApiError::invalid_field(
            "version",
            "version is required: the article version you saw (GET /api/v1/articles/{id} answers it)",
        )
    })?;
    let article = state
        .store
        .transition(&user, id, action, note.as_deref(), version)
        .await?;
    Ok(axum::Json(
        json!({"id": article.id, "stage": article.stage.name(), "version": article.version}),
    ))
}

async fn read_trail(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    state.store.article(id).await?;
    let events: Vec<Value> = state
        .store
        .events(id)
        .await?
        .into_iter()
        .map(|e| {
            let payload: Value = serde_json::from_str(&e.payload).unwrap_or(Value::String(e.payload.clone()));
            json!({"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "payload": payload, "prev_hash": e.prev_hash, "hash": e.hash})
        })
        .collect();
    Ok(axum::Json(json!({ "events": events })))
}

async fn verify_trail(
    State(state): State<AppState>,
    _user: AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let stored = state.store.stored_trail(id).await?;
    let events = stored.events.len();
    Ok(axum::Json(match audit::audit_stored(&stored) {
        Ok(replay) => json!({"ok": true, "events": events, "stage": replay.stage.name()}),
        Err(mismatch) => json!({
            "ok": false,
            "events": events,
            "broken_at": mismatch.at,
            "reason": mismatch.reason,
        }),
    }))
}
