//! The tornado as a table for people, and the answer of a goal seek (`fokus solve`).

use super::Lang;
use super::run::audit_line;
use crate::analyses::sensitivity::{Sensitivity, Solution, Swing};
use crate::scenario::file::RangeUnit;

/// The tornado as a table for people.
pub fn render(s: &Sensitivity, lang: Lang) -> String {
    let a = &s.base.audit;
    let per_point = format!(
        "{} {}",
        super::run::replications(lang, a.replications),
        lang.pick("pr. punkt", "per point")
    );
    let mut out = format!(
        "{}\n{}\n\n",
        audit_line(
            lang,
            &a.fokus_version,
            &a.scenario_name,
            &per_point,
            a.seed,
            None
        ),
        lang.pick(
            "Følsomhed: hver usikker parameter fra lav til høj, de andre uændret",
            "Sensitivity: each uncertain parameter from low to high, the others unchanged"
        )
    );
    out.push_str(&format!(
        "  {:<54}{:>16}{:>14}{:>12}\n",
        lang.pick("Parameter (lav → høj)", "Parameter (low → high)"),
        lang.pick("Årsgennemsnit", "Year mean"),
        lang.pick("P(mål)", "P(goal)"),
        lang.pick("Udsving", "Swing")
    ));
    for w in &s.swings {
        let [mean_low, mean_high] = w.year_mean_pct;
        let [p_low, p_high] = w.p_target_met;
        out.push_str(&format!(
            "  {:<54}{:>16}{:>14}{:>12}\n",
            format!(
                "{} ({}){}",
                swing_name(w, lang),
                swing_range(w, lang),
                if w.refitted.contains(&true) { " *" } else { "" }
            ),
            format!("{} → {}", lang.num(mean_low, 1), lang.num(mean_high, 1)),
            format!(
                "{} → {}",
                lang.num(100.0 * p_low, 0),
                lang.pct(100.0 * p_high, 0)
            ),
            lang.points(w.year_mean_range(), 2)
        ));
    }
    if s.swings.iter().any(|w| w.refitted.contains(&true)) {
        out.push_str(&format!(
            "\n  * {}\n",
            lang.pick(
                "genkalibreret: parameteren flytter de observerede måneder, så tilbudsraterne er tilpasset dem igen før beregningen; udsvinget viser virkningen på resten af året",
                "refitted: the parameter moves the observed months, so the offer rates were fitted to them again before scoring; the swing shows the effect on the rest of the year"
            )
        ));
    }
    out.push_str(&format!(
        "\n  {}: {} · {} {}\n",
        lang.pick("Basis", "Base"),
        lang.pct(s.base.year_mean_pct.mean.unwrap_or(f64::NAN), 1),
        lang.pick("P(mål)", "P(goal)"),
        lang.pct(100.0 * s.base.p_target_met, 0)
    ));
    out
}

/// The answer of a goal seek run on `replications` replications from `seed`.
pub fn solution(s: &Solution, replications: u64, seed: u64, lang: Lang) -> String {
    let p_goal = lang.pct(100.0 * s.p_target_met, 0);
    let required = lang.pct(100.0 * s.level, 0);
    match s.value {
        Some(v) => format!(
            "{} {} = {} {} {p_goal} ({} {required}; {}, {} {seed}).\n",
            lang.pick("Mindste værdi:", "Smallest value:"),
            s.lever,
            lang.num(v, 4),
            lang.pick("giver P(mål) =", "gives P(goal) ="),
            lang.pick("krav", "required"),
            super::run::replications(lang, replications),
            lang.pick("startværdi", "seed"),
        ),
        None => format!(
            "{} {} {} {}: P({}) = {p_goal} {} {required}.\n",
            lang.pick("Ingen værdi af", "No value of"),
            s.lever,
            lang.pick("op til", "up to"),
            lang.num(s.range[1], 4),
            lang.pick("mål", "goal"),
            lang.pick("når ikke kravet", "does not reach"),
        ),
    }
}

/// A swing's parameter for people: its `label` in `lang`, or else its JSON path.
pub fn swing_name(w: &Swing, lang: Lang) -> String {
    w.label.as_ref().map_or_else(
        || w.parameter.clone(),
        |t| lang.pick(t.da(), t.en()).to_string(),
    )
}

/// A swing's range for people: `1 % → 6 %` for a rate in percent, the numbers as they
/// are for a `number`, three decimals when the range has no unit.
pub fn swing_range(w: &Swing, lang: Lang) -> String {
    format!(
        "{} → {}",
        swing_value(w, w.low, lang),
        swing_value(w, w.high, lang)
    )
}

/// One value of a swing's parameter, shown by its unit.
pub fn swing_value(w: &Swing, v: f64, lang: Lang) -> String {
    match w.unit {
        Some(RangeUnit::Percent) => {
            let pct = 100.0 * v;
            lang.pct(pct, fitting_decimals(pct))
        }
        Some(RangeUnit::Number) => lang.num(v, fitting_decimals(v)),
        None => lang.num(v, 3),
    }
}

/// The fewest decimals (up to three) that show `v` exactly as typed: 6 → 0, 1.5 → 1.
fn fitting_decimals(v: f64) -> usize {
    (0..3)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((v * scale).round() - v * scale).abs() < 1e-9
        })
        .unwrap_or(3)
}

/// A swing's source for people, in `lang`.
pub fn swing_source(w: &Swing, lang: Lang) -> Option<&str> {
    w.source.as_ref().map(|t| lang.pick(t.da(), t.en()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solution(value: Option<f64>) -> Solution {
        Solution {
            lever: "initiatives[0].offers_per_month".into(),
            level: 0.8,
            range: [0.0, 1.0],
            value,
            p_target_met: if value.is_some() { 0.88 } else { 0.0 },
            evaluations: Vec::new(),
        }
    }

    #[test]
    fn a_goal_seek_answers_in_one_sentence() {
        assert_eq!(
            super::solution(&solution(Some(250.0)), 40, 20250429, Lang::Da),
            "Mindste værdi: initiatives[0].offers_per_month = 250,0000 giver P(mål) = 88 % (krav 80 %; 40 kørsler, startværdi 20250429).\n"
        );
        assert_eq!(
            super::solution(&solution(None), 40, 1, Lang::Da),
            "Ingen værdi af initiatives[0].offers_per_month op til 1,0000: P(mål) = 0 % når ikke kravet 80 %.\n"
        );
        assert_eq!(
            super::solution(&solution(None), 1000, 1, Lang::En),
            "No value of initiatives[0].offers_per_month up to 1.0000: P(goal) = 0% does not reach 80%.\n"
        );
    }
}
