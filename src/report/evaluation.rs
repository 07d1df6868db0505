//! `evaluation.svg` and the page of `fokus evaluate --report DIR`: the monthly total
//! share under each method as lines, the target line, and the year figures per method.

use super::chart::{self, Area, Drawn, Font, H, Scale, V};
use super::html::{Text, definitions, figure, h2, header_row, heading, key, keys, page};
use super::text::{Lang, evaluation::goal};
use crate::measure::evaluate::Evaluation;
use crate::report::export::Audit;
use maud::html;

/// The files an evaluation report writes into its folder.
pub const FILES: &[&str] = &["evaluation.svg", "report.html"];

/// Pixel size (a 16:9 slide).
pub const SIZE: (u32, u32) = (960, 540);

/// The files of an evaluation report, in memory: `(name, bytes)`.
pub fn render_report(
    ev: &Evaluation,
    audit: &Audit,
    lang: Lang,
) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let svg = chart::svg("evaluation.svg", SIZE, |area| draw(area, ev, audit, lang))?;
    let html = html_page(ev, audit, lang, &svg);
    Ok(vec![
        ("evaluation.svg".into(), svg.into_bytes()),
        ("report.html".into(), html.into_bytes()),
    ])
}

/// The title: which goal, from which register file.
pub fn title(ev: &Evaluation, audit: &Audit, lang: Lang) -> String {
    format!(
        "{} — {} ({})",
        goal(ev.measure, lang),
        lang.pick("registerdata", "register data"),
        audit.input
    )
}

fn month_label(lang: Lang, m: crate::Month, with_year: bool) -> String {
    if with_year {
        lang.month_year(m)
    } else {
        lang.month(m).to_string()
    }
}

fn draw(area: &Area, ev: &Evaluation, audit: &Audit, lang: Lang) -> Drawn {
    let (w, h) = (SIZE.0 as i32, SIZE.1 as i32);
    chart::heading(
        area,
        &title(ev, audit, lang),
        lang.pick(
            "Månedlig andel i alt pr. opgørelsesmetode, samme forløb",
            "Monthly total share per calculation method, the same histories",
        ),
    )?;
    let mut lx = 24;
    for (k, m) in ev.methods.iter().enumerate() {
        let c = chart::SERIES[k % chart::SERIES.len()];
        chart::line(area, vec![(lx, 84), (lx + 18, 84)], c, 3)?;
        chart::text(area, &m.method, (lx + 24, 84), Font::new(13.0, chart::INK))?;
        lx += 24 + chart::text_width(&m.method, 13.0) + 22;
    }
    let target = ev.methods.first().map_or(70.0, |m| m.target_pct);
    chart::line(area, vec![(lx, 84), (lx + 18, 84)], chart::TARGET, 2)?;
    chart::text(
        area,
        lang.pick("Mål", "Target"),
        (lx + 24, 84),
        Font::new(13.0, chart::INK),
    )?;

    let months: Vec<crate::Month> = ev
        .methods
        .first()
        .map(|m| m.months.iter().map(|c| c.month).collect())
        .unwrap_or_default();
    let (left, right, top, bottom) = (64, w - 40, 112, h - 64);
    let n = months.len().max(1) as f64;
    let x = Scale {
        d0: -0.5,
        d1: n - 0.5,
        p0: left as f64,
        p1: right as f64,
    };
    let values = ev
        .methods
        .iter()
        .flat_map(|m| m.months.iter().map(|c| c.total.share_pct))
        .flatten()
        .chain([target]);
    let y = chart::y_axis(area, lang, values, (left, right), (top, bottom))?;
    let every = [1, 2, 3, 6, 12, 24]
        .into_iter()
        .find(|e| months.len() / e <= 14)
        .unwrap_or(48);
    for (i, m) in months.iter().enumerate() {
        if m.month_of_year() as usize % every == 1 % every || every == 1 {
            let with_year = i == 0 || m.month_of_year() == 1;
            chart::text(
                area,
                &month_label(lang, *m, with_year),
                (x.at(i as f64), bottom + 18),
                Font::new(12.0, chart::GREY).at(H::Center, V::Center),
            )?;
        }
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
        let c = chart::SERIES[k % chart::SERIES.len()];
        // A gap in the line where a month has no share (empty or suppressed).
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, cell) in m.months.iter().enumerate() {
            match cell.total.share_pct {
                Some(v) => run.push((x.at(i as f64), y.at(v))),
                None => {
                    chart::line(area, std::mem::take(&mut run), c, 2)?;
                }
            }
        }
        chart::line(area, run, c, 2)?;
        for (i, cell) in m.months.iter().enumerate() {
            if let Some(v) = cell.total.share_pct {
                chart::dot(area, (x.at(i as f64), y.at(v)), 3, c)?;
            }
        }
    }
    let source = format!(
        "{}: fokus {} · {} {} · sha256 {} · {} {}",
        lang.pick("Kilde", "Source"),
        audit.fokus_version,
        lang.pick("fil", "file"),
        audit.input,
        &audit.input_sha256[..audit.input_sha256.len().min(12)],
        lang.pick("diskretionsgrænse", "disclosure limit"),
        audit.min_cell
    );
    chart::text(area, &source, (24, h - 14), Font::new(11.0, chart::GREY))
}

fn html_page(ev: &Evaluation, audit: &Audit, lang: Lang, svg: &str) -> String {
    let l = |da, en| lang.pick(da, en);
    let title = title(ev, audit, lang);
    let pct = |v: Option<f64>| v.map_or("–".into(), |v| lang.pct(v, 1));
    // The headline: each method's figure for the latest whole year (else the latest).
    let headline = ev.methods.iter().filter_map(|m| {
        let whole = m.years.iter().rev().find(|y| y.months_covered == 12);
        let y = whole.or(m.years.last())?;
        let verdict = match y.target_met {
            Some(true) => l("over målet", "above the target"),
            Some(false) => l("ikke over målet", "not above the target"),
            None => l("intet tal", "no figure"),
        };
        Some(key(
            &format!("{} {}", l("Metode", "Method"), m.method),
            &pct(y.figure_pct),
            &format!(
                "{} {}/12 {} · {verdict}",
                y.year,
                y.months_covered,
                l("måneder", "months")
            ),
        ))
    });
    let methods: Vec<&str> = ev.methods.iter().map(|m| m.method.as_str()).collect();
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
            audit.min_cell.to_string(),
        ),
        (
            l("Anciennitet", "Seniority"),
            if audit.seniority == "from_file" {
                l("fra filen", "from the file")
            } else {
                l("talt fra rækkerne", "counted from the rows")
            }
            .to_string(),
        ),
    ]
    .map(|(k, v)| (k.to_string(), v));
    let body = html! {
        (heading(&title, ""))
        (keys(html! { @for k in headline { (k) } }))
        (figure(svg, l("Fil: evaluation.svg.", "File: evaluation.svg.")))
        (h2(l("Årstal pr. metode", "Year figures per method")))
        table {
            "\n"
            (header_row(&[
                l("Metode", "Method"),
                l("År", "Year"),
                l("Måneder", "Months"),
                l("Årstal", "Year figure"),
                l("Over målet", "Above target"),
            ]))
            tbody {
                "\n"
                @for m in &ev.methods {
                    @for y in &m.years {
                        tr {
                            td { (Text(&m.method)) }
                            td { (y.year) }
                            td { (y.months_covered) }
                            td { (pct(y.figure_pct)) }
                            td { (y.target_met.map_or("–", |met| lang.yes_no(met))) }
                        } "\n"
                    }
                }
            } "\n"
        } "\n"
        (h2(l("Måned for måned, i alt", "Month by month, total")))
        div.wide {
            table {
                "\n"
                thead { tr {
                    th { (Text(l("Måned", "Month"))) }
                    @for m in &ev.methods { th { (Text(&m.method)) } }
                } } "\n"
                tbody {
                    "\n"
                    @if let Some(first) = ev.methods.first() {
                        @for (i, cell) in first.months.iter().enumerate() {
                            tr {
                                td { (cell.month) }
                                @for m in &ev.methods {
                                    @let c = &m.months[i].total;
                                    td {
                                        @if c.suppressed {
                                            (Text(l("diskretion", "suppressed")))
                                        } @else {
                                            (c.share_pct.map_or("–".into(), |v| lang.num(v, 1)))
                                        }
                                    }
                                }
                            } "\n"
                        }
                    }
                } "\n"
            }
        } "\n"
        (definitions(l("Revisionsspor", "Audit trail"), &audit_rows))
    };
    page(lang, &title, ev.last_month, body)
}
