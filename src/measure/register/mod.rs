//! The person-month register: a municipality's own case data as a [`Panel`], parsed from
//! the register CSV's text (the file itself is read by [`crate::io::register`]).
//!
//! - [`columns`]: the CSV header — which column is which, by name.
//! - [`parse`]: parsing and validating the rows (every bad row is an [`InputError`]
//!   with file, line and column).
//! - [`seniority`]: seniority per benefit spell and across benefits, counted from the rows.
//! - [`panel`]: the loaded panel — persons as dense indices, rows sorted by month.
//! - [`rates`] and [`flows`]: what the panel shows without a model — rates for
//!   `calibrate --from-register`, and the inflow, exits and moves a run from the register
//!   takes.
//!
//! Person ids are used only while loading, to group the rows; the [`Panel`] keeps none.
//!
//! [`InputError`]: crate::InputError

pub mod columns;
pub mod flows;
pub mod panel;
pub mod parse;
pub mod rates;
pub mod seniority;

pub use panel::{Panel, Row, Snapshot};
pub use parse::{PersonIds, parse_register, parse_register_keeping_ids};
