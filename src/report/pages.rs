//! `report.html` of a comparison (`fokus compare --out`) and of a tornado
//! (`fokus sensitivity --out`): the run report's frame and style ([`super::html`]) —
//! headline first, then the chart, the table in plain words, the assumptions and the
//! audit trail. Every text from a scenario is escaped.

use super::html::{definitions, escape, figure, key, list, page};
use super::{CompareInfo, RunInfo};
use crate::compare::{Comparison, footnote, pp, ranked, sentence};
use crate::lang::Lang;
use crate::run::RunResult;
use crate::sensitivity::Sensitivity;
use std::fmt::Write;

/// Key figures of a base run: P(goal) and the year mean with their intervals.
fn base_keys(b: &mut String, r: &RunResult, lang: Lang, label: &str) {
    let l = |da, en| lang.pick(da, en);
    key(
        b,
        &format!(
            "{label}: {}",
            l("sandsynlighed for målet", "probability of the goal")
        ),
        &lang.prob(r.p_target_met),
        &format!(
            "{} {}–{}",
            l("95 %-interval", "95% interval"),
            lang.num(100.0 * r.p_target_met_ci95[0], 0),
            lang.prob(r.p_target_met_ci95[1])
        ),
    );
    let y = &r.year_mean_pct;
    if let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) {
        key(
            b,
            &format!(
                "{label}: {}",
                l("forventet årsgennemsnit", "expected year mean")
            ),
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
        b,
        l("Mål", "Target"),
        &format!("{} {}", l("over", "above"), lang.pct(r.target_pct)),
        l(
            "årsgennemsnit af 12 månedsandele",
            "year mean of the 12 monthly shares",
        ),
    );
}

/// The audit rows every page shares: version, base scenario, seed, replications, method.
fn audit_rows(r: &RunResult, lang: Lang) -> Vec<(String, String)> {
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
        (l("Frø", "Seed"), a.seed.to_string()),
        (l("Kørsler", "Replications"), lang.count(a.replications)),
        (
            l("Opgørelsesmetode", "Calculation method"),
            a.method.clone(),
        ),
    ]
}

/// The page of a comparison.
pub fn compare_page(
    c: &Comparison,
    info: &CompareInfo,
    lang: Lang,
    compare_svg: &str,
    fan_svg: &str,
) -> String {
    let l = |da, en| lang.pick(da, en);
    let mut b = String::new();
    let title = super::compare::title(c, info.base.municipality, lang);
    let _ = writeln!(b, "<h1>{}</h1>", escape(&title));
    if !info.base.description.is_empty() {
        let _ = writeln!(b, "<p class=\"sub\">{}</p>", escape(info.base.description));
    }
    let ranked = ranked(c);
    let best = ranked
        .iter()
        .find(|a| !a.method_only)
        .map(|a| (a, l("Bedste initiativ", "Best initiative")))
        .or_else(|| {
            ranked
                .first()
                .map(|a| (a, l("Bedste alternativ", "Best alternative")))
        });
    if let Some((a, what)) = best {
        let _ = writeln!(
            b,
            "<p class=\"headline\">{what}: {}, {} <small>{} {} → {}</small></p>",
            escape(&a.name),
            pp(lang, a.diff_pp.mean, 1),
            l(
                "sandsynlighed for at nå målet",
                "probability of reaching the goal"
            ),
            lang.prob(c.base.p_target_met),
            lang.prob(a.p_target_met),
        );
        let _ = writeln!(
            b,
            "<p class=\"verdict\">{}</p>",
            escape(&sentence(c, a, lang))
        );
    }
    b.push_str("<div class=\"keys\">\n");
    base_keys(&mut b, &c.base, lang, l("Basis", "Base"));
    b.push_str("</div>\n");
    figure(
        &mut b,
        compare_svg,
        l(
            "(a) Årsgennemsnittets fordeling over kørslerne pr. scenarie; (b) forskellen mod basis, parret kørsel for kørsel på fælles tilfældige tal. Det lyse, uparrede interval er det, to uafhængige kørsler ville give: parringen fjerner støjen, så selv små forskelle kan skelnes. Fil: compare.svg.",
            "(a) The distribution of the year mean over the replications per scenario; (b) the difference from the base, paired replication by replication on common random numbers. The light, unpaired interval is what two independent runs would give: pairing removes the noise, so even small differences can be told apart. File: compare.svg.",
        ),
    );

    let _ = writeln!(b, "<h2>{}</h2>", l("Rangordning", "Ranking"));
    let _ = writeln!(
        b,
        "<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        l("Scenarie", "Scenario"),
        l("P(mål)", "P(goal)"),
        l("Årsgns.", "Year mean"),
        l("Forskel mod basis", "Difference from base"),
        l("Parret 95 %-int.", "Paired 95% int."),
        l("Uparret 95 %-int.", "Unpaired 95% int."),
        l("Bedre i", "Better in"),
    );
    let year = |r: &crate::stats::Summary| r.mean.map_or("–".into(), |m| lang.pct(m));
    let range = |[a, z]: [f64; 2]| format!("{} – {}", pp(lang, a, 2), pp(lang, z, 2));
    let mut any_method = false;
    for a in &ranked {
        any_method |= a.method_only;
        let _ = writeln!(
            b,
            "<tr><td class=\"name\">{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.name),
            if a.method_only { " (*)" } else { "" },
            lang.prob(a.p_target_met),
            year(&a.year_mean_pct),
            pp(lang, a.diff_pp.mean, 1),
            range(a.diff_pp.ci95),
            range(a.diff_pp.unpaired_ci95),
            lang.prob(a.p_better),
        );
    }
    let _ = writeln!(
        b,
        "<tr class=\"base\"><td class=\"name\">{} ({})</td><td>{}</td><td>{}</td><td>–</td><td>–</td><td>–</td><td>–</td></tr>\n</tbody>\n</table></div>",
        escape(&c.base.audit.scenario_name),
        l("basis", "base"),
        lang.prob(c.base.p_target_met),
        year(&c.base.year_mean_pct),
    );
    let sentences: Vec<String> = ranked.iter().map(|a| sentence(c, a, lang)).collect();
    list(&mut b, &sentences, "");
    if any_method {
        let _ = writeln!(b, "<p class=\"note\">{}</p>", escape(footnote(lang)));
    }

    figure(
        &mut b,
        fan_svg,
        l(
            "Basisscenariet måned for måned: observerede måneder fastholdt, de simulerede med median og 50 %- og 90 %-interval. Fil: fan.svg.",
            "The base scenario month by month: observed months kept, the simulated ones with the median and the 50% and 90% intervals. File: fan.svg.",
        ),
    );

    let _ = writeln!(b, "<h2>{}</h2>", l("Forudsætninger", "Assumptions"));
    let _ = writeln!(
        b,
        "<h3>{} ({})</h3>",
        escape(&c.base.audit.scenario_name),
        l("basis", "base")
    );
    list(
        &mut b,
        info.base.notes,
        l("Scenariet har ingen noter.", "The scenario has no notes."),
    );
    for a in &ranked {
        let _ = writeln!(b, "<h3>{}</h3>", escape(&a.name));
        // An alternative usually extends the base: show only what it adds.
        let notes: Vec<String> = info
            .alternatives
            .get(index_of(c, a))
            .map_or(&[][..], |i| i.notes)
            .iter()
            .filter(|n| !info.base.notes.contains(n))
            .cloned()
            .collect();
        list(
            &mut b,
            &notes,
            l(
                "Som basis (ingen egne noter).",
                "As the base (no notes of its own).",
            ),
        );
    }

    let mut rows = audit_rows(&c.base, lang);
    for a in &c.alternatives {
        let sha = info
            .alternatives
            .get(index_of(c, a))
            .map_or("", |i| i.sha256);
        rows.push((
            format!("{}: {}", l("Alternativ", "Alternative"), a.name),
            format!(
                "{} · {} {} · sha256 {}{}",
                a.scenario,
                l("metode", "method"),
                a.method,
                sha,
                if a.method_only {
                    l(
                        " · kun metoden er ændret: basisforløbene opgjort igen",
                        " · only the method differs: the base's histories scored again",
                    )
                } else {
                    ""
                }
            ),
        ));
    }
    rows.push((
        l("Beregning", "Computation").into(),
        l(
            "Alle scenarier køres på de samme kørsler med fælles tilfældige tal: kørsel i trækker de samme tal for samme person, måned og hændelse i hvert scenarie. Forskellen mod basis tages kørsel for kørsel; dens 95 %-interval er gennemsnit ± 1,96 · s/√n. Det uparrede interval er det, to uafhængige sæt kørsler ville give. Et alternativ, der kun skifter opgørelsesmetode, simuleres ikke igen: basisforløbene opgøres med dets metode.",
            "Every scenario runs on the same replications with common random numbers: replication i draws the same numbers for the same person, month and event in every scenario. The difference from the base is taken replication by replication; its 95% interval is mean ± 1.96 · s/√n. The unpaired interval is what two independent sets of runs would give. An alternative that only changes the calculation method is not simulated again: the base's histories are scored under its method.",
        )
        .into(),
    ));
    definitions(&mut b, l("Revisionsspor", "Audit trail"), &rows);
    let _ = writeln!(
        b,
        "<p class=\"note\">{}</p>",
        l(
            "Mappen indeholder også compare.csv (tallene bag figuren) og summary.json (samme som fokus compare --format json).",
            "The folder also holds compare.csv (the numbers behind the chart) and summary.json (the same as fokus compare --format json)."
        )
    );
    page(lang, &title, &b)
}

/// The position of `a` among the comparison's alternatives (the order given).
fn index_of(c: &Comparison, a: &crate::compare::Alternative) -> usize {
    c.alternatives
        .iter()
        .position(|x| std::ptr::eq(x, a))
        .unwrap_or(usize::MAX)
}

/// The page of a tornado.
pub fn sensitivity_page(s: &Sensitivity, info: &RunInfo, lang: Lang, tornado_svg: &str) -> String {
    let l = |da, en| lang.pick(da, en);
    let mut b = String::new();
    let title = super::tornado::title(s, info.municipality, lang);
    let _ = writeln!(b, "<h1>{}</h1>", escape(&title));
    if !info.description.is_empty() {
        let _ = writeln!(b, "<p class=\"sub\">{}</p>", escape(info.description));
    }
    let range = |v: [f64; 2]| format!("{} → {}", lang.num(v[0], 1), lang.pct(v[1]));
    let probs = |v: [f64; 2]| format!("{} → {}", lang.num(100.0 * v[0], 0), lang.prob(v[1]));
    if let Some(w) = s.swings.first() {
        let _ = writeln!(
            b,
            "<p class=\"headline\">{}: {} <small>{} {} → {}: {} {}</small></p>",
            l("Betyder mest", "Matters most"),
            escape(&w.parameter),
            l("fra", "from"),
            lang.num(w.low, 3),
            lang.num(w.high, 3),
            l("årsgennemsnit", "year mean"),
            range(w.year_mean_pct),
        );
        let _ = writeln!(
            b,
            "<p class=\"verdict\">{} {} {} {}.</p>",
            l(
                "Usikkerheden om denne parameter flytter årsgennemsnittet",
                "The uncertainty about this parameter moves the year mean by"
            ),
            lang.num(w.year_mean_range(), 1),
            l(
                "procentpoint og sandsynligheden for målet",
                "points and the probability of the goal"
            ),
            probs(w.p_target_met),
        );
    }
    b.push_str("<div class=\"keys\">\n");
    base_keys(&mut b, &s.base, lang, l("Basis", "Base"));
    b.push_str("</div>\n");
    figure(
        &mut b,
        tornado_svg,
        l(
            "Hver bjælke går fra basisscenariets årsgennemsnit til årsgennemsnittet med parameteren på sin lave (orange) og høje (blå) værdi; den bredeste øverst. Fil: tornado.svg.",
            "Each bar runs from the base scenario's year mean to the year mean with the parameter at its low (orange) and high (blue) value; the widest on top. File: tornado.svg.",
        ),
    );
    let _ = writeln!(b, "<h2>{}</h2>", l("Parametrene", "The parameters"));
    let _ = writeln!(
        b,
        "<div class=\"wide\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        l("Parameter", "Parameter"),
        l("Lav", "Low"),
        l("Høj", "High"),
        l("Årsgns. lav → høj", "Year mean low → high"),
        l("P(mål) lav → høj", "P(goal) low → high"),
        l("Udsving", "Swing"),
        l("Kilde til spændet", "Source of the range"),
    );
    for w in &s.swings {
        let _ = writeln!(
            b,
            "<tr><td class=\"name\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} pp</td><td>{}</td></tr>",
            escape(&w.parameter),
            lang.num(w.low, 3),
            lang.num(w.high, 3),
            range(w.year_mean_pct),
            probs(w.p_target_met),
            lang.num(w.year_mean_range(), 2),
            escape(w.source.as_deref().unwrap_or("–")),
        );
    }
    b.push_str("</tbody>\n</table></div>\n");

    let _ = writeln!(b, "<h2>{}</h2>", l("Forudsætninger", "Assumptions"));
    list(
        &mut b,
        info.notes,
        l("Scenariet har ingen noter.", "The scenario has no notes."),
    );
    let mut rows = audit_rows(&s.base, lang);
    rows.push((
        l("Beregning", "Computation").into(),
        l(
            "Én parameter ad gangen sættes til sin lave og høje værdi, de andre uændret; hvert punkt køres på de samme kørsler og det samme frø som basis (fælles tilfældige tal), så forskellene skyldes parameteren og ikke støj.",
            "One parameter at a time is set to its low and high value, the others unchanged; every point runs on the same replications and seed as the base (common random numbers), so the differences come from the parameter, not from noise.",
        )
        .into(),
    ));
    definitions(&mut b, l("Revisionsspor", "Audit trail"), &rows);
    let _ = writeln!(
        b,
        "<p class=\"note\">{}</p>",
        l(
            "Mappen indeholder også tornado.csv (tallene bag figuren) og summary.json (samme som fokus sensitivity --format json).",
            "The folder also holds tornado.csv (the numbers behind the chart) and summary.json (the same as fokus sensitivity --format json)."
        )
    );
    page(lang, &title, &b)
}
