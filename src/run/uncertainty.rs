//! How much of the spread of the year mean comes from each layer of uncertainty, and
//! P(goal) with each layer switched off (`docs/model.md` §5.3).
//!
//! The run is rerun on the same seed and replications (common random numbers) with each
//! layer that is on switched off, and once with every layer off (process noise alone).
//! With var(S) the variance over replications of the year mean when the layers S are on,
//! A the layers on, and the process noise var(∅):
//!
//! - a layer's share is var_L = var(A) − var(A ∖ {L}): what the spread loses without it;
//! - `interaction_variance_pp2` = var(A) − var(∅) − Σ var_L is what the shares leave
//!   unexplained. Layers that act additively on the year mean have none, so it is zero
//!   within Monte Carlo error; a large one says that the layers amplify each other. With
//!   one layer on it is zero by construction (then A ∖ {L} = ∅).

use super::{Driver, RunConfig, Simulated, cells::RunCells, result, simulate_all};
use crate::scenario::load::Loaded;
use crate::scenario::uncertainty::{Layer, Layers};
use crate::sim::Start;
use serde::Serialize;

/// The decomposition of a run's spread (`uncertainty` in the JSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Whether the reruns were made: not for a run to a precision, a shard or a merge
    /// (their replications are not one fixed set to rerun); then only the presence of each
    /// layer, the total spread and the Monte Carlo error are given.
    pub decomposed: bool,
    /// The replications (with a defined year mean) each figure is over: the run's first
    /// [`DECOMPOSITION_REPLICATIONS`] at most (the Monte Carlo error excepted).
    pub replications: u64,
    /// P(goal) over these replications: the figure each layer's
    /// `p_target_met_without` is paired with (the run's own P(goal) when the run has no
    /// more replications than [`DECOMPOSITION_REPLICATIONS`]).
    pub p_target_met: f64,
    /// Every layer: whether the scenario has it, whether it was on, and its share.
    pub layers: Vec<LayerShare>,
    /// Standard deviation of the year mean over replications with every layer off: the
    /// finite caseload's randomness alone, percentage points.
    pub process_noise_sd_pp: Option<f64>,
    /// P(goal) with every layer off.
    pub p_target_met_process_only: Option<f64>,
    /// Standard deviation of the year mean over replications with the layers on.
    pub total_sd_pp: f64,
    /// The Monte Carlo error of the run's mean year mean: its standard deviation over
    /// all the run's replications / √(their number).
    pub monte_carlo_sd_pp: f64,
    /// Variance that the layers' shares and the process noise leave unexplained,
    /// pp² (see the module docs): near zero when the layers add up.
    pub interaction_variance_pp2: Option<f64>,
}

/// One layer's part.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayerShare {
    /// `effect_sizes`, `calibration` or `volatility`.
    pub name: Layer,
    /// Whether the scenario has the layer (an absent one costs no rerun).
    pub present: bool,
    /// Whether it was on in this run (`--without` switches it off).
    pub on: bool,
    /// var(A) − var(A without the layer), pp² (negative within Monte Carlo error when
    /// the layer adds almost nothing).
    pub variance_pp2: Option<f64>,
    /// √max(0, `variance_pp2`), percentage points.
    pub sd_pp: Option<f64>,
    /// P(goal) with this layer switched off.
    pub p_target_met_without: Option<f64>,
}

/// The layers a run of `loaded` under `config` draws: those the scenario has and the
/// run has on.
pub fn layers_on(loaded: &Loaded, config: &RunConfig) -> Layers {
    let present = loaded.scenario.layers_present();
    config
        .layers
        .iter()
        .filter(|l| present.contains(*l))
        .collect()
}

/// The layer sets to rerun for the decomposition: without each layer that is on, then
/// with none (unless that is already one of them).
pub fn reruns(on: Layers) -> Vec<Layers> {
    let mut sets: Vec<Layers> = on.iter().map(|l| on.without(l)).collect();
    if on != Layers::NONE && !sets.contains(&Layers::NONE) {
        sets.push(Layers::NONE);
    }
    sets
}

/// The replications' defined year means under the scenario's own method.
fn year_means(loaded: &Loaded, simulated: &Simulated) -> Vec<f64> {
    let sc = &loaded.scenario;
    let cells = RunCells::from_outcomes(&simulated.outcomes);
    result::year_means(sc, sc.method(), cells.method(0))
        .into_iter()
        .flatten()
        .collect()
}

/// The sample variance (n − 1); 0 for fewer than two values.
fn variance(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
}

fn p_met(loaded: &Loaded, means: &[f64]) -> f64 {
    let target = loaded.scenario.method().target_pct();
    if means.is_empty() {
        return 0.0;
    }
    means.iter().filter(|&&m| m > target).count() as f64 / means.len() as f64
}

/// The spread of `simulated` (the run of `config`) without reruns: for a run to a
/// precision, a shard's merge.
pub fn undecomposed(loaded: &Loaded, config: &RunConfig, simulated: &Simulated) -> Uncertainty {
    let means = year_means(loaded, simulated);
    let present = loaded.scenario.layers_present();
    let total = variance(&means);
    Uncertainty {
        decomposed: false,
        replications: means.len() as u64,
        layers: Layer::ALL
            .into_iter()
            .map(|l| LayerShare {
                name: l,
                present: present.contains(l),
                on: present.contains(l) && config.layers.contains(l),
                variance_pp2: None,
                sd_pp: None,
                p_target_met_without: None,
            })
            .collect(),
        process_noise_sd_pp: None,
        p_target_met_process_only: None,
        p_target_met: p_met(loaded, &means),
        total_sd_pp: total.sqrt(),
        monte_carlo_sd_pp: (total / means.len().max(1) as f64).sqrt(),
        interaction_variance_pp2: None,
    }
}

/// The replications the decomposition reruns at most: the first of the run's. Each rerun
/// costs a run of its own, and a variance's relative standard error over 500
/// replications is √(2/499) ≈ 6 %, enough to say which layer carries the spread; beyond
/// that the reruns would multiply the cost of a long run (10,000 replications) by the
/// number of layers for no visible gain.
pub const DECOMPOSITION_REPLICATIONS: u64 = 500;

/// Decompose the spread of `simulated` (the run of `config`) by rerunning it with each
/// layer that is on switched off, and with every layer off, on its first
/// [`DECOMPOSITION_REPLICATIONS`] replications (common random numbers: the same
/// replications as the run's own, so each difference is paired).
pub fn decompose(
    driver: &Driver,
    loaded: &Loaded,
    start: Option<&Start>,
    config: &RunConfig,
    simulated: &Simulated,
) -> crate::Result<Uncertainty> {
    let on = layers_on(loaded, config);
    let subset = config.replications.min(DECOMPOSITION_REPLICATIONS);
    let first = Simulated {
        outcomes: simulated.outcomes[..subset as usize].to_vec(),
        ..*simulated
    };
    let means = year_means(loaded, &first);
    let total = variance(&means);
    let mut without = Vec::new();
    for layers in reruns(on) {
        let rerun = RunConfig {
            layers,
            replications: subset,
            ..config.clone()
        };
        let m = year_means(loaded, &simulate_all(driver, loaded, start, &rerun)?);
        without.push((layers, variance(&m), p_met(loaded, &m)));
    }
    let of = |layers: Layers| without.iter().find(|(l, ..)| *l == layers);
    let process = of(Layers::NONE).map_or(total, |&(_, v, _)| v);
    let mut explained = process;
    let mut u = Uncertainty {
        monte_carlo_sd_pp: undecomposed(loaded, config, simulated).monte_carlo_sd_pp,
        ..undecomposed(loaded, config, &first)
    };
    for share in &mut u.layers {
        if let Some(&(_, var, p)) = share.on.then(|| of(on.without(share.name))).flatten() {
            let v = total - var;
            explained += v;
            share.variance_pp2 = Some(v);
            share.sd_pp = Some(v.max(0.0).sqrt());
            share.p_target_met_without = Some(p);
        }
    }
    u.decomposed = true;
    u.process_noise_sd_pp = Some(process.sqrt());
    u.p_target_met_process_only = Some(of(Layers::NONE).map_or(p_met(loaded, &means), |w| w.2));
    u.interaction_variance_pp2 = Some(total - explained);
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::testing::{layered_scenario, without_layers};

    fn run(driver: &Driver, loaded: &Loaded, config: &RunConfig) -> Simulated {
        simulate_all(driver, loaded, None, config).unwrap()
    }

    /// The layers' variances and the process noise add up to the total within Monte
    /// Carlo error; the process noise is the spread of the scenario without any layer;
    /// P(goal) without a layer is the run of the scenario without it.
    #[test]
    fn the_decomposition_adds_up_to_the_total() {
        let driver = Driver::new(2, || {}).unwrap();
        let full = layered_scenario(|_| {});
        let n = 400;
        let config = RunConfig::new(n, 17);
        let simulated = run(&driver, &full, &config);
        let u = decompose(&driver, &full, None, &config, &simulated).unwrap();
        assert!(u.decomposed);
        assert_eq!(u.replications, n);
        let total = u.total_sd_pp.powi(2);
        let process = u.process_noise_sd_pp.unwrap().powi(2);
        let shares: Vec<f64> = u.layers.iter().map(|l| l.variance_pp2.unwrap()).collect();
        // Each layer spreads the year mean.
        assert!(shares.iter().all(|&v| v > 0.0), "{shares:?}");
        let residual = u.interaction_variance_pp2.unwrap();
        assert!((total - process - shares.iter().sum::<f64>() - residual).abs() < 1e-9);
        // Monte Carlo error of a variance over n replications: var · √(2/(n − 1)).
        let se = total * (2.0 / (n as f64 - 1.0)).sqrt();
        assert!(residual.abs() < 3.0 * se, "residual {residual}, s.e. {se}");
        // Process noise alone is the run of the scenario that has no layer.
        let plain = without_layers(Layers::NONE);
        let plain_means = year_means(&plain, &run(&driver, &plain, &config));
        // (process is the square of the reported √: equal to rounding.)
        assert!((variance(&plain_means) - process).abs() < 1e-12 * process);
        assert_eq!(
            Some(p_met(&plain, &plain_means)),
            u.p_target_met_process_only
        );
        // P(goal) without the volatility is the run of the scenario without a shock.
        let no_shock = without_layers(Layers::ALL.without(Layer::Volatility));
        let means = year_means(&no_shock, &run(&driver, &no_shock, &config));
        assert_eq!(
            Some(p_met(&no_shock, &means)),
            u.layers[2].p_target_met_without
        );
        let mc = total.sqrt() / (n as f64).sqrt();
        assert!((mc - u.monte_carlo_sd_pp).abs() < 1e-12 * mc);
    }

    /// A run longer than [`DECOMPOSITION_REPLICATIONS`] is decomposed on its first ones:
    /// every figure but the Monte Carlo error is that of a run of exactly those
    /// replications (the same draws), and the Monte Carlo error is the whole run's.
    #[test]
    fn a_long_run_is_decomposed_on_its_first_replications() {
        let driver = Driver::new(2, || {}).unwrap();
        let full = layered_scenario(|_| {});
        let long = RunConfig::new(DECOMPOSITION_REPLICATIONS + 60, 5);
        let short = RunConfig::new(DECOMPOSITION_REPLICATIONS, 5);
        let long_run = run(&driver, &full, &long);
        let of_long = decompose(&driver, &full, None, &long, &long_run).unwrap();
        let of_short =
            decompose(&driver, &full, None, &short, &run(&driver, &full, &short)).unwrap();
        assert_eq!(of_long.replications, DECOMPOSITION_REPLICATIONS);
        let all_means = year_means(&full, &long_run);
        assert_eq!(all_means.len() as u64, DECOMPOSITION_REPLICATIONS + 60);
        let mc = (variance(&all_means) / all_means.len() as f64).sqrt();
        assert!((of_long.monte_carlo_sd_pp - mc).abs() < 1e-12 * mc);
        assert_eq!(
            Uncertainty {
                monte_carlo_sd_pp: of_short.monte_carlo_sd_pp,
                ..of_long
            },
            of_short
        );
    }

    /// The draws of every layer are the same whatever the thread count.
    #[test]
    fn layered_draws_do_not_depend_on_threads() {
        let full = layered_scenario(|_| {});
        let config = RunConfig::new(24, 3);
        let one = run(&Driver::new(1, || {}).unwrap(), &full, &config);
        let two = run(&Driver::new(2, || {}).unwrap(), &full, &config);
        assert_eq!(one.outcomes, two.outcomes);
    }

    /// A layer switched off by the run is not decomposed and costs no rerun; an absent
    /// one is reported absent.
    #[test]
    fn layers_off_or_absent_are_not_rerun() {
        let driver = Driver::new(1, || {}).unwrap();
        let full = layered_scenario(|f| {
            f.as_object_mut().unwrap().remove("calibration_uncertainty");
        });
        let config = RunConfig {
            layers: Layers::ALL.without(Layer::EffectSizes),
            ..RunConfig::new(8, 1)
        };
        let on = layers_on(&full, &config);
        assert_eq!(on, [Layer::Volatility].into_iter().collect());
        assert_eq!(reruns(on), [Layers::NONE]);
        let u = decompose(&driver, &full, None, &config, &run(&driver, &full, &config)).unwrap();
        let [effects, calibration, volatility] = [0, 1, 2].map(|i| &u.layers[i]);
        assert!(effects.present && !effects.on && effects.sd_pp.is_none());
        assert!(!calibration.present && calibration.p_target_met_without.is_none());
        assert!(volatility.on && volatility.sd_pp.is_some());
        assert_eq!(u.interaction_variance_pp2, Some(0.0));
    }

    #[test]
    fn reruns_skip_absent_layers_and_share_the_empty_set() {
        assert!(reruns(Layers::NONE).is_empty());
        let one: Layers = [Layer::Volatility].into_iter().collect();
        assert_eq!(reruns(one), [Layers::NONE]);
        let two: Layers = [Layer::EffectSizes, Layer::Volatility]
            .into_iter()
            .collect();
        let sets = reruns(two);
        assert_eq!(sets.len(), 3);
        assert_eq!(sets[2], Layers::NONE);
        assert_eq!(reruns(Layers::ALL).len(), 4);
    }

    #[test]
    fn variance_is_the_sample_variance() {
        assert_eq!(variance(&[1.0, 2.0, 3.0, 4.0]), 5.0 / 3.0);
        assert_eq!(variance(&[7.0]), 0.0);
    }
}
