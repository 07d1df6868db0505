//! `report.html`: one self-contained page — styles inline, the SVGs inline, no external
//! address of any kind — so it can be mailed, archived or opened offline.
//!
//! Every text that comes from a scenario or register file is HTML-escaped here.

use super::{RunInfo, groups, observed_group};
use crate::lang::Lang;
use crate::run::RunResult;
use crate::stats::Summary;
use std::fmt::Write;

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#222;margin:0;background:#fff;line-height:1.45}
main{max-width:1000px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
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
figure{margin:16px 0}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:#6b6b6b;font-size:.9rem}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.92rem}
th,td{padding:3px 10px;text-align:right;border-bottom:1px solid #eee}
th:first-child,td:first-child{text-align:left}
thead th{border-bottom:1px solid #999;font-weight:600}
td.obs{font-weight:700}
td.below{color:#b34700}
.wide{overflow-x:auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:.92rem}
dt{color:#6b6b6b}
dd{margin:0;word-break:break-all}
.note{color:#6b6b6b;font-size:.88rem}
";

/// A whole page around `body` (already HTML).
pub fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang.pick("da", "en"),
        escape(title)
    )
}

/// An SVG for inlining: without an XML declaration, if any.
pub fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// A key figure box.
pub fn key(out: &mut String, label: &str, value: &str, detail: &str) {
    let _ = writeln!(
        out,
        "<div class=\"key\"><span>{}</span><b>{}</b><span>{}</span></div>",
        escape(label),
        escape(value),
        escape(detail)
    );
}

/// A list of texts (escaped), or `empty` when there are none.
pub fn list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(empty));
        return;
    }
    out.push_str("<ul>\n");
    for i in items {
        let _ = writeln!(out, "<li>{}</li>", escape(i));
    }
    out.push_str("</ul>\n");
}

/// A definition list of `(term, text)` under a heading (both escaped).
pub fn definitions(out: &mut String, heading: &str, rows: &[(String, String)]) {
    let _ = writeln!(out, "<h2>{}</h2>\n<dl>", escape(heading));
    for (k, v) in rows {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(v));
    }
    out.push_str("</dl>\n");
}

/// A figure with the SVG inline and a caption (escaped).
pub fn figure(out: &mut String, svg: &str, caption: &str) {
    let _ = writeln!(
        out,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        inline_svg(svg),
        escape(caption)
    );
}

/// The report page of a run.
pub fn run_page(r: &RunResult, info: &RunInfo, lang: Lang, fan: &str, groups_svg: &str) -> String {
    let l = |da, en| lang.pick(da, en);
    let mut b = String::new();
    let title = super::title(r, info, lang);
    let _ = writeln!(b, "<h1>{}</h1>", escape(&title));
    if !info.description.is_empty() {
        let _ = writeln!(b, "<p class=\"sub\">{}</p>", escape(info.description));
    }
    let pct0 = |p: f64| lang.prob(p);
    let _ = writeln!(
        b,
        "<p class=\"headline\">{} {} <small>({} {}–{})</small></p>",
        l(
            "Sandsynlighed for at nå målet:",
            "Probability of reaching the goal:"
        ),
        pct0(r.p_target_met),
        l("95 %-interval", "95% interval"),
        pct0(r.p_target_met_ci95[0]).trim_end_matches(['%', ' ']),
        pct0(r.p_target_met_ci95[1]),
    );
    let _ = writeln!(
        b,
        "<p class=\"verdict\">{}</p>",
        escape(&crate::run::table::verdict(r, lang))
    );
    b.push_str("<div class=\"keys\">\n");
    let y = &r.year_mean_pct;
    if let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) {
        key(
            &mut b,
            l("Forventet årsgennemsnit", "Expected year mean"),
            &lang.pct(mean),
            &format!(
                "{} {}–{}",
                l("90 %-interval", "90% interval"),
                lang.num(lo, 1),
                lang.pct(hi)
            ),
        );
    }
    key(
        &mut b,
        l("Mål", "Target"),
        &format!("{} {}", l("over", "above"), lang.pct(r.target_pct)),
        l(
            "årsgennemsnit af 12 månedsandele",
            "year mean of the 12 monthly shares",
        ),
    );
    let n_obs = r.months.iter().take_while(|m| m.observed).count();
    if let (Some(req), Some(first), Some(last)) =
        (r.requirement_pct, r.months.get(n_obs), r.months.last())
    {
        let observed: Vec<String> = r.months[..n_obs]
            .iter()
            .filter_map(|m| m.total.mean.map(|v| lang.num(v, 1)))
            .collect();
        key(
            &mut b,
            &format!(
                "{} {}–{}",
                l("Krav til", "Required in"),
                lang.month_name(first.month),
                lang.month_name(last.month)
            ),
            &lang.pct(req),
            &format!("{}: {}", l("observeret", "observed"), observed.join(" · ")),
        );
    }
    b.push_str("</div>\n");

    let _ = writeln!(
        b,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        inline_svg(fan),
        l(
            "Observerede måneder er fastholdt; de simulerede måneder viser medianen og 50 %- og 90 %-intervallet over kørslerne. Fil: fan.svg.",
            "Observed months are kept as observed; simulated months show the median and the 50% and 90% intervals over the replications. File: fan.svg."
        )
    );
    let _ = writeln!(
        b,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        inline_svg(groups_svg),
        l(
            "Grupperne står efter deres niveau over året, laveste først. Fil: groups.svg.",
            "The groups are ordered by their level over the year, lowest first. File: groups.svg."
        )
    );

    month_table(&mut b, r, lang);
    group_table(&mut b, r, lang);

    let _ = writeln!(b, "<h2>{}</h2>", l("Forudsætninger", "Assumptions"));
    if info.notes.is_empty() {
        let _ = writeln!(
            b,
            "<p>{}</p>",
            l("Scenariet har ingen noter.", "The scenario has no notes.")
        );
    } else {
        b.push_str("<ul>\n");
        for n in info.notes {
            let _ = writeln!(b, "<li>{}</li>", escape(n));
        }
        b.push_str("</ul>\n");
    }

    let a = &r.audit;
    let _ = writeln!(b, "<h2>{}</h2>\n<dl>", l("Revisionsspor", "Audit trail"));
    let rows: [(&str, String); 8] = [
        (l("fokus-version", "fokus version"), a.fokus_version.clone()),
        (l("Scenariefil", "Scenario file"), a.scenario.clone()),
        (l("Scenarie", "Scenario"), a.scenario_name.clone()),
        (l("Scenariets sha256", "Scenario sha256"), a.scenario_sha256.clone()),
        (l("Frø", "Seed"), a.seed.to_string()),
        (l("Kørsler", "Replications"), lang.count(a.replications)),
        (l("Opgørelsesmetode", "Calculation method"), a.method.clone()),
        (
            l("Beregning", "Computation"),
            l(
                "Monte Carlo-mikrosimulering pr. person og måned; observerede måneder fastholdt som observeret, kun de resterende måneder simuleres. Årstallet er gennemsnittet af de 12 månedsandele; intervaller er 5-, 25-, 75- og 95-percentiler over kørslerne (lineær interpolation, type 7); sandsynligheden har et Wilson-interval.",
                "Monte Carlo microsimulation per person and month; observed months kept as observed, only the remaining months are simulated. The year figure is the mean of the 12 monthly shares; intervals are the 5th, 25th, 75th and 95th percentiles over the replications (linear interpolation, type 7); the probability has a Wilson interval.",
            )
            .to_string(),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(b, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(&v));
    }
    b.push_str("</dl>\n");
    let _ = writeln!(
        b,
        "<p class=\"note\">{}</p>",
        l(
            "Mappen indeholder også months.csv (tallene bag figurerne) og summary.json (samme som fokus run --format json).",
            "The folder also holds months.csv (the numbers behind the charts) and summary.json (the same as fokus run --format json)."
        )
    );
    page(lang, &title, &b)
}

fn month_table(b: &mut String, r: &RunResult, lang: Lang) {
    let l = |da, en| lang.pick(da, en);
    let _ = writeln!(
        b,
        "<h2>{}</h2>",
        l("Måned for måned, i alt", "Month by month, total")
    );
    let _ = writeln!(
        b,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        l("Måned", "Month"),
        l("Observeret", "Observed"),
        l("Median", "Median"),
        l("50 %-interval", "50% interval"),
        l("90 %-interval", "90% interval"),
    );
    let range = |a: Option<f64>, z: Option<f64>| match (a, z) {
        (Some(a), Some(z)) => format!("{}–{}", lang.num(a, 1), lang.num(z, 1)),
        _ => "–".into(),
    };
    for m in &r.months {
        let name = format!("{} {}", lang.month_name(m.month), m.month.year());
        if m.observed {
            let _ = writeln!(
                b,
                "<tr><td>{name}</td><td class=\"obs\">{}</td><td>–</td><td>–</td><td>–</td></tr>",
                m.total.mean.map_or("–".into(), |v| lang.num(v, 1))
            );
        } else {
            let s = &m.total;
            let _ = writeln!(
                b,
                "<tr><td>{name}</td><td>–</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                s.p50.map_or("–".into(), |v| lang.num(v, 1)),
                range(s.p25, s.p75),
                range(s.p05, s.p95),
            );
        }
    }
    b.push_str("</tbody>\n</table>\n");
}

fn group_table(b: &mut String, r: &RunResult, lang: Lang) {
    let l = |da, en| lang.pick(da, en);
    let _ = writeln!(b, "<h2>{}</h2>", l("Pr. ydelsesgruppe", "By benefit group"));
    let _ = writeln!(
        b,
        "<p class=\"note\">{}</p>",
        l(
            "Median pr. måned, procent; fed: observeret. Året: gennemsnit af månederne. Rød: under målet.",
            "Median per month, percent; bold: observed. Year: mean of the months. Red: below the target."
        )
    );
    b.push_str("<div class=\"wide\"><table>\n<thead><tr><th>");
    b.push_str(l("Ydelsesgruppe", "Benefit group"));
    b.push_str("</th>");
    for m in &r.months {
        let _ = write!(b, "<th>{}</th>", lang.month_name(m.month));
    }
    let _ = writeln!(b, "<th>{}</th></tr></thead>\n<tbody>", l("Året", "Year"));
    let groups: Vec<crate::Group> = r
        .months
        .first()
        .map(|m| m.groups.keys().copied().collect())
        .unwrap_or_default();
    let cell = |v: Option<f64>, class: &str| {
        let below = v.is_some_and(|v| v <= r.target_pct);
        let class = match (class, below) {
            ("", false) => String::new(),
            ("", true) => " class=\"below\"".into(),
            (c, false) => format!(" class=\"{c}\""),
            (c, true) => format!(" class=\"{c} below\""),
        };
        format!(
            "<td{class}>{}</td>",
            v.map_or("–".into(), |v| lang.num(v, 1))
        )
    };
    for g in groups {
        let _ = write!(b, "<tr><td>{}</td>", escape(lang.group(g)));
        for m in &r.months {
            match observed_group(m, g) {
                Some(v) => b.push_str(&cell(Some(v), "obs")),
                None => b.push_str(&cell(m.groups.get(&g).and_then(|s: &Summary| s.p50), "")),
            }
        }
        b.push_str(&cell(groups::year_of_medians(r, g), ""));
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody>\n</table></div>\n");
}
