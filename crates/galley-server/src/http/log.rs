//! `/api/v1/log`: the newsroom's Merkle log of every event, its head and
//! its proofs (hashes in base64, as checkpoints write them).

use axum::extract::State;
use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use galley_core::merkle::Hash;
use galley_store::ArticleId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::Problem;
use super::{ApiError, ApiQuery, AuthUser};
use crate::state::AppState;
use crate::wrong::Wrong;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(head))
        .routes(routes!(inclusion))
        .routes(routes!(consistency))
        .routes(routes!(checkpoint))
        .routes(routes!(leaves))
}

fn b64(hash: &Hash) -> String {
    STANDARD.encode(hash)
}

/// The log's size and root.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LogHead {
    /// How many leaves (events) it has.
    pub size: u64,
    /// The root of those leaves, base64.
    pub root: String,
}

#[utoipa::path(
    get,
    path = "/log",
    tag = "log",
    summary = "The log's size and root hash (unsigned)",
    responses((status = 200, description = "The head", body = LogHead), (status = "4XX", description = "401: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn head(
    State(state): State<AppState>,
    _reader: AuthUser,
) -> Result<impl IntoResponse, ApiError> {
    let (size, root) = state.store.log_head().await?;
    Ok(axum::Json(LogHead {
        size,
        root: b64(&root),
    }))
}

/// Which leaf, in which tree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionQuery {
    /// The leaf's index.
    leaf: u64,
    /// The tree size (at most the log's).
    size: u64,
}

/// An inclusion proof.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InclusionProof {
    /// The leaf's index.
    pub leaf: u64,
    /// The tree size.
    pub size: u64,
    /// That tree's root, base64.
    pub root: String,
    /// The audit path from the leaf up, base64.
    pub proof: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/log/proof/inclusion",
    tag = "log",
    summary = "The inclusion proof of a leaf in the tree of the first `size` leaves (RFC 9162)",
    params(("leaf" = u64, Query, description = "The leaf's index"), ("size" = u64, Query, description = "The tree size, at most the log's")),
    responses((status = 200, description = "The proof", body = InclusionProof), (status = "4XX", description = "401 or 422 (naming `leaf` or `size`): problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn inclusion(
    State(state): State<AppState>,
    _reader: AuthUser,
    ApiQuery(query): ApiQuery<InclusionQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let proof = state.store.inclusion_proof(query.leaf, query.size).await?;
    let root = state.store.root_at(query.size).await?;
    Ok(axum::Json(InclusionProof {
        leaf: query.leaf,
        size: query.size,
        root: b64(&root),
        proof: proof.iter().map(b64).collect(),
    }))
}

/// Which two trees.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyQuery {
    /// The older tree's size.
    from: u64,
    /// The newer tree's size (at most the log's).
    to: u64,
}

/// A consistency proof.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConsistencyProof {
    /// The older size.
    pub from: u64,
    /// The newer size.
    pub to: u64,
    /// The older tree's root, base64.
    pub from_root: String,
    /// The newer tree's root, base64.
    pub to_root: String,
    /// The proof, base64.
    pub proof: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/log/proof/consistency",
    tag = "log",
    summary = "The proof that the tree of `to` leaves extends the tree of `from` (RFC 9162)",
    params(("from" = u64, Query, description = "The older size"), ("to" = u64, Query, description = "The newer size, at most the log's")),
    responses((status = 200, description = "The proof", body = ConsistencyProof), (status = "4XX", description = "401 or 422 (naming `from` or `to`): problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn consistency(
    State(state): State<AppState>,
    _reader: AuthUser,
    ApiQuery(query): ApiQuery<ConsistencyQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let proof = state.store.consistency_proof(query.from, query.to).await?;
    let from_root = state.store.root_at(query.from).await?;
    let to_root = state.store.root_at(query.to).await?;
    Ok(axum::Json(ConsistencyProof {
        from: query.from,
        to: query.to,
        from_root: b64(&from_root),
        to_root: b64(&to_root),
        proof: proof.iter().map(b64).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/log/checkpoint",
    tag = "log",
    summary = "The latest signed checkpoint, as the C2SP signed note's text (origin, size, base64 root, a blank line, the Ed25519 signature line)",
    responses((status = 200, description = "The note", body = String, content_type = "text/plain"), (status = "4XX", description = "401, or 404 when no server holding the signing key has signed one: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn checkpoint(
    State(state): State<AppState>,
    _reader: AuthUser,
) -> Result<impl IntoResponse, ApiError> {
    let latest = match (state.store.latest_checkpoint().await?, &state.signer) {
        (Some((_, note)), _) => note,
        (None, Some(signer)) => {
            crate::checkpoints::sign(state.store.as_ref(), signer)
                .await?
                .1
        }
        (None, None) => {
            return Err(Wrong::NoCheckpoint.into());
        }
    };
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        latest,
    ))
}

/// Which leaves.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeavesQuery {
    /// The first leaf's index.
    start: u64,
    /// One past the last (at most 1000 leaves, at most the log's size).
    end: u64,
}

/// Leaves of the log.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Leaves {
    /// The leaves, in order.
    pub leaves: Vec<Leaf>,
}

/// One leaf and the event it stands for.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Leaf {
    /// Its index.
    pub index: u64,
    /// The event's article.
    pub article: ArticleId,
    /// The event's seq in that article.
    pub seq: i64,
    /// The RFC 9162 leaf hash, base64: SHA-256 of 0x00 and the 48 bytes
    /// article (big-endian i64) ‖ seq (big-endian i64) ‖ the event's hash,
    /// so a leaf is bound to its event and its place (leaves logged before
    /// leaves were bound to their place: SHA-256 of 0x00 and the event's hash alone).
    pub hash: String,
    /// The hash (hex) of the event it names, as the article's trail has it;
    /// `null` when the article has no such event (which a monitor reports:
    /// every leaf must stand for an event).
    pub event: Option<String>,
}

#[utoipa::path(
    get,
    path = "/log/leaves",
    tag = "log",
    summary = "Leaves `start..end` of the log (at most 1000), each with the event it stands for: what a monitor downloads to name the first leaf that differs in a fork",
    params(("start" = u64, Query, description = "The first leaf"), ("end" = u64, Query, description = "One past the last, at most start + 1000 and the log's size")),
    responses((status = 200, description = "The leaves", body = Leaves), (status = "4XX", description = "401 or 422 (naming `start` or `end`): problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn leaves(
    State(state): State<AppState>,
    _reader: AuthUser,
    ApiQuery(query): ApiQuery<LeavesQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let leaves = state.store.leaves(query.start, query.end).await?;
    Ok(axum::Json(Leaves {
        leaves: leaves
            .iter()
            .map(|l| Leaf {
                index: l.index,
                article: l.article_id,
                seq: l.seq,
                hash: b64(&l.hash),
                event: l.event_hash.clone(),
            })
            .collect(),
    }))
}
