//! The fuzz targets' entry points (see `fuzz/`) under proptest in the normal suite:
//! arbitrary bytes and JSON-ish text never panic a parser, a valid scenario with one
//! value replaced by anything either is refused or simulates without a panic, and a real
//! shard with one value replaced (and its checksum recomputed) is refused or merges.

use fokus::decode::json::{ScanError, parse_json, scan};
use fokus::io::text::text_from_bytes;
use fokus::measure::method::{Method, MethodSpec};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Every text entry point, as the fuzz targets call them.
fn parse_everything(bytes: &[u8]) {
    let Ok(text) = text_from_bytes(bytes.to_vec(), "f") else {
        return;
    };
    let _ = fokus::measure::register::parse_register(&text, "f");
    let _ = fokus::scenario::observed::parse_observed(&text, "f");
    let _ = fokus::scenario::observed::parse_observed_csv(&text, "f");
    let _ = fokus::analyses::init::parse_group_sizes(&text, "f");
    let _ = fokus::scenario::load::from_json_str(&text, "f");
    let _ = scan(&text, true);
    if let Ok(spec) = parse_json::<MethodSpec>(&text, "f") {
        let _ = Method::from_spec(&spec, "f", "");
    }
    if let Ok(shard) = fokus::run::shard::parse_shard(&text, "f") {
        let _ = fokus::run::shard::merge(&[shard]);
    }
    let args: Vec<String> = text.split('\0').map(str::to_string).collect();
    if let Ok(values) = fokus::vocab::percent::parse_percent_list(&args, "--observed") {
        assert!(values.len() <= 12 && values.iter().all(|v| (0.0..=100.0).contains(v)));
    }
}

/// A real shard file (0/2 of 3 replications of the small scenario) as JSON.
fn shard() -> Value {
    let loaded =
        fokus::scenario::load::from_json_str(&super::scenarios::small().to_string(), "s.json")
            .unwrap();
    let model = fokus::sim::Model::new(&loaded.scenario, &[]);
    let spec = fokus::run::shard::ShardSpec { index: 0, count: 2 };
    let outcomes: Vec<_> = spec.range(3).map(|r| model.simulate(1, r)).collect();
    let file = fokus::run::shard::shard_file(&loaded, "s.json", 1, 3, spec, 0, &outcomes, 1, 0.5);
    serde_json::to_value(file).unwrap()
}

/// `v` with its scenario hash and checksum recomputed, as a buggy or hostile writer
/// would: what the checks behind the checksum see. `None` when it is no shard file.
fn resealed(v: &Value) -> Option<String> {
    use sha2::Digest;
    let mut file: fokus::run::shard::ShardFile = serde_json::from_value(v.clone()).ok()?;
    file.scenario_sha256 = sha2::Sha256::digest(file.scenario_json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    file.checksum = fokus::run::shard::checksum(&file);
    serde_json::to_string(&file).ok()
}

/// Any JSON value, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![Just(0.0), Just(1.0), Just(-1.0), Just(1e308), Just(5e-324)]
            .prop_map(Value::from),
        "[a-z0-9_-]{0,12}".prop_map(Value::from),
        Just(Value::from("2025-13")),
        Just(Value::from("2025-06")),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The paths of all leaves of `v`.
fn leaves(v: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            let mut p = path.clone();
            p.push(k.clone());
            leaves(x, p, out);
        }),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
            let mut p = path.clone();
            p.push(i.to_string());
            leaves(x, p, out);
        }),
        _ => out.push(path),
    }
}

fn set(v: &mut Value, path: &[String], new: Value) {
    let mut here = v;
    for p in path {
        here = match here {
            Value::Array(a) => &mut a[p.parse::<usize>().unwrap()],
            other => &mut other[p.as_str()],
        };
    }
    *here = new;
}

/// A valid scenario with an initiative of each kind, an observed month and a
/// sensitivity range: many leaves to change.
fn rich() -> Value {
    let mut v = super::scenarios::small();
    v["groups"]["kontanthjaelp"]["persons"] = json!(40);
    v["horizon_end"] = json!("2025-06");
    v["observed"] = json!({"share": "active", "months": {"2025-01": {"total": 60, "groups": {"kontanthjaelp": 60}}}});
    v["initiatives"] = json!([
        {"kind": "production_steering", "start": "2025-02", "extra_offer_rate": 0.2, "months_without_offer": 3},
        {"kind": "absence_followup", "start": "2025-03", "end": "2025-05", "registration_rate": 0.9},
    ]);
    v["seasonality"] = json!([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5]);
    v["offer_shock"] = json!({"sd": 0.1, "persistence": 0.5});
    v
}

/// The duplicate-key scan reads every text serde_json reads: a text it could not read
/// would go to the typed parse unchecked.
fn scan_reads_what_serde_json_reads(text: &str) -> Result<(), TestCaseError> {
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        prop_assert!(
            !matches!(scan(text, true), Err(ScanError::Syntax)),
            "{text}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// One value of a real shard replaced by anything, as written and resealed: refused
    /// with a message, or a shard that merges without a panic.
    #[test]
    fn a_changed_shard_is_refused_or_merges(pick in any::<prop::sample::Index>(), new in any_json()) {
        let mut v = shard();
        let mut paths = Vec::new();
        leaves(&v, Vec::new(), &mut paths);
        let path = &paths[pick.index(paths.len())];
        set(&mut v, path, new);
        parse_everything(v.to_string().as_bytes());
        if let Some(text) = resealed(&v) {
            parse_everything(text.as_bytes());
        }
    }

    #[test]
    fn the_key_scan_reads_json_ish_text_as_serde_json_does(text in r#"[{}\[\]":,0-9a-z_. e+\\\n-]{0,200}"#) {
        scan_reads_what_serde_json_reads(&text)?;
    }

    /// Any JSON value scans, compact and pretty, and every value has its line.
    #[test]
    fn any_json_scans_with_a_line_for_every_value(v in any_json()) {
        for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
            scan_reads_what_serde_json_reads(&text)?;
            let lines = scan(&text, true).unwrap();
            let mut paths = Vec::new();
            leaves(&v, Vec::new(), &mut paths);
            for path in paths {
                // Keys are never digits here: a digit segment is a list index.
                let shown = path.iter().fold(String::new(), |acc, p| match p.parse::<usize>() {
                    Ok(i) => format!("{acc}[{i}]"),
                    Err(_) if acc.is_empty() => p.clone(),
                    Err(_) => format!("{acc}.{p}"),
                });
                prop_assert!(lines.has(&shown), "{shown} in {text}");
            }
        }
    }

    /// A key repeated in any object, at any depth, is found with both lines.
    #[test]
    fn a_repeated_key_is_found_at_any_depth(v in any_json(), depth in 0usize..4, pretty in any::<bool>()) {
        let mut doubled = format!("{{\"k\": {v},\n\"k\": 1}}");
        let mut path = String::from("k");
        for level in 0..depth {
            doubled = format!("{{\"l{level}\": [{doubled}]}}");
            path = format!("l{level}[0].{path}");
        }
        let text = if pretty {
            doubled.replace(",\n", ",\n\n")
        } else {
            doubled
        };
        match scan(&text, false) {
            Err(ScanError::Duplicate(d)) => prop_assert_eq!(d.path, path),
            other => prop_assert!(false, "{:?}", other),
        }
        prop_assert!(parse_json::<Value>(&text, "f").is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        parse_everything(&bytes);
    }

    #[test]
    fn csv_ish_text_never_panics(text in "[a-z0-9_,;.\"\n\r\t -]{0,300}") {
        let header = "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n";
        parse_everything(format!("{header}{text}").as_bytes());
        parse_everything(format!("month,group,share_pct\n{text}").as_bytes());
        parse_everything(format!("group;persons\r\n{text}").as_bytes());
        parse_everything(text.as_bytes());
    }

    /// Rows of ids, names and plausible values in any column, with any separator and line
    /// ending, with or without a header: every message of every CSV reader is free of
    /// the ids and the name.
    #[test]
    fn no_csv_message_holds_an_id(
        header in prop::bool::ANY,
        separator in prop::sample::select(vec![",", ";", "\t"]),
        ending in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        rows in prop::collection::vec(
            prop::collection::vec(
                prop::sample::select(vec![
                    "070150-1006", "0701501006", "Jens Hansen", "\"Hansen\"", "2025-01",
                    "kontanthjaelp", "0", "1", "12,5", "12.5", "", "total", "66.2",
                ]),
                1..10,
            ),
            1..4,
        ),
    ) {
        let mut text = String::new();
        if header {
            text.push_str(&"person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations".replace(',', separator));
            text.push_str(ending);
        }
        for row in rows {
            text.push_str(&row.join(separator));
            text.push_str(ending);
        }
        let messages = [
            fokus::measure::register::parse_register(&text, "f").err(),
            fokus::scenario::observed::parse_observed(&text, "f").err(),
            fokus::scenario::observed::parse_observed_csv(&text, "f").err(),
            fokus::analyses::init::parse_group_sizes(&text, "f").err(),
        ];
        for message in messages.into_iter().flatten().map(|e| e.to_string()) {
            for id in ["070150", "0701501006", "1006", "Jens", "Hansen"] {
                prop_assert!(!message.contains(id), "{message}\n{text:?}");
            }
        }
    }

    #[test]
    fn json_ish_text_never_panics(text in r#"[{}\[\]":,0-9a-z_. e+-]{0,300}"#) {
        parse_everything(text.as_bytes());
    }

    /// One value of a valid scenario replaced by anything: refused with a message, or
    /// a scenario that simulates a replication without a panic.
    #[test]
    fn a_changed_scenario_is_refused_or_simulates(pick in any::<prop::sample::Index>(), new in any_json()) {
        let mut v = rich();
        let mut paths = Vec::new();
        leaves(&v, Vec::new(), &mut paths);
        let path = &paths[pick.index(paths.len())];
        set(&mut v, path, new);
        parse_everything(v.to_string().as_bytes());
        if let Ok(loaded) = fokus::scenario::load::from_json_str(&v.to_string(), "s.json") {
            let sc = &loaded.scenario;
            let inflow: f64 = sc.groups().iter().map(|g| g.inflow_per_month).sum();
            if sc.initial_persons() <= 2_000 && inflow <= 100.0 {
                let out = fokus::sim::Model::new(sc, &[]).simulate(1, 0);
                prop_assert!(!out.cells.is_empty());
            }
        }
    }
}
