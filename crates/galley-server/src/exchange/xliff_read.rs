//! Reading an XLIFF 2 file back. Depends on nothing but `roxmltree`, so the
//! fuzz target (`fuzz/fuzz_targets/xliff_import.rs`) compiles this very file
//! without the server around it.

/// The namespace of Galley's own attributes in XLIFF files.
pub const GALLEY_NS: &str = "urn:galley:xliff:1";
/// The XLIFF 2 core namespace (2.0 and 2.1 share it).
pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// One row's English from an imported XLIFF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    /// The row.
    pub segment: i64,
    /// The revision the file was exported at.
    pub base_revision: i64,
    /// The target text.
    pub text: String,
}

/// Why an XLIFF file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not XLIFF 2 as Galley writes it; the message says what.
    Malformed(String),
    /// The file belongs to another article.
    WrongArticle(String),
}

/// Reads the rows of an XLIFF file exported for `article_id`.
pub fn read_xliff(text: &str, article_id: i64) -> Result<Vec<ImportedRow>, ImportError> {
    let malformed = |m: String| ImportError::Malformed(m);
    let document = roxmltree::Document::parse(text)
        .map_err(|e| malformed(format!("the file is not well-formed XML: {e}")))?;
    let root = document.root_element();
    if !root.has_tag_name((XLIFF_NS, "xliff")) {
        return Err(malformed(
            "the root is not an XLIFF 2 <xliff> element".into(),
        ));
    }
    if root.attribute("srcLang") != Some("ko") || root.attribute("trgLang") != Some("en") {
        return Err(malformed(
            "the file is not Korean (srcLang=\"ko\") to English (trgLang=\"en\")".into(),
        ));
    }
    let files: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name((XLIFF_NS, "file")))
        .collect();
    let [file] = files.as_slice() else {
        return Err(malformed(format!(
            "expected one <file>, found {}",
            files.len()
        )));
    };
    let expected = format!("galley:article:{article_id}");
    match file.attribute("original") {
        Some(original) if original == expected => {}
        Some(original) => {
            return Err(ImportError::WrongArticle(format!(
                "the file is for {original}, not article {article_id}"
            )));
        }
        None => {
            return Err(ImportError::WrongArticle(
                "the file names no Galley article".into(),
            ));
        }
    }
    let mut rows = Vec::new();
    for unit in file
        .descendants()
        .filter(|n| n.has_tag_name((XLIFF_NS, "unit")))
    {
        let id = unit.attribute("id").unwrap_or_default();
        let segment = id
            .strip_prefix('s')
            .and_then(|n| n.parse::<i64>().ok())
            .ok_or_else(|| malformed(format!("unit {id:?} is not a Galley row")))?;
        let base_revision = unit
            .attribute((GALLEY_NS, "revision"))
            .and_then(|n| n.parse::<i64>().ok())
            .ok_or_else(|| malformed(format!("unit {id} has no galley:revision")))?;
        let targets: Vec<_> = unit
            .descendants()
            .filter(|n| n.has_tag_name((XLIFF_NS, "target")))
            .collect();
        let [target] = targets.as_slice() else {
            return Err(malformed(format!("unit {id} needs exactly one <target>")));
        };
        if target.children().any(|n| n.is_element()) {
            return Err(malformed(format!(
                "unit {id}: inline markup in <target> is not supported; send plain text"
            )));
        }
        let text: String = target.children().filter_map(|n| n.text()).collect();
        rows.push(ImportedRow {
            segment,
            base_revision,
            text: text.replace("\r\n", "\n").trim().to_string(),
        });
    }
    if rows.is_empty() {
        return Err(malformed("the file has no units".into()));
    }
    Ok(rows)
}
