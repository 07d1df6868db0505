//! A calibration for people: the fit table (group × month, observed, simulated,
//! difference) and the warning when the total does not fit although the groups do.

use super::Lang;
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
        lang.pick("frø", "seed"),
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
    out
}

/// The warning when the total is off by more than [`WARN_TOTAL_PP`](crate::analyses::calibrate::WARN_TOTAL_PP) while the groups
/// fit: the mix of long-term recipients is wrong. `None` when the total fits.
pub fn total_warning(cal: &Calibration, lang: Lang) -> Option<String> {
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
            offer_rate: Default::default(),
            offer_trend: Default::default(),
            fit: vec![
                cell(None, 66.5, total_error),
                cell(Some(Group::Kontanthjaelp), 57.3, -0.24),
            ],
            iterations: 3,
            seed: 7,
            replications: 1000,
            failed: Vec::new(),
        }
    }

    #[test]
    fn the_fit_table_signs_every_difference() {
        let table = render_fit(&calibration(0.3), Lang::Da);
        assert!(table.starts_with("Kalibrering: aktiv andel, observeret mod simuleret (3 iterationer, 1.000 kørsler, frø 7)\n\n"));
        assert!(
            table
                .contains("  Ydelsesgrupper i alt                   mar    66,5    66,8    +0,3\n")
        );
        assert!(
            table
                .contains("  Kontanthjælp                           mar    57,3    57,1    −0,2\n")
        );
    }

    #[test]
    fn only_a_total_off_by_more_than_half_a_point_warns() {
        assert_eq!(total_warning(&calibration(0.5), Lang::En), None);
        let warning = total_warning(&calibration(-0.64), Lang::Da).unwrap();
        assert!(warning.starts_with("advarsel: totalen afviger med op til −0,6 point: "));
    }
}
