//! Snapshots of the HTML and terminal renderings of word diffs. A change to a
//! rendering shows up here as a reviewed snapshot change.

use galley_core::diff::{diff_text, render};

fn both(old: &str, new: &str) -> String {
    let diff = diff_text(old, new);
    format!(
        "html: {}\ntext: {}",
        render::html(&diff),
        render::text(&diff)
    )
}

#[test]
fn typo_fix_marks_the_two_letters() {
    insta::assert_snapshot!(both("We will recieve the report.", "We will receive the report."), @r"
    html: We will <del>rec<mark>ie</mark>ve</del><ins>rec<mark>ei</mark>ve</ins> the report.
    text: We will [-recieve-]{+receive+} the report.
    ");
}

#[test]
fn markup_ampersands_and_quotes_are_escaped() {
    insta::assert_snapshot!(both(
        "Use <b>bold</b> & \"quotes\" for 'titles'.",
        "Use <i>italics</i> & “quotes” for 'titles' <script>alert(1)</script>.",
    ));
}

#[test]
fn korean_text_diffs_by_word() {
    insta::assert_snapshot!(both(
        "한국은행은 기준금리를 연 3.5%로 동결했다.",
        "한국은행은 기준금리를 연 3.25%로 인하했다.",
    ));
}

#[test]
fn emoji_sequences_stay_whole() {
    insta::assert_snapshot!(both(
        "Fans cheered 👍 all night.",
        "Fans cheered 👩‍👩‍👧 🎉 all night!"
    ));
}

#[test]
fn insertions_deletions_and_moves_of_words() {
    insta::assert_snapshot!(both(
        "The government announced a new policy on Monday.",
        "On Monday, the government officially announced its policy.",
    ));
}
