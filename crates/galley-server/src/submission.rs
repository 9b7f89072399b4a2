//! Turning a submitted Korean source and English draft into an aligned
//! article for the store.

use galley_core::Aligner;
use galley_core::limits::{self, Kind, TextError, TextProblem};
use galley_core::paragraph::{
    Limits, ParagraphError, Side, normalize_paragraphs, split_paragraphs,
};
use galley_store::{AiTool, NewArticle, NewRow, NewSource};

/// Aligns Korean and English paragraphs into a new article. Its first row
/// is the headline: the Korean headline (`source_title`, as Korean
/// paragraph 0) beside the AI's English `title`, a row of its own that is
/// reviewed, edited and signed like any other (without a Korean headline
/// it has the English alone). Every other row is the aligner's, 0-1 rows
/// (English with no Korean) included: the paragraph the AI invented is
/// shown, flagged, not dropped.
///
/// Paragraphs within the limit each may still meet in one row over
/// [`limits::ROW_CHARS`]: refused, naming the paragraphs of each side
/// (1-based, as sent) and the field of the side that is too long.
pub fn aligned_article(
    title: &str,
    source_title: Option<String>,
    ko: Vec<String>,
    en: &[String],
    ai: AiTool,
) -> Result<NewArticle, TextError> {
    let alignment = Aligner::default().align(&ko, en);
    for link in &alignment.links {
        let span = |range: &std::ops::Range<usize>| {
            (!range.is_empty()).then(|| (range.start + 1, range.end))
        };
        let joined = |texts: &[String]| {
            texts.iter().map(|t| t.chars().count()).sum::<usize>()
                + 2 * texts.len().saturating_sub(1)
        };
        for (side, field, chars) in [
            (Side::Korean, "source", joined(&ko[link.ko.clone()])),
            (Side::English, "draft", joined(&en[link.en.clone()])),
        ] {
            if chars > limits::ROW_CHARS {
                return Err(TextError::new(
                    field,
                    TextProblem::AlignedRowTooLong {
                        korean: span(&link.ko),
                        english: span(&link.en),
                        side,
                        chars,
                        max: limits::ROW_CHARS,
                    },
                ));
            }
        }
    }
    let shift = usize::from(source_title.is_some());
    let headline = NewRow {
        ko: 0..shift,
        draft: title.to_string(),
        confidence: 1.0,
        flags: Vec::new(),
    };
    let body = alignment.links.iter().map(|link| NewRow {
        ko: link.ko.start + shift..link.ko.end + shift,
        draft: en[link.en.clone()].join("\n\n"),
        confidence: link.confidence,
        flags: link.flags.clone(),
    });
    Ok(NewArticle {
        title: title.to_string(),
        korean: source_title.into_iter().chain(ko).collect(),
        rows: std::iter::once(headline).chain(body).collect(),
        ai,
        headline: true,
    })
}

/// A submission as a person sent it (the API's body, the page's form):
/// each side as text or as paragraphs.
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    pub title: &'a str,
    pub source_title: Option<&'a str>,
    pub source: Option<&'a String>,
    pub source_paragraphs: Option<&'a Vec<String>>,
    pub draft: Option<&'a String>,
    pub draft_paragraphs: Option<&'a Vec<String>>,
    pub tool: &'a str,
    pub model: &'a str,
}

/// A submission checked against the limits every way text enters meets,
/// each refusal naming its field; ready to align.
#[derive(Debug)]
pub struct Checked {
    pub title: String,
    pub source_title: Option<String>,
    pub ko: Vec<String>,
    pub en: Vec<String>,
    pub ai: AiTool,
}

impl Checked {
    /// Checks what was sent.
    pub fn of(sent: Sent<'_>) -> Result<Checked, TextError> {
        Ok(Checked {
            title: limits::clean("title", sent.title, Kind::Title)?,
            source_title: sent
                .source_title
                .map(|korean| limits::clean("source_title", korean, Kind::Title))
                .transpose()?,
            ai: AiTool {
                tool: limits::clean("ai.tool", sent.tool, Kind::Name)?,
                model: limits::clean("ai.model", sent.model, Kind::Name)?,
            },
            ko: paragraphs(
                sent.source,
                sent.source_paragraphs,
                Side::Korean,
                ("source", "source_paragraphs"),
            )?,
            en: paragraphs(
                sent.draft,
                sent.draft_paragraphs,
                Side::English,
                ("draft", "draft_paragraphs"),
            )?,
        })
    }

    /// Aligned into a new article (CPU work: on the blocking pool); refused
    /// if paragraphs meet in a row over the row limit.
    pub fn aligned(self) -> Result<NewArticle, TextError> {
        aligned_article(&self.title, self.source_title, self.ko, &self.en, self.ai)
    }
}

/// One side of a submission: text to split, or paragraphs already split;
/// refused (naming the field) if it holds a control character, or breaks
/// the limits on a paragraph or a side of an article.
pub fn paragraphs(
    text: Option<&String>,
    list: Option<&Vec<String>>,
    side: Side,
    (text_field, list_field): (&str, &str),
) -> Result<Vec<String>, TextError> {
    let kind = match side {
        Side::Korean => Kind::Korean,
        Side::English => Kind::Row,
    };
    let limits = Limits {
        max_bytes: 4 * limits::ARTICLE_CHARS,
        max_paragraphs: limits::ARTICLE_PARAGRAPHS,
    };
    let (field, result) = match (text, list) {
        (Some(text), None) => {
            refuse_controls(text_field, text)?;
            (text_field, split_paragraphs(text, side, limits))
        }
        (None, Some(list)) => {
            for (index, item) in list.iter().enumerate() {
                refuse_controls(&format!("{list_field}[{index}]"), item)?;
            }
            (list_field, normalize_paragraphs(list, side, limits))
        }
        (Some(_), Some(_)) => {
            return Err(TextError::new(
                text_field,
                TextProblem::EitherNotBoth {
                    other: list_field.to_string(),
                },
            ));
        }
        (None, None) => {
            return Err(TextError::new(
                text_field,
                TextProblem::Required {
                    other: list_field.to_string(),
                },
            ));
        }
    };
    let paragraphs = result
        .map_err(|error: ParagraphError| TextError::new(field, TextProblem::Paragraphs(error)))?;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if paragraph.chars().count() > kind.max_chars() {
            return Err(TextError::new(
                field,
                TextProblem::ParagraphTooLong {
                    paragraph: index + 1,
                    chars: paragraph.chars().count(),
                    max: kind.max_chars(),
                },
            ));
        }
    }
    limits::check_article_side(field, &paragraphs)?;
    Ok(paragraphs)
}

/// A new version of the Korean (`source` or `source_paragraphs`) with an
/// optional draft of its new paragraphs (`draft` or `draft_paragraphs`;
/// none given, no draft), each side within the limits of a submission.
pub fn new_source(
    source: (Option<&String>, Option<&Vec<String>>),
    draft: (Option<&String>, Option<&Vec<String>>),
    base_source_version: i64,
) -> Result<NewSource, TextError> {
    let korean = paragraphs(
        source.0,
        source.1,
        Side::Korean,
        ("source", "source_paragraphs"),
    )?;
    let draft = match draft {
        (None, None) => Vec::new(),
        (text, list) => paragraphs(text, list, Side::English, ("draft", "draft_paragraphs"))?,
    };
    Ok(NewSource {
        korean,
        base_source_version,
        draft,
    })
}

/// Refuses a text holding a control character no text may hold.
fn refuse_controls(field: &str, text: &str) -> Result<(), TextError> {
    limits::control_in(field, text).map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// English of about `chars` characters, in sentences each with a
    /// figure (from `first` on), as a translation of [`korean`]'s.
    fn english(first: usize, chars: usize) -> String {
        let mut text = String::new();
        let mut k = first;
        while text.len() < chars - 40 {
            text.push_str(&format!("Exports rose to {k} tons that month. "));
            k += 1;
        }
        text.trim_end().to_string()
    }

    /// Korean with the figures `first..last`, one a sentence.
    fn korean(first: usize, last: usize) -> String {
        (first..last)
            .map(|k| format!("그달 수출은 {k}톤으로 늘었다."))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn paragraphs_that_meet_in_a_row_over_the_limit_are_named() {
        // One Korean paragraph whose translation the AI gave as two, each
        // within the limit, together over it.
        let first = english(1_000, 30_000);
        let split = 1_000 + first.matches("Exports").count();
        let second = english(split, 30_000);
        let last = split + second.matches("Exports").count();
        let ko = vec![
            "짧은 첫 문단이다.".to_string(),
            korean(1_000, last),
            "짧은 끝 문단이다.".to_string(),
        ];
        assert!(ko[1].chars().count() < limits::ROW_CHARS);
        let en = vec![
            "A short first paragraph.".to_string(),
            first,
            second,
            "A short last paragraph.".to_string(),
        ];
        let ai = AiTool {
            tool: "ChatGPT".into(),
            model: "gpt-4o".into(),
        };
        let refused =
            aligned_article("Two long paragraphs", None, ko, &en, ai).map(|a| a.rows.len());
        let Err(error) = refused else {
            panic!("aligned into {refused:?} rows");
        };
        assert_eq!(error.field, "draft");
        assert!(
            matches!(
                error.problem,
                TextProblem::AlignedRowTooLong {
                    korean: Some((2, 2)),
                    english: Some((2, 3)),
                    side: Side::English,
                    max: limits::ROW_CHARS,
                    ..
                }
            ),
            "{:?}",
            error.problem
        );
        let said = crate::i18n::Lang::En.text_error(&error);
        assert!(
            said.starts_with(
                "draft: Korean paragraph 2 and English paragraphs 2–3 align into one row of"
            ),
            "{said}"
        );
    }
}
