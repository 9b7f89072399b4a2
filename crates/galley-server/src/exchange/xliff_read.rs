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

/// Why an XLIFF file cannot be imported: a kind and what it names, said
/// by `i18n.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not well-formed XML (the parser's words).
    NotXml { detail: String },
    /// The root is not XLIFF 2's `<xliff>`.
    NotXliff,
    /// Not Korean to English.
    NotKoreanToEnglish,
    /// Not exactly one `<file>`.
    Files { found: usize },
    /// The file is for another article.
    OtherArticle { original: String, article: i64 },
    /// The file names no Galley article.
    NoArticle,
    /// A unit whose id is not a Galley row's.
    NotARow { unit: String },
    /// A unit without `galley:revision`.
    NoRevision { unit: String },
    /// A unit without exactly one `<target>`.
    Targets { unit: String },
    /// Inline markup in a target.
    InlineMarkup { unit: String },
    /// No unit at all.
    NoUnits,
}

impl ImportError {
    /// Whether the file is for another article (a conflict, not a bad file).
    pub fn other_article(&self) -> bool {
        matches!(
            self,
            ImportError::OtherArticle { .. } | ImportError::NoArticle
        )
    }
}

/// The first character reference of `text` that names no character (a
/// surrogate such as `&#xD800;`, zero, or past U+10FFFF), which an XML
/// parser would turn into U+FFFD or refuse.
fn bad_char_ref(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        let after = &rest[at + 2..];
        let end = after.find(';')?;
        let digits = &after[..end];
        let value = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => digits.parse::<u32>().ok(),
        };
        if value.is_none_or(|v| v == 0 || (0xD800..=0xDFFF).contains(&v) || v > 0x10FFFF) {
            return Some(&rest[at..at + 2 + end + 1]);
        }
        rest = &after[end..];
    }
    None
}

/// Reads the rows of an XLIFF file exported for `article_id`.
pub fn read_xliff(text: &str, article_id: i64) -> Result<Vec<ImportedRow>, ImportError> {
    if let Some(reference) = bad_char_ref(text) {
        return Err(ImportError::NotXml {
            detail: format!("the character reference {reference} names no character"),
        });
    }
    let document = roxmltree::Document::parse(text).map_err(|e| ImportError::NotXml {
        detail: e.to_string(),
    })?;
    let root = document.root_element();
    if !root.has_tag_name((XLIFF_NS, "xliff")) {
        return Err(ImportError::NotXliff);
    }
    if root.attribute("srcLang") != Some("ko") || root.attribute("trgLang") != Some("en") {
        return Err(ImportError::NotKoreanToEnglish);
    }
    let files: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name((XLIFF_NS, "file")))
        .collect();
    let [file] = files.as_slice() else {
        return Err(ImportError::Files { found: files.len() });
    };
    let expected = format!("galley:article:{article_id}");
    match file.attribute("original") {
        Some(original) if original == expected => {}
        Some(original) => {
            return Err(ImportError::OtherArticle {
                original: original.to_string(),
                article: article_id,
            });
        }
        None => return Err(ImportError::NoArticle),
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
            .ok_or_else(|| ImportError::NotARow { unit: id.into() })?;
        let base_revision = unit
            .attribute((GALLEY_NS, "revision"))
            .and_then(|n| n.parse::<i64>().ok())
            .ok_or_else(|| ImportError::NoRevision { unit: id.into() })?;
        let targets: Vec<_> = unit
            .descendants()
            .filter(|n| n.has_tag_name((XLIFF_NS, "target")))
            .collect();
        let [target] = targets.as_slice() else {
            return Err(ImportError::Targets { unit: id.into() });
        };
        if target.children().any(|n| n.is_element()) {
            return Err(ImportError::InlineMarkup { unit: id.into() });
        }
        let text: String = target.children().filter_map(|n| n.text()).collect();
        rows.push(ImportedRow {
            segment,
            base_revision,
            text: text.replace("\r\n", "\n").trim().to_string(),
        });
    }
    if rows.is_empty() {
        return Err(ImportError::NoUnits);
    }
    Ok(rows)
}
