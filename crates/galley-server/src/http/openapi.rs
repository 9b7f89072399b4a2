//! The OpenAPI 3.1 description of the API, served at
//! `/api/v1/openapi.json`: generated from the handlers' `#[utoipa::path]`
//! and the answer types' `ToSchema` as the router is built, so a route is
//! served and described by one registration (`routes!`).
//! `tests/server/api/service.rs::openapi_document_describes_every_route` checks that every
//! route `src/http/` registers is described and every described one served.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::error::Problem;

/// What the document says beyond the routes: who it is, where it is, how
/// a request says who it is, and the problem details every error is.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Galley",
        description = "Review of AI-assisted Korean→English translations: submit, align, edit, review, sign off, and the tamper-evident trail."
    ),
    servers((url = "/api/v1")),
    components(schemas(Problem)),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "articles", description = "Submit, read, edit, review and move articles"),
        (name = "changes", description = "What people changed, and how much"),
        (name = "comments", description = "Threads of comments on rows: replies, mentions, resolving"),
        (name = "exports", description = "The disclosure, and the files that take an article elsewhere"),
        (name = "notifications", description = "Your inbox: what happened that concerns you"),
        (name = "webhooks", description = "Signed messages to other systems when things happen (admins)"),
        (name = "log", description = "The newsroom's Merkle log of every event: its head, its signed checkpoints and its proofs (RFC 9162, C2SP)"),
        (name = "glossary", description = "The newsroom's glossary: names and terms spelled one way (admins and native editors change it)"),
        (name = "service", description = "Tokens and this document")
    )
)]
pub struct ApiDoc;

/// The two ways in: a bearer token, or the browser's session cookie.
#[derive(Debug)]
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A token from `galley token create`"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "galley_session",
                "The browser's session after signing in at /login; requests that change something must also send the session's CSRF token in `x-csrf-token`",
            ))),
        );
    }
}
