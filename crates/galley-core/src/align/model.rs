//! The cost of one alignment row: how unlikely it is that these Korean
//! paragraphs and these English paragraphs are translations of each other.
//!
//! A cost is a negative log-likelihood, so costs of rows add up along an
//! alignment and the forward-backward pass can turn them into probabilities.
//! It sums four independent pieces of evidence:
//!
//! 1. the prior of the row's kind (1-1 is common, 2-2 rare, 1-0 rarer);
//! 2. the length model of Gale & Church (1993): the English length is
//!    normally distributed around `c` times the Korean length, with a variance
//!    that grows with the length;
//! 3. sentence counts, which translators mostly keep;
//! 4. anchors (numbers, dates, Latin-script words, quotations), scored by how
//!    much of each side they leave uncovered: every anchor of the row that
//!    finds no counterpart on the other side of the same row costs a penalty.
//!    A row earns nothing for its matches, so merging two correct rows into
//!    one gains nothing, while cutting a row in the wrong place strands
//!    anchors on both sides and costs twice.

use super::LinkKind;
use super::anchors::{self, Found, Strength};
use super::math::ln_erfc;
use super::sentences::count_sentences;

/// Fitted parameters of the model. [`Model::DEFAULT`] was fitted on the dev
/// set; see `docs/alignment.md` and `galley eval fit`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// English characters per Korean character (not counting whitespace).
    pub chars_ratio: f64,
    /// Variance of the English length, per character.
    pub variance_per_char: f64,
    /// Prior probability of each row kind.
    pub priors: [(LinkKind, f64); 8],
    /// Cost of each sentence by which the two sides of a row differ.
    pub sentence_cost: f64,
    /// Cost of an unmatched strong anchor (a large number, a date).
    pub strong_anchor_cost: f64,
    /// Cost of an unmatched weak anchor (a small number).
    pub weak_anchor_cost: f64,
    /// Cost of a Latin-script word of the Korean missing from the English.
    pub latin_word_cost: f64,
    /// Cost of each direct quotation by which the sides differ.
    pub quotation_cost: f64,
    /// Costs are divided by this before they become probabilities; fitted so
    /// that confidences are calibrated.
    pub temperature: f64,
}

impl Model {
    /// Parameters fitted on the 55 articles of the dev set.
    pub const DEFAULT: Model = Model {
        chars_ratio: 1.985,
        variance_per_char: 16.0,
        priors: [
            (LinkKind::new(1, 1), 0.77),
            (LinkKind::new(1, 2), 0.095),
            (LinkKind::new(2, 1), 0.115),
            (LinkKind::new(2, 2), 0.003),
            (LinkKind::new(1, 3), 0.008),
            (LinkKind::new(3, 1), 0.008),
            (LinkKind::new(1, 0), 0.002),
            (LinkKind::new(0, 1), 0.002),
        ],
        sentence_cost: 1.5,
        strong_anchor_cost: 2.5,
        weak_anchor_cost: 1.0,
        latin_word_cost: 2.5,
        quotation_cost: 1.0,
        temperature: 1.0,
    };
}

impl Default for Model {
    fn default() -> Self {
        Model::DEFAULT
    }
}

/// What the model needs to know of one paragraph, computed once.
#[derive(Debug, Clone)]
pub struct Features {
    /// Characters that are not whitespace.
    pub chars: f64,
    /// Sentence count.
    pub sentences: f64,
    /// Quotations opened.
    pub quotations: f64,
    /// Anchors, sorted.
    pub anchors: Vec<Found>,
    /// Korean side: its Latin-script words. English side: empty.
    pub latin_words: Vec<String>,
    /// English side: the text lower-cased, to look Latin words up in.
    pub lowercase: String,
}

impl Features {
    /// Features of a Korean paragraph.
    pub fn korean(text: &str) -> Features {
        let mut anchors = anchors::korean_anchors(text);
        anchors.sort();
        Features {
            chars: text.chars().filter(|c| !c.is_whitespace()).count() as f64,
            sentences: f64::from(count_sentences(text, false)),
            quotations: anchors::quotation_count(text),
            anchors,
            latin_words: anchors::korean_latin_words(text),
            lowercase: String::new(),
        }
    }

    /// Features of an English paragraph.
    pub fn english(text: &str) -> Features {
        let mut anchors = anchors::english_anchors(text);
        anchors.sort();
        Features {
            chars: text.chars().filter(|c| !c.is_whitespace()).count() as f64,
            sentences: f64::from(count_sentences(text, true)),
            quotations: anchors::quotation_count(text),
            anchors,
            latin_words: Vec::new(),
            lowercase: text.to_lowercase(),
        }
    }
}

/// Scratch space reused between cost evaluations, so the search allocates
/// nothing per cell.
#[derive(Debug, Default)]
pub struct Scratch {
    ko: Vec<Found>,
    en: Vec<Found>,
}

impl Model {
    fn prior_cost(&self, kind: LinkKind) -> f64 {
        self.priors
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(f64::INFINITY, |(_, p)| -p.ln())
    }

    /// Cost of the length pair under the Gale & Church model.
    pub fn length_cost(&self, ko_chars: f64, en_chars: f64) -> f64 {
        let mean = (ko_chars + en_chars / self.chars_ratio) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        let delta =
            (en_chars - ko_chars * self.chars_ratio) / (self.variance_per_char * mean).sqrt();
        // Two-sided tail probability of a standard normal: erfc(|δ|/√2).
        -ln_erfc(delta.abs() / std::f64::consts::SQRT_2)
    }

    /// Cost of aligning Korean paragraphs `ko` with English paragraphs `en`.
    pub fn row_cost(&self, ko: &[Features], en: &[Features], scratch: &mut Scratch) -> f64 {
        let kind = LinkKind::new(ko.len() as u8, en.len() as u8);
        let mut cost = self.prior_cost(kind);
        if !cost.is_finite() {
            return cost;
        }
        if !ko.is_empty() && !en.is_empty() {
            let sum = |side: &[Features], f: fn(&Features) -> f64| side.iter().map(f).sum::<f64>();
            cost += self.length_cost(sum(ko, |p| p.chars), sum(en, |p| p.chars));
            cost +=
                self.sentence_cost * (sum(ko, |p| p.sentences) - sum(en, |p| p.sentences)).abs();
            cost +=
                self.quotation_cost * (sum(ko, |p| p.quotations) - sum(en, |p| p.quotations)).abs();
        }
        cost + self.anchor_cost(ko, en, scratch)
    }

    fn anchor_cost(&self, ko: &[Features], en: &[Features], scratch: &mut Scratch) -> f64 {
        let mut cost = 0.0;
        for paragraph in ko {
            for word in &paragraph.latin_words {
                if !en
                    .iter()
                    .any(|e| anchors::contains_word(&e.lowercase, word))
                {
                    cost += self.latin_word_cost * if word.len() == 1 { 0.3 } else { 1.0 };
                }
            }
        }
        let gather = |side: &[Features], into: &mut Vec<Found>| {
            into.clear();
            for paragraph in side {
                into.extend_from_slice(&paragraph.anchors);
            }
            if side.len() > 1 {
                into.sort();
            }
        };
        gather(ko, &mut scratch.ko);
        gather(en, &mut scratch.en);
        let (ko, en) = (&scratch.ko, &scratch.en);
        let (mut a, mut b) = (0, 0);
        while a < ko.len() || b < en.len() {
            let key = match (ko.get(a), en.get(b)) {
                (Some(x), Some(y)) => x.anchor.min(y.anchor),
                (Some(x), None) => x.anchor,
                (None, Some(y)) => y.anchor,
                (None, None) => break,
            };
            let (mut ko_strong, mut ko_weak) = (0.0_f64, 0.0_f64);
            while let Some(found) = ko.get(a).filter(|f| f.anchor == key) {
                match found.strength {
                    Strength::Strong => ko_strong += 1.0,
                    _ => ko_weak += 1.0,
                }
                a += 1;
            }
            let (mut en_hard, mut en_soft) = (0.0_f64, 0.0_f64);
            let mut en_strong = false;
            while let Some(found) = en.get(b).filter(|f| f.anchor == key) {
                match found.strength {
                    Strength::Soft => en_soft += 1.0,
                    Strength::Strong => {
                        en_hard += 1.0;
                        en_strong = true;
                    }
                    Strength::Weak => en_hard += 1.0,
                }
                b += 1;
            }
            let ko_count = ko_strong + ko_weak;
            let unmatched_ko = (ko_count - en_hard - en_soft).max(0.0);
            let unmatched_en = (en_hard - ko_count).max(0.0);
            let strong = ko_strong > 0.0 || en_strong;
            let unit = if strong {
                self.strong_anchor_cost
            } else {
                self.weak_anchor_cost
            };
            cost += unit * (unmatched_ko + unmatched_en);
        }
        cost
    }
}
