//! The JSON export of an article as stored now, with its log section: the
//! store read for each event's leaf and its inclusion proof in the tree of
//! a signed checkpoint, then [`crate::exchange::json_export`] (which reads
//! nothing) given what it needs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use galley_core::checkpoint::LogSigner;
use galley_core::merkle::Hash;
use galley_core::trail::Event;
use galley_store::{ArticleId, ArticleWithTrail, Revision, Store, StoreError};
use serde_json::{Value, json};

use crate::exchange;

fn b64(hash: &Hash) -> String {
    STANDARD.encode(hash)
}

/// The export's `log` section: each event's leaf in the newsroom's log and
/// its inclusion proof in the tree of a signed checkpoint (a fresh one when
/// this server holds the key, else the latest kept if it covers every
/// event; without one the proofs are against the log's unsigned head). With
/// `consistency_from`, the proof that this tree extends the one of that
/// many leaves (an auditor's kept checkpoint).
pub async fn log_section(
    store: &dyn Store,
    signer: Option<&LogSigner>,
    article_id: ArticleId,
    events: &[Event],
    consistency_from: Option<u64>,
) -> Result<Value, StoreError> {
    let leaf_of: std::collections::HashMap<i64, u64> = store
        .leaves_of(article_id)
        .await?
        .into_iter()
        .map(|l| (l.seq, l.index))
        .collect();
    let mut leaves = Vec::with_capacity(events.len());
    for event in events {
        let leaf = leaf_of.get(&event.seq).copied().ok_or_else(|| {
            StoreError::Internal(format!(
                "event {} of article {article_id} has no leaf in the log",
                event.seq
            ))
        })?;
        leaves.push((event.seq, leaf));
    }
    let needed = leaves.iter().map(|(_, l)| l + 1).max().unwrap_or(0);
    let (size, note) = match signer {
        Some(signer) => {
            let (size, note) = crate::checkpoints::sign(store, signer).await?;
            (size, Some(note))
        }
        None => match store.latest_checkpoint().await? {
            Some((size, note)) if size >= needed => (size, Some(note)),
            _ => (store.log_head().await?.0, None),
        },
    };
    let root = store.root_at(size).await?;
    let mut proven = Vec::with_capacity(leaves.len());
    for (seq, leaf) in leaves {
        let proof = store.inclusion_proof(leaf, size).await?;
        proven.push(json!({
            "seq": seq, "leaf": leaf, "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        }));
    }
    let mut section = json!({
        "checkpoint": note, "size": size, "root": b64(&root), "leaves": proven,
    });
    if let Some(from) = consistency_from {
        if from > size {
            return Err(StoreError::Invalid {
                field: Some("consistency_from"),
                why: galley_store::Invalid::ConsistencyFrom { size, from },
            });
        }
        let proof = store.consistency_proof(from, size).await?;
        section["consistency"] = json!({
            "from": from, "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        });
    }
    Ok(section)
}

/// The JSON export of an article as stored now and vouched for by its
/// trail: its rows, every revision of every row, the overrides and the
/// trail.
pub async fn article_export(
    store: &dyn Store,
    signer: Option<&LogSigner>,
    read: &ArticleWithTrail,
    consistency_from: Option<u64>,
) -> Result<Value, StoreError> {
    let (article, overrides, events) = (&read.article, &read.overrides, &read.stored.events);
    let revisions: Vec<Revision> = article
        .rows
        .iter()
        .flat_map(|row| read.revisions.get(&row.id).into_iter().flatten())
        .cloned()
        .collect();
    Ok(exchange::json_export(
        article,
        &revisions,
        overrides,
        events,
        Some(log_section(store, signer, article.id, events, consistency_from).await?),
    ))
}
