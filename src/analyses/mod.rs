//! The analyses built on runs and the register: each returns plain data, which
//! [`crate::report`] renders for people.
//!
//! - [`compare`]: alternatives against a base, paired on common random numbers.
//! - [`sensitivity`]: one-at-a-time swings (the tornado) and goal seek.
//! - [`curve`]: P(goal) as a curve over an uncertain initiative parameter, with the
//!   breakpoint where it crosses 50 %.
//! - [`calibrate`]: fitting the groups' offer rates to observed months.
//! - [`backtest`]: a projection from an earlier month of a register, scored against what
//!   followed.
//! - [`register_start`]: a run that starts from a register's caseload at an as-of month.
//! - [`init`]: a starting scenario for another municipality.

pub mod backtest;
pub mod calibrate;
pub mod compare;
pub mod curve;
pub mod init;
pub mod register_start;
pub mod sensitivity;
