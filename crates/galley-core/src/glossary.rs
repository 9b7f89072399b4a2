//! The newsroom's glossary, as the QA check and the review page read it:
//! Korean terms with their approved English, accepted variants
//! and forbidden renderings.
//!
//! Every Korean form of every entry is one pattern of one Aho–Corasick
//! automaton, built once per glossary, over the Korean with its spaces
//! taken out (산업 통상 자원부 is 산업통상자원부), so a row is searched in
//! one pass whatever the glossary's size. A term followed by a particle
//! (박재근 씨는, 산업통상자원부가) is found because the particle comes after
//! it. For each entry found, the row's English is searched for its approved
//! English or a variant, ignoring case, as whole words (a possessive `'s`
//! after it is fine), and for its forbidden renderings.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::paragraph::{Side, Span};

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// A person.
    Person,
    /// An organization: a ministry, a company, a party.
    Organization,
    /// A place.
    Place,
    /// A title: 장관, 대변인.
    Title,
    /// Any other term.
    Term,
}

impl TermKind {
    /// The kind's stable name.
    pub fn name(self) -> &'static str {
        match self {
            TermKind::Person => "person",
            TermKind::Organization => "organization",
            TermKind::Place => "place",
            TermKind::Title => "title",
            TermKind::Term => "term",
        }
    }

    /// The kind of a stable name.
    pub fn parse(name: &str) -> Option<TermKind> {
        [
            TermKind::Person,
            TermKind::Organization,
            TermKind::Place,
            TermKind::Title,
            TermKind::Term,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// The most forms one list of an entry may have.
pub const MAX_FORMS: usize = 20;

/// The forms of an entry as they arrive, cleaned as every text is
/// ([`crate::limits::clean`], one line each, a title's length): `field`
/// names the list (`korean`, `english`, `forbidden`), an error names the
/// form (`korean[1]`). `required` lists may not be empty; Korean forms are
/// two characters or more (one would be found everywhere).
pub fn clean_forms(
    field: &str,
    forms: &[String],
    required: bool,
) -> Result<Vec<String>, crate::limits::TextError> {
    use crate::limits::{TextError, TextProblem};
    if forms.len() > MAX_FORMS {
        return Err(TextError::new(
            field,
            TextProblem::TooManyForms { max: MAX_FORMS },
        ));
    }
    if required && forms.is_empty() {
        return Err(TextError::new(field, TextProblem::NoForms));
    }
    let mut clean = Vec::with_capacity(forms.len());
    for (i, form) in forms.iter().enumerate() {
        let name = format!("{field}[{i}]");
        let form = crate::limits::clean(&name, form, crate::limits::Kind::Title)?;
        if field == "korean"
            && form.chars().filter(|c| !c.is_whitespace()).count() < MIN_KOREAN_CHARS
        {
            return Err(TextError::new(name, TextProblem::OneCharacterTerm));
        }
        if !clean.contains(&form) {
            clean.push(form);
        }
    }
    Ok(clean)
}

/// A change to the glossary, as its own trail records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermChange {
    /// An entry added (by hand or by an import).
    Added,
    /// An entry's forms, kind or note changed.
    Edited,
    /// An entry retired: no longer checked or marked, kept.
    Retired,
}

impl TermChange {
    /// The action's name in the glossary's trail.
    pub fn name(self) -> &'static str {
        match self {
            TermChange::Added => "term_added",
            TermChange::Edited => "term_edited",
            TermChange::Retired => "term_retired",
        }
    }
}

/// A list of forms as stored: a JSON array of text.
pub fn forms_to_json(forms: &[String]) -> String {
    serde_json::Value::from(forms.to_vec()).to_string()
}

/// The forms [`forms_to_json`] wrote, or `None`.
pub fn forms_from_json(text: &str) -> Option<Vec<String>> {
    serde_json::from_str(text).ok()
}

/// The payload of a glossary change: the entry as it is after it, in one
/// canonical JSON form (keys sorted), so the trail's hash covers each text.
pub fn change_payload(entry: &Entry, note: &str, retired: bool) -> String {
    serde_json::json!({
        "english": entry.english,
        "forbidden": entry.forbidden,
        "id": entry.id,
        "kind": entry.kind.name(),
        "korean": entry.korean,
        "note": note,
        "retired": retired,
    })
    .to_string()
}

/// One entry of the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its id (stable: a finding's key names it).
    pub id: i64,
    /// The Korean term, then its variants.
    pub korean: Vec<String>,
    /// The approved English, then the accepted variants.
    pub english: Vec<String>,
    /// Renderings the newsroom does not use.
    pub forbidden: Vec<String>,
    /// What it names.
    pub kind: TermKind,
}

/// Where an entry's Korean was found in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The entry's index in the glossary.
    pub entry: usize,
    /// The span in the Korean, in chars of the original text.
    pub start: usize,
    /// Just past it.
    pub end: usize,
}

/// A glossary ready to search.
#[derive(Debug)]
pub struct Glossary {
    entries: Vec<Entry>,
    /// One pattern per Korean form, spaces removed.
    korean: AhoCorasick,
    /// The entry of each pattern.
    pattern_entry: Vec<usize>,
    /// Each entry's English forms and forbidden renderings, lower-cased.
    english: Vec<(Vec<String>, Vec<String>)>,
}

/// Two glossaries are equal when their entries are (the automaton is
/// built from them).
impl PartialEq for Glossary {
    fn eq(&self, other: &Glossary) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Glossary {}

impl Default for Glossary {
    /// The empty glossary: finds nothing.
    fn default() -> Glossary {
        Glossary::new(Vec::new())
    }
}

/// The shortest Korean form searched for: one syllable (이, 김) would be
/// found everywhere.
pub const MIN_KOREAN_CHARS: usize = 2;

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Glossary {
    /// Builds the automaton over every entry's Korean forms (forms shorter
    /// than [`MIN_KOREAN_CHARS`] are not searched for).
    pub fn new(entries: Vec<Entry>) -> Glossary {
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            for form in &entry.korean {
                let form = without_spaces(form);
                if form.chars().count() >= MIN_KOREAN_CHARS {
                    patterns.push(form);
                    pattern_entry.push(i);
                }
            }
        }
        let korean = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .unwrap_or_else(|_| {
                AhoCorasick::new(Vec::<String>::new()).expect("an empty automaton")
            });
        let english = entries
            .iter()
            .map(|e| {
                let lower = |forms: &[String]| -> Vec<String> {
                    forms
                        .iter()
                        .map(|f| f.trim().to_lowercase())
                        .filter(|f| !f.is_empty())
                        .collect()
                };
                (lower(&e.english), lower(&e.forbidden))
            })
            .collect();
        Glossary {
            entries,
            korean,
            pattern_entry,
            english,
        }
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every entry whose Korean is in `korean`, leftmost-longest, in order.
    pub fn find(&self, korean: &str) -> Vec<Found> {
        // The text without its spaces, and each kept char's place in the
        // original.
        let mut stripped = String::with_capacity(korean.len());
        let mut place: Vec<usize> = Vec::with_capacity(korean.len());
        for (i, c) in korean.chars().enumerate() {
            if !c.is_whitespace() {
                stripped.push(c);
                place.push(i);
            }
        }
        // Byte offsets of the stripped text to its char indices.
        let mut char_at = vec![0usize; stripped.len() + 1];
        for (n, (b, c)) in stripped.char_indices().enumerate() {
            for slot in &mut char_at[b..b + c.len_utf8()] {
                *slot = n;
            }
        }
        let total = place.len();
        char_at[stripped.len()] = total;
        self.korean
            .find_iter(&stripped)
            .map(|m| {
                let (first, last) = (char_at[m.start()], char_at[m.end()] - 1);
                Found {
                    entry: self.pattern_entry[m.pattern().as_usize()],
                    start: place[first],
                    end: place[last] + 1,
                }
            })
            .collect()
    }

    /// What the glossary finds wrong in one row's English: for each entry
    /// whose Korean is in the row, a rendering it forbids in the English,
    /// or else its approved English (and every accepted variant) missing
    /// from it. One issue an entry at most.
    pub fn issues(&self, korean: &str, english: &str) -> Vec<TermIssue<'_>> {
        let found = self.find(korean);
        if found.is_empty() || english.trim().is_empty() {
            return Vec::new();
        }
        let lower = english.to_lowercase();
        let mut issues = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        for hit in &found {
            if seen.contains(&hit.entry) {
                continue;
            }
            seen.push(hit.entry);
            let entry = &self.entries[hit.entry];
            let (forms, forbidden) = &self.english[hit.entry];
            let term: String = korean
                .chars()
                .skip(hit.start)
                .take(hit.end - hit.start)
                .collect();
            let korean_span = Span {
                side: Side::Korean,
                start: hit.start,
                end: hit.end,
            };
            let wrong = forbidden
                .iter()
                .find_map(|f| word_at(&lower, f).map(|at| (f, at)));
            if let Some((rendering, at)) = wrong {
                let start = lower[..at].chars().count();
                let length = rendering.chars().count();
                issues.push(TermIssue::Forbidden {
                    entry,
                    term,
                    korean: korean_span,
                    english: Span {
                        side: Side::English,
                        start,
                        end: start + length,
                    },
                    shown: english.chars().skip(start).take(length).collect(),
                });
            } else if !forms.is_empty() && !forms.iter().any(|f| word_at(&lower, f).is_some()) {
                issues.push(TermIssue::Missing {
                    entry,
                    term,
                    korean: korean_span,
                });
            }
        }
        issues
    }
}

/// Where the check finds its entries without holding the glossary: each
/// entry is filed under a few short keys ([`Entry::keys`]), and a text's
/// lookup keys (the QA check's `lookup_keys`) are every key an entry the
/// check could use on it is filed under. A store keeps the keys beside the
/// entries and reads, for an article, only the entries filed under its
/// keys: the glossary built from those finds, marks and checks in that
/// article exactly what the whole glossary would, and costs what the
/// article does, whatever the glossary's size.
impl Entry {
    /// The keys the entry is filed under: each Korean form searched for
    /// (spaces taken out) up to its [`KEY_CHARS`]th character, `ko:` before
    /// it; and each English form lower-cased, `en:` before it (the check of
    /// names romanized unusually asks whether any entry spells a name so).
    pub fn keys(&self) -> std::collections::BTreeSet<String> {
        let korean = self.korean.iter().filter_map(|form| {
            let form = without_spaces(form);
            (form.chars().count() >= MIN_KOREAN_CHARS)
                .then(|| format!("ko:{}", form.chars().take(KEY_CHARS).collect::<String>()))
        });
        let english = self
            .english
            .iter()
            .map(|form| format!("en:{}", form.trim().to_lowercase()));
        korean.chain(english).collect()
    }
}

/// How many characters of a Korean form its key holds: enough that a
/// common beginning (한국, 국민) does not file thousands of entries under
/// one key that every article has, few enough that an article has only a
/// few keys per character.
pub const KEY_CHARS: usize = 4;

/// What [`Glossary::issues`] finds wrong with a term in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermIssue<'g> {
    /// The English has a rendering the entry forbids.
    Forbidden {
        /// The entry.
        entry: &'g Entry,
        /// The Korean as the row has it.
        term: String,
        /// Where the term is in the Korean.
        korean: Span,
        /// Where the rendering is in the English.
        english: Span,
        /// The rendering as the English has it.
        shown: String,
    },
    /// The English has neither the approved English nor a variant.
    Missing {
        /// The entry.
        entry: &'g Entry,
        /// The Korean as the row has it.
        term: String,
        /// Where the term is in the Korean.
        korean: Span,
    },
}

/// A glossary term marked in a row, for the review page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Where, in chars of that side's text.
    pub span: Span,
    /// The entry's index in the glossary.
    pub entry: usize,
}

impl Glossary {
    /// The terms to mark in a row: each entry's Korean where it stands, and
    /// its approved English or a variant where that stands in the English
    /// (only for entries whose Korean is in the row).
    pub fn marks(&self, korean: &str, english: &str) -> Vec<Mark> {
        let found = self.find(korean);
        let lower = english.to_lowercase();
        let mut marks: Vec<Mark> = found
            .iter()
            .map(|f| Mark {
                span: Span {
                    side: Side::Korean,
                    start: f.start,
                    end: f.end,
                },
                entry: f.entry,
            })
            .collect();
        let mut done: Vec<usize> = Vec::new();
        for f in &found {
            if done.contains(&f.entry) {
                continue;
            }
            done.push(f.entry);
            for form in &self.english[f.entry].0 {
                if let Some(at) = word_at(&lower, form) {
                    let start = lower[..at].chars().count();
                    marks.push(Mark {
                        span: Span {
                            side: Side::English,
                            start,
                            end: start + form.chars().count(),
                        },
                        entry: f.entry,
                    });
                    break;
                }
            }
        }
        marks
    }
}

/// A row of a signed-off article, as the desk left it: its Korean, the
/// AI's English and the English signed off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedRow {
    /// The article.
    pub article: i64,
    /// The row's Korean.
    pub korean: String,
    /// The AI's draft of it.
    pub ai: String,
    /// Its English as signed off.
    pub signed_off: String,
}

/// A glossary entry the desk's own corrections suggest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The Korean term.
    pub korean: String,
    /// The English the editors wrote for it.
    pub english: String,
    /// What the AI had written instead, with how many times.
    pub replaced: Vec<(String, usize)>,
    /// The articles where an editor made that change (the evidence).
    pub articles: Vec<i64>,
}

/// The Korean words of a text, particles taken off, of two syllables or
/// more.
fn korean_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in text.split(|c: char| !('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        let mut term = word;
        if let Some(stem) = crate::korean::PARTICLES
            .iter()
            .find_map(|p| word.strip_suffix(p))
        {
            if stem.chars().count() >= MIN_KOREAN_CHARS {
                term = stem;
            }
        }
        if term.chars().count() >= MIN_KOREAN_CHARS && !terms.iter().any(|t| t == term) {
            terms.push(term.to_string());
        }
    }
    terms
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

fn capitalized(word: &str) -> bool {
    trim_word(word)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Capitalized words that stand before a name or open a sentence but are
/// not part of the name: a replacement is not widened over them.
const NOT_NAMES: [&str; 40] = [
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "by",
    "for",
    "according",
    "professor",
    "prof",
    "president",
    "minister",
    "mr",
    "ms",
    "mrs",
    "dr",
    "chairman",
    "chairwoman",
    "ceo",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "mayor",
    "rep",
    "sen",
    "prime",
    "vice",
    "deputy",
    "director",
    "chief",
    "secretary",
    "ambassador",
    "judge",
    "justice",
    "lawmaker",
    "prosecutor",
    "senior",
    "former",
];

/// A capitalized word that may be part of a name or an institution.
fn name_word(word: &str) -> bool {
    capitalized(word) && !NOT_NAMES.contains(&trim_word(word).to_lowercase().as_str())
}

/// What an editor replaced in a row: (the AI's words, the editor's), each
/// also widened by the capitalized words around it, as far as each side
/// goes (a name or an institution whole, not the one word of it that
/// changed; the widest that recurs wins in [`proposals`]).
fn replacements(ai: &str, edited: &str) -> Vec<(String, String)> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let old: Vec<&str> = ai.split_whitespace().collect();
    let new: Vec<&str> = edited.split_whitespace().collect();
    let mut found = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        let DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = op
        else {
            continue;
        };
        if new_len > 8
            || !new[new_index..new_index + new_len]
                .iter()
                .any(|w| capitalized(w))
        {
            continue;
        }
        // Widen both sides over the capitalized words they share around.
        let (mut before, mut after) = (0, 0);
        while before < old_index.min(new_index)
            && old[old_index - before - 1] == new[new_index - before - 1]
            && name_word(new[new_index - before - 1])
        {
            before += 1;
        }
        while old_index + old_len + after < old.len()
            && new_index + new_len + after < new.len()
            && old[old_index + old_len + after] == new[new_index + new_len + after]
            && name_word(new[new_index + new_len + after])
        {
            after += 1;
        }
        let phrase = |words: &[&str]| {
            let text = words.join(" ");
            let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric());
            trimmed.strip_suffix("'s").unwrap_or(trimmed).to_string()
        };
        // Every widening: the title before a name is not always there.
        for b in 0..=before {
            for a in 0..=after {
                found.push((
                    phrase(&old[old_index - b..old_index + old_len + a]),
                    phrase(&new[new_index - b..new_index + new_len + a]),
                ));
            }
        }
    }
    found
}

/// Whether `term`, read as a Korean name, has the surname `english`
/// begins with (김철수 and Kim Cheol-su, whatever the given name's
/// spelling): the term of a name, not the title beside it.
fn romanized_like(term: &str, english: &str) -> bool {
    let Some(forms) = crate::romanize::name_forms(term) else {
        return false;
    };
    let first = |text: &str| text.split(' ').next().unwrap_or_default().to_lowercase();
    let surname = first(english);
    [forms.revised, forms.usual, forms.mccune_reischauer]
        .iter()
        .any(|form| first(form) == surname)
}

/// Entries the desk's corrections suggest: where editors of at least
/// `min_articles` signed-off articles replaced the AI's English with the
/// same English (a name or an institution: capitalized) in rows whose
/// Korean shares a term, that term is proposed with that English, unless
/// the glossary already has it. The term chosen is the one in the most of
/// those rows (the longest on a tie).
pub fn proposals(rows: &[EditedRow], known: &Glossary, min_articles: usize) -> Vec<Proposal> {
    use std::collections::BTreeMap;
    // For each English an editor wrote: the rows and what it replaced.
    let mut by_english: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        for (old, new) in replacements(&row.ai, &row.signed_off) {
            if !new.is_empty() && old != new {
                by_english.entry(new).or_default().push((i, old));
            }
        }
    }
    let mut proposals = Vec::new();
    for (english, uses) in by_english {
        let mut articles: Vec<i64> = uses.iter().map(|(i, _)| rows[*i].article).collect();
        articles.sort_unstable();
        articles.dedup();
        if articles.len() < min_articles {
            continue;
        }
        // The Korean term the most of these rows share (by article).
        let mut per_term: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (i, _) in &uses {
            for term in korean_terms(&rows[*i].korean) {
                let seen = per_term.entry(term).or_default();
                if !seen.contains(&rows[*i].article) {
                    seen.push(rows[*i].article);
                }
            }
        }
        // The term in the most of these articles; on a tie the most
        // specific (in the fewest rows of all), then the longest. A term the
        // glossary knows is not proposed again (nor another in its place).
        let best = per_term
            .into_iter()
            .filter(|(_, seen)| seen.len() >= min_articles)
            .max_by_key(|(term, seen)| {
                let everywhere = rows
                    .iter()
                    .filter(|r| r.korean.contains(term.as_str()))
                    .count();
                (
                    seen.len(),
                    romanized_like(term, &english),
                    std::cmp::Reverse(everywhere),
                    term.chars().count(),
                )
            });
        let Some((korean, _)) = best.filter(|(term, _)| known.find(term).is_empty()) else {
            continue;
        };
        let mut replaced: BTreeMap<String, usize> = BTreeMap::new();
        for (_, old) in &uses {
            *replaced.entry(old.clone()).or_default() += 1;
        }
        let mut replaced: Vec<(String, usize)> = replaced.into_iter().collect();
        replaced.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        proposals.push(Proposal {
            korean,
            english,
            replaced,
            articles,
        });
    }
    // A change seen inside a wider one in as many articles is that wider
    // change (Cheol-su inside Kim Cheol-su), whatever term it was given.
    let wider = |p: &Proposal, q: &Proposal| {
        q.english.len() > p.english.len()
            && q.articles.len() >= p.articles.len()
            && word_at(&q.english.to_lowercase(), &p.english.to_lowercase()).is_some()
    };
    let kept: Vec<bool> = proposals
        .iter()
        .map(|p| !proposals.iter().any(|q| wider(p, q)))
        .collect();
    // One proposal per term: the English of the most articles, the
    // widest on a tie (Park Jae-geun, not Jae-geun).
    let mut best: Vec<Proposal> = Vec::new();
    for (proposal, _) in proposals.into_iter().zip(kept).filter(|(_, keep)| *keep) {
        let better = |other: &Proposal| {
            (proposal.articles.len(), proposal.english.split(' ').count())
                > (other.articles.len(), other.english.split(' ').count())
        };
        match best.iter_mut().find(|p| p.korean == proposal.korean) {
            Some(kept) if better(kept) => *kept = proposal,
            Some(_) => {}
            None => best.push(proposal),
        }
    }
    best
}

/// Where `word` (lower-cased) stands in `text` (lower-cased) as whole
/// words: not inside a longer word (a possessive after it is fine).
fn word_at(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        if !joined(before) && !joined(after) {
            return Some(at);
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn entry(
        id: i64,
        korean: &[&str],
        english: &[&str],
        forbidden: &[&str],
        kind: TermKind,
    ) -> Entry {
        let own = |forms: &[&str]| forms.iter().map(|f| f.to_string()).collect();
        Entry {
            id,
            korean: own(korean),
            english: own(english),
            forbidden: own(forbidden),
            kind,
        }
    }

    pub(crate) fn glossary() -> Glossary {
        Glossary::new(vec![
            entry(
                1,
                &["박재근"],
                &["Park Jae-geun"],
                &["Park Jae-kyun"],
                TermKind::Person,
            ),
            entry(
                2,
                &["산업통상자원부", "산업부"],
                &[
                    "Ministry of Trade, Industry and Energy",
                    "Trade, Industry and Energy Ministry",
                ],
                &["Trade Ministry"],
                TermKind::Organization,
            ),
            entry(
                3,
                &["기준금리"],
                &["base rate", "benchmark rate"],
                &[],
                TermKind::Term,
            ),
            entry(4, &["이"], &["Lee"], &[], TermKind::Person),
        ])
    }

    #[test]
    fn terms_are_marked_on_both_sides() {
        let g = glossary();
        let marks = g.marks("박재근 씨와 산업부가", "Park Jae-geun and the ministry");
        assert_eq!(
            marks,
            vec![
                Mark {
                    span: Span {
                        side: Side::Korean,
                        start: 0,
                        end: 3
                    },
                    entry: 0
                },
                Mark {
                    span: Span {
                        side: Side::Korean,
                        start: 7,
                        end: 10
                    },
                    entry: 1
                },
                Mark {
                    span: Span {
                        side: Side::English,
                        start: 0,
                        end: 13
                    },
                    entry: 0
                },
            ]
        );
    }

    #[test]
    fn particles_and_spacing_do_not_hide_a_term() {
        let g = glossary();
        let found = g.find("박재근 씨는 산업 통상 자원부가 발표한 기준금리를");
        let entries: Vec<usize> = found.iter().map(|f| f.entry).collect();
        assert_eq!(entries, vec![0, 1, 2]);
        // Spans are of the original text, its spaces included.
        let text: Vec<char> = "박재근 씨는 산업 통상 자원부가".chars().collect();
        let span: String = text[found[1].start..found[1].end].iter().collect();
        assert_eq!(span, "산업 통상 자원부");
        // One syllable is never searched for.
        assert!(g.find("이 사람").is_empty());
    }

    #[test]
    fn the_desks_repeated_corrections_are_proposed() {
        let row = |article: i64, korean: &str, ai: &str, signed_off: &str| EditedRow {
            article,
            korean: korean.into(),
            ai: ai.into(),
            signed_off: signed_off.into(),
        };
        let rows = vec![
            row(
                1,
                "박재근 교수는 반도체 수출이 늘었다고 말했다.",
                "Professor Park Jae-kyun said chip exports rose.",
                "Professor Park Jae-geun said chip exports rose.",
            ),
            row(
                2,
                "한양대 박재근 교수의 분석이다.",
                "That is the analysis of Park Jae-kyun of Hanyang University.",
                "That is the analysis of Park Jae-geun of Hanyang University.",
            ),
            row(
                3,
                "박재근 교수에 따르면 가격은 내렸다.",
                "According to Park Jae-gun, prices fell.",
                "According to Park Jae-geun, prices fell.",
            ),
            // Two articles only: not enough.
            row(
                4,
                "김철수 대변인은 말했다.",
                "Spokesman Kim Chul-su said.",
                "Spokesman Kim Cheol-su said.",
            ),
            row(
                5,
                "김철수 대변인이 밝혔다.",
                "Kim Chul-su said.",
                "Kim Cheol-su said.",
            ),
            // The same article twice counts once.
            row(
                6,
                "산업부는 말했다.",
                "The Trade Ministry said.",
                "The Industry Ministry said.",
            ),
            row(
                6,
                "산업부가 밝혔다.",
                "The Trade Ministry said.",
                "The Industry Ministry said.",
            ),
        ];
        let none = Glossary::new(Vec::new());
        let found = proposals(&rows, &none, 3);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].korean, "박재근");
        assert_eq!(found[0].english, "Park Jae-geun");
        assert_eq!(found[0].articles, vec![1, 2, 3]);
        assert_eq!(
            found[0].replaced,
            vec![
                ("Park Jae-kyun".to_string(), 2),
                ("Park Jae-gun".to_string(), 1)
            ]
        );
        // A term the glossary has is not proposed again.
        assert!(proposals(&rows, &glossary(), 3).is_empty());
        // With two articles enough, the spokesman is proposed too.
        let two = proposals(&rows, &none, 2);
        assert!(
            two.iter()
                .any(|p| p.korean == "김철수" && p.english == "Kim Cheol-su"),
            "{two:?}"
        );
        assert!(!two.iter().any(|p| p.english == "Industry Ministry"));
    }
}
