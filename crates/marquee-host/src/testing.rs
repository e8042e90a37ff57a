//! What the tests of this crate share: the default programme of the tree.

use marquee_core::Programme;

pub fn default_programme() -> Programme {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/programme.json");
    let text = std::fs::read_to_string(path).expect("data/programme.json");
    marquee_core::format::parse(&text)
        .expect("the default programme reads")
        .programme
}
