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
    assert_eq!(i1.cells.target.as_deref(), Some("€ 6.900.000,00"));
    assert_eq!(i1.cells.data_source.as_deref(), Some("BANDI PUBBLICATI"));
    assert_eq!(i1.cells.algorithm.as_deref(), Some("IMPORTO"));
    assert_eq!(
        s.indicators[1].title.joined(),
        "TITLE PREFIX OF TWO AND THE REST"
    );
    assert!(layout.has_actual_column);
}
