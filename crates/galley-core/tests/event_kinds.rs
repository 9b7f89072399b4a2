//! A grep-able fact: no code outside `galley-core/src/events.rs` names an
//! event kind in a string literal. Everything else decodes events there
//! and matches on the typed `Fact`, so the meaning of the trail lives in
//! one place.

use std::path::Path;

use galley_test_support::rust_files;

use galley_core::events::KINDS;

#[test]
fn no_event_kind_is_spelled_outside_the_event_module() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = rust_files(&crates);
    assert!(files.len() > 40, "found only {} files", files.len());
    let home = Path::new("galley-core").join("src").join("events.rs");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with(&home)) {
        let text = std::fs::read_to_string(file).expect("a readable file");
        for kind in KINDS {
            if text.contains(&format!("\"{kind}\"")) {
                found.push(format!("{}: {kind}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "event kinds spelled outside events.rs: {found:#?}"
    );
}
