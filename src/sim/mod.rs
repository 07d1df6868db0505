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

mod amount;
mod fastmath;
mod population;
mod propensity;
pub mod rng;
pub mod start;
pub mod synth;
mod wide;

use crate::measure::MonthCells;
use crate::method::{MAX_WINDOW_MONTHS, Method};
use crate::scenario::{Initiative, Scenario};
use crate::{Group, Month};
use amount::WholeHours;
use population::{Compacted, Persons, PersonsMut, Population};
use propensity::PropensityQuantile;
use rand_distr::{Distribution, Poisson};
use rng::{BlockDraws, Chance, Event, PersonMonth, Word};
pub use start::Start;

/// "No offer seen" for persons whose history starts before the simulation.
const NEVER: u16 = 999;
/// Longest initial seniority drawn for the starting population, months; also the last
/// entry of the exit tables (the hazard is constant beyond it).
const MAX_INITIAL_SENIORITY: u32 = 240;
const EXIT_TABLE_LEN: usize = MAX_INITIAL_SENIORITY as usize + 1;
/// The log-σ of frikort hours (a fixed assumption, `docs/model.md` §3).
const FRIKORT_SIGMA: f64 = 0.6;
/// Entries of the initial-seniority guide tables.
const GUIDE_LEN: usize = 1024;
/// Months beyond it whose stationary mass is lumped into it (a hazard of 0 has no
/// stationary distribution; the lump is then this many months' worth).
const TAIL_MONTHS: u32 = 1200;

/// What a group's persons face in one month, looked up once per group-month instead of
/// once per person-month.
#[derive(Clone, Debug)]
struct GroupMonth {
    /// The base offer odds with this month's run-up trend and operations' shock;
    /// infinite for a rate of 1 (certain, whatever the propensity).
    offer_odds: f64,
    /// Active production steering: (months without an offer from which it applies,
    /// 1 − its extra offer rate).
    steering: Vec<(u32, f64)>,
    /// The registration rate of absence, raised by active absence follow-up.
    registration: Chance,
    /// Extra places of active capacity initiatives.
    extra_places: u64,
    /// Offers go through capacity allocation (a monthly limit or extra places).
    capacity_managed: bool,
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
    /// The odds p/(1 − p) of the base offer and hours rates, per group: a propensity z
    /// multiplies them, giving the chance λz/(1 + λz) ([`chance`]), which is the base
    /// rate at z = 1 and stays below 1. A rate of 1 has infinite odds: certain whatever
    /// the propensity.
    offer_odds: [f64; Group::COUNT],
    hours_odds: [f64; Group::COUNT],
    /// Exit probability by group and months on benefits: entry
    /// `[group][min(months, MAX_INITIAL_SENIORITY)]` (fixed sizes: no bounds checks).
    exit: Box<[[Chance; EXIT_TABLE_LEN]; Group::COUNT]>,
    /// The exit table as runs per group: (first month, chance), the chance holding until
    /// the next run's first month.
    exit_runs: [Vec<(u32, Chance)>; Group::COUNT],
    /// Per group, its moves as (target, cumulative chance up to and including this move,
    /// least spell months): the first whose cumulative chance the draw hits.
    moves: [Vec<(Group, Chance, u32)>; Group::COUNT],
    /// Per group, the chances that do not change from month to month.
    chances: [GroupChances; Group::COUNT],
    /// Per group, the hours amounts by draw.
    amounts: [GroupAmounts; Group::COUNT],
    /// Initial seniority distribution per group (cumulative, from 1 month).
    initial_seniority_cdf: Vec<Vec<f64>>,
    /// Per group, where the search of the cumulative distribution starts for a uniform
    /// u: entry k is the first index whose value is at least k/`GUIDE_LEN` (a guide
    /// table; the search then takes a step or two instead of a binary search).
    initial_seniority_guide: Vec<Vec<u16>>,
    /// The propensity distribution's quantile function.
    propensity: PropensityQuantile,
    /// Months of hours history kept per person: the longest window of the methods.
    history_months: usize,
    /// Whether the history keeps frikort hours: some method counts them (or `synth`
    /// writes them out).
    frikort_history: bool,
    /// The vector extensions the month step may use on this CPU.
    cpu: CpuLevel,
    /// Today's caseload from a register, when the run starts from it (issue 7).
    start: Option<&'a Start>,
}

impl<'a> Model<'a> {
    /// A model of `scenario`, scored under its own method and then `extra_methods`
    /// (the same simulated histories under several methods).
    pub fn new(scenario: &'a Scenario, extra_methods: &[Method]) -> Model<'a> {
        let shape = scenario.heterogeneity_shape();
        let methods: Vec<Method> = std::iter::once(scenario.method().clone())
            .chain(extra_methods.iter().cloned())
            .collect();
        let mut model = Model {
            scenario,
            cpu: CpuLevel::detect(),
            frikort_history: methods.iter().any(|m| m.count_frikort_hours()),
            history_months: methods
                .iter()
                .map(|m| m.window_months().clamp(1, MAX_WINDOW_MONTHS) as usize)
                .max()
                .expect("the scenario's own method"),
            methods,
            exit: Box::new(Group::ALL.map(|g| {
                std::array::from_fn(|m| {
                    Chance::new(scenario.groups()[g.index()].exit_rate(m as u32))
                })
            })),
            moves: Group::ALL.map(|g| {
                let mut cumulative = 0.0;
                scenario.groups()[g.index()]
                    .moves
                    .iter()
                    .map(|&(target, rate, min_spell)| {
                        cumulative += rate;
                        (target, Chance::new(cumulative), min_spell)
                    })
                    .collect()
            }),
            chances: Group::ALL.map(|g| {
                let params = &scenario.groups()[g.index()];
                GroupChances {
                    absence: Chance::new(params.absence_rate),
                    absence_persistence: Chance::new(params.absence_persistence),
                    frikort: Chance::new(params.frikort_rate),
                    conversation: Chance::new(params.conversation_rate),
                }
            }),
            amounts: group_amounts(scenario),
            offer_odds: Group::ALL.map(|g| odds(scenario.groups()[g.index()].offer_rate)),
            hours_odds: Group::ALL.map(|g| odds(scenario.groups()[g.index()].hours_rate)),
            initial_seniority_cdf: Group::ALL
                .iter()
                .map(|g| {
                    let params = &scenario.groups()[g.index()];
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
            exit_runs: Default::default(),
            initial_seniority_guide: Vec::new(),
            propensity: PropensityQuantile::new(shape),
            start: None,
        };
        model.exit_runs = model.exit.each_ref().map(|table| {
            let mut runs: Vec<(u32, Chance)> = Vec::new();
            for (month, &chance) in (0..).zip(table.iter()) {
                if runs.last().is_none_or(|&(_, c)| c != chance) {
                    runs.push((month, chance));
                }
            }
            runs
        });
        model.initial_seniority_guide = model
            .initial_seniority_cdf
            .iter()
            .map(|cdf| {
                (0..=GUIDE_LEN)
                    .map(|k| cdf.partition_point(|&c| c < k as f64 / GUIDE_LEN as f64) as u16)
                    .collect()
            })
            .collect();
        model
    }

    /// The model with its loops at `level` at most (never above what this CPU has): how
    /// the lower levels are measured and tested on a machine that has more. The results
    /// are the same at every level.
    pub fn with_cpu_level(self, level: CpuLevel) -> Model<'a> {
        Model {
            cpu: self.cpu.min(level),
            ..self
        }
    }

    /// The CPU level the loops run at.
    pub fn cpu_level(&self) -> CpuLevel {
        self.cpu
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
                self.scenario.first_month(),
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
            .through(self.scenario.horizon_end())
            .collect()
    }

    /// The monthly chance of ordinary hours in `group` for a work propensity `z`.
    fn work_chance(&self, group: Group, z: f32) -> Chance {
        Chance::new(chance(self.hours_odds[group.index()], f64::from(z)))
    }

    /// The initial seniority (months, from 1) at quantile `u` ∈ [0, 1) of the group's
    /// stationary distribution: the first month whose cumulative probability is at least
    /// u, found from the guide table's start.
    fn initial_seniority(&self, group: Group, u: f64) -> u32 {
        let cdf = &self.initial_seniority_cdf[group.index()];
        let guide = &self.initial_seniority_guide[group.index()];
        let mut i = usize::from(guide[(u * GUIDE_LEN as f64) as usize]);
        while i < cdf.len() && cdf[i] < u {
            i += 1;
        }
        i as u32 + 1
    }

    /// Add `count` persons of `group` who arrive from `origin` (0: the initial population,
    /// with seniority from the stationary distribution; 1 + a month index: that month's
    /// inflow, with seniority 1), numbered 0, 1, … there. In batches, column by column:
    /// the mixes and the work chances' divisions of a batch pipeline (and vectorise)
    /// instead of waiting on each other person by person.
    fn add_persons(
        &self,
        rep_key: u64,
        persons: &mut Persons,
        origin: u64,
        group: Group,
        count: u64,
    ) {
        self.cpu.run(
            #[inline(always)]
            || {
                const BATCH: usize = 64;
                let mut streams = [0u64; BATCH];
                let mut draws = rng::TraitDraws::<BATCH>::default();
                let mut spells = [0u32; BATCH];
                let mut offer = [0f32; BATCH];
                let mut work = [0f32; BATCH];
                let mut work_chances = [Chance::NEVER; BATCH];
                let odds = self.hours_odds[group.index()];
                for first in (0..count).step_by(BATCH) {
                    let n = (count - first).min(BATCH as u64) as usize;
                    for (k, stream) in (first..).zip(streams.iter_mut()) {
                        *stream = rng::person_stream(
                            rep_key,
                            rng::person_key(origin, group.index() as u64, k),
                        );
                    }
                    draws.fill(&streams);
                    for (spell, &u) in spells.iter_mut().zip(&draws.seniority) {
                        *spell = if origin == 0 {
                            self.initial_seniority(group, rng::open_uniform32(u))
                        } else {
                            1
                        };
                    }
                    for (z, &u) in offer.iter_mut().zip(&draws.offer) {
                        *z = self.propensity.at(u);
                    }
                    for (z, &u) in work.iter_mut().zip(&draws.work) {
                        *z = self.propensity.at(u);
                    }
                    for (c, &z) in work_chances.iter_mut().zip(&work) {
                        *c = Chance::new(chance(odds, f64::from(z)));
                    }
                    persons.extend_arrivals(
                        group,
                        &streams[..n],
                        &spells[..n],
                        &offer[..n],
                        &work[..n],
                        &work_chances[..n],
                    );
                }
            },
        );
    }

    /// Simulate replication `rep` under `seed`.
    pub fn simulate(&self, seed: u64, rep: u64) -> ReplicationOutcome {
        self.simulate_in(seed, rep, &mut Workspace::default())
    }

    /// [`Model::simulate`] in a worker's reused buffers (the result does not depend on
    /// what the workspace held before).
    pub fn simulate_in(&self, seed: u64, rep: u64, work: &mut Workspace) -> ReplicationOutcome {
        self.simulate_observed(seed, rep, work, &mut |_, _, _| {})
    }

    /// [`Model::simulate_in`], showing `observe` the population at the end of every
    /// simulated month (month, month index, population) — how [`synth`] writes a register.
    fn simulate_observed(
        &self,
        seed: u64,
        rep: u64,
        work: &mut Workspace,
        observe: &mut dyn FnMut(Month, u32, &Population),
    ) -> ReplicationOutcome {
        let sc = self.scenario;
        let rep_key = rng::replication_key(seed, rep);
        let january = sc.january();
        let year_months = january.through(sc.horizon_end()).count();
        let mut cells = vec![vec![MonthCells::default(); year_months]; self.methods.len()];
        let mut person_months = 0u64;
        let frikort_cap = (sc.frikort_cap_hours().centi() / 100).min(u32::from(u16::MAX)) as u16;

        let (first_month, first_index, status_quo) = self.timeline();
        let Workspace {
            population: pop,
            wanted,
            leavers,
            rare,
        } = work;
        match self.start {
            Some(s) => s.fill_population(self, rep_key, pop),
            None => self.initial_population(rep_key, pop),
        };
        let shocks = self.offer_shocks(rep_key);

        for (mi, month) in first_month.through(sc.horizon_end()).enumerate() {
            let mi = first_index + mi as u32;
            let plans = self.month_plans(month, status_quo, shocks[mi as usize]);
            let step = MonthStep {
                month_index: mi,
                slot: pop.history.slot(mi),
                new_year: month.month_of_year() == 1,
                capacity: plans.iter().any(|g| g.capacity_managed),
                plans,
                frikort_cap,
            };
            wanted.clear();
            if step.capacity {
                wanted.resize(pop.len(), false);
            }

            // 1–2 and 4–5 for those already on benefits: exit, move, then absence and
            // activity. Leavers are removed afterwards, from the back, so no position
            // changes while the pass runs.
            leavers.clear();
            self.step_persons(pop, 0, &step, wanted, Some(leavers), rare);
            pop.remove(leavers.as_slice());
            if step.capacity {
                population::swap_remove_all(wanted, leavers.as_slice());
            }

            // 3. Inflow, then the newcomers' absence and activity.
            let stayers = pop.len();
            for g in Group::ALL {
                let mean = sc.groups()[g.index()].inflow_per_month
                    * sc.seasonality()[month.month_of_year() as usize - 1];
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
                self.add_persons(rep_key, &mut pop.persons, 1 + u64::from(mi), g, n);
            }
            pop.history.resize(pop.len());
            if step.capacity {
                wanted.resize(pop.len(), false);
            }
            self.step_persons(pop, stayers, &step, wanted, None, rare);
            if step.capacity {
                self.allocate_offers(&pop.persons, wanted, &step.plans, mi);
                let persons = &mut pop.persons;
                for (i, _) in wanted.iter().enumerate().filter(|(_, got)| **got) {
                    persons.offer_bits[i] |= 1;
                    persons.months_since_offer[i] = 0;
                }
            }

            // 6. Scoring.
            person_months += pop.len() as u64;
            if month >= january {
                let yi = month.since(january) as usize;
                for (method, method_cells) in self.methods.iter().zip(cells.iter_mut()) {
                    let cells = &mut method_cells[yi];
                    self.score(pop, method, month, mi, cells);
                }
            }
            observe(month, mi, pop);
        }
        ReplicationOutcome {
            cells,
            person_months,
        }
    }

    /// [`Population::score`] at the model's CPU level.
    fn score(
        &self,
        pop: &Population,
        method: &Method,
        month: Month,
        month_index: u32,
        cells: &mut MonthCells,
    ) {
        self.cpu.run(
            #[inline(always)]
            || pop.score(self.cpu, method, month, month_index, cells),
        );
    }

    /// One month of the persons from position `first` on, in blocks: first every
    /// person's draws (independent mixes that pipeline), then the branching steps. With
    /// `leavers`, the persons were on benefits last month: they may exit (their positions
    /// are pushed to `leavers`, in increasing order) or move first. Without it they are
    /// newcomers. Drawn offers go to `wanted` where capacity decides them, else straight
    /// to the person. Compiled for the CPU's vector extensions too ([`CpuLevel`]).
    fn step_persons(
        &self,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        leavers: Option<&mut Compacted>,
        rare: &mut RareEvents,
    ) {
        #[cfg(target_arch = "x86_64")]
        if self.cpu == CpuLevel::V4 {
            // SAFETY: `CpuLevel::detect` found AVX-512 F, DQ, BW and VL on this CPU.
            unsafe { self.step_persons_v4(pop, first, step, wanted, leavers, rare) };
            return;
        }
        let _ = rare; // the scalar pass handles its rare events in place
        self.cpu.run(
            #[inline(always)]
            || self.step_persons_body(pop, first, step, wanted, leavers),
        );
    }

    #[inline(always)]
    fn step_persons_body(
        &self,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        mut leavers: Option<&mut Compacted>,
    ) {
        const BLOCK: usize = 32;
        let mut draws = BlockDraws::<BLOCK>::default();
        let mut streams = [0u64; BLOCK];
        let mut start = first;
        while start < pop.len() {
            let end = (start + BLOCK).min(pop.len());
            streams[..end - start].copy_from_slice(&pop.persons.stream[start..end]);
            draws.fill(&streams, step.month_index);
            let mut persons = pop.persons.range_mut(start..end);
            for j in 0..end - start {
                let i = start + j;
                let draws = &draws.get(j);
                if let Some(leavers) = leavers.as_deref_mut()
                    && !self.stay(&mut persons, j, draws, step.new_year)
                {
                    leavers.push(i as u64);
                    continue;
                }
                let plan = &step.plans[persons.group[j].index()];
                let act = self.act(&mut persons, j, draws, plan, step.frikort_cap);
                pop.history.set(i, step.slot, act.ordinary, act.frikort);
                if step.capacity {
                    wanted[i] = act.offer;
                } else {
                    // Without a branch: an offer is too common (and too random) an event
                    // to predict.
                    persons.offer_bits[j] |= u64::from(act.offer);
                    persons.months_since_offer[j] *= u32::from(!act.offer);
                }
            }
            start += BLOCK;
        }
    }

    /// Exit and moves (steps 1–2) of person `i` of `persons`, on benefits last month:
    /// false if the person leaves, else the person is one month older, in its new group
    /// if it moved.
    #[inline(always)]
    fn stay(
        &self,
        persons: &mut PersonsMut,
        i: usize,
        draws: &PersonMonth,
        new_year: bool,
    ) -> bool {
        let (u_exit, u_move) = draws.pair(Word::Stay);
        let group = persons.group[i];
        let months = (persons.any[i] as usize).min(EXIT_TABLE_LEN - 1);
        if self.exit[group.index()][months].hit(u_exit) {
            return false;
        }
        persons.any[i] += 1;
        let spell = persons.spell[i];
        match self.move_target(group, spell, u_move) {
            Some(target) => self.move_person(persons, i, spell, target),
            None => persons.spell[i] = spell + 1,
        }
        if new_year {
            persons.frikort_used[i] = 0;
        }
        persons.offer_bits[i] <<= 1;
        persons.conversation_bits[i] <<= 1;
        persons.months_since_offer[i] += 1;
        true
    }

    /// Where a person in `group` with `spell` months moves on the move draw `u_move`: the
    /// first move whose cumulative chance the draw hits, if the spell is long enough.
    #[inline(always)]
    fn move_target(&self, group: Group, spell: u32, u_move: u32) -> Option<Group> {
        self.moves[group.index()]
            .iter()
            .find(|(_, cumulative, _)| cumulative.hit(u_move))
            .and_then(|&(target, _, min_spell)| (spell >= min_spell).then_some(target))
    }

    /// Move person `i` (with `spell` months last month) to `target`: its spell goes on or
    /// restarts by the groups' rule, and its work chance is the new group's.
    fn move_person(&self, persons: &mut PersonsMut, i: usize, spell: u32, target: Group) {
        persons.spell[i] = if persons.group[i].move_keeps_spell(target) {
            spell + 1
        } else {
            1
        };
        persons.group[i] = target;
        persons.work_chance[i] = self.work_chance(target, persons.work_propensity[i]);
    }

    /// The whole ordinary hours of a person in group `gi` who has hours this month, from
    /// the person-month's key.
    #[inline]
    fn ordinary_hours(&self, gi: usize, key: u64) -> u16 {
        self.amounts[gi]
            .ordinary
            .at(rng::extra_word(key, Word::HoursAmount) >> 11)
    }

    /// The frikort hours of a person in group `gi` who has them this month, within what
    /// is left of the year's cap; added to `used`.
    #[inline]
    fn frikort_hours(&self, gi: usize, key: u64, used: &mut u16, cap: u16) -> u16 {
        let wanted = self.amounts[gi]
            .frikort
            .at(rng::extra_word(key, Word::FrikortAmount) >> 11);
        let hours = wanted.min(cap.saturating_sub(*used));
        *used += hours;
        hours
    }

    /// Absence and activity (steps 4–5) of a person this month. The offer is only
    /// drawn here: capacity may still change it ([`Model::allocate_offers`]).
    #[inline(always)]
    fn act(
        &self,
        persons: &mut PersonsMut,
        i: usize,
        draws: &PersonMonth,
        plan: &GroupMonth,
        frikort_cap: u16,
    ) -> MonthActivity {
        let gi = persons.group[i].index();
        let chances = &self.chances[gi];
        let (u_absent, u_registered) = draws.pair(Word::Absence);
        let absence = if persons.absent[i] {
            chances.absence_persistence
        } else {
            chances.absence
        };
        let absent = absence.hit(u_absent);
        persons.absent[i] = absent;
        persons.absence_registered[i] = absent && plan.registration.hit(u_registered);
        if absent {
            return MonthActivity::default();
        }
        let (u_offer, u_hours) = draws.pair(Word::Activity);
        // P(offer) = 1 − Π(1 − extra)/(1 + x), x = λz the offer odds, over the steering
        // that applies.
        let x = if plan.offer_odds.is_infinite() {
            f64::INFINITY
        } else {
            plan.offer_odds * f64::from(persons.offer_propensity[i])
        };
        let mut keep = 1.0;
        for &(from, keep_steered) in &plan.steering {
            if persons.months_since_offer[i] >= from {
                keep *= keep_steered;
            }
        }
        let mut act = MonthActivity {
            offer: Chance::hit_odds(x, keep, u_offer),
            ..MonthActivity::default()
        };
        if persons.work_chance[i].hit(u_hours) {
            act.ordinary = self.ordinary_hours(gi, draws.key());
        }
        let (u_frikort, u_conversation) = draws.pair(Word::Side);
        if chances.frikort.hit(u_frikort) {
            let used = &mut persons.frikort_used[i];
            act.frikort = self.frikort_hours(gi, draws.key(), used, frikort_cap);
        }
        persons.conversation_bits[i] |= u64::from(chances.conversation.hit(u_conversation));
        act
    }

    /// Per group, what its persons face in `month`: the run-up trend of the offer rates
    /// (reaching at most 12 months back to the status-quo month), the operations' shock,
    /// and the initiatives active in the month.
    fn month_plans(
        &self,
        month: Month,
        status_quo: Month,
        shock: f64,
    ) -> [GroupMonth; Group::COUNT] {
        let sc = self.scenario;
        let back = month.since(status_quo).clamp(-12, 0);
        let active: Vec<&Initiative> = sc
            .initiatives()
            .iter()
            .filter(|i| i.active_in(month))
            .collect();
        Group::ALL.map(|g| {
            let params = &sc.groups()[g.index()];
            let covers =
                |groups: &Option<Vec<Group>>| groups.as_ref().is_none_or(|gs| gs.contains(&g));
            let mut plan = GroupMonth {
                offer_odds: self.offer_odds[g.index()]
                    * (params.offer_trend * f64::from(back)).exp()
                    * shock,
                steering: Vec::new(),
                registration: Chance::new(params.registration_rate),
                extra_places: 0,
                capacity_managed: false,
            };
            for init in &active {
                match init {
                    Initiative::AbsenceFollowup {
                        groups,
                        registration_rate,
                        ..
                    } if covers(groups) => {
                        plan.registration = plan.registration.max(Chance::new(*registration_rate));
                    }
                    Initiative::ProductionSteering {
                        groups,
                        months_without_offer,
                        extra_offer_rate,
                        ..
                    } if covers(groups) => plan
                        .steering
                        .push((*months_without_offer, 1.0 - extra_offer_rate)),
                    Initiative::ExtraCapacity {
                        group,
                        offers_per_month,
                        ..
                    } if *group == g => plan.extra_places += u64::from(*offers_per_month),
                    _ => {}
                }
            }
            plan.capacity_managed = params.offer_capacity.is_some() || plan.extra_places > 0;
            plan
        })
    }

    /// The persons on benefits at the start of the burn-in: each group's `persons`, with
    /// seniority from the stationary distribution and no activity history yet.
    fn initial_population(&self, rep_key: u64, pop: &mut Population) {
        let sc = self.scenario;
        pop.reset(self.history_months, self.frikort_history);
        for g in Group::ALL {
            let count = u64::from(sc.groups()[g.index()].persons);
            self.add_persons(rep_key, &mut pop.persons, 0, g, count);
        }
        pop.history.resize(pop.len());
    }

    /// Per month index, the multiplier of every offer hazard: 1 for a start's history and
    /// up to the status-quo month, then a mean-one log-normal AR(1) process (the
    /// operations' uncertainty). The draws are keyed by replication only, so every
    /// scenario shares them (common random numbers).
    fn offer_shocks(&self, rep_key: u64) -> Vec<f64> {
        let sc = self.scenario;
        let (sd, persistence) = sc.offer_shock();
        let (first_month, first_index, from) = self.timeline();
        let mut draws = rng::generator(&[rep_key, Event::Shock as u64]);
        let (mut level, mut variance) = (0.0, 0.0);
        let history = std::iter::repeat_n(1.0, first_index as usize);
        history
            .chain(first_month.through(sc.horizon_end()).map(|month| {
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
    /// `wanted` holds every person's drawn offer and becomes who gets one.
    fn allocate_offers(
        &self,
        persons: &Persons,
        wanted: &mut [bool],
        plans: &[GroupMonth],
        mi: u32,
    ) {
        let sc = self.scenario;
        for g in Group::ALL {
            if !plans[g.index()].capacity_managed {
                continue;
            }
            let extra = plans[g.index()].extra_places;
            let cap = sc.groups()[g.index()].offer_capacity.map(u64::from);
            let mut members: Vec<usize> = (0..persons.len())
                .filter(|&i| persons.group[i] == g && !persons.absent[i])
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
                let stream = persons.stream[i];
                let tie = PersonMonth::of_stream(stream, mi).open_uniform(Word::Priority);
                // A positive f64's bits order like the number.
                (
                    wanted[i],
                    persons.months_since_offer[i],
                    tie.to_bits(),
                    stream,
                )
            };
            let mut keyed: Vec<_> = members.drain(..).map(|i| (priority(i), i)).collect();
            keyed.sort_unstable_by_key(|k| std::cmp::Reverse(k.0));
            for (rank, (_, i)) in keyed.into_iter().enumerate() {
                wanted[i] = rank < offers;
            }
        }
    }
}

/// The x86-64 microarchitecture level the month loop runs at, detected once. At v4 the
/// month pass and the scoring run on AVX-512 (`wide.rs`, about 1.8× faster than v3);
/// below it the scalar code is compiled for each level and the best the CPU has is
/// chosen at run time. The results are the same bits at every level (tested): integer
/// arithmetic is exact, and neither Rust nor the AVX-512 code fuses a multiply and an
/// add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpuLevel {
    /// x86-64-v4: AVX-512 (F, DQ, BW, VL) on top of v3.
    V4,
    /// x86-64-v3: AVX2, FMA, BMI1/2, LZCNT, MOVBE.
    V3,
    /// What the binary is built for.
    Baseline,
}

impl CpuLevel {
    /// The best level this CPU has.
    pub fn detect() -> CpuLevel {
        CpuLevel::best()
    }

    /// The lower of two levels.
    fn min(self, other: CpuLevel) -> CpuLevel {
        let rank = |level| match level {
            CpuLevel::Baseline => 0,
            CpuLevel::V3 => 1,
            CpuLevel::V4 => 2,
        };
        if rank(self) <= rank(other) {
            self
        } else {
            other
        }
    }

    fn best() -> CpuLevel {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            let v3 = has!("avx2")
                && has!("fma")
                && has!("bmi1")
                && has!("bmi2")
                && has!("lzcnt")
                && has!("movbe")
                && has!("popcnt");
            let v4 = has!("avx512f") && has!("avx512dq") && has!("avx512bw") && has!("avx512vl");
            if v3 && v4 {
                return CpuLevel::V4;
            }
            if v3 {
                return CpuLevel::V3;
            }
        }
        CpuLevel::Baseline
    }

    /// Run `f` compiled for this level (`f` and what it inlines).
    #[inline(always)]
    fn run<R>(self, f: impl FnOnce() -> R) -> R {
        match self {
            // SAFETY: `detect` found these features on this CPU.
            #[cfg(target_arch = "x86_64")]
            CpuLevel::V4 => unsafe { run_v4(f) },
            #[cfg(target_arch = "x86_64")]
            CpuLevel::V3 => unsafe { run_v3(f) },
            _ => f(),
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(
    enable = "avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi1,bmi2,lzcnt,movbe,popcnt"
)]
unsafe fn run_v4<R>(f: impl FnOnce() -> R) -> R {
    f()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,movbe,popcnt")]
unsafe fn run_v3<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Buffers a worker thread reuses from replication to replication: after the first, a
/// replication allocates (and the kernel zeroes) almost nothing.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    population: Population,
    /// Per person, the offer drawn this month, where capacity decides offers.
    wanted: Vec<bool>,
    /// Positions of this month's leavers, in increasing order.
    leavers: Compacted,
    /// The month pass's rare events, handled after it.
    rare: RareEvents,
}

/// The rare events of a month pass that the AVX-512 pass collects and then handles one
/// by one, after the pass: the positions of who has ordinary hours and who frikort hours.
#[derive(Clone, Debug, Default)]
struct RareEvents {
    hours: Compacted,
    frikort: Compacted,
}

/// What every person's step in one month shares.
#[derive(Clone, Debug)]
struct MonthStep {
    month_index: u32,
    /// The history slot of the month.
    slot: usize,
    /// Per group.
    plans: [GroupMonth; Group::COUNT],
    /// January: the frikort hours of the year start again.
    new_year: bool,
    /// Some group's offers go through capacity allocation: drawn offers are collected.
    capacity: bool,
    frikort_cap: u16,
}

/// A group's chances that hold every month.
#[derive(Clone, Copy, Debug, Default)]
struct GroupChances {
    absence: Chance,
    absence_persistence: Chance,
    frikort: Chance,
    conversation: Chance,
}

/// A group's hours amounts by draw.
#[derive(Clone, Debug)]
struct GroupAmounts {
    ordinary: WholeHours,
    frikort: WholeHours,
}

/// One person's activity in one month, before capacity allocation.
#[derive(Clone, Copy, Debug, Default)]
struct MonthActivity {
    offer: bool,
    ordinary: u16,
    frikort: u16,
}

/// Every group's hours amounts. Groups usually share their hours assumptions, so each
/// distinct (median, log-σ) is tabulated once; a group that never has the hours gets an
/// empty table.
fn group_amounts(scenario: &Scenario) -> [GroupAmounts; Group::COUNT] {
    let mut built: Vec<((u64, u64), WholeHours)> = Vec::new();
    let mut table = |rate: f64, median: f64, sigma: f64| {
        let median = if rate > 0.0 { median } else { 0.0 };
        let key = (median.to_bits(), sigma.to_bits());
        if let Some((_, t)) = built.iter().find(|(k, _)| *k == key) {
            return t.clone();
        }
        let t = WholeHours::new(median, sigma);
        built.push((key, t.clone()));
        t
    };
    Group::ALL.map(|g| {
        let params = &scenario.groups()[g.index()];
        GroupAmounts {
            ordinary: table(params.hours_rate, params.hours_median, params.hours_sigma),
            frikort: table(
                params.frikort_rate,
                params.frikort_hours_median,
                FRIKORT_SIGMA,
            ),
        }
    })
}

/// The odds p/(1 − p) of a rate; infinite for a rate of 1.
fn odds(p: f64) -> f64 {
    if p >= 1.0 {
        f64::INFINITY
    } else {
        p / (1.0 - p)
    }
}

/// The monthly probability λz/(1 + λz) of a person with propensity `z` under base odds
/// `λ`; certain when λ is infinite (a rate of 1), even for a propensity of 0.
fn chance(odds: f64, z: f64) -> f64 {
    if odds.is_infinite() {
        1.0
    } else {
        let x = odds * z;
        x / (1.0 + x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Measure, WindowTotals};

    /// The simulator's packed window equals the measure's sum over the window's months,
    /// and a person is scored by the shared measure on it.
    #[test]
    fn packed_window_matches_the_measure_sum() {
        let person = population::Person {
            stream: 1,
            offer_bits: 0,
            conversation_bits: 0,
            offer_propensity: 1.0,
            work_propensity: 1.0,
            work_chance: Chance::NEVER,
            group: Group::Kontanthjaelp,
            spell: 13,
            any: 13,
            months_since_offer: u32::from(NEVER),
            frikort_used: 0,
            absent: false,
            absence_registered: false,
        };
        let mut months: Vec<crate::Activity> = Vec::new();
        let month: Month = "2025-06".parse().unwrap();
        let mut pop = Population::default();
        pop.reset(36, true);
        pop.persons.push(person);
        pop.history.resize(1);
        for mi in 0..80u32 {
            let p = &mut pop.persons;
            p.offer_bits[0] <<= 1;
            p.conversation_bits[0] <<= 1;
            let (ordinary, frikort) = ((mi * 7 % 13) as u16 * 3, (mi % 3) as u16);
            let offer = mi % 17 == 3;
            let conversation = mi % 2 == 0;
            p.offer_bits[0] |= u64::from(offer);
            p.conversation_bits[0] |= u64::from(conversation);
            let slot = pop.history.slot(mi);
            pop.history.set(0, slot, ordinary, frikort);
            months.push(crate::Activity {
                offer,
                ordinary_hours: crate::Hours::whole(u32::from(ordinary)),
                frikort_hours: crate::Hours::whole(u32::from(frikort)),
                conversations: u16::from(conversation),
            });
            for window in [1, 6, 12, 24, 36] {
                let method = Method::star()
                    .with_changes(&crate::method::MethodSpec {
                        window_months: Some(window),
                        count_frikort_hours: Some(true),
                        ..Default::default()
                    })
                    .unwrap();
                let n = window.min(mi + 1) as usize;
                let expected = WindowTotals::over(&months[months.len() - n..]);
                assert_eq!(
                    pop.history.window(0, slot, n),
                    (
                        (expected.ordinary_centi / 100) as u32,
                        (expected.frikort_centi / 100) as u32
                    ),
                    "month {mi}, window {window}"
                );
                let status = method.status(
                    Measure::Active,
                    month,
                    &pop.persons.get(0).membership(),
                    &expected,
                );
                let mut cells = MonthCells::default();
                pop.score(CpuLevel::Baseline, &method, month, mi, &mut cells);
                let mut want = MonthCells::default();
                want.count(Group::Kontanthjaelp, status);
                assert_eq!(cells, want, "month {mi}, window {window}");
            }
        }
    }

    /// One group of 400 with every mechanism the month loop branches on: a run-up
    /// trend, a capacity limit, frequent frikort hours.
    fn small_capped_scenario() -> crate::scenario::load::Loaded {
        let text = r#"{"version": 1, "year": 2025, "burn_in_months": 14,
            "groups": {"kontanthjaelp": {
            "persons": 400, "inflow_per_month": 20, "offer_rate": 0.2, "offer_trend": 0.02,
            "hours_rate": 0.1, "hours_median": 40, "frikort_rate": 0.2,
            "frikort_hours_median": 30, "absence_rate": 0.05, "absence_persistence": 0.6,
            "registration_rate": 0.5, "conversation_rate": 0.5, "offer_capacity": 70,
            "exit_hazard": [{"from_months": 0, "rate": 0.05}]}}}"#;
        crate::scenario::load::from_json_str(text, "t").unwrap()
    }

    /// A capacity that never binds changes nothing: offers collected for allocation and
    /// then given are the offers given in the pass.
    #[test]
    fn a_capacity_that_never_binds_changes_nothing() {
        let capped = small_capped_scenario();
        let with_capacity = |offer_capacity| {
            let kh = Group::Kontanthjaelp;
            let params = crate::scenario::GroupParams {
                offer_capacity,
                ..capped.scenario.groups()[kh.index()].clone()
            };
            capped
                .scenario
                .clone()
                .with_group_params(kh, params)
                .unwrap()
        };
        let (unlimited, free) = (with_capacity(Some(1_000_000)), with_capacity(None));
        let frikort = [Method::preset("frikort").unwrap()];
        let (after, in_pass) = (
            Model::new(&unlimited, &frikort).simulate(4, 3),
            Model::new(&free, &frikort).simulate(4, 3),
        );
        let january = unlimited.january();
        let plans = Model::new(&unlimited, &[]).month_plans(january, january, 1.0);
        assert!(
            plans.iter().any(|g| g.capacity_managed),
            "the capacity path is taken"
        );
        assert_eq!(after, in_pass);
        assert!(after.cells[0].iter().all(|c| c.total().population > 0));
    }

    /// Four groups with every mechanism the AVX-512 pass decides differently from the
    /// scalar code: moves (one keeping the spell), production steering in two steps and
    /// for some groups only, absence follow-up, a capacity limit and extra places, frikort
    /// hours, an exit table of `exit_runs` runs (more than 6: the gather instead of the
    /// permutes), and methods scored on the whole history (vector) and on part of it.
    fn every_mechanism_scenario(exit_runs: u32) -> crate::scenario::load::Loaded {
        let group = |persons: u32, exits: &str, moves: &str, extra: &str| {
            format!(
                r#"{{"persons": {persons}, "inflow_per_month": 15, "offer_rate": 0.15,
                "offer_trend": 0.03, "hours_rate": 0.12, "hours_median": 40,
                "frikort_rate": 0.1, "frikort_hours_median": 30, "absence_rate": 0.05,
                "absence_persistence": 0.6, "registration_rate": 0.5,
                "conversation_rate": 0.5, "exit_hazard": [{exits}], "moves": [{moves}]{extra}}}"#
            )
        };
        let runs = (0..exit_runs)
            .map(|k| {
                format!(
                    r#"{{"from_months": {}, "rate": {}}}"#,
                    3 * k,
                    0.01 + 0.005 * f64::from(k)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            r#"{{"version": 1, "year": 2025, "burn_in_months": 14, "groups": {{
                "kontanthjaelp": {},
                "overgangsydelse": {},
                "ressourceforloeb": {},
                "sygedagpenge": {}}},
            "initiatives": [
                {{"kind": "production_steering", "start": "2024-06", "months_without_offer": 4,
                  "extra_offer_rate": 0.2}},
                {{"kind": "production_steering", "start": "2025-02", "months_without_offer": 9,
                  "extra_offer_rate": 0.3, "groups": ["kontanthjaelp"]}},
                {{"kind": "absence_followup", "start": "2025-03", "registration_rate": 0.9,
                  "groups": ["sygedagpenge"]}},
                {{"kind": "extra_capacity", "start": "2025-04", "group": "ressourceforloeb",
                  "offers_per_month": 20}}]}}"#,
            group(
                300,
                r#"{"from_months": 0, "rate": 0.05}"#,
                r#"{"to": "ressourceforloeb", "rate": 0.03, "min_spell_months": 6}"#,
                r#", "offer_capacity": 40"#
            ),
            group(
                200,
                r#"{"from_months": 0, "rate": 0.04}, {"from_months": 12, "rate": 0.02}"#,
                r#"{"to": "kontanthjaelp", "rate": 0.05, "min_spell_months": 0}"#,
                ""
            ),
            group(250, &runs, "", ""),
            group(
                150,
                r#"{"from_months": 0, "rate": 0.15}"#,
                r#"{"to": "kontanthjaelp", "rate": 0.02, "min_spell_months": 2}, {"to": "overgangsydelse", "rate": 0.02, "min_spell_months": 0}"#,
                ""
            ),
        );
        crate::scenario::load::from_json_str(&text, "t").unwrap()
    }

    /// Every compiled level of the month loop that this CPU runs gives the same
    /// replication as baseline x86-64, with every mechanism on.
    #[test]
    fn every_cpu_level_gives_the_same_bits_with_every_mechanism() {
        let across = Method::star()
            .with_changes(&crate::method::MethodSpec {
                window_months: Some(6),
                seniority: Some(crate::method::SeniorityRule::AcrossBenefits),
                absence: Some(crate::method::AbsenceRule::Exclude),
                ..Default::default()
            })
            .unwrap();
        let methods = [Method::preset("frikort").unwrap(), across];
        for exit_runs in [4, 9] {
            let loaded = every_mechanism_scenario(exit_runs);
            let model = Model::new(&loaded.scenario, &methods);
            let longest = model.exit_runs.iter().map(Vec::len).max();
            assert_eq!(longest, Some(exit_runs as usize));
            let at = |cpu| Model {
                cpu,
                ..model.clone()
            };
            let supported: &[CpuLevel] = match model.cpu {
                CpuLevel::V4 => &[CpuLevel::V4, CpuLevel::V3],
                CpuLevel::V3 => &[CpuLevel::V3],
                CpuLevel::Baseline => &[],
            };
            for rep in 0..3 {
                let expected = at(CpuLevel::Baseline).simulate(8, rep);
                let populated = |m: &Vec<MonthCells>| m.iter().all(|c| c.total().population > 0);
                assert!(expected.cells.iter().all(populated));
                for &cpu in supported {
                    let got = at(cpu).simulate(8, rep);
                    assert_eq!(
                        got, expected,
                        "{cpu:?}, {exit_runs} exit runs, replication {rep}"
                    );
                }
            }
        }
    }

    /// Every compiled level of the month loop that this CPU runs gives the same
    /// replication as baseline x86-64.
    #[test]
    fn every_cpu_level_gives_the_same_bits() {
        let loaded = small_capped_scenario();
        let model = Model::new(&loaded.scenario, &[Method::preset("frikort").unwrap()]);
        let at = |cpu| Model {
            cpu,
            ..model.clone()
        };
        let expected = at(CpuLevel::Baseline).simulate(3, 2);
        let supported = match model.cpu {
            CpuLevel::V4 => vec![CpuLevel::V4, CpuLevel::V3],
            CpuLevel::V3 => vec![CpuLevel::V3],
            CpuLevel::Baseline => vec![],
        };
        for cpu in supported {
            assert_eq!(at(cpu).simulate(3, 2), expected, "{cpu:?}");
        }
    }

    /// Whether the history keeps frikort hours (only when a method counts them) never
    /// changes what the other methods see.
    #[test]
    fn keeping_frikort_hours_changes_nothing_else() {
        let loaded = small_capped_scenario();
        let star_only = Model::new(&loaded.scenario, &[]);
        let both = Model::new(&loaded.scenario, &[Method::preset("frikort").unwrap()]);
        assert!(!star_only.frikort_history && both.frikort_history);
        let (a, b) = (star_only.simulate(5, 1), both.simulate(5, 1));
        assert_eq!(a.cells[0], b.cells[0]);
        assert_ne!(
            b.cells[0], b.cells[1],
            "frikort hours count under the frikort method"
        );
    }

    #[test]
    fn a_rate_of_one_is_certain_for_any_propensity() {
        assert_eq!(chance(f64::INFINITY, 0.0), 1.0);
        assert_eq!(chance(f64::INFINITY, 1e-30), 1.0);
        let lambda = odds(0.3);
        assert!((chance(lambda, 1.0) - 0.3).abs() < 1e-12);
        assert_eq!(chance(lambda, 0.0), 0.0);
        assert!(chance(lambda, 1e6) < 1.0);
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
        // The guided search finds what a binary search finds.
        for k in 0..=100_000u32 {
            let u = f64::from(k) / 100_000.0 * 0.999_999_9;
            let expected = cdf.partition_point(|&c| c < u) as u32 + 1;
            assert_eq!(
                model.initial_seniority(Group::Kontanthjaelp, u),
                expected,
                "u = {u}"
            );
        }
    }
}
