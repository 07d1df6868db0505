//! A headless Chromium driven over the DevTools protocol, so a test can use a page as a
//! person does: real mouse clicks and key presses at the element's place on the screen,
//! not events the test makes up in the page's own script.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// How every browser test starts Chromium: headless, with a fresh profile given by the
/// caller, and nothing that reaches the network or the desktop.
pub(crate) const HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Where Debian's Chromium package, which `.ci/run` installs, puts the browser.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

/// The system Chromium that `.ci/run` installs, or `None` (the browser checks then say
/// that they were skipped).
pub(crate) fn chromium() -> Option<&'static Path> {
    let path = Path::new(CHROMIUM);
    path.exists().then_some(path)
}

/// One browser with one page, attached over the protocol; killed when dropped.
pub(crate) struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A browser whose page is `width` × `height` CSS pixels (a phone below 600).
    pub(crate) fn start(chromium: &Path, width: u32, height: u32) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args(HEADLESS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("chromium prints its DevTools address")
                .unwrap();
            if let Some(at) = line.find("ws://") {
                break line[at..].trim().to_string();
            }
        };
        // Chromium keeps logging; a full pipe would stall it.
        std::thread::spawn(move || lines.for_each(drop));
        let host = url["ws://".len()..].split('/').next().unwrap().to_string();
        let stream = TcpStream::connect(host).unwrap();
        let (socket, _) = tungstenite::client(url.as_str(), stream).unwrap();
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
        browser
    }

    /// One protocol command on the page (or the browser before a page is attached); its
    /// result, events that arrive meanwhile are passed over.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            command["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(command.to_string()))
            .unwrap();
        loop {
            let Message::Text(text) = self.socket.read().unwrap() else {
                continue;
            };
            let answer: Value = serde_json::from_str(&text).unwrap();
            if answer["id"] == json!(id) {
                assert!(answer["error"].is_null(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    pub(crate) fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
    }

    /// The value of a script expression (awaited if it is a promise).
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result["exceptionDetails"].is_null(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true (at most `limit`), then returns.
    pub(crate) fn wait_for(&mut self, expression: &str, limit: Duration) {
        let start = Instant::now();
        while self.eval(expression) != json!(true) {
            assert!(
                start.elapsed() < limit,
                "still not true after {limit:?}: {expression}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A left click at a point of the element `selector` (`fraction` of its width from
    /// the left, at half its height), scrolled into view first.
    pub(crate) fn click(&mut self, selector: &str, fraction: f64) {
        let rect = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             return [r.left, r.top, r.width, r.height]; }})()"
        ));
        let number = |k: usize| rect[k].as_f64().unwrap();
        let (x, y) = (
            number(0) + fraction * number(2),
            number(1) + number(3) / 2.0,
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}
