//! The `fokus` binary: parse arguments, call the library, map errors to exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = fokus::cli::Cli::parse();
    match fokus::cli::execute(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fejl: {err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
