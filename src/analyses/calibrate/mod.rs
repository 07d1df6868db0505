//! Calibration: fit each group's base offer rate so the simulated active shares of the
//! observed months match the observed ones. Pure: takes a scenario and its targets (the
//! scenario's observed months, a CSV's or a register's, read by the caller), returns the
//! fitted rates, the fit and the calibrated scenario file; the CLI writes it.
//!
//! This module gathers the targets and puts a register's rates in; the fit itself is in
//! `gauss_newton`, the calibrated file in `file`.

mod file;
mod gauss_newton;

pub use gauss_newton::{
    Calibration, FAIL_PP, FitCell, MAX_SIMULATIONS, TOLERANCE_PP, WARN_TOTAL_PP,
};

use crate::error::InputError;
use crate::measure::register::Panel;
use crate::measure::register::rates::GroupRates;
use crate::run::Driver;
use crate::scenario::{ObservedMonth, Scenario};
use crate::{Group, Month};
use file::{calibrated_file, record_register_rates};
use gauss_newton::calibrate;
use std::collections::BTreeMap;

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
        name: Option<&crate::vocab::label::Label>,
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
