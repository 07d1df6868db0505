//! Observed shares from a CSV: `month,group,share_pct` (active) or
//! `month,group,passive_pct` (as Table 4 prints them); `group` is a group code or
//! `total`. The output of `fokus evaluate` is accepted too (its extra columns are
//! ignored; suppressed cells are skipped).

use crate::error::InputError;
use crate::scenario::ObservedMonth;
use crate::{Group, Month};
use std::collections::BTreeMap;

/// Parse observed shares. `origin` names the file in errors.
pub fn parse_observed_csv(text: &str, origin: &str) -> Result<Vec<ObservedMonth>, InputError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(InputError::new(
            origin,
            "is empty (expected a header month,group,share_pct)",
        ));
    };
    let delimiter = if header.contains(';') && !header.contains(',') {
        ';'
    } else {
        ','
    };
    let columns: Vec<&str> = header.split(delimiter).map(str::trim).collect();
    let find = |name: &str| columns.iter().position(|c| *c == name);
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
    for (i, line) in lines {
        let at = format!("line {}", i + 1);
        let fields: Vec<&str> = line.split(delimiter).map(str::trim).collect();
        if fields.len() != columns.len() {
            return Err(InputError::at(
                origin,
                at,
                format!(
                    "has {} fields; the header has {}",
                    fields.len(),
                    columns.len()
                ),
            ));
        }
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
                .map_err(|e: crate::month::MonthParseError| {
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
mod tests {
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
