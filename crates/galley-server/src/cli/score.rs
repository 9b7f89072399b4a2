//! `galley score`: TER, chrF and chrF++ of hypothesis/reference pairs.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use galley_core::metrics::{Scores, TerOptions};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// JSON Lines of `{"hyp": ..., "ref": ...}` (other fields ignored).
    #[arg(long, value_name = "FILE")]
    jsonl: PathBuf,
    /// Case-sensitive TER (sacrebleu `--ter-case-sensitive`).
    #[arg(long)]
    cased: bool,
    /// Tercom-normalized TER (sacrebleu `--ter-normalized`).
    #[arg(long)]
    normalized: bool,
    /// Print one line of corpus scores instead of one line per pair.
    #[arg(long)]
    corpus: bool,
}

#[derive(Debug, Deserialize)]
struct Pair {
    hyp: String,
    #[serde(rename = "ref")]
    reference: String,
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

fn to_json(scores: &Scores) -> serde_json::Value {
    json!({
        "ter": round(scores.ter.score()),
        "edits": scores.ter.edits,
        "shifts": scores.ter.shifts,
        "ref_words": scores.ter.ref_words,
        "chrf": round(scores.chrf.score()),
        "chrf_pp": round(scores.chrf_pp.score()),
        "word_edits": scores.word_edits,
        "changed_share": round(scores.changed_share()),
    })
}

/// Scores every pair, in order, on all available cores.
fn score_all(pairs: &[Pair], options: TerOptions) -> Vec<Scores> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = pairs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pairs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| Scores::segment(&p.hyp, &p.reference, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("scoring thread panicked"))
            .collect()
    })
}

pub fn run(args: &ScoreArgs, out: &mut impl Write) -> Result<()> {
    let options = TerOptions {
        case_sensitive: args.cased,
        normalized: args.normalized,
    };
    let bytes = std::fs::read(&args.jsonl)
        .with_context(|| format!("cannot read {}", args.jsonl.display()))?;
    let text = std::str::from_utf8(&bytes).map_err(|error| {
        anyhow::anyhow!(
            "{} is not valid UTF-8 (first bad byte at offset {})",
            args.jsonl.display(),
            error.valid_up_to()
        )
    })?;
    // Read and check every line before printing anything.
    let mut pairs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let pair: Pair = serde_json::from_str(line).with_context(|| {
            format!(
                "{} line {}: expected {{\"hyp\": string, \"ref\": string}}",
                args.jsonl.display(),
                index + 1
            )
        })?;
        pairs.push(pair);
    }
    let scores = score_all(&pairs, options);
    if args.corpus {
        if let Some(total) = Scores::corpus(&scores) {
            writeln!(out, "{}", to_json(&total))?;
        }
        return Ok(());
    }
    for s in &scores {
        writeln!(out, "{}", to_json(s))?;
    }
    Ok(())
}
