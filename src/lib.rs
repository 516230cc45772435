//! madoguchi (窓口): the core of a one-stop counter for Japanese ward offices.
//!
//! Everything here is free of UI code: the domain model, Japanese legal dates
//! and names, the rule catalog and the push-type service determination.

pub mod api;
pub mod catalog;
pub mod cli;
pub mod client;
pub mod clock;
pub mod demo;
pub mod engine;
pub mod events;
pub mod forms_dir;
pub mod handoff;
pub mod hub;
pub mod i18n;
pub mod input;
pub mod instance;
pub mod japanese;
pub mod measures;
pub mod model;
pub mod paths;
pub mod print;
pub mod processing;
pub mod public_wait;
pub mod queue;
pub mod registry_import;
pub mod scan_pages;
pub mod scan_route;
pub mod service_level;
pub mod tally;
#[cfg(feature = "gui")]
pub mod ui;
pub mod visit;

use std::path::Path;

pub use catalog::{Catalog, CatalogError, CatalogSet};
pub use engine::{determine, Determination};
pub use i18n::Texts;
pub use model::Request;

/// Load texts and catalog: the built-in copies, or a catalog directory given by
/// the user (whose optional `locales/` overrides the built-in texts).
pub fn load_rules(catalog_dir: Option<&Path>) -> Result<(Texts, CatalogSet), String> {
    let mut texts = Texts::builtin().map_err(|e| e.to_string())?;
    let set = match catalog_dir {
        None => catalog::load_builtin(&texts).map_err(|e| e.to_string())?,
        Some(dir) => {
            let locales = dir.join("locales");
            if locales.is_dir() {
                texts.add_dir(&locales).map_err(|e| e.to_string())?;
            }
            catalog::load_dir(dir, &texts).map_err(|e| e.to_string())?
        }
    };
    Ok((texts, set))
}
