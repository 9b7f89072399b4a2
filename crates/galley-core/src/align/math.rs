//! Small numeric helpers for the alignment model.

/// `ln(erfc(x))` for `x >= 0`, accurate to about 1e-7 relative and finite for
/// any `x` (where `erfc` itself underflows to zero).
///
/// Uses the Chebyshev fit of `erfc` from Press et al., *Numerical Recipes*,
/// §6.2, in its logarithmic form.
pub fn ln_erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let ln = t.ln() + poly;
    if x >= 0.0 { ln } else { (2.0 - ln.exp()).ln() }
}

/// `ln(exp(a) + exp(b))` without overflow; `-inf` is the identity.
pub fn ln_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (high, low) = if a > b { (a, b) } else { (b, a) };
    high + (low - high).exp().ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_erfc_matches_known_values() {
        // erfc(0) = 1, erfc(1) = 0.157299207, erfc(3) = 2.20904970e-5.
        assert!(ln_erfc(0.0).abs() < 1e-6);
        assert!((ln_erfc(1.0) - 0.157_299_207_f64.ln()).abs() < 1e-6);
        assert!((ln_erfc(3.0) - 2.209_049_70e-5_f64.ln()).abs() < 1e-5);
        // Far in the tail erfc underflows, its logarithm does not.
        assert!(ln_erfc(40.0).is_finite());
        assert!(ln_erfc(40.0) < -1500.0);
    }

    #[test]
    fn ln_add_is_log_of_sum() {
        assert!((ln_add(2.0_f64.ln(), 3.0_f64.ln()) - 5.0_f64.ln()).abs() < 1e-12);
        assert_eq!(ln_add(f64::NEG_INFINITY, 1.5), 1.5);
    }
}
