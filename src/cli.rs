//! Command-line arguments (clap) and their translation into library calls.
//! No clap type is used below this module.

use crate::error::{Error, InputError};
use crate::evaluate::{Options, evaluate};
use crate::export::{Audit, Format, render};
use crate::lang::Lang;
use crate::measure::{Measure, requirement};
use crate::method::Method;
use crate::run::RunConfig;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// fokus — will the recovery plan get us over STAR's focus goal this year?
#[derive(Debug, Parser)]
#[command(name = "fokus", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show or compare calculation methods.
    #[command(subcommand)]
    Method(MethodCommand),
    /// What the remaining months of the year must average to beat the target.
    Requirement(RequirementArgs),
    /// Simulate a scenario: the probability of reaching the goal this year.
    Run(RunArgs),
    /// Fit the groups' offer rates so the observed months are reproduced.
    Calibrate(CalibrateArgs),
    /// Compare alternatives with a base scenario, paired on common random numbers.
    Compare(CompareArgs),
    /// Write a starting scenario for another municipality, ready for `calibrate`.
    Init(InitArgs),
    /// Swing each uncertain parameter (the scenario's `sensitivity` ranges): a tornado.
    Sensitivity(SweepArgs),
    /// Goal seek: the smallest value of a lever at which P(goal) reaches a level.
    Solve(SolveArgs),
    /// Compute the focus goal exactly from a person-month register CSV.
    Evaluate(EvaluateArgs),
    /// Print the JSON Schema of the scenario file.
    Schema,
    /// Score a projection from an earlier month of a register against what followed.
    Backtest(BacktestArgs),
    /// Write a SYNTHETIC register (nobody in it exists) from a simulation of a scenario.
    Synth(SynthArgs),
    /// Put the shards of a run (`fokus run --shard K/N --shard-out FILE`) back together:
    /// exactly the result of one run.
    Merge(MergeArgs),
    /// Check a scenario file (and its `extends` chain) without running it.
    Validate {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Da,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Da => Lang::Da,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RunFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
struct CalibrateArgs {
    /// The scenario to calibrate.
    scenario: std::path::PathBuf,
    /// Write the calibrated scenario here (it `extends` the input).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Observed shares from a CSV (month,group,share_pct or passive_pct) instead of the
    /// scenario's `observed` block.
    #[arg(long)]
    observed: Option<std::path::PathBuf>,
    /// Name of the calibrated scenario (default: the input's).
    #[arg(long)]
    name: Option<String>,
    /// Replications per iteration (common random numbers).
    #[arg(long, short = 'n', default_value_t = 40)]
    replications: u64,
    /// Seed of the common random numbers.
    #[arg(long, default_value_t = crate::run::DEFAULT_SEED)]
    seed: u64,
    /// Language of the fit table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
    /// Targets from a register instead: its shares per group and month of the judged
    /// year up to --as-of (default: its last month).
    #[command(flatten)]
    register: RegisterStartArgs,
    /// Run even when the estimated memory or time is beyond what this machine has.
    #[arg(long)]
    allow_large: bool,
}

#[derive(Debug, clap::Args)]
struct CompareArgs {
    /// The base scenario.
    base: PathBuf,
    /// Alternative scenarios (initiatives or another method).
    #[arg(required = true)]
    alternatives: Vec<PathBuf>,
    /// Monte Carlo replications (the same for every scenario).
    #[arg(long, short = 'n', default_value_t = crate::run::DEFAULT_REPLICATIONS)]
    replications: u64,
    /// Seed of the common random numbers.
    #[arg(long, default_value_t = crate::run::DEFAULT_SEED)]
    seed: u64,
    /// Worker threads (0: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    format: RunFormat,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
    /// Run even when the estimated memory or time is beyond what this machine has.
    #[arg(long)]
    allow_large: bool,
    /// Also write a report folder here: compare.svg, fan.svg, compare.csv, summary.json,
    /// report.html (other files in the folder are left alone).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write a PNG (2× size, for slides) beside each chart of the --out folder.
    #[arg(long, requires = "out")]
    png: bool,
}

#[derive(Debug, clap::Args)]
struct SweepArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Replications per point (common random numbers across points).
    #[arg(long, short = 'n', default_value_t = 200)]
    replications: u64,
    /// Seed of the common random numbers.
    #[arg(long, default_value_t = crate::run::DEFAULT_SEED)]
    seed: u64,
    /// Worker threads (0: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    format: RunFormat,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
    /// Run even when the estimated memory or time is beyond what this machine has.
    #[arg(long)]
    allow_large: bool,
    /// Also write a report folder here (sensitivity: tornado.svg, tornado.csv,
    /// summary.json, report.html; other files in the folder are left alone).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write a PNG (2× size, for slides) beside each chart of the --out folder.
    #[arg(long, requires = "out")]
    png: bool,
}

#[derive(Debug, clap::Args)]
struct SolveArgs {
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

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The municipality's name.
    #[arg(long)]
    municipality: String,
    /// Group sizes: a CSV `group,persons`.
    #[arg(long)]
    groups: PathBuf,
    /// Observed shares: a CSV `month,group,share_pct` (or `passive_pct`), optional.
    #[arg(long)]
    observed: Option<PathBuf>,
    /// The calendar year judged.
    #[arg(long, default_value_t = 2025)]
    year: i32,
    /// Where to write the scenario.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The scenario file.
    scenario: std::path::PathBuf,
    /// Monte Carlo replications [default: 1000]; with --precision the most to run
    /// [default: 100000].
    #[arg(long, short = 'n')]
    replications: Option<u64>,
    /// Run batches of 500 replications until the 95 % interval of P(goal) is at most
    /// this wide on each side (e.g. 0.01); the count used is in the audit.
    #[arg(long, value_name = "HALF_WIDTH")]
    precision: Option<f64>,
    /// Run only shard K of N (K from 0): replications [K·n/N, (K+1)·n/N) of -n; needs
    /// --shard-out. Combine the parts with `fokus merge`.
    #[arg(long, value_name = "K/N", requires = "shard_out")]
    shard: Option<String>,
    /// Write the shard's raw per-replication results here (JSON) instead of a result.
    #[arg(long, value_name = "FILE")]
    shard_out: Option<PathBuf>,
    /// Seed of the random streams (printed in every output).
    #[arg(long, default_value_t = crate::run::DEFAULT_SEED)]
    seed: u64,
    /// Worker threads (0: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    format: RunFormat,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
    /// Also write a report folder here: fan.svg, groups.svg, months.csv, summary.json,
    /// report.html (other files in the folder are left alone).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write a PNG (2× size, for slides) beside each chart of the --out folder.
    #[arg(long, requires = "out")]
    png: bool,
    #[command(flatten)]
    register: RegisterStartArgs,
    /// Run even when the estimated memory or time is beyond what this machine has.
    #[arg(long)]
    allow_large: bool,
}

/// Starting from a register's caseload (issue 7).
#[derive(Debug, clap::Args)]
struct RegisterStartArgs {
    /// Start from the persons of this register at the as-of month; the observed months
    /// of the year are computed from it.
    #[arg(long, value_name = "DATA.csv")]
    from_register: Option<PathBuf>,
    /// The as-of month (default: the register's last month).
    #[arg(long, value_name = "YYYY-MM", requires = "from_register")]
    as_of: Option<crate::Month>,
    /// Withhold register figures of fewer persons than this (0: none).
    #[arg(long, value_name = "N", default_value_t = crate::evaluate::DEFAULT_MIN_CELL)]
    min_cell: u64,
}

/// The register's file name and its loaded form, when one is given.
fn read_start_register(path: &Path) -> crate::Result<(String, crate::register::RegisterFile)> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((name, crate::register::read_register(path)?))
}

#[derive(Debug, clap::Args)]
struct SynthArgs {
    /// Persons on benefit at the start (the scenario's groups scaled to this).
    #[arg(long, default_value_t = 30_000)]
    persons: u32,
    /// First month with rows.
    #[arg(long, value_name = "YYYY-MM")]
    from: crate::Month,
    /// Last month with rows.
    #[arg(long, value_name = "YYYY-MM")]
    to: crate::Month,
    /// Seed of the simulation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The scenario to simulate (default: the shipped Copenhagen scenario).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// The register CSV to write (atomically).
    #[arg(long, value_name = "FILE.csv")]
    out: PathBuf,
}

#[derive(Debug, clap::Args)]
struct BacktestArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Monte Carlo replications.
    #[arg(long, short = 'n', default_value_t = 200)]
    replications: u64,
    /// Seed of the random streams.
    #[arg(long, default_value_t = crate::run::DEFAULT_SEED)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    format: RunFormat,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
    #[command(flatten)]
    register: RegisterStartArgs,
}

#[derive(Debug, clap::Args)]
struct MergeArgs {
    /// The shard files, all shards of one run, each once (any order).
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    format: RunFormat,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
}

#[derive(Debug, clap::Args)]
struct EvaluateArgs {
    /// The register CSV (UTF-8, `,` or `;` separated), with the header
    /// `person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations`
    /// and optionally `seniority_months`.
    data: PathBuf,
    /// Method (preset `star`, `frikort`, or a method file); repeat to compare, the
    /// first is the base of the differences. Default: star.
    #[arg(long = "method", value_name = "NAME|FILE")]
    methods: Vec<String>,
    /// Which focus goal.
    #[arg(long, value_enum, default_value_t = MeasureArg::Active)]
    measure: MeasureArg,
    /// Suppress cells with fewer persons than this (0: no suppression).
    #[arg(long, value_name = "N", default_value_t = crate::evaluate::DEFAULT_MIN_CELL)]
    min_cell: u64,
    /// Output format. Default: table on a terminal, else CSV (with --out: by the
    /// file's extension, CSV otherwise).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    lang: LangArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write a report folder here: evaluation.svg and report.html.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MeasureArg {
    Active,
    Conversations,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
    Table,
}

#[derive(Debug, Subcommand)]
enum MethodCommand {
    /// Print a method (preset name or JSON file) as a method file.
    Show {
        /// Preset name (`star`, `frikort`) or method file.
        method: String,
    },
    /// List the parameters in which two methods differ.
    Diff {
        /// First method (preset name or file).
        a: String,
        /// Second method (preset name or file).
        b: String,
    },
}

#[derive(Debug, clap::Args)]
struct RequirementArgs {
    /// The observed monthly shares so far this year, from January, comma-separated
    /// (e.g. 66.2,66.2,66.5); or a CSV file: `fokus evaluate` output (the total rows of
    /// its first method) or `month,share_pct` — the months of the latest year are used.
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    observed: Vec<String>,
    /// The target in percent (the year mean must be strictly above it).
    #[arg(long, default_value_t = 70.0)]
    target: f64,
    /// Print JSON instead of a sentence.
    #[arg(long)]
    json: bool,
}

/// Run a parsed command line.
pub fn execute(cli: Cli) -> crate::Result<()> {
    if matches!(
        cli.command,
        Command::Run(_) | Command::Compare(_) | Command::Sensitivity(_) | Command::Solve(_)
    ) {
        install_interrupt_handler();
    }
    match cli.command {
        Command::Method(MethodCommand::Show { method }) => {
            let m = Method::resolve(&method)?;
            let text = serde_json::to_string_pretty(&m.to_spec()).expect("a method serializes");
            print_out(&format!("{text}\n"))
        }
        Command::Method(MethodCommand::Diff { a, b }) => {
            let (ma, mb) = (Method::resolve(&a)?, Method::resolve(&b)?);
            let diff = ma.diff(&mb);
            let mut out = String::new();
            if diff.is_empty() {
                out.push_str(&format!("{a} and {b} are the same method\n"));
            } else {
                let width = diff.iter().map(|d| d.0.len()).max().unwrap_or(0).max(9);
                out.push_str(&format!("{:width$}  {a}  →  {b}\n", "parameter"));
                for (field, va, vb) in diff {
                    out.push_str(&format!("{field:width$}  {va}  →  {vb}\n"));
                }
            }
            print_out(&out)
        }
        Command::Requirement(args) => run_requirement(args),
        Command::Run(args) => run_scenario(args),
        Command::Merge(args) => run_merge(args),
        Command::Calibrate(args) => run_calibrate(args),
        Command::Compare(args) => run_compare(args),
        Command::Init(args) => run_init(args),
        Command::Sensitivity(args) => run_sensitivity(args),
        Command::Solve(args) => run_solve(args),
        Command::Validate { files } => {
            let mut out = String::new();
            for f in files {
                let loaded = crate::scenario::load::load(&f)?;
                out.push_str(&format!(
                    "{}: ok ({}, {} persons, {} initiatives, method {}, sha256 {})\n",
                    f.display(),
                    loaded.scenario.name(),
                    loaded.scenario.initial_persons(),
                    loaded.scenario.initiatives().len(),
                    loaded.scenario.method().name(),
                    &loaded.sha256[..12]
                ));
            }
            print_out(&out)
        }
        Command::Evaluate(args) => run_evaluate(args),
        Command::Schema => print_out(&format!("{:#}\n", crate::scenario::file::json_schema())),
        Command::Synth(args) => run_synth(args),
        Command::Backtest(args) => run_backtest(args),
    }
}

fn run_backtest(args: BacktestArgs) -> crate::Result<()> {
    let loaded = crate::scenario::load::load(&args.scenario)?;
    let Some(path) = &args.register.from_register else {
        return Err(InputError::new(
            "--from-register",
            "is required (the register to backtest against)",
        )
        .into());
    };
    let (_, file) = read_start_register(path)?;
    let as_of = crate::from_register::as_of_month(&file.panel, args.register.as_of)?;
    let config = crate::backtest::BacktestConfig {
        replications: args.replications,
        seed: args.seed,
        min_cell: args.register.min_cell,
    };
    let b = crate::backtest::backtest(&loaded.scenario, &file.panel, as_of, config)?;
    print_out(&match args.format {
        RunFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&b).expect("serializes")
        ),
        RunFormat::Table => crate::backtest::render(&b, args.lang.into()),
    })
}

fn run_synth(args: SynthArgs) -> crate::Result<()> {
    let loaded = match &args.scenario {
        Some(path) => crate::scenario::load::load(path)?,
        None => crate::scenario::load::shipped_copenhagen()?,
    };
    let config = crate::sim::synth::SynthConfig {
        persons: args.persons,
        from: args.from,
        to: args.to,
        seed: args.seed,
    };
    let text = crate::sim::synth::synth_register(&loaded.scenario, config)?;
    crate::output::write_atomic(&args.out, text.as_bytes())
}

fn run_evaluate(args: EvaluateArgs) -> crate::Result<()> {
    let names = if args.methods.is_empty() {
        vec!["star".to_string()]
    } else {
        args.methods.clone()
    };
    let mut methods: Vec<Method> = Vec::with_capacity(names.len());
    for name in &names {
        let m = Method::resolve(name)?;
        if methods.iter().any(|x| x.name() == m.name()) {
            return Err(InputError::new(
                "--method",
                format!(
                    "method {:?} is given twice (each method once; a method file needs its own \"name\")",
                    m.name()
                ),
            )
            .into());
        }
        methods.push(m);
    }
    let mut inputs = vec![args.data.clone()];
    inputs.extend(names.iter().map(PathBuf::from).filter(|p| p.is_file()));
    if let Some(out) = &args.out {
        check_output("--out", out, &[], &inputs)?;
    }
    if let Some(dir) = &args.report {
        check_output("--report", dir, crate::report::evaluation::FILES, &inputs)?;
    }
    let format = match (args.format, &args.out) {
        (Some(FormatArg::Csv), _) => Format::Csv,
        (Some(FormatArg::Json), _) => Format::Json,
        (Some(FormatArg::Table), _) => Format::Table,
        (None, Some(out)) => match out.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            Some("txt") => Format::Table,
            _ => Format::Csv,
        },
        (None, None) if std::io::stdout().is_terminal() => Format::Table,
        (None, None) => Format::Csv,
    };
    let lang = match args.lang {
        LangArg::Da => Lang::Da,
        LangArg::En => Lang::En,
    };
    let options = Options {
        measure: match args.measure {
            MeasureArg::Active => Measure::Active,
            MeasureArg::Conversations => Measure::Conversations,
        },
        min_cell: args.min_cell,
    };
    let file = crate::register::read_register(&args.data)?;
    let evaluation = evaluate(&file.panel, &methods, options);
    let input = args.data.file_name().map_or_else(
        || args.data.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let audit = Audit::new(
        &input,
        &file.sha256,
        &methods,
        &evaluation,
        file.panel.seniority_given(),
    );
    if let Some(dir) = &args.report {
        crate::report::evaluation::write_report(dir, &evaluation, &audit, lang)?;
    }
    let text = render(&evaluation, &audit, format, lang);
    match &args.out {
        Some(out) => crate::output::write_atomic(out, text.as_bytes()),
        None => print_out(&text),
    }
}

/// Whether two paths name the same file (the output may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(parent.join(p.file_name()?))
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn run_requirement(args: RequirementArgs) -> crate::Result<()> {
    if !args.target.is_finite() || !(0.0..=100.0).contains(&args.target) {
        return Err(InputError::new(
            "--target",
            format!("{} is not a percentage (expected 0 to 100)", args.target),
        )
        .into());
    }
    let observed = match args.observed.as_slice() {
        [single] if single.ends_with(".csv") || Path::new(single).is_file() => {
            let text = crate::json::read_text(Path::new(single))?;
            crate::observed::parse_observed(&text, single)?.shares
        }
        values => observed_values(values)?,
    };
    if observed.len() > 12 {
        return Err(InputError::new(
            "--observed",
            format!("{} months given; a year has 12", observed.len()),
        )
        .into());
    }
    let r = requirement(args.target, &observed);
    if args.json {
        return print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&r).expect("serializes")
        ));
    }
    let text = match r.required_mean_pct {
        Some(req) if r.feasible => format!(
            "De resterende {} måneder skal i gennemsnit nå {} for at årsgennemsnittet kommer over {}.\n",
            r.remaining_months,
            crate::fmt_pct_da(req),
            crate::fmt_pct_da(r.target_pct)
        ),
        Some(req) => format!(
            "Allerede umuligt: de resterende {} måneder skulle i gennemsnit nå {}.\n",
            r.remaining_months,
            crate::fmt_pct_da(req)
        ),
        None => format!(
            "Året er observeret; målet er {}.\n",
            if r.feasible { "nået" } else { "ikke nået" }
        ),
    };
    print_out(&text)
}

/// `--observed 66.2,66.2,66.5`: shares in percent.
fn observed_values(values: &[String]) -> Result<Vec<f64>, InputError> {
    let mut observed = Vec::with_capacity(values.len());
    for (i, text) in values.iter().enumerate() {
        let v: f64 = text.trim().replace(',', ".").parse().map_err(|_| {
            InputError::at(
                "--observed",
                format!("value {}", i + 1),
                format!("{text:?} is not a number (expected a share in percent, e.g. 66.2)"),
            )
        })?;
        if !v.is_finite() || !(0.0..=100.0).contains(&v) {
            return Err(InputError::at(
                "--observed",
                format!("value {}", i + 1),
                format!("{v} is not a percentage (expected 0 to 100)"),
            ));
        }
        observed.push(v);
    }
    Ok(observed)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> crate::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("stdout", e)),
    }
}

fn run_scenario(args: RunArgs) -> crate::Result<()> {
    use crate::run::{PRECISION_MAX_REPLICATIONS, shard::ShardSpec};
    let mut loaded = crate::scenario::load::load(&args.scenario)?;
    if let Some(dir) = &args.out {
        check_output(
            "--out",
            dir,
            &crate::report::folder_files(crate::report::RUN_FILES, args.png),
            &loaded.chain,
        )?;
    }
    let shown = args.scenario.display().to_string();
    let mut start_info = None;
    let start = match &args.register.from_register {
        Some(path) => {
            let (name, file) = read_start_register(path)?;
            let as_of = crate::from_register::as_of_month(&file.panel, args.register.as_of)?;
            let min_cell = args.register.min_cell;
            let (sc, start) =
                crate::from_register::prepare(&loaded.scenario, &file.panel, as_of, min_cell)?;
            loaded.scenario = sc;
            let info = crate::from_register::start_info(
                &start,
                &loaded.scenario,
                name,
                file.sha256,
                min_cell,
            );
            start_info = Some(info);
            Some(start)
        }
        None => None,
    };
    let replications = args.replications.unwrap_or(match args.precision {
        Some(_) => PRECISION_MAX_REPLICATIONS,
        None => crate::run::DEFAULT_REPLICATIONS,
    });
    guard(
        &[(&loaded, replications, &shown)],
        1,
        args.threads,
        args.allow_large,
    )?;
    let mut config = RunConfig {
        replications,
        first_replication: 0,
        seed: args.seed,
        threads: args.threads,
        extra_methods: Vec::new(),
    };
    if let Some(path) = &args.shard_out {
        let spec = match &args.shard {
            Some(text) => ShardSpec::parse(text, "--shard")?,
            None => ShardSpec { index: 0, count: 1 },
        };
        if args.precision.is_some() || args.out.is_some() || start.is_some() {
            return Err(InputError::new("--shard-out", "a shard writes only its raw replications; --precision, --out and --from-register need the whole run (leave them out)").into());
        }
        let range = spec.range(replications);
        if spec.count > replications {
            return Err(InputError::new("--shard", format!("{} shards of {replications} replications leave some with none (use at most {replications} shards)", spec.count)).into());
        }
        config.replications = range.end - range.start;
        config.first_replication = range.start;
        let bar = progress_bar(config.replications);
        let (outcomes, threads, elapsed) =
            crate::run::simulate_all(&loaded, &config, &|| bar.inc(1))?;
        bar.finish_and_clear();
        let file = crate::run::shard::shard_file(
            &loaded,
            &shown,
            args.seed,
            replications,
            spec,
            range.start,
            &outcomes,
            threads,
            elapsed,
        );
        let text = serde_json::to_string(&file).expect("a shard serializes") + "\n";
        return crate::output::write_atomic(path, text.as_bytes());
    }
    let bar = progress_bar(replications);
    let tick = || bar.inc(1);
    let (outcomes, threads, elapsed) = match args.precision {
        Some(half_width) => {
            crate::run::simulate_to_precision(&loaded, start.as_ref(), &config, half_width, &tick)?
        }
        None => crate::run::simulate_all_from(&loaded, start.as_ref(), &config, &tick)?,
    };
    bar.finish_and_clear();
    config.replications = outcomes.len() as u64;
    let mut results =
        crate::run::summarize_all(&loaded, &shown, &config, &outcomes, threads, elapsed);
    results[0].start = start_info;
    let result = &results[0];
    if let Some(dir) = &args.out {
        let sc = &loaded.scenario;
        let info = crate::report::RunInfo {
            municipality: sc.municipality(),
            description: sc.description(),
            notes: sc.notes(),
        };
        crate::report::write_run_report(dir, result, &info, args.lang.into(), args.png)?;
    }
    print_out(&render_run(result, args.format, args.lang))
}

fn render_run(result: &crate::run::RunResult, format: RunFormat, lang: LangArg) -> String {
    match format {
        RunFormat::Json => crate::run::result::to_json(result),
        RunFormat::Table => {
            let intro = result.start.as_ref().map_or(String::new(), |s| {
                crate::from_register::describe(s, lang.into()) + "\n"
            });
            intro + &crate::run::table::render(result, lang.into())
        }
    }
}

fn run_merge(args: MergeArgs) -> crate::Result<()> {
    let m = crate::run::shard::merge(&args.parts)?;
    let config = RunConfig {
        replications: m.outcomes.len() as u64,
        first_replication: 0,
        seed: m.seed,
        threads: m.threads,
        extra_methods: Vec::new(),
    };
    let results = crate::run::summarize_all(
        &m.loaded,
        &m.scenario,
        &config,
        &m.outcomes,
        m.threads,
        m.elapsed_s,
    );
    print_out(&render_run(&results[0], args.format, args.lang))
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} kørsler · {eta} tilbage")
            .expect("valid template"),
    );
    bar
}

fn run_calibrate(args: CalibrateArgs) -> crate::Result<()> {
    let mut loaded = crate::scenario::load::load(&args.scenario)?;
    let mut register_rates = None;
    if let Some(out) = &args.out {
        let mut inputs = loaded.chain.clone();
        inputs.extend(args.observed.clone());
        check_output("--out", out, &[], &inputs)?;
    }
    // Each iteration simulates the current rates and a step in each of two directions.
    let shown = args.scenario.display().to_string();
    let runs = [(&loaded, args.replications * CALIBRATION_RUNS, &shown)];
    guard(&runs, 1, 0, args.allow_large)?;
    if args.replications == 0 {
        return Err(InputError::new(
            "--replications",
            "0 replications give no fit (expected at least 1)",
        )
        .into());
    }
    let targets = match (&args.observed, &args.register.from_register) {
        (Some(_), Some(_)) => {
            return Err(InputError::new(
                "--observed",
                "and --from-register both give targets (give one)",
            )
            .into());
        }
        (None, Some(path)) => {
            let (name, file) = read_start_register(path)?;
            let as_of = crate::from_register::as_of_month(&file.panel, args.register.as_of)?;
            // What the panel shows directly is taken as given; only the offer rates are fitted.
            let rates = crate::register::rates::estimate(&file.panel, as_of);
            loaded.scenario = crate::calibrate::apply_register_rates(loaded.scenario, &rates)?;
            register_rates = Some((name, rates));
            let sc = &loaded.scenario;
            let from = sc.january().max(file.panel.month_range().expect("rows").0);
            crate::from_register::observed_months(
                &file.panel,
                sc.method(),
                from,
                as_of.min(sc.horizon_end()),
                args.register.min_cell,
            )?
        }
        (Some(path), None) => {
            let text = crate::json::read_text(path)?;
            crate::observed::parse_observed_csv(&text, &path.display().to_string())?
        }
        (None, None) => loaded.scenario.observed().to_vec(),
    };
    if targets.is_empty() {
        return Err(InputError::new(args.scenario.display().to_string(), "has no observed months to calibrate to (add an `observed` block or give --observed FILE.csv)").into());
    }
    if let Some(t) = targets.iter().find(|t| {
        t.month.year() != loaded.scenario.year() || t.month > loaded.scenario.horizon_end()
    }) {
        let origin = args
            .observed
            .as_ref()
            .map_or("--observed".into(), |p| p.display().to_string());
        return Err(InputError::new(
            origin,
            format!(
                "{} is outside the scenario's simulated months of {} (expected {} to {})",
                t.month,
                loaded.scenario.year(),
                loaded.scenario.january(),
                loaded.scenario.horizon_end()
            ),
        )
        .into());
    }
    let cal =
        crate::calibrate::calibrate(&loaded.scenario, &targets, args.seed, args.replications)?;
    let lang: Lang = args.lang.into();
    print_out(&crate::calibrate::render_fit(&cal, lang))?;
    if let Some(worst) = cal
        .fit
        .iter()
        .filter(|c| c.group.is_none())
        .map(crate::calibrate::FitCell::difference)
        .max_by(|a, b| a.abs().total_cmp(&b.abs()))
        && worst.abs() > 0.5
    {
        eprintln!(
            "{}: {} {:+.1} {}",
            lang.pick("advarsel", "warning"),
            lang.pick("totalen afviger med op til", "the total is off by up to"),
            worst,
            lang.pick(
                "point: grupperne passer, men blandingen af langvarige modtagere gør ikke — tjek gruppestørrelser og afgangsrater",
                "points: the groups fit but the mix of long-term recipients does not — check group sizes and exit hazards"
            )
        );
    }
    if !cal.failed.is_empty() {
        let which: Vec<String> = cal
            .failed
            .iter()
            .map(|(g, e)| format!("{} ({:+.1} point)", g.code(), e))
            .collect();
        return Err(Error::Runtime(format!(
            "calibration could not reach the observed shares of: {} — check the group's other parameters (hours, absence, capacity limit), the targets, or use more replications (-n). No file written.",
            which.join(", ")
        )));
    }
    if let Some(out) = &args.out {
        let mut file = crate::calibrate::calibrated_file(
            &cal,
            &args.scenario,
            out,
            args.name.as_deref(),
            &targets,
        );
        if let Some((name, rates)) = &register_rates {
            crate::calibrate::record_register_rates(&mut file, &loaded.scenario, rates, name);
        }
        let text = serde_json::to_string_pretty(&file).expect("serializes") + "\n";
        crate::output::write_atomic(out, text.as_bytes())?;
        eprintln!("{} {}", lang.pick("skrev", "wrote"), out.display());
    }
    Ok(())
}

fn run_compare(args: CompareArgs) -> crate::Result<()> {
    use crate::run::{differs_only_in_method, simulate_all, summarize_all, year_means};
    let base = crate::scenario::load::load(&args.base)?;
    let alts = args
        .alternatives
        .iter()
        .map(|p| crate::scenario::load::load(p))
        .collect::<crate::Result<Vec<_>>>()?;
    if let Some(dir) = &args.out {
        let inputs: Vec<PathBuf> = std::iter::once(&base)
            .chain(&alts)
            .flat_map(|l| l.chain.iter().cloned())
            .collect();
        check_output(
            "--out",
            dir,
            &crate::report::folder_files(crate::report::COMPARE_FILES, args.png),
            &inputs,
        )?;
    }
    for (alt, path) in alts.iter().zip(&args.alternatives) {
        if alt.scenario.year() != base.scenario.year()
            || alt.scenario.observed() != base.scenario.observed()
        {
            return Err(InputError::new(
                path.display().to_string(),
                "judges another year or has other observed months than the base; a comparison needs the same year and observed figures",
            )
            .into());
        }
    }
    let method_only: Vec<bool> = alts
        .iter()
        .map(|a| differs_only_in_method(&base, a))
        .collect();
    let config = RunConfig {
        replications: args.replications,
        first_replication: 0,
        seed: args.seed,
        threads: args.threads,
        extra_methods: alts
            .iter()
            .zip(&method_only)
            .filter(|(_, m)| **m)
            .map(|(a, _)| a.scenario.method().clone())
            .collect(),
    };
    let simulated_alts = method_only.iter().filter(|m| !**m).count() as u64;
    let shown: Vec<String> = std::iter::once(&args.base)
        .chain(&args.alternatives)
        .map(|p| p.display().to_string())
        .collect();
    let mut runs = vec![(&base, args.replications, &shown[0])];
    for ((alt, only_method), name) in alts.iter().zip(&method_only).zip(&shown[1..]) {
        if !only_method {
            runs.push((alt, args.replications, name));
        }
    }
    guard(
        &runs,
        1 + config.extra_methods.len(),
        args.threads,
        args.allow_large,
    )?;
    let bar = progress_bar(args.replications * (1 + simulated_alts));
    let tick = || bar.inc(1);
    let (base_out, threads, mut elapsed) = simulate_all(&base, &config, &tick)?;
    let base_shown = args.base.display().to_string();
    let base_results = summarize_all(&base, &base_shown, &config, &base_out, threads, elapsed);
    let base_means = year_means(&base, &config, &base_out, 0);
    let mut alternatives = Vec::new();
    let mut extra_index = 0;
    for ((alt, path), only_method) in alts.iter().zip(&args.alternatives).zip(&method_only) {
        let shown = path.display().to_string();
        let name = alt.scenario.name().to_string();
        let entry = if *only_method {
            extra_index += 1;
            let means = year_means(&base, &config, &base_out, extra_index);
            crate::compare::compare_one(
                shown,
                name,
                true,
                &base_results[extra_index],
                &base_means,
                &means,
            )
        } else {
            let own = RunConfig {
                extra_methods: Vec::new(),
                ..config.clone()
            };
            let (out, _, e) = simulate_all(alt, &own, &tick)?;
            elapsed += e;
            let result = &summarize_all(alt, &shown, &own, &out, threads, e)[0];
            let means = year_means(alt, &own, &out, 0);
            crate::compare::compare_one(shown, name, false, result, &base_means, &means)
        };
        alternatives.push(entry);
    }
    bar.finish_and_clear();
    let mut base_result = base_results
        .into_iter()
        .next()
        .expect("the base's own method");
    base_result.timing.elapsed_s = elapsed;
    let comparison = crate::compare::Comparison {
        audit: base_result.audit.clone(),
        base: base_result,
        alternatives,
    };
    let text = match args.format {
        RunFormat::Json => crate::compare::to_json(&comparison),
        RunFormat::Table => crate::compare::render_table(&comparison, args.lang.into()),
    };
    if let Some(dir) = &args.out {
        let info = crate::report::CompareInfo::of(&base, &alts);
        crate::report::write_compare_report(dir, &comparison, &info, args.lang.into(), args.png)?;
    }
    print_out(&text)
}

fn sweep_config(args: &SweepArgs) -> RunConfig {
    RunConfig {
        replications: args.replications,
        first_replication: 0,
        seed: args.seed,
        threads: args.threads,
        extra_methods: Vec::new(),
    }
}

fn run_sensitivity(args: SweepArgs) -> crate::Result<()> {
    let loaded = crate::scenario::load::load(&args.scenario)?;
    if let Some(dir) = &args.out {
        check_output(
            "--out",
            dir,
            &crate::report::folder_files(crate::report::SENSITIVITY_FILES, args.png),
            &loaded.chain,
        )?;
    }
    let shown = args.scenario.display().to_string();
    let config = sweep_config(&args);
    let points = 1 + 2 * loaded.scenario.sensitivity().len() as u64;
    guard(
        &[(&loaded, args.replications * points, &shown)],
        1,
        args.threads,
        args.allow_large,
    )?;
    let bar = progress_bar(args.replications + loaded.scenario.sensitivity().len() as u64);
    let result = crate::sensitivity::sensitivity(&loaded, &shown, &config, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let text = match args.format {
        RunFormat::Json => crate::sensitivity::to_json(&result),
        RunFormat::Table => crate::sensitivity::render_sensitivity(&result, args.lang.into()),
    };
    if let Some(dir) = &args.out {
        let info = crate::report::RunInfo::of(&loaded.scenario);
        crate::report::write_sensitivity_report(dir, &result, &info, args.lang.into(), args.png)?;
    }
    print_out(&text)
}

fn run_solve(args: SolveArgs) -> crate::Result<()> {
    if args.sweep.out.is_some() {
        return Err(InputError::new(
            "--out",
            "solve writes no report folder (use --format json and redirect the output)",
        )
        .into());
    }
    let loaded = crate::scenario::load::load(&args.sweep.scenario)?;
    let shown = args.sweep.scenario.display().to_string();
    if !(args.from.is_finite() && args.to.is_finite()) || args.from >= args.to {
        return Err(InputError::new(
            "--from/--to",
            format!(
                "{} to {} is not a range (expected from < to)",
                args.from, args.to
            ),
        )
        .into());
    }
    if !(0.0..=1.0).contains(&args.level) {
        return Err(InputError::new(
            "--level",
            format!("{} is not a probability (expected 0 to 1)", args.level),
        )
        .into());
    }
    let tolerance = args.tolerance.unwrap_or((args.to - args.from) / 64.0);
    if !(tolerance.is_finite() && tolerance > 0.0) {
        return Err(InputError::new(
            "--tolerance",
            format!("{tolerance} must be a positive number"),
        )
        .into());
    }
    let config = sweep_config(&args.sweep);
    // Bisection: both ends, then one point per halving of the range down to the tolerance.
    let points = 2
        + ((args.to - args.from) / tolerance)
            .log2()
            .ceil()
            .clamp(0.0, 64.0) as u64;
    let sweep = &args.sweep;
    guard(
        &[(&loaded, sweep.replications * points, &shown)],
        1,
        sweep.threads,
        sweep.allow_large,
    )?;
    let s = crate::sensitivity::solve(
        &loaded,
        &shown,
        &args.lever,
        [args.from, args.to],
        args.level,
        tolerance,
        &config,
    )?;
    let lang: Lang = args.sweep.lang.into();
    let text = match args.sweep.format {
        RunFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&s).expect("serializes")
        ),
        RunFormat::Table => match s.value {
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
                config.replications,
                lang.pick("kørsler", "replications"),
                lang.pick("frø", "seed"),
                config.seed
            ),
            None => format!(
                "{} {} {} {}: P(mål) = {:.0}{} {} {:.0}{}.\n",
                lang.pick("Ingen værdi af", "No value of"),
                s.lever,
                lang.pick("op til", "up to"),
                lang.num(args.to, 4),
                100.0 * s.p_target_met,
                lang.pick(" %", "%"),
                lang.pick("når ikke kravet", "does not reach"),
                100.0 * s.level,
                lang.pick(" %", "%")
            ),
        },
    };
    print_out(&text)
}

fn run_init(args: InitArgs) -> crate::Result<()> {
    let shown = args.groups.display().to_string();
    let sizes = crate::init::parse_group_sizes(&crate::json::read_text(&args.groups)?, &shown)?;
    let observed = match &args.observed {
        Some(p) => crate::observed::parse_observed_csv(
            &crate::json::read_text(p)?,
            &p.display().to_string(),
        )?,
        None => Vec::new(),
    };
    if let Some(o) = observed.iter().find(|o| o.month.year() != args.year) {
        return Err(InputError::new(
            "--observed",
            format!("{} is not in --year {}", o.month, args.year),
        )
        .into());
    }
    let file = crate::init::starting_scenario(&args.municipality, args.year, &sizes, &observed);
    let text = serde_json::to_string_pretty(&file).expect("serializes") + "\n";
    // Validate before writing: what init writes must load.
    crate::scenario::load::from_json_str(&text, &args.out.display().to_string())?;
    crate::output::write_atomic(&args.out, text.as_bytes())?;
    eprintln!(
        "skrev {} — kør `fokus calibrate {}` før en fremskrivning",
        args.out.display(),
        args.out.display()
    );
    Ok(())
}

// ---- Reliability at the edge: resource guard, interrupt handler, output over input ----

/// Simulations a calibration makes per replication at most: iterations × 3 (the rates
/// and a step in each direction).
const CALIBRATION_RUNS: u64 = 120;

/// Refuse a run that the machine cannot carry (see [`crate::resources`]), unless
/// `--allow-large`. `runs`: each scenario with the replications simulated of it.
fn guard(
    runs: &[(&crate::scenario::load::Loaded, u64, &String)],
    methods: usize,
    threads: usize,
    allow_large: bool,
) -> crate::Result<()> {
    crate::resources::check_threads(threads)?;
    if allow_large {
        return Ok(());
    }
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| crate::resources::mem_available(&t))
        .unwrap_or(crate::resources::FALLBACK_AVAILABLE_BYTES);
    // Scenarios run one after another: the largest sets the memory, the sum the time.
    let mut total: Option<crate::resources::Estimate> = None;
    let mut origin = "";
    for (loaded, simulations, shown) in runs {
        let e = crate::resources::estimate(&loaded.scenario, *simulations, methods, threads);
        total = Some(match total {
            None => {
                origin = shown;
                e
            }
            Some(t) => {
                if e.memory_bytes > t.memory_bytes {
                    origin = shown;
                }
                crate::resources::Estimate {
                    peak_persons: t.peak_persons.max(e.peak_persons),
                    person_months: t.person_months + e.person_months,
                    memory_bytes: t.memory_bytes.max(e.memory_bytes),
                    seconds: t.seconds + e.seconds,
                }
            }
        });
    }
    match total {
        Some(t) => Ok(crate::resources::check(&t, available, origin)?),
        None => Ok(()),
    }
}

/// Check an output (`flag`: a file, or a folder receiving `folder_files`) before the
/// work starts: it may not overwrite an input file, a file may not be a folder or a folder
/// a file, and the folder it goes into must exist.
fn check_output(
    flag: &str,
    out: &Path,
    folder_files: &[&str],
    inputs: &[PathBuf],
) -> Result<(), InputError> {
    let shown = out.display();
    let folder = !folder_files.is_empty();
    if folder && out.exists() && !out.is_dir() {
        return Err(InputError::new(
            flag,
            format!("{shown} exists and is not a folder (choose a folder name)"),
        ));
    }
    if !folder && out.is_dir() {
        return Err(InputError::new(
            flag,
            format!("{shown} is a folder (expected a file name)"),
        ));
    }
    if let Some(parent) = out.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(InputError::new(
            flag,
            format!(
                "the folder {} does not exist (create it first)",
                parent.display()
            ),
        ));
    }
    let targets =
        std::iter::once(out.to_path_buf()).chain(folder_files.iter().map(|f| out.join(f)));
    for target in targets {
        if let Some(input) = inputs.iter().find(|i| same_file(&target, i)) {
            return Err(InputError::new(
                flag,
                format!(
                    "{} would overwrite the input file {} (choose another output {})",
                    out.display(),
                    input.file_name().map_or_else(
                        || input.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    ),
                    if folder_files.is_empty() {
                        "file"
                    } else {
                        "folder"
                    }
                ),
            ));
        }
    }
    Ok(())
}

/// On Ctrl-C or SIGTERM, ask the replications to stop (they check between two); a second
/// signal ends the process at once.
fn install_interrupt_handler() {
    let result = ctrlc::set_handler(|| {
        if crate::interrupt::requested() {
            std::process::exit(130);
        }
        crate::interrupt::request();
    });
    // Without a handler (e.g. one is set already) a signal ends the process as usual;
    // output is only written after a run is complete, so nothing is lost either way.
    drop(result);
}
