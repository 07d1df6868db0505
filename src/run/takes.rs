//! "What it takes": the run's answer turned around — what the rest of the year must
//! average, what December must reach on a steady climb, when the goal slips out of
//! reach, and how many more persons and offers that means — plus the head-counts beside
//! every share and the conversations goal. Plain data, summarised from a run's cells.

use super::cells::{MethodCells, shares_over_replications};
use super::result::MonthResult;
use crate::measure::method::Method;
use crate::measure::{
    Cell, point_of_no_return, ramp_end_pct, ramp_level_pct, requirement, year_figure,
};
use crate::scenario::Scenario;
use crate::stats::{Summary, wilson95};
use crate::{Group, Month};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a month's head-counts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountBasis {
    /// A simulated month: means of the replications' counts.
    Simulated,
    /// An observed month whose observed file has shares only: the simulated population,
    /// and the observed share of it as fulfilled (so the count never contradicts the
    /// observed share).
    ObservedShareOfSimulatedPopulation,
    /// An observed month with a known population (a register's month): that population,
    /// and the observed share of it as fulfilled.
    Observed,
}

/// Persons in the population, fulfilled, and offers started in one cell (a month and a
/// group), as expected over the replications.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct HeadCount {
    /// Persons in the population.
    pub population: f64,
    /// Of those, fulfilled (active effort).
    pub fulfilled: f64,
    /// Offers started in the month (by persons in the group, in the population or not).
    pub offers_started: f64,
}

/// A month's head-counts beside its shares: the total and each group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthCounts {
    /// Where the counts come from.
    pub basis: CountBasis,
    /// The total.
    pub total: HeadCount,
    /// Per group code (an observed month's group without an observed share is simulated).
    pub groups: BTreeMap<Group, HeadCount>,
}

/// The mean over the replications of a count.
fn mean_of(values: impl ExactSizeIterator<Item = u64>) -> f64 {
    let n = values.len().max(1) as f64;
    values.map(|v| v as f64).sum::<f64>() / n
}

/// The head-counts of month `i` (from January): the replications' means, with an
/// observed month's fulfilled set to its observed share of the population.
pub fn month_counts(
    scenario: &Scenario,
    cells: MethodCells<'_>,
    present: &[Group],
    i: usize,
) -> MonthCounts {
    let month = scenario.january().plus(i as i32);
    let offers = cells.offers();
    let totals = cells.totals();
    let column = totals.column(i);
    let offers_of = |g: Group| mean_of(offers.slice(ndarray::s![.., i, g.index()]).iter().copied());
    let simulated = |c: ndarray::ArrayView1<'_, Cell>, offers_started: f64| HeadCount {
        population: mean_of(c.iter().map(|c| c.population)),
        fulfilled: mean_of(c.iter().map(|c| c.fulfilled)),
        offers_started,
    };
    let total_offers: f64 = Group::ALL.into_iter().map(offers_of).sum();
    let mut total = simulated(column, total_offers);
    let mut groups: BTreeMap<Group, HeadCount> = present
        .iter()
        .map(|&g| (g, simulated(cells.group(g).column(i), offers_of(g))))
        .collect();
    let basis = match scenario.observed_in(month) {
        None => CountBasis::Simulated,
        Some(o) => {
            if let Some(population) = o.population {
                total.population = population as f64;
            }
            total.fulfilled = o.total / 100.0 * total.population;
            for (g, count) in &mut groups {
                if let Some(share) = o.groups[g.index()] {
                    count.fulfilled = share / 100.0 * count.population;
                }
            }
            if o.population.is_some() {
                CountBasis::Observed
            } else {
                CountBasis::ObservedShareOfSimulatedPopulation
            }
        }
    };
    MonthCounts {
        basis,
        total,
        groups,
    }
}

/// Where the linear climb to December starts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RampStart {
    /// The last observed month, or January when none is observed.
    pub month: Month,
    /// Its share, percent: observed, or with no observed month the expected January
    /// share (the status quo at the start of the year).
    pub level_pct: f64,
    /// Whether the level is observed.
    pub observed: bool,
}

/// The plan's own promised level beside what the ramp requires in that month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanComparison {
    /// The month the plan promises a level for.
    pub month: Month,
    /// The promised level, percent.
    pub pct: f64,
    /// Where the promise is written.
    pub source: Option<crate::vocab::label::Text>,
    /// The ramp's level in that month: what the year mean requires there on a steady
    /// climb (`None` when the month is not after the ramp's start).
    pub required_pct: Option<f64>,
    /// The scenario's expected share in that month.
    pub expected_pct: Option<f64>,
}

/// Why a point of no return has no month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoPointReason {
    /// The expected path ends the year above the target: the goal never slips away.
    ExpectedYearMeanAboveTarget,
    /// The goal is still within reach at the horizon, which ends before December.
    BeyondHorizon,
    /// A month of the expected path has no population, so it has no share.
    NoExpectedPath,
}

/// A month after which the goal is out of reach at a given monthly level.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PointOfNoReturn {
    /// The monthly level the remaining months are assumed to reach at most, percent.
    pub ceiling_pct: f64,
    /// The first month after which the remaining months would have to average more than
    /// the ceiling; `None` with a `reason`.
    pub month: Option<Month>,
    /// Why there is no such month.
    pub reason: Option<NoPointReason>,
}

/// The two points of no return on the scenario's expected monthly path.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PointsOfNoReturn {
    /// Even 100 % in every remaining month cannot lift the year mean above the target.
    pub full_effort: PointOfNoReturn,
    /// The required average exceeds the best month the scenario reaches.
    pub best_month: PointOfNoReturn,
}

/// A number of persons in total and per group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonsPerMonth {
    /// In total.
    pub total: f64,
    /// Per group code.
    pub groups: BTreeMap<Group, f64>,
}

/// What it takes to reach the goal (`what_it_takes` in the JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhatItTakes {
    /// The target, percent (the year mean must be strictly above it).
    pub target_pct: f64,
    /// Months after the last observed month (the rest of the calendar year).
    pub remaining_months: u32,
    /// What those months must average: `(12·target − Σ observed) / (12 − n observed)`;
    /// `None` when every month is observed.
    pub required_mean_pct: Option<f64>,
    /// Where the linear climb starts.
    pub ramp_from: RampStart,
    /// December's level on a linear climb from `ramp_from` that averages
    /// `required_mean_pct`: D = L + (R − L)·2n/(n + 1), n the remaining months.
    pub required_december_pct: Option<f64>,
    /// The plan's own promised level, when the scenario gives one.
    pub plan_target: Option<PlanComparison>,
    /// The scenario's expected share in December (the horizon's last month when earlier).
    pub expected_last_month_pct: Option<f64>,
    /// The scenario's expected year mean.
    pub expected_year_mean_pct: Option<f64>,
    /// When the goal slips out of reach on the scenario's expected path (observed months
    /// as observed, then the simulated mean).
    pub point_of_no_return: PointsOfNoReturn,
    /// How many more persons must be fulfilled each remaining month than the scenario
    /// expects: (required − expected share) × expected population, averaged over the
    /// simulated months after the last observed one; per group at the group's weight
    /// (its share of the population). Negative: the scenario already does more.
    pub extra_fulfilled_persons_per_month: Option<PersonsPerMonth>,
    /// Offers the scenario starts per month, mean over the replications and the
    /// simulated months after the last observed one.
    pub offers_started_per_month: PersonsPerMonth,
}

/// What it takes, from a summarised run's months (with their counts) and its cells.
pub fn what_it_takes(
    scenario: &Scenario,
    method: &Method,
    months: &[MonthResult],
    expected_year_mean_pct: Option<f64>,
) -> WhatItTakes {
    let target = method.target_pct();
    let observed: Vec<f64> = scenario.observed().iter().map(|o| o.total).collect();
    let req = requirement(target, &observed);
    let path: Option<Vec<f64>> = months.iter().map(|m| m.total.mean).collect();
    let last_observed = months.iter().rposition(|m| m.observed);
    let ramp_from = match last_observed {
        Some(k) => RampStart {
            month: months[k].month,
            level_pct: months[k].total.mean.unwrap_or(f64::NAN),
            observed: true,
        },
        None => RampStart {
            month: scenario.january(),
            level_pct: months
                .first()
                .and_then(|m| m.total.mean)
                .unwrap_or(f64::NAN),
            observed: false,
        },
    };
    let required_december = req
        .required_mean_pct
        .and_then(|r| ramp_end_pct(ramp_from.level_pct, r, req.remaining_months))
        .filter(|d| d.is_finite());
    // The ramp's month 0: the last observed month, or the month before January.
    let ramp_zero = match last_observed {
        Some(_) => ramp_from.month,
        None => scenario.january().plus(-1),
    };
    let plan_target = scenario.plan_target().map(|t| {
        let k = t.month.since(ramp_zero);
        let required_pct = required_december
            .filter(|_| k > 0)
            .map(|d| ramp_level_pct(ramp_from.level_pct, d, req.remaining_months, k as u32 - 1));
        PlanComparison {
            month: t.month,
            pct: t.pct,
            source: t.source.clone(),
            required_pct,
            expected_pct: months
                .iter()
                .find(|m| m.month == t.month)
                .and_then(|m| m.total.mean),
        }
    });
    let simulated: Vec<&MonthResult> = months.iter().filter(|m| !m.observed).collect();
    // The best month the scenario reaches: its best simulated month (every month's when
    // all are observed).
    let reached = if simulated.is_empty() {
        months.iter().collect()
    } else {
        simulated.clone()
    };
    let best = reached
        .iter()
        .filter_map(|m| m.total.mean)
        .fold(f64::NEG_INFINITY, f64::max);
    let point = |ceiling_pct: f64| {
        let (month, reason) = match &path {
            None => (None, Some(NoPointReason::NoExpectedPath)),
            Some(path) => match point_of_no_return(target, path, ceiling_pct) {
                Some(k) => (Some(months[k].month), None),
                None if path.len() < 12 => (None, Some(NoPointReason::BeyondHorizon)),
                None => (None, Some(NoPointReason::ExpectedYearMeanAboveTarget)),
            },
        };
        PointOfNoReturn {
            ceiling_pct,
            month,
            reason,
        }
    };
    let extra = req.required_mean_pct.and_then(|r| {
        let gaps: Option<Vec<(f64, &MonthResult)>> = simulated
            .iter()
            .map(|m| m.total.mean.map(|e| (r - e, *m)))
            .collect();
        let gaps = gaps.filter(|g| !g.is_empty())?;
        let n = gaps.len() as f64;
        let total = gaps
            .iter()
            .map(|(gap, m)| gap / 100.0 * m.counts.total.population)
            .sum::<f64>()
            / n;
        let groups = months[0]
            .counts
            .groups
            .keys()
            .map(|&g| {
                let persons = gaps
                    .iter()
                    .map(|(gap, m)| {
                        gap / 100.0 * m.counts.groups.get(&g).map_or(0.0, |c| c.population)
                    })
                    .sum::<f64>()
                    / n;
                (g, persons)
            })
            .collect();
        Some(PersonsPerMonth { total, groups })
    });
    let offers = {
        let n = simulated.len().max(1) as f64;
        let groups = months
            .first()
            .map(|m| {
                m.counts
                    .groups
                    .keys()
                    .map(|&g| {
                        let offers = simulated
                            .iter()
                            .map(|m| m.counts.groups.get(&g).map_or(0.0, |c| c.offers_started))
                            .sum::<f64>();
                        (g, offers / n)
                    })
                    .collect()
            })
            .unwrap_or_default();
        PersonsPerMonth {
            total: simulated
                .iter()
                .map(|m| m.counts.total.offers_started)
                .sum::<f64>()
                / n,
            groups,
        }
    };
    WhatItTakes {
        target_pct: target,
        remaining_months: req.remaining_months,
        required_mean_pct: req.required_mean_pct,
        ramp_from,
        required_december_pct: required_december,
        plan_target,
        expected_last_month_pct: months.last().and_then(|m| m.total.mean),
        expected_year_mean_pct,
        point_of_no_return: PointsOfNoReturn {
            full_effort: point(100.0),
            best_month: point(best),
        },
        extra_fulfilled_persons_per_month: extra,
        offers_started_per_month: offers,
    }
}

/// The conversations goal's month: its total share over the replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversationsMonth {
    /// The month.
    pub month: Month,
    /// The total share, percent (simulated in every month: the observed figures are the
    /// active-effort goal's).
    pub total: Summary,
}

/// The conversations focus goal (≥ `conversations_required` conversations in the
/// window, more than the method's conversations target), projected from the same
/// simulated histories as the active-effort goal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConversationsGoal {
    /// The target, percent (the year mean must be strictly above it).
    pub target_pct: f64,
    /// Conversations a person needs in the window.
    pub conversations_required: u32,
    /// The window, months (this month included).
    pub window_months: u32,
    /// Share of replications whose year mean exceeds the target.
    pub p_target_met: f64,
    /// Wilson 95 % interval of `p_target_met`.
    pub p_target_met_ci95: [f64; 2],
    /// The year mean over the simulated months.
    pub year_mean_pct: Summary,
    /// January to the horizon.
    pub months: Vec<ConversationsMonth>,
}

/// The conversations goal of a run under `method`.
pub fn conversations_goal(
    scenario: &Scenario,
    method: &Method,
    cells: MethodCells<'_>,
) -> ConversationsGoal {
    let totals = cells.conversation_totals();
    let january = scenario.january();
    let months = (0..cells.months())
        .map(|i| ConversationsMonth {
            month: january.plus(i as i32),
            total: Summary::of(&shares_over_replications(totals.column(i))),
        })
        .collect();
    let means: Vec<f64> = totals
        .rows()
        .into_iter()
        .filter_map(|row| year_figure(method.year_average(), &row.to_vec()))
        .collect();
    let target = method.conversations_target_pct();
    let met = means.iter().filter(|&&m| m > target).count() as u64;
    let n = means.len() as u64;
    ConversationsGoal {
        target_pct: target,
        conversations_required: method.conversations_required(),
        window_months: method.window_months(),
        p_target_met: if n > 0 { met as f64 / n as f64 } else { 0.0 },
        p_target_met_ci95: wilson95(met, n),
        year_mean_pct: Summary::of(&means),
        months,
    }
}
