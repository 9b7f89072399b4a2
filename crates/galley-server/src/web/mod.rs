//! The browser pages: sign-in, the desk, the review page and the trail.
//!
//! Pages are rendered on the server from the templates in `web/templates`
//! (askama: compiled in, every value escaped unless marked safe) and read
//! fine without JavaScript. `web/static/review.js` adds editing, keyboard
//! work and live diffs by calling the JSON API with the session cookie and
//! its CSRF token, and by asking for rows rendered here, so there is one
//! renderer of a row. Every response carries a Content-Security-Policy that
//! allows scripts and styles from this origin only.

mod assets;
mod assign;
mod chrome;
mod desk;
mod diff;
mod glossary;
mod guard;
mod history;
mod inbox;
mod review;
mod row;
mod session;
mod threads;
mod trail;

use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use galley_store::StoreError;

use crate::compute::Stopped;
use crate::state::AppState;

/// The pages and their assets.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(desk::desk))
        .route("/login", get(session::login_form).post(session::login))
        .route("/logout", post(session::logout))
        .route("/settings/language", post(session::set_language))
        .route("/inbox", get(inbox::inbox))
        .route("/glossary", get(glossary::glossary).post(glossary::add))
        .route("/glossary/proposals", post(glossary::decide))
        .route("/glossary/{id}", post(glossary::edit))
        .route("/glossary/{id}/retire", post(glossary::retire))
        .route("/inbox/read", post(inbox::read_all))
        .route("/inbox/{id}/open", post(inbox::open))
        .route("/articles/{id}", get(review::review))
        .route("/articles/{id}/transitions", post(review::transition))
        .route("/articles/{id}/assignments/{stage}", post(review::assign))
        .route(
            "/articles/{id}/submission",
            post(review::replace_submission),
        )
        .route("/articles/{id}/source", post(review::revise_source))
        .route("/articles/{id}/rows/{segment}", get(row::row))
        .route(
            "/articles/{id}/rows/{segment}/history",
            get(history::history),
        )
        .route(
            "/articles/{id}/rows/{segment}/comments",
            get(threads::threads),
        )
        .route(
            "/articles/{id}/rows/{segment}/overrides",
            post(review::override_finding),
        )
        .route("/articles/{id}/trail", get(trail::trail))
        .route("/diff", post(diff::diff_fragment))
        .route("/static/{name}", get(assets::serve))
}

/// Headers every answer carries: scripts, styles and frames only from here.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A rendered page.
#[derive(Debug)]
pub struct Html(Result<String, askama::Error>);

impl Html {
    /// Renders a template.
    pub fn render(template: &impl Template) -> Html {
        Html(template.render())
    }
}

impl IntoResponse for Html {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(body) => {
                let mut response = body.into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                response
            }
            Err(error) => {
                tracing::error!(%error, "template failed");
                PageError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.",
                )
                .into_response()
            }
        }
    }
}

/// A page that could not be shown: its status and a sentence.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    message: String,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    assets: &'a assets::Urls,
    status: u16,
    reason: &'a str,
    message: &'a str,
}

impl PageError {
    /// An error page.
    pub fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
        }
    }

    /// 403: a state-changing request without its CSRF token.
    pub fn csrf() -> PageError {
        PageError::new(
            StatusCode::FORBIDDEN,
            "This form has expired or came from another site. Reload the page and try again.",
        )
    }
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> PageError {
        let status = crate::refusal::status(&error);
        let message = match error {
            StoreError::NotFound(what) => format!("The {what} does not exist."),
            StoreError::Refused(refusal) => crate::i18n::Lang::En.refusal(&refusal),
            StoreError::BadText(bad) => format!("The {} {}.", bad.field, bad.message),
            StoreError::Conflict { .. }
            | StoreError::StaleVersion { .. }
            | StoreError::StaleSource { .. }
            | StoreError::Invalid(_) => error.to_string(),
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                "The database is unavailable. Try again in a moment.".to_string()
            }
            StoreError::Internal(detail) => {
                tracing::error!(%detail, "internal storage failure");
                "Something went wrong on our side.".to_string()
            }
        };
        PageError::new(status, message)
    }
}

impl From<Stopped> for PageError {
    fn from(stopped: Stopped) -> PageError {
        match stopped {
            Stopped::Cancelled => PageError::new(
                StatusCode::REQUEST_TIMEOUT,
                "The page took too long to prepare.",
            ),
            Stopped::Crashed(detail) => {
                tracing::error!(%detail, "a computation failed");
                PageError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.",
                )
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            assets: assets::urls(),
            status: self.status.as_u16(),
            reason: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
        };
        match page.render() {
            Ok(body) => {
                let mut response = (self.status, body).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                response
            }
            Err(_) => (self.status, self.message).into_response(),
        }
    }
}
