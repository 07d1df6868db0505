//! Interruption (Ctrl-C, SIGTERM): the binary's signal handler raises a flag, and the
//! replication driver ([`crate::run::Driver`]) checks it between replications and stops
//! with an error. Nothing is written after an interruption, because output is written
//! only once a run is complete.
//!
//! A signal is process-wide, so the flag is too; the simulator itself never sees it.

use crate::error::Error;
use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Ask the running work to stop (called from the signal handler).
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// The error an interrupted run ends with.
pub fn error() -> Error {
    Error::Runtime(
        "interrupted (Ctrl-C or a stop signal): the run was stopped before it finished; nothing was written"
            .into(),
    )
}
