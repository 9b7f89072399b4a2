//! TER, chrF and chrF++ against sacrebleu 2.6.0's own figures for the pairs
//! in `testdata/eval/ter_vectors.json` (or `GALLEY_EVAL_DIR`). Missing data
//! is a failure, not a skip.

use std::path::PathBuf;

use galley_core::metrics::{Scores, TerOptions, chrf_stats, ter};
use serde_json::Value;

fn vectors() -> Value {
    let dir = std::env::var_os("GALLEY_EVAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/eval"));
    let path = dir.join("ter_vectors.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; set GALLEY_EVAL_DIR", path.display()));
    serde_json::from_str(&text).expect("ter_vectors.json is JSON")
}

const VARIANTS: [(&str, TerOptions); 4] = [
    (
        "ter",
        TerOptions {
            case_sensitive: false,
            normalized: false,
        },
    ),
    (
        "ter_cased",
        TerOptions {
            case_sensitive: true,
            normalized: false,
        },
    ),
    (
        "ter_norm",
        TerOptions {
            case_sensitive: false,
            normalized: true,
        },
    ),
    (
        "ter_norm_cased",
        TerOptions {
            case_sensitive: true,
            normalized: true,
        },
    ),
];

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing"))
}

#[test]
fn every_ter_variant_matches_sacrebleu() {
    let data = vectors();
    let mut checked = 0;
    for vector in data["vectors"].as_array().expect("vectors") {
        let id = text(vector, "id");
        let (hyp, reference) = (text(vector, "hyp"), text(vector, "ref"));
        for (name, options) in VARIANTS {
            let Some(expected) = vector.get(name) else {
                continue;
            };
            let tokens: Vec<String> = ter::tokenize(hyp, options);
            let expected_tokens: Vec<&str> = expected["hyp_tokens"]
                .as_array()
                .expect("tokens")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(tokens, expected_tokens, "{id} {name}: hypothesis tokens");
            let stats = ter::ter(hyp, reference, options);
            let score = expected["score"].as_f64().expect("score");
            assert!(
                (stats.score() - score).abs() < 0.01,
                "{id} {name}: TER {} vs sacrebleu {score}",
                stats.score()
            );
            assert_eq!(
                stats.edits,
                expected["edits"].as_u64().expect("edits"),
                "{id} {name}: edits"
            );
            assert_eq!(
                stats.shifts,
                expected["shifts"].as_u64().expect("shifts"),
                "{id} {name}: shifts"
            );
            assert_eq!(
                stats.ref_words,
                expected["ref_len"].as_f64().expect("ref_len"),
                "{id} {name}: ref_len"
            );
            checked += 1;
        }
    }
    assert!(checked >= 4 * 32, "only {checked} TER figures checked");
}

#[test]
fn chrf_and_chrf_pp_match_sacrebleu() {
    let data = vectors();
    for vector in data["vectors"].as_array().expect("vectors") {
        let id = text(vector, "id");
        let (hyp, reference) = (text(vector, "hyp"), text(vector, "ref"));
        let chrf = chrf_stats(hyp, reference, 0).score();
        let chrf_pp = chrf_stats(hyp, reference, 2).score();
        let expected = vector["chrf"].as_f64().expect("chrf");
        let expected_pp = vector["chrf_pp"].as_f64().expect("chrf_pp");
        assert!(
            (chrf - expected).abs() < 0.01,
            "{id}: chrF {chrf} vs sacrebleu {expected}"
        );
        assert!(
            (chrf_pp - expected_pp).abs() < 0.01,
            "{id}: chrF++ {chrf_pp} vs sacrebleu {expected_pp}"
        );
    }
}

#[test]
fn corpus_figures_match_sacrebleu_corpus_scores() {
    let data = vectors();
    let segments: Vec<Scores> = data["vectors"]
        .as_array()
        .expect("vectors")
        .iter()
        .map(|v| Scores::segment(text(v, "hyp"), text(v, "ref"), TerOptions::default()))
        .collect();
    let corpus = Scores::corpus(&segments).expect("segments");
    let expected = &data["corpus"];
    assert_eq!(
        corpus.ter.edits,
        expected["ter"]["edits"].as_u64().expect("edits")
    );
    assert_eq!(
        corpus.ter.ref_words,
        expected["ter"]["ref_len"].as_f64().expect("ref_len")
    );
    let ter_score = expected["ter"]["score"].as_f64().expect("score");
    assert!((corpus.ter.score() - ter_score).abs() < 0.01);
    let chrf = expected["chrf"].as_f64().expect("chrf");
    assert!(
        (corpus.chrf.score() - chrf).abs() < 0.01,
        "corpus chrF {} vs {chrf}",
        corpus.chrf.score()
    );
    let chrf_pp = expected["chrf_pp"].as_f64().expect("chrf_pp");
    assert!(
        (corpus.chrf_pp.score() - chrf_pp).abs() < 0.01,
        "corpus chrF++ {} vs {chrf_pp}",
        corpus.chrf_pp.score()
    );
    // The corpus figure is not the mean of the sentence figures.
    let mean = expected["mean_sentence_chrf"].as_f64().expect("mean");
    assert!((corpus.chrf.score() - mean).abs() > 1.0);
}
