//! The `fokus` binary: the command line ([`cli`]) over the `fokus` library; errors map
//! to exit codes (bad input 2, runtime failure 1), worded in the command's language.

mod cli;

use clap::{CommandFactory, FromArgMatches};
use fokus::report::text::errors::error_line;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::lang::decide(&args);
    let parsed = cli::lang::command(cli::Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|matches| cli::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => {
            let text = cli::lang::clap_error(&err, lang);
            if err.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    match cli::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", error_line(&err, lang));
            ExitCode::from(err.exit_code() as u8)
        }
    }
}
