//! `fan.svg`: the judged year's monthly total share as a fan chart — observed months as
//! dots and line, the projection's median with its 50 % and 90 % bands, the target, the
//! requirement over the simulated months, and the year mean with its 90 % interval.

use super::RunInfo;
use super::chart::{self, Area, Drawn, Font, H, V};
use super::text::Lang;
use crate::run::RunResult;

/// Pixel size (a 16:9 slide).
pub const SIZE: (u32, u32) = (960, 540);

/// Draw the fan chart.
pub fn render(r: &RunResult, info: &RunInfo, lang: Lang) -> crate::Result<String> {
    chart::svg("fan.svg", SIZE, |area| draw(area, r, info, lang))
}

fn draw(area: &Area, r: &RunResult, info: &RunInfo, lang: Lang) -> Drawn {
    let (w, h) = (SIZE.0 as i32, SIZE.1 as i32);
    let subtitle = format!(
        "{} · {}",
        super::title(r, info, lang),
        lang.pick(
            "andel med aktiv indsats, modtagere med mindst 12 måneders anciennitet",
            "share with active effort, recipients with at least 12 months' seniority",
        )
    );
    chart::heading(area, &super::answer_title(r, info, lang), &subtitle)?;
    chart::fan_legend(area, lang, (24, 84))?;

    let (left, right, top, bottom) = (64, 770, 112, h - 70);
    let months = &r.months;
    let x = chart::month_columns(months.len(), (left, right));
    let y_mean = &r.year_mean_pct;
    let values = months
        .iter()
        .flat_map(|m| [m.total.p05, m.total.p95])
        .chain([
            y_mean.p05,
            y_mean.p95,
            Some(r.target_pct),
            r.requirement_pct,
        ])
        .flatten();
    // Grid and y labels across the months and the year-mean column.
    let y = chart::y_axis(area, lang, values, (left, w - 24), (top, bottom))?;
    chart::month_labels(
        area,
        lang,
        months.iter().map(|m| m.month),
        &x,
        (bottom + 18, 13.0),
        1,
    )?;

    // Where the projection starts.
    let n_obs = months.iter().take_while(|m| m.observed).count();
    if n_obs > 0 && n_obs < months.len() {
        let px = x.at(n_obs as f64 - 0.5);
        chart::line(area, vec![(px, top), (px, bottom)], chart::GRID, 1)?;
        let f = Font::new(12.0, chart::GREY).at(H::Right, V::Top);
        chart::text(
            area,
            lang.pick("Observeret", "Observed"),
            (px - 6, top + 4),
            f,
        )?;
        let f = f.at(H::Left, V::Top);
        chart::text(
            area,
            lang.pick("Fremskrivning", "Projection"),
            (px + 6, top + 4),
            f,
        )?;
    }

    // Bands from the last observed month, so the fan opens where the data end.
    let first = n_obs.saturating_sub(1);
    let pts = |q: fn(&crate::stats::Summary) -> Option<f64>| -> Vec<(i32, i32)> {
        months
            .iter()
            .enumerate()
            .skip(first)
            .filter_map(|(i, m)| q(&m.total).map(|v| (x.at(i as f64), y.at(v))))
            .collect()
    };
    if n_obs < months.len() {
        chart::band(area, &pts(|s| s.p05), &pts(|s| s.p95), chart::BAND90)?;
        chart::band(area, &pts(|s| s.p25), &pts(|s| s.p75), chart::BAND50)?;
        chart::line(area, pts(|s| s.p50), chart::BLUE, 3)?;
    }

    // Target over the whole year; the requirement only over the simulated months.
    let ty = y.at(r.target_pct);
    chart::line(area, vec![(left, ty), (right, ty)], chart::TARGET, 2)?;
    let target_label = format!(
        "{} {}",
        lang.pick("Mål: over", "Target: above"),
        lang.pct(r.target_pct, 1)
    );
    let label_below = r.requirement_pct.is_some_and(|q| q > r.target_pct);
    let (dy, v) = if label_below {
        (6, V::Top)
    } else {
        (-6, V::Bottom)
    };
    chart::text(
        area,
        &target_label,
        (left + 8, ty + dy),
        Font::new(13.0, chart::TARGET).bold().at(H::Left, v),
    )?;
    if let (Some(req), true) = (r.requirement_pct, n_obs < months.len())
        && req <= 100.0
    {
        let ry = y.at(req);
        let x0 = x.at(n_obs as f64 - 0.5);
        chart::dashed(area, vec![(x0, ry), (right, ry)], chart::TARGET, 2)?;
        let label = format!(
            "{} {}: {}",
            lang.pick("Krav", "Required"),
            lang.month_span(months[n_obs].month, months[months.len() - 1].month),
            lang.pct(req, 1)
        );
        chart::text(
            area,
            &label,
            (right, ry - 6),
            Font::new(13.0, chart::TARGET)
                .bold()
                .at(H::Right, V::Bottom),
        )?;
    }

    // Observed months on top.
    let observed: Vec<(i32, i32)> = months
        .iter()
        .enumerate()
        .take(n_obs)
        .filter_map(|(i, m)| m.total.mean.map(|v| (x.at(i as f64), y.at(v))))
        .collect();
    if observed.len() > 1 {
        chart::line(area, observed.clone(), chart::INK, 2)?;
    }
    for p in observed {
        chart::dot(area, p, 5, chart::INK)?;
    }

    // The year mean with its 90 % interval at the right edge.
    let cx = 814;
    chart::text(
        area,
        lang.pick("Årsgennemsnit", "Year mean"),
        (cx, bottom + 18),
        Font::new(13.0, chart::INK).bold().at(H::Center, V::Center),
    )?;
    if let (Some(mean), Some(p05), Some(p95)) = (y_mean.mean, y_mean.p05, y_mean.p95) {
        let (y05, y95, ym) = (y.at(p05), y.at(p95), y.at(mean));
        chart::line(area, vec![(cx, y05), (cx, y95)], chart::INK, 2)?;
        chart::line(area, vec![(cx - 6, y05), (cx + 6, y05)], chart::INK, 2)?;
        chart::line(area, vec![(cx - 6, y95), (cx + 6, y95)], chart::INK, 2)?;
        chart::dot(area, (cx, ym), 6, chart::BLUE)?;
        chart::text(
            area,
            &lang.pct(mean, 1),
            (cx + 14, ym - 9),
            Font::new(15.0, chart::INK).bold(),
        )?;
        chart::text(
            area,
            &format!(
                "{}: {}–{}",
                lang.pct(90.0, 0),
                lang.num(p05, 1),
                lang.num(p95, 1)
            ),
            (cx + 14, ym + 10),
            Font::new(12.0, chart::GREY),
        )?;
    }

    super::footer(area, r, info.data_source.as_deref(), lang, h - 13)
}
