//! A published edition of an article as it was signed off, read back from
//! the trail up to that sign-off and the texts it records by digest: what
//! the newsroom published then stays readable and exportable after a
//! correction.

use galley_core::audit;
use galley_core::disclosure::{self, Earned};
use galley_core::trail::{Event, text_digest};
use galley_core::workflow::Stage;
use galley_store::{AiTool, Article, ArticleId, Override, Revision, Row, RowId, StoreError};

use super::disclosure::NotEarned;
use crate::state::AppState;

/// An edition as it was published.
#[derive(Debug)]
pub struct Edition {
    /// Its number (1 for the first).
    pub number: usize,
    /// The article as it stood at the edition's sign-off.
    pub article: Article,
    /// Every revision of its rows up to then.
    pub revisions: Vec<Revision>,
    /// The overrides in force then.
    pub overrides: Vec<Override>,
    /// The trail up to and including the sign-off.
    pub events: Vec<Event>,
    /// What the trail up to then earned.
    pub earned: Earned,
}

/// Edition `number` of article `id` (1 for the first); not found if it
/// has not been published.
pub async fn edition(state: &AppState, id: ArticleId, number: usize) -> Result<Edition, NotEarned> {
    let events = state.store.events(id).await?;
    let whole = audit::replay_chain(&events).map_err(NotEarned::TrailBroken)?;
    let Some(published) = number.checked_sub(1).and_then(|i| whole.editions.get(i)) else {
        return Err(StoreError::NotFound(galley_store::Missing::Edition {
            number,
            article: id,
            editions: whole.editions.len(),
        })
        .into());
    };
    let end = events
        .iter()
        .position(|e| e.seq == published.seq)
        .map_or(events.len(), |i| i + 1);
    let events = events[..end].to_vec();
    let then = audit::replay_chain(&events).map_err(NotEarned::TrailBroken)?;
    let earned = disclosure::earn(&then).map_err(NotEarned::Shortfall)?;
    let now = state.store.article(id).await?;
    let korean = state
        .store
        .source_version(id, published.source_version)
        .await?;
    let mut all = state.store.every_revision(id).await?;
    let mut rows = Vec::new();
    let mut revisions = Vec::new();
    for (position, row_id) in then.order.iter().enumerate() {
        let history = &then.rows[row_id];
        let stored = all.remove(&RowId(*row_id)).unwrap_or_default();
        let recorded: Vec<Revision> = stored
            .into_iter()
            .filter(|r| history.revisions.iter().any(|h| h.number == r.revision))
            .collect();
        let current = recorded
            .iter()
            .find(|r| r.revision == history.current())
            .ok_or_else(|| {
                StoreError::Internal(format!(
                    "row {row_id} has lost its revision {}",
                    history.current()
                ))
            })?;
        // What is shown is what the trail records.
        if let Some(digest) = history.revisions.last().and_then(|r| r.sha256.as_ref())
            && *digest != text_digest(&current.text)
        {
            return Err(NotEarned::TrailBroken(audit::Mismatch {
                reason: format!("the stored text of row {row_id} is not the one the trail records"),
                at: None,
            }));
        }
        let ko = history.ko.unwrap_or_default();
        let shown = now.rows.iter().find(|r| r.id == RowId(*row_id));
        rows.push(Row {
            id: RowId(*row_id),
            position: position as i64,
            ko: ko.0..ko.1,
            text: current.text.clone(),
            revision: current.revision,
            reviewed_revision: history.reviewed,
            confidence: shown.map_or(1.0, |r| r.confidence),
            flags: shown.map(|r| r.flags.clone()).unwrap_or_default(),
            source_change: None,
            ko_before: None,
        });
        revisions.extend(recorded);
    }
    let overrides = state
        .store
        .overrides(id)
        .await?
        .into_iter()
        .filter(|o| {
            then.active_overrides()
                .any(|r| r.row == o.row_id.0 && r.key == o.key && r.reason == o.reason)
        })
        .collect();
    // The title the edition published: its headline row's English then,
    // or (an article from before the headline was a row) the submitted one.
    let title = match then.headline {
        Some(_) => rows.first().map(|r| r.text.clone()).unwrap_or_default(),
        None => then.title.clone(),
    };
    let article = Article {
        id,
        headline: then.headline.is_some(),
        // An edition is shown as it was signed off; its findings are
        // those of the texts alone.
        glossary: std::sync::Arc::default(),
        glossary_version: 0,
        title,
        stage: Stage::SignedOff,
        version: now.version,
        source_version: published.source_version,
        ai: AiTool {
            tool: then.ai.0.clone(),
            model: then.ai.1.clone(),
        },
        submitted_by: now.submitted_by,
        returned: None,
        assignments: Vec::new(),
        korean,
        rows,
    };
    Ok(Edition {
        number,
        article,
        revisions,
        overrides,
        events,
        earned,
    })
}
