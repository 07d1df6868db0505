//! The evaluation of a register as a table for people: the year verdict first, then the
//! monthly shares, then the groups of the latest months laid out like Table 4 of the
//! recovery plan.

use super::Lang;
use crate::Group;
use crate::measure::Measure;
use crate::measure::evaluate::{Evaluation, Published, YearResult};
use crate::report::export::Audit;
use std::fmt::Write;

/// How many of the latest months the group table shows.
const GROUP_MONTHS: usize = 3;

/// The focus goal of `measure`, as a title.
pub fn goal(measure: Measure, lang: Lang) -> &'static str {
    match measure {
        Measure::Active => super::run::active_goal(lang),
        Measure::Conversations => {
            lang.pick("Fokusmål for samtaler", "Focus goal for conversations")
        }
    }
}

/// The evaluation as a table for people.
pub fn to_table(ev: &Evaluation, audit: &Audit, lang: Lang) -> String {
    let l = |da, en| lang.pick(da, en);
    let pct = |v: f64| lang.pct(v, 1);
    let mut out = String::new();
    let names: Vec<&str> = ev.methods.iter().map(|m| m.method.as_str()).collect();
    let min_cell = if ev.min_cell == 0 {
        l("fra", "off").to_string()
    } else {
        ev.min_cell.to_string()
    };
    let seniority = if audit.seniority == "from_file" {
        l("anciennitet fra filen", "seniority from the file")
    } else {
        l(
            "anciennitet talt fra rækkerne",
            "seniority counted from the rows",
        )
    };
    let method = l("metode", "method");
    let _ = writeln!(
        out,
        "fokus {} · {} · {method} {} · {seniority} · {} {min_cell}",
        audit.fokus_version,
        audit.input,
        names.join(" / "),
        l("mindste celle", "min cell"),
    );
    let Some(base) = ev.methods.first() else {
        return out;
    };
    let target = pct(base.target_pct);
    let _ = writeln!(
        out,
        "{} ({})\n",
        goal(ev.measure, lang),
        match lang {
            Lang::Da => format!("mål: over {target} i årsgennemsnit"),
            Lang::En => format!("target: above {target} as a yearly mean"),
        }
    );

    // Year figures: the answer first.
    let several = ev.methods.len() > 1;
    // Whether a printed difference is not the difference of the printed shares (it is
    // taken before rounding), so the table says so.
    let mut marks = Marks::default();
    for (yi, y) in base.years.iter().enumerate() {
        let mut line = format!("  {}  {}: ", y.year, l("årsgennemsnit", "yearly mean"));
        for (k, m) in ev.methods.iter().enumerate() {
            let fig = m.years[yi].figure_pct;
            if k > 0 {
                line.push_str(" · ");
            }
            if several {
                let _ = write!(line, "{} ", m.method);
            }
            line.push_str(&fig.map_or(l("intet tal", "no figure").to_string(), pct));
            if k > 0
                && let (Some(a), Some(b)) = (fig, y.figure_pct)
            {
                marks.rounded_apart |= rounded_apart(a, b, a - b);
                let _ = write!(line, " ({})", lang.pp(a - b, 1));
            }
        }
        let _ = write!(line, "  ({}", months_covered(y, lang));
        if y.months_covered < 12 {
            let _ = write!(line, ", {}", l("året indtil nu", "year to date"));
        }
        line.push(')');
        if let Some(verdict) = year_verdict(y, lang) {
            let _ = write!(line, "  {verdict}");
            if several {
                let _ = write!(line, " ({})", base.method);
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    let columns: Vec<String> = ev.methods.iter().map(|m| m.method.clone()).collect();
    let (rows, month_marks) = month_table(ev, &columns, lang);
    marks = marks.and(month_marks);
    push_table(&mut out, &rows);

    // Groups of the latest months, like Table 4.
    let titled: Vec<String> = columns.iter().map(|c| format!("{method} {c}")).collect();
    let (tables, group_marks) = group_tables(ev, &titled, lang);
    marks = marks.and(group_marks);
    for (title, rows) in tables {
        let _ = writeln!(out, "\n{title}");
        push_table(&mut out, &rows);
    }

    out.push('\n');
    for note in notes(ev, audit, marks, lang) {
        let _ = writeln!(out, "  {note}");
    }
    out
}

/// What the tables of an evaluation marked or left out: each adds a note under them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks {
    /// A printed difference is not the difference of the printed shares.
    pub rounded_apart: bool,
    /// A month's window reaches before the data's first month (marked `*`).
    pub incomplete_window: bool,
    /// Months with nobody in the population were left out.
    pub empty_months: bool,
    /// A cell was withheld by disclosure control.
    pub suppressed: bool,
}

impl Marks {
    /// Both sets of marks.
    pub fn and(self, other: Marks) -> Marks {
        Marks {
            rounded_apart: self.rounded_apart || other.rounded_apart,
            incomplete_window: self.incomplete_window || other.incomplete_window,
            empty_months: self.empty_months || other.empty_months,
            suppressed: self.suppressed || other.suppressed,
        }
    }
}

/// A table as text cells: the header row first; the first column is a label.
pub type Rows = Vec<Vec<String>>;

/// `6 af 12 måneder` / `6 of 12 months`.
pub fn months_covered(y: &YearResult, lang: Lang) -> String {
    format!(
        "{} {}",
        y.months_covered,
        lang.pick("af 12 måneder", "of 12 months")
    )
}

/// The verdict on a year under the first method: final for a whole year, "so far" for
/// a year the data covers only part of; none without a figure.
pub fn year_verdict(y: &YearResult, lang: Lang) -> Option<&'static str> {
    let met = y.target_met?;
    Some(match (y.months_covered == 12, met) {
        (true, true) => lang.pick("målet er nået", "target met"),
        (true, false) => lang.pick("målet er ikke nået", "target not met"),
        (false, true) => lang.pick("over målet indtil nu", "above target so far"),
        (false, false) => lang.pick("under målet indtil nu", "below target so far"),
    })
}

/// The months with anyone in the population: persons, fulfilled, each method's share
/// (headed `names`) and each later method's difference from the first.
pub fn month_table(ev: &Evaluation, names: &[String], lang: Lang) -> (Rows, Marks) {
    let l = |da, en| lang.pick(da, en);
    let mut marks = Marks::default();
    let Some(base) = ev.methods.first() else {
        return (Vec::new(), marks);
    };
    let several = ev.methods.len() > 1;
    let mut header = vec![
        l("Måned", "Month").to_string(),
        l("Personer", "Persons").to_string(),
        l("Opfyldt", "Fulfilled").to_string(),
    ];
    for (k, name) in names.iter().enumerate() {
        header.push(if several {
            name.clone()
        } else {
            l("Andel", "Share").to_string()
        });
        if k > 0 {
            header.push(l("forskel", "difference").to_string());
        }
    }
    let mut rows = vec![header];
    for (i, month) in base.months.iter().enumerate() {
        if ev
            .methods
            .iter()
            .all(|m| m.months[i].total.population == Some(0))
        {
            marks.empty_months = true;
            continue;
        }
        let mark = if month.window_complete { "" } else { " *" };
        marks.incomplete_window |= !month.window_complete;
        let total = &month.total;
        let mut row = vec![
            format!("{}{mark}", lang.month_year(month.month)),
            count(total.population, total.suppressed, lang),
            count(total.fulfilled, total.suppressed, lang),
        ];
        for (k, m) in ev.methods.iter().enumerate() {
            let c = &m.months[i].total;
            marks.suppressed |= c.suppressed;
            row.push(share(c, lang));
            if k > 0 {
                if let (Some(d), Some(a), Some(b)) = (
                    m.months[i].difference_pp,
                    c.share_pct.filter(|_| !c.suppressed),
                    total.share_pct.filter(|_| !total.suppressed),
                ) {
                    marks.rounded_apart |= rounded_apart(a, b, d);
                }
                row.push(
                    m.months[i]
                        .difference_pp
                        .map_or("–".into(), |d| lang.pp(d, 1)),
                );
            }
        }
        rows.push(row);
    }
    (rows, marks)
}

/// Per method (named `names`, as the title says it), the groups' shares in the latest months with anyone in
/// the population, laid out like Table 4: `(title, rows)`.
pub fn group_tables(ev: &Evaluation, names: &[String], lang: Lang) -> (Vec<(String, Rows)>, Marks) {
    let mut marks = Marks::default();
    let several = ev.methods.len() > 1;
    let groups = lang.pick("Andel pr. ydelsesgruppe", "Share by benefit group");
    let mut tables = Vec::new();
    for (m, name) in ev.methods.iter().zip(names) {
        let last: Vec<_> = m
            .months
            .iter()
            .rev()
            .filter(|x| x.total.population.is_some_and(|p| p > 0))
            .take(GROUP_MONTHS)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if last.is_empty() {
            continue;
        }
        let title = if several {
            format!("{groups} ({name})")
        } else {
            groups.to_string()
        };
        let mut header = vec![String::new()];
        header.extend(last.iter().map(|x| lang.month_year(x.month)));
        let mut rows = vec![header];
        let mut total = vec![lang.all_groups().to_string()];
        total.extend(last.iter().map(|x| share(&x.total, lang)));
        rows.push(total);
        for g in Group::ALL {
            let cells: Vec<Option<&Published>> = last
                .iter()
                .map(|x| x.groups.iter().find(|c| c.group == g).map(|c| &c.cell))
                .collect();
            if cells.iter().all(Option::is_none) {
                continue;
            }
            let mut row = vec![lang.group(g).to_string()];
            for c in cells {
                marks.suppressed |= c.is_some_and(|c| c.suppressed);
                row.push(c.map_or("–".into(), |c| share(c, lang)));
            }
            rows.push(row);
        }
        tables.push((title, rows));
    }
    (tables, marks)
}

/// The notes under the tables: what `marks` says they marked or left out, and the
/// assumptions of the methods.
pub fn notes(ev: &Evaluation, audit: &Audit, marks: Marks, lang: Lang) -> Vec<String> {
    let l = |da: &str, en: &str| lang.pick(da, en).to_string();
    let mut notes = Vec::new();
    if marks.rounded_apart {
        notes.push(l(
            "Forskellene er regnet på de uafrundede andele og kan derfor afvige med 0,1 pct.-point fra forskellen mellem de viste andele.",
            "The differences are computed from the unrounded shares, so they can be 0.1 pp off the difference of the shares shown.",
        ));
    }
    if marks.incomplete_window {
        notes.push(l(
            "* vinduet rækker før datas første måned; andelen kan være for lav",
            "* the window reaches before the data's first month; the share may be too low",
        ));
    }
    if marks.empty_months {
        notes.push(l(
            "Måneder uden nogen i opgørelsen er udeladt (fx før nogen har nok anciennitet).",
            "Months with nobody in the population are left out (e.g. before anyone has enough seniority).",
        ));
    }
    if marks.suppressed {
        notes.push(match lang {
            Lang::Da => format!("Skjult: færre end {} personer (diskretion).", ev.min_cell),
            Lang::En => format!(
                "Hidden: fewer than {} persons (disclosure control).",
                ev.min_cell
            ),
        });
    }
    if ev.measure == Measure::Active
        && audit
            .methods
            .iter()
            .any(|m| m.absence == Some(crate::measure::method::AbsenceRule::Exclude))
    {
        notes.push(l(
            "Fravær: at registreret fravær tager personen ud af opgørelsen, er vores antagelse; STAR har ikke offentliggjort reglen.",
            "Absence: that registered absence takes a person out of the figure is our assumption; STAR has not published the rule.",
        ));
    }
    notes
}

/// Whether the difference `d` of two shares `a` − `b`, printed with one decimal, is not
/// the difference of the two shares printed with one decimal (74,44 − 72,86 prints as
/// +1,6 beside 74,4 and 72,9).
pub fn rounded_apart(a: f64, b: f64, d: f64) -> bool {
    if !(a.is_finite() && b.is_finite() && d.is_finite()) {
        return false;
    }
    let tenths = |v: f64| -> i64 {
        format!("{v:.1}")
            .replace('.', "")
            .parse()
            .expect("a number with one decimal")
    };
    tenths(d) != tenths(a) - tenths(b)
}

/// A table with the first column left-aligned and the rest right-aligned.
fn push_table(out: &mut String, rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            line.push(' ');
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad + 1));
                line.push_str(cell);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The word of a cell withheld by disclosure control.
fn suppressed(lang: Lang) -> String {
    lang.pick("skjult", "hidden").to_string()
}

fn share(c: &Published, lang: Lang) -> String {
    if c.suppressed {
        return suppressed(lang);
    }
    c.share_pct.map_or("–".into(), |s| lang.pct(s, 1))
}

fn count(v: Option<u64>, is_suppressed: bool, lang: Lang) -> String {
    if is_suppressed {
        return suppressed(lang);
    }
    v.map_or("–".into(), |v| lang.count(v))
}

#[cfg(test)]
mod tests {
    use super::rounded_apart;

    #[test]
    fn a_difference_rounded_apart_from_the_shares_shown_is_told() {
        // 74,44 − 72,86 = 1,58: +1,6 beside 74,4 and 72,9 (1,5).
        assert!(rounded_apart(74.44, 72.86, 74.44 - 72.86));
        // 74,44 − 72,83 = 1,61: +1,6 beside 74,4 and 72,8.
        assert!(!rounded_apart(74.44, 72.83, 74.44 - 72.83));
        assert!(!rounded_apart(66.5, 66.5, 0.0));
        assert!(rounded_apart(100.0 / 3.0, 200.0 / 3.0, -100.0 / 3.0));
    }
}
