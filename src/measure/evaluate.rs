//! Evaluating a register [`Panel`] under one or several methods: the monthly cells per
//! group and in total, the calendar-year figures, and the difference between methods.
//!
//! Pure: no file, terminal or clock. Fulfilment is decided by [`Method::status`] only —
//! the same code path the simulator uses. Disclosure control is applied here, so the
//! result handed to any exporter never holds a number that must not be shown.

use crate::Group;
use crate::measure::method::{Method, YearAverage};
use crate::measure::register::Panel;
use crate::measure::{Cell, Measure, MonthCells, MonthRule, WindowTotals, year_figure};
use crate::vocab::month::Month;
use rayon::prelude::*;
use serde::Serialize;

/// The disclosure limit used unless told otherwise.
pub const DEFAULT_MIN_CELL: u64 = 5;

/// The settings of one evaluation besides the methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Which focus goal.
    pub measure: Measure,
    /// Cells with `0 < population < min_cell` are suppressed; 0 turns this off.
    pub min_cell: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            measure: Measure::Active,
            min_cell: DEFAULT_MIN_CELL,
        }
    }
}

/// The whole result: plain data for the exporters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// Which focus goal.
    pub measure: Measure,
    /// The disclosure limit applied.
    pub min_cell: u64,
    /// First month of the panel (none for an empty panel).
    pub first_month: Option<Month>,
    /// Last month of the panel.
    pub last_month: Option<Month>,
    /// One result per method, in the order given; differences are against the first.
    pub methods: Vec<MethodResult>,
}

/// The result under one method.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MethodResult {
    /// The method's name.
    pub method: String,
    /// The target of the measure (percent, strictly above).
    pub target_pct: f64,
    /// How the year figure is formed.
    pub year_average: YearAverage,
    /// Every month of the panel, in order.
    pub months: Vec<MonthResult>,
    /// Every calendar year the panel touches.
    pub years: Vec<YearResult>,
}

/// One month under one method.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthResult {
    /// The measured month.
    pub month: Month,
    /// False when the window reaches back before the panel's first month, so activity
    /// before the data starts is missing and the share may be too low.
    pub window_complete: bool,
    /// All groups together.
    pub total: Published,
    /// The groups with anyone in the population, in the order of [`Group::ALL`].
    pub groups: Vec<GroupCell>,
    /// Total share minus the first method's, percentage points (only for the second
    /// and later methods, and only when both shares are shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference_pp: Option<f64>,
}

/// A group's published cell.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GroupCell {
    /// The group.
    pub group: Group,
    /// Its cell.
    #[serde(flatten)]
    pub cell: Published,
}

/// A cell as it may be shown: either the numbers, or marked suppressed with none of them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Published {
    /// Persons in the population (none when suppressed).
    pub population: Option<u64>,
    /// Of those, fulfilled (none when suppressed).
    pub fulfilled: Option<u64>,
    /// `100 · fulfilled / population` (none when suppressed or the population is empty).
    pub share_pct: Option<f64>,
    /// True when the cell is withheld by disclosure control.
    pub suppressed: bool,
}

impl Published {
    fn shown(c: Cell) -> Published {
        Published {
            population: Some(c.population),
            fulfilled: Some(c.fulfilled),
            share_pct: c.share_pct(),
            suppressed: false,
        }
    }

    const SUPPRESSED: Published = Published {
        population: None,
        fulfilled: None,
        share_pct: None,
        suppressed: true,
    };
}

/// One calendar year under one method.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct YearResult {
    /// The calendar year.
    pub year: i32,
    /// Months of the year with anyone in the population.
    pub months_covered: u32,
    /// The year figure over the covered months, by the method's `year_average`; none
    /// when no month is covered or a covered month's total is suppressed.
    pub figure_pct: Option<f64>,
    /// The figure is strictly above the target (none without a figure). With fewer
    /// than 12 months covered this is the year so far, not the final verdict.
    pub target_met: Option<bool>,
}

/// Count every person-month of the panel under `method`: the raw cells of each month
/// from the panel's first month. Deterministic whatever the number of threads (the
/// cells are integer sums).
pub fn tally(panel: &Panel, method: &Method, measure: Measure) -> Vec<MonthCells> {
    let Some((first, last)) = panel.month_range() else {
        return Vec::new();
    };
    let n = last.since(first) as usize + 1;
    let back = 1 - method.window_months() as i32;
    let rules: Vec<MonthRule> = first
        .through(last)
        .map(|month| method.month_rule(method.threshold_centi(month)))
        .collect();
    (0..panel.person_count())
        .into_par_iter()
        .with_min_len(256)
        .fold(
            || vec![MonthCells::default(); n],
            |mut cells, p| {
                let rows = panel.person(p);
                let mut lo = 0;
                for (i, r) in rows.iter().enumerate() {
                    let k = r.month.since(first) as usize;
                    let rule = &rules[k];
                    if !rule.in_population(&r.membership) {
                        continue;
                    }
                    let from = r.month.plus(back);
                    while rows[lo].month < from {
                        lo += 1;
                    }
                    let window = WindowTotals::over(rows[lo..=i].iter().map(|r| &r.activity));
                    let status = rule.status(measure, &r.membership, &window);
                    cells[k].count(r.membership.group, status);
                }
                cells
            },
        )
        .reduce(
            || vec![MonthCells::default(); n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    x.merge(y);
                }
                a
            },
        )
}

/// Evaluate a panel under each method (at least one).
pub fn evaluate(panel: &Panel, methods: &[Method], options: Options) -> Evaluation {
    let range = panel.month_range();
    let mut results: Vec<MethodResult> = methods
        .iter()
        .map(|m| {
            let cells = tally(panel, m, options.measure);
            method_result(m, options, range.map(|r| r.0), &cells)
        })
        .collect();
    if let Some((base, rest)) = results.split_first_mut() {
        for other in rest {
            for (o, b) in other.months.iter_mut().zip(&base.months) {
                o.difference_pp = match (o.total.share_pct, b.total.share_pct) {
                    (Some(x), Some(y)) => Some(x - y),
                    _ => None,
                };
            }
        }
    }
    Evaluation {
        measure: options.measure,
        min_cell: options.min_cell,
        first_month: range.map(|r| r.0),
        last_month: range.map(|r| r.1),
        methods: results,
    }
}

fn method_result(
    method: &Method,
    options: Options,
    first: Option<Month>,
    cells: &[MonthCells],
) -> MethodResult {
    let months: Vec<MonthResult> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let month = first.expect("cells imply a first month").plus(i as i32);
            let (total, groups) = publish(c, options.min_cell);
            MonthResult {
                month,
                window_complete: i + 1 >= method.window_months() as usize,
                total,
                groups,
                difference_pp: None,
            }
        })
        .collect();
    let mut years = Vec::new();
    let mut i = 0;
    while i < months.len() {
        let year = months[i].month.year();
        let mut covered = Vec::new();
        let mut suppressed = false;
        while i < months.len() && months[i].month.year() == year {
            let raw = cells[i].total();
            if raw.population > 0 {
                covered.push(raw);
                suppressed |= months[i].total.suppressed;
            }
            i += 1;
        }
        let figure = if suppressed || covered.is_empty() {
            None
        } else {
            year_figure(method.year_average(), &covered)
        };
        let target = method.target_for(options.measure);
        years.push(YearResult {
            year,
            months_covered: covered.len() as u32,
            figure_pct: figure,
            target_met: figure.map(|f| f > target),
        });
    }
    MethodResult {
        method: method.name().to_string(),
        target_pct: method.target_for(options.measure),
        year_average: method.year_average(),
        months,
        years,
    }
}

/// Which groups disclosure control withholds, given each group's count of persons
/// (indexed by [`Group::index`]): those with `0 < count < min_cell`, and when that is
/// exactly one group, the smallest other group too (so the hidden one cannot be found
/// by subtracting the shown groups from the total).
pub fn hidden_groups(counts: &[u64; Group::COUNT], min_cell: u64) -> [bool; Group::COUNT] {
    let mut hidden = counts.map(|n| n > 0 && n < min_cell);
    if hidden.iter().filter(|&&h| h).count() == 1
        && let Some(next) = (0..Group::COUNT)
            .filter(|&g| !hidden[g] && counts[g] > 0)
            .min_by_key(|&g| counts[g])
    {
        hidden[next] = true;
    }
    hidden
}

/// Disclosure control for one month. A cell with `0 < population < min_cell` is
/// suppressed. When that leaves exactly one group suppressed, the smallest other group
/// is suppressed too, so the hidden one cannot be found by subtracting the shown groups
/// from the total.
fn publish(cells: &MonthCells, min_cell: u64) -> (Published, Vec<GroupCell>) {
    let small = |c: &Cell| c.population > 0 && c.population < min_cell;
    let hidden = hidden_groups(&cells.groups.map(|c| c.population), min_cell);
    let groups = Group::ALL
        .iter()
        .filter(|g| cells.groups[g.index()].population > 0)
        .map(|&g| GroupCell {
            group: g,
            cell: if hidden[g.index()] {
                Published::SUPPRESSED
            } else {
                Published::shown(cells.groups[g.index()])
            },
        })
        .collect();
    let total = cells.total();
    let total = if small(&total) {
        Published::SUPPRESSED
    } else {
        Published::shown(total)
    };
    (total, groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::method::MethodSpec;
    use crate::measure::register::parse_register;

    /// Jan 2025: 1 of 2 fulfilled (50 %); Feb 2025: 3 of 4 (75 %).
    const TWO_MONTHS: &str = "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations,seniority_months
a,2025-01,kontanthjaelp,1,0,0,0,0,12
b,2025-01,kontanthjaelp,0,0,0,0,0,12
c,2025-02,a_dagpenge,1,0,0,0,0,12
d,2025-02,a_dagpenge,1,0,0,0,0,12
e,2025-02,a_dagpenge,1,0,0,0,0,12
f,2025-02,a_dagpenge,0,0,0,0,0,12
";

    fn method(json: &str) -> Method {
        let spec: MethodSpec = serde_json::from_str(json).unwrap();
        Method::from_spec(&spec, "t", "").unwrap()
    }

    #[test]
    fn year_figure_simple_and_weighted_and_the_strict_target() {
        let panel = parse_register(TWO_MONTHS, "t.csv").unwrap();
        let methods = [
            method(r#"{"name": "simple", "target_pct": 62.5}"#),
            method(r#"{"name": "weighted", "year_average": "weighted"}"#),
        ];
        let ev = evaluate(
            &panel,
            &methods,
            Options {
                min_cell: 0,
                ..Options::default()
            },
        );
        let simple = ev.methods[0].years[0];
        assert_eq!((simple.year, simple.months_covered), (2025, 2));
        assert_eq!(simple.figure_pct, Some(62.5));
        assert_eq!(
            simple.target_met,
            Some(false),
            "62.5 is not strictly above 62.5"
        );
        let weighted = ev.methods[1].years[0];
        assert!((weighted.figure_pct.unwrap() - 400.0 / 6.0).abs() < 1e-9);
        assert_eq!(ev.methods[1].months[1].difference_pp, Some(0.0));
        assert_eq!(ev.methods[0].months[1].difference_pp, None);
    }

    #[test]
    fn a_suppressed_month_total_withholds_the_year_figure() {
        let panel = parse_register(TWO_MONTHS, "t.csv").unwrap();
        let ev = evaluate(&panel, &[Method::star()], Options::default());
        assert!(ev.methods[0].months[0].total.suppressed);
        assert_eq!(ev.methods[0].years[0].figure_pct, None);
    }

    #[test]
    fn same_result_on_one_and_two_threads() {
        let mut text = String::from(TWO_MONTHS);
        for p in 0..3000 {
            text.push_str(&format!(
                "x{p},2025-02,sygedagpenge,{},0,0,0,0,12\n",
                p % 3 % 2
            ));
        }
        let panel = parse_register(&text, "t.csv").unwrap();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| tally(&panel, &Method::star(), Measure::Active))
        };
        assert_eq!(run(1), run(2));
    }

    fn cells(pops: &[(Group, u64)]) -> MonthCells {
        let mut c = MonthCells::default();
        for &(g, p) in pops {
            c.groups[g.index()] = Cell {
                population: p,
                fulfilled: p / 2,
            };
        }
        c
    }

    #[test]
    fn one_small_cell_takes_the_next_smallest_with_it() {
        use Group::*;
        let (total, groups) = publish(
            &cells(&[
                (ADagpenge, 50),
                (Kontanthjaelp, 3),
                (Sygedagpenge, 20),
                (Jobafklaring, 9),
            ]),
            5,
        );
        assert_eq!(total.population, Some(82));
        let hidden: Vec<Group> = groups
            .iter()
            .filter(|g| g.cell.suppressed)
            .map(|g| g.group)
            .collect();
        assert_eq!(hidden, [Kontanthjaelp, Jobafklaring]);
        assert!(
            groups
                .iter()
                .all(|g| g.cell.suppressed == g.cell.population.is_none())
        );
    }

    #[test]
    fn two_small_cells_suffice_and_zero_turns_it_off() {
        use Group::*;
        let c = cells(&[(ADagpenge, 50), (Kontanthjaelp, 3), (Sygedagpenge, 4)]);
        let (_, groups) = publish(&c, 5);
        assert_eq!(groups.iter().filter(|g| g.cell.suppressed).count(), 2);
        let (_, groups) = publish(&c, 0);
        assert!(groups.iter().all(|g| !g.cell.suppressed));
    }

    #[test]
    fn a_small_total_is_suppressed() {
        let (total, _) = publish(&cells(&[(Group::ADagpenge, 4)]), 5);
        assert!(total.suppressed);
    }
}
