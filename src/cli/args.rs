//! The option groups several commands share, each one `#[command(flatten)]` struct, and
//! the value types of the arguments. What differs per command stays the command's own:
//! the replications (their default and meaning: per scenario, per point, per iteration)
//! are a field of each command's arguments, and where a shared option's help says more
//! for one command (the files of its report folder, what the seed is printed in), the
//! command sets it with `#[command(mut_arg(...))]`, clap's way to adjust a flattened
//! argument (struct attributes apply after the arguments, clap-rs/clap#3269).

use super::edge::{self, Progress};
use fokus::error::InputError;
use fokus::io::output::{Files, Slot};
use fokus::report::export::sheet::CsvDialect;
use fokus::report::text::Lang;
use fokus::run::{Driver, Layer, Layers, RunConfig};
use fokus::scenario::Scenario;
use std::path::{Path, PathBuf};

/// The language of the text for people.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
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

/// The output of a command that simulates: a table for people or JSON.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RunFormat {
    Table,
    Json,
}

/// How a simulation's replications are run: their seed, the worker threads, and whether
/// the resource guard may be overridden. The replications themselves are each command's
/// (their default and meaning differ).
#[derive(Debug, clap::Args)]
pub struct SimOptions {
    /// Seed of the common random numbers.
    #[arg(long, default_value_t = fokus::run::DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads (0: all cores). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Run even when the estimated memory or time is beyond what this machine has.
    #[arg(long)]
    pub allow_large: bool,
    /// Switch a layer of uncertainty off (repeatable, or a comma list): effect_sizes
    /// (initiative strengths at their distribution's mean), calibration (offer rates and
    /// trends as fitted), volatility (no operations shock). Process noise stays on.
    #[arg(long, value_name = "LAYER", value_delimiter = ',', value_parser = parse_layer)]
    pub without: Vec<Layer>,
}

fn parse_layer(name: &str) -> Result<Layer, fokus::error::MessageError> {
    Layer::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Layer::ALL.iter().map(|l| l.name()).collect();
        let names = names.join(", ");
        fokus::error::MessageError(fokus::text!(
            da: "ukendt lag {name:?} (forventede et af: {names})",
            en: "unknown layer {name:?} (expected one of: {names})"
        ))
    })
}

impl SimOptions {
    /// The run of `replications` on the seed: the one place arguments become a
    /// [`RunConfig`].
    pub fn config(&self, replications: u64) -> RunConfig {
        RunConfig {
            layers: self
                .without
                .iter()
                .fold(Layers::ALL, |on, &layer| on.without(layer)),
            checkpoint_memory: super::edge::checkpoint_memory(),
            ..RunConfig::new(replications, self.seed)
        }
    }

    /// Refuse work the machine cannot carry, unless `--allow-large`: `runs` holds each
    /// scenario simulated with its replications and name, scored under `methods`
    /// methods.
    pub fn check_resources(
        &self,
        runs: &[(&Scenario, u64, &str)],
        methods: usize,
    ) -> fokus::Result<()> {
        edge::guard(runs, methods, self.threads, self.allow_large)
    }

    /// Run `work` on the replication driver: `--threads` worker threads, `progress`
    /// ticked after each replication and cleared when the work ends.
    pub fn drive<T>(
        &self,
        progress: Progress,
        work: impl FnOnce(&Driver) -> fokus::Result<T>,
    ) -> fokus::Result<T> {
        let driver = Driver::new(self.threads, || progress.tick())?;
        work(&driver)
    }
}

/// The output of a command that simulates: its format and language.
#[derive(Debug, clap::Args)]
pub struct TableOptions {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Language of the table.
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    pub lang: LangArg,
}

impl TableOptions {
    /// The language of the table (and of a report).
    pub fn lang(&self) -> Lang {
        self.lang.into()
    }

    /// The output: `json`'s text, or `table`'s in the chosen language.
    pub fn render(
        &self,
        json: impl FnOnce() -> String,
        table: impl FnOnce(Lang) -> String,
    ) -> String {
        match self.format {
            RunFormat::Json => json(),
            RunFormat::Table => table(self.lang()),
        }
    }
}

/// The dialect of the CSV files written.
#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum CsvDialectArg {
    /// `,` between fields, decimal point, machine headers (for programs).
    #[default]
    Plain,
    /// For Danish Excel: `;` between fields, decimal comma, UTF-8 byte order mark,
    /// headers in the --lang language.
    ExcelDa,
}

impl From<CsvDialectArg> for CsvDialect {
    fn from(d: CsvDialectArg) -> CsvDialect {
        match d {
            CsvDialectArg::Plain => CsvDialect::Plain,
            CsvDialectArg::ExcelDa => CsvDialect::ExcelDa,
        }
    }
}

/// A report folder and a workbook beside the printed result. Each command says which
/// files it writes (`mut_arg("out", ...)` on the command's arguments).
#[derive(Debug, clap::Args)]
pub struct ReportOptions {
    /// Also write a report folder here (other files in the folder are left alone).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write a PNG (2× size, for slides) beside each chart of the --out folder.
    #[arg(long, requires = "out")]
    pub png: bool,
    /// The CSV files of the --out folder: plain, or excel-da for Danish Excel.
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Plain, requires = "out")]
    pub csv_dialect: CsvDialectArg,
    /// Also write the result's tables as an Excel workbook (one sheet per table, numbers
    /// as numbers, headers in the --lang language).
    #[arg(long, value_name = "FILE.xlsx")]
    pub excel: Option<PathBuf>,
}

impl ReportOptions {
    /// Declare the `--out` folder in `files`, when given: `report` lists the report's SVG
    /// charts and other files (with `--png`, a PNG is declared beside each chart).
    pub fn declare(&self, files: &mut Files, report: &[&'static str]) -> Option<Slot> {
        let dir = self.out.as_deref()?;
        Some(files.folder("--out", dir, &fokus::report::folder_files(report, self.png)))
    }

    /// Declare the `--excel` workbook in `files`, when given.
    pub fn declare_excel(&self, files: &mut Files) -> fokus::Result<Option<Slot>> {
        declare_excel(self.excel.as_deref(), files)
    }

    /// The dialect of the folder's CSV files.
    pub fn csv_dialect(&self) -> CsvDialect {
        self.csv_dialect.into()
    }
}

/// Declare a workbook `path` (`--excel`) in `files`: refused unless it ends in `.xlsx`,
/// so a name never promises another format than the one written.
pub fn declare_excel(path: Option<&Path>, files: &mut Files) -> fokus::Result<Option<Slot>> {
    let Some(path) = path else {
        return Ok(None);
    };
    expect_extension(
        path,
        "--excel",
        "xlsx",
        ("en Excel-projektmappe", "an Excel workbook"),
    )?;
    Ok(Some(files.file("--excel", path)))
}

/// Refuse an output `path` whose extension is not `wanted`: `what` is what is written,
/// in Danish and in English.
pub fn expect_extension(
    path: &Path,
    flag: &str,
    wanted: &str,
    (what_da, what): (&str, &str),
) -> Result<(), InputError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if extension.as_deref() == Some(wanted) {
        return Ok(());
    }
    Err(InputError::new(flag, {
        let (shown, named) = (path.display(), path.with_extension(wanted));
        let named = named.display();
        fokus::text!(
            da: "{shown} ender ikke på .{wanted}, men der skrives {what_da} (kald den {named})",
            en: "{shown} does not end in .{wanted}, but {what} is written there (name it {named})"
        )
    }))
}

/// Starting from a register's caseload (issue 7).
#[derive(Debug, clap::Args)]
pub struct RegisterStartArgs {
    /// Start from the persons of this register at the as-of month; the observed months
    /// of the year are computed from it.
    #[arg(long, value_name = "DATA.csv")]
    pub from_register: Option<PathBuf>,
    /// The as-of month (default: the register's last month).
    #[arg(long, value_name = "YYYY-MM", requires = "from_register")]
    pub as_of: Option<fokus::Month>,
    /// Withhold register figures of fewer persons than this (0: none).
    #[arg(long, value_name = "N", default_value_t = fokus::measure::evaluate::DEFAULT_MIN_CELL)]
    pub min_cell: u64,
}

/// A register given by a file: its file name (as recorded in outputs) and its contents.
pub struct NamedRegister {
    /// The file name, without its folder.
    pub name: String,
    /// The register read.
    pub file: fokus::io::register::RegisterFile,
}

impl RegisterStartArgs {
    /// The register of `--from-register`, read, when one is given.
    pub fn read(&self) -> fokus::Result<Option<NamedRegister>> {
        self.from_register.as_deref().map(read_register).transpose()
    }
}

fn read_register(path: &Path) -> fokus::Result<NamedRegister> {
    Ok(NamedRegister {
        name: edge::file_name(path),
        file: fokus::io::register::read_register(path)?,
    })
}
