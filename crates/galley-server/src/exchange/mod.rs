//! Files that take an article elsewhere, one format a file and none of them
//! reading the store (the caller hands each what it needs): XLIFF 2.1 for
//! CAT tools (`xliff.rs`, and back: `xliff_read.rs`), TMX 1.4b for
//! translation memories (`tmx.rs`), the published text, HTML and Markdown
//! (`publish.rs`), the self-contained JSON export (`json.rs`) an auditor
//! verifies offline (`verify.rs`), and the glossary's TBX (`tbx.rs`).

/// Escapes text for XML content and attribute values (as for HTML); drops
/// the characters XML 1.0 cannot carry at all.
fn xml(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    let mut out = String::with_capacity(allowed.len());
    galley_core::diff::render::escape_html(&allowed, &mut out);
    out
}

mod json;
mod publish;
mod tbx;
mod tmx;
mod verify;
mod xliff;
mod xliff_read;

pub use json::{JSON_FORMAT, JSON_FORMAT_1, event_json, json_export};
pub use publish::{Publish, publishable};
pub use tbx::{
    ReadEntry, ReadTbx, Skip, SkippedConcept, TbxEntry, TbxError, TbxShape, glossary_tbx, read_tbx,
    tbx_concepts, tbx_head,
};
pub use tmx::tmx;
pub use verify::{
    ClaimedLog, LogCheck, export_checkpoint, export_events, export_head, export_log, parse_export,
    verify_export, verify_logged_export,
};
pub use xliff::{CommentNote, xliff};
pub use xliff_read::{GALLEY_NS, ImportError, ImportedRow, XLIFF_NS, read_xliff};

#[cfg(test)]
mod tests;
