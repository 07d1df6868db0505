//! `report.html`: one self-contained page — styles inline, the SVGs inline, no external
//! address of any kind — so it can be mailed, archived or opened offline.
//!
//! The pages are maud templates: every interpolated text is escaped by maud (as [`Text`]),
//! so a scenario's or a register's text can never become markup. The newlines between
//! the block elements are written out (`"\n"`), keeping the pages' bytes as they were.

use super::text::{Lang, run as run_text, takes as takes_text};
use super::{RunInfo, groups, observed_group};
use crate::Month;
use crate::run::RunResult;
use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

/// Text on a page: escaped by maud, with an apostrophe written `&#39;` as the pages
/// always have (so their bytes do not depend on the template engine).
#[derive(Clone, Copy, Debug)]
pub struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        // The page holds SVG inline: text XML cannot hold would make it invalid too.
        let text = super::chart::xml_text(self.0);
        let mut parts = text.split('\'');
        if let Some(first) = parts.next() {
            first.render_to(buffer);
        }
        for part in parts {
            buffer.push_str("&#39;");
            part.render_to(buffer);
        }
    }
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#222;margin:0;background:#fff;line-height:1.45}
main{max-width:1000px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:1.5rem;margin:0 0 4px}
h1,.headline,.verdict{overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.stamp{color:#6b6b6b;font-size:.85rem;margin:0 0 6px}
.sub{color:#6b6b6b;margin:0 0 20px}
h3{font-size:1rem;margin:18px 0 4px}
td.name{font-weight:600}
tr.base td{border-top:1px solid #999}
.headline{font-size:2rem;font-weight:700;margin:8px 0 2px}
.headline small{font-size:1rem;font-weight:400;color:#6b6b6b}
.verdict{font-size:1.05rem;margin:0 0 16px}
.keys{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 8px}
.key{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:200px}
.key b{display:block;font-size:1.35rem}
.key span{color:#6b6b6b;font-size:.9rem}
figure{margin:16px 0;overflow-x:auto}
figure svg{max-width:100%;min-width:var(--min-width,0);height:auto;display:block}
figcaption{color:#6b6b6b;font-size:.9rem}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.92rem;display:block;max-width:100%;overflow-x:auto}
th,td{padding:3px 10px;text-align:right;border-bottom:1px solid #eee}
th:first-child,td:first-child{text-align:left}
thead th{border-bottom:1px solid #999;font-weight:600}
td.obs{font-weight:700}
td.below{color:#b34700;text-decoration:underline}
.wide{overflow-x:auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:.92rem}
dt{color:#6b6b6b}
dd{margin:0;overflow-wrap:anywhere;min-width:0}
.note{color:#6b6b6b;font-size:.88rem}
@media (max-width:600px){
main{padding:16px 14px 32px}
.headline{font-size:1.5rem}
.key{min-width:0;flex:1 1 100%}
dl{grid-template-columns:1fr}
dd{margin:0 0 6px}
}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
.headline{font-size:1.5rem}
figure,.wide{overflow:visible}
figure svg{min-width:0}
table{display:table;overflow:visible;font-size:8pt}
th,td{padding:1px 4px;overflow-wrap:anywhere}
figure,table,tr,.keys,.key,dl{break-inside:avoid}
h2,h3{break-after:avoid}
}
";

/// A whole page around `body`, with the header line of the data's last month
/// (`data_to`) and the day the page was made ([`made_on`]).
///
/// Every space between a number and its unit becomes a no-break space ([`nbsp`]).
pub fn page(lang: Lang, title: &str, data_to: Option<Month>, body: Markup) -> String {
    let (year, month, day) = made_on();
    let made = match Month::new(year, month) {
        Some(m) => lang
            .pick(
                &format!("beregnet {day}. {} {year}", lang.month_name(m)),
                &format!("made {day} {} {year}", lang.month_name(m)),
            )
            .to_string(),
        None => String::new(),
    };
    let stamp = match data_to {
        Some(m) => format!(
            "{} {} {} · {made}",
            lang.pick("Data til og med", "Data through"),
            lang.month_name(m),
            m.year()
        ),
        None => {
            let mut chars = made.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        }
    };
    let body = nbsp(&html! { p.stamp { (Text(&stamp)) } "\n" (body) }.into_string());
    html! {
        (DOCTYPE) "\n"
        html lang=(lang.pick("da", "en")) {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                title { (Text(title)) } "\n"
                style { (PreEscaped(STYLE)) } "\n"
            } "\n"
            body { "\n" main { "\n" (PreEscaped(body)) } "\n" } "\n"
        } "\n"
    }
    .into_string()
}

/// The day a page is made, `(year, month, day)` in UTC: from `SOURCE_DATE_EPOCH`
/// (seconds since 1970, the reproducible-builds convention) when it holds a number, so a
/// page can be made again byte for byte; else from the clock. Only the HTML carries it:
/// the JSON, CSV and charts stay a function of the scenario and the seed.
pub fn made_on() -> (i32, u32, u32) {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil(seconds.div_euclid(86_400))
}

/// The date of `days` since 1970-01-01 (the proleptic Gregorian calendar; H. Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

/// The units a number is never parted from at a line break.
const UNITS: [&str; 5] = ["%", "pct.", "pp", "procentpoint", "percentage point"];

/// `html` with the space between a digit and a unit ([`UNITS`]) made a no-break space:
/// "72,9 %" never breaks between the number and its sign. Applied to the whole page body,
/// so every text — the report's own and the scenario's — is covered at one place.
pub fn nbsp(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut previous = '\0';
    for (i, c) in html.char_indices() {
        if c == ' '
            && previous.is_ascii_digit()
            && UNITS.iter().any(|u| {
                let rest = &html[i + 1..];
                rest.starts_with(u) && !rest[u.len()..].starts_with(|n: char| n.is_alphanumeric())
            })
        {
            out.push('\u{a0}');
        } else {
            out.push(c);
        }
        previous = c;
    }
    out
}

/// An SVG for inlining: without an XML declaration, if any.
pub fn inline_svg(svg: &str) -> PreEscaped<&str> {
    PreEscaped(match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    })
}

/// The page's title and, if any, the scenario's description under it.
pub fn heading(title: &str, description: &str) -> Markup {
    html! {
        h1 { (Text(title)) } "\n"
        @if !description.is_empty() {
            p.sub { (Text(description)) } "\n"
        }
    }
}

/// A key figure box.
pub fn key(label: &str, value: &str, detail: &str) -> Markup {
    html! {
        div.key { span { (Text(label)) } b { (Text(value)) } span { (Text(detail)) } } "\n"
    }
}

/// A row of key figure boxes.
pub fn keys(boxes: Markup) -> Markup {
    html! { div.keys { "\n" (boxes) } "\n" }
}

/// A list of texts, or `empty` when there are none.
pub fn list(items: &[String], empty: &str) -> Markup {
    html! {
        @if items.is_empty() {
            p { (Text(empty)) } "\n"
        } @else {
            ul { "\n" @for i in items { li { (Text(i)) } "\n" } } "\n"
        }
    }
}

/// A definition list of `(term, text)` under a heading.
pub fn definitions(heading: &str, rows: &[(String, String)]) -> Markup {
    html! {
        h2 { (Text(heading)) } "\n"
        dl { "\n" @for (k, v) in rows { dt { (Text(k)) } dd { (Text(v)) } "\n" } } "\n"
    }
}

/// A figure with the SVG inline and a caption.
pub fn figure(svg: &str, caption: &str) -> Markup {
    html! { figure { (inline_svg(svg)) figcaption { (Text(caption)) } } "\n" }
}

/// A section heading.
pub fn h2(text: &str) -> Markup {
    html! { h2 { (Text(text)) } "\n" }
}

/// A note in small grey type.
pub fn note(text: &str) -> Markup {
    html! { p.note { (Text(text)) } "\n" }
}

/// A table's header row of `labels`.
pub fn header_row(labels: &[&str]) -> Markup {
    html! { thead { tr { @for l in labels { th { (Text(l)) } } } } "\n" }
}

/// The audit rows every run page shares: version, scenario, seed, replications, method.
pub fn audit_rows(r: &RunResult, lang: Lang) -> Vec<(String, String)> {
    let l = |da: &str, en: &str| lang.pick(da, en).to_string();
    let a = &r.audit;
    vec![
        (l("fokus-version", "fokus version"), a.fokus_version.clone()),
        (l("Scenariefil", "Scenario file"), a.scenario.clone()),
        (l("Scenarie", "Scenario"), a.scenario_name.clone()),
        (
            l("Scenariets sha256", "Scenario sha256"),
            a.scenario_sha256.clone(),
        ),
        (l("Startværdi (seed)", "Seed"), a.seed.to_string()),
        (l("Kørsler", "Replications"), lang.count(a.replications)),
        (
            l("Opgørelsesmetode", "Calculation method"),
            a.method.clone(),
        ),
    ]
}

/// The last observed month of a run: the data's "as of".
pub fn last_observed(r: &RunResult) -> Option<Month> {
    r.months.iter().rfind(|m| m.observed).map(|m| m.month)
}

/// The target's key figure box.
pub fn target_key(r: &RunResult, lang: Lang) -> Markup {
    key(
        lang.pick("Mål", "Target"),
        &format!(
            "{} {}",
            lang.pick("over", "above"),
            lang.pct(r.target_pct, 1)
        ),
        lang.pick(
            "årsgennemsnit af 12 månedsandele",
            "year mean of the 12 monthly shares",
        ),
    )
}

/// The report page of a run.
/// The charts of a run's page, as SVG text.
pub struct RunCharts<'a> {
    /// `fan.svg`.
    pub fan: &'a str,
    /// `certainty.svg`.
    pub certainty: &'a str,
    /// `groups.svg`.
    pub groups: &'a str,
}

/// A run's page: the answer, the charts with their tables, the audit trail.
pub fn run_page(r: &RunResult, info: &RunInfo, lang: Lang, charts: &RunCharts) -> String {
    let l = |da, en| lang.pick(da, en);
    let title = super::title(r, info, lang);
    let y = &r.year_mean_pct;
    let year_mean = match (y.mean, y.p05, y.p95) {
        (Some(mean), Some(lo), Some(hi)) => Some(key(
            l("Forventet årsgennemsnit", "Expected year mean"),
            &lang.pct(mean, 1),
            &format!(
                "{} {}",
                run_text::interval(lang, 90),
                lang.pct_range(lo, hi, 1)
            ),
        )),
        _ => None,
    };
    let n_obs = r.months.iter().take_while(|m| m.observed).count();
    let requirement = match (r.requirement_pct, r.months.get(n_obs), r.months.last()) {
        (Some(req), Some(first), Some(last)) => {
            let observed: Vec<String> = r.months[..n_obs]
                .iter()
                .filter_map(|m| m.total.mean.map(|v| lang.num(v, 1)))
                .collect();
            Some(key(
                &format!(
                    "{} {}",
                    l("Krav til", "Required in"),
                    lang.month_span(first.month, last.month)
                ),
                &lang.pct(req, 1),
                &format!("{}: {}", l("observeret", "observed"), observed.join(" · ")),
            ))
        }
        _ => None,
    };
    let mut audit = audit_rows(r, lang);
    audit.push((
        l("Beregning", "Computation").into(),
        l(
            "Monte Carlo-mikrosimulering pr. person og måned; observerede måneder fastholdt som observeret, kun de resterende måneder simuleres. Årstallet er gennemsnittet af de 12 månedsandele; intervaller er 5-, 25-, 75- og 95-percentiler over kørslerne (lineær interpolation, type 7); sandsynligheden har et Wilson-interval.",
            "Monte Carlo microsimulation per person and month; observed months kept as observed, only the remaining months are simulated. The year figure is the mean of the 12 monthly shares; intervals are the 5th, 25th, 75th and 95th percentiles over the replications (linear interpolation, type 7); the probability has a Wilson interval.",
        )
        .into(),
    ));
    let body = html! {
        (heading(&title, &info.description))
        p.headline {
            (Text(run_text::probability_label(lang))) " " (lang.prob_of(r.p_target_met, r.audit.replications)) " "
            small { "(" (Text(&run_text::interval(lang, 95))) " " (lang.prob_range(r.p_target_met_ci95)) ")" }
        } "\n"
        p.verdict { (Text(run_text::verdict(r, lang))) } "\n"
        @if let Some(p) = &r.precision {
            p { (Text(&run_text::precision(p, r.audit.replications, lang))) } "\n"
        }
        @if let Some(u) = &r.uncertainty {
            @for line in run_text::uncertainty(u, r.audit.replications, lang) { p { (Text(&line)) } "\n" }
        }
        (keys(html! { @if let Some(k) = year_mean { (k) } (target_key(r, lang)) @if let Some(k) = requirement { (k) } }))
        (figure(charts.fan, l(
            "Observerede måneder er fastholdt; de simulerede måneder viser medianen og 50 %- og 90 %-intervallet over kørslerne. Fil: fan.svg.",
            "Observed months are kept as observed; simulated months show the median and the 50% and 90% intervals over the replications. File: fan.svg.",
        )))
        (figure(charts.certainty, l(
            "Hver søjle tæller de kørsler, hvis årsgennemsnit ligger i intervallet; de blå ligger over målet. Fil: certainty.svg.",
            "Each bar counts the replications whose year mean falls in its interval; the blue ones are above the target. File: certainty.svg.",
        )))
        (certainty_table(r, lang))
        (figure(charts.groups, l(
            "Grupperne står efter deres niveau over året, laveste først. Fil: groups.svg.",
            "The groups are ordered by their level over the year, lowest first. File: groups.svg.",
        )))
        (takes_section(r, lang))
        (month_table(r, lang))
        (group_table(r, lang))
        (conversations_section(r, lang))
        (h2(l("Forudsætninger", "Assumptions")))
        (list(&info.notes, l("Scenariet har ingen noter.", "The scenario has no notes.")))
        (definitions(l("Revisionsspor", "Audit trail"), &audit))
        (note(l(
            "Mappen indeholder også months.csv (tallene bag figurerne) og summary.json (samme som fokus run --format json).",
            "The folder also holds months.csv (the numbers behind the charts) and summary.json (the same as fokus run --format json).",
        )))
    };
    page(lang, &title, last_observed(r), body)
}

/// "What it takes": the sentences, then per group the persons and offers behind them.
fn takes_section(r: &RunResult, lang: Lang) -> Markup {
    let l = |da, en| lang.pick(da, en);
    let w = &r.what_it_takes;
    let count = |v: f64| takes_text::persons(lang, v);
    let signed = |v: f64| {
        let n = takes_text::persons(lang, v);
        if v < 0.0 && n != "0" {
            format!("−{n}")
        } else {
            n
        }
    };
    html! {
        (h2(l("Hvad skal der til?", "What does it take?")))
        @for s in takes_text::sentences(r, lang) {
            p { (Text(&s)) } "\n"
        }
        @if let Some(extra) = &w.extra_fulfilled_persons_per_month {
            div.wide {
                table {
                    "\n"
                    (header_row(&[
                        l("Ydelsesgruppe", "Benefit group"),
                        l("Flere opfyldte pr. måned", "More fulfilled a month"),
                        l("Tilbud startet pr. måned", "Offers started a month"),
                    ]))
                    tbody {
                        "\n"
                        @for (g, persons) in &extra.groups {
                            tr {
                                td { (Text(lang.group(*g))) }
                                td { (signed(*persons)) }
                                td { (count(w.offers_started_per_month.groups.get(g).copied().unwrap_or(0.0))) }
                            } "\n"
                        }
                        tr.base {
                            td { (Text(l("I alt", "Total"))) }
                            td { (signed(extra.total)) }
                            td { (count(w.offers_started_per_month.total)) }
                        } "\n"
                    } "\n"
                }
            } "\n"
            (note(l(
                "Flere opfyldte: (krævet gennemsnit − scenariets forventede andel) × forventet målgruppe, gennemsnit over de simulerede måneder efter den sidste observerede; fordelt på grupperne efter deres andel af målgruppen. Tilbud: gennemsnit over kørslerne og de samme måneder.",
                "More fulfilled: (required average − the scenario's expected share) × expected population, averaged over the simulated months after the last observed one; split over the groups by their share of the population. Offers: means over the replications and the same months.",
            )))
        }
    }
}

/// The conversations goal: its probability and year mean.
fn conversations_section(r: &RunResult, lang: Lang) -> Markup {
    let c = &r.conversations;
    let y = &c.year_mean_pct;
    html! {
        (h2(&takes_text::conversations_heading(r, lang)))
        (keys(html! {
            (key(
                lang.pick("Sandsynlighed for målet", "Probability of the goal"),
                &lang.prob_of(c.p_target_met, r.audit.replications),
                &format!("{} {}", run_text::interval(lang, 95), lang.prob_range(c.p_target_met_ci95)),
            ))
            @if let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) {
                (key(
                    lang.pick("Forventet årsgennemsnit", "Expected year mean"),
                    &lang.pct(mean, 1),
                    &format!("{} {}", run_text::interval(lang, 90), lang.pct_range(lo, hi, 1)),
                ))
            }
        }))
    }
}

/// The certainty chart as a table: the probability of a year mean above the target and
/// a point or two either side of it (the S-curve read at whole points).
fn certainty_table(r: &RunResult, lang: Lang) -> Markup {
    let l = |da, en| lang.pick(da, en);
    let hist = &r.year_mean_histogram;
    let n = hist.total();
    // Whole points are bin edges only while a bin is at most a point wide.
    let offsets: &[f64] = if hist.bin <= 1.0 {
        &[-2.0, -1.0, 0.0, 1.0, 2.0]
    } else {
        &[0.0]
    };
    html! {
        div.wide {
            table {
                "\n"
                (header_row(&[
                    l("Årsgennemsnit over", "Year mean above"),
                    l("Sandsynlighed", "Probability"),
                    l("Kørsler", "Replications"),
                ]))
                tbody {
                    "\n"
                    @for d in offsets {
                        @let x = r.target_pct + d;
                        @let above = hist.count_above(x);
                        tr.base[*d == 0.0] {
                            td { (lang.pct(x, 1)) @if *d == 0.0 { " " (Text(l("(målet)", "(the target)"))) } }
                            td { (lang.prob_of(above as f64 / n.max(1) as f64, n)) }
                            td { (lang.count(above)) " " (Text(l("af", "of"))) " " (lang.count(n)) }
                        } "\n"
                    }
                } "\n"
            } "\n"
        }
    }
}

fn month_table(r: &RunResult, lang: Lang) -> Markup {
    let l = |da, en| lang.pick(da, en);
    let one = |v: Option<f64>| v.map_or("–".into(), |v| lang.num(v, 1));
    let range = |a: Option<f64>, z: Option<f64>| match (a, z) {
        (Some(a), Some(z)) => format!("{}–{}", lang.num(a, 1), lang.num(z, 1)),
        _ => "–".into(),
    };
    let (interval50, interval90) = (run_text::interval(lang, 50), run_text::interval(lang, 90));
    html! {
        (h2(l("Måned for måned, i alt", "Month by month, total")))
        table {
            "\n"
            (header_row(&[
                l("Måned", "Month"), l("Observeret", "Observed"), "Median", &interval50, &interval90,
                l("Målgruppe", "Population"), l("Opfyldt", "Fulfilled"), l("Tilbud startet", "Offers started"),
            ]))
            tbody {
                "\n"
                @for m in &r.months {
                    @let s = &m.total;
                    @let c = &m.counts.total;
                    tr {
                        td { (lang.month_year(m.month)) }
                        @if m.observed {
                            td.obs { (one(s.mean)) } td { "–" } td { "–" } td { "–" }
                        } @else {
                            td { "–" } td { (one(s.p50)) } td { (range(s.p25, s.p75)) } td { (range(s.p05, s.p95)) }
                        }
                        td { (takes_text::persons(lang, c.population)) }
                        td { (takes_text::persons(lang, c.fulfilled)) }
                        td { (takes_text::persons(lang, c.offers_started)) }
                    } "\n"
                }
            } "\n"
        } "\n"
        (note(l(
            "Antal: forventet antal personer i målgruppen, heraf opfyldte, og tilbud startet i måneden (gennemsnit over kørslerne). Observerede måneder har kun andele: målgruppen og tilbuddene er simulerede, de opfyldte er den observerede andel af målgruppen.",
            "Counts: expected persons in the population, of them fulfilled, and offers started in the month (means over the replications). Observed months have shares only: the population and offers are simulated, the fulfilled are the observed share of the population.",
        )))
    }
}

fn group_table(r: &RunResult, lang: Lang) -> Markup {
    let l = |da, en| lang.pick(da, en);
    // In the chart's order, so the table reads beside it.
    let groups: Vec<crate::Group> = groups::ordered(r).into_iter().map(|(g, _)| g).collect();
    // Bold: observed; red: at or below the target.
    let cell = |v: Option<f64>, observed: bool| {
        let below = v.is_some_and(|v| v <= r.target_pct);
        let class = match (observed, below) {
            (false, false) => None,
            (false, true) => Some("below"),
            (true, false) => Some("obs"),
            (true, true) => Some("obs below"),
        };
        html! { td class=[class] { (v.map_or("–".into(), |v| lang.num(v, 1))) } }
    };
    html! {
        (h2(l("Pr. ydelsesgruppe", "By benefit group")))
        (note(l(
            "Median pr. måned, procent; fed: observeret. Året: gennemsnit af månederne. Rød: under målet.",
            "Median per month, percent; bold: observed. Year: mean of the months. Red: below the target.",
        )))
        div.wide {
            table {
                "\n"
                thead { tr {
                    th { (Text(l("Ydelsesgruppe", "Benefit group"))) }
                    @for m in &r.months { th { (lang.month(m.month)) } }
                    th { (Text(l("Året", "Year"))) }
                } } "\n"
                tbody {
                    "\n"
                    @for g in groups {
                        tr {
                            td { (Text(lang.group(g))) }
                            @for m in &r.months {
                                @match observed_group(m, g) {
                                    Some(v) => (cell(Some(v), true)),
                                    None => (cell(m.groups.get(&g).and_then(|s| s.p50), false)),
                                }
                            }
                            (cell(groups::year_of_medians(r, g), false))
                        } "\n"
                    }
                } "\n"
            }
        } "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_xml_cannot_hold_is_replaced() {
        let html = maud::html! { p { (Text("a\u{7}b<\u{FFFF}")) } }.into_string();
        assert_eq!(html, "<p>a\u{FFFD}b&lt;\u{FFFD}</p>");
    }

    #[test]
    fn text_is_escaped_with_apostrophes_as_entities() {
        let markup = html! { p { (Text("<b>a & 'b' \"c\"</b>")) } };
        assert_eq!(
            markup.into_string(),
            "<p>&lt;b&gt;a &amp; &#39;b&#39; &quot;c&quot;&lt;/b&gt;</p>"
        );
        assert_eq!(html! { (Text("'")) (Text("")) }.into_string(), "&#39;");
    }

    #[test]
    fn a_number_keeps_its_unit_on_its_line() {
        assert_eq!(
            nbsp("Å 72,9 % · 3,8 pct.-point · 95 %-interval · +3,1 pp) · 12 ppm · år 2025 på"),
            "Å 72,9\u{a0}% · 3,8\u{a0}pct.-point · 95\u{a0}%-interval · +3,1\u{a0}pp) · 12 ppm · år 2025 på"
        );
    }

    #[test]
    fn the_day_is_the_civil_date() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(-1), (1969, 12, 31));
        // 2000 was a leap year, 2100 will not be.
        assert_eq!(civil(11_016), (2000, 2, 29));
        assert_eq!(civil(47_540), (2100, 2, 28));
        assert_eq!(civil(47_541), (2100, 3, 1));
        assert_eq!(civil(20_425), (2025, 12, 3));
    }

    #[test]
    fn the_frame_has_one_element_a_line() {
        let page = page(Lang::En, "T's", None, html! { p { "x" } "\n" });
        assert!(page.starts_with(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        ));
        assert!(page.contains("<title>T&#39;s</title>\n<style>"));
        assert!(page.ends_with("<p>x</p>\n</main>\n</body>\n</html>\n"));
        assert!(page.contains("</head>\n<body>\n<main>\n<p class=\"stamp\">Made "));
    }
}
