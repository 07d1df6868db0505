//! Outputs beyond the catalogue's reach (links, devices, FIFOs, signals, concurrent runs):
//! no output replaces an input under any name, several outputs are one transaction, two
//! runs into one folder leave wholly one run's files, and a signal at any phase ends
//! fokus promptly with nothing written and no temporary left.

use super::{HEADER, fokus, quiet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The names in a folder, sorted; none when it does not exist (yet).
fn names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn small_scenario(dir: &Path) -> PathBuf {
    let path = dir.join("s.json");
    let text = serde_json::to_string_pretty(&super::scenarios::small()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn register(dir: &Path) -> PathBuf {
    let path = dir.join("data.csv");
    let rows = quiet("a", "kontanthjaelp", "2025-01", "2025-03");
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    path
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A symbolic or a hard link to an input, given as an output of any command, is the
/// input: refused with exit code 2 before any work, the input unchanged.
#[test]
fn links_to_an_input_are_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small_scenario(d);
    std::fs::write(
        d.join("child.json"),
        r#"{"version": 1, "extends": "s.json", "name": "child"}"#,
    )
    .unwrap();
    register(d);
    std::fs::write(d.join("groups.csv"), "group,persons\nkontanthjaelp,900\n").unwrap();
    std::os::unix::fs::symlink("s.json", d.join("soft.json")).unwrap();
    std::fs::hard_link(d.join("groups.csv"), d.join("hard.csv")).unwrap();
    std::fs::hard_link(d.join("data.csv"), d.join("hard-data.csv")).unwrap();
    std::fs::create_dir(d.join("report")).unwrap();
    std::fs::hard_link(d.join("data.csv"), d.join("report/months.csv")).unwrap();
    std::os::unix::fs::symlink("../s.json", d.join("report/fan.png")).unwrap();
    let before: Vec<(String, Vec<u8>)> = ["s.json", "child.json", "data.csv", "groups.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(d.join(f)).unwrap()))
        .collect();
    let cases: &[&[&str]] = &[
        &["run", "child.json", "-n", "5", "--shard-out", "soft.json"],
        &[
            "synth",
            "--from",
            "2025-01",
            "--to",
            "2025-02",
            "--persons",
            "50",
        ],
        &[
            "init",
            "--municipality",
            "X",
            "--groups",
            "groups.csv",
            "--out",
            "hard.csv",
        ],
        &[
            "calibrate",
            "s.json",
            "-n",
            "4",
            "--from-register",
            "data.csv",
            "--out",
            "hard-data.csv",
        ],
        &[
            "run",
            "s.json",
            "-n",
            "5",
            "--from-register",
            "data.csv",
            "--out",
            "report",
        ],
        &["run", "child.json", "-n", "5", "--out", "report", "--png"],
        &["evaluate", "data.csv", "--out", "hard-data.csv"],
    ];
    for args in cases {
        let mut args = args.to_vec();
        if args[0] == "synth" {
            args.extend(["--scenario", "child.json", "--out", "soft.json"]);
        }
        let output = fokus().current_dir(d).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("ville overskrive inputfilen"),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    for (name, bytes) in before {
        assert_eq!(
            std::fs::read(d.join(&name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
    assert_eq!(names(&d.join("report")), ["fan.png", "months.csv"]);
}

/// `evaluate --report DIR --out /dev/full`: the device fails after the folder was staged;
/// the error names the device and neither the folder nor a temporary is left.
#[test]
fn a_failing_output_leaves_no_other() {
    let dir = tempfile::tempdir().unwrap();
    register(dir.path());
    let output = fokus()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "data.csv",
            "--report",
            "r",
            "--out",
            "/dev/full",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("fejl: /dev/full: "), "{stderr}");
    assert_eq!(names(dir.path()), ["data.csv"]);
}

/// `/dev/null` and `/dev/stdout` are written directly (never replaced), also together
/// with a report folder.
#[test]
fn devices_are_written_directly() {
    let dir = tempfile::tempdir().unwrap();
    register(dir.path());
    let output = fokus()
        .current_dir(dir.path())
        .args([
            "evaluate",
            "data.csv",
            "--report",
            "r",
            "--out",
            "/dev/stdout",
        ])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("month,group,"));
    assert_eq!(names(dir.path()), ["data.csv", "r"]);
}

/// Poll `ready` every 5 ms for at most 20 s.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Fields of `/proc/PID/task/TID/stat` after the command name: state, then the rest.
fn thread_stat(pid: u32, tid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/stat")).ok()?;
    let after = &text[text.rfind(')')? + 2..];
    Some(after.split_whitespace().map(String::from).collect())
}

/// The threads of a process.
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, |d| d.count())
}

/// CPU time of the main thread in clock ticks (user + system).
fn main_thread_ticks(pid: u32) -> u64 {
    thread_stat(pid, pid).map_or(0, |f| {
        f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
    })
}

/// Whether the main thread sleeps (blocked in a system call, e.g. opening a FIFO).
fn main_thread_sleeps(pid: u32) -> bool {
    thread_stat(pid, pid).is_some_and(|f| f[0] == "S")
}

fn signal(pid: u32, name: &str) {
    let sent = Command::new("kill").args([name, &pid.to_string()]).status();
    assert!(sent.unwrap().success(), "kill {name}");
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin!("fokus"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait at most 10 s for `child` to end after a signal: exit code 130, the one line
/// saying nothing was written, nothing on stdout.
fn assert_interrupted(child: Child, phase: &str) {
    let start = Instant::now();
    let pid = child.id();
    let waiter = std::thread::spawn(move || child.wait_with_output().unwrap());
    while !waiter.is_finished() {
        if start.elapsed() > Duration::from_secs(10) {
            signal(pid, "-KILL");
            panic!("{phase}: still running 10 s after the signal");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = waiter.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{phase}: {stderr}");
    assert_eq!(
        stderr, "fejl: afbrudt (Ctrl-C eller et stopsignal); intet blev skrevet\n",
        "{phase}"
    );
    assert!(output.stdout.is_empty(), "{phase}: wrote to stdout");
}

/// SIGTERM or SIGINT while an input is read: the scenario is a FIFO no one writes to, so
/// fokus waits in opening it.
#[test]
fn a_signal_while_loading_writes_nothing() {
    for sig in ["-TERM", "-INT"] {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join("s.json"));
        let child = spawn(dir.path(), &["run", "s.json", "--out", "r"]);
        let pid = child.id();
        // The handler's thread runs beside the main thread, which waits for a writer.
        wait_for("the FIFO to be opened", || {
            threads(pid) == 2 && main_thread_sleeps(pid)
        });
        signal(pid, sig);
        assert_interrupted(child, &format!("loading {sig}"));
        assert_eq!(names(dir.path()), ["s.json"]);
    }
}

/// A signal while replications run (the worker threads have started).
#[test]
fn a_signal_while_simulating_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let args = [
        "run",
        "s.json",
        "-n",
        "1000000",
        "--threads",
        "2",
        "--out",
        "r",
    ];
    let child = spawn(dir.path(), &args);
    let pid = child.id();
    wait_for("the worker threads", || threads(pid) > 2);
    std::thread::sleep(Duration::from_millis(100));
    signal(pid, "-TERM");
    assert_interrupted(child, "simulating");
    assert_eq!(names(dir.path()), ["s.json"]);
}

/// A signal after the last replication, while `--png` renders the charts. The main
/// thread renders (a quarter of a second of CPU time); loading and simulating two
/// replications on one worker cost it about 10 ms. Past 80 ms the process is stopped
/// (SIGSTOP) to look: when it is still rendering — nothing staged yet — it gets the
/// signal and is continued. A process that got past rendering is tried again.
#[test]
fn a_signal_while_rendering_writes_nothing() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let scenario = scenario.to_str().unwrap();
    for attempt in 1..=5 {
        let dir = tempfile::tempdir().unwrap();
        let args = [
            "run",
            scenario,
            "-n",
            "2",
            "--threads",
            "1",
            "--out",
            "r",
            "--png",
        ];
        let mut child = spawn(dir.path(), &args);
        let pid = child.id();
        wait_for("rendering", || {
            main_thread_ticks(pid) >= 8 || child.try_wait().unwrap().is_some()
        });
        signal(pid, "-STOP");
        let rendering = child.try_wait().unwrap().is_none() && names(dir.path()).is_empty();
        if rendering {
            signal(pid, "-TERM");
        }
        signal(pid, "-CONT");
        if !rendering {
            child.wait().unwrap();
            eprintln!("attempt {attempt}: the run got past rendering before it was stopped");
            continue;
        }
        assert_interrupted(child, "rendering");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        return;
    }
    panic!("no attempt was stopped while rendering");
}

/// A signal while the outputs are written: `evaluate --report r --out FIFO` has staged the
/// report folder and waits for a reader of the FIFO; the staged folder is removed.
#[test]
fn a_signal_while_writing_writes_nothing() {
    for sig in ["-TERM", "-INT"] {
        let dir = tempfile::tempdir().unwrap();
        register(dir.path());
        mkfifo(&dir.path().join("out.csv"));
        let args = ["evaluate", "data.csv", "--report", "r", "--out", "out.csv"];
        let child = spawn(dir.path(), &args);
        let pid = child.id();
        let staged = format!(".r.{pid}.tmp");
        wait_for("the staged report folder", || {
            let staged = dir.path().join(&staged);
            names(&staged).len() == 2 && main_thread_sleeps(pid)
        });
        signal(pid, sig);
        assert_interrupted(child, &format!("writing {sig}"));
        assert_eq!(names(dir.path()), ["data.csv", "out.csv"]);
    }
}

/// Two runs into one existing folder at the same time: the folder ends with wholly one
/// run's files (each commit holds a lock on the folder), never one run's charts beside
/// the other's table.
#[test]
fn two_runs_into_one_folder_leave_one_runs_files() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/copenhagen-2025.json");
    let scenario = scenario.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = |seed: &str, out: &str| {
        spawn(
            dir.path(),
            &[
                "run",
                scenario,
                "-n",
                "20",
                "--threads",
                "1",
                "--seed",
                seed,
                "--out",
                out,
            ],
        )
    };
    let compared = [
        "certainty.svg",
        "fan.svg",
        "groups.svg",
        "months.csv",
        "report.html",
    ];
    let reference = |seed: &str| -> Vec<Vec<u8>> {
        let out = format!("ref-{seed}");
        assert!(run(seed, &out).wait().unwrap().success());
        let d = dir.path().join(out);
        compared
            .iter()
            .map(|f| std::fs::read(d.join(f)).unwrap())
            .collect()
    };
    let references = [reference("1"), reference("2")];
    assert_ne!(references[0], references[1]);
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    for round in 0..3 {
        let children = [run("1", "shared"), run("2", "shared")];
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "round {round}");
        }
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(shared.join("summary.json")).unwrap()).unwrap();
        let seed = summary["audit"]["seed"].as_u64().unwrap();
        let files: Vec<Vec<u8>> = compared
            .iter()
            .map(|f| std::fs::read(shared.join(f)).unwrap())
            .collect();
        assert!(
            files == references[seed as usize - 1],
            "round {round}: summary.json of seed {seed}, other files not all of it"
        );
        assert_eq!(names(&shared).len(), 6, "{:?}", names(&shared));
    }
}

/// The lock two runs meet on: while another process holds the folder's lock, a run has
/// its files staged but replaces none; when the lock is released it commits.
#[test]
fn a_commit_waits_for_the_folders_lock() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let report = dir.path().join("r");
    std::fs::create_dir(&report).unwrap();
    std::fs::write(report.join("summary.json"), "old").unwrap();
    let lock = std::fs::File::open(&report).unwrap();
    lock.lock().unwrap();
    let child = spawn(dir.path(), &["run", "s.json", "-n", "5", "--out", "r"]);
    let pid = child.id();
    // The old summary.json and the six staged files.
    wait_for("the staged files", || {
        names(&report).len() == 7 && main_thread_sleeps(pid)
    });
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(std::fs::read(report.join("summary.json")).unwrap(), b"old");
    let staged = format!(".summary.json.{pid}.tmp");
    assert!(names(&report).contains(&staged), "{:?}", names(&report));
    assert_eq!(names(&report).len(), 7, "{:?}", names(&report));
    lock.unlock().unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_ne!(std::fs::read(report.join("summary.json")).unwrap(), b"old");
    assert_eq!(
        names(&report),
        [
            "certainty.svg",
            "fan.svg",
            "groups.svg",
            "months.csv",
            "report.html",
            "summary.json"
        ]
    );
}
