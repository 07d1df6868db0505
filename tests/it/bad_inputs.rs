//! The catalogue of bad inputs (`tests/bad-inputs/cases.json` and every `cases-*.json`
//! beside it, one file per class): every case through the real CLI — exit code 2, one
//! line on stderr (clap's usage errors aside), no panic, nothing written — and each
//! file's messages in one snapshot, to read side by side.

use super::fokus;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

/// A scratch copy of the catalogue folder (cases write into it, or must not).
fn scratch_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&catalogue_dir(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn listing(dir: &Path) -> BTreeSet<(PathBuf, Vec<u8>)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                out.insert((p.clone(), Vec::new()));
                stack.push(p);
            } else {
                out.insert((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// The catalogue files, `cases.json` first, with the snapshot name of each.
fn catalogue_files() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(catalogue_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_string();
            let is_catalogue =
                path.extension()? == "json" && (stem == "cases" || stem.starts_with("cases-"));
            is_catalogue.then(|| (stem.replacen("cases", "catalogue", 1), path))
        })
        .collect();
    files.sort();
    files
}

fn cases_in(file: &Path, kind: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(file).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    manifest[kind]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let args = c["args"].as_array().unwrap();
            (
                c["name"].as_str().unwrap().to_string(),
                args.iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// What differs between machines: the memory this machine has available (and the
/// share of it a run may plan for).
fn redact(stderr: &str) -> String {
    const SPANS: [(&str, &str); 2] = [
        ("a run may plan for (", " available on this machine)"),
        ("en kørsel må planlægge med (", " ledig på denne maskine)"),
    ];
    for (from, to) in SPANS {
        if let (Some(a), Some(b)) = (stderr.find(from), stderr.find(to))
            && a < b
        {
            return format!(
                "{}[limit] of [available memory]{}",
                &stderr[..a + from.len()],
                &stderr[b..]
            );
        }
    }
    stderr.to_string()
}

#[test]
fn catalogue() {
    let files = catalogue_files();
    let total: usize = files.iter().map(|(_, f)| cases_in(f, "cases").len()).sum();
    assert!(total >= 40, "{total}");
    let dir = scratch_copy();
    let before = listing(dir.path());
    for (snapshot_name, file) in &files {
        let snapshot = run_cases(dir.path(), &before, &cases_in(file, "cases"));
        insta::assert_snapshot!(snapshot_name.as_str(), snapshot);
    }
}

/// Runs each case in `dir` and returns the messages, checking the contract on the way.
fn run_cases(
    dir: &Path,
    before: &BTreeSet<(PathBuf, Vec<u8>)>,
    cases: &[(String, Vec<String>)],
) -> String {
    let mut snapshot = String::new();
    for (name, args) in cases {
        let output = fokus().current_dir(dir).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let shown = format!("{name}\n$ fokus {}", args.join(" "));
        assert_eq!(output.status.code(), Some(2), "{shown}\n{stderr}");
        assert!(!stderr.contains("panicked"), "{shown}\n{stderr}");
        assert!(output.stdout.is_empty(), "{shown}: wrote to stdout");
        // clap's usage errors: a line, the usage and a pointer to --help.
        let usage = stderr.contains("\n\nSe mere med '--help'.");
        if !usage {
            assert!(stderr.starts_with("fejl: "), "{shown}\n{stderr}");
            assert_eq!(stderr.lines().count(), 1, "{shown}\n{stderr}");
        }
        assert!(
            listing(dir) == *before,
            "{shown}: a file was written or changed"
        );
        let message = if usage {
            stderr.lines().next().unwrap_or_default().to_string()
        } else {
            redact(stderr.trim_end())
        };
        snapshot.push_str(&format!("{shown}\n{message}\n\n"));
    }
    snapshot
}

#[test]
fn accepted_variants() {
    let dir = scratch_copy();
    let accepted = catalogue_files()
        .iter()
        .flat_map(|(_, file)| cases_in(file, "accepted"))
        .collect::<Vec<_>>();
    assert!(!accepted.is_empty());
    for (name, args) in accepted {
        let output = fokus()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        assert!(!output.stdout.is_empty(), "{name}");
    }
    // A BOM changes nothing but the file's hash; `;` with decimal commas reads as `,`.
    let plain = format!("{}a,2025-01,kontanthjaelp,0,0,0,0,0\n", super::HEADER);
    std::fs::write(dir.path().join("plain.csv"), plain).unwrap();
    std::fs::write(
        dir.path().join("comma.csv"),
        format!("{}a,2025-01,kontanthjaelp,0,12.25,0,0,1\n", super::HEADER),
    )
    .unwrap();
    let csv = |f: &str| {
        let out = fokus()
            .current_dir(dir.path())
            .args(["evaluate", f, "--format", "csv", "--min-cell", "0"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{f}");
        out.stdout
    };
    assert_eq!(csv("reg-bom.csv"), csv("plain.csv"));
    assert_eq!(csv("reg-semicolon.csv"), csv("comma.csv"));
}

/// A 50 MB single line — as a register header, a register row, a JSON key — is refused
/// quickly, with a message of bounded length, within 1 GiB of address space.
#[test]
fn a_huge_line_is_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(50 << 20);
    let files = [
        ("header.csv", big.clone()),
        (
            "row.csv",
            format!("{}a,2025-01,{big},0,0,0,0,0\n", super::HEADER),
        ),
        ("key.json", format!("{{\"version\": 1, \"{big}\": 1}}")),
    ];
    let fokus_bin = assert_cmd::cargo::cargo_bin!("fokus");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
        let command = if name.ends_with(".json") {
            "validate"
        } else {
            "evaluate"
        };
        let start = std::time::Instant::now();
        let output = std::process::Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!(
                "ulimit -v 1048576 && exec '{}' {command} {name}",
                fokus_bin.display()
            ))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.starts_with(&format!("fejl: {name}: ")), "{stderr}");
        assert!(
            stderr.len() < 2500,
            "{name}: {} bytes of message",
            stderr.len()
        );
        assert!(
            start.elapsed().as_secs() < 20,
            "{name}: {:?}",
            start.elapsed()
        );
        std::fs::remove_file(dir.path().join(name)).unwrap();
    }
}
