//! What each group's persons face in one month, decided once per group-month: the
//! offer odds with the run-up trend and the operations' shock, production steering,
//! the registration rate of absence and capacity; and the parameters a replication
//! draws once (the layers of uncertainty, `docs/model.md` §5.3).

use super::Model;
use super::fastmath::normal_quantile;
use super::rng::{self, Chance, Event};
use crate::scenario::uncertainty::Layer;
use crate::scenario::{Initiative, Targeting};
use crate::{Group, Month};
use rand_distr::Distribution;

/// The parameters one replication draws before its first month: each initiative's
/// strength (effect sizes) and each group's base offer odds and run-up trend
/// (calibration). A layer switched off, or absent from the scenario, leaves the central
/// values: the distribution's mean, the file's fitted values.
#[derive(Clone, Debug)]
pub(super) struct ReplicationParameters {
    /// Per initiative, its strength.
    strengths: Vec<f64>,
    /// Per group, the base offer odds.
    offer_odds: [f64; Group::COUNT],
    /// Per group, the run-up trend of the log offer odds.
    offer_trend: [f64; Group::COUNT],
    /// Per group, the share of the passive who are truly absent but unregistered (0
    /// without a case review).
    pub(super) unregistered_absence: [f64; Group::COUNT],
}

/// What a group's persons face in one month, looked up once per group-month instead of
/// once per person-month.
#[derive(Clone, Debug)]
pub(super) struct GroupMonth {
    /// The base offer odds with this month's run-up trend and operations' shock;
    /// infinite for a rate of 1 (certain, whatever the propensity).
    pub(super) offer_odds: f64,
    /// Active production steering: (months without an offer from which it applies,
    /// 1 − its extra offer rate).
    pub(super) steering: Vec<(u32, f64)>,
    /// The registration rate of absence, raised by active absence follow-up.
    pub(super) registration: Chance,
    /// The share of the unregistered absent among the passive that active absence
    /// follow-up finds and registers (the highest of them; 0: none).
    pub(super) finds_unregistered: f64,
    /// Extra places of active capacity initiatives (persons in an offer at once).
    pub(super) extra_places: u64,
    /// Months an offer in an extra place lasts (0: the group's).
    pub(super) extra_months: u8,
    /// Offers go through capacity allocation (a monthly limit or extra places).
    pub(super) capacity_managed: bool,
    /// The active capacity initiatives of the group: (initiative, its extra places), to
    /// share the extra places' offers and place-months among them (cost drivers).
    pub(super) extra_by: Vec<(usize, u64)>,
    /// The active absence follow-ups that find unregistered absence in the group (their
    /// initiative indices; each is counted the group's case reviews).
    pub(super) follow_ups: Vec<usize>,
}

/// Production steering with a count, active in a month: the job centre gives `offers`
/// offers to persons of the targeted groups without an offer this month, by `targeting`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TargetedSteering {
    /// Bit g: group g is targeted.
    pub(super) groups: u32,
    /// Targeted: at least this many months since the last offer.
    pub(super) months_without_offer: u32,
    pub(super) offers: u64,
    pub(super) targeting: Targeting,
    /// The initiative's index in the scenario (its offers are its cost driver).
    pub(super) initiative: usize,
}

impl Model<'_> {
    /// The parameters of the replication with key `rep_key`. Each draw is one uniform of
    /// the replication's own stream for that parameter (an effect size by its JSON path,
    /// a group's calibration by the group), turned into the value by a quantile function:
    /// replication *i* takes the same quantile in every scenario that has the parameter.
    pub(super) fn replication_parameters(&self, rep_key: u64) -> ReplicationParameters {
        let sc = self.scenario;
        let mut strengths: Vec<f64> = sc
            .initiatives()
            .iter()
            .map(|init| init.strength().value.unwrap_or(f64::NAN))
            .collect();
        let draw_effects = self.layers.contains(Layer::EffectSizes);
        for p in sc.uncertain_strengths() {
            strengths[p.initiative] = if draw_effects {
                let key = rng::parameter_key(&p.path);
                p.value_at(rng::replication_uniform(rep_key, Event::EffectSize, &[key]))
            } else {
                p.central()
            };
        }
        let mut offer_odds = self.offer_odds;
        let mut offer_trend = Group::ALL.map(|g| sc.groups()[g.index()].offer_trend);
        if self.layers.contains(Layer::Calibration) {
            for g in Group::ALL {
                let Some(cov) = sc.calibration_covariance(g) else {
                    continue;
                };
                let z = [0, 1].map(|k| {
                    let u = rng::replication_uniform(
                        rep_key,
                        Event::Calibration,
                        &[g.index() as u64, k],
                    );
                    normal_quantile(u)
                });
                let [logit, trend] = cov.shift(z);
                // Odds are exp(logit): a shift of the logit multiplies them.
                offer_odds[g.index()] *= logit.exp();
                offer_trend[g.index()] += trend;
            }
        }
        let unregistered_absence = Group::ALL.map(|g| {
            let Some(posterior) = sc.unregistered_absence(g) else {
                return 0.0;
            };
            if draw_effects {
                let path = format!("groups.{g}.unregistered_absence");
                let key = rng::parameter_key(&path);
                posterior.quantile(rng::replication_uniform(rep_key, Event::EffectSize, &[key]))
            } else {
                posterior.mean()
            }
        });
        ReplicationParameters {
            strengths,
            offer_odds,
            offer_trend,
            unregistered_absence,
        }
    }

    /// Per group, what its persons face in `month`: the run-up trend of the offer rates
    /// (reaching at most 12 months back to the status-quo month), the operations' shock,
    /// and the initiatives active in the month.
    pub(super) fn month_plans(
        &self,
        month: Month,
        status_quo: Month,
        shock: f64,
        drawn: &ReplicationParameters,
    ) -> [GroupMonth; Group::COUNT] {
        let sc = self.scenario;
        let back = month.since(status_quo).clamp(-12, 0);
        let active: Vec<(usize, &Initiative, f64)> = sc
            .initiatives()
            .iter()
            .zip(&drawn.strengths)
            .enumerate()
            .filter(|(_, (i, _))| i.active_in(month))
            .map(|(k, (i, &strength))| (k, i, strength))
            .collect();
        Group::ALL.map(|g| {
            let params = &sc.groups()[g.index()];
            let covers =
                |groups: &Option<Vec<Group>>| groups.as_ref().is_none_or(|gs| gs.contains(&g));
            let mut plan = GroupMonth {
                offer_odds: drawn.offer_odds[g.index()]
                    * (drawn.offer_trend[g.index()] * f64::from(back)).exp()
                    * shock,
                steering: Vec::new(),
                registration: Chance::new(params.registration_rate),
                finds_unregistered: 0.0,
                extra_places: 0,
                extra_months: 0,
                capacity_managed: false,
                extra_by: Vec::new(),
                follow_ups: Vec::new(),
            };
            for &(index, init, strength) in &active {
                match init {
                    Initiative::AbsenceFollowup {
                        groups,
                        registration_rate: Some(_),
                        ..
                    } if covers(groups) => {
                        plan.registration = plan.registration.max(Chance::new(strength));
                    }
                    Initiative::AbsenceFollowup { groups, .. } if covers(groups) => {
                        plan.finds_unregistered = plan.finds_unregistered.max(strength);
                        plan.follow_ups.push(index);
                    }
                    Initiative::ProductionSteering {
                        groups,
                        months_without_offer,
                        extra_offer_rate: Some(_),
                        ..
                    } if covers(groups) => {
                        plan.steering.push((*months_without_offer, 1.0 - strength))
                    }
                    // A count: whole (a drawn one is rounded), within 0 to 10⁷ (validated).
                    // Offers a month (older files) need the places that start so many a
                    // month: that many times the months an offer lasts (Little's law).
                    Initiative::ExtraCapacity {
                        group,
                        places,
                        offer_months,
                        ..
                    } if *group == g => {
                        let extra = match places {
                            Some(_) => strength as u64,
                            None => (strength * params.mean_offer_months()).round() as u64,
                        };
                        plan.extra_places += extra;
                        plan.extra_by.push((index, extra));
                        if let Some(months) = offer_months {
                            // Validated: 1 to 36.
                            plan.extra_months = months.get() as u8;
                        }
                    }
                    _ => {}
                }
            }
            plan.capacity_managed = params.offer_capacity.is_some() || plan.extra_places > 0;
            plan
        })
    }

    /// The production steering with a count that is active in `month`, in the
    /// scenario's order: whom it targets, how many offers and how they are chosen
    /// (`super::steering` gives them after the month pass).
    pub(super) fn targeted_steering(
        &self,
        month: Month,
        drawn: &ReplicationParameters,
    ) -> Vec<TargetedSteering> {
        self.scenario
            .initiatives()
            .iter()
            .zip(&drawn.strengths)
            .enumerate()
            .filter(|(_, (i, _))| i.active_in(month))
            .filter_map(|(index, (init, &strength))| match init {
                Initiative::ProductionSteering {
                    groups,
                    months_without_offer,
                    offers_per_month: Some(_),
                    targeting: Some(targeting),
                    ..
                } => Some(TargetedSteering {
                    groups: groups.as_ref().map_or(u32::MAX, |gs| {
                        gs.iter().fold(0, |mask, g| mask | 1 << g.index())
                    }),
                    months_without_offer: *months_without_offer,
                    // A count: whole (a drawn one is rounded), within 0 to 10⁷ (validated).
                    offers: strength as u64,
                    targeting: *targeting,
                    initiative: index,
                }),
                _ => None,
            })
            .collect()
    }

    /// Per month index, the multiplier of every offer hazard: 1 for a start's history and
    /// up to the status-quo month, then a mean-one log-normal AR(1) process (the
    /// operations' uncertainty). The draws are keyed by replication only, so every
    /// scenario shares them (common random numbers).
    pub(super) fn offer_shocks(&self, rep_key: u64) -> Vec<f64> {
        let sc = self.scenario;
        let (sd, persistence) = match self.layers.contains(Layer::Volatility) {
            true => sc.offer_shock(),
            false => (0.0, 0.0),
        };
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::uncertainty::{Distribution, Layers};
    use crate::sim::testing::{layered_scenario, without_layers};

    /// A layer switched off gives, bit for bit, the scenario that does not have it: the
    /// strengths at their means, the fitted offer rates, no shock. Each layer on moves
    /// the numbers.
    #[test]
    fn each_layer_off_is_the_scenario_without_it() {
        let full = layered_scenario(|_| {});
        assert_eq!(full.scenario.layers_present(), Layers::ALL);
        let none = without_layers(Layers::NONE);
        assert_eq!(none.scenario.layers_present(), Layers::NONE);
        for layer in Layer::ALL {
            let off = Layers::ALL.without(layer);
            let reference = without_layers(off);
            assert_eq!(reference.scenario.layers_present(), off);
            let model = Model::new(&full.scenario, &[]).with_layers(off);
            let plain = Model::new(&reference.scenario, &[]);
            let on = Model::new(&full.scenario, &[]);
            let mut moved = false;
            for rep in 0..4 {
                let without = model.simulate(11, rep);
                assert_eq!(without, plain.simulate(11, rep), "{layer:?} off, rep {rep}");
                moved |= without != on.simulate(11, rep);
            }
            assert!(moved, "{layer:?} on changes the numbers");
        }
        let model = Model::new(&full.scenario, &[]).with_layers(Layers::NONE);
        let plain = Model::new(&none.scenario, &[]);
        for rep in 0..4 {
            assert_eq!(model.simulate(12, rep), plain.simulate(12, rep));
            // A scenario with no layer: switching them off changes nothing.
            assert_eq!(
                plain.simulate(12, rep),
                Model::new(&none.scenario, &[])
                    .with_layers(Layers::ALL)
                    .simulate(12, rep)
            );
        }
    }

    /// Replication i takes the same quantile of a parameter in every scenario that has
    /// it: with another distribution at the same path (and other differences), the value
    /// is that distribution's quantile at the same uniform; the calibration shifts the
    /// logit by the same amount whatever the fitted rate.
    #[test]
    fn draws_pair_across_scenarios_by_quantile() {
        let a = layered_scenario(|_| {});
        let b = layered_scenario(|f| {
            f["initiatives"][0]["extra_offer_rate"] =
                serde_json::json!({"dist": "uniform", "low": 0, "high": 1});
            f["groups"]["kontanthjaelp"]["offer_rate"] = serde_json::json!(0.3);
            f["groups"]["sygedagpenge"]["persons"] = serde_json::json!(200);
        });
        let (ma, mb) = (Model::new(&a.scenario, &[]), Model::new(&b.scenario, &[]));
        let triangular = Distribution::Triangular {
            low: 0.02,
            mode: 0.05,
            high: 0.15,
        };
        let kh = Group::Kontanthjaelp.index();
        let mut us = Vec::new();
        for rep in 0..200 {
            let key = rng::replication_key(5, rep);
            let (pa, pb) = (
                ma.replication_parameters(key),
                mb.replication_parameters(key),
            );
            let u = pb.strengths[0];
            assert!((pa.strengths[0] - triangular.quantile(u)).abs() < 1e-12);
            assert_eq!(pa.strengths[1], pb.strengths[1], "the same count");
            assert_eq!(pa.strengths[1], pa.strengths[1].round());
            assert!((5.0..=25.0).contains(&pa.strengths[1]));
            let shift =
                |m: &Model, p: &ReplicationParameters| (p.offer_odds[kh] / m.offer_odds[kh]).ln();
            assert!((shift(&ma, &pa) - shift(&mb, &pb)).abs() < 1e-12);
            assert_eq!(pa.offer_trend, pb.offer_trend);
            us.push(u);
        }
        // The uniforms are spread over (0, 1): mean ½ (s.e. 0.02).
        let mean = us.iter().sum::<f64>() / us.len() as f64;
        assert!((mean - 0.5).abs() < 0.08, "{mean}");
    }

    /// The calibration draw has the covariance given: over many replications the shifts
    /// of (logit rate, trend) have variances 0.09 and 0.0004 and covariance 0.003.
    #[test]
    fn calibration_draws_have_the_covariance() {
        let sc = layered_scenario(|_| {});
        let model = Model::new(&sc.scenario, &[]);
        let kh = Group::Kontanthjaelp.index();
        let n = 20_000;
        let shifts: Vec<[f64; 2]> = (0..n)
            .map(|rep| {
                let p = model.replication_parameters(rng::replication_key(3, rep));
                [
                    (p.offer_odds[kh] / model.offer_odds[kh]).ln(),
                    p.offer_trend[kh] - 0.01,
                ]
            })
            .collect();
        let m = |f: &dyn Fn(&[f64; 2]) -> f64| shifts.iter().map(f).sum::<f64>() / n as f64;
        // Relative s.e. of a variance estimate is √(2/n) = 1 %.
        assert!((m(&|s| s[0] * s[0]) / 0.09 - 1.0).abs() < 0.05);
        assert!((m(&|s| s[1] * s[1]) / 0.0004 - 1.0).abs() < 0.05);
        assert!((m(&|s| s[0] * s[1]) / 0.003 - 1.0).abs() < 0.1);
        // The other group has no covariance: its odds are the fitted ones.
        let p = model.replication_parameters(rng::replication_key(3, 1));
        assert_eq!(
            p.offer_odds[Group::Sygedagpenge.index()],
            model.offer_odds[Group::Sygedagpenge.index()]
        );
    }
}
