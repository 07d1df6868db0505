//! Writing output files atomically: a temporary file in the same folder, renamed into
//! place, so a failed or interrupted run leaves nothing half-written.

use crate::error::{Error, InputError};
use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> crate::Result<()> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(InputError::new(&shown, "is a folder (expected a file name)").into());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".fokus-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(&shown, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(&shown, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(&shown, e))?;
    tmp.persist(path).map_err(|e| Error::io(&shown, e.error))?;
    Ok(())
}
