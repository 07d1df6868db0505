//! Decoding JSON input text into typed values; an error names the JSON path and line of
//! the offending field. Pure: the text comes from [`crate::io::text`] (or from memory).

use crate::error::InputError;
use serde::de::DeserializeOwned;

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

    /// A strict file format, as the scenario and method files are.
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct MethodSpec {
        #[allow(dead_code)]
        window_months: Option<u32>,
    }

    #[test]
    fn path_of_bad_field() {
        let err =
            parse_json::<MethodSpec>("{\n \"window_months\": \"x\"\n}", "m.json").unwrap_err();
        assert_eq!(err.location.as_deref(), Some("window_months (line 2)"));
        let err = parse_json::<MethodSpec>("{\"nme\": 1}", "m.json").unwrap_err();
        assert!(err.message.contains("unknown field `nme`"), "{err}");
    }
}
