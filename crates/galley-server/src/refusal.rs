//! The one mapping from what the store refused to an HTTP status, for the
//! API's problem details and the pages alike.

use axum::http::StatusCode;
use galley_core::workflow::Rule;
use galley_store::StoreError;

/// The status of a store error: 404 for what does not exist; 403 for a
/// role or separation-of-duties refusal; 409 for other workflow refusals
/// and stale revisions or versions; 422 for a request that makes no sense
/// or a text that breaks the limits; 503 while the database is away.
pub fn status(error: &StoreError) -> StatusCode {
    match error {
        StoreError::NotFound(_) => StatusCode::NOT_FOUND,
        StoreError::Refused(refusal) => match refusal.rule {
            Rule::RoleRequired | Rule::SeparationOfDuties => StatusCode::FORBIDDEN,
            _ => StatusCode::CONFLICT,
        },
        StoreError::Conflict { .. }
        | StoreError::StaleVersion { .. }
        | StoreError::StaleSource { .. } => StatusCode::CONFLICT,
        StoreError::Invalid { .. } | StoreError::BadText(_) => StatusCode::UNPROCESSABLE_ENTITY,
        StoreError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        StoreError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
