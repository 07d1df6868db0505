//! Partial pooling for groups too small to calibrate on their own.
//!
//! A group's observed share is a share of few persons: in a municipality of 3,000
//! recipients a group of 50 has 6 points of binomial sampling error, and a fit of its
//! rate and trend to three such months chases that noise (and the Laplace covariance of
//! such a fit spans nearly every rate, so the calibration draws go wild). So each group's
//! sampling error is measured first. A group within [`MAX_FIT_SAMPLING_ERROR_PP`] is
//! fitted to its own observed months, as before. The others are *pooled*: their target
//! is the scenario's simulated share moved by an empirical-Bayes estimate of how far the
//! group lies from the scenario — the municipality's common deviation from the scenario
//! plus the group's own deviation from it, shrunk by the weight its data deserve (a
//! random-effects model on the logit scale, its between-group spread estimated by
//! DerSimonian and Laird's method of moments). A pooled group's level is fitted to that
//! target; its trend stays the scenario's (three noisy months cannot tell a trend).
//!
//! Every group is judged against a tolerance its data can meet: the larger of
//! [`FAIL_PP`] and twice its sampling error.

use super::gauss_newton::{FAIL_PP, FitCell, MonthShares};
use crate::Group;
use crate::scenario::ObservedMonth;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A group whose observed mean share has a larger sampling error than this (points) is
/// pooled instead of fitted on its own. About two points, the size of the effects the
/// model is used to judge; it keeps every group of Copenhagen's (the smallest,
/// overgangsydelse, has about 2.2) fitted on its own.
pub const MAX_FIT_SAMPLING_ERROR_PP: f64 = 2.5;

/// How a calibration treated each group: its evidence and, for a pooled group, what it
/// was fitted to instead of its own observed shares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pooling {
    /// Groups with a sampling error above this (points) are pooled.
    pub max_sampling_error_pp: f64,
    /// The municipality's common deviation from the scenario: the precision-weighted
    /// mean over the groups of logit(observed) − logit(scenario's simulated share).
    pub shift_logit: f64,
    /// The spread of the groups' deviations around it beyond their sampling error
    /// (the random effect's standard deviation, logit scale).
    pub spread_logit: f64,
    /// Every calibrated group, in the order of [`Group::ALL`].
    pub groups: Vec<GroupEvidence>,
}

/// One group's observed shares and how well they are known.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupEvidence {
    /// The group.
    pub group: Group,
    /// Persons in its measured population (the simulated mean over the target months).
    pub persons: f64,
    /// Its observed share, mean over the target months (percent).
    pub observed_pct: f64,
    /// Binomial sampling error of that mean (points). The months are shares of mostly
    /// the same persons, so averaging them does not reduce it: it is that of one month
    /// of the mean population.
    pub sampling_error_pp: f64,
    /// Monte Carlo error of the simulated mean at the calibration's replications
    /// (points).
    pub monte_carlo_error_pp: f64,
    /// The fit of this group fails beyond this mean error (points): the larger of 1 and
    /// twice the sampling error.
    pub tolerance_pp: f64,
    /// When pooled: what it was fitted to instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooled: Option<Pooled>,
}

/// What a pooled group was fitted to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pooled {
    /// The scenario's simulated share moved by the municipality's common deviation
    /// (percent, mean over the target months): the target with no weight on the
    /// group's own data.
    pub prior_pct: f64,
    /// Weight of the group's own deviation, 0 to 1: spread² / (spread² + its sampling
    /// variance), both on the logit scale.
    pub weight: f64,
    /// The share it was fitted to (percent, mean over the target months).
    pub target_pct: f64,
    /// Variance of that target (points²): what the calibration's covariance of its rate
    /// is computed from.
    pub target_variance_pp2: f64,
}

impl Pooling {
    /// The pooled groups.
    pub fn pooled(&self) -> BTreeSet<Group> {
        self.groups
            .iter()
            .filter(|e| e.pooled.is_some())
            .map(|e| e.group)
            .collect()
    }

    /// A group's evidence.
    pub fn evidence(&self, g: Group) -> Option<&GroupEvidence> {
        self.groups.iter().find(|e| e.group == g)
    }

    /// Per pooled group, the variance of its target (points²).
    pub(super) fn target_variances(&self) -> BTreeMap<Group, f64> {
        self.groups
            .iter()
            .filter_map(|e| e.pooled.as_ref().map(|p| (e.group, p.target_variance_pp2)))
            .collect()
    }

    /// The groups whose mean error against what they were fitted to (`fit` holds the
    /// fit targets: a pooled group's target, the others' observed shares) is beyond
    /// their tolerance, with that error.
    pub(super) fn failures(&self, fit: &[FitCell]) -> Vec<(Group, f64)> {
        self.groups
            .iter()
            .filter_map(|e| {
                let errors: Vec<f64> = fit
                    .iter()
                    .filter(|c| c.group == Some(e.group))
                    .map(FitCell::difference)
                    .collect();
                let mean = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
                (mean.abs() > e.tolerance_pp).then_some((e.group, mean))
            })
            .collect()
    }

    /// `fit` with the observed shares of the pooled groups in place of their targets:
    /// the fit table shows every group against its own data.
    pub(super) fn restore_observed(&self, fit: &mut [FitCell], targets: &[ObservedMonth]) {
        let pooled = self.pooled();
        for cell in fit.iter_mut() {
            let Some(g) = cell.group.filter(|g| pooled.contains(g)) else {
                continue;
            };
            if let Some(observed) = targets
                .iter()
                .find(|t| t.month == cell.month)
                .and_then(|t| t.groups[g.index()])
            {
                cell.observed = observed;
            }
        }
    }

    /// Whether more replications could make a failed group fit: its error is within
    /// its tolerance plus twice the Monte Carlo error of its simulated mean.
    pub fn monte_carlo_could_explain(&self, failed: &[(Group, f64)]) -> bool {
        failed.iter().any(|&(g, error)| {
            self.evidence(g).is_some_and(|e| {
                e.monte_carlo_error_pp > 0.0
                    && error.abs() <= e.tolerance_pp + 2.0 * e.monte_carlo_error_pp
            })
        })
    }
}

/// Logit of a share given in percent, kept off 0 and 100.
fn logit_pct(pct: f64) -> f64 {
    let p = (pct / 100.0).clamp(1e-3, 1.0 - 1e-3);
    (p / (1.0 - p)).ln()
}

/// The share in percent of a logit.
fn pct_of_logit(l: f64) -> f64 {
    100.0 / (1.0 + (-l).exp())
}

/// Binomial sampling error (points) of a share `pct` of `persons` persons, and its
/// variance on the logit scale. The share is moved by one success and one failure
/// (Laplace's rule of succession) so that a small group at 0 or 100 % is not taken as
/// known exactly.
fn sampling_error(pct: f64, persons: f64) -> (f64, f64) {
    if persons < 1.0 {
        return (50.0, f64::INFINITY);
    }
    let p = (pct / 100.0 * persons + 1.0) / (persons + 2.0);
    let variance = p * (1.0 - p) / persons;
    (100.0 * variance.sqrt(), variance / (p * (1.0 - p)).powi(2))
}

/// The pooling of `groups` (the fitted ones) from the shares `prior` simulated at the
/// scenario's own rates on `replications` replications, and the targets to fit: the
/// observed months with each pooled group's shares replaced by its target (the same
/// months when no group is pooled).
pub(super) fn assess(
    prior: &[MonthShares],
    targets: &[ObservedMonth],
    groups: &[Group],
    replications: u64,
) -> (Pooling, Vec<ObservedMonth>) {
    struct Deviation {
        group: Group,
        persons: f64,
        observed_pct: f64,
        sampling_error_pp: f64,
        monte_carlo_error_pp: f64,
        logit: f64,
        variance: f64,
    }
    let deviations: Vec<Deviation> = groups
        .iter()
        .map(|&g| {
            let i = g.index();
            let months: Vec<(f64, &MonthShares)> = targets
                .iter()
                .zip(prior)
                .filter_map(|(t, s)| t.groups[i].map(|o| (o, s)))
                .collect();
            let n = months.len().max(1) as f64;
            let observed_pct = months.iter().map(|(o, _)| o).sum::<f64>() / n;
            let prior_pct = months.iter().map(|(_, s)| s.groups[i]).sum::<f64>() / n;
            let persons = months.iter().map(|(_, s)| s.population[i]).sum::<f64>() / n;
            let mc_variance = months.iter().map(|(_, s)| s.variance[i]).sum::<f64>() / n;
            let (sampling_error_pp, variance) = sampling_error(observed_pct, persons);
            Deviation {
                group: g,
                persons,
                observed_pct,
                sampling_error_pp,
                monte_carlo_error_pp: (mc_variance / replications.max(1) as f64).sqrt(),
                logit: logit_pct(observed_pct) - logit_pct(prior_pct),
                variance,
            }
        })
        .collect();
    let (shift, shift_variance, spread2) = random_effects(
        &deviations
            .iter()
            .map(|d| (d.logit, d.variance))
            .collect::<Vec<_>>(),
    );
    let mut fit_targets = targets.to_vec();
    let evidence = deviations
        .iter()
        .map(|d| {
            let i = d.group.index();
            let pooled = (d.sampling_error_pp > MAX_FIT_SAMPLING_ERROR_PP).then(|| {
                let weight = if d.variance.is_finite() {
                    spread2 / (spread2 + d.variance)
                } else {
                    0.0
                };
                let own = if weight > 0.0 { d.logit } else { shift };
                let moved = shift + weight * (own - shift);
                // Posterior variance of the group's deviation: its shrunk sampling
                // variance and the uncertainty of the common shift it borrows.
                let moved_variance = if d.variance.is_finite() {
                    weight * d.variance
                } else {
                    spread2
                } + (1.0 - weight).powi(2) * shift_variance;
                let (mut prior_sum, mut target_sum, mut n) = (0.0, 0.0, 0.0_f64);
                for (t, s) in fit_targets.iter_mut().zip(prior) {
                    if let Some(o) = t.groups[i].as_mut() {
                        let base = logit_pct(s.groups[i]);
                        prior_sum += pct_of_logit(base + shift);
                        *o = pct_of_logit(base + moved);
                        target_sum += *o;
                        n += 1.0;
                    }
                }
                let n = n.max(1.0);
                let target_pct = target_sum / n;
                let slope = target_pct * (100.0 - target_pct) / 100.0;
                Pooled {
                    prior_pct: prior_sum / n,
                    weight,
                    target_pct,
                    target_variance_pp2: slope * slope * moved_variance,
                }
            });
            GroupEvidence {
                group: d.group,
                persons: d.persons,
                observed_pct: d.observed_pct,
                sampling_error_pp: d.sampling_error_pp,
                monte_carlo_error_pp: d.monte_carlo_error_pp,
                tolerance_pp: FAIL_PP.max(2.0 * d.sampling_error_pp),
                pooled,
            }
        })
        .collect::<Vec<_>>();
    let pooling = Pooling {
        max_sampling_error_pp: MAX_FIT_SAMPLING_ERROR_PP,
        shift_logit: shift,
        spread_logit: spread2.sqrt(),
        groups: evidence,
    };
    if pooling.pooled().is_empty() {
        return (pooling, targets.to_vec());
    }
    (pooling, fit_targets)
}

/// The random-effects mean of `(deviation, sampling variance)` pairs: its estimate, the
/// estimate's variance and the between-group variance τ² (DerSimonian–Laird: the excess
/// of Cochran's Q over its expectation k − 1, scaled). Pairs with an infinite variance
/// carry no weight.
fn random_effects(deviations: &[(f64, f64)]) -> (f64, f64, f64) {
    let known: Vec<(f64, f64)> = deviations
        .iter()
        .copied()
        .filter(|(_, v)| v.is_finite() && *v > 0.0)
        .collect();
    if known.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let w: Vec<f64> = known.iter().map(|(_, v)| 1.0 / v).collect();
    let sum_w: f64 = w.iter().sum();
    let fixed = known.iter().zip(&w).map(|((d, _), w)| w * d).sum::<f64>() / sum_w;
    let q: f64 = known
        .iter()
        .zip(&w)
        .map(|((d, _), w)| w * (d - fixed).powi(2))
        .sum();
    let scale = sum_w - w.iter().map(|w| w * w).sum::<f64>() / sum_w;
    let spread2 = if known.len() > 1 && scale > 0.0 {
        ((q - (known.len() - 1) as f64) / scale).max(0.0)
    } else {
        0.0
    };
    let w_star: Vec<f64> = known.iter().map(|(_, v)| 1.0 / (v + spread2)).collect();
    let sum_star: f64 = w_star.iter().sum();
    let shift = known
        .iter()
        .zip(&w_star)
        .map(|((d, _), w)| w * d)
        .sum::<f64>()
        / sum_star;
    (shift, 1.0 / sum_star, spread2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Month;

    fn month(m: u32) -> Month {
        Month::new(2025, m).unwrap()
    }

    /// The prior simulation: every group at `prior_pct` with `persons` persons.
    fn prior(shares: &[(Group, f64, f64)], months: u32) -> Vec<MonthShares> {
        (1..=months)
            .map(|_| {
                let mut s = MonthShares {
                    total: 0.0,
                    groups: [0.0; Group::COUNT],
                    population: [0.0; Group::COUNT],
                    variance: [0.0; Group::COUNT],
                };
                for &(g, pct, persons) in shares {
                    s.groups[g.index()] = pct;
                    s.population[g.index()] = persons;
                    s.variance[g.index()] = 4.0;
                }
                s
            })
            .collect()
    }

    fn targets(observed: &[(Group, f64)], months: u32) -> Vec<ObservedMonth> {
        (1..=months)
            .map(|m| {
                let mut groups = [None; Group::COUNT];
                for &(g, pct) in observed {
                    groups[g.index()] = Some(pct);
                }
                ObservedMonth {
                    month: month(m),
                    total: 60.0,
                    groups,
                    population: None,
                }
            })
            .collect()
    }

    #[test]
    fn the_sampling_error_is_binomial_with_one_success_and_one_failure_added() {
        // 50 % of 98 persons → p = 50/100 = 0.5; variance 0.25 / 98.
        let (se, logit_variance) = sampling_error(50.0, 98.0);
        assert!(
            (se - 100.0 * (0.25_f64 / 98.0).sqrt()).abs() < 1e-12,
            "{se}"
        );
        // Logit scale: variance / (p(1 − p))² = (0.25 / 98) / 0.0625 = 4 / 98.
        assert!((logit_variance - 4.0 / 98.0).abs() < 1e-12);
        // All of 8 persons active is not known exactly: p = 9/10.
        let (se, _) = sampling_error(100.0, 8.0);
        assert!((se - 100.0 * (0.09_f64 / 8.0).sqrt()).abs() < 1e-12, "{se}");
    }

    #[test]
    fn equal_deviations_have_no_spread_and_their_mean_is_the_shift() {
        let (shift, variance, spread2) = random_effects(&[(0.3, 0.01), (0.3, 0.04)]);
        assert!((shift - 0.3).abs() < 1e-12);
        assert_eq!(spread2, 0.0);
        // 1 / (100 + 25).
        assert!((variance - 1.0 / 125.0).abs() < 1e-12);
    }

    #[test]
    fn the_spread_is_the_excess_of_q_over_its_expectation() {
        // Deviations 0 and 1, variances 0.1 each: w = 10, fixed mean 0.5,
        // Q = 10·0.25·2 = 5, scale = 20 − 200/20 = 10, τ² = (5 − 1)/10 = 0.4.
        let (shift, variance, spread2) = random_effects(&[(0.0, 0.1), (1.0, 0.1)]);
        assert!((spread2 - 0.4).abs() < 1e-12, "{spread2}");
        assert!((shift - 0.5).abs() < 1e-12);
        // w* = 1 / 0.5 = 2 each.
        assert!((variance - 0.25).abs() < 1e-12);
    }

    #[test]
    fn large_groups_are_fitted_to_their_own_months() {
        // 20,000 persons at 60 %: sampling error 100 · √(0.24 / 20,000) = 0.35 points,
        // tolerance 1 point; 5,000 at 40 %: 0.69 points, tolerance twice that.
        let groups = [Group::ADagpenge, Group::Kontanthjaelp];
        let p = prior(&[(groups[0], 55.0, 20000.0), (groups[1], 50.0, 5000.0)], 3);
        let t = targets(&[(groups[0], 60.0), (groups[1], 40.0)], 3);
        let (pooling, fit_targets) = assess(&p, &t, &groups, 40);
        assert!(pooling.pooled().is_empty());
        assert_eq!(fit_targets, t);
        let e = pooling.evidence(groups[0]).unwrap();
        assert!((e.sampling_error_pp - 0.346).abs() < 1e-3, "{e:?}");
        assert_eq!(e.tolerance_pp, FAIL_PP);
        let small = pooling.evidence(groups[1]).unwrap();
        assert!((small.sampling_error_pp - 0.693).abs() < 1e-3, "{small:?}");
        assert_eq!(small.tolerance_pp, 2.0 * small.sampling_error_pp);
        // Monte Carlo: sqrt(4 / 40).
        assert!((e.monte_carlo_error_pp - 0.1_f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn a_small_group_is_pooled_between_the_scenario_and_its_own_months() {
        // Three large groups all 0.4 logit above the scenario; a group of 40 persons
        // observed far below it.
        let large = [Group::ADagpenge, Group::Kontanthjaelp, Group::Sygedagpenge];
        let small = Group::Revalidering;
        let mut shares: Vec<(Group, f64, f64)> = large.iter().map(|&g| (g, 50.0, 4000.0)).collect();
        shares.push((small, 50.0, 40.0));
        let above = pct_of_logit(0.4);
        let mut observed: Vec<(Group, f64)> = large.iter().map(|&g| (g, above)).collect();
        observed.push((small, 30.0));
        let groups: Vec<Group> = shares.iter().map(|s| s.0).collect();
        let (pooling, fit_targets) =
            assess(&prior(&shares, 3), &targets(&observed, 3), &groups, 40);
        assert_eq!(pooling.pooled(), [small].into_iter().collect());
        let e = pooling.evidence(small).unwrap();
        let pooled = e.pooled.as_ref().unwrap();
        assert!(e.sampling_error_pp > MAX_FIT_SAMPLING_ERROR_PP, "{e:?}");
        assert_eq!(e.tolerance_pp, 2.0 * e.sampling_error_pp);
        // The target lies between the scenario moved by the common shift and the
        // group's own observed share, and the weight says where.
        assert!(pooled.target_pct < pooled.prior_pct && pooled.target_pct > 30.0);
        assert!((0.0..1.0).contains(&pooled.weight));
        let moved = pooling.shift_logit + pooled.weight * (logit_pct(30.0) - pooling.shift_logit);
        assert!(
            (pooled.target_pct - pct_of_logit(moved)).abs() < 1e-9,
            "{pooled:?}"
        );
        for t in &fit_targets {
            assert!((t.groups[small.index()].unwrap() - pooled.target_pct).abs() < 1e-9);
            assert!((t.groups[large[0].index()].unwrap() - above).abs() < 1e-12);
        }
    }

    /// Copenhagen's groups are large (300 to 9,000 persons): every one is fitted on its
    /// own, so its calibration is the one it always was.
    #[test]
    fn no_group_of_copenhagens_is_pooled() {
        use crate::scenario::uncertainty::Layers;
        let scenario = crate::scenario::builtin::load("copenhagen-2025-assumptions.json")
            .unwrap()
            .scenario;
        let driver = crate::run::Driver::new(2, || {}).unwrap();
        let targets = scenario.observed().to_vec();
        let groups = super::super::gauss_newton::fitted_groups(&scenario, &targets);
        assert_eq!(groups.len(), Group::COUNT);
        let prior = super::super::shares::Simulator::new(&driver, 20250429, 0)
            .shares(&scenario, &targets, 4, Layers::NONE)
            .unwrap();
        let (pooling, fit_targets) = assess(&prior, &targets, &groups, 4);
        assert!(pooling.pooled().is_empty(), "{pooling:#?}");
        assert_eq!(fit_targets, targets);
        for e in &pooling.groups {
            assert!(e.persons > 100.0 && e.sampling_error_pp > 0.0, "{e:?}");
        }
    }

    #[test]
    fn failures_use_each_groups_tolerance_and_monte_carlo_explains_only_near_misses() {
        let g = Group::Revalidering;
        let pooling = Pooling {
            max_sampling_error_pp: MAX_FIT_SAMPLING_ERROR_PP,
            shift_logit: 0.0,
            spread_logit: 0.0,
            groups: vec![GroupEvidence {
                group: g,
                persons: 40.0,
                observed_pct: 50.0,
                sampling_error_pp: 3.0,
                monte_carlo_error_pp: 0.5,
                tolerance_pp: 6.0,
                pooled: None,
            }],
        };
        let cell = |error: f64| FitCell {
            month: month(1),
            group: Some(g),
            observed: 50.0,
            simulated: 50.0 + error,
        };
        assert!(pooling.failures(&[cell(5.9), cell(-5.9)]).is_empty());
        assert_eq!(pooling.failures(&[cell(6.5)]), vec![(g, 6.5)]);
        assert!(pooling.monte_carlo_could_explain(&[(g, 6.5)]));
        assert!(!pooling.monte_carlo_could_explain(&[(g, 9.0)]));
    }
}
