//! Runs that do not depend on how they are run: thread count, shards and merging,
//! running to a precision; and clear errors for bad shards and parts.

use super::fokus;
use std::path::{Path, PathBuf};

/// A 1 % Copenhagen (fast), judged against a target near its mean so P(goal) is
/// near one half (the widest interval, so `--precision` needs several batches).
fn tiny(dir: &Path) -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let text = format!(
        r#"{{"version": 1, "extends": {:?}, "name": "tiny",
  "method": {{"name": "low-target", "target_pct": 66.3}},
  "groups": {{
    "a_dagpenge": {{"persons": 90, "inflow_per_month": 6.1}},
    "kontanthjaelp": {{"persons": 83, "inflow_per_month": 1.9}},
    "uddannelseshjaelp": {{"persons": 28, "inflow_per_month": 1.1}},
    "overgangsydelse": {{"persons": 6, "inflow_per_month": 0.2}},
    "sygedagpenge": {{"persons": 55, "inflow_per_month": 5.7}},
    "jobafklaring": {{"persons": 15}},
    "revalidering": {{"persons": 3, "inflow_per_month": 0.1}},
    "ressourceforloeb": {{"persons": 23, "inflow_per_month": 0.02}},
    "ledighedsydelse": {{"persons": 12, "inflow_per_month": 0.35}}
  }}}}"#,
        shipped.to_str().unwrap()
    );
    let path = dir.join("tiny.json");
    std::fs::write(&path, text).unwrap();
    path
}

/// stdout of a successful `fokus` call in `dir`.
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = fokus().current_dir(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// stderr of a call that must fail with exit 2, in English: the message as written.
fn usage_error(dir: &Path, args: &[&str]) -> String {
    let out = fokus()
        .current_dir(dir)
        .args(args)
        .env("FOKUS_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} should be a usage error"
    );
    String::from_utf8(out.stderr).unwrap()
}

/// A JSON result without its `timing` (the only part that varies with how it ran).
fn without_timing(json: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    let timing = v.as_object_mut().unwrap().remove("timing");
    assert!(timing.is_some(), "a run result has timing");
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn one_and_two_threads_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sc = tiny(dir.path());
    let run = |threads: &str| {
        let args = ["run", sc.to_str().unwrap(), "-n", "64", "--seed", "11"];
        let json = ok(
            dir.path(),
            &[&args[..], &["--format", "json", "--threads", threads]].concat(),
        );
        let table = ok(dir.path(), &[&args[..], &["--threads", threads]].concat());
        (without_timing(&json), table)
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sc = tiny(dir.path());
    let sc = sc.to_str().unwrap();
    let base = ["run", sc, "-n", "37", "--seed", "5", "--threads", "1"];
    for k in 0..4 {
        let spec = format!("{k}/4");
        let out = format!("part{k}.json");
        ok(
            dir.path(),
            &[&base[..], &["--shard", &spec, "--shard-out", &out]].concat(),
        );
    }
    let one = ok(dir.path(), &[&base[..], &["--format", "json"]].concat());
    // Any order of the parts.
    let merged = ok(
        dir.path(),
        &[
            "merge",
            "part2.json",
            "part0.json",
            "part3.json",
            "part1.json",
            "--format",
            "json",
        ],
    );
    // A merge is not decomposed into layers of uncertainty (its parts are not one run
    // to rerun) and says so; everything else is the one run's.
    let uncertainty = |json: &str| {
        let mut v: serde_json::Value = serde_json::from_str(&without_timing(json)).unwrap();
        let u = v.as_object_mut().unwrap().remove("uncertainty").unwrap();
        (v, u)
    };
    let ((merged_rest, merged_u), (one_rest, one_u)) = (uncertainty(&merged), uncertainty(&one));
    assert_eq!(merged_rest, one_rest);
    assert_eq!(
        (
            merged_u["decomposed"].as_bool(),
            one_u["decomposed"].as_bool()
        ),
        (Some(false), Some(true))
    );
    assert_eq!(merged_u["total_sd_pp"], one_u["total_sd_pp"]);
    let before_layers = |table: &str| -> String {
        table
            .lines()
            .take_while(|l| !l.starts_with("  Spredning") && !l.starts_with("  Usikkerheden"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let one_table = ok(dir.path(), &base);
    let merged_table = ok(
        dir.path(),
        &[
            "merge",
            "part0.json",
            "part1.json",
            "part2.json",
            "part3.json",
        ],
    );
    assert_eq!(before_layers(&merged_table), before_layers(&one_table));
    assert!(merged_table.contains("Usikkerheden er ikke delt op i lag"));
    // A single --shard-out without --shard is shard 0/1: the whole run.
    ok(
        dir.path(),
        &[&base[..], &["--shard-out", "all.json"]].concat(),
    );
    let all = ok(dir.path(), &["merge", "all.json", "--format", "json"]);
    assert_eq!(uncertainty(&all).0, one_rest);
}

#[test]
fn precision_stops_at_the_same_count_and_respects_the_maximum() {
    let dir = tempfile::tempdir().unwrap();
    let sc = tiny(dir.path());
    let sc = sc.to_str().unwrap();
    let run = |extra: &[&str]| -> serde_json::Value {
        let args = [
            &["run", sc, "--precision", "0.02", "--format", "json"][..],
            extra,
        ]
        .concat();
        serde_json::from_str(&ok(dir.path(), &args)).unwrap()
    };
    let a = run(&["--threads", "1"]);
    let b = run(&["--threads", "2"]);
    let n = a["audit"]["replications"].as_u64().unwrap();
    assert_eq!(n, b["audit"]["replications"].as_u64().unwrap());
    assert!(n > 500 && n % 500 == 0, "several whole batches, got {n}");
    let ci = a["p_target_met_ci95"].as_array().unwrap();
    let half = (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0;
    assert!(half <= 0.02, "half-width {half}");
    assert_eq!(a["p_target_met"], b["p_target_met"]);
    // --replications caps it.
    let capped = run(&["-n", "700"]);
    assert_eq!(capped["audit"]["replications"].as_u64(), Some(700));
    // The stopping count's result equals a plain run of that many.
    let plain = ok(
        dir.path(),
        &["run", sc, "-n", &n.to_string(), "--format", "json"],
    );
    let plain: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(a["months"], plain["months"]);
    assert_eq!(a["p_target_met"], plain["p_target_met"]);
    let err = usage_error(dir.path(), &["run", sc, "--precision", "0"]);
    assert!(err.contains("--precision"), "{err}");
}

#[test]
fn a_run_to_a_precision_says_whether_it_reached_it() {
    let dir = tempfile::tempdir().unwrap();
    let sc = tiny(dir.path());
    let sc = sc.to_str().unwrap();
    let half = |v: &serde_json::Value| {
        let ci = v["p_target_met_ci95"].as_array().unwrap();
        (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0
    };
    let json = |extra: &[&str]| -> serde_json::Value {
        let args = [&["run", sc, "--format", "json", "--precision"][..], extra].concat();
        serde_json::from_str(&ok(dir.path(), &args)).unwrap()
    };
    let reached = json(&["0.02"]);
    let p = &reached["precision"];
    assert_eq!(p["requested_half_width"].as_f64(), Some(0.02));
    assert_eq!(p["reached"], true);
    assert_eq!(p["max_replications"].as_u64(), Some(100_000));
    assert!((p["reached_half_width"].as_f64().unwrap() - half(&reached)).abs() < 1e-12);
    // Near one half a Wilson interval of 700 replications is about ±3.7 points.
    let capped = json(&["0.02", "-n", "700"]);
    let p = &capped["precision"];
    assert_eq!(p["reached"], false);
    assert_eq!(p["max_replications"].as_u64(), Some(700));
    let reached_half_width = p["reached_half_width"].as_f64().unwrap();
    assert!((reached_half_width - half(&capped)).abs() < 1e-12);
    assert!(reached_half_width > 0.02, "{reached_half_width}");
    // The table and the report say it in words, with the precision it has.
    let points = format!("±{:.1}", 100.0 * reached_half_width).replace('.', ",");
    let table = ok(dir.path(), &["run", sc, "--precision", "0.02", "-n", "700"]);
    assert!(
        table.contains(&format!(
            "Præcisionen ±2,0 point blev ikke nået: kørslen stoppede ved loftet på 700 kørsler (-n) med {points} point"
        )),
        "{table}"
    );
    let out = dir.path().join("rapport");
    let en = ok(
        dir.path(),
        &[
            "run",
            sc,
            "--precision",
            "0.02",
            "-n",
            "700",
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        en.contains("The precision of ±2.0 points was not reached"),
        "{en}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("The precision of ±2.0 points was not reached"));
    // A run of a fixed count has no precision to report.
    let plain: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["run", sc, "-n", "5", "--format", "json"])).unwrap();
    assert!(plain.get("precision").is_none());
}

#[test]
fn bad_shard_specs_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sc = tiny(dir.path());
    let sc = sc.to_str().unwrap();
    for (spec, says) in [
        ("0/0", "has no shards"),
        ("17/16", "past the last shard, 15/16"),
        ("16/16", "past the last shard"),
        ("a/b", "not two whole numbers"),
        ("3", "is not a shard"),
    ] {
        let err = usage_error(
            dir.path(),
            &[
                "run",
                sc,
                "-n",
                "20",
                "--shard",
                spec,
                "--shard-out",
                "p.json",
            ],
        );
        assert!(
            err.contains("--shard") && err.contains(says),
            "{spec}: {err}"
        );
    }
    let err = usage_error(
        dir.path(),
        &[
            "run",
            sc,
            "-n",
            "3",
            "--shard",
            "5/8",
            "--shard-out",
            "p.json",
        ],
    );
    assert!(err.contains("at most 3 shards"), "{err}");
    assert!(!dir.path().join("p.json").exists());
}

#[test]
fn merging_incomplete_or_mismatched_parts_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let sc = tiny(dir.path());
    let sc = sc.to_str().unwrap();
    let shard = |seed: &str, n: &str, spec: &str, out: &str| {
        ok(
            dir.path(),
            &[
                "run",
                sc,
                "-n",
                n,
                "--seed",
                seed,
                "--shard",
                spec,
                "--shard-out",
                out,
            ],
        );
    };
    shard("1", "12", "0/3", "a0.json");
    shard("1", "12", "1/3", "a1.json");
    shard("1", "12", "2/3", "a2.json");
    shard("2", "12", "1/3", "seed2.json");
    shard("1", "15", "1/3", "n15.json");
    let cases: [(&[&str], &str); 5] = [
        (&["a0.json", "a2.json"], "shard 1/3 is missing"),
        (
            &["a0.json", "a1.json", "a1.json", "a2.json"],
            "shard 1/3 is also in a1.json",
        ),
        (&["a0.json", "seed2.json", "a2.json"], "seed: 2 differs"),
        (
            &["a0.json", "n15.json", "a2.json"],
            "replications: 15 differs",
        ),
        (&[sc], "is not a shard file"),
    ];
    for (parts, says) in cases {
        let err = usage_error(dir.path(), &[&["merge"][..], parts].concat());
        assert!(err.contains(says), "{parts:?}: {err}");
    }
    // A truncated part.
    let text = std::fs::read_to_string(dir.path().join("a1.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["outcomes"].as_array_mut().unwrap().pop();
    std::fs::write(dir.path().join("cut.json"), v.to_string()).unwrap();
    let err = usage_error(dir.path(), &["merge", "a0.json", "cut.json", "a2.json"]);
    assert!(
        err.contains("cut.json") && err.contains("truncated"),
        "{err}"
    );
}
