//! Hangul left in the English.

use super::*;

pub(super) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

pub(super) fn hangul(english: &str, findings: &mut Vec<Finding>) {
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
            Said::HangulLeft { shown },
            spans,
        ));
    }
}
