//! Scenarios: the file format ([`file`]), a scenario as loaded with the hash of its merged
//! content ([`load`]; the files and their `extends` chain are read by
//! [`crate::io::scenario`]) and the validated [`Scenario`] the simulator takes. A
//! `Scenario` that exists is valid.

pub mod file;
pub mod load;

use crate::error::InputError;
use crate::method::Method;
use crate::{Group, Hours, Month};
use file::{GroupFile, HazardBand, MethodRef, MoveFile};
pub use file::{Initiative, ScenarioFile, SensitivityRange, ShareKind};

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Municipality.
    pub municipality: String,
    /// The method the scenario is scored under.
    pub method: Method,
    /// The calendar year judged.
    pub year: i32,
    /// First simulated month (start of the burn-in).
    pub first_month: Month,
    /// Last simulated month.
    pub horizon_end: Month,
    /// Observed active shares of the year, in month order.
    pub observed: Vec<ObservedMonth>,
    /// Inflow multipliers, January first.
    pub seasonality: [f64; 12],
    /// Shape of the personal propensities.
    pub heterogeneity_shape: f64,
    /// Offer-rate shock after the status-quo month: (sd, persistence).
    pub offer_shock: (f64, f64),
    /// Frikort hours a person can have in a calendar year.
    pub frikort_cap_hours: Hours,
    /// Parameters per group, indexed by [`Group::index`].
    pub groups: [GroupParams; Group::COUNT],
    /// Initiatives.
    pub initiatives: Vec<Initiative>,
    /// Uncertainty ranges.
    pub sensitivity: Vec<SensitivityRange>,
    /// Notes for the reader.
    pub notes: Vec<String>,
    /// The merged file (the whole `extends` chain), for hashing and re-writing.
    pub file: ScenarioFile,
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

/// Validated parameters of one group (all zero for a group the scenario leaves out).
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
                c.fail("method", format!("unknown method preset {name:?} (expected one of: {}, or an inline method object)", crate::method::PRESETS.join(", ")))
            })?,
            Some(MethodRef::Inline(spec)) => Method::from_spec(spec, origin, "method")?,
        };
        let year = c.required("year", &file.year)?;
        if !(2000..=2100).contains(&year) {
            return Err(c.fail(
                "year",
                format!("{year} is out of range (expected e.g. 2025)"),
            ));
        }
        let january = Month::new(year, 1).expect("year checked");
        let burn_in = file.burn_in_months.unwrap_or(24);
        if burn_in < method.window_months || burn_in > 240 {
            return Err(c.fail(
                "burn_in_months",
                format!("{burn_in} months is out of range (expected {} to 240: at least the method's window, so January's window has a simulated history)", method.window_months),
            ));
        }
        let december = january.plus(11);
        let horizon_end = file.horizon_end.unwrap_or(december);
        if horizon_end < january || horizon_end > december {
            return Err(c.fail(
                "horizon_end",
                format!(
                    "{horizon_end} is outside the year {year} (expected {january} to {december})"
                ),
            ));
        }

        let mut observed = Vec::new();
        if let Some(obs) = &file.observed {
            for (month, m) in &obs.months {
                let path = format!("observed.months.{month}");
                if month.year() != year {
                    return Err(c.fail(
                        &path,
                        format!("{month} is not in the scenario's year {year}"),
                    ));
                }
                if *month > horizon_end {
                    return Err(c.fail(&path, format!("{month} is after horizon_end {horizon_end} (the horizon must cover the observed months)")));
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
                observed.push(ObservedMonth {
                    month: *month,
                    total,
                    groups,
                    population: None,
                });
            }
            if let Some(last) = observed.last()
                && last.month == horizon_end
                && observed.len() == 12
            {
                return Err(c.fail(
                    "observed",
                    "all twelve months are observed: nothing is left to simulate",
                ));
            }
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
        let mut total_persons = 0u64;
        for (g, gf) in group_files {
            let p = validate_group(&c, &format!("groups.{g}"), *g, gf, group_files)?;
            total_persons += u64::from(p.persons);
            groups[g.index()] = p;
        }
        if total_persons > MAX_PERSONS {
            return Err(c.fail(
                "groups",
                format!(
                    "{total_persons} persons in all is more than fokus simulates ({MAX_PERSONS})"
                ),
            ));
        }

        let initiatives = file.initiatives.clone().unwrap_or_default();
        let first_month = january.plus(-(burn_in as i32));
        for (i, init) in initiatives.iter().enumerate() {
            validate_initiative(
                &c,
                &format!("initiatives[{i}]"),
                init,
                first_month,
                horizon_end,
                group_files,
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

fn validate_group(
    c: &Check<'_>,
    path: &str,
    group: Group,
    gf: &GroupFile,
    all: &std::collections::BTreeMap<Group, GroupFile>,
) -> Result<GroupParams, InputError> {
    let p = |f: &str| format!("{path}.{f}");
    let persons = c.required(&p("persons"), &gf.persons)?;
    let inflow = c.nonneg(
        &p("inflow_per_month"),
        c.required(&p("inflow_per_month"), &gf.inflow_per_month)?,
        1e7,
    )?;
    let bands: Vec<HazardBand> = c.required(&p("exit_hazard"), &gf.exit_hazard)?;
    if bands.first().is_none_or(|b| b.from_months != 0) {
        return Err(c.fail(
            &p("exit_hazard"),
            "the first band must start at from_months 0",
        ));
    }
    let mut exit_hazard = Vec::with_capacity(bands.len());
    for (i, b) in bands.iter().enumerate() {
        if i > 0 && b.from_months <= bands[i - 1].from_months {
            return Err(c.fail(
                &p(&format!("exit_hazard[{i}].from_months")),
                "bands must be in increasing order of from_months",
            ));
        }
        exit_hazard.push((
            b.from_months,
            c.prob(&p(&format!("exit_hazard[{i}].rate")), b.rate)?,
        ));
    }
    let moves_file: Vec<MoveFile> = gf.moves.clone().unwrap_or_default();
    let mut moves = Vec::new();
    let mut move_sum = 0.0;
    for (i, m) in moves_file.iter().enumerate() {
        let mp = p(&format!("moves[{i}]"));
        if m.to == group {
            return Err(c.fail(&format!("{mp}.to"), "a group cannot move to itself"));
        }
        if !all.contains_key(&m.to) {
            return Err(c.fail(
                &format!("{mp}.to"),
                format!(
                    "group {} has no parameters in this scenario (add it under groups)",
                    m.to
                ),
            ));
        }
        move_sum += c.prob(&format!("{mp}.rate"), m.rate)?;
        moves.push((m.to, m.rate, m.min_spell_months));
    }
    if move_sum > 1.0 {
        return Err(c.fail(
            &p("moves"),
            format!("the move rates add up to {move_sum} (expected at most 1)"),
        ));
    }
    let prob = |f: &str, v: &Option<f64>| -> Result<f64, InputError> {
        c.prob(&p(f), c.required(&p(f), v)?)
    };
    let hours = |f: &str, v: &Option<f64>| -> Result<f64, InputError> {
        c.nonneg(&p(f), c.required(&p(f), v)?, 744.0)
    };
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
    Ok(GroupParams {
        persons,
        inflow_per_month: inflow,
        exit_hazard,
        moves,
        offer_rate: prob("offer_rate", &gf.offer_rate)?,
        offer_trend: {
            let t = gf.offer_trend.unwrap_or(0.0);
            if !t.is_finite() || t.abs() > 0.5 {
                return Err(c.fail(
                    &p("offer_trend"),
                    format!("{t} is out of range (expected −0.5 to 0.5 per month)"),
                ));
            }
            t
        },
        offer_capacity: gf.offer_capacity,
        hours_rate: prob("hours_rate", &gf.hours_rate)?,
        hours_median: hours("hours_median", &gf.hours_median)?,
        hours_sigma: c.nonneg(&p("hours_sigma"), gf.hours_sigma.unwrap_or(0.8), 5.0)?,
        frikort_rate: c.prob(&p("frikort_rate"), gf.frikort_rate.unwrap_or(0.0))?,
        frikort_hours_median: c.nonneg(
            &p("frikort_hours_median"),
            gf.frikort_hours_median.unwrap_or(10.0),
            744.0,
        )?,
        absence_rate: prob("absence_rate", &gf.absence_rate)?,
        absence_persistence: c.prob(
            &p("absence_persistence"),
            gf.absence_persistence.unwrap_or(0.5),
        )?,
        registration_rate: prob("registration_rate", &gf.registration_rate)?,
        conversation_rate: prob("conversation_rate", &gf.conversation_rate)?,
    })
}

fn validate_initiative(
    c: &Check<'_>,
    path: &str,
    init: &Initiative,
    first: Month,
    last: Month,
    groups: &std::collections::BTreeMap<Group, GroupFile>,
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
            if *months_without_offer > crate::method::MAX_WINDOW_MONTHS {
                return Err(c.fail(
                    &p("months_without_offer"),
                    format!(
                        "{months_without_offer} is out of range (expected 0 to {})",
                        crate::method::MAX_WINDOW_MONTHS
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
        if !groups.contains_key(&g) {
            return Err(c.fail(
                &p("groups"),
                format!("group {g} has no parameters in this scenario"),
            ));
        }
    }
    Ok(())
}
