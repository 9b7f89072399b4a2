//! Files that take an article elsewhere: XLIFF 2.1 for CAT tools (and back),
//! TMX 1.4b for translation memories, and a self-contained JSON export an
//! auditor can verify offline (`galley trail verify --file`).

use std::fmt::Write as _;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use galley_core::audit::{
    self, ClaimedArticle, ClaimedAuthor, ClaimedRevision, ClaimedRow, ExportVerdict,
};
use galley_core::checkpoint::{self, Checkpoint, EventLeaf, LogSigner, LogVerifier};
use galley_core::merkle::Hash;
use galley_core::replay::OverrideRecord;
use galley_core::rows::english_paragraphs;
use galley_core::trail::Event;
use galley_core::workflow::Stage;
use galley_store::{Article, ArticleWithTrail, Author, Override, Revision, Row, Store, StoreError};
use serde_json::{Value, json};

/// Escapes text for XML content and attribute values (as for HTML); drops
/// the characters XML 1.0 cannot carry at all.
fn xml(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    let mut out = String::with_capacity(allowed.len());
    galley_core::diff::render::escape_html(&allowed, &mut out);
    out
}

mod tbx;
mod xliff_read;

pub use tbx::{ReadEntry, TbxEntry, glossary_tbx, read_tbx};

pub use xliff_read::{GALLEY_NS, ImportError, ImportedRow, XLIFF_NS, read_xliff};

/// The XLIFF state of a row: `final` once signed off, `reviewed` when marked
/// reviewed at its current revision (or past bilingual review), `translated`
/// when a person wrote it, `initial` for the untouched AI draft.
fn state(article: &Article, segment: &Row) -> &'static str {
    if article.stage == Stage::SignedOff {
        "final"
    } else if segment.reviewed_revision == Some(segment.revision)
        || article.stage == Stage::NativeEdit
    {
        "reviewed"
    } else if segment.revision > 0 {
        "translated"
    } else {
        "initial"
    }
}

/// A row's comment as an XLIFF note: who wrote it and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentNote {
    /// The comment's id.
    pub id: i64,
    /// The row.
    pub row_id: i64,
    /// Who wrote it.
    pub author: String,
    /// What they wrote.
    pub body: String,
    /// Its thread is resolved.
    pub resolved: bool,
}

/// XLIFF 2.1: one `<unit>` per alignment row, its state from the review
/// status, notes for the QA findings overridden with a reason and for the
/// row's comments. Each unit carries the revision it was exported at
/// (`galley:revision`) so an import can tell a stale file.
pub fn xliff(article: &Article, overrides: &[Override], comments: &[CommentNote]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<xliff xmlns="{XLIFF_NS}" xmlns:galley="{GALLEY_NS}" version="2.1" srcLang="ko" trgLang="en">"#
    );
    let _ = writeln!(
        out,
        r#"  <file id="article-{}" original="galley:article:{}">"#,
        article.id, article.id
    );
    let _ = writeln!(
        out,
        r#"    <notes><note id="title" category="title">{}</note><note id="ai" category="ai-draft">{} ({})</note></notes>"#,
        xml(&article.title),
        xml(&article.ai.tool),
        xml(&article.ai.model)
    );
    for segment in &article.rows {
        let _ = writeln!(
            out,
            r#"    <unit id="s{}" name="{}" galley:revision="{}">"#,
            segment.id,
            article.row_name(segment),
            segment.revision
        );
        let notes: Vec<&Override> = overrides
            .iter()
            .filter(|o| o.row_id == segment.id)
            .collect();
        let said: Vec<&CommentNote> = comments.iter().filter(|c| c.row_id == segment.id).collect();
        if !notes.is_empty() || !said.is_empty() {
            out.push_str("      <notes>");
            for note in notes {
                let _ = write!(
                    out,
                    r#"<note category="qa-override">{}: {}</note>"#,
                    xml(&note.key),
                    xml(&note.reason)
                );
            }
            for comment in said {
                let _ = write!(
                    out,
                    r#"<note id="c{}" category="{}">{}: {}</note>"#,
                    comment.id,
                    if comment.resolved {
                        "review-comment-resolved"
                    } else {
                        "review-comment"
                    },
                    xml(&comment.author),
                    xml(&comment.body)
                );
            }
            out.push_str("</notes>\n");
        }
        let _ = writeln!(
            out,
            r#"      <segment id="s{}-1" state="{}"><source xml:space="preserve">{}</source><target xml:space="preserve">{}</target></segment>"#,
            segment.id,
            state(article, segment),
            xml(&article.korean_of(segment)),
            xml(&segment.text)
        );
        out.push_str("    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

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

/// The format name of the JSON export. Every field of a `/2` file is
/// covered by the chain and the log, and the verifier refuses a field it
/// does not know or a field missing; `/1` files (which also carried the
/// article's version, flags, confidence, assignments and times that
/// nothing signs) are still verified, those fields ignored.
pub const JSON_FORMAT: &str = "galley-article-export/2";

/// The format name of exports written before every field was signed.
pub const JSON_FORMAT_1: &str = "galley-article-export/1";

/// The article as a JSON export shows it: only what its trail records.
fn article_json(article: &Article) -> Value {
    json!({
        "id": article.id,
        "title": article.title,
        "stage": article.stage.name(),
        "ai": {"tool": article.ai.tool, "model": article.ai.model},
        "source_version": article.source_version,
        "segments": article.rows.iter().map(|row| {
            let mut entry = json!({
                "id": row.id,
                "ko": article.korean.get(row.ko.clone()).unwrap_or_default(),
                "ko_paragraphs": [row.ko.start, row.ko.end],
                "en": row.text,
                "revision": row.revision,
                "reviewed": row.reviewed_revision == Some(row.revision),
                "source_changed": row.source_change.is_some(),
            });
            if article.is_headline(row) {
                entry["headline"] = json!(true);
            }
            entry
        }).collect::<Vec<_>>(),
    })
}

fn revision_json(revision: &Revision) -> Value {
    let author = match &revision.author {
        Author::Ai(tool) => json!({"ai": {"tool": tool.tool, "model": tool.model}}),
        Author::User(id) => json!({"user": id}),
    };
    json!({
        "segment": revision.row_id,
        "revision": revision.revision,
        "text": revision.text,
        "author": author,
        "stage": revision.stage.name(),
    })
}

/// An event exactly as hashed, so the chain verifies from the file alone.
pub fn event_json(event: &Event) -> Value {
    json!({
        "seq": event.seq, "at": event.at, "actor": event.actor, "action": event.action,
        "payload": event.payload, "prev_hash": event.prev_hash, "hash": event.hash,
    })
}

/// The whole article: rows, every revision of every row, the QA overrides
/// and the full trail.
pub fn json_export(
    article: &Article,
    revisions: &[Revision],
    overrides: &[Override],
    events: &[Event],
    log: Option<Value>,
) -> Value {
    let mut file = json!({
        "format": JSON_FORMAT,
        "article": article_json(article),
        "korean": article.korean,
        "revisions": revisions.iter().map(revision_json).collect::<Vec<_>>(),
        "overrides": overrides.iter().map(|o| json!({
            "segment": o.row_id, "key": o.key, "reason": o.reason, "by": o.user_id,
        })).collect::<Vec<_>>(),
        "trail": events.iter().map(event_json).collect::<Vec<_>>(),
    });
    if let Some(log) = log {
        file["log"] = log;
    }
    file
}

fn b64(hash: &Hash) -> String {
    STANDARD.encode(hash)
}

/// The export's `log` section: each event's leaf in the newsroom's log and
/// its inclusion proof in the tree of a signed checkpoint (a fresh one when
/// this server holds the key, else the latest kept if it covers every
/// event; without one the proofs are against the log's unsigned head). With
/// `consistency_from`, the proof that this tree extends the one of that
/// many leaves (an auditor's kept checkpoint).
pub async fn log_section(
    store: &dyn Store,
    signer: Option<&LogSigner>,
    article_id: i64,
    events: &[Event],
    consistency_from: Option<u64>,
) -> Result<Value, StoreError> {
    let leaf_of: std::collections::HashMap<i64, u64> = store
        .leaves_of(article_id)
        .await?
        .into_iter()
        .map(|l| (l.seq, l.index))
        .collect();
    let mut leaves = Vec::with_capacity(events.len());
    for event in events {
        let leaf = leaf_of.get(&event.seq).copied().ok_or_else(|| {
            StoreError::Internal(format!(
                "event {} of article {article_id} has no leaf in the log",
                event.seq
            ))
        })?;
        leaves.push((event.seq, leaf));
    }
    let needed = leaves.iter().map(|(_, l)| l + 1).max().unwrap_or(0);
    let (size, note) = match signer {
        Some(signer) => {
            let (size, note) = crate::checkpoints::sign(store, signer).await?;
            (size, Some(note))
        }
        None => match store.latest_checkpoint().await? {
            Some((size, note)) if size >= needed => (size, Some(note)),
            _ => (store.log_head().await?.0, None),
        },
    };
    let root = store.root_at(size).await?;
    let mut proven = Vec::with_capacity(leaves.len());
    for (seq, leaf) in leaves {
        let proof = store.inclusion_proof(leaf, size).await?;
        proven.push(json!({
            "seq": seq, "leaf": leaf, "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        }));
    }
    let mut section = json!({
        "checkpoint": note, "size": size, "root": b64(&root), "leaves": proven,
    });
    if let Some(from) = consistency_from {
        if from > size {
            return Err(StoreError::Invalid(format!(
                "consistency_from: the export's checkpoint has {size} leaves, not {from} or more"
            )));
        }
        let proof = store.consistency_proof(from, size).await?;
        section["consistency"] = json!({
            "from": from, "proof": proof.iter().map(b64).collect::<Vec<_>>(),
        });
    }
    Ok(section)
}

/// The JSON export of an article as stored now and vouched for by its
/// trail: its rows, every revision of every row, the overrides and the
/// trail.
pub async fn article_export(
    store: &dyn Store,
    signer: Option<&LogSigner>,
    read: &ArticleWithTrail,
    consistency_from: Option<u64>,
) -> Result<Value, StoreError> {
    let (article, overrides, events) = (&read.article, &read.overrides, &read.stored.events);
    let revisions: Vec<Revision> = article
        .rows
        .iter()
        .flat_map(|row| read.revisions.get(&row.id).into_iter().flatten())
        .cloned()
        .collect();
    Ok(json_export(
        article,
        &revisions,
        overrides,
        events,
        Some(log_section(store, signer, article.id, events, consistency_from).await?),
    ))
}

/// Reads one field of an export strictly: a value of the wrong type is an
/// error naming where it is, never skipped; in a `/2` file an object with a
/// key the format does not have, or without one it has, is refused too
/// ([`Reader::keys`]), so no byte of the file goes unsigned.
struct Reader<'a> {
    value: &'a Value,
    path: String,
    /// Whether unknown and missing keys are refused (format `/2`).
    strict: bool,
}

impl<'a> Reader<'a> {
    /// The whole file.
    fn root(file: &'a Value) -> Reader<'a> {
        Reader {
            value: file,
            path: "export".into(),
            strict: file["format"] != JSON_FORMAT_1,
        }
    }

    fn of(&self, value: &'a Value, path: String) -> Reader<'a> {
        Reader {
            value,
            path,
            strict: self.strict,
        }
    }

    fn field(&self, key: &str) -> Reader<'a> {
        self.of(&self.value[key], format!("{}.{key}", self.path))
    }

    /// Refuses (in a strict file) an object whose keys are not `required`
    /// with some of `optional`: what the format has no place for is not
    /// signed, and what it needs cannot be left out.
    fn keys(&self, required: &[&str], optional: &[&str]) -> Result<(), String> {
        if !self.strict {
            return Ok(());
        }
        let map = self
            .value
            .as_object()
            .ok_or_else(|| format!("{} is not an object", self.path))?;
        if let Some(unknown) = map
            .keys()
            .find(|k| !required.contains(&k.as_str()) && !optional.contains(&k.as_str()))
        {
            return Err(format!(
                "{}.{unknown} is not a field of the export (nothing signs it)",
                self.path
            ));
        }
        match required.iter().find(|k| !map.contains_key(**k)) {
            Some(missing) => Err(format!("{}.{missing} is missing", self.path)),
            None => Ok(()),
        }
    }

    fn int(&self) -> Result<i64, String> {
        self.value
            .as_i64()
            .ok_or_else(|| format!("{} is not an integer", self.path))
    }

    fn index(&self) -> Result<usize, String> {
        self.value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("{} is not an index", self.path))
    }

    fn text(&self) -> Result<String, String> {
        self.value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{} is not text", self.path))
    }

    fn flag(&self) -> Result<bool, String> {
        self.value
            .as_bool()
            .ok_or_else(|| format!("{} is not true or false", self.path))
    }

    fn stage(&self) -> Result<Stage, String> {
        Stage::parse(&self.text()?).ok_or_else(|| format!("{} is not a stage", self.path))
    }

    fn list(&self) -> Result<Vec<Reader<'a>>, String> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| format!("{} is not a list", self.path))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| self.of(v, format!("{}[{i}]", self.path)))
            .collect())
    }

    fn texts(&self) -> Result<Vec<String>, String> {
        self.list()?.iter().map(Reader::text).collect()
    }
}

/// The events of an export's trail, exactly as hashed.
pub fn export_events(file: &Value) -> Result<Vec<Event>, String> {
    Reader::root(file)
        .field("trail")
        .list()?
        .iter()
        .map(|e| {
            e.keys(
                &[
                    "seq",
                    "at",
                    "actor",
                    "action",
                    "payload",
                    "prev_hash",
                    "hash",
                ],
                &[],
            )?;
            Ok(Event {
                seq: e.field("seq").int()?,
                at: e.field("at").text()?,
                actor: e.field("actor").text()?,
                action: e.field("action").text()?,
                payload: e.field("payload").text()?,
                prev_hash: e.field("prev_hash").text()?,
                hash: e.field("hash").text()?,
            })
        })
        .collect()
}

/// Parses a JSON export, checking that it is one.
pub fn parse_export(text: &str) -> Result<Value, String> {
    let file: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if file["format"] != JSON_FORMAT && file["format"] != JSON_FORMAT_1 {
        return Err(format!(
            "not a Galley export (format must be {JSON_FORMAT:?} or {JSON_FORMAT_1:?})"
        ));
    }
    Reader::root(&file).keys(
        &[
            "format",
            "article",
            "korean",
            "revisions",
            "overrides",
            "trail",
            "log",
        ],
        &[],
    )?;
    Ok(file)
}

/// What an export shows of its article, read strictly.
fn claimed_article(file: &Value) -> Result<ClaimedArticle, String> {
    let root = Reader::root(file);
    let article = root.field("article");
    article.keys(
        &["id", "title", "stage", "ai", "source_version", "segments"],
        &[],
    )?;
    article.field("ai").keys(&["tool", "model"], &[])?;
    let rows = article
        .field("segments")
        .list()?
        .iter()
        .map(|row| {
            row.keys(
                &[
                    "id",
                    "ko",
                    "ko_paragraphs",
                    "en",
                    "revision",
                    "reviewed",
                    "source_changed",
                ],
                &["headline"],
            )?;
            let ko = row.field("ko_paragraphs").list()?;
            let [start, end] = ko.as_slice() else {
                return Err(format!("{}.ko_paragraphs is not two indices", row.path));
            };
            Ok(ClaimedRow {
                id: row.field("id").int()?,
                ko: (start.index()?, end.index()?),
                korean: row.field("ko").texts()?,
                text: row.field("en").text()?,
                revision: row.field("revision").int()?,
                reviewed: row.field("reviewed").flag()?,
                source_changed: row.field("source_changed").flag()?,
                headline: match row.value.get("headline") {
                    None => false,
                    Some(_) => row.field("headline").flag()?,
                },
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let revisions = root
        .field("revisions")
        .list()?
        .iter()
        .map(|r| {
            r.keys(&["segment", "revision", "text", "author", "stage"], &[])?;
            let author = r.field("author");
            let author = if author.value.get("user").is_some() {
                author.keys(&["user"], &[])?;
                ClaimedAuthor::User(author.field("user").int()?)
            } else {
                author.keys(&["ai"], &[])?;
                let ai = author.field("ai");
                ai.keys(&["tool", "model"], &[])?;
                ClaimedAuthor::Ai(ai.field("tool").text()?, ai.field("model").text()?)
            };
            Ok(ClaimedRevision {
                row: r.field("segment").int()?,
                revision: r.field("revision").int()?,
                text: r.field("text").text()?,
                author,
                stage: r.field("stage").stage()?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let overrides = root
        .field("overrides")
        .list()?
        .iter()
        .map(|o| {
            o.keys(&["segment", "key", "reason", "by"], &[])?;
            Ok(OverrideRecord {
                row: o.field("segment").int()?,
                key: o.field("key").text()?,
                reason: o.field("reason").text()?,
                by: o.field("by").int()?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(ClaimedArticle {
        id: article.field("id").int()?,
        title: article.field("title").text()?,
        stage: article.field("stage").stage()?,
        ai: (
            article.field("ai").field("tool").text()?,
            article.field("ai").field("model").text()?,
        ),
        source_version: article.field("source_version").int()?,
        korean: root.field("korean").texts()?,
        rows,
        revisions,
        every_revision: true,
        overrides,
    })
}

/// What an export's `log` section claims.
#[derive(Debug)]
pub struct ClaimedLog {
    /// The signed note, if the export carries one.
    pub note: Option<String>,
    /// The tree the proofs are against.
    pub size: u64,
    /// Its root.
    pub root: Hash,
    /// Each event's leaf and proof.
    pub leaves: Vec<EventLeaf>,
    /// A consistency proof from a smaller tree, if asked for.
    pub consistency: Option<(u64, Vec<Hash>)>,
}

fn hash_of(r: &Reader) -> Result<Hash, String> {
    STANDARD
        .decode(r.text()?)
        .ok()
        .and_then(|b| Hash::try_from(b).ok())
        .ok_or_else(|| format!("{} is not 32 bytes of base64", r.path))
}

fn hashes_of(r: &Reader) -> Result<Vec<Hash>, String> {
    r.list()?.iter().map(hash_of).collect()
}

/// Reads an export's `log` section strictly, if it has one.
pub fn export_log(file: &Value) -> Result<Option<ClaimedLog>, String> {
    let root = Reader::root(file);
    if file.get("log").is_none() && !root.strict {
        return Ok(None);
    }
    let log = root.field("log");
    log.keys(&["checkpoint", "size", "root", "leaves"], &["consistency"])?;
    let count = |r: Reader| -> Result<u64, String> {
        r.value
            .as_u64()
            .ok_or_else(|| format!("{} is not a count", r.path))
    };
    let note = match log.value.get("checkpoint") {
        None | Some(Value::Null) => None,
        Some(_) => Some(log.field("checkpoint").text()?),
    };
    let consistency = match log.value.get("consistency") {
        None => None,
        Some(_) => {
            let c = log.field("consistency");
            c.keys(&["from", "proof"], &[])?;
            Some((count(c.field("from"))?, hashes_of(&c.field("proof"))?))
        }
    };
    Ok(Some(ClaimedLog {
        note,
        size: count(log.field("size"))?,
        root: hash_of(&log.field("root"))?,
        leaves: log
            .field("leaves")
            .list()?
            .iter()
            .map(|l| {
                l.keys(&["seq", "leaf", "proof"], &[])?;
                Ok(EventLeaf {
                    seq: l.field("seq").int()?,
                    leaf: count(l.field("leaf"))?,
                    proof: hashes_of(&l.field("proof"))?,
                })
            })
            .collect::<Result<_, String>>()?,
        consistency,
    }))
}

/// What an auditor brings to check an export against the log.
#[derive(Debug, Default)]
pub struct LogCheck {
    /// The log's public key: the export's checkpoint must be signed by it.
    pub key: Option<LogVerifier>,
    /// A checkpoint kept earlier (already opened with the key): the
    /// export's must extend it.
    pub kept: Option<Checkpoint>,
    /// The consistency proof between the kept checkpoint and the export's,
    /// fetched from a server (else the export's own is used).
    pub consistency: Option<Vec<Hash>>,
    /// The leaves a monitor kept with the kept checkpoint, with the event
    /// each stands for (index, article, seq): the export must hold every
    /// one of its article's.
    pub kept_leaves: Option<Vec<(u64, i64, i64)>>,
}

/// The checkpoint an export carries, opened with `key`.
pub fn export_checkpoint(text: &str, key: &LogVerifier) -> Result<Checkpoint, String> {
    let file = parse_export(text)?;
    let log = export_log(&file)?
        .ok_or("the export has no log section (exported before the log existed)")?;
    let note = log
        .note
        .ok_or("the export carries no signed checkpoint (its server held no signing key)")?;
    key.open(&note)
        .map_err(|e| format!("the export's checkpoint: {e}"))
}

/// Checks an export's events against the tree its log section names: its
/// checkpoint signed by `check.key` (when given), every event at its leaf,
/// and that tree extending `check.kept`. Answers the tree checked.
fn check_log(
    file: &Value,
    events: &[Event],
    check: &LogCheck,
) -> Result<Option<Checkpoint>, String> {
    let Some(log) = export_log(file)? else {
        return if check.key.is_some() {
            Err("the export has no log section (exported before the log existed)".into())
        } else {
            Ok(None)
        };
    };
    let signed = match (&check.key, &log.note) {
        (Some(key), Some(note)) => key
            .open(note)
            .map_err(|e| format!("the export's checkpoint: {e}"))?,
        (Some(_), None) => {
            return Err(
                "the export carries no signed checkpoint (its server held no signing key)".into(),
            );
        }
        // Without the key, the checkpoint's body is read unsigned.
        (None, Some(note)) => {
            let body = note.split_once("\n\n").map_or(note.as_str(), |(b, _)| b);
            Checkpoint::parse(&format!("{body}\n"))
                .map_err(|e| format!("the export's checkpoint: {e}"))?
        }
        (None, None) => Checkpoint {
            origin: String::new(),
            size: log.size,
            root: log.root,
        },
    };
    if (signed.size, signed.root) != (log.size, log.root) {
        return Err(format!(
            "export.log: its size and root are not the checkpoint's ({} leaves)",
            signed.size
        ));
    }
    let article = Reader::root(file).field("article").field("id").int()?;
    checkpoint::check_events_in_log(&signed, article, events, &log.leaves)?;
    if let Some(kept) = &check.kept {
        let proof = match (&check.consistency, &log.consistency) {
            // Two trees of one size extend each other only if they are the
            // same tree: equal roots, with the empty proof.
            _ if kept.size == signed.size => Vec::new(),
            (Some(proof), _) => proof.clone(),
            (None, Some((from, proof))) if *from == kept.size => proof.clone(),
            _ => {
                return Err(format!(
                    "no consistency proof from the kept checkpoint ({} leaves) to the export's ({}): export with consistency_from={} or give --server",
                    kept.size, signed.size, kept.size
                ));
            }
        };
        if kept.size > signed.size {
            checkpoint::check_extends(&signed, kept, &proof)
        } else {
            checkpoint::check_extends(kept, &signed, &proof)
        }?;
        if let Some(kept_leaves) = &check.kept_leaves {
            // Leaves past the export's tree were logged after it was made.
            let within: Vec<(u64, i64, i64)> = kept_leaves
                .iter()
                .copied()
                .filter(|(index, _, _)| *index < signed.size)
                .collect();
            checkpoint::check_complete(article, &within, &log.leaves)?;
        }
    }
    Ok(check.key.as_ref().map(|_| signed))
}

/// The hash of the last event of an export: the head an auditor keeps.
pub fn export_head(text: &str) -> Result<String, String> {
    let file = parse_export(text)?;
    export_events(&file)?
        .last()
        .map(|e| e.hash.clone())
        .ok_or_else(|| "the export has an empty trail".to_string())
}

/// Verifies a JSON export offline: the chain of hashes, and every field the
/// file shows (article id, title, stage, Korean, rows, every revision, the
/// overrides) against what the replayed chain records. With `head`, the
/// chain must hold that event (a head kept from an earlier look).
/// A log section, if present, must prove every event in the tree it names
/// (unsigned: [`verify_logged_export`] checks the signature).
pub fn verify_export(text: &str, head: Option<&str>) -> Result<ExportVerdict, String> {
    verify_logged_export(text, head, &LogCheck::default()).map(|(verdict, _)| verdict)
}

/// [`verify_export`], and the log: with `check.key`, the export's
/// checkpoint signed by it, every event proven in the tree it signs (the
/// checkpoint answered), and with `check.kept` that tree extending the
/// kept one.
pub fn verify_logged_export(
    text: &str,
    head: Option<&str>,
    check: &LogCheck,
) -> Result<(ExportVerdict, Option<Checkpoint>), String> {
    let file = parse_export(text)?;
    let events = export_events(&file)?;
    let claimed = claimed_article(&file)?;
    let verdict = audit::check_export(&events, &claimed, head).map_err(|m| m.reason)?;
    let signed = check_log(&file, &events, check)?;
    Ok((verdict, signed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_store::AiTool;

    fn article() -> Article {
        Article {
            id: 7,
            glossary: std::sync::Arc::default(),
            glossary_version: 0,
            title: "Rates <held> & \"steady\"".into(),
            stage: Stage::BilingualReview,
            version: 3,
            source_version: 1,
            ai: AiTool {
                tool: "ChatGPT".into(),
                model: "gpt-4o".into(),
            },
            submitted_by: 1,
            returned: None,
            assignments: Vec::new(),
            korean: vec!["금리 동결".into(), "물가는 3%다.".into()],
            headline: false,
            rows: vec![
                Row {
                    id: 11,
                    position: 0,
                    ko: 0..1,
                    text: "Rates held".into(),
                    revision: 0,
                    reviewed_revision: None,
                    confidence: 1.0,
                    flags: vec![],
                    source_change: None,
                    ko_before: None,
                },
                Row {
                    id: 12,
                    position: 1,
                    ko: 1..2,
                    text: "Inflation is 3 percent.".into(),
                    revision: 2,
                    reviewed_revision: Some(2),
                    confidence: 1.0,
                    flags: vec![],
                    source_change: None,
                    ko_before: None,
                },
            ],
        }
    }

    #[test]
    fn the_hand_off_has_the_paragraphs_and_the_disclosure_in_each_format() {
        let a = article();
        let line = "This article was originally written in Korean.";
        let html = publishable(&a, line, &[], Publish::Html);
        assert!(
            html.starts_with(
                "<article lang=\"en\">\n<h1>Rates &lt;held&gt; &amp; &quot;steady&quot;</h1>\n<p>"
            ),
            "{html}"
        );
        assert!(html.contains(
            r#"<p class="disclosure">This article was originally written in Korean.</p>"#
        ));
        assert!(!html.contains("style"));
        assert_eq!(
            html.matches("<p>").count(),
            a.rows
                .iter()
                .map(|r| english_paragraphs(&r.text).len())
                .sum::<usize>()
        );
        let text = publishable(&a, line, &[], Publish::Text);
        assert!(text.starts_with("Rates <held> & \"steady\"\n\n"));
        assert!(text.ends_with(&format!("{line}\n")));
        let md = publishable(&a, line, &[], Publish::Markdown);
        assert!(
            md.starts_with("# Rates \\<held\\> & \"steady\"\n\n"),
            "{md}"
        );
        assert!(md.ends_with(&format!("*{line}*\n")));
        // A published correction: its own line after the disclosure.
        let fixed = ["Corrected on 2 December 2026: the rate is 3.25%, not 3.5%.".to_string()];
        let html = publishable(&a, line, &fixed, Publish::Html);
        assert!(html.ends_with(
            "</p>\n<p class=\"correction\">Corrected on 2 December 2026: the rate is 3.25%, not 3.5%.</p>\n</article>\n"
        ), "{html}");
        let text = publishable(&a, line, &fixed, Publish::Text);
        assert!(
            text.ends_with(&format!("{line}\n\n{}\n", fixed[0])),
            "{text}"
        );
        // With a headline row, its English is the title and only the body's
        // rows are paragraphs below it.
        let mut headed = article();
        headed.headline = true;
        headed.rows[0].text = "Bank of Korea holds rates".into();
        headed.title = headed.rows[0].text.clone();
        let html = publishable(&headed, line, &[], Publish::Html);
        assert!(
            html.starts_with("<article lang=\"en\">\n<h1>Bank of Korea holds rates</h1>\n<p>Inflation is 3 percent.</p>"),
            "{html}"
        );
        assert_eq!(html.matches("<p>").count(), 1, "{html}");
    }

    #[test]
    fn xliff_round_trips_through_its_reader() {
        let file = xliff(&article(), &[], &[]);
        assert!(file.contains(r#"state="initial""#) && file.contains(r#"state="reviewed""#));
        assert!(file.contains("Rates &lt;held&gt; &amp; &quot;steady&quot;"));
        assert!(!xml("a\u{1}b").contains('\u{1}'));
        let rows = read_xliff(&file, 7).unwrap();
        assert_eq!(
            rows,
            [
                ImportedRow {
                    segment: 11,
                    base_revision: 0,
                    text: "Rates held".into()
                },
                ImportedRow {
                    segment: 12,
                    base_revision: 2,
                    text: "Inflation is 3 percent.".into()
                },
            ]
        );
        assert!(matches!(
            read_xliff(&file, 8),
            Err(ImportError::WrongArticle(_))
        ));
        assert!(matches!(
            read_xliff("<xliff>", 7),
            Err(ImportError::Malformed(_))
        ));
        let inline = file.replace(
            "Rates held</target>",
            "Rates <mrk id=\"m\">held</mrk></target>",
        );
        assert!(
            matches!(read_xliff(&inline, 7), Err(ImportError::Malformed(m)) if m.contains("inline"))
        );
    }

    #[test]
    fn tmx_has_one_unit_per_row_with_both_sides() {
        let mut a = article();
        a.rows[0].text = String::new();
        let file = tmx(&a);
        let document = roxmltree::Document::parse(&file).unwrap();
        let units: Vec<_> = document
            .descendants()
            .filter(|n| n.has_tag_name("tu"))
            .collect();
        assert_eq!(units.len(), 1);
        let segs: Vec<&str> = units[0]
            .descendants()
            .filter(|n| n.has_tag_name("seg"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(segs, ["물가는 3%다.", "Inflation is 3 percent."]);
    }
}
