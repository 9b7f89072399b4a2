//! Reading a JSON export strictly and verifying it offline: its chain,
//! every field against the replayed chain, and with the log's key, its
//! checkpoint and every event's inclusion (`galley trail verify --file`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use galley_core::audit::{
    self, ClaimedArticle, ClaimedAuthor, ClaimedRevision, ClaimedRow, ExportVerdict,
};
use galley_core::checkpoint::{self, Checkpoint, EventLeaf, LogVerifier};
use galley_core::merkle::Hash;
use galley_core::replay::OverrideRecord;
use galley_core::trail::Event;
use galley_core::workflow::Stage;
use serde_json::Value;

use super::json::{JSON_FORMAT, JSON_FORMAT_1};

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
