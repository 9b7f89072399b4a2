//! The glossary over the API: managed, as TBX, checked in rows, proposals.

use super::*;
use crate::common::assert_problem;
use galley_server::http::glossary::{
    EntryList, EntryView, GlossaryTrail, ImportedTerms, Proposals, SkipReason,
};
use galley_server::views::names::TermKindName;

/// Sends `body` to the glossary's import as `content_type`, by `token`.
async fn import(
    app: &TestApp,
    token: &str,
    content_type: &str,
    body: String,
) -> (StatusCode, Value) {
    let response = app
        .client
        .post(format!("{}/api/v1/glossary/import", app.base))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (
        status,
        response.json::<Value>().await.unwrap_or(Value::Null),
    )
}

/// The glossary's entries the reporter is shown for `query`.
async fn glossary(app: &TestApp, query: &str) -> Vec<EntryView> {
    let (status, list) = app
        .get(&format!("/api/v1/glossary{query}"), &app.reporter)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    decoded::<EntryList>(&list).entries
}
use crate::common::Answered as _;

/// The glossary over the API: added, refused as every text is
/// (naming the field), imported from a CSV of 500 entries in one
/// transaction (a bad line refuses the whole file, naming it), searched,
/// edited, retired, exported, and every change in its own trail.
async fn the_glossary_is_managed_over_the_api(app: TestApp) {
    let entry = |korean: &str, english: &str, kind: &str| json!({"korean": [korean], "english": [english], "kind": kind});
    // A reporter may read, not change.
    let (status, _) = app
        .post(
            "/api/v1/glossary",
            &app.reporter,
            entry("박재근", "Park Jae-geun", "person"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, added) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["산업통상자원부", "산업부"], "english": ["Ministry of Trade, Industry and Energy"], "forbidden": ["Trade Ministry"], "kind": "organization", "note": "house style"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let added: EntryView = decoded(&added);
    assert_eq!(added.korean, ["산업통상자원부", "산업부"]);
    assert_eq!(added.kind, TermKindName::Organization);
    let id = added.id;
    for (body, field) in [
        (entry("박", "Park", "person"), "korean[0]"),
        (entry("박재근", "Park\u{0}", "person"), "english[0]"),
        (
            json!({"korean": ["박재근"], "english": [], "kind": "person"}),
            "english",
        ),
        (entry("박재근", "Park Jae-geun", "human"), "kind"),
    ] {
        let (status, problem) = app.post("/api/v1/glossary", &app.editor, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    // A CSV of 500 entries.
    let mut csv = String::from("korean,english,forbidden,kind,note\n");
    for i in 0..500 {
        csv.push_str(&format!(
            "기관{i:03}청|기관{i:03},Agency {i},,organization,\"imported, line {}\"\n",
            i + 2
        ));
    }
    let (status, imported) = import(&app, &app.editor, "text/csv", csv.clone()).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(decoded::<ImportedTerms>(&imported).added, 500);
    // A bad third line: nothing of the file is added.
    let bad = "korean,english,forbidden,kind,note\n한국은행,Bank of Korea,,organization,\n이,Lee,,person,\n";
    let (status, problem) = import(&app, &app.editor, "text/csv", bad.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "line 3: korean[0]", "{problem}");
    assert_eq!(glossary(&app, "").await.len(), 501);
    let found = glossary(&app, "?q=agency%20499").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].korean, ["기관499청", "기관499"]);
    // Edited, then retired: no longer listed unless asked for.
    let (status, edited) = app
        .put(
            &format!("/api/v1/glossary/{id}"),
            &app.editor,
            json!({"korean": ["산업통상자원부"], "english": ["Ministry of Trade, Industry and Energy", "Trade, Industry and Energy Ministry"], "kind": "organization"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    assert_eq!(decoded::<EntryView>(&edited).english.len(), 2);
    let (status, retired) = app
        .post(
            &format!("/api/v1/glossary/{id}/retire"),
            &app.editor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{retired}");
    assert!(glossary(&app, "?q=산업").await.is_empty());
    let with = glossary(&app, "?q=산업&retired=true").await;
    assert_eq!(with.len(), 1);
    assert!(with[0].retired_at.is_some());
    // The export: a header and the live entries, read back by a CSV reader.
    let exported = app
        .client
        .get(format!("{}/api/v1/glossary/export", app.base))
        .bearer_auth(&app.reporter)
        .text_body()
        .await;
    let lines: Vec<&str> = exported.lines().collect();
    assert_eq!(lines.len(), 501, "a header and 500 entries");
    assert_eq!(lines[0], "korean,english,forbidden,kind,note");
    assert_eq!(
        lines[1],
        "기관000청 | 기관000,Agency 0,,organization,\"imported, line 2\""
    );
    // Every change in the glossary's own trail, which verifies.
    let (_, trail) = app.get("/api/v1/glossary/changes", &app.reporter).await;
    let trail: GlossaryTrail = decoded(&trail);
    assert!(trail.ok, "{trail:?}");
    assert_eq!(trail.changes, 1 + 500 + 1 + 1);
}
api_test!(the_glossary_is_managed_over_the_api);

/// The glossary as TBX. A termbase exported by another tool (TBX
/// 2008, with a language Galley has no use for) is imported; a file that is
/// not one, or a concept without Korean, is refused naming it and adds
/// nothing. The export is TBX-Basic (DCA) and `xmllint` validates it
/// against the schema (testdata/schemas/tbx-basic; the official core
/// structure schema is checked by hand, see that folder's README); the
/// schema refuses the export with a wrong status or a misplaced subject
/// field; the export reads back as the entries it was made from.
async fn the_glossary_travels_as_tbx(app: TestApp) {
    let send = |body: &str, content_type: &'static str| {
        import(&app, &app.editor, content_type, body.to_string())
    };
    let termbase = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>exported by a CAT tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="subjectField">organization</descrip>
      <note>house style since 2013</note>
      <langSet xml:lang="ko-KR"><tig><term>산업통상자원부</term></tig><tig><term>산업부</term></tig></langSet>
      <langSet xml:lang="en-US">
        <tig><term>Trade Ministry</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>Ministry of Trade, Industry and Energy</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="de"><tig><term>Handelsministerium</term></tig></langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="ko"><tig><term>박재근</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>Park Jae-geun</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>"#;
    let (status, imported) = send(termbase, "application/x-tbx+xml").await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(decoded::<ImportedTerms>(&imported).added, 2);
    let entries = glossary(&app, "").await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].korean, ["산업통상자원부", "산업부"]);
    assert_eq!(
        entries[0].english,
        ["Ministry of Trade, Industry and Energy"]
    );
    assert_eq!(entries[0].forbidden, ["Trade Ministry"]);
    assert_eq!(entries[0].kind, TermKindName::Organization);
    assert_eq!(entries[0].note, "house style since 2013");
    assert_eq!(
        entries[1].kind,
        TermKindName::Term,
        "no subject field: a term"
    );

    // Refused, naming why, adding nothing.
    for (body, content_type, status, field, says) in [
        ("<martif", "application/xml", 422, "file", "not well-formed"),
        (
            "<!DOCTYPE martif [<!ENTITY x \"x\">]><martif/>",
            "application/xml",
            422,
            "file",
            "internal subset",
        ),
        (
            r#"<tbx><text><body><conceptEntry id="c8"><langSec xml:lang="ko"><termSec><term>박</term></termSec></langSec><langSec xml:lang="en"><termSec><term>Park</term></termSec></langSec></conceptEntry></body></text></tbx>"#,
            "application/xml",
            422,
            "concept c8: korean[0]",
            "",
        ),
        (termbase, "application/json", 415, "", ""),
    ] {
        let (got, problem) = send(body, content_type).await;
        assert_eq!(got.as_u16(), status, "{body}: {problem}");
        if !field.is_empty() {
            assert_eq!(problem["field"], field, "{problem}");
            assert!(
                problem["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(says),
                "{problem}"
            );
        }
    }
    assert_eq!(glossary(&app, "").await.len(), 2);

    // Imported again with a concept that has no Korean and a new one: the
    // new one is added, the others are named and left out.
    let again = termbase.replace(
        "  </body></text>",
        r#"    <termEntry id="c7"><langSet xml:lang="en"><tig><term>Seoul</term></tig></langSet></termEntry>
    <termEntry id="c9"><langSet xml:lang="ko"><tig><term>기준금리</term></tig></langSet><langSet xml:lang="en"><tig><term>base rate</term></tig></langSet></termEntry>
    <termEntry id="c10"><langSet xml:lang="ko"><tig><term>기준금리</term></tig></langSet><langSet xml:lang="en"><tig><term>key rate</term></tig></langSet></termEntry>
  </body></text>"#,
    );
    let (status, imported) = send(&again, "application/x-tbx+xml").await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    let imported: ImportedTerms = decoded(&imported);
    assert_eq!(imported.added, 1);
    let skipped: Vec<(&str, SkipReason, Option<i64>)> = imported
        .skipped
        .iter()
        .map(|s| (s.item.as_str(), s.reason, s.entry))
        .collect();
    let first = entries[0].id;
    assert_eq!(
        skipped,
        [
            ("c7", SkipReason::NoKorean, None),
            ("c1", SkipReason::AlreadyInGlossary, Some(first)),
            ("c2", SkipReason::AlreadyInGlossary, Some(entries[1].id)),
            ("c10", SkipReason::RepeatedInFile, None),
        ]
    );
    assert_eq!(
        imported.skipped[3].detail,
        "c9 of the same file has its Korean already"
    );
    assert_eq!(glossary(&app, "").await.len(), 3);

    // The export.
    let response = app
        .client
        .get(format!("{}/api/v1/glossary/export?format=tbx", app.base))
        .bearer_auth(&app.reporter)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/x-tbx+xml")
    );
    let file = response.text().await.unwrap();
    assert_eq!(file.matches("<conceptEntry ").count(), 3);
    assert!(
        file.contains(r#"<tbx type="TBX-Basic" style="dca""#),
        "{file}"
    );
    assert!(
        file.contains(
            "<term>Trade Ministry</term>\n          <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"
        ),
        "{file}"
    );
    // Who added each entry, and when.
    assert_eq!(
        file.matches("<transacNote type=\"responsibility\">editor</transacNote>")
            .count(),
        3,
        "{file}"
    );
    assert_eq!(
        file.matches("<transac type=\"transactionType\">origination</transac>")
            .count(),
        3
    );
    let (status, problem) = app
        .get("/api/v1/glossary/export?format=docx", &app.reporter)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "format");

    if xmllint_available() {
        let scratch = common::Scratch::new(&common::unique("tbx"));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let schema = root.join("testdata/schemas/tbx-basic/tbx-basic-dca.rng");
        let path = scratch.file("glossary.tbx", &file);
        let (valid, said) = relaxng(&schema, &path);
        assert!(valid, "{said}");
        // The schema has teeth: a status outside the picklist, a subject
        // field on a term, another style.
        for (from, to) in [
            ("deprecatedTerm-admn-sts", "forbiddenTerm-admn-sts"),
            (
                "<termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>",
                "<descrip type=\"subjectField\">person</descrip>",
            ),
            ("style=\"dca\"", "style=\"dct\""),
        ] {
            let broken = scratch.file("broken.tbx", file.replacen(from, to, 1));
            let (valid, said) = relaxng(&schema, &broken);
            assert!(!valid, "{from} → {to} should not validate: {said}");
        }
    }

    // Read back, the export is the glossary it came from: into this
    // glossary it adds nothing (each is there already); with the entries
    // retired, it brings them back as they were.
    let (status, again) = send(&file, "application/x-tbx+xml").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let again: ImportedTerms = decoded(&again);
    assert_eq!((again.added, again.skipped.len()), (0, 3));
    let term = |e: &EntryView| {
        (
            e.korean.clone(),
            e.english.clone(),
            e.forbidden.clone(),
            e.kind,
            e.note.clone(),
        )
    };
    let before: Vec<_> = glossary(&app, "").await.iter().map(term).collect();
    for entry in glossary(&app, "").await {
        let (status, _) = app
            .post(
                &format!("/api/v1/glossary/{}/retire", entry.id),
                &app.editor,
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, again) = send(&file, "application/x-tbx+xml").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(decoded::<ImportedTerms>(&again).added, 3);
    let after: Vec<_> = glossary(&app, "").await.iter().map(term).collect();
    assert_eq!(before, after);
}
api_test!(the_glossary_travels_as_tbx);

/// A glossary term in a row is checked: added to the glossary, a
/// misspelled name in an article already read is a blocking finding at
/// once (no answer kept from before the glossary changed is served); a
/// fix makes it disappear and the article moves on.
async fn a_glossary_term_is_checked_in_every_row(app: TestApp) {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Chip exports",
                "source_paragraphs": ["박재근 한양대 교수는 반도체 수출이 늘었다고 말했다.", "시장은 안도했다."],
                "draft_paragraphs": ["Hanyang University professor Park Jae-kyun said chip exports rose.", "Markets were relieved."],
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/articles/{id}");
    let glossary_flags = |article: &Value| -> Vec<FlagView> {
        body_rows(article)[0]
            .flags
            .iter()
            .filter(|f| f.check == CheckName::Glossary)
            .cloned()
            .collect()
    };
    let (_, before) = app.get(&path, &app.reviewer).await;
    assert!(glossary_flags(&before).is_empty(), "{before}");
    let (status, entry) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["박재근"], "english": ["Park Jae-geun"], "forbidden": ["Park Jae-kyun"], "kind": "person"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    // The same article version, a new glossary: the answer is made again.
    let (_, after) = app.get(&path, &app.reviewer).await;
    assert_eq!(after["version"], before["version"]);
    let flags = glossary_flags(&after);
    assert_eq!(flags.len(), 1, "{after}");
    assert_eq!(flags[0].severity, SeverityName::Error);
    assert_eq!(flags[0].key, format!("glossary:{}", entry["id"]));
    assert!(
        flags[0]
            .message
            .contains("“Park Jae-kyun” is not used for 박재근"),
        "{flags:?}"
    );
    // It blocks approval.
    let transitions = format!("{path}/transitions");
    let (status, _) = app
        .post(&transitions, &app.reporter, json!({"action": "submit"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, current) = app.get(&path, &app.reviewer).await;
    for row in segments(&current) {
        app.post(
            &format!("{path}/segments/{}/review", row.id),
            &app.reviewer,
            json!({"revision": row.revision}),
        )
        .await;
    }
    let (status, refused) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["rule"], "blocking_findings", "{refused}");
    // Fixed: the finding is gone, and the article moves on.
    let row = &body_rows(&current)[0];
    let (status, saved) = app
        .put(
            &format!("{path}/segments/{}", row.id),
            &app.reviewer,
            json!({"text": "Hanyang University professor Park Jae-geun said chip exports rose.", "base_revision": row.revision}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, fixed) = app.get(&path, &app.reviewer).await;
    assert!(glossary_flags(&fixed).is_empty(), "{fixed}");
    app.post(
        &format!("{path}/segments/{}/review", row.id),
        &app.reviewer,
        json!({"revision": saved["revision"]}),
    )
    .await;
    let (status, moved) = app
        .post(&transitions, &app.reviewer, json!({"action": "approve"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
}
api_test!(a_glossary_term_is_checked_in_every_row);

/// A name the desk corrected the same way in three
/// signed-off articles is proposed with its evidence; accepted, it is an
/// entry and is proposed no more; one turned down is not proposed again.
async fn the_desks_corrections_are_proposed_for_the_glossary(app: TestApp) {
    let mut ids = Vec::new();
    for (korean, ai) in [
        (
            "박재근 교수는 수출이 늘었다고 말했다.",
            "Professor Park Jae-kyun said exports rose.",
        ),
        (
            "한양대 박재근 교수의 분석이다.",
            "That is the analysis of Professor Park Jae-kyun.",
        ),
        (
            "박재근 교수에 따르면 가격은 내렸다.",
            "According to Professor Park Jae-gun, prices fell.",
        ),
    ] {
        let fixed = ai
            .replace("Jae-kyun", "Jae-geun")
            .replace("Jae-gun", "Jae-geun");
        ids.push(signed_off_after_a_fix(&app, korean, ai, &fixed).await);
    }
    // Two articles only: the spokesman is not proposed yet.
    for _ in 0..2 {
        signed_off_after_a_fix(
            &app,
            "김철수 대변인은 말했다.",
            "Spokesman Kim Chul-su said so.",
            "Spokesman Kim Cheol-su said so.",
        )
        .await;
    }
    let (status, found) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let proposals = decoded::<Proposals>(&found).proposals;
    assert_eq!(proposals.len(), 1, "{found}");
    assert_eq!(proposals[0].korean, "박재근");
    assert_eq!(proposals[0].english, "Park Jae-geun");
    assert_eq!(proposals[0].kind, TermKindName::Person);
    assert_eq!(proposals[0].articles, ids);
    let replaced: Vec<(&str, usize)> = proposals[0]
        .replaced
        .iter()
        .map(|r| (r.text.as_str(), r.count))
        .collect();
    assert_eq!(replaced, [("Park Jae-kyun", 2), ("Park Jae-gun", 1)]);
    // A reporter may not decide; the editor accepts.
    let decision = json!({"korean": "박재근", "english": "Park Jae-geun", "kind": "person"});
    let (status, _) = app
        .post(
            "/api/v1/glossary/proposals/accept",
            &app.reporter,
            decision.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, entry) = app
        .post("/api/v1/glossary/proposals/accept", &app.editor, decision)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    assert_eq!(decoded::<EntryView>(&entry).kind, TermKindName::Person);
    let (_, after) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert!(decoded::<Proposals>(&after).proposals.is_empty());
    // A third spokesman article: proposed; turned down, never again.
    signed_off_after_a_fix(
        &app,
        "김철수 대변인이 밝혔다.",
        "Kim Chul-su said so.",
        "Kim Cheol-su said so.",
    )
    .await;
    let (_, now) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert_eq!(
        decoded::<Proposals>(&now).proposals[0].korean,
        "김철수",
        "{now}"
    );
    let (status, _) = app
        .post(
            "/api/v1/glossary/proposals/reject",
            &app.editor,
            json!({"korean": "김철수", "english": "Kim Cheol-su"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, last) = app.get("/api/v1/glossary/proposals", &app.reporter).await;
    assert!(decoded::<Proposals>(&last).proposals.is_empty());
}
api_test!(the_desks_corrections_are_proposed_for_the_glossary);

/// An article whose AI draft misspells an official's name ("Kim Yong-bum"
/// for 김용범, who writes Kim Yong-beom).
async fn tariff_article(app: &TestApp) -> Value {
    let (status, article) = app
        .post(
            "/api/v1/articles",
            &app.reporter,
            json!({
                "title": "Tariff talks settled",
                "source": "김용범 대통령실 정책실장은 한미 관세 협상이 타결됐다고 말했다.",
                "draft": "Kim Yong-bum, the presidential chief of staff for policy, said the Korea-US tariff talks were settled.",
                "ai": {"tool": "ChatGPT", "model": "gpt-4o"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    article
}

/// The demo's starter glossary imports as any CSV does, and catches the
/// misspelled official the desk let through ("Kim Yong-bum" for 김용범).
async fn the_starter_glossary_catches_a_misspelled_official(app: TestApp) {
    let response = app
        .client
        .post(format!("{}/api/v1/glossary/import", app.base))
        .bearer_auth(&app.editor)
        .header("content-type", "text/csv")
        .body(include_str!("../../../../../examples/starter-glossary.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let imported: ImportedTerms = response.json().await.unwrap();
    assert_eq!(imported.added, 30);
    let article = tariff_article(&app).await;
    let flags: Vec<String> = body_rows(&article)
        .iter()
        .flat_map(|r| r.flags.iter())
        .filter(|f| f.check == CheckName::Glossary)
        .map(|f| f.message.clone())
        .collect();
    assert!(
        flags
            .iter()
            .any(|m| m.contains("Kim Yong-bum") && m.contains("Kim Yong-beom")),
        "{flags:?}"
    );
}
api_test!(the_starter_glossary_catches_a_misspelled_official);

/// A name romanized as neither system does is a warning with its usual
/// spellings, until the glossary says how the person spells it.
async fn an_unusually_romanized_name_is_warned_until_the_glossary_has_it(app: TestApp) {
    let article = tariff_article(&app).await;
    let path = format!("/api/v1/articles/{}", article["id"]);
    let warned = |article: &Value| -> Vec<FlagView> {
        body_rows(article)
            .iter()
            .flat_map(|r| r.flags.iter())
            .filter(|f| f.check == CheckName::NameRomanization)
            .cloned()
            .collect()
    };
    let flags = warned(&article);
    assert_eq!(flags.len(), 1, "{article}");
    assert_eq!(flags[0].severity, SeverityName::Warning);
    assert_eq!(
        flags[0].message,
        "“Kim Yong-bum” is not a usual spelling of 김용범 (usually “Kim Yong-beom”, \
         “Gim Yong-beom” or “Kim Yong-bŏm”). Check how the person spells it, and add it to the glossary."
    );
    // The person's own spelling in the glossary: no warning, and no
    // glossary finding either.
    let (status, entry) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["김용범"], "english": ["Kim Yong-bum"], "kind": "person"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    let (_, after) = app.get(&path, &app.reviewer).await;
    assert!(warned(&after).is_empty(), "{after}");
    assert!(
        body_rows(&after)
            .iter()
            .all(|r| r.flags.iter().all(|f| f.check != CheckName::Glossary)),
        "{after}"
    );
}
api_test!(an_unusually_romanized_name_is_warned_until_the_glossary_has_it);

/// The documented largest glossary import (20,000 lines, here with notes
/// of 100 characters: 2.6 MB) is read whole; a body over the one limit
/// (4 MiB) is refused with 413, and its message says the same number.
/// A cell a spreadsheet would run as a formula is exported as text and
/// imports back as it was.
async fn the_largest_documented_import_fits_the_body_limit(app: TestApp) {
    let import = |body: String| import(&app, &app.editor, "text/csv", body);
    let note = "n".repeat(100);
    let mut csv = String::from("korean,english,forbidden,kind,note\n");
    for i in 0..20_000 {
        csv.push_str(&format!("기관{i:05}청,Agency {i},,organization,{note}\n"));
    }
    assert!(
        csv.len() > 2_400_000 && csv.len() < 4 * 1024 * 1024,
        "{}",
        csv.len()
    );
    let (status, imported) = import(csv).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(decoded::<ImportedTerms>(&imported).added, 20_000);
    // The list comes a page at a time (1,000 at most), each page's `next`
    // leading to the one after, every entry once.
    let (mut seen, mut after, mut pages) = (Vec::new(), None::<i64>, 0);
    loop {
        let query = after.map_or(String::new(), |a| format!("?after={a}"));
        let (status, page) = app
            .get(&format!("/api/v1/glossary{query}"), &app.reporter)
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let page = decoded::<EntryList>(&page);
        assert!(page.entries.len() <= 1000);
        seen.extend(page.entries.iter().map(|e| e.id));
        pages += 1;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let agencies = seen.len();
    seen.dedup();
    assert_eq!((seen.len(), agencies), (agencies, agencies));
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    assert!(
        agencies >= 20_000 && pages > 20,
        "{agencies} in {pages} pages"
    );
    // A search is the database's, a page at a time too.
    let (_, found) = app
        .get("/api/v1/glossary?q=AGENCY%201999&limit=5", &app.reporter)
        .await;
    let found = decoded::<EntryList>(&found);
    assert_eq!(
        found
            .entries
            .iter()
            .map(|e| e.english[0].as_str())
            .collect::<Vec<_>>(),
        [
            "Agency 1999",
            "Agency 19990",
            "Agency 19991",
            "Agency 19992",
            "Agency 19993"
        ]
    );
    let (_, rest) = app
        .get(
            &format!(
                "/api/v1/glossary?q=agency%201999&after={}",
                found.next.unwrap()
            ),
            &app.reporter,
        )
        .await;
    assert_eq!(decoded::<EntryList>(&rest).entries.len(), 6);
    for bad in ["limit=0", "limit=1001", "after=x"] {
        let (status, problem) = app
            .get(&format!("/api/v1/glossary?{bad}"), &app.reporter)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {problem}");
        assert_eq!(
            problem["field"],
            bad.split('=').next().unwrap(),
            "{problem}"
        );
    }
    // One byte over the limit, announced (and not sent: the server answers
    // from the length, and a client still sending would see the
    // connection closed under it).
    let answer = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let address = app.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("connect");
        let head = format!(
            "POST /api/v1/glossary/import HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            app.editor,
            4 * 1024 * 1024 + 1
        );
        stream.write_all(head.as_bytes()).await.expect("write head");
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            stream.read_to_end(&mut answer),
        )
        .await;
        String::from_utf8_lossy(&answer).to_string()
    };
    assert!(
        answer.starts_with("HTTP/1.1 413 Payload Too Large"),
        "{answer}"
    );
    assert!(answer.contains("4 MiB"), "{answer}");
    // A formula cell goes out as text and comes back as it went.
    let (status, added) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["수상한기관"], "english": ["=HYPERLINK(\"http://evil.example\",\"click\")"], "kind": "organization"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let exported = app
        .client
        .get(format!("{}/api/v1/glossary/export?format=csv", app.base))
        .bearer_auth(&app.editor)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = exported
        .lines()
        .find(|l| l.starts_with("수상한기관"))
        .expect("exported");
    assert_eq!(
        line,
        "수상한기관,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,organization,"
    );
    let terms = galley_server::terms::csv_terms(&exported, 30_000).expect("reads back");
    // The export (written a page at a time) has every live entry once.
    assert_eq!(terms.len(), agencies + 1);
    assert!(
        terms
            .iter()
            .any(|t| t.english == ["=HYPERLINK(\"http://evil.example\",\"click\")"])
    );
}
api_test!(the_largest_documented_import_fits_the_body_limit);

/// One name or term typed composed (NFC) or decomposed (NFD) is one: a
/// second user "한국" typed in jamo is refused as taken, and signs in as the
/// first; a name with a right-to-left override is refused; a glossary
/// search typed decomposed finds the entry.
async fn text_typed_two_ways_is_one_text(app: TestApp) {
    use galley_store::{Accounts, Invalid, StoreError};
    // 한국 as six jamo (its NFD).
    let decomposed = "\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}";
    assert_ne!(decomposed, "한국");
    let first = app
        .store
        .add_user("한국", &[Role::Reporter], None)
        .await
        .expect("added");
    let again = app
        .store
        .add_user(decomposed, &[Role::Reporter], None)
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Invalid {
                why: Invalid::UserExists { .. },
                ..
            })
        ),
        "{again:?}"
    );
    assert_eq!(
        app.store.user_by_name(decomposed).await.expect("found").id,
        first.id
    );
    let reversed = app
        .store
        .add_user("kim\u{202E}retroper", &[Role::Reporter], None)
        .await;
    assert!(
        matches!(
            reversed,
            Err(StoreError::Invalid {
                field: Some("name"),
                ..
            })
        ),
        "{reversed:?}"
    );
    let (status, entry) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["한국은행"], "english": ["Bank of Korea"], "kind": "organization"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    // 한국은행 typed as jamo.
    let typed = format!("{decomposed}\u{110B}\u{1173}\u{11AB}\u{1112}\u{1162}\u{11BC}");
    let query: String = typed.bytes().map(|b| format!("%{b:02X}")).collect();
    let found = glossary(&app, &format!("?q={query}")).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].korean, ["한국은행"]);
}
api_test!(text_typed_two_ways_is_one_text);

/// A Korean term is the glossary's once: adding it again, or changing
/// another entry to it, is refused naming the entry that has it and changes
/// nothing; an entry keeps its own Korean when edited, and a retired
/// entry's Korean may be added afresh.
async fn a_korean_term_is_in_the_glossary_once(app: TestApp) {
    let term = |korean: &str, english: &str| json!({"korean": [korean, "한은"], "english": [english], "kind": "organization"});
    let (status, first) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            term("한국은행", "Bank of Korea"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let first = first["id"].as_i64().unwrap();
    let (status, other) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["기획재정부"], "english": ["Ministry of Economy and Finance"], "kind": "organization"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    let other = other["id"].as_i64().unwrap();
    let before = glossary(&app, "?limit=1000").await.len();
    // Again, by its variant: refused, naming the entry.
    let (status, problem) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            json!({"korean": ["한은"], "english": ["BOK"], "kind": "organization"}),
        )
        .await;
    assert_problem((status, &problem), 409, None, Some("korean"));
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("entry {first}")),
        "{problem}"
    );
    // Another entry changed to it: refused too.
    let (status, problem) = app
        .put(
            &format!("/api/v1/glossary/{other}"),
            &app.editor,
            term("한국은행", "BOK"),
        )
        .await;
    assert_problem((status, &problem), 409, None, Some("korean"));
    assert_eq!(glossary(&app, "?limit=1000").await.len(), before);
    assert_eq!(
        glossary(&app, "?q=기획재정부").await[0].english,
        ["Ministry of Economy and Finance"]
    );
    // The entry itself keeps its Korean.
    let (status, edited) = app
        .put(
            &format!("/api/v1/glossary/{first}"),
            &app.editor,
            term("한국은행", "The Bank of Korea"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    // Retired, its Korean is free.
    let (status, retired) = app
        .post(
            &format!("/api/v1/glossary/{first}/retire"),
            &app.editor,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{retired}");
    let (status, again) = app
        .post(
            "/api/v1/glossary",
            &app.editor,
            term("한국은행", "Bank of Korea (BOK)"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
}
api_test!(a_korean_term_is_in_the_glossary_once);
