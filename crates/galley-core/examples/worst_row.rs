use galley_core::diff::diff_text;
use galley_core::metrics::{Scores, TerOptions};
use std::time::Instant;

fn words(n: usize, seed: &str, chars: usize) -> String {
    let mut out = String::new();
    let mut k = 0usize;
    while out.chars().count() < chars {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!("{seed}{k}"));
        k += 1;
        if k >= n {
            break;
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let chars: usize = args[1].parse().unwrap();
    let what = args[2].as_str();
    let kind = args.get(3).map(String::as_str).unwrap_or("distinct");
    let (a, b) = match kind {
        "distinct" => (words(usize::MAX, "a", chars), words(usize::MAX, "b", chars)),
        "ab" => {
            let mut x = 12345u64;
            let mut s1 = String::new();
            let mut s2 = String::new();
            while s1.len() < chars {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s1.push_str(if x & 1 == 0 { "a " } else { "b " });
                s2.push_str(if x & 2 == 0 { "a " } else { "b " });
            }
            (s1, s2)
        }
        _ => panic!(),
    };
    eprintln!(
        "{} / {} chars, {} words",
        a.chars().count(),
        b.chars().count(),
        a.split_whitespace().count()
    );
    let t = Instant::now();
    match what {
        "diff" => {
            let d = diff_text(&a, &b);
            eprintln!("segments {}", d.segments.len());
        }
        "ter" => {
            let s = galley_core::metrics::ter::ter(&a, &b, TerOptions::default());
            eprintln!("{:?}", s);
        }
        "chrf" => {
            let s = galley_core::metrics::chrf_stats(&a, &b, 2);
            eprintln!("{}", s.score());
        }
        "edits" => {
            eprintln!("{:?}", galley_core::metrics::word_edits(&a, &b));
        }
        "qa" => {
            eprintln!("{}", galley_core::qa::check_row(&a, &b).len());
        }
        "scores" => {
            let s = Scores::segment(&a, &b, TerOptions::default());
            eprintln!("{}", s.ter.score());
        }
        _ => panic!(),
    }
    eprintln!("{what}: {:.3} s", t.elapsed().as_secs_f64());
}
