//! What people changed, step by step: the versions of a row, and how much
//! each stage changed the English. Read by the API's diff and metrics, the
//! disclosure, and the review page.

use galley_core::metrics::{self, Scores};
use galley_core::workflow::Stage;
use galley_store::{Article, ArticleId, Revision, RowId, StoreError};

use crate::compute::{Cancel, Stopped};
use crate::scores::ScoreCache;
use crate::state::AppState;

/// Which version of a row: `ai`, `current`, a stage name (the text as it
/// stood when that stage ended, or now if it has not), or `rev:N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// The AI draft, revision 0.
    Ai,
    /// The row's text now.
    Current,
    /// The text as it stood when the stage ended (or now, if it has not).
    Stage(Stage),
    /// Revision N.
    Revision(i64),
}

impl Version {
    /// `ai`, `current`, a stage name or `rev:N`.
    pub fn parse(value: &str) -> Option<Version> {
        match value {
            "ai" => Some(Version::Ai),
            "current" => Some(Version::Current),
            _ => Stage::parse(value).map(Version::Stage).or_else(|| {
                value
                    .strip_prefix("rev:")
                    .and_then(|n| n.parse::<i64>().ok())
                    .filter(|n| *n >= 0)
                    .map(Version::Revision)
            }),
        }
    }

    /// The revision of a row this version means (revisions oldest first).
    pub fn pick(self, revisions: &[Revision]) -> Option<&Revision> {
        match self {
            Version::Ai => revisions.first(),
            Version::Current => revisions.last(),
            Version::Revision(n) => revisions.iter().find(|r| r.revision == n),
            Version::Stage(stage) => revisions
                .iter()
                .rev()
                .find(|r| r.stage <= stage)
                .or(revisions.first()),
        }
    }
}

/// An article and, row by row in its order, every revision of the row;
/// given the caller's `replay` of it, also the AI drafts of the rows removed
/// as the AI's invention (which the figures count as deleted).
pub async fn rows_with_revisions(
    state: &AppState,
    id: ArticleId,
    replay: Option<&galley_core::replay::Replay>,
) -> Result<(Article, Vec<Vec<Revision>>, Vec<String>), StoreError> {
    let article = state.store.article(id).await?;
    // The rows no longer in the article are read only when some of them
    // were removed as the AI's invention.
    let removals = replay.filter(|r| !r.removed_english.is_empty());
    let mut by_row = if removals.is_none() {
        state.store.article_revisions(id).await?
    } else {
        state.store.every_revision(id).await?
    };
    let all = article
        .rows
        .iter()
        .map(|segment| by_row.remove(&segment.id).unwrap_or_default())
        .collect();
    let removed = removals.map_or_else(Vec::new, |r| removed_drafts(r, &by_row));
    Ok((article, all, removed))
}

/// The AI drafts of the rows a reviewer removed as the AI's invention
/// ([`Replay::removed_english`]), from the revisions of rows no longer in
/// the article.
pub fn removed_drafts(
    replay: &galley_core::replay::Replay,
    by_row: &std::collections::HashMap<RowId, Vec<Revision>>,
) -> Vec<String> {
    replay
        .removed_english
        .iter()
        .filter_map(|row| by_row.get(&RowId(*row)))
        .filter_map(|history| history.first().map(|r| r.text.clone()))
        .collect()
}

/// How much one step changed the English: the article as a whole and each row.
#[derive(Debug)]
pub struct StepChange {
    /// Stable name, e.g. `ai_to_bilingual_review`.
    pub name: &'static str,
    /// What a person reads.
    pub label: &'static str,
    /// The article's scores (`None` for an article without rows): rows one
    /// by one, rows split or merged in between as one passage
    /// ([`galley_core::metrics::article`]).
    pub article: Option<Scores>,
    /// Per row: its id and scores.
    pub rows: Vec<(RowId, Scores)>,
}

/// The three steps people care about: the bilingual review's changes to the
/// AI draft, the native edit's changes to that, and everything since the AI.
/// Scores already in `cache` are not computed again. Stops (with the
/// cancellation's error) once `cancel` is set, between rows.
pub fn step_changes(
    article: &Article,
    revisions: &[Vec<Revision>],
    removed: &[String],
    cache: &ScoreCache,
    cancel: &Cancel,
) -> Result<Vec<StepChange>, Stopped> {
    let steps = [
        (
            "ai_to_bilingual_review",
            "AI draft → bilingual review",
            Version::Ai,
            Version::Stage(Stage::BilingualReview),
        ),
        (
            "bilingual_review_to_native_edit",
            "bilingual review → native edit",
            Version::Stage(Stage::BilingualReview),
            Version::Stage(Stage::NativeEdit),
        ),
        (
            "ai_to_current",
            "AI draft → now",
            Version::Ai,
            Version::Current,
        ),
    ];
    // Each step's (row, earlier text, later text); the rows a reviewer
    // removed as the AI's invention are all deleted in every step from the
    // AI's draft.
    let wanted: Vec<Vec<(Option<RowId>, &str, &str)>> = steps
        .iter()
        .map(|(_, _, from, to)| {
            let mut pairs: Vec<(Option<RowId>, &str, &str)> = article
                .rows
                .iter()
                .zip(revisions)
                .filter_map(|(segment, history)| {
                    // The earlier text is the hypothesis, the later one the reference.
                    let (old, new) = (from.pick(history)?, to.pick(history)?);
                    Some((Some(segment.id), old.text.as_str(), new.text.as_str()))
                })
                .collect();
            if *from == Version::Ai {
                pairs.extend(removed.iter().map(|draft| (None, draft.as_str(), "")));
            }
            pairs
        })
        .collect();
    let all: Vec<(&str, &str)> = wanted
        .iter()
        .flatten()
        .map(|(_, old, new)| (*old, *new))
        .collect();
    let mut scored = cache.score_all(&all, cancel)?.into_iter();
    Ok(steps
        .into_iter()
        .zip(&wanted)
        .map(|((name, label, _, _), pairs)| {
            let scores: Vec<Scores> = scored.by_ref().take(pairs.len()).collect();
            let texts: Vec<(&str, &str)> = pairs.iter().map(|(_, old, new)| (*old, *new)).collect();
            StepChange {
                name,
                label,
                article: metrics::article(&texts, &scores, |a, b| cache.score(a, b)),
                rows: pairs
                    .iter()
                    .zip(&scores)
                    .filter_map(|((row, _, _), scores)| Some(((*row)?, scores.clone())))
                    .collect(),
            }
        })
        .collect())
}
