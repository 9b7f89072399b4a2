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
    /// A glossary term whose approved English is missing, or a rendering
    /// the glossary forbids (`glossary`).
    Glossary,
}

impl Check {
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
            Check::Glossary => "glossary",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
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

/// Something a check found in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// Error or warning.
    pub severity: Severity,
    /// What a person reads.
    pub message: String,
    /// The text involved.
    pub spans: Vec<Span>,
    /// Stable within the row: the check and what the finding is about.
    pub key: String,
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
        "The Korean headline is missing (the submission had no source_title): review the English headline against the article.".into(),
        vec![Span {
            side: Side::English,
            start: 0,
            end: english.chars().count(),
        }],
    )
}

fn finding(
    check: Check,
    severity: Severity,
    key: &str,
    message: String,
    spans: Vec<Span>,
) -> Finding {
    Finding {
        check,
        severity,
        message,
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
            "No English for this Korean: the AI draft dropped it.".into(),
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
            "This English has no Korean: the AI draft added it.".into(),
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
    }
    hangul(english, &mut findings);
    doubled_words(english, &mut findings);
    double_spaces(english, &mut findings);
    invisible(korean, Side::Korean, &mut findings);
    invisible(english, Side::English, &mut findings);
    findings
}

/// The checks of every row of an article, names across rows included.
pub fn check_article(rows: &[(&str, &str)]) -> Vec<Vec<Finding>> {
    let mut all: Vec<Vec<Finding>> = rows.iter().map(|(ko, en)| check_row(ko, en)).collect();
    name_spelling(rows, &mut all);
    all
}

/// [`check_article`] with the newsroom's glossary: each row's glossary
/// findings after its other findings.
pub fn check_article_with(
    rows: &[(&str, &str)],
    glossary: &crate::glossary::Glossary,
) -> Vec<Vec<Finding>> {
    let mut all = check_article(rows);
    for (found, (korean, english)) in all.iter_mut().zip(rows) {
        found.extend(glossary.check_row(korean, english));
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

// ------------------------------------------------------------------ numbers

fn describe(anchor: Anchor) -> String {
    match anchor {
        Anchor::Number(value) => {
            let whole = value / 1000;
            let frac = value % 1000;
            let mut digits = whole.to_string();
            let mut grouped = String::new();
            while digits.len() > 3 {
                let tail = digits.split_off(digits.len() - 3);
                grouped = format!(",{tail}{grouped}");
            }
            let mut text = format!("{digits}{grouped}");
            if frac > 0 {
                let decimals = format!("{frac:03}");
                text.push('.');
                text.push_str(decimals.trim_end_matches('0'));
            }
            text
        }
        Anchor::Date { month, day } => format!("{} {day}", month_name(month)),
        Anchor::Month(month) => month_name(month).to_string(),
        Anchor::Weekday(day) => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ]
        .get(usize::from(day).saturating_sub(1))
        .copied()
        .unwrap_or("a weekday")
        .to_string(),
    }
}

fn month_name(month: u8) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(usize::from(month).saturating_sub(1))
    .copied()
    .unwrap_or("a month")
}

fn key_of(anchor: Anchor) -> String {
    match anchor {
        Anchor::Number(v) => format!("n{v}"),
        Anchor::Date { month, day } => format!("d{month}-{day}"),
        Anchor::Month(m) => format!("m{m}"),
        Anchor::Weekday(d) => format!("w{d}"),
    }
}

fn text_of(text: &str, at: (u32, u32)) -> String {
    text.chars()
        .skip(at.0 as usize)
        .take((at.1 - at.0) as usize)
        .collect()
}

/// Whether two anchors left over after exact matching still say the same:
/// a day without its month in Korean (`22일`) and a full date in English.
fn loosely_equal(ko: Anchor, en: Anchor) -> bool {
    match (ko, en) {
        (Anchor::Number(n), Anchor::Date { day, .. })
        | (Anchor::Date { day, .. }, Anchor::Number(n)) => n == u128::from(day) * 1000,
        (Anchor::Month(m), Anchor::Date { month, .. })
        | (Anchor::Date { month, .. }, Anchor::Month(m)) => m == month,
        _ => false,
    }
}

/// Numbers written as words that the aligner's anchors leave out: English
/// "one", the teens and compound tens ("fifty-eight"), "No.1"; Korean native
/// numerals ("열 다섯", "두"). They may match a number on the other side but
/// are never missing themselves.
fn soft_number_words(text: &str, side: Side) -> Vec<Found> {
    const ENGLISH: &[(&str, u128)] = &[
        ("one", 1),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("decade", 10),
        ("decades", 10),
        ("teenagers", 10),
        ("teens", 10),
    ];
    const KOREAN_TENS: &[(&str, u128)] = &[
        ("열", 10),
        ("스물", 20),
        ("스무", 20),
        ("서른", 30),
        ("마흔", 40),
        ("쉰", 50),
        ("예순", 60),
        ("일흔", 70),
        ("여든", 80),
        ("아흔", 90),
    ];
    const KOREAN_UNITS: &[(&str, u128)] = &[
        ("한", 1),
        ("하나", 1),
        ("두", 2),
        ("둘", 2),
        ("세", 3),
        ("셋", 3),
        ("석", 3),
        ("네", 4),
        ("넷", 4),
        ("넉", 4),
        ("다섯", 5),
        ("여섯", 6),
        ("일곱", 7),
        ("여덟", 8),
        ("아홉", 9),
    ];
    let soft = |value: u128, start: usize, end: usize| Found {
        anchor: Anchor::Number(value * 1000),
        strength: Strength::Soft,
        at: (start as u32, end as u32),
    };
    let mut found = Vec::new();
    match side {
        Side::English => {
            let mut before: Option<(usize, u128)> = None;
            for (start, end, word) in words(text) {
                // "two decades": the number of years.
                if let (true, Some((from, n))) = (word == "decades", before) {
                    found.push(soft(n * 10, from, end));
                }
                // "WW1", "WWII".
                let war = match word.as_str() {
                    "ww1" | "wwi" => 1,
                    "ww2" | "wwii" => 2,
                    _ => 0,
                };
                if war > 0 {
                    found.push(soft(war, start, end));
                }
                before = ENGLISH
                    .iter()
                    .find(|(name, v)| *name == word && (2..=9).contains(v))
                    .map(|(_, v)| (start, *v));
                // "fifty-eight", and the number that begins a compound
                // ("one-year", "five-day", "twenty-one-year-old").
                let value: u128 = word
                    .split('-')
                    .map_while(|part| ENGLISH.iter().find(|(name, _)| *name == part))
                    .map(|(_, v)| v)
                    .sum();
                if value > 0 {
                    found.push(soft(value, start, end));
                }
                // "No.1", "No. 1": the anchors skip digits after a full stop.
                if word == "no" {
                    let rest: String = text.chars().skip(end).take(6).collect();
                    let digits: String = rest
                        .trim_start_matches(['.', ' '])
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    if rest.starts_with('.') && !digits.is_empty() {
                        if let Ok(n) = digits.parse::<u128>() {
                            found.push(soft(n, start, end + rest.len().min(6)));
                        }
                    }
                }
            }
        }
        Side::Korean => {
            // Whole words only: "열 다섯 마리", "두 번째" (not the 한 of 한국).
            let tokens: Vec<(usize, usize, String)> = {
                let mut out = Vec::new();
                let mut at = 0;
                for token in text.split(' ') {
                    let len = token.chars().count();
                    out.push((at, at + len, token.to_string()));
                    at += len + 1;
                }
                out
            };
            let unit_of = |t: &str| KOREAN_UNITS.iter().find(|(n, _)| *n == t).map(|(_, v)| *v);
            let tens_of = |t: &str| KOREAN_TENS.iter().find(|(n, _)| *n == t).map(|(_, v)| *v);
            let mut i = 0;
            while i < tokens.len() {
                let (start, end, token) = &tokens[i];
                if let Some(tens) = tens_of(token) {
                    if let Some(unit) = tokens.get(i + 1).and_then(|(_, _, t)| unit_of(t)) {
                        found.push(soft(tens + unit, *start, tokens[i + 1].1));
                        i += 2;
                        continue;
                    }
                    found.push(soft(tens, *start, *end));
                } else if let Some(unit) = unit_of(token) {
                    found.push(soft(unit, *start, *end));
                }
                i += 1;
            }
            // Latin-script dates and days inside the Korean ("Saturday Night
            // Live" written in parentheses) are in the English as they are.
            for f in anchors::english_anchors(text) {
                if !matches!(f.anchor, Anchor::Number(_)) {
                    found.push(Found {
                        strength: Strength::Soft,
                        ..f
                    });
                }
            }
        }
    }
    // Abbreviated months without a day ("on Nov.") name the month.
    if side == Side::English {
        const ABBREVIATIONS: &[(&str, u8)] = &[
            ("jan", 1),
            ("feb", 2),
            ("mar", 3),
            ("apr", 4),
            ("jun", 6),
            ("jul", 7),
            ("aug", 8),
            ("sep", 9),
            ("sept", 9),
            ("oct", 10),
            ("nov", 11),
            ("dec", 12),
        ];
        let chars: Vec<char> = text.chars().collect();
        for (start, end, word) in words(text) {
            // "in March", "since May": the anchors leave these two out, being
            // words too; capitalized inside a sentence they are months.
            let inside = start >= 2
                && chars[start - 1] == ' '
                && !matches!(chars[start - 2], '.' | '!' | '?');
            if inside && chars[start].is_uppercase() && (word == "march" || word == "may") {
                found.push(Found {
                    anchor: Anchor::Month(if word == "march" { 3 } else { 5 }),
                    strength: Strength::Soft,
                    at: (start as u32, end as u32),
                });
            }
            if let Some((_, month)) = ABBREVIATIONS.iter().find(|(n, _)| *n == word) {
                if chars.get(end) == Some(&'.') && chars[start].is_uppercase() {
                    found.push(Found {
                        anchor: Anchor::Month(*month),
                        strength: Strength::Soft,
                        at: (start as u32, end as u32 + 1),
                    });
                }
            }
        }
    }
    found
}

/// One error per value of `side` that the other side lacks, with every
/// place it occurs.
fn unmatched(side: Side, text: &str, left: &[&Found], findings: &mut Vec<Finding>) {
    let mut by_value: BTreeMap<Anchor, Vec<&Found>> = BTreeMap::new();
    for found in left {
        by_value.entry(found.anchor).or_default().push(found);
    }
    for (anchor, found) in by_value {
        let shown = text_of(text, found[0].at);
        let (key, message) = match side {
            Side::Korean => (
                format!("ko:{}", key_of(anchor)),
                format!(
                    "{shown} ({}) in the Korean is not in the English.",
                    describe(anchor)
                ),
            ),
            Side::English => (
                format!("en:{}", key_of(anchor)),
                format!("{shown} in the English is not in the Korean."),
            ),
        };
        let spans = found
            .iter()
            .map(|f| Span {
                side,
                start: f.at.0 as usize,
                end: f.at.1 as usize,
            })
            .collect();
        // A conversion the translation adds for its readers ("320 billion
        // won ($240 million)") is worth a look, not a block.
        let added = side == Side::English && found.iter().all(|f| in_conversion(text, f.at));
        // A weekday or a month the Korean does not name at all is most often
        // one the translation makes explicit ("this week" → "on Saturday");
        // the reviewer checks it against the calendar. A Korean date or
        // weekday the English lacks, or names differently, stays an error
        // (the Korean side reports it).
        let made_explicit =
            side == Side::English && matches!(anchor, Anchor::Weekday(_) | Anchor::Month(_));
        let (severity, message) = if added {
            (
                Severity::Warning,
                format!(
                    "{shown} in the English is not in the Korean: a conversion the translation adds? Check it."
                ),
            )
        } else if made_explicit {
            (
                Severity::Warning,
                format!(
                    "{shown} in the English is not in the Korean: a day or month the translation adds? Check it against the calendar."
                ),
            )
        } else {
            (Severity::Error, message)
        };
        findings.push(finding(Check::Numbers, severity, &key, message, spans));
    }
}

/// Whether the chars `at` of `text` sit in a short parenthesis that gives
/// an amount in another currency or an approximation: "($240 million)",
/// "(about 1.2 trillion won)", "(US$3 billion)".
fn in_conversion(text: &str, at: (u32, u32)) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (at.0 as usize, at.1 as usize);
    let open = chars[..start.min(chars.len())]
        .iter()
        .rposition(|&c| matches!(c, '(' | ')'))
        .filter(|&i| chars[i] == '(' && start - i <= 12);
    let close = chars
        .iter()
        .skip(end)
        .position(|&c| matches!(c, '(' | ')'))
        .filter(|&n| chars[end + n] == ')' && n <= 20);
    let (Some(open), Some(_)) = (open, close) else {
        return false;
    };
    let inside: String = chars[open + 1..start]
        .iter()
        .collect::<String>()
        .to_lowercase();
    let inside = inside.trim_start();
    [
        "$",
        "€",
        "£",
        "¥",
        "₩",
        "us$",
        "about",
        "around",
        "roughly",
        "approximately",
        "some",
        "or",
        "nearly",
        "almost",
        "over",
    ]
    .iter()
    .any(|lead| inside.starts_with(lead))
}

fn numbers(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let ko = anchors::korean_anchors(korean);
    let ko_soft = soft_number_words(korean, Side::Korean);
    let mut en = anchors::english_anchors(english);
    // The aligner already knows some number words: keep one of each.
    for extra in soft_number_words(english, Side::English) {
        if !en
            .iter()
            .any(|e| e.anchor == extra.anchor && e.at == extra.at)
        {
            en.push(extra);
        }
    }
    // A clock time written "4.40 am" is the hour and the minutes, as the
    // Korean says them (4시 40분), not the decimal 4.4.
    for (start, end, hour, minute) in clock_times(english) {
        en.retain(|e| e.at.1 as usize <= start || e.at.0 as usize >= end);
        for value in [hour, minute] {
            en.push(Found {
                anchor: Anchor::Number(value * 1000),
                strength: Strength::Strong,
                at: (start as u32, end as u32),
            });
        }
    }
    // A value counts as present when the other side has it at all: a
    // translation may say a number once where the source repeats it.
    let en_has = |anchor: Anchor| en.iter().any(|e| e.anchor == anchor);
    let ko_has = |anchor: Anchor| ko.iter().chain(&ko_soft).any(|k| k.anchor == anchor);
    let mut ko_left: Vec<&Found> = ko.iter().filter(|k| !en_has(k.anchor)).collect();
    let mut en_left: Vec<&Found> = en
        .iter()
        .filter(|e| e.strength != Strength::Soft && !ko_has(e.anchor))
        .collect();
    // Then the loose pairs: a day without its month, a month with a day.
    ko_left.retain(|k| {
        let paired = en.iter().any(|e| loosely_equal(k.anchor, e.anchor));
        if paired {
            en_left.retain(|e| !loosely_equal(k.anchor, e.anchor));
        }
        !paired
    });
    en_left.retain(|e| !ko.iter().any(|k| loosely_equal(k.anchor, e.anchor)));
    // A value said more often on one side than the other: worth a look,
    // not a block (a translation may say once what the source repeats).
    let mut counted: BTreeMap<Anchor, (usize, usize, Vec<Span>)> = BTreeMap::new();
    for k in &ko {
        let entry = counted.entry(k.anchor).or_default();
        entry.0 += 1;
        entry.2.push(Span {
            side: Side::Korean,
            start: k.at.0 as usize,
            end: k.at.1 as usize,
        });
    }
    for e in en
        .iter()
        .filter(|e| e.strength != Strength::Soft || ko.iter().any(|k| k.anchor == e.anchor))
    {
        let entry = counted.entry(e.anchor).or_default();
        entry.1 += 1;
        entry.2.push(Span {
            side: Side::English,
            start: e.at.0 as usize,
            end: e.at.1 as usize,
        });
    }
    for (anchor, (in_ko, in_en, spans)) in counted {
        if in_ko > 0 && in_en > 0 && in_ko != in_en && !ko_soft.iter().any(|k| k.anchor == anchor) {
            findings.push(finding(
                Check::Numbers,
                Severity::Warning,
                &format!("count:{}", key_of(anchor)),
                format!(
                    "{} appears {in_ko} time(s) in the Korean and {in_en} in the English.",
                    describe(anchor)
                ),
                spans,
            ));
        }
    }
    // The day of the month in the Korean (25일) and a weekday in the
    // English ("on Saturday"): news English names the day; worth a check
    // that it is the same day, not a block.
    let is_day = |k: &&Found| {
        matches!(k.anchor, Anchor::Number(v) if v % 1000 == 0 && (1..=31).contains(&(v / 1000)))
            && korean.chars().nth(k.at.1 as usize) == Some('일')
    };
    let days: Vec<&Found> = ko_left.iter().copied().filter(is_day).collect();
    let weekdays: Vec<&Found> = en_left
        .iter()
        .copied()
        .filter(|e| matches!(e.anchor, Anchor::Weekday(_)))
        .collect();
    if !days.is_empty() && days.len() == weekdays.len() {
        for (day, weekday) in days.iter().zip(&weekdays) {
            findings.push(finding(
                Check::Numbers,
                Severity::Warning,
                &format!("weekday:{}-{}", key_of(day.anchor), key_of(weekday.anchor)),
                format!(
                    "The Korean gives the day of the month ({}), the English a weekday ({}): check they are the same day.",
                    text_of(korean, day.at),
                    text_of(english, weekday.at)
                ),
                vec![
                    Span { side: Side::Korean, start: day.at.0 as usize, end: day.at.1 as usize },
                    Span { side: Side::English, start: weekday.at.0 as usize, end: weekday.at.1 as usize },
                ],
            ));
        }
        ko_left.retain(|k| !days.iter().any(|d| std::ptr::eq(*k, *d)));
        en_left.retain(|e| !weekdays.iter().any(|w| std::ptr::eq(*e, *w)));
    }
    // A lone 1 or 2 of the Korean is often a word in English ("a month",
    // "the first", "the return match"): worth a look, not a block.
    let english_words: Vec<String> = words(english).into_iter().map(|(_, _, w)| w).collect();
    let said_as_word = |value: u128| {
        let candidates: &[&str] = match value {
            1000 => &["a", "an", "first", "single", "once", "top", "lone", "sole"],
            2000 => &[
                "second", "double", "both", "twice", "pair", "couple", "return",
            ],
            _ => &[],
        };
        english_words
            .iter()
            .any(|w| candidates.contains(&w.as_str()))
    };
    let (small, ko_left): (Vec<&Found>, Vec<&Found>) = ko_left
        .into_iter()
        .partition(|k| matches!(k.anchor, Anchor::Number(v) if said_as_word(v)));
    for k in small {
        findings.push(finding(
            Check::Numbers,
            Severity::Warning,
            &format!("ko:{}", key_of(k.anchor)),
            format!(
                "{} in the Korean is not in the English as a figure: check a word says it (\"a\", \"first\", \"second\"…).",
                text_of(korean, k.at)
            ),
            vec![Span { side: Side::Korean, start: k.at.0 as usize, end: k.at.1 as usize }],
        ));
    }
    // What is left is missing on one side.
    unmatched(Side::Korean, korean, &ko_left, findings);
    unmatched(Side::English, english, &en_left, findings);
}

/// Clock times of an English text written with a full stop or a colon
/// before the minutes and a.m. or p.m. after ("4.40 am", "7:30 p.m."):
/// their char range, the hour and the minutes.
fn clock_times(english: &str) -> Vec<(usize, usize, u128, u128)> {
    let chars: Vec<char> = english.chars().collect();
    let digits = |from: usize| {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        let hour_len = if starts { digits(i) } else { 0 };
        if !(1..=2).contains(&hour_len) {
            i += hour_len.max(1);
            continue;
        }
        let sep = i + hour_len;
        let minute_at = sep + 1;
        if !matches!(chars.get(sep), Some('.' | ':')) || digits(minute_at) != 2 {
            i = sep.max(i + 1);
            continue;
        }
        let mut j = minute_at + 2;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        let rest: String = chars[j.min(chars.len())..]
            .iter()
            .take(4)
            .collect::<String>()
            .to_lowercase();
        let meridiem = ["a.m.", "p.m.", "am", "pm"]
            .iter()
            .find(|m| rest.starts_with(**m));
        if let Some(m) = meridiem {
            let value = |from: usize, len: usize| {
                chars[from..from + len]
                    .iter()
                    .collect::<String>()
                    .parse::<u128>()
                    .unwrap_or(0)
            };
            let (hour, minute) = (value(i, hour_len), value(minute_at, 2));
            if (1..=12).contains(&hour) && minute < 60 {
                out.push((i, j + m.len(), hour, minute));
            }
        }
        i = minute_at + 2;
    }
    out
}

// ------------------------------------------------------- missing in the row

/// English characters per Korean character below which a translation is
/// much shorter than its source. News English runs about 1.9 characters per
/// Korean character (2.2 on wire copy); half of that is a translation that
/// leaves something out, or a Korean paragraph that says more.
const SHORT_ENGLISH_RATIO: f64 = 0.9;
/// Below this ratio an English with fewer sentences than its Korean is
/// short too: a paragraph that lost one of its two sentences keeps about
/// 1.2 characters per Korean character, above the plain bar. On the gold
/// pairs of dev.jsonl and dev_noisy.jsonl this warns on 1% of correct ones.
const SHORT_ENGLISH_RATIO_FEWER_SENTENCES: f64 = 1.4;
/// Below this ratio an English with fewer sentences than a Korean of
/// several paragraphs is short for it: a row that joins two Korean
/// paragraphs to one English one is where a dropped paragraph hides, and
/// its English, once one paragraph is gone, is short of the 1.86
/// characters per Korean character news English runs (dev.jsonl's mean,
/// testdata/eval/SOURCE.md) though above the bar for one paragraph.
const SHORT_ENGLISH_RATIO_PARAGRAPHS: f64 = 1.86;
/// Korean shorter than this is not judged by length (a headline, a line).
const SHORT_ENGLISH_MIN_KOREAN: usize = 40;

fn short_english(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let ko = korean.chars().filter(|c| !c.is_whitespace()).count();
    let en = english.chars().filter(|c| !c.is_whitespace()).count();
    if ko < SHORT_ENGLISH_MIN_KOREAN {
        return;
    }
    let ratio = en as f64 / ko as f64;
    let paragraphs = korean
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    let message = if ratio < SHORT_ENGLISH_RATIO {
        format!(
            "The English is much shorter than the Korean ({en} characters for {ko}): part may be missing."
        )
    } else {
        let (ko_sentences, en_sentences) = (
            count_sentences(korean, false),
            count_sentences(english, true),
        );
        if en_sentences >= ko_sentences
            || ratio
                >= if paragraphs < 2 {
                    SHORT_ENGLISH_RATIO_FEWER_SENTENCES
                } else {
                    SHORT_ENGLISH_RATIO_PARAGRAPHS
                }
        {
            return;
        }
        format!(
            "The English has fewer sentences than the Korean ({en_sentences} for {ko_sentences}) and is short for it ({en} characters for {ko}): a sentence may be missing."
        )
    };
    findings.push(finding(
        Check::ShortEnglish,
        Severity::Warning,
        "row",
        message,
        Vec::new(),
    ));
}

fn omission_in_row(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let paragraphs: Vec<&str> = korean.split("\n\n").collect();
    if paragraphs.len() < 2 {
        return;
    }
    let mut en: Vec<Anchor> = anchors::english_anchors(english)
        .iter()
        .map(|f| f.anchor)
        .collect();
    en.extend(
        soft_number_words(english, Side::English)
            .iter()
            .map(|f| f.anchor),
    );
    for (_, _, hour, minute) in clock_times(english) {
        en.push(Anchor::Number(hour * 1000));
        en.push(Anchor::Number(minute * 1000));
    }
    let english_lower = english.to_lowercase();
    let mut offset = 0;
    for (n, paragraph) in paragraphs.iter().enumerate() {
        let length = paragraph.chars().count();
        let figures: Vec<Found> = anchors::korean_anchors(paragraph)
            .into_iter()
            .filter(|f| f.strength != Strength::Soft)
            .collect();
        let names: Vec<String> = anchors::korean_latin_words(paragraph)
            .into_iter()
            .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
            .collect();
        let own = figures.len() + names.len();
        let found = figures
            .iter()
            .filter(|f| {
                en.iter()
                    .any(|e| *e == f.anchor || loosely_equal(f.anchor, *e))
            })
            .count()
            + names
                .iter()
                .filter(|w| anchors::contains_word(&english_lower, w))
                .count();
        if own >= 2 && found == 0 {
            findings.push(finding(
                Check::OmissionInRow,
                Severity::Warning,
                &format!("paragraph{}", n + 1),
                format!(
                    "Korean paragraph {} of this row: none of its figures or names are in the English. Its translation may be missing.",
                    n + 1
                ),
                vec![Span {
                    side: Side::Korean,
                    start: offset,
                    end: offset + length,
                }],
            ));
        }
        offset += length + 2;
    }
}

// -------------------------------------------------------------- Latin terms

fn latin_terms(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let english_lower = english.to_lowercase();
    let mut seen = Vec::new();
    for word in anchors::korean_latin_words(korean) {
        if seen.contains(&word) || word.chars().filter(char::is_ascii_alphabetic).count() < 2 {
            continue;
        }
        seen.push(word.clone());
        if anchors::contains_word(&english_lower, &word) || unit_spelled_out(&word, &english_lower)
        {
            continue;
        }
        let spans = char_spans_ci(korean, &word)
            .into_iter()
            .map(|(start, end)| Span {
                side: Side::Korean,
                start,
                end,
            })
            .collect();
        let original = char_spans_ci(korean, &word)
            .first()
            .map(|&(s, e)| korean.chars().skip(s).take(e - s).collect::<String>())
            .unwrap_or(word.clone());
        findings.push(finding(
            Check::LatinTerms,
            Severity::Warning,
            &word,
            format!("{original} is in the Korean but not in the English."),
            spans,
        ));
    }
}

/// Whether a measurement of the Korean ("42km", "76kg") has its unit in
/// the English, spelled out or abbreviated ("42 kilometers", "42 km"); the
/// number itself is the numbers check's.
fn unit_spelled_out(word: &str, english_lower: &str) -> bool {
    const UNITS: &[(&str, &[&str])] = &[
        ("km", &["km", "kilometer", "kilometre"]),
        ("m", &["m", "meter", "metre"]),
        ("cm", &["cm", "centimeter", "centimetre"]),
        ("mm", &["mm", "millimeter", "millimetre"]),
        ("kg", &["kg", "kilogram", "kilo"]),
        ("g", &["g", "gram"]),
        ("t", &["t", "ton", "tonne"]),
        ("l", &["l", "liter", "litre"]),
        ("ml", &["ml", "milliliter", "millilitre"]),
        ("ha", &["ha", "hectare"]),
        ("kw", &["kw", "kilowatt"]),
        ("kwh", &["kwh", "kilowatt-hour", "kilowatt hour"]),
        ("mw", &["mw", "megawatt"]),
        ("gw", &["gw", "gigawatt"]),
        ("gb", &["gb", "gigabyte"]),
        ("tb", &["tb", "terabyte"]),
    ];
    let unit = word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    if unit.len() == word.len() || unit.is_empty() {
        return false;
    }
    UNITS
        .iter()
        .find(|(abbreviation, _)| *abbreviation == unit)
        .is_some_and(|(_, spellings)| {
            spellings.iter().any(|s| {
                english_lower
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .any(|w| {
                        w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                            .trim_end_matches('s')
                            == *s
                    })
            })
        })
}

/// Char ranges of `needle` (lower-case ASCII) in `text`, case-insensitive.
fn char_spans_ci(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let lower: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let needle: Vec<char> = needle.chars().collect();
    let mut spans = Vec::new();
    if needle.is_empty() {
        return spans;
    }
    let mut i = 0;
    while i + needle.len() <= lower.len() {
        if lower[i..i + needle.len()] == needle[..] {
            spans.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    spans
}

// ------------------------------------------------------------------- Hangul

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

fn hangul(english: &str, findings: &mut Vec<Finding>) {
    let chars: Vec<char> = english.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_hangul(chars[i]) {
            let start = i;
            while i < chars.len()
                && (is_hangul(chars[i])
                    || chars[i] == ' ' && chars.get(i + 1).is_some_and(|&c| is_hangul(c)))
            {
                i += 1;
            }
            spans.push(Span {
                side: Side::English,
                start,
                end: i,
            });
        } else {
            i += 1;
        }
    }
    if let Some(first) = spans.first() {
        let shown: String = chars[first.start..first.end].iter().collect();
        findings.push(finding(
            Check::HangulInEnglish,
            Severity::Error,
            "text",
            format!("Korean left in the English: {shown}"),
            spans,
        ));
    }
}

// ------------------------------------------------------------------- quotes

fn quotes(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let straight = english.chars().filter(|&c| c == '"').count();
    let open = english.chars().filter(|&c| c == '“').count();
    let close = english.chars().filter(|&c| c == '”').count();
    if straight % 2 == 1 || open != close {
        findings.push(finding(
            Check::Quotes,
            Severity::Warning,
            "balance",
            "The English has an unclosed quotation mark.".into(),
            quote_spans(english, Side::English),
        ));
    }
    let (ko_quotes, en_quotes) = (
        anchors::quotation_count(korean),
        anchors::quotation_count(english),
    );
    if ko_quotes >= 1.0 && en_quotes == 0.0 {
        findings.push(finding(
            Check::Quotes,
            Severity::Warning,
            "ko_only",
            "The Korean quotes someone directly; the English has no quotation.".into(),
            quote_spans(korean, Side::Korean),
        ));
    } else if en_quotes >= 1.0 && ko_quotes == 0.0 && !single_quoted(korean) {
        // Korean marks a name or a title with single quotes ('희망 2030',
        // ‘희망 2030’); English puts it in double quotes.
        findings.push(finding(
            Check::Quotes,
            Severity::Warning,
            "en_only",
            "The English has a quotation the Korean does not have.".into(),
            quote_spans(english, Side::English),
        ));
    }
}

/// Whether a text holds a pair of single quotes around something.
fn single_quoted(text: &str) -> bool {
    let curly = text.contains('‘') && text.contains('’');
    let straight = text
        .split('\'')
        .count()
        .checked_sub(1)
        .is_some_and(|marks| marks >= 2);
    curly || straight
}

fn quote_spans(text: &str, side: Side) -> Vec<Span> {
    text.chars()
        .enumerate()
        .filter(|(_, c)| matches!(c, '"' | '“' | '”' | '「' | '」' | '『' | '』'))
        .map(|(i, _)| Span {
            side,
            start: i,
            end: i + 1,
        })
        .collect()
}

// ------------------------------------------------------ doubled words, spaces

/// Words with their char ranges.
fn words(text: &str) -> Vec<(usize, usize, String)> {
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

fn doubled_words(english: &str, findings: &mut Vec<Finding>) {
    let chars: Vec<char> = english.chars().collect();
    let list = words(english);
    for pair in list.windows(2) {
        let ((s1, e1, w1), (s2, e2, w2)) = (&pair[0], &pair[1]);
        let only_space = chars[*e1..*s2].iter().all(|c| *c == ' ');
        if w1 == w2 && only_space && !w1.chars().all(|c| c.is_ascii_digit()) {
            findings.push(finding(
                Check::DoubledWord,
                Severity::Warning,
                &format!("{w1}@{s2}"),
                format!("“{w1} {w1}”: the word is doubled."),
                vec![
                    Span {
                        side: Side::English,
                        start: *s1,
                        end: *e1,
                    },
                    Span {
                        side: Side::English,
                        start: *s2,
                        end: *e2,
                    },
                ],
            ));
        }
    }
}

fn double_spaces(english: &str, findings: &mut Vec<Finding>) {
    let chars: Vec<char> = english.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == ' ' && chars[i + 1] == ' ' {
            let start = i;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            spans.push(Span {
                side: Side::English,
                start,
                end: i,
            });
        } else {
            i += 1;
        }
    }
    if !spans.is_empty() {
        findings.push(finding(
            Check::DoubleSpace,
            Severity::Warning,
            "text",
            format!("{} place(s) with two or more spaces in a row.", spans.len()),
            spans,
        ));
    }
}

/// Bidirectional controls and zero-width characters, by position: a warning
/// (they have their uses, in emoji and some scripts), never silent.
fn invisible(text: &str, side: Side, findings: &mut Vec<Finding>) {
    let spans: Vec<Span> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| crate::limits::is_invisible_format(*c))
        .map(|(at, _)| Span {
            side,
            start: at,
            end: at + 1,
        })
        .collect();
    let Some(first) = spans.first() else {
        return;
    };
    let code = text.chars().nth(first.start).map_or(0, u32::from);
    findings.push(finding(
        Check::Invisible,
        Severity::Warning,
        side.name(),
        format!(
            "{} invisible formatting character(s) in the {side}, the first U+{code:04X} at character {}.",
            spans.len(),
            first.start
        ),
        spans,
    ));
}

// -------------------------------------------------------------------- names

/// Romanized Korean family names, as English-language newsrooms write them.
const SURNAMES: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Jeong", "Kang", "Cho", "Jo", "Yoon", "Yun", "Jang",
    "Chang", "Lim", "Im", "Han", "Oh", "Seo", "Suh", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo",
    "Yu", "Ryu", "Hong", "Jeon", "Chun", "Ko", "Koh", "Moon", "Yang", "Son", "Sohn", "Bae", "Baek",
    "Paik", "Heo", "Huh", "Nam", "Noh", "Roh", "Ha", "Kwak", "Sung", "Cha", "Joo", "Woo", "Koo",
    "Min", "Na", "Jin", "Ji", "Chae", "Won", "Bang", "Hyun", "Byun", "Yeo", "Do", "Seok", "Ma",
    "Gil", "Yeon", "Wang", "Ban", "Ok", "Tak", "Eom", "Um",
];

/// A Korean name in romanized English: "Kim Yong-beom".
struct Name {
    text: String,
    start: usize,
    end: usize,
    /// Family name and the consonants of the given name: spellings of one
    /// name share it ("Yong-beom", "Yong-bum", "Yongbeom").
    key: String,
}

fn consonants(given: &str) -> String {
    given
        .chars()
        .filter(|c| {
            c.is_ascii_alphabetic()
                && !matches!(
                    c.to_ascii_lowercase(),
                    'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'y'
                )
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn names_in(english: &str) -> Vec<Name> {
    let list: Vec<(usize, usize, String)> = {
        let chars: Vec<char> = english.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_alphabetic() {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphabetic() || chars[i] == '-') {
                    i += 1;
                }
                out.push((start, i, chars[start..i].iter().collect::<String>()));
            } else {
                i += 1;
            }
        }
        out
    };
    let mut names = Vec::new();
    for pair in list.windows(2) {
        let ((s1, e1, family), (s2, e2, given)) = (&pair[0], &pair[1]);
        let adjacent = *s2 == e1 + 1;
        let given_ok = given.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && given.len() >= 4
            && given
                .chars()
                .skip(1)
                .all(|c| c.is_ascii_lowercase() || c == '-')
            && given.matches('-').count() <= 1;
        if adjacent && given_ok && SURNAMES.contains(&family.as_str()) && given.contains('-') {
            names.push(Name {
                text: format!("{family} {given}"),
                start: *s1,
                end: *e2,
                key: format!("{family}:{}", consonants(given)),
            });
        }
    }
    names
}

fn name_spelling(rows: &[(&str, &str)], all: &mut [Vec<Finding>]) {
    // Every spelling of each name, with the rows it is in.
    let mut spellings: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    let found: Vec<Vec<Name>> = rows.iter().map(|(_, en)| names_in(en)).collect();
    for (row, names) in found.iter().enumerate() {
        for name in names {
            let rows_of = spellings
                .entry(name.key.clone())
                .or_default()
                .entry(name.text.clone())
                .or_default();
            if !rows_of.contains(&row) {
                rows_of.push(row);
            }
        }
    }
    for (row, names) in found.iter().enumerate() {
        for name in names {
            let variants = &spellings[&name.key];
            if variants.len() < 2 {
                continue;
            }
            let others: Vec<String> = variants
                .iter()
                .filter(|(text, _)| **text != name.text)
                .map(|(text, rows)| {
                    let list: Vec<String> = rows.iter().map(|r| (r + 1).to_string()).collect();
                    format!("{text} (row {})", list.join(", "))
                })
                .collect();
            let key = name.text.clone();
            if all[row]
                .iter()
                .any(|f| f.check == Check::NameSpelling && f.key.ends_with(&key))
            {
                continue;
            }
            all[row].push(finding(
                Check::NameSpelling,
                Severity::Warning,
                &key,
                format!(
                    "{} here, but {} elsewhere: one spelling per person.",
                    name.text,
                    others.join("; ")
                ),
                vec![Span {
                    side: Side::English,
                    start: name.start,
                    end: name.end,
                }],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_formatting_is_a_warning_naming_its_place() {
        let findings = check_row("환율", "The won\u{202E} fell 3%.");
        let found = findings
            .iter()
            .find(|f| f.check == Check::Invisible)
            .expect("a finding");
        assert_eq!(found.severity, Severity::Warning);
        assert_eq!(found.spans[0].start, 7);
        assert!(
            found.message.contains("U+202E at character 7"),
            "{}",
            found.message
        );
        assert!(!blocks(found));
        assert!(
            check_row("환율", "The won fell 3%.")
                .iter()
                .all(|f| f.check != Check::Invisible)
        );
    }

    fn codes(ko: &str, en: &str) -> Vec<String> {
        check_row(ko, en).into_iter().map(|f| f.key).collect()
    }

    fn errors(ko: &str, en: &str) -> Vec<String> {
        check_row(ko, en)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn korean_units_and_conventions_match_their_english() {
        let correct = [
            (
                "정부는 3500억 달러를 투자한다.",
                "The government will invest $350 billion.",
            ),
            ("인구는 1억1천만 명이다.", "The population is 110 million."),
            ("물가가 15% 올랐다.", "Prices rose 15 percent."),
            ("관중 2만5천 명이 모였다.", "A crowd of 25,000 gathered."),
            ("2024년 매출이 늘었다.", "Sales grew in 2024."),
            (
                "한은은 10월 22일 금리를 동결했다.",
                "The BOK held rates on Oct. 22.",
            ),
            (
                "한은은 10월 22일 금리를 동결했다.",
                "The BOK held rates on October 22.",
            ),
            (
                "3분기 성장률은 0.6%였다.",
                "Growth in the third quarter was 0.6 percent.",
            ),
            (
                "기준금리는 연 3.5%다.",
                "The base rate is 3.5 percent a year.",
            ),
            (
                "그는 22일 기자회견을 열었다.",
                "He held a press conference on Nov. 22.",
            ),
            ("토요일에 열린다.", "It will be held on Saturday."),
        ];
        for (ko, en) in correct {
            assert_eq!(errors(ko, en), Vec::<String>::new(), "{ko} / {en}");
        }
    }

    #[test]
    fn a_number_word_counts_once() {
        let found = check_row(
            "요금 인상은 8년 만이다.",
            "It is the first increase in eight years.",
        );
        assert!(found.is_empty(), "{found:?}");
        let found = check_row("18개 주가 지지했다.", "Eighteen states supported it.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn wrong_missing_and_invented_numbers_are_errors() {
        let wrong = [
            (
                "정부는 3500억 달러를 투자한다.",
                "The government will invest $35 billion.",
            ),
            ("인구는 1억1천만 명이다.", "The population is 11 million."),
            ("물가가 15% 올랐다.", "Prices rose 1.5 percent."),
            (
                "한은은 10월 22일 금리를 동결했다.",
                "The BOK held rates on Oct. 23.",
            ),
            (
                "3분기 성장률은 0.6%였다.",
                "Growth in the third quarter was strong.",
            ),
            ("매출이 늘었다.", "Sales grew 12 percent."),
        ];
        for (ko, en) in wrong {
            assert!(!errors(ko, en).is_empty(), "missed: {ko} / {en}");
        }
        let found = check_row(
            "정부는 3500억 달러를 투자한다.",
            "The government will invest $35 billion.",
        );
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.contains(&"3500억 (350,000,000,000) in the Korean is not in the English."),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"35 billion in the English is not in the Korean."),
            "{messages:?}"
        );
        let korean_span = &found[0].spans[0];
        assert_eq!(
            (korean_span.side, korean_span.start, korean_span.end),
            (Side::Korean, 4, 9)
        );
    }

    #[test]
    fn latin_terms_of_the_korean_must_reach_the_english() {
        assert!(codes("APEC 정상회의가 열렸다.", "The APEC summit opened.").is_empty());
        assert!(
            codes(
                "미 연준(Fed)이 금리를 올렸다.",
                "The U.S. Fed raised rates."
            )
            .is_empty()
        );
        assert!(codes("김용범(Kim Yong-beom) 차관", "Vice Minister Kim Yong-beom").is_empty());
        assert_eq!(
            codes("APEC 정상회의가 열렸다.", "The summit opened."),
            ["latin_terms:apec"]
        );
        let found = check_row(
            "미 연준(Fed)이 금리를 올렸다.",
            "The central bank raised rates.",
        );
        assert_eq!(
            found[0].message,
            "Fed is in the Korean but not in the English."
        );
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn hangul_left_in_the_english_is_an_error() {
        let found = check_row(
            "서울시가 발표했다.",
            "The Seoul 시 government announced it.",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].check, Check::HangulInEnglish);
        assert_eq!((found[0].spans[0].start, found[0].spans[0].end), (10, 11));
        assert!(
            check_row(
                "서울시가 발표했다.",
                "The Seoul city government announced it."
            )
            .is_empty()
        );
    }

    #[test]
    fn rows_missing_a_side_are_errors() {
        assert_eq!(codes("가계부채가 늘었다.", ""), ["missing_english:row"]);
        assert_eq!(codes("", "Household debt rose."), ["missing_korean:row"]);
        assert!(codes("", "").is_empty());
    }

    #[test]
    fn quotes_balanced_and_on_both_sides() {
        let ko = "그는 \"물가가 여전히 높다\"고 말했다.";
        assert!(codes(ko, "\"Inflation is still high,\" he said.").is_empty());
        assert!(codes(ko, "“Inflation is still high,” he said.").is_empty());
        assert_eq!(
            codes(ko, "\"Inflation is still high, he said."),
            ["quotes:balance"]
        );
        assert_eq!(
            codes(ko, "He said inflation was still high."),
            ["quotes:ko_only"]
        );
        assert_eq!(
            codes(
                "그는 물가가 높다고 말했다.",
                "\"Prices are high,\" he said."
            ),
            ["quotes:en_only"]
        );
    }

    #[test]
    fn doubled_words_and_spaces() {
        assert_eq!(
            codes("그는 떠났다.", "He left the the office."),
            ["doubled_word:the@12"]
        );
        assert_eq!(
            codes("그는 떠났다.", "He left  the office."),
            ["double_space:text"]
        );
        assert!(codes("그는 떠났다.", "He left the office. The office closed.").is_empty());
        // Paragraph breaks are not double spaces.
        assert!(codes("그는 떠났다.", "He left.\n\nShe stayed.").is_empty());
    }

    #[test]
    fn a_name_spelled_two_ways_is_flagged_in_both_rows() {
        let rows = [
            (
                "김용범 차관이 말했다.",
                "Vice Minister Kim Yong-beom spoke.",
            ),
            (
                "그는 덧붙였다.",
                "Kim Yong-bum added that rates would rise.",
            ),
            ("이창용 총재", "Governor Rhee Chang-yong"),
        ];
        let all = check_article(&rows);
        assert_eq!(all[0].len(), 1, "{:?}", all[0]);
        assert_eq!(
            all[0][0].message,
            "Kim Yong-beom here, but Kim Yong-bum (row 2) elsewhere: one spelling per person."
        );
        assert_eq!(all[1][0].check, Check::NameSpelling);
        assert!(all[2].is_empty());
        // Different people with the same family name are not one name.
        let rows = [("", "Kim Yong-beom spoke."), ("", "Kim Min-ji wrote.")];
        assert!(
            check_article(&rows)
                .iter()
                .flatten()
                .all(|f| f.check != Check::NameSpelling)
        );
    }

    #[test]
    fn only_errors_block() {
        let found = check_row(
            "APEC 정상회의가 열렸다.",
            "The summit opened with 21 leaders.",
        );
        assert!(found.iter().any(blocks));
        assert!(found.iter().any(|f| !blocks(f)));
    }

    /// Correct English the checks used to block (issue 18): each case must
    /// give no error, and the listed keys at most as warnings.
    #[test]
    fn correct_english_is_not_blocked() {
        let cases: [(&str, &str, &[&str]); 7] = [
            (
                "1년 만기 국채 금리가 올랐다.",
                "The one-year Treasury yield rose.",
                &[],
            ),
            (
                "5년 만에 처음이다.",
                "It is the first time in five years.",
                &[],
            ),
            (
                "정부는 3200억 원을 투자한다.",
                "The government will invest 320 bln won.",
                &[],
            ),
            (
                "수출은 2.5조 원, 수입은 450만 달러였다.",
                "Exports were 2.5 tn won and imports $4.5 mln.",
                &[],
            ),
            (
                "정부는 3200억 원을 투자한다.",
                "The government will invest 320 billion won ($240 million).",
                &["numbers:en:n240000000000"],
            ),
            (
                "마라톤 코스는 42km다.",
                "The marathon course is 42 kilometers long.",
                &[],
            ),
            (
                "정부는 '희망 2030' 계획을 발표했다.",
                "The government announced its \"Hope 2030\" plan.",
                &[],
            ),
        ];
        for (ko, en, allowed) in cases {
            let found = check_row(ko, en);
            let errors: Vec<&Finding> = found.iter().filter(|f| blocks(f)).collect();
            assert!(errors.is_empty(), "{ko} / {en}: {errors:#?}");
            for f in &found {
                assert!(
                    allowed.contains(&f.key.as_str()),
                    "{ko} / {en}: unexpected {f:#?}"
                );
            }
        }
        // A wrong figure is still an error.
        assert!(
            !errors(
                "정부는 3200억 원을 투자한다.",
                "The government will invest 32 bln won."
            )
            .is_empty()
        );
        assert!(!errors("1년 만기 국채", "The two-year Treasury").is_empty());
    }

    /// A weekday or month the English adds is a warning to check against
    /// the calendar; a Korean one the English lacks or changes blocks.
    #[test]
    fn a_day_the_english_adds_is_a_warning_a_day_it_changes_an_error() {
        let added = check_row(
            "트럼프가 웨스트버지니아주를 방문한다.",
            "Trump will visit West Virginia on Saturday.",
        );
        assert_eq!(added.len(), 1, "{added:#?}");
        assert_eq!(added[0].severity, Severity::Warning);
        assert!(added[0].message.contains("Check it against the calendar"));
        let month = check_row(
            "워런은 재선에 도전한다.",
            "Warren is running for re-election in November.",
        );
        assert!(
            month.iter().all(|f| f.severity == Severity::Warning),
            "{month:#?}"
        );
        assert!(!month.is_empty());
        // 금요일 in the Korean, Sunday in the English: the Korean's day is
        // missing, and that blocks.
        assert!(
            !errors(
                "인터뷰는 9월 30일 금요일에 들을 수 있다.",
                "You can listen to the interview on Sunday, 30 September."
            )
            .is_empty()
        );
    }

    /// The way English news writes a figure the Korean writes otherwise:
    /// a clock time, a war's number, "a" for 1, decades, a spaced Korean
    /// number, a weekday for the day of the month. None blocks.
    #[test]
    fn figures_written_the_english_way_do_not_block() {
        let cases: [(&str, &str); 8] = [
            (
                "그는 오전 4시 40분에 시장에 들어갔다.",
                "He entered the market at 4.40 am.",
            ),
            ("그는 오후 7시 30분에 연설한다.", "He speaks at 7:30 p.m."),
            ("1차 세계 대전 기념식이 열렸다.", "A WW1 memorial was held."),
            (
                "그는 1달 안에 법정에 출두해야 한다.",
                "He must appear in court within a month.",
            ),
            (
                "지난 20년 동안 사고는 없었다.",
                "There were no crashes in the past two decades.",
            ),
            (
                "22 억 5 천만 명이 370 억 달러의 영향을 받는다.",
                "It affects 2.25 billion people and $37 billion.",
            ),
            (
                "워런 의원은 25일 출마를 검토하겠다고 밝혔다.",
                "Senator Warren said on Saturday she would consider running.",
            ),
            (
                "그들은 2차 경기에서 승리했다.",
                "They won the return match.",
            ),
        ];
        for (ko, en) in cases {
            let errors: Vec<Finding> = check_row(ko, en).into_iter().filter(blocks).collect();
            assert!(errors.is_empty(), "{ko} / {en}: {errors:#?}");
        }
        // The same figures, wrong, still block.
        for (ko, en) in [
            ("그는 오전 4시 40분에 도착했다.", "He arrived at 5.40 am."),
            ("지난 20년 동안", "in the past three decades"),
            ("22 억 5 천만 명", "2.5 billion people"),
            (
                "워런 의원은 25일 밝혔다.",
                "Warren said on Saturday, Nov. 26.",
            ),
        ] {
            assert!(check_row(ko, en).iter().any(blocks), "{ko} / {en}");
        }
    }

    #[test]
    fn a_paragraph_left_out_inside_a_row_and_a_cut_short_english_are_warned_of() {
        // Two Korean paragraphs, one English: the second paragraph's
        // figures and names are nowhere in the English.
        let ko = "서울시는 지하철 기본요금을 150원 올린다고 밝혔다.\n\n시는 2025년까지 KTX 연계 노선에 3200억 원을 투자할 계획이다.";
        let en = "Seoul will raise the base subway fare by 150 won, the city said.";
        let found = check_row(ko, en);
        let omission = found
            .iter()
            .find(|f| f.check == Check::OmissionInRow)
            .expect("the second paragraph is flagged");
        assert_eq!(omission.key, "omission_in_row:paragraph2");
        assert_eq!(omission.severity, Severity::Warning);
        assert_eq!(
            omission.spans[0].start,
            ko.split("\n\n").next().unwrap().chars().count() + 2
        );
        // With both translated, no such warning.
        let both = "Seoul will raise the base subway fare by 150 won. It plans to invest 320 billion won in KTX links by 2025.";
        assert!(
            check_row(ko, both)
                .iter()
                .all(|f| f.check != Check::OmissionInRow)
        );

        // English cut short: a warning, not a block; a full one: nothing.
        let short_warning = |ko: &str, en: &str| {
            check_row(ko, en)
                .into_iter()
                .find(|f| f.check == Check::ShortEnglish)
        };
        let ko = "국제유가는 전날보다 배럴당 61센트 오른 30.45달러에 거래를 마쳤으며 장중 한때 30.48달러까지 치솟아 9년 만에 최고치를 기록했다.";
        let cut = "jumped 61 cents to $30.45 a barrel.";
        assert!(short_warning(ko, cut).is_some_and(|f| !blocks(&f)));
        let full = "Oil rose 61 cents to $30.45 a barrel, after touching $30.48 during the session, the highest in nine years.";
        assert!(short_warning(ko, full).is_none());

        // A paragraph that lost one of its two sentences: long enough for
        // the plain bar, but a sentence short.
        let ko = "정부는 내년 예산안을 656조 원 규모로 편성했다고 밝혔다. 이는 올해보다 2.8% 늘어난 것으로, 2005년 이후 가장 낮은 증가율이다.";
        let lost = "The government said it drew up a budget of 656 trillion won for next year.";
        let short = short_warning(ko, lost).expect("a sentence short is warned of");
        assert!(
            short.message.contains("fewer sentences"),
            "{}",
            short.message
        );
        assert!(!blocks(&short));
        let whole = "The government said it drew up a budget of 656 trillion won for next year. That is 2.8% more than this year, the smallest rise since 2005.";
        assert!(short_warning(ko, whole).is_none());
        // One English sentence for two Korean ones, at full length: joined, not cut.
        let joined = "The government said it drew up a budget of 656 trillion won for next year, 2.8% more than this year and the smallest rise since 2005.";
        assert!(short_warning(ko, joined).is_none());

        // Two Korean paragraphs in one row, the second (no figures, no
        // names) with no English: the English has fewer sentences and is
        // shorter than news English usually runs, though above the bar of a
        // single paragraph. Translated whole, or with the two Korean
        // sentences joined into one English sentence at full length, not.
        let ko = "정부는 내년 예산안을 국무회의에서 최종 확정했다고 밝혔다.\n\n야당은 즉각 반발하며 전면 재검토를 요구했다.";
        let first_only = "The government said the cabinet had given final approval to next year's budget proposal.";
        let short = short_warning(ko, first_only).expect("a paragraph with no English");
        assert!(
            short.message.contains("fewer sentences"),
            "{}",
            short.message
        );
        assert!(!blocks(&short));
        let whole = "The government said the cabinet had given final approval to next year's budget. The opposition pushed back at once and demanded a full review.";
        assert!(short_warning(ko, whole).is_none());
        let joined = "The government said the cabinet had given final approval to next year's budget proposal, and the opposition immediately objected and demanded that it be reviewed again from the start.";
        assert!(short_warning(ko, joined).is_none());
    }
}
