//! `galley serve`: the HTTP API.

use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;

use super::admin::load_demo;
use super::database::{DatabaseArgs, open};
use crate::server;
use crate::state::AppState;
use crate::state::WebSettings;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GALLEY_BIND", default_value = "127.0.0.1:3000")]
    bind: String,
    /// Load the demo users and articles first (once).
    #[arg(long)]
    demo: bool,
    /// Mark session cookies Secure (set this when users reach Galley over
    /// HTTPS; a proxy's `X-Forwarded-Proto: https` also does it).
    #[arg(long, env = "GALLEY_SECURE_COOKIES")]
    secure_cookies: bool,
    /// How long a browser session lasts, in hours.
    #[arg(long, env = "GALLEY_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..=720))]
    session_hours: u64,
    /// Longest time a request may take, in seconds (a client that stops
    /// sending its body gets 408).
    #[arg(long, env = "GALLEY_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    request_timeout: u64,
    /// Longest time a client may take to send a request's headers, in
    /// seconds, counted from connecting or from the previous answer (a
    /// client that sends nothing, or a byte at a time, is disconnected).
    #[arg(long, env = "GALLEY_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    header_timeout: u64,
    /// The newsroom's time zone (IANA name): pages show times in it, with
    /// its offset.
    #[arg(long, env = "GALLEY_TIME_ZONE", default_value = crate::state::DEFAULT_TIME_ZONE)]
    time_zone: String,
    /// Where people and other systems reach this server
    /// (`https://galley.example`): the links in webhook messages. Without
    /// it they are paths on the server.
    #[arg(long, env = "GALLEY_PUBLIC_URL")]
    public_url: Option<String>,
    /// A host webhooks may reach although it is a private, loopback or
    /// link-local address (repeatable; `cms.internal`, `10.0.0.5`). Others
    /// are refused when registered and, after their name resolves, when
    /// sent to.
    #[arg(long = "allow-webhook-host", value_name = "HOST")]
    allow_webhook_hosts: Vec<String>,
    /// Do not send webhook deliveries from this server (another server on
    /// the same database sends them).
    #[arg(long, env = "GALLEY_NO_WEBHOOK_WORKER")]
    no_webhook_worker: bool,
    /// The file `galley log keygen` wrote (galley.key): with it this server
    /// signs the log's checkpoints (after each stage transition, and every
    /// --checkpoint-minutes while the log grows). Keep it outside the
    /// database and its backups.
    #[arg(long, env = "GALLEY_SIGNING_KEY", value_name = "FILE")]
    signing_key: Option<std::path::PathBuf>,
    /// At most this many minutes between checkpoints while the log grows.
    #[arg(long, env = "GALLEY_CHECKPOINT_MINUTES", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1440))]
    checkpoint_minutes: u64,
    /// Log format on stderr: text or json.
    #[arg(long, env = "GALLEY_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
}

pub async fn run(database: &DatabaseArgs, args: &ServeArgs, out: &mut impl Write) -> Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if args.log_format == "json" {
        logs.json().try_init()
    } else {
        logs.try_init()
    };
    let time_zone = jiff::tz::TimeZone::get(&args.time_zone).with_context(|| {
        format!(
            "--time-zone {}: not a time zone name (say Asia/Seoul or UTC)",
            args.time_zone
        )
    })?;
    let signer = match &args.signing_key {
        Some(path) => Some(Arc::new(super::log::read_signer(path)?)),
        None => None,
    };
    let mut store = open(database).await?;
    if let Some(url) = &args.public_url {
        crate::webhooks::check_url(url).map_err(|m| {
            anyhow::anyhow!("--public-url {url:?}: {}", crate::i18n::Lang::En.wrong(&m))
        })?;
        store = store.with_public_url(url);
    }
    if args.demo {
        load_demo(&store, database, out).await?;
    }
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    writeln!(out, "galley listening on http://{}", listener.local_addr()?)?;
    out.flush()?;
    let store: Arc<dyn galley_store::Store> = Arc::new(store);
    if !args.no_webhook_worker {
        tokio::spawn(crate::webhooks::worker(
            store.clone(),
            Arc::new(args.allow_webhook_hosts.clone()),
        ));
    }
    if let Some(signer) = &signer {
        let (size, _) = crate::checkpoints::sign(store.as_ref(), signer).await?;
        tracing::info!(size, key = signer.name(), "signed the log's checkpoint");
        tokio::spawn(crate::checkpoints::every(
            store.clone(),
            signer.clone(),
            std::time::Duration::from_secs(args.checkpoint_minutes * 60),
        ));
    }
    server::serve(
        listener,
        AppState {
            store,
            web: Arc::new(WebSettings {
                secure_cookies: args.secure_cookies,
                session_lifetime: std::time::Duration::from_secs(args.session_hours * 3600),
                time_zone,
                ..WebSettings::default()
            }),
            request_timeout: std::time::Duration::from_secs(args.request_timeout),
            header_timeout: std::time::Duration::from_secs(args.header_timeout),
            answers: Arc::default(),
            scores: Default::default(),
            proposals: Arc::default(),
            signer,
            webhook_hosts: Arc::new(args.allow_webhook_hosts.clone()),
        },
    )
    .await?;
    Ok(())
}
