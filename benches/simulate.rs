//! The hot loop: one replication of the shipped Copenhagen scenario (about 32,000
//! persons, 24 months of burn-in and the 12 months of 2025), and of a tenth of it, at
//! the CPU level a run chooses; and the shipped scenario at each lower level this CPU
//! can run (the loops a CPU without AVX-512 runs); and the shipped production steering
//! (offers a month by deadline) and `benches/durations-and-targeting.json` (the extra
//! places' 3-month offers with it), to compare with the plain run. Throughput is in
//! person-months.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fokus::io::scenario::load;
use fokus::scenario::load::{from_merged, merged_value};
use fokus::sim::{CpuLevel, Model, Workspace};
use std::hint::black_box;
use std::path::Path;

fn shipped(name: &str) -> fokus::scenario::load::Loaded {
    load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name),
    )
    .expect("the shipped scenario loads")
}

fn copenhagen() -> fokus::scenario::load::Loaded {
    shipped("copenhagen-2025.json")
}

/// The scenario with every group's persons and inflow scaled by `factor`.
fn scaled(factor: f64) -> fokus::scenario::load::Loaded {
    let mut v = merged_value(&copenhagen());
    for (_, g) in v["groups"].as_object_mut().unwrap() {
        if let Some(persons) = g["persons"].as_f64() {
            g["persons"] = ((persons * factor).round() as u64).into();
        }
        if let Some(inflow) = g["inflow_per_month"].as_f64() {
            g["inflow_per_month"] = (inflow * factor).into();
        }
    }
    from_merged(v, "scaled").expect("a scaled scenario is valid")
}

fn replication(c: &mut Criterion) {
    let mut group = c.benchmark_group("replication");
    group.sample_size(20);
    let (full, tenth) = (copenhagen(), scaled(0.1));
    // Targeted production steering: each month from May, every eligible person's
    // deadline and the choice of the nearest, against the plain run per replication.
    let targeted = shipped("production-steering.json");
    let lasting_and_targeted = load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("benches")
            .join("durations-and-targeting.json"),
    )
    .expect("the benchmark scenario loads");
    let detected = Model::new(&full.scenario, &[]).cpu_level();
    let lower = [CpuLevel::V3, CpuLevel::Baseline]
        .into_iter()
        .filter(|&level| level != detected)
        .filter(|&level| {
            Model::new(&full.scenario, &[])
                .with_cpu_level(level)
                .cpu_level()
                == level
        });
    let cases = [
        ("copenhagen".to_string(), &full, detected),
        ("copenhagen-0.1".to_string(), &tenth, detected),
        (
            "copenhagen+targeted-steering".to_string(),
            &targeted,
            detected,
        ),
        (
            "copenhagen+durations+targeting".to_string(),
            &lasting_and_targeted,
            detected,
        ),
    ]
    .into_iter()
    .chain(lower.map(|level| (format!("copenhagen/{level:?}"), &full, level)));
    for (name, loaded, level) in cases {
        let model = Model::new(&loaded.scenario, &[]).with_cpu_level(level);
        let person_months = model.simulate(1, 0).person_months;
        group.throughput(Throughput::Elements(person_months));
        // As a run does: one worker's buffers reused from replication to replication.
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

criterion_group!(benches, replication);
criterion_main!(benches);
