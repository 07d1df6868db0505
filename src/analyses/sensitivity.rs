//! One-at-a-time sensitivity (the tornado) and goal seek on a lever, both by changing one
//! number of a scenario at a JSON path and re-running on the same seed and replications
//! (common random numbers), so the differences come from the parameter, not from noise.
//!
//! A tornado of a calibrated scenario keeps the fit: a swing that moves the simulated
//! observed months away from them is refitted (the calibration's common random numbers,
//! warm-started from the current fit) before it is scored, so the swing shows what the
//! parameter changes about the future, not how badly the past is missed.

use crate::InputError;
use crate::analyses::calibrate::Anchor;
use crate::error::da_number;
use crate::run::{Driver, Prefix, RunConfig, RunResult, summarize_all};
use crate::scenario::file::RangeUnit;
use crate::scenario::load::{Loaded, from_merged, merged_value, set_number};
use crate::vocab::label::Text;
use serde::Serialize;

/// The effect of swinging one parameter over its range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swing {
    /// JSON path of the parameter.
    pub parameter: String,
    /// What the parameter is, for people (the range's `label`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// How the low and high values are shown (the range's `unit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<RangeUnit>,
    /// Low and high values.
    pub low: f64,
    /// High value.
    pub high: f64,
    /// Why this range.
    pub source: Option<Text>,
    /// P(target met) at the low and high value.
    pub p_target_met: [f64; 2],
    /// Mean year mean (percent) at the low and high value.
    pub year_mean_pct: [f64; 2],
    /// Whether the offer rates were refitted to the observed months at the low and at
    /// the high value before scoring (the value moved the simulated observed months).
    pub refitted: [bool; 2],
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

/// Run `loaded` with the number at `parameter` set to `value` (continued from `prefix`,
/// `loaded`'s checkpoints, where the change allows it).
pub fn run_with(
    driver: &Driver,
    prefix: &Prefix,
    loaded: &Loaded,
    origin: &str,
    parameter: &str,
    value: f64,
    config: &RunConfig,
) -> crate::Result<RunResult> {
    run_refitted(
        driver, prefix, loaded, origin, parameter, value, config, None,
    )
    .map(|(r, _)| r)
}

/// Run `loaded` with the number at `parameter` set to `value`; with an `anchor`, first
/// refit the offer rates to the observed months when the value moved them (not when the
/// parameter is itself a fitted rate: a refit would undo the swing). Returns the result
/// and whether it was refitted. The run continues from `prefix` (`loaded`'s checkpoints)
/// where the changed scenario simulates as `loaded` before them: not after a refit,
/// which changes the offer rates from the first month.
#[allow(clippy::too_many_arguments)]
pub fn run_refitted(
    driver: &Driver,
    prefix: &Prefix,
    loaded: &Loaded,
    origin: &str,
    parameter: &str,
    value: f64,
    config: &RunConfig,
    anchor: Option<&Anchor>,
) -> crate::Result<(RunResult, bool)> {
    let mut v = merged_value(loaded);
    set_number(&mut v, parameter, value).map_err(|m| InputError::new(origin, m))?;
    let shown = format!("{origin} with {parameter} = {value}");
    let mut changed = from_merged(v.clone(), &shown)?;
    let fitted_itself = parameter.ends_with(".offer_rate") || parameter.ends_with(".offer_trend");
    let refit = match anchor {
        Some(anchor) if !fitted_itself => anchor.refit(driver, &changed.scenario)?,
        _ => None,
    };
    if let Some(cal) = &refit {
        for (g, rate) in &cal.offer_rate {
            let trend = cal.offer_trend.get(g).copied().unwrap_or(0.0);
            // Set, not `set_number`: a trend the file leaves out (0) is set all the same.
            let group = v
                .get_mut("groups")
                .and_then(|gs| gs.get_mut(g.code()))
                .and_then(serde_json::Value::as_object_mut)
                .expect("a fitted group is in the scenario's groups");
            group.insert("offer_rate".into(), serde_json::json!(rate));
            group.insert("offer_trend".into(), serde_json::json!(trend));
        }
        changed = from_merged(v, &format!("{shown}, refitted"))?;
    }
    let simulated = prefix.simulate(driver, &changed, config)?;
    let result = summarize_all(&changed, origin, config, &simulated).swap_remove(0);
    Ok((result, refit.is_some()))
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
            crate::text!(
                da: "er tom: angiv de usikre parametre med deres lave og høje værdier",
                en: "is empty: list the uncertain parameters with their low and high values"
            ),
        )
        .into());
    }
    let (simulated, prefix) = Prefix::keep(driver, loaded, config)?;
    let base = summarize_all(loaded, origin, config, &simulated).swap_remove(0);
    let anchor = Anchor::of(driver, &loaded.scenario, config.checkpoint_memory)?;
    let mut swings = Vec::new();
    for (i, r) in loaded.scenario.sensitivity().iter().enumerate() {
        let at = |v: f64| {
            let parameter = r.parameter.as_str();
            run_refitted(
                driver,
                &prefix,
                loaded,
                origin,
                parameter,
                v,
                config,
                anchor.as_ref(),
            )
            .map_err(|e| match e {
                crate::Error::Input(mut ie) => {
                    ie.location = Some(format!("sensitivity[{i}]"));
                    crate::Error::Input(ie)
                }
                other => other,
            })
        };
        let ((lo, refit_lo), (hi, refit_hi)) = (at(r.low)?, at(r.high)?);
        swings.push(Swing {
            parameter: r.parameter.to_string(),
            label: r.label.clone(),
            unit: r.unit,
            low: r.low,
            high: r.high,
            source: r.source.clone(),
            p_target_met: [lo.p_target_met, hi.p_target_met],
            year_mean_pct: [
                lo.year_mean_pct.mean.unwrap_or(f64::NAN),
                hi.year_mean_pct.mean.unwrap_or(f64::NAN),
            ],
            refitted: [refit_lo, refit_hi],
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
            return Err(InputError::new("--from/--to", {
                let (from_da, to_da) = (da_number(from), da_number(to));
                crate::text!(
                    da: "{from_da} til {to_da} er ikke et interval (forventede fra < til)",
                    en: "{from} to {to} is not a range (expected from < to)"
                )
            }));
        }
        if !(0.0..=1.0).contains(&level) {
            return Err(InputError::new("--level", {
                let level_da = da_number(level);
                crate::text!(
                    da: "{level_da} er ikke en sandsynlighed (forventede 0 til 1)",
                    en: "{level} is not a probability (expected 0 to 1)"
                )
            }));
        }
        let tolerance = tolerance.unwrap_or((to - from) / 64.0);
        if !(tolerance.is_finite() && tolerance > 0.0) {
            return Err(InputError::new("--tolerance", {
                let tolerance_da = da_number(tolerance);
                crate::text!(
                    da: "{tolerance_da} skal være et positivt tal",
                    en: "{tolerance} must be a positive number"
                )
            }));
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
    let [lo, hi] = range;
    let mut evaluations = Vec::new();
    // The scenario's own run only keeps the checkpoints the steps continue from: without
    // room for them, it would be a run for nothing.
    let prefix = match Prefix::fits(loaded, config) {
        true => Prefix::keep(driver, loaded, config)?.1,
        false => Prefix::none(loaded),
    };
    let mut p_at = |v: f64| -> crate::Result<f64> {
        let p = run_with(driver, &prefix, loaded, origin, lever, v, config)?.p_target_met;
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
    let (value, p_target_met) = bisect(lo, hi, p_hi, level, tolerance, &mut p_at)?;
    Ok(Solution {
        lever: lever.into(),
        level,
        range,
        value: Some(value),
        p_target_met,
        evaluations,
    })
}

/// Narrow a bracket of a lever around a level of P(goal) by bisection: P at `short` is
/// below `level`, P at `meets` (`p_meets`) is at least `level`; either end may be the
/// larger value (P may fall with the lever). Halves the bracket until it is no wider than
/// `tolerance` and returns the end that meets the level and P there. The goal seek and
/// the P(goal) curve's breakpoint share it, so the same runs give the same value.
pub fn bisect(
    short: f64,
    meets: f64,
    p_meets: f64,
    level: f64,
    tolerance: f64,
    mut p_at: impl FnMut(f64) -> crate::Result<f64>,
) -> crate::Result<(f64, f64)> {
    let (mut short, mut meets, mut p_meets) = (short, meets, p_meets);
    while (meets - short).abs() > tolerance {
        let mid = 0.5 * (short + meets);
        let p = p_at(mid)?;
        if p >= level {
            meets = mid;
            p_meets = p;
        } else {
            short = mid;
        }
    }
    Ok((meets, p_meets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Group;

    /// The largest distance of the simulated total and of any group from the observed
    /// months (points).
    fn off_the_observed_months(r: &RunResult, loaded: &Loaded) -> (f64, f64) {
        let (mut total, mut group) = (0.0_f64, 0.0_f64);
        for o in loaded.scenario.observed() {
            let m = r.months.iter().find(|m| m.month == o.month).unwrap();
            let sim = m.simulated_total.as_ref().unwrap().mean.unwrap();
            total = total.max((sim - o.total).abs());
            let groups = m.simulated_groups.as_ref().unwrap();
            for g in Group::ALL {
                if let Some(obs) = o.groups[g.index()] {
                    group = group.max((groups[&g].mean.unwrap() - obs).abs());
                }
            }
        }
        (total, group)
    }

    /// Issue 18: kontanthjælp's hours rate at its high end moves January–March off
    /// Table 4 (total +1.0, kontanthjælp +2.0 points); refitted, they stay within the
    /// calibration's tolerance (0.5 points in total, 1.0 per group). A swing after the
    /// observed months (the shock) is not refitted.
    #[test]
    fn a_refitted_swing_keeps_the_observed_months_within_the_calibration_tolerance() {
        let loaded = crate::scenario::builtin::load(crate::scenario::builtin::DEFAULT).unwrap();
        let driver = Driver::new(2, || {}).unwrap();
        // The fit is of the central values (every layer off); the calibration layer's
        // mean over its draws is a posterior-predictive mean (docs/model.md §5.3).
        let config = RunConfig {
            layers: crate::scenario::uncertainty::Layers::NONE,
            ..RunConfig::new(40, 20250429)
        };
        let anchor = Anchor::of(&driver, &loaded.scenario, 0)
            .unwrap()
            .expect("the shipped baseline is calibrated");
        let swing = |anchor| {
            run_refitted(
                &driver,
                &Prefix::none(&loaded),
                &loaded,
                "t",
                "groups.kontanthjaelp.hours_rate",
                0.08,
                &config,
                anchor,
            )
            .unwrap()
        };
        let (plain, refitted) = swing(None);
        assert!(!refitted);
        let (total, group) = off_the_observed_months(&plain, &loaded);
        assert!(total > 0.5 || group > 1.0, "{total} {group}");
        let (kept, refitted) = swing(Some(&anchor));
        assert!(refitted);
        let (total, group) = off_the_observed_months(&kept, &loaded);
        assert!(total <= 0.5 && group <= 1.0, "{total} {group}");
        let (_, refitted) = run_refitted(
            &driver,
            &Prefix::none(&loaded),
            &loaded,
            "t",
            "offer_shock.sd",
            0.12,
            &config,
            Some(&anchor),
        )
        .unwrap();
        assert!(!refitted, "the shock acts after the observed months");
        // A refit's trials replay recorded replications where the memory allows: the
        // same fit, bit for bit.
        let roomy = Anchor::of(&driver, &loaded.scenario, 1 << 30)
            .unwrap()
            .unwrap();
        let mut v = merged_value(&loaded);
        set_number(&mut v, "groups.kontanthjaelp.hours_rate", 0.08).unwrap();
        let changed = from_merged(v, "t").unwrap().scenario;
        let refit = anchor.refit(&driver, &changed).unwrap();
        assert!(refit.is_some());
        assert_eq!(roomy.refit(&driver, &changed).unwrap(), refit);
    }
}
