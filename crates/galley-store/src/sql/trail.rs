//! Each article's trail as stored: its events, their replay, and the
//! columns and head the database keeps beside them.

use galley_core::audit::{self, StoredTrail};
use galley_core::replay::Replay;
use galley_core::trail::Event;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{SqlStore, stage_of};
use crate::{ArticleWithTrail, StoreError, StoreResult, Trail};

impl SqlStore {
    /// The replay of an article's trail (its chain verified first).
    pub(super) async fn replay_of(
        conn: &mut AnyConnection,
        article_id: i64,
    ) -> StoreResult<Replay> {
        let events = Self::load_events(conn, article_id).await?;
        audit::replay_chain(&events).map_err(|m| {
            StoreError::Internal(format!(
                "the trail of article {article_id} does not replay: {m}"
            ))
        })
    }

    /// An article's events, in order.
    async fn load_events(conn: &mut AnyConnection, article_id: i64) -> StoreResult<Vec<Event>> {
        sqlx::query(
            "SELECT seq, at, actor, action, payload, prev_hash, hash FROM events WHERE article_id = $1 ORDER BY seq",
        )
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(event_of)
        .collect()
    }
}

#[async_trait::async_trait]
impl Trail for SqlStore {
    async fn replay(&self, article_id: i64) -> StoreResult<Replay> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::replay_of(&mut conn, article_id).await
    }

    async fn events(&self, article_id: i64) -> StoreResult<Vec<Event>> {
        let mut conn = self.pool.acquire().await?;
        Self::load_events(&mut conn, article_id).await
    }

    async fn stored_trail(&self, article_id: i64) -> StoreResult<StoredTrail> {
        Ok(self.read_consistently(article_id, false).await?.stored)
    }

    async fn article_with_trail(&self, article_id: i64) -> StoreResult<ArticleWithTrail> {
        self.read_consistently(article_id, true).await
    }
}

impl SqlStore {
    /// The article and its trail, read as one state (with the glossary its
    /// findings read, or without for a verifier, which reads no finding).
    async fn read_consistently(
        &self,
        article_id: i64,
        with_glossary: bool,
    ) -> StoreResult<ArticleWithTrail> {
        let mut conn = self.pool.acquire().await?;
        // Several reads: if a write lands between them they would not
        // agree, and a verifier would cry tampering. Every write moves the
        // article's version, so a read that starts and ends at one version
        // saw one state; a busy article is read again.
        for _ in 0..5 {
            let before = Self::version_of(&mut conn, article_id).await?;
            let read = Self::read_with_trail(&mut conn, article_id, with_glossary).await?;
            if Self::version_of(&mut conn, article_id).await? == before {
                return Ok(read);
            }
        }
        Err(StoreError::Unavailable(format!(
            "article {article_id} changed on every one of five reads; try again"
        )))
    }
}

impl SqlStore {
    /// The article, its trail and everything stored beside it, read on
    /// one connection.
    async fn read_with_trail(
        conn: &mut AnyConnection,
        article_id: i64,
        with_glossary: bool,
    ) -> StoreResult<ArticleWithTrail> {
        let article =
            sqlx::query("SELECT stage, trail_seq, trail_hash FROM articles WHERE id = $1")
                .bind(article_id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("article {article_id}")))?;
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, payload, prev_hash, hash, stage, actor_user FROM events \
             WHERE article_id = $1 ORDER BY seq",
        )
        .bind(article_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut events = Vec::with_capacity(rows.len());
        let mut columns = Vec::with_capacity(rows.len());
        for row in &rows {
            events.push(event_of(row)?);
            columns.push((row.try_get("stage")?, row.try_get("actor_user")?));
        }
        let shown = if with_glossary {
            Self::load_checked_article(conn, article_id).await?
        } else {
            Self::load_article(conn, article_id).await?
        };
        let revisions = Self::load_revisions(conn, article_id, true).await?;
        let overrides = Self::load_overrides(conn, article_id).await?;
        let stored = StoredTrail {
            events,
            columns,
            head: (
                article.try_get("trail_seq")?,
                article.try_get("trail_hash")?,
            ),
            stage: stage_of(article.try_get("stage")?)?,
            article: shown.claimed(Some(&revisions), &overrides),
        };
        Ok(ArticleWithTrail {
            article: shown,
            revisions,
            overrides,
            stored,
        })
    }
}

pub(super) fn event_of(r: &AnyRow) -> StoreResult<Event> {
    Ok(Event {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        payload: r.try_get("payload")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}
