//! The one shape of a write to an article: lock it, ask the core, apply the
//! change, append its typed events, commit, all in one transaction.

use galley_core::events::{Actor, Fact};
use galley_core::notify;
use galley_core::replay::Replay;
use galley_core::trail;
use galley_core::workflow::{self, Change, Roles, Stage};
use sqlx::{AnyConnection, Row};

use super::{SqlStore, stage_of};
use crate::time::now;
use crate::writer::WriteTx;
use crate::{AiTool, StoreError, StoreResult, User};

/// An article locked for a write (see [`SqlStore::lock_article`]).
pub(super) struct Locked {
    pub(super) stage: Stage,
    pub(super) ai: AiTool,
    /// The version before this write.
    pub(super) version: i64,
    /// Whether its first row is the headline (its English the title).
    pub(super) headline: bool,
    trail: TrailHead,
}

/// One write to an article, the only way one is made: the article locked
/// (and its version bumped), the core's judgement asked for, the change
/// applied by the caller, and each of its facts appended to the trail in
/// the same transaction. A write that recorded no event does not commit,
/// so no change can skip its event.
pub(super) struct ArticleWrite {
    tx: WriteTx,
    pub(super) id: i64,
    pub(super) locked: Locked,
    recorded: usize,
    /// The facts recorded that people or other systems hear about.
    told: Vec<Told>,
    /// Where the server is reached, for links in webhook messages.
    public_url: std::sync::Arc<str>,
}

/// A recorded fact that makes notices or webhook messages.
pub(super) struct Told {
    pub(super) actor: Option<i64>,
    pub(super) fact: Fact,
    pub(super) seq: i64,
    pub(super) at: String,
}

impl ArticleWrite {
    /// The write that creates article `id` (inserted in `tx`, at version 1,
    /// its trail not begun).
    pub(super) fn created(
        tx: WriteTx,
        id: i64,
        ai: AiTool,
        headline: bool,
        public_url: std::sync::Arc<str>,
    ) -> ArticleWrite {
        ArticleWrite {
            tx,
            id,
            locked: Locked {
                stage: Stage::Draft,
                ai,
                version: 1,
                headline,
                trail: TrailHead::genesis(),
            },
            recorded: 0,
            told: Vec::new(),
            public_url,
        }
    }

    /// Whether the write has recorded nothing (so there is nothing to commit).
    pub(super) fn is_empty(&self) -> bool {
        self.recorded == 0
    }

    /// The transaction's connection.
    pub(super) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Appends a fact done by `by` (the system if `None`) in `stage`.
    pub(super) async fn record(
        &mut self,
        by: Option<&User>,
        stage: Stage,
        fact: &Fact,
    ) -> StoreResult<()> {
        let at = SqlStore::append_event(
            &mut self.tx,
            &mut self.locked.trail,
            self.id,
            by,
            stage,
            fact,
        )
        .await?;
        self.recorded += 1;
        if notify::webhook_event(fact).is_some() {
            self.told.push(Told {
                actor: by.map(|u| u.id),
                fact: fact.clone(),
                seq: self.locked.trail.seq,
                at,
            });
        }
        Ok(())
    }

    /// The replay of the article's trail as it stands in this transaction.
    pub(super) async fn replay(&mut self) -> StoreResult<Replay> {
        let id = self.id;
        SqlStore::replay_of(self.conn(), id).await
    }

    /// Commits the change and its events, with the notices and webhook
    /// deliveries they make (see [`SqlStore::send_on`]).
    pub(super) async fn commit(mut self) -> StoreResult<()> {
        if self.recorded == 0 {
            return Err(StoreError::Internal(format!(
                "a write to article {} recorded no trail event",
                self.id
            )));
        }
        if !self.told.is_empty() {
            let told = std::mem::take(&mut self.told);
            let head = self.locked.trail.hash.clone();
            SqlStore::send_on(&mut self.tx, self.id, &told, &head, &self.public_url).await?;
        }
        self.tx.commit().await
    }
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

impl SqlStore {
    /// Locks an article for the rest of the transaction and bumps its
    /// version (every write changes what the article answers, and answers
    /// are cached by version); returns its stage, AI tool and the head of
    /// its trail. An `UPDATE` takes the row lock on PostgreSQL (and, after
    /// waiting for another writer, returns the row as that writer left it);
    /// SQLite already holds the database lock. A transaction that fails
    /// afterwards rolls the bump back.
    async fn lock_article(tx: &mut AnyConnection, id: i64) -> StoreResult<Locked> {
        let row = sqlx::query(
            "UPDATE articles SET version = version + 1, updated_at = $2 WHERE id = $1 \
             RETURNING stage, version, ai_tool, ai_model, trail_seq, trail_hash, headline",
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
            version: row.try_get::<i64, _>("version")? - 1,
            headline: row.try_get::<i64, _>("headline")? == 1,
            trail: TrailHead {
                seq: row.try_get("trail_seq")?,
                hash: row.try_get("trail_hash")?,
            },
        })
    }

    /// Begins a write to an article: locks it and, if `change` is given,
    /// asks the core whether `by` may make it now.
    pub(super) async fn write_article(
        &self,
        id: i64,
        by: &User,
        change: Option<Change>,
    ) -> StoreResult<ArticleWrite> {
        let mut tx = self.begin().await?;
        let locked = Self::lock_article(&mut tx, id).await?;
        if let Some(change) = change {
            workflow::check_change(locked.stage, Roles::of(&by.roles), change)?;
        }
        Ok(ArticleWrite {
            tx,
            id,
            locked,
            recorded: 0,
            told: Vec::new(),
            public_url: self.public_url.clone(),
        })
    }

    /// Appends an event to an article's chain after `trail`, inside the
    /// caller's transaction, and moves `trail` on to it. (The database moves
    /// the article's stored head in the same transaction: migration 0004.)
    /// The fact's kind and canonical payload come from the core. Answers
    /// the event's time.
    async fn append_event(
        tx: &mut AnyConnection,
        trail: &mut TrailHead,
        article_id: i64,
        actor: Option<&User>,
        stage: Stage,
        fact: &Fact,
    ) -> StoreResult<String> {
        let (seq, prev_hash) = (trail.seq + 1, trail.hash.clone());
        let at = now();
        let actor_name = match actor {
            Some(user) => Actor::User(user.id),
            None => Actor::System,
        }
        .encode();
        let (action, payload) = (fact.kind(), fact.payload());
        let hash = trail::event_hash(&prev_hash, seq, &at, &actor_name, action, &payload);
        sqlx::query(
            "INSERT INTO events (article_id, seq, at, actor, actor_user, stage, action, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(article_id)
        .bind(seq)
        .bind(&at)
        .bind(actor_name)
        .bind(actor.map(|u| u.id))
        .bind(stage.name())
        .bind(action)
        .bind(payload)
        .bind(prev_hash)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        // Its leaf in the newsroom's log, in the same transaction.
        SqlStore::append_leaf(tx, article_id, seq, &hash).await?;
        *trail = TrailHead { seq, hash };
        Ok(at)
    }
}
