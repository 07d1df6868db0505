//! The month pass on AVX-512 (what [`Model::step_persons`] does, eight persons at a
//! time); see the module docs of `wide`.

use super::lanes::*;
use crate::sim::Model;
use crate::sim::compacted::Compacted;
use crate::sim::model::{EXIT_TABLE_LEN, MAX_INITIAL_SENIORITY};
use crate::sim::persons::Persons;
use crate::sim::population::Population;
use crate::sim::rng::{Chance, GOLDEN, PersonMonth};
use crate::sim::step::{MonthStep, RareEvents};
use std::arch::x86_64::*;

/// Runs of the exit table with at most this many per group are looked up with permutes;
/// longer tables with a gather (slower here).
const MAX_EXIT_RUNS: usize = 6;

/// What the pass looks up by group in one month.
struct MonthTables {
    /// The exit chance's runs by group ([`Model::exit_runs`]): the first run's chance,
    /// then (first month, chance) of each further run, padded with runs that start after
    /// the last month of the table. `None`: too many runs, gather from the table.
    exit_runs: Option<(ByGroup, Vec<(ByGroup, ByGroup)>)>,
    absence: ByGroup,
    absence_persistence: ByGroup,
    frikort: ByGroup,
    conversation: ByGroup,
    /// The cumulative chance of all of a group's moves: a move draw below it is a move
    /// candidate, decided by [`Model::move_target`].
    any_move: ByGroup,
    registration: ByGroup,
    offer_odds: ByGroup,
    /// Production steering, entry by entry: (months without an offer from which it
    /// applies, 1 − its extra rate). A group with fewer entries is padded with (0, 1.0):
    /// multiplying by 1.0 changes no bit.
    steering: Vec<(ByGroup, ByGroup)>,
}

impl MonthTables {
    #[target_feature(enable = "avx512f")]
    fn new(model: &Model<'_>, step: &MonthStep) -> MonthTables {
        let chances = &model.chances;
        let plans = &step.plans;
        let entries = plans.iter().map(|p| p.steering.len()).max().unwrap_or(0);
        let runs = model.exit_runs.iter().map(Vec::len).max().unwrap_or(1);
        let exit_runs = (runs <= MAX_EXIT_RUNS).then(|| {
            let run = |g: usize, r: usize| {
                model.exit_runs[g]
                    .get(r)
                    .copied()
                    .unwrap_or((EXIT_TABLE_LEN as u32, Chance::NEVER))
            };
            (
                ByGroup::chances(|g| run(g, 0).1),
                (1..runs)
                    .map(|r| {
                        (
                            ByGroup::new(|g| u64::from(run(g, r).0)),
                            ByGroup::chances(|g| run(g, r).1),
                        )
                    })
                    .collect(),
            )
        });
        MonthTables {
            exit_runs,
            absence: ByGroup::chances(|g| chances[g].absence),
            absence_persistence: ByGroup::chances(|g| chances[g].absence_persistence),
            frikort: ByGroup::chances(|g| chances[g].frikort),
            conversation: ByGroup::chances(|g| chances[g].conversation),
            any_move: ByGroup::chances(|g| {
                model.moves[g]
                    .last()
                    .map_or(Chance::NEVER, |&(_, cumulative, _)| cumulative)
            }),
            registration: ByGroup::chances(|g| plans[g].registration),
            offer_odds: ByGroup::floats(|g| plans[g].offer_odds),
            steering: (0..entries)
                .map(|e| {
                    let entry = |g: usize| plans[g].steering.get(e).copied().unwrap_or((0, 1.0));
                    (
                        ByGroup::new(|g| u64::from(entry(g).0)),
                        ByGroup::floats(|g| entry(g).1),
                    )
                })
                .collect(),
        }
    }
}

impl Model<'_> {
    /// [`Model::step_persons`] on AVX-512.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, DQ, BW and VL ([`crate::sim::CpuLevel::V4`]): the
    /// entry point in `wide` takes the proof.
    #[target_feature(
        enable = "avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi1,bmi2,lzcnt,movbe,popcnt"
    )]
    pub(super) fn step_persons_v4(
        &self,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        mut leavers: Option<&mut Compacted>,
        rare: &mut RareEvents,
    ) {
        rare.hours.clear();
        rare.frikort.clear();
        let tables = MonthTables::new(self, step);
        let Population { persons, history } = pop;
        let row = history.row(step.slot);
        let (ordinary, ordinary_total) = (row.ordinary, row.ordinary_total);
        let mut frikort_row = row.frikort;
        let stayers = leavers.is_some();
        let month = _mm512_set1_epi64(u64::from(step.month_index).wrapping_mul(GOLDEN) as i64);
        let salt = |w: u64| _mm512_set1_epi64(w.wrapping_mul(GOLDEN) as i64);
        let (absence_salt, activity_salt, side_salt) = (salt(1), salt(2), salt(3));
        let two32 = _mm512_set1_pd(4_294_967_296.0);
        let one = _mm512_set1_pd(1.0);
        let infinity = _mm512_set1_pd(f64::INFINITY);
        let one_bit = _mm512_set1_epi64(1);
        let lane_numbers = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
        let exit_table = self.exit.as_flattened();
        let n = persons.len();
        let mut start = first;
        while start < n {
            let end = (start + 8).min(n);
            let block = start..end;
            let valid = lanes(end - start);
            let positions = _mm512_add_epi64(lane_numbers, _mm512_set1_epi64(start as i64));
            let key = mix(_mm512_add_epi64(
                load_u64(&persons.stream[block.clone()]),
                month,
            ));
            let absence_word = mix(_mm512_xor_si512(key, absence_salt));
            let activity_word = mix(_mm512_xor_si512(key, activity_salt));
            let side_word = mix(_mm512_xor_si512(key, side_salt));
            let mut groups = load_groups(&persons.group[block.clone()]);
            let mut months_since_offer = load_u32(&persons.months_since_offer[block.clone()]);

            // 1–2. Exit and moves, for those on benefits last month.
            let mut live = valid;
            if let Some(leavers) = leavers.as_deref_mut() {
                let any = load_u32(&persons.any[block.clone()]);
                let spell = load_u32(&persons.spell[block.clone()]);
                let months = _mm256_min_epu32(any, _mm256_set1_epi32(MAX_INITIAL_SENIORITY as i32));
                let exit = match &tables.exit_runs {
                    Some((first_run, runs)) => {
                        let months = _mm512_cvtepu32_epi64(months);
                        let mut exit = first_run.at(groups);
                        for (from, chance) in runs {
                            let reached = _mm512_cmpge_epu64_mask(months, from.at(groups));
                            exit = _mm512_mask_mov_epi64(exit, reached, chance.at(groups));
                        }
                        exit
                    }
                    None => {
                        let entry = _mm256_add_epi32(
                            _mm256_mullo_epi32(
                                _mm512_cvtepi64_epi32(groups),
                                _mm256_set1_epi32(EXIT_TABLE_LEN as i32),
                            ),
                            months,
                        );
                        // Every entry is group · EXIT_TABLE_LEN + at most
                        // MAX_INITIAL_SENIORITY: inside the exit table.
                        gather_chances(exit_table, entry, valid)
                    }
                };
                let exits = _mm512_mask_cmplt_epu64_mask(valid, low(key), exit);
                live = valid & !exits;
                let movers =
                    _mm512_mask_cmplt_epu64_mask(live, high(key), tables.any_move.at(groups));
                let one32 = _mm256_set1_epi32(1);
                store_u32(
                    &mut persons.any[block.clone()],
                    live,
                    _mm256_add_epi32(any, one32),
                );
                store_u32(
                    &mut persons.spell[block.clone()],
                    live,
                    _mm256_add_epi32(spell, one32),
                );
                months_since_offer = _mm256_add_epi32(months_since_offer, one32);
                if step.new_year {
                    store_u16(
                        &mut persons.frikort_used[block.clone()],
                        live,
                        _mm_setzero_si128(),
                    );
                }
                collect_lanes(leavers, exits, positions);
                if movers != 0 {
                    let (spells, keys) = (to_u32s(spell), to_u64s(key));
                    for j in set_lanes(movers) {
                        self.move_at(persons, start + j, spells[j], (keys[j] >> 32) as u32);
                    }
                    groups = load_groups(&persons.group[block.clone()]);
                }
            }

            // 4. Absence and its registration.
            let was_absent = load_flags(&persons.absent[block.clone()]);
            let absence = _mm512_mask_blend_epi64(
                was_absent,
                tables.absence.at(groups),
                tables.absence_persistence.at(groups),
            );
            let absent = _mm512_mask_cmplt_epu64_mask(live, low(absence_word), absence);
            let registered = _mm512_mask_cmplt_epu64_mask(
                absent,
                high(absence_word),
                tables.registration.at(groups),
            );
            store_flags(&mut persons.absent[block.clone()], live, absent);
            store_flags(
                &mut persons.absence_registered[block.clone()],
                live,
                registered,
            );
            let present = live & !absent;

            // 5. Offer: 1 − Π(1 − extra)/(1 + x), as in `Chance::hit_odds`.
            let odds = tables.offer_odds.at_f64(groups);
            let propensity = _mm512_cvtps_pd(load_f32(&persons.offer_propensity[block.clone()]));
            let certain = _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(odds, infinity);
            let x = _mm512_mask_blend_pd(certain, _mm512_mul_pd(odds, propensity), infinity);
            let mut keep = one;
            if !tables.steering.is_empty() {
                let waited = _mm512_cvtepu32_epi64(months_since_offer);
                for (from, keep_steered) in &tables.steering {
                    let applies = _mm512_cmpge_epu64_mask(waited, from.at(groups));
                    keep = _mm512_mask_mul_pd(keep, applies, keep, keep_steered.at_f64(groups));
                }
            }
            let u_offer = _mm512_cvtepu64_pd(low(activity_word));
            let offer = _mm512_mask_cmp_pd_mask::<_CMP_GT_OQ>(
                present,
                _mm512_mul_pd(_mm512_sub_pd(two32, u_offer), _mm512_add_pd(one, x)),
                _mm512_mul_pd(keep, two32),
            );

            // Hours, frikort hours and the conversation.
            let works = _mm512_mask_cmplt_epu64_mask(
                present,
                high(activity_word),
                load_chances(&persons.work_chance[block.clone()]),
            );
            let frikort =
                _mm512_mask_cmplt_epu64_mask(present, low(side_word), tables.frikort.at(groups));
            let conversation = _mm512_mask_cmplt_epu64_mask(
                present,
                high(side_word),
                tables.conversation.at(groups),
            );
            let mut offer_bits = load_u64(&persons.offer_bits[block.clone()]);
            let mut conversation_bits = load_u64(&persons.conversation_bits[block.clone()]);
            if stayers {
                offer_bits = _mm512_slli_epi64::<1>(offer_bits);
                conversation_bits = _mm512_slli_epi64::<1>(conversation_bits);
            }
            conversation_bits =
                _mm512_mask_or_epi64(conversation_bits, conversation, conversation_bits, one_bit);
            if step.capacity {
                store_flags(&mut wanted[block.clone()], live, offer);
            } else {
                offer_bits = _mm512_mask_or_epi64(offer_bits, offer, offer_bits, one_bit);
                months_since_offer =
                    _mm256_mask_mov_epi32(months_since_offer, offer, _mm256_setzero_si256());
            }
            store_u64(&mut persons.offer_bits[block.clone()], live, offer_bits);
            store_u64(
                &mut persons.conversation_bits[block.clone()],
                live,
                conversation_bits,
            );
            store_u32(
                &mut persons.months_since_offer[block.clone()],
                live,
                months_since_offer,
            );

            // This month's history row: no hours, until the rare amounts are drawn after
            // the pass.
            // (Frikort hours are rarer than one in eight persons: a branch is cheaper.)
            collect_lanes(&mut rare.hours, works, positions);
            if frikort != 0 {
                collect_lanes(&mut rare.frikort, frikort, positions);
            }
            record_no_hours(
                &mut ordinary[block.clone()],
                &mut ordinary_total[block.clone()],
                live,
            );
            if let Some((frikort_row, frikort_total)) = frikort_row.as_mut() {
                record_no_hours(
                    &mut frikort_row[block.clone()],
                    &mut frikort_total[block.clone()],
                    live,
                );
            }
            start = end;
        }

        // The amounts of the rare hours, one by one (the key is mixed again: cheaper than
        // collecting it for every block).
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
    }

    /// The move of person `i` (whose spell was `spell` last month) on the move draw
    /// `u_move`, if the draw makes one ([`Model::move_target`]).
    fn move_at(&self, persons: &mut Persons, i: usize, spell: u32, u_move: u32) {
        if let Some(target) = self.move_target(persons.group[i], spell, u_move) {
            self.move_person(&mut persons.range_mut(i..i + 1), 0, spell, target);
        }
    }
}

/// Write no hours into the lanes `mask` of a history row and keep the persons' totals:
/// total + 0 − old, as [`crate::sim::history::History::set`] does.
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
#[inline]
fn record_no_hours(row: &mut [u16], totals: &mut [u32], mask: __mmask8) {
    let old = _mm256_cvtepu16_epi32(load_u16(row));
    store_u32(totals, mask, _mm256_sub_epi32(load_u32(totals), old));
    store_u16(row, mask, _mm_setzero_si128());
}
