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

/// The distribution of a quantity over replications in bins that start at an anchor
/// (the target): bin `k` holds the values in `(from + k·bin, from + (k+1)·bin]`, so the
/// bins from the anchor up hold exactly the values strictly above it — the replications
/// that reach a goal of "more than the anchor".
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Histogram {
    /// The width of a bin (a round number: 0,05 to 5 units, at most 40 bins).
    pub bin: f64,
    /// The lower (open) edge of the first bin: the anchor plus a whole number of bins.
    pub from: f64,
    /// Values per bin.
    pub counts: Vec<u64>,
}

impl Histogram {
    /// The most bins a histogram has (fewer when the values spread less).
    pub const MAX_BINS: usize = 40;

    /// Bin `values` with edges on `anchor`; empty for no values.
    pub fn of(values: &[f64], anchor: f64) -> Histogram {
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        if values.is_empty() || !lo.is_finite() || !hi.is_finite() {
            return Histogram::default();
        }
        let bin = [0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
            .into_iter()
            .find(|b| (hi - lo) / b < (Self::MAX_BINS - 1) as f64)
            .unwrap_or(100.0);
        let index = |v: f64| ((v - anchor) / bin).ceil() as i64 - 1;
        let first = index(lo);
        let mut counts = vec![0; (index(hi) - first + 1) as usize];
        for &v in values {
            counts[(index(v) - first) as usize] += 1;
        }
        Histogram {
            bin,
            from: anchor + first as f64 * bin,
            counts,
        }
    }

    /// The values counted above `x`, where `x` is a bin edge (the anchor, or the anchor
    /// plus a whole number of bins).
    pub fn count_above(&self, x: f64) -> u64 {
        self.counts
            .iter()
            .enumerate()
            .filter(|&(k, _)| self.from + k as f64 * self.bin >= x - self.bin * 1e-9)
            .map(|(_, c)| c)
            .sum()
    }

    /// All values counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_puts_the_values_above_its_anchor_in_the_bins_from_the_anchor() {
        let values = [68.93, 69.5, 70.0, 70.01, 70.2, 71.999, 69.999];
        let h = Histogram::of(&values, 70.0);
        assert_eq!(h.bin, 0.1);
        assert_eq!(h.total(), 7);
        // 70.0 itself is not above 70: it closes the bin (69.9, 70.0].
        assert_eq!(h.count_above(70.0), 3);
        assert_eq!(h.count_above(69.0), 6);
        assert_eq!(h.count_above(72.0), 0);
        assert!((h.from - 68.9).abs() < 1e-9, "{}", h.from);
        // A wide spread gets wider bins, never more than the maximum.
        let wide: Vec<f64> = (0..1000).map(|i| 50.0 + f64::from(i) * 0.03).collect();
        let h = Histogram::of(&wide, 70.0);
        assert!(h.counts.len() <= Histogram::MAX_BINS, "{}", h.counts.len());
        assert_eq!(
            h.count_above(70.0),
            wide.iter().filter(|&&v| v > 70.0).count() as u64
        );
        assert_eq!(Histogram::of(&[], 70.0).total(), 0);
        assert_eq!(Histogram::of(&[66.0], 70.0).counts, [1]);
    }

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
