//! One kiosk per screen: a second `marquee kiosk` with the same screen
//! name brings the first one's window to the front and exits, so that a
//! double start (autostart and the systemd unit, a technician's second try)
//! never stacks two windows. Built on Tauri's single-instance plugin, which
//! meets the first instance on the D-Bus session bus; the screen's name is
//! part of the bus name, so screens of one machine each run their own.
//! Without a session bus each kiosk runs on its own.

use tauri::plugin::TauriPlugin;
use tauri::{Manager, Runtime};

use crate::DISPLAY_WINDOW;

/// The plugin for the screen called `name`; register it before any window.
pub fn plugin<R: Runtime>(name: &str) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(name))
        .callback(|app, _args, _cwd| {
            tracing::info!("another kiosk for this screen was started: this one stays in front");
            if let Some(window) = app.get_webview_window(DISPLAY_WINDOW) {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        })
        .build()
}

/// A D-Bus name for screen `name`: its letters and digits, for a person
/// reading the bus, and a hash of the whole name, so that names differing
/// only in other characters stay apart. D-Bus allows letters, digits and
/// `_` in an element, 255 characters in all.
fn dbus_id(name: &str) -> String {
    let readable: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(120)
        .collect();
    format!(
        "org.marquee.Kiosk.s_{readable}_{:016x}",
        fnv1a(name.as_bytes())
    )
}

/// FNV-1a: a hash that is the same in every build, which std's is not.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_name_gives_a_d_bus_name_of_its_own() {
        let names = [
            "foyer",
            "foyer-1",
            "foyer_1",
            "Café 2",
            "",
            &"x".repeat(400),
        ];
        let ids: std::collections::BTreeSet<String> = names.iter().map(|n| dbus_id(n)).collect();
        assert_eq!(ids.len(), names.len());
        for id in &ids {
            // With the plugin's ".SingleInstance", within D-Bus's 255.
            assert!(id.len() + ".SingleInstance".len() <= 255, "{id}");
            for element in id.split('.') {
                assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
                assert!(
                    element
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{id}"
                );
            }
        }
        assert_eq!(dbus_id("foyer"), dbus_id("foyer"));
    }
}
