//! The production-steering list (`fokus lister`): for every person on benefit in the
//! as-of month, the month they turn passive if nothing new happens, and what an offer
//! next month buys of the judged year's mean — computed exactly from the register under
//! the chosen method.
//!
//! **Deadline.** Person p on benefit in the as-of month M is followed forward as if
//! nothing new happens: no offer and no hours after M, no registered absence after M,
//! the same group, both seniorities growing by one a month, the window moving on. The
//! deadline is the first month d ≥ M whose status under the method's month rule for d
//! (threshold overrides included) is passive: in the population and not fulfilled. A
//! person passive today has deadline M (so the count of deadline-M persons per group is
//! exactly the evaluation's population minus fulfilled in M). A person who is outside
//! the population today (seniority below the minimum, registered absence) counts from
//! the month they enter. The months after the deadline are followed too: activity only
//! leaves the window, but a threshold that falls (225 to 100 hours in March 2023) can
//! make a passive person fulfilled again.
//!
//! **Value of an offer.** An offer in month t fulfils the person for t … t + window − 1.
//! Its value is the expected number of the judged year's passive person-months it turns
//! fulfilled, each weighted by what one person-month adds to the year figure (1/12 of
//! 1/population of its month for the simple mean). "Expected": the person is still on
//! benefit in month d with the probability S(d) = Π (1 − h), h the register's own exit
//! hazard of the group and seniority (below or from 12 months), read off the register's
//! months up to M ([`rates::estimate`]). Newcomers after M are not on the list and are
//! not projected: the projection is of the persons on benefit today.
//!
//! **List order.** Offers go month by month, M + 1 to December, `k` a month, each month
//! to the `k` persons whose offer that month is worth most (ties by panel order); an
//! offer covers the person for its window, so a later offer is worth only the months
//! after it. [`SteeringList::gain`] is what that
//! adds to the year mean; [`SteeringList::offers_needed_per_month`] the smallest `k`
//! that lifts the year mean above the target.
//!
//! Pure: a panel and a method in, plain data out. Person ids are not in the panel; the
//! ranked persons ([`SteeringList::ranked`]) carry panel indices, which only the
//! caseworker list turns back into ids.

use crate::Group;
use crate::measure::evaluate::{self, hidden_groups};
use crate::measure::method::{Method, YearAverage};
use crate::measure::register::{Panel, rates};
use crate::measure::{Measure, Membership, MonthRule, Status, WindowTotals, year_figure};
use crate::vocab::month::Month;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a list is computed for, besides the panel and the method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListOptions {
    /// The as-of month: the last month of data the list acts on.
    pub as_of: Month,
    /// Offers a month for which the gain is reported; empty: a few sizes relative to
    /// the caseload.
    pub offers_per_month: Vec<u64>,
    /// Cells with `0 < persons < min_cell` are withheld; 0 turns this off.
    pub min_cell: u64,
}

/// The steering list's result: plain data for the exporters, no person ids.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SteeringList {
    /// The as-of month.
    pub as_of: Month,
    /// The judged year (the as-of month's).
    pub year: i32,
    /// The method's name.
    pub method: String,
    /// The target (percent, strictly above).
    pub target_pct: f64,
    /// The disclosure limit applied.
    pub min_cell: u64,
    /// Persons on benefit in the as-of month.
    pub persons_on_benefit: u64,
    /// Of those, passive in the as-of month (deadline = as-of month).
    pub passive_now: u64,
    /// Persons never in the population under the method if nothing new happens (a
    /// group it leaves out, a seniority above its maximum): no deadline.
    pub without_deadline: u64,
    /// Persons per group and deadline month.
    pub by_deadline: Vec<DeadlineCell>,
    /// The exit hazards the expectations use, per group.
    pub exit_hazards: Vec<ExitHazard>,
    /// The judged year month by month: observed from the register up to the as-of
    /// month, then the projection of today's persons if nothing new happens.
    pub months: Vec<ListMonth>,
    /// The year figure if nothing new happens (none when the register does not cover
    /// every month of the year up to the as-of month).
    pub year_mean_if_nothing_new_pct: Option<f64>,
    /// Persons with an offer per month in the register, mean of the last three months
    /// up to the as-of month: what the job centre reaches today.
    pub offers_per_month_now: f64,
    /// The gain of `k` offers a month in list order, for each reported `k`.
    pub gain: Vec<Gain>,
    /// The fewest offers a month, in list order from the month after the as-of month,
    /// that lift the year figure strictly above the target.
    pub offers_needed_per_month: Needed,
    /// The persons in list order (panel index, never an id); not exported.
    #[serde(skip)]
    ranked: Vec<Ranked>,
}

/// Persons of a group whose deadline is a month.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct DeadlineCell {
    /// The group.
    pub group: Group,
    /// The deadline month.
    pub month: Month,
    /// Persons (none when withheld by disclosure control).
    pub persons: Option<u64>,
    /// True when the cell is withheld.
    pub suppressed: bool,
}

/// A group's exit hazards as used.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ExitHazard {
    /// The group.
    pub group: Group,
    /// Monthly exit probability below 12 months on any benefit.
    pub under_12: f64,
    /// From 12 months.
    pub from_12: f64,
    /// False when the register had too few person-months of the group and the rate of
    /// all groups together was used.
    pub own: bool,
}

/// One month of the judged year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ListMonth {
    /// The month.
    pub month: Month,
    /// Observed (from the register) or projected.
    pub observed: bool,
    /// Persons in the population (expected, for a projected month).
    pub population: f64,
    /// Of those, fulfilled.
    pub fulfilled: f64,
    /// `100 · fulfilled / population`.
    pub share_pct: Option<f64>,
}

/// The gain of `k` offers a month given in list order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Gain {
    /// Offers a month, from the month after the as-of month to December.
    pub offers_per_month: u64,
    /// What they add to the year figure, percentage points.
    pub year_mean_gain_pp: f64,
    /// The year figure with them (none without the year so far).
    pub year_mean_pct: Option<f64>,
}

/// The offers a month needed to reach the target in list order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Needed {
    /// This many offers a month.
    Offers {
        /// Offers a month.
        offers_per_month: u64,
    },
    /// Even an offer to everyone on the list every month does not reach it.
    Unreachable,
    /// No month of the year is left after the as-of month.
    NoMonthsLeft,
    /// The register does not cover the year up to the as-of month, so the year figure
    /// is unknown.
    YearNotCovered,
}

/// One person in list order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    /// The person's index in the panel.
    pub person: usize,
    /// The group in the as-of month.
    pub group: Group,
    /// Seniority (the method's rule) in the as-of month.
    pub seniority_months: u32,
    /// The first passive month if nothing new happens.
    pub deadline: Option<Month>,
    /// Expected passive person-months of the rest of the year that an offer next month
    /// turns fulfilled.
    pub person_months: f64,
}

impl SteeringList {
    /// The persons on benefit in the as-of month, most valuable offer first.
    pub fn ranked(&self) -> &[Ranked] {
        &self.ranked
    }
}

/// A person followed forward from the as-of month.
struct Followed {
    person: usize,
    group: Group,
    seniority: u32,
    /// Months after the as-of month to the deadline (0: passive now); `u32::MAX`: never.
    deadline: u32,
    /// Per remaining month of the year (index 0 = the month after the as-of month): the
    /// expected presence in the population, S(d) when in the population, else 0.
    presence: Vec<f64>,
    /// Per remaining month: passive if nothing new happens.
    passive: Vec<bool>,
}

/// Compute the steering list of `panel` as of `options.as_of` under `method`.
pub fn steering_list(panel: &Panel, method: &Method, options: &ListOptions) -> SteeringList {
    let as_of = options.as_of;
    let december = Month::new(as_of.year(), 12).expect("December is a month");
    let left = december.since(as_of).max(0) as usize;
    let hazards = exit_hazards(panel, as_of);
    let window = method.window_months();
    // The method's rule of every month a person can be followed to (the furthest: the
    // window plus the minimum seniority, or December), built once, as `tally` does.
    let reach = (window + method.min_seniority_months()).max(left as u32);
    let rules: Vec<MonthRule> = (0..=reach)
        .map(|ahead| method.month_rule(method.threshold_centi(as_of.plus(ahead as i32))))
        .collect();

    let followed: Vec<Followed> = panel
        .persons()
        .enumerate()
        .filter_map(|(person, rows)| follow(person, rows, method, as_of, left, &hazards, &rules))
        .collect();

    let observed = observed_months(panel, method, as_of);
    let projected = project(&followed, as_of, left);
    let months: Vec<ListMonth> = observed.iter().copied().chain(projected).collect();
    let year_known = observed.len() == as_of.month_of_year() as usize
        && observed.iter().all(|m| m.population > 0.0);
    let weights = month_weights(method.year_average(), &months, left);
    let baseline = year_known
        .then(|| year_mean(method.year_average(), &months))
        .flatten();

    let gain_of = |k: u64| list_order(&followed, &weights, window, k);
    let sizes = if options.offers_per_month.is_empty() {
        default_sizes(followed.len() as u64)
    } else {
        options.offers_per_month.clone()
    };
    let gain = sizes
        .iter()
        .map(|&k| {
            let pp = gain_of(k);
            Gain {
                offers_per_month: k,
                year_mean_gain_pp: pp,
                year_mean_pct: baseline.map(|b| b + pp),
            }
        })
        .collect();
    let target = method.target_pct();
    let needed = match baseline {
        _ if left == 0 => Needed::NoMonthsLeft,
        None => Needed::YearNotCovered,
        Some(b) => fewest_offers(followed.len() as u64, |k| b + gain_of(k) > target),
    };

    let first_values = offer_values(&followed, &weights, window, 0, &vec![0; followed.len()]);
    let mut ranked_order: Vec<usize> = (0..followed.len()).collect();
    ranked_order.sort_by(|&a, &b| first_values[b].total_cmp(&first_values[a]).then(a.cmp(&b)));
    let ranked = ranked_order
        .iter()
        .map(|&i| {
            let f = &followed[i];
            Ranked {
                person: f.person,
                group: f.group,
                seniority_months: f.seniority,
                deadline: (f.deadline != u32::MAX).then(|| as_of.plus(f.deadline as i32)),
                person_months: person_months(f, window, 0),
            }
        })
        .collect();

    SteeringList {
        as_of,
        year: as_of.year(),
        method: method.name().to_string(),
        target_pct: target,
        min_cell: options.min_cell,
        persons_on_benefit: followed.len() as u64,
        passive_now: followed.iter().filter(|f| f.deadline == 0).count() as u64,
        without_deadline: followed.iter().filter(|f| f.deadline == u32::MAX).count() as u64,
        by_deadline: by_deadline(&followed, as_of, options.min_cell),
        exit_hazards: Group::ALL
            .iter()
            .filter_map(|g| hazards.get(g).copied())
            .collect(),
        months,
        year_mean_if_nothing_new_pct: baseline,
        offers_per_month_now: offers_now(panel, as_of),
        gain,
        offers_needed_per_month: needed,
        ranked,
    }
}

/// Follow a person on benefit in the as-of month forward (none when they are not).
fn follow(
    person: usize,
    rows: &[crate::measure::register::Row],
    method: &Method,
    as_of: Month,
    left: usize,
    hazards: &BTreeMap<Group, ExitHazard>,
    rules: &[MonthRule],
) -> Option<Followed> {
    let at = rows.binary_search_by_key(&as_of, |r| r.month).ok()?;
    let now = rows[at].membership;
    let window = method.window_months() as i32;
    let seniority = |m: &Membership| match method.seniority() {
        crate::measure::method::SeniorityRule::PerBenefit => m.seniority_spell,
        crate::measure::method::SeniorityRule::AcrossBenefits => m.seniority_any,
    };
    let membership = |ahead: u32| membership_ahead(&now, ahead);
    let status = |ahead: u32| {
        let from = as_of.plus(ahead as i32 + 1 - window);
        let totals = WindowTotals::over(
            rows[..=at]
                .iter()
                .filter(|r| r.month >= from)
                .map(|r| &r.activity),
        );
        rules[ahead as usize].status(Measure::Active, &membership(ahead), &totals)
    };
    let horizon = deadline_horizon(method, seniority(&now));
    // Each month ahead judged once: for the deadline and for the year's passive months.
    let statuses: Vec<Status> = (0..=horizon.max(left as u32)).map(status).collect();
    let deadline = statuses[..=horizon as usize]
        .iter()
        .position(|&s| s == Status::Unfulfilled)
        .map_or(u32::MAX, |k| k as u32);
    let passive = statuses[1..=left]
        .iter()
        .map(|&s| s == Status::Unfulfilled)
        .collect();
    let hazard = hazards.get(&now.group).copied();
    let mut survival = 1.0;
    let presence = (1..=left as u32)
        .map(|ahead| {
            let before = membership(ahead - 1);
            let h = hazard.map_or(0.0, |h| {
                if before.seniority_any < 12 {
                    h.under_12
                } else {
                    h.from_12
                }
            });
            survival *= 1.0 - h;
            if rules[ahead as usize].in_population(&membership(ahead)) {
                survival
            } else {
                0.0
            }
        })
        .collect();
    Some(Followed {
        person,
        group: now.group,
        seniority: seniority(&now),
        deadline,
        presence,
        passive,
    })
}

/// Where a person who is `now` in the as-of month stands `ahead` months later if nothing
/// new happens: the same group, both seniorities `ahead` months longer, registered
/// absence only in the as-of month itself.
pub fn membership_ahead(now: &Membership, ahead: u32) -> Membership {
    Membership {
        group: now.group,
        absence_registered: ahead == 0 && now.absence_registered,
        seniority_spell: now.seniority_spell + ahead,
        seniority_any: now.seniority_any + ahead,
    }
}

/// The months ahead within which a person with `seniority` months (the method's rule)
/// has a deadline, if ever: past the window every month is empty, so a person in the
/// population by then is passive; the last month that can first bring them in is when
/// the seniority reaches the minimum.
pub fn deadline_horizon(method: &Method, seniority: u32) -> u32 {
    method.window_months() + method.min_seniority_months().saturating_sub(seniority)
}

/// The deadline rule: the first `ahead` in `0..=horizon` in which a person who is `now`
/// in the as-of month is passive if nothing new happens (none: never). `rules[ahead]` is
/// the method's rule of the month `ahead` months on, `totals(ahead)` the window totals
/// over that month's window of the months up to the as-of month (called with `ahead`
/// rising from 0, so a caller may keep a running total). The lister and the simulator's
/// targeted production steering both judge a deadline by it.
pub fn months_to_deadline(
    rules: &[MonthRule],
    now: &Membership,
    horizon: u32,
    mut totals: impl FnMut(u32) -> WindowTotals,
) -> Option<u32> {
    (0..=horizon).find(|&ahead| {
        let window = totals(ahead);
        rules[ahead as usize].status(Measure::Active, &membership_ahead(now, ahead), &window)
            == Status::Unfulfilled
    })
}

/// Each group's exit hazards from the register's months up to the as-of month; a group
/// with too few person-months borrows the rate of all groups together.
fn exit_hazards(panel: &Panel, as_of: Month) -> BTreeMap<Group, ExitHazard> {
    let estimated = rates::estimate(panel, as_of);
    let pooled = |pick: fn(&rates::GroupRates) -> Option<f64>| {
        let (sum, weight) = estimated
            .values()
            .filter_map(|r| pick(r).map(|rate| (rate * r.person_months as f64, r.person_months)))
            .fold((0.0, 0u64), |(s, w), (x, n)| (s + x, w + n));
        if weight == 0 {
            0.0
        } else {
            sum / weight as f64
        }
    };
    let all_under = pooled(|r| r.exit_under_12);
    let all_from = pooled(|r| r.exit_from_12);
    estimated
        .iter()
        .map(|(&group, r)| {
            let own = r.exit_under_12.is_some() && r.exit_from_12.is_some();
            (
                group,
                ExitHazard {
                    group,
                    under_12: r.exit_under_12.unwrap_or(all_under),
                    from_12: r.exit_from_12.unwrap_or(all_from),
                    own,
                },
            )
        })
        .collect()
}

/// The register's months of the judged year up to the as-of month (those it covers).
fn observed_months(panel: &Panel, method: &Method, as_of: Month) -> Vec<ListMonth> {
    let Some((first, _)) = panel.month_range() else {
        return Vec::new();
    };
    let cells = evaluate::tally(panel, method, Measure::Active);
    as_of
        .january()
        .through(as_of)
        .filter(|m| *m >= first)
        .filter_map(|m| cells.get(m.since(first) as usize).map(|c| (m, c.total())))
        .map(|(month, total)| ListMonth {
            month,
            observed: true,
            population: total.population as f64,
            fulfilled: total.fulfilled as f64,
            share_pct: total.share_pct(),
        })
        .collect()
}

/// Today's persons projected if nothing new happens: expected population and fulfilled.
fn project(followed: &[Followed], as_of: Month, left: usize) -> Vec<ListMonth> {
    (0..left)
        .map(|i| {
            let (population, fulfilled) = followed.iter().fold((0.0, 0.0), |(p, f), x| {
                let w = x.presence[i];
                (p + w, f + if x.passive[i] { 0.0 } else { w })
            });
            ListMonth {
                month: as_of.plus(i as i32 + 1),
                observed: false,
                population,
                fulfilled,
                share_pct: (population > 0.0).then(|| 100.0 * fulfilled / population),
            }
        })
        .collect()
}

/// What one fulfilled person-month of each remaining month adds to the year figure, in
/// percentage points.
fn month_weights(rule: YearAverage, months: &[ListMonth], left: usize) -> Vec<f64> {
    let projected = &months[months.len() - left..];
    match rule {
        YearAverage::Simple => projected
            .iter()
            .map(|m| {
                if m.population > 0.0 {
                    100.0 / m.population / 12.0
                } else {
                    0.0
                }
            })
            .collect(),
        YearAverage::Weighted => {
            let population: f64 = months.iter().map(|m| m.population).sum();
            let w = if population > 0.0 {
                100.0 / population
            } else {
                0.0
            };
            vec![w; left]
        }
    }
}

/// The year figure of observed and projected months, by the method's rule.
fn year_mean(rule: YearAverage, months: &[ListMonth]) -> Option<f64> {
    // The projected months' expected counts are not whole persons; scaled to integer
    // cells the one definition of the year figure applies (the scale cancels in shares).
    const SCALE: f64 = 1e6;
    let cells: Vec<crate::measure::Cell> = months
        .iter()
        .map(|m| crate::measure::Cell {
            population: (m.population * SCALE).round() as u64,
            fulfilled: (m.fulfilled * SCALE).round() as u64,
        })
        .collect();
    year_figure(rule, &cells)
}

/// Expected passive person-months that an offer in remaining month `t` turns fulfilled.
fn person_months(f: &Followed, window: u32, t: usize) -> f64 {
    offer_value(f, window, t, 0, None)
}

/// What an offer in remaining month `t` turns fulfilled: the passive months of its window
/// not already covered by a list offer (covered up to remaining month `covered`,
/// exclusive), expected by survival and weighted by `weights` (year-figure points; none:
/// person-months).
fn offer_value(
    f: &Followed,
    window: u32,
    t: usize,
    covered: usize,
    weights: Option<&[f64]>,
) -> f64 {
    let end = (t + window as usize).min(f.presence.len());
    (t.max(covered)..end)
        .filter(|&i| f.passive[i])
        .map(|i| f.presence[i] * weights.map_or(1.0, |w| w[i]))
        .sum()
}

/// Each person's value (year-figure points) of an offer in remaining month `t`, given
/// how far list offers already cover them.
fn offer_values(
    followed: &[Followed],
    weights: &[f64],
    window: u32,
    t: usize,
    covered: &[usize],
) -> Vec<f64> {
    followed
        .iter()
        .zip(covered)
        .map(|(f, &c)| offer_value(f, window, t, c, Some(weights)))
        .collect()
}

/// `k` offers a month in list order, from the month after the as-of month to December:
/// the gain in percentage points.
fn list_order(followed: &[Followed], weights: &[f64], window: u32, k: u64) -> f64 {
    let mut covered = vec![0usize; followed.len()];
    let mut order: Vec<usize> = (0..followed.len()).collect();
    let take = (k as usize).min(order.len());
    let mut gain = 0.0;
    if take == 0 {
        return gain;
    }
    for t in 0..weights.len() {
        let values = offer_values(followed, weights, window, t, &covered);
        let better = |a: &usize, b: &usize| values[*b].total_cmp(&values[*a]).then(a.cmp(b));
        if take < order.len() {
            order.select_nth_unstable_by(take - 1, better);
        }
        for &i in order[..take].iter().filter(|&&i| values[i] > 0.0) {
            gain += values[i];
            // Fulfilled from t to t + window − 1 (remaining-month indices).
            covered[i] = t + window as usize;
        }
    }
    gain
}

/// The smallest `k` in `0..=most` for which `reaches(k)`, by bisection (the gain of `k`
/// offers a month in list order grows with `k`).
fn fewest_offers(most: u64, reaches: impl Fn(u64) -> bool) -> Needed {
    if reaches(0) {
        return Needed::Offers {
            offers_per_month: 0,
        };
    }
    if !reaches(most) {
        return Needed::Unreachable;
    }
    let (mut lo, mut hi) = (0, most);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Needed::Offers {
        offers_per_month: hi,
    }
}

/// A few round sizes of offers a month relative to a caseload: about ½, 1, 2 and 5 %.
fn default_sizes(persons: u64) -> Vec<u64> {
    let round = |x: f64| {
        if x < 1.0 {
            return 1;
        }
        let magnitude = 10f64.powi(x.log10().floor() as i32);
        let steps = [1.0, 2.0, 2.5, 5.0, 10.0];
        let nice = steps
            .iter()
            .map(|s| s * magnitude)
            .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
            .expect("steps are not empty");
        nice as u64
    };
    let mut sizes: Vec<u64> = [0.005, 0.01, 0.02, 0.05]
        .iter()
        .map(|f| round(persons as f64 * f))
        .collect();
    sizes.dedup();
    sizes
}

/// Persons per group and deadline month, with disclosure control per month as in the
/// evaluation.
fn by_deadline(followed: &[Followed], as_of: Month, min_cell: u64) -> Vec<DeadlineCell> {
    let mut counts: BTreeMap<u32, [u64; Group::COUNT]> = BTreeMap::new();
    for f in followed.iter().filter(|f| f.deadline != u32::MAX) {
        counts.entry(f.deadline).or_default()[f.group.index()] += 1;
    }
    counts
        .iter()
        .flat_map(|(&ahead, row)| {
            let hidden = hidden_groups(row, min_cell);
            Group::ALL
                .iter()
                .filter(|g| row[g.index()] > 0)
                .map(move |&g| DeadlineCell {
                    group: g,
                    month: as_of.plus(ahead as i32),
                    persons: (!hidden[g.index()]).then_some(row[g.index()]),
                    suppressed: hidden[g.index()],
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Persons with an offer per month, mean of the as-of month and the two before it that
/// the register covers.
fn offers_now(panel: &Panel, as_of: Month) -> f64 {
    let from = as_of.plus(-2);
    let mut months = [false; 3];
    let mut offers = 0u64;
    for rows in panel.persons() {
        for r in rows.iter().filter(|r| r.month >= from && r.month <= as_of) {
            months[r.month.since(from) as usize] = true;
            offers += u64::from(r.activity.offer);
        }
    }
    let covered = months.iter().filter(|&&m| m).count();
    if covered == 0 {
        0.0
    } else {
        offers as f64 / covered as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::method::{AbsenceRule, MethodSpec};
    use crate::measure::register::parse_register;
    use proptest::prelude::*;

    const HEADER: &str =
        "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n";

    /// One person's row: month, offer, ordinary and frikort hours, absence.
    type Month_ = (&'static str, u8, f64, f64, u8);

    /// A kontanthjælp person on benefit every month from `from` to `to`, with the
    /// activity of `events` in their months.
    fn person(id: &str, from: &str, to: &str, events: &[Month_]) -> String {
        let (from, to): (Month, Month) = (from.parse().unwrap(), to.parse().unwrap());
        from.through(to)
            .map(|m| {
                let e = events.iter().find(|e| e.0.parse::<Month>().unwrap() == m);
                let (offer, hours, frikort, absence) =
                    e.map_or((0, 0.0, 0.0, 0), |e| (e.1, e.2, e.3, e.4));
                format!("{id},{m},kontanthjaelp,{offer},{hours:.2},{frikort:.2},{absence},0\n")
            })
            .collect()
    }

    fn list_of(rows: &str, method: &Method, as_of: &str) -> SteeringList {
        let panel = parse_register(&format!("{HEADER}{rows}"), "r.csv").unwrap();
        let options = ListOptions {
            as_of: as_of.parse().unwrap(),
            offers_per_month: vec![1],
            min_cell: 0,
        };
        steering_list(&panel, method, &options)
    }

    fn deadline(rows: &str, method: &Method, as_of: &str) -> Option<String> {
        let list = list_of(rows, method, as_of);
        assert_eq!(list.ranked().len(), 1);
        list.ranked()[0].deadline.map(|d| d.to_string())
    }

    fn method(name: &str, changes: MethodSpec) -> Method {
        let name = Some(crate::vocab::label::Label::new(name.to_string()).unwrap());
        Method::star()
            .with_changes(&MethodSpec { name, ..changes })
            .unwrap()
    }

    #[test]
    fn an_offer_fulfils_its_window_and_the_deadline_is_the_month_after() {
        let rows = person("a", "2024-01", "2025-03", &[("2024-12", 1, 0.0, 0.0, 0)]);
        assert_eq!(
            deadline(&rows, &Method::star(), "2025-03").as_deref(),
            Some("2025-12")
        );
    }

    #[test]
    fn hours_slide_out_of_the_window() {
        // 60 + 50 hours reach 100 until October 2024's 60 leave the window.
        let rows = person(
            "a",
            "2024-01",
            "2025-03",
            &[("2024-10", 0, 60.0, 0.0, 0), ("2025-02", 0, 50.0, 0.0, 0)],
        );
        assert_eq!(
            deadline(&rows, &Method::star(), "2025-03").as_deref(),
            Some("2025-10")
        );
    }

    #[test]
    fn the_225_hour_threshold_until_february_2023_passive_then_fulfilled_again() {
        let rows = person("a", "2021-12", "2023-01", &[("2022-12", 0, 150.0, 0.0, 0)]);
        let list = list_of(&rows, &Method::star(), "2023-01");
        assert_eq!(list.ranked()[0].deadline.unwrap().to_string(), "2023-01");
        let share = |m: &str| {
            list.months
                .iter()
                .find(|x| x.month.to_string() == m)
                .unwrap()
                .share_pct
        };
        // February still asks 225 hours; from March 100, and the 150 are in the window.
        assert_eq!(share("2023-02"), Some(0.0));
        assert_eq!(share("2023-03"), Some(100.0));
        // The 150 hours leave the window in December. An offer in February covers
        // February and December; March–November are fulfilled anyway.
        assert_eq!(share("2023-12"), Some(0.0));
        assert_eq!(list.ranked()[0].person_months, 2.0);
    }

    #[test]
    fn registered_absence_takes_the_person_out_until_next_month() {
        let rows = person("a", "2024-01", "2025-03", &[("2025-03", 0, 0.0, 0.0, 1)]);
        assert_eq!(
            deadline(&rows, &Method::star(), "2025-03").as_deref(),
            Some("2025-04")
        );
        let ignore = method(
            "ignore-absence",
            MethodSpec {
                absence: Some(AbsenceRule::Ignore),
                ..MethodSpec::default()
            },
        );
        assert_eq!(
            deadline(&rows, &ignore, "2025-03").as_deref(),
            Some("2025-03")
        );
    }

    #[test]
    fn frikort_hours_count_under_the_frikort_method_only() {
        let rows = person("a", "2024-01", "2025-03", &[("2025-01", 0, 60.0, 50.0, 0)]);
        assert_eq!(
            deadline(&rows, &Method::star(), "2025-03").as_deref(),
            Some("2025-03")
        );
        let frikort = Method::preset("frikort").unwrap();
        assert_eq!(
            deadline(&rows, &frikort, "2025-03").as_deref(),
            Some("2026-01")
        );
    }

    #[test]
    fn a_person_below_the_seniority_threshold_counts_from_the_month_they_enter() {
        let rows = person("a", "2024-07", "2025-03", &[]);
        let list = list_of(&rows, &Method::star(), "2025-03");
        assert_eq!(list.ranked()[0].seniority_months, 9);
        assert_eq!(list.ranked()[0].deadline.unwrap().to_string(), "2025-06");
        assert_eq!(list.passive_now, 0);
    }

    #[test]
    fn a_group_the_method_leaves_out_has_no_deadline() {
        let rows = person("a", "2024-01", "2025-03", &[]);
        let only_dagpenge = method(
            "only-dagpenge",
            MethodSpec {
                groups: Some(vec![Group::ADagpenge]),
                ..MethodSpec::default()
            },
        );
        let list = list_of(&rows, &only_dagpenge, "2025-03");
        assert_eq!(list.ranked()[0].deadline, None);
        assert_eq!(list.without_deadline, 1);
        assert!(list.by_deadline.is_empty());
    }

    #[test]
    fn one_passive_person_one_offer_a_month_by_hand() {
        // Passive all year; no exits in the register. Jan–Mar observed at 0 %; one offer
        // in April fulfils April–December: 9 of 12 months at 100 % = 75 points.
        let rows = person("a", "2024-01", "2025-03", &[]);
        let list = list_of(&rows, &Method::star(), "2025-03");
        assert_eq!(list.ranked()[0].person_months, 9.0);
        assert_eq!(list.year_mean_if_nothing_new_pct, Some(0.0));
        assert!((list.gain[0].year_mean_gain_pp - 75.0).abs() < 1e-9);
        assert_eq!(
            list.offers_needed_per_month,
            Needed::Offers {
                offers_per_month: 1
            }
        );
    }

    #[test]
    fn offers_go_where_they_buy_most() {
        // b is passive now; a is fulfilled until December by an offer. One offer a month
        // goes to b in April, then to nobody until a turns passive in December.
        let rows = [
            person("a", "2024-01", "2025-03", &[("2024-12", 1, 0.0, 0.0, 0)]),
            person("b", "2024-01", "2025-03", &[]),
        ]
        .concat();
        let list = list_of(&rows, &Method::star(), "2025-03");
        let order: Vec<usize> = list.ranked().iter().map(|r| r.person).collect();
        assert_eq!(order, [1, 0]);
        assert_eq!(list.ranked()[1].person_months, 1.0);
        // b: April–December (9 months), a: December: 10 person-months of 2 persons.
        let expected = 10.0 * 100.0 / 2.0 / 12.0;
        assert!((list.gain[0].year_mean_gain_pp - expected).abs() < 1e-9);
    }

    /// A random history of one person on benefit up to `as_of`, in one group.
    fn history() -> impl Strategy<Value = (Group, Vec<(u8, u32, u32, u8)>)> {
        let month = (
            prop_oneof![9 => Just(0u8), 1 => Just(1u8)],
            prop_oneof![3 => Just(0u32), 1 => 1u32..120],
            prop_oneof![4 => Just(0u32), 1 => 1u32..60],
            prop_oneof![9 => Just(0u8), 1 => Just(1u8)],
        );
        (
            proptest::sample::select(Group::ALL.to_vec()),
            proptest::collection::vec(month, 1..30),
        )
    }

    fn rows_of(id: &str, group: Group, first: Month, months: &[(u8, u32, u32, u8)]) -> String {
        months
            .iter()
            .enumerate()
            .map(|(i, (offer, hours, frikort, absence))| {
                format!(
                    "{id},{},{},{offer},{hours},{frikort},{absence},0\n",
                    first.plus(i as i32),
                    group.code()
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// An offer in the deadline month keeps the person fulfilled through deadline + 11
        /// (checked by the evaluation itself on the history extended with that offer), and
        /// the persons passive now are the evaluation's population minus fulfilled.
        #[test]
        fn an_offer_at_the_deadline_fulfils_the_window(
            people in proptest::collection::vec(history(), 1..6),
            frikort in any::<bool>(),
        ) {
            let method = if frikort { Method::preset("frikort").unwrap() } else { Method::star() };
            let as_of: Month = "2025-03".parse().unwrap();
            let text: String = people
                .iter()
                .enumerate()
                .map(|(p, (g, months))| {
                    rows_of(&format!("p{p}"), *g, as_of.plus(1 - months.len() as i32), months)
                })
                .collect();
            let panel = parse_register(&format!("{HEADER}{text}"), "r.csv").unwrap();
            let options = ListOptions { as_of, offers_per_month: vec![1], min_cell: 0 };
            let list = steering_list(&panel, &method, &options);

            let cells = evaluate::tally(&panel, &method, Measure::Active);
            let (first, _) = panel.month_range().unwrap();
            let at = cells[as_of.since(first) as usize];
            for g in Group::ALL {
                let passive = list
                    .by_deadline
                    .iter()
                    .filter(|c| c.group == g && c.month == as_of)
                    .map(|c| c.persons.unwrap())
                    .sum::<u64>();
                let cell = at.groups[g.index()];
                prop_assert_eq!(passive, cell.population - cell.fulfilled);
            }

            for r in list.ranked() {
                let Some(deadline) = r.deadline else { continue };
                let (g, months) = &people[r.person];
                let start = as_of.plus(1 - months.len() as i32);
                let mut extended = months.clone();
                if deadline == as_of {
                    extended.last_mut().unwrap().0 = 1;
                }
                for m in as_of.plus(1).through(deadline.plus(11)) {
                    extended.push((u8::from(m == deadline), 0, 0, 0));
                }
                let own = parse_register(
                    &format!("{HEADER}{}", rows_of("x", *g, start, &extended)),
                    "r.csv",
                )
                .unwrap();
                let cells = evaluate::tally(&own, &method, Measure::Active);
                for m in deadline.through(deadline.plus(11)) {
                    let c = cells[m.since(start) as usize].total();
                    prop_assert_eq!(c.fulfilled, c.population, "month {}", m);
                }
                prop_assert!(cells[deadline.since(start) as usize].total().population == 1);
            }
        }
    }
}
