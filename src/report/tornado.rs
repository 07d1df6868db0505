//! `tornado.svg`: one bar per uncertain parameter from the base year mean to the year
//! mean at the parameter's low value and at its high value, the widest swing on top,
//! with P(goal) at each end, the base line and the target.

use super::RunInfo;
use super::chart::{self, Area, Drawn, Font, H, Scale, V};
use super::text::Lang;
use crate::analyses::sensitivity::Sensitivity;

/// Width in pixels.
pub const WIDTH: u32 = 960;
/// Height of a parameter's row.
const ROW: i32 = 48;
/// The top of the first row.
const TOP: i32 = 120;
/// The plot, left to right.
const PLOT: (i32, i32) = (360, 936);
/// Pixels kept free at least at each end of the plot for the P(goal) labels.
const ROOM: f64 = 84.0;
/// The low value's colour (Okabe–Ito orange); the high value's is the projection blue.
const LOW: chart::Rgb = chart::SERIES[1];

/// The chart's size: the height grows with the number of parameters.
pub fn size(s: &Sensitivity) -> (u32, u32) {
    let n = s.swings.len().max(1) as i32;
    (WIDTH, (TOP + n * ROW + 100).max(376) as u32)
}

/// The title of the tornado's chart and page.
pub fn title(s: &Sensitivity, municipality: &str, lang: Lang) -> String {
    let year = s.base.months.first().map_or(0, |m| m.month.year());
    format!(
        "{} {municipality} {year} ({})",
        lang.pick(
            "Hvilke antagelser betyder mest?",
            "Which assumptions matter most?"
        ),
        s.base.audit.scenario_name
    )
}

/// The chart's answer: the assumption that moves the year mean most, and by how much
/// (`Betyder mest: effekten af produktionsstyring — 2,4 pct.-point på årsgennemsnittet`).
pub fn answer_title(s: &Sensitivity, lang: Lang) -> String {
    match s.swings.first() {
        Some(w) => format!(
            "{}: {} — {} {}",
            lang.pick("Betyder mest", "Matters most"),
            super::text::sensitivity::swing_name(w, lang),
            lang.points(w.year_mean_range(), 1),
            lang.pick("på årsgennemsnittet", "on the year mean"),
        ),
        None => lang
            .pick(
                "Ingen usikre antagelser at svinge",
                "No uncertain assumptions to swing",
            )
            .to_string(),
    }
}

/// Draw the chart.
pub fn render(s: &Sensitivity, info: &RunInfo, lang: Lang) -> crate::Result<String> {
    chart::svg("tornado.svg", size(s), |area| draw(area, s, info, lang))
}

fn draw(area: &Area, s: &Sensitivity, info: &RunInfo, lang: Lang) -> Drawn {
    let h = size(s).1 as i32;
    let n = s.swings.len() as i32;
    let bottom = TOP + n.max(1) * ROW;
    chart::heading(
        area,
        &answer_title(s, lang),
        &format!(
            "{} · {}",
            title(s, info.municipality, lang),
            lang.pick(
                "årsgennemsnittet med én parameter på sin lave eller høje værdi, de andre uændret",
                "the year mean with one parameter at its low or high value, the others unchanged",
            )
        ),
    )?;

    let base = s.base.year_mean_pct.mean.unwrap_or(f64::NAN);
    let target = s.base.target_pct;
    let (lo, hi) = s
        .swings
        .iter()
        .flat_map(|w| w.year_mean_pct)
        .chain([base, target])
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    // The data fill the plot less the room for the end labels (at least the widest
    // label, as the renderer measures it: "P(mål) over 94 %" is wider than "P(mål) 4 %");
    // the axis covers it all.
    let p_label = |p: f64| {
        format!(
            "{} {}",
            lang.pick("P(mål)", "P(goal)"),
            lang.prob_of(p, s.base.audit.replications)
        )
    };
    let widest = s
        .swings
        .iter()
        .flat_map(|w| w.p_target_met)
        .map(|p| chart::text_width(&p_label(p), 11.0))
        .max()
        .unwrap_or(0);
    let room = ROOM.max(f64::from(widest) + 12.0);
    let inner = Scale {
        d0: lo - 0.05,
        d1: hi + 0.05,
        p0: PLOT.0 as f64 + room,
        p1: PLOT.1 as f64 - room,
    };
    let per_px = (inner.d1 - inner.d0) / (inner.p1 - inner.p0);
    let x = Scale {
        d0: inner.d0 - room * per_px,
        d1: inner.d1 + room * per_px,
        p0: PLOT.0 as f64,
        p1: PLOT.1 as f64,
    };
    let (t_lo, t_hi, step) = chart::nice_range(x.d0, x.d1, 9);
    let dec = chart::step_decimals(step);
    let tick = Font::new(12.0, chart::GREY).at(H::Center, V::Top);
    for t in chart::ticks(t_lo, t_hi, step) {
        if t < x.d0 - 1e-9 || t > x.d1 + 1e-9 {
            continue;
        }
        let px = x.at(t);
        chart::line(area, vec![(px, TOP), (px, bottom)], chart::GRID, 1)?;
        let label = lang.pct(t, dec);
        chart::text(area, &label, (px, bottom + 6), tick)?;
    }
    chart::text(
        area,
        lang.pick("årsgennemsnit, procent", "year mean, percent"),
        ((PLOT.0 + PLOT.1) / 2, bottom + 24),
        tick,
    )?;

    // Target and base lines with their labels above the rows.
    let tx = x.at(target);
    chart::line(area, vec![(tx, TOP - 6), (tx, bottom)], chart::TARGET, 2)?;
    let bx = x.at(base);
    let base_label = format!(
        "{} {} · {} {}",
        lang.pick("Basis", "Base"),
        lang.pct(base, 1),
        lang.pick("P(mål)", "P(goal)"),
        lang.prob_of(s.base.p_target_met, s.base.audit.replications)
    );
    let target_label = format!("{} {}", lang.pick("Mål", "Target"), lang.pct(target, 1));
    // Each label leans away from the other line.
    let (bh, th) = if tx >= bx {
        (H::Right, H::Left)
    } else {
        (H::Left, H::Right)
    };
    let shift = |h: H| if matches!(h, H::Right) { 4 } else { -4 };
    chart::text(
        area,
        &target_label,
        (tx - shift(th), TOP - 8),
        Font::new(12.0, chart::TARGET).bold().at(th, V::Bottom),
    )?;
    chart::text(
        area,
        &base_label,
        (bx - shift(bh), TOP - 8),
        Font::new(12.0, chart::INK).bold().at(bh, V::Bottom),
    )?;

    let small = Font::new(11.0, chart::GREY);
    for (i, sw) in s.swings.iter().enumerate() {
        let y = TOP + i as i32 * ROW + ROW / 2;
        chart::text(
            area,
            &super::text::sensitivity::swing_name(sw, lang),
            (24, y - 8),
            Font::new(13.0, chart::INK).bold(),
        )?;
        chart::text(
            area,
            &format!(
                "{} {} → {} {}",
                lang.pick("lav", "low"),
                super::text::sensitivity::swing_value(sw, sw.low, lang),
                lang.pick("høj", "high"),
                super::text::sensitivity::swing_value(sw, sw.high, lang)
            ),
            (24, y + 9),
            Font::new(12.0, chart::GREY),
        )?;
        let [m_lo, m_hi] = sw.year_mean_pct;
        if !(m_lo.is_finite() && m_hi.is_finite() && base.is_finite()) {
            continue;
        }
        for (v, color) in [(m_lo, LOW), (m_hi, chart::BLUE)] {
            let (a, b) = (bx.min(x.at(v)), bx.max(x.at(v)));
            chart::rect(area, (a, y - 10), (b.max(a + 1), y + 10), color)?;
        }
        // The smaller end's year mean and P(goal) left of the bar, the larger's right.
        let (x0, x1) = (bx.min(x.at(m_lo)), bx.max(x.at(m_hi)));
        let (x0, x1) = (x0.min(x.at(m_hi)), x1.max(x.at(m_lo)));
        let ends = [(m_lo, sw.p_target_met[0]), (m_hi, sw.p_target_met[1])];
        let (small_end, large_end) = if m_lo <= m_hi {
            (ends[0], ends[1])
        } else {
            (ends[1], ends[0])
        };
        for ((v, p), ax, hpos) in [(small_end, x0 - 6, H::Right), (large_end, x1 + 6, H::Left)] {
            // On white, so the grid and the target do not run through the text.
            let p_text = p_label(p);
            let tw = chart::text_width(&p_text, 11.0);
            let (r0, r1) = if matches!(hpos, H::Right) {
                (ax - tw, ax)
            } else {
                (ax, ax + tw)
            };
            chart::rect(area, (r0, y - 15), (r1, y + 15), chart::WHITE)?;
            chart::text(
                area,
                &lang.pct(v, 1),
                (ax, y - 7),
                Font::new(12.0, chart::INK).at(hpos, V::Center),
            )?;
            chart::text(area, &p_text, (ax, y + 8), small.at(hpos, V::Center))?;
        }
    }
    chart::line(area, vec![(bx, TOP - 6), (bx, bottom)], chart::INK, 2)?;

    // Legend and source.
    let ly = bottom + 50;
    let mut lx = PLOT.0;
    for (color, label) in [
        (LOW, lang.pick("lav værdi", "low value")),
        (chart::BLUE, lang.pick("høj værdi", "high value")),
    ] {
        chart::rect(area, (lx, ly - 6), (lx + 16, ly + 6), color)?;
        chart::text(area, label, (lx + 21, ly), Font::new(12.0, chart::INK))?;
        lx += 21 + chart::text_width(label, 12.0) + 16;
    }
    super::footer(area, &s.base, info.data_source.as_deref(), lang, h - 13)
}
