//! The same word twice in a row, and two spaces in a row.

use super::*;

pub(super) fn doubled_words(english: &str, findings: &mut Vec<Finding>) {
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
                Said::DoubledWord { word: w1.clone() },
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

pub(super) fn double_spaces(english: &str, findings: &mut Vec<Finding>) {
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
            Said::DoubleSpaces {
                places: spans.len(),
            },
            spans,
        ));
    }
}
