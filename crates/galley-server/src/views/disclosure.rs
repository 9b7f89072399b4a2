//! The disclosure an article's trail earns, with the people and the
//! figures behind it: one typed answer that the API serializes and the
//! signed-off page renders.

use galley_core::audit;
use galley_core::disclosure::{self, HOUSE_WORDING, Shortfall};
use galley_core::replay::Replay;
use galley_store::{ArticleId, ArticleWithTrail, StoreError, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::changes::step_changes;
use crate::compute::{Stopped, compute};
use crate::i18n::Lang;
use crate::state::AppState;

/// The earned disclosure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Disclosure {
    /// The article's id.
    pub article: ArticleId,
    /// The line as the newsroom prints it.
    #[schema(value_type = String)]
    pub text: String,
    /// The AI tool that drafted the English.
    pub ai: AiTool,
    /// Who reviewed in the last round of bilingual review, and who approved it.
    pub bilingual_review: BilingualReview,
    /// Who edited in native edit, and who signed off.
    pub native_edit: NativeEdit,
    /// The version of the Korean that was reviewed (1 unless the Korean
    /// changed during the review; every changed row reviewed again).
    pub source_version: i64,
    /// The edition (1 until a correction is signed off).
    pub edition: usize,
    /// The corrections published, oldest first: each prints a line after
    /// the disclosure.
    pub corrections: Vec<CorrectionView>,
    /// How much each step changed the English.
    pub figures: FiguresByStep,
    /// The trail the disclosure was read from.
    pub trail: TrailHead,
}

/// A published correction.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CorrectionView {
    /// The edition that published it.
    pub edition: usize,
    /// When that edition was signed off (UTC, RFC 3339).
    pub at: String,
    /// The public note.
    pub note: String,
    /// The line as the newsroom prints it, dated on its own clock:
    /// "Corrected on 2 December 2026: …".
    pub line: String,
}

/// A date as the newsroom writes it in a correction line: "2 December
/// 2026", on its own clock.
pub fn long_date(at: &str, zone: &jiff::tz::TimeZone) -> String {
    at.parse::<jiff::Timestamp>()
        .map(|t| t.to_zoned(zone.clone()).strftime("%-d %B %Y").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// The correction lines an earned disclosure prints.
pub fn correction_views(
    earned: &disclosure::Earned,
    zone: &jiff::tz::TimeZone,
) -> Vec<CorrectionView> {
    earned
        .corrections
        .iter()
        .map(|c| CorrectionView {
            edition: c.edition,
            at: c.at.clone(),
            note: c.note.clone(),
            line: c.line(&long_date(&c.at, zone)),
        })
        .collect()
}

/// The AI tool and model.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AiTool {
    /// The tool.
    pub tool: String,
    /// The model.
    pub model: String,
}

/// A person the trail names (`name` is `null` for a user since removed).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Person {
    /// The user's id.
    pub id: UserId,
    /// The user's name.
    pub name: Option<String>,
}

/// The bilingual review's people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BilingualReview {
    /// Who took part.
    pub by: Vec<Person>,
    /// Who approved it.
    pub approved_by: Person,
}

/// The native edit's people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NativeEdit {
    /// Who took part.
    pub by: Vec<Person>,
    /// Who signed off.
    pub signed_off_by: Person,
    /// When.
    pub signed_off_at: Option<String>,
}

/// How much each step changed the English (`null`: no rows).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct FiguresByStep {
    /// From the AI draft to the end of bilingual review.
    pub ai_to_bilingual_review: Option<Figures>,
    /// From the end of bilingual review to the end of native edit.
    pub bilingual_review_to_native_edit: Option<Figures>,
    /// From the AI draft to now.
    pub ai_to_current: Option<Figures>,
}

/// How much one step changed the English of the whole article.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct Figures {
    /// Word edits over the longer side's words, 0 to 1.
    pub changed_share: f64,
    /// TER, 0 to 100 and up.
    pub ter: f64,
    /// chrF++, 0 to 100.
    pub chrf_pp: f64,
}

/// The trail's length and last hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TrailHead {
    /// How many events.
    pub events: usize,
    /// The hash of the last one.
    pub last_hash: Option<String>,
}

/// Why there is no disclosure.
#[derive(Debug)]
pub enum NotEarned {
    /// The store failed or the article does not exist.
    Store(StoreError),
    /// The trail lacks a step the line claims.
    Shortfall(Shortfall),
    /// The trail's chain does not verify.
    TrailBroken(audit::Mismatch),
    /// What is stored is not what the trail records: nothing is published.
    Tampered(audit::Mismatch),
    /// The figures were not computed.
    Stopped(Stopped),
}

impl NotEarned {
    /// The rule that refused, for the refusals that are not the store's.
    pub fn rule(&self) -> Option<&'static str> {
        match self {
            NotEarned::Shortfall(shortfall) => Some(shortfall.code()),
            NotEarned::TrailBroken(_) => Some("trail_broken"),
            NotEarned::Tampered(_) => Some("trail_mismatch"),
            NotEarned::Store(_) | NotEarned::Stopped(_) => None,
        }
    }

    /// Why, in `lang`, for the refusals that are not the store's.
    pub fn said(&self, lang: Lang) -> Option<String> {
        match self {
            NotEarned::Shortfall(shortfall) => Some(lang.shortfall(*shortfall).to_string()),
            NotEarned::TrailBroken(mismatch) => Some(lang.trail_broken(mismatch)),
            NotEarned::Tampered(mismatch) => Some(lang.tampered(mismatch)),
            NotEarned::Store(_) | NotEarned::Stopped(_) => None,
        }
    }
}

impl From<StoreError> for NotEarned {
    fn from(error: StoreError) -> NotEarned {
        NotEarned::Store(error)
    }
}

impl From<Stopped> for NotEarned {
    fn from(stopped: Stopped) -> NotEarned {
        NotEarned::Stopped(stopped)
    }
}

fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// Article `id` as stored, vouched for by its trail: the chain verifies,
/// and every stored projection (each revision's text against its digest,
/// the rows, marks, title, AI tool, Korean, overrides) is what its replay
/// says. Whatever is published is built from what this answers. A
/// mismatch refuses (`trail_mismatch`, naming what differs) and raises the
/// tampering alarm in the log: the database was changed under the trail.
pub async fn vouched(
    state: &AppState,
    id: ArticleId,
) -> Result<(ArticleWithTrail, Replay), NotEarned> {
    let read = state.store.article_with_trail(id).await?;
    match audit::audit_stored(&read.stored) {
        Ok(replay) => Ok((read, replay)),
        Err(mismatch) => {
            tracing::error!(
                alarm = "tampering",
                article = id.0,
                at = mismatch.at,
                reason = %mismatch.reason,
                "the stored article is not what its trail records: nothing is published"
            );
            Err(NotEarned::Tampered(mismatch))
        }
    }
}

/// The disclosure of article `id`, if its trail earns it.
pub async fn disclosure(state: &AppState, id: ArticleId) -> Result<Disclosure, NotEarned> {
    let (read, replay) = vouched(state, id).await?;
    disclosure_of(state, &read, &replay).await
}

/// The disclosure of an article [`vouched`] for.
pub async fn disclosure_of(
    state: &AppState,
    read: &ArticleWithTrail,
    replay: &Replay,
) -> Result<Disclosure, NotEarned> {
    let (id, article, events) = (read.article.id, &read.article, &read.stored.events);
    let mut by_row = read.revisions.clone();
    let revisions: Vec<Vec<galley_store::Revision>> = article
        .rows
        .iter()
        .map(|row| by_row.remove(&row.id).unwrap_or_default())
        .collect();
    // The AI drafts of rows removed as its invention: a deletion in the
    // figures (read apart; the vouched read holds the article's rows).
    let removed = if replay.removed_english.is_empty() {
        Vec::new()
    } else {
        super::changes::removed_drafts(replay, &state.store.every_revision(id).await?)
    };
    let earned = disclosure::earn(replay).map_err(NotEarned::Shortfall)?;
    let names = state.store.user_names().await?;
    let person = |id: i64| Person {
        id: UserId(id),
        name: names.get(&UserId(id)).cloned(),
    };
    let (for_steps, ai) = (
        article.clone(),
        AiTool {
            tool: article.ai.tool.clone(),
            model: article.ai.model.clone(),
        },
    );
    let cache = state.scores.clone();
    let steps =
        compute(move |cancel| step_changes(&for_steps, &revisions, &removed, &cache, cancel))
            .await?;
    let of = |name: &str| {
        steps
            .iter()
            .find(|step| step.name == name)
            .and_then(|step| step.article.as_ref())
            .map(|s| Figures {
                changed_share: round(s.changed_share(), 4),
                ter: round(s.ter.score(), 2),
                chrf_pp: round(s.chrf_pp.score(), 2),
            })
    };
    let figures = FiguresByStep {
        ai_to_bilingual_review: of("ai_to_bilingual_review"),
        bilingual_review_to_native_edit: of("bilingual_review_to_native_edit"),
        ai_to_current: of("ai_to_current"),
    };
    Ok(Disclosure {
        article: id,
        text: HOUSE_WORDING.to_string(),
        ai,
        bilingual_review: BilingualReview {
            by: earned
                .bilingual_reviewers
                .iter()
                .map(|id| person(*id))
                .collect(),
            approved_by: person(earned.approved_by),
        },
        native_edit: NativeEdit {
            by: earned.native_editors.iter().map(|id| person(*id)).collect(),
            signed_off_by: person(earned.signed_off_by),
            signed_off_at: replay.signed_off.as_ref().map(|(_, at)| at.clone()),
        },
        source_version: earned.source_version,
        edition: earned.edition,
        corrections: correction_views(&earned, &state.web.time_zone),
        figures,
        trail: TrailHead {
            events: events.len(),
            last_hash: events.last().map(|e| e.hash.clone()),
        },
    })
}
