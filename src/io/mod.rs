//! The input/output edge of the library: the only library modules that open, read or
//! write a file, called only by the binary. Everything else takes text or values and
//! returns values (`tests/it/architecture.rs` holds every other library source to that).
//!
//! - [`text`]: an input file read whole, within a size limit, as UTF-8 text.
//! - [`scenario`]: a scenario file and its whole `extends` chain, merged and validated.
//! - [`method`]: `--method NAME|FILE`, a preset or a method file.
//! - [`register`]: a register CSV, hashed and parsed into a panel.
//! - [`shard`]: the shard files of `fokus merge`.
//! - [`output`]: output files and report folders, written atomically.
//!
//! Parsing stays pure beside the types it builds ([`crate::decode::json`],
//! [`crate::measure::register::parse_register`], [`crate::scenario::observed`], [`crate::analyses::init`],
//! [`crate::run::shard::parse_shard`]), so it is tested and fuzzed without files.

pub mod method;
pub mod output;
pub mod register;
pub mod scenario;
pub mod shard;
pub mod text;
