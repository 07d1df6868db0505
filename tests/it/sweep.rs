//! `fokus sensitivity` and `fokus solve`.

use crate::fokus;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn the_tornado_is_ranked_and_production_steering_dominates() {
    let v = json(&[
        "sensitivity",
        "scenarios/recovery-plan.json",
        "-n",
        "4",
        "--format",
        "json",
    ]);
    let swings = v["swings"].as_array().unwrap();
    assert_eq!(swings.len(), 5);
    let width = |s: &Value| {
        (s["year_mean_pct"][1].as_f64().unwrap() - s["year_mean_pct"][0].as_f64().unwrap()).abs()
    };
    for pair in swings.windows(2) {
        assert!(width(&pair[0]) >= width(&pair[1]));
    }
    assert_eq!(swings[0]["parameter"], "initiatives[0].offers_per_month");
    // More production steering raises the year mean.
    assert!(
        swings[0]["year_mean_pct"][1].as_f64().unwrap()
            > swings[0]["year_mean_pct"][0].as_f64().unwrap()
    );
}

#[test]
fn solve_finds_the_smallest_lever_or_says_it_cannot() {
    let args = |lever: &str, from: &str, to: &str| {
        json(&[
            "solve",
            "scenarios/recovery-plan.json",
            "--lever",
            lever,
            "--from",
            from,
            "--to",
            to,
            "-n",
            "4",
            "--format",
            "json",
            "--level",
            "0.75",
        ])
    };
    let s = args("initiatives[0].offers_per_month", "0", "900");
    let value = s["value"].as_f64().unwrap();
    assert!(value > 0.0 && value < 900.0, "{value}");
    assert!(s["p_target_met"].as_f64().unwrap() >= 0.75);
    // Monotone on common random numbers: every evaluated value below the answer misses.
    for e in s["evaluations"].as_array().unwrap() {
        let (v, p) = (e[0].as_f64().unwrap(), e[1].as_f64().unwrap());
        assert_eq!(p >= 0.75, v >= value, "{v} → {p}");
    }
    let none = args("initiatives[0].offers_per_month", "0", "100");
    assert!(none["value"].is_null());
}

#[test]
fn a_lever_that_is_not_a_number_is_a_clear_error() {
    fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "solve",
            "scenarios/recovery-plan.json",
            "--lever",
            "initiatives[0].kind",
            "--from",
            "0",
            "--to",
            "1",
            "-n",
            "1",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "initiatives[0].kind er ikke et tal i scenariet",
        ));
}

#[test]
fn solve_offers_no_report_folder_in_its_help() {
    let out = fokus().args(["solve", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--lever"), "{help}");
    // solve prints its answer only: no --out copied from sensitivity (tornado.svg …).
    assert!(
        !help.contains("--out") && !help.contains("tornado"),
        "{help}"
    );
    assert!(!help.contains("--png"), "{help}");
}
