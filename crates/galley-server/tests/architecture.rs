//! The shape of the server crate, as tests: the API (`http`) and the pages
//! (`web`) never import each other, and the modules both build on (the
//! state, authentication, computations, the refusal mapping, the typed
//! views, the answer cache) import neither. Only `server` (the router and
//! the accept loop) and `cli` see both sides.

use std::path::{Path, PathBuf};

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

/// The files of a module (`name.rs` or the folder `name/`).
fn module(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    if src.join(name).is_dir() {
        rust_files(&src.join(name), &mut files);
    }
    if src.join(format!("{name}.rs")).is_file() {
        files.push(src.join(format!("{name}.rs")));
    }
    assert!(!files.is_empty(), "no module {name}");
    files
}

/// Where the files of `module` name another module of the crate.
fn uses(files: &[PathBuf], other: &str) -> Vec<String> {
    let needles = [
        format!("crate::{other}::"),
        format!("crate::{other}}}"),
        format!("crate::{other};"),
        format!("crate::{{{other}"),
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("a readable file");
        for (number, line) in text.lines().enumerate() {
            if needles.iter().any(|n| line.contains(n.as_str())) {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn the_api_and_the_pages_do_not_import_each_other() {
    let http = uses(&module("http"), "web");
    let web = uses(&module("web"), "http");
    assert!(http.is_empty(), "http imports web: {http:#?}");
    assert!(web.is_empty(), "web imports http: {web:#?}");
}

#[test]
fn shared_modules_import_neither_side() {
    for shared in ["state", "auth", "compute", "refusal", "views", "answers"] {
        for side in ["http", "web", "server"] {
            let found = uses(&module(shared), side);
            assert!(found.is_empty(), "{shared} imports {side}: {found:#?}");
        }
    }
}

/// The checker itself: it sees an import where there is one.
#[test]
fn the_check_finds_an_import() {
    let found = uses(&module("server"), "web");
    assert!(
        !found.is_empty(),
        "server builds on web; the check must see it"
    );
}
