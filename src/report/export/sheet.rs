//! A table for spreadsheets, written as CSV in one of two dialects or as a sheet of an
//! `.xlsx` workbook ([`super::xlsx`]), so the CSV files and the workbook of a result
//! cannot disagree.
//!
//! A [`Sheet`] holds typed cells: numbers stay numbers until a writer formats them.
//! Its columns carry a machine name (the plain CSV header, stable for scripts) and a
//! Danish and an English header (the workbook's and the `excel-da` CSV's).

use crate::report::text::Lang;

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text, written as it is.
    Text(String),
    /// A number, written by its column's [`Kind`]; a non-finite number is an empty cell.
    Number(f64),
    /// No figure (a missing or withheld one: a note of the sheet or the row says why).
    Empty,
}

impl Value {
    /// A number, or an empty cell for none.
    pub fn of(v: Option<f64>) -> Value {
        v.map_or(Value::Empty, Value::Number)
    }

    /// A whole count, or an empty cell for none.
    pub fn count(n: Option<u64>) -> Value {
        // Counts of persons are far below 2^53: exact as f64.
        n.map_or(Value::Empty, |n| Value::Number(n as f64))
    }

    /// Text.
    pub fn text(t: impl Into<String>) -> Value {
        Value::Text(t.into())
    }
}

/// How a column's numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text cells.
    Text,
    /// A number with this many decimals.
    Decimals(usize),
    /// A number as typed in a scenario (the shortest text that reads back the same).
    AsGiven,
    /// A whole number (a count of persons), with thousands separators in a workbook.
    Count,
}

/// A column: its machine name and its headers for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The plain CSV's header (snake_case, stable for scripts).
    pub key: &'static str,
    /// The Danish header.
    pub da: &'static str,
    /// The English header.
    pub en: &'static str,
    /// How its numbers are written.
    pub kind: Kind,
}

impl Column {
    /// A column of `kind`.
    pub const fn new(key: &'static str, da: &'static str, en: &'static str, kind: Kind) -> Column {
        Column { key, da, en, kind }
    }

    /// The header for people in `lang`.
    pub fn header(&self, lang: Lang) -> &'static str {
        lang.pick(self.da, self.en)
    }
}

/// A table: one CSV file, or one sheet of a workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// The sheet's name for people (at most 31 characters, as Excel allows).
    pub name: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each with a value per column.
    pub rows: Vec<Vec<Value>>,
    /// Lines for people under the table in a workbook (what an empty cell means, units).
    pub notes: Vec<String>,
}

/// The words of a row's cells: machine codes (for CSV files a program or fokus reads
/// back) or words for people (a workbook).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    /// Group codes, `total`, `true`/`false`, as the plain CSV has always written them.
    Codes,
    /// Group names, "I alt", "ja"/"nej" in this language.
    People(Lang),
}

/// The CSV dialect of the files fokus writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between fields, a decimal point, machine headers: for programs.
    #[default]
    Plain,
    /// What Danish Excel opens with a double click: a UTF-8 byte order mark (so `æøå`
    /// read right), `;` between fields, a decimal comma and headers in the report's
    /// language. fokus's own CSV readers read it back.
    ExcelDa,
}

impl Sheet {
    /// The sheet as CSV text in `dialect` (headers for people in `lang` in `excel-da`).
    pub fn to_csv(&self, dialect: CsvDialect, lang: Lang) -> String {
        let (delimiter, bom) = match dialect {
            CsvDialect::Plain => (b',', ""),
            CsvDialect::ExcelDa => (b';', "\u{feff}"),
        };
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(bom.as_bytes().to_vec());
        let header: Vec<&str> = self
            .columns
            .iter()
            .map(|c| match dialect {
                CsvDialect::Plain => c.key,
                CsvDialect::ExcelDa => c.header(lang),
            })
            .collect();
        w.write_record(&header).expect("writing to memory");
        for row in &self.rows {
            let fields = self
                .columns
                .iter()
                .zip(row)
                .map(|(column, value)| csv_field(value, column.kind, dialect));
            w.write_record(fields).expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory"))
            .expect("CSV of UTF-8 is UTF-8")
    }
}

/// A cell as CSV text: a number with a decimal point or, in `excel-da`, a decimal comma
/// and no thousands separator (what Danish Excel reads as a number); the minus sign is
/// ASCII in both, since spreadsheets read `−` (U+2212) as text.
fn csv_field(value: &Value, kind: Kind, dialect: CsvDialect) -> String {
    let v = match value {
        Value::Text(t) => return t.clone(),
        Value::Empty => return String::new(),
        Value::Number(v) if !v.is_finite() => return String::new(),
        Value::Number(v) => *v,
    };
    let text = match kind {
        Kind::Decimals(d) => format!("{v:.d$}"),
        Kind::Count => format!("{v:.0}"),
        Kind::AsGiven | Kind::Text => v.to_string(),
    };
    match dialect {
        CsvDialect::Plain => text,
        CsvDialect::ExcelDa => text.replacen('.', ",", 1),
    }
}

/// A yes/no in `words`.
pub fn yes_no(b: bool, words: Words) -> Value {
    Value::text(match words {
        Words::Codes => {
            if b {
                "true"
            } else {
                "false"
            }
        }
        Words::People(lang) => {
            if b {
                lang.pick("ja", "yes")
            } else {
                lang.pick("nej", "no")
            }
        }
    })
}

/// A benefit group, or the total when `None`, in `words`.
pub fn group(g: Option<crate::Group>, words: Words) -> Value {
    Value::text(match (g, words) {
        (Some(g), Words::Codes) => g.code(),
        (Some(g), Words::People(lang)) => lang.group(g),
        (None, Words::Codes) => "total",
        (None, Words::People(lang)) => lang.pick("I alt", "Total"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "t".into(),
            columns: vec![
                Column::new("group", "Gruppe", "Group", Kind::Text),
                Column::new("share_pct", "Andel i pct.", "Share (%)", Kind::Decimals(2)),
                Column::new("persons", "Personer", "Persons", Kind::Count),
                Column::new("low", "Lav", "Low", Kind::AsGiven),
            ],
            rows: vec![
                vec![
                    Value::text("fraværsopfølgning"),
                    Value::Number(-66.2),
                    Value::Number(1234.0),
                    Value::Number(0.01),
                ],
                vec![
                    Value::text("a;b"),
                    Value::Empty,
                    Value::Number(f64::NAN),
                    Value::Number(6.0),
                ],
            ],
            notes: vec![],
        }
    }

    #[test]
    fn plain_csv_has_machine_headers_and_decimal_points() {
        assert_eq!(
            sheet().to_csv(CsvDialect::Plain, Lang::Da),
            "group,share_pct,persons,low\nfraværsopfølgning,-66.20,1234,0.01\na;b,,,6\n"
        );
    }

    #[test]
    fn excel_da_csv_has_a_bom_semicolons_decimal_commas_and_danish_headers() {
        let text = sheet().to_csv(CsvDialect::ExcelDa, Lang::Da);
        assert_eq!(
            text,
            "\u{feff}Gruppe;Andel i pct.;Personer;Lav\nfraværsopfølgning;-66,20;1234;0,01\n\"a;b\";;;6\n"
        );
        assert!(
            sheet()
                .to_csv(CsvDialect::ExcelDa, Lang::En)
                .starts_with("\u{feff}Group;Share (%);")
        );
    }
}
