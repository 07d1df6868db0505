//! Scoring (step 6 of the monthly order): every person's status in the month under
//! each method, by the shared measure on the window's totals from the history.

use super::Model;
use super::population::Population;
use crate::measure::method::Method;
use crate::measure::{Measure, Membership, MonthCells, MonthRule, WindowTotals};
use crate::{Group, Month};

/// The bits of the offer (and conversation) history that a window of `months` months
/// covers: bit k is k months ago.
pub(super) fn offer_window_mask(months: u32) -> u64 {
    if months >= 64 {
        u64::MAX
    } else {
        (1u64 << months) - 1
    }
}

impl Population {
    /// Count every person's status in `month` (month index `month_index`) under `method`
    /// into `cells`: the window's totals from the history, then the shared measure (the
    /// method's month rule, which is what `Method::status_at` decides).
    /// The history must hold at least the method's window.
    #[inline(always)]
    pub(super) fn score(
        &self,
        method: &Method,
        month: Month,
        month_index: u32,
        cells: &mut MonthCells,
    ) {
        let months = method.window_months().min(month_index + 1);
        debug_assert!(months as usize <= self.history.months());
        let rule = method.month_rule(method.threshold_centi(month));
        let mask = offer_window_mask(months);
        if months as usize == self.history.months() {
            // The whole history: the running totals.
            let (ordinary, frikort) = self.history.totals();
            let frikort = |i: usize| frikort.map_or(0, |f| f[i]);
            self.score_by(&rule, mask, |i| (ordinary[i], frikort(i)), cells);
        } else {
            let end_slot = self.history.slot(month_index);
            let window = |i| self.history.window(i, end_slot, months as usize);
            self.score_by(&rule, mask, window, cells);
        }
    }

    /// [`Population::score`] with each person's (ordinary, frikort) hours over the
    /// window from `hours`.
    #[inline(always)]
    fn score_by(
        &self,
        rule: &MonthRule,
        mask: u64,
        hours: impl Fn(usize) -> (u32, u32),
        cells: &mut MonthCells,
    ) {
        let p = &self.persons;
        let n = p.len();
        // One length for every column: no bounds check per column and person.
        let (offer_bits, conversation_bits) = (&p.offer_bits[..n], &p.conversation_bits[..n]);
        let (group, absence_registered) = (&p.group[..n], &p.absence_registered[..n]);
        let (spell, any) = (&p.spell[..n], &p.any[..n]);
        for i in 0..n {
            let (ordinary, frikort) = hours(i);
            let window = WindowTotals {
                offer: offer_bits[i] & mask != 0,
                ordinary_centi: u64::from(ordinary) * 100,
                frikort_centi: u64::from(frikort) * 100,
                conversations: (conversation_bits[i] & mask).count_ones(),
            };
            let who = Membership {
                group: group[i],
                absence_registered: absence_registered[i],
                seniority_spell: spell[i],
                seniority_any: any[i],
            };
            let in_population = rule.in_population(&who);
            cells.groups[who.group.index()]
                .add(in_population, in_population & rule.active(&window));
        }
    }
}

impl Population {
    /// Count every person's status in `month` under `method`'s conversations goal into
    /// `cells`: the window's conversations from the history bits, then the shared
    /// measure (`MonthRule::status` with [`Measure::Conversations`]). One pass, compiled
    /// for the model's CPU level ([`Model::score`]): the window's count
    /// is then one instruction, not the baseline's bit-twiddling routine.
    #[inline(always)]
    pub(super) fn score_conversations(
        &self,
        method: &Method,
        month: Month,
        month_index: u32,
        cells: &mut MonthCells,
    ) {
        let months = method.window_months().min(month_index + 1);
        let rule = method.month_rule(method.threshold_centi(month));
        let mask = offer_window_mask(months);
        let p = &self.persons;
        let n = p.len();
        let (conversation_bits, group) = (&p.conversation_bits[..n], &p.group[..n]);
        let (absence_registered, spell, any) =
            (&p.absence_registered[..n], &p.spell[..n], &p.any[..n]);
        for i in 0..n {
            let window = WindowTotals {
                conversations: (conversation_bits[i] & mask).count_ones(),
                ..WindowTotals::default()
            };
            let who = Membership {
                group: group[i],
                absence_registered: absence_registered[i],
                seniority_spell: spell[i],
                seniority_any: any[i],
            };
            cells.count(
                who.group,
                rule.status(Measure::Conversations, &who, &window),
            );
        }
    }

    /// Count the offers started this month (persons whose newest offer bit is set, after
    /// capacity has allocated them) by the group each person is in.
    pub(super) fn count_offers(&self, offers: &mut [u64; Group::COUNT]) {
        let p = &self.persons;
        let n = p.len();
        for (&bits, group) in p.offer_bits[..n].iter().zip(&p.group[..n]) {
            offers[group.index()] += bits & 1;
        }
    }
}

impl Model<'_> {
    /// [`Population::score`] into `active` and [`Population::score_conversations`] into
    /// `conversations`, at the model's CPU level.
    pub(super) fn score(
        &self,
        pop: &Population,
        method: &Method,
        month: Month,
        month_index: u32,
        active: &mut MonthCells,
        conversations: &mut MonthCells,
    ) {
        self.cpu.run(
            #[inline(always)]
            || {
                pop.score(method, month, month_index, active);
                pop.score_conversations(method, month, month_index, conversations);
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::persons::Person;
    use super::super::rng::Chance;
    use super::super::start::NEVER;
    use super::*;
    use crate::Group;
    use crate::measure::{Measure, WindowTotals};

    /// The offers started are the capacity's allocation: never more than the group's 70
    /// places, and all of them in a month whose draws ask for more (rate 0.2 of 400).
    #[test]
    fn offers_started_are_within_the_capacity() {
        let loaded = crate::sim::testing::small_capped_scenario();
        let model = crate::sim::Model::new(&loaded.scenario, &[]);
        let out = model.simulate(4, 0);
        let k = Group::Kontanthjaelp.index();
        assert_eq!(out.offers.len(), 12);
        assert!(out.offers.iter().all(|m| m[k] <= 70), "{:?}", out.offers);
        assert!(out.offers.iter().any(|m| m[k] == 70), "{:?}", out.offers);
        let others: u64 = out
            .offers
            .iter()
            .map(|m| m.iter().sum::<u64>() - m[k])
            .sum();
        assert_eq!(others, 0, "one group only");
    }

    /// The simulator's packed window equals the measure's sum over the window's months,
    /// and a person is scored by the shared measure on it.
    #[test]
    fn packed_window_matches_the_measure_sum() {
        let person = Person {
            stream: 1,
            offer_bits: 0,
            conversation_bits: 0,
            offer_propensity: 1.0,
            work_propensity: 1.0,
            work_chance: Chance::NEVER,
            group: Group::Kontanthjaelp,
            spell: 13,
            any: 13,
            months_since_offer: u32::from(NEVER),
            frikort_used: 0,
            absent: false,
            absence_registered: false,
        };
        let mut months: Vec<crate::Activity> = Vec::new();
        let month: Month = "2025-06".parse().unwrap();
        let mut pop = Population::default();
        pop.reset(36, true);
        pop.persons.push(person);
        pop.history.resize(1);
        for mi in 0..80u32 {
            let p = &mut pop.persons;
            p.offer_bits[0] <<= 1;
            p.conversation_bits[0] <<= 1;
            let (ordinary, frikort) = ((mi * 7 % 13) as u16 * 3, (mi % 3) as u16);
            let offer = mi % 17 == 3;
            let conversation = mi % 2 == 0;
            p.offer_bits[0] |= u64::from(offer);
            p.conversation_bits[0] |= u64::from(conversation);
            let slot = pop.history.slot(mi);
            pop.history.set(0, slot, ordinary, frikort);
            months.push(crate::Activity {
                offer,
                ordinary_hours: crate::Hours::whole(u32::from(ordinary)),
                frikort_hours: crate::Hours::whole(u32::from(frikort)),
                conversations: u16::from(conversation),
            });
            for window in [1, 6, 12, 24, 36] {
                let method = Method::star()
                    .with_changes(&crate::measure::method::MethodSpec {
                        name: Some(
                            crate::vocab::label::Label::new(format!("window-{window}")).unwrap(),
                        ),
                        window_months: Some(window),
                        count_frikort_hours: Some(true),
                        ..Default::default()
                    })
                    .unwrap();
                let n = window.min(mi + 1) as usize;
                let expected = WindowTotals::over(&months[months.len() - n..]);
                assert_eq!(
                    pop.history.window(0, slot, n),
                    (
                        (expected.ordinary_centi / 100) as u32,
                        (expected.frikort_centi / 100) as u32
                    ),
                    "month {mi}, window {window}"
                );
                let status = method.status(
                    Measure::Active,
                    month,
                    &pop.persons.get(0).membership(),
                    &expected,
                );
                let mut cells = MonthCells::default();
                pop.score(&method, month, mi, &mut cells);
                let mut want = MonthCells::default();
                want.count(Group::Kontanthjaelp, status);
                assert_eq!(cells, want, "month {mi}, window {window}");
            }
        }
    }
}
