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
use std::ops::Range;

use super::anchors::{self, Found, Strength};
use super::math::{ln_add, ln_erfc};
use super::names::{self, KoreanSkeleton, NameKey};
use super::sentences::count_sentences;

/// Fitted parameters of the model. [`Model::DEFAULT`] was fitted on the dev
/// sets; see `docs/alignment.md`, `galley eval fit` and
/// `scripts/cross-validate.py`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// English characters per Korean character (not counting whitespace),
    /// over all articles.
    pub chars_ratio: f64,
    /// Translators differ, so each article's own ratio is used, shrunk
    /// towards `chars_ratio` as if this many Korean characters at that ratio
    /// had been seen too.
    pub ratio_prior_chars: f64,
    /// Variance of the English length, per character.
    pub variance_per_char: f64,
    /// Share of rows whose English length follows a wider normal
    /// distribution: translations cut short or padded, which are still
    /// translations (a Gaussian alone makes them cheaper as an omission).
    pub length_outlier_share: f64,
    /// How many times wider the outliers' standard deviation is.
    pub length_outlier_scale: f64,
    /// Prior probability of each row kind.
    pub priors: [(LinkKind, f64); 8],
    /// Cost of a sentence-count gap (English minus Korean) of -3 to +3,
    /// relative to no gap: `-ln(p(gap) / p(0))` over the gold rows.
    pub sentence_gap_costs: [f64; 7],
    /// Added cost per sentence of a gap beyond ±3.
    pub sentence_gap_slope: f64,
    /// Cost per paragraph of a row with one side empty (1-0, 0-1), standing
    /// for the length and sentence evidence such a row cannot offer.
    pub one_sided_cost: f64,
    /// Share of the unmatched-anchor, -word and -name costs that a one-sided
    /// row pays: its anchors have nothing to match by its own account.
    pub one_sided_key_factor: f64,
    /// Cost of an unmatched strong anchor (a large number, a date).
    pub strong_anchor_cost: f64,
    /// Cost of an unmatched weak anchor (a small number).
    pub weak_anchor_cost: f64,
    /// Cost of a Latin-script word of the Korean missing from the English.
    pub latin_word_cost: f64,
    /// Cost of an English name (weighted by its length) not found in the Korean.
    pub name_cost: f64,
    /// Cost of each direct quotation by which the sides differ.
    pub quotation_cost: f64,
    /// Costs are divided by this before they become probabilities; fitted so
    /// that confidences are calibrated.
    pub temperature: f64,
}

impl Model {
    /// Parameters fitted on the 104 articles of dev.jsonl and dev_noisy.jsonl:
    /// the length model, the common priors and the sentence-gap costs
    /// counted (`galley eval fit`); the one-sided weights, their priors and
    /// the outlier share picked by hand near what the folds of
    /// `scripts/cross-validate.py` chose, as a set that keeps every case of
    /// tests/align.rs (a 2-2 row, a block of invented paragraphs); the
    /// anchor weights as fitted on dev.jsonl before. docs/alignment.md has
    /// the held-out figures.
    pub const DEFAULT: Model = Model {
        chars_ratio: 2.1667,
        ratio_prior_chars: 5000.0,
        variance_per_char: 17.56,
        length_outlier_share: 0.17,
        length_outlier_scale: 3.0,
        priors: [
            (LinkKind::new(1, 1), 0.7398),
            (LinkKind::new(1, 2), 0.1128),
            (LinkKind::new(2, 1), 0.1208),
            (LinkKind::new(2, 2), 0.001),
            (LinkKind::new(1, 3), 0.0169),
            (LinkKind::new(3, 1), 0.0071),
            (LinkKind::new(1, 0), 0.0111),
            (LinkKind::new(0, 1), 0.02),
        ],
        sentence_gap_costs: [4.83, 3.82, 2.23, 0.0, 2.92, 4.97, 7.54],
        sentence_gap_slope: 1.5,
        one_sided_cost: 0.55,
        one_sided_key_factor: 0.76,
        strong_anchor_cost: 2.83,
        weak_anchor_cost: 1.87,
        latin_word_cost: 3.54,
        name_cost: 1.31,
        quotation_cost: 1.22,
        temperature: 1.0,
    };
}

impl Default for Model {
    fn default() -> Self {
        Model::DEFAULT
    }
}

impl Model {
    /// Every parameter by the name [`Model::set`] takes, with its value.
    pub fn parameters(&self) -> Vec<(String, f64)> {
        let mut all: Vec<(String, f64)> = [
            ("chars_ratio", self.chars_ratio),
            ("ratio_prior_chars", self.ratio_prior_chars),
            ("variance_per_char", self.variance_per_char),
            ("length_outlier_share", self.length_outlier_share),
            ("length_outlier_scale", self.length_outlier_scale),
            ("sentence_gap_slope", self.sentence_gap_slope),
            ("one_sided_cost", self.one_sided_cost),
            ("one_sided_key_factor", self.one_sided_key_factor),
            ("strong_anchor_cost", self.strong_anchor_cost),
            ("weak_anchor_cost", self.weak_anchor_cost),
            ("latin_word_cost", self.latin_word_cost),
            ("name_cost", self.name_cost),
            ("quotation_cost", self.quotation_cost),
            ("temperature", self.temperature),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect();
        for (gap, cost) in (-3..).zip(self.sentence_gap_costs) {
            all.push((format!("sentence_gap_{gap}"), cost));
        }
        for (kind, prior) in self.priors {
            all.push((format!("prior_{kind}"), prior));
        }
        all
    }

    /// Sets one parameter by name (`chars_ratio`, `prior_1-0`, ...), for
    /// refitting and experiments from the command line.
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        if !value.is_finite() {
            return Err(format!("{name}: {value} is not a finite number"));
        }
        let field = match name {
            "chars_ratio" => &mut self.chars_ratio,
            "ratio_prior_chars" => &mut self.ratio_prior_chars,
            "variance_per_char" => &mut self.variance_per_char,
            "length_outlier_share" => &mut self.length_outlier_share,
            "length_outlier_scale" => &mut self.length_outlier_scale,
            "sentence_gap_slope" => &mut self.sentence_gap_slope,
            "one_sided_cost" => &mut self.one_sided_cost,
            "one_sided_key_factor" => &mut self.one_sided_key_factor,
            "strong_anchor_cost" => &mut self.strong_anchor_cost,
            "weak_anchor_cost" => &mut self.weak_anchor_cost,
            "latin_word_cost" => &mut self.latin_word_cost,
            "name_cost" => &mut self.name_cost,
            "quotation_cost" => &mut self.quotation_cost,
            "temperature" => &mut self.temperature,
            _ => {
                if let Some(gap) = name.strip_prefix("sentence_gap_") {
                    let gap: i64 = gap
                        .parse()
                        .map_err(|_| format!("unknown parameter {name}"))?;
                    let index = usize::try_from(gap + 3)
                        .ok()
                        .filter(|&i| i < self.sentence_gap_costs.len());
                    let index = index.ok_or_else(|| format!("{name}: gaps go from -3 to 3"))?;
                    &mut self.sentence_gap_costs[index]
                } else if let Some(kind) = name.strip_prefix("prior_") {
                    let (prior_kind, prior) = self
                        .priors
                        .iter_mut()
                        .find(|(k, _)| k.to_string() == kind)
                        .ok_or_else(|| format!("unknown row kind in {name}"))?;
                    let _ = prior_kind;
                    prior
                } else {
                    return Err(format!("unknown parameter {name}"));
                }
            }
        };
        *field = value;
        Ok(())
    }
}

/// The cost of one row, piece by piece (each a negative log-likelihood).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CostBreakdown {
    /// Prior of the row's kind.
    pub prior: f64,
    /// Gale-Church length model.
    pub length: f64,
    /// Sentence-count gap.
    pub sentences: f64,
    /// Quotation-count gap.
    pub quotations: f64,
    /// Stand-in for the evidence a one-sided row lacks.
    pub one_sided: f64,
    /// Latin words of the Korean missing from the English.
    pub latin_words: f64,
    /// English names missing from the Korean.
    pub names: f64,
    /// Numbers and dates without a counterpart.
    pub anchors: f64,
}

impl CostBreakdown {
    /// The row's cost.
    pub fn total(&self) -> f64 {
        self.prior
            + self.length
            + self.sentences
            + self.quotations
            + self.one_sided
            + self.latin_words
            + self.names
            + self.anchors
    }
}

/// What the model needs to know of one paragraph, computed once.
#[derive(Debug, Clone)]
pub struct Features {
    /// Characters that are not whitespace.
    pub chars: f64,
    /// Korean side: Latin letters and digits, which a translation copies
    /// one for one (`APEC`, `2017`); they are not counted in `chars`.
    pub copied_chars: f64,
    /// Sentence count.
    pub sentences: f64,
    /// Quotations opened.
    pub quotations: f64,
    /// Anchors, sorted.
    pub anchors: Vec<Found>,
    /// Korean side: its Latin-script words. English side: empty.
    pub latin_words: Vec<String>,
    /// Korean side: consonant skeletons of its Hangul words.
    pub skeletons: KoreanSkeleton,
    /// English side: names to look for in the Korean (at most 64).
    pub names: Vec<NameKey>,
    /// English side: the text lower-cased, to look Latin words up in.
    pub lowercase: String,
    /// English side: where the words of `lowercase` start.
    pub word_starts: Vec<u32>,
}

/// At most this many Latin words or names of a paragraph take part, so the
/// matches of a pair of paragraphs fit in a bit set.
const MAX_KEYS: usize = 64;

impl Features {
    /// Features of a Korean paragraph.
    pub fn korean(text: &str) -> Features {
        let mut anchors = anchors::korean_anchors(text);
        anchors.sort();
        let mut latin_words = anchors::korean_latin_words(text);
        latin_words.truncate(MAX_KEYS);
        let copied = text.chars().filter(char::is_ascii_alphanumeric).count() as f64;
        Features {
            chars: text.chars().filter(|c| !c.is_whitespace()).count() as f64 - copied,
            copied_chars: copied,
            sentences: f64::from(count_sentences(text, false)),
            quotations: anchors::quotation_count(text),
            anchors,
            latin_words,
            skeletons: names::korean_skeletons(text),
            names: Vec::new(),
            lowercase: String::new(),
            word_starts: Vec::new(),
        }
    }

    /// Features of an English paragraph.
    pub fn english(text: &str) -> Features {
        let mut anchors = anchors::english_anchors(text);
        anchors.sort();
        let mut names = names::english_name_keys(text);
        names.truncate(MAX_KEYS);
        let lowercase = text.to_lowercase();
        Features {
            chars: text.chars().filter(|c| !c.is_whitespace()).count() as f64,
            copied_chars: 0.0,
            sentences: f64::from(count_sentences(text, true)),
            quotations: anchors::quotation_count(text),
            anchors,
            latin_words: Vec::new(),
            skeletons: KoreanSkeleton::default(),
            names,
            word_starts: anchors::word_starts(&lowercase),
            lowercase,
        }
    }
}

/// Which keys of one Korean and one English paragraph find each other.
#[derive(Debug, Clone, Copy, Default)]
struct PairMatch {
    /// Bit `k`: Latin word `k` of the Korean paragraph occurs in the English.
    latin: u64,
    /// Bit `k`: name `k` of the English paragraph occurs in the Korean.
    names: u64,
}

/// The pair matches of one Korean paragraph with a run of English
/// paragraphs: the search asks for pairs near the diagonal only, so each
/// Korean paragraph keeps a short window of English indices, grown as asked.
#[derive(Debug, Default)]
struct PairWindow {
    first: usize,
    found: Vec<Option<PairMatch>>,
}

impl PairWindow {
    fn slot(&mut self, j: usize) -> &mut Option<PairMatch> {
        if self.found.is_empty() {
            self.first = j;
        } else if j < self.first {
            let extra = self.first - j;
            self.found.splice(0..0, std::iter::repeat_n(None, extra));
            self.first = j;
        }
        let at = j - self.first;
        if at >= self.found.len() {
            self.found.resize(at + 1, None);
        }
        &mut self.found[at]
    }
}

/// Running totals of one side's counts: entry `i` sums the paragraphs
/// before `i`. The counts are whole (or halves, for straight quotes), so the
/// difference of two totals is exact.
#[derive(Debug)]
struct Totals(Vec<Counts>);

/// The counts of a run of paragraphs.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    chars: f64,
    copied: f64,
    sentences: f64,
    quotations: f64,
}

impl Totals {
    fn new(side: &[Features]) -> Totals {
        let mut running = Counts::default();
        let mut totals = Vec::with_capacity(side.len() + 1);
        totals.push(running);
        for p in side {
            running.chars += p.chars;
            running.copied += p.copied_chars;
            running.sentences += p.sentences;
            running.quotations += p.quotations;
            totals.push(running);
        }
        Totals(totals)
    }

    #[inline]
    fn of(&self, range: Range<usize>) -> Counts {
        let (a, b) = (self.0[range.start], self.0[range.end]);
        Counts {
            chars: b.chars - a.chars,
            copied: b.copied - a.copied,
            sentences: b.sentences - a.sentences,
            quotations: b.quotations - a.quotations,
        }
    }
}

/// One article being aligned: its features, and what has been worked out
/// about pairs of its paragraphs. The search asks for the same pairs many
/// times (a paragraph takes part in up to eight row shapes), so pair matches
/// are computed once and kept.
#[derive(Debug)]
pub struct Article<'a> {
    ko: &'a [Features],
    en: &'a [Features],
    /// English characters per Korean character expected in this article.
    ratio: f64,
    /// The cost of each row kind's prior, `-ln p`, worked out once, by
    /// Korean and English paragraph count (infinite for a kind not allowed).
    prior_costs: [[f64; 4]; 4],
    /// Running totals of each side's counts, so a row's are two lookups.
    ko_sums: Totals,
    en_sums: Totals,
    /// `ln` of the length model's two shares (normal, outlier).
    length_shares: (f64, f64),
    pairs: Vec<PairWindow>,
    scratch_ko: Vec<Found>,
    scratch_en: Vec<Found>,
}

impl<'a> Article<'a> {
    /// An article with its paragraphs' features, to be aligned with `model`.
    pub fn new(model: &Model, ko: &'a [Features], en: &'a [Features]) -> Article<'a> {
        let total = |side: &[Features]| side.iter().map(|p| p.chars).sum::<f64>();
        let copied: f64 = ko.iter().map(|p| p.copied_chars).sum();
        let prior = model.ratio_prior_chars.max(1.0);
        let ratio =
            ((total(en) - copied).max(0.0) + model.chars_ratio * prior) / (total(ko) + prior);
        let mut prior_costs = [[f64::INFINITY; 4]; 4];
        for (kind, p) in model.priors {
            prior_costs[usize::from(kind.ko)][usize::from(kind.en)] = -p.ln();
        }
        Article {
            ko,
            en,
            ratio,
            prior_costs,
            ko_sums: Totals::new(ko),
            en_sums: Totals::new(en),
            length_shares: (
                (1.0 - model.length_outlier_share).ln(),
                model.length_outlier_share.ln(),
            ),
            pairs: (0..ko.len()).map(|_| PairWindow::default()).collect(),
            scratch_ko: Vec::new(),
            scratch_en: Vec::new(),
        }
    }

    /// Korean paragraph count.
    pub fn ko_len(&self) -> usize {
        self.ko.len()
    }

    /// English paragraph count.
    pub fn en_len(&self) -> usize {
        self.en.len()
    }

    /// The prior cost of a row of these paragraphs' kind.
    fn prior_cost(&self, ko: &Range<usize>, en: &Range<usize>) -> f64 {
        self.prior_costs
            .get(ko.len())
            .and_then(|by_en| by_en.get(en.len()))
            .copied()
            .unwrap_or(f64::INFINITY)
    }

    fn pair(&mut self, i: usize, j: usize) -> PairMatch {
        let (ko, en) = (&self.ko[i], &self.en[j]);
        *self.pairs[i].slot(j).get_or_insert_with(|| {
            let mut found = PairMatch::default();
            for (k, word) in ko.latin_words.iter().enumerate() {
                if anchors::contains_word_at(&en.lowercase, &en.word_starts, word) {
                    found.latin |= 1 << k;
                }
            }
            for (k, name) in en.names.iter().enumerate() {
                if names::found_in(name, &ko.skeletons) {
                    found.names |= 1 << k;
                }
            }
            found
        })
    }
}

impl Model {
    /// Cost of the length pair under the Gale & Church model.
    /// `ko_copied` characters of the Korean (Latin letters, digits) are
    /// expected once each in the English; the others `ratio` times.
    pub fn length_cost(&self, ratio: f64, ko_chars: f64, ko_copied: f64, en_chars: f64) -> f64 {
        // Two-sided tail probability of a standard normal: erfc(|δ|/√2).
        -ln_erfc(self.length_z(ratio, ko_chars, ko_copied, en_chars))
    }

    /// |δ|/√2, where δ is the English length's standard deviation from what
    /// the Korean leads one to expect (0 for two empty sides).
    fn length_z(&self, ratio: f64, ko_chars: f64, ko_copied: f64, en_chars: f64) -> f64 {
        self.length_z_squared(ratio, ko_chars, ko_copied, en_chars)
            .sqrt()
    }

    /// δ²/2, the square of [`Model::length_z`]: one division, no root.
    fn length_z_squared(&self, ratio: f64, ko_chars: f64, ko_copied: f64, en_chars: f64) -> f64 {
        let mean = (ko_chars + (ko_copied + en_chars) / ratio) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        let deviation = en_chars - (ko_chars * ratio + ko_copied);
        deviation * deviation / (2.0 * self.variance_per_char * mean)
    }

    /// The length cost of a one-to-one row: the same normal distribution,
    /// mixed with a wider one for the translations that were cut short or
    /// padded. Only one-to-one rows get it: a short English beside two
    /// Korean paragraphs is the mark of a dropped paragraph, not of a short
    /// translation.
    fn one_to_one_length_cost(&self, article: &Article<'_>, ko: &Features, en: &Features) -> f64 {
        let z = self.length_z(article.ratio, ko.chars, ko.copied_chars, en.chars);
        if self.length_outlier_share <= 0.0 {
            return -ln_erfc(z);
        }
        let scale = self.length_outlier_scale.max(1.0);
        let (normal, outlier) = article.length_shares;
        -ln_add(normal + ln_erfc(z), outlier + ln_erfc(z / scale))
    }

    /// Cost of a row whose English has `gap` more sentences than its Korean.
    pub fn sentence_gap_cost(&self, gap: f64) -> f64 {
        let gap = gap.round() as i64;
        let last = self.sentence_gap_costs.len() as i64 - 1;
        let index = gap + 3;
        if index < 0 {
            self.sentence_gap_costs[0] + self.sentence_gap_slope * (-index) as f64
        } else if index > last {
            self.sentence_gap_costs[last as usize] + self.sentence_gap_slope * (index - last) as f64
        } else {
            self.sentence_gap_costs[index as usize]
        }
    }

    /// Cost of the row joining Korean paragraphs `ko` with English paragraphs `en`.
    pub fn row_cost(&self, article: &mut Article<'_>, ko: Range<usize>, en: Range<usize>) -> f64 {
        self.explain_row(article, ko, en).total()
    }

    /// The cost of a row, piece by piece.
    pub fn explain_row(
        &self,
        article: &mut Article<'_>,
        ko: Range<usize>,
        en: Range<usize>,
    ) -> CostBreakdown {
        let mut cost = self.shape_cost(article, ko.clone(), en.clone());
        if cost.prior.is_finite() {
            self.add_key_costs(article, ko, en, &mut cost);
        }
        cost
    }

    /// The part of a row's cost read off counts alone: the prior of its
    /// kind, lengths, sentences, quotations.
    fn shape_cost(
        &self,
        article: &Article<'_>,
        ko: Range<usize>,
        en: Range<usize>,
    ) -> CostBreakdown {
        let mut cost = CostBreakdown {
            prior: article.prior_cost(&ko, &en),
            ..CostBreakdown::default()
        };
        if !cost.prior.is_finite() {
            return cost;
        }
        if ko.is_empty() || en.is_empty() {
            cost.one_sided = self.one_sided_cost * (ko.len() + en.len()) as f64;
            return cost;
        }
        let (k, e) = (
            article.ko_sums.of(ko.clone()),
            article.en_sums.of(en.clone()),
        );
        cost.length = if ko.len() == 1 && en.len() == 1 {
            self.one_to_one_length_cost(article, &article.ko[ko.start], &article.en[en.start])
        } else {
            self.length_cost(article.ratio, k.chars, k.copied, e.chars)
        };
        cost.sentences = self.sentence_gap_cost(e.sentences - k.sentences);
        cost.quotations = self.quotation_cost * (k.quotations - e.quotations).abs();
        cost
    }

    /// A rough cost of a row from its counts, for the search's guide: the
    /// prior, the squared length deviation of Gale & Church and the sentence
    /// gap, with no logarithms to take. Only where the band lies depends on it.
    pub fn rough_cost(&self, article: &Article<'_>, ko: Range<usize>, en: Range<usize>) -> f64 {
        let prior = article.prior_cost(&ko, &en);
        if !prior.is_finite() || ko.is_empty() || en.is_empty() {
            return prior + self.one_sided_cost * (ko.len() + en.len()) as f64;
        }
        let (k, e) = (article.ko_sums.of(ko), article.en_sums.of(en));
        // −ln of the normal density rather than of its tail: δ²/2.
        prior
            + self.length_z_squared(article.ratio, k.chars, k.copied, e.chars)
            + self.sentence_gap_cost(e.sentences - k.sentences)
    }

    /// Adds the evidence of the row's keys (Latin words, names, anchors)
    /// to its shape cost.
    fn add_key_costs(
        &self,
        article: &mut Article<'_>,
        ko: Range<usize>,
        en: Range<usize>,
        cost: &mut CostBreakdown,
    ) {
        let factor = if ko.is_empty() || en.is_empty() {
            self.one_sided_key_factor
        } else {
            1.0
        };
        let (latin, names) = self.word_costs(article, ko.clone(), en.clone());
        cost.latin_words = factor * latin;
        cost.names = factor * names;
        cost.anchors = factor * self.anchor_cost(article, ko, en);
    }

    /// Latin words of the Korean missing from the English, and names of the
    /// English missing from the Korean.
    fn word_costs(
        &self,
        article: &mut Article<'_>,
        ko: Range<usize>,
        en: Range<usize>,
    ) -> (f64, f64) {
        let (mut latin, mut names) = (0.0, 0.0);
        for i in ko.clone() {
            if article.ko[i].latin_words.is_empty() {
                continue;
            }
            let found = en
                .clone()
                .fold(0, |found, j| found | article.pair(i, j).latin);
            for (k, word) in article.ko[i].latin_words.iter().enumerate() {
                if found & (1 << k) == 0 {
                    latin += self.latin_word_cost * if word.len() == 1 { 0.3 } else { 1.0 };
                }
            }
        }
        for j in en {
            if article.en[j].names.is_empty() {
                continue;
            }
            let found = ko
                .clone()
                .fold(0, |found, i| found | article.pair(i, j).names);
            for (k, name) in article.en[j].names.iter().enumerate() {
                if found & (1 << k) == 0 {
                    names += self.name_cost * name.weight;
                }
            }
        }
        (latin, names)
    }

    fn anchor_cost(&self, article: &mut Article<'_>, ko: Range<usize>, en: Range<usize>) -> f64 {
        let none = |side: &[Features]| side.iter().all(|p| p.anchors.is_empty());
        if none(&article.ko[ko.clone()]) && none(&article.en[en.clone()]) {
            return 0.0;
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
        gather(&article.ko[ko], &mut article.scratch_ko);
        gather(&article.en[en], &mut article.scratch_en);
        let (ko, en) = (&article.scratch_ko, &article.scratch_en);
        let mut cost = 0.0;
        let (mut a, mut b) = (0, 0);
        while a < ko.len() || b < en.len() {
            let key = match (ko.get(a), en.get(b)) {
                (Some(x), Some(y)) => x.anchor.min(y.anchor),
                (Some(x), None) => x.anchor,
                (None, Some(y)) => y.anchor,
                (None, None) => break,
            };
            let (mut ko_count, mut strong) = (0.0_f64, false);
            while let Some(found) = ko.get(a).filter(|f| f.anchor == key) {
                ko_count += 1.0;
                strong |= found.strength == Strength::Strong;
                a += 1;
            }
            let (mut en_hard, mut en_soft) = (0.0_f64, 0.0_f64);
            while let Some(found) = en.get(b).filter(|f| f.anchor == key) {
                match found.strength {
                    Strength::Soft => en_soft += 1.0,
                    Strength::Weak => en_hard += 1.0,
                    Strength::Strong => {
                        en_hard += 1.0;
                        strong = true;
                    }
                }
                b += 1;
            }
            let unmatched_ko = (ko_count - en_hard - en_soft).max(0.0);
            let unmatched_en = (en_hard - ko_count).max(0.0);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_parameter_can_be_set_by_its_name() {
        let listed = Model::DEFAULT.parameters();
        assert_eq!(listed.len(), 14 + 7 + 8);
        for (n, (name, _)) in listed.iter().enumerate() {
            let mut model = Model::DEFAULT;
            let value = 0.125 + n as f64;
            model.set(name, value).unwrap();
            assert_eq!(
                model.parameters()[n],
                (name.clone(), value),
                "{name} is listed but another field was set"
            );
        }
        assert!(Model::DEFAULT.clone().set("no_such_weight", 1.0).is_err());
    }

    #[test]
    fn a_cut_short_one_to_one_row_costs_less_than_the_normal_tail_alone() {
        let ko = Features::korean(&"가".repeat(100));
        let short = Features::english(&"a".repeat(60));
        let model = Model::DEFAULT;
        let (one_ko, one_en) = ([ko.clone()], [Features::english(&"a".repeat(200))]);
        let mut article = Article::new(&model, &one_ko, &one_en);
        article.ratio = 2.0;
        let gaussian = model.length_cost(2.0, ko.chars, ko.copied_chars, short.chars);
        let mixed = model.one_to_one_length_cost(&article, &ko, &short);
        assert!(mixed < gaussian - 5.0, "{mixed} vs {gaussian}");
        // Near the expected length the wide component changes next to nothing.
        let right = Features::english(&"a".repeat(200));
        let near = model.one_to_one_length_cost(&article, &ko, &right);
        assert!((near - model.length_cost(2.0, 100.0, 0.0, 200.0)).abs() < 0.06);
    }
}
