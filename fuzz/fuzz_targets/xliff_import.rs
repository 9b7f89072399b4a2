//! Any bytes as an uploaded XLIFF file: rows or a clear error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/galley-server/src/exchange/xliff_read.rs"]
#[allow(dead_code)]
mod xliff_read;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(rows) = xliff_read::read_xliff(text, 7) {
            assert!(!rows.is_empty());
        }
    }
});
