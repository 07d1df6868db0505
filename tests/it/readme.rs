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
            if !a.starts_with('-')
                && !root.join(a.as_str()).exists()
                && scratch.path().join(a.as_str()).exists()
            {
                *a = scratch.path().join(a.as_str()).display().to_string();
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
