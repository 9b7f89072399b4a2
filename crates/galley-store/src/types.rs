//! What the store keeps and answers, as data: people, articles and their
//! rows, revisions, comments and overrides, notifications and webhook
//! deliveries, log leaves and glossary entries. The traits that read and
//! write them are in `lib.rs`.

use galley_core::align::LinkFlag;
use galley_core::audit::StoredTrail;
use galley_core::workflow::{Role, Stage};
use jiff::Timestamp;

use crate::{ArticleId, Finding, RowId, UserId};

/// A person (or an account) who uses Galley.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Database id.
    pub id: UserId,
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
    /// The aligner's flags.
    pub flags: Vec<LinkFlag>,
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
    pub id: RowId,
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
    pub flags: Vec<LinkFlag>,
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
    pub id: ArticleId,
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
    pub submitted_by: UserId,
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
    pub article_id: ArticleId,
    /// The row it is on now (it follows its row through merges and splits);
    /// none for the article as a whole.
    pub row_id: Option<RowId>,
    /// The thread's first comment, for a reply.
    pub reply_to: Option<i64>,
    /// Who wrote it.
    pub author_id: UserId,
    /// What they wrote.
    pub body: String,
    /// A thread that needs an answer (on a thread's first comment).
    pub blocking: bool,
    /// When and by whom the thread was resolved (on a thread's first
    /// comment; none while open).
    pub resolved: Option<(UserId, Timestamp)>,
    /// When.
    pub created_at: Timestamp,
}

/// A comment to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment<'a> {
    /// The row, or none for the article.
    pub row_id: Option<RowId>,
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
    pub row_id: RowId,
    /// The finding's key (`numbers:ko:n350000`…).
    pub key: String,
    /// Why it is not a problem.
    pub reason: String,
    /// Who overrode it.
    pub user_id: UserId,
    /// When.
    pub created_at: Timestamp,
}

/// An article as listed on the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    /// Database id.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Stage.
    pub stage: Stage,
    /// Version.
    pub version: i64,
    /// Last change.
    pub updated_at: Timestamp,
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
    pub assignee: UserId,
    /// When it is due.
    pub due: Option<Timestamp>,
}

/// A return, while it stands: who sent the article back, when, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// Who returned it.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// The note they gave.
    pub note: String,
}

/// Which articles to list: a page of them, newest first (by id, which
/// nothing changes: an article that moves on between two pages is neither
/// skipped nor shown twice), each filter on an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleQuery<'a> {
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only titles containing this text (case-insensitive for Latin letters).
    pub title: Option<&'a str>,
    /// Only articles whose current stage this person is assigned.
    pub assignee: Option<UserId>,
    /// Only articles in a stage people are assigned to (bilingual review,
    /// native edit) that nobody is assigned.
    pub unassigned: bool,
    /// Only articles not signed off whose current stage is due before
    /// this, the most overdue first (a list not paged: `after` does not
    /// apply to it).
    pub due_before: Option<Timestamp>,
    /// At most this many.
    pub limit: i64,
    /// Only the articles after this one in the list (ids below it): the
    /// `next` of the page before.
    pub after: Option<ArticleId>,
    /// Skipping this many (what `after` replaces: it costs what it skips).
    pub offset: i64,
}

impl Default for ArticleQuery<'_> {
    fn default() -> Self {
        ArticleQuery {
            stage: None,
            title: None,
            assignee: None,
            unassigned: false,
            due_before: None,
            limit: 50,
            after: None,
            offset: 0,
        }
    }
}

impl ArticleQuery<'_> {
    /// Where the page after `page` (this query's answer) starts: its last
    /// article when it was full, `None` when it was the last page.
    pub fn next(&self, page: &[ArticleSummary]) -> Option<ArticleId> {
        (page.len() as i64 == self.limit)
            .then(|| page.last().map(|a| a.id))
            .flatten()
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
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// Who wrote a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    /// The AI draft (revision 0).
    Ai(AiTool),
    /// A person.
    User(UserId),
}

/// One saved version of a row's English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The row.
    pub row_id: RowId,
    /// 0, 1, 2…
    pub revision: i64,
    /// The text.
    pub text: String,
    /// Who wrote it.
    pub author: Author,
    /// The stage it was written in.
    pub stage: Stage,
    /// When.
    pub created_at: Timestamp,
}

/// Something a person is told: a fact of an article's trail that concerns
/// them (see [`galley_core::notify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Its id.
    pub id: i64,
    /// The article.
    pub article_id: ArticleId,
    /// The article's headline.
    pub title: String,
    /// The trail event it comes from.
    pub event_seq: i64,
    /// Why the person is told.
    pub reason: galley_core::notify::Reason,
    /// Who did it (none: the system).
    pub actor: Option<UserId>,
    /// The stage it concerns (assignment, arrival, return).
    pub stage: Option<Stage>,
    /// The comment it concerns (mention, reply), its thread and its row.
    pub comment: Option<NoticeComment>,
    /// A return's note, or the comment's text.
    pub detail: Option<String>,
    /// When.
    pub created_at: Timestamp,
    /// When the person read it; none while unread.
    pub read_at: Option<Timestamp>,
}

/// The comment a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeComment {
    /// The comment.
    pub id: i64,
    /// Its thread (the thread's first comment).
    pub thread: i64,
    /// The row the thread is on now, if any.
    pub row_id: Option<RowId>,
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
    /// When it was added.
    pub created_at: Timestamp,
    /// When it was switched off, if it was.
    pub disabled_at: Option<Timestamp>,
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
    pub article_id: ArticleId,
    pub event_seq: i64,
    /// The JSON body, as signed and sent.
    pub payload: String,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: i64,
    /// When it is tried next (pending).
    pub next_attempt_at: Timestamp,
    /// The last attempt's HTTP status, or why it got none.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    /// When it was written (with its event).
    pub created_at: Timestamp,
    /// Since when it has been retried (its creation, or its last re-send).
    pub retry_since: Timestamp,
    /// When the endpoint took it.
    pub delivered_at: Option<Timestamp>,
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
    /// When it began.
    pub at: Timestamp,
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

/// One leaf of the log and the event it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLeaf {
    /// Its index.
    pub index: u64,
    /// The article of its event.
    pub article_id: ArticleId,
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
    pub added_by: Option<UserId>,
    /// When.
    pub added_at: Timestamp,
    /// When it was retired, if it was.
    pub retired_at: Option<Timestamp>,
}

/// Which page of the glossary ([`crate::Terms::glossary_page`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossarySearch {
    /// Text in a form or the note, case ignored (in NFC; empty: every
    /// entry).
    pub q: String,
    /// Retired entries too.
    pub retired: bool,
    /// The entries after this id (0: from the first).
    pub after: i64,
    /// At most this many.
    pub limit: u32,
}

impl GlossarySearch {
    /// Where the page after `page` (this search's answer) starts: the id of
    /// its last entry when it was full, `None` when it was the last page.
    pub fn next(&self, page: &[GlossaryEntry]) -> Option<i64> {
        (page.len() == self.limit as usize)
            .then(|| page.last().map(|e| e.entry.id))
            .flatten()
    }
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

/// An article and its trail read as one state ([`Trail::article_with_trail`]).
#[derive(Debug, Clone)]
pub struct ArticleWithTrail {
    /// The article with its rows.
    pub article: Article,
    /// Every revision of its active rows, by row, oldest first.
    pub revisions: std::collections::HashMap<RowId, Vec<Revision>>,
    /// The overrides in force.
    pub overrides: Vec<Override>,
    /// The trail and everything stored beside it, `article` included.
    pub stored: StoredTrail,
}
