//! The fit itself: each group's (logit offer rate, run-up trend) moves by a damped
//! Gauss–Newton step on finite differences until the simulated active shares of the
//! observed months match the observed ones.
//!
//! Every iteration simulates the same replications with the same seed (common random
//! numbers), so the simulated share is a smooth, monotone function of the rates and the
//! fit converges instead of chasing noise. Each group's rate moves by a secant step on
//! the logit scale.

use crate::run::Driver;
use crate::run::cells::{RunCells, shares_over_replications};
use crate::scenario::uncertainty::Layers;
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::Model;
use crate::{Group, Month};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One cell of the fit table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitCell {
    /// The month.
    pub month: Month,
    /// The group, or `None` for the total.
    pub group: Option<Group>,
    /// Observed active share, percent.
    pub observed: f64,
    /// Simulated mean active share, percent.
    pub simulated: f64,
}

impl FitCell {
    /// Simulated minus observed, percentage points.
    pub fn difference(&self) -> f64 {
        self.simulated - self.observed
    }
}

/// The result of a calibration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calibration {
    /// Fitted base offer rate per group (the status-quo rate).
    pub offer_rate: BTreeMap<Group, f64>,
    /// Fitted run-up trend of the offer hazard per group.
    pub offer_trend: BTreeMap<Group, f64>,
    /// Observed and simulated shares per group and month, and the total.
    pub fit: Vec<FitCell>,
    /// Iterations used.
    pub iterations: u32,
    /// Seed of the common random numbers.
    pub seed: u64,
    /// Replications per iteration.
    pub replications: u64,
    /// Groups whose target could not be reached: (group, the mean error in points).
    pub failed: Vec<(Group, f64)>,
    /// Per fitted group, the covariance of (logit offer rate, offer trend) at the fit
    /// (the Laplace approximation, [`super::laplace`]); empty for a refit.
    pub covariance: BTreeMap<Group, [[f64; 2]; 2]>,
}

impl Calibration {
    /// The largest error of the total over the target months (points), when it is more
    /// than [`WARN_TOTAL_PP`]: then the groups fit but their mix does not.
    pub fn total_mismatch(&self) -> Option<f64> {
        self.fit
            .iter()
            .filter(|c| c.group.is_none())
            .map(FitCell::difference)
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .filter(|worst| worst.abs() > WARN_TOTAL_PP)
    }
}

/// An error of the total above this (points) after a fit is worth a warning.
pub const WARN_TOTAL_PP: f64 = 0.5;
/// Groups within this distance of their mean target (points) count as fitted.
pub const TOLERANCE_PP: f64 = 0.05;
/// A group's mean error larger than this (points) after the last iteration is a failure
/// (a calibration raises it to twice a group's sampling error, `pooling`).
pub const FAIL_PP: f64 = 1.0;
const MAX_ITERATIONS: u32 = 40;
/// Simulations (of all replications) a fit makes, generously bounded for the resource
/// guard: every iteration counted as the rates and a step in each of two directions, and
/// the Jacobian and the shares at the fit for its covariance, the fit over the
/// calibration draws, and the search for the operations' volatility (its start, bracket
/// and bisection), and the simulation at the scenario's own rates that decides which
/// groups are pooled.
pub const MAX_SIMULATIONS: u64 = 4 * MAX_ITERATIONS as u64 + 3 + 18 + 1;
const RATE_BOUNDS: (f64, f64) = (1e-4, 0.95);

/// When a fit stops: after `max_simulations` simulations, or when every group is within
/// [`TOLERANCE_PP`] of each target or its root-mean-square error is at most its entry in
/// `good_enough` (a refit asks no more of a group than the fit it starts from gave).
/// The groups in `level_only` (pooled ones) keep their trend.
#[derive(Clone, Debug, Default)]
pub(super) struct Stop {
    pub(super) max_simulations: u32,
    pub(super) good_enough: BTreeMap<Group, f64>,
    pub(super) level_only: BTreeSet<Group>,
}

impl Stop {
    /// A calibration's own stop: the tolerance or [`MAX_ITERATIONS`] simulations, the
    /// trends of the groups in `level_only` held.
    pub(super) fn calibration(level_only: BTreeSet<Group>) -> Stop {
        Stop {
            max_simulations: MAX_ITERATIONS,
            good_enough: BTreeMap::new(),
            level_only,
        }
    }

    pub(super) fn done(&self, g: Group, residuals: &[f64]) -> bool {
        residuals.iter().all(|e| e.abs() <= TOLERANCE_PP)
            || self
                .good_enough
                .get(&g)
                .is_some_and(|&bound| root_mean_square(residuals) <= bound)
    }
}

/// The groups a fit moves: those with observed group shares and persons.
pub(super) fn fitted_groups(scenario: &Scenario, targets: &[ObservedMonth]) -> Vec<Group> {
    Group::ALL
        .into_iter()
        .filter(|g| {
            targets.iter().any(|t| t.groups[g.index()].is_some())
                && scenario.groups()[g.index()].persons > 0
        })
        .collect()
}

/// The trend is identified only with two or more observed months of a group.
pub(super) fn with_trend(targets: &[ObservedMonth], g: Group) -> bool {
    targets
        .iter()
        .filter(|t| t.groups[g.index()].is_some())
        .count()
        >= 2
}

/// Root mean square of the residuals (points).
pub(super) fn root_mean_square(residuals: &[f64]) -> f64 {
    (residuals.iter().map(|e| e * e).sum::<f64>() / residuals.len().max(1) as f64).sqrt()
}

/// The simulated observed months of `scenario` minus the targets, per fitted group.
pub(super) fn residuals_of(
    driver: &Driver,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    seed: u64,
    replications: u64,
) -> crate::Result<BTreeMap<Group, Vec<f64>>> {
    let shares = simulate_shares(driver, scenario, targets, seed, replications, Layers::NONE)?;
    Ok(residuals_from(
        &fitted_groups(scenario, targets),
        &shares,
        targets,
    ))
}

pub(super) fn residuals_from(
    fitted: &[Group],
    shares: &[MonthShares],
    targets: &[ObservedMonth],
) -> BTreeMap<Group, Vec<f64>> {
    fitted
        .iter()
        .map(|&g| {
            let v = shares
                .iter()
                .zip(targets)
                .filter_map(|(s, t)| t.groups[g.index()].map(|o| s.groups[g.index()] - o))
                .collect();
            (g, v)
        })
        .collect()
}

/// Fit the offer rates (level and run-up trend) of the groups with observed shares,
/// starting from the scenario's own, at the central values (every layer off). Errors when
/// a trial rate leaves the range a scenario file allows (a trend at the edge of it,
/// bumped for the finite difference).
pub(super) fn calibrate(
    driver: &Driver,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    seed: u64,
    replications: u64,
    stop: &Stop,
) -> crate::Result<Calibration> {
    let fitted = fitted_groups(scenario, targets);
    let with_trend = |g: Group| with_trend(targets, g) && !stop.level_only.contains(&g);
    let mut params: BTreeMap<Group, [f64; 2]> = fitted
        .iter()
        .map(|&g| {
            let p = &scenario.groups()[g.index()];
            (g, [to_logit(p.offer_rate), p.offer_trend])
        })
        .collect();
    let residuals = |params: &BTreeMap<Group, [f64; 2]>| -> crate::Result<_> {
        let sc = params
            .iter()
            .try_fold(scenario.clone(), |sc, (&g, &[level, trend])| {
                sc.with_offer_rates(g, from_logit(level), trend)
            })?;
        let shares = simulate_shares(driver, &sc, targets, seed, replications, Layers::NONE)?;
        let r = residuals_from(&fitted, &shares, targets);
        Ok((shares, r))
    };
    let sum_sq = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>();
    let (mut shares, mut res) = residuals(&params)?;
    let mut iterations = 1;
    const STEP: [f64; 2] = [0.1, 0.01];
    while iterations < stop.max_simulations && fitted.iter().any(|&g| !stop.done(g, &res[&g])) {
        // Finite-difference Jacobian per group (groups move together; their coupling
        // through moves is weak and the next iteration corrects it).
        let mut columns: Vec<BTreeMap<Group, Vec<f64>>> = Vec::new();
        for (k, h) in STEP.iter().enumerate() {
            let mut bumped = params.clone();
            for (g, p) in bumped.iter_mut() {
                if k == 0 || with_trend(*g) {
                    p[k] += h;
                }
            }
            let (_, r) = residuals(&bumped)?;
            columns.push(r);
            iterations += 1;
        }
        let mut proposal = params.clone();
        for &g in &fitted {
            let r = &res[&g];
            let j0: Vec<f64> = columns[0][&g]
                .iter()
                .zip(r)
                .map(|(b, a)| (b - a) / STEP[0])
                .collect();
            let j1: Vec<f64> = columns[1][&g]
                .iter()
                .zip(r)
                .map(|(b, a)| (b - a) / STEP[1])
                .collect();
            let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
            let step = if with_trend(g) {
                // Gauss–Newton with a little Levenberg damping: (JᵀJ + μI) δ = −Jᵀr.
                let (a, b, d) = (dot(&j0, &j0) + 1e-6, dot(&j0, &j1), dot(&j1, &j1) + 1e-6);
                let (g0, g1) = (-dot(&j0, r), -dot(&j1, r));
                let det = a * d - b * b;
                if det.abs() < 1e-12 {
                    [g0 / a, 0.0]
                } else {
                    [(d * g0 - b * g1) / det, (a * g1 - b * g0) / det]
                }
            } else {
                [-dot(&j0, r) / (dot(&j0, &j0) + 1e-6), 0.0]
            };
            let p = proposal.get_mut(&g).expect("fitted group");
            p[0] = (p[0] + step[0].clamp(-1.5, 1.5))
                .clamp(to_logit(RATE_BOUNDS.0), to_logit(RATE_BOUNDS.1));
            p[1] = (p[1] + step[1].clamp(-0.05, 0.05)).clamp(-0.3, 0.3);
        }
        // Keep each group's step where it improved that group's fit; where it did not,
        // halve the step (backtracking) a few times before giving up on the group.
        let mut improved = false;
        let mut pending: Vec<Group> = fitted.clone();
        for _ in 0..4 {
            if pending.is_empty() {
                break;
            }
            let (_, new_res) = residuals(&proposal)?;
            iterations += 1;
            let mut still = Vec::new();
            for &g in &pending {
                if sum_sq(&new_res[&g]) < sum_sq(&res[&g]) {
                    params.insert(g, proposal[&g]);
                    improved = true;
                } else {
                    let (from, to) = (params[&g], proposal[&g]);
                    proposal.insert(g, [0.5 * (from[0] + to[0]), 0.5 * (from[1] + to[1])]);
                    still.push(g);
                }
            }
            // Groups that did not improve go back to their accepted values for the next try.
            for g in fitted.iter().filter(|g| !still.contains(g)) {
                proposal.insert(*g, params[g]);
            }
            pending = still;
        }
        if !improved {
            break;
        }
        let (s2, r2) = residuals(&params)?;
        iterations += 1;
        shares = s2;
        res = r2;
    }
    let failed = failures(&res);
    let fit = fit_cells(&shares, targets);
    Ok(Calibration {
        offer_rate: params
            .iter()
            .map(|(&g, p)| (g, round_rate(from_logit(p[0]))))
            .collect(),
        offer_trend: params.iter().map(|(&g, p)| (g, round_rate(p[1]))).collect(),
        fit,
        iterations,
        seed,
        replications,
        failed,
        covariance: BTreeMap::new(),
    })
}

/// The groups whose mean error in `residuals` is more than [`FAIL_PP`], with that error:
/// a level the group cannot reach. A month-to-month pattern that a level and a trend
/// cannot follow (a dip in one month) is shown in the fit, not counted as a failure.
pub(super) fn failures(residuals: &BTreeMap<Group, Vec<f64>>) -> Vec<(Group, f64)> {
    residuals
        .iter()
        .filter_map(|(&g, r)| {
            let mean = r.iter().sum::<f64>() / r.len().max(1) as f64;
            (mean.abs() > FAIL_PP).then_some((g, mean))
        })
        .collect()
}

/// Each target (the total and each group's share) beside its simulated mean.
pub(super) fn fit_cells(shares: &[MonthShares], targets: &[ObservedMonth]) -> Vec<FitCell> {
    let mut fit = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        fit.push(FitCell {
            month: t.month,
            group: None,
            observed: t.total,
            simulated: shares[i].total,
        });
        for g in Group::ALL {
            if let Some(obs) = t.groups[g.index()] {
                fit.push(FitCell {
                    month: t.month,
                    group: Some(g),
                    observed: obs,
                    simulated: shares[i].groups[g.index()],
                });
            }
        }
    }
    fit
}

/// What the replications give for one target month.
#[derive(Clone, Debug)]
pub(super) struct MonthShares {
    /// Mean total share, percent.
    pub(super) total: f64,
    /// Mean share per group, percent.
    pub(super) groups: [f64; Group::COUNT],
    /// Mean population per group (persons).
    pub(super) population: [f64; Group::COUNT],
    /// Variance of the group's share over the replications, points².
    pub(super) variance: [f64; Group::COUNT],
}

/// The simulated target months under `layers`, over the replications.
pub(super) fn simulate_shares(
    driver: &Driver,
    sc: &Scenario,
    targets: &[ObservedMonth],
    seed: u64,
    replications: u64,
    layers: Layers,
) -> crate::Result<Vec<MonthShares>> {
    let last_target = targets
        .iter()
        .map(|t| t.month)
        .max()
        .unwrap_or(sc.horizon_end());
    let model = Model::new(sc, &[]).with_layers(layers).until(last_target);
    let january = sc.january();
    let outcomes = driver.replicate(&model, seed, 0..replications);
    let run = RunCells::from_outcomes(&outcomes);
    let cells = run.method(0);
    let totals = cells.totals();
    let mean = |values: &[f64]| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let variance = |values: &[f64]| {
        let m = mean(values);
        values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (values.len().max(2) - 1) as f64
    };
    let shares = targets
        .iter()
        .map(|t| {
            let i = t.month.since(january) as usize;
            let group_shares =
                Group::ALL.map(|g| shares_over_replications(cells.group(g).column(i)));
            MonthShares {
                total: mean(&shares_over_replications(totals.column(i))),
                groups: Group::ALL.map(|g| mean(&group_shares[g.index()])),
                population: Group::ALL.map(|g| {
                    let populations: Vec<f64> = cells
                        .group(g)
                        .column(i)
                        .iter()
                        .map(|c| c.population as f64)
                        .collect();
                    mean(&populations)
                }),
                variance: Group::ALL.map(|g| variance(&group_shares[g.index()])),
            }
        })
        .collect();
    Ok(shares)
}

pub(super) fn to_logit(p: f64) -> f64 {
    let p = p.clamp(RATE_BOUNDS.0, RATE_BOUNDS.1);
    (p / (1.0 - p)).ln()
}

pub(super) fn from_logit(l: f64) -> f64 {
    1.0 / (1.0 + (-l).exp())
}

/// Five significant decimals: enough for the fit, short in the file.
fn round_rate(p: f64) -> f64 {
    (p * 100_000.0).round() / 100_000.0
}
