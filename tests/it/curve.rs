//! P(goal) curves in `fokus compare`: the curve over an uncertain initiative parameter,
//! its breakpoint (the goal seek's bisection) and its chart in the report.

use crate::fokus;
use crate::report::{structure, texts};
use serde_json::Value;

/// Replications of the comparison and of every curve point: few, but enough for the
/// recovery plan's lists to carry P(goal) across 50 % on their range.
const N: &str = "8";

fn json(args: &[&str]) -> Value {
    let out = fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["-n", N, "--seed", "7", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// The recovery plan's curves in a comparison with the baseline (its `sensitivity` lists
/// two initiative parameters and three others, which get no curve).
fn recovery_plan_curves() -> Vec<Value> {
    let v = json(&[
        "compare",
        "scenarios/copenhagen-2025.json",
        "scenarios/recovery-plan.json",
        "scenarios/frikort-method.json",
        "--curve-replications",
        N,
    ]);
    let alts = v["alternatives"].as_array().unwrap();
    assert_eq!(
        alts[1]["p_goal_curves"],
        Value::Array(vec![]),
        "a method-only alternative has the base's histories and no curve"
    );
    alts[0]["p_goal_curves"].as_array().unwrap().clone()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// The points of a curve as (value, P(goal)).
fn points(curve: &Value) -> Vec<(f64, f64)> {
    curve["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (f(&p["value"]), f(&p["p_target_met"])))
        .collect()
}

#[test]
fn p_rises_with_the_lists_effect_and_the_breakpoint_is_the_goal_seeks() {
    let curves = recovery_plan_curves();
    let params: Vec<&str> = curves
        .iter()
        .map(|c| c["parameter"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        [
            "initiatives[0].offers_per_month",
            "initiatives[1].finds_unregistered"
        ]
    );
    let lists = &curves[0];
    assert_eq!(lists["label"], "steering_offers_per_month");
    assert_eq!(lists["support"], serde_json::json!([150.0, 450.0]));
    assert_eq!(lists["replications"], 8);
    let pts = points(lists);
    // The grid (the support's quarters) and the bisection's points, by value.
    let grid = [150.0, 225.0, 300.0, 375.0, 450.0];
    for g in grid {
        assert!(
            pts.iter().any(|(v, _)| (v - g).abs() < 1e-12),
            "{g} not in {pts:?}"
        );
    }
    assert!(pts.windows(2).all(|w| w[0].0 < w[1].0));
    // More of the lists' effect, more chance: from below 50 % to above it.
    let (first, last) = (pts[0].1, pts[pts.len() - 1].1);
    assert!(first < 0.5 && last >= 0.5, "{pts:?}");
    // The breakpoint lies between two neighbouring grid points on either side of 50 %,
    // and on common random numbers every point below it misses 50 % and every point at
    // or above it reaches it.
    let b = f(&lists["breakpoint"]);
    assert!(lists["stays"].is_null());
    let p_at = |g: f64| pts.iter().find(|(v, _)| (v - g).abs() < 1e-12).unwrap().1;
    let cell = grid.windows(2).find(|w| w[0] < b && b <= w[1]).unwrap();
    assert!(
        p_at(cell[0]) < 0.5 && p_at(cell[1]) >= 0.5,
        "{cell:?} {pts:?}"
    );
    for (v, p) in &pts {
        assert_eq!(*p >= 0.5, *v >= b, "{v} → {p} (breakpoint {b})");
    }
    // Each point carries its Wilson interval around it and the year mean, which rises too.
    for p in lists["points"].as_array().unwrap() {
        assert!(
            f(&p["p_low"]) <= f(&p["p_target_met"]) && f(&p["p_target_met"]) <= f(&p["p_high"])
        );
    }
    let means: Vec<f64> = lists["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| f(&p["year_mean_pct"]))
        .collect();
    assert!(means[0] < means[means.len() - 1], "{means:?}");

    // `fokus solve` on the same parameter, range, seed and replications, for 50 %: the
    // same bisection over the same runs gives the same value to the last bit.
    let solved = json(&[
        "solve",
        "scenarios/recovery-plan.json",
        "--lever",
        "initiatives[0].offers_per_month",
        "--from",
        "150",
        "--to",
        "450",
        "--level",
        "0.5",
    ]);
    assert_eq!(f(&solved["value"]).to_bits(), b.to_bits(), "{solved}");
}

#[test]
fn a_curve_that_does_not_cross_has_no_breakpoint_and_says_where_it_stays() {
    let curves = recovery_plan_curves();
    let follow_up = &curves[1];
    assert_eq!(follow_up["label"], "finds_unregistered");
    // With the production steering at its most likely capacity, the plan reaches 50 %
    // whatever share of the unregistered absence the follow-up finds: only the grid is
    // run.
    assert!(follow_up["breakpoint"].is_null());
    assert_eq!(follow_up["stays"], "above");
    let pts = points(follow_up);
    assert_eq!(pts.len(), 5, "the grid alone: {pts:?}");
    assert!(pts.iter().all(|(_, p)| *p >= 0.5));
}

#[test]
fn the_table_says_the_breakpoint_in_words_in_either_language() {
    let table = |lang: &str| {
        let out = fokus()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "compare",
                "scenarios/copenhagen-2025.json",
                "scenarios/recovery-plan.json",
                "-n",
                "4",
                "--seed",
                "7",
                "--lang",
                lang,
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let da = table("da");
    assert!(
        da.contains("Genopretningsplanen: P(mål) efter den usikre effekt (4 kørsler pr. punkt)"),
        "{da}"
    );
    assert!(
        da.contains("P(mål) passerer 50 %, når listernes tilbud om måneden er "),
        "{da}"
    );
    assert!(da.contains(
        "P(mål) bliver over 50 %, uanset om den andel af det uregistrerede fravær, opfølgningen finder er 30,0 % eller 90,0 %"
    ));
    let en = table("en");
    assert!(
        en.contains("P(goal) crosses 50% when the lists' offers a month is "),
        "{en}"
    );
}

#[test]
fn the_report_has_a_chart_per_curve_with_its_title_and_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "compare",
            "scenarios/copenhagen-2025.json",
            "scenarios/recovery-plan.json",
            "-n",
            "4",
            "--seed",
            "7",
            "--png",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "compare.csv",
            "compare.png",
            "compare.svg",
            "curve-1.png",
            "curve-1.svg",
            "curve-2.png",
            "curve-2.svg",
            "curves.csv",
            "fan.png",
            "fan.svg",
            "paths.png",
            "paths.svg",
            "report.html",
            "summary.json"
        ]
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let svg = read("curve-1.svg");
    assert!(
        svg.starts_with("<svg role=\"img\" aria-labelledby=\"curve-title-")
            && svg.contains("\">P(mål) passerer 50 %, når listernes tilbud om måneden er "),
        "{}",
        &svg[..300]
    );
    let t = texts(&svg);
    for text in [
        "Genopretningsplanen · P(mål) efter listernes tilbud om måneden · 4 kørsler pr. punkt, de samme i hvert punkt",
        "50 %",
        "95 %-interval (Wilson)",
        "listernes tilbud om måneden",
    ] {
        assert!(t.iter().any(|x| x == text), "no {text:?} in {t:?}");
    }
    // The answer is the title; the footer says where the observed months come from and
    // what reproduces the curve — no file path.
    assert!(
        t.iter()
            .any(|x| x.starts_with("P(mål) passerer 50 %, når listernes tilbud om måneden er ")),
        "{t:?}"
    );
    assert!(t.iter().any(|x| x.starts_with("Data: ")), "{t:?}");
    assert!(
        t.iter()
            .any(|x| x.starts_with("Fremskrivning: fokus ")
                && x.contains("scenarie genopretningsplan")),
        "{t:?}"
    );
    assert!(
        !t.iter().any(|x| x.contains(".json")),
        "a file path in {t:?}"
    );
    assert!(t.iter().any(|x| x.starts_with("Brudpunkt ")), "{t:?}");
    let flat = read("curve-2.svg");
    // Five grid points, no breakpoint marker: the chart's elements without coordinates.
    insta::assert_snapshot!("curve_structure", structure(&flat));
    let t = texts(&flat);
    assert!(
        t.iter().any(|x| x == "Ingen krydsning: over 50 % overalt"),
        "{t:?}"
    );

    let html = read("report.html");
    assert_eq!(
        html.matches("<svg").count(),
        5,
        "compare, paths, fan and two curves inline"
    );
    assert!(html.contains("<h2>P(mål) efter den usikre effekt</h2>"));
    assert!(html.contains("<h3>Genopretningsplanen: listernes tilbud om måneden</h3>"));
    let title = html
        .find("<title id=")
        .expect("the curve is a titled image");
    assert!(
        html[title..]
            .contains("P(mål) efter den andel af det uregistrerede fravær, opfølgningen finder")
    );
    assert!(html.contains("Fil: curve-2.svg."));
    // Each chart's numbers as a table: one row per point.
    assert!(html.contains(
        "<th>Værdi</th><th>P(mål)</th><th>95\u{a0}%-interval</th><th>Årsgennemsnit</th>"
    ));
    let summary: Value = serde_json::from_str(&read("summary.json")).unwrap();
    let curves = summary["alternatives"][0]["p_goal_curves"]
        .as_array()
        .unwrap();
    let rows: usize = curves
        .iter()
        .map(|c| c["points"].as_array().unwrap().len())
        .sum();
    let section =
        &html[html.find("<h2>P(mål) efter").unwrap()..html.find("Basisscenariet måned").unwrap()];
    assert_eq!(
        section.matches("<tr>").count(),
        2 + rows,
        "a header and a row per point"
    );
    let csv = read("curves.csv");
    assert_eq!(
        csv.lines().next().unwrap(),
        "scenario,name,parameter,value,p_target_met_pct,p_lo_pct,p_hi_pct,year_mean,breakpoint,stays"
    );
    assert_eq!(csv.lines().count(), 1 + rows);
    assert!(csv.lines().last().unwrap().ends_with(",above"));
    let png = std::fs::read(out.join("curve-1.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}
