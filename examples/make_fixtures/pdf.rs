//! Born-digital PDF of a report, laid out like the real PIRA schede.
//!
//! Landscape A4 (842 x 595 pt), Helvetica and Helvetica-Bold with
//! WinAnsiEncoding, text wrapped to the cells with the AFM widths, vector
//! ruling around every cell. Page 1 is a cover with an overview table; each
//! objective starts a page with its scheda (a ruled label/value table), the
//! objective code and "Nr indicatori associati", then one block per
//! indicator (title, "Cosa misura", the 7-column table, three "Se altro,
//! indicare qui" rows). A block that does not fit goes to the next page.
//! One page is stored portrait with /Rotate 90, its content turned so that
//! it displays upright in landscape like the others.

use lopdf::{dictionary, Document, Object, Stream};

use crate::metrics::{encode, width, Font};
use crate::records::{generate, report_name, Indicator, Objective, Report, Rng, Spec};

pub const PAGE_W: f32 = 842.0;
pub const PAGE_H: f32 = 595.0;
const LEFT: f32 = 36.0;
const CONTENT_W: f32 = 770.0;
const TOP: f32 = 46.0;
const BOTTOM: f32 = 557.0;
const LABEL_W: f32 = 150.0;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
const BODY: f32 = 8.0;
const SMALL: f32 = 7.5;

/// Layout choices that are not records.
#[derive(Debug, Clone)]
pub struct Options {
    /// Objective (0-based) whose indicators are forced onto the next page
    /// after its scheda and code.
    pub split_objective: Option<usize>,
    /// No cover page (title and overview table): the first scheda opens
    /// page 1.
    pub no_cover: bool,
    /// Picks the page stored portrait with /Rotate 90: page
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
}

/// One positioned cell of a block: offsets from the block's top-left.
#[derive(Debug, Clone)]
struct Cell {
    x: f32,
    dy: f32,
    w: f32,
    h: f32,
    lines: Vec<String>,
    font: Font,
    size: f32,
    align: Align,
    valign_center: bool,
    border: bool,
}

/// Cells laid out together and never split across pages.
#[derive(Debug, Clone, Default)]
struct Block {
    height: f32,
    cells: Vec<Cell>,
}

fn leading(size: f32) -> f32 {
    size * 1.22
}

/// Greedy word wrap; `\n` starts a new paragraph; a word longer than the
/// width is cut.
pub fn wrap(text: &str, font: Font, size: f32, max_w: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, font, size) <= max_w {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            // The word alone; cut it if it is still too wide.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, font, size) > max_w && piece.chars().count() > 1 {
                    piece.pop();
                    out.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        out.push(line);
    }
    out
}

impl Block {
    /// Adds a cell whose text is wrapped to its width; returns the height
    /// the text needs (lines + padding).
    #[allow(clippy::too_many_arguments)]
    fn text_cell(
        &mut self,
        x: f32,
        dy: f32,
        w: f32,
        text: &str,
        font: Font,
        size: f32,
        align: Align,
        border: bool,
    ) -> (usize, f32) {
        let lines = wrap(text, font, size, w - 2.0 * PAD_X);
        let lines = if lines.len() == 1 && lines[0].is_empty() {
            Vec::new()
        } else {
            lines
        };
        let h = lines.len().max(1) as f32 * leading(size) + 2.0 * PAD_Y;
        self.cells.push(Cell {
            x,
            dy,
            w,
            h,
            lines,
            font,
            size,
            align,
            valign_center: true,
            border,
        });
        (self.cells.len() - 1, h)
    }

    /// A row of cells sharing one height (the tallest).
    fn row(&mut self, dy: f32, cells: &[(f32, f32, &str, Font, f32, Align)]) -> f32 {
        let first = self.cells.len();
        let mut h: f32 = 0.0;
        for &(x, w, text, font, size, align) in cells {
            let (_, ch) = self.text_cell(x, dy, w, text, font, size, align, true);
            h = h.max(ch);
        }
        for c in &mut self.cells[first..] {
            c.h = h;
        }
        h
    }

    /// Label cell on the left, value on the right.
    fn label_value(&mut self, dy: f32, label: &str, value: &str, value_font: Font) -> f32 {
        self.row(
            dy,
            &[
                (0.0, LABEL_W, label, Font::Bold, BODY, Align::Left),
                (
                    LABEL_W,
                    CONTENT_W - LABEL_W,
                    value,
                    value_font,
                    BODY,
                    Align::Left,
                ),
            ],
        )
    }
}

fn scheda_block(o: &Objective) -> Block {
    let mut b = Block::default();
    let mut y = 0.0;
    let mission = format!("{} - {}", o.mission_code, o.mission_name);
    let programme = format!("{} - {}", o.programme_code, o.programme_name);
    y += b.label_value(y, "Missione", &mission, Font::Regular);
    y += b.label_value(y, "Programma", &programme, Font::Regular);
    // "Obiettivo" spans the Titolo and Descrizione rows.
    let sub = 64.0;
    let top = y;
    let row = |b: &mut Block, y: f32, label: &str, value: &str, font: Font| {
        b.row(
            y,
            &[
                (sub, LABEL_W - sub, label, Font::Bold, BODY, Align::Left),
                (LABEL_W, CONTENT_W - LABEL_W, value, font, BODY, Align::Left),
            ],
        )
    };
    y += row(&mut b, y, "Titolo", &o.title, Font::Bold);
    y += row(&mut b, y, "Descrizione", &o.description, Font::Regular);
    let (i, _) = b.text_cell(
        0.0,
        top,
        sub,
        "Obiettivo",
        Font::Bold,
        BODY,
        Align::Left,
        true,
    );
    b.cells[i].h = y - top;
    y += b.label_value(
        y,
        "Arco temporale realizzazione",
        &o.time_frame,
        Font::Regular,
    );
    y += b.label_value(
        y,
        "Centro di responsabilità",
        &o.responsibility_centre,
        Font::Regular,
    );
    y += b.label_value(y, "Risorse finanziarie", &o.resources_text, Font::Regular);
    b.height = y;
    b
}

fn code_block(o: &Objective) -> Block {
    let mut b = Block::default();
    let h = b.row(
        0.0,
        &[(0.0, LABEL_W, &o.code, Font::Bold, 10.0, Align::Center)],
    );
    b.height = h;
    b
}

fn count_block(o: &Objective) -> Block {
    let mut b = Block::default();
    let n = o
        .declared_indicators
        .map(|n| n.to_string())
        .unwrap_or_default();
    let h = b.row(
        0.0,
        &[
            (
                0.0,
                LABEL_W,
                "Nr indicatori associati",
                Font::Bold,
                BODY,
                Align::Left,
            ),
            (LABEL_W, 40.0, &n, Font::Regular, BODY, Align::Center),
        ],
    );
    b.height = h;
    b
}

fn indicator_block(ind: &Indicator, year: i32, final_account: bool) -> Block {
    let mut b = Block::default();
    let mut y = 0.0;
    let label = format!("Indicatore {}", ind.number);
    y += b.label_value(y, &label, &ind.title, Font::Bold);
    y += b.label_value(
        y,
        "Cosa misura",
        ind.measures.as_deref().unwrap_or(""),
        Font::Regular,
    );
    y += 5.0;
    let target_head = format!("Risultato atteso al\n31/12/{year}");
    let mut heads: Vec<&str> = vec![
        "Tipologia",
        "Unità di misura",
        "Algoritmo di calcolo",
        "Fonte dei dati",
        "Ultimo valore\nosservato",
        &target_head,
    ];
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    let mut body = vec![
        ind.kind.clone(),
        v(&ind.unit),
        v(&ind.algorithm),
        v(&ind.data_source),
        v(&ind.last_observed),
        v(&ind.target),
    ];
    let widths: &[f32] = if final_account {
        heads.push("Valore a consuntivo");
        body.push(v(&ind.actual));
        &[110.0, 95.0, 125.0, 130.0, 95.0, 110.0, 105.0]
    } else {
        &[125.0, 105.0, 145.0, 145.0, 115.0, 135.0]
    };
    let mut x = 0.0;
    let mut head_cells = Vec::new();
    let mut body_cells = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        head_cells.push((x, *w, heads[i], Font::Bold, SMALL, Align::Center));
        body_cells.push((x, *w, body[i].as_str(), Font::Regular, SMALL, Align::Center));
        x += w;
    }
    y += b.row(y, &head_cells);
    y += b.row(y, &body_cells);
    y += 5.0;
    for _ in 0..3 {
        y += b.row(
            y,
            &[
                (
                    0.0,
                    LABEL_W,
                    "Se altro, indicare qui",
                    Font::Regular,
                    SMALL,
                    Align::Left,
                ),
                (LABEL_W, 300.0, "", Font::Regular, SMALL, Align::Left),
            ],
        );
    }
    b.height = y;
    b
}

/// The sentence-case form of an upper-case title, as the overview prints it.
fn sentence_case(s: &str) -> String {
    let low = s.to_lowercase();
    let mut c = low.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => low,
    }
}

fn cover_blocks(r: &Report) -> (Block, Block, Vec<Block>) {
    let city = r.entity.as_str();
    let mut title = Block::default();
    let mut y = 40.0;
    let kind_line = if r.is_final_account() {
        format!(
            "Rendicontazione al 31/12/{} - Allegato al Bilancio d'esercizio {}",
            r.year, r.year
        )
    } else {
        format!("Allegato al Bilancio preventivo {}", r.year)
    };
    for (text, font, size) in [
        (city.to_string(), Font::Bold, 16.0),
        (
            "PIANO DEGLI INDICATORI E DEI RISULTATI ATTESI DI BILANCIO".to_string(),
            Font::Bold,
            13.0,
        ),
        (format!("(P.I.R.A. {})", r.year), Font::Regular, 12.0),
        (kind_line, Font::Regular, 10.0),
    ] {
        let (_, h) = title.text_cell(0.0, y, CONTENT_W, &text, font, size, Align::Center, false);
        y += h + 4.0;
    }
    y += 14.0;
    let intro = if r.is_final_account() {
        format!(
            "Il presente documento rendiconta i risultati conseguiti nel {y} rispetto agli obiettivi e agli indicatori del Piano degli indicatori e dei risultati attesi di bilancio (P.I.R.A.), redatto ai sensi del D.M. 27 marzo 2013. Per ciascun obiettivo sono riportati la missione e il programma di riferimento, il centro di responsabilità, le risorse finanziarie e gli indicatori con il valore a consuntivo.",
            y = r.year
        )
    } else {
        format!(
            "Il Piano degli indicatori e dei risultati attesi di bilancio (P.I.R.A.) allegato al bilancio preventivo {y} espone, per ciascuna missione e programma, gli obiettivi che la Camera intende realizzare, gli indicatori con cui ne misura il grado di raggiungimento e il risultato atteso al 31/12/{y}.",
            y = r.year
        )
    };
    let (_, h) = title.text_cell(
        0.0,
        y,
        CONTENT_W,
        &intro,
        Font::Regular,
        9.0,
        Align::Left,
        false,
    );
    y += h + 10.0;
    let (_, h) = title.text_cell(
        0.0,
        y,
        CONTENT_W,
        "QUADRO RIEPILOGATIVO DEGLI OBIETTIVI",
        Font::Bold,
        10.0,
        Align::Left,
        false,
    );
    title.height = y + h + 2.0;

    let widths = [170.0, 250.0, 70.0, 280.0];
    let xs = [0.0, 170.0, 420.0, 490.0];
    let mut head = Block::default();
    let heads = ["Missione", "Programma", "Codice", "Obiettivo"];
    let cells: Vec<_> = (0..4)
        .map(|i| (xs[i], widths[i], heads[i], Font::Bold, SMALL, Align::Center))
        .collect();
    head.height = head.row(0.0, &cells);
    let rows = r
        .objectives
        .iter()
        .map(|o| {
            let mut b = Block::default();
            let m = format!("{} - {}", o.mission_code, o.mission_name);
            let p = format!("{} - {}", o.programme_code, o.programme_name);
            let t = sentence_case(&o.title);
            let texts = [m.as_str(), p.as_str(), o.code.as_str(), t.as_str()];
            let cells: Vec<_> = (0..4)
                .map(|i| {
                    let align = if i == 2 { Align::Center } else { Align::Left };
                    (xs[i], widths[i], texts[i], Font::Regular, SMALL, align)
                })
                .collect();
            b.height = b.row(0.0, &cells);
            b
        })
        .collect();
    (title, head, rows)
}

/// Pages as lists of placed blocks.
struct Flow {
    pages: Vec<Vec<(f32, Block)>>,
    y: f32,
}

impl Flow {
    fn new() -> Self {
        Flow {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn fits(&self, b: &Block) -> bool {
        self.y + b.height <= BOTTOM
    }

    /// Places `b`, on a new page if it does not fit; returns the 1-based page.
    fn place(&mut self, b: Block, gap_after: f32) -> usize {
        if !self.fits(&b) && !self.pages.last().is_some_and(|p| p.is_empty()) {
            self.new_page();
        }
        let h = b.height;
        self.pages.last_mut().expect("a page").push((self.y, b));
        self.y += h + gap_after;
        self.pages.len()
    }
}

fn fmt(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A PDF literal string of WinAnsi bytes.
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for b in encode(s) {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7E => out.push(b),
            _ => out.extend_from_slice(format!("\\{b:03o}").as_bytes()),
        }
    }
    out.push(b')');
    out
}

/// Content stream operators, in top-down page coordinates.
#[derive(Default)]
struct Canvas {
    ops: Vec<u8>,
}

impl Canvas {
    fn raw(&mut self, s: &str) {
        self.ops.extend_from_slice(s.as_bytes());
        self.ops.push(b'\n');
    }

    fn text(&mut self, x: f32, baseline: f32, font: Font, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        self.raw(&format!(
            "BT /{} {} Tf {} {} Td",
            font.resource(),
            fmt(size),
            fmt(x),
            fmt(PAGE_H - baseline)
        ));
        self.ops.extend_from_slice(&pdf_string(s));
        self.raw(" Tj ET");
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.raw(&format!(
            "{} {} {} {} re S",
            fmt(x),
            fmt(PAGE_H - top - h),
            fmt(w),
            fmt(h)
        ));
    }

    fn cell(&mut self, x0: f32, y0: f32, c: &Cell) {
        let x = x0 + c.x;
        let top = y0 + c.dy;
        if c.border {
            self.rect(x, top, c.w, c.h);
        }
        let lead = leading(c.size);
        let block = c.lines.len() as f32 * lead;
        let first_top = if c.valign_center {
            top + (c.h - block) / 2.0
        } else {
            top + PAD_Y
        };
        for (i, line) in c.lines.iter().enumerate() {
            // Baseline: the cap height centred in the line's box.
            let baseline = first_top + i as f32 * lead + (lead + c.size * 0.72) / 2.0;
            let tx = match c.align {
                Align::Left => x + PAD_X,
                Align::Center => x + (c.w - width(line, c.font, c.size)) / 2.0,
            };
            self.text(tx, baseline, c.font, c.size, line);
        }
    }
}

/// Lays the report out and writes the PDF.
pub fn render(r: &Report, opts: &Options) -> Rendered {
    let mut flow = Flow::new();
    if !opts.no_cover {
        let (title, head, rows) = cover_blocks(r);
        flow.place(title, 0.0);
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

    let mut objective_pages = Vec::new();
    for (oi, o) in r.objectives.iter().enumerate() {
        if !flow.pages.last().is_some_and(|p| p.is_empty()) {
            flow.new_page();
        }
        let mut pages = vec![flow.place(scheda_block(o), 8.0)];
        pages.push(flow.place(code_block(o), 6.0));
        if opts.split_objective == Some(oi) {
            flow.new_page();
        }
        pages.push(flow.place(count_block(o), 10.0));
        for ind in &o.indicators {
            pages.push(flow.place(indicator_block(ind, r.year, r.is_final_account()), 12.0));
        }
        pages.dedup();
        objective_pages.push(pages);
    }

    let total = flow.pages.len();
    let rotated = match opts.rotate {
        Some(n) if total > 1 => Some(1 + (n % (total as u64 - 1)) as usize),
        Some(_) if opts.no_cover => Some(0),
        _ => None,
    };
    let header = format!(
        "{} - P.I.R.A. {} - {}",
        r.entity,
        r.year,
        if r.is_final_account() {
            "Rendicontazione"
        } else {
            "Bilancio preventivo"
        }
    );
    let mut contents = Vec::new();
    for (pi, blocks) in flow.pages.iter().enumerate() {
        let mut c = Canvas::default();
        c.raw("q");
        if rotated == Some(pi) {
            // Portrait MediaBox shown with /Rotate 90: draw landscape content
            // turned a quarter counter-clockwise so the viewer's clockwise
            // turn shows it upright.
            c.raw(&format!("0 1 -1 0 {} 0 cm", fmt(PAGE_H)));
        }
        c.raw("0.6 w 0 G 0 g");
        if pi > 0 || opts.no_cover {
            let w = width(&header, Font::Regular, 7.0);
            c.text(LEFT + CONTENT_W - w, 28.0, Font::Regular, 7.0, &header);
        }
        for (y, b) in blocks {
            for cell in &b.cells {
                c.cell(LEFT, *y, cell);
            }
        }
        let foot = format!("Pagina {} di {}", pi + 1, total);
        let w = width(&foot, Font::Regular, 7.0);
        c.text((PAGE_W - w) / 2.0, PAGE_H - 18.0, Font::Regular, 7.0, &foot);
        c.raw("Q");
        contents.push(c.ops);
    }
    let bytes = write_pdf(r, contents, rotated);
    Rendered {
        bytes,
        pages: total,
        objective_pages,
        rotated_page: rotated.map(|p| p + 1),
    }
}

fn write_pdf(r: &Report, contents: Vec<Vec<u8>>, rotated: Option<usize>) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let font = |base: &str| {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => Object::Name(base.as_bytes().to_vec()),
            "Encoding" => "WinAnsiEncoding",
        }
    };
    let f1 = doc.add_object(font("Helvetica"));
    let f2 = doc.add_object(font("Helvetica-Bold"));
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => f1, "F2" => f2 },
        "ProcSet" => vec![Object::Name(b"PDF".to_vec()), Object::Name(b"Text".to_vec())],
    });
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
            page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
            page.set("Rotate", 90);
        } else {
            page.set("MediaBox", vec![0.into(), 0.into(), 842.into(), 595.into()]);
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
        "Title" => Object::string_literal(format!("P.I.R.A. {} - {}", r.year, r.entity).into_bytes()),
        "Producer" => Object::string_literal("pira make_fixtures"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing to memory");
    out
}

/// The layout choices of a report, drawn from its seed; `compact`: no
/// cover, no forced split, no rotated page (for the smallest fixtures).
pub fn options_for(spec: &Spec, r: &Report, compact: bool) -> Options {
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
    Options {
        no_cover: false,
        split_objective: split,
        rotate: Some(rng.next_u64()),
    }
}

/// A report, its file name and its PDF; objectives are added until the PDF
/// has at least `pages_min` pages.
pub fn build(spec: &Spec, pages_min: usize, compact: bool) -> (Report, String, Rendered) {
    let mut extra = 0;
    loop {
        let mut report = generate(spec, extra);
        let mut name = report_name(&report, spec);
        if compact {
            name.push_str("_compact");
        }
        report.source = format!("{name}.pdf");
        let rendered = render(&report, &options_for(spec, &report, compact));
        if rendered.pages >= pages_min || extra >= 1000 {
            return (report, name, rendered);
        }
        extra += 1;
    }
}
