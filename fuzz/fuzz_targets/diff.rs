//! Any two texts: the diff applied to the old text gives the new one, and
//! both renderings work.
#![no_main]
use galley_core::diff::{diff_text, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    let diff = diff_text(old, new);
    assert_eq!(diff.apply(old), new);
    assert_eq!(diff.old_text(), old);
    let html = render::html(&diff);
    assert!(!html.contains("<script"));
    let _ = render::text(&diff);
});
