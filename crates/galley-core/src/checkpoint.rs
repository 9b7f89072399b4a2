//! Signed checkpoints of the newsroom's log, in the C2SP formats: the
//! tlog-checkpoint body (origin, tree size, base64 root hash, one per line)
//! inside a signed note (the body, a blank line, then a line per signature:
//! an em dash, the key's name, and base64 of its 4-byte key ID and the
//! Ed25519 signature of the body).
//!
//! Keys are named and written as signed notes write them: the verifier key
//! `name+hexid+base64(0x01 ‖ public key)`, the signer key
//! `PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)`, the key ID being the first
//! four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). Signing and
//! checking are pure: making a key needs randomness, which the caller
//! brings.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::merkle::{self, Hash};
use crate::trail::Event;

/// The Ed25519 signature type byte of signed notes.
const ED25519: u8 = 0x01;

/// What a checkpoint commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's name (`galley.example/log`).
    pub origin: String,
    /// How many leaves.
    pub size: u64,
    /// The root of those leaves.
    pub root: Hash,
}

/// Why a key, a note or a checkpoint is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CheckpointError(pub String);

fn refuse<T>(why: impl Into<String>) -> Result<T, CheckpointError> {
    Err(CheckpointError(why.into()))
}

impl Checkpoint {
    /// The note body: origin, size and root, each on its own line.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            STANDARD.encode(self.root)
        )
    }

    /// Reads a note body (extension lines after the root are allowed and
    /// ignored, as the format says).
    pub fn parse(body: &str) -> Result<Checkpoint, CheckpointError> {
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        let size = lines.next().unwrap_or_default();
        let root = lines.next().unwrap_or_default();
        if origin.is_empty() || !body.ends_with('\n') {
            return refuse(
                "a checkpoint is an origin, a size and a root, each ending in a new line",
            );
        }
        let size: u64 = match size.parse::<u64>() {
            Ok(n) if size == n.to_string() => n,
            _ => return refuse(format!("the tree size {size:?} is not a number")),
        };
        let root: Hash = match STANDARD.decode(root).ok().and_then(|r| r.try_into().ok()) {
            Some(root) => root,
            None => return refuse("the root hash is not 32 bytes of base64"),
        };
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }
}

/// A key's name must be non-empty, without spaces or `+`.
fn check_name(name: &str) -> Result<(), CheckpointError> {
    if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c == '+') {
        return refuse(format!(
            "the key name {name:?} must be non-empty, without spaces or '+'"
        ));
    }
    Ok(())
}

/// The key ID: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first four bytes.
fn key_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ED25519]);
    h.update(public.as_bytes());
    let digest = h.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

fn hex4(id: &[u8; 4]) -> String {
    hex::encode(id)
}

/// A log's signing key, with its name.
#[derive(Debug, Clone)]
pub struct LogSigner {
    name: String,
    key: SigningKey,
}

impl LogSigner {
    /// A key named `name` from 32 random bytes (the seed).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<LogSigner, CheckpointError> {
        check_name(name)?;
        Ok(LogSigner {
            name: name.to_string(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Reads `PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)`.
    pub fn parse(text: &str) -> Result<LogSigner, CheckpointError> {
        let text = text.trim();
        let Some(rest) = text.strip_prefix("PRIVATE+KEY+") else {
            return refuse("a signing key begins with PRIVATE+KEY+");
        };
        let (name, id, key) = three(rest)?;
        let bytes = STANDARD
            .decode(key)
            .map_err(|_| CheckpointError("the signing key is not base64".into()))?;
        let seed: [u8; 32] = match bytes.split_first() {
            Some((&ED25519, seed)) => seed
                .try_into()
                .map_err(|_| CheckpointError("the signing key is not 32 bytes".into()))?,
            _ => return refuse("the signing key is not an Ed25519 key"),
        };
        let signer = LogSigner::from_seed(name, seed)?;
        if hex4(&key_id(name, &signer.key.verifying_key())) != id {
            return refuse("the signing key's ID does not match its name and key");
        }
        Ok(signer)
    }

    /// The key as a file holds it.
    pub fn to_text(&self) -> String {
        let mut bytes = vec![ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex4(&key_id(&self.name, &self.key.verifying_key())),
            STANDARD.encode(bytes)
        )
    }

    /// Its name: the origin of the checkpoints it signs.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its verifier key.
    pub fn verifier(&self) -> LogVerifier {
        LogVerifier {
            name: self.name.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// The signed note of `checkpoint`.
    pub fn sign(&self, checkpoint: &Checkpoint) -> String {
        let body = checkpoint.body();
        let signature = self.key.sign(body.as_bytes());
        let mut blob = key_id(&self.name, &self.key.verifying_key()).to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        format!("{body}\n\u{2014} {} {}\n", self.name, STANDARD.encode(blob))
    }
}

fn three(text: &str) -> Result<(&str, &str, &str), CheckpointError> {
    let mut parts = text.splitn(3, '+');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(name), Some(id), Some(key)) if id.len() == 8 => Ok((name, id, key)),
        _ => refuse("a key is name+id+key"),
    }
}

/// A log's public key: what an auditor keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogVerifier {
    name: String,
    key: VerifyingKey,
}

impl LogVerifier {
    /// Reads `name+hexid+base64(0x01 ‖ public key)`.
    pub fn parse(text: &str) -> Result<LogVerifier, CheckpointError> {
        let (name, id, key) = three(text.trim())?;
        check_name(name)?;
        let bytes = STANDARD
            .decode(key)
            .map_err(|_| CheckpointError("the public key is not base64".into()))?;
        let key = match bytes.split_first() {
            Some((&ED25519, key)) => <[u8; 32]>::try_from(key)
                .ok()
                .and_then(|k| VerifyingKey::from_bytes(&k).ok())
                .ok_or_else(|| CheckpointError("the public key is not an Ed25519 key".into()))?,
            _ => return refuse("the public key is not an Ed25519 key"),
        };
        if hex4(&key_id(name, &key)) != id {
            return refuse("the public key's ID does not match its name and key");
        }
        Ok(LogVerifier {
            name: name.to_string(),
            key,
        })
    }

    /// The key as a file holds it.
    pub fn to_text(&self) -> String {
        let mut bytes = vec![ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        format!(
            "{}+{}+{}",
            self.name,
            hex4(&key_id(&self.name, &self.key)),
            STANDARD.encode(bytes)
        )
    }

    /// The checkpoint a signed note holds, if this key signed it.
    pub fn open(&self, note: &str) -> Result<Checkpoint, CheckpointError> {
        let Some(split) = note.find("\n\n") else {
            return refuse("a signed note is a text, a blank line and its signatures");
        };
        let (body, signatures) = (&note[..=split], &note[split + 2..]);
        let id = key_id(&self.name, &self.key);
        let mut found = false;
        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix("\u{2014} ") else {
                return refuse(format!("{line:?} is not a signature line"));
            };
            let Some((name, blob)) = rest.split_once(' ') else {
                return refuse(format!("{line:?} is not a signature line"));
            };
            let Ok(blob) = STANDARD.decode(blob) else {
                return refuse(format!("the signature of {name} is not base64"));
            };
            if name != self.name || blob.len() != 4 + 64 || blob[..4] != id {
                continue;
            }
            let signature = Signature::from_slice(&blob[4..])
                .map_err(|_| CheckpointError("a signature is not 64 bytes".into()))?;
            if self.key.verify(body.as_bytes(), &signature).is_err() {
                return refuse(format!(
                    "the signature of {} does not verify: the checkpoint was changed or signed by another key",
                    self.name
                ));
            }
            found = true;
        }
        if !found {
            return refuse(format!("the note has no signature by {}", self.to_text()));
        }
        Checkpoint::parse(body)
    }
}

/// One event's place in the log, as an export carries it: its leaf index
/// and the audit path from that leaf to the root of a signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventLeaf {
    /// The event's seq in its article.
    pub seq: i64,
    /// Its leaf index in the newsroom's log.
    pub leaf: u64,
    /// The inclusion proof, from the leaf up.
    pub proof: Vec<Hash>,
}

/// Checks that every event of article `article`'s trail, by its hash and
/// place ([`merkle::event_leaf`]), is the leaf it claims in the tree
/// `checkpoint` commits to: one proof per event, in the order of the trail,
/// leaf indices rising (an article's events enter the log in order). The
/// first event that is not there is named with its leaf.
pub fn check_events_in_log(
    checkpoint: &Checkpoint,
    article: i64,
    events: &[Event],
    leaves: &[EventLeaf],
) -> Result<(), String> {
    if events.len() != leaves.len() {
        return Err(format!(
            "the trail has {} events but the log section proves {}",
            events.len(),
            leaves.len()
        ));
    }
    let mut previous: Option<u64> = None;
    for (event, leaf) in events.iter().zip(leaves) {
        let at = format!("event {} (leaf {})", event.seq, leaf.leaf);
        if leaf.seq != event.seq {
            return Err(format!(
                "the log section's proof for event {} is listed where event {} is",
                leaf.seq, event.seq
            ));
        }
        if previous.is_some_and(|p| leaf.leaf <= p) {
            return Err(format!(
                "{at}: the article's leaves are not in the order of its events"
            ));
        }
        previous = Some(leaf.leaf);
        let hash = merkle::from_hex(&event.hash)
            .ok_or_else(|| format!("{at}: its hash is not 64 hex digits"))?;
        let [bound, legacy] = merkle::event_leaf_forms(article, event.seq, &hash);
        let proven = |form: &Hash| {
            merkle::verify_inclusion(
                leaf.leaf,
                checkpoint.size,
                form,
                &leaf.proof,
                &checkpoint.root,
            )
        };
        proven(&bound).or_else(|_| proven(&legacy)).map_err(|e| {
            format!(
                "{at} is not in the log of {} leaves the checkpoint signs: {e}",
                checkpoint.size
            )
        })?;
    }
    Ok(())
}

/// Checks that each event of article `article`'s trail is the leaf the log
/// keeps for it (`leaves`: seq and leaf hash), bound to its place: an event
/// rewritten behind the log's back is named, and so is a leaf the log
/// files under this article that is not one of its events' leaves.
pub fn check_leaves_match(
    article: i64,
    events: &[Event],
    leaves: &[(i64, Hash)],
) -> Result<(), String> {
    let by_seq: std::collections::HashMap<i64, &Hash> =
        leaves.iter().map(|(seq, hash)| (*seq, hash)).collect();
    for event in events {
        let Some(leaf) = by_seq.get(&event.seq) else {
            return Err(format!("event {} has no leaf in the log", event.seq));
        };
        let hash = merkle::from_hex(&event.hash)
            .ok_or_else(|| format!("event {}: its hash is not 64 hex digits", event.seq))?;
        if !merkle::event_leaf_forms(article, event.seq, &hash).contains(*leaf) {
            return Err(format!(
                "event {} is not the one the log recorded: it was rewritten after it was logged",
                event.seq
            ));
        }
    }
    if let Some((seq, _)) = leaves
        .iter()
        .find(|(seq, _)| !events.iter().any(|e| e.seq == *seq))
    {
        return Err(format!(
            "the log has a leaf for event {seq}, which the article's trail does not have: an event was removed after it was logged"
        ));
    }
    if leaves.len() != events.len() {
        return Err(format!(
            "the log has {} leaves for the article's {} events",
            leaves.len(),
            events.len()
        ));
    }
    Ok(())
}

/// Checks that an export of article `article` holds every event a monitor
/// saw logged for it: each kept leaf (`kept`: index, article, seq, checked
/// against its hash when the monitor fetched it) that names this article
/// is one of the export's `leaves`. An event removed from the trail after
/// it was logged (its leaf left behind or moved) is named.
pub fn check_complete(
    article: i64,
    kept: &[(u64, i64, i64)],
    leaves: &[EventLeaf],
) -> Result<(), String> {
    for &(index, _, seq) in kept.iter().filter(|(_, a, _)| *a == article) {
        if !leaves.iter().any(|l| l.leaf == index && l.seq == seq) {
            return Err(format!(
                "the log recorded event {seq} of article {article} as leaf {index}, which the export does not hold: an event was removed from the trail after it was logged"
            ));
        }
    }
    Ok(())
}

/// Checks that the log names each article's events in order with none
/// left out, the direction a monitor without database access can check
/// ("every event has its leaf"): after `last` (the last seq seen logged for
/// each article, moved on here), each new leaf (index, article, seq) must
/// name its article's next event. A leaf that skips a seq means an event
/// the log never recorded; one that repeats or goes back, a leaf out of
/// place. With `whole` (every earlier leaf's place is known), an article's
/// first leaf must be its first event.
pub fn check_in_order(
    last: &mut std::collections::HashMap<i64, i64>,
    leaves: &[(u64, i64, i64)],
    whole: bool,
) -> Result<(), String> {
    for &(index, article, seq) in leaves {
        let expected = match last.get(&article) {
            Some(before) => Some(before + 1),
            None if whole => Some(1),
            None => None,
        };
        match expected {
            Some(next) if seq > next => {
                return Err(format!(
                    "leaf {index} names event {seq} of article {article}, but the log never recorded its event {next}"
                ));
            }
            Some(next) if seq < next => {
                return Err(format!(
                    "leaf {index} names event {seq} of article {article}, which the log recorded before"
                ));
            }
            _ => {}
        }
        last.insert(article, seq);
    }
    Ok(())
}

/// Checks one leaf of the log against the event it names (`event_hash`:
/// the hash, hex, of event `seq` of article `article` as the trail has it,
/// `None` when there is no such event): every leaf must stand for an event
/// that exists, at that place, with that hash.
pub fn check_leaf(
    index: u64,
    article: i64,
    seq: i64,
    leaf: &Hash,
    event_hash: Option<&str>,
) -> Result<(), String> {
    let Some(event_hash) = event_hash else {
        return Err(format!(
            "leaf {index} names event {seq} of article {article}, which does not exist: it was removed, or the leaf was moved"
        ));
    };
    let hash = merkle::from_hex(event_hash)
        .ok_or_else(|| format!("leaf {index}: its event's hash is not 64 hex digits"))?;
    if merkle::event_leaf_forms(article, seq, &hash).contains(leaf) {
        Ok(())
    } else {
        Err(format!(
            "leaf {index} is not the leaf of event {seq} of article {article}: the event was rewritten, or the leaf was moved"
        ))
    }
}

/// Checks that `newer` extends `older` (one log, nothing taken out or
/// changed), by a consistency proof from `older.size` to `newer.size`.
pub fn check_extends(older: &Checkpoint, newer: &Checkpoint, proof: &[Hash]) -> Result<(), String> {
    if older.origin != newer.origin {
        return Err(format!(
            "the checkpoints are of two logs: {:?} and {:?}",
            older.origin, newer.origin
        ));
    }
    if newer.size < older.size {
        return Err(format!(
            "the log shrank: the kept checkpoint has {} leaves, the newer {}",
            older.size, newer.size
        ));
    }
    merkle::verify_consistency(older.size, newer.size, proof, &older.root, &newer.root).map_err(
        |e| {
            format!(
                "the log of {} leaves does not extend the kept one of {}: {e} (the log was rewritten or forked)",
                newer.size, older.size
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{leaf_hash, root};

    fn signer() -> LogSigner {
        LogSigner::from_seed("galley.example/log", [7; 32]).unwrap()
    }

    fn checkpoint() -> Checkpoint {
        let leaves: Vec<_> = (0u8..5).map(|i| leaf_hash(&[i])).collect();
        Checkpoint {
            origin: "galley.example/log".into(),
            size: 5,
            root: root(&leaves[..], 5),
        }
    }

    #[test]
    fn a_signed_checkpoint_opens_with_its_key_and_reads_back() {
        let note = signer().sign(&checkpoint());
        let mut lines = note.lines();
        assert_eq!(lines.next(), Some("galley.example/log"));
        assert_eq!(lines.next(), Some("5"));
        assert_eq!(lines.nth(1), Some(""));
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("\u{2014} galley.example/log ")
        );
        let verifier = LogVerifier::parse(&signer().verifier().to_text()).unwrap();
        assert_eq!(verifier.open(&note), Ok(checkpoint()));
        // The keys read back as they were written.
        let again = LogSigner::parse(&signer().to_text()).unwrap();
        assert_eq!(again.sign(&checkpoint()), note, "Ed25519 is deterministic");
    }

    #[test]
    fn a_changed_note_or_another_key_is_refused() {
        let note = signer().sign(&checkpoint());
        let verifier = signer().verifier();
        let bigger = note.replacen("\n5\n", "\n6\n", 1);
        assert!(verifier.open(&bigger).is_err());
        let other = LogSigner::from_seed("galley.example/log", [8; 32]).unwrap();
        assert!(other.verifier().open(&note).is_err());
        let renamed = LogSigner::from_seed("evil.example/log", [7; 32]).unwrap();
        assert!(renamed.verifier().open(&note).is_err());
        // A key whose ID does not match its name is refused when read.
        let text = signer().verifier().to_text();
        let forged = text.replacen("galley.example", "galley.exampla", 1);
        assert!(LogVerifier::parse(&forged).is_err());
        assert!(LogSigner::parse("galley.example/log+00000000+AAAA").is_err());
        assert!(LogSigner::from_seed("has space", [1; 32]).is_err());
    }

    #[test]
    fn checkpoint_bodies_are_strict() {
        assert!(Checkpoint::parse("o\n5\n").is_err());
        assert!(Checkpoint::parse("o\n05\nAAAA\n").is_err());
        assert!(Checkpoint::parse(&checkpoint().body().replace('\n', "\r\n")).is_err());
        let with_extension = format!("{}extension line\n", checkpoint().body());
        assert_eq!(Checkpoint::parse(&with_extension), Ok(checkpoint()));
    }

    /// A trail of three events as leaves 1, 3 and 4 of a six-leaf log.
    fn logged() -> (Vec<Event>, Vec<Hash>, Vec<EventLeaf>) {
        let mut events = Vec::new();
        let mut previous = crate::trail::GENESIS.to_string();
        for seq in 1..=3 {
            let hash = crate::trail::event_hash(&previous, seq, "t", "a", "x", "{}");
            events.push(Event {
                seq,
                at: "t".into(),
                actor: "a".into(),
                action: "x".into(),
                payload: "{}".into(),
                prev_hash: previous.clone(),
                hash: hash.clone(),
            });
            previous = hash;
        }
        let leaf = |e: &Event| merkle::event_leaf(7, e.seq, &merkle::from_hex(&e.hash).unwrap());
        let leaves = vec![
            leaf_hash(b"other"),
            leaf(&events[0]),
            leaf_hash(b"another"),
            leaf(&events[1]),
            leaf(&events[2]),
            leaf_hash(b"later"),
        ];
        let proofs = [1u64, 3, 4]
            .iter()
            .zip(1..)
            .map(|(&at, seq)| EventLeaf {
                seq,
                leaf: at,
                proof: merkle::inclusion_proof(&leaves[..], at, 6).unwrap(),
            })
            .collect();
        (events, leaves, proofs)
    }

    #[test]
    fn an_exports_events_are_proven_in_the_signed_tree() {
        let (events, leaves, proofs) = logged();
        let signed = Checkpoint {
            origin: "o".into(),
            size: 6,
            root: root(&leaves[..], 6),
        };
        assert_eq!(check_events_in_log(&signed, 7, &events, &proofs), Ok(()));
        // The same events claimed for another article are not these
        // leaves: a leaf is bound to its article and place.
        assert!(
            check_events_in_log(&signed, 8, &events, &proofs)
                .unwrap_err()
                .starts_with("event 1 (leaf 1) is not in the log")
        );
        // An event changed (its hash), a proof's hash changed, a leaf
        // index moved, a proof missing: each is named.
        let mut changed = events.clone();
        changed[1].hash = crate::trail::event_hash(&events[0].hash, 2, "t", "a", "y", "{}");
        let refused = check_events_in_log(&signed, 7, &changed, &proofs).unwrap_err();
        assert!(
            refused.starts_with("event 2 (leaf 3) is not in the log"),
            "{refused}"
        );
        let mut bent = proofs.clone();
        bent[2].proof[0][0] ^= 1;
        assert!(
            check_events_in_log(&signed, 7, &events, &bent)
                .unwrap_err()
                .starts_with("event 3 (leaf 4)")
        );
        let mut moved = proofs.clone();
        moved[0].leaf = 0;
        assert!(check_events_in_log(&signed, 7, &events, &moved).is_err());
        assert!(check_events_in_log(&signed, 7, &events, &proofs[..2]).is_err());
        // Another tree (the same leaves, one more) is not the one signed.
        let bigger = Checkpoint {
            size: 7,
            ..signed.clone()
        };
        assert!(check_events_in_log(&bigger, 7, &events, &proofs).is_err());
    }

    #[test]
    fn each_event_is_the_leaf_the_log_keeps_for_it_at_its_place() {
        let (events, _, _) = logged();
        let hash = |e: &Event| merkle::from_hex(&e.hash).unwrap();
        let bound: Vec<(i64, Hash)> = events
            .iter()
            .map(|e| (e.seq, merkle::event_leaf(7, e.seq, &hash(e))))
            .collect();
        assert_eq!(check_leaves_match(7, &events, &bound), Ok(()));
        // Leaves written before they were bound (the event's hash alone)
        // still match their events.
        let legacy: Vec<(i64, Hash)> = events
            .iter()
            .map(|e| (e.seq, leaf_hash(&hash(e))))
            .collect();
        assert_eq!(check_leaves_match(7, &events, &legacy), Ok(()));
        // Another article's leaves, or a leaf moved to another seq, do not.
        let refused = check_leaves_match(8, &events, &bound).unwrap_err();
        assert!(refused.starts_with("event 1 is not the one"), "{refused}");
        let mut moved = bound.clone();
        moved.swap(0, 1);
        (moved[0].0, moved[1].0) = (1, 2);
        assert!(check_leaves_match(7, &events, &moved).is_err());
        // An event removed from the trail leaves its leaf behind: named.
        let refused = check_leaves_match(7, &events[..2], &bound).unwrap_err();
        assert!(
            refused.starts_with("the log has a leaf for event 3"),
            "{refused}"
        );
    }

    #[test]
    fn every_leaf_names_an_event_that_exists_at_its_place() {
        let (events, _, _) = logged();
        let e = &events[1];
        let leaf = merkle::event_leaf(7, 2, &merkle::from_hex(&e.hash).unwrap());
        assert_eq!(check_leaf(4, 7, 2, &leaf, Some(&e.hash)), Ok(()));
        let moved = check_leaf(4, 9, 5, &leaf, None).unwrap_err();
        assert!(moved.contains("does not exist"), "{moved}");
        let elsewhere = check_leaf(4, 7, 3, &leaf, Some(&events[2].hash)).unwrap_err();
        assert!(
            elsewhere.contains("is not the leaf of event 3"),
            "{elsewhere}"
        );
    }

    #[test]
    fn a_newer_checkpoint_must_extend_the_kept_one() {
        let (_, leaves, _) = logged();
        let at = |size: u64, leaves: &[Hash]| Checkpoint {
            origin: "o".into(),
            size,
            root: root(leaves, size),
        };
        let proof = merkle::consistency_proof(&leaves[..], 3, 6).unwrap();
        assert_eq!(
            check_extends(&at(3, &leaves), &at(6, &leaves), &proof),
            Ok(())
        );
        // Leaf 2 rewritten: the new tree's proof no longer meets the kept
        // root.
        let mut forked = leaves.clone();
        forked[2] = leaf_hash(b"rewritten");
        let proof = merkle::consistency_proof(&forked[..], 3, 6).unwrap();
        let refused = check_extends(&at(3, &leaves), &at(6, &forked), &proof).unwrap_err();
        assert!(
            refused.contains("does not extend the kept one of 3"),
            "{refused}"
        );
        let refused = check_extends(&at(6, &leaves), &at(3, &leaves), &[]).unwrap_err();
        assert!(refused.starts_with("the log shrank"), "{refused}");
        let other = Checkpoint {
            origin: "p".into(),
            ..at(6, &leaves)
        };
        assert!(check_extends(&at(3, &leaves), &other, &proof).is_err());
    }

    #[test]
    fn a_monitor_finds_an_event_the_log_never_recorded() {
        use std::collections::HashMap;
        let mut last = HashMap::new();
        // Two articles' events, interleaved as writes come.
        let logged = [(0, 1, 1), (1, 2, 1), (2, 1, 2), (3, 2, 2), (4, 1, 3)];
        assert_eq!(check_in_order(&mut last, &logged, true), Ok(()));
        assert_eq!(last, HashMap::from([(1, 3), (2, 2)]));
        // Article 1's event 4 has no leaf: its event 5's leaf comes next.
        let skipped = check_in_order(&mut last.clone(), &[(5, 1, 5)], true).unwrap_err();
        assert!(skipped.contains("never recorded its event 4"), "{skipped}");
        let repeated = check_in_order(&mut last.clone(), &[(5, 2, 2)], true).unwrap_err();
        assert!(repeated.contains("recorded before"), "{repeated}");
        // An article first seen must begin at its first event, unless the
        // monitor kept earlier leaves without their places.
        let late = check_in_order(&mut HashMap::new(), &[(9, 3, 4)], true).unwrap_err();
        assert!(late.contains("never recorded its event 1"), "{late}");
        assert_eq!(
            check_in_order(&mut HashMap::new(), &[(9, 3, 4)], false),
            Ok(())
        );
    }
}
