//! The log's signed checkpoints. A server started with the
//! signing key signs the log's head after each stage transition, at start,
//! whenever an export needs one covering its events, and every few minutes
//! while the log grows; every checkpoint signed is kept in the database, so
//! every server (with the key or not) serves the latest.

use std::sync::Arc;
use std::time::Duration;

use galley_core::checkpoint::{Checkpoint, LogSigner};
use galley_store::{Store, StoreError, StoreResult};

use crate::state::AppState;

/// Signs the log's head as it is now and keeps the note (unless the latest
/// kept is that very note); answers its size and text. A head that does
/// not extend the latest checkpoint this key signed is refused: the log in
/// the database was rewritten, and the key must not vouch for it.
pub async fn sign(store: &dyn Store, signer: &LogSigner) -> StoreResult<(u64, String)> {
    // The latest checkpoint first, then the head: the head read after it is
    // at least as large, whatever another server signs meanwhile.
    let latest = store.latest_checkpoint().await?;
    let (size, root) = store.log_head().await?;
    let head = Checkpoint {
        origin: signer.name().to_string(),
        size,
        root,
    };
    let note = signer.sign(&head);
    if latest.as_ref() == Some(&(size, note.clone())) {
        return Ok((size, note));
    }
    if let Some((_, kept)) = &latest {
        // A checkpoint of another key (one replaced) is not this key's word.
        if let Ok(kept) = signer.verifier().open(kept) {
            let proof = if kept.size <= size {
                store.consistency_proof(kept.size, size).await?
            } else {
                Vec::new()
            };
            if let Err(fork) = galley_core::checkpoint::check_extends(&kept, &head, &proof) {
                tracing::error!(%fork, "refusing to sign the log's head");
                return Err(StoreError::Internal(format!(
                    "refusing to sign the log's head: {fork}"
                )));
            }
        }
    }
    store.save_checkpoint(size, &note).await?;
    Ok((size, note))
}

/// After a stage transition: a checkpoint covering it, when this server
/// holds the key. A failure is logged, not the transition's: the next
/// checkpoint covers it.
pub async fn after_transition(state: &AppState) {
    if let Some(signer) = &state.signer {
        if let Err(error) = sign(state.store.as_ref(), signer).await {
            tracing::warn!(%error, "could not sign a checkpoint after a transition");
        }
    }
}

/// Signs a checkpoint every `every` while the log has grown since the last
/// one kept (by any server). Runs until the process ends.
pub async fn every(store: Arc<dyn Store>, signer: Arc<LogSigner>, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let grown = match (store.log_head().await, store.latest_checkpoint().await) {
            (Ok((size, _)), Ok(latest)) => latest.is_none_or(|(kept, _)| kept < size),
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "could not read the log for its checkpoint");
                continue;
            }
        };
        if grown {
            if let Err(error) = sign(store.as_ref(), &signer).await {
                tracing::warn!(%error, "could not sign the log's checkpoint");
            }
        }
    }
}
