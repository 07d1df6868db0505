//! The binary's path to the output language, until it uses [`crate::report::text::Lang`],
//! the one formatter, directly.

pub use crate::report::text::Lang;
