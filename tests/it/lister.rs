//! `fokus lister`: the production-steering list from a register — its counts agree with
//! the evaluation, its default output names nobody, and the caseworker list is written
//! only on request, privately, never over an existing file.

use super::fokus;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/register-synthetic.csv")
}

fn json(args: &[&str]) -> Value {
    let out = fokus().args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// A synthetic register of about 3,000 persons from the shipped scenario.
fn synthesised(dir: &Path) -> PathBuf {
    let path = dir.join("register.csv");
    fokus()
        .args([
            "synth",
            "--persons",
            "3000",
            "--from",
            "2023-06",
            "--to",
            "2025-06",
        ])
        .args(["--seed", "7", "--out"])
        .arg(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success();
    path
}

/// Per group, the persons whose deadline is the as-of month equal the evaluation's
/// population minus fulfilled in that month, under either method.
#[test]
fn passive_now_is_the_evaluations_population_minus_fulfilled() {
    let dir = tempfile::tempdir().unwrap();
    let registers = [example(), synthesised(dir.path())];
    for register in &registers {
        let register = register.to_str().unwrap();
        for method in ["star", "frikort"] {
            let evaluation = json(&[
                "evaluate",
                register,
                "--method",
                method,
                "--format",
                "json",
                "--min-cell",
                "0",
            ]);
            let months = evaluation["methods"][0]["months"].as_array().unwrap();
            for as_of in ["2024-12", "2025-03", "2025-06"] {
                let list = json(&[
                    "lister",
                    register,
                    "--as-of",
                    as_of,
                    "--method",
                    method,
                    "--format",
                    "json",
                    "--min-cell",
                    "0",
                ]);
                let month = months.iter().find(|m| m["month"] == as_of).unwrap();
                let mut passive_total = 0;
                for g in month["groups"].as_array().unwrap() {
                    let expected =
                        g["population"].as_u64().unwrap() - g["fulfilled"].as_u64().unwrap();
                    let listed: u64 = list["by_deadline"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|c| c["month"] == as_of && c["group"] == g["group"])
                        .map(|c| c["persons"].as_u64().unwrap())
                        .sum();
                    assert_eq!(
                        listed, expected,
                        "{register} {method} {as_of} {}",
                        g["group"]
                    );
                    passive_total += expected;
                }
                assert_eq!(list["passive_now"].as_u64().unwrap(), passive_total);
                // The observed months of the year are the evaluation's.
                let observed =
                    &list["months"].as_array().unwrap()[as_of[5..].parse::<usize>().unwrap() - 1];
                assert_eq!(observed["share_pct"], month["total"]["share_pct"]);
            }
        }
    }
}

#[test]
fn the_json_has_counts_gains_and_the_offers_needed_and_no_id() {
    let register = example();
    let out = fokus()
        .args(["lister"])
        .arg(&register)
        .args(["--as-of", "2025-03", "--format", "json"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let list: Value = serde_json::from_str(&text).unwrap();
    assert!(!list["by_deadline"].as_array().unwrap().is_empty());
    let gains = list["gain"].as_array().unwrap();
    assert!(!gains.is_empty());
    let pp: Vec<f64> = gains
        .iter()
        .map(|g| g["year_mean_gain_pp"].as_f64().unwrap())
        .collect();
    assert!(
        pp.windows(2).all(|w| w[0] <= w[1]),
        "more offers buy more: {pp:?}"
    );
    let needed = list["offers_needed_per_month"]["offers_per_month"]
        .as_u64()
        .unwrap();
    // The gain of the offers needed reaches the target; one fewer does not.
    let at = |k: u64| {
        json(&[
            "lister",
            register.to_str().unwrap(),
            "--as-of",
            "2025-03",
            "--format",
            "json",
            "--offers",
            &k.to_string(),
        ])["gain"][0]["year_mean_pct"]
            .as_f64()
            .unwrap()
    };
    assert!(at(needed) > 70.0 && at(needed - 1) <= 70.0);
    assert_eq!(list["audit"]["input"], "register-synthetic.csv");
    // Disclosure control by default: no shown cell below 5 persons.
    for c in list["by_deadline"].as_array().unwrap() {
        assert!(
            c["suppressed"] == true || c["persons"].as_u64().unwrap() >= 5,
            "{c}"
        );
    }
    let ids = std::fs::read_to_string(&register).unwrap();
    for id in ids.lines().skip(1).map(|l| l.split(',').next().unwrap()) {
        assert!(!text.contains(id), "{id} in the JSON");
    }
    let table = fokus().arg("lister").arg(&register).assert().success();
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(table.contains("Heraf passive nu"), "{table}");
    assert!(!table.contains("S000"), "{table}");
}

#[test]
fn the_caseworker_list_is_written_on_request_privately_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("liste.csv");
    let register = example();
    // --with-ids needs --out: the ids never go to standard output.
    fokus()
        .arg("lister")
        .arg(&register)
        .arg("--with-ids")
        .assert()
        .code(2)
        .stdout("");
    fokus()
        .arg("lister")
        .arg(&register)
        .args(["--as-of", "2025-03", "--with-ids", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let list = std::fs::read_to_string(&out).unwrap();
    let mut lines = list.lines();
    assert_eq!(
        lines.next(),
        Some("rank,person_id,group,seniority_months,deadline,person_months")
    );
    // Every person on benefit in March 2025 once, by the id the register gives them.
    let register_text = std::fs::read_to_string(&register).unwrap();
    let mut on_benefit: Vec<&str> = register_text
        .lines()
        .filter(|l| l.split(',').nth(1) == Some("2025-03"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut listed: Vec<&str> = lines.map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(listed.len(), on_benefit.len());
    on_benefit.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, on_benefit);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the list names persons: owner only");
    }
    // A second run does not replace it without --force, and says so.
    std::fs::write(&out, "kept").unwrap();
    let refused = fokus()
        .arg("lister")
        .arg(&register)
        .args(["--with-ids", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("findes") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    fokus()
        .arg("lister")
        .arg(&register)
        .args(["--with-ids", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("rank,"));
    // Nothing but the list was left in the folder.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn bad_as_of_months_and_offers_are_refused_clearly() {
    let register = example();
    let run = |args: &[&str]| {
        let out = fokus()
            .arg("lister")
            .arg(&register)
            .args(args)
            .assert()
            .code(2);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    let e = run(&["--as-of", "2030-01"]);
    assert!(
        e.contains("--as-of") && e.contains("ligger uden for registrets måneder"),
        "{e}"
    );
    let e = run(&["--offers", "0"]);
    assert!(
        e.contains("--offers: 0 tilbud om måneden giver intet"),
        "{e}"
    );
}
