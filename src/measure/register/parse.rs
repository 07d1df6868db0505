//! Parsing the register CSV text into a [`Panel`] (the file is read by
//! [`crate::io::register`]). Every bad row is an [`InputError`] naming the file, the line
//! and the column, with what was wrong and what would be right. No message quotes a
//! person id or any field but the offending one.

use super::columns::Columns;
use super::panel::{Panel, Row};
use super::seniority;
use crate::error::InputError;
use crate::measure::{Activity, Membership};
use crate::{Group, Hours, Month};
use ::csv::ByteRecord;
use std::collections::HashMap;

/// The largest official seniority accepted in `seniority_months` (100 years).
const MAX_SENIORITY: u32 = 1200;

/// Parse register text (UTF-8, BOM already stripped). `origin` names the file in errors.
///
/// With `;` as delimiter a decimal comma in the hours (`12,25`) is read as a decimal
/// point, as Danish Excel writes it.
pub fn parse_register(text: &str, origin: &str) -> Result<Panel, InputError> {
    let (mut reader, delimiter) = crate::decode::csv::reader(text);
    let mut record = ByteRecord::new();
    let csv_error = crate::decode::csv::invalid(origin);
    if !reader.read_byte_record(&mut record).map_err(csv_error)? {
        return Err(InputError::new(
            origin,
            format!(
                "is empty (expected a header line: {},{})",
                super::columns::REQUIRED.join(","),
                super::columns::SENIORITY
            ),
        ));
    }
    let cols = Columns::from_header(record.iter(), origin)?;
    let decimal_comma = delimiter == b';';

    let mut ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut last_id: Vec<u8> = Vec::new();
    let mut last_person = u32::MAX;
    // (person, row, line)
    let mut raw: Vec<(u32, Row, u64)> = Vec::with_capacity(text.len() / 40);
    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != cols.count {
            return Err(InputError::at(
                origin,
                format!("line {line}"),
                format!(
                    "has {} fields; the header has {} (one value per column, separated by {:?})",
                    record.len(),
                    cols.count,
                    delimiter as char
                ),
            ));
        }
        let id = &record[cols.person_id];
        if id.is_empty() {
            return Err(field_error(
                origin,
                line,
                "person_id",
                "is empty (every row needs the person's id)".into(),
            ));
        }
        let person = if id == last_id.as_slice() {
            last_person
        } else {
            let next = ids.len() as u32;
            let p = *ids.entry(id.to_vec()).or_insert(next);
            last_id.clear();
            last_id.extend_from_slice(id);
            last_person = p;
            p
        };
        let field = |col: usize, name: &'static str| -> Result<&str, InputError> {
            std::str::from_utf8(&record[col])
                .map_err(|_| field_error(origin, line, name, "is not UTF-8 text".into()))
        };
        let at = |name: &'static str| move |msg: String| field_error(origin, line, name, msg);

        let month_text = field(cols.month, "month")?;
        let month: Month = month_text.parse().map_err(|_| {
            at("month")(format!(
                "{} is not a valid month (YYYY-MM, e.g. 2025-03)",
                describe_cell(month_text)
            ))
        })?;
        let group_text = field(cols.group, "group")?;
        let group: Group = group_text.parse().map_err(|_| {
            at("group")(format!(
                "{} is not a benefit group code (one of {})",
                describe_cell(group_text),
                Group::ALL.map(Group::code).join(", ")
            ))
        })?;
        let offer = flag(field(cols.offer, "offer")?).map_err(at("offer"))?;
        let absence = flag(field(cols.absence, "absence")?).map_err(at("absence"))?;
        let ordinary_hours = hours(field(cols.ordinary_hours, "ordinary_hours")?, decimal_comma)
            .map_err(at("ordinary_hours"))?;
        let frikort_hours = hours(field(cols.frikort_hours, "frikort_hours")?, decimal_comma)
            .map_err(at("frikort_hours"))?;
        let conversations: u16 = count(field(cols.conversations, "conversations")?, u16::MAX.into())
            .map_err(at("conversations"))? as u16;
        let seniority = match cols.seniority_months {
            Some(c) => count(field(c, "seniority_months")?, MAX_SENIORITY)
                .map_err(at("seniority_months"))?,
            None => 0,
        };
        raw.push((
            person,
            Row {
                month,
                membership: Membership {
                    group,
                    absence_registered: absence,
                    seniority_spell: seniority,
                    seniority_any: seniority,
                },
                activity: Activity {
                    offer,
                    ordinary_hours,
                    frikort_hours,
                    conversations,
                },
            },
            line,
        ));
    }
    drop(ids);
    if raw.is_empty() {
        return Err(InputError::new(
            origin,
            "has a header but no rows (expected one row per person and month)",
        ));
    }
    raw.sort_unstable_by_key(|&(p, r, line)| (p, r.month, line));
    for pair in raw.windows(2) {
        if pair[0].0 == pair[1].0 && pair[0].1.month == pair[1].1.month {
            return Err(InputError::at(
                origin,
                format!("line {}", pair[1].2),
                format!(
                    "the same person and month {} as line {} (one row per person and month)",
                    pair[1].1.month, pair[0].2
                ),
            ));
        }
    }
    let persons = raw.last().map_or(0, |r| r.0 as usize + 1);
    let mut starts = Vec::with_capacity(persons + 1);
    let mut rows = Vec::with_capacity(raw.len());
    let mut current = u32::MAX;
    for (p, row, _) in raw {
        if p != current {
            starts.push(rows.len());
            current = p;
        }
        rows.push(row);
    }
    starts.push(rows.len());
    let given = cols.seniority_months.is_some();
    if !given {
        for w in starts.windows(2) {
            seniority::count(&mut rows[w[0]..w[1]]);
        }
    }
    Ok(Panel::from_sorted(rows, starts, given))
}

fn field_error(origin: &str, line: u64, column: &str, message: String) -> InputError {
    InputError::at(origin, format!("line {line}, column {column}"), message)
}

/// A register cell described for an error message without its value: a cell can hold a
/// person id or a name when the columns are shifted or the header is missing, and no
/// message may ever contain one. Says what the value looks like, and what that suggests.
fn describe_cell(text: &str) -> String {
    let chars = text.chars().count();
    if chars == 0 {
        return "an empty field".to_string();
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let cpr_like =
        digits == 10 && (chars == 10 || (chars == 11 && text.chars().nth(6) == Some('-')));
    if cpr_like {
        return "a value that looks like a CPR number (is the header missing, or are the columns shifted?)".to_string();
    }
    let kind = if digits == chars {
        "digits"
    } else if text.chars().all(char::is_alphabetic) {
        "letters"
    } else if text.chars().any(char::is_alphabetic) {
        "letters and other characters"
    } else {
        "digits and other characters"
    };
    let plural = if chars == 1 { "" } else { "s" };
    format!("a value of {chars} character{plural} ({kind})")
}

fn flag(text: &str) -> Result<bool, String> {
    match text {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!(
            "{} is not 0 or 1 (1 = yes, 0 = no)",
            describe_cell(text)
        )),
    }
}

fn hours(text: &str, decimal_comma: bool) -> Result<Hours, String> {
    let parsed = if decimal_comma && text.contains(',') {
        text.replace(',', ".").parse()
    } else {
        text.parse()
    };
    parsed.map_err(|_| {
        format!(
            "{} is not a number of hours (a non-negative number with at most two decimals, e.g. 12.25)",
            describe_cell(text)
        )
    })
}

fn count(text: &str, max: u32) -> Result<u32, String> {
    let bad = || {
        format!(
            "{} is not a whole number from 0 to {max}",
            describe_cell(text)
        )
    };
    if text.is_empty() || text.len() > 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let v: u64 = text.parse().map_err(|_| bad())?;
    u32::try_from(v).ok().filter(|&v| v <= max).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n";

    fn err(body: &str) -> String {
        parse_register(&format!("{HEADER}{body}"), "r.csv")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_semicolons_and_decimal_commas() {
        let text = "person_id;month;group;offer;ordinary_hours;frikort_hours;absence;conversations\n\
                    a;2025-01;kontanthjaelp;0;12,25;0;0;1\n";
        let p = parse_register(text, "r.csv").unwrap();
        assert_eq!(p.person(0)[0].activity.ordinary_hours, Hours(1225));
    }

    #[test]
    fn bad_rows_name_line_and_column_but_never_the_person() {
        let cases = [
            (
                "secret,2025-13,kontanthjaelp,0,0,0,0,0\n",
                "r.csv: line 2, column month: a value of 7 characters (digits and other characters) is not a valid month",
            ),
            (
                "secret,2025-01,kontant,0,0,0,0,0\n",
                "line 2, column group: a value of 7 characters (letters) is not a benefit group code",
            ),
            (
                "secret,2025-01,kontanthjaelp,2,0,0,0,0\n",
                "line 2, column offer: a value of 1 character (digits) is not 0 or 1",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,-1,0,0,0\n",
                "line 2, column ordinary_hours: a value of 2 characters (digits and other characters) is not a number of hours",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,1.234,0,0,0\n",
                "column ordinary_hours",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,x,0,0,0\n",
                "column ordinary_hours",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,0,0,yes,0\n",
                "line 2, column absence",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,0,0,0,-2\n",
                "line 2, column conversations",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,0,0,0\n",
                "line 2: has 7 fields; the header has 8",
            ),
            (
                "secret,2025-01,kontanthjaelp,0,0,0,0,0\nother,2025-01,kontanthjaelp,0,0,0,0,0\nsecret,2025-01,kontanthjaelp,1,0,0,0,0\n",
                "line 4: the same person and month 2025-01 as line 2",
            ),
        ];
        for (body, expected) in cases {
            let e = err(body);
            assert!(e.contains(expected), "{e}\nexpected: {expected}");
            assert!(!e.contains("secret"), "{e}");
        }
        assert!(
            parse_register("", "r.csv")
                .unwrap_err()
                .to_string()
                .contains("is empty")
        );
        assert!(
            parse_register(HEADER, "r.csv")
                .unwrap_err()
                .to_string()
                .contains("no rows")
        );
    }
}
