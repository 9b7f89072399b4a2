//! Invariants of every alignment, on generated articles.

use galley_core::{Aligner, align};
use proptest::prelude::*;

/// A Korean-looking paragraph: syllables, spaces, sometimes a number or a
/// Latin word, ending in a full stop.
fn korean_paragraph() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0xAC00u32..0xD7A4, 2..120),
        prop::option::of(0u32..100_000),
        prop::option::of("[A-Z]{2,5}"),
    )
        .prop_map(|(syllables, number, latin)| {
            let mut text = String::new();
            for (i, s) in syllables.into_iter().enumerate() {
                if i > 0 && i % 4 == 0 {
                    text.push(' ');
                }
                text.push(char::from_u32(s).unwrap_or('가'));
            }
            if let Some(n) = number {
                text.push_str(&format!(" {n}억 원"));
            }
            if let Some(word) = latin {
                text.push_str(&format!(" ({word})"));
            }
            text.push('.');
            text
        })
}

/// An English-looking paragraph of lower-case words, sometimes with a
/// capitalized name and a number.
fn english_paragraph() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[a-z]{1,9}", 1..60),
        prop::option::of("[A-Z][a-z]{3,8}"),
        prop::option::of(0u32..100_000),
    )
        .prop_map(|(words, name, number)| {
            let mut text = words.join(" ");
            if let Some(name) = name {
                text.push_str(&format!(" said {name}"));
            }
            if let Some(n) = number {
                text.push_str(&format!(" by {n} percent"));
            }
            text.push('.');
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_paragraph_lands_in_exactly_one_row_in_order(
        ko in prop::collection::vec(korean_paragraph(), 0..25),
        en in prop::collection::vec(english_paragraph(), 0..25),
    ) {
        let alignment = align(&ko, &en);
        let (mut next_ko, mut next_en) = (0, 0);
        for link in &alignment.links {
            prop_assert!(!(link.ko.is_empty() && link.en.is_empty()), "empty row {link:?}");
            prop_assert!(link.ko.len() <= 3 && link.en.len() <= 3, "row too wide {link:?}");
            prop_assert_eq!(link.ko.start, next_ko);
            prop_assert_eq!(link.en.start, next_en);
            next_ko = link.ko.end;
            next_en = link.en.end;
            prop_assert!((0.0..=1.0).contains(&link.confidence), "confidence {}", link.confidence);
        }
        prop_assert_eq!(next_ko, ko.len());
        prop_assert_eq!(next_en, en.len());
    }

    #[test]
    fn same_input_gives_same_rows(
        ko in prop::collection::vec(korean_paragraph(), 1..15),
        en in prop::collection::vec(english_paragraph(), 1..15),
    ) {
        prop_assert_eq!(align(&ko, &en), align(&ko, &en));
    }

    #[test]
    fn flags_follow_the_threshold_and_the_row_shape(
        ko in prop::collection::vec(korean_paragraph(), 1..12),
        en in prop::collection::vec(english_paragraph(), 1..12),
        threshold in 0.0f64..1.0,
    ) {
        use galley_core::LinkFlag;
        let aligner = Aligner { flag_below: threshold, ..Aligner::default() };
        for link in aligner.align(&ko, &en).links {
            prop_assert_eq!(link.flags.contains(&LinkFlag::LowConfidence), link.confidence < threshold);
            prop_assert_eq!(link.flags.contains(&LinkFlag::MissingTranslation), link.en.is_empty());
            prop_assert_eq!(link.flags.contains(&LinkFlag::AddedInTranslation), link.ko.is_empty());
        }
    }
}
