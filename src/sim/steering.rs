//! Targeted production steering: the offers a month the job centre decides
//! (`offers_per_month`) go, after the month pass and capacity, to the targeted persons
//! without an offer this month — nearest deadline first (the lister's rule,
//! `measure::steering`) or at random. Who gets them is a choice over the whole
//! population, so it is made here, once, in scalar code: the same on every CPU level.

use super::Model;
use super::places::running;
use super::plan::TargetedSteering;
use super::population::{Population, pack_flags, set_bits};
use super::rng::{self, Word};
use super::score::offer_window_mask;
use crate::Month;
use crate::measure::method::SeniorityRule;
use crate::measure::steering::{deadline_horizon, months_to_deadline};
use crate::measure::{Membership, MonthRule, WindowTotals};
use crate::scenario::Targeting;

impl Model<'_> {
    /// Give each active targeted steering's offers in `month` (month index `mi`): among
    /// the persons of its groups who are not absent, have no offer this month (`wanted`
    /// false) and have gone `months_without_offer` months without one, the `offers` with
    /// the nearest deadline under the scenario's method (ties, and `random`, by the
    /// person-month's [`Word::Steering`] draw, so a scenario and its alternatives pair
    /// on common random numbers). Chosen persons get `wanted` set. Where offers last
    /// (`left` not empty), persons in a running offer are passed over. Returns the
    /// offers each gave, in the order of `targeted`.
    pub(super) fn give_targeted_offers(
        &self,
        pop: &Population,
        wanted: &mut [bool],
        targeted: &[TargetedSteering],
        month: Month,
        mi: u32,
        left: &[u8],
    ) -> Vec<u64> {
        let mut given = vec![0; targeted.len()];
        let rules = self.deadline_rules(month);
        let persons = &pop.persons;
        let draw = |i: usize| {
            let key = rng::month_key(persons.stream[i], mi);
            rng::extra_word(key, Word::Steering)
        };
        let window = self.methods[0].window_months();
        let mut candidates = Candidates::default();
        let (mut now, mut later) = (Vec::new(), Vec::new());
        for (t, given) in targeted.iter().zip(&mut given) {
            let by_deadline = t.targeting == Targeting::Deadline;
            let population = by_deadline.then_some((&rules[0], window));
            candidates.fill(pop, wanted, t, left, population);
            let eligible = &candidates.eligible;
            let eligible_count: usize = eligible.iter().map(|w| w.count_ones() as usize).sum();
            let offers = (t.offers as usize).min(eligible_count);
            if offers == 0 {
                continue;
            }
            // Those passive now (deadline 0); everybody eligible when offers go at
            // random. Each list in storage order.
            let passive;
            let first: &[u64] = if by_deadline {
                passive = self.passive_now(pop, &candidates, &rules[0], mi);
                &passive
            } else {
                eligible
            };
            now.clear();
            later.clear();
            now.extend(set_bits(first));
            // The rest are only looked at when those passive now are too few.
            if by_deadline && now.len() < offers {
                let rest: Vec<u64> = eligible.iter().zip(first).map(|(&e, &p)| e & !p).collect();
                later.extend(set_bits(&rest));
            }
            // The stream makes every key distinct: the choice does not depend on the
            // order persons are stored in.
            let key = |i: usize, deadline: u32| ((deadline, draw(i), persons.stream[i]), i);
            if now.len() >= offers {
                // Enough passive now (or offers at random): all keyed alike but for the
                // draw, the offers go to the smallest draws.
                for i in smallest_draws(&now, offers, draw, &persons.stream) {
                    wanted[i] = true;
                }
                *given = offers as u64;
                continue;
            }
            // Those passive now all get one; the rest of the offers go to the nearest
            // later deadlines: once `rest` are known, a deadline past the largest of them
            // cannot be chosen, so nobody's is looked for beyond it (it keys as never).
            let mut keyed: Vec<_> = now.iter().map(|&i| key(i, 0)).collect();
            let rest = offers - now.len();
            let mut nearest = std::collections::BinaryHeap::with_capacity(rest + 1);
            for &i in &later {
                let bound = match nearest.len() == rest {
                    true => nearest.peek().copied().unwrap_or(u32::MAX),
                    false => u32::MAX,
                };
                let d = self.months_to_deadline(pop, i, &rules, mi, bound);
                if d != u32::MAX {
                    nearest.push(d);
                    if nearest.len() > rest {
                        nearest.pop();
                    }
                }
                keyed.push(key(i, d));
            }
            if offers < keyed.len() {
                keyed.select_nth_unstable_by_key(offers - 1, |k| k.0);
            }
            for &(_, i) in &keyed[..offers] {
                wanted[i] = true;
            }
            *given = offers as u64;
        }
        given
    }

    /// The scenario's method's rule of every month a deadline seen from `month` can fall
    /// in (the window plus the minimum seniority ahead), built once a month.
    fn deadline_rules(&self, month: Month) -> Vec<MonthRule> {
        let method = &self.methods[0];
        (0..=method.window_months() + method.min_seniority_months())
            .map(|ahead| method.month_rule(method.threshold_centi(month.plus(ahead as i32))))
            .collect()
    }

    /// Of the `candidates` who may be passive now (in the population, no offer in the
    /// window), those who are in month index `mi` under `rule` (the month's): too few
    /// hours in the window. A mask like the candidates'.
    fn passive_now(
        &self,
        pop: &Population,
        candidates: &Candidates,
        rule: &MonthRule,
        mi: u32,
    ) -> Vec<u64> {
        let mut passive = candidates.maybe_passive.clone();
        for i in set_bits(&candidates.maybe_passive) {
            if !self.lacks_hours(pop, i, rule, mi) {
                passive[i / 64] &= !(1 << (i % 64));
            }
        }
        passive
    }

    /// Whether person `i` has too few hours in the window ending in month index `mi`
    /// to be active under `rule`.
    fn lacks_hours(&self, pop: &Population, i: usize, rule: &MonthRule, mi: u32) -> bool {
        let window = self.methods[0].window_months();
        let history = &pop.history;
        let (ordinary, frikort) = history.window(i, history.slot(mi), window.min(mi + 1) as usize);
        !rule.active(&WindowTotals {
            offer: false,
            ordinary_centi: u64::from(ordinary) * 100,
            frikort_centi: u64::from(frikort) * 100,
            conversations: 0,
        })
    }

    /// Months from month index `mi` to person `i`'s deadline under the scenario's method
    /// (`u32::MAX`: never, or not within `within` months), by the lister's rule
    /// (`measure::steering::months_to_deadline`) on the person's state after this
    /// month's activity.
    fn months_to_deadline(
        &self,
        pop: &Population,
        i: usize,
        rules: &[MonthRule],
        mi: u32,
        within: u32,
    ) -> u32 {
        let method = &self.methods[0];
        let window = method.window_months();
        let (persons, history) = (&pop.persons, &pop.history);
        let now = Membership {
            group: persons.group[i],
            absence_registered: persons.absence_registered[i],
            seniority_spell: persons.spell[i],
            seniority_any: persons.any[i],
        };
        let seniority = match method.seniority() {
            SeniorityRule::PerBenefit => now.seniority_spell,
            SeniorityRule::AcrossBenefits => now.seniority_any,
        };
        // The window `ahead` months on holds the months up to this one that have not yet
        // left it: a running total, less the month that leaves at each step.
        let slot = history.slot(mi);
        let (mut ordinary, mut frikort) = history.window(i, slot, window.min(mi + 1) as usize);
        let bits = persons.offer_bits[i];
        let totals = |ahead: u32| {
            if (1..=window).contains(&ahead) && mi + ahead >= window {
                let (o, f) = history.get(i, history.slot(mi + ahead - window));
                ordinary -= u32::from(o);
                frikort -= u32::from(f);
            }
            WindowTotals {
                offer: bits & offer_window_mask(window.saturating_sub(ahead)) != 0,
                ordinary_centi: u64::from(ordinary) * 100,
                frikort_centi: u64::from(frikort) * 100,
                conversations: 0,
            }
        };
        let horizon = deadline_horizon(method, seniority).min(within);
        months_to_deadline(rules, &now, horizon, totals).unwrap_or(u32::MAX)
    }
}

/// The `offers` persons of `among` with the smallest (draw, stream), in no particular
/// order. The draws are uniform 64-bit words, so only those below a bound that
/// about one and a half times `offers` of them fall under are kept and ordered; when
/// fewer than `offers` do, all are.
fn smallest_draws(
    among: &[usize],
    offers: usize,
    draw: impl Fn(usize) -> u64,
    stream: &[u64],
) -> impl Iterator<Item = usize> {
    let expected = (offers + offers / 2 + 32) as f64 / among.len() as f64;
    let bound = if expected >= 1.0 {
        u64::MAX
    } else {
        (expected * 2f64.powi(64)) as u64
    };
    let keyed = |bound: u64| -> Vec<(u64, u64, usize)> {
        among
            .iter()
            .map(|&i| (draw(i), i))
            .filter(|&(d, _)| d <= bound)
            .map(|(d, i)| (d, stream[i], i))
            .collect()
    };
    let mut kept = keyed(bound);
    if kept.len() < offers {
        kept = keyed(u64::MAX);
    }
    if offers > 0 && offers < kept.len() {
        kept.select_nth_unstable(offers - 1);
    }
    kept.truncate(offers);
    kept.into_iter().map(|(_, _, i)| i)
}

/// Whom a targeted steering may give an offer to, as bit masks per word of 64 persons
/// (bit j of word w: person 64w + j).
#[derive(Debug, Default)]
struct Candidates {
    /// Of its groups, not absent, without an offer this month, at least
    /// `months_without_offer` months since the last and not in a running offer.
    eligible: Vec<u64>,
    /// Of the eligible, those who may be passive now: with a population rule, those in
    /// it without an offer in the method's window; without one, all of them.
    maybe_passive: Vec<u64>,
}

impl Candidates {
    /// The candidates of `t` among `pop`, `wanted` holding this month's offers so far
    /// and `left` the running offers (empty where offers do not last); `population`:
    /// the month's rule and the method's window in months, when targeting by deadline.
    /// Branch-free per person: the tests are cheap loads, and whether they hold is too
    /// random a pattern to predict.
    fn fill(
        &mut self,
        pop: &Population,
        wanted: &[bool],
        t: &TargetedSteering,
        left: &[u8],
        population: Option<(&MonthRule, u32)>,
    ) {
        let persons = &pop.persons;
        let window = offer_window_mask(population.map_or(0, |(_, months)| months));
        let n = wanted.len();
        self.eligible.clear();
        self.maybe_passive.clear();
        let mut flags = [false; 64];
        for start in (0..n).step_by(64) {
            let range = start..(start + 64).min(n);
            let flags = &mut flags[..range.len()];
            let columns = wanted[range.clone()]
                .iter()
                .zip(&persons.absent[range.clone()])
                .zip(&persons.group[range.clone()])
                .zip(&persons.months_since_offer[range.clone()]);
            for (flag, (((&has_offer, &absent), group), &since)) in flags.iter_mut().zip(columns) {
                *flag = !has_offer
                    & !absent
                    & (t.groups >> group.index() & 1 == 1)
                    & (since >= t.months_without_offer);
            }
            let mut e = pack_flags(flags);
            let mut u = e;
            if let Some((rule, _)) = population {
                let columns = persons.offer_bits[range.clone()]
                    .iter()
                    .zip(&persons.group[range.clone()])
                    .zip(&persons.absence_registered[range.clone()])
                    .zip(
                        persons.spell[range.clone()]
                            .iter()
                            .zip(&persons.any[range.clone()]),
                    );
                for (flag, (((&bits, &group), &absence_registered), (&spell, &any))) in
                    flags.iter_mut().zip(columns)
                {
                    let who = Membership {
                        group,
                        absence_registered,
                        seniority_spell: spell,
                        seniority_any: any,
                    };
                    *flag = (bits & window == 0) & rule.in_population(&who);
                }
                u &= pack_flags(flags);
            }
            // Where offers last, a person in a running offer is passed over.
            if let Some(left) = left.get(range) {
                for (flag, &l) in flags.iter_mut().zip(left) {
                    *flag = running(l);
                }
                let running_mask = pack_flags(flags);
                e &= !running_mask;
                u &= !running_mask;
            }
            self.eligible.push(e);
            self.maybe_passive.push(u);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Group;
    use crate::measure::Measure;
    use crate::measure::steering::membership_ahead;
    use crate::sim::Workspace;
    use crate::sim::testing::every_mechanism_scenario;

    /// The deadline by window sums taken afresh for every month ahead, by
    /// `Method::status` (the measure's own threshold lookup), up to the furthest month
    /// a deadline can be.
    fn deadline_afresh(model: &Model, pop: &Population, i: usize, month: Month, mi: u32) -> u32 {
        let method = &model.methods[0];
        let window = method.window_months();
        let p = &pop.persons;
        let now = Membership {
            group: p.group[i],
            absence_registered: p.absence_registered[i],
            seniority_spell: p.spell[i],
            seniority_any: p.any[i],
        };
        (0..=window + method.min_seniority_months())
            .find(|&ahead| {
                let len = window.saturating_sub(ahead).min(mi + 1) as usize;
                let (ordinary, frikort) = match len {
                    0 => (0, 0),
                    _ => pop.history.window(i, pop.history.slot(mi), len),
                };
                let totals = WindowTotals {
                    offer: p.offer_bits[i] & offer_window_mask(len as u32) != 0,
                    ordinary_centi: u64::from(ordinary) * 100,
                    frikort_centi: u64::from(frikort) * 100,
                    conversations: 0,
                };
                let at = month.plus(ahead as i32);
                let who = membership_ahead(&now, ahead);
                method.status(Measure::Active, at, &who, &totals)
                    == crate::measure::Status::Unfulfilled
            })
            .unwrap_or(u32::MAX)
    }

    /// The smallest draws are a full sort's first, for numbers of offers from none to
    /// all, with ties in the draw decided by the stream.
    #[test]
    fn the_smallest_draws_are_a_full_sorts_first() {
        let persons: Vec<usize> = (0..500).map(|i| 3 * i + 1).collect();
        let stream: Vec<u64> = (0..1500).map(|i| rng::person_stream(11, i)).collect();
        // Few distinct draws, so ties are many: at the bottom of the range (the bound
        // keeps more than it guessed) and at the top (it keeps too few and all are kept).
        let low = |i: usize| (rng::mix64(i as u64) % 40) << 56;
        let high = |i: usize| u64::MAX - low(i);
        for draw in [&low as &dyn Fn(usize) -> u64, &high] {
            let mut sorted = persons.clone();
            sorted.sort_by_key(|&i| (draw(i), stream[i]));
            for offers in [0, 1, 2, 7, 100, 333, 499, 500] {
                let mut chosen: Vec<usize> =
                    smallest_draws(&persons, offers, draw, &stream).collect();
                chosen.sort_by_key(|&i| (draw(i), stream[i]));
                assert_eq!(chosen, sorted[..offers], "{offers} offers");
            }
        }
    }

    /// The simulator's deadline is the lister's rule: its running window totals give
    /// the deadline that sums taken afresh give, and in every judged month the persons
    /// whose deadline is that month are, group by group, the month's population minus
    /// its fulfilled — passive now is deadline now.
    #[test]
    fn deadline_now_is_passive_now() {
        let loaded = every_mechanism_scenario(4);
        let model = Model::new(&loaded.scenario, &[]);
        let january = loaded.scenario.january();
        let mut deadline_now = Vec::new();
        let mut later = 0;
        let out =
            model.simulate_observed(3, 1, &mut Workspace::default(), &mut |month, mi, pop, _| {
                if month < january {
                    return;
                }
                let rules = model.deadline_rules(month);
                // The steering's own test of passive now, everybody eligible but the
                // absent.
                let everybody = TargetedSteering {
                    groups: u32::MAX,
                    months_without_offer: 0,
                    offers: 1,
                    targeting: Targeting::Deadline,
                    initiative: 0,
                };
                let mut candidates = Candidates::default();
                let window = model.methods[0].window_months();
                let nobody = vec![false; pop.len()];
                candidates.fill(pop, &nobody, &everybody, &[], Some((&rules[0], window)));
                let passive: Vec<usize> =
                    set_bits(&model.passive_now(pop, &candidates, &rules[0], mi)).collect();
                let mut counts = [0u64; Group::COUNT];
                for i in 0..pop.len() {
                    let d = model.months_to_deadline(pop, i, &rules, mi, u32::MAX);
                    assert_eq!(d, deadline_afresh(&model, pop, i, month, mi), "{month} {i}");
                    assert_eq!(
                        passive.binary_search(&i).is_ok(),
                        d == 0 && !pop.persons.absent[i],
                        "{month} {i}"
                    );
                    if d == 0 {
                        counts[pop.persons.group[i].index()] += 1;
                    }
                    later += u32::from((1..u32::MAX).contains(&d));
                }
                deadline_now.push(counts);
            });
        assert!(later > 0, "some deadlines lie ahead");
        for (cells, counts) in out.cells[0].iter().zip(&deadline_now) {
            for g in Group::ALL {
                let cell = cells.groups[g.index()];
                assert_eq!(counts[g.index()], cell.population - cell.fulfilled, "{g}");
            }
        }
        assert!(deadline_now.iter().flatten().sum::<u64>() > 0);
    }

    /// By deadline, the offers go to the persons with the nearest deadlines (every one
    /// chosen has a deadline no later than any eligible one passed over); at random,
    /// exactly the count goes to eligible persons only; persons who already have an
    /// offer this month are passed over; with more offers than eligible persons, each
    /// gets one.
    #[test]
    fn offers_go_to_the_nearest_deadlines() {
        let loaded = every_mechanism_scenario(4);
        let model = Model::new(&loaded.scenario, &[]);
        let month: Month = "2025-06".parse().unwrap();
        let mut captured = None;
        model.simulate_observed(5, 0, &mut Workspace::default(), &mut |m, mi, pop, _| {
            if m == month {
                captured = Some((pop.clone(), mi));
            }
        });
        let (pop, mi) = captured.unwrap();
        let p = &pop.persons;
        let rules = model.deadline_rules(month);
        let deadline = |i| model.months_to_deadline(&pop, i, &rules, mi, u32::MAX);
        let kh = 1 << Group::Kontanthjaelp.index();
        let eligible = |i: usize, groups: u32, from: u32| {
            !p.absent[i] && groups >> p.group[i].index() & 1 == 1 && p.months_since_offer[i] >= from
        };
        let give = |targeting, offers, groups, from, before: &[bool]| {
            let mut wanted = before.to_vec();
            let t = TargetedSteering {
                groups,
                months_without_offer: from,
                offers,
                targeting,
                initiative: 0,
            };
            model.give_targeted_offers(&pop, &mut wanted, &[t], month, mi, &[]);
            wanted
        };
        let nobody = vec![false; pop.len()];
        let passive_now = (0..pop.len())
            .filter(|&i| eligible(i, u32::MAX, 0) && deadline(i) == 0)
            .count() as u64;
        let chosen = give(Targeting::Deadline, passive_now + 10, u32::MAX, 0, &nobody);
        assert_eq!(
            chosen.iter().filter(|&&c| c).count() as u64,
            passive_now + 10
        );
        let worst_chosen = (0..pop.len()).filter(|&i| chosen[i]).map(deadline).max();
        let best_passed = (0..pop.len())
            .filter(|&i| eligible(i, u32::MAX, 0) && !chosen[i])
            .map(deadline)
            .min();
        assert!(worst_chosen <= best_passed && best_passed > Some(0));
        assert!(worst_chosen > Some(0), "the cut lies beyond the passive");
        // Fewer offers than persons passive now: only they are chosen.
        let few = give(Targeting::Deadline, passive_now / 2, u32::MAX, 0, &nobody);
        assert_eq!(few.iter().filter(|&&c| c).count() as u64, passive_now / 2);
        assert!((0..pop.len()).filter(|&i| few[i]).all(|i| deadline(i) == 0));

        let before: Vec<bool> = (0..pop.len()).map(|i| i % 3 == 0).collect();
        let random = give(Targeting::Random, 25, kh, 2, &before);
        let new: Vec<usize> = (0..pop.len())
            .filter(|&i| random[i] && !before[i])
            .collect();
        assert_eq!(new.len(), 25);
        assert!(new.iter().all(|&i| eligible(i, kh, 2)));
        assert!((0..pop.len()).all(|i| !before[i] || random[i]));

        let all = give(Targeting::Deadline, 1_000_000, kh, 0, &nobody);
        assert!((0..pop.len()).all(|i| all[i] == eligible(i, kh, 0)));

        // Where offers last, a person in a running offer is passed over (every seventh
        // here, across the words of 64 the choice is made in).
        let left: Vec<u8> = (0..pop.len()).map(|i| u8::from(i % 7 == 0) * 2).collect();
        let t = TargetedSteering {
            groups: kh,
            months_without_offer: 0,
            offers: 1_000_000,
            targeting: Targeting::Deadline,
            initiative: 0,
        };
        let mut wanted = nobody.clone();
        model.give_targeted_offers(&pop, &mut wanted, &[t], month, mi, &left);
        assert!((0..pop.len()).all(|i| wanted[i] == (eligible(i, kh, 0) && i % 7 != 0)));
        assert!(wanted.iter().any(|&w| w));
    }
}
