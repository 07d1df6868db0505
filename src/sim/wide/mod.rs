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

/// Persons a block: a multiple of every level's lane count (2, 4, 8), large enough for
/// the loop over it to run in whole vectors, small enough for its masks to be one `u32`.
pub(super) const BLOCK: usize = 32;

/// The bits of `mask`'s true lanes (lane k is bit k): the block's rare events, visited
/// by their set bits.
#[inline(always)]
fn bits(mask: &[bool; BLOCK]) -> u32 {
    let mut bits = 0;
    for (k, &set) in mask.iter().enumerate() {
        bits |= u32::from(set) << k;
    }
    bits
}

/// The lane numbers of the set bits of `bits`, in increasing order.
#[inline(always)]
fn set_lanes(mut bits: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let lane = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            lane
        })
    })
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
        let mut mask = [false; BLOCK];
        for k in [0, 3, 4, 17, 31] {
            mask[k] = true;
        }
        assert_eq!(bits(&mask), 1 | 1 << 3 | 1 << 4 | 1 << 17 | 1 << 31);
        assert_eq!(
            set_lanes(bits(&mask)).collect::<Vec<_>>(),
            vec![0, 3, 4, 17, 31]
        );
        assert_eq!(set_lanes(0).count(), 0);
    }
}
