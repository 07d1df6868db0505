//! Shards: one range of a run's replications, written as the raw per-replication cells,
//! and merging all shards of a run back into exactly the result of one run.
//!
//! Every replication draws from its own counter-based streams (see `sim::rng`), so
//! replication *i* is the same whether it runs alone, in a shard on another machine, or
//! in one big run. Shard *k* of *n* over *N* replications runs `[k·N/n, (k+1)·N/n)`.
//!
//! A shard file comes from another machine and may have been truncated, corrupted or
//! edited, so nothing in it is trusted: [`parse_shard`] checks a checksum over its
//! numbers, recomputes the scenario's hash from the scenario text it carries, validates
//! that scenario and checks the shape and range of every outcome against it — all before
//! anything is allocated for a count the file merely claims. Only a [`Shard`] that
//! passed is accepted by [`merge`].

use crate::Group;
use crate::decode::json::parse_json;
use crate::error::{InputError, Message};
use crate::measure::{Cell, MonthCells};
use crate::scenario::load::Loaded;
use crate::sim::ReplicationOutcome;
use crate::text;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::ops::Range;

/// The `format` field of a shard file.
pub const SHARD_FORMAT: &str = "fokus-shard";
/// The shard file version this fokus writes and reads (2: the scenario as text and a
/// checksum; 3: the conversations goal's cells and the offers started).
pub const SHARD_VERSION: u32 = 3;

/// The most persons alive at once in one replication that a shard may claim: 2³², more
/// than any machine holds (each simulated person takes hundreds of bytes). Bounds every
/// count in a shard, so no sum over a merged run can overflow.
pub const MAX_PERSONS_ALIVE: u64 = 1 << 32;

/// `K/N`: shard K (from 0) of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardSpec {
    /// Which shard, from 0.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl ShardSpec {
    /// Parse `K/N` (K from 0 to N − 1). `flag` names the option in errors.
    pub fn parse(text: &str, flag: &str) -> Result<ShardSpec, InputError> {
        let bad = |why: crate::error::Message| {
            let why = crate::error::Message::new(format!("{text:?} "), format!("{text:?} "))
                .then("", &why);
            InputError::new(
                flag,
                why.then(
                    " ",
                    &crate::text!(
                        da: "(forventede K/N med 0 ≤ K < N, f.eks. 3/16; K tælles fra 0)",
                        en: "(expected K/N with 0 ≤ K < N, e.g. 3/16; K counts from 0)"
                    ),
                ),
            )
        };
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| bad(crate::text!(da: "er ikke en shard", en: "is not a shard")))?;
        let parse = |s: &str| s.trim().parse::<u64>();
        let (Ok(index), Ok(count)) = (parse(k), parse(n)) else {
            return Err(bad(
                crate::text!(da: "er ikke to hele tal", en: "is not two whole numbers"),
            ));
        };
        if count == 0 {
            return Err(bad(
                crate::text!(da: "har ingen shards", en: "has no shards"),
            ));
        }
        if index >= count {
            let last = count - 1;
            return Err(bad(crate::text!(
                da: "er efter den sidste shard, {last}/{count}",
                en: "is past the last shard, {last}/{count}"
            )));
        }
        Ok(ShardSpec { index, count })
    }

    /// The replications of this shard in a run of `replications`.
    pub fn range(&self, replications: u64) -> Range<u64> {
        let at =
            |k: u64| (u128::from(k) * u128::from(replications) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A shard file: the audit of the whole run, which part this is, the merged scenario
/// (so `fokus merge` needs nothing else), the cells of every replication and a checksum.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardFile {
    /// Always `fokus-shard`.
    pub format: String,
    /// Shard file version: [`SHARD_VERSION`].
    pub version: u32,
    /// fokus version that ran it.
    pub fokus_version: String,
    /// The scenario file as given.
    pub scenario: String,
    /// SHA-256 of the merged scenario: of the bytes of `scenario_json`.
    pub scenario_sha256: String,
    /// Seed.
    pub seed: u64,
    /// Replications of the whole run (all shards).
    pub replications: u64,
    /// This part.
    pub shard: ShardSpec,
    /// The first replication of this part.
    pub first_replication: u64,
    /// Seconds this part took.
    pub elapsed_s: f64,
    /// Worker threads of this part.
    pub threads: usize,
    /// The merged scenario (the whole `extends` chain) as canonical JSON text: the exact
    /// bytes its hash is taken of (a JSON value could come back from a parser a bit
    /// different in the last digit of a number, and its hash with it).
    pub scenario_json: String,
    /// Per replication, in order.
    pub outcomes: Vec<ShardOutcome>,
    /// SHA-256 over every field above but the timing (`elapsed_s`, `threads`), as
    /// compact JSON in this order: see [`checksum`]. Catches corruption and hand edits.
    pub checksum: String,
}

/// One replication's raw result.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardOutcome {
    /// Person-months simulated.
    pub person_months: u64,
    /// `cells[method][month][group]` = `[population, fulfilled]`.
    pub cells: Vec<Vec<Vec<[u64; 2]>>>,
    /// The conversations goal, shaped as `cells`.
    pub conversations: Vec<Vec<Vec<[u64; 2]>>>,
    /// `offers[month][group]`: offers started.
    pub offers: Vec<Vec<u64>>,
}

impl ShardOutcome {
    fn from_outcome(o: &ReplicationOutcome) -> ShardOutcome {
        ShardOutcome {
            person_months: o.person_months,
            cells: counts_of(&o.cells),
            conversations: counts_of(&o.conversations),
            offers: o.offers.iter().map(|m| m.to_vec()).collect(),
        }
    }

    /// The outcome; its shape was checked by [`check_outcome`].
    fn to_outcome(&self) -> ReplicationOutcome {
        ReplicationOutcome {
            cells: cells_of(&self.cells),
            conversations: cells_of(&self.conversations),
            offers: self
                .offers
                .iter()
                .map(|groups| {
                    let mut month = [0u64; Group::COUNT];
                    month.copy_from_slice(groups);
                    month
                })
                .collect(),
            person_months: self.person_months,
            // A shard keeps the measure's counts; the cost drivers are the comparison's.
            drivers: Vec::new(),
        }
    }
}

/// `[method][month][group]` cells as `[population, fulfilled]` pairs.
fn counts_of(cells: &[Vec<MonthCells>]) -> Vec<Vec<Vec<[u64; 2]>>> {
    cells
        .iter()
        .map(|months| {
            months
                .iter()
                .map(|m| {
                    m.groups
                        .iter()
                        .map(|c| [c.population, c.fulfilled])
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// [`counts_of`] undone; the shape was checked by [`check_outcome`].
fn cells_of(counts: &[Vec<Vec<[u64; 2]>>]) -> Vec<Vec<MonthCells>> {
    counts
        .iter()
        .map(|months| {
            months
                .iter()
                .map(|groups| {
                    let mut mc = MonthCells::default();
                    for (cell, &[population, fulfilled]) in mc.groups.iter_mut().zip(groups) {
                        *cell = Cell {
                            population,
                            fulfilled,
                        };
                    }
                    mc
                })
                .collect()
        })
        .collect()
}

/// The fields a checksum covers, in order.
#[derive(Serialize)]
struct Covered<'a> {
    format: &'a str,
    version: u32,
    fokus_version: &'a str,
    scenario: &'a str,
    scenario_sha256: &'a str,
    seed: u64,
    replications: u64,
    shard: ShardSpec,
    first_replication: u64,
    outcomes: &'a [ShardOutcome],
}

/// Feeds what is written into a hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The checksum of a shard file: SHA-256 (hex) of the compact JSON of its covered fields
/// (whole numbers and text only, so the bytes are the same wherever it is computed).
pub fn checksum(file: &ShardFile) -> String {
    let covered = Covered {
        format: &file.format,
        version: file.version,
        fokus_version: &file.fokus_version,
        scenario: &file.scenario,
        scenario_sha256: &file.scenario_sha256,
        seed: file.seed,
        replications: file.replications,
        shard: file.shard,
        first_replication: file.first_replication,
        outcomes: &file.outcomes,
    };
    let mut hasher = HashWriter(Sha256::new());
    serde_json::to_writer(&mut hasher, &covered).expect("whole numbers and text serialize");
    hex(&hasher.0.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The shard file of `outcomes` (replications `first..`) of a run.
#[allow(clippy::too_many_arguments)]
pub fn shard_file(
    loaded: &Loaded,
    scenario_shown: &str,
    seed: u64,
    replications: u64,
    shard: ShardSpec,
    first_replication: u64,
    outcomes: &[ReplicationOutcome],
    threads: usize,
    elapsed_s: f64,
) -> ShardFile {
    let mut file = ShardFile {
        format: SHARD_FORMAT.into(),
        version: SHARD_VERSION,
        fokus_version: crate::VERSION.into(),
        scenario: scenario_shown.into(),
        scenario_sha256: loaded.sha256.clone(),
        seed,
        replications,
        shard,
        first_replication,
        elapsed_s,
        threads,
        scenario_json: serde_json::to_string(&crate::scenario::load::merged_value(loaded))
            .expect("a JSON value serializes"),
        outcomes: outcomes.iter().map(ShardOutcome::from_outcome).collect(),
        checksum: String::new(),
    };
    file.checksum = checksum(&file);
    file
}

/// A shard file that passed every check of [`parse_shard`]: what [`merge`] takes.
#[derive(Clone, Debug)]
pub struct Shard {
    name: String,
    file: ShardFile,
    loaded: Loaded,
}

impl Shard {
    /// The file as named in errors.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Parse one shard file's text and check it on its own, trusting nothing in it: format
/// and version, this fokus, the checksum, the scenario's hash and validity, the range of
/// replications, and the shape and range of every outcome against the scenario. `shown`
/// names the file in errors; every error names a JSON path in it.
pub fn parse_shard(text: &str, shown: &str) -> crate::Result<Shard> {
    /// The fields that say what a file is; the rest is left unread.
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let head: Head = parse_json(text, shown)?;
    if head.format.as_ref().and_then(|f| f.as_str()) != Some(SHARD_FORMAT) {
        return Err(InputError::new(
            shown,
            crate::text!(
                da: "er ikke en shardfil (forventede \"format\": \"fokus-shard\", som `fokus run --shard K/N --shard-out FIL` skriver)",
                en: "is not a shard file (expected \"format\": \"fokus-shard\", as written by `fokus run --shard K/N --shard-out FILE`)"
            ),
        )
        .into());
    }
    let at = |path: &str, message: crate::error::Message| -> crate::Error {
        InputError::at(shown, path, message).into()
    };
    if head.version.as_ref().and_then(|v| v.as_u64()) != Some(u64::from(SHARD_VERSION)) {
        let version = head.version.map_or("none".into(), |v| v.to_string());
        return Err(at(
            "version",
            crate::text!(
                da: "shardfil-version {version} understøttes ikke (denne fokus læser version {SHARD_VERSION}, som har en kontrolsum, samtalemålet og de startede tilbud; kør sharden igen med denne fokus)",
                en: "shard file version {version} is not supported (this fokus reads version {SHARD_VERSION}, which carries a checksum, the conversations goal and the offers started; run the shard again with this fokus)"
            ),
        ));
    }
    // `parse_json` refuses a key given twice, which would let one value be read and
    // another be seen.
    let file: ShardFile = parse_json(text, shown)?;
    if file.fokus_version != crate::VERSION {
        return Err(at("fokus_version", {
            let (written, this) = (&file.fokus_version, crate::VERSION);
            crate::text!(
                da: "blev skrevet af fokus {written}; dette er fokus {this} (saml med den version, der kørte sharderne)",
                en: "was written by fokus {written}; this is fokus {this} (merge with the version that ran the shards)"
            )
        }));
    }
    let sum = checksum(&file);
    if file.checksum != sum {
        return Err(at(
            "checksum",
            crate::text!(
                da: "passer ikke til shardens indhold: filen blev ændret, afkortet eller beskadiget, efter fokus skrev den (kør sharden igen)",
                en: "does not match the shard's content: the file was changed, truncated or damaged after fokus wrote it (run the shard again)"
            ),
        ));
    }
    let scenario_sha256 = hex(&Sha256::digest(file.scenario_json.as_bytes()));
    if file.scenario_sha256 != scenario_sha256 {
        return Err(at("scenario_json", {
            let recorded = &file.scenario_sha256;
            crate::text!(
                da: "scenariet i sharden har SHA-256 {scenario_sha256}, ikke den registrerede scenario_sha256 {recorded}: scenariet blev ændret efter kørslen (kør sharden igen)",
                en: "the scenario in the shard has SHA-256 {scenario_sha256}, not the recorded scenario_sha256 {recorded}: the scenario was changed after the run (run the shard again)"
            )
        }));
    }
    let inner = format!("{shown}: scenario_json");
    let merged: serde_json::Value = parse_json(&file.scenario_json, &inner)?;
    let mut loaded = crate::scenario::load::from_merged(merged, &inner)?;
    loaded.sha256 = scenario_sha256;
    check_range(&file).map_err(|(path, message)| at(path, message))?;
    let months = loaded
        .scenario
        .horizon_end()
        .since(loaded.scenario.january())
        + 1;
    let simulated_months = loaded
        .scenario
        .horizon_end()
        .since(loaded.scenario.first_month())
        + 1;
    for (i, outcome) in file.outcomes.iter().enumerate() {
        check_outcome(outcome, months as usize, simulated_months as u64)
            .map_err(|(path, message)| at(&format!("outcomes[{i}]{path}"), message))?;
    }
    if !(file.elapsed_s.is_finite() && file.elapsed_s >= 0.0) {
        return Err(at("elapsed_s", {
            let (en, da) = (file.elapsed_s, crate::error::da_number(file.elapsed_s));
            crate::text!(da: "{da} er ikke en varighed i sekunder", en: "{en} is not a duration in seconds")
        }));
    }
    if !(1..=crate::run::resources::MAX_THREADS).contains(&file.threads) {
        return Err(at("threads", {
            let (threads, max) = (file.threads, crate::run::resources::MAX_THREADS);
            crate::text!(
                da: "{threads} er ikke et antal tråde (forventede 1 til {max})",
                en: "{threads} is not a thread count (expected 1 to {max})"
            )
        }));
    }
    Ok(Shard {
        name: shown.to_string(),
        file,
        loaded,
    })
}

/// The shard's place in its run: replications, the shard spec, the first replication and
/// the number of outcomes agree. Errors as (JSON path, message).
fn check_range(file: &ShardFile) -> Result<(), (&'static str, Message)> {
    if file.replications == 0 {
        return Err((
            "replications",
            text!(
                da: "er 0: en kørsel har mindst 1 replikation",
                en: "is 0: a run has at least 1 replication"
            ),
        ));
    }
    let spec = file.shard;
    if spec.count == 0 || spec.index >= spec.count {
        return Err(("shard", {
            let (index, count) = (spec.index, spec.count);
            text!(
                da: "indeks {index} af antal {count} er ikke en shard (forventede 0 ≤ indeks < antal)",
                en: "index {index} of count {count} is not a shard (expected 0 ≤ index < count)"
            )
        }));
    }
    let range = spec.range(file.replications);
    if range.is_empty() {
        return Err(("shard", {
            let replications = file.replications;
            text!(
                da: "shard {spec} af {replications} replikationer indeholder ingen (en kørsel har højst lige så mange shards som replikationer)",
                en: "shard {spec} of {replications} replications holds none (a run has at most as many shards as replications)"
            )
        }));
    }
    if file.first_replication != range.start {
        return Err(("first_replication", {
            let (first, replications, start) =
                (file.first_replication, file.replications, range.start);
            text!(
                da: "er {first}, men shard {spec} af {replications} replikationer begynder ved {start} (filen er redigeret)",
                en: "is {first} but shard {spec} of {replications} replications starts at {start} (the file was edited)"
            )
        }));
    }
    let held = file.outcomes.len() as u64;
    if held != range.end - range.start {
        return Err(("outcomes", {
            let (replications, start, end) = (file.replications, range.start, range.end);
            let n = end - start;
            text!(
                da: "indeholder {held} replikationer, men shard {spec} af {replications} replikationer er {start}..{end}, {n} replikationer (filen er afkortet eller redigeret)",
                en: "holds {held} replications but shard {spec} of {replications} replications is {start}..{end}, {n} replications (the file is truncated or edited)"
            )
        }));
    }
    Ok(())
}

/// One outcome against its scenario: one method, `months` months of the judged year,
/// every group, fulfilled ≤ population, and counts a replication of `simulated_months`
/// months can hold — for the active-effort cells, the conversations goal's cells and the
/// offers started. Errors as (JSON path below the outcome, message).
fn check_outcome(
    o: &ShardOutcome,
    months: usize,
    simulated_months: u64,
) -> Result<(), (String, Message)> {
    let max_person_months = MAX_PERSONS_ALIVE.saturating_mul(simulated_months);
    if o.person_months > max_person_months {
        return Err((".person_months".into(), {
            let pm = o.person_months;
            text!(
                da: "{pm} er mere end {simulated_months} måneder med højst {MAX_PERSONS_ALIVE} personer",
                en: "{pm} is more than {simulated_months} months of at most {MAX_PERSONS_ALIVE} persons"
            )
        }));
    }
    check_cells("cells", &o.cells, months, o.person_months)?;
    check_cells("conversations", &o.conversations, months, o.person_months)?;
    if o.offers.len() != months {
        return Err((".offers".into(), {
            let n = o.offers.len();
            text!(
                da: "har {n} måneder (forventede {months}: januar til scenariets horisont)",
                en: "has {n} months (expected {months}: January to the scenario's horizon)"
            )
        }));
    }
    let mut year_offers = 0u64;
    for (m, groups) in o.offers.iter().enumerate() {
        if groups.len() != Group::COUNT {
            return Err((format!(".offers[{m}]"), {
                let (n, count) = (groups.len(), Group::COUNT);
                text!(
                    da: "har {n} grupper (forventede {count}, ét antal pr. ydelsesgruppe)",
                    en: "has {n} groups (expected {count}, one count per benefit group)"
                )
            }));
        }
        let month_offers = groups.iter().fold(0u64, |a, &b| a.saturating_add(b));
        if month_offers > MAX_PERSONS_ALIVE {
            return Err((
                format!(".offers[{m}]"),
                text!(
                    da: "tæller {month_offers} tilbud (forventede højst ét til hver af højst {MAX_PERSONS_ALIVE} personer på en måned)",
                    en: "counts {month_offers} offers (expected at most one for each of at most {MAX_PERSONS_ALIVE} persons in a month)"
                ),
            ));
        }
        year_offers += month_offers;
    }
    if year_offers > o.person_months {
        return Err((".offers".into(), {
            let pm = o.person_months;
            text!(
                da: "tæller {year_offers} tilbud, flere end de {pm} simulerede personmåneder (person_months; højst ét tilbud pr. personmåned)",
                en: "counts {year_offers} offers, more than the {pm} person-months simulated (person_months; at most one offer a person-month)"
            )
        }));
    }
    Ok(())
}

/// One outcome's `[method][month][group]` cells (`field`: `cells` or `conversations`):
/// the scenario's own method only, `months` months, every group, fulfilled ≤ population,
/// no more population than `person_months`.
fn check_cells(
    field: &str,
    cells: &[Vec<Vec<[u64; 2]>>],
    months: usize,
    person_months: u64,
) -> Result<(), (String, Message)> {
    // The run's own method only: a shard is scored under the scenario's method.
    if cells.len() != 1 {
        return Err((format!(".{field}"), {
            let n = cells.len();
            text!(
                da: "har {n} metoder (forventede 1: scenariets egen)",
                en: "has {n} methods (expected 1: the scenario's own)"
            )
        }));
    }
    for (k, method) in cells.iter().enumerate() {
        let mut year_population = 0u64;
        if method.len() != months {
            return Err((format!(".{field}[{k}]"), {
                let n = method.len();
                text!(
                    da: "har {n} måneder (forventede {months}: januar til scenariets horisont)",
                    en: "has {n} months (expected {months}: January to the scenario's horizon)"
                )
            }));
        }
        for (m, groups) in method.iter().enumerate() {
            let path = format!(".{field}[{k}][{m}]");
            if groups.len() != Group::COUNT {
                return Err((path, {
                    let (n, count) = (groups.len(), Group::COUNT);
                    text!(
                        da: "har {n} grupper (forventede {count}, én [population, fulfilled] pr. ydelsesgruppe)",
                        en: "has {n} groups (expected {count}, one [population, fulfilled] per benefit group)"
                    )
                }));
            }
            let mut month_population = 0u64;
            for (g, &[population, fulfilled]) in groups.iter().enumerate() {
                if fulfilled > population {
                    return Err((
                        format!("{path}[{g}]"),
                        text!(
                            da: "har {fulfilled} opfyldt af en population på {population} (forventede fulfilled ≤ population)",
                            en: "has {fulfilled} fulfilled of a population of {population} (expected fulfilled ≤ population)"
                        ),
                    ));
                }
                month_population = month_population.saturating_add(population);
            }
            if month_population > MAX_PERSONS_ALIVE {
                return Err((
                    path,
                    text!(
                        da: "har en population på {month_population} (forventede højst {MAX_PERSONS_ALIVE} personer på en måned)",
                        en: "has a population of {month_population} (expected at most {MAX_PERSONS_ALIVE} persons in a month)"
                    ),
                ));
            }
            year_population += month_population;
        }
        if year_population > person_months {
            return Err((
                format!(".{field}[{k}]"),
                text!(
                    da: "tæller {year_population} personmåneder i sin population, flere end de {person_months} simulerede (person_months)",
                    en: "counts {year_population} person-months in its population, more than the {person_months} simulated (person_months)"
                ),
            ));
        }
    }
    Ok(())
}

/// All shards of one run, put back together.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The scenario, with the hash the shards recorded (and [`parse_shard`] recomputed).
    pub loaded: Loaded,
    /// The scenario file as given to the shards.
    pub scenario: String,
    /// Seed.
    pub seed: u64,
    /// Every replication, in order.
    pub outcomes: Vec<ReplicationOutcome>,
    /// Seconds summed over the shards.
    pub elapsed_s: f64,
    /// The most worker threads of a shard.
    pub threads: usize,
}

/// The most missing shards a message lists.
const MISSING_LISTED: usize = 10;

/// Check that `parts` are all the shards of one run, each once, and put them together.
/// Nothing is allocated for a count a file claims before the parts are known to hold it.
pub fn merge(parts: &[Shard]) -> crate::Result<Merged> {
    let Some(first) = parts.first() else {
        return Err(InputError::new(
            "fokus merge",
            crate::text!(da: "ingen shardfiler angivet", en: "no shard files given"),
        )
        .into());
    };
    let f = &first.file;
    for part in &parts[1..] {
        let p = &part.file;
        let differs = |path: &str, a: String, b: String| -> crate::Result<()> {
            if a == b {
                return Ok(());
            }
            Err(InputError::at(
                part.name.as_str(),
                path,
                {
                    let first = &first.name;
                    crate::text!(
                        da: "{b} er forskellig fra {first}s {a}: sharderne er ikke fra én kørsel (én kørsels shards har samme scenarie, seed, antal kørsler, antal shards og fokus-version)",
                        en: "{b} differs from {first}'s {a}: the shards are not of one run (one run's shards share the scenario, seed, replications, shard count and fokus version)"
                    )
                },
            )
            .into())
        };
        differs(
            "scenario_sha256",
            f.scenario_sha256.clone(),
            p.scenario_sha256.clone(),
        )?;
        differs("seed", f.seed.to_string(), p.seed.to_string())?;
        differs(
            "replications",
            f.replications.to_string(),
            p.replications.to_string(),
        )?;
        differs(
            "shard.count",
            f.shard.count.to_string(),
            p.shard.count.to_string(),
        )?;
        differs(
            "fokus_version",
            f.fokus_version.clone(),
            p.fokus_version.clone(),
        )?;
    }
    let count = f.shard.count;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| parts[i].file.shard.index);
    for pair in order.windows(2) {
        let (a, b) = (&parts[pair[0]], &parts[pair[1]]);
        if a.file.shard.index == b.file.shard.index {
            return Err(InputError::at(b.name.as_str(), "shard", {
                let (shard, other) = (&b.file.shard, &a.name);
                crate::text!(
                    da: "shard {shard} er også i {other} (angiv hver shard én gang)",
                    en: "shard {shard} is also in {other} (give each shard once)"
                )
            })
            .into());
        }
    }
    // Distinct indices below `count`: as many as given, so the rest are missing.
    let missing_count = count - parts.len() as u64;
    if missing_count > 0 {
        let given = |k: u64| {
            order
                .binary_search_by_key(&k, |&i| parts[i].file.shard.index)
                .is_ok()
        };
        let listed: Vec<String> = (0..count)
            .filter(|&k| !given(k))
            .take(MISSING_LISTED)
            .map(|k| format!("{k}/{count}"))
            .collect();
        let extra = missing_count - listed.len() as u64;
        let (more_en, more_da) = if extra > 0 {
            (format!(" and {extra} more"), format!(" og {extra} til"))
        } else {
            (String::new(), String::new())
        };
        let listed = listed.join(", ");
        let given = parts.len();
        let message = if missing_count == 1 {
            crate::text!(
                da: "shard {listed}{more_da} mangler ({given} af {count} angivet)",
                en: "shard {listed}{more_en} is missing ({given} of {count} given)"
            )
        } else {
            crate::text!(
                da: "shards {listed}{more_da} mangler ({given} af {count} angivet)",
                en: "shards {listed}{more_en} are missing ({given} of {count} given)"
            )
        };
        return Err(InputError::new("fokus merge", message).into());
    }
    let mut person_months = 0u64;
    for part in parts {
        for (i, o) in part.file.outcomes.iter().enumerate() {
            person_months = person_months.checked_add(o.person_months).ok_or_else(|| {
                InputError::at(
                    part.name.as_str(),
                    format!("outcomes[{i}].person_months"),
                    crate::text!(
                        da: "gør kørslens personmåneder flere, end et helt tal kan tælle",
                        en: "makes the run's person-months more than a whole number can count"
                    ),
                )
            })?;
        }
    }
    // Every part holds its range (checked when read), so the parts hold the run.
    let mut outcomes = Vec::with_capacity(parts.iter().map(|p| p.file.outcomes.len()).sum());
    let (mut elapsed_s, mut threads) = (0.0, 0);
    for &i in &order {
        let part = &parts[i].file;
        outcomes.extend(part.outcomes.iter().map(ShardOutcome::to_outcome));
        elapsed_s += part.elapsed_s;
        threads = threads.max(part.threads);
    }
    Ok(Merged {
        loaded: first.loaded.clone(),
        scenario: f.scenario.clone(),
        seed: f.seed,
        outcomes,
        elapsed_s,
        threads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse_and_ranges_tile_the_run() {
        assert_eq!(
            ShardSpec::parse("3/16", "--shard").unwrap(),
            ShardSpec {
                index: 3,
                count: 16
            }
        );
        for bad in ["0/0", "16/16", "17/16", "a/b", "3", "-1/4", ""] {
            assert!(ShardSpec::parse(bad, "--shard").is_err(), "{bad}");
        }
        for n in [16, 17, 1000, 10_001] {
            let mut next = 0;
            for k in 0..16 {
                let r = ShardSpec {
                    index: k,
                    count: 16,
                }
                .range(n);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, n);
        }
    }
}
