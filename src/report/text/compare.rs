//! The comparison for people: the table ranked by effect, one sentence per alternative,
//! and the footnote of an alternative that only changes the method.

use super::Lang;
use crate::analyses::compare::{Alternative, Comparison, by_p_goal, ranked};

/// What one alternative buys, in a plain sentence.
pub fn sentence(c: &Comparison, a: &Alternative, lang: Lang) -> String {
    let n = c.audit.replications;
    let (diff, base, alt, better) = (
        lang.pp(a.diff_pp.mean, 1),
        lang.prob_of(c.base.p_target_met, n),
        lang.prob_of(a.p_target_met, n),
        lang.share_of_runs(a.p_better, n),
    );
    let name = title(a, lang);
    // No run reaching the goal with or without the initiative is one fact, not a move
    // "from 0 % to 0 %".
    let effect = match (lang, c.base.p_target_met == 0.0 && a.p_target_met == 0.0) {
        (Lang::Da, true) => format!(
            "{name}: {diff} på årsgennemsnittet; målet nås i ingen kørsel hverken med eller uden (sandsynligheden for at nå målet er {alt}; bedre i {better})."
        ),
        (Lang::En, true) => format!(
            "{name}: {diff} on the year mean; no run reaches the goal with or without it (the probability of reaching the goal is {alt}; better in {better})."
        ),
        (Lang::Da, false) => format!(
            "{name}: {diff} på årsgennemsnittet; sandsynligheden for at nå målet går fra {base} til {alt} (bedre i {better})."
        ),
        (Lang::En, false) => format!(
            "{name}: {diff} on the year mean; the probability of reaching the goal goes from {base} to {alt} (better in {better})."
        ),
    };
    match offers_sentence(a, lang) {
        Some(offers) => format!("{effect} {offers}"),
        None => effect,
    }
}

/// The offers an alternative starts beyond the base's: "Det er ca. 330 flere tilbud om
/// måneden (maj–dec)." `None` for a method-only alternative (the same histories).
pub fn offers_sentence(a: &Alternative, lang: Lang) -> Option<String> {
    let o = &a.extra_offers_per_month;
    let (first, last) = (o.months.first()?, o.months.last()?);
    if a.method_only {
        return None;
    }
    let n = super::takes::persons(lang, o.mean);
    let span = lang.month_span(*first, *last);
    // Fewer than half an offer a month either way is no change, not "about 0 more".
    let none = o.mean.abs() < 0.5;
    Some(match (lang, none, o.mean >= 0.0) {
        (Lang::Da, true, _) => format!("Det starter ikke flere tilbud om måneden ({span})."),
        (Lang::En, true, _) => format!("It starts no more offers a month ({span})."),
        (Lang::Da, false, true) => format!("Det er ca. {n} flere tilbud om måneden ({span})."),
        (Lang::Da, false, false) => format!("Det er ca. {n} færre tilbud om måneden ({span})."),
        (Lang::En, false, true) => format!("That is about {n} more offers a month ({span})."),
        (Lang::En, false, false) => format!("That is about {n} fewer offers a month ({span})."),
    })
}

/// The heading of an alternative's P(goal) curves: whose, and on how many replications.
pub fn curves_heading(a: &Alternative, lang: Lang) -> String {
    let replications = a.p_goal_curves.first().map_or(0, |c| c.replications);
    format!(
        "{}: {} ({} {})",
        title(a, lang),
        lang.pick(
            "P(mål) efter den usikre effekt",
            "P(goal) by the uncertain effect"
        ),
        super::run::replications(lang, replications),
        lang.pick("pr. punkt", "per point")
    )
}

/// The footnote of an alternative scored under a method that is not STAR's, marked `(*)`.
pub fn footnote(lang: Lang) -> &'static str {
    lang.pick(
        "(*) samme forløb, anden opgørelsesmetode — ikke STARs officielle metode",
        "(*) the same histories, another calculation method — not STAR's official method",
    )
}

/// An alternative's name for people (its scenario's `title`) in `lang`.
pub fn title(a: &Alternative, lang: Lang) -> String {
    crate::report::in_lang(&a.title, lang)
}

/// An alternative's name for people with the footnote's mark when it is the base's
/// histories scored under a method whose rules are not STAR's.
pub fn marked_name(a: &Alternative, lang: Lang) -> String {
    format!(
        "{}{}",
        title(a, lang),
        if a.rescored_off_star() { " (*)" } else { "" }
    )
}

/// The base's row in words a manager reads, not a file's name (the audit line names the
/// scenario): `Basis: Nuværende indsats`.
pub fn base_name(c: &Comparison, lang: Lang) -> String {
    format!(
        "{}: {}",
        lang.pick("Basis", "Base"),
        crate::report::in_lang(&c.base_title, lang)
    )
}

/// The answer first: does any initiative on its own make the goal more likely than not,
/// and which comes closest. `Intet initiativ alene når målet; tættest kommer X (+3,1
/// pct.-point, sandsynlighed under 1,5 %).`
pub fn verdict(c: &Comparison, lang: Lang) -> String {
    let n = c.audit.replications;
    // By P(goal) whatever the table's order: a ranking by cost must not make the
    // cheapest initiative the one "closest to the goal".
    let ranked = by_p_goal(c);
    let Some(best) = ranked.iter().find(|a| !a.method_only).or(ranked.first()) else {
        return String::new();
    };
    let (name, diff, p) = (
        crate::vocab::percent::capitalized(&title(best, lang)),
        lang.pp(best.diff_pp.mean, 1),
        lang.prob_of(best.p_target_met, n),
    );
    match (lang, best.p_target_met >= 0.5) {
        (Lang::Da, true) => format!(
            "{name} når sandsynligvis målet: sandsynligheden er {p} ({diff} på årsgennemsnittet)."
        ),
        (Lang::En, true) => format!(
            "{name} probably reaches the goal: the probability is {p} ({diff} on the year mean)."
        ),
        (Lang::Da, false) => format!(
            "Intet initiativ alene når målet; tættest kommer {name} ({diff} på årsgennemsnittet, sandsynlighed {p})."
        ),
        (Lang::En, false) => format!(
            "No initiative on its own reaches the goal; closest is {name} ({diff} on the year mean, probability {p})."
        ),
    }
}

/// The comparison table for people, alternatives ranked by their effect.
/// P(goal) and P(goal) without each layer that was on: `12 %; uden de antagne
/// driftsudsving 1 %`; none when the scenario has no layer on.
fn layers_clause(u: &crate::run::uncertainty::Uncertainty, lang: Lang) -> Option<String> {
    let without: Vec<String> = u
        .layers
        .iter()
        .filter_map(|s| {
            let q = s.p_target_met_without?;
            Some(format!(
                "{} {} {}",
                lang.pick("uden", "without"),
                super::run::layer_words(s.name, lang).1,
                lang.prob_of(q, u.replications)
            ))
        })
        .collect();
    (!without.is_empty()).then(|| {
        format!(
            "{}; {}",
            lang.prob_of(u.p_target_met, u.replications),
            without.join("; ")
        )
    })
}

/// The widest a scenario's name is shown in the comparison table (it and the number
/// columns fill 100 terminal columns).
const NAME_COLUMN: usize = 28;

/// The comparison for a terminal: the verdict, the table (at most 100 columns), a
/// sentence per alternative, the layers, curves and costs.
pub fn render_table(c: &Comparison, lang: Lang) -> String {
    let mut out = format!(
        "fokus {} · {} {} · {} {} · {} {}\n",
        c.audit.fokus_version,
        lang.pick("basis", "base"),
        c.audit.scenario_name,
        super::run::replications(lang, c.audit.replications),
        lang.pick("(parret)", "(paired)"),
        lang.pick("startværdi", "seed"),
        c.audit.seed
    );
    out.push_str(&format!(
        "{}\n\n",
        lang.pick(
            "Hvad køber hvert initiativ? Fokusmål for aktiv indsats, årsgennemsnit",
            "What does each initiative buy? Focus goal for active effort, year mean"
        )
    ));
    out.push_str(&format!("{}\n\n", verdict(c, lang)));
    let year_mean = |s: &crate::stats::Summary| s.mean.map_or("–".into(), |m| lang.pct(m, 1));
    // Paired intervals are narrow: two decimals so their width shows. The unit is said
    // once, under the table; the columns hold its numbers.
    let pp2 = |v: f64| lang.signed(v, 2);
    let interval = |[lo, hi]: [f64; 2]| format!("{} – {}", pp2(lo), pp2(hi));
    let ranked = ranked(c);
    let base = base_name(c, lang);
    // A terminal of 100 columns holds the table: names longer than the room are cut
    // here and given whole in the sentences below.
    let names: Vec<String> = ranked.iter().map(|a| marked_name(a, lang)).collect();
    // P(goal) of few runs is said in runs ("0 af 20 kørsler"): the column takes its width.
    let n = c.audit.replications;
    let p_goal = |p: f64| lang.prob_of(p, n);
    let p_width = ranked
        .iter()
        .map(|a| a.p_target_met)
        .chain([c.base.p_target_met])
        .map(|p| p_goal(p).chars().count())
        .max()
        .unwrap_or(0)
        .max(9);
    // A wider P(goal) column takes its room from the names'.
    let name_room = NAME_COLUMN - (p_width - 9).min(NAME_COLUMN - 8);
    let width = names
        .iter()
        .chain([&base])
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, name_room);
    let cut = |name: &str| -> String {
        if name.chars().count() <= width {
            name.to_string()
        } else {
            let kept: String = name.chars().take(width - 1).collect();
            format!("{kept}…")
        }
    };
    let (difference, paired, unpaired) = (
        lang.pick("Forskel", "Diff."),
        lang.pick("95 %-interval", "95% interval"),
        lang.pick("adskilte kørsler", "unpaired"),
    );
    out.push_str(&format!(
        "  {:<width$}  {:>p_width$}  {:>13}  {:>7}   {:<13}   {}\n",
        "",
        lang.pick("P(mål)", "P(goal)"),
        lang.pick("Årsgennemsnit", "Year mean"),
        difference,
        paired,
        unpaired,
    ));
    for (a, name) in ranked.iter().zip(&names) {
        let d = &a.diff_pp;
        out.push_str(&format!(
            "  {:<width$}  {:>p_width$}  {:>13}  {:>7}   {:<13}   {}\n",
            cut(name),
            p_goal(a.p_target_met),
            year_mean(&a.year_mean_pct),
            lang.signed(d.mean, 1),
            interval(d.ci95),
            interval(d.unpaired_ci95),
        ));
    }
    out.push_str(&format!(
        "  {:<width$}  {:>p_width$}  {:>13}  {:>7}\n",
        cut(&base),
        p_goal(c.base.p_target_met),
        year_mean(&c.base.year_mean_pct),
        "–",
    ));
    out.push_str(&format!(
        "  {}\n\n",
        lang.pick(
            "Forskel mod basis i pct.-point; 95 %-intervaller: parret (samme kørsler) og ved adskilte kørsler.",
            "Difference from the base in pp; 95% intervals: paired (the same runs) and for separate runs.",
        )
    ));
    for a in &ranked {
        out.push_str(&format!("  {}\n", sentence(c, a, lang)));
    }
    let layered: Vec<String> = ranked
        .iter()
        .filter_map(|a| Some((marked_name(a, lang), a.uncertainty.as_ref()?)))
        .chain(c.base.uncertainty.as_ref().map(|u| (base_name(c, lang), u)))
        .filter_map(|(name, u)| Some(format!("  {name}: {}", layers_clause(u, lang)?)))
        .collect();
    if !layered.is_empty() {
        let heading = lang.pick(
            "P(mål) uden hvert lag af usikkerhed",
            "P(goal) without each layer of uncertainty",
        );
        let heading = match super::run::decomposed_on_first(c.audit.replications, lang) {
            Some(first) => format!("{heading} ({}):", first.to_lowercase()),
            None => format!("{heading}:"),
        };
        out.push_str(&format!("\n  {heading}\n{}\n", layered.join("\n")));
    }
    for a in ranked.iter().filter(|a| !a.p_goal_curves.is_empty()) {
        out.push_str(&format!("\n  {}\n", curves_heading(a, lang)));
        for curve in &a.p_goal_curves {
            out.push_str(&format!("    {}\n", super::curve::breakpoint(curve, lang)));
        }
    }
    let costed: Vec<String> = ranked
        .iter()
        .filter_map(|a| Some(format!("  {}", cost_sentence(a, a.cost.as_ref()?, lang))))
        .collect();
    if !costed.is_empty() {
        let heading = lang.pick(
            "Omkostninger ud over basis (kr. over de simulerede måneder; tallene er antagelser, se scenarierne):",
            "Costs beyond the base (DKK over the simulated months; the figures are assumptions, see the scenarios):",
        );
        out.push_str(&format!("\n  {heading}\n{}\n", costed.join("\n")));
        if c.rank_by == crate::analyses::compare::RankBy::Cost {
            out.push_str(&format!(
                "  {}\n",
                lang.pick(
                    "Rangeret efter omkostning pr. pct.-point årsgennemsnit, billigst først.",
                    "Ranked by cost per pp of year mean, cheapest first."
                )
            ));
        }
    }
    if ranked.iter().any(|a| a.rescored_off_star()) {
        out.push_str(&format!("\n  {}\n", footnote(lang)));
    }
    out
}

/// An amount of DKK: `24,3 mio. kr.` / `DKK 24.3m` from a million, else whole kroner
/// (`850.000 kr.` / `DKK 850,000`).
pub fn dkk(v: f64, lang: Lang) -> String {
    if v.abs() >= 1e6 {
        let m = lang.num(v / 1e6, 1);
        match lang {
            Lang::Da => format!("{m} mio. kr."),
            Lang::En => format!("DKK {m}m"),
        }
    } else {
        let sign = if v < 0.0 && v.round() != 0.0 {
            "\u{2212}"
        } else {
            ""
        };
        let n = format!("{sign}{}", lang.count(v.abs().round() as u64));
        match lang {
            Lang::Da => format!("{n} kr."),
            Lang::En => format!("DKK {n}"),
        }
    }
}

/// A cost per percentage point, or why it is not defined.
pub fn per_point(p: &crate::analyses::compare::PerPoint, lang: Lang) -> String {
    match p.dkk {
        Some(v) => dkk(v, lang),
        None => lang
            .pick(
                "ikke defineret (gevinsten er ikke klart positiv: dens 95 %-interval når 0)",
                "not defined (the gain is not clearly positive: its 95% interval reaches 0)",
            )
            .to_string(),
    }
}

/// What an alternative costs, in a sentence: the expected cost with its interval and
/// spread, and the cost per percentage point of year mean and of P(goal).
pub fn cost_sentence(
    a: &Alternative,
    cost: &crate::analyses::compare::CostSummary,
    lang: Lang,
) -> String {
    let (mean, lo, hi) = (
        dkk(cost.mean_dkk, lang),
        dkk(cost.ci95_dkk[0], lang),
        dkk(cost.ci95_dkk[1], lang),
    );
    let (r_lo, r_hi) = (
        dkk(cost.range95_dkk[0], lang),
        dkk(cost.range95_dkk[1], lang),
    );
    let (year, goal) = (
        per_point(&cost.per_pp_year_mean, lang),
        per_point(&cost.per_pp_p_goal, lang),
    );
    // "kr." already ends the sentence.
    let stop = if goal.ends_with('.') { "" } else { "." };
    match lang {
        Lang::Da => format!(
            "{}: forventet {mean} (95 %-interval {lo} – {hi}; 95 % af kørslerne {r_lo} – {r_hi}); pr. pct.-point årsgennemsnit {year}; pr. pct.-point P(mål) {goal}{stop}",
            title(a, lang)
        ),
        Lang::En => format!(
            "{}: expected {mean} (95% interval {lo} – {hi}; 95% of replications {r_lo} – {r_hi}); per pp of year mean {year}; per pp of P(goal) {goal}{stop}",
            title(a, lang)
        ),
    }
}

/// That an alternative is the combination of `names`: "Kombinerer produktionsstyring og
/// fraværsopfølgning." / "Combines production steering and absence follow-up."
pub fn combines(names: &[String], lang: Lang) -> String {
    let and = lang.pick(" og ", " and ");
    let listed = match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{and}{last}", init.join(", ")),
    };
    format!(
        "{} {listed}.",
        lang.pick(
            "Kombinationen af initiativerne i",
            "The combination of the initiatives of"
        )
    )
}

#[cfg(test)]
mod combine_tests {
    use super::*;

    #[test]
    fn a_combination_names_its_parts() {
        let names = ["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(
            combines(&names, Lang::Da),
            "Kombinationen af initiativerne i a, b og c."
        );
        assert_eq!(
            combines(&names[..1], Lang::En),
            "The combination of the initiatives of a."
        );
    }
}
