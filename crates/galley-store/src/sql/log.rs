//! The newsroom's Merkle log: every event's hash a leaf, given
//! its index in the event's own transaction, and the perfect subtrees above
//! the leaves written as they complete, so that any root or proof is read
//! in O(log n) rows (the hashing and proofs are `galley_core::merkle`'s).

use std::collections::HashMap;

use galley_core::merkle::{self, Hash, Nodes};
use sqlx::{AnyConnection, Row};

use super::{SqlStore, from_hex};
use crate::Invalid;
use crate::Missing;
use crate::{ArticleId, StoreError, StoreResult};

use merkle::to_hex;

fn leaf_of_row(r: &sqlx::any::AnyRow) -> StoreResult<crate::LogLeaf> {
    Ok(crate::LogLeaf {
        index: r.try_get::<i64, _>("leaf_index")? as u64,
        article_id: r.try_get("article_id")?,
        seq: r.try_get("seq")?,
        hash: from_hex(&r.try_get::<String, _>("hash")?)?,
        event_hash: r.try_get("event_hash")?,
    })
}

/// The leaves' columns, with the hash of the event each names (`NULL` when
/// there is no such event).
const LEAF_COLUMNS: &str = "SELECT l.leaf_index, l.article_id, l.seq, l.hash, e.hash AS event_hash \
     FROM log_leaves l LEFT JOIN events e ON e.article_id = l.article_id AND e.seq = l.seq";

/// The nodes a proof asks for, learned by running it once without them.
#[derive(Default)]
struct Wanted(std::cell::RefCell<Vec<(u32, u64)>>);

impl Nodes for Wanted {
    fn node(&self, level: u32, index: u64) -> Hash {
        self.0.borrow_mut().push((level, index));
        [0; 32]
    }
}

/// Nodes read from the database.
struct Read(HashMap<(u32, u64), Hash>);

impl Nodes for Read {
    fn node(&self, level: u32, index: u64) -> Hash {
        self.0.get(&(level, index)).copied().unwrap_or_default()
    }
}

impl SqlStore {
    /// Appends the leaf of event `seq` of article `article_id` (its hash,
    /// hex) to the log, in the caller's transaction: one INSERT, its index
    /// the largest one plus one (SQLite has one writer at a time; on
    /// PostgreSQL the `log_size` row's lock orders the servers' appends).
    /// The subtrees it completes are written later ([`Self::nodes_up_to`]),
    /// so a save pays for one statement. Answers its leaf index.
    pub(super) async fn append_leaf(
        tx: &mut AnyConnection,
        article_id: ArticleId,
        seq: i64,
        event_hash: &str,
    ) -> StoreResult<u64> {
        if tx.backend_name() == "PostgreSQL" {
            sqlx::query("UPDATE log_size SET size = size + 1 WHERE id = 1")
                .execute(&mut *tx)
                .await?;
        }
        let leaf = merkle::event_leaf(article_id.0, seq, &from_hex(event_hash)?);
        let index: i64 = sqlx::query(
            "INSERT INTO log_leaves (leaf_index, article_id, seq, hash) \
             SELECT COALESCE(MAX(leaf_index) + 1, 0), $1, $2, $3 FROM log_leaves \
             RETURNING leaf_index",
        )
        .bind(article_id)
        .bind(seq)
        .bind(to_hex(&leaf))
        .fetch_one(&mut *tx)
        .await?
        .try_get("leaf_index")?;
        Ok(index as u64)
    }

    /// Writes the perfect subtrees completed by the leaves appended since
    /// the last time, so that the nodes of the tree of `size` leaves can be
    /// read. Cheap when they are (one read); otherwise one transaction,
    /// amortized O(1) writes per leaf.
    async fn nodes_up_to(&self, size: u64) -> StoreResult<()> {
        {
            let mut conn = self.pool.acquire().await?;
            if Self::nodes_done(&mut conn).await? >= size {
                return Ok(());
            }
        }
        let mut tx = self.begin().await?;
        // The row's lock: one writer of nodes at a time, across servers.
        sqlx::query("UPDATE log_nodes_done SET done = done WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let done = Self::nodes_done(&mut tx).await?;
        let size = Self::log_size_of(&mut tx).await?;
        if done >= size {
            return tx.commit().await;
        }
        let mut made: HashMap<(u32, u64), Hash> = HashMap::new();
        let leaves = sqlx::query(
            "SELECT leaf_index, hash FROM log_leaves WHERE leaf_index >= $1 ORDER BY leaf_index",
        )
        .bind(done as i64)
        .fetch_all(&mut *tx)
        .await?;
        let mut rows: Vec<(u32, u64, Hash)> = Vec::new();
        for (leaf, expected) in leaves.iter().zip(done..) {
            let index = leaf.try_get::<i64, _>("leaf_index")? as u64;
            if index != expected {
                return Err(StoreError::Internal(format!(
                    "the log has no leaf {expected} (the next is {index})"
                )));
            }
            let (mut node, mut at, mut level) =
                (from_hex(&leaf.try_get::<String, _>("hash")?)?, index, 0u32);
            made.insert((0, index), node);
            // While this node is a right child, its parent is complete.
            while at & 1 == 1 {
                let left = match made.get(&(level, at - 1)) {
                    Some(left) => *left,
                    None => Self::stored_node(&mut tx, level, at - 1).await?,
                };
                node = merkle::node_hash(&left, &node);
                at >>= 1;
                level += 1;
                made.insert((level, at), node);
                rows.push((level, at, node));
            }
        }
        for chunk in rows.chunks(300) {
            let mut insert = String::from("INSERT INTO log_nodes (level, idx, hash) VALUES ");
            for (i, _) in chunk.iter().enumerate() {
                let n = 3 * i;
                insert.push_str(&format!(
                    "{}(${}, ${}, ${})",
                    if i == 0 { "" } else { ", " },
                    n + 1,
                    n + 2,
                    n + 3
                ));
            }
            let mut query = sqlx::query(&insert);
            for (level, at, hash) in chunk {
                query = query
                    .bind(i64::from(*level))
                    .bind(*at as i64)
                    .bind(to_hex(hash));
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE log_nodes_done SET done = $1 WHERE id = 1")
            .bind(done as i64 + leaves.len() as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    async fn nodes_done(conn: &mut AnyConnection) -> StoreResult<u64> {
        let done: i64 = sqlx::query("SELECT done FROM log_nodes_done WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?
            .try_get("done")?;
        Ok(done as u64)
    }

    async fn stored_node(conn: &mut AnyConnection, level: u32, index: u64) -> StoreResult<Hash> {
        let row = if level == 0 {
            sqlx::query("SELECT hash FROM log_leaves WHERE leaf_index = $1")
                .bind(index as i64)
                .fetch_optional(&mut *conn)
                .await?
        } else {
            sqlx::query("SELECT hash FROM log_nodes WHERE level = $1 AND idx = $2")
                .bind(i64::from(level))
                .bind(index as i64)
                .fetch_optional(&mut *conn)
                .await?
        };
        let row = row.ok_or_else(|| {
            StoreError::Internal(format!("the log has no node {index} at level {level}"))
        })?;
        from_hex(&row.try_get::<String, _>("hash")?)
    }

    /// Runs `proof` against the stored nodes: once to learn which it reads,
    /// then with them read (O(log n) rows).
    pub(super) async fn with_nodes<T>(
        conn: &mut AnyConnection,
        proof: impl Fn(&dyn Nodes) -> T,
    ) -> StoreResult<T> {
        let wanted = Wanted::default();
        proof(&wanted);
        let mut read = HashMap::new();
        for (level, index) in wanted.0.into_inner() {
            if let std::collections::hash_map::Entry::Vacant(slot) = read.entry((level, index)) {
                slot.insert(Self::stored_node(conn, level, index).await?);
            }
        }
        Ok(proof(&Read(read)))
    }

    /// Refuses a tree size (named `field`) beyond the log's.
    async fn within_log(
        conn: &mut AnyConnection,
        field: &'static str,
        size: u64,
    ) -> StoreResult<()> {
        let now = Self::log_size_of(conn).await?;
        if size > now {
            return Err(StoreError::Invalid {
                field: Some(field),
                why: Invalid::BeyondLog {
                    leaves: now,
                    asked: size,
                },
            });
        }
        Ok(())
    }

    /// How many leaves the log has (the largest index plus one: the
    /// primary key's last entry).
    pub(super) async fn log_size_of(conn: &mut AnyConnection) -> StoreResult<u64> {
        let size: i64 =
            sqlx::query("SELECT COALESCE(MAX(leaf_index) + 1, 0) AS size FROM log_leaves")
                .fetch_one(&mut *conn)
                .await?
                .try_get("size")?;
        Ok(size as u64)
    }
}

#[async_trait::async_trait]
impl crate::Log for SqlStore {
    async fn log_head(&self) -> StoreResult<(u64, Hash)> {
        let size = Self::log_size_of(&mut *self.pool.acquire().await?).await?;
        self.nodes_up_to(size).await?;
        let mut conn = self.pool.acquire().await?;
        let root = Self::with_nodes(&mut conn, |nodes| merkle::root(nodes, size)).await?;
        Ok((size, root))
    }

    async fn leaf_of(&self, article_id: ArticleId, seq: i64) -> StoreResult<u64> {
        let mut conn = self.pool.acquire().await?;
        let row =
            sqlx::query("SELECT leaf_index FROM log_leaves WHERE article_id = $1 AND seq = $2")
                .bind(article_id)
                .bind(seq)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or({
                    StoreError::NotFound(Missing::LogEvent {
                        seq,
                        article: article_id,
                    })
                })?;
        Ok(row.try_get::<i64, _>("leaf_index")? as u64)
    }

    async fn inclusion_proof(&self, leaf: u64, size: u64) -> StoreResult<Vec<Hash>> {
        self.nodes_up_to(size).await?;
        let mut conn = self.pool.acquire().await?;
        Self::within_log(&mut conn, "size", size).await?;
        Self::with_nodes(&mut conn, |nodes| {
            merkle::inclusion_proof(nodes, leaf, size)
        })
        .await?
        .map_err(|e| proof_refused("leaf", &e))
    }

    async fn consistency_proof(&self, from: u64, to: u64) -> StoreResult<Vec<Hash>> {
        self.nodes_up_to(to).await?;
        let mut conn = self.pool.acquire().await?;
        Self::within_log(&mut conn, "to", to).await?;
        Self::with_nodes(&mut conn, |nodes| {
            merkle::consistency_proof(nodes, from, to)
        })
        .await?
        .map_err(|e| proof_refused("from", &e))
    }

    async fn leaves(&self, start: u64, end: u64) -> StoreResult<Vec<crate::LogLeaf>> {
        let mut conn = self.pool.acquire().await?;
        Self::within_log(&mut conn, "end", end).await?;
        if start > end || end - start > crate::LOG_LEAVES_PER_READ {
            return Err(StoreError::Invalid {
                field: Some("start"),
                why: Invalid::LeafRange {
                    start,
                    end,
                    most: crate::LOG_LEAVES_PER_READ,
                },
            });
        }
        sqlx::query(&format!(
            "{LEAF_COLUMNS} WHERE l.leaf_index >= $1 AND l.leaf_index < $2 ORDER BY l.leaf_index"
        ))
        .bind(start as i64)
        .bind(end as i64)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(leaf_of_row)
        .collect()
    }

    async fn leaves_of(&self, article_id: ArticleId) -> StoreResult<Vec<crate::LogLeaf>> {
        self.leaves_of_articles(article_id.0.saturating_sub(1), article_id.0)
            .await
    }

    async fn leaves_without_article(&self, limit: u64) -> StoreResult<Vec<crate::LogLeaf>> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query(&format!(
            "{LEAF_COLUMNS} WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = l.article_id) \
             ORDER BY l.leaf_index LIMIT $1"
        ))
        .bind(limit as i64)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(leaf_of_row)
        .collect()
    }

    async fn articles_logged_since(&self, size: u64) -> StoreResult<Vec<ArticleId>> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query(
            "SELECT DISTINCT article_id FROM log_leaves WHERE leaf_index >= $1 ORDER BY article_id",
        )
        .bind(size as i64)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok(row.try_get("article_id")?))
        .collect()
    }

    async fn record_verify_run(
        &self,
        since: Option<u64>,
        log_size: u64,
        articles: u64,
        broken: u64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO verify_runs (at, since, log_size, articles, broken) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(crate::time::stored(crate::time::now()))
        .bind(since.map(|s| s as i64))
        .bind(log_size as i64)
        .bind(articles as i64)
        .bind(broken as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn last_clean_verify_run(&self) -> StoreResult<Option<u64>> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(
            "SELECT log_size FROM verify_runs WHERE broken = 0 ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?;
        Ok(match row {
            Some(row) => Some(row.try_get::<i64, _>("log_size")? as u64),
            None => None,
        })
    }

    async fn leaves_of_articles(&self, after: i64, upto: i64) -> StoreResult<Vec<crate::LogLeaf>> {
        let mut conn = self.pool.acquire().await?;
        Self::leaves_packed(&mut conn, super::runs::Ids { after, upto }).await
    }

    async fn save_checkpoint(&self, size: u64, note: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO log_checkpoints (size, note, signed_at) VALUES ($1, $2, $3) \
             ON CONFLICT (size) DO NOTHING",
        )
        .bind(size as i64)
        .bind(note)
        .bind(crate::time::stored(crate::time::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn latest_checkpoint(&self) -> StoreResult<Option<(u64, String)>> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| Ok((r.try_get::<i64, _>("size")? as u64, r.try_get("note")?)))
            .transpose()
    }

    async fn root_at(&self, size: u64) -> StoreResult<Hash> {
        self.nodes_up_to(size).await?;
        let mut conn = self.pool.acquire().await?;
        Self::within_log(&mut conn, "size", size).await?;
        Self::with_nodes(&mut conn, |nodes| merkle::root(nodes, size)).await
    }
}

impl SqlStore {
    /// Gives every event written before the log existed its leaf, oldest
    /// first (by time, then article and seq), in one transaction.
    pub(super) async fn backfill_log(&self) -> StoreResult<()> {
        // Every start-up asks, on a reading connection: only a log shorter
        // than the trail takes a write (on SQLite that would otherwise hold
        // the writers' connection from the first start-up on).
        {
            let mut conn = self.pool.acquire().await?;
            let events: i64 = sqlx::query("SELECT COUNT(*) AS n FROM events")
                .fetch_one(&mut *conn)
                .await?
                .try_get("n")?;
            if events as u64 == Self::log_size_of(&mut conn).await? {
                return Ok(());
            }
        }
        let mut tx = self.begin().await?;
        let missing: Vec<(i64, i64, String)> = sqlx::query(
            "SELECT e.article_id, e.seq, e.hash FROM events e WHERE NOT EXISTS \
             (SELECT 1 FROM log_leaves l WHERE l.article_id = e.article_id AND l.seq = e.seq) \
             ORDER BY e.at, e.article_id, e.seq",
        )
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("article_id")?,
                r.try_get("seq")?,
                r.try_get("hash")?,
            ))
        })
        .collect::<StoreResult<_>>()?;
        if missing.is_empty() {
            return Ok(());
        }
        for (article, seq, hash) in &missing {
            Self::append_leaf(&mut tx, ArticleId(*article), *seq, hash).await?;
        }
        tx.commit().await
    }
}

/// A proof the log cannot give, naming the request's field to blame.
fn proof_refused(field: &'static str, error: &merkle::ProofError) -> StoreError {
    let why = match *error {
        merkle::ProofError::LeafOutside { leaf, size } => Invalid::LeafOutside { leaf, size },
        merkle::ProofError::CannotExtend { old, new } => {
            Invalid::CannotExtend { from: old, to: new }
        }
        merkle::ProofError::Mismatch => {
            return StoreError::Internal("the log's own proof does not match its root".into());
        }
    };
    StoreError::Invalid {
        field: Some(field),
        why,
    }
}
