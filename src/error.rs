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

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) if !loc.is_empty() => write!(f, "{}: {}: {}", self.origin, loc, self.message),
            _ => write!(f, "{}: {}", self.origin, self.message),
        }
    }
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
