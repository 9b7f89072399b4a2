//! What a page request must carry before its handler runs: a session
//! ([`Viewer`]), and for a state-changing request the session's CSRF token,
//! from no other site ([`Posted`], [`ScriptWrite`]).

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use galley_store::Session;
use serde::de::DeserializeOwned;

use super::PageError;
use crate::auth::{csrf_ok, only_reads, session_of};
use crate::state::AppState;
use crate::wrong::Wrong;

/// A signed-in person looking at a page; a visitor without a session is sent
/// to `/login`, and back here after signing in.
#[derive(Debug)]
pub struct Viewer(pub Session);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, Response> {
        match session_of(&parts.headers, state).await {
            Ok(Some(session)) => {
                tracing::Span::current().record("user", session.user.id.0);
                super::viewer_speaks(crate::i18n::Lang::of(&session.user));
                Ok(Viewer(session))
            }
            Ok(None) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_string();
                let target = format!("/login?next={}", encode_component(&next));
                Err(Redirect::to(&target).into_response())
            }
            Err(error) => Err(PageError::from(error).into_response()),
        }
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A form that carries the session's CSRF token in its `csrf` field.
pub trait WithCsrf {
    /// The token the form sent.
    fn csrf(&self) -> &str;
}

/// A form posted from one of Galley's pages by a signed-in person, its
/// CSRF token checked: a visitor without a session is sent to sign in, a
/// form that cannot be read is the error page with the reason, and a
/// missing or wrong token, or another site, is 403.
#[derive(Debug)]
pub struct Posted<T> {
    /// Who posted it.
    pub session: Session,
    /// What they posted.
    pub form: T,
}

impl<T> FromRequest<AppState> for Posted<T>
where
    T: DeserializeOwned + WithCsrf + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Posted<T>, Response> {
        let (mut parts, body) = request.into_parts();
        let Viewer(session) = Viewer::from_request_parts(&mut parts, state).await?;
        refuse_auditor(&parts, &session).map_err(IntoResponse::into_response)?;
        let (method, headers) = (parts.method.clone(), parts.headers.clone());
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|rejection| {
                PageError::from(Wrong::Unreadable {
                    status: rejection.status().as_u16(),
                    detail: rejection.body_text(),
                })
                .into_response()
            })?;
        if !csrf_ok(&method, &headers, &session, Some(form.csrf())) {
            return Err(PageError::csrf().into_response());
        }
        Ok(Posted { session, form })
    }
}

/// A state-changing request from the page's script by a signed-in person,
/// with the session's CSRF token in `x-csrf-token` (the handler needs to
/// know no more than that it passed).
#[derive(Debug)]
pub struct ScriptWrite;

impl FromRequestParts<AppState> for ScriptWrite {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ScriptWrite, Response> {
        let Viewer(session) = Viewer::from_request_parts(parts, state).await?;
        if !csrf_ok(&parts.method, &parts.headers, &session, None) {
            return Err(PageError::csrf().into_response());
        }
        refuse_auditor(parts, &session).map_err(IntoResponse::into_response)?;
        Ok(ScriptWrite)
    }
}

/// The pages' posts an auditor may make: signing out, choosing the
/// language, comparing two texts. They change no record.
const AUDITOR_MAY_POST: [&str; 3] = ["/logout", "/settings/language", "/diff"];

/// 403 for a post by someone who only reads, but to [`AUDITOR_MAY_POST`].
fn refuse_auditor(parts: &Parts, session: &Session) -> Result<(), PageError> {
    if only_reads(&session.user) && !AUDITOR_MAY_POST.contains(&parts.uri.path()) {
        return Err(Wrong::AuditorReadsOnly.into());
    }
    Ok(())
}
