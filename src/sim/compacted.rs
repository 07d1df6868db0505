//! A list of person positions that grows by up to eight at a time.

/// A list of person positions (leavers, those with hours) that the AVX-512 pass grows by
/// the selected lanes of a block at a time: it stores all eight lanes, packed to the
/// front, and keeps as many as were selected — no branch per value.
#[derive(Clone, Debug, Default)]
pub(super) struct Compacted {
    values: Vec<u64>,
    len: usize,
}

impl Compacted {
    pub fn clear(&mut self) {
        self.len = 0;
    }

    pub fn push(&mut self, value: u64) {
        *self.room_for_eight().first_mut().expect("eight entries") = value;
        self.len += 1;
    }

    /// The eight entries after the list's end, to be written and then kept in part with
    /// [`Compacted::keep`].
    #[inline]
    pub fn room_for_eight(&mut self) -> &mut [u64; 8] {
        let end = self.len + 8;
        if self.values.len() < end {
            self.grow();
        }
        (&mut self.values[self.len..end])
            .try_into()
            .expect("eight entries")
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let end = self.len + 8;
        self.values.resize(end.max(2 * self.values.len()), 0);
    }

    /// Keep `n` (at most 8) of the entries written into [`Compacted::room_for_eight`].
    #[inline]
    pub fn keep(&mut self, n: usize) {
        debug_assert!(n <= 8 && self.len + n <= self.values.len());
        self.len += n;
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.values[..self.len]
    }
}
