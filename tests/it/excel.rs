//! `--excel FILE.xlsx` and `--csv-dialect excel-da`: the workbook is read back with a
//! spreadsheet library (numbers are numbers, equal to the JSON's), the Danish-Excel CSV
//! round-trips through fokus's own CSV reader, and an output name that promises another
//! format than the one written is refused.

use super::{HEADER_SENIORITY, fokus};
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::path::{Path, PathBuf};

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{name}.json"))
}

/// The sheets of a workbook by name, in order.
fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range)
        })
        .collect()
}

fn header(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(v) => *v,
        other => panic!("expected a number, found {other:?}"),
    }
}

#[test]
fn a_runs_workbook_holds_its_months_as_the_numbers_of_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("kørsel.xlsx");
    let out = fokus()
        .arg("run")
        .arg(scenario("copenhagen-2025"))
        .args([
            "-n",
            "20",
            "--seed",
            "7",
            "--threads",
            "2",
            "--format",
            "json",
        ])
        .args(["--excel", book.to_str().unwrap()])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let sheets = sheets(&book);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Måneder", "Om tallene"]);
    let months = &sheets[0].1;
    assert_eq!(
        header(months),
        [
            "Måned",
            "Gruppe",
            "Middel (%)",
            "5 %-fraktil (%)",
            "25 %-fraktil (%)",
            "Median (%)",
            "75 %-fraktil (%)",
            "95 %-fraktil (%)",
            "Observeret (%)",
            "Model, middel (%)",
            "Model, 5 %-fraktil (%)",
            "Model, median (%)",
            "Model, 95 %-fraktil (%)"
        ]
    );
    let rows: Vec<&[Data]> = months.rows().skip(1).collect();
    // A total and nine groups a month, then the two notes after an empty row.
    let table: Vec<&[Data]> = rows.iter().take(120).copied().collect();
    assert!(rows[120].iter().all(|c| *c == Data::Empty));
    assert!(rows[121][0].to_string().starts_with("Andele i procent"));
    for (i, row) in table.iter().enumerate() {
        let month = &json["months"][i / 10];
        if i % 10 == 0 {
            assert_eq!(row[0].to_string(), format!("{} 2025", month_da(i / 10)));
            assert_eq!(row[1].to_string(), "I alt");
            // The share the year mean uses (the JSON's total: observed in an observed
            // month), then the model's own figure (its simulated_total there).
            let model = month.get("simulated_total").unwrap_or(&month["total"]);
            for (c, key) in [(2, "mean"), (3, "p05"), (5, "p50"), (7, "p95")] {
                let total = month["total"][key].as_f64().unwrap();
                assert_eq!(number(&row[c]), total, "row {i} {key}");
            }
            for (c, key) in [(9, "mean"), (10, "p05"), (11, "p50"), (12, "p95")] {
                let own = model[key].as_f64().unwrap();
                assert_eq!(number(&row[c]), own, "row {i} model {key}");
            }
        }
        for cell in row[2..8].iter().chain(&row[9..13]) {
            let v = number(cell);
            assert!((0.0..=100.0).contains(&v), "a share in percent: {v}");
        }
    }
    // January is observed: its observed total is the scenario's 66.2 %, a number.
    assert_eq!(number(&table[0][8]), 66.2);
    // December is simulated: no observed figure, an empty cell (not text).
    assert_eq!(table[110][8], Data::Empty);
    let about = &sheets[1].1;
    let seed = about
        .rows()
        .find(|r| r[0] == Data::String("Startværdi (seed)".into()))
        .unwrap();
    assert_eq!(seed[1].to_string(), "7");
}

fn month_da(i: usize) -> &'static str {
    [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ][i]
}

#[test]
fn an_english_workbook_has_english_headers_and_group_names() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("run.xlsx");
    fokus()
        .arg("run")
        .arg(scenario("copenhagen-2025"))
        .args(["-n", "4", "--seed", "7", "--threads", "2", "--lang", "en"])
        .args(["--excel", book.to_str().unwrap()])
        .assert()
        .success();
    let sheets = sheets(&book);
    assert_eq!(sheets[0].0, "Months");
    assert_eq!(&header(&sheets[0].1)[..3], ["Month", "Group", "Mean (%)"]);
    let second = sheets[0].1.rows().nth(2).unwrap();
    assert_eq!(second[0].to_string(), "Jan 2025");
    assert_eq!(second[1].to_string(), "Unemployment insurance");
}

/// A register of 10 a-dagpenge, 3 kontanthjælp and 6 sygedagpenge recipients in
/// January 2025, the odd-numbered ones with an offer (5, 1 and 3 of them).
fn small_register() -> String {
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
    csv
}

#[test]
fn an_evaluations_workbook_has_counts_as_numbers_and_suppressed_cells_empty_with_a_note() {
    let (dir, data) = super::file("data.csv", &small_register());
    let book = dir.path().join("opgørelse.xlsx");
    fokus()
        .arg("evaluate")
        .arg(&data)
        .args(["--min-cell", "5", "--format", "json"])
        .args(["--excel", book.to_str().unwrap()])
        .assert()
        .success();
    let sheets = sheets(&book);
    assert_eq!(sheets[0].0, "Opgørelse");
    let rows: Vec<&[Data]> = sheets[0].1.rows().collect();
    assert_eq!(
        rows[0],
        [
            "Måned",
            "Gruppe",
            "Personer i målgruppen",
            "Heraf opfyldt",
            "Andel i pct.",
            "Note"
        ]
        .map(|h| Data::String(h.into()))
    );
    assert_eq!(rows[1][1].to_string(), "A-dagpenge mv.");
    assert_eq!(number(&rows[1][2]), 10.0);
    assert_eq!(number(&rows[1][3]), 5.0);
    assert_eq!(number(&rows[1][4]), 50.0);
    // Three kontanthjælp recipients: fewer than 5, withheld.
    assert_eq!(rows[2][1].to_string(), "Kontanthjælp");
    assert_eq!(&rows[2][2..5], [Data::Empty, Data::Empty, Data::Empty]);
    assert_eq!(
        rows[2][5].to_string(),
        "diskretioneret: færre end 5 personer"
    );
    // The total: 10 + 3 + 6 persons, 5 + 1 + 3 fulfilled.
    assert_eq!(rows[4][1].to_string(), "I alt");
    assert_eq!(number(&rows[4][2]), 19.0);
    assert_eq!(number(&rows[4][3]), 9.0);
    assert!((number(&rows[4][4]) - 100.0 * 9.0 / 19.0).abs() < 1e-9);
    assert_eq!(sheets[1].0, "Om tallene");
}

#[test]
fn the_excel_da_csv_reads_back_through_fokus_s_own_reader() {
    let (dir, data) = super::file("data.csv", &small_register());
    let evaluate = |dialect: &str, out: &str| {
        let out = dir.path().join(out);
        fokus()
            .arg("evaluate")
            .arg(&data)
            .args(["--min-cell", "5", "--csv-dialect", dialect])
            .args(["--out", out.to_str().unwrap()])
            .assert()
            .success();
        std::fs::read_to_string(out).unwrap()
    };
    let plain = evaluate("plain", "plain.csv");
    let danish = evaluate("excel-da", "dansk.csv");
    assert!(
        plain.contains("2025-01,kontanthjaelp,,,,suppressed\n"),
        "{plain}"
    );
    assert!(!plain.contains("\u{feff}"));
    let lines: Vec<&str> = danish.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}Måned;Gruppe;Personer i målgruppen;Heraf opfyldt;Andel i pct.;Note"
    );
    assert_eq!(lines[1], "2025-01;a_dagpenge;10;5;50,00;");
    assert_eq!(lines[4], "2025-01;total;19;9;47,37;");
    let read = |text: &str| fokus::scenario::observed::parse_observed_csv(text, "x.csv").unwrap();
    let (from_plain, from_danish) = (read(&plain), read(&danish));
    assert_eq!(from_plain, from_danish);
    assert_eq!(from_danish[0].total, 47.37);
}

#[test]
fn an_out_name_that_promises_another_format_is_refused_and_nothing_is_written() {
    let (dir, data) = super::file("data.csv", &small_register());
    for (args, says) in [
        (vec!["--out", "resultat.xlsx"], "--excel"),
        (
            vec!["--format", "json", "--out", "resultat.csv"],
            "resultat.json",
        ),
        (vec!["--excel", "resultat.csv"], "ender ikke på .xlsx"),
    ] {
        let out = fokus()
            .current_dir(dir.path())
            .arg("evaluate")
            .arg(&data)
            .args(&args)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!dir.path().join(args.last().unwrap()).exists());
    }
    fokus()
        .arg("run")
        .arg(scenario("copenhagen-2025"))
        .args(["-n", "2", "--excel"])
        .arg(dir.path().join("run.csv"))
        .assert()
        .code(2);
    assert!(!dir.path().join("run.csv").exists());
}

#[test]
fn compare_and_sensitivity_workbooks_hold_their_tables_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("compare.xlsx");
    let out = fokus()
        .arg("compare")
        .args(["copenhagen-2025", "production-steering"].map(scenario))
        .args([
            "-n",
            "10",
            "--seed",
            "7",
            "--threads",
            "2",
            "--format",
            "json",
        ])
        .args([
            "--curve-replications",
            "0",
            "--excel",
            book.to_str().unwrap(),
        ])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let compared = sheets(&book);
    let names: Vec<&str> = compared.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Sammenligning", "Om tallene"],
        "no curves, no curve sheet"
    );
    let rows: Vec<&[Data]> = compared[0].1.rows().collect();
    assert_eq!(rows[0][3].to_string(), "P(mål nået) (%)");
    let alt = &json["alternatives"][0];
    assert_eq!(
        number(&rows[1][3]),
        100.0 * alt["p_target_met"].as_f64().unwrap(),
        "P(goal) in percent, like the year means"
    );
    assert_eq!(
        number(&rows[1][6]),
        alt["year_mean_pct"]["mean"].as_f64().unwrap()
    );
    assert_eq!(
        number(&rows[1][10]),
        alt["diff_pp"]["mean"].as_f64().unwrap()
    );
    // The base, last: no differences.
    assert_eq!(rows[2][10], Data::Empty);
    // Rows named as people name the scenarios: their titles, not the files' names.
    assert_eq!(rows[1][1].to_string(), "Produktionsstyring");
    assert_eq!(rows[2][1].to_string(), "Nuværende indsats");

    let book = dir.path().join("tornado.xlsx");
    fokus()
        .arg("sensitivity")
        .arg(scenario("recovery-plan"))
        .args(["-n", "4", "--seed", "7", "--threads", "2"])
        .args(["--excel", book.to_str().unwrap()])
        .assert()
        .success();
    let tornado = sheets(&book);
    assert_eq!(tornado[0].0, "Følsomhed");
    let rows: Vec<&[Data]> = tornado[0].1.rows().skip(1).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let (low, high) = (number(&row[1]), number(&row[2]));
        assert!(low < high, "{low} < {high}");
        let swing = number(&row[7]);
        assert!((swing - (number(&row[4]) - number(&row[3])).abs()).abs() < 1e-9);
    }
}
