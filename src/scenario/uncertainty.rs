//! What a scenario leaves uncertain, and the layers of uncertainty a run can switch off
//! (`docs/model.md` §5.3):
//!
//! - *effect sizes*: an initiative's strength given as a distribution
//!   ([`Uncertain::Distributed`]) instead of a number;
//! - *calibration*: the covariance of each group's fitted (logit `offer_rate`,
//!   `offer_trend`), written by `fokus calibrate` ([`CalibrationUncertaintyFile`]);
//! - *volatility*: the operations' shock (`offer_shock`).
//!
//! The file types here are part of the scenario file format; the validated values
//! ([`Distribution`], [`UncertainParameter`], [`GroupCovariance`]) are what the
//! simulator draws from.

use crate::error::{Message, da_number as da};
use crate::vocab::label::Label;
use crate::{Group, text};
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF, LogNormal, Triangular, Uniform};
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// An initiative's strength: a number, or a distribution when it is uncertain (drawn once
/// per replication; see `docs/model.md` §5.3).
// Read by the JSON type (a number is fixed, an object a distribution), not as serde's
// untagged enum, which hides a typo inside the object behind "data did not match any
// variant" and loses its path.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Uncertain<T> {
    /// A fixed number.
    Fixed(T),
    /// A distribution: `{"dist": "triangular", "low", "mode", "high"}`,
    /// `{"dist": "uniform", "low", "high"}`, `{"dist": "beta", "alpha", "beta"}`
    /// (optionally scaled to `low`–`high`) or `{"dist": "lognormal", "median", "sigma"}`,
    /// each with an optional `source`.
    Distributed(DistributionFile),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Uncertain<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Uncertain<T>, D::Error> {
        use serde::de::IntoDeserializer;
        struct ByJsonType<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ByJsonType<T> {
            type Value = Uncertain<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a distribution object such as {\"dist\": \"triangular\", \"low\": …, \"mode\": …, \"high\": …}")
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Uncertain<T>, E> {
                T::deserialize(v.into_deserializer()).map(Uncertain::Fixed)
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Uncertain<T>, E> {
                T::deserialize(v.into_deserializer()).map(Uncertain::Fixed)
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Uncertain<T>, E> {
                T::deserialize(v.into_deserializer()).map(Uncertain::Fixed)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Uncertain<T>, A::Error> {
                DistributionFile::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Uncertain::Distributed)
            }
        }
        deserializer.deserialize_any(ByJsonType(PhantomData))
    }
}

impl<T: Copy + Into<f64>> Uncertain<T> {
    /// The number when it is fixed, else the distribution.
    pub fn number_or_distribution(&self) -> Result<f64, &DistributionFile> {
        match self {
            Uncertain::Fixed(v) => Ok((*v).into()),
            Uncertain::Distributed(d) => Err(d),
        }
    }
}

/// The families of distribution an uncertain strength may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistKind {
    /// `low`, `mode`, `high`.
    Triangular,
    /// `low`, `high`.
    Uniform,
    /// `alpha`, `beta`; on 0–1, or scaled to `low`–`high`.
    Beta,
    /// `median`, `sigma` (σ of the log).
    Lognormal,
}

impl DistKind {
    fn name(self) -> &'static str {
        match self {
            DistKind::Triangular => "triangular",
            DistKind::Uniform => "uniform",
            DistKind::Beta => "beta",
            DistKind::Lognormal => "lognormal",
        }
    }

    /// The family as a Danish message names it ("en trekantfordeling (triangular)").
    fn danish(self) -> &'static str {
        match self {
            DistKind::Triangular => "trekantfordeling (triangular)",
            DistKind::Uniform => "ligefordeling (uniform)",
            DistKind::Beta => "betafordeling (beta)",
            DistKind::Lognormal => "lognormalfordeling (lognormal)",
        }
    }
}

/// A distribution as written in the file. Which fields a family needs is checked with
/// the scenario (`scenario::check`), so a missing or foreign field is named by its path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributionFile {
    /// The family: `triangular`, `uniform`, `beta` or `lognormal`.
    pub dist: DistKind,
    /// triangular, uniform: the lowest value; beta: the value of 0 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// triangular: the most likely value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    /// triangular, uniform: the highest value; beta: the value of 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// beta: the first shape (> 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// beta: the second shape (> 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta: Option<f64>,
    /// lognormal: the median (> 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// lognormal: the standard deviation of the log (> 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sigma: Option<f64>,
    /// Where the range comes from, or "assumption: …" and why this range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Label>,
}

/// A validated distribution (every parameter finite, in its range).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Distribution {
    /// Triangular on `low`–`high` with its peak at `mode`.
    Triangular { low: f64, mode: f64, high: f64 },
    /// Uniform on `low`–`high`.
    Uniform { low: f64, high: f64 },
    /// Beta(`alpha`, `beta`) scaled to `low`–`high`.
    Beta {
        alpha: f64,
        beta: f64,
        low: f64,
        high: f64,
    },
    /// Log-normal: log of the value is normal with mean ln `median` and σ `sigma`.
    Lognormal { median: f64, sigma: f64 },
}

impl Distribution {
    /// The distribution a file describes, or what is wrong: (the field, the message).
    pub(super) fn from_file(f: &DistributionFile) -> Result<Distribution, (&'static str, Message)> {
        let (kind, kind_da) = (f.dist.name(), f.dist.danish());
        let given = [
            ("low", f.low),
            ("mode", f.mode),
            ("high", f.high),
            ("alpha", f.alpha),
            ("beta", f.beta),
            ("median", f.median),
            ("sigma", f.sigma),
        ];
        let needs: &[&str] = match f.dist {
            DistKind::Triangular => &["low", "mode", "high"],
            DistKind::Uniform => &["low", "high"],
            DistKind::Beta => &["alpha", "beta"],
            DistKind::Lognormal => &["median", "sigma"],
        };
        let allowed: &[&str] = match f.dist {
            DistKind::Beta => &["alpha", "beta", "low", "high"],
            _ => needs,
        };
        for (field, value) in given {
            if value.is_some() && !allowed.contains(&field) {
                let takes = allowed.join(", ");
                return Err((
                    field,
                    text!(
                        da: "hører ikke til en {kind_da} (den tager {takes})",
                        en: "does not belong to a {kind} distribution (it takes {takes})"
                    ),
                ));
            }
            if let Some(v) = value
                && !v.is_finite()
            {
                return Err((field, not_finite(v)));
            }
        }
        let get = |field: &'static str| -> Result<f64, (&'static str, Message)> {
            given
                .iter()
                .find(|(name, _)| *name == field)
                .and_then(|(_, v)| *v)
                .ok_or_else(|| {
                    let needs = needs.join(", ");
                    (
                        field,
                        text!(
                            da: "mangler (en {kind_da} skal have {needs})",
                            en: "is missing (a {kind} distribution needs {needs})"
                        ),
                    )
                })
        };
        let ordered = |low: f64, high: f64| {
            if low < high {
                Ok(())
            } else {
                Err((
                    "high",
                    Message::new(
                        format!(
                            "{} er ikke over low {} (en fast værdi gives som et tal)",
                            da(high),
                            da(low)
                        ),
                        format!(
                            "{high} is not above low {low} (a fixed value is given as a number)"
                        ),
                    ),
                ))
            }
        };
        Ok(match f.dist {
            DistKind::Triangular => {
                let (low, mode, high) = (get("low")?, get("mode")?, get("high")?);
                ordered(low, high)?;
                if !(low..=high).contains(&mode) {
                    return Err((
                        "mode",
                        Message::new(
                            format!(
                                "{} ligger ikke mellem low {} og high {}",
                                da(mode),
                                da(low),
                                da(high)
                            ),
                            format!("{mode} is not within low {low} to high {high}"),
                        ),
                    ));
                }
                Distribution::Triangular { low, mode, high }
            }
            DistKind::Uniform => {
                let (low, high) = (get("low")?, get("high")?);
                ordered(low, high)?;
                Distribution::Uniform { low, high }
            }
            DistKind::Beta => {
                let (alpha, beta) = (get("alpha")?, get("beta")?);
                for (field, shape) in [("alpha", alpha), ("beta", beta)] {
                    if shape <= 0.0 || shape > 1e6 {
                        return Err((
                            field,
                            Message::new(
                                format!(
                                    "{} er uden for det tilladte (forventede en form over 0, højst 1000000)",
                                    da(shape)
                                ),
                                format!(
                                    "{shape} is out of range (expected a shape above 0, at most 1000000)"
                                ),
                            ),
                        ));
                    }
                }
                let (low, high) = (f.low.unwrap_or(0.0), f.high.unwrap_or(1.0));
                ordered(low, high)?;
                Distribution::Beta {
                    alpha,
                    beta,
                    low,
                    high,
                }
            }
            DistKind::Lognormal => {
                let (median, sigma) = (get("median")?, get("sigma")?);
                if median <= 0.0 {
                    return Err((
                        "median",
                        Message::new(
                            format!("{} er ikke over 0", da(median)),
                            format!("{median} is not above 0"),
                        ),
                    ));
                }
                if sigma <= 0.0 || sigma > 5.0 {
                    return Err((
                        "sigma",
                        Message::new(
                            format!(
                                "{} er uden for det tilladte (forventede over 0, højst 5)",
                                da(sigma)
                            ),
                            format!("{sigma} is out of range (expected above 0, at most 5)"),
                        ),
                    ));
                }
                Distribution::Lognormal { median, sigma }
            }
        })
    }

    /// The value at quantile `u` ∈ (0, 1): the inverse of the distribution function, so
    /// that one uniform draw gives the same quantile in every scenario.
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Distribution::Triangular { low, mode, high } => Triangular::new(low, high, mode)
                .expect("validated")
                .inverse_cdf(u),
            Distribution::Uniform { low, high } => {
                Uniform::new(low, high).expect("validated").inverse_cdf(u)
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * Beta::new(alpha, beta).expect("validated").inverse_cdf(u),
            Distribution::Lognormal { median, sigma } => LogNormal::new(median.ln(), sigma)
                .expect("validated")
                .inverse_cdf(u),
        }
    }

    /// The mean: the central value a run uses with the effect-size layer off.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Triangular { low, mode, high } => (low + mode + high) / 3.0,
            Distribution::Uniform { low, high } => (low + high) / 2.0,
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * alpha / (alpha + beta),
            Distribution::Lognormal { median, sigma } => median * (sigma * sigma / 2.0).exp(),
        }
    }

    /// The lowest and highest value a draw can take: the ends of the range, or for a
    /// log-normal its quantiles at the most extreme uniforms the streams give
    /// (`sim::rng::open_uniform53`, about 8.3 σ from the median).
    pub fn drawable_range(&self) -> (f64, f64) {
        match *self {
            Distribution::Triangular { low, high, .. }
            | Distribution::Uniform { low, high }
            | Distribution::Beta { low, high, .. } => (low, high),
            // The smallest and largest uniforms of `open_uniform53`: ½·2⁻⁵³ and 1 − 2⁻⁵³.
            Distribution::Lognormal { .. } => (
                self.quantile(0.5 / (1u64 << 53) as f64),
                self.quantile(1.0 - f64::EPSILON / 2.0),
            ),
        }
    }

    /// The range to show: the whole range, or for a log-normal its 1st to 99th
    /// percentile.
    pub fn support(&self) -> (f64, f64) {
        match self {
            Distribution::Lognormal { .. } => (self.quantile(0.01), self.quantile(0.99)),
            _ => self.drawable_range(),
        }
    }
}

/// An initiative strength given as a distribution: what `Scenario::uncertain_parameters`
/// lists (and what a P(goal) curve runs over).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UncertainParameter {
    /// JSON path in the scenario, e.g. `initiatives[0].extra_offer_rate`: setting a number
    /// there (`scenario::load::set_number`) fixes the parameter.
    pub path: String,
    /// A label for people: the initiative's kind and the field.
    pub label: String,
    /// The distribution.
    pub distribution: Distribution,
    /// The range to show: the whole range, or a log-normal's 1st to 99th percentile.
    pub support: (f64, f64),
    /// The initiative (index in the scenario's list).
    pub initiative: usize,
    /// Whether it is a count (offers a month): draws and the mean are rounded.
    pub count: bool,
    /// The distribution's `source`.
    pub source: Option<String>,
}

impl UncertainParameter {
    /// The value at quantile `u` (rounded for a count).
    pub fn value_at(&self, u: f64) -> f64 {
        self.whole(self.distribution.quantile(u))
    }

    /// The central value (the mean; rounded for a count).
    pub fn central(&self) -> f64 {
        self.whole(self.distribution.mean())
    }

    fn whole(&self, x: f64) -> f64 {
        if self.count { x.round() } else { x }
    }
}

/// `calibration_uncertainty`: the covariance of each calibrated group's (logit of
/// `offer_rate`, `offer_trend`), written by `fokus calibrate`. A run draws both per
/// replication around the file's current values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalibrationUncertaintyFile {
    /// How the covariance was estimated.
    pub method: Label,
    /// Per group (each must be a group of the scenario).
    pub groups: BTreeMap<Group, GroupCovarianceFile>,
}

/// One group's calibration covariance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupCovarianceFile {
    /// The 2×2 covariance of (logit of `offer_rate`, `offer_trend`): symmetric, positive
    /// semi-definite.
    pub covariance: Vec<Vec<f64>>,
}

/// A validated 2×2 covariance, kept as its lower Cholesky factor: δ = L·z for standard
/// normal z.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupCovariance {
    /// L₁₁, L₂₁, L₂₂.
    pub cholesky: [f64; 3],
}

/// "`v` is not a finite number", for a distribution's or a covariance's value.
fn not_finite(v: f64) -> Message {
    Message::new(
        format!("{} er ikke et endeligt tal", da(v)),
        format!("{v} is not a finite number"),
    )
}

impl GroupCovariance {
    /// The covariance given, or what is wrong with it: (the JSON path under the group's
    /// `covariance`, the message).
    pub(super) fn from_rows(rows: &[Vec<f64>]) -> Result<GroupCovariance, (String, Message)> {
        if rows.len() != 2 || rows.iter().any(|r| r.len() != 2) {
            let shape: Vec<String> = rows.iter().map(|r| r.len().to_string()).collect();
            let shape = shape.join(", ");
            return Err((
                String::new(),
                text!(
                    da: "har rækker med [{shape}] værdier (forventede 2×2: [[v_logit_rate, c], [c, v_trend]])",
                    en: "has rows of [{shape}] values (expected 2×2: [[v_logit_rate, c], [c, v_trend]])"
                ),
            ));
        }
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                if !v.is_finite() {
                    return Err((format!("[{i}][{j}]"), not_finite(*v)));
                }
            }
        }
        let (a, c, c2, b) = (rows[0][0], rows[0][1], rows[1][0], rows[1][1]);
        if (c - c2).abs() > 1e-12 * (a.abs() + b.abs()).max(1e-300) {
            return Err((
                "[1][0]".into(),
                Message::new(
                    format!(
                        "{} afviger fra [0][1] {} (en kovarians er symmetrisk)",
                        da(c2),
                        da(c)
                    ),
                    format!("{c2} differs from [0][1] {c} (a covariance is symmetric)"),
                ),
            ));
        }
        if a < 0.0 || b < 0.0 || c * c > a * b * (1.0 + 1e-9) {
            return Err((
                String::new(),
                Message::new(
                    format!(
                        "[[{a}, {c}], [{c}, {b}]] er ikke positiv semidefinit (varianser ≥ 0 og c² ≤ v_logit_rate · v_trend)"
                    ),
                    format!(
                        "[[{a}, {c}], [{c}, {b}]] is not positive semi-definite (variances ≥ 0 and c² ≤ v_logit_rate · v_trend)"
                    ),
                ),
            ));
        }
        let l11 = a.sqrt();
        let l21 = if l11 > 0.0 { c / l11 } else { 0.0 };
        let l22 = (b - l21 * l21).max(0.0).sqrt();
        Ok(GroupCovariance {
            cholesky: [l11, l21, l22],
        })
    }

    /// The shift (logit of the offer rate, offer trend) for standard normals `z`.
    pub fn shift(&self, z: [f64; 2]) -> [f64; 2] {
        let [l11, l21, l22] = self.cholesky;
        [l11 * z[0], l21 * z[0] + l22 * z[1]]
    }
}

/// A layer of uncertainty that a run can switch off (`--without`). Process noise (the
/// finite caseload's randomness) is always on.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Initiative strengths given as distributions.
    EffectSizes,
    /// The calibrated offer rates and trends drawn from their covariance.
    Calibration,
    /// The operations' shock (`offer_shock`).
    Volatility,
}

impl Layer {
    /// Every layer, in the order outputs list them.
    pub const ALL: [Layer; 3] = [Layer::EffectSizes, Layer::Calibration, Layer::Volatility];

    /// The name in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Layer::EffectSizes => "effect_sizes",
            Layer::Calibration => "calibration",
            Layer::Volatility => "volatility",
        }
    }

    /// The layer of a name.
    pub fn parse(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of layers: those switched on in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layers(u8);

impl Layers {
    /// Every layer on (the default).
    pub const ALL: Layers = Layers(0b111);
    /// Every layer off: process noise alone, every parameter at its central value.
    pub const NONE: Layers = Layers(0);

    /// Whether `layer` is in the set.
    pub fn contains(self, layer: Layer) -> bool {
        self.0 & layer.bit() != 0
    }

    /// The set without `layer`.
    pub fn without(self, layer: Layer) -> Layers {
        Layers(self.0 & !layer.bit())
    }

    /// The layers of the set, in [`Layer::ALL`]'s order.
    pub fn iter(self) -> impl Iterator<Item = Layer> {
        Layer::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

impl FromIterator<Layer> for Layers {
    fn from_iter<I: IntoIterator<Item = Layer>>(iter: I) -> Layers {
        Layers(iter.into_iter().fold(0, |bits, l| bits | l.bit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dist: DistKind) -> DistributionFile {
        DistributionFile {
            dist,
            low: None,
            mode: None,
            high: None,
            alpha: None,
            beta: None,
            median: None,
            sigma: None,
            source: None,
        }
    }

    /// Quantiles by hand: a triangular's CDF at the mode is (mode − low)/(high − low); a
    /// uniform is linear; a beta(1, 1) is the uniform; a log-normal's median is at ½.
    #[test]
    fn quantiles_and_means_by_hand() {
        let t = Distribution::Triangular {
            low: 0.0,
            mode: 0.25,
            high: 1.0,
        };
        assert!((t.quantile(0.25) - 0.25).abs() < 1e-12);
        // Below the mode: low + √(u (high − low)(mode − low)).
        assert!((t.quantile(0.1) - (0.1f64 * 0.25).sqrt()).abs() < 1e-12);
        assert!((t.mean() - 1.25 / 3.0).abs() < 1e-15);
        let u = Distribution::Uniform {
            low: 10.0,
            high: 20.0,
        };
        assert!((u.quantile(0.3) - 13.0).abs() < 1e-12);
        let b = Distribution::Beta {
            alpha: 1.0,
            beta: 1.0,
            low: 0.2,
            high: 0.4,
        };
        assert!((b.quantile(0.5) - 0.3).abs() < 1e-9);
        assert!((b.mean() - 0.3).abs() < 1e-15);
        let ln = Distribution::Lognormal {
            median: 100.0,
            sigma: 0.5,
        };
        assert!((ln.quantile(0.5) - 100.0).abs() < 1e-9);
        assert!((ln.mean() - 100.0 * 0.125f64.exp()).abs() < 1e-9);
        // 1st percentile: median · e^(−2.326 σ).
        let (p1, p99) = ln.support();
        assert!((p1 - 100.0 * (-2.326_347_874 * 0.5f64).exp()).abs() < 1e-4);
        assert!(
            (p1 * p99 - 100.0 * 100.0).abs() < 1e-6,
            "symmetric on the log"
        );
    }

    #[test]
    fn bad_distributions_name_their_field() {
        let mut t = file(DistKind::Triangular);
        t.low = Some(0.1);
        t.high = Some(0.3);
        assert_eq!(Distribution::from_file(&t).unwrap_err().0, "mode");
        t.mode = Some(0.4);
        assert_eq!(Distribution::from_file(&t).unwrap_err().0, "mode");
        t.mode = Some(0.2);
        t.sigma = Some(1.0);
        assert_eq!(Distribution::from_file(&t).unwrap_err().0, "sigma");
        let mut u = file(DistKind::Uniform);
        u.low = Some(0.3);
        u.high = Some(0.3);
        assert_eq!(Distribution::from_file(&u).unwrap_err().0, "high");
        let mut b = file(DistKind::Beta);
        b.alpha = Some(0.0);
        b.beta = Some(2.0);
        assert_eq!(Distribution::from_file(&b).unwrap_err().0, "alpha");
        let mut ln = file(DistKind::Lognormal);
        ln.median = Some(-1.0);
        ln.sigma = Some(0.3);
        assert_eq!(Distribution::from_file(&ln).unwrap_err().0, "median");
    }

    #[test]
    fn covariances_are_checked_and_factored() {
        let cov = GroupCovariance::from_rows(&[vec![4.0, 2.0], vec![2.0, 5.0]]).unwrap();
        // L = [[2, 0], [1, 2]]: L·Lᵀ = [[4, 2], [2, 5]].
        assert_eq!(cov.cholesky, [2.0, 1.0, 2.0]);
        assert_eq!(cov.shift([1.0, 1.0]), [2.0, 3.0]);
        let singular = GroupCovariance::from_rows(&[vec![0.0, 0.0], vec![0.0, 0.01]]).unwrap();
        assert_eq!(singular.shift([3.0, 2.0]), [0.0, 0.2]);
        for bad in [
            vec![vec![1.0, 0.0]],
            vec![vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0]],
            vec![vec![1.0, 0.5], vec![0.4, 1.0]],
            vec![vec![1.0, 2.0], vec![2.0, 1.0]],
            vec![vec![-1.0, 0.0], vec![0.0, 1.0]],
            vec![vec![f64::NAN, 0.0], vec![0.0, 1.0]],
        ] {
            assert!(GroupCovariance::from_rows(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn layers_are_a_set_named_as_on_the_command_line() {
        let no_calibration = Layers::ALL.without(Layer::Calibration);
        assert!(!no_calibration.contains(Layer::Calibration));
        assert!(no_calibration.contains(Layer::Volatility));
        assert_eq!(
            no_calibration.iter().collect::<Vec<_>>(),
            [Layer::EffectSizes, Layer::Volatility]
        );
        assert_eq!(Layer::ALL.into_iter().collect::<Layers>(), Layers::ALL);
        for l in Layer::ALL {
            assert_eq!(Layer::parse(l.name()), Some(l));
            assert_eq!(serde_json::to_value(l).unwrap(), l.name());
        }
    }
}
