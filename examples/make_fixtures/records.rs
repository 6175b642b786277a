//! Seeded generator of realistic PIRA records, and their gold file.
//!
//! The records are the contract: the PDF writer prints exactly these texts,
//! and the gold file (`/work/shared/eval/GOLD_SCHEMA.md` format) is these
//! records serialised. Everything comes from [`Rng`], a self-contained
//! splitmix64, so the same seed gives the same records on every machine.

use serde::Serialize;

/// splitmix64: small, fast, and identical everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A fresh generator derived from this one and a label, so that adding
    /// draws in one part does not shift the others.
    pub fn fork(&self, label: u64) -> Rng {
        let mut r = Rng(self.0 ^ label.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }
}

// ---------------------------------------------------------------------------
// Records (field order = GOLD_SCHEMA order; extra fields last)

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub source: String,
    pub entity: String,
    pub year: i32,
    pub kind: &'static str,
    pub objectives: Vec<Objective>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Objective {
    pub code: String,
    pub mission_code: String,
    pub mission_name: String,
    pub programme_code: String,
    pub programme_name: String,
    pub title: String,
    /// Paragraphs joined by `\n`.
    pub description: String,
    pub time_frame: String,
    pub responsibility_centre: String,
    /// `None`: the page prints the label without a number.
    pub declared_indicators: Option<u32>,
    /// The text of the "Risorse finanziarie" cell, lines joined by `\n`.
    pub resources_text: String,
    pub resources: Vec<Resource>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub amount: String,
    pub amount_uncertain: bool,
    pub uncertain: bool,
    pub account: Option<String>,
    pub budget: Option<String>,
    pub description: String,
    /// Beyond the gold format (pira's JSON has them): the amount as printed,
    /// and the "linea ..." and "progetto ..." parts.
    pub amount_raw: String,
    pub line: Option<String>,
    pub project: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub number: u32,
    pub title: String,
    pub measures: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub unit: Option<String>,
    pub algorithm: Option<String>,
    pub data_source: Option<String>,
    pub last_observed: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub target_value: Option<String>,
    pub actual_value: Option<String>,
    pub last_observed_value: Option<String>,
    pub target_date: Option<String>,
    pub uncertain_fields: Vec<String>,
    /// Beyond the gold format: pira's `value_kind` (percent, euro, number,
    /// yes_no, text).
    pub value_kind: &'static str,
}

impl Report {
    pub fn is_final_account(&self) -> bool {
        self.kind == "final-account"
    }

    pub fn indicator_count(&self) -> usize {
        self.objectives.iter().map(|o| o.indicators.len()).sum()
    }

    /// The gold file: pretty JSON, UTF-8, trailing newline.
    pub fn gold_json(&self, source: &str) -> String {
        let mut r = self.clone();
        r.source = source.to_string();
        let mut s = serde_json::to_string_pretty(&r).expect("records serialise");
        s.push('\n');
        s
    }
}

// ---------------------------------------------------------------------------
// Numbers written the Italian way, and as gold decimals

/// `1260786` -> `1.260.786`.
pub fn it_int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Hundredths `2439075` -> `24.390,75`.
pub fn it_cents(c: u64) -> String {
    format!("{},{:02}", it_int(c / 100), c % 100)
}

/// Hundredths `2439075` -> `24390.75`.
pub fn dec_cents(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// Signed hundredths -> `-5,00` (Italian) and `-5.00` (decimal).
fn signed_cents(c: i64) -> (String, String) {
    let sign = if c < 0 { "-" } else { "" };
    let a = c.unsigned_abs();
    (
        format!("{sign}{},{:02}", a / 100, a % 100),
        format!("{sign}{}", dec_cents(a)),
    )
}

// ---------------------------------------------------------------------------
// Vocabulary of the reports

pub const CITIES: &[&str] = &[
    "Brescia", "Bergamo", "Verona", "Padova", "Vicenza", "Torino", "Cuneo", "Bologna", "Modena",
    "Parma", "Firenze", "Pisa", "Perugia", "Ancona", "Pescara", "Bari", "Lecce", "Salerno",
    "Cagliari", "Sassari", "Udine", "Trieste", "Genova", "Pavia", "Como", "Cremona", "Mantova",
    "Treviso", "Ravenna", "Livorno",
];

struct Programme {
    mission_code: &'static str,
    mission_name: &'static str,
    code: &'static str,
    names: &'static [&'static str],
    titles: &'static [&'static str],
    context: &'static [&'static str],
}

const PROGRAMMES: &[Programme] = &[
    Programme {
        mission_code: "011",
        mission_name: "Competitività e sviluppo delle imprese",
        code: "005",
        names: &["Promozione e attuazione di politiche di sviluppo, competitività e innovazione, di responsabilità sociale d'impresa e movimento cooperativo"],
        titles: &[
            "INIZIATIVE DI SUPPORTO ALLE IMPRESE MEDIANTE BANDI",
            "DIFFUSIONE TRA LE IMPRESE DELLE COMPETENZE DIGITALI ATTRAVERSO IL PUNTO IMPRESA DIGITALE",
            "SOSTEGNO ALLA TRANSIZIONE ECOLOGICA E ALLA SOSTENIBILITÀ DELLE PMI",
            "PROMOZIONE DEL TERRITORIO E DELLE ATTIVITÀ TURISTICHE",
            "ORIENTAMENTO AL LAVORO E ALLE PROFESSIONI: PERCORSI PER LE COMPETENZE TRASVERSALI",
            "SUPPORTO ALLA NASCITA DI NUOVE IMPRESE E ALLE START UP INNOVATIVE",
            "ATTIVITÀ DI COORDINAMENTO DELL'AZIENDA SPECIALE E DELLE SOCIETÀ PARTECIPATE",
            "ACCESSO AL CREDITO E SOSTEGNO ALLA LIQUIDITÀ DELLE IMPRESE",
            "QUALIFICAZIONE DELLE FILIERE PRODUTTIVE E DEL MADE IN ITALY",
        ],
        context: &[
            "Il sostegno alle micro, piccole e medie imprese resta la priorità dell'Ente, che mette a disposizione contributi a fondo perduto e servizi di accompagnamento.",
            "Il Punto Impresa Digitale proseguirà l'attività di assessment della maturità digitale delle imprese e l'organizzazione di seminari formativi.",
            "La transizione ecologica rappresenta un'opportunità di crescita per le filiere produttive locali, in particolare per quelle più esposte all'aumento dei costi energetici.",
            "Le iniziative di promozione del territorio saranno realizzate in raccordo con l'Azienda Speciale, con gli enti locali e con le associazioni di categoria.",
            "La Giunta camerale ha destinato a queste iniziative una quota dell'incremento del diritto annuale, secondo quanto previsto dal decreto ministeriale.",
        ],
    },
    Programme {
        mission_code: "012",
        mission_name: "Regolazione dei mercati",
        code: "004",
        names: &["Vigilanza sui mercati e sui prodotti, promozione della concorrenza e tutela dei consumatori"],
        titles: &[
            "MIGLIORAMENTO DELLA QUALITÀ DELL'INFORMAZIONE DEL REGISTRO IMPRESE",
            "RETE S.U.A.P. A SOSTEGNO DELL'IMPRENDITORIA DEL TERRITORIO",
            "TUTELA DELLA LEGALITÀ E COLLABORAZIONE CON LE PUBBLICHE AMMINISTRAZIONI",
            "REVISIONE DEI PROCESSI ORGANIZZATIVI NELL'OTTICA DELLA GESTIONE DIGITALE",
            "VIGILANZA SUL MERCATO E SICUREZZA DEI PRODOTTI",
            "DIFFUSIONE DEGLI STRUMENTI DI GIUSTIZIA ALTERNATIVA (MEDIAZIONE E ARBITRATO)",
            "METROLOGIA LEGALE: CONTROLLI SUGLI STRUMENTI DI MISURA",
            "CANCELLAZIONE D'UFFICIO DELLE IMPRESE NON PIÙ OPERATIVE",
        ],
        context: &[
            "La qualità dei dati del Registro delle Imprese è un presupposto essenziale per la trasparenza del mercato e per la tutela dei terzi.",
            "L'ufficio procederà alla revisione delle posizioni che presentano dati incongruenti, anche mediante la cancellazione d'ufficio delle imprese non più operative.",
            "Le attività di vigilanza e di metrologia legale garantiscono la correttezza delle transazioni commerciali e la sicurezza dei prodotti immessi sul mercato.",
            "La diffusione degli strumenti di giustizia alternativa consente alle imprese di risolvere le controversie in tempi rapidi e con costi contenuti.",
            "È la Camera di commercio che si \"reca\" virtualmente dall'imprenditore, grazie al riconoscimento a distanza e alla firma digitale da remoto.",
        ],
    },
    Programme {
        mission_code: "016",
        mission_name: "Commercio internazionale ed internazionalizzazione del sistema produttivo",
        code: "005",
        names: &["Sostegno all'internazionalizzazione delle imprese e promozione del made in Italy"],
        titles: &[
            "SOSTEGNO ALL'EXPORT DELLE PMI E ALLA PARTECIPAZIONE A FIERE INTERNAZIONALI",
            "SERVIZI DI ASSISTENZA SPECIALISTICA PER L'INTERNAZIONALIZZAZIONE",
            "RILASCIO TELEMATICO DEI CERTIFICATI DI ORIGINE E DEI DOCUMENTI PER L'ESTERO",
            "PROGETTO SEI - SOSTEGNO ALL'EXPORT DELL'ITALIA",
            "PROMOZIONE DEL MADE IN ITALY SUI MERCATI ESTERI ATTRAVERSO L'E-COMMERCE",
        ],
        context: &[
            "L'andamento delle esportazioni provinciali conferma la vocazione internazionale del sistema produttivo di {city}.",
            "La Camera offre alle imprese servizi di informazione, formazione e assistenza specialistica sui mercati esteri, anche in collaborazione con l'ICE e con le Camere di commercio italiane all'estero.",
            "Il rilascio telematico dei certificati di origine riduce gli spostamenti degli operatori e accelera le operazioni doganali.",
            "Particolare attenzione sarà dedicata alle imprese che non hanno mai esportato o che esportano solo occasionalmente.",
        ],
    },
    Programme {
        mission_code: "032",
        mission_name: "Servizi istituzionali e generali delle amministrazioni pubbliche",
        code: "002",
        names: &["Indirizzo politico"],
        titles: &[
            "MISURE DI PREVENZIONE DELLA CORRUZIONE E DI TRASPARENZA",
            "COORDINAMENTO DEL CICLO DI GESTIONE DELLA PERFORMANCE",
            "COMUNICAZIONE ISTITUZIONALE E RAPPORTI CON GLI STAKEHOLDER",
        ],
        context: &[
            "Il Piano triennale di prevenzione della corruzione e della trasparenza individua le misure che l'Ente deve attuare per ridurre il rischio nei processi più esposti.",
            "Il ciclo della performance collega la pianificazione strategica agli obiettivi operativi assegnati ai dirigenti e al personale.",
            "La comunicazione istituzionale si avvarrà del sito camerale, della newsletter e dei profili sui social media.",
        ],
    },
    Programme {
        mission_code: "032",
        mission_name: "Servizi istituzionali e generali delle amministrazioni pubbliche",
        code: "003",
        names: &[
            "Servizi e affari generali per le amministrazioni di competenza",
            "Servizi generali, formativi ed approvvigionamenti per le amministrazioni pubbliche",
        ],
        titles: &[
            "EFFICIENTAMENTO DEI PROCESSI DI GESTIONE DELLA SPESA",
            "DIGITALIZZAZIONE DEI PROCESSI GESTIONALI E DEL PROTOCOLLO INFORMATICO",
            "ATTUAZIONE DEL LAVORO AGILE E NUOVE MISURE ORGANIZZATIVE",
            "VALORIZZAZIONE DEL PATRIMONIO IMMOBILIARE DELL'ENTE",
            "SICUREZZA SUL LAVORO E PREVENZIONE DEI RISCHI",
            "RISCOSSIONE DEL DIRITTO ANNUALE E RECUPERO DEI CREDITI",
            "FORMAZIONE E SVILUPPO DELLE COMPETENZE DEL PERSONALE",
        ],
        context: &[
            "La digitalizzazione dei processi interni consente di ridurre l'uso della carta e di migliorare la tracciabilità dei procedimenti amministrativi.",
            "L'organizzazione del lavoro agile richiede l'aggiornamento delle dotazioni informatiche e una revisione delle procedure di lavoro.",
            "Il contenimento dei costi di funzionamento è perseguito attraverso la razionalizzazione degli acquisti e l'adesione alle convenzioni Consip.",
            "La riscossione del diritto annuale è la principale entrata dell'Ente: la sua efficacia condiziona le risorse disponibili per gli interventi a favore delle imprese.",
        ],
    },
];

const GENERIC_CONTEXT: &[&str] = &[
    "Nel corso del {year} la Camera di Commercio di {city} intende consolidare le attività avviate negli anni precedenti, rendendo più efficienti i servizi erogati all'utenza.",
    "L'obiettivo si inserisce nel quadro della programmazione pluriennale approvata dal Consiglio camerale e tiene conto delle priorità individuate nella Relazione previsionale e programmatica {year}.",
    "L'emergenza sanitaria ha reso necessario un ripensamento delle modalità di erogazione dei servizi, con un ricorso sempre più ampio agli strumenti digitali.",
    "Le attività saranno svolte in collaborazione con l'Unioncamere regionale e con le associazioni di categoria del territorio.",
    "È prevista una verifica intermedia dello stato di avanzamento entro il mese di luglio, con l'eventuale rimodulazione delle azioni.",
    "Rispetto al {prev}, l'Ente punta a mantenere gli standard di servizio raggiunti pur in presenza di una riduzione del personale in servizio.",
    "Gli uffici hanno riorganizzato le procedure per garantire la continuità dei servizi essenziali, alternando la presenza in sede e il lavoro agile.",
    "Il raggiungimento dell'obiettivo sarà rendicontato nella Relazione sulla performance, con l'indicazione degli eventuali scostamenti e delle loro cause.",
    "L'attività richiede il coinvolgimento di più uffici e un costante raccordo con la dirigenza, anche attraverso riunioni periodiche di coordinamento.",
];

const BENEFITS: &[&str] = &[
    "BENEFICIO ATTESO: maggiore tempestività nella risposta alle richieste delle imprese e riduzione degli oneri amministrativi.",
    "BENEFICIO ATTESO: rafforzamento della competitività delle imprese del territorio e maggiore qualità dei servizi camerali.",
    "BENEFICIO ATTESO: un'informazione economica più affidabile e aggiornata, a vantaggio di tutti gli operatori del mercato.",
    "BENEFICIO ATTESO: semplificazione dei rapporti tra l'Ente e l'utenza, con servizi accessibili anche a distanza.",
];

const ACTIONS: &[&str] = &[
    "- analisi delle posizioni e definizione delle priorità d'intervento;",
    "- organizzazione di webinar e incontri formativi rivolti alle imprese;",
    "- pubblicazione dei bandi e istruttoria delle domande pervenute;",
    "- monitoraggio trimestrale dei risultati e relazione finale al Segretario Generale;",
    "- aggiornamento delle procedure interne e formazione del personale coinvolto;",
    "- diffusione dell'iniziativa attraverso il sito camerale e la newsletter.",
];

const CENTRES: &[&str] = &[
    "DIRIGENTE AREA PROMOZIONE E REGOLAZIONE DEL MERCATO",
    "Segretario Generale",
    "Dirigente area anagrafica - area anagrafica",
    "Dirigente dell'area Amministrativa",
    "DIRIGENTE AREA SERVIZI ALLE IMPRESE",
    "Segretario Generale, Dirigenti e responsabili di Servizio",
    "Dirigente area anagrafica - Ufficio Punto unico di contatto",
    "DIRIGENTE AREA AMMINISTRATIVA - UFFICIO PROVVEDITORATO",
];

const TYPES: &[&str] = &[
    "EFFICACIA ESTERNA",
    "EFFICACIA INTERNA",
    "EFFICIENZA",
    "QUALITÀ",
    "EFFICACIA ESTERNA/QUALITÀ",
    "EFFICACIA INTERNA/QUALITÀ",
    "EFFICACIA ESTERNA/EFFICACIA INTERNA",
    "EFFICACIA ESTERNA/EFFICACIA INTERNA/EFFICIENZA",
    "EFFICACIA ESTERNA E QUALITÀ",
    "EFFICIENZA E QUALITÀ",
    "EFFICACIA ESTERNA E EFFICIENZA",
    "QUANTITÀ",
];

/// What an indicator's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Percent,
    /// A percentage reduction: negative targets ("-5,00%").
    Reduction,
    Euro,
    Number,
    /// Text with one number in it ("almeno 12.000 posizioni").
    Counted,
    Days,
    YesNo,
    /// Text without a number.
    Text,
}

struct IndicatorTpl {
    title: &'static str,
    measures: &'static str,
    algorithm: &'static str,
    source: &'static str,
    kind: Kind,
    /// Counted: the plural noun and its participle ("eventi", "realizzati").
    noun: &'static str,
    participle: &'static str,
}

const fn tpl(
    title: &'static str,
    measures: &'static str,
    algorithm: &'static str,
    source: &'static str,
    kind: Kind,
) -> IndicatorTpl {
    IndicatorTpl {
        title,
        measures,
        algorithm,
        source,
        kind,
        noun: "",
        participle: "",
    }
}

const fn counted(
    title: &'static str,
    measures: &'static str,
    algorithm: &'static str,
    source: &'static str,
    noun: &'static str,
    participle: &'static str,
) -> IndicatorTpl {
    IndicatorTpl {
        title,
        measures,
        algorithm,
        source,
        kind: Kind::Counted,
        noun,
        participle,
    }
}

const INDICATORS: &[IndicatorTpl] = &[
    tpl("GRADO DI SODDISFAZIONE DEGLI UTENTI DEI SERVIZI CAMERALI", "La qualità percepita dagli utenti dei servizi di sportello", "giudizi positivi / questionari compilati", "REPORT QUESTIONARI DI CUSTOMER SATISFACTION", Kind::Percent),
    tpl("ISTRUTTORIA ED EROGAZIONE DEI CONTRIBUTI RELATIVI ALLE DOMANDE SUI BANDI CAMERALI {year}", "Istruttoria ed erogazione di contributi alle imprese", "DOMANDE ISTRUITE ED EROGATE / DOMANDE PERVENUTE", "REPORT DEI CONTRIBUTI EROGATI", Kind::Percent),
    tpl("PUBBLICAZIONE DEI CONTENUTI PREVISTI NEL PIANO TRIENNALE DI PREVENZIONE DELLA CORRUZIONE E DELLA TRASPARENZA", "Percentuale di pubblicazione sul sito internet camerale", "aggiornamenti fatti / aggiornamenti prescritti dalla normativa", "REGISTRO DEGLI ADEMPIMENTI DI PUBBLICAZIONE", Kind::Percent),
    tpl("MONITORAGGIO DELLE ATTIVITÀ CONSIDERATE AD ALTO RISCHIO DI CORRUZIONE", "Percentuale controlli attività ad alto rischio", "n. controlli / n. attività ad alto rischio", "REGISTRO ATTIVITÀ AD ALTO RISCHIO", Kind::Percent),
    tpl("TASSO DI CONCILIAZIONE DELLE PROCEDURE DI MEDIAZIONE AVVIATE", "L'efficacia del servizio di mediazione", "accordi raggiunti / mediazioni con adesione", "REGISTRO DEGLI AFFARI DI MEDIAZIONE", Kind::Percent),
    tpl("GRADO DI RISCOSSIONE DEL DIRITTO ANNUALE {prev}", "La capacità di riscossione spontanea del diritto annuale", "diritto riscosso / diritto dovuto", "ESTRAZIONE DAL GESTIONALE DEL DIRITTO ANNUALE", Kind::Percent),
    tpl("PRATICHE DEL REGISTRO IMPRESE EVASE NEI TERMINI DI LEGGE", "La tempestività nell'evasione delle pratiche telematiche", "pratiche evase nei termini / pratiche pervenute", "ESTRAZIONE DATI DA PRIAMO", Kind::Percent),
    tpl("% RIDUZIONE DELLE PRATICHE CRITICHE RISPETTO ALL'ANNO PRECEDENTE", "% RIDUZIONE DELLE PRATICHE CRITICHE RISPETTO ALL'ANNO PRECEDENTE", "pratiche critiche {year} / pratiche critiche {prev} - 1", "ESTRAZIONE DEI DATI REGISTRO IMPRESE", Kind::Reduction),
    tpl("RIDUZIONE DEI CONSUMI DI CARTA DEGLI UFFICI", "La diminuzione delle risme acquistate rispetto all'anno precedente", "risme acquistate {year} / risme acquistate {prev} - 1", "REGISTRO DEGLI ORDINI DI ECONOMATO", Kind::Reduction),
    tpl("DISPONIBILITÀ DI CONTRIBUTI PER LE IMPRESE DEL TERRITORIO", "IMPORTO CONTRIBUTI CAMERALI STANZIATI E MESSI A DISPOSIZIONE DELLE IMPRESE NELL'ANNO {year}", "IMPORTO FINANZIAMENTI STANZIATI", "BANDI PUBBLICATI", Kind::Euro),
    tpl("VOUCHER EROGATI ALLE PMI PER LA DIGITALIZZAZIONE", "Le risorse liquidate alle imprese beneficiarie", "SOMMA DEI VOUCHER LIQUIDATI", "REPORT DEI CONTRIBUTI EROGATI", Kind::Euro),
    tpl("CONTENIMENTO DEI COSTI DI FUNZIONAMENTO DELL'ENTE", "L'importo degli oneri di funzionamento", "totale oneri di funzionamento a consuntivo", "CONTABILITÀ GENERALE DELL'ENTE", Kind::Euro),
    tpl("N. PARTECIPANTI RAGGIUNTI ATTRAVERSO GLI EVENTI FORMATIVI/INFORMATIVI A DISTANZA", "NUMERO DI PARTECIPANTI AD EVENTI CAMERALI", "NUMERO PARTECIPANTI", "REPORT DEI SEMINARI E DEGLI EVENTI REALIZZATI", Kind::Number),
    tpl("NUMERO IMPRESE COINVOLTE IN ATTIVITÀ DI ASSESSMENT DIGITALE", "le imprese che hanno compilato i questionari camerali sulla loro maturità digitale", "NUMERO QUESTIONARI COMPILATI DALLE IMPRESE", "REPORT QUESTIONARI SELFIE E ZOOM", Kind::Number),
    tpl("VERIFICHE PERIODICHE SUGLI STRUMENTI DI MISURA", "Il numero di verifiche metriche effettuate", "conteggio verifiche effettuate", "REGISTRO DELLE VERIFICHE METRICHE", Kind::Number),
    tpl("IMPRESE ASSISTITE DALLO SPORTELLO PER L'INTERNAZIONALIZZAZIONE", "numero imprese assistite", "conteggio imprese assistite", "ELENCO DELLE IMPRESE ASSISTITE", Kind::Number),
    tpl("CERTIFICATI DI ORIGINE RILASCIATI IN MODALITÀ TELEMATICA", "Il numero di certificati rilasciati senza accesso allo sportello", "numero certificati telematici", "ESTRAZIONE DALL'APPLICATIVO CERT'O", Kind::Number),
    counted("MIGLIORAMENTO DELLA QUALITÀ DELL'INFORMAZIONE PER LE IMPRESE", "numero posizioni aggiornate", "conteggio posizioni", "ESTRAZIONE DEI DATI REGISTRO IMPRESE", "posizioni", "aggiornate"),
    counted("AVVIO DI PERCORSI DI FORMAZIONE ATTRAVERSO MODALITÀ A DISTANZA (WEBINAR)", "La numerosità degli eventi erogati a distanza", "conteggio eventi", "ELENCO WEBINAR", "eventi", "realizzati"),
    counted("SPERIMENTAZIONE DEL SERVIZIO DI RICONOSCIMENTO A DISTANZA PER IL RILASCIO DELLA FIRMA DIGITALE", "numero dispositivi rilasciati", "conteggio dispositivi", "ELENCO ESTRATTO DALL'APPLICATIVO", "dispositivi", "rilasciati"),
    counted("CANCELLAZIONI D'UFFICIO DI IMPRESE NON PIÙ OPERATIVE", "Le posizioni cancellate d'ufficio dal registro", "numero provvedimenti di cancellazione", "REGISTRO DEI PROVVEDIMENTI DEL CONSERVATORE", "posizioni", "cancellate"),
    counted("ISPEZIONI DI VIGILANZA SULLA SICUREZZA DEI PRODOTTI", "il numero di ispezioni svolte", "conteggio ispezioni", "VERBALI DI ISPEZIONE", "ispezioni", "effettuate"),
    counted("INCONTRI B2B CON OPERATORI ESTERI", "Gli incontri d'affari organizzati per le imprese", "numero incontri organizzati", "REPORT DELL'UFFICIO INTERNAZIONALIZZAZIONE", "incontri", "organizzati"),
    tpl("TEMPI MEDI DI PAGAMENTO DELLE FATTURE PASSIVE", "La tempestività dei pagamenti dell'Ente", "media ponderata dei giorni di pagamento", "REGISTRO UNICO DELLE FATTURE", Kind::Days),
    tpl("TEMPO MEDIO DI EVASIONE DELLE PRATICHE TELEMATICHE", "I giorni che intercorrono tra il protocollo e l'evasione", "media dei giorni di lavorazione", "ESTRAZIONE DATI DA PRIAMO", Kind::Days),
    tpl("TEMPI DI RILASCIO DEI CERTIFICATI DI ORIGINE", "L'attesa dell'utente per il rilascio del certificato", "giorni medi tra richiesta e rilascio", "REGISTRO DEI CERTIFICATI RILASCIATI", Kind::Days),
    tpl("RIDEFINIZIONE DEL REGOLAMENTO SUL LAVORO AGILE", "Adozione nuovo regolamento", "approvazione del regolamento", "Delibera di approvazione della Giunta camerale", Kind::YesNo),
    tpl("AGGIORNAMENTO DEL DOCUMENTO DI VALUTAZIONE DEI RISCHI", "Azioni preventive per la sicurezza e salute dei lavoratori", "adozione azioni preventive", "ORDINI DI SERVIZIO", Kind::YesNo),
    tpl("ATTIVAZIONE DEL SERVIZIO DI PAGAMENTO ELETTRONICO PAGOPA", "l'attivazione del nuovo canale di pagamento", "verifica dell'attivazione", "ATTI DEL DIRIGENTE", Kind::YesNo),
    tpl("APPROVAZIONE DEL PIANO TRIENNALE DEI FABBISOGNI DI PERSONALE", "L'adozione del piano nei termini", "delibera di approvazione", "DELIBERE DELLA GIUNTA CAMERALE", Kind::YesNo),
    tpl("REVISIONE DELLA CARTA DEI SERVIZI CAMERALI", "L'aggiornamento degli standard di qualità dei servizi", "approvazione della nuova carta", "SITO CAMERALE", Kind::Text),
    tpl("ACCORDI DI COLLABORAZIONE CON ALTRE PUBBLICHE AMMINISTRAZIONI PER LA TUTELA DELLA LEGALITÀ", "n. di convenzioni/accordi stilati", "accordi formalizzati", "CONVENZIONI E ACCORDI SOTTOSCRITTI", Kind::Text),
];

struct Line {
    account: &'static str,
    number: &'static str,
    name: &'static str,
    projects: &'static [&'static str],
}

const LINES: &[Line] = &[
    Line {
        account: "330001",
        number: "1",
        name: "azioni ed interventi per l’innovazione e la sostenibilità",
        projects: &[
            "seminari ed incontri formativi rivolti alle imprese a supporto della digitalizzazione",
            "Realizzazione del servizio di supporto al Punto Impresa Digitale",
            "Bando voucher digitali I4.0",
            "Fondo di perequazione - Progetto Politiche Ambientali",
        ],
    },
    Line {
        account: "330002",
        number: "2",
        name: "azioni ed interventi per l’internazionalizzazione",
        projects: &[
            "Contributi per la partecipazione a fiere internazionali",
            "Progetto SEI - Sostegno all’export dell’Italia",
            "Bando e-commerce per l’export",
        ],
    },
    Line {
        account: "330004",
        number: "4",
        name: "azioni ed interventi per la promozione del territorio",
        projects: &[
            "contributo all’Azienda Speciale per la promozione del territorio",
            "quota consortile per la promozione turistica",
        ],
    },
    Line {
        account: "330005",
        number: "5",
        name: "Iniziative per il sostegno al credito",
        projects: &[
            "Contributi per l’accesso al credito delle PMI",
            "Fondo iniziative di sistema - crisi d’impresa",
        ],
    },
    Line {
        account: "330009",
        number: "009",
        name: "Iniziative per l’e-government",
        projects: &[
            "Digital DNA - la digitalizzazione dell’impresa",
            "carte tachigrafiche",
            "rete S.u.a.p. a sostegno dell’imprenditoria",
        ],
    },
];

const ACCOUNTS: &[(&str, &str, &str)] = &[
    (
        "325050",
        "oneri per automazione dei servizi",
        "integrazione contratto sistemista",
    ),
    (
        "327012",
        "altro materiale di consumo",
        "DPI e presidi sanitari",
    ),
    (
        "111300",
        "macchine informatiche d’ufficio",
        "pc portatili e monitor per il lavoro agile",
    ),
    (
        "324015",
        "spese per la formazione del personale",
        "corsi di aggiornamento",
    ),
    ("325010", "oneri pulizie locali", "pulizie supplementari"),
    (
        "110100",
        "concessioni e licenze",
        "licenze software per la videocomunicazione",
    ),
];

const BUDGETS: &[&str] = &["B002", "C002", "C003", "D002", "D099"];

// ---------------------------------------------------------------------------
// Generation

/// Knobs of one report.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    /// Which report of the run (0-based): reports of one seed differ.
    pub index: u32,
    /// Fixed number of objectives, or `None` for a seeded 4..=7.
    pub objectives: Option<usize>,
    /// A layout drawn from the seed (`style.rs`) instead of the classic
    /// one; the report's kind is then drawn too, whatever its index.
    pub random_style: bool,
}

/// The report's file name (without extension).
pub fn report_name(r: &Report, spec: &Spec) -> String {
    let city = r.entity.rsplit(' ').next().unwrap_or("x").to_lowercase();
    let kind = if r.is_final_account() {
        "consuntivo"
    } else {
        "preventivo"
    };
    format!(
        "gen_s{}_{:02}_{}_{}_{}",
        spec.seed,
        spec.index + 1,
        city,
        r.year,
        kind
    )
}

fn fill(s: &str, city: &str, year: i32) -> String {
    s.replace("{city}", city)
        .replace("{year}", &year.to_string())
        .replace("{prev}", &(year - 1).to_string())
}

fn lower_style(s: &str) -> String {
    s.to_lowercase()
}

fn capital_style(s: &str) -> String {
    let low = s.to_lowercase();
    let mut c = low.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => low,
    }
}

/// Generates the report; `extra` more objectives beyond the spec's count
/// (used to reach a minimum page count).
pub fn generate(spec: &Spec, extra: usize) -> Report {
    let base = Rng::new(spec.seed).fork(u64::from(spec.index) + 1);
    let mut rng = base.fork(0);
    let city = *rng.pick(CITIES);
    let year = 2019 + rng.below(5) as i32;
    // The first report of a run is a final account, the second a budget
    // plan; the others either (all of them either in a drawn style).
    let final_account = match spec.index {
        _ if spec.random_style => rng.chance(65),
        0 => true,
        1 => false,
        _ => rng.chance(65),
    };
    let count = spec.objectives.unwrap_or_else(|| rng.range(4, 7) as usize) + extra;
    let prog_032_003_name = rng.below(2);

    // Objectives: each from its own forked generator so that adding one
    // does not change the others.
    let mut used_titles: Vec<&str> = Vec::new();
    let mut used_indicators: Vec<usize> = Vec::new();
    let mut drafts: Vec<(usize, Objective)> = Vec::new();
    for i in 0..count {
        let mut r = base.fork(1000 + i as u64);
        // The first objectives cover the main programmes; then any.
        let p = if i < PROGRAMMES.len() && spec.objectives.is_none() {
            [0, 1, 4, 2, 3][i]
        } else {
            r.below(PROGRAMMES.len())
        };
        let prog = &PROGRAMMES[p];
        let o = objective(
            &mut r,
            prog,
            prog_032_003_name,
            city,
            year,
            final_account,
            &mut used_titles,
            &mut used_indicators,
        );
        drafts.push((p, o));
    }
    // Document order: by mission and programme; codes numbered within each.
    drafts.sort_by_key(|(p, _)| (PROGRAMMES[*p].mission_code, PROGRAMMES[*p].code));
    let mut objectives = Vec::new();
    let mut last = (String::new(), 0);
    for (p, mut o) in drafts {
        let key = format!("{}-{}", PROGRAMMES[p].mission_code, PROGRAMMES[p].code);
        let n = if last.0 == key { last.1 + 1 } else { 1 };
        last = (key.clone(), n);
        o.code = format!("{key}-{n:03}");
        objectives.push(o);
    }
    Report {
        source: String::new(),
        entity: format!("Camera di Commercio di {city}"),
        year,
        kind: if final_account {
            "final-account"
        } else {
            "budget-plan"
        },
        objectives,
    }
}

#[allow(clippy::too_many_arguments)]
fn objective(
    r: &mut Rng,
    prog: &Programme,
    prog_name_choice: usize,
    city: &str,
    year: i32,
    final_account: bool,
    used_titles: &mut Vec<&'static str>,
    used_indicators: &mut Vec<usize>,
) -> Objective {
    let free: Vec<&'static str> = prog
        .titles
        .iter()
        .copied()
        .filter(|t| !used_titles.contains(t))
        .collect();
    let title = if free.is_empty() {
        let t = *r.pick(prog.titles);
        format!("{t} - SECONDA FASE")
    } else {
        let t = *r.pick(&free);
        used_titles.push(t);
        t.to_string()
    };

    // Description: context, maybe a benefit, maybe actions.
    let mut paragraphs = Vec::new();
    let mut first = Vec::new();
    let n_ctx = r.range(1, 3) as usize;
    let mut pool: Vec<&str> = prog.context.to_vec();
    for _ in 0..n_ctx {
        let k = r.below(pool.len());
        first.push(fill(pool.remove(k), city, year));
    }
    paragraphs.push(first.join(" "));
    if r.chance(70) {
        let mut generic: Vec<&str> = GENERIC_CONTEXT.to_vec();
        let mut p = Vec::new();
        for _ in 0..r.range(1, 4) {
            let k = r.below(generic.len());
            p.push(fill(generic.remove(k), city, year));
        }
        paragraphs.push(p.join(" "));
    }
    if r.chance(60) {
        paragraphs.push(r.pick(BENEFITS).to_string());
    }
    if r.chance(50) {
        paragraphs.push("AZIONI DA INTRAPRENDERE:".to_string());
        let mut acts: Vec<&str> = ACTIONS.to_vec();
        for _ in 0..r.range(2, 3) {
            let k = r.below(acts.len());
            paragraphs.push(acts.remove(k).to_string());
        }
    }
    let description = paragraphs.join("\n");

    let time_frame = match r.below(5) {
        0 | 1 => format!("ANNO {year}"),
        2 | 3 => year.to_string(),
        _ => format!("{year}-{}", year + 2),
    };
    let responsibility_centre = r.pick(CENTRES).to_string();
    let (resources_text, resources) = resources(r, year);

    let lower = r.chance(40);
    let n_ind = r.range(1, 4) as usize;
    let mut indicators = Vec::new();
    let mut local: Vec<usize> = Vec::new();
    for n in 0..n_ind {
        let fresh: Vec<usize> = (0..INDICATORS.len())
            .filter(|k| !used_indicators.contains(k) && !local.contains(k))
            .collect();
        let k = if fresh.is_empty() {
            let others: Vec<usize> = (0..INDICATORS.len())
                .filter(|k| !local.contains(k))
                .collect();
            *r.pick(&others)
        } else {
            *r.pick(&fresh)
        };
        local.push(k);
        used_indicators.push(k);
        indicators.push(indicator(
            r,
            &INDICATORS[k],
            n as u32 + 1,
            city,
            year,
            final_account,
            lower,
        ));
    }
    let declared_indicators = if r.chance(80) {
        Some(n_ind as u32)
    } else {
        None
    };

    Objective {
        code: String::new(),
        mission_code: prog.mission_code.to_string(),
        mission_name: prog.mission_name.to_string(),
        programme_code: prog.code.to_string(),
        programme_name: prog.names[prog_name_choice.min(prog.names.len() - 1)].to_string(),
        title,
        description,
        time_frame,
        responsibility_centre,
        declared_indicators,
        resources_text,
        resources,
        indicators,
    }
}

/// An amount in hundredths: mostly thousands, sometimes millions.
fn amount(r: &mut Rng) -> u64 {
    let euros = match r.below(10) {
        0 => r.range(300, 999),
        1..=6 => r.range(1_000, 99_999),
        7 | 8 => r.range(100_000, 999_999),
        _ => r.range(1_000_000, 3_000_000),
    };
    let cents = if r.chance(50) { r.range(0, 99) } else { 0 };
    euros * 100 + cents
}

/// The "Risorse finanziarie" text and its resource records.
fn resources(r: &mut Rng, year: i32) -> (String, Vec<Resource>) {
    match r.below(10) {
        0 => return ("€ 0,00".to_string(), Vec::new()),
        1 => return (String::new(), Vec::new()),
        _ => {}
    }
    let n = r.range(1, 5) as usize;
    let mut lines = Vec::new();
    if r.chance(50) {
        lines.push(format!("Bilancio {year}:"));
    }
    let mut out = Vec::new();
    for _ in 0..n {
        let c = amount(r);
        // Some amounts are whole euros, written without decimals.
        let (raw, value) = if c.is_multiple_of(100) && r.chance(30) {
            (it_int(c / 100), (c / 100).to_string())
        } else {
            (it_cents(c), dec_cents(c))
        };
        let res = match r.below(10) {
            0..=4 => {
                let l = r.pick(LINES);
                let project_no = r.range(1, 12);
                let line = format!("linea {} “{}”", l.number, l.name);
                let project = format!("progetto {project_no} “{}”", r.pick(l.projects));
                let conto = if r.chance(50) { "conto" } else { "Conto" };
                let description = if r.chance(50) {
                    format!("{line} punto {} - {project}", r.range(1, 6))
                } else {
                    format!("{line}, punto {}, {project}", r.range(1, 6))
                };
                lines.push(format!("€ {raw}: {conto} {} - {description}", l.account));
                Resource {
                    amount: value,
                    amount_uncertain: false,
                    uncertain: false,
                    account: Some(l.account.to_string()),
                    budget: None,
                    description,
                    amount_raw: format!("€ {raw}"),
                    line: Some(line),
                    project: Some(project),
                }
            }
            5 | 6 => {
                let description = match r.below(3) {
                    0 => format!("Totale erogazioni per bandi camerali {}/{year}, istruiti secondo i valori target.", year - 1),
                    1 => "Quota associativa al sistema camerale regionale.".to_string(),
                    _ => format!("Fondo di perequazione {}-{year}, progetto a valere sul sistema camerale.", year - 1),
                };
                lines.push(format!("€ {raw}: {description}"));
                Resource {
                    amount: value,
                    amount_uncertain: false,
                    uncertain: false,
                    account: None,
                    budget: None,
                    description,
                    amount_raw: format!("€ {raw}"),
                    line: None,
                    project: None,
                }
            }
            7 | 8 => {
                let l = r.pick(LINES);
                let b = *r.pick(BUDGETS);
                let line = format!("linea {} “{}”", l.number, l.name);
                let project = format!("progetto {} “{}”", r.range(1, 12), r.pick(l.projects));
                let description = format!("{line} - {project}");
                lines.push(format!(
                    "Budget {b}: Conto {} - {description} € {raw}",
                    l.account
                ));
                Resource {
                    amount: value,
                    amount_uncertain: false,
                    uncertain: false,
                    account: Some(l.account.to_string()),
                    budget: Some(b.to_string()),
                    description,
                    amount_raw: format!("€ {raw}"),
                    line: Some(line),
                    project: Some(project),
                }
            }
            _ => {
                let (acct, name, detail) = *r.pick(ACCOUNTS);
                let b = *r.pick(BUDGETS);
                let description = format!("“{name}” - {detail}");
                lines.push(format!("€ {raw} Conto {acct} {description} - {b}"));
                Resource {
                    amount: value,
                    amount_uncertain: false,
                    uncertain: false,
                    account: Some(acct.to_string()),
                    budget: Some(b.to_string()),
                    description,
                    amount_raw: format!("€ {raw}"),
                    line: None,
                    project: None,
                }
            }
        };
        out.push(res);
    }
    (lines.join("\n"), out)
}

/// A value cell: text as printed and its gold decimal.
struct Val {
    text: String,
    value: Option<String>,
}

fn val(text: String, value: Option<String>) -> Option<Val> {
    Some(Val { text, value })
}

/// A count, written with or without thousands dots.
fn count_text(r: &mut Rng, n: u64) -> String {
    if n >= 1000 && r.chance(20) {
        n.to_string()
    } else {
        it_int(n)
    }
}

fn percent_text(hundredths: i64, decimals: bool) -> (String, String) {
    if decimals || hundredths % 100 != 0 {
        let (t, v) = signed_cents(hundredths);
        (format!("{t}%"), v)
    } else {
        let v = (hundredths / 100).to_string();
        (format!("{v}%"), v)
    }
}

#[allow(clippy::too_many_arguments)]
fn indicator(
    r: &mut Rng,
    t: &IndicatorTpl,
    number: u32,
    city: &str,
    year: i32,
    final_account: bool,
    lower: bool,
) -> Indicator {
    let style = |s: &str| if lower { lower_style(s) } else { s.to_string() };
    let title = fill(t.title, city, year);
    let measures = if r.chance(95) {
        Some(fill(t.measures, city, year))
    } else {
        None
    };
    let kind = TYPES[r.below(TYPES.len())];
    let kind = style(kind);
    let algorithm = if r.chance(90) {
        Some(style(&fill(t.algorithm, city, year)))
    } else {
        None
    };
    let data_source = if r.chance(90) {
        let s = fill(t.source, city, year);
        Some(if lower { capital_style(&s) } else { s })
    } else {
        None
    };

    let (unit, value_kind, target, actual, observed): (
        Option<String>,
        &str,
        Option<Val>,
        Option<Val>,
        Option<Val>,
    ) = match t.kind {
        Kind::Percent => {
            let unit = *r.pick(&["PERCENTUALE", "PERCENTUALE", "%"]);
            let tgt = *r.pick(&[50i64, 70, 75, 80, 85, 90, 95, 100, 100, 100]) * 100;
            let decimals = r.chance(20);
            let (tt, tv) = percent_text(tgt, decimals);
            let target = if r.chance(15) {
                val(format!("{tt} delle pratiche"), Some(tv))
            } else {
                val(tt, Some(tv))
            };
            let act = (tgt + r.range(0, 1500) as i64 - 500).min(10_000);
            let (at, av) = percent_text(act, decimals || r.chance(30));
            let prev = (tgt - r.range(0, 2000) as i64).max(100);
            let (ot, ov) = percent_text(prev, false);
            (
                Some(style(unit)),
                "percent",
                target,
                val(at, Some(av)),
                val(ot, Some(ov)),
            )
        }
        Kind::Reduction => {
            let tgt = -(r.range(2, 10) as i64) * 100;
            let (tt, tv) = percent_text(tgt, true);
            let act = tgt - r.range(0, 600) as i64 + 100;
            let (at, av) = percent_text(act, true);
            let prev = -(r.range(1, 8) as i64) * 100;
            let (ot, ov) = percent_text(prev, true);
            (
                Some(style("PERCENTUALE")),
                "percent",
                val(tt, Some(tv)),
                val(at, Some(av)),
                val(ot, Some(ov)),
            )
        }
        Kind::Euro => {
            let unit = *r.pick(&["EURO", "NUMERICO", "EURO"]);
            let tgt = r.range(50, 900) * 1_000_000; // hundredths: € 500.000 to € 9.000.000
            let act = tgt + r.range(0, tgt / 5) - tgt / 20;
            let prev = tgt - r.range(0, tgt / 4);
            (
                Some(style(unit)),
                "euro",
                val(format!("€ {}", it_cents(tgt)), Some(dec_cents(tgt))),
                val(format!("€ {}", it_cents(act)), Some(dec_cents(act))),
                val(format!("€ {}", it_cents(prev)), Some(dec_cents(prev))),
            )
        }
        Kind::Number => {
            let unit = *r.pick(&["NUMERICO", "NUMERICA", "NUMERO"]);
            let tgt = *r.pick(&[40u64, 70, 120, 300, 500, 1_600, 2_500, 12_000]);
            let act = tgt + r.range(0, tgt / 2) - tgt / 10;
            let prev = tgt - r.range(0, tgt / 3);
            let (tt, at, ot) = (count_text(r, tgt), count_text(r, act), count_text(r, prev));
            (
                Some(style(unit)),
                "number",
                val(tt, Some(tgt.to_string())),
                val(at, Some(act.to_string())),
                val(ot, Some(prev.to_string())),
            )
        }
        Kind::Counted => {
            let unit = *r.pick(&["NUMERICO", "NUMERICA"]);
            let tgt = *r.pick(&[2u64, 3, 15, 20, 50, 300, 1_430, 8_000, 12_000]);
            let act = tgt + r.range(0, tgt / 2 + 1);
            let prev = tgt - r.range(0, tgt / 3);
            let noun = t.noun;
            let target = match r.below(3) {
                0 => format!("almeno {} {noun}", it_int(tgt)),
                1 => format!("Realizzazione di almeno {} {noun}", it_int(tgt)),
                _ => format!("{} {noun}", it_int(tgt)),
            };
            let actual = match r.below(3) {
                0 => format!("{} {noun} {}", it_int(act), t.participle),
                1 => format!("{} {} {noun}", capital_style(t.participle), it_int(act)),
                _ => format!("{} {noun}", it_int(act)),
            };
            (
                Some(style(unit)),
                "number",
                val(target, Some(tgt.to_string())),
                val(actual, Some(act.to_string())),
                val(format!("{} {noun}", it_int(prev)), Some(prev.to_string())),
            )
        }
        Kind::Days => {
            let tgt = *r.pick(&[5u64, 10, 15, 30, 30, 60]);
            let act10 = tgt * 10 - r.range(0, tgt * 5);
            let actual = if act10.is_multiple_of(10) {
                val(
                    format!("{} giorni", act10 / 10),
                    Some((act10 / 10).to_string()),
                )
            } else {
                val(
                    format!("{},{} giorni", act10 / 10, act10 % 10),
                    Some(format!("{}.{}", act10 / 10, act10 % 10)),
                )
            };
            let target = if r.chance(60) {
                format!("entro {tgt} giorni")
            } else {
                format!("{tgt} giorni")
            };
            let prev = tgt + r.range(0, tgt);
            (
                Some(style("GIORNI")),
                "number",
                val(target, Some(tgt.to_string())),
                actual,
                val(format!("{prev} giorni"), Some(prev.to_string())),
            )
        }
        Kind::YesNo => {
            let (tt, at) = *r.pick(&[("SI", "SI"), ("SI", "SI"), ("Si", "si"), ("SI", "NO")]);
            (
                Some("SI/NO".to_string()),
                "yes_no",
                val(tt.into(), None),
                val(at.into(), None),
                None,
            )
        }
        Kind::Text => {
            let (tt, at) = *r.pick(&[
                (
                    "Approvazione della nuova Carta dei servizi entro l'anno",
                    "Carta dei servizi approvata e pubblicata sul sito camerale",
                ),
                (
                    "Formalizzazione degli accordi con la Prefettura e le Forze dell'Ordine",
                    "Accordi sottoscritti e resi operativi",
                ),
            ]);
            (
                None,
                "text",
                val(tt.into(), None),
                val(at.into(), None),
                None,
            )
        }
    };
    let observed = match r.below(10) {
        0..=2 => None,
        3..=5 => val("nuova attività".to_string(), None),
        _ => observed,
    };
    let actual = if final_account { actual } else { None };
    let (last_observed, last_observed_value) = split(observed);
    let (target, target_value) = split(target);
    let (actual, actual_value) = split(actual);
    Indicator {
        number,
        title,
        measures,
        kind,
        unit,
        algorithm,
        data_source,
        last_observed,
        target,
        actual,
        target_value,
        actual_value,
        last_observed_value,
        target_date: Some(format!("{year}-12-31")),
        uncertain_fields: Vec::new(),
        value_kind,
    }
}

fn split(v: Option<Val>) -> (Option<String>, Option<String>) {
    match v {
        Some(v) => (Some(v.text), v.value),
        None => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_numbers() {
        assert_eq!(it_int(1_260_786), "1.260.786");
        assert_eq!(it_int(999), "999");
        assert_eq!(it_cents(2_439_075), "24.390,75");
        assert_eq!(dec_cents(2_439_075), "24390.75");
        assert_eq!(percent_text(9740, false), ("97,40%".into(), "97.40".into()));
        assert_eq!(percent_text(-500, true), ("-5,00%".into(), "-5.00".into()));
        assert_eq!(percent_text(8000, false), ("80%".into(), "80".into()));
    }
}
