//! Every report (run, compare, sensitivity, evaluate) through headless Chromium: at a
//! desktop's 1366 px and a phone's 390 px, in print on A4, plus the checks that need no
//! browser (accessible SVGs, WCAG AA text colours, PNG text inside its edge).
//!
//! The browser checks inject a small script into a copy of each page: it measures the
//! laid-out page and writes what is wrong into the DOM, which `--dump-dom` hands back.
//! Print is checked at A4's printable width (210 mm less the `@page` margins, 2 × 12 mm:
//! 703 CSS px) with the page's `@media print` rules switched on, and each page is also
//! printed to a PDF whose page size must be A4.
//!
//! `cargo test --release --test it refresh_screenshots -- --ignored` rewrites
//! `docs/screenshots/` (a phone and a desktop screenshot of each report).

use super::cdp::{self, CHROMIUM};
use super::fokus;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The day the pages say they were made: fixed, so the pages are the same on every run.
const MADE: &str = "1764633600"; // 2025-12-02

/// The four reports, written into `dir`: `(name, folder)`.
fn reports(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let scenario = |s: &str| scenarios.join(format!("{s}.json"));
    let out = |name: &str| dir.join(name);
    let seed = ["--seed", "7", "--threads", "2"];
    fokus()
        .env("SOURCE_DATE_EPOCH", MADE)
        .arg("run")
        .arg(scenario("copenhagen-2025"))
        .args(["-n", "20", "--png", "--out"])
        .arg(out("run"))
        .args(seed)
        .assert()
        .success();
    fokus()
        .env("SOURCE_DATE_EPOCH", MADE)
        .arg("compare")
        .args(["copenhagen-2025", "production-steering", "frikort-method"].map(scenario))
        .args(["-n", "10", "--png", "--out"])
        .arg(out("compare"))
        .args(seed)
        .assert()
        .success();
    fokus()
        .env("SOURCE_DATE_EPOCH", MADE)
        .arg("sensitivity")
        .arg(scenario("recovery-plan"))
        .args(["-n", "4", "--png", "--out"])
        .arg(out("sensitivity"))
        .args(seed)
        .assert()
        .success();
    // The README's synthetic register: a page with real shares, both methods apart, part
    // years and suppressed groups, as a planner's evaluation looks.
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/register-synthetic.csv");
    fokus()
        .env("SOURCE_DATE_EPOCH", MADE)
        .arg("evaluate")
        .arg(&data)
        .args(["--method", "star", "--method", "frikort", "--report"])
        .arg(out("evaluate"))
        .assert()
        .success();
    ["run", "compare", "sensitivity", "evaluate"]
        .map(|name| (name, out(name)))
        .to_vec()
}

/// Headless Chromium on `url` with `args`; its standard output.
fn chromium(profile: &Path, args: &[String], url: &str) -> String {
    let out = Command::new(CHROMIUM)
        .args(cdp::HEADLESS)
        .arg("--hide-scrollbars")
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium failed: {}", out.status);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Measures the laid-out page and lists what is wrong in `<pre id="probe">`. In print
/// mode the stylesheet's `@media print` rules are switched on first.
const PROBE: &str = r#"<script>
(function () {
  const print = document.documentElement.dataset.probe === "print";
  const problems = [];
  if (print) {
    const rules = [];
    for (const sheet of document.styleSheets)
      for (const rule of sheet.cssRules)
        if (rule.media && rule.media.mediaText === "print")
          for (const inner of rule.cssRules) rules.push(inner.cssText);
    const style = document.createElement("style");
    style.textContent = rules.join("\n");
    document.head.appendChild(style);
  }
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1)
    problems.push("the page is wider than the window: " + document.documentElement.scrollWidth + " > " + width);
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
    if (own && !print && el.getClientRects().length > 0) {
      let px = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) px *= (el.getScreenCTM ? el : el.ownerSVGElement).getScreenCTM().a;
      if (px < 9) problems.push("text of " + px.toFixed(1) + " px: " + el.textContent.trim().slice(0, 40));
    }
    const style = getComputedStyle(el);
    const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
    if (print && scrolls && el.scrollWidth > el.clientWidth + 1)
      problems.push("cut in print (" + el.scrollWidth + " > " + el.clientWidth + "): " + el.tagName + " " + el.textContent.trim().slice(0, 40));
    if (print && el.tagName === "TABLE" && el.getBoundingClientRect().right > width + 1)
      problems.push("a table runs past the printed page: " + el.textContent.trim().slice(0, 40));
  }
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = "probed\n" + problems.join("\n");
  document.body.appendChild(pre);
})();
</script>"#;

/// What the probe found wrong in `page` at `width` px (`print`: with the print rules).
fn probe(profile: &Path, page: &Path, width: u32, print: bool) -> Vec<String> {
    let html = std::fs::read_to_string(page).unwrap();
    let mode = if print { "print" } else { "screen" };
    let probed = html
        .replacen("<html ", &format!("<html data-probe=\"{mode}\" "), 1)
        .replacen("</body>", &format!("{PROBE}</body>"), 1);
    let copy = page.with_file_name(format!("probe-{mode}-{width}.html"));
    std::fs::write(&copy, probed).unwrap();
    let dom = chromium(
        profile,
        &["--dump-dom".into(), format!("--window-size={width},900")],
        &format!("file://{}", copy.display()),
    );
    std::fs::remove_file(&copy).unwrap();
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + 16;
    let text = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_report_fits_a_desktop_a_phone_and_a4() {
    if !Path::new(CHROMIUM).exists() {
        println!("note: {CHROMIUM} is absent; the browser checks are skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let mut problems = Vec::new();
    for (name, folder) in reports(dir.path()) {
        let page = folder.join("report.html");
        for (width, print) in [(1366, false), (390, false), (703, true)] {
            for p in probe(&profile, &page, width, print) {
                problems.push(format!("{name} at {width} px (print: {print}): {p}"));
            }
        }
        let pdf = folder.join("report.pdf");
        chromium(
            &profile,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".into(),
            ],
            &format!("file://{}", page.display()),
        );
        let bytes = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // A4 is 595.28 × 841.89 pt (Chromium writes 594.96 × 841.92); US Letter would
        // be 612 × 792.
        let a4 = text.split("/MediaBox [").skip(1).all(|b| {
            let numbers: Vec<f64> = b
                .split(']')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            matches!(numbers[..], [0.0, 0.0, w, h]
                if (w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0)
        });
        assert!(
            bytes.starts_with(b"%PDF") && text.contains("/MediaBox [") && a4,
            "{name}: the PDF is not A4"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The WCAG 2 contrast ratio of two `#rrggbb` / `#rgb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let hex = hex.trim_start_matches('#');
        let hex: String = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect()
        } else {
            hex.to_string()
        };
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(0) + 0.7152 * c(2) + 0.0722 * c(4)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn contrast_is_computed_as_wcag_does() {
    assert!((contrast("#000", "#fff") - 21.0).abs() < 1e-9);
    assert!(contrast("#767676", "#ffffff") >= 4.5 && contrast("#777777", "#ffffff") < 4.5);
}

/// The values of `attribute` (as `name:` in CSS or `name="` in SVG) in `text`.
fn colours<'a>(text: &'a str, attribute: &str) -> Vec<&'a str> {
    text.split(attribute)
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start_matches(['"', ' ']);
            let end = rest.find(|c: char| !c.is_ascii_hexdigit() && c != '#')?;
            rest[..end].starts_with('#').then_some(&rest[..end])
        })
        .collect()
}

#[test]
fn every_svg_is_a_titled_image_and_every_text_colour_has_aa_contrast() {
    let dir = tempfile::tempdir().unwrap();
    for (name, folder) in reports(dir.path()) {
        let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
        let svgs: Vec<&str> = html.split("<svg ").skip(1).collect();
        assert!(!svgs.is_empty(), "{name}: no chart");
        for svg in &svgs {
            let open = &svg[..svg.find('>').unwrap()];
            let id = open
                .split("aria-labelledby=\"")
                .nth(1)
                .map(|s| &s[..s.find('"').unwrap()])
                .unwrap_or_else(|| panic!("{name}: an SVG without aria-labelledby: {open}"));
            assert!(open.contains("role=\"img\""), "{name}: {open}");
            let title = format!("<title id=\"{id}\">");
            let body = &svg[svg.find('>').unwrap() + 1..];
            let at = body
                .find(&title)
                .unwrap_or_else(|| panic!("{name}: no {title}"));
            let text = &body[at + title.len()..at + body[at..].find("</title>").unwrap()];
            assert!(text.len() > 20, "{name}: the title {text:?} says little");
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{name}: {id}"
            );
        }
        // Text colours: the CSS `color`s and the SVG texts' fills, all on white.
        let css = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
        let mut found = colours(css, "color:");
        for text in html.split("<text ").skip(1) {
            found.extend(colours(&text[..text.find('>').unwrap()], "fill="));
        }
        assert!(found.len() > 5, "{name}: {found:?}");
        for colour in found {
            let ratio = contrast(colour, "#ffffff");
            assert!(
                ratio >= 4.5,
                "{name}: text in {colour} has {ratio:.2}:1 on white"
            );
        }
    }
}

/// A PNG's pixels as RGB rows.
fn png_pixels(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let bytes = std::fs::read(path).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let samples = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks(samples)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

#[test]
fn no_png_text_runs_past_its_right_edge() {
    let dir = tempfile::tempdir().unwrap();
    let mut pngs = 0;
    for (name, folder) in reports(dir.path()) {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "png") {
                continue;
            }
            pngs += 1;
            // The charts keep a 24 px margin; at the PNG's 2× the last 16 columns are
            // white unless something (a text set wider than it was measured) runs in.
            let (w, h, rgb) = png_pixels(&path);
            let inked = (0..h)
                .flat_map(|y| (w - 16..w).map(move |x| (x, y)))
                .filter(|&(x, y)| rgb[(y * w + x) as usize] != [0xff; 3])
                .count();
            assert_eq!(
                inked,
                0,
                "{name}: {} has ink at its right edge",
                path.display()
            );
        }
    }
    assert!(pngs >= 5, "{pngs} PNGs");
}

/// Rewrite `docs/screenshots/`: each report on a phone (390 px) and a desktop (1366 px).
#[test]
#[ignore = "rewrites docs/screenshots/; run it after changing how the reports look"]
fn refresh_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&target).unwrap();
    for (name, folder) in reports(dir.path()) {
        let url = format!("file://{}", folder.join("report.html").display());
        for (device, size) in [("phone", "390,1400"), ("desktop", "1366,1000")] {
            let shot = target.join(format!("{name}-{device}.png"));
            chromium(
                &profile,
                &[
                    format!("--screenshot={}", shot.display()),
                    format!("--window-size={size}"),
                ],
                &url,
            );
            assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
        }
    }
}
