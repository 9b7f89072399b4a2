//! Answers about an article, kept by the article's version.
//!
//! Every write to an article bumps its version in the same transaction, and
//! each request asks the database for the version first, so an answer is
//! never served stale, on any number of app processes: the cache saves the
//! loading, checking and diffing, not the question to the database.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

/// Most answers kept; full, the cache starts over.
const CACHED_ANSWERS: usize = 4_000;

/// What an answer was made from: the article's version and the
/// glossary's (its QA findings read the glossary).
pub type Made = (i64, i64);

/// Answers by (article, question), each with the versions it was made from.
#[derive(Debug, Default)]
pub struct AnswerCache {
    entries: Mutex<HashMap<(i64, String), (Made, Bytes)>>,
}

impl AnswerCache {
    /// The answer to `question` about article `id`, if one was made from
    /// the article at `version`.
    pub fn get(&self, id: i64, question: &str, version: Made) -> Option<Bytes> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(&(id, question.to_string()))
            .filter(|(made_from, _)| *made_from == version)
            .map(|(_, body)| body.clone())
    }

    /// Keeps an answer made from the article at `made_from`.
    pub fn put(&self, id: i64, question: String, made_from: Made, body: Bytes) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CACHED_ANSWERS {
                entries.clear();
            }
            entries.insert((id, question), (made_from, body));
        }
    }
}
