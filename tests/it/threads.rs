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
