//! `fokus compare`, `fokus sensitivity` and `fokus solve`: several scenarios on common
//! random numbers.

use super::args::{ReportOptions, SimOptions, TableOptions};
use super::edge::{Progress, print_out};
use fokus::compare::{Entry, Plan};
use fokus::error::InputError;
use fokus::lang::Lang;
use fokus::sensitivity::{Seek, Solution};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(mut_arg("out", |a| a.help("Also write a report folder here: compare.svg, fan.svg, compare.csv, summary.json, report.html (other files in the folder are left alone)")))]
pub struct CompareArgs {
    /// The base scenario.
    base: PathBuf,
    /// Alternative scenarios (initiatives or another method).
    #[arg(required = true)]
    alternatives: Vec<PathBuf>,
    /// Monte Carlo replications (the same for every scenario).
    #[arg(long, short = 'n', default_value_t = fokus::run::DEFAULT_REPLICATIONS)]
    replications: u64,
    #[command(flatten)]
    sim: SimOptions,
    #[command(flatten)]
    table: TableOptions,
    #[command(flatten)]
    report: ReportOptions,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("out", |a| a.help("Also write a report folder here (sensitivity: tornado.svg, tornado.csv, summary.json, report.html; other files in the folder are left alone)")))]
pub struct SweepArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Replications per point (common random numbers across points).
    #[arg(long, short = 'n', default_value_t = 200)]
    replications: u64,
    #[command(flatten)]
    sim: SimOptions,
    #[command(flatten)]
    table: TableOptions,
    #[command(flatten)]
    report: ReportOptions,
}

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    #[command(flatten)]
    sweep: SweepArgs,
    /// JSON path of the lever, e.g. `initiatives[0].extra_offer_rate`.
    #[arg(long)]
    lever: String,
    /// Lowest value to consider.
    #[arg(long, allow_hyphen_values = true)]
    from: f64,
    /// Highest value to consider.
    #[arg(long, allow_hyphen_values = true)]
    to: f64,
    /// The probability of reaching the goal that must be reached.
    #[arg(long, default_value_t = 0.8)]
    level: f64,
    /// Stop when the bracket is this narrow (default: 1/64 of the range).
    #[arg(long)]
    tolerance: Option<f64>,
}

pub fn compare(args: CompareArgs) -> fokus::Result<()> {
    let base = fokus::scenario::load::load(&args.base)?;
    let alts = args
        .alternatives
        .iter()
        .map(|p| fokus::scenario::load::load(p))
        .collect::<fokus::Result<Vec<_>>>()?;
    let inputs: Vec<PathBuf> = std::iter::once(&base)
        .chain(&alts)
        .flat_map(|l| l.chain.iter().cloned())
        .collect();
    args.report.check(fokus::report::COMPARE_FILES, &inputs)?;
    let shown: Vec<String> = std::iter::once(&args.base)
        .chain(&args.alternatives)
        .map(|p| p.display().to_string())
        .collect();
    let plan = Plan::new(
        Entry {
            loaded: &base,
            shown: &shown[0],
        },
        alts.iter()
            .zip(&shown[1..])
            .map(|(loaded, shown)| Entry { loaded, shown })
            .collect(),
    )?;
    let replications = args.replications;
    let runs: Vec<_> = plan
        .simulated()
        .map(|e| (&e.loaded.scenario, replications, e.shown))
        .collect();
    args.sim.check_resources(&runs, plan.scoring_methods())?;
    let config = args.sim.config(replications);
    let progress = Progress::bar(replications * runs.len() as u64);
    let comparison = args
        .sim
        .drive(progress, |driver| plan.run(driver, &config))?;
    let text = args.table.render(
        || fokus::compare::to_json(&comparison),
        |lang| fokus::compare::render_table(&comparison, lang),
    );
    if let Some(dir) = &args.report.out {
        let info = fokus::report::CompareInfo::of(&base, &alts);
        let (lang, png) = (args.table.lang(), args.report.png);
        fokus::report::write_compare_report(dir, &comparison, &info, lang, png)?;
    }
    print_out(&text)
}

pub fn sensitivity(args: SweepArgs) -> fokus::Result<()> {
    let loaded = fokus::scenario::load::load(&args.scenario)?;
    args.report
        .check(fokus::report::SENSITIVITY_FILES, &loaded.chain)?;
    let shown = args.scenario.display().to_string();
    let simulations = args.replications * fokus::sensitivity::points(&loaded);
    args.sim
        .check_resources(&[(&loaded.scenario, simulations, &shown)], 1)?;
    let config = args.sim.config(args.replications);
    let result = args.sim.drive(Progress::bar(simulations), |driver| {
        fokus::sensitivity::sensitivity(driver, &loaded, &shown, &config)
    })?;
    let text = args.table.render(
        || fokus::sensitivity::to_json(&result),
        |lang| fokus::sensitivity::render_sensitivity(&result, lang),
    );
    if let Some(dir) = &args.report.out {
        let info = fokus::report::RunInfo::of(&loaded.scenario);
        let (lang, png) = (args.table.lang(), args.report.png);
        fokus::report::write_sensitivity_report(dir, &result, &info, lang, png)?;
    }
    print_out(&text)
}

pub fn solve(args: SolveArgs) -> fokus::Result<()> {
    let sweep = &args.sweep;
    if sweep.report.out.is_some() {
        return Err(InputError::new(
            "--out",
            "solve writes no report folder (use --format json and redirect the output)",
        )
        .into());
    }
    let loaded = fokus::scenario::load::load(&sweep.scenario)?;
    let shown = sweep.scenario.display().to_string();
    let seek = Seek::new(
        &args.lever,
        [args.from, args.to],
        args.level,
        args.tolerance,
    )?;
    let simulations = sweep.replications * seek.max_points();
    sweep
        .sim
        .check_resources(&[(&loaded.scenario, simulations, &shown)], 1)?;
    let config = sweep.sim.config(sweep.replications);
    let solution = sweep.sim.drive(Progress::bar(simulations), |driver| {
        fokus::sensitivity::solve(driver, &loaded, &shown, &seek, &config)
    })?;
    let text = sweep.table.render(
        || {
            format!(
                "{}\n",
                serde_json::to_string_pretty(&solution).expect("serializes")
            )
        },
        |lang| solution_sentence(&solution, config.replications, config.seed, lang),
    );
    print_out(&text)
}

/// The goal seek's answer in a sentence, with the replications and seed it rests on.
fn solution_sentence(s: &Solution, replications: u64, seed: u64, lang: Lang) -> String {
    match s.value {
        Some(v) => format!(
            "{} {} = {} {} {:.0}{} ({} {:.0}{}; {} {}, {} {}).\n",
            lang.pick("Mindste værdi:", "Smallest value:"),
            s.lever,
            lang.num(v, 4),
            lang.pick("giver P(mål) =", "gives P(goal) ="),
            100.0 * s.p_target_met,
            lang.pick(" %", "%"),
            lang.pick("krav", "required"),
            100.0 * s.level,
            lang.pick(" %", "%"),
            replications,
            lang.pick("kørsler", "replications"),
            lang.pick("frø", "seed"),
            seed
        ),
        None => format!(
            "{} {} {} {}: P(mål) = {:.0}{} {} {:.0}{}.\n",
            lang.pick("Ingen værdi af", "No value of"),
            s.lever,
            lang.pick("op til", "up to"),
            lang.num(s.range[1], 4),
            100.0 * s.p_target_met,
            lang.pick(" %", "%"),
            lang.pick("når ikke kravet", "does not reach"),
            100.0 * s.level,
            lang.pick(" %", "%")
        ),
    }
}
