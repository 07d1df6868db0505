//! `fokus compare`: common random numbers, method-only alternatives, effect signs.

use crate::fokus;
use serde_json::Value;

fn compare(alternatives: &[&str], replications: u32) -> Value {
    let mut cmd = fokus();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json"])
        .args(alternatives)
        .args([
            "-n",
            &replications.to_string(),
            "--format",
            "json",
            "--seed",
            "7",
        ]);
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn alternative<'a>(v: &'a Value, file: &str) -> &'a Value {
    v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scenario"].as_str().unwrap().ends_with(file))
        .unwrap()
}

fn half_width(ci: &Value) -> f64 {
    (ci[1].as_f64().unwrap() - ci[0].as_f64().unwrap()) / 2.0
}

#[test]
fn shipped_initiatives_have_the_expected_sign_and_pairing_pays() {
    let v = compare(
        &[
            "scenarios/production-steering.json",
            "scenarios/absence-followup.json",
            "scenarios/frikort-method.json",
            "scenarios/recovery-plan.json",
            "scenarios/extra-capacity.json",
        ],
        10,
    );
    assert_eq!(v["audit"]["replications"], 10);
    assert_eq!(v["audit"]["seed"], 7);
    let diff = |f: &str| alternative(&v, f)["diff_pp"]["mean"].as_f64().unwrap();
    assert!(
        diff("production-steering.json") > 0.5,
        "{}",
        diff("production-steering.json")
    );
    assert!(diff("absence-followup.json") > 0.0);
    assert!(diff("extra-capacity.json") > 0.5);
    // The recovery plan combines the lists' offers a month (by deadline) and the
    // follow-up of unregistered absence: it gains more than either.
    assert!(diff("recovery-plan.json") > 0.5);

    // Counting more hours can never lower a replication's share: exactly 1.
    let frikort = alternative(&v, "frikort-method.json");
    assert_eq!(frikort["method_only"], true);
    assert_eq!(frikort["method"], "frikort");
    assert_eq!(frikort["p_not_worse"].as_f64().unwrap(), 1.0);
    assert!(diff("frikort-method.json") >= 0.0);

    // Common random numbers: the paired interval is far narrower than the unpaired one.
    // (Production steering's paired differences also carry its uncertain strength, a
    // triangular from 1 to 6 %, drawn per replication: pairing removes the noise, not the
    // uncertainty about the effect. The absence follow-up's effect varies little.)
    let ps = alternative(&v, "absence-followup.json");
    let paired = half_width(&ps["diff_pp"]["ci95"]);
    let unpaired = half_width(&ps["diff_pp"]["unpaired_ci95"]);
    assert!(
        paired * 3.0 <= unpaired,
        "paired ±{paired} vs unpaired ±{unpaired}"
    );
    // Each simulated alternative has P(goal) with each of its layers off (production
    // steering has all three: its strength, the baseline's calibration and shock); a
    // method-only one shares the base's histories and has none of its own.
    let layers = &alternative(&v, "production-steering.json")["uncertainty"]["layers"];
    let names: Vec<&str> = layers
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["effect_sizes", "calibration", "volatility"]);
    for layer in layers.as_array().unwrap() {
        assert_eq!(layer["present"], true, "{layer}");
        assert!(layer["p_target_met_without"].is_number(), "{layer}");
    }
    assert!(frikort.get("uncertainty").is_none());
    assert_eq!(v["base"]["uncertainty"]["decomposed"], true);
    for a in v["alternatives"].as_array().unwrap() {
        let p = a["p_target_met"].as_f64().unwrap();
        let ci = &a["p_target_met_ci95"];
        assert!(ci[0].as_f64().unwrap() <= p && p <= ci[1].as_f64().unwrap());
    }
}

#[test]
fn the_table_ranks_and_explains_in_danish_and_english() {
    let run = |lang: &str| {
        let mut cmd = fokus();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "compare",
            "scenarios/copenhagen-2025.json",
            "scenarios/frikort-method.json",
            "-n",
            "3",
            "--lang",
            lang,
        ]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let da = run("da");
    assert!(da.contains("samme forløb, anden opgørelsesmetode"), "{da}");
    assert!(da.contains("sandsynligheden for at nå målet"), "{da}");
    let en = run("en");
    assert!(
        en.contains("the same histories, another calculation method"),
        "{en}"
    );
}

#[test]
fn a_comparison_across_years_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    std::fs::write(
        &other,
        format!(r#"{{"version": 1, "extends": "{}", "observed": {{"share": "active", "months": {{"2025-01": {{"total": 50}}}}}}}}"#, base.display()),
    )
    .unwrap();
    fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json"])
        .arg(&other)
        .args(["-n", "1", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("observed"));
    fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json"])
        .arg(&other)
        .args(["-n", "1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("andre observerede måneder"));
}

#[test]
fn only_a_method_that_differs_from_stars_by_value_is_marked_not_stars() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let write = |file: &str, rest: &str| {
        let path = dir.path().join(file);
        let text = format!(r#"{{"version": 1, "extends": "{}"{rest}}}"#, base.display());
        std::fs::write(&path, text).unwrap();
        path
    };
    let same = write("same.json", r#", "name": "kopi""#);
    let renamed = write(
        "renamed.json",
        r#", "name": "omdoebt", "method": {"name": "vores-star"}"#,
    );
    let run = |format: &str| {
        let mut cmd = fokus();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["compare", "scenarios/copenhagen-2025.json"])
            .arg(&same)
            .arg(&renamed)
            .args([
                "scenarios/frikort-method.json",
                "-n",
                "3",
                "--format",
                format,
            ]);
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let v: Value = serde_json::from_str(&run("json")).unwrap();
    for (file, only, stars) in [
        ("same.json", true, true),
        ("renamed.json", true, true),
        ("frikort-method.json", true, false),
    ] {
        let a = alternative(&v, file);
        assert_eq!(a["method_only"], only, "{file}");
        assert_eq!(a["stars_method"], stars, "{file}");
    }
    assert_eq!(alternative(&v, "renamed.json")["method"], "vores-star");
    let table = run("table");
    // The mark and its footnote go with frikort alone.
    assert_eq!(table.matches("(*)").count(), 2, "{table}");
    assert!(table.contains("Med frikorttimer (*)"), "{table}");
    assert!(
        !table.contains("kopi (*)") && !table.contains("omdoebt (*)"),
        "{table}"
    );
}

/// Targeted production steering: the same offers a month given by deadline (nearest
/// first) beat the same number given at random, paired on common random numbers — in
/// (almost) every replication — and both start the offers they are given.
#[test]
fn offers_by_deadline_beat_the_same_offers_at_random() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let write = |file: &str, name: &str, targeting: &str| {
        let path = dir.path().join(file);
        let text = format!(
            r#"{{"version": 1, "extends": "{}", "name": "{name}", "initiatives": [
            {{"kind": "production_steering", "start": "2025-05", "offers_per_month": 600,
              "targeting": "{targeting}"}}]}}"#,
            base.display()
        );
        std::fs::write(&path, text).unwrap();
        path
    };
    let random = write("random.json", "tilfældig", "random");
    let deadline = write("deadline.json", "frist", "deadline");
    let out = fokus()
        .arg("compare")
        .args([&random, &deadline])
        .args(["-n", "24", "--seed", "3", "--format", "json"])
        .args(["--curve-replications", "0"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let by_deadline = &v["alternatives"][0];
    let p_better = by_deadline["p_better"].as_f64().unwrap();
    let diff = by_deadline["diff_pp"]["mean"].as_f64().unwrap();
    assert!(p_better > 0.95, "P(better) {p_better}, {diff} pp");
    assert!(diff > 0.0);
    // Offers change nobody's exit, move or draw: both start the offers drawn plus the
    // 600 a month, only who gets them differs.
    let extra = by_deadline["extra_offers_per_month"]["mean"]
        .as_f64()
        .unwrap();
    assert!(extra.abs() < 1e-9, "{extra}");
}

/// A scenario extending the Copenhagen base with `initiatives` (JSON), written in `dir`.
fn with_initiatives(dir: &std::path::Path, file: &str, name: &str, initiatives: &str) -> String {
    let base =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let path = dir.join(file);
    let text = format!(
        r#"{{"version": 1, "extends": "{}", "name": "{name}", "initiatives": {initiatives}}}"#,
        base.display()
    );
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Costs are counted from what the initiative caused: 100 offers a month by deadline
/// from May to December, each at 1 000 DKK, plus 10 DKK a month, cost 800 080 DKK in
/// every replication; the cost per pct.-point is that over the paired gain; with no
/// clear gain in P(goal) it is not defined, and `--rank-by cost` puts the cheaper first.
#[test]
fn costs_are_counted_per_replication_and_ranked_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let steering = |offers: u32, per_offer: u32| {
        format!(
            r#"[{{"kind": "production_steering", "start": "2025-05", "offers_per_month": {offers},
              "targeting": "deadline", "cost": {{"per_offer_dkk": {per_offer},
              "fixed_per_month_dkk": 10, "source": "assumption: a test"}}}}]"#
        )
    };
    // Three times the offers at five times the price: more gain, a dearer point.
    let dear = with_initiatives(dir.path(), "dear.json", "dyr", &steering(300, 5000));
    let cheap = with_initiatives(dir.path(), "cheap.json", "billig", &steering(100, 1000));
    let base = format!(
        "{}/scenarios/copenhagen-2025.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let run = |extra: &[&str]| {
        fokus()
            .arg("compare")
            .args([&base, &dear, &cheap])
            .args(["-n", "8", "--seed", "3", "--curve-replications", "0"])
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let v: Value = serde_json::from_slice(&run(&["--format", "json"])).unwrap();
    let cheap_alt = &v["alternatives"][1];
    let cost = &cheap_alt["cost"];
    assert_eq!(cost["mean_dkk"].as_f64().unwrap(), 800_080.0, "{cost}");
    assert_eq!(
        cost["range95_dkk"],
        serde_json::json!([800_080.0, 800_080.0])
    );
    assert_eq!(
        v["alternatives"][0]["cost"]["mean_dkk"].as_f64().unwrap(),
        12_000_080.0
    );
    let gain = cheap_alt["diff_pp"]["mean"].as_f64().unwrap();
    assert!(cheap_alt["diff_pp"]["ci95"][0].as_f64().unwrap() > 0.0);
    let per_pp = cost["per_pp_year_mean"]["dkk"].as_f64().unwrap();
    assert!((per_pp - 800_080.0 / gain).abs() < 1e-6, "{per_pp} {gain}");
    // The base never reaches the goal in 8 runs and neither do 100 offers a month: no
    // gain in P(goal) to divide by.
    assert_eq!(cost["p_goal_gain_pp"]["mean"].as_f64().unwrap(), 0.0);
    assert!(cost["per_pp_p_goal"]["dkk"].is_null());
    assert_eq!(
        cost["per_pp_p_goal"]["not_defined"],
        "gain_not_clearly_positive"
    );
    assert_eq!(v["rank_by"], "p_goal");

    let table = |extra: &[&str]| String::from_utf8(run(extra)).unwrap();
    let da = table(&["--rank-by", "cost"]);
    let row = |t: &str, name: &str| t.find(&format!("  {name} ")).unwrap();
    assert!(row(&da, "billig") < row(&da, "dyr"), "{da}");
    // The answer names what comes closest to the goal, not the cheapest per point.
    // The table fits a terminal of 100 columns.
    let table_lines: Vec<&str> = da
        .lines()
        .skip_while(|l| !l.contains("P(mål)"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(table_lines.len() >= 3, "{da}");
    for line in &table_lines {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    let verdict = da
        .lines()
        .find(|l| l.contains("målet"))
        .unwrap()
        .to_lowercase();
    assert!(
        verdict.contains("dyr") && !verdict.contains("billig"),
        "{da}"
    );
    assert!(
        da.contains("billig: forventet 800.080 kr. (95 %-interval 800.080 kr. – 800.080 kr."),
        "{da}"
    );
    assert!(
        da.contains("pr. pct.-point P(mål) ikke defineret (gevinsten er ikke klart positiv"),
        "{da}"
    );
    assert!(
        da.contains("Rangeret efter omkostning pr. pct.-point årsgennemsnit"),
        "{da}"
    );
    // By P(goal) (the default) the larger gain comes first.
    let by_goal = table(&["--lang", "en"]);
    assert!(row(&by_goal, "dyr") < row(&by_goal, "billig"), "{by_goal}");
    assert!(by_goal.contains("per pp of P(goal) not defined (the gain is not clearly positive"));
}

/// A cost that is negative, a part the initiative does not count, or an unknown field is
/// an input error naming its JSON path, exit code 2.
#[test]
fn a_bad_cost_is_an_input_error_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!(
        "{}/scenarios/copenhagen-2025.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let cases = [
        (
            r#"[{"kind": "extra_capacity", "start": "2025-05", "group": "kontanthjaelp", "places": 10, "cost": {"per_place_month_dkk": -1}}]"#,
            "initiatives[0].cost.per_place_month_dkk",
        ),
        (
            r#"[{"kind": "production_steering", "start": "2025-05", "months_without_offer": 9, "extra_offer_rate": 0.03, "cost": {"per_offer_dkk": 100}}]"#,
            "initiatives[0].cost.per_offer_dkk",
        ),
        (
            r#"[{"kind": "absence_followup", "start": "2025-05", "registration_rate": 0.9, "cost": {"per_review_dkk": 100}}]"#,
            "initiatives[0].cost.per_review_dkk",
        ),
        (
            r#"[{"kind": "extra_capacity", "start": "2025-05", "group": "kontanthjaelp", "places": 10, "cost": {"per_month": 5}}]"#,
            "per_month",
        ),
    ];
    for (k, (initiatives, path)) in cases.iter().enumerate() {
        let file = with_initiatives(dir.path(), &format!("bad{k}.json"), "bad", initiatives);
        fokus()
            .arg("compare")
            .args([&base, &file])
            .args(["-n", "2"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(*path));
    }
}

/// Rows are named by the scenarios' titles; a file that renames the scenario it extends
/// is another scenario and shows under its own name, not its parent's title (nor with
/// its parent's description), while one that keeps the name keeps the title. A renamed
/// copy of the base is still the base's histories (its title is documentation, not a
/// difference).
#[test]
fn a_renamed_child_does_not_take_its_parents_title() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/copenhagen-2025.json")
        .display()
        .to_string();
    let write = |file: &str, fields: &str| {
        let path = dir.path().join(file);
        std::fs::write(
            &path,
            format!(r#"{{"version": 1, "extends": {base:?}, {fields}}}"#),
        )
        .unwrap();
        path.display().to_string()
    };
    let renamed = write("renamed.json", r#""name": "mit-forsog""#);
    let titled = write(
        "titled.json",
        r#""name": "andet", "title": {"da": "Andet forsøg", "en": "Second try"}"#,
    );
    let same = write("same-name.json", r#""name": "copenhagen-2025""#);
    let v = compare(&[&renamed, &titled, &same], 2);
    assert_eq!(v["base_title"]["da"], "Nuværende indsats");
    assert_eq!(alternative(&v, "renamed.json")["title"], "mit-forsog");
    assert_eq!(alternative(&v, "titled.json")["title"]["en"], "Second try");
    assert_eq!(
        alternative(&v, "same-name.json")["title"]["da"],
        "Nuværende indsats"
    );
    for file in ["renamed.json", "titled.json", "same-name.json"] {
        assert_eq!(alternative(&v, file)["method_only"], true, "{file}");
    }
    // The page describes the base once: the renamed file has no description of its own.
    let out = dir.path().join("page");
    fokus()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["compare", "scenarios/copenhagen-2025.json", &renamed])
        .args(["-n", "2", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(
        page.matches("uændret indsats efter marts 2025").count(),
        1,
        "{page}"
    );
}
