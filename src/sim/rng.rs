//! Counter-based random streams for common random numbers.
//!
//! Every draw is a pure function of (seed, replication, person, month, draw): the
//! SplitMix64 output function (Steele, Lea & Flood 2014), a bijective 64-bit mixer, applied
//! to a key built from those parts. So replication *i* of two scenarios uses the same
//! draw for the same person-month, whatever else differs — an initiative that gives one
//! person an offer does not shift anybody else's stream — and the numbers do not depend
//! on thread count or on the order persons are stored in. Distributions that need a
//! sequential generator (Poisson inflow, Gamma propensities) get a SplitMix64 sequence
//! seeded from such a key.
//!
//! A person-month's draws are packed for speed: one mix makes the person-month key, and
//! each further 64-bit [`Word`] of it holds two independent 32-bit uniforms (a resolution
//! of 2⁻³² is far below any rate a scenario can state). The month loop needs three to
//! four mixes per person-month instead of one per event.

use rand::SeedableRng;
use rand_xoshiro::SplitMix64;

/// The odd constant that spreads keys (2⁶⁴/φ).
pub(super) const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

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

/// The purposes of the sequential generators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Event {
    /// Inflow count of a group-month.
    Inflow = 12,
    /// A register person's fixed traits (propensities drawn from its posterior).
    Traits,
    /// The replication's common offer-rate shock.
    Shock,
    /// An uncertain initiative strength of the replication (keyed by its JSON path).
    EffectSize,
    /// A group's calibrated offer rate and trend of the replication.
    Calibration,
}

/// The 64-bit words of one person-month. Each holds two independent 32-bit uniforms,
/// read with [`PersonMonth::pair`]; the amounts use a whole word for a 53-bit uniform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Word {
    /// Leaving benefits | moving to another group.
    Stay = 0,
    /// Becoming or staying absent | the absence being registered.
    Absence,
    /// Getting an offer | having ordinary hours.
    Activity,
    /// Having frikort hours | having a conversation.
    Side,
    /// How many ordinary hours.
    HoursAmount,
    /// How many frikort hours.
    FrikortAmount,
    /// Tie-break among equals for capacity-limited offers.
    Priority,
    /// Who of the targeted gets production steering's offers: the draw at random, the
    /// tie-break among equal deadlines.
    Steering,
    /// The kind of an offer started (and so the months it lasts), where a group's
    /// offers are a mix of kinds.
    OfferKind,
}

/// The draws of one person in one month of one replication. The four words every
/// person-month uses are mixed up front: they are independent of each other, so the
/// mixes overlap in the pipeline instead of waiting on the branches between them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonMonth {
    /// The words [`Word::Stay`] ..= [`Word::Side`]; the first is the person-month key.
    common: [u64; COMMON_WORDS],
}

/// [`Word::Stay`] ..= [`Word::Side`].
const COMMON_WORDS: usize = 4;

impl PersonMonth {
    /// The stream of `person` in `month_index` (months since the simulation start).
    #[inline]
    pub fn new(replication_key: u64, person: u64, month_index: u32) -> PersonMonth {
        PersonMonth::of_stream(person_stream(replication_key, person), month_index)
    }

    /// The same as [`PersonMonth::new`], from the person's [`person_stream`] (which the
    /// simulator keeps, so a person-month costs one mix fewer).
    #[inline(always)]
    pub fn of_stream(stream: u64, month_index: u32) -> PersonMonth {
        PersonMonth {
            common: Self::of_stream_words::<COMMON_WORDS>(stream, month_index),
        }
    }

    /// The first `N` words of the person-month (the key is the first).
    #[inline(always)]
    fn of_stream_words<const N: usize>(stream: u64, month_index: u32) -> [u64; N] {
        let key = mix64(stream.wrapping_add(u64::from(month_index).wrapping_mul(GOLDEN)));
        let mut words = [key; N];
        for (w, word) in words.iter_mut().enumerate().skip(1) {
            *word = mix64(key ^ (w as u64).wrapping_mul(GOLDEN));
        }
        words
    }

    /// A word's 64 random bits. [`Word::Stay`] is the key itself (already a mix output);
    /// the others are one more mix each.
    #[inline]
    fn bits(&self, word: Word) -> u64 {
        match word as usize {
            w if w < COMMON_WORDS => self.common[w],
            _ => extra_word(self.common[0], word),
        }
    }

    /// The word's two 32-bit uniforms: (low half, high half), compared with a [`Chance`].
    #[inline]
    pub fn pair(&self, word: Word) -> (u32, u32) {
        let w = self.bits(word);
        (w as u32, (w >> 32) as u32)
    }

    /// The person-month's key (the bits of [`Word::Stay`]), from which [`extra_word`]
    /// makes the words beyond the common ones.
    #[inline]
    pub fn key(&self) -> u64 {
        self.common[0]
    }

    /// A whole word as a 53-bit draw m: the uniform (m + ½)/2⁵³.
    #[inline]
    pub fn draw53(&self, word: Word) -> u64 {
        self.bits(word) >> 11
    }

    /// A uniform in the open interval (0, 1) with 53 bits, from a whole word.
    #[inline]
    pub fn open_uniform(&self, word: Word) -> f64 {
        open_uniform53(self.draw53(word))
    }
}

/// The person-month's key alone ([`PersonMonth::key`] without the other common words),
/// for the draws taken after the month pass.
#[inline]
pub fn month_key(stream: u64, month_index: u32) -> u64 {
    PersonMonth::of_stream_words::<1>(stream, month_index)[0]
}

/// The bits of a word beyond the common ones ([`Word::HoursAmount`] and later), from the
/// person-month's key: only the rare events that need them pay for their mix.
#[inline]
pub fn extra_word(key: u64, word: Word) -> u64 {
    debug_assert!(word as usize >= COMMON_WORDS);
    mix64(key ^ (word as u64).wrapping_mul(GOLDEN))
}

/// The [`PersonMonth`]s of a block of persons, word by word: each mix runs lane by lane
/// over the block, which the compiler vectorises where the CPU multiplies 64-bit lanes.
/// Reused from block to block (filling it allocates and zeroes nothing).
#[derive(Clone, Copy, Debug)]
pub struct BlockDraws<const N: usize> {
    words: [[u64; N]; COMMON_WORDS],
}

impl<const N: usize> Default for BlockDraws<N> {
    fn default() -> Self {
        BlockDraws {
            words: [[0; N]; COMMON_WORDS],
        }
    }
}

impl<const N: usize> BlockDraws<N> {
    /// [`PersonMonth::of_stream`] of every stream of a block. (A short last block leaves
    /// stale streams in the rest of `streams`: their draws are made and never read.)
    #[inline(always)]
    pub fn fill(&mut self, streams: &[u64; N], month_index: u32) {
        let month = u64::from(month_index).wrapping_mul(GOLDEN);
        let (keys, rest) = self.words.split_at_mut(1);
        for (key, &stream) in keys[0].iter_mut().zip(streams) {
            *key = mix64(stream.wrapping_add(month));
        }
        for (w, word) in rest.iter_mut().enumerate() {
            let salt = (w as u64 + 1).wrapping_mul(GOLDEN);
            for (bits, &key) in word.iter_mut().zip(&keys[0]) {
                *bits = mix64(key ^ salt);
            }
        }
    }

    /// The bits of one of the common words ([`Word::Stay`] ..= [`Word::Side`]) of every
    /// person of the block.
    #[inline(always)]
    pub fn word(&self, word: Word) -> &[u64; N] {
        &self.words[word as usize]
    }

    /// The draws of the block's person `j` (< `N`).
    #[inline(always)]
    pub fn get(&self, j: usize) -> PersonMonth {
        debug_assert!(j < N);
        // `% N` tells the compiler the index is in range (no bounds checks; N is a power
        // of two in the month loop, so it is an AND).
        PersonMonth {
            common: std::array::from_fn(|w| self.words[w][j % N]),
        }
    }
}

/// The uniform (u + ½)/2³² of a 32-bit draw u, in the open interval (0, 1) (exact: no
/// rounding reaches either end).
#[inline]
pub fn open_uniform32(u: u32) -> f64 {
    (f64::from(u) + 0.5) / 4_294_967_296.0
}

/// The uniform (m + ½)/2⁵³ of a 53-bit draw m, in the open interval (0, 1): the top
/// draw's value would round to 1, so it is the largest double below 1.
#[inline]
pub fn open_uniform53(m: u64) -> f64 {
    ((m as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)).min(1.0 - f64::EPSILON / 2.0)
}

/// The part of a person's month streams that does not change with the month.
#[inline]
pub fn person_stream(replication_key: u64, person: u64) -> u64 {
    mix64(replication_key ^ person)
}

/// Where a person's key puts those loaded from a register's start ([`person_key`]).
pub const START_ORIGIN: u64 = (1 << 27) - 1;

/// A person's key within a replication: where it entered (`origin`: 0 for the initial
/// population, 1 + the month index for inflow, [`START_ORIGIN`] for a register's
/// persons), its group and its number there. Packed, not hashed: distinct persons have
/// distinct keys by construction, and [`person_stream`] mixes the key anyway.
#[inline]
pub fn person_key(origin: u64, group: u64, number: u64) -> u64 {
    debug_assert!(origin <= START_ORIGIN && group < 16 && number < 1 << 32);
    (origin << 36) | (group << 32) | number
}

/// The month index whose draws are a person's traits ([`traits`]): never simulated.
const TRAITS_MONTH: u32 = u32::MAX;

/// [`traits`] of a batch of persons, column by column (the mixes run lane by lane).
#[derive(Clone, Copy, Debug)]
pub struct TraitDraws<const N: usize> {
    pub seniority: [u32; N],
    pub offer: [u32; N],
    pub work: [u32; N],
}

impl<const N: usize> Default for TraitDraws<N> {
    fn default() -> Self {
        TraitDraws {
            seniority: [0; N],
            offer: [0; N],
            work: [0; N],
        }
    }
}

impl<const N: usize> TraitDraws<N> {
    /// The first three uniforms of [`traits`] of every stream.
    #[inline]
    pub fn fill(&mut self, streams: &[u64; N]) {
        let month = u64::from(TRAITS_MONTH).wrapping_mul(GOLDEN);
        for (k, stream) in streams.iter().enumerate() {
            let key = mix64(stream.wrapping_add(month));
            let second = mix64(key ^ GOLDEN);
            self.seniority[k] = key as u32;
            self.offer[k] = (key >> 32) as u32;
            self.work[k] = second as u32;
        }
    }
}

/// Four 32-bit uniforms fixed for a person's whole stay (initial seniority and
/// propensities): the first two words of [`PersonMonth`] in a month index that is never
/// simulated, so they are independent of every simulated month's draws.
#[inline]
pub fn traits(stream: u64) -> [u32; 4] {
    let pm = PersonMonth::of_stream_words::<2>(stream, TRAITS_MONTH);
    [
        pm[0] as u32,
        (pm[0] >> 32) as u32,
        pm[1] as u32,
        (pm[1] >> 32) as u32,
    ]
}

/// The month index whose draws decide whether a person is among the truly absent but
/// unregistered passive and whether the follow-up finds them: never simulated.
const ABSENCE_TRAITS_MONTH: u32 = u32::MAX - 1;

/// Two 32-bit uniforms fixed for a person's whole stay: (is truly absent but
/// unregistered, is found by the absence follow-up). Independent of the person's
/// activity, so the share of the absent among the passive is the share drawn.
#[inline]
pub fn absence_traits(stream: u64) -> (u32, u32) {
    PersonMonth::of_stream(stream, ABSENCE_TRAITS_MONTH).pair(Word::Stay)
}

/// The key of replication `rep` under `seed`.
pub fn replication_key(seed: u64, rep: u64) -> u64 {
    key(&[seed, rep])
}

/// The stable key of a scenario parameter: its JSON path (e.g.
/// `initiatives[0].extra_offer_rate`) folded eight bytes at a time, so that the same
/// parameter draws from the same stream in every scenario and in every version.
pub fn parameter_key(path: &str) -> u64 {
    let words: Vec<u64> = path
        .as_bytes()
        .chunks(8)
        .map(|chunk| {
            let mut bytes = [0u8; 8];
            bytes[..chunk.len()].copy_from_slice(chunk);
            u64::from_le_bytes(bytes)
        })
        .chain([path.len() as u64])
        .collect();
    key(&words)
}

/// The one uniform in (0, 1) of a replication's draw for `purpose` and `keys` (e.g. an
/// effect size by its [`parameter_key`]): a quantile function turns it into the value,
/// so replication *i* takes the same quantile in every scenario.
pub fn replication_uniform(replication_key: u64, purpose: Event, keys: &[u64]) -> f64 {
    let parts: Vec<u64> = [replication_key, purpose as u64]
        .into_iter()
        .chain(keys.iter().copied())
        .collect();
    open_uniform53(key(&parts) >> 11)
}

/// A sequential generator for a keyed purpose (inflow of a group-month, a person's traits).
pub fn generator(parts: &[u64]) -> SplitMix64 {
    SplitMix64::seed_from_u64(key(parts))
}

/// A probability as a threshold on a 32-bit uniform: `hit(u)` is true with probability
/// p (to within 2⁻³²), never for p = 0 and always for p = 1. Integer compares keep the
/// month loop free of float conversions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Chance(u64);

impl Chance {
    pub const NEVER: Chance = Chance(0);
    pub const CERTAIN: Chance = Chance(1 << 32);

    /// The chance p, clamped to [0, 1].
    #[inline]
    pub fn new(p: f64) -> Chance {
        // The clamp also maps NaN to 0; below 2³³ the i64 conversion is exact enough.
        Chance((p.clamp(0.0, 1.0) * 4_294_967_296.0) as i64 as u64)
    }

    #[inline]
    pub fn hit(self, u: u32) -> bool {
        u64::from(u) < self.0
    }

    /// Whether `u` hits the chance 1 − `keep`/(1 + `odds`) (`keep` in [0, 1], `odds` ≥ 0,
    /// possibly infinite), without making a [`Chance`] or dividing: the offer chance
    /// changes every person-month. It is (1 − u)(1 + odds) > keep, with 1 − u > 0.
    #[inline]
    pub fn hit_odds(odds: f64, keep: f64, u: u32) -> bool {
        (4_294_967_296.0 - f64::from(u)) * (1.0 + odds) > keep * 4_294_967_296.0
    }

    /// The threshold on a 32-bit uniform (up to 2³²): `hit(u)` is `u < threshold`.
    #[inline]
    pub fn threshold(self) -> u64 {
        self.0
    }

    /// The probability it stands for.
    pub fn probability(self) -> f64 {
        self.0 as f64 / 4_294_967_296.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 32-bit half is uniform, and halves of the same word or of different words
    /// are uncorrelated.
    #[test]
    fn uniforms_are_uniform_and_independent() {
        let rk = replication_key(1, 0);
        let n = 200_000;
        let words = [Word::Stay, Word::Absence, Word::Activity, Word::Side];
        let mut sums = [0.0; 8];
        let mut prods = [0.0; 7];
        for p in 0..n {
            let d = PersonMonth::new(rk, p, 7);
            let us: Vec<f64> = words
                .iter()
                .flat_map(|&w| {
                    let (lo, hi) = d.pair(w);
                    [lo, hi].map(|x| f64::from(x) / 4_294_967_296.0)
                })
                .collect();
            for (sum, u) in sums.iter_mut().zip(&us) {
                *sum += u;
            }
            for (prod, pair) in prods.iter_mut().zip(us.windows(2)) {
                *prod += pair[0] * pair[1];
            }
        }
        let n = n as f64;
        for (k, sum) in sums.iter().enumerate() {
            assert!((sum / n - 0.5).abs() < 0.005, "mean of uniform {k}");
        }
        // The covariance of independent U(0,1) is 0; its s.e. here is ~0.0002.
        for (k, prod) in prods.iter().enumerate() {
            let cov = prod / n - (sums[k] / n) * (sums[k + 1] / n);
            assert!(cov.abs() < 0.002, "uniforms {k} and {}: {cov}", k + 1);
        }
    }

    #[test]
    fn streams_are_pure_functions_of_their_key() {
        let a = PersonMonth::new(replication_key(5, 3), 42, 10).pair(Word::Stay);
        let b = PersonMonth::new(replication_key(5, 3), 42, 10).pair(Word::Stay);
        let c = PersonMonth::new(replication_key(5, 4), 42, 10).pair(Word::Stay);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn chances_hit_at_their_rate_and_keep_the_ends() {
        for u in [0, 1, u32::MAX / 2, u32::MAX] {
            assert!(!Chance::new(0.0).hit(u));
            assert!(Chance::new(1.0).hit(u));
            assert_eq!(Chance::new(1.0), Chance::CERTAIN);
            assert_eq!(Chance::new(f64::NAN), Chance::NEVER);
        }
        let c = Chance::new(0.3);
        let n = 100_000u32;
        let hits = (0..n)
            .filter(|&p| c.hit(PersonMonth::new(9, u64::from(p), 2).pair(Word::Side).1))
            .count();
        // s.e. of the share is 0.0014
        assert!((hits as f64 / f64::from(n) - 0.3).abs() < 0.006, "{hits}");
        assert!((c.probability() - 0.3).abs() < 1e-9);
    }

    #[test]
    fn odds_hit_at_their_chance() {
        for u in [0, 1, u32::MAX] {
            assert!(Chance::hit_odds(f64::INFINITY, 1.0, u));
            assert!(!Chance::hit_odds(0.0, 1.0, u));
            assert!(Chance::hit_odds(0.0, 0.0, u), "keep 0: certain");
        }
        // odds 1 → 1/2; with keep 0.5 → 1 − 0.25 = 0.75
        let n = 100_000u32;
        let share = |odds: f64, keep: f64| {
            let hits = (0..n)
                .filter(|&p| {
                    let u = PersonMonth::new(4, u64::from(p), 3).pair(Word::Activity).0;
                    Chance::hit_odds(odds, keep, u)
                })
                .count();
            hits as f64 / f64::from(n)
        };
        assert!((share(1.0, 1.0) - 0.5).abs() < 0.007);
        assert!((share(1.0, 0.5) - 0.75).abs() < 0.007);
    }

    #[test]
    fn a_block_of_person_months_equals_one_by_one() {
        let streams: [u64; 8] = std::array::from_fn(|i| person_stream(17, i as u64 * 1000));
        let mut block = BlockDraws::default();
        block.fill(&streams, 29);
        for (j, stream) in streams.iter().enumerate() {
            assert_eq!(block.get(j), PersonMonth::of_stream(*stream, 29));
        }
    }

    /// Person keys are distinct for distinct (origin, group, number), the register's
    /// origin included, and a person's traits are the words of a month never simulated.
    #[test]
    fn person_keys_are_distinct_and_traits_are_their_own_month() {
        let mut keys = std::collections::HashSet::new();
        for origin in [0, 1, 2, 300, START_ORIGIN] {
            for group in 0..9 {
                for number in [0, 1, 2, 65_535, 1 << 20, u64::from(u32::MAX)] {
                    assert!(keys.insert(person_key(origin, group, number)));
                }
            }
        }
        let stream = person_stream(replication_key(1, 2), person_key(3, 4, 5));
        let month = PersonMonth::of_stream(stream, u32::MAX);
        let [a, b, c, d] = traits(stream);
        assert_eq!(
            (month.pair(Word::Stay), month.pair(Word::Absence)),
            ((a, b), (c, d))
        );
        for mi in 0..400 {
            assert_ne!(PersonMonth::of_stream(stream, mi), month);
        }
    }

    #[test]
    fn a_batch_of_traits_equals_one_by_one() {
        let streams: [u64; 8] =
            std::array::from_fn(|i| person_stream(23, person_key(5, 2, i as u64)));
        let mut batch = TraitDraws::default();
        batch.fill(&streams);
        for (k, &stream) in streams.iter().enumerate() {
            let [seniority, offer, work, _] = traits(stream);
            assert_eq!(
                (batch.seniority[k], batch.offer[k], batch.work[k]),
                (seniority, offer, work)
            );
        }
    }

    /// A parameter's uniform depends on its path and the replication alone, and distinct
    /// paths (also a prefix of another) draw distinct numbers.
    #[test]
    fn parameter_draws_are_keyed_by_path_and_replication() {
        let paths = [
            "initiatives[0].extra_offer_rate",
            "initiatives[1].extra_offer_rate",
            "initiatives[0].extra_offer_ra",
            "initiatives[0].extra_offer_rate\0",
        ];
        let keys: Vec<u64> = paths.iter().map(|p| parameter_key(p)).collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        let rk = replication_key(7, 3);
        let u = replication_uniform(rk, Event::EffectSize, &[keys[0]]);
        assert_eq!(u, replication_uniform(rk, Event::EffectSize, &[keys[0]]));
        assert_ne!(u, replication_uniform(rk, Event::EffectSize, &[keys[1]]));
        assert_ne!(u, replication_uniform(rk, Event::Calibration, &[keys[0]]));
        let n = 20_000;
        let mean: f64 = (0..n)
            .map(|r| replication_uniform(replication_key(7, r), Event::EffectSize, &[keys[0]]))
            .sum::<f64>()
            / n as f64;
        // s.e. 0.002
        assert!((mean - 0.5).abs() < 0.008, "{mean}");
    }

    #[test]
    fn open_uniforms_avoid_the_ends() {
        for p in 0..10_000 {
            let u = PersonMonth::new(3, p, 1).open_uniform(Word::HoursAmount);
            assert!(u > 0.0 && u < 1.0);
        }
        let top = (1u64 << 53) - 1;
        assert!(open_uniform53(0) > 0.0);
        assert!(
            open_uniform53(top) < 1.0,
            "the top draw rounds to 1 without the cap"
        );
        assert!(open_uniform53(top) > open_uniform53(top - 1));
    }
}
