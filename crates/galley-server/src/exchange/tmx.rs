//! TMX 1.4b of a signed-off article, for translation memories.

use std::fmt::Write as _;

use galley_store::Article;

use super::xml;

/// TMX 1.4b of a signed-off article: one translation unit per row that has
/// both Korean and English.
pub fn tmx(article: &Article) -> String {
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(out, r#"<tmx version="1.4">"#);
    let _ = writeln!(
        out,
        r#"  <header creationtool="Galley" creationtoolversion="{}" segtype="paragraph" o-tmf="galley" adminlang="en" srclang="ko" datatype="plaintext"/>"#,
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("  <body>\n");
    for segment in &article.rows {
        let korean = article.korean_of(segment);
        if korean.trim().is_empty() || segment.text.trim().is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            r#"    <tu tuid="a{}-s{}"><prop type="x-galley-article">{}</prop><tuv xml:lang="ko"><seg>{}</seg></tuv><tuv xml:lang="en"><seg>{}</seg></tuv></tu>"#,
            article.id,
            segment.id,
            xml(&article.title),
            xml(&korean),
            xml(&segment.text)
        );
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}
