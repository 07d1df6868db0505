//! Lines as people's files end them: `\n` (Unix), `\r\n` (Windows, Excel) or a lone `\r`
//! (old Mac). One rule for every line-oriented reader (register, observed shares, group
//! sizes) and for the line of a bad byte when a file is read, so every message that
//! names a line names the same one the planner sees in an editor.

/// The longest line a line-oriented input may have (64 KiB). A register row is under
/// 200 bytes; a longer line is not a row of a table (a file of one line, a device, a
/// binary file), and refusing it early bounds the time and memory a reader spends on it.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The lines of `text`, numbered from 1, without their endings. Text after the last line
/// break is a last line; a file ending in a line break has no empty line after it.
pub fn lines(text: &str) -> Lines<'_> {
    Lines {
        rest: text,
        number: 0,
    }
}

/// The iterator of [`lines`]: `(line number, line)`.
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    rest: &'a str,
    number: u64,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (u64, &'a str);

    fn next(&mut self) -> Option<(u64, &'a str)> {
        if self.rest.is_empty() {
            return None;
        }
        self.number += 1;
        let bytes = self.rest.as_bytes();
        let (line, next) = match memchr::memchr2(b'\n', b'\r', bytes) {
            None => (self.rest, bytes.len()),
            Some(end) if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') => {
                (&self.rest[..end], end + 2)
            }
            Some(end) => (&self.rest[..end], end + 1),
        };
        self.rest = &self.rest[next..];
        Some((self.number, line))
    }
}

/// Lines counted over bytes that arrive in pieces (a file read in chunks), by the rule of
/// [`lines`]: after feeding the bytes before position `p`, [`LineCounter::line`] is the
/// line of the byte at `p`.
#[derive(Clone, Debug)]
pub struct LineCounter {
    line: u64,
    /// Bytes of the current line so far.
    length: usize,
    /// The last byte was a `\r`: a `\n` now completes that line break.
    after_cr: bool,
}

/// A line longer than the limit given to [`LineCounter::feed`]: its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongLine(pub u64);

impl Default for LineCounter {
    fn default() -> LineCounter {
        LineCounter {
            line: 1,
            length: 0,
            after_cr: false,
        }
    }
}

impl LineCounter {
    /// The line the next byte is on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Count the line breaks in `bytes`; a line longer than `max_line` bytes (when given)
    /// is refused as soon as it is seen.
    pub fn feed(&mut self, bytes: &[u8], max_line: Option<usize>) -> Result<(), LongLine> {
        let mut rest = bytes;
        loop {
            let found = memchr::memchr2(b'\n', b'\r', rest);
            let run = found.unwrap_or(rest.len());
            if run > 0 {
                self.after_cr = false;
                self.length += run;
            }
            if max_line.is_some_and(|max| self.length > max) {
                return Err(LongLine(self.line));
            }
            let Some(at) = found else {
                return Ok(());
            };
            if rest[at] == b'\r' {
                self.line += 1;
                self.after_cr = true;
            } else if self.after_cr {
                self.after_cr = false;
            } else {
                self.line += 1;
            }
            self.length = 0;
            rest = &rest[at + 1..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn three_endings_one_numbering() {
        for text in ["a\nb\nc", "a\r\nb\r\nc\r\n", "a\rb\rc\r", "a\r\nb\rc\n"] {
            let got: Vec<(u64, &str)> = lines(text).collect();
            assert_eq!(got, [(1, "a"), (2, "b"), (3, "c")], "{text:?}");
        }
        let got: Vec<(u64, &str)> = lines("\n\r\nx\r\r").collect();
        assert_eq!(got, [(1, ""), (2, ""), (3, "x"), (4, "")]);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn a_long_line_is_refused_with_its_number() {
        let mut c = LineCounter::default();
        assert_eq!(c.feed(b"ab\r\n", Some(3)), Ok(()));
        assert_eq!(c.feed(b"abc", Some(3)), Ok(()));
        assert_eq!(c.feed(b"d", Some(3)), Err(LongLine(2)));
    }

    proptest! {
        /// The counter fed in any chunks agrees with the splitter on where each line starts.
        #[test]
        fn counter_agrees_with_splitter(text in "[ab\r\n]{0,40}", cut in 0usize..41) {
            for (number, line) in lines(&text) {
                let start = line.as_ptr() as usize - text.as_ptr() as usize;
                let mut c = LineCounter::default();
                let before = &text.as_bytes()[..start];
                let cut = cut.min(before.len());
                c.feed(&before[..cut], None).unwrap();
                c.feed(&before[cut..], None).unwrap();
                prop_assert_eq!(c.line(), number, "{:?} at {}", text, start);
            }
        }
    }
}
