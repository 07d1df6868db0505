//! Every person's hours of the last months, as rows the month pass writes, with the
//! running totals over the whole history that most windows are.

use super::population::swap_remove_all;

/// Whole ordinary and frikort hours of every person's last `months` months, month-major:
/// the month with index mi is row `mi mod months`, and person i is entry i of every row,
/// so the month pass reads and writes one contiguous row. `months` is the longest window
/// among the scored methods (12 for STAR's). Frikort hours are kept only when something
/// reads them (a method that counts them, or `synth`); otherwise they read as 0, which
/// no method then sees.
#[derive(Clone, Debug, Default)]
pub(super) struct History {
    months: usize,
    keep_frikort: bool,
    /// Entries per row: room for at least `persons`.
    stride: usize,
    persons: usize,
    ordinary: Vec<u16>,
    frikort: Vec<u16>,
    /// Per person, the sums over all `months` rows, kept up to date by every write: the
    /// window of every method whose window is the history's length (the usual case).
    ordinary_total: Vec<u32>,
    frikort_total: Vec<u32>,
}

/// One month's row of the history, for the month pass.
pub(super) struct HistoryRow<'a> {
    pub ordinary: &'a mut [u16],
    pub ordinary_total: &'a mut [u32],
    /// Present when the history keeps frikort hours.
    pub frikort: Option<(&'a mut [u16], &'a mut [u32])>,
}

impl History {
    /// Nobody, with `months` months per person; the buffers keep their capacity.
    pub fn reset(&mut self, months: usize, keep_frikort: bool) {
        if (months, keep_frikort) != (self.months, self.keep_frikort) {
            self.stride = 0;
            self.ordinary.clear();
            self.frikort.clear();
        }
        self.months = months;
        self.keep_frikort = keep_frikort;
        self.persons = 0;
        self.ordinary_total.clear();
        self.frikort_total.clear();
    }

    /// The memory of its rows and totals, in bytes.
    pub fn heap_bytes(&self) -> usize {
        size_of_val(self.ordinary.as_slice())
            + size_of_val(self.frikort.as_slice())
            + size_of_val(self.ordinary_total.as_slice())
            + size_of_val(self.frikort_total.as_slice())
    }

    /// Months kept per person.
    pub fn months(&self) -> usize {
        self.months
    }

    /// The row of month index `month_index`.
    #[inline]
    pub fn slot(&self, month_index: u32) -> usize {
        month_index as usize % self.months
    }

    /// Room for `persons`; newcomers get an empty history.
    pub fn resize(&mut self, persons: usize) {
        let rows = if self.keep_frikort { 2 } else { 1 };
        if persons > self.stride {
            // Grow with room to spare: the caseload moves a little from month to month.
            let stride = (persons + persons / 4).next_multiple_of(64);
            let relayout = |hours: &mut Vec<u16>, old_stride: usize, kept: usize| {
                let mut wider = vec![0; self.months * stride];
                for row in 0..self.months {
                    wider[row * stride..row * stride + kept]
                        .copy_from_slice(&hours[row * old_stride..row * old_stride + kept]);
                }
                *hours = wider;
            };
            relayout(&mut self.ordinary, self.stride, self.persons);
            if rows == 2 {
                relayout(&mut self.frikort, self.stride, self.persons);
            }
            self.stride = stride;
        } else if persons > self.persons {
            let (from, to, stride) = (self.persons, persons, self.stride);
            let clear = |hours: &mut Vec<u16>| {
                for row in hours.chunks_exact_mut(stride) {
                    row[from..to].fill(0);
                }
            };
            clear(&mut self.ordinary);
            if rows == 2 {
                clear(&mut self.frikort);
            }
        }
        self.persons = persons;
        self.ordinary_total.resize(persons, 0);
        if self.keep_frikort {
            self.frikort_total.resize(persons, 0);
        }
    }

    /// [`super::population::Population::remove`] on the history, row by row.
    pub fn remove(&mut self, positions: &[u64]) {
        if positions.is_empty() {
            return; // (an empty history may have no rows yet)
        }
        let (persons, stride) = (self.persons, self.stride);
        let remove_in_rows = |hours: &mut Vec<u16>| {
            for row in hours.chunks_exact_mut(stride) {
                let row = &mut row[..persons];
                for (last, &i) in (0..persons).rev().zip(positions.iter().rev()) {
                    row[i as usize] = row[last];
                }
            }
        };
        remove_in_rows(&mut self.ordinary);
        swap_remove_all(&mut self.ordinary_total, positions);
        if self.keep_frikort {
            remove_in_rows(&mut self.frikort);
            swap_remove_all(&mut self.frikort_total, positions);
        }
        self.persons -= positions.len();
    }

    /// The row `slot`, for everybody.
    #[inline]
    pub fn row(&mut self, slot: usize) -> HistoryRow<'_> {
        let range = slot * self.stride..slot * self.stride + self.persons;
        HistoryRow {
            ordinary: &mut self.ordinary[range.clone()],
            ordinary_total: &mut self.ordinary_total,
            frikort: self
                .keep_frikort
                .then(|| (&mut self.frikort[range], &mut self.frikort_total[..])),
        }
    }

    #[inline]
    pub fn set(&mut self, i: usize, slot: usize, ordinary: u16, frikort: u16) {
        self.set_ordinary(i, slot, ordinary);
        self.set_frikort(i, slot, frikort);
    }

    /// Every person's (ordinary, frikort) hours over the whole history; no frikort
    /// totals when the history does not keep them.
    pub fn totals(&self) -> (&[u32], Option<&[u32]>) {
        (
            &self.ordinary_total,
            self.keep_frikort.then_some(&self.frikort_total[..]),
        )
    }

    /// Person i's ordinary hours in `slot`.
    #[inline]
    pub fn set_ordinary(&mut self, i: usize, slot: usize, hours: u16) {
        let k = slot * self.stride + i;
        let old = std::mem::replace(&mut self.ordinary[k], hours);
        self.ordinary_total[i] = self.ordinary_total[i] + u32::from(hours) - u32::from(old);
    }

    /// Person i's frikort hours in `slot`, where the history keeps them.
    #[inline]
    pub fn set_frikort(&mut self, i: usize, slot: usize, hours: u16) {
        if self.keep_frikort {
            let k = slot * self.stride + i;
            let old = std::mem::replace(&mut self.frikort[k], hours);
            self.frikort_total[i] = self.frikort_total[i] + u32::from(hours) - u32::from(old);
        }
    }

    /// Person i's (ordinary, frikort) hours in `slot`.
    pub fn get(&self, i: usize, slot: usize) -> (u16, u16) {
        let k = slot * self.stride + i;
        let frikort = if self.keep_frikort {
            self.frikort[k]
        } else {
            0
        };
        (self.ordinary[k], frikort)
    }

    /// Person i's (ordinary, frikort) hours over the `len` months ending with `end_slot`.
    #[inline]
    pub fn window(&self, i: usize, end_slot: usize, len: usize) -> (u32, u32) {
        if len == self.months {
            let frikort = if self.keep_frikort {
                self.frikort_total[i]
            } else {
                0
            };
            return (self.ordinary_total[i], frikort);
        }
        let sum = |hours: &[u16]| -> u32 {
            (0..len)
                .map(|back| {
                    let slot = (end_slot + self.months - back) % self.months;
                    u32::from(hours[slot * self.stride + i])
                })
                .sum()
        };
        let frikort = if self.keep_frikort {
            sum(&self.frikort)
        } else {
            0
        };
        (sum(&self.ordinary), frikort)
    }
}
