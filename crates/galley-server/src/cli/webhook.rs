//! `galley webhook`: register endpoints, list their deliveries, re-send one.

use std::io::Write;

use anyhow::{Result, anyhow};
use clap::Subcommand;
use galley_store::{DeliveryQuery, Messages};

use super::database::{DatabaseArgs, open};
use crate::i18n::Lang;
use crate::webhooks::{self, delivery_state};

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Register an endpoint; prints its signing secret (`whsec_…`) alone.
    Add {
        /// Where to POST (http or https).
        #[arg(value_name = "URL")]
        endpoint: String,
        /// An event to send (repeatable): article.submitted,
        /// article.approved, article.returned, article.signed_off,
        /// article.reopened, article.corrected, article.source_changed,
        /// article.assigned, comment.created.
        #[arg(long = "event", required = true)]
        events: Vec<String>,
        /// Allow this host although it is a private, loopback or
        /// link-local address (repeatable; the servers that send must
        /// allow it too, with `galley serve --allow-webhook-host`).
        #[arg(long = "allow-webhook-host", value_name = "HOST")]
        allowed: Vec<String>,
    },
    /// List the endpoints: id, state, URL, events.
    List,
    /// Switch an endpoint off.
    Remove {
        /// The endpoint's id.
        id: i64,
    },
    /// List deliveries, newest first: id, state, attempts, last status,
    /// event, article, URL.
    Deliveries {
        /// Only pending, delivered or failed ones.
        #[arg(long)]
        state: Option<String>,
        /// Only to this endpoint.
        #[arg(long)]
        webhook: Option<i64>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
    /// Send a failed (or delivered) delivery again, with the same webhook-id.
    Resend {
        /// The delivery's id.
        id: i64,
    },
}

pub async fn run(
    database: &DatabaseArgs,
    command: &WebhookCommand,
    out: &mut impl Write,
) -> Result<()> {
    let store = open(database).await?;
    match command {
        WebhookCommand::Add {
            endpoint: url,
            events,
            allowed,
        } => {
            webhooks::check_endpoint(url, allowed)
                .map_err(|m| anyhow!("URL {url:?}: {}", Lang::En.wrong(&m)))?;
            let events = webhooks::check_events(events)
                .map_err(|m| anyhow!("--event: {}", Lang::En.wrong(&m)))?;
            let secret = webhooks::new_secret();
            store.add_webhook(None, url, &events, &secret).await?;
            writeln!(out, "{secret}")?;
        }
        WebhookCommand::List => {
            for w in store.webhooks().await? {
                let state = if w.disabled_at.is_some() { "off" } else { "on" };
                writeln!(out, "{}\t{state}\t{}\t{}", w.id, w.url, w.events.join(","))?;
            }
        }
        WebhookCommand::Remove { id } => {
            let w = store.disable_webhook(*id).await?;
            writeln!(out, "webhook {} ({}) is off", w.id, w.url)?;
        }
        WebhookCommand::Deliveries {
            state,
            webhook,
            limit,
        } => {
            let state = match state {
                Some(name) => Some(
                    delivery_state(name).map_err(|m| anyhow!("--state: {}", Lang::En.wrong(&m)))?,
                ),
                None => None,
            };
            let listed = store
                .deliveries(DeliveryQuery {
                    state,
                    endpoint: *webhook,
                    limit: *limit,
                })
                .await?;
            for d in listed {
                let last = match (d.last_status, &d.last_error) {
                    (Some(status), _) => status.to_string(),
                    (None, Some(error)) => error.clone(),
                    (None, None) => "-".into(),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{last}\t{}\tarticle {} event {}\t{}",
                    d.id,
                    d.state.name(),
                    d.attempts,
                    d.event_type,
                    d.article_id,
                    d.event_seq,
                    d.url
                )?;
            }
        }
        WebhookCommand::Resend { id } => {
            let d = store.resend_delivery(*id).await?;
            writeln!(
                out,
                "delivery {} is pending again; a running server sends it",
                d.id
            )?;
        }
    }
    Ok(())
}
