//! Printing: pre-filled forms from templates and the resident's guidance
//! sheet, rendered into one PDF per visit with the bundled Japanese font.

pub mod batch;
pub mod bind;
pub mod fit;
pub mod font;
pub mod form;
pub mod guidance;
pub mod page;
pub mod spool;
pub mod template;

pub use batch::{case_id_for, qr_payload, render, Batch, BatchInput, PageInfo, Progress};
pub use template::Templates;
