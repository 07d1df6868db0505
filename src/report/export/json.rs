//! JSON for machines: every `--format json` output and every report's `summary.json`.

use super::Audit;
use crate::measure::evaluate::Evaluation;
use serde::Serialize;

/// `value` as pretty-printed JSON, ending in a newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("fokus's results serialize");
    text.push('\n');
    text
}

/// An evaluation with its audit trail first.
#[derive(Serialize)]
struct EvaluationDocument<'a> {
    audit: &'a Audit,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

/// The whole evaluation, with an `audit` object first.
pub fn evaluation(evaluation: &Evaluation, audit: &Audit) -> String {
    to_json(&EvaluationDocument { audit, evaluation })
}

/// A steering list with its audit trail first.
#[derive(Serialize)]
struct SteeringDocument<'a> {
    audit: &'a Audit,
    #[serde(flatten)]
    list: &'a crate::measure::steering::SteeringList,
}

/// The steering list's counts and gains (no person), with an `audit` object first.
pub fn steering(list: &crate::measure::steering::SteeringList, audit: &Audit) -> String {
    to_json(&SteeringDocument { audit, list })
}
