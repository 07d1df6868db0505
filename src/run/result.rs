//! The result of a run as plain data (serialized as `--format json`), and how it is
//! summarised from the run's cells ([`super::cells::RunCells`]) along their axes.

use super::cells::{MethodCells, shares_over_replications};
use super::takes::{
    ConversationsGoal, MonthCounts, WhatItTakes, conversations_goal, month_counts, what_it_takes,
};
use crate::measure::method::Method;
use crate::measure::{Cell, requirement, year_figure};
use crate::scenario::Scenario;
use crate::stats::{Histogram, Summary, wilson95};
use crate::{Group, Month};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a figure comes from: version, scenario, seed, replications, method.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Audit {
    /// fokus version.
    pub fokus_version: String,
    /// The scenario file as given.
    pub scenario: String,
    /// The scenario's name.
    pub scenario_name: String,
    /// SHA-256 of the merged scenario.
    pub scenario_sha256: String,
    /// Seed.
    pub seed: u64,
    /// Replications.
    pub replications: u64,
    /// The method's name.
    pub method: String,
}

/// Wall time and work.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    /// Seconds.
    pub elapsed_s: f64,
    /// Persons on benefits in each simulated month, summed over months and replications.
    pub person_months: u64,
    /// Worker threads.
    pub threads: usize,
}

/// One month of the judged year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthResult {
    /// The month.
    pub month: Month,
    /// Whether the month's figures are observed (pinned) rather than simulated.
    pub observed: bool,
    /// The total share, percent, as the year mean uses it: in an observed month the
    /// observed share (exact), otherwise the simulated share over the replications
    /// (`months.csv`'s `mean`…`p95` mean the same).
    pub total: Summary,
    /// Per group code, as `total`: observed where the group was observed.
    pub groups: BTreeMap<Group, Summary>,
    /// Observed months: the model's own total before the observed figure is pinned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_total: Option<Summary>,
    /// Observed months: the model's own group shares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_groups: Option<BTreeMap<Group, Summary>>,
    /// Head-counts beside the shares: population, fulfilled and offers started.
    pub counts: MonthCounts,
}

/// The result of `fokus run` under one method.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunResult {
    /// Audit trail.
    pub audit: Audit,
    /// The target, percent (the year mean must be strictly above).
    pub target_pct: f64,
    /// Share of replications whose year mean exceeds the target.
    pub p_target_met: f64,
    /// Wilson 95 % interval of `p_target_met`.
    pub p_target_met_ci95: [f64; 2],
    /// The year mean (observed months as observed).
    pub year_mean_pct: Summary,
    /// The year means of the replications in bins whose edges fall on the target, so the
    /// bins from the target up hold the replications that meet it (the certainty chart).
    pub year_mean_histogram: Histogram,
    /// What the simulated months must average, given the observed ones.
    pub requirement_pct: Option<f64>,
    /// Observed months, in order.
    pub observed_months: Vec<Month>,
    /// January to the horizon.
    pub months: Vec<MonthResult>,
    /// What it takes to reach the goal: the required average and December level, the
    /// points of no return, extra persons and offers.
    pub what_it_takes: WhatItTakes,
    /// The conversations focus goal, projected from the same histories.
    pub conversations: ConversationsGoal,
    /// Wall time and work (the only part that varies with threads and machine).
    pub timing: Timing,
    /// Where the run started when it started from a register (`--from-register`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<StartInfo>,
    /// The spread of the year mean by layer of uncertainty (the scenario's own method
    /// only; see [`super::uncertainty`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<super::uncertainty::Uncertainty>,
    /// A run to a precision (`--precision`): the precision asked for and whether it was
    /// reached before the replication cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
}

/// How a run to a precision stopped (`precision` in the JSON): at the precision asked
/// for, or at the most replications it was allowed (`-n`) short of it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Precision {
    /// The half-width asked for of P(goal)'s Wilson 95 % interval (a probability:
    /// 0.01 is ±1 point).
    pub requested_half_width: f64,
    /// The half-width at the stop.
    pub reached_half_width: f64,
    /// Whether the half-width asked for was reached; false when the run stopped at
    /// `max_replications` with a wider interval.
    pub reached: bool,
    /// The most replications the run was allowed (`-n`).
    pub max_replications: u64,
}

/// Where a run started when it started from a register (`start` in the JSON): plain
/// data, filled by [`crate::analyses::register_start::start_info`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StartInfo {
    /// The register file's name (no folder).
    pub register: String,
    /// SHA-256 of the register file.
    pub register_sha256: String,
    /// The as-of month: the simulation starts the month after.
    pub as_of: Month,
    /// Persons on benefit in the as-of month.
    pub persons: u64,
    /// Per group; a group below the disclosure limit is `null` (withheld).
    pub persons_by_group: BTreeMap<Group, Option<u64>>,
    /// The observed months of the judged year come from evaluating the register.
    pub observed_from_register: bool,
    /// Those months.
    pub observed_months: Vec<Month>,
    /// The inflow, seasonality, exit hazards and moves taken from the register, and the
    /// scenario's numbers used where it could not inform them.
    pub flows: RegisterFlows,
}

/// What a run from a register took from it and what it borrowed from the scenario
/// (filled by [`crate::analyses::register_start::scale_to_register`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RegisterFlows {
    /// The scenario's numbers replaced by the register's estimates.
    pub estimated: Vec<Estimated>,
    /// The scenario's numbers kept: the register could not inform them.
    pub borrowed: Vec<Borrowed>,
}

/// A scenario number replaced by the register's estimate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimated {
    /// The scenario's parameter, as its JSON path (`groups.kontanthjaelp.inflow_per_month`).
    pub parameter: String,
    /// The register's estimate, used in the run.
    pub value: f64,
    /// The scenario's value it replaced (`null`: a move the scenario does not have).
    pub scenario_value: Option<f64>,
    /// What the estimate rests on: person-months (rates) or new spells (inflow,
    /// seasonality).
    pub evidence: u64,
}

/// What a register's evidence for a number counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceUnit {
    /// Person-months at risk (a rate).
    PersonMonths,
    /// Months after the register's first (an inflow).
    Months,
    /// New spells (the seasonality).
    NewSpells,
    /// Nothing: a count the register cannot inform.
    None,
}

/// A scenario number used because the register could not inform it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Borrowed {
    /// The scenario's parameter, as its JSON path.
    pub parameter: String,
    /// The value used (the scenario's; an inflow scaled to the register's caseload).
    pub value: f64,
    /// The register's own figure on its too little evidence, when it has any.
    pub register_value: Option<f64>,
    /// The evidence the register has, in `unit`.
    pub evidence: u64,
    /// The evidence an estimate needs.
    pub needed: u64,
    /// What the evidence counts.
    pub unit: EvidenceUnit,
    /// The share of the register's caseload in the as-of month the number acts on
    /// (its group's persons; all of them for the seasonality), percent; `null` for a
    /// group below the disclosure limit.
    pub caseload_share_pct: Option<f64>,
    /// For a count (offers a month): the scenario's caseload over the register's, the
    /// factor by which a count sized for the scenario is too large for the register.
    pub size_ratio: Option<f64>,
}

/// Per replication: the year mean, `None` when a month has no population.
pub fn year_means(
    scenario: &Scenario,
    method: &Method,
    cells: MethodCells<'_>,
) -> Vec<Option<f64>> {
    let january = scenario.january();
    cells
        .totals()
        .rows()
        .into_iter()
        .map(|months| {
            let cells: Vec<Cell> = months
                .iter()
                .enumerate()
                .map(
                    |(i, &sim)| match scenario.observed_in(january.plus(i as i32)) {
                        // An observed share, weighted by the simulated population.
                        Some(o) => pinned_cell(o.total, o.population.unwrap_or(sim.population)),
                        None => sim,
                    },
                )
                .collect();
            year_figure(method.year_average(), &cells)
        })
        .collect()
}

/// A cell with the given share, for mixing observed shares into the year figure.
fn pinned_cell(share_pct: f64, population: u64) -> Cell {
    // Fixed-point at 1e-6 percent keeps the weighted figure exact enough and integral.
    let scale = 1_000_000u64;
    let population = population.max(1) * scale;
    Cell {
        population,
        fulfilled: (share_pct / 100.0 * population as f64).round() as u64,
    }
}

/// Summarise replications of one method into a `RunResult` (timing filled by the caller).
pub fn summarize(
    scenario: &Scenario,
    method: &Method,
    cells: MethodCells<'_>,
    audit: Audit,
    timing: Timing,
) -> RunResult {
    let january = scenario.january();
    let present: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|&g| {
            let p = &scenario.groups()[g.index()];
            p.persons > 0 || p.inflow_per_month > 0.0 || cells.ever_populated(g)
        })
        .collect();
    let totals = cells.totals();
    let months: Vec<MonthResult> = (0..cells.months())
        .map(|i| {
            let month = january.plus(i as i32);
            let counts = month_counts(scenario, cells, &present, i);
            let sim_total = Summary::of(&shares_over_replications(totals.column(i)));
            let sim_groups: BTreeMap<Group, Summary> = present
                .iter()
                .map(|&g| {
                    let shares = shares_over_replications(cells.group(g).column(i));
                    (g, Summary::of(&shares))
                })
                .collect();
            match scenario.observed_in(month) {
                Some(o) => MonthResult {
                    month,
                    observed: true,
                    total: Summary::exact(o.total),
                    groups: present
                        .iter()
                        .map(|&g| {
                            (
                                g,
                                o.groups[g.index()].map_or(sim_groups[&g], Summary::exact),
                            )
                        })
                        .collect(),
                    simulated_total: Some(sim_total),
                    simulated_groups: Some(sim_groups),
                    counts,
                },
                None => MonthResult {
                    month,
                    observed: false,
                    total: sim_total,
                    groups: sim_groups,
                    simulated_total: None,
                    simulated_groups: None,
                    counts,
                },
            }
        })
        .collect();
    let means: Vec<f64> = year_means(scenario, method, cells)
        .into_iter()
        .flatten()
        .collect();
    let met = means.iter().filter(|&&m| m > method.target_pct()).count() as u64;
    let n = means.len() as u64;
    let observed: Vec<f64> = scenario.observed().iter().map(|o| o.total).collect();
    let year_mean_pct = Summary::of(&means);
    RunResult {
        audit,
        target_pct: method.target_pct(),
        p_target_met: if n > 0 { met as f64 / n as f64 } else { 0.0 },
        p_target_met_ci95: wilson95(met, n),
        year_mean_pct,
        year_mean_histogram: Histogram::of(&means, method.target_pct()),
        requirement_pct: requirement(method.target_pct(), &observed).required_mean_pct,
        observed_months: scenario.observed().iter().map(|o| o.month).collect(),
        what_it_takes: what_it_takes(scenario, method, &months, year_mean_pct.mean),
        conversations: conversations_goal(scenario, method, cells),
        months,
        timing,
        start: None,
        uncertainty: None,
        precision: None,
    }
}
