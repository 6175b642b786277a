//! The domain vocabulary: labels of the schede and indicator tables,
//! categorical values (types, units, offices) and known words. It is data
//! (`vocab/default.vocab`, compiled in), extendable with `--vocab FILE`.
//!
//! This is a foundation shared by the layout stage (which finds labels) and
//! the normalization stage (which corrects values); it depends on neither.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::error::{Error, ErrorKind, Result};

const BUILTIN: &str = include_str!("../vocab/default.vocab");

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    Mission,
    Programme,
    Objective,
    Title,
    Description,
    TimeFrame,
    ResponsibilityCentre,
    Resources,
    DeclaredIndicators,
    Indicator,
    Measures,
    Type,
    Unit,
    Algorithm,
    DataSource,
    LastObserved,
    Target,
    Actual,
    Other,
}

impl Label {
    fn from_key(key: &str) -> Option<Label> {
        Some(match key {
            "mission" => Label::Mission,
            "programme" => Label::Programme,
            "objective" => Label::Objective,
            "title" => Label::Title,
            "description" => Label::Description,
            "time_frame" => Label::TimeFrame,
            "responsibility_centre" => Label::ResponsibilityCentre,
            "resources" => Label::Resources,
            "declared_indicators" => Label::DeclaredIndicators,
            "indicator" => Label::Indicator,
            "measures" => Label::Measures,
            "type" => Label::Type,
            "unit" => Label::Unit,
            "algorithm" => Label::Algorithm,
            "data_source" => Label::DataSource,
            "last_observed" => Label::LastObserved,
            "target" => Label::Target,
            "actual" => Label::Actual,
            "other" => Label::Other,
            _ => return None,
        })
    }

    /// Whether the label is a column header of the indicator table.
    pub fn is_table_header(self) -> bool {
        matches!(
            self,
            Label::Type
                | Label::Unit
                | Label::Algorithm
                | Label::DataSource
                | Label::LastObserved
                | Label::Target
                | Label::Actual
        )
    }
}

/// A label phrase, folded and split into words.
#[derive(Debug, Clone)]
struct LabelPhrase {
    label: Label,
    words: Vec<String>,
    joined: String,
    /// The similarity a candidate needs.
    min: f64,
    /// Character counts of the first word and of the whole phrase.
    first_len: usize,
    len: usize,
}

/// A label found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelMatch {
    pub label: Label,
    /// How many words of the line the label covers.
    pub words: usize,
    /// Similarity in 0..=1.
    pub score: f64,
}

/// The domain vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    labels: Vec<LabelPhrase>,
    /// Canonical spellings, by section.
    types: Terms,
    units: Terms,
    durations: Terms,
    no_history: Terms,
    source_starts: Terms,
    offices: Terms,
    /// Known words: folded form to printed form ("attivita" -> "attività").
    known: HashMap<String, String>,
}

impl Vocabulary {
    /// The built-in vocabulary (parsed once per process).
    pub fn builtin() -> Vocabulary {
        static PARSED: LazyLock<Vocabulary> = LazyLock::new(|| {
            let mut v = Vocabulary::default();
            // The built-in file is tested; a failure here is a build defect.
            if let Err(e) = v.extend(BUILTIN) {
                debug_assert!(false, "built-in vocabulary: {e}");
            }
            v
        });
        PARSED.clone()
    }

    /// Adds the entries of a vocabulary file's text.
    pub fn extend(&mut self, text: &str) -> Result<()> {
        let mut section = String::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            self.add(&section, line)
                .map_err(|detail| vocab_error(detail, line, i))?;
        }
        Ok(())
    }

    fn add(&mut self, section: &str, line: &str) -> std::result::Result<(), String> {
        let entry = line.to_string();
        match section {
            "labels" => {
                let (key, phrase) = line
                    .split_once('=')
                    .ok_or_else(|| "a label needs `key = phrase`".to_string())?;
                let label = Label::from_key(key.trim())
                    .ok_or_else(|| format!("unknown label key {:?}", key.trim()))?;
                let joined = fold(phrase.trim());
                let words: Vec<String> = joined.split_whitespace().map(str::to_string).collect();
                let min = threshold(&joined);
                let first_len = words.first().map_or(0, |w: &String| w.chars().count());
                let len = joined.chars().count();
                self.labels.push(LabelPhrase {
                    label,
                    words,
                    joined,
                    min,
                    first_len,
                    len,
                });
            }
            "types" => self.types.push(entry),
            "units" => self.units.push(entry),
            "durations" => self.durations.push(entry),
            "no_history" => self.no_history.push(entry),
            "source_starts" => self.source_starts.push(entry),
            "offices" => self.offices.push(entry),
            "words" => {
                self.known.entry(fold(line)).or_insert(entry);
            }
            "" => return Err("entry before any [section]".into()),
            other => return Err(format!("unknown section [{other}]")),
        }
        Ok(())
    }

    /// The label that the line's first words spell, allowing OCR damage.
    pub fn label_at_start(&self, words: &[&str]) -> Option<LabelMatch> {
        let longest = self.labels.iter().map(|p| p.words.len()).max().unwrap_or(0);
        let folded: Vec<String> = words.iter().take(longest).map(|w| fold(w)).collect();
        self.label_in_folded(&folded)
    }

    fn label_in_folded(&self, folded: &[String]) -> Option<LabelMatch> {
        let mut best: Option<LabelMatch> = None;
        let first = folded.first()?;
        let first_len = first.chars().count();
        for phrase in &self.labels {
            let n = phrase.words.len();
            if folded.len() < n {
                continue;
            }
            // The label's first word must itself be recognisable (a long
            // phrase's tail alone, "... responsabilità", is not the label);
            // checking it first, lengths before letters, keeps this fast.
            let first_min = if n == 1 { phrase.min } else { 0.5 };
            if !lengths_allow(first_len, phrase.first_len, first_min)
                || !could_reach(first, &phrase.words[0], first_min)
                || similarity(first, &phrase.words[0]) < first_min
            {
                continue;
            }
            let candidate_len =
                folded[..n].iter().map(|w| w.chars().count()).sum::<usize>() + n - 1;
            if !lengths_allow(candidate_len, phrase.len, phrase.min) {
                continue;
            }
            let candidate = folded[..n].join(" ");
            let score = if n == 1 {
                similarity(&folded[0], &phrase.joined)
            } else {
                similarity(&candidate, &phrase.joined)
            };
            if score >= phrase.min && best.is_none_or(|b| score > b.score) {
                best = Some(LabelMatch {
                    label: phrase.label,
                    words: n,
                    score,
                });
            }
        }
        best
    }

    /// Every label phrase found anywhere in the line (used for table headers).
    pub fn labels_in(&self, words: &[&str]) -> Vec<LabelMatch> {
        let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
        (0..folded.len())
            .filter_map(|start| self.label_in_folded(&folded[start..]))
            .collect()
    }

    /// The canonical type word a token spells ("ESTERMA" -> "ESTERNA").
    pub fn type_word(&self, token: &str) -> Option<&str> {
        self.types.best(token, 0.75)
    }

    /// The canonical unit a token spells ("MUMERICO" -> "NUMERICO").
    pub fn unit_word(&self, token: &str) -> Option<&str> {
        self.units.best(token, 0.75)
    }

    /// Whether a folded word is known (from the vocabulary's [words]).
    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains_key(folded)
    }

    /// Every known word, folded.
    pub fn known_words(&self) -> impl Iterator<Item = &str> {
        self.known.keys().map(String::as_str)
    }

    /// The printed form of a known word, given its folded form.
    pub fn printed(&self, folded: &str) -> Option<&str> {
        self.known.get(folded).map(String::as_str)
    }

    /// Whether a cell text says the indicator has no earlier value.
    pub fn is_no_history(&self, text: &str) -> bool {
        let t = fold(text);
        self.no_history.folded().any(|e| similarity(&t, e) >= 0.8)
    }

    /// The byte range of a no-history phrase ("nuova attività") in a text.
    pub fn no_history_span(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let words: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        for start in 0..words.len() {
            for phrase in self.no_history.folded() {
                let n = phrase.split_whitespace().count();
                let Some(window) = words.get(start..start + n) else {
                    continue;
                };
                let joined = fold(&window.iter().map(|w| w.1).collect::<Vec<_>>().join(" "));
                if similarity(&joined, phrase) >= 0.85 {
                    let (first, last) = (window[0], window[n - 1]);
                    return Some(first.0..last.0 + last.1.len());
                }
            }
        }
        None
    }

    /// Whether a word opens a "Fonte dei dati" cell.
    pub fn is_source_start(&self, word: &str) -> bool {
        self.source_starts.contains_folded(&fold(word))
    }

    /// Whether a unit measures a duration.
    pub fn is_duration(&self, unit: &str) -> bool {
        self.durations.contains_folded(&fold(unit))
    }

    /// The canonical office a text names, if it is one of the vocabulary's.
    pub fn office(&self, text: &str) -> Option<&str> {
        self.offices.best(text, 0.85)
    }
}

fn vocab_error(detail: String, line: &str, index: usize) -> Error {
    Error::new(ErrorKind::Vocabulary {
        detail,
        text: line.to_string(),
    })
    .at_line(index as u32 + 1)
}

/// Looser matching for longer phrases: OCR damages a few letters of many.
fn threshold(phrase: &str) -> f64 {
    match phrase.chars().count() {
        0..=5 => 0.8,
        6..=9 => 0.72,
        _ => 0.7,
    }
}

/// Normalised Levenshtein similarity of two folded strings, forgiving the
/// commonest OCR confusion ("rn" read as "m": "estema" is "esterna").
pub fn similarity(a: &str, b: &str) -> f64 {
    let plain = strsim::normalized_levenshtein(a, b);
    if !a.contains('m') || !b.contains("rn") {
        return plain;
    }
    plain.max(strsim::normalized_levenshtein(a, &b.replace("rn", "m")))
}

/// A cheap bound: whether two strings' lengths and letters allow a
/// similarity of at least `min` (each edit changes at most two letter counts).
fn could_reach(a: &str, b: &str, min: f64) -> bool {
    if !length_allows(a, b, min) {
        return false;
    }
    let mut counts = [0i32; 27];
    let slot = |c: char| {
        if c.is_ascii_lowercase() {
            (c as u8 - b'a') as usize
        } else {
            26
        }
    };
    for c in a.chars() {
        counts[slot(c)] += 1;
    }
    for c in b.chars() {
        counts[slot(c)] -= 1;
    }
    let differing: i32 = counts.iter().map(|n| n.abs()).sum();
    let longest = a.chars().count().max(b.chars().count()).max(1) as f64;
    // "rn" read as "m" costs two edits; allow one such confusion on top.
    f64::from(differing) / 2.0 <= (1.0 - min) * longest + 1.0
}

/// Whether two strings' lengths allow a similarity of at least `min`.
fn length_allows(a: &str, b: &str, min: f64) -> bool {
    lengths_allow(a.chars().count(), b.chars().count(), min)
}

/// [`length_allows`] on character counts.
fn lengths_allow(la: usize, lb: usize, min: f64) -> bool {
    let longest = la.max(lb).max(1) as f64;
    // "rn" read as "m" shortens a word by one letter per confusion.
    (la.abs_diff(lb) as f64) <= (1.0 - min) * longest + 1.0
}

/// Canonical terms of one vocabulary section, with their folded forms.
#[derive(Debug, Clone, Default)]
struct Terms(Vec<(String, String)>);

impl Terms {
    fn push(&mut self, printed: String) {
        let folded = fold(&printed);
        self.0.push((printed, folded));
    }

    fn folded(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, f)| f.as_str())
    }

    fn contains_folded(&self, folded: &str) -> bool {
        self.folded().any(|f| f == folded)
    }

    /// The term a token spells, allowing OCR damage.
    fn best(&self, token: &str, min: f64) -> Option<&str> {
        let t = fold(token.trim_matches(|c: char| !c.is_alphanumeric() && c != '/'));
        if t.chars().count() < 4 {
            return self
                .0
                .iter()
                .find(|(_, f)| *f == t && !t.is_empty())
                .map(|(p, _)| p.as_str());
        }
        self.0
            .iter()
            .filter(|(_, f)| length_allows(&t, f, min))
            .map(|(p, f)| (p, similarity(&t, f)))
            .filter(|(_, s)| *s >= min)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| p.as_str())
    }
}

/// Lower-case, accents and trailing apostrophes folded ("Qualita'" and
/// "QUALITÀ" both give "qualita"); inner punctuation kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            out.push(match l {
                'à' | 'á' | 'â' | 'ä' => 'a',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ò' | 'ó' | 'ô' | 'ö' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                '’' | '‘' => '\'',
                other => other,
            });
        }
    }
    let trimmed = out.trim_end_matches('\'');
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        line: &'static str,
        want: Option<Label>,
    }

    #[test]
    fn finds_damaged_labels() {
        let v = Vocabulary::builtin();
        let cases = [
            Case {
                line: "Titalo RIORGANIZZAZIONE",
                want: Some(Label::Title),
            },
            Case {
                line: "Algontmo di calcolo",
                want: Some(Label::Algorithm),
            },
            Case {
                line: "Ultimo valore ossemnvato",
                want: Some(Label::LastObserved),
            },
            Case {
                line: "Centro di responsabilita Segretario",
                want: Some(Label::ResponsibilityCentre),
            },
            Case {
                line: "Nr indicatori associati 2",
                want: Some(Label::DeclaredIndicators),
            },
            Case {
                line: "Missione 011 - x",
                want: Some(Label::Mission),
            },
            Case {
                line: "Walore a Consuntivo",
                want: Some(Label::Actual),
            },
            Case {
                line: "Mediazione volontaria",
                want: None,
            },
            Case {
                line: "La Camera",
                want: None,
            },
        ];
        for case in cases {
            let words: Vec<&str> = case.line.split_whitespace().collect();
            let got = v.label_at_start(&words).map(|m| m.label);
            assert_eq!(got, case.want, "line {:?}", case.line);
        }
    }

    #[test]
    fn canonical_categories() {
        let v = Vocabulary::builtin();
        assert_eq!(v.unit_word("MUMERICO"), Some("NUMERICO"));
        assert_eq!(v.unit_word("nuUMmerico"), Some("NUMERICO"));
        assert_eq!(v.type_word("ESTERMA"), Some("ESTERNA"));
        assert_eq!(v.type_word("estema,"), Some("ESTERNA"));
        assert_eq!(v.type_word("EFFICACA"), Some("EFFICACIA"));
        assert_eq!(v.type_word("BANDI"), None);
        assert!(v.is_no_history("nuova attivita"));
        assert!(v.is_source_start("REPORT"));
    }

    #[test]
    fn user_vocabulary_is_checked() {
        let mut v = Vocabulary::builtin();
        assert!(v.extend("[units]\nKILOMETRI\n").is_ok());
        assert_eq!(v.unit_word("KILOMETRl"), Some("KILOMETRI"));
        let err = v.extend("[labels]\nnope = Something\n").unwrap_err();
        assert!(err.to_string().contains("unknown label key"), "{err}");
        assert!(v.extend("stray\n").is_err());
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("QUALITÀ"), "qualita");
        assert_eq!(fold("Qualita'"), "qualita");
        assert_eq!(fold("Unità di misura"), "unita di misura");
    }
}
