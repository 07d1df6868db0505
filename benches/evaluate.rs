//! Loading and evaluating a 30,000-person × 36-month register (about a million rows),
//! building a projection's start from it (issue 7's target: under 3 s), and the
//! production-steering list (`fokus lister`, under 2 s).

use criterion::{Criterion, criterion_group, criterion_main};
use fokus::measure::evaluate::{Options, evaluate};
use fokus::measure::register::parse_register;
use fokus::{Group, Hours, Method, Month};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::fmt::Write;
use std::hint::black_box;

/// Every one of 30,000 persons in every month 2022-07..2025-06 (1,080,000 rows), with
/// occasional group moves, offers, hours, frikort hours and absence.
fn register_text() -> String {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let from: Month = "2022-07".parse().unwrap();
    let mut out = String::with_capacity(50 << 20);
    out.push_str(
        "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n",
    );
    for p in 0..30_000u32 {
        let mut group = Group::ALL[rng.random_range(0..Group::COUNT)];
        for i in 0..36 {
            if rng.random_bool(0.01) {
                group = Group::ALL[rng.random_range(0..Group::COUNT)];
            }
            let hours = |rng: &mut Xoshiro256PlusPlus| {
                if rng.random_bool(0.08) {
                    Hours(rng.random_range(0..4000))
                } else {
                    Hours::ZERO
                }
            };
            let _ = writeln!(
                out,
                "{p},{},{},{},{},{},{},{}",
                from.plus(i),
                group.code(),
                u8::from(rng.random_bool(0.09)),
                hours(&mut rng),
                hours(&mut rng),
                u8::from(rng.random_bool(0.03)),
                rng.random_range(0..3u8),
            );
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = register_text();
    let methods = [Method::star(), Method::preset("frikort").unwrap()];
    let panel = parse_register(&text, "bench.csv").unwrap();
    eprintln!(
        "panel: {} persons, {} rows, {} bytes",
        panel.person_count(),
        panel.row_count(),
        text.len()
    );
    let mut g = c.benchmark_group("register");
    g.sample_size(10);
    g.bench_function("parse", |b| {
        b.iter(|| parse_register(black_box(&text), "bench.csv").unwrap())
    });
    let as_of: Month = "2025-06".parse().unwrap();
    g.bench_function("parse_and_start", |b| {
        b.iter(|| {
            let panel = parse_register(black_box(&text), "bench.csv").unwrap();
            fokus::analyses::register_start::start_at(&panel, as_of)
        })
    });
    g.bench_function("evaluate_star", |b| {
        b.iter(|| evaluate(black_box(&panel), &methods[..1], Options::default()))
    });
    g.bench_function("evaluate_star_frikort", |b| {
        b.iter(|| evaluate(black_box(&panel), &methods, Options::default()))
    });
    // `fokus lister` (issue 19's target: under 2 s on a million rows, parsing included).
    let list = fokus::measure::steering::ListOptions {
        as_of: "2025-03".parse().unwrap(),
        offers_per_month: Vec::new(),
        min_cell: 5,
    };
    g.bench_function("parse_and_list", |b| {
        b.iter(|| {
            let panel = parse_register(black_box(&text), "bench.csv").unwrap();
            fokus::measure::steering::steering_list(&panel, &methods[0], &list)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
