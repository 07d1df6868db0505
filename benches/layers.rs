//! What the layers of uncertainty cost per replication: the shipped recovery plan (two
//! initiatives whose strengths are distributions, the operations' shock) with a
//! calibration covariance for every group, simulated with every layer on and with every
//! layer off. The layers act on parameters drawn once per replication, so the month
//! loop is the same; the difference is the draws and nothing else.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fokus::io::scenario::load;
use fokus::run::Layers;
use fokus::scenario::load::{from_merged, merged_value};
use fokus::sim::{Model, Workspace};
use std::hint::black_box;
use std::path::Path;

/// The recovery plan with a covariance of (logit offer rate, trend) for every group.
fn layered() -> fokus::scenario::load::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/recovery-plan.json");
    let mut v = merged_value(&load(&path).expect("the shipped scenario loads"));
    let groups: serde_json::Map<String, serde_json::Value> = v["groups"]
        .as_object()
        .unwrap()
        .keys()
        .map(|g| {
            let cov = serde_json::json!({"covariance": [[0.01, 0.0002], [0.0002, 0.0001]]});
            (g.clone(), cov)
        })
        .collect();
    v["calibration_uncertainty"] = serde_json::json!({"method": "bench", "groups": groups});
    from_merged(v, "layered").expect("a valid scenario")
}

fn layers(c: &mut Criterion) {
    let mut group = c.benchmark_group("layers");
    group.sample_size(20);
    let loaded = layered();
    assert_eq!(loaded.scenario.layers_present(), Layers::ALL);
    for (name, on) in [("all-on", Layers::ALL), ("all-off", Layers::NONE)] {
        let model = Model::new(&loaded.scenario, &[]).with_layers(on);
        group.throughput(Throughput::Elements(model.simulate(1, 0).person_months));
        let mut work = Workspace::default();
        let mut rep = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                rep += 1;
                black_box(model.simulate_in(black_box(20_250_429), rep, &mut work))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, layers);
criterion_main!(benches);
