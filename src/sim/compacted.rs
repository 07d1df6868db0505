//! A list of person positions, reused from month to month.

/// A list of person positions (leavers, those with hours), in increasing order: the
/// month pass appends the set lanes of a block's masks. Cleared, not freed, between
/// months, so a run allocates it once.
#[derive(Clone, Debug, Default)]
pub(super) struct Compacted {
    values: Vec<u64>,
}

impl Compacted {
    pub fn clear(&mut self) {
        self.values.clear();
    }

    #[inline]
    pub fn push(&mut self, value: u64) {
        self.values.push(value);
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.values
    }
}
