//! CSV: `[method,]month,group,population,fulfilled,share_pct`.
//!
//! One row per month and group with anyone in the population, then the month's `total`
//! row (always written). The `method` column leads when there are several methods.
//! A suppressed cell has `population` and `fulfilled` empty and `share_pct` set to
//! [`SUPPRESSED`]; an empty population has an empty `share_pct`. Shares have two
//! decimals and a decimal point.

use crate::measure::evaluate::{Evaluation, Published};

/// The marker in `share_pct` of a suppressed cell.
pub const SUPPRESSED: &str = "suppressed";

/// The evaluation as CSV text.
pub fn to_csv(ev: &Evaluation) -> String {
    let several = ev.methods.len() > 1;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header = vec!["month", "group", "population", "fulfilled", "share_pct"];
    if several {
        header.insert(0, "method");
    }
    w.write_record(&header).expect("writing to memory");
    for m in &ev.methods {
        for month in &m.months {
            let cells = month
                .groups
                .iter()
                .map(|g| (g.group.code(), &g.cell))
                .chain(std::iter::once(("total", &month.total)));
            for (group, cell) in cells {
                let mut record = Vec::with_capacity(6);
                if several {
                    record.push(m.method.clone());
                }
                record.push(month.month.to_string());
                record.push(group.to_string());
                record.extend(fields(cell));
                w.write_record(&record).expect("writing to memory");
            }
        }
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 is UTF-8")
}

fn fields(c: &Published) -> [String; 3] {
    if c.suppressed {
        return [String::new(), String::new(), SUPPRESSED.to_string()];
    }
    let n = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    [
        n(c.population),
        n(c.fulfilled),
        c.share_pct.map_or(String::new(), |s| format!("{s:.2}")),
    ]
}
