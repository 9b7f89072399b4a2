//! Romanization of Korean personal names, offered to a reviewer as a
//! suggestion for a name the glossary does not know (issue 21): the Revised
//! Romanization of Korean (Ministry of Culture and Tourism, 2000), with the
//! surname also in the spelling its bearers usually use (Park, Lee, Choi),
//! and McCune–Reischauer (1939, with its breves and apostrophes).
//!
//! Names follow the Revised Romanization's rule for names: the surname
//! first, then the given name with a hyphen between its syllables, and no
//! sound change between the given name's syllables (한복남 is Han Bok-nam,
//! not Han Bong-nam). McCune–Reischauer writes the plain stops voiced
//! (g, d, b, j) between voiced sounds inside the given name, and voiceless
//! at its start (박재근: Pak Chae-gŭn).

/// A Korean name in three spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForms {
    /// Revised Romanization, letter for letter: `Bak Jae-geun`.
    pub revised: String,
    /// Revised Romanization with the surname as its bearers usually write
    /// it: `Park Jae-geun` (the same as `revised` for a surname without
    /// one).
    pub usual: String,
    /// McCune–Reischauer: `Pak Chae-gŭn`.
    pub mccune_reischauer: String,
}

const SYLLABLE_BASE: u32 = 0xAC00;
const SYLLABLES: u32 = 11_172;

/// A Hangul syllable's initial, vowel and final (0 for none) indices.
fn jamo(c: char) -> Option<(usize, usize, usize)> {
    let code = (c as u32).checked_sub(SYLLABLE_BASE)?;
    if code >= SYLLABLES {
        return None;
    }
    let code = code as usize;
    Some((code / 588, (code % 588) / 28, code % 28))
}

// Initials in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ.
const RR_INITIAL: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
// Vowels: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ.
const RR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const MR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we",
    "wi", "yu", "ŭ", "ŭi", "i",
];
// Finals: none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ,
// as the syllable's last sound (both systems agree here).
const FINAL: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Two-syllable surnames; any other name's surname is its first syllable.
const DOUBLE_SURNAMES: [&str; 8] = [
    "남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방",
];

/// Surnames as their bearers usually write them, where that differs from
/// the Revised Romanization (the spellings most common in passports and
/// the press).
const USUAL_SURNAMES: [(&str, &str); 40] = [
    ("김", "Kim"),
    ("이", "Lee"),
    ("리", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("임", "Lim"),
    ("오", "Oh"),
    ("신", "Shin"),
    ("권", "Kwon"),
    ("안", "Ahn"),
    ("류", "Ryu"),
    ("유", "Yoo"),
    ("고", "Ko"),
    ("문", "Moon"),
    ("노", "Roh"),
    ("심", "Shim"),
    ("곽", "Kwak"),
    ("성", "Sung"),
    ("주", "Joo"),
    ("우", "Woo"),
    ("구", "Koo"),
    ("강", "Kang"),
    ("공", "Kong"),
    ("현", "Hyun"),
    ("변", "Byun"),
    ("추", "Choo"),
    ("선", "Sun"),
    ("명", "Myung"),
    ("기", "Ki"),
    ("금", "Keum"),
    ("육", "Yook"),
    ("국", "Kook"),
    ("경", "Kyung"),
    ("부", "Boo"),
    ("두", "Doo"),
    ("범", "Bum"),
    ("선우", "Sunwoo"),
];

/// McCune–Reischauer surnames that the system's rules do not give (이 is
/// written Yi by long custom).
const MR_SURNAMES: [(&str, &str); 3] = [("이", "Yi"), ("리", "Yi"), ("류", "Yu")];

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A syllable in the Revised Romanization.
fn revised_syllable(c: char) -> String {
    let Some((initial, vowel, last)) = jamo(c) else {
        return c.to_string();
    };
    // ㄹ at the start of a name's part is written r (Ryu, Ra).
    format!("{}{}{}", RR_INITIAL[initial], RR_VOWEL[vowel], FINAL[last])
}

/// A syllable in McCune–Reischauer; `voiced` when the sound before it (in
/// the same word) is a vowel or n, m, ng, l.
fn mr_syllable(c: char, voiced: bool) -> String {
    let Some((initial, vowel, last)) = jamo(c) else {
        return c.to_string();
    };
    let plain = |voiceless: &'static str, between: &'static str| {
        if voiced { between } else { voiceless }
    };
    let onset = match initial {
        0 => plain("k", "g"),
        1 => "kk",
        2 => "n",
        3 => plain("t", "d"),
        4 => "tt",
        5 => "r",
        6 => "m",
        7 => plain("p", "b"),
        8 => "pp",
        // ㅅ before i or wi is sh.
        9 if vowel == 20 || vowel == 16 => "sh",
        9 => "s",
        10 => "ss",
        11 => "",
        12 => plain("ch", "j"),
        13 => "tch",
        14 => "ch'",
        15 => "k'",
        16 => "t'",
        17 => "p'",
        _ => "h",
    };
    format!("{onset}{}{}", MR_VOWEL[vowel], FINAL[last])
}

/// Whether a syllable ends in a voiced sound (a vowel, or n, m, ng, l).
fn ends_voiced(c: char) -> bool {
    jamo(c).is_some_and(|(_, _, last)| matches!(FINAL[last], "" | "n" | "m" | "ng" | "l"))
}

/// The three spellings of a Korean personal name of two to five Hangul
/// syllables (surname first, no spaces); `None` for anything else.
pub fn name_forms(name: &str) -> Option<NameForms> {
    let name = name.trim();
    let syllables: Vec<char> = name.chars().collect();
    if !(2..=5).contains(&syllables.len()) || syllables.iter().any(|&c| jamo(c).is_none()) {
        return None;
    }
    let surname_len = if syllables.len() > 2 && DOUBLE_SURNAMES.iter().any(|s| name.starts_with(s))
    {
        2
    } else {
        1
    };
    let (surname, given) = syllables.split_at(surname_len);
    let surname_text: String = surname.iter().collect();
    let revised_surname = capitalize(
        &surname
            .iter()
            .map(|&c| revised_syllable(c))
            .collect::<String>(),
    );
    let revised_given = capitalize(
        &given
            .iter()
            .map(|&c| revised_syllable(c))
            .collect::<Vec<_>>()
            .join("-"),
    );
    let usual_surname = USUAL_SURNAMES
        .iter()
        .find(|(ko, _)| *ko == surname_text)
        .map_or_else(|| revised_surname.clone(), |(_, en)| (*en).to_string());
    let mr_surname = MR_SURNAMES
        .iter()
        .find(|(ko, _)| *ko == surname_text)
        .map_or_else(
            || {
                let mut text = String::new();
                let mut voiced = false;
                for &c in surname {
                    text.push_str(&mr_syllable(c, voiced));
                    voiced = ends_voiced(c);
                }
                capitalize(&text)
            },
            |(_, en)| (*en).to_string(),
        );
    let mut mr_given = Vec::new();
    for (i, &c) in given.iter().enumerate() {
        let voiced = i > 0 && ends_voiced(given[i - 1]);
        mr_given.push(mr_syllable(c, voiced));
    }
    Some(NameForms {
        revised: format!("{revised_surname} {revised_given}"),
        usual: format!("{usual_surname} {revised_given}"),
        mccune_reischauer: format!("{mr_surname} {}", capitalize(&mr_given.join("-"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names with their spellings in each system. The first four are the
    /// examples of the Revised Romanization's rule for names (National
    /// Institute of Korean Language, romanization rules, §3.4: no sound
    /// change inside a given name, a hyphen allowed between its syllables);
    /// the others are public figures, whose McCune–Reischauer forms are
    /// those of the standard references, and a few of whom write their
    /// names in the Revised Romanization with the usual surname (marked).
    const TABLE: [(&str, &str, &str, &str); 16] = [
        ("민용하", "Min Yong-ha", "Min Yong-ha", "Min Yong-ha"),
        ("송나리", "Song Na-ri", "Song Na-ri", "Song Na-ri"),
        ("한복남", "Han Bok-nam", "Han Bok-nam", "Han Pok-nam"),
        ("홍빛나", "Hong Bit-na", "Hong Bit-na", "Hong Pit-na"),
        ("박재근", "Bak Jae-geun", "Park Jae-geun", "Pak Chae-gŭn"),
        ("박근혜", "Bak Geun-hye", "Park Geun-hye", "Pak Kŭn-hye"),
        ("문재인", "Mun Jae-in", "Moon Jae-in", "Mun Chae-in"),
        ("김대중", "Gim Dae-jung", "Kim Dae-jung", "Kim Tae-jung"),
        ("이명박", "I Myeong-bak", "Lee Myeong-bak", "Yi Myŏng-bak"),
        ("윤석열", "Yun Seok-yeol", "Yoon Seok-yeol", "Yun Sŏk-yŏl"),
        ("반기문", "Ban Gi-mun", "Ban Gi-mun", "Pan Ki-mun"),
        ("노무현", "No Mu-hyeon", "Roh Mu-hyeon", "No Mu-hyŏn"),
        (
            "최경환",
            "Choe Gyeong-hwan",
            "Choi Gyeong-hwan",
            "Ch'oe Kyŏng-hwan",
        ),
        ("정세균", "Jeong Se-gyun", "Jung Se-gyun", "Chŏng Se-gyun"),
        ("한덕수", "Han Deok-su", "Han Deok-su", "Han Tŏk-su"),
        (
            "남궁민수",
            "Namgung Min-su",
            "Namgung Min-su",
            "Namgung Min-su",
        ),
    ];

    #[test]
    fn names_are_spelled_as_the_rules_and_references_give_them() {
        for (name, revised, usual, mr) in TABLE {
            let forms = name_forms(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(forms.revised, revised, "{name}: Revised Romanization");
            assert_eq!(forms.usual, usual, "{name}: with the usual surname");
            assert_eq!(forms.mccune_reischauer, mr, "{name}: McCune–Reischauer");
        }
    }

    #[test]
    fn official_spellings_that_follow_the_rules_are_suggested() {
        // People who write their names in the Revised Romanization with
        // their surname's usual spelling: the suggestion is their own.
        for (name, official) in [
            ("박근혜", "Park Geun-hye"),
            ("문재인", "Moon Jae-in"),
            ("김대중", "Kim Dae-jung"),
            ("박재근", "Park Jae-geun"),
        ] {
            assert_eq!(name_forms(name).unwrap().usual, official);
        }
    }

    #[test]
    fn only_names_are_romanized() {
        for not in ["", "김", "Kim Jae", "김 재근", "김재근은행장입니다", "ㄱㄴ"] {
            assert_eq!(name_forms(not), None, "{not:?}");
        }
        // ㅅ before i is sh in McCune–Reischauer; a double surname needs a
        // given name after it.
        assert_eq!(name_forms("김시우").unwrap().mccune_reischauer, "Kim Shi-u");
        assert_eq!(name_forms("선우").unwrap().revised, "Seon U");
    }
}
