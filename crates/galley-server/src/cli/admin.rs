//! Commands on the database: `user add`, `token create`, `trail verify`,
//! `demo`.

use std::io::{Read, Write};

use super::database::{DatabaseArgs, open};
use anyhow::{Context, Result, anyhow, bail};
use clap::Subcommand;
use galley_core::audit;
use galley_core::paragraph::{Limits, Side, split_paragraphs};
use galley_core::workflow::{Action, Role};
use galley_store::{
    Accounts, AiTool, ArticleId, Articles, Log, NewArticle, Rows, SqlStore, StoreError, Trail, User,
};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with one or more roles.
    Add {
        /// Unique user name.
        name: String,
        /// reporter, bilingual_reviewer, native_editor, admin or auditor (repeatable; an auditor reads everything and changes nothing).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read a password from standard input (for the browser sign-in).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user; prints the token alone; only its hash is kept.
    Create {
        /// The user the token acts as.
        name: String,
    },
    /// Revoke a token, read from standard input (so it stays out of shell history).
    Revoke,
}

#[derive(Debug, Subcommand)]
pub enum TrailCommand {
    /// Verify the hash chain of one article's trail, or of all, or of a
    /// JSON export (offline, without a database).
    Verify {
        /// The article to verify.
        #[arg(required_unless_present_any = ["all", "file"], conflicts_with_all = ["all", "file"])]
        article: Option<i64>,
        /// Verify every article.
        #[arg(long, conflicts_with = "file")]
        all: bool,
        /// With --all: only the articles written since the log had SIZE
        /// leaves (a kept checkpoint's size), or since the last run that
        /// found nothing wrong (`last`). Every run of --all is recorded.
        #[arg(long, value_name = "SIZE|last", requires = "all")]
        since: Option<String>,
        /// A JSON export (`GET /api/v1/articles/{id}/export?format=json`):
        /// its chain, and every field it shows against the replayed chain.
        #[arg(long, value_name = "FILE")]
        file: Option<std::path::PathBuf>,
        /// The hash of an event you kept from an earlier look (an earlier
        /// export's last event): the trail must still hold it, so a trail
        /// cut short or rewritten from its start is caught.
        #[arg(long, value_name = "HASH", conflicts_with_all = ["all", "head_from"])]
        head: Option<String>,
        /// An earlier export of the same article whose last event the trail
        /// must still hold (as `--head`).
        #[arg(long, value_name = "FILE", conflicts_with = "all")]
        head_from: Option<std::path::PathBuf>,
        /// With --file: the log's public key (galley.pub, or the key's
        /// text). The export's checkpoint must be signed by it and every
        /// event proven in the tree it signs.
        #[arg(long, value_name = "KEY", requires = "file")]
        public_key: Option<String>,
        /// With --public-key: a checkpoint you kept earlier; the export's
        /// must extend it (by the proof the export carries, exported with
        /// consistency_from=SIZE, or one fetched with --server).
        #[arg(long, value_name = "FILE", requires = "public_key")]
        checkpoint: Option<std::path::PathBuf>,
        /// With --checkpoint: the leaves `galley log watch` kept with it
        /// (the `leaves` file of its state folder). Every event the log
        /// recorded for the article must be in the export, so an event
        /// removed after it was logged is caught.
        #[arg(long, value_name = "FILE", requires = "checkpoint")]
        kept_leaves: Option<std::path::PathBuf>,
        #[command(flatten)]
        server: super::remote::ServerArgs,
    },
}

pub async fn user(
    database: &DatabaseArgs,
    command: &UserCommand,
    out: &mut impl Write,
) -> Result<()> {
    let UserCommand::Add {
        name,
        roles,
        password_stdin,
    } = command;
    let roles = roles
        .iter()
        .map(|r| {
            Role::parse(r).ok_or_else(|| {
                anyhow!(
                    "unknown role {r:?}: use reporter, bilingual_reviewer, native_editor, admin or auditor"
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let password_hash = if *password_stdin {
        let mut password = String::new();
        std::io::stdin()
            .read_to_string(&mut password)
            .context("cannot read the password from stdin")?;
        let password = password.trim_end_matches(['\n', '\r']);
        if password.chars().count() < 10 {
            bail!("the password must be at least 10 characters");
        }
        Some(hash_password(password)?)
    } else {
        None
    };
    let store = open(database).await?;
    let user = store
        .add_user(name, &roles, password_hash.as_deref())
        .await?;
    let names: Vec<&str> = user.roles.iter().map(|r| r.name()).collect();
    writeln!(
        out,
        "user {} ({}) added with roles {}",
        user.name,
        user.id,
        names.join(", ")
    )?;
    Ok(())
}

/// An argon2id hash in PHC string form.
pub fn hash_password(password: &str) -> Result<String> {
    crate::secrets::hash_password(password).map_err(|e| anyhow!(e))
}

pub use crate::secrets::token_hash;

pub async fn token(
    database: &DatabaseArgs,
    command: &TokenCommand,
    out: &mut impl Write,
) -> Result<()> {
    let store = open(database).await?;
    let name = match command {
        TokenCommand::Create { name } => name,
        TokenCommand::Revoke => {
            let mut token = String::new();
            std::io::stdin()
                .read_to_string(&mut token)
                .context("cannot read the token from stdin")?;
            store.revoke_token_hash(&token_hash(token.trim())).await?;
            writeln!(out, "token revoked")?;
            return Ok(());
        }
    };
    let user = store.user_by_name(name).await?;
    let token = format!("galley_{}", crate::secrets::random_hex(32));
    store.add_token(user.id, "cli", &token_hash(&token)).await?;
    writeln!(out, "{token}")?;
    Ok(())
}

/// Verifies trails; returns whether every chain holds.
pub async fn trail(
    database: &DatabaseArgs,
    command: &TrailCommand,
    out: &mut impl Write,
) -> Result<bool> {
    let TrailCommand::Verify {
        article,
        all,
        since,
        file,
        head,
        head_from,
        public_key,
        checkpoint,
        kept_leaves,
        server,
    } = command;
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let head = match (head, head_from) {
        (Some(hash), _) => Some(hash.trim().to_string()),
        (None, Some(path)) => Some(
            crate::exchange::export_head(&read(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        (None, None) => None,
    };
    if let Some(path) = file {
        let text = read(path)?;
        let mut check = crate::exchange::LogCheck::default();
        if let Some(key) = public_key {
            let key = super::log::read_verifier(key)?;
            if let Some(kept) = checkpoint {
                let kept = super::log::open_note(&key, kept)?;
                if server.server.is_some() {
                    let signed = crate::exchange::export_checkpoint(&text, &key)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                    let (from, to) = if kept.size <= signed.size {
                        (kept.size, signed.size)
                    } else {
                        (signed.size, kept.size)
                    };
                    let remote = super::remote::Remote::of(server)?;
                    check.consistency = Some(remote.consistency(from, to).await?);
                }
                check.kept = Some(kept);
                if let Some(path) = kept_leaves {
                    let kept = super::log::read_kept_leaves(path)?;
                    check.kept_leaves = Some(
                        kept.iter()
                            .zip(0u64..)
                            .filter_map(|(l, i)| l.place.map(|(a, s)| (i, a, s)))
                            .collect(),
                    );
                }
            }
            check.key = Some(key);
        }
        return match crate::exchange::verify_logged_export(&text, head.as_deref(), &check) {
            Ok((verdict, signed)) => {
                if let Some(signed) = signed {
                    writeln!(
                        out,
                        "{}: every event is in the log of {} leaves the checkpoint of {} signs{}",
                        path.display(),
                        signed.size,
                        signed.origin,
                        match (&check.kept, &check.kept_leaves) {
                            (Some(_), Some(_)) =>
                                ", which extends the kept checkpoint; it holds every event the kept leaves record for the article",
                            (Some(_), None) => ", which extends the kept checkpoint",
                            _ => "",
                        }
                    )?;
                }
                writeln!(
                    out,
                    "{}: ok, {} events; the id, title, stage, Korean, rows, overrides and {} revisions match the trail",
                    path.display(),
                    verdict.events,
                    verdict.revisions
                )?;
                for what in &verdict.unproven {
                    writeln!(
                        out,
                        "  not proven (the trail predates digests of it): {what}"
                    )?;
                }
                Ok(true)
            }
            Err(reason) => {
                writeln!(out, "{}: BROKEN: {reason}", path.display())?;
                Ok(false)
            }
        };
    }
    let store = open(database).await?;
    if let Some(since) = since {
        return verify_since(&store, since, head.as_deref(), out).await;
    }
    let mut intact = true;
    let (mut logged, mut broken_articles) = (0, Vec::new());
    let began = store.log_head().await?.0;
    if *all {
        (broken_articles, logged) = verify_every_article(&store, head.as_deref(), out).await?;
        intact = broken_articles.is_empty();
    } else {
        for id in article.iter().copied() {
            store.article(ArticleId(id)).await?;
        }
        for id in article.iter().copied() {
            match verify_stored(&store, ArticleId(id), head.as_deref()).await? {
                Ok(line) => writeln!(out, "article {id}: ok, {line}")?,
                Err(mismatch) => {
                    intact = false;
                    writeln!(out, "article {id}: BROKEN: {mismatch}")?;
                }
            }
        }
    }
    if *all {
        // The other direction: every leaf of the log names an event that
        // exists, at its place, with its hash. Each article's check above
        // matched its events with the leaves filed under it, both ways; what
        // is left is a leaf filed under an article that is not there, which
        // no article's check sees, and the count.
        let (size, _) = store.log_head().await?;
        let mut broken = 0;
        // The leaves of an article that did not hold, each against the
        // event it names: which one was moved or rewritten.
        for &id in &broken_articles {
            for leaf in store.leaves_of(ArticleId(id)).await? {
                if let Err(reason) = galley_core::checkpoint::check_leaf(
                    leaf.index,
                    leaf.article_id.0,
                    leaf.seq,
                    &leaf.hash,
                    leaf.event_hash.as_deref(),
                ) {
                    broken += 1;
                    writeln!(out, "log: BROKEN: {reason}")?;
                }
            }
        }
        for leaf in store.leaves_without_article(1000).await? {
            broken += 1;
            writeln!(
                out,
                "log: BROKEN: leaf {} names event {} of article {}, which does not exist: it was removed, or the leaf was moved",
                leaf.index, leaf.seq, leaf.article_id
            )?;
        }
        if broken == 0 && broken_articles.is_empty() && logged != size {
            broken += 1;
            writeln!(
                out,
                "log: BROKEN: the log has {size} leaves, the articles' events {logged}"
            )?;
        }
        if broken == 0 && broken_articles.is_empty() {
            writeln!(
                out,
                "log: ok, {size} leaves, each the leaf of an event at its place"
            )?;
        }
        intact &= broken == 0;
        let checked = store.article_ids().await?.len() as u64;
        let broken = broken_articles.len() as u64 + u64::from(broken > 0);
        store
            .record_verify_run(None, began, checked, broken)
            .await?;
    }
    Ok(intact)
}

/// `trail verify --all --since SIZE|last`: the articles with an event at
/// leaf SIZE or later, each checked as `--all` checks it (its chain, its
/// projections, its events against its leaves). An article not written
/// since is not read: the full run is what finds a change made to one
/// behind the database's back.
async fn verify_since(
    store: &SqlStore,
    since: &str,
    head: Option<&str>,
    out: &mut impl Write,
) -> Result<bool> {
    use galley_store::Log as _;
    let began = store.log_head().await?.0;
    let size = match since {
        "last" => store.last_clean_verify_run().await?.ok_or_else(|| {
            anyhow!(
                "no run of trail verify --all found nothing wrong yet: run it without --since first"
            )
        })?,
        size => size.parse::<u64>().map_err(|_| {
            anyhow!("--since {size:?}: give the log's size at a kept checkpoint, or last")
        })?,
    };
    if size > began {
        anyhow::bail!("--since {size}: the log has {began} leaves");
    }
    let ids = store.articles_logged_since(size).await?;
    let mut broken = 0;
    for id in &ids {
        match verify_stored(store, *id, head).await? {
            Ok(line) => writeln!(out, "article {id}: ok, {line}")?,
            Err(mismatch) => {
                broken += 1;
                writeln!(out, "article {id}: BROKEN: {mismatch}")?;
            }
        }
    }
    writeln!(
        out,
        "since leaf {size}: {} articles written, {} leaves in the log now",
        ids.len(),
        began
    )?;
    store
        .record_verify_run(Some(size), began, ids.len() as u64, broken)
        .await?;
    Ok(broken == 0)
}

/// Checks one article as stored: a kept head (when given), the chain, every
/// stored projection against the replay, and each event against its leaf.
/// The hashing and the replay run on the blocking pool.
async fn verify_stored(
    store: &SqlStore,
    id: ArticleId,
    head: Option<&str>,
) -> Result<std::result::Result<String, audit::Mismatch>> {
    let stored = store.stored_trail(id).await?;
    let logged = store.leaves_of(id).await?;
    let head = head.map(str::to_string);
    tokio::task::spawn_blocking(move || verify_one(&stored, &logged, head.as_deref()))
        .await
        .map_err(|e| anyhow::anyhow!("verifying article {id} stopped: {e}"))
}

/// The checks of [`verify_stored`] on an article read (`logged`: its leaves).
fn verify_one(
    stored: &audit::StoredTrail,
    logged: &[galley_store::LogLeaf],
    head: Option<&str>,
) -> std::result::Result<String, audit::Mismatch> {
    if let Some(hash) = head {
        audit::holds_head(&stored.events, hash)?;
    }
    let replay = audit::audit_stored(stored)?;
    let logged: Vec<(i64, galley_core::merkle::Hash)> =
        logged.iter().map(|l| (l.seq, l.hash)).collect();
    galley_core::checkpoint::check_leaves_match(stored.article.id, &stored.events, &logged)
        .map_err(|reason| audit::Mismatch { reason, at: None })?;
    Ok(format!("{} events, {}", stored.events.len(), replay.stage))
}

/// `trail verify --all`: every article, a run of them read at a time (one
/// query a table for the run, the next runs read while this one is checked
/// on the blocking pool, two threads a run), reported in id order.
/// Answers the articles that do not hold, and how many leaves were filed
/// under the articles checked.
async fn verify_every_article(
    store: &SqlStore,
    head: Option<&str>,
    out: &mut impl Write,
) -> Result<(Vec<i64>, u64)> {
    const RUN: usize = 64;
    // Runs being read at once, each on its own connection: reading (the
    // database's work, and sqlx handing each row between threads) costs
    // more than checking, so three reads keep both cores busy
    // (docs/performance.md).
    const READING: usize = 3;
    type Verdicts = Vec<(i64, std::result::Result<String, audit::Mismatch>)>;
    let read = |after: i64, upto: i64| {
        let store = store.clone();
        tokio::spawn(async move {
            let trails = store.stored_trails(after, upto).await?;
            let leaves = store.leaves_of_articles(after, upto).await?;
            anyhow::Ok((trails, leaves))
        })
    };
    let check = |trails: Vec<audit::StoredTrail>, leaves: Vec<galley_store::LogLeaf>| {
        let head = head.map(str::to_string);
        let leaves = std::sync::Arc::new(leaves);
        let half = trails.len().div_ceil(2).max(1);
        let mut trails = trails.into_iter();
        let mut halves = Vec::new();
        loop {
            let part: Vec<audit::StoredTrail> = trails.by_ref().take(half).collect();
            if part.is_empty() {
                break;
            }
            let (head, leaves) = (head.clone(), leaves.clone());
            halves.push(tokio::task::spawn_blocking(move || -> Verdicts {
                part.iter()
                    .map(|stored| {
                        let id = stored.article.id;
                        let first = leaves.partition_point(|l| l.article_id < ArticleId(id));
                        let end = leaves.partition_point(|l| l.article_id <= ArticleId(id));
                        (id, verify_one(stored, &leaves[first..end], head.as_deref()))
                    })
                    .collect()
            }));
        }
        halves
    };
    let (mut broken, mut logged) = (Vec::new(), 0);
    let (mut reading, mut after) = (std::collections::VecDeque::new(), Some(0));
    loop {
        while reading.len() < READING {
            let Some(start) = after else { break };
            after = store.run_end(start, RUN).await?;
            if let Some(upto) = after {
                reading.push_back(read(start, upto));
            }
        }
        let Some(next) = reading.pop_front() else {
            break;
        };
        let (trails, leaves) = next
            .await
            .map_err(|e| anyhow::anyhow!("reading the articles stopped: {e}"))??;
        logged += leaves.len() as u64;
        for half in check(trails, leaves) {
            let verdicts = half
                .await
                .map_err(|e| anyhow::anyhow!("verifying the articles stopped: {e}"))?;
            for (id, verdict) in verdicts {
                match verdict {
                    Ok(line) => writeln!(out, "article {id}: ok, {line}")?,
                    Err(mismatch) => {
                        broken.push(id);
                        writeln!(out, "article {id}: BROKEN: {mismatch}")?;
                    }
                }
            }
        }
    }
    Ok((broken, logged))
}

/// The demo's articles: Korean and English, each opening with its headline.
/// The demo's starter glossary: public officials, ministries and
/// institutions in their official English, from public sources (the
/// government's and the institutions' English sites), so the glossary's
/// checks show from the first run.
const STARTER_GLOSSARY: &str = include_str!("../../../../examples/starter-glossary.csv");

const DEMO_ARTICLES: [(&str, &str); 2] = [
    (
        include_str!("../../../../examples/rate-decision.ko.txt"),
        include_str!("../../../../examples/rate-decision.en.txt"),
    ),
    (
        include_str!("../../../../examples/subway-fares.ko.txt"),
        include_str!("../../../../examples/subway-fares.en.txt"),
    ),
];

/// Splits and aligns a Korean text with its English draft, whose first
/// paragraphs are their headlines.
fn aligned_article(korean: &str, english: &str, ai: AiTool) -> Result<NewArticle> {
    let mut ko = split_paragraphs(korean, Side::Korean, Limits::DEFAULT)?;
    let mut en = split_paragraphs(english, Side::English, Limits::DEFAULT)?;
    let (source_title, title) = (ko.remove(0), en.remove(0));
    Ok(crate::submission::aligned_article(
        &title,
        Some(source_title),
        ko,
        &en,
        ai,
    )?)
}

pub async fn demo(database: &DatabaseArgs, out: &mut impl Write) -> Result<()> {
    let store = open(database).await?;
    load_demo(&store, database, out).await
}

/// The demo users' password. The demo is for trying Galley on one's own
/// machine; real users get their own with `galley user add --password-stdin`.
pub const DEMO_PASSWORD: &str = "galley-demo";

/// Loads the demo data into an open store (once).
pub async fn load_demo(
    store: &SqlStore,
    database: &DatabaseArgs,
    out: &mut impl Write,
) -> Result<()> {
    if store.user_by_name("demo.reporter").await.is_ok() {
        writeln!(out, "the demo data is already loaded in {}", database.url)?;
        return Ok(());
    }
    let hash = hash_password(DEMO_PASSWORD)?;
    let add = |name: &'static str, roles: &'static [Role]| {
        let (store, hash) = (store.clone(), hash.clone());
        async move { store.add_user(name, roles, Some(&hash)).await }
    };
    let reporter = add("demo.reporter", &[Role::Reporter]).await?;
    let reviewer = add("demo.reviewer", &[Role::BilingualReviewer]).await?;
    let editor = add("demo.editor", &[Role::NativeEditor]).await?;
    let admin = add("demo.admin", &[Role::Admin]).await?;
    let terms = crate::terms::csv_terms(STARTER_GLOSSARY, 1_000)
        .map_err(|refused| anyhow!("the starter glossary does not read: {refused:?}"))?;
    galley_store::Terms::add_terms(store, &admin, &terms).await?;
    let ai = AiTool {
        tool: "ChatGPT".into(),
        model: "gpt-4o-2024-08-06".into(),
    };

    let (ko, en) = DEMO_ARTICLES[0];
    let first = store
        .submit_article(&reporter, aligned_article(ko, en, ai.clone())?)
        .await?;
    walk_to_sign_off(store, first.id, &reporter, &reviewer, &editor).await?;
    let (ko, en) = DEMO_ARTICLES[1];
    let second = store
        .submit_article(&reporter, aligned_article(ko, en, ai)?)
        .await?;
    store
        .transition(
            &reporter,
            second.id,
            Action::Submit,
            None,
            store.article_version(second.id).await?,
        )
        .await?;

    writeln!(
        out,
        "demo users: demo.reporter, demo.reviewer, demo.editor, demo.admin (password: {DEMO_PASSWORD})"
    )?;
    writeln!(out, "article {}: signed off, with its full trail", first.id)?;
    writeln!(out, "article {}: waiting for bilingual review", second.id)?;
    writeln!(out, "glossary: {} starter entries", terms.len())?;
    Ok(())
}

/// The demo's walk: the reviewer fills the paragraph the draft dropped and
/// reviews every row, the editor polishes one, and signs off.
async fn walk_to_sign_off(
    store: &SqlStore,
    id: ArticleId,
    reporter: &User,
    reviewer: &User,
    editor: &User,
) -> Result<()> {
    store
        .transition(
            reporter,
            id,
            Action::Submit,
            None,
            store.article_version(id).await?,
        )
        .await?;
    let article = store.article(id).await?;
    for segment in &article.rows {
        let mut revision = segment.revision;
        if segment.text.is_empty() {
            let text = "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in a single month.";
            revision = store
                .save_revision(reviewer, id, segment.id, revision, text)
                .await?
                .revision;
        }
        store
            .mark_reviewed(reviewer, id, segment.id, revision)
            .await?;
    }
    store
        .transition(
            reviewer,
            id,
            Action::Approve,
            None,
            store.article_version(id).await?,
        )
        .await?;
    let article = store.article(id).await?;
    if let Some(segment) = article
        .rows
        .iter()
        .find(|s| s.text.starts_with("Markets see little chance"))
    {
        let polished = segment
            .text
            .replace("is also seen as a variable", "is another wild card");
        store
            .save_revision(editor, id, segment.id, segment.revision, &polished)
            .await?;
    }
    match store
        .transition(
            editor,
            id,
            Action::SignOff,
            None,
            store.article_version(id).await?,
        )
        .await
    {
        Ok(_) => Ok(()),
        Err(StoreError::Refused(refusal)) => bail!("demo sign-off refused: {refusal}"),
        Err(error) => Err(error.into()),
    }
}
