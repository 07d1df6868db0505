//! Resource guards: before a run starts, estimate its peak memory and its time, and
//! refuse one the machine cannot carry — a clear message at once, not a machine that
//! swaps for an hour or a process the operating system kills.
//!
//! Pure: the caller (the CLI) says how much memory the machine has available and how
//! many threads it runs on.

use crate::error::{InputError, da_number};
use crate::measure::MonthCells;
use crate::scenario::Scenario;

/// Memory per simulated person alive at once: the packed person (about 190 bytes) with
/// room for the growth of the vector that holds it and the month's scratch flags.
pub const BYTES_PER_PERSON: f64 = 400.0;

/// Bytes a person of a [`crate::sim::Checkpoint`] holds, for the estimate before a run
/// keeps them: its columns and twelve months of hours with room to spare (measured about
/// 90 for Copenhagen, `tests/it/simulate.rs`).
pub const CHECKPOINT_BYTES_PER_PERSON: u64 = 100;

/// A conservative throughput: person-months simulated per second per worker thread
/// (a laptop does several times more).
pub const PERSON_MONTHS_PER_SECOND_PER_THREAD: f64 = 1e7;

/// The longest run started without `--allow-large`: a day.
pub const MAX_SECONDS: f64 = 24.0 * 3600.0;

/// The share of the available memory a run may plan to use.
pub const MEMORY_SHARE: f64 = 0.8;

/// The available memory assumed when the machine does not say (no `/proc/meminfo`).
pub const FALLBACK_AVAILABLE_BYTES: u64 = 4 << 30;

/// The most worker threads accepted (`--threads`); results do not depend on it.
pub const MAX_THREADS: usize = 1024;

/// What a run is expected to need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Persons alive at once at most in one replication (the start plus all expected
    /// inflow, as if nobody left).
    pub peak_persons: f64,
    /// Person-months simulated in all (an upper bound: the peak in every month).
    pub person_months: f64,
    /// Peak memory, bytes: one replication's persons per worker thread, plus the kept
    /// monthly cells of every replication.
    pub memory_bytes: f64,
    /// Time at [`PERSON_MONTHS_PER_SECOND_PER_THREAD`], seconds.
    pub seconds: f64,
}

/// Estimate a run of `simulations` replications (all scenarios' and points' together)
/// of `scenario`, scored under `methods` methods, on `threads` worker threads.
pub fn estimate(scenario: &Scenario, simulations: u64, methods: usize, threads: usize) -> Estimate {
    let months = (scenario.horizon_end().since(scenario.first_month()) + 1).max(1) as f64;
    let season_max = scenario.seasonality().iter().copied().fold(1.0, f64::max);
    let inflow: f64 = scenario.groups().iter().map(|g| g.inflow_per_month).sum();
    let peak_persons = scenario.initial_persons() as f64 + inflow * season_max * months;
    let simulations = simulations as f64;
    let threads = threads.max(1) as f64;
    let person_months = peak_persons * months * simulations;
    let year_months = (scenario.horizon_end().since(scenario.january()) + 1).max(1) as f64;
    let cells = simulations * methods.max(1) as f64 * year_months * size_of::<MonthCells>() as f64;
    Estimate {
        peak_persons,
        person_months,
        memory_bytes: peak_persons * BYTES_PER_PERSON * threads.min(simulations.max(1.0)) + cells,
        seconds: person_months / (PERSON_MONTHS_PER_SECOND_PER_THREAD * threads),
    }
}

/// Estimate scenarios run one after another (a comparison, a sweep): `runs` holds each
/// scenario with the replications simulated of it and its name. The largest sets the
/// memory, the sum the time; the name returned is the largest's, for the message.
pub fn estimate_sequence<'a>(
    runs: &[(&Scenario, u64, &'a str)],
    methods: usize,
    threads: usize,
) -> Option<(Estimate, &'a str)> {
    let mut total: Option<(Estimate, &str)> = None;
    for &(scenario, simulations, name) in runs {
        let e = estimate(scenario, simulations, methods, threads);
        total = Some(match total {
            None => (e, name),
            Some((t, largest)) => (
                Estimate {
                    peak_persons: t.peak_persons.max(e.peak_persons),
                    person_months: t.person_months + e.person_months,
                    memory_bytes: t.memory_bytes.max(e.memory_bytes),
                    seconds: t.seconds + e.seconds,
                },
                if e.memory_bytes > t.memory_bytes {
                    name
                } else {
                    largest
                },
            ),
        });
    }
    total
}

/// Refuse a run that would need more memory than `available_bytes` allows, or more than
/// [`MAX_SECONDS`]. `origin` names the scenario in the message.
pub fn check(estimate: &Estimate, available_bytes: u64, origin: &str) -> Result<(), InputError> {
    let limit = available_bytes as f64 * MEMORY_SHARE;
    if estimate.memory_bytes > limit {
        return Err(InputError::new(origin, {
            let (need, limit, available) = (
                bytes(estimate.memory_bytes),
                bytes(limit),
                bytes(available_bytes as f64),
            );
            let (need_da, limit_da, available_da) =
                (da_number(&need), da_number(&limit), da_number(&available));
            let persons = count(estimate.peak_persons);
            let persons_da = count_da(estimate.peak_persons);
            let share = format!("{:.0}", MEMORY_SHARE * 100.0);
            crate::text!(
                da: "kørslen kræver omkring {need_da} hukommelse ({persons_da} personer ad gangen pr. replikation), mere end de {share} % af den ledige hukommelse, en kørsel må planlægge med ({limit_da} af {available_da} ledig på denne maskine); brug færre personer eller mindre tilgang, færre --threads, færre kørsler, eller --allow-large for at prøve alligevel",
                en: "the run needs about {need} of memory ({persons} persons at once per replication), more than the {share} % of the available memory a run may plan for ({limit} of {available} available on this machine); use fewer persons or less inflow, fewer --threads, fewer replications, or --allow-large to try anyway"
            )
        }));
    }
    if estimate.seconds > MAX_SECONDS {
        return Err(InputError::new(origin, {
            let hours = format!("{:.0}", estimate.seconds / 3600.0);
            let person_months = count(estimate.person_months);
            let pace = count(PERSON_MONTHS_PER_SECOND_PER_THREAD);
            let (person_months_da, pace_da) = (
                count_da(estimate.person_months),
                count_da(PERSON_MONTHS_PER_SECOND_PER_THREAD),
            );
            crate::text!(
                da: "kørslen ville tage omkring {hours} timer ({person_months_da} personmåneder ved forsigtigt regnet {pace_da} pr. sekund pr. tråd); brug færre kørsler (-n), flere --threads, eller --allow-large for at prøve alligevel",
                en: "the run would take about {hours} hours ({person_months} person-months at a cautious {pace} per second per thread); use fewer replications (-n), more --threads, or --allow-large to try anyway"
            )
        }));
    }
    Ok(())
}

/// Refuse an absurd `--threads`.
pub fn check_threads(threads: usize) -> Result<(), InputError> {
    if threads > MAX_THREADS {
        return Err(InputError::new(
            "--threads",
            crate::text!(
                da: "{threads} er flere end {MAX_THREADS} tråde (0 bruger alle kerner; resultatet afhænger ikke af det)",
                en: "{threads} is more than {MAX_THREADS} worker threads (0 uses all cores; the result does not depend on it)"
            ),
        ));
    }
    Ok(())
}

/// The available memory in a `/proc/meminfo` text (`MemAvailable`), in bytes.
pub fn mem_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Bytes for people: `1.5 GB`.
fn bytes(b: f64) -> String {
    let gb = b / 1e9;
    if gb >= 1.0 {
        format!("{gb:.1} GB")
    } else {
        format!("{:.0} MB", (b / 1e6).max(1.0))
    }
}

/// A large count for people: `2.5 billion`, `40 million`, `12000`.
fn count(n: f64) -> String {
    if n >= 1e9 {
        format!("{:.1} billion", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} million", n / 1e6)
    } else {
        format!("{n:.0}")
    }
}

/// [`count`] as a Danish message writes it: `2,5 milliarder`, `40,0 millioner`, `12000`.
fn count_da(n: f64) -> String {
    if n >= 1e9 {
        format!("{} milliarder", da_number(format!("{:.1}", n / 1e9)))
    } else if n >= 1e6 {
        format!("{} millioner", da_number(format!("{:.1}", n / 1e6)))
    } else {
        format!("{n:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load::from_json_str;

    fn scenario(persons: u64, inflow: f64) -> Scenario {
        let text = format!(
            r#"{{"version": 1, "year": 2025, "burn_in_months": 12, "horizon_end": "2025-12",
            "groups": {{"kontanthjaelp": {{"persons": {persons}, "inflow_per_month": {inflow},
            "exit_hazard": [{{"from_months": 0, "rate": 0.05}}], "offer_rate": 0.5,
            "hours_rate": 0, "hours_median": 0, "hours_sigma": 0, "absence_rate": 0,
            "registration_rate": 0, "conversation_rate": 0}}}}}}"#
        );
        from_json_str(&text, "s.json").unwrap().scenario
    }

    #[test]
    fn estimate_counts_inflow_threads_and_replications() {
        let e = estimate(&scenario(1000, 10.0), 100, 1, 4);
        assert_eq!(e.peak_persons, 1000.0 + 10.0 * 24.0);
        assert_eq!(e.person_months, 1240.0 * 24.0 * 100.0);
        let cells = 100.0 * 12.0 * size_of::<MonthCells>() as f64;
        assert_eq!(e.memory_bytes, 1240.0 * BYTES_PER_PERSON * 4.0 + cells);
        assert_eq!(e.seconds, e.person_months / 4e7);
    }

    #[test]
    fn a_billion_persons_is_refused_and_a_town_is_not() {
        let town = estimate(&scenario(20_000, 500.0), 1000, 1, 8);
        assert!(check(&town, 8 << 30, "s.json").is_ok());
        let huge = estimate(&scenario(1000, 1e7), 1, 1, 2);
        let err = check(&huge, 16 << 30, "s.json").unwrap_err().to_string();
        assert!(err.contains("240.0 million persons"), "{err}");
        // The rule is stated, so the numbers add up: 80 % of 17.2 GB is 13.7 GB.
        assert!(
            err.contains("more than the 80 % of the available memory a run may plan for (13.7 GB of 17.2 GB available on this machine)"),
            "{err}"
        );
        assert!(err.contains("--allow-large"), "{err}");
        let long = estimate(&scenario(40_000, 0.0), 100_000_000, 1, 1);
        let err = check(&long, u64::MAX, "s.json").unwrap_err().to_string();
        assert!(err.contains("hours"), "{err}");
    }

    #[test]
    fn runs_in_sequence_take_the_largest_memory_and_the_summed_time() {
        let (small, large) = (scenario(1000, 0.0), scenario(4000, 0.0));
        let runs = [(&small, 10, "small.json"), (&large, 10, "large.json")];
        let (total, largest) = estimate_sequence(&runs, 1, 2).unwrap();
        let (a, b) = (estimate(&small, 10, 1, 2), estimate(&large, 10, 1, 2));
        assert_eq!(total.memory_bytes, b.memory_bytes);
        assert_eq!(total.seconds, a.seconds + b.seconds);
        assert_eq!(total.person_months, a.person_months + b.person_months);
        assert_eq!(largest, "large.json");
        assert!(estimate_sequence(&[], 1, 2).is_none());
    }

    #[test]
    fn meminfo_and_threads() {
        let text = "MemTotal: 100 kB\nMemAvailable:   23626880 kB\n";
        assert_eq!(mem_available(text), Some(23_626_880 * 1024));
        assert_eq!(mem_available("nothing"), None);
        assert!(check_threads(64).is_ok());
        assert!(check_threads(100_000).is_err());
    }
}
