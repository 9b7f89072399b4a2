//! A new version of the Korean: which new paragraph continues which old
//! one, and what becomes of every row of the article.
//!
//! Korean is matched to Korean in three passes: identical paragraphs
//! first (in order, so repeated paragraphs pair up one by one), then near
//! ones (most similar first, by the Dice coefficient of their character
//! bigrams, at least [`NEAR`]), then by order: an old and a new paragraph
//! left between the same matched neighbours pair up when they share
//! anything at all ([`BY_ORDER`]). What stays unmatched is a new paragraph
//! (a new row) or a removed one.
//!
//! A row keeps its id, its English and everything people did to it when
//! its paragraphs are found again: unchanged if they are the same
//! paragraphs, identical and in the same order; changed otherwise. A row
//! none of whose paragraphs is found is removed: it stays in the article,
//! after the row it followed, until a reviewer confirms its English is to
//! go.

use std::collections::{HashMap, VecDeque};

/// The least bigram similarity at which two paragraphs are the same one
/// edited (a figure updated, a sentence added).
pub const NEAR: f64 = 0.5;
/// The least similarity at which two paragraphs left between the same
/// neighbours are taken for one another.
pub const BY_ORDER: f64 = 0.2;
/// How far (in paragraphs) from its expected place a near match is looked
/// for: bounds the work on a long article whose every paragraph changed.
pub const WINDOW: usize = 64;

/// What became of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Carry {
    /// The same Korean paragraphs, word for word.
    Unchanged,
    /// Its Korean changed: its English stays and is reviewed again.
    Changed,
    /// Its Korean is gone: it stays, struck through, until a reviewer
    /// confirms its English is to go.
    Removed,
    /// A new Korean paragraph's row.
    Added,
}

impl Carry {
    /// The name the trail and the API use.
    pub fn name(self) -> &'static str {
        match self {
            Carry::Unchanged => "unchanged",
            Carry::Changed => "changed",
            Carry::Removed => "removed",
            Carry::Added => "added",
        }
    }

    /// Reads [`Carry::name`].
    pub fn parse(name: &str) -> Option<Carry> {
        [
            Carry::Unchanged,
            Carry::Changed,
            Carry::Removed,
            Carry::Added,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }
}

/// A row of the article before the new version: its id and its Korean
/// paragraphs (half-open) in the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OldRow {
    /// The row's id.
    pub id: i64,
    /// Its Korean paragraphs in the old version (none for English the AI
    /// added, or a row removed by an earlier version).
    pub ko: (usize, usize),
    /// Whether an earlier version removed its Korean and its removal is
    /// not confirmed yet.
    pub removed: bool,
}

/// A row of the article after the new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The row it continues, or none for a new row.
    pub row: Option<i64>,
    /// Its Korean paragraphs in the new version (empty for a removed row,
    /// at the place it stands).
    pub ko: (usize, usize),
    /// What became of it.
    pub carry: Carry,
}

/// For each new paragraph, the old paragraph it continues and whether it
/// is word for word the same.
pub fn match_paragraphs<O: AsRef<str>, N: AsRef<str>>(
    old: &[O],
    new: &[N],
) -> Vec<Option<(usize, bool)>> {
    let mut matched: Vec<Option<(usize, bool)>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    // Identical paragraphs, in order.
    let mut by_text: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, p) in old.iter().enumerate() {
        by_text.entry(p.as_ref()).or_default().push_back(i);
    }
    for (j, p) in new.iter().enumerate() {
        if let Some(i) = by_text.get_mut(p.as_ref()).and_then(VecDeque::pop_front) {
            matched[j] = Some((i, true));
            taken[i] = true;
        }
    }
    // Near ones, the most similar pair first.
    let old_grams: Vec<Vec<u64>> = old.iter().map(|p| bigrams(p.as_ref())).collect();
    let new_grams: Vec<Vec<u64>> = new.iter().map(|p| bigrams(p.as_ref())).collect();
    let mut pairs = Vec::new();
    for (j, grams) in new_grams.iter().enumerate() {
        if matched[j].is_some() {
            continue;
        }
        let expected = j * old.len() / new.len().max(1);
        let lo = expected.saturating_sub(WINDOW);
        let hi = (expected + WINDOW + 1).min(old.len());
        for i in lo..hi {
            if taken[i] {
                continue;
            }
            let s = dice(&old_grams[i], grams);
            if s >= NEAR {
                pairs.push((s, j, i));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, j, i) in pairs {
        if matched[j].is_none() && !taken[i] {
            matched[j] = Some((i, false));
            taken[i] = true;
        }
    }
    // By order: between the same matched neighbours.
    let mut j = 0;
    while j < new.len() {
        if matched[j].is_some() {
            j += 1;
            continue;
        }
        let gap_end = (j..new.len())
            .find(|&k| matched[k].is_some())
            .unwrap_or(new.len());
        let after = (0..j)
            .rev()
            .find_map(|k| matched[k])
            .map_or(0, |(i, _)| i + 1);
        let before = matched
            .get(gap_end)
            .copied()
            .flatten()
            .map_or(old.len(), |(i, _)| i);
        let free: Vec<usize> = (after..before.max(after)).filter(|&i| !taken[i]).collect();
        let mut free = free.into_iter().peekable();
        for k in j..gap_end {
            let Some(&i) = free.peek() else { break };
            if dice(&old_grams[i], &new_grams[k]) >= BY_ORDER {
                matched[k] = Some((i, false));
                taken[i] = true;
                free.next();
            }
        }
        j = gap_end;
    }
    matched
}

/// What becomes of every row when the article's Korean `old` is replaced
/// by `new`; `rows` are the article's rows in order, covering `old`. The
/// answer lists every row of the article after, in order: the rows that
/// continue (unchanged or changed), new rows (one per new paragraph), and
/// removed rows after the row they followed.
pub fn plan<O: AsRef<str>, N: AsRef<str>>(old: &[O], new: &[N], rows: &[OldRow]) -> Vec<Planned> {
    let matched = match_paragraphs(old, new);
    let mut owner_of_old = vec![None; old.len()];
    for (index, row) in rows.iter().enumerate() {
        for slot in owner_of_old
            .iter_mut()
            .take(row.ko.1.min(old.len()))
            .skip(row.ko.0)
        {
            *slot = Some(index);
        }
    }
    // Each row's run of new paragraphs; a row found in two places keeps
    // the first, and the paragraphs elsewhere become new rows.
    let mut out: Vec<Planned> = Vec::new();
    let mut placed: Vec<Option<usize>> = vec![None; rows.len()];
    let mut changed = vec![false; rows.len()];
    let mut seen_old: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (j, m) in matched.iter().enumerate() {
        let owner = m.and_then(|(i, _)| owner_of_old[i].map(|r| (r, i, m.is_some_and(|m| m.1))));
        match owner {
            Some((r, i, identical)) => {
                let continues = out.last().is_some_and(|last| {
                    last.row == Some(rows[r].id) && last.ko.1 == j && last.carry != Carry::Added
                });
                if continues {
                    let last = out.last_mut().expect("checked");
                    last.ko.1 = j + 1;
                } else if placed[r].is_none() {
                    placed[r] = Some(out.len());
                    out.push(Planned {
                        row: Some(rows[r].id),
                        ko: (j, j + 1),
                        carry: Carry::Unchanged,
                    });
                } else {
                    changed[r] = true;
                    out.push(added(j));
                    continue;
                }
                if !identical {
                    changed[r] = true;
                }
                seen_old[r].push(i);
            }
            None => out.push(added(j)),
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let Some(at) = placed[r] else { continue };
        let expected: Vec<usize> = (row.ko.0..row.ko.1).collect();
        if changed[r] || seen_old[r] != expected {
            out[at].carry = Carry::Changed;
        }
    }
    // Rows with no paragraph in the new version, after the row they
    // followed (or first): removed, or English with no Korean that stays.
    for (r, row) in rows.iter().enumerate() {
        if placed[r].is_some() {
            continue;
        }
        let after = rows[..r]
            .iter()
            .rev()
            .find_map(|prev| out.iter().position(|p| p.row == Some(prev.id)));
        let (at, place) = match after {
            Some(k) => (k + 1, out[k].ko.1),
            None => (0, 0),
        };
        let carry = if row.ko.0 == row.ko.1 && !row.removed {
            Carry::Unchanged
        } else {
            Carry::Removed
        };
        out.insert(
            at,
            Planned {
                row: Some(row.id),
                ko: (place, place),
                carry,
            },
        );
    }
    out
}

/// The English of each added Korean paragraph, from an AI draft of the
/// new paragraphs: the draft is aligned to them, and English the aligner
/// finds no Korean for joins the paragraph before it (or, at the start,
/// the first one), so none of the draft is dropped. With no draft, every
/// paragraph's English is empty (which QA reports as missing).
pub fn drafts_for<K: AsRef<str>, E: AsRef<str>>(added: &[K], draft: &[E]) -> Vec<String> {
    let mut out = vec![String::new(); added.len()];
    if added.is_empty() || draft.is_empty() {
        if let Some(first) = out.first_mut() {
            *first = join_all(draft);
        }
        return out;
    }
    let alignment = crate::align(added, draft);
    let mut last = 0;
    for link in &alignment.links {
        let at = if link.ko.is_empty() {
            last
        } else {
            link.ko.start
        };
        last = at;
        for english in &draft[link.en.clone()] {
            let slot = &mut out[at];
            if !slot.is_empty() {
                slot.push_str("\n\n");
            }
            slot.push_str(english.as_ref());
        }
    }
    out
}

fn join_all<E: AsRef<str>>(paragraphs: &[E]) -> String {
    paragraphs
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn added(j: usize) -> Planned {
    Planned {
        row: None,
        ko: (j, j + 1),
        carry: Carry::Added,
    }
}

/// A paragraph's character bigrams (spaces left out), sorted, each once.
fn bigrams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut grams: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// The Dice coefficient of two sorted sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: [&str; 6] = [
        "서울시는 3일 새 교통 정책을 발표했다.",
        "시장은 버스 요금을 200원 올린다고 말했다.",
        "시민단체는 즉각 반발했다.",
        "정책은 내년 1월부터 시행된다.",
        "전문가들은 효과가 제한적일 것이라고 내다봤다.",
        "시는 다음 달 공청회를 연다.",
    ];

    fn one_per_row(n: usize) -> Vec<OldRow> {
        (0..n)
            .map(|i| OldRow {
                id: 10 + i as i64,
                ko: (i, i + 1),
                removed: false,
            })
            .collect()
    }

    fn summary(plan: &[Planned]) -> Vec<(Option<i64>, (usize, usize), &'static str)> {
        plan.iter().map(|p| (p.row, p.ko, p.carry.name())).collect()
    }

    #[test]
    fn the_same_text_keeps_every_row_unchanged() {
        let got = plan(&P, &P, &one_per_row(6));
        assert!(got.iter().all(|p| p.carry == Carry::Unchanged));
        assert_eq!(got.len(), 6);
    }

    #[test]
    fn one_changed_one_added_one_removed_two_reordered() {
        let new = [
            P[0],
            "시장은 버스 요금을 300원 올린다고 말했다.",
            P[3],
            P[2],
            "교통공사 노조는 환영 입장을 냈다.",
            P[5],
        ];
        let got = plan(&P, &new, &one_per_row(6));
        assert_eq!(
            summary(&got),
            [
                (Some(10), (0, 1), "unchanged"),
                (Some(11), (1, 2), "changed"),
                (Some(13), (2, 3), "unchanged"),
                (Some(14), (3, 3), "removed"),
                (Some(12), (3, 4), "unchanged"),
                (None, (4, 5), "added"),
                (Some(15), (5, 6), "unchanged"),
            ]
        );
    }

    #[test]
    fn a_row_of_two_paragraphs_that_lost_one_is_changed() {
        let rows = [
            OldRow {
                id: 1,
                ko: (0, 2),
                removed: false,
            },
            OldRow {
                id: 2,
                ko: (2, 3),
                removed: false,
            },
        ];
        let got = plan(&P[..3], &[P[0], P[2]], &rows);
        assert_eq!(
            summary(&got),
            [(Some(1), (0, 1), "changed"), (Some(2), (1, 2), "unchanged")]
        );
    }

    #[test]
    fn a_paragraph_rewritten_in_place_is_changed_not_removed_and_added() {
        let new = [P[0], "시장은 요금 인상을 철회한다고 말했다.", P[2]];
        let got = plan(&P[..3], &new, &one_per_row(3));
        assert_eq!(
            got[1],
            Planned {
                row: Some(11),
                ko: (1, 2),
                carry: Carry::Changed
            }
        );
        // Nothing in common: removed, and a new row for the new paragraph.
        let new = [P[0], "ABCDEFG HIJ", P[2]];
        let got = plan(&P[..3], &new, &one_per_row(3));
        assert_eq!(
            summary(&got),
            [
                (Some(10), (0, 1), "unchanged"),
                (Some(11), (1, 1), "removed"),
                (None, (1, 2), "added"),
                (Some(12), (2, 3), "unchanged"),
            ]
        );
    }

    #[test]
    fn repeated_paragraphs_pair_up_in_order_and_a_first_row_can_go() {
        let old = ["같은 문장.", "다른 문장이다.", "같은 문장."];
        let got = plan(&old, &["같은 문장.", "같은 문장."], &one_per_row(3));
        assert_eq!(
            summary(&got),
            [
                (Some(10), (0, 1), "unchanged"),
                (Some(11), (1, 1), "removed"),
                (Some(12), (1, 2), "unchanged"),
            ]
        );
        let got = plan(&P[..2], &P[1..2], &one_per_row(2));
        assert_eq!(
            summary(&got),
            [
                (Some(10), (0, 0), "removed"),
                (Some(11), (0, 1), "unchanged")
            ]
        );
    }

    #[test]
    fn a_row_whose_paragraphs_were_pulled_apart_keeps_the_first_part() {
        let rows = [
            OldRow {
                id: 1,
                ko: (0, 2),
                removed: false,
            },
            OldRow {
                id: 2,
                ko: (2, 3),
                removed: false,
            },
        ];
        let got = plan(&P[..3], &[P[0], P[2], P[1]], &rows);
        assert_eq!(
            summary(&got),
            [
                (Some(1), (0, 1), "changed"),
                (Some(2), (1, 2), "unchanged"),
                (None, (2, 3), "added"),
            ]
        );
    }

    #[test]
    fn english_the_ai_added_stays_and_a_row_removed_before_stays_removed() {
        let rows = [
            OldRow {
                id: 1,
                ko: (0, 1),
                removed: false,
            },
            OldRow {
                id: 2,
                ko: (1, 1),
                removed: false,
            },
            OldRow {
                id: 3,
                ko: (1, 1),
                removed: true,
            },
            OldRow {
                id: 4,
                ko: (1, 2),
                removed: false,
            },
        ];
        let got = plan(&P[..2], &[P[0], P[1], P[2]], &rows);
        assert_eq!(
            summary(&got),
            [
                (Some(1), (0, 1), "unchanged"),
                (Some(2), (1, 1), "unchanged"),
                (Some(3), (1, 1), "removed"),
                (Some(4), (1, 2), "unchanged"),
                (None, (2, 3), "added"),
            ]
        );
    }

    #[test]
    fn a_draft_of_the_new_paragraphs_goes_to_their_rows_and_none_is_lost() {
        let added = ["노조는 파업을 예고했다.", "정부는 5일 대책을 내놓는다."];
        let draft = [
            "The union warned of a strike.",
            "The government will announce measures on the 5th.",
        ];
        assert_eq!(drafts_for(&added, &draft), draft);
        // No draft: empty English.
        let none: [&str; 0] = [];
        assert_eq!(drafts_for(&added, &none), ["", ""]);
        // Every word of a longer draft lands in some row.
        let long = [draft[0], "It would be the first in ten years.", draft[1]];
        let got = drafts_for(&added, &long);
        assert_eq!(got.join("\n\n"), long.join("\n\n"));
    }

    #[test]
    fn every_new_paragraph_is_in_exactly_one_row_in_order() {
        let new = [P[5], P[4], "새 문단이다.", P[0], P[1]];
        let got = plan(&P, &new, &one_per_row(6));
        let mut next = 0;
        for p in &got {
            assert_eq!(p.ko.0, next, "{got:?}");
            next = p.ko.1;
        }
        assert_eq!(next, new.len());
        let removed = got.iter().filter(|p| p.carry == Carry::Removed).count();
        assert_eq!(removed, 2);
    }
}
