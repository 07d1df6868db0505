//! Issue 7: starting from a register's caseload. A synthetic register is built from a
//! known simulation (`fokus synth`), a projection starts from it, and a backtest scores
//! the projection against the register's later months.

use super::{HEADER, file, fokus};
use fokus::analyses::register_start::start_at;
use fokus::io::register::read_register;
use fokus::measure::Measure;
use fokus::measure::evaluate::tally;
use fokus::{Group, Method, Month};
use std::path::{Path, PathBuf};

/// The shipped Copenhagen scenario.
fn copenhagen() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json")
}

/// Write a synthetic register into `dir` and return its path.
fn synth(dir: &Path, persons: u32, from: &str, to: &str, seed: u64, scenario: &Path) -> PathBuf {
    let out = dir.join(format!("synth-{seed}.csv"));
    fokus()
        .args([
            "synth",
            "--persons",
            &persons.to_string(),
            "--from",
            from,
            "--to",
            to,
        ])
        .args(["--seed", &seed.to_string(), "--out", out.to_str().unwrap()])
        .args(["--scenario", scenario.to_str().unwrap()])
        .assert()
        .success();
    out
}

/// The loaded start, scored at the as-of month by the simulator's packed state and the
/// shared measure, equals the register evaluation of that month cell by cell.
#[test]
fn loaded_state_reproduces_the_as_of_month_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let data = synth(dir.path(), 3_000, "2023-01", "2025-03", 7, &copenhagen());
    let panel = read_register(&data).unwrap().panel;
    let (first, _) = panel.month_range().unwrap();
    for as_of in ["2024-06", "2025-03"] {
        let as_of: Month = as_of.parse().unwrap();
        let start = start_at(&panel, as_of);
        for method in [Method::star(), Method::preset("frikort").unwrap()] {
            let register = tally(&panel, &method, Measure::Active)[as_of.since(first) as usize];
            let loaded = start.score_as_of(&method);
            assert_eq!(loaded, register, "{as_of} under {}", method.name());
            assert!(register.total().population > 1_000);
        }
        let by_group = start.persons_by_group();
        assert_eq!(by_group.iter().sum::<u64>(), start.len() as u64);
        assert!(by_group[Group::ADagpenge.index()] > 0);
    }
}

/// `fokus run --from-register`: the observed months are the register's, the start is
/// reported, and the ordinary output has no `start` field.
#[test]
fn run_from_register_reports_the_start_and_observed_months() {
    let dir = tempfile::tempdir().unwrap();
    let data = synth(dir.path(), 3_000, "2023-01", "2025-03", 3, &copenhagen());
    let out = fokus()
        .args([
            "run",
            copenhagen().to_str().unwrap(),
            "-n",
            "20",
            "--format",
            "json",
        ])
        .args(["--from-register", data.to_str().unwrap()])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let start = &json["start"];
    assert_eq!(start["as_of"], "2025-03");
    assert_eq!(start["observed_from_register"], true);
    assert_eq!(
        start["observed_months"],
        serde_json::json!(["2025-01", "2025-02", "2025-03"])
    );
    let panel = read_register(&data).unwrap().panel;
    let (first, _) = panel.month_range().unwrap();
    let cells = tally(&panel, &Method::star(), Measure::Active);
    for (i, m) in ["2025-01", "2025-02", "2025-03"].iter().enumerate() {
        let month: Month = m.parse().unwrap();
        let expected = cells[month.since(first) as usize]
            .total()
            .share_pct()
            .unwrap();
        let got = json["months"][i]["total"]["mean"].as_f64().unwrap();
        assert!((got - expected).abs() < 1e-9, "{m}: {got} vs {expected}");
        assert_eq!(json["months"][i]["observed"], true);
    }
    assert_eq!(json["months"][3]["observed"], false);
    let persons: u64 = start["persons_by_group"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(start["persons"].as_u64().unwrap(), persons);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!text.contains("S00"), "a person id leaked");

    let plain = fokus()
        .args([
            "run",
            copenhagen().to_str().unwrap(),
            "-n",
            "2",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let plain: serde_json::Value = serde_json::from_slice(&plain.get_output().stdout).unwrap();
    assert!(plain.get("start").is_none());
}

/// The backtest of Copenhagen's scenario on synthetic registers of `persons` made from
/// it (seeds `seeds`, 2022-01 to 2025-12, as of 2024-06: 18 months scored each, taking
/// the newcomers after the as-of month past 12 months' seniority, into the
/// population): (months scored, coverage of the 90 % band, mean error in points, mean
/// error of the months from 2025-06, when those newcomers count). The
/// synthetic world holds the scenario's fitted rates without an operations' shock, so
/// the projection draws neither (`--without calibration,volatility`): it describes the
/// same process. Also checks each backtest's own scores and that the inflow is the
/// register's (about the scenario's scaled to the register), not the scenario's.
fn backtest_coverage(persons: u32, seeds: std::ops::RangeInclusive<u64>) -> (usize, f64, f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let (mut covered, mut months, mut errors, mut late) = (0, 0, Vec::new(), Vec::new());
    for seed in seeds {
        let data = synth(
            dir.path(),
            persons,
            "2022-01",
            "2025-12",
            seed,
            &copenhagen(),
        );
        let out = fokus()
            .args(["backtest", copenhagen().to_str().unwrap(), "-n", "100"])
            .args(["--without", "calibration,volatility", "--format", "json"])
            .args([
                "--from-register",
                data.to_str().unwrap(),
                "--as-of",
                "2024-06",
            ])
            .assert()
            .success();
        let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        for m in json["months"].as_array().unwrap() {
            months += 1;
            covered += usize::from(m["covered"].as_bool().unwrap());
            errors.push(m["error_pp"].as_f64().unwrap());
            if m["month"].as_str().unwrap() >= "2025-06" {
                late.push(m["error_pp"].as_f64().unwrap());
            }
        }
        let years = json["years"].as_array().unwrap();
        assert_eq!(years.len(), 2, "2024 and 2025 are complete in the register");
        assert!(years.iter().all(|y| y["brier"].as_f64().unwrap() <= 1.0));
        // The synthetic world is the scenario scaled from its 31,500 persons.
        let inflow: f64 = json["flows"]["estimated"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| {
                e["parameter"]
                    .as_str()
                    .unwrap()
                    .ends_with("inflow_per_month")
            })
            .map(|e| e["value"].as_f64().unwrap())
            .sum();
        let expected = 1549.1 * f64::from(persons) / 31_500.0;
        assert!(
            (inflow / expected - 1.0).abs() < 0.15,
            "inflow {inflow} a month, expected about {expected}"
        );
    }
    let coverage = covered as f64 / months as f64;
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mean_error, late_error) = (mean(&errors), mean(&late));
    eprintln!(
        "backtest, {persons} persons: coverage {coverage:.2} over {months} months, mean error {mean_error:+.2} points, from 2025-06 {late_error:+.2}"
    );
    (months, coverage, mean_error, late_error)
}

/// Issue 23: a backtest on a 3,000-person register (a small municipality) starts from
/// the register's flows, so the newcomers after the as-of month come in the register's
/// numbers, and the 90 % band covers the realised months at close to its nominal rate.
/// With Copenhagen's inflow (31,500 persons) it ran high from the month the newcomers
/// reached 12 months' seniority (on these registers +2.6 points from 2025-06; coverage
/// 0.79). Eight registers × 18 months; months of one register are correlated, so
/// coverage 0.80–0.98 and the mean error within ±1 point, from 2025-06 too.
#[test]
fn backtest_on_a_small_register_covers_at_close_to_nominal_rate() {
    let (months, coverage, mean_error, late_error) = backtest_coverage(3_000, 1..=8);
    assert_eq!(months, 8 * 18);
    assert!((0.80..=0.98).contains(&coverage), "coverage {coverage}");
    assert!(mean_error.abs() < 1.0, "mean error {mean_error}");
    assert!(
        late_error.abs() < 1.0,
        "mean error from 2025-06 {late_error}"
    );
}

/// The table in docs/register-start.md: every register size. Slow (the 30,000-person
/// registers): `cargo test --release --test it backtest_coverage_by_register_size --
/// --ignored --nocapture`.
#[test]
#[ignore]
fn backtest_coverage_by_register_size() {
    for persons in [1_000, 3_000, 10_000, 30_000] {
        let (months, coverage, mean_error, _) = backtest_coverage(persons, 1..=8);
        assert_eq!(months, 8 * 18);
        assert!(
            (0.80..=0.98).contains(&coverage),
            "{persons}: coverage {coverage}"
        );
        assert!(mean_error.abs() < 1.0, "{persons}: mean error {mean_error}");
    }
}

/// A register with a bad row is rejected before anything runs: exit 2, file and line.
#[test]
fn a_bad_register_is_rejected_with_file_and_line() {
    let csv = format!(
        "{HEADER}SECRET,2025-01,kontanthjaelp,0,0,0,0,0\nSECRET,2025-02,kontanthjaelp,0,1.234,0,0,0\n"
    );
    let (dir, _) = file("bad.csv", &csv);
    for command in ["run", "backtest"] {
        let assert = fokus()
            .current_dir(dir.path())
            .args([
                command,
                copenhagen().to_str().unwrap(),
                "--from-register",
                "bad.csv",
            ])
            .assert()
            .code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(
            stderr.contains("bad.csv: linje 3, kolonne ordinary_hours"),
            "{stderr}"
        );
        assert!(!stderr.contains("SECRET"), "{stderr}");
    }
}
