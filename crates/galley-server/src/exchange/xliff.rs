//! XLIFF 2.1 of an article for CAT tools: each row a unit with its
//! Korean and its current English, its state, its QA findings and comments
//! as notes. Reading a file back is `xliff_read.rs`.

use std::fmt::Write as _;

use galley_core::workflow::Stage;
use galley_store::{Article, Override, Row, RowId};

use super::xliff_read::{GALLEY_NS, XLIFF_NS};
use super::xml;

/// The XLIFF state of a row: `final` once signed off, `reviewed` when marked
/// reviewed at its current revision (or past bilingual review), `translated`
/// when a person wrote it, `initial` for the untouched AI draft.
fn state(article: &Article, segment: &Row) -> &'static str {
    if article.stage == Stage::SignedOff {
        "final"
    } else if segment.reviewed_revision == Some(segment.revision)
        || article.stage == Stage::NativeEdit
    {
        "reviewed"
    } else if segment.revision > 0 {
        "translated"
    } else {
        "initial"
    }
}

/// A row's comment as an XLIFF note: who wrote it and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentNote {
    /// The comment's id.
    pub id: i64,
    /// The row.
    pub row_id: RowId,
    /// Who wrote it.
    pub author: String,
    /// What they wrote.
    pub body: String,
    /// Its thread is resolved.
    pub resolved: bool,
}

/// XLIFF 2.1: one `<unit>` per alignment row, its state from the review
/// status, notes for the QA findings overridden with a reason and for the
/// row's comments. Each unit carries the revision it was exported at
/// (`galley:revision`) so an import can tell a stale file.
pub fn xliff(article: &Article, overrides: &[Override], comments: &[CommentNote]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<xliff xmlns="{XLIFF_NS}" xmlns:galley="{GALLEY_NS}" version="2.1" srcLang="ko" trgLang="en">"#
    );
    let _ = writeln!(
        out,
        r#"  <file id="article-{}" original="galley:article:{}">"#,
        article.id, article.id
    );
    let _ = writeln!(
        out,
        r#"    <notes><note id="title" category="title">{}</note><note id="ai" category="ai-draft">{} ({})</note></notes>"#,
        xml(&article.title),
        xml(&article.ai.tool),
        xml(&article.ai.model)
    );
    for segment in &article.rows {
        let _ = writeln!(
            out,
            r#"    <unit id="s{}" name="{}" galley:revision="{}">"#,
            segment.id,
            article.row_name(segment),
            segment.revision
        );
        let notes: Vec<&Override> = overrides
            .iter()
            .filter(|o| o.row_id == segment.id)
            .collect();
        let said: Vec<&CommentNote> = comments.iter().filter(|c| c.row_id == segment.id).collect();
        if !notes.is_empty() || !said.is_empty() {
            out.push_str("      <notes>");
            for note in notes {
                let _ = write!(
                    out,
                    r#"<note category="qa-override">{}: {}</note>"#,
                    xml(&note.key),
                    xml(&note.reason)
                );
            }
            for comment in said {
                let _ = write!(
                    out,
                    r#"<note id="c{}" category="{}">{}: {}</note>"#,
                    comment.id,
                    if comment.resolved {
                        "review-comment-resolved"
                    } else {
                        "review-comment"
                    },
                    xml(&comment.author),
                    xml(&comment.body)
                );
            }
            out.push_str("</notes>\n");
        }
        let _ = writeln!(
            out,
            r#"      <segment id="s{}-1" state="{}"><source xml:space="preserve">{}</source><target xml:space="preserve">{}</target></segment>"#,
            segment.id,
            state(article, segment),
            xml(&article.korean_of(segment)),
            xml(&segment.text)
        );
        out.push_str("    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}
