//! A person's name spelled differently in different rows of an article.

use super::*;

/// Romanized Korean family names, as English-language newsrooms write them.
pub(super) const SURNAMES: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Jeong", "Kang", "Cho", "Jo", "Yoon", "Yun", "Jang",
    "Chang", "Lim", "Im", "Han", "Oh", "Seo", "Suh", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo",
    "Yu", "Ryu", "Hong", "Jeon", "Chun", "Ko", "Koh", "Moon", "Yang", "Son", "Sohn", "Bae", "Baek",
    "Paik", "Heo", "Huh", "Nam", "Noh", "Roh", "Ha", "Kwak", "Sung", "Cha", "Joo", "Woo", "Koo",
    "Min", "Na", "Jin", "Ji", "Chae", "Won", "Bang", "Hyun", "Byun", "Yeo", "Do", "Seok", "Ma",
    "Gil", "Yeon", "Wang", "Ban", "Ok", "Tak", "Eom", "Um",
];

/// A Korean name in romanized English: "Kim Yong-beom".
pub(super) struct Name {
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Family name and the consonants of the given name: spellings of one
    /// name share it ("Yong-beom", "Yong-bum", "Yongbeom").
    key: String,
}

pub(super) fn consonants(given: &str) -> String {
    given
        .chars()
        .filter(|c| {
            c.is_ascii_alphabetic()
                && !matches!(
                    c.to_ascii_lowercase(),
                    'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'y'
                )
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub(super) fn names_in(english: &str) -> Vec<Name> {
    let list: Vec<(usize, usize, String)> = {
        let chars: Vec<char> = english.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_alphabetic() {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphabetic() || chars[i] == '-') {
                    i += 1;
                }
                out.push((start, i, chars[start..i].iter().collect::<String>()));
            } else {
                i += 1;
            }
        }
        out
    };
    let mut names = Vec::new();
    for pair in list.windows(2) {
        let ((s1, e1, family), (s2, e2, given)) = (&pair[0], &pair[1]);
        let adjacent = *s2 == e1 + 1;
        let given_ok = given.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && given.len() >= 4
            && given
                .chars()
                .skip(1)
                .all(|c| c.is_ascii_lowercase() || c == '-')
            && given.matches('-').count() <= 1;
        if adjacent && given_ok && SURNAMES.contains(&family.as_str()) && given.contains('-') {
            names.push(Name {
                text: format!("{family} {given}"),
                start: *s1,
                end: *e2,
                key: format!("{family}:{}", consonants(given)),
            });
        }
    }
    names
}

pub(super) fn name_spelling(rows: &[(&str, &str)], all: &mut [Vec<Finding>]) {
    // Every spelling of each name, with the rows it is in.
    let mut spellings: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    let found: Vec<Vec<Name>> = rows.iter().map(|(_, en)| names_in(en)).collect();
    for (row, names) in found.iter().enumerate() {
        for name in names {
            let rows_of = spellings
                .entry(name.key.clone())
                .or_default()
                .entry(name.text.clone())
                .or_default();
            if !rows_of.contains(&row) {
                rows_of.push(row);
            }
        }
    }
    for (row, names) in found.iter().enumerate() {
        for name in names {
            let variants = &spellings[&name.key];
            if variants.len() < 2 {
                continue;
            }
            let elsewhere: Vec<(String, Vec<usize>)> = variants
                .iter()
                .filter(|(text, _)| **text != name.text)
                .map(|(text, rows)| (text.to_string(), rows.iter().map(|r| r + 1).collect()))
                .collect();
            let key = name.text.clone();
            if all[row]
                .iter()
                .any(|f| f.check == Check::NameSpelling && f.key.ends_with(&key))
            {
                continue;
            }
            all[row].push(finding(
                Check::NameSpelling,
                Severity::Warning,
                &key,
                Said::NameSpelling {
                    here: name.text.clone(),
                    elsewhere,
                },
                vec![Span {
                    side: Side::English,
                    start: name.start,
                    end: name.end,
                }],
            ));
        }
    }
}
