//! The glossary's check: a term of the row's Korean whose approved English
//! is missing from its English, or a rendering the glossary forbids
//! ([`Glossary::issues`]). A missing name or organization blocks; any other
//! term informs.

use super::{Check, Finding, Said, Severity};
use crate::glossary::{Glossary, KEY_CHARS, MIN_KOREAN_CHARS, TermIssue, TermKind};
use crate::romanize::Spelled;

/// A missing name or organization blocks approval; the rest inform.
pub fn term_severity(kind: TermKind) -> Severity {
    match kind {
        TermKind::Person | TermKind::Organization => Severity::Error,
        _ => Severity::Warning,
    }
}

/// The keys of every entry the check, the marks or the name check could
/// use on these rows (Korean, current English): each run of two to
/// [`KEY_CHARS`] characters of the Korean without its spaces (every form
/// found there begins with the run its key holds), and each name of the
/// English that spells a person of the Korean unusually, lower-cased
/// ([`Entry::keys`](crate::glossary::Entry::keys) files entries under the
/// same keys).
pub fn lookup_keys<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> std::collections::BTreeSet<String> {
    let mut keys = Vec::new();
    for (korean, english) in rows {
        let chars: Vec<char> = korean.chars().filter(|c| !c.is_whitespace()).collect();
        for start in 0..chars.len() {
            for end in start + MIN_KOREAN_CHARS..=chars.len().min(start + KEY_CHARS) {
                let mut key = String::with_capacity(3 + 4 * (end - start));
                key.push_str("ko:");
                key.extend(&chars[start..end]);
                keys.push(key);
            }
        }
        if !english.is_empty() {
            for pair in super::name_pairs(korean, english) {
                if pair.spelled != Spelled::Usual {
                    keys.push(format!("en:{}", pair.english.trim().to_lowercase()));
                }
            }
        }
    }
    // Sorted once: most runs of a text are distinct.
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().collect()
}

/// The glossary's findings in one row, keyed by entry so that an override
/// names it.
pub fn check_glossary(glossary: &Glossary, korean: &str, english: &str) -> Vec<Finding> {
    glossary
        .issues(korean, english)
        .into_iter()
        .map(|issue| match issue {
            TermIssue::Forbidden {
                entry,
                term,
                korean,
                english,
                shown,
            } => Finding {
                check: Check::Glossary,
                severity: term_severity(entry.kind),
                said: Said::GlossaryForbidden {
                    shown,
                    term,
                    approved: approved(&entry.english).to_string(),
                },
                spans: vec![korean, english],
                key: format!("{}:{}", Check::Glossary.code(), entry.id),
            },
            TermIssue::Missing {
                entry,
                term,
                korean,
            } => Finding {
                check: Check::Glossary,
                severity: term_severity(entry.kind),
                said: Said::GlossaryMissing {
                    term,
                    approved: approved(&entry.english).to_string(),
                },
                spans: vec![korean],
                key: format!("{}:{}", Check::Glossary.code(), entry.id),
            },
        })
        .collect()
}

/// An entry's approved English: the first of its English forms.
fn approved(english: &[String]) -> &str {
    english.first().map_or("", |e| e.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::tests::{entry, glossary};
    use crate::paragraph::{Side, Span};

    /// The glossary built from the entries filed under an article's keys
    /// finds, marks and checks what the whole glossary does, and holds only
    /// those entries.
    #[test]
    fn the_entries_under_an_articles_keys_check_it_as_the_whole_glossary_does() {
        use crate::glossary::{Entry, Mark};
        let mut all = glossary().entries().to_vec();
        all.push(entry(
            5,
            &["한국 은행"],
            &["Bank of Korea"],
            &[],
            TermKind::Organization,
        ));
        all.push(entry(
            6,
            &["金容範"],
            &["Kim Yong-bum"],
            &[],
            TermKind::Person,
        ));
        all.push(entry(7, &["통상"], &["trade"], &[], TermKind::Term));
        all.push(entry(
            8,
            &["산업은행"],
            &["Korea Development Bank"],
            &[],
            TermKind::Organization,
        ));
        let rows = [
            (
                "박재근 씨는 산업 통상 자원부가\n\n기준금리를 올렸다고 말했다.",
                "Park Jae-kyun said the Trade Ministry raised the base rate.",
            ),
            ("김용범 차관은 말했다.", "Vice Minister Kim Yong-bum said."),
            ("산업\n부는", ""),
        ];
        let keys = lookup_keys(rows);
        let filed: Vec<Entry> = all
            .iter()
            .filter(|e| e.keys().iter().any(|k| keys.contains(k)))
            .cloned()
            .collect();
        let ids = |g: &[Entry]| g.iter().map(|e| e.id).collect::<Vec<_>>();
        // 이 is too short to search for, 한국은행 is not in the rows, and
        // 산업은행 begins as 산업부 and 산업통상자원부 do but is not there.
        assert_eq!(ids(&filed), vec![1, 2, 3, 6, 7]);
        let (whole, part) = (Glossary::new(all), Glossary::new(filed));
        assert_eq!(
            crate::qa::check_article_with(&rows, &part),
            crate::qa::check_article_with(&rows, &whole)
        );
        // Entry 6 is there only for its English: without it the unusual
        // spelling would be a finding.
        let without = Glossary::new(
            whole
                .entries()
                .iter()
                .filter(|e| e.id != 6)
                .cloned()
                .collect(),
        );
        assert_ne!(
            crate::qa::check_article_with(&rows, &without),
            crate::qa::check_article_with(&rows, &whole)
        );
        for (korean, english) in rows {
            let named = |g: &Glossary, marks: Vec<Mark>| {
                marks
                    .into_iter()
                    .map(|m| (m.span, g.entries()[m.entry].id))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                named(&part, part.marks(korean, english)),
                named(&whole, whole.marks(korean, english))
            );
        }
        let with_terms = rows.iter().filter(|(k, _)| !whole.find(k).is_empty());
        assert_eq!(with_terms.count(), 2);
    }

    #[test]
    fn a_missing_or_forbidden_rendering_is_a_finding() {
        let g = glossary();
        // The right English, in any case, possessive after it: nothing.
        assert!(
            check_glossary(&g, "박재근 씨는 말했다.", "PARK JAE-GEUN's plan, he said.").is_empty()
        );
        // A misspelled name: an error, keyed by the entry.
        let found = check_glossary(&g, "박재근 씨는 말했다.", "Park Jae-kyun said.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].key, "glossary:1");
        assert_eq!(
            found[0].said,
            Said::GlossaryForbidden {
                shown: "Park Jae-kyun".into(),
                term: "박재근".into(),
                approved: "Park Jae-geun".into()
            }
        );
        assert_eq!(
            found[0].spans[1],
            Span {
                side: Side::English,
                start: 0,
                end: 13
            }
        );
        // An accepted variant is fine; a forbidden one is named.
        assert!(
            check_glossary(
                &g,
                "산업부가 밝혔다.",
                "The Trade, Industry and Energy Ministry said."
            )
            .is_empty()
        );
        let found = check_glossary(&g, "산업통상자원부가 밝혔다.", "The Trade Ministry said.");
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            matches!(&found[0].said, Said::GlossaryForbidden { shown, .. } if shown == "Trade Ministry")
        );
        // Missing altogether.
        let found = check_glossary(&g, "산업통상자원부가 밝혔다.", "The government said.");
        assert!(
            matches!(&found[0].said, Said::GlossaryMissing { approved, .. } if approved == "Ministry of Trade, Industry and Energy")
        );
        // A term (not a name): a warning.
        let found = check_glossary(&g, "기준금리를 동결했다.", "It held the key rate.");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            check_glossary(&g, "기준금리를 동결했다.", "It held its benchmark rate.").is_empty()
        );
        // Inside a longer word is not the word.
        let g = Glossary::new(vec![entry(
            5,
            &["한은"],
            &["BOK"],
            &[],
            TermKind::Organization,
        )]);
        assert_eq!(check_glossary(&g, "한은은", "BOKS").len(), 1);
        assert!(check_glossary(&g, "한은은", "the BOK.").is_empty());
    }

    #[test]
    fn an_articles_findings_carry_the_glossarys() {
        let g = glossary();
        let rows = [
            ("박재근 씨는 말했다.", "Park Jae-kyun said."),
            ("기준금리는 3.5%다.", "The base rate is 3.5%."),
        ];
        let all = super::super::check_article_with(&rows, &g);
        let keys: Vec<Vec<&str>> = all
            .iter()
            .map(|row| row.iter().map(|f| f.key.as_str()).collect())
            .collect();
        assert_eq!(keys, vec![vec!["glossary:1"], vec![]]);
        // Fixed: the finding is gone.
        let fixed = [("박재근 씨는 말했다.", "Park Jae-geun said.")];
        assert!(super::super::check_article_with(&fixed, &g)[0].is_empty());
        // An override of the finding's key stops it blocking.
        let open = super::super::open_blocking(&all, |row, key| row == 0 && key == "glossary:1");
        assert_eq!(open, 0);
        assert_eq!(super::super::open_blocking(&all, |_, _| false), 1);
    }
}
