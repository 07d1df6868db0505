//! The words of `fokus serve`'s page (sent to the browser with the page, both languages,
//! so the language switch needs no request) and of the built-in scenarios' notes.

use super::Lang;
use serde_json::{Map, Value};

/// Every text of the what-if page in `lang`, by key, and how this language writes
/// numbers (the page formats them by the rules of [`Lang::num`] and [`Lang::pct`]).
pub fn page_words(lang: Lang) -> Value {
    let words: &[(&str, &str, &str)] = &[
        (
            "title",
            "Hvad nu hvis — fokusmålet",
            "What if — the focus goal",
        ),
        ("lang_name", "Dansk", "English"),
        ("switch_to", "English", "Dansk"),
        ("scenario", "Scenarie", "Scenario"),
        ("base", "Grundlag", "Base"),
        ("replications", "Kørsler", "Replications"),
        ("seed", "Seed", "Seed"),
        (
            "p_goal",
            "Sandsynlighed for at nå målet",
            "Probability of reaching the goal",
        ),
        ("year_mean", "Forventet årsgennemsnit", "Expected year mean"),
        ("diff", "Forskel til grundlaget", "Difference to the base"),
        ("interval", "95 %-interval", "95% interval"),
        (
            "paired",
            "parret, samme tilfældige tal",
            "paired, common random numbers",
        ),
        ("target", "Mål", "Target"),
        (
            "requirement",
            "Krav til resten af året",
            "Required for the rest of the year",
        ),
        ("what_it_takes", "Hvad skal der til", "What it takes"),
        (
            "required_december",
            "Niveau i december på en jævn stigning",
            "December level on a steady climb",
        ),
        (
            "extra_persons",
            "Flere opfyldte personer om måneden",
            "More fulfilled persons a month",
        ),
        (
            "offers_started",
            "Tilbud startet om måneden",
            "Offers started a month",
        ),
        ("initiatives", "Indsatser", "Initiatives"),
        ("on", "til", "on"),
        ("start", "Start", "Start"),
        ("levers", "Håndtag", "Levers"),
        (
            "no_levers",
            "Scenariet har ingen følsomhedsintervaller.",
            "The scenario has no sensitivity ranges.",
        ),
        ("save_scenario", "Gem som scenarie", "Save as scenario"),
        ("save_report", "Gem rapport", "Save report"),
        ("reset", "Nulstil", "Reset"),
        ("updating", "Regner …", "Computing …"),
        ("done", "Opdateret", "Updated"),
        ("error", "Fejl", "Error"),
        (
            "fan_title",
            "Aktive andel måned for måned",
            "Active share month by month",
        ),
        (
            "fan_desc",
            "Den valgte indstilling (blå, 5–95 % og 25–75 %) over grundlaget (grå stiplet median), observerede måneder som punkter, målet som vandret linje.",
            "The chosen setting (blue, 5–95% and 25–75%) over the base (grey dashed median), observed months as dots, the target as a horizontal line.",
        ),
        ("legend_alt", "Valgt", "Chosen"),
        ("legend_base", "Grundlag", "Base"),
        ("legend_observed", "Observeret", "Observed"),
        ("reproduce", "Genskab med", "Reproduce with"),
        (
            "p_better",
            "Sandsynlighed for at være bedre end grundlaget",
            "Probability of beating the base",
        ),
        (
            "production_steering",
            "Produktionsstyring",
            "Production steering",
        ),
        (
            "absence_followup",
            "Opfølgning på fravær",
            "Absence follow-up",
        ),
        (
            "extra_capacity",
            "Ekstra tilbudspladser",
            "Extra offer places",
        ),
        ("all_groups", Lang::Da.all_groups(), Lang::En.all_groups()),
    ];
    let mut map = Map::new();
    for (key, da, en) in words {
        map.insert((*key).into(), Value::from(lang.pick(da, en)));
    }
    // The page keeps a number and its sign on one line.
    map.insert(
        "percent_sign".into(),
        Value::from(lang.percent_sign().replace(' ', "\u{a0}")),
    );
    // Percentage points as Danish reports write them, kept to the number by a no-break space.
    map.insert(
        "points".into(),
        Value::from(lang.pick("\u{a0}pct.-point", "\u{a0}pp")),
    );
    map.insert("decimal".into(), Value::from(lang.pick(",", ".")));
    map.insert("thousands".into(), Value::from(lang.pick(".", ",")));
    let months: Vec<Value> = (1..=12)
        .map(|m| Value::from(lang.month(crate::Month::new(2025, m).expect("a month"))))
        .collect();
    map.insert("months".into(), Value::Array(months));
    Value::Object(map)
}

/// What `fokus serve` prints when it listens: the address to open, and the scenarios.
pub fn listening(url: &str, names: &[&str], lang: Lang) -> String {
    match lang {
        Lang::Da => format!(
            "fokus serve: åbn {url} i en browser på denne maskine (Ctrl-C stopper)\nscenarier: {}\n",
            names.join(", ")
        ),
        Lang::En => format!(
            "fokus serve: open {url} in a browser on this machine (Ctrl-C stops)\nscenarios: {}\n",
            names.join(", ")
        ),
    }
}

/// The note that a command used the built-in scenario file `file`.
pub fn built_in_used(file: &str, lang: Lang) -> String {
    match lang {
        Lang::Da => {
            format!("bemærk: ingen scenariefil givet; bruger det indbyggede scenarie {file}")
        }
        Lang::En => format!("note: no scenario file given; using the built-in scenario {file}"),
    }
}

/// `fokus scenarios`: the built-in files, one a line with the scenario's name.
pub fn built_in_list(entries: &[(&str, String, bool)], lang: Lang) -> String {
    let mut out = String::from(lang.pick(
        "Indbyggede scenarier (fokus scenarios export MAPPE skriver dem):\n",
        "Built-in scenarios (fokus scenarios export DIR writes them):\n",
    ));
    for (file, name, default) in entries {
        let mark = if *default {
            lang.pick("  (standard)", "  (default)")
        } else {
            ""
        };
        out.push_str(&format!("  {file:<36} {name}{mark}\n"));
    }
    out
}
