//! The README's commands run: every `cargo run --release -- …` line in its `sh` blocks is
//! executed with the built binary (with few replications, outputs redirected to a
//! scratch folder) and must succeed.

use crate::fokus;
use std::path::Path;

fn readme_commands() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_sh = line.trim() == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let code = line.split(" #").next().unwrap().trim();
        pending.push_str(code.trim_end_matches('\\').trim());
        pending.push(' ');
        if !code.ends_with('\\') {
            if let Some(args) = pending.trim().strip_prefix("cargo run --release -- ") {
                commands.push(args.to_string());
            }
            pending.clear();
        }
    }
    commands
}

#[test]
fn the_readme_commands_work() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().unwrap();
    let commands = readme_commands();
    assert!(commands.len() >= 6, "{commands:?}");
    assert!(
        commands[0].starts_with("run scenarios/copenhagen-2025.json"),
        "the first command is the main job"
    );
    for command in commands {
        let mut args: Vec<String> = command.split_whitespace().map(str::to_string).collect();
        // Outputs go to the scratch folder, never into the repository.
        for i in 1..args.len() {
            if matches!(args[i - 1].as_str(), "--out" | "--report") {
                let name = Path::new(&args[i]).file_name().unwrap().to_owned();
                args[i] = scratch.path().join(name).display().to_string();
            }
        }
        // Few replications keep the test fast; calibration needs a dozen to fit every
        // group within a point (with three, the noise of a small group is larger).
        let replications = match args[0].as_str() {
            "calibrate" => Some("12"),
            "run" | "compare" | "sensitivity" | "solve" => Some("3"),
            _ => None,
        };
        if let Some(n) = replications
            && !args.iter().any(|a| a == "-n")
        {
            args.extend(["-n".to_string(), n.to_string()]);
        }
        // Files written by an earlier README command are read from the scratch folder.
        for a in args.iter_mut().skip(1) {
            let written = Path::new(a.as_str())
                .file_name()
                .map(|name| scratch.path().join(name));
            if let Some(written) = written
                && !a.starts_with('-')
                && !root.join(a.as_str()).exists()
                && written.exists()
            {
                *a = written.display().to_string();
            }
        }
        let out = fokus().current_dir(root).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "README command failed: fokus {}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The paths a README command writes: the values of its output options.
fn written_paths(command: &str) -> Vec<String> {
    let args: Vec<&str> = command.split_whitespace().collect();
    args.windows(2)
        .filter(|w| matches!(w[0], "--out" | "--report" | "--shard-out"))
        .map(|w| w[1].to_string())
        .collect()
}

#[test]
fn the_readme_commands_write_only_into_the_ignored_scratch_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l.trim() == "/out/"),
        "out/ is ignored by git"
    );
    let written: Vec<String> = readme_commands()
        .iter()
        .flat_map(|c| written_paths(c))
        .collect();
    assert!(written.len() >= 8, "{written:?}");
    for path in &written {
        assert!(
            path.starts_with("out/"),
            "a README command writes {path}, outside out/"
        );
    }
}

#[test]
fn the_readme_links_stay_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        !text.contains("../"),
        "the README refers outside the repository"
    );
    assert!(!text.contains("http://") && !text.contains("https://"));
    // Every file or folder the README names in backquotes under docs/, scenarios/,
    // examples/ or benches/ is in the repository.
    for quoted in text.split('`').skip(1).step_by(2) {
        let first = quoted.split_whitespace().next().unwrap_or("");
        let named = ["docs/", "scenarios/", "examples/", "benches/"]
            .iter()
            .any(|dir| first.starts_with(dir));
        if named && !first.contains('*') {
            let path = first.trim_end_matches(['.', ',', ':', ')']);
            assert!(
                root.join(path).exists(),
                "the README names {path}, which is missing"
            );
        }
    }
}

/// The performance table is in ratios to `benches/run.sh`'s single-thread baseline (a
/// reader's machine is not the one it was measured on), with the command that measures
/// the reader's own.
#[test]
fn the_performance_table_is_in_ratios_to_a_baseline_the_reader_can_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = text.split("\n## Performance\n").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    assert!(section.contains("\nbenches/run.sh -n 200"), "{section}");
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| case"))
        .collect();
    assert!(rows.len() >= 5, "{section}");
    assert!(
        rows[0].contains("baseline") && rows[0].ends_with("| 1 | 1 | 1 |"),
        "{}",
        rows[0]
    );
    for row in &rows[1..] {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        for ratio in &cells[cells.len() - 3..] {
            let number = ratio
                .strip_suffix('×')
                .unwrap_or_else(|| panic!("{row}: {ratio}"));
            assert!(
                number.parse::<f64>().is_ok_and(|r| r > 0.0),
                "{row}: {ratio}"
            );
        }
    }
}
