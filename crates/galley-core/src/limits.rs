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

use crate::paragraph::{ParagraphError, Side};
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

/// Why a text was refused, naming the field it came in: what is wrong as
/// a rule and its figures (the server says it in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// The field, as the caller names it (`title`, `text`, `ai.tool`…).
    pub field: String,
    /// What is wrong.
    pub problem: TextProblem,
}

impl TextError {
    /// `problem` with the text that came in as `field`.
    pub fn new(field: impl Into<String>, problem: TextProblem) -> TextError {
        TextError {
            field: field.into(),
            problem,
        }
    }
}

/// What is wrong with a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character no text may hold, and where (in characters).
    Control { code: u32, at: usize },
    /// Far longer than the limit (refused before it is read further).
    FarTooLong { max: usize },
    /// Nothing but whitespace.
    Empty,
    /// Longer than its kind's limit.
    TooLong { chars: usize, max: usize },
    /// Not in the form `clean` gives (the store's guard).
    NotClean,
    /// A row that would be too long on one side.
    RowTooLong {
        chars: usize,
        side: Side,
        max: usize,
    },
    /// Paragraphs within the limit each that the aligner puts in one row
    /// (Korean paragraphs `korean`, English paragraphs `english`, 1-based
    /// and inclusive; `None` for a side the row has none of), making it
    /// `chars` characters long on `side`.
    AlignedRowTooLong {
        korean: Option<(usize, usize)>,
        english: Option<(usize, usize)>,
        side: Side,
        chars: usize,
        max: usize,
    },
    /// One side of an article with too many paragraphs.
    TooManyParagraphs { count: usize, max: usize },
    /// One side of an article too long in all.
    ArticleTooLong { chars: usize, max: usize },
    /// One paragraph (1-based) too long.
    ParagraphTooLong {
        paragraph: usize,
        chars: usize,
        max: usize,
    },
    /// The text could not be read into paragraphs.
    Paragraphs(ParagraphError),
    /// Both of two fields that say the same thing were given.
    EitherNotBoth { other: String },
    /// Neither of two fields that say the same thing was given.
    Required { other: String },
    /// An override with no reason.
    NoReason,
    /// A comment with nothing in it.
    NoComment,
    /// Not an RFC 3339 time.
    NotATime,
    /// Not a kind of glossary term.
    TermKind,
    /// More forms of a term than an entry may have.
    TooManyForms { max: usize },
    /// A list of forms that must have one.
    NoForms,
    /// A Korean term of one character.
    OneCharacterTerm,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // For logs; people read it in their language (`i18n.rs`).
        write!(f, "{}: {:?}", self.field, self.problem)
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

/// The first control character no text may hold, refused naming `field`
/// and where it is.
pub fn control_in(field: &str, text: &str) -> Option<TextError> {
    let (at, c) = text
        .chars()
        .enumerate()
        .find(|(_, c)| is_forbidden_control(*c))?;
    Some(TextError::new(
        field,
        TextProblem::Control {
            code: u32::from(c),
            at,
        },
    ))
}

/// Cleans a text arriving as `field`: refuses forbidden control characters
/// (naming the first and where it is), makes line breaks `\n` (one-line
/// kinds fold every run of whitespace into one space), trims, puts it in
/// Unicode normalization form C, and refuses it empty or longer than its
/// kind's limit.
pub fn clean(field: &str, text: &str, kind: Kind) -> Result<String, TextError> {
    let refuse = |problem: TextProblem| TextError::new(field, problem);
    if let Some(refused) = control_in(field, text) {
        return Err(refused);
    }
    // Refuse what is far too long before normalizing it (normalization can
    // only lengthen a text by a small factor).
    let max = kind.max_chars();
    if text.len() > max.saturating_mul(16) {
        return Err(refuse(TextProblem::FarTooLong { max }));
    }
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let shaped = if kind.one_line() {
        unified.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        unified.trim().to_string()
    };
    let normal = nfc(&shaped);
    if normal.is_empty() {
        return Err(refuse(TextProblem::Empty));
    }
    let chars = normal.chars().count();
    if chars > max {
        return Err(refuse(TextProblem::TooLong { chars, max }));
    }
    Ok(normal)
}

/// A text in Unicode's composed form (NFC): "한국" typed as six jamo is the
/// same two syllables. What a search or a lookup compares with what
/// [`clean`] stored.
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

/// Bytes in a person's name.
pub const PERSON_NAME_BYTES: usize = 64;

/// A person's name as it is kept and looked up: trimmed and composed
/// (NFC), so one name typed two ways is one person; `None` if it is empty,
/// longer than [`PERSON_NAME_BYTES`], or holds a control character or an
/// invisible one (a right-to-left override would show another name than
/// the one kept).
pub fn person_name(name: &str) -> Option<String> {
    let name = nfc(name.trim());
    let bad = |c: char| c.is_control() || is_invisible_format(c);
    (!name.is_empty() && name.len() <= PERSON_NAME_BYTES && !name.chars().any(bad)).then_some(name)
}

/// Checks that a text is already clean (what [`clean`] returns unchanged):
/// the store's guard, so a path that forgot to clean cannot write.
pub fn check(field: &str, text: &str, kind: Kind) -> Result<(), TextError> {
    let cleaned = clean(field, text, kind)?;
    if cleaned != text {
        return Err(TextError::new(field, TextProblem::NotClean));
    }
    Ok(())
}

/// Checks that a row (its Korean and its English, as a merge would make
/// them) stays within [`ROW_CHARS`] on each side.
pub fn check_row_size(field: &str, korean: &str, english: &str) -> Result<(), TextError> {
    for (side, text) in [(Side::Korean, korean), (Side::English, english)] {
        let chars = text.chars().count();
        if chars > ROW_CHARS {
            return Err(TextError::new(
                field,
                TextProblem::RowTooLong {
                    chars,
                    side,
                    max: ROW_CHARS,
                },
            ));
        }
    }
    Ok(())
}

/// Checks the size of one side of an article: at most
/// [`ARTICLE_PARAGRAPHS`] paragraphs and [`ARTICLE_CHARS`] characters.
pub fn check_article_side<S: AsRef<str>>(field: &str, paragraphs: &[S]) -> Result<(), TextError> {
    let refuse = |problem: TextProblem| TextError::new(field, problem);
    if paragraphs.len() > ARTICLE_PARAGRAPHS {
        return Err(refuse(TextProblem::TooManyParagraphs {
            count: paragraphs.len(),
            max: ARTICLE_PARAGRAPHS,
        }));
    }
    let chars: usize = paragraphs.iter().map(|p| p.as_ref().chars().count()).sum();
    if chars > ARTICLE_CHARS {
        return Err(refuse(TextProblem::ArticleTooLong {
            chars,
            max: ARTICLE_CHARS,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_typed_two_ways_is_one_name_and_an_invisible_one_is_refused() {
        let composed = "한국";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(person_name(&decomposed).as_deref(), Some(composed));
        assert_eq!(
            person_name("  kim.reporter ").as_deref(),
            Some("kim.reporter")
        );
        for bad in [
            "",
            "   ",
            "kim\u{202E}rot",
            "a\u{200B}b",
            "a\u{0}b",
            &"x".repeat(65),
        ] {
            assert_eq!(person_name(bad), None, "{bad:?}");
        }
        assert_eq!(nfc(&decomposed), composed);
    }

    #[test]
    fn control_characters_are_refused_and_named() {
        let error = clean("text", "Seoul\u{0}Busan", Kind::Row).unwrap_err();
        assert_eq!(error.field, "text");
        assert_eq!(error.problem, TextProblem::Control { code: 0, at: 5 });
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
        assert_eq!(
            over.problem,
            TextProblem::TooLong {
                chars: ROW_CHARS + 1,
                max: ROW_CHARS
            }
        );
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
