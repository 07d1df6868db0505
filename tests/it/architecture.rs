//! The layering ARCHITECTURE.md promises, checked on the library's sources: only `src/io/`
//! touches files, and only the binary (`src/main.rs`, `src/cli*`) calls it or knows the
//! command line, the progress bar and the signal handler. A source line that breaks a
//! rule fails the test with its file and line.

use std::path::{Path, PathBuf};

/// Code that opens, reads, writes or inspects a file.
const FILE_ACCESS: &[&str] = &[
    "std::fs",
    "fs::",
    "File::open",
    "File::create",
    "OpenOptions",
    "read_to_string(",
    "read_dir(",
    "tempfile",
    ".canonicalize(",
    ".exists()",
    ".is_file()",
    ".is_dir()",
];

/// A use of the input/output layer: only the binary reads inputs and writes outputs; the
/// library below it takes and returns values.
const IO_LAYER: &[&str] = &["crate::io::", "crate::io;"];

/// The crates of the command-line edge: argument parsing, progress bar, Ctrl-C, and the
/// HTTP server of `fokus serve`.
const BINARY_CRATES: &[&str] = &["clap::", "indicatif::", "ctrlc::", "tiny_http::"];

/// The library's sources: every `.rs` under `src/` but the binary (`main.rs`, `cli.rs`,
/// `cli/`) and, when `with_io` is false, the input/output edge `io/`.
fn library_sources(with_io: bool) -> Vec<PathBuf> {
    fn walk(dir: &Path, with_io: bool, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let top = path.parent() == Some(src().as_path());
            let binary = top && (name == "main.rs" || name == "cli.rs" || name == "cli");
            if binary || (top && name == "io" && !with_io) {
                continue;
            }
            if path.is_dir() {
                walk(&path, with_io, out);
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), with_io, &mut out);
    assert!(out.len() > 20, "the walk found the sources: {out:?}");
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Fails, naming every file and line, when a code line of `files` (comments skipped: a
/// doc may name what the code must not use) contains one of `needles`; `rule` says why.
/// The rules hold what ships: a file's unit tests (a `#[cfg(test)] mod`, up to its
/// closing brace) may make their own fixtures.
fn assert_no_line_uses(files: &[PathBuf], needles: &[&str], rule: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut in_test_module = false;
        for (i, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            if *line == "#[cfg(test)]" && lines.get(i + 1).is_some_and(|l| l.starts_with("mod ")) {
                in_test_module = true;
            } else if in_test_module && *line == "}" {
                in_test_module = false;
            }
            if in_test_module || code.starts_with("//") {
                continue;
            }
            for needle in needles.iter().filter(|n| code.contains(**n)) {
                found.push(format!(
                    "{}:{}: `{needle}`: {}",
                    path.strip_prefix(root).unwrap().display(),
                    i + 1,
                    code
                ));
            }
        }
    }
    assert!(found.is_empty(), "{rule}:\n{}", found.join("\n"));
}

#[test]
fn only_the_io_layer_touches_files() {
    assert_no_line_uses(
        &library_sources(false),
        FILE_ACCESS,
        "file access outside src/io/ (read and write through crate::io instead)",
    );
}

#[test]
fn only_the_binary_calls_the_io_layer() {
    assert_no_line_uses(
        &library_sources(false),
        IO_LAYER,
        "the io layer called from the library (pass the values in from the binary instead)",
    );
}

#[test]
fn the_library_does_not_know_the_command_line() {
    assert_no_line_uses(
        &library_sources(true),
        BINARY_CRATES,
        "a command-line crate in the library (it belongs to the binary: src/main.rs, src/cli)",
    );
}

/// Code that creates, writes, renames or removes a file.
const FILE_WRITES: &[&str] = &[
    "fs::write",
    "File::create",
    "OpenOptions",
    "File::options",
    "fs::rename",
    "fs::create_dir",
    "fs::remove_",
    "fs::copy",
    "fs::hard_link",
];

/// Every source file but the output writer `src/io/output/`: the library and the binary.
fn sources_but_the_output_writer() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path == src().join("io/output") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &mut out);
    assert!(out.iter().any(|p| p.ends_with("cli/run.rs")), "{out:?}");
    out
}

/// Outputs are declared and checked against the inputs before any work
/// (`io::output::Files`), and written only through what that check returns: no other
/// code, in the library or the binary, may write a file.
#[test]
fn only_the_output_writer_writes_files() {
    assert_no_line_uses(
        &sources_but_the_output_writer(),
        FILE_WRITES,
        "a file written outside src/io/output/ (declare it in io::output::Files and write it through the checked Outputs)",
    );
}

/// Person ids leave the register reader in one output only: the caseworker list of
/// `fokus lister --with-ids`. The text of a `PersonId` is reached by one method, called
/// by one exporter, and the ids are kept by one parser entry, called by one reader.
#[test]
fn only_the_caseworker_list_shows_person_ids() {
    let everything: Vec<PathBuf> = sources_but_the_output_writer()
        .into_iter()
        .chain(
            library_sources(true)
                .into_iter()
                .filter(|p| p.starts_with(src().join("io/output"))),
        )
        .collect();
    let but = |allowed: &[&str]| -> Vec<PathBuf> {
        everything
            .iter()
            .filter(|p| !allowed.iter().any(|a| p.ends_with(a)))
            .cloned()
            .collect()
    };
    assert_no_line_uses(
        &but(&["report/export/caseworkers.rs", "decode/csv/cell.rs"]),
        &["for_caseworker_list"],
        "a person id shown outside the caseworker list (report/export/caseworkers.rs)",
    );
    assert_no_line_uses(
        &but(&[
            "io/register.rs",
            "measure/register/parse.rs",
            "measure/register/mod.rs",
        ]),
        &["parse_register_keeping_ids"],
        "person ids kept outside the register reader",
    );
    assert_no_line_uses(
        &but(&["cli/register.rs", "io/register.rs"]),
        &["read_register_keeping_ids"],
        "person ids read for another output than the caseworker list (fokus lister)",
    );
}

/// The library's layers, lowest first: a module may use its own layer and those below
/// it, never one above (`error` and `stats` serve every layer). `io` is the edge the
/// binary drives; nothing below it may call it (checked above).
const LAYERS: &[&str] = &[
    "vocab", "decode", "measure", "scenario", "sim", "run", "analyses", "report", "io",
];

/// The layer a source file belongs to: its first folder under `src/`.
fn layer_of(path: &Path) -> Option<usize> {
    let relative = path.strip_prefix(src()).ok()?;
    let top = relative.components().next()?.as_os_str().to_string_lossy();
    LAYERS.iter().position(|l| *l == top)
}

#[test]
fn no_layer_uses_a_layer_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for path in library_sources(true) {
        let Some(own) = layer_of(&path) else { continue };
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for (above, name) in LAYERS.iter().enumerate().skip(own + 1) {
                let paths = [format!("crate::{name}::"), format!("crate::{name};")];
                if paths.iter().any(|p| code.contains(p.as_str())) {
                    found.push(format!(
                        "{}:{}: {} (layer {}) uses {name} (layer {above}): {code}",
                        path.strip_prefix(root).unwrap().display(),
                        i + 1,
                        LAYERS[own],
                        own
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "a layer uses one above it (move the code down, or pass the value in):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_simulator_does_not_know_the_register() {
    let sim: Vec<PathBuf> = library_sources(false)
        .into_iter()
        .filter(|p| p.starts_with(src().join("sim")))
        .collect();
    assert!(sim.len() > 10, "the simulator's files were found");
    assert_no_line_uses(
        &sim,
        &["crate::measure::register", "Panel"],
        "the simulator knows the register (build a sim::Start in analyses::register_start)",
    );
}
