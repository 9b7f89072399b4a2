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
    let (first_draft, second_draft) = split_draft(draft, &english, en_at);
    let mid = ko.start + ko_at;
    Ok([
        Half {
            ko: ko.start..mid,
            draft: first_draft,
            text: english[..en_at].join("\n\n"),
        },
        Half {
            ko: mid..ko.end,
            draft: second_draft,
            text: english[en_at..].join("\n\n"),
        },
    ])
}

/// The AI draft cut where the current English is cut (after `en_at` of its
/// paragraphs `english`). A draft of as many paragraphs is cut after as
/// many; one a person has since broken into paragraphs or joined is cut at
/// the place in it that the current English's cut comes from, by their
/// word diff, moved on to the end of the word. So each half's draft is the
/// AI's text for that half, and neither half reads as all new when the AI
/// wrote it.
fn split_draft(draft: &str, english: &[&str], en_at: usize) -> (String, String) {
    let paragraphs = english_paragraphs(draft);
    if paragraphs.len() == english.len() {
        return (
            paragraphs[..en_at].join("\n\n"),
            paragraphs[en_at..].join("\n\n"),
        );
    }
    let draft = paragraphs.join("\n\n");
    let current = english.join("\n\n");
    let cut = english[..en_at].iter().map(|p| p.len() + 2).sum::<usize>();
    let diff = crate::diff::diff_text(&draft, &current);
    // The draft's offset of the current English's cut: inside a run both
    // share, the same place in it; inside what a person inserted, where
    // the insertion stands in the draft.
    let mut at = draft.len();
    for segment in &diff.segments {
        if segment.new.end <= cut && segment.kind != crate::diff::ChangeKind::Delete {
            continue;
        }
        if segment.kind == crate::diff::ChangeKind::Delete {
            if segment.new.start >= cut {
                at = segment.old.start;
                break;
            }
            continue;
        }
        at = match segment.kind {
            crate::diff::ChangeKind::Equal => {
                segment.old.start + cut.saturating_sub(segment.new.start)
            }
            _ => segment.old.start,
        };
        break;
    }
    // On to the end of the word, then past the spaces.
    let mut at = at.min(draft.len());
    while !draft.is_char_boundary(at) {
        at += 1;
    }
    let rest = &draft[at..];
    let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let at = if draft[..at].ends_with(char::is_whitespace) || at == 0 {
        at
    } else {
        at + word_end
    };
    (
        draft[..at].trim().to_string(),
        draft[at..].trim().to_string(),
    )
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
    fn a_split_cuts_the_draft_where_the_english_it_became_is_cut() {
        // The AI wrote one paragraph for two Korean ones; the reviewer broke
        // it in two (and fixed a word) before splitting the row.
        let draft = "The rail strike is over. Unions and management agreed on a pay rise.";
        let current = "The rail strike is over.\n\nUnions and management agreed on a wage rise.";
        let [a, b] = split(0..2, draft, current, 1, 1).unwrap();
        assert_eq!(a.draft, "The rail strike is over.");
        assert_eq!(b.draft, "Unions and management agreed on a pay rise.");
        assert_eq!(b.text, "Unions and management agreed on a wage rise.");
        // Where the person rewrote the words around the cut, the cut still
        // falls between words, and nothing of the draft is lost.
        let current = "Strike over.\n\nA pay rise was agreed by both sides.";
        let [a, b] = split(0..2, draft, current, 1, 1).unwrap();
        assert_eq!(join(&a.draft, &b.draft).replace("\n\n", " "), draft);
        assert!(!b.draft.is_empty(), "{a:?} {b:?}");
        // Paragraphs the person joined are cut after the draft's first.
        let [a, b] = split(
            0..2,
            "A one.\n\nB two.\n\nC three.",
            "A one. B two.\n\nC three.",
            1,
            1,
        )
        .unwrap();
        assert_eq!(
            (a.draft.as_str(), b.draft.as_str()),
            ("A one.\n\nB two.", "C three.")
        );
    }

    #[test]
    fn a_split_that_leaves_the_row_whole_is_refused() {
        for (ko_at, en_at) in [(0, 0), (2, 3), (3, 0), (0, 4)] {
            assert!(split(3..5, "", "P1\n\nP2\n\nP3", ko_at, en_at).is_err());
        }
        assert_eq!(join("", "B"), "B");
    }
}
