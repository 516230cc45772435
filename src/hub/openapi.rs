//! The OpenAPI document, generated from the handlers and the shared types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{floor_routes, public_wait, resident_reads, routes, scan_routes};
use crate::api::*;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "madoguchi hub", description = "Queue, registry view, cases and scans shared by the counters of a ward."),
    paths(
        routes::health, routes::login, routes::logout, routes::categories, routes::issue_ticket, routes::call_next, routes::ticket_action,
        routes::queue, routes::events, resident_reads::residents, resident_reads::household, routes::submit_case, routes::inbox,
        resident_reads::case, routes::case_status, scan_routes::add_scan, routes::audit_log, routes::batch,
        routes::procedures, routes::case_procedures, routes::procedure_step, routes::claim_procedure, routes::release_procedure,
        scan_routes::add_unrouted, scan_routes::unrouted, scan_routes::assign_unrouted, scan_routes::scan_image, scan_routes::unrouted_image,
        floor_routes::set_target, floor_routes::set_counter, floor_routes::counters,
        public_wait::page, public_wait::script, public_wait::style, public_wait::snapshot, public_wait::events
    ),
    components(schemas(
        Health, LoginRequest, LoginResponse, ErrorBody, Category, TicketState, Ticket, IssueTicket, CallNext, TicketAction,
        TicketActionRequest, CategoryWaiting, QueueView, QueueEvent, ResidentHit, HouseholdRecord, CaseStatus, CaseTimings,
        CaseSubmission, CaseSummary, StatusUpdate, ScanInfo, ScanPlace, UnroutedPage, UnroutedPlace, AssignPage, AuditEntry, Role, BatchOp, BatchRequest, BatchReply, BatchResult, CaseView,
        crate::model::Request, crate::model::Event, crate::model::EventKind, crate::model::Household, crate::model::Member,
        crate::model::Relation, crate::model::Sex, crate::model::HealthInsurance, crate::model::Handbook, crate::model::Disability,
        crate::engine::Determination, crate::engine::ProcedureResult, crate::engine::NotApplicable, crate::catalog::Mode,
        crate::processing::Stage, crate::processing::Step, crate::processing::ProcedureStatus, crate::processing::StageChange,
        crate::processing::ProcedureEvent, crate::processing::StageCounts,
        crate::service_level::Target, CounterMode, SetCounterState, CounterChange, crate::measures::CaseMeasures, crate::measures::ProcedureOutcome,
        crate::public_wait::PublicWait, crate::public_wait::WaitCategory, crate::public_wait::CalledNumber, crate::public_wait::WaitingNumber
    )),
    modifiers(&Bearer)
)]
pub struct ApiDoc;
