//! Results for machines, and the choice of format for an evaluation.
//!
//! - [`json`]: every result as JSON (`--format json`, `summary.json`); an evaluation with
//!   its audit trail.
//! - [`csv`]: an evaluation as `month,group,population,fulfilled,share_pct,note` for
//!   spreadsheets.
//! - [`sheet`]: a table of typed cells, written as CSV (plain, or `excel-da` for Danish
//!   Excel) — the evaluation's and the report folders' CSV files are sheets.
//! - [`xlsx`]: `--excel FILE.xlsx`, a result's sheets as one workbook.
//!
//! The table for people is [`crate::report::text::evaluation`]. Disclosure control has
//! already been applied in [`Evaluation`]; exporters only decide how a suppressed cell is
//! marked, never whether.

pub mod caseworkers;
pub mod csv;
pub mod json;
pub mod sheet;
pub mod xlsx;

use crate::measure::Measure;
use crate::measure::evaluate::Evaluation;
use crate::measure::method::{Method, MethodSpec};
use serde::Serialize;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV, one row per month and group.
    Csv,
    /// JSON, the whole result with the audit trail.
    Json,
    /// A table for people.
    Table,
}

use crate::report::text::Lang;

/// Where a result came from: enough to reproduce it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Audit {
    /// The fokus version.
    pub fokus_version: String,
    /// The input file's name.
    pub input: String,
    /// SHA-256 of the input file, hex.
    pub input_sha256: String,
    /// The methods, spelled out in full.
    pub methods: Vec<MethodSpec>,
    /// Which focus goal.
    pub measure: Measure,
    /// The disclosure limit.
    pub min_cell: u64,
    /// `from_file` (the `seniority_months` column) or `counted_from_rows`.
    pub seniority: &'static str,
}

impl Audit {
    /// The audit trail of evaluating `input` (file name and hash) under `methods`.
    pub fn new(
        input: &str,
        input_sha256: &str,
        methods: &[Method],
        evaluation: &Evaluation,
        seniority_given: bool,
    ) -> Audit {
        Audit::for_register(
            input,
            input_sha256,
            methods,
            evaluation.measure,
            evaluation.min_cell,
            seniority_given,
        )
    }

    /// The audit trail of any result computed from the register `input` (file name and
    /// hash) under `methods`.
    pub fn for_register(
        input: &str,
        input_sha256: &str,
        methods: &[Method],
        measure: Measure,
        min_cell: u64,
        seniority_given: bool,
    ) -> Audit {
        Audit {
            fokus_version: crate::VERSION.to_string(),
            input: input.to_string(),
            input_sha256: input_sha256.to_string(),
            methods: methods.iter().map(Method::to_spec).collect(),
            measure,
            min_cell,
            seniority: if seniority_given {
                "from_file"
            } else {
                "counted_from_rows"
            },
        }
    }
}

/// Render an evaluation in `format` (a CSV in `dialect`).
pub fn render(
    evaluation: &Evaluation,
    audit: &Audit,
    format: Format,
    dialect: sheet::CsvDialect,
    lang: Lang,
) -> String {
    match format {
        Format::Csv => csv::to_csv(evaluation, dialect, lang),
        Format::Json => json::evaluation(evaluation, audit),
        Format::Table => crate::report::text::evaluation::to_table(evaluation, audit, lang),
    }
}

/// `--excel`: an evaluation's workbook — its months and groups, and its audit trail.
pub fn evaluation_workbook(
    evaluation: &Evaluation,
    audit: &Audit,
    lang: Lang,
) -> crate::Result<Vec<u8>> {
    let methods: Vec<&str> = evaluation
        .methods
        .iter()
        .map(|m| m.method.as_str())
        .collect();
    let row = |da: &str, en: &str, v: String| {
        vec![sheet::Value::text(lang.pick(da, en)), sheet::Value::Text(v)]
    };
    let about = sheet::Sheet {
        name: lang.pick("Om tallene", "About").to_string(),
        columns: vec![
            sheet::Column::new("field", "Felt", "Field", sheet::Kind::Text),
            sheet::Column::new("value", "Værdi", "Value", sheet::Kind::Text),
        ],
        rows: vec![
            row(
                "fokus-version",
                "fokus version",
                audit.fokus_version.clone(),
            ),
            row("Registerfil", "Register file", audit.input.clone()),
            row(
                "Registerfilens SHA-256",
                "Register file SHA-256",
                audit.input_sha256.clone(),
            ),
            row("Metoder", "Methods", methods.join(", ")),
            row(
                "Diskretion: færre end (personer)",
                "Suppressed: fewer than (persons)",
                audit.min_cell.to_string(),
            ),
        ],
        notes: Vec::new(),
    };
    xlsx::workbook(
        &[csv::sheet(evaluation, sheet::Words::People(lang)), about],
        lang,
    )
}
