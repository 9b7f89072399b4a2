//! `galley log`: the newsroom's Merkle log, from the shell.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use galley_core::checkpoint::{self, Checkpoint, LogSigner, LogVerifier};
use galley_core::merkle::{self, Hash};
use rand::RngCore;

use super::database::{DatabaseArgs, open};
use super::remote::{Remote, RemoteLeaf, ServerArgs};

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Make the key that signs the log's checkpoints: writes DIR/galley.key
    /// (the signer key, readable by its owner only; keep it out of the
    /// database and its backups) and DIR/galley.pub (the verifier key an
    /// auditor keeps), and prints the verifier key.
    Keygen {
        /// The folder to write the two files in (made if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The log's name, the origin of its checkpoints: a schemaless URL
        /// that is the newsroom's own (`news.example/galley/log`), as C2SP
        /// tlog-checkpoint asks. Give it, or --public-url.
        #[arg(
            long,
            required_unless_present = "public_url",
            conflicts_with = "public_url"
        )]
        name: Option<String>,
        /// The server's public URL (`https://news.example/galley`): the
        /// origin is its host and path with `/log` after them
        /// (`news.example/galley/log`).
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
    },
    /// Print the log's latest signed checkpoint; with --signing-key, sign
    /// the log's head first (and keep it, as a server would).
    Checkpoint {
        /// The signing key (galley.key).
        #[arg(long, env = "GALLEY_SIGNING_KEY", value_name = "FILE")]
        signing_key: Option<PathBuf>,
    },
    /// Check that a newer checkpoint extends an older one you kept, with a
    /// consistency proof fetched from the server: fails (exit 1) on a fork
    /// or a shrink, naming the first leaf that differs when the old
    /// checkpoint's leaves were kept (`galley log watch` keeps them).
    Verify {
        /// The checkpoint kept earlier.
        #[arg(long, value_name = "FILE")]
        old: PathBuf,
        /// The newer checkpoint.
        #[arg(long, value_name = "FILE")]
        new: PathBuf,
        /// The log's public key (galley.pub, or the key's text).
        #[arg(long, value_name = "KEY")]
        public_key: String,
        /// The old checkpoint's leaf hashes, hex, one per line (the
        /// `leaves` file of a `galley log watch` state folder).
        #[arg(long, value_name = "FILE")]
        old_leaves: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Watch a server's log as an outside auditor would: fetch its latest
    /// checkpoint, check that it extends the one seen last time and that
    /// its new leaves hash to it, and keep both in the state folder. Fails
    /// loudly (exit 1) on a fork or a shrink, naming the first leaf that
    /// differs. Run it from cron.
    Watch {
        /// The log's public key (galley.pub, or the key's text).
        #[arg(long, value_name = "KEY")]
        public_key: String,
        /// Where the last checkpoint seen and its leaves are kept.
        #[arg(long, value_name = "DIR")]
        state: PathBuf,
        #[command(flatten)]
        server: ServerArgs,
    },
}

pub async fn run(
    database: &DatabaseArgs,
    command: &LogCommand,
    out: &mut impl Write,
) -> Result<()> {
    match command {
        LogCommand::Checkpoint { signing_key } => {
            let store = open(database).await?;
            let note = match signing_key {
                Some(path) => {
                    let signer = read_signer(path)?;
                    crate::checkpoints::sign(&store, &signer).await?.1
                }
                None => {
                    use galley_store::Log;
                    store
                        .latest_checkpoint()
                        .await?
                        .context("no checkpoint has been signed yet: give --signing-key")?
                        .1
                }
            };
            write!(out, "{note}")?;
            Ok(())
        }
        LogCommand::Verify {
            old,
            new,
            public_key,
            old_leaves,
            server,
        } => {
            let key = read_verifier(public_key)?;
            let older = open_note(&key, old)?;
            let newer = open_note(&key, new)?;
            let kept = old_leaves.as_deref().map(read_leaves).transpose()?;
            let remote = Remote::of(server)?;
            extends(&remote, &older, &newer, kept.as_deref()).await?;
            writeln!(
                out,
                "ok: the log of {} leaves extends the kept one of {}",
                newer.size, older.size
            )?;
            Ok(())
        }
        LogCommand::Watch {
            public_key,
            state,
            server,
        } => {
            watch(
                &read_verifier(public_key)?,
                state,
                &Remote::of(server)?,
                out,
            )
            .await
        }
        LogCommand::Keygen {
            out: dir,
            name,
            public_url,
        } => {
            let name = match (name, public_url) {
                (Some(name), _) => schemaless(name)?,
                (None, Some(url)) => origin_of(url)?,
                (None, None) => bail!("give --name or --public-url: the log's origin"),
            };
            let (key, public) = (dir.join("galley.key"), dir.join("galley.pub"));
            for path in [&key, &public] {
                if path.exists() {
                    bail!("{} exists: a key is never overwritten", path.display());
                }
            }
            let mut seed = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut seed);
            let signer = LogSigner::from_seed(&name, seed)?;
            std::fs::create_dir_all(dir).with_context(|| format!("making {}", dir.display()))?;
            write_private(&key, &format!("{}\n", signer.to_text()))?;
            let verifier = signer.verifier().to_text();
            std::fs::write(&public, format!("{verifier}\n"))
                .with_context(|| format!("writing {}", public.display()))?;
            writeln!(out, "{verifier}")?;
            Ok(())
        }
    }
}

/// A log's origin as C2SP tlog-checkpoint asks for it: a schemaless URL
/// (a host with a dot, or `localhost`, then any path), without spaces or
/// `+`, naming this newsroom's log and no other.
fn schemaless(name: &str) -> Result<String> {
    let host = name.split('/').next().unwrap_or_default();
    let host_name = host.split(':').next().unwrap_or_default();
    if name.contains("://")
        || name.contains(|c: char| c.is_whitespace() || c == '+')
        || !(host_name.contains('.') || host_name == "localhost")
        || host_name.starts_with('.')
        || host_name.ends_with('.')
    {
        bail!(
            "--name {name:?}: the log's origin is a schemaless URL of the newsroom's own, such as news.example/galley/log (no scheme, no spaces, no '+'; C2SP tlog-checkpoint)"
        );
    }
    Ok(name.trim_end_matches('/').to_string())
}

/// The origin of the log of the server at `public_url`: its host (and
/// port) and path, then `/log` (`https://news.example/galley` gives
/// `news.example/galley/log`).
fn origin_of(public_url: &str) -> Result<String> {
    let url = reqwest::Url::parse(public_url)
        .map_err(|e| anyhow::anyhow!("--public-url {public_url}: {e}"))?;
    let host = url
        .host_str()
        .filter(|_| matches!(url.scheme(), "http" | "https"))
        .ok_or_else(|| {
            anyhow::anyhow!("--public-url {public_url}: an http or https URL with a host")
        })?;
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    schemaless(&format!("{host}{port}{path}/log"))
}

/// Reads a public key: a file (galley.pub) or the key's text.
pub fn read_verifier(key: &str) -> Result<LogVerifier> {
    let text = match std::fs::read_to_string(key) {
        Ok(text) => text,
        Err(_) if key.contains('+') => key.to_string(),
        Err(e) => bail!("--public-key: cannot read {key}: {e}"),
    };
    LogVerifier::parse(&text).map_err(|e| anyhow::anyhow!("--public-key {key}: {e}"))
}

/// Opens a checkpoint file with the key.
pub fn open_note(key: &LogVerifier, path: &std::path::Path) -> Result<Checkpoint> {
    let note =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    key.open(&note)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn read_leaves(path: &std::path::Path) -> Result<Vec<Hash>> {
    Ok(read_kept_leaves(path)?.iter().map(|l| l.hash).collect())
}

/// A leaf `galley log watch` kept: its hash, and the event it stands for
/// (article and seq), checked against the hash when it was fetched; kept
/// files written before leaves were bound have the hash alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptLeaf {
    /// The RFC 9162 leaf hash.
    pub hash: Hash,
    /// The article and seq of its event, when kept.
    pub place: Option<(i64, i64)>,
}

/// Reads a `leaves` file of a `galley log watch` state folder: a line a
/// leaf, `HASH` or `HASH ARTICLE SEQ`.
pub fn read_kept_leaves(path: &std::path::Path) -> Result<Vec<KeptLeaf>> {
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let at = || format!("{} line {}", path.display(), i + 1);
            let mut words = line.split_whitespace();
            let hash = words
                .next()
                .and_then(merkle::from_hex)
                .with_context(|| format!("{}: not a hex SHA-256 hash", at()))?;
            let place = match (words.next(), words.next(), words.next()) {
                (None, _, _) => None,
                (Some(article), Some(seq), None) => Some((
                    article
                        .parse()
                        .with_context(|| format!("{}: article", at()))?,
                    seq.parse().with_context(|| format!("{}: seq", at()))?,
                )),
                _ => bail!("{}: a hash, then an article and a seq or nothing", at()),
            };
            Ok(KeptLeaf { hash, place })
        })
        .collect()
}

/// Checks that `newer` extends `older` with the server's consistency proof;
/// on a fork, names the first leaf that differs from the kept leaves.
async fn extends(
    remote: &Remote,
    older: &Checkpoint,
    newer: &Checkpoint,
    kept: Option<&[Hash]>,
) -> Result<()> {
    if newer.size < older.size {
        bail!(
            "the log shrank: the kept checkpoint has {} leaves, the newer {}",
            older.size,
            newer.size
        );
    }
    let proof = remote.consistency(older.size, newer.size).await?;
    let Err(fork) = checkpoint::check_extends(older, newer, &proof) else {
        return Ok(());
    };
    let now = remote.leaves(0, older.size).await?;
    bail!("{fork}; {}", first_difference(older, kept, &now)?)
}

/// Which leaf of the kept tree the server's log no longer has.
fn first_difference(
    older: &Checkpoint,
    kept: Option<&[Hash]>,
    now: &[RemoteLeaf],
) -> Result<String> {
    let now_hashes: Vec<Hash> = now.iter().map(|l| l.hash).collect();
    let now_root = merkle::root(&now_hashes[..], older.size);
    let Some(kept) = kept else {
        return Ok(format!(
            "the server's first {} leaves hash to {}, not the kept root {} (keep the leaves, as galley log watch does, to name the first that differs)",
            older.size,
            merkle::to_hex(&now_root),
            merkle::to_hex(&older.root)
        ));
    };
    if kept.len() as u64 != older.size || merkle::root(kept, older.size) != older.root {
        bail!("the kept leaves are not those of the kept checkpoint");
    }
    match kept.iter().zip(now).find(|(k, n)| **k != n.hash) {
        Some((_, leaf)) => Ok(format!(
            "the first leaf that differs is leaf {} (now event {} of article {})",
            leaf.index, leaf.seq, leaf.article
        )),
        None => Ok("no leaf differs, yet the proof fails".into()),
    }
}

/// One look at the server's log, against the state kept from the last.
async fn watch(
    key: &LogVerifier,
    state: &std::path::Path,
    remote: &Remote,
    out: &mut impl Write,
) -> Result<()> {
    let note = remote.checkpoint().await?;
    let newer = key
        .open(&note)
        .map_err(|e| anyhow::anyhow!("the server's checkpoint: {e}"))?;
    let (checkpoint_file, leaves_file) = (state.join("checkpoint"), state.join("leaves"));
    let mut leaves = if checkpoint_file.exists() {
        let older = open_note(key, &checkpoint_file)?;
        let kept = read_kept_leaves(&leaves_file)?;
        if older.origin != newer.origin {
            bail!(
                "FORK: the server now signs as {:?}, not {:?}",
                newer.origin,
                older.origin
            );
        }
        let hashes: Vec<Hash> = kept.iter().map(|l| l.hash).collect();
        extends(remote, &older, &newer, Some(&hashes))
            .await
            .map_err(|e| anyhow::anyhow!("FORK or SHRINK: {e}"))?;
        writeln!(out, "ok: {} → {} leaves", older.size, newer.size)?;
        kept
    } else {
        std::fs::create_dir_all(state).with_context(|| format!("making {}", state.display()))?;
        writeln!(out, "first look: {} leaves", newer.size)?;
        Vec::new()
    };
    let start = leaves.len() as u64;
    let new_leaves = remote.leaves(start, newer.size).await?;
    // Each new leaf stands for the event it names, at its place: a leaf
    // whose event was removed, or that was moved to another article or
    // seq, is reported (the leaf binds both, so it cannot be moved quietly).
    for leaf in &new_leaves {
        checkpoint::check_leaf(
            leaf.index,
            leaf.article,
            leaf.seq,
            &leaf.hash,
            leaf.event.as_deref(),
        )
        .map_err(|e| anyhow::anyhow!("REWRITTEN: {e}"))?;
    }
    // And every event has its leaf: article by article, the leaves name
    // events 1, 2, 3… with none skipped.
    let mut last = std::collections::HashMap::new();
    for place in leaves.iter().filter_map(|l| l.place) {
        last.insert(place.0, place.1);
    }
    let whole = leaves.iter().all(|l| l.place.is_some());
    let places: Vec<(u64, i64, i64)> = new_leaves
        .iter()
        .map(|l| (l.index, l.article, l.seq))
        .collect();
    checkpoint::check_in_order(&mut last, &places, whole)
        .map_err(|e| anyhow::anyhow!("MISSING: {e}"))?;
    leaves.extend(new_leaves.iter().map(|l| KeptLeaf {
        hash: l.hash,
        place: Some((l.article, l.seq)),
    }));
    let hashes: Vec<Hash> = leaves.iter().map(|l| l.hash).collect();
    if merkle::root(&hashes[..], newer.size) != newer.root {
        bail!(
            "the server's leaves do not hash to the root its checkpoint of {} leaves signs",
            newer.size
        );
    }
    let text: String = leaves
        .iter()
        .map(|l| match l.place {
            Some((article, seq)) => format!("{} {article} {seq}\n", merkle::to_hex(&l.hash)),
            None => merkle::to_hex(&l.hash) + "\n",
        })
        .collect();
    std::fs::write(&leaves_file, text)
        .with_context(|| format!("writing {}", leaves_file.display()))?;
    std::fs::write(&checkpoint_file, &note)
        .with_context(|| format!("writing {}", checkpoint_file.display()))?;
    Ok(())
}

/// Reads the signing key `galley log keygen` wrote.
pub fn read_signer(path: &std::path::Path) -> Result<LogSigner> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("--signing-key: cannot read {}", path.display()))?;
    LogSigner::parse(&text).map_err(|e| anyhow::anyhow!("--signing-key {}: {e}", path.display()))
}

/// Writes a file only its owner can read.
fn write_private(path: &PathBuf, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}
