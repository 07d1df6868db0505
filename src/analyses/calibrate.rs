//! Calibration: fit each group's base offer rate so the simulated active shares of the
//! observed months match the observed ones. Pure: takes a scenario and its targets (the
//! scenario's observed months, a CSV's or a register's, read by the caller), returns the
//! fitted rates, the fit and the calibrated scenario file; the CLI writes it.
//!
//! Every iteration simulates the same replications with the same seed (common random
//! numbers), so the simulated share is a smooth, monotone function of the rates and the
//! fit converges instead of chasing noise. Each group's rate moves by a secant step on
//! the logit scale.

use crate::error::{Error, InputError};
use crate::measure::register::Panel;
use crate::measure::register::rates::GroupRates;
use crate::run::Driver;
use crate::run::cells::{RunCells, shares_over_replications};
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::Model;
use crate::{Group, Month};
use serde::Serialize;
use std::collections::BTreeMap;

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

    /// Fail when a group's target could not be reached: its file would be wrong.
    pub fn require_reached(&self) -> crate::Result<()> {
        if self.failed.is_empty() {
            return Ok(());
        }
        let which: Vec<String> = self
            .failed
            .iter()
            .map(|(g, e)| format!("{} ({:+.1} point)", g.code(), e))
            .collect();
        Err(Error::Runtime(format!(
            "calibration could not reach the observed shares of: {} — check the group's other parameters (hours, absence, capacity limit), the targets, or use more replications (-n). No file written.",
            which.join(", ")
        )))
    }
}

/// An error of the total above this (points) after a fit is worth a warning.
pub const WARN_TOTAL_PP: f64 = 0.5;
/// Groups within this distance of their mean target (points) count as fitted.
pub const TOLERANCE_PP: f64 = 0.05;
/// Errors larger than this (points) after the last iteration are failures.
pub const FAIL_PP: f64 = 1.0;
const MAX_ITERATIONS: u32 = 40;
/// Simulations (of all replications) a fit makes, generously bounded for the resource
/// guard: every iteration counted as the rates and a step in each of two directions.
pub const MAX_SIMULATIONS: u64 = 3 * MAX_ITERATIONS as u64;
const RATE_BOUNDS: (f64, f64) = (1e-4, 0.95);

/// Fit the offer rates (level and run-up trend) of the groups with observed shares.
/// Errors when a trial rate leaves the range a scenario file allows (a trend at the edge
/// of it, bumped for the finite difference).
fn calibrate(
    driver: &Driver,
    scenario: &Scenario,
    targets: &[ObservedMonth],
    seed: u64,
    replications: u64,
) -> crate::Result<Calibration> {
    let fitted: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|g| {
            targets.iter().any(|t| t.groups[g.index()].is_some())
                && scenario.groups()[g.index()].persons > 0
        })
        .collect();
    // The trend is identified only with two or more observed months of a group.
    let with_trend = |g: Group| {
        targets
            .iter()
            .filter(|t| t.groups[g.index()].is_some())
            .count()
            >= 2
    };
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
        let shares = simulate_shares(driver, &sc, targets, seed, replications)?;
        let r: BTreeMap<Group, Vec<f64>> = fitted
            .iter()
            .map(|&g| {
                let v = shares
                    .iter()
                    .zip(targets)
                    .filter_map(|(s, t)| t.groups[g.index()].map(|o| s.1[g.index()] - o))
                    .collect();
                (g, v)
            })
            .collect();
        Ok((shares, r))
    };
    let sum_sq = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>();
    let (mut shares, mut res) = residuals(&params)?;
    let mut iterations = 1;
    const STEP: [f64; 2] = [0.1, 0.01];
    while iterations < MAX_ITERATIONS && res.values().flatten().any(|e| e.abs() > TOLERANCE_PP) {
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
    let failed = fitted
        .iter()
        .filter_map(|&g| {
            let r = &res[&g];
            let worst = r
                .iter()
                .copied()
                .fold(0.0_f64, |w, e| if e.abs() > w.abs() { e } else { w });
            (worst.abs() > FAIL_PP).then_some((g, worst))
        })
        .collect();
    let mut fit = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        fit.push(FitCell {
            month: t.month,
            group: None,
            observed: t.total,
            simulated: shares[i].0,
        });
        for g in Group::ALL {
            if let Some(obs) = t.groups[g.index()] {
                fit.push(FitCell {
                    month: t.month,
                    group: Some(g),
                    observed: obs,
                    simulated: shares[i].1[g.index()],
                });
            }
        }
    }
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
    })
}

/// Where the targets of a calibration come from.
#[derive(Clone, Copy, Debug)]
pub enum Targets<'a> {
    /// The scenario's own `observed` block.
    Scenario,
    /// Observed shares read from a CSV named `origin`.
    Observed {
        /// The months.
        months: &'a [ObservedMonth],
        /// The CSV as given, for messages.
        origin: &'a str,
    },
    /// A register's shares per group and month of the judged year up to `as_of`
    /// (default: its last month). What the register shows directly (exit hazards, hours,
    /// conversations, inflow, group sizes) is taken as given: only the offer rates are
    /// fitted.
    Register {
        /// The register.
        panel: &'a Panel,
        /// Its file name, recorded as the source of its rates.
        name: &'a str,
        /// The last month used.
        as_of: Option<Month>,
        /// Disclosure limit of its figures.
        min_cell: u64,
    },
}

/// A finished fit and what the calibrated scenario file records of it.
#[derive(Clone, Debug)]
pub struct Fitted {
    /// The fitted rates and the fit.
    pub calibration: Calibration,
    /// The scenario the rates were fitted in (with a register's rates put in).
    scenario: Scenario,
    /// The target months.
    targets: Vec<ObservedMonth>,
    /// A register's name and the rates read off it.
    register_rates: Option<(String, BTreeMap<Group, GroupRates>)>,
}

impl Fitted {
    /// The calibrated scenario file, written to `out`: it `extends` the scenario file
    /// `input`, named `name` (default: the input's name).
    pub fn file(
        &self,
        input: &std::path::Path,
        out: &std::path::Path,
        name: Option<&str>,
    ) -> crate::scenario::ScenarioFile {
        let mut file = calibrated_file(&self.calibration, input, out, name, &self.targets);
        if let Some((register, rates)) = &self.register_rates {
            record_register_rates(&mut file, &self.scenario, rates, register);
        }
        file
    }
}

/// Calibrate `scenario` (its file as given: `origin`) to `targets`, simulating
/// `replications` on `seed` in every iteration.
pub fn fit(
    driver: &Driver,
    scenario: &Scenario,
    origin: &str,
    targets: Targets,
    seed: u64,
    replications: u64,
) -> crate::Result<Fitted> {
    if replications == 0 {
        return Err(InputError::new(
            "--replications",
            "0 replications give no fit (expected at least 1)",
        )
        .into());
    }
    let mut scenario = scenario.clone();
    let mut register_rates = None;
    let (targets, targets_origin) = match targets {
        Targets::Scenario => (scenario.observed().to_vec(), "--observed"),
        Targets::Observed {
            months,
            origin: csv,
        } => (months.to_vec(), csv),
        Targets::Register {
            panel,
            name,
            as_of,
            min_cell,
        } => {
            let as_of = crate::analyses::register_start::as_of_month(panel, as_of)?;
            let rates = crate::measure::register::rates::estimate(panel, as_of);
            scenario = apply_register_rates(scenario, &rates)?;
            register_rates = Some((name.to_string(), rates));
            let from = scenario.january().max(panel.month_range().expect("rows").0);
            let months = crate::analyses::register_start::observed_months(
                panel,
                scenario.method(),
                from,
                as_of.min(scenario.horizon_end()),
                min_cell,
            )?;
            (months, "--observed")
        }
    };
    if targets.is_empty() {
        return Err(InputError::new(origin, "has no observed months to calibrate to (add an `observed` block or give --observed FILE.csv)").into());
    }
    if let Some(t) = targets
        .iter()
        .find(|t| t.month.year() != scenario.year() || t.month > scenario.horizon_end())
    {
        return Err(InputError::new(
            targets_origin,
            format!(
                "{} is outside the scenario's simulated months of {} (expected {} to {})",
                t.month,
                scenario.year(),
                scenario.january(),
                scenario.horizon_end()
            ),
        )
        .into());
    }
    let calibration = calibrate(driver, &scenario, &targets, seed, replications)?;
    Ok(Fitted {
        calibration,
        scenario,
        targets,
        register_rates,
    })
}

/// Mean simulated (total, per group) share of each target month over the replications.
fn simulate_shares(
    driver: &Driver,
    sc: &Scenario,
    targets: &[ObservedMonth],
    seed: u64,
    replications: u64,
) -> crate::Result<Vec<(f64, [f64; Group::COUNT])>> {
    let model = Model::new(sc, &[]);
    let january = sc.january();
    let outcomes = driver.replicate(&model, seed, 0..replications)?;
    let run = RunCells::from_outcomes(&outcomes);
    let cells = run.method(0);
    let totals = cells.totals();
    let mean = |shares: Vec<f64>| {
        if shares.is_empty() {
            0.0
        } else {
            shares.iter().sum::<f64>() / shares.len() as f64
        }
    };
    let shares = targets
        .iter()
        .map(|t| {
            let i = t.month.since(january) as usize;
            (
                mean(shares_over_replications(totals.column(i))),
                Group::ALL.map(|g| mean(shares_over_replications(cells.group(g).column(i)))),
            )
        })
        .collect();
    Ok(shares)
}

fn to_logit(p: f64) -> f64 {
    let p = p.clamp(RATE_BOUNDS.0, RATE_BOUNDS.1);
    (p / (1.0 - p)).ln()
}

fn from_logit(l: f64) -> f64 {
    1.0 / (1.0 + (-l).exp())
}

/// Five significant decimals: enough for the fit, short in the file.
fn round_rate(p: f64) -> f64 {
    (p * 100_000.0).round() / 100_000.0
}

/// The calibrated scenario file: `extends` the input and overrides the fitted rates.
fn calibrated_file(
    cal: &Calibration,
    input: &std::path::Path,
    out: &std::path::Path,
    name: Option<&str>,
    targets: &[ObservedMonth],
) -> crate::scenario::ScenarioFile {
    use crate::scenario::file::GroupFile;
    let note = format!(
        "fitted by `fokus calibrate` (seed {}, {} replications, fokus {}) to the observed active shares of {}",
        cal.seed,
        cal.replications,
        crate::VERSION,
        targets
            .iter()
            .map(|t| t.month.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let groups = cal
        .offer_rate
        .iter()
        .map(|(&g, &rate)| {
            let gf = GroupFile {
                offer_rate: Some(rate),
                offer_trend: cal.offer_trend.get(&g).copied(),
                sources: Some(
                    [
                        ("offer_rate".to_string(), note.clone()),
                        ("offer_trend".to_string(), note.clone()),
                    ]
                    .into(),
                ),
                ..GroupFile::default()
            };
            (g, gf)
        })
        .collect();
    let mut errors: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for c in &cal.fit {
        errors.entry(c.month.to_string()).or_default().insert(
            c.group
                .map_or("total".to_string(), |g| g.code().to_string()),
            (c.difference() * 100.0).round() / 100.0,
        );
    }
    let block = serde_json::json!({
        "fitted": cal.offer_rate.keys().flat_map(|g| [format!("groups.{g}.offer_rate"), format!("groups.{g}.offer_trend")]).collect::<Vec<_>>(),
        "targets": targets.iter().map(|t| t.month.to_string()).collect::<Vec<_>>(),
        "method": "Gauss–Newton per group on (logit offer rate, trend), finite differences, common random numbers across iterations",
        "error_pp": errors,
        "seed": cal.seed,
        "replications": cal.replications,
        "iterations": cal.iterations,
        "fokus_version": crate::VERSION,
    });
    crate::scenario::ScenarioFile {
        version: Some(1),
        extends: Some(relative_path(input, out)),
        name: name.map(str::to_string),
        groups: Some(groups),
        calibration: Some(block),
        ..Default::default()
    }
}

/// `input` as seen from the folder of `out`, with forward slashes.
fn relative_path(input: &std::path::Path, out: &std::path::Path) -> String {
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let input = abs(input);
    let out_dir = abs(out)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let a: Vec<_> = input.components().collect();
    let b: Vec<_> = out_dir.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Put the rates read off a register into the scenario before the fit: exit hazards
/// (below and from 12 months), hours rate and median, conversation rate, inflow, and the
/// group sizes (the caseload in the last month). Groups
/// or rates with too few person-months keep the scenario's values. Errors when a rate
/// is out of the range a scenario file allows.
fn apply_register_rates(
    scenario: Scenario,
    rates: &BTreeMap<Group, crate::measure::register::rates::GroupRates>,
) -> Result<Scenario, InputError> {
    let mut scenario = scenario;
    for (g, r) in rates {
        let mut p = scenario.groups()[g.index()].clone();
        if p.persons == 0 && p.inflow_per_month == 0.0 {
            continue;
        }
        p.persons = u32::try_from(r.persons).unwrap_or(u32::MAX);
        if let (Some(a), Some(b)) = (r.exit_under_12, r.exit_from_12) {
            p.exit_hazard = vec![(0, a), (12, b)];
        }
        if let Some(v) = r.hours_rate {
            p.hours_rate = v;
        }
        if let Some(v) = r.hours_median {
            p.hours_median = v;
        }
        if let Some(v) = r.conversation_rate {
            p.conversation_rate = v;
        }
        if let Some(v) = r.inflow_per_month {
            p.inflow_per_month = v;
        }
        scenario = scenario.with_group_params(*g, p)?;
    }
    Ok(scenario)
}

/// Record the register's rates in the calibrated file, each with its source.
fn record_register_rates(
    file: &mut crate::scenario::ScenarioFile,
    scenario: &Scenario,
    rates: &BTreeMap<Group, crate::measure::register::rates::GroupRates>,
    register: &str,
) {
    use crate::scenario::file::HazardBand;
    let groups = file.groups.get_or_insert_with(BTreeMap::new);
    for (g, r) in rates {
        let p = &scenario.groups()[g.index()];
        if p.persons == 0 && p.inflow_per_month == 0.0 {
            continue;
        }
        let gf = groups.entry(*g).or_default();
        let note = format!(
            "estimated from the register {register} ({} person-months; see docs/register-start.md)",
            r.person_months
        );
        let sources = gf.sources.get_or_insert_with(BTreeMap::new);
        let round = |v: f64| (v * 100_000.0).round() / 100_000.0;
        gf.persons = Some(u32::try_from(r.persons).unwrap_or(u32::MAX));
        sources.insert(
            "persons".into(),
            format!("the register {register}: the group's caseload in its last month used"),
        );
        if let (Some(a), Some(b)) = (r.exit_under_12, r.exit_from_12) {
            gf.exit_hazard = Some(vec![
                HazardBand {
                    from_months: 0,
                    rate: round(a),
                },
                HazardBand {
                    from_months: 12,
                    rate: round(b),
                },
            ]);
            sources.insert("exit_hazard".into(), note.clone());
        }
        for (field, value, slot) in [
            ("hours_rate", r.hours_rate, &mut gf.hours_rate),
            ("hours_median", r.hours_median, &mut gf.hours_median),
            (
                "conversation_rate",
                r.conversation_rate,
                &mut gf.conversation_rate,
            ),
            (
                "inflow_per_month",
                r.inflow_per_month,
                &mut gf.inflow_per_month,
            ),
        ] {
            if let Some(v) = value {
                *slot = Some(round(v));
                sources.insert(field.into(), note.clone());
            }
        }
    }
}
