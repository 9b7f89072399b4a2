//! Paragraph alignment of a Korean article with its English translation.
//!
//! [`align`] pairs paragraphs into ordered rows that cover every paragraph of
//! both sides exactly once: 1-1, 1-2, 2-1, 2-2, 1-3 and 3-1 rows, and 1-0 /
//! 0-1 rows for a paragraph the translation dropped or added. Each row carries
//! a calibrated confidence (the posterior probability that the row is right),
//! and the rows a reviewer should look at carry [`LinkFlag`]s.
//!
//! The model is in [`model`], the search in [`search`]; `docs/alignment.md`
//! explains both and gives the figures on the dev set.

pub mod anchors;
mod math;
pub mod model;
pub mod names;
pub mod search;
pub mod sentences;

use std::fmt;
use std::ops::Range;

pub use model::{Features, Model};

/// The shape of a row: how many Korean and English paragraphs it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkKind {
    /// Korean paragraphs in the row.
    pub ko: u8,
    /// English paragraphs in the row.
    pub en: u8,
}

impl LinkKind {
    /// A row of `ko` Korean and `en` English paragraphs.
    pub const fn new(ko: u8, en: u8) -> LinkKind {
        LinkKind { ko, en }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.ko, self.en)
    }
}

/// Why a reviewer should look at a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkFlag {
    /// The aligner is not sure of this row (confidence below the threshold).
    LowConfidence,
    /// Korean paragraphs with no English: the translation dropped them.
    MissingTranslation,
    /// English paragraphs with no Korean: the translation added them.
    AddedInTranslation,
}

impl LinkFlag {
    /// Stable snake_case name, for the wire format.
    pub fn name(self) -> &'static str {
        match self {
            LinkFlag::LowConfidence => "low_confidence",
            LinkFlag::MissingTranslation => "missing_translation",
            LinkFlag::AddedInTranslation => "added_in_translation",
        }
    }

    /// The flag of a stable name.
    pub fn parse(name: &str) -> Option<LinkFlag> {
        [
            LinkFlag::LowConfidence,
            LinkFlag::MissingTranslation,
            LinkFlag::AddedInTranslation,
        ]
        .into_iter()
        .find(|flag| flag.name() == name)
    }
}

/// One row of an alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Korean paragraph indices (0-based, half-open); empty for a 0-1 row.
    pub ko: Range<usize>,
    /// English paragraph indices (0-based, half-open); empty for a 1-0 row.
    pub en: Range<usize>,
    /// Probability, in [0, 1], that this exact row is right.
    pub confidence: f64,
    /// What a reviewer should know about the row.
    pub flags: Vec<LinkFlag>,
}

impl Link {
    /// The row's shape.
    pub fn kind(&self) -> LinkKind {
        LinkKind::new(self.ko.len() as u8, self.en.len() as u8)
    }
}

/// The rows of an alignment, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alignment {
    /// Rows covering every paragraph of both sides once, in order.
    pub links: Vec<Link>,
}

/// An aligner: a fitted model and the confidence below which rows are flagged.
#[derive(Debug, Clone, PartialEq)]
pub struct Aligner {
    /// The cost model.
    pub model: Model,
    /// Rows whose confidence is below this are flagged [`LinkFlag::LowConfidence`].
    pub flag_below: f64,
}

impl Aligner {
    /// The default confidence threshold for flagging a row.
    pub const DEFAULT_FLAG_BELOW: f64 = 0.8;
}

impl Default for Aligner {
    fn default() -> Self {
        Aligner {
            model: Model::DEFAULT,
            flag_below: Aligner::DEFAULT_FLAG_BELOW,
        }
    }
}

impl Aligner {
    /// Aligns normalized paragraphs (see [`crate::paragraph`]).
    pub fn align<K: AsRef<str>, E: AsRef<str>>(&self, ko: &[K], en: &[E]) -> Alignment {
        let ko: Vec<Features> = ko.iter().map(|p| Features::korean(p.as_ref())).collect();
        let en: Vec<Features> = en.iter().map(|p| Features::english(p.as_ref())).collect();
        self.align_features(&ko, &en)
    }

    /// Aligns paragraphs whose features are already computed.
    pub fn align_features(&self, ko: &[Features], en: &[Features]) -> Alignment {
        let links = search::search(&self.model, ko, en)
            .into_iter()
            .map(|row| {
                let mut flags = Vec::new();
                if row.en.is_empty() {
                    flags.push(LinkFlag::MissingTranslation);
                }
                if row.ko.is_empty() {
                    flags.push(LinkFlag::AddedInTranslation);
                }
                if row.confidence < self.flag_below {
                    flags.push(LinkFlag::LowConfidence);
                }
                Link {
                    ko: row.ko,
                    en: row.en,
                    confidence: row.confidence,
                    flags,
                }
            })
            .collect();
        Alignment { links }
    }
}

/// Aligns with the default model; see [`Aligner::align`].
pub fn align<K: AsRef<str>, E: AsRef<str>>(ko: &[K], en: &[E]) -> Alignment {
    Aligner::default().align(ko, en)
}
