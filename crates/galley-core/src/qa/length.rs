//! What is missing inside a row: English much shorter than its Korean,
//! and a Korean paragraph of a row of several whose figures and names are
//! none of them in the English.

use super::numbers::{clock_times, loosely_equal, soft_number_words};
use super::*;

/// English characters per Korean character below which a translation is
/// much shorter than its source. News English runs about 1.9 characters per
/// Korean character (2.2 on wire copy); half of that is a translation that
/// leaves something out, or a Korean paragraph that says more.
pub(super) const SHORT_ENGLISH_RATIO: f64 = 0.9;
/// Below this ratio an English with fewer sentences than its Korean is
/// short too: a paragraph that lost one of its two sentences keeps about
/// 1.2 characters per Korean character, above the plain bar. On the gold
/// pairs of dev.jsonl and dev_noisy.jsonl this warns on 1% of correct ones.
pub(super) const SHORT_ENGLISH_RATIO_FEWER_SENTENCES: f64 = 1.4;
/// Below this ratio an English with fewer sentences than a Korean of
/// several paragraphs is short for it: a row that joins two Korean
/// paragraphs to one English one is where a dropped paragraph hides, and
/// its English, once one paragraph is gone, is short of the 1.86
/// characters per Korean character news English runs (dev.jsonl's mean,
/// testdata/eval/SOURCE.md) though above the bar for one paragraph.
pub(super) const SHORT_ENGLISH_RATIO_PARAGRAPHS: f64 = 1.86;
/// Korean shorter than this is not judged by length (a headline, a line).
pub(super) const SHORT_ENGLISH_MIN_KOREAN: usize = 40;

pub(super) fn short_english(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let ko = korean.chars().filter(|c| !c.is_whitespace()).count();
    let en = english.chars().filter(|c| !c.is_whitespace()).count();
    if ko < SHORT_ENGLISH_MIN_KOREAN {
        return;
    }
    let ratio = en as f64 / ko as f64;
    let paragraphs = korean
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    let said = if ratio < SHORT_ENGLISH_RATIO {
        Said::ShortEnglish {
            english: en,
            korean: ko,
        }
    } else {
        let (ko_sentences, en_sentences) = (
            count_sentences(korean, false),
            count_sentences(english, true),
        );
        if en_sentences >= ko_sentences
            || ratio
                >= if paragraphs < 2 {
                    SHORT_ENGLISH_RATIO_FEWER_SENTENCES
                } else {
                    SHORT_ENGLISH_RATIO_PARAGRAPHS
                }
        {
            return;
        }
        Said::FewerSentences {
            english_sentences: en_sentences as usize,
            korean_sentences: ko_sentences as usize,
            english: en,
            korean: ko,
        }
    };
    findings.push(finding(
        Check::ShortEnglish,
        Severity::Warning,
        "row",
        said,
        Vec::new(),
    ));
}

/// English characters per Korean character above which an English with
/// more sentences than its Korean is long for it: news English runs about
/// 1.86 (dev.jsonl's mean); a sentence added to a row takes it past this.
/// Chosen on dev.jsonl (2.2 and 2.6 both warn on none of its 580 correct
/// pairs; 2.2 catches more planted additions, 56% against 51%), measured
/// on dev_noisy.jsonl, which it was not chosen on (docs/qa-and-exports.md).
pub(super) const LONG_ENGLISH_RATIO_MORE_SENTENCES: f64 = 2.2;

/// The inverse of [`short_english`]: more English sentences than Korean
/// ones and long for them is a sentence the Korean may not support (the
/// AI's invention, merged into a neighbour's row).
pub(super) fn addition_in_row(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let ko = korean.chars().filter(|c| !c.is_whitespace()).count();
    let en = english.chars().filter(|c| !c.is_whitespace()).count();
    if ko < SHORT_ENGLISH_MIN_KOREAN {
        return;
    }
    let (ko_sentences, en_sentences) = (
        count_sentences(korean, false),
        count_sentences(english, true),
    );
    if en_sentences <= ko_sentences || (en as f64) < LONG_ENGLISH_RATIO_MORE_SENTENCES * ko as f64 {
        return;
    }
    findings.push(finding(
        Check::AdditionInRow,
        Severity::Warning,
        "row",
        Said::MoreSentences {
            english_sentences: en_sentences as usize,
            korean_sentences: ko_sentences as usize,
            english: en,
            korean: ko,
        },
        Vec::new(),
    ));
}

pub(super) fn omission_in_row(korean: &str, english: &str, findings: &mut Vec<Finding>) {
    let paragraphs: Vec<&str> = korean.split("\n\n").collect();
    if paragraphs.len() < 2 {
        return;
    }
    let mut en: Vec<Anchor> = anchors::english_anchors(english)
        .iter()
        .map(|f| f.anchor)
        .collect();
    en.extend(
        soft_number_words(english, Side::English)
            .iter()
            .map(|f| f.anchor),
    );
    for (_, _, hour, minute) in clock_times(english) {
        en.push(Anchor::Number(hour * 1000));
        en.push(Anchor::Number(minute * 1000));
    }
    let english_lower = english.to_lowercase();
    let mut offset = 0;
    for (n, paragraph) in paragraphs.iter().enumerate() {
        let length = paragraph.chars().count();
        let figures: Vec<Found> = anchors::korean_anchors(paragraph)
            .into_iter()
            .filter(|f| f.strength != Strength::Soft)
            .collect();
        let names: Vec<String> = anchors::korean_latin_words(paragraph)
            .into_iter()
            .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
            .collect();
        let own = figures.len() + names.len();
        let found = figures
            .iter()
            .filter(|f| {
                en.iter()
                    .any(|e| *e == f.anchor || loosely_equal(f.anchor, *e))
            })
            .count()
            + names
                .iter()
                .filter(|w| anchors::contains_word(&english_lower, w))
                .count();
        if own >= 2 && found == 0 {
            findings.push(finding(
                Check::OmissionInRow,
                Severity::Warning,
                &format!("paragraph{}", n + 1),
                Said::OmissionInRow { paragraph: n + 1 },
                vec![Span {
                    side: Side::Korean,
                    start: offset,
                    end: offset + length,
                }],
            ));
        }
        offset += length + 2;
    }
}
