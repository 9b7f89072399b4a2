//! The offline commands as a user runs them: output shapes and refusals.

use crate::common;

use std::process::Command;

use common::{Scratch, galley, path, stderr};
use serde_json::Value;

/// Runs `galley align` on the two texts, checks that it failed and printed
/// nothing on stdout, and returns what it said on stderr.
fn refused_align(name: &str, ko: impl AsRef<[u8]>, en: impl AsRef<[u8]>) -> String {
    let scratch = Scratch::new(name);
    let ko = scratch.file("ko.txt", ko);
    let en = scratch.file("en.txt", en);
    let output = galley(&["align", "--ko", path(&ko), "--en", path(&en)]);
    assert!(!output.status.success(), "galley align accepted bad input");
    assert!(output.stdout.is_empty(), "printed a result for bad input");
    stderr(&output)
}

const KO: &str = "한국은행, 기준금리 연 3.5%로 동결\n\n서울 = 김민지 기자\n\n\
    한국은행은 10월 22일 기준금리를 연 3.5%로 동결했다. 일곱 차례 연속이다.\n\n\
    가계부채는 1,886조 원으로 사상 최대를 기록했다.";
const EN: &str = "Bank of Korea holds key rate at 3.5%\n\nBy Kim Min-ji\n\n\
    The Bank of Korea kept its benchmark rate at 3.5 percent on Oct. 22. It was the seventh straight hold.\n\n\
    Household debt hit a record 1,886 trillion won.";

#[test]
fn align_files_prints_links_with_indices_and_confidence() {
    let scratch = Scratch::new("files");
    let ko = scratch.file("ko.txt", KO);
    let en = scratch.file("en.txt", EN);
    let output = galley(&["align", "--ko", path(&ko), "--en", path(&en)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let links = json["links"].as_array().expect("links array");
    assert_eq!(links.len(), 4);
    for (i, link) in links.iter().enumerate() {
        assert_eq!(link["ko"], serde_json::json!([i]));
        assert_eq!(link["en"], serde_json::json!([i]));
        let confidence = link["confidence"].as_f64().expect("confidence number");
        assert!((0.0..=1.0).contains(&confidence));
    }
}

#[test]
fn align_reads_stdin_for_a_dash() {
    let scratch = Scratch::new("stdin");
    let en = scratch.file("en.txt", EN);
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["align", "--ko", "-", "--en", path(&en)])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn galley");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(KO.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["links"].as_array().map(Vec::len), Some(4));
}

#[test]
fn align_jsonl_prints_one_line_per_record_in_order() {
    let scratch = Scratch::new("jsonl");
    let records = [
        serde_json::json!({"id": "b", "ko": ["첫 문단이다.", "둘째 문단이다."], "en": ["First paragraph.", "Second paragraph."], "note": "ignored"}),
        serde_json::json!({"id": 7, "ko": ["하나."], "en": ["One.", "Added with no source at all, a long invented paragraph."]}),
    ];
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    let file = scratch.file("in.jsonl", text);
    let output = galley(&["align", "--jsonl", path(&file)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "b");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[0]["links"].as_array().map(Vec::len), Some(2));
    let last = lines[1]["links"].as_array().expect("links");
    assert!(
        last.iter()
            .all(|l| l["ko"].is_array() && l["en"].is_array())
    );
}

#[test]
fn eval_align_reports_strict_scores() {
    let scratch = Scratch::new("eval");
    let right = serde_json::json!({
        "id": "x", "ko": ["첫 문단이다.", "둘째 문단이다."], "en": ["First paragraph.", "Second paragraph."],
        "gold": [[[0], [0]], [[1], [1]]]
    });
    let wrong = serde_json::json!({
        "id": "y", "ko": ["첫 문단이다.", "둘째 문단이다."], "en": ["First paragraph.", "Second paragraph."],
        "gold": [[[0, 1], [0, 1]]]
    });
    let file = scratch.file("gold.jsonl", format!("{right}\n{wrong}\n"));
    let output = galley(&["eval", "align", path(&file), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["articles"], 2);
    assert_eq!(report["articles_exact"], 1);
    assert_eq!(report["gold_links"], 3);
    assert_eq!(report["correct_links"], 2);
    assert!((report["precision"].as_f64().unwrap_or(0.0) - 0.5).abs() < 1e-9);

    let table = galley(&["eval", "align", path(&file)]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("F1"), "{text}");
    assert!(text.contains("articles exact    1/2"), "{text}");
}

#[test]
fn empty_korean_file_is_refused_naming_the_side() {
    let message = refused_align("empty", "", EN);
    assert!(message.contains("Korean text is empty"), "{message}");
}

#[test]
fn whitespace_only_english_is_refused() {
    let message = refused_align("blank", KO, " \n\u{3000}\n\t");
    assert!(
        message.contains("English text contains no visible text"),
        "{message}"
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_offset() {
    let message = refused_align("utf8", b"\xea\xb0\x80 \xff", EN);
    assert!(
        message.contains("Korean text is not valid UTF-8 (first bad byte at offset 4)"),
        "{message}"
    );
}

#[test]
fn oversized_input_is_refused() {
    let message = refused_align("huge", "가".repeat(1_000_000), EN);
    assert!(
        message.contains("Korean text is 3000000 bytes; the limit is"),
        "{message}"
    );
}

#[test]
fn missing_file_is_named() {
    let output = galley(&[
        "align",
        "--ko",
        "/nonexistent/ko.txt",
        "--en",
        "/nonexistent/en.txt",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("/nonexistent/ko.txt"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_jsonl_line_is_named_and_nothing_is_printed_for_it() {
    let scratch = Scratch::new("badjsonl");
    let good = serde_json::json!({"id": 1, "ko": ["하나."], "en": ["One."]});
    let file = scratch.file(
        "in.jsonl",
        format!("{good}\n{{\"id\": 2, \"ko\": \"not a list\"}}\n"),
    );
    let output = galley(&["align", "--jsonl", path(&file)]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("line 2"), "{}", stderr(&output));
    assert!(
        output.stdout.is_empty(),
        "no partial output before the error"
    );

    let blank = serde_json::json!({"id": 3, "ko": ["하나.", "  "], "en": ["One."]});
    let file = scratch.file("blank.jsonl", format!("{blank}\n"));
    let output = galley(&["align", "--jsonl", path(&file)]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("line 1: field \"ko\""),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("Korean paragraph 1 is empty"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn gold_that_does_not_cover_the_paragraphs_is_refused() {
    let scratch = Scratch::new("badgold");
    let record = serde_json::json!({"id": 1, "ko": ["하나.", "둘."], "en": ["One.", "Two."], "gold": [[[0], [0]]]});
    let file = scratch.file("gold.jsonl", format!("{record}\n"));
    let output = galley(&["eval", "align", path(&file)]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("field \"gold\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn ko_without_en_is_a_usage_error() {
    let output = galley(&["align", "--ko", "x.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--en"), "{}", stderr(&output));
}
