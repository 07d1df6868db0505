//! Starting a projection from today's caseload (issue 7): the persons of a register
//! at an as-of month, as plain data the model turns into its own persons.
//!
//! A [`Start`] is built from a [`Panel`] (no file is read here) and handed to
//! [`Model::with_start`]. Every replication then begins with these persons in the
//! as-of month and simulates `as_of + 1 ..= horizon_end`, with no burn-in; synthetic
//! inflow comes only after the as-of month.
//!
//! What is carried over, per person on benefit in the as-of month:
//! - group, absence registered in the as-of month (the person counts as truly absent
//!   then, so absence persistence applies to the next month), and both seniorities as
//!   the register module counted them (per spell, STAR's rule, and across benefits) or
//!   as the file's `seniority_months` gave them;
//! - the last [`HISTORY_MONTHS`] months of offers, ordinary and frikort hours and
//!   conversations; a month without a row is an empty month;
//! - the months since the last offer anywhere in the person's history
//!   (the "never" sentinel when the data show none), and the frikort hours already
//!   used in the as-of month's calendar year.
//!
//! Two approximations, both because the simulator packs persons tightly:
//! hours become whole hours by rounding each month half up (12.49 → 12, 12.50 → 13,
//! at most 744 a month), so a window within a few hours of the threshold can change
//! status; and a month's conversations become "had a conversation" (at most one a
//! month; only the active-effort goal is simulated). A register with whole hours (such
//! as `fokus synth` writes) is carried over exactly: [`Start::score_as_of`] then equals
//! the register evaluation of the as-of month.
//!
//! Propensities (to get offers, to work) are drawn from the synthetic persons' Gamma
//! prior (shape `heterogeneity_shape`, mean 1) updated by the person's own register
//! months up to the as-of month: with `c` offers in `n` months on benefit without
//! registered absence and the group's base odds λ, the offer propensity is drawn from
//! Gamma(k + c, rate k + λ·n) — the Poisson approximation of the monthly draws, ignoring
//! run-up trends, steering and moves between groups; hours alike with the months with
//! ordinary hours. Drawing from the prior alone would forget who has been passive for
//! long (those who stay on benefit are selected for low propensities): a backtest on a
//! synthetic register then overshot the realised share by about 2.7 points. The draws
//! are keyed by the person's dense index in the start, never the person id.
//!
//! [`Model::with_start`]: super::Model::with_start

use super::NEVER;
use super::population::{Person, Population};
use super::rng::Chance;
use super::rng::Event;
use crate::measure::MonthCells;
use crate::method::MAX_WINDOW_MONTHS;
use crate::method::Method;
use crate::register::Panel;
use crate::{Group, Month};
use rand_distr::{Distribution, Gamma};

/// Months of activity history carried over: the longest window a method may have.
pub const HISTORY_MONTHS: u32 = MAX_WINDOW_MONTHS;
const RING: usize = HISTORY_MONTHS as usize;

/// Whole hours of a month with `centi` hundredths, rounded half up, at most 744.
fn rounded_hours(centi: u32) -> u16 {
    (centi.saturating_add(50) / 100).min(744) as u16
}

/// One person of the start, already packed the way the simulator keeps persons.
#[derive(Clone, Debug, PartialEq, Eq)]
struct StartPerson {
    group: Group,
    spell: u16,
    any: u16,
    absence_registered: bool,
    /// Bit k: an offer (a conversation) k months before the as-of month.
    offer_bits: u64,
    conversation_bits: u64,
    /// Whole hours; index k is month `as_of − (HISTORY_MONTHS − 1) + k`.
    ordinary: [u16; RING],
    frikort: [u16; RING],
    months_since_offer: u16,
    frikort_used: u16,
    /// Up to the as-of month: months on benefit without registered absence, and of
    /// those the months with an offer and with ordinary hours (for the propensities).
    exposed_months: u16,
    offer_months: u16,
    work_months: u16,
}

/// The caseload at an as-of month, read from a register: where every replication starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start {
    as_of: Month,
    persons: Vec<StartPerson>,
}

impl Start {
    /// The persons of `panel` with a row in `as_of`, with their history up to it.
    pub fn from_panel(panel: &Panel, as_of: Month) -> Start {
        let from = as_of.plus(1 - HISTORY_MONTHS as i32);
        let persons = panel
            .snapshot(as_of, HISTORY_MONTHS)
            .into_iter()
            .map(|s| {
                let mut p = StartPerson {
                    group: s.membership.group,
                    spell: cap16(s.membership.seniority_spell),
                    any: cap16(s.membership.seniority_any),
                    absence_registered: s.membership.absence_registered,
                    offer_bits: 0,
                    conversation_bits: 0,
                    ordinary: [0; RING],
                    frikort: [0; RING],
                    months_since_offer: NEVER,
                    frikort_used: 0,
                    exposed_months: 0,
                    offer_months: 0,
                    work_months: 0,
                };
                for r in panel
                    .person(s.person)
                    .iter()
                    .take_while(|r| r.month <= as_of)
                {
                    if !r.membership.absence_registered {
                        p.exposed_months = p.exposed_months.saturating_add(1);
                        p.offer_months += u16::from(r.activity.offer);
                        p.work_months += u16::from(r.activity.ordinary_hours.centi() > 0);
                    }
                }
                for (k, a) in s.history.iter().enumerate() {
                    let back = HISTORY_MONTHS as usize - 1 - k;
                    p.offer_bits |= u64::from(a.offer) << back;
                    p.conversation_bits |= u64::from(a.conversations > 0) << back;
                    p.ordinary[k] = rounded_hours(a.ordinary_hours.centi());
                    p.frikort[k] = rounded_hours(a.frikort_hours.centi());
                    if from.plus(k as i32).year() == as_of.year() {
                        p.frikort_used = p.frikort_used.saturating_add(p.frikort[k]);
                    }
                }
                p.months_since_offer = panel
                    .person(s.person)
                    .iter()
                    .rev()
                    .filter(|r| r.month <= as_of)
                    .find(|r| r.activity.offer)
                    .map_or(NEVER, |r| as_of.since(r.month).min(i32::from(NEVER)) as u16);
                p
            })
            .collect();
        Start { as_of, persons }
    }

    /// The as-of month: the last month taken from the register.
    pub fn as_of(&self) -> Month {
        self.as_of
    }

    /// Number of persons loaded.
    pub fn len(&self) -> usize {
        self.persons.len()
    }

    /// Whether nobody is on benefit in the as-of month.
    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// Persons loaded per group, indexed by [`Group::index`].
    pub fn persons_by_group(&self) -> [u64; Group::COUNT] {
        let mut n = [0; Group::COUNT];
        for p in &self.persons {
            n[p.group.index()] += 1;
        }
        n
    }

    /// The loaded persons scored in the as-of month under `method`, exactly as the
    /// simulator scores its persons (the packed window and the shared measure). With
    /// whole register hours this equals the register evaluation of the as-of month.
    pub fn score_as_of(&self, method: &Method) -> MonthCells {
        let months = method.window_months().clamp(1, HISTORY_MONTHS) as usize;
        let mut pop = Population::default();
        self.fill_with(&mut pop, months, method.count_frikort_hours(), |_, p| {
            p.to_person(0, 1.0, 1.0, Chance::NEVER)
        });
        let mut cells = MonthCells::default();
        pop.score(
            super::CpuLevel::Baseline,
            method,
            self.as_of,
            HISTORY_MONTHS - 1,
            &mut cells,
        );
        cells
    }

    /// Fill `pop` with the simulator's population for one replication: persons keyed by their index in
    /// the start, in a key space of their own. Propensities are drawn from the synthetic
    /// persons' Gamma prior updated by the person's own months (see the module docs).
    pub(super) fn fill_population(
        &self,
        model: &super::Model<'_>,
        rep_key: u64,
        pop: &mut Population,
    ) {
        let shape = model.scenario.heterogeneity_shape();
        self.fill_with(pop, model.history_months, model.frikort_history, |i, p| {
            let key = super::rng::person_key(super::rng::START_ORIGIN, 0, i as u64);
            let mut traits = super::rng::generator(&[rep_key, key, Event::Traits as u64]);
            let gi = p.group.index();
            let n = f64::from(p.exposed_months);
            let mut draw = |events: u16, odds: f64| -> f32 {
                // Poisson approximation of the months' Bernoulli likelihood: the Gamma
                // prior (shape k, mean 1) becomes Gamma(k + events, rate k + λ·n).
                let g = Gamma::new(shape + f64::from(events), 1.0 / (shape + odds * n))
                    .expect("positive shape and rate");
                g.sample(&mut traits) as f32
            };
            let offer = draw(p.offer_months, model.offer_odds[gi]);
            let work = draw(p.work_months, model.hours_odds[gi]);
            let stream = super::rng::person_stream(rep_key, key);
            p.to_person(stream, offer, work, model.work_chance(p.group, work))
        });
    }

    /// The start's persons and the last `history_months` months of their history as the
    /// simulator keeps them, each person made by `person(index, start person)`. History
    /// month k has month index k.
    fn fill_with(
        &self,
        pop: &mut Population,
        history_months: usize,
        keep_frikort: bool,
        mut person: impl FnMut(usize, &StartPerson) -> Person,
    ) {
        pop.reset(history_months, keep_frikort);
        for (i, p) in self.persons.iter().enumerate() {
            pop.persons.push(person(i, p));
        }
        pop.history.resize(self.persons.len());
        for (i, p) in self.persons.iter().enumerate() {
            for k in RING - history_months..RING {
                let slot = pop.history.slot(k as u32);
                pop.history.set(i, slot, p.ordinary[k], p.frikort[k]);
            }
        }
    }
}

impl StartPerson {
    /// The simulator's person in the as-of month (month index `HISTORY_MONTHS − 1`, so
    /// ring slot k holds history month k).
    fn to_person(
        &self,
        stream: u64,
        offer_propensity: f32,
        work_propensity: f32,
        work_chance: Chance,
    ) -> Person {
        Person {
            stream,
            offer_bits: self.offer_bits,
            conversation_bits: self.conversation_bits,
            offer_propensity,
            work_propensity,
            work_chance,
            group: self.group,
            spell: u32::from(self.spell),
            any: u32::from(self.any),
            months_since_offer: u32::from(self.months_since_offer),
            frikort_used: self.frikort_used,
            absent: self.absence_registered,
            absence_registered: self.absence_registered,
        }
    }
}

fn cap16(v: u32) -> u16 {
    v.min(u32::from(u16::MAX - 1)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::parse_register;

    #[test]
    fn history_is_packed_and_hours_rounded() {
        let text = "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n\
                    a,2024-12,kontanthjaelp,1,0,7,0,0\n\
                    a,2025-01,kontanthjaelp,0,12.5,3,0,2\n\
                    a,2025-03,kontanthjaelp,0,12.49,4.5,1,0\n\
                    b,2025-02,sygedagpenge,0,0,0,0,0\n";
        let panel = parse_register(text, "t.csv").unwrap();
        let as_of: Month = "2025-03".parse().unwrap();
        let s = Start::from_panel(&panel, as_of);
        assert_eq!(s.len(), 1);
        let p = &s.persons[0];
        let last = RING - 1;
        assert_eq!(p.ordinary[last], 12);
        assert_eq!(p.ordinary[last - 2], 13);
        assert_eq!(p.frikort[last], 5);
        assert_eq!(
            p.frikort_used,
            3 + 5,
            "only this calendar year's frikort hours"
        );
        assert_eq!(p.offer_bits, 1 << 3);
        assert_eq!(p.conversation_bits, 1 << 2);
        assert_eq!(p.months_since_offer, 3);
        assert_eq!(
            (p.spell, p.any),
            (1, 1),
            "2025-02 is missing: the spell restarts"
        );
        assert!(p.absence_registered);
        assert_eq!(s.persons_by_group()[Group::Kontanthjaelp.index()], 1);
    }
}
