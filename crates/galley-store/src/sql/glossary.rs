//! The newsroom's glossary: entries with their forms as JSON
//! arrays, and every change in `glossary_changes`, a hash chain like an
//! article's trail (migration 0015).

use galley_core::events::Actor;
use std::sync::Arc;

use galley_core::glossary::{
    EditedRow, Entry, Glossary, TermChange, TermKind, change_payload, forms_from_json,
    forms_to_json,
};
use galley_core::trail::{self, Event};
use sqlx::{AnyConnection, Row};

use super::SqlStore;
use crate::Missing;
use crate::time::TimeColumns;
use crate::time::{now, stored};
use crate::{GlossaryEntry, GlossarySearch, NewTerm, StoreError, StoreResult, User};

const COLUMNS: &str = "id, korean, english, forbidden, kind, note, added_by, added_at, retired_at";

fn forms(row: &sqlx::any::AnyRow, column: &str) -> StoreResult<Vec<String>> {
    let text: String = row.try_get(column)?;
    forms_from_json(&text)
        .ok_or_else(|| StoreError::Internal(format!("glossary {column} {text:?} is not a list")))
}

fn entry_of(row: &sqlx::any::AnyRow) -> StoreResult<GlossaryEntry> {
    let kind: String = row.try_get("kind")?;
    Ok(GlossaryEntry {
        entry: Entry {
            id: row.try_get("id")?,
            korean: forms(row, "korean")?,
            english: forms(row, "english")?,
            forbidden: forms(row, "forbidden")?,
            kind: TermKind::parse(&kind)
                .ok_or_else(|| StoreError::Internal(format!("glossary kind {kind:?}")))?,
        },
        note: row.try_get("note")?,
        added_by: row.try_get("added_by")?,
        added_at: row.time("added_at")?,
        retired_at: row.time_or_none("retired_at")?,
    })
}

fn json(forms: &[String]) -> String {
    forms_to_json(forms)
}

impl SqlStore {
    /// Appends a change to the glossary's chain, in the caller's
    /// transaction (on PostgreSQL after locking the chain, so that two
    /// servers never take the same place).
    async fn append_change(
        tx: &mut AnyConnection,
        by: &User,
        change: TermChange,
        entry: &GlossaryEntry,
    ) -> StoreResult<()> {
        if tx.backend_name() == "PostgreSQL" {
            sqlx::query("LOCK TABLE glossary_changes IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        let last = sqlx::query("SELECT seq, hash FROM glossary_changes ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
        let (seq, prev_hash) = match last {
            Some(row) => (row.try_get::<i64, _>("seq")? + 1, row.try_get("hash")?),
            None => (1, trail::GENESIS.to_string()),
        };
        // The glossary's trail keeps the instant as the text it hashes.
        let at = stored(now());
        let actor = Actor::User(by.id.0).encode();
        let payload = change_payload(&entry.entry, &entry.note, entry.retired_at.is_some());
        let hash = trail::event_hash(&prev_hash, seq, &at, &actor, change.name(), &payload);
        sqlx::query(
            "INSERT INTO glossary_changes (seq, at, actor, action, entry_id, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(at)
        .bind(actor)
        .bind(change.name())
        .bind(entry.entry.id)
        .bind(payload)
        .bind(prev_hash)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    async fn live_term(tx: &mut AnyConnection, id: i64) -> StoreResult<GlossaryEntry> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM glossary_entries WHERE id = $1 AND retired_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Missing::GlossaryEntry(id)))?;
        entry_of(&row)
    }
}

/// How many keys one statement files (two parameters each, well inside
/// both databases' limits).
const KEYS_PER_STATEMENT: usize = 200;

impl SqlStore {
    /// Files entries under their keys, in the transaction of their change:
    /// a live entry's keys replace those it had (`refile`; a new entry has
    /// none), a retired one has none. Many rows a statement: an import of
    /// 20,000 entries files them in a few hundred.
    async fn file_keys(
        tx: &mut AnyConnection,
        entries: &[&GlossaryEntry],
        refile: bool,
    ) -> StoreResult<()> {
        if refile {
            for entry in entries {
                sqlx::query("DELETE FROM glossary_keys WHERE entry_id = $1")
                    .bind(entry.entry.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let keys: Vec<(String, i64)> = entries
            .iter()
            .filter(|e| e.retired_at.is_none())
            .flat_map(|e| e.entry.keys().into_iter().map(|k| (k, e.entry.id)))
            .collect();
        for chunk in keys.chunks(KEYS_PER_STATEMENT) {
            let values: Vec<String> = (0..chunk.len())
                .map(|n| format!("(${}, ${})", 2 * n + 1, 2 * n + 2))
                .collect();
            let sql = format!(
                "INSERT INTO glossary_keys (key, entry_id) VALUES {}",
                values.join(", ")
            );
            let mut insert = sqlx::query(&sql);
            for (key, id) in chunk {
                insert = insert.bind(key).bind(*id);
            }
            insert.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// Files every live entry that has no keys: all of them on the first
    /// start after migration 0019, none after (every live entry has a
    /// Korean form, so a key). A page at a time.
    pub(super) async fn backfill_glossary_keys(&self) -> StoreResult<()> {
        loop {
            let mut tx = self.begin().await?;
            let page = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM glossary_entries e WHERE retired_at IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM glossary_keys k WHERE k.entry_id = e.id) \
                 ORDER BY id LIMIT 500"
            ))
            .fetch_all(&mut *tx)
            .await?;
            if page.is_empty() {
                return Ok(());
            }
            let entries = page.iter().map(entry_of).collect::<StoreResult<Vec<_>>>()?;
            Self::file_keys(&mut tx, &entries.iter().collect::<Vec<_>>(), false).await?;
            tx.commit().await?;
        }
    }

    /// The live entries the QA check could use on these rows (Korean,
    /// current English), searchable, and how many changes the glossary
    /// has had: read with an article, so that its QA check reads the
    /// glossary too. What it reads and holds is the rows' entries, not
    /// the glossary's.
    pub(super) async fn glossary_for_checks(
        conn: &mut AnyConnection,
        keys: std::collections::BTreeSet<String>,
    ) -> StoreResult<(i64, Arc<Glossary>)> {
        let head = sqlx::query("SELECT seq FROM glossary_changes ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
        let Some(head) = head else {
            return Ok((0, Arc::default()));
        };
        let seq: i64 = head.try_get("seq")?;
        // The keys go as one JSON array, which each database reads as a
        // table: one statement, one index probe a key.
        let keys = serde_json::Value::from(keys.into_iter().collect::<Vec<_>>()).to_string();
        let listed = if conn.backend_name() == "PostgreSQL" {
            "SELECT jsonb_array_elements_text($1::jsonb)"
        } else {
            "SELECT value FROM json_each($1)"
        };
        let entries = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM glossary_entries WHERE retired_at IS NULL AND id IN \
             (SELECT entry_id FROM glossary_keys WHERE key IN ({listed})) ORDER BY id"
        ))
        .bind(keys)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| entry_of(row).map(|e| e.entry))
        .collect::<StoreResult<Vec<_>>>()?;
        Ok((seq, Arc::new(Glossary::new(entries))))
    }

    /// [`Self::glossary_for_checks`] for the rows of these articles.
    pub(super) async fn glossary_for_articles(
        conn: &mut AnyConnection,
        articles: &[crate::Article],
    ) -> StoreResult<(i64, Arc<Glossary>)> {
        let korean: Vec<Vec<String>> = articles
            .iter()
            .map(|a| a.rows.iter().map(|r| a.korean_of(r)).collect())
            .collect();
        let keys = galley_core::qa::lookup_keys(articles.iter().zip(&korean).flat_map(
            |(article, korean)| {
                korean
                    .iter()
                    .map(String::as_str)
                    .zip(article.rows.iter().map(|r| r.text.as_str()))
            },
        ));
        Self::glossary_for_checks(conn, keys).await
    }
}

#[async_trait::async_trait]
impl crate::Terms for SqlStore {
    async fn glossary_for(&self, rows: &[(&str, &str)]) -> StoreResult<Arc<Glossary>> {
        let mut conn = self.pool.acquire().await?;
        Ok(Self::glossary_for_checks(
            &mut conn,
            galley_core::qa::lookup_keys(rows.iter().copied()),
        )
        .await?
        .1)
    }

    async fn glossary_page(&self, search: &GlossarySearch) -> StoreResult<Vec<GlossaryEntry>> {
        let q = search.q.to_lowercase();
        // The forms are stored as JSON arrays: a form holds `q` where the
        // array's text holds `q` as JSON writes it (a quote or backslash in
        // `q` escaped as it is in the form, so no match spans two forms).
        let quoted = forms_to_json(std::slice::from_ref(&q));
        let in_json = &quoted[2..quoted.len() - 2];
        let like = |text: &str| {
            let mut pattern = String::from("%");
            for c in text.chars() {
                if matches!(c, '!' | '%' | '_') {
                    pattern.push('!');
                }
                pattern.push(c);
            }
            pattern.push('%');
            pattern
        };
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM glossary_entries \
             WHERE id > $1 AND ($2 = 1 OR retired_at IS NULL) \
             AND ($3 = '' OR LOWER(korean) LIKE $4 ESCAPE '!' OR LOWER(english) LIKE $4 ESCAPE '!' \
                  OR LOWER(forbidden) LIKE $4 ESCAPE '!' OR LOWER(note) LIKE $5 ESCAPE '!') \
             ORDER BY id LIMIT $6"
        ))
        .bind(search.after)
        .bind(i32::from(search.retired))
        .bind(&q)
        .bind(like(in_json))
        .bind(like(&q))
        .bind(i64::from(search.limit))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(entry_of)
        .collect()
    }

    async fn add_terms(&self, by: &User, terms: &[NewTerm]) -> StoreResult<Vec<GlossaryEntry>> {
        let mut tx = self.begin().await?;
        let mut added = Vec::with_capacity(terms.len());
        for term in terms {
            let row = sqlx::query(&format!(
                "INSERT INTO glossary_entries (korean, english, forbidden, kind, note, added_by, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
            ))
            .bind(json(&term.korean))
            .bind(json(&term.english))
            .bind(json(&term.forbidden))
            .bind(term.kind.name())
            .bind(&term.note)
            .bind(by.id)
            .bind(stored(now()))
            .fetch_one(&mut *tx)
            .await?;
            let entry = entry_of(&row)?;
            Self::append_change(&mut tx, by, TermChange::Added, &entry).await?;
            added.push(entry);
        }
        Self::file_keys(&mut tx, &added.iter().collect::<Vec<_>>(), false).await?;
        tx.commit().await?;
        Ok(added)
    }

    async fn edit_term(&self, by: &User, id: i64, term: &NewTerm) -> StoreResult<GlossaryEntry> {
        let mut tx = self.begin().await?;
        Self::live_term(&mut tx, id).await?;
        let row = sqlx::query(&format!(
            "UPDATE glossary_entries SET korean = $1, english = $2, forbidden = $3, kind = $4, note = $5 \
             WHERE id = $6 RETURNING {COLUMNS}"
        ))
        .bind(json(&term.korean))
        .bind(json(&term.english))
        .bind(json(&term.forbidden))
        .bind(term.kind.name())
        .bind(&term.note)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let entry = entry_of(&row)?;
        Self::append_change(&mut tx, by, TermChange::Edited, &entry).await?;
        Self::file_keys(&mut tx, &[&entry], true).await?;
        tx.commit().await?;
        Ok(entry)
    }

    async fn retire_term(&self, by: &User, id: i64) -> StoreResult<GlossaryEntry> {
        let mut tx = self.begin().await?;
        Self::live_term(&mut tx, id).await?;
        let row = sqlx::query(&format!(
            "UPDATE glossary_entries SET retired_at = $1 WHERE id = $2 RETURNING {COLUMNS}"
        ))
        .bind(stored(now()))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let entry = entry_of(&row)?;
        Self::append_change(&mut tx, by, TermChange::Retired, &entry).await?;
        Self::file_keys(&mut tx, &[&entry], true).await?;
        tx.commit().await?;
        Ok(entry)
    }

    async fn glossary_changes(&self) -> StoreResult<Vec<Event>> {
        sqlx::query(
            "SELECT seq, at, actor, action, payload, prev_hash, hash FROM glossary_changes ORDER BY seq",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(super::trail::event_of)
        .collect()
    }

    async fn signed_off_rows(&self, articles: usize) -> StoreResult<Vec<EditedRow>> {
        let mut conn = self.pool.acquire().await?;
        let ids: Vec<i64> = sqlx::query(
            "SELECT id FROM articles WHERE stage = 'signed_off' ORDER BY id DESC LIMIT $1",
        )
        .bind(articles as i64)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
        let mut rows = Vec::new();
        for id in ids {
            let korean: Vec<String> =
                sqlx::query("SELECT text FROM ko_paragraphs WHERE article_id = $1 ORDER BY idx")
                    .bind(id)
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(|r| r.try_get("text"))
                    .collect::<Result<_, _>>()?;
            let segments = sqlx::query(
                "SELECT s.ko_start, s.ko_end, ai.text AS ai, now.text AS signed_off FROM segments s \
                 JOIN revisions ai ON ai.segment_id = s.id AND ai.revision = 0 \
                 JOIN revisions now ON now.segment_id = s.id AND now.revision = s.current_revision \
                 WHERE s.article_id = $1 AND s.active = 1 ORDER BY s.position",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            for segment in segments {
                let (start, end): (i64, i64) =
                    (segment.try_get("ko_start")?, segment.try_get("ko_end")?);
                let ko = korean
                    .get(start as usize..end as usize)
                    .map(|p| p.join("\n\n"))
                    .unwrap_or_default();
                rows.push(EditedRow {
                    article: id,
                    korean: ko,
                    ai: segment.try_get("ai")?,
                    signed_off: segment.try_get("signed_off")?,
                });
            }
        }
        Ok(rows)
    }

    async fn reject_proposal(&self, by: &User, korean: &str, english: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO glossary_rejections (korean, english, rejected_by, rejected_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (korean, english) DO NOTHING",
        )
        .bind(korean)
        .bind(english)
        .bind(by.id)
        .bind(stored(now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn proposals_version(&self, articles: usize) -> StoreResult<String> {
        let mut conn = self.pool.acquire().await?;
        let counts = sqlx::query(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM glossary_changes) AS glossary, \
             (SELECT COUNT(*) FROM glossary_rejections) AS rejected",
        )
        .fetch_one(&mut *conn)
        .await?;
        let (glossary, rejected): (i64, i64) =
            (counts.try_get("glossary")?, counts.try_get("rejected")?);
        let mut version = format!("glossary {glossary}, rejected {rejected}, signed off");
        for row in sqlx::query(
            "SELECT id, version FROM articles WHERE stage = 'signed_off' ORDER BY id DESC LIMIT $1",
        )
        .bind(articles as i64)
        .fetch_all(&mut *conn)
        .await?
        {
            let (id, at): (i64, i64) = (row.try_get("id")?, row.try_get("version")?);
            version.push_str(&format!(" {id}@{at}"));
        }
        Ok(version)
    }

    async fn rejected_proposals(&self) -> StoreResult<Vec<(String, String)>> {
        sqlx::query("SELECT korean, english FROM glossary_rejections ORDER BY korean, english")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("korean")?, r.try_get("english")?)))
            .collect()
    }
}
