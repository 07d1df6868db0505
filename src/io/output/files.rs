//! A command's files, declared in one [`Files`] and checked once before any work: no
//! output may be an input (same device and inode, whatever the spelling, links included),
//! no two outputs may be one file, every output must be of the right kind (file or
//! folder) in a folder that exists and can be written to.

use super::staged;
use super::write::Outputs;
use crate::error::{Error, InputError};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The files one command reads and writes. Every input path (a whole `extends` chain,
/// method files, registers, observed and group CSVs) and every output (each output flag;
/// a report folder with every file it will hold) is declared here; [`Files::check`] checks
/// them together and is the only way to [`Outputs`], the only writer of output files.
#[derive(Debug, Default)]
pub struct Files {
    inputs: Vec<PathBuf>,
    outputs: Vec<Declared>,
}

/// One declared output: the option that names it, its path and what it is.
#[derive(Clone, Debug)]
pub(super) struct Declared {
    pub(super) flag: String,
    pub(super) path: PathBuf,
    /// `None` for a file; for a folder, the names of the files written into it.
    pub(super) folder: Option<Vec<String>>,
    /// A file that names persons (the caseworker list): written readable by its owner
    /// alone, and an existing file is refused unless `replace`.
    pub(super) personal: Option<Personal>,
}

/// How a file that names persons may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Personal {
    /// Replace an existing file (`--force`).
    pub(super) replace: bool,
}

/// An output declared in a [`Files`]: what a command writes through [`Outputs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(pub(super) usize);

impl Files {
    /// A plan with no files yet.
    pub fn new() -> Files {
        Files::default()
    }

    /// Declare an input file.
    pub fn input(&mut self, path: impl AsRef<Path>) -> &mut Files {
        self.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// Declare input files.
    pub fn inputs<P: AsRef<Path>>(&mut self, paths: impl IntoIterator<Item = P>) -> &mut Files {
        for path in paths {
            self.input(path);
        }
        self
    }

    /// Declare the output file `path`, named by the option `flag`.
    pub fn file(&mut self, flag: &str, path: &Path) -> Slot {
        self.declare(flag, path, None)
    }

    /// Declare the output file `path` that names persons (the caseworker list of
    /// `fokus lister --with-ids`): it is written readable by its owner alone, and an
    /// existing file is refused — also one created between the check and the write —
    /// unless `replace` (`--force`).
    pub fn personal_file(&mut self, flag: &str, path: &Path, replace: bool) -> Slot {
        let slot = self.declare(flag, path, None);
        self.outputs[slot.0].personal = Some(Personal { replace });
        slot
    }

    /// Declare the output folder `path`, named by the option `flag`, into which exactly
    /// `files` are written (files already in it that are not among them are kept).
    pub fn folder(&mut self, flag: &str, path: &Path, files: &[impl AsRef<str>]) -> Slot {
        let files = files.iter().map(|f| f.as_ref().to_string()).collect();
        // Without a trailing `/`: `scenario.json/` names the file scenario.json.
        let path: PathBuf = path.components().collect();
        self.declare(flag, &path, Some(files))
    }

    fn declare(&mut self, flag: &str, path: &Path, folder: Option<Vec<String>>) -> Slot {
        self.outputs.push(Declared {
            flag: flag.to_string(),
            path: path.to_path_buf(),
            folder,
            personal: None,
        });
        Slot(self.outputs.len() - 1)
    }

    /// Check every output against every input and against each other, before any work:
    /// - an output (or a file a report folder will hold) that is an input, by identity
    ///   (device and inode: another spelling, a symbolic or a hard link are the same file);
    /// - two outputs that are one file;
    /// - a folder where a file is expected, or a file where a folder is;
    /// - a folder that does not exist or cannot be written to (a temporary file is
    ///   created there and removed).
    ///
    /// A device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written to directly,
    /// never replaced, so it is neither compared nor probed.
    pub fn check(self) -> crate::Result<Outputs> {
        let inputs: Vec<(Key, &Path)> = self
            .inputs
            .iter()
            .filter_map(|p| {
                let meta = std::fs::metadata(p).ok().filter(|m| !m.is_dir())?;
                Some((Key::of(p, &meta), p.as_path()))
            })
            .collect();
        let mut targets: Vec<(Key, &str)> = Vec::new();
        let mut written: Vec<&Declared> = Vec::new();
        for out in &self.outputs {
            let Some(paths) = out.targets()? else {
                continue;
            };
            for path in paths {
                let key = Key::target(&path);
                if let Some((_, input)) = inputs.iter().find(|(k, _)| Some(k) == key.as_ref()) {
                    let (kind_da, kind) = if out.folder.is_some() {
                        ("outputmappe", "folder")
                    } else {
                        ("outputfil", "file")
                    };
                    let (shown, input) = (path.display(), file_name(input));
                    return Err(out.refuse(crate::text!(
                        da: "{shown} ville overskrive inputfilen {input} (vælg en anden {kind_da})",
                        en: "{shown} would overwrite the input file {input} (choose another output {kind})"
                    )));
                }
                if let Some(key) = key {
                    if let Some((_, other)) = targets.iter().find(|(k, _)| *k == key) {
                        let shown = path.display();
                        return Err(out.refuse(crate::text!(
                            da: "{shown} skrives også af {other} (giv hvert output sin egen fil)",
                            en: "{shown} is also written by {other} (give each output a file of its own)"
                        )));
                    }
                    targets.push((key, &out.flag));
                }
            }
            written.push(out);
        }
        for out in written {
            out.probe(&out.staging_folder()?)?;
        }
        Ok(Outputs::checked(self.outputs))
    }
}

impl Declared {
    fn refuse(&self, message: crate::error::Message) -> Error {
        InputError::new(&self.flag, message).into()
    }

    /// The paths this output will replace or create; `None` for a device or a pipe,
    /// written directly.
    fn targets(&self) -> crate::Result<Option<Vec<PathBuf>>> {
        let shown = self.path.display();
        let meta = std::fs::metadata(&self.path).ok();
        let Some(files) = &self.folder else {
            let text = self.path.as_os_str().to_string_lossy();
            if text.ends_with(std::path::is_separator) {
                return Err(self.refuse(crate::text!(
                    da: "{shown} slutter med en mappeseparator (forventede et filnavn)",
                    en: "{shown} ends with a folder separator (expected a file name)"
                )));
            }
            return match meta {
                Some(m) if m.is_dir() => {
                    Err(self.refuse(crate::text!(
                        da: "{shown} er en mappe (forventede et filnavn)",
                        en: "{shown} is a folder (expected a file name)"
                    )))
                }
                Some(m) if !m.is_file() => Ok(None),
                Some(_) if self.personal.is_some_and(|p| !p.replace) => Err(self.refuse(crate::text!(
                    da: "{shown} findes (filen navngiver personer og erstattes aldrig i stilhed: vælg et nyt filnavn, eller tilføj --force for at erstatte den)",
                    en: "{shown} exists (this file names persons and is never replaced silently: choose a new file name, or add --force to replace it)"
                ))),
                _ => Ok(Some(vec![self.path.clone()])),
            };
        };
        if meta.as_ref().is_some_and(|m| !m.is_dir()) {
            return Err(self.refuse(crate::text!(
                da: "{shown} findes og er ikke en mappe (vælg et mappenavn)",
                en: "{shown} exists and is not a folder (choose a folder name)"
            )));
        }
        let paths: Vec<PathBuf> = files.iter().map(|f| self.path.join(f)).collect();
        if let Some(folder) = paths.iter().find(|p| p.is_dir()) {
            let shown = folder.display();
            return Err(self.refuse(crate::text!(
                da: "{shown} er en mappe, hvor rapporten skriver en fil (vælg en anden outputmappe)",
                en: "{shown} is a folder, where the report writes a file (choose another output folder)"
            )));
        }
        Ok(Some(paths))
    }

    /// The folder this output's temporaries are created in: an existing report folder
    /// itself, else the folder the output goes into (which must exist).
    fn staging_folder(&self) -> crate::Result<PathBuf> {
        if self.folder.is_some() && self.path.is_dir() {
            return Ok(self.path.clone());
        }
        self.parent_folder()
    }

    /// The folder that receives this output (which must exist).
    fn parent_folder(&self) -> crate::Result<PathBuf> {
        let parent = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match std::fs::metadata(&parent) {
            Ok(m) if m.is_dir() => Ok(parent),
            Ok(_) => {
                let shown = parent.display();
                Err(self.refuse(crate::text!(
                    da: "{shown} er en fil, ikke en mappe (vælg en sti i en eksisterende mappe)",
                    en: "{shown} is a file, not a folder (choose a path in an existing folder)"
                )))
            }
            Err(_) => {
                let shown = parent.display();
                Err(self.refuse(crate::text!(
                    da: "mappen {shown} findes ikke (opret den først)",
                    en: "the folder {shown} does not exist (create it first)"
                )))
            }
        }
    }

    /// Create and remove a temporary file in `folder`: the output can be written there.
    fn probe(&self, folder: &Path) -> crate::Result<()> {
        let probe = super::write::temporary_in(folder, &self.path);
        let mut register = staged::lock();
        let e = match register.create_file(&probe, false) {
            Ok(file) => {
                drop(file);
                register.remove(&probe);
                return Ok(());
            }
            Err(e) => e,
        };
        drop(register);
        use std::io::ErrorKind;
        let (why_da, why) = match e.kind() {
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => (
                "den er skrivebeskyttet, eller adgang nægtes".to_string(),
                "it is read-only or permission is denied".to_string(),
            ),
            ErrorKind::Interrupted => {
                return Err(crate::error::Error::Runtime(crate::text!(
                    da: "afbrudt ({e})",
                    en: "{e}"
                )));
            }
            _ => (e.to_string(), e.to_string()),
        };
        let shown = folder.display();
        Err(self.refuse(crate::text!(
            da: "kan ikke skrive i mappen {shown} ({why_da}; vælg en mappe, du kan skrive i)",
            en: "cannot write in the folder {shown} ({why}; choose a folder you can write to)"
        )))
    }
}

/// A file's name without its folder, or the path when it has none.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The identity of a file: an existing file by its device and inode; a file still to be
/// created by the identity of its nearest existing folder and the names below it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Existing(FileId),
    New(FileId, Vec<OsString>),
}

impl Key {
    fn of(path: &Path, meta: &std::fs::Metadata) -> Key {
        Key::Existing(FileId::of(path, meta))
    }

    /// The identity of an output path (following links), or `None` when no part of it
    /// can be found (then it cannot be an input either).
    fn target(path: &Path) -> Option<Key> {
        if let Ok(meta) = std::fs::metadata(path) {
            return Some(Key::of(path, &meta));
        }
        let absolute = std::path::absolute(path).ok()?;
        let mut names = Vec::new();
        let mut at = absolute.as_path();
        loop {
            names.push(at.file_name()?.to_os_string());
            at = at.parent()?;
            if let Ok(meta) = std::fs::metadata(at) {
                names.reverse();
                return Some(Key::New(FileId::of(at, &meta), names));
            }
        }
    }
}

/// Device and inode; where there are none (not Unix), the canonical path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Canonical(PathBuf),
}

impl FileId {
    #[cfg(unix)]
    fn of(_: &Path, meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(meta.dev(), meta.ino())
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _: &std::fs::Metadata) -> FileId {
        FileId::Canonical(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }
}
