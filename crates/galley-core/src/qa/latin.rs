//! Latin-script words of the Korean (APEC, Fed, a name) that the English
//! does not carry.

use super::*;

pub(super) fn latin_terms(korean: &str, english: &str, findings: &mut Vec<Finding>) {
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
            Said::LatinMissing { original },
            spans,
        ));
    }
}

/// Whether a measurement of the Korean ("42km", "76kg") has its unit in
/// the English, spelled out or abbreviated ("42 kilometers", "42 km"); the
/// number itself is the numbers check's.
pub(super) fn unit_spelled_out(word: &str, english_lower: &str) -> bool {
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
pub(super) fn char_spans_ci(text: &str, needle: &str) -> Vec<(usize, usize)> {
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
