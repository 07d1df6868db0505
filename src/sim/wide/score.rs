//! Scoring on AVX-512 (what [`Population::score`] does for a method whose window is the
//! whole history, eight persons at a time); see the module docs of `wide`.

use super::lanes::*;
use crate::Group;
use crate::measure::{MonthCells, MonthRule};
use crate::sim::population::Population;
use std::arch::x86_64::*;

impl Population {
    /// [`Population::score`] on AVX-512, for a method whose window is the whole history
    /// (its totals): every person's status by the same month rule, counted per group.
    /// `window_mask` selects the window's months of the offer bits.
    ///
    /// # Safety
    /// The CPU must have AVX-512 F, DQ, BW and VL ([`crate::sim::CpuLevel::V4`]): the
    /// entry point in `wide` takes the proof.
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
