//! Who is asking: the browser session behind a cookie, and whether a
//! state-changing request carries that session's CSRF token and comes from
//! this site. Shared by the API (which also takes bearer tokens) and the
//! pages; neither side's extractors live here, only what both check.
//!
//! The cookie holds a random 256-bit token; the store keeps its SHA-256
//! and a second random token that every state-changing request must echo,
//! in the `x-csrf-token` header (scripts) or a `csrf` form field (forms).

use axum::http::{HeaderMap, Method, header};
use galley_store::{Session, StoreError};

use crate::secrets::{same_secret, token_hash};
use crate::state::AppState;

/// The session cookie's name.
pub const COOKIE: &str = "galley_session";

/// The session token in the request's cookies, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The signed-in session behind the request's cookie, if there is one.
pub async fn session_of(
    headers: &HeaderMap,
    state: &AppState,
) -> Result<Option<Session>, StoreError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    match state.store.session(&token_hash(token)).await {
        Ok(session) => Ok(Some(session)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Whether a request could have come from another site: its `Origin` (or,
/// failing that, `Referer`) names a different host than `Host`.
pub fn cross_site(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (origin, host) {
        (None, _) => false,
        (Some(origin), Some(host)) => {
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .unwrap_or("");
            rest.split('/').next() != Some(host)
        }
        (Some(_), None) => true,
    }
}

/// Whether a state-changing request carries its session's CSRF token and
/// does not come from another site.
pub fn csrf_ok(
    method: &Method,
    headers: &HeaderMap,
    session: &Session,
    form_token: Option<&str>,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .or(form_token);
    !cross_site(headers) && sent.is_some_and(|token| same_secret(token, &session.csrf_token))
}

/// Whether `user` holds the auditor's role and none that writes: they may
/// read everything and change nothing.
pub fn only_reads(user: &galley_store::User) -> bool {
    let roles = galley_core::workflow::Roles::of(&user.roles);
    roles.has(galley_core::workflow::Role::Auditor) && !roles.writes()
}
