//! Translation QA: checks that catch what tired eyes miss in an AI draft.
//!
//! Each check looks at one row (its Korean and its English), except the name
//! check, which compares the rows of an article with each other. A finding
//! has a severity: errors block approval and sign-off until the text is fixed
//! or a reviewer overrides the finding with a written reason; warnings only
//! inform. Every finding has a stable `key` within its row (the check and
//! what it is about), so an override names exactly what it overrides and
//! stops applying when the text no longer gives that finding.
//!
//! The number check reuses the aligner's anchors ([`crate::align::anchors`]):
//! `3500억 달러` is 350,000,000,000 like `$350 billion`, `10월 22일` is the
//! date of `Oct. 22`, `3분기` is the 3 of `third quarter`.

use std::collections::BTreeMap;
use std::fmt;

use crate::align::anchors::{self, Anchor, Found, Strength};
use crate::align::sentences::count_sentences;
use crate::paragraph::Side;
pub use crate::paragraph::Span;

mod doubled;
mod glossary;
mod hangul;
mod invisible;
mod latin;
mod length;
mod names;
mod numbers;
mod quotes;
mod romanized;
#[cfg(test)]
mod tests;

pub use self::glossary::{check_glossary, lookup_keys, term_severity};
use doubled::{double_spaces, doubled_words};
use hangul::hangul;
use invisible::invisible;
use latin::latin_terms;
use length::{addition_in_row, omission_in_row, short_english};
use names::name_spelling;
use numbers::numbers;
use quotes::quotes;
use romanized::name_romanization;
pub use romanized::{NamePair, name_pairs};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Shown, never blocks.
    Warning,
    /// Blocks approval and sign-off until fixed or overridden with a reason.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Which check found something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// A number, date or weekday in one language without its counterpart.
    Numbers,
    /// A Latin-script word of the Korean (APEC, Fed, a name) missing in English.
    LatinTerms,
    /// Hangul left in the English.
    HangulInEnglish,
    /// Korean with no English: the draft dropped it.
    MissingEnglish,
    /// English with no Korean: the draft added it.
    MissingKorean,
    /// Quotation marks unbalanced, or a quote on one side only.
    Quotes,
    /// The same word twice in a row.
    DoubledWord,
    /// Two spaces in a row.
    DoubleSpace,
    /// A name spelled differently in different rows.
    NameSpelling,
    /// A bidirectional control or zero-width character: invisible, but it
    /// changes how the text displays or is searched (`limits::is_invisible_format`).
    Invisible,
    /// The English is much shorter than its Korean: part may be missing.
    ShortEnglish,
    /// One Korean paragraph of a row of several has figures or Latin-script
    /// names none of which are in the English: its translation may be
    /// missing inside the row.
    OmissionInRow,
    /// The English has more sentences than its Korean and is long for it:
    /// a sentence the AI invented may sit inside the row.
    AdditionInRow,
    /// A glossary term whose approved English is missing, or a rendering
    /// the glossary forbids (`glossary`).
    Glossary,
    /// A Korean person's name romanized as neither the Revised
    /// Romanization nor McCune–Reischauer does, and not in the glossary.
    NameRomanization,
}

impl Check {
    /// Every check, in the order of the enum. (A check added to the enum
    /// and not here fails `qa::tests::every_check_is_listed`.)
    pub const ALL: [Check; 15] = [
        Check::Numbers,
        Check::LatinTerms,
        Check::HangulInEnglish,
        Check::MissingEnglish,
        Check::MissingKorean,
        Check::Quotes,
        Check::DoubledWord,
        Check::DoubleSpace,
        Check::NameSpelling,
        Check::Invisible,
        Check::ShortEnglish,
        Check::OmissionInRow,
        Check::AdditionInRow,
        Check::Glossary,
        Check::NameRomanization,
    ];

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Check::Numbers => "numbers",
            Check::LatinTerms => "latin_terms",
            Check::HangulInEnglish => "hangul_in_english",
            Check::MissingEnglish => "missing_english",
            Check::MissingKorean => "missing_korean",
            Check::Quotes => "quotes",
            Check::DoubledWord => "doubled_word",
            Check::DoubleSpace => "double_space",
            Check::NameSpelling => "name_spelling",
            Check::Invisible => "invisible",
            Check::ShortEnglish => "short_english",
            Check::OmissionInRow => "omission_in_row",
            Check::AdditionInRow => "addition_in_row",
            Check::Glossary => "glossary",
            Check::NameRomanization => "name_romanization",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something a check found in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// Error or warning.
    pub severity: Severity,
    /// What it found, as a rule and its arguments: the server says it in
    /// the reader's language (`galley-server/src/i18n.rs`).
    pub said: Said,
    /// The text involved.
    pub spans: Vec<Span>,
    /// Stable within the row: the check and what the finding is about.
    pub key: String,
}

/// What a finding found: one variant per sentence a person reads, with
/// the figures and the article's texts it names. No words here: the
/// interface says it in English or Korean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// The submission gave no Korean headline.
    HeadlineWithoutKorean,
    /// Korean with no English.
    NoEnglish,
    /// English with no Korean.
    NoKorean,
    /// A figure, date or weekday of the Korean missing in the English.
    KoreanFigureMissing { shown: String, value: Anchor },
    /// A figure, date or weekday of the English missing in the Korean.
    EnglishFigureMissing { shown: String },
    /// A figure of the English in a conversion the translation adds.
    ConversionAdded { shown: String },
    /// A weekday or month of the English the Korean does not name.
    DayOrMonthAdded { shown: String },
    /// A value appears a different number of times on each side.
    CountDiffers {
        value: Anchor,
        korean: usize,
        english: usize,
    },
    /// The Korean gives the day of the month, the English a weekday.
    DayAndWeekday { day: String, weekday: String },
    /// A lone 1 or 2 of the Korean that English may say as a word.
    SmallNumberAsWord { shown: String },
    /// A Latin-script word of the Korean missing in the English.
    LatinMissing { original: String },
    /// Hangul left in the English (the first run of it).
    HangulLeft { shown: String },
    /// Quotation marks unbalanced in the English.
    UnclosedQuote,
    /// The Korean quotes someone; the English has no quotation.
    KoreanQuoteOnly,
    /// The English has a quotation the Korean does not have.
    EnglishQuoteOnly,
    /// The same word twice in a row.
    DoubledWord { word: String },
    /// Places with two or more spaces in a row.
    DoubleSpaces { places: usize },
    /// A name spelled differently in other rows (1-based row numbers).
    NameSpelling {
        here: String,
        elsewhere: Vec<(String, Vec<usize>)>,
    },
    /// Invisible formatting characters on one side.
    Invisible {
        count: usize,
        side: Side,
        first: u32,
        at: usize,
    },
    /// The English is much shorter than the Korean (non-space characters).
    ShortEnglish { english: usize, korean: usize },
    /// Fewer sentences in the English, and short for them.
    FewerSentences {
        english_sentences: usize,
        korean_sentences: usize,
        english: usize,
        korean: usize,
    },
    /// A Korean paragraph (1-based) of the row none of whose figures or
    /// names are in the English.
    OmissionInRow { paragraph: usize },
    /// More sentences in the English, and long for them.
    MoreSentences {
        english_sentences: usize,
        korean_sentences: usize,
        english: usize,
        korean: usize,
    },
    /// A rendering of a glossary term the glossary forbids.
    GlossaryForbidden {
        shown: String,
        term: String,
        approved: String,
    },
    /// A glossary term whose approved English is missing.
    GlossaryMissing { term: String, approved: String },
    /// A romanized name unlike any usual spelling of the Korean name
    /// (`usual`: with the usual surname, the Revised Romanization,
    /// McCune–Reischauer; without repeats).
    NameRomanization {
        here: String,
        korean: String,
        usual: Vec<String>,
    },
}

/// The headline row's finding when the submission gave no Korean headline
/// (no `source_title`): a warning, in place of the missing-Korean error a
/// row of invented English gets. The row is still reviewed, against the
/// English alone.
pub fn headline_without_korean(english: &str) -> Finding {
    finding(
        Check::MissingKorean,
        Severity::Warning,
        "headline",
        Said::HeadlineWithoutKorean,
        vec![Span {
            side: Side::English,
            start: 0,
            end: english.chars().count(),
        }],
    )
}

fn finding(check: Check, severity: Severity, key: &str, said: Said, spans: Vec<Span>) -> Finding {
    Finding {
        check,
        severity,
        said,
        spans,
        key: format!("{}:{key}", check.code()),
    }
}

/// The checks of one row. An empty side gives only the missing-side finding.
pub fn check_row(korean: &str, english: &str) -> Vec<Finding> {
    let (ko_empty, en_empty) = (korean.trim().is_empty(), english.trim().is_empty());
    if ko_empty && en_empty {
        return Vec::new();
    }
    if en_empty {
        return vec![finding(
            Check::MissingEnglish,
            Severity::Error,
            "row",
            Said::NoEnglish,
            vec![Span {
                side: Side::Korean,
                start: 0,
                end: korean.chars().count(),
            }],
        )];
    }
    let mut findings = Vec::new();
    if ko_empty {
        findings.push(finding(
            Check::MissingKorean,
            Severity::Error,
            "row",
            Said::NoKorean,
            vec![Span {
                side: Side::English,
                start: 0,
                end: english.chars().count(),
            }],
        ));
    } else {
        numbers(korean, english, &mut findings);
        latin_terms(korean, english, &mut findings);
        quotes(korean, english, &mut findings);
        short_english(korean, english, &mut findings);
        omission_in_row(korean, english, &mut findings);
        addition_in_row(korean, english, &mut findings);
    }
    hangul(english, &mut findings);
    doubled_words(english, &mut findings);
    double_spaces(english, &mut findings);
    invisible(korean, Side::Korean, &mut findings);
    invisible(english, Side::English, &mut findings);
    findings
}

/// The checks of every row of an article, names across rows included,
/// with an empty glossary.
pub fn check_article(rows: &[(&str, &str)]) -> Vec<Vec<Finding>> {
    check_article_with(rows, &crate::glossary::Glossary::default())
}

/// The checks of every row of an article with the newsroom's glossary:
/// each row's own checks, names across rows, names romanized unusually
/// (unless the glossary has them), then the glossary's findings.
pub fn check_article_with(
    rows: &[(&str, &str)],
    glossary: &crate::glossary::Glossary,
) -> Vec<Vec<Finding>> {
    let mut all: Vec<Vec<Finding>> = rows.iter().map(|(ko, en)| check_row(ko, en)).collect();
    name_spelling(rows, &mut all);
    for (found, (korean, english)) in all.iter_mut().zip(rows) {
        name_romanization(glossary, korean, english, found);
        found.extend(check_glossary(glossary, korean, english));
    }
    all
}

/// Whether a finding blocks approval and sign-off (unless overridden).
pub fn blocks(finding: &Finding) -> bool {
    finding.severity == Severity::Error
}

/// The findings that stop approval and sign-off: those that block and are
/// not overridden. `findings` holds each row's findings in row order;
/// `overridden(row, key)` says whether that row's finding was overridden.
pub fn open_blocking(findings: &[Vec<Finding>], overridden: impl Fn(usize, &str) -> bool) -> usize {
    findings
        .iter()
        .enumerate()
        .map(|(row, found)| {
            found
                .iter()
                .filter(|f| blocks(f) && !overridden(row, &f.key))
                .count()
        })
        .sum()
}

/// A text's words, lower-cased, with their char ranges (the number and
/// doubled-word checks read them).
pub(super) fn words(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '\'' || chars[i] == '-')
            {
                i += 1;
            }
            out.push((
                start,
                i,
                chars[start..i].iter().collect::<String>().to_lowercase(),
            ));
        } else {
            i += 1;
        }
    }
    out
}
