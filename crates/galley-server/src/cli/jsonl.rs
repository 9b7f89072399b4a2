//! Reading JSON Lines files of articles, with errors that name the line.

use std::path::Path;

use anyhow::{Context, Result, bail};
use galley_core::paragraph::{Limits, Side, normalize_paragraphs};
use serde::Deserialize;

/// One record: `{"id", "ko": [...], "en": [...], "gold"?: [[[..],[..]], ...]}`.
/// Other fields are ignored.
#[derive(Debug, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub id: serde_json::Value,
    pub ko: Vec<String>,
    pub en: Vec<String>,
    #[serde(default)]
    pub gold: Option<Vec<(Vec<usize>, Vec<usize>)>>,
}

/// A record whose paragraphs have been checked and normalized.
#[derive(Debug)]
pub struct Article {
    pub line: usize,
    pub id: serde_json::Value,
    pub ko: Vec<String>,
    pub en: Vec<String>,
    pub gold: Option<Vec<(Vec<usize>, Vec<usize>)>>,
}

/// Reads every record of a file; the first bad line stops the run.
pub fn read_articles(path: &Path) -> Result<Vec<Article>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = std::str::from_utf8(&bytes).map_err(|error| {
        anyhow::anyhow!(
            "{} is not valid UTF-8 (first bad byte at offset {})",
            path.display(),
            error.valid_up_to()
        )
    })?;
    let mut articles = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line)
            .with_context(|| format!("{} line {number}: not a valid record", path.display()))?;
        let ko = normalize_paragraphs(&record.ko, Side::Korean, Limits::DEFAULT)
            .with_context(|| format!("{} line {number}: field \"ko\"", path.display()))?;
        let en = normalize_paragraphs(&record.en, Side::English, Limits::DEFAULT)
            .with_context(|| format!("{} line {number}: field \"en\"", path.display()))?;
        if let Some(gold) = &record.gold {
            check_gold(gold, ko.len(), en.len())
                .with_context(|| format!("{} line {number}: field \"gold\"", path.display()))?;
        }
        articles.push(Article {
            line: number,
            id: record.id,
            ko,
            en,
            gold: record.gold,
        });
    }
    Ok(articles)
}

/// Gold links must cover each paragraph exactly once, in order.
fn check_gold(gold: &[(Vec<usize>, Vec<usize>)], ko: usize, en: usize) -> Result<()> {
    let (mut next_ko, mut next_en) = (0, 0);
    for (position, (k, e)) in gold.iter().enumerate() {
        for (side, indices, next) in [("ko", k, &mut next_ko), ("en", e, &mut next_en)] {
            for &index in indices {
                if index != *next {
                    bail!("link {position}: {side} index {index} out of order (expected {next})");
                }
                *next += 1;
            }
        }
    }
    if next_ko != ko || next_en != en {
        bail!("links cover {next_ko} of {ko} Korean and {next_en} of {en} English paragraphs");
    }
    Ok(())
}
