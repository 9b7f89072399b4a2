//! `galley eval`: measure the aligner on gold data, and refit its model.

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

use crate::i18n::Lang;
use anyhow::{Result, bail};
use clap::Subcommand;
use galley_core::align::{Features, LinkKind, model};
use galley_core::eval::{Calibration, IndexLink, LinkCounts};
use galley_core::qa::{Check, Severity, check_article, check_row, name_pairs};
use galley_core::{Aligner, Alignment, Link};
use serde_json::json;

use super::jsonl::{Article, read_articles};

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Strict link precision, recall and F1 of the aligner on gold links.
    Align {
        /// JSON Lines with `ko`, `en` and `gold` (as in shared/eval/dev.jsonl).
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// List the articles that are not aligned entirely right.
        #[arg(long)]
        errors: bool,
        /// Override a model parameter, as NAME=VALUE (repeatable).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        overrides: Vec<String>,
    },
    /// The aligner's parameters, one `NAME VALUE` a line (the names `--set` takes).
    Params,
    /// Fit the length model and the row-kind priors on gold links.
    Fit {
        /// JSON Lines with `ko`, `en` and `gold`.
        file: PathBuf,
    },
    /// The number check on gold links: false alarms on the correct pairs,
    /// and misses on pairs whose English number was changed or deleted.
    Qa {
        /// JSON Lines with `ko`, `en` and `gold`.
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// List every false alarm and every miss.
        #[arg(long)]
        errors: bool,
    },
}

pub fn run(command: &EvalCommand, out: &mut impl Write) -> Result<()> {
    match command {
        EvalCommand::Align {
            file,
            json,
            errors,
            overrides,
        } => {
            let mut aligner = Aligner::default();
            for assignment in overrides {
                let (name, value) = assignment
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("--set {assignment}: expected NAME=VALUE"))?;
                let value: f64 = value
                    .parse()
                    .map_err(|_| anyhow::anyhow!("--set {assignment}: not a number"))?;
                aligner
                    .model
                    .set(name, value)
                    .map_err(|e| anyhow::anyhow!("--set: {e}"))?;
            }
            eval_align(
                &aligner,
                &with_gold(read_articles(file)?)?,
                *json,
                *errors,
                out,
            )
        }
        EvalCommand::Params => {
            for (name, value) in Aligner::default().model.parameters() {
                writeln!(out, "{name} {value}")?;
            }
            Ok(())
        }
        EvalCommand::Fit { file } => fit(&with_gold(read_articles(file)?)?, out),
        EvalCommand::Qa { file, json, errors } => {
            eval_qa(&with_gold(read_articles(file)?)?, *json, *errors, out)
        }
    }
}

/// What the number check finds on a pair: (errors, warnings).
fn number_findings(ko: &str, en: &str) -> (Vec<String>, Vec<String>) {
    let (errors, warnings): (Vec<_>, Vec<_>) = check_row(ko, en)
        .into_iter()
        .filter(|f| f.check == Check::Numbers)
        .partition(|f| f.severity == Severity::Error);
    (
        errors.iter().map(|f| Lang::En.finding(&f.said).0).collect(),
        warnings
            .iter()
            .map(|f| Lang::En.finding(&f.said).0)
            .collect(),
    )
}

/// Wrong versions of an English text: its first written number with the
/// last digit changed, and the same number deleted.
fn mutants(en: &str) -> Vec<(String, String)> {
    use galley_core::align::anchors::{Strength, english_anchors};
    let chars: Vec<char> = en.chars().collect();
    let Some(found) = english_anchors(en).into_iter().find(|f| {
        f.strength != Strength::Soft
            && chars[f.at.0 as usize..f.at.1 as usize]
                .iter()
                .any(char::is_ascii_digit)
    }) else {
        return Vec::new();
    };
    let (start, end) = (found.at.0 as usize, found.at.1 as usize);
    let mut changed = chars.clone();
    if let Some(i) = (start..end).rev().find(|&i| chars[i].is_ascii_digit()) {
        let d = chars[i].to_digit(10).unwrap_or(0);
        changed[i] = char::from_digit((d + 1) % 10, 10).unwrap_or('0');
    }
    let original: String = chars[start..end].iter().collect();
    let changed_text: String = changed.iter().collect();
    let deleted: String = chars[..start].iter().chain(&chars[end..]).collect();
    vec![
        (format!("{original} changed"), changed_text),
        (format!("{original} deleted"), deleted),
    ]
}

fn eval_qa(
    articles: &[(Article, Vec<IndexLink>)],
    json: bool,
    errors: bool,
    out: &mut impl Write,
) -> Result<()> {
    let (mut pairs, mut alarms, mut mutated, mut missed) = (0_usize, 0_usize, 0_usize, 0_usize);
    let (mut warned, mut only_warned) = (0_usize, 0_usize);
    let (mut short, mut omission, mut multi) = (0_usize, 0_usize, 0_usize);
    let (mut planted, mut planted_caught) = (0_usize, 0_usize);
    let (mut added, mut invented, mut invented_caught) = (0_usize, 0_usize, 0_usize);
    let mut names = Names::default();
    let mut report = Vec::new();
    for (article, gold) in articles {
        // A paragraph dropped inside a row: two consecutive 1-1 links made
        // one row with only the first's English.
        for pair in gold.windows(2) {
            let ((ka, ea), (kb, eb)) = (&pair[0], &pair[1]);
            if [ka.len(), ea.len(), kb.len(), eb.len()] != [1, 1, 1, 1] {
                continue;
            }
            let ko = format!("{}\n\n{}", article.ko[ka[0]], article.ko[kb[0]]);
            planted += 1;
            let found = check_row(&ko, &article.en[ea[0]]);
            planted_caught += usize::from(
                found
                    .iter()
                    .any(|f| matches!(f.check, Check::OmissionInRow | Check::ShortEnglish)),
            );
            // A sentence the Korean does not say, merged into a row: the
            // first's Korean with both Englishes.
            let en = format!("{} {}", article.en[ea[0]], article.en[eb[0]]);
            invented += 1;
            invented_caught += usize::from(
                check_row(&article.ko[ka[0]], &en)
                    .iter()
                    .any(|f| f.check == Check::AdditionInRow),
            );
        }
        for (ko_idx, en_idx) in gold {
            if ko_idx.is_empty() || en_idx.is_empty() {
                continue;
            }
            let ko = ko_idx
                .iter()
                .map(|&i| article.ko[i].as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let en = en_idx
                .iter()
                .map(|&i| article.en[i].as_str())
                .collect::<Vec<_>>()
                .join(" ");
            pairs += 1;
            // The row-level warnings, on the row as the store joins it.
            {
                let row_ko = ko_idx
                    .iter()
                    .map(|&i| article.ko[i].as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                names.count(&row_ko, &en, &mut report, &article.id.to_string());
                let found = check_row(&row_ko, &en);
                short += usize::from(found.iter().any(|f| f.check == Check::ShortEnglish));
                added += usize::from(found.iter().any(|f| f.check == Check::AdditionInRow));
                if ko_idx.len() > 1 {
                    multi += 1;
                    omission += usize::from(found.iter().any(|f| f.check == Check::OmissionInRow));
                }
            }
            let (errors, warnings) = number_findings(&ko, &en);
            if !errors.is_empty() {
                alarms += 1;
                report.push(format!(
                    "false alarm in {}: {}\n  ko: {ko}\n  en: {en}",
                    article.id,
                    errors.join("; ")
                ));
            } else if !warnings.is_empty() {
                warned += 1;
            }
            for (what, wrong) in mutants(&en) {
                mutated += 1;
                let (errors, warnings) = number_findings(&ko, &wrong);
                if errors.is_empty() && warnings.is_empty() {
                    missed += 1;
                    report.push(format!(
                        "missed ({what}) in {}:\n  ko: {ko}\n  en: {wrong}",
                        article.id
                    ));
                } else if errors.is_empty() {
                    only_warned += 1;
                }
            }
        }
    }
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    if json {
        serde_json::to_writer(
            &mut *out,
            &json!({
                "pairs": pairs,
                "false_alarms": alarms,
                "false_alarm_rate": share(alarms, pairs),
                "warned_correct_pairs": warned,
                "mutated": mutated,
                "missed": missed,
                "caught_by_warning_only": only_warned,
                "miss_rate": share(missed, mutated),
                "short_english": short,
                "multi_korean_pairs": multi,
                "omission_in_row": omission,
                "planted_omissions": planted,
                "planted_omissions_warned": planted_caught,
                "addition_in_row": added,
                "planted_additions": invented,
                "planted_additions_warned": invented_caught,
                "korean_names": names.korean,
                "romanized_names": names.paired,
                "names_warned": names.warned,
            }),
        )?;
        writeln!(out)?;
    } else {
        let percent = |n: usize, of: usize| format!("{:.1}%", 100.0 * share(n, of));
        let lines = [
            format!("correct pairs     {pairs}"),
            format!(
                "false alarms      {alarms} ({}, errors on correct pairs)",
                percent(alarms, pairs)
            ),
            format!("warnings only     {warned} ({})", percent(warned, pairs)),
            format!("mutated pairs     {mutated}"),
            format!(
                "missed            {missed} ({}, no finding at all)",
                percent(missed, mutated)
            ),
            format!(
                "warning only      {only_warned} ({}, caught as a warning, not an error)",
                percent(only_warned, mutated)
            ),
            format!(
                "short English     {short} ({} of correct pairs warned)",
                percent(short, pairs)
            ),
            format!(
                "omission in row   {omission} of {multi} correct pairs of several Korean paragraphs warned"
            ),
            format!(
                "planted omissions {planted_caught} of {planted} warned ({}: a paragraph dropped inside a row; omission or short English)",
                percent(planted_caught, planted)
            ),
            format!(
                "addition in row   {added} ({} of correct pairs warned)",
                percent(added, pairs)
            ),
            format!(
                "planted additions {invented_caught} of {invented} warned ({}: the next paragraph's English merged into a row)",
                percent(invented_caught, invented)
            ),
            format!(
                "names             {} of {} romanized names warned as unusual spellings ({}; {} Korean names found)",
                names.warned,
                names.paired,
                percent(names.warned, names.paired),
                names.korean
            ),
        ];
        for line in lines {
            writeln!(out, "{line}")?;
        }
    }
    if errors {
        for line in report {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The name check on correct pairs: the Korean names it finds, the
/// English names it pairs with them, and how many of those (all correct:
/// the reference translation's) it warns of.
#[derive(Default)]
struct Names {
    korean: usize,
    paired: usize,
    warned: usize,
}

impl Names {
    fn count(&mut self, ko: &str, en: &str, report: &mut Vec<String>, article: &str) {
        self.korean += galley_core::romanize::person_names(ko).len();
        self.paired += name_pairs(ko, en).len();
        for finding in check_article(&[(ko, en)]).into_iter().flatten() {
            if finding.check == Check::NameRomanization {
                self.warned += 1;
                report.push(format!(
                    "name warned in {article}: {}",
                    Lang::En.finding(&finding.said).0
                ));
            }
        }
    }
}

fn with_gold(articles: Vec<Article>) -> Result<Vec<(Article, Vec<IndexLink>)>> {
    articles
        .into_iter()
        .map(|mut article| match article.gold.take() {
            Some(gold) => Ok((article, gold)),
            None => bail!("line {}: record has no \"gold\" field", article.line),
        })
        .collect()
}

const CALIBRATION_EDGES: [f64; 6] = [0.5, 0.7, 0.8, 0.9, 0.99, 1.0];

/// What a reviewer would see of each Korean paragraph the gold says the
/// English dropped: a 1-0 row of its own, or a row the aligner flags, or a
/// row whose QA warns of something missing (a paragraph left out, English
/// short for its Korean, a figure not carried over), or nothing at all.
#[derive(Default)]
struct Dropped {
    shown: usize,
    flagged: usize,
    warned: usize,
    unmarked: usize,
}

impl Dropped {
    fn total(&self) -> usize {
        self.shown + self.flagged + self.warned + self.unmarked
    }

    fn add(&mut self, article: &Article, gold: &[IndexLink], alignment: &Alignment) {
        let dropped = gold
            .iter()
            .filter(|(k, e)| e.is_empty() && !k.is_empty())
            .flat_map(|(k, _)| k.iter().copied());
        for i in dropped {
            let Some(row) = alignment.links.iter().find(|l| l.ko.contains(&i)) else {
                continue;
            };
            if row.en.is_empty() {
                self.shown += 1;
            } else if !row.flags.is_empty() {
                self.flagged += 1;
            } else if says_something_is_missing(article, row) {
                self.warned += 1;
            } else {
                self.unmarked += 1;
            }
        }
    }
}

fn says_something_is_missing(article: &Article, row: &Link) -> bool {
    let join = |side: &[String], range: Range<usize>| side[range].join("\n\n");
    let (ko, en) = (
        join(&article.ko, row.ko.clone()),
        join(&article.en, row.en.clone()),
    );
    check_row(&ko, &en).iter().any(|finding| {
        matches!(
            finding.check,
            Check::OmissionInRow | Check::ShortEnglish | Check::Numbers
        )
    })
}

fn eval_align(
    aligner: &Aligner,
    articles: &[(Article, Vec<IndexLink>)],
    as_json: bool,
    errors: bool,
    out: &mut impl Write,
) -> Result<()> {
    let mut counts = LinkCounts::default();
    let mut calibration = Calibration::new(&CALIBRATION_EDGES);
    let mut flagged = (0, 0); // (flagged links, flagged links that were wrong)
    let mut wrong_total = 0;
    // One-sided rows (1-0, 0-1): (predicted, in the gold, predicted and right).
    let mut one_sided = (0_usize, 0_usize, 0_usize);
    // Rows the aligner is sure of (confidence 0.95 or more): (rows, right).
    let mut sure = (0_usize, 0_usize);
    let mut dropped = Dropped::default();
    let is_one_sided = |(k, e): &IndexLink| k.is_empty() || e.is_empty();
    for (article, gold) in articles {
        let alignment = aligner.align(&article.ko, &article.en);
        let predicted: Vec<IndexLink> = alignment
            .links
            .iter()
            .map(|link| (link.ko.clone().collect(), link.en.clone().collect()))
            .collect();
        counts.add(&predicted, gold);
        one_sided.1 += gold.iter().filter(|l| is_one_sided(l)).count();
        for link in predicted.iter().filter(|l| is_one_sided(l)) {
            one_sided.0 += 1;
            one_sided.2 += usize::from(gold.contains(link));
        }
        for (link, indices) in alignment.links.iter().zip(&predicted) {
            let right = gold.contains(indices);
            calibration.add(link.confidence, right);
            if link.confidence >= 0.95 {
                sure.0 += 1;
                sure.1 += usize::from(right);
            }
            wrong_total += usize::from(!right);
            if !link.flags.is_empty() {
                flagged.0 += 1;
                flagged.1 += usize::from(!right);
            }
        }
        dropped.add(article, gold, &alignment);
        if errors && predicted != *gold {
            write_errors(aligner, article, gold, &alignment, out)?;
        }
    }
    if as_json {
        let buckets: Vec<_> = (0..CALIBRATION_EDGES.len())
            .map(|b| {
                json!({
                    "below": calibration.edges[b],
                    "links": calibration.links[b],
                    "correct": calibration.correct[b],
                })
            })
            .collect();
        let report = json!({
            "articles": counts.articles,
            "articles_exact": counts.articles_exact,
            "gold_links": counts.gold,
            "predicted_links": counts.predicted,
            "correct_links": counts.correct,
            "precision": counts.precision(),
            "recall": counts.recall(),
            "f1": counts.f1(),
            "exact_share": counts.exact_share(),
            "calibration": buckets,
            "flagged_links": flagged.0,
            "flagged_wrong": flagged.1,
            "wrong_links": wrong_total,
            "one_sided_links": one_sided.0,
            "one_sided_gold": one_sided.1,
            "one_sided_right": one_sided.2,
            "sure_links": sure.0,
            "sure_right": sure.1,
            "dropped_paragraphs": dropped.total(),
            "dropped_shown": dropped.shown,
            "dropped_flagged": dropped.flagged,
            "dropped_warned": dropped.warned,
            "dropped_unmarked": dropped.unmarked,
        });
        writeln!(out, "{report}")?;
        return Ok(());
    }
    writeln!(out, "articles          {}", counts.articles)?;
    writeln!(out, "gold links        {}", counts.gold)?;
    writeln!(out, "predicted links   {}", counts.predicted)?;
    writeln!(out, "correct links     {}", counts.correct)?;
    writeln!(out, "precision         {:.4}", counts.precision())?;
    writeln!(out, "recall            {:.4}", counts.recall())?;
    writeln!(out, "F1                {:.4}", counts.f1())?;
    writeln!(
        out,
        "articles exact    {}/{} ({:.1}%)",
        counts.articles_exact,
        counts.articles,
        100.0 * counts.exact_share()
    )?;
    writeln!(
        out,
        "1-0 and 0-1 rows  {} ({:.1}% of the rows; {} right, of {} in the gold)",
        one_sided.0,
        100.0 * one_sided.0 as f64 / counts.predicted.max(1) as f64,
        one_sided.2,
        one_sided.1
    )?;
    writeln!(
        out,
        "rows at >= 0.95   {} ({:.1}% right)",
        sure.0,
        100.0 * sure.1 as f64 / sure.0.max(1) as f64
    )?;
    writeln!(
        out,
        "flagged links     {} ({} of the {} wrong links are flagged)",
        flagged.0, flagged.1, wrong_total
    )?;
    if dropped.total() > 0 {
        writeln!(
            out,
            "dropped Korean    {}: {} as 1-0 rows, {} in flagged rows, {} in rows QA warns of, {} unmarked",
            dropped.total(),
            dropped.shown,
            dropped.flagged,
            dropped.warned,
            dropped.unmarked
        )?;
    }
    writeln!(
        out,
        "calibration (confidence bucket: links, share right, mean confidence)"
    )?;
    let mut lower = 0.0;
    for b in 0..CALIBRATION_EDGES.len() {
        let links = calibration.links[b];
        let upper = calibration.edges[b];
        let bracket = if b + 1 == CALIBRATION_EDGES.len() {
            ']'
        } else {
            ')'
        };
        if links == 0 {
            writeln!(out, "  [{lower:.2}, {upper:.2}{bracket}  {links:>5}")?;
        } else {
            writeln!(
                out,
                "  [{lower:.2}, {upper:.2}{bracket}  {links:>5}  {:.3}  {:.3}",
                calibration.correct[b] as f64 / links as f64,
                calibration.confidence_sum[b] / links as f64
            )?;
        }
        lower = upper;
    }
    Ok(())
}

/// Lists the wrong and the missed links of one article, with the cost of
/// each row piece by piece, so a reader sees which evidence misled the model.
fn write_errors(
    aligner: &Aligner,
    article: &Article,
    gold: &[IndexLink],
    alignment: &Alignment,
    out: &mut impl Write,
) -> Result<()> {
    writeln!(out, "{} (line {}):", article.id, article.line)?;
    let ko: Vec<Features> = article.ko.iter().map(|p| Features::korean(p)).collect();
    let en: Vec<Features> = article.en.iter().map(|p| Features::english(p)).collect();
    let mut features = model::Article::new(&aligner.model, &ko, &en);
    let as_indices = |ko: &Range<usize>, en: &Range<usize>| -> IndexLink {
        (ko.clone().collect(), en.clone().collect())
    };
    for link in &alignment.links {
        if !gold.contains(&as_indices(&link.ko, &link.en)) {
            let cost = aligner
                .model
                .explain_row(&mut features, link.ko.clone(), link.en.clone());
            writeln!(out, "  predicted {}", describe(&link.ko, &link.en, cost))?;
            writeln!(out, "            confidence {:.3}", link.confidence)?;
        }
    }
    let predicted: Vec<IndexLink> = alignment
        .links
        .iter()
        .map(|l| as_indices(&l.ko, &l.en))
        .collect();
    let (mut ko_next, mut en_next) = (0, 0);
    for (k, e) in gold {
        let ko_range = ko_next..ko_next + k.len();
        let en_range = en_next..en_next + e.len();
        (ko_next, en_next) = (ko_range.end, en_range.end);
        if !predicted.contains(&(k.clone(), e.clone())) {
            let cost = aligner
                .model
                .explain_row(&mut features, ko_range.clone(), en_range.clone());
            writeln!(out, "  missed    {}", describe(&ko_range, &en_range, cost))?;
        }
    }
    Ok(())
}

fn describe(ko: &Range<usize>, en: &Range<usize>, cost: model::CostBreakdown) -> String {
    format!(
        "ko {ko:?} en {en:?}: total {:.2} = prior {:.2} length {:.2} sentences {:.2} quotes {:.2} \
         one-sided {:.2} latin {:.2} names {:.2} anchors {:.2}",
        cost.total(),
        cost.prior,
        cost.length,
        cost.sentences,
        cost.quotations,
        cost.one_sided,
        cost.latin_words,
        cost.names,
        cost.anchors
    )
}

fn fit(articles: &[(Article, Vec<IndexLink>)], out: &mut impl Write) -> Result<()> {
    let mut kinds: BTreeMap<LinkKind, usize> = BTreeMap::new();
    let mut pairs = Vec::new();
    let mut sentence_gaps: BTreeMap<i64, usize> = BTreeMap::new();
    for (article, gold) in articles {
        let ko: Vec<Features> = article.ko.iter().map(|p| Features::korean(p)).collect();
        let en: Vec<Features> = article.en.iter().map(|p| Features::english(p)).collect();
        for (k, e) in gold {
            *kinds
                .entry(LinkKind::new(k.len() as u8, e.len() as u8))
                .or_default() += 1;
            if k.is_empty() || e.is_empty() {
                continue;
            }
            let sum = |side: &[Features], indices: &[usize], f: fn(&Features) -> f64| -> f64 {
                indices.iter().map(|&i| f(&side[i])).sum()
            };
            pairs.push((
                sum(&ko, k, |p| p.chars),
                sum(&ko, k, |p| p.copied_chars),
                sum(&en, e, |p| p.chars),
            ));
            let gap = sum(&en, e, |p| p.sentences) - sum(&ko, k, |p| p.sentences);
            *sentence_gaps.entry(gap as i64).or_default() += 1;
        }
    }
    // Copied characters (Latin letters, digits) count once; the rest at `ratio`.
    let ko_total: f64 = pairs.iter().map(|p| p.0).sum();
    let copied_total: f64 = pairs.iter().map(|p| p.1).sum();
    let en_total: f64 = pairs.iter().map(|p| p.2).sum();
    let ratio = (en_total - copied_total) / ko_total;
    let squares: f64 = pairs
        .iter()
        .map(|(k, c, e)| (e - ratio * k - c).powi(2))
        .sum();
    let weight: f64 = pairs
        .iter()
        .map(|(k, c, e)| (k + (c + e) / ratio) / 2.0)
        .sum();
    let links: usize = kinds.values().sum();
    writeln!(out, "links             {links}")?;
    writeln!(
        out,
        "chars_ratio       {ratio:.4}   (English non-space chars per Korean char other than Latin and digits)"
    )?;
    writeln!(out, "variance_per_char {:.4}", squares / weight)?;
    writeln!(out, "row kinds")?;
    for (kind, count) in &kinds {
        writeln!(
            out,
            "  {kind}  {count:>5}  {:.4}",
            *count as f64 / links as f64
        )?;
    }
    writeln!(out, "sentence count gap (English - Korean)")?;
    for (gap, count) in &sentence_gaps {
        writeln!(
            out,
            "  {gap:>3}  {count:>5}  {:.4}",
            *count as f64 / pairs.len() as f64
        )?;
    }
    // The model's gap costs are relative to no gap: -ln(p(gap) / p(0)),
    // with half a row added to every count so an unseen gap costs a finite
    // amount.
    writeln!(out, "sentence gap costs (as --set takes them)")?;
    let smoothed = |gap: i64| sentence_gaps.get(&gap).copied().unwrap_or(0) as f64 + 0.5;
    for gap in -3..=3 {
        let cost = (smoothed(0) / smoothed(gap)).ln();
        writeln!(out, "  sentence_gap_{gap}  {cost:.2}")?;
    }
    Ok(())
}
