//! One month of the persons on benefits (steps 1–2 and 4–5 of the monthly order): exit,
//! move, absence, offer, hours and conversation, person by person in the scalar code (the
//! definition); above the scalar level the month pass in `wide` does the same a block of
//! persons at a time.

use super::Model;
use super::compacted::Compacted;
use super::cpu::CpuLevel;
use super::model::EXIT_TABLE_LEN;
use super::persons::PersonsMut;
use super::plan::GroupMonth;
use super::population::Population;
use super::rng::{self, BlockDraws, Chance, PersonMonth, Word};
use crate::Group;

/// The rare events of a month pass that the block pass (`wide`) collects and then handles one
/// by one, after the pass: the positions of who has ordinary hours and who frikort hours.
#[derive(Clone, Debug, Default)]
pub(super) struct RareEvents {
    pub(super) hours: Compacted,
    pub(super) frikort: Compacted,
}

/// What every person's step in one month shares.
#[derive(Clone, Debug)]
pub(super) struct MonthStep {
    pub(super) month_index: u32,
    /// The history slot of the month.
    pub(super) slot: usize,
    /// Per group.
    pub(super) plans: [GroupMonth; Group::COUNT],
    /// January: the frikort hours of the year start again.
    pub(super) new_year: bool,
    /// Some group's offers go through capacity allocation, or targeted production
    /// steering gives offers after the pass: drawn offers are collected.
    pub(super) capacity: bool,
    pub(super) frikort_cap: u16,
}

/// One person's activity in one month, before capacity allocation.
#[derive(Clone, Copy, Debug, Default)]
struct MonthActivity {
    offer: bool,
    ordinary: u16,
    frikort: u16,
}

impl Model<'_> {
    /// One month of the persons from position `first` on, in blocks: first every
    /// person's draws (independent mixes that pipeline), then the branching steps. With
    /// `leavers`, the persons were on benefits last month: they may exit (their positions
    /// are pushed to `leavers`, in increasing order) or move first. Without it they are
    /// newcomers. Drawn offers go to `wanted` where capacity decides them, else straight
    /// to the person. Compiled for the CPU's vector extensions too ([`super::CpuLevel`]).
    pub(super) fn step_persons(
        &self,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        mut leavers: Option<&mut Compacted>,
        rare: &mut RareEvents,
    ) {
        let first = match self.cpu {
            CpuLevel::Baseline => first,
            _ => self.cpu.run(
                #[inline(always)]
                || self.step_persons_blocks(pop, first, step, wanted, leavers.as_deref_mut(), rare),
            ),
        };
        self.cpu.run(
            #[inline(always)]
            || self.step_persons_body(pop, first, step, wanted, leavers),
        );
    }

    #[inline(always)]
    fn step_persons_body(
        &self,
        pop: &mut Population,
        first: usize,
        step: &MonthStep,
        wanted: &mut [bool],
        mut leavers: Option<&mut Compacted>,
    ) {
        const BLOCK: usize = 32;
        let mut draws = BlockDraws::<BLOCK>::default();
        let mut streams = [0u64; BLOCK];
        let mut start = first;
        while start < pop.len() {
            let end = (start + BLOCK).min(pop.len());
            streams[..end - start].copy_from_slice(&pop.persons.stream[start..end]);
            draws.fill(&streams, step.month_index);
            let mut persons = pop.persons.range_mut(start..end);
            for j in 0..end - start {
                let i = start + j;
                let draws = &draws.get(j);
                if let Some(leavers) = leavers.as_deref_mut()
                    && !self.stay(&mut persons, j, draws, step.new_year)
                {
                    leavers.push(i as u64);
                    continue;
                }
                let plan = &step.plans[persons.group[j].index()];
                let act = self.act(&mut persons, j, draws, plan, step.frikort_cap);
                pop.history.set(i, step.slot, act.ordinary, act.frikort);
                if step.capacity {
                    wanted[i] = act.offer;
                } else {
                    // Without a branch: an offer is too common (and too random) an event
                    // to predict.
                    persons.offer_bits[j] |= u64::from(act.offer);
                    persons.months_since_offer[j] *= u32::from(!act.offer);
                }
            }
            start += BLOCK;
        }
    }

    /// Exit and moves (steps 1–2) of person `i` of `persons`, on benefits last month:
    /// false if the person leaves, else the person is one month older, in its new group
    /// if it moved.
    #[inline(always)]
    fn stay(
        &self,
        persons: &mut PersonsMut,
        i: usize,
        draws: &PersonMonth,
        new_year: bool,
    ) -> bool {
        let (u_exit, u_move) = draws.pair(Word::Stay);
        let group = persons.group[i];
        let months = (persons.any[i] as usize).min(EXIT_TABLE_LEN - 1);
        if self.exit[group.index()][months].hit(u_exit) {
            return false;
        }
        persons.any[i] += 1;
        let spell = persons.spell[i];
        match self.move_target(group, spell, u_move) {
            Some(target) => self.move_person(persons, i, spell, target),
            None => persons.spell[i] = spell + 1,
        }
        if new_year {
            persons.frikort_used[i] = 0;
        }
        persons.offer_bits[i] <<= 1;
        persons.conversation_bits[i] <<= 1;
        persons.months_since_offer[i] += 1;
        true
    }

    /// Where a person in `group` with `spell` months moves on the move draw `u_move`: the
    /// first move whose cumulative chance the draw hits, if the spell is long enough.
    #[inline(always)]
    pub(super) fn move_target(&self, group: Group, spell: u32, u_move: u32) -> Option<Group> {
        self.moves[group.index()]
            .iter()
            .find(|(_, cumulative, _)| cumulative.hit(u_move))
            .and_then(|&(target, _, min_spell)| (spell >= min_spell).then_some(target))
    }

    /// Move person `i` (with `spell` months last month) to `target`: its spell goes on or
    /// restarts by the groups' rule, and its work chance is the new group's.
    pub(super) fn move_person(
        &self,
        persons: &mut PersonsMut,
        i: usize,
        spell: u32,
        target: Group,
    ) {
        persons.spell[i] = if persons.group[i].move_keeps_spell(target) {
            spell + 1
        } else {
            1
        };
        persons.group[i] = target;
        persons.work_chance[i] = self.work_chance(target, persons.work_propensity[i]);
    }

    /// The whole ordinary hours of a person in group `gi` who has hours this month, from
    /// the person-month's key.
    #[inline]
    pub(super) fn ordinary_hours(&self, gi: usize, key: u64) -> u16 {
        self.amounts[gi]
            .ordinary
            .at(rng::extra_word(key, Word::HoursAmount) >> 11)
    }

    /// The frikort hours of a person in group `gi` who has them this month, within what
    /// is left of the year's cap; added to `used`.
    #[inline]
    pub(super) fn frikort_hours(&self, gi: usize, key: u64, used: &mut u16, cap: u16) -> u16 {
        let wanted = self.amounts[gi]
            .frikort
            .at(rng::extra_word(key, Word::FrikortAmount) >> 11);
        let hours = wanted.min(cap.saturating_sub(*used));
        *used += hours;
        hours
    }

    /// Absence and activity (steps 4–5) of a person this month. The offer is only
    /// drawn here: capacity may still change it ([`Model::allocate_offers`]).
    #[inline(always)]
    fn act(
        &self,
        persons: &mut PersonsMut,
        i: usize,
        draws: &PersonMonth,
        plan: &GroupMonth,
        frikort_cap: u16,
    ) -> MonthActivity {
        let gi = persons.group[i].index();
        let chances = &self.chances[gi];
        let (u_absent, u_registered) = draws.pair(Word::Absence);
        let absence = if persons.absent[i] {
            chances.absence_persistence
        } else {
            chances.absence
        };
        let absent = absence.hit(u_absent);
        persons.absent[i] = absent;
        persons.absence_registered[i] = absent && plan.registration.hit(u_registered);
        if absent {
            return MonthActivity::default();
        }
        let (u_offer, u_hours) = draws.pair(Word::Activity);
        // P(offer) = 1 − Π(1 − extra)/(1 + x), x = λz the offer odds, over the steering
        // that applies.
        let x = if plan.offer_odds.is_infinite() {
            f64::INFINITY
        } else {
            plan.offer_odds * f64::from(persons.offer_propensity[i])
        };
        let mut keep = 1.0;
        for &(from, keep_steered) in &plan.steering {
            if persons.months_since_offer[i] >= from {
                keep *= keep_steered;
            }
        }
        let mut act = MonthActivity {
            offer: Chance::hit_odds(x, keep, u_offer),
            ..MonthActivity::default()
        };
        if persons.work_chance[i].hit(u_hours) {
            act.ordinary = self.ordinary_hours(gi, draws.key());
        }
        let (u_frikort, u_conversation) = draws.pair(Word::Side);
        if chances.frikort.hit(u_frikort) {
            let used = &mut persons.frikort_used[i];
            act.frikort = self.frikort_hours(gi, draws.key(), used, frikort_cap);
        }
        persons.conversation_bits[i] |= u64::from(chances.conversation.hit(u_conversation));
        act
    }
}
