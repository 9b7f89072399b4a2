//! Sentence counts, a cheap signal that survives translation: a translator
//! may split or join a sentence, but usually keeps them.

/// Abbreviations after which a full stop does not end an English sentence.
const ENGLISH_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "rev", "capt", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
    "prof", "jr", "sr", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "inc", "corp", "co", "ltd", "mt", "ft", "u.s", "u.k", "u.n", "e.g", "i.e",
    "etc", "approx", "dept", "est", "fig", "maj", "adm", "cmdr", "supt", "pres", "v", "fr", "msgr",
    "ald", "ave", "blvd", "rd", "nos", "gens", "reps", "sens", "u.s.a",
];

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '。' | '？' | '！' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '」' | '』' | '»')
}

/// Counts the sentences of a paragraph. `english` switches on the English
/// rules for abbreviations and initials; Korean sentences end at any
/// terminal mark followed by a space.
pub fn count_sentences(text: &str, english: bool) -> u32 {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut has_text = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !has_text && c.is_alphanumeric() {
            has_text = true;
        }
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && (is_terminal(chars[end]) || is_closer(chars[end])) {
            end += 1;
        }
        let at_end = end == chars.len();
        let followed_by_space = chars.get(end).is_some_and(|c| c.is_whitespace());
        if (at_end || followed_by_space) && has_text && (!english || ends_sentence(&chars, i, end))
        {
            count += 1;
            has_text = false;
        }
        i = end;
    }
    if has_text {
        count += 1;
    }
    count.max(1)
}

/// Whether the terminal mark at `dot` (followed by closers up to `end`) ends
/// an English sentence.
fn ends_sentence(chars: &[char], dot: usize, end: usize) -> bool {
    let next = chars[end..]
        .iter()
        .find(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '‘' | '\'' | '('));
    // A lower-case word after the mark means the sentence goes on:
    // `"Why?" asked Martin.`
    if next.is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    if chars[dot] != '.' {
        return true;
    }
    let mut start = dot;
    while start > 0 && (chars[start - 1].is_alphanumeric() || chars[start - 1] == '.') {
        start -= 1;
    }
    let word: String = chars[start..dot].iter().collect::<String>().to_lowercase();
    let next = chars[end..]
        .iter()
        .find(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '‘' | '\'' | '('));
    // An initial ("John F. Kennedy") or a listed abbreviation ends no sentence
    // unless a capital letter could not follow it anyway.
    let single_capital = word.chars().count() == 1 && chars[start].is_uppercase();
    if single_capital || ENGLISH_ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    // A lower-case word after the stop means it was not a sentence end.
    !next.is_some_and(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_sentences_skip_abbreviations_and_initials() {
        assert_eq!(
            count_sentences(
                "Mr. Kim met Dr. Lee in the U.S. on Oct. 3. They talked.",
                true
            ),
            2
        );
        assert_eq!(count_sentences("John F. Kennedy spoke.", true), 1);
        assert_eq!(
            count_sentences("\"Go home.\" He left. Why? Because!", true),
            4
        );
        assert_eq!(count_sentences("It rose 3.5 percent", true), 1);
        assert_eq!(
            count_sentences("\"Who pays?\" asked Martin. \"Nobody.\"", true),
            2
        );
        assert_eq!(
            count_sentences("the future of Roe v. Wade was at stake.", true),
            1
        );
    }

    #[test]
    fn korean_sentences_end_at_terminal_marks() {
        assert_eq!(
            count_sentences("회의가 열렸다. 결과는 3.5%였다. 왜일까?", false),
            3
        );
        assert_eq!(count_sentences("“가자.” 그가 말했다.", false), 2);
        assert_eq!(count_sentences("제목만 있는 줄", false), 1);
    }
}
