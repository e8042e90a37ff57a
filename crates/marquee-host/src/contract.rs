//! The front-end contract: the names of the events and commands a host
//! offers its pages, and every type that crosses to the UI, written as one
//! TypeScript file (`ui/src/generated/contract.ts`) from the Rust types.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{Config, TS, TypeVisitor};

use crate::error::ErrorPayload;
use crate::screen::Screen;

/// The event that carries each new [`Screen`] to a display.
pub const SCREEN_EVENT: &str = "screen";

/// The event that asks a display to show the screen's name for a while
/// (the hub's "identify"); its payload is the name.
pub const IDENTIFY_EVENT: &str = "identify";

/// The command that answers with the [`Screen`] as it stands.
pub const SCREEN_COMMAND: &str = "screen";

/// The command a display sends once its first scene is on screen, and
/// every few seconds after, so that its host knows the page still answers.
pub const PAINTED_COMMAND: &str = "painted";

/// The command that ends the kiosk, with the PIN typed when it has one.
pub const EXIT_COMMAND: &str = "exit";

/// Every event and command name, as the front end imports them.
const NAMES: [(&str, &str); 5] = [
    ("SCREEN_EVENT", SCREEN_EVENT),
    ("IDENTIFY_EVENT", IDENTIFY_EVENT),
    ("SCREEN_COMMAND", SCREEN_COMMAND),
    ("PAINTED_COMMAND", PAINTED_COMMAND),
    ("EXIT_COMMAND", EXIT_COMMAND),
];

/// Declarations of the types and all they refer to, each once, by name so
/// that the file is the same on every run.
pub struct Bundle {
    config: Config,
    seen: HashSet<TypeId>,
    declarations: BTreeMap<String, String>,
}

impl Default for Bundle {
    fn default() -> Bundle {
        Bundle {
            config: Config::new().with_large_int("number"),
            seen: HashSet::new(),
            declarations: BTreeMap::new(),
        }
    }
}

impl Bundle {
    pub fn add<T: TS + ?Sized + 'static>(&mut self) -> &mut Self {
        if !self.seen.insert(TypeId::of::<T::WithoutGenerics>()) {
            return self;
        }
        struct Dependencies<'a>(&'a mut Bundle);
        impl TypeVisitor for Dependencies<'_> {
            fn visit<U: TS + 'static + ?Sized>(&mut self) {
                // Types without an output path are built-ins or overrides.
                if U::output_path().is_some() {
                    self.0.add::<U>();
                }
            }
        }
        T::visit_dependencies(&mut Dependencies(self));
        let docs = T::docs().unwrap_or_default();
        self.declarations.insert(
            T::name(&self.config),
            format!("{docs}export {}", T::decl(&self.config)),
        );
        self
    }

    /// The TypeScript file of every type added, and of `names` as constants.
    pub fn typescript(self, names: &[(&str, &str)]) -> String {
        let constants: String = names
            .iter()
            .map(|(name, value)| format!("export const {name} = {value:?};\n"))
            .collect();
        format!(
            "// Generated from the Rust types by `make generate`; do not edit.\n\n{}\n{}",
            self.declarations
                .into_values()
                .collect::<Vec<_>>()
                .join("\n\n"),
            if constants.is_empty() {
                String::new()
            } else {
                format!("\n{constants}")
            }
        )
    }
}

/// The whole generated file.
pub fn typescript() -> String {
    let mut bundle = Bundle::default();
    bundle.add::<Screen>().add::<ErrorPayload>();
    bundle.typescript(&NAMES)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_committed_contract_matches_the_rust_types() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/contract.ts");
        let generated = super::typescript();
        if std::env::var_os("MARQUEE_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/generated/contract.ts is out of date: run `make generate` and commit it"
        );
    }
}
