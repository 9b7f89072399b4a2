//! Renderings of a [`TextDiff`]: HTML for the review page, marked-up text for
//! terminals.

use std::ops::Range;

use super::{ChangeKind, TextDiff};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// A span of a text to mark as a glossary term on the review page: byte
/// offsets in the (new) text, and what the mark shows on hover and focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Where, in bytes of the text.
    pub range: Range<usize>,
    /// What the mark says: the term on the other side.
    pub note: String,
}

fn open_term(note: &str, out: &mut String) {
    out.push_str("<mark class=\"term\" tabindex=\"0\" data-note=\"");
    escape_html(note, out);
    out.push_str("\" title=\"");
    escape_html(note, out);
    out.push_str("\">");
}

/// Writes `text` (which starts at byte `base` of the text the `terms` are
/// placed in), wrapping its `emphasis` byte ranges in `<mark>` and the
/// parts of `terms` it holds in a term's mark, the term outside: a term
/// spanning several runs is marked in each.
fn write_pieces(
    text: &str,
    base: usize,
    emphasis: &[Range<usize>],
    terms: &[Term],
    out: &mut String,
) {
    let end = base + text.len();
    let local: Vec<(Range<usize>, &str)> = terms
        .iter()
        .filter(|t| t.range.start < end && t.range.end > base)
        .map(|t| {
            (
                t.range.start.max(base) - base..t.range.end.min(end) - base,
                t.note.as_str(),
            )
        })
        .filter(|(r, _)| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for r in emphasis.iter().chain(local.iter().map(|(r, _)| r)) {
        cuts.push(r.start);
        cuts.push(r.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut term: Option<usize> = None;
    let mut emphasized = false;
    for piece in cuts.windows(2) {
        let (a, b) = (piece[0], piece[1]);
        let here = local.iter().position(|(r, _)| r.start <= a && b <= r.end);
        let emph = emphasis.iter().any(|r| r.start <= a && b <= r.end);
        if here != term {
            if emphasized {
                out.push_str("</mark>");
                emphasized = false;
            }
            if term.is_some() {
                out.push_str("</mark>");
            }
            if let Some(i) = here {
                open_term(local[i].1, out);
            }
            term = here;
        }
        if emph != emphasized {
            out.push_str(if emph { "<mark>" } else { "</mark>" });
            emphasized = emph;
        }
        escape_html(&text[a..b], out);
    }
    if emphasized {
        out.push_str("</mark>");
    }
    if term.is_some() {
        out.push_str("</mark>");
    }
}

/// HTML: unchanged text as is, deletions in `<del>`, insertions in `<ins>`,
/// the changed characters of a similar replacement in `<mark>` inside them.
/// Every piece of text is escaped.
pub fn html(diff: &TextDiff) -> String {
    html_with_terms(diff, &[])
}

/// [`html`], with the glossary terms of the new text marked where they
/// stand (in unchanged and inserted text).
pub fn html_with_terms(diff: &TextDiff, terms: &[Term]) -> String {
    let mut out = String::new();
    for segment in &diff.segments {
        match segment.kind {
            ChangeKind::Equal => {
                // An unchanged run has the new text's bytes (its length is
                // checked, so a term is never placed in other text).
                let terms = if segment.text.len() == segment.new.len() {
                    terms
                } else {
                    &[]
                };
                write_pieces(&segment.text, segment.new.start, &[], terms, &mut out);
            }
            ChangeKind::Delete => {
                out.push_str("<del>");
                write_pieces(&segment.text, 0, &segment.emphasis, &[], &mut out);
                out.push_str("</del>");
            }
            ChangeKind::Insert => {
                out.push_str("<ins>");
                write_pieces(
                    &segment.text,
                    segment.new.start,
                    &segment.emphasis,
                    terms,
                    &mut out,
                );
                out.push_str("</ins>");
            }
        }
    }
    out
}

/// A text as HTML with its glossary terms marked.
pub fn marked_html(text: &str, terms: &[Term]) -> String {
    let mut out = String::new();
    write_pieces(text, 0, &[], terms, &mut out);
    out
}

/// Plain text for terminals, in the style of `wdiff`: `[-deleted-]{+inserted+}`.
pub fn text(diff: &TextDiff) -> String {
    let mut out = String::new();
    for segment in &diff.segments {
        match segment.kind {
            ChangeKind::Equal => out.push_str(&segment.text),
            ChangeKind::Delete => {
                out.push_str("[-");
                out.push_str(&segment.text);
                out.push_str("-]");
            }
            ChangeKind::Insert => {
                out.push_str("{+");
                out.push_str(&segment.text);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff_text;

    #[test]
    fn html_escapes_every_piece() {
        let diff = diff_text("a < b & \"c\"", "a > b & 'c'");
        let html = html(&diff);
        assert!(!html.contains("<b") && !html.contains("\"c"), "{html}");
        assert!(
            html.contains("&lt;") && html.contains("&gt;") && html.contains("&amp;"),
            "{html}"
        );
    }

    fn term(text: &str, word: &str, note: &str) -> Term {
        let start = text.find(word).unwrap();
        Term {
            range: start..start + word.len(),
            note: note.into(),
        }
    }

    #[test]
    fn a_term_is_marked_in_unchanged_and_inserted_text_never_in_deleted() {
        let new = "Minister Park Jae-geun said the Trade Ministry agreed.";
        let diff = diff_text("Minister Park Jae-kyun said the ministry agreed.", new);
        let terms = [
            term(new, "Park Jae-geun", "박재근"),
            term(new, "Trade Ministry", "산업부"),
        ];
        let html = html_with_terms(&diff, &terms);
        // The name spans an unchanged run and an inserted one: marked in
        // each (the emphasis inside the insertion kept), nothing of the
        // deleted spelling marked.
        let m = |note: &str| {
            format!(r#"<mark class="term" tabindex="0" data-note="{note}" title="{note}">"#)
        };
        assert_eq!(
            html,
            format!(
                "Minister {}Park Jae-</mark><del><mark>ky</mark>un</del><ins>{}<mark>ge</mark>un</mark></ins> said the <del>ministry</del><ins>{}Trade Ministry</mark></ins> agreed.",
                m("박재근"),
                m("박재근"),
                m("산업부")
            )
        );
        assert!(html.contains(r#"data-note="산업부""#), "{html}");
        // Tags nest: as many opened as closed, and the text reads as before.
        assert_eq!(
            html.matches("<mark").count(),
            html.matches("</mark>").count()
        );
        let plain = marked_html(new, &terms);
        assert_eq!(
            plain,
            "Minister <mark class=\"term\" tabindex=\"0\" data-note=\"박재근\" title=\"박재근\">Park Jae-geun</mark> said the <mark class=\"term\" tabindex=\"0\" data-note=\"산업부\" title=\"산업부\">Trade Ministry</mark> agreed."
        );
        // No terms: the plain rendering.
        assert_eq!(html_with_terms(&diff, &[]), super::html(&diff));
    }

    #[test]
    fn a_terms_note_is_escaped() {
        let text = "the Blue House";
        let html = marked_html(text, &[term(text, "Blue House", "\"><script>")]);
        assert!(!html.contains("<script>"), "{html}");
    }
}
