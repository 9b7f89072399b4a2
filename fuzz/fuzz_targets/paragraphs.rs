//! Any bytes, on either side: paragraphs or a clear error, never a panic;
//! paragraphs are non-empty and trimmed.
#![no_main]
use galley_core::paragraph::{Limits, Side, paragraphs_from_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for side in [Side::Korean, Side::English] {
        if let Ok(paragraphs) = paragraphs_from_bytes(data, side, Limits::DEFAULT) {
            for p in &paragraphs {
                assert!(!p.is_empty());
                assert_eq!(p.trim(), p);
            }
        }
    }
});
