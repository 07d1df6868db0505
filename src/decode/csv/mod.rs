//! Reading CSV text as fokus accepts it from people, Danish Excel first: `,`, `;` or a tab
//! between fields (told by the header line), `\n`, `\r\n` or `\r` line endings (one line
//! splitter, [`crate::decode::lines`]), fields trimmed and unquoted, rows whose every field
//! is empty skipped (blank lines, Excel's `;;;;;;` rows), header names matched with their
//! Danish and other spellings, and every error naming the line. Pure: the files are read by
//! [`crate::io`]. The register, the observed shares and `fokus init`'s group sizes all
//! read through [`Table`].
//!
//! A field is a [`Cell`], which cannot be shown: no message quotes a cell (see [`cell`]).

pub mod cell;

pub use cell::{Cell, CellError, Description, Key, MONTH_HOURS, Numbers, PersonId};

use super::lines::{Lines, MAX_LINE_BYTES, lines};
use crate::error::InputError;
use std::borrow::Cow;

/// The field separator, told by the header line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;` (Danish Excel's "CSV").
    Semicolon,
    /// A tab (Excel's "Text (tab-separated)").
    Tab,
}

impl Delimiter {
    /// The separator the header line uses most; `,` when it uses none.
    fn sniff(header: &str) -> Delimiter {
        let count = |b: u8| header.bytes().filter(|&x| x == b).count();
        let (comma, semicolon, tab) = (count(b','), count(b';'), count(b'\t'));
        if tab > comma.max(semicolon) {
            Delimiter::Tab
        } else if semicolon > comma {
            Delimiter::Semicolon
        } else {
            Delimiter::Comma
        }
    }

    fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// The separator as a message names it, in Danish and in English.
    pub fn shown_in(self) -> (&'static str, &'static str) {
        match self {
            Delimiter::Comma => ("','", "','"),
            Delimiter::Semicolon => ("';'", "';'"),
            Delimiter::Tab => ("en tabulator", "a tab"),
        }
    }

    /// How numbers are written in a file with this separator: Danish Excel, which writes
    /// `;` or tabs, writes decimal commas.
    pub fn numbers(self) -> Numbers {
        match self {
            Delimiter::Comma => Numbers::DecimalPoint,
            Delimiter::Semicolon | Delimiter::Tab => Numbers::DecimalComma,
        }
    }
}

/// A column of a file format: its name, and the other names exports give it, each
/// compared folded (lowercase, æ ø å as ae oe aa, no spaces, `_`, `-` or `.`).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The name in the documented format.
    pub name: &'static str,
    /// Other accepted names, folded (`maaned` for `Måned`).
    pub aliases: &'static [&'static str],
}

impl Column {
    fn matches(&self, folded: &str) -> bool {
        cell::fold_name(self.name) == folded || self.aliases.contains(&folded)
    }
}

/// A row of a [`Table`]: its line in the file and its fields, as many as the header has.
#[derive(Debug)]
pub struct Row<'r, 'a> {
    /// The line in the file (from 1).
    pub line: u64,
    /// The fields, one per header column.
    pub cells: &'r [Cell<'a>],
}

/// CSV text with a header line, read row by row.
#[derive(Debug)]
pub struct Table<'a> {
    origin: &'a str,
    delimiter: Delimiter,
    header_line: u64,
    header: Vec<Cell<'a>>,
    lines: Lines<'a>,
    row: Vec<Cell<'a>>,
}

impl<'a> Table<'a> {
    /// Open `text` (a BOM at its start is skipped): its first line with a non-empty field
    /// is the header. `expected` names the header for the error on a file without one.
    pub fn new(text: &'a str, origin: &'a str, expected: &str) -> Result<Table<'a>, InputError> {
        let mut lines = lines(text.strip_prefix('\u{feff}').unwrap_or(text));
        let mut header = Vec::new();
        for (line, content) in lines.by_ref() {
            check_length(origin, line, content)?;
            let delimiter = Delimiter::sniff(content);
            split(content, delimiter, &mut header)
                .map_err(|what| InputError::at(origin, format!("line {line}"), what))?;
            if header.iter().all(Cell::is_empty) {
                continue;
            }
            // Excel writes a column it once saw as an empty name at the end.
            while header.last().is_some_and(Cell::is_empty) {
                header.pop();
            }
            return Ok(Table {
                origin,
                delimiter,
                header_line: line,
                header,
                lines,
                row: Vec::new(),
            });
        }
        Err(InputError::new(
            origin,
            crate::text!(
                da: "er tom (forventede en overskriftslinje: {expected})",
                en: "is empty (expected a header line: {expected})"
            ),
        ))
    }

    /// The field separator.
    pub fn delimiter(&self) -> Delimiter {
        self.delimiter
    }

    /// The line of the header.
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The header's number of columns.
    pub fn width(&self) -> usize {
        self.header.len()
    }

    /// Where each of `columns` is in the header (`None`: not there). Names are compared
    /// folded, with their aliases. A name that is none of `columns` is refused when
    /// `strict` (a typo is never silently ignored) and skipped otherwise (an `evaluate`
    /// CSV has columns the reader does not need). A column named twice is refused.
    pub fn find(
        &self,
        columns: &[Column],
        strict: bool,
        expected: &str,
    ) -> Result<Vec<Option<usize>>, InputError> {
        let at = format!("line {}", self.header_line);
        let mut found: Vec<Option<usize>> = vec![None; columns.len()];
        if self
            .header
            .iter()
            .any(|c| c.month().is_ok() || c.whole(u32::MAX).is_ok())
        {
            return Err(InputError::at(
                self.origin,
                at.clone(),
                crate::text!(
                    da: "ligner en række data, ikke overskriften (første linje skal navngive kolonnerne: {expected})",
                    en: "looks like a row of data, not the header (the first line must name the columns: {expected})"
                ),
            ));
        }
        for (i, cell) in self.header.iter().enumerate() {
            let folded = cell::fold_name(&cell.0);
            let Some(slot) = columns.iter().position(|c| c.matches(&folded)) else {
                if !strict {
                    continue;
                }
                let (number, described) = (i + 1, cell.describe());
                let described_da = described.da();
                return Err(InputError::at(
                    self.origin,
                    at.clone(),
                    match suggest(&folded, columns) {
                        Some(name) => crate::text!(
                            da: "kolonne {number} i overskriften er {described_da}, ikke et kolonnenavn; mente du {name}? (kolonnerne er {expected})",
                            en: "column {number} of the header is {described}, not a column name; did you mean {name}? (the columns are {expected})"
                        ),
                        None => crate::text!(
                            da: "kolonne {number} i overskriften er {described_da}, ikke et kolonnenavn (kolonnerne er {expected})",
                            en: "column {number} of the header is {described}, not a column name (the columns are {expected})"
                        ),
                    },
                ));
            };
            if let Some(first) = found[slot] {
                let (first, second, name) = (first + 1, i + 1, columns[slot].name);
                return Err(InputError::at(
                    self.origin,
                    at.clone(),
                    crate::text!(
                        da: "kolonne {first} og {second} i overskriften hedder begge {name} (hver kolonne én gang)",
                        en: "columns {first} and {second} of the header both name {name} (each column once)"
                    ),
                ));
            }
            found[slot] = Some(i);
        }
        Ok(found)
    }

    /// The next row that has a non-empty field, checked to have the header's number of
    /// fields (more are allowed when they are empty: Excel pads rows with `;`).
    pub fn next_row(&mut self) -> Result<Option<Row<'_, 'a>>, InputError> {
        for (line, content) in self.lines.by_ref() {
            check_length(self.origin, line, content)?;
            split(content, self.delimiter, &mut self.row)
                .map_err(|what| InputError::at(self.origin, format!("line {line}"), what))?;
            if self.row.iter().all(Cell::is_empty) {
                continue;
            }
            let width = self.header.len();
            let fields = self.row.len();
            if fields < width || self.row[width..].iter().any(|c| !c.is_empty()) {
                return Err(InputError::at(self.origin, format!("line {line}"), {
                    let (da, en) = self.delimiter.shown_in();
                    crate::text!(
                        da: "har {fields} felter; overskriften har {width} (én værdi pr. kolonne, adskilt af {da})",
                        en: "has {fields} fields; the header has {width} (one value per column, separated by {en})"
                    )
                }));
            }
            return Ok(Some(Row {
                line,
                cells: &self.row[..width],
            }));
        }
        Ok(None)
    }
}

fn check_length(origin: &str, line: u64, content: &str) -> Result<(), InputError> {
    if content.len() > MAX_LINE_BYTES {
        return Err(InputError::at(origin, format!("line {line}"), {
            let kib = MAX_LINE_BYTES / 1024;
            crate::text!(
                da: "er længere end {kib} KiB (en tabel har én kort række pr. linje: er det den rigtige fil?)",
                en: "is longer than {kib} KiB (a table has one short row per line: is this the right file?)"
            )
        }));
    }
    Ok(())
}

/// Split one line into trimmed, unquoted fields (`"a ""b"""` is `a "b"`). A quoted field
/// holds separators; it cannot span lines.
fn split<'a>(
    line: &'a str,
    delimiter: Delimiter,
    out: &mut Vec<Cell<'a>>,
) -> Result<(), crate::error::Message> {
    out.clear();
    let sep = char::from(delimiter.byte());
    let mut rest = line;
    loop {
        let start = rest.trim_start_matches(|c: char| c != sep && c.is_whitespace());
        if let Some(quoted) = start.strip_prefix('"') {
            let (text, after) = unquote(quoted).ok_or_else(|| {
                crate::text!(
                    da: "har et anførselstegn, der ikke lukkes (tjek anførselstegnene; et felt kan ikke gå over flere linjer)",
                    en: "has a quote that is not closed (check the quotes; a field cannot span lines)"
                )
            })?;
            out.push(Cell(text));
            let after = after.trim_start_matches(|c: char| c != sep && c.is_whitespace());
            match after.strip_prefix(sep) {
                Some(next) => rest = next,
                None if after.is_empty() => return Ok(()),
                None => {
                    return Err(crate::text!(
                        da: "har tekst efter et afsluttende anførselstegn (tjek anførselstegnene: et anførselstegn inde i et felt i anførselstegn skrives to gange, \"\")",
                        en: "has text after a closing quote (check the quotes: a quote inside a quoted field is written twice, \"\")"
                    ));
                }
            }
        } else {
            match memchr::memchr(delimiter.byte(), start.as_bytes()) {
                Some(end) => {
                    out.push(Cell(Cow::Borrowed(start[..end].trim())));
                    rest = &start[end + 1..];
                }
                None => {
                    out.push(Cell(Cow::Borrowed(start.trim())));
                    return Ok(());
                }
            }
        }
    }
}

/// The text of a quoted field (after its opening quote) and what follows its closing
/// quote; `None` when it is not closed.
fn unquote(quoted: &str) -> Option<(Cow<'_, str>, &str)> {
    let mut owned: Option<String> = None;
    let mut from = 0;
    loop {
        let at = from + quoted[from..].find('"')?;
        if quoted[at + 1..].starts_with('"') {
            owned
                .get_or_insert_with(String::new)
                .push_str(&quoted[from..=at]);
            from = at + 2;
            continue;
        }
        let text = match owned {
            None => Cow::Borrowed(quoted[..at].trim()),
            Some(mut s) => {
                s.push_str(&quoted[from..at]);
                Cow::Owned(s.trim().to_string())
            }
        };
        return Some((text, &quoted[at + 1..]));
    }
}

/// The column a misspelt header name most likely means (at most two edits away).
fn suggest(folded: &str, columns: &[Column]) -> Option<&'static str> {
    columns
        .iter()
        .flat_map(|c| {
            std::iter::once(cell::fold_name(c.name))
                .chain(c.aliases.iter().map(|a| a.to_string()))
                .map(move |name| (edits(folded, &name), c.name))
        })
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// Levenshtein distance, for short names.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 2] = [
        Column {
            name: "month",
            aliases: &["maaned"],
        },
        Column {
            name: "share_pct",
            aliases: &["andel"],
        },
    ];

    fn rows(text: &str) -> Result<Vec<(u64, usize)>, InputError> {
        let mut table = Table::new(text, "f.csv", "month,share_pct")?;
        let mut out = Vec::new();
        while let Some(row) = table.next_row()? {
            out.push((row.line, row.cells.len()));
        }
        Ok(out)
    }

    #[test]
    fn separators_endings_quotes_and_empty_rows() {
        for text in [
            "month,share_pct\n2025-01,66.2\n\n2025-02,66\n",
            "Måned;Andel\r\n2025-01;66,2\r\n;\r\n2025-02;66\r\n;;;;\r\n",
            "month\tshare_pct\r2025-01\t66,2\r\t\r2025-02\t66\r",
            "\u{a0}\n\"month\",\"share_pct\"\n\"2025-01\",\"66.2\"\n,\n2025-02 , 66 \n",
        ] {
            let got = rows(text).unwrap();
            let offset = u64::from(text.starts_with('\u{a0}'));
            assert_eq!(got, [(2 + offset, 2), (4 + offset, 2)], "{text:?}");
            let table = Table::new(text, "f", "x").unwrap();
            let found = table.find(&COLUMNS, true, "month,share_pct").unwrap();
            assert_eq!(found, [Some(0), Some(1)], "{text:?}");
        }
    }

    #[test]
    fn quoted_fields() {
        let mut out = Vec::new();
        split(r#" "a,b" , "say ""hi""" ,c"#, Delimiter::Comma, &mut out).unwrap();
        let shown: Vec<&str> = out.iter().map(|c| &*c.0).collect();
        assert_eq!(shown, ["a,b", "say \"hi\"", "c"]);
        assert!(split(r#""open,b"#, Delimiter::Comma, &mut out).is_err());
        assert!(split(r#""a"b,c"#, Delimiter::Comma, &mut out).is_err());
    }

    #[test]
    fn errors_name_the_line_and_never_a_cell() {
        let e = rows("month,share_pct\n2025-01,1,2\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.csv: line 2: has 3 fields; the header has 2 (one value per column, separated by ',')"
        );
        let e = rows("month;share_pct\r\n\r\n2025-01\r\n").unwrap_err();
        assert_eq!(e.location.as_deref(), Some("line 3"));
        let e = rows(&format!(
            "month,share_pct\n{}\n",
            "x".repeat(MAX_LINE_BYTES + 1)
        ))
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.csv: line 2: is longer than 64 KiB"),
            "{e}"
        );
        assert!(
            rows("\n ; \n")
                .unwrap_err()
                .to_string()
                .contains("is empty")
        );
        let table = Table::new("Jens Hansen,mont\n", "f", "x").unwrap();
        let e = table
            .find(&COLUMNS, true, "month,share_pct")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("looks like a name") && !e.contains("Jens"),
            "{e}"
        );
        let table = Table::new("share_pct,mont\n", "f", "x").unwrap();
        let e = table
            .find(&COLUMNS, true, "month,share_pct")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("column 2 of the header") && e.contains("did you mean month?"),
            "{e}"
        );
        let table = Table::new("0701501006,2025-01\n", "f", "x").unwrap();
        let e = table
            .find(&COLUMNS, false, "month,share_pct")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("looks like a row of data") && !e.contains("070150"),
            "{e}"
        );
    }
}
