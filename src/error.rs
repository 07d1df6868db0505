//! The library's error type: bad input (exit code 2) versus runtime failure (exit code 1).

use std::fmt;

/// A message for people, in Danish and in English, written where it is made: the
/// library knows no language, so every message carries both, and the presentation
/// (`report::text::errors::error_line`) picks the command's. `Display` is English (logs,
/// library users). Build one with [`text!`](crate::text):
/// `text!(da: "måned {m} findes ikke", en: "month {m} does not exist")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The Danish wording; `None` only for a message another library wrote (serde's,
    /// carried in its error's text: [`Message::from_serde`]), which the presentation
    /// words from its English through its catalogue of those libraries' messages.
    da: Option<String>,
    /// The English wording.
    en: String,
}

impl Message {
    /// A message in both languages.
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            da: Some(da.into()),
            en: en.into(),
        }
    }

    /// A message of another library, in its English. Private: fokus's own messages are
    /// written in both languages where they are made ([`text!`](crate::text)).
    fn foreign(en: impl Into<String>) -> Message {
        Message {
            da: None,
            en: en.into(),
        }
    }

    /// The Danish wording, when the message has one.
    pub fn da(&self) -> Option<&str> {
        self.da.as_deref()
    }

    /// The English wording.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// This message followed by `more` (`"{self}{sep}{more}"` in each language), so a
    /// composed message is in one language throughout.
    pub fn then(&self, sep: &str, more: &Message) -> Message {
        let en = format!("{}{sep}{}", self.en, more.en);
        match (&self.da, &more.da) {
            (Some(a), Some(b)) => Message::new(format!("{a}{sep}{b}"), en),
            _ => Message::foreign(en),
        }
    }
}

/// Between the English and the Danish wording of a message carried in a serde error's
/// text: a file type's `TryFrom` can fail only with a string, so it writes both wordings
/// into one ([`Message::to_serde`]) and the reader of the file splits them again
/// ([`Message::from_serde`]). The text begins with [`SERDE_MARK`], which no message of
/// serde's begins with, and the separator inside a wording (a value from the input) is
/// shown as `␟`, so the two wordings split where they were joined.
const SERDE_SEPARATOR: char = '\u{1f}';
/// The beginning of a serde error's text that carries both wordings.
const SERDE_MARK: &str = "\u{1f}fokus\u{1f}";

impl Message {
    /// This message as the text of a serde error, both wordings kept.
    pub fn to_serde(&self) -> String {
        match &self.da {
            Some(da) => {
                let shown = |text: &str| text.replace(SERDE_SEPARATOR, "\u{241f}");
                format!(
                    "{SERDE_MARK}{}{SERDE_SEPARATOR}{}",
                    shown(&self.en),
                    shown(da)
                )
            }
            None => self.en.clone(),
        }
    }

    /// The message a serde error's text carries: both wordings when fokus wrote it
    /// ([`Message::to_serde`]); serde's own English otherwise, which the presentation
    /// words in Danish through its catalogue of serde's messages.
    pub fn from_serde(text: &str) -> Message {
        match text
            .strip_prefix(SERDE_MARK)
            .and_then(|both| both.split_once(SERDE_SEPARATOR))
        {
            Some((en, da)) => Message::new(da, en),
            None => Message::foreign(text),
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// A [`Message`] as a `std::error::Error` (its `Display` the English), for an interface
/// that takes one — a command-line value parser — whose presentation finds the Danish
/// wording by downcasting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageError(pub Message);

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for MessageError {}

/// A number as a Danish message writes it: a decimal comma and the minus sign `−`
/// (`-0.5` → `−0,5`), otherwise as `{}` writes it in English.
pub fn da_number(v: impl fmt::Display) -> String {
    let text = v.to_string();
    let text = text.replacen('.', ",", 1);
    match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

/// A [`Message`] in Danish and English, each a `format!` string:
/// `text!(da: "måned {m} findes ikke", en: "month {m} does not exist")`. Numbers in the
/// Danish text are written with [`da_number`](crate::error::da_number).
#[macro_export]
macro_rules! text {
    (da: $da:literal, en: $en:literal $(,)?) => {
        $crate::error::Message::new(format!($da), format!($en))
    };
}

/// Where bad input was found: a file (or `--option`), and inside it a line or a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file name, or the command-line option, the input came from.
    pub origin: String,
    /// A line (`line 12`), a column or a JSON path (`initiatives[1].start`), when known.
    pub location: Option<String>,
    /// What was wrong and what would be right, in Danish and in English.
    pub message: Message,
}

impl InputError {
    /// An error in `origin` without a finer location.
    pub fn new(origin: impl Into<String>, message: Message) -> InputError {
        InputError {
            origin: origin.into(),
            location: None,
            message,
        }
    }

    /// An error at `location` inside `origin`.
    pub fn at(
        origin: impl Into<String>,
        location: impl Into<String>,
        message: Message,
    ) -> InputError {
        InputError {
            origin: origin.into(),
            location: Some(location.into()),
            message,
        }
    }
}

impl InputError {
    /// The error as one line, `origin: location: message`, its message as `word` words
    /// it (`report::text::errors` gives it the command's language).
    pub fn shown_with(&self, word: impl FnOnce(&Message) -> String) -> String {
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
        f.write_str(&self.shown_with(|m| m.en().to_string()))
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
    Runtime(Message),
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
            ErrorKind::NotFound => text!(
                da: "findes ikke (tjek navnet og mappen)",
                en: "does not exist (check the name and the folder)"
            ),
            ErrorKind::PermissionDenied => text!(
                da: "kan ikke læses: adgang nægtet (tjek filens rettigheder)",
                en: "cannot be read: permission denied (check the file's permissions)"
            ),
            ErrorKind::IsADirectory => text!(
                da: "er en mappe (forventede en fil)",
                en: "is a folder (expected a file)"
            ),
            ErrorKind::NotADirectory => text!(
                da: "findes ikke: en del af stien før navnet er en fil, ikke en mappe",
                en: "does not exist: a part of the path before the name is a file, not a folder"
            ),
            _ => text!(da: "kan ikke læses ({source})", en: "cannot be read ({source})"),
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

    /// A message that passes through serde's error text keeps both wordings; serde's own
    /// text is a message without Danish, worded by the presentation's catalogue.
    #[test]
    fn a_message_survives_serde() {
        let m = text!(da: "feltet mangler", en: "the field is missing");
        assert_eq!(Message::from_serde(&m.to_serde()), m);
        let serde = Message::from_serde("missing field `year`");
        assert_eq!((serde.da(), serde.en()), (None, "missing field `year`"));
        // The input's own control character in serde's text does not split it.
        let odd = "unknown field `a\u{1f}b`, expected `year`";
        assert_eq!(Message::from_serde(odd).da(), None);
        let key = "a\u{1f}b";
        let m = text!(da: "feltet `{key}` mangler", en: "missing field `{key}`");
        let back = Message::from_serde(&m.to_serde());
        assert_eq!(back.da(), Some("feltet `a\u{241f}b` mangler"));
        assert_eq!(back.en(), "missing field `a\u{241f}b`");
    }

    #[test]
    fn a_message_is_english_in_display_and_danish_numbers_have_a_comma() {
        let v = -0.5;
        let d = da_number(v);
        let m = text!(da: "{d} er ikke en sandsynlighed", en: "{v} is not a probability");
        assert_eq!(m.to_string(), "-0.5 is not a probability");
        assert_eq!(m.da(), Some("−0,5 er ikke en sandsynlighed"));
        let both = m.then("; ", &text!(da: "ret den", en: "fix it"));
        assert_eq!(both.en(), "-0.5 is not a probability; fix it");
        assert_eq!(both.da(), Some("−0,5 er ikke en sandsynlighed; ret den"));
    }

    #[test]
    fn messages_stay_one_bounded_line() {
        let e = InputError::at(
            "f.json",
            "a\nb",
            Message::new("x".repeat(100_000), "x".repeat(100_000)),
        );
        let shown = e.to_string();
        assert!(shown.starts_with("f.json: a b: xxx"), "{shown}");
        assert!(shown.ends_with("… (shortened)"), "{shown}");
        assert!(shown.len() < 1100, "{}", shown.len());
        let e = InputError::new("f.json", text!(da: "er fin", en: "is fine"));
        assert_eq!(e.to_string(), "f.json: is fine");
    }
}
