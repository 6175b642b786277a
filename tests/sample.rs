//! The sample report, end to end through the library: `pira::extract` on
//! `fixtures/000_b2d698d42f0df24e.txt` must find every objective and
//! indicator, and read the field values listed in `cases()` exactly.
//!
//! Every expected value in `cases()` is taken from the hand-checked gold file
//! `fixtures/000_b2d698d42f0df24e.gold.json` (never from pira's output), and
//! each case names the OCR noise it covers. The exceptions are marked
//! "derived": `achieved`, `value_kind` and page numbers are not in the gold
//! file, so they are worked out by hand from the gold values (with the
//! contract's rules) or from the page marks of the sample text.

mod common;

use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::OnceLock;

use pira::model::{CorrectionRule, Report, ReportKind, ValueKind, WarningCode};
use pira::{Input, Options};
use rust_decimal::Decimal;

/// The sample, extracted once for all tests of this file.
fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let bytes = match std::fs::read(common::sample_path()) {
            Ok(b) => b,
            Err(e) => panic!("cannot read the sample: {e}"),
        };
        let input = Input::from_bytes(common::SAMPLE_NAME, bytes);
        match pira::extract(&input, &Options::default()) {
            Ok(report) => report,
            Err(e) => panic!("the sample did not extract: {e}"),
        }
    })
}

/// The objectives of the sample, in document order, with their number of
/// indicators (gold file).
const OBJECTIVES: [(&str, usize); 17] = [
    ("011-005-001", 2),
    ("011-005-002", 2),
    ("011-005-003", 2),
    ("011-005-004", 1),
    ("011-005-005", 2),
    ("011-005-006", 3),
    ("012-004-001", 1),
    ("012-004-002", 4),
    ("012-004-003", 2),
    ("012-004-004", 1),
    ("012-004-005", 5),
    ("032-003-001", 2),
    ("032-003-002", 3),
    ("032-003-003", 2),
    ("032-003-004", 1),
    ("032-003-005", 2),
    ("032-003-006", 2),
];

#[test]
fn report_head() {
    let r = report();
    assert_eq!(r.schema_version, 2);
    assert_eq!(r.template, pira::model::Template::Scheda);
    assert_eq!(r.entity.as_deref(), Some("Camera di Commercio di Brescia"));
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.kind, Some(ReportKind::FinalAccount));
    assert_eq!(r.source.file, common::SAMPLE_NAME);
    assert_eq!(r.source.pages, 32, "the sample has 32 page marks");
}

/// Entity and year come from the title block first: a cover naming one
/// chamber and year stands against descriptions that name another chamber
/// more often (the sample's targets are dated 2020).
#[test]
fn the_cover_names_entity_and_year_before_the_text_does() {
    let sample = std::fs::read_to_string(common::sample_path()).expect("the sample");
    let brescia = "la Camera di Commercio di Brescia e la Camera di Commercio di Brescia";
    let cases = [
        (
            "CAMERA DI COMMERCIO DI COMO\nBilancio 2021\n",
            Some("Camera di Commercio di Como"),
            Some(2021),
        ),
        (
            "Relazione sulla performance\n",
            Some("Camera di Commercio di Brescia"),
            Some(2020),
        ),
    ];
    for (cover, entity, year) in cases {
        let text = format!("{cover}\u{c}{sample}\n{brescia}\n");
        let input = Input::from_bytes("covered.txt", text.into_bytes());
        let report = pira::extract(&input, &Options::default()).expect("a report");
        assert_eq!(report.entity.as_deref(), entity, "{cover:?}");
        assert_eq!(report.year, year, "{cover:?}");
    }
}

#[test]
fn objectives_in_document_order() {
    let codes: Vec<&str> = report()
        .objectives
        .iter()
        .map(|o| o.code.as_str())
        .collect();
    let expected: Vec<&str> = OBJECTIVES.iter().map(|(code, _)| *code).collect();
    assert_eq!(codes, expected);
}

#[test]
fn indicators_numbered_one_to_n() {
    let r = report();
    let total: usize = r.objectives.iter().map(|o| o.indicators.len()).sum();
    assert_eq!(total, 37, "indicators in the whole report");
    for (objective, (code, count)) in r.objectives.iter().zip(OBJECTIVES) {
        let numbers: Vec<u32> = objective.indicators.iter().map(|i| i.number).collect();
        let expected: Vec<u32> = (1..=count as u32).collect();
        assert_eq!(numbers, expected, "indicator numbers of {code}");
    }
}

/// One expected field value.
struct Case {
    /// Objective code.
    code: &'static str,
    /// Indicator number, or none for an objective (or resource) field.
    indicator: Option<u32>,
    /// JSON field name: an objective or indicator field, `resources[i].field`,
    /// or one of the helpers `pages` ("3;4"), `resources.len`.
    field: &'static str,
    /// The value as text (decimals as written by `Decimal::to_string`,
    /// booleans `true`/`false`); `None` for null.
    expected: Option<&'static str>,
    /// What the case covers (the OCR noise, or "derived").
    note: &'static str,
}

/// An objective field (or a resource field as `resources[i].field`).
fn obj(
    code: &'static str,
    field: &'static str,
    expected: Option<&'static str>,
    note: &'static str,
) -> Case {
    Case {
        code,
        indicator: None,
        field,
        expected,
        note,
    }
}

/// An indicator field.
fn ind(
    code: &'static str,
    number: u32,
    field: &'static str,
    expected: Option<&'static str>,
    note: &'static str,
) -> Case {
    Case {
        code,
        indicator: Some(number),
        field,
        expected,
        note,
    }
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        // Objective head fields.
        obj("011-005-001", "mission_code", Some("011"), ""),
        obj("011-005-001", "programme_code", Some("005"), ""),
        obj("012-004-002", "mission_code", Some("012"), ""),
        obj("011-005-001", "title", Some("RIORGANIZZAZIONE DELL'ENTE PER FRONTEGGIARE L'EMERGENZA DA COVID 19"), ""),
        obj("011-005-001", "time_frame", Some("ANNO 2020"), ""),
        obj("011-005-001", "responsibility_centre", Some("DIRIGENTE AREA PROMOZIONE E REGOLAZIONE DEL MERCATO"), ""),
        obj("011-005-001", "declared_indicators", Some("2"), ""),
        obj("011-005-002", "time_frame", Some("ANNO 2020"), "\"ANMO\" -> ANNO"),
        obj("011-005-002", "responsibility_centre", Some("DIRIGENTE AREA PROMOZIONE E REGOLAZIONE DEL MERCATO"), "\"DIRIGEMNTE\" -> DIRIGENTE"),
        obj("011-005-003", "declared_indicators", None, "the page omits the number"),
        obj("011-005-004", "title", Some("ATTIVITA' DI COORDINAMENTO DELL'AZIENDA SPECIALE PRO BRIXIA E DI BRESCIATOURISM SCARL"), ""),
        obj("012-004-001", "mission_name", Some("Regolazione dei mercati (Iniziative per l'egovernment)"), ""),
        obj("012-004-001", "time_frame", Some("Anno 2020"), ""),
        obj("012-004-001", "responsibility_centre", Some("Segretario Generale, Dirigenti e responsabili di Servizio e Responsabili di ufficio"), ""),
        obj("012-004-003", "title", Some("RETE S.U.A.P. A SOSTEGNO DELL'IMPRENDITORIA DEL TERRITORIO"), ""),
        obj("012-004-005", "declared_indicators", Some("5"), ""),
        obj("032-003-001", "programme_name", Some("Servizi generali, formativi ed approvvigionamenti per le amministrazioni pubbliche"), ""),
        obj("032-003-002", "programme_name", Some("Servizi e affari generali per le amministrazioni di competenza"), ""),
        obj("032-003-003", "mission_name", Some("servizi istituzionali e generali delle amministrazioni pubbliche"), ""),
        obj("032-003-005", "title", Some("ASPETTI DI PREVENZIONE E SICUREZZA SUL LAVORO IN CONSEGUENZA DEL COVID-19"), ""),
        obj("032-003-005", "responsibility_centre", Some("dirigente dell'area amministrativa"), "\"dellarea\": apostrophe restored"),
        obj("032-003-006", "responsibility_centre", Some("Dirigente dell'area Amministrativa"), "\"dellarea\": apostrophe restored"),
        obj("032-003-006", "declared_indicators", Some("2"), ""),
        // Objectives split across pages (derived: page marks of the text).
        obj("011-005-001", "pages", Some("3;4"), "derived: scheda on page 3, resources and indicators on page 4"),
        obj("012-004-005", "pages", Some("22;23;24"), "derived: scheda over three pages"),
        obj("032-003-002", "pages", Some("25;26"), "derived: starts on the page 032-003-001 ends on"),
        // Resources.
        obj("011-005-001", "resources.len", Some("16"), "sixteen amounts over two pages"),
        obj("011-005-001", "resources[0].amount", Some("24390.75"), ""),
        obj("011-005-001", "resources[0].account", Some("330001"), ""),
        obj("011-005-001", "resources[0].uncertain", Some("false"), ""),
        obj("011-005-001", "resources[9].amount", Some("1260786"), "no decimals written: none invented"),
        obj("011-005-001", "resources[9].account", Some("333004"), ""),
        obj("011-005-001", "resources[15].amount", Some("103978.20"), "\"€ 103.978.20\": dot for the decimal comma"),
        obj("011-005-001", "resources[15].account", Some("330004"), ""),
        obj("011-005-003", "resources[0].amount", Some("5821200.22"), ""),
        obj("011-005-003", "resources[0].account", None, "no conto written"),
        obj("011-005-005", "resources[1].amount", Some("103978.20"), "\"€ 103.978.20\""),
        obj("011-005-006", "resources[0].amount", Some("27669.60"), "\"€ 2766960\": every separator lost"),
        obj("011-005-006", "resources[0].uncertain", Some("true"), "\"€ 2766960\": every separator lost"),
        obj("011-005-006", "resources[0].account", Some("330004"), ""),
        obj("012-004-002", "resources[0].amount", Some("2754.24"), "\"€ 2. 754 24\""),
        obj("012-004-002", "resources[0].uncertain", Some("true"), "\"€ 2. 754 24\""),
        obj("012-004-002", "resources[0].account", Some("313011"), ""),
        obj("012-004-002", "resources[1].amount", Some("133210.29"), "\"£ 133.210,29\": pound sign for the euro sign"),
        obj("012-004-002", "resources[1].uncertain", Some("false"), "\"£ 133.210,29\""),
        obj("012-004-002", "resources[1].account", Some("330009"), ""),
        obj("012-004-002", "resources[1].budget", Some("C002"), ""),
        obj("032-003-002", "resources[0].amount", Some("330.00"), ""),
        obj("032-003-002", "resources[0].account", Some("324015"), ""),
        obj("032-003-002", "resources[0].budget", Some("D099"), ""),
        obj("032-003-005", "resources.len", Some("13"), ""),
        obj("032-003-005", "resources[10].amount", Some("42227.04"), "\"€ 42 22704\""),
        obj("032-003-005", "resources[10].uncertain", Some("true"), "\"€ 42 22704\""),
        obj("032-003-006", "resources[0].amount", Some("1317.60"), "\"€ 1.317.60\""),
        obj("032-003-006", "resources[0].account", Some("111300"), ""),
        obj("032-003-001", "resources.len", Some("0"), "\"€ 0,00\": no resources"),
        obj("032-003-001", "resources_total", None, "\"€ 0,00\": no resources"),
        obj("032-003-003", "resources.len", Some("0"), "\"€ 0,00\" on its own line"),
        obj("012-004-001", "resources.len", Some("0"), ""),
        // Indicators: 011-005-001.
        ind("011-005-001", 1, "type", Some("EFFICACIA ESTERNA/EFFICACIA INTERNA"), "\"INTERMA\" -> INTERNA"),
        ind("011-005-001", 1, "unit", Some("NUMERICO"), "\"MUMERICO\" -> NUMERICO"),
        ind("011-005-001", 1, "algorithm", Some("IMPORTO FINANZIAMENTI STANZIATI"), ""),
        ind("011-005-001", 1, "data_source", Some("BANDI PUBBLICATI"), ""),
        ind("011-005-001", 1, "last_observed", None, "empty cell"),
        ind("011-005-001", 1, "target", Some("€ 6.900.000,00"), ""),
        ind("011-005-001", 1, "actual", Some("€ 8.825.715,66"), "\"€ 8825 715,66\" rewritten"),
        ind("011-005-001", 1, "target_value", Some("6900000.00"), ""),
        ind("011-005-001", 1, "actual_value", Some("8825715.66"), "\"€ 8825 715,66\""),
        ind("011-005-001", 1, "target_date", Some("2020-12-31"), ""),
        ind("011-005-001", 1, "value_kind", Some("euro"), "derived: euro amounts"),
        ind("011-005-001", 1, "achieved", Some("true"), "derived: 8825715.66 >= 6900000.00"),
        ind("011-005-001", 2, "title", Some("N. PARTECIPANTI RAGGIUNTI ATTRAVERSO GLI EVENTI FORMATIVI/INFORMATIVI A DISTANZA"), ""),
        ind("011-005-001", 2, "measures", Some("NUMERO DI PARTECIPANTI AD EVENTI CAMERALI"), ""),
        ind("011-005-001", 2, "type", Some("EFFICACIA INTERNA/QUALITÀ"), "lost accent restored"),
        ind("011-005-001", 2, "target", Some("1.600"), ""),
        ind("011-005-001", 2, "target_value", Some("1600"), "thousands dot"),
        ind("011-005-001", 2, "actual_value", Some("2698"), ""),
        // 011-005-002 .. 011-005-006.
        ind("011-005-002", 1, "type", Some("EFFICACIA ESTERNA/QUALITÀ"), "\"ESTERMA\" -> ESTERNA"),
        ind("011-005-002", 1, "unit", Some("NUMERICA"), ""),
        ind("011-005-002", 1, "last_observed_value", Some("133"), "three numbers in one line"),
        ind("011-005-002", 1, "target_value", Some("70"), "three numbers in one line"),
        ind("011-005-002", 1, "actual_value", Some("101"), "three numbers in one line"),
        ind("011-005-003", 1, "target", Some("80%"), ""),
        ind("011-005-003", 1, "target_value", Some("80"), ""),
        ind("011-005-003", 1, "actual_value", Some("97.40"), "\"97.40%\": decimals kept"),
        ind("011-005-003", 1, "value_kind", Some("percent"), "derived"),
        ind("011-005-003", 1, "achieved", Some("true"), "derived: 97.40 >= 80"),
        ind("011-005-005", 1, "type", Some("EFFICACIA ESTERNA/EFFICACIA INTERNA/EFFICIENZA"), "\"ESTERMA\"/\"INTERMA\" over two lines"),
        ind("011-005-005", 1, "actual", Some("26,53%"), ""),
        ind("011-005-005", 1, "actual_value", Some("26.53"), "\"26,53%\""),
        ind("011-005-005", 2, "target", Some("45%"), "garbled header \"RIS%':?:;S&SED\""),
        ind("011-005-005", 2, "actual", Some("80,77%"), "garbled header"),
        ind("011-005-005", 2, "target_value", Some("45"), "garbled header"),
        ind("011-005-005", 2, "actual_value", Some("80.77"), "garbled header"),
        ind("011-005-005", 2, "target_date", Some("2020-12-31"), "garbled header: report-wide date"),
        ind("011-005-006", 1, "title", Some("INCARICO DI CONSULENZA PER IMPLEMENTAZIONE DEL SERVIZIO"), ""),
        ind("011-005-006", 1, "type", Some("efficacia esterna, qualità"), "\"efficacia estema\" -> esterna"),
        ind("011-005-006", 1, "unit", Some("percentuale"), ""),
        ind("011-005-006", 1, "target", Some("100%"), "garbled header \"RIS%'E?E;;%EED\""),
        ind("011-005-006", 1, "actual", Some("100%"), "garbled header \"RIS%'E?E;;%EED\""),
        ind("011-005-006", 1, "last_observed_value", Some("100"), ""),
        ind("011-005-006", 1, "page", Some("13"), "derived: indicator 1 on page 13"),
        ind("011-005-006", 2, "page", Some("14"), "derived: indicator 2 on the next page"),
        ind("011-005-006", 3, "last_observed", Some("50,00%"), ""),
        ind("011-005-006", 3, "last_observed_value", Some("50.00"), "decimals kept"),
        // 012-004-*.
        ind("012-004-001", 1, "type", Some("efficacia esterna e efficienza"), "\"efficaca estema\" -> efficacia esterna"),
        ind("012-004-001", 1, "measures", Some("% raggiungimento della riorganizzazione"), ""),
        ind("012-004-001", 1, "data_source", Some("relazione del dirigente"), ""),
        ind("012-004-001", 1, "target", Some("100,00%"), ""),
        ind("012-004-001", 1, "target_value", Some("100.00"), "decimals kept"),
        ind("012-004-001", 1, "actual", Some("100%"), "\"100%%\" -> 100%"),
        ind("012-004-001", 1, "actual_value", Some("100"), "\"100%%\""),
        ind("012-004-002", 1, "title", Some("% RIDUZIONE DELLE PRATICHE CRITICHE RISPETTO ALL'ANNO PRECEDENTE"), ""),
        ind("012-004-002", 1, "type", Some("efficacia esterna"), "\"effiacia\" -> efficacia"),
        ind("012-004-002", 1, "target", Some("-5,00%"), "garbled header \"RIS%E?:;;%EED\""),
        ind("012-004-002", 1, "target_value", Some("-5.00"), "negative percent"),
        ind("012-004-002", 1, "actual", Some("-6,25%"), ""),
        ind("012-004-002", 1, "actual_value", Some("-6.25"), "\"-6,25%\""),
        ind("012-004-002", 4, "last_observed", Some("1.000 posizioni"), ""),
        ind("012-004-002", 4, "last_observed_value", Some("1000"), "value inside text"),
        ind("012-004-002", 4, "target_value", Some("1430"), "value inside text"),
        ind("012-004-002", 4, "actual_value", Some("1490"), "value inside text"),
        ind("012-004-002", 4, "achieved", Some("true"), "derived: 1490 >= 1430"),
        ind("012-004-003", 2, "target", Some("Almeno 3 iniziative"), ""),
        ind("012-004-003", 2, "actual", Some("4 iniziative"), ""),
        ind("012-004-003", 2, "target_value", Some("3"), "value inside text"),
        ind("012-004-003", 2, "actual_value", Some("4"), "value inside text"),
        ind("012-004-003", 2, "achieved", Some("true"), "derived: 4 >= at least 3"),
        ind("012-004-005", 3, "algorithm", Some("conteggio eventi"), ""),
        ind("012-004-005", 3, "target", Some("Realizzazione di almeno 15 eventi"), ""),
        ind("012-004-005", 3, "target_value", Some("15"), "value inside text"),
        ind("012-004-005", 3, "actual", Some("Realizzati 21 eventi in webinar"), ""),
        ind("012-004-005", 3, "actual_value", Some("21"), "\"Realizzati 21 eventi in webinar\""),
        ind("012-004-005", 3, "achieved", Some("true"), "derived: 21 >= at least 15"),
        // 032-003-*.
        ind("032-003-001", 1, "last_observed", Some("7%"), ""),
        ind("032-003-001", 1, "target", Some("88%"), ""),
        ind("032-003-001", 1, "actual", Some("90%"), ""),
        ind("032-003-001", 1, "target_value", Some("88"), ""),
        ind("032-003-001", 1, "actual_value", Some("90"), ""),
        ind("032-003-003", 1, "unit", Some("SI/NO"), "\"SIYNO\" -> SI/NO"),
        ind("032-003-003", 1, "measures", Some("Adozione protocollo aziendale ed eventuale aggiornamento"), ""),
        ind("032-003-003", 2, "title", Some("RIDEFINIZIONE DEL REGOLAMENTO SUL LAVORO AGILE"), ""),
        ind("032-003-003", 2, "target", Some("SI"), "\"Sl\" -> SI"),
        ind("032-003-003", 2, "actual", Some("SI"), "\"Sl\" -> SI"),
        ind("032-003-003", 2, "target_value", None, "yes/no: no number"),
        ind("032-003-003", 2, "value_kind", Some("yes_no"), "derived"),
        ind("032-003-003", 2, "achieved", Some("true"), "derived: SI = SI"),
        ind("032-003-004", 1, "unit", Some("SI/NO"), "\"SINO\" -> SI/NO"),
        ind("032-003-004", 1, "target", Some("SI"), "\"Sl\" -> SI"),
        ind("032-003-004", 1, "actual", Some("SI"), "\"Sl\" -> SI"),
        ind("032-003-006", 1, "measures", None, "empty cell"),
        ind("032-003-006", 1, "target", Some("Si"), ""),
        ind("032-003-006", 1, "actual", Some("si"), ""),
        ind("032-003-006", 2, "measures", None, "lost \"Indicatore 2\" label"),
        ind("032-003-006", 2, "unit", None, "lost \"Indicatore 2\" label"),
        ind("032-003-006", 2, "target", Some("Si"), "lost \"Indicatore 2\" label"),
        ind("032-003-006", 2, "actual", Some("si"), "lost \"Indicatore 2\" label"),
        ind("032-003-006", 2, "target_value", None, "lost \"Indicatore 2\" label"),
        ind("032-003-006", 2, "target_date", Some("2020-12-31"), "lost \"Indicatore 2\" label"),
        ind("032-003-006", 2, "achieved", Some("true"), "derived: Si = si"),
    ]
}

fn text(value: &Option<String>) -> Option<String> {
    value.clone()
}

fn decimal(value: &Option<Decimal>) -> Option<String> {
    value.as_ref().map(Decimal::to_string)
}

fn shown<T: ToString>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

fn value_kind(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Percent => "percent",
        ValueKind::Euro => "euro",
        ValueKind::Number => "number",
        ValueKind::YesNo => "yes_no",
        ValueKind::Text => "text",
    }
}

/// The value of the field a case names, as text; an error when the
/// objective, indicator, resource or field does not exist.
fn lookup(report: &Report, case: &Case) -> Result<Option<String>, String> {
    let objective = report
        .objectives
        .iter()
        .find(|o| o.code == case.code)
        .ok_or("no such objective")?;
    if let Some(number) = case.indicator {
        let i = objective
            .indicators
            .iter()
            .find(|i| i.number == number)
            .ok_or("no such indicator")?;
        return Ok(match case.field {
            "title" => text(&i.title),
            "measures" => text(&i.measures),
            "type" => text(&i.kind),
            "unit" => text(&i.unit),
            "algorithm" => text(&i.algorithm),
            "data_source" => text(&i.data_source),
            "last_observed" => text(&i.last_observed),
            "target" => text(&i.target),
            "actual" => text(&i.actual),
            "last_observed_value" => decimal(&i.last_observed_value),
            "target_value" => decimal(&i.target_value),
            "actual_value" => decimal(&i.actual_value),
            "value_kind" => Some(value_kind(i.value_kind).to_string()),
            "target_date" => text(&i.target_date),
            "achieved" => shown(&i.achieved),
            "page" => Some(i.page.to_string()),
            _ => return Err("unknown indicator field".to_string()),
        });
    }
    if let Some(rest) = case.field.strip_prefix("resources[") {
        let (index, field) = rest
            .split_once("].")
            .ok_or("resource field is not resources[i].field")?;
        let index: usize = index.parse().map_err(|_| "bad resource index")?;
        let r = objective.resources.get(index).ok_or_else(|| {
            format!(
                "no such resource ({} resource lines)",
                objective.resources.len()
            )
        })?;
        return Ok(match field {
            "amount" => Some(r.amount.to_string()),
            "amount_raw" => Some(r.amount_raw.clone()),
            "uncertain" => Some(r.uncertain.to_string()),
            "account" => text(&r.account),
            "budget" => text(&r.budget),
            "page" => Some(r.page.to_string()),
            _ => return Err("unknown resource field".to_string()),
        });
    }
    let o = objective;
    Ok(match case.field {
        "mission_code" => text(&o.mission_code),
        "mission_name" => text(&o.mission_name),
        "programme_code" => text(&o.programme_code),
        "programme_name" => text(&o.programme_name),
        "title" => text(&o.title),
        "description" => text(&o.description),
        "time_frame" => text(&o.time_frame),
        "responsibility_centre" => text(&o.responsibility_centre),
        "declared_indicators" => shown(&o.declared_indicators),
        "resources_total" => decimal(&o.resources_total),
        "resources.len" => Some(o.resources.len().to_string()),
        "pages" => Some(
            o.pages
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(";"),
        ),
        _ => return Err("unknown objective field".to_string()),
    })
}

#[test]
fn field_values_match_the_gold_file() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let r = report();
    let mut failures = String::new();
    for case in &cases {
        let place = match case.indicator {
            Some(n) => format!("{} indicator {n} {}", case.code, case.field),
            None => format!("{} {}", case.code, case.field),
        };
        match lookup(r, case) {
            Ok(got) if got.as_deref() == case.expected => {}
            Ok(got) => {
                let _ = writeln!(
                    failures,
                    "{place} [{}]: expected {:?}, got {:?}",
                    case.note, case.expected, got
                );
            }
            Err(e) => {
                let _ = writeln!(failures, "{place} [{}]: {e}", case.note);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fields differ from the gold file:\n{failures}",
        failures.lines().count(),
        cases.len()
    );
}

#[test]
fn decimal_cases_are_decimals() {
    // A typo in an expected decimal would make its case fail for the wrong
    // reason: every `*_value` / `amount` expectation must itself parse and
    // print back unchanged (the scale is part of the value).
    for case in cases() {
        let numeric = case.field.ends_with("_value")
            || case.field.ends_with(".amount")
            || case.field == "resources_total";
        if let (true, Some(expected)) = (numeric, case.expected) {
            match Decimal::from_str(expected) {
                Ok(d) => assert_eq!(d.to_string(), expected, "{} {}", case.code, case.field),
                Err(e) => panic!(
                    "{} {}: {expected:?} is no decimal: {e}",
                    case.code, case.field
                ),
            }
        }
    }
}

#[test]
fn repaired_amount_text_is_rewritten_and_logged() {
    let r = report();
    // "€ 8825 715,66" in the OCR: a lost thousands dot and a space for the other.
    let logged = r.corrections.iter().any(|c| {
        c.objective_code.as_deref() == Some("011-005-001")
            && c.indicator_number == Some(1)
            && c.field.name() == "actual"
            && c.raw == "€ 8825 715,66"
            && c.corrected == "€ 8.825.715,66"
            && c.rule == CorrectionRule::NumberFormat
    });
    assert!(logged, "no number-format correction of \"€ 8825 715,66\"");
}

#[test]
fn ocr_noise_corrections_are_logged() {
    // (objective, indicator, field, raw word, corrected word): each must be
    // in a logged correction whose raw text holds the raw word and whose
    // corrected text holds the corrected one.
    let expected: [(&str, Option<u32>, &str, &str, &str); 8] = [
        ("011-005-001", Some(1), "unit", "MUMERICO", "NUMERICO"),
        ("011-005-001", Some(1), "type", "INTERMA", "INTERNA"),
        ("011-005-002", Some(1), "type", "ESTERMA", "ESTERNA"),
        ("011-005-002", None, "time_frame", "ANMO", "ANNO"),
        (
            "011-005-002",
            None,
            "responsibility_centre",
            "DIRIGEMNTE",
            "DIRIGENTE",
        ),
        (
            "012-004-001",
            Some(1),
            "type",
            "efficaca estema",
            "efficacia esterna",
        ),
        ("012-004-001", Some(1), "actual", "100%%", "100%"),
        ("032-003-003", Some(1), "unit", "SIYNO", "SI/NO"),
    ];
    let r = report();
    for (code, indicator, field, raw, corrected) in expected {
        let found = r.corrections.iter().any(|c| {
            c.objective_code.as_deref() == Some(code)
                && c.indicator_number == indicator
                && c.field.name() == field
                && c.raw.contains(raw)
                && c.corrected.contains(corrected)
        });
        assert!(
            found,
            "no correction {raw:?} -> {corrected:?} for {code} {indicator:?} {field}"
        );
    }
}

#[test]
fn every_correction_changes_something() {
    let r = report();
    assert!(!r.corrections.is_empty());
    for c in &r.corrections {
        assert_ne!(
            c.raw, c.corrected,
            "a correction that changes nothing: {c:?}"
        );
    }
}

#[test]
fn uncertain_amounts_carry_a_warning() {
    let r = report();
    // The gold file marks "€ 2766960" (011-005-006) as uncertain.
    let warning = r.warnings.iter().find(|w| {
        w.code == WarningCode::UncertainAmount
            && w.objective_code.as_deref() == Some("011-005-006")
            && w.field.is_some_and(|f| f.name() == "resources[0].amount")
    });
    match warning {
        Some(w) => assert!(w.message.contains("2766960"), "{}", w.message),
        None => panic!("no uncertain-amount warning for 011-005-006 resources[0].amount"),
    }
    // Every amount flagged uncertain has its warning, naming the field.
    for o in &r.objectives {
        for (i, line) in o.resources.iter().enumerate() {
            if !line.uncertain {
                continue;
            }
            let field = format!("resources[{i}].amount");
            let warned = r.warnings.iter().any(|w| {
                w.code == WarningCode::UncertainAmount
                    && w.objective_code.as_deref() == Some(o.code.as_str())
                    && w.field.is_some_and(|f| f.name() == field)
            });
            assert!(
                warned,
                "{} {field} ({:?}) is uncertain without a warning",
                o.code, line.amount_raw
            );
        }
    }
}

#[test]
fn indicator_count_warning_only_where_the_count_differs() {
    // In the sample every declared count matches the indicators found (gold
    // file), even where an "Indicatore N" label was lost: no warning.
    let r = report();
    for o in &r.objectives {
        if let Some(declared) = o.declared_indicators {
            assert_eq!(declared as usize, o.indicators.len(), "{}", o.code);
        }
    }
    let mismatches: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::IndicatorCountMismatch)
        .collect();
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

#[test]
fn indicator_count_mismatch_is_warned() {
    // The last scheda (032-003-006, two indicators) declaring three.
    let text = common::scheda_from_end(0);
    let declared = "Nr indicatori associati 2";
    assert!(text.contains(declared), "the scheda changed: {text}");
    let text = text.replace(declared, "Nr indicatori associati 3");
    let input = Input::from_bytes("declares-three.txt", text.into_bytes());
    let report = match pira::extract(&input, &Options::default()) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(report.objectives.len(), 1);
    assert_eq!(report.objectives[0].declared_indicators, Some(3));
    assert_eq!(report.objectives[0].indicators.len(), 2);
    let warned = report.warnings.iter().any(|w| {
        w.code == WarningCode::IndicatorCountMismatch
            && w.objective_code.as_deref() == Some("032-003-006")
    });
    assert!(warned, "no indicator-count-mismatch: {:?}", report.warnings);
}

#[test]
fn euro_zero_gives_no_resources() {
    // "Risorse finanziarie € 0,00" (032-003-001 and 032-003-003): no resource
    // line, no total.
    let r = report();
    for code in ["032-003-001", "032-003-003"] {
        let o = r.objectives.iter().find(|o| o.code == code);
        match o {
            Some(o) => {
                assert!(o.resources.is_empty(), "{code}: {:?}", o.resources);
                assert_eq!(o.resources_total, None, "{code}");
            }
            None => panic!("no objective {code}"),
        }
    }
}

#[test]
fn every_wrong_value_carries_a_warning() {
    // Every number pira states that the gold file contradicts must be
    // flagged where a reviewer looks: a warning on its objective and
    // indicator naming the field, or the whole indicator (no field), or, for
    // a target or actual value, the `achieved` judgement that quotes both.
    let path = common::sample_path().with_extension("gold.json");
    let gold: serde_json::Value = match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("gold JSON"),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let r = report();
    let out = serde_json::to_value(r).expect("a report serializes");
    let wrong = common::score::wrong_values(&gold, &out);
    assert!(
        wrong
            .iter()
            .any(|v| v.code == "012-004-002" && v.field == "actual_value"),
        "the sample's \"7.8639\" (true value 7863) is no longer read as another number: \
         the test lost its main case: {wrong:?}"
    );
    let unwarned: Vec<_> = wrong
        .iter()
        .filter(|v| {
            !r.warnings.iter().any(|w| {
                let name = w.field.as_ref().map(|f| f.name());
                let field_ok = match name.as_deref() {
                    None => v.indicator.is_some(),
                    Some("achieved") => v.field == "target_value" || v.field == "actual_value",
                    Some(f) => f == v.field,
                };
                w.objective_code.as_deref() == Some(v.code.as_str())
                    && w.indicator_number.map(u64::from) == v.indicator
                    && field_ok
            })
        })
        .collect();
    assert!(
        unwarned.is_empty(),
        "wrong values without a warning: {unwarned:#?}"
    );
}
