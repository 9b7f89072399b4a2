//! Webhooks: endpoints' secrets, Standard Webhooks signatures, the retry
//! schedule, and the worker inside `galley serve` that sends the outbox.
//!
//! A delivery is written with its trail event (see `galley-store`'s
//! `Messages`). The worker claims due deliveries for a lease (on
//! PostgreSQL with `FOR UPDATE SKIP LOCKED`, so several servers share the
//! outbox and each delivery goes to one of them), POSTs each one signed,
//! and records the attempt: delivered on 2xx, otherwise tried again on the
//! schedule of [`retry_delay`] for a day, then failed (and may be re-sent).
//! A server killed mid-way leaves its claims to run out; another server, or
//! the same one restarted, sends them then. Delivery is at least once:
//! receivers de-duplicate on `webhook-id`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use galley_core::notify::WEBHOOK_EVENTS;
use galley_store::{Attempt, Claimed, DeliveryState, Store};

use crate::wrong::Wrong;

/// How many deliveries a worker takes at once (sent concurrently).
const BATCH: i64 = 8;
/// How long a claim lasts: longer than an attempt can take.
const LEASE: Duration = Duration::from_secs(30);
/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long the worker waits when nothing is due.
const IDLE: Duration = Duration::from_millis(500);
/// How long deliveries are retried before they fail.
pub const RETRY_FOR: Duration = Duration::from_secs(24 * 3600);
/// The longest wait between attempts in the first hour of retrying (so a
/// receiver down for a minute gets its messages within seconds of coming
/// back), and after it.
const FIRST_HOUR_CAP: u64 = 10;
const LATER_CAP: u64 = 300;

/// A new endpoint secret in the Standard Webhooks form: `whsec_` and 24
/// random bytes in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("whsec_{}", STANDARD.encode(key))
}

/// The `webhook-signature` header of a message: `v1,` and the base64
/// HMAC-SHA256, keyed with the secret's bytes, of `id.timestamp.body`.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .unwrap_or_else(|_| secret.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// How long to wait after `attempts` failed attempts, the retries having
/// run for `retrying`; none once they have run for [`RETRY_FOR`]. Doubles
/// from one second, capped at 10 s in the first hour and 5 min after.
pub fn retry_delay(attempts: i64, retrying: Duration) -> Option<Duration> {
    if retrying >= RETRY_FOR {
        return None;
    }
    let cap = if retrying < Duration::from_secs(3600) {
        FIRST_HOUR_CAP
    } else {
        LATER_CAP
    };
    let doubling = 1u64 << attempts.clamp(1, 20).saturating_sub(1);
    Some(Duration::from_secs(doubling.min(cap)))
}

/// Checks a URL: absolute `http` or `https`, with a host, no credentials,
/// no control character (which the parser would drop or escape, and a
/// database may refuse).
pub fn check_url(url: &str) -> Result<(), Wrong> {
    if url.contains(char::is_control) {
        return Err(Wrong::UrlControl);
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| Wrong::NotAUrl {
        detail: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Wrong::UrlScheme);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Wrong::UrlCredentials);
    }
    Ok(())
}

/// Whether an address is one a webhook must not reach unless allowed by
/// name: loopback, private (RFC 1918, unique local), link-local (the cloud
/// metadata address 169.254.169.254 among them), shared (100.64/10),
/// unspecified, broadcast or multicast, and IPv4 ones inside IPv6.
pub fn private_address(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (b & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| private_address(IpAddr::V4(v4)))
        }
    }
}

/// The host of an http(s) URL, as `--allow-webhook-host` names it (an
/// IPv6 address without its brackets).
fn host_of(url: &reqwest::Url) -> Option<String> {
    url.host_str()
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string())
}

/// Checks a webhook endpoint's URL: [`check_url`], and a destination that
/// is not a private, loopback or link-local address (`localhost` either)
/// unless `allowed` names its host. A host name is checked again at
/// delivery, after it resolves ([`destination`]).
pub fn check_endpoint(url: &str, allowed: &[String]) -> Result<(), Wrong> {
    check_url(url)?;
    let parsed = reqwest::Url::parse(url).map_err(|e| Wrong::NotAUrl {
        detail: e.to_string(),
    })?;
    let host = host_of(&parsed).unwrap_or_default();
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(&host)) {
        return Ok(());
    }
    let local_name =
        host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost");
    let private_ip = host.parse::<std::net::IpAddr>().is_ok_and(private_address);
    if local_name || private_ip {
        return Err(Wrong::UrlPrivate { host });
    }
    Ok(())
}

/// Where a delivery may go: the addresses `url`'s host resolves to now,
/// none of them private unless `allowed` names the host; the request is
/// then sent to those addresses only, so a name that resolves elsewhere
/// between this check and the connection is not followed.
async fn destination(
    url: &str,
    allowed: &[String],
) -> Result<(String, Vec<std::net::SocketAddr>), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
    let host = host_of(&parsed).ok_or("no host")?;
    let port = parsed.port_or_known_default().ok_or("no port")?;
    let addresses: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    if addresses.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    let allowed = allowed.iter().any(|a| a.eq_ignore_ascii_case(&host));
    if !allowed && let Some(private) = addresses.iter().find(|a| private_address(a.ip())) {
        return Err(format!(
            "not sent: {host} resolves to {}, a private, loopback or link-local address (allow it with --allow-webhook-host)",
            private.ip()
        ));
    }
    Ok((host, addresses))
}

/// Checks the events asked for: known, at least one; answers them once each.
pub fn check_events(events: &[String]) -> Result<Vec<String>, Wrong> {
    if events.is_empty() {
        return Err(Wrong::NoEvents);
    }
    let mut out: Vec<String> = Vec::new();
    for event in events {
        if !WEBHOOK_EVENTS.contains(&event.as_str()) {
            return Err(Wrong::UnknownEvent {
                event: event.clone(),
            });
        }
        if !out.contains(event) {
            out.push(event.clone());
        }
    }
    Ok(out)
}

/// Parses a delivery state named in a request or on the command line.
pub fn delivery_state(name: &str) -> Result<DeliveryState, Wrong> {
    DeliveryState::parse(name).ok_or_else(|| Wrong::DeliveryState {
        name: name.to_string(),
    })
}

/// The HTTP client of one delivery: `host` pinned to the addresses
/// [`destination`] checked.
fn client_to(host: &str, addresses: &[std::net::SocketAddr]) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Galley-Webhooks/", env!("CARGO_PKG_VERSION")))
        .resolve_to_addrs(host, addresses)
        .build()
}

/// Sends due deliveries until the process ends, to destinations that are
/// not private unless `allowed` names their host.
pub async fn worker(store: Arc<dyn Store>, allowed: Arc<Vec<String>>) {
    loop {
        let claimed = match store.claim_deliveries(BATCH, LEASE).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(%error, "webhooks: cannot read the outbox");
                tokio::time::sleep(IDLE * 4).await;
                continue;
            }
        };
        if claimed.is_empty() {
            tokio::time::sleep(IDLE).await;
            continue;
        }
        let mut sends = tokio::task::JoinSet::new();
        for claim in claimed {
            let (store, allowed) = (store.clone(), allowed.clone());
            sends.spawn(async move { deliver(&*store, &allowed, claim).await });
        }
        while sends.join_next().await.is_some() {}
    }
}

/// Posts a delivery, signed; the answer's status, or what went wrong.
async fn send(
    client: &reqwest::Client,
    claim: &Claimed,
    timestamp: i64,
) -> (Option<i64>, Option<String>) {
    let delivery = &claim.delivery;
    let sent = client
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            signature(
                &claim.secret,
                &delivery.message_id,
                timestamp,
                &delivery.payload,
            ),
        )
        .body(delivery.payload.clone())
        .send()
        .await;
    match sent {
        Ok(answer) => {
            let status = answer.status();
            let error = (!status.is_success()).then(|| format!("answered {status}"));
            (Some(i64::from(status.as_u16())), error)
        }
        Err(error) => (None, Some(describe(&error))),
    }
}

/// One attempt at one delivery, recorded.
async fn deliver(store: &dyn Store, allowed: &[String], claim: Claimed) {
    let delivery = &claim.delivery;
    let at = galley_store::time::now();
    let timestamp = at.as_second();
    let started = Instant::now();
    let (status, error) = match destination(&delivery.url, allowed).await {
        Ok((host, addresses)) => match client_to(&host, &addresses) {
            Ok(client) => send(&client, &claim, timestamp).await,
            Err(error) => (None, Some(format!("cannot build an HTTP client: {error}"))),
        },
        Err(refused) => (None, Some(refused)),
    };
    let attempt = Attempt {
        at,
        status,
        error,
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
    };
    let retrying = jiff::Timestamp::now()
        .duration_since(delivery.retry_since)
        .unsigned_abs();
    let retry_in = retry_delay(delivery.attempts + 1, retrying);
    match store.record_attempt(delivery.id, &attempt, retry_in).await {
        Ok(after) => tracing::info!(
            delivery = delivery.id,
            event = %delivery.event_type,
            status = ?attempt.status,
            state = after.state.name(),
            attempts = after.attempts,
            "webhook attempt"
        ),
        Err(error) => {
            tracing::warn!(delivery = delivery.id, %error, "webhooks: cannot record an attempt")
        }
    }
}

/// Why a request got no answer, in a few words.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else if error.is_connect() {
        "could not connect".into()
    } else {
        let mut text = error.to_string();
        text.truncate(200);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            signature(secret, id, 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn retries_double_from_a_second_and_stop_after_a_day() {
        let minute = Duration::from_secs(60);
        let delays: Vec<u64> = (1..=6)
            .map(|n| retry_delay(n, minute).unwrap().as_secs())
            .collect();
        assert_eq!(delays, [1, 2, 4, 8, 10, 10]);
        assert_eq!(
            retry_delay(30, Duration::from_secs(7200))
                .unwrap()
                .as_secs(),
            300
        );
        assert_eq!(retry_delay(400, RETRY_FOR), None);
    }

    #[test]
    fn secrets_urls_and_events_are_checked() {
        let secret = new_secret();
        assert!(secret.starts_with("whsec_"));
        assert_eq!(STANDARD.decode(&secret[6..]).unwrap().len(), 24);
        assert!(check_url("https://cms.example/hooks").is_ok());
        assert!(check_url("ftp://cms.example").is_err());
        assert!(check_url("https://user:pw@cms.example").is_err());
        assert!(check_url("not a url").is_err());
        assert!(check_url("https://cms.example/ho\0ok").is_err());
        assert!(check_url("https://cms.example/ho\nok").is_err());
        // Private, loopback, link-local and shared destinations, unless
        // their host is allowed by name.
        for url in [
            "http://10.0.0.5/hook",
            "http://172.16.1.1/hook",
            "http://192.168.1.10/hook",
            "http://127.0.0.1:8080/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/hook",
            "http://0.0.0.0/hook",
            "http://localhost/hook",
            "http://cms.localhost/hook",
            "http://[::1]/hook",
            "http://[fd00::1]/hook",
            "http://[fe80::1]/hook",
            "http://[::ffff:127.0.0.1]/hook",
        ] {
            assert!(
                matches!(check_endpoint(url, &[]), Err(Wrong::UrlPrivate { .. })),
                "{url}"
            );
        }
        assert!(check_endpoint("http://10.0.0.5/hook", &["10.0.0.5".into()]).is_ok());
        assert!(check_endpoint("http://[::1]/hook", &["::1".into()]).is_ok());
        assert!(check_endpoint("https://cms.example/hook", &[]).is_ok());
        assert!(check_endpoint("https://8.8.8.8/hook", &[]).is_ok());
        let events = |e: &[&str]| e.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_events(&events(&["article.signed_off", "article.signed_off"])).unwrap(),
            ["article.signed_off"]
        );
        assert!(check_events(&events(&["article.published"])).is_err());
        assert!(check_events(&[]).is_err());
    }
}
