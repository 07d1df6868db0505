//! The one integration-test binary: drives the real `fokus` CLI and the library.

mod architecture;
mod bad_inputs;
mod boundaries;
mod browser;
mod calibration;
mod cdp;
mod compare;
mod curve;
mod errors;
mod evaluate;
mod excel;
mod fuzz_props;
mod init;
mod lister;
mod outputs;
mod perf;
mod properties;
mod reading;
mod readme;
mod register_start;
mod reliability;
mod report;
mod requirement;
mod scenarios;
mod schema;
mod serve;
mod shards;
mod simulate;
mod sweep;
mod takes;
mod threads;
mod words;

use assert_cmd::Command;
use std::path::PathBuf;

/// The register header without `seniority_months`.
pub const HEADER: &str =
    "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n";

/// The register header with `seniority_months`.
pub const HEADER_SENIORITY: &str = "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations,seniority_months\n";

/// The `fokus` binary, in its default language whatever the machine's locale
/// (`FOKUS_LANG` and `LANG` choose the language of every command).
pub fn fokus() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("fokus");
    cmd.env_remove("FOKUS_LANG").env_remove("LANG");
    cmd
}

/// The standard output of `cmd`, which must succeed (its standard error is the failure
/// message when it does not).
pub fn stdout_of(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Quiet rows (nothing happens) for `id` in `group` over `from..=to`.
pub fn quiet(id: &str, group: &str, from: &str, to: &str) -> String {
    let from: fokus::Month = from.parse().unwrap();
    let to: fokus::Month = to.parse().unwrap();
    from.through(to)
        .map(|m| format!("{id},{m},{group},0,0,0,0,0\n"))
        .collect()
}

/// A scratch folder with a file `name` holding `text`.
pub fn file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}
