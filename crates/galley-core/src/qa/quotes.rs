//! Quotation marks: unbalanced, or a quote on one side only.

use super::*;

pub(super) fn quotes(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let straight = english.chars().filter(|&c| c == '"').count();
    let open = english.chars().filter(|&c| c == '“').count();
    let close = english.chars().filter(|&c| c == '”').count();
    if straight % 2 == 1 || open != close {
        findings.push(finding(
            Check::Quotes,
            Severity::Warning,
            "balance",
            Said::UnclosedQuote,
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
            Said::KoreanQuoteOnly,
            quote_spans(korean, Side::Korean),
        ));
    } else if en_quotes >= 1.0 && ko_quotes == 0.0 && !single_quoted(korean) {
        // Korean marks a name or a title with single quotes ('희망 2030',
        // ‘희망 2030’); English puts it in double quotes.
        findings.push(finding(
            Check::Quotes,
            Severity::Warning,
            "en_only",
            Said::EnglishQuoteOnly,
            quote_spans(english, Side::English),
        ));
    }
}

/// Whether a text holds a pair of single quotes around something.
pub(super) fn single_quoted(text: &str) -> bool {
    let curly = text.contains('‘') && text.contains('’');
    let straight = text
        .split('\'')
        .count()
        .checked_sub(1)
        .is_some_and(|marks| marks >= 2);
    curly || straight
}

pub(super) fn quote_spans(text: &str, side: Side) -> Vec<Span> {
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
