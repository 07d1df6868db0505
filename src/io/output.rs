//! Writing output files atomically: a failed run leaves nothing half-written.

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` via a temporary file in the same folder and a rename, so the
/// file either appears complete or not at all (an existing file is replaced whole).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> crate::Result<()> {
    let shown = path.display().to_string();
    // A device or a pipe (`--out /dev/null`, `/dev/stdout`) is written to directly: a
    // rename would replace it with a plain file (run as root, /dev/null itself).
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| Error::io(&shown, e));
    }
    let tmp = temporary_beside(path, "file")?;
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(&shown, e)
    })
}

/// Write the files `(name, bytes)` into the folder `dir`, all or nothing.
///
/// A new folder is filled under a temporary name beside it (same parent) and renamed
/// into place. Into an existing folder every file is first written to a temporary file
/// and only then renamed over its target, so a failure leaves the folder as it was; files
/// the tool does not write are never touched.
pub fn write_folder_atomic(dir: &Path, files: &[(String, Vec<u8>)]) -> crate::Result<()> {
    let shown = dir.display().to_string();
    if dir.is_dir() {
        return replace_in(dir, files);
    }
    if dir.exists() {
        return Err(Error::Runtime(format!(
            "{shown}: exists and is not a folder (choose a folder name)"
        )));
    }
    let tmp = temporary_beside(dir, "folder")?;
    let result = (|| {
        std::fs::create_dir(&tmp)?;
        for (file, bytes) in files {
            let mut f = std::fs::File::create(tmp.join(file))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, dir)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_dir_all(&tmp);
        Error::io(&shown, e)
    })
}

/// The temporary name `.NAME.PID.tmp` beside `path` (same folder, so the final rename
/// stays on one file system); `what` (`file`, `folder`) names `path` in the error when
/// it has no name.
fn temporary_beside(path: &Path, what: &str) -> crate::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::Runtime(format!("{}: not a {what} name", path.display())))?;
    let parent = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    Ok(parent.join(tmp_name))
}

/// Stage every file as a temporary file in `dir`, then rename them over their targets.
fn replace_in(dir: &Path, files: &[(String, Vec<u8>)]) -> crate::Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = (|| {
        for (file, bytes) in files {
            let tmp = dir.join(format!(".{file}.{}.tmp", std::process::id()));
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            staged.push((tmp.clone(), dir.join(file)));
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        for (tmp, target) in &staged {
            std::fs::rename(tmp, target)?;
        }
        Ok(())
    })();
    result.map_err(|e: std::io::Error| {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
        Error::io(dir.display().to_string(), e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("fokus-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        assert!(write_atomic(&dir.join("missing/out.csv"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn folder_is_created_whole_and_refilled_without_touching_other_files() {
        let base = std::env::temp_dir().join(format!("fokus-folder-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let dir = base.join("report");
        let files = vec![("a.txt".to_string(), b"a".to_vec())];
        write_folder_atomic(&dir, &files).unwrap();
        std::fs::write(dir.join("mine.txt"), b"keep").unwrap();
        let files = vec![("a.txt".to_string(), b"b".to_vec())];
        write_folder_atomic(&dir, &files).unwrap();
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"b");
        assert_eq!(std::fs::read(dir.join("mine.txt")).unwrap(), b"keep");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        let bad = vec![("no/such/dir.txt".to_string(), b"x".to_vec())];
        assert!(write_folder_atomic(&base.join("new"), &bad).is_err());
        assert!(write_folder_atomic(&dir, &bad).is_err());
        assert_eq!(std::fs::read_dir(&base).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&base).unwrap();
    }

    /// A pipe or device given as the output (`--out /dev/null`) is written to, not
    /// replaced by a renamed file. (Linux: a FIFO opened for reading and writing does not
    /// block, so the test holds the reading end itself.)
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_is_written_to_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = std::env::temp_dir().join(format!("fokus-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("out.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        write_atomic(&fifo, b"abc").unwrap();
        let still = std::fs::metadata(&fifo).unwrap().file_type();
        assert!(still.is_fifo(), "the pipe was replaced: {still:?}");
        let mut got = [0u8; 3];
        reader.read_exact(&mut got).unwrap();
        assert_eq!(&got, b"abc");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
