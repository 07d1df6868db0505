//! The P(goal) curve for people: what its parameter is, its values in the parameter's
//! unit, and the breakpoint in one sentence.

use super::Lang;
use crate::analyses::curve::{Effect, PGoalCurve, Side};

/// The parameter in words: `listernes ekstra tilbudsrate` / `the lists' extra offer rate`.
pub fn effect(e: Effect, lang: Lang) -> &'static str {
    match e {
        Effect::ExtraOfferRate => lang.pick(
            "listernes ekstra tilbudsrate",
            "the lists' extra offer rate",
        ),
        Effect::MonthsWithoutOffer => lang.pick(
            "listernes grænse for måneder uden tilbud",
            "the lists' months-without-offer threshold",
        ),
        Effect::RegistrationRate => lang.pick(
            "registreringsgraden ved fraværsopfølgningen",
            "the follow-up's registration rate",
        ),
        Effect::OffersPerMonth => {
            lang.pick("de ekstra tilbud om måneden", "the extra offers a month")
        }
        Effect::ExtraPlaces => lang.pick("de ekstra pladser", "the extra places"),
        Effect::SteeringOffersPerMonth => {
            lang.pick("listernes tilbud om måneden", "the lists' offers a month")
        }
        Effect::FindsUnregistered => lang.pick(
            "den andel af det uregistrerede fravær, opfølgningen finder",
            "the share of unregistered absence the follow-up finds",
        ),
    }
}

/// The curve's parameter in words, with the groups its initiative is for when it is
/// not for all: `de ekstra pladser (Kontanthjælp)`, so that curves of the same kind of
/// number in one scenario are told apart.
pub fn parameter(c: &PGoalCurve, lang: Lang) -> String {
    let what = effect(c.label, lang);
    if c.groups.is_empty() {
        return what.to_string();
    }
    let groups: Vec<&str> = c.groups.iter().map(|&g| lang.group(g)).collect();
    format!("{what} ({})", groups.join(", "))
}

/// A value of the parameter in its unit: a rate as a percent with `decimals` decimals
/// (`4,7 %`), months and places as the whole number the scenario holds (a count is
/// rounded when it is set).
pub fn value(e: Effect, v: f64, decimals: usize, lang: Lang) -> String {
    if e.is_rate() {
        lang.pct(100.0 * v, decimals)
    } else {
        lang.num(v.round(), 0)
    }
}

/// The answer of the curve, a clause without its figures: `P(mål) passerer 50 %, når
/// listernes ekstra tilbudsrate er 4,7 %`, or where P(goal) stays when it does not cross
/// (`P(mål) bliver under 50 %, uanset om … er 1,0 % eller 6,0 %`). A chart's title.
pub fn answer(c: &PGoalCurve, lang: Lang) -> String {
    let what = parameter(c, lang);
    let at = |v: f64| value(c.label, v, 1, lang);
    let [low, high] = c.support;
    match (c.breakpoint, c.stays) {
        (Some(b), _) => match lang {
            Lang::Da => format!("P(mål) passerer 50 %, når {what} er {}", at(b)),
            Lang::En => format!("P(goal) crosses 50% when {what} is {}", at(b)),
        },
        (None, side) => {
            let below = side != Some(Side::Above);
            match lang {
                Lang::Da => format!(
                    "P(mål) bliver {} 50 %, uanset om {what} er {} eller {}",
                    if below { "under" } else { "over" },
                    at(low),
                    at(high)
                ),
                Lang::En => format!(
                    "P(goal) stays {} 50% whether {what} is {} or {}",
                    if below { "below" } else { "above" },
                    at(low),
                    at(high)
                ),
            }
        }
    }
}

/// The breakpoint in one sentence: the [`answer`] with P(goal) at the support's ends,
/// `P(mål) passerer 50 %, når listernes ekstra tilbudsrate er 4,7 % (P(mål) 2 % ved
/// 1,0 %, 97 % ved 6,0 %).`
pub fn breakpoint(c: &PGoalCurve, lang: Lang) -> String {
    let at = |v: f64| value(c.label, v, 1, lang);
    let [low, high] = c.support;
    let p = |i: usize| c.points.get(i).map_or(f64::NAN, |p| p.p_target_met);
    let (p_low, p_high) = (
        lang.prob_of(p(0), c.replications),
        lang.prob_of(p(c.points.len().max(1) - 1), c.replications),
    );
    // "under 6 % til under 6 %" says one thing twice: without a crossing, the same
    // figure at both ends is said once.
    let ends = if c.breakpoint.is_none() && p_low == p_high {
        format!("{p_low} {}", lang.pick("ved begge", "at both"))
    } else {
        let by = lang.pick("ved", "at");
        format!("{p_low} {by} {}, {p_high} {by} {}", at(low), at(high))
    };
    format!(
        "{} ({} {ends}).",
        answer(c, lang),
        lang.pick("P(mål)", "P(goal)")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::curve::CurvePoint;

    fn curve(breakpoint: Option<f64>, stays: Option<Side>, p: [f64; 2]) -> PGoalCurve {
        let point = |value, p_target_met| CurvePoint {
            value,
            p_target_met,
            p_low: 0.0,
            p_high: 1.0,
            year_mean_pct: Some(70.0),
        };
        PGoalCurve {
            parameter: "initiatives[0].extra_offer_rate".into(),
            label: Effect::ExtraOfferRate,
            groups: Vec::new(),
            support: [0.01, 0.06],
            replications: 100,
            points: vec![point(0.01, p[0]), point(0.06, p[1])],
            breakpoint,
            stays,
        }
    }

    #[test]
    fn the_breakpoint_is_said_in_the_parameters_unit() {
        let c = curve(Some(0.046_875), None, [0.0, 0.62]);
        assert_eq!(
            breakpoint(&c, Lang::Da),
            "P(mål) passerer 50 %, når listernes ekstra tilbudsrate er 4,7 % (P(mål) under 3 % ved 1,0 %, 62 % ved 6,0 %)."
        );
        assert_eq!(
            breakpoint(&c, Lang::En),
            "P(goal) crosses 50% when the lists' extra offer rate is 4.7% (P(goal) below 3% at 1.0%, 62% at 6.0%)."
        );
    }

    #[test]
    fn no_crossing_says_on_which_side_it_stays() {
        let c = curve(None, Some(Side::Below), [0.0, 0.12]);
        assert_eq!(
            breakpoint(&c, Lang::Da),
            "P(mål) bliver under 50 %, uanset om listernes ekstra tilbudsrate er 1,0 % eller 6,0 % (P(mål) under 3 % ved 1,0 %, 12 % ved 6,0 %)."
        );
        let c = curve(None, Some(Side::Below), [0.0, 0.0]);
        assert_eq!(
            breakpoint(&c, Lang::Da),
            "P(mål) bliver under 50 %, uanset om listernes ekstra tilbudsrate er 1,0 % eller 6,0 % (P(mål) under 3 % ved begge)."
        );
        assert!(breakpoint(&c, Lang::En).ends_with("(P(goal) below 3% at both)."));
        let c = curve(None, Some(Side::Above), [0.55, 0.9]);
        assert!(breakpoint(&c, Lang::En).starts_with("P(goal) stays above 50% whether"));
    }

    #[test]
    fn curves_of_one_kind_are_told_apart_by_their_groups() {
        let mut c = curve(None, Some(Side::Below), [0.0, 0.0]);
        c.label = Effect::ExtraPlaces;
        c.support = [100.0, 150.0];
        let mut other = c.clone();
        c.groups = vec![crate::Group::Kontanthjaelp];
        other.groups = vec![crate::Group::Ressourceforloeb];
        assert_eq!(parameter(&c, Lang::Da), "de ekstra pladser (Kontanthjælp)");
        assert_ne!(answer(&c, Lang::Da), answer(&other, Lang::Da));
        assert_eq!(
            answer(&c, Lang::Da),
            "P(mål) bliver under 50 %, uanset om de ekstra pladser (Kontanthjælp) er 100 eller 150"
        );
    }

    #[test]
    fn counts_are_whole() {
        assert_eq!(value(Effect::OffersPerMonth, 117.19, 2, Lang::Da), "117");
        assert_eq!(value(Effect::RegistrationRate, 0.85, 1, Lang::En), "85.0%");
        assert_eq!(
            value(Effect::ExtraOfferRate, 0.043_359_375, 2, Lang::Da),
            "4,34 %"
        );
    }
}
