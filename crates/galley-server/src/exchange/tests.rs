//! Each format of an article, and back.

use super::*;
use galley_core::rows::english_paragraphs;
use galley_core::workflow::Stage;
use galley_store::AiTool;
use galley_store::{Article, ArticleId, Row, RowId, UserId};

fn article() -> Article {
    Article {
        id: ArticleId(7),
        glossary: std::sync::Arc::default(),
        glossary_version: 0,
        title: "Rates <held> & \"steady\"".into(),
        stage: Stage::BilingualReview,
        version: 3,
        source_version: 1,
        ai: AiTool {
            tool: "ChatGPT".into(),
            model: "gpt-4o".into(),
        },
        submitted_by: UserId(1),
        returned: None,
        assignments: Vec::new(),
        korean: vec!["금리 동결".into(), "물가는 3%다.".into()],
        headline: false,
        rows: vec![
            Row {
                id: RowId(11),
                position: 0,
                ko: 0..1,
                text: "Rates held".into(),
                revision: 0,
                reviewed_revision: None,
                confidence: 1.0,
                flags: vec![],
                source_change: None,
                ko_before: None,
            },
            Row {
                id: RowId(12),
                position: 1,
                ko: 1..2,
                text: "Inflation is 3 percent.".into(),
                revision: 2,
                reviewed_revision: Some(2),
                confidence: 1.0,
                flags: vec![],
                source_change: None,
                ko_before: None,
            },
        ],
    }
}

#[test]
fn the_hand_off_has_the_paragraphs_and_the_disclosure_in_each_format() {
    let a = article();
    let line = "This article was originally written in Korean.";
    let html = publishable(&a, line, &[], Publish::Html);
    assert!(
        html.starts_with(
            "<article lang=\"en\">\n<h1>Rates &lt;held&gt; &amp; &quot;steady&quot;</h1>\n<p>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<p class="disclosure">This article was originally written in Korean.</p>"#
        )
    );
    assert!(!html.contains("style"));
    assert_eq!(
        html.matches("<p>").count(),
        a.rows
            .iter()
            .map(|r| english_paragraphs(&r.text).len())
            .sum::<usize>()
    );
    let text = publishable(&a, line, &[], Publish::Text);
    assert!(text.starts_with("Rates <held> & \"steady\"\n\n"));
    assert!(text.ends_with(&format!("{line}\n")));
    let md = publishable(&a, line, &[], Publish::Markdown);
    assert!(
        md.starts_with("# Rates \\<held\\> & \"steady\"\n\n"),
        "{md}"
    );
    assert!(md.ends_with(&format!("*{line}*\n")));
    // A published correction: its own line after the disclosure.
    let fixed = ["Corrected on 2 December 2026: the rate is 3.25%, not 3.5%.".to_string()];
    let html = publishable(&a, line, &fixed, Publish::Html);
    assert!(html.ends_with(
        "</p>\n<p class=\"correction\">Corrected on 2 December 2026: the rate is 3.25%, not 3.5%.</p>\n</article>\n"
    ), "{html}");
    let text = publishable(&a, line, &fixed, Publish::Text);
    assert!(
        text.ends_with(&format!("{line}\n\n{}\n", fixed[0])),
        "{text}"
    );
    // With a headline row, its English is the title and only the body's
    // rows are paragraphs below it.
    let mut headed = article();
    headed.headline = true;
    headed.rows[0].text = "Bank of Korea holds rates".into();
    headed.title = headed.rows[0].text.clone();
    let html = publishable(&headed, line, &[], Publish::Html);
    assert!(
        html.starts_with("<article lang=\"en\">\n<h1>Bank of Korea holds rates</h1>\n<p>Inflation is 3 percent.</p>"),
        "{html}"
    );
    assert_eq!(html.matches("<p>").count(), 1, "{html}");
}

#[test]
fn xliff_round_trips_through_its_reader() {
    let file = xliff(&article(), &[], &[]);
    assert!(file.contains(r#"state="initial""#) && file.contains(r#"state="reviewed""#));
    assert!(file.contains("Rates &lt;held&gt; &amp; &quot;steady&quot;"));
    assert!(!xml("a\u{1}b").contains('\u{1}'));
    let rows = read_xliff(&file, 7).unwrap();
    assert_eq!(
        rows,
        [
            ImportedRow {
                segment: 11,
                base_revision: 0,
                text: "Rates held".into()
            },
            ImportedRow {
                segment: 12,
                base_revision: 2,
                text: "Inflation is 3 percent.".into()
            },
        ]
    );
    assert!(matches!(
        read_xliff(&file, 8),
        Err(ImportError::OtherArticle { article: 8, .. })
    ));
    assert!(matches!(
        read_xliff("<xliff>", 7),
        Err(ImportError::NotXml { .. })
    ));
    let inline = file.replace(
        "Rates held</target>",
        "Rates <mrk id=\"m\">held</mrk></target>",
    );
    assert!(
        matches!(read_xliff(&inline, 7), Err(ImportError::InlineMarkup { unit }) if unit == "s11")
    );
    // A character reference to a surrogate, zero or past Unicode names no
    // character: the file is refused, never read as U+FFFD.
    for reference in ["&#xD800;", "&#55296;", "&#xDFFF;", "&#0;", "&#x110000;"] {
        let bad = file.replace(
            "Rates held</target>",
            &format!("Rates {reference}held</target>"),
        );
        assert!(
            matches!(read_xliff(&bad, 7), Err(ImportError::NotXml { ref detail }) if detail.contains(reference)),
            "{reference}"
        );
    }
    let fine = file.replace("Rates held</target>", "Rates &#xD55C;&#54620;held</target>");
    assert_eq!(read_xliff(&fine, 7).unwrap()[0].text, "Rates 한한held");
}

#[test]
fn tmx_has_one_unit_per_row_with_both_sides() {
    let mut a = article();
    a.rows[0].text = String::new();
    let file = tmx(&a);
    let document = roxmltree::Document::parse(&file).unwrap();
    let units: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("tu"))
        .collect();
    assert_eq!(units.len(), 1);
    let segs: Vec<&str> = units[0]
        .descendants()
        .filter(|n| n.has_tag_name("seg"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(segs, ["물가는 3%다.", "Inflation is 3 percent."]);
}
