//! `galley serve`: the HTTP API.

use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;

use super::admin::{DatabaseArgs, load_demo, open};
use crate::http::{self, AppState};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GALLEY_BIND", default_value = "127.0.0.1:3000")]
    bind: String,
    /// Load the demo users and articles first (once).
    #[arg(long)]
    demo: bool,
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
    let store = open(database).await?;
    if args.demo {
        load_demo(&store, database, out).await?;
    }
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    writeln!(out, "galley listening on http://{}", listener.local_addr()?)?;
    out.flush()?;
    http::serve(
        listener,
        AppState {
            store: Arc::new(store),
        },
    )
    .await?;
    Ok(())
}
