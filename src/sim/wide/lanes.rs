//! The AVX-512 lane primitives of the month pass and the scoring: masked loads and
//! stores of up to eight entries of a column, per-group lookups by permute, the
//! lane-wise mix of the random streams, per-group lane counts, and moving lanes into
//! arrays and lists.
//!
//! Every `unsafe` intrinsic of the simulator is here, each in a safe function that is
//! sound for any argument (its SAFETY comment says why): loads and stores are masked to
//! the slice's length, and the gather to the table's. The functions still need the CPU
//! features they name (`#[target_feature]`), which the callers in `wide` have.

use crate::Group;
use crate::sim::compacted::Compacted;
use crate::sim::rng::Chance;
use std::arch::x86_64::*;

/// A per-group value for a permute lookup: entries 0–8 are the groups (the rest unused).
#[derive(Clone, Copy)]
pub(super) struct ByGroup {
    low: __m512i,
    high: __m512i,
}

impl ByGroup {
    #[target_feature(enable = "avx512f")]
    pub(super) fn new(value: impl Fn(usize) -> u64) -> ByGroup {
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
    pub(super) fn chances(chance: impl Fn(usize) -> Chance) -> ByGroup {
        ByGroup::new(|g| chance(g).threshold())
    }

    #[target_feature(enable = "avx512f")]
    pub(super) fn floats(value: impl Fn(usize) -> f64) -> ByGroup {
        ByGroup::new(|g| value(g).to_bits())
    }

    /// Each lane's group's value (`group` holds group indices).
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) fn at(&self, group: __m512i) -> __m512i {
        _mm512_permutex2var_epi64(self.low, group, self.high)
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) fn at_f64(&self, group: __m512i) -> __m512d {
        _mm512_castsi512_pd(self.at(group))
    }
}

/// The mask of the first `len` (at most 8) lanes.
#[inline(always)]
pub(super) fn lanes(len: usize) -> __mmask8 {
    ((1u32 << len.min(8)) - 1) as __mmask8
}

// Loads and stores of up to eight entries of a column slice: the lanes beyond the
// slice's length are neither read nor written (masked), so they are sound for any slice.

#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn load_u64(column: &[u64]) -> __m512i {
    // SAFETY: masked to the slice's length.
    unsafe { _mm512_maskz_loadu_epi64(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn store_u64(column: &mut [u64], mask: __mmask8, value: __m512i) {
    let mask = mask & lanes(column.len());
    // SAFETY: masked to the slice's length.
    unsafe { _mm512_mask_storeu_epi64(column.as_mut_ptr().cast(), mask, value) }
}

#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn load_chances(column: &[Chance]) -> __m512i {
    // SAFETY: masked to the slice's length; a `Chance` is a transparent u64.
    unsafe { _mm512_maskz_loadu_epi64(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
pub(super) fn load_u32(column: &[u32]) -> __m256i {
    // SAFETY: masked to the slice's length.
    unsafe { _mm256_maskz_loadu_epi32(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
pub(super) fn store_u32(column: &mut [u32], mask: __mmask8, value: __m256i) {
    let mask = mask & lanes(column.len());
    // SAFETY: masked to the slice's length.
    unsafe { _mm256_mask_storeu_epi32(column.as_mut_ptr().cast(), mask, value) }
}

#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
pub(super) fn load_f32(column: &[f32]) -> __m256 {
    // SAFETY: masked to the slice's length.
    unsafe { _mm256_maskz_loadu_ps(lanes(column.len()), column.as_ptr()) }
}

#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
pub(super) fn load_u16(column: &[u16]) -> __m128i {
    // SAFETY: masked to the slice's length.
    unsafe { _mm_maskz_loadu_epi16(lanes(column.len()), column.as_ptr().cast()) }
}

#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
pub(super) fn store_u16(column: &mut [u16], mask: __mmask8, value: __m128i) {
    let mask = mask & lanes(column.len());
    // SAFETY: masked to the slice's length.
    unsafe { _mm_mask_storeu_epi16(column.as_mut_ptr().cast(), mask, value) }
}

/// The groups of up to eight persons, one per 64-bit lane.
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
#[inline]
pub(super) fn load_groups(column: &[Group]) -> __m512i {
    // SAFETY: masked to the slice's length; a `Group` is one byte (`repr(u8)`).
    let bytes = unsafe {
        _mm_maskz_loadu_epi8(__mmask16::from(lanes(column.len())), column.as_ptr().cast())
    };
    _mm512_cvtepu8_epi64(bytes)
}

/// The lanes whose flag is set.
#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
pub(super) fn load_flags(column: &[bool]) -> __mmask8 {
    // SAFETY: masked to the slice's length; a bool is one byte, 0 or 1.
    let bytes = unsafe {
        _mm_maskz_loadu_epi8(__mmask16::from(lanes(column.len())), column.as_ptr().cast())
    };
    _mm_test_epi8_mask(bytes, bytes) as __mmask8
}

/// Set the flags of the lanes in `mask` to whether they are in `set`.
#[target_feature(enable = "avx512bw,avx512vl")]
#[inline]
pub(super) fn store_flags(column: &mut [bool], mask: __mmask8, set: __mmask8) {
    let mask = mask & lanes(column.len());
    let bytes = _mm_maskz_set1_epi8(__mmask16::from(set), 1);
    // SAFETY: masked to the slice's length; the bytes are 0 or 1, valid bools.
    unsafe { _mm_mask_storeu_epi8(column.as_mut_ptr().cast(), __mmask16::from(mask), bytes) }
}

/// [`crate::sim::rng::mix64`] lane by lane.
#[target_feature(enable = "avx512f,avx512dq")]
#[inline]
pub(super) fn mix(z: __m512i) -> __m512i {
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
pub(super) fn low(word: __m512i) -> __m512i {
    _mm512_and_si512(word, _mm512_set1_epi64(0xffff_ffff))
}

/// Each lane's high 32-bit uniform.
#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn high(word: __m512i) -> __m512i {
    _mm512_srli_epi64::<32>(word)
}

/// The lane numbers of a mask's set bits, in increasing order.
pub(super) fn set_lanes(mask: __mmask8) -> impl Iterator<Item = usize> {
    let mut bits = u32::from(mask);
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let lane = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            lane
        })
    })
}

/// Append the lanes of `values` selected by `mask` to `list`, in lane order.
#[target_feature(enable = "avx512f,popcnt")]
#[inline]
pub(super) fn collect_lanes(list: &mut Compacted, mask: __mmask8, values: __m512i) {
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

/// The eight 64-bit lanes of `v`.
#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn to_u64s(v: __m512i) -> [u64; 8] {
    let mut lanes = [0u64; 8];
    // SAFETY: eight lanes into an eight-entry array.
    unsafe { _mm512_storeu_si512(lanes.as_mut_ptr().cast(), v) };
    lanes
}

/// The eight 32-bit lanes of `v`.
#[target_feature(enable = "avx")]
#[inline]
pub(super) fn to_u32s(v: __m256i) -> [u32; 8] {
    let mut lanes = [0u32; 8];
    // SAFETY: eight lanes into an eight-entry array.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
    lanes
}

/// Entry `index` of `table` in each lane of `mask`, as thresholds ([`Chance::threshold`]);
/// 0 in the other lanes and in those whose index lies outside the table.
#[target_feature(enable = "avx512f,avx512vl")]
#[inline]
pub(super) fn gather_chances(table: &[Chance], index: __m256i, mask: __mmask8) -> __m512i {
    let len = table.len().min(i32::MAX as usize) as i32;
    let inside = mask & _mm256_cmplt_epu32_mask(index, _mm256_set1_epi32(len));
    // SAFETY: only lanes whose index lies inside the table are read (the indices are
    // below 2^31, so the gather's signed offsets are those indices); a `Chance` is a
    // transparent u64.
    unsafe {
        _mm512_mask_i32gather_epi64::<8>(
            _mm512_setzero_si512(),
            inside,
            index,
            table.as_ptr().cast(),
        )
    }
}

/// Per-group counts of eight lanes: a 16-bit count per lane and group, groups 0–3 in the
/// first vector, 4–7 in the second, 8 in the third. A lane's count grows by at most one a
/// block, so the counts are emptied every [`GroupCounts::MAX_BLOCKS`] blocks.
pub(super) struct GroupCounts {
    counts: [__m512i; 3],
}

impl GroupCounts {
    /// Blocks a 16-bit count holds.
    pub(super) const MAX_BLOCKS: usize = u16::MAX as usize;

    #[target_feature(enable = "avx512f")]
    pub(super) fn new() -> GroupCounts {
        GroupCounts {
            counts: [_mm512_setzero_si512(); 3],
        }
    }

    /// Count the lanes in `mask`, each in its group (`part`: which vector holds the
    /// lane's group, `one`: 1 shifted to the group's field).
    #[target_feature(enable = "avx512f")]
    #[inline]
    pub(super) fn add(&mut self, mask: __mmask8, part: [__mmask8; 3], one: __m512i) {
        for (count, part) in self.counts.iter_mut().zip(part) {
            *count = _mm512_mask_add_epi64(*count, mask & part, *count, one);
        }
    }

    /// Add the counts to `totals` (per group) and empty them.
    #[target_feature(enable = "avx512f")]
    pub(super) fn drain(&mut self, totals: &mut [u64; Group::COUNT]) {
        for (k, count) in self.counts.iter_mut().enumerate() {
            for lane in to_u64s(*count) {
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
        to_u64s(load_u64(column))
    }

    #[target_feature(enable = "avx512f")]
    fn store_lanes(column: &mut [u64], mask: __mmask8, values: [u64; 8]) {
        store_u64(column, mask, load_u64(&values));
    }
}
