//! The Monte Carlo microsimulation: one replication is a pure function of
//! (scenario, methods, seed, replication index). See `docs/model.md` for the model.
//!
//! Monthly order of events for every person on benefits:
//! 1. exit (hazard by group and months on benefits) — leavers are gone this month;
//! 2. move to another group (resets the spell seniority unless the rule keeps it);
//! 3. inflow of new recipients (Poisson, seasonal), seniority 1;
//! 4. true absence (with persistence) and whether it is registered;
//! 5. offer (base rate × propensity, production steering, capacity), ordinary hours,
//!    frikort hours (within the yearly cap), conversation — none while absent;
//! 6. scoring of the month under each method, with the shared measure.
//!
//! Where each part lives:
//! - [`Model`] (`model`): the scenario turned into tables, once per run; `plan`: what
//!   each group faces in a month (offer odds, steering, registration, capacity);
//! - `replication`: the month loop of one replication and its [`Workspace`];
//! - `arrivals` (3), `step` (1–2, 4–5), `capacity` (5, where offers are limited),
//!   `steering` (5, targeted production steering's offers, after the pass), `absence`
//!   (5a, unregistered absence among the passive found by the follow-up),
//!   `score` (6);
//! - the persons as columns (`persons`), their hours (`history`), both together
//!   (`population`), and lists of their positions (`compacted`);
//! - the draws' building blocks: hours amounts (`amount`), propensities
//!   (`propensity`), a fast exp and normal quantile (`fastmath`);
//! - [`CpuLevel`] (`cpu`): the vector extensions the loops are compiled for; `wide`:
//!   the month pass a block of persons at a time, written once and vectorised by the
//!   compiler for each level (no intrinsics);
//! - the random streams (`rng`), a run from a register's caseload ([`Start`]) and a
//!   synthetic register ([`synth`]).
//!
//! `unsafe` is denied here except in the level trampolines of `cpu`.

#![deny(unsafe_code)]

mod absence;
mod amount;
mod arrivals;
mod capacity;
mod compacted;
mod cpu;
mod fastmath;
mod history;
mod model;
mod persons;
mod places;
mod plan;
mod population;
mod propensity;
mod replay;
mod replication;
pub mod rng;
mod score;
pub mod start;
mod steering;
mod step;
pub mod synth;
#[cfg(test)]
pub(crate) mod testing;
mod wide;

pub use cpu::CpuLevel;
pub use model::Model;
pub use replay::OfferFree;
pub use replication::{Checkpoint, CostDrivers, ReplicationOutcome, Workspace};
pub use start::Start;
