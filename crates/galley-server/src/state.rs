//! What every handler, of the API and of the pages, can reach.

use std::sync::Arc;
use std::time::Duration;

use galley_core::checkpoint::LogSigner;
use galley_store::Store;

use crate::answers::AnswerCache;
use crate::scores::ScoreCache;

/// How sessions and sign-in behave.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` even when no proxy says the request came over TLS.
    pub secure_cookies: bool,
    /// How long a session lasts (a newsroom shift and then some).
    pub session_lifetime: Duration,
    /// Sign-in attempts (password checks) allowed per user name and address
    /// within `login_window`; a successful one starts the count again.
    pub max_login_failures: i64,
    /// The window failed sign-ins are counted over.
    pub login_window: Duration,
    /// The newsroom's clock: pages show times in this zone, with its offset.
    pub time_zone: jiff::tz::TimeZone,
}

/// The newsroom's time zone unless `--time-zone` says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Seoul";

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            secure_cookies: false,
            session_lifetime: Duration::from_secs(12 * 3600),
            max_login_failures: 5,
            login_window: Duration::from_secs(15 * 60),
            time_zone: jiff::tz::TimeZone::get(DEFAULT_TIME_ZONE)
                .expect("the bundled time zone database has Asia/Seoul"),
        }
    }
}

/// The default of [`AppState::request_timeout`].
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The default of [`AppState::header_timeout`]: how long a client may take
/// to send a request's headers, from the moment it connects or its previous
/// answer was sent. A client that opens connections and then sends nothing,
/// or a byte at a time (slowloris), is disconnected after this; once the
/// headers are in, [`AppState::request_timeout`] bounds the rest.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Where everything is kept.
    pub store: Arc<dyn Store>,
    /// Sessions and sign-in.
    pub web: Arc<WebSettings>,
    /// Longest time a request may take, reading its body included: a client
    /// that stops sending gets 408 and frees what it held.
    pub request_timeout: Duration,
    /// Longest time a client may take to send a request's headers (see
    /// [`HEADER_TIMEOUT`]).
    pub header_timeout: Duration,
    /// Answers about articles by version (see [`AnswerCache`]).
    pub answers: Arc<AnswerCache>,
    /// Row scores by their texts' digests (see [`ScoreCache`]).
    pub scores: ScoreCache,
    /// The glossary's open proposals, by what they were mined from.
    pub proposals: Arc<crate::terms::ProposalCache>,
    /// The key that signs the log's checkpoints, when this server holds it
    /// (`galley serve --signing-key`); never in the database.
    pub signer: Option<Arc<LogSigner>>,
    /// Hosts webhooks may reach although they are private, loopback or
    /// link-local (`galley serve --allow-webhook-host`).
    pub webhook_hosts: Arc<Vec<String>>,
}

impl AppState {
    /// A state over `store` with the default settings.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            web: Arc::default(),
            request_timeout: REQUEST_TIMEOUT,
            header_timeout: HEADER_TIMEOUT,
            answers: Arc::default(),
            scores: ScoreCache::default(),
            proposals: Arc::default(),
            signer: None,
            webhook_hosts: Arc::default(),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}
