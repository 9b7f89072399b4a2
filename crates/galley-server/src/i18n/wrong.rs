//! What a request got wrong ([`Wrong`]), in English and in Korean.

use galley_core::notify::WEBHOOK_EVENTS;

use crate::exchange::{ImportError, TbxError};
use crate::wrong::Wrong;

/// In English: a sentence the API has always answered, word for word.
pub(super) fn english(wrong: &Wrong) -> String {
    use Wrong::*;
    match wrong {
        Limit { max } => format!("limit must be between 1 and {max}"),
        NegativeOffset => "offset must not be negative".into(),
        Cursor => "after must be an article's id: the next of the page before".into(),
        TooLong { field, max } => format!("{field} is longer than {max} characters"),
        NotText { field } => {
            format!("{field} holds control characters or bytes that are not UTF-8")
        }
        StageName => "stage must be draft, bilingual_review, native_edit or signed_off".into(),
        ReviewStage => "stage must be bilingual_review or native_edit".into(),
        ActionName => "action must be submit, approve, return, sign_off or reopen".into(),
        VersionRequired => "version is required: the article version you saw (GET /api/v1/articles/{id} answers it)".into(),
        FormVersion => "The form did not say which version of the article you saw.".into(),
        VersionName { field } => format!("{field} must be ai, current, a stage name or rev:N"),
        NoSuchRevision {
            row,
            revision: Some(revision),
            ..
        } => format!("row {row} has no revision {revision}"),
        NoSuchRevision {
            row,
            revision: None,
            ..
        } => format!("row {row} has no such revision"),
        EmptyRow => "text is empty; a row keeps at least one character of English".into(),
        MoreRowsThanArticle { rows } => format!("the article has {rows} rows"),
        RowGone => "This row no longer exists.".into(),
        MergeBody { detail } => format!("a merge takes no body (or {{}}): {detail}"),
        NoticeIds { max } => format!("name 1 to {max} notifications"),
        IdsOrAll => "send either {\"ids\": [...]} or {\"all\": true}".into(),
        UrlTooLong { max } => format!("url is longer than {max} bytes"),
        NotAUrl { detail } => format!("url is not a URL: {detail}"),
        UrlScheme => "url must be an http:// or https:// URL with a host".into(),
        UrlCredentials => {
            "url must not carry a user name or password: the signature authenticates".into()
        }
        UrlControl => "url holds a control character".into(),
        UrlPrivate { host } => format!(
            "url goes to {host}, a private, loopback or link-local address; an administrator allows such a host by name with --allow-webhook-host"
        ),
        NoEvents => format!(
            "name at least one event: {}",
            WEBHOOK_EVENTS.join(", ")
        ),
        UnknownEvent { event } => format!(
            "{event:?} is not an event; they are {}",
            WEBHOOK_EVENTS.join(", ")
        ),
        DeliveryState { name } => {
            format!("{name:?} is not a state: pending, delivered or failed")
        }
        WebhooksAdminOnly => "only an admin manages webhooks".into(),
        GlossaryEditorsOnly => "only an admin or a native editor changes the glossary".into(),
        KoreanInGlossary { form, entry } => format!(
            "“{form}” is already in the glossary (entry {entry}); change that entry instead"
        ),
        AuditorReadsOnly => "an auditor reads every article, trail and export and changes nothing".into(),
        TmxNeedsSignOff => {
            "a translation memory takes signed-off rows only; sign the article off first".into()
        }
        HandOffNeedsSignOff => {
            "only a signed-off article is handed to the CMS; sign it off first".into()
        }
        ExportFormat => {
            "format must be xliff, tmx, json, or (signed off) text, html or markdown".into()
        }
        EditionFormat => "an edition is exported as json, text, html or markdown".into(),
        GlossaryFormat => "format is csv, tbx or tbx2008".into(),
        XliffType => "send the XLIFF file as application/xliff+xml".into(),
        GlossaryType => "send the glossary as text/csv or as TBX (application/x-tbx+xml)".into(),
        JsonType => "send the body as application/json".into(),
        NotUtf8 => "the file is not valid UTF-8".into(),
        TooManyUnits { units, max } => {
            format!("the file has {units} units; the limit is {max} (the rows of one article)")
        }
        RowLeftArticle { row } => format!(
            "row {row} is no longer in the article (merged or split since the export)"
        ),
        EmptyTarget { row } => {
            format!("unit s{row} has an empty target; a row keeps some English")
        }
        TooManyEntries { max, has: Some(has) } => {
            format!("an import adds at most {max} entries; the file has {has}")
        }
        TooManyEntries { max, has: None } => format!("an import adds at most {max} entries"),
        CsvHeader => "the first line must be: korean,english,forbidden,kind,note".into(),
        NotCsv { detail, .. } => format!("is not CSV: {detail}"),
        NoCheckpoint => "no checkpoint has been signed: start a server with --signing-key (galley log keygen makes one)".into(),
        RevokeTakesNoBody => "revoking a token takes no body".into(),
        NoTokenToRevoke => {
            "no bearer token to revoke: a browser session ends by signing out".into()
        }
        NoToken => "send an API token as 'Authorization: Bearer <token>'".into(),
        NotBearer => "the Authorization header must be 'Bearer <token>'".into(),
        UnknownToken => "unknown or revoked token".into(),
        NotJson { detail } => format!("the body is not valid JSON: {detail}"),
        BodyField { detail, .. } => detail.clone(),
        MissingField { field } => format!("{field} is required"),
        BodyTooLarge { mib } => format!("the body is larger than the limit of {mib} MiB"),
        BodyUnreadable { detail } | Unreadable { detail, .. } => detail.clone(),
        MethodNotAllowed => {
            "this path does not take this method; the Allow header lists those it takes".into()
        }
        NoSuchRoute => "no such route".into(),
        TooSlow => "the request took longer than the server allows; it was stopped".into(),
        DiffTooLong => "The texts are too long to compare here.".into(),
        ChooseAssignee => "Choose a person from the list.".into(),
        DueNotATime { value } => format!("The due time {value:?} is not a date and time."),
        DueNotOnClock { value } => {
            format!("The due time {value:?} does not exist on the newsroom's clock.")
        }
        LanguageName => "The language must be en or ko.".into(),
        Xliff(error) => english_xliff(error),
        Tbx(error) => english_tbx(error),
    }
}

fn english_xliff(error: &ImportError) -> String {
    match error {
        ImportError::NotXml { detail } => format!("the file is not well-formed XML: {detail}"),
        ImportError::NotXliff => "the root is not an XLIFF 2 <xliff> element".into(),
        ImportError::NotKoreanToEnglish => {
            "the file is not Korean (srcLang=\"ko\") to English (trgLang=\"en\")".into()
        }
        ImportError::Files { found } => format!("expected one <file>, found {found}"),
        ImportError::OtherArticle { original, article } => {
            format!("the file is for {original}, not article {article}")
        }
        ImportError::NoArticle => "the file names no Galley article".into(),
        ImportError::NotARow { unit } => format!("unit {unit:?} is not a Galley row"),
        ImportError::NoRevision { unit } => format!("unit {unit} has no galley:revision"),
        ImportError::Targets { unit } => format!("unit {unit} needs exactly one <target>"),
        ImportError::InlineMarkup { unit } => {
            format!("unit {unit}: inline markup in <target> is not supported; send plain text")
        }
        ImportError::NoUnits => "the file has no units".into(),
    }
}

fn english_tbx(error: &TbxError) -> String {
    match error {
        TbxError::NotXml { detail } => {
            format!("the file is not well-formed XML (or its DTD declares something): {detail}")
        }
        TbxError::Root => "the root is neither <tbx> (TBX 2019) nor <martif> (TBX 2008)".into(),
        TbxError::NoConcepts => "the file has no concept (<conceptEntry> or <termEntry>)".into(),
    }
}

/// In Korean. Names of fields, values and formats the request must spell
/// as they are (`limit`, `bilingual_review`, `application/json`) stay as
/// written; what a lower layer said (serde, a URL parser) is quoted after
/// the sentence, in its own words.
pub(super) fn korean(wrong: &Wrong) -> String {
    use Wrong::*;
    match wrong {
        Limit { max } => format!("limit은 1에서 {max} 사이여야 합니다."),
        NegativeOffset => "offset은 음수일 수 없습니다.".into(),
        Cursor => "after는 기사 id(앞 페이지의 next)여야 합니다.".into(),
        TooLong { field, max } => format!("{field}이(가) {max}자보다 깁니다."),
        NotText { field } => {
            format!("{field}에 제어 문자나 UTF-8이 아닌 바이트가 있습니다.")
        }
        StageName => {
            "stage는 draft, bilingual_review, native_edit, signed_off 중 하나입니다.".into()
        }
        ReviewStage => "stage는 bilingual_review 또는 native_edit입니다.".into(),
        ActionName => {
            "action은 submit, approve, return, sign_off, reopen 중 하나입니다.".into()
        }
        VersionRequired => "version이 필요합니다: 보고 있던 기사의 판(GET /api/v1/articles/{id}가 알려 줍니다)을 보내세요.".into(),
        FormVersion => "양식에 보고 있던 기사의 판이 없습니다.".into(),
        VersionName { field } => {
            format!("{field}은(는) ai, current, 단계 이름 또는 rev:N입니다.")
        }
        NoSuchRevision {
            row,
            revision: Some(revision),
            ..
        } => format!("{row}번 행에 {revision}번째 판이 없습니다."),
        NoSuchRevision {
            row,
            revision: None,
            ..
        } => format!("{row}번 행에 그런 판이 없습니다."),
        EmptyRow => "text가 비어 있습니다. 행에는 영어가 한 글자 이상 있어야 합니다.".into(),
        MoreRowsThanArticle { rows } => format!("기사의 행은 {rows}개입니다."),
        RowGone => "이 행은 더 이상 없습니다.".into(),
        MergeBody { detail } => {
            format!("병합에는 본문을 보내지 않습니다({{}}는 됩니다): {detail}")
        }
        NoticeIds { max } => format!("알림을 1개에서 {max}개까지 지정하세요."),
        IdsOrAll => "{\"ids\": [...]} 또는 {\"all\": true} 중 하나를 보내세요.".into(),
        UrlTooLong { max } => format!("url이 {max}바이트보다 깁니다."),
        NotAUrl { detail } => format!("url이 URL이 아닙니다: {detail}"),
        UrlScheme => "url은 호스트가 있는 http:// 또는 https:// 주소여야 합니다.".into(),
        UrlCredentials => {
            "url에 사용자 이름이나 비밀번호를 넣지 마세요. 인증은 서명이 합니다.".into()
        }
        UrlControl => "url에 제어 문자가 있습니다.".into(),
        UrlPrivate { host } => format!(
            "url이 사설·루프백·링크 로컬 주소인 {host}(으)로 갑니다. 관리자가 --allow-webhook-host로 그 호스트를 이름으로 허용해야 합니다."
        ),
        NoEvents => format!(
            "이벤트를 하나 이상 지정하세요: {}",
            WEBHOOK_EVENTS.join(", ")
        ),
        UnknownEvent { event } => format!(
            "“{event}”은(는) 이벤트가 아닙니다. 이벤트는 {}입니다.",
            WEBHOOK_EVENTS.join(", ")
        ),
        DeliveryState { name } => {
            format!("“{name}”은(는) 상태가 아닙니다: pending, delivered, failed 중 하나입니다.")
        }
        WebhooksAdminOnly => "웹훅은 관리자만 관리합니다.".into(),
        GlossaryEditorsOnly => "용어집은 관리자나 영어 편집자만 고칩니다.".into(),
        KoreanInGlossary { form, entry } => {
            format!("“{form}”은(는) 이미 용어집에 있습니다({entry}번 항목). 그 항목을 고치세요.")
        }
        AuditorReadsOnly => {
            "감사 역할은 모든 기사와 기록, 내보내기를 읽기만 하고 아무것도 바꾸지 않습니다.".into()
        }
        TmxNeedsSignOff => {
            "번역 메모리에는 최종 승인된 행만 들어갑니다. 먼저 기사를 최종 승인하세요.".into()
        }
        HandOffNeedsSignOff => {
            "최종 승인된 기사만 CMS로 넘깁니다. 먼저 최종 승인하세요.".into()
        }
        ExportFormat => "format은 xliff, tmx, json, 또는 (최종 승인 뒤) text, html, markdown입니다.".into(),
        EditionFormat => "판본은 json, text, html, markdown으로 내보냅니다.".into(),
        GlossaryFormat => "format은 csv, tbx, tbx2008 중 하나입니다.".into(),
        XliffType => "XLIFF 파일은 application/xliff+xml로 보내세요.".into(),
        GlossaryType => {
            "용어집은 text/csv 또는 TBX(application/x-tbx+xml)로 보내세요.".into()
        }
        JsonType => "본문은 application/json으로 보내세요.".into(),
        NotUtf8 => "파일이 올바른 UTF-8이 아닙니다.".into(),
        TooManyUnits { units, max } => format!(
            "파일의 단위가 {units}개입니다. 한 기사의 행은 {max}개까지입니다."
        ),
        RowLeftArticle { row } => format!(
            "{row}번 행은 이제 기사에 없습니다(내보낸 뒤 병합되거나 나뉘었습니다)."
        ),
        EmptyTarget { row } => {
            format!("단위 s{row}의 target이 비어 있습니다. 행에는 영어가 있어야 합니다.")
        }
        TooManyEntries { max, has: Some(has) } => format!(
            "한 번에 {max}개 항목까지 가져옵니다. 파일에는 {has}개가 있습니다."
        ),
        TooManyEntries { max, has: None } => {
            format!("한 번에 {max}개 항목까지 가져옵니다.")
        }
        CsvHeader => "첫 줄은 korean,english,forbidden,kind,note여야 합니다.".into(),
        NotCsv { detail, .. } => format!("CSV가 아닙니다: {detail}"),
        NoCheckpoint => "서명된 체크포인트가 없습니다: 서버를 --signing-key로 시작하세요(galley log keygen이 키를 만듭니다).".into(),
        RevokeTakesNoBody => "토큰 폐기에는 본문을 보내지 않습니다.".into(),
        NoTokenToRevoke => {
            "폐기할 bearer 토큰이 없습니다. 브라우저 세션은 로그아웃으로 끝납니다.".into()
        }
        NoToken => "API 토큰을 'Authorization: Bearer <token>'으로 보내세요.".into(),
        NotBearer => "Authorization 헤더는 'Bearer <token>'이어야 합니다.".into(),
        UnknownToken => "알 수 없거나 폐기된 토큰입니다.".into(),
        NotJson { detail } => format!("본문이 올바른 JSON이 아닙니다: {detail}"),
        BodyField { field, detail } => format!("본문의 {field}을(를) 읽을 수 없습니다: {detail}"),
        MissingField { field } => format!("{field}이(가) 필요합니다."),
        BodyTooLarge { mib } => format!("본문이 한도 {mib} MiB보다 큽니다."),
        BodyUnreadable { detail } => format!("본문을 읽을 수 없습니다: {detail}"),
        Unreadable { detail, .. } => format!("요청을 읽을 수 없습니다: {detail}"),
        MethodNotAllowed => {
            "이 경로는 이 메서드를 받지 않습니다. 받는 메서드는 Allow 헤더에 있습니다.".into()
        }
        NoSuchRoute => "그런 경로가 없습니다.".into(),
        TooSlow => "요청이 서버가 허용하는 시간보다 오래 걸려 중단했습니다.".into(),
        DiffTooLong => "글이 너무 길어 여기서 비교할 수 없습니다.".into(),
        ChooseAssignee => "목록에서 사람을 고르세요.".into(),
        DueNotATime { value } => format!("마감 “{value}”은(는) 날짜와 시각이 아닙니다."),
        DueNotOnClock { value } => {
            format!("마감 “{value}”은(는) 뉴스룸 시계에 없는 시각입니다.")
        }
        LanguageName => "언어는 en 또는 ko입니다.".into(),
        Xliff(error) => korean_xliff(error),
        Tbx(error) => korean_tbx(error),
    }
}

fn korean_xliff(error: &ImportError) -> String {
    match error {
        ImportError::NotXml { detail } => {
            format!("파일이 올바른 형식의 XML이 아닙니다: {detail}")
        }
        ImportError::NotXliff => "루트가 XLIFF 2의 <xliff> 요소가 아닙니다.".into(),
        ImportError::NotKoreanToEnglish => {
            "한국어(srcLang=\"ko\")에서 영어(trgLang=\"en\")로 옮기는 파일이 아닙니다.".into()
        }
        ImportError::Files { found } => {
            format!("<file>이 하나여야 하는데 {found}개입니다.")
        }
        ImportError::OtherArticle { original, article } => {
            format!("이 파일은 {article}번 기사가 아니라 {original}의 파일입니다.")
        }
        ImportError::NoArticle => "파일에 Galley 기사가 적혀 있지 않습니다.".into(),
        ImportError::NotARow { unit } => format!("단위 “{unit}”은(는) Galley의 행이 아닙니다."),
        ImportError::NoRevision { unit } => format!("단위 {unit}에 galley:revision이 없습니다."),
        ImportError::Targets { unit } => {
            format!("단위 {unit}에는 <target>이 꼭 하나 있어야 합니다.")
        }
        ImportError::InlineMarkup { unit } => format!(
            "단위 {unit}: <target> 안의 인라인 마크업은 받지 않습니다. 일반 텍스트로 보내세요."
        ),
        ImportError::NoUnits => "파일에 단위가 없습니다.".into(),
    }
}

fn korean_tbx(error: &TbxError) -> String {
    match error {
        TbxError::NotXml { detail } => {
            format!("파일이 올바른 형식의 XML이 아니거나 DTD가 무언가를 선언합니다: {detail}")
        }
        TbxError::Root => "루트가 <tbx>(TBX 2019)도 <martif>(TBX 2008)도 아닙니다.".into(),
        TbxError::NoConcepts => "파일에 개념(<conceptEntry> 또는 <termEntry>)이 없습니다.".into(),
    }
}
