// The body of every importer's fuzz target; each names its FORMAT and
// includes this. No input may panic the importer: whatever comes in, a
// programme or an error comes out, and a programme that comes out
// validates, exports, and is shown: the engine's snapshot at its first
// session, at each announcement's start and with an emergency message.

use libfuzzer_sys::fuzz_target;
use marquee_core::ImportOptions;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = ImportOptions {
        format: Some(FORMAT),
        ..ImportOptions::default()
    };
    if let Ok(imported) = marquee_core::import(text, &options) {
        marquee_core::validate(&imported.programme);
        for format in marquee_core::export::ExportFormat::ALL {
            marquee_core::export::export(&imported.programme, format);
        }
        let programme = std::sync::Arc::new(imported.programme);
        let engine = marquee_core::timeline::Engine::new(programme.clone(), Default::default());
        let instants = programme
            .sessions
            .iter()
            .map(|s| s.start)
            .chain(programme.announcements.iter().filter_map(|a| a.from))
            .take(8);
        for at in instants {
            let at = at.to_utc();
            let moment = engine.state_at(&at);
            marquee_core::timeline::snapshot(&engine, &moment, &at);
            engine.next_change_after(&at);
        }
    }
});
