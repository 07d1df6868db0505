//! One field of a CSV row, and the only code that sees its text.
//!
//! A cell can hold a person id or a name: a register holds them, a register's columns can
//! be shifted or its header missing, and any CSV given to fokus can be a register given
//! in the wrong place. So a [`Cell`] cannot be shown: it is parsed into a value, compared
//! with a known word, used as a grouping key, or described ([`Description`]) for a
//! message. A [`CellError`] carries that description and words written here, never the
//! cell's text, and neither a parsed number (a CPR number read as hours is a CPR number).

use crate::error::Message;
use crate::{Group, Hours, Month, text};
use std::borrow::Cow;
use std::fmt;

/// A field of a CSV row, trimmed, its quotes removed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cell<'a>(pub(super) Cow<'a, str>);

/// A cell's text as a grouping key (the register's person ids): compared and hashed,
/// never shown.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Key<'a>(Cow<'a, str>);

/// A register's person id, kept for the one output that must show it: the caseworker
/// list of `fokus lister --with-ids`. Every other use of a cell parses, matches or
/// describes it; this type shows its text only through
/// [`PersonId::for_caseworker_list`], and its `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonId(Box<str>);

/// What a cell looks like, said without its value: its length and kind of characters,
/// or what it appears to be (a CPR number, a name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    en: String,
    da: String,
}

impl Description {
    fn new(da: String, en: String) -> Description {
        Description { en, da }
    }

    /// The description in Danish (its `Display` is the English).
    pub fn da(&self) -> &str {
        &self.da
    }
}

/// A cell that is not what its column holds: the cell described, and what was wrong and
/// what would be right. Turned into an [`InputError`](crate::InputError) by the reader,
/// which knows the file, line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    found: Description,
    problem: Message,
}

/// How a table writes numbers: Danish Excel (`;` or tab between fields) writes a decimal
/// comma (`12,5`) and a thousands point (`3.500`); a comma-separated file a decimal point
/// and, quoted, a thousands comma (`"3,500"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbers {
    /// `12.5`, `"3,500"`.
    DecimalPoint,
    /// `12,5`, `3.500`.
    DecimalComma,
}

/// The most hours a month has (31 days × 24 hours).
pub const MONTH_HOURS: u32 = 744;

impl fmt::Debug for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cell({})", self.describe())
    }
}

impl fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(…)")
    }
}

impl fmt::Debug for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonId(…)")
    }
}

impl PersonId {
    /// The id as the register wrote it — only for the caseworker list, the one output
    /// that names persons.
    pub fn for_caseworker_list(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.found, self.problem.en())
    }
}

impl CellError {
    /// The error at `line` and `column` of `origin`.
    pub fn at(&self, origin: &str, line: u64, column: &str) -> crate::InputError {
        crate::InputError::at(
            origin,
            format!("line {line}, column {column}"),
            self.message(),
        )
    }

    /// What was wrong: the cell described, then the problem.
    pub fn message(&self) -> Message {
        let found = Message::new(self.found.da.clone(), self.found.en.clone());
        found.then(" ", &self.problem)
    }
}

impl<'a> Cell<'a> {
    /// Whether the cell is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the cell is `word` (ASCII case ignored).
    pub fn is(&self, word: &str) -> bool {
        self.0.eq_ignore_ascii_case(word)
    }

    /// The cell as a grouping key.
    pub fn key(&self) -> Key<'a> {
        Key(self.0.clone())
    }

    /// The cell as a person id for the caseworker list (see [`PersonId`]).
    pub fn person_id(&self) -> PersonId {
        PersonId(self.0.as_ref().into())
    }

    fn error(&self, problem: Message) -> CellError {
        CellError {
            found: self.describe(),
            problem,
        }
    }

    /// The cell described without its value.
    pub fn describe(&self) -> Description {
        let text: &str = &self.0;
        let chars = text.chars().count();
        if chars == 0 {
            return Description::new("et tomt felt".into(), "an empty field".into());
        }
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let cpr_like =
            digits == 10 && (chars == 10 || (chars == 11 && text.chars().nth(6) == Some('-')));
        if cpr_like {
            return Description::new(
                "en værdi, der ligner et CPR-nummer (mangler overskriften, eller er kolonnerne forskudt?)".into(),
                "a value that looks like a CPR number (is the header missing, or are the columns shifted?)".into(),
            );
        }
        let words = text.split_whitespace().count();
        let name_like = words >= 2
            && text
                .chars()
                .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '-' | '.' | '\''));
        if name_like {
            return Description::new(
                format!(
                    "en værdi på {chars} tegn, der ligner et navn (mangler overskriften, eller er kolonnerne forskudt?)"
                ),
                format!(
                    "a value of {chars} characters that looks like a name (is the header missing, or are the columns shifted?)"
                ),
            );
        }
        let (kind_da, kind_en) = if digits == chars {
            ("cifre", "digits")
        } else if text.chars().all(char::is_alphabetic) {
            ("bogstaver", "letters")
        } else if text.chars().any(char::is_alphabetic) {
            ("bogstaver og andre tegn", "letters and other characters")
        } else {
            ("cifre og andre tegn", "digits and other characters")
        };
        let plural = if chars == 1 { "" } else { "s" };
        Description::new(
            format!("en værdi på {chars} tegn ({kind_da})"),
            format!("a value of {chars} character{plural} ({kind_en})"),
        )
    }

    /// A month `YYYY-MM`.
    pub fn month(&self) -> Result<Month, CellError> {
        self.0.parse().map_err(|_| {
            self.error(text!(
                da: "er ikke en gyldig måned (ÅÅÅÅ-MM, f.eks. 2025-03)",
                en: "is not a valid month (YYYY-MM, e.g. 2025-03)"
            ))
        })
    }

    /// A benefit group: its code (`kontanthjaelp`) or its Danish name as exports write
    /// it (`Kontanthjælp`, `A-dagpenge`, `Jobafklaringsforløb`).
    pub fn group(&self) -> Result<Group, CellError> {
        if let Ok(group) = self.0.parse() {
            return Ok(group);
        }
        let wanted = fold_name(&self.0);
        Group::ALL
            .into_iter()
            .find(|g| {
                let code = fold_name(g.code());
                code == wanted || (*g == Group::Jobafklaring && wanted == "jobafklaringsforloeb")
            })
            .ok_or_else(|| {
                let codes = Group::ALL.map(Group::code).join(", ");
                self.error(text!(
                    da: "er ikke en kode for en ydelsesgruppe (en af {codes})",
                    en: "is not a benefit group code (one of {codes})"
                ))
            })
    }

    /// A yes/no flag: `1` or `0`.
    pub fn flag(&self) -> Result<bool, CellError> {
        match &*self.0 {
            "0" => Ok(false),
            "1" => Ok(true),
            _ => Err(self.error(text!(
                da: "er ikke 0 eller 1 (1 = ja, 0 = nej)",
                en: "is not 0 or 1 (1 = yes, 0 = no)"
            ))),
        }
    }

    /// Hours of one month: a non-negative number with at most two decimals, at most
    /// [`MONTH_HOURS`].
    pub fn hours(&self, numbers: Numbers) -> Result<Hours, CellError> {
        let number = self.decimal(numbers).map_err(|e| {
            self.error(
                text!(da: "er ikke et antal timer: ", en: "is not a number of hours: ")
                    .then("", &e),
            )
        })?;
        let hours: Hours = number.parse().map_err(|_| {
            self.error(text!(
                da: "er ikke et antal timer (et ikke-negativt tal med højst to decimaler, f.eks. 12,25)",
                en: "is not a number of hours (a non-negative number with at most two decimals, e.g. 12.25)"
            ))
        })?;
        if hours > Hours::whole(MONTH_HOURS) {
            return Err(self.error(text!(
                da: "er flere timer, end en måned har (højst {MONTH_HOURS})",
                en: "is more hours than a month has (at most {MONTH_HOURS})"
            )));
        }
        Ok(hours)
    }

    /// A whole number from 0 to `max`, digits only.
    pub fn whole(&self, max: u32) -> Result<u32, CellError> {
        let text: &str = &self.0;
        let bad = || {
            self.error(text!(
                da: "er ikke et helt tal fra 0 til {max}",
                en: "is not a whole number from 0 to {max}"
            ))
        };
        if text.is_empty() || text.len() > 10 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let v: u64 = text.parse().map_err(|_| bad())?;
        u32::try_from(v).ok().filter(|&v| v <= max).ok_or_else(bad)
    }

    /// A count of persons from 0 to `max`, with thousands separators as the file writes
    /// them (`3.500` in Danish Excel, `3,500` or `3 500`), since a count has no decimals.
    pub fn count(&self, numbers: Numbers, max: u64) -> Result<u64, CellError> {
        let bad = || {
            self.error(text!(
                da: "er ikke et antal personer (et helt tal fra 0 til {max}, f.eks. 1200 eller 3.500)",
                en: "is not a number of persons (a whole number from 0 to {max}, e.g. 1200 or 3.500)"
            ))
        };
        let separator = match numbers {
            Numbers::DecimalPoint => ',',
            Numbers::DecimalComma => '.',
        };
        let groups: Vec<&str> = self.0.split([separator, ' ', '\u{a0}']).collect();
        let grouped_well = groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3));
        if !grouped_well
            || !groups
                .iter()
                .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let digits: String = groups.concat();
        if digits.len() > 12 {
            return Err(bad());
        }
        digits
            .parse::<u64>()
            .ok()
            .filter(|&v| v <= max)
            .ok_or_else(bad)
    }

    /// A percentage from 0 to 100 (`66.2`, or `66,2` where the file writes decimal commas).
    pub fn percent(&self, numbers: Numbers) -> Result<f64, CellError> {
        let (form_da, form) = (
            "et tal fra 0 til 100, f.eks. 66,2",
            "a number from 0 to 100, e.g. 66.2",
        );
        let text = self.decimal(numbers).map_err(|e| {
            self.error(
                text!(da: "er ikke en procentsats: ", en: "is not a percentage: ").then("", &e),
            )
        })?;
        let simple = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && text.bytes().filter(|&b| b == b'.').count() <= 1
            && !text.starts_with('.')
            && !text.ends_with('.');
        let value: f64 = if simple {
            text.parse().unwrap_or(f64::NAN)
        } else {
            f64::NAN
        };
        if !value.is_finite() {
            return Err(self.error(text!(
                da: "er ikke en procentsats ({form_da})",
                en: "is not a percentage ({form})"
            )));
        }
        if value > 100.0 {
            return Err(self.error(text!(
                da: "er ikke en procentsats: over 100 ({form_da})",
                en: "is not a percentage: above 100 ({form})"
            )));
        }
        Ok(value)
    }

    /// The cell's number with a decimal point: a decimal comma read where the file writes
    /// them, and refused with the reason where it cannot be one.
    fn decimal(&self, numbers: Numbers) -> Result<Cow<'_, str>, Message> {
        let text: &str = &self.0;
        if !text.contains(',') {
            return Ok(text.into());
        }
        match numbers {
            Numbers::DecimalComma if !text.contains('.') && text.matches(',').count() == 1 => {
                Ok(text.replace(',', ".").into())
            }
            Numbers::DecimalComma => Err(text!(
                da: "det blander decimalkomma og punktummer",
                en: "it mixes a decimal comma with points"
            )),
            Numbers::DecimalPoint => Err(text!(
                da: "det har et decimalkomma, og i en kommasepareret fil skrives et tal med decimalpunktum (12.50) — eller gem filen med ; mellem kolonnerne",
                en: "it has a decimal comma, and in a comma-separated file a number takes a decimal point (12.50) — or save the file with ; between the columns"
            )),
        }
    }
}

/// A name folded for matching people's spellings: lowercase, æ ø å as ae oe aa, and
/// without spaces, underscores, hyphens or dots (`Ordinære timer` = `ordinaere_timer` =
/// `ordinaeretimer`).
pub(super) fn fold_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str("ae"),
            'ø' | 'ö' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' => out.push('e'),
            ' ' | '_' | '-' | '.' | '\u{a0}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Cell<'_> {
        Cell(text.into())
    }

    #[test]
    fn descriptions_never_hold_the_value() {
        for (text, expected) in [
            ("070150-1006", "looks like a CPR number"),
            ("0701501006", "looks like a CPR number"),
            ("Jens Hansen", "looks like a name"),
            ("", "an empty field"),
            ("abc", "a value of 3 characters (letters)"),
            ("x", "a value of 1 character (letters)"),
        ] {
            let d = cell(text).describe().to_string();
            assert!(d.contains(expected), "{d}");
            assert!(text.is_empty() || !d.contains(text), "{d}");
        }
    }

    #[test]
    fn numbers_as_the_file_writes_them() {
        use Numbers::*;
        assert_eq!(cell("12,25").hours(DecimalComma), Ok(Hours(1225)));
        assert_eq!(cell("12.25").hours(DecimalComma), Ok(Hours(1225)));
        assert!(
            cell("12,25")
                .hours(DecimalPoint)
                .unwrap_err()
                .to_string()
                .contains("decimal comma")
        );
        assert_eq!(cell("744").hours(DecimalPoint), Ok(Hours::whole(744)));
        let e = cell("9999999.99")
            .hours(DecimalPoint)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("more hours than a month has") && !e.contains("9999"),
            "{e}"
        );
        assert_eq!(cell("3.500").count(DecimalComma, 10_000), Ok(3500));
        assert_eq!(cell("3,500").count(DecimalPoint, 10_000), Ok(3500));
        assert_eq!(cell("3 500").count(DecimalPoint, 10_000), Ok(3500));
        assert_eq!(cell("1200").count(DecimalComma, 10_000), Ok(1200));
        for bad in ["3.5", "35.00", ".500", "3,500", "-1", "", "1e3"] {
            assert!(cell(bad).count(DecimalComma, 10_000).is_err(), "{bad}");
        }
        assert_eq!(cell("66,2").percent(DecimalComma), Ok(66.2));
        assert!(cell("66,2").percent(DecimalPoint).is_err());
        for bad in ["1e2", "inf", "NaN", "-1", "100.5", "abc", ""] {
            let e = cell(bad).percent(DecimalPoint).unwrap_err().to_string();
            assert!(bad.is_empty() || !e.contains(bad), "{e}");
        }
        assert_eq!(cell("Kontanthjælp").group(), Ok(Group::Kontanthjaelp));
        assert_eq!(cell("A-dagpenge").group(), Ok(Group::ADagpenge));
        assert_eq!(cell("Jobafklaringsforløb").group(), Ok(Group::Jobafklaring));
        assert!(cell("kontant").group().is_err());
    }
}
