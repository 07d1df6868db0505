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
use crate::measure::register::flows::{self, Flows};
use crate::measure::register::rates::MIN_PERSON_MONTHS;
use crate::run::{Borrowed, Estimated, EvidenceUnit, RegisterFlows, StartInfo};
use crate::scenario::{GroupParams, Initiative, ObservedMonth, Scenario};
use crate::sim::start::{Exposure, HISTORY_MONTHS, Start, StartPerson};
use crate::{Group, Month};

/// The as-of month: `as_of`, or the register's last month; it must lie in the register.
pub fn as_of_month(panel: &Panel, as_of: Option<Month>) -> Result<Month, InputError> {
    let (first, last) = panel.month_range().ok_or_else(|| {
        InputError::new(
            "--from-register",
            crate::text!(da: "registret har ingen rækker", en: "the register has no rows"),
        )
    })?;
    let m = as_of.unwrap_or(last);
    if m < first || m > last {
        return Err(InputError::new(
            "--as-of",
            crate::text!(
                da: "{m} ligger uden for registrets måneder {first} til {last}",
                en: "{m} is outside the register's months {first} to {last}"
            ),
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
                    crate::text!(
                        da: "registret har ingen rækker i {month}, som skal være observeret (et års observerede måneder løber fra januar til --as-of-måneden)",
                        en: "the register has no rows in {month}, which must be observed (the observed months of a year run from January to the as-of month)"
                    ),
                )
            })?;
            let (Some(total), Some(population)) = (m.total.share_pct, m.total.population) else {
                return Err(InputError::new(
                    "--from-register",
                    crate::text!(
                        da: "registrets population i {month} er tom eller mindre end {min_cell} (den mindste størrelse, der må vises); dens andel kan ikke observeres",
                        en: "the register's population in {month} is empty or below the disclosure limit ({min_cell}); its share cannot be observed"
                    ),
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

/// The scenario for a run from `panel` at `as_of`: its flows taken from the register
/// ([`scale_to_register`]), its observed months replaced by the register's months of the
/// judged year up to `as_of`; the start; and what was taken and borrowed.
pub fn prepare(
    scenario: &Scenario,
    panel: &Panel,
    as_of: Month,
    min_cell: u64,
) -> Result<(Scenario, Start, RegisterFlows), InputError> {
    if as_of >= scenario.horizon_end() {
        return Err(InputError::new("--as-of", {
            let horizon = scenario.horizon_end();
            crate::text!(
                da: "{as_of} ligger ikke før scenariets horisont {horizon} (intet tilbage at simulere)",
                en: "{as_of} is not before the scenario's horizon {horizon} (nothing left to simulate)"
            )
        }));
    }
    let start = start_at(panel, as_of);
    if start.is_empty() {
        return Err(InputError::new(
            "--from-register",
            crate::text!(
                da: "ingen modtager ydelse i {as_of}",
                en: "nobody is on benefit in {as_of}"
            ),
        ));
    }
    let by_group = start.persons_by_group();
    if let Some(g) = Group::ALL
        .into_iter()
        .find(|g| by_group[g.index()] > 0 && scenario.groups()[g.index()].exit_hazard.is_empty())
    {
        return Err(InputError::new(
            "--from-register",
            crate::text!(
                da: "registret har personer i gruppen {g} i {as_of}, som scenariet ingen parametre har for (tilføj groups.{g})",
                en: "the register has persons in group {g} in {as_of}, which the scenario has no parameters for (add groups.{g})"
            ),
        ));
    }
    let (scaled, flows) = scale_to_register(scenario, panel, as_of, &start, min_cell)?;
    let january = scenario.january();
    let observed = observed_months(
        panel,
        scenario.method(),
        january,
        as_of.min(scenario.horizon_end()),
        min_cell,
    )?;
    Ok((scaled.with_observed(observed)?, start, flows))
}

/// Months with new spells an inflow estimate needs; fewer, and the scenario's inflow is
/// borrowed, scaled to the register's caseload.
pub const MIN_INFLOW_MONTHS: u64 = 6;
/// New spells a seasonality estimate needs (100 a calendar month on average: each
/// month's factor then has a standard error of about 0.1); and every calendar month
/// must be seen.
pub const MIN_SEASONALITY_ENTRIES: u64 = 1_200;

/// `scenario` with the flows of the municipality in `panel` (up to `as_of`, whose
/// caseload is `start`): per group the inflow, the exit hazard of each of the scenario's
/// seniority bands and the move rates (the scenario's moves, and moves the register
/// shows that the scenario lacks), and the inflow's seasonality — each estimated from
/// the register (`flows::count`) where it has the evidence, the scenario's otherwise.
///
/// A rate is estimated from [`MIN_PERSON_MONTHS`] person-months at risk; the inflow from
/// [`MIN_INFLOW_MONTHS`] months after the register's first (Poisson: new spells over the
/// months' seasonality factors); the seasonality from [`MIN_SEASONALITY_ENTRIES`] new
/// spells over every calendar month (each month's mean new spells over their mean,
/// pooled over groups as the scenario's is). A borrowed inflow is scaled by the
/// register's caseload over the scenario's. Counts the register cannot inform (offer
/// capacities, `extra_capacity` offers) are kept and reported with the factor between
/// the scenario's caseload and the register's. What was estimated and what was borrowed
/// is returned; borrowed numbers of a group with nobody in the as-of month and no
/// inflow act on nobody and are not listed. The caseload share of a group below the
/// disclosure limit `min_cell` is withheld, as its person count is.
pub fn scale_to_register(
    scenario: &Scenario,
    panel: &Panel,
    as_of: Month,
    start: &Start,
    min_cell: u64,
) -> Result<(Scenario, RegisterFlows), InputError> {
    let Some(counted) = flows::count(panel, as_of) else {
        return Ok((scenario.clone(), RegisterFlows::default()));
    };
    let by_group = start.persons_by_group();
    let hidden = hidden_groups(&by_group, min_cell);
    let caseload = by_group.iter().sum::<u64>().max(1) as f64;
    let share =
        |g: Group| (!hidden[g.index()]).then(|| 100.0 * by_group[g.index()] as f64 / caseload);
    let size_ratio = scenario.initial_persons() as f64 / caseload;
    let mut out = RegisterFlows::default();

    let (seasonality, entry_weights) = seasonality_of(scenario, &counted, &mut out);
    let mut scenario = scenario.clone().with_seasonality(seasonality)?;
    let entry_months = entry_weights.len() as u64;
    let weight: f64 = entry_weights.iter().sum();

    let groups: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|&g| scenario.has_group(g))
        .collect();
    for g in groups {
        let f = &counted.groups[g.index()];
        let old = scenario.groups()[g.index()].clone();
        let mut p = old.clone();
        let mut borrowed = Vec::new();
        let path = |field: &str| format!("groups.{g}.{field}");
        let entries: u64 = f.entries.iter().sum();
        if entry_months >= MIN_INFLOW_MONTHS {
            p.inflow_per_month = entries as f64 / weight;
            out.estimated.push(Estimated {
                parameter: path("inflow_per_month"),
                value: p.inflow_per_month,
                scenario_value: Some(old.inflow_per_month),
                evidence: entries,
            });
        } else {
            // A scenario with nobody at the start of its burn-in has no size to scale by.
            if size_ratio > 0.0 {
                p.inflow_per_month = old.inflow_per_month / size_ratio;
            }
            borrowed.push(Borrowed {
                parameter: path("inflow_per_month"),
                value: p.inflow_per_month,
                register_value: (entry_months > 0).then(|| entries as f64 / weight),
                evidence: entry_months,
                needed: MIN_INFLOW_MONTHS,
                unit: EvidenceUnit::Months,
                caseload_share_pct: share(g),
                size_ratio: Some(size_ratio),
            });
        }
        for (i, &(from, rate)) in old.exit_hazard.iter().enumerate() {
            let below = old.exit_hazard.get(i + 1).map(|b| b.0);
            let (exits, at_risk) = f.exits_in(from, below);
            let parameter = path(&format!("exit_hazard[{i}].rate"));
            if at_risk >= MIN_PERSON_MONTHS {
                p.exit_hazard[i].1 = exits as f64 / at_risk as f64;
                out.estimated.push(Estimated {
                    parameter,
                    value: p.exit_hazard[i].1,
                    scenario_value: Some(rate),
                    evidence: at_risk,
                });
            } else {
                borrowed.push(rate_borrowed(parameter, rate, exits, at_risk, share(g)));
            }
        }
        p.moves = moves_of(&scenario, g, &old, f, &mut out, &mut borrowed, share(g));
        if let Some(capacity) = old.offer_capacity {
            borrowed.push(count_borrowed(
                path("offer_capacity"),
                f64::from(capacity),
                share(g),
                size_ratio,
            ));
        }
        if by_group[g.index()] > 0 || p.inflow_per_month > 0.0 {
            out.borrowed.extend(borrowed);
        }
        scenario = scenario.with_group_params(g, p)?;
    }
    for (i, init) in scenario.initiatives().iter().enumerate() {
        if let (Initiative::ExtraCapacity { .. }, Ok(offers)) = (init, init.strength().value) {
            out.borrowed.push(count_borrowed(
                format!("initiatives[{i}].{}", init.strength().field),
                offers,
                Some(100.0),
                size_ratio,
            ));
        }
    }
    Ok((scenario, out))
}

/// The seasonality a run from the register uses (estimated, or the scenario's), and each
/// month after the register's first with its factor: the months the inflow's new spells
/// were counted in.
fn seasonality_of(
    scenario: &Scenario,
    counted: &Flows,
    out: &mut RegisterFlows,
) -> ([f64; 12], Vec<f64>) {
    let months: Vec<Month> = counted.entry_months().collect();
    let mut seen = [0u64; 12];
    let mut entries = [0u64; 12];
    for (k, m) in months.iter().enumerate() {
        let c = m.month_of_year() as usize - 1;
        seen[c] += 1;
        entries[c] += counted.groups.iter().map(|f| f.entries[k]).sum::<u64>();
    }
    let total: u64 = entries.iter().sum();
    let mean_of = |c: usize| entries[c] as f64 / seen[c].max(1) as f64;
    let level = (0..12).map(mean_of).sum::<f64>() / 12.0;
    let seasonality =
        if seen.iter().all(|&n| n > 0) && total >= MIN_SEASONALITY_ENTRIES && level > 0.0 {
            // A factor is at most 12 (all new spells in one month); a scenario allows 10.
            let estimated: [f64; 12] = std::array::from_fn(|c| (mean_of(c) / level).min(10.0));
            for (c, (&v, &old)) in estimated.iter().zip(scenario.seasonality()).enumerate() {
                out.estimated.push(Estimated {
                    parameter: format!("seasonality[{c}]"),
                    value: v,
                    scenario_value: Some(old),
                    evidence: entries[c],
                });
            }
            estimated
        } else {
            let register = seen.iter().all(|&n| n > 0) && level > 0.0;
            for (c, &old) in scenario.seasonality().iter().enumerate() {
                out.borrowed.push(Borrowed {
                    parameter: format!("seasonality[{c}]"),
                    value: old,
                    register_value: register.then(|| mean_of(c) / level),
                    evidence: total,
                    needed: MIN_SEASONALITY_ENTRIES,
                    unit: EvidenceUnit::NewSpells,
                    caseload_share_pct: Some(100.0),
                    size_ratio: None,
                });
            }
            *scenario.seasonality()
        };
    let weights = months
        .iter()
        .map(|m| seasonality[m.month_of_year() as usize - 1])
        .collect();
    (seasonality, weights)
}

/// Group `g`'s moves in a run from the register: each of the scenario's moves at the
/// register's rate where it has the person-months, and the moves the register shows
/// that the scenario lacks (from any spell); scaled down together if they add up to
/// more than 1.
fn moves_of(
    scenario: &Scenario,
    g: Group,
    old: &GroupParams,
    f: &flows::GroupFlows,
    out: &mut RegisterFlows,
    borrowed: &mut Vec<Borrowed>,
    share: Option<f64>,
) -> Vec<(Group, f64, u32)> {
    let mut moves = Vec::new();
    for (i, &(to, rate, min_spell)) in old.moves.iter().enumerate() {
        let (moved, stayers) = f.moves_to(to, min_spell);
        let parameter = format!("groups.{g}.moves[{i}].rate");
        if stayers >= MIN_PERSON_MONTHS {
            let estimate = moved as f64 / stayers as f64;
            out.estimated.push(Estimated {
                parameter,
                value: estimate,
                scenario_value: Some(rate),
                evidence: stayers,
            });
            moves.push((to, estimate, min_spell));
        } else {
            borrowed.push(rate_borrowed(parameter, rate, moved, stayers, share));
            moves.push((to, rate, min_spell));
        }
    }
    for to in Group::ALL {
        let (moved, stayers) = f.moves_to(to, 0);
        if to == g
            || moved == 0
            || stayers < MIN_PERSON_MONTHS
            || !scenario.has_group(to)
            || old.moves.iter().any(|m| m.0 == to)
        {
            continue;
        }
        let estimate = moved as f64 / stayers as f64;
        out.estimated.push(Estimated {
            parameter: format!("groups.{g}.moves[{}].rate", moves.len()),
            value: estimate,
            scenario_value: None,
            evidence: stayers,
        });
        moves.push((to, estimate, 0));
    }
    let sum: f64 = moves.iter().map(|m| m.1).sum();
    if sum > 1.0 {
        for m in &mut moves {
            m.1 /= sum;
        }
    }
    moves
}

/// A rate kept from the scenario: the register had `at_risk` person-months with
/// `events`, too few; `share` is `None` for a group below the disclosure limit.
fn rate_borrowed(
    parameter: String,
    rate: f64,
    events: u64,
    at_risk: u64,
    share: Option<f64>,
) -> Borrowed {
    Borrowed {
        parameter,
        value: rate,
        // A group below the disclosure limit shows no figure of its own.
        register_value: (share.is_some() && at_risk > 0).then(|| events as f64 / at_risk as f64),
        evidence: at_risk,
        needed: MIN_PERSON_MONTHS,
        unit: EvidenceUnit::PersonMonths,
        caseload_share_pct: share,
        size_ratio: None,
    }
}

/// A count a register cannot inform, kept from the scenario.
fn count_borrowed(parameter: String, value: f64, share: Option<f64>, size_ratio: f64) -> Borrowed {
    Borrowed {
        parameter,
        value,
        register_value: None,
        evidence: 0,
        needed: 0,
        unit: EvidenceUnit::None,
        caseload_share_pct: share,
        size_ratio: Some(size_ratio),
    }
}

/// What the output says about the start; person counts withheld below `min_cell`.
pub fn start_info(
    start: &Start,
    scenario: &Scenario,
    register: String,
    register_sha256: String,
    min_cell: u64,
    flows: RegisterFlows,
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
        flows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Activity;
    use crate::measure::register::parse_register;

    /// The register's flows replace the scenario's where it has the evidence: the inflow
    /// of new spells and the exit rate of a band with 200 person-months; a band with
    /// fewer keeps the scenario's rate and is listed as borrowed, with the register's own
    /// figure and its group's share of the caseload; an offer capacity is listed with the
    /// factor between the scenario's caseload and the register's.
    #[test]
    fn flows_come_from_the_register_and_borrowed_numbers_are_named() {
        let text = r#"{"version": 1, "year": 2025, "burn_in_months": 14,
            "groups": {
            "kontanthjaelp": {"persons": 4000, "inflow_per_month": 200, "offer_rate": 0.2,
                "hours_rate": 0.1, "hours_median": 40, "conversation_rate": 0.5,
                "absence_rate": 0.05, "registration_rate": 0.5,
                "exit_hazard": [{"from_months": 0, "rate": 0.05},
                                {"from_months": 12, "rate": 0.02}]},
            "sygedagpenge": {"persons": 4000, "inflow_per_month": 100, "offer_rate": 0.2,
                "offer_capacity": 500, "hours_rate": 0.1, "hours_median": 40,
                "conversation_rate": 0.5, "absence_rate": 0.05, "registration_rate": 0.5,
                "exit_hazard": [{"from_months": 0, "rate": 0.1}]}}}"#;
        let scenario = crate::scenario::load::from_json_str(text, "t")
            .unwrap()
            .scenario;
        // 2024-01 to 2025-03. Kontanthjælp: 100 persons there throughout (censored), and
        // 10 arrivals a month from 2024-02, each staying 4 months; sygedagpenge: 8
        // persons throughout.
        let mut csv = String::from(
            "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n",
        );
        let first: Month = "2024-01".parse().unwrap();
        let row = |csv: &mut String, id: &str, m: Month, g: &str| {
            csv.push_str(&format!("{id},{m},{g},0,0,0,0,1\n"));
        };
        for k in 0..15 {
            let m = first.plus(k);
            for p in 0..100 {
                row(&mut csv, &format!("k{p}"), m, "kontanthjaelp");
            }
            for p in 0..8 {
                row(&mut csv, &format!("s{p}"), m, "sygedagpenge");
            }
            for arrival in (k - 3).max(1)..=k {
                for p in 0..10 {
                    row(&mut csv, &format!("a{arrival}-{p}"), m, "kontanthjaelp");
                }
            }
        }
        let panel = parse_register(&csv, "r.csv").unwrap();
        let as_of: Month = "2025-03".parse().unwrap();
        let start = start_at(&panel, as_of);
        let (scaled, used) = scale_to_register(&scenario, &panel, as_of, &start, 5).unwrap();
        let kh = &scaled.groups()[Group::Kontanthjaelp.index()];
        // 14 months of 10 new spells, fewer than 1,200 new spells: the scenario's
        // seasonality (all 1), so the inflow is 140 / 14.
        assert!((kh.inflow_per_month - 10.0).abs() < 1e-9);
        // Below 12 months only the arrivals' exact months: 4 months each, the 4th an
        // exit (except for the arrivals still there in 2025-03).
        let counted = flows::count(&panel, as_of).unwrap();
        let (exits, at_risk) = counted.groups[Group::Kontanthjaelp.index()].exits_in(0, Some(12));
        assert!(at_risk >= MIN_PERSON_MONTHS);
        assert!((kh.exit_hazard[0].1 - exits as f64 / at_risk as f64).abs() < 1e-12);
        assert!(exits > 0);
        // From 12 months on: the 100 censored persons, 100 × 3 months (2024-12 to
        // 2025-02) at 12 or more, no exit.
        assert_eq!(kh.exit_hazard[1].1, 0.0);
        let borrowed: Vec<&str> = used.borrowed.iter().map(|b| b.parameter.as_str()).collect();
        assert!(borrowed.contains(&"seasonality[0]"), "{borrowed:?}");
        // Sygedagpenge: 8 censored persons, one band open upwards, 8 × 14 = 112
        // person-months: borrowed.
        let exit = used
            .borrowed
            .iter()
            .find(|b| b.parameter == "groups.sygedagpenge.exit_hazard[0].rate")
            .unwrap();
        assert_eq!((exit.value, exit.evidence), (0.1, 112));
        assert_eq!(exit.register_value, Some(0.0));
        let share = 100.0 * 8.0 / start.len() as f64;
        assert!((exit.caseload_share_pct.unwrap() - share).abs() < 1e-9);
        let capacity = used
            .borrowed
            .iter()
            .find(|b| b.parameter == "groups.sygedagpenge.offer_capacity")
            .unwrap();
        assert!((capacity.size_ratio.unwrap() - 8000.0 / start.len() as f64).abs() < 1e-9);
        assert_eq!(
            scaled.groups()[Group::Sygedagpenge.index()].exit_hazard[0].1,
            0.1
        );
    }

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
