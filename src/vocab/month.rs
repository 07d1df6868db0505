//! Calendar months as a dense integer, so windows are plain subtraction.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar month, stored as `year * 12 + (month - 1)`.
///
/// Window arithmetic ("months m−11..m") is then integer subtraction, and the
/// string form `YYYY-MM` is used in every file and output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

/// Why a text is not a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct MonthParseError {
    /// The text that was given.
    pub text: String,
}

impl MonthParseError {
    /// What is wrong, in both languages.
    pub fn message(&self) -> crate::error::Message {
        let text = &self.text;
        crate::text!(
            da: "{text:?} er ikke en gyldig måned (ÅÅÅÅ-MM, f.eks. 2025-03)",
            en: "{text:?} is not a valid month (YYYY-MM, e.g. 2025-03)"
        )
    }
}

impl Month {
    /// The month `year`-`month` (1-based month). `None` when out of range.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        if !(1..=12).contains(&month) || !(1900..=2200).contains(&year) {
            return None;
        }
        Some(Month(year * 12 + month as i32 - 1))
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The month of the year, 1..=12.
    pub fn month_of_year(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Months from `earlier` to `self` (negative when `earlier` is later).
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    /// January of this month's year.
    pub fn january(self) -> Month {
        Month(self.year() * 12)
    }

    /// Every month from `self` to `last`, both included.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.0..=last.0).map(Month)
    }
}

impl FromStr for Month {
    type Err = MonthParseError;

    fn from_str(text: &str) -> Result<Month, MonthParseError> {
        let err = || MonthParseError {
            text: text.to_string(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(err());
        }
        let digits = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |acc, &b| {
                b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
            })
        };
        let year = digits(&bytes[..4]).ok_or_else(err)?;
        let month = digits(&bytes[5..]).ok_or_else(err)?;
        Month::new(year as i32, month).ok_or_else(err)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month_of_year())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// In a file a month is the text `YYYY-MM`.
impl schemars::JsonSchema for Month {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Month".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "description": "A calendar month, YYYY-MM (e.g. 2025-03)"
        })
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e: MonthParseError| serde::de::Error::custom(e.message().to_serde()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m: Month = "2025-03".parse().unwrap();
        assert_eq!(m.year(), 2025);
        assert_eq!(m.month_of_year(), 3);
        assert_eq!(m.to_string(), "2025-03");
        assert_eq!(m.plus(-3).to_string(), "2024-12");
        assert_eq!(m.since("2024-03".parse().unwrap()), 12);
        assert_eq!(m.january().to_string(), "2025-01");
    }

    #[test]
    fn rejects_bad_months() {
        for bad in [
            "2025-13", "2025-00", "2025-3", "25-03", "2025/03", "abcd-ef", "", "2025-03 ",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }
}
