//! `fokus scenarios`: the scenario files built into the binary — listed, or written into
//! a folder (`export`) to be read, changed and run as files.

use super::args::LangArg;
use super::edge::print_out;
use fokus::error::InputError;
use fokus::io::output::Files;
use fokus::scenario::builtin::{self, BUILT_IN};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ScenariosArgs {
    #[command(subcommand)]
    command: Option<ScenariosCommand>,
    /// Language of the list.
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    lang: LangArg,
}

#[derive(Debug, clap::Subcommand)]
enum ScenariosCommand {
    /// Write the built-in scenario files into DIR (created when missing; a file of the
    /// same name is replaced only with --force).
    Export {
        /// The folder.
        dir: PathBuf,
        /// Replace files of the same names.
        #[arg(long)]
        force: bool,
    },
}

pub fn scenarios(args: ScenariosArgs) -> fokus::Result<()> {
    match args.command {
        None => {
            let entries = BUILT_IN
                .iter()
                .map(|b| {
                    let name = builtin::load(b.file)?.scenario.name().to_string();
                    Ok((b.file, name, b.file == builtin::DEFAULT))
                })
                .collect::<fokus::Result<Vec<_>>>()?;
            print_out(&fokus::report::text::serve::built_in_list(
                &entries,
                args.lang.into(),
            ))
        }
        Some(ScenariosCommand::Export { dir, force }) => {
            let names: Vec<&str> = BUILT_IN.iter().map(|b| b.file).collect();
            let present: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| dir.join(n).exists())
                .collect();
            if !force && !present.is_empty() {
                return Err(InputError::new(dir.display().to_string(), {
                    let present = present.join(", ");
                    fokus::text!(
                        da: "indeholder allerede {present} (tilføj --force for at erstatte dem)",
                        en: "already holds {present} (add --force to replace them)"
                    )
                })
                .into());
            }
            let mut files = Files::new();
            let slot = files.folder("DIR", &dir, &names);
            let outputs = files.check()?;
            let contents = BUILT_IN
                .iter()
                .map(|b| (b.file.to_string(), b.text.as_bytes().to_vec()))
                .collect();
            outputs.write_folder(slot, contents)?;
            print_out(&format!("{}\n", names.join("\n")))
        }
    }
}
