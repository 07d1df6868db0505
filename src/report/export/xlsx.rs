//! `--excel FILE.xlsx`: a result's [`Sheet`]s as one workbook, rendered into memory.
//!
//! Numbers are written as numbers with a number format (`#,##0.00`: Excel shows it with
//! the reader's own separators, `1.234,50` in Danish Excel), so they can be summed and
//! charted; text as text; an empty cell as nothing. The header row is bold and frozen;
//! the sheet's notes follow the table after an empty row.

use super::sheet::{Kind, Sheet, Value};
use crate::report::text::Lang;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The workbook of `sheets` (their headers in `lang`), as the bytes of an `.xlsx` file.
pub fn workbook(sheets: &[Sheet], lang: Lang) -> crate::Result<Vec<u8>> {
    build(sheets, lang).map_err(|e| {
        crate::Error::Runtime(crate::text!(
            da: "projektmappen kunne ikke skrives: {e}",
            en: "writing the workbook: {e}"
        ))
    })
}

fn build(sheets: &[Sheet], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.name))?;
        for (c, column) in sheet.columns.iter().enumerate() {
            ws.write_string_with_format(0, col(c), column.header(lang), &bold)?;
        }
        let formats: Vec<Option<Format>> = sheet
            .columns
            .iter()
            .map(|c| number_format(c.kind).map(|f| Format::new().set_num_format(f)))
            .collect();
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).expect("a sheet has fewer rows than Excel allows");
            for (c, value) in row.iter().enumerate() {
                match value {
                    Value::Text(t) => {
                        ws.write_string(r, col(c), t)?;
                    }
                    Value::Number(v) if v.is_finite() => match &formats[c] {
                        Some(format) => {
                            ws.write_number_with_format(r, col(c), *v, format)?;
                        }
                        None => {
                            ws.write_number(r, col(c), *v)?;
                        }
                    },
                    Value::Number(_) | Value::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        // Fitted to the table before the notes are written, so a long note does not
        // widen the first column.
        ws.autofit();
        let first_note = sheet.rows.len() + 2;
        for (i, note) in sheet.notes.iter().enumerate() {
            let r =
                u32::try_from(first_note + i).expect("a sheet has fewer rows than Excel allows");
            ws.write_string(r, 0, note)?;
        }
    }
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).expect("a sheet has fewer columns than Excel allows")
}

/// The number format of a column; Excel sets `,` and `.` by the reader's locale.
fn number_format(kind: Kind) -> Option<String> {
    match kind {
        Kind::Text | Kind::AsGiven => None,
        Kind::Count => Some("#,##0".into()),
        Kind::Decimals(0) => Some("#,##0".into()),
        Kind::Decimals(d) => Some(format!("#,##0.{}", "0".repeat(d))),
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}
