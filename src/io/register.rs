//! Reading a register file: its bytes (hashed for the audit trail), as UTF-8 text, parsed
//! into a [`Panel`] by [`crate::measure::register::parse_register`]. Person ids are dropped there;
//! the [`RegisterFile`] holds none.

use crate::measure::register::{Panel, PersonIds, parse_register, parse_register_keeping_ids};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A register file as loaded: the panel and the SHA-256 of the file's bytes (hex), for
/// the audit trail of every output.
#[derive(Clone, Debug)]
pub struct RegisterFile {
    /// The panel.
    pub panel: Panel,
    /// SHA-256 of the file as read, lowercase hex.
    pub sha256: String,
}

/// Read and validate a register file. Errors name the file as `path` is written.
pub fn read_register(path: &Path) -> crate::Result<RegisterFile> {
    let origin = path.display().to_string();
    let bytes = super::text::read_bytes(path, super::text::Shape::Register)?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let text = super::text::text_from_bytes(bytes, &origin)?;
    let panel = parse_register(&text, &origin)?;
    Ok(RegisterFile { panel, sha256 })
}

/// [`read_register`], keeping the person ids beside the panel: only for the caseworker
/// list of `fokus lister --with-ids`, the one output that names persons.
pub fn read_register_keeping_ids(path: &Path) -> crate::Result<(RegisterFile, PersonIds)> {
    let origin = path.display().to_string();
    let bytes = super::text::read_bytes(path, super::text::Shape::Register)?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let text = super::text::text_from_bytes(bytes, &origin)?;
    let (panel, ids) = parse_register_keeping_ids(&text, &origin)?;
    Ok((RegisterFile { panel, sha256 }, ids))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
