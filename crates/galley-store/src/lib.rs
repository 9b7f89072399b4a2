//! Galley's storage: the [`Store`] trait, with domain-level operations, and
//! its implementation for SQLite (the embedded default) and PostgreSQL (for
//! several app servers on one database).
//!
//! **Architecture invariant:** every rule is judged by `galley-core`, on
//! the article's state replayed from its trail (`Replay::may_change_row`,
//! `Replay::may_transition`, …), inside the same database transaction that
//! applies the change, so a check and its effect cannot be separated by
//! another writer; the rows and article columns a fact changes are the
//! core's answer (`ArticleState::apply_changes`), written in that
//! transaction. The only thing kept in process memory is each article's
//! state between writes (`states`), used only while the trail's head is
//! the one it was kept at.
//!
//! **Architecture invariant:** callers never see sqlx: failures are
//! [`StoreError`]s (not found, conflict, refused, unavailable…).

mod error;
mod ids;
mod projection;
mod sql;
mod states;
pub mod time;
mod types;
mod writer;

pub use error::{Invalid, Missing, StoreError, StoreResult};
pub use galley_core::qa::Finding;
pub use ids::{ArticleId, RowId, UserId};
pub use projection::{claimed_revision, override_record};
pub use sql::{Backend, LANGUAGES, SqlStore};
pub use types::{
    AiTool, Article, ArticleQuery, ArticleSummary, ArticleWithTrail, Assignment, Attempt, Author,
    Claimed, Comment, Delivery, DeliveryQuery, DeliveryState, GlossaryEntry, GlossarySearch,
    LogLeaf, NewArticle, NewComment, NewRow, NewSource, NewTerm, NoticeComment, Notification,
    Override, Returned, Revision, Row, Session, User, WebhookEndpoint,
};

use galley_core::audit::StoredTrail;
use galley_core::replay::Replay;
use galley_core::trail::Event;
use galley_core::workflow::{Action, Role, Stage};

/// The newsroom's one Merkle log of every article's events: each
/// event's hash is a leaf, given its index in the event's own transaction.
#[async_trait::async_trait]
pub trait Log: Send + Sync {
    /// How many leaves the log has, and their root.
    async fn log_head(&self) -> StoreResult<(u64, galley_core::merkle::Hash)>;
    /// The root of the first `size` leaves (Invalid beyond the log).
    async fn root_at(&self, size: u64) -> StoreResult<galley_core::merkle::Hash>;
    /// The leaf index of event `seq` of an article.
    async fn leaf_of(&self, article_id: ArticleId, seq: i64) -> StoreResult<u64>;
    /// The inclusion proof of `leaf` in the tree of the first `size`
    /// leaves (Invalid, naming the field, outside the log).
    async fn inclusion_proof(
        &self,
        leaf: u64,
        size: u64,
    ) -> StoreResult<Vec<galley_core::merkle::Hash>>;
    /// The proof that the tree of `to` leaves extends that of `from`.
    async fn consistency_proof(
        &self,
        from: u64,
        to: u64,
    ) -> StoreResult<Vec<galley_core::merkle::Hash>>;
    /// The leaves `start..end` (at most [`LOG_LEAVES_PER_READ`]; Invalid
    /// beyond the log), in order.
    async fn leaves(&self, start: u64, end: u64) -> StoreResult<Vec<LogLeaf>>;
    /// The leaves of an article's events, by seq.
    async fn leaves_of(&self, article_id: ArticleId) -> StoreResult<Vec<LogLeaf>>;

    /// Up to `limit` leaves that name an article there is not (a leaf
    /// moved off its article), by index: what no article's own check sees.
    async fn leaves_without_article(&self, limit: u64) -> StoreResult<Vec<LogLeaf>>;

    /// The leaves of the articles with `after < id <= upto`, by article
    /// and seq (one read for a run of [`Trail::stored_trails`]).
    async fn leaves_of_articles(&self, after: i64, upto: i64) -> StoreResult<Vec<LogLeaf>>;
    /// Keeps a signed checkpoint of the tree of `size` leaves (a second
    /// one of the same size is ignored: a key signs a body one way).
    async fn save_checkpoint(&self, size: u64, note: &str) -> StoreResult<()>;
    /// The latest signed checkpoint kept, if any: its size and note.
    async fn latest_checkpoint(&self) -> StoreResult<Option<(u64, String)>>;
    /// The articles with an event at leaf `size` or later (written since
    /// the log had `size` leaves), by id: one range of the leaves' index.
    async fn articles_logged_since(&self, size: u64) -> StoreResult<Vec<ArticleId>>;
    /// Records a run of `trail verify --all`: from where (`since`; `None`
    /// for every article), the log's size when it began, how many articles
    /// it checked and how many did not hold.
    async fn record_verify_run(
        &self,
        since: Option<u64>,
        log_size: u64,
        articles: u64,
        broken: u64,
    ) -> StoreResult<()>;
    /// The log's size when the last run that found nothing wrong began.
    async fn last_clean_verify_run(&self) -> StoreResult<Option<u64>>;
}

/// The most leaves one [`Log::leaves`] read answers.
pub const LOG_LEAVES_PER_READ: u64 = 1000;

/// The newsroom's glossary: its entries, and its own trail of
/// every change (a hash chain, as an article's).
#[async_trait::async_trait]
pub trait Terms: Send + Sync {
    /// One page of the glossary by id: at most `limit` entries after
    /// `after` whose Korean, English, forbidden forms or note hold `q`
    /// (case ignored). A page's cost is its own, not the glossary's: the
    /// search is the database's, and the page ends after `limit`.
    async fn glossary_page(&self, search: &GlossarySearch) -> StoreResult<Vec<GlossaryEntry>>;
    /// The live entries the QA check could use on these rows (Korean,
    /// current English), built for searching: those filed under the rows'
    /// keys (`galley_core::glossary::lookup_keys`), never the whole
    /// glossary.
    async fn glossary_for(
        &self,
        rows: &[(&str, &str)],
    ) -> StoreResult<std::sync::Arc<galley_core::glossary::Glossary>>;
    /// Adds entries in one transaction (an import is one call), each with
    /// its change in the glossary's trail.
    async fn add_terms(&self, by: &User, terms: &[NewTerm]) -> StoreResult<Vec<GlossaryEntry>>;
    /// Changes an entry (NotFound for an unknown or retired one).
    async fn edit_term(&self, by: &User, id: i64, term: &NewTerm) -> StoreResult<GlossaryEntry>;
    /// Retires an entry: kept, no longer checked.
    async fn retire_term(&self, by: &User, id: i64) -> StoreResult<GlossaryEntry>;
    /// The glossary's trail, oldest first.
    async fn glossary_changes(&self) -> StoreResult<Vec<Event>>;
    /// The rows of the latest `articles` signed-off articles as the desk
    /// left them (their Korean, AI draft and signed-off English): what
    /// proposals are mined from.
    async fn signed_off_rows(
        &self,
        articles: usize,
    ) -> StoreResult<Vec<galley_core::glossary::EditedRow>>;
    /// Turns a proposal down, so it is not proposed again.
    async fn reject_proposal(&self, by: &User, korean: &str, english: &str) -> StoreResult<()>;
    /// The proposals turned down: (Korean, English).
    async fn rejected_proposals(&self) -> StoreResult<Vec<(String, String)>>;
    /// What proposals are mined from, named: the latest `articles` signed
    /// off with their versions (every change to an article moves its
    /// version), how many changes the glossary has had and how many
    /// proposals were turned down. The same name, the same proposals; it
    /// costs an index's first `articles` entries.
    async fn proposals_version(&self, articles: usize) -> StoreResult<String>;
}

/// Everything Galley keeps, as domain operations, in three areas: the
/// people ([`Accounts`]), the articles and their rows ([`Articles`]),
/// each article's record of what happened ([`Trail`]), and what that
/// record sends on to people and other systems ([`Messages`]).
#[async_trait::async_trait]
pub trait Store:
    Accounts + Articles + Sources + Rows + Comments + Trail + Messages + Log + Terms + Send + Sync
{
    /// Brings the schema up to date.
    async fn migrate(&self) -> StoreResult<()>;
    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;
}

/// Users, their API tokens, browser sessions and failed sign-ins.
#[async_trait::async_trait]
pub trait Accounts: Send + Sync {
    /// Adds a user with roles and an optional password hash.
    async fn add_user(
        &self,
        name: &str,
        roles: &[Role],
        password_hash: Option<&str>,
    ) -> StoreResult<User>;
    /// A user by id.
    async fn user(&self, id: UserId) -> StoreResult<User>;
    /// Sets the language a person reads the pages in (`en` or `ko`).
    async fn set_language(&self, user_id: UserId, language: &str) -> StoreResult<()>;
    /// Every user's name by id (a newsroom has hundreds at most): what a
    /// page that names many people reads in one query.
    async fn user_names(&self) -> StoreResult<std::collections::HashMap<UserId, String>>;
    /// Every user with their roles, by id.
    async fn people(&self) -> StoreResult<Vec<User>>;
    /// A user by name.
    async fn user_by_name(&self, name: &str) -> StoreResult<User>;
    /// Stores the hash of a new API token for a user; returns the token's id.
    async fn add_token(&self, user_id: UserId, name: &str, token_hash: &str) -> StoreResult<i64>;
    /// The user of a token that has not been revoked.
    async fn user_by_token_hash(&self, token_hash: &str) -> StoreResult<User>;
    /// Revokes the token with this hash.
    async fn revoke_token_hash(&self, token_hash: &str) -> StoreResult<()>;

    /// A user and their password hash (`None` if they have no password).
    async fn credentials(&self, name: &str) -> StoreResult<(User, Option<String>)>;
    /// Starts a browser session that ends after `lifetime`; also forgets
    /// sessions that have expired.
    async fn create_session(
        &self,
        user_id: UserId,
        token_hash: &str,
        csrf_token: &str,
        lifetime: std::time::Duration,
    ) -> StoreResult<Session>;
    /// The session with this token hash, unless it has expired or ended.
    async fn session(&self, token_hash: &str) -> StoreResult<Session>;
    /// Ends a session (signing out); ending an unknown one is not an error.
    async fn end_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Counts one sign-in attempt under `key` and answers how many there
    /// have been in its window (this one included), in one atomic step: a
    /// window older than `window` starts again at 1. Also forgets windows
    /// older than a day.
    async fn count_sign_in_attempt(
        &self,
        key: &str,
        window: std::time::Duration,
    ) -> StoreResult<i64>;
    /// Forgets the attempts under `key` (after a successful sign-in).
    async fn clear_sign_in_attempts(&self, key: &str) -> StoreResult<()>;
}

/// Articles as wholes: submission, reading, stage transitions and
/// assignments. Every write locks its article, asks the core whether it is
/// allowed, applies the change and appends its typed event to the trail in
/// one transaction; so do the writes of [`Sources`], [`Rows`] and
/// [`Comments`].
#[async_trait::async_trait]
pub trait Articles: Send + Sync {
    /// Stores a submitted, aligned article: revision 0 of every row is the AI
    /// draft. Appends `submitted`.
    async fn submit_article(&self, by: &User, article: NewArticle) -> StoreResult<Article>;
    /// Replaces the Korean, the AI draft, the title and the AI tool of an
    /// article in draft (a reporter's change): the old rows leave, the new
    /// ones are aligned, their comments stay with the article. Appends
    /// `submitted` and `aligned` again.
    async fn replace_submission(
        &self,
        by: &User,
        article_id: ArticleId,
        article: NewArticle,
    ) -> StoreResult<Article>;
    /// An article with its active rows.
    async fn article(&self, id: ArticleId) -> StoreResult<Article>;
    /// A page of articles, newest first, filtered ([`ArticleQuery`]).
    async fn list_articles(&self, query: ArticleQuery<'_>) -> StoreResult<Vec<ArticleSummary>>;
    /// Ids of every article.
    async fn article_ids(&self) -> StoreResult<Vec<ArticleId>>;
    /// An article's version (it changes with every write to the article).
    async fn article_version(&self, id: ArticleId) -> StoreResult<i64>;
    /// What an answer about an article is made from: its version and the
    /// glossary's (how many changes it has had), in one query.
    async fn answer_version(&self, id: ArticleId) -> StoreResult<(i64, i64)>;
    /// Checks and applies a transition in one transaction. `version` is the
    /// article version the person saw: a stale one is a
    /// [`StoreError::StaleVersion`] and nothing changes.
    async fn transition(
        &self,
        by: &User,
        article_id: ArticleId,
        action: Action,
        note: Option<&str>,
        version: i64,
    ) -> StoreResult<Article>;
    /// Makes `assignee` responsible for `stage` of the article (none: the
    /// assignment is taken back), due by `due` (RFC 3339) if given; judged by
    /// [`galley_core::workflow::check_assignment`]. Appends `assigned`.
    async fn assign(
        &self,
        by: &User,
        article_id: ArticleId,
        stage: Stage,
        assignee: Option<UserId>,
        due: Option<&str>,
    ) -> StoreResult<Option<Assignment>>;
}

/// An article's Korean and its versions.
#[async_trait::async_trait]
pub trait Sources: Send + Sync {
    /// Gives an article a new version of its Korean (a reporter's or an
    /// admin's change, before sign-off), refused with
    /// [`StoreError::StaleSource`] if `base_source_version` is not the
    /// current one. Rows are carried over as `galley_core::source::plan`
    /// says: unchanged rows keep everything, changed rows keep their
    /// English and wait for a review, a new paragraph gets a row (its
    /// English from the draft), a removed one's row waits for a reviewer
    /// to confirm it goes. Appends `source_revised`.
    async fn revise_source(
        &self,
        by: &User,
        article_id: ArticleId,
        source: NewSource,
    ) -> StoreResult<Article>;
    /// Confirms that a row whose Korean a new version removed goes: it
    /// leaves the article (its revisions stay; its threads stay with the
    /// article). Appends `removal_confirmed`.
    async fn confirm_removal(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
    ) -> StoreResult<Article>;
    /// An earlier version of an article's Korean (the current one is the
    /// article's own).
    async fn source_version(&self, article_id: ArticleId, version: i64)
    -> StoreResult<Vec<String>>;
}

/// An article's rows: their English, reviews, shape and QA overrides.
#[async_trait::async_trait]
pub trait Rows: Send + Sync {
    /// Saves a new revision of a row, based on `base_revision`; a stale base
    /// is a [`StoreError::Conflict`] carrying the current text.
    async fn save_revision(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        base_revision: i64,
        text: &str,
    ) -> StoreResult<Revision>;
    /// Saves new revisions of several rows in one transaction, each based on
    /// its `(segment, base_revision, text)`; one stale base refuses them all
    /// (a [`StoreError::Conflict`] for that row) and nothing is written.
    async fn save_revisions(
        &self,
        by: &User,
        article_id: ArticleId,
        edits: &[(RowId, i64, String)],
    ) -> StoreResult<Vec<Revision>>;
    /// Removes the English of a row with no Korean (a paragraph the AI
    /// added), with the reviewer's `reason`: the row leaves the article.
    async fn remove_english(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        reason: &str,
    ) -> StoreResult<Article>;
    /// Brings back the text of an earlier revision `to` of a row as its new
    /// revision, based on `base_revision`, recorded as a revert to `to`.
    async fn revert_row(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        base_revision: i64,
        to: i64,
    ) -> StoreResult<Revision>;
    /// Takes back a row's mark of reviewed, which must stand at its current
    /// revision `revision`; the row is then not reviewed.
    async fn withdraw_review(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        revision: i64,
    ) -> StoreResult<()>;
    /// Marks a row reviewed at its current revision (which must be `revision`).
    async fn mark_reviewed(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        revision: i64,
    ) -> StoreResult<()>;
    /// Merges a row with the next one.
    async fn merge_with_next(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
    ) -> StoreResult<Article>;
    /// Splits a row after `ko_at` of its Korean paragraphs and `en_at` of its
    /// English paragraphs.
    async fn split(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        ko_at: usize,
        en_at: usize,
    ) -> StoreResult<Article>;
    /// Overrides a QA finding of a row with a written reason (who may edit
    /// the row may override its findings). Appends `qa_overridden`.
    async fn override_finding(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        key: &str,
        reason: &str,
    ) -> StoreResult<()>;
    /// The overrides of an article's rows.
    async fn overrides(&self, article_id: ArticleId) -> StoreResult<Vec<Override>>;
    /// Every revision of a row, oldest first.
    async fn revisions(&self, segment_id: RowId) -> StoreResult<Vec<Revision>>;
    /// Every revision of the article's active rows, by row id, oldest first.
    async fn article_revisions(
        &self,
        article_id: ArticleId,
    ) -> StoreResult<std::collections::HashMap<RowId, Vec<Revision>>>;
    /// Every revision of every row the article ever had (rows merged or
    /// split away included), by row id, oldest first: what its trail shows.
    async fn every_revision(
        &self,
        article_id: ArticleId,
    ) -> StoreResult<std::collections::HashMap<RowId, Vec<Revision>>>;
}

/// Comments on an article and its rows.
#[async_trait::async_trait]
pub trait Comments: Send + Sync {
    /// Adds a comment (on a row, or on the whole article): a new thread, or
    /// a reply in one. Any user with a role may comment, at any stage.
    /// Appends `comment`.
    async fn add_comment(
        &self,
        by: &User,
        article_id: ArticleId,
        comment: NewComment<'_>,
    ) -> StoreResult<Comment>;
    /// Resolves a thread (`resolved`) or reopens it; `comment` is its first
    /// comment. Appends `thread_resolved` or `thread_reopened`.
    async fn resolve_thread(
        &self,
        by: &User,
        article_id: ArticleId,
        comment: i64,
        resolved: bool,
    ) -> StoreResult<Comment>;
    /// An article's comments, oldest first.
    async fn comments(&self, article_id: ArticleId) -> StoreResult<Vec<Comment>>;
}

/// Each article's trail: its events, their replay, and what the database
/// keeps beside them.
#[async_trait::async_trait]
pub trait Trail: Send + Sync {
    /// The one replay of the article's trail (chain verified, events
    /// decoded): who took part in what, each row's lineage, the stage.
    async fn replay(&self, article_id: ArticleId) -> StoreResult<Replay>;

    /// The article's trail, in order.
    async fn events(&self, article_id: ArticleId) -> StoreResult<Vec<Event>>;

    /// The article's trail with what the database keeps beside it (each
    /// event's stage and actor columns, the article's head and stage, its
    /// tables as the core checks them), for `trail verify`.
    async fn stored_trail(&self, article_id: ArticleId) -> StoreResult<StoredTrail>;

    /// The article (with the glossary its findings read), every revision
    /// of its rows, its overrides and its stored trail, read as one state:
    /// what a publication is built from once the trail has vouched for it.
    async fn article_with_trail(&self, article_id: ArticleId) -> StoreResult<ArticleWithTrail>;

    /// Where a run of up to `limit` articles with ids above `after` ends:
    /// the last one's id, or `None` past the last article. Known before the
    /// run is read, so the runs after it can be read at the same time.
    async fn run_end(&self, after: i64, limit: usize) -> StoreResult<Option<i64>>;

    /// The stored trails of the articles with ids above `after` up to and
    /// including `upto`, in id order, each read as one state: what `trail
    /// verify --all` goes through, a run at a time (bounded by
    /// [`Trail::run_end`]), with one query a table for the run.
    async fn stored_trails(&self, after: i64, upto: i64) -> StoreResult<Vec<StoredTrail>>;
}

/// What the trail sends on: notifications to people and webhook messages
/// to other systems. Both are written by the write that records their
/// event, in its transaction (the outbox); this is how they are read, and
/// how the webhook worker takes deliveries and records its attempts.
#[async_trait::async_trait]
pub trait Messages: Send + Sync {
    /// A person's notifications, newest first (only unread ones if asked),
    /// at most `limit`.
    async fn notifications(
        &self,
        user_id: UserId,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<Notification>>;
    /// One of a person's notifications (not found if it is someone else's).
    async fn notification(&self, user_id: UserId, id: i64) -> StoreResult<Notification>;
    /// How many of a person's notifications are unread.
    async fn unread_notifications(&self, user_id: UserId) -> StoreResult<i64>;
    /// Marks a person's notifications read: those with these ids (others'
    /// are not touched), or all of them. Answers how many changed.
    async fn mark_notifications_read(
        &self,
        user_id: UserId,
        ids: Option<&[i64]>,
    ) -> StoreResult<u64>;

    /// Registers an endpoint for some events, with its signing secret.
    async fn add_webhook(
        &self,
        by: Option<&User>,
        url: &str,
        events: &[String],
        secret: &str,
    ) -> StoreResult<WebhookEndpoint>;
    /// Every endpoint, switched off ones included.
    async fn webhooks(&self) -> StoreResult<Vec<WebhookEndpoint>>;
    /// Switches an endpoint off: nothing more is written for it, and its
    /// pending deliveries are not sent.
    async fn disable_webhook(&self, id: i64) -> StoreResult<WebhookEndpoint>;
    /// Deliveries, newest first.
    async fn deliveries(&self, query: DeliveryQuery) -> StoreResult<Vec<Delivery>>;
    /// One delivery and its attempts, oldest first.
    async fn delivery(&self, id: i64) -> StoreResult<(Delivery, Vec<Attempt>)>;
    /// Claims up to `limit` pending deliveries that are due, for `lease`:
    /// no other worker (in this process or another server) takes them
    /// until the lease ends or an attempt is recorded.
    async fn claim_deliveries(
        &self,
        limit: i64,
        lease: std::time::Duration,
    ) -> StoreResult<Vec<Claimed>>;
    /// Records an attempt: delivered on a 2xx status; otherwise tried
    /// again after `retry_in`, or failed if none.
    async fn record_attempt(
        &self,
        delivery_id: i64,
        attempt: &Attempt,
        retry_in: Option<std::time::Duration>,
    ) -> StoreResult<Delivery>;
    /// Sends a delivery again (a failed one, or one delivered that the
    /// receiver lost): pending now, retried for another day.
    async fn resend_delivery(&self, id: i64) -> StoreResult<Delivery>;
}
