//! The glossary's check: a term of the row's Korean whose approved English
//! is missing from its English, or a rendering the glossary forbids
//! ([`Glossary::issues`]). A missing name or organization blocks; any other
//! term informs.

use super::{Check, Finding, Said, Severity};
use crate::glossary::{Glossary, TermIssue, TermKind};

/// A missing name or organization blocks approval; the rest inform.
pub fn term_severity(kind: TermKind) -> Severity {
    match kind {
        TermKind::Person | TermKind::Organization => Severity::Error,
        _ => Severity::Warning,
    }
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
