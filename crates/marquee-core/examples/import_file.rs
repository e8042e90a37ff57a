//! Imports one schedule file and prints what it holds: the whole-process
//! measure that `make bench` compares with Python's ElementTree.

fn main() {
    let path = std::env::args().nth(1).expect("usage: import_file FILE");
    let text = std::fs::read_to_string(&path).expect("a readable file");
    let imported = marquee_core::import(&text, &Default::default()).expect("a schedule");
    let p = &imported.programme;
    println!(
        "{} sessions, {} speakers, {} rooms",
        p.sessions.len(),
        p.speakers.len(),
        p.rooms.len()
    );
}
