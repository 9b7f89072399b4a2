//! What a request got wrong before the store saw it: the server's own
//! checks of a query, a header, a path or a body, each a kind with its
//! figures and no words. `i18n.rs` says each in the reader's language
//! (`Lang::wrong`); the API answers it as problem details and the pages
//! as an error page, with the status, field and rule this file gives.

use axum::http::StatusCode;
use galley_store::RowId;

use crate::exchange::{ImportError, TbxError};

/// A request the server refuses on its own reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrong {
    /// A page size outside 1 to `max`.
    Limit { max: i64 },
    /// A negative offset.
    NegativeOffset,
    /// A page's cursor (`after`) that is not an article's id.
    Cursor,
    /// A query field longer than `max` characters.
    TooLong { field: &'static str, max: usize },
    /// A query field with control characters or replaced bytes.
    NotText { field: &'static str },
    /// Not a stage's name.
    StageName,
    /// Not the name of a stage that is assigned.
    ReviewStage,
    /// Not an action's name.
    ActionName,
    /// A transition without the article version the person saw.
    VersionRequired,
    /// A page form without the article version the person saw.
    FormVersion,
    /// Not a version of a row (`ai`, `current`, a stage, `rev:N`).
    VersionName { field: &'static str },
    /// A row without the version asked for.
    NoSuchRevision {
        field: &'static str,
        row: RowId,
        revision: Option<i64>,
    },
    /// A save that would leave a row with no English.
    EmptyRow,
    /// More rows named than the article has.
    MoreRowsThanArticle { rows: usize },
    /// A row the page was asked about is gone.
    RowGone,
    /// A merge sent a body.
    MergeBody { detail: String },
    /// Too many or no notifications named.
    NoticeIds { max: usize },
    /// Neither `ids` nor `all`.
    IdsOrAll,
    /// A webhook URL longer than `max` bytes.
    UrlTooLong { max: usize },
    /// Not a URL at all.
    NotAUrl { detail: String },
    /// A URL that is not http(s) with a host.
    UrlScheme,
    /// A URL that carries a user name or password.
    UrlCredentials,
    /// A URL with a control character in it (a NUL, a newline).
    UrlControl,
    /// A webhook URL to a private, loopback or link-local address, not
    /// allowed by name (`--allow-webhook-host`).
    UrlPrivate { host: String },
    /// No event named for a webhook.
    NoEvents,
    /// An event that does not exist.
    UnknownEvent { event: String },
    /// Not a delivery's state.
    DeliveryState { name: String },
    /// Webhooks are an admin's.
    WebhooksAdminOnly,
    /// The glossary is an admin's or a native editor's.
    GlossaryEditorsOnly,
    /// A Korean form a live entry of the glossary already has.
    KoreanInGlossary { form: String, entry: i64 },
    /// An auditor reads; every change is refused.
    AuditorReadsOnly,
    /// A translation memory of an article not signed off.
    TmxNeedsSignOff,
    /// A hand-off of an article not signed off.
    HandOffNeedsSignOff,
    /// Not an export format.
    ExportFormat,
    /// Not a format an edition is exported in.
    EditionFormat,
    /// Not a format of the glossary.
    GlossaryFormat,
    /// An XLIFF import of another media type.
    XliffType,
    /// A glossary import of another media type.
    GlossaryType,
    /// A JSON body of another media type.
    JsonType,
    /// A file that is not UTF-8.
    NotUtf8,
    /// An XLIFF file with more units than an article has rows.
    TooManyUnits { units: usize, max: usize },
    /// An XLIFF unit for a row merged or split since the export.
    RowLeftArticle { row: i64 },
    /// An XLIFF unit with an empty target.
    EmptyTarget { row: i64 },
    /// A glossary import over the limit (`has` when known).
    TooManyEntries { max: usize, has: Option<usize> },
    /// A glossary CSV without its header.
    CsvHeader,
    /// A glossary CSV line that does not read.
    NotCsv { line: usize, detail: String },
    /// No checkpoint is signed.
    NoCheckpoint,
    /// A revocation with a body.
    RevokeTakesNoBody,
    /// A revocation without a bearer token.
    NoTokenToRevoke,
    /// No credentials.
    NoToken,
    /// An `Authorization` header that is not `Bearer <token>`.
    NotBearer,
    /// A token that is unknown or revoked.
    UnknownToken,
    /// A body that is not JSON.
    NotJson { detail: String },
    /// A JSON body without a field it needs.
    MissingField { field: String },
    /// A JSON body whose field does not read (serde says why).
    BodyField { field: String, detail: String },
    /// A body over the limit.
    BodyTooLarge { mib: usize },
    /// A body that could not be read.
    BodyUnreadable { detail: String },
    /// A path that takes other methods (axum lists them in `Allow` after
    /// the answer is shaped, so the sentence cannot name them).
    MethodNotAllowed,
    /// A path the server does not serve.
    NoSuchRoute,
    /// A request stopped for taking too long.
    TooSlow,
    /// A lower layer refused the request with `detail` (axum's path and
    /// query readers: their words are English).
    Unreadable { status: u16, detail: String },
    /// Two texts too long to compare on a page.
    DiffTooLong,
    /// An assignee that is not one of the people listed.
    ChooseAssignee,
    /// A due time that does not read.
    DueNotATime { value: String },
    /// A due time the newsroom's clock skips.
    DueNotOnClock { value: String },
    /// Not a language of the interface.
    LanguageName,
    /// An XLIFF file that does not import.
    Xliff(ImportError),
    /// A TBX file that does not import.
    Tbx(TbxError),
}

impl Wrong {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> StatusCode {
        use Wrong::*;
        match self {
            NoToken | NotBearer | UnknownToken => StatusCode::UNAUTHORIZED,
            WebhooksAdminOnly | GlossaryEditorsOnly | AuditorReadsOnly => StatusCode::FORBIDDEN,
            NoCheckpoint | NoSuchRoute | RowGone => StatusCode::NOT_FOUND,
            TmxNeedsSignOff
            | HandOffNeedsSignOff
            | RowLeftArticle { .. }
            | KoreanInGlossary { .. } => StatusCode::CONFLICT,
            Xliff(error) if error.other_article() => StatusCode::CONFLICT,
            XliffType | GlossaryType | JsonType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            MergeBody { .. }
            | NotUtf8
            | RevokeTakesNoBody
            | NoTokenToRevoke
            | NotJson { .. }
            | BodyUnreadable { .. } => StatusCode::BAD_REQUEST,
            BodyTooLarge { .. } | DiffTooLong => StatusCode::PAYLOAD_TOO_LARGE,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            TooSlow => StatusCode::REQUEST_TIMEOUT,
            Unreadable { status, .. } => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST)
            }
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The field at fault, named as the request names it.
    pub fn field(&self) -> Option<String> {
        use Wrong::*;
        let field = match self {
            Limit { .. } => "limit",
            NegativeOffset => "offset",
            Cursor => "after",
            TooLong { field, .. } | NotText { field } | VersionName { field } => field,
            NoSuchRevision { field, .. } => field,
            StageName | ReviewStage => "stage",
            ActionName => "action",
            VersionRequired | FormVersion => "version",
            EmptyRow => "text",
            MoreRowsThanArticle { .. } => "rows",
            NoticeIds { .. } | IdsOrAll => "ids",
            UrlTooLong { .. }
            | NotAUrl { .. }
            | UrlScheme
            | UrlCredentials
            | UrlControl
            | UrlPrivate { .. } => "url",
            NoEvents | UnknownEvent { .. } => "events",
            DeliveryState { .. } => "state",
            ExportFormat | EditionFormat | GlossaryFormat => "format",
            TooManyUnits { .. } | EmptyTarget { .. } => "body",
            Xliff(error) if !error.other_article() => "body",
            TooManyEntries { .. } | Tbx(_) => "file",
            CsvHeader => "line 1",
            NotCsv { line, .. } => return Some(format!("line {line}")),
            BodyField { field, .. } | MissingField { field } => return Some(field.clone()),
            ChooseAssignee => "assignee",
            DueNotATime { .. } | DueNotOnClock { .. } => "due",
            LanguageName => "language",
            KoreanInGlossary { .. } => "korean",
            _ => return None,
        };
        Some(field.to_string())
    }

    /// The rule that refused, for the refusals that name one.
    pub fn rule(&self) -> Option<&'static str> {
        match self {
            Wrong::WebhooksAdminOnly | Wrong::GlossaryEditorsOnly | Wrong::AuditorReadsOnly => {
                Some("role_required")
            }
            Wrong::TmxNeedsSignOff | Wrong::HandOffNeedsSignOff => Some("not_signed_off"),
            Wrong::RowLeftArticle { .. } => Some("stale_revision"),
            Wrong::Xliff(error) if error.other_article() => Some("wrong_article"),
            _ => None,
        }
    }
}
