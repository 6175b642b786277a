//! PDFs built in memory with lopdf's writer, read back.

use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream, StringFormat};

use super::font::{base_encoding, helvetica_width};
use super::*;
use crate::read::Word;

const LETTER: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

struct PageSpec {
    media: [f64; 4],
    crop: Option<[f64; 4]>,
    rotate: Option<i64>,
    contents: Vec<Vec<u8>>,
}

fn page(content: &str) -> PageSpec {
    PageSpec {
        media: LETTER,
        crop: None,
        rotate: None,
        contents: vec![content.as_bytes().to_vec()],
    }
}

fn rect_object(r: [f64; 4]) -> Object {
    Object::Array(r.iter().map(|&v| Object::Real(v as f32)).collect())
}

fn stream(dict: Dictionary, content: &[u8]) -> Stream {
    Stream::new(dict, content.to_vec())
}

/// Builds a PDF: fonts and forms are shared by all pages' resources.
struct Builder {
    doc: lopdf::Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
    fonts: Dictionary,
    xobjects: Dictionary,
    compress: bool,
}

impl Builder {
    fn new() -> Self {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
            compress: false,
        }
    }

    fn font(&mut self, name: &str, dict: Dictionary) -> ObjectId {
        let id = self.doc.add_object(dict);
        self.fonts.set(name, Object::Reference(id));
        id
    }

    /// Helvetica, WinAnsi, with its widths.
    fn helvetica(&mut self, name: &str) -> ObjectId {
        let table = base_encoding(b"WinAnsiEncoding");
        let widths = (32..=255usize)
            .map(|code| {
                let w = table
                    .get(code)
                    .copied()
                    .flatten()
                    .map_or(0, helvetica_width);
                Object::Integer(i64::from(w))
            })
            .collect::<Vec<_>>();
        self.font(
            name,
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => "Helvetica",
                "Encoding" => "WinAnsiEncoding",
                "FirstChar" => 32,
                "LastChar" => 255,
                "Widths" => widths,
            },
        )
    }

    /// A simple font with the given /Encoding and every width 500.
    fn simple_font(&mut self, name: &str, encoding: Object, to_unicode: Option<&str>) -> ObjectId {
        let mut dict = dictionary! {
            "Type" => "Font",
            "Subtype" => "TrueType",
            "BaseFont" => "Arial",
            "Encoding" => encoding,
            "FirstChar" => 0,
            "Widths" => vec![Object::Integer(500); 256],
        };
        if let Some(cmap) = to_unicode {
            let id = self
                .doc
                .add_object(stream(Dictionary::new(), cmap.as_bytes()));
            dict.set("ToUnicode", Object::Reference(id));
        }
        self.font(name, dict)
    }

    /// Tesseract's invisible-text font: Type0, Identity-H, DW 500, and a
    /// ToUnicode map of every 2-byte code to itself.
    fn glyphless(&mut self, name: &str, to_unicode: bool) -> ObjectId {
        let descendant = self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "GlyphLessFont",
            "CIDToGIDMap" => "Identity",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 500,
        });
        let mut dict = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "GlyphLessFont",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(descendant)],
        };
        if to_unicode {
            let cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
                /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
                /CMapName /Adobe-Identify-UCS def\n/CMapType 2 def\n\
                1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
                1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\n\
                endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
            let id = self
                .doc
                .add_object(stream(Dictionary::new(), cmap.as_bytes()));
            dict.set("ToUnicode", Object::Reference(id));
        }
        self.font(name, dict)
    }

    /// A Form XObject; `resources` defaults to the page's (inherited).
    fn form(&mut self, name: &str, content: &str, matrix: [f64; 6], resources: Option<Dictionary>) {
        let mut dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => rect_object(LETTER),
            "Matrix" => Object::Array(matrix.iter().map(|&v| Object::Real(v as f32)).collect()),
        };
        if let Some(r) = resources {
            dict.set("Resources", r);
        }
        let id = self.doc.add_object(stream(dict, content.as_bytes()));
        self.xobjects.set(name, Object::Reference(id));
    }

    fn page(&mut self, spec: PageSpec) {
        let mut contents = Vec::new();
        for content in spec.contents {
            let mut s = stream(Dictionary::new(), &content);
            if self.compress {
                let _ = s.compress();
            }
            contents.push(Object::Reference(self.doc.add_object(s)));
        }
        let mut dict = dictionary! {
            "Type" => "Page",
            "Parent" => Object::Reference(self.pages_id),
            "MediaBox" => rect_object(spec.media),
            "Contents" => if contents.len() == 1 { contents.remove(0) } else { Object::Array(contents) },
            "Resources" => dictionary! {
                "Font" => self.fonts.clone(),
                "XObject" => self.xobjects.clone(),
            },
        };
        if let Some(crop) = spec.crop {
            dict.set("CropBox", rect_object(crop));
        }
        if let Some(rotate) = spec.rotate {
            dict.set("Rotate", rotate);
        }
        let id = self.doc.add_object(dict);
        self.kids.push(Object::Reference(id));
    }

    fn document(mut self) -> lopdf::Document {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => self.kids,
                "Count" => count,
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => Object::Reference(self.pages_id),
        });
        self.doc.trailer.set("Root", Object::Reference(catalog));
        let id = Object::String(vec![0x42; 16], StringFormat::Hexadecimal);
        self.doc
            .trailer
            .set("ID", Object::Array(vec![id.clone(), id]));
        self.doc
    }

    fn finish(self) -> Vec<u8> {
        save(self.document())
    }
}

fn save(mut doc: lopdf::Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("lopdf writes to memory");
    out
}

/// One page drawn with Helvetica as /F1.
fn helvetica_pdf(content: &str) -> Vec<u8> {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.page(page(content));
    b.finish()
}

fn texts(words: &[Word]) -> Vec<&str> {
    words.iter().map(|w| w.text.as_str()).collect()
}

fn read_ok(bytes: &[u8]) -> Document {
    match read(bytes) {
        Ok(doc) => doc,
        Err(e) => panic!("read failed: {e}"),
    }
}

fn words_of(bytes: &[u8]) -> Vec<Word> {
    read_ok(bytes)
        .pages
        .into_iter()
        .flat_map(|p| p.words)
        .collect()
}

fn assert_near(got: f32, want: f32, what: &str) {
    assert!((got - want).abs() < 0.05, "{what}: got {got}, want {want}");
}

fn assert_box(word: &Word, want: [f32; 4]) {
    let b = word.bbox;
    for (got, (want, name)) in [b.x0, b.y0, b.x1, b.y1]
        .into_iter()
        .zip(want.into_iter().zip(["x0", "y0", "x1", "y1"]))
    {
        assert_near(got, want, &format!("{:?} {name}", word.text));
    }
}

/// Width in points of Helvetica text at `size`.
fn helvetica(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| f32::from(helvetica_width(c)))
        .sum::<f32>()
        * size
        / 1000.0
}

#[test]
fn winansi_helvetica_with_italian_accents() {
    let pdf = helvetica_pdf(
        "BT /F1 12 Tf 72 700 Td (Attivit\\340 perch\\350 cos\\354 pi\\371 \\350 \\351 \\362 \\200 5) Tj ET",
    );
    let doc = read_ok(&pdf);
    assert_eq!(doc.format, InputFormat::PdfText);
    let page = &doc.pages[0];
    assert_eq!((page.number, page.width, page.height), (1, 612.0, 792.0));
    assert_eq!(
        texts(&page.words),
        ["Attività", "perchè", "così", "più", "è", "é", "ò", "€", "5"]
    );
    assert_box(
        &page.words[0],
        [72.0, 82.4, 72.0 + helvetica("Attività", 12.0), 94.4],
    );
    assert_eq!(page.words[0].font_size, Some(12.0));
    assert_eq!(page.words[0].confidence, None);
    assert_eq!(
        doc.routes,
        vec![PageRoute {
            page: 1,
            route: Route::TextLayer,
            reason: "text layer: 9 words".into()
        }]
    );
}

#[test]
fn simple_font_encodings() {
    struct Case {
        encoding: Object,
        to_unicode: Option<&'static str>,
        shown: &'static str,
        want: &'static [&'static str],
    }
    let cases = [
        Case {
            encoding: Object::Name(b"MacRomanEncoding".to_vec()),
            to_unicode: None,
            shown: "(citt\\210 \\217 \\235)",
            want: &["città", "è", "ù"],
        },
        Case {
            encoding: Object::Name(b"StandardEncoding".to_vec()),
            to_unicode: None,
            shown: "(l\\047ente)",
            want: &["l’ente"],
        },
        Case {
            encoding: Object::Dictionary(dictionary! {
                "Type" => "Encoding",
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![
                    Object::Integer(65),
                    Object::Name(b"agrave".to_vec()),
                    Object::Name(b"egrave".to_vec()),
                    Object::Name(b"uni00F9".to_vec()),
                    Object::Name(b"g17".to_vec()),
                    Object::Integer(120),
                    Object::Name(b"fi".to_vec()),
                ],
            }),
            to_unicode: None,
            shown: "(ABC xnale \\350 D)",
            want: &["àèù", "finale", "è", "\u{FFFD}"],
        },
        Case {
            // ToUnicode wins over the encoding where it maps a code.
            encoding: Object::Name(b"WinAnsiEncoding".to_vec()),
            to_unicode: Some(
                "1 begincodespacerange <00> <FF> endcodespacerange\n\
                 2 beginbfchar <41> <00C8> <42> <00660069> endbfchar",
            ),
            shown: "(AB C)",
            want: &["Èfi", "C"],
        },
    ];
    for case in cases {
        let mut b = Builder::new();
        b.simple_font("F2", case.encoding, case.to_unicode);
        b.page(page(&format!(
            "BT /F2 12 Tf 72 700 Td {} Tj ET",
            case.shown
        )));
        let words = words_of(&b.finish());
        assert_eq!(texts(&words), case.want, "shown {}", case.shown);
    }
}

/// The invisible text layer Tesseract and OCRmyPDF write: GlyphLessFont,
/// render mode 3, each word placed with Td and stretched with Tz.
#[test]
fn tesseract_glyphless_font() {
    let mut b = Builder::new();
    b.glyphless("f-0-0", true);
    b.page(page(
        "BT\n3 Tr 1 0 0 1 72.48 700.08 Tm /f-0-0 13 Tf 83.446 Tz \
         [ <005000490052004100200020> ] TJ 59.28 0 Td 97.23 Tz \
         [ <003000310031002D003000300035002D0030003000310020> ] TJ \
         -59.28 -20.16 Td /f-0-0 12 Tf 76.888 Tz [ <004100740074006900760069007400E00020> ] TJ \
         46.08 0 Td 100 Tz [ <D835DC0000410020> ] TJ ET",
    ));
    let doc = read_ok(&b.finish());
    let words = &doc.pages[0].words;
    assert_eq!(
        texts(words),
        ["PIRA", "011-005-001", "Attività", "\u{1D400}A"]
    );
    // Four glyphs of 0.5 em at 13 pt, squeezed to 83.446 %.
    let width = 4.0 * 0.5 * 13.0 * 0.83446;
    let top = 792.0 - 700.08 - 0.8 * 13.0;
    assert_box(&words[0], [72.48, top, 72.48 + width, top + 13.0]);
    assert_near(words[1].bbox.x0, 72.48 + 59.28, "second word x0");
    assert_eq!(doc.routes[0].reason, "text layer: 4 words");
}

/// OCR words that overlap on one baseline stay whole, in order of their
/// starts; a word coinciding with another in one letter is kept.
#[test]
fn overlapping_runs_do_not_interleave() {
    struct Case {
        content: &'static str,
        want: &'static [&'static str],
    }
    let cases = [
        Case {
            content:
                "1 0 0 1 100 700 Tm [<0041004200430044>] TJ 1 0 0 1 107 701 Tm [<00580059>] TJ",
            want: &["ABCD", "XY"],
        },
        Case {
            content:
                "1 0 0 1 100 700 Tm [<00610070007000720065>] TJ 1 0 0 1 105 700 Tm [<00700071>] TJ",
            want: &["appre", "pq"],
        },
        Case {
            // Drawn twice, split differently the second time.
            content:
                "1 0 0 1 100 700 Tm [<0042006F006C0064>] TJ 1 0 0 1 100 700 Tm [<0042006F>] TJ \
                      1 0 0 1 110 700 Tm [<006C0064>] TJ",
            want: &["Bold"],
        },
        Case {
            // Each glyph drawn twice in a row, 0.2 pt apart.
            content: "1 0 0 1 100 700 Tm [<0042>] TJ 1 0 0 1 100.2 700 Tm [<0042>] TJ \
                      1 0 0 1 105 700 Tm [<006F>] TJ 1 0 0 1 105.2 700 Tm [<006F>] TJ",
            want: &["Bo"],
        },
    ];
    for case in cases {
        let mut b = Builder::new();
        b.glyphless("G", true);
        b.page(page(&format!("BT /G 10 Tf {} ET", case.content)));
        assert_eq!(texts(&words_of(&b.finish())), case.want, "{}", case.content);
    }
}

/// The text layer of a page Tesseract 5.3 OCR'd (`tesseract page.png out -l ita pdf`).
#[test]
fn real_tesseract_pdf() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/pdf/tesseract_ita.pdf"
    ))
    .expect("fixture");
    let doc = crate::read::read(&bytes).expect("reads");
    let mut lines: Vec<String> = Vec::new();
    let mut last_y = f32::NEG_INFINITY;
    for w in &doc.pages[0].words {
        if (w.bbox.y_mid() - last_y).abs() > 3.0 {
            lines.push(String::new());
        }
        last_y = w.bbox.y_mid();
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&w.text);
        }
    }
    assert_eq!(
        lines,
        [
            "Obiettivo 011-005-001 Riorganizzazione dell'ente",
            "Attività svolte: perchè più verifiche, così è stato",
            "Risultato atteso al 31/12/2020: almeno 95,00%",
            "Valore a consuntivo 97,40% Risorse € 8.825.715,66",
        ]
    );
    assert_eq!(doc.pages[0].width, 612.0);
}

#[test]
fn glyphs_join_and_split_by_gaps() {
    struct Case {
        content: String,
        want: &'static [&'static str],
    }
    let val = 72.0 + helvetica("Val", 10.0);
    let tot = 72.0 + helvetica("Tot", 10.0);
    let cases = [
        Case {
            // Kerning (30, -20) joins; -400 (0.4 em) is a word space.
            content: "BT /F1 10 Tf 72 700 Td [(Ris) 30 (ul) -20 (tato) -400 (atteso)] TJ ET".into(),
            want: &["Risultato", "atteso"],
        },
        Case {
            // Separate Tj chunks, the second placed where the first ends.
            content: format!(
                "BT /F1 10 Tf 72 700 Td (Val) Tj ET BT /F1 10 Tf {val} 700 Td (ore) Tj ET"
            ),
            want: &["Valore"],
        },
        Case {
            // ... and 0.1 em further: still one word.
            content: format!(
                "BT /F1 10 Tf 72 700 Td (Val) Tj ET BT /F1 10 Tf {} 700 Td (ore) Tj ET",
                val + 1.0
            ),
            want: &["Valore"],
        },
        Case {
            // A 0.2 em gap splits.
            content: format!(
                "BT /F1 10 Tf 72 700 Td (Tot) Tj ET BT /F1 10 Tf {} 700 Td (ale) Tj ET",
                tot + 2.0
            ),
            want: &["Tot", "ale"],
        },
        Case {
            // Character spacing (Tc) and word spacing (Tw) move glyphs apart.
            content: "BT /F1 10 Tf 0.5 Tc 72 700 Td (spaziato) Tj 0 Tc 30 Tw 0 -20 Td (a b) Tj ET"
                .into(),
            want: &["spaziato", "a", "b"],
        },
        Case {
            // Bold by overprinting: the same text at the same place, or 0.3 pt off.
            content: "BT /F1 10 Tf 72 700 Td (Cooperazione) Tj ET \
                      BT /F1 10 Tf 72 700 Td (Cooperazione) Tj ET \
                      BT /F1 10 Tf 72.3 700 Td (Cooperazione) Tj ET"
                .into(),
            want: &["Cooperazione"],
        },
        Case {
            // Reading order: lines top down, words left to right, whatever
            // order they were drawn in.
            content: "BT /F1 10 Tf 200 600 Td (destra) Tj -128 0 Td (sinistra) Tj ET \
                      BT /F1 10 Tf 72 700 Td (primo) Tj ET"
                .into(),
            want: &["primo", "sinistra", "destra"],
        },
        Case {
            // A superscript (Ts) stays on its line.
            content: "BT /F1 10 Tf 72 700 Td (m) Tj 3 Ts (2) Tj 0 Ts ( totali) Tj ET".into(),
            want: &["m2", "totali"],
        },
        Case {
            // Garbage between operators is skipped; the text around it kept.
            content: "BT /F1 10 Tf 72 700 Td (prima) Tj ) ] >> } 1.2.3 xyz Tj ( dopo) Tj ET".into(),
            want: &["prima", "dopo"],
        },
        Case {
            // An inline image is skipped.
            content:
                "BI /W 4 /H 1 /CS /G /BPC 8 ID \x01(EI\x03 EI BT /F1 10 Tf 72 700 Td (testo) Tj ET"
                    .into(),
            want: &["testo"],
        },
        Case {
            // Text wholly off the displayed page is not read (as a viewer
            // shows nothing of it).
            content:
                "BT /F1 10 Tf 72 700 Td (dentro) Tj 578 0 Td (fuori) Tj -578 -760 Td (sotto) Tj \
                      0 100 Td (basso) Tj ET"
                    .into(),
            want: &["dentro", "basso"],
        },
        Case {
            // A font missing from the resources: read as WinAnsi.
            content: "BT /Nope 10 Tf 72 700 Td (ciao) Tj ET".into(),
            want: &["ciao"],
        },
    ];
    for case in cases {
        let words = words_of(&helvetica_pdf(&case.content));
        assert_eq!(texts(&words), case.want, "content {}", case.content);
    }
}

#[test]
fn line_operators() {
    let pdf = helvetica_pdf(
        "BT /F1 10 Tf 12 TL 72 700 Td (uno) Tj T* (due) Tj (tre) ' 2 0 (quattro) \" \
         0 -12 TD (cinque) Tj T* (sei) Tj ET",
    );
    let words = words_of(&pdf);
    assert_eq!(
        texts(&words),
        ["uno", "due", "tre", "quattro", "cinque", "sei"]
    );
    for (i, w) in words.iter().enumerate() {
        assert_near(w.bbox.x0, 72.0, &w.text);
        assert_near(w.bbox.y1, 92.0 + 12.0 * i as f32 + 2.0, &w.text);
    }
}

#[test]
fn skewed_lines_stay_lines() {
    // Two lines rotated by 2 degrees, as an OCR layer of a skewed scan.
    let (c, s) = (2f64.to_radians().cos(), 2f64.to_radians().sin());
    let pdf = helvetica_pdf(&format!(
        "BT /F1 10 Tf {c} {s} {} {c} 72 700 Tm (una riga inclinata lunga lunga lunga lunga lunga) Tj \
         {c} {s} {} {c} 72.5 686 Tm (seconda riga) Tj ET",
        -s, -s
    ));
    assert_eq!(
        texts(&words_of(&pdf)),
        [
            "una",
            "riga",
            "inclinata",
            "lunga",
            "lunga",
            "lunga",
            "lunga",
            "lunga",
            "seconda",
            "riga"
        ]
    );
}

#[test]
fn rotated_pages_give_displayed_coordinates() {
    // Text written so that it reads left to right on the displayed page,
    // at displayed (x, baseline) = want.
    struct Case {
        rotate: i64,
        tm: &'static str,
        size: (f32, f32),
        origin: (f32, f32),
    }
    let cases = [
        Case {
            rotate: 0,
            tm: "1 0 0 1 100 50",
            size: (600.0, 800.0),
            origin: (100.0, 750.0),
        },
        Case {
            rotate: 90,
            tm: "0 1 -1 0 100 50",
            size: (800.0, 600.0),
            origin: (50.0, 100.0),
        },
        Case {
            rotate: 180,
            tm: "-1 0 0 -1 100 50",
            size: (600.0, 800.0),
            origin: (500.0, 50.0),
        },
        Case {
            rotate: 270,
            tm: "0 -1 1 0 100 50",
            size: (800.0, 600.0),
            origin: (750.0, 500.0),
        },
        Case {
            rotate: -90,
            tm: "0 -1 1 0 100 50",
            size: (800.0, 600.0),
            origin: (750.0, 500.0),
        },
    ];
    for case in cases {
        let mut b = Builder::new();
        b.helvetica("F1");
        b.page(PageSpec {
            media: [0.0, 0.0, 600.0, 800.0],
            crop: None,
            rotate: Some(case.rotate),
            contents: vec![format!("BT /F1 10 Tf {} Tm (Orizzontale) Tj ET", case.tm).into_bytes()],
        });
        let doc = read_ok(&b.finish());
        let page = &doc.pages[0];
        assert_eq!(
            (page.width, page.height),
            case.size,
            "rotate {}",
            case.rotate
        );
        let (x, y) = case.origin;
        let w = helvetica("Orizzontale", 10.0);
        assert_eq!(texts(&page.words), ["Orizzontale"]);
        assert_box(&page.words[0], [x, y - 8.0, x + w, y + 2.0]);
    }
}

#[test]
fn upright_text_on_a_rotated_page_is_vertical() {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.page(PageSpec {
        media: [0.0, 0.0, 600.0, 800.0],
        crop: None,
        rotate: Some(90),
        contents: vec![b"BT /F1 10 Tf 100 50 Td (Verticale) Tj ET".to_vec()],
    });
    let words = words_of(&b.finish());
    assert_eq!(texts(&words), ["Verticale"]);
    // Runs down the displayed page from (50, 100); its top faces right.
    assert_box(
        &words[0],
        [48.0, 100.0, 58.0, 100.0 + helvetica("Verticale", 10.0)],
    );
}

#[test]
fn crop_box_sets_the_origin() {
    struct Case {
        crop: [f64; 4],
        size: (f32, f32),
        origin: (f32, f32),
    }
    let cases = [
        Case {
            crop: [100.0, 100.0, 500.0, 700.0],
            size: (400.0, 600.0),
            origin: (50.0, 50.0),
        },
        // Partly outside the MediaBox: clipped to it.
        Case {
            crop: [-50.0, 100.0, 500.0, 900.0],
            size: (500.0, 692.0),
            origin: (150.0, 142.0),
        },
        // Empty: the MediaBox.
        Case {
            crop: [0.0, 0.0, 0.0, 0.0],
            size: (612.0, 792.0),
            origin: (150.0, 142.0),
        },
    ];
    for case in cases {
        let mut b = Builder::new();
        b.helvetica("F1");
        b.page(PageSpec {
            media: LETTER,
            crop: Some(case.crop),
            rotate: None,
            contents: vec![b"BT /F1 10 Tf 150 650 Td (Ritaglio) Tj ET".to_vec()],
        });
        let doc = read_ok(&b.finish());
        let page = &doc.pages[0];
        assert_eq!((page.width, page.height), case.size, "crop {:?}", case.crop);
        assert_near(page.words[0].bbox.x0, case.origin.0, "x0");
        assert_near(page.words[0].bbox.y1, case.origin.1 + 2.0, "y1");
    }
}

#[test]
fn form_xobjects() {
    let mut b = Builder::new();
    b.helvetica("F1");
    let mut form_fonts = Dictionary::new();
    let helv = b.helvetica("Fx");
    form_fonts.set("F9", Object::Reference(helv));
    b.form(
        "Fm1",
        "BT /F9 10 Tf 5 5 Td (Modulo) Tj ET",
        [2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
        Some(dictionary! { "Font" => form_fonts }),
    );
    // A form drawing a form (resources inherited from the page).
    b.form(
        "Fm2",
        "q 1 0 0 1 0 100 cm /Fm1 Do Q",
        [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        None,
    );
    b.page(page(
        "q 1 0 0 1 100 200 cm /Fm1 Do Q BT /F1 10 Tf 72 700 Td (Dopo) Tj ET /Fm2 Do /Missing Do",
    ));
    let words = words_of(&b.finish());
    assert_eq!(texts(&words), ["Dopo", "Modulo", "Modulo"]);
    // Origin (100 + 2*5, 200 + 2*5), font size 10 scaled by 2.
    assert_box(
        &words[1],
        [
            110.0,
            582.0 - 16.0,
            110.0 + helvetica("Modulo", 20.0),
            586.0,
        ],
    );
    assert_eq!(words[1].font_size, Some(20.0));
    assert_near(words[2].bbox.x0, 10.0, "nested form x0");
    assert_near(words[2].bbox.y1, 792.0 - 110.0 + 4.0, "nested form y1");
}

#[test]
fn a_form_drawing_itself_is_drawn_once() {
    let mut b = Builder::new();
    b.helvetica("F1");
    let id = b.doc.new_object_id();
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => rect_object(LETTER),
        "Resources" => dictionary! {
            "Font" => b.fonts.clone(),
            "XObject" => dictionary! { "Fm" => Object::Reference(id) },
        },
    };
    b.doc.objects.insert(
        id,
        Object::Stream(stream(dict, b"BT /F1 10 Tf 72 700 Td (Ciclo) Tj ET /Fm Do")),
    );
    b.xobjects.set("Fm", Object::Reference(id));
    b.page(page("/Fm Do"));
    assert_eq!(texts(&words_of(&b.finish())), ["Ciclo"]);
}

#[test]
fn a_broken_font_spoils_only_its_glyphs() {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.glyphless("X1", false);
    b.page(page(
        "BT /X1 10 Tf 1 0 0 1 72 700 Tm <00410042> Tj /F1 10 Tf 1 0 0 1 72 680 Tm (buono) Tj ET",
    ));
    let doc = read_ok(&b.finish());
    assert_eq!(texts(&doc.pages[0].words), ["\u{FFFD}\u{FFFD}", "buono"]);
    assert_eq!(
        doc.routes[0].reason,
        "text layer: 2 words (28% of glyphs undecodable)"
    );
}

#[test]
fn type3_font_widths_from_its_matrix() {
    let mut b = Builder::new();
    let proc_id = b.doc.add_object(stream(Dictionary::new(), b"50 0 d0"));
    b.font(
        "T3",
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type3",
            "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
            "FontBBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "FirstChar" => 65,
            "LastChar" => 66,
            "Widths" => vec![50.into(), 50.into()],
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "Differences" => vec![65.into(), Object::Name(b"A".to_vec()), Object::Name(b"B".to_vec())],
            },
            "CharProcs" => dictionary! { "A" => Object::Reference(proc_id), "B" => Object::Reference(proc_id) },
        },
    );
    b.page(page("BT /T3 10 Tf 72 700 Td (AB) Tj ET"));
    let words = words_of(&b.finish());
    assert_eq!(texts(&words), ["AB"]);
    assert_box(&words[0], [72.0, 84.0, 82.0, 94.0]);
}

#[test]
fn pages_contents_and_routes() {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.page(PageSpec {
        media: LETTER,
        crop: None,
        rotate: None,
        contents: vec![b"BT /F1 10 Tf 72 700 Td".to_vec(), b"(tito) Tj ET".to_vec()],
    });
    b.page(page("q 1 0 0 1 0 0 cm Q"));
    let doc = read_ok(&b.finish());
    assert_eq!(texts(&doc.pages[0].words), ["tito"]);
    assert!(doc.pages[1].words.is_empty());
    let routes: Vec<(u32, Route, &str)> = doc
        .routes
        .iter()
        .map(|r| (r.page, r.route, r.reason.as_str()))
        .collect();
    assert_eq!(
        routes,
        [
            (1, Route::TextLayer, "text layer: 1 words"),
            (2, Route::TextLayer, "no text layer"),
        ]
    );
}

#[test]
fn dispatch_finds_the_header_after_leading_bytes() {
    let pdf = helvetica_pdf("BT /F1 10 Tf 72 700 Td (intestazione) Tj ET");
    for prefix in [&b"\xEF\xBB\xBF"[..], &[b'x'; 1000][..], b""] {
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(&pdf);
        let doc = crate::read::read(&bytes).expect("reads");
        assert_eq!(texts(&doc.pages[0].words), ["intestazione"]);
    }
    // Past the first kilobyte it is not taken for a PDF.
    let mut late = vec![b'x'; 2000];
    late.extend_from_slice(&pdf);
    assert!(!crate::read::is_pdf(&late));
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.page(page("BT /F1 10 Tf 72 700 Td (Riservato) Tj ET"));
    let mut doc = b.document();
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    save(doc)
}

#[test]
fn encrypted_files() {
    let open = encrypted("");
    assert!(open.windows(8).any(|w| w == b"/Encrypt"));
    assert!(!open.windows(9).any(|w| w == b"Riservato"));
    assert_eq!(texts(&words_of(&open)), ["Riservato"]);

    let locked = encrypted("segreta");
    let err = read(&locked).expect_err("needs a password");
    assert!(matches!(err.kind(), ErrorKind::Encrypted), "{err}");
    assert_eq!(err.to_string(), "encrypted with a password");
}

#[test]
fn bad_inputs_are_errors() {
    let good = helvetica_pdf("BT /F1 10 Tf 72 700 Td (ok) Tj ET");
    let half = good.get(..good.len() / 2).unwrap_or_default().to_vec();
    struct Case {
        name: &'static str,
        bytes: Vec<u8>,
        want: &'static str,
    }
    let cases = [
        Case {
            name: "header only",
            bytes: b"%PDF-1.7\n".to_vec(),
            want: "not a readable PDF: ",
        },
        Case {
            name: "garbage",
            bytes: b"%PDF-1.4\n\x00\xff garbage ( [ << obj endobj".to_vec(),
            want: "not a readable PDF: ",
        },
        Case {
            name: "truncated",
            bytes: half,
            want: "not a readable PDF: truncated",
        },
        Case {
            name: "not a PDF",
            bytes: b"hello".to_vec(),
            want: "not a readable PDF: ",
        },
    ];
    for case in cases {
        let err = read(&case.bytes).expect_err(case.name);
        let message = err.to_string();
        assert!(message.starts_with(case.want), "{}: {message}", case.name);
        assert!(!message.contains('\n'), "{}: {message}", case.name);
    }
}

#[test]
fn broken_xref_offsets_are_repaired() {
    let good = helvetica_pdf("BT /F1 10 Tf 72 700 Td (riparato) Tj ET");
    // Shift every object by inserting bytes after the header: the offsets
    // in the table all point a little early.
    let mut shifted = b"%PDF-1.5\n%  padding padding padding\n".to_vec();
    shifted.extend_from_slice(good.get(9..).unwrap_or_default());
    assert_eq!(texts(&words_of(&shifted)), ["riparato"]);
    // A startxref pointing nowhere.
    let mut bad = good.clone();
    if let Some(at) = bad.windows(9).rposition(|w| w == b"startxref") {
        bad.truncate(at);
        bad.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    }
    assert_eq!(texts(&words_of(&bad)), ["riparato"]);
    // No table or trailer at all: the objects are found by scanning.
    let cut = good
        .windows(4)
        .rposition(|w| w == b"xref")
        .unwrap_or(good.len());
    let no_xref = good.get(..cut).unwrap_or_default();
    assert_eq!(texts(&words_of(no_xref)), ["riparato"]);
}

#[test]
fn decompression_is_bounded() {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.compress = true;
    b.page(page(&"BT ET q Q\n".repeat(200_000)));
    let pdf = b.finish();
    assert!(pdf.len() < 100_000, "compressed to {}", pdf.len());
    let limits = Limits {
        max_decompressed: 1024 * 1024,
    };
    let err = read_with(&pdf, limits).expect_err("over the limit");
    assert!(
        matches!(err.kind(), ErrorKind::DecompressedTooLarge { .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "PDF streams decompress to more than the limit of 1 MiB"
    );
    assert!(read(&pdf).is_ok());
}

/// A small PDF with two fonts and a form, to mutate.
fn sample_for_mutation(compress: bool) -> Vec<u8> {
    let mut b = Builder::new();
    b.compress = compress;
    b.helvetica("F1");
    b.glyphless("G1", true);
    b.form(
        "Fm1",
        "BT /F1 9 Tf 10 10 Td (forma) Tj ET",
        [1.0, 0.0, 0.0, 1.0, 5.0, 5.0],
        None,
    );
    b.page(page(
        "BT /F1 12 Tf 72 700 Td [(Attivit\\340) -300 (svolte)] TJ /G1 10 Tf 0 -20 Td <00500049> Tj ET /Fm1 Do",
    ));
    b.finish()
}

/// xorshift64*, for reproducible mutations without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Reads `bytes` without the panic guard, and says whether it panicked.
fn panics(bytes: &[u8]) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        let _ = read_unguarded(bytes, Limits::default());
    }))
    .is_err()
}

#[test]
fn truncated_and_mutated_files_never_panic() {
    let mut panicked = Vec::new();
    for compress in [false, true] {
        let pdf = sample_for_mutation(compress);
        assert!(read(&pdf).is_ok());
        for len in 0..pdf.len() {
            let prefix = pdf.get(..len).unwrap_or_default();
            if panics(prefix) {
                panicked.push(format!("prefix {len} (compress {compress})"));
            }
        }
        let mut rng = Rng(0x5EED_0000 + u64::from(compress));
        for round in 0..1500 {
            let mut bytes = pdf.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(bytes.len());
                let value = match rng.below(4) {
                    0 => b"0123456789"[rng.below(10)],
                    1 => b"()<>[]/{}% \n"[rng.below(12)],
                    _ => rng.next() as u8,
                };
                if let Some(b) = bytes.get_mut(at) {
                    *b = value;
                }
            }
            if panics(&bytes) {
                panicked.push(format!("flip round {round} (compress {compress})"));
            }
        }
    }
    assert!(panicked.is_empty(), "panicked on {panicked:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_after_a_header_read_or_fail(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let mut bytes = b"%PDF-1.4\n".to_vec();
            bytes.extend_from_slice(&body);
            prop_assert!(!panics(&bytes));
        }

        #[test]
        fn any_content_stream_reads(content in proptest::collection::vec(any::<u8>(), 0..1024)) {
            let mut b = Builder::new();
            b.helvetica("F1");
            b.glyphless("G1", true);
            b.page(PageSpec { media: LETTER, crop: None, rotate: None, contents: vec![content] });
            let pdf = b.finish();
            prop_assert!(read(&pdf).is_ok());
        }
    }
}

mod images;
