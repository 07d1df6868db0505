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
//! Pure: takes a scenario and a panel. The realised figures obey disclosure control
//! (a month whose total is withheld is not scored).

use crate::error::InputError;
use crate::evaluate::{Options, evaluate};
use crate::lang::Lang;
use crate::measure::{Measure, MonthCells};
use crate::register::Panel;
use crate::scenario::Scenario;
use crate::sim::{Model, Workspace};
use crate::stats::Summary;
use crate::{Month, run};
use rayon::prelude::*;
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

/// Backtest `scenario` on `panel` from `as_of`.
pub fn backtest(
    scenario: &Scenario,
    panel: &Panel,
    as_of: Month,
    config: BacktestConfig,
) -> Result<Backtest, InputError> {
    let (first, last) = panel
        .month_range()
        .ok_or_else(|| InputError::new("--from-register", "the register has no rows"))?;
    if as_of >= last {
        return Err(InputError::new(
            "--as-of",
            format!(
                "{as_of} leaves no later month in the register to score (its last month is {last}); give an earlier --as-of"
            ),
        ));
    }
    if config.replications == 0 {
        return Err(InputError::new(
            "--replications",
            "0 replications give no result (expected at least 1)",
        ));
    }
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
    for year in as_of.year()..=last.year() {
        let december = Month::new(year, 12).expect("a year");
        let sc = scenario
            .clone()
            .with_judged_year(year, december.min(last))?;
        if sc.horizon_end() <= as_of {
            continue;
        }
        let (sc, start) = crate::from_register::prepare(&sc, panel, as_of, config.min_cell)?;
        persons = start.len() as u64;
        let model = Model::new(&sc, &[]).with_start(&start);
        let outcomes: Vec<Vec<MonthCells>> = (0..config.replications)
            .into_par_iter()
            .map_init(Workspace::default, |work, rep| {
                model
                    .simulate_in(config.seed, rep, work)
                    .cells
                    .swap_remove(0)
            })
            .collect();
        let reps: Vec<&[MonthCells]> = outcomes.iter().map(Vec::as_slice).collect();
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
        let result = run::result::summarize(&sc, method, &reps, audit, timing);
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

/// The backtest as a table for people.
pub fn render(b: &Backtest, lang: Lang) -> String {
    let mut out = crate::run::table::audit_line(
        lang,
        &b.fokus_version,
        &b.scenario_name,
        lang.count(b.replications) + " " + lang.pick("kørsler", "replications"),
        b.seed,
        Some(&b.method),
    ) + "\n";
    out.push_str(&format!(
        "{} {} ({} {}), {} {}\n\n",
        lang.pick("Backtest: fremskrivning fra", "Backtest: projection from"),
        b.as_of,
        lang.count(b.persons),
        lang.pick("personer", "persons"),
        lang.pick(
            "holdt op mod registret til",
            "scored against the register up to"
        ),
        b.last_month
    ));
    out.push_str(&format!(
        "  {:<9}{:>11}{:>11}{:>16}{:>8}{:>8}\n",
        lang.pick("Måned", "Month"),
        lang.pick("Realiseret", "Realised"),
        lang.pick("Simuleret", "Simulated"),
        lang.pick("90 %-bånd", "90% band"),
        lang.pick("Fejl", "Error"),
        lang.pick("Dækket", "Covered")
    ));
    for m in &b.months {
        let band = format!(
            "{}–{}",
            lang.num(m.simulated.p05.unwrap_or(f64::NAN), 1),
            lang.num(m.simulated.p95.unwrap_or(f64::NAN), 1)
        );
        out.push_str(&format!(
            "  {:<9}{:>11}{:>11}{:>16}{:>8}{:>8}\n",
            m.month.to_string(),
            lang.num(m.realised_pct, 1),
            lang.num(m.simulated.mean.unwrap_or(f64::NAN), 1),
            band,
            signed(lang, m.error_pp),
            if m.covered {
                lang.pick("ja", "yes")
            } else {
                lang.pick("nej", "no")
            }
        ));
    }
    out.push('\n');
    if let (Some(e), Some(c)) = (b.mean_error_pp, b.coverage_90) {
        let covered = b.months.iter().filter(|m| m.covered).count();
        out.push_str(&format!(
            "  {} {} {} · {} {} {} {} {} ({}{})\n",
            lang.pick("Gennemsnitlig fejl:", "Mean error:"),
            signed(lang, e),
            lang.pick("point", "points"),
            lang.pick("90 %-båndet dækker", "the 90% band covers"),
            covered,
            lang.pick("af", "of"),
            b.months.len(),
            lang.pick("måneder", "months"),
            lang.num(100.0 * c, 0),
            lang.pick(" %", "%")
        ));
    }
    for y in &b.years {
        out.push_str(&format!(
            "  {} {}: P({}) = {}{}, {} {} ({}), Brier {}\n",
            lang.pick("År", "Year"),
            y.year,
            lang.pick("mål", "goal"),
            lang.num(100.0 * y.p_target_met, 0),
            lang.pick(" %", "%"),
            lang.pick("realiseret", "realised"),
            lang.pct(y.realised_pct),
            if y.target_met {
                lang.pick("nået", "met")
            } else {
                lang.pick("ikke nået", "not met")
            },
            lang.num(y.brier, 3)
        ));
    }
    if b.years.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            lang.pick(
                "Intet helt kalenderår med simulerede måneder i registret: ingen Brier-score.",
                "No complete calendar year with simulated months in the register: no Brier score."
            )
        ));
    }
    out
}

fn signed(lang: Lang, v: f64) -> String {
    format!("{}{}", if v >= 0.0 { "+" } else { "" }, lang.num(v, 1))
}
