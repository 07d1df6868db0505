//! `compare.svg`: the scenarios of a comparison in the table's order, in two panels that
//! share the rows — (a) each scenario's year-mean distribution (90 % and 50 % interval,
//! median, mean) against the target, with P(goal) beside it; (b) the difference from
//! the base with its paired 95 % interval, the unpaired interval drawn lighter behind it.

use super::RunInfo;
use super::chart::{self, Area, Drawn, Font, H, Scale, V};
use super::text::Lang;
use super::text::compare::{base_name, footnote, marked_name};
use super::text::run::interval;
use crate::analyses::compare::{Comparison, Difference, ranked};
use crate::stats::Summary;

/// Width in pixels (a 16:9 slide for up to six scenarios).
pub const WIDTH: u32 = 960;
/// Height of a scenario's row.
const ROW: i32 = 40;
/// The top of the first row.
const TOP: i32 = 132;
/// Panel (a), the P(goal) column and panel (b), left to right.
const A: (i32, i32) = (236, 520);
const P_COL: i32 = 572;
const B: (i32, i32) = (632, 800);

/// One row of the chart.
struct Row<'a> {
    label: String,
    base: bool,
    year: &'a Summary,
    p_goal: f64,
    diff: Option<&'a Difference>,
}

fn rows<'a>(c: &'a Comparison, lang: Lang) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = ranked(c)
        .into_iter()
        .map(|a| Row {
            label: marked_name(a, lang),
            base: false,
            year: &a.year_mean_pct,
            p_goal: a.p_target_met,
            diff: Some(&a.diff_pp),
        })
        .collect();
    rows.push(Row {
        label: base_name(c, lang),
        base: true,
        year: &c.base.year_mean_pct,
        p_goal: c.base.p_target_met,
        diff: None,
    });
    rows
}

/// The chart's size: the height grows with the number of scenarios.
pub fn size(c: &Comparison) -> (u32, u32) {
    let n = c.alternatives.len() as i32 + 1;
    (WIDTH, (TOP + n * ROW + 128).max(416) as u32)
}

/// The title of the comparison's chart and page.
pub fn title(c: &Comparison, municipality: &str, lang: Lang) -> String {
    let year = c.base.months.first().map_or(0, |m| m.month.year());
    format!(
        "{} {year} — {municipality}",
        lang.pick(
            "Hvad køber initiativerne? Fokusmål for aktiv indsats",
            "What do the initiatives buy? Focus goal for active effort"
        )
    )
}

/// The chart's answer: the alternative closest to the goal by P(goal), and whether it
/// reaches it (`Intet initiativ alene når målet — tættest: recovery-plan, sandsynlighed
/// 68 %`). An alternative that only changes the method counts only when nothing else is
/// compared.
pub fn answer_title(c: &Comparison, lang: Lang) -> String {
    let ranked = crate::analyses::compare::by_p_goal(c);
    let Some(best) = ranked.iter().find(|a| !a.method_only).or(ranked.first()) else {
        return lang
            .pick("Ingen alternativer", "No alternatives")
            .to_string();
    };
    let p = lang.prob_of(best.p_target_met, c.audit.replications);
    if best.p_target_met >= 0.5 {
        format!(
            "{} {} — {} {p}",
            crate::vocab::percent::capitalized(&super::text::compare::title(best, lang)),
            lang.pick("når sandsynligvis målet", "probably reaches the goal"),
            lang.pick("sandsynlighed", "probability"),
        )
    } else {
        format!(
            "{} — {}: {}, {} {p}",
            lang.pick(
                "Intet alternativ alene når målet",
                "No alternative on its own reaches the goal"
            ),
            lang.pick("tættest", "closest"),
            super::text::compare::title(best, lang),
            lang.pick("sandsynlighed", "probability"),
        )
    }
}

/// Draw the chart.
pub fn render(c: &Comparison, info: &RunInfo, lang: Lang) -> crate::Result<String> {
    chart::svg("compare.svg", size(c), |area| draw(area, c, info, lang))
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn draw(area: &Area, c: &Comparison, info: &RunInfo, lang: Lang) -> Drawn {
    let (w, h) = size(c);
    let (w, h) = (w as i32, h as i32);
    let rows = rows(c, lang);
    let n = rows.len() as i32;
    let bottom = TOP + n * ROW;
    let cy = |i: usize| TOP + i as i32 * ROW + ROW / 2;

    chart::heading(
        area,
        &answer_title(c, lang),
        &format!(
            "{} {} — {} · {} {} {}",
            super::text::run::active_goal(lang),
            c.base.months.first().map_or(0, |m| m.month.year()),
            info.municipality,
            lang.pick(
                "årsgennemsnit; alle scenarier på de samme",
                "year mean; every scenario on the same"
            ),
            super::text::run::replications(lang, c.audit.replications),
            lang.pick(
                "(fælles tilfældige tal), forskelle parret kørsel for kørsel",
                "(common random numbers), differences paired"
            )
        ),
    )?;
    let head = Font::new(14.0, chart::INK).bold().at(H::Left, V::Bottom);
    chart::text(
        area,
        lang.pick("(a) Årsgennemsnit", "(a) Year mean"),
        (A.0, TOP - 26),
        head,
    )?;
    chart::text(
        area,
        lang.pick("P(mål)", "P(goal)"),
        (P_COL, TOP - 26),
        head.at(H::Center, V::Bottom),
    )?;
    chart::text(
        area,
        lang.pick("(b) Forskel mod basis", "(b) Difference from base"),
        (B.0, TOP - 26),
        head,
    )?;

    // Scales: (a) the year means and the target; (b) zero and every interval.
    let values = rows
        .iter()
        .flat_map(|r| [r.year.p05, r.year.p95, r.year.mean])
        .flatten()
        .chain([c.base.target_pct]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let pad = ((hi - lo) * 0.05).max(0.2);
    let (a_lo, a_hi, a_step) = chart::nice_range((lo - pad).max(0.0), (hi + pad).min(100.0), 7);
    let xa = Scale {
        d0: a_lo,
        d1: a_hi,
        p0: A.0 as f64,
        p1: A.1 as f64,
    };
    let (lo, hi) = rows
        .iter()
        .filter_map(|r| r.diff)
        .flat_map(|d| [d.ci95[0], d.ci95[1], d.unpaired_ci95[0], d.unpaired_ci95[1]])
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    // The data fill the panel; ticks are the round values inside it.
    let pad = ((hi - lo) * 0.06).max(0.05);
    let xb = Scale {
        d0: lo - pad,
        d1: hi + pad,
        p0: B.0 as f64,
        p1: B.1 as f64,
    };
    let (b_lo, b_hi, b_step) = chart::nice_range(xb.d0, xb.d1, 7);

    // Grids and axis labels below the rows.
    let tick = Font::new(12.0, chart::GREY).at(H::Center, V::Top);
    let a_dec = chart::step_decimals(a_step);
    for t in chart::ticks(a_lo, a_hi, a_step) {
        let px = xa.at(t);
        chart::line(area, vec![(px, TOP), (px, bottom)], chart::GRID, 1)?;
        let label = lang.pct(t, a_dec);
        chart::text(area, &label, (px, bottom + 6), tick)?;
    }
    let b_dec = chart::step_decimals(b_step);
    for t in chart::ticks(b_lo, b_hi, b_step) {
        if t < xb.d0 - 1e-9 || t > xb.d1 + 1e-9 {
            continue;
        }
        let px = xb.at(t);
        let zero = t.abs() < b_step / 2.0;
        let label = if zero {
            "0".to_string()
        } else {
            lang.signed(t, b_dec)
        };
        let color = if zero { chart::INK } else { chart::GRID };
        chart::line(area, vec![(px, TOP), (px, bottom)], color, 1)?;
        chart::text(area, &label, (px, bottom + 6), tick)?;
    }
    chart::text(
        area,
        lang.pick("procent", "percent"),
        ((A.0 + A.1) / 2, bottom + 24),
        tick,
    )?;
    chart::text(
        area,
        lang.pick("pct.-point", "percentage points"),
        ((B.0 + B.1) / 2, bottom + 24),
        tick,
    )?;

    // The base row stands apart: a rule above it.
    let rule = TOP + (n - 1) * ROW;
    chart::line(area, vec![(24, rule), (w - 24, rule)], chart::GREY, 1)?;

    // The target across panel (a).
    let tx = xa.at(c.base.target_pct);
    chart::line(area, vec![(tx, TOP - 6), (tx, bottom)], chart::TARGET, 2)?;
    chart::text(
        area,
        &format!(
            "{} {}",
            lang.pick("Mål", "Target"),
            lang.pct(c.base.target_pct, 1)
        ),
        (tx, TOP - 8),
        Font::new(12.0, chart::TARGET)
            .bold()
            .at(H::Center, V::Bottom),
    )?;

    for (i, r) in rows.iter().enumerate() {
        let y = cy(i);
        let f = Font::new(14.0, chart::INK);
        let f = if r.base { f.bold() } else { f };
        chart::text(area, &shorten(&r.label, 28), (24, y), f)?;

        // (a) 90 % interval, 50 % interval, median, mean.
        let s = r.year;
        if let (Some(p05), Some(p95)) = (s.p05, s.p95) {
            chart::rect(
                area,
                (xa.at(p05), y - 8),
                (xa.at(p95), y + 8),
                chart::BAND90,
            )?;
        }
        if let (Some(p25), Some(p75)) = (s.p25, s.p75) {
            chart::rect(
                area,
                (xa.at(p25), y - 8),
                (xa.at(p75), y + 8),
                chart::BAND50,
            )?;
        }
        if let Some(p50) = s.p50 {
            let px = xa.at(p50);
            chart::line(area, vec![(px, y - 11), (px, y + 11)], chart::BLUE, 3)?;
        }
        if let Some(mean) = s.mean {
            chart::dot(area, (xa.at(mean), y), 3, chart::INK)?;
        }
        chart::text(
            area,
            &lang.prob_of(r.p_goal, c.audit.replications),
            (P_COL, y),
            Font::new(14.0, chart::INK).bold().at(H::Center, V::Center),
        )?;

        // (b) unpaired interval (light) behind the paired one (dark).
        match r.diff {
            Some(d) => {
                let (u0, u1) = (xb.at(d.unpaired_ci95[0]), xb.at(d.unpaired_ci95[1]));
                chart::rect(area, (u0, y - 8), (u1, y + 8), chart::BAND90)?;
                let (p0, p1) = (xb.at(d.ci95[0]), xb.at(d.ci95[1]));
                let (p0, p1) = if p1 - p0 < 3 {
                    let m = xb.at(d.mean);
                    (m - 1, m + 2)
                } else {
                    (p0, p1)
                };
                chart::rect(area, (p0, y - 8), (p1, y + 8), chart::BLUE)?;
                chart::text(
                    area,
                    &lang.pp(d.mean, 1),
                    (B.1 + 12, y),
                    Font::new(14.0, chart::INK).bold(),
                )?;
            }
            None => {
                chart::text(
                    area,
                    lang.pick("sammenligningsgrundlag", "reference"),
                    (xb.at(0.0) + 6, y),
                    Font::new(12.0, chart::GREY),
                )?;
            }
        }
    }

    // Legends under the axes.
    let ly = bottom + 52;
    let f = Font::new(12.0, chart::INK);
    let mut x = A.0 - 150;
    for (color, label) in [
        (chart::BAND90, interval(lang, 90)),
        (chart::BAND50, interval(lang, 50)),
    ] {
        chart::rect(area, (x, ly - 6), (x + 16, ly + 6), color)?;
        chart::text(area, &label, (x + 21, ly), f)?;
        x += 21 + chart::text_width(&label, 12.0) + 14;
    }
    chart::line(area, vec![(x + 3, ly - 8), (x + 3, ly + 8)], chart::BLUE, 3)?;
    let s = lang.pick("median", "median");
    chart::text(area, s, (x + 11, ly), f)?;
    x += 11 + chart::text_width(s, 12.0) + 14;
    chart::dot(area, (x + 3, ly), 3, chart::INK)?;
    chart::text(area, lang.pick("gennemsnit", "mean"), (x + 11, ly), f)?;

    let (mut x, mut ly) = (B.0, ly);
    for (color, label) in [
        (
            chart::BLUE,
            lang.pick("forskel mod basis (95 %)", "difference from base (95%)"),
        ),
        (
            chart::BAND90,
            lang.pick("ved to adskilte kørsler", "with two separate runs"),
        ),
    ] {
        // An item that would run past the chart's margin starts a line of its own.
        if x > B.0 && x + 21 + chart::text_width(label, 12.0) > WIDTH as i32 - 24 {
            (x, ly) = (B.0, ly + 20);
        }
        chart::rect(area, (x, ly - 6), (x + 16, ly + 6), color)?;
        chart::text(area, label, (x + 21, ly), f)?;
        x += 21 + chart::text_width(label, 12.0) + 14;
    }

    if c.alternatives.iter().any(|a| a.rescored_off_star()) {
        chart::text(
            area,
            footnote(lang),
            (24, h - 52),
            Font::new(12.0, chart::GREY),
        )?;
    }
    super::footer(area, &c.base, info.data_source.as_deref(), lang, h - 13)
}
