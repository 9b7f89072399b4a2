//! The server around the API and the pages: the one router with its
//! limits, security headers, request ids and tracing; the shape of every
//! error a lower layer makes; health checks; and the accept loop with its
//! timeouts and graceful shutdown. The only module that knows both sides.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::http::ApiError;
use crate::state::AppState;
use crate::web::{self, PageError};
use crate::wrong::Wrong;

/// Largest request body accepted (`galley_core::limits::BODY_BYTES`).
pub const BODY_LIMIT: usize = galley_core::limits::BODY_BYTES;

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
        .nest("/api/v1", crate::http::router())
        .merge(web::router())
        .fallback(no_such_route)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // The extractors' own limit (axum's default is 2 MB) is the same
        // one: a body under BODY_LIMIT is read whole.
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::from_fn(error_shape))
        .layer(axum::middleware::from_fn(
            crate::http::error::in_readers_language,
        ))
        .layer(axum::middleware::from_fn(web::in_viewers_language))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(web::CONTENT_SECURITY_POLICY),
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
    let wrong = match status {
        StatusCode::PAYLOAD_TOO_LARGE => Wrong::BodyTooLarge {
            mib: BODY_LIMIT / (1024 * 1024),
        },
        StatusCode::REQUEST_TIMEOUT => Wrong::TooSlow,
        StatusCode::METHOD_NOT_ALLOWED => Wrong::MethodNotAllowed,
        _ => Wrong::Unreadable {
            status: status.as_u16(),
            detail: said
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
        },
    };
    let mut shaped = if api {
        ApiError::from(wrong).into_response()
    } else {
        PageError::from(wrong).into_response()
    };
    if let Some(allow) = parts.headers.remove(header::ALLOW) {
        shaped.headers_mut().insert(header::ALLOW, allow);
    }
    shaped
}

/// 404 in the shape of its side: problem details under `/api/`, the HTML
/// error page elsewhere.
async fn no_such_route(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::from(Wrong::NoSuchRoute).into_response()
    } else {
        PageError::words(StatusCode::NOT_FOUND, crate::i18n::Lang::no_such_page).into_response()
    }
}

/// What the health probes answer.
#[derive(Debug, serde::Serialize)]
struct Health {
    /// Whether the probe passed.
    ok: bool,
    /// `/readyz` only: `ok` or `unavailable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    database: Option<&'static str>,
}

async fn healthz() -> axum::Json<Health> {
    axum::Json(Health {
        ok: true,
        database: None,
    })
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, axum::Json<Health>) {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(Health {
                ok: true,
                database: Some("ok"),
            }),
        ),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(Health {
                    ok: false,
                    database: Some("unavailable"),
                }),
            )
        }
    }
}

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
