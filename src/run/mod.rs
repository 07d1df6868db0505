//! Running replications: the one [`Driver`] (in parallel, deterministic whatever the
//! thread count, stoppable between two replications), and the outcomes summarised into
//! plain-data results. The edge between the pure simulator and the analyses.

pub mod cells;
pub mod resources;
pub mod result;
pub mod shard;
pub mod takes;
pub mod uncertainty;
use crate::Month;
use crate::error::{Error, InputError};
use crate::measure::MonthCells;
use crate::measure::method::Method;
use crate::scenario::load::Loaded;
pub use crate::scenario::uncertainty::{Layer, Layers};
use crate::sim::{Checkpoint, CpuLevel, Model, OfferFree, ReplicationOutcome, Start, Workspace};
pub use cells::RunCells;
use rayon::prelude::*;
pub use result::{
    Audit, Borrowed, Estimated, EvidenceUnit, MonthResult, Precision, RegisterFlows, RunResult,
    StartInfo, Timing,
};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// What to run: which replications, on which seed, scored under which methods.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// Replications.
    pub replications: u64,
    /// The first replication's index (shards run a range of replications).
    pub first_replication: u64,
    /// Seed.
    pub seed: u64,
    /// Methods to score the same histories under, besides the scenario's own.
    pub extra_methods: Vec<Method>,
    /// The layers of uncertainty drawn (default all; the others at their central
    /// values). Process noise is always on.
    pub layers: Layers,
    /// The vector level the month loop runs at (default: the best this CPU has; never
    /// above it). It changes the speed, never a number.
    pub cpu_level: CpuLevel,
    /// Memory, bytes, a run may hold in [`Checkpoint`]s so that the variants of a
    /// scenario an analysis runs (swings, curve points, a goal seek's steps) skip the
    /// months they simulate alike ([`Prefix`]); 0: none (the library does not know the
    /// machine — the command line sets it). It changes the speed, never a number.
    pub checkpoint_memory: u64,
}

impl RunConfig {
    /// Replications `0..replications` on `seed`, scored under the scenario's own method.
    pub fn new(replications: u64, seed: u64) -> RunConfig {
        RunConfig {
            replications,
            first_replication: 0,
            seed,
            extra_methods: Vec::new(),
            layers: Layers::ALL,
            cpu_level: CpuLevel::detect(),
            checkpoint_memory: 0,
        }
    }

    /// The indices of the replications to run.
    pub fn range(&self) -> Range<u64> {
        self.first_replication..self.first_replication + self.replications
    }
}

/// The default seed, printed in every output.
pub const DEFAULT_SEED: u64 = 20_250_429;
/// The default replications.
pub const DEFAULT_REPLICATIONS: u64 = 1_000;

/// The one loop over replications. Every analysis that simulates (run, compare,
/// sensitivity, solve, calibrate, backtest) runs its replications through a driver, so
/// all of them share the worker threads and the progress callback.
///
/// Results do not depend on the thread count: replication `i` is a pure function of the
/// seed and `i` (every draw comes from its own counter-based stream, see `sim::rng`), and
/// the outcomes are collected in index order.
pub struct Driver<'p> {
    pool: rayon::ThreadPool,
    progress: Box<dyn Fn() + Sync + 'p>,
    cancel: Option<&'p AtomicBool>,
}

impl<'p> Driver<'p> {
    /// A driver on `threads` worker threads (0: all cores) that calls `progress` after
    /// each replication (for a progress bar).
    pub fn new(threads: usize, progress: impl Fn() + Sync + 'p) -> crate::Result<Driver<'p>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| {
                Error::Runtime(crate::text!(
                    da: "kan ikke starte arbejdstråde: {e}",
                    en: "cannot start worker threads: {e}"
                ))
            })?;
        Ok(Driver {
            pool,
            progress: Box::new(progress),
            cancel: None,
        })
    }

    /// The same driver, stopped when `cancel` is set: no replication starts after it is,
    /// and [`simulate_all`] then fails instead of returning a part of the run (a newer
    /// request from `fokus serve`'s page replaces the older one). A replication that
    /// runs is the same whether or not the driver can be cancelled.
    pub fn with_cancel(self, cancel: &'p AtomicBool) -> Driver<'p> {
        Driver {
            cancel: Some(cancel),
            ..self
        }
    }

    /// Whether the driver's cancel flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// The worker threads it runs on.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Simulate the replications `replications` of `model` on `seed`, in index order.
    /// A cancelled driver returns none (its callers check [`Driver::is_cancelled`]).
    pub fn replicate(
        &self,
        model: &Model,
        seed: u64,
        replications: Range<u64>,
    ) -> Vec<ReplicationOutcome> {
        self.each(replications, |work, rep| model.simulate_in(seed, rep, work))
    }

    /// [`Driver::replicate`], keeping each replication's [`Checkpoint`] at the start of
    /// `at` (none when `at` is not a simulated month).
    pub fn replicate_keeping(
        &self,
        model: &Model,
        seed: u64,
        replications: Range<u64>,
        at: Month,
    ) -> Vec<(ReplicationOutcome, Option<Checkpoint>)> {
        self.each(replications, |work, rep| {
            model.simulate_keeping(seed, rep, work, at)
        })
    }

    /// [`Driver::replicate`], with each replication's record without offers where the
    /// model is replayable ([`Model::simulate_recording`]).
    pub fn replicate_recording(
        &self,
        model: &Model,
        seed: u64,
        replications: Range<u64>,
    ) -> Vec<(ReplicationOutcome, Option<OfferFree>)> {
        self.each(replications, |work, rep| {
            model.simulate_recording(seed, rep, work)
        })
    }

    /// The recorded replications' scored months under `model`'s offers
    /// ([`Model::replay`]).
    pub fn replay(&self, model: &Model, records: &[OfferFree]) -> Vec<Vec<MonthCells>> {
        self.each(records, |_, record| model.replay(record))
    }

    /// The checkpoints' replications, each continued by `model` (see [`Model::resume`]).
    pub fn resume(&self, model: &Model, checkpoints: &[Checkpoint]) -> Vec<ReplicationOutcome> {
        self.each(checkpoints, |work, checkpoint| {
            model.resume(work, checkpoint)
        })
    }

    /// `one` for every item on the pool, each worker thread with its own reused
    /// [`Workspace`], collected in the items' order; none at all once cancelled.
    fn each<I, T>(&self, items: I, one: impl Fn(&mut Workspace, I::Item) -> T + Sync) -> Vec<T>
    where
        I: IntoParallelIterator + Send,
        T: Send,
    {
        self.pool.install(|| {
            items
                .into_par_iter()
                .map_init(Workspace::default, |work, item| {
                    if self.is_cancelled() {
                        return None;
                    }
                    let out = one(work, item);
                    (self.progress)();
                    Some(out)
                })
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default()
        })
    }
}

/// The outcomes of a run's replications, in index order, and what they cost.
#[derive(Clone, Debug)]
pub struct Simulated {
    /// One outcome per replication.
    pub outcomes: Vec<ReplicationOutcome>,
    /// Worker threads used.
    pub threads: usize,
    /// Wall time, seconds.
    pub elapsed_s: f64,
}

/// Simulate the replications of `config`, every one starting from a register's caseload
/// when `start` is given.
pub fn simulate_all(
    driver: &Driver,
    loaded: &Loaded,
    start: Option<&Start>,
    config: &RunConfig,
) -> crate::Result<Simulated> {
    require_replications(config.replications)?;
    let model = model_of(loaded, start, config);
    let clock = Instant::now();
    let outcomes = driver.replicate(&model, config.seed, config.range());
    finished(driver, outcomes, clock)
}

/// The model a run of `config` simulates.
fn model_of<'a>(loaded: &'a Loaded, start: Option<&'a Start>, config: &RunConfig) -> Model<'a> {
    let model = Model::new(&loaded.scenario, &config.extra_methods)
        .with_layers(config.layers)
        .with_cpu_level(config.cpu_level);
    match start {
        Some(s) => model.with_start(s),
        None => model,
    }
}

/// The outcomes of a driver's run, unless it was cancelled.
fn finished(
    driver: &Driver,
    outcomes: Vec<ReplicationOutcome>,
    clock: Instant,
) -> crate::Result<Simulated> {
    if driver.is_cancelled() {
        return Err(Error::Runtime(cancelled()));
    }
    Ok(Simulated {
        outcomes,
        threads: driver.threads(),
        elapsed_s: clock.elapsed().as_secs_f64(),
    })
}

/// [`simulate_all`] (from no register), keeping every replication's [`Checkpoint`] at
/// the start of `at`: what [`simulate_continuing`] continues other scenarios from.
/// The checkpoints are empty when `at` is not a simulated month.
pub fn simulate_keeping(
    driver: &Driver,
    loaded: &Loaded,
    config: &RunConfig,
    at: Month,
) -> crate::Result<(Simulated, Vec<Checkpoint>)> {
    require_replications(config.replications)?;
    let model = model_of(loaded, None, config);
    let clock = Instant::now();
    let (outcomes, kept): (Vec<_>, Vec<_>) = driver
        .replicate_keeping(&model, config.seed, config.range(), at)
        .into_iter()
        .unzip();
    let checkpoints = kept
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    Ok((finished(driver, outcomes, clock)?, checkpoints))
}

/// [`simulate_all`] of `loaded` (from no register), continuing from `base`'s
/// checkpoints — kept by [`simulate_keeping`] for the replications of `config` — where
/// `loaded` simulates as `base` does before their month ([`Model::diverges_from`]): a
/// scenario that only adds or changes initiatives from that month on skips the months
/// before, with the same outcomes, bit for bit, as [`simulate_all`]'s. Otherwise (or
/// without checkpoints) the whole run.
pub fn simulate_continuing(
    driver: &Driver,
    loaded: &Loaded,
    config: &RunConfig,
    base: &Loaded,
    checkpoints: &[Checkpoint],
) -> crate::Result<Simulated> {
    require_replications(config.replications)?;
    let model = model_of(loaded, None, config);
    let same_replications = checkpoints
        .iter()
        .map(Checkpoint::replication)
        .eq(config.range().map(|rep| (config.seed, rep)));
    let continues = same_replications
        && checkpoints
            .first()
            .is_some_and(|c| c.month() <= model.diverges_from(&model_of(base, None, config)));
    if !continues {
        return simulate_all(driver, loaded, None, config);
    }
    let clock = Instant::now();
    let outcomes = driver.resume(&model, checkpoints);
    finished(driver, outcomes, clock)
}

/// A scenario's replications kept at the start of its first projected month, for its
/// variants to continue from ([`simulate_continuing`]): a sensitivity swing, a point of
/// a P(goal) curve or a goal seek's step changes one number of the scenario, and when
/// that number is an initiative's that starts after the observed months, the variant
/// simulates the months before as the scenario does — about three quarters of a
/// year's run with a two-year burn-in.
pub struct Prefix<'a> {
    scenario: &'a Loaded,
    checkpoints: Vec<Checkpoint>,
}

impl<'a> Prefix<'a> {
    /// Nothing kept: every variant runs whole.
    pub fn none(scenario: &'a Loaded) -> Prefix<'a> {
        Prefix {
            scenario,
            checkpoints: Vec::new(),
        }
    }

    /// Whether the checkpoints of `config`'s replications of `scenario` are expected to
    /// fit `config.checkpoint_memory`.
    pub fn fits(scenario: &Loaded, config: &RunConfig) -> bool {
        let persons = scenario.scenario.initial_persons();
        let estimate = config.replications * persons * resources::CHECKPOINT_BYTES_PER_PERSON;
        estimate <= config.checkpoint_memory
    }

    /// The scenario's run, with its checkpoints when they fit (see [`Prefix::fits`];
    /// none otherwise, and when their measured size does not fit after all).
    pub fn keep(
        driver: &Driver,
        scenario: &'a Loaded,
        config: &RunConfig,
    ) -> crate::Result<(Simulated, Prefix<'a>)> {
        if !Prefix::fits(scenario, config) {
            return Ok((
                simulate_all(driver, scenario, None, config)?,
                Prefix::none(scenario),
            ));
        }
        let first_projected = scenario.scenario.status_quo_from().plus(1);
        let (simulated, mut checkpoints) =
            simulate_keeping(driver, scenario, config, first_projected)?;
        let bytes: usize = checkpoints.iter().map(Checkpoint::heap_bytes).sum();
        if bytes as u64 > config.checkpoint_memory {
            checkpoints = Vec::new();
        }
        Ok((
            simulated,
            Prefix {
                scenario,
                checkpoints,
            },
        ))
    }

    /// `variant`'s run: continued from the checkpoints where it simulates as the
    /// scenario before them (the same outcomes as [`simulate_all`]'s), else whole.
    pub fn simulate(
        &self,
        driver: &Driver,
        variant: &Loaded,
        config: &RunConfig,
    ) -> crate::Result<Simulated> {
        simulate_continuing(driver, variant, config, self.scenario, &self.checkpoints)
    }

    /// The memory the checkpoints hold, bytes.
    pub fn heap_bytes(&self) -> usize {
        self.checkpoints.iter().map(Checkpoint::heap_bytes).sum()
    }
}

/// The error of a run whose driver was cancelled.
pub fn cancelled() -> crate::error::Message {
    crate::text!(
        da: "kørslen blev afbrudt (en nyere forespørgsel afløste den)",
        en: "the run was cancelled (a newer request replaced it)"
    )
}

/// Refuse a run of no replications: it has no result.
pub fn require_replications(replications: u64) -> Result<(), InputError> {
    if replications == 0 {
        return Err(InputError::new(
            "--replications",
            crate::text!(
                da: "0 kørsler giver intet resultat (forventede mindst 1)",
                en: "0 replications give no result (expected at least 1)"
            ),
        ));
    }
    Ok(())
}

/// Replications per batch when running to a precision: the stopping count is a
/// multiple of it (or the maximum), so the same seed stops at the same count.
pub const PRECISION_BATCH: u64 = 500;
/// The most replications a run to a precision makes unless told otherwise.
pub const PRECISION_MAX_REPLICATIONS: u64 = 100_000;

/// Simulate batches of [`PRECISION_BATCH`] replications until the Wilson 95 % interval
/// of `p_target_met` (the scenario's own method) has at most `half_width` on each side,
/// or `config.replications` (the maximum) are done. The number of outcomes is the count
/// used; the [`Precision`] says whether the half-width was reached or the maximum
/// stopped the run short of it.
pub fn simulate_to_precision(
    driver: &Driver,
    loaded: &Loaded,
    start: Option<&Start>,
    config: &RunConfig,
    half_width: f64,
) -> crate::Result<(Simulated, Precision)> {
    if !(half_width.is_finite() && half_width > 0.0 && half_width < 0.5) {
        return Err(InputError::new(
            "--precision",
            {
                let da = crate::error::da_number(half_width);
                crate::text!(
                    da: "{da} er ikke en halv intervalbredde for en sandsynlighed (forventede mere end 0 og mindre end 0,5, f.eks. 0,01)",
                    en: "{half_width} is not a half-width of a probability's interval (expected more than 0 and less than 0.5, e.g. 0.01)"
                )
            },
        )
        .into());
    }
    require_replications(config.replications)?;
    let sc = &loaded.scenario;
    let mut done = Simulated {
        outcomes: Vec::new(),
        threads: driver.threads(),
        elapsed_s: 0.0,
    };
    // A replication's year mean depends on it alone: each batch's means are computed
    // once, not the whole run's again after every batch.
    let mut means: Vec<f64> = Vec::new();
    let mut reached_half_width = f64::INFINITY;
    while (done.outcomes.len() as u64) < config.replications {
        let count = done.outcomes.len() as u64;
        let batch = RunConfig {
            replications: PRECISION_BATCH.min(config.replications - count),
            first_replication: config.first_replication + count,
            ..config.clone()
        };
        let mut more = simulate_all(driver, loaded, start, &batch)?;
        let cells = RunCells::from_outcomes(&more.outcomes);
        means.extend(
            result::year_means(sc, sc.method(), cells.method(0))
                .into_iter()
                .flatten(),
        );
        done.outcomes.append(&mut more.outcomes);
        done.elapsed_s += more.elapsed_s;
        let met = means
            .iter()
            .filter(|&&m| m > sc.method().target_pct())
            .count() as u64;
        let [lo, hi] = crate::stats::wilson95(met, means.len() as u64);
        reached_half_width = (hi - lo) / 2.0;
        if reached_half_width <= half_width {
            break;
        }
    }
    let precision = Precision {
        requested_half_width: half_width,
        reached_half_width,
        reached: reached_half_width <= half_width,
        max_replications: config.replications,
    };
    Ok((done, precision))
}

/// Summarise outcomes per scoring method (the scenario's own first); the audit counts
/// the replications simulated.
pub fn summarize_all(
    loaded: &Loaded,
    scenario_arg: &str,
    config: &RunConfig,
    simulated: &Simulated,
) -> Vec<RunResult> {
    let sc = &loaded.scenario;
    let methods: Vec<&Method> = std::iter::once(sc.method())
        .chain(config.extra_methods.iter())
        .collect();
    let outcomes = &simulated.outcomes;
    let person_months = outcomes.iter().map(|o| o.person_months).sum();
    let cells = RunCells::from_outcomes(outcomes);
    methods
        .iter()
        .enumerate()
        .map(|(k, method)| {
            let audit = Audit {
                fokus_version: crate::VERSION.to_string(),
                scenario: scenario_arg.to_string(),
                scenario_name: sc.name().to_string(),
                scenario_sha256: loaded.sha256.clone(),
                seed: config.seed,
                replications: outcomes.len() as u64,
                method: method.name().to_string(),
            };
            let timing = Timing {
                elapsed_s: simulated.elapsed_s,
                person_months,
                threads: simulated.threads,
            };
            let mut result = result::summarize(sc, method, cells.method(k), audit, timing);
            if k == 0 {
                result.uncertainty = Some(uncertainty::undecomposed(loaded, config, simulated));
            }
            result
        })
        .collect()
}

/// Per replication, the year mean under scoring method `k` (0: the scenario's own).
pub fn year_means(
    loaded: &Loaded,
    config: &RunConfig,
    cells: &RunCells,
    k: usize,
) -> Vec<Option<f64>> {
    let sc = &loaded.scenario;
    let method = if k == 0 {
        sc.method()
    } else {
        &config.extra_methods[k - 1]
    };
    result::year_means(sc, method, cells.method(k))
}

/// Whether two scenarios differ only in their method (and its labels and the plan's
/// promised level, which change no history): then the second is the first's histories
/// scored under another method.
pub fn differs_only_in_method(a: &Loaded, b: &Loaded) -> bool {
    let simulated =
        |l: &Loaded| serde_json::to_value(l.scenario.file().simulated_part()).expect("serializes");
    simulated(a) == simulated(b)
}
