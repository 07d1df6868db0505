//! Decoding input text that has already been read (by [`crate::io`] or a test): JSON
//! with the path of a bad field, CSV with the line of a bad row. Pure.

pub mod csv;
pub mod json;
pub mod lines;
