//! Nothing lost, nothing leaked, no NaN: report folders, person ids, empty cells (signals
//! and concurrent runs: `outputs.rs`).

use super::{HEADER, fokus, stdout_of};
use serde_json::{Value, json};
use std::path::Path;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `evaluate --report` into an existing folder leaves the other files alone.
#[test]
fn evaluate_report_keeps_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    std::fs::write(
        &data,
        format!(
            "{HEADER}{}",
            super::quiet("a", "kontanthjaelp", "2025-01", "2025-03")
        ),
    )
    .unwrap();
    let out = dir.path().join("r");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("noter.txt"), "mine").unwrap();
    for _ in 0..2 {
        fokus()
            .args(["evaluate", data.to_str().unwrap(), "--report"])
            .arg(&out)
            .args(["--format", "csv"])
            .assert()
            .success();
    }
    assert_eq!(
        std::fs::read_to_string(out.join("noter.txt")).unwrap(),
        "mine"
    );
    assert_eq!(names(&out), ["evaluation.svg", "noter.txt", "report.html"]);
}

const ID: &str = "CPR-0101901234";

/// A register of distinctive ids: no output of `evaluate` (every format, the report,
/// every error) ever contains one.
#[test]
fn no_output_contains_a_person_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    for (i, group) in ["kontanthjaelp", "sygedagpenge", "jobafklaring"]
        .iter()
        .enumerate()
    {
        for m in 1..=12 {
            for k in 0..8 {
                let id = format!("{ID}{i}{k}");
                let hours = if (m + k) % 3 == 0 { "120.5" } else { "0" };
                rows.push_str(&format!(
                    "{id},2025-{m:02},{group},{},{hours},0,0,2\n",
                    k % 2
                ));
            }
        }
    }
    let good = format!("{HEADER}{rows}");
    let mut seen = String::new();
    let mut check = |args: &[&str], files: &[&str]| {
        let output = fokus().current_dir(dir.path()).args(args).output().unwrap();
        seen.push_str(&String::from_utf8_lossy(&output.stdout));
        seen.push_str(&String::from_utf8_lossy(&output.stderr));
        for f in files {
            let path = dir.path().join(f);
            if path.is_dir() {
                for e in std::fs::read_dir(&path).unwrap() {
                    seen.push_str(&String::from_utf8_lossy(
                        &std::fs::read(e.unwrap().path()).unwrap(),
                    ));
                }
            } else if path.exists() {
                seen.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
            }
        }
        output.status.code()
    };
    std::fs::write(dir.path().join("good.csv"), &good).unwrap();
    for format in ["csv", "json", "table"] {
        let code = check(
            &[
                "evaluate",
                "good.csv",
                "--format",
                format,
                "--method",
                "star",
                "--method",
                "frikort",
                "--min-cell",
                "0",
            ],
            &[],
        );
        assert_eq!(code, Some(0));
    }
    assert_eq!(
        check(
            &["evaluate", "good.csv", "--out", "o.json", "--report", "rep"],
            &["o.json", "rep"]
        ),
        Some(0)
    );
    assert_eq!(
        check(&["evaluate", "good.csv", "--measure", "conversations"], &[]),
        Some(0)
    );
    // Bad rows in several places, and a file without its header.
    let lines: Vec<&str> = good.lines().collect();
    let bad_files = [
        format!(
            "{}\n{ID}99,2025-13,kontanthjaelp,0,0,0,0,0\n",
            lines[..40].join("\n")
        ),
        format!(
            "{}\n{ID}99,2025-01,kontant,0,0,0,0,0\n",
            lines[..3].join("\n")
        ),
        format!("{}\n{}\n", lines[..50].join("\n"), lines[20]),
        format!("{}\n{ID}99,2025-01\n", lines[..10].join("\n")),
        format!(
            "{}\n{ID}99,2025-01,kontanthjaelp,0,x,0,0,0\n",
            lines[..10].join("\n")
        ),
        format!(
            "{}\n\"{ID}99,2025-01,kontanthjaelp,0,0,0,0,0\n",
            lines[..10].join("\n")
        ),
        format!("{}\n", lines[1..].join("\n")),
        format!(
            "{}\n,2025-01,kontanthjaelp,0,0,0,0,0\n",
            lines[..5].join("\n")
        ),
    ];
    for (i, text) in bad_files.iter().enumerate() {
        std::fs::write(dir.path().join("bad.csv"), text).unwrap();
        for format in ["csv", "json", "table"] {
            let code = check(
                &[
                    "evaluate", "bad.csv", "--format", format, "--out", "bad-out",
                ],
                &["bad-out"],
            );
            assert_eq!(code, Some(2), "bad file {i}");
        }
    }
    assert!(!seen.is_empty());
    assert!(!seen.contains(ID), "a person id was written");
    assert!(!seen.contains("0101901234"), "a person id was written");
}

/// A scenario with an empty group (0 persons, no inflow): the group is left out or null
/// in JSON, and no output (JSON, table, report) shows NaN.
#[test]
fn an_empty_group_is_null_never_nan() {
    let mut scenario = super::scenarios::small();
    scenario["groups"]["sygedagpenge"] = scenario["groups"]["kontanthjaelp"].clone();
    scenario["groups"]["sygedagpenge"]["persons"] = json!(0);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.json"), scenario.to_string()).unwrap();
    let run = |format: &str| {
        let out = stdout_of(fokus().current_dir(dir.path()).args([
            "run", "s.json", "-n", "20", "--format", format, "--out", "rep",
        ]));
        String::from_utf8(out).unwrap()
    };
    let json_text = run("json");
    let table = run("table");
    let mut all = format!("{json_text}{table}");
    for e in std::fs::read_dir(dir.path().join("rep")).unwrap() {
        all.push_str(&String::from_utf8_lossy(
            &std::fs::read(e.unwrap().path()).unwrap(),
        ));
    }
    assert!(!all.contains("NaN") && !all.contains("inf"), "{all}");
    let v: Value = serde_json::from_str(&json_text).unwrap();
    // The empty group is left out of the months (or null), never a number.
    for month in v["months"].as_array().unwrap() {
        let g = &month["groups"]["sygedagpenge"];
        assert!(g.is_null() || g["mean"].is_null(), "{month}");
    }
}

/// A month with no rows between two months with rows, and a month whose persons are all
/// outside the population: JSON null or an empty field, never NaN.
#[test]
fn an_empty_month_is_null_never_nan() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = super::quiet("a", "kontanthjaelp", "2025-01", "2025-02");
    rows.push_str(&super::quiet("a", "kontanthjaelp", "2025-04", "2025-04"));
    std::fs::write(dir.path().join("d.csv"), format!("{HEADER}{rows}")).unwrap();
    for format in ["json", "csv", "table"] {
        let out = fokus()
            .current_dir(dir.path())
            .args(["evaluate", "d.csv", "--format", format, "--min-cell", "0"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{format}: {text}"
        );
        if format == "json" {
            assert!(text.contains("null"), "{text}");
        }
    }
}

/// No network but `fokus serve`'s listener: the sources name no socket, no HTTP client,
/// no DNS; the one server is `src/cli/serve/`'s, bound to 127.0.0.1 and nothing else.
#[test]
fn the_source_has_no_network_use() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src")];
    let needles = [
        "TcpStream",
        "UdpSocket",
        "TcpListener",
        "ToSocketAddrs",
        "reqwest",
        "hyper::",
        "ureq",
    ];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let text = std::fs::read_to_string(&p).unwrap();
                for n in needles {
                    assert!(!text.contains(n), "{}: {n}", p.display());
                }
            }
        }
    }
    let serve = root.join("src/cli/serve/mod.rs");
    let serve = std::fs::read_to_string(serve).unwrap();
    let binds: Vec<&str> = serve
        .lines()
        .filter(|l| l.contains("Server::http"))
        .collect();
    assert_eq!(binds.len(), 1, "{binds:?}");
    assert!(binds[0].contains("(\"127.0.0.1\", "), "{}", binds[0]);
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    for n in ["reqwest", "hyper", "ureq", "tokio"] {
        assert!(!manifest.contains(n), "Cargo.toml: {n}");
    }
}
