//! JSON answers about an article served from the [`AnswerCache`] while the
//! article is at the version they were made from.
//!
//! [`AnswerCache`]: crate::answers::AnswerCache

use galley_store::ArticleId;
use std::future::Future;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::{ApiError, AuthUser};
use crate::state::AppState;

/// The answer to `question` about article `id` for a reader the extractor
/// has already checked (`AuthUser`: a live token, or a session): the cached
/// one if the article is still at the version it was made from, else
/// `make`'s, which gives the answer and the version it was made from.
pub(crate) async fn json<T, F, Fut>(
    state: &AppState,
    _reader: &AuthUser,
    id: ArticleId,
    question: String,
    make: F,
) -> Result<Response, ApiError>
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(crate::answers::Made, T), ApiError>>,
{
    let version = state.store.answer_version(id).await?;
    let body = match state.answers.get(id.0, &question, version) {
        Some(body) => body,
        None => {
            let (made_from, answer) = make().await?;
            let body = Bytes::from(
                serde_json::to_vec(&answer)
                    .map_err(|e| ApiError::internal(format!("answer not serialized: {e}")))?,
            );
            state.answers.put(id.0, question, made_from, body.clone());
            body
        }
    };
    // Findings are said in the reader's language (`Accept-Language`).
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::VARY, HeaderValue::from_static("accept-language")),
        ],
        body,
    )
        .into_response())
}
