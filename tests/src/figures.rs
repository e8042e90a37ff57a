//! Figures for `make bench`: percentiles of timings, and when a page drew
//! a change, on the page's own clock, to compare with the instant a change
//! was sent (both in ms since the Unix epoch, on one machine).

use std::time::Duration;

use serde_json::json;

use crate::webdriver::Session;

pub fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(time: Duration) -> String {
    format!("{:.0} ms", time.as_secs_f64() * 1000.0)
}

/// Now, in milliseconds since the Unix epoch, as a page's clock gives it.
pub fn epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

/// Has the page note, on its own clock, when the first frame after the text
/// of `selector` (the whole page when empty) stops being what it is now has
/// been drawn: a message posted from that frame arrives after its paint.
pub fn arm(page: &Session, selector: &str) {
    page.execute(
        "const pick = () => (arguments[0] ? document.querySelector(arguments[0]) : document.body)?.textContent ?? ''; \
         const was = pick(); window.__changed = null; \
         const watch = new MutationObserver(() => { \
           if (pick() === was) return; \
           watch.disconnect(); \
           requestAnimationFrame(() => { \
             const after = new MessageChannel(); \
             after.port1.onmessage = () => { window.__changed = performance.timeOrigin + performance.now(); }; \
             after.port2.postMessage(null); \
           }); \
         }); \
         watch.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});",
        json!([selector]),
    );
}

/// From the drop to `at`, both in ms since the Unix epoch.
pub fn since(dropped: f64, at: f64, what: &str) -> Duration {
    assert!(
        at >= dropped,
        "{what} changed {:.1} ms before the drop: something else changed it",
        dropped - at
    );
    Duration::from_secs_f64((at - dropped) / 1000.0)
}

pub fn changed_at(page: &Session) -> f64 {
    loop {
        if let Some(at) = page.execute("return window.__changed", json!([])).as_f64() {
            return at;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
