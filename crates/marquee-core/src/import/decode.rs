//! Text from bytes meant to be UTF-8 that may not all be: what cannot be read
//! is replaced by U+FFFD and its lines reported, rather than the whole source
//! refused for a few stray bytes.

use std::borrow::Cow;

use crate::problem::{Problem, ProblemKind};

/// The text of `bytes`, and the warning for its lines that are not UTF-8.
pub fn text(bytes: &[u8]) -> (Cow<'_, str>, Option<Problem>) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), None);
    }
    let mut lines = Vec::new();
    let (mut offset, mut line, mut counted) = (0, 1, 0);
    for chunk in bytes.utf8_chunks() {
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            line += memchr::memchr_iter(b'\n', &bytes[counted..offset]).count();
            counted = offset;
            lines.push(line);
        }
        offset += chunk.invalid().len();
    }
    (String::from_utf8_lossy(bytes), unreadable(&lines))
}

/// One warning for the lines with bytes that are not UTF-8: the first is
/// named and the others counted.
pub fn unreadable(lines: &[usize]) -> Option<Problem> {
    let (&first, _) = lines.split_first()?;
    let mut others = lines.to_vec();
    others.dedup();
    let kind = ProblemKind::NotUtf8 {
        other_lines: others.len() - 1,
    };
    Some(Problem::at_line(first, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_bytes_are_replaced_and_their_lines_named() {
        let (text, problem) = text(b"one\ntw\xffo\nthree\xfe\xfe\n");
        assert_eq!(text, "one\ntw\u{fffd}o\nthree\u{fffd}\u{fffd}\n");
        let problem = problem.unwrap();
        assert_eq!(problem.location, crate::Location::Line(2));
        assert_eq!(problem.kind, ProblemKind::NotUtf8 { other_lines: 1 });
        assert!(super::text(b"caf\xc3\xa9").1.is_none());
    }
}
