//! Scenarios: the file format ([`file`](mod@file)), a scenario as loaded with the hash of its merged
//! content ([`load`]; the files and their `extends` chain are read by
//! [`crate::io::scenario`]) and the validated [`Scenario`] the simulator takes. A
//! `Scenario` that exists is valid.

pub mod builtin;
mod check;
pub mod edit;
pub mod file;
pub mod load;
pub mod observed;
pub mod uncertainty;

use crate::error::InputError;
use crate::measure::method::Method;
use crate::vocab::label::{Label, Text};
use crate::{Group, Hours, Month, text};
use check::{
    Check, check_calibration_uncertainty, check_group, check_horizon, check_observed_month,
    check_something_left_to_simulate, check_total_persons, check_year, validate_group,
    validate_initiative,
};
use file::MethodRef;
pub use file::{
    Cost, Initiative, PlanTarget, ScenarioFile, SensitivityRange, ShareKind, Targeting,
};
use load::Provenance;
use uncertainty::{DistributionFile, GroupCovariance, Layer, Layers, UncertainParameter};

/// A validated scenario. It is built only by [`Scenario::from_file`] and changed only by
/// the `with_*` methods, which check what the file's validation checks for the fields
/// they change; its fields are read through getters of the same name.
#[derive(Clone, Debug)]
pub struct Scenario {
    name: String,
    title: Text,
    description: Text,
    municipality: String,
    method: Method,
    year: i32,
    first_month: Month,
    horizon_end: Month,
    observed: Vec<ObservedMonth>,
    history: Vec<ObservedMonth>,
    seasonality: [f64; 12],
    heterogeneity_shape: f64,
    offer_shock: (f64, f64),
    frikort_cap_hours: Hours,
    groups: [GroupParams; Group::COUNT],
    initiatives: Vec<Initiative>,
    /// The initiatives' strengths given as distributions, in initiative order.
    uncertain: Vec<UncertainParameter>,
    /// Per group, the covariance of its calibrated (logit offer rate, offer trend).
    calibration_covariance: [Option<GroupCovariance>; Group::COUNT],
    sensitivity: Vec<SensitivityRange>,
    plan_target: Option<PlanTarget>,
    notes: Vec<Text>,
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
    /// Places for offers at most (persons in an offer at once).
    pub offer_capacity: Option<u32>,
    /// The kinds of offer: (months one lasts, share of the offers started); empty: one
    /// kind of one month.
    pub offer_kinds: Vec<(u32, f64)>,
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
    /// A case review of the passive: (reviewed, should have been absent).
    pub unregistered_absence: Option<(u32, u32)>,
    /// Monthly probability of a conversation.
    pub conversation_rate: f64,
}

impl GroupParams {
    /// The mean months an offer lasts (1 without durations).
    pub fn mean_offer_months(&self) -> f64 {
        match self.offer_kinds.as_slice() {
            [] => 1.0,
            kinds => kinds.iter().map(|&(m, share)| f64::from(m) * share).sum(),
        }
    }

    /// Whether some offer lasts more than a month.
    pub fn offers_last(&self) -> bool {
        self.offer_kinds.iter().any(|&(m, _)| m > 1)
    }

    /// The exit probability at `months` on benefits.
    pub fn exit_rate(&self, months: u32) -> f64 {
        self.exit_hazard
            .iter()
            .rev()
            .find(|(from, _)| months >= *from)
            .map_or(0.0, |b| b.1)
    }
}

/// An initiative's strength as the file gives it.
#[derive(Clone, Copy, Debug)]
pub struct Strength<'a> {
    /// The field: `extra_offer_rate`, `registration_rate`, `finds_unregistered`,
    /// `offers_per_month` or `places`.
    pub field: &'static str,
    /// The number, or the distribution.
    pub value: Result<f64, &'a DistributionFile>,
    /// Whether it is a count (whole offers a month).
    pub count: bool,
}

impl Initiative {
    /// The field that says how strong the initiative is, and its value.
    pub fn strength(&self) -> Strength<'_> {
        let (field, value, count) = match self {
            Initiative::ProductionSteering {
                extra_offer_rate: Some(rate),
                ..
            } => ("extra_offer_rate", rate.number_or_distribution(), false),
            // Read from the file only with one of the two (`file::Initiative`'s rule).
            Initiative::ProductionSteering {
                offers_per_month, ..
            } => (
                "offers_per_month",
                offers_per_month
                    .as_ref()
                    .expect("production steering has a rate or a count")
                    .number_or_distribution(),
                true,
            ),
            Initiative::AbsenceFollowup {
                registration_rate: Some(rate),
                ..
            } => ("registration_rate", rate.number_or_distribution(), false),
            // Read from the file only with one of the two (`file::Initiative`'s rule).
            Initiative::AbsenceFollowup {
                finds_unregistered, ..
            } => (
                "finds_unregistered",
                finds_unregistered
                    .as_ref()
                    .expect("absence follow-up has a rate or a share found")
                    .number_or_distribution(),
                false,
            ),
            Initiative::ExtraCapacity {
                places: Some(places),
                ..
            } => ("places", places.number_or_distribution(), true),
            // Read from the file only with one of the two (`file::Initiative`'s rule).
            Initiative::ExtraCapacity {
                offers_per_month, ..
            } => (
                "offers_per_month",
                offers_per_month
                    .as_ref()
                    .expect("extra capacity has places or offers per month")
                    .number_or_distribution(),
                true,
            ),
        };
        Strength {
            field,
            value,
            count,
        }
    }

    /// What it costs, if the file says.
    pub fn cost(&self) -> Option<&Cost> {
        match self {
            Initiative::ProductionSteering { cost, .. }
            | Initiative::AbsenceFollowup { cost, .. }
            | Initiative::ExtraCapacity { cost, .. } => cost.as_ref(),
        }
    }

    /// The kind's name as in the file.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Initiative::ProductionSteering { .. } => "production_steering",
            Initiative::AbsenceFollowup { .. } => "absence_followup",
            Initiative::ExtraCapacity { .. } => "extra_capacity",
        }
    }

    /// The first month the initiative is active.
    pub fn start(&self) -> Month {
        match self {
            Initiative::ProductionSteering { start, .. }
            | Initiative::AbsenceFollowup { start, .. }
            | Initiative::ExtraCapacity { start, .. } => *start,
        }
    }

    /// Whether it is a follow-up that finds unregistered absence (and so reads the
    /// groups' case reviews).
    pub fn finds_unregistered(&self) -> bool {
        matches!(
            self,
            Initiative::AbsenceFollowup {
                finds_unregistered: Some(_),
                ..
            }
        )
    }

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

/// The most persons a scenario may start with (beyond it, use the resource override).
pub const MAX_PERSONS: u64 = 50_000_000;

impl Scenario {
    /// Validate a (merged) scenario file. `origin` names it in errors.
    pub fn from_file(file: ScenarioFile, origin: &str) -> Result<Scenario, InputError> {
        Scenario::validate(file, Check::of(origin))
    }

    /// Validate the merged content of an `extends` chain: an error names the file that
    /// holds the bad value and its line there (`provenance`), or the given file (the
    /// chain's first) for a value no file gives.
    pub fn from_chain(file: ScenarioFile, provenance: &Provenance) -> Result<Scenario, InputError> {
        Scenario::validate(
            file,
            Check {
                origin: provenance.origin(),
                provenance: Some(provenance),
            },
        )
    }

    fn validate(file: ScenarioFile, c: Check<'_>) -> Result<Scenario, InputError> {
        let origin = c.origin;
        if let Some(v) = file.version
            && v != 1
        {
            return Err(c.fail(
                "version",
                text!(
                    da: "version {v} understøttes ikke (forventede 1)",
                    en: "version {v} is not supported (expected 1)"
                ),
            ));
        }
        if file.version.is_none() {
            return Err(c.fail(
                "version",
                text!(
                    da: "mangler (forventede \"version\": 1)",
                    en: "is missing (expected \"version\": 1)"
                ),
            ));
        }
        let method = match &file.method {
            None => Method::star(),
            Some(MethodRef::Preset(name)) => Method::preset(name).ok_or_else(|| {
                let presets = crate::measure::method::PRESETS.join(", ");
                c.fail(
                    "method",
                    text!(
                        da: "ukendt forudindstillet metode {name:?} (forventede en af: {presets} eller et metodeobjekt)",
                        en: "unknown method preset {name:?} (expected one of: {presets}, or an inline method object)"
                    ),
                )
            })?,
            Some(MethodRef::Inline(spec)) => {
                Method::from_spec(spec, origin, "method").map_err(|e| c.attribute(e))?
            }
        };
        let year = c.required("year", &file.year)?;
        check_year(&c, year)?;
        let january = Month::new(year, 1).expect("year checked");
        let burn_in = file.burn_in_months.unwrap_or(24);
        if burn_in < method.window_months() || burn_in > 240 {
            return Err(c.fail_between(
                "burn_in_months",
                &["method"],
                {
                    let window = method.window_months();
                    text!(
                        da: "{burn_in} måneder er uden for det tilladte (forventede {window} til 240: mindst metodens vindue, så januars vindue har en simuleret historik)",
                        en: "{burn_in} months is out of range (expected {window} to 240: at least the method's window, so January's window has a simulated history)"
                    )
                },
            ));
        }
        let horizon_end = file.horizon_end.unwrap_or(january.plus(11));
        check_horizon(&c, year, horizon_end)?;

        let (mut observed, mut history) = (Vec::new(), Vec::new());
        if let Some(obs) = &file.observed {
            for (month, m) in &obs.months {
                let path = format!("observed.months.{month}");
                // Months before the judged year are history: the operations' volatility
                // is estimated from them; they are not months of the run.
                let is_history = *month < january;
                if !is_history {
                    check_observed_month(&c, &path, *month, year, horizon_end)?;
                }
                let to_active = |v: f64| match obs.share {
                    ShareKind::Active => v,
                    ShareKind::Passive => 100.0 - v,
                };
                let total = to_active(c.pct(&format!("{path}.total"), m.total)?);
                let mut groups = [None; Group::COUNT];
                for (g, v) in &m.groups {
                    groups[g.index()] = Some(to_active(c.pct(&format!("{path}.groups.{g}"), *v)?));
                }
                let month = ObservedMonth {
                    month: *month,
                    total,
                    groups,
                    population: None,
                };
                if is_history {
                    history.push(month);
                } else {
                    observed.push(month);
                }
            }
            check_something_left_to_simulate(&c, &observed, horizon_end)?;
        }

        let seasonality: [f64; 12] = match &file.seasonality {
            None => [1.0; 12],
            Some(v) => {
                let arr: [f64; 12] = v.clone().try_into().map_err(|_| {
                    let n = v.len();
                    c.fail(
                        "seasonality",
                        text!(
                            da: "har {n} værdier (forventede 12, januar først)",
                            en: "has {n} values (expected 12, January first)"
                        ),
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
            return Err(c.fail(
                "heterogeneity_shape",
                crate::error::Message::new(
                    format!(
                        "{} er uden for det tilladte (forventede 0,05 til 1000; større betyder mere ens)",
                        crate::error::da_number(heterogeneity_shape)
                    ),
                    format!("{heterogeneity_shape} is out of range (expected 0.05 to 1000; larger means more alike)"),
                ),
            ));
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
                crate::error::Message::new(
                    format!(
                        "{} er uden for det tilladte (forventede 1 til 10000 kr.)",
                        crate::error::da_number(wage)
                    ),
                    format!("{wage} is out of range (expected 1 to 10000 DKK)"),
                ),
            ));
        }
        let frikort_cap_hours = Hours::from_f64(cap / wage);

        let mut groups: [GroupParams; Group::COUNT] = Default::default();
        let Some(group_files) = &file.groups else {
            return Err(c.fail(
                "groups",
                text!(
                    da: "mangler (forventede parametrene for mindst én ydelsesgruppe)",
                    en: "is missing (expected the parameters of at least one benefit group)"
                ),
            ));
        };
        if group_files.is_empty() {
            return Err(c.fail(
                "groups",
                text!(
                    da: "er tom (forventede mindst én ydelsesgruppe)",
                    en: "is empty (expected at least one benefit group)"
                ),
            ));
        }
        for (g, gf) in group_files {
            groups[g.index()] = validate_group(&c, &format!("groups.{g}"), *g, gf, group_files)?;
        }
        check_total_persons(&c, &groups)?;

        let initiatives = file.initiatives.clone().unwrap_or_default();
        let first_month = january.plus(-(burn_in as i32));
        let mut uncertain = Vec::new();
        for (i, init) in initiatives.iter().enumerate() {
            uncertain.extend(validate_initiative(
                &c,
                i,
                init,
                first_month,
                horizon_end,
                |g| group_files.contains_key(&g),
            )?);
        }
        let calibration_covariance = match &file.calibration_uncertainty {
            None => [None; Group::COUNT],
            Some(u) => check_calibration_uncertainty(&c, u, |g| group_files.contains_key(&g))?,
        };
        let sensitivity = file.sensitivity.clone().unwrap_or_default();
        for (i, r) in sensitivity.iter().enumerate() {
            let path = format!("sensitivity[{i}]");
            if !(r.low.is_finite() && r.high.is_finite()) || r.low > r.high {
                return Err(c.fail(
                    &path,
                    crate::error::Message::new(
                        format!(
                            "low {} og high {} skal være tal med low ≤ high",
                            crate::error::da_number(r.low),
                            crate::error::da_number(r.high)
                        ),
                        format!(
                            "low {} and high {} must be numbers with low ≤ high",
                            r.low, r.high
                        ),
                    ),
                ));
            }
        }
        let plan_target = match &file.plan_target {
            None => None,
            Some(t) => {
                check_observed_month(&c, "plan_target.month", t.month, year, january.plus(11))?;
                c.pct("plan_target.pct", t.pct)?;
                Some(t.clone())
            }
        };
        let name = text_or(&file.name, "scenario");
        Ok(Scenario {
            title: file
                .title
                .clone()
                .unwrap_or_else(|| Text::from(Label::lossy(&name))),
            name,
            description: file.description.clone().unwrap_or_default(),
            municipality: text_or(&file.municipality, ""),
            method,
            year,
            first_month,
            horizon_end,
            observed,
            history,
            seasonality,
            heterogeneity_shape,
            offer_shock,
            frikort_cap_hours,
            groups,
            initiatives,
            uncertain,
            calibration_covariance,
            sensitivity,
            plan_target,
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
        let c = Check::of(&self.name);
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

    /// This scenario with `uncertainty` as its `calibration_uncertainty` (replacing
    /// any it had), validated as the file's block is.
    pub fn with_calibration_uncertainty(
        mut self,
        uncertainty: &uncertainty::CalibrationUncertaintyFile,
    ) -> Result<Scenario, InputError> {
        let c = Check::of(&self.name);
        self.calibration_covariance =
            check_calibration_uncertainty(&c, uncertainty, |g| self.has_group(g))?;
        Ok(self)
    }

    /// This scenario held at its status quo: no observed months, no initiatives, and
    /// neither a run-up trend nor a shock nor a calibration uncertainty of the offer
    /// rates. (Each is a value the file may give, so the result stays valid.)
    pub fn held_at_status_quo(mut self) -> Scenario {
        for p in &mut self.groups {
            p.offer_trend = 0.0;
        }
        self.observed.clear();
        self.initiatives.clear();
        self.uncertain.clear();
        self.calibration_covariance = [None; Group::COUNT];
        self.offer_shock = (0.0, 0.0);
        self
    }

    /// This scenario with the operations' shock set to `sd` and `persistence`, validated
    /// as the file's `offer_shock` is.
    pub fn with_offer_shock(mut self, sd: f64, persistence: f64) -> Result<Scenario, InputError> {
        let c = Check::of(&self.name);
        self.offer_shock = (
            c.nonneg("offer_shock.sd", sd, 2.0)?,
            c.prob("offer_shock.persistence", persistence)?,
        );
        Ok(self)
    }

    /// This scenario with the inflow's `seasonality` (January first), validated as the
    /// file's is.
    pub fn with_seasonality(mut self, seasonality: [f64; 12]) -> Result<Scenario, InputError> {
        let c = Check::of(&self.name);
        for (i, x) in seasonality.iter().enumerate() {
            c.nonneg(&format!("seasonality[{i}]"), *x, 10.0)?;
        }
        self.seasonality = seasonality;
        Ok(self)
    }

    /// This scenario with the observed months replaced by `observed` (in month order),
    /// validated as the file's observed months are.
    pub fn with_observed(mut self, observed: Vec<ObservedMonth>) -> Result<Scenario, InputError> {
        let c = Check::of(&self.name);
        for (i, o) in observed.iter().enumerate() {
            let path = format!("observed.months.{}", o.month);
            if i > 0 && o.month <= observed[i - 1].month {
                return Err(c.fail(
                    &path,
                    text!(
                        da: "de observerede måneder skal stå i stigende rækkefølge",
                        en: "observed months must be in increasing order"
                    ),
                ));
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
        let c = Check::of(&self.name);
        check_year(&c, year)?;
        check_horizon(&c, year, horizon_end)?;
        let burn_in = self.january().since(self.first_month);
        self.observed.clear();
        self.history.clear();
        let january = Month::new(year, 1).expect("year checked");
        self.with_months(year, january.plus(-burn_in), horizon_end)
    }

    /// This scenario simulated from `first` to `last`, judged in `last`'s year. Unlike a
    /// file's burn-in, `first` may lie after January (a synthetic register that starts
    /// within the year needs no scored January).
    pub fn with_simulated_months(self, first: Month, last: Month) -> Result<Scenario, InputError> {
        let c = Check::of(&self.name);
        check_year(&c, last.year())?;
        if first > last {
            return Err(c.fail(
                "horizon_end",
                text!(
                    da: "{last} ligger før den første simulerede måned {first}",
                    en: "{last} is before the first simulated month {first}"
                ),
            ));
        }
        self.with_months(last.year(), first, last)
    }

    /// This scenario with its months set, after the observed months and initiatives are
    /// checked against them as the file's are.
    fn with_months(mut self, year: i32, first: Month, last: Month) -> Result<Scenario, InputError> {
        let c = Check::of(&self.name);
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
            validate_initiative(&c, i, init, first, last, |g| self.has_group(g))?;
        }
        (self.year, self.first_month, self.horizon_end) = (year, first, last);
        Ok(self)
    }

    /// Short name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name for people, in Danish and English (the file's `title`, else its name).
    pub fn title(&self) -> &Text {
        &self.title
    }

    /// Description, in Danish and English.
    pub fn description(&self) -> &Text {
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

    /// Observed active shares of months before the judged year, in month order: history
    /// for the estimate of the operations' volatility, not months of the run.
    pub fn history(&self) -> &[ObservedMonth] {
        &self.history
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

    /// The first month in which `other` may simulate differently from this scenario:
    /// the start of the first initiative that is not the same in both — or, where only
    /// the groups' case reviews differ, of the first follow-up that reads them (nothing
    /// else does) — and the first simulated month when anything else the model reads
    /// differs. After the horizon when nothing does.
    pub fn first_month_differing(&self, other: &Scenario) -> Month {
        // Every field named: a field added to `Scenario` does not compile here until it
        // is said whether the model reads it before an initiative starts.
        let Scenario {
            name: _,
            title: _,
            description: _,
            municipality: _,
            method,
            year,
            first_month,
            horizon_end,
            observed,
            history,
            seasonality,
            heterogeneity_shape,
            offer_shock,
            frikort_cap_hours,
            groups,
            initiatives: _,
            uncertain: _,
            calibration_covariance,
            sensitivity: _,
            plan_target: _,
            notes: _,
            file: _,
        } = self;
        let without_reviews = |groups: &[GroupParams; Group::COUNT]| {
            groups.clone().map(|g| GroupParams {
                unregistered_absence: None,
                ..g
            })
        };
        let same_frame = *method == other.method
            && *year == other.year
            && *first_month == other.first_month
            && *horizon_end == other.horizon_end
            && *observed == other.observed
            && *history == other.history
            && *seasonality == other.seasonality
            && *heterogeneity_shape == other.heterogeneity_shape
            && *offer_shock == other.offer_shock
            && *frikort_cap_hours == other.frikort_cap_hours
            && *calibration_covariance == other.calibration_covariance
            && without_reviews(groups) == without_reviews(&other.groups);
        if !same_frame {
            return self.first_month;
        }
        let strengths = |sc: &Scenario, i: usize| -> Vec<UncertainParameter> {
            let all = sc.uncertain.iter();
            all.filter(|p| p.initiative == i).cloned().collect()
        };
        let (mine, theirs) = (&self.initiatives, &other.initiatives);
        let changed = (0..mine.len().max(theirs.len()))
            .filter(|&i| mine.get(i) != theirs.get(i) || strengths(self, i) != strengths(other, i))
            .flat_map(|i| [mine.get(i), theirs.get(i)])
            .flatten();
        let reviews_read = self
            .groups
            .iter()
            .zip(&other.groups)
            .any(|(a, b)| a.unregistered_absence != b.unregistered_absence)
            .then(|| mine.iter().chain(theirs).filter(|i| i.finds_unregistered()))
            .into_iter()
            .flatten();
        changed
            .chain(reviews_read)
            .map(Initiative::start)
            .min()
            .unwrap_or(self.horizon_end.plus(1))
            .max(self.first_month)
    }

    /// Whether this scenario and `other` differ at most in who gets an offer: the
    /// groups' offer rates and run-up trends, their calibration covariance and the
    /// operations' shock (what a calibration moves and draws), nothing else the model
    /// reads.
    pub fn differs_only_in_offer_odds(&self, other: &Scenario) -> bool {
        let mut aligned = other.clone();
        for (theirs, mine) in aligned.groups.iter_mut().zip(&self.groups) {
            theirs.offer_rate = mine.offer_rate;
            theirs.offer_trend = mine.offer_trend;
        }
        aligned.calibration_covariance = self.calibration_covariance;
        aligned.offer_shock = self.offer_shock;
        self.first_month_differing(&aligned) > self.horizon_end
    }

    /// The initiatives' strengths given as distributions, in initiative order. Setting a
    /// number at a parameter's `path` (`load::set_number`) fixes it.
    pub fn uncertain_parameters(&self) -> Vec<UncertainParameter> {
        self.uncertain.clone()
    }

    /// The uncertain strengths, borrowed (the simulator draws them).
    pub fn uncertain_strengths(&self) -> &[UncertainParameter] {
        &self.uncertain
    }

    /// The covariance of `group`'s calibrated (logit offer rate, offer trend), when the
    /// scenario gives one.
    pub fn calibration_covariance(&self, group: Group) -> Option<&GroupCovariance> {
        self.calibration_covariance[group.index()].as_ref()
    }

    /// The posterior of the share of `group`'s passive who are truly absent but
    /// unregistered, from its case review of n cases with k that should have been
    /// absent: Beta(1 + k, 1 + n − k) (a uniform prior).
    pub fn unregistered_absence(&self, group: Group) -> Option<uncertainty::Distribution> {
        let (reviewed, absent) = self.groups[group.index()].unregistered_absence?;
        Some(uncertainty::Distribution::Beta {
            alpha: f64::from(1 + absent),
            beta: f64::from(1 + reviewed - absent),
            low: 0.0,
            high: 1.0,
        })
    }

    /// Whether a replication draws some group's unregistered absence: a group has a case
    /// review and an absence follow-up finds unregistered absence (without one, the
    /// share changes nothing).
    fn draws_unregistered_absence(&self) -> bool {
        self.groups.iter().any(|g| g.unregistered_absence.is_some())
            && self.initiatives.iter().any(Initiative::finds_unregistered)
    }

    /// The layers of uncertainty this scenario has (a layer it lacks changes nothing when
    /// switched on or off).
    pub fn layers_present(&self) -> Layers {
        Layer::ALL
            .into_iter()
            .filter(|layer| match layer {
                Layer::EffectSizes => {
                    !self.uncertain.is_empty() || self.draws_unregistered_absence()
                }
                Layer::Calibration => self.calibration_covariance.iter().any(Option::is_some),
                Layer::Volatility => self.offer_shock.0 > 0.0,
            })
            .collect()
    }

    /// Uncertainty ranges.
    pub fn sensitivity(&self) -> &[SensitivityRange] {
        &self.sensitivity
    }

    /// The level the plan promises for a month, when the file says.
    pub fn plan_target(&self) -> Option<&PlanTarget> {
        self.plan_target.as_ref()
    }

    /// Notes for the reader, in Danish and English.
    pub fn notes(&self) -> &[Text] {
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

/// A label's text, or `default` when the file gives none.
fn text_or(label: &Option<Label>, default: &str) -> String {
    label.as_ref().map_or(default, Label::as_str).to_string()
}
