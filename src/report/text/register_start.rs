//! The line a run from a register starts with: who was loaded, and where the observed
//! shares come from.

use super::Lang;
use crate::run::StartInfo;

/// One line for people: who was loaded, and where the observed shares come from.
pub fn describe(info: &StartInfo, lang: Lang) -> String {
    let groups: Vec<String> = info
        .persons_by_group
        .iter()
        .map(|(g, n)| {
            let persons = n.map_or_else(
                || lang.pick("(skjult)", "(withheld)").to_string(),
                |n| lang.count(n),
            );
            format!("{} {persons}", lang.group(*g))
        })
        .collect();
    let observed = match (info.observed_months.first(), info.observed_months.last()) {
        (Some(a), Some(b)) => format!(
            "{} {a}–{b} {}",
            lang.pick("observerede andele", "observed shares"),
            lang.pick("beregnet fra registret", "computed from the register")
        ),
        _ => lang
            .pick(
                "ingen observerede måneder i året",
                "no observed months in the year",
            )
            .to_string(),
    };
    format!(
        "{} {} {} {}: {} {} ({}); {observed}.\n",
        lang.pick("Start fra register", "Start from register"),
        info.register,
        lang.pick("pr.", "as of"),
        info.as_of,
        lang.count(info.persons),
        lang.pick("personer", "persons"),
        groups.join(", "),
    )
}
