//! A scenario as loaded: validated, with the hash of its merged content. Built from JSON
//! text, from a merged JSON value (a file and its whole `extends` chain, merged by
//! [`crate::io::scenario::load`]; or a loaded scenario with one number changed), or from
//! the shipped Copenhagen scenario. Pure: reading the files is [`crate::io::scenario`]'s.

use super::{Scenario, ScenarioFile};
use crate::decode::json::{Lines, parse_json_with_lines};
use crate::error::InputError;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

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

/// Where the values of a scenario come from: the files of its `extends` chain, the given
/// file first, each with the line of every value it holds. The value at a JSON path
/// comes from the first file that has it (a file's value replaces its parent's).
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    files: Vec<(String, Lines)>,
}

impl Provenance {
    /// A chain's next file (the given file first, then its parent, …): its name in
    /// messages and the lines of its values.
    pub fn push(&mut self, origin: String, lines: Lines) {
        self.files.push((origin, lines));
    }

    /// The given file's name (the chain's first).
    pub fn origin(&self) -> &str {
        self.files.first().map_or("scenario", |(origin, _)| origin)
    }

    /// The file that gives the value at `path`, and its line there.
    pub fn locate(&self, path: &str) -> Option<(&str, u32)> {
        self.files
            .iter()
            .find_map(|(origin, lines)| Some((origin.as_str(), lines.of(path)?)))
    }
}

/// Validate a merged scenario value (e.g. a loaded scenario with one number changed).
pub fn from_merged(merged: Value, origin: &str) -> crate::Result<Loaded> {
    let file = typed(&merged, origin)?;
    let scenario = Scenario::from_file(file, origin)?;
    Ok(Loaded {
        scenario,
        sha256: sha256_hex(&merged),
        chain: Vec::new(),
    })
}

/// Validate the merged content of an `extends` chain whose files `provenance` lists: an
/// error names the file that holds the bad value, and its line.
pub fn from_chain(merged: Value, provenance: &Provenance) -> crate::Result<Loaded> {
    let file = typed(&merged, provenance.origin())?;
    let scenario = Scenario::from_chain(file, provenance)?;
    Ok(Loaded {
        scenario,
        sha256: sha256_hex(&merged),
        chain: Vec::new(),
    })
}

fn typed(merged: &Value, origin: &str) -> Result<ScenarioFile, InputError> {
    serde_path_to_error::deserialize(merged).map_err(|e| {
        InputError::at(
            origin,
            e.path().to_string(),
            crate::error::Message::from_serde(&e.inner().to_string()),
        )
    })
}

/// The merged content of a loaded scenario, as JSON.
pub fn merged_value(loaded: &Loaded) -> Value {
    serde_json::to_value(&loaded.scenario.file).expect("serializes")
}

/// Set the number at a JSON path like `groups.kontanthjaelp.offer_rate` or
/// `initiatives[0].extra_offer_rate`. Errors when the path does not lead to a number or
/// to a distribution (`{"dist": …}`), which the number replaces: the parameter is then
/// fixed (a count, `offers_per_month`, rounded to whole offers).
pub fn set_number(value: &mut Value, path: &str, number: f64) -> Result<(), crate::error::Message> {
    let count = path.ends_with(".offers_per_month") || path.ends_with(".places");
    let here = super::edit::at_path_mut(value, path)?;
    let distribution = here.get("dist").is_some();
    if !here.is_number() && !distribution {
        return Err(crate::text!(
            da: "{path} er ikke et tal i scenariet (det er {here})",
            en: "{path} is not a number in the scenario (it is {here})"
        ));
    }
    // Whole-number fields (persons, months, places) stay whole: round.
    *here = if (here.is_u64() || (distribution && count)) && number >= 0.0 {
        Value::from(number.round() as u64)
    } else {
        serde_json::Number::from_f64(number)
            .map(Value::Number)
            .ok_or_else(|| {
                crate::error::Message::new(
                    format!(
                        "{} er ikke et endeligt tal",
                        crate::error::da_number(number)
                    ),
                    format!("{number} is not a finite number"),
                )
            })?
    };
    Ok(())
}

/// Validate a scenario given as JSON text (no `extends`).
pub fn from_json_str(text: &str, origin: &str) -> crate::Result<Loaded> {
    let (file, lines): (ScenarioFile, _) = parse_json_with_lines(text, origin)?;
    if file.extends.is_some() {
        return Err(InputError::at(
            origin,
            "extends",
            crate::text!(
                da: "kan kun bruges i et scenarie, der læses fra en fil",
                en: "is only possible for a scenario read from a file"
            ),
        )
        .into());
    }
    let value = serde_json::to_value(&file).expect("serializes");
    let mut provenance = Provenance::default();
    provenance.push(origin.to_string(), lines);
    Ok(Loaded {
        scenario: Scenario::from_chain(file, &provenance)?,
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

/// Deep merge: objects key by key, anything else (numbers, lists) replaced.
pub fn merge(base: &mut Value, over: Value) {
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
    fn set_number_follows_paths() {
        let mut v = json!({"groups": {"x": {"rate": 0.1}}, "initiatives": [{"s": 1}]});
        set_number(&mut v, "groups.x.rate", 0.2).unwrap();
        set_number(&mut v, "initiatives[0].s", 3.0).unwrap();
        assert_eq!(
            v,
            json!({"groups": {"x": {"rate": 0.2}}, "initiatives": [{"s": 3}]})
        );
        assert!(set_number(&mut v, "groups.y.rate", 1.0).is_err());
        assert!(set_number(&mut v, "groups.x", 1.0).is_err());
        assert!(set_number(&mut v, "initiatives[4].s", 1.0).is_err());
    }

    /// A number set where a distribution is fixes the parameter: the scenario has one
    /// uncertain parameter fewer, and the initiative the number (a count rounded).
    #[test]
    fn set_number_fixes_a_distribution() {
        let text = r#"{"version": 1, "year": 2025, "burn_in_months": 12,
            "initiatives": [
              {"kind": "production_steering", "start": "2025-05", "months_without_offer": 9,
               "extra_offer_rate": {"dist": "triangular", "low": 0.01, "mode": 0.03, "high": 0.06}},
              {"kind": "extra_capacity", "start": "2025-05", "group": "kontanthjaelp",
               "offers_per_month": {"dist": "uniform", "low": 10, "high": 30, "source": "assumption"}}],
            "groups": {"kontanthjaelp": {
            "persons": 400, "inflow_per_month": 20, "offer_rate": 0.2,
            "hours_rate": 0.1, "hours_median": 40, "absence_rate": 0.05,
            "registration_rate": 0.5, "conversation_rate": 0.5,
            "exit_hazard": [{"from_months": 0, "rate": 0.05}]}}}"#;
        let loaded = from_json_str(text, "t").unwrap();
        let params = loaded.scenario.uncertain_parameters();
        assert_eq!(
            params.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
            [
                "initiatives[0].extra_offer_rate",
                "initiatives[1].offers_per_month"
            ]
        );
        assert_eq!(params[0].support, (0.01, 0.06));
        assert_eq!(params[1].source.as_deref(), Some("assumption"));
        let mut v = merged_value(&loaded);
        set_number(&mut v, &params[0].path, 0.045).unwrap();
        set_number(&mut v, &params[1].path, 17.6).unwrap();
        let fixed = from_merged(v, "t").unwrap().scenario;
        assert!(fixed.uncertain_parameters().is_empty());
        let strengths: Vec<f64> = fixed
            .initiatives()
            .iter()
            .map(|i| i.strength().value.unwrap())
            .collect();
        assert_eq!(strengths, [0.045, 18.0]);
    }

    #[test]
    fn merge_is_deep_for_objects_and_replaces_lists() {
        let mut a = json!({"groups": {"x": {"a": 1, "b": 2}}, "l": [1, 2]});
        merge(&mut a, json!({"groups": {"x": {"b": 3}}, "l": [9]}));
        assert_eq!(a, json!({"groups": {"x": {"a": 1, "b": 3}}, "l": [9]}));
    }
}
