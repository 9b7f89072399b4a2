//! Bidirectional controls and zero-width characters: invisible, but they
//! change how a text displays or is searched.

use super::*;

/// Bidirectional controls and zero-width characters, by position: a warning
/// (they have their uses, in emoji and some scripts), never silent.
pub(super) fn invisible(text: &str, side: Side, findings: &mut Vec<Finding>) {
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
        Said::Invisible {
            count: spans.len(),
            side,
            first: code,
            at: first.start,
        },
        spans,
    ));
}
