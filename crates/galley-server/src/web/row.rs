//! One row of the review page: its Korean and English, its three diffs,
//! its findings and what the person may do with it; and the row alone, for
//! the page's script to swap in after a change.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use galley_core::align::LinkFlag;
use galley_core::glossary::Glossary;
use galley_core::paragraph::Side;
use galley_core::qa::{self, Severity};
use galley_core::replay::Replay;
use galley_core::romanize::{NameForms, name_forms, person_names};
use galley_core::rows::english_paragraphs;
use galley_core::source::Carry;
use galley_core::workflow::{Change, Roles, Stage};
use galley_store::{
    Article, ArticleId, Author, Finding, Override, Revision, Row, RowId, Session, UserId,
};
use rayon::prelude::*;

use super::chrome::{diff_html, diff_html_with_terms};
use super::guard::Viewer;
use super::{Html, PageError};
use crate::compute::{Cancel, Stopped, compute};
use crate::i18n::{Lang, Texts};
use crate::state::AppState;
use crate::views::article::override_of;
use crate::views::changes::{Version, rows_with_revisions};
use crate::wrong::Wrong;
use galley_core::diff::render::{self, Term};

/// One row of the review page.
pub struct RowView {
    /// The words of the page, in the person's language.
    pub t: &'static Texts,
    pub id: RowId,
    pub number: usize,
    /// Each Korean paragraph in pieces: plain text, or a glossary term with
    /// its approved English (shown on hover and focus).
    pub ko_marked: Vec<Vec<(String, Option<String>)>>,
    /// The Korean names in the row the glossary does not have, each with
    /// its romanizations (a suggestion, never applied).
    pub names: Vec<(String, NameForms)>,
    pub ko_count: usize,
    pub en_count: usize,
    pub shape: String,
    pub grouped: bool,
    pub text: String,
    /// The English as HTML, its glossary terms marked with their Korean.
    pub text_marked: String,
    pub ai: String,
    pub bilingual: String,
    pub last: String,
    pub diff_ai: String,
    pub diff_bilingual: String,
    pub diff_last: String,
    pub last_label: String,
    pub revision: i64,
    pub by: String,
    pub reviewed: bool,
    pub review_state: &'static str,
    /// What the row's colour says: `todo`, `reviewed`, `edited` (since it
    /// was reviewed) or `errors` (a blocking finding open).
    pub status: &'static str,
    /// Open findings (not overridden), and how many of them block.
    pub open_findings: usize,
    pub open_errors: usize,
    /// Words of the English now, and of the Korean.
    pub words: usize,
    pub ko_words: usize,
    /// The person who saved the current revision (absent for the AI draft).
    pub author_id: Option<UserId>,
    /// Comments on the row, and its open threads.
    pub comments: usize,
    pub open_threads: usize,
    pub confidence: String,
    pub flags: Vec<(&'static str, &'static str)>,
    pub findings: Vec<FindingView>,
    pub article_id: ArticleId,
    pub csrf: String,
    pub can_edit: bool,
    pub can_review: bool,
    pub can_align: bool,
    /// The article's headline (its first row): never merged or split.
    pub headline: bool,
    pub is_last: bool,
    /// What a new version of the Korean did to the row, while it waits:
    /// `changed`, `added` or `removed`, and its label.
    pub source_change: Option<(&'static str, &'static str)>,
    /// The word diff of the row's Korean before that change and now.
    pub ko_diff: String,
    /// Whether the person may confirm a removed row's English goes.
    pub can_confirm_removal: bool,
    /// Whether the person may remove the row's English as the AI's
    /// invention (a row with no Korean).
    pub can_remove_english: bool,
}

/// A QA finding as the row shows it.
pub struct FindingView {
    pub check: &'static str,
    pub severity: &'static str,
    /// The severity as the person reads it.
    pub severity_label: &'static str,
    pub message: String,
    /// The article's texts the message quotes, shown apart from it.
    pub quotes: Vec<String>,
    pub key: String,
    /// The reason it was overridden, if it was.
    pub overridden: Option<String>,
    pub can_override: bool,
    /// Whether it blocks approval until fixed or overridden.
    pub blocks: bool,
}

/// Everything the rows of a page need, from the article: owned, so the
/// rows can be built on the blocking pool (three diffs a row).
pub struct RowContext {
    pub article: Article,
    /// The article's trail replayed: what each rule the page offers reads,
    /// as the store will judge it.
    pub replay: Replay,
    pub roles: Roles,
    pub names: HashMap<UserId, String>,
    pub findings: Vec<Vec<Finding>>,
    pub overrides: Vec<Override>,
    pub csrf: String,
    pub lang: Lang,
    /// Per row id: its comments, and its open threads.
    pub comments: HashMap<RowId, (usize, usize)>,
    /// The AI drafts of rows removed as the AI's invention.
    pub removed: Vec<String>,
}

/// A Korean paragraph in pieces, each glossary term with the English the
/// glossary approves for it.
fn marked(glossary: &Glossary, paragraph: &str) -> Vec<(String, Option<String>)> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut pieces = Vec::new();
    let mut at = 0;
    for found in glossary.find(paragraph) {
        if found.start > at {
            pieces.push((chars[at..found.start].iter().collect(), None));
        }
        let entry = &glossary.entries()[found.entry];
        let approved = entry.english.first().cloned().unwrap_or_default();
        pieces.push((
            chars[found.start..found.end].iter().collect(),
            Some(approved),
        ));
        at = found.end;
    }
    if at < chars.len() || pieces.is_empty() {
        pieces.push((chars[at..].iter().collect(), None));
    }
    pieces
}

/// The glossary's approved English where it stands in a row's English,
/// each with the Korean term it renders.
fn english_terms(glossary: &Glossary, korean: &str, english: &str) -> Vec<Term> {
    let marks = glossary.marks(korean, english);
    let korean_chars: Vec<char> = korean.chars().collect();
    // Byte offset of each char of the English, and its end.
    let mut byte_at: Vec<usize> = english.char_indices().map(|(b, _)| b).collect();
    byte_at.push(english.len());
    marks
        .iter()
        .filter(|m| m.span.side == Side::English && m.span.end < byte_at.len())
        .map(|m| {
            // The Korean as it stands in the row (with its particle-free
            // spelling), which every English mark has beside it.
            let term = marks
                .iter()
                .find(|k| k.span.side == Side::Korean && k.entry == m.entry)
                .map(|k| korean_chars[k.span.start..k.span.end].iter().collect())
                .unwrap_or_default();
            Term {
                range: byte_at[m.span.start]..byte_at[m.span.end],
                note: term,
            }
        })
        .collect()
}

/// The personal names in a row's Korean that no glossary entry covers,
/// once each, with their romanizations.
fn unknown_names(glossary: &Glossary, korean: &str) -> Vec<(String, NameForms)> {
    let known = glossary.find(korean);
    let mut names: Vec<(String, NameForms)> = Vec::new();
    for found in person_names(korean) {
        let covered = known
            .iter()
            .any(|k| k.start < found.end && found.start < k.end);
        if covered || names.iter().any(|(n, _)| *n == found.name) {
            continue;
        }
        if let Some(forms) = name_forms(&found.name) {
            names.push((found.name, forms));
        }
    }
    names
}

impl RowContext {
    /// What the page needs to show the rows of article `id` to `session`,
    /// with every revision of each row (in the article's row order).
    pub async fn load(
        state: &AppState,
        session: &Session,
        id: ArticleId,
    ) -> Result<(RowContext, Vec<Vec<Revision>>), PageError> {
        // One replay for the rows' rules and the removed rows' drafts.
        let replay = state.store.replay(id).await?;
        let (article, revisions, removed) = rows_with_revisions(state, id, Some(&replay)).await?;
        let names = state.store.user_names().await?;
        let overrides = state.store.overrides(id).await?;
        let mut comments: HashMap<RowId, (usize, usize)> = HashMap::new();
        for comment in state.store.comments(id).await? {
            if let Some(row) = comment.row_id {
                let counts = comments.entry(row).or_default();
                counts.0 += 1;
                if comment.reply_to.is_none() && comment.resolved.is_none() {
                    counts.1 += 1;
                }
            }
        }
        let findings = article.findings();
        let context = RowContext {
            article,
            replay,
            roles: Roles::of(&session.user.roles),
            names,
            findings,
            overrides,
            csrf: session.csrf_token.clone(),
            lang: Lang::of(&session.user),
            comments,
            removed,
        };
        Ok((context, revisions))
    }

    /// Every row's view, stopping between rows once `cancel` is set.
    pub fn views(
        &self,
        revisions: &[Vec<Revision>],
        cancel: &Cancel,
    ) -> Result<Vec<RowView>, Stopped> {
        let count = self.article.rows.len();
        // Each row's diffs are its own: on every core.
        self.article
            .rows
            .par_iter()
            .zip(revisions)
            .map(|(segment, history)| {
                cancel.check()?;
                Ok(self.view(segment, history, count))
            })
            .collect()
    }

    fn view(&self, segment: &Row, history: &[Revision], count: usize) -> RowView {
        let article = &self.article;
        let lang = self.lang;
        let t = lang.texts();
        let index = segment.position as usize;
        let korean = article.korean_of(segment);
        let mark = segment.source_change;
        let allowed = |change| {
            self.replay
                .may_change_row(self.roles, change, segment.id.0)
                .is_ok()
        };
        let removed = mark == Some(Carry::Removed);
        let can_edit = allowed(Change::EditEnglish) && !removed;
        let findings = self
            .findings
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|f| {
                let overridden =
                    override_of(&self.overrides, segment.id, &f.key).map(|o| o.reason.clone());
                let (message, quotes) = lang.finding(&f.said);
                FindingView {
                    check: f.check.code(),
                    severity: f.severity.name(),
                    severity_label: match f.severity {
                        Severity::Error => t.severity_error,
                        Severity::Warning => t.severity_warning,
                    },
                    message,
                    quotes,
                    key: f.key.clone(),
                    can_override: can_edit && overridden.is_none() && qa::blocks(f),
                    blocks: qa::blocks(f),
                    overridden,
                }
            })
            .collect::<Vec<FindingView>>();
        let ko: Vec<String> = article.korean[segment.ko.clone()].to_vec();
        let ai = history.first().map_or("", |r| r.text.as_str()).to_string();
        let bilingual = Version::Stage(Stage::BilingualReview)
            .pick(history)
            .map_or(ai.clone(), |r| r.text.clone());
        let previous = history.len().checked_sub(2).and_then(|i| history.get(i));
        let last = previous.map_or(segment.text.clone(), |r| r.text.clone());
        let current = history.last();
        let by = match current.map(|r| &r.author) {
            Some(Author::User(id)) => self
                .names
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("user {id}")),
            Some(Author::Ai(tool)) => format!("{} ({})", tool.tool, t.ai_suffix),
            None => String::new(),
        };
        let last_label = match previous {
            Some(r) => format!("{} {} → {}", t.rev, r.revision, segment.revision),
            None => t.no_saves.to_string(),
        };
        let en_count = english_paragraphs(&segment.text).len();
        let open: Vec<&FindingView> = findings
            .iter()
            .filter(|f: &&FindingView| f.overridden.is_none())
            .collect();
        let open_findings = open.len();
        let open_errors = open.iter().filter(|f| f.blocks).count();
        let reviewed = segment.reviewed_revision == Some(segment.revision);
        let status = match (open_errors, reviewed, segment.reviewed_revision) {
            (1.., _, _) => "errors",
            (0, true, _) => "reviewed",
            (0, false, Some(_)) => "edited",
            (0, false, None) => "todo",
        };
        let ko_count = ko.len();
        let ko_words = ko.iter().map(|p| word_count(p)).sum();
        let ko_diff = match (&segment.ko_before, mark) {
            (Some(before), Some(Carry::Changed)) => diff_html(before, &korean),
            _ => String::new(),
        };
        let en_terms = english_terms(&article.glossary, &korean, &segment.text);
        RowView {
            t,
            id: segment.id,
            // The body is numbered from 1 after the headline (which shows
            // its label instead of a number).
            number: (segment.position as usize + 1).saturating_sub(usize::from(article.headline)),
            shape: format!("{ko_count}–{}", english_paragraphs(&ai).len().max(en_count)),
            grouped: ko_count > 1 || en_count > 1,
            ko_marked: ko.iter().map(|p| marked(&article.glossary, p)).collect(),
            names: unknown_names(&article.glossary, &korean),
            ko_count,
            en_count,
            diff_ai: diff_html_with_terms(&ai, &segment.text, &en_terms),
            diff_bilingual: diff_html_with_terms(&bilingual, &segment.text, &en_terms),
            diff_last: diff_html_with_terms(&last, &segment.text, &en_terms),
            text_marked: render::marked_html(&segment.text, &en_terms),
            text: segment.text.clone(),
            ai,
            bilingual,
            last,
            last_label,
            revision: segment.revision,
            by,
            reviewed,
            status,
            open_findings,
            open_errors,
            words: word_count(&segment.text),
            ko_words,
            author_id: match current.map(|r| &r.author) {
                Some(Author::User(id)) => Some(*id),
                _ => None,
            },
            comments: self.comments.get(&segment.id).map_or(0, |c| c.0),
            open_threads: self.comments.get(&segment.id).map_or(0, |c| c.1),
            review_state: match (segment.reviewed_revision, article.stage) {
                (Some(r), _) if r == segment.revision => t.state_reviewed,
                (Some(_), Stage::NativeEdit | Stage::SignedOff) => t.state_edited_native,
                (Some(_), _) => t.state_edited,
                (None, _) => t.state_todo,
            },
            confidence: format!("{:.0}%", segment.confidence * 100.0),
            flags: segment
                .flags
                .iter()
                .filter(|f| **f == LinkFlag::LowConfidence)
                .map(|f| (f.name(), t.flag_low_confidence))
                .collect(),
            findings,
            article_id: article.id,
            csrf: self.csrf.to_string(),
            can_edit,
            can_review: allowed(Change::MarkReviewed) && !removed,
            can_align: allowed(Change::EditAlignment) && !article.is_headline(segment),
            headline: article.is_headline(segment),
            is_last: segment.position as usize + 1 == count,
            source_change: mark.map(|c| {
                let label = match c {
                    Carry::Added => t.source_added_label,
                    Carry::Removed => t.source_removed_label,
                    Carry::Changed | Carry::Unchanged => t.source_changed_label,
                };
                (c.name(), label)
            }),
            ko_diff,
            can_confirm_removal: removed && allowed(Change::ConfirmRemoval),
            can_remove_english: allowed(Change::RemoveEnglish),
        }
    }
}

/// Words as a word count shows them: runs of letters or digits between
/// spaces (an English word, a Korean eojeol).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[derive(Template)]
#[template(path = "row_fragment.html")]
struct RowFragment {
    row: RowView,
}

/// One row as the review page shows it, for the script to swap in.
pub async fn row(
    State(state): State<AppState>,
    Viewer(session): Viewer,
    Path((id, segment_id)): Path<(ArticleId, RowId)>,
) -> Result<Response, PageError> {
    let (context, mut revisions) = RowContext::load(&state, &session, id).await?;
    let Some(index) = context.article.rows.iter().position(|s| s.id == segment_id) else {
        return Err(PageError::from(Wrong::RowGone));
    };
    let history = revisions.swap_remove(index);
    let row = compute(move |_| {
        let segment = &context.article.rows[index];
        Ok::<_, Stopped>(context.view(segment, &history, context.article.rows.len()))
    })
    .await?;
    Ok(Html::render(&RowFragment { row }).into_response())
}
