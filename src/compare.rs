//! Paired comparison of scenarios on common random numbers.
//!
//! Replication *i* of every scenario uses the same random draws for the same
//! person-month-event (see `sim::rng`), so the per-replication difference of two
//! scenarios' year means is the initiative's effect plus very little noise. A scenario
//! that differs from the base only in its method is not simulated again: the base's
//! histories are scored under its method, so the difference is exactly the method's.

use crate::run::RunResult;
use crate::stats::Summary;
use serde::Serialize;

/// A difference in percentage points with its 95 % intervals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Mean difference (alternative − base), points.
    pub mean: f64,
    /// Paired 95 % interval (replication by replication).
    pub ci95: [f64; 2],
    /// The interval an unpaired comparison of independent runs would give, for contrast.
    pub unpaired_ci95: [f64; 2],
}

/// One alternative against the base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    /// The scenario file as given.
    pub scenario: String,
    /// Its name.
    pub name: String,
    /// True when only the method differs: the same histories, scored differently.
    pub method_only: bool,
    /// The method it is scored under.
    pub method: String,
    /// Share of replications whose year mean exceeds the target.
    pub p_target_met: f64,
    /// Wilson 95 % interval.
    pub p_target_met_ci95: [f64; 2],
    /// The year mean.
    pub year_mean_pct: Summary,
    /// Year mean minus the base's, paired by replication.
    pub diff_pp: Difference,
    /// Share of replications where the alternative's year mean is above the base's.
    pub p_better: f64,
    /// Share of replications where it is at least the base's.
    pub p_not_worse: f64,
}

/// The comparison: the base's own result and the alternatives.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Audit of the base run (seed, replications, version, base scenario hash).
    pub audit: crate::run::Audit,
    /// The base scenario's result.
    pub base: RunResult,
    /// The alternatives, in the order given.
    pub alternatives: Vec<Alternative>,
}

/// Compare one alternative with the base from their per-replication year means
/// (same replication indices; replications where either has no year mean are dropped).
pub fn compare_one(
    scenario: String,
    name: String,
    method_only: bool,
    result: &RunResult,
    base_means: &[Option<f64>],
    alt_means: &[Option<f64>],
) -> Alternative {
    let pairs: Vec<(f64, f64)> = base_means
        .iter()
        .zip(alt_means)
        .filter_map(|(b, a)| Some(((*b)?, (*a)?)))
        .collect();
    let n = pairs.len();
    let diffs: Vec<f64> = pairs.iter().map(|(b, a)| a - b).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let var = |v: &[f64]| {
        let m = mean(v);
        if v.len() < 2 {
            0.0
        } else {
            v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
        }
    };
    // Student's t with n − 1 degrees of freedom: a few replications give honest, wide
    // intervals; many give the normal 1.96.
    let z = crate::stats::t_quantile_975(n.saturating_sub(1));
    let nf = n.max(1) as f64;
    let d_mean = mean(&diffs);
    let half = |variance: f64| {
        if n < 2 {
            f64::INFINITY
        } else {
            z * (variance / nf).sqrt()
        }
    };
    let paired_half = half(var(&diffs));
    let bases: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let alts: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let unpaired_half = half(var(&bases) + var(&alts));
    let better = pairs.iter().filter(|(b, a)| a > b).count();
    let not_worse = pairs.iter().filter(|(b, a)| a >= b).count();
    Alternative {
        scenario,
        name,
        method_only,
        method: result.audit.method.clone(),
        p_target_met: result.p_target_met,
        p_target_met_ci95: result.p_target_met_ci95,
        year_mean_pct: result.year_mean_pct,
        diff_pp: Difference {
            mean: d_mean,
            ci95: [d_mean - paired_half, d_mean + paired_half],
            unpaired_ci95: [d_mean - unpaired_half, d_mean + unpaired_half],
        },
        p_better: better as f64 / nf,
        p_not_worse: not_worse as f64 / nf,
    }
}

/// The alternatives ranked by their effect, largest first: the order of the table, the
/// chart and the CSV.
pub fn ranked(c: &Comparison) -> Vec<&Alternative> {
    let mut ranked: Vec<&Alternative> = c.alternatives.iter().collect();
    ranked.sort_by(|a, b| b.diff_pp.mean.total_cmp(&a.diff_pp.mean));
    ranked
}

/// The binary's paths to the comparison's outputs, until it calls [`crate::export::json`]
/// and [`crate::report::text::compare`] directly.
pub use crate::export::json::to_json;
pub use crate::report::text::compare::render_table;
