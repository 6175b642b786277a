use super::*;
use crate::read;

const SCHEDA: &str = "\
 Missione

011 - Competitivita' e sviluppo delle imprese

Programma (005 - Promozione e attuazione di politiche di sviluppo

Titalo RIORGANIZZAZIONE DELL'ENTE
PER FRONTEGGIARE L'EMERGENZA
Da meta febbraio si e presentata in modo dirompente l'emergenza
Obiettivo Descrizione la Camera ha risposto.
Arco temporale realizzazione

ANNO 2020
Centro di responsabilita

DIRIGENTE AREA PROMOZIONE
Bilancio 2020:
€ 24.390,75: conto 330001 - linea 1 \"azioni\"
Risorse finanziarie progetto 6
011-005-001
Nr indicatori associati

2
Indicatore 1

DISPONIBILITA DI CONTRIBUTI
Cosa misura
IMPORTO CONTRIBUTI
Tipologia Unita di misura Algoritmo di calcolo Fonte dei dati Ultimo valore ossemnvato 31/12/2020 Valore a Consuntivo
EFFICACIA NUMERICO IMPORTO BANDI PUBBLICATI € 6.900.000,00 € 8.825.715,66
Se altro, indicare qui
TITLE PREFIX OF TWO
Indicatore 2 AND THE REST
Cosa misura people
";

#[test]
fn lays_out_a_scheda() {
    let doc = read::text::read(SCHEDA.as_bytes()).unwrap();
    let layout = layout(&doc, &Vocabulary::builtin());
    assert!(layout.preamble.is_empty());
    assert_eq!(layout.schede.len(), 1);
    let s = &layout.schede[0];
    assert_eq!(
        s.mission.joined(),
        "011 - Competitivita' e sviluppo delle imprese"
    );
    assert_eq!(
        s.programme.joined(),
        "(005 - Promozione e attuazione di politiche di sviluppo"
    );
    assert_eq!(
        s.title.joined(),
        "RIORGANIZZAZIONE DELL'ENTE PER FRONTEGGIARE L'EMERGENZA"
    );
    assert_eq!(
        s.description.joined(),
        "Da meta febbraio si e presentata in modo dirompente l'emergenza la Camera ha risposto."
    );
    assert_eq!(s.time_frame.joined(), "ANNO 2020");
    assert_eq!(
        s.responsibility_centre.joined(),
        "DIRIGENTE AREA PROMOZIONE"
    );
    assert_eq!(
        s.resources.joined(),
        "Bilancio 2020: € 24.390,75: conto 330001 - linea 1 \"azioni\" progetto 6"
    );
    assert_eq!(s.code, Some(("011-005-001".to_string(), 1)));
    assert_eq!(s.declared_indicators.joined(), "2");
    assert_eq!(s.indicators.len(), 2);
    let i1 = &s.indicators[0];
    assert_eq!(i1.title.joined(), "DISPONIBILITA DI CONTRIBUTI");
    assert_eq!(i1.measures.joined(), "IMPORTO CONTRIBUTI");
    assert_eq!(i1.cells[Column::Target].as_deref(), Some("€ 6.900.000,00"));
    assert_eq!(
        i1.cells[Column::DataSource].as_deref(),
        Some("BANDI PUBBLICATI")
    );
    assert_eq!(i1.cells[Column::Algorithm].as_deref(), Some("IMPORTO"));
    assert_eq!(
        s.indicators[1].title.joined(),
        "TITLE PREFIX OF TWO AND THE REST"
    );
    assert!(layout.has_actual_column);
}

/// Page footers and headers repeated on most pages are no field's text.
#[test]
fn running_headers_and_footers_are_left_out_and_codes_kept() {
    use crate::read::{BBox, PageWords, Word};
    let word = |text: &str, x0: f32, y: f32| Word {
        text: text.into(),
        bbox: BBox {
            x0,
            y0: y,
            x1: x0 + 8.0 * text.chars().count() as f32,
            y1: y + 9.0,
        },
        confidence: None,
        font_size: None,
    };
    // Page numbers of one and two digits; OCR slips on half the pages
    // ("P.LR.A.", "di12").
    let pages: Vec<PageWords> = (1..=12u32)
        .map(|n| PageWords {
            number: n,
            width: 842.0,
            height: 595.0,
            words: vec![
                word("Camera", 600.0, 20.0),
                word("di", 660.0, 20.0),
                word("Commercio", 680.0, 20.0),
                word(if n % 2 == 0 { "P.LR.A." } else { "P.I.R.A." }, 760.0, 20.0),
                word(&format!("011-{n:03}-001"), 40.0, 40.0),
                word("descrizione", 100.0, 300.0),
                word(&format!("pagina{n}"), 300.0, 300.0),
                word("Pagina", 380.0, 570.0),
                word(&n.to_string(), 440.0, 570.0),
            ]
            .into_iter()
            .chain(match n % 2 {
                0 => vec![word("di12", 460.0, 570.0)],
                _ => vec![word("di", 460.0, 570.0), word("12", 480.0, 570.0)],
            })
            .collect(),
            scanned: false,
            rules: Vec::new(),
        })
        .collect();
    let doc = read::Document::new(InputFormat::PdfText, pages, Vec::new());
    let lines = group_lines(&doc);
    let running = running::running_lines(&doc, &lines, &Vocabulary::builtin(), true);
    let kept: Vec<&str> = lines
        .iter()
        .zip(running)
        .filter(|(_, r)| !r)
        .map(|(l, _)| l.text.as_str())
        .collect();
    let expected: Vec<String> = (1..=12)
        .flat_map(|n| [format!("011-{n:03}-001"), format!("descrizione pagina{n}")])
        .collect();
    assert_eq!(kept, expected);
}

/// A scanner set one sheet 10 points higher than the others (DEV scan 163,
/// its last page): its small running header stands farther from theirs
/// than a line and a half of its own height, its page number at the foot
/// (taller type) still within. The page number shows the page's shift, and
/// the header is found once it is taken out. A page count read "ll" for
/// "12" (DEV scans 165 and 190) is the same footer.
#[test]
fn a_running_header_on_a_page_the_scanner_moved_is_found() {
    use crate::read::{BBox, PageWords, Word};
    let word = |text: &str, x0: f32, y: f32, height: f32| Word {
        text: text.into(),
        bbox: BBox {
            x0,
            y0: y,
            x1: x0 + 6.0 * text.chars().count() as f32,
            y1: y + height,
        },
        confidence: None,
        font_size: None,
    };
    let pages: Vec<PageWords> = (1..=12u32)
        .map(|n| {
            let shift = if n == 12 { -10.0 } else { 0.0 };
            let header = ["Camera", "di", "Commercio", "di", "Torino", "-", "P.I.R.A."];
            let mut words: Vec<Word> = header
                .iter()
                .enumerate()
                .map(|(i, w)| word(w, 500.0 + 50.0 * i as f32, 22.0 + shift, 5.0))
                .collect();
            words.push(word("Ultimo", 40.0, 300.0 + shift, 9.0));
            words.push(word("valore", 90.0, 300.0 + shift, 9.0));
            words.push(word(&format!("{}", 400 + n), 200.0, 300.0 + shift, 9.0));
            words.push(word("Pagina", 380.0, 570.0 + shift, 9.0));
            words.push(word(&n.to_string(), 430.0, 570.0 + shift, 9.0));
            words.push(word("di", 450.0, 570.0 + shift, 9.0));
            // OCR read one page's "12" as "ll".
            let total = if n == 5 { "ll" } else { "12" };
            words.push(word(total, 470.0, 570.0 + shift, 9.0));
            PageWords {
                number: n,
                width: 842.0,
                height: 595.0,
                words,
                scanned: true,
                rules: Vec::new(),
            }
        })
        .collect();
    let doc = read::Document::new(InputFormat::PdfOcr, pages, Vec::new());
    let lines = group_lines(&doc);
    let running = running::running_lines(&doc, &lines, &Vocabulary::builtin(), true);
    let kept: Vec<(u32, &str)> = lines
        .iter()
        .zip(running)
        .filter(|(_, r)| !r)
        .map(|(l, _)| (l.page, l.text.as_str()))
        .collect();
    let expected: Vec<(u32, String)> = (1..=12)
        .map(|n| (n, format!("Ultimo valore {}", 400 + n)))
        .collect();
    let expected: Vec<(u32, &str)> = expected.iter().map(|(p, t)| (*p, t.as_str())).collect();
    assert_eq!(kept, expected);
}

/// Plain text has no heights: its running heads and footers are the same
/// text among the first or last two lines of most pages.
#[test]
fn plain_texts_running_lines_are_found_at_its_pages_ends() {
    let text: String = (1..=4)
        .map(|n| {
            format!("011-00{n}-001\nCamera di Commercio di Modena - P.I.R.A. 2021\nMISSIONE\n011 - Competitività\nTITOLO\nDescrizione {}\nPagina {n} di 4\n\u{c}", ["alfa", "beta", "gamma", "delta"][n - 1])
        })
        .collect();
    let doc = read::text::read_decoded(&text).expect("text reads");
    let lines = group_lines(&doc);
    let running = running::running_lines(&doc, &lines, &Vocabulary::builtin(), false);
    let kept: Vec<&str> = lines
        .iter()
        .zip(running)
        .filter(|(l, r)| !r && !l.is_blank())
        .map(|(l, _)| l.text.as_str())
        .collect();
    assert_eq!(kept.len(), 20, "{kept:?}");
    assert!(
        kept.iter()
            .all(|l| !l.contains("P.I.R.A.") && !l.starts_with("Pagina")),
        "{kept:?}"
    );
}

/// Tesseract reads a label column standing far left of its values as a
/// block of its own, and the page's running header may come after it,
/// among the scheda's lines, on some of the pages (DEV make_fixtures text
/// 103 lost its first objective to it: the code above the scheda stood
/// apart from its labels). On too few pages at the top to count, the
/// header still runs where lines away from the margin read it.
#[test]
fn plain_texts_running_header_set_after_a_label_block_is_found() {
    let header = "Camera di Commercio di Modena - P.I.R.A. 2021 - Rendicontazione";
    let text: String = (1..=6)
        .map(|n| {
            let body = format!(
                "011-00{n}-001\nMISSIONE\nPROGRAMMA\nOBIETTIVO\nDESCRIZIONE\nARCO\nTEMPORALE\n"
            );
            let values = format!(
                "011 - Competitività\n00{n} - Promozione\nTITOLO {n}\nANNO 2021\nTesto {}\n",
                ["alfa", "beta", "gamma", "delta", "epsilon", "zeta"][n - 1]
            );
            if n % 2 == 1 {
                format!("{body}{header}\n{values}Pagina {n} di 6\n\u{c}")
            } else {
                format!("{header}\n{body}{values}Pagina {n} di 6\n\u{c}")
            }
        })
        .collect();
    let doc = read::text::read_decoded(&text).expect("text reads");
    let lines = group_lines(&doc);
    let running = running::running_lines(&doc, &lines, &Vocabulary::builtin(), false);
    let kept: Vec<&str> = lines
        .iter()
        .zip(running)
        .filter(|(l, r)| !r && !l.is_blank())
        .map(|(l, _)| l.text.as_str())
        .collect();
    assert!(kept.iter().all(|l| !l.contains("P.I.R.A.")), "{kept:?}");
    assert_eq!(kept.len(), 6 * 12, "{kept:?}");
}

/// Tesseract's text of schede whose labels stand centred beside values of
/// two or three lines: the label shares a line with its value's second
/// line, or OCR broke it ("P" / "rogramma"), and the value's first line
/// comes before it.
#[test]
fn labels_centred_beside_their_values_in_plain_text() {
    let code_above_mission = "\
011-005-001
Missione 011 - Competitività e sviluppo delle imprese
P 005 - Promozione e attuazione di politiche di sviluppo, competitività e
rogramma .
innovazione
Obiettivo ACCESSO AL CREDITO DELLE IMPRESE
Le iniziative saranno realizzate in raccordo con l'Azienda Speciale.
Arco temporale di
realizzazione
ANNO 2021
032-002-001
032 - Servizi istituzionali e generali delle amministrazioni
MISSIONE pubbliche
PROGRAMMA 002 - Indirizzo politico
MISURE DI PREVENZIONE DELLA CORRUZIONE E DI
OBIETTIVO TRASPARENZA
La comunicazione istituzionale si avvarrà del sito camerale.
Periodo di
realizzazione
2021
";
    let doc = read::text::read(code_above_mission.as_bytes()).unwrap();
    let layout = layout(&doc, &Vocabulary::builtin());
    assert_eq!(layout.schede.len(), 2);
    let (a, b) = (&layout.schede[0], &layout.schede[1]);
    assert_eq!(a.code, Some(("011-005-001".to_string(), 1)));
    assert_eq!(
        a.mission.joined(),
        "011 - Competitività e sviluppo delle imprese"
    );
    assert!(
        a.programme
            .joined()
            .starts_with("005 - Promozione e attuazione"),
        "{:?}",
        a.programme.joined()
    );
    assert_eq!(a.title.joined(), "ACCESSO AL CREDITO DELLE IMPRESE");
    assert_eq!(a.time_frame.joined(), "ANNO 2021");
    assert_eq!(b.code, Some(("032-002-001".to_string(), 1)));
    assert_eq!(
        b.mission.joined(),
        "032 - Servizi istituzionali e generali delle amministrazioni pubbliche"
    );
    assert_eq!(b.programme.joined(), "002 - Indirizzo politico");
    assert_eq!(
        b.title.joined(),
        "MISURE DI PREVENZIONE DELLA CORRUZIONE E DI TRASPARENZA"
    );
    assert_eq!(b.time_frame.joined(), "2021");
}

/// A label/value card in plain text: the year or date after a value's
/// label ("Risultato atteso 2022") is the label's, not the value's.
#[test]
fn a_cards_value_label_keeps_its_year() {
    let text = "\
Missione 011 - Competitività e sviluppo delle imprese
Programma 005 - Promozione e attuazione
Obiettivo ATTIVITÀ DI COORDINAMENTO
Descrizione Le iniziative saranno realizzate.
011-005-001
N. indicatori 1
Indicatore 1
MONITORAGGIO DELLE ATTIVITÀ
Ciò che misura
Percentuale controlli
Tipologia
quantità
Unità di misura
percentuale
Risultato atteso 2022 70%
Valore consuntivo 72,01%
";
    let doc = read::text::read(text.as_bytes()).unwrap();
    let layout = layout(&doc, &Vocabulary::builtin());
    let ind = &layout.schede[0].indicators[0];
    assert_eq!(ind.cells[Column::Target].as_deref(), Some("70%"));
    assert_eq!(ind.cells[Column::Actual].as_deref(), Some("72,01%"));
}

/// A plain-text scheda of three indicators, the second table's header with
/// its actual cell as given and its top line led by a speck of OCR.
fn three_tables(second_header: &str) -> String {
    format!(
        "\
Missione
011 - Competitivita' e sviluppo delle imprese
Programma
005 - Promozione
Titolo SUPPORTO ALLE IMPRESE
Descrizione Le iniziative di promozione.
011-005-001
Indicatore 1 IMPRESE ASSISTITE
Cosa misura numero imprese assistite
Tipologia Unita di misura Algoritmo di calcolo Fonte dei dati Ultimo valore osservato Risultato atteso Valore a consuntivo
EFFICACIA NUMERICO conteggio ELENCO 120 100 130
Se altro, indicare qui
Indicatore 2 GRADO DI SODDISFAZIONE
Cosa misura la qualita percepita
- ULTIMO RISULTATO
{second_header}
OSSERVATO 31/12/2021
EFFICACIA PERCENTUALE giudizi positivi QUESTIONARI 95% 100%
Se altro, indicare qui
Indicatore 3 EVENTI
Cosa misura numero eventi
Tipologia Unita di misura Algoritmo di calcolo Fonte dei dati Ultimo valore osservato Risultato atteso Valore a consuntivo
EFFICACIA NUMERICO conteggio ELENCO 10 12 14
Se altro, indicare qui
"
    )
}

#[test]
fn a_text_header_whose_actual_cell_ocr_garbled_has_the_report_s_actual_column() {
    struct Case {
        header: &'static str,
        target: &'static str,
        actual: Option<&'static str>,
    }
    let cases = [
        Case {
            header: "TIPOLOGIA UNITA DI MISURA METODO DI FONTE DEL DATO VALORE ATTESO AL VALORE CONSUNTIVO",
            target: "95%",
            actual: Some("100%"),
        },
        Case {
            header: "TIPOLOGIA VISURA METODO DI FONTE DEL DATO VALORE ATTESO AL c OTORIVI",
            target: "95%",
            actual: Some("100%"),
        },
    ];
    let vocab = Vocabulary::builtin();
    for case in cases {
        let text = three_tables(case.header);
        let doc = read::text::read(text.as_bytes()).unwrap();
        let layout = layout(&doc, &vocab);
        let ind = &layout.schede[0].indicators[1];
        assert_eq!(
            ind.measures.joined(),
            "la qualita percepita",
            "{}",
            case.header
        );
        assert_eq!(ind.cells[Column::Target].as_deref(), Some(case.target));
        assert_eq!(ind.cells[Column::Actual].as_deref(), case.actual);
    }
}

/// A plain-text report with a heading, of one scheda whose tables have
/// the header given, over two lines.
fn headed_tables(heading: &str, header: [&str; 2], values: &str) -> String {
    let table = |n: u32| {
        format!(
            "Indicatore {n} IMPRESE ASSISTITE\nCosa misura numero imprese assistite\n{}\n{}\nEFFICACIA NUMERICO conteggio ELENCO {values}\nSe altro, indicare qui\n",
            header[0], header[1]
        )
    };
    format!(
        "Camera di Commercio di Lecce\n{heading}\n\nMissione\n011 - Competitivita' e sviluppo delle imprese\nProgramma\n005 - Promozione\nTitolo SUPPORTO ALLE IMPRESE\nDescrizione Le iniziative di promozione.\n011-005-001\n{}{}",
        table(1),
        table(2)
    )
}

/// DEV text 106 (a budget plan: OCR read debris "a" from a header cell's
/// edge, the one short word of "Valore a consuntivo") and 132 (a final
/// account whose "Valori consuntivi" OCR read "coloni" / "untivi"): the
/// report's heading says which it is.
#[test]
fn the_heading_decides_an_actual_column_the_headers_leave_open() {
    struct Case {
        heading: &'static str,
        header: [&'static str; 2],
        values: &'static str,
        target: &'static str,
        actual: Option<&'static str>,
    }
    let debris = [
        "À METODO DI ULTIMO VALORE",
        "TIPOLOGIA UNITA DI MISURA CALCOLO FONTE DEL DATO OSSERVATO ATTESO",
    ];
    let garbled = [
        "Tipologia Unità di misura Mete do di Fonte del dato Ultimo valore atteso al coloni",
        "31/12/2023 untivi",
    ];
    let named = [
        "Tipologia Unita di misura Algoritmo di calcolo Fonte dei dati Ultimo valore osservato",
        "Risultato atteso Valore a consuntivo",
    ];
    let cases = [
        Case {
            heading: "Allegato al Bilancio preventivo 2020",
            header: debris,
            values: "120 100",
            target: "100",
            actual: None,
        },
        Case {
            heading: "Rendicontazione al 31/12/2023 - Allegato al Bilancio d'esercizio 2023",
            header: garbled,
            values: "120 100 130",
            target: "100",
            actual: Some("130"),
        },
        // Headers that name the column keep it, whatever the heading.
        Case {
            heading: "Allegato al Bilancio preventivo 2020",
            header: named,
            values: "120 100 130",
            target: "100",
            actual: Some("130"),
        },
    ];
    let vocab = Vocabulary::builtin();
    for case in cases {
        let text = headed_tables(case.heading, case.header, case.values);
        let doc = read::text::read(text.as_bytes()).unwrap();
        let layout = layout(&doc, &vocab);
        assert_eq!(layout.has_actual_column, case.actual.is_some(), "{text}");
        for ind in &layout.schede[0].indicators {
            assert_eq!(
                ind.cells[Column::Target].as_deref(),
                Some(case.target),
                "{text}"
            );
            assert_eq!(ind.cells[Column::Actual].as_deref(), case.actual, "{text}");
        }
    }
}

/// Three pages of DEV seed 108 as Tesseract's text (`scripts/score-text.sh
/// --keep`): each page gives the label column first ("Missione",
/// "Programma", ... "Indicatore 3", "Unità di misura"), then the values.
const LABEL_COLUMN: &str = include_str!("../../fixtures/text/label_column_dev108.txt");

#[test]
fn a_label_column_read_as_a_block_is_set_back_into_rows() {
    let doc = read::text::read(LABEL_COLUMN.as_bytes()).expect("text");
    let layout = layout(&doc, &Vocabulary::builtin());
    let codes: Vec<&str> = layout
        .schede
        .iter()
        .filter_map(|s| s.code.as_ref().map(|(c, _)| c.as_str()))
        .collect();
    assert_eq!(codes, ["011-005-001", "012-004-001", "016-005-001"]);
    let s = &layout.schede[0];
    assert_eq!(
        s.mission.joined(),
        "011 - Competitività e sviluppo delle imprese"
    );
    assert!(s
        .programme
        .joined()
        .starts_with("005 - Promozione e attuazione"));
    assert_eq!(
        s.title.joined(),
        "INIZIATIVE DI SUPPORTO ALLE IMPRESE MEDIANTE BANDI"
    );
    assert!(s
        .description
        .joined()
        .ends_with("istruttoria delle domande pervenute;"));
    assert_eq!(s.time_frame.joined(), "ANNO 2023");
    assert_eq!(s.responsibility_centre.joined(), "Segretario Generale");
    assert!(s.resources.joined().starts_with("Bilancio 2023:"));
    let titles: Vec<String> = s.indicators.iter().map(|i| i.title.joined()).collect();
    assert_eq!(
        titles,
        [
            "AVVIO DI PERCORSI DI FORMAZIONE ATTRAVERSO MODALITÀ A DISTANZA (WEBINAR)",
            "CERTIFICATI DI ORIGINE RILASCIATI IN MODALITÀ TELEMATICA",
            "TEMPI DI RILASCIO DEI CERTIFICATI DI ORIGINE",
        ]
    );
    assert_eq!(
        s.indicators[1].measures.joined(),
        "Il numero di certificati rilasciati senza accesso allo sportello"
    );
}

#[test]
fn labels_opening_every_page_of_plain_text_are_no_running_lines() {
    // Each page opens with "Missione" and "Programma" alone: the same
    // text in the margin of every page, and still the scheda's labels.
    let doc = read::text::read(LABEL_COLUMN.as_bytes()).expect("text");
    let layout = layout(&doc, &Vocabulary::builtin());
    assert_eq!(layout.schede.len(), 3);
    for s in &layout.schede {
        assert!(s.mission.joined().starts_with("0"), "{:?}", s.mission);
        assert!(!s.programme.is_blank());
    }
}

/// A code stands above each scheda with its "Codice obiettivo" label
/// wrapped in a narrow label cell ("CODICE 011-005-001" / "OBIETTIVO"),
/// and a summary matrix whose header names "Missione" opens the report
/// (DEV 162): each scheda keeps its own code, the matrix is no scheda.
#[test]
fn codes_above_with_their_label_wrapped_stay_with_their_schede() {
    use crate::read::{BBox, PageWords, Word};
    let word = |text: &str, x0: f32, y: f32| Word {
        text: text.into(),
        bbox: BBox {
            x0,
            y0: y,
            x1: x0 + 6.0 * text.chars().count() as f32,
            y1: y + 9.0,
        },
        confidence: None,
        font_size: None,
    };
    let row = |y: f32, cells: &[(&str, f32)]| -> Vec<Word> {
        let mut out = Vec::new();
        for &(text, x) in cells {
            let mut at = x;
            for w in text.split(' ') {
                out.push(word(w, at, y));
                at += 6.0 * (w.chars().count() as f32 + 1.0);
            }
        }
        out
    };
    let scheda = |y: f32, code: &str, mission: &str, title: &str| -> Vec<Word> {
        [
            row(y, &[("CODICE", 40.0), (code, 200.0)]),
            row(y + 12.0, &[("OBIETTIVO", 40.0)]),
            row(y + 30.0, &[("MISSIONE", 40.0), (mission, 200.0)]),
            row(
                y + 42.0,
                &[("PROGRAMMA", 40.0), ("005 - Promozione", 200.0)],
            ),
            row(y + 54.0, &[("OBIETTIVO", 40.0), (title, 200.0)]),
            row(
                y + 66.0,
                &[("DESCRIZIONE", 40.0), ("Il testo della scheda.", 200.0)],
            ),
        ]
        .concat()
    };
    let first = [
        row(
            40.0,
            &[
                ("Missione", 40.0),
                ("Programma", 200.0),
                ("Codice", 400.0),
                ("Obiettivo", 480.0),
            ],
        ),
        row(
            52.0,
            &[
                ("011 - Competitività", 40.0),
                ("005 - Promozione", 200.0),
                ("011-005-001", 400.0),
                ("Primo obiettivo", 480.0),
            ],
        ),
        row(
            64.0,
            &[
                ("012 - Regolazione", 40.0),
                ("004 - Vigilanza", 200.0),
                ("012-004-001", 400.0),
                ("Secondo obiettivo", 480.0),
            ],
        ),
        scheda(
            120.0,
            "011-005-001",
            "011 - Competitività",
            "PRIMO OBIETTIVO",
        ),
    ]
    .concat();
    let second = scheda(
        40.0,
        "012-004-001",
        "012 - Regolazione",
        "SECONDO OBIETTIVO",
    );
    let pages: Vec<PageWords> = [first, second]
        .into_iter()
        .zip(1u32..)
        .map(|(words, number)| PageWords {
            number,
            width: 842.0,
            height: 595.0,
            words,
            scanned: false,
            rules: Vec::new(),
        })
        .collect();
    let doc = read::Document::new(InputFormat::PdfText, pages, Vec::new());
    let layout = layout(&doc, &Vocabulary::builtin());
    let got: Vec<(Option<String>, String)> = layout
        .schede
        .iter()
        .map(|s| (s.code.as_ref().map(|c| c.0.clone()), s.title.joined()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("011-005-001".to_string()),
                "PRIMO OBIETTIVO".to_string()
            ),
            (
                Some("012-004-001".to_string()),
                "SECONDO OBIETTIVO".to_string()
            ),
        ]
    );
}

/// A plain-text scheda whose one indicator is `indicator` (its lines
/// from "Indicatore 1" on).
fn one_indicator(indicator: &str) -> String {
    format!(
        "\
Missione 011 - Competitività e sviluppo delle imprese
Programma 005 - Promozione e attuazione
Obiettivo ATTIVITÀ DI COORDINAMENTO
Descrizione Le iniziative saranno realizzate.
011-005-001
{indicator}Se altro, indicare qui
"
    )
}

/// Label/value cards whose every cell Tesseract set as a paragraph of
/// its own (DEV 130, 140, 145 as `scripts/score-text.sh` makes them):
/// the labels alone on their lines, each value below its label, a value
/// label's year on the line under it, under the label or under its value,
/// or opening the value's line ("Risultato atteso al" over "31/12/2020
/// € 7.530.000,00", DEV 144).
/// A table's header read one cell per line (its labels one after the
/// other, "Ultimo" / "valore" / "osservato" apart) stays a table.
#[test]
fn cards_whose_labels_stand_alone_above_their_values() {
    struct Case {
        indicator: &'static str,
        algorithm: Option<&'static str>,
        source: Option<&'static str>,
        last: Option<&'static str>,
        target: Option<&'static str>,
    }
    let cases = [
        Case {
            indicator: "Indicatore 1\nCONTENIMENTO DEI COSTI\nCosa misura\nL'importo degli oneri\n\
Tipologia\nefficienza e qualità\nUnità di misura\neuro\nAlgoritmo di calcolo\n\
totale oneri di funzionamento a consuntivo\nFonte dei dati\nContabilità generale dell'ente\n\
Ultimo valore osservato\n€ 7.224.315,64\nTarget 2023\n€ 8.770.000,00\n",
            algorithm: Some("totale oneri di funzionamento a consuntivo"),
            source: Some("Contabilità generale dell'ente"),
            last: Some("€ 7.224.315,64"),
            target: Some("€ 8.770.000,00"),
        },
        Case {
            indicator: "Indicatore 1\nQUALITÀ DELL'INFORMAZIONE\nCosa misura\nnumero posizioni\n\
Tipologia\nefficacia esterna/qualità\nUnità di misura\nnumerica\nMetodo di calcolo\n\
Fonte dei dati\nEstrazione dei dati registro imprese\nUltimo valore\nosservato\n\
nuova attività\nRisultato atteso\n2019\nRealizzazione di almeno 15 posizioni\n",
            algorithm: None,
            source: Some("Estrazione dei dati registro imprese"),
            last: Some("nuova attività"),
            target: Some("Realizzazione di almeno 15 posizioni"),
        },
        Case {
            indicator: "Indicatore 1\nGRADO DI SODDISFAZIONE\nCosa misura\nLa qualità percepita\n\
Tipologia\nefficienza\nUnità di misura\n%\nMetodo di calcolo\n\
giudizi positivi / questionari compilati\nFonte dei dati\nReport questionari\n\
Ultimo valore osservato 84,12%\nRisultato atteso 100%\n2019\n",
            algorithm: Some("giudizi positivi / questionari compilati"),
            source: Some("Report questionari"),
            last: Some("84,12%"),
            target: Some("100%"),
        },
        Case {
            indicator:
                "Indicatore 1\nGRADO DI RISCOSSIONE\nCosa misura\nLa capacità di riscossione\n\
Tipologia\nUltimo\nUnità di misura\nMetodo di calcolo\nFonte del dato\nvalore\nosservato\n\
Target 2022\nValore a Consuntivo\nEFFICACIA ESTERNA E QUALITÀ\nESTRAZIONE DAL GESTIONALE\n\
nuova attività\n90%\n87,09%\n",
            algorithm: None,
            source: Some("ESTRAZIONE DAL GESTIONALE"),
            last: Some("nuova attività"),
            target: Some("90%"),
        },
        Case {
            indicator: "Indicatore 1\nCONTENIMENTO DEI COSTI\nCosa misura\nL'importo degli oneri\n\
Tipologia\nefficienza\nUnità di misura\neuro\nMetodo di calcolo\ntotale oneri\n\
Fonte dei dati\nContabilità generale\nUltimo valore\nosservato\nnuova attività\n\
Risultato atteso al\n31/12/2020 € 7.530.000,00\n",
            algorithm: Some("totale oneri"),
            source: Some("Contabilità generale"),
            last: Some("nuova attività"),
            target: Some("€ 7.530.000,00"),
        },
        Case {
            // Labels closed by a colon, the date's line of the target's
            // label read after its value (DEV browser-printed 102).
            indicator:
                "Indicatore 1:\nCONTENIMENTO DEI COSTI\nCosa misura:\nL'importo degli oneri\n\
Tipologia:\nefficienza\nUnità di misura:\neuro\nMetodo di calcolo:\ntotale oneri\n\
Fonte dei dati:\nContabilità generale\nUltimo valore osservato:\nnuova attività\n\
Risultato atteso al SI\n31/12/2019:\nValore consuntivo: NO\n",
            algorithm: Some("totale oneri"),
            source: Some("Contabilità generale"),
            last: Some("nuova attività"),
            target: Some("SI"),
        },
    ];
    let vocab = Vocabulary::builtin();
    for case in cases {
        let text = one_indicator(case.indicator);
        let doc = read::text::read(text.as_bytes()).unwrap();
        let layout = layout(&doc, &vocab);
        let ind = &layout.schede[0].indicators[0];
        let got = [
            Column::Algorithm,
            Column::DataSource,
            Column::LastObserved,
            Column::Target,
        ]
        .map(|c| ind.cells[c].as_deref());
        assert_eq!(
            got,
            [case.algorithm, case.source, case.last, case.target],
            "{}",
            case.indicator
        );
    }
}

/// A short scheda whose head opens with `mission_row`, its code below it.
fn short_scheda(mission_row: &str, code: &str) -> String {
    format!(
        "{mission_row}\nProgramma {p} - Vigilanza sui mercati\nTitolo DIFFUSIONE DELLA MEDIAZIONE\n\
Obiettivo Descrizione Le attività di vigilanza.\nArco temporale realizzazione 2023\n\
Centro di responsabilità DIRIGENTE AREA REGOLAZIONE\nRisorse finanziarie Bilancio 2023: € 2.529.218\n\
{code}\nNr indicatori associati 1\nIndicatore 1 PRATICHE EVASE\nCosa misura Le pratiche evase\n\
Tipologia Unità di misura Algoritmo di calcolo Fonte dei dati Ultimo valore osservato Risultato atteso al 31/12/2023 Valore a consuntivo\n\
efficacia numerico pratiche evase Registro imprese nuova attività 100 120\n",
        p = &code[4..7],
    )
}

/// A scan's text layer may lose a head's "Missione" label: the mission row
/// ("012 - Regolazione dei mercati") right above the "Programma" row still
/// opens the scheda, which keeps its own code and indicators.
#[test]
fn a_mission_row_whose_label_was_lost_still_opens_its_scheda() {
    let text = short_scheda("Missione 011 - Competitività delle imprese", "011-005-001")
        + &short_scheda("012 - Regolazione dei mercati", "012-004-001");
    let doc = read::text::read(text.as_bytes()).unwrap();
    let layout = layout(&doc, &Vocabulary::builtin());
    let codes: Vec<_> = layout.schede.iter().map(|s| s.code.clone()).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert_eq!(codes[1].as_ref().map(|c| c.0.as_str()), Some("012-004-001"));
    let second = &layout.schede[1];
    assert_eq!(second.mission.joined(), "012 - Regolazione dei mercati");
    assert_eq!(second.indicators.len(), 1);
}

/// Both head labels of a label column may go (DEV image-only scan 303:
/// "032 - Servizi ..." over "002 - Indirizzo politico", then the
/// "Obiettivo" row): the two code rows over the title's row still open
/// the scheda, whose programme is the second row.
#[test]
fn a_mission_and_a_programme_row_whose_labels_were_lost_still_open_their_scheda() {
    let lost = short_scheda("012 - Regolazione dei mercati", "012-004-001")
        .replace("Programma 004", "004");
    let text = short_scheda("Missione 011 - Competitività delle imprese", "011-005-001") + &lost;
    let doc = read::text::read(text.as_bytes()).unwrap();
    let layout = layout(&doc, &Vocabulary::builtin());
    let codes: Vec<_> = layout.schede.iter().map(|s| s.code.clone()).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    assert_eq!(codes[1].as_ref().map(|c| c.0.as_str()), Some("012-004-001"));
    let second = &layout.schede[1];
    assert_eq!(second.mission.joined(), "012 - Regolazione dei mercati");
    assert_eq!(second.programme.joined(), "004 - Vigilanza sui mercati");
    assert_eq!(second.indicators.len(), 1);
    assert_eq!(layout.schede[0].indicators.len(), 1);
}

/// A scan reads the left edge of a box drawn close round the "Missione"
/// label as a bracket of its own (browser-printed DEV scheda 104 scanned
/// image-only: "( Missione: 032 - ..."): the label still opens its
/// scheda, which would else be read as the table of the indicator above.
#[test]
fn a_box_edge_read_as_a_bracket_before_the_mission_label() {
    use crate::read::{BBox, PageWords, Word};
    let text = short_scheda("Missione 011 - Competitività delle imprese", "011-005-001")
        + &short_scheda("( Missione: 012 - Regolazione dei mercati", "012-004-001");
    // The text as OCR gives it: each line's words placed, on one page.
    let words = text
        .lines()
        .enumerate()
        .flat_map(|(i, line)| {
            let y = 20.0 + 14.0 * i as f32;
            let mut x = 40.0;
            line.split_whitespace()
                .map(|t| {
                    let x0 = x;
                    x += 6.0 * t.chars().count() as f32 + 4.0;
                    Word {
                        text: t.into(),
                        bbox: BBox {
                            x0,
                            y0: y,
                            x1: x - 4.0,
                            y1: y + 9.0,
                        },
                        confidence: Some(95.0),
                        font_size: None,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let page = PageWords {
        number: 1,
        width: 842.0,
        height: 595.0,
        words,
        scanned: true,
        rules: Vec::new(),
    };
    let doc = read::Document::new(InputFormat::PdfOcr, vec![page], Vec::new());
    let layout = layout(&doc, &Vocabulary::builtin());
    let codes: Vec<_> = layout.schede.iter().map(|s| s.code.clone()).collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    let second = &layout.schede[1];
    assert_eq!(second.mission.joined(), "012 - Regolazione dei mercati");
}

/// A short report's running header stands on every page but its cover:
/// on two pages of three, it is still no field's text; a table's header
/// opening the same two pages is.
#[test]
fn a_running_header_the_cover_lacks_is_left_out() {
    use crate::read::{BBox, PageWords, Word};
    let word = |text: &str, x0: f32, y: f32| Word {
        text: text.into(),
        bbox: BBox {
            x0,
            y0: y,
            x1: x0 + 8.0 * text.chars().count() as f32,
            y1: y + 9.0,
        },
        confidence: None,
        font_size: None,
    };
    let page = |n: u32, top: Vec<Word>| PageWords {
        number: n,
        width: 595.0,
        height: 842.0,
        words: top
            .into_iter()
            .chain([word("descrizione", 100.0, 300.0)])
            .collect(),
        scanned: false,
        rules: Vec::new(),
    };
    let running = || {
        vec![
            word("Camera", 300.0, 20.0),
            word("di", 360.0, 20.0),
            word("Commercio", 380.0, 20.0),
            word("P.I.R.A.", 460.0, 20.0),
        ]
    };
    let header = || vec![word("Tipologia", 40.0, 45.0), word("Target", 300.0, 45.0)];
    let pages = vec![
        page(
            1,
            vec![word("Camera", 200.0, 60.0), word("Relazione", 300.0, 60.0)],
        ),
        page(2, running().into_iter().chain(header()).collect()),
        page(3, running().into_iter().chain(header()).collect()),
    ];
    let doc = read::Document::new(InputFormat::PdfText, pages, Vec::new());
    let lines = group_lines(&doc);
    let running = running::running_lines(&doc, &lines, &Vocabulary::builtin(), true);
    let kept: Vec<&str> = lines
        .iter()
        .zip(running)
        .filter(|(_, r)| !r)
        .map(|(l, _)| l.text.as_str())
        .collect();
    assert_eq!(
        kept,
        [
            "Camera Relazione",
            "descrizione",
            "Tipologia Target",
            "descrizione",
            "Tipologia Target",
            "descrizione"
        ]
    );
}

/// Tesseract may set a browser's running header in two pieces, another
/// line between them ("12/7/26, 5:51 PM" / "Missione" / "P.I.R.A.
/// 2020"), and its footer's page number on a line of its own: the pieces
/// count as the whole line on their page and go with it.
#[test]
fn running_lines_split_in_two_pieces_go_with_the_whole() {
    let head = "12/7/26, 5:51 PM P.I.R.A. 2020";
    let foot = "file:///tmp/r/report_trieste_2020.html";
    let text: String = (1..=9)
        .map(|n| {
            let title = ["alfa", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"][n - 1];
            let body = format!("Indicatore {n} {title}\nTipologia efficacia\nRisultato atteso {n}0 posizioni\n2020");
            if n % 2 == 0 {
                format!("12/7/26, 5:51 PM\nMissione\nP.I.R.A. 2020\n{body}\n{foot}\n{n}/9\n\u{c}")
            } else {
                format!("{head}\n{body}\n{foot} {n}/9\n\u{c}")
            }
        })
        .collect();
    let doc = read::text::read_decoded(&text).expect("text reads");
    let lines = group_lines(&doc);
    let running = running::running_lines(&doc, &lines, &Vocabulary::builtin(), false);
    let kept: Vec<&str> = lines
        .iter()
        .zip(running)
        .filter(|(l, r)| !r && !l.is_blank())
        .map(|(l, _)| l.text.as_str())
        .collect();
    assert_eq!(kept.len(), 9 * 4 + 4, "{kept:?}");
    assert!(
        kept.iter()
            .all(|l| !l.contains("P.I.R.A.") && !l.contains("PM") && !l.contains("/9")),
        "{kept:?}"
    );
}

/// A title whose label group "Obiettivo strategico" wrapped in its narrow
/// cell: the label's lower part "strategico" opens the title's second
/// line (DEV browser-printed 105 as Tesseract text), which goes on with
/// the title, not the description.
#[test]
fn a_wrapped_labels_lower_part_beside_the_titles_next_line_is_label() {
    let text = "\
Missione 011 - Competitività e sviluppo delle imprese
Programma 005 - Promozione e attuazione
Obiettivo Titolo ATTIVITÀ DI COORDINAMENTO DELL'AZIENDA SPECIALE E
strategico DELLE SOCIETÀ PARTECIPATE
Descrizione Le iniziative saranno realizzate.
011-005-001
Indicatore 1
GRADO DI RISCOSSIONE
Cosa misura
La capacità di riscossione
";
    let doc = read::text::read(text.as_bytes()).unwrap();
    let layout = layout(&doc, &Vocabulary::builtin());
    let s = &layout.schede[0];
    assert_eq!(
        s.title.joined(),
        "ATTIVITÀ DI COORDINAMENTO DELL'AZIENDA SPECIALE E DELLE SOCIETÀ PARTECIPATE"
    );
    assert_eq!(s.description.joined(), "Le iniziative saranno realizzate.");
}
