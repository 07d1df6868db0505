//! One-at-a-time sensitivity (the tornado) and goal seek on a lever, both by changing one
//! number of a scenario at a JSON path and re-running on the same seed and replications
//! (common random numbers), so the differences come from the parameter, not from noise.

use crate::InputError;
use crate::run::{Driver, RunConfig, RunResult, simulate_all, summarize_all};
use crate::scenario::load::{Loaded, from_merged, merged_value, set_number};
use serde::Serialize;

/// The effect of swinging one parameter over its range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swing {
    /// JSON path of the parameter.
    pub parameter: String,
    /// Low and high values.
    pub low: f64,
    /// High value.
    pub high: f64,
    /// Why this range.
    pub source: Option<String>,
    /// P(target met) at the low and high value.
    pub p_target_met: [f64; 2],
    /// Mean year mean (percent) at the low and high value.
    pub year_mean_pct: [f64; 2],
}

impl Swing {
    /// Width of the swing in year-mean points (the tornado's bar length).
    pub fn year_mean_range(&self) -> f64 {
        (self.year_mean_pct[1] - self.year_mean_pct[0]).abs()
    }
}

/// The tornado: the base result and the swings, largest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The scenario at its own values.
    pub base: RunResult,
    /// One swing per range, ranked by the width of the year-mean swing.
    pub swings: Vec<Swing>,
}

/// Run `loaded` with the number at `parameter` set to `value`.
pub fn run_with(
    driver: &Driver,
    loaded: &Loaded,
    origin: &str,
    parameter: &str,
    value: f64,
    config: &RunConfig,
) -> crate::Result<RunResult> {
    let mut v = merged_value(loaded);
    set_number(&mut v, parameter, value).map_err(|m| InputError::new(origin, m))?;
    let changed = from_merged(v, &format!("{origin} with {parameter} = {value}"))?;
    let simulated = simulate_all(driver, &changed, None, config)?;
    Ok(summarize_all(&changed, origin, config, &simulated).swap_remove(0))
}

/// The scenarios a tornado simulates: the base and each range's two ends.
pub fn points(loaded: &Loaded) -> u64 {
    1 + 2 * loaded.scenario.sensitivity().len() as u64
}

/// Swing every range in the scenario's `sensitivity` list.
pub fn sensitivity(
    driver: &Driver,
    loaded: &Loaded,
    origin: &str,
    config: &RunConfig,
) -> crate::Result<Sensitivity> {
    if loaded.scenario.sensitivity().is_empty() {
        return Err(InputError::at(
            origin,
            "sensitivity",
            "is empty: list the uncertain parameters with their low and high values",
        )
        .into());
    }
    let simulated = simulate_all(driver, loaded, None, config)?;
    let base = summarize_all(loaded, origin, config, &simulated).swap_remove(0);
    let mut swings = Vec::new();
    for (i, r) in loaded.scenario.sensitivity().iter().enumerate() {
        let at = |v: f64| {
            run_with(driver, loaded, origin, r.parameter.as_str(), v, config).map_err(|e| match e {
                crate::Error::Input(mut ie) => {
                    ie.location = Some(format!("sensitivity[{i}]"));
                    crate::Error::Input(ie)
                }
                other => other,
            })
        };
        let (lo, hi) = (at(r.low)?, at(r.high)?);
        swings.push(Swing {
            parameter: r.parameter.to_string(),
            low: r.low,
            high: r.high,
            source: r.source.as_ref().map(ToString::to_string),
            p_target_met: [lo.p_target_met, hi.p_target_met],
            year_mean_pct: [
                lo.year_mean_pct.mean.unwrap_or(f64::NAN),
                hi.year_mean_pct.mean.unwrap_or(f64::NAN),
            ],
        });
    }
    swings.sort_by(|a, b| b.year_mean_range().total_cmp(&a.year_mean_range()));
    Ok(Sensitivity { base, swings })
}

/// The result of a goal seek.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Solution {
    /// The lever's JSON path.
    pub lever: String,
    /// The required probability.
    pub level: f64,
    /// The range searched.
    pub range: [f64; 2],
    /// The smallest value found that reaches the level (`None`: not reachable in range).
    pub value: Option<f64>,
    /// P(target met) at that value, or at the top of the range when unreachable.
    pub p_target_met: f64,
    /// The runs made: (value, p_target_met), in search order.
    pub evaluations: Vec<(f64, f64)>,
}

/// A goal seek: the lever, the range searched, the probability to reach, and the
/// bracket width at which the search stops.
#[derive(Clone, Debug, PartialEq)]
pub struct Seek {
    lever: String,
    range: [f64; 2],
    level: f64,
    tolerance: f64,
}

impl Seek {
    /// A seek of `lever` over `range` (low below high) for P(goal) ≥ `level` (a
    /// probability), stopping at `tolerance` (default: 1/64 of the range).
    pub fn new(
        lever: &str,
        range: [f64; 2],
        level: f64,
        tolerance: Option<f64>,
    ) -> Result<Seek, InputError> {
        let [from, to] = range;
        if !(from.is_finite() && to.is_finite()) || from >= to {
            return Err(InputError::new(
                "--from/--to",
                format!("{from} to {to} is not a range (expected from < to)"),
            ));
        }
        if !(0.0..=1.0).contains(&level) {
            return Err(InputError::new(
                "--level",
                format!("{level} is not a probability (expected 0 to 1)"),
            ));
        }
        let tolerance = tolerance.unwrap_or((to - from) / 64.0);
        if !(tolerance.is_finite() && tolerance > 0.0) {
            return Err(InputError::new(
                "--tolerance",
                format!("{tolerance} must be a positive number"),
            ));
        }
        Ok(Seek {
            lever: lever.into(),
            range,
            level,
            tolerance,
        })
    }

    /// The most scenarios the bisection runs: both ends, then one point per halving of
    /// the range down to the tolerance.
    pub fn max_points(&self) -> u64 {
        let [from, to] = self.range;
        2 + ((to - from) / self.tolerance)
            .log2()
            .ceil()
            .clamp(0.0, 64.0) as u64
    }
}

/// Smallest lever value in the seek's range with P(target met) ≥ its level, by
/// bisection on common random numbers (so P is a monotone step function of the lever
/// for the usual levers).
pub fn solve(
    driver: &Driver,
    loaded: &Loaded,
    origin: &str,
    seek: &Seek,
    config: &RunConfig,
) -> crate::Result<Solution> {
    let Seek {
        lever,
        range,
        level,
        tolerance,
    } = seek;
    let (lever, range, level, tolerance) = (lever.as_str(), *range, *level, *tolerance);
    let [mut lo, mut hi] = range;
    let mut evaluations = Vec::new();
    let mut p_at = |v: f64| -> crate::Result<f64> {
        let p = run_with(driver, loaded, origin, lever, v, config)?.p_target_met;
        evaluations.push((v, p));
        Ok(p)
    };
    let p_hi = p_at(hi)?;
    if p_hi < level {
        return Ok(Solution {
            lever: lever.into(),
            level,
            range,
            value: None,
            p_target_met: p_hi,
            evaluations,
        });
    }
    let p_lo = p_at(lo)?;
    if p_lo >= level {
        return Ok(Solution {
            lever: lever.into(),
            level,
            range,
            value: Some(lo),
            p_target_met: p_lo,
            evaluations,
        });
    }
    let mut p_best = p_hi;
    while hi - lo > tolerance {
        let mid = 0.5 * (lo + hi);
        let p = p_at(mid)?;
        if p >= level {
            hi = mid;
            p_best = p;
        } else {
            lo = mid;
        }
    }
    Ok(Solution {
        lever: lever.into(),
        level,
        range,
        value: Some(hi),
        p_target_met: p_best,
        evaluations,
    })
}
