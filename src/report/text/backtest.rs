//! The backtest as a table for people: month by month, then the scores.

use super::Lang;
use super::run::{audit_line, replications};
use crate::analyses::backtest::Backtest;

/// The backtest as a table for people.
pub fn render(b: &Backtest, lang: Lang) -> String {
    let mut out = audit_line(
        lang,
        &b.fokus_version,
        &b.scenario_name,
        &replications(lang, b.replications),
        b.seed,
        Some(&b.method),
    ) + "\n";
    out.push_str(&format!(
        "{} {} ({} {}), {} {}\n\n",
        lang.pick("Backtest: fremskrivning fra", "Backtest: projection from"),
        b.as_of,
        lang.count(b.persons),
        lang.pick("personer", "persons"),
        lang.pick(
            "holdt op mod registret til",
            "scored against the register up to"
        ),
        b.last_month
    ));
    out.push_str(&format!(
        "  {:<9}{:>11}{:>11}{:>16}{:>8}{:>8}\n",
        lang.pick("Måned", "Month"),
        lang.pick("Realiseret", "Realised"),
        lang.pick("Simuleret", "Simulated"),
        lang.pick("90 %-bånd", "90% band"),
        lang.pick("Fejl", "Error"),
        lang.pick("Dækket", "Covered")
    ));
    for m in &b.months {
        let band = format!(
            "{}–{}",
            lang.num(m.simulated.p05.unwrap_or(f64::NAN), 1),
            lang.num(m.simulated.p95.unwrap_or(f64::NAN), 1)
        );
        out.push_str(&format!(
            "  {:<9}{:>11}{:>11}{:>16}{:>8}{:>8}\n",
            m.month.to_string(),
            lang.num(m.realised_pct, 1),
            lang.num(m.simulated.mean.unwrap_or(f64::NAN), 1),
            band,
            lang.signed(m.error_pp, 1),
            lang.yes_no(m.covered)
        ));
    }
    out.push('\n');
    if let (Some(e), Some(c)) = (b.mean_error_pp, b.coverage_90) {
        let covered = b.months.iter().filter(|m| m.covered).count();
        out.push_str(&format!(
            "  {} {} {} · {} {} {} {} {} ({})\n",
            lang.pick("Gennemsnitlig fejl:", "Mean error:"),
            lang.signed(e, 1),
            lang.pick("point", "points"),
            lang.pick("90 %-båndet dækker", "the 90% band covers"),
            covered,
            lang.pick("af", "of"),
            b.months.len(),
            lang.pick("måneder", "months"),
            lang.pct(100.0 * c, 0)
        ));
    }
    for y in &b.years {
        out.push_str(&format!(
            "  {} {}: P({}) = {}, {} {} ({}), Brier {}\n",
            lang.pick("År", "Year"),
            y.year,
            lang.pick("mål", "goal"),
            lang.pct(100.0 * y.p_target_met, 0),
            lang.pick("realiseret", "realised"),
            lang.pct(y.realised_pct, 1),
            if y.target_met {
                lang.pick("nået", "met")
            } else {
                lang.pick("ikke nået", "not met")
            },
            lang.num(y.brier, 3)
        ));
    }
    if b.years.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            lang.pick(
                "Intet helt kalenderår med simulerede måneder i registret: ingen Brier-score.",
                "No complete calendar year with simulated months in the register: no Brier score."
            )
        ));
    }
    out
}
