//! An article's Korean: new versions of it carried over to the rows, the
//! removals a reviewer confirms, and earlier versions read back.

use galley_core::events::{Fact, RevisedRow};
use galley_core::limits::{self, Kind};
use galley_core::source::{self, Carry, OldRow};
use galley_core::trail::text_digest;
use galley_core::workflow::Change;
use sqlx::Row as _;

use super::SqlStore;
use super::rows::RowToInsert;
use crate::Invalid;
use crate::Missing;
use crate::{Article, ArticleId, NewSource, Row, RowId, Sources, StoreError, StoreResult, User};

#[async_trait::async_trait]
impl Sources for SqlStore {
    async fn revise_source(
        &self,
        by: &User,
        article_id: ArticleId,
        source: NewSource,
    ) -> StoreResult<Article> {
        for paragraph in &source.korean {
            limits::check("source", paragraph, Kind::Korean)?;
        }
        limits::check_article_side("source", &source.korean)?;
        for paragraph in &source.draft {
            limits::check("draft", paragraph, Kind::Row)?;
        }
        limits::check_article_side("draft", &source.draft)?;
        let mut w = self
            .write_article(article_id, by, Some(Change::ReviseSource))
            .await?;
        let (stage, ai) = (w.stage(), w.locked.ai.clone());
        let current = w.replay().source_version;
        let tx = w.conn();
        if source.base_source_version != current {
            return Err(StoreError::StaleSource {
                given: source.base_source_version,
                current,
            });
        }
        let old: Vec<String> =
            sqlx::query("SELECT text FROM ko_paragraphs WHERE article_id = $1 ORDER BY idx")
                .bind(article_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get("text"))
                .collect::<Result<_, _>>()?;
        let stored = Self::load_article(tx, article_id).await?;
        // The new version is of the body: the Korean headline, the headline
        // row's, stays paragraph 0.
        let mut source = source;
        if let Some(korean_headline) = stored.source_title() {
            source.korean.insert(0, korean_headline.to_string());
        }
        if old == source.korean {
            return Err(StoreError::Invalid {
                field: Some("source"),
                why: Invalid::SourceUnchanged { version: current },
            });
        }
        let rows: Vec<Row> = stored.rows;
        let old_rows: Vec<OldRow> = rows
            .iter()
            .map(|r| OldRow {
                id: r.id.0,
                ko: (r.ko.start, r.ko.end),
                removed: r.source_change == Some(Carry::Removed),
            })
            .collect();
        let plan = source::plan(&old, &source.korean, &old_rows);
        let added: Vec<&str> = plan
            .iter()
            .filter(|p| p.carry == Carry::Added)
            .map(|p| source.korean[p.ko.0].as_str())
            .collect();
        if added.is_empty() && !source.draft.is_empty() {
            return Err(StoreError::Invalid {
                field: Some("draft"),
                why: Invalid::NothingToTranslate,
            });
        }
        let drafts = source::drafts_for(&added, &source.draft);
        for draft in drafts.iter().filter(|d| !d.is_empty()) {
            limits::check("draft", draft, Kind::Row)?;
        }
        // The old version is kept; the new one becomes the article's.
        sqlx::query(
            "INSERT INTO ko_versions (article_id, version, idx, text) \
             SELECT article_id, $2, idx, text FROM ko_paragraphs WHERE article_id = $1",
        )
        .bind(article_id)
        .bind(current)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM ko_paragraphs WHERE article_id = $1")
            .bind(article_id)
            .execute(&mut *tx)
            .await?;
        Self::insert_korean(tx, article_id.0, &source.korean).await?;
        // New rows, each with its draft as revision 0.
        let mut drafts = drafts.iter();
        let to_insert: Vec<RowToInsert> = plan
            .iter()
            .enumerate()
            .filter(|(_, p)| p.carry == Carry::Added)
            .map(|(position, p)| RowToInsert {
                position: position as i64,
                ko: (p.ko.0 as i64, p.ko.1 as i64),
                confidence: 1.0,
                flags: String::new(),
                draft: drafts.next().map_or("", String::as_str),
                current: None,
            })
            .collect();
        let mut new_ids = Self::insert_segments(tx, article_id, &ai, stage, &to_insert)
            .await?
            .into_iter();
        let mut recorded = Vec::with_capacity(plan.len());
        let mut new_drafts = to_insert.iter().map(|r| text_digest(r.draft));
        for p in &plan {
            let (id, draft_sha256) = match p.row {
                Some(id) => (id, None),
                None => (
                    new_ids
                        .next()
                        .ok_or_else(|| StoreError::Internal("an added row went missing".into()))?,
                    new_drafts.next(),
                ),
            };
            let before = rows
                .iter()
                .find(|r| Some(r.id.0) == p.row)
                .map(|r| old[r.ko.clone()].join("\n\n"));
            // Its place, Korean and marks are the fact's changes; the
            // Korean it had before, shown until it is reviewed, is kept
            // here (from the first new version that marked it).
            if p.carry != Carry::Unchanged && before.is_some() {
                sqlx::query(
                    "UPDATE segments SET ko_before = COALESCE(ko_before, $2) WHERE id = $1",
                )
                .bind(id)
                .bind(before)
                .execute(&mut *tx)
                .await?;
            }
            recorded.push(RevisedRow {
                row: id,
                ko: p.ko,
                carry: p.carry,
                draft_sha256,
            });
        }
        let fact = Fact::SourceRevised {
            version: current + 1,
            before_sha256: old.iter().map(|p| text_digest(p)).collect(),
            korean_sha256: source.korean.iter().map(|p| text_digest(p)).collect(),
            rows: recorded,
        };
        w.record(Some(by), stage, &fact).await?;
        let article = Self::load_article(w.conn(), article_id).await?;
        w.commit().await?;
        Ok(article)
    }

    async fn confirm_removal(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
    ) -> StoreResult<Article> {
        let w = self.write_article(article_id, by, None).await?;
        let stage = w.stage();
        w.may_change_row(by, Change::ConfirmRemoval, segment_id.0)?;
        let fact = Fact::RemovalConfirmed { row: segment_id.0 };
        Self::row_leaves(w, by, stage, segment_id, &fact).await
    }

    async fn source_version(
        &self,
        article_id: ArticleId,
        version: i64,
    ) -> StoreResult<Vec<String>> {
        let mut conn = self.pool.acquire().await?;
        let article = Self::load_article(&mut conn, article_id).await?;
        if version == article.source_version {
            return Ok(article.korean);
        }
        let korean: Vec<String> = sqlx::query(
            "SELECT text FROM ko_versions WHERE article_id = $1 AND version = $2 ORDER BY idx",
        )
        .bind(article_id)
        .bind(version)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("text"))
        .collect::<Result<_, _>>()?;
        if korean.is_empty() {
            return Err(StoreError::NotFound(Missing::SourceVersion {
                version,
                article: article_id,
            }));
        }
        Ok(korean)
    }
}
