//! The shared drawing kit of the charts: palette, scales, text and the SVG canvas.
//!
//! Charts are drawn in pixel coordinates with plotters' basic shapes, so every element
//! lands exactly where the statistics-office look wants it (no automatic axes).

use super::text::{Lang, run::interval};
use crate::error::Error;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Text and observed data.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text: axis labels, the source line.
pub const GREY: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);
/// The background.
pub const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);
/// The projection (Okabe–Ito blue): the median line.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// The 50 % band: blue at 55 % on white (solid, so print and PNG match the screen).
pub const BAND50: RGBColor = RGBColor(0x73, 0xb2, 0xd5);
/// The 90 % band: blue at 25 % on white.
pub const BAND90: RGBColor = RGBColor(0xbf, 0xdc, 0xec);
/// The target and the requirement (Okabe–Ito vermillion).
pub const TARGET: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
/// Lines of several methods (Okabe–Ito without vermillion, which is the target's).
pub const SERIES: [RGBColor; 5] = [
    BLUE,
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
];

/// The drawing surface.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A drawing result whose error has been turned into text.
pub type Drawn = std::result::Result<(), String>;

/// Draw an SVG of `size` pixels on white; `name` names the chart in an error.
pub fn svg(
    name: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> Drawn,
) -> crate::Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(|e| e.to_string()))
            .map_err(|e| Error::Runtime(format!("drawing {name}: {e}")))?;
    }
    Ok(buf)
}

/// Turn a plotters error into text.
pub fn ok<E: std::fmt::Display>(r: std::result::Result<(), E>) -> Drawn {
    r.map_err(|e| e.to_string())
}

/// A linear map from data to pixels.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    /// Data at the first pixel.
    pub d0: f64,
    /// Data at the last pixel.
    pub d1: f64,
    /// First pixel.
    pub p0: f64,
    /// Last pixel.
    pub p1: f64,
}

impl Scale {
    /// The pixel of `v`.
    pub fn at(&self, v: f64) -> i32 {
        (self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)).round() as i32
    }
}

/// A y-range holding `values`, widened to whole steps, and its tick step.
pub fn y_range(values: impl IntoIterator<Item = f64>, min_span: f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        (lo, hi) = (60.0, 80.0);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    (lo, hi) = (lo - pad, hi + pad);
    if hi - lo < min_span {
        let mid = (hi + lo) / 2.0;
        (lo, hi) = (mid - min_span / 2.0, mid + min_span / 2.0);
    }
    let span = hi - lo;
    let step = [1.0, 2.0, 5.0, 10.0, 20.0]
        .into_iter()
        .find(|s| span / s <= 8.0)
        .unwrap_or(25.0);
    let lo = ((lo / step).floor() * step).max(0.0);
    let hi = ((hi / step).ceil() * step).min(100.0);
    (lo, hi, step)
}

/// The ticks from `lo` to `hi` by `step`.
pub fn ticks(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let n = ((hi - lo) / step).round() as i64;
    (0..=n).map(|i| lo + i as f64 * step).collect()
}

/// How a text is set.
#[derive(Clone, Copy)]
pub struct Font {
    /// Pixels (the rendered font size).
    pub px: f64,
    /// Colour.
    pub color: RGBColor,
    /// Bold.
    pub bold: bool,
    /// Horizontal anchor.
    pub h: HPos,
    /// Vertical anchor.
    pub v: VPos,
}

impl Font {
    /// Regular text of `px` pixels, left-aligned on its centre line.
    pub const fn new(px: f64, color: RGBColor) -> Font {
        Font {
            px,
            color,
            bold: false,
            h: HPos::Left,
            v: VPos::Center,
        }
    }

    /// Bold.
    pub const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    /// Anchored at `h`, `v`.
    pub const fn at(self, h: HPos, v: VPos) -> Font {
        Font { h, v, ..self }
    }
}

/// Draw `s` at pixel `(x, y)`.
pub fn text(area: &Area, s: &str, (x, y): (i32, i32), f: Font) -> Drawn {
    // plotters-svg writes `font-size` as size / 1.24.
    let size = f.px * 1.24;
    let desc = if f.bold {
        ("sans-serif", size, FontStyle::Bold).into_font()
    } else {
        ("sans-serif", size).into_font()
    };
    let style = TextStyle::from(desc)
        .color(&f.color)
        .pos(Pos::new(f.h, f.v));
    ok(area.draw(&Text::new(xml_text(s), (x, y), style)))
}

/// `s` with every character XML 1.0 cannot hold (control characters but tab and line
/// breaks, U+FFFE, U+FFFF) replaced by U+FFFD: validated names never have one, but a
/// chart embeds other text too (a file name), and one such character makes the whole
/// SVG invalid. plotters escapes the markup characters.
pub fn xml_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A chart's heading: the title in bold ink and the subtitle in grey below it.
pub fn heading(area: &Area, title: &str, subtitle: &str) -> Drawn {
    text(area, title, (24, 28), Font::new(20.0, INK).bold())?;
    text(area, subtitle, (24, 54), Font::new(14.0, GREY))
}

/// The y-axis of a share in percent: a range holding `values` (at least 6 points), its
/// grid from `left` to `right` and its labels left of `left`; returns the scale from
/// `bottom` up to `top`.
pub fn y_axis(
    area: &Area,
    lang: Lang,
    values: impl IntoIterator<Item = f64>,
    (left, right): (i32, i32),
    (top, bottom): (i32, i32),
) -> std::result::Result<Scale, String> {
    let (lo, hi, step) = y_range(values, 6.0);
    let y = Scale {
        d0: lo,
        d1: hi,
        p0: bottom as f64,
        p1: top as f64,
    };
    for t in ticks(lo, hi, step) {
        let py = y.at(t);
        line(area, vec![(left, py), (right, py)], GRID, 1)?;
        text(
            area,
            &lang.pct(t, 0),
            (left - 8, py),
            Font::new(13.0, GREY).at(HPos::Right, VPos::Center),
        )?;
    }
    Ok(y)
}

/// A straight or broken line through `points`.
pub fn line(area: &Area, points: Vec<(i32, i32)>, color: RGBColor, width: u32) -> Drawn {
    ok(area.draw(&PathElement::new(points, color.stroke_width(width))))
}

/// A dashed line through `points`.
pub fn dashed(area: &Area, points: Vec<(i32, i32)>, color: RGBColor, width: u32) -> Drawn {
    ok(area.draw(&plotters::element::DashedPathElement::new(
        points,
        7,
        5,
        color.stroke_width(width),
    )))
}

/// A filled polygon.
pub fn polygon(area: &Area, points: Vec<(i32, i32)>, color: RGBColor) -> Drawn {
    ok(area.draw(&Polygon::new(points, color.filled())))
}

/// A filled dot of radius `r`.
pub fn dot(area: &Area, at: (i32, i32), r: i32, color: RGBColor) -> Drawn {
    ok(area.draw(&Circle::new(at, r, color.filled())))
}

/// A filled rectangle.
pub fn rect(area: &Area, a: (i32, i32), b: (i32, i32), color: RGBColor) -> Drawn {
    ok(area.draw(&Rectangle::new([a, b], color.filled())))
}

/// A band between the `lower` and `upper` pixel lines (same x, left to right).
pub fn band(area: &Area, lower: &[(i32, i32)], upper: &[(i32, i32)], color: RGBColor) -> Drawn {
    if upper.len() < 2 {
        return Ok(());
    }
    let points: Vec<(i32, i32)> = upper.iter().chain(lower.iter().rev()).copied().collect();
    polygon(area, points, color)
}

pub use plotters::style::RGBColor as Rgb;
pub use plotters::style::text_anchor::{HPos as H, VPos as V};

/// The legend of a fan: observed, median, 50 % and 90 % bands; drawn from `(x, y)`
/// to the right. Returns the x after the last item.
pub fn fan_legend(area: &Area, lang: Lang, (x, y): (i32, i32)) -> Drawn {
    let f = Font::new(13.0, INK);
    let mut x = x;
    dot(area, (x + 6, y), 4, INK)?;
    line(area, vec![(x, y), (x + 12, y)], INK, 2)?;
    let s = lang.pick("Observeret", "Observed");
    text(area, s, (x + 18, y), f)?;
    x += 18 + text_width(s, 13.0) + 22;
    line(area, vec![(x, y), (x + 18, y)], BLUE, 3)?;
    let s = lang.pick("Median, simuleret", "Median, simulated");
    text(area, s, (x + 24, y), f)?;
    x += 24 + text_width(s, 13.0) + 22;
    for (band, percent) in [(BAND50, 50), (BAND90, 90)] {
        rect(area, (x, y - 6), (x + 18, y + 6), band)?;
        let s = interval(lang, percent);
        text(area, &s, (x + 24, y), f)?;
        x += 24 + text_width(&s, 13.0) + 22;
    }
    line(area, vec![(x, y), (x + 18, y)], TARGET, 2)?;
    text(area, lang.pick("Mål", "Target"), (x + 24, y), f)
}

/// A generous estimate of a text's width in a sans-serif font (for laying out labels).
pub fn text_width(s: &str, px: f64) -> i32 {
    (s.chars().count() as f64 * px * 0.56).ceil() as i32
}

/// A range holding `lo..hi` widened to whole steps, with at most `max_ticks` ticks, for
/// axes that may cross zero (differences in points); returns `(lo, hi, step)`.
pub fn nice_range(lo: f64, hi: f64, max_ticks: usize) -> (f64, f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() {
        (lo - 0.5, lo + 0.5)
    } else {
        (-0.5, 0.5)
    };
    let step = [
        0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0,
    ]
    .into_iter()
    .find(|s| (((hi / s).ceil() - (lo / s).floor()) as usize) < max_ticks)
    .unwrap_or(50.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Decimals that show a tick step exactly (`0,25` → 2, `0,5` → 1, `2` → 0).
pub fn step_decimals(step: f64) -> usize {
    (0..3)
        .find(|d| {
            let k = 10f64.powi(*d as i32) * step;
            (k - k.round()).abs() < 1e-9
        })
        .unwrap_or(3)
}
