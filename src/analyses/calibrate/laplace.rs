//! How well the observed months pin the fitted parameters down: the Laplace
//! approximation Σ = (Jᵀ W J)⁻¹ of each group's (logit offer rate, offer trend), with J
//! the Jacobian of the simulated shares at the fit and W the inverse measurement
//! variances of the observed shares (rounding, binomial sampling, Monte Carlo).

use super::gauss_newton::{Local, from_logit, to_logit};
use crate::Group;
use crate::scenario::ObservedMonth;
use std::collections::BTreeMap;

/// Variance of a figure published to one decimal (uniform rounding error), points².
pub const ROUNDING_VARIANCE_PP2: f64 = 0.1 * 0.1 / 12.0;

/// Measurement variance (points²) of an observed share `observed_pct` of a group of
/// `population` persons, whose simulated counterpart is a mean with variance
/// `mean_variance` (points²): rounding to 0.1, binomial sampling of a share of that many
/// persons, and the Monte Carlo error of the simulated mean.
pub fn measurement_variance(observed_pct: f64, population: f64, mean_variance: f64) -> f64 {
    let p = (observed_pct / 100.0).clamp(0.0, 1.0);
    let sampling = if population > 0.0 {
        1e4 * p * (1.0 - p) / population
    } else {
        0.0
    };
    ROUNDING_VARIANCE_PP2 + sampling + mean_variance
}

/// Σ = (Jᵀ W J)⁻¹ of two parameters from the Jacobian's rows (points per unit of each
/// parameter) and each row's measurement variance (W = diag(1 / variance)). With
/// `trend` false, or when the rows cannot tell the trend from the rate, the trend is
/// held fixed: its variance and covariance are 0. `None` when the rows do not move
/// with the rate at all (nothing is identified).
pub fn covariance(rows: &[[f64; 2]], variances: &[f64], trend: bool) -> Option<[[f64; 2]; 2]> {
    let (mut a, mut b, mut d) = (0.0, 0.0, 0.0);
    for (j, v) in rows.iter().zip(variances) {
        a += j[0] * j[0] / v;
        b += j[0] * j[1] / v;
        d += j[1] * j[1] / v;
    }
    let det = a * d - b * b;
    // A determinant this small relative to its terms is a trend column parallel to the
    // rate's (one month, or months the trend moves alike): the trend is not identified.
    if trend && det.is_finite() && det > 1e-9 * a * d {
        return Some([[d / det, -b / det], [-b / det, a / det]]);
    }
    (a.is_finite() && a > 0.0).then(|| [[1.0 / a, 0.0], [0.0, 0.0]])
}

/// The covariance of every fitted group's (logit offer rate, offer trend) from the
/// shares and forward-difference Jacobian at the fit (`at`, on the calibration's
/// `replications` of common random numbers). Groups whose shares do not move with
/// their rate are left out. A pooled group (in `pooled`, with the variance of its target
/// in points²) has its level only, known as well as its target: each of its n months
/// carries n times that variance, so that together they carry it once.
pub(super) fn covariances(
    at: &Local,
    targets: &[ObservedMonth],
    replications: u64,
    pooled: &BTreeMap<Group, f64>,
) -> BTreeMap<Group, [[f64; 2]; 2]> {
    let r = replications as f64;
    let mut out = BTreeMap::new();
    for (&g, jacobian) in &at.jacobian {
        let i = g.index();
        let mut variances: Vec<f64> = targets
            .iter()
            .zip(&at.shares)
            .filter_map(|(t, s)| {
                let observed = t.groups[i]?;
                Some(measurement_variance(
                    observed,
                    s.population[i],
                    s.variance[i] / r,
                ))
            })
            .collect();
        let trend = match pooled.get(&g) {
            Some(&target_variance) => {
                let months = variances.len() as f64;
                variances.fill(months * target_variance);
                false
            }
            None => super::gauss_newton::with_trend(targets, g),
        };
        if let Some(c) = covariance(jacobian, &variances, trend) {
            // Rounded as the calibrated file records it, so that the fit drawing around
            // it (and every later run of the file) uses the same values.
            out.insert(g, c.map(|row| row.map(four_significant_digits)));
        }
    }
    out
}

/// `v` to four significant digits.
fn four_significant_digits(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return 0.0;
    }
    let scale = 10f64.powi(3 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// The approximate 90 % interval of a rate whose logit has variance `variance`: the
/// logit's normal interval (±1.645 sd) carried back to the rate.
pub fn rate_interval_90(rate: f64, variance: f64) -> [f64; 2] {
    let half = 1.645 * variance.max(0.0).sqrt();
    let l = to_logit(rate);
    [from_logit(l - half), from_logit(l + half)]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A linear model y = J θ + e with known J and measurement variances: the
    /// generalised least-squares covariance (Jᵀ W J)⁻¹, worked by hand.
    #[test]
    fn the_covariance_of_a_linear_model_is_exact() {
        // J = [[1, 0], [1, 1], [1, 2]], variances 1, 2, 4 → W = diag(1, 1/2, 1/4).
        // JᵀWJ = [[1 + 1/2 + 1/4, 0 + 1/2 + 2/4], [1, 0 + 1/2 + 4/4]] = [[7/4, 1], [1, 3/2]];
        // det = 21/8 − 1 = 13/8; inverse = 8/13 · [[3/2, −1], [−1, 7/4]].
        let c = covariance(
            &[[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]],
            &[1.0, 2.0, 4.0],
            true,
        )
        .unwrap();
        let expected = [[12.0 / 13.0, -8.0 / 13.0], [-8.0 / 13.0, 14.0 / 13.0]];
        for (row, want) in c.iter().zip(expected) {
            for (v, w) in row.iter().zip(want) {
                assert!((v - w).abs() < 1e-12, "{c:?}");
            }
        }
    }

    #[test]
    fn a_trend_that_is_not_identified_is_held_fixed() {
        // One month: the rate alone, variance σ² / j².
        let one = covariance(&[[2.0, 0.5]], &[0.5], true).unwrap();
        assert_eq!(one, [[0.5 / 4.0, 0.0], [0.0, 0.0]]);
        // Two months the trend moves exactly as the rate: not identified either.
        let parallel = covariance(&[[1.0, 2.0], [2.0, 4.0]], &[1.0, 1.0], true).unwrap();
        assert_eq!(parallel, [[1.0 / 5.0, 0.0], [0.0, 0.0]]);
        // Shares that do not move with the rate identify nothing.
        assert_eq!(covariance(&[[0.0, 1.0]], &[1.0], false), None);
    }

    #[test]
    fn measurement_variance_adds_rounding_sampling_and_monte_carlo() {
        // 60 % of 2,400 persons: 1e4 · 0.6 · 0.4 / 2400 = 1 point²; rounding 0.01/12;
        // a Monte Carlo variance of the mean of 0.25.
        let v = measurement_variance(60.0, 2400.0, 0.25);
        assert!((v - (1.0 + 0.01 / 12.0 + 0.25)).abs() < 1e-12, "{v}");
        assert_eq!(measurement_variance(60.0, 0.0, 0.0), ROUNDING_VARIANCE_PP2);
    }

    #[test]
    fn the_rate_interval_is_the_logit_interval_carried_back() {
        let [lo, hi] = rate_interval_90(0.5, 0.01);
        // logit 0 ± 0.1645 → 1 / (1 + e^∓0.1645).
        assert!((lo - 1.0 / (1.0 + 0.1645_f64.exp())).abs() < 1e-12);
        assert!((hi - 1.0 / (1.0 + (-0.1645_f64).exp())).abs() < 1e-12);
        assert_eq!(
            rate_interval_90(0.2, 0.0),
            [0.2, 0.2].map(|p| from_logit(to_logit(p)))
        );
    }
}
