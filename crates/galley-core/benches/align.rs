//! Aligner speed: a news article (40 paragraphs a side) and a very long
//! input (2,000 × 2,000 paragraphs). `just bench` runs these.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use galley_core::align;

/// Paragraph pairs written for the benchmark; numbered copies make long
/// articles whose paragraphs are not all identical.
const PAIRS: [(&str, &str); 6] = [
    (
        "한국은행 금융통화위원회는 {n}일 기준금리를 연 3.5%로 동결했다고 밝혔다. 이로써 기준금리는 일곱 차례 연속 같은 수준을 유지하게 됐다.",
        "The Bank of Korea's Monetary Policy Board kept its benchmark rate at 3.5 percent on the {n}th. The rate has now stayed at the same level for seven straight meetings.",
    ),
    (
        "이창용 총재는 기자회견에서 \"물가 상승률이 여전히 목표치를 웃돌고 있다\"고 말했다.",
        "\"Inflation is still running above our target,\" Governor Rhee Chang-yong told a press conference.",
    ),
    (
        "{n}분기 국내총생산(GDP)은 전 분기보다 0.6% 증가했다. 수출은 반도체를 중심으로 회복세를 보였다.",
        "Gross domestic product (GDP) grew 0.6 percent in quarter {n} from the previous quarter. Exports recovered, led by semiconductors.",
    ),
    (
        "가계부채는 {n}조 원으로 사상 최대를 기록했다.",
        "Household debt hit a record {n} trillion won.",
    ),
    (
        "시장에서는 연내 금리 인하 가능성이 낮다는 관측이 나온다. 미국 연방준비제도(Fed)의 결정도 변수로 꼽힌다.",
        "Markets see little chance of a rate cut this year. The decision of the U.S. Federal Reserve (Fed) is also seen as a variable.",
    ),
    ("서울 = 김민지 기자", "By Kim Min-ji"),
];

fn article(paragraphs: usize) -> (Vec<String>, Vec<String>) {
    let mut ko = Vec::with_capacity(paragraphs);
    let mut en = Vec::with_capacity(paragraphs);
    for i in 0..paragraphs {
        let (k, e) = PAIRS[i % PAIRS.len()];
        let n = (i + 1).to_string();
        ko.push(k.replace("{n}", &n));
        en.push(e.replace("{n}", &n));
    }
    // Make it realistic: one paragraph joined in English, one dropped.
    if paragraphs > 10 {
        let joined = format!("{} {}", en[3], en[4]);
        en.splice(3..5, [joined]);
        en.remove(paragraphs / 2);
    }
    (ko, en)
}

fn bench_align(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    for size in [40, 2_000] {
        let (ko, en) = article(size);
        if size > 100 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::new("paragraphs", size),
            &(ko, en),
            |b, (ko, en)| {
                b.iter(|| align(ko, en));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);
