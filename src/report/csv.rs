//! The numbers behind the charts, as [`Sheet`]s: written as CSV files into a report
//! folder (plain, or `--csv-dialect excel-da`) and as sheets of `--excel FILE.xlsx`.
//!
//! - `months.csv` (run): `month,group,mean,p05,p25,p50,p75,p95,observed,model_mean,`
//!   `model_p05,model_p50,model_p95`, one row per month for `total` and then each group
//!   (Table 4 order).
//! - `compare.csv` (compare): one row per scenario in the table's order, the base last;
//!   the base's difference columns are empty.
//! - `tornado.csv` (sensitivity): one row per parameter, the widest swing first.
//! - `curves.csv` (compare): one row per point of every P(goal) curve.
//!
//! In `months.csv`, `mean`…`p95` mean what `summary.json`'s `months[].total` and
//! `groups` mean: the share that enters the year mean — in an observed month the
//! observed share (all six equal), otherwise the simulated share over the replications.
//! `observed` holds the observed share where the month (and, for a group, the group) was
//! observed; `model_mean`…`model_p95` are always the model's own figures over the
//! replications (`simulated_total` and `simulated_groups` in the JSON), so the file
//! shows how well the model reproduces an observed month. Shares and probabilities are
//! in percent (`…_pct`) with two decimals; a missing figure is empty.

use super::export::sheet::{Column, Kind, Sheet, Value, Words, group, yes_no};
use super::observed_group;
use crate::analyses::compare::Comparison;
use crate::analyses::sensitivity::Sensitivity;
use crate::report::text::Lang;
use crate::run::RunResult;
use crate::stats::Summary;

const PCT: Kind = Kind::Decimals(2);
const PP: Kind = Kind::Decimals(3);
const DKK: Kind = Kind::Decimals(0);

/// A probability as percent, as the year means are.
fn pct(p: f64) -> Value {
    Value::Number(100.0 * p)
}

/// The people's or the machine's name of the sheet.
fn name(words: Words, da: &str, en: &str) -> String {
    match words {
        Words::People(lang) => lang.pick(da, en).to_string(),
        Words::Codes => en.to_lowercase(),
    }
}

/// A month as `2025-01` for machines, `jan 2025` for people.
/// A scenario as a sheet names it: its title for people, its name for programs.
fn scenario_name(words: Words, name: &str, title: &crate::vocab::label::Text) -> Value {
    match words {
        Words::Codes => Value::text(name),
        Words::People(lang) => Value::text(super::in_lang(title, lang)),
    }
}

fn month(m: crate::Month, words: Words) -> Value {
    match words {
        Words::Codes => Value::text(m.to_string()),
        Words::People(lang) => Value::text(lang.month_year(m)),
    }
}

/// `months.csv`: the months of a run.
pub fn months_sheet(r: &RunResult, words: Words) -> Sheet {
    let columns = vec![
        Column::new("month", "Måned", "Month", Kind::Text),
        Column::new("group", "Gruppe", "Group", Kind::Text),
        Column::new("mean", "Middel (%)", "Mean (%)", PCT),
        Column::new("p05", "5 %-fraktil (%)", "5th percentile (%)", PCT),
        Column::new("p25", "25 %-fraktil (%)", "25th percentile (%)", PCT),
        Column::new("p50", "Median (%)", "Median (%)", PCT),
        Column::new("p75", "75 %-fraktil (%)", "75th percentile (%)", PCT),
        Column::new("p95", "95 %-fraktil (%)", "95th percentile (%)", PCT),
        Column::new("observed", "Observeret (%)", "Observed (%)", PCT),
        Column::new("model_mean", "Model, middel (%)", "Model mean (%)", PCT),
        Column::new(
            "model_p05",
            "Model, 5 %-fraktil (%)",
            "Model 5th percentile (%)",
            PCT,
        ),
        Column::new("model_p50", "Model, median (%)", "Model median (%)", PCT),
        Column::new(
            "model_p95",
            "Model, 95 %-fraktil (%)",
            "Model 95th percentile (%)",
            PCT,
        ),
    ];
    let mut rows = Vec::new();
    for m in &r.months {
        let total_model = m.simulated_total.as_ref().unwrap_or(&m.total);
        let observed_total = m.observed.then_some(m.total.mean).flatten();
        // (group, the share the year mean uses, the model's own, the observed share)
        let mut cells: Vec<(Option<crate::Group>, &Summary, &Summary, Option<f64>)> =
            vec![(None, &m.total, total_model, observed_total)];
        for (g, s) in &m.groups {
            let model = m
                .simulated_groups
                .as_ref()
                .and_then(|sg| sg.get(g))
                .unwrap_or(s);
            cells.push((Some(*g), s, model, observed_group(m, *g)));
        }
        for (g, s, model, obs) in cells {
            rows.push(vec![
                month(m.month, words),
                group(g, words),
                Value::of(s.mean),
                Value::of(s.p05),
                Value::of(s.p25),
                Value::of(s.p50),
                Value::of(s.p75),
                Value::of(s.p95),
                Value::of(obs),
                Value::of(model.mean),
                Value::of(model.p05),
                Value::of(model.p50),
                Value::of(model.p95),
            ]);
        }
    }
    Sheet {
        name: name(words, "Måneder", "Months"),
        columns,
        rows,
        notes: share_notes(words),
    }
}

/// What the workbook's shares are and what an empty cell means.
fn share_notes(words: Words) -> Vec<String> {
    match words {
        Words::Codes => Vec::new(),
        Words::People(lang) => vec![
            lang.pick(
                "Andele i procent af personerne på ydelse; middel og fraktiler over kørslerne, i en observeret måned den observerede andel (modellens egne tal står i model-kolonnerne).",
                "Shares in percent of the persons on benefit; mean and percentiles over the runs, in an observed month the observed share (the model's own figures are in the model columns).",
            )
            .to_string(),
            lang.pick(
                "Observeret er kun udfyldt for måneder (og grupper) med observerede tal.",
                "Observed is filled in only for months (and groups) with observed figures.",
            )
            .to_string(),
        ],
    }
}

/// `compare.csv`: the comparison's scenarios, ranked as in the table, the base last.
pub fn compare_sheet(c: &Comparison, words: Words) -> Sheet {
    let columns = vec![
        Column::new("scenario", "Scenariefil", "Scenario file", Kind::Text),
        Column::new("name", "Navn", "Name", Kind::Text),
        Column::new("method_only", "Kun metode", "Method only", Kind::Text),
        Column::new(
            "p_target_met_pct",
            "P(mål nået) (%)",
            "P(target met) (%)",
            PCT,
        ),
        Column::new("p_lo_pct", "P nedre 95 % (%)", "P lower 95% (%)", PCT),
        Column::new("p_hi_pct", "P øvre 95 % (%)", "P upper 95% (%)", PCT),
        Column::new("year_mean", "Årsgennemsnit (%)", "Year mean (%)", PCT),
        Column::new("p05", "5 %-fraktil (%)", "5th percentile (%)", PCT),
        Column::new("p50", "Median (%)", "Median (%)", PCT),
        Column::new("p95", "95 %-fraktil (%)", "95th percentile (%)", PCT),
        Column::new(
            "diff_mean",
            "Forskel (pct.-point)",
            "Difference (points)",
            PP,
        ),
        Column::new("diff_lo", "Forskel nedre 95 %", "Difference lower 95%", PP),
        Column::new("diff_hi", "Forskel øvre 95 %", "Difference upper 95%", PP),
        Column::new(
            "unpaired_lo",
            "Uparret nedre 95 %",
            "Unpaired lower 95%",
            PP,
        ),
        Column::new("unpaired_hi", "Uparret øvre 95 %", "Unpaired upper 95%", PP),
        Column::new("p_better_pct", "P(bedre) (%)", "P(better) (%)", PCT),
        Column::new(
            "p_not_worse_pct",
            "P(ikke værre) (%)",
            "P(not worse) (%)",
            PCT,
        ),
        Column::new("cost_dkk", "Omkostning (kr.)", "Cost (DKK)", DKK),
        Column::new(
            "cost_lo_dkk",
            "Omkostning nedre 95 %",
            "Cost lower 95%",
            DKK,
        ),
        Column::new("cost_hi_dkk", "Omkostning øvre 95 %", "Cost upper 95%", DKK),
        Column::new(
            "dkk_per_pp_year_mean",
            "Kr. pr. pct.-point årsgennemsnit",
            "DKK per pp of year mean",
            DKK,
        ),
        Column::new(
            "dkk_per_pp_p_goal",
            "Kr. pr. pct.-point P(mål)",
            "DKK per pp of P(goal)",
            DKK,
        ),
    ];
    let year = |s: &Summary| [s.mean, s.p05, s.p50, s.p95].map(Value::of);
    // A cost per point that is not defined (no clear gain) is an empty cell, as is every
    // cost of an alternative without one.
    let costs = |a: &crate::analyses::compare::Alternative| match &a.cost {
        Some(c) => [
            Some(c.mean_dkk),
            Some(c.ci95_dkk[0]),
            Some(c.ci95_dkk[1]),
            c.per_pp_year_mean.dkk,
            c.per_pp_p_goal.dkk,
        ]
        .map(Value::of),
        None => [(); 5].map(|_| Value::Empty),
    };
    let mut rows = Vec::new();
    for a in crate::analyses::compare::ranked(c) {
        let d = &a.diff_pp;
        let mut row = vec![
            Value::text(&a.scenario),
            scenario_name(words, &a.name, &a.title),
            yes_no(a.method_only, words),
            pct(a.p_target_met),
            pct(a.p_target_met_ci95[0]),
            pct(a.p_target_met_ci95[1]),
        ];
        row.extend(year(&a.year_mean_pct));
        row.extend(
            [
                d.mean,
                d.ci95[0],
                d.ci95[1],
                d.unpaired_ci95[0],
                d.unpaired_ci95[1],
            ]
            .map(Value::Number),
        );
        row.extend([pct(a.p_better), pct(a.p_not_worse)]);
        row.extend(costs(a));
        rows.push(row);
    }
    let b = &c.base;
    let mut row = vec![
        Value::text(&b.audit.scenario),
        scenario_name(words, &b.audit.scenario_name, &c.base_title),
        yes_no(false, words),
        pct(b.p_target_met),
        pct(b.p_target_met_ci95[0]),
        pct(b.p_target_met_ci95[1]),
    ];
    row.extend(year(&b.year_mean_pct));
    row.extend(std::iter::repeat_n(Value::Empty, 7 + 5));
    rows.push(row);
    let notes = match words {
        Words::Codes => Vec::new(),
        Words::People(lang) => vec![
            lang.pick(
                "Basis står nederst; dens forskelskolonner er tomme (forskellene er målt mod den).",
                "The base is the last row; its difference columns are empty (the differences are measured against it).",
            )
            .to_string(),
            lang.pick(
                "Omkostningerne er ud over basis, over de simulerede måneder, med antagne priser (se scenarierne); kr. pr. pct.-point er tom, hvor gevinsten ikke er klart positiv (dens 95 %-interval når 0).",
                "Costs are beyond the base, over the simulated months, at assumed prices (see the scenarios); DKK per pp is empty where the gain is not clearly positive (its 95% interval reaches 0).",
            )
            .to_string(),
        ],
    };
    Sheet {
        name: name(words, "Sammenligning", "Compare"),
        columns,
        rows,
        notes,
    }
}

/// `tornado.csv`: one row per swung parameter, the widest swing first.
pub fn tornado_sheet(s: &Sensitivity, words: Words) -> Sheet {
    use crate::report::text::sensitivity::{swing_name, swing_source};
    let columns = vec![
        Column::new("parameter", "Parameter", "Parameter", Kind::Text),
        Column::new("low", "Lav", "Low", Kind::AsGiven),
        Column::new("high", "Høj", "High", Kind::AsGiven),
        Column::new(
            "year_mean_low",
            "Årsgennemsnit ved lav (%)",
            "Year mean at low (%)",
            PCT,
        ),
        Column::new(
            "year_mean_high",
            "Årsgennemsnit ved høj (%)",
            "Year mean at high (%)",
            PCT,
        ),
        Column::new(
            "p_target_met_low_pct",
            "P(mål nået) ved lav (%)",
            "P(target met) at low (%)",
            PCT,
        ),
        Column::new(
            "p_target_met_high_pct",
            "P(mål nået) ved høj (%)",
            "P(target met) at high (%)",
            PCT,
        ),
        Column::new("swing_pp", "Udsving (pct.-point)", "Swing (points)", PP),
        Column::new(
            "base_year_mean",
            "Basis årsgennemsnit (%)",
            "Base year mean (%)",
            PCT,
        ),
        Column::new(
            "base_p_target_met_pct",
            "Basis P(mål nået) (%)",
            "Base P(target met) (%)",
            PCT,
        ),
        Column::new(
            "refitted_low",
            "Genkalibreret ved lav",
            "Refitted at low",
            Kind::Text,
        ),
        Column::new(
            "refitted_high",
            "Genkalibreret ved høj",
            "Refitted at high",
            Kind::Text,
        ),
        Column::new("source", "Kilde", "Source", Kind::Text),
    ];
    let base = Value::of(s.base.year_mean_pct.mean);
    let rows = s
        .swings
        .iter()
        .map(|sw| {
            vec![
                match words {
                    Words::Codes => Value::text(&sw.parameter),
                    Words::People(lang) => Value::text(swing_name(sw, lang)),
                },
                Value::Number(sw.low),
                Value::Number(sw.high),
                Value::Number(sw.year_mean_pct[0]),
                Value::Number(sw.year_mean_pct[1]),
                pct(sw.p_target_met[0]),
                pct(sw.p_target_met[1]),
                Value::Number(sw.year_mean_range()),
                base.clone(),
                pct(s.base.p_target_met),
                yes_no(sw.refitted[0], words),
                yes_no(sw.refitted[1], words),
                // A program reads the Danish text (the default language) of a source given
                // in both.
                Value::text(swing_source(sw, text_lang(words)).unwrap_or_default()),
            ]
        })
        .collect();
    Sheet {
        name: name(words, "Følsomhed", "Sensitivity"),
        columns,
        rows,
        notes: Vec::new(),
    }
}

/// The language of the texts a scenario gives: the people's, or Danish for programs.
fn text_lang(words: Words) -> Lang {
    match words {
        Words::Codes => Lang::Da,
        Words::People(lang) => lang,
    }
}

/// `curves.csv`: one row per point of every P(goal) curve, the alternatives in the order
/// given, each curve's points by value; `breakpoint` (the same on every row of a curve)
/// is empty when the curve does not cross 50 %, and `stays` then says on which side.
pub fn curves_sheet(c: &Comparison, words: Words) -> Sheet {
    let columns = vec![
        Column::new("scenario", "Scenariefil", "Scenario file", Kind::Text),
        Column::new("name", "Navn", "Name", Kind::Text),
        Column::new("parameter", "Parameter", "Parameter", Kind::Text),
        Column::new("value", "Værdi", "Value", Kind::AsGiven),
        Column::new(
            "p_target_met_pct",
            "P(mål nået) (%)",
            "P(target met) (%)",
            PCT,
        ),
        Column::new("p_lo_pct", "P nedre 95 % (%)", "P lower 95% (%)", PCT),
        Column::new("p_hi_pct", "P øvre 95 % (%)", "P upper 95% (%)", PCT),
        Column::new("year_mean", "Årsgennemsnit (%)", "Year mean (%)", PCT),
        Column::new("breakpoint", "Vendepunkt", "Breakpoint", Kind::AsGiven),
        Column::new("stays", "Forbliver", "Stays", Kind::Text),
    ];
    let mut rows = Vec::new();
    for a in &c.alternatives {
        for curve in &a.p_goal_curves {
            let stays = match (curve.stays, words) {
                (None, _) => "",
                (Some(crate::analyses::curve::Side::Below), Words::Codes) => "below",
                (Some(crate::analyses::curve::Side::Above), Words::Codes) => "above",
                (Some(crate::analyses::curve::Side::Below), Words::People(l)) => {
                    l.pick("under", "below")
                }
                (Some(crate::analyses::curve::Side::Above), Words::People(l)) => {
                    l.pick("over", "above")
                }
            };
            for point in &curve.points {
                rows.push(vec![
                    Value::text(&a.scenario),
                    scenario_name(words, &a.name, &a.title),
                    Value::text(&curve.parameter),
                    Value::Number(point.value),
                    pct(point.p_target_met),
                    pct(point.p_low),
                    pct(point.p_high),
                    Value::of(point.year_mean_pct),
                    Value::of(curve.breakpoint),
                    Value::text(stays),
                ]);
            }
        }
    }
    Sheet {
        name: name(words, "P(mål)-kurver", "P(goal) curves"),
        columns,
        rows,
        notes: Vec::new(),
    }
}

/// The audit trail of a simulated result as a sheet: what reproduces its figures.
pub fn audit_sheet(a: &crate::run::Audit, lang: Lang) -> Sheet {
    let row = |da: &str, en: &str, v: String| vec![Value::text(lang.pick(da, en)), Value::Text(v)];
    Sheet {
        name: lang.pick("Om tallene", "About").to_string(),
        columns: vec![
            Column::new("field", "Felt", "Field", Kind::Text),
            Column::new("value", "Værdi", "Value", Kind::Text),
        ],
        rows: vec![
            row("fokus-version", "fokus version", a.fokus_version.clone()),
            row("Scenariefil", "Scenario file", a.scenario.clone()),
            row("Scenarie", "Scenario", a.scenario_name.clone()),
            row(
                "Scenariets SHA-256",
                "Scenario SHA-256",
                a.scenario_sha256.clone(),
            ),
            row("Startværdi (seed)", "Seed", a.seed.to_string()),
            row("Kørsler", "Replications", a.replications.to_string()),
            row("Metode", "Method", a.method.clone()),
        ],
        notes: Vec::new(),
    }
}
