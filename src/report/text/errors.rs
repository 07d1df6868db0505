//! Error messages in the command's language.
//!
//! A library message is an [`error::Message`](crate::error::Message) in Danish and in
//! English, written where it is made (`text!(da: …, en: …)`); [`error_line`] is the one
//! place an error becomes the line `fejl: …` / `error: …` and picks the command's
//! language. Text of other libraries (serde's JSON errors, clap's usage errors) and the
//! messages still marked [`Message::english_only`](crate::error::Message::english_only)
//! are worded in Danish by [`CATALOGUE`], a catalogue in the manner of gettext: each
//! English message, its variable parts written `{}`, beside its Danish wording. A
//! variable part is itself worded — a nested message, a phrase of [`PHRASES`], a decimal
//! number with its comma. A text the catalogue does not know is shown as it was written.

use super::Lang;
use crate::error::{Error, InputError, Message};

/// The line a command prints for `err` (without a trailing line break).
pub fn error_line(err: &Error, lang: Lang) -> String {
    let text = match err {
        Error::Input(e) => input_error(e, lang),
        Error::Io { path, source } => format!("{path}: {}", io_error(source, lang)),
        Error::Runtime(message) => message_in(message, lang),
    };
    format!("{}: {text}", error_word(lang))
}

/// The word before every error line: `fejl` / `error`.
pub fn error_word(lang: Lang) -> &'static str {
    lang.pick("fejl", "error")
}

/// An input error as `origin: location: message`, the location and the message in `lang`.
pub fn input_error(err: &InputError, lang: Lang) -> String {
    let located = InputError {
        location: err.location.as_deref().map(|l| location_in(l, lang)),
        ..err.clone()
    };
    located.shown_with(|message| message_in(message, lang))
}

/// A location in `lang`: the words the library writes around a place in the input —
/// `line 3`, `line 3, column person_id`, `month 2`, `groups.kontanthjaelp (line 7)` —
/// in Danish (`linje 3, kolonne person_id`, `måned 2`). A JSON path has no spaces, so
/// only the words between them are ever read as such a word.
pub fn location_in(location: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return location.to_string();
    }
    location
        .split(' ')
        .map(|token| {
            let start = token.len() - token.trim_start_matches('(').len();
            let end = token.trim_end_matches([',', ')', ':']).len().max(start);
            let word = match &token[start..end] {
                "line" => "linje",
                "lines" => "linjer",
                "column" => "kolonne",
                "month" => "måned",
                "row" => "række",
                "record" => "post",
                other => other,
            };
            format!("{}{word}{}", &token[..start], &token[end..])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A message of the library in `lang`: its own Danish wording, or, for a message still
/// written in English only ([`Message::english_only`]), the catalogue's.
pub fn message_in(message: &Message, lang: Lang) -> String {
    match (lang, message.da()) {
        (Lang::En, _) => message.en().to_string(),
        (Lang::Da, Some(da)) => da.to_string(),
        (Lang::Da, None) => english_in(message.en(), lang),
    }
}

/// A text written in English (a message of another library, a value parser's reason) in
/// `lang`, as far as the catalogue knows it.
pub fn english_in(message: &str, lang: Lang) -> String {
    match lang {
        Lang::En => message.to_string(),
        Lang::Da => danish(message).unwrap_or_else(|| message.to_string()),
    }
}

/// What the operating system said, for the few failures a person can act on.
fn io_error(source: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    let known = match source.kind() {
        ErrorKind::NotFound => Some(("findes ikke", "does not exist")),
        ErrorKind::PermissionDenied => Some(("adgang nægtet", "permission denied")),
        ErrorKind::StorageFull => Some(("disken er fuld", "the disk is full")),
        ErrorKind::ReadOnlyFilesystem => Some((
            "filsystemet er skrivebeskyttet",
            "the file system is read-only",
        )),
        _ => None,
    };
    match known {
        Some((da, en)) => lang.pick(da, en).to_string(),
        None => source.to_string(),
    }
}

/// The Danish wording of an English message, when the catalogue knows it.
fn danish(message: &str) -> Option<String> {
    CATALOGUE.iter().find_map(|(english, danish)| {
        let parts = matches(english, message)?;
        Some(fill(danish, parts.iter().map(|p| danish_part(p))))
    })
}

/// A variable part of a message in Danish: a nested message, a known phrase, a decimal
/// number with a comma, or the part as it is (a path, a name, a value from the input).
fn danish_part(part: &str) -> String {
    if let Some((_, da)) = PHRASES.iter().find(|(en, _)| *en == part) {
        return (*da).to_string();
    }
    if let Some((en, da)) = VALUE_KINDS.iter().find(|(en, _)| part.starts_with(en)) {
        return format!("{da}{}", &part[en.len()..]);
    }
    if is_decimal(part) {
        return part.replacen('.', ",", 1);
    }
    // A quantity with its unit: `17.9 GB`.
    if let Some((number, unit)) = part.split_once(' ')
        && is_decimal(number)
        && ["kB", "MB", "GB", "TB"].contains(&unit)
    {
        return format!("{} {unit}", number.replacen('.', ",", 1));
    }
    danish(part).unwrap_or_else(|| part.to_string())
}

/// `12.25` or `-0.5`: digits with one decimal point.
fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    digits
        .split_once('.')
        .is_some_and(|(whole, frac)| is_digits(whole) && is_digits(frac))
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The variable parts of `text` if it is `pattern` (`{}` for each part, each non-empty).
/// A part takes as much as it can and gives back what the rest needs, so a message with
/// a parenthesis of its own still matches `{} ({} is set in {}, line {})`.
fn matches<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let literals: Vec<&str> = pattern.split("{}").collect();
    let rest = text.strip_prefix(literals[0])?;
    let mut parts = Vec::new();
    match_from(&literals[1..], rest, &mut parts).then_some(parts)
}

fn match_from<'t>(literals: &[&str], text: &'t str, parts: &mut Vec<&'t str>) -> bool {
    let Some((literal, later)) = literals.split_first() else {
        return text.is_empty();
    };
    if later.is_empty() {
        // The last part runs to the end, before the pattern's closing text.
        return match text.strip_suffix(literal) {
            Some(part) if !part.is_empty() => {
                parts.push(part);
                true
            }
            _ => false,
        };
    }
    let mut ends: Vec<usize> = text.match_indices(literal).map(|(i, _)| i).collect();
    ends.retain(|&i| i > 0);
    for &end in ends.iter().rev() {
        parts.push(&text[..end]);
        if match_from(later, &text[end + literal.len()..], parts) {
            return true;
        }
        parts.pop();
    }
    false
}

/// `template` with each `{}` replaced by the next of `parts`.
fn fill(template: &str, mut parts: impl Iterator<Item = String>) -> String {
    let mut pieces = template.split("{}");
    let mut out = pieces.next().unwrap_or_default().to_string();
    for piece in pieces {
        out.push_str(&parts.next().unwrap_or_default());
        out.push_str(piece);
    }
    out
}

/// The kinds of value serde names before a value (`string "300"`, `integer `-5``).
const VALUE_KINDS: &[(&str, &str)] = &[
    ("string ", "tekst "),
    ("integer ", "heltal "),
    ("floating point ", "decimaltal "),
    ("boolean ", "sandhedsværdi "),
];

/// Phrases that stand as a part of a message: what was expected, what a value looks like.
const PHRASES: &[(&str, &str)] = &[
    ("a number", "et tal"),
    ("a whole number from 0", "et helt tal fra 0"),
    ("a whole number", "et helt tal"),
    ("a string", "en tekst"),
    ("a boolean", "true eller false"),
    ("a sequence", "en liste"),
    ("a map", "et objekt"),
    ("map", "et objekt"),
    ("sequence", "en liste"),
    ("null", "null"),
    ("a value", "en værdi"),
    ("a list", "en liste"),
    ("an object", "et objekt"),
    ("a JSON object", "et JSON-objekt"),
    ("digits", "cifre"),
    ("letters", "bogstaver"),
    ("digits and letters", "cifre og bogstaver"),
    ("digits and other characters", "cifre og andre tegn"),
    ("letters and other characters", "bogstaver og andre tegn"),
    (
        "digits, letters and other characters",
        "cifre, bogstaver og andre tegn",
    ),
    ("other characters", "andre tegn"),
    ("a control character", "et kontroltegn"),
    (
        "a line or paragraph separator",
        "en linje- eller afsnitsseparator",
    ),
    (
        "a bidirectional formatting character",
        "et tegn, der vender skriveretningen",
    ),
    ("a noncharacter", "et ikke-tegn"),
    ("nothing was written", "intet blev skrevet"),
    (
        "the output had already been written",
        "outputtet var allerede skrevet",
    ),
    ("billion", "milliarder"),
    ("million", "millioner"),
];

/// English messages (`{}` for a variable part) and their Danish wording, the parts in the
/// same order. The first that matches is used: a specific message before a general one.
pub const CATALOGUE: &[(&str, &str)] = &[
    // Tables (CSV): a cell is described, never shown, then what is wrong with it.
    (
        "a value of {} characters ({}) {}",
        "en værdi på {} tegn ({}) {}",
    ),
    (
        "a value of {} character ({}) {}",
        "en værdi på {} tegn ({}) {}",
    ),
    ("an empty value {}", "en tom værdi {}"),
    ("a value of {} characters ({})", "en værdi på {} tegn ({})"),
    ("a value of {} character ({})", "en værdi på {} tegn ({})"),
    (
        "a value that looks like a CPR number (is the header missing, or are the columns shifted?) {}",
        "en værdi, der ligner et CPR-nummer (mangler overskriften, eller er kolonnerne forskudt?) {}",
    ),
    (
        "a value that looks like a CPR number (is the header missing, or are the columns shifted?)",
        "en værdi, der ligner et CPR-nummer (mangler overskriften, eller er kolonnerne forskudt?)",
    ),
    // Files given as input.
    (
        "does not exist (check the name and the folder)",
        "findes ikke (tjek navnet og mappen)",
    ),
    (
        "cannot be read: permission denied (check the file's permissions)",
        "kan ikke læses: adgang nægtet (tjek filens rettigheder)",
    ),
    (
        "is a folder (expected a file)",
        "er en mappe (forventede en fil)",
    ),
    (
        "does not exist: a part of the path before the name is a file, not a folder",
        "findes ikke: en del af stien før navnet er en fil, ikke en mappe",
    ),
    ("cannot be read ({})", "kan ikke læses ({})"),
    (
        "is not UTF-8 text (usually an æ, ø or å in Windows-1252 or Latin-1): save the file as UTF-8 — in Excel as \"CSV UTF-8\"",
        "er ikke UTF-8-tekst (som regel et æ, ø eller å i Windows-1252 eller Latin-1): gem filen som UTF-8 — i Excel som \"CSV UTF-8\"",
    ),
    (
        "holds a NUL byte: this is not a text file (a CSV or JSON file saved as UTF-8 text is expected; UTF-16 \"Unicode text\" from Excel must be saved as \"CSV UTF-8\")",
        "indeholder en NUL-byte: det er ikke en tekstfil (der forventes en CSV- eller JSON-fil gemt som UTF-8-tekst; UTF-16 \"Unicode-tekst\" fra Excel skal gemmes som \"CSV UTF-8\")",
    ),
    (
        "is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" (or the scenario as UTF-8)",
        "er UTF-16-tekst (Excels \"Unicode-tekst\"); gem den som \"CSV UTF-8\" (eller scenariet som UTF-8)",
    ),
    // JSON.
    (
        "unknown field `{}`, expected one of {}",
        "ukendt felt `{}` (tilladt er {})",
    ),
    (
        "unknown field `{}`, expected {}",
        "ukendt felt `{}` (tilladt er {})",
    ),
    (
        "unknown field `{}`, there are no fields",
        "ukendt felt `{}` (her er ingen felter)",
    ),
    (
        "unknown variant `{}`, expected one of {}",
        "ukendt værdi `{}` (tilladt er {})",
    ),
    (
        "unknown variant `{}`, expected {}",
        "ukendt værdi `{}` (tilladt er {})",
    ),
    ("missing field `{}`", "feltet `{}` mangler"),
    (
        "invalid type: {}, expected {}",
        "forkert type: {}, forventede {}",
    ),
    (
        "invalid value: {}, expected {}",
        "ugyldig værdi: {}, forventede {}",
    ),
    (
        "invalid length {}, expected {}",
        "forkert længde {}, forventede {}",
    ),
    (
        "EOF while parsing {} (the file ends too early: is a closing } or ] missing?)",
        "filen slutter midt i {} (den slutter for tidligt: mangler en afsluttende } eller ]?)",
    ),
    ("trailing comma", "komma efter sidste element"),
    ("expected value", "forventede en værdi"),
    ("expected `,` or `}`", "forventede `,` eller `}`"),
    ("expected `,` or `]`", "forventede `,` eller `]`"),
    ("expected `:`", "forventede `:`"),
    (
        "key must be a string",
        "en nøgle skal være en tekst i anførselstegn",
    ),
    ("trailing characters", "tegn efter JSON-objektets slutning"),
    (
        "the number is too large (expected a finite number)",
        "tallet er for stort (forventede et endeligt tal)",
    ),
    // A value and the file that set another value it is checked against.
    (
        "{} ({} is set in {}, line {})",
        "{} ({} er sat i {}, linje {})",
    ),
    ("{} ({} is set in {})", "{} ({} er sat i {})"),
    // Scenario and method values.
    (
        "{} is not a probability (expected 0 to 1)",
        "{} er ikke en sandsynlighed (forventede 0 til 1)",
    ),
    (
        "{} is out of range (expected a number from {} to {})",
        "{} er uden for det tilladte (forventede et tal fra {} til {})",
    ),
    (
        "{} is out of range (expected {} to {})",
        "{} er uden for det tilladte (forventede {} til {})",
    ),
    (
        "{} is out of range (expected e.g. {})",
        "{} er uden for det tilladte (forventede f.eks. {})",
    ),
    (
        "{} is not a percentage (expected 0 to 100)",
        "{} er ikke en procentsats (forventede 0 til 100)",
    ),
    (
        "{} is not a valid month (YYYY-MM, e.g. 2025-03)",
        "{} er ikke en gyldig måned (ÅÅÅÅ-MM, f.eks. 2025-03)",
    ),
    (
        "is not a valid month (YYYY-MM, e.g. 2025-03)",
        "er ikke en gyldig måned (ÅÅÅÅ-MM, f.eks. 2025-03)",
    ),
    (
        "{} is outside the year {} (expected {} to {})",
        "{} ligger uden for året {} (forventede {} til {})",
    ),
    (
        "{} is before start {} (months must be in order)",
        "{} ligger før start {} (månederne skal stå i rækkefølge)",
    ),
    (
        "version {} is not supported (expected 1)",
        "version {} understøttes ikke (forventede 1)",
    ),
    (
        "has {} values (expected 12, January first)",
        "har {} værdier (forventede 12, januar først)",
    ),
    (
        "is missing (every group needs it; a file that extends another may inherit it)",
        "mangler (hver gruppe skal have den; en fil, der udvider en anden, kan arve den)",
    ),
    (
        "{} is after the scenario's year {} (an observed month is a month of {}, or an earlier month as history)",
        "{} ligger efter scenariets år {} (en observeret måned er en måned i {} eller en tidligere måned som historik)",
    ),
    (
        "{} is after horizon_end {} (the horizon must cover the observed months)",
        "{} ligger efter horizon_end {} (horisonten skal dække de observerede måneder)",
    ),
    (
        "forms a cycle: {} (a scenario cannot extend itself)",
        "danner en ring: {} (et scenarie kan ikke udvide sig selv)",
    ),
    (
        "{} does not exist (the path is relative to this file's folder)",
        "{} findes ikke (stien regnes fra denne fils mappe)",
    ),
    (
        "{} is a folder, not a scenario file (the path is relative to this file's folder)",
        "{} er en mappe, ikke en scenariefil (stien regnes fra denne fils mappe)",
    ),
    (
        "{} persons in all is more than fokus simulates ({})",
        "{} personer i alt er flere, end fokus simulerer ({})",
    ),
    (
        "\"{}\" is neither a preset (star, frikort) nor an existing method file",
        "\"{}\" er hverken en forudindstillet metode (star, frikort) eller en metodefil, der findes",
    ),
    (
        "contains the character {} ({}) at character {}: names and texts must be plain text that a chart, a page and a table can show (no control characters, tabs or line breaks)",
        "indeholder tegnet {} ({}) som tegn nr. {}: navne og tekster skal være ren tekst, som et diagram, en side og en tabel kan vise (ingen kontroltegn, tabulatorer eller linjeskift)",
    ),
    (
        "is not a number of hours (a non-negative number with at most two decimals, e.g. 12.25)",
        "er ikke et antal timer (et ikke-negativt tal med højst to decimaler, f.eks. 12,25)",
    ),
    (
        "is more hours than a month has (at most 744)",
        "er flere timer, end en måned har (højst 744)",
    ),
    (
        "is not a number of hours: it mixes a decimal comma with points",
        "er ikke et antal timer: det blander decimalkomma og punktummer",
    ),
    (
        "is not a whole number from 0 to {}",
        "er ikke et helt tal fra 0 til {}",
    ),
    (
        "is not a benefit group code (one of {})",
        "er ikke en kode for en ydelsesgruppe (en af {})",
    ),
    (
        "is not a percentage (a number from 0 to 100, e.g. 66.2)",
        "er ikke en procentsats (et tal fra 0 til 100, f.eks. 66,2)",
    ),
    (
        "is not a percentage: above 100 (a number from 0 to 100, e.g. 66.2)",
        "er ikke en procentsats: over 100 (et tal fra 0 til 100, f.eks. 66,2)",
    ),
    (
        "has a quote that is not closed (check the quotes; a field cannot span lines)",
        "har et anførselstegn, der ikke lukkes (tjek anførselstegnene; et felt kan ikke gå over flere linjer)",
    ),
    (
        "has text after a closing quote (check the quotes: a quote inside a quoted field is written twice, \"\")",
        "har tekst efter et afsluttende anførselstegn (tjek anførselstegnene: et anførselstegn inde i et felt i anførselstegn skrives to gange, \"\")",
    ),
    (
        "month {} follows a gap; the months of {} must run from January without a gap (missing {})",
        "måned {} kommer efter et hul; månederne i {} skal løbe fra januar uden huller ({} mangler)",
    ),
    (
        "month {} appears twice (one share per month)",
        "måned {} står to gange (én andel pr. måned)",
    ),
    ("group {} appears twice", "gruppe {} står to gange"),
    ("{} total appears twice", "{} total står to gange"),
    (
        "columns {} and {} of the header both name {} (each column once)",
        "kolonne {} og {} i overskriften hedder begge {} (hver kolonne én gang)",
    ),
    // Command-line options.
    (
        "{} replications give no result (expected at least 1)",
        "{} kørsler giver intet resultat (forventede mindst 1)",
    ),
    (
        "{} replications give no fit (expected at least 1)",
        "{} kørsler giver ingen tilpasning (forventede mindst 1)",
    ),
    (
        "{} is more than 1024 worker threads (0 uses all cores; the result does not depend on it)",
        "{} er flere end 1024 tråde (0 bruger alle kerner; resultatet afhænger ikke af det)",
    ),
    (
        "{} is not a range (expected from < to)",
        "{} er ikke et interval (forventede fra < til)",
    ),
    (
        "unknown layer {} (expected one of: {})",
        "ukendt lag {} (forventede et af: {})",
    ),
    (
        "a shard file does not record the layers of uncertainty, so its parts could be merged with others run under other layers (run shards with every layer on)",
        "en shard-fil gemmer ikke usikkerhedens lag, så dens dele kunne blive lagt sammen med dele kørt med andre lag (kør shards med alle lag slået til)",
    ),
    // Outputs.
    (
        "{} would overwrite the input file {} (choose another output file)",
        "{} ville overskrive inputfilen {} (vælg en anden outputfil)",
    ),
    (
        "{} would overwrite the input file {} (choose another output folder)",
        "{} ville overskrive inputfilen {} (vælg en anden outputmappe)",
    ),
    (
        "{} is a folder (expected a file name)",
        "{} er en mappe (forventede et filnavn)",
    ),
    (
        "the folder {} does not exist (create it first)",
        "mappen {} findes ikke (opret den først)",
    ),
    (
        "{} exists and is not a folder (choose a folder name)",
        "{} findes og er ikke en mappe (vælg et mappenavn)",
    ),
    (
        "{} is also written by {} (give each output a file of its own)",
        "{} skrives også af {} (giv hvert output sin egen fil)",
    ),
    (
        "cannot write in the folder {} (it is read-only or permission is denied; choose a folder you can write to)",
        "kan ikke skrive i mappen {} (den er skrivebeskyttet, eller adgang nægtes; vælg en mappe, du kan skrive i)",
    ),
    (
        "{} is a file, not a folder (choose a path in an existing folder)",
        "{} er en fil, ikke en mappe (vælg en sti i en eksisterende mappe)",
    ),
    (
        "{} is a folder, where the report writes a file (choose another output folder)",
        "{} er en mappe, hvor rapporten skriver en fil (vælg en anden outputmappe)",
    ),
    (
        "{} ends with a folder separator (expected a file name)",
        "{} slutter med en mappeseparator (forventede et filnavn)",
    ),
    // Shards and merge.
    (
        "does not match the shard's content: the file was changed, truncated or damaged after fokus wrote it (run the shard again)",
        "passer ikke med shardens indhold: filen er ændret, afkortet eller beskadiget, efter fokus skrev den (kør sharden igen)",
    ),
    (
        "is not a shard file (expected \"format\": \"fokus-shard\", as written by `fokus run --shard K/N --shard-out FILE`)",
        "er ikke en shard-fil (forventede \"format\": \"fokus-shard\", som `fokus run --shard K/N --shard-out FILE` skriver)",
    ),
    (
        "shard {} is missing ({} of {} given)",
        "shard {} mangler ({} af {} givet)",
    ),
    (
        "{} differs from {}'s {}: the shards are not of one run (one run's shards share the scenario, seed, replications, shard count and fokus version)",
        "{} afviger fra {}s {}: shardene er ikke fra samme kørsel (én kørsels shards har samme scenarie, seed, antal kørsler, antal shards og fokus-version)",
    ),
    (
        "shard {} is also in {} (give each shard once)",
        "shard {} står også i {} (giv hver shard én gang)",
    ),
    (
        "is 0: a run has at least 1 replication",
        "er 0: en kørsel har mindst 1 replikation",
    ),
    (
        "has {} months (expected {}: January to the scenario's horizon)",
        "har {} måneder (forventede {}: januar til scenariets horisont)",
    ),
    (
        "{} is not a thread count (expected 1 to 1024)",
        "{} er ikke et antal tråde (forventede 1 til 1024)",
    ),
    // The resource guard, the interrupt, a cancelled run.
    (
        "the run needs about {} of memory ({} persons at once per replication), more than the {} % of the available memory a run may plan for ({} of {} available on this machine); use fewer persons or less inflow, fewer --threads, fewer replications, or --allow-large to try anyway",
        "kørslen kræver omkring {} hukommelse ({} personer ad gangen pr. replikation), mere end de {} % af den ledige hukommelse, en kørsel må planlægge med ({} af {} ledig på denne maskine); brug færre personer eller mindre tilgang, færre --threads, færre kørsler, eller --allow-large for at prøve alligevel",
    ),
    (
        "the run would take about {} hours ({} person-months at a cautious {} per second per thread); use fewer replications (-n), more --threads, or --allow-large to try anyway",
        "kørslen ville tage omkring {} timer ({} personmåneder ved forsigtigt regnet {} pr. sekund pr. tråd); brug færre kørsler (-n), flere --threads, eller --allow-large for at prøve alligevel",
    ),
    ("{} billion", "{} milliarder"),
    ("{} million", "{} millioner"),
    (
        "interrupted (Ctrl-C or a stop signal); {}",
        "afbrudt (Ctrl-C eller et stopsignal); {}",
    ),
    (
        "the run was cancelled (a newer request replaced it)",
        "kørslen blev afbrudt (en nyere forespørgsel afløste den)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_said_in_danish_and_a_json_path_is_left_alone() {
        let da = |l| location_in(l, Lang::Da);
        assert_eq!(da("line 3"), "linje 3");
        assert_eq!(da("line 3, column person_id"), "linje 3, kolonne person_id");
        assert_eq!(da("month 2"), "måned 2");
        assert_eq!(da("groups.line (line 7)"), "groups.line (linje 7)");
        assert_eq!(da("initiatives[0].places"), "initiatives[0].places");
        assert_eq!(location_in("line 3", Lang::En), "line 3");
        let e = InputError::at(
            "--observed",
            "month 2",
            crate::text!(da: "tom", en: "empty"),
        );
        assert_eq!(input_error(&e, Lang::Da), "--observed: måned 2: tom");
        assert_eq!(input_error(&e, Lang::En), "--observed: month 2: empty");
    }

    #[test]
    fn a_message_is_worded_in_danish_with_its_parts() {
        let da = english_in("1.5 is not a probability (expected 0 to 1)", Lang::Da);
        assert_eq!(da, "1,5 er ikke en sandsynlighed (forventede 0 til 1)");
        let en = english_in("1.5 is not a probability (expected 0 to 1)", Lang::En);
        assert_eq!(en, "1.5 is not a probability (expected 0 to 1)");
    }

    #[test]
    fn nested_parts_are_worded_too() {
        let da = english_in(
            "a value of 7 characters (digits and other characters) is not a valid month (YYYY-MM, e.g. 2025-03)",
            Lang::Da,
        );
        assert_eq!(
            da,
            "en værdi på 7 tegn (cifre og andre tegn) er ikke en gyldig måned (ÅÅÅÅ-MM, f.eks. 2025-03)"
        );
        let da = english_in(
            "invalid type: string \"300\", expected a whole number from 0",
            Lang::Da,
        );
        assert_eq!(
            da,
            "forkert type: tekst \"300\", forventede et helt tal fra 0"
        );
    }

    #[test]
    fn a_message_with_a_parenthesis_of_its_own_finds_its_parts() {
        let da = english_in(
            "2026-03 is outside the year 2025 (expected 2025-01 to 2025-12) (year is set in scenario.json, line 4)",
            Lang::Da,
        );
        assert_eq!(
            da,
            "2026-03 ligger uden for året 2025 (forventede 2025-01 til 2025-12) (year er sat i scenario.json, linje 4)"
        );
    }

    #[test]
    fn an_unknown_message_is_shown_as_written() {
        assert_eq!(english_in("something new", Lang::Da), "something new");
    }

    #[test]
    fn every_danish_wording_has_the_parts_of_its_english() {
        for (en, da) in CATALOGUE {
            assert_eq!(en.matches("{}").count(), da.matches("{}").count(), "{en}");
            assert!(
                !en.contains("{}{}"),
                "two parts side by side cannot be told apart: {en}"
            );
        }
    }

    #[test]
    fn error_lines_begin_with_the_languages_word() {
        let e: Error = InputError::at(
            "f.json",
            "year (line 4)",
            crate::error::Message::english_only("1999 is out of range (expected e.g. 2025)"),
        )
        .into();
        assert_eq!(
            error_line(&e, Lang::Da),
            "fejl: f.json: year (linje 4): 1999 er uden for det tilladte (forventede f.eks. 2025)"
        );
        assert_eq!(
            error_line(&e, Lang::En),
            "error: f.json: year (line 4): 1999 is out of range (expected e.g. 2025)"
        );
    }
}
