//! Reports for people: a folder with charts, tables and the audit trail of a run
//! (`fokus run --out DIR`), a comparison (`fokus compare --out DIR`), a tornado
//! (`fokus sensitivity --out DIR`) or an evaluation (`fokus evaluate --report DIR`).
//!
//! - [`chart`]: the shared drawing kit (palette, scales, text) over plotters' SVG backend.
//! - [`fan`]: `fan.svg`, the year's total share as a fan chart.
//! - [`certainty`]: `certainty.svg`, the year means of the replications against the target.
//! - [`groups`]: `groups.svg`, small multiples per benefit group.
//! - [`compare`]: `compare.svg`, the scenarios' year means and paired differences.
//! - [`paths`]: `paths.svg`, each scenario's median month by month against the requirement.
//! - [`curve`]: `curve-K.svg`, P(goal) of an alternative over an uncertain parameter.
//! - [`tornado`]: `tornado.svg`, the swing of each uncertain parameter.
//! - [`evaluation`]: `evaluation.svg`, the total share per method of an evaluation.
//! - [`csv`]: `months.csv`, `compare.csv`, `tornado.csv`, `curves.csv`: the charts'
//!   numbers.
//! - [`html`]: `report.html` of a run, one self-contained page with everything inlined;
//!   [`pages`]: the same frame for a comparison and a tornado.
//! - [`raster`]: with `--png`, a PNG beside each chart (the SVG rasterized, embedded font).
//! - [`text`]: the words and number formats for people, [`text::Lang`] the one formatter;
//!   also the terminal tables of every command.
//!
//! The pages are maud templates (escaping every text); the charts are drawn with plotters.
//! Everything is rendered into memory, as the folder's files `(name, bytes)`; the caller
//! writes them as a whole ([`crate::io::output::Outputs`]). This is the only
//! module that knows plotters and the rasterizer (resvg); it never touches a file: what it
//! needs from a scenario is passed in as [`RunInfo`].

pub mod certainty;
pub mod chart;
pub mod compare;
pub mod csv;
pub mod curve;
pub mod evaluation;
pub mod export;
pub mod fan;
pub mod groups;
pub mod html;
pub mod pages;
pub mod paths;
pub mod raster;
pub mod text;
pub mod tornado;

use crate::Group;
use crate::analyses::compare::Comparison;
use crate::analyses::sensitivity::Sensitivity;
use crate::report::export::json::to_json;
use crate::run::{MonthResult, RunResult};
use crate::scenario::load::Loaded;
use export::sheet::{CsvDialect, Words};
use text::Lang;

/// What a run report needs from the scenario besides the result, its texts in the
/// report's language.
#[derive(Clone, Debug)]
pub struct RunInfo<'a> {
    /// The municipality, for titles.
    pub municipality: &'a str,
    /// The scenario's description.
    pub description: String,
    /// The scenario's notes: shown as the assumptions.
    pub notes: Vec<String>,
    /// Where the observed months come from (the scenario's `observed.source`), when given.
    pub data_source: Option<String>,
    /// Whether the scenario adds initiatives to the status quo: the charts' answer then
    /// speaks of the scenario's initiatives, else of today's effort.
    pub with_initiatives: bool,
}

/// A text a scenario gives in `lang`.
pub fn in_lang(t: &crate::vocab::label::Text, lang: Lang) -> String {
    lang.pick(t.da(), t.en()).to_string()
}

impl<'a> RunInfo<'a> {
    /// The report's view of a scenario, in `lang`.
    pub fn of(s: &'a crate::scenario::Scenario, lang: Lang) -> RunInfo<'a> {
        RunInfo {
            municipality: s.municipality(),
            description: in_lang(s.description(), lang),
            notes: s.notes().iter().map(|n| in_lang(n, lang)).collect(),
            data_source: s
                .file()
                .observed
                .as_ref()
                .and_then(|o| o.source.as_ref())
                .map(|t| in_lang(t, lang)),
            with_initiatives: !s.initiatives().is_empty(),
        }
    }
}

/// What a comparison report needs from an alternative's scenario.
#[derive(Clone, Debug)]
pub struct AltInfo<'a> {
    /// SHA-256 of the merged scenario, for the audit trail.
    pub sha256: &'a str,
    /// The scenario's description, in the report's language.
    pub description: String,
    /// The scenario's notes: its assumptions.
    pub notes: Vec<String>,
    /// The scenarios it combines, when its file says so (`combines`): each by its title
    /// in the report's language when it is one of the compared scenarios, else its name.
    pub combines: Vec<String>,
}

/// What a comparison report needs from the scenarios besides the result.
#[derive(Clone, Debug)]
pub struct CompareInfo<'a> {
    /// The base scenario.
    pub base: RunInfo<'a>,
    /// The alternatives, in the order given (as in [`crate::analyses::compare::Comparison`]).
    pub alternatives: Vec<AltInfo<'a>>,
}

impl<'a> CompareInfo<'a> {
    /// The report's view of the loaded base and alternatives, in `lang`.
    pub fn of(base: &'a Loaded, alternatives: &'a [Loaded], lang: Lang) -> CompareInfo<'a> {
        let title_of = |name: &str| {
            std::iter::once(base)
                .chain(alternatives)
                .find(|l| l.scenario.name() == name)
                .map_or(name.to_string(), |l| in_lang(l.scenario.title(), lang))
        };
        CompareInfo {
            base: RunInfo::of(&base.scenario, lang),
            alternatives: alternatives
                .iter()
                .map(|a| AltInfo {
                    sha256: &a.sha256,
                    description: in_lang(a.scenario.description(), lang),
                    notes: a
                        .scenario
                        .notes()
                        .iter()
                        .map(|n| in_lang(n, lang))
                        .collect(),
                    combines: a
                        .scenario
                        .file()
                        .combines
                        .iter()
                        .flatten()
                        .map(|name| title_of(name))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The files of a comparison report, in memory: `(name, bytes)`; with P(goal) curves,
/// a chart per curve and their numbers (the names [`compare_files`] declares).
pub fn render_compare_report(
    c: &Comparison,
    info: &CompareInfo,
    lang: Lang,
    png: bool,
    dialect: CsvDialect,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let chart = compare::render(c, &info.base, lang)?;
    let paths = paths::render(c, &info.base, lang)?;
    let fan = fan::render(&c.base, &info.base, lang)?;
    let curves = c
        .alternatives
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.p_goal_curves.iter().map(move |k| (i, a, k)))
        .map(|(i, a, k)| Ok((a, k, curve::render(c, info, i, k, lang)?)))
        .collect::<crate::Result<Vec<_>>>()?;
    let html = pages::compare_page(c, info, lang, &chart, &paths, &fan, &curves);
    let mut files = vec![
        ("compare.svg".into(), chart.into_bytes()),
        ("paths.svg".into(), paths.into_bytes()),
        ("fan.svg".into(), fan.into_bytes()),
        (
            "compare.csv".into(),
            csv::compare_sheet(c, Words::Codes)
                .to_csv(dialect, lang)
                .into_bytes(),
        ),
        ("summary.json".into(), to_json(c).into_bytes()),
        ("report.html".into(), html.into_bytes()),
    ];
    if !curves.is_empty() {
        let curves_csv = csv::curves_sheet(c, Words::Codes).to_csv(dialect, lang);
        files.push(("curves.csv".into(), curves_csv.into_bytes()));
    }
    for (k, (_, _, svg)) in curves.into_iter().enumerate() {
        files.push((curve::file_name(k + 1), svg.into_bytes()));
    }
    with_pngs(files, png)
}

/// The files a comparison report with `curves` P(goal) curves writes into its folder:
/// [`COMPARE_FILES`], a chart per curve and `curves.csv`, and with `png` a PNG beside
/// each chart.
pub fn compare_files(curves: usize, png: bool) -> Vec<String> {
    let charts: Vec<String> = (1..=curves).map(curve::file_name).collect();
    let mut files: Vec<String> = folder_files(COMPARE_FILES, png)
        .into_iter()
        .map(String::from)
        .collect();
    if curves > 0 {
        files.push("curves.csv".into());
    }
    if png {
        files.extend(charts.iter().filter_map(|svg| png_name(svg)));
    }
    files.extend(charts);
    files
}

/// The files of a sensitivity report, in memory: `(name, bytes)`.
pub fn render_sensitivity_report(
    s: &Sensitivity,
    info: &RunInfo,
    lang: Lang,
    png: bool,
    dialect: CsvDialect,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let chart = tornado::render(s, info, lang)?;
    let html = pages::sensitivity_page(s, info, lang, &chart);
    with_pngs(
        vec![
            ("tornado.svg".into(), chart.into_bytes()),
            (
                "tornado.csv".into(),
                csv::tornado_sheet(s, Words::Codes)
                    .to_csv(dialect, lang)
                    .into_bytes(),
            ),
            ("summary.json".into(), to_json(s).into_bytes()),
            ("report.html".into(), html.into_bytes()),
        ],
        png,
    )
}

/// The files of a run report, in memory: `(name, bytes)`.
pub fn render_run_report(
    r: &RunResult,
    info: &RunInfo,
    lang: Lang,
    png: bool,
    dialect: CsvDialect,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let fan = fan::render(r, info, lang)?;
    let certainty = certainty::render(r, info, lang)?;
    let groups = groups::render(r, info, lang)?;
    let charts = html::RunCharts {
        fan: &fan,
        certainty: &certainty,
        groups: &groups,
    };
    let html = html::run_page(r, info, lang, &charts);
    with_pngs(
        vec![
            ("fan.svg".into(), fan.into_bytes()),
            ("certainty.svg".into(), certainty.into_bytes()),
            ("groups.svg".into(), groups.into_bytes()),
            (
                "months.csv".into(),
                csv::months_sheet(r, Words::Codes)
                    .to_csv(dialect, lang)
                    .into_bytes(),
            ),
            ("summary.json".into(), to_json(r).into_bytes()),
            ("report.html".into(), html.into_bytes()),
        ],
        png,
    )
}

/// `--excel`: a run's workbook — its months and its audit trail.
pub fn run_workbook(r: &RunResult, lang: Lang) -> crate::Result<Vec<u8>> {
    let words = Words::People(lang);
    export::xlsx::workbook(
        &[
            csv::months_sheet(r, words),
            csv::audit_sheet(&r.audit, lang),
        ],
        lang,
    )
}

/// `--excel`: a comparison's workbook — the scenarios, the P(goal) curves when there
/// are any, and the audit trail.
pub fn compare_workbook(c: &Comparison, lang: Lang) -> crate::Result<Vec<u8>> {
    let words = Words::People(lang);
    let mut sheets = vec![csv::compare_sheet(c, words)];
    if c.alternatives.iter().any(|a| !a.p_goal_curves.is_empty()) {
        sheets.push(csv::curves_sheet(c, words));
    }
    sheets.push(csv::audit_sheet(&c.audit, lang));
    export::xlsx::workbook(&sheets, lang)
}

/// `--excel`: a sensitivity analysis's workbook — the swings and the audit trail.
pub fn sensitivity_workbook(s: &Sensitivity, lang: Lang) -> crate::Result<Vec<u8>> {
    let words = Words::People(lang);
    export::xlsx::workbook(
        &[
            csv::tornado_sheet(s, words),
            csv::audit_sheet(&s.base.audit, lang),
        ],
        lang,
    )
}

/// With `--png`, the PNG written beside each chart: `(chart, png)`.
const PNGS: &[(&str, &str)] = &[
    ("fan.svg", "fan.png"),
    ("certainty.svg", "certainty.png"),
    ("groups.svg", "groups.png"),
    ("compare.svg", "compare.png"),
    ("paths.svg", "paths.png"),
    ("tornado.svg", "tornado.png"),
    ("evaluation.svg", "evaluation.png"),
];

/// The PNG beside the chart `svg` (see [`PNGS`]; a P(goal) curve's `curve-K.svg` has
/// `curve-K.png`); none for a file that is not a chart.
fn png_name(svg: &str) -> Option<String> {
    match PNGS.iter().find(|(chart, _)| *chart == svg) {
        Some((_, png)) => Some(png.to_string()),
        None => svg
            .strip_prefix("curve-")
            .and_then(|rest| rest.strip_suffix(".svg"))
            .map(|k| format!("curve-{k}.png")),
    }
}

/// The files a report writes into its folder: `files` (one of [`RUN_FILES`],
/// [`COMPARE_FILES`], [`SENSITIVITY_FILES`]) and, with `png`, a PNG beside each chart.
pub fn folder_files(files: &[&'static str], png: bool) -> Vec<&'static str> {
    let pngs = PNGS.iter().filter(|(svg, _)| png && files.contains(svg));
    files.iter().copied().chain(pngs.map(|(_, p)| *p)).collect()
}

/// `files` and, with `png`, a PNG beside each chart among them (see [`PNGS`]).
fn with_pngs(
    mut files: Vec<(String, Vec<u8>)>,
    png: bool,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    if !png {
        return Ok(files);
    }
    let mut pngs = Vec::new();
    for (name, bytes) in &files {
        if let Some(png_name) = png_name(name) {
            let svg = String::from_utf8_lossy(bytes);
            pngs.push((png_name, raster::png(name, &svg)?));
        }
    }
    files.extend(pngs);
    Ok(files)
}

/// The files a comparison report writes into its folder.
pub const COMPARE_FILES: &[&str] = &[
    "compare.svg",
    "paths.svg",
    "fan.svg",
    "compare.csv",
    "summary.json",
    "report.html",
];

/// The files a sensitivity report writes into its folder.
pub const SENSITIVITY_FILES: &[&str] =
    &["tornado.svg", "tornado.csv", "summary.json", "report.html"];

/// The files a run report writes into its folder.
pub const RUN_FILES: &[&str] = &[
    "fan.svg",
    "certainty.svg",
    "groups.svg",
    "months.csv",
    "summary.json",
    "report.html",
];

/// The topic of a run's charts and page: what, which year, for whom.
pub fn title(r: &RunResult, info: &RunInfo, lang: Lang) -> String {
    let year = r.months.first().map_or(0, |m| m.month.year());
    format!(
        "{} {year} — {} ({})",
        text::run::active_goal(lang),
        info.municipality,
        r.audit.scenario_name
    )
}

/// The answer as a chart's title (an action title: what a slide says, not what it
/// shows): `Med nuværende indsats: 66,1 % — 3,9 pct.-point under målet`. The distance
/// is taken from the mean as printed, so the two figures always add up.
pub fn answer_title(r: &RunResult, info: &RunInfo, lang: Lang) -> String {
    let lead = if info.with_initiatives {
        lang.pick(
            "Med scenariets initiativer",
            "With the scenario's initiatives",
        )
    } else {
        lang.pick("Med nuværende indsats", "With today's effort")
    };
    let Some(mean) = r.year_mean_pct.mean else {
        return format!(
            "{lead}: {}",
            lang.pick("intet årsgennemsnit", "no year mean")
        );
    };
    let shown = (mean * 10.0).round() / 10.0;
    format!(
        "{lead}: {} — {}",
        lang.pct(shown, 1),
        distance_to_target(shown, r.target_pct, lang)
    )
}

/// How far `shown` (a share as printed, one decimal) is from `target`:
/// `3,9 pct.-point under målet`, `på målet`. Taken from the printed figure, so that the
/// figure and the distance always add up.
pub fn distance_to_target(shown: f64, target: f64, lang: Lang) -> String {
    let gap = shown - target;
    if gap.abs() < 0.05 {
        lang.pick("på målet", "at the target").to_string()
    } else if gap < 0.0 {
        format!(
            "{} {}",
            lang.points(-gap, 1),
            lang.pick("under målet", "below the target")
        )
    } else {
        format!(
            "{} {}",
            lang.points(gap, 1),
            lang.pick("over målet", "above the target")
        )
    }
}

/// The calculation method by name as people say it: `STARs opgørelsesmetode`, or the
/// custom method's own name.
pub fn method_words(name: &str, lang: Lang) -> String {
    match name {
        "star" => lang
            .pick("STARs opgørelsesmetode", "STAR's method")
            .to_string(),
        "frikort" => lang
            .pick(
                "opgørelse med frikorttimer (ikke STARs)",
                "counting frikort hours (not STAR's)",
            )
            .to_string(),
        other => format!("{} «{other}»", lang.pick("metode", "method")),
    }
}

/// A calculation method's short name, for a legend or a column heading: `STARs metode`,
/// `Med frikorttimer`, or a custom method's own name.
pub fn method_label(name: &str, lang: Lang) -> String {
    match name {
        "star" => lang.pick("STARs metode", "STAR's method").to_string(),
        "frikort" => lang
            .pick("Med frikorttimer", "With frikort hours")
            .to_string(),
        other => other.to_string(),
    }
}

/// The source line under a chart: enough to reproduce it.
pub fn source_line(r: &RunResult, lang: Lang) -> String {
    let a = &r.audit;
    format!(
        "{}: fokus {} · {} {} · {} {} · {} · {} · sha256 {}",
        lang.pick("Fremskrivning", "Projection"),
        a.fokus_version,
        lang.pick("scenarie", "scenario"),
        a.scenario_name,
        lang.pick("startværdi", "seed"),
        a.seed,
        text::run::replications(lang, a.replications),
        method_words(&a.method, lang),
        &a.scenario_sha256[..a.scenario_sha256.len().min(12)]
    )
}

/// The data line under a chart: where the observed months come from, and which they are
/// (`Data: Genopretningsplanen, tabel 4 … · observeret jan–mar 2025`); none for a run
/// without observed months.
pub fn data_line(r: &RunResult, data_source: Option<&str>, lang: Lang) -> Option<String> {
    let first = r.months.iter().find(|m| m.observed)?.month;
    let last = r.months.iter().rfind(|m| m.observed)?.month;
    let span = if first == last {
        lang.month_year(first)
    } else {
        format!("{} {}", lang.month_span(first, last), last.year())
    };
    let observed = format!("{} {span}", lang.pick("observeret", "observed"));
    Some(match data_source {
        Some(source) => format!("Data: {source} · {observed}"),
        None => format!("Data: {observed}"),
    })
}

/// The footer of a chart: the data line (when there are observed months) above the
/// source line, the last line's baseline at `bottom`.
pub fn footer(
    area: &chart::Area,
    r: &RunResult,
    data_source: Option<&str>,
    lang: Lang,
    bottom: i32,
) -> chart::Drawn {
    let font = chart::Font::new(11.0, chart::GREY);
    if let Some(data) = data_line(r, data_source, lang) {
        chart::text_fitted(area, &data, (24, bottom - 15), font)?;
    }
    chart::text_fitted(area, &source_line(r, lang), (24, bottom), font)
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
