//! The trail page: every event of an article in plain words, grouped by
//! stage and round, rows named by the numbers people saw at the time, each
//! revision's change, a filter by person and by kind, and whether the chain
//! of hashes verifies.

use galley_store::{ArticleId, RowId, UserId};
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use galley_core::audit;
use galley_core::events::Fact;
use galley_core::source::Carry;
use galley_core::workflow::Stage;
use serde::Deserialize;

use super::chrome::{Chrome, diff_html, short_time, stage_label};
use super::guard::Viewer;
use super::{Html, PageError};
use crate::i18n::{Lang, Texts, fill};
use crate::state::AppState;

struct TrailEntry {
    seq: i64,
    at: String,
    actor: String,
    kind: &'static str,
    what: String,
    note: String,
    diff: String,
    hash: String,
}

/// The events of one stage, from entering it to leaving it.
struct Round {
    stage: &'static str,
    label: String,
    entries: Vec<TrailEntry>,
}

/// A choice of a filter.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "trail.html")]
struct TrailPage<'a> {
    chrome: Chrome<'a>,
    id: ArticleId,
    title: &'a str,
    stage_label: &'static str,
    verified: bool,
    verdict: String,
    rounds: Vec<Round>,
    people: Vec<Choice>,
    kinds: Vec<Choice>,
    shown: usize,
}

#[derive(Debug, Deserialize)]
pub struct TrailQuery {
    /// Only this person's events (a user id).
    person: Option<String>,
    /// Only events of this kind (see [`KINDS`]).
    kind: Option<String>,
}

/// The kinds of event a reader can filter by.
const KINDS: &[&str] = &["edits", "reviews", "alignment", "stage", "qa", "comments"];

fn kind_label(t: &Texts, kind: &str) -> &'static str {
    match kind {
        "edits" => t.kind_edits,
        "reviews" => t.kind_reviews,
        "alignment" => t.kind_alignment,
        "stage" => t.kind_stage,
        "qa" => t.kind_qa,
        "comments" => t.kind_comments,
        _ => t.kind_all,
    }
}

/// The article's rows in order as the trail has them so far, and each row's
/// revisions by digest: what lets an event name "row 3" as people saw it
/// then, and a save that brings back an earlier text a revert.
#[derive(Default)]
struct Rows {
    /// Row ids in order; `None` once an old trail leaves the order unknown.
    order: Option<Vec<i64>>,
    /// The headline's row: named as the headline, the body numbered from 1
    /// after it, as the review page numbers them.
    headline: Option<i64>,
    /// The submission just read has a headline row (its alignment's first).
    headline_next: bool,
}

impl Rows {
    fn number(&self, row: i64) -> Option<usize> {
        let skip = usize::from(self.headline.is_some());
        self.order
            .as_ref()?
            .iter()
            .position(|&r| r == row)
            .map(|i| i + 1 - skip)
    }

    /// Replaces `old` rows (neighbours, in order) with `new` ones.
    fn replace(&mut self, old: &[i64], new: &[i64]) {
        if let Some(order) = &mut self.order {
            match order.iter().position(|r| *r == old[0]) {
                Some(at) => {
                    order.retain(|r| !old.contains(r));
                    for (offset, id) in new.iter().enumerate() {
                        order.insert((at + offset).min(order.len()), *id);
                    }
                }
                None => self.order = None,
            }
        }
    }
}

pub async fn trail(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path(id): Path<ArticleId>,
    Query(query): Query<TrailQuery>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&session.user);
    let t = lang.texts();
    let zone = &state.web.time_zone;
    let article = state.store.article(id).await?;
    let stored = state.store.stored_trail(id).await?;
    let (verified, verdict) = match audit::audit_stored(&stored) {
        Ok(replay) => (
            true,
            fill(t.verdict_ok, &[("events", &replay.events.to_string())]),
        ),
        Err(mismatch) => (false, format!("{} {mismatch}", t.verdict_broken)),
    };
    let events = stored.events;
    // Every text and every name the trail shows, in two queries.
    let histories = state.store.every_revision(id).await?;
    let names = state.store.user_names().await?;
    let person = query.person.as_deref().and_then(|p| p.parse::<i64>().ok());
    let kind = query.kind.as_deref().filter(|k| KINDS.contains(k));

    let mut rows = Rows::default();
    let mut rounds: Vec<Round> = Vec::new();
    let mut entered: BTreeMap<Stage, usize> = BTreeMap::new();
    let mut stage = Stage::Draft;
    let mut actors: BTreeMap<i64, String> = BTreeMap::new();
    let person_name = |id: i64| {
        names
            .get(&UserId(id))
            .cloned()
            .unwrap_or_else(|| format!("user {id}"))
    };
    let mut shown = 0;
    let mut submitted = false;
    let round_label =
        |stage: Stage, round: usize| format!("{} · {} {round}", stage_label(stage, lang), t.round);
    entered.insert(Stage::Draft, 1);
    rounds.push(Round {
        stage: Stage::Draft.name(),
        label: round_label(Stage::Draft, 1),
        entries: Vec::new(),
    });
    for event in &events {
        let row_name = |rows: &Rows, row: i64| match rows.number(row) {
            _ if rows.headline == Some(row) => t.headline_row.to_string(),
            Some(n) => fill(t.row_n, &[("n", &n.to_string())]),
            None => t.gone_row.to_string(),
        };
        let mut diff = String::new();
        let mut note = String::new();
        let mut next_stage = None;
        let (kind_of, what) = match Fact::decode(event) {
            Err(_) => ("", t.ev_unreadable.to_string()),
            Ok(Fact::Submitted { headline, .. }) => {
                (rows.headline, rows.headline_next) = (None, headline);
                let what = if submitted {
                    t.ev_resubmitted
                } else {
                    t.ev_submitted
                };
                submitted = true;
                ("stage", what.to_string())
            }
            Ok(Fact::Aligned { rows: records }) => {
                rows.order = records.iter().map(|r| r.row).collect();
                if rows.headline_next {
                    rows.headline = records.first().and_then(|r| r.row);
                }
                (
                    "alignment",
                    fill(t.ev_aligned, &[("rows", &records.len().to_string())]),
                )
            }
            Ok(Fact::HeadlineAdded { row: record }) => {
                if let (Some(order), Some(id)) = (&mut rows.order, record.row) {
                    order.insert(0, id);
                }
                rows.headline = record.row;
                ("alignment", t.ev_headline_added.to_string())
            }
            Ok(Fact::RevisionSaved {
                row,
                revision,
                reverted_to,
                ..
            }) => {
                let history = histories.get(&RowId(row)).map_or(&[][..], Vec::as_slice);
                let text_of = |n: i64| {
                    history
                        .iter()
                        .find(|r| r.revision == n)
                        .map(|r| r.text.as_str())
                };
                if let (Some(old), Some(new)) = (text_of(revision - 1), text_of(revision)) {
                    diff = diff_html(old, new);
                }
                let name = row_name(&rows, row);
                // A revert is what the person asked for, as the trail says
                // it; an edit that happens to match an earlier text is an edit.
                let what = match reverted_to {
                    Some(to) => fill(
                        t.ev_reverted,
                        &[
                            ("row", &name),
                            ("to", &to.to_string()),
                            ("revision", &revision.to_string()),
                        ],
                    ),
                    None => fill(
                        t.ev_saved,
                        &[("row", &name), ("revision", &revision.to_string())],
                    ),
                };
                ("edits", what)
            }
            Ok(Fact::RowReviewed { row, revision }) => (
                "reviews",
                fill(
                    t.ev_reviewed,
                    &[
                        ("row", &row_name(&rows, row)),
                        ("revision", &revision.to_string()),
                    ],
                ),
            ),
            Ok(Fact::ReviewWithdrawn { row, revision }) => (
                "reviews",
                fill(
                    t.ev_withdrawn,
                    &[
                        ("row", &row_name(&rows, row)),
                        ("revision", &revision.to_string()),
                    ],
                ),
            ),
            Ok(Fact::RowsMerged { merged, into, .. }) => {
                let what = fill(
                    t.ev_merged,
                    &[
                        ("a", &row_name(&rows, merged[0])),
                        ("b", &row_name(&rows, merged[1])),
                    ],
                );
                rows.replace(&merged, &[into]);
                ("alignment", what)
            }
            Ok(Fact::RowSplit { split, into, .. }) => {
                let what = fill(t.ev_split, &[("row", &row_name(&rows, split))]);
                rows.replace(&[split], &into);
                ("alignment", what)
            }
            Ok(Fact::QaOverridden { row, reason, .. }) => {
                note = reason;
                (
                    "qa",
                    fill(t.ev_overridden, &[("row", &row_name(&rows, row))]),
                )
            }
            Ok(Fact::Transition {
                action,
                to,
                note: given,
                ..
            }) => {
                note = given.unwrap_or_default();
                next_stage = Some(to);
                (
                    "stage",
                    fill(
                        t.ev_transition,
                        &[
                            ("action", lang.action(action)),
                            ("from", stage_label(stage, lang)),
                            ("to", stage_label(to, lang)),
                        ],
                    ),
                )
            }
            Ok(Fact::Comment {
                text,
                row,
                reply_to,
                blocking,
                ..
            }) => {
                note = text;
                let what = match row {
                    None => t.ev_comment.to_string(),
                    Some(row) => {
                        let form = match (reply_to, blocking) {
                            (Some(_), _) => t.ev_reply,
                            (None, true) => t.ev_question,
                            (None, false) => t.ev_comment_row,
                        };
                        fill(form, &[("row", &row_name(&rows, row))])
                    }
                };
                ("comments", what)
            }
            Ok(Fact::Assigned {
                stage: for_stage,
                assignee,
                due,
            }) => {
                let label = stage_label(for_stage, lang);
                let what = match (assignee, due) {
                    (Some(id), Some(due)) => fill(
                        t.ev_assigned_due,
                        &[
                            ("stage", label),
                            ("name", &person_name(id)),
                            ("due", &short_time(&due, zone)),
                        ],
                    ),
                    (Some(id), None) => fill(
                        t.ev_assigned,
                        &[("stage", label), ("name", &person_name(id))],
                    ),
                    (None, _) => fill(t.ev_unassigned, &[("stage", label)]),
                };
                ("stage", what)
            }
            Ok(Fact::SourceRevised {
                version,
                rows: records,
                ..
            }) => {
                let count = |carry: Carry| records.iter().filter(|r| r.carry == carry).count();
                let what = fill(
                    t.ev_source_revised,
                    &[
                        ("version", &version.to_string()),
                        ("changed", &count(Carry::Changed).to_string()),
                        ("added", &count(Carry::Added).to_string()),
                        ("removed", &count(Carry::Removed).to_string()),
                    ],
                );
                rows.order = Some(records.iter().map(|r| r.row).collect());
                ("stage", what)
            }
            Ok(Fact::RemovalConfirmed { row }) => {
                let what = fill(t.ev_removal_confirmed, &[("row", &row_name(&rows, row))]);
                if let Some(order) = &mut rows.order {
                    order.retain(|r| *r != row);
                }
                ("reviews", what)
            }
            Ok(Fact::EnglishRemoved { row, reason }) => {
                let what = fill(t.ev_english_removed, &[("row", &row_name(&rows, row))]);
                if let Some(order) = &mut rows.order {
                    order.retain(|r| *r != row);
                }
                note = reason;
                ("edits", what)
            }
            Ok(Fact::ThreadResolved { resolved, .. }) => (
                "comments",
                if resolved {
                    t.ev_resolved
                } else {
                    t.ev_reopened
                }
                .to_string(),
            ),
        };
        // "user:7" is who the chain names; people read the name.
        let user = event
            .actor
            .strip_prefix("user:")
            .and_then(|id| id.parse::<i64>().ok());
        let actor = match user {
            Some(id) => names
                .get(&UserId(id))
                .cloned()
                .unwrap_or_else(|| event.actor.clone()),
            None => t.system.to_string(),
        };
        if let Some(id) = user {
            actors.insert(id, actor.clone());
        }
        let wanted = person.is_none_or(|p| user == Some(p)) && kind.is_none_or(|k| k == kind_of);
        if wanted {
            shown += 1;
            if let Some(round) = rounds.last_mut() {
                round.entries.push(TrailEntry {
                    seq: event.seq,
                    at: short_time(&event.at, zone),
                    actor,
                    kind: kind_of,
                    what,
                    note,
                    diff,
                    hash: event.hash.get(..16).unwrap_or_default().to_string(),
                });
            }
        }
        // A stage action closes its round; the next events open the next.
        if let Some(to) = next_stage {
            stage = to;
            let round = entered.entry(to).or_insert(0);
            *round += 1;
            rounds.push(Round {
                stage: to.name(),
                label: round_label(to, *round),
                entries: Vec::new(),
            });
        }
    }
    rounds.retain(|round| !round.entries.is_empty());
    let people = actors
        .into_iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name,
            selected: person == Some(id),
        })
        .collect();
    let kinds = KINDS
        .iter()
        .map(|k| Choice {
            value: k.to_string(),
            label: kind_label(t, k).to_string(),
            selected: kind == Some(*k),
        })
        .collect();
    let page = TrailPage {
        chrome: Chrome::of(&session, format!("/articles/{id}/trail"))
            .with_unread(&state)
            .await,
        id,
        title: &article.title,
        stage_label: stage_label(article.stage, lang),
        verified,
        verdict,
        rounds,
        people,
        kinds,
        shown,
    };
    Ok(Html::render(&page).into_response())
}
