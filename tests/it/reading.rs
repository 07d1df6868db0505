//! Reading inputs that are not plain files, and what no register error may contain:
//! devices and pipes are read within the limits on what is read (refused quickly, in
//! bounded memory, when too much arrives); `/dev/stdin` and `<(…)` work when they hold
//! valid input; every io error is said truly; and no command that reads a register (or
//! is given one in the wrong place) quotes a person id or a name in any message.

use super::{HEADER, fokus};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bad_inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

/// `fokus ARGS` under a 512 MiB address-space limit: exit 2, the message starts with
/// `error: ` and contains `expected` (in English, the message as written), within 10 s.
#[track_caller]
fn refused_in_bounds(dir: &Path, args: &str, expected: &str) {
    let fokus_bin = assert_cmd::cargo::cargo_bin!("fokus");
    let start = Instant::now();
    let output = Command::new("bash")
        .current_dir(dir)
        .arg("-c")
        .arg(format!(
            "ulimit -v 524288 && FOKUS_LANG=en exec '{}' {args}",
            fokus_bin.display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args}: {stderr}");
    assert!(stderr.starts_with("error: "), "{args}: {stderr}");
    assert!(
        stderr.contains(expected),
        "{args}: {stderr}\nexpected: {expected}"
    );
    assert_eq!(stderr.lines().count(), 1, "{args}: {stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{args}: {:?}",
        start.elapsed()
    );
}

#[test]
fn dev_zero_is_refused_quickly_as_every_input() {
    let dir = bad_inputs();
    for args in [
        "evaluate /dev/zero",
        "validate /dev/zero",
        "run scenario.json --from-register /dev/zero",
        "requirement --observed /dev/zero",
        "calibrate scenario.json --observed /dev/zero --out never.json",
        "init --municipality X --groups /dev/zero --out never.json",
        "merge /dev/zero",
        "evaluate register.csv --method /dev/zero",
    ] {
        refused_in_bounds(&dir, args, "/dev/zero: line 1: holds a NUL byte");
    }
    assert!(!dir.join("never.json").exists());
}

/// A FIFO whose writer writes `chunk` over and over until the reader goes away.
fn fifo_fed_with(dir: &Path, name: &str, head: &'static [u8], chunk: &'static [u8]) -> PathBuf {
    let path = dir.join(name);
    let made = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(made.success());
    let writer_path = path.clone();
    std::thread::spawn(move || {
        let Ok(mut fifo) = std::fs::OpenOptions::new().write(true).open(writer_path) else {
            return;
        };
        if fifo.write_all(head).is_err() {
            return;
        }
        while fifo.write_all(chunk).is_ok() {}
    });
    path
}

#[test]
fn a_fifo_is_read_only_up_to_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    // One endless line: refused at 64 KiB, not read to the end of memory.
    fifo_fed_with(dir.path(), "line.csv", b"", b"xxxxxxxxxxxxxxxx");
    refused_in_bounds(
        dir.path(),
        "evaluate line.csv",
        "line.csv: line 1: is longer than 64 KiB",
    );
    // Valid rows without end: a table is refused past 16 MiB.
    fifo_fed_with(
        dir.path(),
        "rows.csv",
        b"month,share_pct\n",
        b"2025-01,66.2\n2025-02,66.4\n",
    );
    refused_in_bounds(
        dir.path(),
        "requirement --observed rows.csv",
        "rows.csv: is larger than 16 MiB",
    );
    // A register's rows with a bad line far down: the line number is still right.
    fifo_fed_with(
        dir.path(),
        "register.csv",
        HEADER.as_bytes(),
        b"a,2025-01,kontanthjaelp,0,0,0,0,0\r\n\r\nb,2025-01,kontanthjaelp,0,0,0,0,0,\xff\n",
    );
    refused_in_bounds(dir.path(), "evaluate register.csv", "line 4: is not UTF-8");
}

/// `/dev/stdin` from a pipe and a `<(…)` process substitution hold valid input: they
/// simply work, for every kind of input.
#[test]
fn pipes_and_stdin_with_valid_input_work() {
    let dir = bad_inputs();
    for (args, input) in [
        ("evaluate /dev/stdin", "register.csv"),
        ("validate /dev/stdin", "scenario.json"),
        ("requirement --observed /dev/stdin", "obs-semicolon.csv"),
        ("run /dev/stdin -n 4", "scenario.json"),
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("fokus"))
            .current_dir(&dir)
            .args(args.split(' '))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let bytes = std::fs::read(dir.join(input)).unwrap();
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args}: {stderr}");
        assert!(!output.stdout.is_empty(), "{args}");
    }
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("init.json");
    for args in [
        "evaluate <(cat register.csv)".to_string(),
        "validate <(cat scenario.json)".to_string(),
        "run <(cat scenario.json) -n 4".to_string(),
        "requirement --observed <(cat obs-semicolon.csv)".to_string(),
        format!(
            "init --municipality X --groups <(printf 'Gruppe;Personer\\r\\nKontanthjælp;1.500\\r\\n') --out {}",
            out.display()
        ),
    ] {
        let output = Command::new("bash")
            .current_dir(&dir)
            .arg("-c")
            .arg(format!(
                "exec '{}' {args}",
                assert_cmd::cargo::cargo_bin!("fokus").display()
            ))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args}: {stderr}");
    }
    assert!(out.exists());
}

/// Each way a path can fail to be a readable file is said as it is.
#[test]
fn io_errors_are_said_truly() {
    let dir = bad_inputs();
    for (args, expected) in [
        (
            "evaluate a-folder",
            "a-folder: is a folder (expected a file)",
        ),
        (
            "validate a-folder",
            "a-folder: is a folder (expected a file)",
        ),
        (
            "requirement --observed a-folder",
            "a-folder: is a folder (expected a file)",
        ),
        (
            "evaluate register.csv/x.csv",
            "register.csv/x.csv: does not exist: a part of the path before the name is a file, not a folder",
        ),
        (
            "evaluate no-such.csv",
            "no-such.csv: does not exist (check the name and the folder)",
        ),
    ] {
        let output = fokus()
            .current_dir(&dir)
            .args(args.split(' '))
            .env("FOKUS_LANG", "en")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args}: {stderr}");
        assert_eq!(stderr.trim_end(), format!("error: {expected}"), "{args}");
    }
}

/// The ids fed into registers: CPR numbers in three spellings, a name and a surname.
const SECRETS: [&str; 5] = [
    "070150-1006",
    "0701501006",
    "070150 1006",
    "Jens Hansen",
    "Hansen",
];

/// Registers with a secret in each column, with and without a header, shifted by an
/// appended id column, under a header in another order, with `;` and Danish names, and
/// with Windows line endings.
fn registers_with_secrets() -> Vec<String> {
    let names: Vec<&str> = HEADER.trim_end().split(',').collect();
    let mut files = Vec::new();
    for secret in SECRETS {
        for column in 0..names.len() {
            let mut fields = vec!["0"; names.len()];
            fields[0] = "p1";
            fields[1] = "2025-01";
            fields[2] = "kontanthjaelp";
            fields[column] = secret;
            let row = fields.join(",");
            files.push(format!("{HEADER}{row}\n"));
            files.push(format!("{row}\n{row}\n"));
            files.push(format!("{HEADER}{secret},{row}\n"));
            files.push(format!(
                "{HEADER}p0,2025-01,kontanthjaelp,0,0,0,0,0\r\n{row}\r\n"
            ));
            files.push(format!(
                "Måned;CPR;Gruppe;Tilbud;Ordinære timer;Frikort timer;Fravær;Samtaler\n{}\n",
                fields.join(";")
            ));
            let mut shifted_header: Vec<&str> = names.clone();
            shifted_header.rotate_left(1);
            files.push(format!("{}\n{row}\n", shifted_header.join(",")));
        }
        // A header in another order than the rows: the id falls under `month`.
        files.push(format!(
            "month,person_id,group,offer,ordinary_hours,frikort_hours,absence,conversations\n{secret},2025-01,kontanthjaelp,0,0,0,0,0\n"
        ));
        // The id as the header itself, and as an unknown header name.
        files.push(format!(
            "{secret},{}\np1,2025-01,kontanthjaelp,0,0,0,0,0\n",
            &HEADER[10..].trim_end()
        ));
        files.push(format!(
            "{}\t{secret}\n",
            HEADER.trim_end().replace(',', "\t")
        ));
    }
    files
}

/// Every message any command gives on those registers — as a register, and given in the
/// wrong place as observed shares or group sizes — is free of every id, whole or in part.
#[test]
fn no_message_on_any_command_holds_a_person_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        bad_inputs().join("scenario.json"),
        dir.path().join("scenario.json"),
    )
    .unwrap();
    let commands: [&[&str]; 9] = [
        &["evaluate", "r.csv"],
        &[
            "evaluate", "r.csv", "--method", "frikort", "--format", "json",
        ],
        &[
            "run",
            "scenario.json",
            "--from-register",
            "r.csv",
            "-n",
            "2",
        ],
        &[
            "backtest",
            "scenario.json",
            "--from-register",
            "r.csv",
            "-n",
            "2",
        ],
        &[
            "calibrate",
            "scenario.json",
            "--from-register",
            "r.csv",
            "-n",
            "2",
            "--out",
            "c.json",
        ],
        &[
            "calibrate",
            "scenario.json",
            "--observed",
            "r.csv",
            "--out",
            "c.json",
        ],
        &["requirement", "--observed", "r.csv"],
        &[
            "init",
            "--municipality",
            "X",
            "--groups",
            "r.csv",
            "--out",
            "i.json",
        ],
        &[
            "init",
            "--municipality",
            "X",
            "--groups",
            "g.csv",
            "--observed",
            "r.csv",
            "--out",
            "i.json",
        ],
    ];
    std::fs::write(
        dir.path().join("g.csv"),
        "group,persons\nkontanthjaelp,10\n",
    )
    .unwrap();
    let mut refusals = 0;
    for text in registers_with_secrets() {
        std::fs::write(dir.path().join("r.csv"), &text).unwrap();
        for args in commands {
            let output = fokus().current_dir(dir.path()).args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            refusals += usize::from(output.status.code() == Some(2));
            for secret in SECRETS {
                for part in [secret, &secret[..6], &secret[secret.len() - 4..]] {
                    assert!(
                        !stderr.contains(part),
                        "fokus {} quotes {part:?} of\n{text}\n{stderr}",
                        args.join(" ")
                    );
                }
            }
        }
    }
    // The scan means something only if the commands read the files and refused them.
    eprintln!("{refusals} refusals");
    assert!(refusals > 2000, "{refusals}");
}

/// The Danish-Excel variants of the catalogue read exactly as their plain equivalents:
/// every line ending, separator, quoting, BOM, Danish name and padding row changes
/// nothing in what is read.
#[test]
fn danish_excel_variants_read_as_their_plain_equivalents() {
    let dir = bad_inputs();
    let scratch = tempfile::tempdir().unwrap();
    let evaluate = |path: &Path| {
        let output = fokus()
            .arg("evaluate")
            .arg(path)
            .args(["--format", "csv", "--min-cell", "0"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", path.display());
        output.stdout
    };
    for (variant, plain) in [
        (
            "rd-danish-excel.csv",
            "a,2025-01,kontanthjaelp,0,12.25,0,0,1\na,2025-02,kontanthjaelp,1,0,0,0,0\nb,2025-01,a_dagpenge,0,37.5,2.5,0,1\n",
        ),
        (
            "rd-cr-register.csv",
            "a,2025-01,kontanthjaelp,0,0,0,0,0\nb,2025-01,kontanthjaelp,0,10,0,0,1\na,2025-02,kontanthjaelp,1,0,0,0,0\n",
        ),
        (
            "rd-tab-register.csv",
            "a,2025-01,kontanthjaelp,0,12.25,0,0,1\n",
        ),
        (
            "rd-quoted-register.csv",
            "a,2025-01,kontanthjaelp,0,12.25,0,0,1\n",
        ),
    ] {
        let plain_path = scratch.path().join(variant);
        std::fs::write(&plain_path, format!("{HEADER}{plain}")).unwrap();
        assert_eq!(
            String::from_utf8(evaluate(&dir.join(variant))).unwrap(),
            String::from_utf8(evaluate(&plain_path)).unwrap(),
            "{variant}"
        );
    }
    let requirement = |path: &Path| {
        fokus()
            .arg("requirement")
            .arg("--observed")
            .arg(path)
            .args(["--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    let plain = scratch.path().join("obs.csv");
    std::fs::write(&plain, "month,share_pct\n2025-01,66.2\n2025-02,66.4\n").unwrap();
    assert_eq!(
        requirement(&dir.join("rd-obs-danish.csv")),
        requirement(&plain)
    );
    let sizes = fokus::analyses::init::parse_group_sizes(
        &std::fs::read_to_string(dir.join("rd-groups-danish.csv")).unwrap(),
        "g.csv",
    )
    .unwrap();
    use fokus::Group::*;
    assert_eq!(
        sizes,
        [
            (Kontanthjaelp, 3500),
            (Sygedagpenge, 900),
            (Ressourceforloeb, 1200)
        ]
    );
}
