//! A Galley server's log, read over HTTP by the auditor's commands
//! (`galley trail verify --server`, `galley log verify`, `galley log watch`).

use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Args;
use galley_core::merkle::Hash;
use serde_json::Value;

/// Where the server is and how to sign in to it.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// The server's address (`https://galley.example`).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// An API token for it (any signed-in person may read the log).
    #[arg(long, env = "GALLEY_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

/// One leaf as the server lists it.
#[derive(Debug, Clone)]
pub struct RemoteLeaf {
    pub index: u64,
    pub article: i64,
    pub seq: i64,
    pub hash: Hash,
    /// The hash of the event the leaf names, if the server has it.
    pub event: Option<String>,
}

/// A server's log API.
pub struct Remote {
    base: String,
    token: String,
    client: reqwest::Client,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

fn hash(value: &Value) -> Result<Hash> {
    value
        .as_str()
        .and_then(|t| STANDARD.decode(t).ok())
        .and_then(|b| Hash::try_from(b).ok())
        .with_context(|| format!("the server answered {value} where a base64 hash belongs"))
}

impl Remote {
    /// The server `args` names; an error when it names none.
    pub fn of(args: &ServerArgs) -> Result<Remote> {
        let Some(base) = &args.server else {
            bail!("--server URL is needed");
        };
        let Some(token) = &args.token else {
            bail!("--token (or GALLEY_TOKEN) is needed to read {base}'s log");
        };
        Ok(Remote {
            base: base.trim_end_matches('/').to_string(),
            token: token.clone(),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()?,
        })
    }

    async fn get(&self, path: &str) -> Result<reqwest::Response> {
        let url = format!("{}/api/v1/log{path}", self.base);
        let response = self
            .client
            .get(&url)
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("cannot reach {url}"))?;
        if !response.status().is_success() {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            bail!("{url} answered {status}: {body}");
        }
        Ok(response)
    }

    /// The latest signed checkpoint's note.
    pub async fn checkpoint(&self) -> Result<String> {
        Ok(self.get("/checkpoint").await?.text().await?)
    }

    /// The server's proof that its tree of `to` leaves extends that of
    /// `from`.
    pub async fn consistency(&self, from: u64, to: u64) -> Result<Vec<Hash>> {
        let answer: Value = self
            .get(&format!("/proof/consistency?from={from}&to={to}"))
            .await?
            .json()
            .await?;
        answer["proof"]
            .as_array()
            .context("the consistency proof is not a list")?
            .iter()
            .map(hash)
            .collect()
    }

    /// Leaves `start..end`, fetched a thousand at a time.
    pub async fn leaves(&self, start: u64, end: u64) -> Result<Vec<RemoteLeaf>> {
        let mut all = Vec::new();
        let mut at = start;
        while at < end {
            let to = end.min(at + galley_store::LOG_LEAVES_PER_READ);
            let answer: Value = self
                .get(&format!("/leaves?start={at}&end={to}"))
                .await?
                .json()
                .await?;
            for leaf in answer["leaves"].as_array().context("no leaves")? {
                all.push(RemoteLeaf {
                    index: leaf["index"].as_u64().context("a leaf without its index")?,
                    article: leaf["article"]
                        .as_i64()
                        .context("a leaf without its article")?,
                    seq: leaf["seq"].as_i64().context("a leaf without its event")?,
                    hash: hash(&leaf["hash"])?,
                    event: leaf["event"].as_str().map(str::to_string),
                });
            }
            at = to;
        }
        if all.len() as u64 != end - start || all.iter().zip(start..).any(|(l, i)| l.index != i) {
            bail!("the server listed leaves {start}..{end} with some missing");
        }
        Ok(all)
    }
}
