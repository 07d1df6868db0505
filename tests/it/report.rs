//! `fokus run --out DIR` and `fokus evaluate --report DIR`: the folder, the structure of
//! the charts, a self-contained page, atomic rewriting, and a look through a browser.

use super::{HEADER, fokus, quiet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The shipped Copenhagen scenario, absolute.
fn copenhagen() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json")
}

/// `fokus run` on `scenario` with 20 replications and a fixed seed, plus `args`.
fn run(scenario: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    fokus()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "-n",
            "20",
            "--seed",
            "7",
            "--threads",
            "2",
        ])
        .args(args)
        .assert()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The element names of an SVG with their counts: its structure without coordinates.
pub(crate) fn structure(svg: &str) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for part in svg.split('<').skip(1) {
        if part.starts_with('/') || part.starts_with('?') || part.starts_with('!') {
            continue;
        }
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        *counts.entry(name).or_default() += 1;
    }
    counts.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
}

/// The texts of an SVG's `<text>` elements.
pub(crate) fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|p| {
            let body = &p[p.find('>').unwrap() + 1..p.find("</text>").unwrap()];
            body.trim().to_string()
        })
        .collect()
}

#[test]
fn run_out_writes_the_folder_with_structured_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport");
    run(&copenhagen(), &["--out", out.to_str().unwrap()]).success();
    assert_eq!(
        names(&out),
        [
            "certainty.svg",
            "fan.svg",
            "groups.svg",
            "months.csv",
            "report.html",
            "summary.json"
        ]
    );
    assert_eq!(names(dir.path()), ["rapport"], "no temporary folder left");

    let fan = read(&out.join("fan.svg"));
    assert!(fan.starts_with("<svg") && fan.trim_end().ends_with("</svg>"));
    let t = texts(&fan);
    // The answer is the title; the topic opens the subtitle.
    assert!(
        t.iter()
            .any(|x| x.starts_with("Med nuværende indsats: ")
                && x.contains(" pct.-point under målet")),
        "no answer title in {t:?}"
    );
    assert!(
        t.iter()
            .any(|x| x
                .starts_with("Fokusmål for aktiv indsats 2025 — København (copenhagen-2025) · ")),
        "no topic in {t:?}"
    );
    for label in [
        "Mål: over 70,0 %",
        "Krav apr–dec: 71,2 %",
        "Årsgennemsnit",
        "jan",
        "dec",
    ] {
        assert!(t.iter().any(|x| x == label), "no {label:?} in {t:?}");
    }
    assert!(
        t.iter()
            .any(|x| x.starts_with("Fremskrivning: fokus ")
                && x.contains("startværdi 7 · 20 kørsler"))
    );
    // The data behind the observed months, as the scenario names it.
    assert!(
        t.iter()
            .any(|x| x.starts_with("Data: Genopretningsplanen, tabel 4")
                && x.ends_with("observeret jan–mar 2025")),
        "no data line in {t:?}"
    );
    // The 90 % and the 50 % band.
    assert_eq!(fan.matches("<polygon").count(), 2);
    insta::assert_snapshot!("fan_structure", structure(&fan));

    let groups = read(&out.join("groups.svg"));
    assert_eq!(
        groups.matches("<polygon").count(),
        2 * 9,
        "two bands per group"
    );
    let t = texts(&groups);
    // Lowest first: ledighedsydelse is the furthest below 70 % in Table 4.
    let first_group = t.iter().position(|x| x == "Ledighedsydelse").unwrap();
    let last_group = t.iter().position(|x| x == "Uddannelseshjælp").unwrap();
    assert!(first_group < last_group);
    insta::assert_snapshot!("groups_structure", structure(&groups));
    assert!(
        t.iter().any(|x| x.starts_with("Under målet i ")
            && x.contains(" af 9 ydelsesgrupper — lavest: Ledighedsydelse, ")),
        "no answer title in {t:?}"
    );

    // The certainty chart counts every replication once, on its side of the target, as
    // the summary's histogram and probability do.
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    let hist = &summary["year_mean_histogram"];
    let counts: Vec<u64> = hist["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    assert_eq!(counts.iter().sum::<u64>(), 20);
    let (from, bin) = (
        hist["from"].as_f64().unwrap(),
        hist["bin"].as_f64().unwrap(),
    );
    let above: u64 = counts
        .iter()
        .enumerate()
        .filter(|&(k, _)| from + k as f64 * bin >= 70.0 - 1e-9)
        .map(|(_, c)| c)
        .sum();
    assert_eq!(
        above as f64 / 20.0,
        summary["p_target_met"].as_f64().unwrap()
    );
    let certainty = read(&out.join("certainty.svg"));
    let t = texts(&certainty);
    assert!(
        t.iter()
            .any(|x| x.starts_with("Sandsynlighed for at nå målet: ")),
        "{t:?}"
    );
    let below_label = format!("{} kørsler under målet", 20 - above);
    let above_label = match above {
        1 => "1 kørsel over målet".to_string(),
        n => format!("{n} kørsler over målet"),
    };
    assert!(
        t.contains(&below_label) && t.contains(&above_label),
        "{t:?}"
    );
    assert_eq!(
        certainty.matches("<rect").count(),
        1 + counts.iter().filter(|&&c| c > 0).count(),
        "the background and one bar per bin with runs"
    );

    let csv = read(&out.join("months.csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "month,group,mean,p05,p25,p50,p75,p95,observed,model_mean,model_p05,model_p50,model_p95"
    );
    assert_eq!(lines.len(), 1 + 12 * 10);
    let row = |month: &str, group: &str| -> Vec<&str> {
        let prefix = format!("{month},{group},");
        let line = lines.iter().find(|l| l.starts_with(&prefix)).unwrap();
        line.split(',').collect()
    };
    // An observed month: the share the year mean uses is the observed one.
    assert_eq!(row("2025-01", "total")[2..9], ["66.20"; 7]);
    assert_eq!(row("2025-03", "ledighedsydelse")[8], "40.90");
    assert_eq!(row("2025-12", "total")[8], "");

    // summary.json is the --format json output (timing aside).
    let json = run(&copenhagen(), &["--format", "json"]).success();
    let mut a: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let mut b: serde_json::Value = serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    a.as_object_mut().unwrap().remove("timing");
    b.as_object_mut().unwrap().remove("timing");
    assert_eq!(a, b);
    // Both files mean one thing by `mean`: the share the year mean uses (observed in an
    // observed month), the model's own beside it.
    let two = |v: &serde_json::Value| format!("{:.2}", v.as_f64().unwrap());
    for (i, m) in b["months"].as_array().unwrap().iter().enumerate() {
        let month = format!("2025-{:02}", i + 1);
        let csv_total = row(&month, "total");
        assert_eq!(csv_total[2], two(&m["total"]["mean"]), "{month}");
        let model = m.get("simulated_total").unwrap_or(&m["total"]);
        assert_eq!(csv_total[9], two(&model["mean"]), "{month}");
        assert_eq!(csv_total[10], two(&model["p05"]), "{month}");
        let csv_group = row(&month, "kontanthjaelp");
        assert_eq!(
            csv_group[2],
            two(&m["groups"]["kontanthjaelp"]["mean"]),
            "{month}"
        );
    }
    assert_eq!(two(&b["months"][0]["total"]["mean"]), "66.20");
    assert_ne!(
        row("2025-01", "total")[9],
        "66.20",
        "the model's own January"
    );
    let keys: Vec<&String> = a["year_mean_pct"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["mean", "p05", "p25", "p50", "p75", "p95"]);
}

#[test]
fn the_page_is_self_contained_with_the_headline_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, headline, assumptions, note) in [
        (
            "da",
            "Sandsynlighed for at nå målet:",
            "Forudsætninger",
            "registreret fravær",
        ),
        (
            "en",
            "Probability of reaching the goal:",
            "Assumptions",
            "Absence registration",
        ),
    ] {
        let out = dir.path().join(lang);
        run(
            &copenhagen(),
            &["--out", out.to_str().unwrap(), "--lang", lang],
        )
        .success();
        let html = read(&out.join("report.html"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(
            html.contains(headline) && html.contains(assumptions),
            "{lang}"
        );
        for attr in ["src=", "href=", "url("] {
            assert!(
                !html.contains(attr),
                "{lang}: the page refers to something ({attr})"
            );
        }
        assert_eq!(html.matches("<svg").count(), 3, "every chart inline");
        assert!(
            html.contains(note),
            "{lang}: the scenario's notes are shown in the page's language"
        );
    }
    let en = read(&dir.path().join("en/fan.svg"));
    assert!(en.contains("Target: above 70.0%") && en.contains("Year mean"));
}

#[test]
fn scenario_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("x.json");
    let base = copenhagen();
    std::fs::write(
        &scenario,
        format!(
            r#"{{"version": 1, "extends": {:?}, "name": "a<b", "notes": ["<script>alert(1)</script> & co"]}}"#,
            base.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = dir.path().join("r");
    run(&scenario, &["--out", out.to_str().unwrap()]).success();
    let html = read(&out.join("report.html"));
    assert!(!html.contains("<script>") && !html.contains("a<b"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(read(&out.join("fan.svg")).contains("(a&lt;b)"));
}

#[test]
fn rerunning_into_the_folder_keeps_files_the_tool_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("noter.txt"), "mine").unwrap();
    std::fs::write(out.join("fan.svg"), "old").unwrap();
    run(&copenhagen(), &["--out", out.to_str().unwrap()]).success();
    run(&copenhagen(), &["--out", out.to_str().unwrap()]).success();
    assert_eq!(read(&out.join("noter.txt")), "mine");
    assert!(read(&out.join("fan.svg")).starts_with("<svg"));
    assert_eq!(
        names(&out),
        [
            "certainty.svg",
            "fan.svg",
            "groups.svg",
            "months.csv",
            "noter.txt",
            "report.html",
            "summary.json"
        ],
        "no temporary file left"
    );
}

#[test]
fn an_out_that_is_a_file_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    std::fs::write(&out, "a file").unwrap();
    run(&copenhagen(), &["--out", out.to_str().unwrap()]).code(2);
    assert_eq!(read(&out), "a file");
    assert_eq!(names(dir.path()), ["r"]);
}

#[test]
fn evaluate_report_writes_the_method_chart_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    let mut csv = HEADER.to_string();
    for id in ["a", "b", "c", "d", "e", "f"] {
        csv.push_str(&quiet(id, "kontanthjaelp", "2024-01", "2025-06"));
    }
    csv.push_str("g,2024-06,kontanthjaelp,1,0,0,0,0\n");
    csv.push_str(&quiet("g", "kontanthjaelp", "2024-07", "2025-06"));
    std::fs::write(&data, csv).unwrap();
    let report = dir.path().join("rapport");
    fokus()
        .args([
            "evaluate",
            data.to_str().unwrap(),
            "--method",
            "star",
            "--method",
            "frikort",
        ])
        .args([
            "--format",
            "csv",
            "--report",
            report.to_str().unwrap(),
            "--png",
        ])
        .assert()
        .success();
    assert_eq!(
        names(&report),
        ["evaluation.png", "evaluation.svg", "report.html"]
    );
    let svg = read(&report.join("evaluation.svg"));
    let t = texts(&svg);
    assert!(t.iter().any(|x| x == "Mål: over 70,0 %"), "{t:?}");
    assert!(t.iter().any(|x| x == "STARs metode"), "{t:?}");
    assert!(t.iter().any(|x| x == "Med frikorttimer"), "{t:?}");
    // The answer is the title: the latest year, so far, with its distance to the target.
    assert!(
        t.iter()
            .any(|x| x.starts_with("STARs metode, 2025 indtil nu: ") && x.ends_with("målet")),
        "{t:?}"
    );
    // The axis starts where someone is counted (December 2024: 12 months of
    // seniority counted from the rows), not at the data's first month.
    assert!(!t.iter().any(|x| x == "jan 2024"), "{t:?}");
    assert!(
        t.iter()
            .any(|x| x.starts_with("Data: registerfil data.csv"))
    );
    let html = read(&report.join("report.html"));
    assert!(!html.contains("src=") && !html.contains("href="));
    // What the terminal shows: head-counts, the differences, partial years judged so
    // far, the groups — and no ISO months or empty months.
    for shown in [
        "<th>Personer</th>",
        "<th>forskel</th>",
        "1 af 12 måneder",
        "indtil nu</td>",
        "Andel pr. ydelsesgruppe (STARs metode)",
        "Kontanthjælp",
        "Måneder uden nogen i opgørelsen er udeladt",
    ] {
        assert!(html.contains(shown), "{shown:?} missing");
    }
    assert!(
        !html.contains("målet er nået</td>"),
        "a part year judged as final"
    );
    assert!(!html.contains("2024-01") && !html.contains("jan 2024</td>"));
}

/// A register where nobody reaches the seniority yet: the report says there is no figure
/// and why, instead of a blank chart under the topic.
#[test]
fn an_evaluation_without_anyone_counted_says_why_there_is_no_figure() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.csv");
    let mut csv = HEADER.to_string();
    csv.push_str(&quiet("a", "kontanthjaelp", "2025-01", "2025-03"));
    std::fs::write(&data, csv).unwrap();
    let report = dir.path().join("r");
    fokus()
        .args(["evaluate", data.to_str().unwrap(), "--format", "csv"])
        .args(["--report", report.to_str().unwrap()])
        .assert()
        .success();
    let t = texts(&read(&report.join("evaluation.svg")));
    assert!(
        t.iter()
            .any(|x| x == "Intet tal: ingen er i opgørelsen i de måneder, data dækker"),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|x| x == "Ingen måneder med nogen i opgørelsen")
    );
}

/// Open the page in headless Chromium and check that the screenshot shows something.
#[test]
fn the_page_renders_in_a_browser() {
    let Some(chromium) = super::cdp::chromium() else {
        println!("note: /usr/bin/chromium is absent; the browser check is skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    run(&copenhagen(), &["--out", out.to_str().unwrap()]).success();
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    let status = std::process::Command::new(chromium)
        .args(super::cdp::HEADLESS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1200,1600")
        .arg(format!("file://{}", out.join("report.html").display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "chromium failed: {status}");
    let bytes = std::fs::read(&shot).unwrap();
    assert!(
        bytes.len() > 20_000,
        "a screenshot of {} bytes is nearly blank",
        bytes.len()
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1200, 1600));
    let px = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    let first = pixels[0];
    let differing = pixels.iter().filter(|p| *p != &first).count();
    assert!(
        differing > pixels.len() / 50,
        "only {differing} pixels differ from the first"
    );
    // The chart's blue is on the page.
    assert!(
        pixels
            .iter()
            .any(|p| p[0] == 0x00 && p[1] == 0x72 && p[2] == 0xb2)
    );
}

/// `fokus compare` of Copenhagen against production steering and the frikort method,
/// 10 replications and a fixed seed, plus `args`.
fn compare(args: &[&str]) -> assert_cmd::assert::Assert {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    fokus()
        .arg("compare")
        .args(
            ["copenhagen-2025", "production-steering", "frikort-method"]
                .map(|s| dir.join(format!("{s}.json"))),
        )
        .args(["-n", "10", "--seed", "7", "--threads", "2"])
        .args(args)
        .assert()
}

/// `fokus sensitivity` of the recovery plan, 4 replications per point, plus `args`.
fn sensitivity(args: &[&str]) -> assert_cmd::assert::Assert {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/recovery-plan.json");
    fokus()
        .arg("sensitivity")
        .arg(scenario)
        .args(["-n", "4", "--seed", "7", "--threads", "2"])
        .args(args)
        .assert()
}

/// The page refers to nothing outside itself.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The SVG namespace is a name, not an address that is fetched.
    let html = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for attr in ["src=", "href=", "url(", "http:", "https:"] {
        assert!(
            !html.contains(attr),
            "the page refers to something ({attr})"
        );
    }
}

/// A JSON output without its wall time (which differs between runs).
fn without_timing(text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["base"].as_object_mut().unwrap().remove("timing");
    v
}

#[test]
fn compare_out_writes_the_ranked_chart_the_table_and_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sammenligning");
    compare(&["--out", out.to_str().unwrap()]).success();
    assert_eq!(
        names(&out),
        [
            "compare.csv",
            "compare.svg",
            "curve-1.svg",
            "curves.csv",
            "fan.svg",
            "paths.svg",
            "report.html",
            "summary.json"
        ],
        "production steering's strength is a distribution: one P(goal) curve"
    );
    assert_eq!(
        names(dir.path()),
        ["sammenligning"],
        "no temporary folder left"
    );

    let csv = read(&out.join("compare.csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "scenario,name,method_only,p_target_met_pct,p_lo_pct,p_hi_pct,year_mean,p05,p50,p95,diff_mean,diff_lo,diff_hi,unpaired_lo,unpaired_hi,p_better_pct,p_not_worse_pct,cost_dkk,cost_lo_dkk,cost_hi_dkk,dkk_per_pp_year_mean,dkk_per_pp_p_goal"
    );
    assert_eq!(lines.len(), 4, "two alternatives and the base");
    assert!(lines[1].contains(",produktionsstyring,false,"), "{csv}");
    assert!(lines[2].contains(",frikort-metode,true,"), "{csv}");
    assert!(lines[3].contains(",copenhagen-2025,false,") && lines[3].ends_with(",,,,,,"));

    // The paths chart: every scenario by name at its last month, the requirement, and
    // the answer in the title; its months in the summary.
    let t = texts(&read(&out.join("paths.svg")));
    for label in [
        "Produktionsstyring",
        "Med frikorttimer (*)",
        "Basis: Nuværende indsats",
        "Krav 71,2 %",
    ] {
        assert!(t.iter().any(|x| x == label), "no {label:?} in {t:?}");
    }
    assert!(
        t.iter().any(
            |x| x.starts_with("I gennemsnit over kravet på 71,2 % i apr–dec: ")
                || x == "Ingen medianbane ligger i gennemsnit over kravet på 71,2 % i apr–dec"
        ),
        "{t:?}"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    let months = summary["alternatives"][0]["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["observed"], true);
    assert_eq!(
        months[0]["share_pct"].as_f64(),
        Some(66.2),
        "January as observed"
    );
    assert_eq!(months[11]["observed"], false);

    let svg = read(&out.join("compare.svg"));
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let t = texts(&svg);
    assert!(
        t.iter()
            .any(|x| x.starts_with("Produktionsstyring når sandsynligvis målet — sandsynlighed ")),
        "no answer title in {t:?}"
    );
    for label in [
        "(a) Årsgennemsnit",
        "(b) Forskel mod basis",
        "P(mål)",
        "Mål 70,0 %",
        "Produktionsstyring",
        "Med frikorttimer (*)",
        "Basis: Nuværende indsats",
        "(*) samme forløb, anden opgørelsesmetode — ikke STARs officielle metode",
        "forskel mod basis (95 %)",
    ] {
        assert!(t.iter().any(|x| x == label), "no {label:?} in {t:?}");
    }
    // Ranked as the table: production steering above the frikort method above the base.
    let at = |s: &str| t.iter().position(|x| x == s).unwrap();
    assert!(at("Produktionsstyring") < at("Med frikorttimer (*)"));
    assert!(at("Med frikorttimer (*)") < at("Basis: Nuværende indsats"));
    insta::assert_snapshot!("compare_structure", structure(&svg));

    // summary.json is the --format json output (wall time aside).
    let json = compare(&["--format", "json"]).success();
    let stdout = String::from_utf8(json.get_output().stdout.clone()).unwrap();
    assert_eq!(
        without_timing(&stdout),
        without_timing(&read(&out.join("summary.json")))
    );

    let html = read(&out.join("report.html"));
    assert_self_contained(&html);
    assert!(html.contains("<html lang=\"da\">"));
    // One headline: the verdict (by P(goal)), then the sentence on what it names.
    assert!(
        html.contains(
            "<p class=\"headline\">Produktionsstyring når sandsynligvis målet: sandsynligheden er "
        ),
        "headline"
    );
    assert_eq!(html.matches("class=\"headline\"").count(), 1);
    assert!(html.contains("Produktionsstyring: +") && html.contains("på årsgennemsnittet"));
    assert!(html.contains("ikke STARs officielle metode"));
    assert!(html.contains("Forudsætninger") && html.contains("Revisionsspor"));
    // Each alternative's own description in Danish, never "as the base" when it has one.
    assert!(html.contains("<p>Produktionsstyring fra maj 2025: ugentlige lister"));
    assert!(html.contains("<p>Samme drift som basis, men opgjort med socialfrikort-timer"));
    assert!(!html.contains("Som basis (ingen"));
    assert_eq!(html.matches("<svg").count(), 4, "every chart inline");
}

#[test]
fn compare_report_in_english_and_rerun_keeps_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("noter.txt"), "mine").unwrap();
    compare(&["--out", out.to_str().unwrap(), "--lang", "en"]).success();
    assert_eq!(read(&out.join("noter.txt")), "mine");
    // Six files, the curve's two and the reader's note.
    assert_eq!(names(&out).len(), 9, "{:?}", names(&out));
    let html = read(&out.join("report.html"));
    assert_self_contained(&html);
    assert!(
        html.contains("<html lang=\"en\">")
            && html.contains("Production steering probably reaches the goal")
    );
    let t = texts(&read(&out.join("compare.svg")));
    assert!(t.iter().any(|x| x == "Target 70.0%"), "{t:?}");
    assert!(
        t.iter()
            .any(|x| x.starts_with('+') && x.ends_with(" pp") && x.contains('.'))
    );
}

#[test]
fn sensitivity_out_writes_the_tornado_and_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tornado");
    sensitivity(&["--out", out.to_str().unwrap()]).success();
    assert_eq!(
        names(&out),
        ["report.html", "summary.json", "tornado.csv", "tornado.svg"]
    );
    let csv = read(&out.join("tornado.csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "parameter,low,high,year_mean_low,year_mean_high,p_target_met_low_pct,p_target_met_high_pct,swing_pp,base_year_mean,base_p_target_met_pct,refitted_low,refitted_high,source"
    );
    assert_eq!(lines.len(), 1 + 5);
    assert!(lines[1].starts_with("initiatives[0].offers_per_month,"));
    // The initiatives start after the observed months: scored as they are; the hours
    // rate moves January–March at both ends: refitted first.
    let row = |p: &str| *lines.iter().find(|l| l.starts_with(p)).unwrap();
    assert!(row("initiatives[0].offers_per_month,").contains(",false,false,"));
    assert!(row("groups.kontanthjaelp.hours_rate,").contains(",true,true,"));

    let svg = read(&out.join("tornado.svg"));
    let t = texts(&svg);
    // The range's label and unit, not its JSON path and raw rates.
    assert!(
        t.iter()
            .any(|x| x == "Ekstra tilbud om måneden (produktionsstyring)")
    );
    assert!(t.iter().any(|x| x == "lav 150 → høj 450"), "{t:?}");
    assert!(!t.iter().any(|x| x.contains("initiatives[")));
    assert!(t.iter().any(|x| x == "Mål 70,0 %"));
    assert!(
        t.iter()
            .any(|x| x.starts_with("Basis ") && x.contains("P(mål)"))
    );
    assert_eq!(
        t.iter().filter(|x| x.starts_with("P(mål) ")).count(),
        2 * 5,
        "P(goal) at both ends of every bar"
    );
    insta::assert_snapshot!("tornado_structure", structure(&svg));

    let json = sensitivity(&["--format", "json"]).success();
    let stdout = String::from_utf8(json.get_output().stdout.clone()).unwrap();
    assert_eq!(
        without_timing(&stdout),
        without_timing(&read(&out.join("summary.json")))
    );
    let html = read(&out.join("report.html"));
    assert_self_contained(&html);
    assert!(html.contains("Betyder mest: Ekstra tilbud om måneden (produktionsstyring)"));
    assert!(html.contains("Antagelse: kapaciteten er ledelsens beslutning"));
    assert!(html.contains("<th>Genkalibreret</th>"), "the refit column");
    assert_eq!(html.matches("<svg").count(), 1);
}

/// A decoded PNG: its size and its pixels as RGB.
struct Png {
    width: u32,
    height: u32,
    rgb: Vec<[u8; 3]>,
}

impl Png {
    fn read(path: &Path) -> Png {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap_or_else(|e| panic!("{} is no PNG: {e}", path.display()));
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        let samples = info.color_type.samples();
        assert!(samples >= 3, "{}: {:?}", path.display(), info.color_type);
        let rgb = buf[..info.buffer_size()]
            .chunks(samples)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Png {
            width: info.width,
            height: info.height,
            rgb,
        }
    }

    /// The pixels of rows `rows` and columns `0..cols`.
    fn region(&self, rows: std::ops::Range<u32>, cols: u32) -> impl Iterator<Item = [u8; 3]> {
        rows.flat_map(move |y| (0..cols).map(move |x| self.rgb[(y * self.width + x) as usize]))
    }
}

/// The `width` and `height` of an SVG's root element.
fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> u32 {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    };
    (attr("width"), attr("height"))
}

/// The PNG beside `chart` in `dir` is the chart at twice its size, coloured, with text
/// set in the title area.
fn assert_png_of(dir: &Path, chart: &str) {
    let (w, h) = svg_size(&read(&dir.join(format!("{chart}.svg"))));
    let png = Png::read(&dir.join(format!("{chart}.png")));
    assert_eq!((png.width, png.height), (2 * w, 2 * h), "{chart}.png");
    let colours: std::collections::HashSet<[u8; 3]> = png.rgb.iter().copied().collect();
    assert!(
        colours.len() > 20,
        "{chart}.png has {} colours",
        colours.len()
    );
    assert_eq!(png.rgb[0], [0xff; 3], "{chart}.png is on white");
    // The title (ink #222, bold) in the top 50 SVG pixels: glyphs, so dark pixels.
    let dark = png
        .region(0..100, png.width / 2)
        .filter(|p| p.iter().all(|c| *c < 0x50))
        .count();
    assert!(
        dark > 1500,
        "{chart}.png: {dark} dark pixels in the title area"
    );
}

#[test]
fn png_writes_a_picture_beside_each_chart_with_the_embedded_font() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("slides");
    fokus()
        .args([
            "run",
            copenhagen().to_str().unwrap(),
            "-n",
            "3",
            "--seed",
            "7",
        ])
        .args(["--out", out.to_str().unwrap(), "--png"])
        .assert()
        .success();
    assert_eq!(
        names(&out),
        [
            "certainty.png",
            "certainty.svg",
            "fan.png",
            "fan.svg",
            "groups.png",
            "groups.svg",
            "months.csv",
            "report.html",
            "summary.json"
        ]
    );
    assert_png_of(&out, "fan");
    assert_png_of(&out, "groups");
    // The median line is the SVG's blue, drawn exactly.
    let fan = Png::read(&out.join("fan.png"));
    assert!(fan.rgb.contains(&[0x00, 0x72, 0xb2]));
}

#[test]
fn png_of_a_comparison_and_a_tornado() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    compare(&["--out", out.to_str().unwrap(), "--png"]).success();
    assert!(names(&out).contains(&"compare.png".to_string()));
    assert_png_of(&out, "compare");
    assert_png_of(&out, "fan");
    let out = dir.path().join("t");
    sensitivity(&["--out", out.to_str().unwrap(), "--png"]).success();
    assert!(names(&out).contains(&"tornado.png".to_string()));
    assert_png_of(&out, "tornado");
}

#[test]
fn png_needs_out_and_may_not_overwrite_an_input() {
    for args in [
        &["run", "a.json"][..],
        &["compare", "a.json", "b.json"],
        &["sensitivity", "a.json"],
    ] {
        fokus()
            .args(args)
            .arg("--png")
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--out"));
    }
    // A scenario named like a PNG of the report folder is refused before anything runs.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("fan.png");
    std::fs::copy(copenhagen(), &scenario).unwrap();
    let assumptions = "copenhagen-2025-assumptions.json";
    let shipped = copenhagen().with_file_name(assumptions);
    std::fs::copy(shipped, dir.path().join(assumptions)).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let out = dir.path().to_str().unwrap();
    run(&scenario, &["--out", out, "--png"])
        .code(2)
        .stderr(predicates::str::contains("ville overskrive inputfilen"));
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
    // Without --png the folder holds no fan.png of the report's: the run goes ahead.
    run(&scenario, &["--out", out]).success();
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
}

/// Whether `text` shows a bare `0 %` (`0 %`, `0&nbsp;%` or with a non-breaking space),
/// not as the end of a larger number such as `70 %` or `1,0 %`.
fn shows_zero_percent(text: &str) -> Option<String> {
    let text = text.replace("&nbsp;", " ").replace('\u{a0}', " ");
    text.match_indices("0 %").find_map(|(i, _)| {
        let before = text[..i].chars().next_back();
        (!before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')).then(|| {
            let from = text[..i].char_indices().rev().nth(60).map_or(0, |(j, _)| j);
            text[from..(i + 3).min(text.len())].to_string()
        })
    })
}

/// The page without its inline charts (whose axes may start at 0 %).
fn outside_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</svg>").map_or("", |j| &rest[i + j + 6..]);
    }
    out + rest
}

#[test]
fn no_run_reaching_the_goal_is_never_written_as_zero_percent() {
    // At 40 runs neither Copenhagen nor the extra places reaches the goal in any run: every
    // probability the outputs show is the rule of three's bound, "under 8 %".
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let done = fokus()
        .arg("compare")
        .args(["copenhagen-2025", "extra-capacity"].map(|s| scenarios.join(format!("{s}.json"))))
        .args(["-n", "40", "--seed", "7", "--threads", "2", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(done.get_output().stdout.clone()).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    assert_eq!(
        summary["base"]["p_target_met"], 0.0,
        "the base must fail in every run"
    );
    assert!(stdout.contains("under 8 %"), "{stdout}");
    let html = read(&out.join("report.html"));
    let svg = read(&out.join("compare.svg"));
    assert!(svg.contains("under 8 %"), "the chart's P(goal) column");
    for (what, text) in [
        ("stdout", stdout.clone()),
        ("report.html", outside_svg(&html)),
        ("compare.svg", svg),
    ] {
        assert_eq!(shows_zero_percent(&text), None, "{what} shows 0 %");
    }

    // The run report of the same base at 20 runs, with its layer lines: too few runs for
    // the bound to say much, so the runs are counted.
    let run_out = dir.path().join("r");
    let done = run(&copenhagen(), &["--out", run_out.to_str().unwrap()]).success();
    let stdout = String::from_utf8(done.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Sandsynlighed for at nå målet 0 af 20 kørsler; uden"),
        "{stdout}"
    );
    for (what, text) in [
        ("stdout", stdout),
        (
            "report.html",
            outside_svg(&read(&run_out.join("report.html"))),
        ),
    ] {
        assert_eq!(shows_zero_percent(&text), None, "{what} shows 0 %");
    }
}
