//! Observed monthly shares from a CSV: the year's totals for `fokus requirement`, and
//! shares per group for `fokus calibrate`.
//!
//! Two layouts, told apart by the header: an `evaluate` CSV
//! (`[method,]month,group,population,fulfilled,share_pct`; the `total` rows of the first
//! method are used) or a plain `month,share_pct`. The months of the latest year are
//! taken, in month order; they must run from January without a gap, because the
//! requirement formula counts the observed months from January.

use crate::Group;
use crate::decode::csv::SmallCsv;
use crate::error::InputError;
use crate::scenario::ObservedMonth;
use crate::vocab::month::Month;
use std::collections::BTreeMap;

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
    let (mut reader, _) = crate::decode::csv::reader(text);
    let mut records = reader.records();
    let bad_csv = crate::decode::csv::invalid(origin);
    let header = match records.next() {
        Some(r) => r.map_err(bad_csv)?,
        None => {
            return Err(InputError::new(
                origin,
                "is empty (expected a header month,share_pct or an `fokus evaluate` CSV)",
            ));
        }
    };
    let names: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    let find = |n: &str| names.iter().position(|h| h == n);
    let (Some(month_col), Some(share_col)) = (find("month"), find("share_pct")) else {
        return Err(InputError::at(
            origin,
            "line 1",
            "expected the columns month,share_pct (or an `fokus evaluate` CSV)",
        ));
    };
    let group_col = find("group");
    let method_col = find("method");
    let mut method: Option<String> = None;
    let mut found: Vec<(Month, String, u64)> = Vec::new();
    for record in records {
        let record = record.map_err(bad_csv)?;
        let line = record.position().map_or(0, |p| p.line());
        let at = |col: &str, msg: String| {
            InputError::at(origin, format!("line {line}, column {col}"), msg)
        };
        if record.len() != names.len() {
            return Err(InputError::at(
                origin,
                format!("line {line}"),
                format!(
                    "has {} fields; the header has {}",
                    record.len(),
                    names.len()
                ),
            ));
        }
        if let Some(g) = group_col
            && &record[g] != "total"
        {
            continue;
        }
        if let Some(c) = method_col {
            match &method {
                None => method = Some(record[c].to_string()),
                Some(m) if m != &record[c] => continue,
                Some(_) => {}
            }
        }
        let month: Month = record[month_col]
            .parse()
            .map_err(|e: crate::vocab::month::MonthParseError| at("month", e.to_string()))?;
        found.push((month, record[share_col].to_string(), line));
    }
    let Some(year) = found.iter().map(|f| f.0.year()).max() else {
        return Err(InputError::new(
            origin,
            "has no months (expected at least one row)",
        ));
    };
    let mut this_year: Vec<(Month, String, u64)> =
        found.into_iter().filter(|f| f.0.year() == year).collect();
    this_year.sort_by_key(|f| (f.0, f.2));
    let mut shares = Vec::with_capacity(this_year.len());
    for (i, (month, text, line)) in this_year.into_iter().enumerate() {
        let at =
            |msg: String| InputError::at(origin, format!("line {line}, column share_pct"), msg);
        let expected = Month::new(year, i as u32 + 1).expect("at most 12 distinct months");
        if month != expected {
            return Err(InputError::at(
                origin,
                format!("line {line}"),
                if month < expected {
                    format!("month {month} appears twice (one share per month)")
                } else {
                    format!(
                        "month {month} follows a gap; the months of {year} must run from January without a gap (missing {expected})"
                    )
                },
            ));
        }
        let share: f64 = text.replace(',', ".").parse().map_err(|_| {
            at(format!(
                "{text:?} is not a share in percent (e.g. 66.2; a suppressed or empty month cannot be used)"
            ))
        })?;
        if !share.is_finite() || !(0.0..=100.0).contains(&share) {
            return Err(at(format!(
                "{share} is not a percentage (expected 0 to 100)"
            )));
        }
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
    let csv = SmallCsv::parse(text, origin, "month,group,share_pct")?;
    let columns = &csv.columns;
    let find = |name: &str| csv.column(name);
    let (Some(month_col), Some(group_col)) = (find("month"), find("group")) else {
        return Err(InputError::at(
            origin,
            "line 1",
            "the header must name the columns `month` and `group`",
        ));
    };
    let (share_col, passive) = match (find("share_pct"), find("passive_pct")) {
        (Some(c), None) => (c, false),
        (None, Some(c)) => (c, true),
        (Some(_), Some(_)) => {
            return Err(InputError::at(
                origin,
                "line 1",
                "has both share_pct and passive_pct (give one: active or passive shares)",
            ));
        }
        (None, None) => {
            return Err(InputError::at(
                origin,
                "line 1",
                "needs a column share_pct (active share) or passive_pct (passive share, as in Table 4)",
            ));
        }
    };
    let method_col = find("method");
    let mut first_method: Option<String> = None;
    let mut months: BTreeMap<Month, ObservedMonth> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for (at, fields) in &csv.rows {
        let at = at.as_str();
        if let Some(mc) = method_col {
            // Several methods in an evaluate CSV: use the first one.
            let first = first_method.get_or_insert_with(|| fields[mc].to_string());
            if fields[mc] != first.as_str() {
                continue;
            }
        }
        let month: Month =
            fields[month_col]
                .parse()
                .map_err(|e: crate::vocab::month::MonthParseError| {
                    InputError::at(origin, format!("{at}, column month"), e.to_string())
                })?;
        let group = match fields[group_col] {
            "total" => None,
            code => Some(code.parse::<Group>().map_err(|e| {
                InputError::at(origin, format!("{at}, column group"), e.to_string())
            })?),
        };
        let raw = fields[share_col];
        if raw.is_empty() || raw == "suppressed" {
            continue;
        }
        let v: f64 = raw.replace(',', ".").parse().map_err(|_| {
            InputError::at(
                origin,
                format!("{at}, column {}", columns[share_col]),
                format!("{raw:?} is not a number (expected a percentage, e.g. 66.2)"),
            )
        })?;
        if !v.is_finite() || !(0.0..=100.0).contains(&v) {
            return Err(InputError::at(
                origin,
                format!("{at}, column {}", columns[share_col]),
                format!("{v} is not a percentage (expected 0 to 100)"),
            ));
        }
        if !seen.insert((month, group)) {
            return Err(InputError::at(
                origin,
                at,
                format!(
                    "{month} {} appears twice",
                    group.map_or("total", Group::code)
                ),
            ));
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
            "has no observed shares (expected rows month,group,share_pct)",
        ));
    }
    for m in months.values() {
        if m.total.is_nan() {
            return Err(InputError::new(
                origin,
                format!(
                    "{} has no `total` row (the total share of the month is needed)",
                    m.month
                ),
            ));
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
        assert!(e.message.contains("not a percentage"));
        assert!(parse_observed_csv("month,group,pct\n", "f").is_err());
    }
}
