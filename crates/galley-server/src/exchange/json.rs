//! The JSON export an auditor verifies offline: only what the trail
//! records, every field covered by the chain and the log. Reading and
//! verifying one is `verify.rs`.

use galley_core::trail::Event;
use galley_store::{Article, Author, Override, Revision};
use serde_json::{Value, json};

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
