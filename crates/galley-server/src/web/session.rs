//! Browser sessions: sign-in, sign-out, the session cookie and CSRF.
//!
//! The cookie holds a random 256-bit token; the store keeps its SHA-256
//! and a second random token that every state-changing request must echo,
//! in the `x-csrf-token` header (scripts) or a `csrf` form field (forms).
//! Cookies are `HttpOnly` and `SameSite=Strict`, and `Secure` when the
//! service is reached over TLS. Failed sign-ins are counted per user name
//! and client address in the database, so the limit holds across servers.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use galley_store::StoreError;
use serde::Deserialize;

use super::guard::{Posted, WithCsrf};
use super::{Html, PageError, assets};
use crate::auth::{COOKIE, cookie_token, cross_site, session_of};
use crate::secrets::{random_hex, token_hash, verify_password};
use crate::state::AppState;
use crate::state::WebSettings;
use crate::wrong::Wrong;

/// Where to go after signing in: a path on this site, never another site.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/",
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    assets: &'a assets::Urls,
    next: &'a str,
    name: &'a str,
    error: Option<&'a str>,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

fn login_page(status: StatusCode, next: &str, name: &str, error: Option<&str>) -> Response {
    let page = LoginPage {
        assets: assets::urls(),
        next,
        name,
        error,
    };
    (status, Html::render(&page)).into_response()
}

pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let next = safe_next(query.next.as_deref());
    if let Ok(Some(_)) = session_of(&headers, &state).await {
        return Redirect::to(next).into_response();
    }
    login_page(StatusCode::OK, next, "", None)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref()).to_string();
    let name = form.name.trim();
    if cross_site(&headers) {
        return Ok(login_page(
            StatusCode::FORBIDDEN,
            &next,
            name,
            Some("This sign-in came from another site and was refused."),
        ));
    }
    let forbidden = name
        .chars()
        .chain(form.password.chars())
        .any(galley_core::limits::is_forbidden_control);
    if forbidden {
        return Ok(login_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &next,
            "",
            Some("The user name or password holds a control character."),
        ));
    }
    if name.is_empty() || form.password.is_empty() || name.len() > 64 || form.password.len() > 1024
    {
        return Ok(login_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &next,
            name,
            Some("Enter your user name and password."),
        ));
    }
    let settings = &state.web;
    // The exact name (names are case-sensitive) and the address; counted
    // before the password is checked, in one atomic step, so no burst gets
    // more checks than the limit.
    let key = format!("{name}|{}", peer.ip());
    let attempts = state
        .store
        .count_sign_in_attempt(&key, settings.login_window)
        .await?;
    if attempts > settings.max_login_failures {
        let minutes = settings.login_window.as_secs().div_ceil(60);
        let mut response = login_page(
            StatusCode::TOO_MANY_REQUESTS,
            &next,
            name,
            Some(&format!(
                "Too many sign-ins for this name. Try again in {minutes} minutes."
            )),
        );
        if let Ok(value) = HeaderValue::from_str(&settings.login_window.as_secs().to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    let (user, stored) = match state.store.credentials(name).await {
        Ok((user, hash)) => (Some(user), hash),
        Err(StoreError::NotFound(_)) => (None, None),
        Err(error) => return Err(error.into()),
    };
    let password = form.password;
    let matches =
        tokio::task::spawn_blocking(move || verify_password(&password, stored.as_deref()))
            .await
            .unwrap_or(false);
    let Some(user) = user.filter(|_| matches) else {
        tracing::info!(name, "failed sign-in");
        return Ok(login_page(
            StatusCode::UNAUTHORIZED,
            &next,
            name,
            Some("Wrong user name or password."),
        ));
    };
    state.store.clear_sign_in_attempts(&key).await?;
    let token = random_hex(32);
    let session = state
        .store
        .create_session(
            user.id,
            &token_hash(&token),
            &random_hex(32),
            settings.session_lifetime,
        )
        .await?;
    tracing::info!(user = user.id.0, "signed in");
    let cookie = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        settings.session_lifetime.as_secs(),
        if secure(&headers, settings) {
            "; Secure"
        } else {
            ""
        }
    );
    let _ = session;
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Whether the browser reached us over TLS (directly configured, or a proxy
/// that says so).
fn secure(headers: &HeaderMap, settings: &WebSettings) -> bool {
    settings.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

impl WithCsrf for LogoutForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Posted { .. }: Posted<LogoutForm>,
) -> Result<Response, PageError> {
    if let Some(token) = cookie_token(&headers) {
        state.store.end_session(&token_hash(token)).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    let cookie = format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure(&headers, &state.web) {
            "; Secure"
        } else {
            ""
        }
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    csrf: String,
    language: String,
    next: Option<String>,
}

impl WithCsrf for LanguageForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The person's choice of language for the pages, kept on their account;
/// back to the page they were on.
pub async fn set_language(
    State(state): State<AppState>,
    Posted { session, form }: Posted<LanguageForm>,
) -> Result<Response, PageError> {
    let Some(lang) = crate::i18n::Lang::parse(&form.language) else {
        return Err(Wrong::LanguageName.into());
    };
    state
        .store
        .set_language(session.user.id, lang.code())
        .await?;
    Ok(Redirect::to(safe_next(form.next.as_deref())).into_response())
}
