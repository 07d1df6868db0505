//! The calculation method as a value: every rule of the focus goal is a parameter.
//!
//! STAR's method is the preset `star`; `frikort` is STAR's method with social-frikort
//! hours counted. A method file names a `base` preset and overrides what it changes, so
//! a new definition (e.g. the 2026 reform's process targets) is a file, not new code.
//! Pure: a method file is read by [`crate::io::method`] and validated here
//! ([`Method::from_spec`]).

use crate::Group;
use crate::error::InputError;
use crate::vocab::hours::Hours;
use crate::vocab::label::{Label, Text};
use crate::vocab::month::Month;
use serde::{Deserialize, Serialize};

/// How seniority (anciennitet) is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeniorityRule {
    /// STAR: consecutive months in the same benefit spell; a gap month or a change of
    /// group restarts the count, except overgangsydelse → kontanthjælp/uddannelseshjælp.
    PerBenefit,
    /// Consecutive months on any benefit, ignoring moves between groups.
    AcrossBenefits,
}

/// What a registered absence does to the person's place in the population.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceRule {
    /// The person leaves the population in that month (our assumption of STAR's rule:
    /// STAR has not published how absence enters the figure).
    Exclude,
    /// Absence is ignored; the person stays in the population.
    Ignore,
}

/// How the calendar-year figure is formed from the twelve monthly total shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum YearAverage {
    /// The plain mean of the monthly shares (STAR).
    Simple,
    /// Fulfilled over population, summed over the months.
    Weighted,
}

/// A measured month range with another hours threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdOverride {
    /// First measured month it applies to (open when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Month>,
    /// Last measured month it applies to, included (open when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Month>,
    /// The threshold in hours in those months.
    pub hours_threshold: f64,
}

/// A validated calculation method. A `Method` that exists is consistent; scoring code
/// does not re-check it. It is built only by the presets, [`Method::from_spec`] and
/// [`Method::with_changes`], which validate; its fields are read through getters of the
/// same name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Method {
    name: String,
    description: Text,
    window_months: u32,
    min_seniority_months: u32,
    max_seniority_months: Option<u32>,
    seniority: SeniorityRule,
    groups: Option<Vec<Group>>,
    hours_threshold: f64,
    threshold_overrides: Vec<ThresholdOverride>,
    count_frikort_hours: bool,
    absence: AbsenceRule,
    target_pct: f64,
    year_average: YearAverage,
    conversations_required: u32,
    conversations_target_pct: f64,
    #[serde(skip)]
    thresholds: Thresholds,
}

/// Precomputed thresholds in exact hundredths, per override range.
#[derive(Clone, Debug, PartialEq, Default)]
struct Thresholds {
    default: u64,
    overrides: Vec<(Option<Month>, Option<Month>, u64)>,
}

/// The method file format (and the inline `method` object of a scenario).
/// Every field but `base` overrides the base preset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodSpec {
    /// File format version; 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The preset this method starts from (`star` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Label>,
    /// What the method is: a text, or `{"da": …, "en": …}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_months: Option<u32>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_seniority_months: Option<u32>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seniority_months: Option<u32>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seniority: Option<SeniorityRule>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_threshold: Option<f64>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_overrides: Option<Vec<ThresholdOverride>>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_frikort_hours: Option<bool>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence: Option<AbsenceRule>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_pct: Option<f64>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_average: Option<YearAverage>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversations_required: Option<u32>,
    #[allow(missing_docs)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversations_target_pct: Option<f64>,
}

/// The longest window any method may use; the simulator keeps this much history.
pub const MAX_WINDOW_MONTHS: u32 = 36;

/// Names of the built-in presets.
pub const PRESETS: [&str; 2] = ["star", "frikort"];

impl Method {
    /// STAR's method for the focus goal on active effort (the default).
    pub fn star() -> Method {
        let mut m = Method {
            name: "star".into(),
            description: Text::per_language(
                "STARs metode: tilbud eller ≥ 100 ordinære timer (225 til og med 2023-02) på 12 måneder, anciennitet ≥ 12 måneder pr. ydelse",
                "STAR's method: offer or ≥ 100 ordinary hours (225 up to 2023-02) in 12 months, seniority ≥ 12 months per benefit",
            ),
            window_months: 12,
            min_seniority_months: 12,
            max_seniority_months: None,
            seniority: SeniorityRule::PerBenefit,
            groups: None,
            hours_threshold: 100.0,
            threshold_overrides: vec![ThresholdOverride {
                from: None,
                to: Month::new(2023, 2),
                hours_threshold: 225.0,
            }],
            count_frikort_hours: false,
            absence: AbsenceRule::Exclude,
            target_pct: 70.0,
            year_average: YearAverage::Simple,
            conversations_required: 4,
            conversations_target_pct: 80.0,
            thresholds: Thresholds::default(),
        };
        m.thresholds = m.compute_thresholds();
        m
    }

    /// A built-in preset by name.
    pub fn preset(name: &str) -> Option<Method> {
        match name {
            "star" => Some(Method::star()),
            "frikort" => Some(Method {
                name: "frikort".into(),
                description: Text::per_language(
                    "STARs metode, men timer på socialt frikort tæller som ordinære timer (Københavns argument; ikke STARs officielle metode)",
                    "STAR's method, but social-frikort hours count as ordinary hours (Copenhagen's argument; not STAR's official method)",
                ),
                count_frikort_hours: true,
                ..Method::star()
            }),
            _ => None,
        }
    }

    /// Build and validate a method from its file form. `origin` and `path` name where it
    /// came from (file, JSON path prefix) for error messages.
    pub fn from_spec(spec: &MethodSpec, origin: &str, path: &str) -> Result<Method, InputError> {
        let at = |field: &str| json_path(path, field);
        if let Some(v) = spec.version
            && v != 1
        {
            return Err(InputError::at(
                origin,
                at("version"),
                crate::text!(
                    da: "version {v} understøttes ikke (forventede 1)",
                    en: "version {v} is not supported (expected 1)"
                ),
            ));
        }
        let base_name = spec.base.as_deref().unwrap_or("star");
        let base = Method::preset(base_name).ok_or_else(|| {
            InputError::at(origin, at("base"), {
                let presets = PRESETS.join(", ");
                crate::text!(
                    da: "ukendt forudindstillet metode {base_name:?} (forventede en af: {presets})",
                    en: "unknown method preset {base_name:?} (expected one of: {presets})"
                )
            })
        })?;
        base.overridden_by(spec, origin, path)
    }

    /// This method with the fields that `changes` gives replaced, validated as a method
    /// file is. `changes` names no base (it applies to this method) and no version.
    pub fn with_changes(&self, changes: &MethodSpec) -> Result<Method, InputError> {
        const ORIGIN: &str = "method changes";
        if changes.base.is_some() || changes.version.is_some() {
            return Err(InputError::at(
                ORIGIN,
                if changes.base.is_some() {
                    "base"
                } else {
                    "version"
                },
                crate::text!(
                    da: "ændringer gælder en metode og nævner hverken et grundlag (base) eller en version",
                    en: "changes apply to a method and name neither a base nor a version"
                ),
            ));
        }
        self.clone().overridden_by(changes, ORIGIN, "")
    }

    /// This method with every field that `spec` gives replaced, validated.
    fn overridden_by(
        self,
        spec: &MethodSpec,
        origin: &str,
        path: &str,
    ) -> Result<Method, InputError> {
        let at = |field: &str| json_path(path, field);
        let base = self;
        let mut m = Method {
            name: spec
                .name
                .as_ref()
                .map_or(base.name.clone(), Label::to_string),
            description: spec
                .description
                .clone()
                .unwrap_or_else(|| base.description.clone()),
            window_months: spec.window_months.unwrap_or(base.window_months),
            min_seniority_months: spec
                .min_seniority_months
                .unwrap_or(base.min_seniority_months),
            max_seniority_months: spec.max_seniority_months.or(base.max_seniority_months),
            seniority: spec.seniority.unwrap_or(base.seniority),
            groups: spec.groups.clone().or_else(|| base.groups.clone()),
            hours_threshold: spec.hours_threshold.unwrap_or(base.hours_threshold),
            threshold_overrides: spec
                .threshold_overrides
                .clone()
                .unwrap_or_else(|| base.threshold_overrides.clone()),
            count_frikort_hours: spec.count_frikort_hours.unwrap_or(base.count_frikort_hours),
            absence: spec.absence.unwrap_or(base.absence),
            target_pct: spec.target_pct.unwrap_or(base.target_pct),
            year_average: spec.year_average.unwrap_or(base.year_average),
            conversations_required: spec
                .conversations_required
                .unwrap_or(base.conversations_required),
            conversations_target_pct: spec
                .conversations_target_pct
                .unwrap_or(base.conversations_target_pct),
            thresholds: Thresholds::default(),
        };
        if m.name.trim().is_empty() {
            return Err(InputError::at(
                origin,
                at("name"),
                crate::text!(da: "navnet må ikke være tomt", en: "the name must not be empty"),
            ));
        }
        if !(1..=MAX_WINDOW_MONTHS).contains(&m.window_months) {
            return Err(InputError::at(origin, at("window_months"), {
                let months = m.window_months;
                crate::text!(
                    da: "{months} er uden for det tilladte (forventede 1 til {MAX_WINDOW_MONTHS})",
                    en: "{months} is out of range (expected 1 to {MAX_WINDOW_MONTHS})"
                )
            }));
        }
        if m.min_seniority_months > 600 {
            return Err(InputError::at(origin, at("min_seniority_months"), {
                let months = m.min_seniority_months;
                crate::text!(
                    da: "{months} er uden for det tilladte (forventede 0 til 600)",
                    en: "{months} is out of range (expected 0 to 600)"
                )
            }));
        }
        if let Some(max) = m.max_seniority_months
            && max < m.min_seniority_months
        {
            return Err(InputError::at(origin, at("max_seniority_months"), {
                let min = m.min_seniority_months;
                crate::text!(
                    da: "{max} er under min_seniority_months {min} (forventede mindst det)",
                    en: "{max} is below min_seniority_months {min} (expected at least that)"
                )
            }));
        }
        if let Some(groups) = &m.groups
            && groups.is_empty()
        {
            return Err(InputError::at(
                origin,
                at("groups"),
                crate::text!(
                    da: "en tom liste efterlader ingen i opgørelsen (udelad feltet for alle grupper)",
                    en: "an empty list leaves no population (omit the field for all groups)"
                ),
            ));
        }
        check_hours(m.hours_threshold)
            .map_err(|msg| InputError::at(origin, at("hours_threshold"), msg))?;
        for (i, o) in m.threshold_overrides.iter().enumerate() {
            let here = at(&format!("threshold_overrides[{i}]"));
            check_hours(o.hours_threshold)
                .map_err(|msg| InputError::at(origin, format!("{here}.hours_threshold"), msg))?;
            if o.from.is_none() && o.to.is_none() {
                return Err(InputError::at(
                    origin,
                    here,
                    crate::text!(
                        da: "en undtagelse skal have \"from\", \"to\" eller begge",
                        en: "an override needs \"from\", \"to\" or both"
                    ),
                ));
            }
            if let (Some(f), Some(t)) = (o.from, o.to)
                && f > t
            {
                return Err(InputError::at(
                    origin,
                    here,
                    crate::text!(
                        da: "from {f} er efter to {t} (månederne skal være i rækkefølge)",
                        en: "from {f} is after to {t} (months must be in order)"
                    ),
                ));
            }
            for (j, p) in m.threshold_overrides[..i].iter().enumerate() {
                if ranges_overlap((o.from, o.to), (p.from, p.to)) {
                    return Err(InputError::at(
                        origin,
                        here,
                        crate::text!(
                            da: "overlapper threshold_overrides[{j}] (hver måned kan have én timegrænse)",
                            en: "overlaps threshold_overrides[{j}] (each month may have one threshold)"
                        ),
                    ));
                }
            }
        }
        for (field, v) in [
            ("target_pct", m.target_pct),
            ("conversations_target_pct", m.conversations_target_pct),
        ] {
            if !v.is_finite() || !(0.0..=100.0).contains(&v) {
                return Err(InputError::at(origin, at(field), {
                    let v_da = crate::error::da_number(v);
                    crate::text!(
                        da: "{v_da} er ikke en procentsats (forventede 0 til 100)",
                        en: "{v} is not a percentage (expected 0 to 100)"
                    )
                }));
            }
        }
        if m.conversations_required > 1000 {
            return Err(InputError::at(
                origin,
                at("conversations_required"),
                crate::text!(
                    da: "er uden for det tilladte (forventede 0 til 1000)",
                    en: "is out of range (expected 0 to 1000)"
                ),
            ));
        }
        m.thresholds = m.compute_thresholds();
        m.named_for_its_rules(&base, spec, origin, path)
    }

    /// A method whose rules differ from its base's does not carry the base's name or
    /// description, and no method carries a preset's name without its rules: "star" in an
    /// output means STAR's method, nothing else. A changed method without a name of its
    /// own is refused (the analyst names it); without a description of its own, its
    /// description says what it is derived from and where it differs.
    fn named_for_its_rules(
        mut self,
        base: &Method,
        spec: &MethodSpec,
        origin: &str,
        path: &str,
    ) -> Result<Method, InputError> {
        let changed = self.rule_differences(base);
        if !changed.is_empty() && spec.name.is_none() {
            return Err(InputError::at(origin, json_path(path, "name"), {
                let base_name = &base.name;
                let (da, en) = (
                    differences_text(&changed, base_name, "ingen"),
                    differences_text(&changed, base_name, "none"),
                );
                crate::text!(
                    da: "mangler: metoden afviger fra {base_name:?} i {da}, så den kan ikke vises under det navn; giv den sit eget \"name\"",
                    en: "is missing: this method differs from {base_name:?} in {en}, so it cannot be shown under that name; give it a \"name\" of its own"
                )
            }));
        }
        if let Some(preset) = Method::preset(&self.name) {
            let differences = self.rule_differences(&preset);
            if !differences.is_empty() {
                return Err(InputError::at(origin, json_path(path, "name"), {
                    let (name, preset) = (&self.name, &preset.name);
                    let (da, en) = (
                        differences_text(&differences, preset, "ingen"),
                        differences_text(&differences, preset, "none"),
                    );
                    crate::text!(
                        da: "{name:?} er navnet på en forudindstillet metode, men denne metode afviger fra den i {da}: giv den sit eget navn (et resultat med navnet {preset:?} skal betyde den forudindstillede)",
                        en: "{name:?} is the name of a preset, but this method differs from it in {en}: give it a name of its own (an output named {preset:?} must mean the preset)"
                    )
                }));
            }
        }
        if !changed.is_empty() && spec.description.is_none() {
            self.description = Text::per_language(
                &format!(
                    "afledt af {}: {}",
                    base.name,
                    differences_text(&changed, &base.name, "ingen")
                ),
                &format!(
                    "derived from {}: {}",
                    base.name,
                    differences_text(&changed, &base.name, "none")
                ),
            );
        }
        Ok(self)
    }

    /// The rules (every field but the name and the description) in which this method
    /// differs from `other`: (field, this value, other value).
    fn rule_differences(
        &self,
        other: &Method,
    ) -> Vec<(String, serde_json::Value, serde_json::Value)> {
        self.diff(other)
            .into_iter()
            .filter(|(field, _, _)| field != "name" && field != "description")
            .collect()
    }

    /// Whether this method's rules are STAR's, whatever its name and description: a copy
    /// of `star` under another name scores exactly as STAR does.
    pub fn has_stars_rules(&self) -> bool {
        self.rule_differences(&Method::star()).is_empty()
    }

    /// The file form of this method (all fields spelled out, `base` star).
    pub fn to_spec(&self) -> MethodSpec {
        MethodSpec {
            version: Some(1),
            base: None,
            name: Some(Label::lossy(&self.name)),
            description: Some(self.description.clone()),
            window_months: Some(self.window_months),
            min_seniority_months: Some(self.min_seniority_months),
            max_seniority_months: self.max_seniority_months,
            seniority: Some(self.seniority),
            groups: self.groups.clone(),
            hours_threshold: Some(self.hours_threshold),
            threshold_overrides: Some(self.threshold_overrides.clone()),
            count_frikort_hours: Some(self.count_frikort_hours),
            absence: Some(self.absence),
            target_pct: Some(self.target_pct),
            year_average: Some(self.year_average),
            conversations_required: Some(self.conversations_required),
            conversations_target_pct: Some(self.conversations_target_pct),
        }
    }

    /// Short name, shown in every output.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One line saying what it is, in each language.
    pub fn description(&self) -> &Text {
        &self.description
    }

    /// Look-back window in months, the measured month included.
    pub fn window_months(&self) -> u32 {
        self.window_months
    }

    /// Population: seniority in the measured month at least this.
    pub fn min_seniority_months(&self) -> u32 {
        self.min_seniority_months
    }

    /// Population: seniority at most this (none: no upper bound).
    pub fn max_seniority_months(&self) -> Option<u32> {
        self.max_seniority_months
    }

    /// How seniority is counted.
    pub fn seniority(&self) -> SeniorityRule {
        self.seniority
    }

    /// Population: only these groups (none: all groups).
    pub fn groups(&self) -> Option<&[Group]> {
        self.groups.as_deref()
    }

    /// Ordinary hours in the window must reach this (hours).
    pub fn hours_threshold(&self) -> f64 {
        self.hours_threshold
    }

    /// Measured months with another threshold.
    pub fn threshold_overrides(&self) -> &[ThresholdOverride] {
        &self.threshold_overrides
    }

    /// Count social-frikort hours as ordinary hours.
    pub fn count_frikort_hours(&self) -> bool {
        self.count_frikort_hours
    }

    /// What registered absence does.
    pub fn absence(&self) -> AbsenceRule {
        self.absence
    }

    /// The monthly share must on average be strictly above this (percent).
    pub fn target_pct(&self) -> f64 {
        self.target_pct
    }

    /// How the year figure is formed.
    pub fn year_average(&self) -> YearAverage {
        self.year_average
    }

    /// Conversations goal: at least this many conversations in the window.
    pub fn conversations_required(&self) -> u32 {
        self.conversations_required
    }

    /// Conversations goal: target in percent (strictly above).
    pub fn conversations_target_pct(&self) -> f64 {
        self.conversations_target_pct
    }

    /// The hours threshold for a measured month, in exact hundredths.
    pub fn threshold_centi(&self, month: Month) -> u64 {
        self.thresholds
            .overrides
            .iter()
            .find(|(from, to, _)| from.is_none_or(|f| month >= f) && to.is_none_or(|t| month <= t))
            .map_or(self.thresholds.default, |o| o.2)
    }

    /// The fields in which two methods differ: (field, this value, other value).
    pub fn diff(&self, other: &Method) -> Vec<(String, serde_json::Value, serde_json::Value)> {
        let a = serde_json::to_value(self.to_spec()).expect("a method serializes");
        let b = serde_json::to_value(other.to_spec()).expect("a method serializes");
        let (serde_json::Value::Object(a), serde_json::Value::Object(b)) = (a, b) else {
            unreachable!("a method spec is a JSON object")
        };
        let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .map(|k| {
                let get = |m: &serde_json::Map<String, serde_json::Value>| {
                    m.get(k).cloned().unwrap_or(serde_json::Value::Null)
                };
                (k.clone(), get(&a), get(&b))
            })
            .collect()
    }

    fn compute_thresholds(&self) -> Thresholds {
        Thresholds {
            default: Hours::from_f64(self.hours_threshold).centi().into(),
            overrides: self
                .threshold_overrides
                .iter()
                .map(|o| {
                    (
                        o.from,
                        o.to,
                        Hours::from_f64(o.hours_threshold).centi().into(),
                    )
                })
                .collect(),
        }
    }
}

impl Default for Method {
    fn default() -> Method {
        Method::star()
    }
}

/// `window_months 6 (star: 12), hours_threshold 80 (star: 100)`.
fn differences_text(
    differences: &[(String, serde_json::Value, serde_json::Value)],
    base: &str,
    none: &str,
) -> String {
    let value = |v: &serde_json::Value| match v {
        serde_json::Value::Null => none.to_string(),
        other => other.to_string(),
    };
    differences
        .iter()
        .map(|(field, mine, theirs)| format!("{field} {} ({base}: {})", value(mine), value(theirs)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `field` under the JSON path prefix `path` (none when empty).
fn json_path(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn check_hours(h: f64) -> Result<(), crate::error::Message> {
    let h_da = crate::error::da_number(h);
    if !h.is_finite() || !(0.0..=100_000.0).contains(&h) {
        return Err(crate::text!(
            da: "{h_da} er ikke et gyldigt antal timer (forventede 0 til 100000)",
            en: "{h} is not a valid number of hours (expected 0 to 100000)"
        ));
    }
    if ((h * 100.0).round() - h * 100.0).abs() > 1e-6 {
        return Err(crate::text!(
            da: "{h_da} har mere end to decimaler (timer tælles i hundrededele)",
            en: "{h} has more than two decimals (hours are counted in hundredths)"
        ));
    }
    Ok(())
}

fn ranges_overlap(a: (Option<Month>, Option<Month>), b: (Option<Month>, Option<Month>)) -> bool {
    let starts_before_end = |s: Option<Month>, e: Option<Month>| match (s, e) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    };
    starts_before_end(a.0, b.1) && starts_before_end(b.0, a.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    #[test]
    fn star_threshold_is_225_through_feb_2023() {
        let star = Method::star();
        assert_eq!(star.threshold_centi(m("2023-02")), 22_500);
        assert_eq!(star.threshold_centi(m("2020-01")), 22_500);
        assert_eq!(star.threshold_centi(m("2023-03")), 10_000);
    }

    #[test]
    fn frikort_differs_in_one_field() {
        let d = Method::star().diff(&Method::preset("frikort").unwrap());
        let fields: Vec<&str> = d.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(fields, ["count_frikort_hours", "description", "name"]);
    }

    #[test]
    fn spec_round_trips() {
        let f = Method::preset("frikort").unwrap();
        assert_eq!(Method::from_spec(&f.to_spec(), "x", "").unwrap(), f);
    }

    #[test]
    fn rejects_bad_specs() {
        let bad = [
            r#"{"window_months": 0}"#,
            r#"{"target_pct": 130}"#,
            r#"{"hours_threshold": -1}"#,
            r#"{"hours_threshold": 1.234}"#,
            r#"{"base": "nope"}"#,
            r#"{"threshold_overrides": [{"hours_threshold": 5}]}"#,
            r#"{"threshold_overrides": [{"to": "2023-02", "hours_threshold": 5}, {"to": "2022-01", "hours_threshold": 6}]}"#,
            r#"{"min_seniority_months": 12, "max_seniority_months": 6}"#,
        ];
        for text in bad {
            let spec: MethodSpec = serde_json::from_str(text).unwrap();
            assert!(Method::from_spec(&spec, "x", "").is_err(), "{text}");
        }
        assert!(serde_json::from_str::<MethodSpec>(r#"{"windw_months": 3}"#).is_err());
    }

    /// "star" in an output means STAR's method: a changed method neither keeps its
    /// base's name nor takes a preset's, and its description says where it differs.
    #[test]
    fn a_changed_method_does_not_carry_a_presets_name() {
        let spec = |text: &str| serde_json::from_str::<MethodSpec>(text).unwrap();
        let err = Method::from_spec(&spec(r#"{"window_months": 6}"#), "m.json", "").unwrap_err();
        assert_eq!(err.location.as_deref(), Some("name"));
        assert!(
            err.message.en().contains("window_months 6 (star: 12)"),
            "{err}"
        );
        let err = Method::from_spec(
            &spec(r#"{"name": "star", "hours_threshold": 80}"#),
            "m.json",
            "method",
        )
        .unwrap_err();
        assert_eq!(err.location.as_deref(), Some("method.name"));
        assert!(
            err.message
                .en()
                .contains("hours_threshold 80.0 (star: 100.0)"),
            "{err}"
        );
        assert!(
            Method::from_spec(&spec(r#"{"base": "frikort", "name": "star"}"#), "m", "").is_err()
        );
        // The preset's own rules under its name, or under a name of one's own, are fine.
        assert_eq!(
            Method::from_spec(&spec(r#"{"name": "star"}"#), "m", "").unwrap(),
            Method::star()
        );
        let same = Method::from_spec(
            &spec(r#"{"name": "frikort", "count_frikort_hours": true}"#),
            "m",
            "",
        );
        assert_eq!(
            same.unwrap()
                .rule_differences(&Method::preset("frikort").unwrap()),
            []
        );
        let mine =
            Method::from_spec(&spec(r#"{"name": "mine", "window_months": 6}"#), "m", "").unwrap();
        assert_eq!(
            mine.description().en(),
            "derived from star: window_months 6 (star: 12)"
        );
        assert_eq!(
            mine.description().da(),
            "afledt af star: window_months 6 (star: 12)"
        );
    }

    #[test]
    fn changes_are_validated_as_a_file_is() {
        let star = Method::star();
        let six = star
            .with_changes(&MethodSpec {
                name: Some(Label::new("six").unwrap()),
                window_months: Some(6),
                ..MethodSpec::default()
            })
            .unwrap();
        assert_eq!((six.window_months(), six.name()), (6, "six"));
        assert_eq!(
            six.description().en(),
            "derived from star: window_months 6 (star: 12)"
        );
        for bad in [
            r#"{"window_months": 0}"#,
            r#"{"target_pct": 130}"#,
            r#"{"hours_threshold": 1.234}"#,
            r#"{"min_seniority_months": 12, "max_seniority_months": 6}"#,
            r#"{"base": "frikort"}"#,
        ] {
            let changes: MethodSpec = serde_json::from_str(bad).unwrap();
            assert!(star.with_changes(&changes).is_err(), "{bad}");
        }
    }
}
