//! The terminal table of a run, for people: Danish by default, English on request.

use super::RunResult;
use crate::lang::Lang;

/// Render a run for the terminal.
pub fn render(r: &RunResult, lang: Lang) -> String {
    let mut out = String::new();
    let a = &r.audit;
    let line = |out: &mut String, s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(
        &mut out,
        audit_line(
            lang,
            &a.fokus_version,
            &a.scenario_name,
            lang.count(a.replications) + " " + lang.pick("kørsler", "replications"),
            a.seed,
            Some(&a.method),
        ),
    );
    line(
        &mut out,
        format!(
            "{} (mål: over {} i årsgennemsnit)",
            lang.pick("Fokusmål for aktiv indsats", "Focus goal for active effort"),
            lang.pct(r.target_pct)
        )
        .replace("(mål: over", lang.pick("(mål: over", "(target: above"))
        .replace(
            "i årsgennemsnit)",
            lang.pick("i årsgennemsnit)", "as the year mean)"),
        ),
    );
    line(&mut out, String::new());
    let pct0 = |p: f64| lang.prob(p);
    line(
        &mut out,
        format!(
            "  {:<32}{:>8}   ({} {}–{})",
            lang.pick(
                "Sandsynlighed for at nå målet:",
                "Probability of reaching the goal:"
            ),
            pct0(r.p_target_met),
            lang.pick("95 %-interval", "95% interval"),
            pct0(r.p_target_met_ci95[0]).trim_end_matches(['%', ' ']),
            pct0(r.p_target_met_ci95[1])
        ),
    );
    let y = &r.year_mean_pct;
    if let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) {
        line(
            &mut out,
            format!(
                "  {:<32}{:>8}   ({} {}–{})",
                lang.pick("Forventet årsgennemsnit:", "Expected year mean:"),
                lang.pct(mean),
                lang.pick("90 %-interval", "90% interval"),
                lang.num(lo, 1),
                lang.pct(hi)
            ),
        );
    }
    if let (Some(req), Some(first_sim)) = (r.requirement_pct, r.months.iter().find(|m| !m.observed))
    {
        let last = r.months.last().expect("a month");
        let observed: Vec<String> = r
            .months
            .iter()
            .filter(|m| m.observed)
            .map(|m| lang.num(m.total.mean.unwrap_or(f64::NAN), 1))
            .collect();
        let span = format!(
            "{}–{}",
            lang.month_name(first_sim.month),
            lang.month_name(last.month)
        );
        let obs = if observed.is_empty() {
            String::new()
        } else {
            format!(
                "   ({}–{} {}: {})",
                lang.month_name(r.months[0].month),
                lang.month_name(r.months[observed.len() - 1].month),
                lang.pick("observeret", "observed"),
                observed.join(" · ")
            )
        };
        let label = format!("{} {span}:", lang.pick("Krav til", "Required"));
        line(&mut out, format!("  {label:<32}{:>8}{obs}", lang.pct(req)));
    }
    line(&mut out, String::new());
    line(
        &mut out,
        format!(
            "  {:<8}{:>11}{:>9}   {}",
            lang.pick("Måned", "Month"),
            lang.pick("Observeret", "Observed"),
            lang.pick("Median", "Median"),
            lang.pick("90 %-interval", "90% interval")
        ),
    );
    for m in &r.months {
        let name = lang.month_name(m.month);
        if m.observed {
            line(
                &mut out,
                format!(
                    "  {name:<8}{:>11}{:>9}   {:>11}",
                    lang.num(m.total.mean.unwrap_or(f64::NAN), 1),
                    "–",
                    "–"
                ),
            );
        } else {
            let (p50, band) = match (m.total.p50, m.total.p05, m.total.p95) {
                (Some(c), Some(lo), Some(hi)) => (
                    lang.num(c, 1),
                    format!("{}–{}", lang.num(lo, 1), lang.num(hi, 1)),
                ),
                _ => (
                    "–".into(),
                    lang.pick("ingen population", "no population").into(),
                ),
            };
            line(
                &mut out,
                format!("  {name:<8}{:>11}{p50:>9}   {band:>11}", "–"),
            );
        }
    }
    line(&mut out, String::new());
    line(&mut out, format!("  {}", verdict(r, lang)));
    out
}

/// One sentence on whether the plan is likely to reach the goal.
pub fn verdict(r: &RunResult, lang: Lang) -> String {
    let p = r.p_target_met;
    let s = if p >= 0.9 {
        lang.pick(
            "Målet nås med stor sandsynlighed.",
            "The goal is very likely to be reached.",
        )
    } else if p >= 0.5 {
        lang.pick(
            "Målet nås sandsynligvis, men ikke sikkert.",
            "The goal is likely, but not certain, to be reached.",
        )
    } else if p >= 0.1 {
        lang.pick(
            "Målet nås næppe; der er brug for flere initiativer.",
            "The goal is unlikely to be reached; more initiatives are needed.",
        )
    } else {
        lang.pick(
            "Med denne indsats nås målet næppe. Se `fokus compare` for initiativerne.",
            "With this effort the goal will hardly be reached. See `fokus compare` for the initiatives.",
        )
    };
    s.to_string()
}

/// The first line of every table: where the figures come from.
/// `fokus 0.1.0 · scenarie copenhagen-2025 · 1.000 kørsler · frø 20250429 · metode star`
pub fn audit_line(
    lang: Lang,
    version: &str,
    scenario: &str,
    replications: String,
    seed: u64,
    method: Option<&str>,
) -> String {
    let mut line = format!(
        "fokus {version} · {} {scenario} · {replications} · {} {seed}",
        lang.pick("scenarie", "scenario"),
        lang.pick("frø", "seed"),
    );
    if let Some(m) = method {
        line.push_str(&format!(" · {} {m}", lang.pick("metode", "method")));
    }
    line
}
