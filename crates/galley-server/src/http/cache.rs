//! Answers about an article, kept by the article's version.
//!
//! Every write to an article bumps its version in the same transaction, and
//! each request asks the database for the version first, so an answer is
//! never served stale, on any number of app processes: the cache saves the
//! loading, checking and diffing, not the question to the database.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{ApiError, AppState, Reader};

/// Most answers kept; full, the cache starts over.
const CACHED_ANSWERS: usize = 4_000;

/// JSON answers by (article, question), each with the version it was made from.
#[derive(Debug, Default)]
pub struct AnswerCache {
    entries: Mutex<HashMap<(i64, String), (i64, Bytes)>>,
}

impl AnswerCache {
    /// The answer to `question` about article `id` for `reader`: the cached
    /// one if the article is still at the version it was made from, else
    /// `make`'s, which gives the answer and the version it was made from.
    pub(crate) async fn json<F, Fut>(
        &self,
        state: &AppState,
        reader: &Reader,
        id: i64,
        question: String,
        make: F,
    ) -> Result<Response, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(i64, Value), ApiError>>,
    {
        let version = reader.version_of(state, id).await?;
        let key = (id, question);
        let cached = self.entries.lock().ok().and_then(|entries| {
            entries
                .get(&key)
                .filter(|(made_from, _)| *made_from == version)
                .map(|(_, body)| body.clone())
        });
        let body = match cached {
            Some(body) => body,
            None => {
                let (made_from, answer) = make().await?;
                let body = Bytes::from(answer.to_string());
                if let Ok(mut entries) = self.entries.lock() {
                    if entries.len() >= CACHED_ANSWERS {
                        entries.clear();
                    }
                    entries.insert(key, (made_from, body.clone()));
                }
                body
            }
        };
        Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response())
    }
}
