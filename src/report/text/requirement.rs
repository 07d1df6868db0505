//! What the rest of the year must average (`fokus requirement`), in one sentence.

use super::Lang;
use crate::measure::Requirement;

/// The requirement in one sentence.
pub fn render(r: &Requirement, lang: Lang) -> String {
    let remaining = r.remaining_months;
    match (r.required_mean_pct, lang) {
        (Some(req), Lang::Da) if r.feasible => format!(
            "De resterende {remaining} måneder skal i gennemsnit nå {} for at årsgennemsnittet kommer over {}.\n",
            lang.pct(req, 1),
            lang.pct(r.target_pct, 1)
        ),
        (Some(req), Lang::En) if r.feasible => format!(
            "The remaining {remaining} months must average {} for the year mean to come above {}.\n",
            lang.pct(req, 1),
            lang.pct(r.target_pct, 1)
        ),
        (Some(req), Lang::Da) => format!(
            "Allerede umuligt: de resterende {remaining} måneder skulle i gennemsnit nå {}.\n",
            lang.pct(req, 1)
        ),
        (Some(req), Lang::En) => format!(
            "Already impossible: the remaining {remaining} months would have to average {}.\n",
            lang.pct(req, 1)
        ),
        (None, _) => format!(
            "{} {}.\n",
            lang.pick(
                "Året er observeret; målet er",
                "The year is observed; the target is"
            ),
            if r.feasible {
                lang.pick("nået", "met")
            } else {
                lang.pick("ikke nået", "not met")
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::requirement;

    #[test]
    fn the_sentence_in_either_language() {
        let r = requirement(70.0, &[66.2, 66.2, 66.5]);
        assert_eq!(
            render(&r, Lang::Da),
            "De resterende 9 måneder skal i gennemsnit nå 71,2 % for at årsgennemsnittet kommer over 70,0 %.\n"
        );
        assert_eq!(
            render(&r, Lang::En),
            "The remaining 9 months must average 71.2% for the year mean to come above 70.0%.\n"
        );
        let impossible = requirement(90.0, &[10.0; 11]);
        assert!(
            render(&impossible, Lang::Da).starts_with("Allerede umuligt: de resterende 1 måneder")
        );
        assert_eq!(
            render(&requirement(70.0, &[71.0; 12]), Lang::Da),
            "Året er observeret; målet er nået.\n"
        );
    }
}
