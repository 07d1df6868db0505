//! Running replications: in parallel, deterministic whatever the thread count, and
//! summarised into plain-data results. The edge between the pure simulator and the CLI.

pub mod result;
pub mod shard;
pub mod table;

use crate::error::Error;
use crate::measure::MonthCells;
use crate::method::Method;
use crate::scenario::load::Loaded;
use crate::sim::{Model, ReplicationOutcome, Workspace};
use rayon::prelude::*;
pub use result::{Audit, MonthResult, RunResult, Timing};
use std::time::Instant;

/// What to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// Replications.
    pub replications: u64,
    /// The first replication's index (shards run a range of replications).
    pub first_replication: u64,
    /// Seed.
    pub seed: u64,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Methods to score the same histories under, besides the scenario's own.
    pub extra_methods: Vec<Method>,
}

/// The default seed, printed in every output.
pub const DEFAULT_SEED: u64 = 20_250_429;
/// The default replications.
pub const DEFAULT_REPLICATIONS: u64 = 1_000;

/// Simulate all replications; `tick` is called after each (for a progress bar).
pub fn simulate_all(
    loaded: &Loaded,
    config: &RunConfig,
    tick: &(dyn Fn() + Sync),
) -> crate::Result<(Vec<ReplicationOutcome>, usize, f64)> {
    simulate_all_from(loaded, None, config, tick)
}

/// [`simulate_all`], every replication starting from a register's caseload when given.
pub fn simulate_all_from(
    loaded: &Loaded,
    start: Option<&crate::sim::Start>,
    config: &RunConfig,
    tick: &(dyn Fn() + Sync),
) -> crate::Result<(Vec<ReplicationOutcome>, usize, f64)> {
    if config.replications == 0 {
        return Err(crate::InputError::new(
            "--replications",
            "0 replications give no result (expected at least 1)",
        )
        .into());
    }
    let model = Model::new(&loaded.scenario, &config.extra_methods);
    let model = match start {
        Some(s) => model.with_start(s),
        None => model,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::Runtime(format!("cannot start worker threads: {e}")))?;
    let threads = pool.current_num_threads();
    let start = Instant::now();
    let first = config.first_replication;
    // An interruption (Ctrl-C) is checked between replications: `None` stops the rest.
    let outcomes: Option<Vec<ReplicationOutcome>> = pool.install(|| {
        (first..first + config.replications)
            .into_par_iter()
            .map_init(Workspace::default, |work, rep| {
                if crate::interrupt::requested() {
                    return None;
                }
                let out = model.simulate_in(config.seed, rep, work);
                tick();
                Some(out)
            })
            .collect()
    });
    let outcomes = outcomes.ok_or_else(crate::interrupt::error)?;
    Ok((outcomes, threads, start.elapsed().as_secs_f64()))
}

/// Replications per batch when running to a precision: the stopping count is a
/// multiple of it (or the maximum), so the same seed stops at the same count.
pub const PRECISION_BATCH: u64 = 500;
/// The most replications a run to a precision makes unless told otherwise.
pub const PRECISION_MAX_REPLICATIONS: u64 = 100_000;

/// Simulate batches of [`PRECISION_BATCH`] replications until the Wilson 95 % interval
/// of `p_target_met` (the scenario's own method) has at most `half_width` on each side,
/// or `config.replications` (the maximum) are done. Returns what [`simulate_all`] does;
/// the number of outcomes is the count used.
pub fn simulate_to_precision(
    loaded: &Loaded,
    start: Option<&crate::sim::Start>,
    config: &RunConfig,
    half_width: f64,
    tick: &(dyn Fn() + Sync),
) -> crate::Result<(Vec<ReplicationOutcome>, usize, f64)> {
    if !(half_width.is_finite() && half_width > 0.0 && half_width < 0.5) {
        return Err(crate::InputError::new(
            "--precision",
            format!("{half_width} is not a half-width of a probability's interval (expected more than 0 and less than 0.5, e.g. 0.01)"),
        )
        .into());
    }
    if config.replications == 0 {
        return Err(crate::InputError::new(
            "--replications",
            "0 replications give no result (expected at least 1)",
        )
        .into());
    }
    let sc = &loaded.scenario;
    let mut outcomes: Vec<ReplicationOutcome> = Vec::new();
    let (mut threads, mut elapsed) = (0, 0.0);
    while (outcomes.len() as u64) < config.replications {
        let done = outcomes.len() as u64;
        let batch = RunConfig {
            replications: PRECISION_BATCH.min(config.replications - done),
            first_replication: config.first_replication + done,
            ..config.clone()
        };
        let (mut more, t, e) = simulate_all_from(loaded, start, &batch, tick)?;
        outcomes.append(&mut more);
        (threads, elapsed) = (t, elapsed + e);
        let reps: Vec<&[MonthCells]> = outcomes.iter().map(|o| o.cells[0].as_slice()).collect();
        let means: Vec<f64> = result::year_means(sc, sc.method(), &reps)
            .into_iter()
            .flatten()
            .collect();
        let met = means
            .iter()
            .filter(|&&m| m > sc.method().target_pct())
            .count() as u64;
        let [lo, hi] = crate::stats::wilson95(met, means.len() as u64);
        if (hi - lo) / 2.0 <= half_width {
            break;
        }
    }
    Ok((outcomes, threads, elapsed))
}

/// Summarise outcomes per scoring method (the scenario's own first).
pub fn summarize_all(
    loaded: &Loaded,
    scenario_arg: &str,
    config: &RunConfig,
    outcomes: &[ReplicationOutcome],
    threads: usize,
    elapsed_s: f64,
) -> Vec<RunResult> {
    let sc = &loaded.scenario;
    let methods: Vec<&Method> = std::iter::once(sc.method())
        .chain(config.extra_methods.iter())
        .collect();
    let person_months = outcomes.iter().map(|o| o.person_months).sum();
    methods
        .iter()
        .enumerate()
        .map(|(k, method)| {
            let reps: Vec<&[MonthCells]> = outcomes.iter().map(|o| o.cells[k].as_slice()).collect();
            let audit = Audit {
                fokus_version: crate::VERSION.to_string(),
                scenario: scenario_arg.to_string(),
                scenario_name: sc.name().to_string(),
                scenario_sha256: loaded.sha256.clone(),
                seed: config.seed,
                replications: config.replications,
                method: method.name().to_string(),
            };
            let timing = Timing {
                elapsed_s,
                person_months,
                threads,
            };
            result::summarize(sc, method, &reps, audit, timing)
        })
        .collect()
}

/// Per replication, the year mean under scoring method `k` (0: the scenario's own).
pub fn year_means(
    loaded: &Loaded,
    config: &RunConfig,
    outcomes: &[ReplicationOutcome],
    k: usize,
) -> Vec<Option<f64>> {
    let sc = &loaded.scenario;
    let method = if k == 0 {
        sc.method()
    } else {
        &config.extra_methods[k - 1]
    };
    let reps: Vec<&[MonthCells]> = outcomes.iter().map(|o| o.cells[k].as_slice()).collect();
    result::year_means(sc, method, &reps)
}

/// Whether two scenarios differ only in their method (and its labels): then the
/// second is the first's histories scored under another method.
pub fn differs_only_in_method(a: &Loaded, b: &Loaded) -> bool {
    let strip = |l: &Loaded| {
        let mut v = serde_json::to_value(l.scenario.file()).expect("serializes");
        if let serde_json::Value::Object(map) = &mut v {
            for key in [
                "method",
                "name",
                "description",
                "notes",
                "sources",
                "calibration",
                "extends",
            ] {
                map.remove(key);
            }
        }
        v
    };
    strip(a) == strip(b)
}
