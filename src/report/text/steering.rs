//! The production-steering list (`fokus lister`) as a table for people: who turns passive
//! when, what offers in list order buy, and how many it takes — never a person.

use super::Lang;
use crate::Group;
use crate::measure::steering::{Needed, SteeringList};
use crate::report::export::Audit;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many deadline months the table shows as columns (the rest are summed).
const MONTH_COLUMNS: usize = 6;

/// The list as a table for people.
pub fn to_table(list: &SteeringList, audit: &Audit, lang: Lang) -> String {
    let l = |da, en| lang.pick(da, en);
    let mut out = String::new();
    let min_cell = if list.min_cell == 0 {
        l("fra", "off").to_string()
    } else {
        list.min_cell.to_string()
    };
    let _ = writeln!(
        out,
        "fokus {} · {} · {} {} · {} {} · {} {min_cell}",
        audit.fokus_version,
        audit.input,
        l("metode", "method"),
        list.method,
        l("opgjort pr.", "as of"),
        lang.month_year(list.as_of),
        l("mindste celle", "min cell"),
    );
    let _ = writeln!(
        out,
        "{}\n",
        l(
            "Produktionsstyring: hvornår bliver borgerne passive, hvis intet nyt sker?",
            "Production steering: when do citizens turn passive if nothing new happens?"
        )
    );
    let _ = writeln!(
        out,
        "  {:<34}{:>10}",
        l("Personer på ydelse", "Persons on benefit"),
        lang.count(list.persons_on_benefit)
    );
    let _ = writeln!(
        out,
        "  {:<34}{:>10}",
        l("Heraf passive nu", "Of those, passive now"),
        lang.count(list.passive_now)
    );
    let _ = writeln!(
        out,
        "  {:<34}{:>10}\n",
        l(
            "Personer med tilbud pr. måned nu",
            "Persons with an offer a month now"
        ),
        lang.num(list.offers_per_month_now, 0)
    );
    deadline_table(&mut out, list, lang);
    gain_table(&mut out, list, lang);
    let _ = writeln!(
        out,
        "\n{}",
        l(
            "Antagelser: ingen nye tilbud eller timer efter opgørelsesmåneden, ingen registreret fravær, samme ydelsesgruppe; afgang efter registerets egne afgangsrater; nye borgere efter opgørelsesmåneden er ikke med.",
            "Assumptions: no new offers or hours after the as-of month, no registered absence, the same benefit group; exits at the register's own exit rates; citizens arriving after the as-of month are not included."
        )
    );
    out
}

fn deadline_table(out: &mut String, list: &SteeringList, lang: Lang) {
    let l = |da, en| lang.pick(da, en);
    let mut months: Vec<_> = list.by_deadline.iter().map(|c| c.month).collect();
    months.sort();
    months.dedup();
    let shown: Vec<_> = months.iter().copied().take(MONTH_COLUMNS).collect();
    let later = months.len() > shown.len();
    let _ = write!(
        out,
        "{}\n  {:<34}",
        l(
            "Personer efter måneden, de bliver passive (fristen):",
            "Persons by the month they turn passive (the deadline):"
        ),
        l("Gruppe", "Group")
    );
    for m in &shown {
        let _ = write!(out, "{:>10}", lang.month(*m));
    }
    if later {
        let _ = write!(out, "{:>10}", l("senere", "later"));
    }
    out.push('\n');
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for g in Group::ALL {
        let cells: Vec<_> = list.by_deadline.iter().filter(|c| c.group == g).collect();
        if cells.is_empty() {
            continue;
        }
        let shown_cell = |m| {
            cells
                .iter()
                .find(|c| c.month == m)
                .map_or("0".to_string(), |c| {
                    c.persons.map_or("·".to_string(), |n| lang.count(n))
                })
        };
        let mut row: Vec<String> = shown.iter().map(|&m| shown_cell(m)).collect();
        if later {
            let rest: Vec<_> = cells.iter().filter(|c| !shown.contains(&c.month)).collect();
            row.push(if rest.iter().any(|c| c.suppressed) {
                "·".to_string()
            } else {
                lang.count(rest.iter().filter_map(|c| c.persons).sum())
            });
        }
        rows.insert(g.index(), row);
    }
    for (g, row) in rows {
        let _ = write!(out, "  {:<34}", lang.group(Group::ALL[g]));
        for cell in row {
            let _ = write!(out, "{cell:>10}");
        }
        out.push('\n');
    }
    if list.by_deadline.iter().any(|c| c.suppressed) {
        let _ = writeln!(
            out,
            "  {}",
            l(
                "· skjult (færre end mindste celle)",
                "· withheld (fewer than the min cell)"
            )
        );
    }
}

fn gain_table(out: &mut String, list: &SteeringList, lang: Lang) {
    let l = |da, en| lang.pick(da, en);
    let december = crate::Month::new(list.year, 12).expect("December is a month");
    let from = list.as_of.plus(1);
    let _ = writeln!(out);
    match list.year_mean_if_nothing_new_pct {
        Some(y) => {
            let _ = writeln!(
                out,
                "{} {}: {} {}",
                l("Årsgennemsnit", "Year mean"),
                list.year,
                lang.pct(y, 1),
                l("hvis intet nyt sker", "if nothing new happens"),
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                l(
                    "Registeret dækker ikke året op til opgørelsesmåneden: årsgennemsnittet kendes ikke.",
                    "The register does not cover the year up to the as-of month: the year mean is unknown."
                )
            );
        }
    }
    if from > december {
        return;
    }
    let _ = writeln!(
        out,
        "{} {}:",
        l(
            "Tilbud i listens rækkefølge pr. måned,",
            "Offers a month in list order,"
        ),
        lang.month_span(from, december)
    );
    for g in &list.gain {
        let with = g
            .year_mean_pct
            .map(|y| format!("  → {}", lang.pct(y, 1)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:>8} {}  {:>12}{with}",
            lang.count(g.offers_per_month),
            match g.offers_per_month {
                1 => l("tilbud", "offer"),
                _ => l("tilbud", "offers"),
            },
            lang.pp(g.year_mean_gain_pp, 1),
        );
    }
    let target = lang.pct(list.target_pct, 1);
    let offers = |n: u64| lang.counted(n, ("tilbud", "tilbud"), ("offer", "offers"));
    let line = match list.offers_needed_per_month {
        Needed::Offers { offers_per_month } => match lang {
            Lang::Da => format!(
                "Der skal {} pr. måned i listens rækkefølge til, for at årsgennemsnittet kommer over {target}.",
                offers(offers_per_month)
            ),
            Lang::En => format!(
                "It takes {} a month in list order for the year mean to come above {target}.",
                offers(offers_per_month)
            ),
        },
        Needed::Unreachable => match lang {
            Lang::Da => format!(
                "Selv et tilbud til alle på listen hver måned løfter ikke årsgennemsnittet over {target}."
            ),
            Lang::En => format!(
                "Even an offer to everyone on the list every month does not lift the year mean above {target}."
            ),
        },
        Needed::NoMonthsLeft | Needed::YearNotCovered => return,
    };
    let _ = writeln!(out, "{line}");
}
