//! The command line's language: decided once, before clap parses, so that clap's own
//! words (`--help`, usage errors) are in it too. `--lang da|en` on the command line wins,
//! then `FOKUS_LANG`, then `LANG` (`en…` is English); Danish otherwise.
//!
//! clap's help comes from the doc comments (English); in Danish the command is rebuilt
//! from [`DANISH_HELP`] (a text per command and argument), with Danish headings and
//! Danish `[standard: …]` / `[mulige værdier: …]` notes, and its usage errors are worded
//! per [`ErrorKind`], with Danish placeholders ([`PLACEHOLDERS`]: `<SCENARIE>`, `<FIL>`).
//! A test walks clap's command tree: every command and argument has its Danish text.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use fokus::report::text::Lang;
use fokus::report::text::errors::{english_in, error_word, message_in};
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
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = help_for(&path, &id);
        cmd = cmd.mut_arg(id.as_str(), |arg| danish_arg(arg, help));
    }
    // clap writes the usage's own words in English: the usage is given in Danish, after
    // the arguments have their Danish placeholders.
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TILVALG]")
        .replace("<COMMAND>", "<KOMMANDO>")
        .replace("[COMMAND]", "[KOMMANDO]");
    cmd = cmd.help_template(template).override_usage(usage);
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
    let names: Vec<&'static str> = english_placeholders(&arg)
        .iter()
        .map(|en| placeholder(en).unwrap_or("VÆRDI"))
        .collect();
    let arg = if names.is_empty() {
        arg
    } else {
        arg.value_names(names)
    };
    arg.help(text)
        .long_help(None::<&str>)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// The Danish help of argument `id` of the command at `path` (`""`: the command itself).
/// The command's own entry wins over a `*` entry. clap's `help` command repeats every
/// command under it (`help method show`, `method help show`): those have the text of the
/// command they name, and `… help` is the help command itself.
fn help_for(path: &str, id: &str) -> Option<&'static str> {
    let words: Vec<&str> = path.split(' ').filter(|w| !w.is_empty()).collect();
    let path = if id.is_empty() && words.last() == Some(&"help") {
        "help".to_string()
    } else if id.is_empty() && words.contains(&"help") {
        let named: Vec<&str> = words.iter().copied().filter(|w| *w != "help").collect();
        named.join(" ")
    } else {
        words.join(" ")
    };
    let find = |p: &str| {
        DANISH_HELP
            .iter()
            .find(|(q, i, _)| *q == p && *i == id)
            .map(|(_, _, da)| *da)
    };
    find(&path).or_else(|| find("*"))
}

/// A value's placeholder in Danish (`<SCENARIE>`, `<FIL>`), from its English name.
fn placeholder(english: &str) -> Option<&'static str> {
    PLACEHOLDERS
        .iter()
        .find(|(en, _)| *en == english)
        .map(|(_, da)| *da)
}

/// Placeholders of values: the English name (clap's, from the argument) and the Danish.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("SCENARIO", "SCENARIE"),
    ("SCENARIOS", "SCENARIER"),
    ("FILE", "FIL"),
    ("FILES", "FILER"),
    ("FILE.xlsx", "FIL.xlsx"),
    ("FILE.csv", "FIL.csv"),
    ("DATA", "DATA"),
    ("DATA.csv", "DATA.csv"),
    ("DIR", "MAPPE"),
    ("OUT", "FIL"),
    ("N", "N"),
    ("K/N", "K/N"),
    ("YYYY", "ÅÅÅÅ"),
    ("YYYY-MM", "ÅÅÅÅ-MM"),
    ("REPLICATIONS", "KØRSLER"),
    ("CURVE_REPLICATIONS", "KØRSLER"),
    ("THREADS", "TRÅDE"),
    ("SEED", "SEED"),
    ("LAYER", "LAG"),
    ("FORMAT", "FORMAT"),
    ("LANG", "SPROG"),
    ("CSV_DIALECT", "DIALEKT"),
    ("CPU_LEVEL", "NIVEAU"),
    ("HALF_WIDTH", "HALV_BREDDE"),
    ("BASE", "BASIS"),
    ("ALTERNATIVES", "ALTERNATIVER"),
    ("OBSERVED", "OBSERVERET"),
    ("NAME", "NAVN"),
    ("NAME|FILE", "NAVN|FIL"),
    ("MEASURE", "MÅL"),
    ("LEVER", "HÅNDTAG"),
    ("FROM", "FRA"),
    ("TO", "TIL"),
    ("LEVEL", "NIVEAU"),
    ("TOLERANCE", "TOLERANCE"),
    ("PARTS", "DELE"),
    ("PORT", "PORT"),
    ("MUNICIPALITY", "KOMMUNE"),
    ("GROUPS", "GRUPPER"),
    ("YEAR", "ÅR"),
    ("PERSONS", "PERSONER"),
    ("METHOD", "METODE"),
    ("A", "A"),
    ("B", "B"),
    ("TARGET", "MÅL"),
    ("RANK_BY", "RANGERING"),
];

/// The English placeholders of `arg`: its value names, or clap's (the id in capitals).
fn english_placeholders(arg: &Arg) -> Vec<String> {
    if !matches!(arg.get_action(), ArgAction::Set | ArgAction::Append) {
        return Vec::new();
    }
    match arg.get_value_names() {
        Some(names) => names.iter().map(|n| n.to_string()).collect(),
        None => vec![arg.get_id().as_str().to_uppercase()],
    }
}

/// Danish help: (command path, argument id, text); the command's own text has the id
/// `""`, and `*` is any command. The root command's path is `""`.
const DANISH_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "fokus — når genopretningsplanen os over STARs fokusmål i år?",
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
        "Skriv også en rapportmappe her: fan.svg, certainty.svg, groups.svg, months.csv, summary.json, report.html (andre filer i mappen røres ikke)",
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
    ), // The other commands and their arguments.
    (
        "method show",
        "",
        "Skriv en metode (forudindstillingens navn eller JSON-fil) som metodefil",
    ),
    (
        "method show",
        "method",
        "Forudindstilling (`star`, `frikort`) eller metodefil",
    ),
    (
        "method diff",
        "",
        "Vis de parametre, hvori to metoder er forskellige",
    ),
    (
        "method diff",
        "a",
        "Første metode (forudindstilling eller fil)",
    ),
    (
        "method diff",
        "b",
        "Anden metode (forudindstilling eller fil)",
    ),
    (
        "requirement",
        "observed",
        "Årets observerede månedsandele indtil nu i procent, fra januar: måneder adskilt af ; eller mellemrum, med decimalkomma eller -punktum (66,2;66,2;66,5), eller decimalpunktummer adskilt af kommaer (66.2,66.2,66.5); kan gentages. Et komma, der kan læses begge veje (66,2 alene), afvises. Eller en CSV-fil: output fra `fokus evaluate` (totalrækkerne for dens første metode) eller `month,share_pct` — det seneste års måneder bruges",
    ),
    (
        "requirement",
        "target",
        "Målet i procent (årets gennemsnit skal ligge over det)",
    ),
    (
        "requirement",
        "year",
        "Året, de observerede måneder hører til [standard: en CSV-fils seneste år, ellers i år]",
    ),
    (
        "requirement",
        "json",
        "Forældet: det samme som --format json (bevaret for scripts skrevet før --format)",
    ),
    ("calibrate", "scenario", "Scenariet, der skal kalibreres"),
    (
        "calibrate",
        "out",
        "Skriv det kalibrerede scenarie her (det bygger på inputtet med `extends`)",
    ),
    (
        "calibrate",
        "observed",
        "Observerede andele fra en CSV (month,group,share_pct eller passive_pct) i stedet for scenariets `observed`-blok",
    ),
    (
        "calibrate",
        "name",
        "Det kalibrerede scenaries navn (standard: inputtets)",
    ),
    (
        "calibrate",
        "replications",
        "Kørsler pr. iteration (fælles tilfældige tal)",
    ),
    (
        "*",
        "from_register",
        "Start fra registerets personer i opgørelsesmåneden; årets observerede måneder beregnes fra det",
    ),
    (
        "*",
        "as_of",
        "Opgørelsesmåneden (standard: registerets sidste måned)",
    ),
    ("compare", "base", "Basisscenariet"),
    (
        "compare",
        "rank_by",
        "Rækkefølgen af alternativerne: efter P(mål) (dernæst effekten) eller efter omkostning pr. pct.-point årsgennemsnit, billigst først (de, hvor den ikke er defineret, til sidst)",
    ),
    (
        "compare",
        "alternatives",
        "Alternative scenarier (indsatser eller en anden metode)",
    ),
    (
        "compare",
        "replications",
        "Monte Carlo-kørsler (de samme for hvert scenarie)",
    ),
    (
        "compare",
        "curve_replications",
        "Kørsler pr. punkt på P(mål)-kurverne over usikre indsatsparametre (højst --replications; 0: ingen kurver)",
    ),
    (
        "compare",
        "out",
        "Skriv også en rapportmappe her: compare.svg, paths.svg, fan.svg, compare.csv, summary.json, report.html og curve-K.svg pr. P(mål)-kurve med curves.csv (andre filer i mappen røres ikke)",
    ),
    ("init", "municipality", "Kommunens navn"),
    ("init", "groups", "Gruppestørrelser: en CSV `group,persons`"),
    (
        "init",
        "observed",
        "Observerede andele: en CSV `month,group,share_pct` (eller `passive_pct`), valgfri",
    ),
    ("init", "year", "Kalenderåret, der bedømmes"),
    ("init", "out", "Hvor scenariet skrives"),
    ("sensitivity", "scenario", "Scenariefilen"),
    (
        "sensitivity",
        "replications",
        "Kørsler pr. punkt (fælles tilfældige tal på tværs af punkter)",
    ),
    (
        "sensitivity",
        "out",
        "Skriv også en rapportmappe her (følsomhed: tornado.svg, tornado.csv, summary.json, report.html; andre filer i mappen røres ikke)",
    ),
    ("solve", "scenario", "Scenariefilen"),
    (
        "solve",
        "replications",
        "Kørsler pr. punkt (fælles tilfældige tal på tværs af punkter)",
    ),
    (
        "solve",
        "lever",
        "Håndtagets JSON-sti, f.eks. `initiatives[0].extra_offer_rate`",
    ),
    ("solve", "from", "Laveste værdi, der prøves"),
    ("solve", "to", "Højeste værdi, der prøves"),
    (
        "solve",
        "level",
        "Sandsynligheden for at nå målet, der skal nås",
    ),
    (
        "solve",
        "tolerance",
        "Stop, når intervallet er så smalt (standard: 1/64 af spændet)",
    ),
    (
        "evaluate",
        "data",
        "Register-CSV'en (UTF-8, adskilt af `,` eller `;`) med overskriften `person_id,month,group,offer,ordinary_hours,frikort_hours,absence,conversations` og eventuelt `seniority_months`",
    ),
    (
        "evaluate",
        "methods",
        "Metode (forudindstilling `star`, `frikort` eller en metodefil); gentag for at sammenligne, den første er grundlaget for forskellene. Standard: star",
    ),
    ("evaluate", "measure", "Hvilket fokusmål"),
    (
        "evaluate",
        "out",
        "Skriv til denne fil (atomisk) i stedet for standardoutput. Endelsen skal passe til formatet: .csv, .json eller .txt (en tabel)",
    ),
    (
        "evaluate",
        "report",
        "Skriv også en rapportmappe her: evaluation.svg og report.html",
    ),
    (
        "evaluate",
        "format",
        "Outputformat. Standard: tabel på en terminal, ellers CSV (med --out: efter filens endelse, ellers CSV)",
    ),
    (
        "evaluate",
        "csv_dialect",
        "CSV-dialekten: plain, eller excel-da til dansk Excel (`;`, decimalkomma, UTF-8-BOM, overskrifter på --lang-sproget)",
    ),
    (
        "evaluate",
        "min_cell",
        "Tilbagehold celler med færre personer end dette (0: ingen tilbageholdes)",
    ),
    ("lister", "data", "Register-CSV'en (som til `evaluate`)"),
    (
        "lister",
        "as_of",
        "Opgørelsesmåneden: den sidste måned med data, listen handler på. Standard: registerets sidste måned",
    ),
    (
        "lister",
        "method",
        "Metode (forudindstilling `star`, `frikort` eller en metodefil). Standard: star",
    ),
    (
        "lister",
        "offers",
        "Tilbud pr. måned (i listens rækkefølge), hvis gevinst vises; gentag for flere. Standard: omkring ½, 1, 2 og 5 % af personerne på ydelse",
    ),
    (
        "lister",
        "with_ids",
        "Skriv personerne selv, med deres id'er, i listens rækkefølge (CSV) til --out: sagsbehandlernes liste. Kun denne fil indeholder nogensinde id'er",
    ),
    (
        "lister",
        "out",
        "Skriv til denne fil (atomisk) i stedet for standardoutput. Med --with-ids kan kun ejeren læse filen, og en eksisterende fil afvises",
    ),
    (
        "lister",
        "force",
        "Med --with-ids: erstat en eksisterende --out-fil",
    ),
    (
        "lister",
        "min_cell",
        "Tilbagehold celler med færre personer end dette (0: ingen tilbageholdes)",
    ),
    ("backtest", "scenario", "Scenariefilen"),
    ("backtest", "replications", "Monte Carlo-kørsler"),
    (
        "synth",
        "persons",
        "Personer på ydelse ved start (scenariets grupper skaleret til dette)",
    ),
    ("synth", "from", "Første måned med rækker"),
    ("synth", "to", "Sidste måned med rækker"),
    ("synth", "seed", "Seed for simuleringen"),
    (
        "synth",
        "scenario",
        "Scenariet, der simuleres (standard: det medfølgende København-scenarie)",
    ),
    ("synth", "out", "Register-CSV'en, der skrives (atomisk)"),
    (
        "merge",
        "parts",
        "Shardfilerne: alle shards af én kørsel, hver én gang (vilkårlig rækkefølge)",
    ),
    (
        "serve",
        "scenarios",
        "Scenariefiler, siden tilbyder (standard: de indbyggede scenarier)",
    ),
    (
        "serve",
        "port",
        "Porten på 127.0.0.1 (0: en vilkårlig ledig port; adressen skrives)",
    ),
    (
        "serve",
        "open",
        "Åbn siden i standardbrowseren (xdg-open), når serveren lytter",
    ),
    (
        "serve",
        "threads",
        "Tråde pr. kørsel (0: alle kerner). Resultatet afhænger ikke af det",
    ),
    (
        "serve",
        "lang",
        "Sproget i det, kommandoen skriver (siden har sin egen omskifter)",
    ),
    (
        "scenarios export",
        "",
        "Skriv de indbyggede scenariefiler i MAPPE (oprettes, hvis den mangler; en fil med samme navn erstattes kun med --force)",
    ),
    ("scenarios export", "dir", "Mappen"),
    (
        "scenarios export",
        "force",
        "Erstat filer med de samme navne",
    ),
    ("scenarios", "lang", "Listens sprog"),
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
                .map(|s| format!(": {}", danish_reason(s)))
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
fn danish_reason(reason: &(dyn std::error::Error + 'static)) -> String {
    if let Some(e) = reason.downcast_ref::<fokus::error::MessageError>() {
        return message_in(&e.0, Lang::Da);
    }
    if let Some(e) = reason.downcast_ref::<fokus::vocab::month::MonthParseError>() {
        return message_in(&e.message(), Lang::Da);
    }
    match reason.to_string().as_str() {
        "invalid digit found in string" => "ikke et helt tal".to_string(),
        "cannot parse integer from empty string" => "tom".to_string(),
        "number too large to fit in target type" => "tallet er for stort".to_string(),
        "invalid float literal" => "ikke et tal".to_string(),
        other => english_in(other, Lang::Da),
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

    /// Every command and every argument of every command, walked from the root.
    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, String, String)>) {
        out.push((path.to_string(), String::new(), about(cmd)));
        for arg in cmd.get_arguments() {
            let help = arg.get_help().map(StyledStr::to_string).unwrap_or_default();
            out.push((path.to_string(), arg.get_id().to_string(), help));
        }
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            let sub_path = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path} {name}")
            };
            walk(sub, &sub_path, out);
        }
    }

    fn about(cmd: &Command) -> String {
        cmd.get_about()
            .map(StyledStr::to_string)
            .unwrap_or_default()
    }

    #[test]
    fn every_command_and_argument_has_danish_help() {
        use clap::CommandFactory;
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut all = Vec::new();
        walk(&cmd, "", &mut all);
        assert!(all.len() > 100, "{}", all.len());
        let missing: Vec<String> = all
            .iter()
            .filter(|(path, id, _)| help_for(path, id).is_none())
            .map(|(path, id, en)| format!("({path:?}, {id:?}, {en:?})"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Danish help:\n{}",
            missing.join("\n")
        );
    }

    fn each_arg(cmd: &Command, path: &str, out: &mut Vec<(String, Arg)>) {
        for arg in cmd.get_arguments() {
            out.push((path.to_string(), arg.clone()));
        }
        for sub in cmd.get_subcommands() {
            each_arg(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_placeholder_is_danish() {
        use clap::CommandFactory;
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut args = Vec::new();
        each_arg(&cmd, "fokus", &mut args);
        let missing: Vec<String> = args
            .iter()
            .flat_map(|(path, arg)| {
                english_placeholders(arg)
                    .into_iter()
                    .filter(|en| placeholder(en).is_none())
                    .map(move |en| format!("{path} {}: <{en}>", arg.get_id()))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "no Danish placeholder:\n{}",
            missing.join("\n")
        );
        let mut run = command(crate::cli::Cli::command(), Lang::Da);
        let help = run
            .find_subcommand_mut("run")
            .expect("run")
            .render_help()
            .to_string();
        assert!(help.contains("[SCENARIE]"), "{help}");
        assert!(help.contains("--out <MAPPE>"), "{help}");
        assert!(
            help.contains("Brug: fokus run [TILVALG] [SCENARIE]"),
            "{help}"
        );
        assert!(
            !help.contains("<SCENARIO>") && !help.contains("<DIR>"),
            "{help}"
        );
    }

    #[test]
    fn a_locale_names_its_language() {
        assert_eq!(from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(from_locale("da_DK.UTF-8"), Some(Lang::Da));
        assert_eq!(from_locale("C.UTF-8"), None);
    }
}
