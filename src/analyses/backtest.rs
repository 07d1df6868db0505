//! Backtest (`fokus backtest`): start a projection from an earlier month of a register
//! and score it against the months that followed in the same register.
//!
//! For every calendar year from the as-of month's to the register's last, the scenario
//! is run with that year as the judged year, starting from the register's caseload at
//! the as-of month (the same replications and seed for every year, so the years see the
//! same simulated histories: every draw is keyed by person and month). Scores:
//! - per month after the as-of month, the error of the simulated mean total share
//!   against the realised one (simulated − realised, points) and whether the realised
//!   share lies in the simulated 90 % band (p05..p95); the coverage is the share of
//!   months covered — months of one path are correlated, so judge it over many months
//!   or several registers;
//! - per calendar year complete in the register (January to December) with simulated
//!   months, the Brier score `(p_target_met − realised)²` of the probability of
//!   reaching the goal, where realised is 1 when the register's year figure is above
//!   the target.
//!
//! Every projection starts from the register's flows as well as its caseload
//! (`register_start::prepare`): inflow, seasonality, exit hazards and moves estimated
//! from the months up to the as-of month, the scenario's only where those cannot inform
//! them (listed in `flows.borrowed`).
//!
//! Pure: takes a scenario and a panel. The realised figures obey disclosure control
//! (a month whose total is withheld is not scored).

use crate::error::InputError;
use crate::measure::Measure;
use crate::measure::evaluate::{Options, evaluate};
use crate::measure::register::Panel;
use crate::run::{Driver, RegisterFlows};
use crate::scenario::Scenario;
use crate::scenario::uncertainty::Layers;
use crate::sim::Model;
use crate::stats::Summary;
use crate::{Month, run};
use serde::Serialize;

/// How to backtest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BacktestConfig {
    /// Replications.
    pub replications: u64,
    /// Seed.
    pub seed: u64,
    /// Disclosure limit of the register figures.
    pub min_cell: u64,
    /// The layers of uncertainty drawn (`--without` switches layers off).
    pub layers: Layers,
}

/// One scored month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BacktestMonth {
    /// The month (after the as-of month).
    pub month: Month,
    /// The register's total active share, percent.
    pub realised_pct: f64,
    /// The simulated total share.
    pub simulated: Summary,
    /// Simulated mean minus realised, points.
    pub error_pp: f64,
    /// The realised share lies in the simulated 90 % band (p05..p95).
    pub covered: bool,
}

/// One calendar year complete in the register, with simulated months.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BacktestYear {
    /// The year.
    pub year: i32,
    /// The projection's probability of reaching the goal.
    pub p_target_met: f64,
    /// The register's year figure, percent.
    pub realised_pct: f64,
    /// The register's year figure is above the target.
    pub target_met: bool,
    /// `(p_target_met − target_met)²`.
    pub brier: f64,
}

/// The whole backtest: plain data for the table and JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backtest {
    /// fokus version.
    pub fokus_version: String,
    /// The scenario's name.
    pub scenario_name: String,
    /// The scoring method's name.
    pub method: String,
    /// Seed.
    pub seed: u64,
    /// Replications.
    pub replications: u64,
    /// The projection starts the month after this one.
    pub as_of: Month,
    /// The register's last month.
    pub last_month: Month,
    /// Persons on benefit in the as-of month.
    pub persons: u64,
    /// The flows taken from the register up to the as-of month, and the numbers
    /// borrowed from the scenario.
    pub flows: RegisterFlows,
    /// The scored months, in order.
    pub months: Vec<BacktestMonth>,
    /// Mean of the monthly errors, points.
    pub mean_error_pp: Option<f64>,
    /// Share of scored months whose realised share lies in the 90 % band.
    pub coverage_90: Option<f64>,
    /// The complete years with a probability to score.
    pub years: Vec<BacktestYear>,
    /// Mean Brier score over those years.
    pub brier: Option<f64>,
}

/// The most projections a backtest of `panel` from `as_of` runs: one per calendar year
/// from the as-of month's to the register's last.
pub fn max_projections(panel: &Panel, as_of: Month) -> u64 {
    panel.month_range().map_or(0, |(_, last)| {
        u64::try_from(last.year() - as_of.year() + 1).unwrap_or(0)
    })
}

/// Backtest `scenario` on `panel` from `as_of`.
pub fn backtest(
    driver: &Driver,
    scenario: &Scenario,
    panel: &Panel,
    as_of: Month,
    config: BacktestConfig,
) -> crate::Result<Backtest> {
    let (first, last) = panel.month_range().ok_or_else(|| {
        InputError::new(
            "--from-register",
            crate::text!(da: "registret har ingen rækker", en: "the register has no rows"),
        )
    })?;
    if as_of >= last {
        return Err(InputError::new(
            "--as-of",
            crate::text!(
                da: "{as_of} efterlader ingen senere måned i registret at bedømme (dets sidste måned er {last}); giv en tidligere --as-of",
                en: "{as_of} leaves no later month in the register to score (its last month is {last}); give an earlier --as-of"
            ),
        )
        .into());
    }
    run::require_replications(config.replications)?;
    let method = scenario.method();
    let realised = evaluate(
        panel,
        std::slice::from_ref(method),
        Options {
            measure: Measure::Active,
            min_cell: config.min_cell,
        },
    );
    let realised = &realised.methods[0];
    let mut months = Vec::new();
    let mut years = Vec::new();
    let mut persons = 0;
    let mut flows = RegisterFlows::default();
    for year in as_of.year()..=last.year() {
        let december = Month::new(year, 12).expect("a year");
        let sc = scenario
            .clone()
            .with_judged_year(year, december.min(last))?;
        if sc.horizon_end() <= as_of {
            continue;
        }
        let (sc, start, year_flows) =
            crate::analyses::register_start::prepare(&sc, panel, as_of, config.min_cell)?;
        persons = start.len() as u64;
        flows = year_flows;
        let model = Model::new(&sc, &[])
            .with_start(&start)
            .with_layers(config.layers);
        let outcomes = driver.replicate(&model, config.seed, 0..config.replications);
        let cells = run::RunCells::from_outcomes(&outcomes);
        let audit = run::Audit {
            fokus_version: crate::VERSION.to_string(),
            scenario: String::new(),
            scenario_name: sc.name().to_string(),
            scenario_sha256: String::new(),
            seed: config.seed,
            replications: config.replications,
            method: method.name().to_string(),
        };
        let timing = run::Timing {
            elapsed_s: 0.0,
            person_months: 0,
            threads: 0,
        };
        let result = run::result::summarize(&sc, method, cells.method(0), audit, timing);
        for m in result.months.iter().filter(|m| !m.observed) {
            let real = realised
                .months
                .iter()
                .find(|r| r.month == m.month)
                .and_then(|r| r.total.share_pct);
            if let (Some(real), Some(mean), Some(lo), Some(hi)) =
                (real, m.total.mean, m.total.p05, m.total.p95)
            {
                months.push(BacktestMonth {
                    month: m.month,
                    realised_pct: real,
                    simulated: m.total,
                    error_pp: mean - real,
                    covered: lo <= real && real <= hi,
                });
            }
        }
        let complete = first <= Month::new(year, 1).expect("a year") && last >= december;
        if let Some(figure) = realised
            .years
            .iter()
            .find(|y| y.year == year && y.months_covered == 12)
            .and_then(|y| y.figure_pct)
            .filter(|_| complete)
        {
            let met = figure > method.target_pct();
            years.push(BacktestYear {
                year,
                p_target_met: result.p_target_met,
                realised_pct: figure,
                target_met: met,
                brier: (result.p_target_met - f64::from(u8::from(met))).powi(2),
            });
        }
    }
    let mean = |v: Vec<f64>| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    Ok(Backtest {
        fokus_version: crate::VERSION.to_string(),
        scenario_name: scenario.name().to_string(),
        method: method.name().to_string(),
        seed: config.seed,
        replications: config.replications,
        as_of,
        last_month: last,
        persons,
        flows,
        mean_error_pp: mean(months.iter().map(|m| m.error_pp).collect()),
        coverage_90: mean(
            months
                .iter()
                .map(|m| f64::from(u8::from(m.covered)))
                .collect(),
        ),
        brier: mean(years.iter().map(|y| y.brier).collect()),
        months,
        years,
    })
}
