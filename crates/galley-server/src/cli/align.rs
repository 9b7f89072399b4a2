//! `galley align`: paragraph alignment of files.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use galley_core::Aligner;
use galley_core::paragraph::{Limits, Side, paragraphs_from_bytes};
use serde_json::json;

use super::jsonl::read_articles;
use crate::wire::wire_links;

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["ko", "jsonl"]))]
pub struct AlignArgs {
    /// Korean text, paragraphs separated by blank lines (`-` for stdin).
    #[arg(long, requires = "en", value_name = "KO.txt")]
    ko: Option<PathBuf>,
    /// English text, paragraphs separated by blank lines.
    #[arg(long, requires = "ko", value_name = "EN.txt")]
    en: Option<PathBuf>,
    /// JSON Lines of `{"id", "ko": [...], "en": [...]}`: one output line each.
    #[arg(long, conflicts_with_all = ["ko", "en"], value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Flag rows whose confidence is below this.
    #[arg(long, default_value_t = Aligner::DEFAULT_FLAG_BELOW, value_name = "P")]
    flag_below: f64,
}

fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .context("cannot read stdin")?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

pub fn run(args: &AlignArgs, out: &mut impl Write) -> Result<()> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.flag_below),
        "--flag-below must be between 0 and 1, got {}",
        args.flag_below
    );
    let aligner = Aligner {
        flag_below: args.flag_below,
        ..Aligner::default()
    };
    if let Some(path) = &args.jsonl {
        for article in read_articles(path)? {
            let alignment = aligner.align(&article.ko, &article.en);
            let line = json!({"id": article.id, "links": wire_links(&alignment)});
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    let (Some(ko), Some(en)) = (&args.ko, &args.en) else {
        anyhow::bail!("give --ko and --en, or --jsonl");
    };
    let parse = |path: &Path, side: Side| -> Result<Vec<String>> {
        let bytes = read_input(path)?;
        paragraphs_from_bytes(&bytes, side, Limits::DEFAULT)
            .with_context(|| format!("{}", path.display()))
    };
    let ko = parse(ko, Side::Korean)?;
    let en = parse(en, Side::English)?;
    let alignment = aligner.align(&ko, &en);
    serde_json::to_writer_pretty(&mut *out, &json!({"links": wire_links(&alignment)}))?;
    writeln!(out)?;
    Ok(())
}
