//! `/articles/new`: a reporter submits an article in the browser: the
//! Korean headline and body, the AI's English headline and draft, the AI
//! tool and model, checked as the API checks them. A refused form comes
//! back with everything typed in it and the reason; a stored one opens in
//! draft, aligned, where the reporter submits it for review.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use galley_core::workflow::{Change, Roles};

use super::chrome::Chrome;
use super::guard::{Posted, Viewer};
use super::review::{SubmissionFields as Fields, SubmissionForm};
use super::{Html, PageError};
use crate::compute::compute;
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage<'a> {
    chrome: Chrome<'a>,
    fields: Fields,
    /// Why the last try was refused, in the person's language.
    refused: Option<String>,
}

/// May this person submit articles (a reporter)?
fn may_submit(roles: Roles) -> Result<(), PageError> {
    galley_core::workflow::check_change(galley_core::workflow::Stage::Draft, roles, Change::Submit)
        .map_err(|refusal| galley_store::StoreError::Refused(refusal).into())
}

pub async fn form(
    State(state): State<AppState>,
    Viewer(session): Viewer,
) -> Result<Response, PageError> {
    may_submit(Roles::of(&session.user.roles))?;
    let chrome = Chrome::of(&session, "/articles/new")
        .with_unread(&state)
        .await;
    let fields = Fields {
        tool: "ChatGPT".into(),
        ..Fields::default()
    };
    Ok(Html::render(&SubmitPage {
        chrome,
        fields,
        refused: None,
    })
    .into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    Posted { session, form }: Posted<SubmissionForm>,
) -> Result<Response, PageError> {
    may_submit(Roles::of(&session.user.roles))?;
    let lang = Lang::of(&session.user);
    let refused = match form.checked() {
        Ok(checked) => match compute(move |_| Ok::<_, PageError>(checked.aligned())).await? {
            Ok(new) => match state.store.submit_article(&session.user, new).await {
                Ok(article) => {
                    return Ok(Redirect::to(&format!("/articles/{}", article.id)).into_response());
                }
                Err(error) => lang.store_error(&error),
            },
            Err(bad) => lang.text_error(&bad),
        },
        Err(bad) => lang.text_error(&bad),
    };
    // Nothing typed is lost: the form comes back as it was sent.
    let fields = Fields {
        title: form.title,
        source_title: form.source_title,
        source: form.source,
        draft: form.draft,
        tool: form.tool,
        model: form.model,
    };
    let chrome = Chrome::of(&session, "/articles/new")
        .with_unread(&state)
        .await;
    let page = Html::render(&SubmitPage {
        chrome,
        fields,
        refused: Some(refused),
    });
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
