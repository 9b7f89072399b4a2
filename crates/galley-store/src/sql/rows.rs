//! An article's rows: saves, reviews, merges, splits and overrides, each
//! through one [`ArticleWrite`], and the rows and revisions read back.

use std::collections::HashMap;

use galley_core::events::{Fact, RowRecord};
use galley_core::limits::{self, Kind};
use galley_core::rows;
use galley_core::source::Carry;
use galley_core::trail::text_digest;
use galley_core::workflow::{self, Change, Roles, Stage};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use super::packed;
use super::runs::{Ids, by_article};
use super::write::ArticleWrite;
use super::{SqlStore, is_unique_violation};
use crate::Invalid;
use crate::Missing;
use crate::time::TimeColumns;
use crate::time::{now, stored};
use crate::{
    AiTool, Article, ArticleId, Author, Override, Returned, Revision, Row, RowId, Rows, StoreError,
    StoreResult, User, UserId,
};

/// A segment to insert (see [`SqlStore::insert_segments`]).
pub(super) struct RowToInsert<'a> {
    pub(super) position: i64,
    pub(super) ko: (i64, i64),
    pub(super) confidence: f64,
    pub(super) flags: String,
    pub(super) draft: &'a str,
    /// Who changed it and its current text, if people had.
    pub(super) current: Option<(&'a User, &'a str)>,
}

impl RowToInsert<'_> {
    fn edited(&self) -> Option<(&User, &str)> {
        self.current.filter(|(_, text)| *text != self.draft)
    }

    /// The row as the trail records it once inserted as `id`: its texts by
    /// digest.
    pub(super) fn record(&self, id: i64) -> RowRecord {
        RowRecord {
            row: Some(id),
            ko: (self.ko.0 as usize, self.ko.1 as usize),
            confidence: self.confidence,
            flags: self
                .flags
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect(),
            draft_sha256: Some(text_digest(self.draft)),
            edited_sha256: self.edited().map(|(_, text)| text_digest(text)),
        }
    }
}

/// Rows per multi-row `INSERT` (SQLite and PostgreSQL both take thousands of
/// parameters per statement; this stays far below either limit).
pub(super) const ROWS_PER_INSERT: usize = 100;

/// `($1, …, $n, extra), …`: the `VALUES` of a `rows`-row insert with
/// `columns` parameters per row, each row ending in the literal `extra`.
pub(super) fn values(rows: usize, columns: usize, extra: &str) -> String {
    let mut out = String::new();
    for row in 0..rows {
        out.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("${}", row * columns + column + 1));
        }
        if !extra.is_empty() {
            out.push_str(", ");
            out.push_str(extra);
        }
        out.push(')');
    }
    out
}

impl SqlStore {
    pub(super) async fn load_overrides(
        conn: &mut AnyConnection,
        article_id: ArticleId,
    ) -> StoreResult<Vec<Override>> {
        Ok(Self::load_overrides_of(conn, Ids::one(article_id))
            .await?
            .remove(&article_id)
            .unwrap_or_default())
    }

    /// The overrides in force on a run of articles' active rows, by article.
    pub(super) async fn load_overrides_of(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<HashMap<ArticleId, Vec<Override>>> {
        let rows = sqlx::query(
            "SELECT s.article_id, o.segment_id, o.finding_key, o.reason, o.user_id, o.created_at \
             FROM qa_overrides o JOIN segments s ON s.id = o.segment_id \
             WHERE s.article_id > $1 AND s.article_id <= $2 AND s.active = 1 \
             ORDER BY s.article_id, o.segment_id, o.finding_key",
        )
        .bind(ids.after)
        .bind(ids.upto)
        .fetch_all(&mut *conn)
        .await?;
        by_article(&rows, |r| {
            Ok(Override {
                row_id: r.try_get("segment_id")?,
                key: r.try_get("finding_key")?,
                reason: r.try_get("reason")?,
                user_id: r.try_get("user_id")?,
                created_at: r.time("created_at")?,
            })
        })
    }

    /// Row `segment_id` leaves the article by `fact` (its removal confirmed,
    /// its English removed): its threads stay with the article, the fact is
    /// recorded, and the article as it now is answers.
    pub(super) async fn row_leaves(
        mut w: ArticleWrite,
        by: &User,
        stage: Stage,
        segment_id: RowId,
        fact: &Fact,
    ) -> StoreResult<Article> {
        sqlx::query("UPDATE comments SET segment_id = NULL WHERE segment_id = $1")
            .bind(segment_id)
            .execute(w.conn())
            .await?;
        w.record(Some(by), stage, fact).await?;
        let id = w.id;
        let article = Self::load_article(w.conn(), id).await?;
        w.commit().await?;
        Ok(article)
    }

    /// Writes revision `base + 1` of a row, moves the row to it, and appends
    /// `revision_saved` (saying which earlier revision it brings back, for a
    /// revert); the caller locked the article and checked the rules.
    /// A conflict if the row is no longer at `base_revision`.
    pub(super) async fn insert_revision(
        w: &mut ArticleWrite,
        by: &User,
        (segment_id, base_revision): (RowId, i64),
        text: &str,
        reverted_to: Option<i64>,
    ) -> StoreResult<Revision> {
        let (revision, stage, article_id) = (base_revision + 1, w.stage(), w.id);
        // The save is based on the row's current revision, as the trail
        // has it; the row moves to the new one when the fact is recorded.
        let current = w.replay().active_row(segment_id.0).map(|row| row.current());
        let tx = w.conn();
        if current != Ok(base_revision) {
            let segment = Self::active_segment(tx, article_id, segment_id).await?;
            return Err(StoreError::Conflict {
                base: base_revision,
                current_revision: segment.revision,
                current_text: segment.text,
            });
        }
        let at = now();
        sqlx::query(
            "INSERT INTO revisions (segment_id, revision, text, author_user, ai_tool, ai_model, stage, created_at) \
             VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6)",
        )
        .bind(segment_id)
        .bind(revision)
        .bind(text)
        .bind(by.id)
        .bind(stage.name())
        .bind(stored(at))
        .execute(&mut *tx)
        .await?;
        if w.replay().is_headline(segment_id.0) {
            // The title is the headline row's English: its projection moves
            // with the row, in the same transaction.
            let tx = w.conn();
            sqlx::query("UPDATE articles SET title = $1 WHERE id = $2")
                .bind(text)
                .bind(article_id)
                .execute(&mut *tx)
                .await?;
        }
        let fact = Fact::RevisionSaved {
            row: segment_id.0,
            revision,
            base_revision,
            chars: text.chars().count(),
            sha256: Some(text_digest(text)),
            reverted_to,
        };
        w.record(Some(by), stage, &fact).await?;
        Ok(Revision {
            row_id: segment_id,
            revision,
            text: text.to_string(),
            author: Author::User(by.id),
            stage,
            created_at: at,
        })
    }

    /// One revision of a row.
    pub(super) async fn revision(
        conn: &mut AnyConnection,
        segment_id: RowId,
        revision: i64,
    ) -> StoreResult<Revision> {
        let row = sqlx::query(
            "SELECT segment_id, revision, text, author_user, ai_tool, ai_model, stage, created_at \
             FROM revisions WHERE segment_id = $1 AND revision = $2",
        )
        .bind(segment_id)
        .bind(revision)
        .fetch_one(&mut *conn)
        .await?;
        revision_of(&row)
    }

    /// An active segment of the article, or NotFound.
    pub(super) async fn active_segment(
        tx: &mut AnyConnection,
        article_id: ArticleId,
        segment_id: RowId,
    ) -> StoreResult<Row> {
        let row = sqlx::query(
            "SELECT s.id, s.position, s.ko_start, s.ko_end, s.confidence, s.flags, s.current_revision, \
             s.reviewed_revision, s.source_change, s.ko_before, r.text FROM segments s \
             JOIN revisions r ON r.segment_id = s.id AND r.revision = s.current_revision \
             WHERE s.id = $1 AND s.article_id = $2 AND s.active = 1",
        )
        .bind(segment_id)
        .bind(article_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Missing::Row {
            row: segment_id,
            article: Some(article_id),
        }))?;
        segment_of(&row)
    }

    /// The AI draft (revision 0) of a segment.
    pub(super) async fn draft_of(tx: &mut AnyConnection, segment_id: RowId) -> StoreResult<String> {
        Ok(
            sqlx::query("SELECT text FROM revisions WHERE segment_id = $1 AND revision = 0")
                .bind(segment_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("text")?,
        )
    }

    /// Inserts new active segments, each with revision 0 (the AI draft)
    /// and, when people had changed it, revision 1 by that person carrying
    /// the current text; returns their ids in order. A few statements for
    /// any number of rows (a submission has dozens, and SQLite's writer
    /// waits on each round trip).
    pub(super) async fn insert_segments(
        tx: &mut AnyConnection,
        article_id: ArticleId,
        ai: &AiTool,
        stage: Stage,
        rows: &[RowToInsert<'_>],
    ) -> StoreResult<Vec<i64>> {
        let at = now();
        let mut ids = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO segments (article_id, position, ko_start, ko_end, confidence, flags, \
                 current_revision, reviewed_revision, active) VALUES {} RETURNING id, position",
                values(chunk.len(), 7, "NULL, 1")
            );
            let mut query = sqlx::query(&sql);
            for row in chunk {
                query = query
                    .bind(article_id)
                    .bind(row.position)
                    .bind(row.ko.0)
                    .bind(row.ko.1)
                    .bind(row.confidence)
                    .bind(row.flags.clone())
                    .bind(i64::from(row.edited().is_some()));
            }
            let mut by_position = HashMap::new();
            for returned in query.fetch_all(&mut *tx).await? {
                by_position.insert(
                    returned.try_get::<i64, _>("position")?,
                    returned.try_get::<i64, _>("id")?,
                );
            }
            let chunk_ids = chunk
                .iter()
                .map(|row| by_position.get(&row.position).copied())
                .collect::<Option<Vec<i64>>>()
                .ok_or_else(|| StoreError::Internal("an inserted row went missing".into()))?;
            // Revision 0 of every row, revision 1 of the rows people changed.
            let mut revisions: Vec<(i64, i64, &str, Option<i64>)> = Vec::new();
            for (row, id) in chunk.iter().zip(&chunk_ids) {
                revisions.push((*id, 0, row.draft, None));
                if let Some((user, text)) = row.edited() {
                    revisions.push((*id, 1, text, Some(user.id.0)));
                }
            }
            let sql = format!(
                "INSERT INTO revisions (segment_id, revision, text, author_user, ai_tool, ai_model, \
                 stage, created_at) VALUES {}",
                values(revisions.len(), 8, "")
            );
            let mut query = sqlx::query(&sql);
            for (id, revision, text, author) in revisions {
                let by_ai = author.is_none();
                query = query
                    .bind(id)
                    .bind(revision)
                    .bind(text)
                    .bind(author)
                    .bind(by_ai.then(|| ai.tool.clone()))
                    .bind(by_ai.then(|| ai.model.clone()))
                    .bind(stage.name())
                    .bind(stored(at));
            }
            query.execute(&mut *tx).await?;
            ids.extend(chunk_ids);
        }
        Ok(ids)
    }

    /// The return recorded on an article's row, if it stands.
    pub(super) fn returned_of(row: &AnyRow) -> StoreResult<Option<Returned>> {
        let by: Option<i64> = row.try_get("returned_by")?;
        let at = row.time_or_none("returned_at")?;
        let note: Option<String> = row.try_get("returned_note")?;
        Ok(match (by, at) {
            (Some(by), Some(at)) => Some(Returned {
                by: UserId(by),
                at,
                note: note.unwrap_or_default(),
            }),
            _ => None,
        })
    }

    /// An active row of the article at `revision`, its current one (a
    /// [`StoreError::Conflict`] with the current text otherwise).
    pub(super) async fn row_at(
        w: &mut ArticleWrite,
        article_id: ArticleId,
        segment_id: RowId,
        revision: i64,
    ) -> StoreResult<Row> {
        let segment = Self::active_segment(w.conn(), article_id, segment_id).await?;
        if segment.revision != revision {
            return Err(StoreError::Conflict {
                base: revision,
                current_revision: segment.revision,
                current_text: segment.text,
            });
        }
        Ok(segment)
    }

    /// [`Self::revisions_by_row`] on a connection the caller holds.
    pub(super) async fn load_revisions(
        conn: &mut AnyConnection,
        article_id: ArticleId,
        active_only: bool,
    ) -> StoreResult<HashMap<RowId, Vec<Revision>>> {
        Ok(
            Self::load_revisions_of(conn, Ids::one(article_id), active_only)
                .await?
                .remove(&article_id)
                .unwrap_or_default(),
        )
    }

    /// Every revision of a run of articles' rows (active ones only, if
    /// asked), by article and row, oldest first.
    pub(super) async fn load_revisions_of(
        conn: &mut AnyConnection,
        ids: Ids,
        active_only: bool,
    ) -> StoreResult<HashMap<ArticleId, HashMap<RowId, Vec<Revision>>>> {
        let rows = sqlx::query(
            "SELECT s.article_id, r.segment_id, r.revision, r.text, r.author_user, r.ai_tool, r.ai_model, r.stage, r.created_at \
             FROM revisions r JOIN segments s ON s.id = r.segment_id \
             WHERE s.article_id > $1 AND s.article_id <= $2 AND (s.active = 1 OR $3 = 0) \
             ORDER BY s.article_id, r.segment_id, r.revision",
        )
        .bind(ids.after)
        .bind(ids.upto)
        .bind(i64::from(active_only))
        .fetch_all(&mut *conn)
        .await?;
        let mut out: HashMap<ArticleId, HashMap<RowId, Vec<Revision>>> = HashMap::new();
        for row in &rows {
            let revision = revision_of(row)?;
            out.entry(row.try_get("article_id")?)
                .or_default()
                .entry(revision.row_id)
                .or_default()
                .push(revision);
        }
        Ok(out)
    }
}

pub(super) fn segment_of(row: &AnyRow) -> StoreResult<Row> {
    packed::row_of((
        row.try_get("id")?,
        row.try_get("position")?,
        row.try_get("ko_start")?,
        row.try_get("ko_end")?,
        row.try_get("confidence")?,
        row.try_get("flags")?,
        row.try_get("current_revision")?,
        row.try_get("reviewed_revision")?,
        row.try_get("source_change")?,
        row.try_get("ko_before")?,
        row.try_get("text")?,
    ))
}

pub(super) fn revision_of(row: &AnyRow) -> StoreResult<Revision> {
    packed::revision_of((
        row.try_get("segment_id")?,
        row.try_get("revision")?,
        row.try_get("text")?,
        row.try_get("author_user")?,
        row.try_get("ai_tool")?,
        row.try_get("ai_model")?,
        row.try_get("stage")?,
        row.try_get("created_at")?,
    ))
}

#[async_trait::async_trait]
impl Rows for SqlStore {
    async fn save_revision(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        base_revision: i64,
        text: &str,
    ) -> StoreResult<Revision> {
        let mut saved = self
            .save_revisions(
                by,
                article_id,
                &[(segment_id, base_revision, text.to_string())],
            )
            .await?;
        saved
            .pop()
            .ok_or_else(|| StoreError::Internal("no revision saved".into()))
    }

    async fn save_revisions(
        &self,
        by: &User,
        article_id: ArticleId,
        edits: &[(RowId, i64, String)],
    ) -> StoreResult<Vec<Revision>> {
        let mut w = self.write_article(article_id, by, None).await?;
        if edits.is_empty() {
            w.replay().may(Roles::of(&by.roles), Change::EditEnglish)?;
        }
        // A stale row refuses the whole batch: the transaction is dropped,
        // which undoes the rows already written.
        let mut saved = Vec::with_capacity(edits.len());
        for (segment_id, base_revision, text) in edits {
            let text = limits::clean("text", text, Kind::Row)?;
            w.may_change_row(by, Change::EditEnglish, segment_id.0)?;
            let row = Self::active_segment(w.conn(), article_id, *segment_id).await?;
            if w.source_of(segment_id.0) == Some(Carry::Removed) {
                return Err(StoreError::Invalid {
                    field: None,
                    why: Invalid::KoreanRemovedEdit { row: *segment_id },
                });
            }
            if row.text == text {
                // The text it has (perhaps in another Unicode form): nothing
                // changes, the review stands, the current revision answers.
                saved.push(Self::revision(w.conn(), *segment_id, row.revision).await?);
                continue;
            }
            saved.push(
                Self::insert_revision(&mut w, by, (*segment_id, *base_revision), &text, None)
                    .await?,
            );
        }
        if w.is_empty() {
            return Ok(saved);
        }
        w.commit().await?;
        Ok(saved)
    }

    async fn revert_row(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        base_revision: i64,
        to: i64,
    ) -> StoreResult<Revision> {
        let mut w = self.write_article(article_id, by, None).await?;
        w.may_change_row(by, Change::EditEnglish, segment_id.0)?;
        let row = Self::active_segment(w.conn(), article_id, segment_id).await?;
        if w.source_of(segment_id.0) == Some(Carry::Removed) {
            return Err(StoreError::Invalid {
                field: None,
                why: Invalid::KoreanRemovedEdit { row: segment_id },
            });
        }
        let earlier =
            Self::revision(w.conn(), segment_id, to)
                .await
                .map_err(|error| match error {
                    StoreError::NotFound(_) => StoreError::Invalid {
                        field: Some("revision"),
                        why: Invalid::NoSuchRevision {
                            row: segment_id,
                            revision: to,
                        },
                    },
                    error => error,
                })?;
        if to >= row.revision || earlier.text == row.text {
            return Err(StoreError::Invalid {
                field: Some("revision"),
                why: Invalid::NotEarlierText {
                    row: segment_id,
                    revision: to,
                },
            });
        }
        let saved = Self::insert_revision(
            &mut w,
            by,
            (segment_id, base_revision),
            &earlier.text,
            Some(to),
        )
        .await?;
        w.commit().await?;
        Ok(saved)
    }

    async fn remove_english(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        reason: &str,
    ) -> StoreResult<Article> {
        let w = self.write_article(article_id, by, None).await?;
        let stage = w.stage();
        w.may_change_row(by, Change::RemoveEnglish, segment_id.0)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(workflow::Refusal {
                rule: workflow::Rule::NoteRequired,
                why: workflow::Why::RemovalNeedsReason,
            }));
        }
        let reason = limits::clean("reason", reason, Kind::Note)?;
        let fact = Fact::EnglishRemoved {
            row: segment_id.0,
            reason,
        };
        Self::row_leaves(w, by, stage, segment_id, &fact).await
    }

    async fn mark_reviewed(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        revision: i64,
    ) -> StoreResult<()> {
        let mut w = self.write_article(article_id, by, None).await?;
        w.may_change_row(by, Change::MarkReviewed, segment_id.0)?;
        Self::row_at(&mut w, article_id, segment_id, revision).await?;
        if w.source_of(segment_id.0) == Some(Carry::Removed) {
            return Err(StoreError::Invalid {
                field: None,
                why: Invalid::KoreanRemovedReview { row: segment_id },
            });
        }
        // The row's own blocking findings, as the core finds them now.
        let article = Self::load_checked_article(w.conn(), article_id).await?;
        let overrides = Self::load_overrides(w.conn(), article_id).await?;
        let index = article
            .rows
            .iter()
            .position(|r| r.id == segment_id)
            .ok_or({
                StoreError::NotFound(Missing::Row {
                    row: segment_id,
                    article: None,
                })
            })?;
        let findings = article.findings();
        let open = galley_core::qa::open_blocking(&findings[index..=index], |_, key| {
            overrides
                .iter()
                .any(|o| o.row_id == segment_id && o.key == key)
        });
        workflow::check_mark_reviewed(open)?;
        // The mark (and the answer to what a new Korean asked of the row)
        // is the fact's change.
        let stage = w.stage();
        w.record(
            Some(by),
            stage,
            &Fact::RowReviewed {
                row: segment_id.0,
                revision,
            },
        )
        .await?;
        w.commit().await
    }

    async fn withdraw_review(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        revision: i64,
    ) -> StoreResult<()> {
        let mut w = self.write_article(article_id, by, None).await?;
        w.may_change_row(by, Change::MarkReviewed, segment_id.0)?;
        Self::row_at(&mut w, article_id, segment_id, revision).await?;
        if w.replay().active_row(segment_id.0)?.reviewed != Some(revision) {
            return Err(StoreError::Invalid {
                field: Some("revision"),
                why: Invalid::NotReviewedAt {
                    row: segment_id,
                    revision,
                },
            });
        }
        let stage = w.stage();
        w.record(
            Some(by),
            stage,
            &Fact::ReviewWithdrawn {
                row: segment_id.0,
                revision,
            },
        )
        .await?;
        w.commit().await
    }

    async fn merge_with_next(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
    ) -> StoreResult<Article> {
        let mut w = self
            .write_article(article_id, by, Some(Change::EditAlignment))
            .await?;
        let (stage, ai) = (w.stage(), w.locked.ai.clone());
        // The next row is the next in the trail's order.
        let order = &w.replay().order;
        let next_id = match order.iter().position(|&r| r == segment_id.0) {
            None => {
                return Err(StoreError::NotFound(Missing::Row {
                    row: segment_id,
                    article: Some(article_id),
                }));
            }
            Some(at) => order.get(at + 1).copied().ok_or(StoreError::Invalid {
                field: None,
                why: Invalid::LastRow { row: segment_id },
            })?,
        };
        w.may_realign(by, &[segment_id.0, next_id])?;
        let tx = w.conn();
        let first = Self::active_segment(tx, article_id, segment_id).await?;
        let second = Self::active_segment(tx, article_id, RowId(next_id)).await?;
        let draft = rows::join(
            &Self::draft_of(tx, first.id).await?,
            &Self::draft_of(tx, second.id).await?,
        );
        let current = rows::join(&first.text, &second.text);
        let korean: Vec<String> = sqlx::query(
            "SELECT text FROM ko_paragraphs WHERE article_id = $1 AND idx >= $2 AND idx < $3",
        )
        .bind(article_id)
        .bind(first.ko.start as i64)
        .bind(second.ko.end as i64)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("text"))
        .collect::<Result<_, _>>()?;
        limits::check_row_size("text", &korean.join("\n\n"), &current)?;
        // The merged rows leave and the new one takes their place when the
        // fact is recorded (the state's changes); here, its texts.
        let merged = RowToInsert {
            position: first.position,
            ko: (first.ko.start as i64, second.ko.end as i64),
            confidence: first.confidence.min(second.confidence),
            flags: String::new(),
            draft: &draft,
            current: Some((by, &current)),
        };
        let into = Self::insert_segments(tx, article_id, &ai, stage, std::slice::from_ref(&merged))
            .await?[0];
        if first.source_change.is_some() || second.source_change.is_some() {
            // What a new Korean asked of either row, the merged row asks:
            // its Korean before, for the diff, is both rows' before.
            let split_at = first.ko.len().min(korean.len());
            let before = |row: &Row, now: &[String]| {
                row.ko_before.clone().unwrap_or_else(|| now.join("\n\n"))
            };
            let before = [
                before(&first, &korean[..split_at]),
                before(&second, &korean[split_at..]),
            ]
            .into_iter()
            .filter(|b| !b.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
            sqlx::query("UPDATE segments SET ko_before = $2 WHERE id = $1")
                .bind(into)
                .bind(before)
                .execute(&mut *tx)
                .await?;
        }
        Self::move_comments(tx, &[first.id.0, second.id.0], into).await?;
        let fact = Fact::RowsMerged {
            merged: [first.id.0, second.id.0],
            into,
            rows: Some(vec![merged.record(into)]),
        };
        w.record(Some(by), stage, &fact).await?;
        let article = Self::load_article(w.conn(), article_id).await?;
        w.commit().await?;
        Ok(article)
    }

    async fn split(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        ko_at: usize,
        en_at: usize,
    ) -> StoreResult<Article> {
        let mut w = self
            .write_article(article_id, by, Some(Change::EditAlignment))
            .await?;
        let (stage, ai) = (w.stage(), w.locked.ai.clone());
        w.may_realign(by, &[segment_id.0])?;
        let tx = w.conn();
        let row = Self::active_segment(tx, article_id, segment_id).await?;
        let draft = Self::draft_of(tx, row.id).await?;
        let halves =
            rows::split(row.ko.clone(), &draft, &row.text, ko_at, en_at).map_err(|bad| {
                StoreError::Invalid {
                    field: None,
                    why: Invalid::Split {
                        row: segment_id,
                        split: bad,
                    },
                }
            })?;
        // The row leaves, the halves take its place and the rows after
        // it move down one when the fact is recorded (the state's
        // changes); here, their texts.
        let new: Vec<RowToInsert> = halves
            .iter()
            .zip([row.position, row.position + 1])
            .map(|(half, position)| RowToInsert {
                position,
                ko: (half.ko.start as i64, half.ko.end as i64),
                confidence: row.confidence,
                flags: String::new(),
                draft: &half.draft,
                current: Some((by, &half.text)),
            })
            .collect();
        let ids = Self::insert_segments(tx, article_id, &ai, stage, &new).await?;
        if row.source_change.is_some() {
            // Both halves wait for the review the row waited for, with the
            // Korean it had before.
            for id in &ids {
                sqlx::query("UPDATE segments SET ko_before = $2 WHERE id = $1")
                    .bind(*id)
                    .bind(row.ko_before.clone())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Self::move_comments(tx, &[row.id.0], ids[0]).await?;
        let fact = Fact::RowSplit {
            split: row.id.0,
            into: [ids[0], ids[1]],
            ko_at,
            en_at,
            rows: Some(new.iter().zip(&ids).map(|(r, id)| r.record(*id)).collect()),
        };
        w.record(Some(by), stage, &fact).await?;
        let article = Self::load_article(w.conn(), article_id).await?;
        w.commit().await?;
        Ok(article)
    }

    async fn override_finding(
        &self,
        by: &User,
        article_id: ArticleId,
        segment_id: RowId,
        key: &str,
        reason: &str,
    ) -> StoreResult<()> {
        let reason = limits::clean("reason", reason, Kind::Note).map_err(|e| {
            match reason.trim().is_empty() {
                true => limits::TextError {
                    problem: limits::TextProblem::NoReason,
                    ..e
                },
                false => e,
            }
        })?;
        let reason = reason.as_str();
        let mut w = self.write_article(article_id, by, None).await?;
        // An override changes what the row may carry into publication, so
        // it is judged by the row's rule like an edit: a row a new Korean
        // version sent back to bilingual review is the reviewer's first.
        w.may_change_row(by, Change::EditEnglish, segment_id.0)?;
        let article = Self::load_checked_article(w.conn(), article_id).await?;
        let Some(index) = article.rows.iter().position(|s| s.id == segment_id) else {
            return Err(StoreError::NotFound(Missing::Row {
                row: segment_id,
                article: None,
            }));
        };
        let findings = article.findings();
        if !findings[index].iter().any(|f| f.key == key) {
            return Err(StoreError::Invalid {
                field: Some("key"),
                why: Invalid::NoSuchFinding {
                    row: segment_id,
                    key: key.to_string(),
                },
            });
        }
        let inserted = sqlx::query(
            "INSERT INTO qa_overrides (segment_id, finding_key, reason, user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(segment_id)
        .bind(key)
        .bind(reason)
        .bind(by.id)
        .bind(stored(now()))
        .execute(w.conn())
        .await;
        match inserted {
            Ok(_) => {}
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Invalid {
                    field: Some("key"),
                    why: Invalid::AlreadyOverridden {
                        row: segment_id,
                        key: key.to_string(),
                    },
                });
            }
            Err(error) => return Err(error.into()),
        }
        let stage = w.stage();
        let fact = Fact::QaOverridden {
            row: segment_id.0,
            key: key.to_string(),
            reason: reason.to_string(),
        };
        w.record(Some(by), stage, &fact).await?;
        w.commit().await
    }

    async fn overrides(&self, article_id: ArticleId) -> StoreResult<Vec<Override>> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::load_overrides(&mut conn, article_id).await
    }

    async fn revisions(&self, segment_id: RowId) -> StoreResult<Vec<Revision>> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(
            "SELECT segment_id, revision, text, author_user, ai_tool, ai_model, stage, created_at \
             FROM revisions WHERE segment_id = $1 ORDER BY revision",
        )
        .bind(segment_id)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(Missing::Row {
                row: segment_id,
                article: None,
            }));
        }
        rows.iter().map(revision_of).collect()
    }

    async fn article_revisions(
        &self,
        article_id: ArticleId,
    ) -> StoreResult<HashMap<RowId, Vec<Revision>>> {
        self.revisions_by_row(article_id, true).await
    }

    async fn every_revision(
        &self,
        article_id: ArticleId,
    ) -> StoreResult<HashMap<RowId, Vec<Revision>>> {
        self.revisions_by_row(article_id, false).await
    }
}

impl SqlStore {
    /// The revisions of an article's rows by row id, oldest first: of its
    /// active rows only, or of every row it ever had.
    async fn revisions_by_row(
        &self,
        article_id: ArticleId,
        active_only: bool,
    ) -> StoreResult<HashMap<RowId, Vec<Revision>>> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::load_revisions(&mut conn, article_id, active_only).await
    }
}
