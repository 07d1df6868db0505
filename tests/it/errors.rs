//! Bad input: exit code 2, one line naming the file and the line, nothing written.

use super::{HEADER, file, fokus};

/// Evaluate `csv` with `--out`, expect exit 2, `expected` in the message, no output file,
/// and no value of the row but the offending field in the message.
#[track_caller]
fn rejects(csv: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("register.csv");
    std::fs::write(&data, csv).unwrap();
    let out = dir.path().join("out.csv");
    let assert = fokus()
        .current_dir(dir.path())
        .args(["evaluate", "register.csv", "--out", "out.csv"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("fejl: register.csv: "), "{stderr}");
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
        .assert()
        .code(2)
        .stderr(predicates::str::contains("given twice"));
}
