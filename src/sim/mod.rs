//! The Monte Carlo microsimulation: one replication is a pure function of
//! (scenario, methods, seed, replication index). See `docs/model.md` for the model.
//!
//! Monthly order of events for every person on benefits:
//! 1. exit (hazard by group and months on benefits) — leavers are gone this month;
//! 2. move to another group (resets the spell seniority unless the rule keeps it);
//! 3. inflow of new recipients (Poisson, seasonal), seniority 1;
//! 4. true absence (with persistence) and whether it is registered;
//! 5. offer (base rate × propensity, production steering, capacity), ordinary hours,
//!    frikort hours (within the yearly cap), conversation — none while absent;
//! 6. scoring of the month under each method, with the shared measure.

pub mod rng;
pub mod start;
pub mod synth;

use crate::measure::{Measure, Membership, MonthCells, WindowTotals};
use crate::method::{MAX_WINDOW_MONTHS, Method};
use crate::scenario::{Initiative, Scenario};
use crate::{Group, Month};
use rand_distr::{Distribution, Gamma, Poisson};
use rng::{Event, PersonMonth};
pub use start::Start;

const RING: usize = MAX_WINDOW_MONTHS as usize;
/// "No offer seen" for persons whose history starts before the simulation.
const NEVER: u16 = 999;
/// Longest initial seniority drawn for the starting population, months.
const MAX_INITIAL_SENIORITY: u32 = 240;
/// Months beyond it whose stationary mass is lumped into it (a hazard of 0 has no
/// stationary distribution; the lump is then this many months' worth).
const TAIL_MONTHS: u32 = 1200;

/// One person on benefits. Kept small: the month loop streams over all persons.
#[derive(Clone, Debug)]
struct Person {
    /// Stable identity for the random streams (never an output).
    key: u64,
    /// Offers and conversations of the last 64 months: bit k is k months ago.
    offer_bits: u64,
    conversation_bits: u64,
    /// Ordinary and frikort hours (whole hours) of the last `RING` months, by month
    /// index mod RING.
    ordinary: [u16; RING],
    frikort: [u16; RING],
    group: Group,
    spell: u16,
    any: u16,
    months_since_offer: u16,
    /// Frikort hours (whole) used in the current calendar year.
    frikort_used: u16,
    /// Propensities (mean 1) to get offers and to work.
    offer_propensity: f32,
    work_propensity: f32,
    absent: bool,
    absence_registered: bool,
}

impl Person {
    /// The window's totals as the shared measure reads them: months
    /// `month_index − window + 1 ..= month_index` (none before the simulation start).
    #[inline]
    fn window_totals(&self, month_index: u32, window: u32) -> WindowTotals {
        let months = window.min(month_index + 1);
        let mask = if months >= 64 {
            u64::MAX
        } else {
            (1u64 << months) - 1
        };
        // The window is one or two contiguous runs of the ring: sum them as slices.
        let end = month_index as usize % RING + 1;
        let len = months as usize;
        let sum = |ring: &[u16; RING]| -> u32 {
            let run = |xs: &[u16]| xs.iter().map(|&x| u32::from(x)).sum::<u32>();
            if len <= end {
                run(&ring[end - len..end])
            } else {
                run(&ring[..end]) + run(&ring[RING - (len - end)..])
            }
        };
        let (ordinary, frikort) = (sum(&self.ordinary), sum(&self.frikort));
        WindowTotals {
            offer: self.offer_bits & mask != 0,
            ordinary_centi: u64::from(ordinary) * 100,
            frikort_centi: u64::from(frikort) * 100,
            conversations: (self.conversation_bits & mask).count_ones(),
        }
    }

    /// This month's activity, in the measure's terms.
    #[cfg(test)]
    fn activity(&self, month_index: u32, back: u32) -> crate::Activity {
        let slot = (month_index - back) as usize % RING;
        crate::Activity {
            offer: self.offer_bits >> back & 1 == 1,
            ordinary_hours: crate::Hours::whole(u32::from(self.ordinary[slot])),
            frikort_hours: crate::Hours::whole(u32::from(self.frikort[slot])),
            conversations: (self.conversation_bits >> back & 1) as u16,
        }
    }

    #[inline]
    fn membership(&self) -> Membership {
        Membership {
            group: self.group,
            absence_registered: self.absence_registered,
            seniority_spell: u32::from(self.spell),
            seniority_any: u32::from(self.any),
        }
    }
}

/// What one replication produced: for each scoring method, the cells of each month of
/// the judged year (January to the horizon).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationOutcome {
    /// `cells[method][month]`, months from January of the judged year.
    pub cells: Vec<Vec<MonthCells>>,
    /// Persons on benefits summed over all simulated months (burn-in included).
    pub person_months: u64,
}

/// The scenario turned into what the monthly step needs.
#[derive(Clone, Debug)]
pub struct Model<'a> {
    scenario: &'a Scenario,
    /// Scoring methods; the first is the scenario's own.
    methods: Vec<Method>,
    /// −ln(1 − p) of the base offer and hours rates, per group: hazards so that a
    /// propensity z gives 1 − exp(−λ z), which is the base rate at z = 1 and stays below 1.
    /// A rate of 1 is an infinite hazard: certain whatever the propensity ([`chance`]).
    offer_hazard: [f64; Group::COUNT],
    hours_hazard: [f64; Group::COUNT],
    /// Exit probability per group by months on benefits (index = months, capped).
    exit_rate: Vec<Vec<f64>>,
    /// Initial seniority distribution per group (cumulative, from 1 month).
    initial_seniority_cdf: Vec<Vec<f64>>,
    propensity: Gamma<f64>,
    /// Today's caseload from a register, when the run starts from it (issue 7).
    start: Option<&'a Start>,
}

impl<'a> Model<'a> {
    /// A model of `scenario`, scored under its own method and then `extra_methods`
    /// (the same simulated histories under several methods).
    pub fn new(scenario: &'a Scenario, extra_methods: &[Method]) -> Model<'a> {
        let hazard = |p: f64| {
            if p >= 1.0 {
                f64::INFINITY
            } else {
                -(1.0 - p).ln()
            }
        };
        let shape = scenario.heterogeneity_shape;
        Model {
            scenario,
            methods: std::iter::once(scenario.method.clone())
                .chain(extra_methods.iter().cloned())
                .collect(),
            exit_rate: Group::ALL
                .iter()
                .map(|g| {
                    (0..=MAX_INITIAL_SENIORITY)
                        .map(|m| scenario.groups[g.index()].exit_rate(m))
                        .collect()
                })
                .collect(),
            offer_hazard: Group::ALL.map(|g| hazard(scenario.groups[g.index()].offer_rate)),
            hours_hazard: Group::ALL.map(|g| hazard(scenario.groups[g.index()].hours_rate)),
            initial_seniority_cdf: Group::ALL
                .iter()
                .map(|g| {
                    let params = &scenario.groups[g.index()];
                    // Stationary seniority of a stock with constant inflow: P(S = s) ∝ survival
                    // to s. The mass beyond the longest seniority drawn is lumped into it, not
                    // dropped: dropping it would over-weight short spells, and the stock would
                    // shrink while they leave (by 1.6 % with a long-term hazard of 1 %).
                    let mut survival = 1.0;
                    let mut weights = vec![0.0; MAX_INITIAL_SENIORITY as usize];
                    for s in 1..=MAX_INITIAL_SENIORITY + TAIL_MONTHS {
                        weights[(s.min(MAX_INITIAL_SENIORITY) - 1) as usize] += survival;
                        survival *= 1.0 - params.exit_rate(s);
                        if survival < 1e-12 {
                            break;
                        }
                    }
                    let total: f64 = weights.iter().sum();
                    let mut acc = 0.0;
                    weights
                        .iter()
                        .map(|w| {
                            acc += w / total;
                            acc
                        })
                        .collect()
                })
                .collect(),
            propensity: Gamma::new(shape, 1.0 / shape).expect("validated shape"),
            start: None,
        }
    }

    /// Start every replication from `start` (a register's caseload) instead of the
    /// scenario's synthetic population: simulate `start.as_of() + 1 ..= horizon_end`
    /// with no burn-in. See [`start`].
    pub fn with_start(self, start: &'a Start) -> Model<'a> {
        Model {
            start: Some(start),
            ..self
        }
    }

    /// The first simulated month, its month index (the start's history occupies the
    /// indices before it) and the status-quo month of the offer rates.
    fn timeline(&self) -> (Month, u32, Month) {
        match self.start {
            Some(s) => (s.as_of().plus(1), start::HISTORY_MONTHS, s.as_of()),
            None => (
                self.scenario.first_month,
                0,
                self.scenario.status_quo_from(),
            ),
        }
    }

    /// The scoring methods, the scenario's own first.
    pub fn methods(&self) -> &[Method] {
        &self.methods
    }

    /// Months of the judged year that are simulated (January to the horizon).
    pub fn year_months(&self) -> Vec<Month> {
        self.scenario
            .january()
            .through(self.scenario.horizon_end)
            .collect()
    }

    fn new_person(
        &self,
        rep_key: u64,
        person_key: u64,
        group: Group,
        seniority: Option<u32>,
    ) -> Person {
        let mut traits = rng::generator(&[rep_key, person_key, Event::Traits as u64]);
        let spell = seniority.unwrap_or_else(|| {
            let u: f64 = rand::RngExt::random(&mut traits);
            let cdf = &self.initial_seniority_cdf[group.index()];
            cdf.partition_point(|&c| c < u) as u32 + 1
        });
        let spell = spell.min(u32::from(u16::MAX - 1)) as u16;
        Person {
            key: person_key,
            group,
            spell,
            any: spell,
            // Counted from the start of the spell: production-steering lists and
            // capacity queues rank by time on benefits without an offer, so a newcomer
            // is not "longest waiting" in the first month.
            months_since_offer: (spell - 1).min(NEVER),
            offer_propensity: self.propensity.sample(&mut traits) as f32,
            work_propensity: self.propensity.sample(&mut traits) as f32,
            absent: false,
            absence_registered: false,
            frikort_used: 0,
            offer_bits: 0,
            conversation_bits: 0,
            ordinary: [0; RING],
            frikort: [0; RING],
        }
    }

    /// Simulate replication `rep` under `seed`.
    pub fn simulate(&self, seed: u64, rep: u64) -> ReplicationOutcome {
        self.simulate_observed(seed, rep, &mut |_, _, _| {})
    }

    /// [`Model::simulate`], showing `observe` the persons at the end of every simulated
    /// month (month, month index, persons) — how [`synth`] writes a register.
    fn simulate_observed(
        &self,
        seed: u64,
        rep: u64,
        observe: &mut dyn FnMut(Month, u32, &[Person]),
    ) -> ReplicationOutcome {
        let sc = self.scenario;
        let rep_key = rng::replication_key(seed, rep);
        let january = sc.january();
        let year_months = january.through(sc.horizon_end).count();
        let mut cells = vec![vec![MonthCells::default(); year_months]; self.methods.len()];
        let mut person_months = 0u64;
        let frikort_cap = (sc.frikort_cap_hours.centi() / 100).min(u32::from(u16::MAX)) as u16;

        let (first_month, first_index, status_quo) = self.timeline();
        let mut persons = match self.start {
            Some(s) => s.persons(self, rep_key),
            None => self.initial_population(rep_key),
        };
        let mut offer_wanted: Vec<bool> = Vec::new();
        let shocks = self.offer_shocks(rep_key);

        for (mi, month) in first_month.through(sc.horizon_end).enumerate() {
            let mi = first_index + mi as u32;
            let slot = mi as usize % RING;
            // The run-up trend of offer rates, reaching at most 12 months back, and the
            // operations' shock after the status-quo month.
            let back = month.since(status_quo).clamp(-12, 0);
            let shock = shocks[mi as usize];
            let trend = Group::ALL
                .map(|g| (sc.groups[g.index()].offer_trend * f64::from(back)).exp() * shock);
            let active: Vec<&Initiative> = sc
                .initiatives
                .iter()
                .filter(|i| i.active_in(month))
                .collect();

            // 1–2. Exits and moves of those already on benefits.
            let advance = |p: &mut Person| -> bool {
                let draws = PersonMonth::new(rep_key, p.key, mi);
                let params = &sc.groups[p.group.index()];
                let table = &self.exit_rate[p.group.index()];
                let exit_p = table[usize::from(p.any).min(table.len() - 1)];
                if draws.uniform(Event::Exit) < exit_p {
                    return false;
                }
                let mut to = None;
                let mut u = draws.uniform(Event::Move);
                for &(target, rate, min_spell) in &params.moves {
                    if u < rate {
                        if u32::from(p.spell) >= min_spell {
                            to = Some(target);
                        }
                        break;
                    }
                    u -= rate;
                }
                p.any = p.any.saturating_add(1).min(u16::MAX - 1);
                match to {
                    Some(target) if !p.group.move_keeps_spell(target) => {
                        p.group = target;
                        p.spell = 1;
                    }
                    Some(target) => {
                        p.group = target;
                        p.spell = p.spell.saturating_add(1).min(u16::MAX - 1);
                    }
                    None => p.spell = p.spell.saturating_add(1).min(u16::MAX - 1),
                }
                if month.month_of_year() == 1 {
                    p.frikort_used = 0;
                }
                p.offer_bits <<= 1;
                p.conversation_bits <<= 1;
                p.ordinary[slot] = 0;
                p.frikort[slot] = 0;
                p.months_since_offer = p.months_since_offer.saturating_add(1).min(NEVER);
                true
            };
            // Leavers are swapped out (O(1)); the order of persons never matters, as
            // every draw is keyed by the person, not by the position.
            let mut i = 0;
            while i < persons.len() {
                if advance(&mut persons[i]) {
                    i += 1;
                } else {
                    persons.swap_remove(i);
                }
            }

            // 3. Inflow.
            for g in Group::ALL {
                let mean = sc.groups[g.index()].inflow_per_month
                    * sc.seasonality[month.month_of_year() as usize - 1];
                if mean <= 0.0 {
                    continue;
                }
                let mut inflow_rng = rng::generator(&[
                    rep_key,
                    Event::Inflow as u64,
                    g.index() as u64,
                    u64::from(mi),
                ]);
                let n = Poisson::new(mean)
                    .expect("validated inflow")
                    .sample(&mut inflow_rng) as u64;
                for k in 0..n {
                    let key = rng::key(&[1 + u64::from(mi), g.index() as u64, k]);
                    persons.push(self.new_person(rep_key, key, g, Some(1)));
                }
            }

            // 4–5. Absence and activity.
            offer_wanted.clear();
            offer_wanted.resize(persons.len(), false);
            for (p, wanted) in persons.iter_mut().zip(offer_wanted.iter_mut()) {
                let draws = PersonMonth::new(rep_key, p.key, mi);
                let params = &sc.groups[p.group.index()];
                let gi = p.group.index();
                let absence_p = if p.absent {
                    params.absence_persistence
                } else {
                    params.absence_rate
                };
                p.absent = draws.uniform(Event::Absence) < absence_p;
                let mut registration = params.registration_rate;
                let mut extra_offer = 0.0;
                for init in &active {
                    match init {
                        Initiative::AbsenceFollowup {
                            groups,
                            registration_rate,
                            ..
                        } if groups.as_ref().is_none_or(|gs| gs.contains(&p.group)) => {
                            registration = registration.max(*registration_rate);
                        }
                        Initiative::ProductionSteering {
                            groups,
                            months_without_offer,
                            extra_offer_rate,
                            ..
                        } if groups.as_ref().is_none_or(|gs| gs.contains(&p.group))
                            && u32::from(p.months_since_offer) >= *months_without_offer =>
                        {
                            extra_offer = 1.0 - (1.0 - extra_offer) * (1.0 - extra_offer_rate);
                        }
                        _ => {}
                    }
                }
                p.absence_registered =
                    p.absent && draws.uniform(Event::Registration) < registration;
                if p.absent {
                    continue;
                }
                let base_offer = chance(
                    self.offer_hazard[gi] * trend[gi],
                    f64::from(p.offer_propensity),
                );
                let offer_p = 1.0 - (1.0 - base_offer) * (1.0 - extra_offer);
                *wanted = draws.uniform(Event::Offer) < offer_p;
                let work_p = chance(self.hours_hazard[gi], f64::from(p.work_propensity));
                if draws.uniform(Event::Hours) < work_p {
                    let h = params.hours_median
                        * (params.hours_sigma * draws.normal(Event::HoursAmount)).exp();
                    p.ordinary[slot] = whole_hours(h);
                }
                if params.frikort_rate > 0.0 && draws.uniform(Event::Frikort) < params.frikort_rate
                {
                    let h = params.frikort_hours_median
                        * (0.6 * draws.normal(Event::FrikortAmount)).exp();
                    let room = frikort_cap.saturating_sub(p.frikort_used);
                    let h = whole_hours(h).min(room);
                    p.frikort[slot] = h;
                    p.frikort_used += h;
                }
                if draws.uniform(Event::Conversation) < params.conversation_rate {
                    p.conversation_bits |= 1;
                }
            }
            self.allocate_offers(&mut persons, &mut offer_wanted, &active, rep_key, mi);
            for (p, &got) in persons.iter_mut().zip(&offer_wanted) {
                if got {
                    p.offer_bits |= 1;
                    p.months_since_offer = 0;
                }
            }

            // 6. Scoring.
            person_months += persons.len() as u64;
            if month >= january {
                let yi = month.since(january) as usize;
                for (k, method) in self.methods.iter().enumerate() {
                    let month_cells = &mut cells[k][yi];
                    for p in &persons {
                        let window = p.window_totals(mi, method.window_months);
                        let status =
                            method.status(Measure::Active, month, &p.membership(), &window);
                        month_cells.count(p.group, status);
                    }
                }
            }
            observe(month, mi, &persons);
        }
        ReplicationOutcome {
            cells,
            person_months,
        }
    }

    /// The persons on benefits at the start of the burn-in: each group's `persons`, with
    /// seniority from the stationary distribution and no activity history yet.
    fn initial_population(&self, rep_key: u64) -> Vec<Person> {
        let sc = self.scenario;
        let mut persons = Vec::with_capacity(sc.initial_persons() as usize);
        for g in Group::ALL {
            for k in 0..sc.groups[g.index()].persons {
                let key = rng::key(&[0, g.index() as u64, u64::from(k)]);
                persons.push(self.new_person(rep_key, key, g, None));
            }
        }
        persons
    }

    /// Per month index, the multiplier of every offer hazard: 1 for a start's history and
    /// up to the status-quo month, then a mean-one log-normal AR(1) process (the operations' uncertainty). The draws are
    /// keyed by replication only, so every scenario shares them (common random numbers).
    fn offer_shocks(&self, rep_key: u64) -> Vec<f64> {
        let sc = self.scenario;
        let (sd, persistence) = sc.offer_shock;
        let (first_month, first_index, from) = self.timeline();
        let mut draws = rng::generator(&[rep_key, Event::Shock as u64]);
        let (mut level, mut variance) = (0.0, 0.0);
        let history = std::iter::repeat_n(1.0, first_index as usize);
        history
            .chain(first_month.through(sc.horizon_end).map(|month| {
                if month <= from || sd == 0.0 {
                    return 1.0;
                }
                let e: f64 = rand_distr::StandardNormal.sample(&mut draws);
                level = persistence * level + sd * e;
                variance = persistence * persistence * variance + sd * sd;
                // Mean one: the shock moves rates up and down, not up on average.
                (level - variance / 2.0).exp()
            }))
            .collect()
    }

    /// Capacity: where a group has a monthly limit or extra places, offers go first to
    /// those who drew one, then to those longest without an offer (ties by a random draw).
    fn allocate_offers(
        &self,
        persons: &mut [Person],
        wanted: &mut [bool],
        active: &[&Initiative],
        rep_key: u64,
        mi: u32,
    ) {
        let sc = self.scenario;
        for g in Group::ALL {
            let extra: u64 = active
                .iter()
                .map(|i| match i {
                    Initiative::ExtraCapacity {
                        group,
                        offers_per_month,
                        ..
                    } if *group == g => u64::from(*offers_per_month),
                    _ => 0,
                })
                .sum();
            let cap = sc.groups[g.index()].offer_capacity.map(u64::from);
            if extra == 0 && cap.is_none() {
                continue;
            }
            let mut members: Vec<usize> = (0..persons.len())
                .filter(|&i| persons[i].group == g && !persons[i].absent)
                .collect();
            let drawn = members.iter().filter(|&&i| wanted[i]).count() as u64;
            let places = cap.map_or(u64::MAX, |c| c.saturating_add(extra));
            let offers = drawn
                .saturating_add(extra)
                .min(places)
                .min(members.len() as u64) as usize;
            if offers == drawn as usize && cap.is_none_or(|c| drawn <= c) {
                continue;
            }
            let priority = |i: usize| {
                let p = &persons[i];
                let tie = PersonMonth::new(rep_key, p.key, mi).uniform(Event::Priority);
                (wanted[i], p.months_since_offer, ordered(tie), p.key)
            };
            let mut keyed: Vec<_> = members.drain(..).map(|i| (priority(i), i)).collect();
            keyed.sort_unstable_by_key(|k| std::cmp::Reverse(k.0));
            for (rank, (_, i)) in keyed.into_iter().enumerate() {
                wanted[i] = rank < offers;
            }
        }
    }
}

/// Simulated hours are whole hours (a month has at most 744).
#[inline]
fn whole_hours(h: f64) -> u16 {
    h.clamp(0.0, 744.0).round() as u16
}

/// The monthly probability 1 − exp(−λ z) of a person with propensity `z` under hazard
/// `λ`; certain when λ is infinite (a rate of 1), even for a propensity of 0.
fn chance(hazard: f64, z: f64) -> f64 {
    if hazard.is_infinite() {
        1.0
    } else {
        1.0 - (-hazard * z).exp()
    }
}

/// A total order on a uniform in [0, 1).
fn ordered(u: f64) -> u64 {
    u.to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::WindowTotals;

    /// The simulator's packed window equals the measure's sum over the window's months.
    #[test]
    fn packed_window_matches_the_measure_sum() {
        let mut p = Person {
            key: 1,
            offer_bits: 0,
            conversation_bits: 0,
            ordinary: [0; RING],
            frikort: [0; RING],
            group: Group::Kontanthjaelp,
            spell: 1,
            any: 1,
            months_since_offer: NEVER,
            frikort_used: 0,
            offer_propensity: 1.0,
            work_propensity: 1.0,
            absent: false,
            absence_registered: false,
        };
        for mi in 0..80u32 {
            p.offer_bits <<= 1;
            p.conversation_bits <<= 1;
            let slot = mi as usize % RING;
            p.ordinary[slot] = (mi * 7 % 13) as u16;
            p.frikort[slot] = (mi % 3) as u16;
            if mi % 17 == 3 {
                p.offer_bits |= 1;
            }
            if mi % 2 == 0 {
                p.conversation_bits |= 1;
            }
            for window in [1, 6, 12, 24, 36] {
                let months = window.min(mi + 1);
                let expected =
                    WindowTotals::over(&(0..months).map(|b| p.activity(mi, b)).collect::<Vec<_>>());
                assert_eq!(
                    p.window_totals(mi, window),
                    expected,
                    "month {mi}, window {window}"
                );
            }
        }
    }

    #[test]
    fn a_rate_of_one_is_certain_for_any_propensity() {
        assert_eq!(chance(f64::INFINITY, 0.0), 1.0);
        assert_eq!(chance(f64::INFINITY, 1e-30), 1.0);
        let lambda = -(1.0f64 - 0.3).ln();
        assert!((chance(lambda, 1.0) - 0.3).abs() < 1e-12);
        assert_eq!(chance(lambda, 0.0), 0.0);
    }

    /// The initial seniority keeps the stationary mass beyond 240 months: with a hazard
    /// of 0.25 for 11 months and 0.005 after, P(S ≤ 11) is Σ_{s≤11} 0.75^(s−1) / Σ_all.
    #[test]
    fn initial_seniority_is_stationary_including_the_tail() {
        let text = r#"{"version": 1, "year": 2025, "groups": {"kontanthjaelp": {
            "persons": 1, "inflow_per_month": 1, "offer_rate": 0, "hours_rate": 0,
            "hours_median": 1, "absence_rate": 0, "registration_rate": 0, "conversation_rate": 0,
            "exit_hazard": [{"from_months": 0, "rate": 0.25}, {"from_months": 12, "rate": 0.005}]}}}"#;
        let loaded = crate::scenario::load::from_json_str(text, "t").unwrap();
        let model = Model::new(&loaded.scenario, &[]);
        let cdf = &model.initial_seniority_cdf[Group::Kontanthjaelp.index()];
        let short: f64 = (0..11).map(|k| 0.75f64.powi(k)).sum();
        let long = 0.75f64.powi(11) / 0.005;
        // 1e-3: the tail is cut 1,200 months on; without the tail it would be 0.40.
        let expected = short / (short + long);
        assert!(
            (cdf[10] - expected).abs() < 1e-3,
            "{} vs {expected}",
            cdf[10]
        );
        assert!((cdf[239] - 1.0).abs() < 1e-12);
    }
}
