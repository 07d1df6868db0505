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
            "Med jan–mar 2025 observeret: de resterende 9 måneder (apr–dec) skal i gennemsnit nå 71,2 % for at årsgennemsnittet for 2025 kommer over 70,0 %.",
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
            "--format",
            "json",
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
            "obs.csv: linje 3, kolonne share_pct",
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
        .stdout(predicates::str::contains(
            "Med jan–jun 2025 observeret: de resterende 6 måneder (jul–dec)",
        ));
}

#[test]
fn requirement_takes_format_and_lang_like_every_command() {
    let run = |args: &[&str]| {
        let out = fokus()
            .args([
                "requirement",
                "--observed",
                "66,2;66,2;66,5",
                "--year",
                "2025",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (en, _) = run(&["--lang", "en"]);
    assert_eq!(
        en,
        "With Jan–Mar 2025 observed: the remaining 9 months (Apr–Dec) must average 71.2% for the 2025 year mean to come above 70.0%.\n"
    );
    let (json, quiet) = run(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["year"], 2025);
    assert_eq!(v["remaining_months"], 9);
    assert!(quiet.is_empty(), "{quiet}");
    // --json is kept for old scripts, with a note that it is going away.
    let (old, note) = run(&["--json"]);
    assert_eq!(old, json);
    assert!(note.contains("--format json"), "{note}");
    // One observed month is named alone.
    let out = fokus()
        .args(["requirement", "--observed", "66.2", "--year", "2025"])
        .output()
        .unwrap();
    let one = String::from_utf8(out.stdout).unwrap();
    assert!(
        one.starts_with("Med jan 2025 observeret: de resterende 11 måneder (feb–dec)"),
        "{one}"
    );
}

#[test]
fn a_year_other_than_the_files_is_refused() {
    let (_d, path) = file(
        "obs.csv",
        "month,share_pct\n2025-01,66.2\n2025-02,66.2\n2025-03,66.5\n",
    );
    fokus()
        .args(["requirement", "--observed", path.to_str().unwrap()])
        .args(["--year", "2024"])
        .env("FOKUS_LANG", "en")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--year: 2024 is not the year of"));
    fokus()
        .args(["requirement", "--observed", path.to_str().unwrap()])
        .args(["--year", "2024"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--year: 2024 er ikke året for"));
}
