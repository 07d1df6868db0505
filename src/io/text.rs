//! Reading an input file: whole, within limits on what is *read* (not on what `stat`
//! says, which a device, a pipe or `/dev/stdin` does not know), as UTF-8 text (BOM
//! stripped), with errors that name the file and the line of a bad byte or an overlong
//! line. Every input fokus reads (scenario, method, register, observed shares, group sizes,
//! shard) comes through here.
//!
//! The bytes are checked as they arrive, so `/dev/zero` (a NUL byte), `/dev/urandom` (not
//! UTF-8) or a table of one endless line is refused after its first chunk, and nothing is
//! read past the size limit.

use crate::decode::lines::{LineCounter, LongLine, MAX_LINE_BYTES};
use crate::error::{Error, InputError};
use std::io::Read;
use std::path::Path;

/// The largest input fokus reads (1 GiB): beyond that it is not a shard or a register.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The largest small input: a table (observed shares, group sizes: a few hundred rows at
/// most), a scenario or a method file (a few kilobytes). A pipe that streams more is
/// refused after 16 MiB, not read to 1 GiB.
pub const MAX_TABLE_BYTES: u64 = 16 << 20;

/// What an input is, for the limits it is read within.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A JSON document written by a person: a scenario or a method file, at most
    /// [`MAX_TABLE_BYTES`] (it can be one long line).
    Document,
    /// A shard file of `fokus merge` (one long line, up to [`MAX_INPUT_BYTES`]).
    Shard,
    /// A register: lines of at most [`MAX_LINE_BYTES`].
    Register,
    /// A small table (observed shares, group sizes): lines of at most
    /// [`MAX_LINE_BYTES`], at most [`MAX_TABLE_BYTES`].
    Table,
}

impl Shape {
    fn max_bytes(self) -> u64 {
        match self {
            Shape::Shard | Shape::Register => MAX_INPUT_BYTES,
            Shape::Document | Shape::Table => MAX_TABLE_BYTES,
        }
    }

    fn max_line(self) -> Option<usize> {
        match self {
            Shape::Document | Shape::Shard => None,
            Shape::Register | Shape::Table => Some(MAX_LINE_BYTES),
        }
    }
}

/// Read a JSON document (scenario, method) as text.
pub fn read_text(path: &Path) -> crate::Result<String> {
    let bytes = read_bytes(path, Shape::Document)?;
    text_from_bytes(bytes, &path.display().to_string())
}

/// Read a shard file of `fokus merge` as text.
pub fn read_shard_text(path: &Path) -> crate::Result<String> {
    let bytes = read_bytes(path, Shape::Shard)?;
    text_from_bytes(bytes, &path.display().to_string())
}

/// Read a small table (observed shares, group sizes) as text.
pub fn read_table(path: &Path) -> crate::Result<String> {
    let bytes = read_bytes(path, Shape::Table)?;
    text_from_bytes(bytes, &path.display().to_string())
}

/// Read a whole input as bytes, within the limits of its shape: a file, a device, a pipe
/// or `/dev/stdin` alike. The bytes are known to be UTF-8 (or UTF-8 with a BOM) text
/// without a NUL byte.
pub fn read_bytes(path: &Path, shape: Shape) -> crate::Result<Vec<u8>> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::input(&shown, &e))?;
    let meta = file.metadata().map_err(|e| Error::input(&shown, &e))?;
    if meta.is_dir() {
        return Err(InputError::new(
            shown,
            crate::text!(da: "er en mappe (forventede en fil)", en: "is a folder (expected a file)"),
        )
        .into());
    }
    let max = shape.max_bytes();
    let too_big = || {
        InputError::new(&shown, {
            let size = size(max);
            let (what_da, what) = match shape {
                Shape::Document => (
                    "et scenarie eller en metodefil",
                    "a scenario or a method file",
                ),
                Shape::Shard => ("en shardfil", "a shard file"),
                Shape::Register => ("et register", "a register"),
                Shape::Table => (
                    "en tabel over observerede andele eller gruppestørrelser",
                    "a table of observed shares or group sizes",
                ),
            };
            crate::text!(
                da: "er større end {size}; fokus læser {what_da} op til den størrelse",
                en: "is larger than {size}; fokus reads {what} up to that size"
            )
        })
    };
    if meta.is_file() && meta.len() > max {
        return Err(too_big().into());
    }
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let mut bytes = Vec::with_capacity(expected.min(max) as usize + 1);
    let mut reader = file.take(max + 1);
    let mut chunk = vec![0u8; 1 << 16];
    let mut lines = LineCounter::default();
    let mut checked = 0;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::input(&shown, &e)),
        };
        if bytes.len() as u64 + n as u64 > max {
            return Err(too_big().into());
        }
        let new = &chunk[..n];
        if bytes.is_empty() && is_utf16(new) {
            return Err(utf16(&shown).into());
        }
        if let Some(at) = memchr::memchr(0, new) {
            lines.feed(&new[..at], None).expect("no limit");
            return Err(InputError::at(
                &shown,
                format!("line {}", lines.line()),
                crate::text!(
                    da: "indeholder en NUL-byte: det er ikke en tekstfil (der forventes en CSV- eller JSON-fil gemt som UTF-8-tekst; UTF-16 \"Unicode-tekst\" fra Excel skal gemmes som \"CSV UTF-8\")",
                    en: "holds a NUL byte: this is not a text file (a CSV or JSON file saved as UTF-8 text is expected; UTF-16 \"Unicode text\" from Excel must be saved as \"CSV UTF-8\")"
                ),
            )
            .into());
        }
        lines
            .feed(new, shape.max_line())
            .map_err(|LongLine(line)| long_line(&shown, line))?;
        bytes.extend_from_slice(new);
        match std::str::from_utf8(&bytes[checked..]) {
            Ok(_) => checked = bytes.len(),
            // A character cut by the chunk's end: checked with the next chunk.
            Err(e) if e.error_len().is_none() => checked += e.valid_up_to(),
            Err(e) => return Err(not_utf8(&bytes, checked + e.valid_up_to(), &shown).into()),
        }
    }
    if checked < bytes.len() {
        return Err(not_utf8(&bytes, checked, &shown).into());
    }
    Ok(bytes)
}

/// Bytes to text: UTF-8 required (with the line of the first bad byte), BOM stripped.
pub fn text_from_bytes(bytes: Vec<u8>, origin: &str) -> crate::Result<String> {
    if is_utf16(&bytes) {
        return Err(utf16(origin).into());
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(not_utf8(e.as_bytes(), at, origin).into())
        }
    }
}

/// Whether the bytes start with a UTF-16 byte-order mark (Excel's "Unicode text").
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

fn utf16(origin: &str) -> InputError {
    InputError::new(
        origin,
        crate::text!(
            da: "er UTF-16-tekst (Excels \"Unicode-tekst\"); gem den som \"CSV UTF-8\" (eller scenariet som UTF-8)",
            en: "is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" (or the scenario as UTF-8)"
        ),
    )
}

/// The error for the byte at `at` that is not UTF-8, with its line.
fn not_utf8(bytes: &[u8], at: usize, origin: &str) -> InputError {
    let mut lines = LineCounter::default();
    lines.feed(&bytes[..at], None).expect("no limit");
    InputError::at(
        origin,
        format!("line {}", lines.line()),
        crate::text!(
            da: "er ikke UTF-8-tekst (som regel et æ, ø eller å i Windows-1252 eller Latin-1): gem filen som UTF-8 — i Excel som \"CSV UTF-8\"",
            en: "is not UTF-8 text (usually an æ, ø or å in Windows-1252 or Latin-1): save the file as UTF-8 — in Excel as \"CSV UTF-8\""
        ),
    )
}

fn long_line(origin: &str, line: u64) -> InputError {
    InputError::at(origin, format!("line {line}"), {
        let kib = MAX_LINE_BYTES / 1024;
        crate::text!(
            da: "er længere end {kib} KiB (en tabel har én kort række pr. linje: er det den rigtige fil?)",
            en: "is longer than {kib} KiB (a table has one short row per line: is this the right file?)"
        )
    })
}

/// A size for people: `16 MiB`, `1 GiB`.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_bad_utf8_and_utf16() {
        assert_eq!(
            text_from_bytes(b"\xef\xbb\xbfab".to_vec(), "f").unwrap(),
            "ab"
        );
        for (bytes, line) in [
            (&b"a\nb\xff"[..], "line 2"),
            (b"a\r\nb\r\nc\xe6", "line 3"),
            (b"a\rb\rc\rd\xf8", "line 4"),
        ] {
            let err = text_from_bytes(bytes.to_vec(), "f")
                .unwrap_err()
                .to_string();
            assert!(err.contains(line) && err.contains("CSV UTF-8"), "{err}");
        }
        let err = text_from_bytes(b"\xff\xfea\0".to_vec(), "f").unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }

    #[test]
    fn limits_apply_to_what_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let read = |text: &[u8], shape| {
            std::fs::write(&path, text).unwrap();
            read_bytes(&path, shape).map_err(|e| e.to_string())
        };
        let long = format!("a\r\nb\r\n{}\r\n", "x".repeat(MAX_LINE_BYTES + 1));
        let e = read(long.as_bytes(), Shape::Register).unwrap_err();
        assert!(e.contains("line 3: is longer than 64 KiB"), "{e}");
        assert!(read(long.as_bytes(), Shape::Document).is_ok());
        let e = read(b"a\nb\0", Shape::Document).unwrap_err();
        assert!(e.contains("line 2: holds a NUL byte"), "{e}");
        // A character cut at the chunk's end is whole in the next chunk.
        let mut split = vec![b'a'; (1 << 16) - 1];
        split.extend_from_slice("æ\n".as_bytes());
        assert!(read(&split, Shape::Document).is_ok());
        split.push(0xc3);
        let e = read(&split, Shape::Document).unwrap_err();
        assert!(e.contains("line 2: is not UTF-8"), "{e}");
        let e = read_bytes(dir.path(), Shape::Table)
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("is a folder (expected a file)"), "{e}");
        // A scenario is small; a shard of many replications is not.
        let big = vec![b' '; MAX_TABLE_BYTES as usize + 1];
        let e = read(&big, Shape::Document).unwrap_err();
        assert!(e.contains("is larger than 16 MiB"), "{e}");
        assert!(read(&big, Shape::Shard).is_ok());
    }
}
