//! One append-only Merkle tree over every article's events, hashed as
//! RFC 9162 (§2.1) says: a leaf is SHA-256(0x00 ‖ data), a node
//! SHA-256(0x01 ‖ left ‖ right), the empty tree SHA-256 of nothing, and a
//! tree of n leaves splits at the largest power of two below n.
//!
//! Proofs are built from *perfect* subtrees only (2^level leaves starting at
//! a multiple of 2^level), read through [`Nodes`]: a store that keeps those
//! nodes answers any root, inclusion proof or consistency proof with
//! O(log n) reads, since every range a proof names is one perfect subtree or
//! a perfect left part and a shorter right part. The verifiers need nothing
//! but the proof, and are what an auditor runs offline.

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The hash of a leaf: SHA-256(0x00 ‖ data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// The leaf of event `seq` of article `article` whose hash is
/// `event_hash`: the leaf hash of the 48 bytes article (big-endian i64) ‖
/// seq (big-endian i64) ‖ event hash. The leaf commits to the event's
/// place as well as to the event, so a leaf moved to another article or
/// sequence number is another leaf, and the log's root changes with it.
pub fn event_leaf(article: i64, seq: i64, event_hash: &Hash) -> Hash {
    let mut data = [0u8; 48];
    data[..8].copy_from_slice(&article.to_be_bytes());
    data[8..16].copy_from_slice(&seq.to_be_bytes());
    data[16..].copy_from_slice(event_hash);
    leaf_hash(&data)
}

/// The leaves an event may stand as: [`event_leaf`], which every leaf
/// written since leaves were bound to their place is, and the form leaves
/// written before had, the
/// leaf hash of the event's hash alone (32 bytes, so never the same data
/// as a bound leaf). A bound leaf cannot pass for the old form: a verifier
/// may accept both without letting a moved bound leaf through.
pub fn event_leaf_forms(article: i64, seq: i64, event_hash: &Hash) -> [Hash; 2] {
    [event_leaf(article, seq, event_hash), leaf_hash(event_hash)]
}

/// The hash of an inner node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// A hash as lower-case hex (how the trail writes its hashes).
pub fn to_hex(hash: &Hash) -> String {
    hex::encode(hash)
}

/// A hash from 64 hex digits, or `None`.
pub fn from_hex(text: &str) -> Option<Hash> {
    let mut hash = [0u8; 32];
    hex::decode_to_slice(text, &mut hash).ok()?;
    Some(hash)
}

/// The root of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Where the perfect subtrees of a tree are read from: `node(level, index)`
/// is the root of leaves `index·2^level .. (index+1)·2^level` (level 0: the
/// leaf hashes). Only nodes inside the tree asked about are read.
pub trait Nodes {
    /// The root of a perfect subtree.
    fn node(&self, level: u32, index: u64) -> Hash;
}

/// Leaf hashes in memory are a tree: each perfect subtree is computed from
/// its leaves (linear; a store keeps the nodes instead).
impl Nodes for [Hash] {
    fn node(&self, level: u32, index: u64) -> Hash {
        let start = (index << level) as usize;
        mth(&self[start..start + (1usize << level)])
    }
}

/// The root of leaf hashes, by the definition (MTH).
fn mth(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n as u64) as usize;
            node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
        }
    }
}

/// The largest power of two below `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The root of leaves `start..end` (a range a tree's recursion names: its
/// left part is a perfect subtree), in O(log n) reads of `nodes`.
fn range(nodes: &(impl Nodes + ?Sized), start: u64, end: u64) -> Hash {
    let n = end - start;
    if n == 0 {
        return empty_root();
    }
    if n.is_power_of_two() && start % n == 0 {
        return nodes.node(n.trailing_zeros(), start / n);
    }
    let k = split(n);
    node_hash(
        &range(nodes, start, start + k),
        &range(nodes, start + k, end),
    )
}

/// The root of the tree of the first `size` leaves.
pub fn root(nodes: &(impl Nodes + ?Sized), size: u64) -> Hash {
    range(nodes, 0, size)
}

/// Why a proof cannot be made or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf is outside the tree.
    #[error("leaf {leaf} is not in a tree of {size}")]
    LeafOutside {
        /// The leaf's index.
        leaf: u64,
        /// The tree's size.
        size: u64,
    },
    /// A tree cannot grow into a smaller one.
    #[error("a tree of {old} cannot be extended by one of {new}")]
    CannotExtend {
        /// The older tree's size.
        old: u64,
        /// The newer tree's size.
        new: u64,
    },
    /// The proof does not lead to the root (or roots) given.
    #[error("the proof does not match the root")]
    Mismatch,
}

/// The inclusion proof (audit path) of leaf `index` in the tree of the
/// first `size` leaves: the sibling roots from the leaf up.
pub fn inclusion_proof(
    nodes: &(impl Nodes + ?Sized),
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError> {
    if index >= size {
        return Err(ProofError::LeafOutside { leaf: index, size });
    }
    let mut path = Vec::new();
    let (mut start, mut end, mut m) = (0, size, index);
    // Top down, then reversed: the leaf's sibling comes first.
    while end - start > 1 {
        let k = split(end - start);
        if m < k {
            path.push(range(nodes, start + k, end));
            end = start + k;
        } else {
            path.push(range(nodes, start, start + k));
            start += k;
            m -= k;
        }
    }
    path.reverse();
    Ok(path)
}

/// The consistency proof that the tree of the first `new` leaves extends
/// the tree of the first `old`.
pub fn consistency_proof(
    nodes: &(impl Nodes + ?Sized),
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, ProofError> {
    if old > new {
        return Err(ProofError::CannotExtend { old, new });
    }
    if old == 0 || old == new {
        return Ok(Vec::new());
    }
    let mut proof = Vec::new();
    let (mut start, mut end, mut m, mut whole) = (0, new, old, true);
    loop {
        let n = end - start;
        if m == n {
            if !whole {
                proof.push(range(nodes, start, end));
            }
            break;
        }
        let k = split(n);
        if m <= k {
            proof.push(range(nodes, start + k, end));
            end = start + k;
        } else {
            proof.push(range(nodes, start, start + k));
            start += k;
            m -= k;
            whole = false;
        }
    }
    proof.reverse();
    Ok(proof)
}

/// Checks that `leaf` (a leaf hash) is leaf `index` of the tree of `size`
/// leaves whose root is `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::LeafOutside { leaf: index, size });
    }
    let (mut f, mut s, mut r) = (index, size - 1, *leaf);
    for p in proof {
        if s == 0 {
            return Err(ProofError::Mismatch);
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s == 0 && r == *root {
        Ok(())
    } else {
        Err(ProofError::Mismatch)
    }
}

/// Checks that the tree of `new` leaves with root `new_root` extends the
/// tree of `old` leaves with root `old_root`.
pub fn verify_consistency(
    old: u64,
    new: u64,
    proof: &[Hash],
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), ProofError> {
    if old > new {
        return Err(ProofError::CannotExtend { old, new });
    }
    if old == new {
        return if proof.is_empty() && old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::Mismatch)
        };
    }
    if old == 0 {
        // Every tree extends the empty one.
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(ProofError::Mismatch)
        };
    }
    if proof.is_empty() {
        return Err(ProofError::Mismatch);
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (old - 1, new - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if s == 0 {
            return Err(ProofError::Mismatch);
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    if s == 0 && fr == *old_root && sr == *new_root {
        Ok(())
    } else {
        Err(ProofError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(h: &Hash) -> String {
        hex::encode(h)
    }

    fn unhex(s: &str) -> Hash {
        let bytes: Vec<u8> = (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect();
        bytes.try_into().unwrap()
    }

    /// The leaves of the RFC 6962 reference tree (Certificate
    /// Transparency's test data) and its roots for sizes 0 to 8.
    const DATA: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    const ROOTS: [&str; 9] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn leaves() -> Vec<Hash> {
        DATA.iter().map(|d| leaf_hash(d)).collect()
    }

    #[test]
    fn roots_match_the_reference_tree() {
        let leaves = leaves();
        for (size, want) in ROOTS.iter().enumerate() {
            assert_eq!(hex(&root(&leaves[..], size as u64)), *want, "size {size}");
        }
    }

    #[test]
    fn proofs_match_the_reference_vectors() {
        let leaves = leaves();
        // (leaf index, tree size, audit path)
        let inclusion: [(u64, u64, &[&str]); 4] = [
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
            (
                1,
                5,
                &[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (index, size, want) in inclusion {
            let proof = inclusion_proof(&leaves[..], index, size).unwrap();
            let got: Vec<String> = proof.iter().map(hex).collect();
            assert_eq!(got, want, "leaf {index} of {size}");
            let root = unhex(ROOTS[size as usize]);
            assert_eq!(
                verify_inclusion(index, size, &leaves[index as usize], &proof, &root),
                Ok(())
            );
        }
        // (old size, new size, proof)
        let consistency: [(u64, u64, &[&str]); 4] = [
            (1, 1, &[]),
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (old, new, want) in consistency {
            let proof = consistency_proof(&leaves[..], old, new).unwrap();
            let got: Vec<String> = proof.iter().map(hex).collect();
            assert_eq!(got, want, "{old} -> {new}");
            let (a, b) = (unhex(ROOTS[old as usize]), unhex(ROOTS[new as usize]));
            assert_eq!(verify_consistency(old, new, &proof, &a, &b), Ok(()));
        }
    }

    #[test]
    fn every_proof_of_every_size_verifies_and_a_changed_byte_does_not() {
        let leaves: Vec<Hash> = (0u32..41).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for size in 1..=leaves.len() as u64 {
            let root = root(&leaves[..], size);
            for index in 0..size {
                let proof = inclusion_proof(&leaves[..], index, size).unwrap();
                let leaf = leaves[index as usize];
                assert_eq!(verify_inclusion(index, size, &leaf, &proof, &root), Ok(()));
                let mut other = leaf;
                other[0] ^= 1;
                assert!(verify_inclusion(index, size, &other, &proof, &root).is_err());
                if size > 1 {
                    assert!(
                        verify_inclusion((index + 1) % size, size, &leaf, &proof, &root).is_err()
                    );
                }
            }
            for old in 0..=size {
                let proof = consistency_proof(&leaves[..], old, size).unwrap();
                let old_root = super::root(&leaves[..], old);
                assert_eq!(
                    verify_consistency(old, size, &proof, &old_root, &root),
                    Ok(()),
                    "{old} -> {size}"
                );
                if old > 0 && old < size {
                    // A fork: the old tree with one leaf changed.
                    let mut forked = leaves[..old as usize].to_vec();
                    forked[0][0] ^= 1;
                    let forked_root = super::root(&forked[..], old);
                    assert!(verify_consistency(old, size, &proof, &forked_root, &root).is_err());
                }
            }
        }
        // A tree never extends a bigger one.
        assert!(consistency_proof(&leaves[..], 5, 4).is_err());
        assert!(inclusion_proof(&leaves[..], 4, 4).is_err());
    }

    /// A store of perfect nodes answers with O(log n) reads.
    #[test]
    fn proofs_read_a_logarithmic_number_of_nodes() {
        use std::cell::Cell;
        struct Counted<'a>(&'a [Hash], Cell<usize>);
        impl Nodes for Counted<'_> {
            fn node(&self, level: u32, index: u64) -> Hash {
                self.1.set(self.1.get() + 1);
                self.0.node(level, index)
            }
        }
        let leaves: Vec<Hash> = (0u32..1000).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let counted = Counted(&leaves, Cell::new(0));
        inclusion_proof(&counted, 617, 1000).unwrap();
        root(&counted, 999);
        consistency_proof(&counted, 333, 1000).unwrap();
        // log2(1000) ≈ 10 per operation.
        assert!(counted.1.get() <= 3 * 2 * 10, "{}", counted.1.get());
    }
}
