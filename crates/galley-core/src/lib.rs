//! Galley's pure domain.
//!
//! **Architecture invariant:** this crate does no I/O, starts no threads and
//! has no async code. Everything in it is a function of its arguments, so
//! every rule is a plain unit test and every result is reproducible.

pub mod align;
pub mod audit;
pub mod checkpoint;
pub mod diff;
pub mod disclosure;
pub mod eval;
pub mod events;
pub mod glossary;
pub mod korean;
pub mod limits;
pub mod merkle;
pub mod metrics;
pub mod notify;
pub mod numerals;
pub mod paragraph;
pub mod qa;
pub mod replay;
pub mod romanize;
pub mod rows;
pub mod seq;
pub mod source;
pub mod state;
pub mod trail;
pub mod workflow;

pub use align::{Aligner, Alignment, Link, LinkFlag, LinkKind, align};
pub use paragraph::{Limits, ParagraphError, Side, split_paragraphs};
