//! The page and the JSON API: routes, request bodies (read within a limit, parsed like
//! every JSON fokus reads: duplicate keys and unknown fields refused, with their path),
//! the queue of runs and the cancellation of a page's older request.

use fokus::analyses::compare::{Alternative, Comparison, Entry, compare_one, offers_difference};
use fokus::error::{Error, InputError};
use fokus::report::export::json::to_json;
use fokus::report::text::{Lang, errors};
use fokus::run::uncertainty::{decompose, layers_on, reruns};
use fokus::run::{
    Driver, Prefix, RunCells, RunConfig, RunResult, Simulated, simulate_all, simulate_continuing,
    simulate_keeping, summarize_all, year_means,
};
use fokus::scenario::edit::{Edits, at_path_mut, edited};
use fokus::scenario::load::{Loaded, merged_value};
use fokus::sim::Checkpoint;
use fokus::text;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::Read;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tiny_http::{Header, Method, Request, Response};

/// Requests handled at once; more are answered 503 at once.
pub const MAX_IN_FLIGHT: usize = 64;
/// Runs waiting for the run lane; more are answered 503.
const MAX_WAITING: usize = 32;
/// The largest request body read, bytes; a larger one is answered 413.
const MAX_BODY: usize = 64 * 1024;
/// The most replications one request may ask for (the resource guard may refuse fewer).
const MAX_REPLICATIONS: u64 = 20_000;
/// Replications of a request that names none: the page's pace.
const DEFAULT_REPLICATIONS: u64 = 200;
/// Base runs kept for the page's next lever change (the base does not change with it).
const CACHED_BASES: usize = 4;

/// A scenario the server offers: its name in the API, its file as shown in outputs, and
/// the scenario as loaded at start.
pub struct Served {
    pub name: String,
    pub shown: String,
    pub loaded: Loaded,
}

/// What every request thread shares.
pub struct State {
    served: Vec<Served>,
    threads: usize,
    address: SocketAddr,
    /// Requests being handled (counted by the accept loop).
    pub in_flight: AtomicUsize,
    waiting: AtomicUsize,
    /// One run at a time, on every core.
    lane: Mutex<()>,
    /// Each page's latest request: its cancel flag.
    pages: Mutex<HashMap<String, Arc<AtomicBool>>>,
    bases: Mutex<Vec<BaseRun>>,
    page: String,
}

#[derive(Clone, PartialEq, Eq)]
struct BaseKey {
    sha256: String,
    replications: u64,
    seed: u64,
}

/// A base run's checkpoints, one per replication, shared by the requests that use them.
type Checkpoints = Arc<Vec<Checkpoint>>;

/// A base run kept for the page's next lever change, with — while memory allows — each
/// replication's state at the start of the first projected month: an alternative that
/// changes only initiatives from then on continues from it instead of simulating the
/// months before again (`run::simulate_continuing`), about a quarter of the work.
struct BaseRun {
    key: BaseKey,
    simulated: Arc<Simulated>,
    checkpoints: Option<Checkpoints>,
    /// The checkpoints' memory, bytes.
    bytes: u64,
}

impl State {
    pub fn new(served: Vec<Served>, threads: usize, address: SocketAddr) -> State {
        State {
            served,
            threads,
            address,
            in_flight: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            lane: Mutex::new(()),
            pages: Mutex::new(HashMap::new()),
            bases: Mutex::new(Vec::new()),
            page: page(),
        }
    }
}

/// A reply: status, content type, body and, for a download, its file name; an error's
/// message is worded in the request's language when the reply is sent.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    download: Option<String>,
    /// Boxed: an input error is large, and every handler returns a `Reply` as its error.
    said: Option<Box<Said>>,
}

/// An error answer's message, in Danish and in English, worded in the request's
/// language when the reply is sent.
enum Said {
    Input(InputError),
    Message(fokus::error::Message),
}

impl From<InputError> for Said {
    fn from(e: InputError) -> Said {
        Said::Input(e)
    }
}

impl From<fokus::error::Message> for Said {
    fn from(message: fokus::error::Message) -> Said {
        Said::Message(message)
    }
}

impl Said {
    /// The message in `lang`, as the command line would word it.
    fn worded(&self, lang: Lang) -> String {
        match self {
            Said::Input(e) => errors::input_error(e, lang),
            Said::Message(message) => errors::message_in(message, lang),
        }
    }
}

/// The language of a request's answers: `?lang=en` or `?lang=da` (the page sends its
/// own), Danish otherwise.
fn request_lang(url: &str) -> Lang {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    if query.split('&').any(|pair| pair == "lang=en") {
        Lang::En
    } else {
        Lang::Da
    }
}

impl Reply {
    fn json(body: String) -> Reply {
        Reply {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body: body.into_bytes(),
            download: None,
            said: None,
        }
    }

    fn error(status: u16, message: impl Into<Said>) -> Reply {
        Reply {
            status,
            said: Some(Box::new(message.into())),
            ..Reply::json(String::new())
        }
    }

    fn from_error(e: &Error) -> Reply {
        match e {
            Error::Input(input) => Reply::error(400, input.clone()),
            Error::Runtime(text) => Reply::error(500, text.clone()),
            Error::Io { .. } => {
                // What the operating system said, as the command line words it.
                let worded = |lang: Lang| {
                    let line = errors::error_line(e, lang);
                    let word = format!("{}: ", errors::error_word(lang));
                    line.strip_prefix(&word).unwrap_or(&line).to_string()
                };
                Reply::error(
                    500,
                    fokus::error::Message::new(worded(Lang::Da), worded(Lang::En)),
                )
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Answer 503 without reading the request: the server is at its limit.
pub fn respond_busy(request: Request) {
    let lang = request_lang(request.url());
    send(
        request,
        lang,
        Reply::error(
            503,
            text!(
                da: "serveren har travlt (for mange forespørgsler på én gang); prøv igen",
                en: "the server is busy (too many requests at once); try again"
            ),
        ),
    );
}

/// Handle one request; a panic in the handler is answered 500, never ends the server.
pub fn handle(state: &State, mut request: Request) {
    let lang = request_lang(request.url());
    let reply = catch_unwind(AssertUnwindSafe(|| route(state, &mut request)))
        .unwrap_or_else(|_| {
            Err(Reply::error(
                500,
                text!(
                    da: "intern fejl (forespørgslen blev ikke gennemført)",
                    en: "internal error (the request was not completed)"
                ),
            ))
        })
        .unwrap_or_else(|reply| reply);
    send(request, lang, reply);
}

fn send(request: Request, lang: Lang, mut reply: Reply) {
    if let Some(said) = &reply.said {
        reply.body = (json!({ "error": said.worded(lang) }).to_string() + "\n").into_bytes();
    }
    let mut response = Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(header("Content-Type", reply.content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if let Some(name) = reply.download {
        let disposition = format!("attachment; filename=\"{name}\"");
        response = response.with_header(header("Content-Disposition", &disposition));
    }
    // A client that went away is not an error of the server.
    drop(request.respond(response));
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn route(state: &State, request: &mut Request) -> Result<Reply, Reply> {
    check_host(state, request)?;
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or_default();
    match (request.method(), path) {
        (Method::Get, "/") => Ok(Reply {
            content_type: "text/html; charset=utf-8",
            ..Reply::json(state.page.clone())
        }),
        (Method::Get, "/api/scenarios") => Ok(Reply::json(scenarios(state))),
        (Method::Post, "/api/run") => run(state, &body(request)?),
        (Method::Post, "/api/compare") => compare(state, &body(request)?, false),
        (Method::Post, "/api/whatif") => compare(state, &body(request)?, true),
        (Method::Post, "/api/scenario") => save_scenario(state, &body(request)?),
        (Method::Post, "/api/report") => report(state, &body(request)?),
        (
            _,
            "/" | "/api/scenarios" | "/api/run" | "/api/compare" | "/api/whatif" | "/api/scenario"
            | "/api/report",
        ) => {
            let method = request.method();
            Err(Reply::error(
                405,
                text!(da: "{path} tager ikke imod {method}", en: "{path} does not take {method}"),
            ))
        }
        _ => Err(Reply::error(
            404,
            text!(
                da: "{path} findes ikke (API'et ligger under /api/)",
                en: "there is no {path} (the API is under /api/)"
            ),
        )),
    }
}

/// Refuse a request whose `Host` is not this server's loopback address: a web page
/// elsewhere cannot reach the server through a name that points to 127.0.0.1.
fn check_host(state: &State, request: &Request) -> Result<(), Reply> {
    let port = state.address.port();
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default();
    if host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}") {
        return Ok(());
    }
    Err(Reply::error(
        403,
        text!(
            da: "Host {host:?} er ikke denne server (åbn http://127.0.0.1:{port}/)",
            en: "Host {host:?} is not this server (open http://127.0.0.1:{port}/)"
        ),
    ))
}

/// The body of a POST: JSON (a form from another site cannot post it), at most
/// [`MAX_BODY`] bytes, UTF-8.
fn body(request: &mut Request) -> Result<String, Reply> {
    let json = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Content-Type") && h.value.as_str().starts_with("application/json"));
    if !json {
        return Err(Reply::error(
            415,
            text!(
                da: "indholdet skal være JSON (Content-Type: application/json)",
                en: "the body must be JSON (Content-Type: application/json)"
            ),
        ));
    }
    let too_large = || {
        Reply::error(
            413,
            text!(
                da: "indholdet er større end {MAX_BODY} byte",
                en: "the body is larger than {MAX_BODY} bytes"
            ),
        )
    };
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Reply::error(
                400,
                text!(da: "indholdet kunne ikke læses: {e}", en: "the body could not be read: {e}"),
            )
        })?;
    if bytes.len() > MAX_BODY {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| {
        Reply::error(
            400,
            text!(da: "indholdet er ikke UTF-8-tekst", en: "the body is not UTF-8 text"),
        )
    })
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Reply> {
    fokus::decode::json::parse_json(text, "request").map_err(|e| Reply::error(400, e))
}

/// A scenario as the request changes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    /// A loaded scenario's name (`GET /api/scenarios`).
    scenario: String,
    /// Values to set, by JSON path (applied in the order of the paths).
    #[serde(default)]
    set: Map<String, Value>,
    /// Initiatives to switch off, by index.
    #[serde(default)]
    off: Vec<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    scenario: String,
    #[serde(default)]
    set: Map<String, Value>,
    #[serde(default)]
    off: Vec<usize>,
    replications: Option<u64>,
    seed: Option<u64>,
    /// The page that asks: its newer request cancels this one.
    page: Option<String>,
    /// `da` or `en` (`/api/report`).
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompareRequest {
    base: Variant,
    alternatives: Vec<Variant>,
    replications: Option<u64>,
    seed: Option<u64>,
    page: Option<String>,
}

impl State {
    fn served(&self, name: &str) -> Result<&Served, Reply> {
        self.served.iter().find(|s| s.name == name).ok_or_else(|| {
            let names: Vec<&str> = self.served.iter().map(|s| s.name.as_str()).collect();
            Reply::error(
                400,
                InputError::at("request", "scenario", {
                    let names = names.join(", ");
                    text!(
                        da: "{name:?} er ikke et indlæst scenarie (forventede et af: {names})",
                        en: "{name:?} is not a loaded scenario (expected one of: {names})"
                    )
                }),
            )
        })
    }

    /// The scenario `name` with `set` and `off` applied, and how outputs name it.
    fn variant(
        &self,
        name: &str,
        set: &Map<String, Value>,
        off: &[usize],
    ) -> Result<(Loaded, String), Reply> {
        let served = self.served(name)?;
        if set.is_empty() && off.is_empty() {
            return Ok((served.loaded.clone(), served.shown.clone()));
        }
        let edits = Edits {
            set: set.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            off: off.to_vec(),
        };
        let shown = format!("{} (edited)", served.shown);
        let loaded = edited(&served.loaded, &edits, &shown).map_err(|e| Reply::from_error(&e))?;
        Ok((loaded, shown))
    }

    fn config(&self, replications: Option<u64>, seed: Option<u64>) -> Result<RunConfig, Reply> {
        let replications = replications.unwrap_or(DEFAULT_REPLICATIONS);
        if replications == 0 || replications > MAX_REPLICATIONS {
            return Err(Reply::error(
                400,
                InputError::at(
                    "request",
                    "replications",
                    text!(
                        da: "{replications} er ikke et antal kørsler, serveren udfører (forventede 1 til {MAX_REPLICATIONS}; kør større med fokus run)",
                        en: "{replications} is not a number of replications the server runs (expected 1 to {MAX_REPLICATIONS}; run larger ones with fokus run)"
                    ),
                ),
            ));
        }
        Ok(RunConfig {
            checkpoint_memory: super::super::edge::checkpoint_memory(),
            ..RunConfig::new(replications, seed.unwrap_or(fokus::run::DEFAULT_SEED))
        })
    }

    /// The resource guard of the commands, for the runs a request asks for.
    fn guard(&self, runs: &[(&Loaded, u64, &str)]) -> Result<(), Reply> {
        let runs: Vec<_> = runs
            .iter()
            .map(|(l, n, shown)| (&l.scenario, *n, *shown))
            .collect();
        super::super::edge::guard(&runs, 1, self.threads, false).map_err(|e| Reply::from_error(&e))
    }

    /// Run `work` when the run lane is free, on a driver cancelled by the page's next
    /// request. At most [`MAX_WAITING`] wait.
    fn on_lane<T>(
        &self,
        page: Option<&str>,
        work: impl FnOnce(&Driver) -> fokus::Result<T>,
    ) -> Result<T, Reply> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Some(page) = page {
            if page.len() > 64 {
                return Err(Reply::error(
                    400,
                    InputError::at(
                        "request",
                        "page",
                        text!(
                            da: "er længere end 64 tegn",
                            en: "is longer than 64 characters"
                        ),
                    ),
                ));
            }
            if let Some(older) = lock(&self.pages).insert(page.to_string(), Arc::clone(&flag)) {
                older.store(true, Ordering::Relaxed);
            }
        }
        let result = self.run_when_free(&flag, work);
        if let Some(page) = page {
            let mut pages = lock(&self.pages);
            if pages.get(page).is_some_and(|f| Arc::ptr_eq(f, &flag)) {
                pages.remove(page);
            }
        }
        result
    }

    fn run_when_free<T>(
        &self,
        flag: &AtomicBool,
        work: impl FnOnce(&Driver) -> fokus::Result<T>,
    ) -> Result<T, Reply> {
        let cancelled = || Reply::error(409, fokus::run::cancelled());
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Reply::error(
                503,
                text!(
                    da: "for mange kørsler venter; prøv igen",
                    en: "too many runs are waiting; try again"
                ),
            ));
        }
        let lane = lock(&self.lane);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        if flag.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let driver = Driver::new(self.threads, || {})
            .map_err(|e| Reply::from_error(&e))?
            .with_cancel(flag);
        let result = work(&driver);
        drop(lane);
        match result {
            Ok(t) => Ok(t),
            Err(_) if flag.load(Ordering::Relaxed) => Err(cancelled()),
            Err(e) => Err(Reply::from_error(&e)),
        }
    }

    /// The base's replications, from the cache when the page asked for them before,
    /// with their checkpoints when memory allows them (the oldest base's are dropped
    /// first; a base whose checkpoints were dropped is run again to keep them).
    fn base_run(
        &self,
        driver: &Driver,
        base: &Loaded,
        config: &RunConfig,
    ) -> fokus::Result<(Arc<Simulated>, Option<Checkpoints>)> {
        let key = BaseKey {
            sha256: base.sha256.clone(),
            replications: config.replications,
            seed: config.seed,
        };
        let budget = config.checkpoint_memory;
        let worth_keeping = Prefix::fits(base, config);
        if let Some(hit) = lock(&self.bases).iter().find(|b| b.key == key)
            && (hit.checkpoints.is_some() || !worth_keeping)
        {
            return Ok((Arc::clone(&hit.simulated), hit.checkpoints.clone()));
        }
        let (simulated, checkpoints) = if worth_keeping {
            let first_projected = base.scenario.status_quo_from().plus(1);
            let (simulated, checkpoints) = simulate_keeping(driver, base, config, first_projected)?;
            (simulated, (!checkpoints.is_empty()).then_some(checkpoints))
        } else {
            (simulate_all(driver, base, None, config)?, None)
        };
        let bytes = checkpoints
            .iter()
            .flatten()
            .map(Checkpoint::heap_bytes)
            .sum::<usize>() as u64;
        let checkpoints = checkpoints.filter(|_| bytes <= budget).map(Arc::new);
        let bytes = if checkpoints.is_some() { bytes } else { 0 };
        let run = BaseRun {
            key: key.clone(),
            simulated: Arc::new(simulated),
            checkpoints: checkpoints.clone(),
            bytes,
        };
        let simulated = Arc::clone(&run.simulated);
        let mut bases = lock(&self.bases);
        bases.retain(|b| b.key != key);
        if bases.len() >= CACHED_BASES {
            bases.remove(0);
        }
        let mut held: u64 = run.bytes + bases.iter().map(|b| b.bytes).sum::<u64>();
        for older in bases.iter_mut().filter(|b| b.checkpoints.is_some()) {
            if held <= budget {
                break;
            }
            held -= older.bytes;
            (older.checkpoints, older.bytes) = (None, 0);
        }
        bases.push(run);
        Ok((simulated, checkpoints))
    }
}

/// `GET /api/scenarios`: each loaded scenario, its initiatives and its levers (the
/// sensitivity ranges, with the value the scenario gives).
fn scenarios(state: &State) -> String {
    let list: Vec<Value> = state
        .served
        .iter()
        .map(|s| {
            let sc = &s.loaded.scenario;
            let mut value = merged_value(&s.loaded);
            let both = |t: &fokus::vocab::label::Text| {
                json!({
                    "da": fokus::report::in_lang(t, Lang::Da),
                    "en": fokus::report::in_lang(t, Lang::En),
                })
            };
            let initiatives: Vec<Value> = value
                .get("initiatives")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .enumerate()
                        .map(|(index, i)| {
                            json!({
                                "index": index,
                                "kind": i.get("kind"),
                                "start": i.get("start"),
                                "end": i.get("end"),
                                "group": i.get("group"),
                                "groups": i.get("groups"),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let levers: Vec<Value> = sc
                .sensitivity()
                .iter()
                .map(|r| {
                    let path = r.parameter.to_string();
                    let now = at_path_mut(&mut value, &path)
                        .ok()
                        .map(|v| central(v, r.low, r.high));
                    json!({
                        "parameter": path,
                        "label": r.label.as_ref().map(both),
                        "unit": r.unit,
                        "low": r.low,
                        "high": r.high,
                        "value": now,
                    })
                })
                .collect();
            json!({
                "name": s.name,
                "file": s.shown,
                "title": sc.name(),
                "description": both(sc.description()),
                "sha256": s.loaded.sha256,
                "year": sc.year(),
                "initiatives": initiatives,
                "levers": levers,
            })
        })
        .collect();
    to_json(
        &json!({ "scenarios": list, "replications": DEFAULT_REPLICATIONS, "max_replications": MAX_REPLICATIONS, "seed": fokus::run::DEFAULT_SEED }),
    )
}

/// The value a lever starts at: the scenario's number, a distribution's mode or the
/// middle of its range, or the middle of the lever's range.
fn central(value: &Value, low: f64, high: f64) -> f64 {
    if let Some(x) = value.as_f64() {
        return x;
    }
    let field = |k: &str| value.get(k).and_then(Value::as_f64);
    field("mode")
        .or_else(|| Some((field("low")? + field("high")?) / 2.0))
        .unwrap_or((low + high) / 2.0)
}

/// `POST /api/run`: the run's JSON, as `fokus run --format json` prints it (with the
/// decomposition by layer of uncertainty).
fn run(state: &State, text: &str) -> Result<Reply, Reply> {
    let req: RunRequest = parse(text)?;
    let result = run_result(state, &req)?;
    Ok(Reply::json(to_json(&result)))
}

fn run_result(state: &State, req: &RunRequest) -> Result<RunResult, Reply> {
    let (loaded, shown) = state.variant(&req.scenario, &req.set, &req.off)?;
    let config = state.config(req.replications, req.seed)?;
    let reruns = reruns(layers_on(&loaded, &config)).len() as u64;
    state.guard(&[(&loaded, config.replications * (1 + reruns), &shown)])?;
    state.on_lane(req.page.as_deref(), |driver| {
        let simulated = simulate_all(driver, &loaded, None, &config)?;
        let uncertainty = decompose(driver, &loaded, None, &config, &simulated)?;
        let mut results = summarize_all(&loaded, &shown, &config, &simulated);
        results[0].uncertainty = Some(uncertainty);
        Ok(results.swap_remove(0))
    })
}

/// `POST /api/compare` (the JSON of `fokus compare --format json`, without the
/// decomposition by layer and the P(goal) curves, which take several more runs) and
/// `POST /api/whatif` (the page's: the base's and the alternative's whole results and
/// the paired difference).
fn compare(state: &State, text: &str, page: bool) -> Result<Reply, Reply> {
    let req: CompareRequest = parse(text)?;
    if req.alternatives.is_empty() || req.alternatives.len() > 8 {
        return Err(Reply::error(
            400,
            InputError::at(
                "request",
                "alternatives",
                text!(
                    da: "forventede 1 til 8 alternativer",
                    en: "expected 1 to 8 alternatives"
                ),
            ),
        ));
    }
    let (base, base_shown) = state.variant(&req.base.scenario, &req.base.set, &req.base.off)?;
    let alternatives = req
        .alternatives
        .iter()
        .map(|a| state.variant(&a.scenario, &a.set, &a.off))
        .collect::<Result<Vec<_>, Reply>>()?;
    let config = state.config(req.replications, req.seed)?;
    let mut runs = vec![(&base, config.replications, base_shown.as_str())];
    runs.extend(
        alternatives
            .iter()
            .map(|(l, s)| (l, config.replications, s.as_str())),
    );
    state.guard(&runs)?;
    let (comparison, results) = state.on_lane(req.page.as_deref(), |driver| {
        let (base_out, checkpoints) = state.base_run(driver, &base, &config)?;
        let mut base_result = summarize_all(&base, &base_shown, &config, &base_out).swap_remove(0);
        let base_cells = RunCells::from_outcomes(&base_out.outcomes);
        let base_means = year_means(&base, &config, &base_cells, 0);
        let mut compared: Vec<Alternative> = Vec::new();
        let mut results = Vec::new();
        let mut elapsed = base_out.elapsed_s;
        for (alt, shown) in &alternatives {
            let out = match &checkpoints {
                Some(c) => simulate_continuing(driver, alt, &config, &base, c)?,
                None => simulate_all(driver, alt, None, &config)?,
            };
            elapsed += out.elapsed_s;
            let result = summarize_all(alt, shown, &config, &out).swap_remove(0);
            let cells = RunCells::from_outcomes(&out.outcomes);
            let means = year_means(alt, &config, &cells, 0);
            let offers = offers_difference(
                &alt.scenario,
                base_cells.method(0).offers(),
                cells.method(0).offers(),
            );
            let entry = Entry { loaded: alt, shown };
            compared.push(compare_one(
                entry,
                false,
                &result,
                &base_means,
                &means,
                offers,
            ));
            results.push(result);
        }
        base_result.timing.elapsed_s = elapsed;
        let comparison = Comparison {
            audit: base_result.audit.clone(),
            base: base_result,
            base_title: base.scenario.title().clone(),
            alternatives: compared,
            rank_by: fokus::analyses::compare::RankBy::PGoal,
        };
        Ok((comparison, results))
    })?;
    if !page {
        return Ok(Reply::json(to_json(&comparison)));
    }
    let alternative = results
        .into_iter()
        .next()
        .expect("one alternative at least");
    let difference = comparison.alternatives.into_iter().next();
    Ok(Reply::json(to_json(&json!({
        "base": comparison.base,
        "alternative": alternative,
        "difference": difference,
    }))))
}

/// `POST /api/scenario`: the scenario with the page's settings, as a file (download)
/// whose hash and the run's seed reproduce the page's numbers with `fokus run`.
fn save_scenario(state: &State, text: &str) -> Result<Reply, Reply> {
    let req: Variant = parse(text)?;
    let (loaded, _) = state.variant(&req.scenario, &req.set, &req.off)?;
    let mut file = serde_json::to_string_pretty(&merged_value(&loaded)).expect("serializes");
    file.push('\n');
    Ok(Reply {
        download: Some(format!("{}-{}.json", req.scenario, &loaded.sha256[..8])),
        ..Reply::json(file)
    })
}

/// `POST /api/report`: the run's self-contained report page, as `--out` writes it.
fn report(state: &State, text: &str) -> Result<Reply, Reply> {
    let req: RunRequest = parse(text)?;
    let lang = match req.lang.as_deref() {
        None | Some("da") => Lang::Da,
        Some("en") => Lang::En,
        Some(other) => {
            return Err(Reply::error(
                400,
                InputError::at(
                    "request",
                    "lang",
                    text!(
                        da: "{other:?} er ikke et sprog (forventede da eller en)",
                        en: "{other:?} is not a language (expected da or en)"
                    ),
                ),
            ));
        }
    };
    let result = run_result(state, &req)?;
    let (loaded, _) = state.variant(&req.scenario, &req.set, &req.off)?;
    let info = fokus::report::RunInfo::of(&loaded.scenario, lang);
    let files = fokus::report::render_run_report(
        &result,
        &info,
        lang,
        false,
        fokus::report::export::sheet::CsvDialect::Plain,
    )
    .map_err(|e| Reply::from_error(&e))?;
    let html = files
        .into_iter()
        .find(|(name, _)| name == "report.html")
        .map(|(_, bytes)| bytes)
        .expect("a run report has its page");
    Ok(Reply {
        content_type: "text/html; charset=utf-8",
        body: html,
        download: Some(format!("{}-report.html", req.scenario)),
        ..Reply::json(String::new())
    })
}

/// The page: one HTML file, its styles, script and words (both languages) inside.
fn page() -> String {
    let words = json!({
        "da": fokus::report::text::serve::page_words(Lang::Da),
        "en": fokus::report::text::serve::page_words(Lang::En),
    })
    .to_string()
    // Inside a <script>, `</` could end the element.
    .replace("</", "<\\/");
    include_str!("page.html")
        .replace("/*STYLE*/", include_str!("page.css"))
        .replace("/*WORDS*/", &words)
        .replace("/*SCRIPT*/", include_str!("page.js"))
}
