//! Every rule of the measure pinned on hand-made panels, with the expected CSV rows
//! (`month,group,population,fulfilled,share_pct`) written beside the input.

use super::{HEADER, HEADER_SENIORITY, file, fokus, quiet};

/// Evaluate `csv` with `args` (no suppression unless `args` says so) and return the CSV.
fn run(csv: &str, args: &[&str]) -> String {
    let (dir, path) = file("data.csv", csv);
    let mut cmd = fokus();
    cmd.current_dir(dir.path())
        .args(["evaluate", path.to_str().unwrap(), "--format", "csv"]);
    if !args.contains(&"--min-cell") {
        cmd.args(["--min-cell", "0"]);
    }
    let out = cmd.args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Every expected line is in the output.
#[track_caller]
fn check(csv: &str, args: &[&str], expected: &[&str]) {
    let out = run(csv, args);
    for e in expected {
        assert!(out.lines().any(|l| l == *e), "missing {e:?} in\n{out}");
    }
}

fn method_file(json: &str) -> (tempfile::TempDir, String) {
    let (dir, path) = file("method.json", json);
    (dir, path.to_str().unwrap().to_string())
}

#[test]
fn window_boundary_offer_11_months_back_counts_12_does_not() {
    let csv = format!(
        "{HEADER}{}p,2024-02,kontanthjaelp,1,0,0,0,0\n{}",
        quiet("p", "kontanthjaelp", "2024-01", "2024-01"),
        quiet("p", "kontanthjaelp", "2024-03", "2025-02"),
    );
    check(
        &csv,
        &[],
        &[
            "2024-11,total,0,0,",               // seniority 11: not yet in the population
            "2024-12,total,1,1,100.00",         // seniority 12
            "2025-01,kontanthjaelp,1,1,100.00", // the offer is 11 months back: counts
            "2025-02,kontanthjaelp,1,0,0.00",   // 12 months back: outside the window
        ],
    );
}

#[test]
fn spell_seniority_resets_after_a_gap_month() {
    // 2024-06 missing: the spell restarts at 1 in 2024-07 and reaches 12 in 2025-06.
    let csv = format!(
        "{HEADER}{}{}",
        quiet("p", "a_dagpenge", "2024-01", "2024-05"),
        quiet("p", "a_dagpenge", "2024-07", "2025-06"),
    );
    check(&csv, &[], &["2025-05,total,0,0,", "2025-06,total,1,0,0.00"]);
}

#[test]
fn spell_seniority_resets_on_a_group_change_but_not_across_benefits() {
    let csv = format!(
        "{HEADER}{}{}",
        quiet("p", "sygedagpenge", "2024-01", "2024-06"),
        quiet("p", "jobafklaring", "2024-07", "2025-06"),
    );
    check(
        &csv,
        &[],
        &[
            "2024-12,total,0,0,",
            "2025-05,total,0,0,",
            "2025-06,jobafklaring,1,0,0.00",
        ],
    );
    let (_d, across) = method_file(r#"{"name": "across", "seniority": "across_benefits"}"#);
    check(
        &csv,
        &["--method", &across],
        &["2024-11,total,0,0,", "2024-12,jobafklaring,1,0,0.00"],
    );
}

#[test]
fn overgangsydelse_to_kontanthjaelp_keeps_the_spell() {
    let csv = format!(
        "{HEADER}{}{}",
        quiet("p", "overgangsydelse", "2024-01", "2024-06"),
        quiet("p", "kontanthjaelp", "2024-07", "2024-12"),
    );
    check(
        &csv,
        &[],
        &["2024-11,total,0,0,", "2024-12,kontanthjaelp,1,0,0.00"],
    );
}

#[test]
fn seniority_months_column_is_used_as_given() {
    let csv = format!(
        "{HEADER_SENIORITY}a,2025-01,sygedagpenge,1,0,0,0,0,12\n\
         b,2025-01,sygedagpenge,1,0,0,0,0,11\n\
         c,2025-01,jobafklaring,0,0,0,0,0,40\n"
    );
    check(
        &csv,
        &[],
        &[
            "2025-01,sygedagpenge,1,1,100.00",
            "2025-01,jobafklaring,1,0,0.00",
            "2025-01,total,2,1,50.00",
        ],
    );
}

#[test]
fn absence_excludes_under_star_and_is_ignored_on_request() {
    let csv = format!(
        "{HEADER_SENIORITY}a,2025-01,kontanthjaelp,0,0,0,1,0,20\nb,2025-01,kontanthjaelp,1,0,0,0,0,20\n"
    );
    check(&csv, &[], &["2025-01,total,1,1,100.00"]);
    let (_d, ignore) = method_file(r#"{"name": "ignore", "absence": "ignore"}"#);
    check(&csv, &["--method", &ignore], &["2025-01,total,2,1,50.00"]);
}

#[test]
fn threshold_is_225_hours_through_feb_2023_and_100_from_march() {
    let csv = format!(
        "{HEADER_SENIORITY}a,2023-02,a_dagpenge,0,150,0,0,0,12\n\
         a,2023-03,a_dagpenge,0,0,0,0,0,13\n\
         b,2023-02,a_dagpenge,0,225,0,0,0,12\n\
         c,2023-02,a_dagpenge,0,224.99,0,0,0,12\n"
    );
    check(
        &csv,
        &[],
        &[
            "2023-02,total,3,1,33.33",  // only b's 225 hours reach 225
            "2023-03,total,1,1,100.00", // a's 150 hours now reach 100
        ],
    );
}

#[test]
fn hours_sum_exactly_to_the_threshold() {
    let csv = format!(
        "{HEADER_SENIORITY}exact,2025-01,kontanthjaelp,0,25.1,0,0,0,20\n\
         exact,2025-02,kontanthjaelp,0,24.9,0,0,0,21\n\
         exact,2025-03,kontanthjaelp,0,50,0,0,0,22\n\
         short,2025-01,ressourceforloeb,0,25.1,0,0,0,20\n\
         short,2025-02,ressourceforloeb,0,24.9,0,0,0,21\n\
         short,2025-03,ressourceforloeb,0,49.75,0,0,0,22\n"
    );
    check(
        &csv,
        &[],
        &[
            "2025-03,kontanthjaelp,1,1,100.00",
            "2025-03,ressourceforloeb,1,0,0.00",
        ],
    );
}

#[test]
fn frikort_hours_count_only_under_the_frikort_method() {
    let csv = format!("{HEADER_SENIORITY}a,2025-01,ressourceforloeb,0,60,40,0,0,30\n");
    check(&csv, &[], &["2025-01,total,1,0,0.00"]);
    check(
        &csv,
        &["--method", "frikort"],
        &["2025-01,total,1,1,100.00"],
    );
    check(
        &csv,
        &["--method", "star", "--method", "frikort"],
        &[
            "star,2025-01,total,1,0,0.00",
            "frikort,2025-01,total,1,1,100.00",
        ],
    );
}

#[test]
fn conversations_measure_needs_four_in_the_window() {
    let csv = format!(
        "{HEADER_SENIORITY}four,2025-01,a_dagpenge,1,0,0,0,2,20\n\
         four,2025-02,a_dagpenge,0,0,0,0,2,21\n\
         three,2025-01,a_dagpenge,1,0,0,0,3,20\n\
         three,2025-02,a_dagpenge,0,0,0,0,0,21\n"
    );
    check(
        &csv,
        &["--measure", "conversations"],
        &["2025-02,total,2,1,50.00"],
    );
    check(&csv, &[], &["2025-02,total,2,2,100.00"]);
}

#[test]
fn small_cells_are_suppressed_visibly_and_the_total_is_shown() {
    let mut csv = HEADER_SENIORITY.to_string();
    for (group, n) in [
        ("a_dagpenge", 10),
        ("kontanthjaelp", 3),
        ("sygedagpenge", 6),
    ] {
        for i in 0..n {
            csv.push_str(&format!(
                "{group}{i},2025-01,{group},{},0,0,0,0,20\n",
                i % 2
            ));
        }
    }
    let out = run(&csv, &["--min-cell", "5"]);
    assert_eq!(
        out,
        "month,group,population,fulfilled,share_pct,note\n\
         2025-01,a_dagpenge,10,5,50.00,\n\
         2025-01,kontanthjaelp,,,,suppressed\n\
         2025-01,sygedagpenge,,,,suppressed\n\
         2025-01,total,19,9,47.37,\n"
    );
    let (dir, path) = file("data.csv", &csv);
    let json = fokus()
        .current_dir(dir.path())
        .args(["evaluate", path.to_str().unwrap(), "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let groups = &v["methods"][0]["months"][0]["groups"];
    assert_eq!(groups[1]["group"], "kontanthjaelp");
    assert_eq!(groups[1]["suppressed"], true);
    assert!(groups[1]["population"].is_null());
    assert_eq!(v["audit"]["min_cell"], 5);
    assert_eq!(v["audit"]["input"], "data.csv");
    assert_eq!(v["audit"]["input_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["audit"]["methods"][0]["name"], "star");
}

#[test]
fn output_never_contains_person_ids() {
    let csv = format!(
        "{HEADER}{}",
        quiet("PERSON-ID-4711", "kontanthjaelp", "2024-01", "2025-01")
    );
    for format in ["csv", "json", "table"] {
        let (dir, path) = file("data.csv", &csv);
        let out = fokus()
            .current_dir(dir.path())
            .args(["evaluate", path.to_str().unwrap(), "--format", format])
            .assert()
            .success();
        assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains("4711"));
    }
}

#[test]
fn semicolons_and_a_bom_are_read() {
    let csv = "\u{feff}person_id;month;group;offer;ordinary_hours;frikort_hours;absence;conversations;seniority_months\n\
               a;2025-01;kontanthjaelp;0;99,5;0;0;0;12\na;2025-02;kontanthjaelp;0;0,5;0;0;0;13\n";
    check(
        csv,
        &[],
        &["2025-01,total,1,0,0.00", "2025-02,total,1,1,100.00"],
    );
}

#[test]
fn out_writes_the_file_and_the_table_is_stable() {
    let (dir, path) = file(
        "data.csv",
        include_str!("../../examples/register-synthetic.csv"),
    );
    let out = dir.path().join("result.json");
    fokus()
        .args([
            "evaluate",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["audit"]["fokus_version"], fokus::VERSION);
    let table = fokus()
        .args([
            "evaluate",
            "examples/register-synthetic.csv",
            "--format",
            "table",
            "--method",
            "star",
            "--method",
            "frikort",
        ])
        .assert()
        .success();
    insta::assert_snapshot!(String::from_utf8(table.get_output().stdout.clone()).unwrap());
}

#[test]
fn differences_that_do_not_match_the_shares_shown_say_why() {
    // One of three fulfilled under STAR's method (33,3 %), two under frikort (66,7 %):
    // the difference 33,33 prints as +33,3 beside shares 33,4 apart.
    let three = format!(
        "{HEADER_SENIORITY}a,2025-01,kontanthjaelp,1,0,0,0,0,20\n\
         b,2025-01,kontanthjaelp,0,0,100,0,0,20\n\
         c,2025-01,kontanthjaelp,0,0,0,0,0,20\n"
    );
    // One of two and two of two: 50,0 and 100,0, 50,0 apart, as printed.
    let two = format!(
        "{HEADER_SENIORITY}a,2025-01,kontanthjaelp,1,0,0,0,0,20\n\
         b,2025-01,kontanthjaelp,0,0,100,0,0,20\n"
    );
    let table = |csv: &str, lang: &str| {
        let (_d, path) = file("data.csv", csv);
        let out = fokus()
            .arg("evaluate")
            .arg(&path)
            .args(["--method", "star", "--method", "frikort", "--min-cell", "0"])
            .args(["--format", "table", "--lang", lang])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let da = table(&three, "da");
    assert!(
        da.contains("33,3 %") && da.contains("66,7 %") && da.contains("+33,3 pct.-point"),
        "{da}"
    );
    assert!(
        da.contains("Forskellene er regnet på de uafrundede andele"),
        "{da}"
    );
    let en = table(&three, "en");
    assert!(en.contains("computed from the unrounded shares"), "{en}");
    let exact = table(&two, "da");
    assert!(exact.contains("+50,0 pct.-point"), "{exact}");
    assert!(!exact.contains("uafrundede"), "{exact}");
}
