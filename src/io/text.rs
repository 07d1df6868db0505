//! Reading an input file: whole, within a size limit, as UTF-8 text (BOM stripped),
//! with errors that name the file (and the line of a bad byte). Every input fokus reads
//! (scenario, method, register, observed shares, group sizes, shard) comes through here.

use crate::error::{Error, InputError};
use std::path::Path;

/// The largest input file fokus reads (1 GiB): beyond that it is not a scenario or a register.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Read a whole text file: rejects non-UTF-8 and oversized files, strips a BOM.
pub fn read_text(path: &Path) -> crate::Result<String> {
    let bytes = read_bytes(path)?;
    text_from_bytes(bytes, &path.display().to_string())
}

/// Read a whole input file as bytes: rejects folders and files over [`MAX_INPUT_BYTES`].
pub fn read_bytes(path: &Path) -> crate::Result<Vec<u8>> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::input(&shown, &e))?;
    if meta.is_dir() {
        return Err(InputError::new(shown, "is a folder (expected a file)").into());
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(InputError::new(
            shown,
            format!(
                "is {} bytes; fokus reads input files up to 1 GiB",
                meta.len()
            ),
        )
        .into());
    }
    std::fs::read(path).map_err(|e| Error::input(&shown, &e))
}

/// Bytes to text: UTF-8 required (with the line of the first bad byte), BOM stripped.
pub fn text_from_bytes(bytes: Vec<u8>, origin: &str) -> crate::Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(InputError::at(
                origin,
                format!("line {line}"),
                "is not UTF-8 text (save the file as UTF-8; Excel: \"CSV UTF-8\")",
            )
            .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_bad_utf8() {
        assert_eq!(
            text_from_bytes(b"\xef\xbb\xbfab".to_vec(), "f").unwrap(),
            "ab"
        );
        let err = text_from_bytes(b"a\nb\xff".to_vec(), "f").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
