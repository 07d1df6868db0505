//! `paths.svg`: the comparison month by month — each scenario's median total share
//! against the target and the requirement over the simulated months, so a manager sees
//! when an initiative starts to count and whether it keeps above the line.

use super::RunInfo;
use super::chart::{self, Area, Drawn, Font, H, V};
use super::text::Lang;
use crate::analyses::compare::{Comparison, MonthPath, ranked};
use plotters::style::RGBColor;

/// Pixel size (a 16:9 slide).
pub const SIZE: (u32, u32) = (960, 540);

/// Draw the paths chart.
pub fn render(c: &Comparison, info: &RunInfo, lang: Lang) -> crate::Result<String> {
    chart::svg("paths.svg", SIZE, |area| draw(area, c, info, lang))
}

/// The mean of a path over its simulated months (none without one).
fn simulated_mean(path: &[MonthPath]) -> Option<f64> {
    let v: Vec<f64> = path
        .iter()
        .filter(|m| !m.observed)
        .filter_map(|m| m.share_pct)
        .collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The chart's answer: the scenarios whose median path averages above the requirement
/// over the simulated months (`Over kravet på 71,2 % i apr–dec: genopretningsplan`), or
/// that none does.
pub fn answer_title(c: &Comparison, lang: Lang) -> String {
    let Some(required) = c.base.requirement_pct else {
        return lang
            .pick(
                "Måned for måned, pr. scenarie",
                "Month by month, per scenario",
            )
            .to_string();
    };
    let span = simulated_span(&MonthPath::of(&c.base), lang);
    let above: Vec<String> = ranked(c)
        .into_iter()
        .filter(|a| simulated_mean(&a.months).is_some_and(|m| m > required))
        .map(|a| super::text::compare::title(a, lang))
        .collect();
    let requirement = format!(
        "{} {} {span}",
        lang.pick("kravet på", "the requirement of"),
        lang.pct(required, 1)
    );
    if above.is_empty() {
        format!(
            "{} {requirement}",
            lang.pick(
                "Ingen medianbane ligger i gennemsnit over",
                "No median path averages above"
            )
        )
    } else {
        format!(
            "{} {requirement}: {}",
            lang.pick("I gennemsnit over", "Averaging above"),
            above.join(", ")
        )
    }
}

/// The simulated months as words: `i apr–dec` / `in Apr–Dec`.
fn simulated_span(path: &[MonthPath], lang: Lang) -> String {
    let simulated: Vec<&MonthPath> = path.iter().filter(|m| !m.observed).collect();
    match (simulated.first(), simulated.last()) {
        (Some(first), Some(last)) => format!(
            "{} {}",
            lang.pick("i", "in"),
            lang.month_span(first.month, last.month)
        ),
        _ => String::new(),
    }
}

fn draw(area: &Area, c: &Comparison, info: &RunInfo, lang: Lang) -> Drawn {
    let h = SIZE.1 as i32;
    let base_path = MonthPath::of(&c.base);
    let ranked = ranked(c);
    // The base in ink, each alternative in its colour, in the table's order.
    let mut paths: Vec<(String, &[MonthPath], RGBColor)> = ranked
        .iter()
        .enumerate()
        .map(|(k, a)| {
            (
                super::text::compare::marked_name(a, lang),
                &a.months[..],
                chart::SERIES[k % chart::SERIES.len()],
            )
        })
        .collect();
    let base_name = super::text::compare::base_name(c, lang);
    paths.push((base_name, &base_path[..], chart::INK));

    chart::heading(
        area,
        &answer_title(c, lang),
        &format!(
            "{} {} — {} · {}",
            super::text::run::active_goal(lang),
            c.base.months.first().map_or(0, |m| m.month.year()),
            info.municipality,
            lang.pick(
                "medianen over kørslerne pr. måned; observerede måneder som observeret",
                "the median over the runs per month; observed months as observed"
            )
        ),
    )?;

    let (left, right, top, bottom) = (64, 700, 96, h - 70);
    let x = chart::month_columns(base_path.len(), (left, right));
    let values = paths
        .iter()
        .flat_map(|(_, p, _)| p.iter().filter_map(|m| m.share_pct))
        .chain(
            [Some(c.base.target_pct), c.base.requirement_pct]
                .into_iter()
                .flatten(),
        );
    let y = chart::y_axis(area, lang, values, (left, right), (top, bottom))?;
    chart::month_labels(
        area,
        lang,
        base_path.iter().map(|m| m.month),
        &x,
        (bottom + 18, 13.0),
        1,
    )?;

    // Target over the year; the requirement over the simulated months.
    let ty = y.at(c.base.target_pct);
    chart::line(area, vec![(left, ty), (right, ty)], chart::TARGET, 2)?;
    let n_obs = base_path.iter().take_while(|m| m.observed).count();
    if let Some(req) = c.base.requirement_pct.filter(|&r| r <= 100.0)
        && n_obs < base_path.len()
    {
        let ry = y.at(req);
        let x0 = x.at(n_obs as f64 - 0.5);
        chart::dashed(area, vec![(x0, ry), (right, ry)], chart::TARGET, 2)?;
        chart::text(
            area,
            &format!("{} {}", lang.pick("Krav", "Required"), lang.pct(req, 1)),
            (x0 + 6, ry - 6),
            Font::new(12.0, chart::TARGET).bold().at(H::Left, V::Bottom),
        )?;
    }
    chart::text(
        area,
        &format!(
            "{} {}",
            lang.pick("Mål: over", "Target: above"),
            lang.pct(c.base.target_pct, 1)
        ),
        (left + 8, ty + 6),
        Font::new(12.0, chart::TARGET).bold().at(H::Left, V::Top),
    )?;

    // The paths, the base last so it is drawn on top; each named at its last month.
    let mut labels: Vec<(i32, String, RGBColor)> = Vec::new();
    for (name, path, colour) in paths.iter().rev() {
        let points: Vec<(i32, i32)> = path
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.share_pct.map(|v| (x.at(i as f64), y.at(v))))
            .collect();
        chart::line(area, points.clone(), *colour, 2)?;
        if let Some(&(_, py)) = points.last() {
            labels.push((py, name.clone(), *colour));
        }
    }
    // The observed months are the same for every scenario: dots in ink, on top.
    for (i, m) in base_path.iter().enumerate().filter(|(_, m)| m.observed) {
        if let Some(v) = m.share_pct {
            chart::dot(area, (x.at(i as f64), y.at(v)), 4, chart::INK)?;
        }
    }
    // Labels in the order of their lines, pushed apart to 16 px.
    labels.sort_by_key(|(py, _, _)| *py);
    let mut last = i32::MIN;
    for (py, name, colour) in labels {
        let at = py.max(last + 16);
        last = at;
        chart::text_fitted(
            area,
            &name,
            (right + 10, at),
            Font::new(13.0, colour).bold().at(H::Left, V::Center),
        )?;
    }

    super::footer(area, &c.base, info.data_source.as_deref(), lang, h - 13)
}
