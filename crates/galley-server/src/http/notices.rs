//! `/api/v1/notifications` (a person's inbox) and `/api/v1/webhooks`
//! (endpoints, their deliveries and re-sending, for admins).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use galley_core::workflow::Role;
use galley_store::{
    ArticleId, Attempt, Delivery, DeliveryQuery, DeliveryState, Notification, RowId, User, UserId,
    WebhookEndpoint,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::comments::PersonView;
use super::error::Problem;
use super::{ApiError, ApiJson, ApiQuery, AuthUser};
use crate::state::AppState;
use crate::views::names::{DeliveryStateName, ReasonName, StageName};
use crate::views::notices::link_of;
use crate::webhooks::{self, delivery_state};
use crate::wrong::Wrong;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(notifications))
        .routes(routes!(mark_read))
        .routes(routes!(list_webhooks, add_webhook))
        .routes(routes!(remove_webhook))
        .routes(routes!(deliveries))
        .routes(routes!(delivery))
        .routes(routes!(resend))
}

/// The article a notification is about.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeArticle {
    /// Its id.
    pub id: i64,
    /// Its headline.
    pub title: String,
}

/// Something a person is told.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationView {
    /// Its id.
    pub id: i64,
    /// Why: `assignment`, `arrival`, `return`, `mention`, `reply` or `sign_off`.
    pub reason: ReasonName,
    /// The article.
    pub article: NoticeArticle,
    /// The trail event it comes from (its number in the article's trail).
    pub event_seq: i64,
    /// Who did it.
    pub actor: Option<PersonView>,
    /// The stage it concerns (assignment, arrival, return).
    pub stage: Option<StageName>,
    /// The comment it concerns (mention, reply), its thread (the thread's
    /// first comment) and the row the thread is on now.
    pub comment_id: Option<i64>,
    pub thread: Option<i64>,
    pub segment: Option<RowId>,
    /// A return's note, or the comment's text (its first 280 characters).
    pub detail: Option<String>,
    /// When it happened.
    pub created_at: String,
    /// Whether it has been read, and when.
    pub read: bool,
    pub read_at: Option<String>,
    /// The page to open: the article, at the row for a comment.
    pub link: String,
}

/// A person's notifications.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationList {
    /// How many are unread (all of them, not only those listed).
    pub unread: i64,
    /// Newest first.
    pub notifications: Vec<NotificationView>,
}

fn notification_view(notice: Notification, names: &HashMap<UserId, String>) -> NotificationView {
    let link = link_of(&notice);
    NotificationView {
        id: notice.id,
        reason: notice.reason.into(),
        article: NoticeArticle {
            id: notice.article_id.0,
            title: notice.title,
        },
        event_seq: notice.event_seq,
        actor: notice.actor.map(|id| PersonView::of(id, names)),
        stage: notice.stage.map(StageName::from),
        comment_id: notice.comment.map(|c| c.id),
        thread: notice.comment.map(|c| c.thread),
        segment: notice.comment.and_then(|c| c.row_id),
        detail: notice.detail,
        created_at: galley_store::time::stored(notice.created_at),
        read: notice.read_at.is_some(),
        read_at: notice.read_at.map(galley_store::time::stored),
        link,
    }
}

/// Which notifications to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only unread ones (false).
    unread: Option<bool>,
    /// At most this many, 1 to 200 (50).
    limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/notifications",
    tag = "notifications",
    summary = "Your notifications, newest first: assigned to you, arrived in a stage you work, returned to you, mentions, replies in your threads, your article signed off",
    params(NotificationQuery),
    responses((status = 200, description = "The notifications and the unread count", body = NotificationList), (status = "4XX", description = "400, 401 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn notifications(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Wrong::Limit { max: 200 }.into());
    }
    let listed = state
        .store
        .notifications(user.id, query.unread.unwrap_or(false), limit)
        .await?;
    let unread = state.store.unread_notifications(user.id).await?;
    let names = state.store.user_names().await?;
    Ok(axum::Json(NotificationList {
        unread,
        notifications: listed
            .into_iter()
            .map(|n| notification_view(n, &names))
            .collect(),
    }))
}

/// Which notifications to mark read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadBody {
    /// These (your own; 500 at most).
    ids: Option<Vec<i64>>,
    /// Or every one.
    #[serde(default)]
    all: bool,
}

/// What marking read changed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReadAnswer {
    /// How many were unread and are read now.
    pub marked: u64,
    /// How many are unread still.
    pub unread: i64,
}

#[utoipa::path(
    post,
    path = "/notifications/read",
    tag = "notifications",
    summary = "Mark notifications read: {\"ids\": [...]} or {\"all\": true}",
    request_body = ReadBody,
    responses((status = 200, description = "How many changed, and how many are unread", body = ReadAnswer), (status = "4XX", description = "400, 401 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn mark_read(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<ReadBody>,
) -> Result<impl IntoResponse, ApiError> {
    let marked = match (body.ids, body.all) {
        (None, true) => state.store.mark_notifications_read(user.id, None).await?,
        (Some(ids), false) if !ids.is_empty() && ids.len() <= 500 => {
            state
                .store
                .mark_notifications_read(user.id, Some(&ids))
                .await?
        }
        (Some(_), false) => {
            return Err(Wrong::NoticeIds { max: 500 }.into());
        }
        _ => {
            return Err(Wrong::IdsOrAll.into());
        }
    };
    let unread = state.store.unread_notifications(user.id).await?;
    Ok(axum::Json(ReadAnswer { marked, unread }))
}

/// 403 unless the person is an admin.
fn admin_only(user: &User) -> Result<(), ApiError> {
    if user.roles.contains(&Role::Admin) {
        Ok(())
    } else {
        Err(Wrong::WebhooksAdminOnly.into())
    }
}

/// An endpoint that receives webhook messages.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookView {
    /// Its id.
    pub id: i64,
    /// Where messages are POSTed.
    pub url: String,
    /// The events it receives.
    pub events: Vec<String>,
    /// When it was added.
    pub created_at: String,
    /// When it was switched off (none while on).
    pub disabled_at: Option<String>,
    /// Its signing secret (`whsec_…`): in the answer that adds it, only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn webhook_view(endpoint: WebhookEndpoint, secret: Option<String>) -> WebhookView {
    WebhookView {
        id: endpoint.id,
        url: endpoint.url,
        events: endpoint.events,
        created_at: galley_store::time::stored(endpoint.created_at),
        disabled_at: endpoint.disabled_at.map(galley_store::time::stored),
        secret,
    }
}

/// The endpoints.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookList {
    /// Oldest first.
    pub webhooks: Vec<WebhookView>,
}

#[utoipa::path(
    get,
    path = "/webhooks",
    tag = "webhooks",
    summary = "The webhook endpoints (admins)",
    responses((status = 200, description = "The endpoints", body = WebhookList), (status = "4XX", description = "401 or 403: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn list_webhooks(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> Result<impl IntoResponse, ApiError> {
    admin_only(&user)?;
    let webhooks = state.store.webhooks().await?;
    Ok(axum::Json(WebhookList {
        webhooks: webhooks
            .into_iter()
            .map(|w| webhook_view(w, None))
            .collect(),
    }))
}

/// A new endpoint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where to POST (http or https).
    url: String,
    /// The events to send: article.submitted, article.approved,
    /// article.returned, article.signed_off, article.reopened,
    /// article.assigned, comment.created.
    events: Vec<String>,
}

#[utoipa::path(
    post,
    path = "/webhooks",
    tag = "webhooks",
    summary = "Register a webhook endpoint for some events (admins); the answer carries its signing secret, once",
    request_body = NewWebhook,
    responses((status = 201, description = "The endpoint, with its secret", body = WebhookView), (status = "4XX", description = "400, 401, 403 or 422: problem details (`field` names a bad field)", body = Problem, content_type = "application/problem+json"))
)]
async fn add_webhook(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<NewWebhook>,
) -> Result<impl IntoResponse, ApiError> {
    admin_only(&user)?;
    if body.url.len() > 2000 {
        return Err(Wrong::UrlTooLong { max: 2000 }.into());
    }
    webhooks::check_endpoint(&body.url, &state.webhook_hosts)?;
    let events = webhooks::check_events(&body.events)?;
    let secret = webhooks::new_secret();
    let endpoint = state
        .store
        .add_webhook(Some(&user), &body.url, &events, &secret)
        .await?;
    tracing::info!(
        webhook = endpoint.id,
        by = user.id.0,
        "webhook endpoint added"
    );
    Ok((
        StatusCode::CREATED,
        axum::Json(webhook_view(endpoint, Some(secret))),
    ))
}

#[utoipa::path(
    delete,
    path = "/webhooks/{id}",
    tag = "webhooks",
    summary = "Switch an endpoint off (admins): nothing more is sent to it",
    params(("id" = i64, Path, description = "The endpoint")),
    responses((status = 200, description = "The endpoint, switched off", body = WebhookView), (status = "4XX", description = "401, 403 or 404: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn remove_webhook(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    admin_only(&user)?;
    let endpoint = state.store.disable_webhook(id).await?;
    Ok(axum::Json(webhook_view(endpoint, None)))
}

/// One attempt to deliver.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptView {
    /// When.
    pub at: String,
    /// The HTTP status answered.
    pub status: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
}

/// One message to one endpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    /// Its id.
    pub id: i64,
    /// The endpoint and its URL.
    pub webhook: i64,
    pub url: String,
    /// The `webhook-id` header: the same for every attempt.
    pub message_id: String,
    /// The event.
    pub event: String,
    /// The article, and its trail event.
    pub article: ArticleId,
    pub event_seq: i64,
    /// `pending`, `delivered` or `failed`.
    pub state: DeliveryStateName,
    /// Attempts made.
    pub attempts: i64,
    /// When it is tried next (pending only).
    pub next_attempt_at: Option<String>,
    /// The last attempt's status, or why it got none.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    /// When it was written, with its event.
    pub created_at: String,
    /// When the endpoint took it.
    pub delivered_at: Option<String>,
    /// The body sent (in one delivery's answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    /// Every attempt, oldest first (in one delivery's answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt_log: Option<Vec<AttemptView>>,
}

fn delivery_view(d: Delivery, attempts: Option<Vec<Attempt>>) -> DeliveryView {
    let full = attempts.is_some();
    DeliveryView {
        id: d.id,
        webhook: d.endpoint_id,
        url: d.url,
        message_id: d.message_id,
        event: d.event_type,
        article: d.article_id,
        event_seq: d.event_seq,
        state: d.state.into(),
        attempts: d.attempts,
        next_attempt_at: (d.state == DeliveryState::Pending)
            .then(|| galley_store::time::stored(d.next_attempt_at)),
        last_status: d.last_status,
        last_error: d.last_error,
        created_at: galley_store::time::stored(d.created_at),
        delivered_at: d.delivered_at.map(galley_store::time::stored),
        payload: full.then(|| serde_json::from_str(&d.payload).unwrap_or(Value::Null)),
        attempt_log: attempts.map(|all| {
            all.into_iter()
                .map(|a| AttemptView {
                    at: galley_store::time::stored(a.at),
                    status: a.status,
                    error: a.error,
                    duration_ms: a.duration_ms,
                })
                .collect()
        }),
    }
}

/// Deliveries.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeliveryList {
    /// Newest first.
    pub deliveries: Vec<DeliveryView>,
}

/// Which deliveries to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// Only this state: pending, delivered, failed.
    state: Option<String>,
    /// Only to this endpoint.
    webhook: Option<i64>,
    /// At most this many, 1 to 500 (100).
    limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/webhooks/deliveries",
    tag = "webhooks",
    summary = "Webhook deliveries, newest first (admins)",
    params(DeliveriesQuery),
    responses((status = 200, description = "The deliveries", body = DeliveryList), (status = "4XX", description = "400, 401, 403 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn deliveries(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiQuery(query): ApiQuery<DeliveriesQuery>,
) -> Result<impl IntoResponse, ApiError> {
    admin_only(&user)?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(Wrong::Limit { max: 500 }.into());
    }
    let wanted = match query.state.as_deref() {
        Some(name) => Some(delivery_state(name)?),
        None => None,
    };
    let listed = state
        .store
        .deliveries(DeliveryQuery {
            state: wanted,
            endpoint: query.webhook,
            limit,
        })
        .await?;
    Ok(axum::Json(DeliveryList {
        deliveries: listed.into_iter().map(|d| delivery_view(d, None)).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/webhooks/deliveries/{id}",
    tag = "webhooks",
    summary = "One delivery, with the body sent and every attempt (admins)",
    params(("id" = i64, Path, description = "The delivery")),
    responses((status = 200, description = "The delivery", body = DeliveryView), (status = "4XX", description = "401, 403 or 404: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn delivery(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    admin_only(&user)?;
    let (delivery, attempts) = state.store.delivery(id).await?;
    Ok(axum::Json(delivery_view(delivery, Some(attempts))))
}

#[utoipa::path(
    post,
    path = "/webhooks/deliveries/{id}/resend",
    tag = "webhooks",
    summary = "Send a failed (or delivered) delivery again, with the same webhook-id (admins); 422 while it is still pending",
    params(("id" = i64, Path, description = "The delivery")),
    responses((status = 200, description = "The delivery, pending again", body = DeliveryView), (status = "4XX", description = "401, 403, 404 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn resend(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    admin_only(&user)?;
    let delivery = state.store.resend_delivery(id).await?;
    tracing::info!(delivery = id, by = user.id.0, "webhook delivery re-sent");
    Ok(axum::Json(delivery_view(delivery, None)))
}
