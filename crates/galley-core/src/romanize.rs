//! Romanization of Korean personal names, offered to a reviewer as a
//! suggestion for a name the glossary does not know: the Revised
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

/// How many syllables of a name (surname first) its surname takes: two
/// for a double surname followed by a given name, else one.
fn surname_len(name: &[char]) -> usize {
    let double = |d: &&str| d.chars().eq(name.iter().take(2).copied());
    if name.len() > 2 && DOUBLE_SURNAMES.iter().any(double) {
        2
    } else {
        1
    }
}

/// The three spellings of a Korean personal name of two to five Hangul
/// syllables (surname first, no spaces); `None` for anything else.
pub fn name_forms(name: &str) -> Option<NameForms> {
    let name = name.trim();
    let syllables: Vec<char> = name.chars().collect();
    if !(2..=5).contains(&syllables.len()) || syllables.iter().any(|&c| jamo(c).is_none()) {
        return None;
    }
    let (surname, given) = syllables.split_at(surname_len(&syllables));
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

/// Surnames as the press writes them beside the systems' spellings
/// (Rhee, Chung, Paik, Huh): a name in English with one of these, or with
/// one of [`name_forms`]' surnames, may be this name.
const PRESS_SURNAMES: [(&str, &[&str]); 30] = [
    ("김", &["Kim", "Gim"]),
    ("이", &["Lee", "Yi", "Rhee", "Rhie", "Ri"]),
    ("리", &["Lee", "Yi", "Ri"]),
    ("박", &["Park", "Pak", "Bak"]),
    ("최", &["Choi", "Choe"]),
    ("정", &["Jung", "Jeong", "Chung", "Chong"]),
    ("조", &["Cho", "Jo"]),
    ("장", &["Jang", "Chang"]),
    ("윤", &["Yoon", "Yun"]),
    ("임", &["Lim", "Im", "Rim"]),
    ("신", &["Shin", "Sin"]),
    ("서", &["Seo", "Suh", "So"]),
    ("권", &["Kwon", "Gwon"]),
    ("안", &["Ahn", "An"]),
    ("유", &["Yoo", "Yu", "You"]),
    ("류", &["Ryu", "Yoo", "Yu", "Ryoo"]),
    ("전", &["Jeon", "Chun", "Jun", "Chon"]),
    ("고", &["Ko", "Koh", "Go"]),
    ("문", &["Moon", "Mun"]),
    ("손", &["Son", "Sohn"]),
    ("배", &["Bae", "Pae"]),
    ("백", &["Baek", "Paik", "Paek"]),
    ("허", &["Heo", "Huh", "Hur"]),
    ("노", &["Noh", "Roh", "No"]),
    ("곽", &["Kwak", "Gwak"]),
    ("성", &["Sung", "Seong"]),
    ("구", &["Koo", "Ku", "Gu"]),
    ("주", &["Joo", "Ju", "Chu"]),
    ("우", &["Woo", "U"]),
    ("추", &["Choo", "Chu"]),
];

/// A McCune–Reischauer spelling as it is typed: without the breves and
/// apostrophes (Chae-gŭn as Chae-gun, Ch'oe as Choe).
fn plain_letters(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '\'')
        .map(|c| match c {
            'ŏ' => 'o',
            'ŭ' => 'u',
            'Ŏ' => 'O',
            'Ŭ' => 'U',
            other => other,
        })
        .collect()
}

/// The consonants of a romanized name as they sound, with the voiced and
/// voiceless stops taken for one (k and g, t and d, p and b, ch and j; r
/// and l): the spellings of one name share it (Yong-beom, Yong-bum,
/// Yong-pŏm), other names seldom do.
fn sounds(text: &str) -> String {
    let text = plain_letters(text).to_lowercase();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let (sound, width) = match (chars[i], next) {
            ('c', Some('h')) => (Some('j'), 2),
            ('s', Some('h')) => (Some('s'), 2),
            ('k', _) => (Some('g'), 1),
            ('t', _) => (Some('d'), 1),
            ('p', _) => (Some('b'), 1),
            ('r', _) => (Some('l'), 1),
            (c, _) if c.is_ascii_alphabetic() && !"aeiouwy".contains(c) => (Some(c), 1),
            _ => (None, 1),
        };
        if let Some(sound) = sound
            && !out.ends_with(sound)
        {
            out.push(sound);
        }
        i += width;
    }
    out
}

/// How a name written in English stands to a Korean name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelled {
    /// A usual spelling of it: the Revised Romanization or
    /// McCune–Reischauer, with any of the surname's usual forms.
    Usual,
    /// Its surname and the sounds of its given name, spelled as neither
    /// system does (Kim Yong-bum for 김용범).
    Unusual,
    /// Another name.
    Other,
}

/// How `english` (surname, a space, the given name: `Kim Yong-bum`) spells
/// the Korean name `name`.
pub fn spelled(name: &str, english: &str) -> Spelled {
    let Some(forms) = name_forms(name) else {
        return Spelled::Other;
    };
    let Some((surname, given)) = english.trim().split_once(' ') else {
        return Spelled::Other;
    };
    let syllables: Vec<char> = name.trim().chars().collect();
    let surname_len = surname_len(&syllables);
    let korean_surname: String = syllables[..surname_len].iter().collect();
    let first = |form: &str| form.split(' ').next().unwrap_or_default().to_lowercase();
    let mut surnames = vec![
        first(&forms.revised),
        first(&forms.usual),
        first(&plain_letters(&forms.mccune_reischauer)),
    ];
    if let Some((_, press)) = PRESS_SURNAMES.iter().find(|(k, _)| *k == korean_surname) {
        surnames.extend(press.iter().map(|s| s.to_lowercase()));
    }
    if !surnames.contains(&surname.to_lowercase()) {
        return Spelled::Other;
    }
    // Each syllable of the given name in either system; a name may mix
    // them (rare) but not drop or add a syllable.
    let given_syllables = &syllables[surname_len..];
    let options: Vec<[String; 2]> = given_syllables
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let voiced = i > 0 && ends_voiced(given_syllables[i - 1]);
            [revised_syllable(c), plain_letters(&mr_syllable(c, voiced))]
        })
        .collect();
    let written = given.to_lowercase();
    let parts: Vec<&str> = written.split('-').collect();
    let usual = if parts.len() == options.len() {
        parts
            .iter()
            .zip(&options)
            .all(|(part, [rr, mr])| part == rr || part == mr)
    } else {
        // Written as one word (Yongbeom): either system's whole given name.
        let join = |pick: usize| options.iter().map(|o| o[pick].as_str()).collect::<String>();
        parts.len() == 1 && (written == join(0) || written == join(1))
    };
    let rr_given = forms.revised.split_once(' ').map_or("", |(_, g)| g);
    let mr_given = forms
        .mccune_reischauer
        .split_once(' ')
        .map_or("", |(_, g)| g);
    if usual {
        Spelled::Usual
    } else if sounds(given) == sounds(rr_given) || sounds(given) == sounds(mr_given) {
        Spelled::Unusual
    } else {
        Spelled::Other
    }
}

/// A Korean personal name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameAt {
    /// Where, in chars of the text.
    pub start: usize,
    /// Just past it.
    pub end: usize,
    /// The name (surname first).
    pub name: String,
}

/// Surnames a found name may start with: the most common in the census,
/// about 95% of Koreans between them (the double surnames are in
/// [`DOUBLE_SURNAMES`]).
const SURNAMES: &str = "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상갈단견당화창옹순빙리";

/// Words that stand beside a name in Korean news: honorifics and titles
/// (박재근 씨, 박재근 교수는, 장관 안덕근은, 박재근 한양대 교수).
const TITLES: [&str; 74] = [
    "씨",
    "대통령",
    "부통령",
    "부대표",
    "총리",
    "부총리",
    "장관",
    "차관",
    "의원",
    "대표",
    "회장",
    "부회장",
    "사장",
    "부사장",
    "교수",
    "위원장",
    "부위원장",
    "위원",
    "원장",
    "청장",
    "처장",
    "실장",
    "국장",
    "과장",
    "부장",
    "차장",
    "팀장",
    "시장",
    "지사",
    "군수",
    "구청장",
    "대변인",
    "감독",
    "선수",
    "코치",
    "판사",
    "검사",
    "검찰총장",
    "변호사",
    "기자",
    "특파원",
    "연구원",
    "연구위원",
    "박사",
    "이사장",
    "이사",
    "총재",
    "부총재",
    "대사",
    "의장",
    "부의장",
    "소장",
    "센터장",
    "본부장",
    "후보",
    "후보자",
    "당선인",
    "최고위원",
    "원내대표",
    "비서실장",
    "수석",
    "전무",
    "상무",
    "교육감",
    "총장",
    "작가",
    "배우",
    "가수",
    "감독관",
    "이코노미스트",
    "애널리스트",
    "대법원장",
    "헌법재판소장",
    "창업자",
];

/// What may follow a name or a title in the same word besides the
/// particles ([`crate::korean::PARTICLES`]).
const MORE_ENDINGS: [&str; 9] = [
    "께서",
    "이다",
    "이라고",
    "라고",
    "로",
    "만",
    "이었다",
    "였다",
    "이라며",
];

/// Whether what follows a name or a title in its word is nothing, or a
/// particle or an ending.
fn is_particle(rest: &str) -> bool {
    rest.is_empty() || crate::korean::PARTICLES.contains(&rest) || MORE_ENDINGS.contains(&rest)
}

/// Syllables that end a word as a particle or a verb's ending far more
/// often than they end a given name (경찰이, 기사는, 유명한, 지키고).
const NOT_NAME_ENDINGS: &str = "는를의에로으만을과와도가이한될하되내고던적들된온데율공치";

/// Syllables of transliterated foreign names, seldom in a Korean given
/// name (오바마, 도쿠다, 음베키).
const FOREIGN_SYLLABLES: &str = "크트프스즈츠드르브그쿠키투푸티피폴슬렌레루바마";

/// Last syllables of organizations, which stand before a title as names
/// do (공화당 대표, 백악관 대변인, 한양대 교수).
const ORGANIZATION_ENDINGS: &str = "당관부청처소사회단국실대교위";

/// A word's leading run of Hangul syllables, after any opening quote or
/// bracket; with its offset in chars from the word's start.
fn hangul_run(word: &str) -> (usize, String) {
    let skip = word.chars().take_while(|&c| jamo(c).is_none()).count();
    let run: String = word
        .chars()
        .skip(skip)
        .take_while(|&c| jamo(c).is_some())
        .collect();
    (skip, run)
}

/// Whether a word is a title, particles and all (교수는, 장관).
fn is_title(word: &str) -> bool {
    let (_, run) = hangul_run(word);
    TITLES
        .iter()
        .any(|t| run.strip_prefix(t).is_some_and(is_particle))
}

/// A compound title: up to three syllables of its office before a title of
/// two syllables or more (정책실장은, 경제수석, 국방차관이), as the press
/// writes a title after a name and its organization.
fn is_compound_title(word: &str) -> bool {
    let (_, run) = hangul_run(word);
    let chars: Vec<char> = run.chars().collect();
    (1..=3.min(chars.len())).any(|skip| {
        let rest: String = chars[skip..].iter().collect();
        TITLES
            .iter()
            .filter(|t| t.chars().count() > 1)
            .any(|t| rest.strip_prefix(t).is_some_and(is_particle))
    })
}

/// A word that names an organization (산업통상자원부, 대통령실, 한양대).
fn is_organization(word: &str) -> bool {
    let (_, run) = hangul_run(word);
    run.chars().count() >= 2
        && run
            .chars()
            .last()
            .is_some_and(|l| ORGANIZATION_ENDINGS.contains(l))
}

/// A name a word may start with.
struct Candidate {
    /// Where it starts in the word, in chars.
    skip: usize,
    name: String,
    /// Whether 씨 follows it.
    honorific: bool,
    /// Whether a particle follows it in the word.
    particle: bool,
}

/// The name a word starts with, if it is a surname and a given name of
/// two syllables followed by nothing but particles (or 씨).
fn name_in(word: &str) -> Option<Candidate> {
    let (skip, run) = hangul_run(word);
    let chars: Vec<char> = run.chars().collect();
    let surname = if DOUBLE_SURNAMES.iter().any(|d| run.starts_with(d)) {
        2
    } else if chars.first().is_some_and(|c| SURNAMES.contains(*c)) {
        1
    } else {
        return None;
    };
    let len = surname + 2;
    if chars.len() < len {
        return None;
    }
    let name: String = chars[..len].iter().collect();
    let rest: String = chars[len..].iter().collect();
    let (honorific, rest) = match rest.strip_prefix('씨') {
        Some(after) => (true, after.to_string()),
        None => (false, rest),
    };
    let given = &chars[surname..len];
    if !is_particle(&rest)
        || is_title(&name)
        || TITLES
            .iter()
            .any(|t| t.chars().count() > 1 && name.ends_with(t))
        || given[1..].iter().any(|c| NOT_NAME_ENDINGS.contains(*c))
        || given.iter().any(|c| FOREIGN_SYLLABLES.contains(*c))
    {
        return None;
    }
    Some(Candidate {
        skip,
        name,
        honorific,
        particle: !rest.is_empty(),
    })
}

/// The Korean personal names in a text, as the press writes them: a
/// surname and a two-syllable given name, with an honorific or a title
/// beside it (박재근 씨는, 박재근 한양대 교수는, 장관 안덕근은). A name
/// standing alone is not taken for one: too many words look like names.
pub fn person_names(text: &str) -> Vec<NameAt> {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for word in text.split(char::is_whitespace) {
        if !word.is_empty() {
            words.push((at, word));
        }
        at += word.chars().count() + 1;
    }
    let mut found: Vec<NameAt> = Vec::new();
    // Whether the word before was taken for a bare name: the word after
    // one and before a title is its organization (박재근 한양대 교수).
    let mut after_name = false;
    for (i, &(start, word)) in words.iter().enumerate() {
        let title_at = |j: usize| words.get(j).is_some_and(|w| is_title(w.1));
        // Name, organization, title: the commonest order in Korean news
        // (김용범 대통령실 정책실장은, 김정관 산업통상자원부 장관은).
        let organization_then_title = words.get(i + 1).is_some_and(|w| is_organization(w.1))
            && words
                .get(i + 2)
                .is_some_and(|w| is_title(w.1) || is_compound_title(w.1));
        let candidate = name_in(word).filter(|c| {
            let organization = c
                .name
                .chars()
                .last()
                .is_some_and(|l| ORGANIZATION_ENDINGS.contains(l));
            !after_name
                && (c.honorific
                    || !c.particle && organization_then_title
                    || !organization && title_at(i + 1)
                    || !organization && title_at(i + 2)
                    // 장관 안덕근은: a title before, a particle after.
                    || !organization && c.particle && i > 0 && title_at(i - 1))
        });
        after_name = candidate
            .as_ref()
            .is_some_and(|c| !c.honorific && !c.particle);
        if let Some(c) = candidate {
            let start = start + c.skip;
            found.push(NameAt {
                start,
                end: start + c.name.chars().count(),
                name: c.name,
            });
        }
    }
    found
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

    #[test]
    fn a_name_spelled_as_neither_system_does_is_told_from_another_name() {
        for (name, english) in [
            ("김용범", "Kim Yong-beom"),
            ("김용범", "Kim Yong-bom"),
            ("김용범", "Gim Yongbeom"),
            ("박재근", "Pak Chae-gun"),
            ("이창용", "Rhee Chang-yong"),
            ("최경환", "Choe Kyong-hwan"),
            ("남궁민수", "Namgung Min-su"),
        ] {
            assert_eq!(spelled(name, english), Spelled::Usual, "{name} {english}");
        }
        for (name, english) in [
            ("김용범", "Kim Yong-bum"),
            ("박재근", "Park Jay-geun"),
            ("추경호", "Choo Kyung-ho"),
        ] {
            assert_eq!(spelled(name, english), Spelled::Unusual, "{name} {english}");
        }
        for (name, english) in [
            ("김용범", "Kim Min-ji"),
            ("김용범", "Park Yong-beom"),
            ("김용범", "Kim Yong"),
            ("김용범", "Kim Yong-beom-su"),
        ] {
            assert_eq!(spelled(name, english), Spelled::Other, "{name} {english}");
        }
    }

    #[test]
    fn names_are_found_beside_their_titles_and_honorifics() {
        let text = "박재근 한양대 교수는 \u{201c}수출이 늘었다\u{201d}고 말했다. 산업통상자원부 장관 안덕근은 \
                    이번에 김철수씨와 남궁민수 대표를 만났다. 이번 조치는 정부가 정했다.";
        let names: Vec<String> = person_names(text).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["박재근", "안덕근", "김철수", "남궁민수"]);
        // Name, organization, title, with a compound title or a name whose
        // last syllable ends organizations' names too (관).
        let text = "김용범 대통령실 정책실장은 \u{201c}관세 협상이 타결됐다\u{201d}고 말했다. \
                    김정관 산업통상자원부 장관은 구윤철 부총리와 함께 워싱턴에 갔다.";
        let names: Vec<String> = person_names(text).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["김용범", "김정관", "구윤철"]);
        // The spans are the name alone, particles and honorifics outside.
        let text = "\u{2018}이영희\u{2019} 씨가 왔다.";
        let found = person_names(text);
        assert_eq!(found.len(), 1);
        let chars: Vec<char> = text.chars().collect();
        let span: String = chars[found[0].start..found[0].end].iter().collect();
        assert_eq!(span, "이영희");
    }

    #[test]
    fn words_that_only_look_like_names_are_not_taken_for_them() {
        // Three syllables starting with a surname, but no title beside
        // them; a title itself; a word longer than a name.
        for text in [
            "이번에 정부가 발표했다.",
            "김치찌개를 먹었다.",
            "이사장 선거가 열렸다.",
            "국무총리는 말했다.",
            "정부와 여당이 합의했다.",
        ] {
            assert_eq!(person_names(text), Vec::new(), "{text}");
        }
    }
}
