//! Output language for people: Danish (default) or English, with their number formats.

use serde::{Deserialize, Serialize};

/// The language of human-facing output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Danish: decimal comma, Danish labels.
    #[default]
    Da,
    /// English: decimal point.
    En,
}

impl Lang {
    /// A number with `decimals` decimals in this language's format.
    pub fn num(self, v: f64, decimals: usize) -> String {
        let s = format!("{v:.decimals$}");
        match self {
            Lang::Da => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// A percentage with one decimal: `71,2 %` / `71.2%`.
    pub fn pct(self, v: f64) -> String {
        match self {
            Lang::Da => format!("{} %", self.num(v, 1)),
            Lang::En => format!("{}%", self.num(v, 1)),
        }
    }

    /// A probability as a percentage: whole percent, but one decimal near the ends, so a
    /// small chance never reads as 0 % and an almost-certain one never as 100 %.
    pub fn prob(self, p: f64) -> String {
        let mut pct = 100.0 * p;
        let near_an_end = (pct > 0.0 && pct < 1.0) || (pct > 99.0 && pct < 100.0);
        if near_an_end {
            pct = pct.clamp(0.1, 99.9);
        }
        let decimals = usize::from(near_an_end);
        let unit = self.pick(" %", "%");
        format!("{}{unit}", self.num(pct, decimals))
    }

    /// A whole count with thousands separators: `1.000` / `1,000`.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::Da => '.',
            Lang::En => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// Pick the text for this language.
    pub fn pick<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    /// A group's label.
    pub fn group(self, g: crate::Group) -> &'static str {
        match self {
            Lang::Da => g.label_da(),
            Lang::En => g.label_en(),
        }
    }

    /// A month's short name (`jan` / `Jan`).
    pub fn month_name(self, m: crate::Month) -> &'static str {
        const DA: [&str; 12] = [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let i = m.month_of_year() as usize - 1;
        match self {
            Lang::Da => DA[i],
            Lang::En => EN[i],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(Lang::Da.pct(71.23), "71,2 %");
        assert_eq!(Lang::En.pct(71.23), "71.2%");
        assert_eq!(Lang::Da.count(1000), "1.000");
        assert_eq!(Lang::En.count(1234567), "1,234,567");
        assert_eq!(Lang::Da.count(12), "12");
        assert_eq!(Lang::Da.prob(0.0038), "0,4 %");
        assert_eq!(Lang::Da.prob(0.0), "0 %");
        assert_eq!(Lang::En.prob(0.4213), "42%");
        assert_eq!(Lang::En.prob(0.9996), "99.9%");
        assert_eq!(Lang::En.prob(0.995), "99.5%");
    }
}
