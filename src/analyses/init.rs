//! `fokus init`: a starting scenario for another municipality — its group sizes (and
//! observed shares, if given) on top of the Copenhagen assumptions, every number that is
//! not the municipality's own marked as an assumption, ready for `fokus calibrate`.

use crate::Group;
use crate::decode::csv::{Column, Table};
use crate::error::InputError;
use crate::scenario::MAX_PERSONS;
use crate::scenario::ObservedMonth;
use crate::scenario::file::{ObservedFile, ObservedMonthFile, ScenarioFile, ShareKind};
use crate::vocab::label::{Label, PerLanguage, Text};
use std::collections::BTreeMap;

/// The template: Copenhagen's assumptions, shipped inside the binary.
const TEMPLATE: &str = include_str!("../../scenarios/copenhagen-2025-assumptions.json");

/// Group sizes from a CSV `group,persons` (header required): `;` or a tab between the
/// fields, Danish header names (`Gruppe;Personer`), Danish group names (`Kontanthjælp`)
/// and thousands separators (`3.500`) as Danish Excel writes them.
pub fn parse_group_sizes(text: &str, origin: &str) -> Result<Vec<(Group, u32)>, InputError> {
    const COLUMNS: [Column; 2] = [
        Column {
            name: "group",
            aliases: &["gruppe", "ydelse", "ydelsesgruppe", "maalgruppe"],
        },
        Column {
            name: "persons",
            aliases: &[
                "personer",
                "antal",
                "antalpersoner",
                "borgere",
                "antalborgere",
            ],
        },
    ];
    let expected = "group,persons (or Gruppe;Personer)";
    let mut table = Table::new(text, origin, expected)?;
    let numbers = table.delimiter().numbers();
    let found = table.find(&COLUMNS, false, expected)?;
    let (Some(gc), Some(pc)) = (found[0], found[1]) else {
        return Err(InputError::at(
            origin,
            format!("line {}", table.header_line()),
            crate::text!(
                da: "overskriften skal navngive kolonnerne group,persons (eller Gruppe;Personer)",
                en: "the header must name the columns {expected}"
            ),
        ));
    };
    let mut sizes: Vec<(Group, u32)> = Vec::new();
    let mut total = 0;
    while let Some(row) = table.next_row()? {
        let line = row.line;
        let group = row.cells[gc]
            .group()
            .map_err(|e| e.at(origin, line, "group"))?;
        let persons = row.cells[pc]
            .count(numbers, MAX_PERSONS)
            .map_err(|e| e.at(origin, line, "persons"))?;
        if sizes.iter().any(|(g, _)| *g == group) {
            return Err(InputError::at(
                origin,
                format!("line {line}"),
                crate::text!(
                    da: "gruppe {group} står to gange",
                    en: "group {group} appears twice"
                ),
            ));
        }
        total += persons;
        if total > MAX_PERSONS {
            return Err(InputError::at(
                origin,
                format!("line {line}, column persons"),
                crate::text!(
                    da: "bringer personerne i alt over {MAX_PERSONS}, flere end fokus simulerer",
                    en: "brings the persons in all above {MAX_PERSONS}, more than fokus simulates"
                ),
            ));
        }
        sizes.push((group, persons as u32));
    }
    if sizes.is_empty() {
        return Err(InputError::new(
            origin,
            crate::text!(
                da: "har ingen grupper (forventede rækker group,persons)",
                en: "has no groups (expected rows group,persons)"
            ),
        ));
    }
    Ok(sizes)
}

/// The starting scenario. Inflow is scaled with the group size (steady state), every
/// other group parameter is Copenhagen's, and `sources` says so.
pub fn starting_scenario(
    municipality: &Label,
    year: i32,
    sizes: &[(Group, u32)],
    observed: &[ObservedMonth],
) -> ScenarioFile {
    let mut file: ScenarioFile =
        serde_json::from_str(TEMPLATE).expect("the shipped template parses");
    let template_groups = file.groups.take().unwrap_or_default();
    let slug: String = municipality
        .as_str()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    // Composed from a label and plain words: shown as given.
    let text = |t: String| Label::lossy(&t);
    let words = |t: String| Text::from(Label::lossy(&t));
    // What a report shows of the scenario, in each language.
    let both = |da: String, en: String| {
        Text::PerLanguage(PerLanguage {
            da: Label::lossy(&da),
            en: Label::lossy(&en),
        })
    };
    file.name = Some(text(format!("{slug}-{year}")));
    file.municipality = Some(municipality.clone());
    file.description = Some(both(
        format!(
            "{municipality} {year}, status quo: gruppestørrelser fra kommunen; alle andre tal er Københavns antagelser, indtil de er kalibreret (fokus calibrate)."
        ),
        format!(
            "{municipality} {year}, status quo: group sizes from the municipality; every other number is Copenhagen's assumption until calibrated (`fokus calibrate`)."
        ),
    ));
    file.year = Some(year);
    file.horizon_end = None;
    file.calibration = None;
    let mut groups = BTreeMap::new();
    for &(g, persons) in sizes {
        let mut gf = template_groups.get(&g).cloned().unwrap_or_default();
        let scale = f64::from(persons) / f64::from(gf.persons.unwrap_or(1).max(1));
        gf.inflow_per_month = gf
            .inflow_per_month
            .map(|x| (x * scale * 10.0).round() / 10.0);
        gf.persons = Some(persons);
        let mut sources = BTreeMap::new();
        sources.insert(
            "persons".to_string(),
            words(format!("{municipality}: given to `fokus init`")),
        );
        sources.insert(
            "inflow_per_month".to_string(),
            words(
                "assumption: Copenhagen's steady-state inflow scaled to this group size"
                    .to_string(),
            ),
        );
        for field in [
            "exit_hazard",
            "moves",
            "hours_rate",
            "hours_median",
            "hours_sigma",
            "frikort_rate",
            "frikort_hours_median",
            "absence_rate",
            "absence_persistence",
            "registration_rate",
            "conversation_rate",
        ] {
            sources.insert(field.to_string(), words("assumption: Copenhagen's value (template) — replace with the municipality's own where known".to_string()));
        }
        sources.insert(
            "offer_rate".to_string(),
            words("assumption: Copenhagen's value until `fokus calibrate` fits it".to_string()),
        );
        // Moves into groups the municipality does not have are dropped.
        gf.moves = gf.moves.map(|ms| {
            ms.into_iter()
                .filter(|m| sizes.iter().any(|(g, _)| *g == m.to))
                .collect()
        });
        gf.offer_trend = None;
        gf.sources = Some(sources);
        groups.insert(g, gf);
    }
    file.groups = Some(groups);
    file.observed = (!observed.is_empty()).then(|| ObservedFile {
        share: ShareKind::Active,
        source: Some(words(format!(
            "{municipality}: observed shares given to `fokus init`"
        ))),
        months: observed
            .iter()
            .map(|o| {
                let groups = Group::ALL
                    .iter()
                    .filter_map(|g| o.groups[g.index()].map(|v| (*g, v)))
                    .collect();
                (
                    o.month,
                    ObservedMonthFile {
                        total: o.total,
                        groups,
                    },
                )
            })
            .collect(),
    });
    file.initiatives = Some(Vec::new());
    file.sensitivity = None;
    file.notes = Some(vec![
        both(
            format!("Lavet af fokus init for {municipality}: kun gruppestørrelserne (og de observerede andele, hvis de er givet) er kommunens egne."),
            format!("Made by `fokus init` for {municipality}: only the group sizes (and observed shares, if given) are the municipality's own."),
        ),
        both(
            "Alle andre tal er Københavns antagelser (se sources); kør fokus calibrate, før en fremskrivning bruges.".to_string(),
            "Every other number is Copenhagen's assumption (see `sources`); run `fokus calibrate` before trusting a projection.".to_string(),
        ),
    ]);
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_starting_scenario_validates_and_marks_its_assumptions() {
        let sizes = parse_group_sizes(
            "group,persons\nkontanthjaelp,1200\nsygedagpenge,900\n",
            "g.csv",
        )
        .unwrap();
        let file = starting_scenario(&Label::new("Aarhus").unwrap(), 2025, &sizes, &[]);
        let value = serde_json::to_value(&file).unwrap();
        let loaded = crate::scenario::load::from_json_str(&value.to_string(), "init").unwrap();
        assert_eq!(loaded.scenario.initial_persons(), 2100);
        let k = &file.groups.as_ref().unwrap()[&Group::Kontanthjaelp];
        assert!(
            k.sources.as_ref().unwrap()["exit_hazard"]
                .da()
                .starts_with("assumption")
        );
        // kontanthjaelp → ressourceforloeb is dropped: the municipality has no such group here.
        assert!(k.moves.as_ref().unwrap().is_empty());
    }

    #[test]
    fn bad_group_files() {
        assert!(parse_group_sizes("", "g").is_err());
        assert!(
            parse_group_sizes("group,persons\nfoo,1\n", "g")
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
        assert!(parse_group_sizes("group,persons\nkontanthjaelp,-1\n", "g").is_err());
        assert!(
            parse_group_sizes("group,persons\nkontanthjaelp,1\nkontanthjaelp,2\n", "g").is_err()
        );
    }
}
