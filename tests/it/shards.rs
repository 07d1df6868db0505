//! Shard files that are not what `fokus run --shard` wrote: each defect is refused by
//! `fokus merge` naming the file and the JSON path, before anything is allocated for a
//! count the file claims. The same files are the shard cases of the bad-inputs
//! catalogue (`tests/bad-inputs/sh-*.json`); regenerate them after a change of the shard
//! format or of fokus's version with
//! `cargo test --release --test it write_catalogue_shards -- --ignored`.

use super::fokus;
use fokus::run::shard::{ShardFile, checksum};
use serde_json::{Value, json};
use std::path::Path;

/// An edit of a real shard file; `reseal` recomputes the checksum afterwards, as a
/// buggy or hostile writer would, so the checks behind the checksum are reached.
struct Defect {
    file: &'static str,
    from: &'static str,
    reseal: bool,
    edit: fn(&mut Value),
}

const DEFECTS: &[Defect] = &[
    Defect {
        file: "sh-huge-replications.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| v["replications"] = json!(1u64 << 62),
    },
    Defect {
        file: "sh-huge-shard-count.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| {
            v["replications"] = json!(u64::MAX);
            v["shard"]["count"] = json!(u64::MAX);
            v["outcomes"].as_array_mut().unwrap().truncate(1);
        },
    },
    Defect {
        file: "sh-empty-cells.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| v["outcomes"][1]["cells"][0][2] = json!([]),
    },
    Defect {
        file: "sh-scenario-changed.json",
        from: "sh-0of2.json",
        reseal: false,
        edit: |v| {
            let text = v["scenario_json"].as_str().unwrap();
            assert!(text.contains("\"persons\":300"), "{text}");
            v["scenario_json"] = json!(text.replace("\"persons\":300", "\"persons\":3000"));
        },
    },
    Defect {
        file: "sh-wrong-hash.json",
        from: "sh-0of2.json",
        reseal: false,
        edit: |v| v["scenario_sha256"] = json!("0".repeat(64)),
    },
    Defect {
        file: "sh-zero-replications.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| {
            v["replications"] = json!(0);
            v["outcomes"] = json!([]);
        },
    },
    Defect {
        file: "sh-extra-month.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| {
            let months = v["outcomes"][0]["cells"][0].as_array_mut().unwrap();
            months.push(months[0].clone());
        },
    },
    Defect {
        file: "sh-missing-month.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| {
            v["outcomes"][1]["cells"][0].as_array_mut().unwrap().pop();
        },
    },
    Defect {
        file: "sh-duplicated-method.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| {
            let methods = v["outcomes"][0]["cells"].as_array_mut().unwrap();
            methods.push(methods[0].clone());
        },
    },
    Defect {
        file: "sh-population-max.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| v["outcomes"][0]["cells"][0][0][0] = json!([u64::MAX, 1]),
    },
    Defect {
        file: "sh-person-months-max.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| v["outcomes"][0]["person_months"] = json!(u64::MAX),
    },
    Defect {
        file: "sh-fulfilled-above-population.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| v["outcomes"][1]["cells"][0][1][0] = json!([3, 4]),
    },
    Defect {
        file: "sh-numbers-changed.json",
        from: "sh-0of2.json",
        reseal: false,
        edit: |v| {
            let cell = &mut v["outcomes"][0]["cells"][0][0][0];
            cell[1] = json!(cell[1].as_u64().unwrap() + 1);
        },
    },
    Defect {
        file: "sh-first-replication.json",
        from: "sh-1of2.json",
        reseal: true,
        edit: |v| v["first_replication"] = json!(1),
    },
    Defect {
        file: "sh-version-1.json",
        from: "sh-0of2.json",
        reseal: false,
        edit: |v| {
            v["version"] = json!(1);
            let map = v.as_object_mut().unwrap();
            map.remove("checksum");
        },
    },
    Defect {
        file: "sh-threads-0.json",
        from: "sh-0of2.json",
        reseal: true,
        edit: |v| v["threads"] = json!(0),
    },
];

/// Real shards of the catalogue's `scenario.json` into `dir`: 0/2 and 1/2 of 4
/// replications (seed 1), 1/2 of seed 2 and 1/4; then every [`DEFECTS`] file, a
/// truncated one and one with a key twice.
fn write_shards(dir: &Path) {
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs");
    std::fs::copy(catalogue.join("scenario.json"), dir.join("scenario.json")).unwrap();
    for (spec, seed, out) in [
        ("0/2", "1", "sh-0of2.json"),
        ("1/2", "1", "sh-1of2.json"),
        ("1/2", "2", "sh-1of2-seed2.json"),
        ("1/4", "1", "sh-1of4.json"),
    ] {
        let args = [
            "run",
            "scenario.json",
            "-n",
            "4",
            "--seed",
            seed,
            "--threads",
            "1",
            "--shard",
            spec,
            "--shard-out",
            out,
        ];
        fokus().current_dir(dir).args(args).assert().success();
        // Timing varies from run to run; fixed, the files are the same on every run.
        let mut v = read(&dir.join(out));
        v["elapsed_s"] = json!(0.01);
        std::fs::write(dir.join(out), v.to_string() + "\n").unwrap();
    }
    for d in DEFECTS {
        let mut v = read(&dir.join(d.from));
        (d.edit)(&mut v);
        if d.reseal {
            let mut file: ShardFile = serde_json::from_value(v.clone()).unwrap();
            file.checksum = checksum(&file);
            v = serde_json::to_value(&file).unwrap();
        }
        std::fs::write(dir.join(d.file), v.to_string() + "\n").unwrap();
    }
    let text = std::fs::read_to_string(dir.join("sh-0of2.json")).unwrap();
    std::fs::write(dir.join("sh-truncated.json"), &text[..text.len() / 2]).unwrap();
    let twice = text.replacen("\"shard\":{", "\"shard\":{\"index\":1,", 1);
    assert_ne!(twice, text);
    std::fs::write(dir.join("sh-key-twice.json"), twice).unwrap();
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `fokus merge` of `parts` in `dir`: its one line of error.
fn merge_error(dir: &Path, parts: &[&str]) -> String {
    let out = fokus()
        .current_dir(dir)
        // The messages are checked as the library words them.
        .env("FOKUS_LANG", "en")
        .arg("merge")
        .args(parts)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{parts:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{parts:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn every_defect_is_refused_naming_the_file_and_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_shards(d);
    let expected = [
        (
            "sh-huge-replications.json",
            "outcomes: holds 2 replications",
        ),
        (
            "sh-empty-cells.json",
            "outcomes[1].cells[0][2]: has 0 groups",
        ),
        (
            "sh-scenario-changed.json",
            "scenario_json: the scenario in the shard",
        ),
        ("sh-wrong-hash.json", "checksum: does not match"),
        ("sh-zero-replications.json", "replications: is 0"),
        (
            "sh-extra-month.json",
            "outcomes[0].cells[0]: has 4 months (expected 3",
        ),
        (
            "sh-missing-month.json",
            "outcomes[1].cells[0]: has 2 months (expected 3",
        ),
        (
            "sh-duplicated-method.json",
            "outcomes[0].cells: has 2 methods",
        ),
        (
            "sh-population-max.json",
            "outcomes[0].cells[0][0]: has a population of 18446744073709551615",
        ),
        (
            "sh-person-months-max.json",
            "outcomes[0].person_months: 18446744073709551615 is more than",
        ),
        (
            "sh-fulfilled-above-population.json",
            "outcomes[1].cells[0][1][0]: has 4 fulfilled",
        ),
        ("sh-numbers-changed.json", "checksum: does not match"),
        (
            "sh-first-replication.json",
            "first_replication: is 1 but shard 1/2",
        ),
        (
            "sh-version-1.json",
            "version: shard file version 1 is not supported",
        ),
        ("sh-threads-0.json", "threads: 0 is not a thread count"),
        (
            "sh-key-twice.json",
            "shard.index (line 1): is given twice in one object",
        ),
    ];
    for (file, says) in expected {
        let err = merge_error(d, &["sh-1of2.json", file]);
        assert!(err.contains(&format!("{file}: {says}")), "{file}: {err}");
    }
    let err = merge_error(d, &["sh-truncated.json"]);
    assert!(
        err.starts_with("error: sh-truncated.json: ") && err.contains("the file ends too early"),
        "{err}"
    );
    // Shards that are each sound but not one run.
    let runs: [(&[&str], &str); 5] = [
        (
            &["sh-0of2.json"],
            "fokus merge: shard 1/2 is missing (1 of 2 given)",
        ),
        (
            &["sh-0of2.json", "sh-1of4.json"],
            "sh-1of4.json: shard.count: 4 differs from sh-0of2.json's 2",
        ),
        (
            &["sh-0of2.json", "sh-1of2-seed2.json"],
            "sh-1of2-seed2.json: seed: 2 differs from sh-0of2.json's 1",
        ),
        (
            &["sh-0of2.json", "sh-1of2.json", "sh-1of2.json"],
            "sh-1of2.json: shard: shard 1/2 is also in sh-1of2.json",
        ),
        (
            &["sh-huge-shard-count.json"],
            "shards 1/18446744073709551615, 2/18446744073709551615",
        ),
    ];
    for (parts, says) in runs {
        let err = merge_error(d, parts);
        assert!(err.contains(says), "{parts:?}: {err}");
    }
    let err = merge_error(d, &["sh-huge-shard-count.json"]);
    assert!(
        err.contains("and 18446744073709551604 more are missing"),
        "{err}"
    );
    // The sound pair merges.
    fokus()
        .current_dir(d)
        .args(["merge", "sh-0of2.json", "sh-1of2.json"])
        .assert()
        .success();
}

/// Every shipped scenario (with its `extends` chain) makes shards that read back: the
/// scenario text in a shard hashes to the run's hash.
#[test]
fn shards_of_every_shipped_scenario_read_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        let loaded = fokus::io::scenario::load(&path).unwrap();
        let file = fokus::run::shard::shard_file(
            &loaded,
            "s.json",
            1,
            1,
            fokus::run::shard::ShardSpec { index: 0, count: 1 },
            0,
            &[fokus::sim::Model::new(&loaded.scenario, &[]).simulate(1, 0)],
            1,
            0.0,
        );
        let text = serde_json::to_string(&file).unwrap();
        let shard = fokus::run::shard::parse_shard(&text, "s.json")
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let merged = fokus::run::shard::merge(&[shard]).unwrap();
        assert_eq!(merged.loaded.sha256, loaded.sha256, "{}", path.display());
    }
}

/// Writes the catalogue's shard files (see the module's note).
#[test]
#[ignore = "regenerates tests/bad-inputs/sh-*.json"]
fn write_catalogue_shards() {
    let dir = tempfile::tempdir().unwrap();
    write_shards(dir.path());
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs");
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with("sh-") {
            std::fs::copy(&path, catalogue.join(name)).unwrap();
        }
    }
}
