//! Articles as wholes: submission, reading and listing, stage
//! transitions and assignments, each change through one [`ArticleWrite`].

use std::collections::HashMap;

use galley_core::audit;
use galley_core::events::Fact;
use galley_core::limits::{self, Kind};
use galley_core::replay::{ArticleState, Replay};
use galley_core::trail::text_digest;
use galley_core::workflow::{Action, Change, Refusal, Roles, Rule, Stage, Why};
use sqlx::{AnyConnection, Row as _};

use super::rows::{ROWS_PER_INSERT, RowToInsert, segment_of, values};
use super::runs::{Ids, by_article};
use super::write::ArticleWrite;
use super::{SqlStore, stage_of};
use crate::Invalid;
use crate::Missing;
use crate::time::TimeColumns;
use crate::time::{now, stored};
use crate::{
    AiTool, Article, ArticleId, ArticleQuery, ArticleSummary, Articles, Assignment, NewArticle,
    Row, StoreError, StoreResult, User, UserId,
};

impl SqlStore {
    /// [`Self::load_article`] with the glossary its QA check reads: for
    /// whatever shows or judges the article's findings.
    pub(super) async fn load_checked_article(
        conn: &mut AnyConnection,
        id: ArticleId,
    ) -> StoreResult<Article> {
        let mut article = Self::load_article(conn, id).await?;
        (article.glossary_version, article.glossary) =
            Self::glossary_for_articles(conn, std::slice::from_ref(&article)).await?;
        Ok(article)
    }

    /// The article as stored, checked against `replay` (its trail as it
    /// stands in this transaction): what a sign-off publishes and webhook
    /// messages carry. A text, mark or field the replay does not vouch for
    /// refuses the write (`trail_mismatch`, naming what differs) and raises
    /// the tampering alarm in the log.
    pub(super) async fn vouched_article(
        conn: &mut AnyConnection,
        id: ArticleId,
        replay: &Replay,
    ) -> StoreResult<Article> {
        let article = Self::load_article(conn, id).await?;
        let overrides = Self::load_overrides(conn, id).await?;
        match audit::check_claimed(replay, &article.claimed(None, &overrides)) {
            Ok(_) => Ok(article),
            Err(mismatch) => {
                tracing::error!(
                    alarm = "tampering",
                    article = id.0,
                    reason = %mismatch.reason,
                    "the stored article is not what its trail records: nothing is published"
                );
                Err(Refusal {
                    rule: Rule::TrailMismatch,
                    why: Why::StoredDiffers {
                        detail: mismatch.to_string(),
                    },
                }
                .into())
            }
        }
    }

    /// An article as stored, without the glossary (an empty one: its
    /// findings are the texts' alone); [`Self::load_checked_article`] adds it.
    pub(super) async fn load_article(
        conn: &mut AnyConnection,
        id: ArticleId,
    ) -> StoreResult<Article> {
        Self::load_articles(conn, Ids::one(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound(Missing::Article(id)))
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
                    due: row.time_or_none("due_at")?,
                })
            },
        )?;
        heads
            .iter()
            .map(|row| {
                let id: ArticleId = row.try_get("id")?;
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
    pub(super) async fn version_of(conn: &mut AnyConnection, id: ArticleId) -> StoreResult<i64> {
        let row = sqlx::query("SELECT version FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound(Missing::Article(id)))?;
        Ok(row.try_get("version")?)
    }

    /// The Korean paragraphs and active rows of a run's articles, row by
    /// row.
    pub(super) async fn korean_and_rows(
        conn: &mut AnyConnection,
        ids: Ids,
    ) -> StoreResult<(
        HashMap<ArticleId, Vec<String>>,
        HashMap<ArticleId, Vec<Row>>,
    )> {
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

    /// A submission within the limits, its names cleaned, its rows covering
    /// the Korean in order.
    pub(super) fn checked_submission(article: NewArticle) -> StoreResult<NewArticle> {
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
                return Err(StoreError::Invalid {
                    field: None,
                    why: Invalid::RowsOutOfOrder,
                });
            }
            next = segment.ko.end;
        }
        if next != article.korean.len() {
            return Err(StoreError::Invalid {
                field: None,
                why: Invalid::RowsMissKorean,
            });
        }
        if article.headline {
            match article.rows.first() {
                Some(first)
                    if first.ko.start == 0 && first.ko.end <= 1 && first.draft == article.title => {
                }
                _ => {
                    return Err(StoreError::Invalid {
                        field: None,
                        why: Invalid::HeadlineFirst,
                    });
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
    pub(super) async fn insert_korean(
        tx: &mut AnyConnection,
        id: i64,
        korean: &[String],
    ) -> StoreResult<()> {
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
    pub(super) async fn write_submission(
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
        let ids =
            Self::insert_segments(tx, ArticleId(id), &article.ai, Stage::Draft, &rows).await?;
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

    /// Makes the title of an article submitted before the headline was a
    /// row its headline row, first, when a correction opens:
    /// its draft the title as submitted (the AI's, never reviewed), no
    /// Korean, to be reviewed like any row before the corrected edition is
    /// signed off. Nothing is added to a trail behind its back: this is
    /// part of the correction a person opened.
    pub(super) async fn add_headline_row(
        w: &mut ArticleWrite,
        by: &User,
        stage: Stage,
    ) -> StoreResult<()> {
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
        .bind(stored(at))
        .bind(i64::from(article.headline))
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let w = ArticleWrite::created(self, tx, id, article.ai.clone());
        Self::write_submission(w, by, id, &article).await?;
        // Read back outside the writers' turn: on SQLite the next writer
        // need not wait for it.
        self.article(ArticleId(id)).await
    }

    async fn replace_submission(
        &self,
        by: &User,
        article_id: ArticleId,
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
        Self::write_submission(w, by, article_id.0, &article).await?;
        self.article(article_id).await
    }

    async fn article(&self, id: ArticleId) -> StoreResult<Article> {
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
        // Only the filters asked for, so that each reads its own index: the
        // stage's (stage, id), a person's assignments, the due ones.
        let mut sql = String::from(
            "SELECT a.id, a.title, a.stage, a.version, a.updated_at, a.returned_by, a.returned_at, a.returned_note, \
             a.assignee_id, a.due_at, \
             (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id AND s.active = 1) AS row_count, \
             (SELECT COUNT(*) FROM segments s WHERE s.article_id = a.id AND s.active = 1 \
                AND s.reviewed_revision = s.current_revision) AS reviewed_count \
             FROM articles a WHERE 1 = 1",
        );
        let mut places = 0;
        let mut filter = |sql: &mut String, clause: &str| {
            places += 1;
            sql.push_str(&clause.replace('?', &format!("${places}")));
        };
        if query.stage.is_some() {
            filter(&mut sql, " AND a.stage = ?");
        }
        if !title.is_empty() {
            filter(&mut sql, " AND LOWER(a.title) LIKE ? ESCAPE '\\'");
        }
        if query.assignee.is_some() {
            filter(&mut sql, " AND a.assignee_id = ?");
        }
        if query.unassigned {
            sql.push_str(
                " AND a.stage IN ('bilingual_review', 'native_edit') AND a.assignee_id IS NULL",
            );
        }
        if query.due_before.is_some() {
            filter(&mut sql, " AND a.stage <> 'signed_off' AND a.due_at < ?");
        }
        if query.after.is_some() {
            filter(&mut sql, " AND a.id < ?");
        }
        // The overdue walk their index, the most overdue first; every other
        // list its index by id, newest first.
        if query.due_before.is_some() {
            filter(&mut sql, " ORDER BY a.due_at, a.id LIMIT ?");
        } else {
            filter(&mut sql, " ORDER BY a.id DESC LIMIT ?");
        }
        filter(&mut sql, " OFFSET ?");
        let mut select = sqlx::query(&sql);
        if let Some(stage) = query.stage {
            select = select.bind(stage.name());
        }
        if !title.is_empty() {
            select = select.bind(pattern);
        }
        if let Some(assignee) = query.assignee {
            select = select.bind(assignee);
        }
        if let Some(due) = query.due_before {
            // As the column keeps it (jiff's RFC 3339).
            select = select.bind(due.to_string());
        }
        if let Some(after) = query.after {
            select = select.bind(after);
        }
        let rows = select
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
                    updated_at: row.time("updated_at")?,
                    returned: Self::returned_of(row)?,
                    assignment: match row.try_get::<Option<i64>, _>("assignee_id")? {
                        Some(assignee) => Some(Assignment {
                            stage: stage_of(row.try_get("stage")?)?,
                            assignee: UserId(assignee),
                            due: row.time_or_none("due_at")?,
                        }),
                        None => None,
                    },
                    rows: row.try_get("row_count")?,
                    reviewed: row.try_get("reviewed_count")?,
                })
            })
            .collect()
    }

    async fn article_version(&self, id: ArticleId) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        Self::version_of(&mut conn, id).await
    }

    async fn answer_version(&self, id: ArticleId) -> StoreResult<(i64, i64)> {
        let row = sqlx::query(
            "SELECT version, (SELECT COALESCE(MAX(seq), 0) FROM glossary_changes) AS glossary_version \
             FROM articles WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound(Missing::Article(id)))?;
        Ok((row.try_get("version")?, row.try_get("glossary_version")?))
    }

    async fn article_ids(&self) -> StoreResult<Vec<ArticleId>> {
        let mut conn = self.pool.acquire().await?;
        Ok(sqlx::query("SELECT id FROM articles ORDER BY id")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?)
    }

    async fn transition(
        &self,
        by: &User,
        article_id: ArticleId,
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
        let to =
            w.replay()
                .may_transition(by.id.0, Roles::of(&by.roles), action, note, blocking)?;
        // A return stands (for the desk and the page) until the next action.
        // The stage, and the marks a resubmitted draft loses, are the
        // fact's changes.
        let returned = (action == Action::Return).then(now);
        sqlx::query(
            "UPDATE articles SET returned_by = $2, returned_at = $3, returned_note = $4 WHERE id = $1",
        )
        .bind(article_id)
        .bind(returned.as_ref().map(|_| by.id))
        .bind(returned.map(stored))
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

    async fn assign(
        &self,
        by: &User,
        article_id: ArticleId,
        stage: Stage,
        assignee: Option<UserId>,
        due: Option<&str>,
    ) -> StoreResult<Option<Assignment>> {
        let due_at = due
            .map(|due| {
                due.parse::<jiff::Timestamp>().map_err(|_| {
                    StoreError::BadText(limits::TextError::new(
                        "due",
                        limits::TextProblem::NotATime,
                    ))
                })
            })
            .transpose()?;
        // As the trail and the column keep it (RFC 3339 in UTC).
        let due = due_at.map(|t| t.to_string());
        let person = match assignee {
            Some(id) => Some(crate::Accounts::user(self, id).await?),
            None => None,
        };
        let mut w = self.write_article(article_id, by, None).await?;
        w.replay().may_assign(
            stage,
            Roles::of(&by.roles),
            person.as_ref().map(|p| (p.id.0, Roles::of(&p.roles))),
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
                .bind(stored(at))
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
        if stage_now == stage {
            // The desk's columns: who has the stage the article is in.
            sqlx::query("UPDATE articles SET assignee_id = $2, due_at = $3 WHERE id = $1")
                .bind(article_id)
                .bind(assignee)
                .bind(due.as_deref())
                .execute(w.conn())
                .await?;
        }
        w.record(
            Some(by),
            stage_now,
            &Fact::Assigned {
                stage,
                assignee: assignee.map(|a| a.0),
                due: due.clone(),
            },
        )
        .await?;
        w.commit().await?;
        Ok(assignee.map(|assignee| Assignment {
            stage,
            assignee,
            due: due_at,
        }))
    }
}
