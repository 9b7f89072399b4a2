//! Write transactions, and group commit on SQLite.
//!
//! SQLite admits one writer at a time, and with `synchronous = FULL` every
//! commit waits for the disk to sync its log. One transaction per save would
//! cap the saves at the disk's sync rate and leave concurrent writers
//! sleeping in SQLite's busy handler, which backs off further each time.
//!
//! So on SQLite the writers of a process take turns on one connection (a
//! fair queue, not the busy handler), and each writer's work is a savepoint
//! inside a transaction the group shares. When a writer is done its
//! savepoint is released and it hands the turn on; whoever finds nobody
//! else waiting (or the group large or old enough) commits, and every member
//! learns the outcome of that one commit before it answers. A writer that
//! fails or is abandoned rolls back to its savepoint, so only its own work is
//! undone. Nobody is told "saved" before the commit that holds the save has
//! reached the disk, and if that commit fails, every member is told so.
//!
//! On PostgreSQL a write transaction is a plain transaction: the server
//! groups commits itself.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::{StoreError, StoreResult};

/// A group commits once it has this many members…
const MAX_GROUP: usize = 64;
/// …or has been open this long, even while writers are still queueing.
const MAX_GROUP_AGE: Duration = Duration::from_millis(10);

/// The writers of one process on a SQLite database.
#[derive(Debug, Clone)]
pub(crate) struct Writers {
    turn: Arc<Mutex<Turn>>,
    /// How many writers are queued for the turn.
    waiting: Arc<AtomicUsize>,
}

#[derive(Debug, Default)]
struct Turn {
    /// The writers' connection, kept between turns.
    conn: Option<PoolConnection<Any>>,
    /// The open group transaction, if any.
    group: Option<Group>,
}

#[derive(Debug)]
struct Group {
    began: Instant,
    /// Writers whose savepoint was released into the group.
    members: usize,
    /// The outcome of the group's commit, for its members.
    outcome: watch::Sender<Option<Result<(), String>>>,
}

impl Writers {
    pub(crate) fn new() -> Writers {
        Writers {
            turn: Arc::new(Mutex::new(Turn::default())),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Waits for the turn and opens a savepoint in the group transaction.
    ///
    /// Runs in a task of its own, so that a caller who goes away while it
    /// waits cannot leave the connection half-begun: a turn that nobody
    /// takes is handed on (and its group committed if due) by the task.
    /// A writer must not begin again while it holds a turn: the second
    /// begin would wait for the first turn for ever.
    pub(crate) async fn begin(&self, pool: &AnyPool) -> StoreResult<WriteTx> {
        let (writers, pool) = (self.clone(), pool.clone());
        tokio::spawn(async move {
            writers.waiting.fetch_add(1, Ordering::SeqCst);
            let turn = writers.turn.clone().lock_owned().await;
            writers.waiting.fetch_sub(1, Ordering::SeqCst);
            // From here on, dropping `tx` hands the turn on properly.
            let mut tx = SqliteTx {
                turn: Some(turn),
                waiting: writers.waiting.clone(),
                in_savepoint: false,
            };
            if tx.turn().conn.is_none() {
                tx.turn().conn = Some(pool.acquire().await?);
            }
            if tx.turn().group.is_none() {
                tx.execute("BEGIN IMMEDIATE").await?;
                tx.turn().group = Some(Group {
                    began: Instant::now(),
                    members: 0,
                    outcome: watch::channel(None).0,
                });
            }
            tx.execute("SAVEPOINT galley_write").await?;
            tx.in_savepoint = true;
            Ok(WriteTx(Inner::Sqlite(Some(tx))))
        })
        .await
        .map_err(|e| StoreError::Internal(format!("begin: {e}")))?
    }
}

/// A write transaction: a savepoint in a group on SQLite, a transaction on
/// PostgreSQL. Dropping it without [`WriteTx::commit`] rolls back its work.
pub(crate) struct WriteTx(Inner);

enum Inner {
    Sqlite(Option<SqliteTx>),
    Postgres(Transaction<'static, Any>),
}

impl WriteTx {
    pub(crate) fn postgres(tx: Transaction<'static, Any>) -> WriteTx {
        WriteTx(Inner::Postgres(tx))
    }

    /// Makes the work durable; returns once it is on disk.
    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self.0 {
            Inner::Postgres(tx) => Ok(tx.commit().await?),
            Inner::Sqlite(mut tx) => {
                let mut tx = tx.take().expect("an open write");
                tx.execute("RELEASE galley_write").await?;
                tx.in_savepoint = false;
                let group = tx.turn().group.as_mut().expect("a savepoint is in a group");
                group.members += 1;
                let mut outcome = group.outcome.subscribe();
                // Hands the turn on, or commits the group (in a task).
                drop(tx);
                let outcome = outcome
                    .wait_for(Option::is_some)
                    .await
                    .map_err(|_| StoreError::Unavailable("the write was not committed".into()))?;
                match outcome.as_ref() {
                    Some(Ok(())) => Ok(()),
                    Some(Err(error)) => Err(StoreError::Unavailable(format!(
                        "the write was not committed: {error}"
                    ))),
                    None => unreachable!("waited for an outcome"),
                }
            }
        }
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match &self.0 {
            Inner::Postgres(tx) => tx,
            Inner::Sqlite(tx) => tx.as_ref().expect("an open write").conn(),
        }
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.0 {
            Inner::Postgres(tx) => tx,
            Inner::Sqlite(tx) => tx.as_mut().expect("an open write").conn_mut(),
        }
    }
}

/// One writer's turn on SQLite.
struct SqliteTx {
    /// Always present until dropped.
    turn: Option<OwnedMutexGuard<Turn>>,
    waiting: Arc<AtomicUsize>,
    /// Its savepoint is open (work to roll back if it is dropped).
    in_savepoint: bool,
}

impl SqliteTx {
    fn turn(&mut self) -> &mut Turn {
        self.turn.as_mut().expect("the turn")
    }

    fn conn(&self) -> &AnyConnection {
        let turn = self.turn.as_ref().expect("the turn");
        turn.conn.as_deref().expect("the writers' connection")
    }

    fn conn_mut(&mut self) -> &mut AnyConnection {
        self.turn()
            .conn
            .as_deref_mut()
            .expect("the writers' connection")
    }

    async fn execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        execute(self.turn(), sql).await
    }
}

async fn execute(turn: &mut Turn, sql: &str) -> Result<(), sqlx::Error> {
    let conn = turn.conn.as_deref_mut().expect("the writers' connection");
    sqlx::query(sql).execute(conn).await.map(|_| ())
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        let Some(mut turn) = self.turn.take() else {
            return;
        };
        if !self.in_savepoint && turn.group.is_none() {
            return; // Nothing to undo or commit: the turn simply passes.
        }
        let (waiting, in_savepoint) = (self.waiting.clone(), self.in_savepoint);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(finish(turn, waiting, in_savepoint));
            }
            Err(_) => {
                // No runtime to finish in (only at shutdown): close the
                // connection, which rolls back; the members hear of it when
                // the group is dropped.
                turn.group = None;
                if let Some(conn) = turn.conn.take() {
                    drop(conn.detach());
                }
            }
        }
    }
}

/// Ends a turn: undoes an abandoned savepoint, commits the group if it is
/// due, and passes the turn on (by dropping it).
async fn finish(mut turn: OwnedMutexGuard<Turn>, waiting: Arc<AtomicUsize>, in_savepoint: bool) {
    if in_savepoint {
        let undone = execute(&mut turn, "ROLLBACK TO galley_write; RELEASE galley_write").await;
        if let Err(error) = undone {
            // The transaction is no longer what its members think it is.
            end_group(&mut turn, Err(error.to_string())).await;
            return;
        }
    }
    let Some(group) = &turn.group else {
        return;
    };
    let due = waiting.load(Ordering::SeqCst) == 0
        || group.members >= MAX_GROUP
        || group.began.elapsed() >= MAX_GROUP_AGE;
    if due {
        let committed = execute(&mut turn, "COMMIT")
            .await
            .map_err(|e| e.to_string());
        end_group(&mut turn, committed).await;
    }
}

/// Closes the group with `outcome` and tells its members.
async fn end_group(turn: &mut Turn, outcome: Result<(), String>) {
    if outcome.is_err() && execute(turn, "ROLLBACK").await.is_err() {
        // The connection may be broken: start over on a fresh one next turn.
        // (A ROLLBACK with no transaction open fails too; that is harmless.)
        if let Some(conn) = turn.conn.take() {
            drop(conn.detach());
        }
    }
    if let Some(group) = turn.group.take() {
        group.outcome.send_replace(Some(outcome));
    }
}
