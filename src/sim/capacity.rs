//! Capacity: where a group has a limit of places or extra places, the offers drawn in
//! the month pass are collected and then given by rank to the places free.

use super::Model;
use super::persons::Persons;
use super::places::{EXTRA_PLACE, Held, running};
use super::plan::GroupMonth;
use super::population::{bit_positions, pack_flags};
use super::rng::{PersonMonth, Word};
use crate::Group;

impl Model<'_> {
    /// Capacity: where a group has a limit of places or extra places, offers go to the
    /// places free — first to those who drew one, then to those longest without an offer
    /// (ties by a random draw); extra places are filled beyond the offers drawn. `wanted`
    /// holds every person's drawn offer and becomes who gets one. Where offers last
    /// (`left` not empty, one entry a person), a running offer holds its place: its
    /// holder is given no new one and passed over, and a new offer beyond those drawn is
    /// marked as holding an extra place (with the extra places' own months, if they have
    /// them). Returns, per group, the offers started in extra places (beyond what the
    /// group's own places take), and the places running offers hold.
    pub(super) fn allocate_offers(
        &self,
        persons: &Persons,
        wanted: &mut [bool],
        plans: &[GroupMonth],
        mi: u32,
        left: &mut [u8],
    ) -> ([u64; Group::COUNT], Held) {
        let sc = self.scenario;
        let mut extra_started = [0; Group::COUNT];
        // Per managed group, those who may take an offer (not absent, not in a running
        // offer), split into those who drew one and the rest, each in storage order; and
        // the places running offers hold: one pass for all groups.
        let managed: [bool; Group::COUNT] = std::array::from_fn(|g| plans[g].capacity_managed);
        let mut open: [Option<[Vec<usize>; 2]>; Group::COUNT] =
            std::array::from_fn(|g| managed[g].then(Default::default));
        let mut held = Held::default();
        // Without a branch per person (group, absence and running offers are too mixed
        // to predict), 64 persons at a time; then the lists from the set bits.
        const NONE_RUNNING: [u8; 64] = [0; 64];
        let (mut may_take_flags, mut running_flags) = ([false; 64], [false; 64]);
        for start in (0..wanted.len()).step_by(64) {
            let range = start..(start + 64).min(wanted.len());
            let running_left = match left.get(range.clone()) {
                Some(running_left) => running_left,
                None => &NONE_RUNNING[..range.len()],
            };
            let flags = may_take_flags.iter_mut().zip(&mut running_flags);
            let columns = wanted[range.clone()].iter_mut().zip(running_left).zip(
                persons.group[range.clone()]
                    .iter()
                    .zip(&persons.absent[range.clone()]),
            );
            for ((may_take, runs), ((drew_one, &l), (&group, &absent))) in flags.zip(columns) {
                let run = running(l);
                *runs = run;
                *drew_one &= !run;
                *may_take = !run & managed[group.index()] & !absent;
            }
            for i in bit_positions(pack_flags(&running_flags[..range.len()])).map(|j| start + j) {
                let g = persons.group[i].index();
                held.all[g] += 1;
                held.extra[g] += u64::from(left[i] & EXTRA_PLACE != 0);
            }
            for i in bit_positions(pack_flags(&may_take_flags[..range.len()])).map(|j| start + j) {
                if let Some(lists) = &mut open[persons.group[i].index()] {
                    lists[usize::from(wanted[i])].push(i);
                }
            }
        }
        for g in Group::ALL {
            let Some([rest, drew]) = &open[g.index()] else {
                continue;
            };
            let extra = plans[g.index()].extra_places;
            let cap = sc.groups()[g.index()].offer_capacity.map(u64::from);
            let drawn = drew.len() as u64;
            let (held_all, held_extra) = (held.all[g.index()], held.extra[g.index()]);
            let places = cap.map_or(u64::MAX, |c| {
                c.saturating_add(extra).saturating_sub(held_all)
            });
            let offers = drawn
                .saturating_add(extra.saturating_sub(held_extra))
                .min(places)
                .min((drew.len() + rest.len()) as u64) as usize;
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
            // Offers go first to those who drew one: when there are fewer places, the
            // drawn compete for them; else every drawn keeps theirs and the rest compete
            // for the extra places.
            let (among_drawn, free) = match offers.checked_sub(drawn as usize) {
                Some(extra) => (false, extra),
                None => (true, offers),
            };
            let competing = if among_drawn { drew } else { rest };
            let chosen = longest_without_offer(persons, competing, free, mi);
            if among_drawn {
                for &i in competing {
                    wanted[i] = false;
                }
            }
            for i in chosen {
                wanted[i] = true;
                if !among_drawn && let Some(l) = left.get_mut(i) {
                    *l = EXTRA_PLACE | plans[g.index()].extra_months;
                }
            }
        }
        (extra_started, held)
    }
}

/// The `places` of `candidates` longest without an offer (ties by the person-month's
/// [`Word::Priority`] draw, then the stream, which makes every key distinct): only the
/// persons at the cut have their draw made.
fn longest_without_offer(
    persons: &Persons,
    candidates: &[usize],
    places: usize,
    mi: u32,
) -> Vec<usize> {
    if places >= candidates.len() {
        return candidates.to_vec();
    }
    if places == 0 {
        return Vec::new();
    }
    let since = |i: usize| persons.months_since_offer[i];
    let mut months: Vec<u32> = candidates.iter().map(|&i| since(i)).collect();
    let (_, &mut cut, _) = months.select_nth_unstable_by(places - 1, |a, b| b.cmp(a));
    let mut chosen: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| since(i) > cut)
        .collect();
    let mut at_cut: Vec<((u64, u64), usize)> = candidates
        .iter()
        .filter(|&&i| since(i) == cut)
        .map(|&i| {
            let stream = persons.stream[i];
            let tie = PersonMonth::of_stream(stream, mi).open_uniform(Word::Priority);
            // A positive f64's bits order like the number.
            ((tie.to_bits(), stream), i)
        })
        .collect();
    let rest = places - chosen.len();
    at_cut.select_nth_unstable_by(rest - 1, |a, b| b.0.cmp(&a.0));
    chosen.extend(at_cut[..rest].iter().map(|&(_, i)| i));
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::method::Method;
    use crate::sim::rng;
    use crate::sim::testing::small_capped_scenario;

    /// The choice at the cut is the first `places` of a full sort by (months without an
    /// offer, tie draw, stream), largest first — with many persons tied on the months,
    /// for every number of places.
    #[test]
    fn the_longest_without_offer_are_a_full_sorts_first() {
        let n = 300;
        let mut persons = Persons::default();
        for i in 0..n as u64 {
            persons.push(crate::sim::persons::Person {
                stream: rng::person_stream(7, i),
                offer_bits: 0,
                conversation_bits: 0,
                offer_propensity: 1.0,
                work_propensity: 1.0,
                work_chance: rng::Chance::NEVER,
                group: Group::Kontanthjaelp,
                spell: 0,
                any: 0,
                // Few distinct values: the cut falls among ties.
                months_since_offer: (rng::person_stream(3, i) % 5) as u32,
                frikort_used: 0,
                absent: false,
                absence_registered: false,
            });
        }
        let candidates: Vec<usize> = (0..n).filter(|i| i % 4 != 1).collect();
        let mi = 9;
        let mut sorted = candidates.clone();
        sorted.sort_by_key(|&i| {
            let stream = persons.stream[i];
            let tie = PersonMonth::of_stream(stream, mi).open_uniform(Word::Priority);
            std::cmp::Reverse((persons.months_since_offer[i], tie.to_bits(), stream))
        });
        for places in [
            0,
            1,
            2,
            17,
            60,
            111,
            candidates.len() - 1,
            candidates.len(),
            1000,
        ] {
            let mut chosen = longest_without_offer(&persons, &candidates, places, mi);
            chosen.sort_unstable();
            let mut expected = sorted[..places.min(sorted.len())].to_vec();
            expected.sort_unstable();
            assert_eq!(chosen, expected, "{places} places");
        }
    }

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
