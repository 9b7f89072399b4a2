//! An article as the store keeps it, in the shape the core checks against
//! the trail ([`galley_core::audit::ClaimedArticle`]): what `trail verify`
//! compares with the replay, and what a publication is checked by on its
//! way out.

use std::collections::HashMap;

use galley_core::audit::{ClaimedArticle, ClaimedAuthor, ClaimedRevision, ClaimedRow};
use galley_core::replay::OverrideRecord;

use crate::{Article, Author, Override, Revision, RowId};

impl Article {
    /// What this article shows, to be checked against its trail: with
    /// `revisions` (every revision of its rows, by row) the whole stored
    /// projection; without, its rows' current texts only (a publication).
    pub fn claimed(
        &self,
        revisions: Option<&HashMap<RowId, Vec<Revision>>>,
        overrides: &[Override],
    ) -> ClaimedArticle {
        let rows = self
            .rows
            .iter()
            .map(|row| ClaimedRow {
                headline: self.is_headline(row),
                id: row.id.0,
                ko: (row.ko.start, row.ko.end),
                korean: self.korean.get(row.ko.clone()).unwrap_or_default().to_vec(),
                text: row.text.clone(),
                revision: row.revision,
                reviewed: row.reviewed_revision == Some(row.revision),
                source_changed: row.source_change.is_some(),
            })
            .collect();
        let shown = revisions.map(|by_row| {
            self.rows
                .iter()
                .flat_map(|row| by_row.get(&row.id).into_iter().flatten())
                .map(claimed_revision)
                .collect()
        });
        ClaimedArticle {
            id: self.id.0,
            title: self.title.clone(),
            stage: self.stage,
            ai: (self.ai.tool.clone(), self.ai.model.clone()),
            source_version: self.source_version,
            korean: self.korean.clone(),
            rows,
            every_revision: shown.is_some(),
            revisions: shown.unwrap_or_default(),
            overrides: overrides.iter().map(override_record).collect(),
        }
    }
}

/// A stored revision as the core's audit reads one.
pub fn claimed_revision(revision: &Revision) -> ClaimedRevision {
    ClaimedRevision {
        row: revision.row_id.0,
        revision: revision.revision,
        text: revision.text.clone(),
        author: match &revision.author {
            Author::Ai(ai) => ClaimedAuthor::Ai(ai.tool.clone(), ai.model.clone()),
            Author::User(id) => ClaimedAuthor::User(id.0),
        },
        stage: revision.stage,
    }
}

/// A stored override as the trail records one.
pub fn override_record(o: &Override) -> OverrideRecord {
    OverrideRecord {
        row: o.row_id.0,
        key: o.key.clone(),
        reason: o.reason.clone(),
        by: o.user_id.0,
    }
}
