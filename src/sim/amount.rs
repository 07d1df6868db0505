//! Hours amounts as a step function of their draw. A month's ordinary (or frikort) hours
//! are log-normal, `median · exp(σ·Z)`, rounded to whole hours and kept within 0–744;
//! Z = Φ⁻¹(u) for the 53-bit uniform u = (m + ½)/2⁵³ of the person-month's amount word.
//! Whole hours make the amount a non-decreasing step function of m, so instead of a
//! normal quantile and an exponential per amount, the table holds the least m of every
//! step (found once per scenario by bisection on the direct computation,
//! [`whole_hours_at`]) and a draw's amount is the number of steps at or below it.
//! The amounts are the direct computation's, draw for draw, except right at a step's
//! edge, where rounding in the normal quantile's rational function makes Z jitter by
//! about 1e-13 and the direct computation is not monotone: there the table is (a draw
//! lands in such a sliver with a probability of order 1e-12). The fixed-seed results
//! did not change.

use super::fastmath;

/// The 53-bit draws: m in 0..2⁵³.
const DRAWS: u64 = 1 << 53;
/// The guide: the draw's top bits choose the steps to search.
const GUIDE_BITS: u32 = 10;
const GUIDE_SHIFT: u32 = 53 - GUIDE_BITS;
/// Simulated hours are whole hours, and a month has at most 744.
pub const MAX_HOURS: u16 = 744;

/// Whole hours rounded from `h` (half up), within 0..=744.
#[inline]
fn whole_hours(h: f64) -> u16 {
    // Adding ½ and truncating avoids a library call for `round`.
    (h.clamp(0.0, f64::from(MAX_HOURS)) + 0.5) as u16
}

/// The amount of draw `m` computed directly: the definition the table reproduces.
pub fn whole_hours_at(median: f64, sigma: f64, m: u64) -> u16 {
    let u = super::rng::open_uniform53(m);
    whole_hours(median * fastmath::exp(sigma * fastmath::normal_quantile(u)))
}

/// Log-normal whole hours with a given median and log-σ, by draw.
#[derive(Clone, Debug)]
pub struct WholeHours {
    /// `steps[h − 1]`: the least draw whose amount is at least h.
    steps: Vec<u64>,
    /// `guide[b]`: the amount at the first draw of guide bucket b, for b = 0..=2^`GUIDE_BITS`
    /// (the last is the number of steps).
    guide: Vec<u16>,
}

impl WholeHours {
    pub fn new(median: f64, sigma: f64) -> WholeHours {
        let at = |m: u64| whole_hours_at(median, sigma, m);
        let mut steps = Vec::new();
        let mut low = 0;
        // Up to the amount of the top draw, the largest there is.
        for h in 1..=at(DRAWS - 1) {
            // The least m in [low, 2⁵³) with an amount of at least h: below low, the
            // amount is below h − 1.
            let (mut lo, mut hi) = (low, DRAWS - 1);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if at(mid) >= h {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            steps.push(lo);
            low = lo;
        }
        let guide = (0..=1u64 << GUIDE_BITS)
            .map(|b| steps.partition_point(|&s| s <= b << GUIDE_SHIFT) as u16)
            .collect();
        WholeHours { steps, guide }
    }

    /// The amount of draw `m` (< 2⁵³).
    #[inline]
    pub fn at(&self, m: u64) -> u16 {
        let b = (m >> GUIDE_SHIFT) as usize;
        let (first, last) = (usize::from(self.guide[b]), usize::from(self.guide[b + 1]));
        (first + self.steps[first..last].partition_point(|&s| s <= m)) as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each step starts where the direct computation first reaches it, the table never
    /// decreases, and random draws (and the ends) give the direct amounts.
    fn check(median: f64, sigma: f64) {
        let table = WholeHours::new(median, sigma);
        let direct = |m| whole_hours_at(median, sigma, m);
        for (h, &s) in (1..).zip(&table.steps) {
            assert!(
                direct(s) >= h,
                "median {median}, σ {sigma}: step {h} at {s}"
            );
            assert!(
                s == 0 || direct(s - 1) < h,
                "median {median}, σ {sigma}: step {h} at {s}"
            );
            assert!(table.at(s) >= h && (s == 0 || table.at(s - 1) < h));
        }
        assert!(table.steps.windows(2).all(|w| w[0] <= w[1]));
        let mut m = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1_000_000 {
            m = super::super::rng::mix64(m);
            let draw = m >> 11;
            assert_eq!(
                table.at(draw),
                direct(draw),
                "median {median}, σ {sigma}, m {draw}"
            );
        }
        for draw in [0, 1, DRAWS / 2, DRAWS - 2, DRAWS - 1] {
            assert_eq!(table.at(draw), direct(draw));
        }
    }

    #[test]
    fn the_table_gives_the_direct_amounts() {
        // The shipped hours (30, 0.8) and frikort hours (15, 0.6), and extremes: amounts
        // that reach the 744 cap, and amounts that are mostly 0.
        for (median, sigma) in [
            (30.0, 0.8),
            (15.0, 0.6),
            (400.0, 1.5),
            (0.3, 0.5),
            (80.0, 0.0),
        ] {
            check(median, sigma);
        }
    }

    #[test]
    fn a_median_of_zero_is_always_zero_hours() {
        let table = WholeHours::new(0.0, 0.8);
        assert!(table.steps.is_empty());
        assert_eq!(table.at(DRAWS - 1), 0);
    }
}
