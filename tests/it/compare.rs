//! `fokus compare`: common random numbers, method-only alternatives, effect signs.

use crate::fokus;
use serde_json::Value;

fn compare(alternatives: &[&str], replications: u32) -> Value {
    let mut cmd = fokus();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json"])
        .args(alternatives)
        .args([
            "-n",
            &replications.to_string(),
            "--format",
            "json",
            "--seed",
            "7",
        ]);
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn alternative<'a>(v: &'a Value, file: &str) -> &'a Value {
    v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scenario"].as_str().unwrap().ends_with(file))
        .unwrap()
}

fn half_width(ci: &Value) -> f64 {
    (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0
}

#[test]
fn shipped_initiatives_have_the_expected_sign_and_pairing_pays() {
    let v = compare(
        &[
            "scenarios/production-steering.json",
            "scenarios/absence-followup.json",
            "scenarios/frikort-method.json",
            "scenarios/recovery-plan.json",
            "scenarios/extra-capacity.json",
        ],
        10,
    );
    assert_eq!(v["audit"]["replications"], 10);
    assert_eq!(v["audit"]["seed"], 7);
    let diff = |f: &str| alternative(&v, f)["diff_pp"]["mean"].as_f64().unwrap();
    assert!(
        diff("production-steering.json") > 0.5,
        "{}",
        diff("production-steering.json")
    );
    assert!(diff("absence-followup.json") > 0.0);
    assert!(diff("extra-capacity.json") > 0.5);
    // The recovery plan still combines the former assumed rates (the lists' extra offer
    // rate, the follow-up's registration rate): its gain is about the former lists'.
    assert!(diff("recovery-plan.json") > 0.5);

    // Counting more hours can never lower a replication's share: exactly 1.
    let frikort = alternative(&v, "frikort-method.json");
    assert_eq!(frikort["method_only"], true);
    assert_eq!(frikort["method"], "frikort");
    assert_eq!(frikort["p_not_worse"].as_f64().unwrap(), 1.0);
    assert!(diff("frikort-method.json") >= 0.0);

    // Common random numbers: the paired interval is far narrower than the unpaired one.
    // (Production steering's paired differences also carry its uncertain strength, a
    // triangular from 1 to 6 %, drawn per replication: pairing removes the noise, not the
    // uncertainty about the effect. The absence follow-up's effect varies little.)
    let ps = alternative(&v, "absence-followup.json");
    let paired = half_width(&ps["diff_pp"]["ci95"]);
    let unpaired = half_width(&ps["diff_pp"]["unpaired_ci95"]);
    assert!(
        paired * 3.0 <= unpaired,
        "paired ±{paired} vs unpaired ±{unpaired}"
    );
    // Each simulated alternative has P(goal) with each of its layers off (production
    // steering has all three: its strength, the baseline's calibration and shock); a
    // method-only one shares the base's histories and has none of its own.
    let layers = &alternative(&v, "production-steering.json")["uncertainty"]["layers"];
    let names: Vec<&str> = layers
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["effect_sizes", "calibration", "volatility"]);
    for layer in layers.as_array().unwrap() {
        assert_eq!(layer["present"], true, "{layer}");
        assert!(layer["p_target_met_without"].is_number(), "{layer}");
    }
    assert!(frikort.get("uncertainty").is_none());
    assert_eq!(v["base"]["uncertainty"]["decomposed"], true);
    for a in v["alternatives"].as_array().unwrap() {
        let p = a["p_target_met"].as_f64().unwrap();
        let ci = &a["p_target_met_ci95"];
        assert!(ci[0].as_f64().unwrap() <= p && p <= ci[1].as_f64().unwrap());
    }
}

#[test]
fn the_table_ranks_and_explains_in_danish_and_english() {
    let run = |lang: &str| {
        let mut cmd = fokus();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "compare",
            "scenarios/copenhagen-2025.json",
            "scenarios/frikort-method.json",
            "-n",
            "3",
            "--lang",
            lang,
        ]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let da = run("da");
    assert!(da.contains("samme forløb, anden opgørelsesmetode"), "{da}");
    assert!(da.contains("sandsynligheden for at nå målet"), "{da}");
    let en = run("en");
    assert!(
        en.contains("the same histories, another calculation method"),
        "{en}"
    );
}

#[test]
fn a_comparison_across_years_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    std::fs::write(
        &other,
        format!(r#"{{"version": 1, "extends": "{}", "observed": {{"share": "active", "months": {{"2025-01": {{"total": 50}}}}}}}}"#, base.display()),
    )
    .unwrap();
    fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json"])
        .arg(&other)
        .args(["-n", "1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("observed"));
}

#[test]
fn only_a_method_that_differs_from_stars_by_value_is_marked_not_stars() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let write = |file: &str, rest: &str| {
        let path = dir.path().join(file);
        let text = format!(r#"{{"version": 1, "extends": "{}"{rest}}}"#, base.display());
        std::fs::write(&path, text).unwrap();
        path
    };
    let same = write("same.json", r#", "name": "kopi""#);
    let renamed = write(
        "renamed.json",
        r#", "name": "omdoebt", "method": {"name": "vores-star"}"#,
    );
    let run = |format: &str| {
        let mut cmd = fokus();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["compare", "scenarios/copenhagen-2025.json"])
            .arg(&same)
            .arg(&renamed)
            .args([
                "scenarios/frikort-method.json",
                "-n",
                "3",
                "--format",
                format,
            ]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let v: Value = serde_json::from_str(&run("json")).unwrap();
    for (file, only, stars) in [
        ("same.json", true, true),
        ("renamed.json", true, true),
        ("frikort-method.json", true, false),
    ] {
        let a = alternative(&v, file);
        assert_eq!(a["method_only"], only, "{file}");
        assert_eq!(a["stars_method"], stars, "{file}");
    }
    assert_eq!(alternative(&v, "renamed.json")["method"], "vores-star");
    let table = run("table");
    // The mark and its footnote go with frikort alone.
    assert_eq!(table.matches("(*)").count(), 2, "{table}");
    assert!(table.contains("frikort-metode (*)"), "{table}");
    assert!(
        !table.contains("kopi (*)") && !table.contains("omdoebt (*)"),
        "{table}"
    );
}

/// Targeted production steering: the same offers a month given by deadline (nearest
/// first) beat the same number given at random, paired on common random numbers — in
/// (almost) every replication — and both start the offers they are given.
#[test]
fn offers_by_deadline_beat_the_same_offers_at_random() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let write = |file: &str, name: &str, targeting: &str| {
        let path = dir.path().join(file);
        let text = format!(
            r#"{{"version": 1, "extends": "{}", "name": "{name}", "initiatives": [
            {{"kind": "production_steering", "start": "2025-05", "offers_per_month": 600,
              "targeting": "{targeting}"}}]}}"#,
            base.display()
        );
        std::fs::write(&path, text).unwrap();
        path
    };
    let random = write("random.json", "tilfældig", "random");
    let deadline = write("deadline.json", "frist", "deadline");
    let out = fokus()
        .arg("compare")
        .args([&random, &deadline])
        .args(["-n", "24", "--seed", "3", "--format", "json"])
        .args(["--curve-replications", "0"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let by_deadline = &v["alternatives"][0];
    let p_better = by_deadline["p_better"].as_f64().unwrap();
    let diff = by_deadline["diff_pp"]["mean"].as_f64().unwrap();
    assert!(p_better > 0.95, "P(better) {p_better}, {diff} pp");
    assert!(diff > 0.0);
    // Offers change nobody's exit, move or draw: both start the offers drawn plus the
    // 600 a month, only who gets them differs.
    let extra = by_deadline["extra_offers_per_month"]["mean"]
        .as_f64()
        .unwrap();
    assert!(extra.abs() < 1e-9, "{extra}");
}
