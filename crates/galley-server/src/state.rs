//! What every handler, of the API and of the pages, can reach.

use std::sync::Arc;
use std::time::Duration;

use galley_core::checkpoint::LogSigner;
use galley_store::Store;

use crate::answers::AnswerCache;
use crate::auth::WebSettings;

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
    /// The key that signs the log's checkpoints, when this server holds it
    /// (`galley serve --signing-key`); never in the database.
    pub signer: Option<Arc<LogSigner>>,
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
            signer: None,
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}
