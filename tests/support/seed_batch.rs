//! The seed move-in's batch, set up in one place for the tests, the print bench and the
//! typst comparison: the built-in rules and templates, the request from
//! `tests/fixtures/seed-move-in-address.json`, and every counter procedure confirmed.

use madoguchi::catalog::Mode;
use madoguchi::print::{BatchInput, Templates};
use madoguchi::{determine, input, load_rules, CatalogSet, Determination, Request, Texts};

pub struct SeedBatch {
    texts: Texts,
    catalogs: CatalogSet,
    templates: Templates,
    request: Request,
    determination: Determination,
    confirmed: Vec<String>,
}

impl SeedBatch {
    pub fn load() -> Result<SeedBatch, String> {
        let (texts, catalogs) = load_rules(None)?;
        let templates = Templates::builtin()?;
        let text = include_str!("../fixtures/seed-move-in-address.json");
        let request = input::parse_request(text)
            .map_err(|e| e.to_string())?
            .request;
        let catalog = catalogs
            .in_effect(request.as_of)
            .ok_or("no rule catalog in effect for the seed move-in")?;
        let determination = determine(&request, catalog, &texts, "ja");
        let confirmed = determination
            .procedures
            .iter()
            .filter(|p| p.mode == Mode::Counter)
            .map(|p| p.id.clone())
            .collect();
        Ok(SeedBatch {
            texts,
            catalogs,
            templates,
            request,
            determination,
            confirmed,
        })
    }

    /// The batch's input, in Japanese, under `case_id`.
    pub fn input<'a>(&'a self, case_id: &'a str) -> BatchInput<'a> {
        BatchInput {
            request: &self.request,
            determination: &self.determination,
            confirmed: &self.confirmed,
            catalog: self
                .catalogs
                .in_effect(self.request.as_of)
                .expect("checked in load"),
            texts: &self.texts,
            templates: &self.templates,
            lang: "ja",
            case_id,
        }
    }
}
