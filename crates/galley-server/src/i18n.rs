//! Every sentence a person reads, in English and Korean: the pages' words,
//! refusals and findings for the pages and the API alike.
//!
//! Every word of the interface is a field of [`Texts`], written once in
//! each language; a page takes the person's [`Lang`] and reads its words
//! from there. What people wrote (titles, paragraphs, names, notes) is
//! never translated. Texts with `{name}` in them are filled by [`fill`] on
//! the server and by the page's script in the browser, which gets its own
//! words ([`ScriptTexts`]) as JSON in the page.

use galley_core::align::anchors::Anchor;
use galley_core::audit::Mismatch;
use galley_core::disclosure::Shortfall;
use galley_core::limits::{TextError, TextProblem};
use galley_core::paragraph::{ParagraphError, Side};
use galley_core::qa::Said;
use galley_core::workflow::{Action, Change, Refusal, Role, Stage, Why};
use galley_store::{Invalid, LANGUAGES, Missing, StoreError, User};
use serde::Serialize;

use crate::wrong::Wrong;

mod wrong;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// The language a person chose (English unless Korean).
    pub fn of(user: &User) -> Lang {
        Lang::parse(&user.language).unwrap_or(Lang::En)
    }

    /// `en` or `ko`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// The BCP 47 code, as `lang` attributes and the account store it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The other language, which the switch in the top bar offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }

    /// The words of the pages in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Ko => &KO,
        }
    }

    /// A stage as a badge reads.
    pub fn stage(self, stage: Stage) -> &'static str {
        let t = self.texts();
        match stage {
            Stage::Draft => t.stage_draft,
            Stage::BilingualReview => t.stage_bilingual_review,
            Stage::NativeEdit => t.stage_native_edit,
            Stage::SignedOff => t.stage_signed_off,
        }
    }

    /// A role as the top bar reads.
    pub fn role(self, role: Role) -> &'static str {
        let t = self.texts();
        match role {
            Role::Reporter => t.role_reporter,
            Role::BilingualReviewer => t.role_bilingual_reviewer,
            Role::NativeEditor => t.role_native_editor,
            Role::Admin => t.role_admin,
            Role::Auditor => t.role_auditor,
        }
    }

    /// A stage action's button.
    pub fn action(self, action: Action) -> &'static str {
        let t = self.texts();
        match action {
            Action::Submit => t.action_submit,
            Action::Approve => t.action_approve,
            Action::Return => t.action_return,
            Action::SignOff => t.action_sign_off,
            Action::Reopen => t.action_reopen,
            Action::Correct => t.action_correct,
        }
    }

    /// What the page says after a stage action went through.
    pub fn action_done(self, action: Action) -> &'static str {
        let t = self.texts();
        match action {
            Action::Submit => t.done_submit,
            Action::Approve => t.done_approve,
            Action::Return => t.done_return,
            Action::SignOff => t.done_sign_off,
            Action::Reopen => t.done_reopen,
            Action::Correct => t.done_correct,
        }
    }

    /// The language a request's `Accept-Language` asks for (English when it
    /// names none).
    pub fn asked_in(headers: &axum::http::HeaderMap) -> Lang {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map_or(Lang::En, Lang::from_accept_language)
    }

    /// The language an API client asks for in `Accept-Language`: Korean
    /// when `ko` has the highest weight of the two, English otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        let weight = |code: &str| {
            header
                .split(',')
                .filter_map(|part| {
                    let mut pieces = part.split(';');
                    let tag = pieces.next()?.trim().to_ascii_lowercase();
                    let matches = tag == code || tag.starts_with(&format!("{code}-"));
                    let q = pieces
                        .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
                        .unwrap_or(1.0);
                    matches.then_some(q)
                })
                .fold(0.0_f32, f32::max)
        };
        if weight("ko") > weight("en") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The aligner's doubt about a row, as a sentence (the API's flag; the
    /// page's badge is `Texts::flag_low_confidence`).
    pub fn low_confidence(self) -> &'static str {
        match self {
            Lang::En => "The aligner is not sure this row pairs the right paragraphs.",
            Lang::Ko => "이 행의 문단 대응이 맞는지 정렬기가 확신하지 못합니다.",
        }
    }

    /// Something failed on the server's side.
    pub fn our_fault(self) -> &'static str {
        match self {
            Lang::En => "Something went wrong on our side.",
            Lang::Ko => "서버에 문제가 생겼습니다.",
        }
    }

    /// A form posted without its CSRF token.
    pub fn form_expired(self) -> &'static str {
        match self {
            Lang::En => {
                "This form has expired or came from another site. Reload the page and try again."
            }
            Lang::Ko => {
                "이 양식이 만료되었거나 다른 사이트에서 왔습니다. 페이지를 새로 고친 뒤 다시 해 보세요."
            }
        }
    }

    /// A page that took longer than the server allows.
    pub fn too_slow(self) -> &'static str {
        match self {
            Lang::En => "The page took too long to prepare.",
            Lang::Ko => "페이지를 준비하는 데 너무 오래 걸렸습니다.",
        }
    }

    /// An address that is no page.
    pub fn no_such_page(self) -> &'static str {
        match self {
            Lang::En => "There is no such page.",
            Lang::Ko => "그런 페이지는 없습니다.",
        }
    }

    /// A stage action that does not exist.
    pub fn unknown_action(self) -> &'static str {
        match self {
            Lang::En => "Unknown action.",
            Lang::Ko => "없는 작업입니다.",
        }
    }

    /// A stage that does not exist.
    pub fn no_such_stage(self) -> &'static str {
        match self {
            Lang::En => "No such stage.",
            Lang::Ko => "없는 단계입니다.",
        }
    }

    /// The way back from an error page.
    pub fn back_to_desk(self) -> &'static str {
        match self {
            Lang::En => "Back to the desk",
            Lang::Ko => "데스크로 돌아가기",
        }
    }

    /// An error page's heading after its status code.
    pub fn status_reason(self, status: axum::http::StatusCode) -> &'static str {
        let english = status.canonical_reason().unwrap_or("Error");
        match self {
            Lang::En => english,
            Lang::Ko => match status.as_u16() {
                400 => "잘못된 요청",
                403 => "권한 없음",
                404 => "찾을 수 없음",
                405 => "허용하지 않는 방법",
                408 => "시간 초과",
                409 => "충돌",
                413 => "너무 큰 요청",
                422 => "처리할 수 없는 요청",
                500 => "서버 오류",
                503 => "일시적으로 쓸 수 없음",
                _ => "오류",
            },
        }
    }

    /// What the store answered, as an error page says it.
    pub fn store_error(self, error: &StoreError) -> String {
        match (self, error) {
            (Lang::En, StoreError::NotFound(what)) => {
                format!("The {} does not exist.", english_missing(what))
            }
            (Lang::Ko, StoreError::NotFound(what)) => format!("{} 없습니다.", korean_missing(what)),
            (_, StoreError::Refused(refusal)) => self.refusal(refusal),
            (
                _,
                StoreError::Conflict {
                    base,
                    current_revision,
                    ..
                },
            ) => self.stale_revision(*base, *current_revision),
            (_, StoreError::StaleVersion { given, current }) => {
                self.stale_version(*given, *current)
            }
            (_, StoreError::StaleSource { given, current }) => self.stale_source(*given, *current),
            (_, StoreError::BadText(bad)) => self.text_error(bad),
            (_, StoreError::Invalid { field, why }) => self.invalid(*field, why),
            (Lang::En, StoreError::Unavailable(_)) => {
                "The database is unavailable. Try again in a moment.".into()
            }
            (Lang::Ko, StoreError::Unavailable(_)) => {
                "데이터베이스에 연결할 수 없습니다. 잠시 뒤 다시 해 보세요.".into()
            }
            (_, StoreError::Internal(_)) => self.our_fault().into(),
        }
    }

    /// What was asked for and is not there, as the API says it.
    pub fn not_found(self, what: &Missing) -> String {
        match self {
            Lang::En => format!("{} not found", english_missing(what)),
            Lang::Ko => format!("{} 없습니다.", korean_missing(what)),
        }
    }

    /// Why a text was refused, naming the field it came in.
    pub fn text_error(self, error: &TextError) -> String {
        match self {
            Lang::En => english_text_error(&error.field, &error.problem),
            Lang::Ko => korean_text_error(&error.field, &error.problem),
        }
    }

    /// Why a request makes no sense (`StoreError::Invalid`), naming the
    /// field to blame where the sentence leads with it.
    pub fn invalid(self, field: Option<&str>, why: &Invalid) -> String {
        let field = field.unwrap_or_default();
        match self {
            Lang::En => english_invalid(field, why),
            Lang::Ko => korean_invalid(field, why),
        }
    }

    /// What a request got wrong before the store saw it.
    pub fn wrong(self, wrong: &Wrong) -> String {
        match self {
            Lang::En => wrong::english(wrong),
            Lang::Ko => wrong::korean(wrong),
        }
    }

    /// The step of the trail a disclosure lacks.
    pub fn shortfall(self, shortfall: Shortfall) -> &'static str {
        match (self, shortfall) {
            (Lang::En, Shortfall::NotSignedOff) => {
                "the article is not signed off: the native English edit is not finished"
            }
            (Lang::En, Shortfall::NoBilingualReview) => {
                "the trail has no bilingual review by a person ending in an approval"
            }
            (Lang::En, Shortfall::SamePerson) => {
                "the person who signed off also reviewed the translation: the line promises two people"
            }
            (Lang::En, Shortfall::SourceNotReviewed) => {
                "the Korean changed and not every changed row was reviewed again: the line would claim a review of text nobody reviewed"
            }
            (Lang::Ko, Shortfall::NotSignedOff) => {
                "기사가 최종 승인되지 않았습니다. 영어 원어민 편집이 끝나지 않았습니다."
            }
            (Lang::Ko, Shortfall::NoBilingualReview) => {
                "기록에 사람이 승인으로 마친 이중 언어 검토가 없습니다."
            }
            (Lang::Ko, Shortfall::SamePerson) => {
                "최종 승인한 사람이 번역도 검토했습니다. 고지 문구는 두 사람을 약속합니다."
            }
            (Lang::Ko, Shortfall::SourceNotReviewed) => {
                "한국어가 바뀌었는데 바뀐 행을 모두 다시 검토하지 않았습니다. 아무도 검토하지 않은 글을 검토했다고 말하게 됩니다."
            }
        }
    }

    /// A trail whose chain does not verify. What does not match is the
    /// verifier's diagnosis, in English (an auditor's words, as
    /// `galley trail verify` prints them).
    pub fn trail_broken(self, mismatch: &Mismatch) -> String {
        match self {
            Lang::En => format!("the trail does not verify: {mismatch}"),
            Lang::Ko => format!("기록(trail)이 검증되지 않습니다: {mismatch}"),
        }
    }

    /// A stored article that is not what its trail records.
    pub fn tampered(self, mismatch: &Mismatch) -> String {
        match self {
            Lang::En => {
                format!("nothing is published: {mismatch}; the administrators are alerted")
            }
            Lang::Ko => format!(
                "아무것도 내보내지 않습니다. 저장된 기사가 기록과 다릅니다: {mismatch}. 관리자에게 알렸습니다."
            ),
        }
    }

    /// A save based on an old revision of a row.
    pub fn stale_revision(self, base: i64, current: i64) -> String {
        match self {
            Lang::En => format!(
                "the save was based on revision {base}, but the row is at revision {current}"
            ),
            Lang::Ko => format!(
                "저장하지 않았습니다: 이 행은 그사이 {current}번째 판이 되었는데 {base}번째 판을 바탕으로 고쳤습니다. 지금 글을 읽고 다시 고치세요."
            ),
        }
    }

    /// A change that names an article version no longer current.
    pub fn stale_version(self, given: i64, current: i64) -> String {
        match self {
            Lang::En => format!(
                "the request names version {given}, but the article is at version {current}: it changed since you looked; read it again and retry"
            ),
            Lang::Ko => {
                format!("기사가 {given}판에서 {current}판으로 바뀌었습니다. 다시 읽고 해 보세요.")
            }
        }
    }

    /// A new version of the Korean based on one no longer current.
    pub fn stale_source(self, given: i64, current: i64) -> String {
        match self {
            Lang::En => format!(
                "the new Korean was based on version {given}, but the article's Korean is at version {current}: someone gave it a newer version; read it and start from that"
            ),
            Lang::Ko => format!(
                "새 한국어 원문은 {given}판을 바탕으로 했지만 원문은 이미 {current}판입니다. 누군가 더 새 판을 올렸으니 그것을 읽고 다시 시작하세요."
            ),
        }
    }

    /// Why an imported glossary term was left out.
    pub fn skipped_term(
        self,
        reason: crate::terms::SkipReason,
        entry: Option<i64>,
        first: Option<&str>,
    ) -> String {
        use crate::terms::SkipReason;
        let entry = entry.map(|e| e.to_string()).unwrap_or_default();
        let first = first.unwrap_or_default();
        match (self, reason) {
            (Lang::En, SkipReason::NoKorean) => "it has no Korean (ko) term".into(),
            (Lang::En, SkipReason::NoEnglish) => "it has no English (en) term to use".into(),
            (Lang::En, SkipReason::AlreadyInGlossary) => {
                format!("the glossary has its Korean already, in entry {entry}")
            }
            (Lang::En, SkipReason::RepeatedInFile) => {
                format!("{first} of the same file has its Korean already")
            }
            (Lang::Ko, SkipReason::NoKorean) => "한국어(ko) 용어가 없습니다.".into(),
            (Lang::Ko, SkipReason::NoEnglish) => "쓸 수 있는 영어(en) 용어가 없습니다.".into(),
            (Lang::Ko, SkipReason::AlreadyInGlossary) => {
                format!("용어집의 {entry}번 항목에 같은 한국어가 이미 있습니다.")
            }
            (Lang::Ko, SkipReason::RepeatedInFile) => {
                format!("같은 파일의 {first}에 같은 한국어가 이미 있습니다.")
            }
        }
    }

    /// What a change to an article is, in words ("edit the English").
    pub fn change(self, change: Change) -> &'static str {
        match (self, change) {
            (Lang::En, Change::EditEnglish) => "edit the English",
            (Lang::En, Change::EditAlignment) => "change the alignment",
            (Lang::En, Change::MarkReviewed) => "mark rows reviewed",
            (Lang::En, Change::Submit) => "submit an article",
            (Lang::En, Change::ReplaceSubmission) => "replace the Korean and the draft",
            (Lang::En, Change::Comment) => "add a comment",
            (Lang::En, Change::ReviseSource) => "give the article a new version of the Korean",
            (Lang::En, Change::ConfirmRemoval) => "confirm a removed paragraph's English is to go",
            (Lang::En, Change::RemoveEnglish) => "remove English the AI added",
            (Lang::Ko, Change::EditEnglish) => "영어 고치기",
            (Lang::Ko, Change::EditAlignment) => "문단 대응 바꾸기",
            (Lang::Ko, Change::MarkReviewed) => "행을 검토함으로 표시하기",
            (Lang::Ko, Change::Submit) => "기사 제출하기",
            (Lang::Ko, Change::ReplaceSubmission) => "한국어와 초안 바꾸기",
            (Lang::Ko, Change::Comment) => "댓글 달기",
            (Lang::Ko, Change::ReviseSource) => "한국어 원문의 새 판 올리기",
            (Lang::Ko, Change::ConfirmRemoval) => "삭제된 문단의 영어 지우기 확인",
            (Lang::Ko, Change::RemoveEnglish) => "AI가 덧붙인 영어 지우기",
        }
    }

    /// Why a rule refused, in this language, with what the refusal names.
    pub fn refusal(self, refusal: &Refusal) -> String {
        match self {
            Lang::En => english_refusal(&refusal.why),
            Lang::Ko => self.korean_refusal(&refusal.why),
        }
    }

    fn korean_refusal(self, why: &Why) -> String {
        let (stage, role, action) = (
            |s: Stage| self.stage(s),
            |r: Role| self.role(r),
            |a: Action| self.action(a),
        );
        match why {
            Why::NoSuchAction { stage: s, action: a } => {
                format!("{} 단계의 기사에는 ‘{}’을(를) 할 수 없습니다.", stage(*s), action(*a))
            }
            Why::ActionNeedsRole { action: a, role: r } => {
                format!("‘{}’에는 {} 역할이 필요합니다.", action(*a), role(*r))
            }
            Why::NoteNeeded { action: Action::Reopen } => "다시 열려면 이유를 적어야 합니다.".into(),
            Why::NoteNeeded { action: Action::Correct } => {
                "정정하려면 무엇이 틀렸고 이제 무엇이라고 쓰는지 공개 메모를 적어야 합니다.".into()
            }
            Why::NoteNeeded { .. } => "돌려보내려면 이유를 메모로 적어야 합니다.".into(),
            Why::KoreanChanged { rows } => format!(
                "검토한 뒤 한국어 원문이 바뀐 행이 {rows}개 있습니다. 이중 언어 검토자가 먼저 다시 검토하거나 삭제를 확인해야 합니다."
            ),
            Why::BlockingFindings { count } => format!(
                "해결하지 않은 QA 오류가 {count}개 있습니다. 영어를 고치거나 이유를 적어 예외 처리하세요."
            ),
            Why::OpenThreads { count } => format!(
                "답이 필요한 댓글 스레드가 {count}개 열려 있습니다. 답하고 해결로 표시하세요."
            ),
            Why::RowsNotReviewed { unreviewed, rows } => format!(
                "{rows}개 행 중 {unreviewed}개를 아직 검토하지 않았습니다(검토 뒤 고친 행 포함)."
            ),
            Why::YouTookPart => "이번 이중 언어 검토에 참여했으므로(편집, 검토, 문단 대응 변경, 예외 처리, 승인) 최종 승인할 수 없습니다. 다른 원어민 편집자가 승인해야 합니다.".into(),
            Why::NotAssignable { stage: s } => format!("{} 단계에는 담당자를 정하지 않습니다.", stage(*s)),
            Why::AssignNeedsRole { stage: s, role: r } => format!(
                "{} 담당자를 정하려면 {} 역할(또는 관리자)이 필요합니다.",
                stage(*s),
                role(*r)
            ),
            Why::AssigneeNeedsRole { stage: s, role: r } => format!(
                "{} 단계는 {}만 맡을 수 있습니다.",
                stage(*s),
                role(*r)
            ),
            Why::TheyTookPart => "이 사람은 이번 이중 언어 검토에 참여해 최종 승인할 수 없습니다. 다른 원어민 편집자를 정하세요.".into(),
            Why::RowHasBlockingFindings { count } => format!(
                "이 행에 해결하지 않은 QA 오류가 {count}개 있습니다. 검토함으로 표시하기 전에 영어를 고치거나 이유를 적어 예외 처리하세요."
            ),
            Why::KoreanSignedOff => "최종 승인된 기사입니다. 한국어 원문은 정정으로 바꿉니다.".into(),
            Why::NewKoreanNeedsRole => "한국어 원문의 새 판을 올리려면 기자 또는 관리자 역할이 필요합니다.".into(),
            Why::NotYourDraft => "제출한 기사는 그 기사를 쓴 기자(또는 관리자)만 바꿀 수 있습니다.".into(),
            Why::CommentNeedsRole => format!(
                "댓글은 {}, {}, {} 또는 {}만 달 수 있습니다({}은 읽기만 합니다).",
                role(Role::Reporter),
                role(Role::BilingualReviewer),
                role(Role::NativeEditor),
                role(Role::Admin),
                role(Role::Auditor)
            ),
            Why::NobodyMay { change, stage: s } => format!(
                "{} 단계에서는 아무도 {}를 할 수 없습니다.",
                stage(*s),
                self.change(*change)
            ),
            Why::ChangeNeedsRole { change, stage: s, role: r } => format!(
                "{} 단계에서 {}에는 {} 역할이 필요합니다.",
                stage(*s),
                self.change(*change),
                role(*r)
            ),
            Why::RowKoreanChanged => "원어민 편집 중에 이 행의 한국어 원문이 바뀌었습니다. 이중 언어 검토자가 먼저 검토합니다(그동안 댓글은 달 수 있습니다).".into(),
            Why::NotRemoved => "한국어 원문이 삭제된 행만 지우기를 확인할 수 있습니다.".into(),
            Why::RowHasKorean { row } => format!(
                "{row}번 행에는 한국어가 있습니다. 한국어가 없는 영어(AI가 덧붙인 문단)만 통째로 지우고, 한국어가 있는 행은 고칩니다."
            ),
            Why::RemovalNeedsReason => "영어를 지우려면 이유를 적어야 합니다.".into(),
            Why::HeadlineRow => "제목 행은 본문과 합치거나 나눌 수 없습니다.".into(),
            Why::NotInTrail { row } => format!("행 {row}은(는) 기록에 있는 이 기사의 행이 아닙니다."),
            Why::StoredDiffers { .. } => {
                "데이터베이스의 내용이 기록과 다릅니다. 아무것도 게시하지 않았으며 관리자에게 알렸습니다.".into()
            }
        }
    }

    /// A QA finding's sentence and the texts of the article it quotes. In
    /// English the quotes are in the sentence; in Korean they are given
    /// apart (they are the article's words, not the interface's), in the
    /// order the sentence refers to them.
    pub fn finding(self, said: &Said) -> (String, Vec<String>) {
        match self {
            Lang::En => (english_finding(said), Vec::new()),
            Lang::Ko => korean_finding(said),
        }
    }
}

/// A value the number check compares, as English writes it.
fn english_value(value: Anchor) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let month = |m: u8| MONTHS.get(usize::from(m).wrapping_sub(1)).copied();
    match value {
        Anchor::Number(thousandths) => grouped(thousandths),
        Anchor::Date { month: m, day } => format!("{} {day}", month(m).unwrap_or("a month")),
        Anchor::Month(m) => month(m).unwrap_or("a month").to_string(),
        Anchor::Weekday(d) => DAYS
            .get(usize::from(d).wrapping_sub(1))
            .copied()
            .unwrap_or("a weekday")
            .to_string(),
    }
}

/// A value the number check compares, as Korean writes it.
fn korean_value(value: Anchor) -> String {
    const DAYS: [&str; 7] = [
        "월요일",
        "화요일",
        "수요일",
        "목요일",
        "금요일",
        "토요일",
        "일요일",
    ];
    match value {
        Anchor::Number(thousandths) => grouped(thousandths),
        Anchor::Date { month, day } => format!("{month}월 {day}일"),
        Anchor::Month(month) => format!("{month}월"),
        Anchor::Weekday(d) => DAYS
            .get(usize::from(d).wrapping_sub(1))
            .copied()
            .unwrap_or("요일")
            .to_string(),
    }
}

/// A number kept in thousandths, with its thousands grouped by commas
/// and no trailing zeros after the point (`350,000,000,000`, `2.8`).
fn grouped(thousandths: u128) -> String {
    let digits = (thousandths / 1000).to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            text.push(',');
        }
        text.push(digit);
    }
    let fraction = thousandths % 1000;
    if fraction > 0 {
        text.push('.');
        text.push_str(format!("{fraction:03}").trim_end_matches('0'));
    }
    text
}

/// Rows as a list of their numbers (`2, 5`).
fn row_list(rows: &[usize]) -> String {
    rows.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A QA finding in English.
fn english_finding(said: &Said) -> String {
    match said {
        Said::HeadlineWithoutKorean => "The Korean headline is missing (the submission had no source_title): review the English headline against the article.".into(),
        Said::NoEnglish => "No English for this Korean: the AI draft dropped it.".into(),
        Said::NoKorean => "This English has no Korean: the AI draft added it.".into(),
        Said::KoreanFigureMissing { shown, value } => format!(
            "{shown} ({}) in the Korean is not in the English.",
            english_value(*value)
        ),
        Said::EnglishFigureMissing { shown } => {
            format!("{shown} in the English is not in the Korean.")
        }
        Said::ConversionAdded { shown } => format!(
            "{shown} in the English is not in the Korean: a conversion the translation adds? Check it."
        ),
        Said::DayOrMonthAdded { shown } => format!(
            "{shown} in the English is not in the Korean: a day or month the translation adds? Check it against the calendar."
        ),
        Said::CountDiffers { value, korean, english } => format!(
            "{} appears {} in the Korean and {english} in the English.",
            english_value(*value),
            counted(*korean, "time", "times")
        ),
        Said::DayAndWeekday { day, weekday } => format!(
            "The Korean gives the day of the month ({day}), the English a weekday ({weekday}): check they are the same day."
        ),
        Said::SmallNumberAsWord { shown } => format!(
            "{shown} in the Korean is not in the English as a figure: check a word says it (\"a\", \"first\", \"second\"…)."
        ),
        Said::LatinMissing { original } => {
            format!("{original} is in the Korean but not in the English.")
        }
        Said::HangulLeft { shown } => format!("Korean left in the English: {shown}"),
        Said::UnclosedQuote => "The English has an unclosed quotation mark.".into(),
        Said::KoreanQuoteOnly => {
            "The Korean quotes someone directly; the English has no quotation.".into()
        }
        Said::EnglishQuoteOnly => "The English has a quotation the Korean does not have.".into(),
        Said::DoubledWord { word } => format!("“{word} {word}”: the word is doubled."),
        Said::DoubleSpaces { places } => {
            format!(
                "{} with two or more spaces in a row.",
                counted(*places, "place", "places")
            )
        }
        Said::NameSpelling { here, elsewhere } => format!(
            "{here} here, but {} elsewhere: one spelling per person.",
            elsewhere
                .iter()
                .map(|(text, rows)| format!("{text} (row {})", row_list(rows)))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Said::Invisible { count, side, first, at } => format!(
            "{} in the {side}, the first U+{first:04X} at character {at}.",
            counted(*count, "invisible formatting character", "invisible formatting characters")
        ),
        Said::ShortEnglish { english, korean } => format!(
            "The English is much shorter than the Korean ({english} characters for {korean}): part may be missing."
        ),
        Said::FewerSentences { english_sentences, korean_sentences, english, korean } => format!(
            "The English has fewer sentences than the Korean ({english_sentences} for {korean_sentences}) and is short for it ({english} characters for {korean}): a sentence may be missing."
        ),
        Said::OmissionInRow { paragraph } => format!(
            "Korean paragraph {paragraph} of this row: none of its figures or names are in the English. Its translation may be missing."
        ),
        Said::MoreSentences { english_sentences, korean_sentences, english, korean } => format!(
            "The English has more sentences than the Korean ({english_sentences} for {korean_sentences}) and is long for it ({english} characters for {korean}): a sentence the Korean does not say may have been added."
        ),
        Said::GlossaryForbidden { shown, term, approved } => {
            format!("“{shown}” is not used for {term}: the glossary has “{approved}”.")
        }
        Said::GlossaryMissing { term, approved } => {
            format!("{term} is “{approved}” in the glossary; the English does not have it.")
        }
        Said::NameRomanization { here, korean, usual } => format!(
            "“{here}” is not a usual spelling of {korean} (usually {}). Check how the person spells it, and add it to the glossary.",
            or_list(usual)
        ),
    }
}

/// “A”, “A or B”, “A, B or C”: texts quoted, the last two joined by or.
fn or_list(texts: &[String]) -> String {
    let quoted: Vec<String> = texts.iter().map(|t| format!("“{t}”")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A QA finding in Korean, and the article's texts it quotes.
fn korean_finding(said: &Said) -> (String, Vec<String>) {
    let alone = |text: &str| (text.to_string(), Vec::new());
    match said {
        Said::HeadlineWithoutKorean => {
            alone("제출에 한국어 제목이 없었습니다. 영어 제목을 기사 본문과 대조해 검토하세요.")
        }
        Said::NoEnglish => alone("이 한국어에 대한 영어가 없습니다. AI 초안이 빠뜨렸습니다."),
        Said::NoKorean => alone("이 영어에 대한 한국어가 없습니다. AI 초안이 덧붙였습니다."),
        Said::KoreanFigureMissing { shown, value } => (
            format!(
                "한국어의 숫자·날짜({})가 영어에 없습니다:",
                korean_value(*value)
            ),
            vec![shown.clone()],
        ),
        Said::EnglishFigureMissing { shown } => (
            "영어의 숫자·날짜가 한국어에 없습니다:".into(),
            vec![shown.clone()],
        ),
        Said::ConversionAdded { shown } => (
            "영어의 숫자가 한국어에 없습니다. 번역이 덧붙인 환산인지 확인하세요:".into(),
            vec![shown.clone()],
        ),
        Said::DayOrMonthAdded { shown } => (
            "영어의 요일·월이 한국어에 없습니다. 번역이 덧붙인 것인지 달력과 대조하세요:".into(),
            vec![shown.clone()],
        ),
        Said::CountDiffers {
            value,
            korean,
            english,
        } => alone(&format!(
            "{}이(가) 한국어에 {korean}번, 영어에 {english}번 나옵니다.",
            korean_value(*value)
        )),
        Said::DayAndWeekday { day, weekday } => (
            "한국어는 날짜를, 영어는 요일을 씁니다. 같은 날인지 확인하세요:".into(),
            vec![day.clone(), weekday.clone()],
        ),
        Said::SmallNumberAsWord { shown } => (
            "한국어의 숫자가 영어에 숫자로 없습니다. 단어로 옮겼는지 확인하세요:".into(),
            vec![shown.clone()],
        ),
        Said::LatinMissing { original } => (
            "한국어의 로마자 표기가 영어에 없습니다:".into(),
            vec![original.clone()],
        ),
        Said::HangulLeft { shown } => ("영어에 한글이 남아 있습니다:".into(), vec![shown.clone()]),
        Said::UnclosedQuote => alone("영어의 따옴표가 닫히지 않았습니다."),
        Said::KoreanQuoteOnly => alone("한국어는 직접 인용하는데 영어에는 인용이 없습니다."),
        Said::EnglishQuoteOnly => alone("영어에 한국어에 없는 인용이 있습니다."),
        Said::DoubledWord { word } => (
            "같은 단어가 두 번 연속됩니다:".into(),
            vec![format!("{word} {word}")],
        ),
        Said::DoubleSpaces { places } => alone(&format!(
            "공백이 두 칸 이상 연속된 곳이 {places}군데 있습니다."
        )),
        Said::NameSpelling { here, elsewhere } => {
            let rows: Vec<usize> = elsewhere
                .iter()
                .flat_map(|(_, rows)| rows.iter().copied())
                .collect();
            let mut quotes = vec![here.clone()];
            quotes.extend(elsewhere.iter().map(|(text, _)| text.clone()));
            (
                format!(
                    "이름 표기가 다른 행({}행)과 다릅니다. 한 사람은 한 가지로 표기하세요:",
                    row_list(&rows)
                ),
                quotes,
            )
        }
        Said::Invisible {
            count,
            side,
            first,
            at,
        } => alone(&format!(
            "{} 보이지 않는 서식 문자가 {count}개 있습니다(첫 번째는 {at}번 위치의 U+{first:04X}).",
            match side {
                Side::Korean => "한국어에",
                Side::English => "영어에",
            },
        )),
        Said::ShortEnglish { english, korean } => alone(&format!(
            "영어가 한국어보다 훨씬 짧습니다(한국어 {korean}자에 영어 {english}자). 일부가 빠졌을 수 있습니다."
        )),
        Said::FewerSentences {
            english_sentences,
            korean_sentences,
            english,
            korean,
        } => alone(&format!(
            "영어 문장이 한국어보다 적고({korean_sentences}문장에 {english_sentences}문장) 길이도 짧습니다(한국어 {korean}자에 영어 {english}자). 문장이 빠졌을 수 있습니다."
        )),
        Said::OmissionInRow { paragraph } => alone(&format!(
            "이 행의 한국어 {paragraph}번째 문단의 숫자·이름이 영어에 하나도 없습니다. 번역이 빠졌을 수 있습니다."
        )),
        Said::MoreSentences {
            english_sentences,
            korean_sentences,
            english,
            korean,
        } => alone(&format!(
            "영어 문장이 한국어보다 많고({korean_sentences}문장에 {english_sentences}문장) 길이도 깁니다(한국어 {korean}자에 영어 {english}자). 한국어에 없는 문장이 덧붙었을 수 있습니다."
        )),
        Said::GlossaryForbidden {
            shown,
            term,
            approved,
        } => (
            "용어집이 쓰지 않는 표기입니다. 용어와 승인된 표기:".into(),
            vec![shown.clone(), term.clone(), approved.clone()],
        ),
        Said::GlossaryMissing { term, approved } => (
            "용어집의 승인된 영어 표기가 영어에 없습니다:".into(),
            vec![term.clone(), approved.clone()],
        ),
        Said::NameRomanization {
            here,
            korean,
            usual,
        } => {
            let mut quotes = vec![here.clone(), korean.clone()];
            quotes.extend(usual.iter().cloned());
            (
                "이 영문 이름은 한국어 이름의 일반적인 로마자 표기와 다릅니다. 본인이 쓰는 표기를 확인해 용어집에 추가하세요. 영문 이름, 한국어 이름, 일반적인 표기:".into(),
                quotes,
            )
        }
    }
}

/// What is not there, in English (a noun phrase).
fn english_missing(what: &Missing) -> String {
    match what {
        Missing::Article(id) => format!("article {id}"),
        Missing::Row {
            row,
            article: Some(article),
        } => format!("row {row} of article {article}"),
        Missing::Row { row, article: None } => format!("row {row}"),
        Missing::Comment { comment, article } => format!("comment {comment} of article {article}"),
        Missing::SourceVersion { version, article } => {
            format!("version {version} of article {article}'s Korean")
        }
        Missing::Edition {
            number,
            article,
            editions,
        } => format!("edition {number} of article {article} (it has {editions})"),
        Missing::LogEvent { seq, article } => {
            format!("event {seq} of article {article} in the log")
        }
        Missing::User(id) => format!("user {id}"),
        Missing::UserNamed(name) => format!("user {name:?}"),
        Missing::Token => "token".into(),
        Missing::Session => "session".into(),
        Missing::Notification(id) => format!("notification {id}"),
        Missing::Webhook(id) => format!("webhook {id}"),
        Missing::Delivery(id) => format!("delivery {id}"),
        Missing::GlossaryEntry(id) => format!("glossary entry {id}"),
        Missing::Record => "row".into(),
    }
}

/// What is not there, in Korean, with its particle (이/가).
fn korean_missing(what: &Missing) -> String {
    match what {
        Missing::Article(id) => format!("{id}번 기사가"),
        Missing::Row {
            row,
            article: Some(article),
        } => format!("{article}번 기사의 {row}번 행이"),
        Missing::Row { row, article: None } => format!("{row}번 행이"),
        Missing::Comment { comment, article } => {
            format!("{article}번 기사의 {comment}번 댓글이")
        }
        Missing::SourceVersion { version, article } => {
            format!("{article}번 기사의 한국어 {version}판이")
        }
        Missing::Edition {
            number,
            article,
            editions,
        } => format!("{article}번 기사의 {number}판이(판은 {editions}개뿐입니다)"),
        Missing::LogEvent { seq, article } => {
            format!("로그에 {article}번 기사의 {seq}번째 기록이")
        }
        Missing::User(id) => format!("{id}번 사용자가"),
        Missing::UserNamed(name) => format!("사용자 “{name}”이(가)"),
        Missing::Token => "토큰이".into(),
        Missing::Session => "로그인 세션이".into(),
        Missing::Notification(id) => format!("{id}번 알림이"),
        Missing::Webhook(id) => format!("{id}번 웹훅이"),
        Missing::Delivery(id) => format!("{id}번 전송이"),
        Missing::GlossaryEntry(id) => format!("용어집 {id}번 항목이"),
        Missing::Record => "찾는 행이".into(),
    }
}

/// Why a text was refused, in English.
fn english_text_error(field: &str, problem: &TextProblem) -> String {
    match problem {
        TextProblem::Control { code, at } => {
            format!("{field} holds the control character U+{code:04X} at character {at}; remove it")
        }
        TextProblem::FarTooLong { max } => {
            format!("{field} is longer than {max} characters (the limit for {field})")
        }
        TextProblem::Empty => format!("{field} is empty"),
        TextProblem::TooLong { chars, max } => {
            format!("{field} is {chars} characters long; the limit is {max}")
        }
        TextProblem::NotClean => {
            format!("{field} is not in its clean form (NFC, trimmed, line breaks as \\n)")
        }
        TextProblem::RowTooLong { chars, side, max } => {
            format!("{field}: the row would hold {chars} characters of {side}; the limit is {max}")
        }
        TextProblem::AlignedRowTooLong {
            korean,
            english,
            side,
            chars,
            max,
        } => {
            let span = |what: &str, span: &Option<(usize, usize)>| match span {
                Some((a, b)) if a == b => Some(format!("{what} paragraph {a}")),
                Some((a, b)) => Some(format!("{what} paragraphs {a}–{b}")),
                None => None,
            };
            let meet: Vec<String> = [span("Korean", korean), span("English", english)]
                .into_iter()
                .flatten()
                .collect();
            format!(
                "{field}: {} align into one row of {chars} characters of {side}; the limit is {max}. Shorten them or break them into more paragraphs",
                meet.join(" and ")
            )
        }
        TextProblem::TooManyParagraphs { count, max } => {
            format!("{field} has {count} paragraphs; the limit is {max}")
        }
        TextProblem::ArticleTooLong { chars, max } => format!(
            "{field} is {chars} characters long; the limit for one side of an article is {max}"
        ),
        TextProblem::ParagraphTooLong {
            paragraph,
            chars,
            max,
        } => {
            format!("{field}: paragraph {paragraph} is {chars} characters long; the limit is {max}")
        }
        // The core's own words for its command line, the same here.
        TextProblem::Paragraphs(error) => error.to_string(),
        TextProblem::EitherNotBoth { other } => {
            format!("give either {field} or {other}, not both")
        }
        TextProblem::Required { other } => format!("{field} (or {other}) is required"),
        TextProblem::NoReason => {
            format!("{field} is empty: an override needs a written reason")
        }
        TextProblem::NoComment => format!("{field} is empty: a comment says something"),
        TextProblem::NotATime => {
            format!("{field} is not a time: give RFC 3339, say 2026-12-04T18:00:00+09:00")
        }
        TextProblem::TermKind => {
            format!("{field} must be person, organization, place, title or term")
        }
        TextProblem::TooManyForms { max } => format!("{field} has more than {max} forms"),
        TextProblem::NoForms => format!("{field} needs at least one form"),
        TextProblem::OneCharacterTerm => {
            format!("{field} is one character: a term is two characters or more")
        }
    }
}

/// Why a text was refused, in Korean.
fn korean_text_error(field: &str, problem: &TextProblem) -> String {
    let side = |side: &Side| match side {
        Side::Korean => "한국어",
        Side::English => "영어",
    };
    match problem {
        TextProblem::Control { code, at } => format!(
            "{field}의 {at}번 위치에 쓸 수 없는 제어 문자 U+{code:04X}가 있습니다. 지워 주세요."
        ),
        TextProblem::FarTooLong { max } => {
            format!("{field}이(가) 너무 깁니다. 한도는 {max}자입니다.")
        }
        TextProblem::Empty => format!("{field}이(가) 비어 있습니다."),
        TextProblem::TooLong { chars, max } => {
            format!("{field}이(가) {chars}자입니다. 한도는 {max}자입니다.")
        }
        TextProblem::NotClean => {
            format!("{field}이(가) 정리된 형태(NFC, 앞뒤 공백 없음, 줄바꿈 \\n)가 아닙니다.")
        }
        TextProblem::RowTooLong {
            chars,
            side: s,
            max,
        } => format!(
            "{field}: 행의 {}이(가) {chars}자가 됩니다. 한도는 {max}자입니다.",
            side(s)
        ),
        TextProblem::TooManyParagraphs { count, max } => {
            format!("{field}의 문단이 {count}개입니다. 한도는 {max}개입니다.")
        }
        TextProblem::ArticleTooLong { chars, max } => {
            format!("{field}이(가) {chars}자입니다. 기사 한쪽의 한도는 {max}자입니다.")
        }
        TextProblem::ParagraphTooLong {
            paragraph,
            chars,
            max,
        } => format!("{field}: {paragraph}번째 문단이 {chars}자입니다. 한도는 {max}자입니다."),
        TextProblem::AlignedRowTooLong {
            korean,
            english,
            side: s,
            chars,
            max,
        } => {
            let span = |what: &str, span: &Option<(usize, usize)>| match span {
                Some((a, b)) if a == b => Some(format!("{what} {a}번째 문단")),
                Some((a, b)) => Some(format!("{what} {a}–{b}번째 문단")),
                None => None,
            };
            let meet: Vec<String> = [span("한국어", korean), span("영어", english)]
                .into_iter()
                .flatten()
                .collect();
            format!(
                "{field}: {}이(가) 한 행으로 정렬되어 행의 {}이(가) {chars}자가 됩니다. 한도는 {max}자입니다. 줄이거나 문단을 더 나누세요.",
                meet.join("과 "),
                side(s)
            )
        }
        TextProblem::Paragraphs(error) => match error {
            ParagraphError::InvalidUtf8 { side: s, offset } => format!(
                "{} 텍스트가 올바른 UTF-8이 아닙니다({offset}번째 바이트부터).",
                side(s)
            ),
            ParagraphError::Empty { side: s } => format!("{} 텍스트가 비어 있습니다.", side(s)),
            ParagraphError::NoText { side: s } => format!(
                "{} 텍스트에 보이는 글자가 없습니다. 공백이나 제어 문자뿐입니다.",
                side(s)
            ),
            ParagraphError::TooLarge {
                side: s,
                bytes,
                limit,
            } => format!(
                "{} 텍스트가 {bytes}바이트입니다. 한도는 {limit}바이트입니다.",
                side(s)
            ),
            ParagraphError::TooManyParagraphs {
                side: s,
                count,
                limit,
            } => format!(
                "{} 텍스트의 문단이 {count}개입니다. 한도는 {limit}개입니다.",
                side(s)
            ),
            ParagraphError::EmptyParagraph { side: s, index } => {
                format!("{} {index}번 문단이 비어 있습니다.", side(s))
            }
        },
        TextProblem::EitherNotBoth { other } => {
            format!("{field}와(과) {other} 가운데 하나만 주세요.")
        }
        TextProblem::Required { other } => format!("{field}(또는 {other})가 필요합니다."),
        TextProblem::NoReason => {
            format!("{field}이(가) 비어 있습니다. 예외 처리에는 이유를 적어야 합니다.")
        }
        TextProblem::NoComment => {
            format!("{field}이(가) 비어 있습니다. 댓글에 내용을 적어 주세요.")
        }
        TextProblem::NotATime => format!(
            "{field}이(가) 시각이 아닙니다. RFC 3339로 주세요(예: 2026-12-04T18:00:00+09:00)."
        ),
        TextProblem::TermKind => {
            format!("{field}은(는) person, organization, place, title, term 가운데 하나입니다.")
        }
        TextProblem::TooManyForms { max } => {
            format!("{field}의 표기가 {max}개를 넘습니다.")
        }
        TextProblem::NoForms => format!("{field}에 표기가 하나 이상 있어야 합니다."),
        TextProblem::OneCharacterTerm => {
            format!("{field}이(가) 한 글자입니다. 용어는 두 글자 이상입니다.")
        }
    }
}

/// Why a request makes no sense, in English.
fn english_invalid(field: &str, why: &Invalid) -> String {
    match why {
        Invalid::NoSuchRevision { row, revision } => {
            format!("row {row} has no revision {revision}")
        }
        Invalid::NotEarlierText { row, revision } => format!(
            "revision {revision} of row {row} is not an earlier text of the row: nothing to revert to"
        ),
        Invalid::UserName => "a user name is 1 to 64 visible characters".into(),
        Invalid::UserExists { name } => format!("a user named {name:?} already exists"),
        Invalid::Language => format!("a language is one of {}", LANGUAGES.join(", ")),
        Invalid::RowsOutOfOrder => "the rows do not cover the Korean paragraphs in order".into(),
        Invalid::RowsMissKorean => "the rows do not cover every Korean paragraph".into(),
        Invalid::HeadlineFirst => "the headline row must come first, with the Korean headline (or none) and the English title".into(),
        Invalid::SourceUnchanged { version } => {
            format!("source: the Korean is the same as version {version}; nothing to change")
        }
        Invalid::NothingToTranslate => "draft: the new version adds no paragraph, so there is nothing for a draft to translate".into(),
        Invalid::KoreanRemovedEdit { row } => format!(
            "row {row}'s Korean was removed: confirm its English is to go, or merge it into a neighbouring row to keep it"
        ),
        Invalid::KoreanRemovedReview { row } => format!(
            "row {row}'s Korean was removed: confirm its English is to go instead of marking it reviewed"
        ),
        Invalid::NotReviewedAt { row, revision } => {
            format!("row {row} is not marked reviewed at revision {revision}")
        }
        Invalid::LastRow { row } => {
            format!("row {row} is the last row: there is no next row to merge with")
        }
        Invalid::Split { row, split } => format!(
            "row {row}: cannot split a row after {} of its {} Korean and {} of its {} English paragraphs",
            split.ko_at, split.ko_len, split.en_at, split.en_len
        ),
        Invalid::NoSuchFinding { row, key } => format!("row {row} has no finding {key:?} now"),
        Invalid::AlreadyOverridden { row, key } => {
            format!("finding {key:?} of row {row} is already overridden")
        }
        Invalid::ReplyToReply { comment, thread } => format!(
            "comment {comment} is a reply; reply to the thread's first comment ({thread})"
        ),
        Invalid::ReplyNeedsNoAnswer => {
            "a reply cannot need an answer; its thread does or does not".into()
        }
        Invalid::ReplyOnOtherRow { comment } => format!("comment {comment} is on another row"),
        Invalid::ResolveReply { comment } => format!(
            "comment {comment} is a reply; a thread is resolved by its first comment"
        ),
        Invalid::ThreadAlready { thread, resolved } => format!(
            "thread {thread} is already {}",
            if *resolved { "resolved" } else { "open" }
        ),
        Invalid::DeliveryWaiting { id, attempt, due } => format!(
            "delivery {id} is waiting to be sent (attempt {attempt} is due {})",
            galley_store::time::stored(*due)
        ),
        Invalid::BeyondLog { leaves, asked } => {
            format!("{field}: the log has {leaves} leaves, not {asked}")
        }
        Invalid::LeafOutside { leaf, size } => {
            format!("{field}: leaf {leaf} is not in a tree of {size}")
        }
        Invalid::CannotExtend { from, to } => {
            format!("{field}: a tree of {from} cannot be extended by one of {to}")
        }
        Invalid::LeafRange { start, end, most } => {
            format!("{field}: from {start} to {end} is not a range of at most {most} leaves")
        }
        Invalid::ConsistencyFrom { size, from } => format!(
            "{field}: the export's checkpoint has {size} leaves, not {from} or more"
        ),
        Invalid::DatabaseUrl { url } => {
            format!("database URL must start with sqlite:// or postgres://, got {url:?}")
        }
        Invalid::DatabaseOptions { driver } => format!("the database URL is refused: {driver}"),
    }
}

/// Why a request makes no sense, in Korean.
fn korean_invalid(field: &str, why: &Invalid) -> String {
    match why {
        Invalid::NoSuchRevision { row, revision } => {
            format!("{row}번 행에 {revision}번째 판이 없습니다.")
        }
        Invalid::NotEarlierText { row, revision } => format!(
            "{row}번 행의 {revision}번째 판은 이 행의 예전 글이 아니어서 되돌릴 것이 없습니다."
        ),
        Invalid::UserName => "사용자 이름은 보이는 글자 1~64자입니다.".into(),
        Invalid::UserExists { name } => format!("이름이 “{name}”인 사용자가 이미 있습니다."),
        Invalid::Language => format!("언어는 다음 중 하나입니다: {}.", LANGUAGES.join(", ")),
        Invalid::RowsOutOfOrder => "행이 한국어 문단을 순서대로 다루지 않습니다.".into(),
        Invalid::RowsMissKorean => "행이 한국어 문단을 모두 다루지 않습니다.".into(),
        Invalid::HeadlineFirst => {
            "제목 행이 맨 앞에 한국어 제목(또는 없음)과 영어 제목으로 와야 합니다.".into()
        }
        Invalid::SourceUnchanged { version } => {
            format!("한국어가 {version}판과 같습니다. 바꿀 것이 없습니다.")
        }
        Invalid::NothingToTranslate => {
            "새 판에 추가된 문단이 없어 초안이 번역할 것이 없습니다.".into()
        }
        Invalid::KoreanRemovedEdit { row } => format!(
            "{row}번 행의 한국어가 삭제되었습니다. 영어를 지울지 확인하거나, 남기려면 이웃 행과 합치세요."
        ),
        Invalid::KoreanRemovedReview { row } => format!(
            "{row}번 행의 한국어가 삭제되었습니다. 검토 완료로 표시하는 대신 영어를 지울지 확인하세요."
        ),
        Invalid::NotReviewedAt { row, revision } => {
            format!("{row}번 행은 {revision}번째 수정본에서 검토 완료로 표시되어 있지 않습니다.")
        }
        Invalid::LastRow { row } => {
            format!("{row}번 행이 마지막 행이어서 합칠 다음 행이 없습니다.")
        }
        Invalid::Split { row, split } => format!(
            "{row}번 행을 한국어 {}개 중 {}번째, 영어 {}개 중 {}번째 문단 뒤에서 나눌 수 없습니다.",
            split.ko_len, split.ko_at, split.en_len, split.en_at
        ),
        Invalid::NoSuchFinding { row, key } => {
            format!("{row}번 행에는 지금 “{key}” 검사 결과가 없습니다.")
        }
        Invalid::AlreadyOverridden { row, key } => {
            format!("{row}번 행의 “{key}” 검사 결과는 이미 예외 처리되었습니다.")
        }
        Invalid::ReplyToReply { comment, thread } => {
            format!("{comment}번 댓글은 답글입니다. 스레드의 첫 댓글({thread}번)에 답하세요.")
        }
        Invalid::ReplyNeedsNoAnswer => {
            "답글은 답변 요청을 할 수 없습니다. 요청 여부는 스레드가 정합니다.".into()
        }
        Invalid::ReplyOnOtherRow { comment } => format!("{comment}번 댓글은 다른 행에 있습니다."),
        Invalid::ResolveReply { comment } => {
            format!("{comment}번 댓글은 답글입니다. 스레드는 첫 댓글로 해결합니다.")
        }
        Invalid::ThreadAlready { thread, resolved } => format!(
            "{thread}번 스레드는 이미 {}.",
            if *resolved {
                "해결되었습니다"
            } else {
                "열려 있습니다"
            }
        ),
        Invalid::DeliveryWaiting { id, attempt, due } => format!(
            "{id}번 전송은 보낼 차례를 기다리고 있습니다({attempt}번째 시도 예정: {}).",
            galley_store::time::stored(*due)
        ),
        Invalid::BeyondLog { leaves, asked } => {
            format!("{field}: 로그의 잎은 {asked}개가 아니라 {leaves}개입니다.")
        }
        Invalid::LeafOutside { leaf, size } => {
            format!("{field}: {leaf}번 잎은 크기 {size}인 트리에 없습니다.")
        }
        Invalid::CannotExtend { from, to } => {
            format!("{field}: 크기 {from}인 트리는 크기 {to}인 트리로 늘어날 수 없습니다.")
        }
        Invalid::LeafRange { start, end, most } => {
            format!("{field}: {start}부터 {end}까지는 잎 {most}개 이하의 범위가 아닙니다.")
        }
        Invalid::ConsistencyFrom { size, from } => format!(
            "{field}: 내보내기의 체크포인트에는 잎이 {from}개 이상이 아니라 {size}개 있습니다."
        ),
        Invalid::DatabaseUrl { url } => {
            format!("데이터베이스 주소는 sqlite:// 또는 postgres://로 시작해야 합니다: {url:?}")
        }
        Invalid::DatabaseOptions { driver } => {
            format!("데이터베이스 주소를 쓸 수 없습니다: {driver}")
        }
    }
}

/// A refusal's English sentence.
fn english_refusal(why: &Why) -> String {
    let en = Lang::En;
    match why {
        Why::NoSuchAction { stage, action } => format!(
            "an article in {} cannot be given '{}'",
            stage.words(),
            action.words()
        ),
        Why::ActionNeedsRole { action, role } => {
            format!("to {} needs the {} role", action.words(), role.words())
        }
        Why::NoteNeeded { action } => format!(
            "to {} needs {}",
            action.words(),
            match action {
                Action::Reopen => "a reason",
                Action::Correct => "a public note saying what was wrong and what it now says",
                _ => "a note saying why",
            }
        ),
        Why::KoreanChanged { rows } => format!(
            "the Korean of {} changed since {} reviewed; a bilingual reviewer must review {} (or confirm a removed paragraph's English is to go) first",
            counted(*rows, "row", "rows"),
            if *rows == 1 { "it was" } else { "they were" },
            if *rows == 1 { "it" } else { "them" },
        ),
        Why::BlockingFindings { count } => format!(
            "{} open; fix {} or override {} with a reason",
            counted_are(*count, "blocking QA finding", "blocking QA findings"),
            if *count == 1 { "it" } else { "them" },
            if *count == 1 { "it" } else { "them" },
        ),
        Why::OpenThreads { count } => format!(
            "{} that need{} an answer {} open; answer and resolve {} first",
            counted(*count, "comment thread", "comment threads"),
            if *count == 1 { "s" } else { "" },
            if *count == 1 { "is" } else { "are" },
            if *count == 1 { "it" } else { "them" },
        ),
        Why::RowsNotReviewed { unreviewed, rows } => format!(
            "{unreviewed} of {rows} rows are not reviewed (or were edited after review)"
        ),
        Why::YouTookPart => "you took part in this round of bilingual review (edited, reviewed, re-aligned, overrode a finding or approved); another native editor must sign off".into(),
        Why::NotAssignable { stage } => format!("nobody is assigned {}", stage.words()),
        Why::AssignNeedsRole { stage, role } => format!(
            "to assign {} needs the {} role (or admin)",
            stage.words(),
            role.words()
        ),
        Why::AssigneeNeedsRole { stage, role } => {
            format!("only a {} can be assigned {}", role.words(), stage.words())
        }
        Why::TheyTookPart => "they took part in this round of bilingual review, so they may not sign off; assign another native editor".into(),
        Why::RowHasBlockingFindings { count } => format!(
            "this row has {} open; fix the English or override {} with a reason before marking it reviewed",
            counted(*count, "blocking QA finding", "blocking QA findings"),
            if *count == 1 { "it" } else { "them" },
        ),
        Why::KoreanSignedOff => "the article is signed off: its Korean is changed by a correction".into(),
        Why::NewKoreanNeedsRole => "to give the article a new version of the Korean needs the reporter or admin role".into(),
        Why::NotYourDraft => "only the reporter whose article it is (or an admin) replaces its submission".into(),
        Why::CommentNeedsRole => format!(
            "commenting needs the {}, {}, {} or {} role (an {} only reads)",
            Role::Reporter.words(),
            Role::BilingualReviewer.words(),
            Role::NativeEditor.words(),
            Role::Admin.words(),
            Role::Auditor.words()
        ),
        Why::NobodyMay { change, stage } => {
            format!("nobody may {} in {}", en.change(*change), stage.words())
        }
        Why::ChangeNeedsRole { change, stage, role } => format!(
            "to {} in {} needs the {} role",
            en.change(*change),
            stage.words(),
            role.words()
        ),
        Why::RowKoreanChanged => "this row's Korean changed during native edit: a bilingual reviewer reviews it first (you may comment on it meanwhile)".into(),
        Why::NotRemoved => "only a row whose Korean was removed can be confirmed to go".into(),
        Why::RowHasKorean { row } => format!(
            "row {row} has Korean: only English with no Korean (a paragraph the AI added) is removed whole; a row with Korean is edited"
        ),
        Why::RemovalNeedsReason => "removing English needs a reason".into(),
        Why::HeadlineRow => "the headline is a row of its own: it is never merged with the body or split".into(),
        Why::NotInTrail { row } => {
            format!("row {row} is not one of the article's rows as its trail records them")
        }
        Why::StoredDiffers { detail } => {
            format!("nothing is published: {detail}; the administrators are alerted")
        }
    }
}

/// Fills `{name}` in a text with values.
/// `n` and the noun in English, singular for one: "1 row", "3 rows".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// [`counted`] with its verb: "1 finding is", "2 findings are".
fn counted_are(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        counted(n, one, many),
        if n == 1 { "is" } else { "are" }
    )
}

pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every word of the pages, in one language.
#[derive(Debug, Serialize)]
pub struct Texts {
    pub lang: &'static str,
    pub switch_to: &'static str,
    pub switch_title: &'static str,
    pub desk: &'static str,
    pub inbox: &'static str,
    pub inbox_unread: &'static str,
    pub mark_all_read: &'static str,
    pub no_notifications: &'static str,
    pub notice_assignment: &'static str,
    pub notice_arrival: &'static str,
    pub notice_return: &'static str,
    pub notice_mention: &'static str,
    pub notice_reply: &'static str,
    pub notice_sign_off: &'static str,
    pub notice_source_changed: &'static str,
    pub notice_correction: &'static str,
    pub sign_out: &'static str,
    pub stage_draft: &'static str,
    pub stage_bilingual_review: &'static str,
    pub stage_native_edit: &'static str,
    pub stage_signed_off: &'static str,
    pub role_reporter: &'static str,
    pub role_bilingual_reviewer: &'static str,
    pub role_native_editor: &'static str,
    pub role_admin: &'static str,
    pub role_auditor: &'static str,
    // The desk.
    pub search_titles: &'static str,
    pub title_contains: &'static str,
    pub search: &'static str,
    pub clear: &'static str,
    pub waiting_for_you: &'static str,
    pub mine: &'static str,
    pub unassigned: &'static str,
    pub overdue: &'static str,
    pub older: &'static str,
    pub whole_desk: &'static str,
    pub newest_shown: &'static str,
    pub assigned_to: &'static str,
    pub due: &'static str,
    pub reviewed_rows: &'static str,
    pub nothing_waits: &'static str,
    pub among_titles: &'static str,
    pub none: &'static str,
    // The review page.
    pub drafted_by: &'static str,
    pub returned_by: &'static str,
    pub responsible: &'static str,
    pub nobody: &'static str,
    pub due_at: &'static str,
    pub assignee: &'static str,
    pub due_field: &'static str,
    pub assign: &'static str,
    pub replace_submission: &'static str,
    pub replace_hint: &'static str,
    pub new_article: &'static str,
    pub new_article_hint: &'static str,
    pub new_article_button: &'static str,
    pub title_label: &'static str,
    pub source_title_label: &'static str,
    pub source_label: &'static str,
    pub draft_label: &'static str,
    pub ai_tool_label: &'static str,
    pub ai_model_label: &'static str,
    pub replace_button: &'static str,
    pub done_replaced: &'static str,
    pub revise_source: &'static str,
    pub revise_hint: &'static str,
    pub revise_draft_label: &'static str,
    pub revise_button: &'static str,
    pub done_revised: &'static str,
    pub version: &'static str,
    pub trail: &'static str,
    pub export: &'static str,
    pub json_with_trail: &'static str,
    pub disclosure: &'static str,
    pub copy_for_cms: &'static str,
    pub for_the_cms: &'static str,
    pub plain_text: &'static str,
    pub disclosure_refused: &'static str,
    pub disclosure_detail: &'static str,
    pub change: &'static str,
    pub changed: &'static str,
    pub ter_title: &'static str,
    pub changed_title: &'static str,
    pub step_ai_to_bilingual: &'static str,
    pub step_bilingual_to_native: &'static str,
    pub step_ai_to_now: &'static str,
    pub step_not_begun: &'static str,
    pub progress_review: &'static str,
    pub progress_draft: &'static str,
    pub progress_native: &'static str,
    pub progress_signed_off: &'static str,
    pub title_unreviewed: &'static str,
    pub action_submit: &'static str,
    pub action_approve: &'static str,
    pub action_return: &'static str,
    pub action_sign_off: &'static str,
    pub action_reopen: &'static str,
    pub action_correct: &'static str,
    pub done_submit: &'static str,
    pub done_approve: &'static str,
    pub done_return: &'static str,
    pub done_sign_off: &'static str,
    pub done_reopen: &'static str,
    pub done_correct: &'static str,
    pub confirm_approve: &'static str,
    pub confirm_sign_off: &'static str,
    pub note_placeholder: &'static str,
    pub note_for: &'static str,
    pub stale_transition: &'static str,
    pub show: &'static str,
    pub mode_ai: &'static str,
    pub mode_bilingual: &'static str,
    pub mode_last: &'static str,
    pub mode_columns: &'static str,
    pub keys_hint: &'static str,
    pub filter: &'static str,
    pub filter_all: &'static str,
    pub filter_todo: &'static str,
    pub filter_findings: &'static str,
    pub filter_errors: &'static str,
    pub filter_changed_ai: &'static str,
    pub filter_changed_bilingual: &'static str,
    pub compact: &'static str,
    pub find_replace: &'static str,
    pub find: &'static str,
    pub replace_with: &'static str,
    pub preview: &'static str,
    pub replace_all: &'static str,
    pub close: &'static str,
    pub korean: &'static str,
    pub ai_draft: &'static str,
    pub english: &'static str,
    pub keys: &'static str,
    pub key_next: &'static str,
    pub key_previous: &'static str,
    pub key_attention: &'static str,
    pub key_edit: &'static str,
    pub key_confirm: &'static str,
    pub key_save: &'static str,
    pub key_escape: &'static str,
    pub key_review: &'static str,
    pub key_unreview: &'static str,
    pub key_merge: &'static str,
    pub key_split: &'static str,
    pub key_override: &'static str,
    pub key_history: &'static str,
    pub key_modes: &'static str,
    pub key_filter: &'static str,
    pub key_find: &'static str,
    pub key_density: &'static str,
    pub key_details: &'static str,
    pub details_hide: &'static str,
    pub details_show: &'static str,
    pub key_stage: &'static str,
    pub key_return: &'static str,
    pub key_help: &'static str,
    // A row.
    pub row: &'static str,
    pub shape_title: &'static str,
    pub confidence_title: &'static str,
    pub words: &'static str,
    pub words_title: &'static str,
    pub flag_low_confidence: &'static str,
    pub no_korean: &'static str,
    pub no_korean_headline: &'static str,
    pub headline: &'static str,
    pub headline_row: &'static str,
    pub headline_title: &'static str,
    pub source_changed_label: &'static str,
    pub source_added_label: &'static str,
    pub source_removed_label: &'static str,
    pub korean_was: &'static str,
    pub korean_removed_note: &'static str,
    /// The title of a glossary term marked in the Korean.
    pub glossary_term: &'static str,
    /// Glossary page: Glossary.
    pub glossary: &'static str,
    /// Glossary page: Search.
    pub glossary_search: &'static str,
    /// Glossary page: Add an entry.
    pub glossary_add: &'static str,
    /// Glossary page: Korean.
    pub glossary_korean: &'static str,
    /// Glossary page: Approved English.
    pub glossary_english: &'static str,
    /// Glossary page: Not used.
    pub glossary_forbidden: &'static str,
    /// Glossary page: Kind.
    pub glossary_kind: &'static str,
    /// Glossary page: Note.
    pub glossary_note: &'static str,
    /// Glossary page: Save.
    pub glossary_save: &'static str,
    /// Glossary page: Retire.
    pub glossary_retire: &'static str,
    /// Glossary page: Proposed by the desk's corrections.
    pub glossary_proposals: &'static str,
    /// Glossary page: Accept.
    pub glossary_accept: &'static str,
    /// Glossary page: Turn down.
    pub glossary_reject: &'static str,
    /// Glossary page: Romanize a Korean name.
    pub glossary_romanize: &'static str,
    /// Glossary page: Name.
    pub glossary_name: &'static str,
    /// Glossary page: Variants after the first, separated by |.
    pub glossary_forms_hint: &'static str,
    /// Glossary page: No entries..
    pub glossary_empty: &'static str,
    /// The link to the glossary's next page.
    pub glossary_next: &'static str,
    /// Glossary page: replaced.
    pub glossary_replaced: &'static str,
    /// Glossary page: signed-off articles.
    pub glossary_articles: &'static str,
    /// Glossary page: Revised Romanization.
    pub glossary_revised: &'static str,
    /// Glossary page: with the usual surname.
    pub glossary_usual: &'static str,
    /// Glossary page: McCune–Reischauer.
    pub glossary_mr: &'static str,
    /// Glossary page: A suggestion only: the person's own spelling comes first..
    pub glossary_suggestion: &'static str,
    /// Review page: a Korean name the glossary does not have.
    pub name_not_in_glossary: &'static str,
    pub confirm_removal: &'static str,
    pub remove_english: &'static str,
    pub remove_english_why: &'static str,
    pub key_remove_english: &'static str,
    pub filter_source: &'static str,
    pub source_versions: &'static str,
    pub source_version_n: &'static str,
    pub source_current: &'static str,
    pub editions: &'static str,
    pub edition_n: &'static str,
    pub ai_nothing: &'static str,
    pub no_english: &'static str,
    pub qa_checks: &'static str,
    pub severity_error: &'static str,
    pub severity_warning: &'static str,
    pub overridden: &'static str,
    pub reason: &'static str,
    pub why_fine: &'static str,
    pub override_reason_for: &'static str,
    pub override_button: &'static str,
    pub rev: &'static str,
    pub ai_suffix: &'static str,
    pub no_saves: &'static str,
    pub state_reviewed: &'static str,
    pub state_edited_native: &'static str,
    pub state_edited: &'static str,
    pub state_todo: &'static str,
    pub history: &'static str,
    pub comments: &'static str,
    pub comments_title: &'static str,
    pub open_threads: &'static str,
    pub needs_answer: &'static str,
    pub resolved: &'static str,
    pub reply: &'static str,
    pub resolve: &'static str,
    pub reopen: &'static str,
    pub new_thread: &'static str,
    pub comment_placeholder: &'static str,
    pub add_comment: &'static str,
    pub no_comments: &'static str,
    pub filter_threads: &'static str,
    pub key_comments: &'static str,
    pub edit: &'static str,
    pub mark_reviewed: &'static str,
    pub unmark_reviewed: &'static str,
    pub errors_first: &'static str,
    pub merge: &'static str,
    pub split: &'static str,
    pub revert: &'static str,
    pub current: &'static str,
    pub in_stage: &'static str,
    // The trail.
    pub trail_of: &'static str,
    pub back_to_review: &'static str,
    pub verdict_ok: &'static str,
    pub verdict_broken: &'static str,
    pub show_change: &'static str,
    pub hash_title: &'static str,
    pub round: &'static str,
    pub person: &'static str,
    pub everyone: &'static str,
    pub kind: &'static str,
    pub kind_all: &'static str,
    pub kind_edits: &'static str,
    pub kind_reviews: &'static str,
    pub kind_alignment: &'static str,
    pub kind_stage: &'static str,
    pub kind_qa: &'static str,
    pub kind_comments: &'static str,
    pub apply: &'static str,
    pub no_events: &'static str,
    pub ev_submitted: &'static str,
    pub ev_resubmitted: &'static str,
    pub ev_aligned: &'static str,
    pub ev_saved: &'static str,
    pub ev_reverted: &'static str,
    pub ev_reviewed: &'static str,
    pub ev_withdrawn: &'static str,
    pub ev_merged: &'static str,
    pub ev_split: &'static str,
    pub ev_source_revised: &'static str,
    pub ev_removal_confirmed: &'static str,
    pub ev_english_removed: &'static str,
    pub ev_headline_added: &'static str,
    pub ev_overridden: &'static str,
    pub ev_transition: &'static str,
    pub ev_comment: &'static str,
    pub ev_comment_row: &'static str,
    pub ev_question: &'static str,
    pub ev_reply: &'static str,
    pub ev_assigned: &'static str,
    pub ev_assigned_due: &'static str,
    pub ev_unassigned: &'static str,
    pub ev_resolved: &'static str,
    pub ev_reopened: &'static str,
    pub ev_unreadable: &'static str,
    pub row_n: &'static str,
    pub gone_row: &'static str,
    pub system: &'static str,
    /// The script's words.
    pub script: ScriptTexts,
}

/// The words the review page's script shows.
#[derive(Debug, Serialize)]
pub struct ScriptTexts {
    pub session_ended: &'static str,
    pub sign_in_again: &'static str,
    pub to_go_on: &'static str,
    pub draft_badge: &'static str,
    pub cannot_edit: &'static str,
    pub english_for_row: &'static str,
    pub save_and_next: &'static str,
    pub save_review_next: &'static str,
    pub close: &'static str,
    pub discard: &'static str,
    pub editor_hint: &'static str,
    pub editor_hint_native: &'static str,
    pub diff_unavailable: &'static str,
    pub empty_row: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub saved_reviewed: &'static str,
    pub saved_not_reviewed: &'static str,
    pub not_saved_connection: &'static str,
    pub not_saved_session: &'static str,
    pub not_saved: &'static str,
    pub stage_moved: &'static str,
    pub reload: &'static str,
    pub conflict_other: &'static str,
    pub conflict_self: &'static str,
    pub their_version: &'static str,
    pub yours_vs_theirs: &'static str,
    pub keep_mine: &'static str,
    pub take_theirs: &'static str,
    pub edit_merge: &'static str,
    pub choose_conflict: &'static str,
    pub merging_with: &'static str,
    pub not_reviewed: &'static str,
    pub unreviewed: &'static str,
    pub reviewed: &'static str,
    pub not_merged: &'static str,
    pub not_removed: &'static str,
    pub removed: &'static str,
    pub english_removed: &'static str,
    pub merged: &'static str,
    pub split_intro: &'static str,
    pub split_korean: &'static str,
    pub split_english: &'static str,
    pub split: &'static str,
    pub cancel: &'static str,
    pub not_split: &'static str,
    pub was_split: &'static str,
    pub orphans: &'static str,
    pub dismiss: &'static str,
    pub restored: &'static str,
    pub no_override: &'static str,
    pub no_rows_in_filter: &'static str,
    pub nothing_needs_you: &'static str,
    pub confirm: &'static str,
    pub history_loading: &'static str,
    pub reverted: &'static str,
    pub not_reverted: &'static str,
    pub find_matches: &'static str,
    pub find_none: &'static str,
    pub find_row: &'static str,
    pub find_locked: &'static str,
    pub replace_one: &'static str,
    pub replace_done: &'static str,
    pub replace_done_one: &'static str,
    pub replace_refused: &'static str,
    pub no_stage_action: &'static str,
    pub copied: &'static str,
    pub not_copied: &'static str,
}

/// English.
pub static EN: Texts = Texts {
    lang: "en",
    switch_to: "한국어",
    switch_title: "Show Galley in Korean",
    desk: "Desk",
    inbox: "Inbox",
    inbox_unread: "{n} unread",
    mark_all_read: "Mark all read",
    no_notifications: "Nothing yet: assignments, arrivals, returns, mentions, replies and sign-offs that concern you appear here.",
    notice_assignment: "{name} assigned you {stage}",
    notice_arrival: "Arrived in {stage}",
    notice_return: "{name} returned it to you ({stage})",
    notice_mention: "{name} mentioned you",
    notice_reply: "{name} replied in your thread",
    notice_sign_off: "{name} signed off your article",
    notice_source_changed: "{name} changed the Korean: rows wait for your review ({stage})",
    notice_correction: "{name} opened a correction of your article ({stage})",
    sign_out: "Sign out",
    stage_draft: "Draft",
    stage_bilingual_review: "Bilingual review",
    stage_native_edit: "Native edit",
    stage_signed_off: "Signed off",
    role_reporter: "reporter",
    role_bilingual_reviewer: "bilingual reviewer",
    role_native_editor: "native editor",
    role_admin: "admin",
    role_auditor: "auditor",
    search_titles: "Search titles",
    title_contains: "Title contains…",
    search: "Search",
    clear: "Clear",
    waiting_for_you: "Waiting for you",
    mine: "Assigned to me",
    unassigned: "Nobody assigned",
    overdue: "Overdue",
    older: "Older",
    whole_desk: "The whole desk",
    newest_shown: "the first {n} shown",
    assigned_to: "assigned to",
    due: "due",
    reviewed_rows: "rows reviewed",
    nothing_waits: "Nothing waits for your roles",
    among_titles: "among titles matching",
    none: "None.",
    drafted_by: "drafted by",
    returned_by: "Returned by {name} on {at}:",
    responsible: "Who is responsible",
    nobody: "Nobody",
    due_at: "due {at}",
    assignee: "Person",
    due_field: "Due",
    assign: "Assign",
    replace_submission: "Replace the Korean and the draft",
    replace_hint: "Paragraphs are separated by a blank line. The rows are aligned again; comments stay with the article.",
    new_article: "New article",
    new_article_hint: "Paste the Korean and the AI's English as they are: paragraphs are separated by a blank line. The article is aligned paragraph by paragraph and opens as a draft, where you check it and submit it for bilingual review.",
    new_article_button: "Align and save as a draft",
    title_label: "Title",
    source_title_label: "Korean headline",
    source_label: "Korean source",
    draft_label: "AI draft (English)",
    ai_tool_label: "AI tool",
    ai_model_label: "Model",
    replace_button: "Replace and align again",
    done_replaced: "Replaced: the Korean and the draft are aligned again.",
    revise_source: "A new version of the Korean",
    revise_hint: "Paragraphs are separated by a blank line. Unchanged rows keep their English and their review; changed, new and removed paragraphs wait for a bilingual reviewer.",
    revise_draft_label: "AI draft of the new paragraphs only (English, optional)",
    revise_button: "Give the Korean its new version",
    done_revised: "The Korean has a new version: the rows it changed wait for a bilingual reviewer.",
    version: "version",
    trail: "Trail",
    export: "Export",
    json_with_trail: "JSON with trail",
    disclosure: "Disclosure",
    copy_for_cms: "Copy for the CMS",
    for_the_cms: "For the CMS",
    plain_text: "Text",
    disclosure_refused: "The trail does not support the disclosure line.",
    disclosure_detail: "Drafted by {tool} ({model}); bilingual review approved by {approver}; native edit signed off by {signer}. Share of the AI draft changed: {first} in bilingual review, {second} more in native edit, {all} in all.",
    change: "Change",
    changed: "Changed",
    ter_title: "Translation edit rate: edits per reference word",
    changed_title: "Share of words changed",
    step_ai_to_bilingual: "AI draft → bilingual review",
    step_bilingual_to_native: "bilingual review → native edit",
    step_ai_to_now: "AI draft → now",
    step_not_begun: "not begun",
    progress_review: "{rows} of {total} rows reviewed · {words} of {total_words} words",
    progress_draft: "Not in review yet: {total} rows, {total_words} words",
    progress_native: "Bilingual review: all {total} rows reviewed; {edited} edited since in native edit",
    progress_signed_off: "Signed off: {total} rows, {total_words} words",
    title_unreviewed: "Headline not reviewed: it was submitted before headlines were reviewed rows. A correction makes it a row to review.",
    action_submit: "Submit for bilingual review",
    action_approve: "Approve for native edit",
    action_return: "Return with a note",
    action_sign_off: "Sign off",
    action_reopen: "Reopen",
    action_correct: "Open a correction",
    done_submit: "Submitted: the article waits for bilingual review.",
    done_approve: "Approved: the article is in native edit now, and the bilingual review is closed.",
    done_return: "Returned with your note: the article went back one stage.",
    done_sign_off: "Signed off: the article is final and its disclosure is below.",
    done_reopen: "Reopened: the article is in native edit again.",
    done_correct: "Correction opened: the article is in bilingual review; once signed off again it is published as a new edition with the correction line.",
    confirm_approve: "Approve for native edit? The bilingual review closes, and only an editor's return or an admin can reopen it.",
    confirm_sign_off: "Sign off? The article becomes final; only an admin can reopen it.",
    note_placeholder: "Why? (required)",
    note_for: "Note for",
    stale_transition: "The article changed since you opened it (version {seen}, now {current}). Look at the changes and try again.",
    show: "Show",
    mode_ai: "AI draft → now",
    mode_bilingual: "Bilingual review → now",
    mode_last: "Last save → now",
    mode_columns: "Korean | AI | now",
    keys_hint: "Press ? for keys",
    filter: "Rows",
    filter_all: "All rows",
    filter_todo: "Not reviewed",
    filter_findings: "With findings",
    filter_errors: "With errors",
    filter_changed_ai: "Changed since the AI draft",
    filter_changed_bilingual: "Changed since bilingual review",
    compact: "Compact",
    find_replace: "Find and replace",
    find: "Find",
    replace_with: "Replace with",
    preview: "Preview",
    replace_all: "Replace all",
    close: "Close",
    korean: "Korean",
    ai_draft: "AI draft",
    english: "English",
    keys: "Keys",
    key_next: "next row",
    key_previous: "previous row",
    key_attention: "next / previous row that needs you (not reviewed, findings, edited since)",
    key_edit: "edit the row",
    key_confirm: "save, mark reviewed and go on (on a row: mark reviewed and go on)",
    key_save: "save and stay",
    key_escape: "stop editing (unsaved text stays in this browser)",
    key_review: "mark the row reviewed",
    key_unreview: "take back the row's mark of reviewed",
    key_merge: "merge with the next row",
    key_split: "split the row (Enter confirms)",
    key_override: "override the row's first open finding",
    key_history: "the row's history, to revert",
    key_modes: "diff against the AI draft, the bilingual review, the last save; three columns",
    key_filter: "which rows to show",
    key_find: "find and replace",
    key_density: "compact rows",
    key_details: "hide or show the article's details above the rows",
    details_hide: "Hide details",
    details_show: "Show details",
    key_stage: "the stage action (asks to confirm)",
    key_return: "return with a note",
    key_help: "this list",
    row: "Row",
    shape_title: "Korean paragraphs – English paragraphs",
    confidence_title: "How sure the aligner is",
    words: "words",
    words_title: "Words: Korean / English",
    flag_low_confidence: "Check the alignment: low confidence",
    no_korean: "No Korean for this row.",
    no_korean_headline: "No Korean headline was submitted: review the English headline against the article.",
    headline: "Headline",
    headline_row: "the headline",
    headline_title: "The article's headline: reviewed like any row; its English is the published title",
    source_changed_label: "Korean changed",
    source_added_label: "New Korean paragraph",
    source_removed_label: "Korean removed",
    korean_was: "The Korean changed since this row was reviewed (before → now):",
    glossary_term: "Glossary",
    glossary: "Glossary",
    glossary_search: "Search",
    glossary_add: "Add an entry",
    glossary_korean: "Korean",
    glossary_english: "Approved English",
    glossary_forbidden: "Not used",
    glossary_kind: "Kind",
    glossary_note: "Note",
    glossary_save: "Save",
    glossary_retire: "Retire",
    glossary_proposals: "Proposed by the desk's corrections",
    glossary_accept: "Accept",
    glossary_reject: "Turn down",
    glossary_romanize: "Romanize a Korean name",
    glossary_name: "Name",
    glossary_forms_hint: "Variants after the first, separated by |",
    glossary_empty: "No entries.",
    glossary_next: "Next entries →",
    glossary_replaced: "replaced",
    glossary_articles: "signed-off articles",
    glossary_revised: "Revised Romanization",
    glossary_usual: "with the usual surname",
    glossary_mr: "McCune–Reischauer",
    glossary_suggestion: "A suggestion only: the person's own spelling comes first.",
    name_not_in_glossary: "Not in the glossary; romanized as a suggestion",
    korean_removed_note: "The Korean of this row was removed in the new version. Its English is kept, struck through, until a bilingual reviewer confirms it goes (or merges it into a neighbouring row).",
    confirm_removal: "Its English goes",
    remove_english: "This English goes",
    remove_english_why: "Why it goes: the Korean does not say it",
    key_remove_english: "remove English with no Korean (the AI added it), with a reason",
    filter_source: "Korean changed",
    source_versions: "Versions of the Korean",
    source_version_n: "version {n}",
    source_current: "current",
    editions: "Editions",
    edition_n: "edition {n}",
    ai_nothing: "The AI draft has nothing here.",
    no_english: "No English yet.",
    qa_checks: "QA checks",
    severity_error: "error",
    severity_warning: "warning",
    overridden: "overridden",
    reason: "Reason",
    why_fine: "Why this is fine",
    override_reason_for: "Reason to override",
    override_button: "Override",
    rev: "rev",
    ai_suffix: "AI draft",
    no_saves: "no saves yet",
    state_reviewed: "Reviewed",
    state_edited_native: "Edited since bilingual review",
    state_edited: "Edited since review: review again",
    state_todo: "Not reviewed",
    history: "History",
    comments: "Comments",
    comments_title: "Comments on this row, and its open threads",
    open_threads: "open",
    needs_answer: "needs an answer",
    resolved: "resolved",
    reply: "Reply",
    resolve: "Resolve",
    reopen: "Reopen",
    new_thread: "A new thread on this row",
    comment_placeholder: "A question or a note; @name tells a person",
    add_comment: "Comment",
    no_comments: "No comments on this row yet.",
    filter_threads: "With open threads",
    key_comments: "the row's comments: ask, answer, resolve",
    edit: "Edit",
    mark_reviewed: "Mark reviewed",
    unmark_reviewed: "Not reviewed after all",
    errors_first: "Fix or override its errors first",
    merge: "Merge with next",
    split: "Split…",
    revert: "Revert to this",
    current: "current",
    in_stage: "in",
    trail_of: "Trail",
    back_to_review: "Back to the review",
    verdict_ok: "All {events} events verify: the chain of hashes is unbroken and the article is where its trail leaves it.",
    verdict_broken: "The trail does not verify:",
    show_change: "Show the change",
    hash_title: "This event's hash",
    round: "round",
    person: "Person",
    everyone: "Everyone",
    kind: "Kind",
    kind_all: "Everything",
    kind_edits: "Edits",
    kind_reviews: "Reviews",
    kind_alignment: "Alignment",
    kind_stage: "Stage actions",
    kind_qa: "QA overrides",
    kind_comments: "Comments",
    apply: "Show",
    no_events: "No events match.",
    ev_submitted: "submitted the Korean source and the AI draft",
    ev_resubmitted: "replaced the Korean source and the AI draft",
    ev_aligned: "aligned the paragraphs into {rows} rows",
    ev_saved: "saved revision {revision} of {row}",
    ev_reverted: "reverted {row} to revision {to} (now revision {revision})",
    ev_reviewed: "marked {row} reviewed at revision {revision}",
    ev_withdrawn: "took back the review of {row} at revision {revision}",
    ev_merged: "merged {a} and {b} into one row",
    ev_split: "split {row} in two",
    ev_source_revised: "gave the Korean version {version}: {changed} row(s) changed, {added} added, {removed} removed",
    ev_removal_confirmed: "confirmed the English of {row} goes (its Korean was removed)",
    ev_english_removed: "removed the English of {row}, which has no Korean (the AI added it)",
    ev_headline_added: "made the title, submitted before headlines were reviewed, the headline row, to be reviewed in this correction",
    ev_overridden: "overrode a QA finding of {row}",
    ev_transition: "{action}: {from} → {to}",
    ev_comment: "commented",
    ev_comment_row: "commented on {row}",
    ev_question: "asked on {row}, needing an answer",
    ev_reply: "replied on {row}",
    ev_assigned: "assigned {stage} to {name}",
    ev_assigned_due: "assigned {stage} to {name}, due {due}",
    ev_unassigned: "took back the assignment of {stage}",
    ev_resolved: "resolved a thread",
    ev_reopened: "reopened a thread",
    ev_unreadable: "an event that cannot be read",
    row_n: "row {n}",
    gone_row: "a row no longer in the article",
    system: "Galley",
    script: ScriptTexts {
        session_ended: "Your session has ended, so nothing more can be saved. Your unsaved text is kept in this browser. ",
        sign_in_again: "Sign in again",
        to_go_on: " to go on.",
        draft_badge: "Unsaved draft in this browser: press Enter to continue",
        cannot_edit: "You cannot edit this row at this stage.",
        english_for_row: "English for row {n}",
        save_and_next: "Save and next",
        save_review_next: "Save, mark reviewed, next",
        close: "Close",
        discard: "Discard my changes",
        editor_hint: "Ctrl+Enter saves, marks reviewed and moves on; Ctrl+S saves; Esc closes, keeping your text here.",
        editor_hint_native: "Ctrl+Enter saves and moves on; Ctrl+S saves; Esc closes, keeping your text here.",
        diff_unavailable: "The diff is not available right now.",
        empty_row: "A row keeps at least some English; type it before saving.",
        saving: "Saving…",
        saved: "Saved revision {revision} of row {n}.",
        saved_reviewed: "Saved revision {revision} of row {n} and marked it reviewed.",
        saved_not_reviewed: "Saved revision {revision} of row {n}, but not marked reviewed: {detail}",
        not_saved_connection: "Not saved: the connection failed. Your text is kept in this browser; try again.",
        not_saved_session: "Not saved: your session has ended. Your text is kept in this browser; sign in again to save it.",
        not_saved: "Not saved: {detail}. Your text is kept in this browser.",
        stage_moved: "Not saved: the article has moved on since this page was opened ({detail}). Your text is kept in this browser.",
        reload: "Reload the page",
        conflict_other: "{name} saved this row first (revision {revision}).",
        conflict_self: "You saved this row in another tab or window first (revision {revision}).",
        their_version: "The saved version",
        yours_vs_theirs: "Yours compared with it",
        keep_mine: "Keep mine",
        take_theirs: "Take the saved one",
        edit_merge: "Edit a merge",
        choose_conflict: "Not saved yet: choose how to resolve the conflict.",
        merging_with: "Merging with revision {revision}: edit below, then save.",
        not_reviewed: "Not marked reviewed.",
        unreviewed: "Row {n} is not marked reviewed any more.",
        reviewed: "Row {n} reviewed.",
        not_merged: "The rows were not merged.",
        not_removed: "The row was not removed.",
        removed: "Row {n} removed: its Korean is gone.",
        english_removed: "Row {n} removed: its English had no Korean.",
        merged: "Rows {n} and {m} merged.",
        split_intro: "Split this row in two. How many paragraphs stay in the first row?",
        split_korean: "Korean (of {n})",
        split_english: "English (of {n})",
        split: "Split",
        cancel: "Cancel",
        not_split: "The row was not split.",
        was_split: "Row {n} split in two.",
        orphans: "Unsaved text for rows that no longer exist (merged or split since). Copy what you need:",
        dismiss: "Dismiss",
        restored: "Unsaved text restored from this browser.",
        no_override: "This row has no finding you can override.",
        no_rows_in_filter: "No rows match this filter.",
        nothing_needs_you: "No row needs you here.",
        confirm: "Yes, go ahead",
        history_loading: "Loading the history…",
        reverted: "Row {n} is back at the text of revision {revision}.",
        not_reverted: "Not reverted: {detail}",
        find_matches: "{count} matches in {rows} rows",
        find_none: "No matches.",
        find_row: "Row {n}",
        find_locked: "you may not edit the English at this stage",
        replace_one: "Replace in this row",
        replace_done: "Replaced in {rows} rows.",
        replace_done_one: "Replaced in 1 row.",
        replace_refused: "Row {n} was not changed: {detail}",
        no_stage_action: "No stage action is open to you now.",
        copied: "Copied: the article's HTML with its disclosure line is on the clipboard.",
        not_copied: "Not copied: {detail}",
    },
};

/// Korean.
pub static KO: Texts = Texts {
    lang: "ko",
    switch_to: "English",
    switch_title: "Galley를 영어로 보기",
    desk: "데스크",
    inbox: "알림",
    inbox_unread: "읽지 않음 {n}",
    mark_all_read: "모두 읽음으로 표시",
    no_notifications: "아직 없습니다. 배정, 도착, 반려, 멘션, 답글, 승인 완료 소식이 여기에 표시됩니다.",
    notice_assignment: "{name} 님이 {stage} 단계를 배정했습니다",
    notice_arrival: "{stage} 단계에 도착했습니다",
    notice_return: "{name} 님이 반려했습니다 ({stage})",
    notice_mention: "{name} 님이 나를 멘션했습니다",
    notice_reply: "{name} 님이 내 스레드에 답했습니다",
    notice_sign_off: "{name} 님이 내 기사를 최종 승인했습니다",
    notice_source_changed: "{name} 님이 한국어 원문을 바꿨습니다. 다시 검토할 행이 있습니다 ({stage})",
    notice_correction: "{name} 님이 내 기사의 정정을 시작했습니다 ({stage})",
    sign_out: "로그아웃",
    stage_draft: "초안",
    stage_bilingual_review: "이중 언어 검토",
    stage_native_edit: "원어민 편집",
    stage_signed_off: "최종 승인",
    role_reporter: "기자",
    role_bilingual_reviewer: "이중 언어 검토자",
    role_native_editor: "원어민 편집자",
    role_admin: "관리자",
    role_auditor: "감사",
    search_titles: "제목 검색",
    title_contains: "제목에 포함된 말…",
    search: "검색",
    clear: "지우기",
    waiting_for_you: "내 차례인 기사",
    mine: "내가 맡은 기사",
    unassigned: "담당자 없음",
    overdue: "기한 지남",
    older: "이전 기사",
    whole_desk: "데스크 전체",
    newest_shown: "앞의 {n}건 표시",
    assigned_to: "담당",
    due: "기한",
    reviewed_rows: "행 검토",
    nothing_waits: "내 역할을 기다리는 기사가 없습니다",
    among_titles: "검색어가 들어간 제목 중:",
    none: "없음.",
    drafted_by: "초벌 번역",
    returned_by: "{name} 님이 {at}에 돌려보냄:",
    responsible: "담당자",
    nobody: "없음",
    due_at: "기한 {at}",
    assignee: "담당",
    due_field: "기한",
    assign: "배정",
    replace_submission: "한국어 원문과 초벌 번역 바꾸기",
    replace_hint: "문단은 빈 줄로 나눕니다. 행을 다시 정렬하며, 댓글은 기사에 남습니다.",
    new_article: "새 기사",
    new_article_hint: "한국어 원문과 AI의 영어 초안을 그대로 붙여 넣으세요. 문단은 빈 줄로 나눕니다. 기사는 문단별로 정렬되어 초안으로 열리며, 확인한 뒤 이중 언어 검토로 보냅니다.",
    new_article_button: "정렬하고 초안으로 저장",
    title_label: "제목",
    source_title_label: "한국어 제목",
    source_label: "한국어 원문",
    draft_label: "AI 초벌 번역 (영어)",
    ai_tool_label: "AI 도구",
    ai_model_label: "모델",
    replace_button: "바꾸고 다시 정렬",
    done_replaced: "바꿨습니다: 한국어 원문과 초벌 번역을 다시 정렬했습니다.",
    revise_source: "한국어 원문의 새 판",
    revise_hint: "문단은 빈 줄로 나눕니다. 바뀌지 않은 행은 영어와 검토 표시를 그대로 유지하고, 바뀐 문단과 새 문단, 삭제된 문단은 이중 언어 검토자를 기다립니다.",
    revise_draft_label: "새 문단의 AI 초벌 번역만 (영어, 선택)",
    revise_button: "새 판으로 바꾸기",
    done_revised: "한국어 원문이 새 판이 되었습니다. 바뀐 행은 이중 언어 검토자를 기다립니다.",
    version: "버전",
    trail: "기록",
    export: "내보내기",
    json_with_trail: "기록을 포함한 JSON",
    disclosure: "공개 문구",
    copy_for_cms: "CMS용으로 복사",
    for_the_cms: "CMS용",
    plain_text: "텍스트",
    disclosure_refused: "기록이 공개 문구를 뒷받침하지 않습니다.",
    disclosure_detail: "초벌 번역 {tool} ({model}); 이중 언어 검토 승인 {approver}; 원어민 편집 최종 승인 {signer}. 바뀐 AI 초벌 번역 비율: 이중 언어 검토 {first}, 원어민 편집에서 추가로 {second}, 전체 {all}.",
    change: "변경",
    changed: "변경 비율",
    ter_title: "번역 편집률: 참조 단어당 편집 수",
    changed_title: "바뀐 단어의 비율",
    step_ai_to_bilingual: "AI 초벌 → 이중 언어 검토",
    step_bilingual_to_native: "이중 언어 검토 → 원어민 편집",
    step_ai_to_now: "AI 초벌 → 현재",
    step_not_begun: "시작 전",
    progress_review: "{total}개 행 중 {rows}개 검토 · {total_words}단어 중 {words}단어",
    progress_draft: "아직 검토 전: {total}개 행, {total_words}단어",
    progress_native: "이중 언어 검토: {total}개 행 모두 검토; 원어민 편집에서 {edited}개 행 수정",
    progress_signed_off: "최종 승인: {total}개 행, {total_words}단어",
    title_unreviewed: "제목 검토 전: 제목을 행으로 검토하기 전에 제출된 기사입니다. 정정을 열면 검토할 행이 됩니다.",
    action_submit: "이중 언어 검토에 넘기기",
    action_approve: "원어민 편집으로 승인",
    action_return: "메모와 함께 돌려보내기",
    action_sign_off: "최종 승인",
    action_reopen: "다시 열기",
    action_correct: "정정 시작",
    done_submit: "넘겼습니다: 기사가 이중 언어 검토를 기다립니다.",
    done_approve: "승인했습니다: 기사가 원어민 편집 단계로 넘어갔고 이중 언어 검토는 끝났습니다.",
    done_return: "메모와 함께 돌려보냈습니다: 기사가 한 단계 앞으로 돌아갔습니다.",
    done_sign_off: "최종 승인했습니다: 기사가 확정되었고 공개 문구는 아래에 있습니다.",
    done_reopen: "다시 열었습니다: 기사가 다시 원어민 편집 단계입니다.",
    done_correct: "정정을 시작했습니다: 기사가 이중 언어 검토 단계입니다. 다시 최종 승인되면 정정 문구와 함께 새 판으로 게재됩니다.",
    confirm_approve: "원어민 편집으로 승인할까요? 이중 언어 검토가 끝나며, 편집자가 돌려보내거나 관리자가 다시 열어야만 되돌릴 수 있습니다.",
    confirm_sign_off: "최종 승인할까요? 기사가 확정되며 관리자만 다시 열 수 있습니다.",
    note_placeholder: "이유 (필수)",
    note_for: "메모:",
    stale_transition: "이 페이지를 연 뒤 기사가 바뀌었습니다(버전 {seen} → {current}). 바뀐 내용을 보고 다시 시도하세요.",
    show: "보기",
    mode_ai: "AI 초벌 → 현재",
    mode_bilingual: "이중 언어 검토 → 현재",
    mode_last: "마지막 저장 → 현재",
    mode_columns: "한국어 | AI | 현재",
    keys_hint: "단축키는 ?",
    filter: "행",
    filter_all: "모든 행",
    filter_todo: "검토 전",
    filter_findings: "검사 결과 있음",
    filter_errors: "오류 있음",
    filter_changed_ai: "AI 초벌에서 바뀐 행",
    filter_changed_bilingual: "이중 언어 검토 뒤 바뀐 행",
    compact: "촘촘하게",
    find_replace: "찾아 바꾸기",
    find: "찾을 말",
    replace_with: "바꿀 말",
    preview: "미리 보기",
    replace_all: "모두 바꾸기",
    close: "닫기",
    korean: "한국어",
    ai_draft: "AI 초벌",
    english: "영어",
    keys: "단축키",
    key_next: "다음 행",
    key_previous: "이전 행",
    key_attention: "손볼 다음 / 이전 행 (검토 전, 검사 결과, 검토 뒤 수정)",
    key_edit: "행 편집",
    key_confirm: "저장하고 검토 완료 표시 후 다음 행으로 (행에서는 검토 완료 후 다음 행)",
    key_save: "저장하고 그대로 있기",
    key_escape: "편집 멈추기 (저장 안 한 글은 이 브라우저에 남음)",
    key_review: "행을 검토 완료로 표시",
    key_unreview: "행의 검토 완료 표시 취소",
    key_merge: "다음 행과 합치기",
    key_split: "행 나누기 (Enter로 확인)",
    key_override: "행의 첫 검사 결과를 예외 처리",
    key_history: "행의 이력, 되돌리기",
    key_modes: "AI 초벌, 이중 언어 검토, 마지막 저장과 비교; 세 칸 보기",
    key_filter: "보여 줄 행 고르기",
    key_find: "찾아 바꾸기",
    key_density: "촘촘한 보기",
    key_details: "행 위의 기사 정보 숨기기·보이기",
    details_hide: "정보 숨기기",
    details_show: "정보 보이기",
    key_stage: "단계 작업 (확인을 물음)",
    key_return: "메모와 함께 돌려보내기",
    key_help: "이 목록",
    row: "행",
    shape_title: "한국어 문단 수 – 영어 문단 수",
    confidence_title: "정렬기의 확신도",
    words: "단어",
    words_title: "단어 수: 한국어 / 영어",
    flag_low_confidence: "정렬 확인 필요: 확신도 낮음",
    no_korean: "이 행에는 한국어가 없습니다.",
    no_korean_headline: "한국어 제목이 제출되지 않았습니다. 영어 제목을 기사와 대조해 검토하세요.",
    headline: "제목",
    headline_row: "제목 행",
    headline_title: "기사 제목 행: 다른 행처럼 검토하며, 이 행의 영어가 게시되는 제목입니다",
    source_changed_label: "원문 바뀜",
    source_added_label: "새 원문 문단",
    source_removed_label: "원문 삭제됨",
    korean_was: "검토 뒤 한국어 원문이 바뀌었습니다 (이전 → 지금):",
    glossary_term: "용어집",
    glossary: "용어집",
    glossary_search: "검색",
    glossary_add: "항목 추가",
    glossary_korean: "한국어",
    glossary_english: "승인된 영어 표기",
    glossary_forbidden: "쓰지 않는 표기",
    glossary_kind: "종류",
    glossary_note: "메모",
    glossary_save: "저장",
    glossary_retire: "폐기",
    glossary_proposals: "데스크의 수정에서 나온 제안",
    glossary_accept: "수락",
    glossary_reject: "거절",
    glossary_romanize: "한국어 이름 로마자 표기",
    glossary_name: "이름",
    glossary_forms_hint: "첫 표기 뒤의 변형은 | 로 구분",
    glossary_empty: "항목이 없습니다.",
    glossary_next: "다음 항목 →",
    glossary_replaced: "대신한 표기",
    glossary_articles: "승인된 기사",
    glossary_revised: "국어의 로마자 표기법",
    glossary_usual: "관용 성씨 표기",
    glossary_mr: "매큔-라이샤워",
    glossary_suggestion: "제안일 뿐입니다. 본인이 쓰는 표기가 우선입니다.",
    name_not_in_glossary: "용어집에 없는 이름의 로마자 표기 제안",
    korean_removed_note: "새 판에서 이 행의 한국어 문단이 삭제되었습니다. 이중 언어 검토자가 지우기로 확인하거나 이웃 행에 합칠 때까지 영어는 줄을 그은 채 남습니다.",
    confirm_removal: "영어 지우기 확인",
    remove_english: "이 영어 지우기",
    remove_english_why: "지우는 이유: 한국어에 없는 내용",
    key_remove_english: "한국어가 없는 영어(AI가 덧붙인 문단)를 이유와 함께 지우기",
    filter_source: "원문 바뀜",
    source_versions: "한국어 원문의 판",
    source_version_n: "{n}판",
    source_current: "현재",
    editions: "게재판",
    edition_n: "{n}판",
    ai_nothing: "AI 초벌에 이 부분이 없습니다.",
    no_english: "아직 영어가 없습니다.",
    qa_checks: "QA 검사",
    severity_error: "오류",
    severity_warning: "주의",
    overridden: "예외 처리됨",
    reason: "이유",
    why_fine: "괜찮은 이유",
    override_reason_for: "예외 처리 이유:",
    override_button: "예외 처리",
    rev: "수정본",
    ai_suffix: "AI 초벌",
    no_saves: "아직 저장 없음",
    state_reviewed: "검토 완료",
    state_edited_native: "이중 언어 검토 뒤 수정됨",
    state_edited: "검토 뒤 수정됨: 다시 검토하세요",
    state_todo: "검토 전",
    history: "이력",
    comments: "댓글",
    comments_title: "이 행의 댓글과 열린 스레드",
    open_threads: "열림",
    needs_answer: "답 필요",
    resolved: "해결됨",
    reply: "답글",
    resolve: "해결",
    reopen: "다시 열기",
    new_thread: "이 행에 새 스레드",
    comment_placeholder: "질문이나 메모; @이름으로 사람에게 알림",
    add_comment: "댓글 달기",
    no_comments: "아직 이 행에 댓글이 없습니다.",
    filter_threads: "열린 스레드 있음",
    key_comments: "행의 댓글: 묻고, 답하고, 해결",
    edit: "편집",
    mark_reviewed: "검토 완료",
    unmark_reviewed: "검토 완료 취소",
    errors_first: "먼저 오류를 고치거나 예외 처리하세요",
    merge: "다음 행과 합치기",
    split: "나누기…",
    revert: "이 수정본으로 되돌리기",
    current: "현재",
    in_stage: "단계:",
    trail_of: "기록",
    back_to_review: "검토 화면으로",
    verdict_ok: "이벤트 {events}개가 모두 확인되었습니다: 해시 체인이 끊기지 않았고 기사는 기록이 남긴 그대로입니다.",
    verdict_broken: "기록이 확인되지 않습니다:",
    show_change: "바뀐 내용 보기",
    hash_title: "이 이벤트의 해시",
    round: "회차",
    person: "사람",
    everyone: "모두",
    kind: "종류",
    kind_all: "전부",
    kind_edits: "편집",
    kind_reviews: "검토",
    kind_alignment: "정렬",
    kind_stage: "단계 작업",
    kind_qa: "QA 예외 처리",
    kind_comments: "댓글",
    apply: "보기",
    no_events: "맞는 이벤트가 없습니다.",
    ev_submitted: "한국어 원문과 AI 초벌 번역을 제출함",
    ev_resubmitted: "한국어 원문과 AI 초벌 번역을 바꿈",
    ev_aligned: "문단을 {rows}개 행으로 정렬함",
    ev_saved: "{row}의 수정본 {revision}을 저장함",
    ev_reverted: "{row}을 수정본 {to}으로 되돌림 (이제 수정본 {revision})",
    ev_reviewed: "{row}을 수정본 {revision}에서 검토 완료로 표시함",
    ev_withdrawn: "{row}의 수정본 {revision} 검토 완료 표시를 취소함",
    ev_merged: "{a}과 {b}을 한 행으로 합침",
    ev_split: "{row}을 둘로 나눔",
    ev_source_revised: "한국어 원문을 {version}판으로 바꿈: 바뀐 행 {changed}개, 새 행 {added}개, 삭제된 행 {removed}개",
    ev_removal_confirmed: "{row}의 영어를 지우기로 확인함 (한국어 문단이 삭제됨)",
    ev_english_removed: "한국어가 없는 {row}의 영어를 지움 (AI가 덧붙인 문단)",
    ev_headline_added: "제목을 검토하기 전에 제출된 기사의 제목을 제목 행으로 만듦 (이번 정정에서 검토)",
    ev_overridden: "{row}의 QA 검사 결과를 예외 처리함",
    ev_transition: "{action}: {from} → {to}",
    ev_comment: "댓글을 남김",
    ev_comment_row: "{row}에 댓글을 남김",
    ev_question: "{row}에 답이 필요한 질문을 남김",
    ev_reply: "{row}에 답글을 남김",
    ev_assigned: "{stage} 담당자로 {name} 님을 지정함",
    ev_assigned_due: "{stage} 담당자로 {name} 님을 지정함 (기한 {due})",
    ev_unassigned: "{stage} 담당 지정을 거둠",
    ev_resolved: "댓글 스레드를 해결로 표시함",
    ev_reopened: "댓글 스레드를 다시 엶",
    ev_unreadable: "읽을 수 없는 이벤트",
    row_n: "{n}행",
    gone_row: "지금은 없는 행",
    system: "Galley",
    script: ScriptTexts {
        session_ended: "세션이 끝나 더는 저장할 수 없습니다. 저장하지 않은 글은 이 브라우저에 남아 있습니다. ",
        sign_in_again: "다시 로그인",
        to_go_on: "하면 이어서 할 수 있습니다.",
        draft_badge: "이 브라우저에 저장 안 한 글이 있습니다: Enter로 이어서 편집",
        cannot_edit: "이 단계에서는 이 행을 편집할 수 없습니다.",
        english_for_row: "{n}행의 영어",
        save_and_next: "저장하고 다음",
        save_review_next: "저장, 검토 완료, 다음",
        close: "닫기",
        discard: "내 변경 버리기",
        editor_hint: "Ctrl+Enter: 저장하고 검토 완료 후 다음 행; Ctrl+S: 저장; Esc: 닫기(글은 남음)",
        editor_hint_native: "Ctrl+Enter: 저장하고 다음 행; Ctrl+S: 저장; Esc: 닫기(글은 남음)",
        diff_unavailable: "지금은 비교를 볼 수 없습니다.",
        empty_row: "행에는 영어가 조금이라도 있어야 합니다. 입력한 뒤 저장하세요.",
        saving: "저장 중…",
        saved: "{n}행의 수정본 {revision}을 저장했습니다.",
        saved_reviewed: "{n}행의 수정본 {revision}을 저장하고 검토 완료로 표시했습니다.",
        saved_not_reviewed: "{n}행의 수정본 {revision}을 저장했지만 검토 완료로 표시하지 못했습니다. {detail}",
        not_saved_connection: "저장 못 함: 연결이 끊겼습니다. 글은 이 브라우저에 남아 있으니 다시 시도하세요.",
        not_saved_session: "저장 못 함: 세션이 끝났습니다. 글은 이 브라우저에 남아 있으니 다시 로그인해 저장하세요.",
        not_saved: "저장 못 함: {detail}. 글은 이 브라우저에 남아 있습니다.",
        stage_moved: "저장 못 함: 이 페이지를 연 뒤 기사가 다음 단계로 넘어갔습니다({detail}). 글은 이 브라우저에 남아 있습니다.",
        reload: "페이지 새로 고침",
        conflict_other: "{name} 님이 먼저 이 행을 저장했습니다(수정본 {revision}).",
        conflict_self: "다른 탭이나 창에서 먼저 이 행을 저장했습니다(수정본 {revision}).",
        their_version: "저장된 글",
        yours_vs_theirs: "내 글과 비교",
        keep_mine: "내 글 유지",
        take_theirs: "저장된 글 받기",
        edit_merge: "합쳐서 편집",
        choose_conflict: "아직 저장 안 됨: 충돌을 어떻게 풀지 고르세요.",
        merging_with: "수정본 {revision}과 합치는 중: 아래에서 고친 뒤 저장하세요.",
        not_reviewed: "검토 완료로 표시하지 못했습니다.",
        unreviewed: "{n}행의 검토 완료 표시를 취소했습니다.",
        reviewed: "{n}행 검토 완료.",
        not_merged: "행을 합치지 못했습니다.",
        not_removed: "행을 지우지 못했습니다.",
        removed: "{n}행을 지웠습니다. 한국어 문단이 삭제되었습니다.",
        english_removed: "{n}행을 지웠습니다. 한국어가 없는 영어였습니다.",
        merged: "{n}행과 {m}행을 합쳤습니다.",
        split_intro: "이 행을 둘로 나눕니다. 첫 행에 문단을 몇 개 남길까요?",
        split_korean: "한국어 (전체 {n})",
        split_english: "영어 (전체 {n})",
        split: "나누기",
        cancel: "취소",
        not_split: "행을 나누지 못했습니다.",
        was_split: "{n}행을 둘로 나눴습니다.",
        orphans: "지금은 없는 행(합치거나 나눔)에 저장 안 한 글이 있습니다. 필요한 부분을 복사하세요:",
        dismiss: "치우기",
        restored: "이 브라우저에 남은 저장 안 한 글을 되살렸습니다.",
        no_override: "이 행에는 예외 처리할 검사 결과가 없습니다.",
        no_rows_in_filter: "이 조건에 맞는 행이 없습니다.",
        nothing_needs_you: "손볼 행이 없습니다.",
        confirm: "네, 진행합니다",
        history_loading: "이력을 불러오는 중…",
        reverted: "{n}행을 수정본 {revision}의 글로 되돌렸습니다.",
        not_reverted: "되돌리지 못함: {detail}",
        find_matches: "{rows}개 행에서 {count}곳",
        find_none: "찾은 곳이 없습니다.",
        find_row: "{n}행",
        find_locked: "이 단계에서는 영어를 편집할 수 없습니다",
        replace_one: "이 행에서 바꾸기",
        replace_done: "{rows}개 행에서 바꿨습니다.",
        replace_done_one: "1개 행에서 바꿨습니다.",
        replace_refused: "{n}행은 바꾸지 않았습니다: {detail}",
        no_stage_action: "지금 할 수 있는 단계 작업이 없습니다.",
        copied: "복사했습니다: 공개 문구를 포함한 기사 HTML이 클립보드에 있습니다.",
        not_copied: "복사 못 함: {detail}",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs of digits in a text, sorted: the figures a sentence names,
    /// whatever its language.
    fn figures(text: &str) -> Vec<String> {
        let mut found: Vec<String> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn placeholders_match_between_the_languages() {
        // Each text names the same {values} in both languages, or a value
        // would go missing in one of them.
        fn names(text: &str) -> Vec<&str> {
            let mut found: Vec<&str> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            found.sort_unstable();
            found
        }
        fn strings(value: serde_json::Value, into: &mut Vec<(String, String)>, at: &str) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        strings(value, into, &format!("{at}.{key}"));
                    }
                }
                serde_json::Value::String(text) => into.push((at.to_string(), text)),
                _ => {}
            }
        }
        let (mut en, mut ko) = (Vec::new(), Vec::new());
        strings(serde_json::to_value(&EN).unwrap(), &mut en, "");
        strings(serde_json::to_value(&KO).unwrap(), &mut ko, "");
        assert_eq!(en.len(), ko.len());
        for ((key, en), (_, ko)) in en.iter().zip(&ko) {
            assert_eq!(names(en), names(ko), "{key}: {en} / {ko}");
            assert!(!ko.is_empty(), "{key} has no Korean");
        }
        assert_eq!(
            fill(EN.row_n, &[("n", "3")]),
            "row 3",
            "fill replaces a named value"
        );
    }

    /// One finding of each kind, with the figures and texts it names.
    fn one_of_each() -> Vec<Said> {
        let shown = || "$35 billion".to_string();
        vec![
            Said::HeadlineWithoutKorean,
            Said::NoEnglish,
            Said::NoKorean,
            Said::KoreanFigureMissing {
                shown: "3500억".into(),
                value: Anchor::Number(350_000_000_000_000),
            },
            Said::EnglishFigureMissing { shown: shown() },
            Said::ConversionAdded { shown: shown() },
            Said::DayOrMonthAdded {
                shown: "Saturday".into(),
            },
            Said::CountDiffers {
                value: Anchor::Date { month: 10, day: 22 },
                korean: 2,
                english: 1,
            },
            Said::DayAndWeekday {
                day: "25일".into(),
                weekday: "Saturday".into(),
            },
            Said::SmallNumberAsWord {
                shown: "1명".into(),
            },
            Said::LatinMissing {
                original: "APEC".into(),
            },
            Said::HangulLeft {
                shown: "시".into()
            },
            Said::UnclosedQuote,
            Said::KoreanQuoteOnly,
            Said::EnglishQuoteOnly,
            Said::DoubledWord { word: "the".into() },
            Said::DoubleSpaces { places: 3 },
            Said::NameSpelling {
                here: "Kim Yong-beom".into(),
                elsewhere: vec![("Kim Yong-bum".into(), vec![2, 5])],
            },
            Said::Invisible {
                count: 1,
                side: Side::English,
                first: 0x202E,
                at: 7,
            },
            Said::ShortEnglish {
                english: 40,
                korean: 120,
            },
            Said::FewerSentences {
                english_sentences: 1,
                korean_sentences: 2,
                english: 75,
                korean: 70,
            },
            Said::OmissionInRow { paragraph: 2 },
            Said::MoreSentences {
                english_sentences: 3,
                korean_sentences: 1,
                english: 260,
                korean: 80,
            },
            Said::GlossaryForbidden {
                shown: "Trade Ministry".into(),
                term: "산업통상자원부".into(),
                approved: "Ministry of Trade, Industry and Energy".into(),
            },
            Said::GlossaryMissing {
                term: "기준금리".into(),
                approved: "benchmark rate".into(),
            },
            Said::NameRomanization {
                here: "Kim Yong-bum".into(),
                korean: "김용범".into(),
                usual: vec!["Kim Yong-beom".into(), "Kim Yong-bŏm".into()],
            },
        ]
    }

    #[test]
    fn every_finding_is_said_in_both_languages_with_its_figures_and_texts() {
        // A kind of finding added to the core and not to this list fails
        // to compile here.
        let kind = |said: &Said| match said {
            Said::HeadlineWithoutKorean => 0,
            Said::NoEnglish => 1,
            Said::NoKorean => 2,
            Said::KoreanFigureMissing { .. } => 3,
            Said::EnglishFigureMissing { .. } => 4,
            Said::ConversionAdded { .. } => 5,
            Said::DayOrMonthAdded { .. } => 6,
            Said::CountDiffers { .. } => 7,
            Said::DayAndWeekday { .. } => 8,
            Said::SmallNumberAsWord { .. } => 9,
            Said::LatinMissing { .. } => 10,
            Said::HangulLeft { .. } => 11,
            Said::UnclosedQuote => 12,
            Said::KoreanQuoteOnly => 13,
            Said::EnglishQuoteOnly => 14,
            Said::DoubledWord { .. } => 15,
            Said::DoubleSpaces { .. } => 16,
            Said::NameSpelling { .. } => 17,
            Said::Invisible { .. } => 18,
            Said::ShortEnglish { .. } => 19,
            Said::FewerSentences { .. } => 20,
            Said::OmissionInRow { .. } => 21,
            Said::GlossaryForbidden { .. } => 22,
            Said::GlossaryMissing { .. } => 23,
            Said::MoreSentences { .. } => 24,
            Said::NameRomanization { .. } => 25,
        };
        let all = one_of_each();
        let kinds: std::collections::BTreeSet<usize> = all.iter().map(kind).collect();
        assert_eq!(kinds.len(), 26, "one of each kind");
        for said in &all {
            let (english, none) = Lang::En.finding(said);
            assert!(none.is_empty(), "English quotes in its sentence: {english}");
            let (korean, quotes) = Lang::Ko.finding(said);
            // The Korean sentence has no English words of its own (AI is
            // the newsroom's word for it in both languages)...
            let latin: Vec<&str> = korean
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2 && *w != "AI")
                .collect();
            assert!(latin.is_empty(), "{korean}: {latin:?}");
            assert!(
                korean.chars().any(|c| ('가'..='힣').contains(&c)),
                "{korean}"
            );
            // ...and names the same figures as the English, and the same
            // texts of the article, quoted apart.
            let mut shown_ko = figures(&korean);
            shown_ko.extend(quotes.iter().flat_map(|q| figures(q)));
            for figure in figures(&english) {
                assert!(
                    shown_ko.contains(&figure),
                    "{figure} of “{english}” is missing from “{korean}” {quotes:?}"
                );
            }
        }
        assert_eq!(
            Lang::En.finding(&all[3]).0,
            "3500억 (350,000,000,000) in the Korean is not in the English."
        );
        assert_eq!(
            Lang::Ko.finding(&all[3]),
            (
                "한국어의 숫자·날짜(350,000,000,000)가 영어에 없습니다:".to_string(),
                vec!["3500억".to_string()]
            )
        );
        assert_eq!(
            Lang::En.finding(&all[17]).0,
            "Kim Yong-beom here, but Kim Yong-bum (row 2, 5) elsewhere: one spelling per person."
        );
        assert_eq!(
            Lang::Ko.finding(&all[7]).0,
            "10월 22일이(가) 한국어에 2번, 영어에 1번 나옵니다."
        );
    }

    #[test]
    fn every_invalid_request_is_said_in_both_languages_with_its_figures() {
        use galley_core::rows::BadSplit;
        use galley_store::RowId;
        let row = RowId(7);
        let all = vec![
            Invalid::UserName,
            Invalid::NoSuchRevision { row, revision: 4 },
            Invalid::NotEarlierText { row, revision: 4 },
            Invalid::UserExists { name: "kim".into() },
            Invalid::Language,
            Invalid::RowsOutOfOrder,
            Invalid::RowsMissKorean,
            Invalid::HeadlineFirst,
            Invalid::SourceUnchanged { version: 3 },
            Invalid::NothingToTranslate,
            Invalid::KoreanRemovedEdit { row },
            Invalid::KoreanRemovedReview { row },
            Invalid::NotReviewedAt { row, revision: 2 },
            Invalid::LastRow { row },
            Invalid::Split {
                row,
                split: BadSplit {
                    ko_at: 3,
                    ko_len: 2,
                    en_at: 1,
                    en_len: 4,
                },
            },
            Invalid::NoSuchFinding {
                row,
                key: "numbers:ko:n1".into(),
            },
            Invalid::AlreadyOverridden {
                row,
                key: "quotes:balance".into(),
            },
            Invalid::ReplyToReply {
                comment: 12,
                thread: 11,
            },
            Invalid::ReplyNeedsNoAnswer,
            Invalid::ReplyOnOtherRow { comment: 12 },
            Invalid::ResolveReply { comment: 12 },
            Invalid::ThreadAlready {
                thread: 11,
                resolved: true,
            },
            Invalid::DeliveryWaiting {
                id: 5,
                attempt: 2,
                due: "2026-12-07T10:00:00Z".parse().unwrap(),
            },
            Invalid::BeyondLog {
                leaves: 40,
                asked: 41,
            },
            Invalid::LeafOutside { leaf: 41, size: 40 },
            Invalid::CannotExtend { from: 9, to: 8 },
            Invalid::LeafRange {
                start: 9,
                end: 8,
                most: 1000,
            },
            Invalid::ConsistencyFrom { size: 40, from: 41 },
            Invalid::DatabaseUrl {
                url: "mysql://x".into(),
            },
            Invalid::DatabaseOptions {
                driver: "bad port".into(),
            },
        ];
        // A kind added to the store and not to this list fails to compile.
        let kind = |why: &Invalid| match why {
            Invalid::UserName => 0,
            Invalid::UserExists { .. } => 1,
            Invalid::Language => 2,
            Invalid::RowsOutOfOrder => 3,
            Invalid::RowsMissKorean => 4,
            Invalid::HeadlineFirst => 5,
            Invalid::SourceUnchanged { .. } => 6,
            Invalid::NothingToTranslate => 7,
            Invalid::KoreanRemovedEdit { .. } => 8,
            Invalid::KoreanRemovedReview { .. } => 9,
            Invalid::NotReviewedAt { .. } => 10,
            Invalid::LastRow { .. } => 11,
            Invalid::Split { .. } => 12,
            Invalid::NoSuchFinding { .. } => 13,
            Invalid::AlreadyOverridden { .. } => 14,
            Invalid::ReplyToReply { .. } => 15,
            Invalid::ReplyNeedsNoAnswer => 16,
            Invalid::ReplyOnOtherRow { .. } => 17,
            Invalid::ResolveReply { .. } => 18,
            Invalid::ThreadAlready { .. } => 19,
            Invalid::DeliveryWaiting { .. } => 20,
            Invalid::BeyondLog { .. } => 21,
            Invalid::LeafOutside { .. } => 22,
            Invalid::CannotExtend { .. } => 23,
            Invalid::LeafRange { .. } => 24,
            Invalid::ConsistencyFrom { .. } => 25,
            Invalid::DatabaseUrl { .. } => 26,
            Invalid::DatabaseOptions { .. } => 27,
            Invalid::NoSuchRevision { .. } => 28,
            Invalid::NotEarlierText { .. } => 29,
        };
        let kinds: std::collections::BTreeSet<usize> = all.iter().map(kind).collect();
        assert_eq!(kinds.len(), 30, "one of each kind");
        for why in &all {
            let english = Lang::En.invalid(Some("size"), why);
            let korean = Lang::Ko.invalid(Some("size"), why);
            assert!(
                korean.chars().any(|c| ('가'..='힣').contains(&c)),
                "{korean}"
            );
            assert_ne!(english, korean);
            assert_eq!(figures(&english), figures(&korean), "{english} / {korean}");
        }
        assert_eq!(
            Lang::En.invalid(Some("size"), &all[23]),
            "size: the log has 40 leaves, not 41"
        );
    }

    #[test]
    fn every_wrong_request_is_said_in_both_languages_with_its_figures() {
        use crate::exchange::{ImportError, TbxError};
        let row = galley_store::RowId(7);
        let detail = || "expected value at line 1 column 2".to_string();
        let unit = || "s7".to_string();
        let all = vec![
            Wrong::Limit { max: 200 },
            Wrong::NegativeOffset,
            Wrong::Cursor,
            Wrong::TooLong {
                field: "q",
                max: 300,
            },
            Wrong::NotText { field: "q" },
            Wrong::StageName,
            Wrong::ReviewStage,
            Wrong::ActionName,
            Wrong::VersionRequired,
            Wrong::FormVersion,
            Wrong::VersionName { field: "from" },
            Wrong::NoSuchRevision {
                field: "revision",
                row,
                revision: Some(4),
            },
            Wrong::EmptyRow,
            Wrong::MoreRowsThanArticle { rows: 12 },
            Wrong::RowGone,
            Wrong::MergeBody { detail: detail() },
            Wrong::NoticeIds { max: 500 },
            Wrong::IdsOrAll,
            Wrong::UrlTooLong { max: 2000 },
            Wrong::NotAUrl { detail: detail() },
            Wrong::UrlScheme,
            Wrong::UrlCredentials,
            Wrong::UrlControl,
            Wrong::UrlPrivate {
                host: "169.254.169.254".into(),
            },
            Wrong::NoEvents,
            Wrong::UnknownEvent {
                event: "article.eaten".into(),
            },
            Wrong::DeliveryState {
                name: "lost".into(),
            },
            Wrong::WebhooksAdminOnly,
            Wrong::GlossaryEditorsOnly,
            Wrong::KoreanInGlossary {
                form: "한국은행".into(),
                entry: 12,
            },
            Wrong::AuditorReadsOnly,
            Wrong::TmxNeedsSignOff,
            Wrong::HandOffNeedsSignOff,
            Wrong::ExportFormat,
            Wrong::EditionFormat,
            Wrong::GlossaryFormat,
            Wrong::XliffType,
            Wrong::GlossaryType,
            Wrong::JsonType,
            Wrong::NotUtf8,
            Wrong::TooManyUnits {
                units: 901,
                max: 900,
            },
            Wrong::RowLeftArticle { row: 7 },
            Wrong::EmptyTarget { row: 7 },
            Wrong::TooManyEntries {
                max: 20_000,
                has: Some(20_001),
            },
            Wrong::CsvHeader,
            Wrong::NotCsv {
                line: 3,
                detail: detail(),
            },
            Wrong::NoCheckpoint,
            Wrong::RevokeTakesNoBody,
            Wrong::NoTokenToRevoke,
            Wrong::NoToken,
            Wrong::NotBearer,
            Wrong::UnknownToken,
            Wrong::NotJson { detail: detail() },
            Wrong::BodyField {
                field: "title".into(),
                detail: detail(),
            },
            Wrong::MissingField { field: "ai".into() },
            Wrong::BodyTooLarge { mib: 4 },
            Wrong::BodyUnreadable { detail: detail() },
            Wrong::MethodNotAllowed,
            Wrong::NoSuchRoute,
            Wrong::TooSlow,
            Wrong::Unreadable {
                status: 400,
                detail: detail(),
            },
            Wrong::DiffTooLong,
            Wrong::ChooseAssignee,
            Wrong::DueNotATime {
                value: "2026-13-01".into(),
            },
            Wrong::DueNotOnClock {
                value: "2026-03-08T02:30".into(),
            },
            Wrong::LanguageName,
        ];
        let xliff = vec![
            ImportError::NotXml { detail: detail() },
            ImportError::NotXliff,
            ImportError::NotKoreanToEnglish,
            ImportError::Files { found: 2 },
            ImportError::OtherArticle {
                original: "galley:article:8".into(),
                article: 7,
            },
            ImportError::NoArticle,
            ImportError::NotARow { unit: unit() },
            ImportError::NoRevision { unit: unit() },
            ImportError::Targets { unit: unit() },
            ImportError::InlineMarkup { unit: unit() },
            ImportError::NoUnits,
        ];
        let tbx = vec![
            TbxError::NotXml { detail: detail() },
            TbxError::Root,
            TbxError::NoConcepts,
        ];
        // Adding a kind without listing it here fails to compile.
        let kind = |wrong: &Wrong| match wrong {
            Wrong::Limit { .. }
            | Wrong::NegativeOffset
            | Wrong::Cursor
            | Wrong::TooLong { .. }
            | Wrong::NotText { .. }
            | Wrong::StageName
            | Wrong::ReviewStage
            | Wrong::ActionName
            | Wrong::VersionRequired
            | Wrong::FormVersion
            | Wrong::VersionName { .. }
            | Wrong::NoSuchRevision { .. }
            | Wrong::EmptyRow
            | Wrong::MoreRowsThanArticle { .. }
            | Wrong::RowGone
            | Wrong::MergeBody { .. }
            | Wrong::NoticeIds { .. }
            | Wrong::IdsOrAll
            | Wrong::UrlTooLong { .. }
            | Wrong::NotAUrl { .. }
            | Wrong::UrlScheme
            | Wrong::UrlCredentials
            | Wrong::UrlControl
            | Wrong::UrlPrivate { .. }
            | Wrong::NoEvents
            | Wrong::UnknownEvent { .. }
            | Wrong::DeliveryState { .. }
            | Wrong::WebhooksAdminOnly
            | Wrong::GlossaryEditorsOnly
            | Wrong::KoreanInGlossary { .. }
            | Wrong::AuditorReadsOnly
            | Wrong::TmxNeedsSignOff
            | Wrong::HandOffNeedsSignOff
            | Wrong::ExportFormat
            | Wrong::EditionFormat
            | Wrong::GlossaryFormat
            | Wrong::XliffType
            | Wrong::GlossaryType
            | Wrong::JsonType
            | Wrong::NotUtf8
            | Wrong::TooManyUnits { .. }
            | Wrong::RowLeftArticle { .. }
            | Wrong::EmptyTarget { .. }
            | Wrong::TooManyEntries { .. }
            | Wrong::CsvHeader
            | Wrong::NotCsv { .. }
            | Wrong::NoCheckpoint
            | Wrong::RevokeTakesNoBody
            | Wrong::NoTokenToRevoke
            | Wrong::NoToken
            | Wrong::NotBearer
            | Wrong::UnknownToken
            | Wrong::NotJson { .. }
            | Wrong::BodyField { .. }
            | Wrong::MissingField { .. }
            | Wrong::BodyTooLarge { .. }
            | Wrong::BodyUnreadable { .. }
            | Wrong::MethodNotAllowed
            | Wrong::NoSuchRoute
            | Wrong::TooSlow
            | Wrong::Unreadable { .. }
            | Wrong::DiffTooLong
            | Wrong::ChooseAssignee
            | Wrong::DueNotATime { .. }
            | Wrong::DueNotOnClock { .. }
            | Wrong::LanguageName => std::mem::discriminant(wrong),
            Wrong::Xliff(_) | Wrong::Tbx(_) => unreachable!("listed apart"),
        };
        let kinds: std::collections::HashSet<_> = all.iter().map(kind).collect();
        assert_eq!(kinds.len(), all.len(), "one of each kind");
        let every: Vec<Wrong> = all
            .into_iter()
            .chain(xliff.into_iter().map(Wrong::Xliff))
            .chain(tbx.into_iter().map(Wrong::Tbx))
            .collect();
        assert_eq!(every.len(), 64 + 11 + 5);
        for wrong in &every {
            let english = Lang::En.wrong(wrong);
            let korean = Lang::Ko.wrong(wrong);
            assert!(
                korean.chars().any(|c| ('가'..='힣').contains(&c)),
                "{korean}"
            );
            assert_ne!(english, korean);
            assert_eq!(figures(&english), figures(&korean), "{english} / {korean}");
        }
        for shortfall in [
            Shortfall::NotSignedOff,
            Shortfall::NoBilingualReview,
            Shortfall::SamePerson,
            Shortfall::SourceNotReviewed,
        ] {
            let korean = Lang::Ko.shortfall(shortfall);
            assert!(korean.chars().any(|c| ('가'..='힣').contains(&c)));
            assert!(!korean.chars().any(|c| c.is_ascii_alphabetic()), "{korean}");
            assert_ne!(Lang::En.shortfall(shortfall), korean);
        }
    }

    #[test]
    fn a_refusal_for_a_role_names_the_role_and_what_it_is_for_in_both_languages() {
        use galley_core::workflow::{Action, Change, Role, Stage, Why};
        let roles = |why: &Why| -> Vec<Role> {
            match why {
                Why::ActionNeedsRole { role, .. }
                | Why::AssignNeedsRole { role, .. }
                | Why::AssigneeNeedsRole { role, .. }
                | Why::ChangeNeedsRole { role, .. } => vec![*role],
                Why::NewKoreanNeedsRole => vec![Role::Reporter, Role::Admin],
                Why::CommentNeedsRole => vec![
                    Role::Reporter,
                    Role::BilingualReviewer,
                    Role::NativeEditor,
                    Role::Admin,
                ],
                _ => Vec::new(),
            }
        };
        for why in [
            Why::ActionNeedsRole {
                action: Action::Approve,
                role: Role::BilingualReviewer,
            },
            Why::AssignNeedsRole {
                stage: Stage::NativeEdit,
                role: Role::NativeEditor,
            },
            Why::AssigneeNeedsRole {
                stage: Stage::BilingualReview,
                role: Role::BilingualReviewer,
            },
            Why::ChangeNeedsRole {
                change: Change::EditEnglish,
                stage: Stage::NativeEdit,
                role: Role::NativeEditor,
            },
            Why::NewKoreanNeedsRole,
            Why::CommentNeedsRole,
        ] {
            let refusal = Refusal {
                rule: galley_core::workflow::Rule::RoleRequired,
                why: why.clone(),
            };
            let (english, korean) = (Lang::En.refusal(&refusal), Lang::Ko.refusal(&refusal));
            for role in roles(&why) {
                assert!(english.contains(role.words()), "{english}");
                assert!(korean.contains(Lang::Ko.role(role)), "{korean}");
            }
            // What the role is needed for is named too: the action, the
            // stage or the change.
            let named = match &why {
                Why::ActionNeedsRole { action, .. } => vec![Lang::Ko.action(*action)],
                Why::AssignNeedsRole { stage, .. } | Why::AssigneeNeedsRole { stage, .. } => {
                    vec![Lang::Ko.stage(*stage)]
                }
                Why::ChangeNeedsRole { change, stage, .. } => {
                    vec![Lang::Ko.change(*change), Lang::Ko.stage(*stage)]
                }
                _ => Vec::new(),
            };
            for words in named {
                assert!(korean.contains(words), "{korean} names {words}");
            }
        }
    }

    #[test]
    fn every_refused_text_is_said_in_both_languages_with_its_figures() {
        let side = Side::English;
        let all = vec![
            TextProblem::Control { code: 0, at: 5 },
            TextProblem::FarTooLong { max: 500 },
            TextProblem::Empty,
            TextProblem::TooLong {
                chars: 50_001,
                max: 50_000,
            },
            TextProblem::NotClean,
            TextProblem::RowTooLong {
                chars: 50_001,
                side,
                max: 50_000,
            },
            TextProblem::AlignedRowTooLong {
                korean: Some((3, 3)),
                english: Some((4, 5)),
                side,
                chars: 100_002,
                max: 50_000,
            },
            TextProblem::TooManyParagraphs {
                count: 2001,
                max: 2000,
            },
            TextProblem::ArticleTooLong {
                chars: 400_001,
                max: 400_000,
            },
            TextProblem::ParagraphTooLong {
                paragraph: 3,
                chars: 50_001,
                max: 50_000,
            },
            TextProblem::Paragraphs(ParagraphError::InvalidUtf8 { side, offset: 4 }),
            TextProblem::Paragraphs(ParagraphError::Empty { side }),
            TextProblem::Paragraphs(ParagraphError::NoText { side }),
            TextProblem::Paragraphs(ParagraphError::TooLarge {
                side,
                bytes: 3_000_000,
                limit: 1_600_000,
            }),
            TextProblem::Paragraphs(ParagraphError::TooManyParagraphs {
                side,
                count: 2001,
                limit: 2000,
            }),
            TextProblem::Paragraphs(ParagraphError::EmptyParagraph { side, index: 2 }),
            TextProblem::EitherNotBoth {
                other: "source_paragraphs".into(),
            },
            TextProblem::Required {
                other: "source_paragraphs".into(),
            },
            TextProblem::NoReason,
            TextProblem::NoComment,
            TextProblem::NotATime,
            TextProblem::TermKind,
            TextProblem::TooManyForms { max: 20 },
            TextProblem::NoForms,
            TextProblem::OneCharacterTerm,
        ];
        // A kind added to the core and not to this list fails to compile.
        let kind = |problem: &TextProblem| match problem {
            TextProblem::Control { .. } => 0,
            TextProblem::FarTooLong { .. } => 1,
            TextProblem::Empty => 2,
            TextProblem::TooLong { .. } => 3,
            TextProblem::NotClean => 4,
            TextProblem::RowTooLong { .. } => 5,
            TextProblem::TooManyParagraphs { .. } => 6,
            TextProblem::ArticleTooLong { .. } => 7,
            TextProblem::ParagraphTooLong { .. } => 8,
            TextProblem::Paragraphs(_) => 9,
            TextProblem::EitherNotBoth { .. } => 10,
            TextProblem::Required { .. } => 11,
            TextProblem::NoReason => 12,
            TextProblem::NoComment => 13,
            TextProblem::NotATime => 14,
            TextProblem::TermKind => 15,
            TextProblem::TooManyForms { .. } => 16,
            TextProblem::NoForms => 17,
            TextProblem::OneCharacterTerm => 18,
            TextProblem::AlignedRowTooLong { .. } => 19,
        };
        let kinds: std::collections::BTreeSet<usize> = all.iter().map(kind).collect();
        assert_eq!(kinds.len(), 20, "one of each kind");
        // Each figure once: a limit may be named twice in one language.
        let figures = |text: &str| -> Vec<String> {
            let mut found = figures(text);
            found.dedup();
            found
        };
        for problem in all {
            let error = TextError::new("text", problem);
            let english = Lang::En.text_error(&error);
            let korean = Lang::Ko.text_error(&error);
            assert!(
                korean.chars().any(|c| ('가'..='힣').contains(&c)),
                "{korean}"
            );
            assert_eq!(figures(&english), figures(&korean), "{english} / {korean}");
        }
        assert_eq!(
            Lang::En.text_error(&TextError::new(
                "text",
                TextProblem::Control { code: 0, at: 5 }
            )),
            "text holds the control character U+0000 at character 5; remove it"
        );
    }

    #[test]
    fn everything_not_found_is_said_in_both_languages_with_its_figures() {
        use galley_store::{ArticleId, RowId, UserId};
        let article = ArticleId(5);
        let all = vec![
            Missing::Article(article),
            Missing::Row {
                row: RowId(7),
                article: Some(article),
            },
            Missing::Row {
                row: RowId(7),
                article: None,
            },
            Missing::Comment {
                comment: 3,
                article,
            },
            Missing::SourceVersion {
                version: 2,
                article,
            },
            Missing::Edition {
                number: 3,
                article,
                editions: 2,
            },
            Missing::LogEvent { seq: 9, article },
            Missing::User(UserId(4)),
            Missing::UserNamed("kim".into()),
            Missing::Token,
            Missing::Session,
            Missing::Notification(6),
            Missing::Webhook(8),
            Missing::Delivery(10),
            Missing::GlossaryEntry(11),
            Missing::Record,
        ];
        // A kind added to the store and not here fails to compile.
        let kind = |what: &Missing| match what {
            Missing::Article(_) => 0,
            Missing::Row {
                article: Some(_), ..
            } => 1,
            Missing::Row { article: None, .. } => 2,
            Missing::Comment { .. } => 3,
            Missing::SourceVersion { .. } => 4,
            Missing::Edition { .. } => 5,
            Missing::LogEvent { .. } => 6,
            Missing::User(_) => 7,
            Missing::UserNamed(_) => 8,
            Missing::Token => 9,
            Missing::Session => 10,
            Missing::Notification(_) => 11,
            Missing::Webhook(_) => 12,
            Missing::Delivery(_) => 13,
            Missing::GlossaryEntry(_) => 14,
            Missing::Record => 15,
        };
        let kinds: std::collections::BTreeSet<usize> = all.iter().map(kind).collect();
        assert_eq!(kinds.len(), 16, "one of each kind");
        for what in &all {
            let english = Lang::En.not_found(what);
            let korean = Lang::Ko.not_found(what);
            assert!(
                korean.chars().any(|c| ('가'..='힣').contains(&c)),
                "{korean}"
            );
            assert_eq!(figures(&english), figures(&korean), "{english} / {korean}");
        }
        assert_eq!(Lang::En.not_found(&all[0]), "article 5 not found");
        assert_eq!(Lang::Ko.not_found(&all[0]), "5번 기사가 없습니다.");
    }
}
