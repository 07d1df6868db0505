//! Every command that simulates runs its replications through the one driver: it takes
//! `--threads`, and its output does not depend on it (replication `i` is a pure function
//! of the seed and `i`, collected in index order).

use super::fokus;
use super::simulate::calibration_scenario;
use std::path::{Path, PathBuf};

/// A file shipped with the repository.
fn shipped(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Standard output of a successful `fokus` with `args`, in `dir`.
fn stdout(dir: &Path, args: &[&str]) -> String {
    let o = fokus().current_dir(dir).args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn calibrate_gives_the_same_fit_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = calibration_scenario(55.0, None).to_string();
    std::fs::write(dir.path().join("s.json"), scenario).unwrap();
    let calibrate = |threads: &str| {
        let out = format!("calibrated-{threads}.json");
        let table = stdout(
            dir.path(),
            &[
                "calibrate",
                "s.json",
                "-n",
                "4",
                "--seed",
                "11",
                "--threads",
                threads,
                "--out",
                &out,
                "--name",
                "calibrated",
            ],
        );
        let file = std::fs::read_to_string(dir.path().join(out)).unwrap();
        (table, file)
    };
    assert_eq!(calibrate("1"), calibrate("2"));
}

#[test]
fn backtest_gives_the_same_scores_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = shipped("scenarios/copenhagen-2025.json");
    let register = shipped("examples/register-synthetic.csv");
    let backtest = |threads: &str, format: &str| {
        stdout(
            dir.path(),
            &[
                "backtest",
                scenario.to_str().unwrap(),
                "--from-register",
                register.to_str().unwrap(),
                "--as-of",
                "2025-03",
                "-n",
                "12",
                "--threads",
                threads,
                "--format",
                format,
            ],
        )
    };
    for format in ["table", "json"] {
        assert_eq!(backtest("1", format), backtest("2", format), "{format}");
    }
}

/// `fokus run --cpu-level`: every level this CPU has gives the JSON of `auto` (timing
/// aside); a level it lacks is an input error (exit 2) that names the option, with
/// nothing on standard output.
#[test]
fn run_gives_the_same_json_at_every_cpu_level_it_has() {
    use fokus::sim::CpuLevel;
    let dir = tempfile::tempdir().unwrap();
    let scenario = shipped("scenarios/copenhagen-2025.json");
    let run = |level: &str| {
        fokus()
            .current_dir(dir.path())
            .arg("run")
            .arg(&scenario)
            .args(["-n", "2", "--seed", "5", "--format", "json"])
            .args(["--cpu-level", level])
            .args(["--without", "effect_sizes,calibration,volatility"])
            .output()
            .unwrap()
    };
    let without_timing = |stdout: &[u8]| {
        let mut json: serde_json::Value = serde_json::from_slice(stdout).unwrap();
        json.as_object_mut().unwrap().remove("timing");
        json
    };
    let auto = run("auto");
    let stderr = String::from_utf8_lossy(&auto.stderr);
    assert!(auto.status.success(), "{stderr}");
    let expected = without_timing(&auto.stdout);
    let levels = [
        ("scalar", CpuLevel::Baseline),
        ("v3", CpuLevel::V3),
        ("v4", CpuLevel::V4),
        ("neon", CpuLevel::Neon),
    ];
    for (name, level) in levels {
        let out = run(name);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if level.is_supported() {
            assert!(out.status.success(), "{name}: {stderr}");
            assert_eq!(without_timing(&out.stdout), expected, "{name}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
            assert!(out.stdout.is_empty(), "{name}");
            assert!(stderr.contains("--cpu-level"), "{name}: {stderr}");
        }
    }
}
