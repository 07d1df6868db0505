//! Scenario files: `fokus validate` accepts the shipped ones and rejects broken ones with
//! exit code 2 and the file and JSON path of the bad field; `fokus run` usage errors.

use super::fokus;
use serde_json::{Value, json};
use std::path::Path;

/// A small valid scenario: one group, nothing happening but 10 ordinary hours a month.
pub fn small() -> Value {
    json!({
        "version": 1,
        "name": "small",
        "year": 2025,
        "burn_in_months": 12,
        "horizon_end": "2025-03",
        "heterogeneity_shape": 1000,
        "groups": {
            "kontanthjaelp": {
                "persons": 300,
                "inflow_per_month": 0,
                "exit_hazard": [{"from_months": 0, "rate": 0}],
                "offer_rate": 0,
                "hours_rate": 1,
                "hours_median": 10,
                "hours_sigma": 0,
                "absence_rate": 0,
                "registration_rate": 0,
                "conversation_rate": 0
            }
        },
        "initiatives": []
    })
}

/// `small()` with `patch` applied, as pretty JSON (one field a line, so lines are exact).
fn small_with(patch: impl FnOnce(&mut Value)) -> String {
    let mut v = small();
    patch(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

/// `validate FILE` fails with `expected` in its message (in English, as written).
#[track_caller]
fn validate_fails(dir: &Path, file: &str, expected: &str) {
    let assert = fokus()
        .current_dir(dir)
        .args(["validate", file])
        .env("FOKUS_LANG", "en")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with(&format!("error: {file}: ")),
        "the file is not named first: {stderr}"
    );
    assert!(
        stderr.contains(expected),
        "{file}: {stderr}\nexpected: {expected}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn shipped_scenarios_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let assert = fokus().arg("validate").args(&files).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert_eq!(stdout.matches(": ok (").count(), files.len(), "{stdout}");
}

#[test]
fn the_small_scenario_validates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.json"), small_with(|_| {})).unwrap();
    fokus()
        .current_dir(dir.path())
        .args(["validate", "s.json"])
        .assert()
        .success();
}

#[test]
fn validate_reports_every_bad_file_not_just_the_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), small_with(|_| {})).unwrap();
    std::fs::write(dir.path().join("bad1.json"), "{").unwrap();
    std::fs::write(
        dir.path().join("bad2.json"),
        small_with(|v| {
            v["name"] = serde_json::Value::from(7);
        }),
    )
    .unwrap();
    let out = fokus()
        .current_dir(dir.path())
        .args(["validate", "bad1.json", "good.json", "bad2.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.starts_with("good.json: ok ("), "{stdout}");
    assert_eq!(stderr.matches("fejl: ").count(), 2, "{stderr}");
    assert!(
        stderr.contains("fejl: bad1.json") && stderr.contains("fejl: bad2.json"),
        "{stderr}"
    );
}

/// One broken file per kind of mistake, and the path and message expected for it.
#[test]
fn broken_files_name_the_file_and_path() {
    let k = "kontanthjaelp";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unknown field",
            small_with(|v| {
                let g = v["groups"][k].as_object_mut().unwrap();
                let rate = g.remove("offer_rate").unwrap();
                g.insert("offer_rat".into(), rate);
            })
            .into_bytes(),
            "groups.kontanthjaelp.offer_rat (line 17): unknown field `offer_rat`, expected one of",
        ),
        (
            "probability above 1",
            small_with(|v| v["groups"][k]["offer_rate"] = json!(1.3)).into_bytes(),
            "groups.kontanthjaelp.offer_rate (line 17): 1.3 is not a probability (expected 0 to 1)",
        ),
        (
            "negative rate",
            small_with(|v| v["groups"][k]["inflow_per_month"] = json!(-2.5)).into_bytes(),
            "groups.kontanthjaelp.inflow_per_month (line 16): -2.5 is out of range",
        ),
        (
            "negative exit rate",
            small_with(|v| v["groups"][k]["exit_hazard"][0]["rate"] = json!(-0.1)).into_bytes(),
            "groups.kontanthjaelp.exit_hazard[0].rate (line 10): -0.1 is not a probability",
        ),
        (
            "a string for a number",
            small_with(|v| v["groups"][k]["hours_median"] = json!("10")).into_bytes(),
            "groups.kontanthjaelp.hours_median (line 13): invalid type: string \"10\", expected a number",
        ),
        (
            "bad month in an initiative",
            small_with(|v| {
                v["initiatives"] = json!([{
                    "kind": "absence_followup", "start": "2025-13", "registration_rate": 1
                }])
            })
            .into_bytes(),
            "initiatives[0].start (line 29): \"2025-13\" is not a valid month",
        ),
        (
            "initiative without a required field",
            small_with(|v| {
                v["initiatives"] = json!([{"kind": "production_steering", "start": "2025-01",
                    "months_without_offer": 6}])
            })
            .into_bytes(),
            "initiatives[0] (line 30): missing field `extra_offer_rate` or `offers_per_month` (kind production_steering needs one of them)",
        ),
        (
            "unknown group",
            small_with(|v| {
                let g = v["groups"].as_object_mut().unwrap();
                let params = g.remove(k).unwrap();
                g.insert("kontant".into(), params);
            })
            .into_bytes(),
            "groups.kontant (line 4): unknown group \"kontant\"",
        ),
        (
            "missing required field",
            small_with(|v| {
                v["groups"][k]
                    .as_object_mut()
                    .unwrap()
                    .remove("absence_rate");
            })
            .into_bytes(),
            "groups.kontanthjaelp.absence_rate: is missing",
        ),
        (
            "horizon before the observed months",
            small_with(|v| {
                v["horizon_end"] = json!("2025-01");
                v["observed"] = json!({"share": "active", "months": {"2025-02": {"total": 50}}});
            })
            .into_bytes(),
            "observed.months.2025-02 (line 28): 2025-02 is after horizon_end 2025-01",
        ),
        (
            "empty file",
            Vec::new(),
            "is empty (expected a JSON object)",
        ),
        ("only white space", b"  \n".to_vec(), "is empty"),
        (
            "not JSON",
            b"{\"version\": 1,".to_vec(),
            "case12.json: line 1: EOF while parsing a value (the file ends too early",
        ),
        (
            "not UTF-8",
            b"{\"version\": 1,\n\"name\": \"k\xe6\"}".to_vec(),
            "line 2: is not UTF-8 text",
        ),
        (
            "missing parent",
            br#"{"version": 1, "extends": "nowhere.json"}"#.to_vec(),
            "extends: \"nowhere.json\" does not exist",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (what, text, expected)) in cases.iter().enumerate() {
        let name = format!("case{i}.json");
        std::fs::write(dir.path().join(&name), text).unwrap();
        eprintln!("case {i}: {what}");
        validate_fails(dir.path(), &name, expected);
    }
}

#[test]
fn an_extends_cycle_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"version": 1, "extends": "b.json"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        r#"{"version": 1, "extends": "a.json"}"#,
    )
    .unwrap();
    validate_fails(dir.path(), "a.json", "extends: forms a cycle: ");
    validate_fails(dir.path(), "a.json", "a.json → ");
}

#[test]
fn a_child_overrides_its_parent_and_errors_name_the_child() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.json"), small_with(|_| {})).unwrap();
    std::fs::write(
        dir.path().join("child.json"),
        r#"{"version": 1, "extends": "base.json", "groups": {"kontanthjaelp": {"offer_rate": 0.5}}}"#,
    )
    .unwrap();
    fokus()
        .current_dir(dir.path())
        .args(["validate", "child.json"])
        .assert()
        .success();
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"version\": 1, \"extends\": \"base.json\",\n \"groups\": {\"kontanthjaelp\": {\"offer_rate\": \"x\"}}}",
    )
    .unwrap();
    validate_fails(
        dir.path(),
        "bad.json",
        "groups.kontanthjaelp.offer_rate (line 2): invalid type: string \"x\"",
    );
}

#[test]
fn run_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.json"), small_with(|_| {})).unwrap();
    fokus()
        .current_dir(dir.path())
        .args(["run", "s.json", "-n", "0", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--replications: 0 replications give no result",
        ));
    fokus()
        .current_dir(dir.path())
        .args(["run", "missing.json"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("missing.json"));
    fokus()
        .current_dir(dir.path())
        .args(["calibrate", "s.json", "-n", "0"])
        .assert()
        .code(2);
}
