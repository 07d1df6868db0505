//! The terminal table of a run, its one-sentence verdict, and the audit line that heads
//! every table.

use super::Lang;
use crate::run::RunResult;

/// The first line of every table: where the figures come from.
/// `fokus 0.1.0 · scenarie copenhagen-2025 · 1.000 kørsler · frø 20250429 · metode star`
pub fn audit_line(
    lang: Lang,
    version: &str,
    scenario: &str,
    replications: &str,
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

/// A number of replications: `1.000 kørsler` / `1,000 replications`.
pub fn replications(lang: Lang, n: u64) -> String {
    format!("{} {}", lang.count(n), lang.pick("kørsler", "replications"))
}

/// The focus goal in its title: `Fokusmål for aktiv indsats`.
pub fn active_goal(lang: Lang) -> &'static str {
    lang.pick("Fokusmål for aktiv indsats", "Focus goal for active effort")
}

/// The label of the probability of reaching the goal.
pub fn probability_label(lang: Lang) -> &'static str {
    lang.pick(
        "Sandsynlighed for at nå målet:",
        "Probability of reaching the goal:",
    )
}

/// The label of an interval: `95 %-interval` / `95% interval`.
pub fn interval(lang: Lang, percent: u32) -> String {
    match lang {
        Lang::Da => format!("{percent} %-interval"),
        Lang::En => format!("{percent}% interval"),
    }
}

/// Render a run for the terminal.
pub fn render(r: &RunResult, lang: Lang) -> String {
    let a = &r.audit;
    let mut lines = vec![
        audit_line(
            lang,
            &a.fokus_version,
            &a.scenario_name,
            &replications(lang, a.replications),
            a.seed,
            Some(&a.method),
        ),
        format!(
            "{} ({} {} {})",
            active_goal(lang),
            lang.pick("mål: over", "target: above"),
            lang.pct(r.target_pct, 1),
            lang.pick("i årsgennemsnit", "as the year mean")
        ),
        String::new(),
        format!(
            "  {:<32}{:>8}   ({} {})",
            probability_label(lang),
            lang.prob(r.p_target_met),
            interval(lang, 95),
            lang.prob_range(r.p_target_met_ci95)
        ),
    ];
    let y = &r.year_mean_pct;
    if let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) {
        lines.push(format!(
            "  {:<32}{:>8}   ({} {})",
            lang.pick("Forventet årsgennemsnit:", "Expected year mean:"),
            lang.pct(mean, 1),
            interval(lang, 90),
            lang.pct_range(lo, hi, 1)
        ));
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
        let obs = if observed.is_empty() {
            String::new()
        } else {
            format!(
                "   ({}–{} {}: {})",
                lang.month(r.months[0].month),
                lang.month(r.months[observed.len() - 1].month),
                lang.pick("observeret", "observed"),
                observed.join(" · ")
            )
        };
        let label = format!(
            "{} {}–{}:",
            lang.pick("Krav til", "Required"),
            lang.month(first_sim.month),
            lang.month(last.month)
        );
        lines.push(format!("  {label:<32}{:>8}{obs}", lang.pct(req, 1)));
    }
    lines.push(String::new());
    lines.push(format!(
        "  {:<8}{:>11}{:>9}   {}",
        lang.pick("Måned", "Month"),
        lang.pick("Observeret", "Observed"),
        "Median",
        interval(lang, 90)
    ));
    for m in &r.months {
        let name = lang.month(m.month);
        if m.observed {
            let observed = lang.num(m.total.mean.unwrap_or(f64::NAN), 1);
            lines.push(format!("  {name:<8}{observed:>11}{:>9}   {:>11}", "–", "–"));
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
            lines.push(format!("  {name:<8}{:>11}{p50:>9}   {band:>11}", "–"));
        }
    }
    lines.push(String::new());
    lines.push(format!("  {}", verdict(r, lang)));
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// One sentence on whether the plan is likely to reach the goal.
pub fn verdict(r: &RunResult, lang: Lang) -> &'static str {
    let p = r.p_target_met;
    if p >= 0.9 {
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
    }
}
