//! A calibration for people: the fit table (group × month, observed, simulated,
//! difference) and the warning when the total does not fit although the groups do.

use super::Lang;
use crate::analyses::calibrate::laplace::rate_interval_90;
use crate::analyses::calibrate::pooling::Pooling;
use crate::analyses::calibrate::volatility::{MIN_HISTORY_MONTHS, ShockSource};
use crate::analyses::calibrate::{Calibration, FitCell};

/// The fit table for people: group × month, observed, simulated, difference.
pub fn render_fit(cal: &Calibration, lang: Lang) -> String {
    let mut out = format!(
        "{} ({} {}, {}, {} {})\n\n",
        lang.pick(
            "Kalibrering: aktiv andel, observeret mod simuleret",
            "Calibration: active share, observed vs simulated"
        ),
        cal.iterations,
        lang.pick("iterationer", "iterations"),
        super::run::replications(lang, cal.replications),
        lang.pick("startværdi", "seed"),
        cal.seed
    );
    out.push_str(&format!(
        "  {:<34}{:>8}{:>8}{:>8}{:>8}\n",
        lang.pick("Ydelsesgruppe", "Benefit group"),
        lang.pick("Måned", "Month"),
        "Obs.",
        "Sim.",
        lang.pick("Forskel", "Diff.")
    ));
    let mut cells: Vec<&FitCell> = cal.fit.iter().collect();
    cells.sort_by_key(|c| (c.group.map_or(0, |g| g.index() + 1), c.month));
    for c in cells {
        out.push_str(&format!(
            "  {:<34}{:>8}{:>8}{:>8}{:>8}\n",
            c.group.map_or(lang.all_groups(), |g| lang.group(g)),
            lang.month(c.month),
            lang.num(c.observed, 1),
            lang.num(c.simulated, 1),
            lang.signed(c.difference(), 1)
        ));
    }
    out.push_str(&render_rates(cal, lang));
    out
}

/// The fitted offer rate and trend per group, the rate with its approximate 90 %
/// interval from the fit's covariance (the Laplace approximation).
fn render_rates(cal: &Calibration, lang: Lang) -> String {
    let mut out = format!(
        "\n{}\n\n  {:<34}{:>12}{:>18}{:>10}\n",
        lang.pick(
            "Tilpasset tilbudsrate med omtrentligt 90 %-interval (Laplace-approksimation: afrunding, stikprøve og Monte Carlo-fejl i de observerede andele)",
            "Fitted offer rate with an approximate 90% interval (Laplace approximation: rounding, sampling and Monte Carlo error of the observed shares)"
        ),
        lang.pick("Ydelsesgruppe", "Benefit group"),
        lang.pick("Tilbudsrate", "Offer rate"),
        lang.pick("90 %-interval", "90% interval"),
        "Trend"
    );
    for (&g, &rate) in &cal.offer_rate {
        let interval = cal.covariance.get(&g).map_or("–".to_string(), |c| {
            let [lo, hi] = rate_interval_90(rate, c[0][0]);
            lang.pct_range(100.0 * lo, 100.0 * hi, 2)
        });
        out.push_str(&format!(
            "  {:<34}{:>12}{:>18}{:>10}\n",
            lang.group(g),
            lang.pct(100.0 * rate, 2),
            interval,
            lang.signed(cal.offer_trend.get(&g).copied().unwrap_or(0.0), 3)
        ));
    }
    out
}

/// The operations' shock: the estimate from the history months, or why there is none.
pub fn render_shock(shock: &ShockSource, lang: Lang) -> String {
    match shock {
        ShockSource::Estimated(v) => format!(
            "\n{} {} {} {}: sd {}, {} {} ({}); {} {} {}, {} {} {}\n",
            lang.pick(
                "Driftsudsving (offer_shock) anslået fra de de-trendede månedlige ændringer af totalen",
                "Operations' shock (offer_shock) estimated from the de-trended monthly changes of the total"
            ),
            lang.month_year(v.months[0]),
            lang.pick("til", "to"),
            lang.month_year(v.months[1]),
            lang.num(v.sd, 3),
            lang.pick("persistens", "persistence"),
            lang.num(v.persistence, 2),
            lang.pick("antaget", "assumed"),
            lang.pick("spredning observeret", "spread observed"),
            lang.num(v.observed_change_sd_pp, 2),
            lang.pick("point", "points"),
            lang.pick("simuleret", "simulated"),
            lang.num(v.simulated_change_sd_pp, 2),
            lang.pick("point", "points"),
        ),
        ShockSource::TooShort { months } => format!(
            "\n{} {months} {} {MIN_HISTORY_MONTHS} {}\n",
            lang.pick(
                "Driftsudsving (offer_shock) ikke anslået:",
                "Operations' shock (offer_shock) not estimated:"
            ),
            lang.pick(
                "sammenhængende historiske måneder før året i observed-blokken, mindst",
                "consecutive history months before the year in `observed`, at least"
            ),
            lang.pick(
                "kræves; scenariets offer_shock er en antagelse",
                "needed; the scenario's offer_shock is an assumption"
            )
        ),
    }
}

/// Each group's fit with its uncertainty: persons, observed mean ± its sampling error,
/// simulated mean, the difference, the tolerance it is judged by, and whether it was
/// fitted on its own or pooled (with the weight of its own data), then why the pooled
/// ones were.
pub fn render_pooling(cal: &Calibration, pooling: &Pooling, lang: Lang) -> String {
    let mut out = format!(
        "\n{}\n\n  {:<34}{:>9}{:>8}{:>7}{:>8}{:>8}{:>11}  {}\n",
        lang.pick(
            "Tilpasning pr. gruppe, gennemsnit over målemånederne (± stikprøvefejl; tolerance: det største af 1 point og to stikprøvefejl)",
            "Fit per group, mean over the target months (± sampling error; tolerance: the larger of 1 point and two sampling errors)"
        ),
        lang.pick("Ydelsesgruppe", "Benefit group"),
        lang.pick("Personer", "Persons"),
        "Obs.",
        "±",
        "Sim.",
        lang.pick("Forskel", "Diff."),
        "Tolerance",
        lang.pick("Tilpasset", "Fitted")
    );
    for e in &pooling.groups {
        let simulated: Vec<f64> = cal
            .fit
            .iter()
            .filter(|c| c.group == Some(e.group))
            .map(|c| c.simulated)
            .collect();
        let simulated = simulated.iter().sum::<f64>() / simulated.len().max(1) as f64;
        let how = match &e.pooled {
            None => lang.pick("selv", "on its own").to_string(),
            Some(p) => format!(
                "{} {}, {} {})",
                lang.pick("puljet (mål", "pooled (target"),
                lang.num(p.target_pct, 1),
                lang.pick("egen vægt", "own weight"),
                lang.num(p.weight, 2)
            ),
        };
        out.push_str(&format!(
            "  {:<34}{:>9}{:>8}{:>7}{:>8}{:>8}{:>11}  {}\n",
            lang.group(e.group),
            lang.num(e.persons, 0),
            lang.num(e.observed_pct, 1),
            lang.num(e.sampling_error_pp, 1),
            lang.num(simulated, 1),
            lang.signed(simulated - e.observed_pct, 1),
            lang.num(e.tolerance_pp, 1),
            how
        ));
    }
    let pooled: Vec<&str> = pooling
        .groups
        .iter()
        .filter(|e| e.pooled.is_some())
        .map(|e| lang.group(e.group))
        .collect();
    if !pooled.is_empty() {
        out.push_str(&format!(
            "\n{} {}: {} {} {}\n",
            lang.pick("Puljet", "Pooled"),
            pooled.join(", "),
            lang.pick(
                "stikprøvefejlen på deres observerede andel er over",
                "the sampling error of their observed share is above"
            ),
            lang.num(pooling.max_sampling_error_pp, 1),
            lang.pick(
                "point, for få personer til at tilpasse rate og trend til deres egne måneder. Deres niveau er tilpasset scenariets andel flyttet med kommunens fælles afvigelse fra scenariet og med gruppens egen afvigelse gange dens vægt (empirisk Bayes); deres trend er scenariets.",
                "points, too few persons to fit a rate and a trend to their own months. Their level is fitted to the scenario's share moved by the municipality's common deviation from the scenario and by the group's own deviation times its weight (empirical Bayes); their trend is the scenario's."
            )
        ));
    }
    out
}

/// Why a calibration failed: the groups whose observed shares (a pooled group: its
/// target) it could not reach within their tolerance, each with its mean error, and what
/// could help — more replications only when the Monte Carlo error could explain the miss.
/// `None` when every group fits (the file may be written).
pub fn failure(cal: &Calibration, pooling: &Pooling, lang: Lang) -> Option<String> {
    if cal.failed.is_empty() {
        return None;
    }
    let which: Vec<String> = cal
        .failed
        .iter()
        .map(|&(g, error)| {
            format!(
                "{} ({} {})",
                lang.group(g),
                lang.signed(error, 1),
                lang.pick("point", "points")
            )
        })
        .collect();
    Some(
        format!(
        "{} {} — {}",
        lang.pick(
            "kalibreringen nåede ikke de observerede andele for:",
            "the calibration could not reach the observed shares of:"
        ),
        which.join(", "),
        lang.pick(
            "tjek gruppens øvrige parametre (timer, fravær, kapacitetsgrænse) og målene.",
            "check the group's other parameters (hours, absence, capacity limit) and the targets."
        )
    ) + if pooling.monte_carlo_could_explain(&cal.failed) {
            lang.pick(
            " Afvigelsen er inden for Monte Carlo-fejlen: flere kørsler (-n) kan hjælpe. Ingen fil skrevet.",
            " The miss is within the Monte Carlo error: more replications (-n) may help. No file written.",
        )
        } else {
            lang.pick(" Ingen fil skrevet.", " No file written.")
        },
    )
}

/// The warning when the total is off by more than [`WARN_TOTAL_PP`](crate::analyses::calibrate::WARN_TOTAL_PP) while the groups
/// fit: the mix of long-term recipients is wrong. `None` when the total fits, and when a
/// group does not fit (then [`failure`] says so, and "the groups fit" would be false).
pub fn total_warning(cal: &Calibration, lang: Lang) -> Option<String> {
    if !cal.failed.is_empty() {
        return None;
    }
    let worst = cal.total_mismatch()?;
    Some(format!(
        "{}: {} {} {}",
        lang.pick("advarsel", "warning"),
        lang.pick("totalen afviger med op til", "the total is off by up to"),
        lang.signed(worst, 1),
        lang.pick(
            "point: grupperne passer, men blandingen af langvarige modtagere gør ikke — tjek gruppestørrelser og afgangsrater",
            "points: the groups fit but the mix of long-term recipients does not — check group sizes and exit hazards"
        )
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Group, Month};

    fn calibration(total_error: f64) -> Calibration {
        let month = Month::new(2025, 3).unwrap();
        let cell = |group, observed: f64, error: f64| FitCell {
            month,
            group,
            observed,
            simulated: observed + error,
        };
        Calibration {
            offer_trend: Default::default(),
            offer_rate: [(Group::Kontanthjaelp, 0.5)].into(),
            fit: vec![
                cell(None, 66.5, total_error),
                cell(Some(Group::Kontanthjaelp), 57.3, -0.24),
            ],
            iterations: 3,
            seed: 7,
            replications: 1000,
            failed: Vec::new(),
            covariance: [(Group::Kontanthjaelp, [[0.01, 0.0], [0.0, 0.0]])].into(),
        }
    }

    #[test]
    fn the_fit_table_signs_every_difference() {
        let table = render_fit(&calibration(0.3), Lang::Da);
        assert!(table.starts_with("Kalibrering: aktiv andel, observeret mod simuleret (3 iterationer, 1.000 kørsler, startværdi 7)\n\n"));
        assert!(
            table
                .contains("  Ydelsesgrupper i alt                   mar    66,5    66,8    +0,3\n")
        );
        assert!(
            table
                .contains("  Kontanthjælp                           mar    57,3    57,1    −0,2\n")
        );
        // Rate 50 %, logit variance 0.01: logit 0 ± 0.1645 → 45,90–54,10 %.
        assert!(
            table.contains(
                "  Kontanthjælp                           50,00 %     45,90–54,10 %    +0,000\n"
            ),
            "{table}"
        );
    }

    #[test]
    fn only_a_total_off_by_more_than_half_a_point_warns() {
        assert_eq!(total_warning(&calibration(0.5), Lang::En), None);
        let warning = total_warning(&calibration(-0.64), Lang::Da).unwrap();
        assert!(warning.starts_with("advarsel: totalen afviger med op til −0,6 point: "));
    }

    /// Kontanthjælp fitted on its own (2,000 persons), ledighedsydelse pooled (40).
    fn pooling() -> Pooling {
        use crate::analyses::calibrate::pooling::{GroupEvidence, Pooled};
        let evidence = |group, persons, se: f64, pooled| GroupEvidence {
            group,
            persons,
            observed_pct: 57.3,
            sampling_error_pp: se,
            monte_carlo_error_pp: 0.3,
            tolerance_pp: (2.0 * se).max(1.0),
            pooled,
        };
        Pooling {
            max_sampling_error_pp: 2.5,
            shift_logit: 0.1,
            spread_logit: 0.2,
            groups: vec![
                evidence(Group::Kontanthjaelp, 2000.0, 1.1, None),
                evidence(
                    Group::Ledighedsydelse,
                    40.0,
                    7.8,
                    Some(Pooled {
                        prior_pct: 45.0,
                        weight: 0.25,
                        target_pct: 48.06,
                        target_variance_pp2: 9.0,
                    }),
                ),
            ],
        }
    }

    #[test]
    fn the_group_table_gives_each_group_its_sampling_error_and_says_which_were_pooled() {
        let table = render_pooling(&calibration(0.0), &pooling(), Lang::Da);
        assert!(
            table.contains("  Kontanthjælp                           2000    57,3    1,1    57,1    −0,2        2,2  selv\n"),
            "{table}"
        );
        assert!(
            table.contains("puljet (mål 48,1, egen vægt 0,25)"),
            "{table}"
        );
        assert!(
            table.contains("\nPuljet Ledighedsydelse: stikprøvefejlen på deres observerede andel er over 2,5 point"),
            "{table}"
        );
        let en = render_pooling(&calibration(0.0), &pooling(), Lang::En);
        assert!(en.contains("pooled (target 48.1, own weight 0.25)"), "{en}");
        assert!(!en.contains("puljet") && !table.contains("pooled"), "{en}");
    }

    #[test]
    fn a_failed_group_is_told_in_danish_numbers_and_the_groups_are_not_said_to_fit() {
        let mut cal = calibration(-0.64);
        let pooling = pooling();
        assert_eq!(failure(&cal, &pooling, Lang::Da), None);
        cal.failed = vec![
            (Group::Kontanthjaelp, -27.44),
            (Group::Ledighedsydelse, 21.26),
        ];
        let da = failure(&cal, &pooling, Lang::Da).unwrap();
        assert!(
            da.starts_with("kalibreringen nåede ikke de observerede andele for: Kontanthjælp (−27,4 point), Ledighedsydelse (+21,3 point) — "),
            "{da}"
        );
        assert!(!da.contains("-27") && !da.contains("27.4"), "{da}");
        // Neither miss is within its tolerance plus two Monte Carlo errors: more
        // replications cannot help, and the message does not say they could.
        assert!(!da.contains("-n"), "{da}");
        let en = failure(&cal, &pooling, Lang::En).unwrap();
        assert!(en.contains("Social assistance (−27.4 points)"), "{en}");
        assert!(en.ends_with("and the targets. No file written."), "{en}");
        assert_eq!(total_warning(&cal, Lang::Da), None);
        // Kontanthjælp 2.5 points off: its tolerance 2.2 plus 2 × 0.3 reaches it.
        cal.failed = vec![(Group::Kontanthjaelp, 2.5)];
        let near = failure(&cal, &pooling, Lang::En).unwrap();
        assert!(near.contains("more replications (-n) may help"), "{near}");
    }
}
