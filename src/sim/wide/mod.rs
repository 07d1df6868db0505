//! The month pass written once for every vector level: a block of [`BLOCK`] persons at a
//! time, each step a loop over the block's lanes that the compiler turns into vector
//! instructions of the level it is compiled for ([`super::CpuLevel::run`]): four 64-bit
//! lanes at x86-64-v3 (AVX2), eight at v4 (AVX-512), two on aarch64 (NEON). The lane
//! width is the compiler's choice per level, not a second copy of the code, and there is
//! no `unsafe` here: full blocks are whole slices of the columns (one bounds check a
//! column a block), the persons after the last full block go through the scalar code.
//!
//! The pass (`step`) does exactly what [`super::Model::step_persons`]'s scalar body does
//! for one person — the same draws, the same integer compares, the same floating-point
//! operations in the same order (Rust never fuses a multiply and an add) — so it gives
//! the same bits; a test holds every level to them. The common events are decided for the
//! whole block at once, as lane masks instead of branches: exit, absence, its
//! registration, offer, hours, frikort and conversation. Only the rare ones are handled
//! one by one, through the scalar code's own helpers: moves right away, the hours amounts
//! after the pass (their positions collected from the masks' set bits, as are the
//! leavers').

mod step;

use super::population::{bit_positions, pack_flags};

/// Persons a block: a multiple of every level's lane count (2, 4, 8), and large enough
/// that the compiler keeps each loop over a block a loop and vectorises it (a 32-person
/// block's loops were unrolled whole, and then mostly left scalar).
pub(super) const BLOCK: usize = 128;

/// `f` of the lane number of each true lane of `mask`, in increasing order: the block's
/// rare events, visited by the set bits of 64-lane words.
#[inline(always)]
fn each_set_lane(mask: &[bool; BLOCK], mut f: impl FnMut(usize)) {
    for (c, chunk) in mask.chunks_exact(64).enumerate() {
        bit_positions(pack_flags(chunk)).for_each(|j| f(64 * c + j));
    }
}

/// The block `start..start + BLOCK` of a column, as an array.
#[inline(always)]
fn block<T>(column: &[T], start: usize) -> &[T; BLOCK] {
    column[start..start + BLOCK]
        .try_into()
        .expect("a full block")
}

#[inline(always)]
fn block_mut<T>(column: &mut [T], start: usize) -> &mut [T; BLOCK] {
    (&mut column[start..start + BLOCK])
        .try_into()
        .expect("a full block")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_lanes_are_the_true_lanes_in_order() {
        let lanes = [0, 3, 31, 32, 63, 64, 100, BLOCK - 1];
        let mut mask = [false; BLOCK];
        for k in lanes {
            mask[k] = true;
        }
        let mut seen = Vec::new();
        each_set_lane(&mask, |k| seen.push(k));
        assert_eq!(seen, lanes);
        each_set_lane(&[false; BLOCK], |k| panic!("lane {k} is not set"));
    }
}
