//! Exports: XLIFF (validated and read back), TMX, JSON, and the CMS hand-off.

use super::*;
use crate::common::Answered as _;

async fn xliff_export_validates_and_round_trips(app: TestApp) {
    let article = app.in_review().await;
    let id = article["id"].as_i64().unwrap();
    // A row's comments travel as notes (the schema validates them below).
    let row = segments(&article)[0].id.0;
    let (status, asked) = app
        .post(
            &format!("/api/v1/articles/{id}/segments/{row}/comments"),
            &app.reviewer,
            json!({"body": "Is <Gov.> house style?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let export = || {
        app.client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format=xliff",
                app.base
            ))
            .bearer_auth(&app.reviewer)
            .send()
    };
    let response = export().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xliff+xml")
    );
    let file = response.text().await.unwrap();
    assert!(file.contains(r#"version="2.1" srcLang="ko" trgLang="en""#));
    assert_eq!(file.matches("<unit ").count(), 8, "one unit per row");
    assert!(
        file.contains(&format!(
            r#"<note id="c{}" category="review-comment">reviewer: Is &lt;Gov.&gt; house style?</note>"#,
            asked["id"]
        )),
        "{file}"
    );

    let scratch = common::Scratch::new(&common::unique("xliff"));
    if xmllint_available() {
        let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/schemas/xliff-2.1/xliff_core_2.0.xsd");
        assert!(
            schema.is_file(),
            "the XLIFF schema is at {}",
            schema.display()
        );
        let path = scratch.file("export.xlf", &file);
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // A CAT tool edits one target; the import applies it as the importer's revision.
    let old =
        "The Bank of Korea will hold its last monetary policy meeting of the year on Nov. 30.";
    assert!(file.contains(old), "{file}");
    let edited = file.replace(
        old,
        "The Bank of Korea holds its last rate meeting of the year on Nov. 30.",
    );
    let import = |body: String, token: String| {
        let request = app
            .client
            .post(format!("{}/api/v1/articles/{id}/import", app.base))
            .bearer_auth(token)
            .header("content-type", "application/xliff+xml")
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, result) = import(edited.clone(), app.reviewer.clone()).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["applied"].as_array().unwrap().len(), 1);
    assert_eq!(result["unchanged"], 7);
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    let row = segments(&article)
        .into_iter()
        .find(|r| r.en.as_str().contains("rate meeting"))
        .expect("imported text");
    assert_eq!(row.revision, 1);
    let (_, trail) = app
        .get(&format!("/api/v1/articles/{id}/trail"), &app.reviewer)
        .await;
    let last = trail["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["payload"]["revision"].clone(),
            last["payload"]["sha256"].is_string(),
            last["actor"].clone()
        ),
        (json!(1), true, json!(format!("user:{}", 2)))
    );

    // The same file again changes nothing: its texts are the rows' texts.
    let (status, again) = import(edited.clone(), app.reviewer.clone()).await;
    assert_eq!(
        (status, again["applied"].clone(), again["unchanged"].clone()),
        (StatusCode::OK, json!([]), json!(8)),
        "{again}"
    );
    // Another edit on the same old base is stale now; nothing changes.
    let stale = file.replace(
        old,
        "The Bank of Korea holds its final rate meeting of the year on Nov. 30.",
    );
    let (status, problem) = import(stale, app.reviewer.clone()).await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("stale_revision")),
        "{problem}"
    );
    // A file for another article, a broken file, the wrong role.
    let other = app.submit().await["id"].as_i64().unwrap();
    let foreign = edited.replace(
        &format!("galley:article:{id}\""),
        &format!("galley:article:{other}\""),
    );
    let (status, problem) = import(foreign, app.reviewer.clone()).await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("wrong_article"))
    );
    let (status, problem) = import("<xliff".into(), app.reviewer.clone()).await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("body"))
    );
    let fresh = export().await.unwrap().text().await.unwrap();
    let (status, _) = import(
        fresh.replace("rate meeting", "policy meeting"),
        app.reporter.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, after) = app
        .get(&format!("/api/v1/articles/{id}"), &app.reviewer)
        .await;
    assert_eq!(
        after["version"], article["version"],
        "refused imports change nothing"
    );
}
api_test!(xliff_export_validates_and_round_trips);

async fn tmx_and_json_exports(app: TestApp) {
    let draft = app.submit().await["id"].as_i64().unwrap();
    let (status, problem) = app
        .get(
            &format!("/api/v1/articles/{draft}/export?format=tmx"),
            &app.editor,
        )
        .await;
    assert_eq!(
        (status, problem["rule"].clone()),
        (StatusCode::CONFLICT, json!("not_signed_off"))
    );
    let (status, problem) = app
        .get(
            &format!("/api/v1/articles/{draft}/export?format=docx"),
            &app.editor,
        )
        .await;
    assert_eq!(
        (status, problem["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("format"))
    );

    let id = signed_off_article(&app).await;
    let get_text = |format: &str| {
        let request = app
            .client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format={format}",
                app.base
            ))
            .bearer_auth(&app.editor);
        async move { request.text_body().await }
    };
    let tmx = get_text("tmx").await;
    let document = roxmltree::Document::parse(&tmx).expect("TMX is XML");
    let root = document.root_element();
    assert_eq!(
        (root.tag_name().name(), root.attribute("version")),
        ("tmx", Some("1.4"))
    );
    let header = root
        .children()
        .find(|n| n.has_tag_name("header"))
        .expect("header");
    assert_eq!(header.attribute("srclang"), Some("ko"));
    let units: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("tu"))
        .collect();
    assert_eq!(
        units.len(),
        8,
        "every row has both sides once the gap is filled"
    );
    for unit in &units {
        let langs: Vec<_> = unit
            .children()
            .filter(|n| n.has_tag_name("tuv"))
            .map(|n| {
                n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(langs, ["ko", "en"]);
    }

    // The JSON export verifies offline; a forged byte does not.
    let json_file = get_text("json").await;
    let scratch = common::Scratch::new(&common::unique("export"));
    let path = scratch.file("article.json", &json_file);
    let out = common::galley(&["trail", "verify", "--file", common::path(&path)]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("ok, "),
        "{}",
        common::stdout(&out)
    );
    let mut forged: Value = serde_json::from_str(&json_file).unwrap();
    let revisions = forged["revisions"].as_array_mut().unwrap();
    let human = revisions.iter_mut().find(|r| r["revision"] == 1).unwrap();
    human["text"] = json!(
        "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 9.9 trillion won in a single month!"
    );
    let path = scratch.file("forged.json", forged.to_string());
    let out = common::galley(&["trail", "verify", "--file", common::path(&path)]);
    assert!(!out.status.success());
    assert!(
        common::stdout(&out).contains("BROKEN"),
        "{}",
        common::stdout(&out)
    );
    let mut forged: Value = serde_json::from_str(&json_file).unwrap();
    forged["trail"][3]["payload"] = json!("{}");
    let path = scratch.file("forged-trail.json", forged.to_string());
    let out = common::galley(&["trail", "verify", "--file", common::path(&path)]);
    assert!(!out.status.success());
}
api_test!(tmx_and_json_exports);

async fn a_signed_off_article_is_handed_to_the_cms_with_its_disclosure(app: TestApp) {
    let draft = app.submit().await["id"].as_i64().unwrap();
    let get = |id: i64, format: &'static str| {
        app.client
            .get(format!(
                "{}/api/v1/articles/{id}/export?format={format}",
                app.base
            ))
            .bearer_auth(&app.editor)
            .send()
    };
    let refused = get(draft, "html").await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["rule"], "not_signed_off");
    let id = signed_off_article(&app).await;
    let (_, article) = app
        .get(&format!("/api/v1/articles/{id}"), &app.editor)
        .await;
    let (_, disclosure) = app
        .get(&format!("/api/v1/articles/{id}/disclosure"), &app.editor)
        .await;
    let line = disclosure["text"].as_str().unwrap().to_string();
    for (format, content_type) in [
        ("text", "text/plain"),
        ("html", "text/html"),
        ("markdown", "text/markdown"),
    ] {
        let response = get(id, format).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{format}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(content_type),
            "{format}"
        );
        let body = response.text().await.unwrap();
        assert!(body.contains(&line), "{format}: {body}");
        if format == "html" {
            assert!(body.starts_with("<article lang=\"en\">"), "{body}");
            assert!(body.contains(&format!(r#"<p class="disclosure">{line}</p>"#)));
            assert!(!body.contains("style="));
        }
        // As a reader sees it: HTML's entities and Markdown's escapes undone.
        let body = body
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace('\\', "");
        // Every row's English is there, in order, before the line.
        let mut at = 0;
        for row in segments(&article) {
            let first = row.en.as_str().split("\n\n").next().unwrap();
            let words: String = first
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let found = body[at..]
                .find(&words)
                .unwrap_or_else(|| panic!("{format}: {words} in {body}"));
            at += found;
        }
        assert!(
            body.find(&line).unwrap() > at,
            "{format}: the line comes last"
        );
        if format == "html" {
            assert!(body.starts_with("<article lang=\"en\">"), "{body}");
            assert!(body.contains(&format!(r#"<p class="disclosure">{line}</p>"#)));
            assert!(!body.contains("style="));
        }
    }
}
api_test!(a_signed_off_article_is_handed_to_the_cms_with_its_disclosure);
