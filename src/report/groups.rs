//! `groups.svg`: small multiples, one panel per benefit group on a shared y-axis, with
//! the same bands as the fan chart, observed months as dots and the target line.
//!
//! Panels are ordered by the group's mean over the year's months (observed as observed,
//! simulated as the median), lowest first, and the groups below the target have their
//! title in the target's colour: the groups furthest below 70 % are the story, so they
//! come first where the eye starts reading. The tables keep Table 4's order for lookup.

use super::RunInfo;
use super::chart::{self, Area, Drawn, Font, H, Scale, V};
use super::text::Lang;
use crate::Group;
use crate::run::RunResult;
use crate::stats::Summary;

/// Pixel size.
pub const SIZE: (u32, u32) = (960, 820);

/// Draw the small multiples.
pub fn render(r: &RunResult, info: &RunInfo, lang: Lang) -> crate::Result<String> {
    chart::svg("groups.svg", SIZE, |area| draw(area, r, info, lang))
}

/// The groups in the result, lowest year mean of the monthly medians first (groups
/// without any figure last, in Table 4 order).
pub fn ordered(r: &RunResult) -> Vec<(Group, Option<f64>)> {
    let groups: Vec<Group> = r
        .months
        .first()
        .map(|m| m.groups.keys().copied().collect())
        .unwrap_or_default();
    let mut out: Vec<(Group, Option<f64>)> = groups
        .into_iter()
        .map(|g| (g, year_of_medians(r, g)))
        .collect();
    out.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    out
}

/// The mean of a group's monthly medians over the year (none when a month has none).
pub fn year_of_medians(r: &RunResult, g: Group) -> Option<f64> {
    let v: Option<Vec<f64>> = r
        .months
        .iter()
        .map(|m| m.groups.get(&g).and_then(|s| s.p50))
        .collect();
    v.filter(|v| !v.is_empty())
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
}

fn draw(area: &Area, r: &RunResult, info: &RunInfo, lang: Lang) -> Drawn {
    let (w, h) = (SIZE.0 as i32, SIZE.1 as i32);
    let year = r.months.first().map_or(0, |m| m.month.year());
    let topic = format!(
        "{} {year} — {}",
        lang.pick(
            "Aktiv indsats pr. ydelsesgruppe",
            "Active effort by benefit group"
        ),
        info.municipality
    );
    chart::heading(
        area,
        &answer_title(r, lang),
        &format!(
            "{topic} · {}",
            lang.pick(
                "samme skala, laveste årsniveau først; grupper under målet har orange overskrift og «under målet»",
                "same scale, lowest level of the year first; groups below the target have an orange title and “below the target”",
            )
        ),
    )?;
    chart::fan_legend(area, lang, (24, 84))?;

    let groups = ordered(r);
    let all = |s: &Summary| [s.p05, s.p95];
    let values = r
        .months
        .iter()
        .flat_map(|m| m.groups.values().flat_map(all))
        .flatten()
        .chain([r.target_pct]);
    let (lo, hi, step) = chart::y_range(values, 20.0);
    let cols = 3;
    let rows = groups.len().div_ceil(cols).max(1) as i32;
    let (left, right, top, bottom) = (64, w - 24, 112, h - 52);
    let (gap_x, gap_y) = (28, 30);
    let pw = (right - left - gap_x * (cols as i32 - 1)) / cols as i32;
    let ph = (bottom - top - gap_y * (rows - 1)) / rows;
    for (k, &(g, level)) in groups.iter().enumerate() {
        let (c, row) = ((k % cols) as i32, (k / cols) as i32);
        let x0 = left + c * (pw + gap_x);
        let y0 = top + row * (ph + gap_y);
        let (pt, pb) = (y0 + 40, y0 + ph - 18);
        let x = chart::month_columns(r.months.len(), (x0, x0 + pw));
        let y = Scale {
            d0: lo,
            d1: hi,
            p0: pb as f64,
            p1: pt as f64,
        };
        let below = level.is_some_and(|v| v <= r.target_pct);
        let colour = if below { chart::TARGET } else { chart::INK };
        chart::text(
            area,
            lang.group(g),
            (x0, y0 + 8),
            Font::new(14.0, colour).bold(),
        )?;
        let last = r
            .months
            .last()
            .and_then(|m| m.groups.get(&g))
            .and_then(|s| s.p50);
        let mut figures = Vec::new();
        // Colour is never the only signal: the words say what the orange title shows.
        if below {
            figures.push(lang.pick("under målet", "below the target").to_string());
        }
        if let Some(v) = level {
            figures.push(format!("{} {}", lang.pick("året", "year"), lang.pct(v, 1)));
        }
        if let (Some(v), Some(m)) = (last, r.months.last()) {
            figures.push(format!("{} {}", lang.month(m.month), lang.pct(v, 1)));
        }
        chart::text(
            area,
            &figures.join(" · "),
            (x0, y0 + 26),
            Font::new(12.0, chart::GREY),
        )?;
        for t in chart::ticks(lo, hi, step) {
            let py = y.at(t);
            chart::line(area, vec![(x0, py), (x0 + pw, py)], chart::GRID, 1)?;
            if c == 0 {
                chart::text(
                    area,
                    &lang.pct(t, 0),
                    (x0 - 8, py),
                    Font::new(12.0, chart::GREY).at(H::Right, V::Center),
                )?;
            }
        }
        chart::month_labels(
            area,
            lang,
            r.months.iter().map(|m| m.month),
            &x,
            (pb + 10, 11.0),
            3,
        )?;
        let n_obs = r.months.iter().take_while(|m| m.observed).count();
        let first = n_obs.saturating_sub(1);
        let pts = |q: fn(&Summary) -> Option<f64>| -> Vec<(i32, i32)> {
            r.months
                .iter()
                .enumerate()
                .skip(first)
                .filter_map(|(i, m)| {
                    m.groups
                        .get(&g)
                        .and_then(q)
                        .map(|v| (x.at(i as f64), y.at(v)))
                })
                .collect()
        };
        if n_obs < r.months.len() {
            chart::band(area, &pts(|s| s.p05), &pts(|s| s.p95), chart::BAND90)?;
            chart::band(area, &pts(|s| s.p25), &pts(|s| s.p75), chart::BAND50)?;
            chart::line(area, pts(|s| s.p50), chart::BLUE, 2)?;
        }
        let ty = y.at(r.target_pct);
        chart::line(area, vec![(x0, ty), (x0 + pw, ty)], chart::TARGET, 1)?;
        for (i, m) in r.months.iter().enumerate().take(n_obs) {
            if let Some(v) = super::observed_group(m, g) {
                chart::dot(area, (x.at(i as f64), y.at(v)), 3, chart::INK)?;
            }
        }
    }
    super::footer(area, r, info.data_source.as_deref(), lang, h - 13)
}

/// The groups chart's answer: how many groups are below the target over the year, and
/// the lowest (`Under målet i 6 af 9 ydelsesgrupper — lavest: Ledighedsydelse, 40,4 %`).
pub fn answer_title(r: &RunResult, lang: Lang) -> String {
    let groups = ordered(r);
    let levels: Vec<(Group, f64)> = groups
        .iter()
        .filter_map(|&(g, level)| level.map(|v| (g, v)))
        .collect();
    let below = levels.iter().filter(|(_, v)| *v <= r.target_pct).count();
    match levels.first() {
        None => lang
            .pick(
                "Ingen ydelsesgrupper i resultatet",
                "No benefit groups in the result",
            )
            .to_string(),
        Some(_) if below == 0 => lang
            .pick(
                "Alle ydelsesgrupper over målet i årsniveau",
                "Every benefit group above the target over the year",
            )
            .to_string(),
        Some(&(lowest, level)) => format!(
            "{} {below} {} {} {} — {}: {}, {}",
            lang.pick("Under målet i", "Below the target in"),
            lang.pick("af", "of"),
            levels.len(),
            lang.pick("ydelsesgrupper", "benefit groups"),
            lang.pick("lavest", "lowest"),
            lang.group(lowest),
            lang.pct(level, 1)
        ),
    }
}
