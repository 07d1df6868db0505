//! The focus-goal measure: who is in the population and who is fulfilled.
//!
//! This is the one definition used everywhere. The register evaluation and the
//! simulator both describe a person-month as a [`Membership`] plus the totals of the
//! [`Activity`] in its window, and apply the method's rule for that month
//! ([`Method::month_rule`], which [`Method::status`] also applies); they can never
//! disagree on the definition.

pub mod evaluate;
pub mod method;
pub mod register;
pub mod steering;

use crate::Group;
use crate::measure::method::{AbsenceRule, Method, SeniorityRule};
use crate::vocab::hours::Hours;
use crate::vocab::month::Month;
use serde::{Deserialize, Serialize};

/// Which focus goal is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Active effort: an offer, or enough ordinary hours, in the window.
    #[default]
    Active,
    /// Conversations: at least `conversations_required` conversations in the window.
    Conversations,
}

/// What happened to a person in one month that counts towards the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Had an employment-oriented offer (tilbud) in the month.
    pub offer: bool,
    /// Ordinary wage hours in the month.
    pub ordinary_hours: Hours,
    /// Social-frikort hours in the month.
    pub frikort_hours: Hours,
    /// Job-centre conversations in the month.
    pub conversations: u16,
}

/// Where a person stands in the measured month: group, absence and seniority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The benefit group in the measured month.
    pub group: Group,
    /// Absence (e.g. illness) registered in the measured month.
    pub absence_registered: bool,
    /// Seniority counted per benefit spell (STAR's rule), months.
    pub seniority_spell: u32,
    /// Seniority counted across benefits, months.
    pub seniority_any: u32,
}

/// A person-month's place in the measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not in the population (seniority, absence or group).
    Outside,
    /// In the population and fulfilled.
    Fulfilled,
    /// In the population, not fulfilled (passive).
    Unfulfilled,
}

/// Window totals, accumulated over the months inside the method's window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WindowTotals {
    /// Any month with an offer.
    pub offer: bool,
    /// Ordinary hours, hundredths.
    pub ordinary_centi: u64,
    /// Frikort hours, hundredths.
    pub frikort_centi: u64,
    /// Conversations.
    pub conversations: u32,
}

impl WindowTotals {
    /// Add one month of activity.
    #[inline]
    pub fn add(&mut self, a: &Activity) {
        self.offer |= a.offer;
        self.ordinary_centi += u64::from(a.ordinary_hours.centi());
        self.frikort_centi += u64::from(a.frikort_hours.centi());
        self.conversations += u32::from(a.conversations);
    }

    /// Totals over the given months' activity.
    pub fn over<'a>(months: impl IntoIterator<Item = &'a Activity>) -> WindowTotals {
        let mut t = WindowTotals::default();
        for a in months {
            t.add(a);
        }
        t
    }
}

impl Method {
    /// Whether a person-month is in the measured population.
    #[inline]
    pub fn in_population(&self, who: &Membership) -> bool {
        self.month_rule(0).in_population(who)
    }

    /// The status of a person in `month`, given the totals over the window's months
    /// (`month − window_months + 1 ..= month`; the caller sums exactly those).
    #[inline]
    pub fn status(
        &self,
        measure: Measure,
        month: Month,
        who: &Membership,
        window: &WindowTotals,
    ) -> Status {
        self.status_at(measure, self.threshold_centi(month), who, window)
    }

    /// [`Method::status`] with the month's hours threshold already looked up (the
    /// simulator looks it up once a month, not once a person-month).
    #[inline]
    pub fn status_at(
        &self,
        measure: Measure,
        threshold_centi: u64,
        who: &Membership,
        window: &WindowTotals,
    ) -> Status {
        self.month_rule(threshold_centi)
            .status(measure, who, window)
    }

    /// The method's rule for a month whose hours threshold is `threshold_centi`: what
    /// [`Method::status_at`] decides, built once for a month and applied to each of its
    /// person-months (by the simulator without a branch).
    pub fn month_rule(&self, threshold_centi: u64) -> MonthRule {
        MonthRule {
            across_benefits: self.seniority() == SeniorityRule::AcrossBenefits,
            min_seniority: self.min_seniority_months(),
            max_seniority: self.max_seniority_months().unwrap_or(u32::MAX),
            exclude_registered: self.absence() == AbsenceRule::Exclude,
            groups: self.groups().as_ref().map_or(u32::MAX, |gs| {
                gs.iter().fold(0, |mask, g| mask | 1 << g.index())
            }),
            count_frikort: self.count_frikort_hours(),
            threshold_centi,
            conversations_required: self.conversations_required(),
        }
    }

    /// The target (percent, strictly above) of the measure.
    pub fn target_for(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Active => self.target_pct(),
            Measure::Conversations => self.conversations_target_pct(),
        }
    }
}

/// A method's rule for one month ([`Method::month_rule`]): who is in the population and
/// whether the window holds active effort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthRule {
    /// Seniority across benefits instead of per benefit spell.
    pub(crate) across_benefits: bool,
    pub(crate) min_seniority: u32,
    /// `u32::MAX` for no upper bound.
    pub(crate) max_seniority: u32,
    pub(crate) exclude_registered: bool,
    /// Bit g: group g is in the population.
    pub(crate) groups: u32,
    pub(crate) count_frikort: bool,
    pub(crate) threshold_centi: u64,
    conversations_required: u32,
}

impl MonthRule {
    /// A person-month's status under `measure`, given the totals over the window.
    #[inline]
    pub fn status(&self, measure: Measure, who: &Membership, window: &WindowTotals) -> Status {
        if !self.in_population(who) {
            return Status::Outside;
        }
        let fulfilled = match measure {
            Measure::Active => self.active(window),
            Measure::Conversations => window.conversations >= self.conversations_required,
        };
        if fulfilled {
            Status::Fulfilled
        } else {
            Status::Unfulfilled
        }
    }

    /// Whether a person-month is in the population (the conditions are combined with
    /// `&`, not `&&`: no branches).
    #[inline]
    pub fn in_population(&self, who: &Membership) -> bool {
        let seniority = if self.across_benefits {
            who.seniority_any
        } else {
            who.seniority_spell
        };
        (seniority >= self.min_seniority)
            & (seniority <= self.max_seniority)
            & !(who.absence_registered & self.exclude_registered)
            & (self.groups >> who.group.index() & 1 == 1)
    }

    /// Active effort in the window: an offer, or ordinary hours (with frikort hours where
    /// the method counts them) reaching the threshold.
    #[inline]
    pub fn active(&self, window: &WindowTotals) -> bool {
        let frikort = if self.count_frikort {
            window.frikort_centi
        } else {
            0
        };
        window.offer | (window.ordinary_centi + frikort >= self.threshold_centi)
    }
}

/// Population and fulfilled count of one cell (a month and a group, or the total).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Persons in the population.
    pub population: u64,
    /// Of those, fulfilled.
    pub fulfilled: u64,
}

impl Cell {
    /// Count one person-month: in the population or not, fulfilled or not (without a
    /// branch; `fulfilled` implies `in_population`).
    #[inline]
    pub fn add(&mut self, in_population: bool, fulfilled: bool) {
        debug_assert!(in_population || !fulfilled);
        self.population += u64::from(in_population);
        self.fulfilled += u64::from(fulfilled);
    }

    /// Count one status.
    #[inline]
    pub fn count(&mut self, status: Status) {
        match status {
            Status::Outside => {}
            Status::Fulfilled => {
                self.population += 1;
                self.fulfilled += 1;
            }
            Status::Unfulfilled => self.population += 1,
        }
    }

    /// `100 · fulfilled / population`; `None` for an empty population (never NaN).
    pub fn share_pct(&self) -> Option<f64> {
        (self.population > 0).then(|| 100.0 * self.fulfilled as f64 / self.population as f64)
    }

    /// Add another cell.
    pub fn merge(&mut self, other: &Cell) {
        self.population += other.population;
        self.fulfilled += other.fulfilled;
    }
}

/// One month's cells: per group and in total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthCells {
    /// Per group, indexed by [`Group::index`].
    pub groups: [Cell; Group::COUNT],
}

impl MonthCells {
    /// Count one person-month.
    #[inline]
    pub fn count(&mut self, group: Group, status: Status) {
        self.groups[group.index()].count(status);
    }

    /// Add another month's cells, group by group.
    pub fn merge(&mut self, other: &MonthCells) {
        for (a, b) in self.groups.iter_mut().zip(&other.groups) {
            a.merge(b);
        }
    }

    /// The total over all groups.
    pub fn total(&self) -> Cell {
        let mut t = Cell::default();
        for c in &self.groups {
            t.merge(c);
        }
        t
    }
}

/// The calendar-year figure from monthly total cells, by the method's rule.
/// `None` when any month has no population under the simple rule, or all are empty.
pub fn year_figure(rule: crate::measure::method::YearAverage, months: &[Cell]) -> Option<f64> {
    match rule {
        crate::measure::method::YearAverage::Simple => {
            let shares: Option<Vec<f64>> = months.iter().map(Cell::share_pct).collect();
            let shares = shares?;
            (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64)
        }
        crate::measure::method::YearAverage::Weighted => {
            let mut t = Cell::default();
            for c in months {
                t.merge(c);
            }
            t.share_pct()
        }
    }
}

/// What the remaining months of a year must average for the year mean to reach the target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Requirement {
    /// The target, percent (the year mean must be strictly above it).
    pub target_pct: f64,
    /// The observed monthly shares so far, in order from January.
    pub observed: Vec<f64>,
    /// Months left in the year.
    pub remaining_months: u32,
    /// The mean the remaining months must reach; `None` when no months remain.
    pub required_mean_pct: Option<f64>,
    /// False when the required mean exceeds 100 (already impossible) or, with no months
    /// left, when the year mean is not above the target.
    pub feasible: bool,
    /// The year the observed months are of, when known ([`Requirement::in_year`]): the
    /// words name its months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl Requirement {
    /// The requirement of `year`: its observed months run from January.
    pub fn in_year(self, year: i32) -> Requirement {
        Requirement {
            year: Some(year),
            ..self
        }
    }
}

/// `(12·target − Σ observed) / (12 − n)`: the mean the other months must reach.
pub fn requirement(target_pct: f64, observed: &[f64]) -> Requirement {
    let n = observed.len().min(12);
    let remaining = 12 - n as u32;
    let sum: f64 = observed[..n].iter().sum();
    let required = (remaining > 0).then(|| (12.0 * target_pct - sum) / f64::from(remaining));
    let feasible = match required {
        Some(r) => r <= 100.0,
        None => sum / 12.0 > target_pct,
    };
    Requirement {
        target_pct,
        observed: observed[..n].to_vec(),
        remaining_months: remaining,
        required_mean_pct: required,
        feasible,
        year: None,
    }
}

/// The level the last of `months` remaining months must reach for a linear climb over
/// them to average `required_mean_pct`, the climb starting at `start_pct` in the first
/// (the level of the last observed month, kept for one more month): months
/// k = 0..n − 1 lie at L + (D − L)·k/(n − 1), whose mean is (L + D)/2, so D = 2R − L.
/// Copenhagen: from 66.5 in April, 2·71.23 − 66.5 ≈ 76.0 in December. With one month
/// left it is the requirement itself; `None` with none.
pub fn ramp_end_pct(start_pct: f64, required_mean_pct: f64, months: u32) -> Option<f64> {
    match months {
        0 => None,
        1 => Some(required_mean_pct),
        _ => Some(2.0 * required_mean_pct - start_pct),
    }
}

/// The level of month `k` (0 = the first remaining month) of the climb of
/// [`ramp_end_pct`] from `start_pct` to `end_pct` over `months` months.
pub fn ramp_level_pct(start_pct: f64, end_pct: f64, months: u32, k: u32) -> f64 {
    if months <= 1 {
        return end_pct;
    }
    start_pct + (end_pct - start_pct) * f64::from(k) / f64::from(months - 1)
}

/// Given a year's monthly total shares in order from January (`path`: observed months as
/// observed, then the expected ones), the index of the first month after which the
/// remaining months would have to average more than `ceiling_pct` for the year mean
/// (the 12-month simple mean) to be above `target_pct` — by the [`requirement`] after
/// the months up to it. After December nothing is left: December counts when the year
/// mean is not above the target. `None` when no month of `path` is such a month.
pub fn point_of_no_return(target_pct: f64, path: &[f64], ceiling_pct: f64) -> Option<usize> {
    (0..path.len().min(12)).find(|&k| {
        let after = requirement(target_pct, &path[..=k]);
        match after.required_mean_pct {
            Some(required) => required > ceiling_pct,
            None => !after.feasible,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::method::{AbsenceRule, MethodSpec, SeniorityRule};

    #[test]
    fn copenhagen_requirement_is_71_2() {
        let r = requirement(70.0, &[66.2, 66.2, 66.5]);
        assert_eq!(r.remaining_months, 9);
        assert!((r.required_mean_pct.unwrap() - 71.233_333).abs() < 1e-5);
        assert!(r.feasible);
        let r = requirement(70.0, &[10.0; 11]);
        assert!(!r.feasible);
    }

    /// The ramp's end by hand: Copenhagen (66.5 in March, 71.23 over nine months) needs
    /// 2·71.23 − 66.5 = 75.97 in December (DOMAIN: "about 76 %"), and the ramp's months
    /// average the requirement.
    #[test]
    fn the_ramp_end_is_hand_arithmetic() {
        let required = (840.0 - 66.2 - 66.2 - 66.5) / 9.0;
        let d = ramp_end_pct(66.5, required, 9).unwrap();
        assert!((d - (2.0 * required - 66.5)).abs() < 1e-12);
        assert!((d - 75.97).abs() < 0.005, "{d}");
        let ramp: Vec<f64> = (0..9).map(|k| ramp_level_pct(66.5, d, 9, k)).collect();
        assert_eq!(ramp[0], 66.5);
        assert!((ramp[8] - d).abs() < 1e-12);
        assert!((ramp.iter().sum::<f64>() / 9.0 - required).abs() < 1e-9);
        // Twelve months from 66 to average 70: 74 in December; one month left: that
        // month itself is the requirement; none left: nothing to ramp.
        assert!((ramp_end_pct(66.0, 70.0, 12).unwrap() - 74.0).abs() < 1e-12);
        assert_eq!(ramp_end_pct(60.0, 72.0, 1), Some(72.0));
        assert_eq!(ramp_level_pct(60.0, 72.0, 1, 0), 72.0);
        assert_eq!(ramp_end_pct(60.0, 72.0, 0), None);
    }

    /// The points of no return by hand. At a steady 66 %, after k months the rest must
    /// average (840 − 66k)/(12 − k), which passes 100 first at k = 11 (November:
    /// 114/1 = 114; after October 180/2 = 90): the point is November. Against the best
    /// month, 66: already after January (774/11 = 70.4 > 66).
    #[test]
    fn the_points_of_no_return_are_hand_arithmetic() {
        let steady = [66.0; 12];
        assert_eq!(point_of_no_return(70.0, &steady, 100.0), Some(10));
        assert_eq!(point_of_no_return(70.0, &steady, 66.0), Some(0));
        // A path that ends the year above the target has neither.
        let rising: Vec<f64> = (0..12).map(|k| 66.0 + f64::from(k)).collect();
        assert!(rising.iter().sum::<f64>() / 12.0 > 70.0);
        assert_eq!(point_of_no_return(70.0, &rising, 100.0), None);
        assert_eq!(point_of_no_return(70.0, &rising, 77.0), None);
        // Every month observed at exactly the target: only December, when the year
        // mean (70, not above 70) is known to miss.
        assert_eq!(point_of_no_return(70.0, &[70.0; 12], 100.0), Some(11));
        // Already out of reach after the first month: 2 % in January needs
        // (840 − 2)/11 = 76.2 > 75 from February on.
        let mut low = [80.0; 12];
        low[0] = 2.0;
        assert_eq!(point_of_no_return(70.0, &low, 75.0), Some(0));
        assert_eq!(point_of_no_return(70.0, &low, 80.0), None);
        // A horizon before December: no point within the months given.
        assert_eq!(point_of_no_return(70.0, &steady[..6], 100.0), None);
    }

    #[test]
    fn empty_cell_has_no_share() {
        assert_eq!(Cell::default().share_pct(), None);
    }

    /// The month rule decides as the measure is written in DOMAIN.md, for every
    /// combination of the rule's settings: seniority per spell or across benefits, lower
    /// and upper bounds, absence excluded or ignored, a group subset, frikort hours
    /// counted or not.
    #[test]
    fn the_month_rule_is_the_written_measure() {
        let mut methods = Vec::new();
        for across in [false, true] {
            for max in [None, Some(30)] {
                for absence in [AbsenceRule::Exclude, AbsenceRule::Ignore] {
                    for groups in [None, Some(vec![Group::Kontanthjaelp, Group::Sygedagpenge])] {
                        for frikort in [false, true] {
                            let m = Method::star().with_changes(&MethodSpec {
                                name: Some(
                                    crate::vocab::label::Label::new(format!(
                                        "variant-{}",
                                        methods.len()
                                    ))
                                    .unwrap(),
                                ),
                                seniority: Some(if across {
                                    SeniorityRule::AcrossBenefits
                                } else {
                                    SeniorityRule::PerBenefit
                                }),
                                max_seniority_months: max,
                                absence: Some(absence),
                                groups: groups.clone(),
                                count_frikort_hours: Some(frikort),
                                ..MethodSpec::default()
                            });
                            methods.push(m.unwrap());
                        }
                    }
                }
            }
        }
        let threshold = 22_500;
        for m in &methods {
            let rule = m.month_rule(threshold);
            for group in Group::ALL {
                for (spell, any) in [(3, 40), (12, 12), (40, 3), (11, 31), (31, 12)] {
                    for registered in [false, true] {
                        let who = Membership {
                            group,
                            absence_registered: registered,
                            seniority_spell: spell,
                            seniority_any: any,
                        };
                        let seniority = match m.seniority() {
                            SeniorityRule::PerBenefit => spell,
                            SeniorityRule::AcrossBenefits => any,
                        };
                        let expected = seniority >= 12
                            && m.max_seniority_months().is_none_or(|x| seniority <= x)
                            && !(registered && m.absence() == AbsenceRule::Exclude)
                            && m.groups().as_ref().is_none_or(|gs| gs.contains(&group));
                        assert_eq!(rule.in_population(&who), expected, "{m:?} {who:?}");
                        assert_eq!(m.in_population(&who), expected);
                    }
                }
            }
            for (offer, ordinary, frikort) in [
                (false, 22_499, 0),
                (false, 22_500, 0),
                (false, 20_000, 2_500),
                (true, 0, 0),
            ] {
                let window = WindowTotals {
                    offer,
                    ordinary_centi: ordinary,
                    frikort_centi: frikort,
                    conversations: 0,
                };
                let hours = ordinary + if m.count_frikort_hours() { frikort } else { 0 };
                assert_eq!(
                    rule.active(&window),
                    offer || hours >= threshold,
                    "{m:?} {window:?}"
                );
            }
        }
    }
}
