//! The JSON shapes of core types, for the command line and the API alike:
//! core types stay free of serde, and are converted here at the boundary.

use galley_core::diff::TextDiff;
use galley_core::{Alignment, Link};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One alignment row on the wire: `{"ko": [0], "en": [0, 1], "confidence": 0.97}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct WireLink {
    pub ko: Vec<usize>,
    pub en: Vec<usize>,
    pub confidence: f64,
    pub flags: Vec<crate::views::names::LinkFlagName>,
}

impl From<&Link> for WireLink {
    fn from(link: &Link) -> Self {
        WireLink {
            ko: link.ko.clone().collect(),
            en: link.en.clone().collect(),
            confidence: (link.confidence * 10_000.0).round() / 10_000.0,
            flags: link.flags.iter().map(|&flag| flag.into()).collect(),
        }
    }
}

pub fn wire_links(alignment: &Alignment) -> Vec<WireLink> {
    alignment.links.iter().map(WireLink::from).collect()
}

/// One piece of a word diff on the wire, for `galley diff --format json`
/// and the API's `/diff`, with byte offsets.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WireSegment {
    /// `equal`, `delete` or `insert`.
    pub op: crate::views::names::OpName,
    /// The text of the piece.
    pub text: String,
    /// Its byte range in the old text, `[start, end]`.
    pub old: [usize; 2],
    /// Its byte range in the new text.
    pub new: [usize; 2],
    /// The characters that changed inside a replaced word, as byte ranges.
    pub emphasis: Vec<[usize; 2]>,
}

/// A word diff's pieces on the wire.
pub fn wire_segments(diff: &TextDiff) -> Vec<WireSegment> {
    diff.segments
        .iter()
        .map(|s| WireSegment {
            op: s.kind.into(),
            text: s.text.clone(),
            old: [s.old.start, s.old.end],
            new: [s.new.start, s.new.end],
            emphasis: s.emphasis.iter().map(|r| [r.start, r.end]).collect(),
        })
        .collect()
}
