//! The scenario file format: serde structs, every field optional so a file can
//! `extend` another and name only what it changes. Unknown fields are errors.

use super::uncertainty::{CalibrationUncertaintyFile, Uncertain};
use crate::measure::method::MethodSpec;
use crate::vocab::label::{Label, Text};
use crate::{Group, Month, text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A scenario file (version 1), possibly partial when it `extends` another.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// File format version: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// A scenario file this one starts from, relative to this file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Short name shown in outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Label>,
    /// The scenario's name for people — a table's row, a chart's label, a headline: a
    /// text, or `{"da": …, "en": …}` ("Produktionsstyring"). `name` stays the short
    /// name commands, files and `combines` use. None: the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// What the scenario is, in one or two sentences: a text, or `{"da": …, "en": …}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The scenarios (by `name`) this one combines, when it is their combination: the
    /// comparison says so beside its row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combines: Option<Vec<Label>>,
    /// The municipality (kommune).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<Label>,
    /// The calculation method: a preset name or an inline method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<MethodRef>,
    /// The calendar year whose mean is judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Months simulated before January of `year`, to build a consistent history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burn_in_months: Option<u32>,
    /// The last simulated month (at most December of `year`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_end: Option<Month>,
    /// Observed shares of the year so far; months before the year are history, from
    /// which `fokus calibrate` estimates `offer_shock` (not months of the run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<ObservedFile>,
    /// Inflow seasonality: 12 multipliers, January first, mean 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<f64>>,
    /// Shape of the Gamma-distributed personal propensities (offers, work); mean 1.
    /// Smaller is more unequal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heterogeneity_shape: Option<f64>,
    /// Uncertainty of operations after the last observed month: a common shock to every
    /// group's offer rate (see docs/model.md). None: no shock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_shock: Option<OfferShockFile>,
    /// The social-frikort earnings cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frikort: Option<FrikortFile>,
    /// Parameters per benefit group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<BTreeMap<Group, GroupFile>>,
    /// Initiatives, each from a start month. A file that names this list replaces its
    /// parent's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiatives: Option<Vec<Initiative>>,
    /// Uncertainty ranges for `fokus sensitivity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Vec<SensitivityRange>>,
    /// Where the numbers come from: field path → source or "assumption: …" (a text, or
    /// `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<BTreeMap<String, Text>>,
    /// Free notes for the reader (shown in reports as the assumptions), each a text or
    /// `{"da": …, "en": …}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<Text>>,
    /// The monthly level the plan itself promises, e.g. "minimum 71,2 pct. med udgangen
    /// af 4. kvartal 2025": `fokus run` sets it beside the December level the year mean
    /// requires (a promised end level is not the required average).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_target: Option<PlanTarget>,
    /// Written by `fokus calibrate`: what was fitted, to what, and how well.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<serde_json::Value>,
    /// Written by `fokus calibrate`: the uncertainty of the calibrated offer rates and
    /// trends — per group, the 2×2 covariance of (logit of `offer_rate`, `offer_trend`),
    /// the Laplace approximation of docs/model.md §8.1. A run draws them per replication
    /// around the file's current values (the `calibration` layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration_uncertainty: Option<CalibrationUncertaintyFile>,
}

impl ScenarioFile {
    /// This file without what only names, documents or scores the scenario — its names
    /// and texts, the method, the plan's target, the record of its calibration and the
    /// sensitivity ranges — and without `extends`: two scenarios equal in this part
    /// simulate the same histories. Every field is named, so a field added to the file
    /// does not compile here until it is said which kind it is.
    pub fn simulated_part(&self) -> ScenarioFile {
        let ScenarioFile {
            version,
            extends: _,
            name: _,
            title: _,
            description: _,
            combines: _,
            municipality: _,
            method: _,
            year,
            burn_in_months,
            horizon_end,
            observed,
            seasonality,
            heterogeneity_shape,
            offer_shock,
            frikort,
            groups,
            initiatives,
            sensitivity: _,
            sources: _,
            notes: _,
            plan_target: _,
            calibration: _,
            calibration_uncertainty,
        } = self.clone();
        ScenarioFile {
            version,
            year,
            burn_in_months,
            horizon_end,
            observed,
            seasonality,
            heterogeneity_shape,
            offer_shock,
            frikort,
            groups,
            initiatives,
            calibration_uncertainty,
            ..ScenarioFile::default()
        }
    }
}

/// A method given by preset name or inline.
// Read by the JSON type (a string is a preset name, an object an inline method), not as
// serde's untagged enum, which hides a typo inside the object behind "data did not match
// any variant" and loses its path.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum MethodRef {
    /// A preset name (`star`, `frikort`).
    Preset(String),
    /// An inline method (`base` + overrides).
    Inline(Box<MethodSpec>),
}

impl<'de> Deserialize<'de> for MethodRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<MethodRef, D::Error> {
        struct ByJsonType;
        impl<'de> serde::de::Visitor<'de> for ByJsonType {
            type Value = MethodRef;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a preset name (\"star\", \"frikort\") or an inline method object")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<MethodRef, E> {
                Ok(MethodRef::Preset(name.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<MethodRef, A::Error> {
                MethodSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|spec| MethodRef::Inline(Box::new(spec)))
            }
        }
        deserializer.deserialize_any(ByJsonType)
    }
}

/// The level a plan promises for one month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTarget {
    /// The month the level is promised for, within the judged year.
    pub month: Month,
    /// The promised monthly active share, percent (0–100).
    pub pct: f64,
    /// Where the promise is written (a text, or `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
}

/// Observed figures, as published (Table 4 gives passive shares).
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservedFile {
    /// Whether the numbers are active shares or passive shares (100 − active).
    pub share: ShareKind,
    /// Where they come from (a text, or `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// Month → figures.
    pub months: BTreeMap<Month, ObservedMonthFile>,
}

/// Active or passive share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShareKind {
    /// Share fulfilled (offer or hours).
    Active,
    /// Share not fulfilled.
    Passive,
}

/// One observed month.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservedMonthFile {
    /// The total over all groups, percent.
    pub total: f64,
    /// Per group, percent.
    #[serde(default)]
    pub groups: BTreeMap<Group, f64>,
}

/// An AR(1) shock to the log offer odds of all groups, month by month.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferShockFile {
    /// Standard deviation of the monthly innovation (log scale).
    pub sd: f64,
    /// Month-to-month persistence (AR coefficient), 0 to 1.
    pub persistence: f64,
}

/// The frikort cap.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrikortFile {
    /// Yearly tax-free earnings cap, DKK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_dkk_per_year: Option<f64>,
    /// Hourly wage for frikort work, DKK (converts the cap into hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_wage_dkk: Option<f64>,
}

/// A case review of passive cases: how many were reviewed and how many of them should
/// have been registered absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseReview {
    /// Passive cases reviewed (n, at least 1).
    pub reviewed: u32,
    /// Of those, cases that should have been registered absent (k, at most n).
    pub should_be_absent: u32,
    /// Where the review comes from, or "assumption: …" (a text, or `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
}

/// One kind of offer in a group's `offer_mix`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferKind {
    /// The share of the group's offers started that are of this kind (0 to 1).
    pub share: f64,
    /// Months an offer of this kind lasts (1 to 36).
    pub months: OfferMonths,
    /// Where the share and the months come from, or "assumption: …" (a text, or
    /// `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
}

/// The months an offer lasts: a whole number from 1 to [`OfferMonths::MAX`], checked
/// when the file is read (so a bad value fails at its JSON path).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct OfferMonths(u8);

impl OfferMonths {
    /// The longest offer: three years, beyond any wage subsidy or course.
    pub const MAX: u32 = 36;

    /// The months.
    pub fn get(self) -> u32 {
        u32::from(self.0)
    }
}

impl TryFrom<u32> for OfferMonths {
    type Error = String;

    fn try_from(months: u32) -> Result<OfferMonths, String> {
        match months {
            1..=Self::MAX => Ok(OfferMonths(months as u8)),
            _ => {
                let max = Self::MAX;
                Err(text!(
                    da: "{months} måneder er uden for det tilladte (forventede hele måneder fra 1 til {max})",
                    en: "{months} months is out of range (expected whole months from 1 to {max})"
                )
                .to_serde())
            }
        }
    }
}

impl From<OfferMonths> for u32 {
    fn from(months: OfferMonths) -> u32 {
        months.get()
    }
}

/// In a file the months an offer lasts are a whole number from 1 to 36.
impl schemars::JsonSchema for OfferMonths {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OfferMonths".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": OfferMonths::MAX,
            "description": "Months an offer lasts, 1 to 36"
        })
    }
}

/// A seniority band of the exit hazard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HazardBand {
    /// From this many months on benefits.
    pub from_months: u32,
    /// Monthly probability of leaving benefits.
    pub rate: f64,
}

/// A move to another group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveFile {
    /// The group moved to.
    pub to: Group,
    /// Monthly probability of the move.
    pub rate: f64,
    /// Only after this many months in the current spell.
    #[serde(default)]
    pub min_spell_months: u32,
}

/// Parameters of one benefit group. Probabilities are per person and month.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct GroupFile {
    /// Persons in the group at the start of the burn-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons: Option<u32>,
    /// Mean new recipients per month (before seasonality).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inflow_per_month: Option<f64>,
    /// Exit probability by months on benefits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_hazard: Option<Vec<HazardBand>>,
    /// Moves to other groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moves: Option<Vec<MoveFile>>,
    /// Base probability of an offer in a month (for a person of average propensity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_rate: Option<f64>,
    /// Monthly change of the log offer odds in the run-up to the last observed month
    /// (at most 12 months back); the rate is `offer_rate` from that month on, but the
    /// run-up shapes the 12-month windows, so the shares still feel it for 11 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_trend: Option<f64>,
    /// Places for offers in the group: at most this many of its persons in an offer at
    /// once (none: no limit). A place frees when the offer ends or the person leaves;
    /// with one-month offers (the default) it is the number of offers a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_capacity: Option<u32>,
    /// Months an offer lasts (whole months, 1 to 36; default 1, a one-month event):
    /// meanwhile the person holds a place and is given no new offer. The measure counts
    /// the person active from the offer's start month, as STAR's does. Not with
    /// `offer_mix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_duration_months: Option<OfferMonths>,
    /// The group's offers as a mix of kinds, as the job centre plans them: kind name
    /// (e.g. `short_course`, `wage_subsidy`) → the share of the offers started and the
    /// months it lasts; the shares sum to 1. Each started offer is of a kind drawn by
    /// the shares. Not with `offer_duration_months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_mix: Option<BTreeMap<String, OfferKind>>,
    /// Probability of some ordinary hours in a month (average propensity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_rate: Option<f64>,
    /// Median ordinary hours in a month with hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_median: Option<f64>,
    /// Log-scale spread (σ of the log-normal) of ordinary hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_sigma: Option<f64>,
    /// Probability of frikort hours in a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frikort_rate: Option<f64>,
    /// Median frikort hours in a month with frikort hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frikort_hours_median: Option<f64>,
    /// Probability that a person not absent last month is absent (e.g. ill) this month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence_rate: Option<f64>,
    /// Probability that an absent person is still absent the next month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence_persistence: Option<f64>,
    /// Share of absent months that the job centre registers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_rate: Option<f64>,
    /// Absence among the passive that was never registered, as a case review found it:
    /// of `reviewed` passive cases, `should_be_absent` should have been registered absent
    /// (long-term illness etc.; STAR's fokusrevision samples such cases). The share of
    /// the group's passive who are truly absent but unregistered is drawn per
    /// replication from its Beta(1 + k, 1 + n − k) posterior (the effect-size layer; its
    /// mean (1 + k)/(2 + n) with the layer off). It changes nothing by itself: an
    /// `absence_followup` with `finds_unregistered` registers them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unregistered_absence: Option<CaseReview>,
    /// Probability of a job-centre conversation in a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_rate: Option<f64>,
    /// Where these numbers come from: field → source or "assumption: …" (a text, or
    /// `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<BTreeMap<String, Text>>,
}

/// An initiative from a start month (to an optional end month).
// Read through `InitiativeFields`, a plain struct: serde's internally tagged enums buffer
// their content and lose the path of a bad field (`initiatives[0].start`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "InitiativeFields"
)]
pub enum Initiative {
    /// Production steering: lists of citizens with no offer for `months_without_offer`
    /// months or more. Either their monthly offer probability gains `extra_offer_rate`
    /// (an assumed rate), or the job centre gives `offers_per_month` offers a month to
    /// them, chosen by `targeting` (a capacity it decides).
    ProductionSteering {
        /// First month.
        start: Month,
        /// Last month (none: to the horizon).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<Month>,
        /// Groups targeted (none: all).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        groups: Option<Vec<Group>>,
        /// Targeted: no offer for at least this many months (required with
        /// `extra_offer_rate`; default 0, everyone in the groups, with `offers_per_month`).
        months_without_offer: u32,
        /// Additional monthly offer probability for the targeted: a number or a
        /// distribution. Exactly one of `extra_offer_rate` and `offers_per_month`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        extra_offer_rate: Option<Uncertain<f64>>,
        /// Offers the job centre gives a month to the targeted, on top of the offers
        /// they get anyway: a whole number, or a distribution whose draws are rounded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offers_per_month: Option<Uncertain<u32>>,
        /// Who gets the `offers_per_month` (required with it): `deadline`, the persons
        /// whose deadline — the first month they are passive if nothing new happens, the
        /// rule of `fokus lister` — is nearest; `random`, persons drawn at random.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        targeting: Option<Targeting>,
        /// What it costs (DKK), each part optional.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<Cost>,
        /// What it is / where the strength comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<Text>,
    },
    /// Follow-up on absence registrations: either the registration rate of absence
    /// spells rises to `registration_rate`, or the follow-up finds and registers the
    /// share `finds_unregistered` of the passive who are truly absent but unregistered
    /// (the groups' `unregistered_absence`).
    AbsenceFollowup {
        /// First month.
        start: Month,
        /// Last month (none: to the horizon).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<Month>,
        /// Groups targeted (none: all).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        groups: Option<Vec<Group>>,
        /// The registration rate of true absence from `start`: a number or a
        /// distribution. Exactly one of `registration_rate` and `finds_unregistered`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        registration_rate: Option<Uncertain<f64>>,
        /// The share of the unregistered absent among the passive (the group's
        /// `unregistered_absence`) whom the follow-up finds and registers from `start`:
        /// a number or a distribution.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        finds_unregistered: Option<Uncertain<f64>>,
        /// What it costs (DKK), each part optional.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<Cost>,
        /// What it is / where the strength comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<Text>,
    },
    /// Extra offer places in a group, given to those who drew an offer and then to those
    /// longest without one; each holds a person for the group's offer duration.
    ExtraCapacity {
        /// First month.
        start: Month,
        /// Last month (none: to the horizon).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<Month>,
        /// The group.
        group: Group,
        /// Extra places (persons in an offer at once): a whole number, or a distribution
        /// whose draws are rounded. Exactly one of `places` and `offers_per_month`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        places: Option<Uncertain<u32>>,
        /// Extra offers started per month (older files): read as that many times the
        /// group's mean offer months in places, the places that start so many a month.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offers_per_month: Option<Uncertain<u32>>,
        /// Months an offer in an extra place lasts (1 to 36; only with `places`; none:
        /// the group's offer months).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offer_months: Option<OfferMonths>,
        /// What it costs (DKK), each part optional.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cost: Option<Cost>,
        /// What it is / where the strength comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<Text>,
    },
}

/// What an initiative costs, in DKK (each part optional). What each part is counted
/// against, per replication: `per_offer_dkk` the offers the initiative started
/// (production steering with `offers_per_month`, extra capacity), `per_place_month_dkk`
/// the months its extra places were held (extra capacity), `per_review_dkk` the case
/// reviews it made (absence follow-up with `finds_unregistered`: each passive case of
/// its groups without registered absence, once a month), `fixed_per_month_dkk` the
/// months it ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// DKK per offer the initiative started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_offer_dkk: Option<f64>,
    /// DKK per month one of its extra places is held (extra capacity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_place_month_dkk: Option<f64>,
    /// DKK per case review (absence follow-up with `finds_unregistered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_review_dkk: Option<f64>,
    /// DKK per month the initiative runs (staff, lists, management).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_per_month_dkk: Option<f64>,
    /// Where the figures come from; an assumption says "assumption: …" (a text, or
    /// `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
}

impl Cost {
    /// The parts as (field, DKK), those given.
    pub fn parts(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        [
            ("per_offer_dkk", self.per_offer_dkk),
            ("per_place_month_dkk", self.per_place_month_dkk),
            ("per_review_dkk", self.per_review_dkk),
            ("fixed_per_month_dkk", self.fixed_per_month_dkk),
        ]
        .into_iter()
        .filter_map(|(f, v)| Some((f, v?)))
    }
}

/// How production steering's `offers_per_month` are given among the targeted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Targeting {
    /// Nearest deadline first (the steering list's order; ties at random).
    Deadline,
    /// At random among the targeted: what a rate does, with a count.
    Random,
}

/// The kinds of initiative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeKind {
    /// [`Initiative::ProductionSteering`].
    ProductionSteering,
    /// [`Initiative::AbsenceFollowup`].
    AbsenceFollowup,
    /// [`Initiative::ExtraCapacity`].
    ExtraCapacity,
}

/// Every field any initiative has, as read from the file; [`Initiative`] is made from it.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeFields {
    /// What the initiative is.
    kind: InitiativeKind,
    /// First month.
    start: Month,
    /// Last month (none: to the horizon).
    #[serde(default)]
    end: Option<Month>,
    /// production_steering, absence_followup: groups targeted (none: all).
    #[serde(default)]
    groups: Option<Vec<Group>>,
    /// production_steering: targeted when without an offer for at least this many months.
    #[serde(default)]
    months_without_offer: Option<u32>,
    /// production_steering: additional monthly offer probability for the targeted (a
    /// number or a distribution).
    #[serde(default)]
    extra_offer_rate: Option<Uncertain<f64>>,
    /// absence_followup: the registration rate of true absence from `start` (a number or
    /// a distribution).
    #[serde(default)]
    registration_rate: Option<Uncertain<f64>>,
    /// absence_followup: the share of the unregistered absent among the passive whom
    /// the follow-up finds and registers (a number or a distribution).
    #[serde(default)]
    finds_unregistered: Option<Uncertain<f64>>,
    /// extra_capacity: the group.
    #[serde(default)]
    group: Option<Group>,
    /// extra_capacity: extra offers per month (older files; or `places`);
    /// production_steering: offers per month given to the targeted (a whole number, or a
    /// distribution whose draws are rounded).
    #[serde(default)]
    offers_per_month: Option<Uncertain<u32>>,
    /// extra_capacity: extra places, persons in an offer at once (a whole number, or a
    /// distribution whose draws are rounded).
    #[serde(default)]
    places: Option<Uncertain<u32>>,
    /// extra_capacity with `places`: months an offer in an extra place lasts (1 to 36;
    /// none: the group's).
    #[serde(default)]
    offer_months: Option<OfferMonths>,
    /// production_steering with `offers_per_month`: `deadline` (nearest deadline first)
    /// or `random`.
    #[serde(default)]
    targeting: Option<Targeting>,
    /// What it costs (DKK): per offer started, per place-month, per case review, fixed
    /// per month, each optional, with a `source`.
    #[serde(default)]
    cost: Option<Cost>,
    /// What it is / where the strength comes from.
    #[serde(default)]
    source: Option<Text>,
}

impl TryFrom<InitiativeFields> for Initiative {
    type Error = String;

    fn try_from(f: InitiativeFields) -> Result<Initiative, String> {
        let kind = match f.kind {
            InitiativeKind::ProductionSteering => "production_steering",
            InitiativeKind::AbsenceFollowup => "absence_followup",
            InitiativeKind::ExtraCapacity => "extra_capacity",
        };
        let missing = |field: &str| {
            text!(
                da: "feltet `{field}` mangler (slagsen {kind} skal have det)",
                en: "missing field `{field}` (kind {kind} needs it)"
            )
            .to_serde()
        };
        let foreign = |fields: &[(&str, bool)]| match fields.iter().find(|(_, given)| *given) {
            Some((field, _)) => Err(text!(
                da: "feltet `{field}` hører ikke til slagsen {kind}",
                en: "field `{field}` does not belong to kind {kind}"
            )
            .to_serde()),
            None => Ok(()),
        };
        // Two fields of which the kind takes exactly one, both given or neither.
        let both = |a: &str, b: &str| {
            text!(
                da: "felterne `{a}` og `{b}` udelukker hinanden (slagsen {kind} tager ét af dem)",
                en: "fields `{a}` and `{b}` exclude each other (kind {kind} takes one of them)"
            )
            .to_serde()
        };
        let neither = |a: &str, b: &str| {
            text!(
                da: "feltet `{a}` eller `{b}` mangler (slagsen {kind} skal have ét af dem)",
                en: "missing field `{a}` or `{b}` (kind {kind} needs one of them)"
            )
            .to_serde()
        };
        // A field that belongs to the kind only with another of two fields.
        let only_with = |field: &str, given: &str, needed: &str| {
            text!(
                da: "feltet `{field}` hører ikke til slagsen {kind} med `{given}` (kun med `{needed}`)",
                en: "field `{field}` does not belong to kind {kind} with `{given}` (only with `{needed}`)"
            )
            .to_serde()
        };
        let (start, end, source, cost) = (f.start, f.end, f.source, f.cost);
        Ok(match f.kind {
            InitiativeKind::ProductionSteering => {
                foreign(&[
                    ("registration_rate", f.registration_rate.is_some()),
                    ("finds_unregistered", f.finds_unregistered.is_some()),
                    ("group", f.group.is_some()),
                    ("places", f.places.is_some()),
                    ("offer_months", f.offer_months.is_some()),
                ])?;
                let months_without_offer = match (&f.extra_offer_rate, &f.offers_per_month) {
                    (Some(_), Some(_)) => {
                        return Err(both("extra_offer_rate", "offers_per_month"));
                    }
                    (None, None) => {
                        return Err(neither("extra_offer_rate", "offers_per_month"));
                    }
                    (Some(_), None) => {
                        if f.targeting.is_some() {
                            return Err(only_with(
                                "targeting",
                                "extra_offer_rate",
                                "offers_per_month",
                            ));
                        }
                        f.months_without_offer
                            .ok_or_else(|| missing("months_without_offer"))?
                    }
                    (None, Some(_)) => {
                        if f.targeting.is_none() {
                            return Err(text!(
                                da: "feltet `targeting` mangler (slagsen {kind} med \
                                     `offers_per_month` skal have det: \"deadline\" eller \"random\")",
                                en: "missing field `targeting` (kind {kind} with \
                                     `offers_per_month` needs it: \"deadline\" or \"random\")"
                            )
                            .to_serde());
                        }
                        f.months_without_offer.unwrap_or(0)
                    }
                };
                Initiative::ProductionSteering {
                    start,
                    end,
                    groups: f.groups,
                    months_without_offer,
                    extra_offer_rate: f.extra_offer_rate,
                    offers_per_month: f.offers_per_month,
                    targeting: f.targeting,
                    cost,
                    source,
                }
            }
            InitiativeKind::AbsenceFollowup => {
                foreign(&[
                    ("months_without_offer", f.months_without_offer.is_some()),
                    ("extra_offer_rate", f.extra_offer_rate.is_some()),
                    ("group", f.group.is_some()),
                    ("offers_per_month", f.offers_per_month.is_some()),
                    ("places", f.places.is_some()),
                    ("offer_months", f.offer_months.is_some()),
                    ("targeting", f.targeting.is_some()),
                ])?;
                match (&f.registration_rate, &f.finds_unregistered) {
                    (Some(_), Some(_)) => {
                        return Err(both("registration_rate", "finds_unregistered"));
                    }
                    (None, None) => {
                        return Err(neither("registration_rate", "finds_unregistered"));
                    }
                    _ => {}
                }
                Initiative::AbsenceFollowup {
                    start,
                    end,
                    groups: f.groups,
                    registration_rate: f.registration_rate,
                    finds_unregistered: f.finds_unregistered,
                    cost,
                    source,
                }
            }
            InitiativeKind::ExtraCapacity => {
                foreign(&[
                    ("groups", f.groups.is_some()),
                    ("months_without_offer", f.months_without_offer.is_some()),
                    ("extra_offer_rate", f.extra_offer_rate.is_some()),
                    ("registration_rate", f.registration_rate.is_some()),
                    ("finds_unregistered", f.finds_unregistered.is_some()),
                    ("targeting", f.targeting.is_some()),
                ])?;
                match (&f.places, &f.offers_per_month) {
                    (Some(_), Some(_)) => {
                        return Err(both("places", "offers_per_month"));
                    }
                    (None, None) => {
                        return Err(neither("places", "offers_per_month"));
                    }
                    (None, Some(_)) if f.offer_months.is_some() => {
                        return Err(only_with("offer_months", "offers_per_month", "places"));
                    }
                    _ => {}
                }
                Initiative::ExtraCapacity {
                    start,
                    end,
                    group: f.group.ok_or_else(|| missing("group"))?,
                    places: f.places,
                    offers_per_month: f.offers_per_month,
                    offer_months: f.offer_months,
                    cost,
                    source,
                }
            }
        })
    }
}

/// The JSON Schema of the scenario file (`fokus schema`).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ScenarioFile)).expect("a schema serializes")
}

/// An uncertain parameter and its range, for `fokus sensitivity`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRange {
    /// JSON path of a number in the scenario, e.g. `groups.kontanthjaelp.offer_rate`.
    pub parameter: Label,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// What the parameter is, for people (the tornado's row), e.g. "Ekstra tilbudsrate":
    /// a text, or `{"da": …, "en": …}`. None: the JSON path is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// How `low` and `high` are shown: `percent` for a rate from 0 to 1 (0.01 is shown
    /// as 1 %), `number` as they are. None: as they are, with three decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<RangeUnit>,
    /// Why this range (a text, or `{"da": …, "en": …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
}

/// How a sensitivity range's ends are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RangeUnit {
    /// A rate from 0 to 1, shown ×100 as a percentage (0.01 → 1 %).
    Percent,
    /// A number shown as it is (offers per month, months).
    Number,
}
