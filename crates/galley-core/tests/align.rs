//! Alignment behaviour a reviewer would notice, on an article written for
//! these tests (a Bank of Korea rate decision), reshaped into every row kind.

use galley_core::paragraph::{Limits, Side, split_paragraphs};
use galley_core::{Alignment, LinkFlag, align};

const KO: [&str; 8] = [
    "한국은행, 기준금리 연 3.5%로 동결",
    "서울 = 김민지 기자",
    "한국은행 금융통화위원회는 10월 22일 기준금리를 연 3.5%로 동결했다고 밝혔다. 이로써 기준금리는 일곱 차례 연속 같은 수준을 유지하게 됐다.",
    "이창용 총재는 기자회견에서 \"물가 상승률이 여전히 목표치를 웃돌고 있다\"고 말했다. 그는 \"긴축 기조를 당분간 이어갈 것\"이라고 덧붙였다.",
    "3분기 국내총생산(GDP)은 전 분기보다 0.6% 증가했다. 수출은 반도체를 중심으로 회복세를 보였다.",
    "가계부채는 1,886조 원으로 사상 최대를 기록했다. 특히 주택담보대출이 한 달 새 6조8천억 원 늘었다.",
    "시장에서는 연내 금리 인하 가능성이 낮다는 관측이 나온다. 미국 연방준비제도(Fed)의 12월 결정도 변수로 꼽힌다.",
    "한국은행은 11월 30일 올해 마지막 통화정책회의를 연다.",
];

const EN: [&str; 8] = [
    "Bank of Korea holds key rate at 3.5%",
    "By Kim Min-ji",
    "The Bank of Korea's Monetary Policy Board kept its benchmark rate unchanged at 3.5 percent on Oct. 22. The rate has now stayed at the same level for seven straight meetings.",
    "\"Inflation is still running above our target,\" Governor Rhee Chang-yong told a press conference. \"We will keep our tightening stance for the time being,\" he added.",
    "Gross domestic product (GDP) grew 0.6 percent in the third quarter from the previous quarter. Exports recovered, led by semiconductors.",
    "Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in a single month.",
    "Markets see little chance of a rate cut this year. The December decision of the U.S. Federal Reserve (Fed) is also seen as a variable.",
    "The Bank of Korea will hold its last monetary policy meeting of the year on Nov. 30.",
];

/// The rows as (Korean indices, English indices).
fn rows(alignment: &Alignment) -> Vec<(Vec<usize>, Vec<usize>)> {
    alignment
        .links
        .iter()
        .map(|link| (link.ko.clone().collect(), link.en.clone().collect()))
        .collect()
}

/// The English with one paragraph dropped, as an AI draft might.
fn english_without(dropped: usize) -> Vec<&'static str> {
    EN.iter()
        .enumerate()
        .filter(|(i, _)| *i != dropped)
        .map(|(_, p)| *p)
        .collect()
}

fn one_to_one(range: std::ops::Range<usize>) -> Vec<(Vec<usize>, Vec<usize>)> {
    range.map(|i| (vec![i], vec![i])).collect()
}

/// Joins English paragraphs `first..=last` into one.
fn join(paragraphs: &[&str], first: usize, last: usize) -> Vec<String> {
    let mut out: Vec<String> = paragraphs[..first].iter().map(|s| s.to_string()).collect();
    out.push(paragraphs[first..=last].join(" "));
    out.extend(paragraphs[last + 1..].iter().map(|s| s.to_string()));
    out
}

/// Splits paragraph `index` at its sentence boundaries.
fn split_at_sentences(paragraphs: &[&str], index: usize, pieces: &[&str]) -> Vec<String> {
    assert_eq!(pieces.join(" "), paragraphs[index]);
    let mut out: Vec<String> = paragraphs[..index].iter().map(|s| s.to_string()).collect();
    out.extend(pieces.iter().map(|s| s.to_string()));
    out.extend(paragraphs[index + 1..].iter().map(|s| s.to_string()));
    out
}

#[test]
fn parallel_article_aligns_one_to_one_with_high_confidence() {
    let alignment = align(&KO, &EN);
    assert_eq!(rows(&alignment), one_to_one(0..8));
    for link in &alignment.links {
        assert!(link.confidence > 0.9, "{link:?}");
        assert!(link.flags.is_empty(), "{link:?}");
    }
}

#[test]
fn english_paragraph_split_in_two_is_a_one_to_two_row() {
    let en = split_at_sentences(
        &EN,
        3,
        &[
            "\"Inflation is still running above our target,\" Governor Rhee Chang-yong told a press conference.",
            "\"We will keep our tightening stance for the time being,\" he added.",
        ],
    );
    let alignment = align(&KO, &en);
    let mut expected = one_to_one(0..3);
    expected.push((vec![3], vec![3, 4]));
    expected.extend((4..8).map(|i| (vec![i], vec![i + 1])));
    assert_eq!(rows(&alignment), expected);
}

#[test]
fn two_korean_paragraphs_joined_in_english_are_a_two_to_one_row() {
    let en = join(&EN, 4, 5);
    let alignment = align(&KO, &en);
    let mut expected = one_to_one(0..4);
    expected.push((vec![4, 5], vec![4]));
    expected.extend((6..8).map(|i| (vec![i], vec![i - 1])));
    assert_eq!(rows(&alignment), expected);
}

#[test]
fn three_korean_paragraphs_joined_in_english_are_a_three_to_one_row() {
    let en = join(&EN, 4, 6);
    let alignment = align(&KO, &en);
    let mut expected = one_to_one(0..4);
    expected.push((vec![4, 5, 6], vec![4]));
    expected.push((vec![7], vec![5]));
    assert_eq!(rows(&alignment), expected);
}

#[test]
fn english_paragraph_split_in_three_is_a_one_to_three_row() {
    // The Korean joins three English paragraphs into one.
    let ko = join(&KO, 4, 6);
    let alignment = align(&ko, &EN);
    let mut expected = one_to_one(0..4);
    expected.push((vec![4], vec![4, 5, 6]));
    expected.push((vec![5], vec![7]));
    assert_eq!(rows(&alignment), expected);
}

#[test]
fn paragraphs_cut_at_different_sentences_are_a_two_to_two_row() {
    // Korean: [GDP. Exports.] [Debt. Mortgages.]; English: [GDP.] [Exports. Debt. Mortgages.]
    let ko = KO.map(str::to_string).to_vec();
    let en = [
        &EN[..4],
        &[
            "Gross domestic product (GDP) grew 0.6 percent in the third quarter from the previous quarter.",
            "Exports recovered, led by semiconductors. Household debt hit a record 1,886 trillion won. Mortgage loans alone rose by 6.8 trillion won in a single month.",
        ],
        &EN[6..],
    ]
    .concat();
    let alignment = align(&ko, &en);
    let mut expected = one_to_one(0..4);
    expected.push((vec![4, 5], vec![4, 5]));
    expected.extend(one_to_one(6..8));
    assert_eq!(rows(&alignment), expected);
}

#[test]
fn paragraph_dropped_by_the_translation_is_a_flagged_one_to_zero_row() {
    let en = english_without(5);
    let alignment = align(&KO, &en);
    let mut expected = one_to_one(0..5);
    expected.push((vec![5], vec![]));
    expected.extend((6..8).map(|i| (vec![i], vec![i - 1])));
    assert_eq!(rows(&alignment), expected);
    let dropped = &alignment.links[5];
    assert!(
        dropped.flags.contains(&LinkFlag::MissingTranslation),
        "{dropped:?}"
    );
}

#[test]
fn paragraph_added_by_the_translation_is_a_flagged_zero_to_one_row() {
    let mut en = EN.to_vec();
    en.insert(
        6,
        "Economists polled by Reuters had widely expected the decision, citing sticky consumer prices and a weak won.",
    );
    let alignment = align(&KO, &en);
    let mut expected = one_to_one(0..6);
    expected.push((vec![], vec![6]));
    expected.extend((6..8).map(|i| (vec![i], vec![i + 1])));
    assert_eq!(rows(&alignment), expected);
    let added = &alignment.links[6];
    assert!(
        added.flags.contains(&LinkFlag::AddedInTranslation),
        "{added:?}"
    );
}

#[test]
fn numbers_decide_between_paragraphs_of_equal_length() {
    // Two short Korean paragraphs, two short English ones of equal length;
    // only the numbers with Korean units (조, 억, 만) say which goes where.
    let ko = [
        "수출액은 3500억 달러에 달했다.",
        "인구는 1억1천만 명이다.",
        "관광객은 2만5천 명이었다.",
    ];
    let en = [
        "Exports reached $350 billion.",
        "The population is 110 million.",
        "Visitors numbered 25,000.",
    ];
    let alignment = align(&ko, &en);
    assert_eq!(rows(&alignment), one_to_one(0..3));
    // Swapped English paragraphs cannot be two crossing rows; the numbers
    // make the aligner keep them together as one 2-2 row rather than pair
    // paragraphs whose numbers disagree.
    let swapped = [en[1], en[0], en[2]];
    let alignment = align(&ko, &swapped);
    assert_eq!(
        rows(&alignment),
        [(vec![0, 1], vec![0, 1]), (vec![2], vec![2])]
    );
}

#[test]
fn headline_and_byline_are_rows_of_their_own() {
    let ko = split_paragraphs(&KO.join("\n\n"), Side::Korean, Limits::DEFAULT).unwrap();
    let en = split_paragraphs(&EN.join("\r\n\r\n"), Side::English, Limits::DEFAULT).unwrap();
    let alignment = align(&ko, &en);
    assert_eq!(rows(&alignment)[..2], one_to_one(0..2));
}

#[test]
fn decomposed_hangul_and_invisible_characters_align_like_clean_text() {
    use unicode_normalization::UnicodeNormalization;
    let messy_ko: String = KO
        .join("\n\n")
        .nfd()
        .collect::<String>()
        .replace("기준금리", "기준\u{200B}금리");
    let messy_en = format!("\u{FEFF}{}", EN.join("\n \n").replace(' ', "\u{00A0}"));
    let ko = split_paragraphs(&messy_ko, Side::Korean, Limits::DEFAULT).unwrap();
    let en = split_paragraphs(&messy_en, Side::English, Limits::DEFAULT).unwrap();
    assert_eq!(ko, KO);
    assert_eq!(en, EN);
    assert_eq!(align(&ko, &en), align(&KO, &EN));
}

#[test]
fn emoji_and_other_scripts_do_not_break_alignment() {
    let ko = [
        "팬들이 🎉 환호했다. 日本 언론도 보도했다.",
        "경기는 2-1로 끝났다.",
    ];
    let en = [
        "Fans cheered 🎉. Japanese media reported it too.",
        "The match ended 2-1.",
    ];
    assert_eq!(rows(&align(&ko, &en)), one_to_one(0..2));
}

#[test]
fn inserted_block_far_off_the_diagonal_is_found() {
    // Twenty invented English paragraphs in the middle push the right
    // answer far from where lengths alone would put it.
    let mut en: Vec<String> = EN.iter().map(|s| s.to_string()).collect();
    let invented: Vec<String> = (0..20)
        .map(|n| format!("Analysts at firm number {n} said they had expected a different outcome this quarter."))
        .collect();
    en.splice(4..4, invented);
    let alignment = align(&KO, &en);
    let rows = rows(&alignment);
    assert!(rows.contains(&(vec![3], vec![3])), "{rows:?}");
    assert!(rows.contains(&(vec![7], vec![27])), "{rows:?}");
    let added = rows.iter().filter(|(k, _)| k.is_empty()).count();
    assert!(added >= 18, "{rows:?}");
}

#[test]
fn alignment_is_deterministic() {
    let en = join(&EN, 4, 5);
    let first = align(&KO, &en);
    for _ in 0..5 {
        assert_eq!(align(&KO, &en), first);
    }
}

#[test]
fn confidence_is_lower_where_the_answer_is_ambiguous() {
    let clear = align(&KO, &EN);
    // A paragraph-for-paragraph English with no numbers or names left in
    // two rows is harder; those rows should not be more confident.
    let mut en = EN.to_vec();
    en[5] = "Household borrowing reached an all-time high, with mortgages growing fastest.";
    let vague = align(&KO, &en);
    assert!(vague.links[5].confidence < clear.links[5].confidence);
}

/// What the reviewer is shown for a row: its shape and the row-level QA
/// warnings and errors (codes), as the review page lists them.
fn seen(ko: &[&str], en: &[&str]) -> Vec<(usize, usize, Vec<String>)> {
    align(ko, en)
        .links
        .iter()
        .map(|link| {
            let korean = ko[link.ko.clone()].join("\n\n");
            let english = en[link.en.clone()].join("\n\n");
            let mut codes: Vec<String> = galley_core::qa::check_row(&korean, &english)
                .into_iter()
                .map(|f| format!("{}:{}", f.check, f.severity.name()))
                .collect();
            codes.sort();
            codes.dedup();
            (link.ko.len(), link.en.len(), codes)
        })
        .collect()
}

/// What a newsroom met on this article: a paragraph the AI
/// dropped is never hidden (a 1-0 row, or a row that warns of it); a number
/// in words is not an error. (English cut short: the test after this.)
#[test]
fn what_a_reviewer_sees_of_a_dropped_paragraph_and_a_number_in_words() {
    // The household-debt paragraph (5) dropped.
    let en = english_without(5);
    let rows = seen(&KO, &en);
    let holding = rows
        .iter()
        .scan(0, |at, row| {
            let start = *at;
            *at += row.0;
            Some((start..*at, row))
        })
        .find(|(ko, _)| ko.contains(&5))
        .map(|(_, row)| row.clone())
        .unwrap();
    let shown = holding.1 == 0
        || holding
            .2
            .iter()
            .any(|c| c.starts_with("omission_in_row") || c == "numbers:error");
    assert!(shown, "the dropped paragraph is hidden: {rows:?}");

    // "seven straight" for 일곱 차례 and "five years" for 5년: no error.
    let ko = ["정부는 5년 만에 처음으로 금리를 올렸다. 물가는 일곱 달 연속 올랐다."];
    let en = [
        "The government raised rates for the first time in five years. Prices have risen for seven straight months.",
    ];
    assert_eq!(seen(&ko, &en), [(1, 1, vec![])]);
}

/// English cut short, as wire copy often is: one paragraph keeps half a
/// sentence, another loses its second sentence. Each stays linked to its Korean (a 1-1 row, never a
/// dropped paragraph beside an invented one), and the reviewer is told the
/// English is short, and which figure it lost.
#[test]
fn what_a_reviewer_sees_of_english_cut_short() {
    let mut en = EN.to_vec();
    en[3] = "\"Inflation is still above target,\" Rhee said.";
    en[5] = "Household debt hit a record 1,886 trillion won.";
    let rows = seen(&KO, &en);
    let shapes: Vec<(usize, usize)> = rows.iter().map(|(k, e, _)| (*k, *e)).collect();
    assert_eq!(shapes, vec![(1, 1); 8], "{rows:?}");
    assert!(
        rows[3].2.contains(&"short_english:warning".to_string()),
        "{:?}",
        rows[3]
    );
    assert!(
        rows[5].2.contains(&"short_english:warning".to_string()),
        "{:?}",
        rows[5]
    );
    assert!(
        rows[5].2.contains(&"numbers:error".to_string()),
        "{:?}",
        rows[5]
    );
    for (n, row) in rows.iter().enumerate().filter(|(n, _)| ![3, 5].contains(n)) {
        assert!(
            !row.2.iter().any(|c| c.starts_with("short_english")),
            "row {n}: {row:?}"
        );
    }
}
