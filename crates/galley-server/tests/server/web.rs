//! The browser pages over HTTP, without a browser: sign-in, sessions, CSRF,
//! rate limits, escaping and security headers, on SQLite and PostgreSQL
//! (`web_test!`). What needs a real browser is in `web/tests`.

use crate::common;
use crate::common::Answered as _;

use std::sync::Arc;
use std::time::Duration;

use galley_core::workflow::Role;
use galley_server::state::AppState;
use galley_server::state::WebSettings;
use galley_store::SqlStore;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;

const PASSWORD: &str = "a long enough password";

struct Web {
    base: String,
    client: reqwest::Client,
    reporter_token: String,
}

impl Web {
    async fn start(store: SqlStore, settings: WebSettings) -> Web {
        let (_, reporter_token) =
            common::person(&store, "kim.reporter", &[Role::Reporter], Some(PASSWORD)).await;
        common::person(
            &store,
            "lee.reviewer",
            &[Role::BilingualReviewer],
            Some(PASSWORD),
        )
        .await;
        common::person(&store, "no.password", &[Role::BilingualReviewer], None).await;
        let base = common::serve(AppState {
            web: Arc::new(settings),
            ..AppState::new(Arc::new(store))
        })
        .await;
        Web {
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            reporter_token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn login(&self, name: &str, password: &str, next: &str) -> reqwest::Response {
        self.client
            .post(self.url("/login"))
            .form(&[("name", name), ("password", password), ("next", next)])
            .send()
            .await
            .expect("login")
    }

    /// Signs in; returns the cookie header value and the page's CSRF token.
    async fn session(&self, name: &str) -> (String, String) {
        let response = self.login(name, PASSWORD, "/").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("name=value")
            .to_string();
        let page = self.page("/", &cookie).await.1;
        let csrf = page
            .split("name=\"csrf-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("csrf meta tag")
            .to_string();
        (cookie, csrf)
    }

    async fn page(&self, path: &str, cookie: &str) -> (StatusCode, String, HeaderMap) {
        let response = self
            .client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("page");
        let status = response.status();
        let headers = response.headers().clone();
        (status, response.text().await.expect("body"), headers)
    }

    async fn submit(&self, title: &str, source: &str, draft: &str) -> i64 {
        let response = self
            .client
            .post(self.url("/api/v1/articles"))
            .bearer_auth(&self.reporter_token)
            .json(&json!({"title": title, "source": source, "draft": draft,
                          "ai": {"tool": "ChatGPT", "model": "gpt-4o"}}))
            .send()
            .await
            .expect("submit");
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json::<serde_json::Value>().await.expect("json")["id"]
            .as_i64()
            .expect("id")
    }
}

/// A test of the pages on both backends, given a fresh store.
macro_rules! web_test {
    ($name:ident) => {
        backend_test!($name);
    };
}

web_test!(sign_in_sets_a_strict_cookie_and_returns_where_you_were_going);
async fn sign_in_sets_a_strict_cookie_and_returns_where_you_were_going(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    // A visitor without a session is sent to sign in, remembering the page.
    let (status, _, headers) = web.page("/articles/1/trail", "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/login?next=/articles/1/trail");

    let response = web.login("lee.reviewer", PASSWORD, "/articles/1").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/articles/1");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("galley_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: no Secure flag");

    // Behind a TLS-terminating proxy the cookie is Secure.
    let response = web
        .client
        .post(web.url("/login"))
        .header("x-forwarded-proto", "https")
        .form(&[("name", "lee.reviewer"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );

    // `next` never leads off the site.
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = web.login("lee.reviewer", PASSWORD, evil).await;
        assert_eq!(response.headers()["location"], "/", "{evil}");
    }
}

web_test!(wrong_passwords_are_refused_then_rate_limited);
async fn wrong_passwords_are_refused_then_rate_limited(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    for name in ["lee.reviewer", "nobody.here", "no.password"] {
        let response = web.login(name, "wrong password!", "/").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{name}");
        assert!(response.headers().get("set-cookie").is_none());
        // The same answer whether or not the user exists.
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Wrong user name or password.")
        );
    }
    for _ in 0..4 {
        assert_eq!(
            web.login("lee.reviewer", "wrong again", "/").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Five failures: even the right password waits out the window.
    let limited = web.login("lee.reviewer", PASSWORD, "/").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "900");
    assert!(limited.headers().get("set-cookie").is_none());
    // Another person is not locked out by it.
    assert_eq!(
        web.login("kim.reporter", PASSWORD, "/").await.status(),
        StatusCode::SEE_OTHER
    );
}

web_test!(sign_in_attempts_are_counted_before_the_check);
/// The limiter counts each attempt before the
/// password is checked, in one atomic step, on the exact name.
async fn sign_in_attempts_are_counted_before_the_check(store: SqlStore) {
    let web = Arc::new(Web::start(store, WebSettings::default()).await);
    let burst = |name: &'static str, right_at: Option<usize>, n: usize| {
        let web = web.clone();
        async move {
            let mut attempts = tokio::task::JoinSet::new();
            for k in 0..n {
                let web = web.clone();
                let password = if Some(k) == right_at {
                    PASSWORD
                } else {
                    "wrong password!"
                };
                attempts.spawn(async move { (k, web.login(name, password, "/").await.status()) });
            }
            attempts.join_all().await
        }
    };
    // 40 wrong passwords at once: five are checked, the rest wait.
    let answers = burst("lee.reviewer", None, 40).await;
    let checked = answers
        .iter()
        .filter(|(_, s)| *s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = answers
        .iter()
        .filter(|(_, s)| *s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, limited), (5, 35), "{answers:?}");
    // Once the limit is reached, the right password in a burst is refused too.
    let answers = burst("lee.reviewer", Some(10), 20).await;
    assert!(
        answers
            .iter()
            .all(|(_, s)| *s == StatusCode::TOO_MANY_REQUESTS),
        "{answers:?}"
    );
    // The key is the exact name: failures for another spelling lock only it.
    for _ in 0..6 {
        web.login("KIM.REPORTER", "wrong password!", "/").await;
    }
    assert_eq!(
        web.login("kim.reporter", PASSWORD, "/").await.status(),
        StatusCode::SEE_OTHER
    );
    // A NUL in the name is refused as the form's error, not a server error.
    let response = web
        .client
        .post(web.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=kim.reporter%00&password=x&next=/")
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("control character"));
}

web_test!(sessions_expire_and_sign_out_ends_them);
async fn sessions_expire_and_sign_out_ends_them(store: SqlStore) {
    let short = WebSettings {
        session_lifetime: Duration::from_secs(1),
        ..WebSettings::default()
    };
    let web = Web::start(store, short).await;
    let (cookie, _) = web.session("lee.reviewer").await;
    assert_eq!(web.page("/", &cookie).await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, _, headers) = web.page("/", &cookie).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "an expired session signs no one in"
    );
    assert_eq!(headers["location"], "/login?next=/");

    let web_long = web;
    let (cookie, csrf) = web_long.session("lee.reviewer").await;
    // Signing out needs the form's token.
    let refused = web_long
        .client
        .post(web_long.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf", "not-the-token")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let out = web_long
        .client
        .post(web_long.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(web_long.page("/", &cookie).await.0, StatusCode::SEE_OTHER);
}

web_test!(browser_writes_need_the_csrf_token_from_this_site);
async fn browser_writes_need_the_csrf_token_from_this_site(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    let id = web
        .submit("Rate", "금리를 동결했다.", "The rate was held.")
        .await;
    let (cookie, csrf) = web.session("kim.reporter").await;
    let transition = |token: Option<&str>, origin: Option<&str>| {
        let mut request = web
            .client
            .post(web.url(&format!("/api/v1/articles/{id}/transitions")))
            .header("cookie", &cookie)
            .json(&json!({"action": "submit", "version": 1}));
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let bare = transition(None, None).await.unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    let problem: serde_json::Value = bare.json().await.unwrap();
    assert_eq!(problem["rule"], "csrf");
    assert_eq!(
        transition(Some("forged"), None).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        transition(Some(&csrf), Some("https://evil.example"))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN,
        "the right token from another site"
    );
    // Nothing moved.
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(common::select(&page, ".stage.stage-draft"), ["Draft"]);
    // Reading needs no token; writing with it works.
    let read = web
        .client
        .get(web.url(&format!("/api/v1/articles/{id}")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let ok = transition(Some(&csrf), Some(&web.base)).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(
        common::select(&page, ".stage.stage-bilingual_review"),
        ["Bilingual review"]
    );
}

web_test!(an_auditor_reads_the_pages_and_posts_nothing);
/// An auditor signs in and reads the desk, an article and its trail; every
/// form that would change something is refused (403, in their language),
/// from the page and from the page's script alike, and nothing moves.
/// Choosing the language and signing out stay theirs.
async fn an_auditor_reads_the_pages_and_posts_nothing(store: SqlStore) {
    common::person(&store, "an.auditor", &[Role::Auditor], Some(PASSWORD)).await;
    let web = Web::start(store, WebSettings::default()).await;
    let id = web
        .submit("Rate", "금리를 동결했다.", "The rate was held.")
        .await;
    let (cookie, csrf) = web.session("an.auditor").await;
    for path in [
        "/".to_string(),
        format!("/articles/{id}"),
        format!("/articles/{id}/trail"),
    ] {
        let (status, _, _) = web.page(&path, &cookie).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let submit = || {
        web.client
            .post(web.url(&format!("/articles/{id}/transitions")))
            .header("cookie", &cookie)
            .form(&[
                ("csrf", csrf.as_str()),
                ("action", "submit"),
                ("version", "1"),
            ])
            .send()
    };
    let form = submit().await.unwrap();
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    let page = form.text().await.unwrap();
    assert!(
        page.contains("an auditor reads every article, trail and export and changes nothing"),
        "{page}"
    );
    let script = web
        .client
        .post(web.url(&format!("/api/v1/articles/{id}/transitions")))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("origin", &web.base)
        .json(&json!({"action": "submit", "version": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::FORBIDDEN);
    let problem = common::decoded_problem(&script.json().await.unwrap());
    assert_eq!(problem.rule.as_deref(), Some("role_required"));
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(common::select(&page, ".stage.stage-draft"), ["Draft"]);
    let language = web
        .client
        .post(web.url("/settings/language"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str()), ("language", "ko"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(language.status(), StatusCode::SEE_OTHER);
    let refused = submit().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("감사 역할은"));
}

web_test!(a_reporter_submits_an_article_in_the_browser);
/// A reporter submits an article from the page, with the API's limits: a
/// refused form comes back with everything typed and the reason; a good one
/// opens as a draft, aligned, with the AI tool recorded. A reviewer has no
/// such page.
async fn a_reporter_submits_an_article_in_the_browser(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    let (cookie, csrf) = web.session("kim.reporter").await;
    let (status, desk, _) = web.page("/", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(common::select(&desk, "a#new-article"), ["New article"]);
    let (status, page, _) = web.page("/articles/new", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(common::select(&page, "form.submit-form textarea").len(), 2);
    let send = |fields: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", csrf.clone())];
        form.extend(fields);
        web.client
            .post(web.url("/articles/new"))
            .header("cookie", &cookie)
            .form(&form)
            .send()
    };
    let korean =
        "정부는 반도체에 3500억 달러를 투자한다.\n\n투자는 2030년까지 이어진다.".to_string();
    let fields = |draft: &str| {
        vec![
            ("source_title", "반도체 투자".to_string()),
            ("title", "Chip investment".to_string()),
            ("source", korean.clone()),
            ("draft", draft.to_string()),
            ("tool", "ChatGPT".to_string()),
            ("model", "gpt-4o".to_string()),
        ]
    };
    let bad =
        "The government will invest $350 billion in chips.\u{1}\n\nThe investment runs until 2030.";
    let refused = send(fields(bad)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(
        common::select(&page, "#refused")[0].contains("draft"),
        "the reason names the field: {page}"
    );
    assert_eq!(
        common::select(&page, "textarea[name=source]"),
        [korean.split_whitespace().collect::<Vec<_>>().join(" ")],
        "the Korean typed is still there"
    );
    let good =
        "The government will invest $350 billion in chips.\n\nThe investment runs until 2030.";
    let stored = send(fields(good)).await.unwrap();
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    let to = stored.headers()["location"].to_str().unwrap().to_string();
    let (status, article, _) = web.page(&to, &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(common::select(&article, ".stage.stage-draft"), ["Draft"]);
    assert_eq!(
        common::select(&article, "#rows .row").len(),
        3,
        "the headline and two rows"
    );
    let (cookie, _) = web.session("lee.reviewer").await;
    let (status, _, _) = web.page("/articles/new", &cookie).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

web_test!(pages_escape_everything_and_forbid_inline_scripts);
async fn pages_escape_everything_and_forbid_inline_scripts(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let id = web
        .submit(
            &format!("Title {hostile}"),
            &format!("한국어 {hostile} 문단이다."),
            &format!("English {hostile} paragraph."),
        )
        .await;
    let (cookie, _) = web.session("lee.reviewer").await;
    for path in [
        "/".to_string(),
        format!("/articles/{id}"),
        format!("/articles/{id}/trail"),
    ] {
        let (status, page, headers) = web.page(&path, &cookie).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!page.contains("<script>alert"), "{path} has a raw script");
        assert!(!page.contains("<img src=x"), "{path} has a raw image");
        assert!(
            page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{path}"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
        // No inline script or style anywhere: the CSP would block it.
        assert!(
            !page.contains("<script>") && !page.contains("style="),
            "{path}"
        );
    }
}

web_test!(the_review_page_reads_without_javascript);
async fn the_review_page_reads_without_javascript(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    // The README's example: the draft dropped the household-debt paragraph.
    let id = web
        .submit(
            "Bank of Korea holds key rate",
            include_str!("../../../../examples/rate-decision.ko.txt"),
            include_str!("../../../../examples/rate-decision.en.txt"),
        )
        .await;
    let (cookie, _) = web.session("lee.reviewer").await;
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    // Korean beside English, the dropped paragraph flagged, stage actions
    // with the rule that blocks them, the reviewer's own tools.
    let rows = common::select(&page, "article.row");
    assert!(
        rows.iter()
            .any(|r| r.contains("한국은행") && r.contains("Bank of Korea"))
    );
    let dropped = common::select(&page, "[data-check=\"missing_english\"]");
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert!(
        dropped[0].contains("No English for this Korean: the AI draft dropped it."),
        "{dropped:?}"
    );
    assert_eq!(
        common::select(&page, "#why-submit[data-rule=\"role_required\"]").len(),
        1,
        "a reviewer cannot submit, and is told why"
    );
    // Metrics summary.
    assert!(
        common::select(&page, "table, dl, section")
            .iter()
            .any(|t| t.contains("AI draft → now"))
    );

    // One row, as the script swaps it in after a save.
    let (cookie_r, csrf) = web.session("kim.reporter").await;
    let submit = web
        .client
        .post(web.url(&format!("/articles/{id}/transitions")))
        .header("cookie", &cookie_r)
        .form(&[
            ("csrf", csrf.as_str()),
            ("action", "submit"),
            ("version", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(submit.status(), StatusCode::SEE_OTHER);
    let article: serde_json::Value = web
        .client
        .get(web.url(&format!("/api/v1/articles/{id}")))
        .bearer_auth(&web.reporter_token)
        .json_body()
        .await;
    let segment = &article["segments"][0];
    let (status, row, _) = web
        .page(&format!("/articles/{id}/rows/{}", segment["id"]), &cookie)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(row.starts_with("<article class=\"row"), "{row}");
    assert_eq!(
        common::select(
            &row,
            "button[data-act=\"edit\"], button[data-act=\"review\"]"
        ),
        ["Edit e", "Mark reviewed r"]
    );
    // The desk lists it as waiting for the reviewer.
    let (_, desk, _) = web.page("/?q=bank", &cookie).await;
    assert_eq!(
        common::select(&desk, "section.waiting li a"),
        ["Bank of Korea holds key rate"]
    );
    // Unknown things are a 404 page, not a crash.
    assert_eq!(
        web.page("/articles/999999", &cookie).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        web.page("/articles/not-a-number", &cookie).await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn assets_are_cached_by_content() {
    let web = Web::start(common::sqlite_store().await, WebSettings::default()).await;
    let (cookie, _) = web.session("lee.reviewer").await;
    let (_, page, _) = web.page("/", &cookie).await;
    let css = page
        .split("href=\"/static/galley.css?v=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("versioned stylesheet");
    let response = web
        .client
        .get(web.url(&format!("/static/galley.css?v={css}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        HeaderValue::from_static("public, max-age=31536000, immutable")
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("word-break: keep-all")
    );
    let stale = web
        .client
        .get(web.url("/static/galley.css?v=old"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.headers()["cache-control"], "no-cache");
    let missing = web
        .client
        .get(web.url("/static/../Cargo.toml"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_review_script_loads_as_modules_from_one_version() {
    let web = Web::start(common::sqlite_store().await, WebSettings::default()).await;
    let id = web
        .submit("Rate", "금리를 동결했다.", "The rate was held.")
        .await;
    let (cookie, _) = web.session("kim.reporter").await;
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    let entry = page
        .split("<script type=\"module\" src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the review page's script is a module");
    let folder = entry.strip_suffix("main.js").expect("the entry module");
    // Every module main.js reaches through its imports loads from the
    // same folder, as JavaScript, kept for good.
    let mut to_load = vec!["main.js".to_string()];
    let mut loaded = Vec::new();
    while let Some(name) = to_load.pop() {
        if loaded.contains(&name) {
            continue;
        }
        let response = web
            .client
            .get(web.url(&format!("{folder}{name}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(
            response.headers()["content-type"],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{name}"
        );
        let body = response.text().await.unwrap();
        for import in body.lines().filter(|line| line.starts_with("import ")) {
            let target = import
                .rsplit("'./")
                .next()
                .and_then(|rest| rest.split('\'').next())
                .expect("a relative import");
            to_load.push(target.to_string());
        }
        loaded.push(name);
    }
    loaded.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/static/review"),
    )
    .unwrap()
    .map(|entry| entry.unwrap().file_name().into_string().unwrap())
    .collect();
    on_disk.sort();
    assert_eq!(loaded, on_disk, "every module is reached and served");
    // A folder of another version is answered, not kept.
    let old = web
        .client
        .get(web.url("/static/js/0123456789ab/page.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::OK);
    assert_eq!(old.headers()["cache-control"], "no-cache");
}

web_test!(the_inbox_and_the_assignment_form_work_without_javascript);
async fn the_inbox_and_the_assignment_form_work_without_javascript(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    let id = web
        .submit(
            "Bank of Korea holds key rate",
            include_str!("../../../../examples/rate-decision.ko.txt"),
            include_str!("../../../../examples/rate-decision.en.txt"),
        )
        .await;
    let post = |path: String, cookie: String, form: Vec<(&'static str, String)>| {
        let request = web
            .client
            .post(web.url(&path))
            .header("cookie", cookie)
            .form(&form);
        async move { request.send().await.expect("post") }
    };
    let (reporter, reporter_csrf) = web.session("kim.reporter").await;
    let sent = post(
        format!("/articles/{id}/transitions"),
        reporter.clone(),
        vec![
            ("csrf", reporter_csrf.clone()),
            ("action", "submit".into()),
            ("version", "1".into()),
        ],
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);

    // The reviewer's top bar counts one unread notification; the inbox says
    // what it is.
    let (cookie, csrf) = web.session("lee.reviewer").await;
    let (_, desk, _) = web.page("/", &cookie).await;
    assert_eq!(common::select(&desk, "#unread"), ["1"]);
    let (_, inbox, _) = web.page("/inbox", &cookie).await;
    let items = common::select(&inbox, "li.notice.unread button");
    assert_eq!(
        items,
        ["Arrived in Bilingual review : Bank of Korea holds key rate"]
    );
    let action = inbox
        .split("/open\"")
        .next()
        .and_then(|before| before.rsplit('/').next())
        .expect("an open form")
        .to_string();
    assert!(action.parse::<i64>().is_ok(), "{action}");
    // Opening it needs the CSRF token, is one's own only, marks it read and
    // goes to the article.
    let forged = post(
        format!("/inbox/{action}/open"),
        cookie.clone(),
        vec![("csrf", "not-the-token".into())],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let not_theirs = post(
        format!("/inbox/{action}/open"),
        reporter.clone(),
        vec![("csrf", reporter_csrf.clone())],
    )
    .await;
    assert_eq!(not_theirs.status(), StatusCode::NOT_FOUND);
    let opened = post(
        format!("/inbox/{action}/open"),
        cookie.clone(),
        vec![("csrf", csrf.clone())],
    )
    .await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        opened.headers()["location"],
        format!("/articles/{id}").as_str()
    );
    let (_, desk, _) = web.page("/", &cookie).await;
    assert!(common::select(&desk, "#unread").is_empty());

    // The article page names nobody responsible yet and offers the reviewer
    // the form for bilingual review only.
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(
        common::select(&page, "#assignments .assignee"),
        ["Nobody", "Nobody"]
    );
    assert_eq!(common::select(&page, "#assignments form").len(), 1);
    let bad = post(
        format!("/articles/{id}/assignments/bilingual_review"),
        cookie.clone(),
        vec![
            ("csrf", csrf.clone()),
            ("assignee", "".into()),
            ("due", "tomorrow".into()),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reviewer_id = page
        .split("<option value=\"")
        .nth(2)
        .and_then(|rest| rest.split('"').next())
        .expect("the reviewer offered")
        .to_string();
    let assigned = post(
        format!("/articles/{id}/assignments/bilingual_review"),
        cookie.clone(),
        vec![
            ("csrf", csrf.clone()),
            ("assignee", reviewer_id),
            ("due", "2026-12-04T18:00".into()),
        ],
    )
    .await;
    assert_eq!(assigned.status(), StatusCode::SEE_OTHER);
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(
        common::select(
            &page,
            "#assignments li[data-stage=\"bilingual_review\"] time"
        ),
        ["due 2026-12-04 18:00 +09:00"]
    );
    // The reporter may not assign the review: the page says why.
    let refused = post(
        format!("/articles/{id}/assignments/bilingual_review"),
        reporter,
        vec![("csrf", reporter_csrf), ("assignee", "".into())],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let said = common::select(&refused.text().await.unwrap(), "#error");
    assert_eq!(said.len(), 1, "the page says why");
}

web_test!(a_new_version_of_the_korean_is_given_in_a_form_without_javascript);
async fn a_new_version_of_the_korean_is_given_in_a_form_without_javascript(store: SqlStore) {
    let web = Web::start(store, WebSettings::default()).await;
    let korean = include_str!("../../../../examples/rate-decision.ko.txt");
    let id = web
        .submit(
            "Bank of Korea holds key rate",
            korean,
            include_str!("../../../../examples/rate-decision.en.txt"),
        )
        .await;
    let post = |cookie: String, form: Vec<(&'static str, String)>| {
        let request = web
            .client
            .post(web.url(&format!("/articles/{id}/source")))
            .header("cookie", cookie)
            .form(&form);
        async move { request.send().await.expect("post") }
    };
    // The form is the reporter's, filled with the Korean as it is.
    let (reviewer, reviewer_csrf) = web.session("lee.reviewer").await;
    let (_, page, _) = web.page(&format!("/articles/{id}"), &reviewer).await;
    assert!(common::select(&page, "#revise").is_empty());
    let (cookie, csrf) = web.session("kim.reporter").await;
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(
        common::select(&page, "#revise summary"),
        ["A new version of the Korean"]
    );
    let revised = korean.replace("6조8천억", "6조3천억");
    let refused = post(
        reviewer,
        vec![
            ("csrf", reviewer_csrf),
            ("source", revised.clone()),
            ("base_source_version", "1".into()),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let forged = post(
        cookie.clone(),
        vec![
            ("csrf", "not-the-token".into()),
            ("source", revised.clone()),
            ("base_source_version", "1".into()),
        ],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let sent = post(
        cookie.clone(),
        vec![
            ("csrf", csrf.clone()),
            ("source", revised.clone()),
            ("base_source_version", "1".into()),
            ("draft", String::new()),
        ],
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        sent.headers()["location"],
        format!("/articles/{id}?done=revised#done").as_str()
    );
    let (_, page, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(common::select(&page, ".flag-source"), ["Korean changed"]);
    // The word diff marks the word, with the changed character in it.
    let word = |selector: &str| -> Vec<String> {
        common::select(&page, selector)
            .iter()
            .map(|w| w.replace(' ', ""))
            .collect()
    };
    assert_eq!(word(".ko-diff del"), ["6조8천억"]);
    assert_eq!(word(".ko-diff ins"), ["6조3천억"]);
    // A second form sent from the same page names the old version: stale.
    let stale = post(
        cookie,
        vec![
            ("csrf", csrf),
            ("source", korean.to_string()),
            ("base_source_version", "1".into()),
        ],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
}

web_test!(the_glossary_page_is_a_page_at_a_time);
/// The glossary's page shows 100 entries and a link to the next 100; a
/// search is answered by the database, paged the same way.
async fn the_glossary_page_is_a_page_at_a_time(store: SqlStore) {
    use galley_core::glossary::TermKind;
    use galley_store::{Accounts, NewTerm, Terms};
    let admin = store
        .add_user(&common::unique("glossary.admin"), &[Role::Admin], None)
        .await
        .expect("admin");
    let terms: Vec<NewTerm> = (0..250)
        .map(|i| NewTerm {
            korean: vec![format!("기관{i:03}")],
            english: vec![format!("Agency {i}")],
            forbidden: Vec::new(),
            kind: TermKind::Organization,
            note: if i % 2 == 0 {
                "even".into()
            } else {
                String::new()
            },
        })
        .collect();
    store.add_terms(&admin, &terms).await.expect("terms");
    let web = Web::start(store, WebSettings::default()).await;
    let (cookie, _) = web.session("kim.reporter").await;
    let mut shown = 0;
    let mut path = "/glossary".to_string();
    let mut pages = 0;
    loop {
        let (status, page, _) = web.page(&path, &cookie).await;
        assert_eq!(status, StatusCode::OK);
        let rows = common::select(&page, "table.terms tbody tr").len();
        assert!(rows <= 100, "{rows}");
        shown += rows;
        pages += 1;
        let next = common::select_attr(&page, "a[rel=next]", "href");
        match next.first() {
            Some(next) => path = next.clone(),
            None => break,
        }
    }
    assert!(
        shown >= 250 && pages == shown.div_ceil(100),
        "{shown} in {pages}"
    );
    // 125 entries say "even": two pages, the link keeping the search.
    let (_, page, _) = web.page("/glossary?q=EVEN", &cookie).await;
    assert_eq!(common::select(&page, "table.terms tbody tr").len(), 100);
    let next = common::select_attr(&page, "a[rel=next]", "href");
    assert!(next[0].starts_with("/glossary?q=EVEN&after="), "{next:?}");
    let (_, page, _) = web.page(&next[0], &cookie).await;
    assert_eq!(common::select(&page, "table.terms tbody tr").len(), 25);
}

web_test!(glossary_terms_are_marked_in_the_korean);
/// A glossary term in a row's Korean is marked on the review page,
/// particle and all left outside the mark, with the approved English in its
/// title and on focus (it takes the keyboard's focus), and the finding of
/// its misspelling is listed under the row.
async fn glossary_terms_are_marked_in_the_korean(store: SqlStore) {
    use galley_core::glossary::TermKind;
    use galley_store::{Accounts, NewTerm, Terms};
    let admin = store
        .add_user(&common::unique("glossary.admin"), &[Role::Admin], None)
        .await
        .expect("admin");
    store
        .add_terms(
            &admin,
            &[NewTerm {
                korean: vec!["박재근".into()],
                english: vec!["Park Jae-geun".into()],
                forbidden: vec!["Park Jae-kyun".into()],
                kind: TermKind::Person,
                note: String::new(),
            }],
        )
        .await
        .expect("a term");
    let web = Web::start(store, WebSettings::default()).await;
    let id = web
        .submit(
            "Chips",
            "박재근 교수는 수출이 늘었다고 말했다.",
            "Professor Park Jae-kyun said exports rose.",
        )
        .await;
    let (cookie, _) = web.session("lee.reviewer").await;
    let (status, html, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(common::select(&html, ".ko mark.term"), vec!["박재근"]);
    let document = scraper::Html::parse_document(&html);
    let mark = document
        .select(&scraper::Selector::parse(".ko mark.term").unwrap())
        .next()
        .expect("a mark");
    assert_eq!(mark.value().attr("tabindex"), Some("0"));
    assert_eq!(mark.value().attr("data-english"), Some("Park Jae-geun"));
    assert_eq!(mark.value().attr("title"), Some("Glossary: Park Jae-geun"));
    // The paragraph reads whole around it.
    // (The headline row above it, submitted without a Korean headline,
    // says so in a `.missing` line.)
    assert_eq!(
        common::select(&html, ".ko p:not(.missing)"),
        vec!["박재근 교수는 수출이 늘었다고 말했다."]
    );
    assert!(
        html.contains("“Park Jae-kyun” is not used for 박재근"),
        "the finding is listed under the row"
    );
    // The forbidden spelling is not marked as the glossary's English.
    assert!(common::select(&html, ".en mark.term").is_empty());
    // A name the glossary has is not offered a romanization.
    assert!(common::select(&html, ".ko p.romanize").is_empty());

    // A name it does not have is romanized beside the Korean, as a
    // suggestion with a way to the glossary (where the form is filled in).
    let unknown = web
        .submit(
            "Chips 3",
            "김민준 대표는 투자를 늘리겠다고 밝혔다. 정부는 환영했다.",
            "CEO Kim Min-jun said he would invest more. The government welcomed it.",
        )
        .await;
    let (_, html, _) = web.page(&format!("/articles/{unknown}"), &cookie).await;
    assert_eq!(
        common::select(&html, ".ko p.romanize"),
        vec![
            "Not in the glossary; romanized as a suggestion: 김민준 Kim Min-jun · RR Gim Min-jun · MR Kim Min-jun Glossary"
        ]
    );
    let link = scraper::Html::parse_document(&html)
        .select(&scraper::Selector::parse(".ko p.romanize a").unwrap())
        .next()
        .and_then(|a| a.value().attr("href").map(str::to_string))
        .expect("a link");
    assert_eq!(link, "/glossary?name=%EA%B9%80%EB%AF%BC%EC%A4%80#add-term");
    // The text itself is untouched (after the headline row's "Chips 3").
    assert_eq!(
        common::select(&html, ".en .view[data-view=now]"),
        vec![
            "Chips 3",
            "CEO Kim Min-jun said he would invest more. The government welcomed it."
        ]
    );

    // Where the English has the approved form, it is marked in every view
    // of the English, with the Korean it renders on hover and focus.
    let id = web
        .submit(
            "Chips 2",
            "박재근 씨가 말했다.",
            "PARK JAE-GEUN's company said so.",
        )
        .await;
    let (_, html, _) = web.page(&format!("/articles/{id}"), &cookie).await;
    for view in ["ai", "bilingual", "last", "now"] {
        assert_eq!(
            common::select(&html, &format!(".en .view[data-view={view}] mark.term")),
            vec!["PARK JAE-GEUN"],
            "the {view} view"
        );
    }
    let document = scraper::Html::parse_document(&html);
    let mark = document
        .select(&scraper::Selector::parse(".en .view[data-view=now] mark.term").unwrap())
        .next()
        .expect("a mark");
    assert_eq!(mark.value().attr("tabindex"), Some("0"));
    assert_eq!(mark.value().attr("data-note"), Some("박재근"));
    // The text reads whole around the mark (the body's row, after the
    // headline's).
    let now = document
        .select(&scraper::Selector::parse(".en .view[data-view=now]").unwrap())
        .nth(1)
        .expect("the view");
    assert_eq!(
        now.text().collect::<String>(),
        "PARK JAE-GEUN's company said so."
    );
}

web_test!(the_glossary_page_manages_entries_without_javascript);
/// The glossary page. Anyone signed in searches it; an
/// admin or a native editor adds, edits and retires entries in forms
/// (refused as the API refuses: a one-character term, no CSRF token); a
/// reviewer sees no forms and is refused; a Korean name is romanized on
/// request.
async fn the_glossary_page_manages_entries_without_javascript(store: SqlStore) {
    common::person(&store, "park.editor", &[Role::NativeEditor], Some(PASSWORD)).await;
    let web = Web::start(store, WebSettings::default()).await;
    let post = |path: String, cookie: String, form: Vec<(&'static str, String)>| {
        let request = web
            .client
            .post(web.url(&path))
            .header("cookie", cookie)
            .form(&form);
        async move { request.send().await.expect("post") }
    };
    let (cookie, csrf) = web.session("park.editor").await;
    let term = |csrf: &str, korean: &str, english: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("korean", korean.to_string()),
            ("english", english.to_string()),
            ("forbidden", "Trade Ministry".to_string()),
            ("kind", "organization".to_string()),
            ("note", "house style".to_string()),
        ]
    };
    let added = post(
        "/glossary".into(),
        cookie.clone(),
        term(
            &csrf,
            "산업통상자원부 | 산업부",
            "Ministry of Trade, Industry and Energy",
        ),
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(added.headers()["location"], "/glossary?done=added");
    let (status, page, _) = web.page("/glossary?q=%EC%82%B0%EC%97%85", &cookie).await;
    assert_eq!(status, StatusCode::OK);
    let document = scraper::Html::parse_document(&page);
    let input = |name: &str| {
        document
            .select(
                &scraper::Selector::parse(&format!("tr[data-term] input[name={name}]")).unwrap(),
            )
            .next()
            .and_then(|i| i.value().attr("value").map(str::to_string))
    };
    assert_eq!(input("korean").as_deref(), Some("산업통상자원부 | 산업부"));
    assert_eq!(input("forbidden").as_deref(), Some("Trade Ministry"));
    let id: i64 = document
        .select(&scraper::Selector::parse("tr[data-term]").unwrap())
        .next()
        .and_then(|r| r.value().attr("data-term"))
        .unwrap()
        .parse()
        .unwrap();
    // Edited: a variant of the English.
    let edited = post(
        format!("/glossary/{id}"),
        cookie.clone(),
        term(
            &csrf,
            "산업통상자원부 | 산업부",
            "Ministry of Trade, Industry and Energy | Trade, Industry and Energy Ministry",
        ),
    )
    .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let (_, page, _) = web.page("/glossary", &cookie).await;
    assert!(page.contains(
        "value=\"Ministry of Trade, Industry and Energy | Trade, Industry and Energy Ministry\""
    ));
    // Refused as the API refuses, and without the token.
    let short = post(
        "/glossary".into(),
        cookie.clone(),
        term(&csrf, "산", "Mountain"),
    )
    .await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text().await.unwrap().contains("korean[0]"));
    let forged = post(
        "/glossary".into(),
        cookie.clone(),
        term("not-the-token", "한국은행", "Bank of Korea"),
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // A reviewer reads it, without forms, and may not change it.
    let (reviewer, reviewer_csrf) = web.session("lee.reviewer").await;
    let (_, page, _) = web.page("/glossary", &reviewer).await;
    assert!(common::select(&page, "#add-term").is_empty());
    assert_eq!(
        common::select(&page, "table.terms tbody td:first-child"),
        ["산업통상자원부 | 산업부"]
    );
    let refused = post(
        "/glossary".into(),
        reviewer,
        term(&reviewer_csrf, "한국은행", "Bank of Korea"),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Retired: no longer listed.
    let retired = post(
        format!("/glossary/{id}/retire"),
        cookie.clone(),
        vec![("csrf", csrf.clone())],
    )
    .await;
    assert_eq!(retired.status(), StatusCode::SEE_OTHER);
    let (_, page, _) = web.page("/glossary", &cookie).await;
    assert!(common::select(&page, "tr[data-term]").is_empty());
    // The glossary's files, from the page (the session's cookie reads them).
    let document = scraper::Html::parse_document(&page);
    let links: Vec<String> = document
        .select(&scraper::Selector::parse("main.glossary a[download]").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(
        links,
        [
            "/api/v1/glossary/export",
            "/api/v1/glossary/export?format=tbx"
        ]
    );
    let (status, tbx, headers) = web.page(&links[1], &cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-tbx+xml")
    );
    assert!(tbx.contains("<tbx type=\"TBX-Basic\""), "{tbx}");
    // A name romanized on request, as a suggestion.
    let (_, page, _) = web
        .page("/glossary?name=%EB%B0%95%EC%9E%AC%EA%B7%BC", &cookie)
        .await;
    assert_eq!(
        common::select(&page, ".romanized dd"),
        ["Bak Jae-geun", "Park Jae-geun", "Pak Chae-gŭn"]
    );
    // The form to add it is open and filled in with the usual spelling (a
    // person), for the editor to correct and send.
    let document = scraper::Html::parse_document(&page);
    let value = |css: &str| {
        document
            .select(&scraper::Selector::parse(css).unwrap())
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_string))
    };
    assert_eq!(
        value("#add-term input[name=korean]").as_deref(),
        Some("박재근")
    );
    assert_eq!(
        value("#add-term input[name=english]").as_deref(),
        Some("Park Jae-geun")
    );
    assert_eq!(
        value("#add-term select[name=kind] option[selected]").as_deref(),
        Some("person")
    );
    assert_eq!(common::select(&page, "details.add-term[open]").len(), 1);
}

web_test!(an_old_unreviewed_title_says_so_until_a_correction_makes_it_a_row);
/// An article submitted before the headline was a row shows
/// its title as not reviewed; one with a headline row does not.
async fn an_old_unreviewed_title_says_so_until_a_correction_makes_it_a_row(store: SqlStore) {
    use galley_store::{Accounts as _, AiTool, Articles as _};
    let web = Web::start(store.clone(), WebSettings::default()).await;
    let reporter = store.user_by_name("kim.reporter").await.unwrap();
    let (ko, en) = (
        vec!["한국은행은 기준금리를 동결했다.".to_string()],
        vec!["The Bank of Korea held its key rate.".to_string()],
    );
    let ai = AiTool {
        tool: "ChatGPT".into(),
        model: "gpt-4o".into(),
    };
    let mut old = galley_server::submission::aligned_article("Rates held", None, ko, &en, ai)
        .expect("within the limits");
    old.rows.remove(0);
    old.headline = false;
    let old = store.submit_article(&reporter, old).await.unwrap().id;
    let new = web
        .submit(
            "Rates held",
            "한국은행은 기준금리를 동결했다.",
            "The Bank of Korea held its key rate.",
        )
        .await;
    let (cookie, _) = web.session("lee.reviewer").await;
    let (_, page, _) = web.page(&format!("/articles/{old}"), &cookie).await;
    assert_eq!(
        common::select(&page, "#title-unreviewed"),
        [
            "Headline not reviewed: it was submitted before headlines were reviewed rows. A correction makes it a row to review."
        ]
    );
    let (_, page, _) = web.page(&format!("/articles/{new}"), &cookie).await;
    assert!(common::select(&page, "#title-unreviewed").is_empty());
}

web_test!(error_pages_speak_the_viewers_language);

/// An error page is in the language of the person it is for: a visitor's
/// browser's (`Accept-Language`), a signed-in person's own choice whatever
/// the browser says; the store's answers and the interface's own sentences
/// alike.
async fn error_pages_speak_the_viewers_language(store: SqlStore) {
    use galley_store::Accounts as _;
    let web = Web::start(store.clone(), WebSettings::default()).await;
    let visit = |lang: Option<&'static str>| {
        let mut request = web.client.get(web.url("/no/such/page"));
        if let Some(lang) = lang {
            request = request.header("accept-language", lang);
        }
        async move {
            let response = request.send().await.expect("page");
            (response.status(), response.text().await.expect("body"))
        }
    };
    let (status, english) = visit(None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(english.contains("<html lang=\"en\">"), "{english}");
    assert!(english.contains("There is no such page."), "{english}");
    assert!(english.contains("Back to the desk"), "{english}");
    let (status, korean) = visit(Some("ko-KR,ko;q=0.9,en;q=0.8")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(korean.contains("<html lang=\"ko\">"), "{korean}");
    assert!(korean.contains("404 찾을 수 없음"), "{korean}");
    assert!(korean.contains("그런 페이지는 없습니다."), "{korean}");
    assert!(korean.contains("데스크로 돌아가기"), "{korean}");

    // Someone who chose Korean, in a browser that asks for English.
    let reviewer = store.user_by_name("lee.reviewer").await.expect("reviewer");
    store
        .set_language(reviewer.id, "ko")
        .await
        .expect("language");
    let (cookie, _) = web.session("lee.reviewer").await;
    let response = web
        .client
        .get(web.url("/articles/999999"))
        .header("cookie", &cookie)
        .header("accept-language", "en")
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = response.text().await.expect("body");
    assert!(page.contains("<html lang=\"ko\">"), "{page}");
    assert!(page.contains("999999번 기사가 없습니다."), "{page}");
    assert!(!page.contains("does not exist"), "{page}");
}
