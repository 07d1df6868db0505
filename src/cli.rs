//! Command-line arguments (clap) and their translation into library calls.
//! No clap type is used below this module.

use crate::error::{Error, InputError};
use crate::measure::requirement;
use crate::method::Method;
use clap::{Parser, Subcommand};
use std::io::Write;

/// fokus — will the recovery plan get us over STAR's focus goal this year?
#[derive(Debug, Parser)]
#[command(name = "fokus", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show or compare calculation methods.
    #[command(subcommand)]
    Method(MethodCommand),
    /// What the remaining months of the year must average to beat the target.
    Requirement(RequirementArgs),
}

#[derive(Debug, Subcommand)]
enum MethodCommand {
    /// Print a method (preset name or JSON file) as a method file.
    Show {
        /// Preset name (`star`, `frikort`) or method file.
        method: String,
    },
    /// List the parameters in which two methods differ.
    Diff {
        /// First method (preset name or file).
        a: String,
        /// Second method (preset name or file).
        b: String,
    },
}

#[derive(Debug, clap::Args)]
struct RequirementArgs {
    /// The observed monthly shares so far this year, from January, comma-separated
    /// (e.g. 66.2,66.2,66.5).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    observed: Vec<String>,
    /// The target in percent (the year mean must be strictly above it).
    #[arg(long, default_value_t = 70.0)]
    target: f64,
    /// Print JSON instead of a sentence.
    #[arg(long)]
    json: bool,
}

/// Run a parsed command line.
pub fn execute(cli: Cli) -> crate::Result<()> {
    match cli.command {
        Command::Method(MethodCommand::Show { method }) => {
            let m = Method::resolve(&method)?;
            let text = serde_json::to_string_pretty(&m.to_spec()).expect("a method serializes");
            print_out(&format!("{text}\n"))
        }
        Command::Method(MethodCommand::Diff { a, b }) => {
            let (ma, mb) = (Method::resolve(&a)?, Method::resolve(&b)?);
            let diff = ma.diff(&mb);
            let mut out = String::new();
            if diff.is_empty() {
                out.push_str(&format!("{a} and {b} are the same method\n"));
            } else {
                let width = diff.iter().map(|d| d.0.len()).max().unwrap_or(0).max(9);
                out.push_str(&format!("{:width$}  {a}  →  {b}\n", "parameter"));
                for (field, va, vb) in diff {
                    out.push_str(&format!("{field:width$}  {va}  →  {vb}\n"));
                }
            }
            print_out(&out)
        }
        Command::Requirement(args) => run_requirement(args),
    }
}

fn run_requirement(args: RequirementArgs) -> crate::Result<()> {
    if !args.target.is_finite() || !(0.0..=100.0).contains(&args.target) {
        return Err(InputError::new(
            "--target",
            format!("{} is not a percentage (expected 0 to 100)", args.target),
        )
        .into());
    }
    let mut observed = Vec::with_capacity(args.observed.len());
    for (i, text) in args.observed.iter().enumerate() {
        let v: f64 = text.trim().replace(',', ".").parse().map_err(|_| {
            InputError::at(
                "--observed",
                format!("value {}", i + 1),
                format!("{text:?} is not a number (expected a share in percent, e.g. 66.2)"),
            )
        })?;
        if !v.is_finite() || !(0.0..=100.0).contains(&v) {
            return Err(InputError::at(
                "--observed",
                format!("value {}", i + 1),
                format!("{v} is not a percentage (expected 0 to 100)"),
            )
            .into());
        }
        observed.push(v);
    }
    if observed.len() > 12 {
        return Err(InputError::new(
            "--observed",
            format!("{} months given; a year has 12", observed.len()),
        )
        .into());
    }
    let r = requirement(args.target, &observed);
    if args.json {
        return print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&r).expect("serializes")
        ));
    }
    let text = match r.required_mean_pct {
        Some(req) if r.feasible => format!(
            "De resterende {} måneder skal i gennemsnit nå {} for at årsgennemsnittet kommer over {}.\n",
            r.remaining_months,
            crate::fmt_pct_da(req),
            crate::fmt_pct_da(r.target_pct)
        ),
        Some(req) => format!(
            "Allerede umuligt: de resterende {} måneder skulle i gennemsnit nå {}.\n",
            r.remaining_months,
            crate::fmt_pct_da(req)
        ),
        None => format!(
            "Året er observeret; målet er {}.\n",
            if r.feasible { "nået" } else { "ikke nået" }
        ),
    };
    print_out(&text)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> crate::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("stdout", e)),
    }
}
