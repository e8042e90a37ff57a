// The body of every importer's fuzz target; each names its FORMAT and
// includes this. No input may panic the importer: whatever comes in, a
// programme or an error comes out, and a programme that comes out
// validates and exports.

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
    }
});
