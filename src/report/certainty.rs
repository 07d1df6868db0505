//! `certainty.svg`: how sure the answer is — the year means of the replications as a
//! histogram (the certainty chart of Crystal Ball and @RISK), the target as a line, the
//! replications above it in the projection's blue and those below in a light tint, each
//! side labelled with its count.

use super::RunInfo;
use super::chart::{self, Area, Drawn, Font, H, Scale, V};
use super::text::Lang;
use crate::run::RunResult;

/// Pixel size (a 16:9 slide, lower: it sits under the fan chart in the report).
pub const SIZE: (u32, u32) = (960, 420);

/// Draw the certainty chart.
pub fn render(r: &RunResult, info: &RunInfo, lang: Lang) -> crate::Result<String> {
    chart::svg("certainty.svg", SIZE, |area| draw(area, r, info, lang))
}

/// The chart's answer: `Sandsynlighed for at nå målet: under 2 %`.
pub fn answer_title(r: &RunResult, lang: Lang) -> String {
    format!(
        "{} {}",
        lang.pick(
            "Sandsynlighed for at nå målet:",
            "Probability of reaching the goal:"
        ),
        lang.prob_of(r.p_target_met, r.year_mean_histogram.total())
    )
}

fn draw(area: &Area, r: &RunResult, info: &RunInfo, lang: Lang) -> Drawn {
    let (w, h) = (SIZE.0 as i32, SIZE.1 as i32);
    let hist = &r.year_mean_histogram;
    let n = hist.total();
    chart::heading(
        area,
        &answer_title(r, lang),
        &format!(
            "{} · {} {}",
            super::title(r, info, lang),
            lang.pick("årsgennemsnittet i hver af", "the year mean in each of"),
            super::text::run::replications(lang, n)
        ),
    )?;

    let (left, right, top, bottom) = (64, w - 40, 104, h - 84);
    let end = hist.from + hist.counts.len() as f64 * hist.bin;
    let (lo, hi, step) = chart::y_range([hist.from, end, r.target_pct], 4.0);
    let x = Scale {
        d0: lo,
        d1: hi,
        p0: left as f64,
        p1: right as f64,
    };
    let most = hist.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let y = Scale {
        d0: 0.0,
        d1: most * 1.35,
        p0: bottom as f64,
        p1: top as f64,
    };
    for t in chart::ticks(lo, hi, step) {
        let px = x.at(t);
        chart::line(area, vec![(px, top), (px, bottom)], chart::GRID, 1)?;
        chart::text(
            area,
            &lang.pct(t, 0),
            (px, bottom + 16),
            Font::new(13.0, chart::GREY).at(H::Center, V::Center),
        )?;
    }
    chart::text(
        area,
        lang.pick(
            "årsgennemsnit af de 12 månedsandele",
            "year mean of the 12 monthly shares",
        ),
        ((left + right) / 2, bottom + 36),
        Font::new(12.0, chart::GREY).at(H::Center, V::Center),
    )?;

    // Bins: blue from the target up (the replications that meet it), a tint below.
    for (k, &count) in hist.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let from = hist.from + k as f64 * hist.bin;
        let above = from >= r.target_pct - hist.bin * 1e-9;
        let colour = if above { chart::BLUE } else { chart::BAND50 };
        let (x0, x1) = (x.at(from), x.at(from + hist.bin));
        chart::rect(
            area,
            (x0 + 1, y.at(count as f64)),
            ((x1 - 1).max(x0 + 2), bottom),
            colour,
        )?;
    }
    chart::line(area, vec![(left, bottom), (right, bottom)], chart::INK, 1)?;

    // The target, and the count on each side of it: each count beside the line on its
    // own side, or under the other one when the line stands too near that edge.
    let tx = x.at(r.target_pct);
    chart::line(area, vec![(tx, top - 8), (tx, bottom)], chart::TARGET, 2)?;
    let target = format!(
        "{} {}",
        lang.pick("Mål: over", "Target: above"),
        lang.pct(r.target_pct, 1)
    );
    let half = (chart::measure(&target, 13.0, true) / 2.0).ceil() as i32;
    chart::text(
        area,
        &target,
        (tx.clamp(left + half, right - half), top - 14),
        Font::new(13.0, chart::TARGET)
            .bold()
            .at(H::Center, V::Bottom),
    )?;
    let above = hist.count_above(r.target_pct);
    let below = lang.counted(
        n - above,
        ("kørsel under målet", "kørsler under målet"),
        ("run below the target", "runs below the target"),
    );
    let above = lang.counted(
        above,
        ("kørsel over målet", "kørsler over målet"),
        ("run above the target", "runs above the target"),
    );
    let fits_left = tx - 10 - chart::measure(&below, 13.0, false).ceil() as i32 >= left;
    let fits_right = tx + 10 + chart::measure(&above, 13.0, true).ceil() as i32 <= right;
    let (below_at, above_at) = match (fits_left, fits_right) {
        (true, true) | (false, false) => ((tx - 10, H::Right, 10), (tx + 10, H::Left, 10)),
        (true, false) => ((tx - 10, H::Right, 10), (tx - 10, H::Right, 30)),
        (false, true) => ((tx + 10, H::Left, 30), (tx + 10, H::Left, 10)),
    };
    let (bx, bh, by) = below_at;
    chart::text(
        area,
        &below,
        (bx, top + by),
        Font::new(13.0, chart::INK).at(bh, V::Center),
    )?;
    let (ax, ah, ay) = above_at;
    chart::text(
        area,
        &above,
        (ax, top + ay),
        Font::new(13.0, chart::BLUE).bold().at(ah, V::Center),
    )?;

    super::footer(area, r, info.data_source.as_deref(), lang, h - 13)
}
