//! `evaluation.svg` and the page of `fokus evaluate --report DIR`: the answer as the
//! title, the monthly total share under each method as lines against the target, and on
//! the page the tables the terminal shows — years with their verdicts, months with
//! head-counts and the methods' differences, the groups of the latest months — with the
//! same notes.

use super::chart::{self, Area, Drawn, Font, H, V};
use super::html::{Text, definitions, figure, h2, heading, key, keys, note, page};
use super::text::Lang;
use super::text::evaluation::{self as words, Rows, goal};
use crate::measure::evaluate::{Evaluation, MethodResult, YearResult};
use crate::report::export::Audit;
use maud::{Markup, html};

/// The files an evaluation report writes into its folder (with `--png`, also
/// `evaluation.png`: see [`super::folder_files`]).
pub const FILES: &[&str] = &["evaluation.svg", "report.html"];

/// Pixel size (a 16:9 slide).
pub const SIZE: (u32, u32) = (960, 540);

/// The methods' lines: the projection's blue first, then Okabe–Ito colours far from the
/// target's vermillion (the orange of [`chart::SERIES`] is too close to tell apart).
const METHOD_COLOURS: [chart::Rgb; 4] = [
    chart::SERIES[0],
    chart::SERIES[2],
    chart::SERIES[3],
    chart::SERIES[4],
];

/// The files of an evaluation report, in memory: `(name, bytes)`; with `png`, a PNG
/// beside the chart.
pub fn render_report(
    ev: &Evaluation,
    audit: &Audit,
    lang: Lang,
    png: bool,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let svg = chart::svg("evaluation.svg", SIZE, |area| draw(area, ev, audit, lang))?;
    let html = html_page(ev, audit, lang, &svg);
    super::with_pngs(
        vec![
            ("evaluation.svg".into(), svg.into_bytes()),
            ("report.html".into(), html.into_bytes()),
        ],
        png,
    )
}

/// The topic: which goal, from which register file.
pub fn topic(ev: &Evaluation, audit: &Audit, lang: Lang) -> String {
    format!(
        "{} — {} ({})",
        goal(ev.measure, lang),
        lang.pick("registerdata", "register data"),
        audit.input
    )
}

/// The year the answer speaks of: the latest with a figure under the first method.
fn latest_year(m: &MethodResult) -> Option<&YearResult> {
    m.years.iter().rev().find(|y| y.figure_pct.is_some())
}

/// `2024` for a whole year, `2025 indtil nu` for a year the data covers in part.
fn year_words(y: &YearResult, lang: Lang) -> String {
    if y.months_covered == 12 {
        y.year.to_string()
    } else {
        format!("{} {}", y.year, lang.pick("indtil nu", "so far"))
    }
}

/// The answer as the title: `STARs metode, 2025 indtil nu: 68,2 % — 1,8 pct.-point under
/// målet`; without a figure, why there is none.
pub fn answer_title(ev: &Evaluation, lang: Lang) -> String {
    let Some((m, y, figure)) = ev.methods.first().and_then(|m| {
        let y = latest_year(m)?;
        Some((m, y, y.figure_pct?))
    }) else {
        return no_figure(ev, lang).to_string();
    };
    let shown = (figure * 10.0).round() / 10.0;
    format!(
        "{}, {}: {} — {}",
        super::method_label(&m.method, lang),
        year_words(y, lang),
        lang.pct(shown, 1),
        super::distance_to_target(shown, m.target_pct, lang)
    )
}

/// Why an evaluation has no year figure: nobody in the population in any month (too
/// little seniority in the data), or every year has a month withheld by disclosure
/// control.
fn no_figure(ev: &Evaluation, lang: Lang) -> &'static str {
    if shown_months(ev).is_empty() {
        lang.pick(
            "Intet tal: ingen er i opgørelsen i de måneder, data dækker",
            "No figure: nobody is in the population in the months the data covers",
        )
    } else {
        lang.pick(
            "Intet årstal: hvert år har en måned, som diskretionsgrænsen skjuler",
            "No year figure: every year has a month withheld by the disclosure limit",
        )
    }
}

/// The months the chart shows: from the first to the last with anyone in the population
/// under any method (the months before anyone has enough seniority are left out).
fn shown_months(ev: &Evaluation) -> std::ops::Range<usize> {
    let counted = |i: usize| {
        ev.methods
            .iter()
            .any(|m| m.months[i].total.population.is_some_and(|p| p > 0))
    };
    let n = ev.methods.first().map_or(0, |m| m.months.len());
    let first = (0..n).find(|&i| counted(i)).unwrap_or(0);
    let last = (0..n).rfind(|&i| counted(i)).map_or(first, |i| i + 1);
    first..last
}

fn draw(area: &Area, ev: &Evaluation, audit: &Audit, lang: Lang) -> Drawn {
    let (w, h) = (SIZE.0 as i32, SIZE.1 as i32);
    chart::heading(
        area,
        &answer_title(ev, lang),
        &format!(
            "{} · {}",
            topic(ev, audit, lang),
            lang.pick(
                "månedlig andel i alt pr. opgørelsesmetode, samme forløb",
                "monthly total share per calculation method, the same histories",
            )
        ),
    )?;
    let mut lx = 24;
    let legend = Font::new(13.0, chart::INK);
    for (k, m) in ev.methods.iter().enumerate() {
        let c = METHOD_COLOURS[k % METHOD_COLOURS.len()];
        let name = super::method_label(&m.method, lang);
        chart::line(area, vec![(lx, 84), (lx + 18, 84)], c, 3)?;
        chart::dot(area, (lx + 9, 84), 3, c)?;
        chart::text(area, &name, (lx + 24, 84), legend)?;
        lx += 24 + chart::text_width(&name, 13.0) + 22;
    }
    let target = ev.methods.first().map_or(70.0, |m| m.target_pct);
    chart::line(area, vec![(lx, 84), (lx + 18, 84)], chart::TARGET, 2)?;
    chart::text(area, lang.pick("Mål", "Target"), (lx + 24, 84), legend)?;

    let shown = shown_months(ev);
    let months: Vec<crate::Month> = ev.methods.first().map_or(Vec::new(), |m| {
        m.months[shown.clone()].iter().map(|c| c.month).collect()
    });
    let (left, right, top, bottom) = (64, w - 40, 112, h - 72);
    let x = chart::month_columns(months.len(), (left, right));
    let values = ev
        .methods
        .iter()
        .flat_map(|m| m.months[shown.clone()].iter().map(|c| c.total.share_pct))
        .flatten()
        .chain([target]);
    let y = chart::y_axis(area, lang, values, (left, right), (top, bottom))?;
    let every = [1, 2, 3, 6, 12, 24]
        .into_iter()
        .find(|e| months.len() / e <= 14)
        .unwrap_or(48);
    for (i, m) in months.iter().enumerate() {
        if m.month_of_year() as usize % every == 1 % every || every == 1 {
            let label = if i == 0 || m.month_of_year() == 1 {
                lang.month_year(*m)
            } else {
                lang.month(*m).to_string()
            };
            chart::text(
                area,
                &label,
                (x.at(i as f64), bottom + 18),
                Font::new(12.0, chart::GREY).at(H::Center, V::Center),
            )?;
        }
    }
    if months.is_empty() {
        chart::text(
            area,
            lang.pick(
                "Ingen måneder med nogen i opgørelsen",
                "No month with anyone in the population",
            ),
            ((left + right) / 2, (top + bottom) / 2 + 40),
            Font::new(16.0, chart::INK).bold().at(H::Center, V::Center),
        )?;
    }
    let ty = y.at(target);
    chart::line(area, vec![(left, ty), (right, ty)], chart::TARGET, 2)?;
    chart::text(
        area,
        &format!(
            "{} {}",
            lang.pick("Mål: over", "Target: above"),
            lang.pct(target, 1)
        ),
        (left + 8, ty - 6),
        Font::new(13.0, chart::TARGET).bold().at(H::Left, V::Bottom),
    )?;
    for (k, m) in ev.methods.iter().enumerate() {
        let c = METHOD_COLOURS[k % METHOD_COLOURS.len()];
        let cells = &m.months[shown.clone()];
        // A gap in the line where a month has no share (empty or suppressed).
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            match cell.total.share_pct {
                Some(v) => run.push((x.at(i as f64), y.at(v))),
                None => chart::line(area, std::mem::take(&mut run), c, 2)?,
            }
        }
        chart::line(area, run, c, 2)?;
        for (i, cell) in cells.iter().enumerate() {
            if let Some(v) = cell.total.share_pct {
                chart::dot(area, (x.at(i as f64), y.at(v)), 3, c)?;
            }
        }
    }
    let font = Font::new(11.0, chart::GREY);
    chart::text_fitted(area, &data_line(ev, audit, lang), (24, h - 28), font)?;
    chart::text_fitted(area, &source_line(ev, audit, lang), (24, h - 13), font)
}

/// The data under the chart: the register file, its fingerprint, the months it covers
/// and the disclosure limit applied.
fn data_line(ev: &Evaluation, audit: &Audit, lang: Lang) -> String {
    let span = match (ev.first_month, ev.last_month) {
        (Some(first), Some(last)) if first.year() == last.year() => {
            format!(" · {} {}", lang.month_span(first, last), last.year())
        }
        (Some(first), Some(last)) => {
            format!(" · {}–{}", lang.month_year(first), lang.month_year(last))
        }
        _ => String::new(),
    };
    format!(
        "Data: {} {} (sha256 {}){span} · {} {}",
        lang.pick("registerfil", "register file"),
        audit.input,
        &audit.input_sha256[..audit.input_sha256.len().min(12)],
        lang.pick("diskretionsgrænse", "disclosure limit"),
        audit.min_cell
    )
}

/// How the figures were computed: enough to compute them again.
fn source_line(ev: &Evaluation, audit: &Audit, lang: Lang) -> String {
    let methods: Vec<String> = ev
        .methods
        .iter()
        .map(|m| super::method_words(&m.method, lang))
        .collect();
    format!(
        "{}: fokus {} · {} · {}",
        lang.pick("Beregnet med", "Computed with"),
        audit.fokus_version,
        methods.join(" / "),
        seniority(audit, lang)
    )
}

fn seniority(audit: &Audit, lang: Lang) -> &'static str {
    if audit.seniority == "from_file" {
        lang.pick("anciennitet fra filen", "seniority from the file")
    } else {
        lang.pick(
            "anciennitet talt fra rækkerne",
            "seniority counted from the rows",
        )
    }
}

/// A table of text cells, the first row its header.
fn table(rows: &Rows) -> Markup {
    let Some((header, body)) = rows.split_first() else {
        return html! {};
    };
    html! {
        div.wide {
            table {
                "\n"
                thead { tr { @for h in header { th { (Text(h)) } } } } "\n"
                tbody {
                    "\n"
                    @for row in body {
                        tr { @for c in row { td { (Text(c)) } } } "\n"
                    }
                } "\n"
            }
        } "\n"
    }
}

/// The year figures: per year the months covered, each method's figure, each later
/// method's difference from the first, and the verdict under the first.
fn year_table(ev: &Evaluation, names: &[String], lang: Lang) -> (Rows, words::Marks) {
    let l = |da: &str, en: &str| lang.pick(da, en).to_string();
    let mut marks = words::Marks::default();
    let Some(base) = ev.methods.first() else {
        return (Vec::new(), marks);
    };
    let mut header = vec![l("År", "Year"), l("Måneder", "Months")];
    for (k, name) in names.iter().enumerate() {
        header.push(name.clone());
        if k > 0 {
            header.push(l("forskel", "difference"));
        }
    }
    header.push(format!(
        "{} ({})",
        l("Vurdering", "Verdict"),
        names.first().map_or("", String::as_str)
    ));
    let mut rows = vec![header];
    for (yi, y) in base.years.iter().enumerate() {
        if y.months_covered == 0 {
            continue;
        }
        let mut row = vec![y.year.to_string(), words::months_covered(y, lang)];
        for (k, m) in ev.methods.iter().enumerate() {
            let figure = m.years[yi].figure_pct;
            row.push(figure.map_or("–".into(), |v| lang.pct(v, 1)));
            if k > 0 {
                let difference = figure.zip(y.figure_pct).map(|(a, b)| (a, b, a - b));
                if let Some((a, b, d)) = difference {
                    marks.rounded_apart |= words::rounded_apart(a, b, d);
                }
                row.push(difference.map_or("–".into(), |(_, _, d)| lang.pp(d, 1)));
            }
        }
        row.push(words::year_verdict(y, lang).unwrap_or("–").to_string());
        rows.push(row);
    }
    (rows, marks)
}

/// The key figures: each method's latest year, and each later method's difference.
fn key_figures(ev: &Evaluation, names: &[String], lang: Lang) -> Markup {
    let base_year = ev.methods.first().and_then(latest_year);
    html! {
        @for (k, (m, name)) in ev.methods.iter().zip(names).enumerate() {
            @let year = base_year.and_then(|b| m.years.iter().find(|y| y.year == b.year));
            @if let Some(y) = year {
                (key(
                    &format!("{name}, {}", year_words(y, lang)),
                    &y.figure_pct.map_or("–".into(), |v| lang.pct(v, 1)),
                    &match (k, words::year_verdict(y, lang)) {
                        (0, Some(verdict)) => format!("{} · {verdict}", words::months_covered(y, lang)),
                        _ => words::months_covered(y, lang),
                    },
                ))
                @if k > 0 {
                    @if let (Some(a), Some(b)) = (y.figure_pct, base_year.and_then(|b| b.figure_pct)) {
                        (key(
                            &format!("{name} − {}", names[0]),
                            &lang.pp(a - b, 1),
                            lang.pick("forskel i årstallet", "difference in the year figure"),
                        ))
                    }
                }
            }
        }
    }
}

fn html_page(ev: &Evaluation, audit: &Audit, lang: Lang, svg: &str) -> String {
    let l = |da, en| lang.pick(da, en);
    let names: Vec<String> = ev
        .methods
        .iter()
        .map(|m| super::method_label(&m.method, lang))
        .collect();
    let (years, year_marks) = year_table(ev, &names, lang);
    let (months, month_marks) = words::month_table(ev, &names, lang);
    let (groups, group_marks) = words::group_tables(ev, &names, lang);
    let notes = words::notes(
        ev,
        audit,
        year_marks.and(month_marks).and(group_marks),
        lang,
    );
    let methods: Vec<String> = ev
        .methods
        .iter()
        .map(|m| super::method_words(&m.method, lang))
        .collect();
    let audit_rows = [
        (
            l("fokus-version", "fokus version"),
            audit.fokus_version.clone(),
        ),
        (l("Registerfil", "Register file"), audit.input.clone()),
        (
            l("Filens sha256", "File sha256"),
            audit.input_sha256.clone(),
        ),
        (l("Metoder", "Methods"), methods.join(", ")),
        (
            l("Diskretionsgrænse", "Disclosure limit"),
            if ev.min_cell == 0 {
                l("ingen", "none").to_string()
            } else {
                audit.min_cell.to_string()
            },
        ),
        (
            l("Anciennitet", "Seniority"),
            seniority(audit, lang).to_string(),
        ),
    ]
    .map(|(k, v)| (k.to_string(), v));
    let title = answer_title(ev, lang);
    let body = html! {
        (heading(&title, &topic(ev, audit, lang)))
        (keys(key_figures(ev, &names, lang)))
        (figure(svg, l(
            "Den samlede andel måned for måned under hver opgørelsesmetode, regnet på de samme personforløb, mod målet. Fil: evaluation.svg.",
            "The total share month by month under each calculation method, computed on the same histories, against the target. File: evaluation.svg.",
        )))
        (h2(l("Årstal pr. metode", "Year figures per method")))
        (table(&years))
        (h2(l("Måned for måned, i alt", "Month by month, total")))
        (table(&months))
        @for (title, rows) in &groups {
            (h2(title))
            (table(rows))
        }
        @for n in &notes { (note(n)) }
        (definitions(l("Revisionsspor", "Audit trail"), &audit_rows))
    };
    page(lang, &title, ev.last_month, body)
}
