//! The persons on benefits in one replication, kept as columns (a structure of arrays):
//! the block month pass (`super::wide`) reads and writes a field of a block of neighbouring
//! persons with one vector load and store. A person's record ([`Person`]) is only how
//! a start's persons arrive (`super::start`) and how `synth` reads them.

use super::population::swap_remove_all;
use super::rng::Chance;
use crate::Group;
#[cfg(test)]
use crate::measure::Membership;

/// One person on benefits, as a record: how a start's persons arrive and how
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

    pub fn clear(&mut self) {
        each_column!(self, column => column.clear());
    }

    /// The memory of the columns' entries, in bytes.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let per_person = 3 * size_of::<u64>()
            + size_of::<Chance>()
            + 2 * size_of::<f32>()
            + 3 * size_of::<u32>()
            + size_of::<u16>()
            + size_of::<Group>()
            + 2 * size_of::<bool>();
        self.len() * per_person
    }

    /// [`super::population::Population::remove`] on the columns.
    pub fn remove(&mut self, positions: &[u64]) {
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
