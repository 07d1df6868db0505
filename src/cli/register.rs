//! The commands on a person-month register and observed shares: `fokus evaluate`,
//! `fokus backtest`, `fokus synth` and `fokus requirement`.

use super::args::{
    CsvDialectArg, LangArg, RegisterStartArgs, SimOptions, TableOptions, declare_excel,
    expect_extension,
};
use super::edge::{self, Progress, file_name, print_out};
use clap::ValueEnum;
use fokus::error::InputError;
use fokus::io::output::Files;
use fokus::measure::Measure;
use fokus::measure::evaluate::Options;
use fokus::measure::method::Method;
use fokus::report::export::{Audit, Format, render};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
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
    #[arg(long, value_name = "N", default_value_t = fokus::measure::evaluate::DEFAULT_MIN_CELL)]
    min_cell: u64,
    /// Output format. Default: table on a terminal, else CSV (with --out: by the
    /// file's extension, CSV otherwise).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    lang: LangArg,
    /// Write to this file (atomically) instead of standard output. Its extension must
    /// match the format: .csv, .json or .txt (a table).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The CSV dialect: plain, or excel-da for Danish Excel (`;`, decimal comma, UTF-8
    /// byte order mark, headers in the --lang language).
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Plain)]
    csv_dialect: CsvDialectArg,
    /// Also write the evaluation as an Excel workbook (one sheet per table, numbers as
    /// numbers, headers in the --lang language).
    #[arg(long, value_name = "FILE.xlsx")]
    excel: Option<PathBuf>,
    /// Also write a report folder here: evaluation.svg and report.html.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// Also write evaluation.png (2× size, for slides) in the --report folder.
    #[arg(long, requires = "report")]
    png: bool,
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

#[derive(Debug, clap::Args)]
#[command(mut_arg("seed", |a| a.help("Seed of the random streams")))]
pub struct BacktestArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Monte Carlo replications.
    #[arg(long, short = 'n', default_value_t = 200)]
    replications: u64,
    #[command(flatten)]
    sim: SimOptions,
    #[command(flatten)]
    table: TableOptions,
    #[command(flatten)]
    register: RegisterStartArgs,
}

#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// Persons on benefit at the start (the scenario's groups scaled to this).
    #[arg(long, default_value_t = 30_000)]
    persons: u32,
    /// First month with rows.
    #[arg(long, value_name = "YYYY-MM")]
    from: fokus::Month,
    /// Last month with rows.
    #[arg(long, value_name = "YYYY-MM")]
    to: fokus::Month,
    /// Seed of the simulation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The scenario to simulate (default: the shipped Copenhagen scenario).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// The register CSV to write (atomically).
    #[arg(long, value_name = "FILE.csv")]
    out: PathBuf,
    /// Language of the messages (the register itself is the same in both).
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct ListerArgs {
    /// The register CSV (as for `evaluate`).
    data: PathBuf,
    /// The as-of month: the last month of data the list acts on. Default: the
    /// register's last month.
    #[arg(long, value_name = "YYYY-MM")]
    as_of: Option<fokus::Month>,
    /// Method (preset `star`, `frikort`, or a method file). Default: star.
    #[arg(long, value_name = "NAME|FILE", default_value = "star")]
    method: String,
    /// Offers a month (in list order) whose gain to report; repeat for several.
    /// Default: about ½, 1, 2 and 5 % of the persons on benefit.
    #[arg(long = "offers", value_name = "N")]
    offers: Vec<u64>,
    /// Withhold cells with fewer persons than this (0: no suppression).
    #[arg(long, value_name = "N", default_value_t = fokus::measure::evaluate::DEFAULT_MIN_CELL)]
    min_cell: u64,
    #[command(flatten)]
    table: TableOptions,
    /// Write the persons themselves, with their ids, in list order (CSV) to --out: the
    /// caseworkers' list. Only this file ever holds ids.
    #[arg(long, requires = "out")]
    with_ids: bool,
    /// Write to this file (atomically) instead of standard output. With --with-ids the
    /// file is readable by its owner only and an existing file is refused.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// With --with-ids: replace an existing --out file.
    #[arg(long, requires = "with_ids")]
    force: bool,
}

#[derive(Debug, clap::Args)]
pub struct RequirementArgs {
    /// The observed monthly shares so far this year in percent, from January: months
    /// separated by ; or spaces, with a decimal comma or point (66,2;66,2;66,5), or
    /// decimal points separated by commas (66.2,66.2,66.5); may be repeated. A comma
    /// that could be either (66,2 alone) is refused. Or a CSV file: `fokus evaluate`
    /// output (the total rows of its first method) or `month,share_pct` — the months of
    /// the latest year are used.
    #[arg(long, allow_hyphen_values = true)]
    observed: Vec<String>,
    /// The target in percent (the year mean must be strictly above it).
    #[arg(long, default_value_t = 70.0)]
    target: f64,
    /// The year the observed months are of [default: a CSV's latest year, or this
    /// year].
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    #[command(flatten)]
    table: TableOptions,
    /// Deprecated: the same as --format json (kept for scripts written before --format).
    #[arg(long, hide = true, conflicts_with = "format")]
    json: bool,
}

pub fn backtest(args: BacktestArgs) -> fokus::Result<()> {
    let loaded = fokus::io::scenario::load(&args.scenario)?;
    let Some(register) = args.register.read()? else {
        return Err(InputError::new(
            "--from-register",
            fokus::text!(
                da: "skal gives (registret, der backtestes mod)",
                en: "is required (the register to backtest against)"
            ),
        )
        .into());
    };
    let panel = &register.file.panel;
    let as_of = fokus::analyses::register_start::as_of_month(panel, args.register.as_of)?;
    let shown = args.scenario.display().to_string();
    let simulations = args.replications * fokus::analyses::backtest::max_projections(panel, as_of);
    args.sim
        .check_resources(&[(&loaded.scenario, simulations, &shown)], 1)?;
    let config = fokus::analyses::backtest::BacktestConfig {
        replications: args.replications,
        seed: args.sim.seed,
        min_cell: args.register.min_cell,
        layers: args.sim.config(args.replications).layers,
    };
    let b = args.sim.drive(Progress::bar(simulations), |driver| {
        fokus::analyses::backtest::backtest(driver, &loaded.scenario, panel, as_of, config)
    })?;
    if let Some(warning) =
        fokus::report::text::register_start::borrowed_warning(&b.flows, args.table.lang())
    {
        eprint!("{warning}");
    }
    print_out(&args.table.render(
        || fokus::report::export::json::to_json(&b),
        |lang| fokus::report::text::backtest::render(&b, lang),
    ))
}

pub fn synth(args: SynthArgs) -> fokus::Result<()> {
    let loaded = match &args.scenario {
        Some(path) => fokus::io::scenario::load(path)?,
        None => fokus::scenario::builtin::load(fokus::scenario::builtin::DEFAULT)?,
    };
    let mut files = Files::new();
    files.inputs(&loaded.chain);
    let out = files.file("--out", &args.out);
    let outputs = files.check()?;
    let config = fokus::sim::synth::SynthConfig {
        persons: args.persons,
        from: args.from,
        to: args.to,
        seed: args.seed,
    };
    let text = fokus::sim::synth::synth_register(&loaded.scenario, config)?;
    outputs.write_file(out, text)
}

pub fn evaluate(args: EvaluateArgs) -> fokus::Result<()> {
    let names = if args.methods.is_empty() {
        vec!["star".to_string()]
    } else {
        args.methods.clone()
    };
    let mut files = Files::new();
    // A name that is not a preset is a method file (`io::method::resolve`).
    files.input(&args.data).inputs(
        names
            .iter()
            .filter(|n| Method::preset(n).is_none())
            .map(Path::new),
    );
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
    let out = args.out.as_deref().map(|p| files.file("--out", p));
    let excel = declare_excel(args.excel.as_deref(), &mut files)?;
    let report = args.report.as_deref().map(|d| {
        let names = fokus::report::folder_files(fokus::report::evaluation::FILES, args.png);
        files.folder("--report", d, &names)
    });
    let outputs = files.check()?;
    if let Some(out) = &args.out {
        check_out_extension(out, format)?;
    }
    let mut methods: Vec<Method> = Vec::with_capacity(names.len());
    for name in &names {
        let m = fokus::io::method::resolve(name)?;
        if methods.iter().any(|x| x.name() == m.name()) {
            return Err(InputError::new(
                "--method",
                {
                    let name = m.name();
                    fokus::text!(
                        da: "metoden {name:?} er givet to gange (hver metode én gang; en metodefil skal have sit eget \"name\")",
                        en: "method {name:?} is given twice (each method once; a method file needs its own \"name\")"
                    )
                },
            )
            .into());
        }
        methods.push(m);
    }
    let lang = args.lang.into();
    let options = Options {
        measure: match args.measure {
            MeasureArg::Active => Measure::Active,
            MeasureArg::Conversations => Measure::Conversations,
        },
        min_cell: args.min_cell,
    };
    let file = fokus::io::register::read_register(&args.data)?;
    let evaluation = fokus::measure::evaluate::evaluate(&file.panel, &methods, options);
    let audit = Audit::new(
        &file_name(&args.data),
        &file.sha256,
        &methods,
        &evaluation,
        file.panel.seniority_given(),
    );
    let text = render(&evaluation, &audit, format, args.csv_dialect.into(), lang);
    // The report folder, the workbook and the --out file are one transaction: all or
    // none.
    let mut transaction = outputs.transaction();
    if let Some(excel) = excel {
        let book = fokus::report::export::evaluation_workbook(&evaluation, &audit, lang)?;
        transaction.file(excel, book);
    }
    if let Some(report) = report {
        let rendered =
            fokus::report::evaluation::render_report(&evaluation, &audit, lang, args.png)?;
        transaction.folder(report, rendered);
    }
    match out {
        Some(out) => {
            transaction.file(out, text);
            transaction.commit()
        }
        None => {
            transaction.commit()?;
            print_out(&text)
        }
    }
}

/// Refuse an `--out` whose extension names another format than the one written (a
/// `.xlsx` holding CSV text opens as a broken workbook). An extension fokus does not
/// know (or none) is kept: the format was chosen with `--format`.
fn check_out_extension(out: &Path, format: Format) -> Result<(), InputError> {
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let (wanted, what) = match format {
        Format::Csv => ("csv", ("CSV-tekst", "CSV text")),
        Format::Json => ("json", ("JSON", "JSON")),
        Format::Table => ("txt", ("en teksttabel", "a text table")),
    };
    match extension.as_deref() {
        Some("xlsx" | "xls" | "xlsm" | "ods") => Err(InputError::new("--out", {
            let (what_da, what) = what;
            let shown = out.display();
            let (xlsx, named) = (out.with_extension("xlsx"), out.with_extension(wanted));
            let (xlsx, named) = (xlsx.display(), named.display());
            fokus::text!(
                da: "{shown} er navnet på et regneark, men --out skriver {what_da} (skriv en projektmappe med --excel {xlsx}, eller kald filen {named})",
                en: "{shown} is a spreadsheet name, but --out writes {what} (write a workbook with --excel {xlsx}, or name the file {named})"
            )
        })),
        Some(e @ ("csv" | "json" | "txt" | "html" | "pdf")) if e != wanted => {
            expect_extension(out, "--out", wanted, what)
        }
        _ => Ok(()),
    }
}

pub fn lister(args: ListerArgs) -> fokus::Result<()> {
    let mut files = Files::new();
    files.input(&args.data);
    if Method::preset(&args.method).is_none() {
        files.input(Path::new(&args.method));
    }
    let out = args.out.as_deref().map(|p| {
        if args.with_ids {
            files.personal_file("--out", p, args.force)
        } else {
            files.file("--out", p)
        }
    });
    let outputs = files.check()?;
    let method = fokus::io::method::resolve(&args.method)?;
    let (file, ids) = if args.with_ids {
        let (file, ids) = fokus::io::register::read_register_keeping_ids(&args.data)?;
        (file, Some(ids))
    } else {
        (fokus::io::register::read_register(&args.data)?, None)
    };
    let as_of = fokus::analyses::register_start::as_of_month(&file.panel, args.as_of)?;
    if args.offers.contains(&0) {
        return Err(InputError::new(
            "--offers",
            fokus::text!(
                da: "0 tilbud om måneden giver intet (forventede 1 eller flere)",
                en: "0 offers a month gain nothing (expected 1 or more)"
            ),
        )
        .into());
    }
    let options = fokus::measure::steering::ListOptions {
        as_of,
        offers_per_month: args.offers.clone(),
        min_cell: args.min_cell,
    };
    let list = fokus::measure::steering::steering_list(&file.panel, &method, &options);
    let text = match &ids {
        Some(ids) => fokus::report::export::caseworkers::to_csv(&list, ids),
        None => {
            let audit = Audit::for_register(
                &file_name(&args.data),
                &file.sha256,
                std::slice::from_ref(&method),
                Measure::Active,
                args.min_cell,
                file.panel.seniority_given(),
            );
            args.table.render(
                || fokus::report::export::json::steering(&list, &audit),
                |lang| fokus::report::text::steering::to_table(&list, &audit, lang),
            )
        }
    };
    match out {
        Some(out) => outputs.write_file(out, text),
        None => print_out(&text),
    }
}

pub fn requirement(args: RequirementArgs) -> fokus::Result<()> {
    if !args.target.is_finite() || !(0.0..=100.0).contains(&args.target) {
        return Err(InputError::new("--target", {
            let (target, target_da) = (args.target, fokus::error::da_number(args.target));
            fokus::text!(
                da: "{target_da} er ikke en procentsats (forventede 0 til 100)",
                en: "{target} is not a percentage (expected 0 to 100)"
            )
        })
        .into());
    }
    let (observed, year) = match args.observed.as_slice() {
        [single] if single.ends_with(".csv") || Path::new(single).exists() => {
            let text = fokus::io::text::read_table(Path::new(single))?;
            let observed = fokus::scenario::observed::parse_observed(&text, single)?;
            if let Some(year) = args.year.filter(|&y| y != observed.year) {
                return Err(InputError::new(
                    "--year",
                    {
                        let latest = observed.year;
                        fokus::text!(
                            da: "{year} er ikke året for {single}, hvis seneste måneder er fra {latest} (udelad --year, eller giv en fil fra {year})",
                            en: "{year} is not the year of {single}, whose latest months are of {latest} (leave --year out, or give a file of {year})"
                        )
                    },
                )
                .into());
            }
            (observed.shares, observed.year)
        }
        values => (
            fokus::vocab::percent::parse_percent_list(values, "--observed")?,
            match args.year {
                Some(year) => year,
                None => edge::current_year()?,
            },
        ),
    };
    if fokus::Month::new(year, 1).is_none() {
        return Err(InputError::new(
            "--year",
            fokus::text!(
                da: "{year} er ikke et år, fokus kan navngive (forventede f.eks. 2025)",
                en: "{year} is not a year fokus can name (expected e.g. 2025)"
            ),
        )
        .into());
    }
    let r = fokus::measure::requirement(args.target, &observed).in_year(year);
    if args.json {
        eprintln!(
            "{}",
            args.table.lang().pick(
                "advarsel: --json udgår; brug --format json",
                "warning: --json is deprecated; use --format json"
            )
        );
        return print_out(&fokus::report::export::json::to_json(&r));
    }
    print_out(&args.table.render(
        || fokus::report::export::json::to_json(&r),
        |lang| fokus::report::text::requirement::render(&r, lang),
    ))
}
