//! One replication: the start (a synthetic population or a register's caseload), then
//! month by month the order of events in the module docs of `sim`, scoring every month
//! of the judged year.

use super::Model;
use super::compacted::Compacted;
use super::population::{self, Population};
use super::rng;
use super::step::{MonthStep, RareEvents};
use crate::measure::MonthCells;
use crate::{Group, Month};

/// What one replication produced: for each scoring method, the cells of each month of
/// the judged year (January to the horizon).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationOutcome {
    /// `cells[method][month]`, months from January of the judged year.
    pub cells: Vec<Vec<MonthCells>>,
    /// `conversations[method][month]`: the same months scored under each method's
    /// conversations goal (≥ `conversations_required` conversations in the window).
    pub conversations: Vec<Vec<MonthCells>>,
    /// `offers[month][group]`: offers started in each month of the judged year, by the
    /// group the person is in (at most one offer a person-month).
    pub offers: Vec<[u64; Group::COUNT]>,
    /// Persons on benefits summed over all simulated months (burn-in included).
    pub person_months: u64,
    /// Per initiative (the scenario's order), what it caused over the simulated months:
    /// what its cost is counted against.
    pub drivers: Vec<CostDrivers>,
}

/// What one initiative caused in one replication, over the simulated months it ran: the
/// drivers of its cost (`docs/model.md`, costs). Shares of extra places that several
/// initiatives give one group are split by their places, so counts may be fractional.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CostDrivers {
    /// Offers it started: production steering's `offers_per_month` given, offers in
    /// extra places.
    pub offers: f64,
    /// Months its extra places were held (an offer's start month included).
    pub place_months: f64,
    /// Case reviews: passive cases without registered absence it looked at, once a month.
    pub reviews: f64,
    /// Months it ran.
    pub months: f64,
}

impl CostDrivers {
    /// The cost in DKK of these drivers at `cost`'s prices (parts not given cost 0).
    pub fn dkk(&self, cost: &crate::scenario::Cost) -> f64 {
        self.offers * cost.per_offer_dkk.unwrap_or(0.0)
            + self.place_months * cost.per_place_month_dkk.unwrap_or(0.0)
            + self.reviews * cost.per_review_dkk.unwrap_or(0.0)
            + self.months * cost.fixed_per_month_dkk.unwrap_or(0.0)
    }
}

/// What sees the population at the end of every simulated month: the month, its index,
/// the population, and the positions its leavers had before they were removed
/// (increasing), so that an observer's own columns can follow the persons.
pub(super) type Observer<'a> = dyn FnMut(Month, u32, &Population, &[u64]) + 'a;

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
    /// Where offers last: per person, the months its running offer runs after this
    /// one, flagged where it holds an extra place (`super::places`); else empty.
    offer_left: Vec<u8>,
}

impl Model<'_> {
    /// Simulate replication `rep` under `seed`.
    pub fn simulate(&self, seed: u64, rep: u64) -> ReplicationOutcome {
        self.simulate_in(seed, rep, &mut Workspace::default())
    }

    /// [`Model::simulate`] in a worker's reused buffers (the result does not depend on
    /// what the workspace held before).
    pub fn simulate_in(&self, seed: u64, rep: u64, work: &mut Workspace) -> ReplicationOutcome {
        self.simulate_observed(seed, rep, work, &mut |_, _, _, _| {})
    }

    /// [`Model::simulate_in`], showing `observe` the population at the end of every
    /// simulated month ([`Observer`]) — how [`super::synth`] writes a register.
    pub(super) fn simulate_observed(
        &self,
        seed: u64,
        rep: u64,
        work: &mut Workspace,
        observe: &mut Observer<'_>,
    ) -> ReplicationOutcome {
        self.run_months(seed, rep, work, From::Start, None, observe)
            .0
    }

    /// [`Model::simulate_in`], keeping the replication's state at the start of `at`
    /// (`None` when `at` is not a simulated month): what a model that simulates the
    /// same as this one before `at` continues from ([`Model::resume`]).
    pub fn simulate_keeping(
        &self,
        seed: u64,
        rep: u64,
        work: &mut Workspace,
        at: Month,
    ) -> (ReplicationOutcome, Option<Checkpoint>) {
        self.run_months(seed, rep, work, From::Start, Some(at), &mut |_, _, _, _| {})
    }

    /// The checkpoint's replication (its seed and index), continued by this model. The
    /// outcome equals [`Model::simulate`]'s when the checkpoint's model simulates the
    /// same as this one before the checkpoint's month: [`Model::diverges_from`] says from
    /// which month that holds.
    pub fn resume(&self, work: &mut Workspace, checkpoint: &Checkpoint) -> ReplicationOutcome {
        let (seed, rep) = (checkpoint.seed, checkpoint.rep);
        let from = From::Checkpoint(checkpoint);
        self.run_months(seed, rep, work, from, None, &mut |_, _, _, _| {})
            .0
    }

    /// The month loop, from the start of the replication or from a checkpoint.
    fn run_months(
        &self,
        seed: u64,
        rep: u64,
        work: &mut Workspace,
        from: From<'_>,
        keep_at: Option<Month>,
        observe: &mut Observer<'_>,
    ) -> (ReplicationOutcome, Option<Checkpoint>) {
        let sc = self.scenario;
        let rep_key = rng::replication_key(seed, rep);
        let january = sc.january();
        let year_months = january.through(sc.horizon_end()).count();
        let frikort_cap = (sc.frikort_cap_hours().centi() / 100).min(u32::from(u16::MAX)) as u16;

        let (first_month, first_index, status_quo) = self.timeline();
        let Workspace {
            population: pop,
            wanted,
            leavers,
            rare,
            offer_left,
        } = work;
        let (resume_month, mut outcome) = match from {
            From::Start => {
                offer_left.clear();
                match self.start {
                    Some(s) => s.fill_population(self, rep_key, pop),
                    None => self.initial_population(rep_key, pop),
                };
                let cells = vec![vec![MonthCells::default(); year_months]; self.methods.len()];
                let outcome = ReplicationOutcome {
                    conversations: cells.clone(),
                    cells,
                    offers: vec![[0u64; Group::COUNT]; year_months],
                    person_months: 0,
                    drivers: vec![CostDrivers::default(); sc.initiatives().len()],
                };
                (first_month, outcome)
            }
            From::Checkpoint(c) => {
                pop.clone_from(&c.population);
                offer_left.clone_from(&c.offer_left);
                // An initiative that is not the same in both starts at the checkpoint or
                // later (`Model::diverges_from`): before it, only the shared ones, at the
                // same places in the list, have counted anything.
                let mut outcome = c.outcome.clone();
                let initiatives = sc.initiatives().len();
                outcome.drivers.resize(initiatives, CostDrivers::default());
                (c.month, outcome)
            }
        };
        let ReplicationOutcome {
            cells,
            conversations,
            offers,
            person_months,
            drivers,
        } = &mut outcome;
        let mut kept = None;
        let shocks = self.offer_shocks(rep_key);
        let drawn = self.replication_parameters(rep_key);

        for month in resume_month.through(self.last_month) {
            let mi = first_index + month.since(first_month) as u32;
            let lasting = self.lasting_from.is_some_and(|from| month >= from);
            if keep_at == Some(month) {
                kept = Some(Checkpoint {
                    seed,
                    rep,
                    month,
                    population: pop.clone(),
                    offer_left: offer_left.clone(),
                    outcome: ReplicationOutcome {
                        cells: cells.clone(),
                        conversations: conversations.clone(),
                        offers: offers.clone(),
                        person_months: *person_months,
                        drivers: drivers.clone(),
                    },
                });
            }
            let plans = self.month_plans(month, status_quo, shocks[mi as usize], &drawn);
            let targeted = self.targeted_steering(month, &drawn);
            for (d, init) in drivers.iter_mut().zip(sc.initiatives()) {
                d.months += f64::from(u8::from(init.active_in(month)));
            }
            let step = MonthStep {
                month_index: mi,
                slot: pop.history.slot(mi),
                new_year: month.month_of_year() == 1,
                capacity: plans.iter().any(|g| g.capacity_managed)
                    || !targeted.is_empty()
                    || lasting,
                plans,
                frikort_cap,
            };
            wanted.clear();
            if step.capacity {
                wanted.resize(pop.len(), false);
            }
            if lasting {
                offer_left.resize(pop.len(), 0);
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
            // A leaver's place frees with it.
            if lasting {
                population::swap_remove_all(offer_left, leavers.as_slice());
            }

            // 3. Inflow, then the newcomers' absence and activity.
            let stayers = pop.len();
            self.inflow(rep_key, month, mi, pop);
            if step.capacity {
                wanted.resize(pop.len(), false);
            }
            if lasting {
                offer_left.resize(pop.len(), 0);
            }
            self.step_persons(pop, stayers, &step, wanted, None, rare);
            if step.capacity {
                let (extra, held) =
                    self.allocate_offers(&pop.persons, wanted, &step.plans, mi, offer_left);
                // A pass over every person, as the month pass is: compiled for its level.
                let given = self.cpu.run(
                    #[inline(always)]
                    || self.give_targeted_offers(pop, wanted, &targeted, month, mi, offer_left),
                );
                for (t, n) in targeted.iter().zip(given) {
                    drivers[t.initiative].offers += n as f64;
                }
                for (g, plan) in step.plans.iter().enumerate() {
                    let total = plan.extra_places as f64;
                    for &(k, places) in &plan.extra_by {
                        let share = if total > 0.0 {
                            places as f64 / total
                        } else {
                            0.0
                        };
                        drivers[k].offers += share * extra[g] as f64;
                        drivers[k].place_months += share * (extra[g] + held.extra[g]) as f64;
                    }
                }
                self.start_offers(&mut pop.persons, wanted, offer_left, mi);
            }

            // 5a. Unregistered absence among the passive, where a follow-up finds it.
            if step.plans.iter().any(|p| p.finds_unregistered > 0.0) {
                let reviews = self.register_found_absence(pop, &step.plans, &drawn, month, mi);
                for (plan, n) in step.plans.iter().zip(reviews) {
                    for &k in &plan.follow_ups {
                        drivers[k].reviews += n as f64;
                    }
                }
            }

            // 6. Scoring.
            *person_months += pop.len() as u64;
            if month >= january {
                let yi = month.since(january) as usize;
                for ((method, method_cells), method_conversations) in self
                    .methods
                    .iter()
                    .zip(cells.iter_mut())
                    .zip(conversations.iter_mut())
                {
                    let (active, conversations) =
                        (&mut method_cells[yi], &mut method_conversations[yi]);
                    self.score(pop, method, month, mi, active, conversations);
                }
                pop.count_offers(&mut offers[yi]);
            }
            observe(month, mi, pop, leavers.as_slice());
        }
        (outcome, kept)
    }
}

/// Where a replication's month loop starts.
enum From<'c> {
    /// The start of the burn-in (or the register's caseload).
    Start,
    /// A state another model kept.
    Checkpoint(&'c Checkpoint),
}

/// One replication's state at the start of a month: its persons with their history, the
/// places its running offers hold, and what the months before produced. A scenario that
/// simulates the same as the one that kept it before `month` — an initiative that starts
/// then, say — continues from it instead of simulating those months again: every draw is
/// keyed by (seed, replication, person, month), so the continuation is the same, bit for
/// bit, as the whole replication.
#[derive(Clone, Debug)]
pub struct Checkpoint {
    seed: u64,
    rep: u64,
    month: Month,
    population: Population,
    offer_left: Vec<u8>,
    outcome: ReplicationOutcome,
}

impl Checkpoint {
    /// The seed and index of the replication.
    pub fn replication(&self) -> (u64, u64) {
        (self.seed, self.rep)
    }

    /// The month the replication continues with.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The memory it holds, in bytes (what a cache of checkpoints budgets).
    pub fn heap_bytes(&self) -> usize {
        let cells = self.outcome.cells.iter().chain(&self.outcome.conversations);
        self.population.heap_bytes()
            + self.offer_left.len()
            + cells
                .map(|m| m.len() * size_of::<MonthCells>())
                .sum::<usize>()
            + self.outcome.offers.len() * size_of::<[u64; Group::COUNT]>()
    }
}
