//! Rates read directly off a register, for `fokus calibrate --from-register`: what the
//! panel shows without a model, so only the rest (the offer rates) has to be fitted.
//!
//! Per group, over person-months whose next month is also in the register:
//! - exit hazard, by any-benefit seniority below and from 12 months: persons with a row in
//!   month m and none in m + 1, over persons with a row in m;
//! - hours rate: months with ordinary hours over months not registered absent;
//! - hours median: the median of the positive monthly ordinary hours;
//! - conversation rate: months with a conversation over months not registered absent;
//! - persons: the group's caseload in the last month (the scenario's starting size);
//! - inflow per month: persons whose spell (any benefit) starts in the month, averaged
//!   over the months after the register's first.
//!
//! True absence cannot be read off a register (only registered absence is there), and
//! offers are what the calibration fits, so neither is estimated here.

use super::Panel;
use crate::{Group, Month};
use serde::Serialize;
use std::collections::BTreeMap;

/// The rates of one group, each with the number of person-months behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupRates {
    /// Monthly exit probability below 12 months of any-benefit seniority.
    pub exit_under_12: Option<f64>,
    /// Monthly exit probability from 12 months.
    pub exit_from_12: Option<f64>,
    /// Share of (not absent) months with ordinary hours.
    pub hours_rate: Option<f64>,
    /// Median ordinary hours in a month with hours.
    pub hours_median: Option<f64>,
    /// Share of (not absent) months with a conversation.
    pub conversation_rate: Option<f64>,
    /// Mean new spells a month.
    pub inflow_per_month: Option<f64>,
    /// Persons in the group in the last month used (the caseload the scenario starts
    /// from; it sets the group mix of the population).
    pub persons: u64,
    /// Person-months the rates rest on.
    pub person_months: u64,
}

/// Rates below this many person-months are not reported (too noisy, and disclosure).
pub const MIN_PERSON_MONTHS: u64 = 200;

/// Estimate each group's rates from the register's months up to and including `to`.
pub fn estimate(panel: &Panel, to: Month) -> BTreeMap<Group, GroupRates> {
    #[derive(Default)]
    struct Tally {
        exposed: [u64; 2],
        exits: [u64; 2],
        present: u64,
        with_hours: u64,
        with_conversation: u64,
        hours: Vec<u32>,
        entries: u64,
        persons: u64,
    }
    let Some((first, last)) = panel.month_range() else {
        return BTreeMap::new();
    };
    let last = last.min(to);
    let mut tallies: BTreeMap<Group, Tally> = BTreeMap::new();
    for rows in panel.persons() {
        for (i, row) in rows.iter().enumerate() {
            if row.month > last {
                break;
            }
            let t = tallies.entry(row.membership.group).or_default();
            t.persons += u64::from(row.month == last);
            if row.month > first && row.membership.seniority_any == 1 {
                t.entries += 1;
            }
            if row.month < last {
                let band = usize::from(row.membership.seniority_any >= 12);
                t.exposed[band] += 1;
                let next = rows
                    .get(i + 1)
                    .is_some_and(|n| n.month == row.month.plus(1));
                t.exits[band] += u64::from(!next);
            }
            if !row.membership.absence_registered {
                t.present += 1;
                let h = row.activity.ordinary_hours.centi();
                if h > 0 {
                    t.with_hours += 1;
                    t.hours.push(h);
                }
                t.with_conversation += u64::from(row.activity.conversations > 0);
            }
        }
    }
    let months_after_first = u64::try_from(last.since(first)).unwrap_or(0);
    let ratio = |k: u64, n: u64| (n >= MIN_PERSON_MONTHS).then(|| k as f64 / n as f64);
    tallies
        .into_iter()
        .map(|(g, mut t)| {
            t.hours.sort_unstable();
            let median = (t.hours.len() as u64 >= MIN_PERSON_MONTHS / 4)
                .then(|| f64::from(t.hours[t.hours.len() / 2]) / 100.0);
            let rates = GroupRates {
                exit_under_12: ratio(t.exits[0], t.exposed[0]),
                exit_from_12: ratio(t.exits[1], t.exposed[1]),
                hours_rate: ratio(t.with_hours, t.present),
                hours_median: median,
                conversation_rate: ratio(t.with_conversation, t.present),
                inflow_per_month: (months_after_first > 0 && t.present >= MIN_PERSON_MONTHS)
                    .then(|| t.entries as f64 / months_after_first as f64),
                persons: t.persons,
                person_months: t.present,
            };
            (g, rates)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exits_hours_and_inflow_from_a_known_panel() {
        // 300 persons in kontanthjaelp from 2024-01; every third leaves after 2024-06;
        // everyone works 10 hours in even months.
        let mut text = String::from(
            "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n",
        );
        let first: Month = "2024-01".parse().unwrap();
        for p in 0..300 {
            let last = if p % 3 == 0 { 5 } else { 11 };
            for i in 0..=last {
                let hours = if i % 2 == 0 { "10" } else { "0" };
                text.push_str(&format!(
                    "P{p},{},kontanthjaelp,0,{hours},0,0,1\n",
                    first.plus(i)
                ));
            }
        }
        let panel = crate::measure::register::parse_register(&text, "t.csv").unwrap();
        let r = &estimate(&panel, "2024-12".parse().unwrap())[&Group::Kontanthjaelp];
        // Exposed months (not the last month): 100 persons × 6 + 200 × 11 = 2,800; exits 100.
        assert!((r.exit_under_12.unwrap() - 100.0 / 2800.0).abs() < 1e-12);
        assert_eq!(r.exit_from_12, None);
        assert!((r.hours_rate.unwrap() - 0.5).abs() < 0.01);
        assert_eq!(r.hours_median, Some(10.0));
        assert_eq!(r.conversation_rate, Some(1.0));
        // Everyone starts in the first month: no inflow after it.
        assert_eq!(r.inflow_per_month, Some(0.0));
        assert_eq!(r.persons, 200);
    }
}
