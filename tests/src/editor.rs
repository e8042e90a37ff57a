//! The organiser's editor as a test drives it in a browser: opened with the
//! token in the link's fragment, sessions dragged by their blocks, and the
//! times the hub stored.

use std::time::Duration;

use serde_json::json;

use crate::hub::HubProcess;
use crate::wait_until;
use crate::webdriver::Session;

/// Opens the hub's editor in `editor`, once its timetable is there; the
/// token leaves the address at once.
pub fn open(editor: &Session, hub: &HubProcess) {
    editor.navigate(&hub.url(&format!("/editor#token={}", hub.token())));
    wait_until("the timetable", Duration::from_secs(20), || {
        !editor.texts("[data-session=\"realworld\"]").is_empty()
    });
    let address = editor.execute("return location.href", json!([]));
    assert!(
        !address.as_str().unwrap().contains("token"),
        "the token leaves the address: {address}"
    );
}

/// The point a fraction `down` of the way down the block of session `id`.
pub fn point_in(editor: &Session, id: &str, down: f64) -> (f64, f64) {
    let at = editor.execute(
        "const r = document.querySelector(`[data-session=\"${arguments[0]}\"]`).getBoundingClientRect(); \
         return [r.left + r.width / 2, r.top + r.height * arguments[1]];",
        json!([id, down]),
    );
    (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
}

/// Drags session `id` with the mouse to the point a fraction `down` of the
/// way down the block of session `onto`, without letting go.
pub fn press_and_drag(editor: &Session, id: &str, onto: &str, down: f64) {
    let from = editor.centre_of(&format!("[data-session=\"{id}\"]"));
    let to = point_in(editor, onto, down);
    editor.pointer_drag_to(from, to);
}

/// As [`press_and_drag`], then drops it.
pub fn drag(editor: &Session, id: &str, onto: &str, down: f64) {
    press_and_drag(editor, id, onto, down);
    editor.pointer_up();
}

/// `HH:MM` of a session's start in the hub's store.
pub fn stored_start(hub: &HubProcess, id: &str) -> String {
    hub.session(id)["start"].as_str().unwrap()[11..16].to_owned()
}
