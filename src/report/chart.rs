//! The shared drawing kit of the charts: palette, scales, text and the SVG canvas.
//!
//! Charts are drawn in pixel coordinates with plotters' basic shapes, so every element
//! lands exactly where the statistics-office look wants it (no automatic axes).

use super::text::{Lang, run::interval};
use crate::error::Error;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::LazyLock;

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
///
/// This is the one place charts become SVG, so it is where they become accessible: the
/// root gets `role="img"` and a `<title>` (named by `aria-labelledby`) that says what the
/// chart shows — its heading, the first two texts, which every chart draws first with
/// [`heading`]. It also gets the CSS variable `--min-width`: the narrowest the page may
/// shrink it while its smallest text stays [`MIN_TEXT_PX`] (a phone scrolls the chart
/// inside its box instead of shrinking the text to nothing).
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
            .map_err(|e| {
                Error::Runtime(crate::text!(
                    da: "{name} kunne ikke tegnes: {e}",
                    en: "drawing {name}: {e}"
                ))
            })?;
    }
    Ok(accessible(name, size.0, &buf))
}

/// The smallest text (CSS pixels) a page may show a chart's text at.
pub const MIN_TEXT_PX: f64 = 9.0;

/// `svg` with its role, title and `--min-width` (see [`svg`]).
fn accessible(name: &str, width: u32, svg: &str) -> String {
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|part| {
            let body = &part[part.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim())
        })
        .take(2)
        .collect();
    // The texts are already escaped by plotters: they go into the title as they are.
    let title = match texts.as_slice() {
        [] => String::new(),
        [t] => (*t).to_string(),
        [t, sub, ..] if t.ends_with(['.', '?', '!', ':']) => format!("{t} {sub}"),
        [t, sub, ..] => format!("{t}. {sub}"),
    };
    let smallest = svg
        .split("font-size=\"")
        .skip(1)
        .filter_map(|p| p[..p.find('"')?].parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    let min_width = if smallest.is_finite() && smallest < MIN_TEXT_PX * 2.0 {
        (f64::from(width) * MIN_TEXT_PX / smallest)
            .ceil()
            .min(f64::from(width))
    } else {
        0.0
    };
    // Several charts share a page: the id is the chart's name and its title's hash.
    let stem = name.split('.').next().unwrap_or(name);
    let hash = title.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let id = format!("{stem}-title-{hash:08x}");
    let Some(open) = svg.find("<svg ") else {
        return svg.to_string();
    };
    let Some(close) = svg[open..].find('>').map(|i| open + i + 1) else {
        return svg.to_string();
    };
    format!(
        "{}<svg role=\"img\" aria-labelledby=\"{id}\" style=\"--min-width:{min_width}px\" {}\n<title id=\"{id}\">{title}</title>{}",
        &svg[..open],
        &svg[open + 5..close],
        &svg[close..]
    )
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

/// The x scale of `months` month columns from pixel `left` to `right`, each month at
/// its column's centre (index 0 the first month).
pub fn month_columns(months: usize, (left, right): (i32, i32)) -> Scale {
    Scale {
        d0: -0.5,
        d1: months.max(1) as f64 - 0.5,
        p0: left as f64,
        p1: right as f64,
    }
}

/// Under month columns `x`, centred on pixel row `y`: the label of every `every`-th
/// month from the first, in grey at `px` pixels.
pub fn month_labels(
    area: &Area,
    lang: Lang,
    months: impl IntoIterator<Item = crate::Month>,
    x: &Scale,
    (y, px): (i32, f64),
    every: usize,
) -> Drawn {
    for (i, m) in months.into_iter().enumerate().step_by(every.max(1)) {
        text(
            area,
            lang.month(m),
            (x.at(i as f64), y),
            Font::new(px, GREY).at(H::Center, V::Center),
        )?;
    }
    Ok(())
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

/// Draw `s` at pixel `(x, y)`, in `f`'s colour darkened where needed to be
/// [`readable`] on white (the target's vermillion stays the line's colour; its labels get
/// the darker orange).
pub fn text(area: &Area, s: &str, (x, y): (i32, i32), f: Font) -> Drawn {
    // plotters-svg writes `font-size` as size / 1.24.
    let size = f.px * 1.24;
    let desc = if f.bold {
        ("sans-serif", size, FontStyle::Bold).into_font()
    } else {
        ("sans-serif", size).into_font()
    };
    let color = readable(f.color);
    let style = TextStyle::from(desc).color(&color).pos(Pos::new(f.h, f.v));
    ok(area.draw(&Text::new(xml_text(s), (x, y), style)))
}

/// The contrast ratio WCAG 2 asks text to have against its background (AA, normal size).
pub const TEXT_CONTRAST: f64 = 4.5;

/// The WCAG 2 contrast ratio of two colours, 1 to 21.
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance =
        |c: RGBColor| 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2);
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c`, or `c` darkened (same hue, each channel scaled down in 2 % steps) until it has
/// [`TEXT_CONTRAST`] on white: a label keeps its series' hue and stays legible.
pub fn readable(c: RGBColor) -> RGBColor {
    (0..=50)
        .map(|i| {
            let k = 1.0 - f64::from(i) * 0.02;
            let scale = |v: u8| (f64::from(v) * k).round() as u8;
            RGBColor(scale(c.0), scale(c.1), scale(c.2))
        })
        .find(|d| contrast(*d, WHITE) >= TEXT_CONTRAST)
        .unwrap_or(INK)
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

/// A chart's heading: the title in bold ink and the subtitle in grey below it, each
/// set smaller (down to 10 px) and then cut with "…" when it would run past the right
/// margin (24 px, as the left), measured with the font the PNG is set in.
pub fn heading(area: &Area, title: &str, subtitle: &str) -> Drawn {
    let room = f64::from(area.dim_in_pixel().0) - 48.0;
    let (title, px) = fit(title, 20.0, true, room);
    text(area, &title, (24, 28), Font::new(px, INK).bold())?;
    let (subtitle, px) = fit(subtitle, 14.0, false, room);
    text(area, &subtitle, (24, 54), Font::new(px, GREY))
}

/// `s` at `(x, y)`, left-aligned, at the font's size or smaller so that it ends 24 px
/// before the right edge (a footer with a long source or path).
pub fn text_fitted(area: &Area, s: &str, (x, y): (i32, i32), f: Font) -> Drawn {
    let room = f64::from(area.dim_in_pixel().0) - f64::from(x) - 24.0;
    let (s, px) = fit(s, f.px, f.bold, room);
    text(area, &s, (x, y), Font { px, ..f })
}

/// `s` broken at ` · ` (else at spaces) into lines that each fit in `room` pixels at
/// `px`: a footer too long for a narrow chart is wrapped, not cut, so that what
/// reproduces the chart stays readable. A single word wider than the room is its own
/// line (then [`text_fitted`] shrinks it).
pub fn wrap(s: &str, px: f64, room: f64) -> Vec<String> {
    let fits = |line: &str| measure(line, px, false) <= room;
    let mut lines: Vec<String> = Vec::new();
    for part in s.split(" · ") {
        let joined = match lines.last() {
            Some(last) => format!("{last} · {part}"),
            None => part.to_string(),
        };
        if fits(&joined) {
            match lines.last_mut() {
                Some(last) => *last = joined,
                None => lines.push(joined),
            }
            continue;
        }
        // The part starts a new line; a part wider than the room breaks at spaces.
        let mut line = String::new();
        for word in part.split(' ') {
            let longer = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fits(&longer) || line.is_empty() {
                line = longer;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        lines.push(line);
    }
    lines
}

/// `s` and a size of at most `px` at which it fits in `room` pixels.
fn fit(s: &str, px: f64, bold: bool, room: f64) -> (String, f64) {
    const SMALLEST: f64 = 10.0;
    let w = measure(s, px, bold);
    if w <= room {
        return (s.to_string(), px);
    }
    // Two decimals, rounded down: the written size never measures wider than the room.
    let shrunk = (px * room / w * 100.0).floor() / 100.0;
    if shrunk >= SMALLEST {
        return (s.to_string(), shrunk);
    }
    let mut cut: Vec<char> = s.chars().collect();
    while !cut.is_empty() {
        cut.pop();
        let t: String = cut.iter().collect::<String>().trim_end().to_string() + "…";
        if measure(&t, SMALLEST, bold) <= room {
            return (t, SMALLEST);
        }
    }
    ("…".into(), SMALLEST)
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

/// The width of `s` in pixels set in regular DejaVu Sans of `px` pixels (rounded up).
pub fn text_width(s: &str, px: f64) -> i32 {
    measure(s, px, false).ceil() as i32
}

/// The advance width of `s` in DejaVu Sans (bold or regular) of `px` pixels: the font
/// the PNG renderer embeds, and the one Chromium's `sans-serif` is on Debian, so layout
/// and raster agree.
pub fn measure(s: &str, px: f64, bold: bool) -> f64 {
    use skrifa::MetadataProvider;
    use skrifa::instance::{LocationRef, Size};
    static FACES: LazyLock<[skrifa::FontRef<'static>; 2]> = LazyLock::new(|| {
        [super::raster::REGULAR, super::raster::BOLD]
            .map(|data| skrifa::FontRef::new(data).expect("the embedded DejaVu Sans parses"))
    });
    let face = &FACES[usize::from(bold)];
    let charmap = face.charmap();
    let metrics = face.glyph_metrics(Size::new(px as f32), LocationRef::default());
    s.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            f64::from(metrics.advance_width(glyph).unwrap_or(0.0))
        })
        .sum()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_footer_wraps_at_its_separators_and_every_line_fits() {
        let s = "Fremskrivning: fokus 0.1.0 · scenarie produktionsstyring · startværdi 20250429 · 60 kørsler pr. punkt · STARs opgørelsesmetode · sha256 631540291c0b";
        let lines = wrap(s, 11.0, 300.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| measure(l, 11.0, false) <= 300.0),
            "{lines:?}"
        );
        assert_eq!(lines.join(" · "), s, "nothing lost or reordered");
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(' ') && !l.ends_with(' '))
        );
        // Short enough: one line, as it was.
        assert_eq!(wrap("Data: x · y", 11.0, 300.0), ["Data: x · y"]);
        // A part wider than the room breaks at its spaces.
        let long = "Genopretningsplanen, tabel 4: andel passive, personer med mindst 12 måneders anciennitet";
        let lines = wrap(long, 11.0, 200.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| measure(l, 11.0, false) <= 200.0));
        assert_eq!(lines.join(" "), long);
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast(INK, INK) - 1.0).abs() < 1e-12);
        assert!((contrast(RGBColor(0, 0, 0), WHITE) - 21.0).abs() < 1e-9);
        // #767676 is the lightest grey with 4.5:1 on white; #777777 just misses it.
        assert!(contrast(RGBColor(0x76, 0x76, 0x76), WHITE) >= 4.5);
        assert!(contrast(RGBColor(0x77, 0x77, 0x77), WHITE) < 4.5);
        // The target's vermillion: 3.9:1, too light for text.
        assert!((contrast(TARGET, WHITE) - 3.9).abs() < 0.05);
    }

    #[test]
    fn text_colours_are_darkened_to_aa_and_only_as_needed() {
        assert_eq!(readable(INK), INK);
        assert_eq!(readable(GREY), GREY);
        for c in SERIES.into_iter().chain([TARGET]) {
            let d = readable(c);
            assert!(contrast(d, WHITE) >= TEXT_CONTRAST, "{c:?} → {d:?}");
            // Darkened, never lightened, every channel by the same factor.
            assert!(d.0 <= c.0 && d.1 <= c.1 && d.2 <= c.2);
        }
    }

    #[test]
    fn text_is_measured_with_dejavu() {
        // DejaVu Sans: "M" advances 1767 of 2048 units, "i" 569; bold is wider.
        assert!((measure("M", 2048.0, false) - 1767.0).abs() < 0.5);
        assert!((measure("i", 2048.0, false) - 569.0).abs() < 0.5);
        assert!(measure("M", 20.0, true) > measure("M", 20.0, false));
        let (a, b) = (
            measure("Årsgns.", 13.0, false),
            measure(" 66,2 %", 13.0, false),
        );
        assert!((measure("Årsgns. 66,2 %", 13.0, false) - (a + b)).abs() < 1e-3);
        assert_eq!(
            text_width("M", 20.0),
            (1767.0_f64 * 20.0 / 2048.0).ceil() as i32
        );
    }

    #[test]
    fn the_svg_is_an_image_titled_by_its_heading() {
        let svg = svg("fan.svg", (200, 100), |area| {
            heading(area, "Titel & co", "Undertitel")?;
            text(area, "lille", (10, 90), Font::new(11.0, GREY))
        })
        .unwrap();
        let title = "Titel &amp; co. Undertitel";
        let hash = title.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let id = format!("fan-title-{hash:08x}");
        // The smallest text is 11 px: 9/11 of 200 px, rounded up, keeps it at 9 px.
        assert!(
            svg.starts_with(&format!(
                "<svg role=\"img\" aria-labelledby=\"{id}\" style=\"--min-width:164px\" width=\"200\""
            )),
            "{svg}"
        );
        assert!(svg.contains(&format!(">\n<title id=\"{id}\">{title}</title>\n<rect")));
    }

    #[test]
    fn a_heading_too_wide_is_set_smaller_then_cut() {
        let room = 300.0;
        let (s, px) = fit("Kort", 14.0, false, room);
        assert_eq!((s.as_str(), px), ("Kort", 14.0));
        let long = "Årsgennemsnit af de 12 månedsandele; alle scenarier";
        let (s, px) = fit(long, 14.0, false, room);
        assert_eq!(s, long);
        assert!((10.0..14.0).contains(&px) && measure(long, px, false) <= room);
        let longer = long.repeat(3);
        let (s, px) = fit(&longer, 14.0, true, room);
        assert!(s.ends_with('…') && px == 10.0, "{s} {px}");
        assert!(measure(&s, px, true) <= room);
        assert!(longer.starts_with(s.trim_end_matches('…')));
    }
}
