//! `fokus serve`: the API answers as the CLI does, refuses bad requests with a clear 4xx,
//! survives random bodies, cancels a page's older run, listens on loopback only, and the
//! page — driven in headless Chromium — shows the numbers `fokus run` gives for the
//! scenario it saves.

use super::{cdp, fokus, stdout_of};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A `fokus serve` on a free port, ended when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fokus"))
            .args(["serve", "--port", "0", "--threads", "2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            if let Some(at) = line.find("http://") {
                let rest = &line[at + "http://".len()..];
                let url = rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/');
                break url.parse().unwrap();
            }
        };
        Server { child, address }
    }

    /// One request (HTTP/1.0: the answer is the rest of the stream): status and body.
    fn request(&self, method: &str, path: &str, body: &str, headers: &[&str]) -> (u16, String) {
        let mut stream = TcpStream::connect(self.address).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.address,
            body.len()
        );
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        // A refused body may be answered before it is all sent.
        drop(stream.write_all(body.as_bytes()));
        let mut answer = Vec::new();
        drop(stream.read_to_end(&mut answer));
        let answer = String::from_utf8(answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    fn post(&self, path: &str, body: &str) -> (u16, String) {
        self.request("POST", path, body, &["Content-Type: application/json"])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

/// A run's JSON without what may differ between two runs of the same numbers: the wall
/// time and the scenario as given (a file name, or the built-in name).
fn numbers(mut v: Value) -> Value {
    let map = v.as_object_mut().unwrap();
    map.remove("timing");
    map["audit"].as_object_mut().unwrap().remove("scenario");
    v
}

fn cli_run(scenario: &Path, replications: u64, seed: u64) -> Value {
    let out = stdout_of(
        fokus()
            .arg("run")
            .arg(scenario)
            .args(["-n", &replications.to_string(), "--seed", &seed.to_string()])
            .args(["--format", "json", "--threads", "2"]),
    );
    serde_json::from_slice(&out).unwrap()
}

fn shipped(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

#[test]
fn the_api_runs_as_the_cli_does() {
    let server = Server::start();
    let (status, body) = server.post(
        "/api/run",
        r#"{"scenario": "copenhagen-2025", "replications": 20, "seed": 7}"#,
    );
    assert_eq!(status, 200, "{body}");
    let api: Value = serde_json::from_str(&body).unwrap();
    let cli = cli_run(&shipped("copenhagen-2025.json"), 20, 7);
    assert_eq!(numbers(api), numbers(cli));

    let (status, body) = server.request("GET", "/api/scenarios", "", &[]);
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&body).unwrap();
    let plan = list["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "recovery-plan")
        .expect("the built-in recovery plan is served");
    assert!(!plan["initiatives"].as_array().unwrap().is_empty());
    let lever = &plan["levers"][0];
    assert_eq!(lever["parameter"], "initiatives[0].offers_per_month");
    let (low, high, value) = (
        lever["low"].as_f64().unwrap(),
        lever["high"].as_f64().unwrap(),
        lever["value"].as_f64().unwrap(),
    );
    assert!(low < high && (low..=high).contains(&value), "{lever}");
}

#[test]
fn bad_requests_get_a_clear_4xx() {
    let server = Server::start();
    let cases: &[(&str, u16, &str)] = &[
        (r#"{"scenario": "oslo"}"#, 400, "not a loaded scenario"),
        (
            r#"{"scenario": "recovery-plan", "set": {"groups.nowhere.offer_rate": 0.1}, "replications": 2}"#,
            400,
            "no field \\\"nowhere\\\"",
        ),
        (
            r#"{"scenario": "recovery-plan", "set": {"initiatives[0].offers_per_month": -5}, "replications": 2}"#,
            400,
            "initiatives[0].offers_per_month",
        ),
        (
            r#"{"scenario": "recovery-plan", "off": [7], "replications": 2}"#,
            400,
            "no initiative 7",
        ),
        (
            r#"{"scenario": "copenhagen-2025", "replications": 1000000000}"#,
            400,
            "replications",
        ),
        (
            r#"{"scenario": "copenhagen-2025", "replications": 0}"#,
            400,
            "replications",
        ),
        (r#"{"scenario": "#, 400, "request"),
        (
            r#"{"scenario": "copenhagen-2025", "sett": {}}"#,
            400,
            "sett",
        ),
        (r#"{"scenario": "a", "scenario": "b"}"#, 400, "scenario"),
        (r#"[1, 2]"#, 400, "request"),
    ];
    for (body, status, needle) in cases {
        let (got, answer) = server.post("/api/run?lang=en", body);
        assert_eq!(got, *status, "{body}: {answer}");
        let message: Value = serde_json::from_str(&answer).unwrap();
        let message = message["error"].to_string();
        assert!(message.contains(needle), "{body}: {message}");
    }
    // An error comes in the request's language: Danish unless `?lang=en`, as the CLI.
    let unknown = r#"{"scenario": "copenhagen-2025", "sett": {}}"#;
    let (_, danish) = server.post("/api/run", unknown);
    assert!(danish.contains("ukendt felt `sett`"), "{danish}");
    let (_, english) = server.post("/api/run?lang=en", unknown);
    assert!(english.contains("unknown field `sett`"), "{english}");
    let huge = format!(r#"{{"scenario": "{}"}}"#, "x".repeat(70_000));
    let (status, answer) = server.post("/api/run?lang=en", &huge);
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("larger than 65536 bytes"), "{answer}");
    // What the server itself says is Danish where it is said, no English word in it.
    let danish_answers = [
        (
            server.post("/api/run", r#"{"scenario": "oslo"}"#),
            "\"oslo\" er ikke et indlæst scenarie (forventede et af: ",
        ),
        (
            server.post(
                "/api/run",
                r#"{"scenario": "copenhagen-2025", "replications": 0}"#,
            ),
            "request: replications: 0 er ikke et antal kørsler, serveren udfører (forventede 1 til ",
        ),
        (
            server.post("/api/run", &huge),
            "indholdet er større end 65536 byte",
        ),
        (
            server.request("POST", "/api/run", "{}", &["Content-Type: text/plain"]),
            "indholdet skal være JSON (Content-Type: application/json)",
        ),
        (
            server.request("GET", "/api/run", "", &[]),
            "/api/run tager ikke imod GET",
        ),
        (
            server.request("GET", "/etc/passwd", "", &[]),
            "/etc/passwd findes ikke (API'et ligger under /api/)",
        ),
    ];
    for ((_, answer), danish) in danish_answers {
        let message: Value = serde_json::from_str(&answer).unwrap();
        let message = message["error"].as_str().unwrap().to_string();
        assert!(message.contains(danish), "{message}");
        for word in [
            "is not", "expected", "the ", "larger", "body", "does not", "there is",
        ] {
            assert!(!message.contains(word), "English {word:?} in {message}");
        }
    }
    let (status, answer) = server.request("POST", "/api/run", "{}", &["Content-Type: text/plain"]);
    assert_eq!(status, 415, "{answer}");
    let (status, _) = server.request("GET", "/etc/passwd", "", &[]);
    assert_eq!(status, 404);
    let (status, _) = server.request("GET", "/api/run", "", &[]);
    assert_eq!(status, 405);
    // A name that points to 127.0.0.1 from another site is refused (DNS rebinding).
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream
        .write_all(b"GET /api/scenarios HTTP/1.0\r\nHost: evil.example\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.0 403") || answer.starts_with("HTTP/1.1 403"),
        "{answer}"
    );
    // Still serving.
    assert_eq!(server.request("GET", "/api/scenarios", "", &[]).0, 200);
}

/// The server's listening socket is bound to 127.0.0.1 and nothing else (IPv4 and IPv6
/// tables of the kernel).
#[test]
fn the_server_listens_on_loopback_only() {
    let server = Server::start();
    assert!(server.address.ip().is_loopback(), "{}", server.address);
    let port = format!("{:04X}", server.address.port());
    let listening: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|t| std::fs::read_to_string(t).ok())
        .flat_map(|t| t.lines().skip(1).map(str::to_string).collect::<Vec<_>>())
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 3 && f[3] == "0A" && f[1].ends_with(&format!(":{port}"))
        })
        .collect();
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert!(
        listening[0].split_whitespace().nth(1).unwrap() == format!("0100007F:{port}"),
        "{listening:?}"
    );
}

/// A newer request from the same page stops the older run: the older is answered 409,
/// the newer gets its numbers.
#[test]
fn a_newer_request_from_the_page_cancels_the_older() {
    let server = Server::start();
    std::thread::scope(|s| {
        let older = s.spawn(|| {
            server.post(
                "/api/run",
                r#"{"scenario": "copenhagen-2025", "replications": 20000, "page": "p1"}"#,
            )
        });
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let newer = server.post(
            "/api/run",
            r#"{"scenario": "copenhagen-2025", "replications": 5, "page": "p1"}"#,
        );
        assert_eq!(newer.0, 200, "{}", newer.1);
        let (status, body) = older.join().unwrap();
        assert_eq!(status, 409, "{body}");
        assert!(body.contains("afbrudt"), "{body}");
    });
}

fn random_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z\\[\\]0-9._-]{0,20}".prop_map(Value::from),
        prop::collection::vec(0u64..20, 0..4).prop_map(|v| json!(v)),
        prop::collection::btree_map(
            prop_oneof![
                Just("initiatives[0].offers_per_month".to_string()),
                Just("initiatives[1].start".to_string()),
                Just("groups.kontanthjaelp.offer_rate".to_string()),
                "[a-z.\\[\\]0-9]{0,16}",
            ],
            prop_oneof![
                any::<f64>().prop_map(|f| json!(f)),
                Just(json!("2025-06")),
                Just(json!(null))
            ],
            0..3
        )
        .prop_map(|m| json!(m)),
    ]
}

fn random_body() -> impl Strategy<Value = String> {
    prop_oneof![
        // Any text.
        ".{0,200}",
        // Objects of the request's keys (and others) with values of any type; when a
        // run would be valid, it is a short one.
        prop::collection::btree_map(
            prop_oneof![
                Just("scenario".to_string()),
                Just("set".to_string()),
                Just("off".to_string()),
                Just("seed".to_string()),
                Just("page".to_string()),
                "[a-z]{1,6}",
            ],
            prop_oneof![
                Just(json!("copenhagen-2025")),
                Just(json!("recovery-plan")),
                random_value()
            ],
            0..5,
        )
        .prop_map(|mut m| {
            m.insert("replications".to_string(), json!(2));
            json!(m).to_string()
        }),
    ]
}

/// No body makes the server fail: every answer is a run or a 4xx with a message, and
/// the server answers the next request. One server for every case, ended (killed) with
/// the test: a server in a static would outlive the test process.
#[test]
fn random_bodies_get_an_answer() {
    let server = Server::start();
    let config = ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    };
    let bodies = prop::collection::vec(random_body(), 1..4);
    proptest::test_runner::TestRunner::new(config)
        .run(&bodies, |bodies| {
            for body in bodies {
                let (status, answer) = server.post("/api/run", &body);
                prop_assert!(
                    matches!(status, 200 | 400 | 413),
                    "{}: {} {}",
                    body,
                    status,
                    answer
                );
                let v: Value = serde_json::from_str(&answer).unwrap();
                if status != 200 {
                    prop_assert!(
                        v["error"].as_str().is_some_and(|m| !m.is_empty()),
                        "{}",
                        answer
                    );
                }
            }
            prop_assert_eq!(server.request("GET", "/api/scenarios", "", &[]).0, 200);
            Ok(())
        })
        .unwrap();
}

/// The page in headless Chromium, used as a person uses it: a mouse click on the
/// production-steering lever's slider and on the absence follow-up's check box. Once the
/// page has updated, its P(goal), year mean and chart are those `fokus run` gives for the
/// scenario the API saves for the settings the page now shows.
#[test]
fn the_page_updates_and_agrees_with_the_cli() {
    let Some(chromium) = cdp::chromium() else {
        println!("note: /usr/bin/chromium is absent; the browser check is skipped");
        return;
    };
    let server = Server::start();
    let mut page = cdp::Browser::start(chromium, 1366, 900);
    // The fragment only chooses the scenario and a small run; the controls are clicked.
    page.open(&format!(
        "http://{}/#alt=recovery-plan&n=40&seed=7",
        server.address
    ));
    let limit = std::time::Duration::from_secs(120);
    let answer = |page: &mut cdp::Browser, key: &str| -> String {
        let value = page.eval(&format!("document.getElementById('answer').dataset.{key}"));
        value.as_str().unwrap_or_default().to_string()
    };
    let settled_after = |page: &mut cdp::Browser, sha256: &str| {
        page.wait_for(
            &format!(
                "(a => a !== null && a.dataset.state === 'done' && a.dataset.sha256 !== '{sha256}')\
                 (document.getElementById('answer'))"
            ),
            limit,
        );
    };
    settled_after(&mut page, "");
    let untouched = (answer(&mut page, "sha256"), page.eval(MEANS));

    let lever = r#"input[data-parameter="initiatives[0].offers_per_month"]"#;
    let before: f64 = page
        .eval(&format!("Number(document.querySelector({lever:?}).value)"))
        .as_f64()
        .unwrap();
    page.click(lever, 0.8);
    settled_after(&mut page, &untouched.0);
    let lever_value = page
        .eval(&format!("Number(document.querySelector({lever:?}).value)"))
        .as_f64()
        .unwrap();
    assert_ne!(lever_value, before, "the click moved the slider");
    let moved = answer(&mut page, "sha256");
    page.click("#on-1", 0.5);
    settled_after(&mut page, &moved);
    assert_eq!(
        page.eval("document.getElementById('on-1').checked"),
        json!(false)
    );
    assert_ne!(page.eval(MEANS), untouched.1, "the chart was redrawn");

    let request = json!({
        "scenario": "recovery-plan",
        "set": {"initiatives[0].offers_per_month": lever_value as u64},
        "off": [1],
    });
    let (status, saved) = server.post("/api/scenario", &request.to_string());
    assert_eq!(status, 200, "{saved}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saved.json");
    std::fs::write(&file, saved).unwrap();
    let cli = cli_run(&file, 40, 7);
    assert_eq!(
        cli["audit"]["scenario_sha256"].as_str().unwrap(),
        answer(&mut page, "sha256")
    );
    let p: f64 = answer(&mut page, "pGoal").parse().unwrap();
    assert_eq!(p, cli["p_target_met"].as_f64().unwrap());
    let mean: f64 = answer(&mut page, "yearMean").parse().unwrap();
    assert_eq!(mean, cli["year_mean_pct"]["mean"].as_f64().unwrap());
    let chart: Vec<f64> = page
        .eval(MEANS)
        .as_str()
        .unwrap()
        .split(' ')
        .map(|m| m.parse().unwrap())
        .collect();
    let months: Vec<f64> = cli["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["total"]["mean"].as_f64().unwrap())
        .collect();
    assert_eq!(chart, months);
    // The chart is an image with a title.
    assert_eq!(
        page.eval("document.querySelector('svg[data-means]').getAttribute('role')"),
        json!("img")
    );
    assert_eq!(
        page.eval("document.getElementById('fan-title') !== null"),
        json!(true)
    );
}

/// On a phone (390 px) the page has no horizontal scroll and no text smaller than 9 px,
/// once its answer is drawn.
#[test]
fn the_page_fits_a_phone() {
    let Some(chromium) = cdp::chromium() else {
        println!("note: /usr/bin/chromium is absent; the browser check is skipped");
        return;
    };
    let server = Server::start();
    let mut page = cdp::Browser::start(chromium, 390, 844);
    page.open(&format!("http://{}/#n=20&seed=7", server.address));
    page.wait_for(
        "(a => a !== null && a.dataset.state === 'done')(document.getElementById('answer'))",
        std::time::Duration::from_secs(120),
    );
    let overflow =
        page.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assert_eq!(overflow, json!(0), "the page scrolls sideways on a phone");
    // The smallest text a person sees: every element with its own text, at its rendered
    // size (an SVG's text scaled with the drawing).
    let smallest = page.eval(
        "Math.min(...[...document.querySelectorAll('body *')]
           .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
           .filter(e => e.getClientRects().length > 0)
           .map(e => e instanceof SVGTextElement
             ? e.getBoundingClientRect().height
             : parseFloat(getComputedStyle(e).fontSize)))",
    );
    assert!(
        smallest.as_f64().unwrap() >= 9.0,
        "text of {smallest} px on a phone"
    );
}

/// The months the page's chart draws (the alternative's mean per month).
const MEANS: &str = "document.querySelector('svg[data-means]').dataset.means";

/// With no scenario, `fokus run` runs the built-in Copenhagen scenario, says so, and
/// gives the numbers (and the hash) of the shipped file.
#[test]
fn run_without_a_scenario_uses_the_built_in_one_and_says_so() {
    let out = fokus()
        .args([
            "run",
            "-n",
            "3",
            "--seed",
            "7",
            "--format",
            "json",
            "--threads",
            "2",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(
        note.contains("indbyggede scenarie copenhagen-2025.json"),
        "{note}"
    );
    let built_in: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        built_in["audit"]["scenario"],
        "copenhagen-2025.json (built-in)"
    );
    let file = cli_run(&shipped("copenhagen-2025.json"), 3, 7);
    assert_eq!(numbers(built_in), numbers(file));
}

/// `fokus scenarios export` writes the shipped files byte for byte, and a second export
/// into the same folder is refused without --force.
#[test]
fn the_built_in_files_are_exported_and_not_overwritten_without_force() {
    let listed = fokus().arg("scenarios").output().unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("scenarios");
    fokus()
        .args(["scenarios", "export"])
        .arg(&target)
        .assert()
        .success();
    let mut exported = 0;
    for entry in std::fs::read_dir(shipped("")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        assert!(listed.contains(&name), "{name} is listed: {listed}");
        let copy = std::fs::read(target.join(&name)).unwrap();
        assert_eq!(copy, std::fs::read(&path).unwrap(), "{name}");
        exported += 1;
    }
    assert!(exported >= 7);
    fokus()
        .args(["scenarios", "export"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    fokus()
        .args(["scenarios", "export", "--force"])
        .arg(&target)
        .assert()
        .success();
}
