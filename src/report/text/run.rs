//! The terminal table of a run, its one-sentence verdict, and the audit line that heads
//! every table.

use super::{Lang, takes};
use crate::run::uncertainty::{DECOMPOSITION_REPLICATIONS, Uncertainty};
use crate::run::{Layer, Precision, RunResult};

/// The first line of every table: where the figures come from.
/// `fokus 0.1.0 · scenarie copenhagen-2025 · 1.000 kørsler · startværdi 20250429 · metode star`
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
        lang.pick("startværdi", "seed"),
    );
    if let Some(m) = method {
        line.push_str(&format!(" · {} {m}", lang.pick("metode", "method")));
    }
    line
}

/// A number of replications: `1.000 kørsler`, `1 kørsel` / `1,000 replications`.
pub fn replications(lang: Lang, n: u64) -> String {
    lang.counted(n, ("kørsel", "kørsler"), ("replication", "replications"))
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
            lang.prob_of(r.p_target_met, r.audit.replications),
            interval(lang, 95),
            lang.prob_range(r.p_target_met_ci95)
        ),
    ];
    if let Some(p) = &r.precision {
        lines.push(format!("  {}", precision(p, r.audit.replications, lang)));
    }
    lines.extend(expected_year_mean(&r.year_mean_pct, lang));
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
                "   ({} {}: {})",
                lang.month_span(r.months[0].month, r.months[observed.len() - 1].month),
                lang.pick("observeret", "observed"),
                observed.join(" · ")
            )
        };
        let label = format!(
            "{} {}:",
            lang.pick("Krav til", "Required"),
            lang.month_span(first_sim.month, last.month)
        );
        lines.push(format!("  {label:<32}{:>8}{obs}", lang.pct(req, 1)));
    }
    lines.push(String::new());
    lines.extend(
        super::takes::sentences(r, lang)
            .into_iter()
            .map(|s| format!("  {s}")),
    );
    lines.push(String::new());
    lines.push(format!(
        "  {:<8}{:>11}{:>9}{:>16}{:>11}{:>10}{:>10}",
        lang.pick("Måned", "Month"),
        lang.pick("Observeret", "Observed"),
        "Median",
        interval(lang, 90),
        lang.pick("Målgruppe", "Population"),
        lang.pick("Opfyldt", "Fulfilled"),
        lang.pick("Tilbud", "Offers"),
    ));
    for m in &r.months {
        let name = lang.month(m.month);
        let c = &m.counts.total;
        let counts = format!(
            "{:>11}{:>10}{:>10}",
            takes::persons(lang, c.population),
            takes::persons(lang, c.fulfilled),
            takes::persons(lang, c.offers_started)
        );
        if m.observed {
            let observed = lang.num(m.total.mean.unwrap_or(f64::NAN), 1);
            lines.push(format!(
                "  {name:<8}{observed:>11}{:>9}{:>16}{counts}",
                "–", "–"
            ));
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
            lines.push(format!("  {name:<8}{:>11}{p50:>9}{band:>16}{counts}", "–"));
        }
    }
    lines.push(format!(
        "  {}",
        if r.observed_months.is_empty() {
            lang.pick(
                "Antal: forventet antal personer i målgruppen, heraf opfyldte, og tilbud startet i måneden (gennemsnit over kørslerne).",
                "Counts: expected persons in the population, of them fulfilled, and offers started in the month (means over the replications).",
            )
        } else {
            lang.pick(
                "Antal: forventet antal personer i målgruppen, heraf opfyldte, og tilbud startet i måneden (gennemsnit over kørslerne). Observerede måneder har kun andele: målgruppen og tilbuddene er simulerede, de opfyldte er den observerede andel af målgruppen.",
                "Counts: expected persons in the population, of them fulfilled, and offers started in the month (means over the replications). Observed months have shares only: the population and offers are simulated, the fulfilled are the observed share of the population.",
            )
        }
    ));
    lines.push(String::new());
    lines.push(format!("  {}", verdict(r, lang)));
    if let Some(u) = &r.uncertainty {
        lines.extend(
            uncertainty(u, r.audit.replications, lang)
                .iter()
                .map(|l| format!("  {l}")),
        );
    }
    lines.push(String::new());
    let c = &r.conversations;
    lines.push(takes::conversations_heading(r, lang));
    lines.push(format!(
        "  {:<32}{:>8}   ({} {})",
        probability_label(lang),
        lang.prob_of(c.p_target_met, r.audit.replications),
        interval(lang, 95),
        lang.prob_range(c.p_target_met_ci95)
    ));
    lines.extend(expected_year_mean(&c.year_mean_pct, lang));
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The goal's "expected year mean" line with its 90 % interval, when the run has one.
fn expected_year_mean(y: &crate::stats::Summary, lang: Lang) -> Option<String> {
    let (Some(mean), Some(lo), Some(hi)) = (y.mean, y.p05, y.p95) else {
        return None;
    };
    Some(format!(
        "  {:<32}{:>8}   ({} {})",
        lang.pick("Forventet årsgennemsnit:", "Expected year mean:"),
        lang.pct(mean, 1),
        interval(lang, 90),
        lang.pct_range(lo, hi, 1)
    ))
}

/// How a run to a precision stopped, after `count` replications: at the precision asked for,
/// or at the cap short of it, with the precision it has.
pub fn precision(p: &Precision, count: u64, lang: Lang) -> String {
    let points = |half_width: f64| format!("±{}", lang.num(100.0 * half_width, 1));
    let (asked, reached) = (points(p.requested_half_width), points(p.reached_half_width));
    let runs = replications(lang, count);
    match (p.reached, lang) {
        (true, Lang::Da) => format!(
            "Præcisionen {asked} point på sandsynligheden er nået efter {runs} ({reached} point)."
        ),
        (true, Lang::En) => format!(
            "The precision of {asked} points on the probability was reached after {runs} ({reached} points)."
        ),
        (false, Lang::Da) => format!(
            "Præcisionen {asked} point blev ikke nået: kørslen stoppede ved loftet på {runs} (-n) med {reached} point på sandsynligheden. Hæv -n for at nå den."
        ),
        (false, Lang::En) => format!(
            "The precision of {asked} points was not reached: the run stopped at the cap of {runs} (-n) with {reached} points on the probability. Raise -n to reach it."
        ),
    }
}

/// A layer of uncertainty in words: (as the subject of "without …", as what the answer
/// turns on).
pub(super) fn layer_words(layer: Layer, lang: Lang) -> (&'static str, &'static str) {
    match layer {
        Layer::EffectSizes => (
            lang.pick(
                "usikkerheden om initiativernes effekt",
                "the uncertainty about the initiatives' effect",
            ),
            lang.pick("effekten", "the effect"),
        ),
        Layer::Calibration => (
            lang.pick(
                "usikkerheden om kalibreringen",
                "the calibration uncertainty",
            ),
            lang.pick("kalibreringen", "the calibration"),
        ),
        Layer::Volatility => (
            lang.pick(
                "de antagne driftsudsving",
                "the assumed operational volatility",
            ),
            lang.pick("driftsudsvingene", "the operational volatility"),
        ),
    }
}

/// How far P(goal) must move without a layer before the answer is said to turn on it.
const TURNS_ON: f64 = 0.05;

/// The decomposition in words: the spread by layer, and P(goal) without each layer.
/// `Sandsynlighed for at nå målet 11 %; uden usikkerheden om initiativernes effekt 0 % —
/// svaret afhænger af effekten.` A run of more than
/// [`DECOMPOSITION_REPLICATIONS`] replications is decomposed on its first ones, and says so.
pub fn uncertainty(u: &Uncertainty, run_replications: u64, lang: Lang) -> Vec<String> {
    if !u.decomposed {
        return vec![lang
            .pick(
                "Usikkerheden er ikke delt op i lag (kørsel til en præcision eller samlede dele); spredningen i årsgennemsnittet er {sd} (sd).",
                "The uncertainty is not split into layers (a run to a precision or merged shards); the spread of the year mean is {sd} (sd).",
            )
            .replace("{sd}", &sd(u.total_sd_pp, lang))];
    }
    let p = u.p_target_met;
    let process = u.process_noise_sd_pp.unwrap_or(u.total_sd_pp);
    let mut parts = vec![format!(
        "{} {}",
        lang.pick("tilfældighed i sagsmængden", "process noise"),
        sd(process, lang)
    )];
    for share in u.layers.iter().filter(|s| s.on) {
        if let Some(v) = share.sd_pp {
            parts.push(format!(
                "{} {}",
                layer_words(share.name, lang).1,
                sd(v, lang)
            ));
        }
    }
    let mut lines = vec![format!(
        "{} {}: {}; {} {}.",
        lang.pick(
            "Spredning i årsgennemsnittet (sd) i alt",
            "Spread of the year mean (sd) in all"
        ),
        sd(u.total_sd_pp, lang),
        parts.join(", "),
        lang.pick(
            "Monte Carlo-fejl på gennemsnittet",
            "Monte Carlo error of the mean"
        ),
        sd(u.monte_carlo_sd_pp, lang),
    )];
    if let Some(first) = decomposed_on_first(run_replications, lang) {
        lines.push(format!("{first}."));
    }
    let without: Vec<(Layer, f64)> = u
        .layers
        .iter()
        .filter_map(|s| Some((s.name, s.p_target_met_without?)))
        .collect();
    if without.is_empty() {
        let off: Vec<&str> = u
            .layers
            .iter()
            .filter(|s| s.present && !s.on)
            .map(|s| layer_words(s.name, lang).1)
            .collect();
        lines.push(if off.is_empty() {
            lang.pick(
                "Scenariet antager ingen usikre effekter, ingen kalibreringsusikkerhed og ingen driftsudsving: spredningen er sagsmængdens tilfældighed alene.",
                "The scenario assumes no uncertain effects, no calibration uncertainty and no operational volatility: the spread is the caseload's randomness alone.",
            )
            .into()
        } else {
            format!(
                "{} {}.",
                lang.pick("Slået fra i denne kørsel (--without):", "Switched off in this run (--without):"),
                off.join(", ")
            )
        });
        return lines;
    }
    let clauses: Vec<String> = without
        .iter()
        .map(|&(layer, q)| {
            format!(
                "{} {} {}",
                lang.pick("uden", "without"),
                layer_words(layer, lang).0,
                lang.prob_of(q, u.replications)
            )
        })
        .collect();
    let turns: Vec<&str> = without
        .iter()
        .filter(|&&(_, q)| (q - p).abs() >= TURNS_ON)
        .map(|&(layer, _)| layer_words(layer, lang).1)
        .collect();
    let conclusion = if turns.is_empty() {
        lang.pick(
            "intet enkelt lag ændrer svaret",
            "no single layer changes the answer",
        )
        .to_string()
    } else {
        format!(
            "{} {}",
            lang.pick("svaret afhænger af", "the answer turns on"),
            turns.join(lang.pick(" og ", " and "))
        )
    };
    lines.push(format!(
        "{} {}; {} — {conclusion}.",
        lang.pick(
            "Sandsynlighed for at nå målet",
            "Probability of reaching the goal"
        ),
        lang.prob_of(p, u.replications),
        clauses.join("; "),
    ));
    lines
}

/// `Opdelingen i lag bygger på de første 500 kørsler` when a run of `run_replications`
/// was decomposed on fewer ([`DECOMPOSITION_REPLICATIONS`]).
pub fn decomposed_on_first(run_replications: u64, lang: Lang) -> Option<String> {
    (run_replications > DECOMPOSITION_REPLICATIONS).then(|| {
        format!(
            "{} {}",
            lang.pick(
                "Opdelingen i lag bygger på de første",
                "The split into layers is over the first"
            ),
            replications(lang, DECOMPOSITION_REPLICATIONS)
        )
    })
}

/// A standard deviation in percentage points: `0,45 pct.-point`.
fn sd(v: f64, lang: Lang) -> String {
    lang.points(v, 2)
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
            "Med denne indsats nås målet næppe; der skal flere eller større initiativer til, end scenariet har.",
            "With this effort the goal will hardly be reached; it takes more or larger initiatives than the scenario has.",
        )
    }
}
