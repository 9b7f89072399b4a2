//! Numbers written as words, in English and Korean: one table each, read by
//! the aligner (a number word is a soft anchor between the two sides) and
//! by the QA number check (a number word may match a figure on the other
//! side, and is never missing itself).

/// English cardinals from one to twenty, then the tens to ninety.
const CARDINALS: [(&str, u128); 27] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// English ordinals to the tenth.
const ORDINALS: [(&str, u128); 10] = [
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

/// Korean native tens ("열", "스물").
const KOREAN_TENS: [(&str, u128); 10] = [
    ("열", 10),
    ("스물", 20),
    ("스무", 20),
    ("서른", 30),
    ("마흔", 40),
    ("쉰", 50),
    ("예순", 60),
    ("일흔", 70),
    ("여든", 80),
    ("아흔", 90),
];

/// Korean native units, with the forms they take before a counter ("두",
/// "석", "넉").
const KOREAN_UNITS: [(&str, u128); 15] = [
    ("한", 1),
    ("하나", 1),
    ("두", 2),
    ("둘", 2),
    ("세", 3),
    ("셋", 3),
    ("석", 3),
    ("네", 4),
    ("넷", 4),
    ("넉", 4),
    ("다섯", 5),
    ("여섯", 6),
    ("일곱", 7),
    ("여덟", 8),
    ("아홉", 9),
];

fn look_up(table: &[(&str, u128)], word: &str) -> Option<u128> {
    table
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, value)| *value)
}

/// A lower-case English cardinal word's value ("seven": 7, "fifty": 50).
pub fn english_cardinal(word: &str) -> Option<u128> {
    look_up(&CARDINALS, word)
}

/// A lower-case English ordinal word's value ("third": 3).
pub fn english_ordinal(word: &str) -> Option<u128> {
    look_up(&ORDINALS, word)
}

/// The value a lower-case English scale word multiplies by ("million",
/// "bn").
pub fn english_scale(word: &str) -> Option<u128> {
    match word {
        "thousand" | "k" => Some(1_000),
        "million" | "millions" | "mn" | "mln" | "m" => Some(1_000_000),
        "billion" | "billions" | "bn" | "bln" | "b" => Some(1_000_000_000),
        "trillion" | "trillions" | "tn" | "trn" | "tln" => Some(1_000_000_000_000),
        _ => None,
    }
}

/// A Korean native tens word's value ("서른": 30).
pub fn korean_tens(word: &str) -> Option<u128> {
    look_up(&KOREAN_TENS, word)
}

/// A Korean native unit word's value ("두": 2).
pub fn korean_unit(word: &str) -> Option<u128> {
    look_up(&KOREAN_UNITS, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_counts_up() {
        for table in [&CARDINALS[..], &ORDINALS[..]] {
            assert!(table.windows(2).all(|w| w[0].1 < w[1].1), "{table:?}");
        }
        assert_eq!(english_cardinal("fifty"), Some(50));
        assert_eq!(english_ordinal("tenth"), Some(10));
        assert_eq!(english_scale("bn"), Some(1_000_000_000));
        assert_eq!(korean_tens("스무"), Some(20));
        assert_eq!(korean_unit("넉"), Some(4));
        assert_eq!(english_cardinal("hundred"), None);
    }
}
