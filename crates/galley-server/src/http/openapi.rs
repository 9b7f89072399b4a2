//! The OpenAPI 3.1 description of the API, served at `/api/v1/openapi.json`.
//! Written by hand next to the handlers; `tests/api.rs`
//! (`openapi_document_describes_every_route`) checks that every route
//! `src/http/` registers is described and every described route is served.

use serde_json::{Value, json};

fn problem() -> Value {
    json!({"description": "RFC 9457 problem details; `rule` names a refusing rule, `field` a bad field",
           "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

fn ok(description: &str, schema: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

fn id(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}})
}

fn body(schema: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

/// The document.
pub fn document() -> Value {
    let errors = |codes: &[&str]| -> serde_json::Map<String, Value> {
        codes
            .iter()
            .map(|code| (code.to_string(), problem()))
            .collect()
    };
    let with = |mut responses: serde_json::Map<String, Value>, code: &str, value: Value| {
        responses.insert(code.to_string(), value);
        Value::Object(responses)
    };
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Galley",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Review of AI-assisted Korean→English translations: submit, align, edit, review, sign off, and the tamper-evident trail."
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/articles": {
                "post": {
                    "summary": "Submit a Korean source and its AI draft; they are aligned paragraph by paragraph",
                    "requestBody": body("NewArticle"),
                    "responses": with(errors(&["401", "403", "400", "413", "415", "422"]), "201", ok("The stored article; Location points at it", "Article"))
                },
                "get": {
                    "summary": "List articles, newest change first",
                    "parameters": [
                        {"name": "stage", "in": "query", "schema": {"$ref": "#/components/schemas/Stage"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
                        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}}
                    ],
                    "responses": with(errors(&["401", "422"]), "200", ok("A page of articles", "ArticleList"))
                }
            },
            "/articles/{id}": {"get": {
                "summary": "One article with its rows", "parameters": [id("id")],
                "responses": with(errors(&["401", "404"]), "200", ok("The article", "Article"))
            }},
            "/articles/{id}/segments/{segment}": {"put": {
                "summary": "Save a new revision of a row's English, based on the revision the editor saw",
                "parameters": [id("id"), id("segment")], "requestBody": body("SaveRevision"),
                "responses": with(errors(&["401", "403", "404", "409", "422"]), "200", ok("The new revision; 409 carries current_text and current_revision when the base is stale", "Revision"))
            }},
            "/articles/{id}/segments/{segment}/review": {"post": {
                "summary": "Mark a row reviewed at its current revision", "parameters": [id("id"), id("segment")],
                "requestBody": body("Review"),
                "responses": with(errors(&["401", "403", "404", "409"]), "204", json!({"description": "Reviewed"}))
            }},
            "/articles/{id}/segments/{segment}/merge": {"post": {
                "summary": "Merge a row with the next one (bilingual review only)", "parameters": [id("id"), id("segment")],
                "responses": with(errors(&["401", "403", "404", "409", "422"]), "200", ok("The article", "Article"))
            }},
            "/articles/{id}/segments/{segment}/split": {"post": {
                "summary": "Split a row after ko_at Korean and en_at English paragraphs (bilingual review only)",
                "parameters": [id("id"), id("segment")], "requestBody": body("Split"),
                "responses": with(errors(&["401", "403", "404", "409", "422"]), "200", ok("The article", "Article"))
            }},
            "/articles/{id}/segments/{segment}/overrides": {"post": {
                "summary": "Override a QA finding of a row with a written reason (who may edit the row); recorded in the trail",
                "parameters": [id("id"), id("segment")], "requestBody": body("Override"),
                "responses": with(errors(&["401", "403", "404", "409", "422"]), "201", ok("The article", "Article"))
            }},
            "/articles/{id}/transitions": {"post": {
                "summary": "Move the article: submit, approve, return (with a note), sign_off, reopen (admin, with a reason), naming the version seen",
                "parameters": [id("id")], "requestBody": body("Transition"),
                "responses": with(errors(&["401", "403", "404", "409", "422"]), "200", ok("The new stage and version", "Moved"))
            }},
            "/openapi.json": {"get": {
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI 3.1 description of the API"}}
            }},
            "/tokens/current": {"delete": {
                "summary": "Revokes the bearer token this request is made with, at once and on every server (400 for a browser session: it ends by signing out)",
                "responses": with(errors(&["400", "401"]), "204", json!({"description": "Revoked: the token is refused from now on"}))
            }},
            "/articles/{id}/disclosure": {"get": {
                "summary": "The disclosure line, earned from the trail, with who did what and the share of the AI draft changed per stage; 409 naming the missing step (not_signed_off, no_bilingual_review, same_person, trail_broken)",
                "parameters": [id("id")],
                "responses": with(errors(&["401", "404", "409"]), "200", json!({"description": "The disclosure"}))
            }},
            "/articles/{id}/export": {"get": {
                "summary": "The article as XLIFF 2.1, TMX 1.4b (signed off only) or JSON with every revision and the trail",
                "parameters": [id("id"), {"name": "format", "in": "query", "required": true, "schema": {"type": "string", "enum": ["xliff", "tmx", "json"]}}],
                "responses": with(errors(&["401", "404", "409", "422"]), "200", json!({"description": "The file"}))
            }},
            "/articles/{id}/import": {"post": {
                "summary": "Apply a reviewed XLIFF file's targets as new revisions by the importing user, in one transaction",
                "parameters": [id("id")],
                "requestBody": {"required": true, "content": {"application/xliff+xml": {"schema": {"type": "string"}}}},
                "responses": with(errors(&["400", "401", "403", "404", "409", "415", "422"]), "200", json!({"description": "Rows applied and unchanged"}))
            }},
            "/articles/{id}/diff": {"get": {
                "summary": "Word diffs per row between two versions",
                "parameters": [id("id"),
                    {"name": "from", "in": "query", "schema": {"type": "string", "default": "ai"}, "description": "ai, current, a stage name, or rev:N"},
                    {"name": "to", "in": "query", "schema": {"type": "string", "default": "current"}}],
                "responses": with(errors(&["401", "404", "422"]), "200", ok("Per row: ops and HTML", "Diff"))
            }},
            "/articles/{id}/metrics": {"get": {
                "summary": "TER, chrF++ and share of words changed, per row and per article, for AI→bilingual review, bilingual review→native edit, AI→now",
                "parameters": [id("id")],
                "responses": with(errors(&["401", "404"]), "200", json!({"description": "Metrics by stage pair"}))
            }},
            "/articles/{id}/trail": {"get": {
                "summary": "The article's events, in order", "parameters": [id("id")],
                "responses": with(errors(&["401", "404"]), "200", ok("Events", "Trail"))
            }},
            "/articles/{id}/trail/verify": {"get": {
                "summary": "Walk the hash chain", "parameters": [id("id")],
                "responses": with(errors(&["401", "404"]), "200", ok("ok and the event count, or the first broken event", "Verification"))
            }}
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "A token from `galley token create`"},
                "session": {"type": "apiKey", "in": "cookie", "name": "galley_session", "description": "The browser's session after signing in at /login; requests that change something must also send the session's CSRF token in `x-csrf-token`"}
            },
            "schemas": {
                "Stage": {"type": "string", "enum": ["draft", "bilingual_review", "native_edit", "signed_off"]},
                "Problem": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
                    "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"},
                    "rule": {"type": "string"}, "field": {"type": "string"},
                    "current_revision": {"type": "integer"}, "current_text": {"type": "string"}}},
                "NewArticle": {"type": "object", "required": ["title", "ai"], "additionalProperties": false, "properties": {
                    "title": {"type": "string", "maxLength": 300},
                    "source": {"type": "string", "description": "Korean, paragraphs separated by blank lines"},
                    "draft": {"type": "string", "description": "English AI draft, paragraphs separated by blank lines"},
                    "source_paragraphs": {"type": "array", "items": {"type": "string"}},
                    "draft_paragraphs": {"type": "array", "items": {"type": "string"}},
                    "ai": {"type": "object", "required": ["tool", "model"], "properties": {"tool": {"type": "string"}, "model": {"type": "string"}}}}},
                "Segment": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "ko": {"type": "array", "items": {"type": "string"}},
                    "ko_paragraphs": {"type": "array", "items": {"type": "integer"}}, "en": {"type": "string"},
                    "revision": {"type": "integer"}, "reviewed": {"type": "boolean"}, "confidence": {"type": "number"},
                    "flags": {"type": "array", "items": {"$ref": "#/components/schemas/Flag"}}}},
                "Flag": {"type": "object", "description": "The aligner's doubt (low_confidence) or a QA finding", "properties": {
                    "check": {"type": "string", "enum": ["low_confidence", "numbers", "latin_terms", "hangul_in_english", "missing_english", "missing_korean", "quotes", "doubled_word", "double_space", "name_spelling", "invisible"]},
                    "key": {"type": "string", "description": "Stable within the row; what an override names"},
                    "severity": {"type": "string", "enum": ["error", "warning"]},
                    "message": {"type": "string"},
                    "spans": {"type": "array", "items": {"type": "object", "properties": {
                        "side": {"type": "string", "enum": ["korean", "english"]}, "start": {"type": "integer"}, "end": {"type": "integer"},
                        "text": {"type": "string"}}}},
                    "blocking": {"type": "boolean", "description": "An error not overridden: blocks approve and sign_off"},
                    "override": {"type": ["object", "null"], "properties": {"reason": {"type": "string"}, "by": {"type": "integer"}, "at": {"type": "string"}}}}},
                "Override": {"type": "object", "required": ["key", "reason"], "additionalProperties": false, "properties": {
                    "key": {"type": "string"}, "reason": {"type": "string"}}},
                "Article": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "title": {"type": "string"}, "stage": {"$ref": "#/components/schemas/Stage"},
                    "version": {"type": "integer"}, "ai": {"type": "object"}, "blocking_findings": {"type": "integer"},
                    "segments": {"type": "array", "items": {"$ref": "#/components/schemas/Segment"}}}},
                "ArticleList": {"type": "object", "properties": {"articles": {"type": "array"}, "limit": {"type": "integer"}, "offset": {"type": "integer"}}},
                "SaveRevision": {"type": "object", "required": ["text", "base_revision"], "additionalProperties": false,
                    "properties": {"text": {"type": "string"}, "base_revision": {"type": "integer"}}},
                "Revision": {"type": "object", "properties": {"segment": {"type": "integer"}, "revision": {"type": "integer"},
                    "text": {"type": "string"}, "stage": {"$ref": "#/components/schemas/Stage"}, "created_at": {"type": "string"}}},
                "Review": {"type": "object", "required": ["revision"], "properties": {"revision": {"type": "integer"}}},
                "Split": {"type": "object", "required": ["ko_at", "en_at"], "properties": {"ko_at": {"type": "integer"}, "en_at": {"type": "integer"}}},
                "Transition": {"type": "object", "required": ["action", "version"], "additionalProperties": false, "properties": {
                    "action": {"type": "string", "enum": ["submit", "approve", "return", "sign_off", "reopen"]}, "note": {"type": "string"},
                    "version": {"type": "integer", "description": "The article version the person saw; a stale one is 409 stale_version with current_version"}}},
                "Moved": {"type": "object", "properties": {"id": {"type": "integer"}, "stage": {"$ref": "#/components/schemas/Stage"}, "version": {"type": "integer"}}},
                "Diff": {"type": "object", "properties": {"rows": {"type": "array"}}},
                "Trail": {"type": "object", "properties": {"events": {"type": "array"}}},
                "Verification": {"type": "object", "properties": {"ok": {"type": "boolean"}, "events": {"type": "integer"},
                    "stage": {"$ref": "#/components/schemas/Stage"}, "reason": {"type": "string"}}}
            }
        }
    })
}
