//! Tells a kind from free text by the strongest word of a table found in
//! it, in one search for all the words.

use aho_corasick::AhoCorasick;

/// Words that tell a kind, strongest first, and one search for them all.
pub struct KindWords<K: 'static> {
    table: &'static [(&'static str, K)],
    search: AhoCorasick,
}

impl<K: Copy> KindWords<K> {
    pub fn new(table: &'static [(&'static str, K)]) -> Self {
        let search = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(table.iter().map(|(word, _)| word))
            .expect("valid patterns");
        KindWords { table, search }
    }

    /// The kind of the strongest word in `text`, whatever its case.
    pub fn strongest(&self, text: &str) -> Option<K> {
        self.search
            .find_overlapping_iter(text)
            .map(|found| found.pattern().as_usize())
            .min()
            .map(|strongest| self.table[strongest].1)
    }
}
