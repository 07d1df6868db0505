//! Writes a SYNTHETIC person-month register in the format `fokus evaluate` reads.
//!
//! Nobody in it exists. The group mix is Copenhagen-like (DOMAIN.md: caseload sizes of
//! the 2018 employment plan), the offer rates are chosen so the shares land near
//! 60–75 % with the groups spread like Table 4 of the recovery plan, and it has what the
//! evaluator must handle: frikort hours, registered absence, moves between groups
//! (sygedagpenge → jobafklaring, overgangsydelse → kontanthjælp) and gap months.
//!
//! ```sh
//! cargo run --release --example synth_register -- --persons 400 --from 2023-01 --to 2025-06 --seed 1 > examples/register-synthetic.csv
//! ```
//!
//! The same arguments give the same bytes (Xoshiro256PlusPlus seeded from `--seed`).

use clap::Parser;
use fokus::{Group, Hours, Month};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::io::Write;

/// Generate a synthetic register panel.
#[derive(Debug, Parser)]
struct Args {
    /// Number of persons.
    #[arg(long, default_value_t = 400)]
    persons: u32,
    /// First month of the panel.
    #[arg(long, default_value = "2023-01")]
    from: Month,
    /// Last month of the panel.
    #[arg(long, default_value = "2025-06")]
    to: Month,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Group mix, and the monthly chance of an offer in the group (before the person's own
/// propensity).
const GROUPS: [(Group, f64, f64); 9] = [
    (Group::ADagpenge, 0.28, 0.13),
    (Group::Kontanthjaelp, 0.22, 0.07),
    (Group::Uddannelseshjaelp, 0.08, 0.30),
    (Group::Overgangsydelse, 0.04, 0.12),
    (Group::Sygedagpenge, 0.14, 0.09),
    (Group::Jobafklaring, 0.08, 0.11),
    (Group::Revalidering, 0.02, 0.35),
    (Group::Ressourceforloeb, 0.09, 0.055),
    (Group::Ledighedsydelse, 0.05, 0.04),
];

fn main() {
    let args = Args::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Err(e) =
        generate(args.persons, args.from, args.to, args.seed, &mut out).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("synth_register: {e}");
        std::process::exit(1);
    }
}

/// Write the header and `persons` persons' rows for the months `from..=to`.
pub fn generate(
    persons: u32,
    from: Month,
    to: Month,
    seed: u64,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    writeln!(
        out,
        "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations"
    )?;
    let span = to.since(from).max(0);
    for p in 0..persons {
        // Start up to three years before the panel (long-term recipients), or during it.
        let mut month = from.plus(rng.random_range(-36..=span));
        let mut group = pick_group(&mut rng);
        let propensity: f64 = if rng.random_bool(0.25) {
            0.3
        } else {
            rng.random_range(0.7..1.5)
        };
        let frikort_user = matches!(group, Group::Kontanthjaelp | Group::Ressourceforloeb)
            && rng.random_bool(0.15);
        let conversation_rate: f64 = rng.random_range(0.25..0.7);
        while month <= to {
            if month >= from {
                let offer_p = GROUPS[group.index()].2 * propensity * 1.25;
                let offer = rng.random_bool(offer_p.min(1.0));
                let ordinary = if rng.random_bool(0.07 * propensity.min(1.0)) {
                    Hours(rng.random_range(4..=60) * 25)
                } else {
                    Hours::ZERO
                };
                let frikort = if frikort_user && rng.random_bool(0.6) {
                    Hours(rng.random_range(20..=100) * 25)
                } else {
                    Hours::ZERO
                };
                let absence_p = if group == Group::Sygedagpenge {
                    0.08
                } else {
                    0.03
                };
                let absence = rng.random_bool(absence_p);
                let conversations = (0..3)
                    .filter(|_| rng.random_bool(conversation_rate / 3.0 * 2.0))
                    .count();
                writeln!(
                    out,
                    "S{p:05},{month},{},{},{},{},{},{}",
                    group.code(),
                    u8::from(offer),
                    ordinary,
                    frikort,
                    u8::from(absence),
                    conversations
                )?;
            }
            // Leave benefits, skip a month, or move on.
            if rng.random_bool(0.015) {
                break;
            }
            month = month.plus(if rng.random_bool(0.01) { 2 } else { 1 });
            group = match group {
                Group::Sygedagpenge if rng.random_bool(0.03) => Group::Jobafklaring,
                Group::Overgangsydelse if rng.random_bool(0.05) => Group::Kontanthjaelp,
                Group::Kontanthjaelp if rng.random_bool(0.005) => Group::Ressourceforloeb,
                Group::Jobafklaring if rng.random_bool(0.01) => Group::Ressourceforloeb,
                g => g,
            };
        }
    }
    Ok(())
}

fn pick_group(rng: &mut Xoshiro256PlusPlus) -> Group {
    let mut u: f64 = rng.random();
    for (g, share, _) in GROUPS {
        if u < share {
            return g;
        }
        u -= share;
    }
    Group::ADagpenge
}
