//! Comments: threads on a row or the whole article, replies, resolving.

use galley_core::events::Fact;
use galley_core::limits::{self, Kind};
use galley_core::workflow::Change;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use super::SqlStore;
use crate::Invalid;
use crate::Missing;
use crate::time::TimeColumns;
use crate::time::{now, stored};
use crate::{
    ArticleId, Articles, Comment, Comments, NewComment, StoreError, StoreResult, User, UserId,
};

/// The columns a [`Comment`] is read from.
macro_rules! comment_columns {
    () => {
        "id, article_id, segment_id, reply_to, author_id, body, blocking, resolved_at, resolved_by, created_at"
    };
}

impl SqlStore {
    pub(super) fn comment_of_row(row: &AnyRow) -> StoreResult<Comment> {
        let resolved_by: Option<UserId> = row.try_get("resolved_by")?;
        let resolved_at = row.time_or_none("resolved_at")?;
        Ok(Comment {
            id: row.try_get("id")?,
            article_id: row.try_get("article_id")?,
            row_id: row.try_get("segment_id")?,
            reply_to: row.try_get("reply_to")?,
            author_id: row.try_get("author_id")?,
            body: row.try_get("body")?,
            blocking: row.try_get::<i64, _>("blocking")? != 0,
            resolved: resolved_by.zip(resolved_at),
            created_at: row.time("created_at")?,
        })
    }

    pub(super) async fn load_comment(
        tx: &mut AnyConnection,
        article_id: ArticleId,
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
        .ok_or({
            StoreError::NotFound(Missing::Comment {
                comment: id,
                article: article_id,
            })
        })?;
        Self::comment_of_row(&row)
    }

    /// Comments on rows `from` move to row `to` (a merge, or a split's
    /// first half), as the replay moves their threads.
    pub(super) async fn move_comments(
        tx: &mut AnyConnection,
        from: &[i64],
        to: i64,
    ) -> StoreResult<()> {
        for id in from {
            sqlx::query("UPDATE comments SET segment_id = $2 WHERE segment_id = $1")
                .bind(id)
                .bind(to)
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl Comments for SqlStore {
    async fn add_comment(
        &self,
        by: &User,
        article_id: ArticleId,
        comment: NewComment<'_>,
    ) -> StoreResult<Comment> {
        let body = limits::clean("body", comment.body, Kind::Note).map_err(|e| {
            match comment.body.trim().is_empty() {
                true => limits::TextError {
                    problem: limits::TextProblem::NoComment,
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
                return Err(StoreError::Invalid {
                    field: Some("reply_to"),
                    why: Invalid::ReplyToReply {
                        comment: to,
                        thread: thread.reply_to.unwrap_or_default(),
                    },
                });
            }
            if comment.blocking {
                return Err(StoreError::Invalid {
                    field: Some("blocking"),
                    why: Invalid::ReplyNeedsNoAnswer,
                });
            }
            if row_id.is_some_and(|row| Some(row) != thread.row_id) {
                return Err(StoreError::Invalid {
                    field: Some("reply_to"),
                    why: Invalid::ReplyOnOtherRow { comment: to },
                });
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
        .bind(stored(at))
        .fetch_one(w.conn())
        .await?
        .try_get("id")?;
        let stage = w.stage();
        let fact = Fact::Comment {
            row: row_id.map(|r| r.0),
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
        article_id: ArticleId,
        comment: i64,
        resolved: bool,
    ) -> StoreResult<Comment> {
        let mut w = self
            .write_article(article_id, by, Some(Change::Comment))
            .await?;
        let thread = Self::load_comment(w.conn(), article_id, comment).await?;
        if thread.reply_to.is_some() {
            return Err(StoreError::Invalid {
                field: None,
                why: Invalid::ResolveReply { comment },
            });
        }
        if thread.resolved.is_some() == resolved {
            return Err(StoreError::Invalid {
                field: Some("resolved"),
                why: Invalid::ThreadAlready {
                    thread: comment,
                    resolved,
                },
            });
        }
        let at = now();
        sqlx::query("UPDATE comments SET resolved_at = $2, resolved_by = $3 WHERE id = $1")
            .bind(comment)
            .bind(resolved.then(|| stored(at)))
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

    async fn comments(&self, article_id: ArticleId) -> StoreResult<Vec<Comment>> {
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
}
