//! The HTTP API under `/api/v1`: its handlers by area, its errors as
//! problem details, how a request says who it is (a bearer token, or the
//! browser's session with its CSRF token), and the OpenAPI document.

pub mod articles;
pub(crate) mod cache;
pub mod changes;
pub mod comments;
pub mod error;
pub mod exports;
pub mod glossary;
pub mod log;
pub mod notices;
pub mod openapi;
pub mod source;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use galley_store::User;
use tracing::Span;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::ApiError;

use crate::auth::{csrf_ok, only_reads, session_of};
use crate::state::AppState;
use crate::wrong::Wrong;

/// The API's routes and their OpenAPI document, from one registration.
fn documented_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(revoke_current_token))
        .routes(routes!(openapi_json))
        .merge(articles::router())
        .merge(changes::router())
        .merge(comments::router())
        .merge(exports::router())
        .merge(notices::router())
        .merge(source::router())
        .merge(log::router())
        .merge(glossary::router())
}

/// The API's routes, to be served under `/api/v1`.
pub fn router() -> Router<AppState> {
    documented_router().split_for_parts().0
}

/// The OpenAPI document of the API, generated from the routes.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| documented_router().split_for_parts().1)
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "service",
    summary = "This document",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 description of the API"))
)]
async fn openapi_json() -> axum::Json<&'static utoipa::openapi::OpenApi> {
    axum::Json(document())
}

/// `DELETE /api/v1/tokens/current`: revokes the bearer token the request
/// is made with (a CMS plug-in signing out, or a token that leaked), at
/// once and on every server. A browser session is ended by signing out.
#[utoipa::path(
    delete,
    path = "/tokens/current",
    tag = "service",
    summary = "Revoke the bearer token this request is made with, at once and on every server (400 for a browser session: it ends by signing out)",
    request_body(content = Option<String>, description = "Nothing: the token is the one in Authorization"),
    responses(
        (status = 204, description = "Revoked: the token is refused from now on"),
        (status = "4XX", description = "400 or 401: problem details", body = error::Problem, content_type = "application/problem+json")
    )
)]
async fn revoke_current_token(
    axum::extract::State(state): axum::extract::State<AppState>,
    AuthUser(user): AuthUser,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::http::StatusCode, ApiError> {
    if !body.iter().all(u8::is_ascii_whitespace) {
        return Err(Wrong::RevokeTakesNoBody.into());
    }
    let token = bearer_token(&headers)?.ok_or_else(|| ApiError::from(Wrong::NoTokenToRevoke))?;
    state
        .store
        .revoke_token_hash(&crate::secrets::token_hash(token))
        .await?;
    tracing::info!(user = user.id.0, "token revoked");
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The user behind `Authorization: Bearer <token>`, or behind the browser's
/// session cookie (whose state-changing requests must carry the session's
/// CSRF token in `x-csrf-token`); 401 otherwise.
#[derive(Debug)]
pub struct AuthUser(pub User);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<AuthUser, ApiError> {
        let user = match bearer_token(&parts.headers)? {
            Some(token) => state
                .store
                .user_by_token_hash(&crate::secrets::token_hash(token))
                .await
                .map_err(token_refused)?,
            None => match session_of(&parts.headers, state).await? {
                Some(session) => {
                    if !csrf_ok(&parts.method, &parts.headers, &session, None) {
                        return Err(ApiError::csrf());
                    }
                    session.user
                }
                None => return Err(Wrong::NoToken.into()),
            },
        };
        Span::current().record("user", user.id.0);
        if only_reads(&user) && changes(&parts.method) && parts.uri.path() != REVOKE_PATH {
            return Err(Wrong::AuditorReadsOnly.into());
        }
        Ok(AuthUser(user))
    }
}

/// Where a token revokes itself (within `/api/v1`): the one change an auditor may make, since
/// ending one's own access changes no record and keeps access revocable.
const REVOKE_PATH: &str = "/tokens/current";

/// Whether a request with `method` asks to change something.
fn changes(method: &axum::http::Method) -> bool {
    !matches!(
        *method,
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    )
}

/// The token of an `Authorization: Bearer` header; `None` without the
/// header, refused if the header is anything else.
fn bearer_token(headers: &axum::http::HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(header) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    // The scheme is case-insensitive (RFC 9110, section 11.1).
    header
        .to_str()
        .ok()
        .and_then(|value| value.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .map(Some)
        .ok_or_else(|| Wrong::NotBearer.into())
}

/// A token lookup's failure as an answer: an unknown token is a 401.
fn token_refused(error: galley_store::StoreError) -> ApiError {
    match error {
        galley_store::StoreError::NotFound(_) => Wrong::UnknownToken.into(),
        error => error.into(),
    }
}

/// A query string whose rejections are problem details naming the field
/// (`?leaf=x`: 422, field `leaf`), as [`ApiJson`]'s do for a body.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ApiQuery<T>, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(error::serde_wrong(&rejection.body_text()).into()),
        }
    }
}

/// A JSON body whose rejections are problem details naming the field.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<ApiJson<T>, ApiError> {
        let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
        Ok(ApiJson(value))
    }
}
