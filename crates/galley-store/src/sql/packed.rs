//! Runs of articles read packed: each article's events, log leaves,
//! Korean, rows and revisions as one JSON value an article, for `trail
//! verify --all`.
//!
//! Through sqlx's `Any` driver every row read costs a copy of each value
//! and a hand-off between threads, and that, not hashing, is most of what
//! verifying every article costs (docs/performance.md). Packing them
//! into one value a table an article cuts the rows read from about 110 an
//! article to 5. The aggregate is the one place the dialects differ here
//! (`json_group_array` on SQLite, `json_agg` on PostgreSQL); the values
//! unpack into the same types the row-by-row loaders build, which
//! `store.rs::every_article_read_in_runs_is_each_article_read_alone`
//! compares.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use sqlx::{AnyConnection, Row as _};

use super::runs::Ids;
use super::{SqlStore, from_hex, stage_of};
use crate::{
    AiTool, ArticleId, Author, LogLeaf, Revision, Row, RowId, StoreError, StoreResult, UserId,
};
use galley_core::align::LinkFlag;
use galley_core::trail::Event;

/// `SELECT article_id, <the columns packed as one JSON array an article>
/// FROM <from> WHERE <article> in the run GROUP BY article_id`, in the
/// connection's dialect.
fn packed_query(conn: &AnyConnection, columns: &str, from: &str, article: &str) -> String {
    let packed = if conn.backend_name() == "PostgreSQL" {
        format!("json_agg(json_build_array({columns}))::text")
    } else {
        format!("json_group_array(json_array({columns}))")
    };
    format!(
        "SELECT {article} AS article_id, {packed} AS packed FROM {from} \
         WHERE {article} > $1 AND {article} <= $2 GROUP BY {article}"
    )
}

/// Reads one packed value an article and unpacks each into its items.
async fn unpack<T: DeserializeOwned>(
    conn: &mut AnyConnection,
    ids: Ids,
    sql: &str,
) -> StoreResult<HashMap<ArticleId, Vec<T>>> {
    let rows = sqlx::query(sql)
        .bind(ids.after)
        .bind(ids.upto)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in &rows {
        let article: ArticleId = row.try_get("article_id")?;
        let packed: String = row.try_get("packed")?;
        let items = serde_json::from_str(&packed).map_err(|e| {
            StoreError::Internal(format!("article {article}'s packed rows do not read: {e}"))
        })?;
        out.insert(article, items);
    }
    Ok(out)
}

/// A row as packed (and as read row by row): id, position, Korean start and end, confidence,
/// flags, current revision, reviewed revision, source change, Korean
/// before, current text.
pub(super) type PackedRow = (
    i64,
    i64,
    i64,
    i64,
    f64,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
);

/// A revision as packed (and as read row by row): row, number, text, author, AI tool and model,
/// stage, time.
pub(super) type PackedRevision = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    String,
);

/// An event as packed: seq, time, actor, action, payload, previous hash,
/// hash, and the stage and actor columns kept beside it.
type PackedEvent = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);

/// A leaf as packed: index, seq, leaf hash, and the hash of the event it
/// names (none when there is no such event).
type PackedLeaf = (i64, i64, String, Option<String>);

impl SqlStore {
    /// The events of a run's articles, in order, each with the stage and
    /// actor columns kept beside it.
    pub(super) async fn events_packed(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<HashMap<ArticleId, Vec<(Event, (String, Option<i64>))>>> {
        let sql = packed_query(
            conn,
            "seq, at, actor, action, payload, prev_hash, hash, stage, actor_user",
            "events",
            "article_id",
        );
        let packed: HashMap<ArticleId, Vec<PackedEvent>> = unpack(conn, ids, &sql).await?;
        Ok(packed
            .into_iter()
            .map(|(article, events)| {
                let mut events: Vec<_> = events
                    .into_iter()
                    .map(
                        |(seq, at, actor, action, payload, prev_hash, hash, stage, user)| {
                            let event = Event {
                                seq,
                                at,
                                actor,
                                action,
                                payload,
                                prev_hash,
                                hash,
                            };
                            (event, (stage, user))
                        },
                    )
                    .collect();
                events.sort_by_key(|(event, _)| event.seq);
                (article, events)
            })
            .collect())
    }

    /// The log leaves filed under a run's articles, by article and seq.
    pub(super) async fn leaves_packed(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<Vec<LogLeaf>> {
        let sql = packed_query(
            conn,
            "l.leaf_index, l.seq, l.hash, e.hash",
            "log_leaves l LEFT JOIN events e ON e.article_id = l.article_id AND e.seq = l.seq",
            "l.article_id",
        );
        let packed: HashMap<ArticleId, Vec<PackedLeaf>> = unpack(conn, ids, &sql).await?;
        let mut leaves = Vec::new();
        for (article_id, run) in packed {
            for (index, seq, hash, event_hash) in run {
                leaves.push(LogLeaf {
                    index: index as u64,
                    article_id,
                    seq,
                    hash: from_hex(&hash)?,
                    event_hash,
                });
            }
        }
        leaves.sort_by_key(|l| (l.article_id, l.seq));
        Ok(leaves)
    }

    /// The Korean paragraphs of a run's articles, in order.
    pub(super) async fn korean_packed(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<HashMap<ArticleId, Vec<String>>> {
        let sql = packed_query(conn, "idx, text", "ko_paragraphs", "article_id");
        let packed: HashMap<ArticleId, Vec<(i64, String)>> = unpack(conn, ids, &sql).await?;
        Ok(packed
            .into_iter()
            .map(|(article, mut paragraphs)| {
                paragraphs.sort_by_key(|p| p.0);
                (article, paragraphs.into_iter().map(|p| p.1).collect())
            })
            .collect())
    }

    /// The active rows of a run's articles, in order, with their current
    /// texts.
    pub(super) async fn rows_packed(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<HashMap<ArticleId, Vec<Row>>> {
        let sql = packed_query(
            conn,
            "s.id, s.position, s.ko_start, s.ko_end, s.confidence, s.flags, s.current_revision, \
             s.reviewed_revision, s.source_change, s.ko_before, r.text",
            "segments s JOIN revisions r ON r.segment_id = s.id AND r.revision = s.current_revision \
             AND s.active = 1",
            "s.article_id",
        );
        let packed: HashMap<ArticleId, Vec<PackedRow>> = unpack(conn, ids, &sql).await?;
        packed
            .into_iter()
            .map(|(article, rows)| {
                let mut rows = rows
                    .into_iter()
                    .map(row_of)
                    .collect::<StoreResult<Vec<_>>>()?;
                rows.sort_by_key(|r| r.position);
                Ok((article, rows))
            })
            .collect()
    }

    /// Every revision of the active rows of a run's articles, by article
    /// and row, oldest first.
    pub(super) async fn revisions_packed(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<HashMap<ArticleId, HashMap<RowId, Vec<Revision>>>> {
        let sql = packed_query(
            conn,
            "r.segment_id, r.revision, r.text, r.author_user, r.ai_tool, r.ai_model, r.stage, \
             r.created_at",
            "revisions r JOIN segments s ON s.id = r.segment_id AND s.active = 1",
            "s.article_id",
        );
        let packed: HashMap<ArticleId, Vec<PackedRevision>> = unpack(conn, ids, &sql).await?;
        let mut out = HashMap::with_capacity(packed.len());
        for (article, revisions) in packed {
            let mut by_row: HashMap<RowId, Vec<Revision>> = HashMap::new();
            for r in revisions {
                let revision = revision_of(r)?;
                by_row.entry(revision.row_id).or_default().push(revision);
            }
            for revisions in by_row.values_mut() {
                revisions.sort_by_key(|r| r.revision);
            }
            out.insert(article, by_row);
        }
        Ok(out)
    }
}

/// A row from its columns.
pub(super) fn row_of(
    (id, position, ko_start, ko_end, confidence, flags, revision, reviewed, source, before, text): PackedRow,
) -> StoreResult<Row> {
    let source_change =
        match source {
            None => None,
            Some(name) => Some(galley_core::source::Carry::parse(&name).ok_or_else(|| {
                StoreError::Internal(format!("a row's source change is {name:?}"))
            })?),
        };
    Ok(Row {
        id: RowId(id),
        position,
        ko: ko_start as usize..ko_end as usize,
        text,
        revision,
        reviewed_revision: reviewed,
        confidence,
        flags: flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|name| {
                LinkFlag::parse(name)
                    .ok_or_else(|| StoreError::Internal(format!("a row's flag is {name:?}")))
            })
            .collect::<StoreResult<_>>()?,
        source_change,
        ko_before: before,
    })
}

/// A revision from its columns.
pub(super) fn revision_of(
    (row, revision, text, author, tool, model, stage, at): PackedRevision,
) -> StoreResult<Revision> {
    Ok(Revision {
        row_id: RowId(row),
        revision,
        text,
        author: match author {
            Some(user) => Author::User(UserId(user)),
            None => Author::Ai(AiTool {
                tool: tool.unwrap_or_default(),
                model: model.unwrap_or_default(),
            }),
        },
        stage: stage_of(&stage)?,
        created_at: crate::time::read(&at)?,
    })
}
