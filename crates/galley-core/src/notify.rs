//! Who hears about what happened: the notices a fact sends to people, and
//! the webhook event it makes for other systems.
//!
//! Both are read off a fact and the one [`Replay`] of the trail after it
//! (who submitted the article, who is assigned, who took part, who wrote in
//! a thread), so a notice can never name a person the trail does not.

use serde_json::{Value, json};

use crate::events::Fact;
use crate::replay::Replay;
use crate::source::Carry;
use crate::workflow::{Action, Role, Roles, Stage};

/// Why a person is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The article was assigned to them for a stage.
    Assignment,
    /// The article arrived in a stage they work in.
    Arrival,
    /// The article came back to them.
    Return,
    /// Someone named them with `@name` in a comment.
    Mention,
    /// Someone replied in a thread they wrote in.
    Reply,
    /// Their article was signed off.
    SignOff,
    /// A new version of the Korean sent rows back to them for review.
    SourceChanged,
    /// A correction was opened on their signed-off article.
    Correction,
}

impl Reason {
    /// Every reason.
    pub const ALL: &'static [Reason] = &[
        Reason::Assignment,
        Reason::Arrival,
        Reason::Return,
        Reason::Mention,
        Reason::Reply,
        Reason::SignOff,
        Reason::SourceChanged,
        Reason::Correction,
    ];

    /// The name on the wire and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Assignment => "assignment",
            Reason::Arrival => "arrival",
            Reason::Return => "return",
            Reason::Mention => "mention",
            Reason::Reply => "reply",
            Reason::SignOff => "sign_off",
            Reason::SourceChanged => "source_changed",
            Reason::Correction => "correction",
        }
    }

    /// Parses [`Reason::code`].
    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.iter().copied().find(|r| r.code() == code)
    }
}

/// A person who may be told, as the notices need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person<'a> {
    /// Their id.
    pub id: i64,
    /// Their unique name (what `@name` names).
    pub name: &'a str,
    /// Their roles.
    pub roles: Roles,
}

/// One person told about one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    /// Who.
    pub user: i64,
    /// Why.
    pub reason: Reason,
    /// The stage it concerns (assignment, arrival, return).
    pub stage: Option<Stage>,
    /// The thread it concerns (mention, reply): its first comment's id.
    pub thread: Option<i64>,
}

/// The names a comment mentions with `@name`, each once, in order. A name
/// is letters, digits, `.`, `_` and `-` (not ending in `.`); an `@` inside
/// a word (an e-mail address) mentions nobody.
pub fn mentioned(body: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for (at, _) in body.match_indices('@') {
        let before = body[..at].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let name: &str = body[at + 1..]
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
            .next()
            .unwrap_or_default()
            .trim_end_matches('.');
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Who is told about `fact`, done by `actor` (none: the system), given the
/// replay of the trail after it and everyone who may be told. Nobody is
/// told of what they did themselves, and nobody twice.
pub fn recipients(
    fact: &Fact,
    actor: Option<i64>,
    replay: &Replay,
    people: &[Person<'_>],
) -> Vec<Notice> {
    let mut notices: Vec<Notice> = Vec::new();
    let mut tell = |user: i64, reason: Reason, stage: Option<Stage>, thread: Option<i64>| {
        let known = people.iter().any(|p| p.id == user);
        if known && Some(user) != actor && !notices.iter().any(|n| n.user == user) {
            notices.push(Notice {
                user,
                reason,
                stage,
                thread,
            });
        }
    };
    let holders = |role: Role| -> Vec<i64> {
        people
            .iter()
            .filter(|p| p.roles.has(role))
            .map(|p| p.id)
            .collect()
    };
    match fact {
        Fact::Assigned {
            stage,
            assignee: Some(who),
            ..
        } => tell(*who, Reason::Assignment, Some(*stage), None),
        Fact::Transition { action, to, .. } => match action {
            Action::Submit | Action::Approve | Action::Reopen | Action::Correct => {
                let stage = *to;
                // A correction of a published article is news to the
                // reporter who wrote it.
                if *action == Action::Correct
                    && let Some(reporter) = replay.submitted_by
                {
                    tell(reporter, Reason::Correction, Some(stage), None);
                }
                let workers = match replay.assignees.get(&stage) {
                    Some((who, _)) => vec![*who],
                    None => {
                        let role = stage.waits_for().unwrap_or(Role::Admin);
                        let mut all = holders(role);
                        if stage == Stage::NativeEdit {
                            // Who took part in the bilingual review may not
                            // sign off: the article is not theirs to edit.
                            let reviewed = replay.bilingual_participants();
                            all.retain(|id| !reviewed.contains(id));
                        }
                        all
                    }
                };
                for who in workers {
                    tell(who, Reason::Arrival, Some(stage), None);
                }
            }
            Action::Return => {
                let back_to: Vec<i64> = match to {
                    Stage::Draft => replay.submitted_by.into_iter().collect(),
                    stage => match replay.assignees.get(stage) {
                        Some((who, _)) => vec![*who],
                        None if !replay.bilingual_participants().is_empty() => {
                            replay.bilingual_participants()
                        }
                        None => holders(Role::BilingualReviewer),
                    },
                };
                for who in back_to {
                    tell(who, Reason::Return, Some(*to), None);
                }
            }
            Action::SignOff => {
                if let Some(reporter) = replay.submitted_by {
                    tell(reporter, Reason::SignOff, Some(Stage::SignedOff), None);
                }
            }
        },
        Fact::SourceRevised { rows, .. }
            if replay.stage != Stage::Draft && rows.iter().any(|r| r.carry != Carry::Unchanged) =>
        {
            // The rows it marks wait for a bilingual reviewer: the one
            // assigned, else who reviewed this round, else every one.
            let reviewers = match replay.assignees.get(&Stage::BilingualReview) {
                Some((who, _)) => vec![*who],
                None if !replay.bilingual_participants().is_empty() => {
                    replay.bilingual_participants()
                }
                None => holders(Role::BilingualReviewer),
            };
            for who in reviewers {
                tell(
                    who,
                    Reason::SourceChanged,
                    Some(Stage::BilingualReview),
                    None,
                );
            }
        }
        Fact::Comment {
            text, id, reply_to, ..
        } => {
            let thread = reply_to.or(*id);
            for name in mentioned(text) {
                if let Some(person) = people
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(name) && p.roles != Roles::NONE)
                {
                    tell(person.id, Reason::Mention, None, thread);
                }
            }
            if let Some(first) = reply_to {
                if let Some(t) = replay.threads.get(first) {
                    for who in &t.people {
                        tell(*who, Reason::Reply, None, thread);
                    }
                }
            }
        }
        _ => {}
    }
    notices
}

/// The webhook events an endpoint may ask for.
pub const WEBHOOK_EVENTS: &[&str] = &[
    "article.submitted",
    "article.approved",
    "article.returned",
    "article.signed_off",
    "article.reopened",
    "article.corrected",
    "article.source_changed",
    "article.assigned",
    "comment.created",
];

/// The webhook event a fact makes, if any.
pub fn webhook_event(fact: &Fact) -> Option<&'static str> {
    Some(match fact {
        Fact::Transition { action, .. } => match action {
            Action::Submit => "article.submitted",
            Action::Approve => "article.approved",
            Action::Return => "article.returned",
            Action::SignOff => "article.signed_off",
            Action::Reopen => "article.reopened",
            Action::Correct => "article.corrected",
        },
        Fact::Assigned { .. } => "article.assigned",
        Fact::Comment { .. } => "comment.created",
        Fact::SourceRevised { .. } => "article.source_changed",
        _ => return None,
    })
}

/// What a webhook message says about the article, beyond the fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject<'a> {
    /// The article's id.
    pub article: i64,
    /// Its headline.
    pub title: &'a str,
    /// Its version after the write.
    pub version: i64,
    /// Who did it: id and name (none: the system).
    pub actor: Option<(i64, &'a str)>,
    /// When, RFC 3339.
    pub at: &'a str,
    /// The hash of the trail's last event after the write.
    pub trail_head: &'a str,
    /// The final English paragraphs, for a sign-off.
    pub paragraphs: Vec<&'a str>,
    /// The disclosure line, when the trail earns it.
    pub disclosure: Option<&'a str>,
    /// The edition a sign-off publishes, and the corrections it carries
    /// (when the trail earns the line).
    pub edition: usize,
    /// The published corrections, oldest first.
    pub corrections: Vec<crate::disclosure::CorrectionLine>,
    /// Where the server is reached (`https://galley.example`), for links;
    /// empty for links relative to the server.
    pub base_url: &'a str,
}

/// The JSON body of a webhook message for `fact`, in the Standard Webhooks
/// shape (`type`, `timestamp`, `data`); none if the fact makes no event.
pub fn webhook_payload(fact: &Fact, subject: &Subject<'_>) -> Option<String> {
    let kind = webhook_event(fact)?;
    let id = subject.article;
    let base = subject.base_url.trim_end_matches('/');
    let link = |path: String| format!("{base}/api/v1/articles/{id}{path}");
    let mut data = json!({
        "article": {
            "id": id,
            "title": subject.title,
            "version": subject.version,
            "link": format!("{base}/articles/{id}"),
        },
        "actor": subject.actor.map(|(id, name)| json!({"id": id, "name": name})),
        "trail_head": subject.trail_head,
    });
    let extra: Value = match fact {
        Fact::Transition {
            action,
            from,
            to,
            note,
            ..
        } => {
            let mut moved = json!({
                "action": action.name(),
                "from": from.name(),
                "to": to.name(),
                "note": note,
            });
            if *action == Action::SignOff {
                moved["english"] = json!({
                    "title": subject.title,
                    "paragraphs": subject.paragraphs,
                });
                moved["disclosure"] = json!(subject.disclosure);
                moved["edition"] = json!(subject.edition);
                moved["corrections"] = Value::Array(
                    subject
                        .corrections
                        .iter()
                        .map(|c| json!({"edition": c.edition, "at": c.at, "note": c.note}))
                        .collect(),
                );
                moved["exports"] = json!({
                    "text": link("/export?format=text".into()),
                    "html": link("/export?format=html".into()),
                    "markdown": link("/export?format=markdown".into()),
                    "xliff": link("/export?format=xliff".into()),
                    "tmx": link("/export?format=tmx".into()),
                    "json": link("/export?format=json".into()),
                    "disclosure": link("/disclosure".into()),
                });
            }
            moved
        }
        Fact::Assigned {
            stage,
            assignee,
            due,
        } => json!({"stage": stage.name(), "assignee": assignee, "due": due}),
        Fact::Comment {
            row,
            text,
            id,
            reply_to,
            blocking,
        } => json!({
            "comment_id": id,
            "row": row,
            "reply_to": reply_to,
            "body": text,
            "blocking": blocking,
        }),
        Fact::SourceRevised { version, rows, .. } => {
            let count = |carry: Carry| rows.iter().filter(|r| r.carry == carry).count();
            json!({
                "source_version": version,
                "rows": {
                    "changed": count(Carry::Changed),
                    "added": count(Carry::Added),
                    "removed": count(Carry::Removed),
                },
            })
        }
        _ => json!({}),
    };
    if let (Some(data), Value::Object(extra)) = (data.as_object_mut(), extra) {
        data.extend(extra);
    }
    Some(
        json!({
            "type": kind,
            "timestamp": subject.at,
            "data": data,
        })
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::tests::{EDITOR, REPORTER, REVIEWER, Trail};

    const OTHER_REVIEWER: i64 = 40;
    const OTHER_EDITOR: i64 = 50;

    fn people() -> Vec<Person<'static>> {
        let person = |id, name, roles: &[Role]| Person {
            id,
            name,
            roles: Roles::of(roles),
        };
        vec![
            person(REPORTER, "kim.reporter", &[Role::Reporter]),
            person(REVIEWER, "lee.reviewer", &[Role::BilingualReviewer]),
            person(EDITOR, "sam.editor", &[Role::NativeEditor]),
            person(OTHER_REVIEWER, "park", &[Role::BilingualReviewer]),
            person(OTHER_EDITOR, "jo", &[Role::NativeEditor]),
        ]
    }

    fn told(fact: &Fact, actor: i64, trail: &Trail) -> Vec<(i64, Reason)> {
        let mut t = trail.clone();
        t.push(actor, fact.clone());
        recipients(fact, Some(actor), &t.replay(), &people())
            .iter()
            .map(|n| (n.user, n.reason))
            .collect()
    }

    fn go(action: Action, from: Stage, to: Stage) -> Fact {
        Fact::Transition {
            action,
            from,
            to,
            note: None,
            version: None,
        }
    }

    #[test]
    fn mentions_are_names_after_an_at_sign_not_addresses() {
        assert_eq!(
            mentioned("@demo.editor is 350 right? cc @kim_j. Mail desk@example.com"),
            ["demo.editor", "kim_j"]
        );
        assert_eq!(mentioned("@ nobody, @@, and @박기자 too"), ["박기자"]);
        assert!(mentioned("no one").is_empty());
    }

    #[test]
    fn arrival_tells_the_assignee_or_everyone_who_works_the_stage() {
        let trail = Trail::new(&[10]);
        let submit = go(Action::Submit, Stage::Draft, Stage::BilingualReview);
        assert_eq!(
            told(&submit, REPORTER, &trail),
            [
                (REVIEWER, Reason::Arrival),
                (OTHER_REVIEWER, Reason::Arrival)
            ]
        );
        let mut assigned = trail.clone();
        assigned.push(
            REPORTER,
            Fact::Assigned {
                stage: Stage::BilingualReview,
                assignee: Some(OTHER_REVIEWER),
                due: None,
            },
        );
        assert_eq!(
            told(&submit, REPORTER, &assigned),
            [(OTHER_REVIEWER, Reason::Arrival)]
        );
    }

    #[test]
    fn native_edit_arrival_skips_who_reviewed_it_and_the_actor_is_never_told() {
        let mut trail = Trail::new(&[10]);
        trail.go(REPORTER, Action::Submit).edit(REVIEWER, 10);
        let approve = go(Action::Approve, Stage::BilingualReview, Stage::NativeEdit);
        assert_eq!(
            told(&approve, REVIEWER, &trail),
            [(EDITOR, Reason::Arrival), (OTHER_EDITOR, Reason::Arrival)]
        );
        let assign = Fact::Assigned {
            stage: Stage::NativeEdit,
            assignee: Some(EDITOR),
            due: None,
        };
        assert_eq!(told(&assign, EDITOR, &trail), []);
        assert_eq!(
            told(&assign, REVIEWER, &trail),
            [(EDITOR, Reason::Assignment)]
        );
    }

    #[test]
    fn a_return_goes_to_who_it_went_back_to_and_a_sign_off_to_the_reporter() {
        let mut trail = Trail::new(&[10]);
        trail.go(REPORTER, Action::Submit);
        let back = go(Action::Return, Stage::BilingualReview, Stage::Draft);
        assert_eq!(told(&back, REVIEWER, &trail), [(REPORTER, Reason::Return)]);
        trail
            .edit(REVIEWER, 10)
            .review(REVIEWER, 10)
            .go(REVIEWER, Action::Approve);
        let back = go(Action::Return, Stage::NativeEdit, Stage::BilingualReview);
        assert_eq!(told(&back, EDITOR, &trail), [(REVIEWER, Reason::Return)]);
        let sign = go(Action::SignOff, Stage::NativeEdit, Stage::SignedOff);
        assert_eq!(told(&sign, EDITOR, &trail), [(REPORTER, Reason::SignOff)]);
    }

    #[test]
    fn a_reply_tells_the_thread_and_a_mention_its_person_once() {
        let mut trail = Trail::new(&[10]);
        trail.go(REPORTER, Action::Submit);
        trail.push(
            REVIEWER,
            Fact::Comment {
                row: Some(10),
                text: "Is 350 right? @SAM.EDITOR @nobody".into(),
                id: Some(1),
                reply_to: None,
                blocking: true,
            },
        );
        let asked = trail.0.last().unwrap().fact.clone();
        trail.0.pop();
        assert_eq!(told(&asked, REVIEWER, &trail), [(EDITOR, Reason::Mention)]);
        trail.push(REVIEWER, asked);
        let reply = Fact::Comment {
            row: Some(10),
            text: "Yes, per the ministry. @lee.reviewer".into(),
            id: Some(2),
            reply_to: Some(1),
            blocking: false,
        };
        let notices = {
            let mut t = trail.clone();
            t.push(EDITOR, reply.clone());
            recipients(&reply, Some(EDITOR), &t.replay(), &people())
        };
        assert_eq!(
            notices,
            [Notice {
                user: REVIEWER,
                reason: Reason::Mention,
                stage: None,
                thread: Some(1),
            }]
        );
        let third = Fact::Comment {
            row: Some(10),
            text: "Thanks.".into(),
            id: Some(3),
            reply_to: Some(1),
            blocking: false,
        };
        trail.push(EDITOR, reply);
        assert_eq!(told(&third, REVIEWER, &trail), [(EDITOR, Reason::Reply)]);
    }

    #[test]
    fn the_sign_off_payload_carries_the_final_english_and_the_exports() {
        let fact = go(Action::SignOff, Stage::NativeEdit, Stage::SignedOff);
        let subject = Subject {
            article: 7,
            title: "Fares rise",
            version: 12,
            actor: Some((EDITOR, "sam.editor")),
            at: "2026-12-03T00:00:00.000000Z",
            trail_head: "ab12",
            paragraphs: vec!["One.", "Two."],
            edition: 1,
            corrections: Vec::new(),
            disclosure: Some("This article was…"),
            base_url: "https://galley.example/",
        };
        let body: Value = serde_json::from_str(&webhook_payload(&fact, &subject).unwrap()).unwrap();
        assert_eq!(body["type"], "article.signed_off");
        assert_eq!(
            body["data"]["english"]["paragraphs"],
            json!(["One.", "Two."])
        );
        assert_eq!(body["data"]["disclosure"], "This article was…");
        assert_eq!(body["data"]["trail_head"], "ab12");
        assert_eq!(
            body["data"]["exports"]["html"],
            "https://galley.example/api/v1/articles/7/export?format=html"
        );
        let saved = Fact::RowReviewed {
            row: 1,
            revision: 0,
        };
        assert_eq!(webhook_payload(&saved, &subject), None);
        assert!(WEBHOOK_EVENTS.contains(&webhook_event(&fact).unwrap()));
    }

    #[test]
    fn a_correction_tells_the_reporter_and_the_bilingual_reviewers_and_is_an_article_corrected_event()
     {
        let mut trail = Trail::new(&[10]);
        trail
            .go(REPORTER, Action::Submit)
            .go(REVIEWER, Action::Approve)
            .go(EDITOR, Action::SignOff);
        let correct = go(Action::Correct, Stage::SignedOff, Stage::BilingualReview);
        assert_eq!(webhook_event(&correct), Some("article.corrected"));
        assert!(WEBHOOK_EVENTS.contains(&"article.corrected"));
        assert_eq!(
            told(&correct, EDITOR, &trail),
            [
                (REPORTER, Reason::Correction),
                (REVIEWER, Reason::Arrival),
                (OTHER_REVIEWER, Reason::Arrival)
            ]
        );
    }

    #[test]
    fn a_new_korean_tells_the_bilingual_reviewers_whose_rows_came_back() {
        use crate::events::RevisedRow;
        let mut trail = Trail::new(&[10]);
        trail
            .go(REPORTER, Action::Submit)
            .review(REVIEWER, 10)
            .go(REVIEWER, Action::Approve);
        let revised = |carry| Fact::SourceRevised {
            version: 2,
            before_sha256: vec!["ko10".into()],
            korean_sha256: vec!["ko10b".into()],
            rows: vec![RevisedRow {
                row: 10,
                ko: (0, 1),
                carry,
                draft_sha256: None,
            }],
        };
        assert_eq!(
            told(&revised(Carry::Changed), REPORTER, &trail),
            [(REVIEWER, Reason::SourceChanged)]
        );
        assert_eq!(Reason::parse("source_changed"), Some(Reason::SourceChanged));
        assert_eq!(
            webhook_event(&revised(Carry::Changed)),
            Some("article.source_changed")
        );
    }
}
