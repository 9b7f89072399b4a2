//! The one set of limits on what enters Galley, and the one cleaning of
//! every text at the boundary.
//!
//! Every way text enters (a submission, a save, an import, a merge, a
//! transition note, an override reason, a comment, a sign-in) goes through
//! [`clean`] with its [`Kind`], and the store checks again with [`check`]
//! before it writes, so no path can skip them. The figures are far above any
//! news article and low enough that every computation on a row at the limit
//! (diff, TER, chrF++, QA) stays under a second and 100 MiB (see
//! `docs/performance.md`, `just bench`).

use std::fmt;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Characters in one row's English or Korean, and in one paragraph of a
/// submission (a row is a paragraph or three; a long one is 2,000).
pub const ROW_CHARS: usize = 50_000;
/// Characters on one side of an article (a long feature is 40,000).
pub const ARTICLE_CHARS: usize = 200_000;
/// Paragraphs on one side of an article, so rows in an import (a long
/// feature has 150).
pub const ARTICLE_PARAGRAPHS: usize = 2_000;
/// Characters in a title.
pub const TITLE_CHARS: usize = 300;
/// Characters in a name: a user's, an AI tool's or model's.
pub const NAME_CHARS: usize = 100;
/// Characters in a note: a transition's note, an override's reason, a
/// comment.
pub const NOTE_CHARS: usize = 5_000;
/// Bytes in one request body (an XLIFF file of an article at the limits).
pub const BODY_BYTES: usize = 4 * 1024 * 1024;

/// What a text is, which sets its limit and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A row's English (or a paragraph of the draft): line breaks kept.
    Row,
    /// A paragraph of the Korean source: line breaks kept.
    Korean,
    /// An article's title: one line.
    Title,
    /// A user's, AI tool's or model's name: one line.
    Name,
    /// A transition note, override reason or comment: line breaks kept.
    Note,
}

impl Kind {
    /// The most characters a text of this kind may have.
    pub fn max_chars(self) -> usize {
        match self {
            Kind::Row | Kind::Korean => ROW_CHARS,
            Kind::Title => TITLE_CHARS,
            Kind::Name => NAME_CHARS,
            Kind::Note => NOTE_CHARS,
        }
    }

    fn one_line(self) -> bool {
        matches!(self, Kind::Title | Kind::Name)
    }
}

/// Why a text was refused, naming the field it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// The field, as the caller names it (`title`, `text`, `ai.tool`…).
    pub field: String,
    /// What is wrong, in words for the person who sent it.
    pub message: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for TextError {}

/// A control character no text may hold: C0 (NUL included) but tab, line
/// feed and carriage return; DEL; C1.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Characters that change how text displays without showing themselves:
/// bidirectional controls and zero-width characters. Allowed (some scripts
/// and emoji need them) but flagged by QA (`qa::Check::Invisible`).
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// Cleans a text arriving as `field`: refuses forbidden control characters
/// (naming the first and where it is), makes line breaks `\n` (one-line
/// kinds fold every run of whitespace into one space), trims, puts it in
/// Unicode normalization form C, and refuses it empty or longer than its
/// kind's limit.
pub fn clean(field: &str, text: &str, kind: Kind) -> Result<String, TextError> {
    let refuse = |message: String| TextError {
        field: field.to_string(),
        message,
    };
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| is_forbidden_control(*c))
    {
        return Err(refuse(format!(
            "holds the control character U+{:04X} at character {at}; remove it",
            u32::from(c)
        )));
    }
    // Refuse what is far too long before normalizing it (normalization can
    // only lengthen a text by a small factor).
    let max = kind.max_chars();
    if text.len() > max.saturating_mul(16) {
        return Err(refuse(format!(
            "is longer than {max} characters (the limit for {field})"
        )));
    }
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let shaped = if kind.one_line() {
        unified.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        unified.trim().to_string()
    };
    let normal: String = match is_nfc_quick(shaped.chars()) {
        IsNormalized::Yes => shaped,
        _ => shaped.nfc().collect(),
    };
    if normal.is_empty() {
        return Err(refuse("is empty".to_string()));
    }
    let chars = normal.chars().count();
    if chars > max {
        return Err(refuse(format!(
            "is {chars} characters long; the limit is {max}"
        )));
    }
    Ok(normal)
}

/// Checks that a text is already clean (what [`clean`] returns unchanged):
/// the store's guard, so a path that forgot to clean cannot write.
pub fn check(field: &str, text: &str, kind: Kind) -> Result<(), TextError> {
    let cleaned = clean(field, text, kind)?;
    if cleaned != text {
        return Err(TextError {
            field: field.to_string(),
            message: "is not in its clean form (NFC, trimmed, line breaks as \\n)".into(),
        });
    }
    Ok(())
}

/// Checks that a row (its Korean and its English, as a merge would make
/// them) stays within [`ROW_CHARS`] on each side.
pub fn check_row_size(field: &str, korean: &str, english: &str) -> Result<(), TextError> {
    for (side, text) in [("Korean", korean), ("English", english)] {
        let chars = text.chars().count();
        if chars > ROW_CHARS {
            return Err(TextError {
                field: field.to_string(),
                message: format!(
                    "the row would hold {chars} characters of {side}; the limit is {ROW_CHARS}"
                ),
            });
        }
    }
    Ok(())
}

/// Checks the size of one side of an article: at most
/// [`ARTICLE_PARAGRAPHS`] paragraphs and [`ARTICLE_CHARS`] characters.
pub fn check_article_side<S: AsRef<str>>(field: &str, paragraphs: &[S]) -> Result<(), TextError> {
    let refuse = |message: String| TextError {
        field: field.to_string(),
        message,
    };
    if paragraphs.len() > ARTICLE_PARAGRAPHS {
        return Err(refuse(format!(
            "has {} paragraphs; the limit is {ARTICLE_PARAGRAPHS}",
            paragraphs.len()
        )));
    }
    let chars: usize = paragraphs.iter().map(|p| p.as_ref().chars().count()).sum();
    if chars > ARTICLE_CHARS {
        return Err(refuse(format!(
            "is {chars} characters long; the limit for one side of an article is {ARTICLE_CHARS}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_and_named() {
        let error = clean("text", "Seoul\u{0}Busan", Kind::Row).unwrap_err();
        assert_eq!(error.field, "text");
        assert!(error.message.contains("U+0000 at character 5"), "{error}");
        assert!(clean("title", "a\u{1b}[31m", Kind::Title).is_err());
        assert!(clean("text", "a\u{7f}", Kind::Row).is_err());
        assert!(clean("text", "a\u{85}b", Kind::Row).is_err());
        assert_eq!(clean("text", "a\tb\r\nc", Kind::Row).unwrap(), "a\tb\nc");
    }

    #[test]
    fn texts_are_stored_in_nfc_trimmed() {
        let nfd = "Cafe\u{301} au lait ";
        assert_eq!(clean("text", nfd, Kind::Row).unwrap(), "Café au lait");
        assert_eq!(
            clean("title", "  Rates\n held  at 3.5% ", Kind::Title).unwrap(),
            "Rates held at 3.5%"
        );
        assert!(check("text", "Café", Kind::Row).is_ok());
        assert!(check("text", nfd, Kind::Row).is_err());
    }

    #[test]
    fn each_kind_has_its_limit() {
        let at_limit = "a".repeat(ROW_CHARS);
        assert!(clean("text", &at_limit, Kind::Row).is_ok());
        let over = clean("text", &format!("{at_limit}b"), Kind::Row).unwrap_err();
        assert!(over.message.contains("the limit is 50000"), "{over}");
        assert!(clean("title", &"t".repeat(TITLE_CHARS + 1), Kind::Title).is_err());
        assert!(clean("reason", &"r".repeat(NOTE_CHARS + 1), Kind::Note).is_err());
        assert!(clean("text", " \n ", Kind::Row).is_err());
        let many = vec!["p"; ARTICLE_PARAGRAPHS + 1];
        assert!(check_article_side("draft", &many).is_err());
    }

    #[test]
    fn invisible_formatting_is_recognized() {
        assert!(is_invisible_format('\u{202E}'));
        assert!(is_invisible_format('\u{200B}'));
        assert!(!is_invisible_format('a'));
    }
}
