//! Two sides from one input (split at the first NUL): every paragraph of
//! each side lands in exactly one row, in order.
#![no_main]
use galley_core::Aligner;
use galley_core::paragraph::{Limits, Side, split_paragraphs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (ko, en) = text.split_once('\0').unwrap_or((text, ""));
    let limits = Limits { max_paragraphs: 60, ..Limits::DEFAULT };
    let (Ok(ko), Ok(en)) = (
        split_paragraphs(ko, Side::Korean, limits),
        split_paragraphs(en, Side::English, limits),
    ) else {
        return;
    };
    let alignment = Aligner::default().align(&ko, &en);
    let (mut next_ko, mut next_en) = (0, 0);
    for link in &alignment.links {
        assert_eq!(link.ko.start, next_ko);
        assert_eq!(link.en.start, next_en);
        assert!(!(link.ko.is_empty() && link.en.is_empty()));
        assert!((0.0..=1.0).contains(&link.confidence));
        next_ko = link.ko.end;
        next_en = link.en.end;
    }
    assert_eq!((next_ko, next_en), (ko.len(), en.len()));
});
