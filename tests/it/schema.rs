//! `fokus schema`: the JSON Schema of the scenario file.

use super::fokus;
use serde_json::Value;
use std::path::Path;

#[test]
fn schema_is_json_and_covers_the_shipped_scenarios() {
    let out = fokus().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("the schema is JSON");
    assert!(
        schema["$schema"]
            .as_str()
            .unwrap()
            .contains("json-schema.org")
    );
    let properties = schema["properties"].as_object().unwrap();
    assert_eq!(
        schema["additionalProperties"], false,
        "unknown fields are errors"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for key in file.as_object().unwrap().keys() {
            assert!(
                properties.contains_key(key),
                "{}: {key} is not in the schema",
                path.display()
            );
        }
        seen += 1;
    }
    assert!(seen >= 2);
    // Months are strings with the YYYY-MM pattern; group parameters are described.
    let defs = &schema["$defs"];
    assert_eq!(defs["Month"]["pattern"], "^[0-9]{4}-(0[1-9]|1[0-2])$");
    assert!(defs["GroupFile"]["properties"]["offer_rate"]["description"].is_string());
    assert!(defs["Group"].to_string().contains("kontanthjaelp"));
    // An initiative's cost and each of its parts are described.
    assert!(defs["Initiative"].to_string().contains("\"cost\""));
    for part in [
        "per_offer_dkk",
        "per_place_month_dkk",
        "per_review_dkk",
        "fixed_per_month_dkk",
        "source",
    ] {
        assert!(
            defs["Cost"]["properties"][part]["description"].is_string(),
            "{part}"
        );
    }
}
