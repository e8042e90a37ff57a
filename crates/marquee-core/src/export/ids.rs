//! Identifiers in the shapes exchange formats demand, derived from ours so
//! that the same programme always exports the same ids.

use uuid::Uuid;

/// Namespace for ids made from Marquee ids (a fixed, random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x6a1c_2f4e_9b3d_4c5a_8e7f_0d1b_2c3a_4f5e);

/// Our id if it already is a UUID, else a UUIDv5 derived from it.
pub fn guid(kind: &str, id: &str) -> String {
    match Uuid::parse_str(id) {
        Ok(uuid) if id.len() == 36 => uuid.hyphenated().to_string(),
        _ => Uuid::new_v5(&NAMESPACE, format!("{kind}:{id}").as_bytes()).to_string(),
    }
}

pub fn is_uuid(id: &str) -> bool {
    id.len() == 36 && Uuid::parse_str(id).is_ok()
}

/// How a person's id is written: as the number, UUID or code it is, so that
/// reading the export back gives the same id.
pub enum PersonKey {
    Number(u64),
    Guid(String),
    Code(String),
}

pub fn person_key(id: &str) -> PersonKey {
    if let Ok(number) = id.parse::<u64>()
        && !id.starts_with('0')
    {
        PersonKey::Number(number)
    } else if is_uuid(id) {
        PersonKey::Guid(id.to_owned())
    } else if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        PersonKey::Code(id.to_owned())
    } else {
        PersonKey::Guid(guid("person", id))
    }
}

/// A lower-case slug of letters, digits and dashes that ends in a letter or digit.
pub fn slug(text: &str) -> String {
    let slug: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "session".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_kept_or_derived_stably() {
        let uuid = "19b141f2-0f27-5d84-9e90-0d2474d37b7e";
        assert_eq!(guid("session", uuid), uuid);
        assert_eq!(guid("session", "realworld"), guid("session", "realworld"));
        assert_ne!(guid("session", "realworld"), guid("person", "realworld"));
        assert!(is_uuid(&guid("session", "realworld")));
        assert!(matches!(person_key("5417"), PersonKey::Number(5417)));
        assert!(matches!(person_key("R7LF7T"), PersonKey::Code(_)));
        assert!(matches!(person_key("billm"), PersonKey::Guid(_)));
        assert_eq!(slug("Hello, World! 2026"), "hello-world-2026");
    }
}
