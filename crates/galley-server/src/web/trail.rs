//! The trail page: every event of an article, who and when, each
//! revision's change, and whether the chain of hashes verifies.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use galley_core::audit;
use galley_core::events::Fact;
use galley_core::workflow::Stage;

use super::chrome::{Chrome, diff_html, short_time, stage_label};
use super::session::Viewer;
use super::{Html, PageError};
use crate::state::AppState;

struct TrailEntry {
    seq: i64,
    at: String,
    actor: String,
    stage_label: &'static str,
    what: String,
    note: String,
    diff: String,
    hash: String,
}

#[derive(Template)]
#[template(path = "trail.html")]
struct TrailPage<'a> {
    chrome: Chrome<'a>,
    id: i64,
    title: &'a str,
    stage_label: &'static str,
    verified: bool,
    verdict: String,
    entries: Vec<TrailEntry>,
}

pub async fn trail(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let article = state.store.article(id).await?;
    let stored = state.store.stored_trail(id).await?;
    let (verified, verdict) = match audit::audit_stored(&stored) {
        Ok(replay) => (
            true,
            format!(
                "All {} events verify: the chain of hashes is unbroken and the article is where its trail leaves it.",
                replay.events
            ),
        ),
        Err(mismatch) => (false, format!("The trail does not verify: {mismatch}")),
    };
    let events = stored.events;
    // Every text and every name the trail shows, in two queries.
    let histories = state.store.every_revision(id).await?;
    let names = state.store.user_names().await?;
    // Rows by their number on the review page; rows merged or split away
    // since keep their id.
    let numbers: HashMap<i64, usize> = article
        .rows
        .iter()
        .map(|s| (s.id, s.position as usize + 1))
        .collect();
    let row_name = |id: i64| match numbers.get(&id) {
        Some(n) => format!("row {n}"),
        None => format!("former row #{id}"),
    };
    // The stage each event happened in, replayed from the hashed transitions.
    let mut stage = Stage::Draft;
    let mut entries = Vec::with_capacity(events.len());
    for event in &events {
        let mut diff = String::new();
        let mut note = String::new();
        let what = match Fact::decode(event) {
            Err(error) => format!("an event that cannot be read ({})", error.reason),
            Ok(Fact::Submitted { .. }) => {
                "submitted the Korean source and the AI draft".to_string()
            }
            Ok(Fact::Aligned { rows }) => {
                format!("aligned the paragraphs into {} rows", rows.len())
            }
            Ok(Fact::RevisionSaved { row, revision, .. }) => {
                let history = histories.get(&row).map_or(&[][..], Vec::as_slice);
                let text_of = |n: i64| {
                    history
                        .iter()
                        .find(|r| r.revision == n)
                        .map(|r| r.text.as_str())
                };
                if let (Some(old), Some(new)) = (text_of(revision - 1), text_of(revision)) {
                    diff = diff_html(old, new);
                }
                format!("saved revision {revision} of {}", row_name(row))
            }
            Ok(Fact::RowReviewed { row, revision }) => {
                format!("marked {} reviewed at revision {revision}", row_name(row))
            }
            Ok(Fact::RowsMerged { merged, into, .. }) => format!(
                "merged {} and {} into {}",
                row_name(merged[0]),
                row_name(merged[1]),
                row_name(into)
            ),
            Ok(Fact::RowSplit { split, into, .. }) => format!(
                "split {} into {} and {}",
                row_name(split),
                row_name(into[0]),
                row_name(into[1])
            ),
            Ok(Fact::QaOverridden { row, key, reason }) => {
                note = reason;
                format!("overrode the QA finding {key} of {}", row_name(row))
            }
            Ok(Fact::Transition {
                action,
                to,
                note: given,
                ..
            }) => {
                note = given.unwrap_or_default();
                let text = format!("{action}: {} → {}", stage_label(stage), stage_label(to));
                stage = to;
                text
            }
            Ok(Fact::Comment { text, .. }) => {
                note = text;
                "commented".to_string()
            }
        };
        // "user:7" is who the chain names; people read the name.
        let actor = match event
            .actor
            .strip_prefix("user:")
            .and_then(|id| id.parse::<i64>().ok())
        {
            Some(id) => names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| event.actor.clone()),
            None => event.actor.clone(),
        };
        entries.push(TrailEntry {
            seq: event.seq,
            at: short_time(&event.at),
            actor,
            stage_label: stage_label(stage),
            what,
            note,
            diff,
            hash: event.hash.get(..16).unwrap_or_default().to_string(),
        });
    }
    let page = TrailPage {
        chrome: Chrome::of(&session),
        id,
        title: &article.title,
        stage_label: stage_label(article.stage),
        verified,
        verdict,
        entries,
    };
    Ok(Html::render(&page).into_response())
}
