//! What `fokus calibrate` writes beside the fitted rates: the covariance of the fit and
//! the operations' shock, and history months that stay out of the run.

use super::fokus;
use super::simulate::calibration_scenario;
use serde_json::{Value, json};
use std::path::Path;

/// Calibrate `scenario` in `dir` with 4 replications into `out.json`: the table
/// (English) and the file as JSON.
fn calibrate(dir: &Path, scenario: &Value) -> (String, Value) {
    std::fs::write(dir.join("s.json"), scenario.to_string()).unwrap();
    let o = fokus()
        .current_dir(dir)
        .args([
            "calibrate",
            "s.json",
            "--out",
            "out.json",
            "-n",
            "4",
            "--seed",
            "11",
        ])
        .args(["--lang", "en"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = std::fs::read_to_string(dir.join("out.json")).unwrap();
    (
        String::from_utf8(o.stdout).unwrap(),
        serde_json::from_str(&file).unwrap(),
    )
}

#[test]
fn the_calibrated_file_carries_a_positive_semidefinite_covariance_per_group() {
    let dir = tempfile::tempdir().unwrap();
    let (table, v) = calibrate(dir.path(), &calibration_scenario(55.0, None));
    let u = &v["calibration_uncertainty"];
    assert_eq!(
        u["method"],
        "Laplace approximation from the Gauss–Newton Jacobian; measurement error: rounding to 0.1, binomial sampling, Monte Carlo"
    );
    let groups = u["groups"].as_object().unwrap();
    assert_eq!(
        groups.keys().collect::<Vec<_>>(),
        ["a_dagpenge", "kontanthjaelp"]
    );
    for (g, entry) in groups {
        let c: Vec<Vec<f64>> = serde_json::from_value(entry["covariance"].clone()).unwrap();
        assert_eq!((c.len(), c[0].len(), c[1].len()), (2, 2, 2), "{g}");
        let (a, b, d) = (c[0][0], c[0][1], c[1][1]);
        assert_eq!(b, c[1][0], "{g}: symmetric");
        // Two observed months identify rate and trend: both variances are positive,
        // and the determinant is not negative (rounded to four digits).
        assert!(a > 0.0 && d > 0.0, "{g}: {c:?}");
        assert!(a * d - b * b >= -1e-3 * a * d, "{g}: {c:?}");
    }
    // The table gives each fitted rate with its interval; the shock is not estimated
    // (no history), which the file's calibration block says too.
    assert!(
        table.contains("Fitted offer rate with an approximate 90% interval"),
        "{table}"
    );
    assert!(
        table.contains("not estimated: 0 consecutive history months"),
        "{table}"
    );
    assert!(
        v["calibration"]["offer_shock"]["not_estimated"]
            .as_str()
            .unwrap()
            .starts_with("not estimated: 0 consecutive history months before 2025-01")
    );
    assert!(v.get("offer_shock").is_none());
}

/// History months (before the judged year) validate and change nothing of a run: its
/// observed months, monthly figures and year mean are those without them.
#[test]
fn history_months_are_not_months_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let plain = calibration_scenario(55.0, None);
    let mut with_history = plain.clone();
    for m in 1..=12 {
        with_history["observed"]["months"][format!("2024-{m:02}")] =
            json!({"total": 58.0 + 0.1 * f64::from(m)});
    }
    let run = |name: &str, scenario: &Value| -> Value {
        std::fs::write(dir.path().join(name), scenario.to_string()).unwrap();
        let o = fokus()
            .current_dir(dir.path())
            .args(["run", name, "-n", "4", "--seed", "7", "--format", "json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (a, b) = (run("a.json", &plain), run("b.json", &with_history));
    assert_eq!(a["observed_months"], json!(["2025-01", "2025-02"]));
    for key in [
        "observed_months",
        "months",
        "year_mean_pct",
        "requirement_pct",
    ] {
        assert_eq!(a[key], b[key], "{key}");
    }
}

/// The README's 3,000-person register has groups of 20 to 700 persons. Its calibration
/// succeeds: the groups whose observed share has a sampling error above 2.5 points are
/// pooled (and listed, with why), the others fitted on their own, each within its
/// tolerance (the larger of 1 point and twice its sampling error).
#[test]
fn a_small_registers_calibration_pools_its_small_groups_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let synth = fokus()
        .current_dir(dir.path())
        .args([
            "synth",
            "--persons",
            "3000",
            "--from",
            "2023-01",
            "--to",
            "2025-03",
        ])
        .args(["--seed", "1", "--out", "register.csv"])
        .output()
        .unwrap();
    assert!(
        synth.status.success(),
        "{}",
        String::from_utf8_lossy(&synth.stderr)
    );
    let assumptions = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join("copenhagen-2025-assumptions.json");
    let o = fokus()
        .current_dir(dir.path())
        .arg("calibrate")
        .arg(&assumptions)
        .args(["--from-register", "register.csv", "--out", "out.json"])
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{table}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    let pooling = &file["calibration"]["pooling"];
    let errors = &file["calibration"]["error_pp"];
    let groups = pooling["groups"].as_object().unwrap();
    assert_eq!(groups.len(), 9);
    let mut pooled = Vec::new();
    for (g, e) in groups {
        let se = e["sampling_error_pp"].as_f64().unwrap();
        let tolerance = e["tolerance_pp"].as_f64().unwrap();
        assert!((tolerance - (2.0 * se).max(1.0)).abs() < 2e-3, "{g}: {e}");
        // The mean error against what the group was fitted to: its observed share, or
        // a pooled group's target.
        let months = ["2025-01", "2025-02", "2025-03"];
        let mean_error = months
            .iter()
            .map(|m| errors[m][g].as_f64().unwrap())
            .sum::<f64>()
            / 3.0;
        let observed = e["observed_pct"].as_f64().unwrap();
        let against = match e.get("pooled") {
            Some(p) => {
                pooled.push(g.as_str());
                assert!(se > 2.5, "{g}: {e}");
                let weight = p["weight"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&weight), "{g}: {e}");
                observed - p["target_pct"].as_f64().unwrap()
            }
            None => {
                assert!(se <= 2.5, "{g}: {e}");
                0.0
            }
        };
        assert!(
            (mean_error + against).abs() <= tolerance,
            "{g}: {mean_error} {against} {e}"
        );
    }
    // The large groups fit on their own; the smallest (19–57 persons) are pooled.
    for g in ["a_dagpenge", "kontanthjaelp", "uddannelseshjaelp"] {
        assert!(!pooled.contains(&g), "{pooled:?}");
    }
    for g in ["overgangsydelse", "revalidering", "ledighedsydelse"] {
        assert!(pooled.contains(&g), "{pooled:?}");
    }
    assert!(
        file["groups"]["revalidering"]["sources"]["offer_rate"]
            .as_str()
            .unwrap()
            .starts_with("pooled by `fokus calibrate`"),
        "{}",
        file["groups"]["revalidering"]
    );
    assert!(
        table.contains("Fit per group, mean over the target months"),
        "{table}"
    );
    assert!(table.contains("\nPooled Transition benefit, "), "{table}");
    assert!(table.contains("pooled (target "), "{table}");
}
