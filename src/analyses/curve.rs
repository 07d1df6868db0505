//! P(goal) as a curve over an uncertain initiative parameter: the probability of
//! reaching the goal with the parameter fixed at each value of a grid over its support,
//! and the breakpoint where it crosses 50 %.
//!
//! Every point runs on the same seed and replications (common random numbers), so the
//! points differ only by the parameter: the curve is as smooth and monotone as the model
//! is in it. The parameter is fixed by the path mechanism `sensitivity` uses
//! ([`super::sensitivity::run_with`]); everything else — the other parameters and
//! whatever else varies between replications — stays as in the scenario's own run. The
//! breakpoint is found by the goal seek's bisection ([`super::sensitivity::bisect`]),
//! started from the two grid points that bracket 50 %.

use super::sensitivity::{bisect, run_with};
use crate::run::{Driver, Prefix, RunConfig};
use crate::scenario::Scenario;
use crate::scenario::file::Initiative;
use crate::scenario::load::Loaded;
use serde::Serialize;

/// The level of P(goal) whose crossing is the breakpoint.
pub const LEVEL: f64 = 0.5;

/// Which initiative number a curve runs over: it decides the words and the unit the
/// number is shown in (`report::text`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Production steering's `extra_offer_rate`: a monthly probability.
    ExtraOfferRate,
    /// Production steering's `months_without_offer`: months.
    MonthsWithoutOffer,
    /// Absence follow-up's `registration_rate`: a probability.
    RegistrationRate,
    /// Extra capacity's `offers_per_month` (older files): offers started a month.
    OffersPerMonth,
    /// Extra capacity's `places`: persons in an extra offer at once.
    ExtraPlaces,
    /// Production steering's `offers_per_month`: offers a month, targeted.
    SteeringOffersPerMonth,
    /// Absence follow-up's `finds_unregistered`: a share.
    FindsUnregistered,
}

impl Effect {
    /// The effect an initiative's field is, if it is a number of that initiative.
    fn of(initiative: &Initiative, field: &str) -> Option<Effect> {
        match (initiative, field) {
            (Initiative::ProductionSteering { .. }, "extra_offer_rate") => {
                Some(Effect::ExtraOfferRate)
            }
            (Initiative::ProductionSteering { .. }, "months_without_offer") => {
                Some(Effect::MonthsWithoutOffer)
            }
            (Initiative::AbsenceFollowup { .. }, "registration_rate") => {
                Some(Effect::RegistrationRate)
            }
            (Initiative::ExtraCapacity { .. }, "offers_per_month") => Some(Effect::OffersPerMonth),
            (Initiative::ExtraCapacity { .. }, "places") => Some(Effect::ExtraPlaces),
            (Initiative::ProductionSteering { .. }, "offers_per_month") => {
                Some(Effect::SteeringOffersPerMonth)
            }
            (Initiative::AbsenceFollowup { .. }, "finds_unregistered") => {
                Some(Effect::FindsUnregistered)
            }
            _ => None,
        }
    }

    /// True for a probability (shown as a percent), false for a count.
    pub fn is_rate(self) -> bool {
        matches!(
            self,
            Effect::ExtraOfferRate | Effect::RegistrationRate | Effect::FindsUnregistered
        )
    }
}

/// An uncertain initiative parameter: where it is, what it is, and the values it may take.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurveParameter {
    /// JSON path of the number in the scenario, e.g. `initiatives[0].extra_offer_rate`.
    pub parameter: String,
    /// What the number is.
    pub label: Effect,
    /// The groups its initiative is for (empty: every group): two curves of the same
    /// kind of number are told apart by them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::Group>,
    /// The lowest and the highest value it may take.
    pub support: [f64; 2],
}

/// The parameters a scenario's P(goal) curves run over: its initiative strengths given
/// as distributions (the effect sizes nobody measured), over their support, in
/// initiative order. The one place that decides which curves are drawn.
pub fn curve_parameters(scenario: &Scenario) -> Vec<CurveParameter> {
    scenario
        .uncertain_parameters()
        .into_iter()
        .filter(|u| u.support.0 < u.support.1)
        .filter_map(|u| {
            let (index, field) = initiative_field(&u.path)?;
            let initiative = scenario.initiatives().get(index)?;
            let label = Effect::of(initiative, field)?;
            Some(CurveParameter {
                parameter: u.path.clone(),
                label,
                groups: groups_of(initiative),
                support: [u.support.0, u.support.1],
            })
        })
        .collect()
}

/// The groups `initiative` is for (empty: every group).
fn groups_of(initiative: &Initiative) -> Vec<crate::Group> {
    match initiative {
        Initiative::ProductionSteering { groups, .. }
        | Initiative::AbsenceFollowup { groups, .. } => groups.clone().unwrap_or_default(),
        Initiative::ExtraCapacity { group, .. } => vec![*group],
    }
}

/// `initiatives[3].extra_offer_rate` → `(3, "extra_offer_rate")`.
fn initiative_field(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("initiatives[")?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok()?, field))
}

/// How finely a curve is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurveSettings {
    /// Grid points over the support, both ends included: 2^k + 1, so that the grid holds
    /// exactly the values the goal seek's bisection visits.
    pub grid: usize,
    /// Replications per point (the same replications at every point); 0: no curves.
    pub replications: u64,
}

impl CurveSettings {
    /// What `fokus compare` computes unless told otherwise (see `docs/model.md`): five
    /// grid points — the quarters of the support — and 50 replications a point.
    pub const DEFAULT: CurveSettings = CurveSettings {
        grid: 5,
        replications: 50,
    };

    /// The grid points of `support`, made by halving as the bisection halves, so a
    /// breakpoint found from the grid is the goal seek's to the last bit.
    pub fn grid_values(&self, [low, high]: [f64; 2]) -> Vec<f64> {
        let n = self.grid.max(2);
        let mut v = vec![f64::NAN; n];
        (v[0], v[n - 1]) = (low, high);
        let mut step = (n - 1) / 2;
        while step >= 1 {
            for i in (step..n - 1).step_by(2 * step) {
                v[i] = 0.5 * (v[i - step] + v[i + step]);
            }
            step /= 2;
        }
        v
    }

    /// The bracket width at which the breakpoint's bisection stops: 1/64 of the support,
    /// the goal seek's default.
    pub fn tolerance([low, high]: [f64; 2]) -> f64 {
        (high - low) / 64.0
    }

    /// The most points a curve runs: the grid and the bisection from a grid cell down to
    /// the tolerance — one halving more than the exact count, because a cell halved to
    /// exactly the tolerance is a rounding error wider and is halved once more.
    pub fn max_points(&self) -> u64 {
        let cells = (self.grid.max(2) - 1) as f64;
        self.grid as u64 + (64.0 / cells).log2().ceil().max(0.0) as u64 + 1
    }
}

/// One point of a curve: the parameter's value and what the scenario gives there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The parameter's value.
    pub value: f64,
    /// Share of replications whose year mean exceeds the target.
    pub p_target_met: f64,
    /// Wilson 95 % interval of `p_target_met`: lower end.
    pub p_low: f64,
    /// Upper end.
    pub p_high: f64,
    /// Mean year mean (percent); none when no replication has one.
    pub year_mean_pct: Option<f64>,
}

/// Where P(goal) stays when it does not cross 50 % on the support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Below 50 % at every point.
    Below,
    /// At or above 50 % at every point.
    Above,
}

/// P(goal) over one parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PGoalCurve {
    /// JSON path of the parameter.
    pub parameter: String,
    /// What the parameter is.
    pub label: Effect,
    /// The groups its initiative is for (empty: every group).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::Group>,
    /// The values it may take.
    pub support: [f64; 2],
    /// Replications at each point.
    pub replications: u64,
    /// The grid and the bisection's points, by value.
    pub points: Vec<CurvePoint>,
    /// The value where P(goal) reaches 50 % (the end of the bisection's last bracket
    /// where it is at least 50 %); none when it does not cross on the support.
    pub breakpoint: Option<f64>,
    /// Where P(goal) stays when there is no breakpoint.
    pub stays: Option<Side>,
}

/// The curve of `parameter` for `loaded`: the grid, then the bisection between the first
/// two neighbouring grid points on either side of 50 %.
pub fn curve(
    driver: &Driver,
    loaded: &Loaded,
    origin: &str,
    parameter: &CurveParameter,
    settings: &CurveSettings,
    config: &RunConfig,
) -> crate::Result<PGoalCurve> {
    let config = RunConfig {
        replications: settings.replications,
        ..config.clone()
    };
    let mut points = Vec::new();
    // The scenario's own run only keeps the checkpoints the points continue from:
    // without room for them, it would be a run for nothing.
    let prefix = match Prefix::fits(loaded, &config) {
        true => Prefix::keep(driver, loaded, &config)?.1,
        false => Prefix::none(loaded),
    };
    let mut p_at = |value: f64| -> crate::Result<f64> {
        let path = &parameter.parameter;
        let r = run_with(driver, &prefix, loaded, origin, path, value, &config)?;
        points.push(CurvePoint {
            value,
            p_target_met: r.p_target_met,
            p_low: r.p_target_met_ci95[0],
            p_high: r.p_target_met_ci95[1],
            year_mean_pct: r.year_mean_pct.mean,
        });
        Ok(r.p_target_met)
    };
    let grid = settings.grid_values(parameter.support);
    let p: Vec<f64> = grid
        .iter()
        .map(|&v| p_at(v))
        .collect::<crate::Result<_>>()?;
    let crossing = (1..grid.len()).find(|&i| (p[i - 1] < LEVEL) != (p[i] < LEVEL));
    let (breakpoint, stays) = match crossing {
        Some(i) => {
            let (short, meets, p_meets) = if p[i] >= LEVEL {
                (grid[i - 1], grid[i], p[i])
            } else {
                (grid[i], grid[i - 1], p[i - 1])
            };
            let tolerance = CurveSettings::tolerance(parameter.support);
            let (value, _) = bisect(short, meets, p_meets, LEVEL, tolerance, &mut p_at)?;
            (Some(value), None)
        }
        None if p[0] < LEVEL => (None, Some(Side::Below)),
        None => (None, Some(Side::Above)),
    };
    points.sort_by(|a, b| a.value.total_cmp(&b.value));
    Ok(PGoalCurve {
        parameter: parameter.parameter.clone(),
        label: parameter.label,
        groups: parameter.groups.clone(),
        support: parameter.support,
        replications: config.replications,
        points,
        breakpoint,
        stays,
    })
}

/// Every curve of a scenario ([`curve_parameters`]).
pub fn curves(
    driver: &Driver,
    loaded: &Loaded,
    origin: &str,
    settings: &CurveSettings,
    config: &RunConfig,
) -> crate::Result<Vec<PGoalCurve>> {
    curve_parameters(&loaded.scenario)
        .iter()
        .map(|p| curve(driver, loaded, origin, p, settings, config))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_holds_the_values_the_bisection_visits() {
        let s = CurveSettings {
            grid: 5,
            replications: 1,
        };
        let support = [0.01, 0.06];
        let grid = s.grid_values(support);
        assert_eq!(grid.len(), 5);
        // The bisection's first two midpoints, computed as it computes them.
        let mid: f64 = 0.5 * (0.01 + 0.06);
        assert_eq!(grid[2].to_bits(), mid.to_bits());
        assert_eq!(grid[1].to_bits(), (0.5 * (0.01 + mid)).to_bits());
        assert_eq!(grid[3].to_bits(), (0.5 * (mid + 0.06)).to_bits());
        assert_eq!((grid[0], grid[4]), (0.01, 0.06));
        assert!(grid.windows(2).all(|w| w[0] < w[1]));
        // A cell of a quarter of the support takes 4 halvings to 1/64 of it, and one
        // more when rounding leaves it a hair wider.
        assert_eq!(s.max_points(), 5 + 4 + 1);
        let s9 = CurveSettings { grid: 9, ..s };
        assert_eq!(s9.max_points(), 9 + 3 + 1);
    }

    #[test]
    fn initiative_paths_are_read_and_others_are_not() {
        assert_eq!(
            initiative_field("initiatives[12].extra_offer_rate"),
            Some((12, "extra_offer_rate"))
        );
        assert_eq!(initiative_field("groups.kontanthjaelp.offer_rate"), None);
        assert_eq!(initiative_field("initiatives[x].extra_offer_rate"), None);
        assert_eq!(initiative_field("initiatives[0]"), None);
    }
}
