//! Work hours as exact integer hundredths.

use std::fmt;
use std::str::FromStr;

/// Hours in hundredths of an hour. Register hours have at most two decimals, so
/// integer hundredths sum exactly: 25.10 + 24.90 + 50 is 100, whatever the order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(pub u32);

/// Why a text is not an hour count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{text:?} is not a valid number of hours (a non-negative number with at most two decimals, e.g. 12.25)"
)]
pub struct HoursParseError {
    /// The text that was given.
    pub text: String,
}

impl Hours {
    /// Zero hours.
    pub const ZERO: Hours = Hours(0);

    /// Whole hours.
    pub const fn whole(h: u32) -> Hours {
        Hours(h * 100)
    }

    /// From a non-negative float, rounded to hundredths (used by the simulator).
    pub fn from_f64(h: f64) -> Hours {
        Hours((h.max(0.0) * 100.0).round().min(u32::MAX as f64) as u32)
    }

    /// As a float, for display.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// Hundredths.
    pub fn centi(self) -> u32 {
        self.0
    }
}

impl FromStr for Hours {
    type Err = HoursParseError;
    fn from_str(text: &str) -> Result<Hours, HoursParseError> {
        let err = || HoursParseError {
            text: text.to_string(),
        };
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        if int.is_empty()
            || int.len() > 7
            || frac.len() > 2
            || (text.contains('.') && frac.is_empty())
        {
            return Err(err());
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let whole: u32 = int.parse().map_err(|_| err())?;
        let mut cents: u32 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| err())?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        Ok(Hours(whole * 100 + cents))
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!("12.25".parse::<Hours>().unwrap(), Hours(1225));
        assert_eq!("12.5".parse::<Hours>().unwrap(), Hours(1250));
        assert_eq!("100".parse::<Hours>().unwrap(), Hours(10000));
        assert_eq!("0".parse::<Hours>().unwrap(), Hours(0));
        let sum: u32 = ["25.1", "24.9", "50"]
            .iter()
            .map(|s| s.parse::<Hours>().unwrap().0)
            .sum();
        assert_eq!(sum, 10000);
    }

    #[test]
    fn rejects_bad_hours() {
        for bad in [
            "-1", "1.234", "abc", "", "1,5", "1.", ".5", "NaN", "inf", "1e3", "99999999",
        ] {
            assert!(bad.parse::<Hours>().is_err(), "{bad}");
        }
    }
}
