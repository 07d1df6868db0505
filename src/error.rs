//! The library's error type: bad input (exit code 2) versus runtime failure (exit code 1).

use std::fmt;

/// Where bad input was found: a file (or `--option`), and inside it a line or a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file name, or the command-line option, the input came from.
    pub origin: String,
    /// A line (`line 12`), a column or a JSON path (`initiatives[1].start`), when known.
    pub location: Option<String>,
    /// What was wrong and what would be right.
    pub message: String,
}

impl InputError {
    /// An error in `origin` without a finer location.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            origin: origin.into(),
            location: None,
            message: message.into(),
        }
    }

    /// An error at `location` inside `origin`.
    pub fn at(
        origin: impl Into<String>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            origin: origin.into(),
            location: Some(location.into()),
            message: message.into(),
        }
    }
}

impl InputError {
    /// The error as one line, `origin: location: message`, its message as `word` words
    /// it (`report::text::errors` gives it the command's language; the message is
    /// written in English).
    pub fn shown_with(&self, word: impl FnOnce(&str) -> String) -> String {
        let origin = one_line(&self.origin);
        let message = word(&self.message);
        let message = one_line(&message);
        match &self.location {
            Some(loc) if !loc.is_empty() => format!("{origin}: {}: {message}", one_line(loc)),
            _ => format!("{origin}: {message}"),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown_with(str::to_string))
    }
}

/// The longest part (origin, location, message) of an error line, in characters.
const MAX_PART_CHARS: usize = 1000;

/// One line of bounded length: a message may quote a field of the input, and a field can
/// hold a line break or be megabytes long (a 50 MB key in a JSON file).
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_PART_CHARS && !text.contains(['\n', '\r']) {
        return text.into();
    }
    let mut short: String = text
        .chars()
        .take(MAX_PART_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(MAX_PART_CHARS).is_some() {
        short.push_str("… (shortened)");
    }
    short.into()
}

impl std::error::Error for InputError {}

/// Everything that can go wrong in fokus.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave input that cannot be used; exit code 2.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Reading or writing a file failed; exit code 1.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A run was interrupted or could not finish; exit code 1.
    #[error("{0}")]
    Runtime(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Io { .. } | Error::Runtime(_) => 1,
        }
    }

    /// A file given as input cannot be read: bad input (exit code 2), not a failure of
    /// the run — the user named a file that is missing, a folder, or not readable.
    pub fn input(path: impl fmt::Display, source: &std::io::Error) -> Error {
        use std::io::ErrorKind;
        let message = match source.kind() {
            ErrorKind::NotFound => "does not exist (check the name and the folder)".to_string(),
            ErrorKind::PermissionDenied => {
                "cannot be read: permission denied (check the file's permissions)".to_string()
            }
            ErrorKind::IsADirectory => "is a folder (expected a file)".to_string(),
            ErrorKind::NotADirectory => {
                "does not exist: a part of the path before the name is a file, not a folder"
                    .to_string()
            }
            _ => format!("cannot be read ({source})"),
        };
        InputError::new(path.to_string(), message).into()
    }

    /// An I/O error on `path`.
    pub fn io(path: impl fmt::Display, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// Result with the fokus error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_one_bounded_line() {
        let e = InputError::at("f.json", "a\nb", "x".repeat(100_000));
        let shown = e.to_string();
        assert!(shown.starts_with("f.json: a b: xxx"), "{shown}");
        assert!(shown.ends_with("… (shortened)"), "{shown}");
        assert!(shown.len() < 1100, "{}", shown.len());
        let e = InputError::new("f.json", "is fine");
        assert_eq!(e.to_string(), "f.json: is fine");
    }
}
