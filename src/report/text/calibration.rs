//! A calibration for people: the fit table (group × month, observed, simulated,
//! difference) and the warning when the total does not fit although the groups do.

use super::Lang;
use crate::calibrate::{Calibration, FitCell};

/// The total's error (points) beyond which the fit is worth a warning.
pub const TOTAL_WARNING_PP: f64 = 0.5;

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

/// The warning when the total is off by more than [`TOTAL_WARNING_PP`] while the groups
/// fit: the mix of long-term recipients is wrong. `None` when the total fits.
pub fn total_warning(cal: &Calibration, lang: Lang) -> Option<String> {
    let worst = cal
        .fit
        .iter()
        .filter(|c| c.group.is_none())
        .map(FitCell::difference)
        .max_by(|a, b| a.abs().total_cmp(&b.abs()))
        .filter(|worst| worst.abs() > TOTAL_WARNING_PP)?;
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
