//! Deterministic statistics over replications: quantiles, summaries, intervals.

use serde::Serialize;

/// Mean and the 5/25/50/75/95 % quantiles of a quantity over replications (the 50 % and
/// 90 % bands of a fan chart are p25–p75 and p05–p95).
/// `None` fields (JSON null) when there are no values — never NaN.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Mean.
    pub mean: Option<f64>,
    /// 5 % quantile.
    pub p05: Option<f64>,
    /// 25 % quantile.
    pub p25: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 75 % quantile.
    pub p75: Option<f64>,
    /// 95 % quantile.
    pub p95: Option<f64>,
}

impl Summary {
    /// Summarise values (order does not matter).
    pub fn of(values: &[f64]) -> Summary {
        if values.is_empty() {
            return Summary::default();
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Summary {
            mean: Some(sorted.iter().sum::<f64>() / sorted.len() as f64),
            p05: Some(quantile_sorted(&sorted, 0.05)),
            p25: Some(quantile_sorted(&sorted, 0.25)),
            p50: Some(quantile_sorted(&sorted, 0.50)),
            p75: Some(quantile_sorted(&sorted, 0.75)),
            p95: Some(quantile_sorted(&sorted, 0.95)),
        }
    }

    /// A known value (an observed month): all fields equal.
    pub fn exact(v: f64) -> Summary {
        Summary {
            mean: Some(v),
            p05: Some(v),
            p25: Some(v),
            p50: Some(v),
            p75: Some(v),
            p95: Some(v),
        }
    }
}

/// The `q` quantile of sorted values, linear interpolation between order statistics
/// (Hyndman & Fan type 7, R's default). Panics on an empty slice.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    assert!(n > 0, "quantile of no values");
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (the half-width
/// factor of a 95 % interval of a mean); infinite for `df` 0 (one value says nothing
/// about its spread, and a zero-width interval would claim it did).
pub fn t_quantile_975(df: usize) -> f64 {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    if df == 0 {
        return f64::INFINITY;
    }
    StudentsT::new(0.0, 1.0, df as f64)
        .expect("positive degrees of freedom")
        .inverse_cdf(0.975)
}

/// Wilson score 95 % interval of a proportion `k / n`; `[0, 1]` when `n` is 0.
pub fn wilson95(k: u64, n: u64) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let z = 1.959_963_984_540_054;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    // At k = 0 (k = n) the bound is exactly 0 (1); rounding must not nudge it off.
    let lo = if k == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    [lo, hi]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_type7() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.5), 2.5);
        assert_eq!(quantile_sorted(&v, 0.0), 1.0);
        assert_eq!(quantile_sorted(&v, 1.0), 4.0);
        assert!((quantile_sorted(&v, 0.05) - 1.15).abs() < 1e-12);
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!((s.p25, s.p75), (Some(1.75), Some(3.25)));
        assert_eq!(Summary::of(&[7.0]), Summary::exact(7.0));
        assert_eq!(Summary::of(&[]).mean, None);
    }

    #[test]
    fn t_quantiles() {
        assert!((t_quantile_975(1) - 12.706_2).abs() < 1e-3);
        assert!((t_quantile_975(9) - 2.262_2).abs() < 1e-3);
        assert!((t_quantile_975(100_000) - 1.96).abs() < 1e-3);
        assert!(t_quantile_975(0).is_infinite());
    }

    #[test]
    fn wilson_known_values() {
        let [lo, hi] = wilson95(38, 100);
        assert!(
            (lo - 0.290_976).abs() < 1e-5 && (hi - 0.477_902).abs() < 1e-5,
            "{lo} {hi}"
        );
        assert_eq!(wilson95(0, 0), [0.0, 1.0]);
        let [lo, hi] = wilson95(0, 1);
        assert!(lo == 0.0 && hi > 0.7);
        let [lo, hi] = wilson95(1_000_000, 1_000_000);
        assert!(hi == 1.0 && lo > 0.99999);
    }

    #[test]
    fn one_replication() {
        let s = Summary::of(&[68.1]);
        assert_eq!(s, Summary::exact(68.1));
        // z² / (1 + z²): the Wilson bound of a single trial.
        let z2 = 1.959_963_984_540_054_f64.powi(2);
        let [lo, hi] = wilson95(0, 1);
        assert_eq!(lo, 0.0);
        assert!((hi - z2 / (1.0 + z2)).abs() < 1e-12, "{hi}");
        let [lo, hi] = wilson95(1, 1);
        assert!((lo - 1.0 / (1.0 + z2)).abs() < 1e-12 && hi == 1.0, "{lo}");
    }

    #[test]
    fn a_million_values() {
        let n = 1_000_000;
        let values: Vec<f64> = (0..n).rev().map(f64::from).collect();
        let s = Summary::of(&values);
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-6;
        assert!(close(s.mean, 499_999.5), "{s:?}");
        assert!(close(s.p50, 499_999.5), "{s:?}");
        assert!(close(s.p05, 0.05 * 999_999.0), "{s:?}");
        assert!(close(s.p25, 0.25 * 999_999.0), "{s:?}");
        assert!(close(s.p95, 0.95 * 999_999.0), "{s:?}");
        let [lo, hi] = wilson95(500_000, 1_000_000);
        let half = 1.959_963_984_540_054 * 0.5 / 1000.0;
        assert!(
            (lo - (0.5 - half)).abs() < 1e-8 && (hi - (0.5 + half)).abs() < 1e-8,
            "{lo} {hi}"
        );
    }
}
