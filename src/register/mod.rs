//! The person-month register: reading a municipality's own case data into a [`Panel`].
//!
//! - [`columns`]: the CSV header — which column is which, by name.
//! - [`read`]: parsing and validating the rows (every bad row is an [`InputError`]
//!   with file, line and column).
//! - [`seniority`]: seniority per benefit spell and across benefits, counted from the rows.
//! - [`panel`]: the loaded panel — persons as dense indices, rows sorted by month.
//!
//! Person ids are used only while loading, to group the rows; the [`Panel`] keeps none.
//!
//! [`InputError`]: crate::InputError

pub mod columns;
pub mod panel;
pub mod rates;
pub mod read;
pub mod seniority;

pub use panel::{Panel, Row, Snapshot};
pub use read::{RegisterFile, parse_register, read_register};
