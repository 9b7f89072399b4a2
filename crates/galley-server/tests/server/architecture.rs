//! The shape of the server crate, as tests: the API (`http`) and the pages
//! (`web`) never import each other, and the modules both build on (the
//! state, authentication, computations, the refusal mapping, the typed
//! views, the answer cache) import neither. Only `server` (the router and
//! the accept loop) and `cli` see both sides.

use std::path::{Path, PathBuf};

use galley_test_support::rust_files;

/// The files of a module (`name.rs` or the folder `name/`).
fn module(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    if src.join(name).is_dir() {
        files = rust_files(&src.join(name));
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
    for shared in [
        "state", "auth", "compute", "refusal", "views", "answers", "i18n",
    ] {
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

/// A crate's modules, one a file: the module's path (`web::review`; the
/// crate root is empty) and its text.
fn modules_of(krate: &str) -> Vec<(Vec<String>, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src");
    rust_files(&src)
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&src).expect("under src");
            let mut path: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(
                path.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                path.pop();
            }
            let text = std::fs::read_to_string(&file).expect("a readable file");
            (path, text)
        })
        .collect()
}

/// The length of the identifier a text starts with.
fn word(text: &str) -> usize {
    text.find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len())
}

/// The module paths `rest` (what follows `crate`, `super` or `self`) names
/// from `base`, each name of a `{…}` group its own path.
fn expand(rest: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let (mut path, mut rest) = (base, rest);
    while let Some(after) = rest.strip_prefix("::") {
        if let Some(group) = after.strip_prefix('{') {
            // The group's items, split at its top-level commas.
            let (mut level, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' if level > 0 => level -= 1,
                    ',' | '}' if level == 0 => {
                        let item = group[start..i].trim();
                        if !item.is_empty() {
                            expand(&format!("::{item}"), path.clone(), out);
                        }
                        if c == '}' {
                            return;
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        let n = word(after);
        if n == 0 {
            break;
        }
        path.push(after[..n].to_string());
        rest = &after[n..];
    }
    out.push(path);
}

/// The module paths a module's text names (`crate::a::b`, `super::c`,
/// `self::d`), resolved from its own path `here`. Comments are skipped; a
/// `use` that spans lines is read line by line, which its paths survive
/// because each line repeats no prefix the next one needs (rustfmt puts
/// the `crate::{` on the first).
fn named_paths(here: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut open_group: Option<Vec<String>> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("//") {
            continue;
        }
        // The lines of a `use crate::{` that rustfmt spread over lines.
        if let Some(base) = &open_group {
            if line.starts_with('}') {
                open_group = None;
            } else {
                expand(&format!("::{{{line}}}"), base.clone(), &mut out);
                continue;
            }
        }
        let mut at = 0;
        while let Some((i, keyword)) = ["crate::", "super::", "self::"]
            .iter()
            .filter_map(|k| line[at..].find(k).map(|i| (at + i, *k)))
            .min()
        {
            at = i + keyword.len();
            let before = line[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base = here.to_vec();
            let mut tail = &line[i + keyword.len() - 2..];
            match keyword {
                "crate::" => base.clear(),
                "self::" => {}
                _ => {
                    base.pop();
                    while let Some(more) = tail.strip_prefix("::super") {
                        base.pop();
                        tail = more;
                    }
                }
            }
            if let Some(head) = tail.trim_end().strip_suffix("::{") {
                let mut segments = Vec::new();
                expand(head, base, &mut segments);
                open_group = segments.pop();
                break;
            }
            expand(tail, base, &mut out);
        }
    }
    out
}

/// The import circles between a crate's modules: sets of files each of
/// which reaches the others through what it imports, with the imports
/// that close them. A folder's `mod.rs` and the files under it are one
/// room: a module's imports of its ancestors and descendants do not count.
fn circles(krate: &str) -> Vec<String> {
    let modules = modules_of(krate);
    let paths: Vec<Vec<String>> = modules.iter().map(|(p, _)| p.clone()).collect();
    let n = paths.len();
    let mut direct = vec![vec![false; n]; n];
    for (from, (here, text)) in modules.iter().enumerate() {
        for named in named_paths(here, text) {
            // The module the path lies in: the longest module path it
            // starts with.
            let Some(to) = (0..n)
                .filter(|&m| named.starts_with(&paths[m]))
                .max_by_key(|&m| paths[m].len())
            else {
                continue;
            };
            if !(paths[to].starts_with(here) || here.starts_with(&paths[to])) {
                direct[from][to] = true;
            }
        }
    }
    let mut reach = direct.clone();
    for k in 0..n {
        let through = reach[k].clone();
        for row in reach.iter_mut().filter(|row| row[k]) {
            for (cell, &via) in row.iter_mut().zip(&through) {
                *cell |= via;
            }
        }
    }
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for i in 0..n {
        if seen[i] || !reach[i][i] {
            continue;
        }
        let members: Vec<usize> = (0..n).filter(|&j| reach[i][j] && reach[j][i]).collect();
        let mut edges = Vec::new();
        for &a in &members {
            seen[a] = true;
            for &b in &members {
                if direct[a][b] {
                    edges.push(format!(
                        "{} -> {}",
                        paths[a].join("::"),
                        paths[b].join("::")
                    ));
                }
            }
        }
        edges.sort();
        out.push(edges.join(", "));
    }
    out
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let found: Vec<String> = ["galley-core", "galley-store", "galley-server"]
        .iter()
        .flat_map(|krate| {
            circles(krate)
                .into_iter()
                .map(move |c| format!("{krate}: {c}"))
        })
        .collect();
    assert!(found.is_empty(), "import circles: {found:#?}");
}

/// The review page's modules (`web/static/review/`) import no module that
/// imports them, through any number of others.
#[test]
fn the_review_scripts_modules_import_no_circle() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/static/review");
    let mut imports: Vec<(String, Vec<String>)> = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let named = text
            .lines()
            .filter(|line| line.starts_with("import "))
            .filter_map(|line| line.rsplit("'./").next()?.split('\'').next())
            .map(str::to_string)
            .collect();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        imports.push((name, named));
    }
    assert!(imports.len() >= 10, "the modules: {imports:?}");
    // Depth-first from each module: reaching it again is a circle.
    let of = |name: &str| {
        imports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, i)| i.clone())
            .unwrap_or_else(|| panic!("{name} is imported but not in the folder"))
    };
    for (start, _) in &imports {
        let mut stack = of(start);
        let mut seen: Vec<String> = Vec::new();
        while let Some(next) = stack.pop() {
            assert_ne!(&next, start, "{start} reaches itself through its imports");
            if !seen.contains(&next) {
                stack.extend(of(&next));
                seen.push(next);
            }
        }
    }
}

/// The circle check itself: it finds the circle a `use` group spread over
/// lines, a `super::` path and a `crate::` path make.
#[test]
fn the_circle_check_finds_a_circle() {
    let a = "use crate::{\n    b::Thing,\n    other::More,\n};\n".to_string();
    let b = "fn f() { super::a::call(); }".to_string();
    let here = |m: &str| vec![m.to_string()];
    assert_eq!(
        named_paths(&here("a"), &a),
        vec![
            vec!["b".to_string(), "Thing".into()],
            vec!["other".into(), "More".into()]
        ]
    );
    assert_eq!(
        named_paths(&here("b"), &b),
        vec![vec!["a".to_string(), "call".into()]]
    );
}

/// The formats of `exchange` read nothing: no store, nothing awaited. What
/// an export needs from the database (the log's leaves and proofs) is read
/// by its caller (`export.rs`) and handed in.
#[test]
fn the_formats_read_nothing() {
    for file in module("exchange") {
        let text = std::fs::read_to_string(&file).expect("a readable file");
        for (number, line) in text.lines().enumerate() {
            assert!(
                !line.contains(".await")
                    && !line.contains("dyn Store")
                    && !line.contains("SqlStore"),
                "{}:{}: {}",
                file.display(),
                number + 1,
                line.trim()
            );
        }
    }
}

/// Lines of a crate's source (comments left out) that contain any of
/// `needles`, as `file:line: text`.
fn mentions(krate: &str, needles: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src");
    let mut found = Vec::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).expect("a readable file");
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // A needle counts only where no identifier goes on after it
            // (`.await` is not `.awaiting_alignment`).
            let named = needles.iter().any(|needle| {
                code.match_indices(needle).any(|(at, _)| {
                    !code[at + needle.len()..]
                        .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
            });
            if named {
                found.push(format!("{}:{}: {}", file.display(), number + 1, code));
            }
        }
    }
    found
}

/// galley-core does no I/O and has no async code: every function is a
/// function of its arguments.
#[test]
fn the_core_does_no_io() {
    let found = mentions(
        "galley-core",
        &[
            "std::fs",
            "std::net",
            "std::io",
            "std::env",
            "tokio",
            "async",
            ".await",
            "std::time::SystemTime",
            "std::process",
        ],
    );
    assert!(found.is_empty(), "I/O in galley-core: {found:#?}");
}

/// galley-core's types carry no serde derives: the wire format is written
/// at the boundary, in the server.
#[test]
fn the_core_has_no_wire_types() {
    let found = mentions(
        "galley-core",
        &["derive(Serialize", "derive(Deserialize", "serde::"],
    );
    assert!(found.is_empty(), "wire types in galley-core: {found:#?}");
}

/// sqlx stays inside the store: the server names none of it.
#[test]
fn the_server_never_reaches_under_the_store() {
    let found = mentions("galley-server", &["sqlx::", "AnyPool", "AnyConnection"]);
    assert!(found.is_empty(), "sqlx in galley-server: {found:#?}");
}

/// The scan itself: it sees what is there (the store is async and reads
/// sqlx; the core's own words that merely start like a needle do not count).
#[test]
fn the_scan_finds_what_is_there() {
    assert!(!mentions("galley-store", &["async", ".await", "sqlx::"]).is_empty());
    assert!(mentions("galley-core", &[".await"]).is_empty());
    assert!(!mentions("galley-core", &[".awaiting_alignment"]).is_empty());
}
