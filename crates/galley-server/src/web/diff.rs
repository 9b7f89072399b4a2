//! Two texts as track changes, for the editor's live view and the
//! conflict panel.

use axum::Form;
use axum::response::{IntoResponse, Response};
use galley_core::diff::{diff_text, render};
use serde::Deserialize;

use super::PageError;
use super::guard::ScriptWrite;
use crate::compute::{Stopped, compute};
use crate::wrong::Wrong;

#[derive(Debug, Deserialize)]
pub struct DiffForm {
    old: String,
    new: String,
}

/// Most bytes the diff fragment takes: two rows at the limit.
const DIFF_LIMIT: usize = 2 * 4 * galley_core::limits::ROW_CHARS;

/// A diff of two texts as track changes, for the editor's live view and the
/// conflict panel.
pub async fn diff_fragment(
    _writer: ScriptWrite,
    Form(form): Form<DiffForm>,
) -> Result<Response, PageError> {
    let too_long = |text: &str| text.chars().count() > galley_core::limits::ROW_CHARS;
    if form.old.len() + form.new.len() > DIFF_LIMIT || too_long(&form.old) || too_long(&form.new) {
        return Err(PageError::from(Wrong::DiffTooLong));
    }
    let html = compute(move |_| {
        let diff = diff_text(&form.old, &form.new);
        Ok::<_, Stopped>(if diff.is_unchanged() {
            "<span class=\"unchanged\">No changes.</span>".to_string()
        } else {
            render::html(&diff)
        })
    })
    .await?;
    let mut response = html.into_response();
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(response)
}
