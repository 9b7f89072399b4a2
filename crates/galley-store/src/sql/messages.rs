//! What the trail sends on: notifications and webhook deliveries, written
//! by the write that records their event ([`SqlStore::send_on`]), read by
//! the pages and the API, and taken by the webhook worker.

use galley_core::disclosure::{self, HOUSE_WORDING};
use galley_core::events::Fact;
use galley_core::notify::{self, Person, Reason, Subject};
use galley_core::replay::Replay;
use galley_core::rows::english_paragraphs;
use galley_core::workflow::{Role, Roles};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::write::Told;
use super::{Backend, SqlStore, stage_of};
use crate::Invalid;
use crate::Missing;
use crate::time::TimeColumns;
use crate::time::{now, now_plus, stored};
use crate::{
    ArticleId, Attempt, Claimed, Delivery, DeliveryQuery, DeliveryState, Messages, NoticeComment,
    Notification, StoreError, StoreResult, User, UserId, WebhookEndpoint,
};

/// How much of a comment a notification keeps, in characters.
const DETAIL_CHARS: usize = 280;

/// The columns a [`Delivery`] is read from (`d`, joined with its endpoint `e`).
macro_rules! delivery_columns {
    () => {
        "d.id, d.endpoint_id, e.url, d.message_id, d.event_type, d.article_id, d.event_seq, \
         d.payload, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, \
         d.created_at, d.retry_since, d.delivered_at"
    };
}

fn delivery_of(row: &AnyRow) -> StoreResult<Delivery> {
    let state: String = row.try_get("state")?;
    Ok(Delivery {
        id: row.try_get("id")?,
        endpoint_id: row.try_get("endpoint_id")?,
        url: row.try_get("url")?,
        message_id: row.try_get("message_id")?,
        event_type: row.try_get("event_type")?,
        article_id: row.try_get("article_id")?,
        event_seq: row.try_get("event_seq")?,
        payload: row.try_get("payload")?,
        state: DeliveryState::parse(&state)
            .ok_or_else(|| StoreError::Internal(format!("unknown delivery state {state:?}")))?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.time("next_attempt_at")?,
        last_status: row.try_get("last_status")?,
        last_error: row.try_get("last_error")?,
        created_at: row.time("created_at")?,
        retry_since: row.time("retry_since")?,
        delivered_at: row.time_or_none("delivered_at")?,
    })
}

fn endpoint_of(row: &AnyRow) -> StoreResult<WebhookEndpoint> {
    let events: String = row.try_get("events")?;
    Ok(WebhookEndpoint {
        id: row.try_get("id")?,
        url: row.try_get("url")?,
        events: events.split_whitespace().map(str::to_string).collect(),
        created_at: row.time("created_at")?,
        disabled_at: row.time_or_none("disabled_at")?,
    })
}

fn excerpt(text: &str) -> String {
    match text.char_indices().nth(DETAIL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl SqlStore {
    /// Writes, in the transaction of the write that recorded `told`, the
    /// notices they make (see [`notify::recipients`]) and a delivery to
    /// every endpoint that asked for their webhook event: the outbox.
    /// `head` is the trail's head after the write.
    pub(super) async fn send_on(
        conn: &mut AnyConnection,
        article_id: ArticleId,
        told: &[Told],
        head: &str,
        public_url: &str,
        replay: &Replay,
    ) -> StoreResult<()> {
        // Who acts on an article has seen it: what they were told of it
        // is read.
        let mut acted: Vec<(i64, &str)> = Vec::new();
        for t in told {
            if let Some(actor) = t.actor
                && !acted.iter().any(|(id, _)| *id == actor)
            {
                acted.push((actor, &t.at));
            }
        }
        for (actor, at) in acted {
            sqlx::query(
                "UPDATE notifications SET read_at = $3 \
                 WHERE user_id = $1 AND article_id = $2 AND read_at IS NULL",
            )
            .bind(actor)
            .bind(article_id)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
        let mut people: Vec<(i64, String, Vec<Role>)> = Vec::new();
        for row in sqlx::query(
            "SELECT u.id, u.name, r.role FROM users u \
             LEFT JOIN user_roles r ON r.user_id = u.id ORDER BY u.id",
        )
        .fetch_all(&mut *conn)
        .await?
        {
            let id: i64 = row.try_get("id")?;
            let role = row
                .try_get::<Option<String>, _>("role")?
                .and_then(|r| Role::parse(&r));
            match people.last_mut() {
                Some(last) if last.0 == id => last.2.extend(role),
                _ => people.push((id, row.try_get("name")?, role.into_iter().collect())),
            }
        }
        let persons: Vec<Person<'_>> = people
            .iter()
            .map(|(id, name, roles)| Person {
                id: *id,
                name,
                roles: Roles::of(roles),
            })
            .collect();
        for t in told {
            let (comment, detail) = match &t.fact {
                Fact::Comment { id, text, .. } => (*id, Some(excerpt(text))),
                Fact::Transition { note, .. } => (None, note.clone()),
                _ => (None, None),
            };
            for notice in notify::recipients(&t.fact, t.actor, replay, &persons) {
                sqlx::query(
                    "INSERT INTO notifications (user_id, article_id, event_seq, reason, actor_id, \
                     stage, comment_id, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(notice.user)
                .bind(article_id)
                .bind(t.seq)
                .bind(notice.reason.code())
                .bind(t.actor)
                .bind(notice.stage.map(|s| s.name()))
                .bind(comment)
                .bind(detail.as_deref())
                .bind(&t.at)
                .execute(&mut *conn)
                .await?;
            }
        }

        let endpoints =
            sqlx::query("SELECT id, events FROM webhook_endpoints WHERE disabled_at IS NULL")
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|row| {
                    let events: String = row.try_get("events")?;
                    Ok((row.try_get::<i64, _>("id")?, events))
                })
                .collect::<StoreResult<Vec<(i64, String)>>>()?;
        if endpoints.is_empty() {
            return Ok(());
        }
        // What a message carries is checked against the trail first.
        let article = Self::vouched_article(conn, article_id, replay).await?;
        let paragraphs: Vec<&str> = article
            .rows
            .iter()
            .flat_map(|row| english_paragraphs(&row.text))
            .collect();
        let earned = disclosure::earn(replay).ok();
        for t in told {
            let Some(kind) = notify::webhook_event(&t.fact) else {
                continue;
            };
            let to: Vec<i64> = endpoints
                .iter()
                .filter(|(_, events)| events.split_whitespace().any(|e| e == kind))
                .map(|(id, _)| *id)
                .collect();
            if to.is_empty() {
                continue;
            }
            let actor = t.actor.and_then(|id| {
                people
                    .iter()
                    .find(|p| p.0 == id)
                    .map(|p| (id, p.1.as_str()))
            });
            let subject = Subject {
                article: article_id.0,
                title: &article.title,
                version: article.version,
                actor,
                at: &t.at,
                trail_head: head,
                paragraphs: paragraphs.clone(),
                disclosure: earned.as_ref().map(|_| HOUSE_WORDING),
                edition: replay.editions.len(),
                corrections: earned
                    .as_ref()
                    .map(|e| e.corrections.clone())
                    .unwrap_or_default(),
                base_url: public_url,
            };
            let Some(payload) = notify::webhook_payload(&t.fact, &subject) else {
                continue;
            };
            let message_id = format!("msg_{article_id}_{}", t.seq);
            for endpoint in to {
                sqlx::query(
                    "INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, article_id, \
                     event_seq, payload, next_attempt_at, created_at, retry_since) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)",
                )
                .bind(endpoint)
                .bind(&message_id)
                .bind(kind)
                .bind(article_id)
                .bind(t.seq)
                .bind(&payload)
                .bind(&t.at)
                .execute(&mut *conn)
                .await?;
            }
        }
        Ok(())
    }

    async fn load_delivery(conn: &mut AnyConnection, id: i64) -> StoreResult<Delivery> {
        let row = sqlx::query(concat!(
            "SELECT ",
            delivery_columns!(),
            " FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound(Missing::Delivery(id)))?;
        delivery_of(&row)
    }
}

/// The query a [`Notification`] is read with, before its `WHERE`.
macro_rules! notification_query {
    () => {
        "SELECT n.id, n.article_id, a.title, n.event_seq, n.reason, n.actor_id, n.stage, \
         n.comment_id, c.reply_to, c.segment_id, n.detail, n.created_at, n.read_at \
         FROM notifications n JOIN articles a ON a.id = n.article_id \
         LEFT JOIN comments c ON c.id = n.comment_id"
    };
}

fn notification_of(row: &AnyRow) -> StoreResult<Notification> {
    let reason: String = row.try_get("reason")?;
    let comment = match row.try_get::<Option<i64>, _>("comment_id")? {
        Some(id) => Some(NoticeComment {
            id,
            thread: row.try_get::<Option<i64>, _>("reply_to")?.unwrap_or(id),
            row_id: row.try_get("segment_id")?,
        }),
        None => None,
    };
    Ok(Notification {
        id: row.try_get("id")?,
        article_id: row.try_get("article_id")?,
        title: row.try_get("title")?,
        event_seq: row.try_get("event_seq")?,
        reason: Reason::parse(&reason)
            .ok_or_else(|| StoreError::Internal(format!("unknown notice reason {reason:?}")))?,
        actor: row.try_get("actor_id")?,
        stage: match row.try_get::<Option<String>, _>("stage")? {
            Some(stage) => Some(stage_of(&stage)?),
            None => None,
        },
        comment,
        detail: row.try_get("detail")?,
        created_at: row.time("created_at")?,
        read_at: row.time_or_none("read_at")?,
    })
}

#[async_trait::async_trait]
impl Messages for SqlStore {
    async fn notifications(
        &self,
        user_id: UserId,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<Notification>> {
        sqlx::query(concat!(
            notification_query!(),
            " WHERE n.user_id = $1 AND ($2 = 0 OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT $3"
        ))
        .bind(user_id)
        .bind(i64::from(unread_only))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(notification_of)
        .collect()
    }

    async fn notification(&self, user_id: UserId, id: i64) -> StoreResult<Notification> {
        let row = sqlx::query(concat!(
            notification_query!(),
            " WHERE n.user_id = $1 AND n.id = $2"
        ))
        .bind(user_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound(Missing::Notification(id)))?;
        notification_of(&row)
    }

    async fn unread_notifications(&self, user_id: UserId) -> StoreResult<i64> {
        Ok(sqlx::query(
            "SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?)
    }

    async fn mark_notifications_read(
        &self,
        user_id: UserId,
        ids: Option<&[i64]>,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let mut changed = 0;
        match ids {
            None => {
                changed = sqlx::query(
                    "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
                )
                .bind(user_id)
                .bind(stored(now()))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            Some(ids) => {
                for id in ids {
                    changed += sqlx::query(
                        "UPDATE notifications SET read_at = $3 \
                         WHERE id = $1 AND user_id = $2 AND read_at IS NULL",
                    )
                    .bind(id)
                    .bind(user_id)
                    .bind(stored(now()))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
            }
        }
        tx.commit().await?;
        Ok(changed)
    }

    async fn add_webhook(
        &self,
        by: Option<&User>,
        url: &str,
        events: &[String],
        secret: &str,
    ) -> StoreResult<WebhookEndpoint> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "INSERT INTO webhook_endpoints (url, secret, events, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id, url, events, created_at, disabled_at",
        )
        .bind(url)
        .bind(secret)
        .bind(events.join(" "))
        .bind(by.map(|u| u.id))
        .bind(stored(now()))
        .fetch_one(&mut *tx)
        .await?;
        let endpoint = endpoint_of(&row)?;
        tx.commit().await?;
        Ok(endpoint)
    }

    async fn webhooks(&self) -> StoreResult<Vec<WebhookEndpoint>> {
        sqlx::query(
            "SELECT id, url, events, created_at, disabled_at FROM webhook_endpoints ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(endpoint_of)
        .collect()
    }

    async fn disable_webhook(&self, id: i64) -> StoreResult<WebhookEndpoint> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE webhook_endpoints SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
        )
        .bind(id)
        .bind(stored(now()))
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "SELECT id, url, events, created_at, disabled_at FROM webhook_endpoints WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Missing::Webhook(id)))?;
        let endpoint = endpoint_of(&row)?;
        tx.commit().await?;
        Ok(endpoint)
    }

    async fn deliveries(&self, query: DeliveryQuery) -> StoreResult<Vec<Delivery>> {
        let limit = if query.limit <= 0 { 100 } else { query.limit };
        sqlx::query(concat!(
            "SELECT ",
            delivery_columns!(),
            " FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             WHERE ($1 IS NULL OR d.state = $1) AND ($2 IS NULL OR d.endpoint_id = $2) \
             ORDER BY d.id DESC LIMIT $3"
        ))
        .bind(query.state.map(DeliveryState::name))
        .bind(query.endpoint)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(delivery_of)
        .collect()
    }

    async fn delivery(&self, id: i64) -> StoreResult<(Delivery, Vec<Attempt>)> {
        let mut conn = self.pool.acquire().await?;
        let delivery = Self::load_delivery(&mut conn, id).await?;
        let attempts = sqlx::query(
            "SELECT at, status, error, duration_ms FROM webhook_attempts \
             WHERE delivery_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(Attempt {
                at: row.time("at")?,
                status: row.try_get("status")?,
                error: row.try_get("error")?,
                duration_ms: row.try_get("duration_ms")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        Ok((delivery, attempts))
    }

    async fn claim_deliveries(
        &self,
        limit: i64,
        lease: std::time::Duration,
    ) -> StoreResult<Vec<Claimed>> {
        // A read first: the worker asks twice a second, and an idle outbox
        // should not take the write lock each time.
        let due = sqlx::query(
            "SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) LIMIT 1",
        )
        .bind(stored(now()))
        .fetch_optional(&self.pool)
        .await?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin().await?;
        let until = now_plus(i64::try_from(lease.as_secs()).unwrap_or(i64::MAX / 2));
        // On PostgreSQL, several servers claim at once: each skips the rows
        // another has locked, so a delivery goes to one of them. SQLite
        // holds its write lock for the whole transaction already.
        let query = match self.backend {
            Backend::Postgres => {
                "UPDATE webhook_deliveries SET claimed_until = $1 WHERE id IN (\
                 SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
                 WHERE d.state = 'pending' AND d.next_attempt_at <= $2 \
                 AND (d.claimed_until IS NULL OR d.claimed_until <= $2) AND e.disabled_at IS NULL \
                 ORDER BY d.next_attempt_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED) RETURNING id"
            }
            Backend::Sqlite => {
                "UPDATE webhook_deliveries SET claimed_until = $1 WHERE id IN (\
                 SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id \
                 WHERE d.state = 'pending' AND d.next_attempt_at <= $2 \
                 AND (d.claimed_until IS NULL OR d.claimed_until <= $2) AND e.disabled_at IS NULL \
                 ORDER BY d.next_attempt_at LIMIT $3) RETURNING id"
            }
        };
        let ids: Vec<i64> = sqlx::query(query)
            .bind(stored(until))
            .bind(stored(now()))
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<_, _>>()?;
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            let delivery = Self::load_delivery(&mut tx, id).await?;
            let secret: String = sqlx::query("SELECT secret FROM webhook_endpoints WHERE id = $1")
                .bind(delivery.endpoint_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("secret")?;
            claimed.push(Claimed { delivery, secret });
        }
        tx.commit().await?;
        claimed.sort_by_key(|c| c.delivery.id);
        Ok(claimed)
    }

    async fn record_attempt(
        &self,
        delivery_id: i64,
        attempt: &Attempt,
        retry_in: Option<std::time::Duration>,
    ) -> StoreResult<Delivery> {
        let retry_at =
            retry_in.map(|wait| now_plus(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2)));
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (delivery_id, at, status, error, duration_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(delivery_id)
        .bind(stored(attempt.at))
        .bind(attempt.status)
        .bind(attempt.error.as_deref())
        .bind(attempt.duration_ms)
        .execute(&mut *tx)
        .await?;
        let delivered = attempt.status.is_some_and(|s| (200..300).contains(&s));
        let (state, next) = match (delivered, retry_at.as_ref()) {
            (true, _) => (DeliveryState::Delivered, None),
            (false, Some(at)) => (DeliveryState::Pending, Some(stored(*at))),
            (false, None) => (DeliveryState::Failed, None),
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, \
             next_attempt_at = COALESCE($3, next_attempt_at), claimed_until = NULL, \
             last_status = $4, last_error = $5, \
             delivered_at = CASE WHEN $2 = 'delivered' THEN $6 ELSE delivered_at END \
             WHERE id = $1",
        )
        .bind(delivery_id)
        .bind(state.name())
        .bind(next)
        .bind(attempt.status)
        .bind(attempt.error.as_deref())
        .bind(stored(now()))
        .execute(&mut *tx)
        .await?;
        let delivery = Self::load_delivery(&mut tx, delivery_id).await?;
        tx.commit().await?;
        Ok(delivery)
    }

    async fn resend_delivery(&self, id: i64) -> StoreResult<Delivery> {
        let mut tx = self.begin().await?;
        let current = Self::load_delivery(&mut tx, id).await?;
        if current.state == DeliveryState::Pending {
            return Err(StoreError::Invalid {
                field: None,
                why: Invalid::DeliveryWaiting {
                    id,
                    attempt: current.attempts + 1,
                    due: current.next_attempt_at,
                },
            });
        }
        let at = now();
        sqlx::query(
            "UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = $2, \
             retry_since = $2, claimed_until = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(stored(at))
        .execute(&mut *tx)
        .await?;
        let delivery = Self::load_delivery(&mut tx, id).await?;
        tx.commit().await?;
        Ok(delivery)
    }
}
