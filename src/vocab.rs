//! The domain vocabulary: labels of the schede and indicator tables,
//! categorical values (types, units, offices) and known words. It is data
//! (`vocab/default.vocab`, compiled in), extendable with `--vocab FILE`.
//!
//! This is a foundation shared by the layout stage (which finds labels) and
//! the normalization stage (which corrects values); it depends on neither.

use std::collections::HashMap;

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
    pub types: Vec<String>,
    pub units: Vec<String>,
    pub durations: Vec<String>,
    pub no_history: Vec<String>,
    pub source_starts: Vec<String>,
    pub offices: Vec<String>,
    /// Known words: folded form to printed form ("attivita" -> "attività").
    known: HashMap<String, String>,
}

impl Vocabulary {
    /// The built-in vocabulary.
    pub fn builtin() -> Vocabulary {
        let mut v = Vocabulary::default();
        // The built-in file is tested; a failure here is a build defect.
        if let Err(e) = v.extend(BUILTIN) {
            debug_assert!(false, "built-in vocabulary: {e}");
        }
        v
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
                let words = joined.split_whitespace().map(str::to_string).collect();
                self.labels.push(LabelPhrase {
                    label,
                    words,
                    joined,
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
        let mut best: Option<LabelMatch> = None;
        for phrase in &self.labels {
            let n = phrase.words.len();
            if words.len() < n {
                continue;
            }
            let candidate = fold(&words[..n].join(" "));
            let score = similarity(&candidate, &phrase.joined);
            // The label's first word must itself be recognisable: a long
            // phrase's tail alone ("... responsabilità") is not the label.
            let first_ok = n == 1 || similarity(&fold(words[0]), &phrase.words[0]) >= 0.5;
            if first_ok
                && score >= threshold(&phrase.joined)
                && best.is_none_or(|b| score > b.score)
            {
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
        let mut found = Vec::new();
        for start in 0..words.len() {
            if let Some(m) = self.label_at_start(&words[start..]) {
                found.push(m);
            }
        }
        found
    }

    /// The canonical type word a token spells ("ESTERMA" -> "ESTERNA").
    pub fn type_word(&self, token: &str) -> Option<&str> {
        best_entry(&self.types, token, 0.75)
    }

    /// The canonical unit a token spells ("MUMERICO" -> "NUMERICO").
    pub fn unit_word(&self, token: &str) -> Option<&str> {
        best_entry(&self.units, token, 0.75)
    }

    /// Whether a folded word is known (from the vocabulary's [words]).
    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains_key(folded)
    }

    /// The printed form of a known word, given its folded form.
    pub fn printed(&self, folded: &str) -> Option<&str> {
        self.known.get(folded).map(String::as_str)
    }

    /// Whether a cell text says the indicator has no earlier value.
    pub fn is_no_history(&self, text: &str) -> bool {
        let t = fold(text);
        self.no_history
            .iter()
            .any(|e| similarity(&t, &fold(e)) >= 0.8)
    }

    /// Whether a word opens a "Fonte dei dati" cell.
    pub fn is_source_start(&self, word: &str) -> bool {
        let w = fold(word);
        self.source_starts.iter().any(|s| fold(s) == w)
    }

    /// Whether a unit measures a duration.
    pub fn is_duration(&self, unit: &str) -> bool {
        let u = fold(unit);
        self.durations.iter().any(|d| fold(d) == u)
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

fn best_entry<'a>(entries: &'a [String], token: &str, min: f64) -> Option<&'a str> {
    let t = fold(token.trim_matches(|c: char| !c.is_alphanumeric() && c != '/'));
    if t.chars().count() < 4 {
        return entries
            .iter()
            .find(|e| fold(e) == t && !t.is_empty())
            .map(String::as_str);
    }
    entries
        .iter()
        .map(|e| (e, similarity(&t, &fold(e))))
        .filter(|(_, s)| *s >= min)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(e, _)| e.as_str())
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
