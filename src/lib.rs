//! # fokus — will the recovery plan get the job centre over STAR's focus goal?
//!
//! A Monte Carlo microsimulator of long-term benefit recipients, and an exact evaluator
//! of the focus goals on a municipality's own person-month register data.
//!
//! # Layout
//!
//! Data flows through the modules in this order:
//!
//! - [`month`], [`group`], [`hours`]: the vocabulary — calendar months as integers,
//!   benefit groups with their codes and labels, work hours as exact hundredths.
//! - [`method`]: the calculation method as a validated value (presets `star`, `frikort`,
//!   or a JSON file).
//! - [`measure`]: the one definition of population and fulfilment, cells and shares,
//!   the calendar-year figure and the year-end requirement. Pure.
//! - [`register`]: parsing a person-month register CSV into a [`register::Panel`]
//!   (person ids dropped, rows sorted, seniority counted).
//! - [`evaluate`]: the panel under one or several methods → monthly cells, year
//!   figures, differences, with disclosure control. Pure.
//! - [`export`]: results for machines: every result as JSON, an evaluation as CSV.
//! - [`observed`]: observed monthly shares from a CSV, for the requirement.
//! - [`from_register`]: a register as the start of a projection — observed months from
//!   its evaluation, the caseload at the as-of month as a [`sim::Start`]; [`backtest`]
//!   scores such a projection against the months that followed; [`sim::synth`] writes
//!   a synthetic register from a simulation.
//! - [`run`]: the one replication driver (parallel, deterministic, stoppable) that every
//!   analysis simulates through, and its outcomes summarised into a plain-data
//!   [`run::RunResult`].
//! - [`report`]: everything for people — [`report::text`] holds every word and number
//!   format (Danish and English) and the terminal tables; the rest writes a run, a
//!   comparison, a tornado or an evaluation as a folder of SVG charts, CSV, JSON and one
//!   self-contained HTML page (maud). The only module that knows plotters.
//! - [`io`]: the only modules that touch files — reading scenarios (with their `extends`
//!   chains), method files, registers, shards and input text; writing output files and
//!   report folders atomically.
//! - [`json`], [`csv_text`]: decoding JSON input text with the path of a bad field, and
//!   CSV input text (`,` or `;`) with the line of a bad row.
//! - [`error`]: bad input (exit 2) versus runtime failure (exit 1).
//! - [`resources`]: the estimate of a run's memory and time, checked before it starts.
//! - [`interrupt`]: the flag a Ctrl-C raises; replications stop between two.
//!
//! The command line (clap arguments, progress bar, signal handler) is the binary's
//! (`src/main.rs` and `src/cli/`), not the library's.
//!
//! Invariants: no module but [`io`] (and the binary) touches a file; the core (`measure`,
//! `method`, `evaluate`) never touches a clock or a terminal either; no output ever
//! contains a person id; only `report` knows plotters.

pub mod backtest;
pub mod calibrate;
pub mod compare;
pub mod csv_text;
pub mod error;
pub mod evaluate;
pub mod export;
pub mod from_register;
pub mod group;
pub mod hours;
pub mod init;
pub mod interrupt;
pub mod io;
pub mod json;
pub mod measure;
pub mod method;
pub mod month;
pub mod observed;
pub mod register;
pub mod report;
pub mod resources;
pub mod run;
pub mod scenario;
pub mod sensitivity;
pub mod sim;
pub mod stats;

pub use error::{Error, InputError, Result};
pub use group::Group;
pub use hours::Hours;
pub use measure::{Activity, Cell, Measure, Membership, Status, WindowTotals};
pub use method::Method;
pub use month::Month;

/// The version printed in every output's audit trail.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
