//! Offers replayed: the scored months of a model that differs from a recorded one only
//! in who gets an offer (a calibration's trials and its draws, [`Model::offers_read_from`]),
//! without simulating them again.
//!
//! Everything in those months but the offers — who is on benefits, in which group,
//! absent, with which hours and conversations — does not depend on the offers, so a
//! recording keeps, for every scored month, each group's population and those fulfilled
//! whatever the offers, and the persons an offer in the window would fulfil ("open"),
//! with the months of the window they were present (on benefits, not absent) and their
//! group in each. A replay draws those persons' offers again under its own offer odds,
//! from the same person-month draws the month pass uses: the cells are the whole run's,
//! bit for bit (tested against it).

use super::Model;
use super::population::swap_remove_all;
use super::replication::Workspace;
use super::rng::{self, Chance, PersonMonth, Word};
use crate::measure::{Membership, MonthCells, WindowTotals};
use crate::{Group, Month};

/// The longest window a recording keeps a person's groups for (four bits a month).
const MAX_WINDOW: u32 = 16;

/// One replication's scored months without their offers, under the scenario's own
/// method: what [`Model::replay`] continues from.
#[derive(Clone, Debug)]
pub struct OfferFree {
    seed: u64,
    rep: u64,
    /// The first month whose offers are drawn again.
    first: Month,
    /// The scored months, from January of the judged year.
    months: Vec<ScoredMonth>,
}

/// A scored month without its offers.
#[derive(Clone, Debug, Default)]
struct ScoredMonth {
    /// Per group: the population, and of it those fulfilled whatever the offers.
    fixed: MonthCells,
    /// Those in the population whom an offer in the window fulfils, and only one.
    open: Vec<Open>,
}

/// A person of a scored month's population fulfilled by an offer in the window alone.
#[derive(Clone, Copy, Debug)]
struct Open {
    stream: u64,
    propensity: f32,
    /// The group the person is counted in (this month's).
    group: Group,
    /// Bit k: present (on benefits, not absent) k months before the scored month.
    present: u16,
    /// Four bits a month, k months before at bits 4k: the group the person was in.
    groups: u64,
}

/// The persons' months as the recording passes them, a column each beside the
/// population's (removed with its leavers, grown with its newcomers): present and group,
/// newest lowest.
#[derive(Default)]
struct Tracks {
    present: Vec<u16>,
    groups: Vec<u64>,
}

impl Tracks {
    /// Follow the population through a month: drop the leavers (their positions before
    /// removal, increasing) as it did, and start the newcomers with no months.
    fn follow(&mut self, leavers: &[u64], persons: usize) {
        swap_remove_all(&mut self.present, leavers);
        swap_remove_all(&mut self.groups, leavers);
        self.present.resize(persons, 0);
        self.groups.resize(persons, 0);
    }

    /// Add person `i`'s month; its track after it.
    #[inline]
    fn push(&mut self, i: usize, present: bool, group: Group) -> (u16, u64) {
        let p = (self.present[i] << 1) | u16::from(present);
        let g = (self.groups[i] << 4) | group.index() as u64;
        self.present[i] = p;
        self.groups[i] = g;
        (p, g)
    }
}

impl OfferFree {
    /// The seed and index of the replication.
    pub fn replication(&self) -> (u64, u64) {
        (self.seed, self.rep)
    }

    /// The first month whose offers a replay draws again.
    pub fn first_month(&self) -> Month {
        self.first
    }

    /// The memory it holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.months
            .iter()
            .map(|m| m.open.len() * size_of::<Open>() + size_of::<ScoredMonth>())
            .sum()
    }
}

impl Model<'_> {
    /// Whether the scored months of this model can be recorded without their offers: only
    /// the scoring reads offers ([`Model::offers_read_from`]) and the window is at most
    /// 16 months. The month the offers are drawn again from.
    pub fn replayable_from(&self) -> Option<Month> {
        let window = self.methods[0].window_months();
        let only_method = self.methods.len() == 1;
        self.offers_read_from()
            .filter(|_| only_method && window <= MAX_WINDOW)
    }

    /// Replication `rep` on `seed` as [`Model::simulate_in`] gives it, with its record
    /// without offers when the model is replayable ([`Model::replayable_from`]).
    pub fn simulate_recording(
        &self,
        seed: u64,
        rep: u64,
        work: &mut Workspace,
    ) -> (super::ReplicationOutcome, Option<OfferFree>) {
        let Some(first) = self.replayable_from() else {
            return (self.simulate_in(seed, rep, work), None);
        };
        let method = &self.methods[0];
        let window = method.window_months();
        let january = self.scenario.january();
        // The month before the first recorded one: its persons' tracks start empty.
        let mut tracks: Option<Tracks> = None;
        let mut months = Vec::new();
        let outcome = self.simulate_observed(seed, rep, work, &mut |month, mi, pop, leavers| {
            if month < first {
                return;
            }
            let p = &pop.persons;
            let tracks = match &mut tracks {
                Some(tracks) => {
                    tracks.follow(leavers, pop.len());
                    tracks
                }
                None => tracks.insert(Tracks {
                    present: vec![0; pop.len()],
                    groups: vec![0; pop.len()],
                }),
            };
            if month < january {
                for i in 0..pop.len() {
                    tracks.push(i, !p.absent[i], p.group[i]);
                }
                return;
            }
            let scored_months = window.min(mi + 1);
            let rule = method.month_rule(method.threshold_centi(month));
            let end_slot = pop.history.slot(mi);
            let mask = (1u32 << scored_months) - 1;
            let mut scored = ScoredMonth::default();
            for i in 0..pop.len() {
                let (present, groups) = tracks.push(i, !p.absent[i], p.group[i]);
                let who = Membership {
                    group: p.group[i],
                    absence_registered: p.absence_registered[i],
                    seniority_spell: p.spell[i],
                    seniority_any: p.any[i],
                };
                if !rule.in_population(&who) {
                    continue;
                }
                let (ordinary, frikort) = pop.history.window(i, end_slot, scored_months as usize);
                let mut totals = WindowTotals {
                    offer: false,
                    ordinary_centi: u64::from(ordinary) * 100,
                    frikort_centi: u64::from(frikort) * 100,
                    conversations: (p.conversation_bits[i] & u64::from(mask)).count_ones(),
                };
                let anyway = rule.active(&totals);
                totals.offer = true;
                let with_offer = rule.active(&totals);
                scored.fixed.groups[who.group.index()].add(true, anyway);
                if with_offer && !anyway {
                    scored.open.push(Open {
                        stream: p.stream[i],
                        propensity: p.offer_propensity[i],
                        group: who.group,
                        present: present & mask as u16,
                        groups,
                    });
                }
            }
            months.push(scored);
        });
        let record = OfferFree {
            seed,
            rep,
            first,
            months,
        };
        (outcome, Some(record))
    }

    /// The scored months (January of the judged year to the last month, the scenario's
    /// own method) of `record`'s replication under this model's offer odds. The same
    /// cells as [`Model::simulate`]'s where this model differs from the recorded one
    /// only in who gets an offer from `record.first_month()` on
    /// ([`Model::diverges_from`]) and simulates the same months.
    pub fn replay(&self, record: &OfferFree) -> Vec<MonthCells> {
        let rep_key = rng::replication_key(record.seed, record.rep);
        let drawn = self.replication_parameters(rep_key);
        let shocks = self.offer_shocks(rep_key);
        let (first_month, first_index, status_quo) = self.timeline();
        let january = self.scenario.january();
        let index = |month: Month| first_index + month.since(first_month) as u32;
        // The offer odds of every month from the first replayed, per group.
        let odds: Vec<[f64; Group::COUNT]> = record
            .first
            .through(self.last_month)
            .map(|month| {
                let plans =
                    self.month_plans(month, status_quo, shocks[index(month) as usize], &drawn);
                debug_assert!(plans.iter().all(|p| p.steering.is_empty()));
                plans.map(|p| p.offer_odds)
            })
            .collect();
        let offset = index(record.first);
        record
            .months
            .iter()
            .enumerate()
            .map(|(k, scored)| {
                let mi = index(january.plus(k as i32));
                let mut cells = scored.fixed;
                for open in &scored.open {
                    let mut present = open.present;
                    let mut offered = false;
                    while present != 0 && !offered {
                        let back = present.trailing_zeros();
                        present &= present - 1;
                        let month_index = mi - back;
                        let group = (open.groups >> (4 * back)) & 0xf;
                        let base = odds[(month_index - offset) as usize][group as usize];
                        let x = if base.is_infinite() {
                            f64::INFINITY
                        } else {
                            base * f64::from(open.propensity)
                        };
                        let (u_offer, _) =
                            PersonMonth::of_stream(open.stream, month_index).pair(Word::Activity);
                        offered = Chance::hit_odds(x, 1.0, u_offer);
                    }
                    cells.groups[open.group.index()].fulfilled += u64::from(offered);
                }
                cells
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::builtin;
    use crate::scenario::uncertainty::{Layer, Layers};
    use crate::sim::{CpuLevel, Model, Workspace};
    use crate::{Group, Month};

    /// A replay of a recording gives the whole run's scored cells, bit for bit, for a
    /// model with other offer rates and trends and one whose rates are drawn per
    /// replication (a calibration's draws), recorded at two CPU levels; the recording's
    /// own run is the whole run.
    #[test]
    fn a_replay_gives_the_whole_runs_cells() {
        let assumptions = builtin::load("copenhagen-2025-assumptions.json")
            .unwrap()
            .scenario;
        let calibrated = builtin::load("copenhagen-2025.json").unwrap().scenario;
        let moved = assumptions
            .clone()
            .with_offer_rates(Group::Kontanthjaelp, 0.3, 0.05)
            .unwrap()
            .with_offer_rates(Group::Ressourceforloeb, 0.01, -0.1)
            .unwrap();
        let draws: Layers = [Layer::Calibration, Layer::Volatility]
            .into_iter()
            .collect();
        let march = Month::new(2025, 3).unwrap();
        let mut work = Workspace::default();
        for (last, level) in [
            (march, CpuLevel::detect()),
            (Month::new(2025, 12).unwrap(), CpuLevel::Baseline),
        ] {
            let base = Model::new(&assumptions, &[])
                .with_layers(Layers::NONE)
                .with_cpu_level(level)
                .until(last);
            let others = [
                Model::new(&moved, &[])
                    .with_layers(Layers::NONE)
                    .until(last),
                Model::new(&calibrated, &[]).with_layers(draws).until(last),
            ];
            for rep in 0..2 {
                let (outcome, record) = base.simulate_recording(5, rep, &mut work);
                assert_eq!(outcome, base.simulate(5, rep));
                let record = record.expect("a status-quo scenario is replayable");
                assert_eq!(record.first_month(), Month::new(2024, 2).unwrap());
                let months = record.months.len();
                assert_eq!(base.replay(&record), outcome.cells[0][..months]);
                for other in &others {
                    let whole = other.simulate(5, rep);
                    let replayed = other.replay(&record);
                    assert_eq!(replayed, whole.cells[0][..months]);
                    assert_ne!(replayed, outcome.cells[0][..months]);
                }
            }
        }
    }
}
