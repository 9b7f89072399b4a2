//! Any hypothesis and reference: TER, chrF and chrF++ are finite, chrF in
//! [0, 100], and a text against itself is a perfect match.
#![no_main]
use galley_core::metrics::{Scores, TerOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (hyp, reference) = text.split_once('\0').unwrap_or((text, ""));
    for case_sensitive in [false, true] {
        let options = TerOptions { case_sensitive, ..TerOptions::default() };
        let scores = Scores::segment(hyp, reference, options);
        assert!(scores.ter.score().is_finite() && scores.ter.score() >= 0.0);
        for chrf in [scores.chrf.score(), scores.chrf_pp.score()] {
            assert!((0.0..=100.0).contains(&chrf), "{chrf}");
        }
        let same = Scores::segment(reference, reference, options);
        assert_eq!(same.ter.score(), 0.0);
    }
});
