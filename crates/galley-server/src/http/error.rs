//! Errors as RFC 9457 problem details (`application/problem+json`).
//!
//! Internal failures are logged and answered with a generic 500: their
//! details never reach the client. Refusals name the rule, bad input names
//! the field, conflicts carry the current state.

use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galley_store::StoreError;

use crate::i18n::Lang;
use crate::wrong::Wrong;

tokio::task_local! {
    /// The language the request asked for (`Accept-Language`), for the
    /// problem details made while answering it.
    static READER: Lang;
}

/// The language of the request being answered (English outside one).
pub(crate) fn reader() -> Lang {
    READER.try_with(|lang| *lang).unwrap_or(Lang::En)
}

/// Answers `request` with its problem details in the language its
/// `Accept-Language` asks for, and says which in `Content-Language`.
pub async fn in_readers_language(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let lang = Lang::asked_in(request.headers());
    let mut response = READER.scope(lang, next.run(request)).await;
    let problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind == "application/problem+json");
    if problem {
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    response
}
/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    title: &'static str,
    detail: String,
    /// What some problems add (boxed: an error travels in every `Result`).
    extra: Box<Extra>,
}

/// The members of a problem beyond the four every one has.
#[derive(Debug, Default)]
struct Extra {
    rule: Option<String>,
    field: Option<String>,
    current_revision: Option<i64>,
    current_text: Option<String>,
    current_version: Option<i64>,
    current_source_version: Option<i64>,
}

impl ApiError {
    fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            title,
            detail: detail.into(),
            extra: Box::default(),
        }
    }

    fn rule(mut self, rule: &str) -> ApiError {
        self.extra.rule = Some(rule.to_string());
        self
    }

    fn field(mut self, field: &str) -> ApiError {
        self.extra.field = Some(field.to_string());
        self
    }

    fn current_row(mut self, revision: i64, text: String) -> ApiError {
        self.extra.current_revision = Some(revision);
        self.extra.current_text = Some(text);
        self
    }

    fn current_version(mut self, version: i64) -> ApiError {
        self.extra.current_version = Some(version);
        self
    }

    fn current_source_version(mut self, version: i64) -> ApiError {
        self.extra.current_source_version = Some(version);
        self
    }

    /// 403: a browser request that changes something without its session's
    /// CSRF token, or from another site.
    pub fn csrf() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "CSRF check failed",
            match reader() {
                Lang::En => "send the session's CSRF token in x-csrf-token, from this site",
                Lang::Ko => "세션의 CSRF 토큰을 x-csrf-token에 넣어 이 사이트에서 보내세요.",
            },
        )
        .rule("csrf")
    }

    /// 409 with a rule: the request cannot be met in the article's state.
    pub fn conflict(title: &'static str, rule: &str, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, title, detail).rule(rule)
    }

    /// A failure on our side: logged with `detail`, answered without it.
    pub fn internal(detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        tracing::error!(%detail, "internal failure");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal error",
            reader().our_fault(),
        )
    }

    /// The sentence for a person.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The status, for logs and tests.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        let status = crate::refusal::status(&error);
        match error {
            StoreError::NotFound(what) => {
                ApiError::new(status, "Not found", reader().not_found(&what))
            }
            StoreError::Conflict {
                base,
                current_revision,
                current_text,
            } => ApiError::new(
                status,
                "Stale revision",
                reader().stale_revision(base, current_revision),
            )
            .rule("stale_revision")
            .current_row(current_revision, current_text),
            StoreError::StaleSource { given, current } => ApiError::new(
                status,
                "Stale source version",
                reader().stale_source(given, current),
            )
            .rule("stale_source_version")
            .current_source_version(current),
            StoreError::StaleVersion { given, current } => ApiError::new(
                status,
                "Stale version",
                reader().stale_version(given, current),
            )
            .rule("stale_version")
            .current_version(current),
            StoreError::Refused(refusal) => {
                let title = if status == StatusCode::FORBIDDEN {
                    "Forbidden"
                } else {
                    "Refused by the workflow"
                };
                ApiError::new(status, title, reader().refusal(&refusal)).rule(refusal.rule.code())
            }
            StoreError::Invalid { field, why } => {
                let problem =
                    ApiError::new(status, "Invalid request", reader().invalid(field, &why));
                match field {
                    Some(field) => problem.field(field),
                    None => problem,
                }
            }
            StoreError::BadText(bad) => bad.into(),
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                ApiError::new(
                    status,
                    "Service unavailable",
                    match reader() {
                        Lang::En => "the database is unavailable; try again",
                        Lang::Ko => "데이터베이스에 연결할 수 없습니다. 잠시 뒤 다시 해 보세요.",
                    },
                )
            }
            StoreError::Internal(detail) => ApiError::internal(format!("storage: {detail}")),
        }
    }
}

/// The one title of each kind of problem the server finds on its own
/// (RFC 9457: a type's title does not change between occurrences).
fn title_of(wrong: &Wrong) -> &'static str {
    match wrong {
        Wrong::TmxNeedsSignOff | Wrong::HandOffNeedsSignOff => "Not signed off",
        Wrong::RowLeftArticle { .. } => "Stale file",
        Wrong::Xliff(error) if error.other_article() => "Wrong article",
        _ => match wrong.status() {
            StatusCode::BAD_REQUEST => "Bad request",
            StatusCode::UNAUTHORIZED => "Unauthorized",
            StatusCode::FORBIDDEN => "Forbidden",
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::METHOD_NOT_ALLOWED => "Method not allowed",
            StatusCode::REQUEST_TIMEOUT => "Request timeout",
            StatusCode::PAYLOAD_TOO_LARGE => "Payload too large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "Unsupported media type",
            StatusCode::UNPROCESSABLE_ENTITY => "Invalid field",
            _ => "Bad request",
        },
    }
}

impl From<Wrong> for ApiError {
    fn from(wrong: Wrong) -> ApiError {
        let mut problem = ApiError::new(wrong.status(), title_of(&wrong), reader().wrong(&wrong));
        problem.extra.field = wrong.field();
        problem.extra.rule = wrong.rule().map(str::to_string);
        problem
    }
}

/// What serde could not read in a body or a query string, from axum's
/// words for it: "Failed to deserialize …: title: invalid type: …" names
/// the path of the bad field first; "missing field `ai`" (at the path of
/// the object that lacks it) and "unknown field `x`" name theirs.
pub(crate) fn serde_wrong(text: &str) -> Wrong {
    let rest = text.split_once(": ").map_or(text, |(_, rest)| rest);
    let quoted = |marker: &str| {
        text.split_once(marker)
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(name, _)| name.to_string())
    };
    let path = match rest.split_once(": ") {
        Some((path, _)) if !path.contains(' ') => Some(path.to_string()),
        _ => None,
    };
    match (quoted("missing field `"), path) {
        (Some(name), Some(path)) => Wrong::MissingField {
            field: format!("{path}.{name}"),
        },
        (Some(name), None) => Wrong::MissingField { field: name },
        (None, path) => Wrong::BodyField {
            field: path
                .or_else(|| quoted("unknown field `"))
                .or_else(|| quoted("duplicate field `"))
                .unwrap_or_else(|| "body".into()),
            detail: text.to_string(),
        },
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let wrong = match rejection {
            JsonRejection::JsonDataError(error) => serde_wrong(&error.body_text()),
            JsonRejection::JsonSyntaxError(error) => Wrong::NotJson {
                detail: error.body_text(),
            },
            JsonRejection::MissingJsonContentType(_) => Wrong::JsonType,
            JsonRejection::BytesRejection(error) => {
                if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    Wrong::BodyTooLarge {
                        mib: galley_core::limits::BODY_BYTES / (1024 * 1024),
                    }
                } else {
                    Wrong::BodyUnreadable {
                        detail: error.body_text(),
                    }
                }
            }
            other => Wrong::BodyUnreadable {
                detail: other.body_text(),
            },
        };
        wrong.into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // A stable type per kind of problem, from its fixed title:
        // "Stale revision" is urn:galley:problem:stale-revision.
        let slug: String = self
            .title
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let body = Problem {
            kind: format!("urn:galley:problem:{slug}"),
            title: self.title.to_string(),
            status: self.status.as_u16(),
            detail: self.detail,
            rule: self.extra.rule,
            field: self.extra.field,
            current_revision: self.extra.current_revision,
            current_text: self.extra.current_text,
            current_version: self.extra.current_version,
            current_source_version: self.extra.current_source_version,
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<galley_core::limits::TextError> for ApiError {
    fn from(bad: galley_core::limits::TextError) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid field",
            reader().text_error(&bad),
        )
        .field(&bad.field)
    }
}

impl From<crate::compute::Stopped> for ApiError {
    fn from(stopped: crate::compute::Stopped) -> ApiError {
        match stopped {
            crate::compute::Stopped::Cancelled => Wrong::TooSlow.into(),
            crate::compute::Stopped::Crashed(detail) => {
                ApiError::internal(format!("computation failed: {detail}"))
            }
        }
    }
}

/// RFC 9457 problem details: how every error under `/api/` is answered.
/// (It reads back, and nothing else does: the tests decode every problem
/// they meet into it.)
#[derive(Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// A stable URN per kind of problem, e.g. `urn:galley:problem:stale-revision`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind in words.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened, for a person.
    pub detail: String,
    /// The rule that refused (`role_required`, `stale_revision`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The field that is wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `stale_revision`: the row's current revision and text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i64>,
    /// With `stale_revision`: the row's current text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_text: Option<String>,
    /// With `stale_version`: the article's current version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// With `stale_source_version`: the version of the article's Korean now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_source_version: Option<i64>,
}
