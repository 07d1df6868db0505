//! Parsing the register CSV text into a [`Panel`] (the file is read by
//! [`crate::io::register`]). Every bad row is an [`InputError`] naming the file, the line
//! and the column, with what was wrong and what would be right.
//!
//! No message quotes a register cell: the rows come from [`Table`] as
//! [`Cell`](crate::decode::csv::Cell)s, which this module can only parse into values, use
//! as a person key or describe; their errors carry the description, never the text.

use super::columns::{COLUMNS, Columns, EXPECTED};
use super::panel::{Panel, Row};
use super::seniority;
use crate::decode::csv::{CellError, Key, PersonId, Table};
use crate::error::InputError;
use crate::measure::{Activity, Membership};
use std::collections::HashMap;

/// The largest official seniority accepted in `seniority_months` (100 years).
const MAX_SENIORITY: u32 = 1200;

/// Parse register text (UTF-8, BOM already stripped). `origin` names the file in errors.
///
/// With `;` or a tab between the fields a decimal comma in the hours (`12,25`) is read as a
/// decimal point, as Danish Excel writes it.
pub fn parse_register(text: &str, origin: &str) -> Result<Panel, InputError> {
    parse(text, origin, None)
}

/// [`parse_register`], keeping each person's id beside the panel: the caseworker list of
/// `fokus lister --with-ids` is the one output that shows them.
pub fn parse_register_keeping_ids(
    text: &str,
    origin: &str,
) -> Result<(Panel, PersonIds), InputError> {
    let mut ids = Vec::new();
    let panel = parse(text, origin, Some(&mut ids))?;
    Ok((panel, PersonIds(ids)))
}

/// The person ids of a panel, by panel index. Shown only by the caseworker list
/// ([`PersonId::for_caseworker_list`]); `Debug` shows the count alone.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonIds(Vec<PersonId>);

impl std::fmt::Debug for PersonIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PersonIds({} persons)", self.0.len())
    }
}

impl PersonIds {
    /// Person `p`'s id.
    pub fn get(&self, p: usize) -> &PersonId {
        &self.0[p]
    }
}

fn parse(
    text: &str,
    origin: &str,
    mut keep_ids: Option<&mut Vec<PersonId>>,
) -> Result<Panel, InputError> {
    let mut table = Table::new(text, origin, EXPECTED)?;
    let cols = Columns::from_header(&table, origin)?;
    let numbers = table.delimiter().numbers();

    let mut ids: HashMap<Key<'_>, u32> = HashMap::new();
    let mut last: Option<(Key<'_>, u32)> = None;
    // (person, row, line)
    let mut raw: Vec<(u32, Row, u64)> = Vec::with_capacity(text.len() / 40);
    while let Some(record) = table.next_row()? {
        let line = record.line;
        let cell = |slot: usize| &record.cells[slot];
        let at = |slot: usize| move |e: CellError| e.at(origin, line, COLUMNS[slot].name);
        let id = cell(cols.person_id);
        if id.is_empty() {
            return Err(InputError::at(
                origin,
                format!("line {line}, column person_id"),
                crate::text!(
                    da: "er tom (hver række skal have personens id)",
                    en: "is empty (every row needs the person's id)"
                ),
            ));
        }
        let key = id.key();
        let person = match &last {
            Some((k, p)) if *k == key => *p,
            _ => {
                let next = ids.len() as u32;
                let p = *ids.entry(key.clone()).or_insert_with(|| {
                    if let Some(kept) = keep_ids.as_deref_mut() {
                        kept.push(id.person_id());
                    }
                    next
                });
                last = Some((key, p));
                p
            }
        };
        let month = cell(cols.month).month().map_err(at(1))?;
        let group = cell(cols.group).group().map_err(at(2))?;
        let offer = cell(cols.offer).flag().map_err(at(3))?;
        let ordinary_hours = cell(cols.ordinary_hours).hours(numbers).map_err(at(4))?;
        let frikort_hours = cell(cols.frikort_hours).hours(numbers).map_err(at(5))?;
        let absence = cell(cols.absence).flag().map_err(at(6))?;
        let conversations = cell(cols.conversations)
            .whole(u16::MAX.into())
            .map_err(at(7))? as u16;
        let seniority = match cols.seniority_months {
            Some(c) => cell(c).whole(MAX_SENIORITY).map_err(at(8))?,
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
    drop(last);
    drop(ids);
    if raw.is_empty() {
        return Err(InputError::new(
            origin,
            crate::text!(
                da: "har en overskrift, men ingen rækker (forventede én række pr. person og måned)",
                en: "has a header but no rows (expected one row per person and month)"
            ),
        ));
    }
    raw.sort_unstable_by_key(|&(p, r, line)| (p, r.month, line));
    for pair in raw.windows(2) {
        if pair[0].0 == pair[1].0 && pair[0].1.month == pair[1].1.month {
            return Err(InputError::at(origin, format!("line {}", pair[1].2), {
                let (month, first) = (pair[1].1.month, pair[0].2);
                crate::text!(
                    da: "samme person og måned {month} som linje {first} (én række pr. person og måned)",
                    en: "the same person and month {month} as line {first} (one row per person and month)"
                )
            }));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Hours;

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
