//! Reports for people: a folder with charts, tables and the audit trail of a run
//! (`fokus run --out DIR`) or an evaluation (`fokus evaluate --report DIR`).
//!
//! - [`chart`]: the shared drawing kit (palette, scales, text) over plotters' SVG backend.
//! - [`fan`]: `fan.svg`, the year's total share as a fan chart.
//! - [`groups`]: `groups.svg`, small multiples per benefit group.
//! - [`evaluation`]: `evaluation.svg`, the total share per method of an evaluation.
//! - [`csv`]: `months.csv`, the fan's numbers.
//! - [`html`]: `report.html`, one self-contained page with everything inlined.
//!
//! Everything is rendered into memory first and then written as a whole
//! ([`crate::output::write_folder_atomic`]). This is the only module that knows plotters;
//! it never reads a file: what it needs from a scenario is passed in as [`RunInfo`].

pub mod chart;
pub mod csv;
pub mod evaluation;
pub mod fan;
pub mod groups;
pub mod html;

use crate::Group;
use crate::lang::Lang;
use crate::run::{MonthResult, RunResult};
use std::path::Path;

/// What a run report needs from the scenario besides the result.
#[derive(Clone, Copy, Debug)]
pub struct RunInfo<'a> {
    /// The municipality, for titles.
    pub municipality: &'a str,
    /// The scenario's description.
    pub description: &'a str,
    /// The scenario's notes: shown as the assumptions.
    pub notes: &'a [String],
}

/// The files of a run report, in memory: `(name, bytes)`.
pub fn render_run_report(
    r: &RunResult,
    info: &RunInfo,
    lang: Lang,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let fan = fan::render(r, info, lang)?;
    let groups = groups::render(r, info, lang)?;
    let html = html::run_page(r, info, lang, &fan, &groups);
    Ok(vec![
        ("fan.svg".into(), fan.into_bytes()),
        ("groups.svg".into(), groups.into_bytes()),
        ("months.csv".into(), csv::to_csv(r).into_bytes()),
        (
            "summary.json".into(),
            crate::run::result::to_json(r).into_bytes(),
        ),
        ("report.html".into(), html.into_bytes()),
    ])
}

/// The files a run report writes into its folder.
pub const RUN_FILES: &[&str] = &[
    "fan.svg",
    "groups.svg",
    "months.csv",
    "summary.json",
    "report.html",
];

/// Render a run report and write it into the folder `dir`, all or nothing; other files
/// already in `dir` are left alone.
pub fn write_run_report(
    dir: &Path,
    r: &RunResult,
    info: &RunInfo,
    lang: Lang,
) -> crate::Result<()> {
    let files = render_run_report(r, info, lang)?;
    crate::output::write_folder_atomic(dir, &files)
}

/// The title of a run's charts and page: what, which year, for whom.
pub fn title(r: &RunResult, info: &RunInfo, lang: Lang) -> String {
    let year = r.months.first().map_or(0, |m| m.month.year());
    format!(
        "{} {year} — {} ({})",
        lang.pick("Fokusmål for aktiv indsats", "Focus goal for active effort"),
        info.municipality,
        r.audit.scenario_name
    )
}

/// The source line under a chart: enough to reproduce it.
pub fn source_line(r: &RunResult, lang: Lang) -> String {
    let a = &r.audit;
    format!(
        "{}: fokus {} · {} {} · {} {} · {} {} · {} {} · sha256 {}",
        lang.pick("Kilde", "Source"),
        a.fokus_version,
        lang.pick("scenarie", "scenario"),
        a.scenario,
        lang.pick("frø", "seed"),
        a.seed,
        lang.count(a.replications),
        lang.pick("kørsler", "replications"),
        lang.pick("metode", "method"),
        a.method,
        &a.scenario_sha256[..a.scenario_sha256.len().min(12)]
    )
}

/// A group's observed share in an observed month; none when the month is simulated or
/// the scenario gave no figure for the group (then the group's figure is the model's).
pub fn observed_group(m: &MonthResult, g: Group) -> Option<f64> {
    if !m.observed {
        return None;
    }
    let shown = m.groups.get(&g)?;
    let model = m.simulated_groups.as_ref().and_then(|s| s.get(&g));
    (Some(shown) != model).then_some(shown.mean).flatten()
}
