//! Who arrives, who leaves and who moves, counted off a register: the flows a run that
//! starts from the register (`run --from-register`, `backtest`) takes from it instead of
//! the scenario (`crate::analyses::register_start` turns the counts into the scenario's
//! inflow, seasonality, exit hazards and moves). Plain counts, no model.
//!
//! Over the register's months up to and including `to`, per group:
//! - **at risk and exits** by any-benefit seniority: a person-month in month m < `to`
//!   is at risk; it is an exit when the person has no row in m + 1 (the simulator's exit
//!   in m + 1 by the seniority of m);
//! - **stayers and moves** by spell seniority: a person-month with a row in m + 1 stays;
//!   it is a move to h when that row is in another group h;
//! - **entries** per month after the register's first: rows with any-benefit seniority 1
//!   (a new spell on benefit; the simulator's inflow).
//!
//! Seniority counted from the rows starts at the register's first month, so a person on
//! benefit since then has *at least* the counted seniority: such person-months are
//! counted apart (`censored`) for the exit hazard, where only the last band (open
//! upwards) can use them. For a move only "at least `min_spell_months`" matters, which a
//! counted seniority that reaches it proves. With a `seniority_months` column nothing is
//! censored.

use super::Panel;
use crate::{Group, Month};

/// Seniorities above this are counted here (months).
pub const MAX_SENIORITY: u32 = 240;
const LEN: usize = MAX_SENIORITY as usize + 1;

/// The flows of one group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupFlows {
    /// Person-months at risk of an exit, by exact any-benefit seniority (index, capped).
    pub at_risk: Vec<u64>,
    /// Of those, exits.
    pub exits: Vec<u64>,
    /// Person-months at risk whose counted seniority is a lower bound, by it.
    pub at_risk_censored: Vec<u64>,
    /// Of those, exits.
    pub exits_censored: Vec<u64>,
    /// Person-months followed by a month on benefit, by counted spell seniority.
    pub stayers: Vec<u64>,
    /// Of those, moves to each group ([`Group::index`]), by counted spell seniority.
    pub moves: [Vec<u64>; Group::COUNT],
    /// New spells in each month after the register's first (index 0: the second month).
    pub entries: Vec<u64>,
    /// Persons in the group in `to`.
    pub persons: u64,
}

impl GroupFlows {
    fn new(months: usize) -> GroupFlows {
        GroupFlows {
            at_risk: vec![0; LEN],
            exits: vec![0; LEN],
            at_risk_censored: vec![0; LEN],
            exits_censored: vec![0; LEN],
            stayers: vec![0; LEN],
            moves: std::array::from_fn(|_| vec![0; LEN]),
            entries: vec![0; months],
            persons: 0,
        }
    }

    /// (exits, person-months at risk) with any-benefit seniority from `from` below
    /// `below` (`None`: open upwards, where a censored seniority is surely in the band).
    pub fn exits_in(&self, from: u32, below: Option<u32>) -> (u64, u64) {
        let lo = (from.min(MAX_SENIORITY)) as usize;
        let hi = below.map_or(LEN, |b| (b.min(MAX_SENIORITY + 1)) as usize);
        let sum = |v: &[u64]| v[lo..hi.max(lo)].iter().sum::<u64>();
        let (mut exits, mut at_risk) = (sum(&self.exits), sum(&self.at_risk));
        if below.is_none() {
            exits += sum(&self.exits_censored);
            at_risk += sum(&self.at_risk_censored);
        }
        (exits, at_risk)
    }

    /// (moves to `to`, stayers) among person-months with a spell of at least
    /// `min_spell` months.
    pub fn moves_to(&self, to: Group, min_spell: u32) -> (u64, u64) {
        let lo = min_spell.min(MAX_SENIORITY) as usize;
        (
            self.moves[to.index()][lo..].iter().sum(),
            self.stayers[lo..].iter().sum(),
        )
    }
}

/// The flows of a register up to and including `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flows {
    /// The register's first month.
    pub first: Month,
    /// The last month used.
    pub last: Month,
    /// Per group, by [`Group::index`].
    pub groups: [GroupFlows; Group::COUNT],
}

impl Flows {
    /// Months after the first up to the last: the months entries are counted in.
    pub fn entry_months(&self) -> impl Iterator<Item = Month> {
        self.first.plus(1).through(self.last)
    }
}

/// Count the flows of `panel` over its months up to and including `to`; `None` for an
/// empty panel.
pub fn count(panel: &Panel, to: Month) -> Option<Flows> {
    let (first, last) = panel.month_range()?;
    let last = last.min(to);
    let months = usize::try_from(last.since(first)).unwrap_or(0);
    let mut groups: [GroupFlows; Group::COUNT] = std::array::from_fn(|_| GroupFlows::new(months));
    let cap = |s: u32| s.min(MAX_SENIORITY) as usize;
    let censorable = !panel.seniority_given();
    for rows in panel.persons() {
        for (i, row) in rows.iter().enumerate() {
            if row.month > last {
                break;
            }
            let m = &row.membership;
            let f = &mut groups[m.group.index()];
            f.persons += u64::from(row.month == last);
            if row.month > first && m.seniority_any == 1 {
                f.entries[(row.month.since(first) - 1) as usize] += 1;
            }
            if row.month == last {
                continue;
            }
            let next = rows.get(i + 1).filter(|n| n.month == row.month.plus(1));
            // The spell on any benefit reaches back to the first month.
            let censored =
                censorable && i64::from(m.seniority_any) == i64::from(row.month.since(first)) + 1;
            let (at_risk, exits) = if censored {
                (&mut f.at_risk_censored, &mut f.exits_censored)
            } else {
                (&mut f.at_risk, &mut f.exits)
            };
            let s = cap(m.seniority_any);
            at_risk[s] += 1;
            match next {
                None => exits[s] += 1,
                Some(n) => {
                    let spell = cap(m.seniority_spell);
                    f.stayers[spell] += 1;
                    if n.membership.group != m.group {
                        f.moves[n.membership.group.index()][spell] += 1;
                    }
                }
            }
        }
    }
    Some(Flows {
        first,
        last,
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n";

    fn rows(text: &mut String, id: &str, group: &str, from: &str, months: i32) {
        let from: Month = from.parse().unwrap();
        for k in 0..months {
            text.push_str(&format!("{id},{},{group},0,0,0,0,0\n", from.plus(k)));
        }
    }

    /// Exits, moves and entries of a hand-made register, and the left-censored
    /// seniority of persons present since its first month.
    #[test]
    fn exits_moves_and_entries_from_a_known_panel() {
        let mut text = String::from(HEADER);
        // On benefit since the first month, 2024-01 to 2024-06: censored, one exit.
        rows(&mut text, "a", "kontanthjaelp", "2024-01", 6);
        // Arrives 2024-03, stays to the end (2024-12): exact seniority, no exit.
        rows(&mut text, "b", "kontanthjaelp", "2024-03", 10);
        // Arrives 2024-02 in sygedagpenge, moves to jobafklaring after 3 months.
        rows(&mut text, "c", "sygedagpenge", "2024-02", 3);
        rows(&mut text, "c", "jobafklaring", "2024-05", 8);
        let panel = crate::measure::register::parse_register(&text, "t.csv").unwrap();
        let f = count(&panel, "2024-12".parse().unwrap()).unwrap();
        let k = &f.groups[Group::Kontanthjaelp.index()];
        // a: at risk 2024-01..06 (seniority 1..6, censored), exit after 6.
        assert_eq!(k.at_risk_censored[1..=6], [1; 6]);
        assert_eq!(k.exits_censored[6], 1);
        // b: at risk 2024-03..11 (seniority 1..9, exact), no exit.
        assert_eq!(k.at_risk[1..=9], [1; 9]);
        assert_eq!(k.exits.iter().sum::<u64>(), 0);
        // Below 12 months only b's exact months count; from 3 upwards a's too.
        assert_eq!(k.exits_in(0, Some(12)), (0, 9));
        assert_eq!(k.exits_in(3, None), (1, 7 + 4));
        // Entries: b in 2024-03 (index 1), c in 2024-02 (index 0); a is in the first month.
        assert_eq!(k.entries[1], 1);
        assert_eq!(k.entries.iter().sum::<u64>(), 1);
        let s = &f.groups[Group::Sygedagpenge.index()];
        assert_eq!(s.entries[0], 1);
        // c stays 3 times in sygedagpenge (spells 1, 2, 3), the third a move.
        assert_eq!(s.moves_to(Group::Jobafklaring, 0), (1, 3));
        assert_eq!(s.moves_to(Group::Jobafklaring, 3), (1, 1));
        assert_eq!(s.moves_to(Group::Jobafklaring, 4), (0, 0));
        assert_eq!(f.groups[Group::Jobafklaring.index()].persons, 1);
        assert_eq!(k.persons, 1);
    }
}
