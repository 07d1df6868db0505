//! Reading CSV text as fokus accepts it from people: `,` or `;` (Danish Excel) as the
//! delimiter, told by the header line; fields trimmed; errors that name the line. Pure:
//! the files are read by [`crate::io`]. Used by the register, the observed shares and
//! `fokus init`'s group sizes.

use crate::error::InputError;

/// The field delimiter: `;` when the header line has more semicolons than commas
/// (Danish Excel), else `,`.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// A reader of `text` by the rules of a register or an `evaluate` CSV: the delimiter
/// told by the header (also returned), the header read as a record like any other, rows
/// of any length (the caller checks them against the header, naming the line), fields
/// trimmed.
pub fn reader(text: &str) -> (csv::Reader<&[u8]>, u8) {
    let delimiter = sniff_delimiter(text);
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    (reader, delimiter)
}

/// The error for text the CSV reader cannot split (an unbalanced quote), at its line.
pub fn invalid(origin: &str) -> impl Fn(csv::Error) -> InputError + Copy + '_ {
    move |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        InputError::at(
            origin,
            format!("line {line}"),
            "is not valid CSV (check the quotes)",
        )
    }
}

/// A small hand-made CSV (a header and some rows, e.g. from Excel): `,` or `;` as the
/// delimiter (by the header), trimmed fields, blank lines skipped, every row checked to
/// have as many fields as the header.
pub struct SmallCsv<'a> {
    /// The header's column names.
    pub columns: Vec<&'a str>,
    /// The data rows: the line to name in errors (`line 7`) and the fields.
    pub rows: Vec<(String, Vec<&'a str>)>,
}

impl<'a> SmallCsv<'a> {
    /// Split `text`; `expected` names the header for the error on an empty file.
    pub fn parse(text: &'a str, origin: &str, expected: &str) -> Result<SmallCsv<'a>, InputError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return Err(InputError::new(
                origin,
                format!("is empty (expected a header {expected})"),
            ));
        };
        let delimiter = if header.contains(';') && !header.contains(',') {
            ';'
        } else {
            ','
        };
        let columns: Vec<&str> = header.split(delimiter).map(str::trim).collect();
        let mut rows = Vec::new();
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
            rows.push((at, fields));
        }
        Ok(SmallCsv { columns, rows })
    }

    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }
}
