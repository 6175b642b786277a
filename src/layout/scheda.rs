//! One scheda's lines to its fields and indicator blocks.

use std::sync::LazyLock;

use regex::Regex;

use super::cards;
use super::column_order;
use super::lines::{is_rule_noise, starts_with_code};
use super::table::columnar;
use super::{
    table, table::TableCells, IndicatorLayout, Labelled, Line, LineRole, RawField, SchedaLayout,
    TableLines,
};
use crate::model::{Column, FieldPath, IndicatorField, ObjectiveField};
use crate::read::BBox;
use crate::read::Region;
use crate::vocab::{Label, LabelMatch, Vocabulary};

/// "011-005-001"; on a scan also "1016-005-001", the edge of the code's
/// box read as a 1 (or l, I) glued to it.
static OBJECTIVE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[1lI]?([0-9]{3})\s?-\s?([0-9gOo]{3})\s?-\s?([0-9]{3})\b").expect("valid regex")
});

/// Similarity a label needs before it may end the field being read.
const LABEL_SCORE: f64 = 0.7;

/// Where a line of the scheda goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Head(Label),
    Declared,
    Indicator,
}

/// How the document's lines were read, for its schede.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reading {
    /// Word positions are real (PDF, OCR boxes), so table columns can be
    /// taken from the header's positions.
    pub geometric: bool,
    /// Some table header of the document names the "Valore a consuntivo"
    /// column: a report sets every table in the same columns, so a plain
    /// text header whose actual cell OCR garbled ("OTORIVI") has it too.
    pub actual_column: bool,
    /// How a table's header must name the actual column for the table
    /// to have it: where the report calls itself a budget plan, a short
    /// word alone ([`table::Naming::Debris`]) is debris.
    pub actual_needs: table::Naming,
}

/// Lays out one scheda.
pub(super) fn scheda(lines: &[Labelled], vocab: &Vocabulary, reading: Reading) -> SchedaLayout {
    let geometric = reading.geometric;
    let mut s = SchedaLayout::default();
    let mut part = Part::Head(Label::Mission);
    let mut seen: Vec<Label> = Vec::new();
    let mut block: Vec<Labelled> = Vec::new();
    let mut pending_title: Vec<String> = Vec::new();
    let mut block_closed = false;
    // Where the "Nr indicatori associati" label ends, when positions are real.
    let mut count_label_end: Option<f32> = None;
    for &labelled in lines {
        let line = labelled.line;
        if !s.pages.contains(&line.page) {
            s.pages.push(line.page);
        }
        if line.is_blank() {
            continue;
        }
        if s.code.is_none() {
            if let Some(code) = code_line(labelled, vocab) {
                s.code = Some((code, line.page));
                let role = LineRole::of(line, "objective code");
                s.roles.push(role.into_field(
                    line,
                    FieldPath::Objective(ObjectiveField::Code),
                    0..0,
                    0,
                ));
                continue;
            }
        }
        let content = line.content_words();
        // Table-rule noise, then a row-group label, may open the line.
        let noise = line.words.len() - content.len();
        let (words, label) = strip_objective(content, labelled.label, vocab);
        let lead = line.words.len() - words.len();
        if words.is_empty() {
            continue;
        }
        let label = label.filter(|m| m.score >= LABEL_SCORE);
        if let Some((_, taken)) = indicator_number(label, &words) {
            let beside = (geometric && taken == words.len())
                .then(|| title_beside(&mut block, line))
                .flatten();
            flush_indicator(&mut s, &mut block, &mut pending_title, vocab, reading);
            block_closed = false;
            part = Part::Indicator;
            block.push(labelled);
            block.extend(beside);
            continue;
        }
        if part == Part::Indicator {
            // "Cosa misura" after a finished table opens an indicator whose
            // "Indicatore N" label OCR lost.
            let measures = label.is_some_and(|m| m.label == Label::Measures);
            if measures && block_closed {
                flush_indicator(&mut s, &mut block, &mut pending_title, vocab, reading);
                block_closed = false;
            }
            block_closed |= label.is_some_and(|m| m.label == Label::Other);
            block.push(labelled);
            continue;
        }
        let declared = FieldPath::Objective(ObjectiveField::DeclaredIndicators);
        if label.is_some_and(|m| m.label == Label::DeclaredIndicators) {
            let n = label.map_or(0, |m| m.words);
            let role = LineRole::of(line, "declared indicators");
            s.roles
                .push(role.into_field(line, declared, noise..lead + n, lead + n));
            part = Part::Declared;
            s.declared_indicators.push(words[n..].join(" "), line.page);
            if geometric {
                s.declared_region = count_region(line, noise..lead + n);
                count_label_end = (lead + n)
                    .checked_sub(1)
                    .and_then(|i| line.words.get(i))
                    .map(|w| w.bbox.x1);
            }
            continue;
        }
        if part == Part::Declared && opens_first_title(line, &words, count_label_end) {
            s.roles.push(LineRole::of(line, "indicator 1 title"));
            pending_title.push(words.join(" "));
            continue;
        }
        if part == Part::Declared {
            let role = LineRole::of(line, "declared indicators");
            s.roles
                .push(role.into_field(line, declared, noise..lead, lead));
            s.declared_indicators.push(words.join(" "), line.page);
            continue;
        }
        let (next, n) = head_line(&s, part, label, &words, &seen, vocab);
        let rest = words[n..].join(" ");
        if let Part::Head(l) = next {
            if !seen.contains(&l) {
                seen.push(l);
            }
        }
        part = next;
        if let Part::Head(l) = part {
            let role = LineRole::of(line, head_role(l));
            let field = FieldPath::Objective(objective_field(l));
            s.roles
                .push(role.into_field(line, field, noise..lead + n, lead + n));
            if !rest.is_empty() {
                for text in line.wrapped_texts(lead + n) {
                    head_field(&mut s, l).push(text, line.page);
                }
            }
        }
    }
    flush_indicator(&mut s, &mut block, &mut pending_title, vocab, reading);
    if s.code.is_none() {
        s.code = code_anywhere(lines.iter().map(|l| l.line));
    }
    s
}

/// The last line of the block before an "Indicatore N" label that stands
/// alone on its line, taken out of that block when it is the label's title:
/// level with the label (their boxes share most of their height) and all
/// right of it. OCR boxes the title's capitals a little higher than the
/// label's, so the title's line comes first and went on with the table
/// above (DEV scan 243: "MIGLIORAMENTO DELLA QUALITÀ ..." shared out among
/// the cells of indicator 3, indicator 4 left without a title).
fn title_beside<'a>(block: &mut Vec<Labelled<'a>>, label: &Line) -> Option<Labelled<'a>> {
    let last = block.last()?.line;
    let around = |l: &Line| BBox::around(l.words.iter().map(|w| w.bbox));
    let (a, b) = (around(label)?, around(last)?);
    let shared = a.y1.min(b.y1) - a.y0.max(b.y0);
    let level = shared >= 0.6 * a.height().min(b.height());
    (last.page == label.page && level && b.x0 > a.x1)
        .then(|| block.pop())
        .flatten()
}

/// A line after the declared count's label that begins the first
/// indicator's title: capitals in the value column (a title centred
/// beside its "Indicatore 1" label starts above it; a count has no
/// letters).
fn opens_first_title(line: &Line, words: &[&str], count_label_end: Option<f32>) -> bool {
    let in_values = count_label_end
        .zip(line.words.first())
        .is_some_and(|(end, w)| w.bbox.x0 > end);
    in_values && mostly_upper(&words.join(" "))
}

/// Drops a leading "Obiettivo" (the row-group label of Titolo and
/// Descrizione) and stray fragments of the "Descrizione" label. `label`
/// is the one the words start with; gives the words left and theirs.
fn strip_objective<'a>(
    mut words: Vec<&'a str>,
    mut label: Option<LabelMatch>,
    vocab: &Vocabulary,
) -> (Vec<&'a str>, Option<LabelMatch>) {
    while let Some(m) = label.filter(|m| m.label == Label::Objective && m.score >= 0.75) {
        words.drain(..m.words);
        label = vocab.label_at_start(&words);
    }
    (words, label)
}

/// The field a head line belongs to, and how many of its words are the
/// label.
fn head_line(
    s: &SchedaLayout,
    part: Part,
    label: Option<LabelMatch>,
    words: &[&str],
    seen: &[Label],
    vocab: &Vocabulary,
) -> (Part, usize) {
    let repeated = |m: &LabelMatch| part == Part::Head(m.label);
    if let Some(m) = label.filter(|m| repeated(m) || accepts(m.label, seen, words, s)) {
        return (Part::Head(m.label), m.words);
    }
    let Part::Head(current) = part else {
        return (part, 0);
    };
    let tail = wrapped_label_tail(current, words, vocab);
    let text = words[tail..].join(" ");
    // A mission's value holds one code: a line opening with another is
    // the programme's, whose label OCR set lower beside its value's
    // middle, or read as debris ("P 005 - Promozione ...").
    if current == Label::Mission && !s.mission.is_blank() {
        if let Some(debris) = code_opening(words) {
            return (Part::Head(Label::Programme), debris);
        }
    }
    let next = match current {
        Label::Title if !mostly_upper(&text) && !s.title.is_blank() => Label::Description,
        Label::Programme
            if !s.programme.is_blank() && mostly_upper(&text) && !seen.contains(&Label::Title) =>
        {
            Label::Title
        }
        Label::ResponsibilityCentre | Label::TimeFrame if opens_resources(&text) => {
            Label::Resources
        }
        Label::TimeFrame if !s.time_frame.is_blank() => Label::ResponsibilityCentre,
        other => other,
    };
    (Part::Head(next), tail)
}

/// How many words opening a line are the lower part of the current
/// field's label, which its narrow cell wrapped beside the value's next
/// line ("Obiettivo Titolo ... SPECIALE E" over "strategico DELLE SOCIETÀ
/// PARTECIPATE": the title's label group "Obiettivo strategico"). Those
/// words are label, not value, and the value goes on after them; a line
/// that is the label's rest alone is left to the label's own reading.
fn wrapped_label_tail(current: Label, words: &[&str], vocab: &Vocabulary) -> usize {
    let labels: &[Label] = match current {
        Label::Title => &[Label::Title, Label::Objective],
        _ => &[current],
    };
    (1..words.len().min(MAX_LABEL_TAIL + 1))
        .rev()
        .find(|&k| labels.iter().any(|&l| vocab.is_label_tail(&words[..k], l)))
        .unwrap_or(0)
}

/// Most words of a wrapped label's lower part.
const MAX_LABEL_TAIL: usize = 3;

/// How many words of label debris open a line that begins with a
/// mission or programme code ("005 - Promozione", "P 005 - Promozione"):
/// none, or one word of at most two letters; `None` when no code opens it.
pub(super) fn code_opening(words: &[&str]) -> Option<usize> {
    let debris = |w: &&str| w.chars().count() <= 2 && w.chars().all(char::is_alphabetic);
    (0..=1).find(|&skip| {
        words[..skip].iter().all(debris)
            && words
                .get(skip)
                .is_some_and(|_| starts_with_code(&words[skip..].join(" ")))
    })
}

/// A head label counts once per scheda, in its place: a later "Programma"
/// at the start of a description line is text, not a label.
fn accepts(label: Label, seen: &[Label], words: &[&str], s: &SchedaLayout) -> bool {
    match label {
        Label::Description => true,
        Label::Mission | Label::Programme => {
            let next = words.iter().skip(1).find(|w| !is_rule_noise(w));
            !seen.contains(&label) && next.is_none_or(|w| starts_with_code(w))
        }
        Label::Title => !seen.contains(&label) && s.description.is_blank(),
        Label::TimeFrame | Label::ResponsibilityCentre | Label::Resources => !seen.contains(&label),
        _ => false,
    }
}

fn head_role(label: Label) -> &'static str {
    match label {
        Label::Mission => "mission",
        Label::Programme => "programme",
        Label::Title => "title",
        Label::TimeFrame => "time frame",
        Label::ResponsibilityCentre => "responsibility centre",
        Label::Resources => "resources",
        _ => "description",
    }
}

/// How far right of its label's end (points) a declared count's box is
/// looked for.
const COUNT_BOX_REACH: f32 = 220.0;

/// The box right of the "Nr indicatori associati" label, whose words are
/// `label`: from one line height above the label to one below it (the
/// reader keeps only what lies between the box's rules), about three
/// inches wide: a box set far right of a short label (DEV scheda scan 300:
/// its "4" 165 pt from the label's end) is in it whole, both its rules
/// with it. A label wrapped in its cell ("Numero" over "indicatori") spans
/// both its lines, and the count may stand beside either.
fn count_region(line: &Line, label: std::ops::Range<usize>) -> Option<Region> {
    let last = line.words.get(label.end.checked_sub(1)?)?;
    let around = line.span(label)?;
    let h = last.bbox.y1 - last.bbox.y0;
    let right = BBox {
        x0: last.bbox.x1 + 0.5 * h,
        y0: around.y0 - h,
        x1: last.bbox.x1 + COUNT_BOX_REACH,
        y1: around.y1 + h,
    };
    Some(super::page_region(line.page, right, line.skew))
}

/// The objective field a head label's text goes into (the mission's and
/// programme's lines give their code too).
fn objective_field(label: Label) -> ObjectiveField {
    match label {
        Label::Mission => ObjectiveField::MissionName,
        Label::Programme => ObjectiveField::ProgrammeName,
        Label::Title => ObjectiveField::Title,
        Label::TimeFrame => ObjectiveField::TimeFrame,
        Label::ResponsibilityCentre => ObjectiveField::ResponsibilityCentre,
        Label::Resources => ObjectiveField::Resources,
        _ => ObjectiveField::Description,
    }
}

fn head_field(s: &mut SchedaLayout, label: Label) -> &mut RawField {
    match label {
        Label::Mission => &mut s.mission,
        Label::Programme => &mut s.programme,
        Label::Title => &mut s.title,
        Label::TimeFrame => &mut s.time_frame,
        Label::ResponsibilityCentre => &mut s.responsibility_centre,
        Label::Resources => &mut s.resources,
        _ => &mut s.description,
    }
}

/// Resource lines open with an amount or a budget heading.
fn opens_resources(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '€' && c != '£');
    t.starts_with('€') || t.starts_with('£') || {
        let lower = t.to_lowercase();
        lower.starts_with("bilancio") || lower.starts_with("budget") || lower.starts_with("conto ")
    }
}

/// Whether most letters are upper case (titles are printed in capitals).
pub(super) fn mostly_upper(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 3 && upper * 10 >= letters.len() * 8
}

/// "Indicatore 2 ..." gives 2, and how many words the label and number
/// take: a cell border OCR read as "|" may stand between them.
fn indicator_number(label: Option<LabelMatch>, words: &[&str]) -> Option<(u32, usize)> {
    let m = label.filter(|m| m.label == Label::Indicator && m.score >= 0.8)?;
    let at = m.words
        + words[m.words..]
            .iter()
            .take_while(|w| is_rule_noise(w))
            .count();
    let word = words.get(at)?;
    let number = word
        .trim_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()
        .or_else(|| {
            ONE_LOOKALIKES
                .contains(&word.trim_end_matches([':', '.']))
                .then_some(1)
        })
        .filter(|&n| n > 0 && n < 100)?;
    Some((number, at + 1))
}

/// What OCR makes of a lone "1" after its label on a scan ("Indicatore
/// L ATTIVAZIONE ...", "Indicatore l:" where a colon closes the label): a
/// glyph of one stroke, never a word of a title.
pub(super) const ONE_LOOKALIKES: [&str; 5] = ["l", "I", "L", "i", "!"];

/// The objective code a line gives on its own: the code alone, or after
/// its "Codice obiettivo" label, or after that label's first words where
/// its cell wrapped it ("CODICE 011-005-001" / "OBIETTIVO").
pub(super) fn code_line(l: Labelled, vocab: &Vocabulary) -> Option<String> {
    let label = l
        .label
        .filter(|m| m.label == Label::ObjectiveCode && m.score >= LABEL_SCORE);
    let words = l.line.content_words();
    let after = |n: usize| code_only(&words.get(n..)?.join(" "));
    match label {
        Some(m) => after(m.words),
        None => code_only(&l.line.text).or_else(|| {
            let head = vocab.label_head(&words, Label::ObjectiveCode)?;
            after(head)
        }),
    }
}

/// The most bytes an [`OBJECTIVE_CODE`] match spans: a letter, nine
/// digits, two dashes and four spaces of up to three bytes each.
const LONGEST_CODE: usize = 1 + 9 + 2 + 4 * 3;

/// A line that is only an objective code (and at most two more bytes),
/// once the edges of a box drawn round it, and marks glued to it
/// ("‘012-004-001", "(‘012-004-001": a box's corner or a speck), are set
/// aside. A scan may read the code's dashes as dots ("012.004.002"): a
/// line of three dotted groups whose first opens with 0 is a code, no
/// number (thousands never open with 0).
pub(super) fn code_only(text: &str) -> Option<String> {
    let t = without_glued_marks(without_box_edges(text.trim()));
    if t.len() > LONGEST_CODE + 2 {
        return None;
    }
    let dashed;
    let t = match DOTTED_CODE.is_match(t) {
        true => {
            dashed = t.replace('.', "-");
            dashed.as_str()
        }
        false => t,
    };
    let c = OBJECTIVE_CODE.captures(t)?;
    let whole = c.get(0)?;
    (t.len() - whole.as_str().len() <= 2).then(|| code_of(&c))
}

/// "012.004.002": an objective code whose dashes a scan read as dots.
static DOTTED_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^0[0-9]{2}\.[0-9]{3}\.[0-9]{3}$").expect("valid regex"));

/// The most marks (no letter or digit) glued to either end of a code.
const GLUED_MARKS: usize = 2;

/// `text` without up to [`GLUED_MARKS`] marks glued to its start and its
/// end; unchanged where more stand there.
fn without_glued_marks(text: &str) -> &str {
    let mark = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let lead = text.chars().take_while(|&c| mark(c)).count();
    let trail = text.chars().rev().take_while(|&c| mark(c)).count();
    if lead > GLUED_MARKS || trail > GLUED_MARKS {
        return text;
    }
    text.trim_matches(mark)
}

/// What OCR makes of the vertical edge of a box drawn round a code, read
/// as a word of its own: one glyph of one stroke ("L 032-003-001 J"), or
/// marks of a ruling line ("_|", [`is_rule_noise`]).
const BOX_EDGES: [&str; 12] = ["|", "[", "]", "(", ")", "l", "I", "L", "J", "i", "!", "1"];

/// `text` without one box edge word at its start and one at its end.
fn without_box_edges(text: &str) -> &str {
    let edge = |w: &str| BOX_EDGES.contains(&w) || is_rule_noise(w);
    let t = match text.split_once(' ') {
        Some((first, rest)) if edge(first) => rest.trim_start(),
        _ => text,
    };
    match t.rsplit_once(' ') {
        Some((rest, last)) if edge(last) => rest.trim_end(),
        _ => t,
    }
}

fn code_anywhere<'a>(mut lines: impl Iterator<Item = &'a Line>) -> Option<(String, u32)> {
    lines.find_map(|l| {
        let c = OBJECTIVE_CODE.captures(&l.text)?;
        Some((code_of(&c), l.page))
    })
}

fn code_of(c: &regex::Captures) -> String {
    let part = |i| {
        c.get(i)
            .map_or("", |m| m.as_str())
            .replace(['g', 'O', 'o'], "0")
    };
    format!("{}-{}-{}", part(1), part(2), part(3))
}

/// Ends the indicator block being read. Capitals after its table's "Se
/// altro" notes open the next indicator's title (a long title wraps above
/// its "Indicatore N" label); they wait in `pending_title`.
fn flush_indicator(
    s: &mut SchedaLayout,
    block: &mut Vec<Labelled>,
    pending_title: &mut Vec<String>,
    vocab: &Vocabulary,
    reading: Reading,
) {
    if block.is_empty() {
        return;
    }
    let lines = std::mem::take(block);
    let next = s.indicators.last().map_or(1, |i| i.number + 1);
    if let Some((mut ind, after)) = indicator(&lines, next, vocab, reading) {
        if !pending_title.is_empty() {
            let mut title = RawField::default();
            for t in pending_title.drain(..) {
                title.push(t, ind.page);
            }
            title.lines.append(&mut ind.title.lines);
            ind.title = title;
        }
        *pending_title = after.into_iter().filter(|l| mostly_upper(l)).collect();
        s.indicators.push(ind);
    }
}

/// Which part of an indicator block a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndPart {
    Title,
    Measures,
    Header,
    Body,
    After,
}

/// One indicator block: it opens with "Indicatore N", or (when OCR lost
/// that label) with "Cosa misura", and then takes the number `next`.
fn indicator(
    lines: &[Labelled],
    next: u32,
    vocab: &Vocabulary,
    reading: Reading,
) -> Option<(IndicatorLayout, Vec<String>)> {
    let geometric = reading.geometric;
    let &Labelled { line: first, label } = lines.first()?;
    let cards_end = lines
        .iter()
        .skip(1)
        .position(|l| ends_cards(l))
        .map_or(lines.len(), |p| p + 1);
    if cards::is_cards(&lines[..cards_end], vocab, geometric) {
        let (cards, after) = lines.split_at(cards_end);
        return Some(from_cards(cards, after, next, vocab, geometric));
    }
    let words = first.content_words();
    let noise = first.words.len() - words.len();
    let mut ind = IndicatorLayout {
        number: next,
        page: first.page,
        inferred_number: true,
        ..Default::default()
    };
    let mut rest = lines;
    if let Some((number, taken)) = indicator_number(label, &words) {
        let role = LineRole::of(first, format!("indicator {number} title"));
        let (field, end) = (
            FieldPath::indicator(number, IndicatorField::Title),
            noise + taken,
        );
        ind.roles
            .push(role.into_field(first, field, noise..end, end));
        ind.number = number;
        ind.inferred_number = false;
        let title = words[taken..].join(" ");
        if !title.is_empty() {
            ind.title.push(title, first.page);
        }
        rest = &lines[1..];
    }
    let mut part = IndPart::Title;
    let mut header: Vec<&Line> = Vec::new();
    let mut body: Vec<&Line> = Vec::new();
    let mut after: Vec<String> = Vec::new();
    let band = header_band(rest, vocab);
    let repeated = repeated_headers(rest, band.end, vocab);
    let mut cells_may_resume = false;
    for (i, &Labelled { line, label }) in rest.iter().enumerate() {
        let words = line.content_words();
        let label = label.filter(|m| m.score >= LABEL_SCORE);
        let n = ind.number;
        if label.is_some_and(|m| m.label == Label::Other) {
            ind.roles
                .push(LineRole::of(line, format!("indicator {n} notes")));
            if part != IndPart::After {
                cells_may_resume = part >= IndPart::Header && !holds_values(&body);
            }
            part = IndPart::After;
            continue;
        }
        // Tesseract may read a ruled table a column at a time, each
        // column's "Se altro" cell under it: when the notes came before
        // any value, a unit or values after them are still the table's.
        let resumes = !geometric && cells_may_resume;
        if part == IndPart::After && resumes && columnar::is_table_only_cell(&line.text, vocab) {
            ind.roles
                .push(LineRole::of(line, format!("indicator {n} table body")));
            body.push(line);
            continue;
        }
        if part == IndPart::After {
            cells_may_resume = false;
            ind.roles
                .push(LineRole::of(line, format!("after indicator {n}")));
            after.push(words.join(" "));
            continue;
        }
        if part == IndPart::Body && repeated.contains(&i) {
            ind.roles.push(LineRole::of(
                line,
                format!("indicator {n} table header repeated"),
            ));
            continue;
        }
        if part < IndPart::Body && band.contains(&i) {
            ind.roles
                .push(LineRole::of(line, format!("indicator {n} table header")));
            part = IndPart::Header;
            ind.header.push(words.join(" "));
            header.push(line);
            continue;
        }
        if part == IndPart::Header {
            part = IndPart::Body;
        }
        let field = match (part, label) {
            (IndPart::Title, Some(m)) if m.label == Label::Measures => {
                Some(IndicatorField::Measures)
            }
            (IndPart::Title, _) => Some(IndicatorField::Title),
            (IndPart::Measures, _) => Some(IndicatorField::Measures),
            _ => None,
        };
        let role = field.map_or("table body", IndicatorField::as_str);
        let line_role = LineRole::of(line, format!("indicator {n} {role}"));
        let noise = line.words.len() - words.len();
        let end = match (part, label) {
            (IndPart::Title, Some(m)) if m.label == Label::Measures => noise + m.words,
            _ => noise,
        };
        ind.roles.push(match field {
            None => line_role,
            Some(f) => line_role.into_field(line, FieldPath::indicator(n, f), noise..end, end),
        });
        match (part, label) {
            (IndPart::Title, Some(m)) if m.label == Label::Measures => {
                part = IndPart::Measures;
                let rest = words[m.words..].join(" ");
                if !rest.is_empty() {
                    ind.measures.push(rest, line.page);
                }
            }
            (IndPart::Title, _) => ind.title.push(words.join(" "), line.page),
            (IndPart::Measures, _) => ind.measures.push(words.join(" "), line.page),
            _ => body.push(line),
        }
    }
    let columns = geometric
        .then(|| table::ColumnSet::of(&header, vocab))
        .flatten();
    let by_columns = if geometric {
        columns.as_ref().map(|c| c.cells(&header, &body, &[]))
    } else {
        let cells = column_ordered(&mut ind, &mut body, &header, vocab, reading);
        column_order::title_from_measures(&mut ind.title, &mut ind.measures);
        cells
    };
    if let Some(columns) = columns {
        ind.table = Some(TableLines {
            header: header.iter().map(|&l| l.clone()).collect(),
            body: body.iter().map(|&l| l.clone()).collect(),
            columns,
        });
    }
    ind.cells = by_columns.unwrap_or_else(|| {
        let text: Vec<String> = body.iter().map(|l| l.content_words().join(" ")).collect();
        table::cells(&text, vocab, has_actual(&ind.header, vocab, reading))
    });
    Some((ind, after))
}

/// Whether some line holds a value ("100%", "€ 1.000", "SI").
fn holds_values(lines: &[&Line]) -> bool {
    lines
        .iter()
        .any(|l| l.content_words().iter().any(|w| columnar::is_value(w)))
}

/// Plain text's table set in column order (see [`column_order`]): the
/// header lines and the text among them leave the body; the cells when
/// the body gives one per paragraph.
fn column_ordered<'a>(
    ind: &mut IndicatorLayout,
    body: &mut Vec<&'a Line>,
    header: &[&'a Line],
    vocab: &Vocabulary,
    reading: Reading,
) -> Option<TableCells> {
    let t = column_order::regroup(header, body, vocab)?;
    for line in &t.strays {
        ind.measures.push(line.content_words().join(" "), line.page);
    }
    ind.header = t
        .header
        .iter()
        .map(|l| l.content_words().join(" "))
        .collect();
    body.clone_from(&t.body);
    column_order::cells(&t, vocab, has_actual(&ind.header, vocab, reading))
}

/// Whether a plain-text table has the actual column: its header names
/// it, or another table's of the document does.
fn has_actual(header: &[String], vocab: &Vocabulary, reading: Reading) -> bool {
    reading.actual_column
        || table::naming(header, Label::Column(Column::Actual), vocab) >= reading.actual_needs
}

/// The indicator block's header lines: from the first line that names a
/// table column, with the lines of wrapped header cells right above and
/// below it (see [`table::is_header_fragment`]), to the last line that
/// names a column or continues them.
fn header_band(lines: &[Labelled], vocab: &Vocabulary) -> std::ops::Range<usize> {
    let words = |i: usize| lines[i].line.content_words();
    let Some(first) = (0..lines.len()).find(|&i| table::is_header_line(&words(i), vocab)) else {
        return 0..0;
    };
    let fragment = |i: usize| {
        let measures = lines[i]
            .label
            .is_some_and(|m| m.label == Label::Measures && m.score >= LABEL_SCORE);
        !measures && table::is_header_fragment(&confident_words(lines[i].line), vocab)
    };
    // The band's top line may carry OCR debris of the header's shading
    // or borders ("se i Risultato"): it is still no measures text.
    let debris_top = |i: usize| {
        let measures = lines[i].label.is_some_and(|m| m.label == Label::Measures);
        !measures && table::is_debris_header_top(&confident_words(lines[i].line), vocab)
    };
    // A header cell ends with its date ("Risultato atteso" / "2021"): a
    // line of dates alone above the header is the text before it (a
    // "Cosa misura" that wraps its year).
    let above = |i: usize| {
        (fragment(i) || debris_top(i))
            && words(i).iter().any(|w| w.chars().any(char::is_alphabetic))
    };
    let mut start = first;
    while start > 0 && above(start - 1) {
        start -= 1;
    }
    let mut end = first + 1;
    while end < lines.len() && (table::is_header_line(&words(end), vocab) || fragment(end)) {
        end += 1;
    }
    start..end
}

/// The lines of the table header repeated at the top of a page the
/// table goes on over (as a browser repeats a `<thead>`): a header band
/// that opens a page after the first band (which ends at `from`). The
/// body lines after it go on with the cells above it (a row cut across
/// the page break).
fn repeated_headers(lines: &[Labelled], from: usize, vocab: &Vocabulary) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = from.max(1);
    while i < lines.len() {
        if lines[i].line.page != lines[i - 1].line.page {
            let band = header_band(&lines[i..], vocab);
            if band.start == 0 && band.end > 0 {
                out.extend(i..i + band.end);
                i += band.end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A line's words but those OCR doubted and table-rule noise: the last
/// line of wrapped header cells, one of them garbled ("calcolo reni
/// consuntivo" for "calcolo osservato consuntivo", "reni" at 28%), still
/// reads as the header's.
fn confident_words(line: &Line) -> Vec<&str> {
    let doubted = |w: &crate::read::Word| w.confidence.is_some_and(|c| c < table::LOW_CONFIDENCE);
    line.words
        .iter()
        .filter(|w| !doubted(w) && !is_rule_noise(&w.text))
        .map(|w| w.text.as_str())
        .collect()
}

/// Where an indicator's cards end: at its "Se altro" notes, or at the
/// next scheda's objective code.
fn ends_cards(l: &Labelled) -> bool {
    l.label
        .is_some_and(|m| m.label == Label::Other && m.score >= LABEL_SCORE)
        || OBJECTIVE_CODE.is_match(&l.line.text)
}

/// An indicator set as label/value cards (`lines`), and the lines after
/// them: its notes, then text that is not its own.
fn from_cards(
    lines: &[Labelled],
    rest: &[Labelled],
    next: u32,
    vocab: &Vocabulary,
    geometric: bool,
) -> (IndicatorLayout, Vec<String>) {
    let c = cards::read(lines, vocab, geometric);
    let number = c.number.unwrap_or(next);
    let mut ind = IndicatorLayout {
        number,
        inferred_number: c.number.is_none(),
        page: lines.first().map_or(0, |l| l.line.page),
        title: c.title,
        measures: c.measures,
        header: c.header,
        cells: c.cells,
        roles: c.roles,
        ..IndicatorLayout::default()
    };
    let mut after = c.after;
    for l in rest {
        let notes = l
            .label
            .is_some_and(|m| m.label == Label::Other && m.score >= LABEL_SCORE);
        let role = if notes {
            format!("indicator {number} notes")
        } else {
            after.push(l.line.content_words().join(" "));
            format!("after indicator {number}")
        };
        ind.roles.push(LineRole::of(l.line, role));
    }
    (ind, after)
}

impl PartialOrd for IndPart {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some((*self as u8).cmp(&(*other as u8)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DEV scheda scan 300: "Numero indicatori" in a wide cell, its count
    /// boxed 165 pt right of the label's end, outside a two-inch reach.
    #[test]
    fn a_count_region_reaches_a_box_set_far_right_of_its_label() {
        let label = super::super::test_lines::line(100.0, &[(60.0, "Numero indicatori")]);
        let end = label.words[1].bbox.x1;
        let region = count_region(&label, 0..2).expect("a region");
        let count_box = (end + 150.0, end + 185.0);
        assert!(region.bbox.x0 < count_box.0, "{region:?}");
        assert!(region.bbox.x1 > count_box.1, "{region:?}");
    }

    #[test]
    fn a_code_box_edge_read_as_a_one_is_no_part_of_the_code() {
        assert_eq!(code_only("1016-005-001").as_deref(), Some("016-005-001"));
        assert_eq!(code_only("111-005-001").as_deref(), Some("111-005-001"));
        assert_eq!(code_only("011-0O5-001").as_deref(), Some("011-005-001"));
        assert_eq!(code_only("21016-005-001"), None);
    }

    #[test]
    fn the_edges_of_a_box_round_a_code_are_no_part_of_the_line() {
        assert_eq!(code_only("L 032-003-001 J").as_deref(), Some("032-003-001"));
        assert_eq!(code_only("| 032-003-001 |").as_deref(), Some("032-003-001"));
        assert_eq!(code_only("[ 032-003-001").as_deref(), Some("032-003-001"));
        // A ruling line's end read as marks after the code (DEV scan 223).
        assert_eq!(code_only("016-005-001 _|").as_deref(), Some("016-005-001"));
        assert_eq!(code_only("|_ 016-005-001").as_deref(), Some("016-005-001"));
        assert_eq!(code_only("Codice 032-003-001 J"), None);
        assert_eq!(code_only("LA 032-003-001"), None);
    }

    /// Browser-printed DEV scheda 107 scanned image-only: the codes above
    /// two schede read "‘012-004-001" and "(‘012.004.002"; both schede
    /// were skipped for want of a code.
    #[test]
    fn marks_glued_to_a_code_and_dots_for_its_dashes() {
        assert_eq!(code_only("‘012-004-001").as_deref(), Some("012-004-001"));
        assert_eq!(code_only("(‘012.004.002").as_deref(), Some("012-004-002"));
        assert_eq!(code_only("012.004.002").as_deref(), Some("012-004-002"));
        // A number's thousands never open with 0: an amount is no code.
        assert_eq!(code_only("104.914.884"), None);
        assert_eq!(code_only("1.104.914.884"), None);
        assert_eq!(code_only("(‘-012-004-001"), None);
    }

    #[test]
    fn indicator_numbers_behind_a_cell_border() {
        let vocab = Vocabulary::builtin();
        for (line, want) in [
            ("Indicatore 2 TITOLO", Some((2, 2))),
            ("Indicatore | 1 ATTIVAZIONE PER TUTTI", Some((1, 3))),
            ("Indicatore L ATTIVAZIONE PER TUTTI", Some((1, 2))),
            ("Indicatore I", Some((1, 2))),
            // Its label's colon after the "1" (DEV browser-printed 101).
            ("Indicatore l: IMPRESE ASSISTITE", Some((1, 2))),
            ("Indicatore l. IMPRESE ASSISTITE", Some((1, 2))),
            ("Indicatore La: TUTELA", None),
            ("Indicatore LA TUTELA", None),
            ("Indicatore |", None),
            ("Indicatore TITOLO", None),
            ("Cosa misura 3", None),
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            let label = vocab.label_at_start(&words);
            assert_eq!(indicator_number(label, &words), want, "{line}");
        }
    }

    /// The header band of an OCR'd table whose header cells wrap over
    /// three lines: the third line, one of its words garbled at 28%, is
    /// still the header's; the body's first line is not.
    #[test]
    fn a_wrapped_header_line_with_a_garbled_word_stays_in_the_band() {
        let vocab = Vocabulary::builtin();
        let line = |y: f32, words: &[(&str, f32)]| {
            let words = words
                .iter()
                .enumerate()
                .map(|(i, &(text, confidence))| crate::read::Word {
                    text: text.to_string(),
                    bbox: BBox {
                        x0: 60.0 * i as f32,
                        y0: y,
                        x1: 60.0 * i as f32 + 40.0,
                        y1: y + 8.0,
                    },
                    confidence: Some(confidence),
                    font_size: None,
                })
                .collect();
            Line::new(1, words, 0.0)
        };
        let lines = [
            line(
                10.0,
                &[
                    ("Algoritmo", 92.0),
                    ("di", 95.0),
                    ("Ultimo", 96.0),
                    ("valore", 96.0),
                ],
            ),
            line(
                20.0,
                &[
                    ("Tipologia", 96.0),
                    ("Unità", 96.0),
                    ("di", 96.0),
                    ("misura", 96.0),
                ],
            ),
            line(
                30.0,
                &[("calcolo", 43.7), ("reni", 28.2), ("consuntivo", 61.5)],
            ),
            line(
                40.0,
                &[("efficacia", 96.0), ("domande", 96.0), ("50%", 96.0)],
            ),
        ];
        let labelled = crate::layout::test_lines::labelled(&lines, &vocab);
        assert_eq!(header_band(&labelled, &vocab), 0..3);
    }

    /// DEV Tesseract text 101: the top line of a wrapped header read
    /// with debris of its shading ("se i Risultato") is the header's, not
    /// the measures text's last line.
    #[test]
    fn a_header_top_line_with_debris_opens_the_band() {
        let vocab = Vocabulary::builtin();
        let lines = crate::layout::test_lines::from_text(
            "La qualità percepita dagli utenti\n\
             se i Risultato\n\
             Tipologia Unità di Algoritmo di calcolo Fonte del dato Ultimo valore osservato atteso al Valore\n\
             EFFICACIA PERCENTUALE giudizi positivi 83,06% 95% 100%\n",
        );
        let labelled = crate::layout::test_lines::labelled(&lines, &vocab);
        assert_eq!(header_band(&labelled, &vocab), 1..3);
    }

    /// DEV scan 243: an "Indicatore 4" row at the foot of a page, its
    /// title's capitals boxed a little higher than the label, so that the
    /// title's line comes first, after indicator 3's table. The title is
    /// indicator 4's, not text of the table above.
    #[test]
    fn a_title_level_with_its_indicator_label_is_that_indicators() {
        use super::super::test_lines::line;
        let vocab = Vocabulary::builtin();
        let lines = [
            line(10.0, &[(40.0, "Indicatore 3"), (160.0, "INCONTRI B2B")]),
            line(
                30.0,
                &[
                    (40.0, "Tipologia"),
                    (160.0, "Algoritmo di calcolo"),
                    (320.0, "Risultato atteso"),
                ],
            ),
            line(
                45.0,
                &[
                    (40.0, "EFFICACIA"),
                    (160.0, "numero incontri"),
                    (320.0, "almeno 12 incontri"),
                ],
            ),
            line(69.0, &[(160.0, "MIGLIORAMENTO DELLA QUALITÀ")]),
            line(70.0, &[(40.0, "Indicatore 4")]),
            line(90.0, &[(40.0, "Ciò che misura"), (160.0, "posizioni")]),
        ];
        let labelled = crate::layout::test_lines::labelled(&lines, &vocab);
        let reading = Reading {
            geometric: true,
            actual_column: false,
            actual_needs: table::Naming::Debris,
        };
        let s = scheda(&labelled, &vocab, reading);
        let titles: Vec<String> = s.indicators.iter().map(|i| i.title.joined()).collect();
        assert_eq!(titles, ["INCONTRI B2B", "MIGLIORAMENTO DELLA QUALITÀ"]);
        let cells = &s.indicators[0].cells.text;
        let table: Vec<&str> = Column::ALL
            .iter()
            .filter_map(|&c| cells[c].as_deref())
            .collect();
        assert!(
            table.iter().all(|t| !t.contains("MIGLIORAMENTO")),
            "{table:?}"
        );
    }

    /// A table whose only row a page break cuts, its header repeated at
    /// the top of the next page (a browser repeats a `<thead>`): the
    /// repeated header is no body text, and the row's rest on the next
    /// page goes on in its cells.
    #[test]
    fn a_header_repeated_over_a_page_break_is_no_body_text() {
        use super::super::test_lines::line;
        let vocab = Vocabulary::builtin();
        let on_page = |page: u32, l: Line| Line::new(page, l.words, 0.0);
        let header = |y: f32| {
            line(
                y,
                &[
                    (40.0, "Tipologia"),
                    (160.0, "Algoritmo di calcolo"),
                    (320.0, "Risultato atteso"),
                ],
            )
        };
        let lines = [
            line(
                10.0,
                &[(40.0, "Indicatore 3"), (160.0, "TASSO DI CONCILIAZIONE")],
            ),
            header(30.0),
            line(
                45.0,
                &[
                    (40.0, "efficacia"),
                    (160.0, "accordi raggiunti /"),
                    (320.0, "85,00%"),
                ],
            ),
            line(56.0, &[(160.0, "mediazioni con")]),
            on_page(2, header(5.0)),
            on_page(2, line(20.0, &[(160.0, "adesione")])),
        ];
        let labelled = crate::layout::test_lines::labelled(&lines, &vocab);
        let reading = Reading {
            geometric: true,
            actual_column: false,
            actual_needs: table::Naming::Debris,
        };
        let (ind, _) = indicator(&labelled, 1, &vocab, reading).expect("an indicator");
        let cell = |c: Column| ind.cells.text[c].clone();
        assert_eq!(cell(Column::Type).as_deref(), Some("efficacia"));
        assert_eq!(
            cell(Column::Algorithm).as_deref(),
            Some("accordi raggiunti / mediazioni con adesione")
        );
        assert_eq!(cell(Column::Target).as_deref(), Some("85,00%"));
    }
}
