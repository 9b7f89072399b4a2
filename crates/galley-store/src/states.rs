//! The articles' states kept between writes: each article's trail replayed
//! ([`ArticleState`]), kept under the hash of the trail's head it was
//! replayed to. A write locks its article, reads the head, and takes the
//! state kept at that head; if there is none (never kept, pushed out, or
//! another app server wrote since) it replays the stored trail. Either way
//! the write judges by the state of the trail as it stands under its
//! lock, moves it on by each event it records, and keeps it when it
//! commits. A write that fails keeps nothing.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use galley_core::replay::ArticleState;
use lru::LruCache;

/// How many articles' states are kept: the articles being worked on now.
/// (A state is some tens of kilobytes for an article of 40 rows.)
const KEPT: usize = 512;

/// States by article, least recently used pushed out first.
pub(crate) struct States(Mutex<LruCache<i64, (String, ArticleState)>>);

impl States {
    pub(crate) fn new() -> States {
        States(Mutex::new(LruCache::new(
            NonZeroUsize::new(KEPT).unwrap_or(NonZeroUsize::MIN),
        )))
    }

    /// Takes article `article`'s state, if it is kept at `head`.
    pub(crate) fn take(&self, article: i64, head: &str) -> Option<ArticleState> {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match kept.pop(&article) {
            Some((at, state)) if at == head => Some(state),
            _ => None,
        }
    }

    /// Keeps article `article`'s state at `head`.
    pub(crate) fn keep(&self, article: i64, head: String, state: ArticleState) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.put(article, (head, state));
    }
}

impl std::fmt::Debug for States {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("States")
    }
}
