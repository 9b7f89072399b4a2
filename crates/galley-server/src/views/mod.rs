//! Typed views of an article that both the API (as JSON) and the pages (as
//! HTML) show: built here once, rendered by each side.

pub mod article;
pub mod changes;
pub mod disclosure;
pub mod edition;
pub mod names;
pub mod notices;
