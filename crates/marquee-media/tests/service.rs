//! The photo service: a placeholder at once, the photo once fetched, the
//! cache used offline, failures retried further apart, and the seed's
//! twenty people each with a photo or a placeholder.

use std::io::Cursor;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use image::{ImageFormat, Rgb, RgbImage};
use marquee_core::model::{MediaSource, Speaker, SpeakerId};
use marquee_core::{ImportOptions, import};
use marquee_media::service::{FetchPolicy, PhotoService, Portrait};
use marquee_tests::http::{Answer, Server};

fn png() -> Vec<u8> {
    png_of(Rgb([200, 120, 40]))
}

fn png_of(colour: Rgb<u8>) -> Vec<u8> {
    let mut bytes = Vec::new();
    RgbImage::from_pixel(64, 80, colour)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// The colour in the middle of a cached picture.
fn colour_of(path: &std::path::Path) -> [u8; 3] {
    image::open(path).unwrap().to_rgb8().get_pixel(64, 64).0
}

/// The same colour, give or take what JPEG makes of it.
fn near(one: [u8; 3], other: [u8; 3]) -> bool {
    one.iter().zip(other).all(|(a, b)| a.abs_diff(b) < 8)
}

/// Waits up to five seconds for `speaker`'s photo to be `colour`.
fn wait_for_colour(service: &PhotoService, speaker: &Speaker, colour: [u8; 3]) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Portrait::Photo(path) = service.portrait(speaker, 128)
            && near(colour_of(&path), colour)
        {
            return path;
        }
        assert!(
            Instant::now() < deadline,
            "the photo never became {colour:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn person(name: &str, photo: &str) -> Speaker {
    Speaker {
        id: SpeakerId(name.to_lowercase()),
        name: name.to_owned(),
        affiliation: None,
        bio: String::new(),
        photo: Some(MediaSource(photo.to_owned())),
        socials: Vec::new(),
    }
}

fn quick() -> FetchPolicy {
    FetchPolicy {
        timeout: Duration::from_secs(2),
        first_retry: Duration::from_millis(200),
        longest_retry: Duration::from_secs(1),
        ..FetchPolicy::default()
    }
}

/// Asks until the answer is a photo, for at most five seconds.
fn wait_for_photo(service: &PhotoService, speaker: &Speaker) -> Portrait {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let portrait = service.portrait(speaker, 128);
        if matches!(portrait, Portrait::Photo(_)) || Instant::now() > deadline {
            return portrait;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the service has a reason why `speaker`'s photo failed, for at most five seconds.
fn wait_for_failure(service: &PhotoService, speaker: &Speaker) -> Option<String> {
    let source = speaker.photo.as_ref().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while service.failure(source, 128).is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    service.failure(source, 128)
}

#[test]
fn a_remote_photo_is_a_placeholder_first_then_cached_for_good() {
    let server = Server::start(Answer::Respond(200, png()));
    let dir = tempfile::tempdir().unwrap();
    let ann = person("Ann Lee", &server.url("/ann.png"));
    let service = PhotoService::start(dir.path().join("cache"), dir.path(), quick());
    match service.portrait(&ann, 128) {
        Portrait::Placeholder(p) => assert_eq!(p.initials, "AL"),
        other => panic!("{other:?}"),
    }
    let Portrait::Photo(path) = wait_for_photo(&service, &ann) else {
        panic!("never fetched")
    };
    assert_eq!(image::image_dimensions(&path).unwrap(), (128, 128));
    drop(server);
    // A new start, offline: the cached photo, at once.
    let offline = PhotoService::start(
        dir.path().join("cache"),
        dir.path(),
        FetchPolicy {
            remote: false,
            ..quick()
        },
    );
    assert_eq!(offline.portrait(&ann, 128), Portrait::Photo(path));
}

#[test]
fn failures_keep_the_placeholder_and_are_retried_later() {
    let server = Server::start(Answer::Respond(404, b"gone".to_vec()));
    let dir = tempfile::tempdir().unwrap();
    let bo = person("Bo", &server.url("/bo.png"));
    let service = PhotoService::start(dir.path().join("cache"), dir.path(), quick());
    assert!(matches!(
        service.portrait(&bo, 128),
        Portrait::Placeholder(_)
    ));
    assert_eq!(
        wait_for_failure(&service, &bo).as_deref(),
        Some("the server answered 404 Not Found")
    );
    assert_eq!(quick().retry_after(1), Duration::from_millis(200));
    assert_eq!(quick().retry_after(3), Duration::from_millis(800));
    assert_eq!(quick().retry_after(10), Duration::from_secs(1));
}

#[test]
fn bad_images_and_escaping_paths_are_refused_with_a_reason() {
    let server = Server::start(Answer::Respond(200, b"<html>not a photo</html>".to_vec()));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("photos")).unwrap();
    std::fs::write(dir.path().join("photos/cy.png"), png()).unwrap();
    std::fs::write(dir.path().join("secret.png"), png()).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.png"),
        dir.path().join("photos/link.png"),
    )
    .unwrap();
    let data = dir.path().join("photos");
    let service = PhotoService::start(dir.path().join("cache"), &data, quick());

    let cy = person("Cy", "data/cy.png");
    assert!(
        matches!(wait_for_photo(&service, &cy), Portrait::Photo(_)),
        "a photo under data/"
    );
    let html = person("Di", &server.url("/di.png"));
    let link = person("Ed", "data/../secret.png");
    let sneaky = person("Fay", "data/link.png");
    for speaker in [&html, &link, &sneaky] {
        let _ = service.portrait(speaker, 128);
        assert!(
            wait_for_failure(&service, speaker).is_some(),
            "{} has a reason",
            speaker.name
        );
        assert!(
            matches!(service.portrait(speaker, 128), Portrait::Placeholder(_)),
            "{}",
            speaker.name
        );
    }
    assert_eq!(
        service
            .failure(html.photo.as_ref().unwrap(), 128)
            .as_deref(),
        Some("this is not a JPEG, PNG or WebP picture")
    );
}

#[test]
fn the_seeds_people_each_have_a_photo_or_a_placeholder() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/containerdays-boston-2016-programme.md");
    let programme = import(
        &std::fs::read_to_string(path).unwrap(),
        &ImportOptions::default(),
    )
    .unwrap()
    .programme;
    let dir = tempfile::tempdir().unwrap();
    // No network here: every remote photo waits as a placeholder.
    let service = PhotoService::start(
        dir.path().join("cache"),
        dir.path(),
        FetchPolicy {
            remote: false,
            ..quick()
        },
    );
    let portraits: Vec<Portrait> = programme
        .speakers
        .iter()
        .map(|s| service.portrait(s, 256))
        .collect();
    assert_eq!(portraits.len(), 20);
    let initials: Vec<String> = portraits
        .iter()
        .map(|p| match p {
            Portrait::Placeholder(p) => p.initials.clone(),
            Portrait::Photo(_) => "photo".to_owned(),
        })
        .collect();
    assert!(initials.iter().all(|i| i.len() == 2), "{initials:?}");
}

#[test]
fn a_photo_file_replaced_at_the_same_path_shows_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gil.png"), png_of(Rgb([200, 30, 30]))).unwrap();
    let gil = person("Gil", "data/gil.png");
    let service = PhotoService::start(dir.path().join("cache"), dir.path(), quick());
    let red = wait_for_colour(&service, &gil, [200, 30, 30]);
    // A different picture, written later: another size and modification time.
    std::thread::sleep(Duration::from_millis(20));
    let mut blue = png_of(Rgb([30, 30, 200]));
    blue.extend_from_slice(&[0; 16]);
    std::fs::write(dir.path().join("gil.png"), blue).unwrap();
    let new = wait_for_colour(&service, &gil, [30, 30, 200]);
    assert_ne!(red, new);
}

#[test]
fn a_downloaded_photo_is_checked_for_a_newer_version_while_the_old_one_shows() {
    let server = Server::start(Answer::Versioned {
        etag: "\"v1\"".to_owned(),
        body: png_of(Rgb([200, 30, 30])),
    });
    let dir = tempfile::tempdir().unwrap();
    let hal = person("Hal", &server.url("/hal.png"));
    let first = PhotoService::start(dir.path().join("cache"), dir.path(), quick());
    wait_for_colour(&first, &hal, [200, 30, 30]);
    drop(first);

    server.answer(Answer::Versioned {
        etag: "\"v2\"".to_owned(),
        body: png_of(Rgb([30, 30, 200])),
    });
    // The next run shows the cached photo at once, and the new one once checked.
    let second = PhotoService::start(dir.path().join("cache"), dir.path(), quick());
    let Portrait::Photo(cached) = second.portrait(&hal, 128) else {
        panic!("the cached photo shows at once");
    };
    assert!(near(colour_of(&cached), [200, 30, 30]));
    wait_for_colour(&second, &hal, [30, 30, 200]);
}
