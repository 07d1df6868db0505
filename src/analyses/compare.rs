//! Paired comparison of scenarios on common random numbers.
//!
//! Replication *i* of every scenario uses the same random draws for the same
//! person-month-event (see `sim::rng`), so the per-replication difference of two
//! scenarios' year means is the initiative's effect plus very little noise. A scenario
//! that differs from the base only in its method is not simulated again: the base's
//! histories are scored under its method, so the difference is exactly the method's.

use super::curve::{CurveSettings, PGoalCurve, curve_parameters, curves};
use crate::Month;
use crate::error::InputError;
use crate::run::uncertainty::{Uncertainty, decompose};
use crate::run::{
    Driver, RunCells, RunConfig, RunResult, differs_only_in_method, simulate_all, summarize_all,
    year_means,
};
use crate::scenario::Scenario;
use crate::scenario::load::Loaded;
use crate::stats::Summary;
use ndarray::ArrayView3;
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

/// Offers started a month, alternative − base, paired replication by replication.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OffersDifference {
    /// The months averaged over: those in which any of the alternative's initiatives
    /// runs (the simulated months after the last observed one when it has none).
    pub months: Vec<Month>,
    /// Mean difference, offers a month (all groups).
    pub mean: f64,
    /// Paired 95 % interval (Student's t over the replications).
    pub ci95: [f64; 2],
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
    /// True when that method's rules are STAR's, whatever its name (an alternative
    /// identical to a STAR base, or one that only renames the method).
    pub stars_method: bool,
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
    /// Offers started a month beyond the base's: "≈ 330 extra offers a month".
    pub extra_offers_per_month: OffersDifference,
    /// P(goal) with each layer of uncertainty switched off, and the spread by layer
    /// (none for a method-only alternative: its histories are the base's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
    /// P(goal) over each of its uncertain initiative parameters (none for a method-only
    /// alternative: its histories are the base's).
    pub p_goal_curves: Vec<PGoalCurve>,
}

impl Alternative {
    /// Whether it is the base's histories scored under a method whose rules are not
    /// STAR's: the alternatives a table marks "not STAR's official method".
    pub fn rescored_off_star(&self) -> bool {
        self.method_only && !self.stars_method
    }
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

/// A scenario of a comparison and its file as given (shown in the output).
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// The loaded scenario.
    pub loaded: &'a Loaded,
    /// The file as given.
    pub shown: &'a str,
}

/// A comparison ready to run: the base, the alternatives, and which alternatives differ
/// from the base only in their method (they are not simulated again).
#[derive(Clone, Debug)]
pub struct Plan<'a> {
    base: Entry<'a>,
    alternatives: Vec<Entry<'a>>,
    method_only: Vec<bool>,
    curves: CurveSettings,
}

impl<'a> Plan<'a> {
    /// Plan comparing `alternatives` with `base`; each must judge the same year with the
    /// same observed months.
    pub fn new(base: Entry<'a>, alternatives: Vec<Entry<'a>>) -> Result<Plan<'a>, InputError> {
        let sc = &base.loaded.scenario;
        for alt in &alternatives {
            let alt_sc = &alt.loaded.scenario;
            if alt_sc.year() != sc.year() || alt_sc.observed() != sc.observed() {
                return Err(InputError::new(
                    alt.shown,
                    crate::error::Message::english_only(
                        "judges another year or has other observed months than the base; a comparison needs the same year and observed figures",
                    ),
                ));
            }
        }
        let method_only = alternatives
            .iter()
            .map(|a| differs_only_in_method(base.loaded, a.loaded))
            .collect();
        Ok(Plan {
            base,
            alternatives,
            method_only,
            curves: CurveSettings::DEFAULT,
        })
    }

    /// The plan with `settings` for the P(goal) curves.
    pub fn with_curves(self, settings: CurveSettings) -> Plan<'a> {
        Plan {
            curves: settings,
            ..self
        }
    }

    /// The curve settings in effect with `replications` per scenario: the plan's, with
    /// no more replications per point than the comparison has.
    fn curve_settings(&self, replications: u64) -> CurveSettings {
        // A comparison with fewer replications than a curve point (a quick look) keeps
        // its own count everywhere.
        CurveSettings {
            replications: self.curves.replications.min(replications),
            ..self.curves
        }
    }

    /// How many P(goal) curves the comparison draws with `replications` per scenario.
    pub fn curve_count(&self, replications: u64) -> usize {
        if self.curve_settings(replications).replications == 0 {
            return 0;
        }
        self.alternatives
            .iter()
            .zip(&self.method_only)
            .filter(|(_, only)| !**only)
            .map(|(a, _)| curve_parameters(&a.loaded.scenario).len())
            .sum()
    }

    /// The runs the P(goal) curves add at most, one a point, as (alternative,
    /// replications): every point of every curve of every simulated alternative.
    pub fn curve_runs(&self, replications: u64) -> Vec<(Entry<'a>, u64)> {
        let settings = self.curve_settings(replications);
        if settings.replications == 0 {
            return Vec::new();
        }
        self.alternatives
            .iter()
            .zip(&self.method_only)
            .filter(|(_, only)| !**only)
            .flat_map(|(a, _)| {
                let points =
                    curve_parameters(&a.loaded.scenario).len() as u64 * settings.max_points();
                (0..points).map(move |_| (*a, settings.replications))
            })
            .collect()
    }

    /// The scenarios simulated: the base and every alternative that is more than
    /// another method.
    pub fn simulated(&self) -> impl Iterator<Item = Entry<'a>> + '_ {
        std::iter::once(self.base).chain(
            self.alternatives
                .iter()
                .zip(&self.method_only)
                .filter(|(_, only)| !**only)
                .map(|(a, _)| *a),
        )
    }

    /// The methods the base's histories are scored under: its own and those of the
    /// method-only alternatives.
    pub fn scoring_methods(&self) -> usize {
        1 + self.method_only.iter().filter(|m| **m).count()
    }

    /// Run the comparison: `config`'s replications of every simulated scenario, the
    /// method-only alternatives scored on the base's histories.
    pub fn run(&self, driver: &Driver, config: &RunConfig) -> crate::Result<Comparison> {
        let base_config = RunConfig {
            extra_methods: self
                .alternatives
                .iter()
                .zip(&self.method_only)
                .filter(|(_, only)| **only)
                .map(|(a, _)| a.loaded.scenario.method().clone())
                .collect(),
            ..config.clone()
        };
        let own_config = RunConfig {
            extra_methods: Vec::new(),
            ..config.clone()
        };
        let base = self.base.loaded;
        let base_out = simulate_all(driver, base, None, &base_config)?;
        let mut elapsed = base_out.elapsed_s;
        let mut base_results = summarize_all(base, self.base.shown, &base_config, &base_out);
        base_results[0].uncertainty = Some(decompose(driver, base, None, &own_config, &base_out)?);
        let base_cells = RunCells::from_outcomes(&base_out.outcomes);
        let base_means = year_means(base, &base_config, &base_cells, 0);
        let base_offers = base_cells.method(0).offers();
        let mut alternatives = Vec::with_capacity(self.alternatives.len());
        let mut extra_index = 0;
        for (alt, &only_method) in self.alternatives.iter().zip(&self.method_only) {
            let entry = if only_method {
                extra_index += 1;
                let means = year_means(base, &base_config, &base_cells, extra_index);
                let result = &base_results[extra_index];
                // The same histories: no offer differs.
                let offers = offers_difference(&alt.loaded.scenario, base_offers, base_offers);
                compare_one(*alt, true, result, &base_means, &means, offers)
            } else {
                let out = simulate_all(driver, alt.loaded, None, &own_config)?;
                elapsed += out.elapsed_s;
                let result = &summarize_all(alt.loaded, alt.shown, &own_config, &out)[0];
                let cells = RunCells::from_outcomes(&out.outcomes);
                let means = year_means(alt.loaded, &own_config, &cells, 0);
                let offers =
                    offers_difference(&alt.loaded.scenario, base_offers, cells.method(0).offers());
                let settings = self.curve_settings(config.replications);
                let p_goal_curves = if settings.replications == 0 {
                    Vec::new()
                } else {
                    curves(driver, alt.loaded, alt.shown, &settings, &own_config)?
                };
                Alternative {
                    uncertainty: Some(decompose(driver, alt.loaded, None, &own_config, &out)?),
                    p_goal_curves,
                    ..compare_one(*alt, false, result, &base_means, &means, offers)
                }
            };
            alternatives.push(entry);
        }
        let mut base_result = base_results
            .into_iter()
            .next()
            .expect("the base's own method");
        base_result.timing.elapsed_s = elapsed;
        Ok(Comparison {
            audit: base_result.audit.clone(),
            base: base_result,
            alternatives,
        })
    }
}

/// Compare one alternative with the base from their per-replication year means
/// (same replication indices; replications where either has no year mean are dropped),
/// with the offers it starts beyond the base's.
pub fn compare_one(
    alt: Entry<'_>,
    method_only: bool,
    result: &RunResult,
    base_means: &[Option<f64>],
    alt_means: &[Option<f64>],
    extra_offers_per_month: OffersDifference,
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
    let method = alt.loaded.scenario.method();
    Alternative {
        scenario: alt.shown.to_string(),
        name: alt.loaded.scenario.name().to_string(),
        method_only,
        method: method.name().to_string(),
        stars_method: method.has_stars_rules(),
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
        extra_offers_per_month,
        uncertainty: None,
        p_goal_curves: Vec::new(),
    }
}

/// The months over which an alternative's offers are compared: those in which any of
/// its initiatives runs, or, when it has none, the simulated months after the last
/// observed one.
fn initiative_months(alt: &Scenario) -> Vec<Month> {
    let year: Vec<Month> = alt.january().through(alt.horizon_end()).collect();
    let running: Vec<Month> = year
        .iter()
        .copied()
        .filter(|&m| alt.initiatives().iter().any(|i| i.active_in(m)))
        .collect();
    if running.is_empty() {
        year.into_iter()
            .filter(|&m| alt.observed_in(m).is_none())
            .collect()
    } else {
        running
    }
}

/// Offers started a month, alternative − base (`[[replication, month, group]]` each, the
/// same replications), averaged over the alternative's initiative months, paired by
/// replication.
pub fn offers_difference(
    alt: &Scenario,
    base: ArrayView3<'_, u64>,
    alternative: ArrayView3<'_, u64>,
) -> OffersDifference {
    let months = initiative_months(alt);
    let january = alt.january();
    let index: Vec<usize> = months.iter().map(|m| m.since(january) as usize).collect();
    let replications = base.shape()[0].min(alternative.shape()[0]);
    let per_month = |offers: &ArrayView3<'_, u64>, r: usize| -> f64 {
        let total: u64 = index
            .iter()
            .map(|&m| offers.slice(ndarray::s![r, m, ..]).sum())
            .sum();
        total as f64 / index.len().max(1) as f64
    };
    let diffs: Vec<f64> = (0..replications)
        .map(|r| per_month(&alternative, r) - per_month(&base, r))
        .collect();
    let n = diffs.len();
    let mean = diffs.iter().sum::<f64>() / n.max(1) as f64;
    let half = if n < 2 {
        f64::INFINITY
    } else {
        let variance = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        crate::stats::t_quantile_975(n - 1) * (variance / n as f64).sqrt()
    };
    OffersDifference {
        months,
        mean,
        ci95: [mean - half, mean + half],
    }
}

/// The alternatives ranked by their probability of reaching the goal, then by their
/// effect, largest first: the order of the table, the chart and the CSV. The goal is the
/// question a manager asks; the effect orders the many that all miss it.
pub fn ranked(c: &Comparison) -> Vec<&Alternative> {
    let mut ranked: Vec<&Alternative> = c.alternatives.iter().collect();
    ranked.sort_by(|a, b| {
        b.p_target_met
            .total_cmp(&a.p_target_met)
            .then(b.diff_pp.mean.total_cmp(&a.diff_pp.mean))
    });
    ranked
}
