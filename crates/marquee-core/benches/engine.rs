//! The timeline engine on 38C3 (72 rooms, 1,007 events): one `state_at`, and
//! a whole conference day replayed at one-second steps.

use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use marquee_core::timeline::{Engine, ScreenConfig};
use marquee_core::{ImportOptions, import};

fn engine_benches(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/schedules/frab-xml/38c3-schedule.xml");
    let text = std::fs::read_to_string(&path).expect("38C3 schedule");
    let programme = import(&text, &ImportOptions::default())
        .expect("imports")
        .programme;
    let engine = Engine::new(programme.into(), ScreenConfig::default());
    let busy: DateTime<Utc> = "2024-12-28T16:20:00Z".parse().unwrap();
    c.bench_function("state_at 38c3 (72 rooms)", |b| {
        b.iter(|| engine.state_at(std::hint::black_box(&busy)))
    });
    let day_start: DateTime<Utc> = "2024-12-28T05:00:00Z".parse().unwrap();
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    group.bench_function("38c3 day at one-second steps (86,400 state_at)", |b| {
        b.iter(|| {
            let mut changes = 0u32;
            let mut previous = engine.state_at(&day_start);
            for second in 1..86_400 {
                let moment = engine.state_at(&(day_start + TimeDelta::seconds(second)));
                changes += u32::from(moment != previous);
                previous = moment;
            }
            changes
        })
    });
    group.finish();
}

criterion_group!(benches, engine_benches);
criterion_main!(benches);
