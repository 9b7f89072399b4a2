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

mod accounts;
pub use accounts::LANGUAGES;
mod articles;
mod comments;
mod glossary;
mod log;
mod messages;
mod packed;
mod rows;
mod runs;
mod sources;
mod trail;
mod write;

use std::str::FromStr;
use std::time::Duration;

use galley_core::workflow::Stage;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection};

use crate::Invalid;
use crate::Missing;
use crate::writer::{WriteTx, Writers};
use crate::{Store, StoreError, StoreResult};

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
    /// Where the server is reached, for links in webhook messages (empty:
    /// links relative to the server).
    public_url: std::sync::Arc<str>,
    /// The articles' states kept between writes (see [`crate::states`]).
    states: std::sync::Arc<crate::states::States>,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound(Missing::Record),
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

/// A SHA-256 hash from the hex the database keeps.
fn from_hex(text: &str) -> StoreResult<galley_core::merkle::Hash> {
    galley_core::merkle::from_hex(text)
        .ok_or_else(|| StoreError::Internal(format!("{text:?} is not a SHA-256 hash")))
}

fn stage_of(name: &str) -> StoreResult<Stage> {
    Stage::parse(name)
        .ok_or_else(|| StoreError::Internal(format!("unknown stage {name:?} in the database")))
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
            return Err(StoreError::Invalid {
                field: None,
                why: Invalid::DatabaseUrl {
                    url: url.to_string(),
                },
            });
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(|e| StoreError::Invalid {
            field: None,
            why: Invalid::DatabaseOptions {
                driver: e.to_string(),
            },
        })?;
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
            public_url: "".into(),
            states: std::sync::Arc::new(crate::states::States::new()),
        })
    }

    /// Sets where the server is reached (`https://galley.example`), for the
    /// links in webhook messages.
    #[must_use]
    pub fn with_public_url(mut self, url: &str) -> SqlStore {
        self.public_url = url.trim_end_matches('/').into();
        self
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for tests that must reach under the store (tampering);
    /// only with the `test-support` feature, which only tests turn on.
    #[cfg(feature = "test-support")]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The same database as another app server sees it: its own kept
    /// states of articles (and, on SQLite, its own writers), for tests of
    /// several servers; only with the `test-support` feature.
    #[cfg(feature = "test-support")]
    pub fn another_server(&self) -> SqlStore {
        SqlStore {
            writers: Writers::new(),
            states: std::sync::Arc::new(crate::states::States::new()),
            ..self.clone()
        }
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
            .map_err(|e| StoreError::Internal(format!("migration failed: {e}")))?;
        // Events written before the log existed get their leaves, and
        // glossary entries made before their keys are filed.
        self.backfill_log().await?;
        self.backfill_glossary_keys().await
    }

    async fn ping(&self) -> StoreResult<()> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }
}
