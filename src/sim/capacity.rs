//! Capacity: where a group has a limit of places or extra places, the offers drawn in
//! the month pass are collected and then given by rank to the places free.

use super::Model;
use super::persons::Persons;
use super::places::{EXTRA_PLACE, Held, running};
use super::plan::GroupMonth;
use super::rng::{PersonMonth, Word};
use crate::Group;

impl Model<'_> {
    /// Capacity: where a group has a limit of places or extra places, offers go to the
    /// places free — first to those who drew one, then to those longest without an offer
    /// (ties by a random draw); extra places are filled beyond the offers drawn. `wanted`
    /// holds every person's drawn offer and becomes who gets one. Where offers last
    /// (`left` not empty, one entry a person), `held` are the places running offers hold,
    /// their holders are passed over, and a new offer beyond those drawn is marked as
    /// holding an extra place (with the extra places' own months, if they have them).
    /// Returns, per group, the offers started in extra places (beyond what the group's
    /// own places take).
    pub(super) fn allocate_offers(
        &self,
        persons: &Persons,
        wanted: &mut [bool],
        plans: &[GroupMonth],
        mi: u32,
        held: &Held,
        left: &mut [u8],
    ) -> [u64; Group::COUNT] {
        let sc = self.scenario;
        let mut extra_started = [0; Group::COUNT];
        for g in Group::ALL {
            if !plans[g.index()].capacity_managed {
                continue;
            }
            let extra = plans[g.index()].extra_places;
            let cap = sc.groups()[g.index()].offer_capacity.map(u64::from);
            let mut members: Vec<usize> = (0..persons.len())
                .filter(|&i| {
                    persons.group[i] == g
                        && !persons.absent[i]
                        && left.get(i).is_none_or(|&l| !running(l))
                })
                .collect();
            let drawn = members.iter().filter(|&&i| wanted[i]).count() as u64;
            let (held_all, held_extra) = (held.all[g.index()], held.extra[g.index()]);
            let places = cap.map_or(u64::MAX, |c| {
                c.saturating_add(extra).saturating_sub(held_all)
            });
            let offers = drawn
                .saturating_add(extra.saturating_sub(held_extra))
                .min(places)
                .min(members.len() as u64) as usize;
            // The group's own places take the drawn offers first; the rest are extra.
            let own = cap.map_or(drawn, |c| {
                drawn.min(c.saturating_sub(held_all.saturating_sub(held_extra)))
            });
            extra_started[g.index()] = (offers as u64)
                .saturating_sub(own)
                .min(extra.saturating_sub(held_extra));
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
            // Only who is among the first `offers`, and who of them is past the first
            // `drawn`, matters: every key is distinct, so two partial selections give
            // what a full sort would.
            let by_priority = |k: &((bool, u32, u64, u64), usize)| std::cmp::Reverse(k.0);
            let drawn = drawn as usize;
            if offers < keyed.len() {
                keyed.select_nth_unstable_by_key(offers, by_priority);
            }
            if drawn < offers {
                keyed[..offers].select_nth_unstable_by_key(drawn, by_priority);
            }
            for (rank, (_, i)) in keyed.into_iter().enumerate() {
                wanted[i] = rank < offers;
                if (drawn..offers).contains(&rank)
                    && let Some(l) = left.get_mut(i)
                {
                    *l = EXTRA_PLACE | plans[g.index()].extra_months;
                }
            }
        }
        extra_started
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::method::Method;
    use crate::sim::rng;
    use crate::sim::testing::small_capped_scenario;

    /// A capacity that never binds changes nothing: offers collected for allocation and
    /// then given are the offers given in the pass.
    #[test]
    fn a_capacity_that_never_binds_changes_nothing() {
        let capped = small_capped_scenario();
        let kh = Group::Kontanthjaelp;
        let with_capacity = |offer_capacity| {
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
        let model = Model::new(&unlimited, &[]);
        let drawn = model.replication_parameters(rng::replication_key(4, 3));
        let plans = model.month_plans(january, january, 1.0, &drawn);
        assert!(
            plans.iter().any(|g| g.capacity_managed),
            "the capacity path is taken"
        );
        assert_eq!(after, in_pass);
        assert!(after.cells[0].iter().all(|c| c.total().population > 0));
    }
}
