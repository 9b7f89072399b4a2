//! Numbers, dates and weekdays: each one of the Korean must be in the
//! English and each one of the English in the Korean, read by the aligner's
//! anchors ([`crate::align::anchors`]), with the number words the anchors
//! leave to this check.

use super::*;
use crate::numerals;

pub(super) fn key_of(anchor: Anchor) -> String {
    match anchor {
        Anchor::Number(v) => format!("n{v}"),
        Anchor::Date { month, day } => format!("d{month}-{day}"),
        Anchor::Month(m) => format!("m{m}"),
        Anchor::Weekday(d) => format!("w{d}"),
    }
}

pub(super) fn text_of(text: &str, at: (u32, u32)) -> String {
    text.chars()
        .skip(at.0 as usize)
        .take((at.1 - at.0) as usize)
        .collect()
}

/// Whether two anchors left over after exact matching still say the same:
/// a day without its month in Korean (`22일`) and a full date in English.
pub(super) fn loosely_equal(ko: Anchor, en: Anchor) -> bool {
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
pub(super) fn soft_number_words(text: &str, side: Side) -> Vec<Found> {
    // A decade or the teens count ten years.
    let english = |word: &str| match word {
        "decade" | "decades" | "teenagers" | "teens" => Some(10),
        _ => numerals::english_cardinal(word),
    };
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
                before = english(&word)
                    .filter(|v| (2..=9).contains(v))
                    .map(|v| (start, v));
                // "fifty-eight", and the number that begins a compound
                // ("one-year", "five-day", "twenty-one-year-old").
                let value: u128 = word.split('-').map_while(english).sum();
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
            let unit_of = numerals::korean_unit;
            let tens_of = numerals::korean_tens;
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
pub(super) fn unmatched(side: Side, text: &str, left: &[&Found], findings: &mut Vec<Finding>) {
    let mut by_value: BTreeMap<Anchor, Vec<&Found>> = BTreeMap::new();
    for found in left {
        by_value.entry(found.anchor).or_default().push(found);
    }
    for (anchor, found) in by_value {
        let shown = text_of(text, found[0].at);
        let key = match side {
            Side::Korean => format!("ko:{}", key_of(anchor)),
            Side::English => format!("en:{}", key_of(anchor)),
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
        let (severity, said) = if added {
            (Severity::Warning, Said::ConversionAdded { shown })
        } else if made_explicit {
            (Severity::Warning, Said::DayOrMonthAdded { shown })
        } else if side == Side::Korean {
            (
                Severity::Error,
                Said::KoreanFigureMissing {
                    shown,
                    value: anchor,
                },
            )
        } else {
            (Severity::Error, Said::EnglishFigureMissing { shown })
        };
        findings.push(finding(Check::Numbers, severity, &key, said, spans));
    }
}

/// Whether the chars `at` of `text` sit in a short parenthesis that gives
/// an amount in another currency or an approximation: "($240 million)",
/// "(about 1.2 trillion won)", "(US$3 billion)".
pub(super) fn in_conversion(text: &str, at: (u32, u32)) -> bool {
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

pub(super) fn numbers(korean: &str, english: &str, findings: &mut Vec<Finding>) {
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
                Said::CountDiffers {
                    value: anchor,
                    korean: in_ko,
                    english: in_en,
                },
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
                Said::DayAndWeekday {
                    day: text_of(korean, day.at),
                    weekday: text_of(english, weekday.at),
                },
                vec![
                    Span {
                        side: Side::Korean,
                        start: day.at.0 as usize,
                        end: day.at.1 as usize,
                    },
                    Span {
                        side: Side::English,
                        start: weekday.at.0 as usize,
                        end: weekday.at.1 as usize,
                    },
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
            Said::SmallNumberAsWord {
                shown: text_of(korean, k.at),
            },
            vec![Span {
                side: Side::Korean,
                start: k.at.0 as usize,
                end: k.at.1 as usize,
            }],
        ));
    }
    // What is left is missing on one side.
    unmatched(Side::Korean, korean, &ko_left, findings);
    unmatched(Side::English, english, &en_left, findings);
}

/// Clock times of an English text written with a full stop or a colon
/// before the minutes and a.m. or p.m. after ("4.40 am", "7:30 p.m."):
/// their char range, the hour and the minutes.
pub(super) fn clock_times(english: &str) -> Vec<(usize, usize, u128, u128)> {
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
