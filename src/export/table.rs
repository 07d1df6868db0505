//! The table for people: the year verdict first, then the monthly shares, then the
//! groups of the latest months laid out like Table 4 of the recovery plan.

use super::{Audit, Lang};
use crate::Group;
use crate::evaluate::{Evaluation, Published};
use crate::measure::Measure;
use crate::month::Month;
use std::fmt::Write;

/// How many of the latest months the group table shows.
const GROUP_MONTHS: usize = 3;

struct Words {
    months: [&'static str; 12],
    method: &'static str,
    min_cell: &'static str,
    off: &'static str,
    title_active: &'static str,
    title_conversations: &'static str,
    target: &'static str,
    year_mean: &'static str,
    of_months: &'static str,
    so_far: &'static str,
    met: &'static str,
    not_met: &'static str,
    above_so_far: &'static str,
    below_so_far: &'static str,
    no_figure: &'static str,
    month: &'static str,
    population: &'static str,
    fulfilled: &'static str,
    share: &'static str,
    difference: &'static str,
    total: &'static str,
    groups: &'static str,
    suppressed: &'static str,
    incomplete: &'static str,
    suppressed_note: &'static str,
    seniority_file: &'static str,
    empty_note: &'static str,
    seniority_rows: &'static str,
    absence_note: &'static str,
}

const DA: Words = Words {
    months: [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ],
    method: "metode",
    min_cell: "mindste celle",
    off: "fra",
    title_active: "Fokusmål for aktiv indsats",
    title_conversations: "Fokusmål for samtaler",
    target: "mål: over {} i årsgennemsnit",
    year_mean: "årsgennemsnit",
    of_months: "af 12 måneder",
    so_far: "året indtil nu",
    met: "målet er nået",
    not_met: "målet er ikke nået",
    above_so_far: "over målet indtil nu",
    below_so_far: "under målet indtil nu",
    no_figure: "intet tal",
    month: "Måned",
    population: "Personer",
    fulfilled: "Opfyldt",
    share: "Andel",
    difference: "forskel",
    total: "Ydelsesgrupper i alt",
    groups: "Andel pr. ydelsesgruppe",
    suppressed: "skjult",
    incomplete: "* vinduet rækker før datas første måned; andelen kan være for lav",
    suppressed_note: "skjult: færre end {} personer (diskretion)",
    seniority_file: "anciennitet fra filen",
    empty_note: "måneder uden nogen i opgørelsen er udeladt (fx før nogen har nok anciennitet)",
    seniority_rows: "anciennitet talt fra rækkerne",
    absence_note: "Fravær: at registreret fravær tager personen ud af opgørelsen, er vores antagelse; STAR har ikke offentliggjort reglen.",
};

const EN: Words = Words {
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    method: "method",
    min_cell: "min cell",
    off: "off",
    title_active: "Focus goal for active effort",
    title_conversations: "Focus goal for conversations",
    target: "target: above {} as a yearly mean",
    year_mean: "yearly mean",
    of_months: "of 12 months",
    so_far: "year to date",
    met: "target met",
    not_met: "target not met",
    above_so_far: "above target so far",
    below_so_far: "below target so far",
    no_figure: "no figure",
    month: "Month",
    population: "Persons",
    fulfilled: "Fulfilled",
    share: "Share",
    difference: "difference",
    total: "All benefit groups",
    groups: "Share by benefit group",
    suppressed: "hidden",
    incomplete: "* the window reaches before the data's first month; the share may be too low",
    suppressed_note: "hidden: fewer than {} persons (disclosure control)",
    seniority_file: "seniority from the file",
    empty_note: "months with nobody in the population are left out (e.g. before anyone has enough seniority)",
    seniority_rows: "seniority counted from the rows",
    absence_note: "Absence: that registered absence takes a person out of the figure is our assumption; STAR has not published the rule.",
};

/// The evaluation as a table for people.
pub fn to_table(ev: &Evaluation, audit: &Audit, lang: Lang) -> String {
    let w = match lang {
        Lang::Da => &DA,
        Lang::En => &EN,
    };
    let pct = |v: f64| fmt_pct(v, lang);
    let mut out = String::new();
    let names: Vec<&str> = ev.methods.iter().map(|m| m.method.as_str()).collect();
    let min_cell = if ev.min_cell == 0 {
        w.off.to_string()
    } else {
        ev.min_cell.to_string()
    };
    let seniority = if audit.seniority == "from_file" {
        w.seniority_file
    } else {
        w.seniority_rows
    };
    let _ = writeln!(
        out,
        "fokus {} · {} · {} {} · {} · {} {}",
        audit.fokus_version,
        audit.input,
        w.method,
        names.join(" / "),
        seniority,
        w.min_cell,
        min_cell
    );
    let Some(base) = ev.methods.first() else {
        return out;
    };
    let title = match ev.measure {
        Measure::Active => w.title_active,
        Measure::Conversations => w.title_conversations,
    };
    let _ = writeln!(
        out,
        "{title} ({})\n",
        w.target.replace("{}", &pct(base.target_pct))
    );

    // Year figures: the answer first.
    for (yi, y) in base.years.iter().enumerate() {
        let mut line = format!("  {}  {}: ", y.year, w.year_mean);
        for (k, m) in ev.methods.iter().enumerate() {
            let fig = m.years[yi].figure_pct;
            if k > 0 {
                line.push_str(" · ");
            }
            if ev.methods.len() > 1 {
                let _ = write!(line, "{} ", m.method);
            }
            line.push_str(&fig.map_or(w.no_figure.to_string(), pct));
            if k > 0
                && let (Some(a), Some(b)) = (fig, y.figure_pct)
            {
                let _ = write!(line, " ({})", fmt_pp(a - b, lang));
            }
        }
        let complete = y.months_covered == 12;
        let _ = write!(line, "  ({} {}", y.months_covered, w.of_months);
        if !complete {
            let _ = write!(line, ", {}", w.so_far);
        }
        line.push(')');
        if let Some(met) = y.target_met {
            let verdict = match (complete, met) {
                (true, true) => w.met,
                (true, false) => w.not_met,
                (false, true) => w.above_so_far,
                (false, false) => w.below_so_far,
            };
            let _ = write!(line, "  {verdict}");
            if ev.methods.len() > 1 {
                let _ = write!(line, " ({})", base.method);
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    // Monthly totals.
    let mut header = vec![
        w.month.to_string(),
        w.population.to_string(),
        w.fulfilled.to_string(),
    ];
    let several = ev.methods.len() > 1;
    for (k, m) in ev.methods.iter().enumerate() {
        header.push(if several {
            m.method.clone()
        } else {
            w.share.to_string()
        });
        if k > 0 {
            header.push(w.difference.to_string());
        }
    }
    let mut rows = vec![header];
    let mut any_incomplete = false;
    let mut any_suppressed = false;
    let mut any_empty = false;
    for (i, month) in base.months.iter().enumerate() {
        if ev
            .methods
            .iter()
            .all(|m| m.months[i].total.population == Some(0))
        {
            any_empty = true;
            continue;
        }
        let mark = if month.window_complete { "" } else { " *" };
        any_incomplete |= !month.window_complete;
        let mut row = vec![
            format!("{}{mark}", month_name(month.month, w)),
            count(month.total.population, month.total.suppressed, w, lang),
            count(month.total.fulfilled, month.total.suppressed, w, lang),
        ];
        for (k, m) in ev.methods.iter().enumerate() {
            let c = &m.months[i].total;
            any_suppressed |= c.suppressed;
            row.push(share(c, w, lang));
            if k > 0 {
                row.push(
                    m.months[i]
                        .difference_pp
                        .map_or("–".into(), |d| fmt_pp(d, lang)),
                );
            }
        }
        rows.push(row);
    }
    push_table(&mut out, &rows);

    // Groups of the latest months, like Table 4.
    for m in &ev.methods {
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
            format!("{} ({} {})", w.groups, w.method, m.method)
        } else {
            w.groups.to_string()
        };
        let _ = writeln!(out, "\n{title}");
        let mut header = vec![String::new()];
        header.extend(last.iter().map(|x| month_name(x.month, w)));
        let mut rows = vec![header];
        let mut total = vec![w.total.to_string()];
        total.extend(last.iter().map(|x| share(&x.total, w, lang)));
        rows.push(total);
        for g in Group::ALL {
            let cells: Vec<Option<&Published>> = last
                .iter()
                .map(|x| x.groups.iter().find(|c| c.group == g).map(|c| &c.cell))
                .collect();
            if cells.iter().all(Option::is_none) {
                continue;
            }
            let label = match lang {
                Lang::Da => g.label_da(),
                Lang::En => g.label_en(),
            };
            let mut row = vec![label.to_string()];
            for c in cells {
                any_suppressed |= c.is_some_and(|c| c.suppressed);
                row.push(c.map_or("–".into(), |c| share(c, w, lang)));
            }
            rows.push(row);
        }
        push_table(&mut out, &rows);
    }

    out.push('\n');
    if any_incomplete {
        let _ = writeln!(out, "  {}", w.incomplete);
    }
    if any_empty {
        let _ = writeln!(out, "  {}", w.empty_note);
    }
    if any_suppressed {
        let _ = writeln!(
            out,
            "  {}",
            w.suppressed_note.replace("{}", &ev.min_cell.to_string())
        );
    }
    if ev.measure == Measure::Active
        && audit
            .methods
            .iter()
            .any(|m| m.absence == Some(crate::method::AbsenceRule::Exclude))
    {
        let _ = writeln!(out, "  {}", w.absence_note);
    }
    out
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

fn month_name(m: Month, w: &Words) -> String {
    format!("{} {}", w.months[m.month_of_year() as usize - 1], m.year())
}

fn share(c: &Published, w: &Words, lang: Lang) -> String {
    if c.suppressed {
        return w.suppressed.to_string();
    }
    c.share_pct.map_or("–".into(), |s| fmt_pct(s, lang))
}

fn count(v: Option<u64>, suppressed: bool, w: &Words, lang: Lang) -> String {
    if suppressed {
        return w.suppressed.to_string();
    }
    let Some(v) = v else { return "–".into() };
    let digits = v.to_string();
    let sep = match lang {
        Lang::Da => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn fmt_pct(v: f64, lang: Lang) -> String {
    match lang {
        Lang::Da => crate::fmt_pct_da(v),
        Lang::En => format!("{v:.1} %"),
    }
}

fn fmt_pp(v: f64, lang: Lang) -> String {
    let text = format!("{v:+.1} pp");
    match lang {
        Lang::Da => text.replace('.', ","),
        Lang::En => text,
    }
}
