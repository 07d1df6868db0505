//! Unregistered absence among the passive (`docs/model.md` §3, step 5a): in a group
//! with a case review, a share of the passive are truly absent (long-term illness etc.)
//! but not registered; an absence follow-up with `finds_unregistered` finds a share of
//! them and registers their absence, so that (under `absence: exclude`) they leave the
//! population. Judged after the month's offers, before scoring, over the whole
//! population in scalar code: the same on every CPU level.

use super::Model;
use super::plan::{GroupMonth, ReplicationParameters};
use super::population::Population;
use super::rng::{self, Chance};
use super::score::offer_window_mask;
use crate::measure::{Membership, WindowTotals};
use crate::{Group, Month};

impl Model<'_> {
    /// Register the absence of every person who is passive in `month` (month index
    /// `mi`) under the scenario's method if nothing were registered, belongs to the
    /// drawn share of truly absent (`drawn.unregistered_absence` of the group) and is
    /// among the share the group's follow-up finds (`plans[g].finds_unregistered`).
    /// Both are fixed traits of the person ([`rng::absence_traits`]), so the same
    /// persons stay hidden, and stay found, from month to month. Returns, per group, the
    /// case reviews made: the passive persons looked at.
    pub(super) fn register_found_absence(
        &self,
        pop: &mut Population,
        plans: &[GroupMonth; Group::COUNT],
        drawn: &ReplicationParameters,
        month: Month,
        mi: u32,
    ) -> [u64; Group::COUNT] {
        let mut reviews = [0; Group::COUNT];
        let method = &self.methods[0];
        let rule = method.month_rule(method.threshold_centi(month));
        let months = method.window_months().min(mi + 1);
        let mask = offer_window_mask(months);
        let chances = Group::ALL.map(|g| {
            let (share, finds) = (
                drawn.unregistered_absence[g.index()],
                plans[g.index()].finds_unregistered,
            );
            (share > 0.0 && finds > 0.0).then(|| (Chance::new(share), Chance::new(finds)))
        });
        let slot = pop.history.slot(mi);
        let (persons, history) = (&mut pop.persons, &pop.history);
        for i in 0..persons.len() {
            let Some((absent, found)) = chances[persons.group[i].index()] else {
                continue;
            };
            if persons.absence_registered[i] {
                continue;
            }
            let who = Membership {
                group: persons.group[i],
                absence_registered: false,
                seniority_spell: persons.spell[i],
                seniority_any: persons.any[i],
            };
            let (ordinary, frikort) = history.window(i, slot, months as usize);
            let window = WindowTotals {
                offer: persons.offer_bits[i] & mask != 0,
                ordinary_centi: u64::from(ordinary) * 100,
                frikort_centi: u64::from(frikort) * 100,
                conversations: 0,
            };
            if !rule.in_population(&who) || rule.active(&window) {
                continue;
            }
            reviews[persons.group[i].index()] += 1;
            let (u_absent, u_found) = rng::absence_traits(persons.stream[i]);
            persons.absence_registered[i] = absent.hit(u_absent) && found.hit(u_found);
        }
        reviews
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::uncertainty::Layers;
    use crate::sim::testing::layered_scenario;

    /// The layered scenario with a case review of kontanthjælp's passive (150 reviewed,
    /// 21 should be absent) and, with `finds`, an absence follow-up from March 2025 that
    /// finds that share of them.
    fn reviewed(finds: Option<f64>) -> crate::scenario::load::Loaded {
        layered_scenario(|f| {
            f["groups"]["kontanthjaelp"]["unregistered_absence"] =
                serde_json::json!({"reviewed": 150, "should_be_absent": 21});
            if let Some(finds) = finds {
                f["initiatives"].as_array_mut().unwrap().push(serde_json::json!(
                    {"kind": "absence_followup", "start": "2025-03", "finds_unregistered": finds}
                ));
            }
        })
    }

    /// A case review alone changes nothing (bit for bit). With the follow-up, nobody's
    /// activity changes — the fulfilled are the same persons — and the passive of
    /// kontanthjælp shrink by about share × found = 22/152 × ½ ≈ 7.2 % (the posterior
    /// mean, the effect-size layer off), the other group not at all.
    #[test]
    fn the_follow_up_registers_a_share_of_the_passive() {
        let plain = layered_scenario(|_| {});
        let review = reviewed(None);
        let followed = reviewed(Some(0.5));
        let (before, after) = (
            Model::new(&review.scenario, &[]).with_layers(Layers::NONE),
            Model::new(&followed.scenario, &[]).with_layers(Layers::NONE),
        );
        let base = Model::new(&plain.scenario, &[]).with_layers(Layers::NONE);
        let kh = Group::Kontanthjaelp.index();
        let (mut passive, mut removed) = (0u64, 0u64);
        for rep in 0..6 {
            let (b, a) = (before.simulate(9, rep), after.simulate(9, rep));
            assert_eq!(b, base.simulate(9, rep), "a review alone changes nothing");
            for (month, (cb, ca)) in b.cells[0].iter().zip(&a.cells[0]).enumerate() {
                for g in Group::ALL {
                    let (x, y) = (cb.groups[g.index()], ca.groups[g.index()]);
                    assert_eq!(x.fulfilled, y.fulfilled, "month {month}, {g}");
                    if g.index() != kh || month < 2 {
                        assert_eq!(x, y, "month {month}, {g}");
                    }
                }
                if month >= 2 {
                    let (x, y) = (cb.groups[kh], ca.groups[kh]);
                    passive += x.population - x.fulfilled;
                    removed += x.population - y.population;
                }
            }
        }
        let share = removed as f64 / passive as f64;
        let expected = 22.0 / 152.0 * 0.5;
        assert!(
            (share - expected).abs() < 0.3 * expected,
            "{share} vs {expected}"
        );
    }

    /// The share is drawn per replication from the Beta(22, 130) posterior: its mean
    /// 22/152 and variance αβ/((α+β)²(α+β+1)) over many replications; with the layer
    /// off, the mean itself.
    #[test]
    fn the_share_is_drawn_from_the_posterior() {
        let loaded = reviewed(Some(0.5));
        let model = Model::new(&loaded.scenario, &[]);
        let kh = Group::Kontanthjaelp.index();
        let n = 20_000;
        let draws: Vec<f64> = (0..n)
            .map(|rep| {
                model
                    .replication_parameters(rng::replication_key(4, rep))
                    .unregistered_absence[kh]
            })
            .collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n as f64;
        let (a, b) = (22.0, 130.0);
        let expected_var = a * b / ((a + b) * (a + b) * (a + b + 1.0));
        assert!((mean - a / (a + b)).abs() < 0.001, "{mean}");
        assert!(
            (var / expected_var - 1.0).abs() < 0.05,
            "{var} vs {expected_var}"
        );
        let off = Model::new(&loaded.scenario, &[]).with_layers(Layers::NONE);
        let central = off.replication_parameters(rng::replication_key(4, 0));
        assert_eq!(central.unregistered_absence[kh], a / (a + b));
        assert_eq!(
            central.unregistered_absence[Group::Sygedagpenge.index()],
            0.0
        );
    }
}
