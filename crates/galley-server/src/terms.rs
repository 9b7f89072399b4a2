//! A glossary entry as it arrives, from the API, a CSV line or the page's
//! form: every form cleaned as every text is, the same limits whichever
//! way it came. Shared by the API and the pages.

use galley_core::glossary::{Proposal, TermKind, clean_forms, proposals};
use galley_core::limits::{self, Kind, TextError, TextProblem};
use galley_store::NewTerm;

use crate::wrong::Wrong;

/// Whether a person may change the glossary: admins and native editors.
pub fn may_edit(user: &galley_store::User) -> bool {
    user.roles.iter().any(|r| {
        matches!(
            r,
            galley_core::workflow::Role::Admin | galley_core::workflow::Role::NativeEditor
        )
    })
}

/// A list of forms typed in one field (a CSV cell, a form's input): the
/// forms separated by `|`.
pub fn split_forms(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// The forms of a list as one field.
pub fn join_forms(forms: &[String]) -> String {
    forms.join(" | ")
}

/// An entry checked: `at` prefixes each field an error names (`line 3: `).
pub fn new_term(
    at: &str,
    korean: &[String],
    english: &[String],
    forbidden: &[String],
    kind: &str,
    note: &str,
) -> Result<NewTerm, TextError> {
    let named = |mut e: TextError| {
        e.field = format!("{at}{}", e.field);
        e
    };
    let kind = TermKind::parse(kind.trim())
        .ok_or_else(|| TextError::new(format!("{at}kind"), TextProblem::TermKind))?;
    let note = if note.trim().is_empty() {
        String::new()
    } else {
        limits::clean(&format!("{at}note"), note, Kind::Note)?
    };
    Ok(NewTerm {
        korean: clean_forms("korean", korean, true).map_err(named)?,
        english: clean_forms("english", english, true).map_err(named)?,
        forbidden: clean_forms("forbidden", forbidden, false).map_err(named)?,
        kind,
        note,
    })
}

/// How many of the latest signed-off articles proposals are mined from.
pub const PROPOSAL_ARTICLES: usize = 500;

/// In how many signed-off articles editors must have made the same change.
pub const PROPOSAL_MIN_ARTICLES: usize = 3;

/// The open proposals last mined, with what they were mined from
/// ([`galley_store::Terms::proposals_version`]): mined again when an
/// article is signed off, reopened or corrected, or the glossary or the
/// proposals turned down change, not on every request.
#[derive(Debug, Default)]
pub struct ProposalCache(std::sync::Mutex<Option<(String, std::sync::Arc<Vec<Proposal>>)>>);

/// What the desk's corrections propose for the glossary now: mined from
/// the latest signed-off articles (on the blocking pool), without the
/// entries the glossary has or the proposals turned down; kept in `cache`
/// until what they are mined from changes.
pub async fn open_proposals<E>(
    store: &dyn galley_store::Store,
    cache: &ProposalCache,
) -> Result<std::sync::Arc<Vec<Proposal>>, E>
where
    E: From<galley_store::StoreError> + From<crate::compute::Stopped> + Send + 'static,
{
    let version = store.proposals_version(PROPOSAL_ARTICLES).await?;
    let kept = cache.0.lock().ok().and_then(|kept| {
        kept.as_ref()
            .filter(|(made_from, _)| *made_from == version)
            .map(|(_, proposals)| proposals.clone())
    });
    if let Some(proposals) = kept {
        return Ok(proposals);
    }
    let proposals = std::sync::Arc::new(mine_proposals::<E>(store).await?);
    if let Ok(mut kept) = cache.0.lock() {
        *kept = Some((version, proposals.clone()));
    }
    Ok(proposals)
}

/// The open proposals, mined now.
async fn mine_proposals<E>(store: &dyn galley_store::Store) -> Result<Vec<Proposal>, E>
where
    E: From<galley_store::StoreError> + From<crate::compute::Stopped> + Send + 'static,
{
    let rows = store.signed_off_rows(PROPOSAL_ARTICLES).await?;
    // The entries whose Korean is in these rows: the terms they have.
    let korean: Vec<(&str, &str)> = rows.iter().map(|r| (r.korean.as_str(), "")).collect();
    let known = store.glossary_for(&korean).await?;
    let rejected = store.rejected_proposals().await?;
    let found = crate::compute::compute(move |_cancel| {
        Ok::<_, E>(proposals(&rows, &known, PROPOSAL_MIN_ARTICLES))
    })
    .await?;
    Ok(found
        .into_iter()
        .filter(|p| {
            !rejected
                .iter()
                .any(|(k, e)| *k == p.korean && *e == p.english)
        })
        .collect())
}

/// Refuses a term one of whose Korean forms a live entry other than
/// `except` already has, naming that entry: a Korean term is the
/// glossary's once (an import leaves such terms out and names them; a
/// single entry added or changed is refused). Looked up through the
/// database's search, a page at a time.
pub async fn korean_is_new<E>(
    store: &dyn galley_store::Store,
    term: &NewTerm,
    except: Option<i64>,
) -> Result<(), E>
where
    E: From<galley_store::StoreError> + From<Wrong>,
{
    for form in &term.korean {
        let mut search = galley_store::GlossarySearch {
            q: form.clone(),
            retired: false,
            after: 0,
            limit: 1000,
        };
        loop {
            let page = store.glossary_page(&search).await?;
            let holder = page
                .iter()
                .find(|e| Some(e.entry.id) != except && e.entry.korean.contains(form));
            if let Some(holder) = holder {
                return Err(Wrong::KoreanInGlossary {
                    form: form.clone(),
                    entry: holder.entry.id,
                }
                .into());
            }
            match search.next(&page) {
                Some(next) => search.after = next,
                None => break,
            }
        }
    }
    Ok(())
}

/// What a spreadsheet reads as the start of a formula (OWASP, CSV
/// injection): `=`, `+`, `-`, `@`, a tab and a carriage return.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell, past any apostrophes it begins with, starts a formula.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .starts_with(|c: char| FORMULA_START.contains(&c))
}

/// A cell as Galley writes it in a CSV: one that a spreadsheet would run as
/// a formula (`=HYPERLINK(…)`) gets an apostrophe before it, which
/// spreadsheets read as "text" and do not show, as OWASP recommends; so
/// does one that already begins with apostrophes before such a start, so
/// that [`cell_in`] gives every cell back as it was.
pub fn cell_out(cell: &str) -> String {
    if formula_like(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A cell of a glossary CSV as it was before [`cell_out`].
pub fn cell_in(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// Why an imported term was not added.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The concept has no Korean term.
    NoKorean,
    /// The concept has no English term to use.
    NoEnglish,
    /// The glossary has an entry with one of its Korean forms already.
    AlreadyInGlossary,
    /// An earlier concept or line of the same file has one of its Korean
    /// forms.
    RepeatedInFile,
}

/// The columns of the glossary's CSV, in order.
pub const CSV_HEADER: [&str; 5] = ["korean", "english", "forbidden", "kind", "note"];

/// Why a glossary CSV does not import.
#[derive(Debug)]
pub enum CsvRefused {
    /// The first line is not [`CSV_HEADER`].
    Header,
    /// A line that does not read as CSV (the reader's words).
    NotCsv { line: usize, detail: String },
    /// More than `max` entries.
    TooMany { max: usize },
    /// An entry over the limits, its field named by its line.
    Entry(TextError),
}

/// The entries of a glossary CSV (the API's import, the demo's starter
/// glossary), each checked as every entry is, named by its line.
pub fn csv_terms(text: &str, max: usize) -> Result<Vec<NewTerm>, CsvRefused> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.iter().map(str::trim).eq(CSV_HEADER))
        .unwrap_or(false);
    if !header_ok {
        return Err(CsvRefused::Header);
    }
    let mut terms = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| CsvRefused::NotCsv {
            line,
            detail: e.to_string(),
        })?;
        if terms.len() == max {
            return Err(CsvRefused::TooMany { max });
        }
        let field = |n: usize| cell_in(record.get(n).unwrap_or_default());
        terms.push(
            new_term(
                &format!("line {line}: "),
                &split_forms(field(0)),
                &split_forms(field(1)),
                &split_forms(field(2)),
                field(3),
                field(4),
            )
            .map_err(CsvRefused::Entry)?,
        );
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::{CSV_HEADER, cell_in, cell_out, csv_terms};

    #[test]
    fn formula_cells_are_written_as_text_and_read_back_as_they_were() {
        for cell in [
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "+1",
            "-5%",
            "@SUM(A1)",
            "\tx",
            "'=already quoted",
            "''+twice",
        ] {
            let written = cell_out(cell);
            assert!(written.starts_with('\''), "{cell:?} written as {written:?}");
            assert_eq!(cell_in(&written), cell);
        }
        for cell in ["Bank of Korea", "'s", "한국은행", "", "a=b"] {
            assert_eq!(cell_out(cell), cell);
            assert_eq!(cell_in(cell), cell);
        }
        // Through a whole file: a term whose English begins with = comes
        // back as it went.
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(CSV_HEADER).unwrap();
        out.write_record(["한국은행", "=1+1", "@x", "organization", "-note"].map(cell_out))
            .unwrap();
        let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
        assert!(text.contains("'=1+1,'@x,organization,'-note"), "{text}");
        let terms = csv_terms(&text, 10).unwrap();
        assert_eq!(terms[0].english, ["=1+1"]);
        assert_eq!(terms[0].forbidden, ["@x"]);
        assert_eq!(terms[0].note, "-note");
    }
}
