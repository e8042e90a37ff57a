//! Memory with 1,000 speakers: every photo made and cached by the service,
//! then the peak resident memory of the process (VmHWM) printed. The worker
//! holds one photo at a time, so the peak should not grow with the count.

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::{ImageFormat, Rgb, RgbImage};
use marquee_core::model::{MediaSource, Speaker, SpeakerId};
use marquee_media::service::{FetchPolicy, PhotoService, Portrait};

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn run(count: usize) -> (f64, Duration) {
    let dir = std::env::temp_dir().join(format!("marquee-memory-{}-{count}", std::process::id()));
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    let speakers: Vec<Speaker> = (0..count)
        .map(|i| {
            let photo = RgbImage::from_fn(800, 1000, |x, y| {
                Rgb([(x % 256) as u8, (y % 256) as u8, (i % 256) as u8])
            });
            let mut bytes = Vec::new();
            photo
                .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
                .unwrap();
            std::fs::write(dir.join(format!("photos/{i}.jpg")), bytes).unwrap();
            Speaker {
                id: SpeakerId(format!("s{i}")),
                name: format!("Speaker {i}"),
                affiliation: None,
                bio: String::new(),
                photo: Some(MediaSource(format!("data/{i}.jpg"))),
                socials: Vec::new(),
            }
        })
        .collect();
    let service = PhotoService::start(
        dir.join("cache"),
        dir.join("photos"),
        FetchPolicy::default(),
    );
    let started = Instant::now();
    loop {
        let ready = speakers
            .iter()
            .filter(|s| matches!(service.portrait(s, 256), Portrait::Photo(_)))
            .count();
        if ready == count {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let elapsed = started.elapsed();
    let _ = std::fs::remove_dir_all(dir);
    (peak_rss_mb(), elapsed)
}

fn main() {
    for count in [100, 1000] {
        let (peak, elapsed) = run(count);
        println!(
            "photo service, {count} speakers (800x1000 JPEGs to 256 px): peak RSS {peak:.0} MB, all cached in {elapsed:.1?}"
        );
    }
}
