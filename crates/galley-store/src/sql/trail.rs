//! Each article's trail as stored: its events, their replay, and the
//! columns and head the database keeps beside them.

use galley_core::audit::{self, StoredTrail};
use galley_core::replay::Replay;
use galley_core::trail::Event;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::runs::{Ids, by_article};
use super::{SqlStore, stage_of};
use crate::Missing;
use crate::{ArticleId, ArticleWithTrail, StoreError, StoreResult, Trail};

impl SqlStore {
    /// The replay of an article's trail (its chain verified first).
    pub(super) async fn replay_of(
        conn: &mut AnyConnection,
        article_id: ArticleId,
    ) -> StoreResult<Replay> {
        let events = Self::load_events(conn, article_id).await?;
        audit::replay_chain(&events).map_err(|m| {
            StoreError::Internal(format!(
                "the trail of article {article_id} does not replay: {m}"
            ))
        })
    }

    /// An article's events, in order.
    pub(super) async fn load_events(
        conn: &mut AnyConnection,
        article_id: ArticleId,
    ) -> StoreResult<Vec<Event>> {
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
    async fn replay(&self, article_id: ArticleId) -> StoreResult<Replay> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::replay_of(&mut conn, article_id).await
    }

    async fn events(&self, article_id: ArticleId) -> StoreResult<Vec<Event>> {
        let mut conn = self.pool.acquire().await?;
        Self::load_events(&mut conn, article_id).await
    }

    async fn stored_trail(&self, article_id: ArticleId) -> StoreResult<StoredTrail> {
        Ok(self.read_consistently(article_id, false).await?.stored)
    }

    async fn article_with_trail(&self, article_id: ArticleId) -> StoreResult<ArticleWithTrail> {
        self.read_consistently(article_id, true).await
    }

    async fn run_end(&self, after: i64, limit: usize) -> StoreResult<Option<i64>> {
        let mut conn = self.pool.acquire().await?;
        Ok(sqlx::query(
            "SELECT MAX(id) AS upto FROM (SELECT id FROM articles WHERE id > $1 ORDER BY id LIMIT $2) run",
        )
        .bind(after)
        .bind(limit as i64)
        .fetch_one(&mut *conn)
        .await?
        .try_get("upto")?)
    }

    async fn stored_trails(&self, after: i64, upto: i64) -> StoreResult<Vec<StoredTrail>> {
        let mut conn = self.pool.acquire().await?;
        let ids = Ids { after, upto };
        let read = Self::read_trails(&mut conn, ids, false, true).await?;
        // An article a write moved while the run was read is read again
        // alone, as one state.
        let now = Self::versions_of(&mut conn, ids).await?;
        drop(conn);
        let mut out = Vec::with_capacity(read.len());
        for (version, article) in read {
            let id = article.article.id;
            out.push(if now.get(&id) == Some(&version) {
                article.stored
            } else {
                self.read_consistently(id, false).await?.stored
            });
        }
        Ok(out)
    }
}

impl SqlStore {
    /// The article and its trail, read as one state (with the glossary its
    /// findings read, or without for a verifier, which reads no finding).
    async fn read_consistently(
        &self,
        article_id: ArticleId,
        with_glossary: bool,
    ) -> StoreResult<ArticleWithTrail> {
        let mut conn = self.pool.acquire().await?;
        // Several reads: if a write lands between them they would not
        // agree, and a verifier would cry tampering. Every write moves the
        // article's version, so a read that ends at the version it was
        // read at saw one state; a busy article is read again.
        for _ in 0..5 {
            let read = Self::read_trails(&mut conn, Ids::one(article_id), with_glossary, false)
                .await?
                .pop()
                .ok_or(StoreError::NotFound(Missing::Article(article_id)))?;
            if Self::version_of(&mut conn, article_id).await? == read.0 {
                return Ok(read.1);
            }
        }
        Err(StoreError::Unavailable(format!(
            "article {article_id} changed on every one of five reads; try again"
        )))
    }
}

impl SqlStore {
    /// The articles of a run of ids (in id order), each with its trail and
    /// everything stored beside it, read on one connection with one query
    /// a table, and the version each was read at.
    /// With `packed`, the Korean, rows and revisions are read one value an
    /// article (see [`super::packed`]), for going through every article.
    async fn read_trails(
        conn: &mut AnyConnection,
        ids: Ids,
        with_glossary: bool,
        packed: bool,
    ) -> StoreResult<Vec<(i64, ArticleWithTrail)>> {
        let heads = sqlx::query(
            "SELECT id, stage, version, trail_seq, trail_hash FROM articles \
             WHERE id > $1 AND id <= $2 ORDER BY id",
        )
        .bind(ids.after)
        .bind(ids.upto)
        .fetch_all(&mut *conn)
        .await?;
        let mut events = if packed {
            Self::events_packed(conn, ids).await?
        } else {
            by_article(
            &sqlx::query(
                "SELECT article_id, seq, at, actor, action, payload, prev_hash, hash, stage, actor_user \
                 FROM events WHERE article_id > $1 AND article_id <= $2 ORDER BY article_id, seq",
            )
            .bind(ids.after)
            .bind(ids.upto)
            .fetch_all(&mut *conn)
            .await?,
            |row| Ok((event_of(row)?, (row.try_get("stage")?, row.try_get("actor_user")?))),
        )?
        };
        let mut shown = Self::load_articles_read(conn, ids, packed).await?;
        if with_glossary {
            let (version, glossary) = Self::glossary_for_articles(conn, &shown).await?;
            for article in &mut shown {
                (article.glossary_version, article.glossary) = (version, glossary.clone());
            }
        }
        let shown = shown.into_iter();
        let mut revisions = if packed {
            Self::revisions_packed(conn, ids).await?
        } else {
            Self::load_revisions_of(conn, ids, true).await?
        };
        let mut overrides = Self::load_overrides_of(conn, ids).await?;
        let mut out = Vec::with_capacity(heads.len());
        for (head, article) in heads.iter().zip(shown) {
            let id: ArticleId = head.try_get("id")?;
            if id != article.id {
                // An article made or removed between the two reads.
                return Err(StoreError::Unavailable(format!(
                    "the articles after {} changed while they were read; try again",
                    ids.after
                )));
            }
            let (events, columns) = events.remove(&id).unwrap_or_default().into_iter().unzip();
            let revisions = revisions.remove(&id).unwrap_or_default();
            let overrides = overrides.remove(&id).unwrap_or_default();
            let stored = StoredTrail {
                events,
                columns,
                head: (head.try_get("trail_seq")?, head.try_get("trail_hash")?),
                stage: stage_of(head.try_get("stage")?)?,
                article: article.claimed(Some(&revisions), &overrides),
            };
            out.push((
                head.try_get("version")?,
                ArticleWithTrail {
                    article,
                    revisions,
                    overrides,
                    stored,
                },
            ));
        }
        Ok(out)
    }

    /// The articles' versions in a run of ids.
    async fn versions_of(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<std::collections::HashMap<ArticleId, i64>> {
        sqlx::query("SELECT id, version FROM articles WHERE id > $1 AND id <= $2")
            .bind(ids.after)
            .bind(ids.upto)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("version")?)))
            .collect()
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
