//! Offers that last (`docs/model.md` §11.4): where some group's offers last more than a
//! month, every person's offer in progress is kept as the months it still runs, and a
//! running offer holds a place of the person's group. Capacity then counts places, not
//! offers a month: the offers of a month go to the places free, and a person in a running
//! offer is given no new one. The measure sees only the start (the offer's bit in the
//! person's history), as STAR's does.

use super::Model;
use super::persons::Persons;
use super::population::{bit_positions, pack_flags};
use super::rng::{PersonMonth, Word};
use crate::Group;

/// The flag of a running offer that holds one of an `extra_capacity` initiative's places
/// (the low bits are the months it runs after this one).
pub(super) const EXTRA_PLACE: u8 = 0x80;
const MONTHS: u8 = !EXTRA_PLACE;

/// Whether an offer started in an earlier month still runs this month.
#[inline]
pub(super) fn running(left: u8) -> bool {
    left & MONTHS != 0
}

/// Per group, the places that offers started in earlier months hold this month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Held {
    /// All places held.
    pub(super) all: [u64; Group::COUNT],
    /// Of them, extra places (`extra_capacity`).
    pub(super) extra: [u64; Group::COUNT],
}

impl Model<'_> {
    /// Start the month's offers (`wanted`, after capacity): each sets the newest bit of
    /// its person's offer history and ends the wait for one. Where offers last (`left`
    /// not empty), a started offer holds its place for the months of its kind after this
    /// one (flagged, and with the extra places' own months if any, where
    /// `allocate_offers` marked an extra place), and a running offer has a month less.
    pub(super) fn start_offers(
        &self,
        persons: &mut Persons,
        wanted: &[bool],
        left: &mut [u8],
        mi: u32,
    ) {
        // Without a branch, as in the month pass: who got an offer is too random to
        // predict.
        let columns = persons
            .offer_bits
            .iter_mut()
            .zip(&mut persons.months_since_offer);
        for ((bits, since), &got) in columns.zip(wanted) {
            *bits |= u64::from(got);
            *since *= u32::from(!got);
        }
        if left.is_empty() {
            return;
        }
        // A running offer has a month less, and ends after its last (a new one's months
        // are set below).
        for (l, &got) in left.iter_mut().zip(wanted) {
            let months = *l & MONTHS;
            let less = l.wrapping_sub(u8::from(months != 0)) * u8::from(months != 1);
            *l = if got { *l } else { less };
        }
        // A new offer, in an extra place, may carry that place's own months.
        for (c, chunk) in wanted.chunks(64).enumerate() {
            for i in bit_positions(pack_flags(chunk)).map(|j| 64 * c + j) {
                let l = &mut left[i];
                let months = match *l & MONTHS {
                    0 => self.offer_months(persons.group[i], persons.stream[i], mi),
                    own => own,
                };
                let after = months - 1;
                *l = if after == 0 {
                    0
                } else {
                    after | (*l & EXTRA_PLACE)
                };
            }
        }
    }

    /// The months an offer that a person of `group` with `stream` starts in month index
    /// `mi` lasts: its kind drawn by the group's shares (no draw with one kind).
    fn offer_months(&self, group: Group, stream: u64, mi: u32) -> u8 {
        match self.offer_kinds[group.index()].as_slice() {
            [] => 1,
            [(months, _)] => *months,
            kinds => {
                let u = PersonMonth::of_stream(stream, mi).open_uniform(Word::OfferKind);
                // Rounding may leave the last cumulative share a hair below 1.
                kinds
                    .iter()
                    .find(|&&(_, cumulative)| u < cumulative)
                    .unwrap_or(&kinds[kinds.len() - 1])
                    .0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{Model, Workspace};

    /// One group of 100 persons who all draw an offer every month they can (rate 1, no
    /// absence), with `extra` merged into the group and `initiatives` from 2024-01, the
    /// first simulated month.
    fn certain_offers(
        extra: serde_json::Value,
        initiatives: serde_json::Value,
    ) -> crate::scenario::load::Loaded {
        let mut group = serde_json::json!({
            "persons": 100, "inflow_per_month": 0, "offer_rate": 1.0, "hours_rate": 0,
            "hours_median": 40, "absence_rate": 0, "registration_rate": 0.5,
            "conversation_rate": 0, "exit_hazard": [{"from_months": 0, "rate": 0}]});
        for (k, v) in extra.as_object().unwrap() {
            group[k] = v.clone();
        }
        let file = serde_json::json!({"version": 1, "year": 2025, "burn_in_months": 12,
            "groups": {"kontanthjaelp": group}, "initiatives": initiatives});
        crate::scenario::load::from_merged(file, "places").unwrap()
    }

    /// Per simulated month: the offers started and the persons whose offer started in
    /// the last `months` months (running or started now).
    fn offers_by_month(loaded: &crate::scenario::load::Loaded, months: u32) -> Vec<(u64, u64)> {
        let model = Model::new(&loaded.scenario, &[]);
        let mut seen = Vec::new();
        model.simulate_observed(7, 2, &mut Workspace::default(), &mut |_, _, pop, _| {
            let bits = &pop.persons.offer_bits;
            let started = bits.iter().filter(|&&b| b & 1 == 1).count() as u64;
            let window = (1u64 << months) - 1;
            let holding = bits.iter().filter(|&&b| b & window != 0).count() as u64;
            seen.push((started, holding));
        });
        seen
    }

    /// 30 places and 4-month offers, everyone wanting one and nobody leaving: the 30
    /// places fill in the first month, stay full for 4 months and then fill again —
    /// 30, 0, 0, 0, 30, … offers started.
    #[test]
    fn places_fill_and_free_after_the_offers_months() {
        let loaded = certain_offers(
            serde_json::json!({"offer_capacity": 30, "offer_duration_months": 4}),
            serde_json::json!([]),
        );
        let seen = offers_by_month(&loaded, 4);
        assert_eq!(seen.len(), 24);
        for (k, &(started, holding)) in seen.iter().enumerate() {
            assert_eq!(started, if k % 4 == 0 { 30 } else { 0 }, "month {k}");
            assert_eq!(holding, 30, "month {k}");
        }
    }

    /// A leaver's place frees at once: with a tenth of the persons leaving each month and
    /// an inflow, the 30 places are held by exactly 30 persons every month.
    #[test]
    fn a_leaver_frees_the_place() {
        let loaded = certain_offers(
            serde_json::json!({"offer_capacity": 30, "offer_duration_months": 4,
                "inflow_per_month": 10, "exit_hazard": [{"from_months": 0, "rate": 0.1}]}),
            serde_json::json!([]),
        );
        let seen = offers_by_month(&loaded, 4);
        // The first month's holders are the starters; later months refill what leavers
        // freed, so more than the 4-month rhythm starts.
        assert!(seen[1..4].iter().any(|&(started, _)| started > 0));
        assert!(seen.iter().all(|&(_, holding)| holding == 30), "{seen:?}");
    }

    /// Without a limit, a person in a running offer gets no new one: with offers of 3
    /// months that everyone draws, every person's last 3 months hold exactly one start.
    #[test]
    fn a_person_in_an_offer_gets_no_new_one() {
        let loaded = certain_offers(
            serde_json::json!({"offer_duration_months": 3, "inflow_per_month": 5,
                "exit_hazard": [{"from_months": 0, "rate": 0.05}]}),
            serde_json::json!([]),
        );
        let model = Model::new(&loaded.scenario, &[]);
        let mut months = 0;
        model.simulate_observed(3, 0, &mut Workspace::default(), &mut |_, _, pop, _| {
            months += 1;
            assert!(
                pop.persons
                    .offer_bits
                    .iter()
                    .all(|b| (b & 0b111).count_ones() == 1)
            );
        });
        assert_eq!(months, 24);
    }

    /// Extra places without a limit: nobody draws an offer (rate 0), so the 10 extra
    /// places of 3-month offers are the only ones — 10 started every third month.
    #[test]
    fn extra_places_hold_for_the_offers_months() {
        let loaded = certain_offers(
            serde_json::json!({"offer_rate": 0.0, "offer_duration_months": 3}),
            serde_json::json!([{"kind": "extra_capacity", "start": "2024-01",
                "group": "kontanthjaelp", "places": 10}]),
        );
        let seen = offers_by_month(&loaded, 3);
        for (k, &(started, holding)) in seen.iter().enumerate() {
            assert_eq!(started, if k % 3 == 0 { 10 } else { 0 }, "month {k}");
            assert_eq!(holding, 10, "month {k}");
        }
        // The extra places' own months: the same, with the group's offers of one month.
        let own = certain_offers(
            serde_json::json!({"offer_rate": 0.0}),
            serde_json::json!([{"kind": "extra_capacity", "start": "2024-01",
                "group": "kontanthjaelp", "places": 10, "offer_months": 3}]),
        );
        assert_eq!(offers_by_month(&own, 3), seen);
        // Offers a month (older files) are that many times the months in places: 30
        // places, which start 10 offers a month on average (30 every third month here).
        let per_month = certain_offers(
            serde_json::json!({"offer_rate": 0.0, "offer_duration_months": 3}),
            serde_json::json!([{"kind": "extra_capacity", "start": "2024-01",
                "group": "kontanthjaelp", "offers_per_month": 10}]),
        );
        let seen = offers_by_month(&per_month, 3);
        assert!(seen.iter().all(|&(_, holding)| holding == 30), "{seen:?}");
        assert_eq!(seen.iter().map(|s| s.0).sum::<u64>(), 10 * 24);
    }

    /// One-month offers stated explicitly are today's one-month events, bit for bit.
    #[test]
    fn one_month_offers_are_todays() {
        let small = crate::sim::testing::small_capped_scenario();
        let mut file = serde_json::to_value(small.scenario.file()).unwrap();
        file["groups"]["kontanthjaelp"]["offer_duration_months"] = serde_json::json!(1);
        let explicit = crate::scenario::load::from_merged(file, "one").unwrap();
        let (a, b) = (
            Model::new(&small.scenario, &[]),
            Model::new(&explicit.scenario, &[]),
        );
        assert!(b.lasting_from.is_none());
        for rep in 0..3 {
            assert_eq!(a.simulate(9, rep), b.simulate(9, rep));
        }
    }
}
