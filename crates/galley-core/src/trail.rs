//! The tamper-evident trail: a hash chain of events per article.
//!
//! Each event's hash is SHA-256 over the previous event's hash and a
//! canonical encoding of the event (sequence number, time, actor, action,
//! payload), each field length-prefixed so no two events encode alike. The
//! first event of an article follows [`GENESIS`]. Changing, removing,
//! reordering or inserting an event breaks the chain at that event or the
//! one after it, and [`verify`] names the first break.

use sha2::{Digest, Sha256};

/// The "previous hash" of an article's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// 1, 2, 3… within the article.
    pub seq: i64,
    /// When, as RFC 3339 text (hashed as written).
    pub at: String,
    /// Who: `user:<id>`, `ai:<tool>/<model>` or `system`.
    pub actor: String,
    /// What: `submitted`, `revision_saved`, `transition`…
    pub action: String,
    /// Details, as canonical JSON text (hashed as written).
    pub payload: String,
    /// The previous event's hash, or [`GENESIS`].
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

/// The hash of an event with these fields, following `prev_hash`.
pub fn event_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    payload: &str,
) -> String {
    let mut hasher = Sha256::new();
    let seq = seq.to_string();
    for field in [prev_hash, seq.as_str(), at, actor, action, payload] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq}: {reason}")]
pub struct ChainBreak {
    /// The first event that does not hold.
    pub seq: i64,
    /// Why.
    pub reason: String,
}

/// The SHA-256 of a text, in hex: what the trail records of each revision a
/// person saves, so an export's texts can be checked against the chain.
pub fn text_digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Walks a chain in order; `Ok(n)` with the number of events when it holds.
pub fn verify(events: &[Event]) -> Result<usize, ChainBreak> {
    let mut previous = GENESIS.to_string();
    for (index, event) in events.iter().enumerate() {
        let expected_seq = index as i64 + 1;
        if event.seq != expected_seq {
            return Err(ChainBreak {
                seq: event.seq,
                reason: format!(
                    "sequence number {} where {expected_seq} was expected (an event is missing or out of place)",
                    event.seq
                ),
            });
        }
        if event.prev_hash != previous {
            return Err(ChainBreak {
                seq: event.seq,
                reason: "its previous hash does not match the event before it".into(),
            });
        }
        let hash = event_hash(
            &event.prev_hash,
            event.seq,
            &event.at,
            &event.actor,
            &event.action,
            &event.payload,
        );
        if event.hash != hash {
            return Err(ChainBreak {
                seq: event.seq,
                reason: "its content does not match its hash (it was altered)".into(),
            });
        }
        previous = hash;
    }
    Ok(events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        for seq in 1..=n {
            let prev_hash = events
                .last()
                .map_or(GENESIS.to_string(), |e| e.hash.clone());
            let (at, actor, action, payload) = (
                "2026-11-28T07:00:00Z",
                "user:1",
                "note",
                format!("{{\"n\":{seq}}}"),
            );
            let hash = event_hash(&prev_hash, seq, at, actor, action, &payload);
            events.push(Event {
                seq,
                at: at.into(),
                actor: actor.into(),
                action: action.into(),
                payload,
                prev_hash,
                hash,
            });
        }
        events
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn an_altered_payload_is_caught_at_that_event() {
        let mut events = chain(5);
        events[2].payload = "{\"n\":99}".into();
        assert_eq!(verify(&events).unwrap_err().seq, 3);
    }

    #[test]
    fn a_rehashed_forgery_is_caught_at_the_next_event() {
        let mut events = chain(5);
        let e = &mut events[2];
        e.actor = "user:2".into();
        e.hash = event_hash(&e.prev_hash, e.seq, &e.at, &e.actor, &e.action, &e.payload);
        assert_eq!(verify(&events).unwrap_err().seq, 4);
    }

    #[test]
    fn a_removed_event_is_caught() {
        let mut events = chain(5);
        events.remove(1);
        assert_eq!(verify(&events).unwrap_err().seq, 3);
    }

    #[test]
    fn field_boundaries_matter() {
        assert_ne!(
            event_hash(GENESIS, 1, "a", "bc", "d", ""),
            event_hash(GENESIS, 1, "ab", "c", "d", "")
        );
    }
}
