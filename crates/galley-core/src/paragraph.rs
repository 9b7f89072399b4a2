//! Turning pasted text into paragraphs.
//!
//! Reporters paste articles from word processors, CMS fields and chat windows.
//! The rules here are the ones a newsroom expects:
//!
//! * a blank line (only whitespace) separates paragraphs;
//! * when the text has no blank line at all, every non-empty line is a
//!   paragraph (text copied out of a CMS usually has one line per paragraph);
//! * inside a paragraph, line breaks and runs of whitespace (including
//!   no-break and ideographic spaces and tabs) become one space;
//! * CRLF and lone CR count as line breaks, a byte-order mark and zero-width
//!   spaces are dropped, other control characters are dropped;
//! * the text is put in Unicode normalization form C, so a Hangul syllable
//!   typed as decomposed jamo equals the precomposed one;
//! * a short line (a byline, a photo caption, a dateline) is a paragraph like
//!   any other: nothing is filtered out.

use std::fmt;

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Which side of an article a text belongs to; named in every error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The Korean source.
    Korean,
    /// The English translation (the AI draft, or a later revision of it).
    English,
}

/// A stretch of a row's text, in chars (half-open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Korean or English.
    pub side: Side,
    /// First char.
    pub start: usize,
    /// Just past the last char.
    pub end: usize,
}

impl Side {
    /// The lower-case name used in field names and messages (`korean`, `english`).
    pub fn name(self) -> &'static str {
        match self {
            Side::Korean => "korean",
            Side::English => "english",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Korean => "Korean",
            Side::English => "English",
        })
    }
}

/// Limits on what one side of one article may contain.
///
/// The defaults are far above any news article (a long feature is 100 KB and
/// 150 paragraphs) and low enough that one request cannot tie up a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes of UTF-8, before normalization.
    pub max_bytes: usize,
    /// Most paragraphs accepted on one side.
    pub max_paragraphs: usize,
}

impl Limits {
    /// 2 MiB and 5,000 paragraphs per side.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 2 * 1024 * 1024,
        max_paragraphs: 5_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Why a text was refused. Every variant names the side it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParagraphError {
    /// The input was not valid UTF-8.
    #[error("{side} text is not valid UTF-8 (first bad byte at offset {offset})")]
    InvalidUtf8 {
        /// The side the text belongs to.
        side: Side,
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// The input had no characters at all.
    #[error("{side} text is empty")]
    Empty {
        /// The side the text belongs to.
        side: Side,
    },
    /// The input had characters, but only whitespace and invisible ones.
    #[error("{side} text contains no visible text, only whitespace or control characters")]
    NoText {
        /// The side the text belongs to.
        side: Side,
    },
    /// The input is larger than [`Limits::max_bytes`].
    #[error("{side} text is {bytes} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// The side the text belongs to.
        side: Side,
        /// Size of the input in bytes.
        bytes: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The input has more paragraphs than [`Limits::max_paragraphs`].
    #[error("{side} text has {count} paragraphs; the limit is {limit}")]
    TooManyParagraphs {
        /// The side the text belongs to.
        side: Side,
        /// Number of paragraphs found (counting stops a little past the limit).
        count: usize,
        /// The limit in force.
        limit: usize,
    },
    /// One paragraph of an already split list is empty or blank.
    #[error("{side} paragraph {index} is empty")]
    EmptyParagraph {
        /// The side the paragraph belongs to.
        side: Side,
        /// 0-based position of the paragraph in the list.
        index: usize,
    },
}

impl ParagraphError {
    /// The side the refused text belongs to.
    pub fn side(&self) -> Side {
        match *self {
            ParagraphError::InvalidUtf8 { side, .. }
            | ParagraphError::Empty { side }
            | ParagraphError::NoText { side }
            | ParagraphError::TooLarge { side, .. }
            | ParagraphError::TooManyParagraphs { side, .. }
            | ParagraphError::EmptyParagraph { side, .. } => side,
        }
    }
}

/// Splits raw bytes into paragraphs, refusing anything that is not UTF-8.
pub fn paragraphs_from_bytes(
    bytes: &[u8],
    side: Side,
    limits: Limits,
) -> Result<Vec<String>, ParagraphError> {
    check_size(bytes.len(), side, limits)?;
    let text = std::str::from_utf8(bytes).map_err(|error| ParagraphError::InvalidUtf8 {
        side,
        offset: error.valid_up_to(),
    })?;
    split_paragraphs(text, side, limits)
}

/// Splits pasted text into normalized paragraphs (see the module docs).
pub fn split_paragraphs(
    text: &str,
    side: Side,
    limits: Limits,
) -> Result<Vec<String>, ParagraphError> {
    check_size(text.len(), side, limits)?;
    if text.is_empty() {
        return Err(ParagraphError::Empty { side });
    }
    let text = nfc(text);
    let folded = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = folded.split('\n').map(clean_line).collect();
    // A blank line counts as a separator only between two lines of text;
    // leading and trailing blank lines say nothing about the layout.
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    let has_blank_line = match (first, last) {
        (Some(first), Some(last)) => lines[first..last].iter().any(String::is_empty),
        _ => false,
    };

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() {
            push_paragraph(&mut paragraphs, &mut current, side, limits)?;
            continue;
        }
        if !has_blank_line {
            push_paragraph(&mut paragraphs, &mut current, side, limits)?;
        } else if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line);
    }
    push_paragraph(&mut paragraphs, &mut current, side, limits)?;
    if paragraphs.is_empty() {
        return Err(ParagraphError::NoText { side });
    }
    Ok(paragraphs)
}

/// Normalizes paragraphs that arrive already split (a JSON array, an eval
/// record): each is cleaned like a line of pasted text, and none may be blank.
pub fn normalize_paragraphs<S: AsRef<str>>(
    paragraphs: &[S],
    side: Side,
    limits: Limits,
) -> Result<Vec<String>, ParagraphError> {
    let bytes: usize = paragraphs.iter().map(|p| p.as_ref().len()).sum();
    check_size(bytes, side, limits)?;
    if paragraphs.is_empty() {
        return Err(ParagraphError::Empty { side });
    }
    if paragraphs.len() > limits.max_paragraphs {
        return Err(ParagraphError::TooManyParagraphs {
            side,
            count: paragraphs.len(),
            limit: limits.max_paragraphs,
        });
    }
    paragraphs
        .iter()
        .enumerate()
        .map(|(index, paragraph)| {
            let text = nfc(paragraph.as_ref());
            let cleaned = if text.contains(['\n', '\r']) {
                text.split(['\n', '\r'])
                    .map(clean_line)
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                clean_line(&text)
            };
            if cleaned.is_empty() {
                Err(ParagraphError::EmptyParagraph { side, index })
            } else {
                Ok(cleaned)
            }
        })
        .collect()
}

fn check_size(bytes: usize, side: Side, limits: Limits) -> Result<(), ParagraphError> {
    if bytes > limits.max_bytes {
        return Err(ParagraphError::TooLarge {
            side,
            bytes,
            limit: limits.max_bytes,
        });
    }
    Ok(())
}

fn push_paragraph(
    paragraphs: &mut Vec<String>,
    current: &mut String,
    side: Side,
    limits: Limits,
) -> Result<(), ParagraphError> {
    if current.is_empty() {
        return Ok(());
    }
    if paragraphs.len() == limits.max_paragraphs {
        return Err(ParagraphError::TooManyParagraphs {
            side,
            count: paragraphs.len() + 1,
            limit: limits.max_paragraphs,
        });
    }
    paragraphs.push(std::mem::take(current));
    Ok(())
}

/// Characters that take no room and carry no text: dropped.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}' | '\u{00AD}')
        || (c.is_control() && !c.is_whitespace())
}

/// The text in normalization form C; most text already is, and the quick
/// check says so without building a copy.
fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Trims a line and folds every run of whitespace into one ASCII space.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        split_paragraphs(text, Side::English, Limits::DEFAULT).unwrap()
    }

    fn refused(text: &str) -> ParagraphError {
        split_paragraphs(text, Side::Korean, Limits::DEFAULT).unwrap_err()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_soft_breaks_join() {
        let text = "First line\nstill first.\n\n  \nSecond.\n\n\n\nThird.";
        assert_eq!(
            split(text),
            ["First line still first.", "Second.", "Third."]
        );
    }

    #[test]
    fn crlf_and_lone_cr_behave_like_lf() {
        assert_eq!(split("One.\r\n\r\nTwo.\r\nmore"), ["One.", "Two. more"]);
        assert_eq!(split("One.\r\rTwo."), ["One.", "Two."]);
    }

    #[test]
    fn text_without_blank_lines_is_one_paragraph_per_line() {
        assert_eq!(
            split("서울 = 김민지 기자\r\n첫 문단.\r\n둘째 문단."),
            ["서울 = 김민지 기자", "첫 문단.", "둘째 문단."]
        );
    }

    #[test]
    fn headline_byline_and_caption_stay_paragraphs() {
        let text = "Rates held at 3.5%\n\nBy Kim Min-ji\n\nSEOUL, Oct. 22 -- The central bank...\n\n\
                    (Photo: Yonhap)";
        assert_eq!(
            split(text),
            [
                "Rates held at 3.5%",
                "By Kim Min-ji",
                "SEOUL, Oct. 22 -- The central bank...",
                "(Photo: Yonhap)"
            ]
        );
    }

    #[test]
    fn whitespace_of_every_kind_folds_to_one_space() {
        assert_eq!(
            split("\u{FEFF}  a\u{00A0}\u{00A0}b\tc\u{3000}d\u{200B}e  "),
            ["a b c de"]
        );
    }

    #[test]
    fn decomposed_hangul_is_composed() {
        // 한 typed as three conjoining jamo.
        let decomposed = "\u{1112}\u{1161}\u{11AB}국";
        assert_eq!(split(decomposed), ["한국"]);
    }

    #[test]
    fn emoji_and_combining_marks_survive() {
        assert_eq!(split("Cafe\u{301} 👩‍👩‍👧 ok"), ["Café 👩‍👩‍👧 ok"]);
    }

    #[test]
    fn empty_and_blank_input_are_refused_naming_the_side() {
        assert_eq!(refused(""), ParagraphError::Empty { side: Side::Korean });
        assert_eq!(
            refused(" \n\r\n\t\u{200B}\u{FEFF} "),
            ParagraphError::NoText { side: Side::Korean }
        );
        assert_eq!(refused("").to_string(), "Korean text is empty");
    }

    #[test]
    fn oversized_input_is_refused_before_any_work() {
        let limits = Limits {
            max_bytes: 10,
            max_paragraphs: 5,
        };
        let error = split_paragraphs("0123456789A", Side::English, limits).unwrap_err();
        assert_eq!(
            error,
            ParagraphError::TooLarge {
                side: Side::English,
                bytes: 11,
                limit: 10
            }
        );
        assert_eq!(
            error.to_string(),
            "English text is 11 bytes; the limit is 10 bytes"
        );
    }

    #[test]
    fn too_many_paragraphs_are_refused() {
        let limits = Limits {
            max_bytes: 1000,
            max_paragraphs: 2,
        };
        let error = split_paragraphs("a\n\nb\n\nc", Side::English, limits).unwrap_err();
        assert_eq!(
            error,
            ParagraphError::TooManyParagraphs {
                side: Side::English,
                count: 3,
                limit: 2
            }
        );
    }

    #[test]
    fn invalid_utf8_names_side_and_offset() {
        let error =
            paragraphs_from_bytes(b"ok \xff\xfe", Side::Korean, Limits::DEFAULT).unwrap_err();
        assert_eq!(
            error,
            ParagraphError::InvalidUtf8 {
                side: Side::Korean,
                offset: 3
            }
        );
        assert_eq!(
            error.to_string(),
            "Korean text is not valid UTF-8 (first bad byte at offset 3)"
        );
    }

    #[test]
    fn presplit_paragraphs_are_cleaned_and_blank_ones_refused() {
        assert_eq!(
            normalize_paragraphs(&[" a \n b ", "c"], Side::English, Limits::DEFAULT).unwrap(),
            ["a b", "c"]
        );
        assert_eq!(
            normalize_paragraphs(&["a", " \u{3000}"], Side::Korean, Limits::DEFAULT).unwrap_err(),
            ParagraphError::EmptyParagraph {
                side: Side::Korean,
                index: 1
            }
        );
        assert_eq!(
            normalize_paragraphs::<&str>(&[], Side::Korean, Limits::DEFAULT).unwrap_err(),
            ParagraphError::Empty { side: Side::Korean }
        );
    }

    #[test]
    fn paragraphs_given_one_by_one_are_composed_and_cleaned() {
        // Decomposed jamo, a soft break, stray spacing: the same text as a
        // clean paragraph, whether or not it has a line break.
        let given = [
            "\u{1112}\u{1161}\u{11AB}국  경제",
            " 한국\n경제 ",
            "한국\u{200B} 경제",
        ];
        let normalized = normalize_paragraphs(&given, Side::Korean, Limits::DEFAULT).unwrap();
        assert_eq!(normalized, ["한국 경제", "한국 경제", "한국 경제"]);
    }
}
