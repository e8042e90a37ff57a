//! Every slides and video link of the seed becomes a QR code that decodes
//! back to the same address; nothing else becomes a code.

use std::path::PathBuf;

use marquee_core::model::LinkKind;
use marquee_core::{ImportOptions, import};
use marquee_media::qr::{QrCache, QrError, qr_code, qr_svg};

fn seed_links() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/containerdays-boston-2016-programme.md");
    let text = std::fs::read_to_string(path).unwrap();
    let programme = import(&text, &ImportOptions::default()).unwrap().programme;
    programme
        .sessions
        .iter()
        .flat_map(|s| &s.links)
        .filter(|l| matches!(l.kind, LinkKind::Slides | LinkKind::Video))
        .map(|l| l.url.clone())
        .collect()
}

fn decode(url: &str) -> String {
    let image = qr_code(url).unwrap().to_image(4);
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one code in the picture");
    grids[0].decode().expect("the code decodes").1
}

#[test]
fn the_seeds_slides_and_videos_decode_to_their_addresses() {
    let links = seed_links();
    assert_eq!(links.len(), 16, "12 slides and 4 videos");
    for url in &links {
        assert_eq!(&decode(url), url);
        let svg = qr_svg(url).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("viewBox"));
    }
}

#[test]
fn only_web_addresses_become_codes_and_each_is_made_once() {
    assert_eq!(
        qr_svg("javascript:alert(1)"),
        Err(QrError::NotWebUrl("javascript:alert(1)".into()))
    );
    assert!(matches!(
        qr_svg("file:///etc/passwd"),
        Err(QrError::NotWebUrl(_))
    ));
    let long = format!("https://example.org/{}", "x".repeat(5000));
    assert!(matches!(qr_svg(&long), Err(QrError::TooLong(_))));
    let mut cache = QrCache::default();
    let first = cache.svg("https://example.org/a").unwrap();
    let again = cache.svg("https://example.org/a").unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    assert_eq!(cache.len(), 1);
}

#[test]
fn the_svg_itself_scans_with_zbarimg() {
    let dir = tempfile::tempdir().unwrap();
    for (i, url) in seed_links().iter().enumerate().take(4) {
        let svg = dir.path().join(format!("{i}.svg"));
        let png = dir.path().join(format!("{i}.png"));
        std::fs::write(&svg, qr_svg(url).unwrap()).unwrap();
        // A fixed size, whatever the SVG says and whichever delegates an
        // image tool happens to have.
        let rasterise = std::process::Command::new("rsvg-convert")
            .args([
                "--width",
                "400",
                "--height",
                "400",
                "--background-color",
                "white",
            ])
            .arg("--output")
            .arg(&png)
            .arg(&svg)
            .status()
            .expect("rsvg-convert runs (apt-get install librsvg2-bin)");
        assert!(rasterise.success());
        let scan = std::process::Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(&png)
            .output()
            .expect("zbarimg runs (apt-get install zbar-tools)");
        assert_eq!(String::from_utf8_lossy(&scan.stdout).trim(), url.as_str());
    }
}
