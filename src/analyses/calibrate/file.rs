//! The calibrated scenario file: it `extends` the input, overrides the fitted rates
//! (and a register's rates), each with its source, and records the fit.

use super::Calibration;
use super::pooling::Pooling;
use super::volatility::{MIN_HISTORY_MONTHS, ShockSource};
use crate::Group;
use crate::scenario::uncertainty::{CalibrationUncertaintyFile, GroupCovarianceFile};
use crate::scenario::{ObservedMonth, Scenario};
use crate::vocab::label::Label;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the calibrated scenario's `calibration_uncertainty` says of its method.
pub const UNCERTAINTY_METHOD: &str = "Laplace approximation from the Gauss–Newton Jacobian; measurement error: rounding to 0.1, binomial sampling, Monte Carlo";

/// The calibrated scenario file: the scenario file and, after it, the covariance of the
/// fitted parameters (`calibration_uncertainty`).
#[derive(Clone, Debug, Serialize)]
pub struct CalibratedFile {
    /// The scenario file: `extends` the input, overrides the fitted rates.
    #[serde(flatten)]
    pub file: crate::scenario::ScenarioFile,
    /// Per group, the covariance of (logit offer rate, offer trend).
    pub calibration_uncertainty: serde_json::Value,
}

/// The covariances as the calibrated file's `calibration_uncertainty` holds them.
pub(super) fn uncertainty(
    covariance: &BTreeMap<crate::Group, [[f64; 2]; 2]>,
) -> CalibrationUncertaintyFile {
    CalibrationUncertaintyFile {
        method: Label::lossy(UNCERTAINTY_METHOD),
        groups: covariance
            .iter()
            .map(|(&g, c)| {
                let covariance = c.iter().map(|row| row.to_vec()).collect();
                (g, GroupCovarianceFile { covariance })
            })
            .collect(),
    }
}

/// The calibrated scenario file: `extends` the input and overrides the fitted rates.
pub(super) fn calibrated_file(
    cal: &Calibration,
    input: &std::path::Path,
    out: &std::path::Path,
    name: Option<&Label>,
    targets: &[ObservedMonth],
) -> CalibratedFile {
    use crate::scenario::file::GroupFile;
    let note = Label::lossy(&format!(
        "fitted by `fokus calibrate` (seed {}, {} replications, fokus {}) to the observed active shares of {}",
        cal.seed,
        cal.replications,
        crate::VERSION,
        targets
            .iter()
            .map(|t| t.month.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let groups = cal
        .offer_rate
        .iter()
        .map(|(&g, &rate)| {
            let gf = GroupFile {
                offer_rate: Some(rate),
                offer_trend: cal.offer_trend.get(&g).copied(),
                sources: Some(
                    [
                        ("offer_rate".to_string(), note.clone().into()),
                        ("offer_trend".to_string(), note.clone().into()),
                    ]
                    .into(),
                ),
                ..GroupFile::default()
            };
            (g, gf)
        })
        .collect();
    let mut errors: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for c in &cal.fit {
        errors.entry(c.month.to_string()).or_default().insert(
            c.group
                .map_or("total".to_string(), |g| g.code().to_string()),
            (c.difference() * 100.0).round() / 100.0,
        );
    }
    let block = serde_json::json!({
        "fitted": cal.offer_rate.keys().flat_map(|g| [format!("groups.{g}.offer_rate"), format!("groups.{g}.offer_trend")]).collect::<Vec<_>>(),
        "targets": targets.iter().map(|t| t.month.to_string()).collect::<Vec<_>>(),
        "method": "Gauss–Newton per group on (logit offer rate, trend), finite differences, common random numbers across iterations",
        "error_pp": errors,
        "seed": cal.seed,
        "replications": cal.replications,
        "iterations": cal.iterations,
        "fokus_version": crate::VERSION,
    });
    let file = crate::scenario::ScenarioFile {
        version: Some(1),
        extends: Some(relative_path(input, out)),
        name: name.cloned(),
        groups: Some(groups),
        calibration: Some(block),
        ..Default::default()
    };
    CalibratedFile {
        file,
        calibration_uncertainty: serde_json::to_value(uncertainty(&cal.covariance))
            .expect("a covariance block serialises"),
    }
}

/// The operations' shock in the calibrated file: an estimate sets `offer_shock` with its
/// source; without one, a shock the scenario assumes gets an "assumption" source when it
/// has none. The `calibration` block says which.
pub(super) fn record_shock(
    file: &mut crate::scenario::ScenarioFile,
    scenario: &Scenario,
    shock: &ShockSource,
    cal: &Calibration,
) {
    use crate::scenario::file::OfferShockFile;
    let (note, record) = match shock {
        ShockSource::Estimated(v) => {
            file.offer_shock = Some(OfferShockFile {
                sd: v.sd,
                persistence: v.persistence,
            });
            let note = format!(
                "estimated from the observed totals of {} to {} by `fokus calibrate` (seed {}, {} replications, fokus {}): sd chosen so the simulated de-trended month-to-month changes of the total have the observed spread ({:.2} points); persistence {} kept (assumption, not estimated)",
                v.months[0],
                v.months[1],
                cal.seed,
                cal.replications,
                crate::VERSION,
                v.observed_change_sd_pp,
                v.persistence
            );
            (
                Some(note.clone()),
                serde_json::json!({"estimated_from": v.months.map(|m| m.to_string()), "observed_change_sd_pp": (v.observed_change_sd_pp * 1000.0).round() / 1000.0, "simulated_change_sd_pp": (v.simulated_change_sd_pp * 1000.0).round() / 1000.0}),
            )
        }
        ShockSource::TooShort { months } => {
            let why = format!(
                "not estimated: {months} consecutive history months before {} in `observed` (at least {MIN_HISTORY_MONTHS} needed)",
                scenario.january()
            );
            let assumed = scenario.offer_shock().0 > 0.0
                && !scenario
                    .file()
                    .sources
                    .as_ref()
                    .is_some_and(|s| s.contains_key("offer_shock"));
            let note = assumed.then(|| format!("assumption: {why}"));
            (note, serde_json::json!({ "not_estimated": why }))
        }
    };
    if let Some(note) = note {
        file.sources
            .get_or_insert_with(BTreeMap::new)
            .insert("offer_shock".into(), Label::lossy(&note).into());
    }
    if let Some(serde_json::Value::Object(block)) = file.calibration.as_mut() {
        block.insert("offer_shock".into(), record);
    }
}

/// `input` as seen from the folder of `out`, with forward slashes.
fn relative_path(input: &std::path::Path, out: &std::path::Path) -> String {
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let input = abs(input);
    let out_dir = abs(out)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let a: Vec<_> = input.components().collect();
    let b: Vec<_> = out_dir.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Record the register's rates in the calibrated file, each with its source.
pub(super) fn record_register_rates(
    file: &mut crate::scenario::ScenarioFile,
    scenario: &Scenario,
    rates: &BTreeMap<Group, crate::measure::register::rates::GroupRates>,
    register: &str,
) {
    use crate::scenario::file::HazardBand;
    let groups = file.groups.get_or_insert_with(BTreeMap::new);
    for (g, r) in rates {
        let p = &scenario.groups()[g.index()];
        if p.persons == 0 && p.inflow_per_month == 0.0 {
            continue;
        }
        let gf = groups.entry(*g).or_default();
        let note = Label::lossy(&format!(
            "estimated from the register {register} ({} person-months; see docs/register-start.md)",
            r.person_months
        ));
        let sources = gf.sources.get_or_insert_with(BTreeMap::new);
        let round = |v: f64| (v * 100_000.0).round() / 100_000.0;
        gf.persons = Some(u32::try_from(r.persons).unwrap_or(u32::MAX));
        sources.insert(
            "persons".into(),
            Label::lossy(&format!(
                "the register {register}: the group's caseload in its last month used"
            ))
            .into(),
        );
        if let (Some(a), Some(b)) = (r.exit_under_12, r.exit_from_12) {
            gf.exit_hazard = Some(vec![
                HazardBand {
                    from_months: 0,
                    rate: round(a),
                },
                HazardBand {
                    from_months: 12,
                    rate: round(b),
                },
            ]);
            sources.insert("exit_hazard".into(), note.clone().into());
        }
        for (field, value, slot) in [
            ("hours_rate", r.hours_rate, &mut gf.hours_rate),
            ("hours_median", r.hours_median, &mut gf.hours_median),
            (
                "conversation_rate",
                r.conversation_rate,
                &mut gf.conversation_rate,
            ),
            (
                "inflow_per_month",
                r.inflow_per_month,
                &mut gf.inflow_per_month,
            ),
        ] {
            if let Some(v) = value {
                *slot = Some(round(v));
                sources.insert(field.into(), note.clone().into());
            }
        }
    }
}

/// Record the pooled groups in the calibrated file, when there are any (a calibration
/// that fitted every group on its own writes the file it always wrote): the
/// `calibration` block's `pooling` (every group's sampling error and tolerance, and for
/// a pooled group its target and weight), and each pooled group's rate and trend
/// sources saying what they were fitted to.
pub(super) fn record_pooling(file: &mut crate::scenario::ScenarioFile, pooling: &Pooling) {
    if pooling.pooled().is_empty() {
        return;
    }
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    let groups: serde_json::Map<String, serde_json::Value> = pooling
        .groups
        .iter()
        .map(|e| {
            let mut entry = serde_json::json!({
                "persons": round(e.persons),
                "observed_pct": round(e.observed_pct),
                "sampling_error_pp": round(e.sampling_error_pp),
                "tolerance_pp": round(e.tolerance_pp),
            });
            if let Some(p) = &e.pooled {
                entry["pooled"] = serde_json::json!({
                    "prior_pct": round(p.prior_pct),
                    "weight": round(p.weight),
                    "target_pct": round(p.target_pct),
                });
            }
            (e.group.code().to_string(), entry)
        })
        .collect();
    if let Some(serde_json::Value::Object(block)) = file.calibration.as_mut() {
        block.insert(
            "pooling".into(),
            serde_json::json!({
                "method": "groups with a sampling error above max_sampling_error_pp are pooled: their level is fitted to the scenario's share moved by the municipality's common deviation (shift_logit) plus their own deviation times weight (random effects on the logit scale, DerSimonian–Laird spread spread_logit); their trend is the scenario's",
                "max_sampling_error_pp": pooling.max_sampling_error_pp,
                "shift_logit": round(pooling.shift_logit),
                "spread_logit": round(pooling.spread_logit),
                "groups": groups,
            }),
        );
    }
    let Some(files) = file.groups.as_mut() else {
        return;
    };
    for e in &pooling.groups {
        let (Some(p), Some(gf)) = (&e.pooled, files.get_mut(&e.group)) else {
            continue;
        };
        let sources = gf.sources.get_or_insert_with(BTreeMap::new);
        sources.insert(
            "offer_rate".into(),
            Label::lossy(&format!(
                "pooled by `fokus calibrate`: fitted to {:.1} % (the scenario moved by the municipality's deviation, {:.1} %, and by the group's own observed {:.1} % ± {:.1} points with weight {:.2}); too few persons to fit on its own",
                p.target_pct, p.prior_pct, e.observed_pct, e.sampling_error_pp, p.weight
            ))
            .into(),
        );
        sources.insert(
            "offer_trend".into(),
            Label::lossy("pooled by `fokus calibrate`: the scenario's trend, kept (too few persons to fit one)").into(),
        );
    }
}
