//! The edge to the machine and the person at it: standard output, the progress bar, the
//! Ctrl-C handler and the resource guard.
//! The library decides; this module only asks the machine (memory, cores, terminal,
//! files) and tells the person.

use fokus::error::Error;
use fokus::report::text::cli::{progress_bar, progress_counter};
use fokus::report::text::errors::{error_word, message_in};
use fokus::run::resources;
use fokus::scenario::Scenario;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Write to stdout; a closed pipe (`| head`) is not an error.
pub fn print_out(text: &str) -> fokus::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("stdout", e)),
    }
}

/// A file's name without its folder (as outputs record an input), or the path when it
/// has none.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A progress bar on stderr, ticked once per replication and cleared when dropped;
/// hidden when stderr is not a terminal.
pub struct Progress(indicatif::ProgressBar);

impl Progress {
    /// A bar of `replications` in all.
    pub fn bar(replications: u64) -> Progress {
        Progress::styled(
            indicatif::ProgressBar::new(replications),
            progress_bar(super::lang::current()),
        )
    }

    /// A count of the replications run, for work whose total is not known in advance
    /// (a calibration stops when the fit converges).
    pub fn counter() -> Progress {
        Progress::styled(
            indicatif::ProgressBar::no_length(),
            progress_counter(super::lang::current()),
        )
    }

    fn styled(bar: indicatif::ProgressBar, template: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(indicatif::ProgressBar::hidden());
        }
        bar.set_style(indicatif::ProgressStyle::with_template(template).expect("valid template"));
        Progress(bar)
    }

    /// One replication done.
    pub fn tick(&self) {
        self.0.inc(1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// On Ctrl-C or SIGTERM, at any phase of any command: give up the output (every staged
/// temporary is removed and no commit can start, see [`fokus::io::output::abandon`]), say
/// so and exit at once with 130. Installed first thing, so a signal while an input is
/// being read (a FIFO that never delivers) is handled like one during the simulation.
pub fn install_interrupt_handler() {
    let result = ctrlc::set_handler(|| {
        let abandoned = fokus::io::output::abandon();
        let said = if abandoned.wrote_output() {
            fokus::text!(
                da: "afbrudt (Ctrl-C eller et stopsignal); outputtet var allerede skrevet",
                en: "interrupted (Ctrl-C or a stop signal); the output had already been written"
            )
        } else {
            fokus::text!(
                da: "afbrudt (Ctrl-C eller et stopsignal); intet blev skrevet",
                en: "interrupted (Ctrl-C or a stop signal); nothing was written"
            )
        };
        let lang = super::lang::current();
        let said = message_in(&said, lang);
        // On a terminal the progress bar may be drawn on the current line.
        let clear = if std::io::stderr().is_terminal() {
            "\r\x1b[2K"
        } else {
            ""
        };
        eprintln!("{clear}{}: {said}", error_word(lang));
        std::process::exit(130);
    });
    // Without a handler (e.g. one is set already) a signal ends the process as usual:
    // output files only appear by a rename of complete files, so none is half-written.
    drop(result);
}

/// Refuse work that the machine cannot carry (see [`fokus::run::resources`]), unless
/// `allow_large`. `runs`: each scenario with the replications simulated of it and its
/// name, run one after another on `threads` worker threads (0: all cores).
pub fn guard(
    runs: &[(&Scenario, u64, &str)],
    methods: usize,
    threads: usize,
    allow_large: bool,
) -> fokus::Result<()> {
    resources::check_threads(threads)?;
    if allow_large {
        return Ok(());
    }
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let available = available_memory();
    match resources::estimate_sequence(runs, methods, threads) {
        Some((estimate, largest)) => Ok(resources::check(&estimate, available, largest)?),
        None => Ok(()),
    }
}

/// The memory the machine has available, bytes (`MemAvailable`; a fixed guess where the
/// machine does not say).
pub fn available_memory() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| resources::mem_available(&t))
        .unwrap_or(resources::FALLBACK_AVAILABLE_BYTES)
}

/// The memory a run may hold in checkpoints for the variants an analysis runs: a third
/// of what is available, so that the run's own memory (which the guard checks) keeps
/// the rest.
pub fn checkpoint_memory() -> u64 {
    available_memory() / 3
}

/// This year by the machine's clock (UTC), for a command whose input does not say
/// which year it means.
pub fn current_year() -> fokus::Result<i32> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Error::Runtime(fokus::text!(da: "maskinens ur står før 1970", en: "the machine's clock is before 1970")))?
        .as_secs();
    Ok(civil_year((seconds / 86_400) as i64))
}

/// The Gregorian year of a day counted from 1970-01-01 (H. Hinnant's days-to-civil).
fn civil_year(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March
    let year = year_of_era + era * 400 + i64::from(month_index >= 10);
    year as i32
}

#[cfg(test)]
mod tests {
    use super::civil_year;

    #[test]
    fn days_since_1970_fall_in_their_year() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(364), 1970);
        assert_eq!(civil_year(365), 1971);
        // 2024-02-29 is day 19_782; 2024-12-31 day 20_088; 2025-01-01 day 20_089.
        assert_eq!(civil_year(19_782), 2024);
        assert_eq!(civil_year(20_088), 2024);
        assert_eq!(civil_year(20_089), 2025);
        assert_eq!(civil_year(-1), 1969);
    }
}
