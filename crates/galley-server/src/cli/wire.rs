//! The JSON shapes of the command line: core types stay free of serde, and
//! are converted here at the boundary.

use galley_core::diff::TextDiff;
use galley_core::{Alignment, Link};
use serde::Serialize;

/// One alignment row on the wire: `{"ko": [0], "en": [0, 1], "confidence": 0.97}`.
#[derive(Debug, Serialize)]
pub struct WireLink {
    pub ko: Vec<usize>,
    pub en: Vec<usize>,
    pub confidence: f64,
    pub flags: Vec<&'static str>,
}

impl From<&Link> for WireLink {
    fn from(link: &Link) -> Self {
        WireLink {
            ko: link.ko.clone().collect(),
            en: link.en.clone().collect(),
            confidence: (link.confidence * 10_000.0).round() / 10_000.0,
            flags: link.flags.iter().map(|flag| flag.name()).collect(),
        }
    }
}

pub fn wire_links(alignment: &Alignment) -> Vec<WireLink> {
    alignment.links.iter().map(WireLink::from).collect()
}

/// A word diff's segments on the wire, for `galley diff --format json` and
/// the API's `/diff`: `{"op", "text", "old": [start, end], "new": [start,
/// end], "emphasis": [[start, end], ...]}` with byte offsets.
pub fn segments_json(diff: &TextDiff) -> serde_json::Value {
    diff.segments
        .iter()
        .map(|s| {
            serde_json::json!({
                "op": s.kind.name(),
                "text": s.text,
                "old": [s.old.start, s.old.end],
                "new": [s.new.start, s.new.end],
                "emphasis": s.emphasis.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
            })
        })
        .collect()
}
