//! What a fit simulates: the target months' active shares of a scenario over the
//! replications, every simulation of the fit on one driver and one seed (common random
//! numbers).
//!
//! A fit's trials and its draws differ only in who gets an offer, and nothing but the
//! scoring reads the offers of a status-quo scenario: who is on benefits, in which group,
//! absent, with which hours, is the same in every trial. So the first time a replication
//! runs, its scored months are recorded without their offers ([`OfferFree`]), and every
//! later trial only draws the offers of the persons they decide again under its own
//! rates ([`Model::replay`]). The shares are the same, bit for bit, as from whole runs.

use crate::measure::{Cell, MonthCells};
use crate::run::Driver;
use crate::run::cells::shares_over_replications;
use crate::scenario::uncertainty::Layers;
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::{Model, OfferFree};
use crate::{Group, Month};
use std::cell::RefCell;

/// What the replications give for one target month.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct MonthShares {
    /// Mean total share, percent.
    pub(super) total: f64,
    /// Mean share per group, percent.
    pub(super) groups: [f64; Group::COUNT],
    /// Mean population per group (persons).
    pub(super) population: [f64; Group::COUNT],
    /// Variance of the group's share over the replications, points².
    pub(super) variance: [f64; Group::COUNT],
}

/// The simulations of one fit: its driver and seed, and the replications recorded
/// without their offers, for the scenarios that differ from the first one simulated only
/// in who gets an offer.
pub(super) struct Simulator<'d, 'p> {
    driver: &'d Driver<'p>,
    seed: u64,
    /// Memory, bytes, the records may hold (0: none kept).
    memory: u64,
    kept: RefCell<Option<Kept>>,
}

/// The first scenario a fit simulated, and its replications `0..records.len()` without
/// their offers.
struct Kept {
    scenario: Scenario,
    layers: Layers,
    last: Month,
    /// The month the offers are drawn again from; `None` when the scenario cannot be
    /// replayed (something besides the scoring reads offers): nothing is kept.
    month: Option<Month>,
    records: Vec<OfferFree>,
    bytes: u64,
}

impl<'d, 'p> Simulator<'d, 'p> {
    /// Simulations on `driver` and `seed`, keeping at most `memory` bytes of
    /// records to replay.
    pub(super) fn new(driver: &'d Driver<'p>, seed: u64, memory: u64) -> Simulator<'d, 'p> {
        Simulator {
            driver,
            seed,
            memory,
            kept: RefCell::new(None),
        }
    }

    /// The seed of the common random numbers.
    pub(super) fn seed(&self) -> u64 {
        self.seed
    }

    /// The simulated target months of `scenario` under `layers`, over replications
    /// `0..replications`.
    pub(super) fn shares(
        &self,
        scenario: &Scenario,
        targets: &[ObservedMonth],
        replications: u64,
        layers: Layers,
    ) -> crate::Result<Vec<MonthShares>> {
        let last_target = targets
            .iter()
            .map(|t| t.month)
            .max()
            .unwrap_or(scenario.horizon_end());
        let model = Model::new(scenario, &[])
            .with_layers(layers)
            .until(last_target);
        let cells = self.replicate(&model, replications);
        Ok(month_shares(scenario, targets, &cells))
    }

    /// The scored months (the scenario's own method, from January) of replications
    /// `0..replications` of `model`: those recorded replayed where `model` differs from
    /// the recorded scenario only in who gets an offer, the rest run whole (and
    /// recorded, while the memory lasts).
    fn replicate(&self, model: &Model, replications: u64) -> Vec<Vec<MonthCells>> {
        let mut kept = self.kept.borrow_mut();
        let kept = kept.get_or_insert_with(|| Kept {
            scenario: model.scenario().clone(),
            layers: model.layers(),
            last: model.last_month(),
            month: model.replayable_from(),
            records: Vec::new(),
            bytes: 0,
        });
        let scored = model.last_month().since(model.scenario().january()) as usize + 1;
        let whole = |range| {
            let outcomes = self.driver.replicate(model, self.seed, range);
            outcomes.into_iter().map(|o| scored_cells(o.cells, scored))
        };
        let first = Model::new(&kept.scenario, &[])
            .with_layers(kept.layers)
            .until(kept.last);
        let replays = kept
            .month
            .is_some_and(|m| m <= model.diverges_from(&first) && model.last_month() == kept.last);
        if !replays {
            return whole(0..replications).collect();
        }
        let have = (kept.records.len() as u64).min(replications);
        let mut cells = self.driver.replay(model, &kept.records[..have as usize]);
        if have == replications {
            return cells;
        }
        let rest = have..replications;
        let per_replication = match kept.records.len() {
            0 => model.scenario().initial_persons() * scored as u64 * OPEN_BYTES,
            n => kept.bytes / n as u64,
        };
        if kept.bytes + (replications - have) * per_replication > self.memory {
            cells.extend(whole(rest));
            return cells;
        }
        for (outcome, record) in self.driver.replicate_recording(model, self.seed, rest) {
            cells.push(scored_cells(outcome.cells, scored));
            if let Some(r) = record {
                kept.bytes += r.heap_bytes() as u64;
                kept.records.push(r);
            }
        }
        cells
    }
}

/// Bytes a record holds per person and scored month, for the estimate before the first
/// one is made (those an offer decides, at most everybody).
const OPEN_BYTES: u64 = 24;

/// The scenario's own method's cells of the first `scored` months.
fn scored_cells(mut cells: Vec<Vec<MonthCells>>, scored: usize) -> Vec<MonthCells> {
    let mut own = cells.swap_remove(0);
    own.truncate(scored);
    own
}

/// The target months' shares of `cells` (replications of `scenario`, the scored months
/// from January).
fn month_shares(
    scenario: &Scenario,
    targets: &[ObservedMonth],
    cells: &[Vec<MonthCells>],
) -> Vec<MonthShares> {
    let january = scenario.january();
    let mean = |values: &[f64]| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let variance = |values: &[f64]| {
        let m = mean(values);
        values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (values.len().max(2) - 1) as f64
    };
    targets
        .iter()
        .map(|t| {
            let i = t.month.since(january) as usize;
            let month = || cells.iter().map(|r| &r[i]);
            let totals: Vec<Cell> = month()
                .map(|m| {
                    let mut sum = Cell::default();
                    for c in &m.groups {
                        sum.merge(c);
                    }
                    sum
                })
                .collect();
            let group_shares =
                Group::ALL.map(|g| shares_over_replications(month().map(|m| &m.groups[g.index()])));
            MonthShares {
                total: mean(&shares_over_replications(&totals)),
                groups: Group::ALL.map(|g| mean(&group_shares[g.index()])),
                population: Group::ALL.map(|g| {
                    let populations: Vec<f64> = cells
                        .iter()
                        .map(|r| r[i].groups[g.index()].population as f64)
                        .collect();
                    mean(&populations)
                }),
                variance: Group::ALL.map(|g| variance(&group_shares[g.index()])),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::builtin;
    use crate::scenario::uncertainty::Layer;

    /// A fit's trials replay the replications recorded without their offers, with the
    /// shares of whole runs, bit for bit: its trials (other rates, more replications
    /// than were recorded) and its draws (other rates drawn per replication). A
    /// scenario whose capacity reads how long persons waited keeps nothing, and one that
    /// does not fit in the memory runs whole.
    #[test]
    fn trials_replay_the_recorded_replications() {
        let assumptions = builtin::load("copenhagen-2025-assumptions.json")
            .unwrap()
            .scenario;
        let calibrated = builtin::load("copenhagen-2025.json").unwrap().scenario;
        let targets = assumptions.observed().to_vec();
        let driver = Driver::new(2, || {}).unwrap();
        let whole = Simulator::new(&driver, 7, 0);
        let roomy = Simulator::new(&driver, 7, 1 << 30);
        let kept = |sim: &Simulator| {
            let kept = sim.kept.borrow();
            let kept = kept.as_ref().unwrap();
            (kept.month, kept.records.len())
        };
        let same = |sc: &Scenario, replications: u64, layers: Layers| {
            let continued = roomy.shares(sc, &targets, replications, layers).unwrap();
            assert_eq!(
                continued,
                whole.shares(sc, &targets, replications, layers).unwrap()
            );
            continued
        };
        let first = same(&assumptions, 2, Layers::NONE);
        let february = Month::new(2024, 2).unwrap();
        assert_eq!(kept(&roomy), (Some(february), 2));
        let moved = assumptions
            .clone()
            .with_offer_rates(Group::Kontanthjaelp, 0.3, 0.05)
            .unwrap()
            .with_offer_rates(Group::ADagpenge, 0.05, -0.02)
            .unwrap();
        let trial = same(&moved, 3, Layers::NONE);
        assert_ne!(trial, first);
        assert_eq!(kept(&roomy), (Some(february), 3));
        let draws: Layers = [Layer::Calibration, Layer::Volatility]
            .into_iter()
            .collect();
        let march = Month::new(2025, 3).unwrap();
        let model = |sc, layers| Model::new(sc, &[]).with_layers(layers).until(march);
        let drawn = model(&calibrated, draws);
        assert_eq!(
            drawn.diverges_from(&model(&assumptions, Layers::NONE)),
            february
        );
        assert_ne!(
            same(&calibrated, 3, draws),
            same(&calibrated, 3, Layers::NONE)
        );

        let capped = Simulator::new(&driver, 7, 1 << 30);
        let mut capacity = assumptions.groups()[Group::Kontanthjaelp.index()].clone();
        capacity.offer_capacity = Some(400);
        let capacity = assumptions
            .clone()
            .with_group_params(Group::Kontanthjaelp, capacity)
            .unwrap();
        capped.shares(&capacity, &targets, 2, Layers::NONE).unwrap();
        assert_eq!(kept(&capped), (None, 0));
        let tight = Simulator::new(&driver, 7, 100_000);
        tight
            .shares(&assumptions, &targets, 2, Layers::NONE)
            .unwrap();
        assert_eq!(kept(&tight), (Some(february), 0));
    }
}
