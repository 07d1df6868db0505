//! A SYNTHETIC register from a known simulation (`fokus synth`): the model is run once
//! and every simulated person-month from `from` to `to` becomes a register row. Nobody
//! in it exists; ids are `S000001`, … in order of first appearance.
//!
//! The scenario (by default the shipped Copenhagen one) is scaled so that `persons` are
//! on benefit at the start of the burn-in, with the group mix, inflow and capacities
//! scaled alike. The synthetic world is the scenario's status quo held still: no
//! initiatives, no run-up trend of the offer rates and no operations shock, so a
//! projection from this register by the same scenario describes the same process.
//! The burn-in months before `from` give the persons a history but no rows, as a real
//! extract that starts at `from` would; seniority is therefore counted from the rows
//! (there is no `seniority_months` column). Hours are whole hours, so a projection
//! started from the register carries them over exactly.
//!
//! Pure: returns the CSV text; the CLI writes it.

use super::Model;
use crate::Month;
use crate::error::InputError;
use crate::scenario::Scenario;
use std::collections::HashMap;
use std::fmt::Write;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthConfig {
    /// Persons on benefit at the start of the burn-in (scales the scenario).
    pub persons: u32,
    /// First month with rows.
    pub from: Month,
    /// Last month with rows.
    pub to: Month,
    /// Seed of the simulation (replication 0).
    pub seed: u64,
}

/// The most persons `fokus synth` scales a scenario to.
pub const MAX_SYNTH_PERSONS: u32 = 5_000_000;

/// The register CSV (header and rows) of one simulation of `scenario`, scaled and
/// held at its status quo as the module says.
pub fn synth_register(scenario: &Scenario, config: SynthConfig) -> Result<String, InputError> {
    let SynthConfig {
        persons,
        from,
        to,
        seed,
    } = config;
    if persons == 0 || persons > MAX_SYNTH_PERSONS {
        return Err(InputError::new(
            "--persons",
            crate::text!(
                da: "{persons} er uden for det tilladte (forventede 1 til {MAX_SYNTH_PERSONS})",
                en: "{persons} is out of range (expected 1 to {MAX_SYNTH_PERSONS})"
            ),
        ));
    }
    if to < from || to.since(from) >= 240 {
        return Err(InputError::new(
            "--from/--to",
            crate::text!(
                da: "{from} til {to} er ikke et interval på 1 til 240 måneder",
                en: "{from} to {to} is not a range of 1 to 240 months"
            ),
        ));
    }
    let factor = f64::from(persons) / scenario.initial_persons().max(1) as f64;
    let burn_in = scenario.january().since(scenario.first_month());
    let sc = scenario
        .clone()
        .scaled(factor)?
        .held_at_status_quo()
        .with_simulated_months(from.plus(-burn_in), to)?;

    let mut model = Model::new(&sc, &[]);
    // The register has a frikort column, whatever the scenario's method counts.
    model.frikort_history = true;
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut out = String::from(
        "person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations\n",
    );
    model.simulate_observed(
        seed,
        0,
        &mut Default::default(),
        &mut |month, mi, pop, _| {
            if month < from {
                return;
            }
            let slot = pop.history.slot(mi);
            for i in 0..pop.len() {
                let p = pop.persons.get(i);
                let (ordinary, frikort) = pop.history.get(i, slot);
                let next = ids.len() as u32 + 1;
                let id = *ids.entry(p.stream).or_insert(next);
                writeln!(
                    out,
                    "S{id:06},{month},{},{},{},{},{},{}",
                    p.group.code(),
                    p.offer_bits & 1,
                    ordinary,
                    frikort,
                    u8::from(p.absence_registered),
                    p.conversation_bits & 1
                )
                .expect("writing to a String");
            }
        },
    );
    Ok(out)
}
