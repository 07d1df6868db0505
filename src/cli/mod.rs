//! The command line: clap arguments, one module per command group, turned into plain
//! calls of the library. Each command parses, reads its inputs through the library's
//! input functions, calls the library, and prints or writes the result; the edge to the
//! machine (stdout, progress, signals, memory) is [`edge`]. Each command that writes
//! files declares every input and output in one [`fokus::io::output::Files`] and checks
//! it before any work; its writes go through what the check returns alone.
//!
//! - [`args`]: the option groups several commands share.
//! - [`run`]: `run` (with `--precision` and `--shard`) and `merge`.
//! - [`compare`]: `compare`, `sensitivity` and `solve`.
//! - [`calibrate`]: `calibrate` (the fit of the offer rates).
//! - [`register`]: `evaluate`, `lister`, `backtest`, `synth` and `requirement`.
//! - [`setup`]: `method`, `init`, `schema` and `validate`.
//! - [`scenarios`]: `scenarios` (the built-in scenario files: list, export).
//! - [`serve`]: `serve` (the what-if page and its JSON API on 127.0.0.1).

mod args;
mod calibrate;
mod compare;
mod edge;
pub mod lang;
mod register;
mod run;
mod scenarios;
mod serve;
mod setup;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
    Method(setup::MethodCommand),
    /// What the remaining months of the year must average to beat the target.
    Requirement(register::RequirementArgs),
    /// Simulate a scenario: the probability of reaching the goal this year.
    Run(run::RunArgs),
    /// Fit the groups' offer rates so the observed months are reproduced.
    Calibrate(calibrate::CalibrateArgs),
    /// Compare alternatives with a base scenario, paired on common random numbers.
    Compare(compare::CompareArgs),
    /// Write a starting scenario for another municipality, ready for `calibrate`.
    Init(setup::InitArgs),
    /// Swing each uncertain parameter (the scenario's `sensitivity` ranges): a tornado.
    Sensitivity(compare::SweepArgs),
    /// Goal seek: the smallest value of a lever at which P(goal) reaches a level.
    Solve(compare::SolveArgs),
    /// Compute the focus goal exactly from a person-month register CSV.
    Evaluate(register::EvaluateArgs),
    /// The production-steering list from a register: who turns passive when, and what
    /// offers in list order buy (counts only; ids only with --with-ids --out).
    Lister(register::ListerArgs),
    /// Print the JSON Schema of the scenario file.
    Schema,
    /// Score a projection from an earlier month of a register against what followed.
    Backtest(register::BacktestArgs),
    /// Write a SYNTHETIC register (nobody in it exists) from a simulation of a scenario.
    Synth(register::SynthArgs),
    /// Put the shards of a run (`fokus run --shard K/N --shard-out FILE`) back together:
    /// exactly the result of one run.
    Merge(run::MergeArgs),
    /// The what-if page for a meeting: a local web server (127.0.0.1 only) whose page
    /// reruns the scenario on every change of a lever, and its JSON API.
    Serve(serve::ServeArgs),
    /// The scenario files built into fokus: list them, or write them into a folder.
    Scenarios(scenarios::ScenariosArgs),
    /// Check a scenario file (and its `extends` chain) without running it.
    Validate {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Language of the lines (`FOKUS_LANG`, then `LANG`, then Danish by default).
        #[arg(long, value_enum, default_value_t = lang::default_arg())]
        lang: args::LangArg,
    },
}

/// Run a parsed command line.
pub fn execute(cli: Cli) -> fokus::Result<()> {
    edge::install_interrupt_handler();
    match cli.command {
        Command::Method(command) => setup::method(command),
        Command::Requirement(args) => register::requirement(args),
        Command::Run(args) => run::run(args),
        Command::Merge(args) => run::merge(args),
        Command::Calibrate(args) => calibrate::calibrate(args),
        Command::Compare(args) => compare::compare(args),
        Command::Init(args) => setup::init(args),
        Command::Sensitivity(args) => compare::sensitivity(args),
        Command::Solve(args) => compare::solve(args),
        Command::Validate { files, .. } => setup::validate(&files),
        Command::Evaluate(args) => register::evaluate(args),
        Command::Lister(args) => register::lister(args),
        Command::Schema => setup::schema(),
        Command::Synth(args) => register::synth(args),
        Command::Backtest(args) => register::backtest(args),
        Command::Serve(args) => serve::serve(args),
        Command::Scenarios(args) => scenarios::scenarios(args),
    }
}
