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
    assert!(diff("recovery-plan.json") > diff("production-steering.json"));
    assert!(diff("recovery-plan.json") > diff("absence-followup.json"));

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
