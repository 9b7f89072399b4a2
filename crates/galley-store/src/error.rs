//! How a store operation fails.

use galley_core::workflow::Refusal;

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// No such thing (the `String` says what).
    #[error("{0} not found")]
    NotFound(String),
    /// A save based on an old revision: the current one is returned.
    #[error("revision {base} is stale; the row is at revision {current_revision}")]
    Conflict {
        /// The revision the save was based on.
        base: i64,
        /// The row's current revision.
        current_revision: i64,
        /// The row's current text.
        current_text: String,
    },
    /// A new version of the Korean named a base that is no longer current.
    #[error("source version {given} is stale; the article's Korean is at version {current}")]
    StaleSource {
        /// The version the request named.
        given: i64,
        /// The article's source version now.
        current: i64,
    },
    /// A transition named an article version that is no longer current.
    #[error("version {given} is stale; the article is at version {current}")]
    StaleVersion {
        /// The version the request named.
        given: i64,
        /// The article's version now.
        current: i64,
    },
    /// A rule of the process refused it.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The request does not make sense (a name taken, a bad split point…):
    /// the field to blame, when one is, and why.
    #[error("{detail}")]
    Invalid {
        /// The request's field that is wrong (`name`, `reply_to`, `leaf`…).
        field: Option<&'static str>,
        /// Why, in words.
        detail: String,
    },
    /// A text broke the limits or holds what no text may (see
    /// `galley_core::limits`); nothing was written.
    #[error("{0}")]
    BadText(#[from] galley_core::limits::TextError),
    /// The database cannot be reached or is overloaded; try again.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// Anything else; logged, not shown to users in detail.
    #[error("storage failure: {0}")]
    Internal(String),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;
