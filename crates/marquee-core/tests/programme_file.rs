//! The programme file: strict reading with precise errors, lossless writing,
//! and a committed JSON Schema that follows the Rust types.

mod common;

use marquee_core::format::{FormatError, json_schema, parse, to_json};
use marquee_core::{ImportOptions, ProblemKind, import};

fn seed_json() -> String {
    let text = common::read_shared(common::SEED);
    to_json(&import(&text, &ImportOptions::default()).unwrap().programme)
}

#[test]
fn the_file_is_written_exactly_as_serde_json_pretty_prints_it() {
    for path in [
        common::SEED,
        "schedules/frab-xml/fosdem-2026-schedule.xml",
        "schedules/frab-xml/38c3-schedule.xml",
    ] {
        let programme = import(&common::read_shared(path), &ImportOptions::default())
            .unwrap()
            .programme;
        let expected = serde_json::to_string_pretty(&programme).unwrap() + "\n";
        assert!(
            to_json(&programme) == expected,
            "{path} is written differently"
        );
    }
}

#[test]
fn writing_then_reading_gives_the_same_programme() {
    let json = seed_json();
    let read = parse(&json).expect("our own output reads back");
    assert!(read.warnings.is_empty());
    assert_eq!(to_json(&read.programme), json);
}

#[test]
fn an_unknown_field_is_named_with_its_path_line_and_column() {
    let json = seed_json().replacen("\"duration_minutes\": 25,", "\"duration_minute\": 25,", 1);
    let line = json
        .lines()
        .position(|l| l.contains("duration_minute\""))
        .unwrap()
        + 1;
    match parse(&json) {
        Err(FormatError::Invalid {
            path,
            line: at,
            message,
            fix,
            ..
        }) => {
            assert_eq!(path, "sessions[0].duration_minute");
            assert_eq!(at, line);
            assert!(
                message.starts_with("unknown field `duration_minute`"),
                "{message}"
            );
            assert!(fix.contains("correct its spelling"));
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn a_wrong_type_and_a_syntax_error_point_at_their_place() {
    let json = seed_json().replacen("\"order\": 1", "\"order\": \"second\"", 1);
    let err = parse(&json).unwrap_err().to_string();
    assert!(
        err.contains("at rooms[1].order: invalid type: string \"second\""),
        "{err}"
    );

    let broken =
        "{\n  \"format\": 1,\n  \"conference\": {\"title\": \"X\" \"timezone\": \"UTC\"}\n}";
    let err = parse(broken).unwrap_err();
    assert!(matches!(err, FormatError::Invalid { line: 3, .. }), "{err}");

    let cut = &seed_json()[..500];
    assert!(
        parse(cut)
            .unwrap_err()
            .to_string()
            .contains("ends too early")
    );
}

#[test]
fn an_unknown_time_zone_is_an_error_at_its_field() {
    let json = seed_json().replacen("America/New_York", "America/Springfield", 1);
    let err = parse(&json).unwrap_err().to_string();
    assert!(err.contains("conference.timezone"), "{err}");
    assert!(err.contains("America/Springfield"), "{err}");
}

#[test]
fn a_newer_format_asks_for_a_newer_marquee() {
    let json = seed_json().replacen("\"format\": 3", "\"format\": 7", 1);
    assert_eq!(
        parse(&json).unwrap_err(),
        FormatError::UnsupportedVersion { found: 7 }
    );
}

#[test]
fn a_version_1_or_2_file_reads_as_the_current_version_and_says_so() {
    for version in [1, 2] {
        let old = seed_json().replacen("\"format\": 3", &format!("\"format\": {version}"), 1);
        let read = parse(&old).unwrap();
        assert_eq!(read.programme.format, 3);
        assert!(
            matches!(read.warnings[..], [ref w] if w.kind == ProblemKind::Migrated { from: version }),
            "{:?}",
            read.warnings
        );
        assert!(
            read.warnings[0]
                .report("p.json")
                .contains("nothing in it changed")
        );
        assert_eq!(to_json(&read.programme), seed_json());
    }
}

/// Every programme file kept in the repository, found by what it holds.
fn programmes_in_the_repository() -> Vec<std::path::PathBuf> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "*.json"])
        .current_dir(common::root())
        .output()
        .expect("git lists the repository's files");
    String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .map(|line| common::root().join(line))
        .filter(|path| {
            std::fs::read_to_string(path)
                .is_ok_and(|text| marquee_core::format::looks_like_programme(&text))
        })
        .collect()
}

#[test]
fn every_programme_in_the_repository_reads_and_writes_as_the_current_version() {
    let programmes = programmes_in_the_repository();
    assert!(
        programmes
            .iter()
            .any(|p| p.ends_with("data/programme.json")),
        "{programmes:?}"
    );
    for path in programmes {
        let text = std::fs::read_to_string(&path).unwrap();
        match parse(&text) {
            Ok(read) => {
                assert_eq!(read.programme.format, 3, "{}", path.display());
                let again = parse(&to_json(&read.programme)).unwrap();
                assert_eq!(again.programme, read.programme, "{}", path.display());
                assert!(
                    !again
                        .warnings
                        .iter()
                        .any(|w| matches!(w.kind, ProblemKind::Migrated { .. })),
                    "{}",
                    path.display()
                );
            }
            // Files damaged on purpose must still fail at a place, not at their version.
            Err(error) => assert!(
                matches!(error, FormatError::Invalid { .. }),
                "{}: {error}",
                path.display()
            ),
        }
    }
}

#[test]
fn following_sessions_get_their_start_from_the_running_order() {
    let json = seed_json().replacen("2016-06-06T09:30:00-04:00", "2016-06-06T11:11:00-04:00", 1);
    let read = parse(&json).unwrap();
    assert_eq!(
        read.programme.sessions[1].start.to_rfc3339(),
        "2016-06-06T09:30:00-04:00"
    );
    assert!(matches!(read.warnings[..], [ref w] if matches!(w.kind, ProblemKind::Reflowed { .. })));
}

#[test]
fn the_committed_schema_matches_the_types() {
    let path = common::root().join("schemas/programme.schema.json");
    let generated = json_schema();
    if std::env::var_os("MARQUEE_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schemas/programme.schema.json is out of date: run `make generate` and commit it"
    );
}

#[test]
fn a_short_programme_broken_near_its_top_gets_the_json_error() {
    let broken = "{\n  \"format\": 1,\n  \"rooms\": [,]\n}\n";
    let err = import(broken, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("line 3, column 13, at rooms[0]: expected value"),
        "{err}"
    );
    assert!(!err.contains("not a programme"), "{err}");
}
