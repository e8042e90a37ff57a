//! Edit operations on 38C3 (72 rooms, 1,007 events): a move to another room
//! and a title edit, each applied with its inverse found, as the hub does
//! for every batch an editor sends.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use marquee_core::edit::{self, Operation, SessionChanges};
use marquee_core::{ImportOptions, import};

fn edit_benches(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/schedules/frab-xml/38c3-schedule.xml");
    let text = std::fs::read_to_string(&path).expect("38C3 schedule");
    let programme = import(&text, &ImportOptions::default())
        .expect("imports")
        .programme;
    let session = programme.sessions[500].clone();
    let other_room = programme
        .rooms
        .iter()
        .find(|room| room.id != session.room)
        .expect("another room")
        .id
        .clone();
    let now = programme.sessions[0].start.to_utc();
    let moved = [Operation::Move {
        session: session.id.clone(),
        room: other_room,
        index: 0,
        day: None,
    }];
    let renamed = [Operation::Edit {
        session: session.id.clone(),
        changes: SessionChanges {
            title: Some("Renamed".into()),
            ..Default::default()
        },
    }];
    c.bench_function("move on 38c3, with its inverse", |b| {
        b.iter(|| edit::apply(std::hint::black_box(&programme), &moved, now).expect("applies"))
    });
    c.bench_function("edit on 38c3, with its inverse", |b| {
        b.iter(|| edit::apply(std::hint::black_box(&programme), &renamed, now).expect("applies"))
    });
}

criterion_group!(benches, edit_benches);
criterion_main!(benches);
