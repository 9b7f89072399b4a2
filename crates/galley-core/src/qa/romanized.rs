//! A Korean person's name romanized as neither system does: "Kim Yong-bum"
//! for 김용범, whose usual spellings are Kim Yong-beom (the Revised
//! Romanization) and Kim Yong-bŏm (McCune–Reischauer). A name the glossary
//! knows is the glossary's to check; one whose owner spells it their own
//! way belongs in the glossary, which silences this warning.

use super::names::names_in;
use super::*;
use crate::glossary::Glossary;
use crate::romanize::{NameAt, Spelled, name_forms, person_names, spelled};

/// A romanized name of the English paired with the Korean name it spells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePair {
    /// The Korean name, where it is in the Korean.
    pub korean: NameAt,
    /// The name as the English writes it.
    pub english: String,
    /// Where, in chars of the English.
    pub start: usize,
    /// Just past it.
    pub end: usize,
    /// [`Spelled::Usual`] or [`Spelled::Unusual`].
    pub spelled: Spelled,
}

/// The romanized names of a row's English that spell a person named in its
/// Korean, usually or not (names of other people are left out).
pub fn name_pairs(korean: &str, english: &str) -> Vec<NamePair> {
    let names = person_names(korean);
    if names.is_empty() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for written in names_in(english) {
        let spellings: Vec<Spelled> = names
            .iter()
            .map(|n| spelled(&n.name, &written.text))
            .collect();
        // A usual spelling of any of the row's names wins over an unusual
        // one of another (two Kims in one row).
        let best = [Spelled::Usual, Spelled::Unusual]
            .into_iter()
            .find_map(|want| spellings.iter().position(|s| *s == want));
        if let Some(at) = best {
            pairs.push(NamePair {
                korean: names[at].clone(),
                english: written.text,
                start: written.start,
                end: written.end,
                spelled: spellings[at],
            });
        }
    }
    pairs
}

pub(super) fn name_romanization(
    glossary: &Glossary,
    korean: &str,
    english: &str,
    found: &mut Vec<Finding>,
) {
    let pairs = name_pairs(korean, english);
    if pairs.iter().all(|p| p.spelled == Spelled::Usual) {
        return;
    }
    let known = glossary.find(korean);
    for pair in pairs {
        let name = &pair.korean;
        let in_glossary = known
            .iter()
            .any(|k| k.start < name.end && name.start < k.end)
            || glossary.entries().iter().any(|entry| {
                entry
                    .english
                    .iter()
                    .any(|form| form.eq_ignore_ascii_case(&pair.english))
            });
        let key = format!("{}:{}", Check::NameRomanization.code(), pair.english);
        if pair.spelled == Spelled::Usual || in_glossary || found.iter().any(|f| f.key == key) {
            continue;
        }
        let Some(forms) = name_forms(&name.name) else {
            continue;
        };
        let mut usual: Vec<String> = Vec::new();
        for form in [forms.usual, forms.revised, forms.mccune_reischauer] {
            if !usual.contains(&form) {
                usual.push(form);
            }
        }
        found.push(finding(
            Check::NameRomanization,
            Severity::Warning,
            &pair.english,
            Said::NameRomanization {
                here: pair.english.clone(),
                korean: name.name.clone(),
                usual,
            },
            vec![
                Span {
                    side: Side::Korean,
                    start: name.start,
                    end: name.end,
                },
                Span {
                    side: Side::English,
                    start: pair.start,
                    end: pair.end,
                },
            ],
        ));
    }
}
