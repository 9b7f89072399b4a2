//! Any Korean and English: the QA checks never panic, and every span lies
//! inside the text it points into.
#![no_main]
use galley_core::paragraph::Side;
use galley_core::qa::{check_article, check_row};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (ko, en) = text.split_once('\0').unwrap_or((text, ""));
    for finding in check_row(ko, en) {
        for span in &finding.spans {
            let len = match span.side {
                Side::Korean => ko.chars().count(),
                Side::English => en.chars().count(),
            };
            assert!(span.start <= span.end && span.end <= len, "{finding:?}");
        }
    }
    let _ = check_article(&[(ko, en), (en, ko)]);
});
