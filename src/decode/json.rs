//! Decoding JSON input text into typed values; an error names the JSON path and line of
//! the offending field. Pure: the text comes from [`crate::io::text`] (or from memory).
//!
//! Every JSON text fokus reads goes through [`scan`] before its typed parse: a key that
//! appears twice in one object, at any depth, is refused with its JSON path and the
//! lines of both occurrences (serde would keep the later one silently in a map, and
//! name no line for a struct). The same pass records the line of every value
//! ([`Lines`]), so a rule broken by a value that type-checked can still name its line.

use crate::error::InputError;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// serde_json's nesting limit: deeper text is refused by the typed parse.
const MAX_DEPTH: usize = 128;

/// The line of every value of a JSON text, by JSON path (`groups.kontanthjaelp.offer_rate`,
/// `initiatives[0].start`; the paths serde_path_to_error writes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    by_path: HashMap<String, u32>,
}

impl Lines {
    /// The line (from 1) where the value at `path` starts, if the text has it.
    pub fn of(&self, path: &str) -> Option<u32> {
        self.by_path.get(path).copied()
    }

    /// `err` (whose location is a bare JSON path of this text) with the line of that
    /// path, when the text has it.
    pub fn place(&self, err: InputError) -> InputError {
        match err
            .location
            .as_deref()
            .and_then(|path| Some((path, self.of(path)?)))
        {
            Some((path, line)) => {
                InputError::at(err.origin, format!("{path} (line {line})"), err.message)
            }
            None => err,
        }
    }

    /// Whether the text has a value at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }
}

/// A key given twice in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The JSON path of the key's value.
    pub path: String,
    /// The line of the first occurrence and of the second.
    pub first_line: u32,
    pub second_line: u32,
}

impl DuplicateKey {
    /// The error for a duplicate key in `origin`.
    pub fn into_error(self, origin: &str) -> InputError {
        InputError::at(
            origin,
            format!("{} (line {})", self.path, self.second_line),
            {
                let first = self.first_line;
                crate::text!(
                    da: "står to gange i ét objekt (først på linje {first}): den anden ville i stilhed erstatte den første; behold én",
                    en: "is given twice in one object (first on line {first}): the second would silently replace the first; keep one"
                )
            },
        )
    }
}

/// What [`scan`] found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanError {
    /// A key twice in one object.
    Duplicate(DuplicateKey),
    /// Not JSON (or nested deeper than serde_json reads): the typed parse says where
    /// and why.
    Syntax,
}

/// Check that no object of `text` has a key twice, recording the line of every value
/// when `record_lines` (a large data file, such as a shard, need not).
///
/// Readers that do not go through [`parse_json`] (which calls it) call this first and
/// turn a [`ScanError::Duplicate`] into their error with [`DuplicateKey::into_error`];
/// on [`ScanError::Syntax`] their own parse reports the syntax error.
pub fn scan(text: &str, record_lines: bool) -> Result<Lines, ScanError> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        record_lines,
        lines: Lines::default(),
    };
    let mut path = String::new();
    s.whitespace();
    s.value(&mut path, 0)?;
    s.whitespace();
    if s.pos != s.bytes.len() {
        return Err(ScanError::Syntax);
    }
    Ok(s.lines)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    record_lines: bool,
    lines: Lines,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn whitespace(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), ScanError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(ScanError::Syntax)
        }
    }

    /// The value at the current position (whitespace skipped), at `path`.
    fn value(&mut self, path: &mut String, depth: usize) -> Result<(), ScanError> {
        if self.record_lines {
            self.lines.by_path.insert(path.clone(), self.line);
        }
        match self.peek().ok_or(ScanError::Syntax)? {
            b'{' => self.object(path, depth + 1),
            b'[' => self.array(path, depth + 1),
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(ScanError::Syntax),
        }
    }

    /// Opens an object or array (`open`, `close`), refusing one nested too deep; true when
    /// it is empty (and so already closed).
    fn open(&mut self, open: u8, close: u8, depth: usize) -> Result<bool, ScanError> {
        if depth > MAX_DEPTH {
            return Err(ScanError::Syntax);
        }
        self.expect(open)?;
        self.whitespace();
        let empty = self.peek() == Some(close);
        if empty {
            self.pos += 1;
        }
        Ok(empty)
    }

    /// After an item of an object or array: a `,` before the next item (false), or its
    /// `close` (true).
    fn next_or_close(&mut self, close: u8) -> Result<bool, ScanError> {
        self.whitespace();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.whitespace();
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(ScanError::Syntax),
        }
    }

    fn object(&mut self, path: &mut String, depth: usize) -> Result<(), ScanError> {
        if self.open(b'{', b'}', depth)? {
            return Ok(());
        }
        let mut seen: HashMap<String, u32> = HashMap::new();
        loop {
            let line = self.line;
            let key = self.string()?;
            let parent = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            if let Some(&first_line) = seen.get(&key) {
                return Err(ScanError::Duplicate(DuplicateKey {
                    path: path.clone(),
                    first_line,
                    second_line: line,
                }));
            }
            seen.insert(key, line);
            self.whitespace();
            self.expect(b':')?;
            self.whitespace();
            self.value(path, depth)?;
            path.truncate(parent);
            if self.next_or_close(b'}')? {
                return Ok(());
            }
        }
    }

    fn array(&mut self, path: &mut String, depth: usize) -> Result<(), ScanError> {
        if self.open(b'[', b']', depth)? {
            return Ok(());
        }
        for index in 0.. {
            let parent = path.len();
            path.push_str(&format!("[{index}]"));
            self.value(path, depth)?;
            path.truncate(parent);
            if self.next_or_close(b']')? {
                return Ok(());
            }
        }
        unreachable!("the loop returns")
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), ScanError> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(ScanError::Syntax)
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - from
    }

    /// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    fn number(&mut self) -> Result<(), ScanError> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(ScanError::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(ScanError::Syntax);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(ScanError::Syntax);
            }
        }
        Ok(())
    }

    /// A string, its escapes decoded (so `"a"` and `"\u0061"` are the same key).
    fn string(&mut self) -> Result<String, ScanError> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            let from = self.pos;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.pos += 1;
            }
            // The text is a &str and the run stops only at ASCII bytes: whole characters.
            out.push_str(
                std::str::from_utf8(&self.bytes[from..self.pos]).map_err(|_| ScanError::Syntax)?,
            );
            match self.peek().ok_or(ScanError::Syntax)? {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or(ScanError::Syntax)?;
                    self.pos += 1;
                    out.push(match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(ScanError::Syntax),
                    });
                }
                // A raw control character: not JSON.
                _ => return Err(ScanError::Syntax),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ScanError> {
        let hex = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or(ScanError::Syntax)?;
        let hex = std::str::from_utf8(hex).map_err(|_| ScanError::Syntax)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ScanError::Syntax);
        }
        self.pos += 4;
        u32::from_str_radix(hex, 16).map_err(|_| ScanError::Syntax)
    }

    /// The character of `\uXXXX` (the `\u` read), a surrogate pair joined; a lone
    /// surrogate becomes U+FFFD, as serde_json reads it.
    fn unicode_escape(&mut self) -> Result<char, ScanError> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return Ok(char::from_u32(first).unwrap_or('\u{FFFD}'));
        }
        if self.bytes[self.pos..].starts_with(b"\\u") {
            let back = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.pos = back;
        }
        Ok('\u{FFFD}')
    }
}

/// Parse a JSON object into `T`; errors name the JSON path and line of the bad field, or
/// of a key given twice.
pub fn parse_json<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, InputError> {
    parse(text, origin, false).map(|(value, _)| value)
}

/// [`parse_json`], with the line of every value of the text.
pub fn parse_json_with_lines<T: DeserializeOwned>(
    text: &str,
    origin: &str,
) -> Result<(T, Lines), InputError> {
    parse(text, origin, true)
}

fn parse<T: DeserializeOwned>(
    text: &str,
    origin: &str,
    record_lines: bool,
) -> Result<(T, Lines), InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(
            origin,
            crate::text!(
                da: "er tom (forventede et JSON-objekt)",
                en: "is empty (expected a JSON object)"
            ),
        ));
    }
    // serde would read a struct from a list too, with a baffling message: say it plainly.
    if !text.trim_start().starts_with('{') {
        return Err(InputError::at(
            origin,
            "line 1",
            crate::text!(
                da: "er ikke et JSON-objekt (forventede {{ \"version\": 1, … }}; er det den rigtige fil?)",
                en: "is not a JSON object (expected {{ \"version\": 1, … }}; is this the right file?)"
            ),
        ));
    }
    let lines = match scan(text, record_lines) {
        Ok(lines) => Some(lines),
        Err(ScanError::Duplicate(d)) => return Err(d.into_error(origin)),
        // The typed parse below names the syntax error and its place.
        Err(ScanError::Syntax) => None,
    };
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(de).map_err(|e| {
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
        InputError::at(
            origin,
            location,
            crate::error::Message::from_serde(&message),
        )
    })?;
    debug_assert!(
        lines.is_some(),
        "the scan accepts all JSON serde_json accepts"
    );
    Ok((value, lines.unwrap_or_default()))
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
        assert!(err.message.en().contains("unknown field `nme`"), "{err}");
    }

    #[test]
    fn a_key_twice_is_refused_at_any_depth_with_both_lines() {
        let text = "{\n \"a\": {\"b\": [1, {\"c\": 1,\n \"\\u0063\": 2}]},\n \"d\": 1\n}";
        assert_eq!(
            scan(text, false),
            Err(ScanError::Duplicate(DuplicateKey {
                path: "a.b[1].c".into(),
                first_line: 2,
                second_line: 3,
            }))
        );
        let err = parse_json::<serde_json::Value>(text, "m.json").unwrap_err();
        assert_eq!(err.location.as_deref(), Some("a.b[1].c (line 3)"));
        assert!(err.message.en().contains("first on line 2"), "{err}");
        // The same key in two objects is no duplicate.
        assert!(
            scan(
                r#"{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]}"#,
                false
            )
            .is_ok()
        );
    }

    #[test]
    fn lines_of_every_value() {
        let text =
            "{\n \"a\": {\n  \"b\": [\n   1,\n   {\"c\": true}\n  ]\n },\n \"s\": \"x\\\"y\"\n}";
        let lines = scan(text, true).unwrap();
        for (path, line) in [
            ("", 1),
            ("a", 2),
            ("a.b", 3),
            ("a.b[0]", 4),
            ("a.b[1].c", 5),
            ("s", 8),
        ] {
            assert_eq!(lines.of(path), Some(line), "{path}");
        }
        assert!(!lines.has("a.x"));
    }

    #[test]
    fn the_scan_refuses_what_is_not_json() {
        for text in [
            "{",
            "{\"a\": 01}",
            "{\"a\": 1,}",
            "[1 2]",
            "{\"a\": \"\t\"}",
            "{} x",
            "-",
            "1.",
            "1e",
            "\"\\x\"",
        ] {
            assert_eq!(scan(text, false), Err(ScanError::Syntax), "{text}");
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(text).is_err(),
                "{text}"
            );
        }
    }
}
