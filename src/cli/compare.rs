//! `fokus compare`, `fokus sensitivity` and `fokus solve`: several scenarios on common
//! random numbers.

use super::args::{ReportOptions, SimOptions, TableOptions};
use super::edge::{Progress, print_out};
use fokus::analyses::compare::{Entry, Plan, RankBy};
use fokus::analyses::curve::CurveSettings;
use fokus::analyses::sensitivity::Seek;
use fokus::io::output::Files;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(mut_arg("out", |a| a.help("Also write a report folder here: compare.svg, paths.svg, fan.svg, compare.csv, summary.json, report.html, and curve-K.svg per P(goal) curve with curves.csv (other files in the folder are left alone)")))]
pub struct CompareArgs {
    /// The base scenario.
    base: PathBuf,
    /// Alternative scenarios (initiatives or another method).
    #[arg(required = true)]
    alternatives: Vec<PathBuf>,
    /// Monte Carlo replications (the same for every scenario).
    #[arg(long, short = 'n', default_value_t = fokus::run::DEFAULT_REPLICATIONS)]
    replications: u64,
    /// Replications per point of the P(goal) curves over uncertain initiative parameters
    /// (at most --replications; 0: no curves).
    #[arg(long, default_value_t = CurveSettings::DEFAULT.replications)]
    curve_replications: u64,
    /// How the alternatives are ranked: by P(goal) (then the effect), or by cost per
    /// pct.-point of year mean, cheapest first (those where it is not defined after).
    #[arg(long, value_enum, default_value = "p-goal")]
    rank_by: RankByArg,
    #[command(flatten)]
    sim: SimOptions,
    #[command(flatten)]
    table: TableOptions,
    #[command(flatten)]
    report: ReportOptions,
}

/// `--rank-by`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum RankByArg {
    /// P(goal), then the effect.
    PGoal,
    /// Cost per pct.-point of year mean.
    Cost,
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
    /// The scenario file.
    scenario: PathBuf,
    /// Replications per point (common random numbers across points).
    #[arg(long, short = 'n', default_value_t = 200)]
    replications: u64,
    #[command(flatten)]
    sim: SimOptions,
    // The answer is printed only: solve has no report folder, so no --out.
    #[command(flatten)]
    table: TableOptions,
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
    let base = fokus::io::scenario::load(&args.base)?;
    let alts = args
        .alternatives
        .iter()
        .map(|p| fokus::io::scenario::load(p))
        .collect::<fokus::Result<Vec<_>>>()?;
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
    )?
    .with_curves(CurveSettings {
        replications: args.curve_replications,
        ..CurveSettings::DEFAULT
    })
    .with_rank_by(match args.rank_by {
        RankByArg::PGoal => RankBy::PGoal,
        RankByArg::Cost => RankBy::Cost,
    });
    let mut files = Files::new();
    files.inputs(std::iter::once(&base).chain(&alts).flat_map(|l| &l.chain));
    let curves = plan.curve_count(args.replications);
    let report = args.report.out.as_deref().map(|dir| {
        files.folder(
            "--out",
            dir,
            &fokus::report::compare_files(curves, args.report.png),
        )
    });
    let excel = args.report.declare_excel(&mut files)?;
    let outputs = files.check()?;
    let replications = args.replications;
    let config = args.sim.config(replications);
    // Each simulated scenario is rerun with each of its layers of uncertainty off.
    let runs: Vec<_> = plan
        .simulated()
        .map(|e| {
            let on = fokus::run::uncertainty::layers_on(e.loaded, &config);
            let reruns = fokus::run::uncertainty::reruns(on).len() as u64;
            (&e.loaded.scenario, replications * (1 + reruns), e.shown)
        })
        .chain(
            plan.curve_runs(replications)
                .into_iter()
                .map(|(e, n)| (&e.loaded.scenario, n, e.shown)),
        )
        .collect();
    args.sim.check_resources(&runs, plan.scoring_methods())?;
    let progress = Progress::bar(runs.iter().map(|r| r.1).sum());
    let comparison = args
        .sim
        .drive(progress, |driver| plan.run(driver, &config))?;
    let text = args.table.render(
        || fokus::report::export::json::to_json(&comparison),
        |lang| fokus::report::text::compare::render_table(&comparison, lang),
    );
    let lang = args.table.lang();
    let mut transaction = outputs.transaction();
    if let Some(report) = report {
        let info = fokus::report::CompareInfo::of(&base, &alts, lang);
        let (png, dialect) = (args.report.png, args.report.csv_dialect());
        transaction.folder(
            report,
            fokus::report::render_compare_report(&comparison, &info, lang, png, dialect)?,
        );
    }
    if let Some(excel) = excel {
        transaction.file(excel, fokus::report::compare_workbook(&comparison, lang)?);
    }
    transaction.commit()?;
    print_out(&text)
}

pub fn sensitivity(args: SweepArgs) -> fokus::Result<()> {
    let loaded = fokus::io::scenario::load(&args.scenario)?;
    let mut files = Files::new();
    files.inputs(&loaded.chain);
    let report = args
        .report
        .declare(&mut files, fokus::report::SENSITIVITY_FILES);
    let excel = args.report.declare_excel(&mut files)?;
    let outputs = files.check()?;
    let shown = args.scenario.display().to_string();
    let simulations = args.replications * fokus::analyses::sensitivity::points(&loaded);
    args.sim
        .check_resources(&[(&loaded.scenario, simulations, &shown)], 1)?;
    let config = args.sim.config(args.replications);
    let result = args.sim.drive(Progress::bar(simulations), |driver| {
        fokus::analyses::sensitivity::sensitivity(driver, &loaded, &shown, &config)
    })?;
    let text = args.table.render(
        || fokus::report::export::json::to_json(&result),
        |lang| fokus::report::text::sensitivity::render(&result, lang),
    );
    let lang = args.table.lang();
    let mut transaction = outputs.transaction();
    if let Some(report) = report {
        let info = fokus::report::RunInfo::of(&loaded.scenario, lang);
        let (png, dialect) = (args.report.png, args.report.csv_dialect());
        transaction.folder(
            report,
            fokus::report::render_sensitivity_report(&result, &info, lang, png, dialect)?,
        );
    }
    if let Some(excel) = excel {
        transaction.file(excel, fokus::report::sensitivity_workbook(&result, lang)?);
    }
    transaction.commit()?;
    print_out(&text)
}

pub fn solve(args: SolveArgs) -> fokus::Result<()> {
    let loaded = fokus::io::scenario::load(&args.scenario)?;
    let shown = args.scenario.display().to_string();
    let seek = Seek::new(
        &args.lever,
        [args.from, args.to],
        args.level,
        args.tolerance,
    )?;
    let simulations = args.replications * seek.max_points();
    args.sim
        .check_resources(&[(&loaded.scenario, simulations, &shown)], 1)?;
    let config = args.sim.config(args.replications);
    let solution = args.sim.drive(Progress::bar(simulations), |driver| {
        fokus::analyses::sensitivity::solve(driver, &loaded, &shown, &seek, &config)
    })?;
    let text = args.table.render(
        || fokus::report::export::json::to_json(&solution),
        |lang| {
            fokus::report::text::sensitivity::solution(
                &solution,
                config.replications,
                config.seed,
                lang,
            )
        },
    );
    print_out(&text)
}
