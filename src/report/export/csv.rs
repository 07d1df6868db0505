//! An evaluation as a [`Sheet`]: `[method,]month,group,population,fulfilled,share_pct,note`
//! (CSV, plain or `excel-da`, and a sheet of `--excel`).
//!
//! One row per month and group with anyone in the population, then the month's `total`
//! row (always written). The `method` column leads when there are several methods.
//! Under disclosure control (`--min-cell` above 0) a `note` column follows: a suppressed
//! cell has `population`, `fulfilled` and `share_pct` empty and says so in `note` (a
//! number column holds numbers only). An empty population has an empty `share_pct` and
//! no note. Shares are percent with two decimals.

use super::sheet::{Column, CsvDialect, Kind, Sheet, Value, Words, group};
use crate::measure::evaluate::{Evaluation, Published};
use crate::report::text::Lang;

/// The note of a suppressed cell in a CSV file for programs.
pub const SUPPRESSED: &str = "suppressed";

/// The evaluation as CSV text in `dialect` (headers in `lang` for `excel-da`).
pub fn to_csv(ev: &Evaluation, dialect: CsvDialect, lang: Lang) -> String {
    sheet(ev, Words::Codes).to_csv(dialect, lang)
}

/// The evaluation as a table with cells in `words`.
pub fn sheet(ev: &Evaluation, words: Words) -> Sheet {
    let several = ev.methods.len() > 1;
    let mut columns = vec![
        Column::new("month", "Måned", "Month", Kind::Text),
        Column::new("group", "Gruppe", "Group", Kind::Text),
        Column::new(
            "population",
            "Personer i målgruppen",
            "Persons in the population",
            Kind::Count,
        ),
        Column::new(
            "fulfilled",
            "Heraf opfyldt",
            "Of those, fulfilled",
            Kind::Count,
        ),
        Column::new("share_pct", "Andel i pct.", "Share (%)", Kind::Decimals(2)),
    ];
    // Without disclosure control no cell is withheld, so there is nothing to note.
    let notes_column = ev.min_cell > 0;
    if notes_column {
        columns.push(Column::new("note", "Note", "Note", Kind::Text));
    }
    if several {
        columns.insert(0, Column::new("method", "Metode", "Method", Kind::Text));
    }
    let suppressed = match words {
        Words::Codes => SUPPRESSED.to_string(),
        Words::People(lang) => suppressed_note(ev.min_cell, lang),
    };
    let mut rows = Vec::new();
    for m in &ev.methods {
        for month in &m.months {
            let cells = month
                .groups
                .iter()
                .map(|g| (Some(g.group), &g.cell))
                .chain(std::iter::once((None, &month.total)));
            for (g, cell) in cells {
                let mut row = Vec::with_capacity(7);
                if several {
                    row.push(Value::text(&m.method));
                }
                row.push(match words {
                    Words::Codes => Value::text(month.month.to_string()),
                    Words::People(lang) => Value::text(lang.month_year(month.month)),
                });
                row.push(group(g, words));
                let [population, fulfilled, share, note] = fields(cell, &suppressed);
                row.extend([population, fulfilled, share]);
                if notes_column {
                    row.push(note);
                }
                rows.push(row);
            }
        }
    }
    let notes = match words {
        Words::Codes => Vec::new(),
        Words::People(lang) => vec![
            lang.pick(
                "Tomme celler med en note er diskretioneret (for få personer til at vise tallet).",
                "Empty cells with a note are suppressed (too few persons to show the figure).",
            )
            .to_string(),
        ],
    };
    let name = match words {
        Words::Codes => "evaluation".to_string(),
        Words::People(lang) => lang.pick("Opgørelse", "Evaluation").to_string(),
    };
    Sheet {
        name,
        columns,
        rows,
        notes,
    }
}

/// Why a cell is empty, for people.
fn suppressed_note(min_cell: u64, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("diskretioneret: færre end {min_cell} personer"),
        Lang::En => format!("suppressed: fewer than {min_cell} persons"),
    }
}

fn fields(c: &Published, suppressed: &str) -> [Value; 4] {
    if c.suppressed {
        return [
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::text(suppressed),
        ];
    }
    [
        Value::count(c.population),
        Value::count(c.fulfilled),
        Value::of(c.share_pct),
        Value::text(""),
    ]
}
