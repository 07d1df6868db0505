//! A register as the starting point of a projection (issue 7, `--from-register`): the
//! scenario's observed months replaced by the register's own evaluation, and the
//! caseload at the as-of month as a [`Start`]. Pure: takes a loaded [`Panel`].
//!
//! Disclosure control: nothing here holds a person id (the panel has none); group
//! shares and person counts of groups below the disclosure limit are withheld by the
//! same rule as `fokus evaluate` ([`crate::evaluate::hidden_groups`]).

use crate::error::InputError;
use crate::evaluate::{Options, evaluate, hidden_groups};
use crate::measure::Measure;
use crate::method::Method;
use crate::register::Panel;
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::Start;
use crate::{Group, Month};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a run started, for the output (`start` in the JSON).
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
}

/// The as-of month: `as_of`, or the register's last month; it must lie in the register.
pub fn as_of_month(panel: &Panel, as_of: Option<Month>) -> Result<Month, InputError> {
    let (first, last) = panel
        .month_range()
        .ok_or_else(|| InputError::new("--from-register", "the register has no rows"))?;
    let m = as_of.unwrap_or(last);
    if m < first || m > last {
        return Err(InputError::new(
            "--as-of",
            format!("{m} is outside the register's months {first} to {last}"),
        ));
    }
    Ok(m)
}

/// The register's active shares of the months `from..=to` under `method`, as observed
/// months: the total and every group not withheld by disclosure control (`min_cell`).
/// A month whose total is empty or withheld is an error: it cannot be observed.
pub fn observed_months(
    panel: &Panel,
    method: &Method,
    from: Month,
    to: Month,
    min_cell: u64,
) -> Result<Vec<ObservedMonth>, InputError> {
    if to < from {
        return Ok(Vec::new());
    }
    let ev = evaluate(
        panel,
        std::slice::from_ref(method),
        Options {
            measure: Measure::Active,
            min_cell,
        },
    );
    let months = &ev.methods[0].months;
    from.through(to)
        .map(|month| {
            let m = months.iter().find(|m| m.month == month).ok_or_else(|| {
                InputError::new(
                    "--from-register",
                    format!("the register has no rows in {month}, which must be observed (the observed months of a year run from January to the as-of month)"),
                )
            })?;
            let (Some(total), Some(population)) = (m.total.share_pct, m.total.population) else {
                return Err(InputError::new(
                    "--from-register",
                    format!("the register's population in {month} is empty or below the disclosure limit ({min_cell}); its share cannot be observed"),
                ));
            };
            let mut groups = [None; Group::COUNT];
            for g in &m.groups {
                groups[g.group.index()] = g.cell.share_pct;
            }
            Ok(ObservedMonth {
                month,
                total,
                groups,
                population: Some(population),
            })
        })
        .collect()
}

/// The scenario for a run from `panel` at `as_of`: its observed months replaced by the
/// register's months of the judged year up to `as_of`, and the start.
pub fn prepare(
    scenario: &Scenario,
    panel: &Panel,
    as_of: Month,
    min_cell: u64,
) -> Result<(Scenario, Start), InputError> {
    if as_of >= scenario.horizon_end() {
        return Err(InputError::new(
            "--as-of",
            format!(
                "{as_of} is not before the scenario's horizon {} (nothing left to simulate)",
                scenario.horizon_end()
            ),
        ));
    }
    let start = Start::from_panel(panel, as_of);
    if start.is_empty() {
        return Err(InputError::new(
            "--from-register",
            format!("nobody is on benefit in {as_of}"),
        ));
    }
    let by_group = start.persons_by_group();
    if let Some(g) = Group::ALL
        .into_iter()
        .find(|g| by_group[g.index()] > 0 && scenario.groups()[g.index()].exit_hazard.is_empty())
    {
        return Err(InputError::new(
            "--from-register",
            format!(
                "the register has persons in group {g} in {as_of}, which the scenario has no parameters for (add groups.{g})"
            ),
        ));
    }
    let january = scenario.january();
    let observed = observed_months(
        panel,
        scenario.method(),
        january,
        as_of.min(scenario.horizon_end()),
        min_cell,
    )?;
    Ok((scenario.clone().with_observed(observed)?, start))
}

/// What the output says about the start; person counts withheld below `min_cell`.
pub fn start_info(
    start: &Start,
    scenario: &Scenario,
    register: String,
    register_sha256: String,
    min_cell: u64,
) -> StartInfo {
    let counts = start.persons_by_group();
    let hidden = hidden_groups(&counts, min_cell);
    StartInfo {
        register,
        register_sha256,
        as_of: start.as_of(),
        persons: start.len() as u64,
        persons_by_group: Group::ALL
            .into_iter()
            .filter(|g| counts[g.index()] > 0)
            .map(|g| (g, (!hidden[g.index()]).then_some(counts[g.index()])))
            .collect(),
        observed_from_register: true,
        observed_months: scenario.observed().iter().map(|o| o.month).collect(),
    }
}

/// One line for people: who was loaded, and where the observed shares come from.
pub fn describe(info: &StartInfo, lang: crate::lang::Lang) -> String {
    let groups: Vec<String> = info
        .persons_by_group
        .iter()
        .map(|(g, n)| {
            format!(
                "{} {}",
                lang.group(*g),
                n.map_or_else(
                    || lang.pick("(skjult)", "(withheld)").to_string(),
                    |n| lang.count(n)
                )
            )
        })
        .collect();
    let observed = match (info.observed_months.first(), info.observed_months.last()) {
        (Some(a), Some(b)) => format!(
            "{} {}–{} {}",
            lang.pick("observerede andele", "observed shares"),
            a,
            b,
            lang.pick("beregnet fra registret", "computed from the register")
        ),
        _ => lang
            .pick(
                "ingen observerede måneder i året",
                "no observed months in the year",
            )
            .to_string(),
    };
    format!(
        "{} {} {} {}: {} {} ({}); {}.\n",
        lang.pick("Start fra register", "Start from register"),
        info.register,
        lang.pick("pr.", "as of"),
        info.as_of,
        lang.count(info.persons),
        lang.pick("personer", "persons"),
        groups.join(", "),
        observed
    )
}
