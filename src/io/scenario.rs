//! Loading a scenario file from disk: the file and its whole `extends` chain, each read
//! and type-checked where it stands, merged (the extending file over its parent) and
//! validated into a [`Loaded`] scenario with the hash of the merged content.

use crate::decode::json::parse_json_with_lines;
use crate::error::InputError;
use crate::io::text::read_text;
use crate::scenario::ScenarioFile;
use crate::scenario::load::{Loaded, Provenance, from_chain, merge};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Longest `extends` chain accepted.
const MAX_CHAIN: usize = 32;

/// Load, merge and validate a scenario file.
pub fn load(path: &Path) -> crate::Result<Loaded> {
    let mut chain = Vec::new();
    let mut provenance = Provenance::default();
    let merged = load_merged(path, &mut chain, &mut provenance)?;
    let mut loaded = from_chain(merged, &provenance)?;
    loaded.chain = chain;
    Ok(loaded)
}

/// The merged content of `path` and the files it extends, the extending file over its
/// parent. `chain` collects the canonical paths read so far, to catch a cycle;
/// `provenance` each file's name and the lines of its values.
fn load_merged(
    path: &Path,
    chain: &mut Vec<PathBuf>,
    provenance: &mut Provenance,
) -> crate::Result<Value> {
    let shown = path.display().to_string();
    // A pipe (`<(…)`, `/dev/stdin` from a pipe) has no canonical path: it is then known by
    // the path given, and reading it says whether it exists.
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if chain.contains(&canonical) {
        let cycle: Vec<String> = chain
            .iter()
            .chain(std::iter::once(&canonical))
            .map(|p| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
            })
            .collect();
        return Err(InputError::at(shown, "extends", {
            let cycle = cycle.join(" → ");
            crate::text!(
                da: "danner en ring: {cycle} (et scenarie kan ikke udvide sig selv)",
                en: "forms a cycle: {cycle} (a scenario cannot extend itself)"
            )
        })
        .into());
    }
    if chain.len() >= MAX_CHAIN {
        return Err(InputError::at(
            shown,
            "extends",
            crate::text!(
                da: "kæden er længere end {MAX_CHAIN} filer",
                en: "the chain is longer than {MAX_CHAIN} files"
            ),
        )
        .into());
    }
    chain.push(canonical);
    let text = read_text(path)?;
    // Typed parse first: a typo or a wrong type is reported in this file, at its path.
    let (file, lines): (ScenarioFile, _) = parse_json_with_lines(&text, &shown)?;
    provenance.push(shown.clone(), lines);
    let mut value = serde_json::to_value(&file).expect("serializes");
    let Some(parent) = &file.extends else {
        return Ok(value);
    };
    let parent_path = path.parent().unwrap_or(Path::new(".")).join(parent);
    let missing = match std::fs::metadata(&parent_path) {
        Err(_) => Some(crate::text!(
            da: "{parent:?} findes ikke (stien regnes fra denne fils mappe)",
            en: "{parent:?} does not exist (the path is relative to this file's folder)"
        )),
        Ok(meta) if meta.is_dir() => Some(crate::text!(
            da: "{parent:?} er en mappe, ikke en scenariefil (stien regnes fra denne fils mappe)",
            en: "{parent:?} is a folder, not a scenario file (the path is relative to this file's folder)"
        )),
        Ok(_) => None,
    };
    if let Some(missing) = missing {
        return Err(InputError::at(shown, "extends", missing).into());
    }
    let mut base = load_merged(&parent_path, chain, provenance)?;
    if let Value::Object(map) = &mut value {
        map.remove("extends");
    }
    // A file that renames the scenario is another scenario: it is not shown under its
    // parent's title ("Nuværende indsats" for an initiative) nor described by its
    // parent's description, but under its own name, with its own words or none.
    if let (Value::Object(child), Value::Object(parent)) = (&value, &mut base)
        && child
            .get("name")
            .is_some_and(|name| Some(name) != parent.get("name"))
    {
        for own in ["title", "description"] {
            if !child.contains_key(own) {
                parent.remove(own);
            }
        }
    }
    merge(&mut base, value);
    Ok(base)
}
