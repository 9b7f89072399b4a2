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

mod projection;
mod sql;
mod states;
mod time;
mod writer;

pub use galley_core::qa::Finding;
pub use projection::{claimed_revision, override_record};
pub use sql::{Backend, SqlStore};

use galley_core::audit::StoredTrail;
use galley_core::replay::Replay;
use galley_core::trail::Event;
use galley_core::workflow::{Action, Refusal, Role, Stage};

/// A person (or an account) who uses Galley.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// The roles held.
    pub roles: Vec<Role>,
    /// The language the person reads the pages in: `en` or `ko`.
    pub language: String,
}

/// The AI tool that drafted an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiTool {
    /// Tool name, e.g. `DeepL` or `ChatGPT`.
    pub tool: String,
    /// Model, e.g. `gpt-4o-2024-08-06`.
    pub model: String,
}

/// One row of a new article's alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRow {
    /// Korean paragraph indices (half-open).
    pub ko: std::ops::Range<usize>,
    /// The AI draft of this row: its English paragraphs joined by a blank line
    /// (empty for a 1-0 row).
    pub draft: String,
    /// The aligner's confidence.
    pub confidence: f64,
    /// The aligner's flags (`low_confidence`, `missing_translation`…).
    pub flags: Vec<String>,
}

/// A new article, as a reporter submits it, already aligned.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    /// Headline for the desk.
    pub title: String,
    /// Korean paragraphs.
    pub korean: Vec<String>,
    /// Rows of the alignment, in order, covering every Korean paragraph.
    pub rows: Vec<NewRow>,
    /// The tool that drafted the English.
    pub ai: AiTool,
    /// Whether the first row is the headline (the Korean headline, if any,
    /// as paragraph 0; the AI's English title as its draft).
    pub headline: bool,
}

/// A new version of an article's Korean.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSource {
    /// The Korean paragraphs of the new version.
    pub korean: Vec<String>,
    /// The version it replaces, as the person last saw it.
    pub base_source_version: i64,
    /// An AI draft of the new paragraphs (English paragraphs; may be empty).
    pub draft: Vec<String>,
}

/// One row of an article as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Database id.
    pub id: i64,
    /// Position among the article's active rows (0-based).
    pub position: i64,
    /// Korean paragraph indices (half-open).
    pub ko: std::ops::Range<usize>,
    /// The current English.
    pub text: String,
    /// The current revision number (0 = the AI draft).
    pub revision: i64,
    /// The revision marked reviewed in bilingual review, if any.
    pub reviewed_revision: Option<i64>,
    /// Aligner confidence.
    pub confidence: f64,
    /// Flags for the reviewer.
    pub flags: Vec<String>,
    /// What a new version of the Korean did to the row, until a bilingual
    /// reviewer reviews it (changed, added) or confirms its removal.
    pub source_change: Option<galley_core::source::Carry>,
    /// Its Korean before that change (for the word diff), while it waits.
    pub ko_before: Option<String>,
}

/// An article with its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Database id.
    pub id: i64,
    /// Headline.
    pub title: String,
    /// Where it is in the process.
    pub stage: Stage,
    /// Incremented by every change.
    pub version: i64,
    /// The version of the Korean (1 at submission).
    pub source_version: i64,
    /// The tool that drafted it.
    pub ai: AiTool,
    /// Who submitted it.
    pub submitted_by: i64,
    /// The return that sent it where it is, if it stands.
    pub returned: Option<Returned>,
    /// Who is responsible for each stage people work in, and by when.
    pub assignments: Vec<Assignment>,
    /// Korean paragraphs.
    pub korean: Vec<String>,
    /// Active rows in order.
    pub rows: Vec<Row>,
    /// Whether the first row is the headline, reviewed like any row, whose
    /// current English is `title` (articles submitted before the headline was a row: `false`,
    /// their title never reviewed).
    pub headline: bool,
    /// The newsroom's glossary as it was when the article was read (its
    /// live entries), which the QA check reads.
    pub glossary: std::sync::Arc<galley_core::glossary::Glossary>,
    /// How many changes the glossary had then (0: none): with `version`,
    /// what an answer about the article was made from.
    pub glossary_version: i64,
}

impl Article {
    /// The headline's row, if the article has one.
    pub fn headline_row(&self) -> Option<&Row> {
        self.rows.first().filter(|_| self.headline)
    }

    /// The Korean headline (the headline row's Korean paragraph), if the
    /// submission gave one.
    pub fn source_title(&self) -> Option<&str> {
        self.headline_row()
            .filter(|h| h.ko == (0..1))
            .and_then(|_| self.korean.first())
            .map(String::as_str)
    }

    /// The Korean paragraphs of the body: all but the Korean headline.
    pub fn body_korean(&self) -> &[String] {
        let skip = usize::from(self.source_title().is_some());
        &self.korean[skip.min(self.korean.len())..]
    }

    /// The body's rows: all but the headline's.
    pub fn body_rows(&self) -> &[Row] {
        let skip = usize::from(self.headline_row().is_some());
        &self.rows[skip.min(self.rows.len())..]
    }

    /// A row's number as people see it: the body counted from 1 after the
    /// headline's row (which is 0), or from 1 in an article without one.
    pub fn number_of(&self, row: &Row) -> i64 {
        row.position + 1 - i64::from(self.headline)
    }

    /// A row's name as people see it: "the headline", or "row N".
    pub fn row_name(&self, row: &Row) -> String {
        if self.is_headline(row) {
            "the headline".into()
        } else {
            format!("row {}", self.number_of(row))
        }
    }

    /// Whether `row` is the headline's.
    pub fn is_headline(&self, row: &Row) -> bool {
        self.headline_row().is_some_and(|h| h.id == row.id)
    }

    /// The Korean of a row: its paragraphs joined by a blank line.
    pub fn korean_of(&self, segment: &Row) -> String {
        self.korean[segment.ko.clone()].join("\n\n")
    }

    /// The QA findings of every row (in row order), names across rows and
    /// the glossary included: what `galley-core` finds in the row's Korean
    /// and current English.
    pub fn findings(&self) -> Vec<Vec<Finding>> {
        let korean: Vec<String> = self.rows.iter().map(|s| self.korean_of(s)).collect();
        let rows: Vec<(&str, &str)> = korean
            .iter()
            .zip(&self.rows)
            .map(|(ko, s)| (ko.as_str(), s.text.as_str()))
            .collect();
        let mut found = galley_core::qa::check_article_with(&rows, &self.glossary);
        if let (Some(headline), Some(first)) = (self.headline_row(), found.first_mut())
            && headline.ko.is_empty()
        {
            first.retain(|f| f.check != galley_core::qa::Check::MissingKorean);
            first.insert(0, galley_core::qa::headline_without_korean(&headline.text));
        }
        found
    }

    /// Errors that block approval and sign-off: findings that block and are
    /// not overridden.
    pub fn blocking_findings(&self, overrides: &[Override]) -> usize {
        self.blocking_among(&self.findings(), overrides)
    }

    /// [`Article::blocking_findings`] for findings already computed.
    pub fn blocking_among(&self, findings: &[Vec<Finding>], overrides: &[Override]) -> usize {
        galley_core::qa::open_blocking(findings, |row, key| {
            let id = self.rows[row].id;
            overrides.iter().any(|o| o.row_id == id && o.key == key)
        })
    }
}

/// A comment: a thread's first comment, or a reply in a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Its id.
    pub id: i64,
    /// The article.
    pub article_id: i64,
    /// The row it is on now (it follows its row through merges and splits);
    /// none for the article as a whole.
    pub row_id: Option<i64>,
    /// The thread's first comment, for a reply.
    pub reply_to: Option<i64>,
    /// Who wrote it.
    pub author_id: i64,
    /// What they wrote.
    pub body: String,
    /// A thread that needs an answer (on a thread's first comment).
    pub blocking: bool,
    /// When and by whom the thread was resolved (on a thread's first
    /// comment; none while open).
    pub resolved: Option<(i64, String)>,
    /// When, RFC 3339.
    pub created_at: String,
}

/// A comment to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment<'a> {
    /// The row, or none for the article.
    pub row_id: Option<i64>,
    /// The thread to reply in (its first comment), if a reply.
    pub reply_to: Option<i64>,
    /// The text (a note's limits).
    pub body: &'a str,
    /// Whether the new thread needs an answer (not for a reply).
    pub blocking: bool,
}

/// A QA finding a person overrode, with their reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The row.
    pub row_id: i64,
    /// The finding's key (`numbers:ko:n350000`…).
    pub key: String,
    /// Why it is not a problem.
    pub reason: String,
    /// Who overrode it.
    pub user_id: i64,
    /// When, RFC 3339.
    pub created_at: String,
}

/// An article as listed on the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    /// Database id.
    pub id: i64,
    /// Headline.
    pub title: String,
    /// Stage.
    pub stage: Stage,
    /// Version.
    pub version: i64,
    /// Last change, RFC 3339.
    pub updated_at: String,
    /// The return that sent it where it is, if it stands.
    pub returned: Option<Returned>,
    /// Who is responsible for the stage it is in, and by when.
    pub assignment: Option<Assignment>,
    /// Rows, and rows reviewed at their current revision.
    pub rows: i64,
    pub reviewed: i64,
}

/// Who is responsible for a stage of an article, and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The stage.
    pub stage: Stage,
    /// The person.
    pub assignee: i64,
    /// When it is due, RFC 3339.
    pub due: Option<String>,
}

/// A return, while it stands: who sent the article back, when, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// Who returned it.
    pub by: i64,
    /// When, RFC 3339.
    pub at: String,
    /// The note they gave.
    pub note: String,
}

/// Which articles to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleQuery<'a> {
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only titles containing this text (case-insensitive for Latin letters).
    pub title: Option<&'a str>,
    /// At most this many.
    pub limit: i64,
    /// Skipping this many.
    pub offset: i64,
}

impl Default for ArticleQuery<'_> {
    fn default() -> Self {
        ArticleQuery {
            stage: None,
            title: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// A signed-in browser session. The cookie carries a random token; the store
/// keeps only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose session.
    pub user: User,
    /// The token that state-changing requests must echo (CSRF protection).
    pub csrf_token: String,
    /// When it stops working, RFC 3339.
    pub expires_at: String,
}

/// Who wrote a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// The AI draft (revision 0).
    Ai(AiTool),
    /// A person.
    User(i64),
}

/// One saved version of a row's English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The row.
    pub row_id: i64,
    /// 0, 1, 2…
    pub revision: i64,
    /// The text.
    pub text: String,
    /// Who wrote it.
    pub author: Author,
    /// The stage it was written in.
    pub stage: Stage,
    /// When, RFC 3339.
    pub created_at: String,
}

/// Something a person is told: a fact of an article's trail that concerns
/// them (see [`galley_core::notify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Its id.
    pub id: i64,
    /// The article.
    pub article_id: i64,
    /// The article's headline.
    pub title: String,
    /// The trail event it comes from.
    pub event_seq: i64,
    /// Why the person is told.
    pub reason: galley_core::notify::Reason,
    /// Who did it (none: the system).
    pub actor: Option<i64>,
    /// The stage it concerns (assignment, arrival, return).
    pub stage: Option<Stage>,
    /// The comment it concerns (mention, reply), its thread and its row.
    pub comment: Option<NoticeComment>,
    /// A return's note, or the comment's text.
    pub detail: Option<String>,
    /// When, RFC 3339.
    pub created_at: String,
    /// When the person read it, RFC 3339; none while unread.
    pub read_at: Option<String>,
}

/// The comment a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeComment {
    /// The comment.
    pub id: i64,
    /// Its thread (the thread's first comment).
    pub thread: i64,
    /// The row the thread is on now, if any.
    pub row_id: Option<i64>,
}

/// An endpoint that receives webhook messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    /// Its id.
    pub id: i64,
    /// Where messages are POSTed.
    pub url: String,
    /// The events it receives (`article.signed_off`…).
    pub events: Vec<String>,
    /// When it was added, RFC 3339.
    pub created_at: String,
    /// When it was switched off, if it was.
    pub disabled_at: Option<String>,
}

/// Where a webhook delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for its next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Retried for a day without success; may be re-sent.
    Failed,
}

impl DeliveryState {
    /// The name on the wire and in the database.
    pub fn name(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    /// Parses [`DeliveryState::name`].
    pub fn parse(name: &str) -> Option<DeliveryState> {
        [
            DeliveryState::Pending,
            DeliveryState::Delivered,
            DeliveryState::Failed,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// One message to one endpoint, from the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Its id.
    pub id: i64,
    /// The endpoint.
    pub endpoint_id: i64,
    /// The endpoint's URL.
    pub url: String,
    /// The message's id (`webhook-id`), the same for every attempt.
    pub message_id: String,
    /// The event (`article.signed_off`…).
    pub event_type: String,
    /// The article and the trail event it comes from.
    pub article_id: i64,
    pub event_seq: i64,
    /// The JSON body, as signed and sent.
    pub payload: String,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: i64,
    /// When it is tried next (pending), RFC 3339.
    pub next_attempt_at: String,
    /// The last attempt's HTTP status, or why it got none.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    /// When it was written (with its event), RFC 3339.
    pub created_at: String,
    /// Since when it has been retried (its creation, or its last re-send).
    pub retry_since: String,
    /// When the endpoint took it.
    pub delivered_at: Option<String>,
}

/// A delivery claimed by a worker to send, with what signing needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The delivery.
    pub delivery: Delivery,
    /// The endpoint's secret (`whsec_…`).
    pub secret: String,
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// When it began, RFC 3339.
    pub at: String,
    /// The HTTP status answered, if any.
    pub status: Option<i64>,
    /// Why it failed without a status (connection refused, timeout…), or
    /// the start of a non-2xx answer.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
}

/// Which deliveries to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeliveryQuery {
    /// Only this state.
    pub state: Option<DeliveryState>,
    /// Only to this endpoint.
    pub endpoint: Option<i64>,
    /// At most this many (newest first); 0 means 100.
    pub limit: i64,
}

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
    /// The request does not make sense (a name taken, a bad split point…).
    #[error("{0}")]
    Invalid(String),
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

/// The newsroom's one Merkle log of every article's events: each
/// event's hash is a leaf, given its index in the event's own transaction.
#[async_trait::async_trait]
pub trait Log: Send + Sync {
    /// How many leaves the log has, and their root.
    async fn log_head(&self) -> StoreResult<(u64, galley_core::merkle::Hash)>;
    /// The root of the first `size` leaves (Invalid beyond the log).
    async fn root_at(&self, size: u64) -> StoreResult<galley_core::merkle::Hash>;
    /// The leaf index of event `seq` of an article.
    async fn leaf_of(&self, article_id: i64, seq: i64) -> StoreResult<u64>;
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
    async fn leaves_of(&self, article_id: i64) -> StoreResult<Vec<LogLeaf>>;

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
}

/// The most leaves one [`Log::leaves`] read answers.
pub const LOG_LEAVES_PER_READ: u64 = 1000;

/// One leaf of the log and the event it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLeaf {
    /// Its index.
    pub index: u64,
    /// The article of its event.
    pub article_id: i64,
    /// The event's seq in that article.
    pub seq: i64,
    /// Its RFC 9162 leaf hash ([`galley_core::merkle::event_leaf`]).
    pub hash: galley_core::merkle::Hash,
    /// The hash (hex) of the event it names, as the events table has it;
    /// `None` when the article has no such event.
    pub event_hash: Option<String>,
}

/// An entry of the newsroom's glossary, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    /// The forms the check reads (the id, the Korean, the English, the
    /// forbidden renderings, the kind).
    pub entry: galley_core::glossary::Entry,
    /// What the desk should know about it.
    pub note: String,
    /// Who added it.
    pub added_by: Option<i64>,
    /// When, RFC 3339.
    pub added_at: String,
    /// When it was retired, if it was.
    pub retired_at: Option<String>,
}

/// An entry as given to add or edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTerm {
    /// The Korean term, then its variants.
    pub korean: Vec<String>,
    /// The approved English, then accepted variants.
    pub english: Vec<String>,
    /// Renderings not used.
    pub forbidden: Vec<String>,
    /// What it names.
    pub kind: galley_core::glossary::TermKind,
    /// A note for the desk.
    pub note: String,
}

/// The newsroom's glossary: its entries, and its own trail of
/// every change (a hash chain, as an article's).
#[async_trait::async_trait]
pub trait Terms: Send + Sync {
    /// Every entry, retired ones included, by id.
    async fn glossary(&self) -> StoreResult<Vec<GlossaryEntry>>;
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
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything Galley keeps, as domain operations, in three areas: the
/// people ([`Accounts`]), the articles and their rows ([`Articles`]),
/// each article's record of what happened ([`Trail`]), and what that
/// record sends on to people and other systems ([`Messages`]).
#[async_trait::async_trait]
pub trait Store: Accounts + Articles + Trail + Messages + Log + Terms + Send + Sync {
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
    async fn user(&self, id: i64) -> StoreResult<User>;
    /// Sets the language a person reads the pages in (`en` or `ko`).
    async fn set_language(&self, user_id: i64, language: &str) -> StoreResult<()>;
    /// Every user's name by id (a newsroom has hundreds at most): what a
    /// page that names many people reads in one query.
    async fn user_names(&self) -> StoreResult<std::collections::HashMap<i64, String>>;
    /// Every user with their roles, by id.
    async fn people(&self) -> StoreResult<Vec<User>>;
    /// A user by name.
    async fn user_by_name(&self, name: &str) -> StoreResult<User>;
    /// Stores the hash of a new API token for a user; returns the token's id.
    async fn add_token(&self, user_id: i64, name: &str, token_hash: &str) -> StoreResult<i64>;
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
        user_id: i64,
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

/// Articles and their rows: every write locks its article, asks the core
/// whether it is allowed, applies the change and appends its typed event to
/// the trail in one transaction.
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
        article_id: i64,
        article: NewArticle,
    ) -> StoreResult<Article>;
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
        article_id: i64,
        source: NewSource,
    ) -> StoreResult<Article>;
    /// Confirms that a row whose Korean a new version removed goes: it
    /// leaves the article (its revisions stay; its threads stay with the
    /// article). Appends `removal_confirmed`.
    async fn confirm_removal(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
    ) -> StoreResult<Article>;
    /// An earlier version of an article's Korean (the current one is the
    /// article's own).
    async fn source_version(&self, article_id: i64, version: i64) -> StoreResult<Vec<String>>;
    /// An article with its active rows.
    async fn article(&self, id: i64) -> StoreResult<Article>;
    /// Articles, newest change first, filtered by stage and title.
    async fn list_articles(&self, query: ArticleQuery<'_>) -> StoreResult<Vec<ArticleSummary>>;
    /// Ids of every article.
    async fn article_ids(&self) -> StoreResult<Vec<i64>>;
    /// An article's version (it changes with every write to the article).
    async fn article_version(&self, id: i64) -> StoreResult<i64>;
    /// What an answer about an article is made from: its version and the
    /// glossary's (how many changes it has had), in one query.
    async fn answer_version(&self, id: i64) -> StoreResult<(i64, i64)>;

    /// Saves a new revision of a row, based on `base_revision`; a stale base
    /// is a [`StoreError::Conflict`] carrying the current text.
    async fn save_revision(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        base_revision: i64,
        text: &str,
    ) -> StoreResult<Revision>;
    /// Saves new revisions of several rows in one transaction, each based on
    /// its `(segment, base_revision, text)`; one stale base refuses them all
    /// (a [`StoreError::Conflict`] for that row) and nothing is written.
    async fn save_revisions(
        &self,
        by: &User,
        article_id: i64,
        edits: &[(i64, i64, String)],
    ) -> StoreResult<Vec<Revision>>;
    /// Takes back a row's mark of reviewed, which must stand at its current
    /// revision `revision`; the row is then not reviewed.
    async fn withdraw_review(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        revision: i64,
    ) -> StoreResult<()>;
    /// Marks a row reviewed at its current revision (which must be `revision`).
    async fn mark_reviewed(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        revision: i64,
    ) -> StoreResult<()>;
    /// Merges a row with the next one.
    async fn merge_with_next(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
    ) -> StoreResult<Article>;
    /// Splits a row after `ko_at` of its Korean paragraphs and `en_at` of its
    /// English paragraphs.
    async fn split(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        ko_at: usize,
        en_at: usize,
    ) -> StoreResult<Article>;
    /// Checks and applies a transition in one transaction. `version` is the
    /// article version the person saw: a stale one is a
    /// [`StoreError::StaleVersion`] and nothing changes.
    async fn transition(
        &self,
        by: &User,
        article_id: i64,
        action: Action,
        note: Option<&str>,
        version: i64,
    ) -> StoreResult<Article>;
    /// Adds a comment (on a row, or on the whole article): a new thread, or
    /// a reply in one. Any user with a role may comment, at any stage.
    /// Appends `comment`.
    async fn add_comment(
        &self,
        by: &User,
        article_id: i64,
        comment: NewComment<'_>,
    ) -> StoreResult<Comment>;
    /// Resolves a thread (`resolved`) or reopens it; `comment` is its first
    /// comment. Appends `thread_resolved` or `thread_reopened`.
    async fn resolve_thread(
        &self,
        by: &User,
        article_id: i64,
        comment: i64,
        resolved: bool,
    ) -> StoreResult<Comment>;
    /// Makes `assignee` responsible for `stage` of the article (none: the
    /// assignment is taken back), due by `due` (RFC 3339) if given; judged by
    /// [`galley_core::workflow::check_assignment`]. Appends `assigned`.
    async fn assign(
        &self,
        by: &User,
        article_id: i64,
        stage: Stage,
        assignee: Option<i64>,
        due: Option<&str>,
    ) -> StoreResult<Option<Assignment>>;
    /// An article's comments, oldest first.
    async fn comments(&self, article_id: i64) -> StoreResult<Vec<Comment>>;
    /// Overrides a QA finding of a row with a written reason (who may edit
    /// the row may override its findings). Appends `qa_overridden`.
    async fn override_finding(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        key: &str,
        reason: &str,
    ) -> StoreResult<()>;
    /// The overrides of an article's rows.
    async fn overrides(&self, article_id: i64) -> StoreResult<Vec<Override>>;
    /// Every revision of a row, oldest first.
    async fn revisions(&self, segment_id: i64) -> StoreResult<Vec<Revision>>;
    /// Every revision of the article's active rows, by row id, oldest first.
    async fn article_revisions(
        &self,
        article_id: i64,
    ) -> StoreResult<std::collections::HashMap<i64, Vec<Revision>>>;
    /// Every revision of every row the article ever had (rows merged or
    /// split away included), by row id, oldest first: what its trail shows.
    async fn every_revision(
        &self,
        article_id: i64,
    ) -> StoreResult<std::collections::HashMap<i64, Vec<Revision>>>;
}

/// Each article's trail: its events, their replay, and what the database
/// keeps beside them.
#[async_trait::async_trait]
pub trait Trail: Send + Sync {
    /// The one replay of the article's trail (chain verified, events
    /// decoded): who took part in what, each row's lineage, the stage.
    async fn replay(&self, article_id: i64) -> StoreResult<Replay>;

    /// The article's trail, in order.
    async fn events(&self, article_id: i64) -> StoreResult<Vec<Event>>;

    /// The article's trail with what the database keeps beside it (each
    /// event's stage and actor columns, the article's head and stage, its
    /// tables as the core checks them), for `trail verify`.
    async fn stored_trail(&self, article_id: i64) -> StoreResult<StoredTrail>;

    /// The article (with the glossary its findings read), every revision
    /// of its rows, its overrides and its stored trail, read as one state:
    /// what a publication is built from once the trail has vouched for it.
    async fn article_with_trail(&self, article_id: i64) -> StoreResult<ArticleWithTrail>;

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

/// An article and its trail read as one state ([`Trail::article_with_trail`]).
#[derive(Debug, Clone)]
pub struct ArticleWithTrail {
    /// The article with its rows.
    pub article: Article,
    /// Every revision of its active rows, by row, oldest first.
    pub revisions: std::collections::HashMap<i64, Vec<Revision>>,
    /// The overrides in force.
    pub overrides: Vec<Override>,
    /// The trail and everything stored beside it, `article` included.
    pub stored: StoredTrail,
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
        user_id: i64,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<Notification>>;
    /// One of a person's notifications (not found if it is someone else's).
    async fn notification(&self, user_id: i64, id: i64) -> StoreResult<Notification>;
    /// How many of a person's notifications are unread.
    async fn unread_notifications(&self, user_id: i64) -> StoreResult<i64>;
    /// Marks a person's notifications read: those with these ids (others'
    /// are not touched), or all of them. Answers how many changed.
    async fn mark_notifications_read(&self, user_id: i64, ids: Option<&[i64]>) -> StoreResult<u64>;

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
