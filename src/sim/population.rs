//! The persons on benefits in one replication, kept as columns (a structure of arrays):
//! the AVX-512 month pass (`super::wide`) reads and writes a field of eight neighbouring
//! persons with one vector load and store. A person's record ([`Person`]) is only how
//! a register's persons arrive (`super::start`) and how `synth` reads them.

use super::rng::Chance;
use crate::measure::{Membership, MonthCells, MonthRule, WindowTotals};
use crate::method::Method;
use crate::{Group, Month};

/// One person on benefits, as a record: how a register's persons arrive and how
/// `synth` reads them. [`Persons`] keeps the same fields as columns.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Person {
    /// `rng::person_stream(replication, key)` of the person's stable key: the person's
    /// random streams, and (a bijection of the key) its identity within the replication.
    /// Never an output.
    pub stream: u64,
    /// Offers and conversations of the last 64 months: bit k is k months ago.
    pub offer_bits: u64,
    pub conversation_bits: u64,
    /// Propensities (mean 1) to get offers and to work.
    pub offer_propensity: f32,
    pub work_propensity: f32,
    /// The monthly chance of ordinary hours: fixed by the work propensity and the group,
    /// so computed on arrival and on a move, not every month.
    pub work_chance: Chance,
    pub group: Group,
    /// Months on this benefit and on any benefit (plain counters: a simulation is far
    /// shorter than their range).
    pub spell: u32,
    pub any: u32,
    pub months_since_offer: u32,
    /// Frikort hours (whole) used in the current calendar year.
    pub frikort_used: u16,
    pub absent: bool,
    pub absence_registered: bool,
}

impl Person {
    #[cfg(test)]
    pub fn membership(&self) -> Membership {
        Membership {
            group: self.group,
            absence_registered: self.absence_registered,
            seniority_spell: self.spell,
            seniority_any: self.any,
        }
    }
}

/// The fields of [`Person`] as columns: person i is entry i of every column.
#[derive(Clone, Debug, Default)]
pub(super) struct Persons {
    pub stream: Vec<u64>,
    pub offer_bits: Vec<u64>,
    pub conversation_bits: Vec<u64>,
    pub work_chance: Vec<Chance>,
    pub offer_propensity: Vec<f32>,
    pub work_propensity: Vec<f32>,
    pub spell: Vec<u32>,
    pub any: Vec<u32>,
    pub months_since_offer: Vec<u32>,
    pub frikort_used: Vec<u16>,
    pub group: Vec<Group>,
    pub absent: Vec<bool>,
    pub absence_registered: Vec<bool>,
}

/// Every column of a range of [`Persons`]: slices of one length, so that indexing them
/// all by one position needs one bounds check, not one per column.
pub(super) struct PersonsMut<'a> {
    pub offer_bits: &'a mut [u64],
    pub conversation_bits: &'a mut [u64],
    pub work_chance: &'a mut [Chance],
    pub offer_propensity: &'a [f32],
    pub work_propensity: &'a [f32],
    pub spell: &'a mut [u32],
    pub any: &'a mut [u32],
    pub months_since_offer: &'a mut [u32],
    pub frikort_used: &'a mut [u16],
    pub group: &'a mut [Group],
    pub absent: &'a mut [bool],
    pub absence_registered: &'a mut [bool],
}

/// `$body` once for every column of a [`Persons`], the column bound to `$column`.
macro_rules! each_column {
    ($persons:expr, $column:ident => $body:expr) => {{
        let p = $persons;
        {
            let $column = &mut p.stream;
            $body;
        }
        {
            let $column = &mut p.offer_bits;
            $body;
        }
        {
            let $column = &mut p.conversation_bits;
            $body;
        }
        {
            let $column = &mut p.work_chance;
            $body;
        }
        {
            let $column = &mut p.offer_propensity;
            $body;
        }
        {
            let $column = &mut p.work_propensity;
            $body;
        }
        {
            let $column = &mut p.spell;
            $body;
        }
        {
            let $column = &mut p.any;
            $body;
        }
        {
            let $column = &mut p.months_since_offer;
            $body;
        }
        {
            let $column = &mut p.frikort_used;
            $body;
        }
        {
            let $column = &mut p.group;
            $body;
        }
        {
            let $column = &mut p.absent;
            $body;
        }
        {
            let $column = &mut p.absence_registered;
            $body;
        }
    }};
}

impl Persons {
    pub fn len(&self) -> usize {
        self.stream.len()
    }

    fn clear(&mut self) {
        each_column!(self, column => column.clear());
    }

    /// [`Population::remove`] on the columns.
    fn remove(&mut self, positions: &[u64]) {
        each_column!(self, column => swap_remove_all(column, positions));
    }

    pub fn push(&mut self, p: Person) {
        self.stream.push(p.stream);
        self.offer_bits.push(p.offer_bits);
        self.conversation_bits.push(p.conversation_bits);
        self.work_chance.push(p.work_chance);
        self.offer_propensity.push(p.offer_propensity);
        self.work_propensity.push(p.work_propensity);
        self.spell.push(p.spell);
        self.any.push(p.any);
        self.months_since_offer.push(p.months_since_offer);
        self.frikort_used.push(p.frikort_used);
        self.group.push(p.group);
        self.absent.push(p.absent);
        self.absence_registered.push(p.absence_registered);
    }

    /// The persons in `range`, column by column (the streams never change). Always
    /// inlined: where the caller sees that every slice has the range's length, one
    /// bounds check serves all columns (9 % fewer instructions in the scalar loop).
    #[inline(always)]
    pub fn range_mut(&mut self, range: std::ops::Range<usize>) -> PersonsMut<'_> {
        PersonsMut {
            offer_bits: &mut self.offer_bits[range.clone()],
            conversation_bits: &mut self.conversation_bits[range.clone()],
            work_chance: &mut self.work_chance[range.clone()],
            offer_propensity: &self.offer_propensity[range.clone()],
            work_propensity: &self.work_propensity[range.clone()],
            spell: &mut self.spell[range.clone()],
            any: &mut self.any[range.clone()],
            months_since_offer: &mut self.months_since_offer[range.clone()],
            frikort_used: &mut self.frikort_used[range.clone()],
            group: &mut self.group[range.clone()],
            absent: &mut self.absent[range.clone()],
            absence_registered: &mut self.absence_registered[range],
        }
    }

    /// Add arrivals in `group` with the given streams, spells (also the seniority on any
    /// benefit), propensities and work chances: no offers or conversations yet, none
    /// absent, no frikort hours used, months since an offer counted from the spell's
    /// start (steering lists and capacity queues rank by time on benefits without an
    /// offer, so a newcomer is not "longest waiting" in its first month).
    pub fn extend_arrivals(
        &mut self,
        group: Group,
        streams: &[u64],
        spells: &[u32],
        offer_propensities: &[f32],
        work_propensities: &[f32],
        work_chances: &[Chance],
    ) {
        let n = streams.len();
        let len = self.len() + n;
        self.stream.extend_from_slice(streams);
        self.offer_bits.resize(len, 0);
        self.conversation_bits.resize(len, 0);
        self.work_chance.extend_from_slice(work_chances);
        self.offer_propensity.extend_from_slice(offer_propensities);
        self.work_propensity.extend_from_slice(work_propensities);
        self.spell.extend_from_slice(spells);
        self.any.extend_from_slice(spells);
        self.months_since_offer
            .extend(spells.iter().map(|&spell| spell - 1));
        self.frikort_used.resize(len, 0);
        self.group.resize(len, group);
        self.absent.resize(len, false);
        self.absence_registered.resize(len, false);
    }

    /// Person `i`'s record.
    #[inline]
    pub fn get(&self, i: usize) -> Person {
        Person {
            stream: self.stream[i],
            offer_bits: self.offer_bits[i],
            conversation_bits: self.conversation_bits[i],
            work_chance: self.work_chance[i],
            offer_propensity: self.offer_propensity[i],
            work_propensity: self.work_propensity[i],
            spell: self.spell[i],
            any: self.any[i],
            months_since_offer: self.months_since_offer[i],
            frikort_used: self.frikort_used[i],
            group: self.group[i],
            absent: self.absent[i],
            absence_registered: self.absence_registered[i],
        }
    }
}

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

    /// [`Population::remove`] on the history, row by row.
    fn remove(&mut self, positions: &[u64]) {
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

/// `Vec::swap_remove` of every position in `positions` (increasing), from the last.
pub(super) fn swap_remove_all<T>(column: &mut Vec<T>, positions: &[u64]) {
    for &i in positions.iter().rev() {
        column.swap_remove(i as usize);
    }
}

/// The bits of the offer (and conversation) history that a window of `months` months
/// covers: bit k is k months ago.
pub(super) fn offer_window_mask(months: u32) -> u64 {
    if months >= 64 {
        u64::MAX
    } else {
        (1u64 << months) - 1
    }
}

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

    /// Remove the persons at `positions` (increasing): from the last to the first, each
    /// by moving the last person into its place (`Vec::swap_remove`), done column by
    /// column. The order of persons never matters to a result: every draw is keyed by
    /// the person, not by the position.
    pub fn remove(&mut self, positions: &[u64]) {
        self.persons.remove(positions);
        self.history.remove(positions);
    }

    /// Count every person's status in `month` (month index `month_index`) under `method`
    /// into `cells`: the window's totals from the history, then the shared measure (the
    /// method's month rule, which is what `Method::status_at` decides); on AVX-512 at
    /// level `cpu` when the window is the whole history.
    /// The history must hold at least the method's window.
    #[inline(always)]
    #[cfg_attr(not(target_arch = "x86_64"), allow(unused_variables))]
    pub fn score(
        &self,
        cpu: super::CpuLevel,
        method: &Method,
        month: Month,
        month_index: u32,
        cells: &mut MonthCells,
    ) {
        let months = method.window_months().min(month_index + 1);
        debug_assert!(months as usize <= self.history.months);
        let rule = method.month_rule(method.threshold_centi(month));
        let mask = offer_window_mask(months);
        if months as usize == self.history.months {
            #[cfg(target_arch = "x86_64")]
            if cpu == super::CpuLevel::V4 && super::CpuLevel::detect() == super::CpuLevel::V4 {
                // SAFETY: `detect` found AVX-512 F, DQ, BW and VL on this CPU (checked
                // here, not only by the caller: the detection is cached and cheap).
                unsafe { self.score_whole_window_v4(&rule, mask, cells) };
                return;
            }
            // The whole history: the running totals.
            let (ordinary, frikort) = self.history.totals();
            let frikort = |i: usize| frikort.map_or(0, |f| f[i]);
            self.score_by(&rule, mask, |i| (ordinary[i], frikort(i)), cells);
        } else {
            let end_slot = self.history.slot(month_index);
            let window = |i| self.history.window(i, end_slot, months as usize);
            self.score_by(&rule, mask, window, cells);
        }
    }

    /// [`Population::score`] with each person's (ordinary, frikort) hours over the
    /// window from `hours`.
    #[inline(always)]
    fn score_by(
        &self,
        rule: &MonthRule,
        mask: u64,
        hours: impl Fn(usize) -> (u32, u32),
        cells: &mut MonthCells,
    ) {
        let p = &self.persons;
        let n = p.len();
        // One length for every column: no bounds check per column and person.
        let (offer_bits, conversation_bits) = (&p.offer_bits[..n], &p.conversation_bits[..n]);
        let (group, absence_registered) = (&p.group[..n], &p.absence_registered[..n]);
        let (spell, any) = (&p.spell[..n], &p.any[..n]);
        for i in 0..n {
            let (ordinary, frikort) = hours(i);
            let window = WindowTotals {
                offer: offer_bits[i] & mask != 0,
                ordinary_centi: u64::from(ordinary) * 100,
                frikort_centi: u64::from(frikort) * 100,
                conversations: (conversation_bits[i] & mask).count_ones(),
            };
            let who = Membership {
                group: group[i],
                absence_registered: absence_registered[i],
                seniority_spell: spell[i],
                seniority_any: any[i],
            };
            let in_population = rule.in_population(&who);
            cells.groups[who.group.index()]
                .add(in_population, in_population & rule.active(&window));
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
