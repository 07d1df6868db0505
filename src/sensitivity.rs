//! One-at-a-time sensitivity (the tornado) and goal seek on a lever, both by changing one
//! number of a scenario at a JSON path and re-running on the same seed and replications
//! (common random numbers), so the differences come from the parameter, not from noise.

use crate::InputError;
use crate::run::{RunConfig, RunResult, simulate_all, summarize_all};
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
    loaded: &Loaded,
    origin: &str,
    parameter: &str,
    value: f64,
    config: &RunConfig,
) -> crate::Result<RunResult> {
    let mut v = merged_value(loaded);
    set_number(&mut v, parameter, value).map_err(|m| InputError::new(origin, m))?;
    let changed = from_merged(v, &format!("{origin} with {parameter} = {value}"))?;
    let (outcomes, threads, elapsed) = simulate_all(&changed, config, &|| {})?;
    Ok(summarize_all(&changed, origin, config, &outcomes, threads, elapsed).swap_remove(0))
}

/// Swing every range in the scenario's `sensitivity` list.
pub fn sensitivity(
    loaded: &Loaded,
    origin: &str,
    config: &RunConfig,
    tick: &(dyn Fn() + Sync),
) -> crate::Result<Sensitivity> {
    if loaded.scenario.sensitivity().is_empty() {
        return Err(InputError::at(
            origin,
            "sensitivity",
            "is empty: list the uncertain parameters with their low and high values",
        )
        .into());
    }
    let (outcomes, threads, elapsed) = simulate_all(loaded, config, tick)?;
    let base = summarize_all(loaded, origin, config, &outcomes, threads, elapsed).swap_remove(0);
    let mut swings = Vec::new();
    for (i, r) in loaded.scenario.sensitivity().iter().enumerate() {
        let at = |v: f64| {
            run_with(loaded, origin, &r.parameter, v, config).map_err(|e| match e {
                crate::Error::Input(mut ie) => {
                    ie.location = Some(format!("sensitivity[{i}]"));
                    crate::Error::Input(ie)
                }
                other => other,
            })
        };
        let (lo, hi) = (at(r.low)?, at(r.high)?);
        tick();
        swings.push(Swing {
            parameter: r.parameter.clone(),
            low: r.low,
            high: r.high,
            source: r.source.clone(),
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

/// Smallest lever value in `[low, high]` with P(target met) ≥ `level`, by bisection on
/// common random numbers (so P is a monotone step function of the lever for the usual
/// levers). `tolerance` is the width at which the search stops.
pub fn solve(
    loaded: &Loaded,
    origin: &str,
    lever: &str,
    range: [f64; 2],
    level: f64,
    tolerance: f64,
    config: &RunConfig,
) -> crate::Result<Solution> {
    let [mut lo, mut hi] = range;
    let mut evaluations = Vec::new();
    let mut p_at = |v: f64| -> crate::Result<f64> {
        let p = run_with(loaded, origin, lever, v, config)?.p_target_met;
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

/// The tornado as JSON (`--format json`, and `summary.json` of a report).
pub fn to_json(s: &Sensitivity) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(s).expect("a sensitivity serializes")
    )
}

/// The tornado as a table for people.
pub fn render_sensitivity(s: &Sensitivity, lang: crate::lang::Lang) -> String {
    let a = &s.base.audit;
    let mut out = format!(
        "{}\n{}\n\n",
        crate::run::table::audit_line(
            lang,
            &a.fokus_version,
            &a.scenario_name,
            lang.count(a.replications)
                + " "
                + lang.pick("kørsler pr. punkt", "replications per point"),
            a.seed,
            None,
        ),
        lang.pick(
            "Følsomhed: hver usikker parameter fra lav til høj, de andre uændret",
            "Sensitivity: each uncertain parameter from low to high, the others unchanged"
        )
    );
    let base_mean = s.base.year_mean_pct.mean.unwrap_or(f64::NAN);
    out.push_str(&format!(
        "  {:<54}{:>16}{:>14}{:>12}\n",
        lang.pick("Parameter (lav → høj)", "Parameter (low → high)"),
        lang.pick("Årsgns.", "Year mean"),
        lang.pick("P(mål)", "P(goal)"),
        lang.pick("Udsving", "Swing")
    ));
    for w in &s.swings {
        out.push_str(&format!(
            "  {:<54}{:>16}{:>14}{:>12}\n",
            format!(
                "{} ({} → {})",
                w.parameter,
                lang.num(w.low, 3),
                lang.num(w.high, 3)
            ),
            format!(
                "{} → {}",
                lang.num(w.year_mean_pct[0], 1),
                lang.num(w.year_mean_pct[1], 1)
            ),
            format!(
                "{:.0} → {:.0}{}",
                100.0 * w.p_target_met[0],
                100.0 * w.p_target_met[1],
                lang.pick(" %", "%")
            ),
            format!("{} pp", lang.num(w.year_mean_range(), 2))
        ));
    }
    out.push_str(&format!(
        "\n  {}: {} · {} {:.0}{}\n",
        lang.pick("Basis", "Base"),
        lang.pct(base_mean),
        lang.pick("P(mål)", "P(goal)"),
        100.0 * s.base.p_target_met,
        lang.pick(" %", "%")
    ));
    out
}
