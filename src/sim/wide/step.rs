//! The month pass a block of persons at a time (what [`Model::step_persons`] does); see
//! the module docs of `wide`.

use super::{BLOCK, block, block_mut, each_set_lane};
use crate::Group;
use crate::sim::Model;
use crate::sim::compacted::Compacted;
use crate::sim::model::EXIT_TABLE_LEN;
use crate::sim::persons::Persons;
use crate::sim::population::Population;
use crate::sim::rng::{BlockDraws, Chance, PersonMonth, Word};
use crate::sim::step::{MonthStep, RareEvents};

/// 2³²: a 32-bit uniform's range, as in [`Chance::hit_odds`].
const TWO_32: f64 = 4_294_967_296.0;

/// What the pass looks up by group in one month, as plain per-group arrays (a lane's
/// value is an indexed load, which the compiler may turn into a gather).
struct MonthTables {
    absence: [u64; Group::COUNT],
    absence_persistence: [u64; Group::COUNT],
    frikort: [u64; Group::COUNT],
    conversation: [u64; Group::COUNT],
    /// The cumulative chance of all of a group's moves: a move draw below it is a move
    /// candidate, decided by [`Model::move_target`].
    any_move: [u64; Group::COUNT],
    registration: [u64; Group::COUNT],
    offer_odds: [f64; Group::COUNT],
    /// Production steering, entry by entry: (months without an offer from which it
    /// applies, 1 − its extra rate). A group with fewer entries is padded with (0, 1.0):
    /// multiplying by 1.0 changes no bit.
    steering: Vec<([u32; Group::COUNT], [f64; Group::COUNT])>,
}

impl MonthTables {
    fn new(model: &Model<'_>, step: &MonthStep) -> MonthTables {
        let chances = &model.chances;
        let plans = &step.plans;
        let by_group =
            |chance: &dyn Fn(usize) -> Chance| std::array::from_fn(|g| chance(g).threshold());
        let entries = plans.iter().map(|p| p.steering.len()).max().unwrap_or(0);
        MonthTables {
            absence: by_group(&|g| chances[g].absence),
            absence_persistence: by_group(&|g| chances[g].absence_persistence),
            frikort: by_group(&|g| chances[g].frikort),
            conversation: by_group(&|g| chances[g].conversation),
            any_move: by_group(&|g| {
                model.moves[g]
                    .last()
                    .map_or(Chance::NEVER, |&(_, cumulative, _)| cumulative)
            }),
            registration: by_group(&|g| plans[g].registration),
            offer_odds: std::array::from_fn(|g| plans[g].offer_odds),
            steering: (0..entries)
                .map(|e| {
                    let entry = |g: usize| plans[g].steering.get(e).copied().unwrap_or((0, 1.0));
                    (
                        std::array::from_fn(|g| entry(g).0),
                        std::array::from_fn(|g| entry(g).1),
                    )
                })
                .collect(),
        }
    }
}

/// A value below 2³² as a double, exactly: its bits under those of 2⁵², minus 2⁵² (what
/// `as f64` gives, in two vector instructions where the CPU has no 64-bit conversion).
#[inline(always)]
fn exact_f64(value: u64) -> f64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    f64::from_bits(TWO_52.to_bits() | value) - TWO_52
}

/// A 32-bit uniform (a word's low or high half) below a chance's threshold: the lanes'
/// [`Chance::hit`]. Both are below 2⁶³, so the signed compare (the one AVX2 has) is the
/// unsigned one.
#[inline(always)]
fn hit(uniform: u64, threshold: u64) -> bool {
    (uniform as i64) < (threshold as i64)
}

impl Model<'_> {
    /// [`Model::step_persons`] a block of persons at a time, up to the last full block;
    /// returns where the scalar code takes over. Inlined into the caller's CPU level.
    #[inline(always)]
    pub(in crate::sim) fn step_persons_blocks(
        &self,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        mut leavers: Option<&mut Compacted>,
        rare: &mut RareEvents,
    ) -> usize {
        rare.hours.clear();
        rare.frikort.clear();
        let tables = MonthTables::new(self, step);
        let Population { persons, history } = pop;
        let row = history.row(step.slot);
        let (ordinary, ordinary_total) = (row.ordinary, row.ordinary_total);
        let mut frikort_row = row.frikort;
        let stayers = leavers.is_some();
        let blocks_end = first + (persons.len() - first) / BLOCK * BLOCK;
        let mut draws = BlockDraws::<BLOCK>::default();
        // Every lane of these is written in each block before it is read: declared once
        // here, not zeroed again for every block (a kilobyte each, copied from a zeroed
        // one: 4 % of a run when they were zeroed per block).
        let (mut exit, mut any_move) = ([0u64; BLOCK], [0u64; BLOCK]);
        let (mut new_any, mut new_spell, mut new_waited) = ([0; BLOCK], [0; BLOCK], [0; BLOCK]);
        let (mut exits, mut movers) = ([false; BLOCK], [false; BLOCK]);
        let (mut absence, mut registration) = ([0u64; BLOCK], [0u64; BLOCK]);
        let mut odds = [0f64; BLOCK];
        let (mut frikort_chance, mut conversation_chance) = ([0u64; BLOCK], [0u64; BLOCK]);
        let (mut new_absent, mut new_registered) = ([false; BLOCK], [false; BLOCK]);
        let (mut new_offer_bits, mut new_conversation_bits) = ([0; BLOCK], [0; BLOCK]);
        let (mut works, mut frikort, mut offers) = ([false; BLOCK], [false; BLOCK], [false; BLOCK]);
        for start in (first..blocks_end).step_by(BLOCK) {
            draws.fill(block(&persons.stream, start), step.month_index);
            let key = draws.word(Word::Stay);
            let mut live = [true; BLOCK];
            // Each step below is a loop over the block's lanes with no branch and no
            // call, which the compiler vectorises; the per-group values are looked up
            // in loops of their own first (loads or gathers). A step writes its results
            // to the stack, and each column is written back by a loop of its own: the
            // compiler cannot tell that two columns of the persons never overlap, and
            // checking it at run time for every pair is more than it will do.

            // 1–2. Exit and moves, for those on benefits last month.
            if let Some(leavers) = leavers.as_deref_mut() {
                let group = block(&persons.group, start);
                let any = block(&persons.any, start);
                for k in 0..BLOCK {
                    let g = group[k].index();
                    let months = (any[k] as usize).min(EXIT_TABLE_LEN - 1);
                    exit[k] = self.exit[g][months].threshold();
                    any_move[k] = tables.any_move[g];
                }
                let spells = block(&persons.spell, start);
                let waited = block(&persons.months_since_offer, start);
                for k in 0..BLOCK {
                    exits[k] = hit(key[k] & 0xffff_ffff, exit[k]);
                    live[k] = !exits[k];
                    movers[k] = live[k] & hit(key[k] >> 32, any_move[k]);
                    let stays = u32::from(live[k]);
                    new_any[k] = any[k] + stays;
                    new_spell[k] = spells[k] + stays;
                    new_waited[k] = waited[k] + stays;
                }
                let spells = *spells;
                *block_mut(&mut persons.any, start) = new_any;
                *block_mut(&mut persons.spell, start) = new_spell;
                *block_mut(&mut persons.months_since_offer, start) = new_waited;
                if step.new_year {
                    let used = block_mut(&mut persons.frikort_used, start);
                    for k in 0..BLOCK {
                        used[k] *= u16::from(!live[k]);
                    }
                }
                each_set_lane(&exits, |k| leavers.push((start + k) as u64));
                each_set_lane(&movers, |k| {
                    self.move_at(persons, start + k, spells[k], (key[k] >> 32) as u32);
                });
            }

            // 4–5. Absence and its registration, offer, hours, frikort, conversation.
            let group = block(&persons.group, start);
            let absent = block(&persons.absent, start);
            let waited = block(&persons.months_since_offer, start);
            for k in 0..BLOCK {
                let g = group[k].index();
                absence[k] = if absent[k] {
                    tables.absence_persistence[g]
                } else {
                    tables.absence[g]
                };
                registration[k] = tables.registration[g];
                odds[k] = tables.offer_odds[g];
                frikort_chance[k] = tables.frikort[g];
                conversation_chance[k] = tables.conversation[g];
            }
            // Production steering, entry by entry, in the scalar code's order.
            let mut keep = [1.0f64; BLOCK];
            for (from, keep_steered) in &tables.steering {
                let mut applies = [false; BLOCK];
                let mut factor = [1.0f64; BLOCK];
                for k in 0..BLOCK {
                    let g = group[k].index();
                    applies[k] = waited[k] >= from[g];
                    factor[k] = keep_steered[g];
                }
                for k in 0..BLOCK {
                    keep[k] = if applies[k] {
                        keep[k] * factor[k]
                    } else {
                        keep[k]
                    };
                }
            }
            let absence_word = draws.word(Word::Absence);
            let activity_word = draws.word(Word::Activity);
            let side_word = draws.word(Word::Side);
            let propensity = block(&persons.offer_propensity, start);
            let work_chance = block(&persons.work_chance, start);
            let offer_bits = block(&persons.offer_bits, start);
            let conversation_bits = block(&persons.conversation_bits, start);
            let shift = u32::from(stayers);
            let given = u64::from(!step.capacity);
            for k in 0..BLOCK {
                let is_absent = live[k] & hit(absence_word[k] & 0xffff_ffff, absence[k]);
                let is_registered = is_absent & hit(absence_word[k] >> 32, registration[k]);
                new_absent[k] = is_absent;
                new_registered[k] = is_registered;
                let present = live[k] & !is_absent;

                // P(offer) = 1 − Π(1 − extra)/(1 + x), as in `Chance::hit_odds`.
                let x = if odds[k] == f64::INFINITY {
                    f64::INFINITY
                } else {
                    odds[k] * f64::from(propensity[k])
                };
                let u_offer = exact_f64(activity_word[k] & 0xffff_ffff);
                offers[k] = present & ((TWO_32 - u_offer) * (1.0 + x) > keep[k] * TWO_32);
                works[k] = present & hit(activity_word[k] >> 32, work_chance[k].threshold());
                frikort[k] = present & hit(side_word[k] & 0xffff_ffff, frikort_chance[k]);
                let conversation = present & hit(side_word[k] >> 32, conversation_chance[k]);

                // Without capacity the offer is given right away.
                let offer = u64::from(offers[k]) & given;
                let bits = (offer_bits[k] << shift) | offer;
                let conversations = (conversation_bits[k] << shift) | u64::from(conversation);
                let since = waited[k] * u32::from(offer == 0);
                new_offer_bits[k] = bits;
                new_conversation_bits[k] = conversations;
                new_waited[k] = since;
            }
            store_live(block_mut(&mut persons.absent, start), &new_absent, &live);
            store_live(
                block_mut(&mut persons.absence_registered, start),
                &new_registered,
                &live,
            );
            store_live(
                block_mut(&mut persons.months_since_offer, start),
                &new_waited,
                &live,
            );
            store_live(
                block_mut(&mut persons.offer_bits, start),
                &new_offer_bits,
                &live,
            );
            store_live(
                block_mut(&mut persons.conversation_bits, start),
                &new_conversation_bits,
                &live,
            );
            if step.capacity {
                store_live(block_mut(wanted, start), &offers, &live);
            }

            // This month's history row: no hours, until the rare amounts are drawn after
            // the pass.
            each_set_lane(&works, |k| rare.hours.push((start + k) as u64));
            each_set_lane(&frikort, |k| rare.frikort.push((start + k) as u64));
            record_no_hours(
                block_mut(ordinary, start),
                block_mut(ordinary_total, start),
                &live,
            );
            if let Some((frikort_row, frikort_total)) = frikort_row.as_mut() {
                record_no_hours(
                    block_mut(frikort_row, start),
                    block_mut(frikort_total, start),
                    &live,
                );
            }
        }

        // The amounts of the rare hours, one by one (the key is mixed again: cheaper than
        // keeping it for every block).
        let key = |i: usize| PersonMonth::of_stream(persons.stream[i], step.month_index).key();
        for &i in rare.hours.as_slice() {
            let i = i as usize;
            let hours = self.ordinary_hours(persons.group[i].index(), key(i));
            history.set_ordinary(i, step.slot, hours);
        }
        for &i in rare.frikort.as_slice() {
            let i = i as usize;
            let gi = persons.group[i].index();
            let key = key(i);
            let hours = self.frikort_hours(gi, key, &mut persons.frikort_used[i], step.frikort_cap);
            history.set_frikort(i, step.slot, hours);
        }
        blocks_end
    }

    /// The move of person `i` (whose spell was `spell` last month) on the move draw
    /// `u_move`, if the draw makes one ([`Model::move_target`]).
    fn move_at(&self, persons: &mut Persons, i: usize, spell: u32, u_move: u32) {
        if let Some(target) = self.move_target(persons.group[i], spell, u_move) {
            self.move_person(&mut persons.range_mut(i..i + 1), 0, spell, target);
        }
    }
}

/// Write `value` into the live lanes of a block of a column (a leaver's are left as they
/// were, as the scalar code leaves them).
#[inline(always)]
fn store_live<T: Copy>(column: &mut [T; BLOCK], value: &[T; BLOCK], live: &[bool; BLOCK]) {
    for k in 0..BLOCK {
        column[k] = if live[k] { value[k] } else { column[k] };
    }
}

/// Write no hours into the live lanes of a block of a history row and keep the persons'
/// totals: total + 0 − old, as [`crate::sim::history::History::set`] does.
#[inline(always)]
fn record_no_hours(row: &mut [u16; BLOCK], totals: &mut [u32; BLOCK], live: &[bool; BLOCK]) {
    for k in 0..BLOCK {
        let keep = u16::from(!live[k]);
        totals[k] -= u32::from(row[k] * (1 - keep));
        row[k] *= keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_f64_is_the_conversion_below_two_to_the_32() {
        let mut z = 1u64;
        for value in [0, 1, 2, 0x8000_0000, 0xffff_fffe, 0xffff_ffff]
            .into_iter()
            .chain((0..1000).map(|_| {
                z = crate::sim::rng::mix64(z);
                z & 0xffff_ffff
            }))
        {
            assert_eq!(
                exact_f64(value).to_bits(),
                (value as f64).to_bits(),
                "{value}"
            );
        }
    }

    #[test]
    fn hit_is_the_chance_s_hit_up_to_certain() {
        for threshold in [0, 1, 0x8000_0000, 0xffff_ffff, 1 << 32] {
            for u in [0u32, 1, 0x7fff_ffff, 0x8000_0000, u32::MAX] {
                let chance = Chance::new(threshold as f64 / TWO_32);
                assert_eq!(chance.threshold(), threshold);
                assert_eq!(
                    hit(u64::from(u), threshold),
                    chance.hit(u),
                    "{u} < {threshold}"
                );
            }
        }
    }
}
