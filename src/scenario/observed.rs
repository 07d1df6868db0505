//! Observed monthly shares from a CSV: the year's totals for `fokus requirement`, and
//! shares per group for `fokus calibrate`.
//!
//! Two layouts, told apart by the header: an `evaluate` CSV
//! (`[method,]month,group,population,fulfilled,share_pct`; the `total` rows of the first
//! method are used) or a plain `month,share_pct`. The months of the latest year are
//! taken, in month order; they must run from January without a gap, because the
//! requirement formula counts the observed months from January.

use crate::Group;
use crate::decode::csv::{Column, Table};
use crate::error::InputError;
use crate::scenario::ObservedMonth;
use crate::vocab::month::Month;
use std::collections::BTreeMap;

/// The columns of both layouts (folded aliases: see [`Column`]).
const MONTH: Column = Column {
    name: "month",
    aliases: &["maaned"],
};
const GROUP: Column = Column {
    name: "group",
    aliases: &["gruppe", "ydelse", "ydelsesgruppe", "maalgruppe"],
};
const METHOD: Column = Column {
    name: "method",
    aliases: &["metode"],
};
const SHARE: Column = Column {
    name: "share_pct",
    aliases: &["andelpct", "andelipct", "andelprocent", "aktivpct"],
};
const PASSIVE: Column = Column {
    name: "passive_pct",
    aliases: &["passivpct", "passivandelpct"],
};

/// Whether a `group` cell is the total over all groups (`total`, or `I alt` in Danish).
fn is_total(cell: &crate::decode::csv::Cell<'_>) -> bool {
    cell.is("total") || cell.is("i alt") || cell.is("i_alt")
}

/// The observed shares of one calendar year, from January.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    /// The year.
    pub year: i32,
    /// The monthly shares in percent, January first.
    pub shares: Vec<f64>,
}

/// Parse observed shares from CSV text. `origin` names the file in errors.
pub fn parse_observed(text: &str, origin: &str) -> Result<Observed, InputError> {
    let expected = "month,share_pct (or an `fokus evaluate` CSV)";
    let mut table = Table::new(text, origin, expected)?;
    let numbers = table.delimiter().numbers();
    let found = table.find(&[MONTH, SHARE, GROUP, METHOD], false, expected)?;
    let (Some(month_col), Some(share_col)) = (found[0], found[1]) else {
        return Err(InputError::at(
            origin,
            format!("line {}", table.header_line()),
            crate::text!(
                da: "forventede kolonnerne month,share_pct (eller en CSV fra `fokus evaluate`)",
                en: "expected the columns {expected}"
            ),
        ));
    };
    let (group_col, method_col) = (found[2], found[3]);
    let mut method = None;
    // (month, the share or why the cell is not one, line)
    let mut rows: Vec<(Month, Result<f64, crate::error::Message>, u64)> = Vec::new();
    while let Some(row) = table.next_row()? {
        let line = row.line;
        if let Some(g) = group_col
            && !is_total(&row.cells[g])
        {
            continue;
        }
        if let Some(c) = method_col {
            let key = row.cells[c].key();
            if *method.get_or_insert_with(|| key.clone()) != key {
                continue;
            }
        }
        let month = row.cells[month_col]
            .month()
            .map_err(|e| e.at(origin, line, "month"))?;
        let share = &row.cells[share_col];
        let share = if share.is_empty() || share.is("suppressed") {
            Err(crate::text!(
                da: "er tom eller tilbageholdt (hver måneds andel skal bruges: kør evaluate med en lavere --min-cell, eller udfyld måneden)",
                en: "is empty or suppressed (every month's share is needed: evaluate with a lower --min-cell, or fill in the month)"
            ))
        } else {
            share.percent(numbers).map_err(|e| e.message())
        };
        rows.push((month, share, line));
    }
    let Some(year) = rows.iter().map(|f| f.0.year()).max() else {
        return Err(InputError::new(
            origin,
            crate::text!(
                da: "har ingen måneder (forventede mindst én række)",
                en: "has no months (expected at least one row)"
            ),
        ));
    };
    let mut this_year: Vec<_> = rows.into_iter().filter(|f| f.0.year() == year).collect();
    this_year.sort_by_key(|f| (f.0, f.2));
    let mut shares = Vec::with_capacity(this_year.len());
    for (i, (month, share, line)) in this_year.into_iter().enumerate() {
        let expected = Month::new(year, i as u32 + 1).expect("at most 12 distinct months");
        if month != expected {
            return Err(InputError::at(
                origin,
                format!("line {line}"),
                if month < expected {
                    crate::text!(
                        da: "måned {month} står to gange (én andel pr. måned)",
                        en: "month {month} appears twice (one share per month)"
                    )
                } else {
                    crate::text!(
                        da: "måned {month} kommer efter et hul; månederne i {year} skal løbe fra januar uden huller (mangler {expected})",
                        en: "month {month} follows a gap; the months of {year} must run from January without a gap (missing {expected})"
                    )
                },
            ));
        }
        let share = share
            .map_err(|e| InputError::at(origin, format!("line {line}, column share_pct"), e))?;
        shares.push(share);
    }
    Ok(Observed { year, shares })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_evaluate_layouts() {
        let o = parse_observed(
            "month,share_pct\n2025-02,66.2\n2025-01,66.2\n2024-12,60\n2025-03,66.5\n",
            "o.csv",
        )
        .unwrap();
        assert_eq!(
            o,
            Observed {
                year: 2025,
                shares: vec![66.2, 66.2, 66.5]
            }
        );
        let o = parse_observed(
            "method,month,group,population,fulfilled,share_pct\n\
             star,2025-01,kontanthjaelp,10,5,50.00\nstar,2025-01,total,100,60,60.00\n\
             frikort,2025-01,total,100,70,70.00\n",
            "e.csv",
        )
        .unwrap();
        assert_eq!(o.shares, [60.0]);
    }

    #[test]
    fn gaps_and_suppressed_months_are_errors_with_lines() {
        let e = parse_observed("month,share_pct\n2025-01,66\n2025-03,66\n", "o.csv").unwrap_err();
        assert_eq!(e.location.as_deref(), Some("line 3"));
        let e = parse_observed(
            "month,group,population,fulfilled,share_pct\n2025-01,total,,,suppressed\n",
            "o.csv",
        )
        .unwrap_err();
        assert_eq!(e.location.as_deref(), Some("line 2, column share_pct"));
    }
}

/// Observed shares per group and month, for `fokus calibrate --observed FILE`:
/// `month,group,share_pct` (active) or `month,group,passive_pct` (as Table 4 prints
/// them); `group` is a group code or `total`. An `evaluate` CSV is accepted too (its
/// first method; suppressed cells are skipped).
pub fn parse_observed_csv(text: &str, origin: &str) -> Result<Vec<ObservedMonth>, InputError> {
    let expected = "month,group,share_pct / month,group,passive_pct";
    let mut table = Table::new(text, origin, expected)?;
    let numbers = table.delimiter().numbers();
    let header = format!("line {}", table.header_line());
    let found = table.find(&[MONTH, GROUP, SHARE, PASSIVE, METHOD], false, expected)?;
    let (Some(month_col), Some(group_col)) = (found[0], found[1]) else {
        return Err(InputError::at(
            origin,
            header,
            crate::text!(
                da: "overskriften skal nævne kolonnerne `month` og `group`",
                en: "the header must name the columns `month` and `group`"
            ),
        ));
    };
    let (share_col, passive, share_name) = match (found[2], found[3]) {
        (Some(c), None) => (c, false, SHARE.name),
        (None, Some(c)) => (c, true, PASSIVE.name),
        (Some(_), Some(_)) => {
            return Err(InputError::at(
                origin,
                header,
                crate::text!(
                    da: "har både share_pct og passive_pct (angiv én: aktive eller passive andele)",
                    en: "has both share_pct and passive_pct (give one: active or passive shares)"
                ),
            ));
        }
        (None, None) => {
            return Err(InputError::at(
                origin,
                header,
                crate::text!(
                    da: "mangler en kolonne share_pct (aktiv andel) eller passive_pct (passiv andel, som i tabel 4)",
                    en: "needs a column share_pct (active share) or passive_pct (passive share, as in Table 4)"
                ),
            ));
        }
    };
    let method_col = found[4];
    let mut first_method = None;
    let mut months: BTreeMap<Month, ObservedMonth> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(row) = table.next_row()? {
        let line = row.line;
        let cells = row.cells;
        if let Some(mc) = method_col {
            // Several methods in an evaluate CSV: use the first one.
            let key = cells[mc].key();
            if *first_method.get_or_insert_with(|| key.clone()) != key {
                continue;
            }
        }
        let month = cells[month_col]
            .month()
            .map_err(|e| e.at(origin, line, "month"))?;
        let group = if is_total(&cells[group_col]) {
            None
        } else {
            Some(
                cells[group_col]
                    .group()
                    .map_err(|e| e.at(origin, line, "group"))?,
            )
        };
        let share = &cells[share_col];
        if share.is_empty() || share.is("suppressed") {
            continue;
        }
        let v = share
            .percent(numbers)
            .map_err(|e| e.at(origin, line, share_name))?;
        if !seen.insert((month, group)) {
            return Err(InputError::at(origin, format!("line {line}"), {
                let group = group.map_or("total", Group::code);
                crate::text!(da: "{month} {group} står to gange", en: "{month} {group} appears twice")
            }));
        }
        let active = if passive { 100.0 - v } else { v };
        let entry = months.entry(month).or_insert(ObservedMonth {
            month,
            total: f64::NAN,
            groups: [None; Group::COUNT],
            population: None,
        });
        match group {
            None => entry.total = active,
            Some(g) => entry.groups[g.index()] = Some(active),
        }
    }
    if months.is_empty() {
        return Err(InputError::new(
            origin,
            crate::text!(
                da: "har ingen observerede andele (forventede rækker month,group,share_pct)",
                en: "has no observed shares (expected rows month,group,share_pct)"
            ),
        ));
    }
    for m in months.values() {
        if m.total.is_nan() {
            return Err(InputError::new(origin, {
                let month = m.month;
                crate::text!(
                    da: "{month} har ingen `total`-række (månedens samlede andel skal bruges)",
                    en: "{month} has no `total` row (the total share of the month is needed)"
                )
            }));
        }
    }
    Ok(months.into_values().collect())
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn passive_and_active() {
        let p = parse_observed_csv(
            "month,group,passive_pct\n2025-01,total,33.8\n2025-01,kontanthjaelp,41.4\n",
            "f",
        )
        .unwrap();
        assert!((p[0].total - 66.2).abs() < 1e-9);
        assert!((p[0].groups[Group::Kontanthjaelp.index()].unwrap() - 58.6).abs() < 1e-9);
        let a = parse_observed_csv("month;group;share_pct\n2025-01;total;66,2\n", "f").unwrap();
        assert!((a[0].total - 66.2).abs() < 1e-9);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_observed_csv(
            "month,group,share_pct\n2025-01,total,66.2\n2025-13,total,1\n",
            "f",
        )
        .unwrap_err();
        assert_eq!(e.location.as_deref(), Some("line 3, column month"));
        let e = parse_observed_csv("month,group,share_pct\n2025-01,total,166\n", "f").unwrap_err();
        assert!(e.message.en().contains("not a percentage"));
        assert!(parse_observed_csv("month,group,pct\n", "f").is_err());
    }
}
