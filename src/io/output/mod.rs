//! Output files and report folders: declared with every input in one [`Files`], checked
//! before any work, and written as one transaction that leaves either every output
//! complete or nothing — also when a signal arrives at any moment.
//!
//! - [`files`]: the [`Files`] of a command's inputs and outputs and its one check
//!   ([`Files::check`]), the only way to [`Outputs`].
//! - [`write`]: [`Outputs`], the only writer of output files, and its [`Transaction`]
//!   (staged temporaries, devices written directly, renames under locks).
//! - [`staged`]: the process-wide register of temporaries that a signal handler clears
//!   with [`abandon`].

mod files;
mod staged;
mod write;

pub use files::{Files, Slot};
pub use staged::{Abandoned, abandon};
pub use write::{Outputs, Transaction};

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn refused(plan: Files) -> String {
        plan.check().unwrap_err().to_string()
    }

    #[test]
    fn writes_and_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        for bytes in [b"one", b"two"] {
            let mut plan = Files::new();
            let slot = plan.file("--out", &path);
            plan.check().unwrap().write_file(slot, *bytes).unwrap();
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["out.csv"]);
        let mut plan = Files::new();
        plan.file("--out", &dir.path().join("missing/out.csv"));
        assert!(refused(plan).contains("does not exist"));
    }

    #[test]
    fn folder_is_created_whole_and_refilled_without_touching_other_files() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("report");
        let write = |text: &[u8]| {
            let mut plan = Files::new();
            let slot = plan.folder("--out", &dir, &["a.txt"]);
            let files = vec![("a.txt".to_string(), text.to_vec())];
            plan.check().unwrap().write_folder(slot, files)
        };
        write(b"a").unwrap();
        std::fs::write(dir.join("mine.txt"), b"keep").unwrap();
        write(b"b").unwrap();
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"b");
        assert_eq!(std::fs::read(dir.join("mine.txt")).unwrap(), b"keep");
        assert_eq!(names(&dir), ["a.txt", "mine.txt"]);
        assert_eq!(names(base.path()), ["report"]);
    }

    #[test]
    fn a_file_not_declared_is_not_written() {
        let base = tempfile::tempdir().unwrap();
        for dir in [base.path().join("new"), base.path().to_path_buf()] {
            let mut plan = Files::new();
            let slot = plan.folder("--out", &dir, &["a.txt"]);
            let files = vec![
                ("a.txt".to_string(), b"a".to_vec()),
                ("b.txt".to_string(), b"b".to_vec()),
            ];
            let err = plan.check().unwrap().write_folder(slot, files);
            assert!(
                err.unwrap_err()
                    .to_string()
                    .contains("b.txt was not declared")
            );
            assert!(names(base.path()).is_empty(), "{:?}", names(base.path()));
        }
    }

    /// Same file = same device and inode: another spelling, a symbolic link and a hard
    /// link to an input are all refused, for a file and for a report folder's file.
    #[cfg(unix)]
    #[test]
    fn an_output_may_not_be_an_input_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("data.csv");
        std::fs::write(&input, "x").unwrap();
        std::os::unix::fs::symlink(&input, dir.path().join("soft.csv")).unwrap();
        std::fs::hard_link(&input, dir.path().join("hard.csv")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let spellings = [
            input.clone(),
            dir.path().join("sub/../data.csv"),
            dir.path().join("./data.csv"),
            dir.path().join("soft.csv"),
            dir.path().join("hard.csv"),
        ];
        for out in spellings {
            let mut plan = Files::new();
            plan.input(&input);
            plan.file("--out", &out);
            let message = refused(plan);
            assert!(
                message.contains("would overwrite the input file data.csv"),
                "{message}"
            );
        }
        std::fs::hard_link(&input, dir.path().join("sub/months.csv")).unwrap();
        let mut plan = Files::new();
        plan.input(&input);
        plan.folder("--out", &dir.path().join("sub"), &["fan.svg", "months.csv"]);
        let message = refused(plan);
        assert!(
            message.contains("months.csv would overwrite the input file data.csv"),
            "{message}"
        );
        assert_eq!(std::fs::read(&input).unwrap(), b"x");
    }

    #[test]
    fn two_outputs_may_not_be_one_file() {
        let dir = tempfile::tempdir().unwrap();
        for existing in [false, true] {
            let report = dir.path().join("report");
            if existing {
                std::fs::create_dir(&report).unwrap();
            }
            let mut plan = Files::new();
            plan.folder("--report", &report, &["evaluation.svg", "report.html"]);
            plan.file("--out", &dir.path().join("./report/report.html"));
            let message = refused(plan);
            assert!(message.starts_with("--out: "), "{message}");
            assert!(message.contains("is also written by --report"), "{message}");
        }
    }

    #[test]
    fn kinds_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.txt");
        std::fs::write(&file, "").unwrap();
        std::fs::create_dir_all(dir.path().join("r/fan.svg")).unwrap();
        let mut plan = Files::new();
        plan.folder("--out", &file, &["a"]);
        assert!(refused(plan).contains("exists and is not a folder"));
        let mut plan = Files::new();
        plan.file("--out", dir.path());
        assert!(refused(plan).contains("is a folder (expected a file name)"));
        let mut plan = Files::new();
        plan.file("--out", &file.join("x.csv"));
        assert!(refused(plan).contains("is a file, not a folder"));
        let mut plan = Files::new();
        plan.folder("--out", &dir.path().join("r"), &["fan.svg"]);
        assert!(refused(plan).contains("fan.svg is a folder, where the report writes a file"));
        assert_eq!(names(dir.path()), ["f.txt", "r"]);
    }

    /// `evaluate --report DIR --out /dev/full`: the device fails, so the folder staged
    /// before it is removed and nothing is left.
    #[cfg(target_os = "linux")]
    #[test]
    fn one_failing_output_leaves_none() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report");
        let mut plan = Files::new();
        let folder = plan.folder("--report", &report, &["a.txt"]);
        let file = plan.file("--out", Path::new("/dev/full"));
        let outputs = plan.check().unwrap();
        let mut t = outputs.transaction();
        t.folder(folder, vec![("a.txt".to_string(), b"a".to_vec())]);
        t.file(file, b"x".to_vec());
        let err = t.commit().unwrap_err().to_string();
        assert!(err.starts_with("/dev/full: "), "{err}");
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    /// A pipe or device given as the output (`--out /dev/null`) is written to, not
    /// replaced by a renamed file. (Linux: a FIFO opened for reading and writing does not
    /// block, so the test holds the reading end itself.)
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_is_written_to_not_replaced() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        let mut reader = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        let mut plan = Files::new();
        let slot = plan.file("--out", &fifo);
        plan.check().unwrap().write_file(slot, *b"abc").unwrap();
        let still = std::fs::metadata(&fifo).unwrap().file_type();
        assert!(still.is_fifo(), "the pipe was replaced: {still:?}");
        let mut got = [0u8; 3];
        reader.read_exact(&mut got).unwrap();
        assert_eq!(&got, b"abc");
        assert_eq!(names(dir.path()), ["out.json"], "no temporary left");
    }

    /// A folder that cannot be written to is found by the check, before any work.
    #[cfg(target_os = "linux")]
    #[test]
    fn an_unwritable_folder_is_found_by_the_check() {
        let mut plan = Files::new();
        plan.file("--out", Path::new("/proc/out.csv"));
        let message = refused(plan);
        assert!(
            message.starts_with("--out: cannot write in the folder /proc"),
            "{message}"
        );
    }
}
