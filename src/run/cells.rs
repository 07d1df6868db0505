//! A run's monthly cells as one array — replications × methods × months × groups — from
//! which every summary is taken along an axis: a month's share over the replications, a
//! replication's year mean over the months, a group's column.
//!
//! The simulator's hot loop keeps raw columns (`sim`); this is where its per-replication
//! output becomes one value that the summaries share.

use crate::Group;
use crate::measure::Cell;
use crate::sim::ReplicationOutcome;
use ndarray::{Array2, Array3, Array4, ArrayView2, ArrayView3, Axis};

/// The axes of [`RunCells`], in order.
pub mod axis {
    use ndarray::Axis;
    /// Replications, in index order.
    pub const REPLICATION: Axis = Axis(0);
    /// Scoring methods: the scenario's own first.
    pub const METHOD: Axis = Axis(1);
    /// Months of the judged year, from January.
    pub const MONTH: Axis = Axis(2);
    /// Benefit groups, by [`Group::index`](crate::Group::index).
    pub const GROUP: Axis = Axis(3);
}

/// Every cell of a run: `cells[[replication, method, month, group]]`, the same for the
/// conversations goal, and the offers started, `offers[[replication, month, group]]`
/// (the histories are one whatever the method scoring them).
#[derive(Clone, Debug, PartialEq)]
pub struct RunCells {
    cells: Array4<Cell>,
    conversations: Array4<Cell>,
    offers: Array3<u64>,
}

impl RunCells {
    /// The replications' outcomes, in the order given (replication index order), as one
    /// array. Every outcome must have the same methods and months (one model made them).
    pub fn from_outcomes(outcomes: &[ReplicationOutcome]) -> RunCells {
        let methods = outcomes.first().map_or(0, |o| o.cells.len());
        let months = outcomes
            .first()
            .and_then(|o| o.cells.first())
            .map_or(0, Vec::len);
        for o in outcomes {
            assert!(
                o.cells.len() == methods && o.cells.iter().all(|m| m.len() == months),
                "replications of one run have the same methods and months"
            );
        }
        let shape = (outcomes.len(), methods, months, Group::COUNT);
        for o in outcomes {
            assert!(
                o.conversations.len() == methods
                    && o.conversations.iter().all(|m| m.len() == months)
                    && o.offers.len() == months,
                "the conversations and offers have the shape of the cells"
            );
        }
        let cells = Array4::from_shape_fn(shape, |(r, k, m, g)| outcomes[r].cells[k][m].groups[g]);
        let conversations = Array4::from_shape_fn(shape, |(r, k, m, g)| {
            outcomes[r].conversations[k][m].groups[g]
        });
        let offers = Array3::from_shape_fn((outcomes.len(), months, Group::COUNT), |(r, m, g)| {
            outcomes[r].offers[m][g]
        });
        RunCells {
            cells,
            conversations,
            offers,
        }
    }

    /// Replications.
    pub fn replications(&self) -> usize {
        self.cells.len_of(axis::REPLICATION)
    }

    /// Scoring methods (the scenario's own first).
    pub fn methods(&self) -> usize {
        self.cells.len_of(axis::METHOD)
    }

    /// The cells scored under method `k`: replications × months × groups.
    pub fn method(&self, k: usize) -> MethodCells<'_> {
        MethodCells {
            cells: self.cells.index_axis(axis::METHOD, k),
            conversations: self.conversations.index_axis(axis::METHOD, k),
            offers: self.offers.view(),
        }
    }
}

/// One method's cells of a run: `[[replication, month, group]]`, for the active-effort
/// goal and the conversations goal, and the run's offers started.
#[derive(Clone, Copy, Debug)]
pub struct MethodCells<'a> {
    cells: ArrayView3<'a, Cell>,
    conversations: ArrayView3<'a, Cell>,
    offers: ArrayView3<'a, u64>,
}

impl<'a> MethodCells<'a> {
    /// Replications.
    pub fn replications(&self) -> usize {
        self.cells.len_of(Axis(0))
    }

    /// Months of the judged year.
    pub fn months(&self) -> usize {
        self.cells.len_of(Axis(1))
    }

    /// Group `g`'s cells: replications × months.
    pub fn group(&self, g: Group) -> ArrayView2<'a, Cell> {
        self.cells.index_axis_move(Axis(2), g.index())
    }

    /// The total over the groups: replications × months.
    pub fn totals(&self) -> Array2<Cell> {
        sum_over_groups(self.cells)
    }

    /// The conversations goal's total over the groups: replications × months.
    pub fn conversation_totals(&self) -> Array2<Cell> {
        sum_over_groups(self.conversations)
    }

    /// Offers started: replications × months × groups.
    pub fn offers(&self) -> ArrayView3<'a, u64> {
        self.offers
    }

    /// Whether anybody was ever in group `g`'s population, in any replication and month.
    pub fn ever_populated(&self, g: Group) -> bool {
        self.group(g).iter().any(|c| c.population > 0)
    }
}

/// Replications × months × groups summed over the groups.
fn sum_over_groups(cells: ArrayView3<'_, Cell>) -> Array2<Cell> {
    cells.map_axis(Axis(2), |groups| {
        groups.iter().fold(Cell::default(), |mut total, c| {
            total.merge(c);
            total
        })
    })
}

/// The shares, percent, of one month's cells over the replications, in replication order;
/// cells without population are left out.
pub fn shares_over_replications<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> Vec<f64> {
    cells.into_iter().filter_map(Cell::share_pct).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::MonthCells;

    fn outcome(base: u64, methods: usize, months: usize) -> ReplicationOutcome {
        let cells: Vec<Vec<MonthCells>> = (0..methods)
            .map(|k| {
                (0..months)
                    .map(|m| {
                        let mut mc = MonthCells::default();
                        for (g, cell) in mc.groups.iter_mut().enumerate() {
                            let population = base + (100 * k + 10 * m + g) as u64;
                            *cell = Cell {
                                population,
                                fulfilled: population / 2,
                            };
                        }
                        mc
                    })
                    .collect()
            })
            .collect();
        let conversations = cells.clone();
        ReplicationOutcome {
            cells,
            conversations,
            offers: (0..months)
                .map(|m| [base + m as u64; Group::COUNT])
                .collect(),
            person_months: 0,
            drivers: Vec::new(),
        }
    }

    #[test]
    fn the_array_holds_every_cell_where_the_outcomes_had_it() {
        let outcomes = vec![outcome(1000, 2, 3), outcome(2000, 2, 3)];
        let run = RunCells::from_outcomes(&outcomes);
        assert_eq!((run.replications(), run.methods()), (2, 2));
        for (r, o) in outcomes.iter().enumerate() {
            for k in 0..2 {
                let view = run.method(k);
                assert_eq!(view.months(), 3);
                for g in Group::ALL {
                    for m in 0..3 {
                        assert_eq!(view.group(g)[[r, m]], o.cells[k][m].groups[g.index()]);
                    }
                }
                for (m, total) in view.totals().row(r).iter().enumerate() {
                    assert_eq!(*total, o.cells[k][m].total());
                    assert_eq!(
                        view.conversation_totals()[[r, m]],
                        o.conversations[k][m].total()
                    );
                    for g in Group::ALL {
                        assert_eq!(view.offers()[[r, m, g.index()]], o.offers[m][g.index()]);
                    }
                }
            }
        }
    }

    #[test]
    fn no_replications_make_an_empty_run() {
        let run = RunCells::from_outcomes(&[]);
        assert_eq!((run.replications(), run.methods()), (0, 0));
    }
}
