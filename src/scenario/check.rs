//! The rules a scenario's values must satisfy, each failing with the JSON path of the
//! bad value. [`Scenario::from_file`](super::Scenario::from_file) and every `with_*` method
//! of [`Scenario`](super::Scenario) check
//! their values with these same rules, so there is one definition of a valid scenario.

use super::file::{GroupFile, HazardBand, MoveFile};
use super::load::Provenance;
use super::uncertainty::{
    CalibrationUncertaintyFile, Distribution, GroupCovariance, UncertainParameter,
};
use super::{GroupParams, Initiative, MAX_PERSONS, ObservedMonth, Strength};
use crate::error::{InputError, Message, da_number as da};
use crate::{Group, Month, text};

/// Range checks that name the JSON path, and for a scenario read from files the file of
/// the `extends` chain that holds the bad value and its line there.
pub(super) struct Check<'a> {
    pub(super) origin: &'a str,
    pub(super) provenance: Option<&'a Provenance>,
}

impl<'a> Check<'a> {
    /// Checks of a scenario that no file holds as it is (one changed by a `with_*`
    /// method): errors name `origin` and the path.
    pub(super) fn of(origin: &'a str) -> Check<'a> {
        Check {
            origin,
            provenance: None,
        }
    }

    /// The value at `path` is wrong: the error names the file that holds it and its
    /// line, or `origin` when no file gives it (a missing value, a default).
    pub(super) fn fail(&self, path: &str, message: Message) -> InputError {
        self.attribute(InputError::at(self.origin, path, message))
    }

    /// A rule between the value at `path` and those at `others` fails: as [`Check::fail`],
    /// naming also each other value's file and line where another file holds it (a
    /// child's horizon against its parent's year).
    pub(super) fn fail_between(&self, path: &str, others: &[&str], message: Message) -> InputError {
        let mut err = self.fail(path, message);
        if let Some(provenance) = self.provenance {
            let elsewhere: Vec<(&str, &str, u32)> = others
                .iter()
                .filter_map(|other| {
                    let (file, line) = provenance.locate(other)?;
                    (file != err.origin).then_some((*other, file, line))
                })
                .collect();
            if !elsewhere.is_empty() {
                let en: Vec<String> = elsewhere
                    .iter()
                    .map(|(o, f, l)| format!("{o} is set in {f}, line {l}"))
                    .collect();
                let da: Vec<String> = elsewhere
                    .iter()
                    .map(|(o, f, l)| format!("{o} er sat i {f}, linje {l}"))
                    .collect();
                let (en, da) = (en.join("; "), da.join("; "));
                err.message = err
                    .message
                    .then(" ", &crate::text!(da: "({da})", en: "({en})"));
            }
        }
        err
    }

    /// `err` (whose location is a bare JSON path of the merged scenario) moved to the file
    /// of the chain that holds that value, with its line.
    pub(super) fn attribute(&self, err: InputError) -> InputError {
        let Some(provenance) = self.provenance else {
            return err;
        };
        match err
            .location
            .as_deref()
            .and_then(|path| provenance.locate(path))
        {
            Some((file, line)) => InputError::at(
                file,
                format!(
                    "{} (line {line})",
                    err.location.as_deref().unwrap_or_default()
                ),
                err.message,
            ),
            None => err,
        }
    }

    pub(super) fn prob(&self, path: &str, v: f64) -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(self.fail(
                path,
                Message::new(
                    format!("{} er ikke en sandsynlighed (forventede 0 til 1)", da(v)),
                    format!("{v} is not a probability (expected 0 to 1)"),
                ),
            ))
        }
    }

    pub(super) fn nonneg(&self, path: &str, v: f64, max: f64) -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=max).contains(&v) {
            Ok(v)
        } else {
            Err(self.fail(
                path,
                Message::new(
                    format!(
                        "{} er uden for det tilladte (forventede et tal fra 0 til {})",
                        da(v),
                        da(max)
                    ),
                    format!("{v} is out of range (expected a number from 0 to {max})"),
                ),
            ))
        }
    }

    pub(super) fn pct(&self, path: &str, v: f64) -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=100.0).contains(&v) {
            Ok(v)
        } else {
            Err(self.fail(
                path,
                Message::new(
                    format!("{} er ikke en procentsats (forventede 0 til 100)", da(v)),
                    format!("{v} is not a percentage (expected 0 to 100)"),
                ),
            ))
        }
    }

    pub(super) fn required<T: Clone>(&self, path: &str, v: &Option<T>) -> Result<T, InputError> {
        v.clone().ok_or_else(|| {
            self.fail(
                path,
                text!(
                    da: "mangler (hver gruppe skal have den; en fil, der udvider en anden, kan arve den)",
                    en: "is missing (every group needs it; a file that extends another may inherit it)"
                ),
            )
        })
    }
}

pub(super) fn check_year(c: &Check<'_>, year: i32) -> Result<(), InputError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(c.fail(
            "year",
            text!(
                da: "{year} er uden for det tilladte (forventede f.eks. 2025)",
                en: "{year} is out of range (expected e.g. 2025)"
            ),
        ))
    }
}

pub(super) fn check_horizon(
    c: &Check<'_>,
    year: i32,
    horizon_end: Month,
) -> Result<(), InputError> {
    let january = Month::new(year, 1).expect("year checked");
    let december = january.plus(11);
    if horizon_end < january || horizon_end > december {
        return Err(c.fail_between(
            "horizon_end",
            &["year"],
            text!(
                da: "{horizon_end} ligger uden for året {year} (forventede {january} til {december})",
                en: "{horizon_end} is outside the year {year} (expected {january} to {december})"
            ),
        ));
    }
    Ok(())
}

pub(super) fn check_observed_month(
    c: &Check<'_>,
    path: &str,
    month: Month,
    year: i32,
    horizon_end: Month,
) -> Result<(), InputError> {
    if month.year() > year {
        return Err(c.fail_between(
            path,
            &["year"],
            text!(
                da: "{month} ligger efter scenariets år {year} (en observeret måned er en måned i {year} eller en tidligere måned som historik)",
                en: "{month} is after the scenario's year {year} (an observed month is a month of {year}, or an earlier month as history)"
            ),
        ));
    }
    if month.year() != year {
        return Err(c.fail_between(
            path,
            &["year"],
            text!(
                da: "{month} ligger ikke i scenariets år {year}",
                en: "{month} is not in the scenario's year {year}"
            ),
        ));
    }
    if month > horizon_end {
        return Err(c.fail_between(
            path,
            &["horizon_end"],
            text!(
                da: "{month} ligger efter horizon_end {horizon_end} (horisonten skal dække de observerede måneder)",
                en: "{month} is after horizon_end {horizon_end} (the horizon must cover the observed months)"
            ),
        ));
    }
    Ok(())
}

pub(super) fn check_something_left_to_simulate(
    c: &Check<'_>,
    observed: &[ObservedMonth],
    horizon_end: Month,
) -> Result<(), InputError> {
    if let Some(last) = observed.last()
        && last.month == horizon_end
        && observed.len() == 12
    {
        return Err(c.fail_between(
            "observed",
            &["horizon_end"],
            text!(
                da: "alle tolv måneder er observeret: der er intet tilbage at simulere",
                en: "all twelve months are observed: nothing is left to simulate"
            ),
        ));
    }
    Ok(())
}

pub(super) fn check_total_persons(
    c: &Check<'_>,
    groups: &[GroupParams; Group::COUNT],
) -> Result<(), InputError> {
    let total_persons: u64 = groups.iter().map(|g| u64::from(g.persons)).sum();
    if total_persons > MAX_PERSONS {
        return Err(c.fail(
            "groups",
            text!(
                da: "{total_persons} personer i alt er flere, end fokus simulerer ({MAX_PERSONS})",
                en: "{total_persons} persons in all is more than fokus simulates ({MAX_PERSONS})"
            ),
        ));
    }
    Ok(())
}

/// A group's kinds of offer, (months, share), from `offer_duration_months` or
/// `offer_mix` (empty with neither: one-month offers).
fn offer_kinds(c: &Check<'_>, path: &str, gf: &GroupFile) -> Result<Vec<(u32, f64)>, InputError> {
    match (&gf.offer_duration_months, &gf.offer_mix) {
        (Some(_), Some(_)) => Err(c.fail(
            &format!("{path}.offer_mix"),
            text!(
                da: "offer_duration_months og offer_mix udelukker hinanden (giv ét antal måneder \
                     for alle tilbud eller en blanding af slags)",
                en: "`offer_duration_months` and `offer_mix` exclude each other (give one months \
                     for every offer, or a mix of kinds)"
            ),
        )),
        (Some(months), None) => Ok(vec![(months.get(), 1.0)]),
        (None, Some(mix)) => {
            let mut kinds = Vec::with_capacity(mix.len());
            for (name, kind) in mix {
                c.prob(&format!("{path}.offer_mix.{name}.share"), kind.share)?;
                kinds.push((kind.months.get(), kind.share));
            }
            let total: f64 = kinds.iter().map(|k| k.1).sum();
            if (total - 1.0).abs() > 1e-9 {
                return Err(c.fail(
                    &format!("{path}.offer_mix"),
                    Message::new(
                        format!(
                            "andelene summerer til {}, ikke 1 (forventede slagenes andele af alle påbegyndte tilbud)",
                            da(total)
                        ),
                        format!("the shares sum to {total}, not 1 (expected the kinds' shares of all offers started)"),
                    ),
                ));
            }
            Ok(kinds)
        }
        (None, None) => Ok(Vec::new()),
    }
}

/// Read a group's parameters from the file (required fields present, defaults filled
/// in) and validate them.
pub(super) fn validate_group(
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
        offer_kinds: offer_kinds(c, path, gf)?,
        hours_rate: required("hours_rate", &gf.hours_rate)?,
        hours_median: required("hours_median", &gf.hours_median)?,
        hours_sigma: gf.hours_sigma.unwrap_or(0.8),
        frikort_rate: gf.frikort_rate.unwrap_or(0.0),
        frikort_hours_median: gf.frikort_hours_median.unwrap_or(10.0),
        absence_rate: required("absence_rate", &gf.absence_rate)?,
        absence_persistence: gf.absence_persistence.unwrap_or(0.5),
        registration_rate: required("registration_rate", &gf.registration_rate)?,
        conversation_rate: required("conversation_rate", &gf.conversation_rate)?,
        unregistered_absence: gf
            .unregistered_absence
            .as_ref()
            .map(|r| (r.reviewed, r.should_be_absent)),
    };
    check_group(c, path, group, &params, |g| all.contains_key(&g))?;
    if let Some(sources) = &gf.sources {
        let known = serde_json::to_value(gf).expect("serializes");
        for key in sources.keys() {
            if key != "sources" && known.get(key).is_none() {
                return Err(c.fail(
                    &p(&format!("sources.{key}")),
                    text!(
                        da: "nævner intet felt i denne gruppe (en kilde skal stå ved siden af et tal, den forklarer)",
                        en: "names no field of this group (a source must sit next to a number it explains)"
                    ),
                ));
            }
        }
    }
    Ok(params)
}

/// The ranges of one group's parameters: the one definition of a valid group, for the
/// file and for [`Scenario::with_group_params`](super::Scenario::with_group_params). `has_group` tells which groups the
/// scenario has parameters for (the targets of moves).
pub(super) fn check_group(
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
            text!(
                da: "det første bånd skal begynde ved from_months 0",
                en: "the first band must start at from_months 0"
            ),
        ));
    }
    for (i, &(from_months, rate)) in bands.iter().enumerate() {
        if i > 0 && from_months <= bands[i - 1].0 {
            return Err(c.fail(
                &p(&format!("exit_hazard[{i}].from_months")),
                text!(
                    da: "båndene skal stå i stigende rækkefølge efter from_months",
                    en: "bands must be in increasing order of from_months"
                ),
            ));
        }
        c.prob(&p(&format!("exit_hazard[{i}].rate")), rate)?;
    }
    let mut move_sum = 0.0;
    for (i, &(to, rate, _)) in params.moves.iter().enumerate() {
        let mp = p(&format!("moves[{i}]"));
        if to == group {
            return Err(c.fail(
                &format!("{mp}.to"),
                text!(
                    da: "en gruppe kan ikke flytte til sig selv",
                    en: "a group cannot move to itself"
                ),
            ));
        }
        if !has_group(to) {
            return Err(c.fail(
                &format!("{mp}.to"),
                text!(
                    da: "gruppe {to} har ingen parametre i dette scenarie (tilføj den under groups)",
                    en: "group {to} has no parameters in this scenario (add it under groups)"
                ),
            ));
        }
        move_sum += c.prob(&format!("{mp}.rate"), rate)?;
    }
    if move_sum > 1.0 {
        return Err(c.fail(
            &p("moves"),
            Message::new(
                format!(
                    "flytteraterne summerer til {} (forventede højst 1)",
                    da(move_sum)
                ),
                format!("the move rates add up to {move_sum} (expected at most 1)"),
            ),
        ));
    }
    c.prob(&p("offer_rate"), params.offer_rate)?;
    let t = params.offer_trend;
    if !t.is_finite() || t.abs() > 0.5 {
        return Err(c.fail(
            &p("offer_trend"),
            Message::new(
                format!(
                    "{} er uden for det tilladte (forventede −0,5 til 0,5 pr. måned)",
                    da(t)
                ),
                format!("{t} is out of range (expected −0.5 to 0.5 per month)"),
            ),
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
    if let Some((reviewed, absent)) = params.unregistered_absence {
        if reviewed == 0 {
            return Err(c.fail(
                &p("unregistered_absence.reviewed"),
                text!(
                    da: "0 sager gennemgået (forventede mindst 1)",
                    en: "0 cases reviewed (expected at least 1)"
                ),
            ));
        }
        if absent > reviewed {
            return Err(c.fail(
                &p("unregistered_absence.should_be_absent"),
                text!(
                    da: "{absent} er flere end de {reviewed} gennemgåede sager",
                    en: "{absent} is more than the {reviewed} cases reviewed"
                ),
            ));
        }
    }
    Ok(())
}

/// Validate an initiative; its strength, when given as a distribution, is returned as
/// the scenario's uncertain parameter.
pub(super) fn validate_initiative(
    c: &Check<'_>,
    index: usize,
    init: &Initiative,
    first: Month,
    last: Month,
    has_group: impl Fn(Group) -> bool,
) -> Result<Option<UncertainParameter>, InputError> {
    let path = format!("initiatives[{index}]");
    let p = |f: &str| format!("{path}.{f}");
    let (start, end, targeted): (Month, Option<Month>, Vec<Group>) = match init {
        Initiative::ProductionSteering {
            start,
            end,
            groups: g,
            months_without_offer,
            extra_offer_rate,
            offers_per_month,
            targeting,
            ..
        } => {
            // The file's rule (`file::Initiative`), for an initiative built in code too.
            let rate = extra_offer_rate.is_some();
            if rate == offers_per_month.is_some() || rate == targeting.is_some() {
                return Err(c.fail(
                    &path,
                    text!(
                        da: "produktionsstyring tager enten extra_offer_rate eller \
                             offers_per_month med targeting",
                        en: "production steering takes either `extra_offer_rate` or \
                             `offers_per_month` with `targeting`"
                    ),
                ));
            }
            if *months_without_offer > crate::measure::method::MAX_WINDOW_MONTHS {
                return Err(c.fail(
                    &p("months_without_offer"),
                    Message::new(
                        format!(
                            "{months_without_offer} er uden for det tilladte (forventede 0 til {})",
                            crate::measure::method::MAX_WINDOW_MONTHS
                        ),
                        format!(
                            "{months_without_offer} is out of range (expected 0 to {})",
                            crate::measure::method::MAX_WINDOW_MONTHS
                        ),
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
            finds_unregistered,
            ..
        } => {
            // The file's rule (`file::Initiative`), for an initiative built in code too.
            if registration_rate.is_some() == finds_unregistered.is_some() {
                return Err(c.fail(
                    &path,
                    text!(
                        da: "fraværsopfølgning tager enten registration_rate eller \
                             finds_unregistered",
                        en: "absence follow-up takes either `registration_rate` or \
                             `finds_unregistered`"
                    ),
                ));
            }
            (*start, *end, g.clone().unwrap_or_default())
        }
        Initiative::ExtraCapacity {
            start,
            end,
            group,
            places,
            offers_per_month,
            ..
        } => {
            // The file's rule (`file::Initiative`), for an initiative built in code too.
            if places.is_some() == offers_per_month.is_some() {
                return Err(c.fail(
                    &path,
                    text!(
                        da: "ekstra kapacitet tager enten places eller offers_per_month",
                        en: "extra capacity takes either `places` or `offers_per_month`"
                    ),
                ));
            }
            (*start, *end, vec![*group])
        }
    };
    if let Some(cost) = init.cost() {
        check_cost(c, &p("cost"), init, cost)?;
    }
    let strength = init.strength();
    let uncertain = check_strength(c, index, init, &strength)?;
    if start < first || start > last {
        return Err(c.fail_between(
            &p("start"),
            &["year", "burn_in_months", "horizon_end"],
            text!(
                da: "{start} ligger uden for de simulerede måneder {first} til {last}",
                en: "{start} is outside the simulated months {first} to {last}"
            ),
        ));
    }
    if let Some(e) = end
        && e < start
    {
        return Err(c.fail(
            &p("end"),
            text!(
                da: "{e} ligger før start {start} (månederne skal stå i rækkefølge)",
                en: "{e} is before start {start} (months must be in order)"
            ),
        ));
    }
    for g in targeted {
        if !has_group(g) {
            return Err(c.fail(
                &p("groups"),
                text!(
                    da: "gruppe {g} har ingen parametre i dette scenarie",
                    en: "group {g} has no parameters in this scenario"
                ),
            ));
        }
    }
    Ok(uncertain)
}

/// The most extra offers a month an initiative may give.
const MAX_OFFERS_PER_MONTH: f64 = 10_000_000.0;

/// An initiative's strength in its range: a number, or a distribution whose every
/// drawable value is (a log-normal reaches beyond any probability's range).
fn check_strength(
    c: &Check<'_>,
    index: usize,
    init: &Initiative,
    strength: &Strength<'_>,
) -> Result<Option<UncertainParameter>, InputError> {
    let path = format!("initiatives[{index}].{}", strength.field);
    let (low, high, range_da, range) = if strength.count {
        (
            0.0,
            MAX_OFFERS_PER_MONTH,
            "et antal fra 0 til 10000000",
            "a count from 0 to 10000000",
        )
    } else {
        (
            0.0,
            1.0,
            "en sandsynlighed, 0 til 1",
            "a probability, 0 to 1",
        )
    };
    let file = match strength.value {
        Ok(v) => {
            if !(v.is_finite() && (low..=high).contains(&v)) {
                return Err(c.fail(
                    &path,
                    Message::new(
                        format!("{} er uden for det tilladte (forventede {range_da})", da(v)),
                        format!("{v} is out of range (expected {range})"),
                    ),
                ));
            }
            return Ok(None);
        }
        Err(file) => file,
    };
    let distribution = Distribution::from_file(file)
        .map_err(|(field, message)| c.fail(&format!("{path}.{field}"), message))?;
    if !strength.count && matches!(distribution, Distribution::Lognormal { .. }) {
        return Err(c.fail(
            &format!("{path}.dist"),
            text!(
                da: "en lognormalfordeling har ingen øvre grænse, så den kan ikke beskrive en sandsynlighed (forventede en fordeling på 0 til 1: beta, eller trekant- eller ligefordeling inden for 0 og 1)",
                en: "a lognormal has no upper bound, so it cannot describe a probability (expected a distribution on 0 to 1: beta, or triangular or uniform within 0 and 1)"
            ),
        ));
    }
    let (drawn_low, drawn_high) = distribution.drawable_range();
    if drawn_low < low || drawn_high > high {
        return Err(c.fail(
            &path,
            Message::new(
                format!(
                    "fordelingen når {} til {}, ud over parameterens område (forventede {range_da})",
                    da(drawn_low),
                    da(drawn_high)
                ),
                format!(
                    "the distribution reaches {drawn_low} to {drawn_high}, beyond the parameter's range (expected {range})"
                ),
            ),
        ));
    }
    Ok(Some(UncertainParameter {
        label: format!("{} {}", init.kind_name(), strength.field),
        support: distribution.support(),
        path,
        distribution,
        initiative: index,
        count: strength.count,
        source: file.source.as_ref().map(|s| s.as_str().to_string()),
    }))
}

/// The calibration covariances, per group: each group must be one of the scenario's.
pub(super) fn check_calibration_uncertainty(
    c: &Check<'_>,
    file: &CalibrationUncertaintyFile,
    has_group: impl Fn(Group) -> bool,
) -> Result<[Option<GroupCovariance>; Group::COUNT], InputError> {
    let mut out = [None; Group::COUNT];
    for (g, cov) in &file.groups {
        let path = format!("calibration_uncertainty.groups.{g}");
        if !has_group(*g) {
            return Err(c.fail(
                &path,
                text!(
                    da: "gruppe {g} har ingen parametre i dette scenarie (en kovarians hører til en kalibreret gruppe)",
                    en: "group {g} has no parameters in this scenario (a covariance belongs to a calibrated group)"
                ),
            ));
        }
        out[g.index()] = Some(
            GroupCovariance::from_rows(&cov.covariance)
                .map_err(|(at, message)| c.fail(&format!("{path}.covariance{at}"), message))?,
        );
    }
    Ok(out)
}

/// Validate an initiative's cost: each part a finite number of DKK, 0 or more, and only
/// the parts whose driver the initiative has (an offer counted only where it gives a
/// number of offers, a place-month only for extra places, a review only where the
/// follow-up finds unregistered absence).
fn check_cost(
    c: &Check<'_>,
    path: &str,
    init: &Initiative,
    cost: &super::Cost,
) -> Result<(), InputError> {
    for (field, dkk) in cost.parts() {
        if !dkk.is_finite() || dkk < 0.0 {
            return Err(c.fail(
                &format!("{path}.{field}"),
                Message::new(
                    format!(
                        "{} er ikke en udgift (forventede kr., 0 eller mere)",
                        da(dkk)
                    ),
                    format!("{dkk} is not a cost (expected DKK, 0 or more)"),
                ),
            ));
        }
        let counted = match (field, init) {
            ("fixed_per_month_dkk", _) => true,
            (
                "per_offer_dkk",
                Initiative::ProductionSteering {
                    offers_per_month, ..
                },
            ) => offers_per_month.is_some(),
            ("per_offer_dkk" | "per_place_month_dkk", Initiative::ExtraCapacity { .. }) => true,
            (
                "per_review_dkk",
                Initiative::AbsenceFollowup {
                    finds_unregistered, ..
                },
            ) => finds_unregistered.is_some(),
            _ => false,
        };
        if !counted {
            let (counts_da, counts) = match init {
                Initiative::ProductionSteering {
                    offers_per_month: Some(_),
                    ..
                } => (
                    "per_offer_dkk, fixed_per_month_dkk",
                    "per_offer_dkk, fixed_per_month_dkk",
                ),
                Initiative::ProductionSteering { .. } => (
                    "fixed_per_month_dkk (de tilbud, en extra_offer_rate giver, tælles ikke)",
                    "fixed_per_month_dkk (the offers an extra_offer_rate causes are not counted)",
                ),
                Initiative::AbsenceFollowup {
                    finds_unregistered: Some(_),
                    ..
                } => (
                    "per_review_dkk, fixed_per_month_dkk",
                    "per_review_dkk, fixed_per_month_dkk",
                ),
                Initiative::AbsenceFollowup { .. } => (
                    "fixed_per_month_dkk (en registration_rate giver ingen talte gennemgange)",
                    "fixed_per_month_dkk (a registration_rate makes no counted reviews)",
                ),
                Initiative::ExtraCapacity { .. } => (
                    "per_offer_dkk, per_place_month_dkk, fixed_per_month_dkk",
                    "per_offer_dkk, per_place_month_dkk, fixed_per_month_dkk",
                ),
            };
            let kind = init.kind_name();
            return Err(c.fail(
                &format!("{path}.{field}"),
                text!(
                    da: "{field} tælles ikke for et initiativ af slagsen {kind} (forventede en af: {counts_da})",
                    en: "{field} is not counted for this {kind} (expected one of: {counts})"
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{GroupParams, ObservedMonth, Scenario, load};
    use crate::{Group, Month};

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

    /// A scenario with one group whose fields `group` adds to (or replaces).
    fn with_group_fields(group: serde_json::Value) -> crate::Result<load::Loaded> {
        let mut file = serde_json::json!({"version": 1, "year": 2025, "burn_in_months": 14,
            "groups": {"kontanthjaelp": {
            "persons": 400, "inflow_per_month": 20, "offer_rate": 0.2, "hours_rate": 0.1,
            "hours_median": 40, "absence_rate": 0.05, "registration_rate": 0.5,
            "conversation_rate": 0.5, "exit_hazard": [{"from_months": 0, "rate": 0.05}]}}});
        for (k, v) in group.as_object().unwrap() {
            file["groups"]["kontanthjaelp"][k] = v.clone();
        }
        load::from_merged(file, "t")
    }

    /// An offer lasts 1 to 36 whole months: 0 and 37 fail when the file is read, at the
    /// field's JSON path, saying what is expected; a mix's shares sum to 1, and a group
    /// gives one months or a mix.
    #[test]
    fn offer_months_are_checked_at_their_path() {
        for bad in [0, 37] {
            let err = with_group_fields(serde_json::json!({"offer_duration_months": bad}))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("groups.kontanthjaelp.offer_duration_months")
                    && err.contains(&format!("{bad} months is out of range"))
                    && err.contains("expected whole months from 1 to 36")
                    && !err.contains("måneder"),
                "{err}"
            );
        }
        let mix = |wage_share: f64, months: u32| {
            serde_json::json!({"offer_mix": {
                "short_course": {"share": 0.6, "months": 1},
                "wage_subsidy": {"share": wage_share, "months": months}}})
        };
        let err = with_group_fields(mix(0.4, 0)).unwrap_err().to_string();
        assert!(
            err.contains("groups.kontanthjaelp.offer_mix.wage_subsidy.months"),
            "{err}"
        );
        let err = with_group_fields(mix(0.3, 6)).unwrap_err().to_string();
        assert!(
            err.contains("groups.kontanthjaelp.offer_mix") && err.contains("not 1"),
            "{err}"
        );
        let loaded = with_group_fields(mix(0.4, 6)).unwrap();
        let params = &loaded.scenario.groups()[Group::Kontanthjaelp.index()];
        assert_eq!(params.offer_kinds, vec![(1, 0.6), (6, 0.4)]);
        assert!((params.mean_offer_months() - 3.0).abs() < 1e-12);
        let mut both = mix(0.4, 6);
        both["offer_duration_months"] = serde_json::json!(3);
        let err = with_group_fields(both).unwrap_err().to_string();
        assert!(err.contains("exclude each other"), "{err}");
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
