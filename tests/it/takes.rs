//! Issue 18: "what it takes" in every run (the required average and December level, the
//! points of no return, persons and offers), head-counts beside the shares, and the
//! conversations goal projected beside the active-effort goal.

use crate::fokus;
use fokus::Method;
use fokus::io::register::read_register;
use fokus::measure::Measure;
use fokus::measure::evaluate::tally;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn run_json(file: &Path, replications: u32) -> Value {
    let out = fokus()
        .args([
            "run",
            file.to_str().unwrap(),
            "-n",
            &replications.to_string(),
        ])
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The shipped Copenhagen run carries `what_it_takes` with the figures of the hand
/// arithmetic in docs/model.md, head-counts that agree with the shares, and the
/// conversations goal at the recovery plan's 92.6 %.
#[test]
fn copenhagen_run_says_what_it_takes() {
    let v = run_json(&scenario("copenhagen-2025.json"), 20);
    let w = &v["what_it_takes"];
    // (12·70 − 66.2 − 66.2 − 66.5) / 9 and the climb from March's 66.5 over 9 months.
    let required = (840.0 - 66.2 - 66.2 - 66.5) / 9.0;
    assert!((f(&w["required_mean_pct"]) - required).abs() < 1e-9);
    assert_eq!(f(&v["requirement_pct"]), f(&w["required_mean_pct"]));
    assert_eq!(w["remaining_months"], 9);
    assert_eq!(w["ramp_from"]["month"], "2025-03");
    assert_eq!(w["ramp_from"]["observed"], true);
    let december = 2.0 * required - 66.5;
    assert!((f(&w["required_december_pct"]) - december).abs() < 1e-9);
    assert!((december - 75.97).abs() < 0.01);
    assert!(w["plan_target"].is_null());

    // The expected path: observed months, then the simulated means.
    let months = v["months"].as_array().unwrap();
    let path: Vec<f64> = months.iter().map(|m| f(&m["total"]["mean"])).collect();
    assert_eq!(path.len(), 12);
    let after = |k: usize| (840.0 - path[..=k].iter().sum::<f64>()) / (11 - k) as f64;
    // Status quo ≈ 66 %: 100 % is not enough from November on, and not before.
    let full = &w["point_of_no_return"]["full_effort"];
    assert_eq!(full["month"], "2025-11");
    assert!(after(10) > 100.0 && after(9) <= 100.0);
    let best = &w["point_of_no_return"]["best_month"];
    let best_level = path[3..].iter().copied().fold(f64::MIN, f64::max);
    assert_eq!(f(&best["ceiling_pct"]), best_level);
    assert_eq!(best["month"], "2025-01");
    assert!(after(0) > best_level);

    // (required − expected) × population, averaged over April–December; the groups at
    // their weight add up to the total.
    let extra = &w["extra_fulfilled_persons_per_month"];
    let by_hand: f64 = months[3..]
        .iter()
        .map(|m| {
            (required - f(&m["total"]["mean"])) / 100.0 * f(&m["counts"]["total"]["population"])
        })
        .sum::<f64>()
        / 9.0;
    assert!((f(&extra["total"]) - by_hand).abs() < 1e-6, "{extra}");
    let groups: f64 = extra["groups"].as_object().unwrap().values().map(f).sum();
    assert!((groups - f(&extra["total"])).abs() < 1e-6);
    assert!(f(&extra["total"]) > 500.0, "status quo is ≈ 5 points short");

    // Head-counts: fulfilled / population is the share — exactly in an observed month
    // (the observed share of the simulated population), within 0.05 points of the total
    // in a simulated one. A ratio of means differs from a mean of ratios by
    // cov(share, population) / population ≤ sd(share) · cv(population): in a group, whose
    // share the calibration draws spread widely, allow sd(share) (from its 90 % band) times
    // a population that varies by at most 5 % over the replications.
    for m in months {
        let c = &m["counts"]["total"];
        let share = 100.0 * f(&c["fulfilled"]) / f(&c["population"]);
        let tolerance = if m["observed"] == true { 1e-9 } else { 0.05 };
        assert!((share - f(&m["total"]["mean"])).abs() < tolerance, "{m}");
        for (g, count) in m["counts"]["groups"].as_object().unwrap() {
            let share = 100.0 * f(&count["fulfilled"]) / f(&count["population"]);
            let band = &m["groups"][g];
            let sd = (f(&band["p95"]) - f(&band["p05"])) / (2.0 * 1.645);
            assert!(
                (share - f(&band["mean"])).abs() < tolerance.max(0.05 * sd),
                "{g} {m}"
            );
        }
        let offers: f64 = m["counts"]["groups"]
            .as_object()
            .unwrap()
            .values()
            .map(|c| f(&c["offers_started"]))
            .sum();
        assert!((offers - f(&c["offers_started"])).abs() < 1e-6);
        assert!(f(&c["offers_started"]) > 1000.0);
        let basis = if m["observed"] == true {
            "observed_share_of_simulated_population"
        } else {
            "simulated"
        };
        assert_eq!(m["counts"]["basis"], basis);
    }

    // The conversations goal: matched to the plan's 92.6 % (2024), ±0.3 points.
    let c = &v["conversations"];
    assert_eq!(c["target_pct"], 80.0);
    assert_eq!(c["conversations_required"], 4);
    let mean = f(&c["year_mean_pct"]["mean"]);
    assert!((mean - 92.6).abs() < 0.3, "conversations year mean {mean}");
    assert_eq!(c["p_target_met"], 1.0);
    assert_eq!(c["months"].as_array().unwrap().len(), 12);
}

/// The recovery plan's promise (71.2 % at the end of Q4) is set beside the December level
/// the year mean requires, in the Danish table's words.
#[test]
fn the_plan_target_is_compared_in_words() {
    let v = run_json(&scenario("recovery-plan.json"), 10);
    let plan = &v["what_it_takes"]["plan_target"];
    assert_eq!(plan["month"], "2025-12");
    assert_eq!(plan["pct"], 71.2);
    assert_eq!(
        f(&plan["required_pct"]),
        f(&v["what_it_takes"]["required_december_pct"])
    );
    let out = fokus()
        .args([
            "run",
            scenario("recovery-plan.json").to_str().unwrap(),
            "-n",
            "10",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(
            "Planen sigter mod 71,2 % i december, men for at nå målet i årsgennemsnit skal december ligge på ca. 76,0 % (jævn stigning fra marts"
        ),
        "{text}"
    );
    assert!(text.contains("Scenariet når "), "{text}");
    assert!(text.contains("Fokusmål for samtaler"), "{text}");
    let en = fokus()
        .args([
            "run",
            scenario("recovery-plan.json").to_str().unwrap(),
            "-n",
            "10",
        ])
        .args(["--lang", "en"])
        .assert()
        .success();
    let en = String::from_utf8(en.get_output().stdout.clone()).unwrap();
    assert!(en.contains("The plan aims at 71.2% in December"), "{en}");
}

/// Extra capacity of N places a month starts ≈ N more offers a month than the base,
/// paired replication by replication, over the months the places run.
#[test]
fn extra_capacity_starts_its_places() {
    let out = fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json"])
        .args([
            "scenarios/extra-capacity.json",
            "scenarios/frikort-method.json",
        ])
        .args(["-n", "6", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let alternatives = v["alternatives"].as_array().unwrap();
    let capacity = alternatives
        .iter()
        .find(|a| {
            a["scenario"]
                .as_str()
                .unwrap()
                .ends_with("extra-capacity.json")
        })
        .unwrap();
    let offers = &capacity["extra_offers_per_month"];
    // 150 + 60 + 40 places from May.
    let months: Vec<&str> = offers["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(months.first(), Some(&"2025-05"));
    assert_eq!(months.len(), 8);
    // The places are uncertain (triangular from two thirds of the plan to the plan): the
    // expected places are the distributions' means, ≈ 222 of the planned 250. Their
    // offers last 3 months, so every place starts an offer in May, August and November:
    // 3 starts in the 8 months, less the offers their holders would have drawn anyway.
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(scenario("extra-capacity.json")).unwrap())
            .unwrap();
    let expected: f64 = file["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(i["offer_months"], 3);
            let d = &i["places"];
            (f(&d["low"]) + f(&d["mode"]) + f(&d["high"])) / 3.0
        })
        .sum::<f64>()
        * 3.0
        / 8.0;
    let mean = f(&offers["mean"]);
    assert!(
        mean < expected + 5.0 && mean > 0.7 * expected,
        "extra offers a month {mean} vs at most {expected}"
    );
    assert!(f(&offers["ci95"][0]) <= mean && mean <= f(&offers["ci95"][1]));
    // A method-only alternative: the same histories, not one offer more.
    let method = alternatives
        .iter()
        .find(|a| a["method_only"] == true)
        .unwrap();
    assert_eq!(f(&method["extra_offers_per_month"]["mean"]), 0.0);
}

/// The conversations goal in `run` agrees with `evaluate`'s definition on a register
/// that `fokus synth` made from the same scenario: the year mean within Monte Carlo
/// error (one synthetic population of 12,000 against 10 replications).
#[test]
fn the_conversations_goal_agrees_with_the_register_evaluation() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("synth.csv");
    fokus()
        .args([
            "synth",
            "--persons",
            "12000",
            "--from",
            "2024-01",
            "--to",
            "2025-12",
        ])
        .args(["--seed", "5", "--out", data.to_str().unwrap()])
        .args([
            "--scenario",
            scenario("copenhagen-2025.json").to_str().unwrap(),
        ])
        .assert()
        .success();
    let panel = read_register(&data).unwrap().panel;
    let cells = tally(&panel, &Method::star(), Measure::Conversations);
    // The register's 2025: its last 12 months.
    let register: Vec<f64> = cells[cells.len() - 12..]
        .iter()
        .map(|c| c.total().share_pct().unwrap())
        .collect();
    let register_mean = register.iter().sum::<f64>() / 12.0;
    let v = run_json(&scenario("copenhagen-2025.json"), 10);
    let run_mean = f(&v["conversations"]["year_mean_pct"]["mean"]);
    assert!(
        (register_mean - run_mean).abs() < 0.6,
        "register {register_mean}, run {run_mean}"
    );
    for (m, reg) in v["conversations"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&register)
    {
        assert!((f(&m["total"]["mean"]) - reg).abs() < 1.2, "{m} {reg}");
    }
}
