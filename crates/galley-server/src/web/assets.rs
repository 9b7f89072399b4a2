//! The hand-written CSS and JavaScript, compiled into the binary and served
//! as they are, under names that change with their content, so browsers may
//! cache them for good. The review page's script is a set of ES modules
//! (`web/static/review/`) importing each other by relative names: they are
//! served from one folder named by the digest of them all, so a module and
//! the modules it imports always come from the same version.

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

const ASSETS: &[Asset] = &[Asset {
    name: "galley.css",
    content_type: "text/css; charset=utf-8",
    body: include_str!("../../../../web/static/galley.css"),
}];

/// The review page's modules; `main.js` starts the page.
const MODULES: &[Asset] = &[
    module(
        "main.js",
        include_str!("../../../../web/static/review/main.js"),
    ),
    module(
        "page.js",
        include_str!("../../../../web/static/review/page.js"),
    ),
    module(
        "drafts.js",
        include_str!("../../../../web/static/review/drafts.js"),
    ),
    module(
        "rows.js",
        include_str!("../../../../web/static/review/rows.js"),
    ),
    module(
        "server.js",
        include_str!("../../../../web/static/review/server.js"),
    ),
    module(
        "diffs.js",
        include_str!("../../../../web/static/review/diffs.js"),
    ),
    module(
        "align.js",
        include_str!("../../../../web/static/review/align.js"),
    ),
    module(
        "editor.js",
        include_str!("../../../../web/static/review/editor.js"),
    ),
    module(
        "panels.js",
        include_str!("../../../../web/static/review/panels.js"),
    ),
    module(
        "find.js",
        include_str!("../../../../web/static/review/find.js"),
    ),
    module(
        "keys.js",
        include_str!("../../../../web/static/review/keys.js"),
    ),
];

const fn module(name: &'static str, body: &'static str) -> Asset {
    Asset {
        name,
        content_type: "text/javascript; charset=utf-8",
        body,
    }
}

/// The versioned URL of every asset, for the templates.
#[derive(Debug)]
pub struct Urls {
    /// The style sheet.
    pub css: String,
    /// The review page's script: its first module.
    pub review_js: String,
}

fn version(body: &str) -> String {
    crate::secrets::token_hash(body)[..12].to_string()
}

/// The version of the modules together: any module changed changes it.
static MODULES_VERSION: LazyLock<String> = LazyLock::new(|| {
    let all: String = MODULES
        .iter()
        .flat_map(|m| [m.name, "\0", m.body, "\0"])
        .collect();
    version(&all)
});

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
        review_js: format!("/static/js/{}/main.js", *MODULES_VERSION),
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
    let exact = query.v.as_deref() == Some(&version(asset.body));
    answer(asset, exact)
}

/// A module of the review page's script. A folder named for an older
/// version is answered with today's module, not to be kept.
pub async fn serve_module(Path((folder, name)): Path<(String, String)>) -> Response {
    let Some(asset) = MODULES.iter().find(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    answer(asset, folder == *MODULES_VERSION)
}

fn answer(asset: &'static Asset, exact: bool) -> Response {
    let cache = if exact {
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
