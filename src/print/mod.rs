//! Printing: pre-filled forms from templates and the resident's guidance
//! sheet, rendered into one PDF per visit with the bundled Japanese font.

pub mod batch;
pub mod bind;
pub mod charts;
pub mod fit;
pub mod font;
pub mod form;
pub mod guidance;
pub mod mark;
pub mod page;
pub mod period;
pub mod preview;
pub mod receipt;
pub mod report_measures;
pub mod spool;
pub mod tally;
pub mod template;

pub use batch::{
    case_id_for, layout, layout_until, qr_payload, render, render_until, Batch, BatchInput,
    LaidOut, PageInfo, Progress,
};
pub use template::Templates;

/// Every form a catalog names must have a template.
pub fn check_forms(catalog: &crate::catalog::Catalog, templates: &Templates) -> Result<(), String> {
    for rule in &catalog.procedures {
        if let Some(form) = &rule.form {
            if templates.get(form).is_none() {
                return Err(format!(
                    "catalog {}: procedure {} ({}) prints form '{form}', which has no template in forms/templates",
                    catalog.id,
                    rule.id,
                    rule.event.as_str()
                ));
            }
        }
    }
    Ok(())
}
