//! `curve-K.svg`: P(goal) of one alternative as a function of one uncertain initiative
//! parameter over its support — the points with their Wilson 95 % band, the 50 % line
//! and the breakpoint where the curve crosses it.

use super::CompareInfo;
use super::chart::{self, Area, Drawn, Font, H, Scale, V};
use super::text::{Lang, curve as words};
use crate::analyses::compare::Comparison;
use crate::analyses::curve::{LEVEL, PGoalCurve};

/// Width in pixels: narrower than the comparison's chart, so that it stays legible when
/// a phone scales it down.
pub const WIDTH: u32 = 720;
/// Height in pixels without the footer: the footer adds [`FOOTER_LINE`] a line.
pub const HEIGHT: u32 = 428;
/// The footer's line height in pixels.
const FOOTER_LINE: u32 = 15;
/// The plot: left, right, top, bottom.
const PLOT: (i32, i32, i32, i32) = (72, 650, 104, 326);

/// The name of the `k`-th curve's chart in the report folder (counted from 1 over the
/// alternatives in the order given, each alternative's curves in its order).
pub fn file_name(k: usize) -> String {
    format!("curve-{k}.svg")
}

/// Draw the chart of `curve`, one of the `k`-th alternative's in `c` (its scenario
/// described by `info`).
pub fn render(
    c: &Comparison,
    info: &CompareInfo,
    k: usize,
    curve: &PGoalCurve,
    lang: Lang,
) -> crate::Result<String> {
    let footer = footer(c, info, k, curve, lang);
    let height = HEIGHT + FOOTER_LINE * footer.len() as u32;
    // The heading (the title and the subtitle) names the image: see [`chart::svg`].
    chart::svg("curve.svg", (WIDTH, height), |area| {
        draw(area, c, k, curve, &footer, lang)
    })
}

/// The footer's lines, wrapped to the chart's width: the base's data line (the observed
/// months every point starts from) above what reproduces the curve.
fn footer(
    c: &Comparison,
    info: &CompareInfo,
    k: usize,
    curve: &PGoalCurve,
    lang: Lang,
) -> Vec<String> {
    let alternative = &c.alternatives[k];
    let sha = info.alternatives.get(k).map_or("", |a| a.sha256);
    let source = format!(
        "{}: fokus {} · {} {} · {} {} · {} {} · {} · sha256 {}",
        lang.pick("Fremskrivning", "Projection"),
        c.audit.fokus_version,
        lang.pick("scenarie", "scenario"),
        alternative.name,
        lang.pick("startværdi", "seed"),
        c.audit.seed,
        super::text::run::replications(lang, curve.replications),
        lang.pick("pr. punkt", "per point"),
        super::method_words(&alternative.method, lang),
        &sha[..sha.len().min(12)]
    );
    let room = f64::from(WIDTH) - 48.0;
    super::data_line(&c.base, info.base.data_source.as_deref(), lang)
        .into_iter()
        .chain([source])
        .flat_map(|line| chart::wrap(&line, FOOTER_FONT, room))
        .collect()
}

/// The footer's type size.
const FOOTER_FONT: f64 = 11.0;

fn draw(
    area: &Area,
    c: &Comparison,
    k: usize,
    curve: &PGoalCurve,
    footer: &[String],
    lang: Lang,
) -> Drawn {
    let alternative = &c.alternatives[k];
    let (left, right, top, bottom) = PLOT;
    let label = curve.label;
    // Rates are drawn in percent, as they are written.
    let unit = if label.is_rate() { 100.0 } else { 1.0 };
    // The answer is the title (a slide says what it shows), the topic under it.
    chart::heading(
        area,
        &words::answer(curve, lang),
        &format!(
            "{} · {} {} · {} {}",
            super::text::compare::title(alternative, lang),
            lang.pick("P(mål) efter", "P(goal) by"),
            words::parameter(curve, lang),
            super::text::run::replications(lang, curve.replications),
            lang.pick(
                "pr. punkt, de samme i hvert punkt",
                "per point, the same at every point"
            )
        ),
    )?;

    let [low, high] = curve.support;
    let (x_lo, x_hi, x_step) = chart::nice_range(unit * low, unit * high, 8);
    let x = Scale {
        d0: x_lo,
        d1: x_hi,
        p0: left as f64,
        p1: right as f64,
    };
    let y = Scale {
        d0: 0.0,
        d1: 100.0,
        p0: bottom as f64,
        p1: top as f64,
    };
    let tick = Font::new(13.0, chart::GREY);
    for t in chart::ticks(0.0, 100.0, 25.0) {
        let py = y.at(t);
        chart::line(area, vec![(left, py), (right, py)], chart::GRID, 1)?;
        chart::text(
            area,
            &lang.pct(t, 0),
            (left - 8, py),
            tick.at(H::Right, V::Center),
        )?;
    }
    let dec = chart::step_decimals(x_step);
    for t in chart::ticks(x_lo, x_hi, x_step) {
        let px = x.at(t);
        chart::line(area, vec![(px, bottom), (px, bottom + 5)], chart::GREY, 1)?;
        let s = if label.is_rate() {
            lang.pct(t, dec)
        } else {
            lang.num(t, dec)
        };
        chart::text(area, &s, (px, bottom + 8), tick.at(H::Center, V::Top))?;
    }
    chart::line(area, vec![(left, bottom), (right, bottom)], chart::GREY, 1)?;
    chart::text(
        area,
        words::effect(label, lang),
        ((left + right) / 2, bottom + 28),
        Font::new(14.0, chart::INK).at(H::Center, V::Top),
    )?;

    // The band, the curve and its points.
    let at = |v: f64, p: f64| (x.at(unit * v), y.at(100.0 * p));
    let lower: Vec<_> = curve.points.iter().map(|p| at(p.value, p.p_low)).collect();
    let upper: Vec<_> = curve.points.iter().map(|p| at(p.value, p.p_high)).collect();
    chart::band(area, &lower, &upper, chart::BAND90)?;
    let line: Vec<_> = curve
        .points
        .iter()
        .map(|p| at(p.value, p.p_target_met))
        .collect();
    chart::line(area, line.clone(), chart::BLUE, 3)?;
    for point in line {
        chart::dot(area, point, 4, chart::BLUE)?;
    }

    // The 50 % line and the breakpoint on it.
    let y50 = y.at(100.0 * LEVEL);
    chart::dashed(area, vec![(left, y50), (right, y50)], chart::TARGET, 2)?;
    chart::text(
        area,
        &lang.pct(100.0 * LEVEL, 0),
        (right + 6, y50),
        Font::new(12.0, chart::TARGET).bold(),
    )?;
    let marker = Font::new(15.0, chart::INK).bold();
    match curve.breakpoint {
        Some(b) => {
            let bx = x.at(unit * b);
            chart::line(area, vec![(bx, y50), (bx, bottom)], chart::INK, 2)?;
            chart::dot(area, (bx, y50), 6, chart::INK)?;
            let s = format!(
                "{} {}",
                lang.pick("Brudpunkt", "Breakpoint"),
                words::value(label, b, 1, lang)
            );
            // The label leans into the plot from whichever half the breakpoint is in.
            let h = if bx > (left + right) / 2 {
                H::Right
            } else {
                H::Left
            };
            let dx = if matches!(h, H::Right) { -10 } else { 10 };
            chart::text(area, &s, (bx + dx, y50 - 14), marker.at(h, V::Bottom))?;
        }
        None => {
            let s = lang.pick(
                if curve
                    .points
                    .first()
                    .is_some_and(|p| p.p_target_met >= LEVEL)
                {
                    "Ingen krydsning: over 50 % overalt"
                } else {
                    "Ingen krydsning: under 50 % overalt"
                },
                if curve
                    .points
                    .first()
                    .is_some_and(|p| p.p_target_met >= LEVEL)
                {
                    "No crossing: above 50% throughout"
                } else {
                    "No crossing: below 50% throughout"
                },
            );
            chart::text(
                area,
                s,
                ((left + right) / 2, top + 12),
                marker.at(H::Center, V::Top),
            )?;
        }
    }

    // Legend and source.
    let ly = HEIGHT as i32 - 28;
    let f = Font::new(13.0, chart::INK);
    let mut lx = left;
    chart::line(area, vec![(lx, ly), (lx + 18, ly)], chart::BLUE, 3)?;
    chart::dot(area, (lx + 9, ly), 4, chart::BLUE)?;
    let s = lang.pick("P(mål)", "P(goal)");
    chart::text(area, s, (lx + 24, ly), f)?;
    lx += 24 + chart::text_width(s, 13.0) + 16;
    chart::rect(area, (lx, ly - 6), (lx + 18, ly + 6), chart::BAND90)?;
    let s = lang.pick("95 %-interval (Wilson)", "95% interval (Wilson)");
    chart::text(area, s, (lx + 24, ly), f)?;
    lx += 24 + chart::text_width(s, 13.0) + 16;
    chart::dashed(area, vec![(lx, ly), (lx + 18, ly)], chart::TARGET, 2)?;
    chart::text(
        area,
        lang.pick("50 %-linjen", "the 50% line"),
        (lx + 24, ly),
        f,
    )?;
    let font = Font::new(FOOTER_FONT, chart::GREY);
    let mut y = HEIGHT as i32 + 4;
    for line in footer {
        chart::text_fitted(area, line, (24, y), font)?;
        y += FOOTER_LINE as i32;
    }
    Ok(())
}
