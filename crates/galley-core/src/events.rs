//! The trail's events, typed: what each kind of event records, its one
//! canonical encoding (the bytes that are hashed) and its one decoding.
//!
//! Every event of an article's chain is a [`Fact`] done by an [`Actor`].
//! The store appends facts and never writes a payload by hand; everything
//! that reads the trail decodes it here, and [`crate::replay`] walks the
//! decoded chain. No code outside this module names an event kind.
//!
//! The payload is JSON with its keys in sorted order, hashed exactly as
//! written. JSON is the trail's byte format only: no wire type of the API
//! comes from here. Events written before a field existed (digests, row
//! ids) decode with that field absent: old trails keep their bytes and stay
//! verifiable.

use std::fmt;

use serde_json::{Map, Value, json};

use crate::source::Carry;
use crate::trail::Event;
use crate::workflow::{Action, Stage};

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A person, by user id.
    User(i64),
    /// Galley itself (the aligner).
    System,
}

impl Actor {
    /// The text the chain records: `user:<id>` or `system`.
    pub fn encode(&self) -> String {
        match self {
            Actor::User(id) => format!("user:{id}"),
            Actor::System => "system".into(),
        }
    }

    /// Reads what [`Actor::encode`] wrote.
    pub fn decode(text: &str) -> Option<Actor> {
        if text == "system" {
            return Some(Actor::System);
        }
        let id = text.strip_prefix("user:")?;
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        id.parse().ok().map(Actor::User)
    }

    /// The person, if a person did it.
    pub fn user(&self) -> Option<i64> {
        match self {
            Actor::User(id) => Some(*id),
            Actor::System => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

/// A row as an event that makes it records it: its id, its Korean
/// paragraphs, and the digests of its texts.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRecord {
    /// The row's id (absent in trails written before rows were recorded).
    pub row: Option<i64>,
    /// Korean paragraph indices, half-open.
    pub ko: (usize, usize),
    /// The aligner's confidence.
    pub confidence: f64,
    /// The aligner's flags.
    pub flags: Vec<String>,
    /// SHA-256 of revision 0, the AI draft of this row.
    pub draft_sha256: Option<String>,
    /// SHA-256 of revision 1, when the row starts with a person's text (a
    /// merge or split of rows people had edited): written by the actor.
    pub edited_sha256: Option<String>,
}

/// A row as a new version of the Korean leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisedRow {
    /// The row's id (a new one for an added row).
    pub row: i64,
    /// Its Korean paragraphs in the new version, half-open (empty for a
    /// removed row, or English with no Korean).
    pub ko: (usize, usize),
    /// What became of it.
    pub carry: Carry,
    /// SHA-256 of an added row's AI draft (revision 0).
    pub draft_sha256: Option<String>,
}

/// What an event records.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// The reporter submitted the Korean and the AI draft.
    Submitted {
        /// The article's id (absent in old trails).
        article: Option<i64>,
        /// The headline.
        title: String,
        /// The AI tool.
        ai_tool: String,
        /// Its model.
        ai_model: String,
        /// SHA-256 of each Korean paragraph (absent in old trails).
        korean_sha256: Option<Vec<String>>,
        /// How many Korean paragraphs.
        korean_paragraphs: usize,
        /// How many rows.
        rows: usize,
        /// Whether the first row of the alignment is the headline: the
        /// Korean headline (or none) and the AI's English one, reviewed,
        /// edited and signed like any row, its current English the
        /// article's title (absent, `false`, in trails from before the headline was a row).
        headline: bool,
    },
    /// The aligner's rows, each with its AI draft by digest.
    Aligned {
        /// The rows in order.
        rows: Vec<RowRecord>,
    },
    /// A person saved a revision of a row's English.
    RevisionSaved {
        /// The row.
        row: i64,
        /// The new revision's number.
        revision: i64,
        /// The revision it was based on.
        base_revision: i64,
        /// Its length in characters.
        chars: usize,
        /// SHA-256 of the text (absent in the oldest trails).
        sha256: Option<String>,
        /// The earlier revision whose text this one brings back, when the
        /// person reverted to it (absent for an edit, even one whose typed
        /// text happens to equal an earlier revision's).
        reverted_to: Option<i64>,
    },
    /// A person marked a row reviewed at a revision.
    RowReviewed {
        /// The row.
        row: i64,
        /// The revision reviewed.
        revision: i64,
    },
    /// A person took back a row's mark of reviewed (at the revision it had).
    ReviewWithdrawn {
        /// The row.
        row: i64,
        /// The revision that had been marked reviewed.
        revision: i64,
    },
    /// Two neighbouring rows became one.
    RowsMerged {
        /// The rows merged, in order.
        merged: [i64; 2],
        /// The new row.
        into: i64,
        /// The new row as recorded (absent in old trails).
        rows: Option<Vec<RowRecord>>,
    },
    /// A row became two.
    RowSplit {
        /// The row split.
        split: i64,
        /// The new rows, in order.
        into: [i64; 2],
        /// After how many Korean paragraphs.
        ko_at: usize,
        /// After how many English paragraphs.
        en_at: usize,
        /// The new rows as recorded (absent in old trails).
        rows: Option<Vec<RowRecord>>,
    },
    /// The article moved from one stage to another.
    Transition {
        /// What was asked.
        action: Action,
        /// From where.
        from: Stage,
        /// To where.
        to: Stage,
        /// The note or reason given.
        note: Option<String>,
        /// The article version the person saw (absent in old trails).
        version: Option<i64>,
    },
    /// A person overrode a QA finding with a reason.
    QaOverridden {
        /// The row.
        row: i64,
        /// The finding's key.
        key: String,
        /// Why.
        reason: String,
    },
    /// A comment on a row or on the article: a thread's first comment, or
    /// a reply in a thread.
    Comment {
        /// The row, if any.
        row: Option<i64>,
        /// The text.
        text: String,
        /// The comment's id (absent in old trails).
        id: Option<i64>,
        /// The thread's first comment, for a reply.
        reply_to: Option<i64>,
        /// A thread that needs an answer: while open it blocks approval and
        /// sign-off (only ever true on a thread's first comment).
        blocking: bool,
    },
    /// Someone was made responsible for a stage of the article (or nobody
    /// any more), with an optional due time.
    Assigned {
        /// The stage: `bilingual_review` or `native_edit`.
        stage: Stage,
        /// The person, or none to take the assignment back.
        assignee: Option<i64>,
        /// When it is due, RFC 3339.
        due: Option<String>,
    },
    /// A thread was resolved, or reopened.
    ThreadResolved {
        /// The thread's first comment.
        comment: i64,
        /// True when resolved, false when reopened.
        resolved: bool,
    },
    /// A new version of the Korean replaced the article's source, and its
    /// rows were carried over (see [`crate::source`]).
    SourceRevised {
        /// The new version's number (the submission is version 1).
        version: i64,
        /// SHA-256 of each Korean paragraph of the version it replaced.
        before_sha256: Vec<String>,
        /// SHA-256 of each Korean paragraph of the new version.
        korean_sha256: Vec<String>,
        /// Every row of the article after it, in order.
        rows: Vec<RevisedRow>,
    },
    /// A reviewer confirmed that a row whose Korean was removed goes.
    RemovalConfirmed {
        /// The row.
        row: i64,
    },
    /// A bilingual reviewer removed English the AI added (a row with no
    /// Korean): the row leaves the article, its AI text a deletion.
    EnglishRemoved {
        /// The row.
        row: i64,
        /// Why it goes.
        reason: String,
    },
    /// A correction opened on an article submitted before the headline
    /// was a row made its title the headline row, first, to be
    /// reviewed like any row: its draft the title as submitted, its Korean
    /// none (the old submission had no Korean headline).
    HeadlineAdded {
        /// The new row.
        row: RowRecord,
    },
}

/// An event that cannot be read as a [`Fact`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq} ({action}): {reason}")]
pub struct DecodeError {
    /// The event.
    pub seq: i64,
    /// Its kind as written.
    pub action: String,
    /// What is wrong.
    pub reason: String,
}

fn rows_json(rows: &[RowRecord]) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                let mut m = Map::new();
                m.insert("ko".into(), json!([r.ko.0, r.ko.1]));
                m.insert("confidence".into(), json!(r.confidence));
                m.insert("flags".into(), json!(r.flags));
                if let Some(row) = r.row {
                    m.insert("row".into(), json!(row));
                }
                if let Some(d) = &r.draft_sha256 {
                    m.insert("draft_sha256".into(), json!(d));
                }
                if let Some(d) = &r.edited_sha256 {
                    m.insert("edited_sha256".into(), json!(d));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// Every event kind the chain records, as written.
pub const KINDS: &[&str] = &[
    "submitted",
    "aligned",
    "revision_saved",
    "row_reviewed",
    "review_withdrawn",
    "rows_merged",
    "row_split",
    "transition",
    "reopened",
    "qa_overridden",
    "comment",
    "thread_resolved",
    "thread_reopened",
    "assigned",
    "source_revised",
    "removal_confirmed",
    "english_removed",
    "headline_added",
];

impl Fact {
    /// The event kind, as the chain records it.
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::Submitted { .. } => "submitted",
            Fact::Aligned { .. } => "aligned",
            Fact::RevisionSaved { .. } => "revision_saved",
            Fact::RowReviewed { .. } => "row_reviewed",
            Fact::ReviewWithdrawn { .. } => "review_withdrawn",
            Fact::RowsMerged { .. } => "rows_merged",
            Fact::RowSplit { .. } => "row_split",
            Fact::Transition {
                action: Action::Reopen,
                ..
            } => "reopened",
            Fact::Transition { .. } => "transition",
            Fact::QaOverridden { .. } => "qa_overridden",
            Fact::Comment { .. } => "comment",
            Fact::Assigned { .. } => "assigned",
            Fact::ThreadResolved { resolved: true, .. } => "thread_resolved",
            Fact::ThreadResolved { .. } => "thread_reopened",
            Fact::SourceRevised { .. } => "source_revised",
            Fact::RemovalConfirmed { .. } => "removal_confirmed",
            Fact::EnglishRemoved { .. } => "english_removed",
            Fact::HeadlineAdded { .. } => "headline_added",
        }
    }

    /// The canonical payload: JSON with sorted keys, hashed as written.
    pub fn payload(&self) -> String {
        let value = match self {
            Fact::Submitted {
                article,
                title,
                ai_tool,
                ai_model,
                korean_sha256,
                korean_paragraphs,
                rows,
                headline,
            } => {
                let mut m = Map::new();
                m.insert("title".into(), json!(title));
                if *headline {
                    m.insert("headline".into(), json!(true));
                }
                m.insert("ai".into(), json!({"tool": ai_tool, "model": ai_model}));
                m.insert("korean_paragraphs".into(), json!(korean_paragraphs));
                m.insert("rows".into(), json!(rows));
                if let Some(id) = article {
                    m.insert("article".into(), json!(id));
                }
                if let Some(digests) = korean_sha256 {
                    m.insert("korean_sha256".into(), json!(digests));
                }
                Value::Object(m)
            }
            Fact::Aligned { rows } => json!({ "rows": rows_json(rows) }),
            Fact::RevisionSaved {
                row,
                revision,
                base_revision,
                chars,
                sha256,
                reverted_to,
            } => {
                let mut v = json!({
                    "row": row, "revision": revision, "base_revision": base_revision, "chars": chars,
                });
                if let Some(d) = sha256 {
                    v["sha256"] = json!(d);
                }
                if let Some(to) = reverted_to {
                    v["reverted_to"] = json!(to);
                }
                v
            }
            Fact::RowReviewed { row, revision } | Fact::ReviewWithdrawn { row, revision } => {
                json!({"row": row, "revision": revision})
            }
            Fact::RowsMerged { merged, into, rows } => {
                let mut v = json!({"merged": merged, "into": into});
                if let Some(rows) = rows {
                    v["rows"] = rows_json(rows);
                }
                v
            }
            Fact::RowSplit {
                split,
                into,
                ko_at,
                en_at,
                rows,
            } => {
                let mut v = json!({"split": split, "into": into, "ko_at": ko_at, "en_at": en_at});
                if let Some(rows) = rows {
                    v["rows"] = rows_json(rows);
                }
                v
            }
            Fact::Transition {
                action,
                from,
                to,
                note,
                version,
            } => {
                let mut v = json!({
                    "action": action.name(), "from": from.name(), "to": to.name(), "note": note,
                });
                if let Some(version) = version {
                    v["version"] = json!(version);
                }
                v
            }
            Fact::QaOverridden { row, key, reason } => {
                json!({"row": row, "key": key, "reason": reason})
            }
            Fact::Comment {
                row,
                text,
                id,
                reply_to,
                blocking,
            } => {
                let mut v = json!({"row": row, "text": text});
                if let Some(id) = id {
                    v["id"] = json!(id);
                }
                if let Some(to) = reply_to {
                    v["reply_to"] = json!(to);
                }
                if *blocking {
                    v["blocking"] = json!(true);
                }
                v
            }
            Fact::ThreadResolved { comment, .. } => json!({"comment": comment}),
            Fact::Assigned {
                stage,
                assignee,
                due,
            } => json!({"stage": stage.name(), "assignee": assignee, "due": due}),
            Fact::SourceRevised {
                version,
                before_sha256,
                korean_sha256,
                rows,
            } => {
                let rows: Vec<Value> = rows
                    .iter()
                    .map(|r| {
                        let mut v =
                            json!({"row": r.row, "ko": [r.ko.0, r.ko.1], "carry": r.carry.name()});
                        if let Some(d) = &r.draft_sha256 {
                            v["draft_sha256"] = json!(d);
                        }
                        v
                    })
                    .collect();
                json!({
                    "version": version, "before_sha256": before_sha256,
                    "korean_sha256": korean_sha256, "rows": rows,
                })
            }
            Fact::RemovalConfirmed { row } => json!({ "row": row }),
            Fact::EnglishRemoved { row, reason } => json!({ "row": row, "reason": reason }),
            Fact::HeadlineAdded { row } => json!({ "rows": rows_json(std::slice::from_ref(row)) }),
        };
        // serde_json's maps are ordered by key: the text is canonical.
        value.to_string()
    }

    /// Reads an event's kind and payload back into a fact.
    pub fn decode(event: &Event) -> Result<Fact, DecodeError> {
        let fail = |reason: String| DecodeError {
            seq: event.seq,
            action: event.action.clone(),
            reason,
        };
        let payload: Value = serde_json::from_str(&event.payload)
            .map_err(|e| fail(format!("the payload is not JSON: {e}")))?;
        let p = Fields {
            value: &payload,
            fail: &fail,
        };
        Ok(match event.action.as_str() {
            "submitted" => Fact::Submitted {
                article: p.opt_int("article")?,
                title: p.string("title")?,
                ai_tool: p.at(&["ai", "tool"])?,
                ai_model: p.at(&["ai", "model"])?,
                korean_sha256: match payload.get("korean_sha256") {
                    None => None,
                    Some(v) => Some(
                        strings(v)
                            .ok_or_else(|| fail("korean_sha256 is not a list of digests".into()))?,
                    ),
                },
                korean_paragraphs: p.count("korean_paragraphs")?,
                rows: p.count("rows")?,
                headline: match payload.get("headline") {
                    None => false,
                    Some(Value::Bool(true)) => true,
                    Some(_) => return Err(fail("headline is not true".into())),
                },
            },
            "aligned" => Fact::Aligned {
                rows: p.rows("rows")?,
            },
            "revision_saved" => Fact::RevisionSaved {
                row: p.int("row")?,
                revision: p.int("revision")?,
                base_revision: p.int("base_revision")?,
                chars: p.count("chars")?,
                sha256: p.opt_string("sha256")?,
                reverted_to: p.opt_int("reverted_to")?,
            },
            "row_reviewed" => Fact::RowReviewed {
                row: p.int("row")?,
                revision: p.int("revision")?,
            },
            "review_withdrawn" => Fact::ReviewWithdrawn {
                row: p.int("row")?,
                revision: p.int("revision")?,
            },
            "rows_merged" => Fact::RowsMerged {
                merged: p.pair("merged")?,
                into: p.int("into")?,
                rows: match payload.get("rows") {
                    None => None,
                    Some(_) => Some(p.rows("rows")?),
                },
            },
            "row_split" => Fact::RowSplit {
                split: p.int("split")?,
                into: p.pair("into")?,
                ko_at: p.count("ko_at")?,
                en_at: p.count("en_at")?,
                rows: match payload.get("rows") {
                    None => None,
                    Some(_) => Some(p.rows("rows")?),
                },
            },
            "transition" | "reopened" => {
                let action = Action::parse(&p.string("action")?)
                    .ok_or_else(|| fail("unknown action".into()))?;
                if (action == Action::Reopen) != (event.action == "reopened") {
                    return Err(fail("the kind does not match the action".into()));
                }
                Fact::Transition {
                    action,
                    from: Stage::parse(&p.string("from")?)
                        .ok_or_else(|| fail("unknown stage in from".into()))?,
                    to: Stage::parse(&p.string("to")?)
                        .ok_or_else(|| fail("unknown stage in to".into()))?,
                    note: p.opt_string("note")?,
                    version: p.opt_int("version")?,
                }
            }
            "qa_overridden" => Fact::QaOverridden {
                row: p.int("row")?,
                key: p.string("key")?,
                reason: p.string("reason")?,
            },
            "comment" => Fact::Comment {
                row: p.opt_int("row")?,
                text: p.string("text")?,
                id: p.opt_int("id")?,
                reply_to: p.opt_int("reply_to")?,
                blocking: match payload.get("blocking") {
                    None => false,
                    Some(v) => v
                        .as_bool()
                        .ok_or_else(|| fail("blocking is not true or false".into()))?,
                },
            },
            "assigned" => Fact::Assigned {
                stage: Stage::parse(&p.string("stage")?)
                    .ok_or_else(|| fail("stage is not a stage".into()))?,
                assignee: p.opt_int("assignee")?,
                due: p.opt_string("due")?,
            },
            "thread_resolved" | "thread_reopened" => Fact::ThreadResolved {
                comment: p.int("comment")?,
                resolved: event.action == "thread_resolved",
            },
            "source_revised" => Fact::SourceRevised {
                version: p.int("version")?,
                before_sha256: strings(p.get("before_sha256")?)
                    .ok_or_else(|| fail("before_sha256 is not a list of digests".into()))?,
                korean_sha256: strings(p.get("korean_sha256")?)
                    .ok_or_else(|| fail("korean_sha256 is not a list of digests".into()))?,
                rows: p.revised_rows("rows")?,
            },
            "removal_confirmed" => Fact::RemovalConfirmed { row: p.int("row")? },
            "english_removed" => Fact::EnglishRemoved {
                row: p.int("row")?,
                reason: p.string("reason")?,
            },
            "headline_added" => match <[RowRecord; 1]>::try_from(p.rows("rows")?) {
                Ok([row]) => Fact::HeadlineAdded { row },
                Err(rows) => {
                    return Err(fail(format!("{} rows, not the headline's one", rows.len())));
                }
            },
            other => return Err(fail(format!("unknown event kind {other:?}"))),
        })
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Typed reads of a payload's fields, each failure naming the field.
struct Fields<'a, F: Fn(String) -> DecodeError> {
    value: &'a Value,
    fail: &'a F,
}

impl<F: Fn(String) -> DecodeError> Fields<'_, F> {
    fn get(&self, key: &str) -> Result<&Value, DecodeError> {
        self.value
            .get(key)
            .ok_or_else(|| (self.fail)(format!("{key} is missing")))
    }

    fn int(&self, key: &str) -> Result<i64, DecodeError> {
        self.get(key)?
            .as_i64()
            .ok_or_else(|| (self.fail)(format!("{key} is not an integer")))
    }

    fn count(&self, key: &str) -> Result<usize, DecodeError> {
        self.get(key)?
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| (self.fail)(format!("{key} is not a count")))
    }

    fn opt_int(&self, key: &str) -> Result<Option<i64>, DecodeError> {
        match self.value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| (self.fail)(format!("{key} is not an integer"))),
        }
    }

    fn string(&self, key: &str) -> Result<String, DecodeError> {
        self.get(key)?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| (self.fail)(format!("{key} is not text")))
    }

    fn opt_string(&self, key: &str) -> Result<Option<String>, DecodeError> {
        match self.value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.to_string()))
                .ok_or_else(|| (self.fail)(format!("{key} is not text"))),
        }
    }

    fn at(&self, path: &[&str]) -> Result<String, DecodeError> {
        let mut v = self.value;
        for key in path {
            v = v
                .get(key)
                .ok_or_else(|| (self.fail)(format!("{} is missing", path.join("."))))?;
        }
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| (self.fail)(format!("{} is not text", path.join("."))))
    }

    fn pair(&self, key: &str) -> Result<[i64; 2], DecodeError> {
        let bad = || (self.fail)(format!("{key} is not two row ids"));
        let list = self.get(key)?.as_array().ok_or_else(bad)?;
        match list.as_slice() {
            [a, b] => Ok([a.as_i64().ok_or_else(bad)?, b.as_i64().ok_or_else(bad)?]),
            _ => Err(bad()),
        }
    }

    fn revised_rows(&self, key: &str) -> Result<Vec<RevisedRow>, DecodeError> {
        let bad = |what: &str| (self.fail)(format!("{key}: {what}"));
        let list = self.get(key)?.as_array().ok_or_else(|| bad("not a list"))?;
        list.iter()
            .map(|r| {
                let index = |v: &Value| {
                    v.as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| bad("a row's ko is not two indices"))
                };
                let ko = match r["ko"].as_array().map(Vec::as_slice) {
                    Some([a, b]) if index(a)? <= index(b)? => (index(a)?, index(b)?),
                    _ => return Err(bad("a row's ko is not two indices in order")),
                };
                Ok(RevisedRow {
                    row: r["row"]
                        .as_i64()
                        .ok_or_else(|| bad("a row id is not an integer"))?,
                    ko,
                    carry: r["carry"].as_str().and_then(Carry::parse).ok_or_else(|| {
                        bad("a row's carry is not one of unchanged, changed, removed, added")
                    })?,
                    draft_sha256: match r.get("draft_sha256") {
                        None => None,
                        Some(v) => Some(
                            v.as_str()
                                .ok_or_else(|| bad("a row's draft_sha256 is not text"))?
                                .to_string(),
                        ),
                    },
                })
            })
            .collect()
    }

    fn rows(&self, key: &str) -> Result<Vec<RowRecord>, DecodeError> {
        let bad = |what: &str| (self.fail)(format!("{key}: {what}"));
        let list = self.get(key)?.as_array().ok_or_else(|| bad("not a list"))?;
        list.iter()
            .map(|r| {
                let ko = r["ko"].as_array().ok_or_else(|| bad("a row lacks ko"))?;
                let index = |v: &Value| {
                    v.as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| bad("a row's ko is not two indices"))
                };
                let ko = match ko.as_slice() {
                    [a, b] => (index(a)?, index(b)?),
                    _ => return Err(bad("a row's ko is not two indices")),
                };
                let opt_str = |k: &str| match r.get(k) {
                    None => Ok(None),
                    Some(v) => v
                        .as_str()
                        .map(|s| Some(s.to_string()))
                        .ok_or_else(|| bad(&format!("a row's {k} is not text"))),
                };
                Ok(RowRecord {
                    row: match r.get("row") {
                        None => None,
                        Some(v) => Some(
                            v.as_i64()
                                .ok_or_else(|| bad("a row id is not an integer"))?,
                        ),
                    },
                    ko,
                    confidence: r["confidence"]
                        .as_f64()
                        .ok_or_else(|| bad("a row lacks its confidence"))?,
                    flags: strings(&r["flags"]).ok_or_else(|| bad("a row's flags are not text"))?,
                    draft_sha256: opt_str("draft_sha256")?,
                    edited_sha256: opt_str("edited_sha256")?,
                })
            })
            .collect()
    }
}

/// One event of the chain, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// 1, 2, 3… within the article.
    pub seq: i64,
    /// When, RFC 3339.
    pub at: String,
    /// Who.
    pub actor: Actor,
    /// What.
    pub fact: Fact,
}

/// Decodes every event of a chain (whose hashes the caller verified).
pub fn decode_all(events: &[Event]) -> Result<Vec<Recorded>, DecodeError> {
    events
        .iter()
        .map(|event| {
            let actor = Actor::decode(&event.actor).ok_or_else(|| DecodeError {
                seq: event.seq,
                action: event.action.clone(),
                reason: format!("unknown actor {:?}", event.actor),
            })?;
            Ok(Recorded {
                seq: event.seq,
                at: event.at.clone(),
                actor,
                fact: Fact::decode(event)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(fact: &Fact) -> Event {
        Event {
            seq: 1,
            at: "2026-12-02T00:00:00Z".into(),
            actor: "user:3".into(),
            action: fact.kind().into(),
            payload: fact.payload(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn every_kind() -> Vec<Fact> {
        let row = RowRecord {
            row: Some(4),
            ko: (0, 2),
            confidence: 0.875,
            flags: vec!["low_confidence".into()],
            draft_sha256: Some("ab".into()),
            edited_sha256: Some("cd".into()),
        };
        vec![
            Fact::Submitted {
                article: Some(9),
                title: "Rates \"held\"".into(),
                ai_tool: "ChatGPT".into(),
                ai_model: "gpt-4o".into(),
                korean_sha256: Some(vec!["01".into(), "02".into()]),
                korean_paragraphs: 2,
                rows: 1,
                headline: true,
            },
            Fact::Aligned {
                rows: vec![row.clone()],
            },
            Fact::RevisionSaved {
                row: 4,
                revision: 2,
                base_revision: 1,
                chars: 10,
                sha256: Some("ef".into()),
                reverted_to: None,
            },
            Fact::RevisionSaved {
                row: 4,
                revision: 3,
                base_revision: 1,
                chars: 10,
                sha256: Some("ef".into()),
                reverted_to: Some(0),
            },
            Fact::RowReviewed {
                row: 4,
                revision: 2,
            },
            Fact::ReviewWithdrawn {
                row: 4,
                revision: 2,
            },
            Fact::RowsMerged {
                merged: [4, 5],
                into: 6,
                rows: Some(vec![row.clone()]),
            },
            Fact::RowSplit {
                split: 6,
                into: [7, 8],
                ko_at: 1,
                en_at: 0,
                rows: Some(vec![row.clone(), row]),
            },
            Fact::Transition {
                action: Action::SignOff,
                from: Stage::NativeEdit,
                to: Stage::SignedOff,
                note: None,
                version: Some(12),
            },
            Fact::Transition {
                action: Action::Reopen,
                from: Stage::SignedOff,
                to: Stage::NativeEdit,
                note: Some("a typo".into()),
                version: Some(13),
            },
            Fact::QaOverridden {
                row: 4,
                key: "numbers:ko:n3".into(),
                reason: "a range".into(),
            },
            Fact::Comment {
                row: None,
                text: "see the wire copy".into(),
                id: None,
                reply_to: None,
                blocking: false,
            },
            Fact::Comment {
                row: Some(4),
                text: "Is this 35 or 350?".into(),
                id: Some(9),
                reply_to: None,
                blocking: true,
            },
            Fact::Comment {
                row: Some(4),
                text: "350: checked with the desk.".into(),
                id: Some(10),
                reply_to: Some(9),
                blocking: false,
            },
            Fact::ThreadResolved {
                comment: 9,
                resolved: true,
            },
            Fact::Assigned {
                stage: Stage::NativeEdit,
                assignee: Some(3),
                due: Some("2026-12-04T09:00:00Z".into()),
            },
            Fact::Assigned {
                stage: Stage::BilingualReview,
                assignee: None,
                due: None,
            },
            Fact::ThreadResolved {
                comment: 9,
                resolved: false,
            },
            Fact::SourceRevised {
                version: 2,
                before_sha256: vec!["a".into(), "b".into()],
                korean_sha256: vec!["a".into(), "c".into(), "d".into()],
                rows: vec![
                    RevisedRow {
                        row: 4,
                        ko: (0, 1),
                        carry: Carry::Unchanged,
                        draft_sha256: None,
                    },
                    RevisedRow {
                        row: 5,
                        ko: (1, 2),
                        carry: Carry::Changed,
                        draft_sha256: None,
                    },
                    RevisedRow {
                        row: 6,
                        ko: (2, 2),
                        carry: Carry::Removed,
                        draft_sha256: None,
                    },
                    RevisedRow {
                        row: 9,
                        ko: (2, 3),
                        carry: Carry::Added,
                        draft_sha256: Some("e".into()),
                    },
                ],
            },
            Fact::RemovalConfirmed { row: 6 },
            Fact::EnglishRemoved {
                row: 7,
                reason: "The Korean says nothing of it.".into(),
            },
            Fact::HeadlineAdded {
                row: RowRecord {
                    row: Some(10),
                    ko: (0, 0),
                    confidence: 0.0,
                    flags: vec!["headline".into()],
                    draft_sha256: Some("f".into()),
                    edited_sha256: None,
                },
            },
        ]
    }

    #[test]
    fn every_kind_round_trips_through_its_encoding() {
        for fact in every_kind() {
            assert_eq!(Fact::decode(&event(&fact)), Ok(fact.clone()), "{fact:?}");
        }
    }

    #[test]
    fn kinds_lists_every_kind_once() {
        let mut kinds: Vec<&str> = every_kind().iter().map(Fact::kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let mut listed = KINDS.to_vec();
        listed.sort_unstable();
        assert_eq!(kinds, listed);
    }

    #[test]
    fn the_encoding_is_canonical() {
        let fact = &every_kind()[2];
        assert_eq!(
            fact.payload(),
            r#"{"base_revision":1,"chars":10,"revision":2,"row":4,"sha256":"ef"}"#
        );
    }

    #[test]
    fn old_payloads_decode_with_what_they_recorded() {
        let old = Event {
            action: "aligned".into(),
            payload: r#"{"rows":[{"confidence":1.0,"flags":[],"ko":[0,1]}]}"#.into(),
            ..event(&every_kind()[0])
        };
        let Fact::Aligned { rows } = Fact::decode(&old).unwrap() else {
            panic!("aligned");
        };
        assert_eq!((rows[0].row, rows[0].draft_sha256.as_ref()), (None, None));
        let old = Event {
            action: "rows_merged".into(),
            payload: r#"{"into":6,"merged":[4,5]}"#.into(),
            ..event(&every_kind()[0])
        };
        assert!(matches!(
            Fact::decode(&old),
            Ok(Fact::RowsMerged { rows: None, .. })
        ));
    }

    #[test]
    fn a_bad_payload_names_its_field() {
        let mut bad = event(&every_kind()[2]);
        bad.payload = r#"{"base_revision":1,"chars":10,"revision":"2","row":4}"#.into();
        let error = Fact::decode(&bad).unwrap_err();
        assert_eq!(error.reason, "revision is not an integer");
        bad.action = "renamed".into();
        assert!(Fact::decode(&bad).is_err());
        let mut wrong = event(&every_kind()[6]);
        wrong.action = "reopened".into();
        assert!(Fact::decode(&wrong).is_err());
    }

    #[test]
    fn actors_round_trip() {
        for actor in [Actor::User(12), Actor::System] {
            assert_eq!(Actor::decode(&actor.encode()), Some(actor));
        }
        for bad in ["user:", "user:x", "user:+1", "ai:x", ""] {
            assert_eq!(Actor::decode(bad), None, "{bad}");
        }
    }
}
