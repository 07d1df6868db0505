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

use crate::measure::{Measure, Membership, MonthCells, WindowTotals};
use crate::method::{MAX_WINDOW_MONTHS, Method};
use crate::scenario::{Initiative, Scenario};
use crate::{Group, Month};
use rand_distr::{Distribution, Gamma, Poisson};
use rng::{Event, PersonMonth};

/// "No offer seen" for persons whose history starts before the simulation.
const NEVER: u16 = 999;
/// Longest initial seniority drawn for the starting population, months.
const MAX_INITIAL_SENIORITY: u32 = 240;
/// A cached offer probability that is no longer valid (a new person, a move).
const STALE: u32 = u32::MAX;

/// One person on benefits, keeping `R` months of hours (at least the longest window
/// scored). Kept small: the month loop streams over all persons once a month.
#[derive(Clone, Debug)]
struct Person<const R: usize> {
    /// Stable identity for the random streams (never an output).
    key: u64,
    /// [`rng::person_stream`] of `key` in this replication.
    stream: u64,
    /// Offers and conversations of the last 64 months: bit k is k months ago.
    offer_bits: u64,
    conversation_bits: u64,
    /// The offer probability before production steering, for the group's offer factor
    /// of month `offer_epoch` (recomputed when the factor changes or the person moves).
    offer_base: f64,
    /// The probability of ordinary hours in a month (fixed while the group is).
    work_p: f64,
    offer_epoch: u32,
    /// Ordinary and frikort hours (whole hours) of the last `R` months, by month
    /// index mod R.
    ordinary: [u16; R],
    frikort: [u16; R],
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
    /// Drew an offer this month (before capacity decides).
    wants_offer: bool,
}

impl<const R: usize> Person<R> {
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
        // The window is the whole ring, or one or two contiguous runs of it.
        let end = month_index as usize % R + 1;
        let len = months as usize;
        let sum = |ring: &[u16; R]| -> u32 {
            let run = |xs: &[u16]| xs.iter().map(|&x| u32::from(x)).sum::<u32>();
            if len == R {
                run(ring)
            } else if len <= end {
                run(&ring[end - len..end])
            } else {
                run(&ring[..end]) + run(&ring[R - (len - end)..])
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
        let slot = (month_index - back) as usize % R;
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

/// What the initiatives and the calendar make of a group in one month (the same in
/// every replication), looked up once a month rather than once a person-month.
#[derive(Clone, Debug, Default)]
struct GroupMonth {
    /// The share of absence registered (the highest of the base and the follow-ups).
    registration: f64,
    /// Production steering: (months without an offer, extra offer rate), in file order.
    steering: Vec<(u32, f64)>,
    /// Extra places of capacity initiatives.
    extra_capacity: u64,
    /// Whether capacity decides who gets the offers drawn.
    capped: bool,
    /// exp(offer_trend · months before the status quo), before the replication's shock.
    trend: f64,
}

/// One simulated month.
#[derive(Clone, Debug)]
struct MonthPlan {
    month: Month,
    /// Index in the judged year; `None` in the burn-in.
    year_index: Option<usize>,
    inflow_mean: [f64; Group::COUNT],
    groups: [GroupMonth; Group::COUNT],
    any_capped: bool,
    /// The hours threshold of each scoring method.
    thresholds: Vec<u64>,
}

/// The scenario turned into what the monthly step needs.
#[derive(Clone, Debug)]
pub struct Model<'a> {
    scenario: &'a Scenario,
    /// Scoring methods; the first is the scenario's own.
    methods: Vec<Method>,
    /// −ln(1 − p) of the base offer and hours rates, per group: hazards so that a
    /// propensity z gives 1 − exp(−λ z), which is the base rate at z = 1 and stays below 1.
    offer_hazard: [f64; Group::COUNT],
    hours_hazard: [f64; Group::COUNT],
    /// Exit probability per group by months on benefits (index = months, capped).
    exit_rate: Vec<Vec<f64>>,
    /// Initial seniority distribution per group (cumulative, from 1 month).
    initial_seniority_cdf: Vec<Vec<f64>>,
    propensity: Gamma<f64>,
    /// The simulated months, burn-in first.
    months: Vec<MonthPlan>,
}

impl<'a> Model<'a> {
    /// A model of `scenario`, scored under its own method and then `extra_methods`
    /// (the same simulated histories under several methods).
    pub fn new(scenario: &'a Scenario, extra_methods: &[Method]) -> Model<'a> {
        let hazard = |p: f64| -(1.0 - p.min(0.999_999)).ln();
        let shape = scenario.heterogeneity_shape;
        let methods: Vec<Method> = std::iter::once(scenario.method.clone())
            .chain(extra_methods.iter().cloned())
            .collect();
        let months = Self::plan(scenario, &methods);
        Model {
            scenario,
            methods,
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
                    // Stationary seniority of a stock with constant inflow: P(S = s) ∝ survival to s.
                    let mut survival = 1.0;
                    let mut weights = Vec::with_capacity(MAX_INITIAL_SENIORITY as usize);
                    for s in 1..=MAX_INITIAL_SENIORITY {
                        weights.push(survival);
                        survival *= 1.0 - params.exit_rate(s);
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
            months,
        }
    }

    /// The calendar, initiatives and thresholds of every simulated month.
    fn plan(sc: &Scenario, methods: &[Method]) -> Vec<MonthPlan> {
        let january = sc.january();
        sc.first_month
            .through(sc.horizon_end)
            .map(|month| {
                // The run-up trend of offer rates, reaching at most 12 months back.
                let back = month.since(sc.status_quo_from()).clamp(-12, 0);
                let active: Vec<&Initiative> = sc
                    .initiatives
                    .iter()
                    .filter(|i| i.active_in(month))
                    .collect();
                let groups = Group::ALL.map(|g| {
                    let params = &sc.groups[g.index()];
                    let mut gm = GroupMonth {
                        registration: params.registration_rate,
                        trend: (params.offer_trend * f64::from(back)).exp(),
                        ..GroupMonth::default()
                    };
                    let covers =
                        |gs: &Option<Vec<Group>>| gs.as_ref().is_none_or(|gs| gs.contains(&g));
                    for init in &active {
                        match init {
                            Initiative::AbsenceFollowup {
                                groups,
                                registration_rate,
                                ..
                            } if covers(groups) => {
                                gm.registration = gm.registration.max(*registration_rate);
                            }
                            Initiative::ProductionSteering {
                                groups,
                                months_without_offer,
                                extra_offer_rate,
                                ..
                            } if covers(groups) => {
                                gm.steering.push((*months_without_offer, *extra_offer_rate));
                            }
                            Initiative::ExtraCapacity {
                                group,
                                offers_per_month,
                                ..
                            } if *group == g => {
                                gm.extra_capacity += u64::from(*offers_per_month);
                            }
                            _ => {}
                        }
                    }
                    gm.capped = gm.extra_capacity > 0 || params.offer_capacity.is_some();
                    gm
                });
                MonthPlan {
                    month,
                    year_index: (month >= january).then(|| month.since(january) as usize),
                    inflow_mean: Group::ALL.map(|g| {
                        sc.groups[g.index()].inflow_per_month
                            * sc.seasonality[month.month_of_year() as usize - 1]
                    }),
                    any_capped: groups.iter().any(|g| g.capped),
                    groups,
                    thresholds: methods.iter().map(|m| m.threshold_centi(month)).collect(),
                }
            })
            .collect()
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

    /// The probability of ordinary hours of a person with `propensity` in `group`.
    #[inline]
    fn work_p(&self, group: Group, propensity: f32) -> f64 {
        1.0 - (-self.hours_hazard[group.index()] * f64::from(propensity)).exp()
    }

    fn new_person<const R: usize>(
        &self,
        rep_key: u64,
        person_key: u64,
        group: Group,
        seniority: Option<u32>,
    ) -> Person<R> {
        let mut traits = rng::generator(&[rep_key, person_key, Event::Traits as u64]);
        let spell = seniority.unwrap_or_else(|| {
            let u: f64 = rand::RngExt::random(&mut traits);
            let cdf = &self.initial_seniority_cdf[group.index()];
            cdf.partition_point(|&c| c < u) as u32 + 1
        });
        let spell = spell.min(u32::from(u16::MAX - 1)) as u16;
        let offer_propensity = self.propensity.sample(&mut traits) as f32;
        let work_propensity = self.propensity.sample(&mut traits) as f32;
        Person {
            key: person_key,
            stream: rng::person_stream(rep_key, person_key),
            group,
            spell,
            any: spell,
            months_since_offer: NEVER,
            offer_propensity,
            work_propensity,
            offer_base: 0.0,
            work_p: self.work_p(group, work_propensity),
            offer_epoch: STALE,
            absent: false,
            absence_registered: false,
            wants_offer: false,
            frikort_used: 0,
            offer_bits: 0,
            conversation_bits: 0,
            ordinary: [0; R],
            frikort: [0; R],
        }
    }

    /// Simulate replication `rep` under `seed`.
    pub fn simulate(&self, seed: u64, rep: u64) -> ReplicationOutcome {
        // Keep only as many months of hours as the longest window needs: a smaller
        // person is a faster month.
        let longest = self.methods.iter().map(|m| m.window_months).max();
        match longest.unwrap_or(MAX_WINDOW_MONTHS) {
            0..=12 => self.simulate_with::<12>(seed, rep),
            13..=24 => self.simulate_with::<24>(seed, rep),
            _ => self.simulate_with::<{ MAX_WINDOW_MONTHS as usize }>(seed, rep),
        }
    }

    fn simulate_with<const R: usize>(&self, seed: u64, rep: u64) -> ReplicationOutcome {
        let sc = self.scenario;
        let rep_key = rng::replication_key(seed, rep);
        let year_months = sc.january().through(sc.horizon_end).count();
        let mut cells = vec![vec![MonthCells::default(); year_months]; self.methods.len()];
        let mut person_months = 0u64;
        let frikort_cap = (sc.frikort_cap_hours.centi() / 100).min(u32::from(u16::MAX)) as u16;
        let offer_factors = self.offer_factors(rep_key);

        let mut persons: Vec<Person<R>> = self.initial_population(rep_key);

        for (mi, plan) in self.months.iter().enumerate() {
            let factors = &offer_factors[mi];
            let mi = mi as u32;
            let step = Step {
                model: self,
                plan,
                factors,
                slot: mi as usize % R,
                frikort_cap,
            };
            let mut scoring = plan.year_index.map(|yi| Scoring {
                cells: &mut cells,
                methods: &self.methods,
                yi,
                plan,
                mi,
            });

            // 1–2 and 4–6 for those already on benefits, in one pass. Leavers are
            // swapped out (O(1)); the order of persons never matters, as every draw is
            // keyed by the person, not by the position.
            let mut i = 0;
            while i < persons.len() {
                let p = &mut persons[i];
                let draws = PersonMonth::of_stream(p.stream, mi);
                if !step.advance(p, &draws) {
                    persons.swap_remove(i);
                    continue;
                }
                step.act(p, &draws);
                if !plan.groups[p.group.index()].capped {
                    settle_offer(p);
                    if let Some(s) = &mut scoring {
                        s.score(p);
                    }
                }
                i += 1;
            }

            // 3. Inflow, then 4–6 for the newcomers.
            let stayers = persons.len();
            for g in Group::ALL {
                let mean = plan.inflow_mean[g.index()];
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
            for p in &mut persons[stayers..] {
                let draws = PersonMonth::of_stream(p.stream, mi);
                step.act(p, &draws);
                if !plan.groups[p.group.index()].capped {
                    settle_offer(p);
                    if let Some(s) = &mut scoring {
                        s.score(p);
                    }
                }
            }

            // 5 (capacity) and 6 for the groups where capacity decides.
            if plan.any_capped {
                self.allocate_offers(&mut persons, plan, mi);
                for p in persons
                    .iter_mut()
                    .filter(|p| plan.groups[p.group.index()].capped)
                {
                    settle_offer(p);
                    if let Some(s) = &mut scoring {
                        s.score(p);
                    }
                }
            }
            person_months += persons.len() as u64;
        }
        ReplicationOutcome {
            cells,
            person_months,
        }
    }

    /// The persons on benefits at the start of the burn-in: each group's `persons`, with
    /// seniority from the stationary distribution and no activity history yet.
    fn initial_population<const R: usize>(&self, rep_key: u64) -> Vec<Person<R>> {
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

    /// Per simulated month and group: the offer factor −λ·trend·shock (a person's base
    /// offer probability is 1 − exp(factor · propensity)) and the first month since which
    /// it has not changed (so a person's probability is recomputed only when it does).
    fn offer_factors(&self, rep_key: u64) -> Vec<[(f64, u32); Group::COUNT]> {
        let shocks = self.offer_shocks(rep_key);
        let mut out: Vec<[(f64, u32); Group::COUNT]> = Vec::with_capacity(self.months.len());
        for (mi, (plan, shock)) in self.months.iter().zip(shocks).enumerate() {
            let row = Group::ALL.map(|g| {
                let factor = -self.offer_hazard[g.index()] * (plan.groups[g.index()].trend * shock);
                let epoch = match out.last() {
                    Some(prev) if prev[g.index()].0.to_bits() == factor.to_bits() => {
                        prev[g.index()].1
                    }
                    _ => mi as u32,
                };
                (factor, epoch)
            });
            out.push(row);
        }
        out
    }

    /// Per simulated month, the multiplier of every offer hazard: 1 up to the status-quo
    /// month, then a mean-one log-normal AR(1) process (the operations' uncertainty). The draws are
    /// keyed by replication only, so every scenario shares them (common random numbers).
    fn offer_shocks(&self, rep_key: u64) -> Vec<f64> {
        let sc = self.scenario;
        let (sd, persistence) = sc.offer_shock;
        let from = sc.status_quo_from();
        let mut draws = rng::generator(&[rep_key, Event::Shock as u64]);
        let (mut level, mut variance) = (0.0, 0.0);
        sc.first_month
            .through(sc.horizon_end)
            .map(|month| {
                if month <= from || sd == 0.0 {
                    return 1.0;
                }
                let e: f64 = rand_distr::StandardNormal.sample(&mut draws);
                level = persistence * level + sd * e;
                variance = persistence * persistence * variance + sd * sd;
                // Mean one: the shock moves rates up and down, not up on average.
                (level - variance / 2.0).exp()
            })
            .collect()
    }

    /// Capacity: where a group has a monthly limit or extra places, offers go first to
    /// those who drew one, then to those longest without an offer (ties by a random draw).
    fn allocate_offers<const R: usize>(
        &self,
        persons: &mut [Person<R>],
        plan: &MonthPlan,
        mi: u32,
    ) {
        let sc = self.scenario;
        let mut members: Vec<usize> = Vec::new();
        for g in Group::ALL {
            let gm = &plan.groups[g.index()];
            if !gm.capped {
                continue;
            }
            let extra = gm.extra_capacity;
            let cap = sc.groups[g.index()].offer_capacity.map(u64::from);
            members.clear();
            members.extend(
                (0..persons.len()).filter(|&i| persons[i].group == g && !persons[i].absent),
            );
            let drawn = members.iter().filter(|&&i| persons[i].wants_offer).count() as u64;
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
                let tie = PersonMonth::of_stream(p.stream, mi).uniform(Event::Priority);
                (p.wants_offer, p.months_since_offer, ordered(tie), p.key)
            };
            let mut keyed: Vec<_> = members.iter().map(|&i| (priority(i), i)).collect();
            keyed.sort_unstable_by_key(|k| std::cmp::Reverse(k.0));
            for (rank, (_, i)) in keyed.into_iter().enumerate() {
                persons[i].wants_offer = rank < offers;
            }
        }
    }
}

/// One month's step for one person, with the month's plan at hand.
struct Step<'m, 'a> {
    model: &'m Model<'a>,
    plan: &'m MonthPlan,
    factors: &'m [(f64, u32); Group::COUNT],
    slot: usize,
    frikort_cap: u16,
}

impl Step<'_, '_> {
    /// 1–2. Exit (false: the person leaves) or stay, maybe moving to another group; the
    /// month's slots are cleared.
    #[inline]
    fn advance<const R: usize>(&self, p: &mut Person<R>, draws: &PersonMonth) -> bool {
        let model = self.model;
        let table = &model.exit_rate[p.group.index()];
        let exit_p = table[usize::from(p.any).min(table.len() - 1)];
        if draws.uniform(Event::Exit) < exit_p {
            return false;
        }
        let params = &model.scenario.groups[p.group.index()];
        let mut to = None;
        if !params.moves.is_empty() {
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
        }
        p.any = p.any.saturating_add(1).min(u16::MAX - 1);
        match to {
            Some(target) => {
                p.spell = if p.group.move_keeps_spell(target) {
                    p.spell.saturating_add(1).min(u16::MAX - 1)
                } else {
                    1
                };
                p.group = target;
                p.work_p = model.work_p(target, p.work_propensity);
                p.offer_epoch = STALE;
            }
            None => p.spell = p.spell.saturating_add(1).min(u16::MAX - 1),
        }
        if self.plan.month.month_of_year() == 1 {
            p.frikort_used = 0;
        }
        p.offer_bits <<= 1;
        p.conversation_bits <<= 1;
        p.ordinary[self.slot % R] = 0;
        p.frikort[self.slot % R] = 0;
        p.months_since_offer = p.months_since_offer.saturating_add(1).min(NEVER);
        true
    }

    /// 4–5. Absence and its registration, the offer drawn (capacity decides later where
    /// it is limited), ordinary hours, frikort hours and a conversation.
    #[inline]
    fn act<const R: usize>(&self, p: &mut Person<R>, draws: &PersonMonth) {
        let gi = p.group.index();
        let params = &self.model.scenario.groups[gi];
        let gm = &self.plan.groups[gi];
        let absence_p = if p.absent {
            params.absence_persistence
        } else {
            params.absence_rate
        };
        p.absent = draws.uniform(Event::Absence) < absence_p;
        p.wants_offer = false;
        if p.absent {
            p.absence_registered = draws.uniform(Event::Registration) < gm.registration;
            return;
        }
        p.absence_registered = false;
        let mut extra_offer = 0.0;
        for &(months_without_offer, rate) in &gm.steering {
            if u32::from(p.months_since_offer) >= months_without_offer {
                extra_offer = 1.0 - (1.0 - extra_offer) * (1.0 - rate);
            }
        }
        let (factor, epoch) = self.factors[gi];
        if p.offer_epoch != epoch {
            p.offer_base = 1.0 - (factor * f64::from(p.offer_propensity)).exp();
            p.offer_epoch = epoch;
        }
        let offer_p = 1.0 - (1.0 - p.offer_base) * (1.0 - extra_offer);
        p.wants_offer = draws.uniform(Event::Offer) < offer_p;
        let slot = self.slot % R;
        if draws.uniform(Event::Hours) < p.work_p {
            let h =
                params.hours_median * (params.hours_sigma * draws.normal(Event::HoursAmount)).exp();
            p.ordinary[slot] = whole_hours(h);
        }
        if params.frikort_rate > 0.0 && draws.uniform(Event::Frikort) < params.frikort_rate {
            let h = params.frikort_hours_median * (0.6 * draws.normal(Event::FrikortAmount)).exp();
            let room = self.frikort_cap.saturating_sub(p.frikort_used);
            let h = whole_hours(h).min(room);
            p.frikort[slot] = h;
            p.frikort_used += h;
        }
        if draws.uniform(Event::Conversation) < params.conversation_rate {
            p.conversation_bits |= 1;
        }
    }
}

/// An offer drawn (and, where capacity decides, allocated) is had.
#[inline]
fn settle_offer<const R: usize>(p: &mut Person<R>) {
    if p.wants_offer {
        p.offer_bits |= 1;
        p.months_since_offer = 0;
    }
}

/// 6. Scoring a judged month under every method.
struct Scoring<'c, 'm> {
    cells: &'c mut [Vec<MonthCells>],
    methods: &'m [Method],
    yi: usize,
    plan: &'m MonthPlan,
    mi: u32,
}

impl Scoring<'_, '_> {
    #[inline]
    fn score<const R: usize>(&mut self, p: &Person<R>) {
        let who = p.membership();
        for (k, method) in self.methods.iter().enumerate() {
            let window = p.window_totals(self.mi, method.window_months);
            let status = method.status_at(Measure::Active, self.plan.thresholds[k], &who, &window);
            self.cells[k][self.yi].count(p.group, status);
        }
    }
}

/// Simulated hours are whole hours (a month has at most 744).
#[inline]
fn whole_hours(h: f64) -> u16 {
    h.clamp(0.0, 744.0).round() as u16
}

/// A total order on a uniform in [0, 1).
fn ordered(u: f64) -> u64 {
    u.to_bits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::WindowTotals;

    /// The simulator's packed window equals the measure's sum over the window's months,
    /// for every ring length the simulator uses.
    #[test]
    fn packed_window_matches_the_measure_sum() {
        check_ring::<12>();
        check_ring::<24>();
        check_ring::<{ MAX_WINDOW_MONTHS as usize }>();
    }

    fn check_ring<const R: usize>() {
        let mut p: Person<R> = Person {
            key: 1,
            stream: 1,
            offer_bits: 0,
            conversation_bits: 0,
            offer_base: 0.0,
            work_p: 0.0,
            offer_epoch: STALE,
            ordinary: [0; R],
            frikort: [0; R],
            group: Group::Kontanthjaelp,
            spell: 1,
            any: 1,
            months_since_offer: NEVER,
            frikort_used: 0,
            offer_propensity: 1.0,
            work_propensity: 1.0,
            absent: false,
            absence_registered: false,
            wants_offer: false,
        };
        for mi in 0..80u32 {
            p.offer_bits <<= 1;
            p.conversation_bits <<= 1;
            let slot = mi as usize % R;
            p.ordinary[slot] = (mi * 7 % 13) as u16;
            p.frikort[slot] = (mi % 3) as u16;
            if mi % 17 == 3 {
                p.offer_bits |= 1;
            }
            if mi % 2 == 0 {
                p.conversation_bits |= 1;
            }
            for window in [1, 6, 11, 12, 13, 24, 36]
                .into_iter()
                .filter(|&w| w <= R as u32)
            {
                let months = window.min(mi + 1);
                let expected =
                    WindowTotals::over(&(0..months).map(|b| p.activity(mi, b)).collect::<Vec<_>>());
                assert_eq!(
                    p.window_totals(mi, window),
                    expected,
                    "ring {R}, month {mi}, window {window}"
                );
            }
        }
    }
}
