//! The process-wide register of staged temporary paths, behind one lock.
//!
//! Every temporary file or folder fokus creates is created while holding the lock and
//! registered at once; the final renames of a commit hold the same lock. A signal handler
//! calls [`abandon`]: it takes the lock, marks the process abandoned, removes every staged
//! path and keeps the lock until the process exits — so no temporary is created after the
//! clean-up, and no commit starts after it or is cut in half by it.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub(super) struct Register {
    /// A signal arrived: nothing may be created or committed any more.
    abandoned: bool,
    /// A commit renamed output into place.
    committed: bool,
    /// Temporary files and folders that exist now, in the order they were created.
    staged: Vec<PathBuf>,
}

static REGISTER: Mutex<Register> = Mutex::new(Register {
    abandoned: false,
    committed: false,
    staged: Vec::new(),
});

/// The register, locked. A panic elsewhere while holding it leaves it consistent (each
/// change is one push or one removal), so a poisoned lock is used as it is.
pub(super) fn lock() -> MutexGuard<'static, Register> {
    REGISTER.lock().unwrap_or_else(PoisonError::into_inner)
}

fn interrupted() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted")
}

impl Register {
    /// Create the new temporary file `path` and register it.
    pub(super) fn create_file(&mut self, path: &Path, private: bool) -> std::io::Result<File> {
        if self.abandoned {
            return Err(interrupted());
        }
        let mut options = File::options();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let file = options.open(path)?;
        self.staged.push(path.to_path_buf());
        Ok(file)
    }

    /// Create the new temporary folder `path` and register it.
    pub(super) fn create_dir(&mut self, path: &Path) -> std::io::Result<()> {
        if self.abandoned {
            return Err(interrupted());
        }
        std::fs::create_dir(path)?;
        self.staged.push(path.to_path_buf());
        Ok(())
    }

    /// Rename the staged `from` to `to` (the commit); `from` is no longer staged.
    pub(super) fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        if self.abandoned {
            return Err(interrupted());
        }
        std::fs::rename(from, to)?;
        self.committed = true;
        self.forget(from);
        Ok(())
    }

    /// Move the staged `from` to `to` only if `to` does not exist (a hard link fails on
    /// an existing name, so a file created since the check is never replaced).
    pub(super) fn rename_new(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        if self.abandoned {
            return Err(interrupted());
        }
        std::fs::hard_link(from, to)?;
        self.committed = true;
        self.remove(from);
        Ok(())
    }

    /// Remove the staged `path` (a file, or a folder with what is in it).
    pub(super) fn remove(&mut self, path: &Path) {
        remove_path(path);
        self.forget(path);
    }

    fn forget(&mut self, path: &Path) {
        self.staged
            .retain(|p| p.as_path() != path && !p.starts_with(path));
    }
}

/// Remove a temporary file or folder; one already gone is fine.
fn remove_path(path: &Path) {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => Ok(()),
    };
    // Nothing more can be done about a temporary that cannot be removed (the process is
    // ending or the error is already being reported); its name `.NAME.PID.tmp` says what
    // it is.
    drop(removed);
}

/// The register held after [`abandon`], until the process exits.
pub struct Abandoned(MutexGuard<'static, Register>);

impl Abandoned {
    /// Whether a commit had already renamed output into place before the signal.
    pub fn wrote_output(&self) -> bool {
        self.0.committed
    }
}

/// Give up the process's output (on a signal): remove every staged temporary and refuse
/// every later creation and commit. Hold the returned value until the process exits: while
/// it is held, no other thread of the process creates or renames an output file.
pub fn abandon() -> Abandoned {
    let mut register = lock();
    register.abandoned = true;
    for path in std::mem::take(&mut register.staged).iter().rev() {
        remove_path(path);
    }
    Abandoned(register)
}
