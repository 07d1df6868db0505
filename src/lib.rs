//! # fokus — will the recovery plan get the job centre over STAR's focus goal?
//!
//! A Monte Carlo microsimulator of long-term benefit recipients, and an exact evaluator
//! of the focus goals on a municipality's own person-month register data.
//! `ARCHITECTURE.md` has the code map and the invariants; the folders, lowest layer
//! first:
//!
//! - [`vocab`]: months, benefit groups, hours.
//! - [`measure`]: the one definition of the measure, the calculation [`Method`], the
//!   register panel as pure data, and its evaluation.
//! - [`decode`]: JSON and CSV input text decoded, with the path or line of a bad field.
//! - [`scenario`]: the scenario file and its validated [`scenario::Scenario`].
//! - [`sim`]: one replication, a pure function of scenario, methods, seed and index.
//! - [`run`]: the one replication driver and a run's cells and summaries.
//! - [`analyses`]: compare, sensitivity, calibrate, backtest, register start, init.
//! - [`report`]: everything for people (words, numbers, tables, charts, pages) and the
//!   exports for machines.
//! - [`io`]: the edge — the only module that reads or writes a file.
//!
//! The command line is the binary's (`src/main.rs`, `src/cli/`), behind the default
//! `cli` feature: the library builds without clap, indicatif and ctrlc.

pub mod analyses;
pub mod decode;
pub mod error;
pub mod io;
pub mod measure;
pub mod report;
pub mod run;
pub mod scenario;
pub mod sim;
pub mod stats;
pub mod vocab;

pub use error::{Error, InputError, Result};
pub use measure::method::Method;
pub use measure::{Activity, Cell, Measure, Membership, Status, WindowTotals};
pub use vocab::group::Group;
pub use vocab::hours::Hours;
pub use vocab::month::Month;

/// The version printed in every output's audit trail.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
