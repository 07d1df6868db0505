//! The caseworker list of `fokus lister --with-ids`: the persons on benefit in list order,
//! with their ids — the one output of fokus that names persons. Nothing else may call
//! [`PersonId::for_caseworker_list`](crate::decode::csv::PersonId::for_caseworker_list).
//!
//! `rank,person_id,group,seniority_months,deadline,person_months`: `deadline` is the
//! first month the person is passive if nothing new happens (empty: never in the
//! population); `person_months` the expected passive person-months of the rest of the
//! year that an offer next month turns fulfilled.

use crate::measure::register::PersonIds;
use crate::measure::steering::SteeringList;

/// The persons of `list` in list order, with the ids of the panel they were read from.
pub fn to_csv(list: &SteeringList, ids: &PersonIds) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "rank",
        "person_id",
        "group",
        "seniority_months",
        "deadline",
        "person_months",
    ])
    .expect("writing to memory");
    for (rank, p) in list.ranked().iter().enumerate() {
        w.write_record([
            (rank + 1).to_string(),
            ids.get(p.person).for_caseworker_list().to_string(),
            p.group.code().to_string(),
            p.seniority_months.to_string(),
            p.deadline.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:.2}", p.person_months),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 text")
}
