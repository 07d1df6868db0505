//! A loaded scenario with values changed at JSON paths and initiatives switched off —
//! what `fokus serve`'s levers do — validated by the same rules as a file, with the hash
//! the same content has when it is saved and read back from disk.

use super::load::{Loaded, from_merged, merged_value, sha256_hex};
use crate::error::{InputError, Message};
use crate::text;
use serde_json::Value;

/// The value at a JSON path like `groups.kontanthjaelp.offer_rate` or
/// `initiatives[0].start`; `Err` says which part of the path leads nowhere.
pub fn at_path_mut<'v>(value: &'v mut Value, path: &str) -> Result<&'v mut Value, Message> {
    let mut here = value;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            here = here
                .get_mut(key)
                .ok_or_else(|| {
                    text!(da: "{path}: der er intet felt {key:?}", en: "{path}: there is no field {key:?}")
                })?;
        }
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().map_err(|_| {
                text!(
                    da: "{path}: {index:?} er ikke et indeks i en liste",
                    en: "{path}: {index:?} is not a list index"
                )
            })?;
            here = here
                .get_mut(i)
                .ok_or_else(|| {
                    text!(da: "{path}: der er intet element {i}", en: "{path}: there is no element {i}")
                })?;
        }
    }
    Ok(here)
}

/// Replace the value at `path` (which must exist) by `new`. The result is checked when
/// the scenario is validated, so a wrong type or an out-of-range value is reported there
/// at the same path.
pub fn set_value(value: &mut Value, path: &str, new: Value) -> Result<(), Message> {
    if path.is_empty() {
        return Err(text!(
            da: "en tom sti peger ikke på nogen værdi",
            en: "an empty path names no value"
        ));
    }
    *at_path_mut(value, path)? = new;
    Ok(())
}

/// What to change in a loaded scenario: values at JSON paths (in order), then
/// initiatives switched off (indices into the scenario's list as loaded).
#[derive(Clone, Debug, Default)]
pub struct Edits {
    /// JSON path and new value.
    pub set: Vec<(String, Value)>,
    /// Indices of initiatives to leave out.
    pub off: Vec<usize>,
}

/// `loaded` with `edits` applied and validated (`origin` names it in messages). The
/// sensitivity ranges of a switched-off initiative go with it and those of the later
/// ones follow their initiative's new index. The hash is that of the content as a file
/// would hold it, so the saved scenario ([`merged_value`]) hashes the same when read back.
pub fn edited(loaded: &Loaded, edits: &Edits, origin: &str) -> crate::Result<Loaded> {
    let mut value = merged_value(loaded);
    for (path, new) in &edits.set {
        set_value(&mut value, path, new.clone())
            .map_err(|message| InputError::at("set", path.clone(), message))?;
    }
    let count = loaded.scenario.initiatives().len();
    let mut off = edits.off.clone();
    off.sort_unstable();
    off.dedup();
    if let Some(&bad) = off.iter().find(|&&i| i >= count) {
        return Err(InputError::at(
            "off",
            format!("[{bad}]"),
            crate::text!(
                da: "der er intet initiativ {bad} (scenariet har {count}, nummereret fra 0)",
                en: "there is no initiative {bad} (the scenario has {count}, numbered from 0)"
            ),
        )
        .into());
    }
    if !off.is_empty() {
        switch_off(&mut value, &off);
    }
    let mut edited = from_merged(value, origin)?;
    edited.sha256 = sha256_hex(&merged_value(&edited));
    Ok(edited)
}

/// Remove the initiatives `off` (sorted, distinct, in range) and renumber the
/// sensitivity ranges that point into the list.
fn switch_off(value: &mut Value, off: &[usize]) {
    if let Some(Value::Array(list)) = value.get_mut("initiatives") {
        for &i in off.iter().rev() {
            list.remove(i);
        }
    }
    let Some(Value::Array(ranges)) = value.get_mut("sensitivity") else {
        return;
    };
    ranges.retain_mut(|range| {
        let Some(Value::String(parameter)) = range.get_mut("parameter") else {
            return true;
        };
        let Some(rest) = parameter.strip_prefix("initiatives[") else {
            return true;
        };
        let Some((index, tail)) = rest.split_once(']') else {
            return true;
        };
        let Ok(index) = index.parse::<usize>() else {
            return true;
        };
        if off.contains(&index) {
            return false;
        }
        let shift = off.iter().filter(|&&o| o < index).count();
        *parameter = format!("initiatives[{}]{tail}", index - shift);
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::builtin;
    use crate::scenario::load::from_json_str;
    use serde_json::json;

    #[test]
    fn a_path_leads_to_its_value_or_says_where_it_stops() {
        let mut v = json!({"groups": {"x": {"rate": 0.1}}, "initiatives": [{"s": 1}]});
        set_value(&mut v, "initiatives[0].s", json!("2025-06")).unwrap();
        assert_eq!(v["initiatives"][0]["s"], "2025-06");
        let err = set_value(&mut v, "groups.y.rate", json!(1)).unwrap_err();
        assert!(err.en().contains("no field \"y\""), "{err}");
        assert!(err.da().unwrap().contains("intet felt \"y\""), "{err}");
        let err = set_value(&mut v, "initiatives[3].s", json!(1)).unwrap_err();
        assert!(err.en().contains("no element 3"), "{err}");
    }

    /// The saved content, read back as a file, has the edited scenario's hash: the page's
    /// numbers are reproducible with the CLI.
    #[test]
    fn the_saved_scenario_hashes_as_the_edited_one() {
        let plan = builtin::load("recovery-plan.json").unwrap();
        let edits = Edits {
            set: vec![("initiatives[0].offers_per_month".into(), json!(400))],
            off: vec![1],
        };
        let edited = edited(&plan, &edits, "edited").unwrap();
        assert_ne!(edited.sha256, plan.sha256);
        assert_eq!(
            edited.scenario.initiatives().len(),
            plan.scenario.initiatives().len() - 1
        );
        let text = serde_json::to_string_pretty(&merged_value(&edited)).unwrap();
        let read_back = from_json_str(&text, "saved.json").unwrap();
        assert_eq!(read_back.sha256, edited.sha256);
    }

    /// Switching off initiative 1 drops its sensitivity range and moves the later
    /// initiatives' ranges down by one.
    #[test]
    fn switching_an_initiative_off_renumbers_the_ranges() {
        let plan = builtin::load("recovery-plan.json").unwrap();
        let before: Vec<String> = plan
            .scenario
            .sensitivity()
            .iter()
            .map(|r| r.parameter.to_string())
            .collect();
        assert!(before.contains(&"initiatives[1].finds_unregistered".to_string()));
        let edits = Edits {
            off: vec![1],
            ..Edits::default()
        };
        let after: Vec<String> = edited(&plan, &edits, "edited")
            .unwrap()
            .scenario
            .sensitivity()
            .iter()
            .map(|r| r.parameter.to_string())
            .collect();
        assert!(
            !after
                .iter()
                .any(|p| p == "initiatives[1].finds_unregistered")
        );
        assert_eq!(after.len(), before.len() - 1);
        for p in &before {
            if let Some(rest) = p.strip_prefix("initiatives[2]") {
                assert!(
                    after.contains(&format!("initiatives[1]{rest}")),
                    "{after:?}"
                );
            }
        }
    }

    #[test]
    fn a_value_out_of_range_is_refused_at_its_path() {
        let plan = builtin::load("recovery-plan.json").unwrap();
        let edits = Edits {
            set: vec![("initiatives[0].extra_offer_rate".into(), json!(1.5))],
            off: vec![],
        };
        let err = edited(&plan, &edits, "edited").unwrap_err().to_string();
        assert!(err.contains("initiatives[0].extra_offer_rate"), "{err}");
        let edits = Edits {
            off: vec![9],
            ..Edits::default()
        };
        let err = edited(&plan, &edits, "edited").unwrap_err().to_string();
        assert!(err.contains("no initiative 9"), "{err}");
    }
}
