//! The month pass and the scoring on AVX-512: eight persons at a time, one 64-bit lane
//! each.
//!
//! The pass (`step`) does exactly what [`Model::step_persons`] does for one person — the
//! same draws, the same integer compares, the same floating-point operations in the same
//! order (no fused multiply-adds) — so it gives the same bits; a test holds it to them.
//! The common events are decided for the whole block at once, as compare masks instead
//! of branches: exit, absence, its registration, offer, hours, frikort and conversation.
//! Only the rare ones are handled one by one, through the scalar code's own helpers:
//! moves right away, the hours amounts after the pass (their positions are collected
//! with a compress, as are the leavers').
//!
//! Per-group values are looked up with a two-register permute (`lanes::ByGroup`); the
//! exit chance by group and seniority from the exit table's runs ([`Model::exit_runs`])
//! with permutes, or with a gather from the table when a group has more than
//! `step::MAX_EXIT_RUNS` runs. Scoring a method whose window is the whole history
//! (`score`) counts the block's statuses per group in 16-bit lane fields.
//!
//! Every `unsafe` intrinsic (the loads, stores, compress and gather that touch memory)
//! is wrapped in `lanes`, each wrapper sound for any argument; the pass and the scoring
//! only call safe functions. The two entry points below are the only way in: they take
//! the [`Avx512`] proof that the CPU has what the code is compiled for.

#[allow(unsafe_code)]
mod lanes;
mod score;
mod step;

use super::Model;
use super::compacted::Compacted;
use super::cpu::Avx512;
use super::population::Population;
use super::step::{MonthStep, RareEvents};
use crate::measure::{MonthCells, MonthRule};

impl Model<'_> {
    /// [`Model::step_persons`] on AVX-512.
    #[allow(clippy::too_many_arguments)] // `step_persons`'s arguments and the proof
    #[allow(unsafe_code)]
    pub(super) fn step_persons_wide(
        &self,
        _: Avx512,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        leavers: Option<&mut Compacted>,
        rare: &mut RareEvents,
    ) {
        // SAFETY: an `Avx512` exists only where the CPU has every feature the pass is
        // compiled for.
        unsafe { self.step_persons_v4(pop, first, step, wanted, leavers, rare) }
    }
}

impl Population {
    /// [`Population::score`] on AVX-512, for a method whose window is the whole history.
    #[allow(unsafe_code)]
    pub(super) fn score_whole_window_wide(
        &self,
        _: Avx512,
        rule: &MonthRule,
        window_mask: u64,
        cells: &mut MonthCells,
    ) {
        // SAFETY: as in `step_persons_wide`.
        unsafe { self.score_whole_window_v4(rule, window_mask, cells) }
    }
}
