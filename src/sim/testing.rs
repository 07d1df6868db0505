//! Scenarios the simulator's unit tests share.

/// Two groups with every layer of uncertainty: production steering whose strength is
/// triangular, extra places whose count is uniform, a calibration covariance for one
/// group, and the operations' shock. `edit` changes the file before it is validated.
pub(crate) fn layered_scenario(
    edit: impl FnOnce(&mut serde_json::Value),
) -> crate::scenario::load::Loaded {
    let group = |persons: u32, rate: f64| {
        serde_json::json!({
            "persons": persons, "inflow_per_month": persons / 20, "offer_rate": rate,
            "offer_trend": 0.01, "hours_rate": 0.1, "hours_median": 40, "absence_rate": 0.05,
            "registration_rate": 0.5, "conversation_rate": 0.5,
            "exit_hazard": [{"from_months": 0, "rate": 0.05}]})
    };
    let mut file = serde_json::json!({
        "version": 1, "year": 2025, "burn_in_months": 12,
        "observed": {"share": "active", "months": {"2025-01": {"total": 60}}},
        "offer_shock": {"sd": 0.1, "persistence": 0.8},
        "initiatives": [
            {"kind": "production_steering", "start": "2025-03", "months_without_offer": 3,
             "extra_offer_rate": {"dist": "triangular", "low": 0.02, "mode": 0.05, "high": 0.15}},
            {"kind": "extra_capacity", "start": "2025-04", "group": "kontanthjaelp",
             "offers_per_month": {"dist": "uniform", "low": 5, "high": 25}}],
        "calibration_uncertainty": {"method": "by hand",
            "groups": {"kontanthjaelp": {"covariance": [[0.09, 0.003], [0.003, 0.0004]]}}},
        "groups": {"kontanthjaelp": group(400, 0.15), "sygedagpenge": group(300, 0.3)}});
    edit(&mut file);
    crate::scenario::load::from_merged(file, "layered").unwrap()
}

/// The layered scenario without the layers: every strength fixed at its distribution's
/// mean, no calibration covariance, no shock (`keep` names the layers kept).
pub(crate) fn without_layers(
    keep: crate::scenario::uncertainty::Layers,
) -> crate::scenario::load::Loaded {
    use crate::scenario::uncertainty::Layer;
    let central: Vec<(String, f64)> = layered_scenario(|_| {})
        .scenario
        .uncertain_parameters()
        .iter()
        .map(|p| (p.path.clone(), p.central()))
        .collect();
    layered_scenario(|file| {
        if !keep.contains(Layer::EffectSizes) {
            for (path, value) in &central {
                crate::scenario::load::set_number(file, path, *value).unwrap();
            }
        }
        let map = file.as_object_mut().unwrap();
        if !keep.contains(Layer::Calibration) {
            map.remove("calibration_uncertainty");
        }
        if !keep.contains(Layer::Volatility) {
            map.remove("offer_shock");
        }
    })
}

/// One group of 400 with every mechanism the month loop branches on: a run-up
/// trend, a capacity limit, frequent frikort hours.
pub(super) fn small_capped_scenario() -> crate::scenario::load::Loaded {
    let text = r#"{"version": 1, "year": 2025, "burn_in_months": 14,
        "groups": {"kontanthjaelp": {
        "persons": 400, "inflow_per_month": 20, "offer_rate": 0.2, "offer_trend": 0.02,
        "hours_rate": 0.1, "hours_median": 40, "frikort_rate": 0.2,
        "frikort_hours_median": 30, "absence_rate": 0.05, "absence_persistence": 0.6,
        "registration_rate": 0.5, "conversation_rate": 0.5, "offer_capacity": 70,
        "exit_hazard": [{"from_months": 0, "rate": 0.05}]}}}"#;
    crate::scenario::load::from_json_str(text, "t").unwrap()
}

/// Four groups with every mechanism the block pass (`wide`) decides differently from the
/// scalar code: moves (one keeping the spell), production steering in two steps and
/// for some groups only, targeted production steering by deadline and at random, absence
/// follow-up, a capacity limit and extra places, frikort
/// hours, an exit table of `exit_runs` runs, and methods scored on the whole history and
/// on part of it.
pub(super) fn every_mechanism_scenario(exit_runs: u32) -> crate::scenario::load::Loaded {
    let group = |persons: u32, exits: &str, moves: &str, extra: &str| {
        format!(
            r#"{{"persons": {persons}, "inflow_per_month": 15, "offer_rate": 0.15,
            "offer_trend": 0.03, "hours_rate": 0.12, "hours_median": 40,
            "frikort_rate": 0.1, "frikort_hours_median": 30, "absence_rate": 0.05,
            "absence_persistence": 0.6, "registration_rate": 0.5,
            "conversation_rate": 0.5, "exit_hazard": [{exits}], "moves": [{moves}]{extra}}}"#
        )
    };
    let runs = (0..exit_runs)
        .map(|k| {
            format!(
                r#"{{"from_months": {}, "rate": {}}}"#,
                3 * k,
                0.01 + 0.005 * f64::from(k)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        r#"{{"version": 1, "year": 2025, "burn_in_months": 14, "groups": {{
            "kontanthjaelp": {},
            "overgangsydelse": {},
            "ressourceforloeb": {},
            "sygedagpenge": {}}},
        "initiatives": [
            {{"kind": "production_steering", "start": "2024-06", "months_without_offer": 4,
              "extra_offer_rate": 0.2}},
            {{"kind": "production_steering", "start": "2025-02", "months_without_offer": 9,
              "extra_offer_rate": 0.3, "groups": ["kontanthjaelp"]}},
            {{"kind": "absence_followup", "start": "2025-03", "registration_rate": 0.9,
              "groups": ["sygedagpenge"]}},
            {{"kind": "extra_capacity", "start": "2025-04", "group": "ressourceforloeb",
              "offers_per_month": 20}},
            {{"kind": "production_steering", "start": "2024-10", "offers_per_month": 12,
              "targeting": "deadline", "groups": ["overgangsydelse", "ressourceforloeb"]}},
            {{"kind": "production_steering", "start": "2025-02", "offers_per_month": 8,
              "targeting": "random", "months_without_offer": 2}}]}}"#,
        group(
            300,
            r#"{"from_months": 0, "rate": 0.05}"#,
            r#"{"to": "ressourceforloeb", "rate": 0.03, "min_spell_months": 6}"#,
            r#", "offer_capacity": 40"#
        ),
        group(
            200,
            r#"{"from_months": 0, "rate": 0.04}, {"from_months": 12, "rate": 0.02}"#,
            r#"{"to": "kontanthjaelp", "rate": 0.05, "min_spell_months": 0}"#,
            ""
        ),
        group(250, &runs, "", ""),
        group(
            150,
            r#"{"from_months": 0, "rate": 0.15}"#,
            r#"{"to": "kontanthjaelp", "rate": 0.02, "min_spell_months": 2}, {"to": "overgangsydelse", "rate": 0.02, "min_spell_months": 0}"#,
            ""
        ),
    );
    crate::scenario::load::from_json_str(&text, "t").unwrap()
}
