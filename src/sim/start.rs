//! Starting a projection from today's caseload (issue 7): the persons on benefit at an
//! as-of month, as plain data the model turns into its own persons.
//!
//! A [`Start`] is built from [`StartPerson`]s (the register start,
//! `crate::analyses::register_start::start_at`, makes them from a register; nothing here reads or
//! knows a register) and handed to [`Model::with_start`]. Every replication then begins
//! with these persons in the as-of month and simulates `as_of + 1 ..= horizon_end`, with
//! no burn-in; synthetic inflow comes only after the as-of month.
//!
//! What is carried over, per person on benefit in the as-of month:
//! - group, absence registered in the as-of month (the person counts as truly absent
//!   then, so absence persistence applies to the next month), and both seniorities as
//!   given (per spell, STAR's rule, and across benefits);
//! - the last [`HISTORY_MONTHS`] months of offers, ordinary and frikort hours and
//!   conversations; a month without data is an empty month;
//! - the months since the last offer (the "never" sentinel when the data show none),
//!   and the frikort hours already used in the as-of month's calendar year.
//!
//! Two approximations, both because the simulator packs persons tightly:
//! hours become whole hours by rounding each month half up (12.49 → 12, 12.50 → 13,
//! at most 744 a month), so a window within a few hours of the threshold can change
//! status; and a month's conversations become "had a conversation" (at most one a
//! month; only the active-effort goal is simulated). Whole hours (such as `fokus synth`
//! writes) are carried over exactly: [`Start::score_as_of`] then equals the register
//! evaluation of the as-of month.
//!
//! Propensities (to get offers, to work) are drawn from the synthetic persons' Gamma
//! prior (shape `heterogeneity_shape`, mean 1) updated by the person's own months up to
//! the as-of month ([`Exposure`]): with `c` offers in `n` months on benefit without
//! registered absence and the group's base odds λ, the offer propensity is drawn from
//! the posterior under the simulator's monthly chance λz/(1 + λz) (exactly, by a Gibbs
//! sampler, `posterior_propensity`), ignoring run-up trends, steering and moves
//! between groups; hours alike with the months with ordinary hours. Drawing from the prior alone would forget who has been passive for
//! long (those who stay on benefit are selected for low propensities): a backtest on a
//! synthetic register then overshot the realised share by about 2.7 points. The draws
//! are keyed by the person's dense index in the start, never the person id.
//!
//! [`Model::with_start`]: super::Model::with_start

use super::persons::Person;
use super::population::Population;
use super::rng::{self, Chance, Event};
use crate::measure::method::{MAX_WINDOW_MONTHS, Method};
use crate::measure::{Activity, Membership, MonthCells};
use crate::{Group, Month};
use rand_distr::{Distribution, Gamma};

/// Months of activity history carried over: the longest window a method may have.
pub const HISTORY_MONTHS: u32 = MAX_WINDOW_MONTHS;
const RING: usize = HISTORY_MONTHS as usize;
/// "No offer seen" for persons whose history starts before the simulation.
pub(super) const NEVER: u16 = 999;

/// Whole hours of a month with `centi` hundredths, rounded half up, at most 744.
fn rounded_hours(centi: u32) -> u16 {
    (centi.saturating_add(50) / 100).min(744) as u16
}

/// One person on benefit in the as-of month, as the data show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartPerson {
    /// Group, absence registered and both seniorities in the as-of month.
    pub membership: Membership,
    /// The activity of the months up to the as-of month, oldest first, the as-of month
    /// last; a month off benefit is an empty [`Activity`]. The last [`HISTORY_MONTHS`]
    /// are kept; months before those given are empty.
    pub history: Vec<Activity>,
    /// Months from the last offer in all the person's data up to the as-of month (0: an
    /// offer in the as-of month); `None` when the data show none.
    pub months_since_offer: Option<u32>,
    /// What the person's months up to the as-of month say about the propensities.
    pub exposure: Exposure,
}

/// A person's months on benefit without registered absence, and of those the months
/// with an offer and with ordinary hours: the evidence the propensities are drawn from
/// (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exposure {
    /// Months on benefit without registered absence.
    pub months: u32,
    /// Of those, the months with an offer.
    pub offer_months: u32,
    /// Of those, the months with ordinary hours.
    pub work_months: u32,
}

impl Exposure {
    /// Count one month on benefit with `membership` and `activity`: a month with
    /// registered absence is not exposed to offers or work.
    pub fn add(&mut self, membership: &Membership, activity: &Activity) {
        if !membership.absence_registered {
            self.months += 1;
            self.offer_months += u32::from(activity.offer);
            self.work_months += u32::from(activity.ordinary_hours.centi() > 0);
        }
    }
}

/// One person of the start, packed the way the simulator keeps persons.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PackedPerson {
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
    /// [`Exposure`], saturated.
    exposed_months: u16,
    offer_months: u16,
    work_months: u16,
}

/// The caseload at an as-of month: where every replication starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start {
    as_of: Month,
    persons: Vec<PackedPerson>,
}

impl Start {
    /// The caseload of `persons`, on benefit in `as_of`.
    pub fn new(as_of: Month, persons: impl IntoIterator<Item = StartPerson>) -> Start {
        let persons = persons
            .into_iter()
            .map(|p| PackedPerson::new(as_of, &p))
            .collect();
        Start { as_of, persons }
    }

    /// The as-of month: the last month of the data.
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
        pop.score(method, self.as_of, HISTORY_MONTHS - 1, &mut cells);
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
            let key = rng::person_key(rng::START_ORIGIN, 0, i as u64);
            let mut traits = rng::generator(&[rep_key, key, Event::Traits as u64]);
            let gi = p.group.index();
            let months = p.exposed_months;
            let offer = posterior_propensity(
                shape,
                model.offer_odds[gi],
                p.offer_months,
                months,
                &mut traits,
            );
            let work = posterior_propensity(
                shape,
                model.hours_odds[gi],
                p.work_months,
                months,
                &mut traits,
            );
            let stream = rng::person_stream(rep_key, key);
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
        mut person: impl FnMut(usize, &PackedPerson) -> Person,
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

/// Gibbs sweeps of [`posterior_propensity`]'s sampler.
const GIBBS_SWEEPS: u32 = 12;

/// A propensity drawn from the Gamma prior (shape `shape`, mean 1) updated by `events`
/// months with the event in `months` exposed months under the base odds `odds` (see the
/// module docs).
///
/// The months' likelihood is the simulator's own, (λz)^c (1 + λz)^−n with c events in n
/// months: with x = λz the posterior is x^(k+c−1) e^(−kx/λ) (1 + x)^−n, which is not a
/// Gamma. (The Poisson approximation e^(−λzn) instead undershoots the propensity of the
/// active — it expects λz events a month where the chance is λz/(1 + λz) — and a backtest
/// then drifted about one point low within a year.) It is drawn exactly by a Gibbs
/// sampler on the augmentation (1 + x)^−n = ∫ t^(n−1) e^(−t(1+x)) dt / Γ(n):
/// x | t ~ Gamma(k + c, rate k/λ + t), t | x ~ Gamma(n, rate 1 + x), started from the
/// Poisson approximation's draw, [`GIBBS_SWEEPS`] sweeps.
///
/// Every rate a scenario may give has an answer. At a rate of 0 (λ = 0) the chance is 0
/// whatever the propensity and the months say nothing: the prior Gamma(k, rate k). At a
/// rate of 1 (λ infinite) the chance is certain whatever the propensity
/// ([`super::model::chance`]), so the months say nothing either: the prior again.
fn posterior_propensity(
    shape: f64,
    odds: f64,
    events: u16,
    months: u16,
    rng: &mut impl rand::Rng,
) -> f32 {
    let gamma = |shape: f64, rate: f64, rng: &mut _| {
        // Shapes are at least the scenario's (0.05 to 1000) and rates positive and finite.
        Gamma::new(shape, 1.0 / rate)
            .expect("a validated heterogeneity_shape and finite odds give a valid Gamma")
            .sample(rng)
    };
    if !(odds.is_finite() && odds > 0.0) || months == 0 {
        return gamma(shape, shape, rng) as f32;
    }
    let (n, a) = (f64::from(months), shape + f64::from(events));
    let mut z = gamma(a, shape + odds * n, rng);
    for _ in 0..GIBBS_SWEEPS {
        let t = gamma(n, 1.0 + odds * z, rng);
        z = gamma(a, shape + odds * t, rng);
    }
    z as f32
}

impl PackedPerson {
    fn new(as_of: Month, p: &StartPerson) -> PackedPerson {
        let saturated = |n: u32| u16::try_from(n).unwrap_or(u16::MAX);
        let mut packed = PackedPerson {
            group: p.membership.group,
            spell: cap16(p.membership.seniority_spell),
            any: cap16(p.membership.seniority_any),
            absence_registered: p.membership.absence_registered,
            offer_bits: 0,
            conversation_bits: 0,
            ordinary: [0; RING],
            frikort: [0; RING],
            months_since_offer: p
                .months_since_offer
                .map_or(NEVER, |months| months.min(u32::from(NEVER)) as u16),
            frikort_used: 0,
            exposed_months: saturated(p.exposure.months),
            offer_months: saturated(p.exposure.offer_months),
            work_months: saturated(p.exposure.work_months),
        };
        // The kept months, aligned so that the as-of month is ring entry RING − 1.
        let kept = &p.history[p.history.len().saturating_sub(RING)..];
        let from = as_of.plus(1 - HISTORY_MONTHS as i32);
        for (k, a) in (RING - kept.len()..).zip(kept) {
            let back = RING - 1 - k;
            packed.offer_bits |= u64::from(a.offer) << back;
            packed.conversation_bits |= u64::from(a.conversations > 0) << back;
            packed.ordinary[k] = rounded_hours(a.ordinary_hours.centi());
            packed.frikort[k] = rounded_hours(a.frikort_hours.centi());
            if from.plus(k as i32).year() == as_of.year() {
                packed.frikort_used = packed.frikort_used.saturating_add(packed.frikort[k]);
            }
        }
        packed
    }

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
    use crate::Hours;

    /// The propensity is drawn from the exact posterior under the simulator's chance
    /// λz/(1 + λz): its sample mean matches the posterior mean integrated numerically,
    /// and not the Poisson approximation's (k + c)/(k + λn), which is lower.
    #[test]
    fn posterior_propensity_matches_the_exact_posterior_mean() {
        let (k, odds, events, months) = (2.0, 0.5, 6u16, 12u16);
        let (c, n) = (f64::from(events), f64::from(months));
        let density = |z: f64| ((k + c - 1.0) * z.ln() - k * z - n * (1.0 + odds * z).ln()).exp();
        let dz = 1e-4;
        let (mut mass, mut first) = (0.0, 0.0);
        for i in 1..200_000 {
            let z = f64::from(i) * dz;
            mass += density(z);
            first += z * density(z);
        }
        let exact = first / mass;
        let poisson = (k + c) / (k + odds * n);
        let mut rng = rng::generator(&[1, 2, 3]);
        let draws = 20_000;
        let mean = (0..draws)
            .map(|_| f64::from(posterior_propensity(k, odds, events, months, &mut rng)))
            .sum::<f64>()
            / f64::from(draws);
        // The posterior's sd is below 1, so the mean's standard error is below 0.01.
        assert!((mean - exact).abs() < 0.03, "mean {mean}, exact {exact}");
        assert!(exact - poisson > 0.2, "exact {exact}, Poisson {poisson}");
    }

    /// Hours are rounded half up into a ring whose last entry is the as-of month, only
    /// the as-of year's frikort hours count as used, and offers and conversations become
    /// bits counted back from the as-of month.
    #[test]
    fn history_is_packed_and_hours_rounded() {
        let month = |offer, ordinary, frikort, conversations| Activity {
            offer,
            ordinary_hours: Hours(ordinary),
            frikort_hours: Hours(frikort),
            conversations,
        };
        let person = StartPerson {
            membership: Membership {
                group: Group::Kontanthjaelp,
                absence_registered: true,
                seniority_spell: 1,
                seniority_any: 1,
            },
            // 2024-12 to the as-of month 2025-03; nothing in 2025-02.
            history: vec![
                month(true, 0, 700, 0),
                month(false, 1250, 300, 2),
                Activity::default(),
                month(false, 1249, 450, 0),
            ],
            months_since_offer: Some(3),
            exposure: Exposure::default(),
        };
        let s = Start::new("2025-03".parse().unwrap(), [person]);
        assert_eq!(s.len(), 1);
        let p = &s.persons[0];
        let last = RING - 1;
        assert_eq!(p.ordinary[last], 12);
        assert_eq!(p.ordinary[last - 2], 13);
        assert_eq!(p.frikort[last], 5);
        assert_eq!(p.frikort[last - 3], 7);
        assert_eq!(
            p.frikort_used,
            3 + 5,
            "only this calendar year's frikort hours"
        );
        assert_eq!(p.offer_bits, 1 << 3);
        assert_eq!(p.conversation_bits, 1 << 2);
        assert_eq!(p.months_since_offer, 3);
        assert_eq!((p.spell, p.any), (1, 1));
        assert!(p.absence_registered);
        assert_eq!(s.persons_by_group()[Group::Kontanthjaelp.index()], 1);
    }
}
