//! `galley diff`: word diff of two versions of a paragraph or an article.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use galley_core::diff::{ParagraphChange, diff_article, render};
use galley_core::paragraph::{Limits, ParagraphError, Side, paragraphs_from_bytes};
use serde_json::json;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// `[-deleted-]{+inserted+}` markers, one paragraph a line.
    Text,
    /// Paragraph changes with their segments and byte offsets.
    Json,
    /// `<del>`/`<ins>` markup, every piece of text escaped.
    Html,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier version (paragraphs separated by blank lines).
    old: PathBuf,
    /// The later version.
    new: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

fn read_paragraphs(path: &Path) -> Result<(Vec<String>, String)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    match paragraphs_from_bytes(&bytes, Side::English, Limits::DEFAULT) {
        Ok(paragraphs) => Ok((paragraphs, path.display().to_string())),
        // An empty version is a legitimate side of a diff: nothing yet.
        Err(ParagraphError::Empty { .. } | ParagraphError::NoText { .. }) => {
            Ok((Vec::new(), path.display().to_string()))
        }
        Err(ParagraphError::InvalidUtf8 { offset, .. }) => {
            anyhow::bail!(
                "{} is not valid UTF-8 (first bad byte at offset {offset})",
                path.display()
            )
        }
        Err(error) => Err(anyhow::anyhow!("{}: {error}", path.display())),
    }
}

pub fn run(args: &DiffArgs, out: &mut impl Write) -> Result<()> {
    let (old, _) = read_paragraphs(&args.old)?;
    let (new, _) = read_paragraphs(&args.new)?;
    let changes = diff_article(&old, &new);
    match args.format {
        Format::Text => write!(out, "{}", as_text(&changes, &old, &new))?,
        Format::Html => writeln!(out, "{}", as_html(&changes, &old, &new))?,
        Format::Json => writeln!(out, "{}", as_json(&changes))?,
    }
    Ok(())
}

fn indices(range: std::ops::Range<usize>) -> Vec<usize> {
    range.collect()
}

fn as_text(changes: &[ParagraphChange], old: &[String], new: &[String]) -> String {
    let mut out = String::new();
    for change in changes {
        let (o, n) = (change.old_range(), change.new_range());
        let body = match change {
            ParagraphChange::Unchanged { new: j, .. } => new[*j].clone(),
            ParagraphChange::Inserted { new: j } => format!("{{+{}+}}", new[*j]),
            ParagraphChange::Deleted { old: i } => format!("[-{}-]", old[*i]),
            other => render::text(other.diff().expect("changes with two sides carry a diff")),
        };
        let mark = match change {
            ParagraphChange::Unchanged { .. } => ' ',
            ParagraphChange::Inserted { .. } => '+',
            ParagraphChange::Deleted { .. } => '-',
            ParagraphChange::Moved { .. } => '>',
            _ => '~',
        };
        let _ = writeln!(
            out,
            "{mark} {:<9} {:>7} {body}",
            change.name(),
            position(&o, &n)
        );
    }
    out
}

/// `3→4`, `→2` (inserted), `5→` (deleted), `1-2→1`.
fn position(old: &std::ops::Range<usize>, new: &std::ops::Range<usize>) -> String {
    let side = |r: &std::ops::Range<usize>| match r.len() {
        0 => String::new(),
        1 => (r.start + 1).to_string(),
        _ => format!("{}-{}", r.start + 1, r.end),
    };
    format!("{}→{}", side(old), side(new))
}

fn as_html(changes: &[ParagraphChange], old: &[String], new: &[String]) -> String {
    let mut out = String::from("<div class=\"galley-diff\">\n");
    for change in changes {
        let mut body = String::new();
        match change {
            ParagraphChange::Unchanged { new: j, .. } => render::escape_html(&new[*j], &mut body),
            ParagraphChange::Inserted { new: j } => {
                body.push_str("<ins>");
                render::escape_html(&new[*j], &mut body);
                body.push_str("</ins>");
            }
            ParagraphChange::Deleted { old: i } => {
                body.push_str("<del>");
                render::escape_html(&old[*i], &mut body);
                body.push_str("</del>");
            }
            other => {
                body = render::html(other.diff().expect("changes with two sides carry a diff"))
            }
        }
        let _ = writeln!(out, "<p class=\"{}\">{body}</p>", change.name());
    }
    out.push_str("</div>");
    out
}

fn as_json(changes: &[ParagraphChange]) -> serde_json::Value {
    let paragraphs: Vec<_> = changes
        .iter()
        .map(|change| {
            let mut value = json!({
                "change": change.name(),
                "old": indices(change.old_range()),
                "new": indices(change.new_range()),
            });
            if let Some(diff) = change.diff() {
                value["segments"] = json!(crate::wire::wire_segments(diff));
            }
            value
        })
        .collect();
    json!({ "paragraphs": paragraphs })
}
