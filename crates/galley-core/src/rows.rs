//! Re-aligning rows: what merging two rows or splitting one makes of their
//! Korean paragraphs, their AI drafts and their current English.
//!
//! A row's English is its paragraphs joined by a blank line. A merge joins
//! the two rows' texts; a split cuts the Korean after `ko_at` paragraphs and
//! the English after `en_at` (the AI draft after as many of its own, or all
//! it has), so nothing a person wrote is lost either way.

use std::ops::Range;

/// The English paragraphs of a row's text (blank-line separated).
pub fn english_paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Two rows' texts as one: joined by a blank line, empty ones left out.
pub fn join(first: &str, second: &str) -> String {
    [first, second]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One of the two rows a split makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Half {
    /// Its Korean paragraphs.
    pub ko: Range<usize>,
    /// Its AI draft (revision 0).
    pub draft: String,
    /// Its current English.
    pub text: String,
}

/// A split point that leaves a row whole or lies outside it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot split a row after {ko_at} of its {ko_len} Korean and {en_at} of its {en_len} English paragraphs"
)]
pub struct BadSplit {
    /// Korean paragraphs asked for.
    pub ko_at: usize,
    /// Korean paragraphs the row has.
    pub ko_len: usize,
    /// English paragraphs asked for.
    pub en_at: usize,
    /// English paragraphs the row has.
    pub en_len: usize,
}

/// Splits a row of Korean paragraphs `ko`, AI draft `draft` and current
/// English `current` after `ko_at` Korean and `en_at` English paragraphs.
/// Both halves must differ from the whole.
pub fn split(
    ko: Range<usize>,
    draft: &str,
    current: &str,
    ko_at: usize,
    en_at: usize,
) -> Result<[Half; 2], BadSplit> {
    let english = english_paragraphs(current);
    let (ko_len, en_len) = (ko.len(), english.len());
    if ko_at > ko_len
        || en_at > en_len
        || (ko_at == 0 && en_at == 0)
        || (ko_at == ko_len && en_at == en_len)
    {
        return Err(BadSplit {
            ko_at,
            ko_len,
            en_at,
            en_len,
        });
    }
    let draft = english_paragraphs(draft);
    let draft_at = en_at.min(draft.len());
    let mid = ko.start + ko_at;
    Ok([
        Half {
            ko: ko.start..mid,
            draft: draft[..draft_at].join("\n\n"),
            text: english[..en_at].join("\n\n"),
        },
        Half {
            ko: mid..ko.end,
            draft: draft[draft_at..].join("\n\n"),
            text: english[en_at..].join("\n\n"),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_keeps_every_paragraph() {
        let [a, b] = split(3..5, "A1\n\nA2", "P1\n\nP2\n\nP3", 1, 2).unwrap();
        assert_eq!((a.ko, b.ko), (3..4, 4..5));
        assert_eq!((a.text.as_str(), b.text.as_str()), ("P1\n\nP2", "P3"));
        assert_eq!((a.draft.as_str(), b.draft.as_str()), ("A1\n\nA2", ""));
        assert_eq!(join(&a.text, &b.text), "P1\n\nP2\n\nP3");
    }

    #[test]
    fn a_split_that_leaves_the_row_whole_is_refused() {
        for (ko_at, en_at) in [(0, 0), (2, 3), (3, 0), (0, 4)] {
            assert!(split(3..5, "", "P1\n\nP2\n\nP3", ko_at, en_at).is_err());
        }
        assert_eq!(join("", "B"), "B");
    }
}
