//! Stage 3: OCR-noise normalization. The raw fields of the layout become
//! corrected text: labels were already matched fuzzily by the layout;
//! here categorical values (types, units) take their canonical spelling,
//! letter confusions in free text are fixed conservatively, codes are read,
//! and every change is logged as a [`Correction`]. Numbers are parsed by
//! [`number`], which the record builder calls on the cleaned cells.

mod allocations;
pub mod codes;
pub mod date;
pub(crate) mod entity;
pub mod number;
mod scan;
pub mod targets;
pub mod text;

use std::sync::LazyLock;

use regex::Regex;

use crate::layout::table::{Cells, DoubtfulWord};
use crate::layout::{
    after_lead, DoubtfulValue, IndicatorLayout, OneTitle, PageText, RawAllocation, RawField,
    ReportLayout, SchedaLayout,
};
use crate::model::{
    Column, Correction, CorrectionRule, FieldPath, IndicatorField, ObjectiveField, Template,
    ValueField,
};
use crate::vocab::{fold, Vocabulary};
use number::NumberKind;
use text::Lexicon;

/// A corrected text and the page it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub value: String,
    pub page: u32,
}

/// A report after normalization.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CleanReport {
    pub schede: Vec<CleanScheda>,
    pub corrections: Vec<Correction>,
    /// Whether the indicator tables have a "Valore a consuntivo" column.
    pub has_actual_column: bool,
    /// The preamble's lines (title page, summary matrix), each with its page.
    pub preamble: Vec<Text>,
    /// All text, for document-wide facts.
    pub all_text: String,
    /// The title block (see `ReportLayout::title_block`): year and entity
    /// are read here before the whole text.
    pub title_block: String,
    /// "Camera di Commercio di \<city\>", the city snapped to the
    /// vocabulary's chambers.
    pub entity: Option<String>,
    /// The template the report is printed in (None: in none pira knows).
    pub template: Option<Template>,
    /// What was seen of its labels and headers, when no template was.
    pub seen: Vec<String>,
    /// How much text each page holds outside its running lines.
    pub page_texts: Vec<PageText>,
}

/// One scheda after normalization.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CleanScheda {
    pub code: Option<Text>,
    pub pages: Vec<u32>,
    pub mission_code: Option<String>,
    pub mission_name: Option<String>,
    pub programme_code: Option<String>,
    pub programme_name: Option<String>,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub time_frame: Option<Text>,
    pub responsibility_centre: Option<Text>,
    pub resources: Option<Text>,
    /// The text after "Nr indicatori associati", if the label was seen
    /// (blank where the count was not read).
    pub declared_indicators: Option<String>,
    pub indicators: Vec<CleanIndicator>,
    /// A card's resources by budget item and year, as printed.
    pub allocations: Vec<RawAllocation>,
    /// Why the objective may hold two of one title (a wide table).
    pub one_title: Option<OneTitle>,
}

/// One indicator after normalization; cells are corrected text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CleanIndicator {
    pub number: u32,
    pub page: u32,
    pub title: Option<String>,
    pub measures: Option<String>,
    /// The table's cells, corrected: `cells[Column::Target]`.
    pub cells: Cells,
    /// The table header's text ("Risultato atteso al 31/12/2020").
    pub header: String,
    pub ambiguous: bool,
    /// Columns whose text may belong to a neighbour's cell.
    pub unsure: Vec<Column>,
    /// Columns plain text's wrapped lines were shared out to by guess.
    pub guessed: Vec<Column>,
    /// The "Indicatore N" label was lost and the number inferred.
    pub inferred_number: bool,
    /// Words of the table OCR read with low confidence.
    pub doubtful: Vec<DoubtfulWord>,
    /// Value cells holding one malformed number ("€ 8825 715,66", "1.85")
    /// rewritten the Italian way, with their text as read. The record
    /// builder warns of each, as the value is only a best reading.
    pub rewritten_malformed: Vec<(ValueField, String)>,
    /// The indicator's code cell ("KPI156 Tasso di ..."), corrected.
    pub kpi: Option<String>,
    /// The report's own "% raggiungimento".
    pub achievement: Option<String>,
    /// Targets by year from a row of years, as printed.
    pub year_targets: Vec<(i32, String)>,
    /// Words of a card's code and targets OCR read with low confidence.
    pub doubtful_values: Vec<DoubtfulValue>,
}

/// Normalizes a laid-out report.
pub fn normalize(layout: &ReportLayout, vocab: &Vocabulary) -> CleanReport {
    let lexicon = Lexicon::new(vocab, &layout.all_text);
    let mut corrections = Vec::new();
    // A template that prints no codes codes its objectives `#N` by their
    // place (records keeps every scheda of such a report, in this order).
    let positional = |i: usize| layout.template.and_then(|t| t.positional_code(i + 1));
    let allocations: Vec<&RawAllocation> =
        layout.schede.iter().flat_map(|s| &s.allocations).collect();
    let schede = layout
        .schede
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut log = Log {
                code: s
                    .code
                    .as_ref()
                    .map(|c| c.0.clone())
                    .or_else(|| positional(i)),
                out: &mut corrections,
            };
            let mut clean = scheda(s, vocab, &lexicon, &mut log);
            clean.allocations = allocations::mend(&s.allocations, &allocations, &mut log);
            clean
        })
        .collect();
    let entity = entity::entity(
        &layout.title_block,
        &layout.all_text,
        vocab,
        &mut corrections,
    );
    CleanReport {
        schede,
        entity,
        corrections,
        has_actual_column: layout.has_actual_column,
        preamble: layout
            .preamble
            .iter()
            .map(|l| Text {
                value: l.text.clone(),
                page: l.page,
            })
            .collect(),
        all_text: layout.all_text.clone(),
        title_block: layout.title_block.clone(),
        template: layout.template,
        seen: layout.seen.clone(),
        page_texts: layout.page_texts.clone(),
    }
}

/// Where corrections go, with the objective they belong to.
struct Log<'a> {
    code: Option<String>,
    out: &'a mut Vec<Correction>,
}

impl Log<'_> {
    fn push(
        &mut self,
        field: FieldPath,
        raw: &str,
        corrected: &str,
        rule: CorrectionRule,
        page: u32,
    ) {
        self.out.push(Correction {
            objective_code: self.code.clone(),
            indicator_number: field.indicator_number(),
            field,
            raw: raw.to_string(),
            corrected: corrected.to_string(),
            rule,
            page: Some(page),
        });
    }
}

fn scheda(s: &SchedaLayout, vocab: &Vocabulary, lex: &Lexicon, log: &mut Log) -> CleanScheda {
    use ObjectiveField as F;
    let (mission_code, mission_name) = code_and_name(&s.mission, lex, log, F::MissionName);
    let (programme_code, programme_name) = code_and_name(&s.programme, lex, log, F::ProgrammeName);
    let programme_name =
        programme_name.map(|name| official_programme(name, vocab, log, s.programme.page));
    let mission_name = mission_name.map(|name| official_mission(name, vocab, log, s.mission.page));
    let mut fixed = |field: &RawField, sep: &str, name: ObjectiveField| {
        fixed(field, sep, lex, log, FieldPath::Objective(name))
    };
    CleanScheda {
        code: s.code.as_ref().map(|(c, p)| Text {
            value: c.clone(),
            page: *p,
        }),
        pages: s.pages.clone(),
        mission_code,
        mission_name,
        programme_code,
        programme_name,
        title: fixed(&s.title, " ", F::Title),
        description: fixed(&s.description, "\n", F::Description),
        time_frame: fixed(&s.time_frame, " ", F::TimeFrame),
        responsibility_centre: fixed(&s.responsibility_centre, " ", F::ResponsibilityCentre),
        resources: fixed(&s.resources, "\n", F::Resources),
        declared_indicators: (!s.declared_indicators.lines.is_empty())
            .then(|| s.declared_indicators.joined().trim().to_string()),
        indicators: s
            .indicators
            .iter()
            .map(|ind| indicator(ind, vocab, lex, log))
            .collect(),
        allocations: s.allocations.clone(),
        one_title: s.one_title,
    }
}

/// The cells are corrected in the order their corrections are logged:
/// algorithm and source, the values, then (after the title and "Cosa
/// misura") type and unit, and last a days mark a value cell lost (which
/// the unit may tell).
fn indicator(
    ind: &IndicatorLayout,
    vocab: &Vocabulary,
    lex: &Lexicon,
    log: &mut Log,
) -> CleanIndicator {
    let (number, page) = (ind.number, ind.page);
    let at = |column| FieldPath::cell(number, column);
    let c = &ind.cells;
    let mut cells = Cells::default();
    for column in [Column::Algorithm, Column::DataSource] {
        cells[column] = c[column]
            .as_deref()
            .and_then(|t| fix_line(t, lex, log, at(column), page));
    }
    let mut rewritten_malformed = Vec::new();
    for &value in ValueField::ALL {
        let column = value.column();
        cells[column] = c[column].as_deref().and_then(|t| {
            let fixed = fix_line(t, lex, log, at(column), page)?;
            let fixed = canonical_comparison(fixed, log, at(column), page);
            let (fixed, malformed) = canonical_number(fixed, log, at(column), page);
            rewritten_malformed.extend(malformed.map(|raw| (value, raw)));
            Some(canonical_yes_no(fixed, log, at(column), page))
        });
    }
    let mut fixed = |field: &RawField, name: IndicatorField| {
        fixed(field, " ", lex, log, FieldPath::indicator(number, name)).map(|t| t.value)
    };
    let title = fixed(&ind.title, IndicatorField::Title);
    let measures = fixed(&ind.measures, IndicatorField::Measures);
    cells[Column::Type] = c[Column::Type]
        .as_deref()
        .map(|k| canonical_type(k, vocab, log, at(Column::Type), page));
    cells[Column::Unit] = c[Column::Unit]
        .as_deref()
        .map(|u| canonical_unit(u, vocab, log, at(Column::Unit), page));
    days_marks(&mut cells, log, number, page);
    CleanIndicator {
        number,
        page,
        title,
        measures,
        cells,
        header: ind.header.join(" "),
        ambiguous: c.ambiguous,
        unsure: c.unsure.clone(),
        guessed: c.guessed.clone(),
        inferred_number: ind.inferred_number,
        doubtful: c.doubtful.clone(),
        rewritten_malformed,
        kpi: kpi_cell(&ind.kpi, vocab, log, number),
        achievement: non_blank(ind.achievement.joined()),
        year_targets: ind
            .year_targets
            .iter()
            .map(|(year, text)| {
                let field = FieldPath::indicator(number, IndicatorField::Targets);
                (*year, canonical_comparison(text.clone(), log, field, page))
            })
            .collect(),
        doubtful_values: ind.doubtful.clone(),
    }
}

/// The code cell ("KPI156 Tasso di ..."), its code read back where OCR
/// misread it ("KP1156").
fn kpi_cell(field: &RawField, vocab: &Vocabulary, log: &mut Log, number: u32) -> Option<String> {
    let cell = non_blank(field.joined())?;
    let Some((raw, code)) = codes::misread_code(&cell, vocab.code_prefixes()) else {
        return Some(cell);
    };
    let path = FieldPath::indicator(number, IndicatorField::KpiCode);
    log.push(
        path,
        &raw,
        &code,
        CorrectionRule::LetterConfusion,
        field.page,
    );
    Some(cell.replacen(&raw, &code, 1))
}

/// "011 - Competitività ..." -> ("011", "Competitività ...").
fn code_and_name(
    field: &RawField,
    lex: &Lexicon,
    log: &mut Log,
    name_field: ObjectiveField,
) -> (Option<String>, Option<String>) {
    let name_field = FieldPath::Objective(name_field);
    let joined = field.joined();
    let Some((code, name)) = split_code(&joined) else {
        return (None, fix_line(&joined, lex, log, name_field, field.page));
    };
    let code = code.replace(['O', 'Q'], "0");
    (Some(code), fix_line(name, lex, log, name_field, field.page))
}

/// A programme name OCR damaged, as the vocabulary's official name of the
/// programme it is nearest to ("... ed app igi i per le ini ioni
/// pubbliche" -> "... ed approvvigionamenti per le amministrazioni
/// pubbliche"); a name near none stays as read.
fn official_programme(name: String, vocab: &Vocabulary, log: &mut Log, page: u32) -> String {
    let Some(official) = vocab.programme(&name) else {
        return name;
    };
    if fold(official) == fold(&name) {
        return name;
    }
    let field = FieldPath::Objective(ObjectiveField::ProgrammeName);
    log.push(field, &name, official, CorrectionRule::Vocabulary, page);
    official.to_string()
}

/// A mission name OCR damaged, as the vocabulary's official name of the
/// mission it is nearest to ("Commercio intenzionale ed ..." ->
/// "Commercio internazionale ed ..."); a name near none stays as read.
fn official_mission(name: String, vocab: &Vocabulary, log: &mut Log, page: u32) -> String {
    let Some(official) = vocab.mission(&name) else {
        return name;
    };
    if fold(official) == fold(&name) {
        return name;
    }
    let field = FieldPath::Objective(ObjectiveField::MissionName);
    log.push(field, &name, official, CorrectionRule::Vocabulary, page);
    official.to_string()
}

/// "(011 - Competitività ..." -> ("011", "Competitività ..."), as printed:
/// after at most three leading marks ([`after_lead`]), three digits (or
/// O, Q), blanks, one dash or colon, blanks, and a name on one line. By
/// hand: the pattern's captures cost more than the rest of the field.
fn split_code(text: &str) -> Option<(&str, &str)> {
    let text = after_lead(text, 3)?;
    let is_code = |b: u8| b.is_ascii_digit() || b == b'O' || b == b'Q';
    let code = text.get(..3).filter(|c| c.bytes().all(is_code))?;
    let rest = text[3..].trim_start();
    let name = rest
        .strip_prefix(['-', '—', '–', ':'])
        .unwrap_or(rest)
        .trim_start();
    (!name.contains('\n')).then_some((code, name))
}

/// A field's lines joined by `sep` and corrected.
fn fixed(
    field: &RawField,
    sep: &str,
    lex: &Lexicon,
    log: &mut Log,
    name: FieldPath,
) -> Option<Text> {
    let lines: Vec<&str> = field
        .lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let value = fix_line(&lines.join(sep), lex, log, name, field.page)?;
    Some(Text {
        value,
        page: field.page,
    })
}

fn fix_line(
    text: &str,
    lex: &Lexicon,
    log: &mut Log,
    field: FieldPath,
    page: u32,
) -> Option<String> {
    let text = formula_one(text, log, field, page);
    let trimmed = strip_stray_tokens(&text);
    if !trimmed.chars().any(char::is_alphanumeric) {
        return None;
    }
    let (out, fixes) = lex.fix(&trimmed);
    for f in fixes {
        log.push(field, &f.raw, &f.corrected, f.rule, page);
    }
    Some(out)
}

/// A formula closing on a sign and a lone "l", "I" or "|" in a text that
/// holds a number ("risme 2022 / risme 2021 - l", "... 2018 -l").
static FORMULA_ONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9].*\s[-+*/]\s?([lI|])$").expect("valid regex"));

/// A formula's closing "1" OCR read as a letter is the digit again, and
/// logged: left a letter, it would go as a speck at the field's end
/// ([`strip_stray_tokens`]) and its sign with it, the formula silently
/// cut short ("... / risme 2021 - 1" read "... / risme 2021").
fn formula_one(text: &str, log: &mut Log, field: FieldPath, page: u32) -> String {
    let Some(letter) = FORMULA_ONE.captures(text).and_then(|c| c.get(1)) else {
        return text.to_string();
    };
    let fixed = format!("{}1", &text[..letter.start()]);
    log.push(field, text, &fixed, CorrectionRule::LetterConfusion, page);
    fixed
}

/// Drops OCR specks at a field's ends: a lone letter or punctuation mark
/// closing it ("... EROGATI g", "... TUTELA I"), punctuation opening it.
fn strip_stray_tokens(text: &str) -> String {
    let speck = |t: &str| {
        let mut chars = t.chars();
        let lone_letter = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
        let punctuation = t
            .chars()
            .all(|c| !c.is_alphanumeric() && !matches!(c, ')' | '%' | '"' | '”' | '»' | '€'));
        lone_letter || punctuation
    };
    let mut words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 1 && words.last().is_some_and(|w| speck(w)) {
        words.pop();
    }
    // A comparison (">=", "≤") opens a target: it is kept.
    let opening = |t: &str| {
        t.chars()
            .all(|c| !c.is_alphanumeric() && !matches!(c, '-' | '(' | '"' | '“' | '«' | '€' | '%'))
            && !t.contains(['<', '>', '≤', '≥'])
    };
    while words.len() > 1 && words.first().is_some_and(|w| opening(w)) {
        words.remove(0);
    }
    // A lone letter before the number ("È 99,19%"); "n 5" is "n. 5".
    let lone_before_number = |w: &[&str]| {
        let mut first = w[0].chars();
        let lone = first
            .next()
            .is_some_and(|c| c.is_alphabetic() && c != 'n' && c != 'N')
            && first.next().is_none();
        lone && w[1].starts_with(|c: char| c.is_ascii_digit())
    };
    if words.len() > 1 && lone_before_number(&words) {
        words.remove(0);
    }
    words
        .join(" ")
        .trim_matches(|c: char| matches!(c, '|' | '=' | '‘' | '[' | ']'))
        .trim()
        .to_string()
}

/// A cell that is one repaired number ("€ 8825 715,66", "100%%") is
/// rewritten the Italian way ("€ 8.825.715,66", "100%"); with the text as
/// read when the number was malformed, not just its sign misread.
fn canonical_number(
    text: String,
    log: &mut Log,
    field: FieldPath,
    page: u32,
) -> (String, Option<String>) {
    let Some(n) = number::cell_value(&text) else {
        return (text, None);
    };
    let whole = text
        .get(n.start..n.end)
        .is_some_and(|s| s.trim() == text.trim());
    if !whole || !n.repaired || n.uncertain {
        return (text, None);
    }
    let digits = number::format_italian(n.value);
    let out = match n.kind {
        NumberKind::Euro => format!("€ {digits}"),
        NumberKind::Percent => format!("{digits}%"),
        NumberKind::Plain => digits,
    };
    log.push(field, &text, &out, CorrectionRule::NumberFormat, page);
    (out, n.irregular.then_some(text))
}

/// A comparison whose "=" OCR read as a letter ("e", "E"), before a
/// number, at the cell's start or after a year's label: ">e 12", "<E€
/// 5.000", "Anno 2019: >e 90%"; or the whole ">=" read as two letters
/// ("del2", "Ds 2.355": no word opens a value cell glued to a number so).
/// A stroke glued to the number's first digit is its 1 (">el2": ">= 12"),
/// as no word follows a comparison that way.
static MISREAD_COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s:])([<>][eE]|[dD][es])(\s*)([lI|]?)([0-9€])").expect("valid regex")
});

/// A value cell holding a misread comparison (">e 12", ">el2") gets its
/// operator back (">= 12", ">=12"); a word after "<" or ">" is left alone.
fn canonical_comparison(text: String, log: &mut Log, field: FieldPath, page: u32) -> String {
    if !MISREAD_COMPARISON.is_match(&text) {
        return text;
    }
    let out = MISREAD_COMPARISON
        .replace_all(&text, |c: &regex::Captures| {
            let one = if c[4].is_empty() { "" } else { "1" };
            let operator = if c[2].starts_with('<') { "<=" } else { ">=" };
            format!("{}{operator}{}{one}{}", &c[1], &c[3], &c[5])
        })
        .into_owned();
    log.push(field, &text, &out, CorrectionRule::LetterConfusion, page);
    out
}

/// A number of days whose "gg." OCR read as digits: "27 99.".
static DAYS_AS_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*[0-9]\s+)99\.$").expect("valid regex"));
/// What says a row counts days: "gg." after a number, or its unit.
static DAYS_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[0-9]\s*gg\.|\bgiorn").expect("valid regex"));

/// A value cell closing with "99." after a number, in a row whose other
/// value cells or unit count days ("<= 30 gg."), had its "gg." read as
/// digits: it is given back ("27 99." -> "27 gg."), so the "99" is not
/// taken for a second number.
fn days_marks(cells: &mut Cells, log: &mut Log, number: u32, page: u32) {
    let values = ValueField::ALL.iter().map(|v| v.column());
    let counts_days = |skip: Column| {
        values
            .clone()
            .chain([Column::Unit])
            .filter(|&c| c != skip)
            .any(|c| cells[c].as_deref().is_some_and(|t| DAYS_MARK.is_match(t)))
    };
    let misread: Vec<Column> = values
        .clone()
        .filter(|&c| {
            cells[c]
                .as_deref()
                .is_some_and(|t| DAYS_AS_DIGITS.is_match(t))
        })
        .filter(|&c| counts_days(c))
        .collect();
    for column in misread {
        let Some(text) = cells[column].take() else {
            continue;
        };
        let out = DAYS_AS_DIGITS.replace(&text, "${1}gg.").into_owned();
        let field = FieldPath::cell(number, column);
        log.push(field, &text, &out, CorrectionRule::LetterConfusion, page);
        cells[column] = Some(out);
    }
}

static YES_NO_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(?i)(s[il1|]|sì)|(?i)(n[o0]))$").expect("valid regex"));

/// A yes/no cell read with a confusion ("Sl", "S1", "N0") becomes "SI"/"NO"
/// in the case it was printed in.
fn canonical_yes_no(text: String, log: &mut Log, field: FieldPath, page: u32) -> String {
    let Some(c) = YES_NO_CELL.captures(text.trim()) else {
        return text;
    };
    let word = if c.get(1).is_some() { "SI" } else { "NO" };
    // The confused letter ("Sl": an l read for an I) says nothing of case.
    let trimmed = text.trim();
    let upper_first = trimmed.starts_with(char::is_uppercase);
    let rest_lower = trimmed
        .chars()
        .skip(1)
        .any(|c| c.is_lowercase() && c != 'l');
    let out = match (upper_first, rest_lower) {
        (true, false) => word.to_string(),
        (true, true) => in_case_of(trimmed, word),
        (false, _) => word.to_lowercase(),
    };
    if out != text && fold(&out) != fold(&text) {
        log.push(field, &text, &out, CorrectionRule::LetterConfusion, page);
        return out;
    }
    text
}

/// Type words to their canonical spelling, in the raw text's case.
fn canonical_type(
    raw: &str,
    vocab: &Vocabulary,
    log: &mut Log,
    field: FieldPath,
    page: u32,
) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut word = String::new();
    for c in raw.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '\'' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            let typed = vocab.type_word(&word);
            // A speck read as a letter or two ("ì QUALITÀ"): no type word.
            let short = word.chars().count() <= 2;
            let joining = ["e", "di"].iter().any(|j| word.eq_ignore_ascii_case(j));
            let speck = typed.is_none() && short && !joining;
            if let Some(pair) = typed.is_none().then(|| lost_slash(&word, vocab)).flatten() {
                out.push_str(&pair);
            } else if !speck {
                out.push_str(&typed.map_or(word.clone(), |w| in_case_of(&word, w)));
            }
            word.clear();
        }
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    let and = if in_case_of(raw, "E") == "e" {
        " e "
    } else {
        " E "
    };
    let out = out.trim().replace(" & ", and);
    if out != raw {
        log.push(field, raw, &out, CorrectionRule::Vocabulary, page);
    }
    out
}

/// Two type words whose slash OCR read as a letter ("ESTERNAVEFFICACIA"):
/// the pair with its slash back, each word in its canonical spelling.
fn lost_slash(word: &str, vocab: &Vocabulary) -> Option<String> {
    word.char_indices()
        .filter(|&(i, c)| i > 0 && matches!(c, 'V' | 'v' | 'I' | 'l' | '1' | '|'))
        .find_map(|(i, c)| {
            let (left, right) = (&word[..i], &word[i + c.len_utf8()..]);
            let (l, r) = (vocab.type_word(left)?, vocab.type_word(right)?);
            Some(format!("{}/{}", in_case_of(left, l), in_case_of(right, r)))
        })
}

static YES_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)S[I1lYUJ|/\\ ]{0,3}N[O0D]?$").expect("valid regex"));

fn canonical_unit(
    raw: &str,
    vocab: &Vocabulary,
    log: &mut Log,
    field: FieldPath,
    page: u32,
) -> String {
    let out = if YES_NO.is_match(raw) {
        "SI/NO".to_string()
    } else {
        vocab
            .unit_word(raw)
            .map_or_else(|| raw.to_string(), |u| in_case_of(raw, u))
    };
    if out != raw {
        log.push(field, raw, &out, CorrectionRule::Vocabulary, page);
    }
    out
}

/// `canonical` in the case of `raw`: all lower when raw is, else as written.
/// `canonical` in the case of `raw`: capitalised when raw is ("Quantita"
/// -> "Quantità"), else all lower or all upper as most of raw's letters.
fn in_case_of(raw: &str, canonical: &str) -> String {
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    let lower = letters.iter().filter(|c| c.is_lowercase()).count();
    let capitalised = letters.len() > 1
        && letters[0].is_uppercase()
        && letters[1..].iter().all(|c| c.is_lowercase());
    if capitalised {
        let lowered = canonical.to_lowercase();
        let mut chars = lowered.chars();
        chars
            .next()
            .map_or(String::new(), |f| f.to_uppercase().chain(chars).collect())
    } else if lower * 2 > letters.len() {
        canonical.to_lowercase()
    } else {
        canonical.to_string()
    }
}

fn non_blank(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Code and name split as the one pattern this replaced split them.
        #[test]
        fn a_code_splits_off_as_the_whole_pattern_split_it(
            text in "[ (\\[_*•é-]{0,4}[0-9OQa]{2,4}[ \t\u{a0}:—–-]{0,3}[a-zé\n\u{a0} ]{0,6}",
        ) {
            let pattern = Regex::new(r"^\W{0,3}([0-9OQ]{3})\s*[-—–:]?\s*(.*)$").unwrap();
            let want = pattern.captures(&text).map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            proptest::prop_assert_eq!(split_code(&text), want);
        }
    }

    #[test]
    fn specks_at_a_fields_ends_are_dropped() {
        for (raw, want) in [
            (
                "REPORT DEI CONTRIBUTI EROGATI g",
                "REPORT DEI CONTRIBUTI EROGATI",
            ),
            ("; nuova attività", "nuova attività"),
            ("È 99,19%", "99,19%"),
            ("n 5 imprese", "n 5 imprese"),
            ("a cura del servizio", "a cura del servizio"),
            ("100%", "100%"),
        ] {
            assert_eq!(strip_stray_tokens(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_formulas_closing_one_read_as_a_letter_is_the_digit_again() {
        for (raw, want) in [
            // DEV kpi-table scan 206: the "- l" went as a speck.
            (
                "risme acquistate 2022 / risme acquistate 2021 - l",
                "risme acquistate 2022 / risme acquistate 2021 - 1",
            ),
            (
                "pratiche 2019 / pratiche 2018 -l",
                "pratiche 2019 / pratiche 2018 -1",
            ),
            (
                "importo 2023 / importo 2022 - |",
                "importo 2023 / importo 2022 - 1",
            ),
            // No number, no sign before the letter, or a word: left alone.
            ("contributi erogati - l", "contributi erogati - l"),
            ("EVENTI 2022 E", "EVENTI 2022 E"),
            ("n. 5 / al", "n. 5 / al"),
        ] {
            let mut corrections = Vec::new();
            let mut log = Log {
                code: None,
                out: &mut corrections,
            };
            let field = FieldPath::cell(1, Column::Algorithm);
            let got = formula_one(raw, &mut log, field, 1);
            assert_eq!(got, want, "{raw}");
            assert_eq!(corrections.len(), usize::from(raw != want), "{raw}");
        }
        // Through a field's whole mending, the formula keeps its "- 1".
        let mut corrections = Vec::new();
        let mut log = Log {
            code: None,
            out: &mut corrections,
        };
        let vocab = Vocabulary::builtin();
        let lex = Lexicon::new(&vocab, "");
        let field = FieldPath::cell(1, Column::Algorithm);
        let got = fix_line("risme 2022 / risme 2021 - l", &lex, &mut log, field, 1);
        assert_eq!(got.as_deref(), Some("risme 2022 / risme 2021 - 1"));
    }

    #[test]
    fn a_comparison_read_with_a_letter_is_restored_and_logged() {
        for (raw, want) in [
            (">e 12", ">= 12"),
            (">E 2.355", ">= 2.355"),
            ("<e€ 5.000,00", "<=€ 5.000,00"),
            (">= 12", ">= 12"),
            // A stroke glued to the number is its first digit.
            (">el2", ">=12"),
            ("<E l5 gg.", "<= 15 gg."),
            // After a year's label too.
            ("Anno 2019: >e 90%", "Anno 2019: >= 90%"),
            // The whole ">=" read as two letters (DEV kpi-table scan 164,
            // matrix scan 124).
            ("del2", ">=12"),
            ("Anno 2020 Ds 2.355", "Anno 2020 >= 2.355"),
            ("dell'anno 12", "dell'anno 12"),
            ("Desk 12", "Desk 12"),
            // Not a comparison before a number: left alone.
            (">e oltre", ">e oltre"),
            (">elenco 12", ">elenco 12"),
            ("e 12", "e 12"),
            ("a>e12", "a>e12"),
        ] {
            let mut corrections = Vec::new();
            let mut log = Log {
                code: None,
                out: &mut corrections,
            };
            let field = FieldPath::cell(1, Column::Target);
            let got = canonical_comparison(raw.to_string(), &mut log, field, 1);
            assert_eq!(got, want, "{raw}");
            assert_eq!(corrections.len(), usize::from(raw != want), "{raw}");
        }
    }

    #[test]
    fn days_read_as_digits_are_given_back_where_the_row_counts_days() {
        struct Case {
            target: &'static str,
            actual: &'static str,
            unit: Option<&'static str>,
            want: &'static str,
        }
        let cases = [
            Case {
                target: "<= 30 gg.",
                actual: "27 99.",
                unit: None,
                want: "27 gg.",
            },
            Case {
                target: "<= 30",
                actual: "27 99.",
                unit: Some("Giorni"),
                want: "27 gg.",
            },
            // Nothing in the row counts days: left as read.
            Case {
                target: "<= 30",
                actual: "27 99.",
                unit: None,
                want: "27 99.",
            },
            // A number of 99 is no days mark.
            Case {
                target: "<= 30 gg.",
                actual: "99.",
                unit: None,
                want: "99.",
            },
            Case {
                target: "<= 300 gg.",
                actual: "199.",
                unit: None,
                want: "199.",
            },
        ];
        for case in cases {
            let mut cells = Cells::default();
            cells[Column::Target] = Some(case.target.into());
            cells[Column::Actual] = Some(case.actual.into());
            cells[Column::Unit] = case.unit.map(str::to_string);
            let mut corrections = Vec::new();
            let mut log = Log {
                code: None,
                out: &mut corrections,
            };
            days_marks(&mut cells, &mut log, 1, 1);
            assert_eq!(cells[Column::Actual].as_deref(), Some(case.want));
            assert_eq!(cells[Column::Target].as_deref(), Some(case.target));
            assert_eq!(corrections.len(), usize::from(case.actual != case.want));
        }
    }

    #[test]
    fn type_cells_lose_specks_and_keep_their_words() {
        let vocab = Vocabulary::builtin();
        for (raw, want) in [
            ("ì QUALITÀ", "QUALITÀ"),
            ("EFFICACIA ESTERMA/QUALITA", "EFFICACIA ESTERNA/QUALITÀ"),
            (
                "efficacia esterna e efficienza",
                "efficacia esterna e efficienza",
            ),
            ("EFFICACIA ESTERNA E QUALITÀ", "EFFICACIA ESTERNA E QUALITÀ"),
            (
                "EFFICACIA ESTERNAVEFFICACIA INTERNA",
                "EFFICACIA ESTERNA/EFFICACIA INTERNA",
            ),
            (
                "efficacia internalefficienza",
                "efficacia interna/efficienza",
            ),
            // A word that only looks like two: left alone.
            ("EFFICACIA VIVA", "EFFICACIA VIVA"),
        ] {
            let mut corrections = Vec::new();
            let mut log = Log {
                code: None,
                out: &mut corrections,
            };
            let field = FieldPath::cell(1, Column::Type);
            assert_eq!(
                canonical_type(raw, &vocab, &mut log, field, 1),
                want,
                "{raw}"
            );
            assert_eq!(
                corrections.is_empty(),
                raw == want,
                "{raw}: {corrections:?}"
            );
        }
    }
}
