//! `fokus calibrate`: read the targets, fit, print the fit, write the calibrated file.

use super::args::{LangArg, RegisterStartArgs, SimOptions};
use super::edge::{Progress, print_out};
use fokus::analyses::calibrate::Targets;
use fokus::error::InputError;
use fokus::io::output::Files;
use fokus::report::text::Lang;
use fokus::vocab::label::Label;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The scenario to calibrate.
    scenario: PathBuf,
    /// Write the calibrated scenario here (it `extends` the input).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Observed shares from a CSV (month,group,share_pct or passive_pct) instead of the
    /// scenario's `observed` block.
    #[arg(long)]
    observed: Option<PathBuf>,
    /// Name of the calibrated scenario (default: the input's).
    #[arg(long)]
    name: Option<String>,
    /// Replications per iteration (common random numbers).
    #[arg(long, short = 'n', default_value_t = 40)]
    replications: u64,
    #[command(flatten)]
    sim: SimOptions,
    /// Language of the fit table.
    #[arg(long, value_enum, default_value_t = crate::cli::lang::default_arg())]
    lang: LangArg,
    /// Targets from a register instead: its shares per group and month of the judged
    /// year up to --as-of (default: its last month).
    #[command(flatten)]
    register: RegisterStartArgs,
}

pub fn calibrate(args: CalibrateArgs) -> fokus::Result<()> {
    let name = args
        .name
        .as_deref()
        .map(|n| Label::new(n).map_err(|m| InputError::new("--name", m)))
        .transpose()?;
    let loaded = fokus::io::scenario::load(&args.scenario)?;
    let mut files = Files::new();
    files
        .inputs(&loaded.chain)
        .inputs(&args.observed)
        .inputs(&args.register.from_register);
    let out = args.out.as_deref().map(|p| files.file("--out", p));
    let outputs = files.check()?;
    let shown = args.scenario.display().to_string();
    let simulations = args.replications * fokus::analyses::calibrate::MAX_SIMULATIONS;
    args.sim
        .check_resources(&[(&loaded.scenario, simulations, &shown)], 1)?;
    if args.observed.is_some() && args.register.from_register.is_some() {
        return Err(InputError::new(
            "--observed",
            fokus::text!(
                da: "og --from-register giver begge mål (giv ét)",
                en: "and --from-register both give targets (give one)"
            ),
        )
        .into());
    }
    let register = args.register.read()?;
    let observed = match &args.observed {
        Some(path) => {
            let origin = path.display().to_string();
            let text = fokus::io::text::read_table(path)?;
            Some((
                fokus::scenario::observed::parse_observed_csv(&text, &origin)?,
                origin,
            ))
        }
        None => None,
    };
    let targets = match (&register, &observed) {
        (Some(r), _) => Targets::Register {
            panel: &r.file.panel,
            name: &r.name,
            as_of: args.register.as_of,
            min_cell: args.register.min_cell,
        },
        (None, Some((months, origin))) => Targets::Observed { months, origin },
        (None, None) => Targets::Scenario,
    };
    let (seed, replications) = (args.sim.seed, args.replications);
    // The fit's length is not known in advance: it stops when the fit converges.
    let fitted = args.sim.drive(Progress::counter(), |driver| {
        fokus::analyses::calibrate::fit(
            driver,
            &loaded.scenario,
            &shown,
            targets,
            seed,
            replications,
            super::edge::checkpoint_memory(),
        )
    })?;
    let lang: Lang = args.lang.into();
    let cal = &fitted.calibration;
    print_out(&fokus::report::text::calibration::render_fit(cal, lang))?;
    print_out(&fokus::report::text::calibration::render_pooling(
        cal,
        &fitted.pooling,
        lang,
    ))?;
    print_out(&fokus::report::text::calibration::render_shock(
        &fitted.shock,
        lang,
    ))?;
    if let Some(warning) = fokus::report::text::calibration::total_warning(cal, lang) {
        eprintln!("{warning}");
    }
    // A group that does not fit makes the file wrong: nothing is written.
    if let Some(failure) = fokus::report::text::calibration::failure(cal, &fitted.pooling, lang) {
        let in_english = fokus::report::text::calibration::failure(cal, &fitted.pooling, Lang::En);
        let message = match lang {
            Lang::Da => fokus::error::Message::new(failure, in_english.unwrap_or_default()),
            Lang::En => {
                let in_danish =
                    fokus::report::text::calibration::failure(cal, &fitted.pooling, Lang::Da);
                fokus::error::Message::new(in_danish.unwrap_or_default(), failure)
            }
        };
        return Err(fokus::error::Error::Runtime(message));
    }
    if let (Some(slot), Some(path)) = (out, &args.out) {
        let file = fitted.file(&args.scenario, path, name.as_ref());
        outputs.write_file(slot, fokus::report::export::json::to_json(&file))?;
        eprintln!("{} {}", lang.pick("skrev", "wrote"), path.display());
    }
    Ok(())
}
