//! The numbers behind the charts, as CSV with a decimal point (a missing figure is empty):
//!
//! - `months.csv` (run): `month,group,mean,p05,p25,p50,p75,p95,observed`, one row per
//!   month for `total` and then each group (Table 4 order).
//! - `compare.csv` (compare): one row per scenario in the table's order, the base last;
//!   the base's difference columns are empty.
//! - `tornado.csv` (sensitivity): one row per parameter, the widest swing first.
//! - `curves.csv` (compare): one row per point of every P(goal) curve.
//!
//! `mean`…`p95` are always the model's own figures over the replications — for an
//! observed month too, so the file shows how well the model reproduces it; `observed`
//! holds the observed share where the month (and, for a group, the group) was observed.
//! Shares have two decimals and a decimal point; a missing figure is empty.

use super::observed_group;
use crate::run::RunResult;
use crate::stats::Summary;

/// The months as CSV text.
pub fn to_csv(r: &RunResult) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "month", "group", "mean", "p05", "p25", "p50", "p75", "p95", "observed",
    ])
    .expect("writing to memory");
    let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
    for m in &r.months {
        let total_model = m.simulated_total.as_ref().unwrap_or(&m.total);
        let observed_total = m.observed.then_some(m.total.mean).flatten();
        let mut rows: Vec<(&str, &Summary, Option<f64>)> =
            vec![("total", total_model, observed_total)];
        for (g, s) in &m.groups {
            let model = m
                .simulated_groups
                .as_ref()
                .and_then(|sg| sg.get(g))
                .unwrap_or(s);
            rows.push((g.code(), model, observed_group(m, *g)));
        }
        for (group, s, obs) in rows {
            w.write_record([
                m.month.to_string(),
                group.to_string(),
                f(s.mean),
                f(s.p05),
                f(s.p25),
                f(s.p50),
                f(s.p75),
                f(s.p95),
                f(obs),
            ])
            .expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 is UTF-8")
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 is UTF-8")
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.filter(|v| v.is_finite())
        .map_or(String::new(), |v| format!("{v:.decimals$}"))
}

/// `compare.csv`: the comparison's scenarios, ranked as in the table, the base last.
pub fn compare_csv(c: &crate::analyses::compare::Comparison) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "scenario",
        "name",
        "method_only",
        "p_target_met",
        "p_lo",
        "p_hi",
        "year_mean",
        "p05",
        "p50",
        "p95",
        "diff_mean",
        "diff_lo",
        "diff_hi",
        "unpaired_lo",
        "unpaired_hi",
        "p_better",
        "p_not_worse",
    ])
    .expect("writing to memory");
    let p = |v: f64| format!("{v:.4}");
    let year = |s: &Summary| [opt(s.mean, 2), opt(s.p05, 2), opt(s.p50, 2), opt(s.p95, 2)];
    for a in crate::analyses::compare::ranked(c) {
        let d = &a.diff_pp;
        let mut row = vec![
            a.scenario.clone(),
            a.name.clone(),
            a.method_only.to_string(),
            p(a.p_target_met),
            p(a.p_target_met_ci95[0]),
            p(a.p_target_met_ci95[1]),
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
            .map(|v| opt(Some(v), 3)),
        );
        row.extend([p(a.p_better), p(a.p_not_worse)]);
        w.write_record(row).expect("writing to memory");
    }
    let b = &c.base;
    let mut row = vec![
        b.audit.scenario.clone(),
        b.audit.scenario_name.clone(),
        "false".into(),
        p(b.p_target_met),
        p(b.p_target_met_ci95[0]),
        p(b.p_target_met_ci95[1]),
    ];
    row.extend(year(&b.year_mean_pct));
    row.extend(std::iter::repeat_n(String::new(), 7));
    w.write_record(row).expect("writing to memory");
    finish(w)
}

/// `tornado.csv`: one row per swung parameter, the widest swing first.
pub fn tornado_csv(s: &crate::analyses::sensitivity::Sensitivity) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "parameter",
        "low",
        "high",
        "year_mean_low",
        "year_mean_high",
        "p_target_met_low",
        "p_target_met_high",
        "swing_pp",
        "base_year_mean",
        "base_p_target_met",
        "refitted_low",
        "refitted_high",
        "source",
    ])
    .expect("writing to memory");
    let base = opt(s.base.year_mean_pct.mean, 2);
    for sw in &s.swings {
        w.write_record([
            sw.parameter.clone(),
            sw.low.to_string(),
            sw.high.to_string(),
            opt(Some(sw.year_mean_pct[0]), 2),
            opt(Some(sw.year_mean_pct[1]), 2),
            format!("{:.4}", sw.p_target_met[0]),
            format!("{:.4}", sw.p_target_met[1]),
            opt(Some(sw.year_mean_range()), 3),
            base.clone(),
            format!("{:.4}", s.base.p_target_met),
            sw.refitted[0].to_string(),
            sw.refitted[1].to_string(),
            sw.source.clone().unwrap_or_default(),
        ])
        .expect("writing to memory");
    }
    finish(w)
}

/// `curves.csv`: one row per point of every P(goal) curve, the alternatives in the order
/// given, each curve's points by value; `breakpoint` (the same on every row of a curve)
/// is empty when the curve does not cross 50 %, and `stays` then says on which side.
pub fn curves_csv(c: &crate::analyses::compare::Comparison) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "scenario",
        "name",
        "parameter",
        "value",
        "p_target_met",
        "p_lo",
        "p_hi",
        "year_mean",
        "breakpoint",
        "stays",
    ])
    .expect("writing to memory");
    for a in &c.alternatives {
        for curve in &a.p_goal_curves {
            let stays = match curve.stays {
                Some(crate::analyses::curve::Side::Below) => "below",
                Some(crate::analyses::curve::Side::Above) => "above",
                None => "",
            };
            for point in &curve.points {
                w.write_record([
                    a.scenario.clone(),
                    a.name.clone(),
                    curve.parameter.clone(),
                    point.value.to_string(),
                    format!("{:.4}", point.p_target_met),
                    format!("{:.4}", point.p_low),
                    format!("{:.4}", point.p_high),
                    opt(point.year_mean_pct, 2),
                    curve.breakpoint.map_or(String::new(), |b| b.to_string()),
                    stays.to_string(),
                ])
                .expect("writing to memory");
            }
        }
    }
    finish(w)
}
