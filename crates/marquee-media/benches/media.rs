//! Media speed: a QR code for a 120-character address, a 12-megapixel JPEG
//! to a 512-pixel square, and a cached thumbnail served from disk.

use std::io::Cursor;

use criterion::{Criterion, criterion_group, criterion_main};
use image::{ImageFormat, RgbImage};
use marquee_media::cache::PhotoCache;
use marquee_media::photo::{PhotoLimits, Shape, square_thumbnail};
use marquee_media::qr::qr_svg;

/// A 4,000 x 3,000 photo-like JPEG (smooth gradients with detail).
fn twelve_megapixels() -> Vec<u8> {
    let image = RgbImage::from_fn(4000, 3000, |x, y| {
        image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x ^ y) & 0xff) as u8])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

fn media(c: &mut Criterion) {
    let url = format!("https://example.org/{}", "talk-slides/".repeat(9));
    let url = &url[..120];
    c.bench_function("qr svg, 120-character address", |b| {
        b.iter(|| qr_svg(std::hint::black_box(url)).unwrap())
    });

    let jpeg = twelve_megapixels();
    let mut group = c.benchmark_group("photo");
    group.sample_size(10);
    group.bench_function("12 MP jpeg to a 512 px square", |b| {
        b.iter(|| square_thumbnail(&jpeg, 512, PhotoLimits::default()).unwrap())
    });
    group.finish();

    let dir = std::env::temp_dir().join(format!("marquee-bench-{}", std::process::id()));
    let cache = PhotoCache::new(&dir);
    let thumbnail = square_thumbnail(&jpeg, 512, PhotoLimits::default()).unwrap();
    cache
        .put("https://example.org/p.jpg", Shape::Square, 512, &thumbnail)
        .unwrap();
    c.bench_function("cached 512 px photo served", |b| {
        b.iter(|| {
            std::fs::read(
                cache
                    .get("https://example.org/p.jpg", Shape::Square, 512)
                    .unwrap(),
            )
            .unwrap()
        })
    });
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, media);
criterion_main!(benches);
