//! Reading scenario files from disk and resolving `extends` chains. The only part of
//! `scenario` that touches files.

use super::{Scenario, ScenarioFile};
use crate::error::InputError;
use crate::json::{parse_json, read_text};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A scenario as loaded: the validated scenario and the hash of its merged content.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// SHA-256 (hex) of the merged scenario (the whole `extends` chain), canonical JSON.
    pub sha256: String,
    /// The files of the chain, the given file first.
    pub chain: Vec<PathBuf>,
}

/// Longest `extends` chain accepted.
const MAX_CHAIN: usize = 32;

/// Load, merge and validate a scenario file.
pub fn load(path: &Path) -> crate::Result<Loaded> {
    let mut chain = Vec::new();
    let merged = load_merged(path, &mut chain)?;
    let origin = path.display().to_string();
    let file: ScenarioFile = serde_json::from_value(merged.clone())
        .map_err(|e| InputError::new(&origin, format!("the merged scenario is invalid: {e}")))?;
    let scenario = Scenario::from_file(file, &origin)?;
    Ok(Loaded {
        scenario,
        sha256: sha256_hex(&merged),
        chain,
    })
}

/// Validate a scenario given as JSON text (no `extends`).
pub fn from_json_str(text: &str, origin: &str) -> crate::Result<Loaded> {
    let file: ScenarioFile = parse_json(text, origin)?;
    if file.extends.is_some() {
        return Err(InputError::at(
            origin,
            "extends",
            "is only possible for a scenario read from a file",
        )
        .into());
    }
    let value = serde_json::to_value(&file).expect("serializes");
    Ok(Loaded {
        scenario: Scenario::from_file(file, origin)?,
        sha256: sha256_hex(&value),
        chain: Vec::new(),
    })
}

/// SHA-256 of canonical JSON (object keys sorted: serde_json's map is ordered).
pub fn sha256_hex(value: &Value) -> String {
    let bytes = serde_json::to_vec(value).expect("a JSON value serializes");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn load_merged(path: &Path, chain: &mut Vec<PathBuf>) -> crate::Result<Value> {
    let shown = path.display().to_string();
    let canonical = path
        .canonicalize()
        .map_err(|e| crate::Error::io(&shown, e))?;
    if chain.contains(&canonical) {
        let cycle: Vec<String> = chain
            .iter()
            .chain(std::iter::once(&canonical))
            .map(|p| p.display().to_string())
            .collect();
        return Err(InputError::at(
            shown,
            "extends",
            format!(
                "forms a cycle: {} (a scenario cannot extend itself)",
                cycle.join(" → ")
            ),
        )
        .into());
    }
    if chain.len() >= MAX_CHAIN {
        return Err(InputError::at(
            shown,
            "extends",
            format!("the chain is longer than {MAX_CHAIN} files"),
        )
        .into());
    }
    chain.push(canonical);
    let text = read_text(path)?;
    // Typed parse first: a typo or a wrong type is reported in this file, at its path.
    let file: ScenarioFile = parse_json(&text, &shown)?;
    let mut value = serde_json::to_value(&file).expect("serializes");
    let Some(parent) = &file.extends else {
        return Ok(value);
    };
    let parent_path = path.parent().unwrap_or(Path::new(".")).join(parent);
    if !parent_path.is_file() {
        return Err(InputError::at(
            shown,
            "extends",
            format!(
                "{:?} does not exist (the path is relative to this file's folder)",
                parent
            ),
        )
        .into());
    }
    let mut base = load_merged(&parent_path, chain)?;
    if let Value::Object(map) = &mut value {
        map.remove("extends");
    }
    merge(&mut base, value);
    Ok(base)
}

/// Deep merge: objects key by key, anything else (numbers, lists) replaced.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_is_deep_for_objects_and_replaces_lists() {
        let mut a = json!({"groups": {"x": {"a": 1, "b": 2}}, "l": [1, 2]});
        merge(&mut a, json!({"groups": {"x": {"b": 3}}, "l": [9]}));
        assert_eq!(a, json!({"groups": {"x": {"a": 1, "b": 3}}, "l": [9]}));
    }
}
