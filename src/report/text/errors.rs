//! Error messages in the command's language.
//!
//! A library message is an [`error::Message`](crate::error::Message) in Danish and in
//! English, written where it is made (`text!(da: …, en: …)`); [`error_line`] is the one
//! place an error becomes the line `fejl: …` / `error: …` and picks the command's
//! language. Text of other libraries (serde's JSON errors, the reasons of clap's value
//! parsers) is worded in Danish by [`CATALOGUE`], a catalogue in the manner of gettext: each
//! English message, its variable parts written `{}`, beside its Danish wording. A
//! variable part is itself worded — a nested message, a phrase of [`PHRASES`], a decimal
//! number with its comma. A text the catalogue does not know is shown as it was written.

use super::Lang;
use crate::error::{Error, InputError, Message};

/// The line a command prints for `err` (without a trailing line break).
pub fn error_line(err: &Error, lang: Lang) -> String {
    let text = match err {
        Error::Input(e) => input_error(e, lang),
        Error::Io { path, source } => format!("{path}: {}", io_error(source, lang)),
        Error::Runtime(message) => message_in(message, lang),
    };
    format!("{}: {text}", error_word(lang))
}

/// The word before every error line: `fejl` / `error`.
pub fn error_word(lang: Lang) -> &'static str {
    lang.pick("fejl", "error")
}

/// An input error as `origin: location: message`, the location and the message in `lang`.
pub fn input_error(err: &InputError, lang: Lang) -> String {
    let located = InputError {
        location: err.location.as_deref().map(|l| location_in(l, lang)),
        ..err.clone()
    };
    located.shown_with(|message| message_in(message, lang))
}

/// A location in `lang`: the words the library writes around a place in the input —
/// `line 3`, `line 3, column person_id`, `month 2`, `groups.kontanthjaelp (line 7)` —
/// in Danish (`linje 3, kolonne person_id`, `måned 2`). A JSON path has no spaces, so
/// only the words between them are ever read as such a word.
pub fn location_in(location: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return location.to_string();
    }
    location
        .split(' ')
        .map(|token| {
            let start = token.len() - token.trim_start_matches('(').len();
            let end = token.trim_end_matches([',', ')', ':']).len().max(start);
            let word = match &token[start..end] {
                "line" => "linje",
                "lines" => "linjer",
                "column" => "kolonne",
                "month" => "måned",
                "row" => "række",
                "record" => "post",
                other => other,
            };
            format!("{}{word}{}", &token[..start], &token[end..])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A message of the library in `lang`: its own Danish wording, or, for a message still
/// written in English only ([`Message::english_only`]), the catalogue's.
pub fn message_in(message: &Message, lang: Lang) -> String {
    match (lang, message.da()) {
        (Lang::En, _) => message.en().to_string(),
        (Lang::Da, Some(da)) => da.to_string(),
        (Lang::Da, None) => english_in(message.en(), lang),
    }
}

/// A text written in English (a message of another library, a value parser's reason) in
/// `lang`, as far as the catalogue knows it.
pub fn english_in(message: &str, lang: Lang) -> String {
    match lang {
        Lang::En => message.to_string(),
        Lang::Da => danish(message).unwrap_or_else(|| message.to_string()),
    }
}

/// What the operating system said, for the few failures a person can act on.
fn io_error(source: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    let known = match source.kind() {
        ErrorKind::NotFound => Some(("findes ikke", "does not exist")),
        ErrorKind::PermissionDenied => Some(("adgang nægtet", "permission denied")),
        ErrorKind::StorageFull => Some(("disken er fuld", "the disk is full")),
        ErrorKind::ReadOnlyFilesystem => Some((
            "filsystemet er skrivebeskyttet",
            "the file system is read-only",
        )),
        _ => None,
    };
    match known {
        Some((da, en)) => lang.pick(da, en).to_string(),
        None => source.to_string(),
    }
}

/// The Danish wording of an English message, when the catalogue knows it.
fn danish(message: &str) -> Option<String> {
    CATALOGUE.iter().find_map(|(english, danish)| {
        let parts = matches(english, message)?;
        Some(fill(danish, parts.iter().map(|p| danish_part(p))))
    })
}

/// A variable part of a message in Danish: a nested message, a known phrase, a decimal
/// number with a comma, or the part as it is (a path, a name, a value from the input).
fn danish_part(part: &str) -> String {
    if let Some((_, da)) = PHRASES.iter().find(|(en, _)| *en == part) {
        return (*da).to_string();
    }
    if let Some((en, da)) = VALUE_KINDS.iter().find(|(en, _)| part.starts_with(en)) {
        return format!("{da}{}", &part[en.len()..]);
    }
    if is_decimal(part) {
        return part.replacen('.', ",", 1);
    }
    // A quantity with its unit: `17.9 GB`.
    if let Some((number, unit)) = part.split_once(' ')
        && is_decimal(number)
        && ["kB", "MB", "GB", "TB"].contains(&unit)
    {
        return format!("{} {unit}", number.replacen('.', ",", 1));
    }
    danish(part).unwrap_or_else(|| part.to_string())
}

/// `12.25` or `-0.5`: digits with one decimal point.
fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    digits
        .split_once('.')
        .is_some_and(|(whole, frac)| is_digits(whole) && is_digits(frac))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The variable parts of `text` if it is `pattern` (`{}` for each part, each non-empty).
/// A part takes as much as it can and gives back what the rest needs, so a message with
/// a parenthesis of its own still matches `{} ({} is set in {}, line {})`.
fn matches<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let literals: Vec<&str> = pattern.split("{}").collect();
    let rest = text.strip_prefix(literals[0])?;
    let mut parts = Vec::new();
    match_from(&literals[1..], rest, &mut parts).then_some(parts)
}

fn match_from<'t>(literals: &[&str], text: &'t str, parts: &mut Vec<&'t str>) -> bool {
    let Some((literal, later)) = literals.split_first() else {
        return text.is_empty();
    };
    if later.is_empty() {
        // The last part runs to the end, before the pattern's closing text.
        return match text.strip_suffix(literal) {
            Some(part) if !part.is_empty() => {
                parts.push(part);
                true
            }
            _ => false,
        };
    }
    let mut ends: Vec<usize> = text.match_indices(literal).map(|(i, _)| i).collect();
    ends.retain(|&i| i > 0);
    for &end in ends.iter().rev() {
        parts.push(&text[..end]);
        if match_from(later, &text[end + literal.len()..], parts) {
            return true;
        }
        parts.pop();
    }
    false
}

/// `template` with each `{}` replaced by the next of `parts`.
fn fill(template: &str, mut parts: impl Iterator<Item = String>) -> String {
    let mut pieces = template.split("{}");
    let mut out = pieces.next().unwrap_or_default().to_string();
    for piece in pieces {
        out.push_str(&parts.next().unwrap_or_default());
        out.push_str(piece);
    }
    out
}

/// The kinds of value serde names before a value (`string "300"`, `integer `-5``).
const VALUE_KINDS: &[(&str, &str)] = &[
    ("string ", "tekst "),
    ("integer ", "heltal "),
    ("floating point ", "decimaltal "),
    ("boolean ", "sandhedsværdi "),
];

/// Phrases that stand as a part of a message: what was expected, what a value looks like.
const PHRASES: &[(&str, &str)] = &[
    ("a number", "et tal"),
    ("a whole number from 0", "et helt tal fra 0"),
    ("a whole number", "et helt tal"),
    ("a string", "en tekst"),
    ("a boolean", "true eller false"),
    ("a sequence", "en liste"),
    ("a map", "et objekt"),
    ("map", "et objekt"),
    ("sequence", "en liste"),
    ("null", "null"),
    ("a value", "en værdi"),
    ("a list", "en liste"),
    ("an object", "et objekt"),
    ("a JSON object", "et JSON-objekt"),
];

/// English messages (`{}` for a variable part) and their Danish wording, the parts in the
/// same order. The first that matches is used: a specific message before a general one.
pub const CATALOGUE: &[(&str, &str)] = &[
    // serde and serde_json.
    (
        "unknown field `{}`, expected one of {}",
        "ukendt felt `{}` (tilladt er {})",
    ),
    (
        "unknown field `{}`, expected {}",
        "ukendt felt `{}` (tilladt er {})",
    ),
    (
        "unknown field `{}`, there are no fields",
        "ukendt felt `{}` (her er ingen felter)",
    ),
    (
        "unknown variant `{}`, expected one of {}",
        "ukendt værdi `{}` (tilladt er {})",
    ),
    (
        "unknown variant `{}`, expected {}",
        "ukendt værdi `{}` (tilladt er {})",
    ),
    ("missing field `{}`", "feltet `{}` mangler"),
    (
        "invalid type: {}, expected {}",
        "forkert type: {}, forventede {}",
    ),
    (
        "invalid value: {}, expected {}",
        "ugyldig værdi: {}, forventede {}",
    ),
    (
        "invalid length {}, expected {}",
        "forkert længde {}, forventede {}",
    ),
    (
        "EOF while parsing {} (the file ends too early: is a closing } or ] missing?)",
        "filen slutter midt i {} (den slutter for tidligt: mangler en afsluttende } eller ]?)",
    ),
    ("trailing comma", "komma efter sidste element"),
    ("expected value", "forventede en værdi"),
    ("expected `,` or `}`", "forventede `,` eller `}`"),
    ("expected `,` or `]`", "forventede `,` eller `]`"),
    ("expected `:`", "forventede `:`"),
    (
        "key must be a string",
        "en nøgle skal være en tekst i anførselstegn",
    ),
    ("trailing characters", "tegn efter JSON-objektets slutning"),
    (
        "the number is too large (expected a finite number)",
        "tallet er for stort (forventede et endeligt tal)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_said_in_danish_and_a_json_path_is_left_alone() {
        let da = |l| location_in(l, Lang::Da);
        assert_eq!(da("line 3"), "linje 3");
        assert_eq!(da("line 3, column person_id"), "linje 3, kolonne person_id");
        assert_eq!(da("month 2"), "måned 2");
        assert_eq!(da("groups.line (line 7)"), "groups.line (linje 7)");
        assert_eq!(da("initiatives[0].places"), "initiatives[0].places");
        assert_eq!(location_in("line 3", Lang::En), "line 3");
        let e = InputError::at(
            "--observed",
            "month 2",
            crate::text!(da: "tom", en: "empty"),
        );
        assert_eq!(input_error(&e, Lang::Da), "--observed: måned 2: tom");
        assert_eq!(input_error(&e, Lang::En), "--observed: month 2: empty");
    }

    #[test]
    fn a_message_is_worded_in_danish_with_its_parts() {
        let serde = "invalid type: floating point `1.5`, expected a whole number";
        let da = english_in(serde, Lang::Da);
        assert_eq!(da, "forkert type: decimaltal `1.5`, forventede et helt tal");
        assert_eq!(english_in(serde, Lang::En), serde);
        let da = english_in(
            "invalid type: string \"300\", expected a whole number from 0",
            Lang::Da,
        );
        assert_eq!(
            da,
            "forkert type: tekst \"300\", forventede et helt tal fra 0"
        );
    }

    #[test]
    fn a_message_with_a_parenthesis_of_its_own_finds_its_parts() {
        let da = english_in(
            "EOF while parsing an object (the file ends too early: is a closing } or ] missing?)",
            Lang::Da,
        );
        assert_eq!(
            da,
            "filen slutter midt i et objekt (den slutter for tidligt: mangler en afsluttende } eller ]?)"
        );
    }

    #[test]
    fn an_unknown_message_is_shown_as_written() {
        assert_eq!(english_in("something new", Lang::Da), "something new");
    }

    #[test]
    fn every_danish_wording_has_the_parts_of_its_english() {
        for (en, da) in CATALOGUE {
            assert_eq!(en.matches("{}").count(), da.matches("{}").count(), "{en}");
            assert!(
                !en.contains("{}{}"),
                "two parts side by side cannot be told apart: {en}"
            );
        }
    }

    #[test]
    fn error_lines_begin_with_the_languages_word() {
        let e: Error = InputError::at(
            "f.json",
            "year (line 4)",
            Message::from_serde("missing field `year`"),
        )
        .into();
        assert_eq!(
            error_line(&e, Lang::Da),
            "fejl: f.json: year (linje 4): feltet `year` mangler"
        );
        assert_eq!(
            error_line(&e, Lang::En),
            "error: f.json: year (line 4): missing field `year`"
        );
    }
}
