//! Turning a submitted Korean source and English draft into an aligned
//! article for the store.

use galley_core::Aligner;
use galley_store::{AiTool, NewArticle, NewRow};

/// Aligns Korean and English paragraphs into a new article. Every row
/// becomes a segment, 0-1 rows (English with no Korean) included: the
/// paragraph the AI invented is shown, flagged, not dropped.
pub fn aligned_article(title: &str, ko: Vec<String>, en: &[String], ai: AiTool) -> NewArticle {
    let alignment = Aligner::default().align(&ko, en);
    let segments = alignment
        .links
        .iter()
        .map(|link| NewRow {
            ko: link.ko.clone(),
            draft: en[link.en.clone()].join("\n\n"),
            confidence: link.confidence,
            flags: link.flags.iter().map(|f| f.name().to_string()).collect(),
        })
        .collect();
    NewArticle {
        title: title.to_string(),
        korean: ko,
        rows: segments,
        ai,
    }
}
