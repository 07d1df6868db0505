//! Words for people, in Danish and English, and every number written for them.
//!
//! [`Lang`] is the one formatter: a decimal comma in Danish, `−` (U+2212) for minus in
//! both languages, `71,2 %` / `71.2%`, `1.000` / `1,000`. The renderers of the analyses'
//! plain data use it, one file per thing rendered:
//!
//! - [`run`]: the terminal table of a run, its verdict, and the audit line of every table.
//! - [`compare`]: the comparison table and its sentences.
//! - [`curve`]: the P(goal) curve's parameter, its values and its breakpoint.
//! - [`sensitivity`]: the tornado's table and a goal seek's answer.
//! - [`calibration`]: the fit table and its warning.
//! - [`backtest`]: the backtest table.
//! - [`evaluation`]: the evaluation of a register as a table.
//! - [`register_start`]: the line describing a run's start from a register.
//! - [`requirement`]: what the rest of the year must average.
//! - [`cli`]: `validate`'s line for a good file, the progress bar's labels.
//! - [`errors`]: an error as the line a command prints, its message in the command's
//!   language (a catalogue of the library's English messages with their Danish).
//! - [`takes`]: what it takes (a run's required December level, points of no return,
//!   persons and offers) and the conversations goal, in words.
//!
//! The charts and pages of [`crate::report`] take their numbers from [`Lang`] too.

pub mod backtest;
pub mod calibration;
pub mod cli;
pub mod compare;
pub mod curve;
pub mod errors;
pub mod evaluation;
pub mod register_start;
pub mod requirement;
pub mod run;
pub mod sensitivity;
pub mod serve;
pub mod steering;
pub mod takes;

use crate::{Group, Month};
use serde::{Deserialize, Serialize};

/// The language of human-facing output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Danish: decimal comma, `.` between thousands, `71,2 %`.
    #[default]
    Da,
    /// English: decimal point, `,` between thousands, `71.2%`.
    En,
}

/// The minus sign of every negative number for people (U+2212, as typeset tables use).
const MINUS: char = '−';

impl Lang {
    /// Pick the text for this language.
    pub fn pick<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    /// A number with `decimals` decimals: `−1,25` / `−1.25`.
    pub fn num(self, v: f64, decimals: usize) -> String {
        let digits = format!("{:.decimals$}", v.abs());
        let digits = match self {
            Lang::Da => digits.replacen('.', ",", 1),
            Lang::En => digits,
        };
        // A negative value that rounds to zero is written without its sign: "−0,0" would
        // read as a loss that the number does not show.
        let rounds_to_zero = digits.chars().all(|c| matches!(c, '0' | ',' | '.'));
        if v.is_sign_negative() && !v.is_nan() && !rounds_to_zero {
            format!("{MINUS}{digits}")
        } else {
            digits
        }
    }

    /// A number with its sign always written: `+0,6` / `−0,2`; one that rounds to zero
    /// is `+0,0`, never `−0,0`.
    pub fn signed(self, v: f64, decimals: usize) -> String {
        let magnitude = self.num(v.abs(), decimals);
        let rounds_to_zero = magnitude.chars().all(|c| matches!(c, '0' | ',' | '.'));
        let sign = if v >= 0.0 || rounds_to_zero {
            '+'
        } else {
            MINUS
        };
        format!("{sign}{magnitude}")
    }

    /// Percentage points with their sign: `+1,9 pct.-point` / `−0.4 pp`.
    pub fn pp(self, v: f64, decimals: usize) -> String {
        format!("{} {}", self.signed(v, decimals), self.pp_unit())
    }

    /// Percentage points without a sign (a spread, a width): `0,45 pct.-point` / `0.45 pp`.
    pub fn points(self, v: f64, decimals: usize) -> String {
        format!("{} {}", self.num(v, decimals), self.pp_unit())
    }

    /// The unit of a difference between two percentages, as Danish statistics write it
    /// (Danmarks Statistik, STAR): `pct.-point` / `pp`.
    pub fn pp_unit(self) -> &'static str {
        self.pick("pct.-point", "pp")
    }

    /// The percent sign as this language sets it after a number: ` %` / `%`.
    pub fn percent_sign(self) -> &'static str {
        self.pick(" %", "%")
    }

    /// A percentage: `71,2 %` / `71.2%`.
    pub fn pct(self, v: f64, decimals: usize) -> String {
        format!("{}{}", self.num(v, decimals), self.percent_sign())
    }

    /// A range of percentages with the sign once: `65,2–67,1 %` / `65.2–67.1%`.
    pub fn pct_range(self, lo: f64, hi: f64, decimals: usize) -> String {
        format!("{}–{}", self.num(lo, decimals), self.pct(hi, decimals))
    }

    /// A probability as a percentage: whole percent, but one decimal near the ends, so a
    /// small chance never reads as 0 % and an almost-certain one never as 100 %.
    fn prob(self, p: f64) -> String {
        format!("{}{}", self.prob_number(p), self.percent_sign())
    }

    /// A probability's interval with the sign once: `0–0,4 %` / `12–31%`.
    pub fn prob_range(self, [lo, hi]: [f64; 2]) -> String {
        format!("{}–{}", self.prob_number(lo), self.prob(hi))
    }

    /// A probability estimated as the share of `n` replications that met the goal. None
    /// or all of them is not a certainty: it is written as the rule of three's 95 % bound,
    /// `under 1,5 %` / `above 98.5%` for 200 replications, never `0 %` or `100 %`.
    pub fn prob_of(self, p: f64, n: u64) -> String {
        // Rounded up, so the written bound is never tighter than the rule of three's:
        // whole percent, a tenth below 1 %.
        let bound_pct = (300.0 / n.max(1) as f64).min(100.0);
        let decimals = usize::from(bound_pct < 1.0);
        let scale = if bound_pct < 1.0 { 10.0 } else { 1.0 };
        let bound_pct = (bound_pct * scale).ceil() / scale;
        // Below 30 runs the bound says little ("under 100 %" at 3): count the runs.
        if n > 0 && n < 30 && (p <= 0.0 || p >= 1.0) {
            let hits = if p <= 0.0 { 0 } else { n };
            return self
                .pick(
                    &format!("{hits} af {n} kørsler"),
                    &format!("{hits} of {n} runs"),
                )
                .to_string();
        }
        if p <= 0.0 && n > 0 {
            let bound = self.pct(bound_pct, decimals);
            format!("{} {bound}", self.pick("under", "below"))
        } else if p >= 1.0 && n > 0 {
            let bound = self.pct(100.0 - bound_pct, decimals);
            format!("{} {bound}", self.pick("over", "above"))
        } else {
            self.prob(p)
        }
    }

    /// A share of `n` replications as a part of a sentence: `72 % af kørslerne`, `over
    /// 98 % af kørslerne`, or with few runs the count itself, `10 af 10 kørsler`.
    pub fn share_of_runs(self, p: f64, n: u64) -> String {
        let share = self.prob_of(p, n);
        let counted = n > 0 && n < 30 && (p <= 0.0 || p >= 1.0);
        if counted {
            share
        } else {
            format!("{share} {}", self.pick("af kørslerne", "of the runs"))
        }
    }

    /// [`Lang::prob`] without the percent sign.
    fn prob_number(self, p: f64) -> String {
        let mut pct = 100.0 * p;
        let near_an_end = (pct > 0.0 && pct < 1.0) || (pct > 99.0 && pct < 100.0);
        if near_an_end {
            pct = pct.clamp(0.1, 99.9);
        }
        self.num(pct, usize::from(near_an_end))
    }

    /// A whole count with thousands separators: `1.000` / `1,000`.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = self.pick(".", ",");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// A count with its noun, in the singular for one: `1 kørsel`, `1.000 kørsler` /
    /// `1 replication`. `da` and `en` are each (singular, plural).
    pub fn counted(self, n: u64, da: (&str, &str), en: (&str, &str)) -> String {
        let (one, many) = self.pick2(da, en);
        format!("{} {}", self.count(n), if n == 1 { one } else { many })
    }

    /// Pick a pair of texts for this language.
    fn pick2<'a>(self, da: (&'a str, &'a str), en: (&'a str, &'a str)) -> (&'a str, &'a str) {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    /// A month's short name: `jan` / `Jan`.
    pub fn month(self, m: Month) -> &'static str {
        const DA: [&str; 12] = [
            "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let i = m.month_of_year() as usize - 1;
        self.pick(DA[i], EN[i])
    }

    /// A month's full name as running text sets it: `december` / `December`.
    pub fn month_name(self, m: Month) -> &'static str {
        const DA: [&str; 12] = [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = m.month_of_year() as usize - 1;
        self.pick(DA[i], EN[i])
    }

    /// The months from `first` to `last` as a span: `apr–dec`, or one month's name alone
    /// when they are the same month (`jan`, never `jan–jan`).
    pub fn month_span(self, first: Month, last: Month) -> String {
        if first == last {
            self.month(first).to_string()
        } else {
            format!("{}–{}", self.month(first), self.month(last))
        }
    }

    /// A month with its year: `jan 2025` / `Jan 2025`.
    pub fn month_year(self, m: Month) -> String {
        format!("{} {}", self.month(m), m.year())
    }

    /// A benefit group's label: in Danish as jobindsats.dk and Table 4 write it.
    pub fn group(self, g: Group) -> &'static str {
        match g {
            Group::ADagpenge => self.pick("A-dagpenge mv.", "Unemployment insurance"),
            Group::Kontanthjaelp => self.pick("Kontanthjælp", "Social assistance"),
            Group::Uddannelseshjaelp => self.pick("Uddannelseshjælp", "Education assistance"),
            Group::Overgangsydelse => {
                self.pick("Overgangsydelse uden for program", "Transition benefit")
            }
            Group::Sygedagpenge => self.pick("Sygedagpenge", "Sickness benefit"),
            Group::Jobafklaring => self.pick("Jobafklaringsforløb", "Job clarification"),
            Group::Revalidering => self.pick("Forrevalidering og revalidering", "Rehabilitation"),
            Group::Ressourceforloeb => self.pick("Ressourceforløb", "Resource programme"),
            Group::Ledighedsydelse => self.pick("Ledighedsydelse", "Awaiting flex job"),
        }
    }

    /// All benefit groups together, as a table's total row.
    pub fn all_groups(self) -> &'static str {
        self.pick("Ydelsesgrupper i alt", "All benefit groups")
    }

    /// Yes or no.
    pub fn yes_no(self, yes: bool) -> &'static str {
        match yes {
            true => self.pick("ja", "yes"),
            false => self.pick("nej", "no"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::{Da, En};

    #[test]
    fn decimals_are_a_comma_in_danish_and_a_point_in_english() {
        assert_eq!(Da.num(71.234, 1), "71,2");
        assert_eq!(En.num(71.234, 1), "71.2");
        assert_eq!(Da.num(250.0, 4), "250,0000");
        assert_eq!(Da.num(66.0, 0), "66");
        assert_eq!(En.num(0.125, 3), "0.125");
    }

    #[test]
    fn minus_is_the_minus_sign_in_both_languages() {
        assert_eq!(Da.num(-0.24, 1), "−0,2");
        assert_eq!(En.num(-0.24, 1), "−0.2");
        // Rounded to zero, a negative value loses its sign: never "−0,0" or "-0,0".
        assert_eq!(Da.num(-0.02, 1), "0,0");
        assert_eq!(En.num(-0.4, 0), "0");
        assert_eq!(Da.num(-0.06, 1), "−0,1");
        assert_eq!(Da.num(f64::NAN, 1), "NaN");
        assert_eq!(Da.signed(0.6, 1), "+0,6");
        assert_eq!(En.signed(-0.2, 1), "−0.2");
        assert_eq!(Da.signed(0.0, 1), "+0,0");
        assert_eq!(Da.signed(-0.02, 1), "+0,0");
        assert_eq!(Da.pp(-0.001, 2), "+0,00 pct.-point");
        assert_eq!(Da.pp(1.94, 1), "+1,9 pct.-point");
        assert_eq!(Da.points(0.454, 2), "0,45 pct.-point");
        assert_eq!(En.pp(-0.014, 2), "−0.01 pp");
        assert!(!Da.num(-3.0, 0).contains('-') && !En.pp(-3.0, 0).contains('-'));
    }

    #[test]
    fn percent_is_spaced_in_danish_and_not_in_english() {
        assert_eq!(Da.pct(71.23, 1), "71,2 %");
        assert_eq!(En.pct(71.23, 1), "71.2%");
        assert_eq!(Da.pct(70.0, 0), "70 %");
        assert_eq!(Da.pct_range(65.24, 67.06, 1), "65,2–67,1 %");
        assert_eq!(En.pct_range(65.24, 67.06, 1), "65.2–67.1%");
    }

    #[test]
    fn probabilities_keep_a_decimal_near_the_ends() {
        assert_eq!(Da.prob(0.0038), "0,4 %");
        assert_eq!(Da.prob(0.0), "0 %");
        assert_eq!(En.prob(0.4213), "42%");
        assert_eq!(En.prob(0.9996), "99.9%");
        assert_eq!(En.prob(0.995), "99.5%");
        assert_eq!(Da.prob(1.0), "100 %");
        assert_eq!(Da.prob_range([0.0, 0.0038]), "0–0,4 %");
        assert_eq!(En.prob_range([0.12, 0.31]), "12–31%");
    }

    #[test]
    fn none_or_all_of_the_runs_is_the_rule_of_threes_bound() {
        // 3/200 = 1,5 %: the 95 % upper bound on a chance that 0 of 200 runs showed,
        // rounded up; 3/1000 = 0,3 %; 3/70 = 4,3 % → 5 %.
        assert_eq!(Da.prob_of(0.0, 200), "under 2 %");
        assert_eq!(Da.prob_of(0.0, 1000), "under 0,3 %");
        assert_eq!(Da.prob_of(0.0, 70), "under 5 %");
        assert_eq!(En.prob_of(0.0, 100), "below 3%");
        assert_eq!(Da.prob_of(1.0, 100), "over 97 %");
        assert_eq!(Da.prob_of(0.42, 100), "42 %");
        // As a part of a sentence, the count is never followed by "of the runs" again.
        assert_eq!(Da.share_of_runs(1.0, 10), "10 af 10 kørsler");
        assert_eq!(Da.share_of_runs(1.0, 200), "over 98 % af kørslerne");
        assert_eq!(En.share_of_runs(0.42, 100), "42% of the runs");
        // Below 30 runs the bound says little: the runs are counted.
        assert_eq!(Da.prob_of(0.0, 3), "0 af 3 kørsler");
        assert_eq!(En.prob_of(1.0, 20), "20 of 20 runs");
    }

    #[test]
    fn thousands_are_separated_by_a_point_in_danish_and_a_comma_in_english() {
        assert_eq!(Da.count(1000), "1.000");
        assert_eq!(En.count(1_234_567), "1,234,567");
        assert_eq!(Da.count(12), "12");
        assert_eq!(Da.count(0), "0");
        assert_eq!(En.count(100_000), "100,000");
    }

    #[test]
    fn one_is_singular() {
        assert_eq!(
            Da.counted(1, ("kørsel", "kørsler"), ("run", "runs")),
            "1 kørsel"
        );
        assert_eq!(
            Da.counted(1000, ("kørsel", "kørsler"), ("run", "runs")),
            "1.000 kørsler"
        );
        assert_eq!(
            En.counted(0, ("kørsel", "kørsler"), ("run", "runs")),
            "0 runs"
        );
    }

    #[test]
    fn months_and_groups_have_their_names() {
        let march = Month::new(2025, 3).unwrap();
        assert_eq!(Da.month(march), "mar");
        assert_eq!(En.month(Month::new(2025, 5).unwrap()), "May");
        assert_eq!(Da.month_year(Month::new(2025, 5).unwrap()), "maj 2025");
        let january = Month::new(2025, 1).unwrap();
        assert_eq!(Da.month_span(january, march), "jan–mar");
        assert_eq!(En.month_span(january, january), "Jan");
        assert_eq!(Da.group(Group::ADagpenge), "A-dagpenge mv.");
        assert_eq!(En.group(Group::Ledighedsydelse), "Awaiting flex job");
        assert_eq!(Da.yes_no(true), "ja");
        assert_eq!(En.yes_no(false), "no");
    }
}
