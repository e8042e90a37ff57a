//! A small W3C WebDriver client over one keep-alive HTTP connection.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Session {
    agent: ureq::Agent,
    base: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Value {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => agent.post(url).send_json(body.unwrap_or_else(|| json!({}))),
    };
    let mut response = response.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status();
    let value: Value = response
        .body_mut()
        .read_json()
        .unwrap_or_else(|e| panic!("{method} {url}: unreadable answer: {e}"));
    assert!(status.is_success(), "{method} {url}: {status}: {value}");
    value["value"].clone()
}

impl Session {
    /// Starts the app at `binary` with `args` through tauri-driver at `driver`.
    pub fn start(driver: &str, binary: &Path, args: &[&str]) -> Session {
        Session::with(
            driver,
            json!({"tauri:options": {"application": binary, "args": args}}),
        )
    }

    /// A session with `capabilities`, through the driver at `driver`.
    pub fn with(driver: &str, capabilities: Value) -> Session {
        let agent = agent();
        let capabilities = json!({"capabilities": {"alwaysMatch": capabilities}});
        // tauri-driver may drop the first connection while WebKitWebDriver starts.
        let mut attempts = 0;
        let value = loop {
            attempts += 1;
            let response = agent
                .post(&format!("{driver}/session"))
                .send_json(&capabilities);
            match response {
                Ok(mut response) if response.status().is_success() => {
                    let body: Value = response.body_mut().read_json().expect("a session");
                    break body["value"].clone();
                }
                Ok(mut response) if attempts >= 3 => panic!(
                    "no session: {}: {}",
                    response.status(),
                    response.body_mut().read_to_string().unwrap_or_default()
                ),
                Err(error) if attempts >= 3 => panic!("no session: {error}"),
                _ => std::thread::sleep(Duration::from_secs(1)),
            }
        };
        let id = value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        Session {
            agent,
            base: format!("{driver}/session/{id}"),
        }
    }

    fn get(&self, path: &str) -> Value {
        call(&self.agent, "GET", &format!("{}{path}", self.base), None)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        call(
            &self.agent,
            "POST",
            &format!("{}{path}", self.base),
            Some(body),
        )
    }

    /// The visible text of every element matching a CSS selector.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let elements = self.post(
            "/elements",
            json!({"using": "css selector", "value": selector}),
        );
        elements
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|element| {
                element
                    .as_object()?
                    .values()
                    .next()?
                    .as_str()
                    .map(str::to_owned)
            })
            .map(|id| {
                self.get(&format!("/element/{id}/text"))
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }

    /// The whole page's text, from the DOM (a scene fading in is there already).
    pub fn page_text(&self) -> String {
        let text = self.execute("return document.body.textContent", json!([]));
        text.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until `selector` matches at least one element, then returns their texts.
    pub fn wait_for_texts(&self, selector: &str, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let texts = self.texts(selector);
            if !texts.is_empty() || Instant::now() > deadline {
                return texts;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs `script` (a function body; its arguments are `arguments`) in the
    /// page and returns what it returns.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": args}))
    }

    pub fn navigate(&self, url: &str) {
        self.post("/url", json!({"url": url}));
    }

    /// The page as PNG, as the browser draws it.
    pub fn screenshot(&self, path: &Path) {
        use base64::Engine;
        let encoded = self.get("/screenshot");
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().expect("a screenshot"))
            .expect("base64");
        std::fs::write(path, png).expect("the screenshot is written");
    }

    /// Performs W3C input actions (`{"actions": [...]}`' list); pressed keys
    /// and buttons stay pressed until a later call releases them.
    pub fn perform(&self, actions: Value) {
        self.post("/actions", json!({ "actions": actions }));
    }

    /// The centre of the first element matching `selector`, in CSS pixels of
    /// the viewport.
    pub fn centre_of(&self, selector: &str) -> (f64, f64) {
        let at = self.execute(
            "const e = document.querySelector(arguments[0]); if (!e) return null; \
             e.scrollIntoView({block: 'center', inline: 'center'}); \
             const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
            json!([selector]),
        );
        let at = at
            .as_array()
            .unwrap_or_else(|| panic!("nothing matches {selector}"));
        (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
    }

    /// Presses the mouse at `from` and moves it, in steps, to `to`, without
    /// letting go: [`Session::pointer_up`] drops.
    pub fn pointer_drag_to(&self, from: (f64, f64), to: (f64, f64)) {
        let steps = 12;
        let mut moves = vec![
            json!({"type": "pointerMove", "duration": 0, "x": from.0.round() as i64, "y": from.1.round() as i64}),
            json!({"type": "pointerDown", "button": 0}),
        ];
        for step in 1..=steps {
            let t = f64::from(step) / f64::from(steps);
            moves.push(json!({
                "type": "pointerMove", "duration": 30,
                "x": (from.0 + (to.0 - from.0) * t).round() as i64,
                "y": (from.1 + (to.1 - from.1) * t).round() as i64,
            }));
        }
        self.perform(json!([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": moves}]));
    }

    /// A finger put down at `from`, held for `hold_ms`, slid to `to` over
    /// `slide_ms` and lifted: a swipe when the hold is short, a pick-up and
    /// drag when it is long.
    pub fn touch_slide(&self, from: (f64, f64), to: (f64, f64), hold_ms: u64, slide_ms: u64) {
        let steps: u32 = 10;
        let mut moves = vec![
            json!({"type": "pointerMove", "duration": 0, "x": from.0.round() as i64, "y": from.1.round() as i64}),
            json!({"type": "pointerDown", "button": 0}),
            json!({"type": "pause", "duration": hold_ms}),
        ];
        for step in 1..=steps {
            let t = f64::from(step) / f64::from(steps);
            moves.push(json!({
                "type": "pointerMove", "duration": slide_ms / u64::from(steps),
                "x": (from.0 + (to.0 - from.0) * t).round() as i64,
                "y": (from.1 + (to.1 - from.1) * t).round() as i64,
            }));
        }
        moves.push(json!({"type": "pointerUp", "button": 0}));
        self.perform(json!([{"type": "pointer", "id": "finger", "parameters": {"pointerType": "touch"}, "actions": moves}]));
    }

    /// Chooses the file at `path` in the file input `selector`, as a person
    /// picking it in the dialogue would.
    pub fn choose_file(&self, selector: &str, path: &Path) {
        let element = self.post(
            "/element",
            json!({"using": "css selector", "value": selector}),
        );
        let id = element["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .to_owned();
        self.post(
            &format!("/element/{id}/value"),
            json!({"text": path.display().to_string()}),
        );
    }

    pub fn pointer_up(&self) {
        self.perform(
            json!([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pause", "duration": 100}, {"type": "pointerUp", "button": 0}]}]),
        );
    }

    /// Presses and lets go of `keys` together (e.g. Control and `z`), in order.
    pub fn chord(&self, keys: &[&str]) {
        let mut actions: Vec<Value> = keys
            .iter()
            .map(|k| json!({"type": "keyDown", "value": k}))
            .collect();
        actions.extend(
            keys.iter()
                .rev()
                .map(|k| json!({"type": "keyUp", "value": k})),
        );
        self.perform(json!([{"type": "key", "id": "keyboard", "actions": actions}]));
    }

    /// Runs `script` in the page until it calls its last argument with the answer.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({"script": script, "args": args}))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
    }
}
