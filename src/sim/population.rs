//! The persons on benefits in one replication with their hours history, and how
//! persons leave it.

use super::history::History;
use super::persons::Persons;

/// The persons on benefits in one replication, with their history.
#[derive(Clone, Debug, Default)]
pub(super) struct Population {
    pub persons: Persons,
    pub history: History,
}

impl Population {
    /// Nobody, with `history_months` months of history per person; the buffers keep
    /// their capacity.
    pub fn reset(&mut self, history_months: usize, keep_frikort: bool) {
        self.persons.clear();
        self.history.reset(history_months, keep_frikort);
    }

    pub fn len(&self) -> usize {
        self.persons.len()
    }

    /// The memory its columns and history hold, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.persons.heap_bytes() + self.history.heap_bytes()
    }

    /// Remove the persons at `positions` (increasing): from the last to the first, each
    /// by moving the last person into its place (`Vec::swap_remove`), done column by
    /// column. The order of persons never matters to a result: every draw is keyed by
    /// the person, not by the position.
    pub fn remove(&mut self, positions: &[u64]) {
        self.persons.remove(positions);
        self.history.remove(positions);
    }
}

/// `Vec::swap_remove` of every position in `positions` (increasing), from the last.
pub(super) fn swap_remove_all<T>(column: &mut Vec<T>, positions: &[u64]) {
    for &i in positions.iter().rev() {
        column.swap_remove(i as usize);
    }
}

/// The positions of the set bits of `words` (bit j of word w: position 64w + j), in
/// increasing order.
pub(super) fn set_bits(words: &[u64]) -> impl Iterator<Item = usize> + '_ {
    words
        .iter()
        .enumerate()
        .flat_map(|(w, &word)| bit_positions(word).map(move |j| 64 * w + j))
}

/// The positions of the set bits of `word`, in increasing order.
#[inline(always)]
pub(super) fn bit_positions(mut word: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let j = word.trailing_zeros() as usize;
        word &= word.wrapping_sub(1);
        (j < 64).then_some(j)
    })
}

/// `flags` (at most 64) as bits: bit k set where `flags[k]` is. Eight flags at a time: a
/// `bool` is the byte 0 or 1, and one multiply gathers eight such bytes' low bits into
/// the top byte (each lands on its own bit, with no carries), where a loop of shifts
/// would take three instructions a flag.
#[inline(always)]
pub(super) fn pack_flags(flags: &[bool]) -> u64 {
    const GATHER: u64 = 0x0102_0408_1020_4080;
    debug_assert!(flags.len() <= 64);
    let mut chunks = flags.chunks_exact(8);
    let mut bits = 0;
    for (k, chunk) in (&mut chunks).enumerate() {
        let bytes = u64::from_le_bytes(std::array::from_fn(|b| u8::from(chunk[b])));
        bits |= (bytes.wrapping_mul(GATHER) >> 56) << (8 * k);
    }
    let done = flags.len() - chunks.remainder().len();
    for (j, &flag) in chunks.remainder().iter().enumerate() {
        bits |= u64::from(flag) << (done + j);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::super::rng::Chance;
    use super::*;
    use crate::Group;

    /// Removing persons leaves every column and history row as `Vec::swap_remove` of
    /// each position from the last would; removing nobody from nobody is fine.
    #[test]
    fn removal_is_swap_remove_from_the_last() {
        let mut empty = Population::default();
        empty.reset(12, true);
        empty.remove(&[]);
        assert_eq!(empty.len(), 0);

        let n = 40u32;
        let mut pop = Population::default();
        pop.reset(3, true);
        let spells: Vec<u32> = (1..=n).collect();
        let streams: Vec<u64> = (0..u64::from(n)).collect();
        let zeros = vec![0f32; n as usize];
        let chances = vec![Chance::NEVER; n as usize];
        pop.persons.extend_arrivals(
            Group::Kontanthjaelp,
            &streams,
            &spells,
            &zeros,
            &zeros,
            &chances,
        );
        pop.history.resize(n as usize);
        for i in 0..n as usize {
            for slot in 0..3 {
                pop.history
                    .set(i, slot, (10 * i + slot) as u16, (100 + i) as u16);
            }
        }
        let positions = [0u64, 5, 6, 20, 38, 39];
        let mut expected: Vec<u64> = streams.clone();
        swap_remove_all(&mut expected, &positions);
        pop.remove(&positions);
        assert_eq!(pop.persons.stream, expected);
        assert_eq!(pop.len(), expected.len());
        for (i, &was) in expected.iter().enumerate() {
            let was = was as usize;
            assert_eq!(pop.persons.spell[i] as usize, was + 1);
            for slot in 0..3 {
                let hours = ((10 * was + slot) as u16, (100 + was) as u16);
                assert_eq!(pop.history.get(i, slot), hours, "person {i}, slot {slot}");
            }
            let sum: usize = (0..3).map(|slot| 10 * was + slot).sum();
            assert_eq!(
                pop.history.window(i, 2, 3),
                (sum as u32, 3 * (100 + was) as u32)
            );
        }
    }

    #[test]
    fn set_bits_are_the_positions_in_order() {
        let words = [0b1011, 0, 1 << 63 | 1, u64::MAX];
        let positions: Vec<usize> = set_bits(&words).collect();
        let expected: Vec<usize> = [0, 1, 3, 128, 191].into_iter().chain(192..256).collect();
        assert_eq!(positions, expected);
        assert_eq!(set_bits(&[]).count(), 0);
    }

    /// Packing flags gives bit k for flag k, for every length up to 64 and patterns
    /// dense, sparse and alternating.
    #[test]
    fn packed_flags_are_the_flags_bits() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..=64 {
            for density in [0u64, 1, 2, 4, 8] {
                state = super::super::rng::mix64(state);
                let flags: Vec<bool> = (0..len)
                    .map(|k| match density {
                        0 => k % 2 == 1,
                        d => super::super::rng::mix64(state ^ k as u64) % 8 < d,
                    })
                    .collect();
                let expected = flags
                    .iter()
                    .enumerate()
                    .fold(0u64, |m, (k, &f)| m | u64::from(f) << k);
                assert_eq!(pack_flags(&flags), expected, "{flags:?}");
            }
        }
        assert_eq!(pack_flags(&[true; 64]), u64::MAX);
    }
}
