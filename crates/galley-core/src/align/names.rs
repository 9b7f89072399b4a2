//! Names across scripts, by their consonants.
//!
//! Names cross between Korean and English by sound: `Patrick` is written
//! `패트릭`, `Kim Yong-beom` is `김용범`. Both spellings keep the consonants and
//! differ in the vowels (Korean adds `으` to break up clusters and drops an
//! `r` after a vowel). So each side is reduced to a *skeleton*, a string of
//! consonant classes, and an English name is found in a Korean word when its
//! skeleton occurs in the word's skeleton (the word may carry a particle:
//! `하멜은`).
//!
//! The classes: K (ㄱ ㅋ ㄲ; c k q g), T (ㄷ ㅌ ㄸ; d t th), P (ㅂ ㅍ ㅃ; b p f v
//! ph), S (ㅅ ㅆ ㅈ ㅊ ㅉ; s z j ch sh, soft c and g), L (ㄹ; l, r before a
//! vowel), M, N, NG (final ㅇ; ng) and H (initial ㅎ; h where it is sounded).
//! Silent letters are dropped; an English
//! letter whose sound is ambiguous (g before e or i, th) may match either of
//! two classes.

const K: u16 = 1;
const T: u16 = 1 << 1;
const P: u16 = 1 << 2;
const S: u16 = 1 << 3;
const L: u16 = 1 << 4;
const M: u16 = 1 << 5;
const N: u16 = 1 << 6;
const NG: u16 = 1 << 7;
const H: u16 = 1 << 8;

/// The skeletons of a Korean paragraph's words, one consonant class per
/// position, one word after another with a gap between words, kept as one
/// bit set of positions per class: a name is found by shifting and
/// intersecting the sets of its classes (the shift-and of string matching),
/// and since a gap is in no class, a name found lies within one word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KoreanSkeleton {
    /// Positions, gaps included.
    len: usize,
    /// `CLASSES` bit sets of `blocks` 64-bit blocks each, class by class.
    bits: Vec<u64>,
    blocks: usize,
}

/// How many consonant classes there are (K to H).
const CLASSES: usize = 9;

impl KoreanSkeleton {
    fn new(classes: &[u16]) -> KoreanSkeleton {
        let blocks = classes.len().div_ceil(64);
        let mut bits = vec![0; CLASSES * blocks];
        for (at, &class) in classes.iter().enumerate() {
            if class != 0 {
                let c = class.trailing_zeros() as usize;
                bits[c * blocks + at / 64] |= 1 << (at % 64);
            }
        }
        KoreanSkeleton {
            len: classes.len(),
            bits,
            blocks,
        }
    }

    /// Block `block` of the set of positions whose class is in `set`,
    /// moved down by `shift` (< 64) positions.
    fn shifted(&self, set: u16, block: usize, shift: usize) -> u64 {
        let mut word = 0;
        let mut classes = set;
        while classes != 0 {
            let c = classes.trailing_zeros() as usize;
            classes &= classes - 1;
            let row = &self.bits[c * self.blocks..(c + 1) * self.blocks];
            let low = row[block] >> shift;
            let high = match row.get(block + 1) {
                Some(next) if shift > 0 => next << (64 - shift),
                _ => 0,
            };
            word |= low | high;
        }
        word
    }
}

/// An English name to look for, as a sequence of class sets.
#[derive(Debug, Clone, PartialEq)]
pub struct NameKey {
    /// Each element is the set of classes the consonant may be written as.
    pub pattern: Vec<u16>,
    /// How much finding it (or not) counts: short skeletons occur by chance.
    pub weight: f64,
    /// The English word (or two) it was made from, for explanations.
    pub word: String,
}

/// Shortest skeleton worth looking for: two consonants match by chance in
/// most Korean paragraphs.
const MIN_KEY: usize = 3;

fn initial_class(index: u32) -> u16 {
    // ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
    const TABLE: [u16; 19] = [K, K, N, T, T, L, M, P, P, S, S, 0, S, S, S, K, T, P, H];
    TABLE[index as usize]
}

fn final_classes(index: u32) -> &'static [u16] {
    // (none) ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
    const TABLE: [&[u16]; 28] = [
        &[],
        &[K],
        &[K],
        &[K, S],
        &[N],
        &[N, S],
        &[N],
        &[T],
        &[L],
        &[L, K],
        &[L, M],
        &[L, P],
        &[L, S],
        &[L, T],
        &[L, P],
        &[L],
        &[M],
        &[P],
        &[P, S],
        &[T],
        &[T],
        &[NG],
        &[T],
        &[T],
        &[K],
        &[T],
        &[P],
        &[],
    ];
    TABLE[index as usize]
}

fn push_deduped(skeleton: &mut Vec<u16>, class: u16) {
    if class != 0 && skeleton.last() != Some(&class) {
        skeleton.push(class);
    }
}

/// Skeletons of the Hangul words of a Korean paragraph (words of other
/// scripts are skipped; Latin words are matched as they are elsewhere).
pub fn korean_skeletons(text: &str) -> KoreanSkeleton {
    let mut all = Vec::new();
    let mut skeleton = Vec::new();
    for word in text.split(|c: char| !is_hangul_syllable(c)) {
        skeleton.clear();
        for syllable in word.chars() {
            let index = u32::from(syllable) - 0xAC00;
            push_deduped(&mut skeleton, initial_class(index / (21 * 28)));
            for &class in final_classes(index % 28) {
                push_deduped(&mut skeleton, class);
            }
        }
        if skeleton.len() >= MIN_KEY {
            all.extend_from_slice(&skeleton);
            all.push(0);
        }
    }
    KoreanSkeleton::new(&all)
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

fn is_vowel(c: Option<&char>) -> bool {
    matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// The class pattern of one English word (lower-case ASCII letters).
fn english_pattern(word: &[char]) -> Vec<u16> {
    let mut pattern: Vec<u16> = Vec::new();
    let mut i = 0;
    let at = |k: usize| word.get(k);
    while i < word.len() {
        let next = at(i + 1).copied();
        let (class, used) = match word[i] {
            'h' if i == 0 || (i > 0 && is_vowel(at(i - 1)) && is_vowel(next.as_ref())) => (H, 1),
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h' => (0, 1),
            'b' | 'f' | 'v' => (P, 1),
            'p' if next == Some('h') => (P, 2),
            'p' => (P, 1),
            'c' if next == Some('k') => (K, 2),
            'c' if next == Some('h') => (S | K, 2),
            'c' if matches!(next, Some('e' | 'i' | 'y')) => (S, 1),
            'c' | 'k' | 'q' => (K, 1),
            't' if next == Some('h') => (T | S, 2),
            't' if next == Some('c') && at(i + 2) == Some(&'h') => (S, 3),
            't' if matches!(next, Some('s' | 'z')) => (S, 2),
            'd' if next == Some('g') && matches!(at(i + 2), Some('e' | 'i' | 'y')) => (S, 2),
            'd' | 't' => (T, 1),
            'g' if next == Some('h') => (0, 2),
            'g' if matches!(next, Some('e' | 'i' | 'y')) => (K | S, 1),
            'g' => (K, 1),
            'j' | 's' | 'z' => (S, if next == Some('h') { 2 } else { 1 }),
            'x' => {
                pattern.push(K);
                (S, 1)
            }
            'l' => (L, 1),
            'r' if is_vowel(next.as_ref()) => (L, 1),
            'r' => (0, 1),
            'm' => (M, 1),
            'n' if next == Some('g') && !is_vowel(at(i + 2)) => (NG, 2),
            'n' if next == Some('k') => (N | NG, 1),
            'n' => (N, 1),
            _ => (0, 1),
        };
        if class != 0 && pattern.last() != Some(&class) {
            pattern.push(class);
        }
        i += used;
    }
    pattern
}

/// Names to look for in the Korean: capitalized words of an English
/// paragraph that do not start a sentence, and runs of two such words read
/// together (`San Diego` is one Korean word, `샌디에이고`).
pub fn english_name_keys(text: &str) -> Vec<NameKey> {
    let mut keys = Vec::new();
    let mut previous: Option<(Vec<u16>, String)> = None;
    let mut sentence_start = true;
    for token in text.split_whitespace() {
        let starts_upper = token
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase);
        // Only a capitalized word inside a sentence can be a name.
        let letters: String = if starts_upper && !sentence_start {
            token
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .split('\'')
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| c.is_ascii_alphabetic() || *c == '-')
                .collect()
        } else {
            String::new()
        };
        let is_name = letters.len() > 1;
        if is_name {
            let lower: Vec<char> = letters
                .to_ascii_lowercase()
                .chars()
                .filter(|c| *c != '-')
                .collect();
            let pattern = english_pattern(&lower);
            if pattern.len() >= MIN_KEY {
                keys.push(NameKey {
                    weight: weight(pattern.len()),
                    pattern: pattern.clone(),
                    word: letters.clone(),
                });
            } else if let Some((before, before_word)) = previous
                .as_ref()
                .filter(|(before, _)| before.len() < MIN_KEY)
            {
                let mut joined = before.clone();
                joined.extend(pattern.iter().copied());
                joined.dedup();
                if joined.len() >= MIN_KEY {
                    keys.push(NameKey {
                        weight: weight(joined.len()),
                        pattern: joined,
                        word: format!("{before_word} {letters}"),
                    });
                }
            }
            previous = Some((pattern, letters.clone()));
        } else {
            previous = None;
        }
        let trimmed = token.trim_end_matches(['"', '\'', '”', '’', ')']);
        sentence_start = trimmed.ends_with(['.', '?', '!', ':']) && !trimmed.ends_with("..");
        // "Mr." and initials do not end a sentence.
        if trimmed.len() <= 4 && trimmed.ends_with('.') && starts_upper {
            sentence_start = false;
        }
    }
    keys
}

fn weight(len: usize) -> f64 {
    if len >= 4 { 1.0 } else { 0.5 }
}

/// Whether the name occurs in one of the Korean words.
pub fn found_in(key: &NameKey, words: &KoreanSkeleton) -> bool {
    let n = key.pattern.len();
    if n == 0 || n > 64 || n > words.len {
        return false;
    }
    (0..words.blocks).any(|block| {
        let mut candidates = u64::MAX;
        for (t, &set) in key.pattern.iter().enumerate() {
            candidates &= words.shifted(set, block, t);
            if candidates == 0 {
                return false;
            }
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(english: &str, korean: &str) -> Vec<bool> {
        let words = korean_skeletons(korean);
        english_name_keys(english)
            .iter()
            .map(|key| found_in(key, &words))
            .collect()
    }

    #[test]
    fn a_name_is_found_across_the_64_position_blocks_and_never_across_words() {
        // Filler words push the name through every position of the first
        // block and over its edge into the second.
        for filler in 0..30 {
            let korean = format!("{}샌디에이고의 관계자는", "전문가들은 ".repeat(filler));
            assert_eq!(
                found("in San Diego", &korean),
                [true],
                "after {filler} words"
            );
        }
        // Sullivan's consonants (S L P N) run through 마설리번개 but are
        // split between two words in 마설리 번개: no name.
        assert_eq!(found("told Sullivan", "마설리번개"), [true]);
        assert_eq!(found("told Sullivan", "마설리 번개"), [false]);
    }

    #[test]
    fn transliterated_names_are_found() {
        let cases = [
            ("said Patrick Dwyer", "패트릭 드와이어가 말했다"),
            ("told Hammel", "하멜은"),
            ("Mike Sullivan", "마이크 설리번과"),
            ("Daniel Sturridge scored", "다니엘 스터리지가"),
            ("by Merriweather", "메리웨더 씨는"),
            ("the Giants", "자이언츠는"),
            ("Minister Kim Yong-beom", "김용범 차관은"),
            ("in San Diego", "샌디에이고의"),
        ];
        for (english, korean) in cases {
            let results = found(english, korean);
            assert!(!results.is_empty(), "no key in {english:?}");
            assert!(
                results.iter().all(|&f| f),
                "{english:?} not found in {korean:?}: {results:?}"
            );
        }
    }

    #[test]
    fn other_names_are_not_found() {
        assert_eq!(found("said Patrick", "마이크 설리번과"), [false]);
        assert_eq!(found("said Merriweather", "하멜은 말했다"), [false]);
    }

    #[test]
    fn sentence_initial_and_short_words_are_not_keys() {
        assert!(english_name_keys("Researchers said so. Then it rained.").is_empty());
        // "Lee" has one consonant: too short to tell anything.
        assert!(english_name_keys("said Lee").is_empty());
        // Titles and initials do not end a sentence.
        assert_eq!(english_name_keys("Mr. Merriweather left").len(), 1);
    }
}
