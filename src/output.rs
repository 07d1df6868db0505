//! Writing output files atomically: a failed run leaves nothing half-written.

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` via a temporary file in the same folder and a rename, so the
/// file either appears complete or not at all (an existing file is replaced whole).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> crate::Result<()> {
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .ok_or_else(|| Error::Runtime(format!("{shown}: not a file name")))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(&shown, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("fokus-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        assert!(write_atomic(&dir.join("missing/out.csv"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
