//! JSON: the whole evaluation, with an `audit` object first.

use super::Audit;
use crate::evaluate::Evaluation;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    audit: &'a Audit,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

/// The evaluation as pretty-printed JSON, ending in a newline.
pub fn to_json(evaluation: &Evaluation, audit: &Audit) -> String {
    let mut text = serde_json::to_string_pretty(&Document { audit, evaluation })
        .expect("an evaluation serializes");
    text.push('\n');
    text
}
