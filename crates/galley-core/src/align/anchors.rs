//! Cross-script anchors: things that survive translation unchanged in
//! meaning and can be recognized on both sides without a dictionary.
//!
//! * numbers, with Korean units understood: 만, 억 and 조 scale a group of
//!   digits, 천, 백 and 십 scale within a group, so `3500억` is 350,000,000,000
//!   like `350 billion`, `1억1천만` is 110,000,000 and `2만5천` is 25,000;
//!   `15%`, `15퍼센트` and `15 percent` are all 15;
//! * calendar dates and parts of them: `10월 22일` and `Oct. 22` are the same
//!   date, `10월` and `October` the same month, `토요일` and `Saturday` the
//!   same weekday;
//! * Latin-script words inside Korean text (`APEC`, `KSWB-TV`, a name in
//!   parentheses), which a translation carries over as they are;
//! * direct quotations.
//!
//! English number words (`three`, `third`) are *soft* anchors: they may match
//! a Korean digit, but an English number word without a counterpart is not
//! evidence of anything (`one of the`, `for the first time`).

use std::ops::Range;

use crate::numerals;

/// One anchor found in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Anchor {
    /// A number, in thousandths (so `3.5` is 3,500).
    Number(u128),
    /// A month and day.
    Date {
        /// 1 to 12.
        month: u8,
        /// 1 to 31.
        day: u8,
    },
    /// A month named without a day.
    Month(u8),
    /// A day of the week, Monday = 1.
    Weekday(u8),
}

/// How much an anchor should count as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// May match, never counts against a pairing when unmatched.
    Soft,
    /// Small numbers and the like: common, weak evidence.
    Weak,
    /// Specific: large numbers, dates, years.
    Strong,
}

/// An anchor with its strength, as found in one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// What was found.
    pub anchor: Anchor,
    /// How much it counts.
    pub strength: Strength,
    /// Where it is in the paragraph: a half-open range of char offsets.
    pub at: (u32, u32),
}

const MILLI: u128 = 1000;

fn strength_of_number(value: u128) -> Strength {
    // Below 10, or round tens below 100, are everywhere ("two people",
    // "the 20 members"): weak. Everything else is specific enough.
    let whole = value / MILLI;
    if value % MILLI == 0 && (whole < 10 || (whole < 100 && whole % 10 == 0)) {
        Strength::Weak
    } else {
        Strength::Strong
    }
}

fn number(value: u128, start: usize, end: usize) -> Found {
    Found {
        anchor: Anchor::Number(value),
        strength: strength_of_number(value),
        at: span(start, end),
    }
}

fn span(start: usize, end: usize) -> (u32, u32) {
    (
        u32::try_from(start).unwrap_or(u32::MAX),
        u32::try_from(end).unwrap_or(u32::MAX),
    )
}

/// A run of ASCII digits with thousands separators and a decimal part,
/// starting at `chars[start]`. Returns the value in thousandths and the index
/// just past it.
fn scan_decimal(chars: &[char], start: usize) -> Option<(u128, usize)> {
    let mut i = start;
    let mut whole: u128 = 0;
    let mut digits = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            whole = whole.checked_mul(10)?.checked_add(u128::from(d))?;
            digits += 1;
            i += 1;
        } else if c == ','
            && digits > 0
            && i + 3 < chars.len() + 1
            && chars[i + 1..]
                .iter()
                .take(3)
                .filter(|c| c.is_ascii_digit())
                .count()
                == 3
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            i += 1;
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    let mut value = whole.checked_mul(MILLI)?;
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        i += 1;
        let mut scale = 100;
        while let Some(d) = chars.get(i).filter(|c| c.is_ascii_digit()) {
            value += u128::from(d.to_digit(10)?) * scale;
            scale /= 10;
            i += 1;
        }
    }
    Some((value, i))
}

/// Anchors of a Korean paragraph.
pub fn korean_anchors(text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(day) = korean_weekday_at(&chars, i) {
            found.push(Found {
                anchor: Anchor::Weekday(day),
                strength: Strength::Strong,
                at: span(i, i + 3),
            });
            i += 3;
            continue;
        }
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let Some((value, end)) = scan_korean_number(&chars, i) else {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        };
        let start = i;
        i = end;
        // Calendar units directly after the number.
        let whole = value / MILLI;
        let is_whole = value % MILLI == 0;
        match chars.get(i) {
            Some('월')
                if is_whole
                    && (1..=12).contains(&whole)
                    && korean_weekday_at(&chars, i).is_none() =>
            {
                let month = whole as u8;
                let mut j = i + 1;
                if chars.get(j) == Some(&' ') {
                    j += 1;
                }
                if let Some((day, after)) = scan_decimal(&chars, j).filter(|&(day, after)| {
                    day % MILLI == 0
                        && (1..=31).contains(&(day / MILLI))
                        && chars.get(after) == Some(&'일')
                }) {
                    found.push(Found {
                        anchor: Anchor::Date {
                            month,
                            day: (day / MILLI) as u8,
                        },
                        strength: Strength::Strong,
                        at: span(start, after + 1),
                    });
                    i = after + 1;
                } else {
                    found.push(Found {
                        anchor: Anchor::Month(month),
                        strength: Strength::Strong,
                        at: span(start, i + 1),
                    });
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        found.push(number(value, start, i));
    }
    found
}

/// A Korean number with its units, starting with a digit at `chars[start]`.
fn scan_korean_number(chars: &[char], start: usize) -> Option<(u128, usize)> {
    let mut total: u128 = 0;
    let mut group: u128 = 0;
    let mut i = start;
    let mut seen_any = false;
    loop {
        let (digits, after) = match scan_decimal(chars, i) {
            Some(pair) => pair,
            None if seen_any => break,
            None => return None,
        };
        seen_any = true;
        i = after;
        let mut value = digits;
        // "22 억 5 천만": a space may stand between a number and its unit.
        if chars.get(i) == Some(&' ')
            && chars
                .get(i + 1)
                .is_some_and(|&c| small_unit(c).is_some() || big_unit(c).is_some())
        {
            i += 1;
        }
        if let Some(small) = chars.get(i).and_then(|&c| small_unit(c)) {
            value = value.checked_mul(small)?;
            i += 1;
        }
        group = group.checked_add(value)?;
        if let Some(big) = chars.get(i).and_then(|&c| big_unit(c)) {
            total = total.checked_add(group.checked_mul(big)?)?;
            group = 0;
            i += 1;
            // "7만 7천": a space may separate the groups when the next group
            // carries a unit of its own.
            if chars.get(i) == Some(&' ') && continues_with_unit(chars, i + 1) {
                i += 1;
            }
        }
        if !chars.get(i).is_some_and(char::is_ascii_digit) {
            break;
        }
    }
    total = total.checked_add(group)?;
    // 퍼센트 / 프로 / % all mean percent; the number is what matters.
    Some((total, i))
}

/// Whether `chars[at..]` is digits followed by a Korean unit.
fn continues_with_unit(chars: &[char], at: usize) -> bool {
    let digits = chars[at.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let unit_at = if chars.get(at + digits) == Some(&' ') {
        at + digits + 1
    } else {
        at + digits
    };
    digits > 0
        && chars
            .get(unit_at)
            .is_some_and(|&c| small_unit(c).is_some() || big_unit(c).is_some())
}

fn small_unit(c: char) -> Option<u128> {
    match c {
        '천' => Some(1_000),
        '백' => Some(100),
        '십' => Some(10),
        _ => None,
    }
}

fn big_unit(c: char) -> Option<u128> {
    match c {
        '만' => Some(10_000),
        '억' => Some(100_000_000),
        '조' => Some(1_000_000_000_000),
        _ => None,
    }
}

fn korean_weekday_at(chars: &[char], i: usize) -> Option<u8> {
    if chars.get(i + 1) != Some(&'요') || chars.get(i + 2) != Some(&'일') {
        return None;
    }
    // The day name must start a word: "매주 토요일" yes, "이번주월요일" is rare.
    let day = match chars[i] {
        '월' => 1,
        '화' => 2,
        '수' => 3,
        '목' => 4,
        '금' => 5,
        '토' => 6,
        '일' => 7,
        _ => return None,
    };
    Some(day)
}

/// Latin-script words inside a Korean paragraph, lower-cased, each with a
/// weight: one-letter words count for less.
pub fn korean_latin_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in
        text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '&' | '\'')))
    {
        let word = raw.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if word.chars().any(|c| c.is_ascii_alphabetic()) {
            words.push(word.to_ascii_lowercase());
        }
    }
    words
}

/// Whether `word` (lower-case) occurs as a whole word in `haystack` (lower-case).
pub fn contains_word(haystack: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    haystack.match_indices(word).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Byte offsets in `text` where a run of ASCII letters and digits begins:
/// the only places a whole word that starts with one can begin.
pub fn word_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&at| {
            bytes[at].is_ascii_alphanumeric() && !(at > 0 && bytes[at - 1].is_ascii_alphanumeric())
        })
        .map(|at| at as u32)
        .collect()
}

/// [`contains_word`], looking only at the word starts of `haystack` (from
/// [`word_starts`]): a pair of paragraphs is checked word by word, with no
/// substring search to set up for each.
pub fn contains_word_at(haystack: &str, starts: &[u32], word: &str) -> bool {
    let (bytes, word_bytes) = (haystack.as_bytes(), word.as_bytes());
    let Some(&first) = word_bytes.first().filter(|b| b.is_ascii_alphanumeric()) else {
        return contains_word(haystack, word);
    };
    starts.iter().any(|&at| {
        let at = at as usize;
        bytes[at] == first
            && bytes[at..].starts_with(word_bytes)
            && !bytes
                .get(at + word_bytes.len())
                .is_some_and(u8::is_ascii_alphanumeric)
    })
}

const MONTHS: [(&str, u8); 23] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// An English number word the aligner counts as a soft anchor: cardinals
/// from two (a lone "one" is as often a pronoun as a number), ordinals,
/// "dozen" and "hundred".
fn number_word(word: &str) -> Option<u128> {
    match word {
        "dozen" => Some(12),
        "hundred" => Some(100),
        _ => numerals::english_cardinal(word)
            .filter(|value| *value >= 2)
            .or_else(|| numerals::english_ordinal(word)),
    }
}

/// English words with their offsets in `chars`, lower-cased, split at
/// anything that is not a letter or digit.
/// The words of an English text: where each starts and ends (in `chars`)
/// and the word lower-cased, all in one buffer.
struct EnglishWords {
    lower: String,
    spans: Vec<(usize, usize, Range<usize>)>,
}

impl EnglishWords {
    fn new(chars: &[char]) -> EnglishWords {
        let mut words = EnglishWords {
            lower: String::with_capacity(chars.len()),
            spans: Vec::new(),
        };
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            let from = words.lower.len();
            while i < chars.len() && chars[i].is_alphabetic() {
                words.lower.extend(chars[i].to_lowercase());
                i += 1;
            }
            words.spans.push((start, i, from..words.lower.len()));
        }
        words
    }

    fn iter(&self) -> impl Iterator<Item = (usize, usize, &str)> {
        self.spans
            .iter()
            .map(|(start, end, at)| (*start, *end, &self.lower[at.clone()]))
    }

    /// The word that starts at `start`, if one does.
    fn starting_at(&self, start: usize) -> Option<(usize, usize, &str)> {
        let k = self.spans.binary_search_by_key(&start, |w| w.0).ok()?;
        let (start, end, at) = &self.spans[k];
        Some((*start, *end, &self.lower[at.clone()]))
    }
}

/// Anchors of an English paragraph.
pub fn english_anchors(text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let words = EnglishWords::new(&chars);
    let word_after = |at: usize| {
        let mut j = at;
        while j < chars.len() && matches!(chars[j], ' ' | '-') {
            j += 1;
        }
        words.starting_at(j)
    };
    // Days that belong to a month name, so they are not counted twice.
    let mut used_digits = vec![false; chars.len()];

    for (start, end, word) in words.iter() {
        let capitalized = chars[start].is_uppercase();
        if capitalized {
            if let Some(&(_, month)) = MONTHS.iter().find(|(name, _)| *name == word) {
                // "May" and "March" are also words; only take them near a day
                // number, or spelled as a whole capitalized month otherwise.
                let mut j = end;
                if chars.get(j) == Some(&'.') {
                    j += 1;
                }
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                // "Oct. 22", not "Oct. 22,000" nor "Oct. 2,345".
                let day_after = scan_decimal(&chars, j)
                    .filter(|&(_, after)| {
                        !chars.get(after).is_some_and(|c| {
                            c.is_ascii_digit()
                                || *c == ','
                                    && chars.get(after + 1).is_some_and(char::is_ascii_digit)
                        })
                    })
                    .map(|(day, after)| (day, j, after));
                // "22 October": the day before the month.
                let day_before = (start >= 2 && chars[start - 1] == ' ')
                    .then(|| {
                        let mut k = start - 1;
                        while k > 0 && chars[k - 1].is_ascii_digit() {
                            k -= 1;
                        }
                        (k < start - 1 && (k == 0 || !chars[k - 1].is_alphanumeric()))
                            .then(|| scan_decimal(&chars, k).map(|(d, _)| (d, k, start - 1)))
                            .flatten()
                    })
                    .flatten();
                let is_day = |&(day, _, _): &(u128, usize, usize)| {
                    day % MILLI == 0 && (1..=31).contains(&(day / MILLI))
                };
                if let Some((day, from, to)) =
                    day_after.filter(is_day).or(day_before.filter(is_day))
                {
                    found.push(Found {
                        anchor: Anchor::Date {
                            month,
                            day: (day / MILLI) as u8,
                        },
                        strength: Strength::Strong,
                        at: span(start.min(from), end.max(to)),
                    });
                    used_digits[from..to].iter_mut().for_each(|u| *u = true);
                } else if word.len() > 3 && word != "march" && word != "may" {
                    found.push(Found {
                        anchor: Anchor::Month(month),
                        strength: Strength::Strong,
                        at: span(start, end),
                    });
                }
                continue;
            }
            if let Some(day) = WEEKDAYS.iter().position(|name| *name == word) {
                found.push(Found {
                    anchor: Anchor::Weekday(day as u8 + 1),
                    strength: Strength::Strong,
                    at: span(start, end),
                });
                continue;
            }
        }
        if let Some(value) = number_word(word) {
            let mut value = value * MILLI;
            let mut last = end;
            if let Some((_, scale_end, scale)) = word_after(end)
                .and_then(|(_, e, next)| numerals::english_scale(next).map(|scale| (0, e, scale)))
            {
                value *= scale;
                last = scale_end;
            }
            found.push(Found {
                anchor: Anchor::Number(value),
                strength: Strength::Soft,
                at: span(start, last),
            });
        }
    }

    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && !used_digits[i]
            && (i == 0 || !(chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let Some((mut value, end)) = scan_decimal(&chars, i) else {
            i += 1;
            continue;
        };
        let start = i;
        i = end;
        // "350 billion", "350bn", "1.5m".
        let scale = if chars.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
            words
                .starting_at(end)
                .and_then(|(_, e, w)| numerals::english_scale(w).map(|scale| (scale, e)))
        } else {
            // Spaced, a scale is a word or a wire service's abbreviation
            // ("320 bln", "2.5 tn"), never a lone letter ("5 m" is metres).
            word_after(end).and_then(|(_, e, w)| {
                numerals::english_scale(w)
                    .filter(|_| w.len() >= 2)
                    .map(|scale| (scale, e))
            })
        };
        let mut last = end;
        if let Some((scale, scale_end)) = scale {
            value = value.saturating_mul(scale);
            last = scale_end;
        }
        found.push(number(value, start, last));
    }
    found
}

/// Number of direct quotations opened in a paragraph: double quotes of any
/// style and the Korean corner brackets. A straight `"` opens and closes, so
/// it counts as half.
pub fn quotation_count(text: &str) -> f64 {
    let mut count = 0.0;
    for c in text.chars() {
        match c {
            '“' | '「' | '『' | '«' => count += 1.0,
            '"' => count += 0.5,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(found: &[Found]) -> Vec<u128> {
        found
            .iter()
            .filter_map(|f| match f.anchor {
                Anchor::Number(v) if f.strength != Strength::Soft => Some(v / MILLI),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn korean_units_scale_groups() {
        let cases: [(&str, u128); 11] = [
            ("3500억 달러", 350_000_000_000),
            ("1억1천만 명", 110_000_000),
            ("2만5천 명", 25_000),
            ("5천만 원", 50_000_000),
            ("1조2천억 원", 1_200_000_000_000),
            ("10,000명", 10_000),
            ("15%", 15),
            ("15퍼센트", 15),
            ("1억2345만", 123_450_000),
            ("조회 수가 7만 7천을", 77_000),
            ("3억 5000만 달러", 350_000_000),
        ];
        for (text, value) in cases {
            assert_eq!(numbers(&korean_anchors(text)), [value], "{text}");
        }
    }

    #[test]
    fn english_scales_and_separators() {
        let cases: [(&str, u128); 6] = [
            ("$350 billion", 350_000_000_000),
            ("350bn won", 350_000_000_000),
            ("110 million people", 110_000_000),
            ("25,000 people", 25_000),
            ("15 percent", 15),
            ("in 2017,", 2017),
        ];
        for (text, value) in cases {
            assert_eq!(numbers(&english_anchors(text)), [value], "{text}");
        }
        assert_eq!(numbers(&english_anchors("$1.5 billion")), [1_500_000_000]);
    }

    #[test]
    fn a_space_ends_a_number_unless_a_unit_follows() {
        assert_eq!(numbers(&korean_anchors("7만 명과 3천 명")), [70_000, 3_000]);
        assert_eq!(numbers(&korean_anchors("2017년 3월")), [2017]);
    }

    /// The anchors without their places, to compare values.
    fn plain(found: Vec<Found>) -> Vec<Found> {
        found
            .into_iter()
            .map(|f| Found { at: (0, 0), ..f })
            .collect()
    }

    #[test]
    fn anchors_know_where_they_are() {
        let text = "정부는 3500억 달러를, 10월 22일에";
        let spans: Vec<String> = korean_anchors(text)
            .iter()
            .map(|f| {
                text.chars()
                    .skip(f.at.0 as usize)
                    .take((f.at.1 - f.at.0) as usize)
                    .collect()
            })
            .collect();
        assert_eq!(spans, ["3500억", "10월 22일"]);
        let text = "invest $350 billion on Oct. 22 and three million more";
        let spans: Vec<String> = english_anchors(text)
            .iter()
            .map(|f| {
                text.chars()
                    .skip(f.at.0 as usize)
                    .take((f.at.1 - f.at.0) as usize)
                    .collect()
            })
            .collect();
        assert_eq!(spans, ["Oct. 22", "three million", "350 billion"]);
    }

    #[test]
    fn decimals_are_kept() {
        assert_eq!(plain(korean_anchors("3.5%")), [number(3_500, 0, 0)]);
        assert_eq!(plain(english_anchors("3.5 percent")), [number(3_500, 0, 0)]);
    }

    #[test]
    fn dates_match_across_scripts() {
        let date = Found {
            anchor: Anchor::Date { month: 10, day: 22 },
            strength: Strength::Strong,
            at: (0, 0),
        };
        assert_eq!(plain(korean_anchors("10월 22일 발표")), [date]);
        assert_eq!(plain(korean_anchors("10월22일")), [date]);
        assert_eq!(plain(english_anchors("on Oct. 22, the bank")), [date]);
        assert_eq!(plain(english_anchors("October 22")), [date]);
        assert_eq!(
            plain(english_anchors("on 22 October 2018")),
            [date, number(2_018_000, 0, 0)]
        );
    }

    #[test]
    fn months_and_weekdays() {
        let saturday = Found {
            anchor: Anchor::Weekday(6),
            strength: Strength::Strong,
            at: (0, 0),
        };
        assert_eq!(plain(korean_anchors("토요일 아침")), [saturday]);
        assert_eq!(plain(english_anchors("Saturday morning")), [saturday]);
        let july = Found {
            anchor: Anchor::Month(7),
            strength: Strength::Strong,
            at: (0, 0),
        };
        assert_eq!(plain(korean_anchors("7월에")), [july]);
        assert_eq!(plain(english_anchors("in July")), [july]);
        // "may" the verb is not a month.
        assert!(
            plain(english_anchors("It may rain. May I?"))
                .iter()
                .all(|f| !matches!(f.anchor, Anchor::Month(_)))
        );
    }

    #[test]
    fn english_number_words_are_soft() {
        let found = plain(english_anchors("three days"));
        assert_eq!(
            found,
            [Found {
                anchor: Anchor::Number(3_000),
                strength: Strength::Soft,
                at: (0, 0),
            }]
        );
        let found = plain(english_anchors("two million"));
        assert_eq!(
            found,
            [Found {
                anchor: Anchor::Number(2_000_000_000),
                strength: Strength::Soft,
                at: (0, 0),
            }]
        );
    }

    #[test]
    fn digits_inside_words_are_not_numbers() {
        assert!(numbers(&english_anchors("COVID19 and G7")).is_empty());
        assert!(numbers(&korean_anchors("G20 정상회의")).is_empty());
    }

    #[test]
    fn latin_words_in_korean() {
        assert_eq!(
            korean_latin_words("아시아태평양경제협력체(APEC)와 KSWB-TV, LiverpoolFC.com에서"),
            ["apec", "kswb-tv", "liverpoolfc.com"]
        );
        assert!(contains_word("told kswb-tv in san diego", "kswb-tv"));
        assert!(!contains_word("apecs", "apec"));
        for (haystack, word, found) in [
            ("told kswb-tv in san diego", "kswb-tv", true),
            ("apecs", "apec", false),
            ("the apec summit", "apec", true),
            ("xapec", "apec", false),
            ("u.s. officials", "u.s", true),
            ("“g7” leaders", "g7", true),
            ("g70", "g7", false),
        ] {
            let starts = word_starts(haystack);
            assert_eq!(
                contains_word_at(haystack, &starts, word),
                found,
                "{word} in {haystack}"
            );
            assert_eq!(contains_word(haystack, word), found, "{word} in {haystack}");
        }
    }

    #[test]
    fn quotations_counted_across_styles() {
        assert_eq!(quotation_count("“a” and “b”"), 2.0);
        assert_eq!(quotation_count("\"a\" said"), 1.0);
        assert_eq!(quotation_count("no quotes"), 0.0);
    }
}
