//! The command line's language: decided once, before clap parses, so that clap's own
//! words (`--help`, usage errors) are in it too. `--lang da|en` on the command line wins,
//! then `FOKUS_LANG`, then `LANG` (`en…` is English); Danish otherwise.
//!
//! clap's help comes from the doc comments (English); in Danish the command is rebuilt
//! from [`DANISH_HELP`] (a text per command and argument), with Danish headings and
//! Danish `[standard: …]` / `[mulige værdier: …]` notes, and its usage errors are worded
//! per [`ErrorKind`]. An argument the table does not name keeps its English help.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};
use fokus::report::text::Lang;
use fokus::report::text::errors::{error_word, message_in};
use std::ffi::OsString;
use std::sync::OnceLock;

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of this process's words (decided by [`decide`]; Danish before that).
pub fn current() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Decide the language from the command line and the environment, once.
pub fn decide(args: &[OsString]) -> Lang {
    let lang = from_args(args)
        .or_else(|| std::env::var("FOKUS_LANG").ok().and_then(|v| named(&v)))
        .or_else(|| std::env::var("LANG").ok().and_then(|v| from_locale(&v)))
        .unwrap_or_default();
    *LANG.get_or_init(|| lang)
}

/// The default of every `--lang` option: `FOKUS_LANG`, then `LANG`, then Danish.
pub fn default_arg() -> super::args::LangArg {
    let lang = std::env::var("FOKUS_LANG")
        .ok()
        .and_then(|v| named(&v))
        .or_else(|| std::env::var("LANG").ok().and_then(|v| from_locale(&v)))
        .unwrap_or_default();
    match lang {
        Lang::Da => super::args::LangArg::Da,
        Lang::En => super::args::LangArg::En,
    }
}

/// `--lang en` or `--lang=en` anywhere before a `--` (the last one wins, as in clap).
fn from_args(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            found = words.next().and_then(|v| named(&v)).or(found);
        } else if let Some(v) = word.strip_prefix("--lang=") {
            found = named(v).or(found);
        }
    }
    found
}

fn named(value: &str) -> Option<Lang> {
    match value.trim() {
        "da" => Some(Lang::Da),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// A locale such as `da_DK.UTF-8` or `en_GB.UTF-8`; `C` and `POSIX` say nothing.
fn from_locale(locale: &str) -> Option<Lang> {
    if locale.starts_with("en") {
        Some(Lang::En)
    } else if locale.starts_with("da") {
        Some(Lang::Da)
    } else {
        None
    }
}

/// The command line in `lang`: clap's words and every help text the table has.
pub fn command(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built first, so clap's own --help, --version and `help` exist to be reworded.
    cmd.build();
    danish(cmd, "")
}

fn danish(mut cmd: Command, parent: &str) -> Command {
    let path = if parent.is_empty() {
        String::new()
    } else if parent == "fokus" {
        cmd.get_name().to_string()
    } else {
        format!("{parent} {}", cmd.get_name())
    };
    if let Some(about) = help_for(&path, "") {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let template = template(&cmd);
    // clap writes the usage's placeholders in English: the usage is given in Danish.
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TILVALG]")
        .replace("<COMMAND>", "<KOMMANDO>");
    cmd = cmd.help_template(template).override_usage(usage);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = help_for(&path, &id);
        cmd = cmd.mut_arg(id.as_str(), |arg| danish_arg(arg, help));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let own = if parent.is_empty() {
        "fokus"
    } else {
        path.as_str()
    };
    let own = own.to_string();
    for name in names {
        cmd = cmd.mut_subcommand(name.as_str(), |sub| danish(sub, &own));
    }
    cmd
}

/// clap's headings in Danish: only the sections the command has.
fn template(cmd: &Command) -> String {
    let mut t = String::from("{before-help}{about-with-newline}\nBrug: {usage}\n");
    if cmd.has_subcommands() {
        t.push_str("\nKommandoer:\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\nArgumenter:\n{positionals}\n");
    }
    t.push_str("\nTilvalg:\n{options}{after-help}");
    t
}

/// An argument's Danish help, with its default and possible values noted in Danish.
fn danish_arg(arg: Arg, help: Option<&str>) -> Arg {
    let mut text = match help {
        Some(h) => h.to_string(),
        None => arg.get_help().map(StyledStr::to_string).unwrap_or_default(),
    };
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let takes_value = arg.get_action().takes_values();
    if takes_value && !values.is_empty() && !arg.is_hide_possible_values_set() {
        text.push_str(&format!(" [mulige værdier: {}]", values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        text.push_str(&format!(" [standard: {}]", defaults.join(", ")));
    }
    arg.help(text)
        .long_help(None::<&str>)
        .hide_default_value(true)
        .hide_possible_values(true)
}

fn help_for(path: &str, id: &str) -> Option<&'static str> {
    DANISH_HELP
        .iter()
        .find(|(p, i, _)| (*p == path || *p == "*") && *i == id)
        .map(|(_, _, da)| *da)
}

/// Danish help: (command path, argument id, text); the command's own text has the id
/// `""`, and `*` is any command. The root command's path is `""`.
const DANISH_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "fokus — når genopretningsplanen os over STAR's fokusmål i år?",
    ),
    ("*", "help", "Vis hjælp"),
    ("*", "version", "Vis versionen"),
    (
        "help",
        "",
        "Vis denne hjælp eller hjælpen til de angivne kommandoer",
    ),
    ("method", "", "Vis eller sammenlign beregningsmetoder"),
    (
        "requirement",
        "",
        "Hvad årets resterende måneder skal ligge på i gennemsnit for at nå målet",
    ),
    (
        "run",
        "",
        "Simulér et scenarie: sandsynligheden for at nå målet i år",
    ),
    (
        "calibrate",
        "",
        "Tilpas gruppernes tilbudsrater, så de observerede måneder genskabes",
    ),
    (
        "compare",
        "",
        "Sammenlign alternativer med et basisscenarie, parret på fælles tilfældige tal",
    ),
    (
        "init",
        "",
        "Skriv et startscenarie for en anden kommune, klar til `calibrate`",
    ),
    (
        "sensitivity",
        "",
        "Svip hver usikker parameter (scenariets `sensitivity`-intervaller): et tornadodiagram",
    ),
    (
        "solve",
        "",
        "Målsøgning: den mindste værdi af et håndtag, hvor P(mål) når et niveau",
    ),
    (
        "evaluate",
        "",
        "Beregn fokusmålet præcist fra et register (CSV med en række pr. person og måned)",
    ),
    (
        "lister",
        "",
        "Produktionsstyringslisten fra et register: hvem bliver passiv hvornår, og hvad tilbud i listens rækkefølge giver (kun antal; id'er kun med --with-ids --out)",
    ),
    ("schema", "", "Skriv scenariefilens JSON Schema"),
    (
        "backtest",
        "",
        "Bedøm en fremskrivning fra en tidligere måned i et register mod det, der fulgte",
    ),
    (
        "synth",
        "",
        "Skriv et SYNTETISK register (ingen i det findes) fra en simulering af et scenarie",
    ),
    (
        "merge",
        "",
        "Saml en kørsels shards (`fokus run --shard K/N --shard-out FIL`): præcis resultatet af én kørsel",
    ),
    (
        "serve",
        "",
        "Hvad-nu-hvis-siden til et møde: en lokal webserver (kun 127.0.0.1), hvis side kører scenariet igen ved hver ændring af et håndtag, og dens JSON-API",
    ),
    (
        "scenarios",
        "",
        "Scenariefilerne indbygget i fokus: vis dem, eller skriv dem i en mappe",
    ),
    (
        "validate",
        "",
        "Tjek en scenariefil (og dens `extends`-kæde) uden at køre den",
    ),
    ("validate", "files", "Scenariefiler"),
    // Options shared by the commands that simulate or write.
    (
        "*",
        "seed",
        "Seed for de tilfældige tal (står i hvert output)",
    ),
    (
        "*",
        "threads",
        "Tråde (0: alle kerner). Resultatet afhænger ikke af det",
    ),
    (
        "*",
        "allow_large",
        "Kør, selv når den anslåede hukommelse eller tid er mere, end maskinen har",
    ),
    (
        "*",
        "without",
        "Slå et lag af usikkerheden fra (kan gentages, eller en kommaliste): effect_sizes (indsatsernes styrke ved fordelingens middelværdi), calibration (tilbudsrater og trends som tilpasset), volatility (intet driftsstød). Processtøjen forbliver",
    ),
    ("*", "format", "Outputformat"),
    ("*", "lang", "Sprog (dansk eller engelsk)"),
    (
        "*",
        "png",
        "Skriv også en PNG (dobbelt størrelse, til slides) ved siden af hvert diagram i --out-mappen",
    ),
    (
        "*",
        "csv_dialect",
        "CSV-filerne i --out-mappen: plain (`,` mellem felter, decimalpunktum, maskinoverskrifter) eller excel-da til dansk Excel (`;`, decimalkomma, UTF-8-BOM, overskrifter på --lang-sproget)",
    ),
    (
        "*",
        "excel",
        "Skriv også resultatets tabeller som en Excel-projektmappe (ét ark pr. tabel, tal som tal, overskrifter på --lang-sproget)",
    ),
    (
        "*",
        "min_cell",
        "Tilbagehold registertal for færre personer end dette (0: ingen)",
    ),
    // run
    (
        "run",
        "scenario",
        "Scenariefilen (ingen: det indbyggede København 2025-scenarie, og outputtet siger det)",
    ),
    (
        "run",
        "replications",
        "Monte Carlo-kørsler [standard: 1000]; med --precision højst så mange [standard: 100000]",
    ),
    (
        "run",
        "precision",
        "Kør portioner af 500 kørsler, til 95 %-intervallet for P(mål) højst er så bredt til hver side (f.eks. 0.01); antallet står i revisionslinjen",
    ),
    (
        "run",
        "shard",
        "Kør kun shard K af N (K fra 0): kørsel [K·n/N, (K+1)·n/N) af -n; kræver --shard-out. Saml delene med `fokus merge`",
    ),
    (
        "run",
        "shard_out",
        "Skriv shardens rå resultater pr. kørsel her (JSON) i stedet for et resultat",
    ),
    (
        "run",
        "cpu_level",
        "Månedsløkkens vektorniveau: auto (det bedste, denne CPU har), scalar (den enkle definition), v3 (AVX2), v4 (AVX-512) eller neon (aarch64). Tallene er de samme på alle niveauer; kun hastigheden er forskellig",
    ),
    (
        "run",
        "out",
        "Skriv også en rapportmappe her: fan.svg, groups.svg, months.csv, summary.json, report.html (andre filer i mappen røres ikke)",
    ),
    (
        "run",
        "from_register",
        "Start fra registerets personer i opgørelsesmåneden; årets observerede måneder beregnes fra det",
    ),
    (
        "run",
        "as_of",
        "Opgørelsesmåneden (standard: registerets sidste måned)",
    ),
];

/// A usage error or a help page from clap, in `lang`: help and version as clap wrote
/// them (the command was built in `lang`), an error as one `fejl:` line with the usage.
pub fn clap_error(err: &clap::Error, lang: Lang) -> String {
    if lang == Lang::En
        || matches!(
            err.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return err.render().to_string();
    }
    let value = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = value(ContextKind::InvalidArg);
    let problem = match err.kind() {
        ErrorKind::UnknownArgument => format!("ukendt tilvalg '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "ukendt kommando '{}'",
                value(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue => {
            let valid = value(ContextKind::ValidValue);
            let given = value(ContextKind::InvalidValue);
            if valid.is_empty() {
                format!("'{given}' er ikke en gyldig værdi for '{arg}'")
            } else {
                format!("'{given}' er ikke en gyldig værdi for '{arg}' (mulige værdier: {valid})")
            }
        }
        ErrorKind::ValueValidation => {
            let given = value(ContextKind::InvalidValue);
            let why = std::error::Error::source(err)
                .map(|s| format!(": {}", danish_reason(&s.to_string())))
                .unwrap_or_default();
            format!("'{given}' er ikke en gyldig værdi for '{arg}'{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("mangler {arg}"),
        ErrorKind::MissingSubcommand => "mangler en kommando".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "'{arg}' kan ikke bruges sammen med '{}'",
            value(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals => format!("'{arg}' skal skrives med = foran værdien"),
        ErrorKind::TooManyValues => {
            format!("for mange værdier til '{arg}'")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("forkert antal værdier til '{arg}'")
        }
        ErrorKind::InvalidUtf8 => "et argument er ikke gyldig UTF-8".to_string(),
        _ => "kommandolinjen kan ikke læses".to_string(),
    };
    let usage = match err.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => {
            let u = u.to_string();
            let u = u.trim_start_matches("Usage:").trim();
            format!("\n\nBrug: {u}")
        }
        _ => String::new(),
    };
    format!(
        "{}: {problem}{usage}\n\nSe mere med '--help'.\n",
        error_word(lang)
    )
}

/// Why a value was refused, as a value parser of fokus or of the standard library says.
fn danish_reason(reason: &str) -> String {
    match reason {
        "invalid digit found in string" => "ikke et helt tal".to_string(),
        "cannot parse integer from empty string" => "tom".to_string(),
        "number too large to fit in target type" => "tallet er for stort".to_string(),
        "invalid float literal" => "ikke et tal".to_string(),
        other => message_in(other, Lang::Da),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_command_lines_lang_is_found_before_clap() {
        assert_eq!(
            from_args(&args(&["fokus", "run", "--lang", "en"])),
            Some(Lang::En)
        );
        assert_eq!(
            from_args(&args(&["fokus", "run", "--lang=da"])),
            Some(Lang::Da)
        );
        assert_eq!(
            from_args(&args(&["fokus", "run", "--", "--lang", "en"])),
            None
        );
        assert_eq!(from_args(&args(&["fokus", "run"])), None);
    }

    #[test]
    fn a_locale_names_its_language() {
        assert_eq!(from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(from_locale("da_DK.UTF-8"), Some(Lang::Da));
        assert_eq!(from_locale("C.UTF-8"), None);
    }
}
