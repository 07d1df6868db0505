//! Preparing the inputs: `fokus method show|diff`, `fokus init`, `fokus schema` and
//! `fokus validate`.

use super::edge::print_out;
use fokus::error::InputError;
use fokus::io::output::Files;
use fokus::report::text::cli::validated;
use fokus::report::text::errors::error_line;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum MethodCommand {
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
        /// Language of the answer.
        #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
        lang: super::args::LangArg,
    },
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The municipality's name.
    #[arg(long)]
    municipality: String,
    /// Group sizes: a CSV `group,persons`.
    #[arg(long)]
    groups: PathBuf,
    /// Observed shares: a CSV `month,group,share_pct` (or `passive_pct`), optional.
    #[arg(long)]
    observed: Option<PathBuf>,
    /// The calendar year judged.
    #[arg(long, default_value_t = 2025)]
    year: i32,
    /// Where to write the scenario.
    #[arg(long)]
    out: PathBuf,
    /// Language of the messages (the scenario file itself is the same in both).
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    lang: super::args::LangArg,
}

pub fn method(command: MethodCommand) -> fokus::Result<()> {
    match command {
        MethodCommand::Show { method } => {
            let m = fokus::io::method::resolve(&method)?;
            print_out(&fokus::report::export::json::to_json(&m.to_spec()))
        }
        MethodCommand::Diff { a, b, lang } => {
            let lang = fokus::report::text::Lang::from(lang);
            let (ma, mb) = (
                fokus::io::method::resolve(&a)?,
                fokus::io::method::resolve(&b)?,
            );
            let diff = ma.diff(&mb);
            let mut out = String::new();
            if diff.is_empty() {
                out.push_str(&match lang {
                    fokus::report::text::Lang::Da => format!("{a} og {b} er den samme metode\n"),
                    fokus::report::text::Lang::En => format!("{a} and {b} are the same method\n"),
                });
            } else {
                // A text given per language is shown in the command's.
                let shown = |v: &serde_json::Value| match (v.get("da"), v.get("en")) {
                    (Some(da), Some(en)) => match lang {
                        fokus::report::text::Lang::Da => da.to_string(),
                        fokus::report::text::Lang::En => en.to_string(),
                    },
                    _ => v.to_string(),
                };
                let width = diff.iter().map(|d| d.0.len()).max().unwrap_or(0).max(9);
                out.push_str(&format!("{:width$}  {a}  →  {b}\n", "parameter"));
                for (field, va, vb) in diff {
                    let (va, vb) = (shown(&va), shown(&vb));
                    out.push_str(&format!("{field:width$}  {va}  →  {vb}\n"));
                }
            }
            print_out(&out)
        }
    }
}

pub fn schema() -> fokus::Result<()> {
    print_out(&format!("{:#}\n", fokus::scenario::file::json_schema()))
}

/// Check every file, not just up to the first bad one: each good file's line goes to
/// standard output, each bad file's error to standard error, and the last error is the
/// command's (its exit code).
pub fn validate(files: &[PathBuf]) -> fokus::Result<()> {
    let lang = super::lang::current();
    let mut out = String::new();
    let mut errors = Vec::new();
    for f in files {
        let loaded = match fokus::io::scenario::load(f) {
            Ok(loaded) => loaded,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        out.push_str(&validated(
            lang,
            &f.display().to_string(),
            &loaded.scenario,
            &loaded.sha256[..12],
        ));
        out.push('\n');
    }
    print_out(&out)?;
    let last = errors.pop();
    for e in errors {
        eprintln!("{}", error_line(&e, lang));
    }
    last.map_or(Ok(()), Err)
}

pub fn init(args: InitArgs) -> fokus::Result<()> {
    let municipality = fokus::vocab::label::Label::new(args.municipality.as_str())
        .map_err(|m| InputError::new("--municipality", m))?;
    let mut files = Files::new();
    files.input(&args.groups).inputs(&args.observed);
    let out = files.file("--out", &args.out);
    let outputs = files.check()?;
    let shown = args.groups.display().to_string();
    let sizes = fokus::analyses::init::parse_group_sizes(
        &fokus::io::text::read_table(&args.groups)?,
        &shown,
    )?;
    let observed = match &args.observed {
        Some(p) => fokus::scenario::observed::parse_observed_csv(
            &fokus::io::text::read_table(p)?,
            &p.display().to_string(),
        )?,
        None => Vec::new(),
    };
    if let Some(o) = observed.iter().find(|o| o.month.year() != args.year) {
        return Err(InputError::new("--observed", {
            let (month, year) = (o.month, args.year);
            fokus::text!(
                da: "{month} ligger ikke i --year {year}",
                en: "{month} is not in --year {year}"
            )
        })
        .into());
    }
    let file =
        fokus::analyses::init::starting_scenario(&municipality, args.year, &sizes, &observed);
    let text = fokus::report::export::json::to_json(&file);
    // Validate before writing: what init writes must load. What it is made of is the
    // group sizes (each checked with its line), so they are named if it does not.
    fokus::scenario::load::from_json_str(&text, &shown)?;
    outputs.write_file(out, text)?;
    let shown = args.out.display();
    eprintln!(
        "{}",
        super::lang::current().pick(
            &format!("skrev {shown} — kør fokus calibrate {shown} før en fremskrivning"),
            &format!("wrote {shown} — run `fokus calibrate {shown}` before a projection"),
        )
    );
    Ok(())
}
