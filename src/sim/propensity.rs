//! The propensity distribution Gamma(k, 1/k) (mean 1, variance 1/k) drawn by its
//! quantile function from one 32-bit uniform: a table lookup instead of a rejection
//! sampler fed by a sequential generator. A person's propensities are then, like every
//! other draw, a pure function of its stream (`docs/model.md` §2).
//!
//! The quantile is tabulated once per scenario (a few milliseconds). The body,
//! probabilities 1/64 to 63/64, interpolates linearly between the exact quantiles at
//! multiples of 1/4096, so a draw always lies between the exact quantiles of its two
//! neighbouring knots. The two tails, where the quantile runs off steeply, interpolate
//! its logarithm over −log₂ of the tail probability, down to the 2⁻³³ a 32-bit uniform
//! reaches. Measured over shapes 0.05 to 1000 (the tests), a draw's probability under
//! the exact distribution is its uniform's to 2e-5 in the body and to a relative 2e-4 of
//! the tail probability in the tails; that is far below what 10,000 replications of a
//! caseload can resolve.

use super::rng::open_uniform32;
use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

/// Intervals of the body: the uniform's top `BODY_BITS` bits choose the interval, the
/// rest place the draw within it.
const BODY_BITS: u32 = 12;
const BODY_LEN: usize = 1 << BODY_BITS;
const FRACTION_BITS: u32 = 32 - BODY_BITS;
/// Each tail is the outermost 2^−`TAIL_FROM_BITS` of probability (64 body intervals),
/// tabulated with this many knots per halving of the tail probability down to 2⁻³³.
const TAIL_FROM_BITS: u32 = 6;
const TAIL_INTERVALS: usize = 1 << (BODY_BITS - TAIL_FROM_BITS);
const TAIL_STEPS_PER_BIT: usize = 16;
const TAIL_LEN: usize = (33 - TAIL_FROM_BITS as usize) * TAIL_STEPS_PER_BIT + 1;

/// The quantile function of Gamma(k, 1/k), tabulated.
#[derive(Clone, Debug)]
pub struct PropensityQuantile {
    /// Exact quantiles at j/N, j = 0..=N (those in the tails are not read).
    body: Vec<f32>,
    /// ln of the exact quantiles at probability 2^−t (lower) and 1 − 2^−t (upper) for
    /// t = `TAIL_FROM_BITS` + i/`TAIL_STEPS_PER_BIT`.
    lower_ln: Vec<f64>,
    upper_ln: Vec<f64>,
}

impl PropensityQuantile {
    /// The table for shape `shape` (the scenario's `heterogeneity_shape`, validated to
    /// 0.05 – 1000).
    pub fn new(shape: f64) -> PropensityQuantile {
        let gamma = GammaQuantile::new(shape);
        let tail_probability =
            |i: usize| (-(f64::from(TAIL_FROM_BITS) + i as f64 / TAIL_STEPS_PER_BIT as f64)).exp2();
        // Quantiles below f32's range are 0: a propensity that small gives no offers
        // and no hours, exactly as its true value would.
        let body = (0..=BODY_LEN)
            .map(|j| gamma.lower(j as f64 / BODY_LEN as f64).exp() as f32)
            .collect();
        PropensityQuantile {
            body,
            lower_ln: (0..TAIL_LEN)
                .map(|i| gamma.lower(tail_probability(i)))
                .collect(),
            upper_ln: (0..TAIL_LEN)
                .map(|i| gamma.upper(tail_probability(i)))
                .collect(),
        }
    }

    /// The propensity at the uniform `u` (the probability (u + ½)/2³²).
    #[inline]
    pub fn at(&self, u: u32) -> f32 {
        let j = (u >> FRACTION_BITS) as usize;
        if !(TAIL_INTERVALS..BODY_LEN - TAIL_INTERVALS).contains(&j) {
            return self.tail(u);
        }
        let fraction =
            (u & ((1 << FRACTION_BITS) - 1)) as f32 * (1.0 / (1 << FRACTION_BITS) as f32);
        let (a, b) = (self.body[j], self.body[j + 1]);
        a + (b - a) * fraction
    }

    /// The two tails (probability 1/32 together): a logarithm and an exponential.
    #[cold]
    fn tail(&self, u: u32) -> f32 {
        let (table, tail_probability) = if u < 1 << 31 {
            (&self.lower_ln, open_uniform32(u))
        } else {
            (
                &self.upper_ln,
                (4_294_967_295.5 - f64::from(u)) / 4_294_967_296.0,
            )
        };
        let x = (-tail_probability.log2() - f64::from(TAIL_FROM_BITS)) * TAIL_STEPS_PER_BIT as f64;
        let i = (x as usize).min(TAIL_LEN - 2);
        let fraction = x - i as f64;
        let ln = table[i] + (table[i + 1] - table[i]) * fraction;
        ln.exp() as f32
    }
}

/// Exact quantiles of Gamma(k, rate k), as logarithms: the lower tail of small shapes
/// reaches far below what an absolute tolerance can resolve (statrs' `inverse_cdf`
/// stops within 2.2e-16 of 0), so the equation is solved for ln x, in log probability,
/// by Newton's method kept inside a bisection bracket.
struct GammaQuantile {
    shape: f64,
    ln_normaliser: f64,
}

impl GammaQuantile {
    fn new(shape: f64) -> GammaQuantile {
        GammaQuantile {
            shape,
            // ln of k^k/Γ(k), the density's constant.
            ln_normaliser: shape * shape.ln() - ln_gamma(shape),
        }
    }

    /// ln(x · f(x)) at x = e^y: the log of the CDF's derivative with respect to y.
    fn ln_density_dy(&self, y: f64) -> f64 {
        let k = self.shape;
        self.ln_normaliser + k * y - k * y.exp()
    }

    /// ln of the quantile at lower-tail probability p (0 ≤ p ≤ ½ is where it is
    /// accurate; p = 0 gives −∞).
    fn lower(&self, p: f64) -> f64 {
        if p <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let k = self.shape;
        self.solve(|y| {
            let ln_cdf = gamma_lr(k, k * y.exp()).ln();
            (ln_cdf - p.ln(), (self.ln_density_dy(y) - ln_cdf).exp())
        })
    }

    /// ln of the quantile at upper-tail probability q: 1 − F(x) = q.
    fn upper(&self, q: f64) -> f64 {
        let k = self.shape;
        self.solve(|y| {
            let ln_sf = gamma_ur(k, k * y.exp()).ln();
            (q.ln() - ln_sf, (self.ln_density_dy(y) - ln_sf).exp())
        })
    }

    /// The root in y of an increasing h, given (h(y), h'(y)).
    fn solve(&self, h: impl Fn(f64) -> (f64, f64)) -> f64 {
        // e^−740 is near f64's smallest positive number; the upper end grows until the
        // root is bracketed.
        let (mut low, mut high) = (-740.0, 1.0);
        while h(high).0 < 0.0 {
            high += 1.0;
        }
        let mut y = 0.0f64.clamp(low, high);
        for _ in 0..200 {
            let (value, slope) = h(y);
            if value.is_nan() {
                break;
            }
            if value < 0.0 {
                low = y;
            } else {
                high = y;
            }
            let newton = y - value / slope;
            let next = if newton.is_finite() && newton > low && newton < high {
                newton
            } else {
                0.5 * (low + high)
            };
            if (next - y).abs() <= 1e-14 * (1.0 + y.abs()) {
                return next;
            }
            y = next;
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::ContinuousCDF;

    /// Uniforms spread over the body and both tails, the tails' extremes included.
    fn uniforms() -> impl Iterator<Item = u32> {
        let body = (0..=20_000u64).map(|k| (k * u64::from(u32::MAX) / 20_000) as u32);
        let tails = (0..32).flat_map(|b| {
            let v = 1u32 << b;
            [v - 1, v, v + 7, u32::MAX - v + 1, u32::MAX - v - 7]
        });
        body.chain(tails)
    }

    /// Every draw's probability under the exact distribution is its uniform's: to 2e-5
    /// in the body, and to a relative 2e-4 of the tail probability in the tails, over the
    /// whole range of shapes a scenario may state.
    #[test]
    fn draws_follow_the_exact_distribution() {
        for shape in [0.05, 0.1, 0.3, 0.5, 1.0, 2.0, 7.5, 1000.0] {
            let table = PropensityQuantile::new(shape);
            let (mut body, mut tails): (f64, f64) = (0.0, 0.0);
            for u in uniforms() {
                let p = open_uniform32(u);
                let drawn = f64::from(table.at(u));
                assert!(
                    drawn.is_finite() && drawn >= 0.0,
                    "shape {shape}, u {u}: {drawn}"
                );
                if drawn < f64::from(f32::MIN_POSITIVE) {
                    // Below f32's normal range (where a propensity gives no offers and no
                    // hours in 2⁻³² steps anyway): so must the exact quantile be.
                    let tiny = gamma_lr(shape, shape * 2.0 * f64::from(f32::MIN_POSITIVE));
                    assert!(
                        tiny >= p,
                        "shape {shape}, u {u}: {drawn} drawn, F {tiny} < {p}"
                    );
                    continue;
                }
                let (lower, upper) = (
                    gamma_lr(shape, shape * drawn),
                    gamma_ur(shape, shape * drawn),
                );
                if p < 1.0 / 64.0 {
                    tails = tails.max((lower / p - 1.0).abs());
                } else if 1.0 - p < 1.0 / 64.0 {
                    tails = tails.max((upper / (1.0 - p) - 1.0).abs());
                } else {
                    body = body.max((lower - p).abs());
                }
            }
            assert!(body < 2e-5, "shape {shape}: body probability error {body}");
            assert!(
                tails < 2e-4,
                "shape {shape}: relative tail probability error {tails}"
            );
        }
    }

    /// A draw is the exact quantile to a relative 1e-3 everywhere, tails included, for
    /// shape 1 (the exponential distribution, quantile −ln(1 − p)) and, where its
    /// absolute tolerance allows, statrs' quantile for shapes 2 and 5; for shape 1 to
    /// a relative 1e-4.
    #[test]
    fn draws_are_close_to_the_exact_quantile() {
        let exponential = PropensityQuantile::new(1.0);
        for shape in [1.0, 2.0, 5.0] {
            let table = PropensityQuantile::new(shape);
            let gamma = statrs::distribution::Gamma::new(shape, shape).unwrap();
            for u in uniforms() {
                let p = open_uniform32(u);
                let exact = if shape == 1.0 {
                    -(-p).ln_1p()
                } else {
                    gamma.inverse_cdf(p)
                };
                if exact < 1e-6 {
                    continue;
                }
                let drawn = f64::from(table.at(u));
                assert!(
                    (drawn - exact).abs() <= 1e-3 * exact,
                    "shape {shape}, u {u}: {drawn} vs {exact}"
                );
            }
        }
        for u in uniforms() {
            let p = open_uniform32(u);
            let (drawn, exact) = (f64::from(exponential.at(u)), -(-p).ln_1p());
            assert!(
                (drawn - exact).abs() <= 1e-4 * exact,
                "u {u}: {drawn} vs {exact}"
            );
        }
    }

    /// Draws are monotone in the uniform, across the body's and the tails' seams.
    #[test]
    fn draws_increase_with_the_uniform() {
        let table = PropensityQuantile::new(2.0);
        // Where the body meets the lower and the upper tail.
        let seams = [
            (TAIL_INTERVALS as u32) << FRACTION_BITS,
            ((BODY_LEN - TAIL_INTERVALS) as u32) << FRACTION_BITS,
        ];
        for seam in seams {
            let around: Vec<f32> = (seam - 50..seam + 50).map(|u| table.at(u)).collect();
            assert!(
                around.windows(2).all(|w| w[0] <= w[1]),
                "seam {seam}: {around:?}"
            );
        }
        let mut sorted: Vec<u32> = uniforms().collect();
        sorted.sort_unstable();
        let draws: Vec<f32> = sorted.iter().map(|&u| table.at(u)).collect();
        assert!(draws.windows(2).all(|w| w[0] <= w[1]));
    }
}
