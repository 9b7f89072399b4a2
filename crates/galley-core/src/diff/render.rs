//! Renderings of a [`TextDiff`]: HTML for the review page, marked-up text for
//! terminals.

use std::fmt::Write;
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

/// Writes `text`, wrapping the `marks` byte ranges in `<mark>`.
fn write_marked(text: &str, marks: &[Range<usize>], out: &mut String) {
    let mut at = 0;
    for mark in marks {
        escape_html(&text[at..mark.start], out);
        out.push_str("<mark>");
        escape_html(&text[mark.clone()], out);
        out.push_str("</mark>");
        at = mark.end;
    }
    escape_html(&text[at..], out);
}

/// HTML: unchanged text as is, deletions in `<del>`, insertions in `<ins>`,
/// the changed characters of a similar replacement in `<mark>` inside them.
/// Every piece of text is escaped.
pub fn html(diff: &TextDiff) -> String {
    let mut out = String::new();
    for segment in &diff.segments {
        match segment.kind {
            ChangeKind::Equal => escape_html(&segment.text, &mut out),
            ChangeKind::Delete | ChangeKind::Insert => {
                let tag = if segment.kind == ChangeKind::Delete {
                    "del"
                } else {
                    "ins"
                };
                let _ = write!(out, "<{tag}>");
                write_marked(&segment.text, &segment.emphasis, &mut out);
                let _ = write!(out, "</{tag}>");
            }
        }
    }
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
}
