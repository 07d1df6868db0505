//! The shipped scenario files, compiled into the binary: `fokus run` and `fokus serve`
//! with no scenario use the calibrated Copenhagen one, so fokus works on a machine that
//! has only the binary. A built-in file is loaded exactly as the same file on disk
//! (typed parse, `extends` resolved among the built-in files, merged, validated with
//! the chain's provenance), so it has the same hash and gives the same numbers.

use super::ScenarioFile;
use super::load::{Loaded, Provenance, from_chain, merge};
use crate::decode::json::parse_json_with_lines;
use crate::error::InputError;
use serde_json::Value;

/// A shipped scenario file: its file name and its text.
#[derive(Clone, Copy, Debug)]
pub struct BuiltIn {
    /// The file name under `scenarios/` (what `extends` names).
    pub file: &'static str,
    /// Its text, as shipped.
    pub text: &'static str,
}

/// The scenario `fokus run` and `fokus serve` use when given none.
pub const DEFAULT: &str = "copenhagen-2025.json";

/// Every shipped scenario file, the default first.
pub const BUILT_IN: &[BuiltIn] = &[
    BuiltIn {
        file: DEFAULT,
        text: include_str!("../../scenarios/copenhagen-2025.json"),
    },
    BuiltIn {
        file: "copenhagen-2025-assumptions.json",
        text: include_str!("../../scenarios/copenhagen-2025-assumptions.json"),
    },
    BuiltIn {
        file: "recovery-plan.json",
        text: include_str!("../../scenarios/recovery-plan.json"),
    },
    BuiltIn {
        file: "production-steering.json",
        text: include_str!("../../scenarios/production-steering.json"),
    },
    BuiltIn {
        file: "absence-followup.json",
        text: include_str!("../../scenarios/absence-followup.json"),
    },
    BuiltIn {
        file: "extra-capacity.json",
        text: include_str!("../../scenarios/extra-capacity.json"),
    },
    BuiltIn {
        file: "frikort-method.json",
        text: include_str!("../../scenarios/frikort-method.json"),
    },
];

/// The built-in file named `file` (with or without `.json`).
pub fn find(file: &str) -> Option<&'static BuiltIn> {
    BUILT_IN
        .iter()
        .find(|b| b.file == file || b.file.strip_suffix(".json") == Some(file))
}

/// How a built-in file is named in messages and outputs: `copenhagen-2025.json
/// (built-in)`.
pub fn shown(file: &str) -> String {
    format!("{file} (built-in)")
}

/// Load a built-in scenario with its `extends` chain (the files it names are built-in
/// too), merged and validated like a file on disk.
pub fn load(file: &str) -> crate::Result<Loaded> {
    let Some(first) = find(file) else {
        let names: Vec<&str> = BUILT_IN.iter().map(|b| b.file).collect();
        return Err(InputError::new("scenario", {
            let names = names.join(", ");
            crate::text!(
                da: "{file:?} er ikke et indbygget scenarie (forventede et af: {names})",
                en: "{file:?} is not a built-in scenario (expected one of: {names})"
            )
        })
        .into());
    };
    let mut provenance = Provenance::default();
    let mut seen = Vec::new();
    let merged = merged(first, &mut provenance, &mut seen)?;
    from_chain(merged, &provenance)
}

fn merged(
    built_in: &'static BuiltIn,
    provenance: &mut Provenance,
    seen: &mut Vec<&'static str>,
) -> crate::Result<Value> {
    let origin = shown(built_in.file);
    if seen.contains(&built_in.file) {
        return Err(InputError::at(
            origin,
            "extends",
            crate::text!(
                da: "danner en kreds (et scenarie bygger i sidste ende på sig selv)",
                en: "forms a cycle (a scenario ends up extending itself)"
            ),
        )
        .into());
    }
    seen.push(built_in.file);
    let (file, lines): (ScenarioFile, _) = parse_json_with_lines(built_in.text, &origin)?;
    provenance.push(origin.clone(), lines);
    let mut value = serde_json::to_value(&file).expect("serializes");
    let Some(parent) = &file.extends else {
        return Ok(value);
    };
    let Some(parent) = find(parent) else {
        return Err(InputError::at(
            origin,
            "extends",
            crate::text!(
                da: "{parent:?} er ikke et indbygget scenarie",
                en: "{parent:?} is not a built-in scenario"
            ),
        )
        .into());
    };
    let mut base = merged(parent, provenance, seen)?;
    if let Value::Object(map) = &mut value {
        map.remove("extends");
    }
    merge(&mut base, value);
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_file_loads_with_its_chain() {
        for b in BUILT_IN {
            let loaded = load(b.file).unwrap_or_else(|e| panic!("{}: {e}", b.file));
            assert_eq!(loaded.sha256.len(), 64);
        }
    }

    #[test]
    fn a_name_without_json_finds_the_file_and_an_unknown_one_is_refused() {
        assert_eq!(find("recovery-plan").unwrap().file, "recovery-plan.json");
        let err = load("oslo").unwrap_err().to_string();
        assert!(err.contains("copenhagen-2025.json"), "{err}");
    }

    /// The extending file's values win over its parent's, as on disk.
    #[test]
    fn the_default_extends_the_assumptions() {
        let calibrated = load(DEFAULT).unwrap();
        let assumptions = load("copenhagen-2025-assumptions.json").unwrap();
        assert_ne!(calibrated.sha256, assumptions.sha256);
        assert_eq!(calibrated.scenario.year(), assumptions.scenario.year());
    }
}
