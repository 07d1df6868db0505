//! Writing a command's checked outputs as one transaction: every file is staged under a
//! temporary name first (a report folder as a whole), then devices and pipes are written,
//! then everything is renamed into place under the process's lock and a lock on each
//! existing report folder. A failure or a signal before the renames leaves nothing.

use super::files::{Declared, Personal, Slot};
use super::staged;
use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The outputs of a [`super::Files`] that passed its check: the only way to write an
/// output file. Made only by [`super::Files::check`].
#[derive(Debug)]
pub struct Outputs {
    declared: Vec<Declared>,
}

/// Outputs written together: all or none (see [`Transaction::commit`]).
#[must_use = "nothing is written until `commit`"]
pub struct Transaction<'a> {
    outputs: &'a Outputs,
    writes: Vec<(Slot, Content)>,
}

enum Content {
    File(Vec<u8>),
    Folder(Vec<(String, Vec<u8>)>),
}

impl Outputs {
    pub(super) fn checked(declared: Vec<Declared>) -> Outputs {
        Outputs { declared }
    }

    /// Start writing several outputs as one.
    pub fn transaction(&self) -> Transaction<'_> {
        Transaction {
            outputs: self,
            writes: Vec::new(),
        }
    }

    /// Write one output file alone.
    pub fn write_file(&self, slot: Slot, bytes: impl Into<Vec<u8>>) -> crate::Result<()> {
        let mut t = self.transaction();
        t.file(slot, bytes);
        t.commit()
    }

    /// Write one report folder alone.
    pub fn write_folder(&self, slot: Slot, files: Vec<(String, Vec<u8>)>) -> crate::Result<()> {
        let mut t = self.transaction();
        t.folder(slot, files);
        t.commit()
    }
}

impl Transaction<'_> {
    /// Write `bytes` to the output file `slot`.
    pub fn file(&mut self, slot: Slot, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.writes.push((slot, Content::File(bytes.into())));
        self
    }

    /// Write the files `(name, bytes)` into the output folder `slot`; files already in it
    /// that are not among them are kept.
    pub fn folder(&mut self, slot: Slot, files: Vec<(String, Vec<u8>)>) -> &mut Self {
        self.writes.push((slot, Content::Folder(files)));
        self
    }

    /// Write everything, all or nothing:
    /// 1. each file is written to a temporary file beside its target (`.NAME.PID.tmp`);
    ///    a new report folder is filled under a temporary name beside it; into an existing
    ///    folder each file is staged inside it;
    /// 2. a device or a pipe (`--out /dev/null`, a FIFO) is written directly — a rename
    ///    would replace it with a plain file;
    /// 3. under the process's lock (see [`super::abandon`]) and an exclusive lock on each
    ///    existing report folder, everything is renamed into place: a new folder in one
    ///    rename, an existing one file by file — two runs into one folder commit one after
    ///    the other, so the folder holds wholly one run's files.
    ///
    /// A failure before step 3 (a full disk, an unwritable device) removes every
    /// temporary, and no output changes. Errors name the output file.
    pub fn commit(self) -> crate::Result<()> {
        let mut staging = Staging::default();
        let result = self
            .stage(&mut staging)
            .and_then(|()| staging.write_direct())
            .and_then(|()| staging.rename());
        if result.is_err() {
            staging.discard();
        }
        result
    }

    fn stage<'b>(&'b self, staging: &mut Staging<'b>) -> crate::Result<()> {
        for (slot, content) in &self.writes {
            let declared = &self.outputs.declared[slot.0];
            let path = declared.path.as_path();
            match (content, &declared.folder) {
                (Content::File(bytes), None) => staging.file(path, bytes, declared.personal)?,
                (Content::Folder(files), Some(names)) => {
                    if let Some((name, _)) = files.iter().find(|(f, _)| !names.contains(f)) {
                        let shown = path.display();
                        return Err(Error::Runtime(crate::text!(
                            da: "{shown}: rapportfilen {name} blev ikke anmeldt før kørslen (en fejl i fokus)",
                            en: "{shown}: the report file {name} was not declared before the run (a bug in fokus)"
                        )));
                    }
                    staging.folder(path, files)?;
                }
                _ => {
                    let shown = path.display();
                    return Err(Error::Runtime(crate::text!(
                        da: "{shown}: skrevet som en anden slags output end anmeldt (en fejl i fokus)",
                        en: "{shown}: written as another kind of output than declared (a bug in fokus)"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// What a transaction has staged so far.
#[derive(Default)]
struct Staging<'a> {
    /// Every temporary file and folder created (removed again on failure).
    temporaries: Vec<PathBuf>,
    /// Staged files, their targets, and whether an existing target may be replaced.
    renames: Vec<(PathBuf, PathBuf, bool)>,
    /// New report folders: the staged folder, its target and the names of its files.
    folders: Vec<(PathBuf, PathBuf, Vec<&'a str>)>,
    /// Existing report folders, locked while their files are renamed into them.
    locked: Vec<PathBuf>,
    /// Devices and pipes with their bytes.
    direct: Vec<(&'a Path, &'a [u8])>,
}

impl<'a> Staging<'a> {
    fn file(
        &mut self,
        path: &'a Path,
        bytes: &'a [u8],
        personal: Option<Personal>,
    ) -> crate::Result<()> {
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
            && !meta.is_dir()
        {
            self.direct.push((path, bytes));
            return Ok(());
        }
        let tmp = temporary_in(&folder_of(path), path);
        self.write(&tmp, bytes, path, personal.is_some())?;
        let replace = personal.is_none_or(|p| p.replace);
        self.renames.push((tmp, path.to_path_buf(), replace));
        Ok(())
    }

    fn folder(&mut self, dir: &Path, files: &'a [(String, Vec<u8>)]) -> crate::Result<()> {
        if dir.is_dir() {
            for (name, bytes) in files {
                let target = dir.join(name);
                let tmp = temporary_in(dir, &target);
                self.write_new(&tmp, bytes, &target)?;
                self.renames.push((tmp, target, true));
            }
            self.locked.push(dir.to_path_buf());
            return Ok(());
        }
        let tmp = temporary_in(&folder_of(dir), dir);
        staged::lock()
            .create_dir(&tmp)
            .map_err(|e| Error::io(dir.display(), e))?;
        self.temporaries.push(tmp.clone());
        for (name, bytes) in files {
            self.write_new(&tmp.join(name), bytes, &dir.join(name))?;
        }
        let names = files.iter().map(|(name, _)| name.as_str()).collect();
        self.folders.push((tmp, dir.to_path_buf(), names));
        Ok(())
    }

    /// Write `bytes` to the new temporary file `tmp`, staged for `target` (which errors
    /// name).
    fn write_new(&mut self, tmp: &Path, bytes: &[u8], target: &Path) -> crate::Result<()> {
        self.write(tmp, bytes, target, false)
    }

    /// [`Staging::write_new`]; `private`: readable by the owner alone (a file that names
    /// persons).
    fn write(
        &mut self,
        tmp: &Path,
        bytes: &[u8],
        target: &Path,
        private: bool,
    ) -> crate::Result<()> {
        let created = staged::lock().create_file(tmp, private);
        let mut file = created.map_err(|e| Error::io(target.display(), e))?;
        self.temporaries.push(tmp.to_path_buf());
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(target.display(), e))
    }

    fn write_direct(&self) -> crate::Result<()> {
        for (path, bytes) in &self.direct {
            std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| Error::io(path.display(), e))?;
        }
        Ok(())
    }

    fn rename(&self) -> crate::Result<()> {
        let mut folders: Vec<&PathBuf> = self.locked.iter().collect();
        folders.sort();
        folders.dedup();
        let _locks = folders
            .into_iter()
            .map(|dir| lock_folder(dir))
            .collect::<crate::Result<Vec<_>>>()?;
        let mut register = staged::lock();
        for (tmp, dir, names) in &self.folders {
            match register.rename(tmp, dir) {
                Ok(()) => {}
                // Another run created the folder since: fill it as an existing folder.
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists
                    ) && dir.is_dir() =>
                {
                    let _lock = lock_folder(dir)?;
                    for name in names {
                        let target = dir.join(name);
                        register
                            .rename(&tmp.join(name), &target)
                            .map_err(|e| Error::io(target.display(), e))?;
                    }
                    register.remove(tmp);
                }
                Err(e) => return Err(Error::io(dir.display(), e)),
            }
        }
        for (tmp, target, replace) in &self.renames {
            let moved = if *replace {
                register.rename(tmp, target)
            } else {
                register.rename_new(tmp, target)
            };
            moved.map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Error::Input(crate::error::InputError::new(
                    target.display().to_string(),
                    crate::text!(
                        da: "blev oprettet, mens fokus kørte; den erstattes ikke (vælg et nyt filnavn, eller tilføj --force)",
                        en: "was created while fokus ran; it is not replaced (choose a new file name, or add --force)"
                    ),
                )),
                _ => Error::io(target.display(), e),
            })?;
        }
        Ok(())
    }

    /// Remove every temporary still there.
    fn discard(&self) {
        let mut register = staged::lock();
        for tmp in self.temporaries.iter().rev() {
            register.remove(tmp);
        }
    }
}

/// An exclusive lock on a report folder, held while files are renamed into it: another
/// fokus process committing into the same folder waits (Unix; elsewhere no lock).
#[cfg(unix)]
fn lock_folder(dir: &Path) -> crate::Result<std::fs::File> {
    let handle = std::fs::File::open(dir).map_err(|e| Error::io(dir.display(), e))?;
    handle.lock().map_err(|e| Error::io(dir.display(), e))?;
    Ok(handle)
}

#[cfg(not(unix))]
fn lock_folder(_: &Path) -> crate::Result<()> {
    Ok(())
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The temporary name `.NAME.PID.tmp` for `path`, in `folder` (the folder it is renamed
/// within, so the rename stays on one file system).
pub(super) fn temporary_in(folder: &Path, path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or("output".as_ref()));
    name.push(format!(".{}.tmp", std::process::id()));
    folder.join(name)
}
