//! "What it takes" in words — the December level the year mean requires beside the
//! plan's own promise and the scenario's path, when the goal slips out of reach, and
//! the persons and offers behind it — and the conversations goal's lines.

use super::Lang;
use crate::run::RunResult;
use crate::run::takes::{NoPointReason, PointOfNoReturn, WhatItTakes};

/// A count of persons or offers, rounded to whole ones: `1.234` / `1,234`.
pub fn persons(lang: Lang, v: f64) -> String {
    lang.count(v.abs().round() as u64)
}

/// The required level beside the plan's promise and the scenario's path: "Planen sigter
/// mod 71,2 % i december, men for at nå målet i årsgennemsnit skal december ligge på
/// ca. 76,0 % (jævn stigning fra marts). Scenariet når 72,6 % i december og ender året
/// på 69,0 %." `None` when no month is left to simulate.
pub fn december_sentence(w: &WhatItTakes, lang: Lang) -> Option<String> {
    let (required_mean, december) = (w.required_mean_pct?, w.required_december_pct?);
    let from = lang.month_name(w.ramp_from.month);
    let climb = if w.ramp_from.observed {
        match lang {
            Lang::Da => format!("jævn stigning fra {from}"),
            Lang::En => format!("a steady climb from {from}"),
        }
    } else {
        lang.pick(
            "jævn stigning fra årets start",
            "a steady climb from the start of the year",
        )
        .to_string()
    };
    let (req, dec) = (lang.pct(required_mean, 1), lang.pct(december, 1));
    let first = match &w.plan_target {
        Some(p) if p.month.month_of_year() == 12 || p.required_pct.is_none() => {
            let (promised, month) = (lang.pct(p.pct, 1), lang.month_name(p.month));
            match lang {
                Lang::Da => format!(
                    "Planen sigter mod {promised} i {month}, men for at nå målet i årsgennemsnit skal december ligge på ca. {dec} ({climb}; resten af året skal i gennemsnit ligge på {req})."
                ),
                Lang::En => format!(
                    "The plan aims at {promised} in {month}, but to reach the goal as a year mean December must be at about {dec} ({climb}; the rest of the year must average {req})."
                ),
            }
        }
        Some(p) => {
            let (promised, month) = (lang.pct(p.pct, 1), lang.month_name(p.month));
            let there = lang.pct(p.required_pct.unwrap_or(f64::NAN), 1);
            match lang {
                Lang::Da => format!(
                    "Planen sigter mod {promised} i {month}; for at nå målet i årsgennemsnit skal {month} ligge på ca. {there} og december på ca. {dec} ({climb}; resten af året skal i gennemsnit ligge på {req})."
                ),
                Lang::En => format!(
                    "The plan aims at {promised} in {month}; to reach the goal as a year mean {month} must be at about {there} and December at about {dec} ({climb}; the rest of the year must average {req})."
                ),
            }
        }
        None => match lang {
            Lang::Da => format!(
                "For at nå målet i årsgennemsnit skal resten af året i gennemsnit ligge på {req}; ved {climb} skal december ligge på ca. {dec}."
            ),
            Lang::En => format!(
                "To reach the goal as a year mean the rest of the year must average {req}; on {climb} December must be at about {dec}."
            ),
        },
    };
    let path = match (w.expected_last_month_pct, w.expected_year_mean_pct) {
        (Some(last), Some(year)) => {
            let (last, year) = (lang.pct(last, 1), lang.pct(year, 1));
            match lang {
                Lang::Da => format!(" Scenariet når {last} i december og ender året på {year}."),
                Lang::En => {
                    format!(" The scenario reaches {last} in December and ends the year at {year}.")
                }
            }
        }
        _ => String::new(),
    };
    Some(format!("{first}{path}"))
}

/// When the goal slips out of reach, in one sentence.
pub fn no_return_sentence(w: &WhatItTakes, lang: Lang) -> String {
    let after = |p: &PointOfNoReturn| p.month.map(|m| lang.month_name(m));
    let full = &w.point_of_no_return.full_effort;
    let best = &w.point_of_no_return.best_month;
    let best_level = lang.pct(best.ceiling_pct, 1);
    let december = full.month.is_some_and(|m| m.month_of_year() == 12);
    match (after(full), after(best)) {
        (Some(_), Some(b)) if december => match lang {
            Lang::Da => format!(
                "Med 100 % i de resterende måneder kan målet nås hele året; på scenariets bedste niveau ({best_level}) er det uden for rækkevidde allerede efter {b}."
            ),
            Lang::En => format!(
                "With 100% in the remaining months the goal stays within reach all year; at the scenario's best level ({best_level}) it is out of reach already after {b}."
            ),
        },
        (Some(f), Some(b)) => match lang {
            Lang::Da => format!(
                "Efter {f} kan selv 100 % i alle resterende måneder ikke løfte årsgennemsnittet over målet; på scenariets bedste niveau ({best_level}) er målet uden for rækkevidde allerede efter {b}."
            ),
            Lang::En => format!(
                "After {f} even 100% in every remaining month cannot lift the year mean above the target; at the scenario's best level ({best_level}) the goal is out of reach already after {b}."
            ),
        },
        (None, Some(b)) => match lang {
            Lang::Da => format!(
                "På scenariets bedste niveau ({best_level}) er målet uden for rækkevidde efter {b}; med 100 % i de resterende måneder kan det stadig nås ved horisonten."
            ),
            Lang::En => format!(
                "At the scenario's best level ({best_level}) the goal is out of reach after {b}; with 100% in the remaining months it can still be reached at the horizon."
            ),
        },
        _ => match best.reason.or(full.reason) {
            Some(NoPointReason::ExpectedYearMeanAboveTarget) => lang
                .pick(
                    "Scenariets forventede forløb når målet; målet glipper ikke undervejs.",
                    "The scenario's expected path reaches the goal; it never slips out of reach.",
                )
                .to_string(),
            Some(NoPointReason::BeyondHorizon) => lang
                .pick(
                    "Målet er stadig inden for rækkevidde ved horisonten, før december.",
                    "The goal is still within reach at the horizon, before December.",
                )
                .to_string(),
            Some(NoPointReason::NoExpectedPath) | None => lang
                .pick(
                    "Intet forventet forløb: en måned har ingen population.",
                    "No expected path: a month has no population.",
                )
                .to_string(),
        },
    }
}

/// The persons and offers behind the requirement, in one sentence.
pub fn persons_sentence(w: &WhatItTakes, lang: Lang) -> Option<String> {
    let extra = w.extra_fulfilled_persons_per_month.as_ref()?;
    let offers = persons(lang, w.offers_started_per_month.total);
    let n = persons(lang, extra.total);
    Some(if extra.total > 0.0 {
        match lang {
            Lang::Da => format!(
                "Det svarer til ca. {n} flere opfyldte personer hver resterende måned end scenariet venter; scenariet starter ca. {offers} tilbud om måneden."
            ),
            Lang::En => format!(
                "That is about {n} more fulfilled persons each remaining month than the scenario expects; the scenario starts about {offers} offers a month."
            ),
        }
    } else {
        match lang {
            Lang::Da => format!(
                "Scenariet venter ca. {n} flere opfyldte personer om måneden end kravet; det starter ca. {offers} tilbud om måneden."
            ),
            Lang::En => format!(
                "The scenario expects about {n} more fulfilled persons a month than required; it starts about {offers} offers a month."
            ),
        }
    })
}

/// Every sentence of "what it takes", in order.
pub fn sentences(r: &RunResult, lang: Lang) -> Vec<String> {
    let w = &r.what_it_takes;
    let mut out = Vec::new();
    out.extend(december_sentence(w, lang));
    out.push(no_return_sentence(w, lang));
    out.extend(persons_sentence(w, lang));
    out
}

/// The conversations goal's heading: `Fokusmål for samtaler (mål: over 80,0 % i
/// årsgennemsnit; mindst 4 samtaler på 12 måneder)`.
pub fn conversations_heading(r: &RunResult, lang: Lang) -> String {
    let c = &r.conversations;
    let window_months = c.window_months;
    let target = lang.pct(c.target_pct, 1);
    let k = c.conversations_required;
    match lang {
        Lang::Da => format!(
            "Fokusmål for samtaler (mål: over {target} i årsgennemsnit; mindst {k} samtaler på {window_months} måneder)"
        ),
        Lang::En => format!(
            "Focus goal for conversations (target: above {target} as the year mean; at least {k} conversations in {window_months} months)"
        ),
    }
}
