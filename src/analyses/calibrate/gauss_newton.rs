//! The fit itself: each group's (logit offer rate, run-up trend) moves by a damped
//! Gauss–Newton step on finite differences until the simulated active shares of the
//! observed months match the observed ones.
//!
//! Every iteration simulates the same replications with the same seed (common random
//! numbers), so the simulated share is a smooth, monotone function of the rates and the
//! fit converges instead of chasing noise. Each group's rate moves by a secant step on
//! the logit scale.

pub(super) use super::shares::{MonthShares, Simulator};
use crate::scenario::uncertainty::Layers;
use crate::scenario::{ObservedMonth, Scenario};
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
/// The largest run-up trend a fit moves to (per month; a scenario file allows 0.5).
const TREND_BOUND: f64 = 0.3;

/// When a fit stops: after `max_simulations` simulations, or when every group is within
/// [`TOLERANCE_PP`] of each target or within its entry in `good_enough` (a refit asks no
/// more of a group than the fit it starts from gave). The groups in `level_only`
/// (pooled ones) keep their trend.
#[derive(Clone, Debug, Default)]
pub(super) struct Stop {
    pub(super) max_simulations: u32,
    pub(super) good_enough: BTreeMap<Group, Bound>,
    pub(super) level_only: BTreeSet<Group>,
}

/// How far a refit's group may stay from its targets: the root-mean-square error and the
/// mean error (its level, in absolute value) of the fit it starts from, each plus
/// [`TOLERANCE_PP`]. The mean is bounded on its own: where a level and a trend cannot
/// follow the months (a dip in one), a level off by m raises a root-mean-square error R
/// by only about m²/2R, and the mean is what Table 4's check and a failure judge.
#[derive(Clone, Copy, Debug)]
pub(super) struct Bound {
    rms: f64,
    mean: f64,
}

impl Bound {
    /// No worse than `residuals` (points) by more than the tolerance.
    pub(super) fn of(residuals: &[f64]) -> Bound {
        Bound {
            rms: root_mean_square(residuals) + TOLERANCE_PP,
            mean: mean(residuals).abs() + TOLERANCE_PP,
        }
    }
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
            || self.good_enough.get(&g).is_some_and(|bound| {
                root_mean_square(residuals) <= bound.rms && mean(residuals).abs() <= bound.mean
            })
    }

    /// Whether a group's level is as close as the stop asks: its mean error within its
    /// bound, or within [`TOLERANCE_PP`] without one.
    fn level_fits(&self, g: Group, residuals: &[f64]) -> bool {
        let bound = self.good_enough.get(&g).map_or(TOLERANCE_PP, |b| b.mean);
        mean(residuals).abs() <= bound
    }
}

/// The mean of a group's residuals (points): how far its level is off.
pub(super) fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
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
    sim: &Simulator,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    replications: u64,
) -> crate::Result<BTreeMap<Group, Vec<f64>>> {
    let shares = sim.shares(scenario, targets, replications, Layers::NONE)?;
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

/// The finite-difference steps of the Jacobian: logit rate, trend. They are also the
/// parameters' scales: a Broyden update measures a step in them.
pub(super) const STEP: [f64; 2] = [0.1, 0.01];
/// A group whose level fits and whose Gauss–Newton step would lower its
/// root-mean-square error by less than the tolerance has converged: what is left is what a level and a trend cannot follow,
/// or the common random numbers' own roughness, and a simulation would not show it in
/// the fit's one decimal.
const CONVERGED_PP: f64 = TOLERANCE_PP;
/// A group whose step failed to improve its fit this many times in a row (the step
/// halved each time) is left where it is: it is at the common random numbers' floor.
const HALVINGS: u32 = 2;

/// Per fitted group, the change of its simulated shares (points) per unit of (logit
/// offer rate, trend), one row per observed month of the group.
pub(super) type Jacobians = BTreeMap<Group, Vec<[f64; 2]>>;

/// The simulated observed months at a point of the fit and the Jacobian there: what
/// the covariance of the fit is made from, and where a refit starts.
#[derive(Clone, Debug)]
pub(super) struct Local {
    pub(super) shares: Vec<MonthShares>,
    pub(super) jacobian: Jacobians,
}

/// The shares of `scenario` and their forward-difference Jacobian in the offer rates
/// of the fitted groups: every group's level moved in one simulation, every trend in a
/// second (a trend at the upper edge of the range is moved down instead). Groups move
/// together; their coupling through moves is weak.
pub(super) fn local(
    sim: &Simulator,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    replications: u64,
) -> crate::Result<Local> {
    let shares = sim.shares(scenario, targets, replications, Layers::NONE)?;
    let jacobian = jacobian_at(sim, scenario, targets, replications, &shares)?;
    Ok(Local { shares, jacobian })
}

fn jacobian_at(
    sim: &Simulator,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    replications: u64,
    at: &[MonthShares],
) -> crate::Result<Jacobians> {
    let groups = fitted_groups(scenario, targets);
    let mut columns: Vec<(Vec<MonthShares>, BTreeMap<Group, f64>)> = Vec::new();
    for (k, step) in STEP.into_iter().enumerate() {
        let mut sc = scenario.clone();
        let mut steps = BTreeMap::new();
        for &g in &groups {
            let p = &scenario.groups()[g.index()];
            let (level, trend) = (to_logit(p.offer_rate), p.offer_trend);
            let h = if k == 0 || trend + step <= TREND_BOUND {
                step
            } else {
                -step
            };
            sc = match k {
                0 => sc.with_offer_rates(g, from_logit(level + h), trend)?,
                _ => sc.with_offer_rates(g, p.offer_rate, trend + h)?,
            };
            steps.insert(g, h);
        }
        let bumped = sim.shares(&sc, targets, replications, Layers::NONE)?;
        columns.push((bumped, steps));
    }
    Ok(groups
        .iter()
        .map(|&g| {
            let i = g.index();
            let rows = targets
                .iter()
                .enumerate()
                .filter(|(_, t)| t.groups[i].is_some())
                .map(|(m, _)| {
                    [0, 1].map(|k| {
                        let (bumped, steps) = &columns[k];
                        (bumped[m].groups[i] - at[m].groups[i]) / steps[&g]
                    })
                })
                .collect();
            (g, rows)
        })
        .collect())
}

/// Where a fit starts besides its scenario's rates: the shares simulated there, and the
/// Jacobian when one is known (a refit at the point whose covariance was just taken).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Warm<'a> {
    pub(super) shares: Option<&'a [MonthShares]>,
    pub(super) jacobian: Option<&'a Jacobians>,
}

/// Fit the offer rates (level and run-up trend) of the groups with observed shares,
/// starting from the scenario's own, at the central values (every layer off).
///
/// Each group's (logit rate, trend) takes Gauss–Newton steps on one Jacobian, made by
/// finite differences at the start (or given) and then updated by Broyden's rule from
/// each step the group takes, so that an iteration is one simulation. A step that does
/// not improve the group's fit is halved in the next iteration; a group whose step
/// would gain less than [`CONVERGED_PP`] is done. Errors when a trial rate leaves the
/// range a scenario file allows.
pub(super) fn calibrate(
    sim: &Simulator,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    replications: u64,
    stop: &Stop,
    warm: Warm,
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
    let at = |params: &BTreeMap<Group, [f64; 2]>| -> crate::Result<Scenario> {
        let sc = params
            .iter()
            .try_fold(scenario.clone(), |sc, (&g, &[level, trend])| {
                sc.with_offer_rates(g, from_logit(level), trend)
            })?;
        Ok(sc)
    };
    let simulations = std::cell::Cell::new(0u32);
    let residuals = |params: &BTreeMap<Group, [f64; 2]>| -> crate::Result<_> {
        simulations.set(simulations.get() + 1);
        let shares = sim.shares(&at(params)?, targets, replications, Layers::NONE)?;
        let r = residuals_from(&fitted, &shares, targets);
        Ok((shares, r))
    };
    let (mut shares, mut res) = match warm.shares {
        Some(shares) => (shares.to_vec(), residuals_from(&fitted, shares, targets)),
        None => residuals(&params)?,
    };
    let mut jacobian = match warm.jacobian {
        Some(j) => j.clone(),
        None => {
            simulations.set(simulations.get() + 2);
            jacobian_at(sim, &at(&params)?, targets, replications, &shares)?
        }
    };
    // The groups still moving, with the share of their full step they take next.
    let mut moving: BTreeMap<Group, f64> = fitted
        .iter()
        .filter(|&&g| !stop.done(g, &res[&g]))
        .map(|&g| (g, 1.0))
        .collect();
    // Whether `shares` are the simulation at `params` (or a group was moved since).
    let mut current = true;
    while simulations.get() < stop.max_simulations {
        let mut proposal = params.clone();
        let mut steps = BTreeMap::new();
        moving.retain(|&g, scale| {
            let (step, gain) = gauss_newton_step(&jacobian[&g], &res[&g], with_trend(g));
            if gain < CONVERGED_PP && stop.level_fits(g, &res[&g]) {
                return false;
            }
            let p = proposal.get_mut(&g).expect("fitted group");
            let from = *p;
            p[0] = (p[0] + (*scale * step[0]).clamp(-1.5, 1.5))
                .clamp(to_logit(RATE_BOUNDS.0), to_logit(RATE_BOUNDS.1));
            p[1] = (p[1] + (*scale * step[1]).clamp(-0.1, 0.1)).clamp(-TREND_BOUND, TREND_BOUND);
            steps.insert(g, [p[0] - from[0], p[1] - from[1]]);
            true
        });
        if moving.is_empty() {
            break;
        }
        let (new_shares, new_res) = residuals(&proposal)?;
        let mut all_taken = true;
        for (&g, scale) in moving.iter_mut() {
            if sum_sq(&new_res[&g]) < sum_sq(&res[&g]) {
                broyden_update(
                    jacobian.get_mut(&g).expect("fitted group"),
                    steps[&g],
                    &res[&g],
                    &new_res[&g],
                );
                params.insert(g, proposal[&g]);
                res.insert(g, new_res[&g].clone());
                *scale = 1.0;
            } else {
                *scale *= 0.5;
                all_taken = false;
            }
        }
        moving.retain(|&g, &mut scale| {
            scale >= 0.5f64.powi(HALVINGS as i32) && !stop.done(g, &res[&g])
        });
        // The groups that stood still meet the others' new values in this simulation.
        for g in fitted.iter().filter(|g| !steps.contains_key(g)) {
            res.insert(*g, new_res[g].clone());
        }
        current = all_taken;
        if all_taken {
            shares = new_shares;
        }
    }
    if !current {
        let (s, r) = residuals(&params)?;
        shares = s;
        res = r;
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
        iterations: simulations.get(),
        seed: sim.seed(),
        replications,
        failed,
        covariance: BTreeMap::new(),
    })
}

fn sum_sq(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum()
}

/// The Gauss–Newton step of one group from its Jacobian rows and residuals, with a
/// little Levenberg damping, (JᵀJ + μI) δ = −Jᵀr (the level alone without `trend`),
/// and what it would gain: the root-mean-square error now less the one the linear
/// model predicts after the step (points).
fn gauss_newton_step(rows: &[[f64; 2]], r: &[f64], trend: bool) -> ([f64; 2], f64) {
    let column = |k: usize| rows.iter().map(move |row| row[k]);
    let dot =
        |a: &mut dyn Iterator<Item = f64>, b: &[f64]| a.zip(b).map(|(x, y)| x * y).sum::<f64>();
    let a = column(0).map(|x| x * x).sum::<f64>() + 1e-6;
    let g0 = -dot(&mut column(0), r);
    let step = if trend {
        let b = column(0).zip(column(1)).map(|(x, y)| x * y).sum::<f64>();
        let d = column(1).map(|x| x * x).sum::<f64>() + 1e-6;
        let g1 = -dot(&mut column(1), r);
        let det = a * d - b * b;
        if det.abs() < 1e-12 {
            [g0 / a, 0.0]
        } else {
            [(d * g0 - b * g1) / det, (a * g1 - b * g0) / det]
        }
    } else {
        [g0 / a, 0.0]
    };
    let predicted: Vec<f64> = rows
        .iter()
        .zip(r)
        .map(|(row, e)| e + row[0] * step[0] + row[1] * step[1])
        .collect();
    (step, root_mean_square(r) - root_mean_square(&predicted))
}

/// Broyden's rank-one update of a group's Jacobian from a step it took (`step`, in
/// the parameters) and the residuals before and after: the smallest change, measured
/// in the parameters' scales ([`STEP`]), that makes the Jacobian reproduce the change
/// the step made.
fn broyden_update(rows: &mut [[f64; 2]], step: [f64; 2], before: &[f64], after: &[f64]) {
    let weighted = [step[0] / (STEP[0] * STEP[0]), step[1] / (STEP[1] * STEP[1])];
    let norm = step[0] * weighted[0] + step[1] * weighted[1];
    if norm <= 0.0 || !norm.is_finite() {
        return;
    }
    for ((row, b), a) in rows.iter_mut().zip(before).zip(after) {
        let miss = (a - b) - (row[0] * step[0] + row[1] * step[1]);
        row[0] += miss * weighted[0] / norm;
        row[1] += miss * weighted[1] / norm;
    }
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
