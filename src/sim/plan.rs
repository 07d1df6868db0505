//! What each group's persons face in one month, decided once per group-month: the
//! offer odds with the run-up trend and the operations' shock, production steering,
//! the registration rate of absence and capacity.

use super::Model;
use super::rng::{self, Chance, Event};
use crate::scenario::Initiative;
use crate::{Group, Month};
use rand_distr::Distribution;

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
    /// Extra places of active capacity initiatives.
    pub(super) extra_places: u64,
    /// Offers go through capacity allocation (a monthly limit or extra places).
    pub(super) capacity_managed: bool,
}

impl Model<'_> {
    /// Per group, what its persons face in `month`: the run-up trend of the offer rates
    /// (reaching at most 12 months back to the status-quo month), the operations' shock,
    /// and the initiatives active in the month.
    pub(super) fn month_plans(
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

    /// Per month index, the multiplier of every offer hazard: 1 for a start's history and
    /// up to the status-quo month, then a mean-one log-normal AR(1) process (the
    /// operations' uncertainty). The draws are keyed by replication only, so every
    /// scenario shares them (common random numbers).
    pub(super) fn offer_shocks(&self, rep_key: u64) -> Vec<f64> {
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
}
