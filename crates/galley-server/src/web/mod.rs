//! The browser pages: sign-in, the desk, the review page and the trail.
//!
//! Pages are rendered on the server from the templates in `web/templates`
//! (askama: compiled in, every value escaped unless marked safe) and read
//! fine without JavaScript. `web/static/review/` (ES modules) adds editing, keyboard
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
mod submit;
mod threads;
mod trail;

use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use galley_store::StoreError;

use crate::compute::Stopped;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::wrong::Wrong;

/// The pages and their assets.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(desk::desk))
        .route("/articles/new", get(submit::form).post(submit::submit))
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
        .route("/static/js/{version}/{name}", get(assets::serve_module))
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
                PageError::words(StatusCode::INTERNAL_SERVER_ERROR, Lang::our_fault).into_response()
            }
        }
    }
}

tokio::task_local! {
    /// The language of the person the page is for: what the browser asks
    /// for (`Accept-Language`) until a signed-in person's own is known.
    static PAGE_LANG: std::cell::Cell<Lang>;
}

/// Serves `request` with its error pages in the viewer's language.
pub async fn in_viewers_language(request: axum::extract::Request, next: Next) -> Response {
    let lang = Lang::asked_in(request.headers());
    PAGE_LANG
        .scope(std::cell::Cell::new(lang), next.run(request))
        .await
}

/// The signed-in person's language, for the rest of the request.
pub(crate) fn viewer_speaks(lang: Lang) {
    let _ = PAGE_LANG.try_with(|cell| cell.set(lang));
}

fn page_lang() -> Lang {
    PAGE_LANG.try_with(std::cell::Cell::get).unwrap_or(Lang::En)
}

/// A page that could not be shown: its status and what it says.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    said: Said,
}

/// What an error page says, made in the viewer's language when it is shown.
#[derive(Debug)]
enum Said {
    /// A sentence of the interface's own.
    Words(fn(Lang) -> &'static str),
    /// What the store answered.
    Store(StoreError),
    /// What the request got wrong.
    Wrong(Wrong),
    /// A text over the limits.
    BadText(galley_core::limits::TextError),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    assets: &'a assets::Urls,
    lang: Lang,
    status: u16,
    reason: &'a str,
    message: &'a str,
}

impl PageError {
    /// An error page saying one of the interface's sentences.
    pub fn words(status: StatusCode, words: fn(Lang) -> &'static str) -> PageError {
        PageError {
            status,
            said: Said::Words(words),
        }
    }

    /// 403: a state-changing request without its CSRF token.
    pub fn csrf() -> PageError {
        PageError::words(StatusCode::FORBIDDEN, Lang::form_expired)
    }

    /// The sentence, in `lang`.
    fn message(&self, lang: Lang) -> String {
        match &self.said {
            Said::Words(words) => words(lang).to_string(),
            Said::Store(error) => lang.store_error(error),
            Said::Wrong(wrong) => lang.wrong(wrong),
            Said::BadText(bad) => lang.text_error(bad),
        }
    }
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> PageError {
        match &error {
            StoreError::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            StoreError::Internal(detail) => tracing::error!(%detail, "internal storage failure"),
            _ => {}
        }
        PageError {
            status: crate::refusal::status(&error),
            said: Said::Store(error),
        }
    }
}

impl From<Wrong> for PageError {
    fn from(wrong: Wrong) -> PageError {
        PageError {
            status: wrong.status(),
            said: Said::Wrong(wrong),
        }
    }
}

impl From<galley_core::limits::TextError> for PageError {
    fn from(bad: galley_core::limits::TextError) -> PageError {
        PageError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            said: Said::BadText(bad),
        }
    }
}

impl From<Stopped> for PageError {
    fn from(stopped: Stopped) -> PageError {
        match stopped {
            Stopped::Cancelled => PageError::words(StatusCode::REQUEST_TIMEOUT, Lang::too_slow),
            Stopped::Crashed(detail) => {
                tracing::error!(%detail, "a computation failed");
                PageError::words(StatusCode::INTERNAL_SERVER_ERROR, Lang::our_fault)
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let lang = page_lang();
        let message = self.message(lang);
        let page = ErrorPage {
            assets: assets::urls(),
            lang,
            status: self.status.as_u16(),
            reason: lang.status_reason(self.status),
            message: &message,
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
            Err(_) => (self.status, message).into_response(),
        }
    }
}
