//! Reading articles in runs: a run of ids, and rows read for a run gathered
//! by article. What goes through every article (`trail verify --all`) reads
//! a run at a time; everything else reads one article as a run of one.

use std::collections::HashMap;

use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::{ArticleId, StoreResult};

/// A run of articles by id: those with `after < id <= upto` (read in bulk
/// by whatever goes through every article, one by one by the rest).
#[derive(Debug, Clone, Copy)]
pub(super) struct Ids {
    pub(super) after: i64,
    pub(super) upto: i64,
}

impl Ids {
    /// Article `id` alone.
    pub(super) fn one(id: ArticleId) -> Ids {
        Ids {
            after: id.0.saturating_sub(1),
            upto: id.0,
        }
    }
}

/// Rows read for a run of articles, ordered by article, each turned into
/// a `T` and gathered by the row's `article_id`.
pub(super) fn by_article<T>(
    rows: &[AnyRow],
    of: impl Fn(&AnyRow) -> StoreResult<T>,
) -> StoreResult<HashMap<ArticleId, Vec<T>>> {
    let mut out: HashMap<ArticleId, Vec<T>> = HashMap::new();
    for row in rows {
        out.entry(row.try_get("article_id")?)
            .or_default()
            .push(of(row)?);
    }
    Ok(out)
}
