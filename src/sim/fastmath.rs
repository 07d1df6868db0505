//! The two transcendental functions that define the log-normal hours amounts: `exp`
//! and the normal quantile, computed inline (no library call). The month loop does not
//! call them: `amount.rs` tabulates the whole-hour amounts they give, once per scenario.
//! Both are accurate far beyond what a Monte Carlo estimate can resolve; the tests pin
//! them against `f64::exp` and statrs.

use std::f64::consts::{LN_2, LOG2_E};

/// Adding and subtracting 1.5 · 2⁵² rounds an f64 below 2⁵¹ to the nearest integer
/// without a library call (`round` is one on baseline x86-64).
const ROUND: f64 = 6_755_399_441_055_744.0;
/// The exponent is split as n/64 + r: a table holds 2^(j/64), and eʳ with |r| ≤ ln 2/128
/// needs only a degree-4 polynomial (a short dependency chain).
const TABLE_BITS: u32 = 6;
const TABLE_LEN: usize = 1 << TABLE_BITS;
/// 64/ln 2, and ln 2/64 split so that `n · STEP_HI` is exact for |n| < 2²⁴ (Cody–Waite:
/// `STEP_HI` has 24 trailing zero bits).
const INV_STEP: f64 = TABLE_LEN as f64 * LOG2_E;
const STEP_HI: f64 = 0.010_830_424_667_801_708;
const STEP_LO: f64 = LN_2 / TABLE_LEN as f64 - STEP_HI;
/// 2^(j/64), j = 0..64, computed at compile time by the Taylor series of e^(j ln 2/64).
const TWO_TO_FRACTIONS: [f64; TABLE_LEN] = two_to_fractions();

const fn two_to_fractions() -> [f64; TABLE_LEN] {
    let mut table = [0.0; TABLE_LEN];
    let mut j = 0;
    while j < TABLE_LEN {
        let x = j as f64 * (LN_2 / TABLE_LEN as f64);
        let (mut term, mut sum, mut k) = (1.0, 1.0, 1);
        while k < 30 {
            term = term * x / k as f64;
            sum += term;
            k += 1;
        }
        table[j] = sum;
        j += 1;
    }
    table
}

/// eˣ to a relative error below 1e-13; 0 below −708 and ∞ above 709.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x < -708.0 {
        return 0.0;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    // x = (64k + j)·ln 2/64 + r, so eˣ = 2ᵏ · 2^(j/64) · eʳ.
    let shifted = x * INV_STEP + ROUND;
    // The low 32 bits of the shifted mantissa are n in two's complement: no float-to-int
    // conversion (with its saturation checks) is needed.
    let n = shifted.to_bits() as u32 as i32;
    let nf = shifted - ROUND;
    let r = (x - nf * STEP_HI) - nf * STEP_LO;
    let j = (n & (TABLE_LEN as i32 - 1)) as usize;
    let k = i64::from(n >> TABLE_BITS);
    // Degree 4 in Estrin form: the remainder is below (ln 2/128)⁵/5! ≈ 4e-14.
    let r2 = r * r;
    let p = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0));
    // 2^(j/64) · 2ᵏ by adding k to the table entry's exponent (the result is normal
    // for x ≥ −708).
    let scaled = f64::from_bits(TWO_TO_FRACTIONS[j].to_bits().wrapping_add((k as u64) << 52));
    scaled * p
}

/// The standard normal quantile Φ⁻¹(p) for p in (0, 1): Acklam's rational
/// approximation (relative error below 1.2e-9), whose central region (95 % of draws) needs
/// no logarithm.
#[inline]
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        let num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
        let den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0;
        num / den
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        let num = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
        let den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0;
        num / den
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{ContinuousCDF, Normal};

    #[test]
    fn exp_matches_the_library() {
        let mut worst: f64 = 0.0;
        for k in -70_000..=70_000 {
            let x = f64::from(k) * 0.01;
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            worst = worst.max(rel);
        }
        assert!(worst < 1e-13, "worst relative error {worst}");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-1000.0), 0.0);
        assert_eq!(exp(1000.0), f64::INFINITY);
    }

    #[test]
    fn normal_quantile_matches_statrs() {
        let normal = Normal::standard();
        let mut worst: f64 = 0.0;
        for k in 1..100_000 {
            let p = f64::from(k) / 100_000.0;
            let exact = normal.inverse_cdf(p);
            worst = worst.max((normal_quantile(p) - exact).abs() / exact.abs().max(1.0));
        }
        for p in [1e-12, 1e-9, 1e-6, 1.0 - 1e-6, 1.0 - 1e-9] {
            let exact = normal.inverse_cdf(p);
            worst = worst.max((normal_quantile(p) - exact).abs() / exact.abs());
        }
        assert!(worst < 2e-9, "worst relative error {worst}");
    }
}
