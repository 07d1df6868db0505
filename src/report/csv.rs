//! `months.csv`: `month,group,mean,p05,p25,p50,p75,p95,observed`, one row per month for
//! `total` and then each group (Table 4 order).
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
