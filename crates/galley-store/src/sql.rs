//! The [`Store`] on SQL, for SQLite and PostgreSQL alike.
//!
//! One implementation over sqlx's `Any` driver: the queries are written once
//! (`$1` placeholders, which both accept) and the dialects differ only where
//! they must, in two places named here:
//!
//! * how a write transaction begins: on SQLite a savepoint in a group
//!   transaction begun with `BEGIN IMMEDIATE`, which takes the write lock up
//!   front, so a transaction that reads and then writes cannot fail half-way
//!   (see [`crate::writer`]); on PostgreSQL `BEGIN`;
//! * the migrations (`migrations/sqlite`, `migrations/postgres`, the same
//!   version numbers), including the triggers that make the trail append-only.
//!
//! Every change locks its article first (an `UPDATE` of its version, which
//! takes the row lock on PostgreSQL), so changes to one article are
//! serialized across connections and processes, and every change appends its
//! trail event in the same transaction.

use std::str::FromStr;
use std::time::Duration;

use galley_core::trail::{self, Event};
use galley_core::workflow::{self, Action, Change, Role, Roles, RowReview, Stage};
use serde_json::{Value, json};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Connection, Row};

use crate::time::{now, now_plus};
use crate::writer::{WriteTx, Writers};
use crate::{
    AiTool, Article, ArticleQuery, ArticleSummary, Author, NewArticle, Override, Revision, Segment,
    Session, Store, StoreError, StoreResult, User,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The store on a SQLite file or a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// On SQLite, this process's writers: one at a time, committed in
    /// groups (see [`crate::writer`]).
    writers: Writers,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound("row".into()),
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => StoreError::Unavailable(error.to_string()),
            sqlx::Error::Database(db) => {
                let message = db.message().to_string();
                // PostgreSQL's "connection exception" (08…) and "operator
                // intervention" (57…: shutting down, restarting) classes.
                let state = db.code().unwrap_or_default();
                if state.starts_with("08")
                    || state.starts_with("57")
                    || message.contains("database is locked")
                    || message.contains("busy")
                {
                    StoreError::Unavailable(message)
                } else {
                    StoreError::Internal(message)
                }
            }
            _ => StoreError::Internal(error.to_string()),
        }
    }
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

fn stage_of(name: &str) -> StoreResult<Stage> {
    Stage::parse(name)
        .ok_or_else(|| StoreError::Internal(format!("unknown stage {name:?} in the database")))
}

/// A query for a user with their roles in one round trip: one row per role
/// (`role` NULL for none, see [`SqlStore::user_of_rows`]), from `$from`
/// (whose users are `u`), where `$where`, with more columns if given.
macro_rules! user_query {
    ($columns:literal, $from:literal, $where:literal) => {
        concat!(
            "SELECT u.id, u.name, r.role",
            $columns,
            " FROM ",
            $from,
            " LEFT JOIN user_roles r ON r.user_id = u.id WHERE ",
            $where
        )
    };
}

/// [`user_query!`] for who holds the token `$1` (not revoked).
macro_rules! token_user {
    ($columns:literal) => {
        user_query!(
            $columns,
            "api_tokens t JOIN users u ON u.id = t.user_id",
            "t.token_hash = $1 AND t.revoked_at IS NULL"
        )
    };
}

/// An article locked for a write (see [`SqlStore::lock_article`]).
struct Locked {
    stage: Stage,
    ai: AiTool,
    trail: TrailHead,
}

/// Where an article's trail goes on: its last event's seq and hash (0 and
/// [`trail::GENESIS`] before the first).
struct TrailHead {
    seq: i64,
    hash: String,
}

impl TrailHead {
    fn genesis() -> TrailHead {
        TrailHead {
            seq: 0,
            hash: trail::GENESIS.to_string(),
        }
    }
}

/// A segment to insert (see [`SqlStore::insert_segments`]).
struct NewRow<'a> {
    position: i64,
    ko: (i64, i64),
    confidence: f64,
    flags: String,
    draft: &'a str,
    /// Who changed it and its current text, if people had.
    current: Option<(&'a User, &'a str)>,
}

impl NewRow<'_> {
    fn edited(&self) -> Option<(&User, &str)> {
        self.current.filter(|(_, text)| *text != self.draft)
    }
}

/// Rows per multi-row `INSERT` (SQLite and PostgreSQL both take thousands of
/// parameters per statement; this stays far below either limit).
const ROWS_PER_INSERT: usize = 100;

/// `($1, …, $n, extra), …`: the `VALUES` of a `rows`-row insert with
/// `columns` parameters per row, each row ending in the literal `extra`.
fn values(rows: usize, columns: usize, extra: &str) -> String {
    let mut out = String::new();
    for row in 0..rows {
        out.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("${}", row * columns + column + 1));
        }
        if !extra.is_empty() {
            out.push_str(", ");
            out.push_str(extra);
        }
        out.push(')');
    }
    out
}

impl SqlStore {
    /// Connects to `sqlite://PATH` (the file is created if missing) or
    /// `postgres://…`. Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> StoreResult<SqlStore> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Invalid(format!(
                "database URL must start with sqlite:// or postgres://, got {url:?}"
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options =
            AnyConnectOptions::from_str(&url).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            // No ping before each use: it costs a round trip (to SQLite's
            // connection thread, or to PostgreSQL) per query. A connection
            // that died with a PostgreSQL restart fails its next query with
            // an I/O error, which is a 503, and the pool drops it
            // (scripts/fault-postgres-restart.sh).
            .test_before_acquire(false)
            // While the database is away, answer 503 within seconds rather
            // than hold every request.
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA busy_timeout = 10000",
                            "PRAGMA foreign_keys = ON",
                        ] {
                            sqlx::query(pragma).execute(&mut *connection).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(SqlStore {
            pool,
            backend,
            writers: Writers::new(),
        })
    }

    /// Revokes the active token matching `condition` on `$1`.
    async fn revoke_where(&self, condition: &str, text: &str, id: Option<i64>) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE api_tokens SET revoked_at = $2 WHERE {condition} AND revoked_at IS NULL"
        );
        let query = sqlx::query(&sql);
        let query = match id {
            Some(id) => query.bind(id),
            None => query.bind(text.to_string()),
        };
        let done = query.bind(now()).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("active token".into()));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for tests that must reach under the store (tampering).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a write transaction: on SQLite a savepoint in this process's
    /// group transaction (see [`crate::writer`]), on PostgreSQL a
    /// transaction.
    async fn begin(&self) -> StoreResult<WriteTx> {
        Ok(match self.backend {
            Backend::Sqlite => self.writers.begin(&self.pool).await?,
            Backend::Postgres => WriteTx::postgres(self.pool.begin().await?),
        })
    }

    /// Locks an article for the rest of the transaction and bumps its
    /// version (every write changes what the article answers, and answers
    /// are cached by version); returns its stage, AI tool and the head of
    /// its trail. An `UPDATE` takes the row lock on PostgreSQL (and, after
    /// waiting for another writer, returns the row as that writer left it);
    /// SQLite already holds the database lock. A transaction that fails
    /// afterwards rolls the bump back.
    async fn lock_article(&self, tx: &mut AnyConnection, id: i64) -> StoreResult<Locked> {
        let row = sqlx::query(
            "UPDATE articles SET version = version + 1, updated_at = $2 WHERE id = $1 \
             RETURNING stage, ai_tool, ai_model, trail_seq, trail_hash",
        )
        .bind(id)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("article {id}")))?;
        Ok(Locked {
            stage: stage_of(row.try_get("stage")?)?,
            ai: AiTool {
                tool: row.try_get("ai_tool")?,
                model: row.try_get("ai_model")?,
            },
            trail: TrailHead {
                seq: row.try_get("trail_seq")?,
                hash: row.try_get("trail_hash")?,
            },
        })
    }

    /// Appends an event to an article's chain after `trail`, inside the
    /// caller's transaction, and moves `trail` on to it. (The database moves
    /// the article's stored head in the same transaction: migration 0004.)
    async fn append_event(
        tx: &mut AnyConnection,
        trail: &mut TrailHead,
        article_id: i64,
        actor: Option<&User>,
        stage: Stage,
        action: &str,
        payload: &Value,
    ) -> StoreResult<()> {
        let (seq, prev_hash) = (trail.seq + 1, trail.hash.clone());
        let at = now();
        let actor_name = actor.map_or_else(|| "system".to_string(), |u| format!("user:{}", u.id));
        // serde_json writes object keys in sorted order: the payload text is
        // canonical, and it is hashed exactly as stored.
        let payload = payload.to_string();
        let hash = trail::event_hash(&prev_hash, seq, &at, &actor_name, action, &payload);
        sqlx::query(
            "INSERT INTO events (article_id, seq, at, actor, actor_user, stage, action, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(article_id)
        .bind(seq)
        .bind(at)
        .bind(actor_name)
        .bind(actor.map(|u| u.id))
        .bind(stage.name())
        .bind(action)
        .bind(payload)
        .bind(prev_hash)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        *trail = TrailHead { seq, hash };
        Ok(())
    }

    /// A user from rows of `id`, `name` and `role` (NULL for none), one row
    /// per role, as a `LEFT JOIN user_roles` gives them: the user and the
    /// roles in one round trip. None for no rows.
    fn user_of_rows(rows: &[AnyRow]) -> StoreResult<Option<User>> {
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut roles = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(role) = row.try_get::<Option<String>, _>("role")? {
                roles.extend(Role::parse(&role));
            }
        }
        roles.sort();
        Ok(Some(User {
            id: first.try_get("id")?,
            name: first.try_get("name")?,
            roles,
        }))
    }

    async fn load_article(conn: &mut AnyConnection, id: i64) -> StoreResult<Article> {
        let row = sqlx::query(
            "SELECT id, title, stage, version, ai_tool, ai_model, submitted_by FROM articles WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("article {id}")))?;
        let korean =
            sqlx::query("SELECT text FROM ko_paragraphs WHERE article_id = $1 ORDER BY idx")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>("text"))
                .collect::<Result<Vec<_>, _>>()?;
        let segments = sqlx::query(
            "SELECT s.id, s.position, s.ko_start, s.ko_end, s.confidence, s.flags, s.current_revision, \
             s.reviewed_revision, r.text FROM segments s \
             JOIN revisions r ON r.segment_id = s.id AND r.revision = s.current_revision \
             WHERE s.article_id = $1 AND s.active = 1 ORDER BY s.position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(segment_of)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Article {
            id,
            title: row.try_get("title")?,
            stage: stage_of(row.try_get("stage")?)?,
            version: row.try_get("version")?,
            ai: AiTool {
                tool: row.try_get("ai_tool")?,
                model: row.try_get("ai_model")?,
            },
            submitted_by: row.try_get("submitted_by")?,
            korean,
            segments,
        })
    }

    /// An article's version: NotFound if there is no such article (one
    /// query, where loading the article would be three).
    async fn version_of(conn: &mut AnyConnection, id: i64) -> StoreResult<i64> {
        let row = sqlx::query("SELECT version FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("article {id}")))?;
        Ok(row.try_get("version")?)
    }

    async fn load_overrides(
        conn: &mut AnyConnection,
        article_id: i64,
    ) -> StoreResult<Vec<Override>> {
        sqlx::query(
            "SELECT o.segment_id, o.finding_key, o.reason, o.user_id, o.created_at FROM qa_overrides o \
             JOIN segments s ON s.id = o.segment_id WHERE s.article_id = $1 AND s.active = 1 \
             ORDER BY o.segment_id, o.finding_key",
        )
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Override {
                segment_id: r.try_get("segment_id")?,
                key: r.try_get("finding_key")?,
                reason: r.try_get("reason")?,
                user_id: r.try_get("user_id")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
    }

    /// Writes revision `base + 1` of a row, moves the row to it, and appends
    /// `revision_saved`; the caller locked the article and checked the rules.
    /// A conflict if the row is no longer at `base_revision`.
    async fn insert_revision(
        tx: &mut AnyConnection,
        locked: &mut Locked,
        by: &User,
        article_id: i64,
        segment_id: i64,
        base_revision: i64,
        text: &str,
    ) -> StoreResult<Revision> {
        let (revision, stage) = (base_revision + 1, locked.stage);
        // The base is checked by the move itself: one statement, not two.
        let moved = sqlx::query(
            "UPDATE segments SET current_revision = $3 \
             WHERE id = $1 AND article_id = $2 AND active = 1 AND current_revision = $4",
        )
        .bind(segment_id)
        .bind(article_id)
        .bind(revision)
        .bind(base_revision)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            let segment = Self::active_segment(tx, article_id, segment_id).await?;
            return Err(StoreError::Conflict {
                base: base_revision,
                current_revision: segment.revision,
                current_text: segment.text,
            });
        }
        let at = now();
        sqlx::query(
            "INSERT INTO revisions (segment_id, revision, text, author_user, ai_tool, ai_model, stage, created_at) \
             VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6)",
        )
        .bind(segment_id)
        .bind(revision)
        .bind(text)
        .bind(by.id)
        .bind(stage.name())
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let payload = json!({
            "row": segment_id, "revision": revision, "base_revision": base_revision,
            "chars": text.chars().count(), "sha256": trail::text_digest(text),
        });
        Self::append_event(
            tx,
            &mut locked.trail,
            article_id,
            Some(by),
            stage,
            "revision_saved",
            &payload,
        )
        .await?;
        Ok(Revision {
            segment_id,
            revision,
            text: text.to_string(),
            author: Author::User(by.id),
            stage,
            created_at: at,
        })
    }

    /// People who edited or reviewed rows while the article was in bilingual
    /// review.
    async fn participants(conn: &mut AnyConnection, article_id: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query(
            "SELECT DISTINCT actor_user FROM events WHERE article_id = $1 AND stage = 'bilingual_review' \
             AND actor_user IS NOT NULL AND action IN ('revision_saved', 'row_reviewed', 'rows_merged', 'row_split')",
        )
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("actor_user"))
        .collect::<Result<_, _>>()?)
    }

    /// Checks that `by` may make `change` to the article now.
    fn check_change(stage: Stage, by: &User, change: Change) -> StoreResult<()> {
        Ok(workflow::check_change(stage, Roles::of(&by.roles), change)?)
    }

    /// An active segment of the article, or NotFound.
    async fn active_segment(
        tx: &mut AnyConnection,
        article_id: i64,
        segment_id: i64,
    ) -> StoreResult<Segment> {
        let row = sqlx::query(
            "SELECT s.id, s.position, s.ko_start, s.ko_end, s.confidence, s.flags, s.current_revision, \
             s.reviewed_revision, r.text FROM segments s \
             JOIN revisions r ON r.segment_id = s.id AND r.revision = s.current_revision \
             WHERE s.id = $1 AND s.article_id = $2 AND s.active = 1",
        )
        .bind(segment_id)
        .bind(article_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("row {segment_id} of article {article_id}")))?;
        segment_of(&row)
    }

    /// The AI draft (revision 0) of a segment.
    async fn draft_of(tx: &mut AnyConnection, segment_id: i64) -> StoreResult<String> {
        Ok(
            sqlx::query("SELECT text FROM revisions WHERE segment_id = $1 AND revision = 0")
                .bind(segment_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("text")?,
        )
    }

    /// Inserts new active segments, each with revision 0 (the AI draft)
    /// and, when people had changed it, revision 1 by that person carrying
    /// the current text; returns their ids in order. A few statements for
    /// any number of rows (a submission has dozens, and SQLite's writer
    /// waits on each round trip).
    async fn insert_segments(
        tx: &mut AnyConnection,
        article_id: i64,
        ai: &AiTool,
        stage: Stage,
        rows: &[NewRow<'_>],
    ) -> StoreResult<Vec<i64>> {
        let at = now();
        let mut ids = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO segments (article_id, position, ko_start, ko_end, confidence, flags, \
                 current_revision, reviewed_revision, active) VALUES {} RETURNING id, position",
                values(chunk.len(), 7, "NULL, 1")
            );
            let mut query = sqlx::query(&sql);
            for row in chunk {
                query = query
                    .bind(article_id)
                    .bind(row.position)
                    .bind(row.ko.0)
                    .bind(row.ko.1)
                    .bind(row.confidence)
                    .bind(row.flags.clone())
                    .bind(i64::from(row.edited().is_some()));
            }
            let mut by_position = std::collections::HashMap::new();
            for returned in query.fetch_all(&mut *tx).await? {
                by_position.insert(
                    returned.try_get::<i64, _>("position")?,
                    returned.try_get::<i64, _>("id")?,
                );
            }
            let chunk_ids = chunk
                .iter()
                .map(|row| by_position.get(&row.position).copied())
                .collect::<Option<Vec<i64>>>()
                .ok_or_else(|| StoreError::Internal("an inserted row went missing".into()))?;
            // Revision 0 of every row, revision 1 of the rows people changed.
            let mut revisions: Vec<(i64, i64, &str, Option<i64>)> = Vec::new();
            for (row, id) in chunk.iter().zip(&chunk_ids) {
                revisions.push((*id, 0, row.draft, None));
                if let Some((user, text)) = row.edited() {
                    revisions.push((*id, 1, text, Some(user.id)));
                }
            }
            let sql = format!(
                "INSERT INTO revisions (segment_id, revision, text, author_user, ai_tool, ai_model, \
                 stage, created_at) VALUES {}",
                values(revisions.len(), 8, "")
            );
            let mut query = sqlx::query(&sql);
            for (id, revision, text, author) in revisions {
                let by_ai = author.is_none();
                query = query
                    .bind(id)
                    .bind(revision)
                    .bind(text)
                    .bind(author)
                    .bind(by_ai.then(|| ai.tool.clone()))
                    .bind(by_ai.then(|| ai.model.clone()))
                    .bind(stage.name())
                    .bind(at.clone());
            }
            query.execute(&mut *tx).await?;
            ids.extend(chunk_ids);
        }
        Ok(ids)
    }

    async fn deactivate(tx: &mut AnyConnection, segment_id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE segments SET active = 0 WHERE id = $1")
            .bind(segment_id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }

    /// Renumbers the article's active rows 0, 1, 2… in their current order.
    async fn renumber(tx: &mut AnyConnection, article_id: i64) -> StoreResult<()> {
        let ids: Vec<i64> = sqlx::query(
            "SELECT id FROM segments WHERE article_id = $1 AND active = 1 ORDER BY ko_start, position, id",
        )
        .bind(article_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
        for (position, id) in ids.iter().enumerate() {
            sqlx::query("UPDATE segments SET position = $2 WHERE id = $1")
                .bind(id)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }
}

fn segment_of(row: &AnyRow) -> StoreResult<Segment> {
    let flags: String = row.try_get("flags")?;
    Ok(Segment {
        id: row.try_get("id")?,
        position: row.try_get("position")?,
        ko: row.try_get::<i64, _>("ko_start")? as usize..row.try_get::<i64, _>("ko_end")? as usize,
        text: row.try_get("text")?,
        revision: row.try_get("current_revision")?,
        reviewed_revision: row.try_get("reviewed_revision")?,
        confidence: row.try_get("confidence")?,
        flags: flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

fn revision_of(row: &AnyRow) -> StoreResult<Revision> {
    let author = match row.try_get::<Option<i64>, _>("author_user")? {
        Some(user) => Author::User(user),
        None => Author::Ai(AiTool {
            tool: row
                .try_get::<Option<String>, _>("ai_tool")?
                .unwrap_or_default(),
            model: row
                .try_get::<Option<String>, _>("ai_model")?
                .unwrap_or_default(),
        }),
    };
    Ok(Revision {
        segment_id: row.try_get("segment_id")?,
        revision: row.try_get("revision")?,
        text: row.try_get("text")?,
        author,
        stage: stage_of(row.try_get("stage")?)?,
        created_at: row.try_get("created_at")?,
    })
}

/// The English paragraphs of a row's text (blank-line separated).
fn english_paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn migrate(&self) -> StoreResult<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Internal(format!("migration failed: {e}")))
    }

    async fn ping(&self) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }

    async fn add_user(
        &self,
        name: &str,
        roles: &[Role],
        password_hash: Option<&str>,
    ) -> StoreResult<User> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid(
                "a user name is 1 to 64 visible characters".into(),
            ));
        }
        let mut tx = self.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now())
        .fetch_one(&mut *tx)
        .await;
        let id: i64 = match inserted {
            Ok(row) => row.try_get("id")?,
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Invalid(format!(
                    "a user named {name:?} already exists"
                )));
            }
            Err(error) => return Err(error.into()),
        };
        let mut sorted: Vec<Role> = roles.to_vec();
        sorted.sort();
        sorted.dedup();
        for role in &sorted {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(role.name())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(User {
            id,
            name: name.to_string(),
            roles: sorted,
        })
    }

    async fn user(&self, id: i64) -> StoreResult<User> {
        let rows = sqlx::query(user_query!("", "users u", "u.id = $1"))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Self::user_of_rows(&rows)?.ok_or_else(|| StoreError::NotFound(format!("user {id}")))
    }

    async fn user_by_name(&self, name: &str) -> StoreResult<User> {
        Ok(self.credentials(name).await?.0)
    }

    async fn add_token(&self, user_id: i64, name: &str, token_hash: &str) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.try_get("id")?)
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> StoreResult<User> {
        let rows = sqlx::query(token_user!(""))
            .bind(token_hash)
            .fetch_all(&self.pool)
            .await?;
        Self::user_of_rows(&rows)?.ok_or_else(|| StoreError::NotFound("token".into()))
    }

    async fn user_by_token_hash_and_version(
        &self,
        token_hash: &str,
        article_id: i64,
    ) -> StoreResult<(User, Option<i64>)> {
        let rows = sqlx::query(token_user!(
            ", (SELECT version FROM articles WHERE id = $2) AS article_version"
        ))
        .bind(token_hash)
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        let user =
            Self::user_of_rows(&rows)?.ok_or_else(|| StoreError::NotFound("token".into()))?;
        Ok((user, rows[0].try_get("article_version")?))
    }

    async fn revoke_token(&self, token_id: i64) -> StoreResult<()> {
        self.revoke_where("id = $1", token_id.to_string().as_str(), Some(token_id))
            .await
    }

    async fn revoke_token_hash(&self, token_hash: &str) -> StoreResult<()> {
        self.revoke_where("token_hash = $1", token_hash, None).await
    }

    async fn credentials(&self, name: &str) -> StoreResult<(User, Option<String>)> {
        let rows = sqlx::query(user_query!(", u.password_hash", "users u", "u.name = $1"))
            .bind(name)
            .fetch_all(&self.pool)
            .await?;
        let user = Self::user_of_rows(&rows)?
            .ok_or_else(|| StoreError::NotFound(format!("user {name:?}")))?;
        Ok((user, rows[0].try_get("password_hash")?))
    }

    async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        csrf_token: &str,
        lifetime: Duration,
    ) -> StoreResult<Session> {
        let expires_at = now_plus(i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2));
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now())
        .bind(&expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Session {
            user: self.user(user_id).await?,
            csrf_token: csrf_token.to_string(),
            expires_at,
        })
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Session> {
        let rows = sqlx::query(user_query!(
            ", s.csrf_token, s.expires_at",
            "sessions s JOIN users u ON u.id = s.user_id",
            "s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(now())
        .fetch_all(&self.pool)
        .await?;
        let user =
            Self::user_of_rows(&rows)?.ok_or_else(|| StoreError::NotFound("session".into()))?;
        Ok(Session {
            user,
            csrf_token: rows[0].try_get("csrf_token")?,
            expires_at: rows[0].try_get("expires_at")?,
        })
    }

    async fn end_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn login_failures(&self, key: &str, window: Duration) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        let since = now_plus(-i64::try_from(window.as_secs()).unwrap_or(i64::MAX / 2));
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at > $2")
                .bind(key)
                .bind(since)
                .fetch_one(&mut *conn)
                .await?;
        Ok(row.try_get("n")?)
    }

    async fn record_login_failure(&self, key: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE at <= $1")
            .bind(now_plus(-86_400))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM login_failures WHERE key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn submit_article(&self, by: &User, article: NewArticle) -> StoreResult<Article> {
        if !by.roles.contains(&Role::Reporter) {
            return Err(StoreError::Refused(workflow::Refusal {
                rule: workflow::Rule::RoleRequired,
                message: "submitting an article needs the reporter role".into(),
            }));
        }
        if article.title.trim().is_empty() {
            return Err(StoreError::Invalid("the title is empty".into()));
        }
        let mut next = 0;
        for segment in &article.segments {
            if segment.ko.start != next || segment.ko.end > article.korean.len() {
                return Err(StoreError::Invalid(
                    "the rows do not cover the Korean paragraphs in order".into(),
                ));
            }
            next = segment.ko.end;
        }
        if next != article.korean.len() {
            return Err(StoreError::Invalid(
                "the rows do not cover every Korean paragraph".into(),
            ));
        }
        let mut tx = self.begin().await?;
        let at = now();
        let id: i64 = sqlx::query(
            "INSERT INTO articles (title, stage, version, ai_tool, ai_model, submitted_by, created_at, updated_at) \
             VALUES ($1, 'draft', 1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(article.title.trim())
        .bind(&article.ai.tool)
        .bind(&article.ai.model)
        .bind(by.id)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let paragraphs: Vec<(usize, &String)> = article.korean.iter().enumerate().collect();
        for chunk in paragraphs.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO ko_paragraphs (article_id, idx, text) VALUES {}",
                values(chunk.len(), 3, "")
            );
            let mut query = sqlx::query(&sql);
            for (idx, text) in chunk {
                query = query.bind(id).bind(*idx as i64).bind(text.as_str());
            }
            query.execute(&mut *tx).await?;
        }
        let rows: Vec<NewRow> = article
            .segments
            .iter()
            .enumerate()
            .map(|(position, segment)| NewRow {
                position: position as i64,
                ko: (segment.ko.start as i64, segment.ko.end as i64),
                confidence: segment.confidence,
                flags: segment.flags.join(","),
                draft: &segment.draft,
                current: None,
            })
            .collect();
        Self::insert_segments(&mut tx, id, &article.ai, Stage::Draft, &rows).await?;
        let payload = json!({
            "title": article.title.trim(),
            "ai": {"tool": article.ai.tool, "model": article.ai.model},
            "korean_paragraphs": article.korean.len(),
            "rows": article.segments.len(),
        });
        let mut trail = TrailHead::genesis();
        Self::append_event(
            &mut tx,
            &mut trail,
            id,
            Some(by),
            Stage::Draft,
            "submitted",
            &payload,
        )
        .await?;
        let rows: Vec<Value> = article
            .segments
            .iter()
            .map(|s| json!({"ko": [s.ko.start, s.ko.end], "confidence": s.confidence, "flags": s.flags}))
            .collect();
        Self::append_event(
            &mut tx,
            &mut trail,
            id,
            None,
            Stage::Draft,
            "aligned",
            &json!({ "rows": rows }),
        )
        .await?;
        tx.commit().await?;
        // Read back outside the writers' turn: on SQLite the next writer
        // need not wait for it.
        self.article(id).await
    }

    async fn article(&self, id: i64) -> StoreResult<Article> {
        let mut conn = self.pool.acquire().await?;
        Self::load_article(&mut conn, id).await
    }

    async fn list_articles(&self, query: ArticleQuery<'_>) -> StoreResult<Vec<ArticleSummary>> {
        let mut conn = self.pool.acquire().await?;
        // `LIKE` with the pattern's own wildcards escaped.
        let title = query
            .title
            .map(str::trim)
            .unwrap_or_default()
            .to_lowercase();
        let pattern = format!(
            "%{}%",
            title
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let rows = sqlx::query(
            "SELECT id, title, stage, version, updated_at FROM articles \
             WHERE ($1 = '' OR stage = $1) AND LOWER(title) LIKE $2 ESCAPE '\\' \
             ORDER BY updated_at DESC, id DESC LIMIT $3 OFFSET $4",
        )
        .bind(query.stage.map_or("", Stage::name))
        .bind(pattern)
        .bind(query.limit.clamp(0, 1000))
        .bind(query.offset.max(0))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ArticleSummary {
                    id: row.try_get("id")?,
                    title: row.try_get("title")?,
                    stage: stage_of(row.try_get("stage")?)?,
                    version: row.try_get("version")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }

    async fn article_version(&self, id: i64) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, id).await
    }

    async fn article_ids(&self) -> StoreResult<Vec<i64>> {
        let mut conn = self.pool.acquire().await?;
        Ok(sqlx::query("SELECT id FROM articles ORDER BY id")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?)
    }

    async fn save_revision(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        base_revision: i64,
        text: &str,
    ) -> StoreResult<Revision> {
        let mut saved = self
            .save_revisions(
                by,
                article_id,
                &[(segment_id, base_revision, text.to_string())],
            )
            .await?;
        saved
            .pop()
            .ok_or_else(|| StoreError::Internal("no revision saved".into()))
    }

    async fn save_revisions(
        &self,
        by: &User,
        article_id: i64,
        edits: &[(i64, i64, String)],
    ) -> StoreResult<Vec<Revision>> {
        let mut tx = self.begin().await?;
        let mut locked = self.lock_article(&mut tx, article_id).await?;
        Self::check_change(locked.stage, by, Change::EditEnglish)?;
        // A stale row refuses the whole batch: the transaction is dropped,
        // which undoes the rows already written.
        let mut saved = Vec::with_capacity(edits.len());
        for (segment_id, base_revision, text) in edits {
            saved.push(
                Self::insert_revision(
                    &mut tx,
                    &mut locked,
                    by,
                    article_id,
                    *segment_id,
                    *base_revision,
                    text,
                )
                .await?,
            );
        }
        tx.commit().await?;
        Ok(saved)
    }

    async fn mark_reviewed(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        revision: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let Locked {
            stage, mut trail, ..
        } = self.lock_article(&mut tx, article_id).await?;
        Self::check_change(stage, by, Change::MarkReviewed)?;
        let segment = Self::active_segment(&mut tx, article_id, segment_id).await?;
        if segment.revision != revision {
            return Err(StoreError::Conflict {
                base: revision,
                current_revision: segment.revision,
                current_text: segment.text,
            });
        }
        sqlx::query("UPDATE segments SET reviewed_revision = $2 WHERE id = $1")
            .bind(segment_id)
            .bind(revision)
            .execute(&mut *tx)
            .await?;
        Self::append_event(
            &mut tx,
            &mut trail,
            article_id,
            Some(by),
            stage,
            "row_reviewed",
            &json!({"row": segment_id, "revision": revision}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn merge_with_next(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
    ) -> StoreResult<Article> {
        let mut tx = self.begin().await?;
        let Locked {
            stage,
            ai,
            mut trail,
        } = self.lock_article(&mut tx, article_id).await?;
        Self::check_change(stage, by, Change::EditAlignment)?;
        let first = Self::active_segment(&mut tx, article_id, segment_id).await?;
        let next_id: i64 = sqlx::query(
            "SELECT id FROM segments WHERE article_id = $1 AND active = 1 AND position = $2",
        )
        .bind(article_id)
        .bind(first.position + 1)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| {
            StoreError::Invalid(format!(
                "row {segment_id} is the last row: there is no next row to merge with"
            ))
        })?
        .try_get("id")?;
        let second = Self::active_segment(&mut tx, article_id, next_id).await?;
        let join = |a: &str, b: &str| {
            [a, b]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let draft = join(
            &Self::draft_of(&mut tx, first.id).await?,
            &Self::draft_of(&mut tx, second.id).await?,
        );
        let current = join(&first.text, &second.text);
        Self::deactivate(&mut tx, first.id).await?;
        Self::deactivate(&mut tx, second.id).await?;
        let merged = NewRow {
            position: first.position,
            ko: (first.ko.start as i64, second.ko.end as i64),
            confidence: first.confidence.min(second.confidence),
            flags: String::new(),
            draft: &draft,
            current: Some((by, &current)),
        };
        let merged = Self::insert_segments(&mut tx, article_id, &ai, stage, &[merged]).await?[0];
        Self::renumber(&mut tx, article_id).await?;
        let payload = json!({"merged": [first.id, second.id], "into": merged});
        Self::append_event(
            &mut tx,
            &mut trail,
            article_id,
            Some(by),
            stage,
            "rows_merged",
            &payload,
        )
        .await?;
        let article = Self::load_article(&mut tx, article_id).await?;
        tx.commit().await?;
        Ok(article)
    }

    async fn split(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        ko_at: usize,
        en_at: usize,
    ) -> StoreResult<Article> {
        let mut tx = self.begin().await?;
        let Locked {
            stage,
            ai,
            mut trail,
        } = self.lock_article(&mut tx, article_id).await?;
        Self::check_change(stage, by, Change::EditAlignment)?;
        let row = Self::active_segment(&mut tx, article_id, segment_id).await?;
        let current = english_paragraphs(&row.text);
        if ko_at > row.ko.len()
            || en_at > current.len()
            || (ko_at == 0 && en_at == 0)
            || (ko_at == row.ko.len() && en_at == current.len())
        {
            return Err(StoreError::Invalid(format!(
                "cannot split row {segment_id} after {ko_at} of its {} Korean and {en_at} of its {} English paragraphs",
                row.ko.len(),
                current.len()
            )));
        }
        let draft_text = Self::draft_of(&mut tx, row.id).await?;
        let draft = english_paragraphs(&draft_text);
        let draft_at = en_at.min(draft.len());
        let ko_mid = (row.ko.start + ko_at) as i64;
        Self::deactivate(&mut tx, row.id).await?;
        let halves = [
            (
                (row.ko.start as i64, ko_mid),
                draft[..draft_at].join("\n\n"),
                current[..en_at].join("\n\n"),
                row.position,
            ),
            (
                (ko_mid, row.ko.end as i64),
                draft[draft_at..].join("\n\n"),
                current[en_at..].join("\n\n"),
                row.position + 1,
            ),
        ];
        let rows: Vec<NewRow> = halves
            .iter()
            .map(|(ko, draft, text, position)| NewRow {
                position: *position,
                ko: *ko,
                confidence: row.confidence,
                flags: String::new(),
                draft,
                current: Some((by, text)),
            })
            .collect();
        let new_ids = Self::insert_segments(&mut tx, article_id, &ai, stage, &rows).await?;
        Self::renumber(&mut tx, article_id).await?;
        let payload = json!({"split": row.id, "into": new_ids, "ko_at": ko_at, "en_at": en_at});
        Self::append_event(
            &mut tx,
            &mut trail,
            article_id,
            Some(by),
            stage,
            "row_split",
            &payload,
        )
        .await?;
        let article = Self::load_article(&mut tx, article_id).await?;
        tx.commit().await?;
        Ok(article)
    }

    async fn transition(
        &self,
        by: &User,
        article_id: i64,
        action: Action,
        note: Option<&str>,
    ) -> StoreResult<Article> {
        let mut tx = self.begin().await?;
        let Locked {
            stage, mut trail, ..
        } = self.lock_article(&mut tx, article_id).await?;
        let rows: Vec<RowReview> = sqlx::query(
            "SELECT current_revision, reviewed_revision FROM segments WHERE article_id = $1 AND active = 1",
        )
        .bind(article_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(RowReview {
                current_revision: r.try_get::<i64, _>("current_revision")? as u32,
                reviewed_revision: r.try_get::<Option<i64>, _>("reviewed_revision")?.map(|v| v as u32),
            })
        })
        .collect::<StoreResult<_>>()?;
        let participants = Self::participants(&mut tx, article_id).await?;
        let blocking = if matches!(action, Action::Approve | Action::SignOff) {
            let article = Self::load_article(&mut tx, article_id).await?;
            let overrides = Self::load_overrides(&mut tx, article_id).await?;
            article.blocking_findings(&overrides)
        } else {
            0
        };
        let request = workflow::TransitionRequest {
            stage,
            action,
            actor: by.id,
            roles: Roles::of(&by.roles),
            note,
            rows: &rows,
            bilingual_participants: &participants,
            blocking_findings: blocking,
        };
        let to = workflow::check_transition(&request)?;
        sqlx::query("UPDATE articles SET stage = $2 WHERE id = $1")
            .bind(article_id)
            .bind(to.name())
            .execute(&mut *tx)
            .await?;
        if to == Stage::BilingualReview && stage == Stage::Draft {
            // A resubmitted draft is reviewed afresh.
            sqlx::query("UPDATE segments SET reviewed_revision = NULL WHERE article_id = $1")
                .bind(article_id)
                .execute(&mut *tx)
                .await?;
        }
        let payload =
            json!({"action": action.name(), "from": stage.name(), "to": to.name(), "note": note});
        let event = if action == Action::Reopen {
            "reopened"
        } else {
            "transition"
        };
        Self::append_event(
            &mut tx,
            &mut trail,
            article_id,
            Some(by),
            to,
            event,
            &payload,
        )
        .await?;
        let article = Self::load_article(&mut tx, article_id).await?;
        tx.commit().await?;
        Ok(article)
    }

    async fn comment(
        &self,
        by: &User,
        article_id: i64,
        segment_id: Option<i64>,
        text: &str,
    ) -> StoreResult<()> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("the comment is empty".into()));
        }
        if by.roles.is_empty() {
            return Err(StoreError::Refused(workflow::Refusal {
                rule: workflow::Rule::RoleRequired,
                message: "commenting needs a role".into(),
            }));
        }
        let mut tx = self.begin().await?;
        let Locked {
            stage, mut trail, ..
        } = self.lock_article(&mut tx, article_id).await?;
        if let Some(segment_id) = segment_id {
            Self::active_segment(&mut tx, article_id, segment_id).await?;
        }
        Self::append_event(
            &mut tx,
            &mut trail,
            article_id,
            Some(by),
            stage,
            "comment",
            &json!({"row": segment_id, "text": text}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn override_finding(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        key: &str,
        reason: &str,
    ) -> StoreResult<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "an override needs a written reason".into(),
            ));
        }
        let mut tx = self.begin().await?;
        let Locked {
            stage, mut trail, ..
        } = self.lock_article(&mut tx, article_id).await?;
        Self::check_change(stage, by, Change::EditEnglish)?;
        let article = Self::load_article(&mut tx, article_id).await?;
        let Some(index) = article.segments.iter().position(|s| s.id == segment_id) else {
            return Err(StoreError::NotFound(format!("row {segment_id}")));
        };
        let findings = article.findings();
        if !findings[index].iter().any(|f| f.key == key) {
            return Err(StoreError::Invalid(format!(
                "row {segment_id} has no finding {key:?} now"
            )));
        }
        let inserted = sqlx::query(
            "INSERT INTO qa_overrides (segment_id, finding_key, reason, user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(segment_id)
        .bind(key)
        .bind(reason)
        .bind(by.id)
        .bind(now())
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Invalid(format!(
                    "finding {key:?} of row {segment_id} is already overridden"
                )));
            }
            Err(error) => return Err(error.into()),
        }
        let payload = json!({"row": segment_id, "key": key, "reason": reason});
        Self::append_event(
            &mut tx,
            &mut trail,
            article_id,
            Some(by),
            stage,
            "qa_overridden",
            &payload,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn overrides(&self, article_id: i64) -> StoreResult<Vec<Override>> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::load_overrides(&mut conn, article_id).await
    }

    async fn revisions(&self, segment_id: i64) -> StoreResult<Vec<Revision>> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(
            "SELECT segment_id, revision, text, author_user, ai_tool, ai_model, stage, created_at \
             FROM revisions WHERE segment_id = $1 ORDER BY revision",
        )
        .bind(segment_id)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(format!("row {segment_id}")));
        }
        rows.iter().map(revision_of).collect()
    }

    async fn article_revisions(
        &self,
        article_id: i64,
    ) -> StoreResult<std::collections::HashMap<i64, Vec<Revision>>> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        let rows = sqlx::query(
            "SELECT r.segment_id, r.revision, r.text, r.author_user, r.ai_tool, r.ai_model, r.stage, r.created_at \
             FROM revisions r JOIN segments s ON s.id = r.segment_id \
             WHERE s.article_id = $1 AND s.active = 1 ORDER BY r.segment_id, r.revision",
        )
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut out: std::collections::HashMap<i64, Vec<Revision>> = Default::default();
        for row in &rows {
            let revision = revision_of(row)?;
            out.entry(revision.segment_id).or_default().push(revision);
        }
        Ok(out)
    }

    async fn bilingual_participants(&self, article_id: i64) -> StoreResult<Vec<i64>> {
        let mut conn = self.pool.acquire().await?;
        Self::participants(&mut conn, article_id).await
    }

    async fn events(&self, article_id: i64) -> StoreResult<Vec<Event>> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, payload, prev_hash, hash FROM events WHERE article_id = $1 ORDER BY seq",
        )
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Event {
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    payload: r.try_get("payload")?,
                    prev_hash: r.try_get("prev_hash")?,
                    hash: r.try_get("hash")?,
                })
            })
            .collect()
    }
}
