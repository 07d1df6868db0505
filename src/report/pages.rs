//! `report.html` of a comparison (`fokus compare --out`) and of a tornado
//! (`fokus sensitivity --out`): the run report's frame and style ([`super::html`]) —
//! headline first, then the chart, the table in plain words, the assumptions and the
//! audit trail.

use super::html::{
    Text, audit_rows, definitions, figure, h2, header_row, heading, key, keys, last_observed, list,
    note, page, target_key,
};
use super::text::sensitivity::{swing_name, swing_range, swing_source, swing_value};
use super::text::{Lang, compare as compare_text, run::interval};
use super::{CompareInfo, RunInfo};
use crate::analyses::compare::{Alternative, Comparison, by_p_goal, ranked};
use crate::analyses::curve::PGoalCurve;
use crate::analyses::sensitivity::Sensitivity;
use crate::run::RunResult;
use maud::{Markup, html};

/// Key figures of a base run: P(goal) and the year mean with their intervals.
fn base_keys(r: &RunResult, lang: Lang, label: &str) -> Markup {
    let l = |da, en| lang.pick(da, en);
    let y = &r.year_mean_pct;
    html! {
        (key(
            &format!("{label}: {}", l("sandsynlighed for målet", "probability of the goal")),
            &lang.prob_of(r.p_target_met, r.audit.replications),
            &format!(
                "{} {}",
                interval(lang, 95),
                lang.prob_range(r.p_target_met_ci95)
            ),
        ))
        @if let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) {
            (key(
                &format!("{label}: {}", l("forventet årsgennemsnit", "expected year mean")),
                &lang.pct(mean, 1),
                &format!("{} {}", interval(lang, 90), lang.pct_range(lo, hi, 1)),
            ))
        }
        (target_key(r, lang))
    }
}

/// The page of a comparison.
pub fn compare_page(
    c: &Comparison,
    info: &CompareInfo,
    lang: Lang,
    compare_svg: &str,
    paths_svg: &str,
    fan_svg: &str,
    curves: &[(&Alternative, &PGoalCurve, String)],
) -> String {
    let l = |da, en| lang.pick(da, en);
    let title = super::compare::title(c, info.base.municipality, lang);
    let ranked = ranked(c);
    // The alternative the verdict names: the closest to the goal by P(goal), whatever
    // order the table is in.
    let closest = by_p_goal(c);
    let closest = closest
        .iter()
        .find(|a| !a.method_only)
        .or(closest.first())
        .copied();
    let year = |s: &crate::stats::Summary| s.mean.map_or("–".into(), |m| lang.pct(m, 1));
    let range = |[a, z]: [f64; 2]| format!("{} – {}", lang.pp(a, 2), lang.pp(z, 2));
    let sentences: Vec<String> = ranked
        .iter()
        .map(|a| compare_text::sentence(c, a, lang))
        .collect();
    let base_name = compare_text::base_name(c, lang);
    let n = c.audit.replications;
    let costed = c.alternatives.iter().any(|a| a.cost.is_some());
    let body = html! {
        (heading(&title, &info.base.description))
        p.headline { (Text(&compare_text::verdict(c, lang))) } "\n"
        @if let Some(a) = closest {
            p.verdict { (Text(&compare_text::sentence(c, a, lang))) } "\n"
        }
        (keys(base_keys(&c.base, lang, l("Basis", "Base"))))
        (figure(compare_svg, l(
            "(a) Årsgennemsnittets fordeling over kørslerne pr. scenarie; (b) forskellen mod basis, parret kørsel for kørsel på fælles tilfældige tal. Det lyse, uparrede interval er det, to uafhængige kørsler ville give: parringen fjerner støjen, så selv små forskelle kan skelnes. Fil: compare.svg.",
            "(a) The distribution of the year mean over the replications per scenario; (b) the difference from the base, paired replication by replication on common random numbers. The light, unpaired interval is what two independent runs would give: pairing removes the noise, so even small differences can be told apart. File: compare.svg.",
        )))
        (figure(paths_svg, l(
            "Hvert scenaries totale andel måned for måned: observerede måneder som observeret, derefter medianen over kørslerne, mod målet og kravet over de resterende måneder. Fil: paths.svg.",
            "Each scenario's total share month by month: observed months as observed, then the median over the replications, against the target and the requirement over the remaining months. File: paths.svg.",
        )))
        (h2(l("Rangordning", "Ranking")))
        div.wide {
            table {
                "\n"
                (header_row(&[
                    l("Scenarie", "Scenario"),
                    l("P(mål)", "P(goal)"),
                    l("Årsgennemsnit", "Year mean"),
                    l("Forskel mod basis", "Difference from base"),
                    l("95 %-interval", "Paired 95% int."),
                    l("Ved adskilte kørsler", "Unpaired 95% int."),
                    l("Bedre i", "Better in"),
                ].into_iter().chain(costed.then_some([
                    l("Omkostning (95 %-interval)", "Cost (95% int.)"),
                    l("Pr. pct.-point årsgennemsnit", "Per pp of year mean"),
                    l("Pr. pct.-point P(mål)", "Per pp of P(goal)"),
                ]).into_iter().flatten()).collect::<Vec<_>>()))
                tbody {
                    "\n"
                    @for a in &ranked {
                        tr {
                            td.name { (Text(&compare_text::marked_name(a, lang))) }
                            td { (lang.prob_of(a.p_target_met, n)) }
                            td { (year(&a.year_mean_pct)) }
                            td { (lang.pp(a.diff_pp.mean, 1)) }
                            td { (range(a.diff_pp.ci95)) }
                            td { (range(a.diff_pp.unpaired_ci95)) }
                            td { (lang.prob_of(a.p_better, n)) }
                            @if costed {
                                @if let Some(cost) = &a.cost {
                                    td { (compare_text::dkk(cost.mean_dkk, lang)) " (" (compare_text::dkk(cost.ci95_dkk[0], lang)) " – " (compare_text::dkk(cost.ci95_dkk[1], lang)) ")" }
                                    td { (compare_text::per_point(&cost.per_pp_year_mean, lang)) }
                                    td { (compare_text::per_point(&cost.per_pp_p_goal, lang)) }
                                } @else {
                                    td { "–" } td { "–" } td { "–" }
                                }
                            }
                        } "\n"
                    }
                    tr.base {
                        td.name { (Text(&base_name)) }
                        td { (lang.prob_of(c.base.p_target_met, n)) }
                        td { (year(&c.base.year_mean_pct)) }
                        td { "–" } td { "–" } td { "–" } td { "–" }
                        @if costed {
                            td { "–" } td { "–" } td { "–" }
                        }
                    } "\n"
                } "\n"
            }
        } "\n"
        (list(&sentences, ""))
        @if ranked.iter().any(|a| a.rescored_off_star()) {
            (note(compare_text::footnote(lang)))
        }
        (curves_section(curves, lang))
        (figure(fan_svg, l(
            "Basisscenariet måned for måned: observerede måneder fastholdt, de simulerede med median og 50 %- og 90 %-interval. Fil: fan.svg.",
            "The base scenario month by month: observed months kept, the simulated ones with the median and the 50% and 90% intervals. File: fan.svg.",
        )))
        (h2(l("Forudsætninger", "Assumptions")))
        h3 { (Text(&base_name)) } "\n"
        (list(&info.base.notes, l("Scenariet har ingen noter.", "The scenario has no notes.")))
        @for a in &ranked {
            h3 { (Text(&compare_text::title(a, lang))) } "\n"
            @let alt = info.alternatives.get(index_of(c, a));
            @let description = alt.map_or("", |i| i.description.as_str());
            @let combines = alt.map_or(&[][..], |i| &i.combines[..]);
            @if !description.is_empty() {
                p { (Text(description)) } "\n"
            }
            @if !combines.is_empty() {
                p { (Text(&compare_text::combines(combines, lang))) } "\n"
            }
            @let notes = own_notes(c, info, a);
            @if !notes.is_empty() || description.is_empty() {
                (list(&notes, l(
                    "Som basis (ingen beskrivelse eller egne noter).",
                    "As the base (no description or notes of its own).",
                )))
            }
        }
        (definitions(l("Revisionsspor", "Audit trail"), &compare_audit(c, info, lang)))
        (note(l(
            "Mappen indeholder også compare.csv (tallene bag figuren) og summary.json (samme som fokus compare --format json).",
            "The folder also holds compare.csv (the numbers behind the chart) and summary.json (the same as fokus compare --format json).",
        )))
    };
    page(lang, &title, last_observed(&c.base), body)
}

/// The P(goal) curves: a chart per curve with its breakpoint in words and its numbers
/// as a table (nothing when there are none).
fn curves_section(curves: &[(&Alternative, &PGoalCurve, String)], lang: Lang) -> Markup {
    let l = |da, en| lang.pick(da, en);
    html! {
        @if !curves.is_empty() {
            (h2(l("P(mål) efter den usikre effekt", "P(goal) by the uncertain effect")))
            (note(l(
                "Hvert punkt er alternativet med parameteren fastsat til værdien og alt andet som i kørslen, på de samme kørsler og den samme startværdi (seed) i hvert punkt (fælles tilfældige tal): kurven viser, hvad svaret afhænger af. Brudpunktet er værdien, hvor sandsynligheden for målet når 50 %, fundet ved halvering mellem de to punkter på hver sin side af 50 % (som fokus solve).",
                "Each point is the alternative with the parameter fixed at the value and everything else as in the run, on the same replications and seed at every point (common random numbers): the curve shows what the answer turns on. The breakpoint is the value where the probability of the goal reaches 50%, found by bisection between the two points on either side of 50% (as fokus solve).",
            )))
            @for (k, (a, curve, svg)) in curves.iter().enumerate() {
                h3 { (Text(&compare_text::title(a, lang))) ": " (Text(&super::text::curve::parameter(curve, lang))) } "\n"
                (figure(svg, &format!(
                    "{} {}: {}.",
                    super::text::curve::breakpoint(curve, lang),
                    l("Fil", "File"),
                    super::curve::file_name(k + 1),
                )))
                div.wide {
                    table {
                        "\n"
                        (header_row(&[
                            l("Værdi", "Value"),
                            l("P(mål)", "P(goal)"),
                            l("95 %-interval", "95% int."),
                            l("Årsgennemsnit", "Year mean"),
                        ]))
                        tbody {
                            "\n"
                            @for p in &curve.points {
                                tr {
                                    td { (super::text::curve::value(curve.label, p.value, 2, lang)) }
                                    td { (lang.prob_of(p.p_target_met, curve.replications)) }
                                    td { (lang.prob_range([p.p_low, p.p_high])) }
                                    td { (p.year_mean_pct.map_or("–".into(), |m| lang.pct(m, 1))) }
                                } "\n"
                            }
                        } "\n"
                    }
                } "\n"
            }
        }
    }
}

/// An alternative's notes that the base does not have: an alternative usually extends
/// the base, so only what it adds is shown.
fn own_notes(c: &Comparison, info: &CompareInfo, a: &Alternative) -> Vec<String> {
    info.alternatives
        .get(index_of(c, a))
        .map_or(&[][..], |i| &i.notes[..])
        .iter()
        .filter(|n| !info.base.notes.contains(n))
        .cloned()
        .collect()
}

/// The audit trail of a comparison: the base run's, each alternative, the computation.
fn compare_audit(c: &Comparison, info: &CompareInfo, lang: Lang) -> Vec<(String, String)> {
    let l = |da, en| lang.pick(da, en);
    let mut rows = audit_rows(&c.base, lang);
    for a in &c.alternatives {
        let sha = info
            .alternatives
            .get(index_of(c, a))
            .map_or("", |i| i.sha256);
        let method_only = if a.method_only {
            l(
                " · kun metoden er ændret: basisforløbene opgjort igen",
                " · only the method differs: the base's histories scored again",
            )
        } else {
            ""
        };
        rows.push((
            format!("{}: {}", l("Alternativ", "Alternative"), a.name),
            format!(
                "{} · {} {} · sha256 {sha}{method_only}",
                a.scenario,
                l("metode", "method"),
                a.method,
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
    rows
}

/// The position of `a` among the comparison's alternatives (the order given).
fn index_of(c: &Comparison, a: &Alternative) -> usize {
    c.alternatives
        .iter()
        .position(|x| std::ptr::eq(x, a))
        .unwrap_or(usize::MAX)
}

/// The page of a tornado.
pub fn sensitivity_page(s: &Sensitivity, info: &RunInfo, lang: Lang, tornado_svg: &str) -> String {
    let l = |da, en| lang.pick(da, en);
    let title = super::tornado::title(s, info.municipality, lang);
    let range = |v: [f64; 2]| format!("{} → {}", lang.num(v[0], 1), lang.pct(v[1], 1));
    let n = s.base.audit.replications;
    let probs = |v: [f64; 2]| format!("{} → {}", lang.prob_of(v[0], n), lang.prob_of(v[1], n));
    let mut audit = audit_rows(&s.base, lang);
    audit.push((
        l("Beregning", "Computation").into(),
        l(
            "Én parameter ad gangen sættes til sin lave og høje værdi, de andre uændret; hvert punkt køres på de samme kørsler og den samme startværdi (seed) som basis (fælles tilfældige tal), så forskellene skyldes parameteren og ikke støj.",
            "One parameter at a time is set to its low and high value, the others unchanged; every point runs on the same replications and seed as the base (common random numbers), so the differences come from the parameter, not from noise.",
        )
        .into(),
    ));
    audit.push((
        l("Genkalibrering", "Refit").into(),
        l(
            "En parameter, der flytter de simulerede observerede måneder, får tilbudsraterne tilpasset de observerede måneder igen (kalibreringens fælles tilfældige tal, startet fra den nuværende tilpasning), før den beregnes; udsvinget viser så virkningen på resten af året, ikke hvor meget fortiden rammes forkert.",
            "A parameter that moves the simulated observed months has its offer rates fitted to the observed months again (the calibration's common random numbers, started from the current fit) before it is scored; the swing then shows the effect on the rest of the year, not how badly the past is missed.",
        )
        .into(),
    ));
    let body = html! {
        (heading(&title, &info.description))
        @if let Some(w) = s.swings.first() {
            p.headline {
                (Text(l("Betyder mest", "Matters most"))) ": " (Text(&swing_name(w, lang))) " "
                small {
                    (Text(l("fra", "from"))) " " (Text(&swing_range(w, lang))) ": "
                    (Text(l("årsgennemsnit", "year mean"))) " " (range(w.year_mean_pct))
                }
            } "\n"
            p.verdict {
                (Text(l(
                    "Usikkerheden om denne parameter flytter årsgennemsnittet",
                    "The uncertainty about this parameter moves the year mean by",
                )))
                " " (lang.num(w.year_mean_range(), 1)) " "
                (Text(l(
                    "pct.-point og sandsynligheden for målet",
                    "points and the probability of the goal",
                )))
                " " (probs(w.p_target_met)) "."
            } "\n"
        }
        (keys(base_keys(&s.base, lang, l("Basis", "Base"))))
        (figure(tornado_svg, l(
            "Hver bjælke går fra basisscenariets årsgennemsnit til årsgennemsnittet med parameteren på sin lave (orange) og høje (blå) værdi; den bredeste øverst. Fil: tornado.svg.",
            "Each bar runs from the base scenario's year mean to the year mean with the parameter at its low (orange) and high (blue) value; the widest on top. File: tornado.svg.",
        )))
        (h2(l("Parametrene", "The parameters")))
        div.wide {
            table {
                "\n"
                (header_row(&[
                    "Parameter",
                    l("Lav", "Low"),
                    l("Høj", "High"),
                    l("Årsgennemsnit lav → høj", "Year mean low → high"),
                    l("P(mål) lav → høj", "P(goal) low → high"),
                    l("Udsving", "Swing"),
                    l("Genkalibreret", "Refitted"),
                    l("Kilde til spændet", "Source of the range"),
                ]))
                tbody {
                    "\n"
                    @for w in &s.swings {
                        tr {
                            td.name { (Text(&swing_name(w, lang))) }
                            td { (Text(&swing_value(w, w.low, lang))) }
                            td { (Text(&swing_value(w, w.high, lang))) }
                            td { (range(w.year_mean_pct)) }
                            td { (probs(w.p_target_met)) }
                            td { (lang.points(w.year_mean_range(), 2)) }
                            td { (lang.yes_no(w.refitted.contains(&true))) }
                            td { (Text(swing_source(w, lang).unwrap_or("–"))) }
                        } "\n"
                    }
                } "\n"
            }
        } "\n"
        (h2(l("Forudsætninger", "Assumptions")))
        (list(&info.notes, l("Scenariet har ingen noter.", "The scenario has no notes.")))
        (definitions(l("Revisionsspor", "Audit trail"), &audit))
        (note(l(
            "Mappen indeholder også tornado.csv (tallene bag figuren) og summary.json (samme som fokus sensitivity --format json).",
            "The folder also holds tornado.csv (the numbers behind the chart) and summary.json (the same as fokus sensitivity --format json).",
        )))
    };
    page(lang, &title, last_observed(&s.base), body)
}
