//! `fokus init`: a starting scenario for another municipality, ready for `calibrate`.

use crate::{file, fokus};

#[test]
fn init_writes_a_valid_scenario_that_calibrates() {
    let (dir, groups) = file(
        "groups.csv",
        "group,persons\nkontanthjaelp,1500\nsygedagpenge,900\n",
    );
    let observed = dir.path().join("observed.csv");
    std::fs::write(&observed, "month,group,passive_pct\n2025-01,total,40.0\n2025-01,kontanthjaelp,42.0\n2025-01,sygedagpenge,37.0\n").unwrap();
    let out = dir.path().join("odense.json");
    fokus()
        .args(["init", "--municipality", "Odense", "--groups"])
        .arg(&groups)
        .arg("--observed")
        .arg(&observed)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["municipality"], "Odense");
    assert_eq!(v["groups"]["kontanthjaelp"]["persons"], 1500);
    assert!(
        v["groups"]["kontanthjaelp"]["sources"]["exit_hazard"]
            .as_str()
            .unwrap()
            .starts_with("assumption")
    );
    assert_eq!(
        v["observed"]["months"]["2025-01"]["groups"]["kontanthjaelp"],
        58.0
    );
    fokus().arg("validate").arg(&out).assert().success();
    let calibrated = dir.path().join("odense-cal.json");
    fokus()
        .arg("calibrate")
        .arg(&out)
        .arg("--out")
        .arg(&calibrated)
        .args(["-n", "8"])
        .assert()
        .success();
    let c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&calibrated).unwrap()).unwrap();
    assert_eq!(c["extends"], "odense.json");
    assert!(
        c["calibration"]["error_pp"]["2025-01"]["kontanthjaelp"]
            .as_f64()
            .unwrap()
            .abs()
            < 1.0
    );
}

#[test]
fn init_rejects_a_bad_group_file_and_writes_nothing() {
    let (dir, groups) = file("groups.csv", "group,persons\nkontant,1500\n");
    let out = dir.path().join("x.json");
    fokus()
        .args(["init", "--municipality", "X", "--groups"])
        .arg(&groups)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("linje 2, kolonne group"));
    assert!(!out.exists());
}
