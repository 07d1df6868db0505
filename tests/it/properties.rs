//! Invariants over random panels.

use fokus::measure::MonthCells;
use fokus::measure::evaluate::tally;
use fokus::measure::register::parse_register;
use fokus::{Measure, Method};
use proptest::prelude::*;

/// A random register as CSV lines (no header): up to 8 persons over 2022-10..2025-03,
/// each a run of months with gaps, random groups, offers, hours, frikort and absence.
fn register_lines() -> impl Strategy<Value = Vec<String>> {
    let month = 0..30i32;
    let row = (
        0..8u8,
        month,
        0..9usize,
        prop::bool::weighted(0.1),
        prop_oneof![Just(0u32), 0..6000u32],
        prop_oneof![Just(0u32), 0..6000u32],
        prop::bool::weighted(0.1),
        0..3u8,
    );
    prop::collection::vec(row, 1..120).prop_map(|rows| {
        let start: fokus::Month = "2022-10".parse().unwrap();
        let mut seen = std::collections::HashSet::new();
        rows.into_iter()
            .filter(|r| seen.insert((r.0, r.1)))
            .map(|(p, m, g, offer, ord, fri, abs, conv)| {
                format!(
                    "p{p},{},{},{},{},{},{},{conv}",
                    start.plus(m),
                    fokus::Group::ALL[g].code(),
                    u8::from(offer),
                    fokus::Hours(ord),
                    fokus::Hours(fri),
                    u8::from(abs),
                )
            })
            .collect()
    })
}

fn panel(lines: &[String]) -> fokus::measure::register::Panel {
    let text = format!("{}{}\n", super::HEADER, lines.join("\n"));
    parse_register(&text, "p.csv").unwrap()
}

fn short_seniority(m: Method) -> Method {
    // A lower bar so random panels have a population.
    let mut spec = m.to_spec();
    spec.min_seniority_months = Some(3);
    // Other rules than the preset's: not under its name.
    spec.name = Some(fokus::vocab::label::Label::new(format!("{}-short", m.name())).unwrap());
    Method::from_spec(&spec, "test", "").unwrap()
}

proptest! {
    #[test]
    fn counting_frikort_hours_never_lowers_a_share(lines in register_lines()) {
        let p = panel(&lines);
        let star = tally(&p, &short_seniority(Method::star()), Measure::Active);
        let frikort = tally(&p, &short_seniority(Method::preset("frikort").unwrap()), Measure::Active);
        for (a, b) in star.iter().zip(&frikort) {
            for (x, y) in a.groups.iter().zip(&b.groups) {
                prop_assert_eq!(x.population, y.population);
                prop_assert!(y.fulfilled >= x.fulfilled);
            }
        }
    }

    #[test]
    fn counting_frikort_hours_never_lowers_a_persons_status(lines in register_lines()) {
        // Each person alone: the per-person status is the one-person panel's cell.
        let p = panel(&lines);
        let star = short_seniority(Method::star());
        let frikort = short_seniority(Method::preset("frikort").unwrap());
        for rows in p.persons() {
            let one = fokus::measure::register::Panel::from_persons([rows.to_vec()], false);
            let a: Vec<MonthCells> = tally(&one, &star, Measure::Active);
            let b: Vec<MonthCells> = tally(&one, &frikort, Measure::Active);
            for (x, y) in a.iter().zip(&b) {
                prop_assert!(y.total().fulfilled >= x.total().fulfilled);
            }
        }
    }

    #[test]
    fn row_order_does_not_matter(lines in register_lines(), seed in any::<u64>()) {
        let mut shuffled = lines.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let m = short_seniority(Method::star());
        for measure in [Measure::Active, Measure::Conversations] {
            prop_assert_eq!(tally(&panel(&lines), &m, measure), tally(&panel(&shuffled), &m, measure));
        }
    }
}
