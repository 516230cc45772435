//! What can go wrong in a visit, typed so that the window says it in the
//! clerk's language and the command line names the field.

use chrono::NaiveDate;

use crate::input::InputError;
use crate::japanese::wareki::DateError;

#[derive(Debug, Clone, PartialEq)]
pub enum VisitError {
    /// No household was chosen yet.
    NoHousehold,
    /// The procedures were not determined yet.
    NotDetermined,
    /// A typed date does not read; `field` is the request field.
    Date {
        field: &'static str,
        error: DateError,
    },
    /// The move-out certificate's planned date lies after the move-in.
    PlannedAfterMoveIn { planned: NaiveDate, date: NaiveDate },
    /// A 住民票コード that is not 11 digits, with the member it was typed for.
    ResidentCode { member: String, typed: String },
    /// The request is not valid (a missing role, an unknown member id …).
    Input(InputError),
    /// No rule catalog is in effect on this day.
    NoCatalog(NaiveDate),
    /// A procedure id that was not determined for this household.
    UnknownProcedure(String),
    /// Finishing as printed with no batch printed.
    NotPrinted,
    /// A case id that cannot be printed in a QR code or name a file.
    BadCaseId(String),
    /// Printing was cancelled by the clerk; nothing was kept.
    Cancelled,
    /// Laying out or rendering the batch failed.
    Print(String),
    /// The PDF could not be saved.
    Save { path: String, error: String },
    /// The PDF was saved but the printer did not take it.
    Spool { path: String, error: String },
}

impl std::fmt::Display for VisitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VisitError::NoHousehold => write!(f, "no household chosen"),
            VisitError::NotDetermined => write!(f, "the procedures are not determined yet"),
            VisitError::Date { field, error } => write!(f, "{field}: {error}"),
            VisitError::PlannedAfterMoveIn { planned, date } => write!(
                f,
                "event.planned_move_out_date: {planned} is after the move-in {date}"
            ),
            VisitError::ResidentCode { member, typed } => write!(
                f,
                "resident_code of {member}: a 住民票コード is 11 digits, not '{typed}'"
            ),
            VisitError::Input(e) => write!(f, "{e}"),
            VisitError::NoCatalog(d) => write!(f, "as_of: no rule catalog in effect on {d}"),
            VisitError::UnknownProcedure(id) => write!(
                f,
                "--procedures: '{id}' is not among the procedures determined for this household"
            ),
            VisitError::NotPrinted => write!(f, "the batch was not printed"),
            VisitError::BadCaseId(id) => write!(
                f,
                "--case: '{id}' is not a case id (letters, digits, '-' and '_', 64 at most)"
            ),
            VisitError::Cancelled => write!(f, "printing was cancelled"),
            VisitError::Print(e) => write!(f, "{e}"),
            VisitError::Save { path, error } => write!(f, "cannot write {path}: {error}"),
            VisitError::Spool { path, error } => {
                write!(f, "{error}; the PDF is kept at {path}")
            }
        }
    }
}

impl std::error::Error for VisitError {}
