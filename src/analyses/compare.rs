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
use crate::vocab::label::Text;
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
    /// Its name for people, in Danish and English (the scenario's `title`).
    pub title: Text,
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
    /// What its initiatives cost beyond the base's, and per percentage point gained
    /// (none when neither it nor the base carries a cost).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostSummary>,
    /// Its total share month by month: the observed figure in an observed month, the
    /// median over the replications in a simulated one (the paths chart).
    pub months: Vec<MonthPath>,
}

/// A scenario's total share in one month, as the paths chart draws it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthPath {
    /// The month.
    pub month: Month,
    /// Whether the month is observed (its share is then the observed one).
    pub observed: bool,
    /// The observed share, or the median over the replications; percent.
    pub share_pct: Option<f64>,
}

impl MonthPath {
    /// The path of a run's total share: observed months as observed, medians after.
    pub fn of(result: &RunResult) -> Vec<MonthPath> {
        result
            .months
            .iter()
            .map(|m| MonthPath {
                month: m.month,
                observed: m.observed,
                share_pct: if m.observed {
                    m.total.mean
                } else {
                    m.total.p50
                },
            })
            .collect()
    }
}

/// What an alternative's initiatives cost beyond the base's, counted per replication
/// from what they caused (`docs/model.md`, costs): a distribution, summarized.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostSummary {
    /// Expected cost, DKK (alternative − base, over the simulated months).
    pub mean_dkk: f64,
    /// 95 % interval of the expected cost (Student's t over the replications).
    pub ci95_dkk: [f64; 2],
    /// The middle 95 % of the replications' costs (2.5 % and 97.5 % quantiles).
    pub range95_dkk: [f64; 2],
    /// The gain in P(goal), percentage points, paired by replication.
    pub p_goal_gain_pp: Difference,
    /// Expected cost per percentage point of year mean gained.
    pub per_pp_year_mean: PerPoint,
    /// Expected cost per percentage point of P(goal) gained.
    pub per_pp_p_goal: PerPoint,
    /// Where each initiative's cost figures come from, in the scenario's order (the
    /// initiatives that carry a cost).
    pub sources: Vec<crate::vocab::label::Text>,
}

/// A cost per percentage point gained: defined only where the gain is clearly positive
/// (its paired 95 % interval above 0), never a division by a gain near 0.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PerPoint {
    /// DKK per percentage point (none: not defined).
    pub dkk: Option<f64>,
    /// Why it is not defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_defined: Option<NotDefined>,
}

/// Why a cost per percentage point is not defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotDefined {
    /// The gain's 95 % interval reaches 0 or below: no clear gain to divide by.
    GainNotClearlyPositive,
}

impl PerPoint {
    /// `cost` over `gain`, where the gain's interval is above 0.
    fn of(cost: f64, gain: &Difference) -> PerPoint {
        if gain.ci95[0] > 0.0 && gain.mean > 0.0 {
            PerPoint {
                dkk: Some(cost / gain.mean),
                not_defined: None,
            }
        } else {
            PerPoint {
                dkk: None,
                not_defined: Some(NotDefined::GainNotClearlyPositive),
            }
        }
    }
}

/// How the alternatives are ranked in the table, the chart and the CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// By P(goal), then by the effect (the default).
    #[default]
    PGoal,
    /// By cost per percentage point of year mean, cheapest first; those where it is not
    /// defined after, by P(goal).
    Cost,
}

/// Per replication, the cost in DKK of `scenario`'s initiatives from what they caused
/// (`outcomes`, one per replication); none when no initiative carries a cost.
pub fn replication_costs(
    scenario: &Scenario,
    outcomes: &[crate::sim::ReplicationOutcome],
) -> Option<Vec<f64>> {
    let inits = scenario.initiatives();
    inits.iter().any(|i| i.cost().is_some()).then(|| {
        outcomes
            .iter()
            .map(|o| {
                o.drivers
                    .iter()
                    .zip(inits)
                    .filter_map(|(d, i)| Some(d.dkk(i.cost()?)))
                    .sum()
            })
            .collect()
    })
}

/// A paired mean with its Student's t 95 % interval.
fn paired(diffs: &[f64]) -> Difference {
    let n = diffs.len();
    let mean = diffs.iter().sum::<f64>() / n.max(1) as f64;
    let half = if n < 2 {
        f64::INFINITY
    } else {
        let variance = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        crate::stats::t_quantile_975(n - 1) * (variance / n as f64).sqrt()
    };
    Difference {
        mean,
        ci95: [mean - half, mean + half],
        unpaired_ci95: [mean - half, mean + half],
    }
}

/// The cost summary of an alternative: `costs` per replication (alternative − base),
/// the year-mean gain `diff_pp`, and the year means with their targets to pair the gain
/// in P(goal).
pub fn cost_summary(
    costs: &[f64],
    diff_pp: &Difference,
    (base_means, base_target): (&[Option<f64>], f64),
    (alt_means, alt_target): (&[Option<f64>], f64),
    sources: Vec<crate::vocab::label::Text>,
) -> CostSummary {
    let cost = paired(costs);
    let mut sorted = costs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        if sorted.is_empty() {
            return f64::NAN;
        }
        let at = q * (sorted.len() - 1) as f64;
        let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
        sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo as f64)
    };
    let met = |m: f64, target: f64| if m > target { 100.0 } else { 0.0 };
    let goal: Vec<f64> = base_means
        .iter()
        .zip(alt_means)
        .filter_map(|(b, a)| Some(met((*a)?, alt_target) - met((*b)?, base_target)))
        .collect();
    let p_goal_gain_pp = paired(&goal);
    CostSummary {
        mean_dkk: cost.mean,
        ci95_dkk: cost.ci95,
        range95_dkk: [quantile(0.025), quantile(0.975)],
        per_pp_year_mean: PerPoint::of(cost.mean, diff_pp),
        per_pp_p_goal: PerPoint::of(cost.mean, &p_goal_gain_pp),
        p_goal_gain_pp,
        sources,
    }
}

/// The cost sources of a scenario's initiatives (those with a cost that names one).
fn cost_sources(scenario: &Scenario) -> Vec<crate::vocab::label::Text> {
    scenario
        .initiatives()
        .iter()
        .filter_map(|i| i.cost()?.source.clone())
        .collect()
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
    /// The base scenario's name for people, in Danish and English.
    pub base_title: Text,
    /// The alternatives, in the order given.
    pub alternatives: Vec<Alternative>,
    /// How they are ranked.
    pub rank_by: RankBy,
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
    rank_by: RankBy,
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
                    crate::text!(
                        da: "bedømmer et andet år eller har andre observerede måneder end basis; en sammenligning kræver samme år og samme observerede tal",
                        en: "judges another year or has other observed months than the base; a comparison needs the same year and observed figures"
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
            rank_by: RankBy::PGoal,
        })
    }

    /// The plan ranking its alternatives by `rank_by`.
    pub fn with_rank_by(self, rank_by: RankBy) -> Plan<'a> {
        Plan { rank_by, ..self }
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
        let base_target = base_results[0].target_pct;
        let base_costs = replication_costs(&base.scenario, &base_out.outcomes);
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
                let alt_costs = replication_costs(&alt.loaded.scenario, &out.outcomes);
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
                let compared = compare_one(*alt, false, result, &base_means, &means, offers);
                let cost = match (&base_costs, &alt_costs) {
                    (None, None) => None,
                    (b, a) => {
                        let n = base_out.outcomes.len().min(out.outcomes.len());
                        let at = |c: &Option<Vec<f64>>, r: usize| c.as_ref().map_or(0.0, |c| c[r]);
                        let costs: Vec<f64> = (0..n).map(|r| at(a, r) - at(b, r)).collect();
                        let mut sources = cost_sources(&alt.loaded.scenario);
                        sources.extend(cost_sources(&base.scenario));
                        Some(cost_summary(
                            &costs,
                            &compared.diff_pp,
                            (&base_means, base_target),
                            (&means, result.target_pct),
                            sources,
                        ))
                    }
                };
                Alternative {
                    uncertainty: Some(decompose(driver, alt.loaded, None, &own_config, &out)?),
                    p_goal_curves,
                    cost,
                    ..compared
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
            base_title: self.base.loaded.scenario.title().clone(),
            alternatives,
            rank_by: self.rank_by,
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
        title: alt.loaded.scenario.title().clone(),
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
        cost: None,
        months: MonthPath::of(result),
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
    let Difference { mean, ci95, .. } = paired(&diffs);
    OffersDifference { months, mean, ci95 }
}

/// The alternatives ranked by their probability of reaching the goal, then by their
/// effect, largest first: the order of the table, the chart and the CSV. The goal is the
/// question a manager asks; the effect orders the many that all miss it. Ranked by cost
/// (`RankBy::Cost`), those with a cost per percentage point of year mean come first,
/// cheapest first, and the others after them in that order.
pub fn ranked(c: &Comparison) -> Vec<&Alternative> {
    let mut ranked = by_p_goal(c);
    if c.rank_by == RankBy::Cost {
        let per_pp = |a: &Alternative| a.cost.as_ref().and_then(|c| c.per_pp_year_mean.dkk);
        // Stable: ties and the undefined keep the P(goal) order.
        ranked.sort_by(|a, b| match (per_pp(a), per_pp(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    ranked
}

/// The alternatives by P(goal), then by the year mean's gain: the order of the answer
/// "which comes closest to the goal", whatever order the table is in.
pub fn by_p_goal(c: &Comparison) -> Vec<&Alternative> {
    let mut ranked: Vec<&Alternative> = c.alternatives.iter().collect();
    ranked.sort_by(|a, b| {
        b.p_target_met
            .total_cmp(&a.p_target_met)
            .then(b.diff_pp.mean.total_cmp(&a.diff_pp.mean))
    });
    ranked
}
