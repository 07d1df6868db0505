//! The operations' volatility (`offer_shock`) from a history of observed monthly totals,
//! by the simulated method of moments: the shock's sd is chosen so that the simulated
//! de-trended month-to-month changes of the total share have the spread of the observed
//! ones. The persistence is not estimated (it is kept from the scenario).

use crate::Month;
use crate::run::Driver;
use crate::run::cells::RunCells;
use crate::scenario::uncertainty::Layer;
use crate::scenario::{ObservedMonth, Scenario};
use crate::sim::Model;
use serde::Serialize;

/// History months (consecutive, ending with the last one given) needed for an estimate:
/// a year, so the eleven changes cover every calendar month once and the spread's
/// sampling error is about a fifth of it (√(1/(2·10))); fewer changes say little.
pub const MIN_HISTORY_MONTHS: usize = 12;

/// The persistence used when the scenario has no shock of its own: the shipped
/// assumption (Copenhagen's `offer_shock`).
pub const DEFAULT_PERSISTENCE: f64 = 0.9;

/// The largest sd a scenario file allows.
const MAX_SD: f64 = 2.0;

/// Bisection steps of the sd: the bracket shrinks 2¹² times.
const STEPS: u32 = 12;

/// Variance (points²) of the change between two figures each rounded to 0.1.
const ROUNDED_CHANGE_VARIANCE: f64 = 2.0 * super::laplace::ROUNDING_VARIANCE_PP2;

/// What the history says of the operations' volatility.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Volatility {
    /// The estimated sd of the monthly shock to the log offer odds.
    pub sd: f64,
    /// Its persistence (kept, not estimated).
    pub persistence: f64,
    /// The first and the last history month used.
    pub months: [Month; 2],
    /// The sd of the observed de-trended month-to-month changes of the total (points).
    pub observed_change_sd_pp: f64,
    /// The same of the simulation at the estimate, rounding included (points).
    pub simulated_change_sd_pp: f64,
}

/// Whether the shock was estimated, and if not, why.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShockSource {
    /// Estimated from the history.
    Estimated(Volatility),
    /// Not estimated: the scenario's consecutive history months ending with its last
    /// one were fewer than [`MIN_HISTORY_MONTHS`].
    TooShort {
        /// The history months usable.
        months: usize,
    },
}

/// The sample variance (n − 1) of the month-to-month changes of `series` around their
/// mean (the mean change is the trend); `None` with fewer than three values.
pub fn change_variance(series: &[f64]) -> Option<f64> {
    if series.len() < 3 {
        return None;
    }
    let changes: Vec<f64> = series.windows(2).map(|w| w[1] - w[0]).collect();
    let mean = changes.iter().sum::<f64>() / changes.len() as f64;
    let sum: f64 = changes.iter().map(|d| (d - mean) * (d - mean)).sum();
    Some(sum / (changes.len() - 1) as f64)
}

/// The consecutive months at the end of `history` (month order).
fn consecutive_tail(history: &[ObservedMonth]) -> &[ObservedMonth] {
    let breaks = history
        .windows(2)
        .rposition(|w| w[1].month != w[0].month.plus(1));
    &history[breaks.map_or(0, |i| i + 1)..]
}

/// Estimate the shock of `scenario` (at its fitted rates) from its history months, on
/// `replications` replications from `seed` (common random numbers, so the simulated
/// spread is a smooth function of the sd and bisection converges).
pub(super) fn estimate(
    driver: &Driver,
    scenario: &Scenario,
    seed: u64,
    replications: u64,
) -> crate::Result<ShockSource> {
    let history = consecutive_tail(scenario.history());
    let totals: Vec<f64> = history.iter().map(|o| o.total).collect();
    let (Some(observed), true) = (
        change_variance(&totals),
        history.len() >= MIN_HISTORY_MONTHS,
    ) else {
        return Ok(ShockSource::TooShort {
            months: history.len(),
        });
    };
    let persistence = match scenario.offer_shock() {
        (sd, p) if sd > 0.0 => p,
        _ => DEFAULT_PERSISTENCE,
    };
    // The status quo from January on: no observed months, trend or initiatives, so the
    // shock acts from February to the horizon.
    let status_quo = scenario.clone().held_at_status_quo();
    let spread = |sd: f64| -> crate::Result<f64> {
        let sc = status_quo.clone().with_offer_shock(sd, persistence)?;
        Ok(simulated_change_variance(driver, &sc, seed, replications) + ROUNDED_CHANGE_VARIANCE)
    };
    let months = [history[0].month, history[history.len() - 1].month];
    let estimated = |sd: f64, simulated: f64| {
        ShockSource::Estimated(Volatility {
            sd: (sd * 1000.0).round() / 1000.0,
            persistence,
            months,
            observed_change_sd_pp: observed.sqrt(),
            simulated_change_sd_pp: simulated.sqrt(),
        })
    };
    let at_zero = spread(0.0)?;
    if observed <= at_zero {
        return Ok(estimated(0.0, at_zero));
    }
    let (mut lo, mut hi) = (0.0, 0.25);
    let mut at_hi = spread(hi)?;
    while at_hi < observed && hi < MAX_SD {
        (lo, hi) = (hi, (2.0 * hi).min(MAX_SD));
        at_hi = spread(hi)?;
    }
    if at_hi < observed {
        return Ok(estimated(MAX_SD, at_hi));
    }
    for _ in 0..STEPS {
        let mid = 0.5 * (lo + hi);
        let at_mid = spread(mid)?;
        if at_mid < observed {
            lo = mid;
        } else {
            (hi, at_hi) = (mid, at_mid);
        }
    }
    Ok(estimated(hi, at_hi))
}

/// The mean over replications of each replication's [`change_variance`] of its monthly
/// totals, January to the horizon (points²).
fn simulated_change_variance(driver: &Driver, sc: &Scenario, seed: u64, replications: u64) -> f64 {
    // The shock alone: the calibration layer's draws move a replication's level and
    // trend, not its month-to-month changes, and would blur what is matched.
    let model = Model::new(sc, &[]).with_layers([Layer::Volatility].into_iter().collect());
    let outcomes = driver.replicate(&model, seed, 0..replications);
    let run = RunCells::from_outcomes(&outcomes);
    let totals = run.method(0).totals();
    let variances: Vec<f64> = totals
        .rows()
        .into_iter()
        .filter_map(|months| {
            let shares: Option<Vec<f64>> =
                months.iter().map(crate::measure::Cell::share_pct).collect();
            change_variance(&shares?)
        })
        .collect();
    variances.iter().sum::<f64>() / variances.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_variance_removes_the_trend() {
        // A straight line has no spread of its changes; ±1 around a trend of 0.5 has
        // changes 0.5 + (−2, +2, −2) … around their mean.
        assert_eq!(change_variance(&[1.0, 1.5, 2.0, 2.5]), Some(0.0));
        let v = change_variance(&[0.0, 2.5, 1.0, 3.5]).unwrap();
        // changes 2.5, −1.5, 2.5: mean 7/6; squares sum (4/3)² · 2 + (8/3)² = 96/9; / 2.
        assert!((v - 96.0 / 18.0).abs() < 1e-12, "{v}");
        assert_eq!(change_variance(&[1.0, 2.0]), None);
    }

    /// One group of 3,000, a shock of persistence 0.5 in the file, and `history`
    /// (active totals) in its `observed` block.
    fn scenario(sd: f64, history: &[(Month, f64)]) -> Scenario {
        let months: Vec<String> = history
            .iter()
            .map(|(m, total)| format!(r#""{m}": {{"total": {total}}}"#))
            .collect();
        let text = format!(
            r#"{{"version": 1, "year": 2025, "burn_in_months": 14,
            "offer_shock": {{"sd": {sd}, "persistence": 0.5}},
            "observed": {{"share": "active", "months": {{{}}}}},
            "groups": {{"kontanthjaelp": {{
            "persons": 3000, "inflow_per_month": 100, "offer_rate": 0.15,
            "hours_rate": 0.1, "hours_median": 40, "absence_rate": 0.05,
            "registration_rate": 0.5, "conversation_rate": 0.5,
            "exit_hazard": [{{"from_months": 0, "rate": 0.03}}]}}}}}}"#,
            months.join(", ")
        );
        crate::scenario::load::from_json_str(&text, "t")
            .unwrap()
            .scenario
    }

    /// Replication `rep`'s monthly totals of 2025 under a shock of `sd`, rounded to 0.1:
    /// the history months of 2024 of a scenario judged in 2025, less those `skip`ped.
    fn with_history_from(driver: &Driver, sd: f64, rep: u64, skip: &[u32]) -> Scenario {
        let truth = scenario(sd, &[]);
        let model = Model::new(&truth, &[]);
        let outcomes = driver.replicate(&model, 99, rep..rep + 1);
        let run = RunCells::from_outcomes(&outcomes);
        let totals = run.method(0).totals();
        let history: Vec<(Month, f64)> = totals
            .row(0)
            .iter()
            .zip(1..)
            .filter(|(_, m)| !skip.contains(m))
            .map(|(c, m)| {
                let total = (c.share_pct().unwrap() * 10.0).round() / 10.0;
                (Month::new(2024, m).unwrap(), total)
            })
            .collect();
        let sc = scenario(0.01, &history);
        // History, not months of the run.
        assert!(sc.observed().is_empty());
        assert_eq!(sc.history().len(), history.len());
        sc
    }

    #[test]
    fn the_estimate_recovers_the_sd_a_history_was_simulated_with() {
        let driver = Driver::new(1, || {}).unwrap();
        // Eight histories (replications the estimate does not simulate) with a shock,
        // eight without: eleven changes each estimate a spread roughly, their mean well.
        let mean_estimate = |truth: f64| {
            let estimates: Vec<f64> = (0..8)
                .map(|k| {
                    let sc = with_history_from(&driver, truth, 1000 + k, &[]);
                    match estimate(&driver, &sc, 7, 20).unwrap() {
                        ShockSource::Estimated(v) => {
                            assert_eq!(v.persistence, 0.5);
                            let december = Month::new(2024, 12).unwrap();
                            assert_eq!(v.months, [december.plus(-11), december]);
                            v.sd
                        }
                        other => panic!("{other:?}"),
                    }
                })
                .collect();
            (
                estimates.iter().sum::<f64>() / estimates.len() as f64,
                estimates,
            )
        };
        let truth = 0.3;
        let (shocked, estimates) = mean_estimate(truth);
        assert!((shocked - truth).abs() < 0.25 * truth, "{estimates:?}");
        let (calm, estimates) = mean_estimate(0.0);
        assert!(calm < 0.5 * truth, "{estimates:?}");
    }

    #[test]
    fn a_short_history_is_not_enough() {
        let driver = Driver::new(1, || {}).unwrap();
        // A gap after January 2024 leaves ten consecutive months.
        let sc = with_history_from(&driver, 0.1, 1000, &[2]);
        assert_eq!(
            estimate(&driver, &sc, 7, 4).unwrap(),
            ShockSource::TooShort { months: 10 }
        );
    }
}
