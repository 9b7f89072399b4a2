//! What every signed-in page shares: the frame around its content, and
//! how stages, roles, times and diffs read on a page.

use galley_core::diff::{diff_text, render};
use galley_core::workflow::Stage;
use galley_store::{Session, User};

use super::assets::{self, Urls};

/// What every signed-in page shows around its content.
pub struct Chrome<'a> {
    pub user: &'a User,
    pub roles: String,
    pub csrf: &'a str,
    pub assets: &'a Urls,
}

impl<'a> Chrome<'a> {
    pub fn of(session: &'a Session) -> Chrome<'a> {
        Chrome {
            user: &session.user,
            roles: session
                .user
                .roles
                .iter()
                .map(|r| role_label(r.name()))
                .collect::<Vec<_>>()
                .join(", "),
            csrf: &session.csrf_token,
            assets: assets::urls(),
        }
    }
}

fn role_label(name: &str) -> &'static str {
    match name {
        "reporter" => "reporter",
        "bilingual_reviewer" => "bilingual reviewer",
        "native_editor" => "native editor",
        "admin" => "admin",
        _ => "?",
    }
}

/// How a stage reads on a page.
pub fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "Draft",
        Stage::BilingualReview => "Bilingual review",
        Stage::NativeEdit => "Native edit",
        Stage::SignedOff => "Signed off",
    }
}

/// "2026-11-28T09:12:58.123456Z" as "2026-11-28 09:12 UTC".
pub fn short_time(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

/// A diff as track changes, or nothing when the texts are the same.
pub fn diff_html(old: &str, new: &str) -> String {
    let diff = diff_text(old, new);
    if diff.is_unchanged() {
        String::new()
    } else {
        render::html(&diff)
    }
}
