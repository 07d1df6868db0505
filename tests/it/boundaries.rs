//! Every value validation accepts must run (issue 17): a scenario with each parameter at
//! a boundary of its range (0, 1, a tiny 1e-300, the largest accepted) simulates without
//! a panic and with shares in [0, 1], from the scenario's own population and from a
//! register's caseload (`run --from-register`, `backtest`).

use fokus::analyses::register_start::prepare;
use fokus::measure::register::parse::parse_register;
use fokus::scenario::load::from_json_str;
use fokus::sim::{Model, ReplicationOutcome};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A probability at a boundary, or near one.
fn probability() -> impl Strategy<Value = f64> {
    prop::sample::select(vec![0.0, 1.0, 1e-300, 5e-324, 1.0 - 1e-16, 0.5])
}

/// A value of `0..=max` at a boundary (the largest accepted included).
fn up_to(max: f64) -> impl Strategy<Value = f64> {
    prop::sample::select(vec![0.0, 1e-300, 1.0, max])
}

prop_compose! {
    /// One group's parameters with every value at a boundary. Persons and inflow stay
    /// small (their largest values are the resource guard's matter, not a panic's).
    fn group()(
        persons in prop::sample::select(vec![0u32, 1, 40]),
        inflow in prop::sample::select(vec![0.0, 1e-300, 3.0]),
        exit in (probability(), probability()),
        offer_rate in probability(),
        offer_trend in prop::sample::select(vec![-0.5, 0.0, 1e-300, 0.5]),
        offer_capacity in prop::sample::select(vec![None, Some(0u32), Some(1), Some(u32::MAX)]),
        hours_rate in probability(),
        hours_median in up_to(744.0),
        hours_sigma in up_to(5.0),
        frikort_rate in probability(),
        frikort_hours_median in up_to(744.0),
        absence in (probability(), probability()),
        registration_rate in probability(),
        conversation_rate in probability(),
    ) -> Value {
        json!({
            "persons": persons,
            "inflow_per_month": inflow,
            "exit_hazard": [{"from_months": 0, "rate": exit.0}, {"from_months": 12, "rate": exit.1}],
            "offer_rate": offer_rate,
            "offer_trend": offer_trend,
            "offer_capacity": offer_capacity,
            "hours_rate": hours_rate,
            "hours_median": hours_median,
            "hours_sigma": hours_sigma,
            "frikort_rate": frikort_rate,
            "frikort_hours_median": frikort_hours_median,
            "absence_rate": absence.0,
            "absence_persistence": absence.1,
            "registration_rate": registration_rate,
            "conversation_rate": conversation_rate,
        })
    }
}

prop_compose! {
    /// A scenario of 2025 with two groups (moves between them at a boundary) and every
    /// scenario-wide value and initiative at a boundary.
    fn scenario()(
        kh in group(),
        sd in group(),
        move_rate in probability(),
        shape in prop::sample::select(vec![0.05, 1.0, 1000.0]),
        season in prop::sample::select(vec![0.0, 1e-300, 10.0]),
        shock in (up_to(2.0), probability()),
        cap in up_to(1e7),
        wage in prop::sample::select(vec![1.0, 10_000.0]),
        extra_offer_rate in probability(),
        months_without_offer in prop::sample::select(vec![0u32, 36]),
        followup_rate in probability(),
        offers_per_month in prop::sample::select(vec![0u32, 1, 10_000_000]),
    ) -> Value {
        let mut kh = kh;
        kh["moves"] = json!([{"to": "sygedagpenge", "rate": move_rate, "min_spell_months": 0}]);
        json!({
            "version": 1,
            "year": 2025,
            "burn_in_months": 12,
            "horizon_end": "2025-06",
            "heterogeneity_shape": shape,
            "seasonality": [season, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
            "offer_shock": {"sd": shock.0, "persistence": shock.1},
            "frikort": {"cap_dkk_per_year": cap, "hourly_wage_dkk": wage},
            "groups": {"kontanthjaelp": kh, "sygedagpenge": sd},
            "initiatives": [
                {"kind": "production_steering", "start": "2025-04",
                 "extra_offer_rate": extra_offer_rate, "months_without_offer": months_without_offer},
                {"kind": "absence_followup", "start": "2025-04", "registration_rate": followup_rate},
                {"kind": "extra_capacity", "start": "2025-05", "group": "kontanthjaelp",
                 "offers_per_month": offers_per_month},
            ],
        })
    }
}

/// A register of 2024-01 to 2025-03: persons in both groups, with offers, hours (some
/// huge), frikort hours, absence and conversations in a pattern per person.
fn register() -> String {
    let mut text = String::from(super::HEADER);
    let months: Vec<fokus::Month> = "2024-01"
        .parse::<fokus::Month>()
        .unwrap()
        .through("2025-03".parse().unwrap())
        .collect();
    for p in 0..12u32 {
        let group = if p % 3 == 0 {
            "sygedagpenge"
        } else {
            "kontanthjaelp"
        };
        for (i, m) in (0u32..).zip(&months) {
            let offer = u32::from((i + p) % 4 == 0);
            let hours = match (i * p) % 7 {
                1 => "12.5",
                2 => "744",
                _ => "0",
            };
            let frikort = if p == 5 { "3" } else { "0" };
            let absence = u32::from(p == 7 && i % 2 == 0);
            text.push_str(&format!(
                "p{p},{m},{group},{offer},{hours},{frikort},{absence},{}\n",
                i % 2
            ));
        }
    }
    text
}

/// Every month's shares are proportions of whole persons: in [0, 1] (and finite).
fn assert_shares(out: &ReplicationOutcome) -> Result<(), TestCaseError> {
    prop_assert!(!out.cells.is_empty());
    for method in &out.cells {
        for month in method {
            for cell in month.groups.iter().chain([&month.total()]) {
                prop_assert!(cell.fulfilled <= cell.population);
                if let Some(pct) = cell.share_pct() {
                    prop_assert!(pct.is_finite() && (0.0..=100.0).contains(&pct), "{pct}");
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// From the scenario's own population (`run`).
    #[test]
    fn every_accepted_value_simulates(v in scenario(), seed in any::<u64>()) {
        let loaded = from_json_str(&v.to_string(), "s.json")
            .map_err(|e| TestCaseError::fail(format!("a boundary value is refused: {e}")))?;
        let out = Model::new(&loaded.scenario, &[]).simulate(seed, 0);
        assert_shares(&out)?;
    }

    /// From a register's caseload (`run --from-register`, `backtest`).
    #[test]
    fn every_accepted_value_simulates_from_a_register(v in scenario(), seed in any::<u64>()) {
        let loaded = from_json_str(&v.to_string(), "s.json")
            .map_err(|e| TestCaseError::fail(format!("a boundary value is refused: {e}")))?;
        let panel = parse_register(&register(), "r.csv").unwrap();
        let (scenario, start, _) = prepare(&loaded.scenario, &panel, "2025-03".parse().unwrap(), 0)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let out = Model::new(&scenario, &[]).with_start(&start).simulate(seed, 0);
        assert_shares(&out)?;
    }
}
