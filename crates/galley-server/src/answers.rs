//! Answers about an article, kept by the article's version.
//!
//! Every write to an article bumps its version in the same transaction, and
//! each request asks the database for the version first, so an answer is
//! never served stale, on any number of app processes: the cache saves the
//! loading, checking and diffing, not the question to the database.

use axum::body::Bytes;

/// The most bytes of answers kept: what the cache holds does not grow with
/// the archive, and the answers read least recently go first (quick_cache's
/// CLOCK-Pro), not every answer at once.
pub const CACHED_BYTES: u64 = 64 * 1024 * 1024;

/// What an answer was made from: the article's version and the
/// glossary's (its QA findings read the glossary).
pub type Made = (i64, i64);

/// An answer weighs its bytes and its question's.
#[derive(Debug, Clone, Copy)]
struct Weight;

impl quick_cache::Weighter<(i64, String), (Made, Bytes)> for Weight {
    fn weight(&self, key: &(i64, String), answer: &(Made, Bytes)) -> u64 {
        (key.1.len() + answer.1.len() + 64) as u64
    }
}

/// Answers by (article, question), each with the versions it was made from.
#[derive(Debug)]
pub struct AnswerCache {
    entries: quick_cache::sync::Cache<(i64, String), (Made, Bytes), Weight>,
}

impl Default for AnswerCache {
    fn default() -> AnswerCache {
        AnswerCache::with_bytes(CACHED_BYTES)
    }
}

impl AnswerCache {
    /// A cache of at most `bytes` of answers.
    pub fn with_bytes(bytes: u64) -> AnswerCache {
        AnswerCache {
            // About 16 KiB an answer, for the table's first size.
            entries: quick_cache::sync::Cache::with_weighter(
                (bytes / 16_384) as usize,
                bytes,
                Weight,
            ),
        }
    }

    /// The answer to `question` about article `id`, if one was made from
    /// the article at `version`.
    pub fn get(&self, id: i64, question: &str, version: Made) -> Option<Bytes> {
        self.entries
            .get(&(id, question.to_string()))
            .filter(|(made_from, _)| *made_from == version)
            .map(|(_, body)| body)
    }

    /// Keeps an answer made from the article at `made_from` (one larger than
    /// the cache can hold is not kept).
    pub fn put(&self, id: i64, question: String, made_from: Made, body: Bytes) {
        self.entries.insert((id, question), (made_from, body));
    }

    /// The bytes the answers kept weigh now.
    pub fn weight(&self) -> u64 {
        self.entries.weight()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However many answers are put, the cache holds at most its bytes, and
    /// keeps the answers read most (the first article's, read after each
    /// put) while others come and go.
    #[test]
    fn the_answers_kept_never_weigh_more_than_the_bound() {
        let cache = AnswerCache::with_bytes(1024 * 1024);
        let body = Bytes::from(vec![b'x'; 10_000]);
        cache.put(1, "article".into(), (1, 0), body.clone());
        for id in 2..2_000 {
            cache.put(id, "article".into(), (1, 0), body.clone());
            assert!(cache.get(1, "article", (1, 0)).is_some(), "after {id}");
            assert!(
                cache.weight() <= 1024 * 1024,
                "{} after {id}",
                cache.weight()
            );
        }
        // An answer made from another version is not served.
        assert!(cache.get(1, "article", (2, 0)).is_none());
        assert!(cache.get(1_999, "article", (1, 0)).is_some());
        // About a hundred answers of 10 kB fit in a MiB; the rest went.
        let kept = (2..2_000)
            .filter(|id| cache.get(*id, "article", (1, 0)).is_some())
            .count();
        assert!((50..=105).contains(&kept), "{kept} kept");
    }
}
