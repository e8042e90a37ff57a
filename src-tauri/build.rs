fn main() {
    // Declaring the app's commands generates an `allow-<command>` permission for
    // each, so capabilities can grant every window exactly what it uses.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["screen", "painted", "exit"])),
    )
    .expect("the Tauri build step succeeds");
}
