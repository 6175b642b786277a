//! Stage 4: the record builder. Clean schede become
//! [`Objective`]s with their
//! [`ResourceLine`](crate::model::ResourceLine)s and
//! [`Indicator`](crate::model::Indicator)s; values are parsed, `achieved`
//! is judged, and cross-checks (declared vs found indicators, codes vs
//! mission and programme, duplicate codes) become warnings.

mod absent;
mod checks;
mod document;
mod indicator;
mod misread;
mod one_title;

pub(crate) use indicator::judge;
mod plausible;
pub use plausible::left_empty;
mod resources;
mod rows;
pub mod scan_check;
mod shifts;
mod stated;
mod template;
mod texts;
mod unknown_words;
mod unread_pages;

use crate::error::{Error, ErrorKind, Result};
use crate::layout::OneTitle;
use crate::model::{
    FieldPath, InputFormat, Objective, ObjectiveField, Report, ReportField, ReportKind, Source,
    Template, Warning, WarningCode, SCHEMA_VERSION,
};
use crate::normalize::{CleanReport, CleanScheda, Text};
use crate::vocab::Vocabulary;

/// Builds the report of one input from its clean text; `source` says
/// where the input came from and how it was read.
pub fn build(source: Source, clean: CleanReport, vocab: &Vocabulary) -> Result<Report> {
    let Some(template) = clean.template else {
        return Err(Error::new(ErrorKind::UnknownTemplate {
            seen: clean.seen.clone(),
        }));
    };
    if clean.schede.is_empty() {
        return Err(Error::new(ErrorKind::NoReport));
    }
    let year = document::year(&clean.title_block).or_else(|| document::year(&clean.all_text));
    let kind = if clean.has_actual_column {
        Some(ReportKind::FinalAccount)
    } else if clean.schede.iter().any(|s| !s.indicators.is_empty()) {
        Some(ReportKind::BudgetPlan)
    } else {
        None
    };
    let mut warnings = Vec::new();
    if year.is_none() {
        // Targets and plans are read against the report's own year.
        let mut x = warning(
            WarningCode::MissingField,
            "no year found (no \"31/12/YYYY\" date nor \"Bilancio YYYY\")".to_string(),
            None,
            None,
        );
        x.field = Some(FieldPath::Report(ReportField::Year));
        warnings.push(x);
    }
    let mut objectives: Vec<Objective> = Vec::new();
    let mut stated_totals = Vec::new();
    let ctx = Context {
        template,
        has_actual: clean.has_actual_column,
        own: template::Context { year, kind },
        counts_lost: matches!(
            source.format,
            InputFormat::OcrText | InputFormat::OcrTsv | InputFormat::Hocr
        ) && counts_mostly_unread(&clean.schede),
    };
    // Warnings that give way to the plausibility checks' on their field.
    let mut late = Vec::new();
    // Objectives whose title another has, in a table that cannot part them.
    let mut shared_titles = Vec::new();
    // The indicators that define no KPI ("Kpi non definito").
    let mut no_kpi = plausible::NoKpi::default();
    for scheda in &clean.schede {
        let position = objectives.len() + 1;
        let Some((objective, stated_total)) = objective(
            scheda,
            ctx,
            position,
            vocab,
            &mut warnings,
            &mut late,
            &mut no_kpi,
        ) else {
            continue;
        };
        if objectives.iter().any(|o| o.code == objective.code) {
            warnings.push(warning(
                WarningCode::DuplicateCode,
                format!(
                    "objective code {} appears in more than one scheda",
                    objective.code
                ),
                objective.pages.first().copied(),
                Some(&objective.code),
            ));
        }
        if scheda.one_title == Some(OneTitle::Shared) {
            shared_titles.push(objective.code.clone());
        }
        stated_totals.push(stated_total);
        objectives.push(objective);
    }
    warnings.extend(one_title::on_report(&shared_titles));
    if objectives.is_empty() {
        return Err(Error::new(ErrorKind::NoObjective {
            schede: clean.schede.len(),
        }));
    }
    fill_target_dates(&mut objectives);
    if template == Template::Scheda {
        let matrix = checks::matrix_entries(&clean.preamble);
        checks::check_matrix(&matrix, &objectives, &mut warnings);
        checks::check_named_codes(&clean.all_text, &matrix, &objectives, &mut warnings);
        checks::check_matrix_titles(&matrix, &objectives, &mut warnings);
        checks::check_shared_resources(&mut objectives, &mut warnings);
    }
    for (o, stated) in objectives.iter_mut().zip(&stated_totals) {
        o.resources_total =
            (!o.resources.is_empty()).then(|| o.resources.iter().map(|r| r.amount).sum());
        if let Some(stated) = stated {
            checks::check_stated_total(o, stated, &mut warnings);
        }
    }
    warnings.extend(unread_pages::warnings(
        &clean.page_texts,
        &objectives,
        template,
    ));
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        source,
        entity: clean.entity,
        year,
        kind,
        template,
        objectives,
        warnings,
        corrections: clean.corrections,
    };
    plausible::check(&mut report, vocab, &no_kpi);
    plausible::add_new(&mut report.warnings, late);
    Ok(report)
}

/// How the report's objectives are read.
#[derive(Debug, Clone, Copy)]
struct Context {
    template: Template,
    /// Whether the indicators have an actual column (a final account).
    has_actual: bool,
    own: template::Context,
    /// Whether a count of indicators that its label stands without may
    /// have been lost: the input is OCR's text without its page images
    /// (a figure alone in its box is what OCR drops), and most counts
    /// were not read (a report may leave some blank, not most).
    counts_lost: bool,
}

/// Whether fewer than half of the schede that label a count of
/// indicators have one read.
fn counts_mostly_unread(schede: &[CleanScheda]) -> bool {
    let labelled: Vec<&str> = schede
        .iter()
        .filter_map(|s| s.declared_indicators.as_deref())
        .collect();
    let read = labelled
        .iter()
        .filter(|t| document::first_integer(t).is_some())
        .count();
    read * 2 < labelled.len()
}

/// One scheda's objective, with the resource total the scheda states.
/// `position` is the objective's place in the report, from 1: a template
/// that gives no codes codes it `#N`.
fn objective(
    s: &CleanScheda,
    ctx: Context,
    position: usize,
    vocab: &Vocabulary,
    warnings: &mut Vec<Warning>,
    late: &mut Vec<Warning>,
    no_kpi: &mut plausible::NoKpi,
) -> Option<(Objective, Option<resources::StatedTotal>)> {
    let first_page = s.pages.first().copied();
    let positional = ctx.template.positional_code(position).map(|value| Text {
        value,
        page: first_page.unwrap_or(0),
    });
    let Some(code) = s.code.as_ref().or(positional.as_ref()) else {
        let title = s.title.as_ref().map_or("(no title)", |t| t.value.as_str());
        warnings.push(warning(
            WarningCode::MissingCode,
            format!("scheda \"{title}\" has no objective code NNN-NNN-NNN: skipped"),
            first_page,
            None,
        ));
        return None;
    };
    let code = code.value.clone();
    let mut w = Vec::new();
    let resources::Resources {
        lines: resources,
        stated_total,
    } = resources::split(s.resources.as_ref(), &code, &mut w);
    let mut resources = resources;
    resources.extend(template::allocations(&s.allocations, &code, &mut w));
    let indicators: Vec<_> = s
        .indicators
        .iter()
        .map(|i| {
            let mut i = i.clone();
            let targets = template::own_year_target(&mut i, ctx.own);
            let mut ind = indicator::build(&i, ctx.has_actual, &code, vocab, &mut w);
            late.extend(indicator::guessed_cells(&i, &ind, &code));
            template::complete(&mut ind, &i, targets, &code, &mut w);
            if template::defines_no_kpi(&i) {
                no_kpi.insert((code.clone(), ind.number));
            }
            ind
        })
        .collect();
    let declared_text = s
        .declared_indicators
        .as_deref()
        .map(|t| without_label_tail(t, vocab));
    let declared_text = declared_text.as_deref();
    let declared = declared_text.and_then(document::first_integer);
    let warned = ctx.counts_lost || declared_text.is_some_and(|t| !t.is_empty());
    if let (Some(text), None, true) = (declared_text, declared, warned) {
        let (code_of, message) = if text.is_empty() {
            (
                WarningCode::MissingField,
                "no count of indicators after its label, nor after most others: OCR may have lost them"
                    .to_string(),
            )
        } else {
            (
                WarningCode::UnparsedValue,
                format!("no count of indicators in {text:?}"),
            )
        };
        let mut x = warning(code_of, message, first_page, Some(&code));
        x.field = Some(ObjectiveField::DeclaredIndicators.into());
        w.push(x);
    }
    let objective = Objective {
        mission_code: s.mission_code.clone(),
        mission_name: s.mission_name.clone(),
        programme_code: s.programme_code.clone(),
        programme_name: s.programme_name.clone(),
        title: s.title.as_ref().map(|t| t.value.clone()),
        description: s.description.as_ref().map(|t| t.value.clone()),
        time_frame: s.time_frame.as_ref().map(|t| t.value.clone()),
        responsibility_centre: s.responsibility_centre.as_ref().map(|t| t.value.clone()),
        declared_indicators: declared,
        resources_total: (!resources.is_empty()).then(|| resources.iter().map(|r| r.amount).sum()),
        resources,
        indicators,
        pages: s.pages.clone(),
        code,
    };
    cross_check(&objective, ctx.template, &mut w);
    if let Some(doubt) = s.one_title {
        w.extend(one_title::on_objective(&objective, doubt));
    }
    warnings.append(&mut w);
    Some((objective, stated_total))
}

/// A declared count's text without the end of its label that a narrow
/// cell wrapped under the count ("associati" of "Numero indicatori
/// associati"): a report that leaves the count blank leaves just that.
fn without_label_tail(text: &str, vocab: &Vocabulary) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let label = crate::vocab::Label::DeclaredIndicators;
    let kept = (0..words.len())
        .find(|&k| vocab.is_label_tail(&words[k..], label))
        .unwrap_or(words.len());
    words[..kept].join(" ")
}

/// The "Risultato atteso al" date is one column of one report: where OCR
/// garbled it in a table's header, the report's most frequent date holds.
fn fill_target_dates(objectives: &mut [Objective]) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for date in objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter_map(|i| i.target_date.clone())
    {
        match counts.iter_mut().find(|(d, _)| *d == date) {
            Some((_, n)) => *n += 1,
            None => counts.push((date, 1)),
        }
    }
    let Some((common, _)) = counts.into_iter().max_by_key(|(_, n)| *n) else {
        return;
    };
    for ind in objectives.iter_mut().flat_map(|o| o.indicators.iter_mut()) {
        if ind.target_date.is_none() {
            ind.target_date = Some(common.clone());
        }
    }
}

/// Checks an objective against itself; `template` says which fields it
/// should have (a card has no mission).
fn cross_check(o: &Objective, template: Template, w: &mut Vec<Warning>) {
    let page = o.pages.first().copied();
    if let Some(n) = o.declared_indicators {
        if n as usize != o.indicators.len() {
            let mut x = warning(
                WarningCode::IndicatorCountMismatch,
                format!("{n} indicators declared, {} found", o.indicators.len()),
                page,
                Some(&o.code),
            );
            x.field = Some(ObjectiveField::DeclaredIndicators.into());
            w.push(x);
        }
    }
    let parts: Vec<&str> = o
        .code
        .split('-')
        .filter(|_| !o.code.starts_with('#'))
        .collect();
    for (field, value, part) in [
        (ObjectiveField::MissionCode, &o.mission_code, parts.first()),
        (
            ObjectiveField::ProgrammeCode,
            &o.programme_code,
            parts.get(1),
        ),
    ] {
        if let (Some(v), Some(p)) = (value, part) {
            if v != p {
                let mut x = warning(
                    WarningCode::CodeMismatch,
                    format!("objective code {} does not match {field} {v}", o.code),
                    page,
                    Some(&o.code),
                );
                x.field = Some(field.into());
                w.push(x);
            }
        }
    }
    for (field, value) in [
        (ObjectiveField::MissionName, &o.mission_name),
        (ObjectiveField::Title, &o.title),
    ] {
        let printed = field != ObjectiveField::MissionName || template != Template::Card;
        if value.is_none() && printed {
            let mut x = warning(
                WarningCode::MissingField,
                format!("no {field} found"),
                page,
                Some(&o.code),
            );
            x.field = Some(field.into());
            w.push(x);
        }
    }
}

/// A warning about an objective.
pub(crate) fn warning(
    code: WarningCode,
    message: String,
    page: Option<u32>,
    objective: Option<&str>,
) -> Warning {
    Warning {
        code,
        message,
        page,
        objective_code: objective.map(str::to_string),
        indicator_number: None,
        field: None,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{FieldPath, ObjectiveField, WarningCode};
    use crate::{extract, Input, Options};

    /// A plain-text report of three schede, the count after each
    /// "N. indicatori" label as given (DEV text 105: Tesseract dropped
    /// every count, a figure alone in its box).
    fn counted(counts: [&str; 3]) -> Vec<u8> {
        let codes = ["011-005-001", "011-005-002", "011-005-003"];
        let scheda = |(code, count): (&str, &str)| {
            format!(
                "Missione\n011 - Competitività e sviluppo delle imprese\nProgramma\n005 - Promozione\nTitolo SUPPORTO ALLE IMPRESE\nDescrizione Le iniziative di promozione.\n{code}\nN. indicatori {count}\nIndicatore 1 IMPRESE ASSISTITE\nCosa misura numero imprese assistite\nTipologia Unita di misura Algoritmo di calcolo Fonte dei dati Ultimo valore osservato Risultato atteso\nEFFICACIA NUMERICO conteggio ELENCO 120 100\nSe altro, indicare qui\n\u{c}"
            )
        };
        codes
            .into_iter()
            .zip(counts)
            .map(scheda)
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn a_count_cell_holding_only_its_labels_end_is_blank() {
        // DEV browser-printed schede 105, 107, 123, 124: "Numero
        // indicatori" beside a blank count, "associati" wrapped under it.
        struct Case {
            text: &'static str,
            kept: &'static str,
        }
        let vocab = crate::vocab::Vocabulary::builtin();
        for case in [
            Case {
                text: "associati",
                kept: "",
            },
            Case {
                text: "ASSOCIATI:",
                kept: "",
            },
            Case {
                text: "4 associati",
                kept: "4",
            },
            Case {
                text: "quattro",
                kept: "quattro",
            },
        ] {
            assert_eq!(super::without_label_tail(case.text, &vocab), case.kept);
        }
    }

    #[test]
    fn counts_ocr_lost_from_most_schede_are_warned() {
        struct Case {
            counts: [&'static str; 3],
            warned: usize,
        }
        for case in [
            Case {
                counts: ["", "", ""],
                warned: 3,
            },
            Case {
                counts: ["1", "", ""],
                warned: 2,
            },
            // A report that prints most counts left the others blank.
            Case {
                counts: ["1", "1", ""],
                warned: 0,
            },
        ] {
            let input = Input::from_bytes("r.txt", counted(case.counts));
            let report = extract(&input, &Options::default()).expect("a report");
            let field = Some(FieldPath::from(ObjectiveField::DeclaredIndicators));
            let warned = report
                .warnings
                .iter()
                .filter(|w| w.code == WarningCode::MissingField && w.field == field)
                .count();
            assert_eq!(warned, case.warned, "{:?}", case.counts);
        }
    }
}
