//! A register as the starting point of a projection (issue 7, `--from-register`): the
//! scenario's observed months replaced by the register's own evaluation, and the
//! caseload at the as-of month as a [`Start`] (the simulator's plain data, built here
//! from the register's rows). Pure: takes a loaded [`Panel`].
//!
//! Disclosure control: nothing here holds a person id (the panel has none); group
//! shares and person counts of groups below the disclosure limit are withheld by the
//! same rule as `fokus evaluate` ([`crate::measure::evaluate::hidden_groups`]).

use crate::error::InputError;
use crate::measure::Measure;
use crate::measure::evaluate::{Options, evaluate, hidden_groups};
use crate::measure::method::Method;
use crate::measure::register::Panel;
use crate::run::StartInfo;
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::start::{Exposure, HISTORY_MONTHS, Start, StartPerson};
use crate::{Group, Month};

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

/// The persons of `panel` with a row in `as_of`, with their history up to it: the
/// caseload a projection from the register starts from.
pub fn start_at(panel: &Panel, as_of: Month) -> Start {
    Start::new(as_of, start_persons(panel, as_of))
}

/// [`start_at`]'s persons: each one's membership in `as_of` and last months from the
/// snapshot, and from all its rows up to `as_of` the months since its last offer and
/// its exposure.
fn start_persons(panel: &Panel, as_of: Month) -> impl Iterator<Item = StartPerson> + '_ {
    panel
        .snapshot(as_of, HISTORY_MONTHS)
        .into_iter()
        .map(move |s| {
            let rows = panel.person(s.person);
            let up_to_as_of = &rows[..rows.partition_point(|r| r.month <= as_of)];
            let mut exposure = Exposure::default();
            for r in up_to_as_of {
                exposure.add(&r.membership, &r.activity);
            }
            StartPerson {
                membership: s.membership,
                history: s.history,
                months_since_offer: up_to_as_of
                    .iter()
                    .rev()
                    .find(|r| r.activity.offer)
                    .map(|r| as_of.since(r.month) as u32),
                exposure,
            }
        })
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
    let start = start_at(panel, as_of);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Activity;
    use crate::measure::register::parse_register;

    /// A person's start comes from its rows: the snapshot's last months (an empty month
    /// where a row is missing), the months since the last offer and the exposure over
    /// every row up to the as-of month; a person without a row then is not in it.
    #[test]
    fn start_persons_come_from_the_rows_up_to_the_as_of_month() {
        let text = "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n\
                    a,2024-12,kontanthjaelp,1,0,7,0,0\n\
                    a,2025-01,kontanthjaelp,0,12.5,3,0,2\n\
                    a,2025-03,kontanthjaelp,0,12.49,4.5,1,0\n\
                    a,2025-04,kontanthjaelp,1,0,0,0,0\n\
                    b,2025-02,sygedagpenge,0,0,0,0,0\n";
        let panel = parse_register(text, "t.csv").unwrap();
        let as_of: Month = "2025-03".parse().unwrap();
        let persons: Vec<StartPerson> = start_persons(&panel, as_of).collect();
        assert_eq!(persons.len(), 1);
        let p = &persons[0];
        assert_eq!(p.membership.group, Group::Kontanthjaelp);
        assert!(p.membership.absence_registered);
        assert_eq!(
            (p.membership.seniority_spell, p.membership.seniority_any),
            (1, 1),
            "2025-02 is missing: the spell restarts"
        );
        let history = &p.history;
        assert_eq!(history.len(), HISTORY_MONTHS as usize);
        let last = history.len() - 1;
        assert_eq!(history[last - 1], Activity::default());
        assert_eq!(history[last - 2].ordinary_hours.centi(), 1250);
        assert!(history[last - 3].offer);
        assert_eq!(
            p.months_since_offer,
            Some(3),
            "the offer after 2025-03 is not seen"
        );
        assert_eq!(
            p.exposure,
            Exposure {
                months: 2,
                offer_months: 1,
                work_months: 1
            },
            "the absent month is not exposed"
        );
        let start = start_at(&panel, as_of);
        assert_eq!((start.as_of(), start.len()), (as_of, 1));
    }
}
