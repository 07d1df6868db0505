//! The month pass on AVX-512: eight persons at a time, one 64-bit lane each.
//!
//! It does exactly what [`Model::stay`] and [`Model::act`] do for one person — the same
//! draws, the same integer compares, the same floating-point operations in the same
//! order (no fused multiply-adds) — so it gives the same bits; a test holds it to them.
//! The common events are decided for the whole block at once, as compare masks instead
//! of branches: exit, absence, its registration, offer, hours, frikort and conversation.
//! Only the rare ones are handled one by one, through the scalar code's own helpers:
//! moves right away, the hours amounts after the pass (their positions are collected
//! with a compress, as are the leavers').
//!
//! Per-group values are looked up with a two-register permute ([`ByGroup`]); the exit
//! chance by group and seniority from the exit table's runs ([`Model::exit_runs`]) with
//! permutes, or with a gather from the table when a group has more than
//! [`MAX_EXIT_RUNS`] runs. Scoring a method whose window is the whole history
//! ([`Population::score_whole_window_v4`]) counts the block's statuses per group in
//! 16-bit lane fields.

#![cfg(target_arch = "x86_64")]

use super::population::{Compacted, Persons, Population};
use super::rng::{Chance, GOLDEN, PersonMonth};
use super::{EXIT_TABLE_LEN, MAX_INITIAL_SENIORITY, Model, MonthStep, RareEvents};
use crate::Group;
use crate::measure::{MonthCells, MonthRule};
use std::arch::x86_64::*;

/// A per-group value for a permute lookup: entries 0–8 are the groups (the rest unused).
#[derive(Clone, Copy)]
struct ByGroup {
    low: __m512i,
    high: __m512i,
}

impl ByGroup {
    #[target_feature(enable = "avx512f")]
    fn new(value: impl Fn(usize) -> u64) -> ByGroup {
        let mut table = [0u64; 16];
        for (g, entry) in table.iter_mut().enumerate().take(Group::COUNT) {
            *entry = value(g);
        }
        let lane = |k: usize| table[k] as i64;
        ByGroup {
            low: _mm512_setr_epi64(
                lane(0),
                lane(1),
                lane(2),
                lane(3),
                lane(4),
                lane(5),
                lane(6),
                lane(7),
            ),
            high: _mm512_setr_epi64(
                lane(8),
                lane(9),
                lane(10),
                lane(11),
                lane(12),
                lane(13),
                lane(14),
                lane(15),
            ),
        }
    }

    #[target_feature(enable = "avx512f")]
    fn chances(chance: impl Fn(usize) -> Chance) -> ByGroup {
        ByGroup::new(|g| chance(g).threshold())
    }

    #[target_feature(enable = "avx512f")]
    fn floats(value: impl Fn(usize) -> f64) -> ByGroup {
        ByGroup::new(|g| value(g).to_bits())
    }

    /// Each lane's group's value (`group` holds group indices).
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn at(&self, group: __m512i) -> __m512i {
        _mm512_permutex2var_epi64(self.low, group, self.high)
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    fn at_f64(&self, group: __m512i) -> __m512d {
        _mm512_castsi512_pd(self.at(group))
    }
}

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

/// The mask of the first `len` (at most 8) lanes.
#[inline(always)]
fn lanes(len: usize) -> __mmask8 {
    ((1u32 << len.min(8)) - 1) as __mmask8
}

// Loads and stores of up to eight entries of a column slice: the lanes beyond the
// slice's length are neither read nor written (masked), so they are sound for any slice.

#[target_feature(enable = "avx512f")]
#[inline]
fn load_u64(column: &[u64]) -> __m512i {
    // SAFETY: masked to the slice's length.
    unsafe { _mm512_maskz_loadu_epi64(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f")]
#[inline]
fn store_u64(column: &mut [u64], mask: __mmask8, value: __m512i) {
    let mask = mask & lanes(column.len());
    // SAFETY: masked to the slice's length.
    unsafe { _mm512_mask_storeu_epi64(column.as_mut_ptr().cast(), mask, value) }
}

#[target_feature(enable = "avx512f")]
#[inline]
fn load_chances(column: &[Chance]) -> __m512i {
    // SAFETY: masked to the slice's length; a `Chance` is a transparent u64.
    unsafe { _mm512_maskz_loadu_epi64(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
fn load_u32(column: &[u32]) -> __m256i {
    // SAFETY: masked to the slice's length.
    unsafe { _mm256_maskz_loadu_epi32(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
fn store_u32(column: &mut [u32], mask: __mmask8, value: __m256i) {
    let mask = mask & lanes(column.len());
    // SAFETY: masked to the slice's length.
    unsafe { _mm256_mask_storeu_epi32(column.as_mut_ptr().cast(), mask, value) }
}

#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
fn load_f32(column: &[f32]) -> __m256 {
    // SAFETY: masked to the slice's length.
    unsafe { _mm256_maskz_loadu_ps(lanes(column.len()), column.as_ptr()) }
}

#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
fn load_u16(column: &[u16]) -> __m128i {
    // SAFETY: masked to the slice's length.
    unsafe { _mm_maskz_loadu_epi16(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
fn store_u16(column: &mut [u16], mask: __mmask8, value: __m128i) {
    let mask = mask & lanes(column.len());
    // SAFETY: masked to the slice's length.
    unsafe { _mm_mask_storeu_epi16(column.as_mut_ptr().cast(), mask, value) }
}

/// The groups of up to eight persons, one per 64-bit lane.
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
#[inline]
fn load_groups(column: &[Group]) -> __m512i {
    // SAFETY: masked to the slice's length; a `Group` is one byte (`repr(u8)`).
    let bytes = unsafe {
        _mm_maskz_loadu_epi8(__mmask16::from(lanes(column.len())), column.as_ptr().cast())
    };
    _mm512_cvtepu8_epi64(bytes)
}

/// The lanes whose flag is set.
#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
fn load_flags(column: &[bool]) -> __mmask8 {
    // SAFETY: masked to the slice's length; a bool is one byte, 0 or 1.
    let bytes = unsafe {
        _mm_maskz_loadu_epi8(__mmask16::from(lanes(column.len())), column.as_ptr().cast())
    };
    _mm_test_epi8_mask(bytes, bytes) as __mmask8
}

/// Set the flags of the lanes in `mask` to whether they are in `set`.
#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
fn store_flags(column: &mut [bool], mask: __mmask8, set: __mmask8) {
    let mask = mask & lanes(column.len());
    let bytes = _mm_maskz_set1_epi8(__mmask16::from(set), 1);
    // SAFETY: masked to the slice's length; the bytes are 0 or 1, valid bools.
    unsafe { _mm_mask_storeu_epi8(column.as_mut_ptr().cast(), __mmask16::from(mask), bytes) }
}

/// [`mix64`] lane by lane.
#[target_feature(enable = "avx512f,avx512dq")]
#[inline]
fn mix(z: __m512i) -> __m512i {
    let z = _mm512_mullo_epi64(
        _mm512_xor_si512(z, _mm512_srli_epi64::<30>(z)),
        _mm512_set1_epi64(0xbf58_476d_1ce4_e5b9_u64 as i64),
    );
    let z = _mm512_mullo_epi64(
        _mm512_xor_si512(z, _mm512_srli_epi64::<27>(z)),
        _mm512_set1_epi64(0x94d0_49bb_1331_11eb_u64 as i64),
    );
    _mm512_xor_si512(z, _mm512_srli_epi64::<31>(z))
}

/// Each lane's low 32-bit uniform.
#[target_feature(enable = "avx512f")]
#[inline]
fn low(word: __m512i) -> __m512i {
    _mm512_and_si512(word, _mm512_set1_epi64(0xffff_ffff))
}

/// Each lane's high 32-bit uniform.
#[target_feature(enable = "avx512f")]
#[inline]
fn high(word: __m512i) -> __m512i {
    _mm512_srli_epi64::<32>(word)
}

/// The lane numbers of a mask's set bits, in increasing order.
fn set_lanes(mask: __mmask8) -> impl Iterator<Item = usize> {
    let mut bits = u32::from(mask);
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let lane = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            lane
        })
    })
}

impl Model<'_> {
    /// [`Model::step_persons`] on AVX-512.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, DQ, BW and VL ([`super::CpuLevel::V4`]).
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
        let exit_table: *const i64 = self.exit.as_ptr().cast();
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
                        // SAFETY: every entry is group · EXIT_TABLE_LEN + at most
                        // MAX_INITIAL_SENIORITY, inside the exit table; masked to the block.
                        unsafe {
                            _mm512_mask_i32gather_epi64::<8>(
                                _mm512_setzero_si512(),
                                valid,
                                entry,
                                exit_table,
                            )
                        }
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
                    let mut spells = [0u32; 8];
                    let mut keys = [0u64; 8];
                    // SAFETY: eight lanes into eight-entry arrays.
                    unsafe {
                        _mm256_storeu_si256(spells.as_mut_ptr().cast(), spell);
                        _mm512_storeu_si512(keys.as_mut_ptr().cast(), key);
                    }
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
/// total + 0 − old, as [`super::population::History::set`] does.
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
#[inline]
fn record_no_hours(row: &mut [u16], totals: &mut [u32], mask: __mmask8) {
    let old = _mm256_cvtepu16_epi32(load_u16(row));
    store_u32(totals, mask, _mm256_sub_epi32(load_u32(totals), old));
    store_u16(row, mask, _mm_setzero_si128());
}

/// Append the lanes of `values` selected by `mask` to `list`, in lane order.
#[target_feature(enable = "avx512f,popcnt")]
#[inline]
fn collect_lanes(list: &mut Compacted, mask: __mmask8, values: __m512i) {
    let room = list.room_for_eight();
    // SAFETY: eight lanes into an eight-entry array.
    unsafe {
        _mm512_storeu_si512(
            room.as_mut_ptr().cast(),
            _mm512_maskz_compress_epi64(mask, values),
        )
    };
    list.keep(mask.count_ones() as usize);
}

/// Per-group counts of eight lanes: a 16-bit count per lane and group, groups 0–3 in the
/// first vector, 4–7 in the second, 8 in the third. A lane's count grows by at most one a
/// block, so the counts are emptied every [`GroupCounts::MAX_BLOCKS`] blocks.
struct GroupCounts {
    counts: [__m512i; 3],
}

impl GroupCounts {
    /// Blocks a 16-bit count holds.
    const MAX_BLOCKS: usize = u16::MAX as usize;

    #[target_feature(enable = "avx512f")]
    fn new() -> GroupCounts {
        GroupCounts {
            counts: [_mm512_setzero_si512(); 3],
        }
    }

    /// Count the lanes in `mask`, each in its group (`part`: which vector holds the
    /// lane's group, `one`: 1 shifted to the group's field).
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn add(&mut self, mask: __mmask8, part: [__mmask8; 3], one: __m512i) {
        for (count, part) in self.counts.iter_mut().zip(part) {
            *count = _mm512_mask_add_epi64(*count, mask & part, *count, one);
        }
    }

    /// Add the counts to `totals` (per group) and empty them.
    #[target_feature(enable = "avx512f")]
    fn drain(&mut self, totals: &mut [u64; Group::COUNT]) {
        for (k, count) in self.counts.iter_mut().enumerate() {
            let mut lanes = [0u64; 8];
            // SAFETY: eight lanes into an eight-entry array.
            unsafe { _mm512_storeu_si512(lanes.as_mut_ptr().cast(), *count) };
            for lane in lanes {
                for field in 0..4 {
                    if let Some(total) = totals.get_mut(4 * k + field) {
                        *total += (lane >> (16 * field)) & 0xffff;
                    }
                }
            }
            *count = _mm512_setzero_si512();
        }
    }
}

impl Population {
    /// [`Population::score`] on AVX-512, for a method whose window is the whole history
    /// (its totals): every person's status by the same month rule, counted per group.
    /// `window_mask` selects the window's months of the offer bits.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, DQ, BW and VL ([`super::CpuLevel::V4`]).
    #[target_feature(
        enable = "avx512f,avx512dq,avx512bw,avx512vl,avx2,fma,bmi1,bmi2,lzcnt,movbe,popcnt"
    )]
    pub(super) fn score_whole_window_v4(
        &self,
        rule: &MonthRule,
        window_mask: u64,
        cells: &mut MonthCells,
    ) {
        let persons = &self.persons;
        let (ordinary_total, frikort_total) = self.history.totals();
        let frikort_total = frikort_total.filter(|_| rule.count_frikort);
        let seniority = if rule.across_benefits {
            &persons.any
        } else {
            &persons.spell
        };
        let min = _mm256_set1_epi32(rule.min_seniority as i32);
        let max = _mm256_set1_epi32(rule.max_seniority as i32);
        let in_groups = _mm512_set1_epi64(i64::from(rule.groups));
        let window = _mm512_set1_epi64(window_mask as i64);
        let threshold = _mm512_set1_epi64(rule.threshold_centi as i64);
        let hundred = _mm512_set1_epi64(100);
        let one = _mm512_set1_epi64(1);
        let three = _mm512_set1_epi64(3);
        let mut population = GroupCounts::new();
        let mut fulfilled = GroupCounts::new();
        let mut totals = ([0u64; Group::COUNT], [0u64; Group::COUNT]);
        let n = persons.len();
        for start in (0..n).step_by(8) {
            let block = start..(start + 8).min(n);
            let groups = load_groups(&persons.group[block.clone()]);
            let years = load_u32(&seniority[block.clone()]);
            let mut in_population = lanes(block.len())
                & _mm256_cmpge_epu32_mask(years, min)
                & _mm256_cmple_epu32_mask(years, max)
                & _mm512_test_epi64_mask(_mm512_srlv_epi64(in_groups, groups), one);
            if rule.exclude_registered {
                in_population &= !load_flags(&persons.absence_registered[block.clone()]);
            }
            let mut hours = _mm512_cvtepu32_epi64(load_u32(&ordinary_total[block.clone()]));
            if let Some(frikort_total) = frikort_total {
                let frikort = _mm512_cvtepu32_epi64(load_u32(&frikort_total[block.clone()]));
                hours = _mm512_add_epi64(hours, frikort);
            }
            let active =
                _mm512_test_epi64_mask(load_u64(&persons.offer_bits[block.clone()]), window)
                    | _mm512_cmpge_epu64_mask(_mm512_mullo_epi64(hours, hundred), threshold);
            let part = _mm512_srli_epi64::<2>(groups);
            let part = [0, 1, 2].map(|k| _mm512_cmpeq_epi64_mask(part, _mm512_set1_epi64(k)));
            let field = _mm512_slli_epi64::<4>(_mm512_and_si512(groups, three));
            let one_in_field = _mm512_sllv_epi64(one, field);
            population.add(in_population, part, one_in_field);
            fulfilled.add(in_population & active, part, one_in_field);
            if (start / 8 + 1) % GroupCounts::MAX_BLOCKS == 0 {
                population.drain(&mut totals.0);
                fulfilled.drain(&mut totals.1);
            }
        }
        population.drain(&mut totals.0);
        fulfilled.drain(&mut totals.1);
        for (cell, (population, fulfilled)) in
            cells.groups.iter_mut().zip(totals.0.iter().zip(&totals.1))
        {
            cell.population += population;
            cell.fulfilled += fulfilled;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_avx512() -> bool {
        crate::sim::CpuLevel::detect() == crate::sim::CpuLevel::V4
    }

    #[test]
    fn lane_masks_cover_the_slice_and_no_more() {
        let expected = [0u8, 1, 3, 7, 15, 31, 63, 127, 255, 255, 255];
        for (len, &mask) in expected.iter().enumerate() {
            assert_eq!(lanes(len), mask, "{len}");
        }
    }

    /// Loads read nothing beyond a short slice (zeros there), and stores write nothing
    /// beyond it, whatever the mask asks for.
    #[test]
    fn loads_and_stores_stay_inside_short_slices() {
        if !has_avx512() {
            return;
        }
        for len in 0..=8usize {
            let mut backing = [7u64; 12];
            let column = &mut backing[..len];
            // SAFETY: the CPU has AVX-512 (checked above).
            let loaded = unsafe { load_lanes(column) };
            let expected: [u64; 8] = std::array::from_fn(|k| if k < len { 7 } else { 0 });
            assert_eq!(loaded, expected, "load of {len}");
            // SAFETY: as above.
            unsafe { store_lanes(column, 0xff, [9; 8]) };
            let written = backing.iter().filter(|&&v| v == 9).count();
            assert_eq!(written, len, "store into {len}");
            assert!(backing[len..].iter().all(|&v| v == 7));
        }
    }

    /// Counts that would overflow 16 bits are emptied in time: 70,000 blocks of eight
    /// lanes, every lane counted in group 8 and lanes 0–3 also in groups 0–3.
    #[test]
    fn group_counts_hold_more_blocks_than_sixteen_bits() {
        if !has_avx512() {
            return;
        }
        // SAFETY: the CPU has AVX-512 (checked above).
        let totals = unsafe { count_blocks(70_000) };
        let mut expected = [0u64; Group::COUNT];
        expected[..4].fill(70_000 * 2);
        expected[8] = 70_000 * 8;
        assert_eq!(totals, expected);
    }

    #[target_feature(enable = "avx512f")]
    fn count_blocks(blocks: usize) -> [u64; Group::COUNT] {
        let mut counts = GroupCounts::new();
        let mut totals = [0u64; Group::COUNT];
        let groups = _mm512_setr_epi64(0, 1, 2, 3, 0, 1, 2, 3);
        let one = _mm512_sllv_epi64(_mm512_set1_epi64(1), _mm512_slli_epi64::<4>(groups));
        let one_in_eight = _mm512_set1_epi64(1);
        for block in 0..blocks {
            counts.add(0xff, [0xff, 0, 0], one);
            counts.add(0xff, [0, 0, 0xff], one_in_eight);
            if (block + 1) % GroupCounts::MAX_BLOCKS == 0 {
                counts.drain(&mut totals);
            }
        }
        counts.drain(&mut totals);
        totals
    }

    #[target_feature(enable = "avx512f")]
    fn load_lanes(column: &[u64]) -> [u64; 8] {
        let mut out = [0u64; 8];
        // SAFETY: eight lanes into an eight-entry array.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), load_u64(column)) };
        out
    }

    #[target_feature(enable = "avx512f")]
    fn store_lanes(column: &mut [u64], mask: __mmask8, values: [u64; 8]) {
        // SAFETY: eight lanes from an eight-entry array.
        let v = unsafe { _mm512_loadu_si512(values.as_ptr().cast()) };
        store_u64(column, mask, v);
    }
}
