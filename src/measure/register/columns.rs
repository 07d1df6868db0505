//! The register CSV header: columns by name, in any order, with the Danish names a
//! municipality's export gives them.

use crate::decode::csv::{Column, Table};
use crate::error::InputError;

/// The register's columns, in the documented order; the last one, `seniority_months`, is
/// optional. The aliases are folded names (lowercase, æ ø å as ae oe aa, without spaces,
/// `_`, `-` or `.`): `Måned` and `maaned` are `month`, `Ordinære timer` is `ordinary_hours`.
pub const COLUMNS: [Column; 9] = [
    Column {
        name: "person_id",
        aliases: &[
            "person",
            "id",
            "cpr",
            "cprnr",
            "cprnummer",
            "personnummer",
            "borger",
            "borgerid",
        ],
    },
    Column {
        name: "month",
        aliases: &["maaned"],
    },
    Column {
        name: "group",
        aliases: &["gruppe", "ydelse", "ydelsesgruppe", "maalgruppe"],
    },
    Column {
        name: "offer",
        aliases: &["tilbud"],
    },
    Column {
        name: "ordinary_hours",
        aliases: &["ordinaeretimer", "timer", "loentimer"],
    },
    Column {
        name: "frikort_hours",
        aliases: &["frikorttimer"],
    },
    Column {
        name: "absence",
        aliases: &["fravaer", "fravaersregistrering"],
    },
    Column {
        name: "conversations",
        aliases: &["samtaler"],
    },
    Column {
        name: "seniority_months",
        aliases: &["anciennitet", "anciennitetmaaneder"],
    },
];

/// The header as the documentation writes it, for messages: the English column names or
/// the Danish ones (the same in either language of a message).
pub const EXPECTED: &str = "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations[,seniority_months] / cpr;måned;gruppe;tilbud;ordinære_timer;frikort_timer;fravær;samtaler[;anciennitet]";

/// Where each column is in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// `person_id`
    pub person_id: usize,
    /// `month`
    pub month: usize,
    /// `group`
    pub group: usize,
    /// `offer`
    pub offer: usize,
    /// `ordinary_hours`
    pub ordinary_hours: usize,
    /// `frikort_hours`
    pub frikort_hours: usize,
    /// `absence`
    pub absence: usize,
    /// `conversations`
    pub conversations: usize,
    /// `seniority_months`, when the file has it.
    pub seniority_months: Option<usize>,
}

impl Columns {
    /// Find the columns in the table's header. An unknown or repeated name is an error,
    /// so a typo (`seniority_month`) is never silently ignored.
    pub fn from_header(table: &Table<'_>, origin: &str) -> Result<Columns, InputError> {
        let found = table.find(&COLUMNS, true, EXPECTED)?;
        if let Some(missing) = (0..8).find(|&i| found[i].is_none()) {
            return Err(InputError::at(
                origin,
                format!("line {}", table.header_line()),
                {
                    let column = COLUMNS[missing].name;
                    crate::text!(
                        da: "har ingen kolonne {column} (overskriften skal nævne {EXPECTED})",
                        en: "has no column {column} (the header must name {EXPECTED})"
                    )
                },
            ));
        }
        let at = |slot: usize| found[slot].expect("checked above");
        Ok(Columns {
            person_id: at(0),
            month: at(1),
            group: at(2),
            offer: at(3),
            ordinary_hours: at(4),
            frikort_hours: at(5),
            absence: at(6),
            conversations: at(7),
            seniority_months: found[8],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(header: &str) -> Result<Columns, InputError> {
        Columns::from_header(&Table::new(header, "f.csv", EXPECTED)?, "f.csv")
    }

    #[test]
    fn any_order_danish_names_and_optional_seniority() {
        let c =
            cols("month,person_id,group,offer,ordinary_hours,frikort_hours,absence,conversations")
                .unwrap();
        assert_eq!((c.month, c.person_id, c.seniority_months), (0, 1, None));
        let c = cols("person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations,Seniority_Months")
            .unwrap();
        assert_eq!(c.seniority_months, Some(8));
        let c = cols(
            "CPR-nr;Måned;Gruppe;Tilbud;Ordinære timer;Frikort timer;Fravær;Samtaler;Anciennitet",
        )
        .unwrap();
        assert_eq!(
            (c.person_id, c.ordinary_hours, c.seniority_months),
            (0, 4, Some(8))
        );
    }

    #[test]
    fn names_the_missing_or_unknown_column() {
        let e = cols("person_id,month,group,ordinary_hours,frikort_hours,absence,conversations")
            .unwrap_err();
        assert!(e.message.en().contains("has no column offer"), "{e}");
        let e = cols("person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations,seniority_month")
            .unwrap_err();
        assert!(
            e.message.en().contains(
                "column 9 of the header is a value of 15 characters (letters and other characters), not a column name; did you mean seniority_months?"
            ),
            "{e}"
        );
        let e = cols(
            "person_id,month,måned,group,offer,ordinary_hours,frikort_hours,absence,conversations",
        )
        .unwrap_err();
        assert!(
            e.message
                .en()
                .contains("columns 2 and 3 of the header both name month"),
            "{e}"
        );
    }
}
