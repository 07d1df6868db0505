//! Monthly shares in percent as people type them on a command line
//! (`fokus requirement --observed`), in Danish or English notation.
//!
//! A Danish `66,2` and an English list `66,2` (two months) are the same characters, and
//! reading one as the other answers another question with no error. So the comma's role
//! is decided from the rest of the text, and text that could mean either is refused with
//! both readings:
//!
//! - `;`, spaces or a repeated option separate months; then a comma between two digits
//!   is a decimal comma (`66,2;66,5`, `66,2 66,5`).
//! - A decimal point anywhere makes every comma a list separator (`66.2,66.5`), unless a
//!   comma stands between two whole numbers (`66.2,66,5`: mixed notation).
//! - A comma between digits with nothing else to tell (`66,2`, `66,2,66,5`, `66,67,68`)
//!   is ambiguous.
//! - A comma next to a space or at an end (`66, 67`) separates months.
//! - A trailing `%` is allowed; all values at most 1 with a fraction (`0.662`) look like
//!   shares, not percentages, and are refused unless written with `%`.

use crate::error::InputError;

/// The most months a year has.
pub const MAX_MONTHS: usize = 12;

/// Parse the monthly shares (percent, January first) given as `args`: each occurrence of
/// the option, as typed. `flag` names the option in errors. No arguments give no months.
pub fn parse_percent_list(args: &[String], flag: &str) -> Result<Vec<f64>, InputError> {
    let words = words(args, flag)?;
    let pieces: Vec<Vec<&str>> = words.iter().map(|w| w.split(',').collect()).collect();
    let any_point = words.iter().any(|w| w.contains('.'));
    let inner = |p: &[&str], i: usize| is_inner(p[i], p[i + 1]);
    let has_inner = pieces.iter().any(|p| (0..p.len() - 1).any(|i| inner(p, i)));
    let decimal_comma = if !has_inner {
        false
    } else if any_point {
        if let Some((p, i)) = pieces.iter().find_map(|p| {
            (0..p.len() - 1)
                .find(|&i| inner(p, i) && !p[i].contains('.') && !p[i + 1].contains('.'))
                .map(|i| (p, i))
        }) {
            return Err(mixed(flag, &p.join(","), p[i], p[i + 1]));
        }
        false
    } else if words.len() > 1 || args.iter().any(|a| a.contains(';')) {
        true
    } else {
        return Err(ambiguous(flag, &words[0], &pieces[0]));
    };

    let mut values: Vec<(f64, bool)> = Vec::new();
    for (word, p) in words.iter().zip(&pieces) {
        let before = values.len();
        let mut i = 0;
        while i < p.len() {
            let mut end = i;
            while decimal_comma && end + 1 < p.len() && inner(p, end) {
                end += 1;
            }
            let text = p[i..=end].join(",");
            let month = values.len() + 1;
            let at = |message: crate::error::Message| {
                InputError::at(flag, format!("month {month}"), message)
            };
            if text.is_empty() {
                // A comma at either end of a word separates it from its neighbour; one
                // between two commas stands for a month left out.
                if i != 0 && i != p.len() - 1 {
                    return Err(at(crate::text!(
                        da: "{word:?} har en tom måned mellem to kommaer (hver måned skal have en andel)",
                        en: "{word:?} has an empty month between two commas (every month needs a share)"
                    )));
                }
            } else {
                values.push(number(&text, decimal_comma).map_err(at)?);
            }
            i = end + 1;
        }
        if values.len() == before {
            return Err(InputError::at(
                flag,
                format!("month {}", before + 1),
                crate::text!(
                    da: "{word:?} er ikke en andel i procent (forventede fx 66,2 eller 66.2)",
                    en: "{word:?} is not a share in percent (expected e.g. 66.2 or 66,2)"
                ),
            ));
        }
    }
    if values.len() > MAX_MONTHS {
        return Err(InputError::new(flag, {
            let given = values.len();
            crate::text!(
                da: "{given} måneder givet; et år har {MAX_MONTHS}",
                en: "{given} months given; a year has {MAX_MONTHS}"
            )
        }));
    }
    let looks_like_shares = values.iter().all(|&(v, percent)| v <= 1.0 && !percent)
        && values.iter().any(|&(v, _)| v.fract() != 0.0);
    if looks_like_shares {
        let (v, _) = values
            .iter()
            .find(|(v, _)| v.fract() != 0.0)
            .expect("checked");
        return Err(InputError::new(flag, {
            let pct = round_display(v * 100.0);
            let (v_da, pct_da) = (crate::error::da_number(v), crate::error::da_number(&pct));
            crate::text!(
                da: "{v_da} ligner en andel, ikke en procentsats ({v_da} = {pct_da} %): angiv procent, fx {pct_da} (eller skriv {v_da}%, hvis du mener {v_da} %)",
                en: "{v} looks like a share, not a percentage ({v} = {pct} %): give percent, e.g. {pct} (or write {v}% if you mean {v} %)"
            )
        }));
    }
    Ok(values.into_iter().map(|(v, _)| v).collect())
}

/// The words of the arguments: split on `;` and whitespace, each option occurrence on its
/// own; a `%` standing alone belongs to the number before it.
fn words(args: &[String], flag: &str) -> Result<Vec<String>, InputError> {
    let mut words: Vec<String> = Vec::new();
    for arg in args {
        let fields: Vec<&str> = arg.split(';').collect();
        for (k, field) in fields.iter().enumerate() {
            let mut any = false;
            for word in field.split_whitespace() {
                match words.last_mut() {
                    Some(last) if word == "%" && any => last.push('%'),
                    _ => words.push(word.to_string()),
                }
                any = true;
            }
            // One `;` at the very end is a habit, not a month left out.
            let trailing = k == fields.len() - 1 && k > 0;
            if !any && !trailing {
                return Err(InputError::at(
                    flag,
                    format!("month {}", words.len() + 1),
                    crate::text!(
                        da: "{arg:?} har en tom måned (hver måned skal have en andel)",
                        en: "{arg:?} has an empty month (every month needs a share)"
                    ),
                ));
            }
        }
    }
    Ok(words)
}

/// Whether the comma between `left` and `right` stands between two digits.
fn is_inner(left: &str, right: &str) -> bool {
    left.ends_with(|c: char| c.is_ascii_digit()) && right.starts_with(|c: char| c.is_ascii_digit())
}

/// One share: digits, at most one decimal mark (`.`, or `,` when `decimal_comma`) with
/// digits after it, an optional `%`. Returns the value and whether it had a `%`.
fn number(text: &str, decimal_comma: bool) -> Result<(f64, bool), crate::error::Message> {
    let (digits, percent) = match text.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    let mark = if decimal_comma { ',' } else { '.' };
    let well_formed = {
        let mut parts = digits.split(mark);
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        parts.next().is_none() && all_digits(whole) && fraction.is_none_or(all_digits)
    };
    if !well_formed {
        return Err(if decimal_comma {
            crate::text!(
                da: "{text:?} er ikke en andel i procent (forventede fx 66,2 eller 66.2; med ; eller mellemrum mellem månederne er et komma et decimalkomma, ét pr. måned)",
                en: "{text:?} is not a share in percent (expected e.g. 66.2 or 66,2; with ; or spaces between months a comma is a decimal comma, one per month)"
            )
        } else {
            crate::text!(
                da: "{text:?} er ikke en andel i procent (forventede fx 66,2 eller 66.2; cifre med højst ét decimaltegn, punktum eller komma)",
                en: "{text:?} is not a share in percent (expected e.g. 66.2 or 66,2; digits with at most one decimal point or comma)"
            )
        });
    }
    let value: f64 = digits
        .replace(',', ".")
        .parse()
        .map_err(|_| crate::text!(da: "{text:?} er ikke et tal", en: "{text:?} is not a number"))?;
    if !(0.0..=100.0).contains(&value) {
        let shown = round_display(value);
        let shown_da = crate::error::da_number(&shown);
        return Err(crate::text!(
            da: "{shown_da} er ikke en procentsats (forventede 0 til 100)",
            en: "{shown} is not a percentage (expected 0 to 100)"
        ));
    }
    Ok((value, percent))
}

/// A number for a message: at most four decimals, no trailing zeros.
fn round_display(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `66,2` or `66,2,66,5`: only digits and commas, one word.
fn ambiguous(flag: &str, word: &str, pieces: &[&str]) -> InputError {
    // The two readings said in one language: `da` picks Danish.
    let readings = |da: bool| {
        let pick = |d: &'static str, e: &'static str| if da { d } else { e };
        let list = |items: &[String]| {
            items
                .iter()
                .map(|v| format!("{v} %"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let months = |n: usize| match (n, da) {
            (1, true) => "1 måned".to_string(),
            (1, false) => "1 month".to_string(),
            (n, true) => format!("{n} måneder"),
            (n, false) => format!("{n} months"),
        };
        let as_list: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        let (as_word, write, or) = (
            pick("som", "as"),
            pick("skriv", "write"),
            pick("eller", "or"),
        );
        let list_reading = format!(
            "{as_word} {} ({}) {write} {}",
            months(as_list.len()),
            list(&as_list),
            as_list.join(";")
        );
        let decimal_reading = if pieces.len() == 2 {
            format!(
                "{as_word} {} ({},{} %) {write} {}.{}",
                months(1),
                pieces[0],
                pieces[1],
                pieces[0],
                pieces[1]
            )
        } else if pieces.len().is_multiple_of(2) {
            let pairs: Vec<String> = pieces.chunks(2).map(|p| p.join(",")).collect();
            let points: Vec<String> = pieces.chunks(2).map(|p| p.join(".")).collect();
            format!(
                "{as_word} {} ({}) {write} {} ({or} {})",
                months(pairs.len()),
                list(&pairs),
                pairs.join(";"),
                points.join(",")
            )
        } else {
            pick(
                "med decimalkommaer sæt ; mellem månederne (fx 66,2;66,5)",
                "with decimal commas put ; between the months (e.g. 66,2;66,5)",
            )
            .to_string()
        };
        format!("{}; {decimal_reading}", capitalized(&list_reading))
    };
    let (da, en) = (readings(true), readings(false));
    InputError::new(
        flag,
        crate::text!(
            da: "{word:?} er tvetydig: et komma kan skille måneder eller være et decimalkomma. {da}",
            en: "{word:?} is ambiguous: a comma may separate months or be a decimal comma. {en}"
        ),
    )
}

/// `66.2,66,5`: decimal points, and a comma between two whole numbers.
fn mixed(flag: &str, word: &str, left: &str, right: &str) -> InputError {
    InputError::new(
        flag,
        crate::text!(
            da: "{word:?} er tvetydig: den har decimalpunktummer, men kommaet i {left},{right} kan skille to måneder ({left} % og {right} %) eller være et decimalkomma ({left},{right} %). Skriv decimalpunktummer med , eller ; mellem månederne (fx 66.2,66.5) eller decimalkommaer med ; mellem månederne (fx 66,2;66,5)",
            en: "{word:?} is ambiguous: it has decimal points, but the comma in {left},{right} may separate two months ({left} % and {right} %) or be a decimal comma ({left},{right} %). Write decimal points with , or ; between months (e.g. 66.2,66.5), or decimal commas with ; between months (e.g. 66,2;66,5)"
        ),
    )
}

/// `s` with its first letter in upper case (a name that starts a sentence or a title).
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(args: &[&str]) -> Result<Vec<f64>, InputError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse_percent_list(&args, "--observed")
    }

    fn refused(args: &[&str]) -> String {
        let err = parse(args).expect_err(&format!("{args:?} should be refused"));
        err.to_string()
    }

    #[test]
    fn unambiguous_forms_are_read() {
        let cases: &[(&[&str], &[f64])] = &[
            (&["66.2,66.2,66.5"], &[66.2, 66.2, 66.5]),
            (&["66.2"], &[66.2]),
            (&["66"], &[66.0]),
            (&["66,2;66,2;66,5"], &[66.2, 66.2, 66.5]),
            (&["66,2;66,2;66,5;"], &[66.2, 66.2, 66.5]),
            (&["66,2;"], &[66.2]),
            (&["66,2 66,2  66,5"], &[66.2, 66.2, 66.5]),
            (&["66,2", "66,5"], &[66.2, 66.5]),
            (&["66,2 %; 66,5 %"], &[66.2, 66.5]),
            (&["66,2%;66,5%"], &[66.2, 66.5]),
            (&["66.2;66.5"], &[66.2, 66.5]),
            (&["66.2 66.5,67"], &[66.2, 66.5, 67.0]),
            (&["66, 67, 68"], &[66.0, 67.0, 68.0]),
            (&["66,2, 67,5"], &[66.2, 67.5]),
            (&["66;2"], &[66.0, 2.0]),
            (&["0.5%"], &[0.5]),
            (&["0;1"], &[0.0, 1.0]),
            (&["100", "0"], &[100.0, 0.0]),
            (&[], &[]),
        ];
        for (args, want) in cases {
            assert_eq!(parse(args).unwrap(), want.to_vec(), "{args:?}");
        }
    }

    #[test]
    fn ambiguous_forms_are_refused_with_both_readings() {
        let err = refused(&["66,2"]);
        assert!(err.contains("ambiguous"), "{err}");
        assert!(
            err.contains("write 66;2") && err.contains("write 66.2"),
            "{err}"
        );
        let err = refused(&["66,2,66,5"]);
        assert!(
            err.contains("4 months (66 %, 2 %, 66 %, 5 %) write 66;2;66;5")
                && err.contains("2 months (66,2 %, 66,5 %) write 66,2;66,5 (or 66.2,66.5)"),
            "{err}"
        );
        let err = refused(&["66,67,68"]);
        assert!(err.contains("write 66;67;68"), "{err}");
        for mixed in [&["66.2,66,5"][..], &["66.2;66,5"], &["66.2", "66,5"]] {
            let err = refused(mixed);
            assert!(err.contains("66,5 may separate"), "{err}");
        }
    }

    #[test]
    fn malformed_values_are_refused() {
        for bad in [
            &[""][..],
            &[";"],
            &["66;;67"],
            &["66,,67"],
            &["abc"],
            &["66.2,abc"],
            &["66,2,5;67"],
            &["1e2"],
            &["-5"],
            &["+5"],
            &[".5"],
            &["5."],
            &["66.2.3"],
            &["inf"],
            &["NaN"],
            &["150"],
            &["%"],
            &["1;2;3;4;5;6;7;8;9;10;11;12;13"],
            &["0.662"],
            &["0,662;0,665"],
        ] {
            let err = refused(bad);
            assert!(err.starts_with("--observed: "), "{err}");
        }
        assert!(refused(&["150"]).contains("150 is not a percentage"));
        assert!(refused(&["0.662"]).contains("give percent, e.g. 66.2"));
        assert!(refused(&["66;;67"]).contains("month 2"));
    }

    /// A month's share as a person might type it: whole, or with one or two decimals.
    fn share() -> impl Strategy<Value = (u32, Option<u32>)> {
        (0u32..=100, prop::option::of(0u32..100)).prop_map(|(whole, frac)| match whole {
            100 => (100, None),
            _ => (whole, frac),
        })
    }

    fn text((whole, frac): (u32, Option<u32>), mark: char) -> String {
        match frac {
            Some(f) => format!("{whole}{mark}{f}"),
            None => whole.to_string(),
        }
    }

    fn value((whole, frac): (u32, Option<u32>)) -> f64 {
        text((whole, frac), '.').parse().unwrap()
    }

    proptest! {
        /// Every unambiguous notation of a list reads back as the list; a comma-only list
        /// in one word is refused, never read one way or the other.
        #[test]
        fn every_notation_reads_the_same_months(shares in prop::collection::vec(share(), 1..=12)) {
            let want: Vec<f64> = shares.iter().map(|&s| value(s)).collect();
            let looks_like_shares = want.iter().all(|&v| v <= 1.0) && want.iter().any(|v| v.fract() != 0.0);
            prop_assume!(!looks_like_shares);
            let danish: Vec<String> = shares.iter().map(|&s| text(s, ',')).collect();
            let english: Vec<String> = shares.iter().map(|&s| text(s, '.')).collect();
            // One Danish decimal alone is ambiguous (below); a `;` says what the comma is.
            let danish_alone = danish.len() == 1 && danish[0].contains(',');
            let mut forms = vec![
                vec![danish.join(";") + ";"],
                vec![english.join(";")],
                english.clone(),
                vec![english.join(", ")],
            ];
            if !danish_alone {
                forms.extend([vec![danish.join(";")], vec![danish.join(" ")], vec![danish.join("; ")], danish.clone()]);
            }
            for args in forms {
                prop_assert_eq!(parse_percent_list(&args, "--observed").unwrap(), want.clone(), "{:?}", args);
            }
            if english.iter().any(|t| t.contains('.')) {
                let args = vec![english.join(",")];
                // With a point, only a comma between two whole numbers stays ambiguous.
                let between_wholes = english.windows(2).any(|w| !w[0].contains('.') && !w[1].contains('.'));
                match parse_percent_list(&args, "--observed") {
                    Ok(got) => prop_assert!(!between_wholes && got == want, "{:?}", args),
                    Err(e) => prop_assert!(between_wholes && e.message.en().contains("ambiguous"), "{:?}", args),
                }
            }
            let commas = vec![danish.join(",")];
            if commas[0].contains(',') {
                let e = parse_percent_list(&commas, "--observed").unwrap_err();
                prop_assert!(e.message.en().contains("ambiguous"), "{:?}: {}", commas, e);
            }
        }

        /// Whatever is typed: refused with a message, or at most 12 percentages.
        #[test]
        fn any_text_is_refused_or_percentages(args in prop::collection::vec("[0-9,.; %a-]{0,12}", 0..4)) {
            if let Ok(values) = parse_percent_list(&args, "--observed") {
                prop_assert!(values.len() <= MAX_MONTHS);
                prop_assert!(values.iter().all(|v| (0.0..=100.0).contains(v)));
            }
        }
    }
}
