//! Born-digital PDF of a report, laid out like the real PIRA schede.
//!
//! The classic layout ([`Style::classic`]): landscape A4 (842 x 595 pt),
//! Helvetica and Helvetica-Bold with WinAnsiEncoding, text wrapped to the
//! cells with the AFM widths, vector ruling around every cell. Page 1 is a
//! cover with an overview table; each objective starts a page with its
//! scheda (a ruled label/value table), the objective code and "Nr
//! indicatori associati", then one block per indicator (title, "Cosa
//! misura", the 7-column table, three "Se altro, indicare qui" rows). A
//! block that does not fit goes to the next page. One page is stored
//! portrait with /Rotate 90, its content turned so that it displays upright
//! in landscape like the others.
//!
//! A drawn style ([`Style::random`]) varies all of that: see `style.rs`.

use lopdf::{dictionary, Document, Object, Stream};

use crate::blocks::{
    code_block, count_block, fitted, indicator_block, scheda_block, summary_blocks, table_widths,
    title_block, Block,
};
use crate::canvas::{fmt, Canvas};
use crate::metrics::{width, Font};
use crate::records::{generate, report_name, Report, Rng, Spec};
use crate::style::Style;

/// Layout choices that are not records.
#[derive(Debug, Clone)]
pub struct Options {
    /// Objective (0-based) whose indicators are forced onto the next page
    /// after its scheda and code.
    pub split_objective: Option<usize>,
    /// No cover page (title and overview table): the first scheda opens
    /// page 1.
    pub no_cover: bool,
    /// Picks the page stored turned with /Rotate 90: page
    /// `2 + n % (pages - 1)` (1-based), never the cover; `None`: no page.
    pub rotate: Option<u64>,
}

/// A written PDF and facts about it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// For each objective, the 1-based pages it occupies.
    pub objective_pages: Vec<Vec<usize>>,
    pub rotated_page: Option<usize>,
    /// The kinds of the blocks cut between rows across a page break
    /// ("scheda", "indicator", ...), in page order.
    pub cut_blocks: Vec<&'static str>,
}
/// Pages as lists of placed blocks.
pub struct Flow {
    pub pages: Vec<Vec<(f32, Block)>>,
    pub y: f32,
    pub top: f32,
    pub bottom: f32,
    /// Cut blocks that do not fit instead of moving them whole.
    pub split: bool,
    repeat_header: bool,
    /// The kinds of the blocks cut so far.
    pub cuts: Vec<&'static str>,
}

impl Flow {
    pub fn new(st: &Style) -> Self {
        Flow {
            pages: vec![Vec::new()],
            y: st.top,
            top: st.top,
            bottom: st.bottom,
            split: st.split_blocks,
            repeat_header: st.repeat_header,
            cuts: Vec::new(),
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    pub fn fits(&self, b: &Block) -> bool {
        self.y + b.height <= self.bottom
    }

    pub fn page_empty(&self) -> bool {
        self.pages.last().is_some_and(|p| p.is_empty())
    }

    /// Places `b`, cut across pages or on a new page if it does not fit;
    /// returns the 1-based pages it lands on.
    pub fn place(&mut self, b: Block, gap_after: f32) -> Vec<usize> {
        let mut b = b;
        let mut pages = Vec::new();
        if self.split && !self.fits(&b) {
            let room = self.bottom - self.y;
            if let Some(&y) = b.breaks().iter().rev().find(|&&y| y <= room) {
                self.cuts.push(b.kind);
                let (above, below) = b.cut(y, self.repeat_header);
                pages.push(self.put(above, 0.0));
                self.new_page();
                b = below;
            }
        }
        if !self.fits(&b) && !self.page_empty() {
            self.new_page();
        }
        pages.push(self.put(b, gap_after));
        pages
    }

    fn put(&mut self, b: Block, gap_after: f32) -> usize {
        let h = b.height;
        self.pages.last_mut().expect("a page").push((self.y, b));
        self.y += h + gap_after;
        self.pages.len()
    }
}

/// Lays the report out and writes the PDF.
pub fn render(r: &Report, opts: &Options, st: &Style) -> Rendered {
    let st = &fitted(st, r);
    let mut flow = Flow::new(st);
    if !opts.no_cover && (st.cover || st.summary) {
        flow.place(title_block(st, r), 0.0);
        if st.summary {
            let (head, rows) = summary_blocks(st, r);
            for row in rows {
                if !flow.fits(&row) {
                    flow.new_page();
                    flow.place(head.clone(), 0.0);
                } else if flow.pages.last().is_some_and(|p| p.len() == 1) {
                    flow.place(head.clone(), 0.0);
                }
                flow.place(row, 0.0);
            }
        }
    }

    let widths = table_widths(st, r);
    let mut objective_pages = Vec::new();
    for (oi, o) in r.objectives.iter().enumerate() {
        if st.objective_new_page && !flow.page_empty() {
            flow.new_page();
        } else if !flow.page_empty() {
            flow.y += 12.0;
        }
        let mut pages = Vec::new();
        if st.code_above {
            let code = code_block(st, o, r.year);
            // Kept with the start of its scheda.
            if flow.y + code.height + 80.0 > flow.bottom && !flow.page_empty() {
                flow.new_page();
            }
            pages.extend(flow.place(code, 6.0));
        }
        pages.extend(flow.place(scheda_block(st, o, r.year), 8.0));
        if !st.code_above {
            pages.extend(flow.place(code_block(st, o, r.year), 6.0));
        }
        if opts.split_objective == Some(oi) {
            flow.new_page();
        }
        pages.extend(flow.place(count_block(st, o, r.year), 10.0));
        for ind in &o.indicators {
            pages.extend(flow.place(indicator_block(st, ind, r, &widths), 12.0));
        }
        pages.dedup();
        objective_pages.push(pages);
    }

    let rotated = rotated_page(opts, flow.pages.len());
    let kind = if r.is_final_account() {
        "Rendicontazione"
    } else {
        "Bilancio preventivo"
    };
    let first_has_cover = !opts.no_cover && st.cover;
    let pages = Pages {
        header: format!("{} - P.I.R.A. {} - {kind}", r.entity, r.year),
        info_title: format!("P.I.R.A. {} - {}", r.year, r.entity),
        first_has_cover,
        rotated,
    };
    let bytes = write_pages(st, &flow.pages, &pages);
    Rendered {
        bytes,
        pages: flow.pages.len(),
        objective_pages,
        rotated_page: rotated.map(|p| p + 1),
        cut_blocks: flow.cuts,
    }
}

/// The 0-based page stored turned with /Rotate 90, if any.
pub fn rotated_page(opts: &Options, total: usize) -> Option<usize> {
    match opts.rotate {
        Some(n) if total > 1 => Some(1 + (n % (total as u64 - 1)) as usize),
        Some(_) if opts.no_cover => Some(0),
        _ => None,
    }
}

/// What every page carries besides its blocks.
pub struct Pages {
    /// The running header, on every page but a cover.
    pub header: String,
    /// The PDF's /Title.
    pub info_title: String,
    /// Page 1 is a cover (no running header).
    pub first_has_cover: bool,
    /// The 0-based page stored turned with /Rotate 90.
    pub rotated: Option<usize>,
}

/// The PDF of pages of placed blocks, with running header and page numbers.
pub fn write_pages(st: &Style, placed: &[Vec<(f32, Block)>], p: &Pages) -> Vec<u8> {
    let total = placed.len();
    let mut contents = Vec::new();
    for (pi, blocks) in placed.iter().enumerate() {
        let mut c = Canvas::new(st);
        c.raw("q");
        if p.rotated == Some(pi) {
            // MediaBox turned a quarter and shown with /Rotate 90: draw the
            // content turned a quarter counter-clockwise so the viewer's
            // clockwise turn shows it upright.
            c.raw(&format!("0 1 -1 0 {} 0 cm", fmt(st.page_h)));
        }
        c.raw("0.6 w 0 G 0 g");
        if pi > 0 || !p.first_has_cover {
            let w = width(&p.header, st.regular, 7.0);
            let x = st.left + st.content_w - w;
            c.text(x, st.top - 18.0, st.regular, 7.0, &p.header);
        }
        for (y, b) in blocks {
            for cell in &b.cells {
                c.cell(st.left, *y, cell);
            }
        }
        let foot = format!("Pagina {} di {}", pi + 1, total);
        let w = width(&foot, st.regular, 7.0);
        let bottom = st.page_h - 18.0;
        c.text((st.page_w - w) / 2.0, bottom, st.regular, 7.0, &foot);
        c.raw("Q");
        contents.push(c.ops);
    }
    write_pdf(&p.info_title, st, contents, p.rotated)
}

fn write_pdf(title: &str, st: &Style, contents: Vec<Vec<u8>>, rotated: Option<usize>) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let mut fonts = lopdf::Dictionary::new();
    for f in [st.regular, st.bold] {
        let dict = match f.program() {
            None => dictionary! {
                "Type" => "Font",
                "Subtype" => "Type1",
                "BaseFont" => Object::Name(f.base_font().as_bytes().to_vec()),
                "Encoding" => "WinAnsiEncoding",
            },
            Some(program) => embedded_font(&mut doc, f, program),
        };
        let id = doc.add_object(dict);
        fonts.set(f.resource(), id);
    }
    let resources = doc.add_object(dictionary! {
        "Font" => fonts,
        "ProcSet" => vec![Object::Name(b"PDF".to_vec()), Object::Name(b"Text".to_vec())],
    });
    let (w, h) = (st.page_w as i64, st.page_h as i64);
    let mut kids = Vec::new();
    for (i, ops) in contents.into_iter().enumerate() {
        let content = doc.add_object(Stream::new(dictionary! {}, ops));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Resources" => resources,
        };
        if rotated == Some(i) {
            page.set("MediaBox", vec![0.into(), 0.into(), h.into(), w.into()]);
            page.set("Rotate", 90);
        } else {
            page.set("MediaBox", vec![0.into(), 0.into(), w.into(), h.into()]);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info = doc.add_object(dictionary! {
        "Title" => Object::string_literal(title.as_bytes().to_vec()),
        "Producer" => Object::string_literal("pira make_fixtures"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing to memory");
    out
}

/// A simple TrueType font dictionary with WinAnsi encoding, its widths and
/// its program embedded.
fn embedded_font(doc: &mut Document, f: Font, program: &[u8]) -> lopdf::Dictionary {
    let name = Object::Name(f.base_font().as_bytes().to_vec());
    let (ascent, descent) = f.vertical_metrics().expect("the bundled font parses");
    let file = doc.add_object(Stream::new(
        dictionary! { "Length1" => program.len() as i64 },
        program.to_vec(),
    ));
    let bold = matches!(f, Font::DejaVuSansBold | Font::DejaVuSerifBold);
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => name.clone(),
        // Nonsymbolic (32), and serif (2) where it is.
        "Flags" => if matches!(f, Font::DejaVuSerif | Font::DejaVuSerifBold) { 34 } else { 32 },
        "FontBBox" => vec![(-1100).into(), (descent as i64).into(), 2000.into(), (ascent as i64).into()],
        "ItalicAngle" => 0,
        "Ascent" => ascent as i64,
        "Descent" => descent as i64,
        "CapHeight" => 729,
        "StemV" => if bold { 140 } else { 80 },
        "FontFile2" => file,
    });
    let widths: Vec<Object> = f.widths().iter().map(|&w| i64::from(w).into()).collect();
    dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => name,
        "FirstChar" => 32,
        "LastChar" => 255,
        "Widths" => widths,
        "Encoding" => "WinAnsiEncoding",
        "FontDescriptor" => descriptor,
    }
}

/// The layout choices of a report, drawn from its seed; `compact`: no
/// cover, no forced split, no rotated page (for the smallest fixtures).
pub fn options_for(spec: &Spec, r: &Report, st: &Style, compact: bool) -> Options {
    if compact {
        return Options {
            no_cover: true,
            split_objective: None,
            rotate: None,
        };
    }
    let mut rng = Rng::new(spec.seed).fork(u64::from(spec.index) + 1).fork(7);
    let n = r.objectives.len();
    // Prefer an objective with several indicators for the forced split.
    let many: Vec<usize> = (0..n)
        .filter(|&i| r.objectives[i].indicators.len() > 1)
        .collect();
    let split = if many.is_empty() {
        (n > 0).then(|| rng.below(n))
    } else {
        Some(*rng.pick(&many))
    };
    let rotate = rng.next_u64();
    if st.classic {
        return Options {
            no_cover: false,
            split_objective: split,
            rotate: Some(rotate),
        };
    }
    Options {
        no_cover: false,
        split_objective: split.filter(|_| rng.chance(50)),
        rotate: st.rotate_page.then_some(rotate),
    }
}

/// The style of a report: classic, or drawn from its seed.
pub fn style_for(spec: &Spec) -> Style {
    if spec.random_style {
        let mut rng = Rng::new(spec.seed).fork(u64::from(spec.index) + 1).fork(11);
        Style::random(&mut rng)
    } else {
        Style::classic()
    }
}

/// A report, its file name, its PDF and its style; objectives are added
/// until the PDF has at least `pages_min` pages.
pub fn build_styled(
    spec: &Spec,
    pages_min: usize,
    compact: bool,
) -> (Report, String, Rendered, Style) {
    let style = style_for(spec);
    let mut extra = 0;
    loop {
        let mut report = generate(spec, extra);
        let mut name = report_name(&report, spec);
        if compact {
            name.push_str("_compact");
        }
        report.source = format!("{name}.pdf");
        if !style.wording.target_dated() {
            // The page states no date for the target.
            for ind in report.objectives.iter_mut().flat_map(|o| &mut o.indicators) {
                ind.target_date = None;
            }
        }
        let opts = options_for(spec, &report, &style, compact);
        let rendered = render(&report, &opts, &style);
        if rendered.pages >= pages_min || extra >= 1000 {
            return (report, name, rendered, style);
        }
        extra += 1;
    }
}
