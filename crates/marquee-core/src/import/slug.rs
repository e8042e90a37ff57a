//! Stable ids made from names, for sources that give none.

use std::collections::HashSet;

/// Lower-case ASCII letters and digits joined by single dashes.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        "item".to_owned()
    } else {
        slug
    }
}

/// Hands out ids that are unique within one programme.
#[derive(Debug, Default)]
pub struct UniqueIds {
    taken: HashSet<String>,
}

impl UniqueIds {
    /// `wanted` if free, else `wanted-2`, `wanted-3`, ...
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_owned();
        let mut counter = 1;
        while !self.taken.insert(candidate.clone()) {
            counter += 1;
            candidate = format!("{wanted}-{counter}");
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("Workshop Room"), "workshop-room");
        assert_eq!(slug("  Kapil  Arya!"), "kapil-arya");
        assert_eq!(slug("—"), "item");
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("lunch"), "lunch");
        assert_eq!(ids.claim("lunch"), "lunch-2");
        assert_eq!(ids.claim("lunch"), "lunch-3");
    }
}
