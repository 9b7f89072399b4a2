//! The hand-written CSS and JavaScript, compiled into the binary and served
//! under names that change with their content, so browsers may cache them
//! for good.

use std::sync::LazyLock;

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "galley.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../../../web/static/galley.css"),
    },
    Asset {
        name: "review.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../../../web/static/review.js"),
    },
];

/// The versioned URL of every asset, for the templates.
#[derive(Debug)]
pub struct Urls {
    /// The style sheet.
    pub css: String,
    /// The review page's script.
    pub review_js: String,
}

fn version(body: &str) -> String {
    crate::secrets::token_hash(body)[..12].to_string()
}

static URLS: LazyLock<Urls> = LazyLock::new(|| {
    let url = |name: &str| {
        let asset = ASSETS
            .iter()
            .find(|a| a.name == name)
            .map_or("", |a| a.body);
        format!("/static/{name}?v={}", version(asset))
    };
    Urls {
        css: url("galley.css"),
        review_js: url("review.js"),
    }
});

/// The asset URLs.
pub fn urls() -> &'static Urls {
    &URLS
}

#[derive(Debug, Deserialize)]
pub struct AssetQuery {
    v: Option<String>,
}

pub async fn serve(Path(name): Path<String>, Query(query): Query<AssetQuery>) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    // A URL naming this exact content may be cached for good.
    let cache = if query.v.as_deref() == Some(&version(asset.body)) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = asset.body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
