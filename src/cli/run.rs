//! `fokus run` (with `--precision`, `--shard` and `--from-register`) and `fokus merge`.

use super::args::{RegisterStartArgs, ReportOptions, SimOptions, TableOptions};
use super::edge::{Progress, print_out};
use fokus::error::InputError;
use fokus::io::output::Files;
use fokus::run::shard::ShardSpec;
use fokus::run::{PRECISION_MAX_REPLICATIONS, RunResult};
use fokus::sim::CpuLevel;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(mut_arg("seed", |a| a.help("Seed of the random streams (printed in every output)")))]
#[command(mut_arg("out", |a| a.help("Also write a report folder here: fan.svg, certainty.svg, groups.svg, months.csv, summary.json, report.html (other files in the folder are left alone)")))]
pub struct RunArgs {
    /// The scenario file (none: the built-in Copenhagen 2025 scenario, and the output
    /// says so).
    scenario: Option<PathBuf>,
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
    /// The vector level of the month loop: auto (the best this CPU has), scalar (the
    /// plain definition), v3 (AVX2), v4 (AVX-512) or neon (aarch64). The numbers are the
    /// same at every level; only the speed differs.
    #[arg(long, value_enum, default_value_t = CpuLevelArg::Auto)]
    cpu_level: CpuLevelArg,
    #[command(flatten)]
    sim: SimOptions,
    #[command(flatten)]
    table: TableOptions,
    #[command(flatten)]
    report: ReportOptions,
    #[command(flatten)]
    register: RegisterStartArgs,
}

/// `--cpu-level`'s values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum CpuLevelArg {
    Auto,
    Scalar,
    V3,
    V4,
    Neon,
}

impl CpuLevelArg {
    /// The level, or an error where this CPU lacks it.
    fn level(self) -> Result<CpuLevel, InputError> {
        let level = match self {
            CpuLevelArg::Auto => return Ok(CpuLevel::detect()),
            CpuLevelArg::Scalar => CpuLevel::Baseline,
            CpuLevelArg::V3 => CpuLevel::V3,
            CpuLevelArg::V4 => CpuLevel::V4,
            CpuLevelArg::Neon => CpuLevel::Neon,
        };
        if level.is_supported() {
            return Ok(level);
        }
        let name = |level| match level {
            CpuLevel::V4 => "v4",
            CpuLevel::V3 => "v3",
            CpuLevel::Neon => "neon",
            CpuLevel::Baseline => "scalar",
        };
        let mut usable = vec!["auto", "scalar"];
        usable.extend(CpuLevel::supported_vector_levels().into_iter().map(name));
        Err(InputError::new("--cpu-level", {
            let (wanted, best, usable) = (name(level), name(CpuLevel::detect()), usable.join(", "));
            fokus::text!(
                da: "denne CPU kan ikke køre niveau {wanted} (den har højst {best}); brug et af: {usable}",
                en: "this CPU cannot run level {wanted} (it has at most {best}); use one of: {usable}"
            )
        }))
    }
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard files, all shards of one run, each once (any order).
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    #[command(flatten)]
    table: TableOptions,
}

pub fn run(args: RunArgs) -> fokus::Result<()> {
    let (mut loaded, shown) = match &args.scenario {
        Some(path) => (fokus::io::scenario::load(path)?, path.display().to_string()),
        None => {
            let file = fokus::scenario::builtin::DEFAULT;
            eprintln!(
                "{}",
                fokus::report::text::serve::built_in_used(file, args.table.lang())
            );
            (
                fokus::scenario::builtin::load(file)?,
                fokus::scenario::builtin::shown(file),
            )
        }
    };
    let mut files = Files::new();
    files
        .inputs(&loaded.chain)
        .inputs(&args.register.from_register);
    let report = args.report.declare(&mut files, fokus::report::RUN_FILES);
    let excel = args.report.declare_excel(&mut files)?;
    let shard_out = args
        .shard_out
        .as_deref()
        .map(|p| files.file("--shard-out", p));
    let outputs = files.check()?;
    let mut start_info = None;
    let start = match args.register.read()? {
        Some(register) => {
            let panel = &register.file.panel;
            let as_of = fokus::analyses::register_start::as_of_month(panel, args.register.as_of)?;
            let min_cell = args.register.min_cell;
            let (sc, start, flows) =
                fokus::analyses::register_start::prepare(&loaded.scenario, panel, as_of, min_cell)?;
            if let Some(warning) =
                fokus::report::text::register_start::borrowed_warning(&flows, args.table.lang())
            {
                eprint!("{warning}");
            }
            loaded.scenario = sc;
            start_info = Some(fokus::analyses::register_start::start_info(
                &start,
                &loaded.scenario,
                register.name,
                register.file.sha256,
                min_cell,
                flows,
            ));
            Some(start)
        }
        None => None,
    };
    let replications = args.replications.unwrap_or(match args.precision {
        Some(_) => PRECISION_MAX_REPLICATIONS,
        None => fokus::run::DEFAULT_REPLICATIONS,
    });
    let mut config = args.sim.config(replications);
    config.cpu_level = args.cpu_level.level()?;
    // A run of a fixed count is rerun with each layer of uncertainty off (the
    // decomposition); a run to a precision or a shard is not (its count depends on the
    // layers, or it is a part of a run).
    let reruns = match (args.precision, &shard_out) {
        (None, None) => {
            fokus::run::uncertainty::reruns(fokus::run::uncertainty::layers_on(&loaded, &config))
                .len() as u64
        }
        _ => 0,
    };
    args.sim.check_resources(
        &[(&loaded.scenario, replications * (1 + reruns), &shown)],
        1,
    )?;
    if let Some(shard_out) = shard_out {
        let spec = match &args.shard {
            Some(text) => ShardSpec::parse(text, "--shard")?,
            None => ShardSpec { index: 0, count: 1 },
        };
        if args.precision.is_some()
            || args.report.out.is_some()
            || excel.is_some()
            || start.is_some()
        {
            return Err(InputError::new("--shard-out", fokus::text!(
                    da: "en shard skriver kun sine rå replikationer; --precision, --out, --excel og --from-register kræver hele kørslen (udelad dem)",
                    en: "a shard writes only its raw replications; --precision, --out, --excel and --from-register need the whole run (leave them out)"
                )).into());
        }
        if !args.sim.without.is_empty() {
            return Err(InputError::new("--without", fokus::text!(
                    da: "en shardfil registrerer ikke usikkerhedens lag, så dens dele kunne samles med andre, der er kørt med andre lag (kør shards med alle lag slået til)",
                    en: "a shard file does not record the layers of uncertainty, so its parts could be merged with others run under other layers (run shards with every layer on)"
                )).into());
        }
        let range = spec.range(replications);
        if spec.count > replications {
            let count = spec.count;
            return Err(InputError::new("--shard", fokus::text!(
                    da: "{count} shards af {replications} replikationer efterlader nogle uden nogen (brug højst {replications} shards)",
                    en: "{count} shards of {replications} replications leave some with none (use at most {replications} shards)"
                )).into());
        }
        config.replications = range.end - range.start;
        config.first_replication = range.start;
        let simulated = args
            .sim
            .drive(Progress::bar(config.replications), |driver| {
                fokus::run::simulate_all(driver, &loaded, None, &config)
            })?;
        let file = fokus::run::shard::shard_file(
            &loaded,
            &shown,
            config.seed,
            replications,
            spec,
            range.start,
            &simulated.outcomes,
            simulated.threads,
            simulated.elapsed_s,
        );
        let text = serde_json::to_string(&file).expect("a shard serializes") + "\n";
        return outputs.write_file(shard_out, text);
    }
    let (simulated, uncertainty, precision) =
        args.sim
            .drive(Progress::bar(replications * (1 + reruns)), |driver| {
                let start = start.as_ref();
                match args.precision {
                    Some(half_width) => {
                        let (simulated, precision) = fokus::run::simulate_to_precision(
                            driver, &loaded, start, &config, half_width,
                        )?;
                        Ok((simulated, None, Some(precision)))
                    }
                    None => {
                        let simulated = fokus::run::simulate_all(driver, &loaded, start, &config)?;
                        let uncertainty = fokus::run::uncertainty::decompose(
                            driver, &loaded, start, &config, &simulated,
                        )?;
                        Ok((simulated, Some(uncertainty), None))
                    }
                }
            })?;
    let mut results = fokus::run::summarize_all(&loaded, &shown, &config, &simulated);
    results[0].start = start_info;
    results[0].precision = precision;
    if uncertainty.is_some() {
        results[0].uncertainty = uncertainty;
    }
    let result = &results[0];
    let lang = args.table.lang();
    // The report folder and the workbook are one transaction: both or neither.
    let mut transaction = outputs.transaction();
    if let Some(report) = report {
        let info = fokus::report::RunInfo::of(&loaded.scenario, lang);
        let (png, dialect) = (args.report.png, args.report.csv_dialect());
        let rendered = fokus::report::render_run_report(result, &info, lang, png, dialect)?;
        transaction.folder(report, rendered);
    }
    if let Some(excel) = excel {
        transaction.file(excel, fokus::report::run_workbook(result, lang)?);
    }
    transaction.commit()?;
    print_out(&render_run(result, &args.table))
}

pub fn merge(args: MergeArgs) -> fokus::Result<()> {
    let m = fokus::run::shard::merge(&fokus::io::shard::read_shards(&args.parts)?)?;
    let simulated = fokus::run::Simulated {
        outcomes: m.outcomes,
        threads: m.threads,
        elapsed_s: m.elapsed_s,
    };
    let config = fokus::run::RunConfig::new(simulated.outcomes.len() as u64, m.seed);
    let results = fokus::run::summarize_all(&m.loaded, &m.scenario, &config, &simulated);
    print_out(&render_run(&results[0], &args.table))
}

/// A run's result as JSON, or as its table after the description of a register start.
fn render_run(result: &RunResult, table: &TableOptions) -> String {
    table.render(
        || fokus::report::export::json::to_json(result),
        |lang| {
            let intro = result.start.as_ref().map_or(String::new(), |s| {
                fokus::report::text::register_start::describe(s, lang) + "\n"
            });
            intro + &fokus::report::text::run::render(result, lang)
        },
    )
}
