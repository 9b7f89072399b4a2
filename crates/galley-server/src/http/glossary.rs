//! `/api/v1/glossary`: the newsroom's glossary: its entries,
//! managed by admins and native editors, read by everyone signed in;
//! imported and exported as CSV and TBX; every change in its own trail.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use galley_core::limits::{self, Kind};
use galley_store::{GlossaryEntry, NewTerm, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::Problem;
use super::{ApiError, ApiJson, ApiQuery, AuthUser};
use crate::state::AppState;
use crate::views::names::TermKindName;
use crate::wrong::Wrong;

/// The area's routes, each documented by its `#[utoipa::path]`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_terms, add_term))
        .routes(routes!(edit_term))
        .routes(routes!(retire_term))
        .routes(routes!(export_glossary))
        .routes(routes!(import_glossary))
        .routes(routes!(glossary_trail))
        .routes(routes!(list_proposals))
        .routes(routes!(accept_proposal))
        .routes(routes!(reject_proposal))
}

/// The most entries one CSV import may add.
pub const MAX_IMPORT: usize = 20_000;

/// 403 unless the person may change the glossary.
fn may_edit(user: &User) -> Result<(), ApiError> {
    if crate::terms::may_edit(user) {
        Ok(())
    } else {
        Err(Wrong::GlossaryEditorsOnly.into())
    }
}

/// An entry of the glossary.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryView {
    /// Its id.
    pub id: i64,
    /// The Korean term, then its variants.
    pub korean: Vec<String>,
    /// The approved English, then accepted variants.
    pub english: Vec<String>,
    /// Renderings the newsroom does not use.
    pub forbidden: Vec<String>,
    /// person, organization, place, title or term.
    pub kind: TermKindName,
    /// A note for the desk.
    pub note: String,
    /// Who added it.
    pub added_by: Option<i64>,
    /// When, RFC 3339.
    pub added_at: String,
    /// When it was retired, if it was.
    pub retired_at: Option<String>,
}

fn view(entry: GlossaryEntry) -> EntryView {
    EntryView {
        id: entry.entry.id,
        korean: entry.entry.korean,
        english: entry.entry.english,
        forbidden: entry.entry.forbidden,
        kind: entry.entry.kind.into(),
        note: entry.note,
        added_by: entry.added_by.map(|u| u.0),
        added_at: galley_store::time::stored(entry.added_at),
        retired_at: entry.retired_at.map(galley_store::time::stored),
    }
}

/// An entry as given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermBody {
    /// The Korean term, then its variants (two characters or more each).
    korean: Vec<String>,
    /// The approved English, then accepted variants.
    english: Vec<String>,
    /// Renderings not used.
    #[serde(default)]
    forbidden: Vec<String>,
    /// person, organization, place, title or term.
    kind: String,
    /// A note for the desk.
    #[serde(default)]
    note: String,
}

/// A term checked as every text is ([`crate::terms::new_term`]).
fn checked(at: &str, body: &TermBody) -> Result<NewTerm, ApiError> {
    Ok(crate::terms::new_term(
        at,
        &body.korean,
        &body.english,
        &body.forbidden,
        &body.kind,
        &body.note,
    )?)
}

/// Which entries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Text in any form or the note (case ignored).
    q: Option<String>,
    /// Retired entries too.
    #[serde(default)]
    retired: bool,
    /// The entries after this id (the `next` of the page before).
    after: Option<i64>,
    /// At most this many (1 to 1,000; 1,000 when not given).
    limit: Option<u32>,
}

/// The most entries one page of `GET /glossary` answers.
pub const GLOSSARY_PAGE_MAX: u32 = 1000;

/// A page of the glossary.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryList {
    /// The entries, by id.
    pub entries: Vec<EntryView>,
    /// Where the next page starts (`after=`), when there may be one.
    pub next: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/glossary",
    tag = "glossary",
    summary = "The glossary's entries by id, a page at a time (search with q; retired ones with retired=true; the next page with after=next)",
    params(("q" = Option<String>, Query, description = "Text in a form or the note"), ("retired" = Option<bool>, Query, description = "Include retired entries"), ("after" = Option<i64>, Query, description = "The entries after this id: the `next` of the page before"), ("limit" = Option<u32>, Query, description = "At most this many entries, 1 to 1000 (1000 when not given)")),
    responses((status = 200, description = "The entries", body = EntryList), (status = "4XX", description = "401: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn list_terms(
    State(state): State<AppState>,
    _reader: AuthUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let limit = query.limit.unwrap_or(GLOSSARY_PAGE_MAX);
    if !(1..=GLOSSARY_PAGE_MAX).contains(&limit) {
        return Err(Wrong::Limit {
            max: i64::from(GLOSSARY_PAGE_MAX),
        }
        .into());
    }
    let search = galley_store::GlossarySearch {
        // Typed decomposed (NFD), it is the same word as the entry's.
        q: limits::nfc(query.q.as_deref().unwrap_or_default().trim()),
        retired: query.retired,
        after: query.after.unwrap_or(0),
        limit,
    };
    let page = state.store.glossary_page(&search).await?;
    let next = search.next(&page);
    Ok(axum::Json(EntryList {
        entries: page.into_iter().map(view).collect(),
        next,
    }))
}

#[utoipa::path(
    post,
    path = "/glossary",
    tag = "glossary",
    summary = "Add an entry (admins and native editors)",
    request_body = TermBody,
    responses((status = 201, description = "The entry", body = EntryView), (status = "4XX", description = "400, 401, 403 or 422 (`field` names a bad field): problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn add_term(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<TermBody>,
) -> Result<impl IntoResponse, ApiError> {
    may_edit(&user)?;
    let term = checked("", &body)?;
    crate::terms::korean_is_new::<ApiError>(state.store.as_ref(), &term, None).await?;
    let mut added = state.store.add_terms(&user, &[term]).await?;
    let entry = added
        .pop()
        .ok_or_else(|| ApiError::internal("the entry was not added"))?;
    Ok((StatusCode::CREATED, axum::Json(view(entry))))
}

#[utoipa::path(
    put,
    path = "/glossary/{id}",
    tag = "glossary",
    summary = "Change an entry (admins and native editors)",
    params(("id" = i64, Path, description = "The entry")),
    request_body = TermBody,
    responses((status = 200, description = "The entry", body = EntryView), (status = "4XX", description = "400, 401, 403, 404 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn edit_term(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<TermBody>,
) -> Result<impl IntoResponse, ApiError> {
    may_edit(&user)?;
    let term = checked("", &body)?;
    crate::terms::korean_is_new::<ApiError>(state.store.as_ref(), &term, Some(id)).await?;
    Ok(axum::Json(view(
        state.store.edit_term(&user, id, &term).await?,
    )))
}

#[utoipa::path(
    post,
    path = "/glossary/{id}/retire",
    tag = "glossary",
    summary = "Retire an entry: kept, no longer checked (admins and native editors)",
    params(("id" = i64, Path, description = "The entry")),
    responses((status = 200, description = "The entry", body = EntryView), (status = "4XX", description = "401, 403 or 404: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn retire_term(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    may_edit(&user)?;
    Ok(axum::Json(view(state.store.retire_term(&user, id).await?)))
}

/// The CSV's columns.
use crate::terms::{CSV_HEADER, CsvRefused};

/// Which file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `csv` (the default), `tbx` or `tbx2008`.
    format: Option<String>,
}

#[utoipa::path(
    get,
    path = "/glossary/export",
    tag = "glossary",
    summary = "The glossary's live entries as CSV (korean, english, forbidden, kind, note; variants separated by |), with format=tbx as TBX-Basic (ISO 30042:2019, DCA style), or with format=tbx2008 as TBX 2008 (martif, what translate-toolkit and Weblate read)",
    params(("format" = Option<String>, Query, description = "csv (the default), tbx or tbx2008")),
    responses((status = 200, description = "text/csv, or application/x-tbx+xml"), (status = "4XX", description = "401 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn export_glossary(
    State(state): State<AppState>,
    _reader: AuthUser,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let tbx = match query.format.as_deref() {
        None | Some("csv") => None,
        Some("tbx") => Some(crate::exchange::TbxShape::Basic),
        Some("tbx2008") => Some(crate::exchange::TbxShape::Martif),
        Some(_) => {
            return Err(Wrong::GlossaryFormat.into());
        }
    };
    let (kind, name, head, tail, render): (_, _, String, &str, Render) = if let Some(shape) = tbx {
        let names = state.store.user_names().await?;
        let now = jiff::Timestamp::now().to_string();
        let render = move |page: &[GlossaryEntry]| {
            let entries: Vec<crate::exchange::TbxEntry> = page
                .iter()
                .map(|e| crate::exchange::TbxEntry {
                    id: e.entry.id,
                    korean: &e.entry.korean,
                    english: &e.entry.english,
                    forbidden: &e.entry.forbidden,
                    kind: e.entry.kind.name(),
                    note: &e.note,
                    added_by: e.added_by.and_then(|id| names.get(&id)).map(String::as_str),
                    added_at: e.added_at,
                })
                .collect();
            Ok(crate::exchange::tbx_concepts(&entries, shape).into_bytes())
        };
        (
            TBX_TYPE,
            "attachment; filename=\"glossary.tbx\"",
            crate::exchange::tbx_head(&now, shape),
            shape.tail(),
            std::sync::Arc::new(render),
        )
    } else {
        let render = |page: &[GlossaryEntry]| {
            let mut out = csv::Writer::from_writer(Vec::new());
            for entry in page {
                let e = &entry.entry;
                out.write_record(
                    [
                        crate::terms::join_forms(&e.korean),
                        crate::terms::join_forms(&e.english),
                        crate::terms::join_forms(&e.forbidden),
                        e.kind.name().to_string(),
                        entry.note.clone(),
                    ]
                    .map(|cell| crate::terms::cell_out(&cell)),
                )?;
            }
            out.into_inner().map_err(|e| e.into_error())
        };
        let mut head = csv::Writer::from_writer(Vec::new());
        head.write_record(CSV_HEADER)
            .map_err(|e| ApiError::internal(format!("writing CSV: {e}")))?;
        let head = head
            .into_inner()
            .map_err(|e| ApiError::internal(format!("writing CSV: {e}")))?;
        (
            "text/csv; charset=utf-8",
            "attachment; filename=\"glossary.csv\"",
            String::from_utf8_lossy(&head).into_owned(),
            "",
            std::sync::Arc::new(render),
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CONTENT_DISPOSITION, name),
        ],
        axum::body::Body::from_stream(paged(state, head, tail, render)),
    ))
}

/// Renders a page of entries as a part of an export.
type Render =
    std::sync::Arc<dyn Fn(&[GlossaryEntry]) -> Result<Vec<u8>, std::io::Error> + Send + Sync>;

/// Entries an export (or an import's look for terms the glossary has)
/// reads at a time.
const EXPORT_PAGE: u32 = 500;

/// An export's body: `head`, the live entries page by page as `render`
/// writes them, then `tail`. The server holds one page at a time, so an
/// export's memory is a page's whatever the glossary's size; a failure
/// after the first bytes ends the body early (the client sees it cut).
fn paged(
    state: AppState,
    head: String,
    tail: &'static str,
    render: Render,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    enum Next {
        Head(String),
        After(i64),
        Done,
    }
    futures_util::stream::unfold(Next::Head(head), move |next| {
        let (state, render) = (state.clone(), render.clone());
        async move {
            match next {
                Next::Head(head) => Some((Ok(Bytes::from(head)), Next::After(0))),
                Next::After(after) => {
                    let search = galley_store::GlossarySearch {
                        q: String::new(),
                        retired: false,
                        after,
                        limit: EXPORT_PAGE,
                    };
                    match state.store.glossary_page(&search).await {
                        Err(e) => Some((Err(std::io::Error::other(e.to_string())), Next::Done)),
                        Ok(page) if page.is_empty() => {
                            Some((Ok(Bytes::from_static(tail.as_bytes())), Next::Done))
                        }
                        Ok(page) => {
                            let last = page.last().map_or(after, |e| e.entry.id);
                            Some((render(&page).map(Bytes::from), Next::After(last)))
                        }
                    }
                }
                Next::Done => None,
            }
        }
    })
}

/// The media type of a TBX file as Galley sends it.
const TBX_TYPE: &str = "application/x-tbx+xml; charset=utf-8";

/// Whether a request's media type is one a TBX file is sent as.
fn is_tbx(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/x-tbx+xml"
            | "application/x-tbx"
            | "application/tbx+xml"
            | "application/xml"
            | "text/xml"
    )
}

/// What an import added, and what it left out.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ImportedTerms {
    /// How many entries.
    pub added: usize,
    /// What the file held that was not added, in the file's order.
    pub skipped: Vec<SkippedTerm>,
}

/// One concept or line of an imported file that was not added.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SkippedTerm {
    /// A TBX concept's id (`c12`) or a CSV line (`line 7`).
    pub item: String,
    /// Why.
    pub reason: SkipReason,
    /// The glossary's entry that already has its Korean, for
    /// `already_in_glossary`.
    pub entry: Option<i64>,
    /// Why, in the reader's language.
    pub detail: String,
}

pub use crate::terms::SkipReason;

#[utoipa::path(
    post,
    path = "/glossary/import",
    tag = "glossary",
    summary = "Add every line of a CSV (the export's columns) or every concept of a TBX file as entries, in one transaction: a bad line refuses the whole file, naming its line and field; a term the glossary or the file has already, or a concept without Korean or English, is left out and named in `skipped` (admins and native editors)",
    request_body(content = String, content_type = "text/csv", description = "CSV (korean, english, forbidden, kind, note; a header line first), or a TBX file sent as application/x-tbx+xml (or application/xml)"),
    responses((status = 200, description = "How many were added", body = ImportedTerms), (status = "4XX", description = "400, 401, 403, 413, 415 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn import_glossary(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, ApiError> {
    may_edit(&user)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let tbx = is_tbx(content_type);
    if !tbx && !content_type.starts_with("text/csv") {
        return Err(Wrong::GlossaryType.into());
    }
    let text = std::str::from_utf8(&body).map_err(|_| ApiError::from(Wrong::NotUtf8))?;
    let (terms, mut skipped) = if tbx {
        tbx_terms(text)?
    } else {
        (csv_terms(text)?, Vec::new())
    };
    // A term whose Korean the glossary has, or an earlier one of the file
    // has, is not added twice: it is named, with the entry that has it.
    // The glossary is read a page at a time and only the file's Korean
    // kept from it, so an import's memory is the file's, not the glossary's.
    let wanted: std::collections::HashSet<&str> = terms
        .iter()
        .flat_map(|(_, term)| term.korean.iter().map(String::as_str))
        .collect();
    let mut known: HashMap<String, i64> = HashMap::new();
    let mut search = galley_store::GlossarySearch {
        q: String::new(),
        retired: false,
        after: 0,
        limit: EXPORT_PAGE,
    };
    loop {
        let page = state.store.glossary_page(&search).await?;
        for entry in &page {
            for form in entry
                .entry
                .korean
                .iter()
                .filter(|k| wanted.contains(k.as_str()))
            {
                known.insert(form.clone(), entry.entry.id);
            }
        }
        match search.next(&page) {
            Some(next) => search.after = next,
            None => break,
        }
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::with_capacity(terms.len());
    for (item, term) in terms {
        let in_glossary = term.korean.iter().find_map(|k| known.get(k).copied());
        let in_file = term.korean.iter().find_map(|k| seen.get(k).cloned());
        let skip = match (in_glossary, in_file) {
            (Some(entry), _) => Some((SkipReason::AlreadyInGlossary, Some(entry), None)),
            (None, Some(first)) => Some((SkipReason::RepeatedInFile, None, Some(first))),
            (None, None) => None,
        };
        match skip {
            Some((reason, entry, first)) => {
                skipped.push(skipped_term(item, reason, entry, first.as_deref()));
            }
            None => {
                for form in &term.korean {
                    seen.insert(form.clone(), item.clone());
                }
                kept.push(term);
            }
        }
    }
    let added = state.store.add_terms(&user, &kept).await?.len();
    Ok(axum::Json(ImportedTerms { added, skipped }))
}

/// A term of an imported file with what names it there (a concept's id,
/// a line).
type Named = (String, NewTerm);

/// A term left out, said in the reader's language.
fn skipped_term(
    item: String,
    reason: SkipReason,
    entry: Option<i64>,
    first: Option<&str>,
) -> SkippedTerm {
    let detail = super::error::reader().skipped_term(reason, entry, first);
    SkippedTerm {
        item,
        reason,
        entry,
        detail,
    }
}

/// The entries of a TBX file, each checked as every entry is and named by
/// its concept's id, and the concepts it leaves out.
fn tbx_terms(text: &str) -> Result<(Vec<Named>, Vec<SkippedTerm>), ApiError> {
    let read = crate::exchange::read_tbx(text).map_err(Wrong::Tbx)?;
    if read.entries.len() > MAX_IMPORT {
        return Err(Wrong::TooManyEntries {
            max: MAX_IMPORT,
            has: Some(read.entries.len()),
        }
        .into());
    }
    let skipped = read
        .skipped
        .into_iter()
        .map(|s| {
            let reason = match s.why {
                crate::exchange::Skip::NoKorean => SkipReason::NoKorean,
                crate::exchange::Skip::NoEnglish => SkipReason::NoEnglish,
            };
            skipped_term(s.concept, reason, None, None)
        })
        .collect();
    let terms = read
        .entries
        .iter()
        .map(|e| {
            let term = checked(
                &format!("concept {}: ", e.id),
                &TermBody {
                    korean: e.korean.clone(),
                    english: e.english.clone(),
                    forbidden: e.forbidden.clone(),
                    kind: e.kind.clone(),
                    note: e.note.clone(),
                },
            )?;
            Ok((e.id.clone(), term))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok((terms, skipped))
}

/// The entries of a CSV file, each checked as every entry is, named by its
/// line.
fn csv_terms(text: &str) -> Result<Vec<Named>, ApiError> {
    let terms = crate::terms::csv_terms(text, MAX_IMPORT).map_err(|refused| match refused {
        CsvRefused::Header => ApiError::from(Wrong::CsvHeader),
        CsvRefused::NotCsv { line, detail } => Wrong::NotCsv { line, detail }.into(),
        CsvRefused::TooMany { max } => Wrong::TooManyEntries { max, has: None }.into(),
        CsvRefused::Entry(bad) => bad.into(),
    })?;
    // Line 1 is the header.
    Ok(terms
        .into_iter()
        .enumerate()
        .map(|(i, term)| (format!("line {}", i + 2), term))
        .collect())
}

/// The glossary's trail.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct GlossaryTrail {
    /// Whether the chain verifies.
    pub ok: bool,
    /// How many changes.
    pub changes: usize,
    /// Where it breaks, if it does.
    pub broken: Option<String>,
    /// The hash of the last change.
    pub last_hash: Option<String>,
}

#[utoipa::path(
    get,
    path = "/glossary/changes",
    tag = "glossary",
    summary = "Whether the glossary's own trail of changes verifies, and its head",
    responses((status = 200, description = "The verdict", body = GlossaryTrail), (status = "4XX", description = "401: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn glossary_trail(
    State(state): State<AppState>,
    _reader: AuthUser,
) -> Result<impl IntoResponse, ApiError> {
    let changes = state.store.glossary_changes().await?;
    let verdict = galley_core::trail::verify(&changes);
    Ok(axum::Json(GlossaryTrail {
        ok: verdict.is_ok(),
        changes: changes.len(),
        broken: verdict.err().map(|b| b.to_string()),
        last_hash: changes.last().map(|c| c.hash.clone()),
    }))
}

/// What the AI wrote instead, and how often.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Replaced {
    /// The AI's English.
    pub text: String,
    /// How many rows.
    pub count: usize,
}

/// An entry the desk's corrections suggest.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProposalView {
    /// The Korean term.
    pub korean: String,
    /// The English the editors wrote.
    pub english: String,
    /// What it replaced.
    pub replaced: Vec<Replaced>,
    /// The signed-off articles where the change was made.
    pub articles: Vec<i64>,
    /// `person` when the English spells the term as a Korean name would be
    /// romanized, else `term` (the editor chooses when accepting).
    pub kind: TermKindName,
}

/// The proposals.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Proposals {
    /// Each with its evidence.
    pub proposals: Vec<ProposalView>,
}

#[utoipa::path(
    get,
    path = "/glossary/proposals",
    tag = "glossary",
    summary = "Entries the desk's own corrections suggest: where editors of at least three of the latest 500 signed-off articles replaced the AI's English for the same Korean term with the same English",
    responses((status = 200, description = "The proposals with their evidence", body = Proposals), (status = "4XX", description = "401: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn list_proposals(
    State(state): State<AppState>,
    _reader: AuthUser,
) -> Result<impl IntoResponse, ApiError> {
    let proposals =
        crate::terms::open_proposals::<ApiError>(state.store.as_ref(), &state.proposals)
            .await?
            .iter()
            .cloned()
            .map(|p| ProposalView {
                kind: if galley_core::romanize::name_forms(&p.korean).is_some()
                    && p.english.contains('-')
                {
                    TermKindName::Person
                } else {
                    TermKindName::Term
                },
                replaced: p
                    .replaced
                    .into_iter()
                    .map(|(text, count)| Replaced { text, count })
                    .collect(),
                korean: p.korean,
                english: p.english,
                articles: p.articles,
            })
            .collect();
    Ok(axum::Json(Proposals { proposals }))
}

/// A proposal accepted, as an entry of this kind.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The proposal's Korean term.
    korean: String,
    /// The proposal's English.
    english: String,
    /// When accepting: person, organization, place, title or term.
    kind: Option<String>,
}

#[utoipa::path(
    post,
    path = "/glossary/proposals/accept",
    tag = "glossary",
    summary = "Accept a proposal: it becomes an entry of the given kind (admins and native editors)",
    request_body = Decision,
    responses((status = 201, description = "The entry", body = EntryView), (status = "4XX", description = "400, 401, 403 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn accept_proposal(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<Decision>,
) -> Result<impl IntoResponse, ApiError> {
    may_edit(&user)?;
    let term = checked(
        "",
        &TermBody {
            korean: vec![body.korean],
            english: vec![body.english],
            forbidden: Vec::new(),
            kind: body.kind.unwrap_or_else(|| "term".into()),
            note: "accepted from the desk's corrections".into(),
        },
    )?;
    crate::terms::korean_is_new::<ApiError>(state.store.as_ref(), &term, None).await?;
    let mut added = state.store.add_terms(&user, &[term]).await?;
    let entry = added
        .pop()
        .ok_or_else(|| ApiError::internal("the entry was not added"))?;
    Ok((StatusCode::CREATED, axum::Json(view(entry))))
}

#[utoipa::path(
    post,
    path = "/glossary/proposals/reject",
    tag = "glossary",
    summary = "Turn a proposal down: it is not proposed again (admins and native editors)",
    request_body = Decision,
    responses((status = 204, description = "Turned down"), (status = "4XX", description = "400, 401, 403 or 422: problem details", body = Problem, content_type = "application/problem+json"))
)]
async fn reject_proposal(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    ApiJson(body): ApiJson<Decision>,
) -> Result<impl IntoResponse, ApiError> {
    may_edit(&user)?;
    let korean = limits::clean("korean", &body.korean, Kind::Title)?;
    let english = limits::clean("english", &body.english, Kind::Title)?;
    state
        .store
        .reject_proposal(&user, &korean, &english)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
