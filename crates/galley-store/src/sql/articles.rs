//! Articles and their rows: submission, reading, and every change people
//! make (saves, reviews, merges, splits, transitions, overrides, comments),
//! each through one [`ArticleWrite`].

use std::collections::HashMap;

use galley_core::audit;
use galley_core::events::{Fact, RevisedRow, RowRecord};
use galley_core::limits::{self, Kind};
use galley_core::replay::{ArticleState, Replay};
use galley_core::rows;
use galley_core::source::{self, Carry, OldRow};
use galley_core::trail::text_digest;
use galley_core::workflow::{self, Action, Change, Refusal, Roles, Rule, Stage};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use super::packed;
use super::runs::{Ids, by_article};
use super::write::ArticleWrite;
use super::{SqlStore, is_unique_violation, stage_of};
use crate::time::now;
use crate::{
    AiTool, Article, ArticleQuery, ArticleSummary, Articles, Assignment, Author, Comment,
    NewArticle, NewComment, NewSource, Override, Returned, Revision, Row, StoreError, StoreResult,
    User,
};

/// A segment to insert (see [`SqlStore::insert_segments`]).
struct RowToInsert<'a> {
    position: i64,
    ko: (i64, i64),
    confidence: f64,
    flags: String,
    draft: &'a str,
    /// Who changed it and its current text, if people had.
    current: Option<(&'a User, &'a str)>,
}

impl RowToInsert<'_> {
    fn edited(&self) -> Option<(&User, &str)> {
        self.current.filter(|(_, text)| *text != self.draft)
    }

    /// The row as the trail records it once inserted as `id`: its texts by
    /// digest.
    fn record(&self, id: i64) -> RowRecord {
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
const ROWS_PER_INSERT: usize = 100;

/// `($1, …, $n, extra), …`: the `VALUES` of a `rows`-row insert with
/// `columns` parameters per row, each row ending in the literal `extra`.
fn values(rows: usize, columns: usize, extra: &str) -> String {
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

/// The columns a [`Comment`] is read from.
macro_rules! comment_columns {
    () => {
        "id, article_id, segment_id, reply_to, author_id, body, blocking, resolved_at, resolved_by, created_at"
    };
}

impl SqlStore {
    /// [`Self::load_article`] with the glossary its QA check reads: for
    /// whatever shows or judges the article's findings.
    pub(super) async fn load_checked_article(
        conn: &mut AnyConnection,
        id: i64,
    ) -> StoreResult<Article> {
        let mut article = Self::load_article(conn, id).await?;
        (article.glossary_version, article.glossary) = Self::glossary_for_checks(conn).await?;
        Ok(article)
    }

    /// The article as stored, checked against `replay` (its trail as it
    /// stands in this transaction): what a sign-off publishes and webhook
    /// messages carry. A text, mark or field the replay does not vouch for
    /// refuses the write (`trail_mismatch`, naming what differs) and raises
    /// the tampering alarm in the log.
    pub(super) async fn vouched_article(
        conn: &mut AnyConnection,
        id: i64,
        replay: &Replay,
    ) -> StoreResult<Article> {
        let article = Self::load_article(conn, id).await?;
        let overrides = Self::load_overrides(conn, id).await?;
        match audit::check_claimed(replay, &article.claimed(None, &overrides)) {
            Ok(_) => Ok(article),
            Err(mismatch) => {
                tracing::error!(
                    alarm = "tampering",
                    article = id,
                    reason = %mismatch.reason,
                    "the stored article is not what its trail records: nothing is published"
                );
                Err(Refusal {
                    rule: Rule::TrailMismatch,
                    message: format!(
                        "nothing is published: {mismatch}; the administrators are alerted"
                    ),
                }
                .into())
            }
        }
    }

    /// An article as stored, without the glossary (an empty one: its
    /// findings are the texts' alone); [`Self::load_checked_article`] adds it.
    pub(super) async fn load_article(conn: &mut AnyConnection, id: i64) -> StoreResult<Article> {
        Self::load_articles(conn, Ids::one(id))
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("article {id}")))
    }

    /// The articles of a run of ids as stored, in id order, without the
    /// glossary: one query a table, however many articles.
    pub(super) async fn load_articles(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<Vec<Article>> {
        Self::load_articles_read(conn, ids, false).await
    }

    /// [`Self::load_articles`], their Korean and rows read packed (one
    /// value an article, see [`packed`]) if `packed`.
    pub(super) async fn load_articles_read(
        conn: &mut AnyConnection,
        ids: Ids,
        packed: bool,
    ) -> StoreResult<Vec<Article>> {
        let heads = sqlx::query(
            "SELECT id, title, stage, version, source_version, ai_tool, ai_model, submitted_by, returned_by, \
             returned_at, returned_note, headline FROM articles WHERE id > $1 AND id <= $2 ORDER BY id",
        )
        .bind(ids.after)
        .bind(ids.upto)
        .fetch_all(&mut *conn)
        .await?;
        let (mut korean, mut segments) = if packed {
            (
                Self::korean_packed(conn, ids).await?,
                Self::rows_packed(conn, ids).await?,
            )
        } else {
            Self::korean_and_rows(conn, ids).await?
        };
        let mut assignments = by_article(
            &sqlx::query(
                "SELECT article_id, stage, assignee_id, due_at FROM assignments \
                 WHERE article_id > $1 AND article_id <= $2 ORDER BY article_id, stage",
            )
            .bind(ids.after)
            .bind(ids.upto)
            .fetch_all(&mut *conn)
            .await?,
            |row| {
                Ok(Assignment {
                    stage: stage_of(row.try_get("stage")?)?,
                    assignee: row.try_get("assignee_id")?,
                    due: row.try_get("due_at")?,
                })
            },
        )?;
        heads
            .iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                Ok(Article {
                    id,
                    glossary: std::sync::Arc::default(),
                    glossary_version: 0,
                    title: row.try_get("title")?,
                    stage: stage_of(row.try_get("stage")?)?,
                    version: row.try_get("version")?,
                    source_version: row.try_get("source_version")?,
                    ai: AiTool {
                        tool: row.try_get("ai_tool")?,
                        model: row.try_get("ai_model")?,
                    },
                    submitted_by: row.try_get("submitted_by")?,
                    returned: Self::returned_of(row)?,
                    assignments: assignments.remove(&id).unwrap_or_default(),
                    korean: korean.remove(&id).unwrap_or_default(),
                    rows: segments.remove(&id).unwrap_or_default(),
                    headline: row.try_get::<i64, _>("headline")? == 1,
                })
            })
            .collect()
    }

    /// An article's version: NotFound if there is no such article (one
    /// query, where loading the article would be three).
    pub(super) async fn version_of(conn: &mut AnyConnection, id: i64) -> StoreResult<i64> {
        let row = sqlx::query("SELECT version FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("article {id}")))?;
        Ok(row.try_get("version")?)
    }

    pub(super) async fn load_overrides(
        conn: &mut AnyConnection,
        article_id: i64,
    ) -> StoreResult<Vec<Override>> {
        Ok(Self::load_overrides_of(conn, Ids::one(article_id))
            .await?
            .remove(&article_id)
            .unwrap_or_default())
    }

    /// The Korean paragraphs and active rows of a run's articles, row by
    /// row.
    async fn korean_and_rows(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<(HashMap<i64, Vec<String>>, HashMap<i64, Vec<Row>>)> {
        let korean = by_article(
            &sqlx::query(
                "SELECT article_id, text FROM ko_paragraphs WHERE article_id > $1 AND article_id <= $2 \
                 ORDER BY article_id, idx",
            )
            .bind(ids.after)
            .bind(ids.upto)
            .fetch_all(&mut *conn)
            .await?,
            |r| Ok(r.try_get::<String, _>("text")?),
        )?;
        let segments = by_article(
            &sqlx::query(
                "SELECT s.article_id, s.id, s.position, s.ko_start, s.ko_end, s.confidence, s.flags, \
                 s.current_revision, s.reviewed_revision, s.source_change, s.ko_before, r.text FROM segments s \
                 JOIN revisions r ON r.segment_id = s.id AND r.revision = s.current_revision \
                 WHERE s.article_id > $1 AND s.article_id <= $2 AND s.active = 1 ORDER BY s.article_id, s.position",
            )
            .bind(ids.after)
            .bind(ids.upto)
            .fetch_all(&mut *conn)
            .await?,
            segment_of,
        )?;
        Ok((korean, segments))
    }

    /// The overrides in force on a run of articles' active rows, by article.
    pub(super) async fn load_overrides_of(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<HashMap<i64, Vec<Override>>> {
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
                created_at: r.try_get("created_at")?,
            })
        })
    }

    /// Writes revision `base + 1` of a row, moves the row to it, and appends
    /// `revision_saved`; the caller locked the article and checked the rules.
    /// A conflict if the row is no longer at `base_revision`.
    async fn insert_revision(
        w: &mut ArticleWrite,
        by: &User,
        segment_id: i64,
        base_revision: i64,
        text: &str,
    ) -> StoreResult<Revision> {
        let (revision, stage, article_id) = (base_revision + 1, w.stage(), w.id);
        // The save is based on the row's current revision, as the trail
        // has it; the row moves to the new one when the fact is recorded.
        let current = w.replay().active_row(segment_id).map(|row| row.current());
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
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        if w.replay().is_headline(segment_id) {
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
            row: segment_id,
            revision,
            base_revision,
            chars: text.chars().count(),
            sha256: Some(text_digest(text)),
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
    async fn revision(
        conn: &mut AnyConnection,
        segment_id: i64,
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
    async fn active_segment(
        tx: &mut AnyConnection,
        article_id: i64,
        segment_id: i64,
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
        .ok_or_else(|| StoreError::NotFound(format!("row {segment_id} of article {article_id}")))?;
        segment_of(&row)
    }

    /// The AI draft (revision 0) of a segment.
    async fn draft_of(tx: &mut AnyConnection, segment_id: i64) -> StoreResult<String> {
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
    async fn insert_segments(
        tx: &mut AnyConnection,
        article_id: i64,
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
                    revisions.push((*id, 1, text, Some(user.id)));
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
                    .bind(at.clone());
            }
            query.execute(&mut *tx).await?;
            ids.extend(chunk_ids);
        }
        Ok(ids)
    }

    /// The return recorded on an article's row, if it stands.
    fn returned_of(row: &AnyRow) -> StoreResult<Option<Returned>> {
        let by: Option<i64> = row.try_get("returned_by")?;
        let at: Option<String> = row.try_get("returned_at")?;
        let note: Option<String> = row.try_get("returned_note")?;
        Ok(match (by, at) {
            (Some(by), Some(at)) => Some(Returned {
                by,
                at,
                note: note.unwrap_or_default(),
            }),
            _ => None,
        })
    }

    /// An active row of the article at `revision`, its current one (a
    /// [`StoreError::Conflict`] with the current text otherwise).
    async fn row_at(
        w: &mut ArticleWrite,
        article_id: i64,
        segment_id: i64,
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

    /// A submission within the limits, its names cleaned, its rows covering
    /// the Korean in order.
    fn checked_submission(article: NewArticle) -> StoreResult<NewArticle> {
        let title = limits::clean("title", &article.title, Kind::Title)?;
        let tool = limits::clean("ai.tool", &article.ai.tool, Kind::Name)?;
        let model = limits::clean("ai.model", &article.ai.model, Kind::Name)?;
        for paragraph in &article.korean {
            limits::check("source", paragraph, Kind::Korean)?;
        }
        limits::check_article_side("source", &article.korean)?;
        let drafts: Vec<&str> = article.rows.iter().map(|s| s.draft.as_str()).collect();
        for draft in drafts.iter().filter(|d| !d.is_empty()) {
            limits::check("draft", draft, Kind::Row)?;
        }
        limits::check_article_side("draft", &drafts)?;
        let mut next = 0;
        for segment in &article.rows {
            if segment.ko.start != next || segment.ko.end > article.korean.len() {
                return Err(StoreError::Invalid(
                    "the rows do not cover the Korean paragraphs in order".into(),
                ));
            }
            next = segment.ko.end;
        }
        if next != article.korean.len() {
            return Err(StoreError::Invalid(
                "the rows do not cover every Korean paragraph".into(),
            ));
        }
        if article.headline {
            match article.rows.first() {
                Some(first)
                    if first.ko.start == 0 && first.ko.end <= 1 && first.draft == article.title => {
                }
                _ => {
                    return Err(StoreError::Invalid(
                        "the headline row must come first, with the Korean headline (or none) and the English title"
                            .into(),
                    ));
                }
            }
        }
        Ok(NewArticle {
            title,
            ai: AiTool { tool, model },
            ..article
        })
    }

    /// Writes an article's Korean paragraphs (its current version).
    async fn insert_korean(tx: &mut AnyConnection, id: i64, korean: &[String]) -> StoreResult<()> {
        let paragraphs: Vec<(usize, &String)> = korean.iter().enumerate().collect();
        for chunk in paragraphs.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO ko_paragraphs (article_id, idx, text) VALUES {}",
                values(chunk.len(), 3, "")
            );
            let mut query = sqlx::query(&sql);
            for (idx, text) in chunk {
                query = query.bind(id).bind(*idx as i64).bind(text.as_str());
            }
            query.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// Writes a submission's Korean and rows into article `id` and records
    /// it (`submitted`, then `aligned`), committing the write.
    async fn write_submission(
        mut w: ArticleWrite,
        by: &User,
        id: i64,
        article: &NewArticle,
    ) -> StoreResult<()> {
        let tx = w.conn();
        Self::insert_korean(tx, id, &article.korean).await?;
        let rows: Vec<RowToInsert> = article
            .rows
            .iter()
            .enumerate()
            .map(|(position, segment)| RowToInsert {
                position: position as i64,
                ko: (segment.ko.start as i64, segment.ko.end as i64),
                confidence: segment.confidence,
                flags: segment
                    .flags
                    .iter()
                    .map(|flag| flag.name())
                    .collect::<Vec<_>>()
                    .join(","),
                draft: &segment.draft,
                current: None,
            })
            .collect();
        let ids = Self::insert_segments(tx, id, &article.ai, Stage::Draft, &rows).await?;
        let submitted = Fact::Submitted {
            article: Some(id),
            title: article.title.clone(),
            ai_tool: article.ai.tool.clone(),
            ai_model: article.ai.model.clone(),
            korean_sha256: Some(article.korean.iter().map(|p| text_digest(p)).collect()),
            korean_paragraphs: article.korean.len(),
            rows: article.rows.len(),
            headline: article.headline,
        };
        w.record(Some(by), Stage::Draft, &submitted).await?;
        let aligned = Fact::Aligned {
            rows: rows
                .iter()
                .zip(&ids)
                .map(|(row, id)| row.record(*id))
                .collect(),
        };
        w.record(None, Stage::Draft, &aligned).await?;
        w.commit().await
    }

    fn comment_of_row(row: &AnyRow) -> StoreResult<Comment> {
        let resolved_by: Option<i64> = row.try_get("resolved_by")?;
        let resolved_at: Option<String> = row.try_get("resolved_at")?;
        Ok(Comment {
            id: row.try_get("id")?,
            article_id: row.try_get("article_id")?,
            row_id: row.try_get("segment_id")?,
            reply_to: row.try_get("reply_to")?,
            author_id: row.try_get("author_id")?,
            body: row.try_get("body")?,
            blocking: row.try_get::<i64, _>("blocking")? != 0,
            resolved: resolved_by.zip(resolved_at),
            created_at: row.try_get("created_at")?,
        })
    }

    async fn load_comment(
        tx: &mut AnyConnection,
        article_id: i64,
        id: i64,
    ) -> StoreResult<Comment> {
        let row = sqlx::query(concat!(
            "SELECT ",
            comment_columns!(),
            " FROM comments WHERE id = $1 AND article_id = $2"
        ))
        .bind(id)
        .bind(article_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("comment {id} of article {article_id}")))?;
        Self::comment_of_row(&row)
    }

    /// Comments on rows `from` move to row `to` (a merge, or a split's
    /// first half), as the replay moves their threads.
    async fn move_comments(tx: &mut AnyConnection, from: &[i64], to: i64) -> StoreResult<()> {
        for id in from {
            sqlx::query("UPDATE comments SET segment_id = $2 WHERE segment_id = $1")
                .bind(id)
                .bind(to)
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }

    /// Makes the title of an article submitted before the headline was a
    /// row its headline row, first, when a correction opens:
    /// its draft the title as submitted (the AI's, never reviewed), no
    /// Korean, to be reviewed like any row before the corrected edition is
    /// signed off. Nothing is added to a trail behind its back: this is
    /// part of the correction a person opened.
    async fn add_headline_row(w: &mut ArticleWrite, by: &User, stage: Stage) -> StoreResult<()> {
        let id = w.id;
        let title: String = sqlx::query("SELECT title FROM articles WHERE id = $1")
            .bind(id)
            .fetch_one(w.conn())
            .await?
            .try_get("title")?;
        let row = RowToInsert {
            position: -1,
            ko: (0, 0),
            confidence: 1.0,
            flags: String::new(),
            draft: &title,
            current: None,
        };
        let ai = w.locked.ai.clone();
        let ids =
            Self::insert_segments(w.conn(), id, &ai, stage, std::slice::from_ref(&row)).await?;
        let record = row.record(ids[0]);
        // It goes first, and the article has a headline, when the fact is
        // recorded.
        w.record(Some(by), stage, &Fact::HeadlineAdded { row: record })
            .await
    }
}

fn segment_of(row: &AnyRow) -> StoreResult<Row> {
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

fn revision_of(row: &AnyRow) -> StoreResult<Revision> {
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
impl Articles for SqlStore {
    async fn submit_article(&self, by: &User, article: NewArticle) -> StoreResult<Article> {
        // A new article's state: nothing recorded yet, in draft.
        ArticleState::default()
            .replay()
            .may(Roles::of(&by.roles), Change::Submit)?;
        let article = Self::checked_submission(article)?;
        let mut tx = self.begin().await?;
        let at = now();
        let id: i64 = sqlx::query(
            "INSERT INTO articles (title, stage, version, ai_tool, ai_model, submitted_by, created_at, updated_at, headline) \
             VALUES ($1, 'draft', 1, $2, $3, $4, $5, $5, $6) RETURNING id",
        )
        .bind(&article.title)
        .bind(&article.ai.tool)
        .bind(&article.ai.model)
        .bind(by.id)
        .bind(&at)
        .bind(i64::from(article.headline))
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let w = ArticleWrite::created(self, tx, id, article.ai.clone());
        Self::write_submission(w, by, id, &article).await?;
        // Read back outside the writers' turn: on SQLite the next writer
        // need not wait for it.
        self.article(id).await
    }

    async fn replace_submission(
        &self,
        by: &User,
        article_id: i64,
        article: NewArticle,
    ) -> StoreResult<Article> {
        let article = Self::checked_submission(article)?;
        let mut w = self
            .write_article(article_id, by, Some(Change::ReplaceSubmission))
            .await?;
        let tx = w.conn();
        // The old rows leave the article when the new submission is
        // recorded (their revisions stay, as the trail's); comments on
        // them stay with the article.
        sqlx::query("UPDATE comments SET segment_id = NULL WHERE article_id = $1")
            .bind(article_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM ko_paragraphs WHERE article_id = $1")
            .bind(article_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE articles SET title = $2, ai_tool = $3, ai_model = $4 WHERE id = $1")
            .bind(article_id)
            .bind(&article.title)
            .bind(&article.ai.tool)
            .bind(&article.ai.model)
            .execute(&mut *tx)
            .await?;
        w.locked.ai = article.ai.clone();
        Self::write_submission(w, by, article_id, &article).await?;
        self.article(article_id).await
    }

    async fn revise_source(
        &self,
        by: &User,
        article_id: i64,
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
            return Err(StoreError::Invalid(format!(
                "source: the Korean is the same as version {current}; nothing to change"
            )));
        }
        let rows: Vec<Row> = stored.rows;
        let old_rows: Vec<OldRow> = rows
            .iter()
            .map(|r| OldRow {
                id: r.id,
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
            return Err(StoreError::Invalid(
                "draft: the new version adds no paragraph, so there is nothing for a draft to translate".into(),
            ));
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
        Self::insert_korean(tx, article_id, &source.korean).await?;
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
                .find(|r| Some(r.id) == p.row)
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
        article_id: i64,
        segment_id: i64,
    ) -> StoreResult<Article> {
        let mut w = self.write_article(article_id, by, None).await?;
        let stage = w.stage();
        w.may_change_row(by, Change::ConfirmRemoval, segment_id)?;
        // Its threads stay with the article; the row leaves it when the
        // fact is recorded.
        sqlx::query("UPDATE comments SET segment_id = NULL WHERE segment_id = $1")
            .bind(segment_id)
            .execute(w.conn())
            .await?;
        w.record(Some(by), stage, &Fact::RemovalConfirmed { row: segment_id })
            .await?;
        let article = Self::load_article(w.conn(), article_id).await?;
        w.commit().await?;
        Ok(article)
    }

    async fn source_version(&self, article_id: i64, version: i64) -> StoreResult<Vec<String>> {
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
            return Err(StoreError::NotFound(format!(
                "version {version} of article {article_id}'s Korean"
            )));
        }
        Ok(korean)
    }

    async fn article(&self, id: i64) -> StoreResult<Article> {
        let mut conn = self.pool.acquire().await?;
        Self::load_checked_article(&mut conn, id).await
    }

    async fn list_articles(&self, query: ArticleQuery<'_>) -> StoreResult<Vec<ArticleSummary>> {
        let mut conn = self.pool.acquire().await?;
        // `LIKE` with the pattern's own wildcards escaped.
        let title = query
            .title
            .map(str::trim)
            .unwrap_or_default()
            .to_lowercase();
        let pattern = format!(
            "%{}%",
            title
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let rows = sqlx::query(
            "SELECT a.id, a.title, a.stage, a.version, a.updated_at, a.returned_by, a.returned_at, a.returned_note, \
             g.assignee_id, g.due_at, \
             (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id AND s.active = 1) AS row_count, \
             (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id AND s.active = 1 \
                AND s.reviewed_revision = s.current_revision) AS reviewed_count \
             FROM articles a LEFT JOIN assignments g ON g.article_id = a.id AND g.stage = a.stage \
             WHERE ($1 = '' OR a.stage = $1) AND LOWER(a.title) LIKE $2 ESCAPE '\\' \
             ORDER BY a.updated_at DESC, a.id DESC LIMIT $3 OFFSET $4",
        )
        .bind(query.stage.map_or("", Stage::name))
        .bind(pattern)
        .bind(query.limit.clamp(0, 1000))
        .bind(query.offset.max(0))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ArticleSummary {
                    id: row.try_get("id")?,
                    title: row.try_get("title")?,
                    stage: stage_of(row.try_get("stage")?)?,
                    version: row.try_get("version")?,
                    updated_at: row.try_get("updated_at")?,
                    returned: Self::returned_of(row)?,
                    assignment: match row.try_get::<Option<i64>, _>("assignee_id")? {
                        Some(assignee) => Some(Assignment {
                            stage: stage_of(row.try_get("stage")?)?,
                            assignee,
                            due: row.try_get("due_at")?,
                        }),
                        None => None,
                    },
                    rows: row.try_get("row_count")?,
                    reviewed: row.try_get("reviewed_count")?,
                })
            })
            .collect()
    }

    async fn article_version(&self, id: i64) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, id).await
    }

    async fn answer_version(&self, id: i64) -> StoreResult<(i64, i64)> {
        let row = sqlx::query(
            "SELECT version, (SELECT COALESCE(MAX(seq), 0) FROM glossary_changes) AS glossary_version \
             FROM articles WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("article {id}")))?;
        Ok((row.try_get("version")?, row.try_get("glossary_version")?))
    }

    async fn article_ids(&self) -> StoreResult<Vec<i64>> {
        let mut conn = self.pool.acquire().await?;
        Ok(sqlx::query("SELECT id FROM articles ORDER BY id")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?)
    }

    async fn save_revision(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
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
        article_id: i64,
        edits: &[(i64, i64, String)],
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
            w.may_change_row(by, Change::EditEnglish, *segment_id)?;
            let row = Self::active_segment(w.conn(), article_id, *segment_id).await?;
            if w.source_of(*segment_id) == Some(Carry::Removed) {
                return Err(StoreError::Invalid(format!(
                    "row {segment_id}'s Korean was removed: confirm its English is to go, or merge it into a neighbouring row to keep it"
                )));
            }
            if row.text == text {
                // The text it has (perhaps in another Unicode form): nothing
                // changes, the review stands, the current revision answers.
                saved.push(Self::revision(w.conn(), *segment_id, row.revision).await?);
                continue;
            }
            saved
                .push(Self::insert_revision(&mut w, by, *segment_id, *base_revision, &text).await?);
        }
        if w.is_empty() {
            return Ok(saved);
        }
        w.commit().await?;
        Ok(saved)
    }

    async fn mark_reviewed(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        revision: i64,
    ) -> StoreResult<()> {
        let mut w = self.write_article(article_id, by, None).await?;
        w.may_change_row(by, Change::MarkReviewed, segment_id)?;
        Self::row_at(&mut w, article_id, segment_id, revision).await?;
        if w.source_of(segment_id) == Some(Carry::Removed) {
            return Err(StoreError::Invalid(format!(
                "row {segment_id}'s Korean was removed: confirm its English is to go instead of marking it reviewed"
            )));
        }
        // The row's own blocking findings, as the core finds them now.
        let article = Self::load_checked_article(w.conn(), article_id).await?;
        let overrides = Self::load_overrides(w.conn(), article_id).await?;
        let index = article
            .rows
            .iter()
            .position(|r| r.id == segment_id)
            .ok_or_else(|| StoreError::NotFound(format!("row {segment_id}")))?;
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
                row: segment_id,
                revision,
            },
        )
        .await?;
        w.commit().await
    }

    async fn withdraw_review(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        revision: i64,
    ) -> StoreResult<()> {
        let mut w = self.write_article(article_id, by, None).await?;
        w.may_change_row(by, Change::MarkReviewed, segment_id)?;
        Self::row_at(&mut w, article_id, segment_id, revision).await?;
        if w.replay().active_row(segment_id)?.reviewed != Some(revision) {
            return Err(StoreError::Invalid(format!(
                "row {segment_id} is not marked reviewed at revision {revision}"
            )));
        }
        let stage = w.stage();
        w.record(
            Some(by),
            stage,
            &Fact::ReviewWithdrawn {
                row: segment_id,
                revision,
            },
        )
        .await?;
        w.commit().await
    }

    async fn merge_with_next(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
    ) -> StoreResult<Article> {
        let mut w = self
            .write_article(article_id, by, Some(Change::EditAlignment))
            .await?;
        let (stage, ai) = (w.stage(), w.locked.ai.clone());
        // The next row is the next in the trail's order.
        let order = &w.replay().order;
        let next_id = match order.iter().position(|&r| r == segment_id) {
            None => {
                return Err(StoreError::NotFound(format!(
                    "row {segment_id} of article {article_id}"
                )));
            }
            Some(at) => order.get(at + 1).copied().ok_or_else(|| {
                StoreError::Invalid(format!(
                    "row {segment_id} is the last row: there is no next row to merge with"
                ))
            })?,
        };
        w.may_realign(by, &[segment_id, next_id])?;
        let tx = w.conn();
        let first = Self::active_segment(tx, article_id, segment_id).await?;
        let second = Self::active_segment(tx, article_id, next_id).await?;
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
        Self::move_comments(tx, &[first.id, second.id], into).await?;
        let fact = Fact::RowsMerged {
            merged: [first.id, second.id],
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
        article_id: i64,
        segment_id: i64,
        ko_at: usize,
        en_at: usize,
    ) -> StoreResult<Article> {
        let mut w = self
            .write_article(article_id, by, Some(Change::EditAlignment))
            .await?;
        let (stage, ai) = (w.stage(), w.locked.ai.clone());
        w.may_realign(by, &[segment_id])?;
        let tx = w.conn();
        let row = Self::active_segment(tx, article_id, segment_id).await?;
        let draft = Self::draft_of(tx, row.id).await?;
        let halves = rows::split(row.ko.clone(), &draft, &row.text, ko_at, en_at)
            .map_err(|bad| StoreError::Invalid(format!("row {segment_id}: {bad}")))?;
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
        Self::move_comments(tx, &[row.id], ids[0]).await?;
        let fact = Fact::RowSplit {
            split: row.id,
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

    async fn transition(
        &self,
        by: &User,
        article_id: i64,
        action: Action,
        note: Option<&str>,
        version: i64,
    ) -> StoreResult<Article> {
        let note = note
            .filter(|note| !note.trim().is_empty())
            .map(|note| limits::clean("note", note, Kind::Note))
            .transpose()?;
        let note = note.as_deref();
        let mut w = self.write_article(article_id, by, None).await?;
        let (stage, current) = (w.stage(), w.locked.version);
        if version != current {
            return Err(StoreError::StaleVersion {
                given: version,
                current,
            });
        }
        // QA reads the texts and the glossary; every other input of the
        // rule (rows and their marks, who took part, threads, rows a new
        // Korean marked) is the state's.
        let blocking = if matches!(action, Action::Approve | Action::SignOff) {
            let article = Self::load_checked_article(w.conn(), article_id).await?;
            let overrides = Self::load_overrides(w.conn(), article_id).await?;
            article.blocking_findings(&overrides)
        } else {
            0
        };
        let to = w
            .replay()
            .may_transition(by.id, Roles::of(&by.roles), action, note, blocking)?;
        // A return stands (for the desk and the page) until the next action.
        // The stage, and the marks a resubmitted draft loses, are the
        // fact's changes.
        let returned = (action == Action::Return).then(now);
        sqlx::query(
            "UPDATE articles SET returned_by = $2, returned_at = $3, returned_note = $4 WHERE id = $1",
        )
        .bind(article_id)
        .bind(returned.as_ref().map(|_| by.id))
        .bind(returned.as_deref())
        .bind(returned.as_ref().and(note))
        .execute(w.conn())
        .await?;
        let fact = Fact::Transition {
            action,
            from: stage,
            to,
            note: note.map(str::to_string),
            version: Some(version),
        };
        w.record(Some(by), to, &fact).await?;
        if action == Action::Correct && !w.has_headline() {
            Self::add_headline_row(&mut w, by, to).await?;
        }
        let article = if to == Stage::SignedOff {
            // A sign-off publishes: what it publishes is checked against
            // the trail that now ends in it.
            let replay = w.replay().clone();
            Self::vouched_article(w.conn(), article_id, &replay).await?
        } else {
            Self::load_article(w.conn(), article_id).await?
        };
        w.commit().await?;
        Ok(article)
    }

    async fn add_comment(
        &self,
        by: &User,
        article_id: i64,
        comment: NewComment<'_>,
    ) -> StoreResult<Comment> {
        let body = limits::clean("body", comment.body, Kind::Note).map_err(|e| {
            match comment.body.trim().is_empty() {
                true => limits::TextError {
                    message: "is empty: a comment says something".into(),
                    ..e
                },
                false => e,
            }
        })?;
        let mut w = self
            .write_article(article_id, by, Some(Change::Comment))
            .await?;
        let mut row_id = comment.row_id;
        if let Some(to) = comment.reply_to {
            // A reply joins its thread: on the thread's row, never blocking.
            let thread = Self::load_comment(w.conn(), article_id, to).await?;
            if thread.reply_to.is_some() {
                return Err(StoreError::Invalid(format!(
                    "comment {to} is a reply; reply to the thread's first comment ({})",
                    thread.reply_to.unwrap_or_default()
                )));
            }
            if comment.blocking {
                return Err(StoreError::Invalid(
                    "a reply cannot need an answer; its thread does or does not".into(),
                ));
            }
            if row_id.is_some_and(|row| Some(row) != thread.row_id) {
                return Err(StoreError::Invalid(format!(
                    "comment {to} is on another row"
                )));
            }
            row_id = thread.row_id;
        } else if let Some(row) = row_id {
            Self::active_segment(w.conn(), article_id, row).await?;
        }
        let at = now();
        let id: i64 = sqlx::query(
            "INSERT INTO comments (article_id, segment_id, reply_to, author_id, body, blocking, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(article_id)
        .bind(row_id)
        .bind(comment.reply_to)
        .bind(by.id)
        .bind(&body)
        .bind(i64::from(comment.blocking))
        .bind(&at)
        .fetch_one(w.conn())
        .await?
        .try_get("id")?;
        let stage = w.stage();
        let fact = Fact::Comment {
            row: row_id,
            text: body.clone(),
            id: Some(id),
            reply_to: comment.reply_to,
            blocking: comment.blocking,
        };
        w.record(Some(by), stage, &fact).await?;
        w.commit().await?;
        Ok(Comment {
            id,
            article_id,
            row_id,
            reply_to: comment.reply_to,
            author_id: by.id,
            body,
            blocking: comment.blocking,
            resolved: None,
            created_at: at,
        })
    }

    async fn resolve_thread(
        &self,
        by: &User,
        article_id: i64,
        comment: i64,
        resolved: bool,
    ) -> StoreResult<Comment> {
        let mut w = self
            .write_article(article_id, by, Some(Change::Comment))
            .await?;
        let thread = Self::load_comment(w.conn(), article_id, comment).await?;
        if thread.reply_to.is_some() {
            return Err(StoreError::Invalid(format!(
                "comment {comment} is a reply; a thread is resolved by its first comment"
            )));
        }
        if thread.resolved.is_some() == resolved {
            return Err(StoreError::Invalid(format!(
                "thread {comment} is already {}",
                if resolved { "resolved" } else { "open" }
            )));
        }
        let at = now();
        sqlx::query("UPDATE comments SET resolved_at = $2, resolved_by = $3 WHERE id = $1")
            .bind(comment)
            .bind(resolved.then_some(at.as_str()))
            .bind(resolved.then_some(by.id))
            .execute(w.conn())
            .await?;
        let stage = w.stage();
        w.record(Some(by), stage, &Fact::ThreadResolved { comment, resolved })
            .await?;
        let updated = Self::load_comment(w.conn(), article_id, comment).await?;
        w.commit().await?;
        Ok(updated)
    }

    async fn assign(
        &self,
        by: &User,
        article_id: i64,
        stage: Stage,
        assignee: Option<i64>,
        due: Option<&str>,
    ) -> StoreResult<Option<Assignment>> {
        let due = due
            .map(|due| {
                due.parse::<jiff::Timestamp>()
                    .map(|t| t.to_string())
                    .map_err(|_| {
                        StoreError::BadText(limits::TextError {
                            field: "due".into(),
                            message: "is not a time: give RFC 3339, say 2026-12-04T18:00:00+09:00"
                                .into(),
                        })
                    })
            })
            .transpose()?;
        let person = match assignee {
            Some(id) => Some(crate::Accounts::user(self, id).await?),
            None => None,
        };
        let mut w = self.write_article(article_id, by, None).await?;
        w.replay().may_assign(
            stage,
            Roles::of(&by.roles),
            person.as_ref().map(|p| (p.id, Roles::of(&p.roles))),
        )?;
        let at = now();
        match assignee {
            Some(id) => {
                sqlx::query("DELETE FROM assignments WHERE article_id = $1 AND stage = $2")
                    .bind(article_id)
                    .bind(stage.name())
                    .execute(w.conn())
                    .await?;
                sqlx::query(
                    "INSERT INTO assignments (article_id, stage, assignee_id, due_at, assigned_by, assigned_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(article_id)
                .bind(stage.name())
                .bind(id)
                .bind(due.as_deref())
                .bind(by.id)
                .bind(&at)
                .execute(w.conn())
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM assignments WHERE article_id = $1 AND stage = $2")
                    .bind(article_id)
                    .bind(stage.name())
                    .execute(w.conn())
                    .await?;
            }
        }
        let stage_now = w.stage();
        w.record(
            Some(by),
            stage_now,
            &Fact::Assigned {
                stage,
                assignee,
                due: due.clone(),
            },
        )
        .await?;
        w.commit().await?;
        Ok(assignee.map(|assignee| Assignment {
            stage,
            assignee,
            due,
        }))
    }

    async fn comments(&self, article_id: i64) -> StoreResult<Vec<Comment>> {
        self.article_version(article_id).await?;
        let rows = sqlx::query(concat!(
            "SELECT ",
            comment_columns!(),
            " FROM comments WHERE article_id = $1 ORDER BY id"
        ))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::comment_of_row).collect()
    }

    async fn override_finding(
        &self,
        by: &User,
        article_id: i64,
        segment_id: i64,
        key: &str,
        reason: &str,
    ) -> StoreResult<()> {
        let reason = limits::clean("reason", reason, Kind::Note).map_err(|e| {
            match reason.trim().is_empty() {
                true => limits::TextError {
                    message: "is empty: an override needs a written reason".into(),
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
        w.may_change_row(by, Change::EditEnglish, segment_id)?;
        let article = Self::load_checked_article(w.conn(), article_id).await?;
        let Some(index) = article.rows.iter().position(|s| s.id == segment_id) else {
            return Err(StoreError::NotFound(format!("row {segment_id}")));
        };
        let findings = article.findings();
        if !findings[index].iter().any(|f| f.key == key) {
            return Err(StoreError::Invalid(format!(
                "row {segment_id} has no finding {key:?} now"
            )));
        }
        let inserted = sqlx::query(
            "INSERT INTO qa_overrides (segment_id, finding_key, reason, user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(segment_id)
        .bind(key)
        .bind(reason)
        .bind(by.id)
        .bind(now())
        .execute(w.conn())
        .await;
        match inserted {
            Ok(_) => {}
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Invalid(format!(
                    "finding {key:?} of row {segment_id} is already overridden"
                )));
            }
            Err(error) => return Err(error.into()),
        }
        let stage = w.stage();
        let fact = Fact::QaOverridden {
            row: segment_id,
            key: key.to_string(),
            reason: reason.to_string(),
        };
        w.record(Some(by), stage, &fact).await?;
        w.commit().await
    }

    async fn overrides(&self, article_id: i64) -> StoreResult<Vec<Override>> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::load_overrides(&mut conn, article_id).await
    }

    async fn revisions(&self, segment_id: i64) -> StoreResult<Vec<Revision>> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(
            "SELECT segment_id, revision, text, author_user, ai_tool, ai_model, stage, created_at \
             FROM revisions WHERE segment_id = $1 ORDER BY revision",
        )
        .bind(segment_id)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(format!("row {segment_id}")));
        }
        rows.iter().map(revision_of).collect()
    }

    async fn article_revisions(&self, article_id: i64) -> StoreResult<HashMap<i64, Vec<Revision>>> {
        self.revisions_by_row(article_id, true).await
    }

    async fn every_revision(&self, article_id: i64) -> StoreResult<HashMap<i64, Vec<Revision>>> {
        self.revisions_by_row(article_id, false).await
    }
}

impl SqlStore {
    /// The revisions of an article's rows by row id, oldest first: of its
    /// active rows only, or of every row it ever had.
    async fn revisions_by_row(
        &self,
        article_id: i64,
        active_only: bool,
    ) -> StoreResult<HashMap<i64, Vec<Revision>>> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, article_id).await?;
        Self::load_revisions(&mut conn, article_id, active_only).await
    }

    /// [`Self::revisions_by_row`] on a connection the caller holds.
    pub(super) async fn load_revisions(
        conn: &mut AnyConnection,
        article_id: i64,
        active_only: bool,
    ) -> StoreResult<HashMap<i64, Vec<Revision>>> {
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
    ) -> StoreResult<HashMap<i64, HashMap<i64, Vec<Revision>>>> {
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
        let mut out: HashMap<i64, HashMap<i64, Vec<Revision>>> = HashMap::new();
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
