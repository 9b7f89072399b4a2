//! How a store operation fails.

use galley_core::rows::BadSplit;
use galley_core::workflow::Refusal;
use jiff::Timestamp;

use crate::{ArticleId, RowId, UserId};

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// No such thing: what was asked for.
    #[error("not found: {0:?}")]
    NotFound(Missing),
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
    /// the field to blame, when one is, and why, as a rule and what it
    /// names (the server says it in the reader's language).
    #[error("invalid request ({}): {why:?}", field.unwrap_or("-"))]
    Invalid {
        /// The request's field that is wrong (`name`, `reply_to`, `leaf`…).
        field: Option<&'static str>,
        /// Why.
        why: Invalid,
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

/// Why a request makes no sense, with what it names: no words here (the
/// server's `i18n.rs` says each in English or Korean).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// A row has no such revision.
    NoSuchRevision { row: RowId, revision: i64 },
    /// A revert to a revision that is not an earlier text of the row.
    NotEarlierText { row: RowId, revision: i64 },
    /// A user name is 1 to 64 visible characters.
    UserName,
    /// The name is taken.
    UserExists { name: String },
    /// Not a language the interface speaks.
    Language,
    /// The rows of a new article skip or reorder Korean paragraphs.
    RowsOutOfOrder,
    /// The rows of a new article leave Korean paragraphs out.
    RowsMissKorean,
    /// The headline row is not first, or not the title.
    HeadlineFirst,
    /// A new version of the Korean is the current one.
    SourceUnchanged { version: i64 },
    /// A draft for a new version that adds no paragraph.
    NothingToTranslate,
    /// An edit of a row whose Korean was removed.
    KoreanRemovedEdit { row: RowId },
    /// A review of a row whose Korean was removed.
    KoreanRemovedReview { row: RowId },
    /// Taking back a review the row does not have at that revision.
    NotReviewedAt { row: RowId, revision: i64 },
    /// A merge of the last row.
    LastRow { row: RowId },
    /// A split point outside the row.
    Split { row: RowId, split: BadSplit },
    /// An override of a finding the row does not give now.
    NoSuchFinding { row: RowId, key: String },
    /// An override of a finding already overridden.
    AlreadyOverridden { row: RowId, key: String },
    /// A reply to a reply.
    ReplyToReply { comment: i64, thread: i64 },
    /// A reply that asks for an answer (only a thread can).
    ReplyNeedsNoAnswer,
    /// A reply on another row than its thread's.
    ReplyOnOtherRow { comment: i64 },
    /// Resolving or reopening a reply rather than its thread.
    ResolveReply { comment: i64 },
    /// Resolving a resolved thread, or reopening an open one.
    ThreadAlready { thread: i64, resolved: bool },
    /// Re-sending a webhook delivery still waiting to be sent.
    DeliveryWaiting {
        id: i64,
        attempt: i64,
        due: Timestamp,
    },
    /// A tree size beyond the log's.
    BeyondLog { leaves: u64, asked: u64 },
    /// A leaf outside the tree asked about.
    LeafOutside { leaf: u64, size: u64 },
    /// A consistency proof from a larger tree to a smaller one.
    CannotExtend { from: u64, to: u64 },
    /// A range of leaves that is reversed or too long.
    LeafRange { start: u64, end: u64, most: u64 },
    /// A consistency proof asked from beyond the export's checkpoint.
    ConsistencyFrom { size: u64, from: u64 },
    /// A database URL of neither kind.
    DatabaseUrl { url: String },
    /// A database URL the driver refuses (its own words).
    DatabaseOptions { driver: String },
}

/// What was asked for and is not there (the server says it in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// An article.
    Article(ArticleId),
    /// A row, of an article when the request named one.
    Row {
        row: RowId,
        article: Option<ArticleId>,
    },
    /// A comment of an article.
    Comment { comment: i64, article: ArticleId },
    /// A version of an article's Korean.
    SourceVersion { version: i64, article: ArticleId },
    /// An edition of an article, and how many it has.
    Edition {
        number: usize,
        article: ArticleId,
        editions: usize,
    },
    /// An event of an article's trail, in the log.
    LogEvent { seq: i64, article: ArticleId },
    /// A user, by id.
    User(UserId),
    /// A user, by name.
    UserNamed(String),
    /// An API token (unknown or revoked).
    Token,
    /// A sign-in session (unknown or over).
    Session,
    /// A notification.
    Notification(i64),
    /// A webhook endpoint.
    Webhook(i64),
    /// A webhook delivery.
    Delivery(i64),
    /// A glossary entry.
    GlossaryEntry(i64),
    /// A row of the database the query expected (sqlx's `RowNotFound`).
    Record,
}
