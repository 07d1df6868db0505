//! Reading input files: UTF-8 text and JSON with the path of the offending field.

use crate::error::{Error, InputError};
use serde::de::DeserializeOwned;
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

/// Parse a JSON object into `T`; errors name the JSON path and line of the bad field.
pub fn parse_json<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(origin, "is empty (expected a JSON object)"));
    }
    // serde would read a struct from a list too, with a baffling message: say it plainly.
    if !text.trim_start().starts_with('{') {
        return Err(InputError::at(
            origin,
            "line 1",
            "is not a JSON object (expected { \"version\": 1, … }; is this the right file?)",
        ));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = inner.line();
        let message = inner.to_string();
        // serde_json appends " at line L column C"; we say the line ourselves.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .replace("expected f64", "expected a number")
            .replace("expected u32", "expected a whole number from 0")
            .replace("expected i32", "expected a whole number")
            .replace(
                "number out of range",
                "the number is too large (expected a finite number)",
            );
        let message = if inner.is_eof() {
            format!("{message} (the file ends too early: is a closing }} or ] missing?)")
        } else {
            message
        };
        // serde_path_to_error writes `?` for a place it cannot name (e.g. the top level).
        let path = path.trim_end_matches(".?");
        let location = if path == "." || path == "?" || path.is_empty() {
            format!("line {line}")
        } else {
            format!("{path} (line {line})")
        };
        InputError::at(origin, location, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::MethodSpec;

    #[test]
    fn path_of_bad_field() {
        let err =
            parse_json::<MethodSpec>("{\n \"window_months\": \"x\"\n}", "m.json").unwrap_err();
        assert_eq!(err.location.as_deref(), Some("window_months (line 2)"));
        let err = parse_json::<MethodSpec>("{\"nme\": 1}", "m.json").unwrap_err();
        assert!(err.message.contains("unknown field `nme`"), "{err}");
    }

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
