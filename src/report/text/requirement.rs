//! What the rest of the year must average (`fokus requirement`), in one sentence that
//! names the observed months, the remaining months and the year.

use super::Lang;
use crate::Month;
use crate::measure::Requirement;

/// The requirement in one sentence: "Med jan–mar 2025 observeret skal de resterende 9
/// måneder (apr–dec) i gennemsnit nå 71,2 % for at årsgennemsnittet for 2025 kommer over
/// 70,0 %." Without a year, the months are named alone.
pub fn render(r: &Requirement, lang: Lang) -> String {
    let year = |y: Option<i32>| y.map_or(String::new(), |y| format!(" {y}"));
    let month = |i: usize| Month::new(r.year.unwrap_or(2000), i as u32 + 1).expect("1 to 12");
    let observed = r.observed.len();
    let target = lang.pct(r.target_pct, 1);
    let Some(req) = r.required_mean_pct else {
        return format!(
            "{}{} {}; {} {}.\n",
            lang.pick("Året", "The year"),
            year(r.year),
            lang.pick("er observeret", "is observed"),
            lang.pick("målet er", "the target is"),
            match r.feasible {
                true => lang.pick("nået", "met"),
                false => lang.pick("ikke nået", "not met"),
            }
        );
    };
    let req = lang.pct(req, 1);
    let seen = (observed > 0).then(|| {
        format!(
            "{}{}",
            lang.month_span(month(0), month(observed - 1)),
            year(r.year)
        )
    });
    let rest = lang.month_span(month(observed), month(11));
    let remaining = match (lang, r.remaining_months) {
        (Lang::Da, 1) => format!("den resterende måned ({rest})"),
        (Lang::Da, n) => format!("de resterende {n} måneder ({rest})"),
        (Lang::En, 1) => format!("the remaining month ({rest})"),
        (Lang::En, n) => format!("the remaining {n} months ({rest})"),
    };
    let one = r.remaining_months == 1;
    let year_mean = match (lang, r.year) {
        (Lang::Da, Some(y)) => format!("årsgennemsnittet for {y}"),
        (Lang::Da, None) => "årsgennemsnittet".to_string(),
        (Lang::En, Some(y)) => format!("the {y} year mean"),
        (Lang::En, None) => "the year mean".to_string(),
    };
    let sentence = match (lang, r.feasible) {
        (Lang::Da, true) => format!(
            "{remaining} skal {}nå {req} for at {year_mean} kommer over {target}.",
            if one { "" } else { "i gennemsnit " }
        ),
        (Lang::En, true) => format!(
            "{remaining} must {} {req} for {year_mean} to come above {target}.",
            if one { "reach" } else { "average" }
        ),
        (Lang::Da, false) => format!(
            "{remaining} skulle {}nå {req} for at {year_mean} kom over {target} — det er allerede umuligt.",
            if one { "" } else { "i gennemsnit " }
        ),
        (Lang::En, false) => format!(
            "{remaining} would have to {} {req} for {year_mean} to come above {target} — already impossible.",
            if one { "reach" } else { "average" }
        ),
    };
    match seen {
        Some(seen) => match lang {
            Lang::Da => format!("Med {seen} observeret: {sentence}\n"),
            Lang::En => format!("With {seen} observed: {sentence}\n"),
        },
        // The sentences start with an ASCII letter.
        None => format!("{}{}\n", sentence[..1].to_uppercase(), &sentence[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::requirement;

    #[test]
    fn the_sentence_names_the_months_and_the_year() {
        let r = requirement(70.0, &[66.2, 66.2, 66.5]).in_year(2025);
        assert_eq!(
            render(&r, Lang::Da),
            "Med jan–mar 2025 observeret: de resterende 9 måneder (apr–dec) skal i gennemsnit nå 71,2 % for at årsgennemsnittet for 2025 kommer over 70,0 %.\n"
        );
        assert_eq!(
            render(&r, Lang::En),
            "With Jan–Mar 2025 observed: the remaining 9 months (Apr–Dec) must average 71.2% for the 2025 year mean to come above 70.0%.\n"
        );
        // One observed month is named alone, never "jan–jan".
        let one = requirement(70.0, &[66.2]).in_year(2025);
        assert!(
            render(&one, Lang::Da)
                .starts_with("Med jan 2025 observeret: de resterende 11 måneder (feb–dec) skal"),
            "{}",
            render(&one, Lang::Da)
        );
        // (12·90 − 110) / 1 = 970: one month left, in the singular.
        let impossible = requirement(90.0, &[10.0; 11]).in_year(2024);
        assert_eq!(
            render(&impossible, Lang::Da),
            "Med jan–nov 2024 observeret: den resterende måned (dec) skulle nå 970,0 % for at årsgennemsnittet for 2024 kom over 90,0 % — det er allerede umuligt.\n"
        );
        assert_eq!(
            render(&requirement(70.0, &[71.0; 12]).in_year(2025), Lang::Da),
            "Året 2025 er observeret; målet er nået.\n"
        );
        // Nothing observed: the whole year, and without a year the months alone.
        assert_eq!(
            render(&requirement(70.0, &[]), Lang::En),
            "The remaining 12 months (Jan–Dec) must average 70.0% for the year mean to come above 70.0%.\n"
        );
    }
}
