//! Who arrives (step 3 of the monthly order, and the population the burn-in starts
//! from): persons drawn per group, with their streams, seniority and propensities.

use super::Model;
use super::model::chance;
use super::persons::Persons;
use super::population::Population;
use super::rng::{self, Chance, Event};
use crate::{Group, Month};
use rand_distr::{Distribution, Poisson};

impl Model<'_> {
    /// The persons on benefits at the start of the burn-in: each group's `persons`, with
    /// seniority from the stationary distribution and no activity history yet.
    pub(super) fn initial_population(&self, rep_key: u64, pop: &mut Population) {
        let sc = self.scenario;
        pop.reset(self.history_months, self.frikort_history);
        for g in Group::ALL {
            let count = u64::from(sc.groups()[g.index()].persons);
            self.add_persons(rep_key, &mut pop.persons, 0, g, count);
        }
        pop.history.resize(pop.len());
    }

    /// The inflow of `month` (month index `mi`): per group a Poisson number of newcomers
    /// with the group's seasonal mean, added to `pop` with an empty history.
    pub(super) fn inflow(&self, rep_key: u64, month: Month, mi: u32, pop: &mut Population) {
        let sc = self.scenario;
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
            // Validation bounds the inflow to 1e7 and the seasonality to 10, so the mean
            // is finite, positive (checked above) and at most 1e8, far below the largest
            // mean a Poisson takes (about 1.8e19): tiny means (1e-300) draw 0.
            let n = Poisson::new(mean)
                .expect("a validated inflow and seasonality give a valid Poisson mean")
                .sample(&mut inflow_rng) as u64;
            self.add_persons(rep_key, &mut pop.persons, 1 + u64::from(mi), g, n);
        }
        pop.history.resize(pop.len());
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
}
