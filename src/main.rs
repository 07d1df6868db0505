//! The `fokus` binary: the command line ([`cli`]) over the `fokus` library; errors map
//! to exit codes (bad input 2, runtime failure 1).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::execute(cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fejl: {err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
