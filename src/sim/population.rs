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
    words.iter().enumerate().flat_map(|(w, &word)| {
        std::iter::successors(Some(word).filter(|&b| b != 0), |&b| {
            Some(b & (b - 1)).filter(|&b| b != 0)
        })
        .map(move |b| 64 * w + b.trailing_zeros() as usize)
    })
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
}
