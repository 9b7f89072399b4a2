//! `galley diff` and `galley score` as a user runs them.

use crate::common;

use common::{Scratch, galley, path, stderr, stdout};
use serde_json::Value;

const OLD: &str = "Bank of Korea holds rate\n\nThe bank kept its rate at 3.5 percent on Thursday.\n\n\
    He said inflation remained high.\n\nDebt hit a record.\n";
const NEW: &str = "Bank of Korea holds key rate\n\nDebt hit a record.\n\n\
    The bank kept its benchmark rate at 3.5 percent on Oct. 22.\n\nGovernor Rhee said inflation remained high.\n\n\
    Markets expect <no> cut & \"pause\".\n";

#[test]
fn diff_text_marks_words_and_names_each_paragraph_change() {
    let scratch = Scratch::new("diff-text");
    let (old, new) = (scratch.file("old.txt", OLD), scratch.file("new.txt", NEW));
    let output = galley(&["diff", path(&old), path(&new)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines[0].starts_with("~ edited") && lines[0].ends_with("Bank of Korea holds {+key +}rate"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("> moved") && lines[1].contains("4→2"),
        "{text}"
    );
    assert!(lines[2].contains("on [-Thursday-]{+Oct. 22+}."), "{text}");
    assert!(lines[4].starts_with("+ inserted"), "{text}");
}

#[test]
fn diff_html_escapes_text() {
    let scratch = Scratch::new("diff-html");
    let (old, new) = (scratch.file("old.txt", OLD), scratch.file("new.txt", NEW));
    let output = galley(&["diff", path(&old), path(&new), "--format", "html"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = stdout(&output);
    assert!(html.contains("<p class=\"inserted\"><ins>Markets expect &lt;no&gt; cut &amp; &quot;pause&quot;.</ins></p>"), "{html}");
    assert!(
        html.contains("<del>Thursday</del><ins>Oct. 22</ins>"),
        "{html}"
    );
}

#[test]
fn diff_json_segments_rebuild_the_new_text() {
    let scratch = Scratch::new("diff-json");
    let (old, new) = (
        scratch.file("old.txt", "We will recieve it."),
        scratch.file("new.txt", "We will receive it today."),
    );
    let output = galley(&["diff", path(&old), path(&new), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let paragraph = &json["paragraphs"][0];
    assert_eq!(paragraph["change"], "edited");
    let segments = paragraph["segments"].as_array().expect("segments");
    let rebuilt: String = segments
        .iter()
        .filter(|s| s["op"] != "delete")
        .map(|s| s["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(rebuilt, "We will receive it today.");
    let replaced = segments
        .iter()
        .find(|s| s["op"] == "delete")
        .expect("a deletion");
    assert_eq!(replaced["text"], "recieve");
    assert_eq!(replaced["emphasis"], serde_json::json!([[3, 5]]));
}

#[test]
fn diff_against_an_empty_file_inserts_everything() {
    let scratch = Scratch::new("diff-empty");
    let (old, new) = (
        scratch.file("old.txt", ""),
        scratch.file("new.txt", "One.\n\nTwo."),
    );
    let output = galley(&["diff", path(&old), path(&new)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output)
            .lines()
            .filter(|l| l.starts_with("+ inserted"))
            .count(),
        2
    );
}

#[test]
fn diff_refuses_invalid_utf8_naming_the_file() {
    let scratch = Scratch::new("diff-utf8");
    let (old, new) = (
        scratch.file("old.txt", b"ok \xff"),
        scratch.file("new.txt", "ok"),
    );
    let output = galley(&["diff", path(&old), path(&new)]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("old.txt is not valid UTF-8 (first bad byte at offset 3)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn score_prints_one_line_per_pair_in_order() {
    let scratch = Scratch::new("score");
    let lines = [
        serde_json::json!({"hyp": "The government announced a new rule on Monday.", "ref": "The government announced a new policy on Monday.", "id": 1}),
        serde_json::json!({"hyp": "on monday the government announced a new policy", "ref": "the government announced a new policy on monday"}),
        serde_json::json!({"hyp": "THE KOREAN ECONOMY GREW", "ref": "The Korean economy grew"}),
    ];
    let file = scratch.file(
        "pairs.jsonl",
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    );
    let output = galley(&["score", "--jsonl", path(&file)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(rows.len(), 3);
    // sacrebleu 2.6: 12.5 (one substitution), 12.5 (one shift), 0 (case ignored).
    assert_eq!(rows[0]["ter"], 12.5);
    assert_eq!(rows[0]["edits"], 1);
    assert_eq!(rows[0]["ref_words"], 8.0);
    assert_eq!(rows[1]["ter"], 12.5);
    assert_eq!(rows[1]["shifts"], 1);
    assert_eq!(rows[2]["ter"], 0.0);
    for row in &rows {
        for key in ["chrf", "chrf_pp", "word_edits", "changed_share"] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
    }

    let cased = galley(&["score", "--jsonl", path(&file), "--cased"]);
    let cased_rows: Vec<Value> = stdout(&cased)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(
        cased_rows[2]["ter"], 100.0,
        "case-sensitive TER counts every word"
    );

    let corpus = galley(&["score", "--jsonl", path(&file), "--corpus"]);
    let total: Value = serde_json::from_str(stdout(&corpus).trim()).expect("corpus line");
    assert_eq!(total["edits"], 2);
    assert_eq!(total["ref_words"], 20.0);
}

#[test]
fn score_refuses_a_bad_line_before_printing_anything() {
    let scratch = Scratch::new("score-bad");
    let file = scratch.file(
        "pairs.jsonl",
        "{\"hyp\": \"a\", \"ref\": \"a\"}\n{\"hyp\": 3}\n",
    );
    let output = galley(&["score", "--jsonl", path(&file)]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("line 2"), "{}", stderr(&output));
}
