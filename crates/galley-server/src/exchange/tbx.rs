//! The glossary as TBX (ISO 30042:2019), in the TBX-Basic dialect's DCA
//! style, which memoQ, Trados MultiTerm and Weblate read: one
//! `<conceptEntry>` per entry, its kind as the subject field, its note, who
//! added it and when; a Korean and an English `<langSec>`, the approved
//! form the preferred term, variants admitted, forbidden renderings
//! deprecated. Reading takes that and the older TBX 2008 shape
//! (`termEntry`, `langSet`, `tig`) that termbases are often exported in.

use std::fmt::Write as _;

use super::xml;

/// An entry as written to a TBX file.
#[derive(Debug)]
pub struct TbxEntry<'a> {
    pub id: i64,
    pub korean: &'a [String],
    pub english: &'a [String],
    pub forbidden: &'a [String],
    /// person, organization, place, title or term.
    pub kind: &'a str,
    pub note: &'a str,
    /// Who added it, by name.
    pub added_by: Option<&'a str>,
    /// When.
    pub added_at: jiff::Timestamp,
}

/// The TBX namespace of ISO 30042:2019.
pub const TBX_NS: &str = "urn:iso:std:iso:30042:ed-2";

const PREFERRED: &str = "preferredTerm-admn-sts";
const ADMITTED: &str = "admittedTerm-admn-sts";
const DEPRECATED: &str = "deprecatedTerm-admn-sts";

/// Which TBX a file is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TbxShape {
    /// TBX-Basic as ISO 30042:2019 writes it, DCA style (`<tbx>`,
    /// `conceptEntry`, `langSec`, `termSec`): what memoQ, Trados MultiTerm
    /// and the official schemas read.
    Basic,
    /// TBX 2008 (ISO 30042:2008: `<martif>`, `termEntry`, `langSet`,
    /// `tig`): what translate-toolkit, and the tools built on it (Weblate,
    /// Pootle), read and write.
    Martif,
}

impl TbxShape {
    /// (concept, language section, term) element names.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            TbxShape::Basic => ("conceptEntry", "langSec", "termSec"),
            TbxShape::Martif => ("termEntry", "langSet", "tig"),
        }
    }

    /// What the file ends with, after its concepts.
    pub fn tail(self) -> &'static str {
        match self {
            TbxShape::Basic => "    </body>\n  </text>\n</tbx>\n",
            TbxShape::Martif => "    </body>\n  </text>\n</martif>\n",
        }
    }
}

/// The glossary as a TBX file; `exported_at` (RFC 3339) is said in its
/// header. The export streams the same file in parts: [`tbx_head`],
/// [`tbx_concepts`] page by page, [`TbxShape::tail`].
pub fn glossary_tbx(entries: &[TbxEntry], exported_at: &str, shape: TbxShape) -> String {
    let mut out = tbx_head(exported_at, shape);
    out.push_str(&tbx_concepts(entries, shape));
    out.push_str(shape.tail());
    out
}

/// What a TBX file begins with, up to its first concept.
pub fn tbx_head(exported_at: &str, shape: TbxShape) -> String {
    let source = format!(
        "<p>The newsroom glossary, exported by Galley at {}: Korean terms and the English the newsroom uses for them.</p>",
        xml(exported_at)
    );
    match shape {
        TbxShape::Basic => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <?xml-model href=\"https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng\" \
             type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n\
             <?xml-model href=\"https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch\" \
             type=\"application/xml\" schematypens=\"http://purl.oclc.org/dsdl/schematron\"?>\n\
             <tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"{TBX_NS}\">\n\
             \x20 <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        {source}\n      \
             </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n"
        ),
        TbxShape::Martif => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <martif type=\"TBX\" xml:lang=\"en\">\n\
             \x20 <martifHeader>\n    <fileDesc>\n      <sourceDesc>\n        {source}\n      \
             </sourceDesc>\n    </fileDesc>\n  </martifHeader>\n  <text>\n    <body>\n"
        ),
    }
}

fn term_sec(out: &mut String, element: &str, term: &str, status: &str) {
    let _ = write!(
        out,
        "        <{element}>\n          <term>{}</term>\n          \
         <termNote type=\"administrativeStatus\">{status}</termNote>\n        </{element}>\n",
        xml(term)
    );
}

/// Entries as concepts of a file of `shape`.
pub fn tbx_concepts(entries: &[TbxEntry], shape: TbxShape) -> String {
    let (concept, lang, term) = shape.names();
    let mut out = String::with_capacity(entries.len() * 700);
    for entry in entries {
        let _ = writeln!(out, "    <{concept} id=\"g{}\">", entry.id);
        let _ = write!(
            out,
            "      <transacGrp>\n        <transac type=\"transactionType\">origination</transac>\n        \
             <date>{}</date>\n",
            entry.added_at.strftime("%Y-%m-%d")
        );
        if let Some(name) = entry.added_by {
            let _ = writeln!(
                out,
                "        <transacNote type=\"responsibility\">{}</transacNote>",
                xml(name)
            );
        }
        out.push_str("      </transacGrp>\n");
        let _ = writeln!(
            out,
            "      <descrip type=\"subjectField\">{}</descrip>",
            xml(entry.kind)
        );
        if !entry.note.is_empty() {
            let _ = writeln!(out, "      <note>{}</note>", xml(entry.note));
        }
        let _ = writeln!(out, "      <{lang} xml:lang=\"ko\">");
        for (i, form) in entry.korean.iter().enumerate() {
            term_sec(
                &mut out,
                term,
                form,
                if i == 0 { PREFERRED } else { ADMITTED },
            );
        }
        let _ = writeln!(out, "      </{lang}>\n      <{lang} xml:lang=\"en\">");
        for (i, form) in entry.english.iter().enumerate() {
            term_sec(
                &mut out,
                term,
                form,
                if i == 0 { PREFERRED } else { ADMITTED },
            );
        }
        for form in entry.forbidden {
            term_sec(&mut out, term, form, DEPRECATED);
        }
        let _ = writeln!(out, "      </{lang}>\n    </{concept}>");
    }
    out
}

/// An entry as read from a TBX file, before it is checked as every entry
/// is ([`crate::terms::new_term`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadEntry {
    /// The concept's id in the file, to name it in an error.
    pub id: String,
    pub korean: Vec<String>,
    pub english: Vec<String>,
    pub forbidden: Vec<String>,
    pub kind: String,
    pub note: String,
}

/// The most XML nodes a TBX file may have (a bound on the memory a file
/// takes, whatever its shape: a 4 MiB body has far fewer).
const MAX_NODES: u32 = 2_000_000;

/// The language of a `langSec`: `ko`, `en`, or another.
fn language(node: roxmltree::Node) -> String {
    node.attribute((roxmltree::NS_XML_URI, "lang"))
        .or_else(|| node.attribute("lang"))
        .unwrap_or_default()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn named<'a, 'i>(node: roxmltree::Node<'a, 'i>, names: &[&str]) -> bool {
    node.is_element() && names.contains(&node.tag_name().name())
}

/// The text of an element, its inline markup read through.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// A concept's child elements of these names, not those of its languages.
fn own<'a, 'i>(
    concept: roxmltree::Node<'a, 'i>,
    names: &'static [&'static str],
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    concept.children().flat_map(move |child| {
        // A descrip may sit in a descripGrp, a note in a noteGrp (not the
        // notes of a transacGrp, which are about the change).
        let inner: Vec<_> = if matches!(child.tag_name().name(), "descripGrp" | "noteGrp") {
            child.children().collect()
        } else {
            vec![child]
        };
        inner.into_iter().filter(move |n| named(*n, names))
    })
}

/// Whether a term's status says not to use it: TBX-Basic's deprecated
/// and superseded terms, and the obsolete and forbidden ones of other
/// termbases (with or without TBX's `-admn-sts` suffix, any case).
fn do_not_use(status: &str) -> bool {
    let status = status.trim().to_ascii_lowercase();
    let status = status.strip_suffix("-admn-sts").unwrap_or(&status);
    matches!(
        status,
        "deprecatedterm"
            | "supersededterm"
            | "deprecated"
            | "superseded"
            | "obsolete"
            | "obsoleteterm"
            | "forbidden"
            | "forbiddenterm"
            | "notrecommended"
    )
}

/// Whether a term's status makes it the preferred one.
fn preferred(status: &str) -> bool {
    let status = status.trim().to_ascii_lowercase();
    matches!(
        status.strip_suffix("-admn-sts").unwrap_or(&status),
        "preferredterm" | "preferred"
    )
}

/// A DOCTYPE a TBX file may carry: one naming an external DTD (`<!DOCTYPE
/// martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN"
/// "TBXcdv04.dtd">`, as translate-toolkit and Weblate write), which is
/// never fetched, and no internal subset: entity declarations, and so
/// entity expansion, stay refused.
fn doctype_is_external_only(text: &str) -> Result<bool, TbxError> {
    let Some(at) = text.find("<!DOCTYPE") else {
        return Ok(false);
    };
    let declaration = &text[at..];
    let end = declaration.find('>').ok_or_else(|| TbxError::NotXml {
        detail: "the DOCTYPE does not end".into(),
    })?;
    if declaration[..end].contains('[') || text[at + end..].contains("<!ENTITY") {
        return Err(TbxError::NotXml {
            detail: "a DOCTYPE with an internal subset or an entity declaration is refused".into(),
        });
    }
    Ok(true)
}

/// A concept the import leaves out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedConcept {
    /// The concept's id in the file.
    pub concept: String,
    /// Why.
    pub why: Skip,
}

/// Why a concept is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// It has no Korean term.
    NoKorean,
    /// It has no English term to use.
    NoEnglish,
}

/// What a TBX file holds for the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadTbx {
    /// The concepts it can use.
    pub entries: Vec<ReadEntry>,
    /// The concepts it cannot, in the file's order.
    pub skipped: Vec<SkippedConcept>,
}

/// Why a TBX file does not import: a kind and what it names, said by
/// `i18n.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TbxError {
    /// Not well-formed XML, or with a DTD (the parser's words).
    NotXml { detail: String },
    /// The root is neither `<tbx>` nor `<martif>`.
    Root,
    /// No concept at all.
    NoConcepts,
}

/// Reads the entries of a TBX file (TBX-Basic 2019 or TBX 2008): each
/// concept's Korean and English terms (preferred first; deprecated and
/// superseded English as forbidden), its subject field as the kind when it
/// is one of Galley's (else `term`), its notes. Other languages are
/// skipped; a concept without Korean or English is left out and named in
/// [`ReadTbx::skipped`].
pub fn read_tbx(text: &str) -> Result<ReadTbx, TbxError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: doctype_is_external_only(text)?,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let document =
        roxmltree::Document::parse_with_options(text, options).map_err(|e| TbxError::NotXml {
            detail: e.to_string(),
        })?;
    let root = document.root_element();
    if !named(root, &["tbx", "martif"]) {
        return Err(TbxError::Root);
    }
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    let mut concepts = 0;
    for (n, concept) in root
        .descendants()
        .filter(|n| named(*n, &["conceptEntry", "termEntry"]))
        .enumerate()
    {
        concepts += 1;
        let id = concept
            .attribute("id")
            .map_or_else(|| format!("#{}", n + 1), str::to_string);
        let mut entry = ReadEntry {
            id: id.clone(),
            korean: Vec::new(),
            english: Vec::new(),
            forbidden: Vec::new(),
            kind: "term".into(),
            note: String::new(),
        };
        if let Some(field) = own(concept, &["descrip"])
            .find(|d| d.attribute("type") == Some("subjectField"))
            .map(text_of)
        {
            if galley_core::glossary::TermKind::parse(&field.to_lowercase()).is_some() {
                entry.kind = field.to_lowercase();
            }
        }
        entry.note = own(concept, &["note"])
            .map(text_of)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        for lang in concept
            .children()
            .filter(|n| named(*n, &["langSec", "langSet"]))
        {
            let language = language(lang);
            if language != "ko" && language != "en" {
                continue;
            }
            // Preferred terms first, then the rest in the file's order.
            let mut preferred = Vec::new();
            let mut others = Vec::new();
            for holder in lang
                .children()
                .filter(|n| named(*n, &["termSec", "tig", "ntig"]))
            {
                let Some(term) = holder
                    .descendants()
                    .find(|n| named(*n, &["term"]))
                    .map(text_of)
                else {
                    continue;
                };
                let status = holder
                    .descendants()
                    .find(|n| {
                        named(*n, &["termNote"])
                            && matches!(
                                n.attribute("type"),
                                Some("administrativeStatus" | "normativeAuthorization")
                            )
                    })
                    .map(text_of)
                    .unwrap_or_default();
                if do_not_use(&status) && language == "en" {
                    entry.forbidden.push(term);
                } else if self::preferred(&status) {
                    preferred.push(term);
                } else {
                    others.push(term);
                }
            }
            preferred.extend(others);
            if language == "ko" {
                entry.korean.extend(preferred);
            } else {
                entry.english.extend(preferred);
            }
        }
        let why = if entry.korean.is_empty() {
            Some(Skip::NoKorean)
        } else if entry.english.is_empty() {
            Some(Skip::NoEnglish)
        } else {
            None
        };
        match why {
            Some(why) => skipped.push(SkippedConcept { concept: id, why }),
            None => entries.push(entry),
        }
    }
    if concepts == 0 {
        return Err(TbxError::NoConcepts);
    }
    Ok(ReadTbx { entries, skipped })
}

#[cfg(test)]
mod tests {

    /// A file of more nodes than the bound is refused as the parser stops,
    /// whatever its shape; one just under it is read (and found to hold
    /// no concept).
    #[test]
    fn a_file_past_the_node_bound_is_refused_unread() {
        let file = |elements: usize| format!("<tbx>{}</tbx>", "<a/>".repeat(elements));
        assert!(matches!(
            read_tbx(&file(MAX_NODES as usize)),
            Err(TbxError::NotXml { detail }) if detail.contains("nodes")
        ));
        assert_eq!(
            read_tbx(&file(MAX_NODES as usize - 10)).err(),
            Some(TbxError::NoConcepts)
        );
    }

    use super::*;

    fn forms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_glossary_round_trips_through_tbx() {
        let (korean, english, forbidden) = (
            forms(&["산업통상자원부", "산업부"]),
            forms(&[
                "Ministry of Trade, Industry and Energy",
                "the trade ministry",
            ]),
            forms(&["Trade Ministry"]),
        );
        let entry = TbxEntry {
            id: 7,
            korean: &korean,
            english: &english,
            forbidden: &forbidden,
            kind: "organization",
            note: "house style <since 2013> & \"always\"",
            added_by: Some("kim.editor"),
            added_at: "2026-12-04T07:30:00Z".parse().unwrap(),
        };
        // Both shapes, TBX-Basic 2019 and TBX 2008, read back the same.
        for (shape, concept) in [
            (TbxShape::Basic, "<conceptEntry id=\"g7\">"),
            (TbxShape::Martif, "<termEntry id=\"g7\">"),
        ] {
            let file = glossary_tbx(std::slice::from_ref(&entry), "2026-12-04T08:00:00Z", shape);
            assert!(file.contains(concept), "{file}");
            assert!(file.contains("<date>2026-12-04</date>"), "{file}");
            let read = read_tbx(&file).expect("reads back");
            assert!(read.skipped.is_empty());
            assert_eq!(
                read.entries,
                vec![ReadEntry {
                    id: "g7".into(),
                    korean: korean.clone(),
                    english: english.clone(),
                    forbidden: forbidden.clone(),
                    kind: "organization".into(),
                    note: "house style <since 2013> & \"always\"".into(),
                }]
            );
        }
    }

    #[test]
    fn a_tbx_2008_termbase_is_read_too() {
        let file = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>MultiTerm</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descripGrp><descrip type="subjectField">Person</descrip></descripGrp>
      <langSet xml:lang="en-US">
        <tig><term>Park Jae-kyun</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>Park Jae-geun</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
      </langSet>
      <langSet xml:lang="ko-KR"><tig><term>박재근</term></tig></langSet>
      <langSet xml:lang="ja"><tig><term>朴在根</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>"#;
        let read = read_tbx(file).expect("reads").entries;
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].korean, forms(&["박재근"]));
        assert_eq!(read[0].english, forms(&["Park Jae-geun"]));
        assert_eq!(read[0].forbidden, forms(&["Park Jae-kyun"]));
        assert_eq!(read[0].kind, "person");
    }

    /// A termbase as translate-toolkit and Weblate write it: a DOCTYPE
    /// naming the external MARTIF DTD (never fetched), a concept without
    /// Korean (skipped and named, the rest imported), and statuses that
    /// mean "do not use" in several spellings.
    #[test]
    fn a_termbase_with_an_external_doctype_reads_and_skips_what_it_cannot_use() {
        let file = r#"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>Translate Toolkit</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="c1">
  <langSet xml:lang="en"><tig><term>Seoul</term></tig></langSet>
</termEntry>
<termEntry id="c2">
  <langSet xml:lang="ko"><tig><term>한국은행</term></tig></langSet>
  <langSet xml:lang="en">
    <tig><term>Bank of Korea</term></tig>
    <tig><term>BOK bank</term><termNote type="administrativeStatus">obsolete</termNote></tig>
    <tig><term>Korean central bank</term><termNote type="normativeAuthorization">forbidden</termNote></tig>
    <tig><term>Bank of Korea (old)</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="c3">
  <langSet xml:lang="ko"><tig><term>기준금리</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>base rate</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry>
</body></text>
</martif>"#;
        let read = read_tbx(file).expect("reads");
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read.entries[0].english, forms(&["Bank of Korea"]));
        assert_eq!(
            read.entries[0].forbidden,
            forms(&["BOK bank", "Korean central bank", "Bank of Korea (old)"])
        );
        assert_eq!(
            read.skipped,
            vec![
                SkippedConcept {
                    concept: "c1".into(),
                    why: Skip::NoKorean
                },
                SkippedConcept {
                    concept: "c3".into(),
                    why: Skip::NoEnglish
                },
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_a_termbase_is_refused_saying_why() {
        let refused = |text: &str| read_tbx(text).expect_err(text);
        assert!(matches!(refused("<tbx"), TbxError::NotXml { .. }));
        assert_eq!(refused("<xliff/>"), TbxError::Root);
        assert_eq!(
            refused("<tbx><text><body/></text></tbx>"),
            TbxError::NoConcepts
        );
        // An internal subset (and its entities) is refused outright, with
        // an external identifier or without.
        for doctype in [
            "<!DOCTYPE tbx [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><tbx>&b;</tbx>",
            "<!DOCTYPE martif SYSTEM \"TBXcdv04.dtd\" [<!ENTITY a \"x\">]><martif>&a;</martif>",
        ] {
            assert!(matches!(
                refused(doctype),
                TbxError::NotXml { detail } if detail.contains("internal subset")
            ));
        }
        // An entity the external DTD would declare is not read from it.
        assert!(matches!(
            refused("<!DOCTYPE martif SYSTEM \"TBXcdv04.dtd\"><martif>&nbsp;</martif>"),
            TbxError::NotXml { .. }
        ));
    }
}
