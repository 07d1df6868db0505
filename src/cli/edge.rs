//! The edge to the machine and the person at it: standard output, output paths checked
//! before the work starts, the progress bar, the Ctrl-C handler and the resource guard.
//! The library decides; this module only asks the machine (memory, cores, terminal,
//! files) and tells the person.

use fokus::error::{Error, InputError};
use fokus::run::resources;
use fokus::scenario::Scenario;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
            "{bar:40} {pos}/{len} kørsler · {eta} tilbage",
        )
    }

    /// A count of the replications run, for work whose total is not known in advance
    /// (a calibration stops when the fit converges).
    pub fn counter() -> Progress {
        Progress::styled(
            indicatif::ProgressBar::no_length(),
            "{spinner} {pos} kørsler · {per_sec}",
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

/// On Ctrl-C or SIGTERM, ask the replications to stop (they check between two); a second
/// signal ends the process at once.
pub fn install_interrupt_handler() {
    let result = ctrlc::set_handler(|| {
        if fokus::run::interrupt::requested() {
            std::process::exit(130);
        }
        fokus::run::interrupt::request();
    });
    // Without a handler (e.g. one is set already) a signal ends the process as usual;
    // output is only written after a run is complete, so nothing is lost either way.
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
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| resources::mem_available(&t))
        .unwrap_or(resources::FALLBACK_AVAILABLE_BYTES);
    match resources::estimate_sequence(runs, methods, threads) {
        Some((estimate, largest)) => Ok(resources::check(&estimate, available, largest)?),
        None => Ok(()),
    }
}

/// Check an output (`flag`: a file, or a folder receiving `folder_files`) before the
/// work starts: it may not overwrite an input file, a file may not be a folder or a folder
/// a file, and the folder it goes into must exist.
pub fn check_output(
    flag: &str,
    out: &Path,
    folder_files: &[&str],
    inputs: &[PathBuf],
) -> Result<(), InputError> {
    let shown = out.display();
    let folder = !folder_files.is_empty();
    if folder && out.exists() && !out.is_dir() {
        return Err(InputError::new(
            flag,
            format!("{shown} exists and is not a folder (choose a folder name)"),
        ));
    }
    if !folder && out.is_dir() {
        return Err(InputError::new(
            flag,
            format!("{shown} is a folder (expected a file name)"),
        ));
    }
    if let Some(parent) = out.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(InputError::new(
            flag,
            format!(
                "the folder {} does not exist (create it first)",
                parent.display()
            ),
        ));
    }
    let targets =
        std::iter::once(out.to_path_buf()).chain(folder_files.iter().map(|f| out.join(f)));
    for target in targets {
        if let Some(input) = inputs.iter().find(|i| same_file(&target, i)) {
            return Err(InputError::new(
                flag,
                format!(
                    "{} would overwrite the input file {} (choose another output {})",
                    out.display(),
                    file_name(input),
                    if folder { "folder" } else { "file" }
                ),
            ));
        }
    }
    Ok(())
}

/// Whether two paths name the same file (the output may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.canonicalize().ok()?,
            _ => std::env::current_dir().ok()?,
        };
        Some(parent.join(p.file_name()?))
    };
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
