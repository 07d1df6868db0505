//! Shards: one range of a run's replications, written as the raw per-replication cells,
//! and merging all shards of a run back into exactly the result of one run.
//!
//! Every replication draws from its own counter-based streams (see `sim::rng`), so
//! replication *i* is the same whether it runs alone, in a shard on another machine, or
//! in one big run. Shard *k* of *n* over *N* replications runs `[k·N/n, (k+1)·N/n)`.

use crate::Group;
use crate::decode::json::parse_json;
use crate::error::InputError;
use crate::measure::{Cell, MonthCells};
use crate::scenario::load::Loaded;
use crate::sim::ReplicationOutcome;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The `format` field of a shard file.
pub const SHARD_FORMAT: &str = "fokus-shard";
/// The shard file version this fokus writes and reads.
pub const SHARD_VERSION: u32 = 1;

/// `K/N`: shard K (from 0) of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl ShardSpec {
    /// Parse `K/N` (K from 0 to N − 1). `flag` names the option in errors.
    pub fn parse(text: &str, flag: &str) -> Result<ShardSpec, InputError> {
        let bad = |why: String| {
            InputError::new(
                flag,
                format!("{text:?} {why} (expected K/N with 0 ≤ K < N, e.g. 3/16; K counts from 0)"),
            )
        };
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| bad("is not a shard".into()))?;
        let parse = |s: &str| s.trim().parse::<u64>();
        let (Ok(index), Ok(count)) = (parse(k), parse(n)) else {
            return Err(bad("is not two whole numbers".into()));
        };
        if count == 0 {
            return Err(bad("has no shards".into()));
        }
        if index >= count {
            return Err(bad(format!(
                "is past the last shard, {}/{count}",
                count - 1
            )));
        }
        Ok(ShardSpec { index, count })
    }

    /// The replications of this shard in a run of `replications`.
    pub fn range(&self, replications: u64) -> Range<u64> {
        let at =
            |k: u64| (u128::from(k) * u128::from(replications) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A shard file: the audit of the whole run, which part this is, the merged scenario
/// (so `fokus merge` needs nothing else) and the cells of every replication.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardFile {
    /// Always `fokus-shard`.
    pub format: String,
    /// Shard file version: 1.
    pub version: u32,
    /// fokus version that ran it.
    pub fokus_version: String,
    /// The scenario file as given.
    pub scenario: String,
    /// SHA-256 of the merged scenario.
    pub scenario_sha256: String,
    /// Seed.
    pub seed: u64,
    /// Replications of the whole run (all shards).
    pub replications: u64,
    /// This part.
    pub shard: ShardSpec,
    /// The first replication of this part.
    pub first_replication: u64,
    /// Seconds this part took.
    pub elapsed_s: f64,
    /// Worker threads of this part.
    pub threads: usize,
    /// The merged scenario (the whole `extends` chain).
    pub scenario_file: serde_json::Value,
    /// Per replication, in order.
    pub outcomes: Vec<ShardOutcome>,
}

/// One replication's raw result.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardOutcome {
    /// Person-months simulated.
    pub person_months: u64,
    /// `cells[method][month][group]` = `[population, fulfilled]`.
    pub cells: Vec<Vec<Vec<[u64; 2]>>>,
}

impl ShardOutcome {
    fn from_outcome(o: &ReplicationOutcome) -> ShardOutcome {
        ShardOutcome {
            person_months: o.person_months,
            cells: o
                .cells
                .iter()
                .map(|months| {
                    months
                        .iter()
                        .map(|m| {
                            m.groups
                                .iter()
                                .map(|c| [c.population, c.fulfilled])
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        }
    }

    fn to_outcome(&self) -> Option<ReplicationOutcome> {
        let cells = self
            .cells
            .iter()
            .map(|months| {
                months
                    .iter()
                    .map(|groups| {
                        if groups.len() != Group::COUNT {
                            return None;
                        }
                        let mut mc = MonthCells::default();
                        for (cell, &[population, fulfilled]) in mc.groups.iter_mut().zip(groups) {
                            if fulfilled > population {
                                return None;
                            }
                            *cell = Cell {
                                population,
                                fulfilled,
                            };
                        }
                        Some(mc)
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ReplicationOutcome {
            cells,
            person_months: self.person_months,
        })
    }
}

/// The shard file of `outcomes` (replications `first..`) of a run.
#[allow(clippy::too_many_arguments)]
pub fn shard_file(
    loaded: &Loaded,
    scenario_shown: &str,
    seed: u64,
    replications: u64,
    shard: ShardSpec,
    first_replication: u64,
    outcomes: &[ReplicationOutcome],
    threads: usize,
    elapsed_s: f64,
) -> ShardFile {
    ShardFile {
        format: SHARD_FORMAT.into(),
        version: SHARD_VERSION,
        fokus_version: crate::VERSION.into(),
        scenario: scenario_shown.into(),
        scenario_sha256: loaded.sha256.clone(),
        seed,
        replications,
        shard,
        first_replication,
        elapsed_s,
        threads,
        scenario_file: crate::scenario::load::merged_value(loaded),
        outcomes: outcomes.iter().map(ShardOutcome::from_outcome).collect(),
    }
}

/// All shards of one run, put back together.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The scenario, with the hash the shards recorded.
    pub loaded: Loaded,
    /// The scenario file as given to the shards.
    pub scenario: String,
    /// Seed.
    pub seed: u64,
    /// Every replication, in order.
    pub outcomes: Vec<ReplicationOutcome>,
    /// Seconds summed over the shards.
    pub elapsed_s: f64,
    /// The most worker threads of a shard.
    pub threads: usize,
}

/// Check that `parts` (each shard file as named in errors, checked on its own by
/// [`parse_shard`]) are all the shards of one run, each once, and put them together.
pub fn merge(parts: &[(String, ShardFile)]) -> crate::Result<Merged> {
    let Some((first_name, first)) = parts.first() else {
        return Err(InputError::new("fokus merge", "no shard files given").into());
    };
    for (name, part) in &parts[1..] {
        let differs = |what: &str, a: String, b: String| -> crate::Result<()> {
            if a == b {
                return Ok(());
            }
            Err(InputError::new(
                name.as_str(),
                format!(
                    "{what} {b} differs from {first_name}'s {a}: the shards are not of one run (one run's shards share the scenario, seed, replications, shard count and fokus version)"
                ),
            )
            .into())
        };
        differs(
            "scenario sha256",
            first.scenario_sha256.clone(),
            part.scenario_sha256.clone(),
        )?;
        differs("seed", first.seed.to_string(), part.seed.to_string())?;
        differs(
            "replications",
            first.replications.to_string(),
            part.replications.to_string(),
        )?;
        differs(
            "shard count",
            first.shard.count.to_string(),
            part.shard.count.to_string(),
        )?;
        differs(
            "fokus version",
            first.fokus_version.clone(),
            part.fokus_version.clone(),
        )?;
    }
    let count = first.shard.count;
    let mut by_index: Vec<Option<usize>> = vec![None; count as usize];
    for (i, (name, part)) in parts.iter().enumerate() {
        match by_index[part.shard.index as usize] {
            Some(j) => {
                return Err(InputError::new(
                    name.as_str(),
                    format!(
                        "shard {} is also in {} (give each shard once)",
                        part.shard, parts[j].0
                    ),
                )
                .into());
            }
            None => by_index[part.shard.index as usize] = Some(i),
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| by_index[k as usize].is_none())
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(InputError::new(
            "fokus merge",
            format!(
                "{} {} {} missing ({} of {count} given)",
                if missing.len() == 1 {
                    "shard"
                } else {
                    "shards"
                },
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" },
                parts.len()
            ),
        )
        .into());
    }
    let mut loaded = crate::scenario::load::from_merged(first.scenario_file.clone(), first_name)?;
    loaded.sha256 = first.scenario_sha256.clone();
    let mut outcomes = Vec::with_capacity(first.replications as usize);
    let (mut elapsed_s, mut threads) = (0.0, 0);
    for i in by_index.into_iter().flatten() {
        let (_, part) = &parts[i];
        for o in &part.outcomes {
            outcomes.push(o.to_outcome().expect("checked when read"));
        }
        elapsed_s += part.elapsed_s;
        threads = threads.max(part.threads);
    }
    Ok(Merged {
        loaded,
        scenario: first.scenario.clone(),
        seed: first.seed,
        outcomes,
        elapsed_s,
        threads,
    })
}

/// Parse one shard file's text and check it on its own: format, version, this fokus, its
/// range. `shown` names the file in errors.
pub fn parse_shard(text: &str, shown: &str) -> crate::Result<ShardFile> {
    let head: serde_json::Value = parse_json(text, shown)?;
    if head.get("format").and_then(|f| f.as_str()) != Some(SHARD_FORMAT) {
        return Err(InputError::new(
            shown,
            "is not a shard file (expected \"format\": \"fokus-shard\", as written by `fokus run --shard K/N --shard-out FILE`)",
        )
        .into());
    }
    let part: ShardFile = parse_json(text, shown)?;
    let fail = |message: String| -> crate::Result<ShardFile> {
        Err(InputError::new(shown, message).into())
    };
    if part.version != SHARD_VERSION {
        return fail(format!(
            "shard file version {} is not supported (expected {SHARD_VERSION})",
            part.version
        ));
    }
    if part.fokus_version != crate::VERSION {
        return fail(format!(
            "was written by fokus {}; this is fokus {} (merge with the version that ran the shards)",
            part.fokus_version,
            crate::VERSION
        ));
    }
    if part.shard.count == 0 || part.shard.index >= part.shard.count {
        return fail(format!("shard {} is not a shard", part.shard));
    }
    let range = part.shard.range(part.replications);
    if part.first_replication != range.start
        || part.outcomes.len() as u64 != range.end - range.start
    {
        return fail(format!(
            "holds replications {}..{} but shard {} of {} replications is {}..{} (the file is truncated or edited)",
            part.first_replication,
            part.first_replication + part.outcomes.len() as u64,
            part.shard,
            part.replications,
            range.start,
            range.end
        ));
    }
    if let Some(i) = part.outcomes.iter().position(|o| o.to_outcome().is_none()) {
        return fail(format!(
            "outcomes[{i}] is malformed (expected {} groups per month, fulfilled ≤ population)",
            Group::COUNT
        ));
    }
    Ok(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse_and_ranges_tile_the_run() {
        assert_eq!(
            ShardSpec::parse("3/16", "--shard").unwrap(),
            ShardSpec {
                index: 3,
                count: 16
            }
        );
        for bad in ["0/0", "16/16", "17/16", "a/b", "3", "-1/4", ""] {
            assert!(ShardSpec::parse(bad, "--shard").is_err(), "{bad}");
        }
        for n in [16, 17, 1000, 10_001] {
            let mut next = 0;
            for k in 0..16 {
                let r = ShardSpec {
                    index: k,
                    count: 16,
                }
                .range(n);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, n);
        }
    }
}
