//! The HTTP API under `/api/v1`, health checks, and the server around them.

pub(crate) mod articles;
pub(crate) mod cache;
pub(crate) mod changes;
pub mod error;
pub(crate) mod exports;
pub mod openapi;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::get;
use galley_store::{Store, User};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use cache::AnswerCache;
pub use error::ApiError;

/// Largest request body accepted (`galley_core::limits::BODY_BYTES`).
pub const BODY_LIMIT: usize = galley_core::limits::BODY_BYTES;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Where everything is kept.
    pub store: Arc<dyn Store>,
    /// Sessions and sign-in.
    pub web: Arc<crate::web::WebSettings>,
    /// Longest time a request may take, reading its body included: a client
    /// that stops sending gets 408 and frees what it held.
    pub request_timeout: Duration,
    /// Longest time a client may take to send a request's headers (see
    /// [`HEADER_TIMEOUT`]).
    pub header_timeout: Duration,
    /// Answers about articles by version (see [`cache::AnswerCache`]).
    pub answers: Arc<AnswerCache>,
}

/// The default of [`AppState::request_timeout`].
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

impl AppState {
    /// A state over `store` with the default settings.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            web: Arc::default(),
            request_timeout: REQUEST_TIMEOUT,
            header_timeout: HEADER_TIMEOUT,
            answers: Arc::default(),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

/// Request ids: this process's start time and a counter, `x-request-id`
/// unless the client sent one.
#[derive(Clone, Debug)]
struct RequestIds {
    prefix: String,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// Keeps a client's `x-request-id` only if it is plain (1 to 64 letters,
/// digits, `.`, `_`, `-`, `:`); any other is dropped and the server makes
/// one. The id is echoed in the answer and written to the logs, so a value
/// with spaces, quotes or `=` could forge fields in a text log line.
async fn plain_request_id(mut request: Request) -> Request {
    let mut ids = request.headers().get_all("x-request-id").iter();
    let plain = match (ids.next(), ids.next()) {
        (None, _) => true,
        (Some(id), None) => {
            let id = id.as_bytes();
            (1..=64).contains(&id.len())
                && id
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b".-_:".contains(b))
        }
        (Some(_), Some(_)) => false,
    };
    if !plain {
        request.headers_mut().remove("x-request-id");
    }
    request
}

/// One span per request: method, matched route, request id, and, once
/// known, user, status and latency.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("-", MatchedPath::as_str);
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        route = %route,
        request_id = %id,
        user = tracing::field::Empty,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

fn record_response(response: &Response, latency: Duration, span: &Span) {
    span.record("status", response.status().as_u16());
    span.record("latency_ms", latency.as_millis() as u64);
    tracing::info!("answered");
}

/// The whole application: API, health checks, limits and tracing.
pub fn router(state: AppState) -> Router {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let timeout = state.request_timeout;
    let ids = RequestIds {
        prefix: format!("{started:x}"),
        next: Arc::new(AtomicU64::new(1)),
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/api/v1/openapi.json",
            get(|| async { axum::Json(openapi::document()) }),
        )
        .nest(
            "/api/v1",
            articles::router()
                .merge(changes::router())
                .merge(exports::router()),
        )
        .merge(crate::web::router())
        .fallback(|| async { ApiError::not_found("no such route") })
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::from_fn(error_shape))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::web::CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(record_response),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(ids))
        .layer(axum::middleware::map_request(plain_request_id))
        .with_state(state)
}

/// Every error in its side's shape, whichever layer made it (axum's path,
/// query and form extractors, the body limit, the timeout, the router's 405):
/// under `/api/` problem details (`application/problem+json`, a stable
/// `type`), elsewhere the HTML error page. Answers already in their shape
/// pass untouched, and so does the JSON of the health probes.
async fn error_shape(request: Request, next: axum::middleware::Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if status.as_u16() < 400 {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // Problem details anywhere, the HTML page outside the API, and the
    // probes' own JSON (`/readyz` says what is down) are answers a handler
    // made on purpose.
    let shaped = content_type.starts_with("application/problem+json")
        || (!api
            && (content_type.starts_with("text/html")
                || content_type.starts_with("application/json")));
    if shaped {
        return response;
    }
    // The layer's own words, when it gave some (axum's rejections say
    // which part of the request could not be read); a few KiB at most.
    let (mut parts, body) = response.into_parts();
    let said = axum::body::to_bytes(body, 16 * 1024)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .filter(|text| !text.trim().is_empty() && !content_type.contains("json"));
    let detail = match status {
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the body is larger than the limit of {} MiB",
            BODY_LIMIT / (1024 * 1024)
        ),
        StatusCode::REQUEST_TIMEOUT => {
            "the request took longer than the server allows; it was stopped".to_string()
        }
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("another method");
            format!("this path does not take this method (it takes {allowed})")
        }
        _ => said.unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
    };
    let mut shaped = if api {
        ApiError::of_status(status, detail).into_response()
    } else {
        crate::web::PageError::new(status, detail).into_response()
    };
    if let Some(allow) = parts.headers.remove(header::ALLOW) {
        shaped.headers_mut().insert(header::ALLOW, allow);
    }
    shaped
}

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(json!({"ok": true}))
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, axum::Json<serde_json::Value>) {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(json!({"ok": true, "database": "ok"})),
        ),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"ok": false, "database": "unavailable"})),
            )
        }
    }
}

/// The user behind `Authorization: Bearer <token>`, or behind the browser's
/// session cookie (whose state-changing requests must carry the session's
/// CSRF token in `x-csrf-token`); 401 otherwise.
#[derive(Debug)]
pub struct AuthUser(pub User);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<AuthUser, ApiError> {
        let Some(token) = bearer_token(parts)? else {
            return match crate::web::session_of(&parts.headers, state).await? {
                Some(session) => {
                    if !crate::web::csrf_ok(&parts.method, &parts.headers, &session, None) {
                        return Err(ApiError::csrf());
                    }
                    Span::current().record("user", session.user.id);
                    Ok(AuthUser(session.user))
                }
                None => Err(ApiError::unauthorized(
                    "send an API token as 'Authorization: Bearer <token>'",
                )),
            };
        };
        let user = state
            .store
            .user_by_token_hash(&crate::secrets::token_hash(token))
            .await
            .map_err(token_refused)?;
        Span::current().record("user", user.id);
        Ok(AuthUser(user))
    }
}

/// Set once the request that started a computation is gone (it timed out,
/// or the client went away): the computation stops at its next row rather
/// than run on for no one. Each row's work is bounded (see
/// `galley_core::limits`), so it stops within a fraction of a second.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cancel(Arc<std::sync::atomic::AtomicBool>);

impl Cancel {
    /// Err once cancelled.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.0.load(Ordering::Relaxed) {
            Err(ApiError::of_status(
                StatusCode::REQUEST_TIMEOUT,
                "the request was stopped before its answer was ready",
            ))
        } else {
            Ok(())
        }
    }

    fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Cancels when dropped: when the future awaiting the work is dropped.
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Runs CPU-heavy work (aligning a submission, diffing or scoring a whole
/// article) on the blocking pool, so that the runtime's few workers go on
/// serving other requests meanwhile. The work is handed a [`Cancel`] that is
/// set if the request is dropped before it finishes. A panic in it is a 500.
pub(crate) async fn compute<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let cancel = Cancel::default();
    let guard = CancelOnDrop(cancel.clone());
    let done = tokio::task::spawn_blocking(move || work(&cancel))
        .await
        .map_err(|e| ApiError::internal(format!("computation failed: {e}")))?;
    drop(guard);
    done
}

/// The token of an `Authorization: Bearer` header; `None` without the
/// header, refused if the header is anything else.
fn bearer_token(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(header) = parts.headers.get(header::AUTHORIZATION) else {
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
        .ok_or_else(|| ApiError::unauthorized("the Authorization header must be 'Bearer <token>'"))
}

/// A token lookup's failure as an answer: an unknown token is a 401.
fn token_refused(error: galley_store::StoreError) -> ApiError {
    match error {
        galley_store::StoreError::NotFound(_) => ApiError::unauthorized("unknown or revoked token"),
        error => error.into(),
    }
}

/// Who reads an answer kept by version ([`cache::AnswerCache`]). A bearer
/// token is looked up together with the article's version, in one query;
/// a browser session is checked as [`AuthUser`] checks it.
pub(crate) enum Reader {
    /// The hash of a bearer token, not yet looked up.
    Token(String),
    /// A user signed in with a session.
    Signed,
}

impl Reader {
    /// The article's version, once the reader is known to be allowed in.
    pub(crate) async fn version_of(&self, state: &AppState, id: i64) -> Result<i64, ApiError> {
        match self {
            Reader::Token(hash) => {
                let (user, version) = state
                    .store
                    .user_by_token_hash_and_version(hash, id)
                    .await
                    .map_err(token_refused)?;
                Span::current().record("user", user.id);
                version.ok_or_else(|| {
                    galley_store::StoreError::NotFound(format!("article {id}")).into()
                })
            }
            Reader::Signed => Ok(state.store.article_version(id).await?),
        }
    }
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Reader, ApiError> {
        match bearer_token(parts)? {
            Some(token) => Ok(Reader::Token(crate::secrets::token_hash(token))),
            None => AuthUser::from_request_parts(parts, state)
                .await
                .map(|_| Reader::Signed),
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

/// The default of [`AppState::header_timeout`]: how long a client may take
/// to send a request's headers, from the moment it connects or its previous
/// answer was sent. A client that opens connections and then sends nothing,
/// or a byte at a time (slowloris), is disconnected after this; once the
/// headers are in, [`AppState::request_timeout`] bounds the rest.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long requests in flight may take to finish after Ctrl-C or SIGTERM.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish
/// (for at most [`SHUTDOWN_GRACE`]).
///
/// Its own accept loop rather than `axum::serve`, which cannot give hyper
/// the timer that the header timeout needs.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let header_timeout = state.header_timeout;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: wait a moment rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers are small and written whole: send them now.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<_>| {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which ends
            // at the proxy in front, and hyper's protocol detection would
            // wait for a first byte before any timeout starts.
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(error) = watcher.watch(connection).await {
                tracing::debug!(%peer, error = %error, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            seconds = SHUTDOWN_GRACE.as_secs(),
            "requests still in flight after the grace period; stopping anyway"
        );
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A computation whose request is dropped (a timeout, a client gone)
    /// is told to stop, and stops, rather than run on for no one.
    #[tokio::test]
    async fn a_dropped_computation_stops() {
        let (stopped, told) = std::sync::mpsc::channel();
        let work = compute(move |cancel| {
            loop {
                if cancel.check().is_err() {
                    let _ = stopped.send(());
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(50), work)
                .await
                .is_err()
        );
        told.recv_timeout(Duration::from_secs(2))
            .expect("the computation stopped once its request was gone");
    }
}
