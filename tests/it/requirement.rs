//! `fokus requirement --observed FILE`.

use super::{HEADER_SENIORITY, file, fokus};

#[test]
fn observed_from_a_month_share_csv() {
    let (_d, path) = file(
        "obs.csv",
        "month,share_pct\n2025-01,66.2\n2025-02,66.2\n2025-03,66.5\n",
    );
    fokus()
        .args(["requirement", "--observed", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "De resterende 9 måneder skal i gennemsnit nå 71,2 %",
        ));
}

#[test]
fn observed_from_an_evaluate_csv() {
    let mut csv = HEADER_SENIORITY.to_string();
    for i in 0..10 {
        csv.push_str(&format!(
            "p{i},2025-01,kontanthjaelp,{},0,0,0,0,20\n",
            u8::from(i < 7)
        ));
        csv.push_str(&format!("p{i},2025-02,kontanthjaelp,0,0,0,0,0,21\n"));
    }
    let (dir, data) = file("data.csv", &csv);
    let evaluated = dir.path().join("eval.csv");
    fokus()
        .args([
            "evaluate",
            data.to_str().unwrap(),
            "--out",
            evaluated.to_str().unwrap(),
        ])
        .assert()
        .success();
    // Jan and Feb both 70 %: (12·70 − 140) / 10 = 70.
    fokus()
        .args([
            "requirement",
            "--observed",
            evaluated.to_str().unwrap(),
            "--json",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "\"observed\": [\n    70.0,\n    70.0\n  ]",
        ));
}

#[test]
fn a_bad_observed_file_names_the_line() {
    let (_d, path) = file("obs.csv", "month,share_pct\n2025-01,66.2\n2025-02,abc\n");
    fokus()
        .args(["requirement", "--observed", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "obs.csv: line 3, column share_pct",
        ));
}

#[test]
fn observed_from_the_synthetic_evaluation_uses_its_latest_year() {
    let dir = tempfile::tempdir().unwrap();
    let evaluated = dir.path().join("eval.csv");
    fokus()
        .args([
            "evaluate",
            "examples/register-synthetic.csv",
            "--out",
            evaluated.to_str().unwrap(),
        ])
        .assert()
        .success();
    // 2023 has empty months; 2025 runs January to June.
    fokus()
        .args(["requirement", "--observed", evaluated.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicates::str::contains("De resterende 6 måneder"));
}
