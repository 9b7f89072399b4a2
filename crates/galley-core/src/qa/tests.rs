//! The checks, each on the rows a newsroom met.

use super::*;

#[test]
fn invisible_formatting_is_a_warning_naming_its_place() {
    let findings = check_row("환율", "The won\u{202E} fell 3%.");
    let found = findings
        .iter()
        .find(|f| f.check == Check::Invisible)
        .expect("a finding");
    assert_eq!(found.severity, Severity::Warning);
    assert_eq!(found.spans[0].start, 7);
    assert_eq!(
        found.said,
        Said::Invisible {
            count: 1,
            side: Side::English,
            first: 0x202E,
            at: 7
        }
    );
    assert!(!blocks(found));
    assert!(
        check_row("환율", "The won fell 3%.")
            .iter()
            .all(|f| f.check != Check::Invisible)
    );
}

fn codes(ko: &str, en: &str) -> Vec<String> {
    check_row(ko, en).into_iter().map(|f| f.key).collect()
}

fn errors(ko: &str, en: &str) -> Vec<Said> {
    check_row(ko, en)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.said)
        .collect()
}

#[test]
fn korean_units_and_conventions_match_their_english() {
    let correct = [
        (
            "정부는 3500억 달러를 투자한다.",
            "The government will invest $350 billion.",
        ),
        ("인구는 1억1천만 명이다.", "The population is 110 million."),
        ("물가가 15% 올랐다.", "Prices rose 15 percent."),
        ("관중 2만5천 명이 모였다.", "A crowd of 25,000 gathered."),
        ("2024년 매출이 늘었다.", "Sales grew in 2024."),
        (
            "한은은 10월 22일 금리를 동결했다.",
            "The BOK held rates on Oct. 22.",
        ),
        (
            "한은은 10월 22일 금리를 동결했다.",
            "The BOK held rates on October 22.",
        ),
        (
            "3분기 성장률은 0.6%였다.",
            "Growth in the third quarter was 0.6 percent.",
        ),
        (
            "기준금리는 연 3.5%다.",
            "The base rate is 3.5 percent a year.",
        ),
        (
            "그는 22일 기자회견을 열었다.",
            "He held a press conference on Nov. 22.",
        ),
        ("토요일에 열린다.", "It will be held on Saturday."),
    ];
    for (ko, en) in correct {
        assert_eq!(errors(ko, en), Vec::<Said>::new(), "{ko} / {en}");
    }
}

#[test]
fn a_number_word_counts_once() {
    let found = check_row(
        "요금 인상은 8년 만이다.",
        "It is the first increase in eight years.",
    );
    assert!(found.is_empty(), "{found:?}");
    let found = check_row("18개 주가 지지했다.", "Eighteen states supported it.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn wrong_missing_and_invented_numbers_are_errors() {
    let wrong = [
        (
            "정부는 3500억 달러를 투자한다.",
            "The government will invest $35 billion.",
        ),
        ("인구는 1억1천만 명이다.", "The population is 11 million."),
        ("물가가 15% 올랐다.", "Prices rose 1.5 percent."),
        (
            "한은은 10월 22일 금리를 동결했다.",
            "The BOK held rates on Oct. 23.",
        ),
        (
            "3분기 성장률은 0.6%였다.",
            "Growth in the third quarter was strong.",
        ),
        ("매출이 늘었다.", "Sales grew 12 percent."),
    ];
    for (ko, en) in wrong {
        assert!(!errors(ko, en).is_empty(), "missed: {ko} / {en}");
    }
    let found = check_row(
        "정부는 3500억 달러를 투자한다.",
        "The government will invest $35 billion.",
    );
    let said: Vec<&Said> = found.iter().map(|f| &f.said).collect();
    assert!(
        said.contains(&&Said::KoreanFigureMissing {
            shown: "3500억".into(),
            value: Anchor::Number(350_000_000_000_000)
        }),
        "{said:?}"
    );
    assert!(
        said.contains(&&Said::EnglishFigureMissing {
            shown: "35 billion".into()
        }),
        "{said:?}"
    );
    let korean_span = &found[0].spans[0];
    assert_eq!(
        (korean_span.side, korean_span.start, korean_span.end),
        (Side::Korean, 4, 9)
    );
}

#[test]
fn latin_terms_of_the_korean_must_reach_the_english() {
    assert!(codes("APEC 정상회의가 열렸다.", "The APEC summit opened.").is_empty());
    assert!(
        codes(
            "미 연준(Fed)이 금리를 올렸다.",
            "The U.S. Fed raised rates."
        )
        .is_empty()
    );
    assert!(codes("김용범(Kim Yong-beom) 차관", "Vice Minister Kim Yong-beom").is_empty());
    assert_eq!(
        codes("APEC 정상회의가 열렸다.", "The summit opened."),
        ["latin_terms:apec"]
    );
    let found = check_row(
        "미 연준(Fed)이 금리를 올렸다.",
        "The central bank raised rates.",
    );
    assert_eq!(
        found[0].said,
        Said::LatinMissing {
            original: "Fed".into()
        }
    );
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn hangul_left_in_the_english_is_an_error() {
    let found = check_row(
        "서울시가 발표했다.",
        "The Seoul 시 government announced it.",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].check, Check::HangulInEnglish);
    assert_eq!((found[0].spans[0].start, found[0].spans[0].end), (10, 11));
    assert!(
        check_row(
            "서울시가 발표했다.",
            "The Seoul city government announced it."
        )
        .is_empty()
    );
}

#[test]
fn rows_missing_a_side_are_errors() {
    assert_eq!(codes("가계부채가 늘었다.", ""), ["missing_english:row"]);
    assert_eq!(codes("", "Household debt rose."), ["missing_korean:row"]);
    assert!(codes("", "").is_empty());
}

#[test]
fn quotes_balanced_and_on_both_sides() {
    let ko = "그는 \"물가가 여전히 높다\"고 말했다.";
    assert!(codes(ko, "\"Inflation is still high,\" he said.").is_empty());
    assert!(codes(ko, "“Inflation is still high,” he said.").is_empty());
    assert_eq!(
        codes(ko, "\"Inflation is still high, he said."),
        ["quotes:balance"]
    );
    assert_eq!(
        codes(ko, "He said inflation was still high."),
        ["quotes:ko_only"]
    );
    assert_eq!(
        codes(
            "그는 물가가 높다고 말했다.",
            "\"Prices are high,\" he said."
        ),
        ["quotes:en_only"]
    );
}

#[test]
fn doubled_words_and_spaces() {
    assert_eq!(
        codes("그는 떠났다.", "He left the the office."),
        ["doubled_word:the@12"]
    );
    assert_eq!(
        codes("그는 떠났다.", "He left  the office."),
        ["double_space:text"]
    );
    assert!(codes("그는 떠났다.", "He left the office. The office closed.").is_empty());
    // Paragraph breaks are not double spaces.
    assert!(codes("그는 떠났다.", "He left.\n\nShe stayed.").is_empty());
}

#[test]
fn a_name_spelled_two_ways_is_flagged_in_both_rows() {
    let rows = [
        (
            "김용범 차관이 말했다.",
            "Vice Minister Kim Yong-beom spoke.",
        ),
        (
            "그는 덧붙였다.",
            "Kim Yong-bum added that rates would rise.",
        ),
        ("이창용 총재", "Governor Rhee Chang-yong"),
    ];
    let all = check_article(&rows);
    assert_eq!(all[0].len(), 1, "{:?}", all[0]);
    assert_eq!(
        all[0][0].said,
        Said::NameSpelling {
            here: "Kim Yong-beom".into(),
            elsewhere: vec![("Kim Yong-bum".into(), vec![2])]
        }
    );
    assert_eq!(all[1][0].check, Check::NameSpelling);
    assert!(all[2].is_empty());
    // Different people with the same family name are not one name.
    let rows = [("", "Kim Yong-beom spoke."), ("", "Kim Min-ji wrote.")];
    assert!(
        check_article(&rows)
            .iter()
            .flatten()
            .all(|f| f.check != Check::NameSpelling)
    );
}

#[test]
fn only_errors_block() {
    let found = check_row(
        "APEC 정상회의가 열렸다.",
        "The summit opened with 21 leaders.",
    );
    assert!(found.iter().any(blocks));
    assert!(found.iter().any(|f| !blocks(f)));
}

/// Correct English the checks used to block: each case must
/// give no error, and the listed keys at most as warnings.
#[test]
fn correct_english_is_not_blocked() {
    let cases: [(&str, &str, &[&str]); 7] = [
        (
            "1년 만기 국채 금리가 올랐다.",
            "The one-year Treasury yield rose.",
            &[],
        ),
        (
            "5년 만에 처음이다.",
            "It is the first time in five years.",
            &[],
        ),
        (
            "정부는 3200억 원을 투자한다.",
            "The government will invest 320 bln won.",
            &[],
        ),
        (
            "수출은 2.5조 원, 수입은 450만 달러였다.",
            "Exports were 2.5 tn won and imports $4.5 mln.",
            &[],
        ),
        (
            "정부는 3200억 원을 투자한다.",
            "The government will invest 320 billion won ($240 million).",
            &["numbers:en:n240000000000"],
        ),
        (
            "마라톤 코스는 42km다.",
            "The marathon course is 42 kilometers long.",
            &[],
        ),
        (
            "정부는 '희망 2030' 계획을 발표했다.",
            "The government announced its \"Hope 2030\" plan.",
            &[],
        ),
    ];
    for (ko, en, allowed) in cases {
        let found = check_row(ko, en);
        let errors: Vec<&Finding> = found.iter().filter(|f| blocks(f)).collect();
        assert!(errors.is_empty(), "{ko} / {en}: {errors:#?}");
        for f in &found {
            assert!(
                allowed.contains(&f.key.as_str()),
                "{ko} / {en}: unexpected {f:#?}"
            );
        }
    }
    // A wrong figure is still an error.
    assert!(
        !errors(
            "정부는 3200억 원을 투자한다.",
            "The government will invest 32 bln won."
        )
        .is_empty()
    );
    assert!(!errors("1년 만기 국채", "The two-year Treasury").is_empty());
}

/// A weekday or month the English adds is a warning to check against
/// the calendar; a Korean one the English lacks or changes blocks.
#[test]
fn a_day_the_english_adds_is_a_warning_a_day_it_changes_an_error() {
    let added = check_row(
        "트럼프가 웨스트버지니아주를 방문한다.",
        "Trump will visit West Virginia on Saturday.",
    );
    assert_eq!(added.len(), 1, "{added:#?}");
    assert_eq!(added[0].severity, Severity::Warning);
    assert_eq!(
        added[0].said,
        Said::DayOrMonthAdded {
            shown: "Saturday".into()
        }
    );
    let month = check_row(
        "워런은 재선에 도전한다.",
        "Warren is running for re-election in November.",
    );
    assert!(
        month.iter().all(|f| f.severity == Severity::Warning),
        "{month:#?}"
    );
    assert!(!month.is_empty());
    // 금요일 in the Korean, Sunday in the English: the Korean's day is
    // missing, and that blocks.
    assert!(
        !errors(
            "인터뷰는 9월 30일 금요일에 들을 수 있다.",
            "You can listen to the interview on Sunday, 30 September."
        )
        .is_empty()
    );
}

/// The way English news writes a figure the Korean writes otherwise:
/// a clock time, a war's number, "a" for 1, decades, a spaced Korean
/// number, a weekday for the day of the month. None blocks.
#[test]
fn figures_written_the_english_way_do_not_block() {
    let cases: [(&str, &str); 8] = [
        (
            "그는 오전 4시 40분에 시장에 들어갔다.",
            "He entered the market at 4.40 am.",
        ),
        ("그는 오후 7시 30분에 연설한다.", "He speaks at 7:30 p.m."),
        ("1차 세계 대전 기념식이 열렸다.", "A WW1 memorial was held."),
        (
            "그는 1달 안에 법정에 출두해야 한다.",
            "He must appear in court within a month.",
        ),
        (
            "지난 20년 동안 사고는 없었다.",
            "There were no crashes in the past two decades.",
        ),
        (
            "22 억 5 천만 명이 370 억 달러의 영향을 받는다.",
            "It affects 2.25 billion people and $37 billion.",
        ),
        (
            "워런 의원은 25일 출마를 검토하겠다고 밝혔다.",
            "Senator Warren said on Saturday she would consider running.",
        ),
        (
            "그들은 2차 경기에서 승리했다.",
            "They won the return match.",
        ),
    ];
    for (ko, en) in cases {
        let errors: Vec<Finding> = check_row(ko, en).into_iter().filter(blocks).collect();
        assert!(errors.is_empty(), "{ko} / {en}: {errors:#?}");
    }
    // The same figures, wrong, still block.
    for (ko, en) in [
        ("그는 오전 4시 40분에 도착했다.", "He arrived at 5.40 am."),
        ("지난 20년 동안", "in the past three decades"),
        ("22 억 5 천만 명", "2.5 billion people"),
        (
            "워런 의원은 25일 밝혔다.",
            "Warren said on Saturday, Nov. 26.",
        ),
    ] {
        assert!(check_row(ko, en).iter().any(blocks), "{ko} / {en}");
    }
}

#[test]
fn a_paragraph_left_out_inside_a_row_and_a_cut_short_english_are_warned_of() {
    // Two Korean paragraphs, one English: the second paragraph's
    // figures and names are nowhere in the English.
    let ko = "서울시는 지하철 기본요금을 150원 올린다고 밝혔다.\n\n시는 2025년까지 KTX 연계 노선에 3200억 원을 투자할 계획이다.";
    let en = "Seoul will raise the base subway fare by 150 won, the city said.";
    let found = check_row(ko, en);
    let omission = found
        .iter()
        .find(|f| f.check == Check::OmissionInRow)
        .expect("the second paragraph is flagged");
    assert_eq!(omission.key, "omission_in_row:paragraph2");
    assert_eq!(omission.severity, Severity::Warning);
    assert_eq!(
        omission.spans[0].start,
        ko.split("\n\n").next().unwrap().chars().count() + 2
    );
    // With both translated, no such warning.
    let both = "Seoul will raise the base subway fare by 150 won. It plans to invest 320 billion won in KTX links by 2025.";
    assert!(
        check_row(ko, both)
            .iter()
            .all(|f| f.check != Check::OmissionInRow)
    );

    // English cut short: a warning, not a block; a full one: nothing.
    let short_warning = |ko: &str, en: &str| {
        check_row(ko, en)
            .into_iter()
            .find(|f| f.check == Check::ShortEnglish)
    };
    let ko = "국제유가는 전날보다 배럴당 61센트 오른 30.45달러에 거래를 마쳤으며 장중 한때 30.48달러까지 치솟아 9년 만에 최고치를 기록했다.";
    let cut = "jumped 61 cents to $30.45 a barrel.";
    assert!(short_warning(ko, cut).is_some_and(|f| !blocks(&f)));
    let full = "Oil rose 61 cents to $30.45 a barrel, after touching $30.48 during the session, the highest in nine years.";
    assert!(short_warning(ko, full).is_none());

    // A paragraph that lost one of its two sentences: long enough for
    // the plain bar, but a sentence short.
    let ko = "정부는 내년 예산안을 656조 원 규모로 편성했다고 밝혔다. 이는 올해보다 2.8% 늘어난 것으로, 2005년 이후 가장 낮은 증가율이다.";
    let lost = "The government said it drew up a budget of 656 trillion won for next year.";
    let short = short_warning(ko, lost).expect("a sentence short is warned of");
    assert!(
        matches!(short.said, Said::FewerSentences { .. }),
        "{:?}",
        short.said
    );
    assert!(!blocks(&short));
    let whole = "The government said it drew up a budget of 656 trillion won for next year. That is 2.8% more than this year, the smallest rise since 2005.";
    assert!(short_warning(ko, whole).is_none());
    // One English sentence for two Korean ones, at full length: joined, not cut.
    let joined = "The government said it drew up a budget of 656 trillion won for next year, 2.8% more than this year and the smallest rise since 2005.";
    assert!(short_warning(ko, joined).is_none());

    // Two Korean paragraphs in one row, the second (no figures, no
    // names) with no English: the English has fewer sentences and is
    // shorter than news English usually runs, though above the bar of a
    // single paragraph. Translated whole, or with the two Korean
    // sentences joined into one English sentence at full length, not.
    let ko = "정부는 내년 예산안을 국무회의에서 최종 확정했다고 밝혔다.\n\n야당은 즉각 반발하며 전면 재검토를 요구했다.";
    let first_only =
        "The government said the cabinet had given final approval to next year's budget proposal.";
    let short = short_warning(ko, first_only).expect("a paragraph with no English");
    assert!(
        matches!(short.said, Said::FewerSentences { .. }),
        "{:?}",
        short.said
    );
    assert!(!blocks(&short));
    let whole = "The government said the cabinet had given final approval to next year's budget. The opposition pushed back at once and demanded a full review.";
    assert!(short_warning(ko, whole).is_none());
    let joined = "The government said the cabinet had given final approval to next year's budget proposal, and the opposition immediately objected and demanded that it be reviewed again from the start.";
    assert!(short_warning(ko, joined).is_none());
}

#[test]
fn every_check_is_listed() {
    // The match has no catch-all: a new check does not compile here until
    // it is given a place, and that place is its index in `Check::ALL`.
    let place = |check: Check| match check {
        Check::Numbers => 0,
        Check::LatinTerms => 1,
        Check::HangulInEnglish => 2,
        Check::MissingEnglish => 3,
        Check::MissingKorean => 4,
        Check::Quotes => 5,
        Check::DoubledWord => 6,
        Check::DoubleSpace => 7,
        Check::NameSpelling => 8,
        Check::Invisible => 9,
        Check::ShortEnglish => 10,
        Check::OmissionInRow => 11,
        Check::AdditionInRow => 12,
        Check::Glossary => 13,
        Check::NameRomanization => 14,
    };
    for (index, check) in Check::ALL.iter().enumerate() {
        assert_eq!(place(*check), index, "{check}");
    }
}

#[test]
fn an_invented_sentence_merged_into_a_row_is_warned() {
    let ko = "산업통상자원부는 올해 반도체와 자동차 수출이 지난해보다 5% 늘어날 것으로 내다봤다고 7일 밝혔다.";
    let faithful = "The trade ministry said on the 7th that it expects exports of chips and cars to grow 5 percent this year.";
    let invented = "The trade ministry said on the 7th that it expects exports of chips and cars to grow 5 percent this year. \
                    The president will visit Washington next week to discuss tariffs with his counterpart. \
                    Officials said the talks would be difficult.";
    let added = |en: &str| {
        check_row(ko, en)
            .into_iter()
            .find(|f| f.check == Check::AdditionInRow)
    };
    assert!(added(faithful).is_none());
    let found = added(invented).expect("warned");
    assert_eq!(found.severity, Severity::Warning);
    assert!(matches!(
        found.said,
        Said::MoreSentences {
            english_sentences: 3,
            korean_sentences: 1,
            ..
        }
    ));
}

#[test]
fn a_name_romanized_as_neither_system_does_is_warned_unless_the_glossary_has_it() {
    let ko = "박재근 한양대 교수는 \u{201c}수출이 늘었다\u{201d}고 말했다.";
    let found = |en: &str, glossary: &crate::glossary::Glossary| {
        check_article_with(&[(ko, en)], glossary)
            .remove(0)
            .into_iter()
            .filter(|f| f.check == Check::NameRomanization)
            .collect::<Vec<_>>()
    };
    let none = crate::glossary::Glossary::default();
    let usual =
        "\u{201c}Exports grew,\u{201d} said Park Jae-geun, a professor at Hanyang University.";
    assert!(found(usual, &none).is_empty());
    let unusual =
        "\u{201c}Exports grew,\u{201d} said Park Jay-geun, a professor at Hanyang University.";
    let warned = found(unusual, &none);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].severity, Severity::Warning);
    assert_eq!(
        warned[0].said,
        Said::NameRomanization {
            here: "Park Jay-geun".into(),
            korean: "박재근".into(),
            usual: vec![
                "Park Jae-geun".into(),
                "Bak Jae-geun".into(),
                "Pak Chae-gŭn".into()
            ],
        }
    );
    let english: Vec<char> = unusual.chars().collect();
    let span = warned[0]
        .spans
        .iter()
        .find(|s| s.side == Side::English)
        .unwrap();
    assert_eq!(
        english[span.start..span.end].iter().collect::<String>(),
        "Park Jay-geun"
    );
    // The person's own spelling in the glossary silences it.
    let glossary = crate::glossary::Glossary::new(vec![crate::glossary::Entry {
        id: 1,
        korean: vec!["박재근".into()],
        english: vec!["Park Jay-geun".into()],
        forbidden: Vec::new(),
        kind: crate::glossary::TermKind::Person,
    }]);
    assert!(found(unusual, &glossary).is_empty());
}
