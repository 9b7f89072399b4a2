//! A signed-off article as the newsroom publishes it: plain text, HTML or
//! Markdown, the headline, every paragraph and the disclosure line, built
//! from the texts the trail vouched for.

use std::fmt::Write as _;

use galley_core::rows::english_paragraphs;
use galley_store::Article;

use super::xml;

/// How the newsroom publishes a signed-off article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Plain text: the title, the paragraphs and the disclosure line, each
    /// after a blank line.
    Text,
    /// HTML: an `<article>` with the title in `<h1>`, each paragraph in a
    /// `<p>`, the disclosure in its own `<p class="disclosure">`; no style.
    Html,
    /// Markdown: the title as a heading, the disclosure in italics.
    Markdown,
}

impl Publish {
    /// `text`, `html` or `markdown`.
    pub fn parse(name: &str) -> Option<Publish> {
        match name {
            "text" => Some(Publish::Text),
            "html" => Some(Publish::Html),
            "markdown" => Some(Publish::Markdown),
            _ => None,
        }
    }

    /// The file's content type and extension.
    pub fn file(self) -> (&'static str, &'static str) {
        match self {
            Publish::Text => ("text/plain; charset=utf-8", "txt"),
            Publish::Html => ("text/html; charset=utf-8", "html"),
            Publish::Markdown => ("text/markdown; charset=utf-8", "md"),
        }
    }
}

/// Markdown's own characters, escaped so a paragraph reads as written.
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|')
            || (i == 0 && matches!(c, '#' | '-' | '+' | '='))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The final English of a signed-off article as the newsroom publishes it,
/// with the disclosure line after the last paragraph and a line for each
/// correction published (`corrections`, oldest first) after it.
pub fn publishable(
    article: &Article,
    disclosure: &str,
    corrections: &[String],
    format: Publish,
) -> String {
    // The headline row is the title, above the body; the body's rows follow.
    let paragraphs: Vec<&str> = article
        .body_rows()
        .iter()
        .flat_map(|row| english_paragraphs(&row.text))
        .collect();
    let mut out = String::new();
    match format {
        Publish::Text => {
            let _ = writeln!(out, "{}\n", article.title);
            for p in &paragraphs {
                let _ = writeln!(out, "{p}\n");
            }
            let _ = writeln!(out, "{disclosure}");
            for line in corrections {
                let _ = writeln!(out, "\n{line}");
            }
        }
        Publish::Html => {
            let _ = writeln!(out, r#"<article lang="en">"#);
            let _ = writeln!(out, "<h1>{}</h1>", xml(&article.title));
            for p in &paragraphs {
                let _ = writeln!(out, "<p>{}</p>", xml(p));
            }
            let _ = writeln!(out, r#"<p class="disclosure">{}</p>"#, xml(disclosure));
            for line in corrections {
                let _ = writeln!(out, r#"<p class="correction">{}</p>"#, xml(line));
            }
            let _ = writeln!(out, "</article>");
        }
        Publish::Markdown => {
            let _ = writeln!(out, "# {}\n", markdown(&article.title));
            for p in &paragraphs {
                let _ = writeln!(out, "{}\n", markdown(p));
            }
            let _ = writeln!(out, "*{}*", markdown(disclosure));
            for line in corrections {
                let _ = writeln!(out, "\n*{}*", markdown(line));
            }
        }
    }
    out
}
