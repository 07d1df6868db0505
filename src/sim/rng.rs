//! Counter-based random streams for common random numbers.
//!
//! Every draw is a pure function of (seed, replication, person, month, event): the
//! SplitMix64 output function (Steele, Lea & Flood 2014), a bijective 64-bit mixer, applied
//! to a key built from those parts. So replication *i* of two scenarios uses the same
//! draw for the same person-month-event, whatever else differs — an initiative that
//! gives one person an offer does not shift anybody else's stream — and the numbers do
//! not depend on thread count or on the order persons are stored in. Distributions that
//! need a sequential generator (Poisson inflow, Gamma propensities) get a
//! `Xoshiro256PlusPlus` seeded from such a key.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 output function.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A key from several parts (order matters).
#[inline]
pub fn key(parts: &[u64]) -> u64 {
    parts.iter().fold(0x6a09_e667_f3bc_c909, |h, &p| {
        mix64(h.wrapping_add(GOLDEN) ^ p)
    })
}

/// The kinds of draw; each person-month has one independent uniform per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Event {
    /// Leaving benefits.
    Exit = 1,
    /// Moving to another group.
    Move,
    /// Becoming or staying absent.
    Absence,
    /// The absence being registered.
    Registration,
    /// Getting an offer.
    Offer,
    /// Tie-break among equals for capacity-limited offers.
    Priority,
    /// Having ordinary hours.
    Hours,
    /// How many ordinary hours (two uniforms).
    HoursAmount,
    /// Having frikort hours.
    Frikort,
    /// How many frikort hours (two uniforms).
    FrikortAmount,
    /// Having a conversation.
    Conversation,
    /// Inflow count of a group-month.
    Inflow,
    /// A person's fixed traits (propensities, initial seniority).
    Traits,
    /// The replication's common offer-rate shock.
    Shock,
}

/// The draws of one person in one month of one replication.
#[derive(Clone, Copy, Debug)]
pub struct PersonMonth {
    key: u64,
}

impl PersonMonth {
    /// The stream of `person` in `month_index` (months since the simulation start).
    #[inline]
    pub fn new(replication_key: u64, person: u64, month_index: u32) -> PersonMonth {
        PersonMonth::of_stream(person_stream(replication_key, person), month_index)
    }

    /// The same as [`PersonMonth::new`], from the person's [`person_stream`] (which the
    /// simulator keeps, so a person-month costs one mix instead of two).
    #[inline]
    pub fn of_stream(stream: u64, month_index: u32) -> PersonMonth {
        PersonMonth {
            key: mix64(stream.wrapping_add(u64::from(month_index).wrapping_mul(GOLDEN))),
        }
    }

    /// A uniform in [0, 1) for an event.
    #[inline]
    pub fn uniform(&self, event: Event) -> f64 {
        to_unit(mix64(self.key ^ (event as u64).wrapping_mul(GOLDEN)))
    }

    /// A second, independent uniform for an event (e.g. Box–Muller's second input).
    #[inline]
    pub fn uniform2(&self, event: Event) -> f64 {
        to_unit(mix64(
            self.key.rotate_left(17) ^ (event as u64).wrapping_mul(GOLDEN),
        ))
    }

    /// A standard normal for an event (Box–Muller on the event's two uniforms).
    #[inline]
    pub fn normal(&self, event: Event) -> f64 {
        let u1 = 1.0 - self.uniform(event); // (0, 1]
        let u2 = self.uniform2(event);
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// The part of a person's month streams that does not change with the month.
#[inline]
pub fn person_stream(replication_key: u64, person: u64) -> u64 {
    mix64(replication_key ^ person)
}

/// The key of replication `rep` under `seed`.
pub fn replication_key(seed: u64, rep: u64) -> u64 {
    key(&[seed, rep])
}

/// A sequential generator for a keyed purpose (inflow of a group-month, a person's traits).
pub fn generator(parts: &[u64]) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(key(parts))
}

#[inline]
fn to_unit(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniforms_are_uniform_and_independent_of_event() {
        let rk = replication_key(1, 0);
        let n = 200_000;
        let (mut s1, mut s2, mut prod) = (0.0, 0.0, 0.0);
        for p in 0..n {
            let d = PersonMonth::new(rk, p, 7);
            let (a, b) = (d.uniform(Event::Offer), d.uniform(Event::Hours));
            s1 += a;
            s2 += b;
            prod += a * b;
        }
        let n = n as f64;
        assert!((s1 / n - 0.5).abs() < 0.005);
        assert!((s2 / n - 0.5).abs() < 0.005);
        // covariance of independent U(0,1) is 0; its s.e. here is ~0.0002
        assert!((prod / n - (s1 / n) * (s2 / n)).abs() < 0.002);
    }

    #[test]
    fn streams_are_pure_functions_of_their_key() {
        let a = PersonMonth::new(replication_key(5, 3), 42, 10).uniform(Event::Exit);
        let b = PersonMonth::new(replication_key(5, 3), 42, 10).uniform(Event::Exit);
        let c = PersonMonth::new(replication_key(5, 4), 42, 10).uniform(Event::Exit);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
