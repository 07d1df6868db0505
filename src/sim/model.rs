//! The scenario turned into what the monthly step needs: per-group odds, chances, exit
//! and move tables, hours amounts, the initial-seniority distribution, and how a run
//! starts (the scenario's synthetic population or a register's caseload).

use super::amount::WholeHours;
use super::cpu::CpuLevel;
use super::propensity::PropensityQuantile;
use super::rng::Chance;
use super::start::{self, Start};
use crate::measure::method::{MAX_WINDOW_MONTHS, Method};
use crate::scenario::uncertainty::{Layer, Layers};
use crate::scenario::{Initiative, Scenario};
use crate::{Group, Month};

/// Longest initial seniority drawn for the starting population, months; also the last
/// entry of the exit tables (the hazard is constant beyond it).
pub(super) const MAX_INITIAL_SENIORITY: u32 = 240;
pub(super) const EXIT_TABLE_LEN: usize = MAX_INITIAL_SENIORITY as usize + 1;
/// The log-σ of frikort hours (a fixed assumption, `docs/model.md` §3).
const FRIKORT_SIGMA: f64 = 0.6;
/// Entries of the initial-seniority guide tables.
const GUIDE_LEN: usize = 1024;
/// Months beyond it whose stationary mass is lumped into it (a hazard of 0 has no
/// stationary distribution; the lump is then this many months' worth).
const TAIL_MONTHS: u32 = 1200;

/// The scenario turned into what the monthly step needs.
#[derive(Clone, Debug)]
pub struct Model<'a> {
    pub(super) scenario: &'a Scenario,
    /// Scoring methods; the first is the scenario's own.
    pub(super) methods: Vec<Method>,
    /// The odds p/(1 − p) of the base offer and hours rates, per group: a propensity z
    /// multiplies them, giving the chance λz/(1 + λz) ([`chance`]), which is the base
    /// rate at z = 1 and stays below 1. A rate of 1 has infinite odds: certain whatever
    /// the propensity.
    pub(super) offer_odds: [f64; Group::COUNT],
    pub(super) hours_odds: [f64; Group::COUNT],
    /// Exit probability by group and months on benefits: entry
    /// `[group][min(months, MAX_INITIAL_SENIORITY)]` (fixed sizes: no bounds checks).
    pub(super) exit: Box<[[Chance; EXIT_TABLE_LEN]; Group::COUNT]>,
    /// Per group, its moves as (target, cumulative chance up to and including this move,
    /// least spell months): the first whose cumulative chance the draw hits.
    pub(super) moves: [Vec<(Group, Chance, u32)>; Group::COUNT],
    /// Per group, the chances that do not change from month to month.
    pub(super) chances: [GroupChances; Group::COUNT],
    /// Per group, the hours amounts by draw.
    pub(super) amounts: [GroupAmounts; Group::COUNT],
    /// Initial seniority distribution per group (cumulative, from 1 month).
    initial_seniority_cdf: Vec<Vec<f64>>,
    /// Per group, where the search of the cumulative distribution starts for a uniform
    /// u: entry k is the first index whose value is at least k/`GUIDE_LEN` (a guide
    /// table; the search then takes a step or two instead of a binary search).
    initial_seniority_guide: Vec<Vec<u16>>,
    /// The propensity distribution's quantile function.
    pub(super) propensity: PropensityQuantile,
    /// Months of hours history kept per person: the longest window of the methods.
    pub(super) history_months: usize,
    /// Whether the history keeps frikort hours: some method counts them (or `synth`
    /// writes them out).
    pub(super) frikort_history: bool,
    /// The vector extensions the month step may use on this CPU.
    pub(super) cpu: CpuLevel,
    /// Today's caseload from a register, when the run starts from it (issue 7).
    pub(super) start: Option<&'a Start>,
    /// The layers of uncertainty drawn per replication (the others at their central
    /// values).
    pub(super) layers: Layers,
    /// Per group, its kinds of offer as (months one lasts, cumulative share up to and
    /// including the kind): the first whose cumulative share exceeds the draw.
    pub(super) offer_kinds: [Vec<(u8, f64)>; Group::COUNT],
    /// The first month an offer may last beyond its month: the first simulated month
    /// when some group's offers last, else the earliest start of extra places whose
    /// offers last; `None` when no offer lasts. From it on, who holds a place is tracked
    /// (`super::places`); before it a month's offers are the month's events alone, and
    /// the run does without the places' bookkeeping (which would change nothing there).
    pub(super) lasting_from: Option<Month>,
    /// The last month simulated: the scenario's horizon, or earlier when only the
    /// months up to it are read ([`Model::until`]).
    pub(super) last_month: Month,
}

impl<'a> Model<'a> {
    /// A model of `scenario`, scored under its own method and then `extra_methods`
    /// (the same simulated histories under several methods).
    pub fn new(scenario: &'a Scenario, extra_methods: &[Method]) -> Model<'a> {
        let shape = scenario.heterogeneity_shape();
        let methods: Vec<Method> = std::iter::once(scenario.method().clone())
            .chain(extra_methods.iter().cloned())
            .collect();
        let mut model = Model {
            scenario,
            cpu: CpuLevel::detect(),
            frikort_history: methods.iter().any(|m| m.count_frikort_hours()),
            history_months: methods
                .iter()
                .map(|m| m.window_months().clamp(1, MAX_WINDOW_MONTHS) as usize)
                .max()
                .expect("the scenario's own method"),
            methods,
            exit: Box::new(Group::ALL.map(|g| {
                std::array::from_fn(|m| {
                    Chance::new(scenario.groups()[g.index()].exit_rate(m as u32))
                })
            })),
            moves: Group::ALL.map(|g| {
                let mut cumulative = 0.0;
                scenario.groups()[g.index()]
                    .moves
                    .iter()
                    .map(|&(target, rate, min_spell)| {
                        cumulative += rate;
                        (target, Chance::new(cumulative), min_spell)
                    })
                    .collect()
            }),
            chances: Group::ALL.map(|g| {
                let params = &scenario.groups()[g.index()];
                GroupChances {
                    absence: Chance::new(params.absence_rate),
                    absence_persistence: Chance::new(params.absence_persistence),
                    frikort: Chance::new(params.frikort_rate),
                    conversation: Chance::new(params.conversation_rate),
                }
            }),
            amounts: group_amounts(scenario),
            offer_odds: Group::ALL.map(|g| odds(scenario.groups()[g.index()].offer_rate)),
            hours_odds: Group::ALL.map(|g| odds(scenario.groups()[g.index()].hours_rate)),
            initial_seniority_cdf: Group::ALL
                .iter()
                .map(|g| {
                    let params = &scenario.groups()[g.index()];
                    // Stationary seniority of a stock with constant inflow: P(S = s) ∝ survival
                    // to s. The mass beyond the longest seniority drawn is lumped into it, not
                    // dropped: dropping it would over-weight short spells, and the stock would
                    // shrink while they leave (by 1.6 % with a long-term hazard of 1 %).
                    let mut survival = 1.0;
                    let mut weights = vec![0.0; MAX_INITIAL_SENIORITY as usize];
                    for s in 1..=MAX_INITIAL_SENIORITY + TAIL_MONTHS {
                        weights[(s.min(MAX_INITIAL_SENIORITY) - 1) as usize] += survival;
                        survival *= 1.0 - params.exit_rate(s);
                        if survival < 1e-12 {
                            break;
                        }
                    }
                    let total: f64 = weights.iter().sum();
                    let mut acc = 0.0;
                    weights
                        .iter()
                        .map(|w| {
                            acc += w / total;
                            acc
                        })
                        .collect()
                })
                .collect(),
            initial_seniority_guide: Vec::new(),
            propensity: PropensityQuantile::new(shape),
            start: None,
            layers: Layers::ALL,
            offer_kinds: Group::ALL.map(|g| {
                let mut cumulative = 0.0;
                scenario.groups()[g.index()]
                    .offer_kinds
                    .iter()
                    .map(|&(months, share)| {
                        cumulative += share;
                        // Validated: 1 to 36 months.
                        (months as u8, cumulative)
                    })
                    .collect()
            }),
            lasting_from: if scenario.groups().iter().any(|g| g.offers_last()) {
                Some(scenario.first_month())
            } else {
                scenario
                    .initiatives()
                    .iter()
                    .filter(|i| {
                        matches!(i, Initiative::ExtraCapacity { offer_months: Some(m), .. } if m.get() > 1)
                    })
                    .map(Initiative::start)
                    .min()
            },
            last_month: scenario.horizon_end(),
        };
        model.initial_seniority_guide = model
            .initial_seniority_cdf
            .iter()
            .map(|cdf| {
                (0..=GUIDE_LEN)
                    .map(|k| cdf.partition_point(|&c| c < k as f64 / GUIDE_LEN as f64) as u16)
                    .collect()
            })
            .collect();
        model
    }

    /// The model with its loops at `level` at most (never above what this CPU has): how
    /// the lower levels are measured and tested on a machine that has more. The results
    /// are the same at every level.
    pub fn with_cpu_level(self, level: CpuLevel) -> Model<'a> {
        Model {
            cpu: self.cpu.min(level),
            ..self
        }
    }

    /// The model with only `layers` of uncertainty drawn; the others keep their central
    /// values (`docs/model.md` §5.3). Nothing heavy is rebuilt: the layers act on the
    /// replication's parameters, drawn before its first month.
    pub fn with_layers(self, layers: Layers) -> Model<'a> {
        Model { layers, ..self }
    }

    /// The model simulating no month after `last` (nor after the horizon): the months
    /// of the year after it stay empty. Every month up to it comes out exactly as in
    /// the whole run, since a month depends only on the months before it: a fit to
    /// observed months need not simulate the rest of the year.
    pub fn until(self, last: Month) -> Model<'a> {
        Model {
            last_month: last.min(self.scenario.horizon_end()),
            ..self
        }
    }

    /// The scenario it simulates.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The layers of uncertainty drawn per replication.
    pub fn layers(&self) -> Layers {
        self.layers
    }

    /// The last month simulated.
    pub fn last_month(&self) -> Month {
        self.last_month
    }

    /// The CPU level the loops run at.
    pub fn cpu_level(&self) -> CpuLevel {
        self.cpu
    }

    /// Start every replication from `start` (a register's caseload) instead of the
    /// scenario's synthetic population: simulate `start.as_of() + 1 ..= horizon_end`
    /// with no burn-in. See [`start`].
    pub fn with_start(self, start: &'a Start) -> Model<'a> {
        Model {
            start: Some(start),
            ..self
        }
    }

    /// The first simulated month, its month index (the start's history occupies the
    /// indices before it) and the status-quo month of the offer rates.
    pub(super) fn timeline(&self) -> (Month, u32, Month) {
        match self.start {
            Some(s) => (s.as_of().plus(1), start::HISTORY_MONTHS, s.as_of()),
            None => (
                self.scenario.first_month(),
                0,
                self.scenario.status_quo_from(),
            ),
        }
    }

    /// The first month in which this model may simulate differently from `other`.
    /// Before it every person meets the same draws and the same decisions under both, so
    /// a replication of this model can continue from `other`'s [`Checkpoint`] of that
    /// month or an earlier one. Every draw is keyed by what it is for, so an initiative
    /// added or changed moves no other draw: when the scenarios differ only in
    /// initiatives, it is the first changed initiative's start
    /// ([`Scenario::first_month_differing`]); the first simulated month when the
    /// methods, the layers drawn or a register start differ.
    ///
    /// [`Checkpoint`]: super::replication::Checkpoint
    ///
    /// Models that differ only in who gets an offer ([`Model::offers_read_from`]) give
    /// different offers from the first month, but nothing reads them before that month:
    /// a replication continued from the other's checkpoint of it has the same outcome,
    /// though not the same offers before it.
    pub fn diverges_from(&self, other: &Model) -> Month {
        let (first, _, _) = self.timeline();
        let same_frame = self.methods == other.methods
            && self.layers == other.layers
            && self.start.is_none()
            && other.start.is_none();
        let by_initiatives = match same_frame {
            true => self.scenario.first_month_differing(other.scenario),
            false => first,
        };
        by_initiatives.max(self.offers_alike_from(other).unwrap_or(first))
    }

    /// The first month in which anything reads who got an offer, when only the scoring
    /// does: the first month the window of a scored month (January of the judged year
    /// on) reaches back to. `None` when something else reads offers — production
    /// steering, capacities and extra places (how long a person waited), offers that
    /// last (the places they hold), a follow-up of absence (who is passive) — or the
    /// run starts from a register.
    pub fn offers_read_from(&self) -> Option<Month> {
        let sc = self.scenario;
        let only_scoring_reads = self.start.is_none()
            && sc.initiatives().iter().all(|i| i.start() > self.last_month)
            && sc.groups().iter().all(|g| g.offer_capacity.is_none())
            && self.lasting_from.is_none_or(|from| from > self.last_month);
        let window = i32::try_from(self.history_months).expect("at most 36 months");
        only_scoring_reads.then(|| sc.january().plus(1 - window).max(sc.first_month()))
    }

    /// The month [`Model::offers_read_from`] of both models, when they differ at most in
    /// who gets an offer: the groups' offer rates, run-up trends and their calibration
    /// covariance, the operations' shock, and whether those two are drawn (a
    /// calibration's trials and its draws). Nothing else they simulate depends on the
    /// offers: every draw is keyed by what it is for, not by what came before.
    fn offers_alike_from(&self, other: &Model) -> Option<Month> {
        let offer_layers = |layers: Layers| {
            layers
                .without(Layer::Calibration)
                .without(Layer::Volatility)
        };
        let alike = self.methods == other.methods
            && offer_layers(self.layers) == offer_layers(other.layers)
            && self.scenario.differs_only_in_offer_odds(other.scenario);
        if !alike {
            return None;
        }
        Some(self.offers_read_from()?.min(other.offers_read_from()?))
    }

    /// The scoring methods, the scenario's own first.
    pub fn methods(&self) -> &[Method] {
        &self.methods
    }

    /// Months of the judged year that are simulated (January to the horizon).
    pub fn year_months(&self) -> Vec<Month> {
        self.scenario
            .january()
            .through(self.scenario.horizon_end())
            .collect()
    }

    /// The monthly chance of ordinary hours in `group` for a work propensity `z`.
    pub(super) fn work_chance(&self, group: Group, z: f32) -> Chance {
        Chance::new(chance(self.hours_odds[group.index()], f64::from(z)))
    }

    /// The initial seniority (months, from 1) at quantile `u` ∈ [0, 1) of the group's
    /// stationary distribution: the first month whose cumulative probability is at least
    /// u, found from the guide table's start.
    pub(super) fn initial_seniority(&self, group: Group, u: f64) -> u32 {
        let cdf = &self.initial_seniority_cdf[group.index()];
        let guide = &self.initial_seniority_guide[group.index()];
        let mut i = usize::from(guide[(u * GUIDE_LEN as f64) as usize]);
        while i < cdf.len() && cdf[i] < u {
            i += 1;
        }
        i as u32 + 1
    }
}

/// A group's chances that hold every month.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct GroupChances {
    pub(super) absence: Chance,
    pub(super) absence_persistence: Chance,
    pub(super) frikort: Chance,
    pub(super) conversation: Chance,
}

/// A group's hours amounts by draw.
#[derive(Clone, Debug)]
pub(super) struct GroupAmounts {
    pub(super) ordinary: WholeHours,
    pub(super) frikort: WholeHours,
}

/// Every group's hours amounts. Groups usually share their hours assumptions, so each
/// distinct (median, log-σ) is tabulated once; a group that never has the hours gets an
/// empty table.
fn group_amounts(scenario: &Scenario) -> [GroupAmounts; Group::COUNT] {
    let mut built: Vec<((u64, u64), WholeHours)> = Vec::new();
    let mut table = |rate: f64, median: f64, sigma: f64| {
        let median = if rate > 0.0 { median } else { 0.0 };
        let key = (median.to_bits(), sigma.to_bits());
        if let Some((_, t)) = built.iter().find(|(k, _)| *k == key) {
            return t.clone();
        }
        let t = WholeHours::new(median, sigma);
        built.push((key, t.clone()));
        t
    };
    Group::ALL.map(|g| {
        let params = &scenario.groups()[g.index()];
        GroupAmounts {
            ordinary: table(params.hours_rate, params.hours_median, params.hours_sigma),
            frikort: table(
                params.frikort_rate,
                params.frikort_hours_median,
                FRIKORT_SIGMA,
            ),
        }
    })
}

/// The odds p/(1 − p) of a rate; infinite for a rate of 1.
fn odds(p: f64) -> f64 {
    if p >= 1.0 {
        f64::INFINITY
    } else {
        p / (1.0 - p)
    }
}

/// The monthly probability λz/(1 + λz) of a person with propensity `z` under base odds
/// `λ`; certain when λ is infinite (a rate of 1), even for a propensity of 0.
pub(super) fn chance(odds: f64, z: f64) -> f64 {
    if odds.is_infinite() {
        1.0
    } else {
        let x = odds * z;
        x / (1.0 + x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testing::small_capped_scenario;

    /// Whether the history keeps frikort hours (only when a method counts them) never
    /// changes what the other methods see.
    #[test]
    fn keeping_frikort_hours_changes_nothing_else() {
        let loaded = small_capped_scenario();
        let star_only = Model::new(&loaded.scenario, &[]);
        let both = Model::new(&loaded.scenario, &[Method::preset("frikort").unwrap()]);
        assert!(!star_only.frikort_history && both.frikort_history);
        let (a, b) = (star_only.simulate(5, 1), both.simulate(5, 1));
        assert_eq!(a.cells[0], b.cells[0]);
        assert_ne!(
            b.cells[0], b.cells[1],
            "frikort hours count under the frikort method"
        );
    }

    /// A run stopped at a month simulates every month up to it as the whole run does,
    /// and leaves the months after it empty.
    #[test]
    fn a_run_until_a_month_is_the_whole_run_up_to_it() {
        let loaded = small_capped_scenario();
        let sc = &loaded.scenario;
        let march = sc.january().plus(2);
        let whole = Model::new(sc, &[]).simulate(7, 2);
        let part = Model::new(sc, &[]).until(march).simulate(7, 2);
        assert_eq!(whole.cells[0][..3], part.cells[0][..3]);
        assert_eq!(whole.offers[..3], part.offers[..3]);
        assert!(part.cells[0][3..].iter().all(|c| *c == Default::default()));
        assert_ne!(whole.cells[0][3], part.cells[0][3]);
    }

    #[test]
    fn a_rate_of_one_is_certain_for_any_propensity() {
        assert_eq!(chance(f64::INFINITY, 0.0), 1.0);
        assert_eq!(chance(f64::INFINITY, 1e-30), 1.0);
        let lambda = odds(0.3);
        assert!((chance(lambda, 1.0) - 0.3).abs() < 1e-12);
        assert_eq!(chance(lambda, 0.0), 0.0);
        assert!(chance(lambda, 1e6) < 1.0);
    }

    /// The initial seniority keeps the stationary mass beyond 240 months: with a hazard
    /// of 0.25 for 11 months and 0.005 after, P(S ≤ 11) is Σ_{s≤11} 0.75^(s−1) / Σ_all.
    #[test]
    fn initial_seniority_is_stationary_including_the_tail() {
        let text = r#"{"version": 1, "year": 2025, "groups": {"kontanthjaelp": {
            "persons": 1, "inflow_per_month": 1, "offer_rate": 0, "hours_rate": 0,
            "hours_median": 1, "absence_rate": 0, "registration_rate": 0, "conversation_rate": 0,
            "exit_hazard": [{"from_months": 0, "rate": 0.25}, {"from_months": 12, "rate": 0.005}]}}}"#;
        let loaded = crate::scenario::load::from_json_str(text, "t").unwrap();
        let model = Model::new(&loaded.scenario, &[]);
        let cdf = &model.initial_seniority_cdf[Group::Kontanthjaelp.index()];
        let short: f64 = (0..11).map(|k| 0.75f64.powi(k)).sum();
        let long = 0.75f64.powi(11) / 0.005;
        // 1e-3: the tail is cut 1,200 months on; without the tail it would be 0.40.
        let expected = short / (short + long);
        assert!(
            (cdf[10] - expected).abs() < 1e-3,
            "{} vs {expected}",
            cdf[10]
        );
        assert!((cdf[239] - 1.0).abs() < 1e-12);
        // The guided search finds what a binary search finds.
        for k in 0..=100_000u32 {
            let u = f64::from(k) / 100_000.0 * 0.999_999_9;
            let expected = cdf.partition_point(|&c| c < u) as u32 + 1;
            assert_eq!(
                model.initial_seniority(Group::Kontanthjaelp, u),
                expected,
                "u = {u}"
            );
        }
    }
}
