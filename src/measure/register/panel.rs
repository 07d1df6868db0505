//! The loaded register: persons as dense indices, each with rows sorted by month.

use crate::measure::{Activity, Membership};
use crate::vocab::month::Month;

/// One person-month of the register: where the person stands and what happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The calendar month.
    pub month: Month,
    /// Group, absence and both seniorities in this month.
    pub membership: Membership,
    /// What counts towards the window.
    pub activity: Activity,
}

/// A person-month panel. Persons are numbered `0..person_count()` in order of first
/// appearance in the file; their ids are not kept. Each person's rows are sorted by
/// month with no month twice.
///
/// Stored flat (one `Vec<Row>` plus offsets), so evaluating a million rows touches one
/// contiguous array.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Panel {
    rows: Vec<Row>,
    /// `starts[p]..starts[p + 1]` are person `p`'s rows.
    starts: Vec<usize>,
    seniority_given: bool,
}

/// A person on benefit in a given month, with the activity history a window needs:
/// where a projection (`fokus run` from today's caseload) starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The person's index in the panel.
    pub person: usize,
    /// Group, absence and seniority in the snapshot month.
    pub membership: Membership,
    /// Activity of the last `n` months, oldest first, the snapshot month last. A month
    /// without a row (off benefit) is an empty [`Activity`].
    pub history: Vec<Activity>,
}

impl Panel {
    /// A panel from each person's rows. Rows are sorted by month here; a month given
    /// twice for one person is kept twice, so callers validate first (the reader does).
    pub fn from_persons(
        persons: impl IntoIterator<Item = Vec<Row>>,
        seniority_given: bool,
    ) -> Panel {
        let mut rows = Vec::new();
        let mut starts = vec![0];
        for mut person in persons {
            if person.is_empty() {
                continue;
            }
            person.sort_by_key(|r| r.month);
            rows.extend(person);
            starts.push(rows.len());
        }
        Panel {
            rows,
            starts,
            seniority_given,
        }
    }

    /// Rows already grouped by person and sorted by month; `starts` as in the struct.
    pub(crate) fn from_sorted(rows: Vec<Row>, starts: Vec<usize>, seniority_given: bool) -> Panel {
        debug_assert_eq!(starts.first(), Some(&0));
        debug_assert_eq!(starts.last(), Some(&rows.len()));
        Panel {
            rows,
            starts,
            seniority_given,
        }
    }

    /// Number of persons.
    pub fn person_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Number of person-months.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Person `p`'s rows, sorted by month.
    pub fn person(&self, p: usize) -> &[Row] {
        &self.rows[self.starts[p]..self.starts[p + 1]]
    }

    /// Every person's rows, in person order.
    pub fn persons(&self) -> impl ExactSizeIterator<Item = &[Row]> + '_ {
        self.starts.windows(2).map(|w| &self.rows[w[0]..w[1]])
    }

    /// Whether seniority came from the file's `seniority_months` column (then both
    /// seniorities are that value) rather than being counted from the rows.
    pub fn seniority_given(&self) -> bool {
        self.seniority_given
    }

    /// The first and last month with any row; `None` for an empty panel.
    pub fn month_range(&self) -> Option<(Month, Month)> {
        let first = self
            .persons()
            .filter_map(|r| r.first())
            .map(|r| r.month)
            .min()?;
        let last = self
            .persons()
            .filter_map(|r| r.last())
            .map(|r| r.month)
            .max()?;
        Some((first, last))
    }

    /// The persons with a row in `month`, each with membership and the activity of the
    /// last `history_months` months as of `month` (issue 7: a projection starts here).
    pub fn snapshot(&self, month: Month, history_months: u32) -> Vec<Snapshot> {
        let n = history_months.max(1) as i32;
        let from = month.plus(1 - n);
        self.persons()
            .enumerate()
            .filter_map(|(person, rows)| {
                let at = rows.binary_search_by_key(&month, |r| r.month).ok()?;
                let mut history = vec![Activity::default(); n as usize];
                let start = rows.partition_point(|r| r.month < from);
                for r in &rows[start..=at] {
                    history[r.month.since(from) as usize] = r.activity;
                }
                Some(Snapshot {
                    person,
                    membership: rows[at].membership,
                    history,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Group, Hours};

    fn row(month: &str, hours: u32) -> Row {
        Row {
            month: month.parse().unwrap(),
            membership: Membership {
                group: Group::Kontanthjaelp,
                absence_registered: false,
                seniority_spell: 1,
                seniority_any: 1,
            },
            activity: Activity {
                ordinary_hours: Hours::whole(hours),
                ..Activity::default()
            },
        }
    }

    #[test]
    fn snapshot_has_history_with_gaps_as_empty_months() {
        let p = Panel::from_persons(
            [
                vec![row("2025-03", 3), row("2025-01", 1), row("2024-12", 12)],
                vec![row("2025-02", 2)],
            ],
            false,
        );
        assert_eq!(p.person_count(), 2);
        let m: Month = "2025-03".parse().unwrap();
        let s = p.snapshot(m, 3);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].person, 0);
        let hours: Vec<u32> = s[0]
            .history
            .iter()
            .map(|a| a.ordinary_hours.centi() / 100)
            .collect();
        assert_eq!(hours, [1, 0, 3]);
        assert_eq!(
            p.month_range(),
            Some(("2024-12".parse().unwrap(), "2025-03".parse().unwrap()))
        );
    }
}
