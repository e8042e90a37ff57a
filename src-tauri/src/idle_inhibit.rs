//! Keeps a Wayland session awake while the kiosk's window is shown: an idle
//! inhibitor (the `idle-inhibit-unstable-v1` protocol, which labwc, wayfire,
//! sway and GNOME's mutter implement) on the window's surface, made again
//! whenever the window is mapped, as GTK may give it a new surface then. The
//! compositor lifts it by itself when the window goes. On X11, `awake` turns
//! the screensaver off instead.
//!
//! GTK 3 offers no call for this (its `inhibit` asks GNOME's session manager,
//! which labwc and wayfire sessions do not run), so the window's own Wayland
//! objects are handed to wayland-client, on an event queue of its own.

use std::cell::RefCell;
use std::rc::Rc;

use gtk::glib::translate::ToGlibPtr;
use gtk::prelude::*;
use tauri::{Runtime, WebviewWindow};
use wayland_backend::client::{Backend, ObjectId};
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry::WlRegistry;
use wayland_client::protocol::wl_surface::WlSurface;
use wayland_client::{Connection, Dispatch, EventQueue, Proxy, QueueHandle};
use wayland_protocols::wp::idle_inhibit::zv1::client::zwp_idle_inhibit_manager_v1::ZwpIdleInhibitManagerV1;
use wayland_protocols::wp::idle_inhibit::zv1::client::zwp_idle_inhibitor_v1::ZwpIdleInhibitorV1;

/// Holds the screen awake while `window` is shown, when its display is a
/// Wayland compositor's.
pub fn hold<R: Runtime>(window: &WebviewWindow<R>) {
    let held = window.with_webview(|webview| {
        let Some(toplevel) = webview.inner().toplevel() else {
            return;
        };
        let held: Rc<RefCell<Option<Inhibited>>> = Rc::default();
        let renew = move |widget: &gtk::Widget| {
            let Some(window) = widget.window() else {
                return;
            };
            if let Some(old) = held.borrow_mut().take() {
                old.release();
            }
            *held.borrow_mut() = inhibit(&window);
        };
        if toplevel.is_mapped() {
            renew(&toplevel);
        }
        toplevel.connect_map(renew);
    });
    if let Err(error) = held {
        tracing::warn!("cannot reach the window to keep the screen awake: {error}");
    }
}

/// An idle inhibitor with the connection and queue it was made on, which
/// must live as long as it does.
struct Inhibited {
    inhibitor: ZwpIdleInhibitorV1,
    manager: ZwpIdleInhibitManagerV1,
    connection: Connection,
    _queue: EventQueue<Quiet>,
}

impl Inhibited {
    /// Tells the compositor the screen may sleep again.
    fn release(self) {
        self.inhibitor.destroy();
        self.manager.destroy();
        let _ = self.connection.flush();
    }
}

/// An idle inhibitor on `window`'s surface; none on X11 or when the
/// compositor has no such protocol.
fn inhibit(window: &gtk::gdk::Window) -> Option<Inhibited> {
    let display = window.display();
    if display.type_().name() != "GdkWaylandDisplay" {
        return None;
    }
    // SAFETY: the display is GDK's Wayland display (checked above) and the
    // window one of its windows, so both calls are defined and give the live
    // `wl_display` and `wl_surface` GDK owns; they outlive this connection's
    // use of them, which only sends requests on its own queue.
    let (wl_display, wl_surface) = unsafe {
        let display: *mut gtk::gdk::ffi::GdkDisplay = display.to_glib_none().0;
        let window: *mut gtk::gdk::ffi::GdkWindow = window.to_glib_none().0;
        (
            gdk_wayland_sys::gdk_wayland_display_get_wl_display(display.cast()),
            gdk_wayland_sys::gdk_wayland_window_get_wl_surface(window.cast()),
        )
    };
    if wl_display.is_null() || wl_surface.is_null() {
        return None;
    }
    // SAFETY: `wl_display` is the live display GDK connected with (above).
    let backend = unsafe { Backend::from_foreign_display(wl_display.cast()) };
    let connection = Connection::from_backend(backend);
    let (globals, mut queue) = registry_queue_init::<Quiet>(&connection).ok()?;
    let handle = queue.handle();
    let Ok(manager) = globals.bind::<ZwpIdleInhibitManagerV1, _, _>(&handle, 1..=1, ()) else {
        tracing::warn!(
            "the compositor cannot be asked to keep the screen awake (no idle-inhibit protocol): turn blanking off in the session's settings"
        );
        return None;
    };
    // SAFETY: `wl_surface` is the live surface of GDK's window (above).
    let id = unsafe { ObjectId::from_ptr(WlSurface::interface(), wl_surface.cast()) }.ok()?;
    let surface = WlSurface::from_id(&connection, id).ok()?;
    let inhibitor = manager.create_inhibitor(&surface, &handle, ());
    queue.roundtrip(&mut Quiet).ok()?;
    tracing::info!("the compositor keeps the screen awake while the kiosk is shown");
    Some(Inhibited {
        inhibitor,
        manager,
        connection,
        _queue: queue,
    })
}

/// The events of these objects, none of which needs an answer.
struct Quiet;

impl Dispatch<WlRegistry, GlobalListContents> for Quiet {
    fn event(
        _: &mut Self,
        _: &WlRegistry,
        _: <WlRegistry as Proxy>::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

// Neither has events.
wayland_client::delegate_noop!(Quiet: ZwpIdleInhibitManagerV1);
wayland_client::delegate_noop!(Quiet: ZwpIdleInhibitorV1);
