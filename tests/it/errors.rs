//! Bad input: exit code 2, one line naming the file and the line, nothing written.

use super::{HEADER, file, fokus};

/// Evaluate `csv` with `--out`, expect exit 2, `expected` in the message, no output file,
/// and no value of the row but the offending field in the message. In English: these
/// check what a message says (its Danish wording is `report::text::errors`'s).
#[track_caller]
fn rejects(csv: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("register.csv");
    std::fs::write(&data, csv).unwrap();
    let out = dir.path().join("out.csv");
    let assert = fokus()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "register.csv",
            "--out",
            "out.csv",
            "--lang",
            "en",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("error: register.csv: "), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}\nexpected: {expected}");
    assert!(!stderr.contains("SECRET"), "a person id leaked: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "a stray file was left"
    );
}

fn row(fields: &str) -> Vec<u8> {
    format!("{HEADER}SECRET,2025-01,kontanthjaelp,0,0,0,0,0\n{fields}\n").into_bytes()
}

#[test]
fn each_kind_of_bad_row() {
    rejects(
        &row("SECRET,2025-13,kontanthjaelp,0,0,0,0,0"),
        "line 3, column month: a value of 7 characters (digits and other characters) is not a valid month",
    );
    rejects(
        &row("SECRET,2025-02,kontant,0,0,0,0,0"),
        "line 3, column group: a value of 7 characters (letters) is not a benefit group code",
    );
    rejects(
        &row("SECRET,2025-02,kontanthjaelp,0,-5,0,0,0"),
        "line 3, column ordinary_hours: a value of 2 characters (digits and other characters) is not a number of hours",
    );
    rejects(
        &row("SECRET,2025-02,kontanthjaelp,0,abc,0,0,0"),
        "line 3, column ordinary_hours",
    );
    rejects(
        &row("SECRET,2025-02,kontanthjaelp,0,0,1.255,0,0"),
        "line 3, column frikort_hours: a value of 5 characters (digits and other characters) is not a number of hours",
    );
    rejects(
        &row("SECRET,2025-02,kontanthjaelp,yes,0,0,0,0"),
        "line 3, column offer: a value of 3 characters (letters) is not 0 or 1",
    );
    rejects(
        &row("SECRET,2025-02,kontanthjaelp,0,0,0,2,0"),
        "line 3, column absence",
    );
    rejects(
        &row("SECRET,2025-01,kontanthjaelp,1,0,0,0,0"),
        "line 3: the same person and month 2025-01 as line 2",
    );
    rejects(
        &row("SECRET,2025-02,kontanthjaelp,0,0,0"),
        "line 3: has 6 fields; the header has 8",
    );
    rejects(
        &row(",2025-02,kontanthjaelp,0,0,0,0,0"),
        "line 3, column person_id: is empty",
    );
}

#[test]
fn bad_files() {
    rejects(b"", "is empty");
    rejects(HEADER.as_bytes(), "has a header but no rows");
    rejects(
        b"person_id,month,group,ordinary_hours,frikort_hours,absence,conversations\nSECRET,2025-01,kontanthjaelp,0,0,0,0\n",
        "line 1: has no column offer",
    );
    let mut latin1 = row("SECRET,2025-02,kontanthjaelp,0,0,0,0,0");
    latin1.extend_from_slice(b"SECRET,2025-03,kontanthj\xe6lp,0,0,0,0,0\n");
    rejects(&latin1, "line 4: is not UTF-8 text");
}

#[test]
fn out_may_not_overwrite_the_input() {
    let (dir, data) = file(
        "register.csv",
        &format!("{HEADER}a,2025-01,kontanthjaelp,0,0,0,0,0\n"),
    );
    let before = std::fs::read(&data).unwrap();
    fokus()
        .current_dir(dir.path())
        .args(["evaluate", "register.csv", "--out", "./register.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--out"));
    assert_eq!(std::fs::read(&data).unwrap(), before);
}

#[test]
fn unknown_method_and_usage_errors_exit_2() {
    let (dir, _) = file(
        "register.csv",
        &format!("{HEADER}a,2025-01,kontanthjaelp,0,0,0,0,0\n"),
    );
    fokus()
        .current_dir(dir.path())
        .args(["evaluate", "register.csv", "--method", "nope"])
        .assert()
        .code(2);
    fokus()
        .current_dir(dir.path())
        .args(["evaluate", "register.csv", "--format", "xml"])
        .assert()
        .code(2);
    fokus()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "register.csv",
            "--method",
            "star",
            "--method",
            "star",
        ])
        .env("FOKUS_LANG", "en")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("given twice"));
    fokus()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "register.csv",
            "--method",
            "star",
            "--method",
            "star",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "fejl: --method: metoden \"star\" er givet to gange",
        ));
}

/// English words that no Danish error, usage message or help page may hold (file
/// names, JSON paths, `line N` locations and the user's values are not among them).
const ENGLISH: &[&str] = &[
    "error",
    "expected",
    "unknown",
    "invalid",
    "does not",
    "exist",
    "is not",
    "missing",
    "field",
    "value",
    "folder",
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print help",
    "default",
    "possible",
    "found",
    "unexpected",
    "probability",
    "try",
    "OPTIONS",
    "COMMAND",
    "Simulate",
    "Worker",
    "Seed of",
];

/// The bad inputs of the Danish check, each a command line in a folder with a scenario
/// holding an unknown field, one with a month 13 and one with a probability above 1.
fn bad_command_lines() -> (tempfile::TempDir, Vec<Vec<&'static str>>) {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs/out-parent.json"),
    )
    .unwrap();
    let unknown = good.replacen("\"year\"", "\"yaer\": 1, \"year\"", 1);
    let month = good.replacen("\"2025-03\"", "\"2025-13\"", 1);
    std::fs::write(dir.path().join("ukendt.json"), unknown).unwrap();
    std::fs::write(dir.path().join("maaned.json"), month).unwrap();
    let lines = vec![
        vec!["validate", "ukendt.json"],
        vec!["validate", "maaned.json"],
        vec!["validate", "no-such-file.json"],
        vec!["run", "ukendt.json", "--seed", "x"],
        vec!["run", "ukendt.json", "--format", "xml"],
        vec!["run", "ukendt.json", "--without", "nothing"],
        vec!["run", "ukendt.json", "--no-such-option"],
        vec!["no-such-command"],
    ];
    (dir, lines)
}

#[test]
fn errors_are_in_danish_by_default_and_in_english_with_lang_en() {
    let (dir, lines) = bad_command_lines();
    for args in &lines {
        let out = fokus().current_dir(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("fejl: "), "{args:?}: {stderr}");
        for word in ENGLISH {
            assert!(
                !stderr.contains(word),
                "{args:?}: English {word:?} in {stderr}"
            );
        }
        // `run` takes `--lang`; the others take the language from the environment.
        let mut in_english = fokus();
        in_english.current_dir(dir.path()).args(args);
        if args[0] == "run" {
            in_english.args(["--lang", "en"]);
        } else {
            in_english.env("FOKUS_LANG", "en");
        }
        let out = in_english.output().unwrap();
        let english = String::from_utf8(out.stderr).unwrap();
        assert!(english.starts_with("error: "), "{args:?}: {english}");
        assert_ne!(english, stderr, "{args:?}");
    }
}

#[test]
fn the_environment_chooses_the_language_and_the_command_line_wins() {
    let (dir, _) = bad_command_lines();
    let stderr =
        |cmd: &mut assert_cmd::Command| String::from_utf8(cmd.output().unwrap().stderr).unwrap();
    let args = ["validate", "no-such-file.json"];
    let mut by_locale = fokus();
    by_locale
        .current_dir(dir.path())
        .args(args)
        .env("LANG", "en_GB.UTF-8");
    assert!(stderr(&mut by_locale).starts_with("error: "));
    let mut by_fokus = fokus();
    by_fokus
        .current_dir(dir.path())
        .args(args)
        .env("LANG", "en_GB.UTF-8")
        .env("FOKUS_LANG", "da");
    assert!(stderr(&mut by_fokus).starts_with("fejl: "));
    let mut by_option = fokus();
    by_option
        .current_dir(dir.path())
        .args(["run", "no-such-file.json", "--lang", "da"])
        .env("FOKUS_LANG", "en");
    assert!(stderr(&mut by_option).starts_with("fejl: "));
}

/// Placeholders of values as clap writes them in English.
const ENGLISH_PLACEHOLDERS: &[&str] = &[
    "<SCENARIO",
    "[SCENARIO",
    "<FILE>",
    "<FILE.",
    "<FILES>",
    "<DIR>",
    "<REPLICATIONS>",
    "<THREADS>",
    "<LAYER>",
    "<LANG>",
    "<NAME",
    "<YYYY",
    "<BASE>",
    "<ALTERNATIVES>",
    "<PARTS>",
    "<OUT>",
];

#[test]
fn help_is_in_danish_by_default_and_unchanged_in_english() {
    let commands = [
        "run",
        "validate",
        "method",
        "method show",
        "method diff",
        "requirement",
        "calibrate",
        "compare",
        "init",
        "sensitivity",
        "solve",
        "evaluate",
        "lister",
        "schema",
        "backtest",
        "synth",
        "merge",
        "serve",
        "scenarios",
        "scenarios export",
    ];
    let every = commands.iter().map(|c| {
        let mut args: Vec<&str> = c.split(' ').collect();
        args.push("--help");
        args
    });
    for args in std::iter::once(vec!["--help"]).chain(every) {
        let out = fokus().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Brug: fokus"), "{help}");
        assert!(help.contains("Tilvalg:"), "{help}");
        for word in ENGLISH.iter().chain(ENGLISH_PLACEHOLDERS) {
            assert!(!help.contains(word), "{args:?}: English {word:?} in {help}");
        }
        // Danish writes the genitive without an apostrophe ("STARs").
        assert!(
            !help.contains("'s "),
            "{args:?}: English genitive in {help}"
        );
        let out = fokus()
            .args(&args)
            .env("FOKUS_LANG", "en")
            .output()
            .unwrap();
        let english = String::from_utf8(out.stdout).unwrap();
        assert!(english.contains("Usage: fokus"), "{english}");
        assert!(english.contains("Options:"), "{english}");
        assert!(english.contains("Print help"), "{english}");
    }
}

/// Messages that the old catalogue never worded are Danish where they are made: a shard
/// that is not one, a shard file that is not one, observed months with a gap. Each in
/// Danish has no English word; with `--lang en` it is the English message.
#[test]
fn shard_and_observed_errors_are_danish_throughout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ikke-shard.json"), "{}").unwrap();
    std::fs::write(
        dir.path().join("maaneder.csv"),
        "month,share_pct\n2025-01,66.2\n2025-03,66.0\n",
    )
    .unwrap();
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &[
                "run",
                "--shard",
                "5/3",
                "--shard-out",
                "del.json",
                "-n",
                "10",
            ],
            "\"5/3\" er efter den sidste shard, 2/3 (forventede K/N",
            "\"5/3\" is past the last shard, 2/3 (expected K/N",
        ),
        (
            &["merge", "ikke-shard.json"],
            "ikke-shard.json: er ikke en shardfil",
            "ikke-shard.json: is not a shard file",
        ),
        (
            &["requirement", "--observed", "maaneder.csv"],
            "måned 2025-03 kommer efter et hul; månederne i 2025 skal løbe fra januar uden huller (mangler 2025-02)",
            "month 2025-03 follows a gap; the months of 2025 must run from January without a gap (missing 2025-02)",
        ),
    ];
    for (args, danish, english) in cases {
        let out = fokus()
            .current_dir(dir.path())
            .args(args)
            .env("FOKUS_LANG", "da")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(
            said.lines().any(|l| l.starts_with("fejl: ")),
            "{args:?}: {said}"
        );
        assert!(said.contains(danish), "{args:?}: {said}");
        for word in ENGLISH
            .iter()
            .chain(["shard file", "is not", "month ", "missing"].iter())
        {
            assert!(!said.contains(word), "{args:?}: English {word:?} in {said}");
        }
        let out = fokus()
            .current_dir(dir.path())
            .args(args)
            .arg("--lang")
            .arg("en")
            .output()
            .unwrap();
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(
            said.lines().any(|l| l.starts_with("error: ")),
            "{args:?}: {said}"
        );
        assert!(said.contains(english), "{args:?}: {said}");
    }
}

/// Messages of the command line, the analyses, the files and the runs carry their own
/// Danish wording (not the old catalogue's): each bad command line says what was wrong in
/// Danish with no English word, and with `--lang en` (or `FOKUS_LANG=en`) the English
/// message as before.
#[test]
fn command_line_analysis_and_run_errors_are_danish_where_they_are_made() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs/out-parent.json"),
    )
    .unwrap();
    std::fs::write(dir.path().join("god.json"), &good).unwrap();
    let orphan = good.replacen("{", "{\"extends\": \"findes-ikke.json\",", 1);
    std::fs::write(dir.path().join("forael.json"), orphan).unwrap();
    std::fs::write(dir.path().join("tom.csv"), "group,persons\n").unwrap();
    std::fs::write(
        dir.path().join("register.csv"),
        format!("{HEADER}a,2025-01,kontanthjaelp,0,0,0,0,0\n"),
    )
    .unwrap();
    let mut cases: Vec<(&[&str], &str, &str)> = vec![
        (
            &[
                "run",
                "god.json",
                "--shard",
                "1/2",
                "--shard-out",
                "del.json",
                "--precision",
                "0.01",
                "-n",
                "10",
            ],
            "fejl: --shard-out: en shard skriver kun sine rå replikationer; --precision, --out, --excel og --from-register kræver hele kørslen (udelad dem)",
            "error: --shard-out: a shard writes only its raw replications; --precision, --out, --excel and --from-register need the whole run (leave them out)",
        ),
        (
            &[
                "run",
                "god.json",
                "--shard",
                "1/10",
                "--shard-out",
                "del.json",
                "-n",
                "3",
            ],
            "fejl: --shard: 10 shards af 3 replikationer efterlader nogle uden nogen (brug højst 3 shards)",
            "error: --shard: 10 shards of 3 replications leave some with none (use at most 3 shards)",
        ),
        (
            &["run", "god.json", "--precision", "0.7", "-n", "10"],
            "fejl: --precision: 0,7 er ikke en halv intervalbredde for en sandsynlighed (forventede mere end 0 og mindre end 0,5, f.eks. 0,01)",
            "error: --precision: 0.7 is not a half-width of a probability's interval (expected more than 0 and less than 0.5, e.g. 0.01)",
        ),
        (
            &["run", "god.json", "-n", "0"],
            "fejl: --replications: 0 kørsler giver intet resultat (forventede mindst 1)",
            "error: --replications: 0 replications give no result (expected at least 1)",
        ),
        (
            &[
                "run",
                "god.json",
                "-n",
                "2",
                "--from-register",
                "register.csv",
                "--as-of",
                "2024-06",
            ],
            "fejl: --as-of: 2024-06 ligger uden for registrets måneder 2025-01 til 2025-01",
            "error: --as-of: 2024-06 is outside the register's months 2025-01 to 2025-01",
        ),
        (
            &["run", "forael.json", "-n", "2"],
            "fejl: forael.json: extends: \"findes-ikke.json\" findes ikke (stien regnes fra denne fils mappe)",
            "error: forael.json: extends: \"findes-ikke.json\" does not exist (the path is relative to this file's folder)",
        ),
        (
            &["run", "god.json", "-n", "2", "--excel", "ud.csv"],
            "fejl: --excel: ud.csv ender ikke på .xlsx, men der skrives en Excel-projektmappe (kald den ud.xlsx)",
            "error: --excel: ud.csv does not end in .xlsx, but an Excel workbook is written there (name it ud.xlsx)",
        ),
        (
            &["run", "god.json", "-n", "2", "--out", "god.json"],
            "fejl: --out: god.json findes og er ikke en mappe (vælg et mappenavn)",
            "error: --out: god.json exists and is not a folder (choose a folder name)",
        ),
        (
            &["sensitivity", "god.json", "-n", "2"],
            "fejl: god.json: sensitivity: er tom: angiv de usikre parametre med deres lave og høje værdier",
            "error: god.json: sensitivity: is empty: list the uncertain parameters with their low and high values",
        ),
        (
            &[
                "init",
                "--municipality",
                "Fokusby",
                "--groups",
                "tom.csv",
                "--out",
                "ny.json",
            ],
            "fejl: tom.csv: har ingen grupper (forventede rækker group,persons)",
            "error: tom.csv: has no groups (expected rows group,persons)",
        ),
        (
            &[
                "calibrate",
                "god.json",
                "--observed",
                "o.csv",
                "--from-register",
                "register.csv",
            ],
            "fejl: --observed: og --from-register giver begge mål (giv ét)",
            "error: --observed: and --from-register both give targets (give one)",
        ),
    ];
    // A level this machine cannot run (the levels it can are named after it).
    if cfg!(target_arch = "x86_64") {
        cases.push((
            &["run", "god.json", "-n", "2", "--cpu-level", "neon"],
            "fejl: --cpu-level: denne CPU kan ikke køre niveau neon (den har højst ",
            "error: --cpu-level: this CPU cannot run level neon (it has at most ",
        ));
    }
    for (args, danish, english) in cases {
        let out = fokus().current_dir(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(said.contains(danish), "{args:?}: {said}");
        for word in ENGLISH
            .iter()
            .chain(["shard file", "month", "register's", "the "].iter())
        {
            assert!(!said.contains(word), "{args:?}: English {word:?} in {said}");
        }
        let mut in_english = fokus();
        in_english.current_dir(dir.path()).args(args);
        if args[0] == "run" {
            in_english.args(["--lang", "en"]);
        } else {
            in_english.env("FOKUS_LANG", "en");
        }
        let out = in_english.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(said.contains(english), "{args:?}: {said}");
    }
    assert!(!dir.path().join("del.json").exists());
    assert!(!dir.path().join("ny.json").exists());
}
