//! The line a run from a register starts with: who was loaded, and where the observed
//! shares come from.

use super::Lang;
use crate::run::{EvidenceUnit, RegisterFlows, StartInfo};

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

/// The warning a run from a register gives when it used numbers of the scenario the
/// register could not inform: each named, with the register's own figure or the evidence
/// it lacked, the share of the caseload it acts on and, for a count, how much larger the
/// scenario's caseload is. `None` when nothing was borrowed.
pub fn borrowed_warning(flows: &RegisterFlows, lang: Lang) -> Option<String> {
    if flows.borrowed.is_empty() {
        return None;
    }
    let mut out = format!(
        "{} {}\n",
        lang.pick("advarsel:", "warning:"),
        lang.pick(
            "registret kan ikke bestemme disse tal; scenariets bruges:",
            "the register cannot inform these numbers; the scenario's are used:"
        )
    );
    for b in &flows.borrowed {
        let mut why = Vec::new();
        if b.unit == EvidenceUnit::Months {
            why.push(
                lang.pick(
                    "skaleret til registrets bestand",
                    "scaled to the register's caseload",
                )
                .to_string(),
            );
        }
        if let Some(r) = b.register_value {
            why.push(format!(
                "{} {}",
                lang.pick("registrets eget tal", "the register's own figure"),
                lang.num(r, 3)
            ));
        }
        if b.unit != EvidenceUnit::None {
            let (da, en) = match b.unit {
                EvidenceUnit::PersonMonths => (
                    ("personmåned", "personmåneder"),
                    ("person-month", "person-months"),
                ),
                EvidenceUnit::Months => (("måned", "måneder"), ("month", "months")),
                _ => (("nyt forløb", "nye forløb"), ("new spell", "new spells")),
            };
            why.push(format!(
                "{} {} {}",
                lang.counted(b.evidence, da, en),
                lang.pick("af", "of"),
                lang.count(b.needed)
            ));
        }
        if let Some(ratio) = b.size_ratio {
            why.push(format!(
                "{} {}×",
                lang.pick(
                    "scenariets bestand i forhold til registrets:",
                    "the scenario's caseload to the register's:"
                ),
                lang.num(ratio, 1)
            ));
        }
        why.push(match b.caseload_share_pct {
            Some(share) => {
                format!(
                    "{} {}",
                    lang.pick("virker på", "acts on"),
                    lang.pct(share, 1)
                ) + lang.pick(" af registrets personer", " of the register's persons")
            }
            None => lang
                .pick(
                    "virker på en gruppe under diskretionsgrænsen",
                    "acts on a group below the disclosure limit",
                )
                .to_string(),
        });
        out.push_str(&format!(
            "  {} = {} ({})\n",
            b.parameter,
            lang.num(b.value, 3),
            why.join("; ")
        ));
    }
    Some(out)
}
