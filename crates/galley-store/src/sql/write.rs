//! The one shape of a write to an article: lock it, ask the core, apply the
//! change, append its typed events, commit, all in one transaction.

use galley_core::audit;
use galley_core::events::{Actor, Fact, Recorded};
use galley_core::notify;
use galley_core::replay::{ArticleState, Replay};
use galley_core::state::Changes;
use galley_core::trail;
use galley_core::workflow::{Change, Roles, Stage};
use sqlx::{AnyConnection, Row};

use super::SqlStore;
use crate::Missing;
use crate::states::Held;
use crate::time::{now, stored};
use crate::writer::WriteTx;
use crate::{AiTool, ArticleId, StoreError, StoreResult, User};

/// An article locked for a write (see [`SqlStore::lock_article`]).
pub(super) struct Locked {
    pub(super) ai: AiTool,
    /// The version before this write.
    pub(super) version: i64,
    trail: TrailHead,
}

/// One write to an article, the only way one is made: the article locked
/// (and its version bumped), its state (the trail replayed, as it stands
/// under the lock) asked for the core's judgement, the change applied by
/// the caller, and each of its facts appended to the trail in the same
/// transaction and applied to the state: a fact the state refuses refuses
/// the write. A write that recorded no event does not commit, so no change
/// can skip its event.
pub(super) struct ArticleWrite {
    tx: WriteTx,
    pub(super) id: ArticleId,
    pub(super) locked: Locked,
    /// The article's state, moved on by each fact recorded.
    state: Held,
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
    pub(super) fn created(store: &SqlStore, tx: WriteTx, id: i64, ai: AiTool) -> ArticleWrite {
        ArticleWrite {
            tx,
            id: ArticleId(id),
            locked: Locked {
                ai,
                version: 1,
                trail: TrailHead::genesis(),
            },
            state: Held::new(
                store.states.clone(),
                id,
                trail::GENESIS.to_string(),
                ArticleState::default(),
            ),
            recorded: 0,
            told: Vec::new(),
            public_url: store.public_url.clone(),
        }
    }

    /// The stage the article's trail leaves it in.
    pub(super) fn stage(&self) -> Stage {
        self.state.get().stage()
    }

    /// Whether the article's first row is its headline (its English the
    /// title).
    pub(super) fn has_headline(&self) -> bool {
        self.state.get().replay().headline.is_some()
    }

    /// Whether the write has recorded nothing (so there is nothing to commit).
    pub(super) fn is_empty(&self) -> bool {
        self.recorded == 0
    }

    /// The transaction's connection.
    pub(super) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Appends a fact done by `by` (the system if `None`) in `stage`, and
    /// moves the state on by it.
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
        let event = Recorded {
            seq: self.locked.trail.seq,
            at: at.clone(),
            actor: by.map_or(Actor::System, |u| Actor::User(u.id.0)),
            fact: fact.clone(),
        };
        let changes = self.state.moving().apply_changes(&event).map_err(|e| {
            StoreError::Internal(format!(
                "a write to article {} made an event its trail does not follow with: {e}",
                self.id
            ))
        })?;
        SqlStore::project(&mut self.tx, self.id, &changes).await?;
        self.recorded += 1;
        if notify::webhook_event(fact).is_some() {
            self.told.push(Told {
                actor: by.map(|u| u.id.0),
                fact: event.fact,
                seq: event.seq,
                at,
            });
        }
        Ok(())
    }

    /// Asks the state whether `by` may make `change` to row `row` now (a
    /// row the article's trail does not have is not found).
    pub(super) fn may_change_row(&self, by: &User, change: Change, row: i64) -> StoreResult<()> {
        self.has_row(row)?;
        Ok(self
            .state
            .get()
            .replay()
            .may_change_row(Roles::of(&by.roles), change, row)?)
    }

    /// Asks the state whether `by` may merge `rows` or split one.
    pub(super) fn may_realign(&self, by: &User, rows: &[i64]) -> StoreResult<()> {
        for &row in rows {
            self.has_row(row)?;
        }
        Ok(self
            .state
            .get()
            .replay()
            .may_realign(Roles::of(&by.roles), rows)?)
    }

    /// What a new version of the Korean did to row `row`, while it waits
    /// for a bilingual reviewer.
    pub(super) fn source_of(&self, row: i64) -> Option<galley_core::source::Carry> {
        self.replay().active_row(row).ok().and_then(|r| r.source)
    }

    fn has_row(&self, row: i64) -> StoreResult<()> {
        match self.state.get().replay().active_row(row) {
            Ok(_) => Ok(()),
            Err(_) => Err(StoreError::NotFound(Missing::Row {
                row: crate::RowId(row),
                article: Some(self.id),
            })),
        }
    }

    /// The replay of the article's trail as it stands in this write.
    pub(super) fn replay(&self) -> &Replay {
        self.state.get().replay()
    }

    /// Commits the change and its events, with the notices and webhook
    /// deliveries they make (see [`SqlStore::send_on`]), and keeps the
    /// state for the article's next write.
    pub(super) async fn commit(mut self) -> StoreResult<()> {
        if self.recorded == 0 {
            return Err(StoreError::Internal(format!(
                "a write to article {} recorded no trail event",
                self.id
            )));
        }
        let head = self.locked.trail.hash.clone();
        if !self.told.is_empty() {
            let told = std::mem::take(&mut self.told);
            SqlStore::send_on(
                &mut self.tx,
                self.id,
                &told,
                &head,
                &self.public_url,
                self.state.get().replay(),
            )
            .await?;
        }
        self.state.keep_at(head);
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
    /// are cached by version); returns its AI tool and the head of its
    /// trail. An `UPDATE` takes the row lock on PostgreSQL (and, after
    /// waiting for another writer, returns the row as that writer left it);
    /// SQLite already holds the database lock. A transaction that fails
    /// afterwards rolls the bump back.
    async fn lock_article(tx: &mut AnyConnection, id: i64) -> StoreResult<Locked> {
        let row = sqlx::query(
            "UPDATE articles SET version = version + 1, updated_at = $2 WHERE id = $1 \
             RETURNING version, ai_tool, ai_model, trail_seq, trail_hash",
        )
        .bind(id)
        .bind(stored(now()))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Missing::Article(ArticleId(id))))?;
        Ok(Locked {
            ai: AiTool {
                tool: row.try_get("ai_tool")?,
                model: row.try_get("ai_model")?,
            },
            version: row.try_get::<i64, _>("version")? - 1,
            trail: TrailHead {
                seq: row.try_get("trail_seq")?,
                hash: row.try_get("trail_hash")?,
            },
        })
    }

    /// The article's state at the head of its trail `head`: the one kept
    /// by the last write here if it is at that head, or else its stored
    /// trail replayed (its chain verified).
    async fn state_at(
        &self,
        tx: &mut AnyConnection,
        id: i64,
        head: &TrailHead,
    ) -> StoreResult<ArticleState> {
        if let Some(state) = self.states.take(id, &head.hash) {
            return Ok(state);
        }
        let events = Self::load_events(tx, ArticleId(id)).await?;
        let state = audit::state_of_chain(&events).map_err(|m| {
            StoreError::Internal(format!("the trail of article {id} does not replay: {m}"))
        })?;
        if state.replay().events as i64 != head.seq {
            return Err(StoreError::Internal(format!(
                "article {id}'s head is event {}, but its trail has {} events",
                head.seq,
                state.replay().events
            )));
        }
        Ok(state)
    }

    /// Begins a write to an article: locks it, takes its state and, if
    /// `change` is given, asks the state whether `by` may make it now.
    pub(super) async fn write_article(
        &self,
        id: ArticleId,
        by: &User,
        change: Option<Change>,
    ) -> StoreResult<ArticleWrite> {
        let mut tx = self.begin().await?;
        let locked = Self::lock_article(&mut tx, id.0).await?;
        let state = self.state_at(&mut tx, id.0, &locked.trail).await?;
        if let Some(change) = change {
            state
                .replay()
                .may_by(by.id.0, Roles::of(&by.roles), change)?;
        }
        let state = Held::new(self.states.clone(), id.0, locked.trail.hash.clone(), state);
        Ok(ArticleWrite {
            tx,
            id,
            locked,
            state,
            recorded: 0,
            told: Vec::new(),
            public_url: self.public_url.clone(),
        })
    }

    /// Writes what one fact changed in the article's tables, as the core's
    /// state says ([`ArticleState::apply_changes`]): each moved row's place,
    /// Korean, current revision and marks (the Korean a new version
    /// replaced goes with the mark), and the article's stage, Korean
    /// version and headline. The store decides none of it.
    async fn project(
        tx: &mut AnyConnection,
        article_id: ArticleId,
        changes: &Changes,
    ) -> StoreResult<()> {
        for row in &changes.rows {
            let written = sqlx::query(
                "UPDATE segments SET active = $3, position = COALESCE($4, position), \
                 ko_start = COALESCE($5, ko_start), ko_end = COALESCE($6, ko_end), \
                 current_revision = $7, reviewed_revision = $8, source_change = $9, \
                 ko_before = CASE WHEN $9 IS NULL THEN NULL ELSE ko_before END \
                 WHERE id = $1 AND article_id = $2",
            )
            .bind(row.id)
            .bind(article_id)
            .bind(i64::from(row.active))
            .bind(row.position.map(|p| p as i64))
            .bind(row.ko.map(|ko| ko.0 as i64))
            .bind(row.ko.map(|ko| ko.1 as i64))
            .bind(row.current_revision)
            .bind(row.reviewed_revision)
            .bind(row.source.map(|c| c.name()))
            .execute(&mut *tx)
            .await?;
            if written.rows_affected() != 1 {
                return Err(StoreError::Internal(format!(
                    "row {} of article {article_id}, which its trail has, is not in the table",
                    row.id
                )));
            }
        }
        if let Some(article) = &changes.article {
            // The assignment of the stage it is in now comes with it.
            sqlx::query(
                "UPDATE articles SET stage = $2, source_version = $3, headline = $4, \
                 assignee_id = (SELECT assignee_id FROM assignments WHERE article_id = $1 AND stage = $2), \
                 due_at = (SELECT due_at FROM assignments WHERE article_id = $1 AND stage = $2) \
                 WHERE id = $1",
            )
            .bind(article_id)
            .bind(article.stage.name())
            .bind(article.source_version)
            .bind(i64::from(article.headline))
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }

    /// Appends an event to an article's chain after `trail`, inside the
    /// caller's transaction, and moves `trail` on to it. (The database moves
    /// the article's stored head in the same transaction: migration 0004.)
    /// The fact's kind and canonical payload come from the core. Answers
    /// the event's time.
    async fn append_event(
        tx: &mut AnyConnection,
        trail: &mut TrailHead,
        article_id: ArticleId,
        actor: Option<&User>,
        stage: Stage,
        fact: &Fact,
    ) -> StoreResult<String> {
        let (seq, prev_hash) = (trail.seq + 1, trail.hash.clone());
        // The trail keeps the instant as the text it hashes.
        let at = stored(now());
        let actor_name = match actor {
            Some(user) => Actor::User(user.id.0),
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
