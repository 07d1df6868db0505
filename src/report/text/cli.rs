//! The command line's own words beside the tables: `validate`'s line for a good file and
//! the progress bar's labels.

use super::Lang;
use crate::scenario::Scenario;

/// `validate`'s line for a file that passed: its name, size, method and hash.
pub fn validated(lang: Lang, file: &str, scenario: &Scenario, sha256: &str) -> String {
    format!(
        "{file}: ok ({}, {}, {}, {} {}, sha256 {sha256})",
        scenario.name(),
        lang.counted(
            scenario.initial_persons(),
            ("person", "personer"),
            ("person", "persons")
        ),
        lang.counted(
            scenario.initiatives().len() as u64,
            ("indsats", "indsatser"),
            ("initiative", "initiatives")
        ),
        lang.pick("metode", "method"),
        scenario.method().name(),
    )
}

/// The progress bar of a run of known length (an `indicatif` template).
pub fn progress_bar(lang: Lang) -> &'static str {
    lang.pick(
        "{bar:40} {pos}/{len} kørsler · {eta} tilbage",
        "{bar:40} {pos}/{len} replications · {eta} left",
    )
}

/// The counter of a run whose length is not known in advance (an `indicatif` template).
pub fn progress_counter(lang: Lang) -> &'static str {
    lang.pick(
        "{spinner} {pos} kørsler · {per_sec}",
        "{spinner} {pos} replications · {per_sec}",
    )
}
