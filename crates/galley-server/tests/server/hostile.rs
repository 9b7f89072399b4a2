//! Malformed and hostile requests at every endpoint the OpenAPI document
//! lists (and the sign-in form): each gets a 4xx, never a 5xx, and nothing
//! changes: the article, its rows and its trail are as before.

use crate::common;
use crate::common::Answered as _;

use std::sync::Arc;

use galley_core::workflow::Role;
use galley_server::state::{self, AppState};
use galley_store::Articles;
use serde_json::Value;

struct Target {
    base: String,
    client: reqwest::Client,
    token: String,
    article: i64,
    segment: i64,
}

async fn start() -> Target {
    start_with(state::REQUEST_TIMEOUT, state::HEADER_TIMEOUT).await
}

async fn start_with(
    request_timeout: std::time::Duration,
    header_timeout: std::time::Duration,
) -> Target {
    let store = common::sqlite_store().await;
    let (reporter, _) = common::person(&store, "reporter", &[Role::Reporter], None).await;
    let (_, token) = common::person(&store, "reviewer", &[Role::BilingualReviewer], None).await;
    let article = store
        .submit_article(
            &reporter,
            galley_server::submission::aligned_article(
                "Rates held",
                Some("금리 동결".into()),
                vec!["금리를 동결했다.".into(), "물가는 3%다.".into()],
                &[
                    "The rate was held.".to_string(),
                    "Inflation is 3 percent.".to_string(),
                ],
                galley_store::AiTool {
                    tool: "ChatGPT".into(),
                    model: "gpt-4o".into(),
                },
            )
            .expect("within the limits"),
        )
        .await
        .unwrap();
    store
        .transition(
            &reporter,
            article.id,
            galley_core::workflow::Action::Submit,
            None,
            1,
        )
        .await
        .unwrap();
    let base = common::serve(AppState {
        request_timeout,
        header_timeout,
        ..AppState::new(Arc::new(store))
    })
    .await;
    Target {
        base,
        // A connection per request: the server closes one whose body it
        // refused without reading, and a pooled one would then fail.
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .build()
            .unwrap(),
        token,
        article: article.id.0,
        segment: (article.rows[0].id).0,
    }
}

impl Target {
    /// The article and its trail, to compare before and after.
    async fn snapshot(&self) -> (Value, Value) {
        let get = |path: String| {
            let request = self
                .client
                .get(format!("{}{path}", self.base))
                .bearer_auth(&self.token);
            async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
        };
        (
            get(format!("/api/v1/articles/{}", self.article)).await,
            get(format!("/api/v1/articles/{}/trail", self.article)).await,
        )
    }
}

/// An answer under `/api/` with status ≥ 400 is problem details with a
/// stable type.
fn assert_problem(response: &reqwest::Response, what: &str) {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/problem+json"),
        "{what}: {} as {content_type:?}",
        response.status()
    );
}

/// Bodies no endpoint accepts.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    vec![
        ("application/json", b"{\"text\": 5, \"base_revision\": \"x\", \"action\": 7, \"key\": [], \"reason\": {}, \"revision\": -1e309}".to_vec()),
        ("application/json", deep.into_bytes()),
        ("application/json", vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}']),
        ("application/json", b"{\"revision\": 99999999999999999999999999999}".to_vec()),
        ("application/json", b"{\"ko_at\": 18446744073709551616, \"en_at\": -1}".to_vec()),
        ("application/json", b"null".to_vec()),
        ("application/json", b"".to_vec()),
        ("text/plain", b"<xliff/>".to_vec()),
        ("application/xliff+xml", b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><xliff>&b;</xliff>".to_vec()),
        ("application/xliff+xml", vec![0xff, 0xfe, 0x00]),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_refuses_hostile_input_and_changes_nothing() {
    let target = start().await;
    let before = target.snapshot().await;
    let document: Value = target
        .client
        .get(format!("{}/api/v1/openapi.json", target.base))
        .json_body()
        .await;
    let paths = document["paths"].as_object().expect("paths");
    let ids = [
        target.article.to_string(),
        "99999999999999999999999".into(),
        "-1".into(),
        "..%2F..%2Fetc%2Fpasswd".into(),
        "1%00".into(),
        "%E2%80%AE1".into(),
    ];
    let mut tried = 0;
    for (template, operations) in paths {
        for method in operations.as_object().expect("operations").keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let ids: &[String] = if template.contains("{id}") {
                &ids
            } else {
                &ids[..1]
            };
            for id in ids {
                let path = template
                    .replace("{id}", id)
                    .replace("{segment}", &target.segment.to_string());
                let url = format!("{}/api/v1{path}", target.base);
                let bodies = if method == reqwest::Method::GET {
                    vec![("", Vec::new())]
                } else {
                    hostile_bodies()
                };
                for (content_type, body) in bodies {
                    // An empty body is a merge's own (it takes no parameters),
                    // and a token's revocation of itself (which would end
                    // this test's token: revocation has its own test).
                    if (template.ends_with("/merge") && id == &target.article.to_string()
                        || template == "/tokens/current")
                        && body.is_empty()
                    {
                        continue;
                    }
                    let mut request = target
                        .client
                        .request(method.clone(), &url)
                        .bearer_auth(&target.token)
                        .body(body.clone());
                    if !content_type.is_empty() {
                        request = request.header("content-type", content_type);
                    }
                    let response = match request.send().await {
                        Ok(response) => response,
                        // The server may answer before reading a large body
                        // (a path it refuses) and close the connection.
                        Err(error) if body.len() > 65_536 && error.is_request() => {
                            tried += 1;
                            continue;
                        }
                        Err(error) => panic!("{method} {path}: {error}"),
                    };
                    let status = response.status();
                    tried += 1;
                    if status.as_u16() >= 400 {
                        assert_problem(&response, &format!("{method} {path}"));
                    }
                    let harmless_read = method == reqwest::Method::GET
                        && (!template.contains("{id}") || id == &target.article.to_string());
                    if harmless_read {
                        assert!(status.as_u16() < 500, "{method} {path}: {status}");
                    } else {
                        assert!(
                            status.is_client_error(),
                            "{method} {path} ({content_type}, {} bytes): {status} {}",
                            body.len(),
                            response.text().await.unwrap_or_default()
                        );
                    }
                }
            }
        }
    }
    // Query strings with the wrong types, huge numbers and traversal.
    for query in [
        "limit=99999999999999999999",
        "limit=-5",
        "offset=abc",
        "stage=../../etc",
        "q=%00%FF",
    ] {
        let response = target
            .client
            .get(format!("{}/api/v1/articles?{query}", target.base))
            .bearer_auth(&target.token)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{query}: {}",
            response.status()
        );
    }
    // Credentials in every wrong shape.
    for header in [
        "Bearer",
        "Bearer ",
        "bearer x",
        "Basic YTpi",
        "Bearer \u{7f}",
        &format!("Bearer {}", "x".repeat(10_000)),
    ] {
        let response = target
            .client
            .get(format!("{}/api/v1/articles", target.base))
            .header("authorization", header)
            .send()
            .await;
        if let Ok(response) = response {
            assert_eq!(response.status().as_u16(), 401, "{header:.20}");
        }
    }
    // The sign-in form: oversized, empty and broken fields.
    for form in [
        vec![("name", "x".repeat(100_000)), ("password", "p".into())],
        vec![("name", String::new()), ("password", String::new())],
        vec![("password", "only".into())],
    ] {
        let response = target
            .client
            .post(format!("{}/login", target.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_client_error(),
            "{:?}",
            response.status()
        );
    }
    assert!(tried > 100, "only {tried} requests");
    assert_eq!(target.snapshot().await, before, "nothing changed");
}

/// A client that sends half a body and stops, one that disconnects in the
/// middle of a body, and a body that never ends: each is cut off (408, or
/// 413 at the size limit), and nothing is half-written. Clients that hold
/// connections without sending a request (nothing at all, headers a byte at
/// a time, an idle keep-alive) are disconnected after the header timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_vanishing_clients_are_cut_off_and_write_nothing() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let half_second = std::time::Duration::from_millis(500);
    let target = start_with(half_second, half_second).await;
    let before = target.snapshot().await;
    let address = target.base.trim_start_matches("http://").to_string();
    let head = format!(
        "PUT /api/v1/articles/{}/segments/{} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\n",
        target.article, target.segment, target.token
    );

    // Half a body, then silence: 408 after the timeout.
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(format!("{head}Content-Length: 200\r\n\r\n{{\"text\": \"Half").as_bytes())
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut answer = vec![0; 256];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("answered before 5 s")
        .unwrap();
    let line = String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(line, "HTTP/1.1 408 Request Timeout");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));

    // A client that disconnects mid-body.
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(format!("{head}Content-Length: 100\r\n\r\n{{\"text\": \"Gone").as_bytes())
        .await
        .unwrap();
    drop(stream);

    // A chunked body that never ends: cut off at the size limit or the timeout.
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(format!("{head}Transfer-Encoding: chunked\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 65_536, "a".repeat(65_536));
    let mut refused = false;
    for _ in 0..200 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            refused = true;
            break;
        }
    }
    let mut answer = vec![0; 256];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer))
        .await
        .map_or(0, |r| r.unwrap_or(0));
    let line = String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        refused
            || line == "HTTP/1.1 413 Payload Too Large"
            || line == "HTTP/1.1 408 Request Timeout",
        "{line:?}"
    );

    // Connected, silent: closed after the header timeout.
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    let started = std::time::Instant::now();
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), silent.read(&mut answer))
        .await
        .expect("the server closed a silent connection");
    assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(400),
        "{waited:?}"
    );
    assert!(waited < std::time::Duration::from_secs(3), "{waited:?}");

    // Headers a byte every 50 ms (slowloris): cut off before they are done.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(60)
    );
    let started = std::time::Instant::now();
    let mut cut_off = false;
    for byte in request.as_bytes() {
        if slow.write_all(&[*byte]).await.is_err() {
            cut_off = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read(&mut answer))
        .await
        .map_or(0, |r| r.unwrap_or(0));
    assert!(
        cut_off || n == 0,
        "answered a slowloris: {:?}",
        String::from_utf8_lossy(&answer[..n])
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    // A keep-alive connection, answered once, then idle: closed too.
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut response = Vec::new();
    while !String::from_utf8_lossy(&response).ends_with("{\"ok\":true}") {
        let n = idle.read(&mut answer).await.unwrap();
        assert!(n > 0, "closed before the answer was whole");
        response.extend_from_slice(&answer[..n]);
    }
    assert!(String::from_utf8_lossy(&response).starts_with("HTTP/1.1 200 OK"));
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), idle.read(&mut answer))
        .await
        .expect("the server closed an idle connection");
    assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");

    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(target.snapshot().await, before, "nothing half-written");
}

/// Header injection: nothing a client sends comes back in a response
/// header or a log field unless it is plain. A request id is echoed only if
/// it is 1 to 64 letters, digits, `.`, `_`, `-`, `:`; a header smuggled in
/// behind a bare line feed is not answered; control bytes are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_injection_is_refused_or_neutralised() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let target = start().await;
    let before = target.snapshot().await;
    let url = format!("{}/api/v1/articles/{}", target.base, target.article);
    let echoed = |id: &'static str| {
        let (client, url, token) = (target.client.clone(), url.clone(), target.token.clone());
        async move {
            let response = client
                .get(&url)
                .bearer_auth(&token)
                .header("x-request-id", id)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_string()
        }
    };
    assert_eq!(echoed("desk-42.a:b_c").await, "desk-42.a:b_c");
    for forged in [
        "a status=500 user=1",
        "\"quoted\"",
        "x=y",
        "id\twith\ttabs",
        "0123456789012345678901234567890123456789012345678901234567890123456789",
    ] {
        let answered = echoed(forged).await;
        assert_ne!(answered, forged);
        assert!(
            answered.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'),
            "{answered:?}"
        );
    }

    // A second header smuggled in behind a bare line feed, and a NUL byte.
    let address = target.base.trim_start_matches("http://").to_string();
    for raw in [
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Request-Id: a\nSet-Cookie: galley_session=evil\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Request-Id: a\0b\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Note: a\rSet-Cookie: galley_session=evil\r\n\r\n",
    ] {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream.write_all(raw.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            stream.read_to_end(&mut answer),
        )
        .await;
        let answer = String::from_utf8_lossy(&answer);
        let status = answer.lines().next().unwrap_or_default();
        assert!(
            status.is_empty()
                || status.starts_with("HTTP/1.1 400")
                || status.starts_with("HTTP/1.1 200"),
            "{raw:?}: {status:?}"
        );
        assert!(!answer.contains("evil"), "{raw:?} came back: {answer}");
    }
    assert_eq!(target.snapshot().await, before);
}

/// Every error status a lower layer makes (body limit, timeout, method,
/// route, path and query parsing, content type) is in the API's shape under
/// `/api/`, and the HTML error page elsewhere; the bearer scheme is
/// case-insensitive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_in_its_sides_shape() {
    let target = start_with(std::time::Duration::from_millis(300), state::HEADER_TIMEOUT).await;
    let api = |path: &str| format!("{}/api/v1{path}", target.base);
    let article = format!("/articles/{}", target.article);
    let row = format!("{article}/segments/{}", target.segment);
    let cases: Vec<(u16, reqwest::RequestBuilder)> = vec![
        // 405: a method the path does not take.
        (
            405,
            target
                .client
                .delete(api(&article))
                .bearer_auth(&target.token),
        ),
        // 404: no such route.
        (
            404,
            target
                .client
                .get(api("/nothing/here"))
                .bearer_auth(&target.token),
        ),
        // 400: path ids that are not numbers, or overflow.
        (
            400,
            target
                .client
                .get(api("/articles/abc"))
                .bearer_auth(&target.token),
        ),
        (
            400,
            target
                .client
                .get(api("/articles/1.5"))
                .bearer_auth(&target.token),
        ),
        (
            400,
            target
                .client
                .get(api("/articles/99999999999999999999"))
                .bearer_auth(&target.token),
        ),
        // 422 naming the field: a query of the wrong type, a duplicated
        // parameter.
        (
            422,
            target
                .client
                .get(api("/articles?limit=abc"))
                .bearer_auth(&target.token),
        ),
        (
            422,
            target
                .client
                .get(api("/articles?limit=5&limit=6"))
                .bearer_auth(&target.token),
        ),
        // 415: a JSON endpoint sent something else.
        (
            415,
            target
                .client
                .put(api(&row))
                .bearer_auth(&target.token)
                .header("content-type", "text/plain")
                .body("hello"),
        ),
    ];
    for (expected, request) in cases {
        let response = request.send().await.expect("send");
        assert_eq!(response.status().as_u16(), expected);
        assert_problem(&response, &format!("{expected}"));
        let problem: Value = response.json().await.expect("problem json");
        assert!(
            problem["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:galley:problem:"),
            "{problem}"
        );
        assert_eq!(problem["status"], expected);
    }
    // 413, a body over the limit (its length said up front), and 408, a
    // body that never finishes arriving: spoken by hand, since the server
    // answers before it has read them.
    for (expected, length) in [("413", 5 * 1024 * 1024), ("408", 100)] {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = target.base.trim_start_matches("http://").to_string();
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        let head = format!(
            "PUT /api/v1{row} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{",
            target.token
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            stream.read_to_end(&mut answer),
        )
        .await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {expected}")),
            "{answer}"
        );
        assert!(
            answer
                .to_lowercase()
                .contains("content-type: application/problem+json"),
            "{answer}"
        );
        assert!(answer.contains("urn:galley:problem:"), "{answer}");
    }
    // The pages: the HTML error page, whatever layer refused.
    for (expected, request) in [
        (
            404,
            target
                .client
                .get(format!("{}/static/nothing.css", target.base)),
        ),
        (
            404,
            target.client.get(format!("{}/no/such/page", target.base)),
        ),
        (
            415,
            target
                .client
                .post(format!("{}/login", target.base))
                .header("content-type", "text/plain")
                .body("name=a"),
        ),
        (
            422,
            target
                .client
                .post(format!("{}/login", target.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("password=only"),
        ),
    ] {
        let response = request.send().await.expect("send");
        assert_eq!(response.status().as_u16(), expected);
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            content_type.starts_with("text/html"),
            "{expected}: {content_type}"
        );
    }
    // `bearer` in lower case is the same scheme.
    let response = target
        .client
        .get(api(&article))
        .header("authorization", format!("bearer {}", target.token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}
