//! A grep-able fact: no code outside `galley-core/src/events.rs` names an
//! event kind in a string literal. Everything else decodes events there
//! and matches on the typed `Fact`, so the meaning of the trail lives in
//! one place.

use std::path::{Path, PathBuf};

use galley_core::events::KINDS;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_event_kind_is_spelled_outside_the_event_module() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&crates, &mut files);
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
