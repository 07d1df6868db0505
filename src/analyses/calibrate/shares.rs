//! What a fit simulates: the target months' active shares of a scenario over the
//! replications, every simulation of the fit on one driver and one seed (common random
//! numbers).
//!
//! A fit's trials and its draws differ only in who gets an offer, and nothing but the
//! scoring reads the offers of a status-quo scenario: the months before the first scored
//! month's window (before February 2024 for January 2025's) come out the same in every
//! trial, as far as any target month can tell ([`Model::offers_read_from`]). They are
//! simulated once per replication and every later simulation continues from there —
//! about half of the months of a fit to January–March with a two-year burn-in. The shares
//! are the same, bit for bit, as from whole runs.

use crate::Group;
use crate::Month;
use crate::run::Driver;
use crate::run::cells::{RunCells, shares_over_replications};
use crate::run::resources::CHECKPOINT_BYTES_PER_PERSON;
use crate::scenario::uncertainty::Layers;
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::{Checkpoint, Model, ReplicationOutcome};
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

/// The simulations of one fit: its driver and seed, and the replications kept at the
/// month the offers start to count, for the scenarios that differ from the first one
/// simulated only in who gets an offer.
pub(super) struct Simulator<'d, 'p> {
    driver: &'d Driver<'p>,
    seed: u64,
    /// Memory, bytes, the kept replications may hold (0: none kept).
    memory: u64,
    kept: RefCell<Option<Kept>>,
}

/// The first scenario a fit simulated, and its replications `0..checkpoints.len()` at
/// the start of `month`.
struct Kept {
    scenario: Scenario,
    layers: Layers,
    last: Month,
    /// The month the offers start to count; `None` when something besides the scoring
    /// reads them (nothing is kept).
    month: Option<Month>,
    checkpoints: Vec<Checkpoint>,
    bytes: u64,
}

impl<'d, 'p> Simulator<'d, 'p> {
    /// Simulations on `driver` and `seed`, keeping at most `memory` bytes of
    /// replications to continue from.
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
        let outcomes = self.replicate(&model, replications);
        Ok(month_shares(scenario, targets, &outcomes))
    }

    /// Replications `0..replications` of `model`: those kept continued where `model`
    /// simulates as the kept scenario before their month, the rest run whole (and kept,
    /// while the memory lasts).
    fn replicate(&self, model: &Model, replications: u64) -> Vec<ReplicationOutcome> {
        let mut kept = self.kept.borrow_mut();
        let kept = kept.get_or_insert_with(|| Kept {
            scenario: model.scenario().clone(),
            layers: model.layers(),
            last: model.last_month(),
            month: model.offers_read_from(),
            checkpoints: Vec::new(),
            bytes: 0,
        });
        let first = Model::new(&kept.scenario, &[])
            .with_layers(kept.layers)
            .until(kept.last);
        let Some(month) = kept.month.filter(|&m| m <= model.diverges_from(&first)) else {
            return self.driver.replicate(model, self.seed, 0..replications);
        };
        let have = (kept.checkpoints.len() as u64).min(replications);
        let mut outcomes = self
            .driver
            .resume(model, &kept.checkpoints[..have as usize]);
        if have == replications {
            return outcomes;
        }
        let rest = have..replications;
        let per_replication = match kept.checkpoints.len() {
            0 => model.scenario().initial_persons() * CHECKPOINT_BYTES_PER_PERSON,
            n => kept.bytes / n as u64,
        };
        if kept.bytes + (replications - have) * per_replication > self.memory {
            outcomes.extend(self.driver.replicate(model, self.seed, rest));
            return outcomes;
        }
        for (outcome, checkpoint) in self.driver.replicate_keeping(model, self.seed, rest, month) {
            outcomes.push(outcome);
            if let Some(c) = checkpoint {
                kept.bytes += c.heap_bytes() as u64;
                kept.checkpoints.push(c);
            }
        }
        outcomes
    }
}

/// The target months' shares of `outcomes` (replications of `scenario`).
fn month_shares(
    scenario: &Scenario,
    targets: &[ObservedMonth],
    outcomes: &[ReplicationOutcome],
) -> Vec<MonthShares> {
    let january = scenario.january();
    let run = RunCells::from_outcomes(outcomes);
    let cells = run.method(0);
    let totals = cells.totals();
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
            let group_shares =
                Group::ALL.map(|g| shares_over_replications(cells.group(g).column(i)));
            MonthShares {
                total: mean(&shares_over_replications(totals.column(i))),
                groups: Group::ALL.map(|g| mean(&group_shares[g.index()])),
                population: Group::ALL.map(|g| {
                    let populations: Vec<f64> = cells
                        .group(g)
                        .column(i)
                        .iter()
                        .map(|c| c.population as f64)
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

    /// A fit's trials continue from the replications kept at the month the offers start
    /// to count, with the shares of whole runs, bit for bit: its trials (other rates,
    /// more replications than were kept) and its draws (other rates drawn per
    /// replication). A scenario whose capacity reads how long persons waited keeps
    /// nothing, and one that does not fit in the memory runs whole.
    #[test]
    fn trials_continue_from_the_months_before_the_offers_count() {
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
            (kept.month, kept.checkpoints.len())
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
        let tight = Simulator::new(&driver, 7, 1_000_000);
        tight
            .shares(&assumptions, &targets, 2, Layers::NONE)
            .unwrap();
        assert_eq!(kept(&tight), (Some(february), 0));
    }
}
