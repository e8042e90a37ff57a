//! Photos: upright, square, towards the top of portraits, resized and cached;
//! bad input refused with a reason.

use std::io::Cursor;

use image::{GenericImageView, ImageFormat, Rgb, RgbImage};
use marquee_media::cache::PhotoCache;
use marquee_media::photo::{
    PhotoError, PhotoLimits, Shape, decode, logo_thumbnail, square_region, square_thumbnail,
};

fn encode(image: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

/// A portrait whose top fifth is red (the "head"), the rest blue.
fn portrait() -> RgbImage {
    RgbImage::from_fn(300, 600, |_, y| {
        if y < 120 {
            Rgb([220, 30, 30])
        } else {
            Rgb([30, 30, 220])
        }
    })
}

#[test]
fn portraits_are_cropped_towards_the_top_and_resized() {
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
        let bytes = encode(&portrait(), format);
        let thumbnail = square_thumbnail(&bytes, 128, PhotoLimits::default()).unwrap();
        let image = image::load_from_memory(&thumbnail).unwrap();
        assert_eq!(image.dimensions(), (128, 128), "{format:?}");
        let top = image.get_pixel(64, 5);
        assert!(
            top[0] > 150 && top[2] < 100,
            "{format:?}: the head is in the square, got {top:?}"
        );
    }
    assert_eq!(square_region(300, 600), (0, 60, 300));
    assert_eq!(square_region(800, 600), (100, 0, 600));
}

#[test]
fn exif_orientation_is_applied() {
    // A landscape JPEG whose EXIF says "rotate 90° clockwise" shows as a portrait.
    let landscape = RgbImage::from_fn(200, 100, |x, _| {
        if x < 100 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 0, 255])
        }
    });
    let jpeg = encode(&landscape, ImageFormat::Jpeg);
    // APP1 Exif segment, big-endian TIFF, one IFD entry: Orientation (0x0112) = 6.
    let exif: [u8; 36] = [
        0xFF, 0xE1, 0x00, 0x22, b'E', b'x', b'i', b'f', 0, 0, b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1,
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ];
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend_from_slice(&exif);
    with_exif.extend_from_slice(&jpeg[2..]);
    let upright = decode(&with_exif, PhotoLimits::default()).unwrap();
    assert_eq!(upright.dimensions(), (100, 200));
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let limits = PhotoLimits::default();
    let html = b"<!DOCTYPE html><html><body>404</body></html>";
    assert_eq!(
        square_thumbnail(html, 64, limits),
        Err(PhotoError::NotAnImage)
    );
    let jpeg = encode(&portrait(), ImageFormat::Jpeg);
    assert!(matches!(
        square_thumbnail(&jpeg[..jpeg.len() / 3], 64, limits),
        Err(PhotoError::Broken(_))
    ));
    // A "photo bomb": 12,000 pixels wide, tiny as a file.
    let bomb = encode(&RgbImage::new(12_000, 16), ImageFormat::Png);
    assert_eq!(
        square_thumbnail(&bomb, 64, limits),
        Err(PhotoError::TooManyPixels {
            limit: limits.max_side
        })
    );
    // Within the sides, but more pixels than a small screen may decode.
    let wide = encode(&RgbImage::new(4_000, 2_000), ImageFormat::Png);
    let few = PhotoLimits {
        max_pixels: 1_000_000,
        ..limits
    };
    assert_eq!(
        square_thumbnail(&wide, 64, few),
        Err(PhotoError::TooLarge {
            pixels: 8_000_000,
            limit: 1_000_000
        })
    );
    let small = PhotoLimits {
        max_bytes: 100,
        ..limits
    };
    assert!(matches!(
        square_thumbnail(&jpeg, 64, small),
        Err(PhotoError::TooManyBytes { .. })
    ));
    assert_eq!(
        square_thumbnail(&[], 64, limits),
        Err(PhotoError::NotAnImage)
    );
}

#[test]
fn thumbnails_are_cached_by_source_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let cache = PhotoCache::new(dir.path().join("photos"));
    assert_eq!(
        cache.get("https://example.org/a.png", Shape::Square, 256),
        None
    );
    let thumbnail = square_thumbnail(
        &encode(&portrait(), ImageFormat::Png),
        256,
        PhotoLimits::default(),
    )
    .unwrap();
    let path = cache
        .put("https://example.org/a.png", Shape::Square, 256, &thumbnail)
        .unwrap();
    assert_eq!(
        cache.get("https://example.org/a.png", Shape::Square, 256),
        Some(path.clone())
    );
    assert_eq!(std::fs::read(&path).unwrap(), thumbnail);
    assert_eq!(
        cache.get("https://example.org/a.png", Shape::Square, 512),
        None,
        "another size is another entry"
    );
    assert_eq!(
        cache.get("https://example.org/b.png", Shape::Square, 256),
        None
    );
    let again = PhotoCache::new(dir.path().join("photos"));
    assert_eq!(
        again.get("https://example.org/a.png", Shape::Square, 256),
        Some(path),
        "still there after a restart"
    );
}

#[test]
fn logos_keep_their_proportions_and_transparency() {
    let wide = image::RgbaImage::from_fn(1200, 300, |x, _| {
        if x < 600 {
            image::Rgba([250, 180, 60, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut bytes = Vec::new();
    wide.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    let logo =
        image::load_from_memory(&logo_thumbnail(&bytes, 96, PhotoLimits::default()).unwrap())
            .unwrap()
            .into_rgba8();
    assert_eq!(logo.dimensions(), (384, 96));
    assert_eq!(logo.get_pixel(10, 48)[3], 255);
    assert_eq!(
        logo.get_pixel(370, 48)[3],
        0,
        "the transparent half stays transparent"
    );

    let small = encode(
        &RgbImage::from_pixel(80, 40, Rgb([9, 9, 9])),
        ImageFormat::Png,
    );
    let kept =
        image::load_from_memory(&logo_thumbnail(&small, 96, PhotoLimits::default()).unwrap())
            .unwrap();
    assert_eq!(
        (kept.width(), kept.height()),
        (80, 40),
        "a small logo is not blown up"
    );

    let dir = tempfile::tempdir().unwrap();
    let cache = PhotoCache::new(dir.path());
    let source = "https://example.org/logo.png";
    cache.put(source, Shape::Logo, 96, &bytes).unwrap();
    assert_eq!(
        cache.get(source, Shape::Square, 96),
        None,
        "a logo is not a photo"
    );
    let cached = cache.get(source, Shape::Logo, 96).unwrap();
    assert_eq!(cached.extension().unwrap(), "png");
}
