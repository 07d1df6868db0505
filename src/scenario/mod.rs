//! Scenarios: the file format ([`file`]), a scenario as loaded with the hash of its merged
//! content ([`load`]; the files and their `extends` chain are read by
//! [`crate::io::scenario`]) and the validated [`Scenario`] the simulator takes. A
//! `Scenario` that exists is valid.

pub mod file;
pub mod load;
pub mod observed;

use crate::error::InputError;
use crate::measure::method::Method;
use crate::{Group, Hours, Month};
use file::{GroupFile, HazardBand, MethodRef, MoveFile};
pub use file::{Initiative, ScenarioFile, SensitivityRange, ShareKind};

/// A validated scenario. It is built only by [`Scenario::from_file`] and changed only by
/// the `with_*` methods, which check what the file's validation checks for the fields
/// they change; its fields are read through getters of the same name.
#[derive(Clone, Debug)]
pub struct Scenario {
    name: String,
    description: String,
    municipality: String,
    method: Method,
    year: i32,
    first_month: Month,
    horizon_end: Month,
    observed: Vec<ObservedMonth>,
    seasonality: [f64; 12],
    heterogeneity_shape: f64,
    offer_shock: (f64, f64),
    frikort_cap_hours: Hours,
    groups: [GroupParams; Group::COUNT],
    initiatives: Vec<Initiative>,
    sensitivity: Vec<SensitivityRange>,
    notes: Vec<String>,
    file: ScenarioFile,
}

/// One observed month, as active shares.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedMonth {
    /// The month.
    pub month: Month,
    /// Total active share, percent.
    pub total: f64,
    /// Per group, when given.
    pub groups: [Option<f64>; Group::COUNT],
    /// Persons in the month's total population, when known (a register's month): the
    /// month's weight under the `weighted` year average instead of the simulated one.
    pub population: Option<u64>,
}

/// Parameters of one group (all zero for a group the scenario leaves out). A scenario
/// lends its groups by shared reference only; a changed `GroupParams` enters a scenario
/// through [`Scenario::with_group_params`], which validates it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupParams {
    /// Persons at the start of the burn-in.
    pub persons: u32,
    /// Mean inflow per month.
    pub inflow_per_month: f64,
    /// Exit probability by months on benefits: (from_months, rate), ascending, first from 0.
    pub exit_hazard: Vec<(u32, f64)>,
    /// Moves: (to, rate, min_spell_months).
    pub moves: Vec<(Group, f64, u32)>,
    /// Base monthly offer probability.
    pub offer_rate: f64,
    /// Monthly log-change of the offer hazard before the last observed month.
    pub offer_trend: f64,
    /// Offers per month at most.
    pub offer_capacity: Option<u32>,
    /// Monthly probability of ordinary hours.
    pub hours_rate: f64,
    /// Median hours in a month with hours.
    pub hours_median: f64,
    /// Log-normal σ of hours.
    pub hours_sigma: f64,
    /// Monthly probability of frikort hours.
    pub frikort_rate: f64,
    /// Median frikort hours.
    pub frikort_hours_median: f64,
    /// Monthly probability of becoming absent.
    pub absence_rate: f64,
    /// Probability of staying absent.
    pub absence_persistence: f64,
    /// Share of absence registered.
    pub registration_rate: f64,
    /// Monthly probability of a conversation.
    pub conversation_rate: f64,
}

impl GroupParams {
    /// The exit probability at `months` on benefits.
    pub fn exit_rate(&self, months: u32) -> f64 {
        self.exit_hazard
            .iter()
            .rev()
            .find(|(from, _)| months >= *from)
            .map_or(0.0, |b| b.1)
    }
}

impl Initiative {
    /// The months in which the initiative is active.
    pub fn active_in(&self, month: Month) -> bool {
        let (start, end) = match self {
            Initiative::ProductionSteering { start, end, .. }
            | Initiative::AbsenceFollowup { start, end, .. }
            | Initiative::ExtraCapacity { start, end, .. } => (*start, *end),
        };
        month >= start && end.is_none_or(|e| month <= e)
    }
}

/// Range checks that name the JSON path.
struct Check<'a> {
    origin: &'a str,
}

impl Check<'_> {
    fn fail(&self, path: &str, message: impl Into<String>) -> InputError {
        InputError::at(self.origin, path, message)
    }

    fn prob(&self, path: &str, v: f64) -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(self.fail(path, format!("{v} is not a probability (expected 0 to 1)")))
        }
    }

    fn nonneg(&self, path: &str, v: f64, max: f64) -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=max).contains(&v) {
            Ok(v)
        } else {
            Err(self.fail(
                path,
                format!("{v} is out of range (expected a number from 0 to {max})"),
            ))
        }
    }

    fn pct(&self, path: &str, v: f64) -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=100.0).contains(&v) {
            Ok(v)
        } else {
            Err(self.fail(path, format!("{v} is not a percentage (expected 0 to 100)")))
        }
    }

    fn required<T: Clone>(&self, path: &str, v: &Option<T>) -> Result<T, InputError> {
        v.clone().ok_or_else(|| {
            self.fail(
                path,
                "is missing (every group needs it; a file that extends another may inherit it)",
            )
        })
    }
}

/// The most persons a scenario may start with (beyond it, use the resource override).
pub const MAX_PERSONS: u64 = 50_000_000;

impl Scenario {
    /// Validate a (merged) scenario file. `origin` names it in errors.
    pub fn from_file(file: ScenarioFile, origin: &str) -> Result<Scenario, InputError> {
        let c = Check { origin };
        if let Some(v) = file.version
            && v != 1
        {
            return Err(c.fail(
                "version",
                format!("version {v} is not supported (expected 1)"),
            ));
        }
        if file.version.is_none() {
            return Err(c.fail("version", "is missing (expected \"version\": 1)"));
        }
        let method = match &file.method {
            None => Method::star(),
            Some(MethodRef::Preset(name)) => Method::preset(name).ok_or_else(|| {
                c.fail("method", format!("unknown method preset {name:?} (expected one of: {}, or an inline method object)", crate::measure::method::PRESETS.join(", ")))
            })?,
            Some(MethodRef::Inline(spec)) => Method::from_spec(spec, origin, "method")?,
        };
        let year = c.required("year", &file.year)?;
        check_year(&c, year)?;
        let january = Month::new(year, 1).expect("year checked");
        let burn_in = file.burn_in_months.unwrap_or(24);
        if burn_in < method.window_months() || burn_in > 240 {
            return Err(c.fail(
                "burn_in_months",
                format!("{burn_in} months is out of range (expected {} to 240: at least the method's window, so January's window has a simulated history)", method.window_months()),
            ));
        }
        let horizon_end = file.horizon_end.unwrap_or(january.plus(11));
        check_horizon(&c, year, horizon_end)?;

        let mut observed = Vec::new();
        if let Some(obs) = &file.observed {
            for (month, m) in &obs.months {
                let path = format!("observed.months.{month}");
                check_observed_month(&c, &path, *month, year, horizon_end)?;
                let to_active = |v: f64| match obs.share {
                    ShareKind::Active => v,
                    ShareKind::Passive => 100.0 - v,
                };
                let total = to_active(c.pct(&format!("{path}.total"), m.total)?);
                let mut groups = [None; Group::COUNT];
                for (g, v) in &m.groups {
                    groups[g.index()] = Some(to_active(c.pct(&format!("{path}.groups.{g}"), *v)?));
                }
                observed.push(ObservedMonth {
                    month: *month,
                    total,
                    groups,
                    population: None,
                });
            }
            check_something_left_to_simulate(&c, &observed, horizon_end)?;
        }

        let seasonality: [f64; 12] = match &file.seasonality {
            None => [1.0; 12],
            Some(v) => {
                let arr: [f64; 12] = v.clone().try_into().map_err(|_| {
                    c.fail(
                        "seasonality",
                        format!("has {} values (expected 12, January first)", v.len()),
                    )
                })?;
                for (i, x) in arr.iter().enumerate() {
                    c.nonneg(&format!("seasonality[{i}]"), *x, 10.0)?;
                }
                arr
            }
        };
        let heterogeneity_shape = file.heterogeneity_shape.unwrap_or(2.0);
        if !heterogeneity_shape.is_finite() || !(0.05..=1000.0).contains(&heterogeneity_shape) {
            return Err(c.fail("heterogeneity_shape", format!("{heterogeneity_shape} is out of range (expected 0.05 to 1000; larger means more alike)")));
        }
        let offer_shock = match &file.offer_shock {
            None => (0.0, 0.0),
            Some(s) => (
                c.nonneg("offer_shock.sd", s.sd, 2.0)?,
                c.prob("offer_shock.persistence", s.persistence)?,
            ),
        };
        let frikort = file.frikort.clone().unwrap_or_default();
        let cap = c.nonneg(
            "frikort.cap_dkk_per_year",
            frikort.cap_dkk_per_year.unwrap_or(41_280.0),
            1e7,
        )?;
        let wage = frikort.hourly_wage_dkk.unwrap_or(130.0);
        if !wage.is_finite() || !(1.0..=10_000.0).contains(&wage) {
            return Err(c.fail(
                "frikort.hourly_wage_dkk",
                format!("{wage} is out of range (expected 1 to 10000 DKK)"),
            ));
        }
        let frikort_cap_hours = Hours::from_f64(cap / wage);

        let mut groups: [GroupParams; Group::COUNT] = Default::default();
        let Some(group_files) = &file.groups else {
            return Err(c.fail(
                "groups",
                "is missing (expected the parameters of at least one benefit group)",
            ));
        };
        if group_files.is_empty() {
            return Err(c.fail("groups", "is empty (expected at least one benefit group)"));
        }
        for (g, gf) in group_files {
            groups[g.index()] = validate_group(&c, &format!("groups.{g}"), *g, gf, group_files)?;
        }
        check_total_persons(&c, &groups)?;

        let initiatives = file.initiatives.clone().unwrap_or_default();
        let first_month = january.plus(-(burn_in as i32));
        for (i, init) in initiatives.iter().enumerate() {
            validate_initiative(
                &c,
                &format!("initiatives[{i}]"),
                init,
                first_month,
                horizon_end,
                |g| group_files.contains_key(&g),
            )?;
        }
        let sensitivity = file.sensitivity.clone().unwrap_or_default();
        for (i, r) in sensitivity.iter().enumerate() {
            let path = format!("sensitivity[{i}]");
            if !(r.low.is_finite() && r.high.is_finite()) || r.low > r.high {
                return Err(c.fail(
                    &path,
                    format!(
                        "low {} and high {} must be numbers with low ≤ high",
                        r.low, r.high
                    ),
                ));
            }
        }
        Ok(Scenario {
            name: file.name.clone().unwrap_or_else(|| "scenario".into()),
            description: file.description.clone().unwrap_or_default(),
            municipality: file.municipality.clone().unwrap_or_default(),
            method,
            year,
            first_month,
            horizon_end,
            observed,
            seasonality,
            heterogeneity_shape,
            offer_shock,
            frikort_cap_hours,
            groups,
            initiatives,
            sensitivity,
            notes: file.notes.clone().unwrap_or_default(),
            file,
        })
    }

    /// This scenario with the parameters of `group` replaced by `params`, validated as a
    /// group of the file is (a group cannot be left out this way).
    pub fn with_group_params(
        mut self,
        group: Group,
        params: GroupParams,
    ) -> Result<Scenario, InputError> {
        let c = Check { origin: &self.name };
        check_group(&c, &format!("groups.{group}"), group, &params, |g| {
            g == group || self.has_group(g)
        })?;
        self.groups[group.index()] = params;
        check_total_persons(&c, &self.groups)?;
        Ok(self)
    }

    /// This scenario with the offer rate and its run-up trend of `group` replaced.
    pub fn with_offer_rates(
        self,
        group: Group,
        offer_rate: f64,
        offer_trend: f64,
    ) -> Result<Scenario, InputError> {
        let params = GroupParams {
            offer_rate,
            offer_trend,
            ..self.groups[group.index()].clone()
        };
        self.with_group_params(group, params)
    }

    /// This scenario with every group's size (persons, inflow and offer capacity)
    /// multiplied by `factor`, rounded to whole persons and offers.
    pub fn scaled(self, factor: f64) -> Result<Scenario, InputError> {
        let mut scaled = self;
        for g in Group::ALL {
            if !scaled.has_group(g) {
                continue;
            }
            let p = &scaled.groups[g.index()];
            let params = GroupParams {
                persons: (f64::from(p.persons) * factor).round() as u32,
                inflow_per_month: p.inflow_per_month * factor,
                offer_capacity: p
                    .offer_capacity
                    .map(|c| (f64::from(c) * factor).round() as u32),
                ..p.clone()
            };
            scaled = scaled.with_group_params(g, params)?;
        }
        Ok(scaled)
    }

    /// This scenario held at its status quo: no observed months, no initiatives, and
    /// neither a run-up trend nor a shock of the offer rates. (Each is a value the file
    /// may give, so the result stays valid.)
    pub fn held_at_status_quo(mut self) -> Scenario {
        for p in &mut self.groups {
            p.offer_trend = 0.0;
        }
        self.observed.clear();
        self.initiatives.clear();
        self.offer_shock = (0.0, 0.0);
        self
    }

    /// This scenario with the observed months replaced by `observed` (in month order),
    /// validated as the file's observed months are.
    pub fn with_observed(mut self, observed: Vec<ObservedMonth>) -> Result<Scenario, InputError> {
        let c = Check { origin: &self.name };
        for (i, o) in observed.iter().enumerate() {
            let path = format!("observed.months.{}", o.month);
            if i > 0 && o.month <= observed[i - 1].month {
                return Err(c.fail(&path, "observed months must be in increasing order"));
            }
            check_observed_month(&c, &path, o.month, self.year, self.horizon_end)?;
            c.pct(&format!("{path}.total"), o.total)?;
            for g in Group::ALL {
                if let Some(v) = o.groups[g.index()] {
                    c.pct(&format!("{path}.groups.{g}"), v)?;
                }
            }
        }
        check_something_left_to_simulate(&c, &observed, self.horizon_end)?;
        self.observed = observed;
        Ok(self)
    }

    /// This scenario judged in `year` up to `horizon_end`, with the burn-in as long as
    /// before. The observed months belong to the judged year they were given for, so the
    /// result has none (give the new year's with [`Scenario::with_observed`]).
    pub fn with_judged_year(
        mut self,
        year: i32,
        horizon_end: Month,
    ) -> Result<Scenario, InputError> {
        let c = Check { origin: &self.name };
        check_year(&c, year)?;
        check_horizon(&c, year, horizon_end)?;
        let burn_in = self.january().since(self.first_month);
        self.observed.clear();
        let january = Month::new(year, 1).expect("year checked");
        self.with_months(year, january.plus(-burn_in), horizon_end)
    }

    /// This scenario simulated from `first` to `last`, judged in `last`'s year. Unlike a
    /// file's burn-in, `first` may lie after January (a synthetic register that starts
    /// within the year needs no scored January).
    pub fn with_simulated_months(self, first: Month, last: Month) -> Result<Scenario, InputError> {
        let c = Check { origin: &self.name };
        check_year(&c, last.year())?;
        if first > last {
            return Err(c.fail(
                "horizon_end",
                format!("{last} is before the first simulated month {first}"),
            ));
        }
        self.with_months(last.year(), first, last)
    }

    /// This scenario with its months set, after the observed months and initiatives are
    /// checked against them as the file's are.
    fn with_months(mut self, year: i32, first: Month, last: Month) -> Result<Scenario, InputError> {
        let c = Check { origin: &self.name };
        for o in &self.observed {
            check_observed_month(
                &c,
                &format!("observed.months.{}", o.month),
                o.month,
                year,
                last,
            )?;
        }
        check_something_left_to_simulate(&c, &self.observed, last)?;
        for (i, init) in self.initiatives.iter().enumerate() {
            validate_initiative(&c, &format!("initiatives[{i}]"), init, first, last, |g| {
                self.has_group(g)
            })?;
        }
        (self.year, self.first_month, self.horizon_end) = (year, first, last);
        Ok(self)
    }

    /// Short name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Description.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Municipality.
    pub fn municipality(&self) -> &str {
        &self.municipality
    }

    /// The method the scenario is scored under.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The calendar year judged.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// First simulated month (start of the burn-in).
    pub fn first_month(&self) -> Month {
        self.first_month
    }

    /// Last simulated month.
    pub fn horizon_end(&self) -> Month {
        self.horizon_end
    }

    /// Observed active shares of the year, in month order.
    pub fn observed(&self) -> &[ObservedMonth] {
        &self.observed
    }

    /// Inflow multipliers, January first.
    pub fn seasonality(&self) -> &[f64; 12] {
        &self.seasonality
    }

    /// Shape of the personal propensities.
    pub fn heterogeneity_shape(&self) -> f64 {
        self.heterogeneity_shape
    }

    /// Offer-rate shock after the status-quo month: (sd, persistence).
    pub fn offer_shock(&self) -> (f64, f64) {
        self.offer_shock
    }

    /// Frikort hours a person can have in a calendar year.
    pub fn frikort_cap_hours(&self) -> Hours {
        self.frikort_cap_hours
    }

    /// Parameters per group, indexed by [`Group::index`].
    pub fn groups(&self) -> &[GroupParams; Group::COUNT] {
        &self.groups
    }

    /// Whether the scenario has parameters for `group` (a left-out group has none).
    pub fn has_group(&self, group: Group) -> bool {
        // Validation gives every group of the file an exit hazard from month 0.
        !self.groups[group.index()].exit_hazard.is_empty()
    }

    /// Initiatives.
    pub fn initiatives(&self) -> &[Initiative] {
        &self.initiatives
    }

    /// Uncertainty ranges.
    pub fn sensitivity(&self) -> &[SensitivityRange] {
        &self.sensitivity
    }

    /// Notes for the reader.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The merged file (the whole `extends` chain) as loaded, for hashing and re-writing;
    /// the `with_*` methods do not write their changes back into it.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// January of the judged year.
    pub fn january(&self) -> Month {
        Month::new(self.year, 1).expect("validated year")
    }

    /// The observed figures of a month, if it is observed.
    pub fn observed_in(&self, month: Month) -> Option<&ObservedMonth> {
        self.observed.iter().find(|o| o.month == month)
    }

    /// The month from which offer rates are the status quo: the last observed month
    /// (January when nothing is observed).
    pub fn status_quo_from(&self) -> Month {
        self.observed.last().map_or(self.january(), |o| o.month)
    }

    /// Persons at the start of the burn-in.
    pub fn initial_persons(&self) -> u64 {
        self.groups.iter().map(|g| u64::from(g.persons)).sum()
    }
}

fn check_year(c: &Check<'_>, year: i32) -> Result<(), InputError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(c.fail(
            "year",
            format!("{year} is out of range (expected e.g. 2025)"),
        ))
    }
}

fn check_horizon(c: &Check<'_>, year: i32, horizon_end: Month) -> Result<(), InputError> {
    let january = Month::new(year, 1).expect("year checked");
    let december = january.plus(11);
    if horizon_end < january || horizon_end > december {
        return Err(c.fail(
            "horizon_end",
            format!("{horizon_end} is outside the year {year} (expected {january} to {december})"),
        ));
    }
    Ok(())
}

fn check_observed_month(
    c: &Check<'_>,
    path: &str,
    month: Month,
    year: i32,
    horizon_end: Month,
) -> Result<(), InputError> {
    if month.year() != year {
        return Err(c.fail(
            path,
            format!("{month} is not in the scenario's year {year}"),
        ));
    }
    if month > horizon_end {
        return Err(c.fail(path, format!("{month} is after horizon_end {horizon_end} (the horizon must cover the observed months)")));
    }
    Ok(())
}

fn check_something_left_to_simulate(
    c: &Check<'_>,
    observed: &[ObservedMonth],
    horizon_end: Month,
) -> Result<(), InputError> {
    if let Some(last) = observed.last()
        && last.month == horizon_end
        && observed.len() == 12
    {
        return Err(c.fail(
            "observed",
            "all twelve months are observed: nothing is left to simulate",
        ));
    }
    Ok(())
}

fn check_total_persons(
    c: &Check<'_>,
    groups: &[GroupParams; Group::COUNT],
) -> Result<(), InputError> {
    let total_persons: u64 = groups.iter().map(|g| u64::from(g.persons)).sum();
    if total_persons > MAX_PERSONS {
        return Err(c.fail(
            "groups",
            format!("{total_persons} persons in all is more than fokus simulates ({MAX_PERSONS})"),
        ));
    }
    Ok(())
}

/// Read a group's parameters from the file (required fields present, defaults filled
/// in) and validate them.
fn validate_group(
    c: &Check<'_>,
    path: &str,
    group: Group,
    gf: &GroupFile,
    all: &std::collections::BTreeMap<Group, GroupFile>,
) -> Result<GroupParams, InputError> {
    let p = |f: &str| format!("{path}.{f}");
    let required = |f: &str, v: &Option<f64>| c.required(&p(f), v);
    let bands: Vec<HazardBand> = c.required(&p("exit_hazard"), &gf.exit_hazard)?;
    let moves: Vec<MoveFile> = gf.moves.clone().unwrap_or_default();
    let params = GroupParams {
        persons: c.required(&p("persons"), &gf.persons)?,
        inflow_per_month: required("inflow_per_month", &gf.inflow_per_month)?,
        exit_hazard: bands.iter().map(|b| (b.from_months, b.rate)).collect(),
        moves: moves
            .iter()
            .map(|m| (m.to, m.rate, m.min_spell_months))
            .collect(),
        offer_rate: required("offer_rate", &gf.offer_rate)?,
        offer_trend: gf.offer_trend.unwrap_or(0.0),
        offer_capacity: gf.offer_capacity,
        hours_rate: required("hours_rate", &gf.hours_rate)?,
        hours_median: required("hours_median", &gf.hours_median)?,
        hours_sigma: gf.hours_sigma.unwrap_or(0.8),
        frikort_rate: gf.frikort_rate.unwrap_or(0.0),
        frikort_hours_median: gf.frikort_hours_median.unwrap_or(10.0),
        absence_rate: required("absence_rate", &gf.absence_rate)?,
        absence_persistence: gf.absence_persistence.unwrap_or(0.5),
        registration_rate: required("registration_rate", &gf.registration_rate)?,
        conversation_rate: required("conversation_rate", &gf.conversation_rate)?,
    };
    check_group(c, path, group, &params, |g| all.contains_key(&g))?;
    if let Some(sources) = &gf.sources {
        let known = serde_json::to_value(gf).expect("serializes");
        for key in sources.keys() {
            if key != "sources" && known.get(key).is_none() {
                return Err(c.fail(
                    &p(&format!("sources.{key}")),
                    "names no field of this group (a source must sit next to a number it explains)",
                ));
            }
        }
    }
    Ok(params)
}

/// The ranges of one group's parameters: the one definition of a valid group, for the
/// file and for [`Scenario::with_group_params`]. `has_group` tells which groups the
/// scenario has parameters for (the targets of moves).
fn check_group(
    c: &Check<'_>,
    path: &str,
    group: Group,
    params: &GroupParams,
    has_group: impl Fn(Group) -> bool,
) -> Result<(), InputError> {
    let p = |f: &str| format!("{path}.{f}");
    c.nonneg(&p("inflow_per_month"), params.inflow_per_month, 1e7)?;
    let bands = &params.exit_hazard;
    if bands.first().is_none_or(|b| b.0 != 0) {
        return Err(c.fail(
            &p("exit_hazard"),
            "the first band must start at from_months 0",
        ));
    }
    for (i, &(from_months, rate)) in bands.iter().enumerate() {
        if i > 0 && from_months <= bands[i - 1].0 {
            return Err(c.fail(
                &p(&format!("exit_hazard[{i}].from_months")),
                "bands must be in increasing order of from_months",
            ));
        }
        c.prob(&p(&format!("exit_hazard[{i}].rate")), rate)?;
    }
    let mut move_sum = 0.0;
    for (i, &(to, rate, _)) in params.moves.iter().enumerate() {
        let mp = p(&format!("moves[{i}]"));
        if to == group {
            return Err(c.fail(&format!("{mp}.to"), "a group cannot move to itself"));
        }
        if !has_group(to) {
            return Err(c.fail(
                &format!("{mp}.to"),
                format!("group {to} has no parameters in this scenario (add it under groups)"),
            ));
        }
        move_sum += c.prob(&format!("{mp}.rate"), rate)?;
    }
    if move_sum > 1.0 {
        return Err(c.fail(
            &p("moves"),
            format!("the move rates add up to {move_sum} (expected at most 1)"),
        ));
    }
    c.prob(&p("offer_rate"), params.offer_rate)?;
    let t = params.offer_trend;
    if !t.is_finite() || t.abs() > 0.5 {
        return Err(c.fail(
            &p("offer_trend"),
            format!("{t} is out of range (expected −0.5 to 0.5 per month)"),
        ));
    }
    c.prob(&p("hours_rate"), params.hours_rate)?;
    c.nonneg(&p("hours_median"), params.hours_median, 744.0)?;
    c.nonneg(&p("hours_sigma"), params.hours_sigma, 5.0)?;
    c.prob(&p("frikort_rate"), params.frikort_rate)?;
    c.nonneg(
        &p("frikort_hours_median"),
        params.frikort_hours_median,
        744.0,
    )?;
    c.prob(&p("absence_rate"), params.absence_rate)?;
    c.prob(&p("absence_persistence"), params.absence_persistence)?;
    c.prob(&p("registration_rate"), params.registration_rate)?;
    c.prob(&p("conversation_rate"), params.conversation_rate)?;
    Ok(())
}

fn validate_initiative(
    c: &Check<'_>,
    path: &str,
    init: &Initiative,
    first: Month,
    last: Month,
    has_group: impl Fn(Group) -> bool,
) -> Result<(), InputError> {
    let p = |f: &str| format!("{path}.{f}");
    let (start, end, targeted): (Month, Option<Month>, Vec<Group>) = match init {
        Initiative::ProductionSteering {
            start,
            end,
            groups: g,
            months_without_offer,
            extra_offer_rate,
            ..
        } => {
            c.prob(&p("extra_offer_rate"), *extra_offer_rate)?;
            if *months_without_offer > crate::measure::method::MAX_WINDOW_MONTHS {
                return Err(c.fail(
                    &p("months_without_offer"),
                    format!(
                        "{months_without_offer} is out of range (expected 0 to {})",
                        crate::measure::method::MAX_WINDOW_MONTHS
                    ),
                ));
            }
            (*start, *end, g.clone().unwrap_or_default())
        }
        Initiative::AbsenceFollowup {
            start,
            end,
            groups: g,
            registration_rate,
            ..
        } => {
            c.prob(&p("registration_rate"), *registration_rate)?;
            (*start, *end, g.clone().unwrap_or_default())
        }
        Initiative::ExtraCapacity {
            start,
            end,
            group,
            offers_per_month,
            ..
        } => {
            if *offers_per_month > 10_000_000 {
                return Err(c.fail(
                    &p("offers_per_month"),
                    "is out of range (expected at most 10000000)",
                ));
            }
            (*start, *end, vec![*group])
        }
    };
    if start < first || start > last {
        return Err(c.fail(
            &p("start"),
            format!("{start} is outside the simulated months {first} to {last}"),
        ));
    }
    if let Some(e) = end
        && e < start
    {
        return Err(c.fail(
            &p("end"),
            format!("{e} is before start {start} (months must be in order)"),
        ));
    }
    for g in targeted {
        if !has_group(g) {
            return Err(c.fail(
                &p("groups"),
                format!("group {g} has no parameters in this scenario"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario with one group (kontanthjælp), observed in March 2025, with an
    /// initiative from May 2025.
    fn scenario() -> Scenario {
        let text = r#"{"version": 1, "year": 2025, "burn_in_months": 14,
            "observed": {"share": "active", "months": {"2025-03": {"total": 60}}},
            "initiatives": [{"kind": "extra_capacity", "start": "2025-05",
                "group": "kontanthjaelp", "offers_per_month": 10}],
            "groups": {"kontanthjaelp": {
            "persons": 400, "inflow_per_month": 20, "offer_rate": 0.2, "offer_trend": 0.02,
            "hours_rate": 0.1, "hours_median": 40, "absence_rate": 0.05,
            "registration_rate": 0.5, "conversation_rate": 0.5,
            "exit_hazard": [{"from_months": 0, "rate": 0.05}]}}}"#;
        load::from_json_str(text, "t").unwrap().scenario
    }

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    const KH: Group = Group::Kontanthjaelp;

    #[test]
    fn group_changes_are_validated_as_the_file_is() {
        let sc = scenario();
        let fitted = sc.clone().with_offer_rates(KH, 0.3, -0.01).unwrap();
        assert_eq!(fitted.groups()[KH.index()].offer_rate, 0.3);
        assert!(sc.clone().with_offer_rates(KH, 1.5, 0.0).is_err());
        assert!(sc.clone().with_offer_rates(KH, f64::NAN, 0.0).is_err());
        assert!(sc.clone().with_offer_rates(KH, 0.3, 0.6).is_err());
        let params = |edit: fn(&mut GroupParams)| {
            let mut p = sc.groups()[KH.index()].clone();
            edit(&mut p);
            p
        };
        for bad in [
            params(|p| p.hours_median = 800.0),
            params(|p| p.inflow_per_month = -1.0),
            params(|p| p.exit_hazard = vec![(3, 0.1)]),
            params(|p| p.moves = vec![(KH, 0.1, 0)]),
            params(|p| p.moves = vec![(Group::Sygedagpenge, 0.1, 0)]),
            params(|p| p.persons = u32::MAX),
        ] {
            assert!(
                sc.clone().with_group_params(KH, bad.clone()).is_err(),
                "{bad:?}"
            );
        }
        // A group the scenario leaves out cannot be given rates without its parameters.
        assert!(
            sc.clone()
                .with_offer_rates(Group::Sygedagpenge, 0.2, 0.0)
                .is_err()
        );
        assert!(sc.scaled(1e7).is_err(), "inflow beyond the file's bound");
    }

    #[test]
    fn month_changes_are_validated_as_the_file_is() {
        let sc = scenario();
        let moved = sc.clone().with_judged_year(2026, m("2026-12")).unwrap();
        assert_eq!(
            (moved.first_month(), moved.observed()),
            (m("2024-11"), &[][..])
        );
        assert!(sc.clone().with_judged_year(2025, m("2026-01")).is_err());
        assert!(sc.clone().with_judged_year(1999, m("1999-12")).is_err());
        // The initiative starts after an earlier horizon.
        assert!(sc.clone().with_judged_year(2025, m("2025-04")).is_err());
        assert!(
            sc.clone()
                .with_simulated_months(m("2025-06"), m("2025-02"))
                .is_err()
        );
        // The observed March lies after a horizon in February.
        let status_quo = sc.clone().held_at_status_quo();
        assert!(
            sc.clone()
                .with_simulated_months(m("2024-01"), m("2025-02"))
                .is_err()
        );
        assert!(
            status_quo
                .with_simulated_months(m("2024-01"), m("2025-02"))
                .is_ok()
        );
    }

    #[test]
    fn observed_changes_are_validated_as_the_file_is() {
        let sc = scenario();
        let month = |month: &str, total: f64| ObservedMonth {
            month: m(month),
            total,
            groups: [None; Group::COUNT],
            population: None,
        };
        let two = vec![month("2025-01", 60.0), month("2025-02", 61.0)];
        assert_eq!(
            sc.clone().with_observed(two).unwrap().status_quo_from(),
            m("2025-02")
        );
        for bad in [
            vec![month("2025-01", 160.0)],
            vec![month("2024-12", 60.0)],
            vec![month("2025-02", 60.0), month("2025-01", 60.0)],
            (1..=12)
                .map(|i| month(&format!("2025-{i:02}"), 60.0))
                .collect(),
        ] {
            assert!(sc.clone().with_observed(bad.clone()).is_err(), "{bad:?}");
        }
    }
}
