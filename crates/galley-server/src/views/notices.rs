//! What the API and the pages both say of a notification.

use galley_store::Notification;

/// Where a notification leads in the pages: the article, or for a comment
/// its row with the row's threads open.
pub fn link_of(notice: &Notification) -> String {
    match notice.comment.and_then(|c| c.row_id) {
        Some(row) => format!("/articles/{}?open=threads#row-{row}", notice.article_id),
        None => format!("/articles/{}", notice.article_id),
    }
}
