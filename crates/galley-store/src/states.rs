//! The articles' states kept between writes: each article's trail replayed
//! ([`ArticleState`]), kept under the hash of the trail's head it was
//! replayed to. A write locks its article, reads the head, and takes the
//! state kept at that head; if there is none (never kept, pushed out, or
//! another app server wrote since) it replays the stored trail. Either way
//! the write judges by the state of the trail as it stands under its
//! lock, moves it on by each event it records, and keeps it at the new
//! head before it commits (on SQLite the next writer of a commit group
//! runs before the group's commit; a head that is never committed is never
//! locked, so its state is never used). A write that ends without
//! recording anything gives the state back at the head it took it at; one
//! that recorded and then failed keeps nothing.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

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

/// An article's state while a write holds it.
pub(crate) struct Held {
    states: Arc<States>,
    article: i64,
    /// The head it was taken at.
    head: String,
    state: Option<ArticleState>,
    /// Whether an event moved it on (then it is not the state at `head`).
    moved: bool,
}

impl Held {
    pub(crate) fn new(
        states: Arc<States>,
        article: i64,
        head: String,
        state: ArticleState,
    ) -> Held {
        Held {
            states,
            article,
            head,
            state: Some(state),
            moved: false,
        }
    }

    /// The state.
    pub(crate) fn get(&self) -> &ArticleState {
        self.state
            .as_ref()
            .unwrap_or_else(|| unreachable!("a held state is there until kept"))
    }

    /// The state, to move on by an event.
    pub(crate) fn moving(&mut self) -> &mut ArticleState {
        self.moved = true;
        self.state
            .as_mut()
            .unwrap_or_else(|| unreachable!("a held state is there until kept"))
    }

    /// Keeps the state at the write's new head `head`.
    pub(crate) fn keep_at(mut self, head: String) {
        if let Some(state) = self.state.take() {
            self.states.keep(self.article, head, state);
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(state) = self.state.take() {
            if !self.moved {
                self.states
                    .keep(self.article, std::mem::take(&mut self.head), state);
            }
        }
    }
}

impl std::fmt::Debug for States {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("States")
    }
}
