//! What every signed-in page shares: the frame around its content, and
//! how stages, roles, times and diffs read on a page.

use galley_core::diff::{diff_text, render};
use galley_core::workflow::Stage;
use galley_store::{Session, User};

use super::assets::{self, Urls};
use crate::i18n::{Lang, Texts};

/// What every signed-in page shows around its content.
pub struct Chrome<'a> {
    pub user: &'a User,
    pub roles: String,
    pub csrf: &'a str,
    pub assets: &'a Urls,
    /// The person's language, and its words.
    pub lang: Lang,
    pub t: &'static Texts,
    /// The page's own address, where the language switch comes back to.
    pub here: String,
    /// How many of the person's notifications are unread (the top bar's
    /// count).
    pub unread: i64,
}

impl<'a> Chrome<'a> {
    pub fn of(session: &'a Session, here: impl Into<String>) -> Chrome<'a> {
        let lang = Lang::of(&session.user);
        Chrome {
            user: &session.user,
            roles: session
                .user
                .roles
                .iter()
                .map(|&r| lang.role(r))
                .collect::<Vec<_>>()
                .join(", "),
            csrf: &session.csrf_token,
            assets: assets::urls(),
            lang,
            t: lang.texts(),
            here: here.into(),
            unread: 0,
        }
    }

    /// With the count of unread notifications read from the store (a page
    /// still renders, without the count, if it cannot be read).
    pub async fn with_unread(mut self, state: &crate::state::AppState) -> Chrome<'a> {
        match state.store.unread_notifications(self.user.id).await {
            Ok(n) => self.unread = n,
            Err(error) => tracing::warn!(%error, "cannot count unread notifications"),
        }
        self
    }

    /// The other language, offered by the switch in the top bar.
    pub fn other(&self) -> &'static str {
        self.lang.other().code()
    }
}

/// How a stage reads on a page, in a language.
pub fn stage_label(stage: Stage, lang: Lang) -> &'static str {
    lang.stage(stage)
}

/// An instant on the newsroom's clock: "2026-11-28 18:12 +09:00".
pub fn page_time(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// A time as the trail records it ("2026-11-28T09:12:58.123456Z") on the
/// newsroom's clock, as [`page_time`]. A text that is not a time is shown
/// as it is.
pub fn short_time(at: &str, zone: &jiff::tz::TimeZone) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(instant) => page_time(instant, zone),
        Err(_) => at.to_string(),
    }
}

/// A diff as track changes, or nothing when the texts are the same.
pub fn diff_html(old: &str, new: &str) -> String {
    diff_html_with_terms(old, new, &[])
}

/// [`diff_html`] with the glossary terms of the new text marked.
pub fn diff_html_with_terms(old: &str, new: &str, terms: &[render::Term]) -> String {
    let diff = diff_text(old, new);
    if diff.is_unchanged() {
        String::new()
    } else {
        render::html_with_terms(&diff, terms)
    }
}

#[cfg(test)]
mod tests {
    use super::short_time;

    #[test]
    fn times_read_on_the_newsrooms_clock_with_its_offset() {
        let seoul = jiff::tz::TimeZone::get("Asia/Seoul").unwrap();
        assert_eq!(
            short_time("2026-11-28T20:12:58.123456Z", &seoul),
            "2026-11-29 05:12 +09:00"
        );
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(
            short_time("2026-11-28T20:12:58Z", &utc),
            "2026-11-28 20:12 +00:00"
        );
        assert_eq!(short_time("not a time", &utc), "not a time");
    }
}
