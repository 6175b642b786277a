//! The domain vocabulary: labels of the schede and indicator tables,
//! categorical values (types, units, offices) and known words. It is data
//! (`vocab/default.vocab`, compiled in), extendable with `--vocab FILE`.
//!
//! This is a foundation shared by the layout stage (which finds labels) and
//! the normalization stage (which corrects values); it depends on neither.

use std::sync::{LazyLock, Mutex};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Column, ReportKind, Template};
use crate::{FastMap, FastSet};

mod fuzzy;
mod words;

pub use fuzzy::{alike, similarity, Comparable};
use fuzzy::{could_reach, lengths_allow, similarity_at_least, Folded, Pattern};
pub use words::{
    is_italian, is_italian_form, italian_words, opens_italian_word, source as word_list_source,
};

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
    /// "Codice obiettivo": the label of the objective code's row.
    ObjectiveCode,
    DeclaredIndicators,
    Indicator,
    Measures,
    /// A column header of the indicator table.
    Column(Column),
    Other,
    /// An indicator's code, with or without its name ("KPI", "Codice e
    /// descrizione"): the other templates' labels from here on.
    Kpi,
    /// The report's own "% raggiungimento".
    Achievement,
    /// A card's resources by budget item ("Stanziamenti in c/competenza").
    Allocations,
    /// A card's "Responsabile" of the objective.
    Responsible,
}

impl Label {
    fn from_key(key: &str) -> Option<Label> {
        if let Ok(column) = key.parse() {
            return Some(Label::Column(column));
        }
        Some(match key {
            "mission" => Label::Mission,
            "programme" => Label::Programme,
            "objective" => Label::Objective,
            "title" => Label::Title,
            "description" => Label::Description,
            "time_frame" => Label::TimeFrame,
            "responsibility_centre" => Label::ResponsibilityCentre,
            "resources" => Label::Resources,
            "objective_code" => Label::ObjectiveCode,
            "declared_indicators" => Label::DeclaredIndicators,
            "indicator" => Label::Indicator,
            "measures" => Label::Measures,
            "other" => Label::Other,
            "kpi" => Label::Kpi,
            "achievement" => Label::Achievement,
            "allocations" => Label::Allocations,
            "responsible" => Label::Responsible,
            _ => return None,
        })
    }

    /// Whether the label is a column header of the indicator table.
    pub fn is_table_header(self) -> bool {
        self.column().is_some()
    }

    /// The indicator table's column the label heads.
    pub fn column(self) -> Option<Column> {
        match self {
            Label::Column(column) => Some(column),
            _ => None,
        }
    }
}

/// A label phrase, folded: its first word and the whole phrase, prepared
/// for fuzzy comparison.
#[derive(Debug, Clone)]
struct LabelPhrase {
    label: Label,
    /// How many words the phrase has.
    words: usize,
    /// The phrase, folded.
    text: String,
    first: Pattern,
    joined: Pattern,
    /// The similarity a candidate needs.
    min: f64,
    /// Where the check of its first word is kept during a lookup: phrases
    /// that open with the same word, needing as much of it, share one
    /// ("Valore atteso", "Valore a consuntivo").
    first_slot: usize,
}

/// A first word of label phrases, and the similarity a line's first word
/// needs to be it.
#[derive(Debug, Clone)]
struct FirstWord {
    word: String,
    min: f64,
    pattern: Pattern,
}

/// Scratch space of one lookup of the phrases: the candidate phrase, and
/// the checks of the line's first word against the phrases' first words
/// made so far (None: not made yet), by [`LabelPhrase::first_slot`].
struct Scratch {
    candidate: Folded,
    firsts: Vec<Option<bool>>,
}

impl Scratch {
    fn new(vocab: &Vocabulary) -> Scratch {
        Scratch {
            candidate: Folded::default(),
            firsts: vec![None; vocab.first_words.len()],
        }
    }

    /// The lookup moves on to other words: the checks made are forgotten.
    fn next_words(&mut self) {
        self.firsts.fill(None);
    }

    /// The checks of the first word, all made ([`Vocabulary::first_checks`]).
    fn checked(&mut self, bits: u64) {
        for (slot, check) in self.firsts.iter_mut().enumerate() {
            *check = Some((bits >> slot) & 1 == 1);
        }
    }
}

impl LabelPhrase {
    /// The phrase spelled by the first words, allowing OCR damage, if its
    /// score is at least `min` (never below the phrase's own threshold).
    /// A phrase one of whose words OCR cut with a space ("Valore a C
    /// onsuntivo") is matched over one word more, when its own count of
    /// words does not match: two pieces of letters glued back into one
    /// word must then spell it all but whole.
    fn match_start(&self, words: &[Folded], scratch: &mut Scratch, min: f64) -> Option<LabelMatch> {
        let first = words.first().filter(|_| words.len() >= self.words)?;
        if !self.first_passes(first, scratch) {
            return None;
        }
        // `glued`: the word after which the next is glued back, if any.
        let spelled = |n: usize, glued: Option<usize>, min: f64, scratch: &mut Scratch| {
            let words = words.get(..n)?;
            let candidate = &mut scratch.candidate;
            candidate.clear();
            for (i, word) in words.iter().enumerate() {
                if i > 0 && glued == Some(i - 1) {
                    candidate.glue(word);
                } else {
                    candidate.join(word);
                }
            }
            candidate.trim_colon();
            if !lengths_allow(candidate.len(), self.joined.len(), self.min) {
                return None;
            }
            let score = similarity_at_least(candidate, &self.joined, min)?;
            Some(LabelMatch {
                label: self.label,
                words: n,
                score,
            })
        };
        spelled(self.words, None, min, scratch).or_else(|| {
            // Two pieces of letters glued back must spell the phrase.
            let pieces = |i: usize| {
                words
                    .get(i..i + 2)
                    .is_some_and(|p| p.iter().all(Folded::is_alphabetic))
            };
            (0..self.words)
                .filter(|&i| pieces(i))
                .find_map(|i| spelled(self.words + 1, Some(i), min.max(CUT_WORD_SCORE), scratch))
        })
    }

    /// Whether `first` may be the phrase's first word. The label's first
    /// word must itself be recognisable (a long phrase's tail alone, "...
    /// responsabilità", is not the label); checking it first, lengths and
    /// letters before edits, keeps lookups fast. Phrases opening with the
    /// same word check it once.
    fn first_passes(&self, first: &Folded, scratch: &mut Scratch) -> bool {
        let checked = scratch.firsts.get(self.first_slot).copied().flatten();
        checked.unwrap_or_else(|| {
            let first_min = self.first_min();
            let passed = could_reach(first, &self.first, first_min)
                && similarity_at_least(first, &self.first, first_min).is_some();
            if let Some(slot) = scratch.firsts.get_mut(self.first_slot) {
                *slot = Some(passed);
            }
            passed
        })
    }

    /// The similarity the phrase's first word needs: a one-word phrase's
    /// own, else a half.
    fn first_min(&self) -> f64 {
        if self.words == 1 {
            self.min
        } else {
            0.5
        }
    }
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

/// How well a phrase must be spelled once a word OCR cut with a space is
/// glued back: a value word beside the label ("Valori SI consuntivi") is
/// no piece of it.
const CUT_WORD_SCORE: f64 = 0.95;

/// The most words a template's label spans (one of them maybe cut in two
/// by OCR).
const TEMPLATE_LABEL_WORDS: usize = 7;

/// The domain vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    labels: Vec<LabelPhrase>,
    /// The other templates' labels and table headers: looked up only by
    /// their readers, so that a scheda's text never meets them.
    template_labels: Vec<LabelPhrase>,
    /// How each template other than the scheda is recognised.
    templates: Vec<Signature>,
    /// Canonical spellings, by section.
    types: Terms,
    units: Terms,
    durations: Terms,
    no_history: Terms,
    source_starts: Terms,
    resource_starts: Terms,
    offices: Terms,
    /// Official names of the budget programmes.
    programmes: Terms,
    /// Official names of the budget missions.
    missions: Terms,
    /// Chambers of commerce, by the city or area their name gives.
    chambers: Terms,
    /// The letters indicator codes open with ("KPI", "KPIM"), longest
    /// first.
    code_prefixes: Vec<String>,
    /// The phrases a report's heading or running line names its kind
    /// with ("Rendicontazione", "Bilancio preventivo"), folded word by
    /// word.
    report_kinds: Vec<(ReportKind, Vec<String>)>,
    /// Folded phrases just before the number a value cell's clause ends
    /// on ("sono", "pari a"): that number is the one the cell states.
    value_states: Vec<String>,
    /// Folded words that name nothing a number counts ("delle", "almeno").
    fillers: FastSet<String>,
    /// Known words: folded form to printed form ("attivita" -> "attività").
    known: FastMap<String, String>,
    /// Every folded word the entries spell, of any section.
    spelt: FastSet<String>,
    /// The folded words of the table headers' phrases ("ultimo",
    /// "osservato"): a header cell wrapped over lines spreads them.
    header_words: FastSet<String>,
    /// The folded words of the scheda's label phrases ("responsabilita",
    /// "finanziarie"), of five letters or more.
    label_words: FastSet<String>,
    /// The columns whose header phrases use each folded header word: a
    /// word only one column's phrases use ("consuntivo") names that column
    /// wherever a wrapped header cell puts it.
    column_words: FastMap<String, Vec<Column>>,
    /// The folded words of the "Se altro, indicare qui" phrases: a line
    /// of nothing else is a piece of that row, however OCR cut it up.
    notes_words: FastSet<String>,
    /// The distinct first words of the label phrases of both kinds, with
    /// the similarity each needs ([`LabelPhrase::first_slot`] indexes it).
    first_words: Vec<FirstWord>,
    /// The lookups of [`Vocabulary::first_checks`] made so far.
    firsts_seen: Memo<u64>,
    /// The lookups of [`Vocabulary::label_at_start`] made so far.
    labels_seen: Memo<Option<LabelMatch>>,
    /// The lookups of [`Vocabulary::template_label_at_start`] made so far.
    template_labels_seen: Memo<Option<LabelMatch>>,
    /// The lookups of [`Vocabulary::programme`] made so far (a wide
    /// table repeats its programmes' names row after row): the index of
    /// the programme found.
    programmes_seen: Memo<Option<usize>>,
    /// The lookups of [`Vocabulary::mission`] made so far.
    missions_seen: Memo<Option<usize>>,
    /// The lookups of [`Vocabulary::knows_word`] made so far.
    words_seen: Memo<bool>,
}

/// Label lookups already made, by the words looked up. A report repeats
/// its labels, table headers and many cells, and its readers look at the
/// same lines more than once: each distinct start of a line is matched
/// against the phrases once. Each copy of a vocabulary (one per input)
/// starts with an empty memo, so it holds one report's lines at most.
/// Most lookups find their answer: the key is written into a buffer the
/// memo keeps, and a key of its own is made only for a new answer.
struct Memo<T>(Mutex<Remembered<T>>);

/// A memo's answers by key, and the buffer keys are written into.
struct Remembered<T> {
    answers: FastMap<String, T>,
    key: String,
}

impl<T: Copy> Memo<T> {
    /// The memo's answer for the first `n` of `words`, else `lookup`'s
    /// (then remembered).
    fn get_or(&self, words: &[&str], n: usize, lookup: impl FnOnce() -> T) -> T {
        self.get_or_with(
            |key| push_memo_key(key, &words[..n.min(words.len())]),
            lookup,
        )
    }

    /// The memo's answer for `key`, else `lookup`'s (then remembered).
    fn get_or_key(&self, key: &str, lookup: impl FnOnce() -> T) -> T {
        self.get_or_with(|buffer| buffer.push_str(key), lookup)
    }

    /// The memo's answer for the key `write` writes, else `lookup`'s
    /// (then remembered). The lock is not held while `lookup` runs.
    fn get_or_with(&self, write: impl FnOnce(&mut String), lookup: impl FnOnce() -> T) -> T {
        let mut write = Some(write);
        let mut key = String::new();
        if let Ok(mut memo) = self.0.lock() {
            let memo = &mut *memo;
            memo.key.clear();
            if let Some(write) = write.take() {
                write(&mut memo.key);
            }
            if let Some(found) = memo.answers.get(memo.key.as_str()) {
                return *found;
            }
            key.clone_from(&memo.key);
        }
        if let Some(write) = write {
            write(&mut key);
        }
        let found = lookup();
        if let Ok(mut memo) = self.0.lock() {
            memo.answers.insert(key, found);
        }
        found
    }

    fn clear(&mut self) {
        if let Ok(memo) = self.0.get_mut() {
            memo.answers.clear();
        }
    }
}

/// [`push_memo_key`]'s key alone.
#[cfg(test)]
fn memo_key(words: &[&str]) -> String {
    let mut key = String::new();
    push_memo_key(&mut key, words);
    key
}

/// Writes the words as one key after `key`: each with its length before
/// it, so that no two lists of words give the same key.
fn push_memo_key(key: &mut String, words: &[&str]) {
    key.reserve(words.iter().map(|w| w.len() + 4).sum());
    for word in words {
        push_number(key, word.len());
        key.push(':');
        key.push_str(word);
    }
}

/// Writes `n` in decimal digits, without the formatting machinery.
fn push_number(key: &mut String, n: usize) {
    if n >= 10 {
        push_number(key, n / 10);
    }
    key.push(char::from(b'0' + (n % 10) as u8));
}

impl<T> Default for Memo<T> {
    fn default() -> Memo<T> {
        Memo(Mutex::new(Remembered {
            answers: FastMap::default(),
            key: String::new(),
        }))
    }
}

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Memo<T> {
        Memo::default()
    }
}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// The fewest letters a word cut short keeps to name the label it
/// starts ([`Vocabulary::label_cut_from`]): "Pro" opens "Programmi" alone,
/// two letters open too many words.
const CUT_LABEL_LETTERS: usize = 3;

/// The fewest words of a label's opening that name it
/// ([`Vocabulary::label_opened_by`]): one word opens too many phrases
/// ("Valore").
const HEAD_WORDS_MIN: usize = 2;

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
        // What was looked up may read otherwise with the new entry.
        self.labels_seen.clear();
        self.template_labels_seen.clear();
        self.programmes_seen.clear();
        self.missions_seen.clear();
        self.words_seen.clear();
        self.firsts_seen.clear();
        let entry = line.to_string();
        if section != "labels" && !fold(line).chars().any(char::is_alphanumeric) {
            return Err("an entry needs a letter or a digit".into());
        }
        match section {
            "labels" => {
                let phrase = self.slotted(label_phrase(line)?);
                if let Some(column) = phrase.label.column() {
                    let text = line.split_once('=').map_or("", |(_, p)| p);
                    for word in fold(text.trim()).split_whitespace() {
                        self.header_words.insert(word.to_string());
                        let columns = self.column_words.entry(word.to_string()).or_default();
                        if !columns.contains(&column) {
                            columns.push(column);
                        }
                    }
                }
                let text = line.split_once('=').map_or("", |(_, p)| p);
                self.label_words.extend(
                    fold(text)
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.chars().count() >= 5)
                        .map(str::to_string),
                );
                if phrase.label == Label::Other {
                    let text = line.split_once('=').map_or("", |(_, p)| p);
                    self.notes_words
                        .extend(text.split_whitespace().filter_map(bare_word));
                }
                self.labels.push(phrase);
            }
            "template_labels" => {
                let phrase = self.slotted(label_phrase(line)?);
                self.template_labels.push(phrase);
            }
            "templates" => self.templates.push(Signature::parse(line)?),
            "types" => self.types.push(entry),
            "units" => self.units.push(entry),
            "durations" => self.durations.push(entry),
            "no_history" => self.no_history.push(entry),
            "source_starts" => {
                // The words that open a source are known words too.
                self.known.entry(fold(line)).or_insert(entry.clone());
                self.source_starts.push(entry);
            }
            "resource_starts" => self.resource_starts.push(entry),
            "offices" => self.offices.push(entry),
            "programmes" => self.programmes.push(entry),
            "missions" => self.missions.push(entry),
            "chambers" => self.chambers.push(entry),
            "code_prefixes" => {
                let prefix = entry.trim().to_uppercase();
                if !prefix.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err("a code prefix is letters alone".into());
                }
                self.code_prefixes.push(prefix);
                self.code_prefixes
                    .sort_by_key(|p| std::cmp::Reverse(p.len()));
            }
            "words" => {
                self.known.entry(fold(line)).or_insert(entry);
            }
            "report_kinds" => self.report_kinds.push(report_kind(line)?),
            "value_cues" => self.add_value_cue(line)?,
            "" => return Err("entry before any [section]".into()),
            other => return Err(format!("unknown section [{other}]")),
        }
        let text = line.split_once('=').map_or(line, |(_, phrase)| phrase);
        self.spelt.extend(
            fold(text)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
        Ok(())
    }

    /// The phrase with the slot of its first word's check, a new one for
    /// a first word (and similarity) no other phrase has.
    fn slotted(&mut self, (mut phrase, word): (LabelPhrase, String)) -> LabelPhrase {
        let min = phrase.first_min();
        let same = |f: &FirstWord| f.word == word && f.min.to_bits() == min.to_bits();
        phrase.first_slot = match self.first_words.iter().position(same) {
            Some(slot) => slot,
            None => {
                self.first_words.push(FirstWord {
                    pattern: phrase.first.clone(),
                    word,
                    min,
                });
                self.first_words.len() - 1
            }
        };
        phrase
    }

    /// Which of the phrases' first words (bit `i`: slot `i`) the line's
    /// first word, as read and folded, may be. Lines open with the same
    /// words over and over ("Numero", "Percentuale"): each is checked
    /// against the first words once. None when the slots do not fit a
    /// bit set (a vocabulary extended with many phrases).
    fn first_checks(&self, read: &str) -> Option<u64> {
        (self.first_words.len() <= 64).then(|| {
            self.firsts_seen.get_or_key(read, || {
                let first = &Folded::fold(read);
                let passing = self.first_words.iter().enumerate().filter(|(_, f)| {
                    could_reach(first, &f.pattern, f.min)
                        && similarity_at_least(first, &f.pattern, f.min).is_some()
                });
                passing.fold(0, |bits, (slot, _)| bits | (1 << slot))
            })
        })
    }

    /// Whether the words' first word is none of the phrases' first words
    /// (of either kind), as [`Vocabulary::first_checks`] remembers it:
    /// most lines and cells open with no label, and are told apart by
    /// their first word alone, without the lookup of their words.
    fn opens_no_phrase(&self, words: &[&str]) -> bool {
        words.first().is_some_and(|read| !self.may_open_label(read))
    }

    /// Whether a word may be the first of a label phrase of either kind
    /// (as read: allowing OCR damage). False means no lookup of words
    /// opening with it can find a label.
    pub fn may_open_label(&self, word: &str) -> bool {
        self.first_checks(word) != Some(0)
    }

    /// A `states = phrase` or `filler = word` line of `[value_cues]`.
    fn add_value_cue(&mut self, line: &str) -> std::result::Result<(), String> {
        let (key, phrase) = line
            .split_once('=')
            .ok_or_else(|| "a value cue needs `states = phrase` or `filler = word`".to_string())?;
        let phrase = fold(phrase.trim());
        if phrase.is_empty() {
            return Err("a value cue needs a phrase after `=`".into());
        }
        match key.trim() {
            "states" => self.value_states.push(phrase),
            "filler" => {
                self.fillers.insert(phrase);
            }
            other => return Err(format!("unknown value cue {other:?}")),
        }
        Ok(())
    }

    /// The label that the line's first words spell, allowing OCR damage.
    pub fn label_at_start(&self, words: &[&str]) -> Option<LabelMatch> {
        if self.opens_no_phrase(words) {
            return None;
        }
        // A phrase with a word cut in two spans one word more.
        let longest = self.labels.iter().map(|p| p.words + 1).max().unwrap_or(0);
        self.labels_seen.get_or(words, longest, || {
            let mut scratch = Scratch::new(self);
            let folded = opening(self, &self.labels, words, longest, &mut scratch)?;
            self.label_in_folded(&folded, &mut scratch)
        })
    }

    /// The label, of the scheda's or the other templates', that the
    /// words start with (a table header cell, a card's label).
    pub fn template_label_at_start(&self, words: &[&str]) -> Option<LabelMatch> {
        if self.opens_no_phrase(words) {
            return None;
        }
        self.template_labels_seen
            .get_or(words, TEMPLATE_LABEL_WORDS, || {
                self.template_label_in(words)
            })
    }

    /// [`Vocabulary::template_label_at_start`], looked up.
    fn template_label_in(&self, words: &[&str]) -> Option<LabelMatch> {
        let phrases = || self.template_labels.iter().chain(&self.labels);
        let mut scratch = Scratch::new(self);
        let folded = opening(self, phrases(), words, TEMPLATE_LABEL_WORDS, &mut scratch)?;
        // Of phrases that match as well, the longest: "Algoritmo di
        // calcolo" is the label, not "Algoritmo" and a value "di calcolo".
        let mut best: Option<LabelMatch> = None;
        for phrase in phrases() {
            let Some(m) = phrase.match_start(&folded, &mut scratch, phrase.min) else {
                continue;
            };
            if best.is_none_or(|b| (m.score, m.words) > (b.score, b.words)) {
                best = Some(m);
            }
        }
        best
    }

    /// The label a word cut short is the start of ("Prog", "Program" of a
    /// header cell the page's edge cut): the one label, of the scheda's or
    /// the other templates', whose phrases that open with the word's
    /// letters (three or more) all name it. None where the word is whole
    /// a phrase's first word, or opens no phrase or phrases of two labels.
    pub fn label_cut_from(&self, word: &str) -> Option<Label> {
        let cut = fold(word);
        if cut.chars().count() < CUT_LABEL_LETTERS || !cut.chars().all(char::is_alphabetic) {
            return None;
        }
        let mut found: Option<Label> = None;
        for phrase in self.template_labels.iter().chain(&self.labels) {
            let first = phrase.text.split(' ').next().unwrap_or("");
            if first == cut {
                return None;
            }
            if !first.starts_with(&cut) {
                continue;
            }
            if found.is_some_and(|l| l != phrase.label) {
                return None;
            }
            found = Some(phrase.label);
        }
        found
    }

    /// The one label, of the scheda's or the other templates', of whose
    /// phrases the words, two or more, are the first words as read (fewer
    /// than the phrase has): a header cell whose wrapped lower line OCR
    /// lost ("% di" of "% di raggiungimento", its "raggiungimento" set on a
    /// shaded band read as debris). None where phrases of two labels open
    /// with them.
    pub fn label_opened_by(&self, words: &[&str]) -> Option<Label> {
        if words.len() < HEAD_WORDS_MIN {
            return None;
        }
        let mut found: Option<Label> = None;
        for phrase in self.template_labels.iter().chain(&self.labels) {
            let all: Vec<&str> = phrase.text.split(' ').collect();
            let Some(head) = all.get(..words.len()).filter(|_| words.len() < all.len()) else {
                continue;
            };
            if !piece_read(Some(words), head) {
                continue;
            }
            if found.is_some_and(|l| l != phrase.label) {
                return None;
            }
            found = Some(phrase.label);
        }
        found
    }

    /// The letters indicator codes open with ("KPIM", "KPI"), longest
    /// first.
    pub fn code_prefixes(&self) -> &[String] {
        &self.code_prefixes
    }

    /// The signatures the other templates are recognised by.
    pub fn templates(&self) -> &[Signature] {
        &self.templates
    }

    /// The best label the words start with: the first phrase with the
    /// highest score.
    fn label_in_folded(&self, words: &[Folded], scratch: &mut Scratch) -> Option<LabelMatch> {
        best_label(&self.labels, words, scratch)
    }
}

/// The first `most` words, folded, when one of the phrases may open
/// them: one of as many words or fewer whose first word passes. Most
/// lines open with no label, and their other words are never folded.
fn opening<'a>(
    vocab: &Vocabulary,
    phrases: impl IntoIterator<Item = &'a LabelPhrase>,
    words: &[&str],
    most: usize,
    scratch: &mut Scratch,
) -> Option<Vec<Folded>> {
    let count = words.len().min(most);
    let read = words.first().filter(|_| count > 0)?;
    let first = Folded::fold(read);
    if let Some(bits) = vocab.first_checks(read) {
        scratch.checked(bits);
    }
    let opens = phrases
        .into_iter()
        .any(|p| p.words <= count && p.first_passes(&first, scratch));
    if !opens {
        return None;
    }
    let mut folded = Vec::with_capacity(count);
    folded.push(first);
    folded.extend(words[1..count].iter().map(|w| Folded::fold(w)));
    Some(folded)
}

/// The best of `phrases` that the words start with: the first with the
/// highest score, and of those that score as well the longest
/// ("Obiettivo strategico" over "Obiettivo" and a value "strategico").
fn best_label<'a>(
    phrases: impl IntoIterator<Item = &'a LabelPhrase>,
    words: &[Folded],
    scratch: &mut Scratch,
) -> Option<LabelMatch> {
    let mut best: Option<LabelMatch> = None;
    for phrase in phrases {
        let Some(m) = phrase.match_start(words, scratch, phrase.min) else {
            continue;
        };
        if best.is_none_or(|b| (m.score, m.words) > (b.score, b.words)) {
            best = Some(m);
        }
    }
    best
}

impl Vocabulary {
    /// Every label phrase found anywhere in the line.
    pub fn labels_in(&self, words: &[&str]) -> Vec<LabelMatch> {
        let folded: Vec<Folded> = words.iter().map(|w| Folded::fold(w)).collect();
        let mut scratch = Scratch::new(self);
        (0..folded.len())
            .filter_map(|start| {
                scratch.next_words();
                self.label_in_folded(&folded[start..], &mut scratch)
            })
            .collect()
    }

    /// The first of [`labels_in`](Self::labels_in) whose kind `kinds`
    /// accepts and whose score is at least `min` (used for table headers).
    pub fn find_label_in(
        &self,
        words: &[&str],
        kinds: impl Fn(Label) -> bool,
        min: f64,
    ) -> Option<LabelMatch> {
        let folded: Vec<Folded> = words.iter().map(|w| Folded::fold(w)).collect();
        let mut scratch = Scratch::new(self);
        (0..folded.len()).find_map(|start| {
            let words = &folded[start..];
            scratch.next_words();
            // The best label here is one of the phrases' matches: unless a
            // wanted phrase matches well enough, it cannot be wanted. Those
            // few phrases are checked first.
            let possible = self
                .labels
                .iter()
                .filter(|p| kinds(p.label))
                .any(|p| p.match_start(words, &mut scratch, p.min.max(min)).is_some());
            if !possible {
                return None;
            }
            self.label_in_folded(words, &mut scratch)
                .filter(|m| kinds(m.label) && m.score >= min)
        })
    }

    /// How many of the words (fewer than the phrase has) are the first
    /// words of one of `label`'s phrases, as read: the head of a label
    /// that its narrow cell wrapped ("CODICE" of "CODICE / OBIETTIVO"),
    /// its value beside it. The shortest such head.
    pub fn label_head(&self, words: &[&str], label: Label) -> Option<usize> {
        self.label_pieces(label, |p, k| p.split(' ').take(k).collect())
            .filter(|piece| piece_read(words.get(..piece.len()), piece))
            .map(|piece| piece.len())
            .min()
    }

    /// The rest of one of `label`'s phrases whose first words the words
    /// are, all of them, as read ("Periodo di" -> "realizzazione",
    /// folded): a label whose wrapped tail OCR lost.
    pub fn label_rest(&self, words: &[&str], label: Label) -> Option<Vec<&str>> {
        let phrases = self.labels.iter().filter(|p| p.label == label);
        phrases.into_iter().find_map(|p| {
            let all: Vec<&str> = p.text.split(' ').collect();
            let head = all.get(..words.len()).filter(|_| words.len() < all.len())?;
            piece_read(Some(words), head).then(|| all[words.len()..].to_vec())
        })
    }

    /// Whether the words, all of them, are the last words of one of
    /// `label`'s phrases (fewer than it has), as read: the rest of a label
    /// its narrow cell wrapped onto a line of its own ("OBIETTIVO").
    pub fn is_label_tail(&self, words: &[&str], label: Label) -> bool {
        self.label_pieces(label, |p, k| p.split(' ').skip(k).collect())
            .any(|piece| piece.len() == words.len() && piece_read(Some(words), &piece))
    }

    /// Each of `label`'s phrases cut after each of its words but the
    /// last, `piece` taking one side of the cut.
    fn label_pieces<'a>(
        &'a self,
        label: Label,
        piece: impl Fn(&'a str, usize) -> Vec<&'a str> + 'a,
    ) -> impl Iterator<Item = Vec<&'a str>> + 'a {
        let phrases = self.labels.iter().filter(move |p| p.label == label);
        phrases.flat_map(move |p| (1..p.words).map(|k| piece(&p.text, k)).collect::<Vec<_>>())
    }

    /// Whether a line is pieces of the "Se altro, indicare qui" row alone
    /// ("Se altro, Se altro, indicare qui", "qui", "indicare qui |qui"):
    /// every word one of that phrase's, cell borders aside.
    pub fn is_notes_debris(&self, words: &[&str]) -> bool {
        let mut bare = words.iter().filter_map(|w| bare_word(w)).peekable();
        bare.peek().is_some() && bare.all(|w| self.notes_words.contains(&w))
    }

    /// Whether a word is one of the scheda labels' longer words
    /// ("Responsabilità", "finanziarie").
    pub fn is_label_word(&self, word: &str) -> bool {
        self.label_words.contains(&fold(word))
    }

    /// Whether a word is one of the table headers' words.
    pub fn is_header_word(&self, word: &str) -> bool {
        self.header_words.contains(&fold(word))
    }

    /// Whether a word is a header word that only `column`'s phrases use
    /// ("consuntivo" for the actual value's column).
    pub fn names_only(&self, word: &str, column: Column) -> bool {
        self.column_words
            .get(&fold(word))
            .is_some_and(|columns| columns == &[column])
    }

    /// Whether a word is one of `column`'s header words, alone or shared
    /// with other columns ("valore" for the actual value's column).
    pub fn column_uses(&self, word: &str, column: Column) -> bool {
        self.column_words
            .get(&fold(word))
            .is_some_and(|columns| columns.contains(&column))
    }

    /// Whether a word of five letters or more is `column`'s header word or
    /// its start ("OSSERVAT", cut off "osservato"): a header's wrapped
    /// line read into the column's first cell.
    pub fn opens_column_word(&self, word: &str, column: Column) -> bool {
        let word = fold(word);
        word.chars().count() >= 5
            && word.chars().all(char::is_alphabetic)
            && self
                .column_words
                .iter()
                .any(|(w, columns)| w.starts_with(&word) && columns.contains(&column))
    }

    /// The canonical type word a token spells ("ESTERMA" -> "ESTERNA").
    pub fn type_word(&self, token: &str) -> Option<&str> {
        self.types.best(token, 0.75)
    }

    /// The canonical unit a token spells ("MUMERICO" -> "NUMERICO").
    pub fn unit_word(&self, token: &str) -> Option<&str> {
        self.units.best(token, 0.75)
    }

    /// Whether a folded word is known (from the vocabulary's `[words]` and
    /// `[source_starts]`).
    pub fn is_known(&self, folded: &str) -> bool {
        self.known.contains_key(folded)
    }

    /// Whether a folded word is Italian ([`is_italian`]) or the
    /// vocabulary's ([`Vocabulary::is_known`]): a report repeats its
    /// words, and the word list is bisected once for each.
    pub fn knows_word(&self, folded: &str) -> bool {
        self.words_seen
            .get_or_key(folded, || is_italian(folded) || self.is_known(folded))
    }

    /// Whether a folded word is one an entry of any section spells
    /// ("vigilanza" of a programme's name).
    pub fn spells(&self, folded: &str) -> bool {
        self.spelt.contains(folded)
    }

    /// The kind of report the words name, by a phrase of `[report_kinds]`
    /// among them ("P.I.R.A. 2021 - Rendicontazione"); None when they
    /// name none, or both.
    pub fn kind_named(&self, words: &[&str]) -> Option<ReportKind> {
        let folded: Vec<String> = words.iter().map(|w| bare_folded(w)).collect();
        let named = |phrase: &[String]| {
            !phrase.is_empty() && folded.windows(phrase.len()).any(|w| w == phrase)
        };
        let mut kinds = self
            .report_kinds
            .iter()
            .filter(|(_, phrase)| named(phrase))
            .map(|(kind, _)| *kind);
        let first = kinds.next()?;
        kinds.all(|k| k == first).then_some(first)
    }

    /// Every known word, folded.
    pub fn known_words(&self) -> impl Iterator<Item = &str> {
        self.known.keys().map(String::as_str)
    }

    /// The printed form of a known word, given its folded form.
    pub fn printed(&self, folded: &str) -> Option<&str> {
        self.known.get(folded).map(String::as_str)
    }

    /// Whether a text ends on a phrase that introduces the number a
    /// clause states ("Le nuove agenzie convenzionate sono", "pari a").
    pub fn ends_on_value_cue(&self, text: &str) -> bool {
        let folded = fold(text.trim_end());
        self.value_states.iter().any(|phrase| {
            folded.strip_suffix(phrase.as_str()).is_some_and(|before| {
                let symbol = !phrase.starts_with(char::is_alphanumeric);
                symbol || before.is_empty() || before.ends_with(|c: char| !c.is_alphanumeric())
            })
        })
    }

    /// Whether a word names nothing a number counts ("delle", "almeno").
    pub fn is_filler(&self, word: &str) -> bool {
        self.fillers.contains(&fold(word))
    }

    /// Whether a cell text says the indicator has no earlier value.
    pub fn is_no_history(&self, text: &str) -> bool {
        let t = Folded::fold(text);
        self.no_history
            .0
            .iter()
            .any(|e| similarity_at_least(&t, &e.pattern, 0.8).is_some())
    }

    /// The byte range of a no-history phrase ("nuova attività") in a text.
    pub fn no_history_span(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let words: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        for start in 0..words.len() {
            for phrase in &self.no_history.0 {
                let n = phrase.folded.split_whitespace().count();
                let Some(window) = words.get(start..start + n).filter(|w| !w.is_empty()) else {
                    continue;
                };
                let joined = fold(&window.iter().map(|w| w.1).collect::<Vec<_>>().join(" "));
                let joined = Folded::new(&joined);
                if similarity_at_least(&joined, &phrase.pattern, 0.85).is_some() {
                    let (first, last) = (window[0], window[n - 1]);
                    return Some(first.0..last.0 + last.1.len());
                }
            }
        }
        None
    }

    /// Whether a word opens a no-history phrase of several words ("nuova"
    /// of "nuova attività"): a cell wrapped after it goes on with the rest.
    pub fn opens_no_history(&self, word: &str) -> bool {
        let word = fold(word);
        self.no_history.0.iter().any(|t| {
            let mut words = t.printed.split_whitespace().map(fold);
            words.next().is_some_and(|first| first == word) && words.next().is_some()
        })
    }

    /// The no-history phrase ("nuova attività") whose words a text holds
    /// in order, possibly with other words between them: a cell that
    /// swallowed an "Ultimo valore osservato" cell beside it.
    pub fn no_history_words_in(&self, text: &str) -> Option<&str> {
        let words: Vec<String> = text.split_whitespace().map(fold).collect();
        self.no_history
            .0
            .iter()
            .map(|t| t.printed.as_str())
            .find(|phrase| {
                let mut rest = words.iter();
                let mut wanted = phrase.split_whitespace().map(fold).peekable();
                wanted.peek().is_some() && wanted.all(|w| rest.any(|x| *x == w))
            })
    }

    /// Whether a word opens the text of a scheda's "Risorse finanziarie"
    /// ("Bilancio", "Budget").
    pub fn is_resource_start(&self, word: &str) -> bool {
        self.resource_starts.contains_folded(&fold(word))
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

    /// The official programme name a text spells, allowing the damage OCR
    /// does to long names (letters of several words lost).
    pub fn programme(&self, text: &str) -> Option<&str> {
        let found = self
            .programmes_seen
            .get_or_key(text, || self.programmes.best_index(text, 0.75));
        Some(self.programmes.0.get(found?)?.printed.as_str())
    }

    /// The official mission name a text spells, allowing the damage OCR
    /// does to it ("Commercio intenzionale ed internazionalizzazione ...").
    pub fn mission(&self, text: &str) -> Option<&str> {
        let found = self
            .missions_seen
            .get_or_key(text, || self.missions.best_index(text, 0.75));
        Some(self.missions.0.get(found?)?.printed.as_str())
    }

    /// The chamber of commerce a city, as read, names: itself when the
    /// vocabulary has it, else the nearest within an OCR slip or two
    /// ("Bresaa" -> "Brescia"), else none.
    pub fn chamber(&self, city: &str) -> Option<&str> {
        let folded = fold(city);
        if let Some(same) = self.chambers.0.iter().find(|t| t.folded == folded) {
            return Some(same.printed.as_str());
        }
        self.chambers.best(city, 0.7)
    }
}

/// A `kind = phrase` line of `[report_kinds]`.
fn report_kind(line: &str) -> std::result::Result<(ReportKind, Vec<String>), String> {
    let (key, phrase) = line
        .split_once('=')
        .ok_or_else(|| "a report kind needs `kind = phrase`".to_string())?;
    let kind = match key.trim() {
        "final_account" => ReportKind::FinalAccount,
        "budget_plan" => ReportKind::BudgetPlan,
        other => return Err(format!("unknown report kind {other:?}")),
    };
    let words: Vec<String> = phrase.split_whitespace().map(bare_folded).collect();
    if words.iter().any(String::is_empty) || words.is_empty() {
        return Err("a report kind needs a phrase of words after `=`".into());
    }
    Ok((kind, words))
}

/// A word folded, without the marks around it ("(Rendicontazione)," ->
/// "rendicontazione").
fn bare_folded(word: &str) -> String {
    fold(word.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// A `key = phrase` line of a labels section.
/// The phrase, with its first word (its slot not given yet).
fn label_phrase(line: &str) -> std::result::Result<(LabelPhrase, String), String> {
    let (key, phrase) = line
        .split_once('=')
        .ok_or_else(|| "a label needs `key = phrase`".to_string())?;
    let label =
        Label::from_key(key.trim()).ok_or_else(|| format!("unknown label key {:?}", key.trim()))?;
    let joined = fold(phrase.trim());
    if joined.is_empty() {
        return Err("a label needs a phrase after `=`".into());
    }
    let first = joined.split_whitespace().next().unwrap_or_default();
    let phrase = LabelPhrase {
        label,
        words: joined.split_whitespace().count(),
        text: joined.clone(),
        first: Pattern::new(first),
        joined: Pattern::new(&joined),
        min: threshold(&joined),
        first_slot: 0,
    };
    Ok((phrase, first.to_string()))
}

/// Where a template's labels stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// All in the header row of one table.
    Header,
    /// Each opening some line of the report.
    Labels,
}

/// How a template is recognised: the labels it prints, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub template: Template,
    pub evidence: Evidence,
    pub labels: Vec<Label>,
}

impl Signature {
    /// `kpi-table = header: objective kpi target`.
    fn parse(line: &str) -> std::result::Result<Signature, String> {
        let (name, rest) = line
            .split_once('=')
            .ok_or_else(|| "a template needs `name = header|labels: keys`".to_string())?;
        let template = match name.trim() {
            "kpi-table" => Template::KpiTable,
            "matrix" => Template::Matrix,
            "card" => Template::Card,
            other => return Err(format!("unknown template {other:?}")),
        };
        let (evidence, keys) = rest
            .split_once(':')
            .ok_or_else(|| "a template needs `header:` or `labels:` before its keys".to_string())?;
        let evidence = match evidence.trim() {
            "header" => Evidence::Header,
            "labels" => Evidence::Labels,
            other => return Err(format!("unknown template evidence {other:?}")),
        };
        let labels = keys
            .split_whitespace()
            .map(|k| Label::from_key(k).ok_or_else(|| format!("unknown label key {k:?}")))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if labels.is_empty() {
            return Err("a template needs at least one label key".into());
        }
        Ok(Signature {
            template,
            evidence,
            labels,
        })
    }
}

fn vocab_error(detail: String, line: &str, index: usize) -> Error {
    Error::new(ErrorKind::Vocabulary {
        detail,
        text: line.to_string(),
    })
    .at_line(index as u32 + 1)
}

/// Whether the words read are the folded words of a piece of a label
/// phrase, allowing OCR damage as the piece's length does.
fn piece_read(read: Option<&[&str]>, piece: &[&str]) -> bool {
    let Some(read) = read.filter(|r| !r.is_empty()) else {
        return false;
    };
    let piece = piece.join(" ");
    similarity(&fold(&read.join(" ")), &piece) >= threshold(&piece)
}

/// Looser matching for longer phrases: OCR damages a few letters of many.
fn threshold(phrase: &str) -> f64 {
    match phrase.chars().count() {
        0..=5 => 0.8,
        6..=9 => 0.72,
        _ => 0.7,
    }
}

/// Canonical terms of one vocabulary section.
#[derive(Debug, Clone, Default)]
struct Terms(Vec<Term>);

/// A term as printed, folded, and prepared for fuzzy comparison.
#[derive(Debug, Clone)]
struct Term {
    printed: String,
    folded: String,
    pattern: Pattern,
}

impl Terms {
    fn push(&mut self, printed: String) {
        let folded = fold(&printed);
        let pattern = Pattern::new(&folded);
        self.0.push(Term {
            printed,
            folded,
            pattern,
        });
    }

    fn contains_folded(&self, folded: &str) -> bool {
        self.0.iter().any(|t| t.folded == folded)
    }

    /// The term a token spells, allowing OCR damage.
    fn best(&self, token: &str, min: f64) -> Option<&str> {
        let i = self.best_index(token, min)?;
        Some(self.0[i].printed.as_str())
    }

    /// The index of the term a token spells, allowing OCR damage.
    fn best_index(&self, token: &str, min: f64) -> Option<usize> {
        let t = fold(token.trim_matches(|c: char| !c.is_alphanumeric() && c != '/'));
        let folded = Folded::new(&t);
        if folded.len() < 4 {
            return self
                .0
                .iter()
                .position(|term| term.folded == t && !t.is_empty());
        }
        self.0
            .iter()
            .enumerate()
            .filter(|(_, term)| lengths_allow(folded.len(), term.pattern.len(), min))
            .filter_map(|(i, term)| Some((i, similarity_at_least(&folded, &term.pattern, min)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }
}

/// A word folded, without the punctuation around it ("|indicare" and
/// "altro," give "indicare" and "altro"); None when nothing is left.
fn bare_word(word: &str) -> Option<String> {
    let folded = fold(word);
    let bare = folded.trim_matches(|c: char| !c.is_alphanumeric());
    (!bare.is_empty()).then(|| bare.to_string())
}

/// Lower-case, accents and trailing apostrophes folded ("Qualita'" and
/// "QUALITÀ" both give "qualita"); inner punctuation kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`]'s text of `s` written after `out`'s (many words folded
/// into one buffer).
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    if s.is_ascii() {
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(folded_chars(s));
    }
    let kept = out[start..].trim_end_matches('\'').len();
    out.truncate(start + kept);
}

/// The characters of `s` lower-cased, without accents, typographic
/// apostrophes plain: [`fold`] before it trims trailing apostrophes.
fn folded_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase).map(plain_vowel)
}

/// An accented vowel without its accent, a typographic apostrophe as `'`.
fn plain_vowel(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        '’' | '‘' => '\'',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        line: &'static str,
        want: Option<Label>,
    }

    /// A header word the page's edge cut names the one label it starts
    /// (DEV browser-printed kpi-table 192: "Prog"); a whole word, too few
    /// letters or the start of two labels' words name none.
    #[test]
    fn a_word_cut_short_names_the_one_label_it_starts() {
        let v = Vocabulary::builtin();
        let cases = [
            Case {
                line: "Prog",
                want: Some(Label::Programme),
            },
            Case {
                line: "Program",
                want: Some(Label::Programme),
            },
            Case {
                line: "Missio",
                want: Some(Label::Mission),
            },
            Case {
                line: "Programma",
                want: None,
            },
            Case {
                line: "Pr",
                want: None,
            },
            Case {
                line: "Valo",
                want: None,
            },
            Case {
                line: "Note",
                want: None,
            },
        ];
        for case in cases {
            assert_eq!(v.label_cut_from(case.line), case.want, "{}", case.line);
        }
    }

    /// A header cell whose lower line OCR lost names the one label whose
    /// phrases open with its words, two or more (DEV image-only
    /// kpi-table scan 307: "% di" over a lost "raggiungimento").
    #[test]
    fn a_labels_first_words_name_it() {
        let v = Vocabulary::builtin();
        let cases = [
            Case {
                line: "% di",
                want: Some(Label::Achievement),
            },
            Case {
                line: "Periodo di",
                want: Some(Label::TimeFrame),
            },
            Case {
                line: "Valore",
                want: None,
            },
            Case {
                line: "Codice e",
                want: Some(Label::Kpi),
            },
            Case {
                line: "Peso %",
                want: None,
            },
        ];
        for case in cases {
            let words: Vec<&str> = case.line.split(' ').collect();
            assert_eq!(v.label_opened_by(&words), case.want, "{}", case.line);
        }
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
                want: Some(Label::Column(Column::Algorithm)),
            },
            Case {
                line: "Ultimo valore ossemnvato",
                want: Some(Label::Column(Column::LastObserved)),
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
                want: Some(Label::Column(Column::Actual)),
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
    fn other_offices_wording_is_recognised() {
        use Column::*;
        let v = Vocabulary::builtin();
        let cases = [
            (
                "Arco temporale di realizzazione ANNO 2020",
                Label::TimeFrame,
            ),
            ("Periodo di realizzazione 2020-2022", Label::TimeFrame),
            ("Fonte del dato REPORT", Label::Column(DataSource)),
            ("Metodo di calcolo numero", Label::Column(Algorithm)),
            ("Ciò che misura il numero", Label::Measures),
            ("Risultato atteso 2021 100%", Label::Column(Target)),
            ("Target 2021 100%", Label::Column(Target)),
            ("Valore consuntivo 95%", Label::Column(Actual)),
            ("Valori consuntivi 95%", Label::Column(Actual)),
            ("Valore a consuntivo 95%", Label::Column(Actual)),
            ("Valore osservato al 31/12/2020", Label::Column(Actual)),
            ("Ultimo valore osservato 12", Label::Column(LastObserved)),
            ("Numero indicatori 2", Label::DeclaredIndicators),
            ("N. indicatori 2", Label::DeclaredIndicators),
        ];
        for (line, want) in cases {
            let words: Vec<&str> = line.split_whitespace().collect();
            let got = v.label_at_start(&words).map(|m| m.label);
            assert_eq!(got, Some(want), "line {line:?}");
        }
    }

    #[test]
    fn find_label_in_is_the_first_wanted_of_labels_in() {
        let v = Vocabulary::builtin();
        let sample = include_str!("../fixtures/000_b2d698d42f0df24e.txt");
        let kinds: [fn(Label) -> bool; 3] = [
            Label::is_table_header,
            |l| l == Label::Column(Column::Actual),
            |l| l != Label::Other,
        ];
        let mut found = 0;
        for line in sample.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            for kind in kinds {
                for min in [0.0, 0.75, 0.9] {
                    let want = v
                        .labels_in(&words)
                        .into_iter()
                        .find(|m| kind(m.label) && m.score >= min);
                    assert_eq!(v.find_label_in(&words, kind, min), want, "{line:?}");
                    found += usize::from(want.is_some());
                }
            }
        }
        assert!(found > 100, "only {found} labels found in the sample");
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
    fn programmes_and_chambers_snap_within_ocr_damage() {
        let v = Vocabulary::builtin();
        let official =
            "Servizi generali, formativi ed approvvigionamenti per le amministrazioni pubbliche";
        assert_eq!(
            v.programme("Servizi generali, formativi ed app igi i per le ini ioni pubbliche"),
            Some(official)
        );
        assert_eq!(
            v.programme("Indirizzo politico"),
            Some("Indirizzo politico")
        );
        assert_eq!(v.programme("Regolazione dei mercati"), None);
        let mission = "Commercio internazionale ed internazionalizzazione del sistema produttivo";
        assert_eq!(
            v.mission("Commercio intenzionale ed internazionalizzazione del sistema produttivo"),
            Some(mission)
        );
        assert_eq!(
            v.mission("Regolazione dei mercati"),
            Some("Regolazione dei mercati")
        );
        assert_eq!(v.mission("Indirizzo politico"), None);
        assert_eq!(v.chamber("Bresaa"), Some("Brescia"));
        assert_eq!(v.chamber("COMO"), Some("Como"));
        assert_eq!(v.chamber("Roma"), Some("Roma"));
        assert_eq!(v.chamber("Atlantide"), None);
    }

    #[test]
    fn user_vocabulary_is_checked() {
        let mut v = Vocabulary::builtin();
        assert!(v.extend("[units]\nKILOMETRI\n").is_ok());
        assert_eq!(v.unit_word("KILOMETRl"), Some("KILOMETRI"));
        let err = v.extend("[labels]\nnope = Something\n").unwrap_err();
        assert!(err.to_string().contains("unknown label key"), "{err}");
        assert!(v.extend("stray\n").is_err());
        let err = v.extend("[labels]\ntitle =\n").unwrap_err();
        assert!(err.to_string().contains("needs a phrase"), "{err}");
    }

    #[test]
    fn entries_without_letters_are_refused_by_line() {
        for entry in ["'", "’", "''", "-", "..."] {
            for section in [
                "no_history",
                "units",
                "words",
                "offices",
                "programmes",
                "missions",
                "chambers",
            ] {
                let mut v = Vocabulary::builtin();
                let text = format!("# mine\n[{section}]\nNUOVA\n{entry}\n");
                let err = v.extend(&text).expect_err(entry);
                assert_eq!(err.position().line, Some(4), "{err}");
                assert!(err.to_string().contains("a letter or a digit"), "{err}");
            }
        }
    }

    #[test]
    fn an_empty_no_history_phrase_matches_nothing() {
        let mut v = Vocabulary::builtin();
        v.no_history.push("'".into());
        assert_eq!(v.no_history_span("dato da rilevare"), None);
        assert!(v.no_history_span("nuova attività").is_some());
    }

    #[test]
    fn a_label_word_cut_by_a_space_still_names_the_label() {
        let v = Vocabulary::builtin();
        let actual = Label::Column(Column::Actual);
        let last = Label::Column(Column::LastObserved);
        let cases = [
            // DEV scan 161.
            ("Valore a C onsuntivo 56,40%", Some((actual, 4))),
            // A label read whole keeps its own words: no value joins it.
            ("Ultimo valore osservato 37", Some((last, 3))),
            ("Target 50%", Some((Label::Column(Column::Target), 1))),
            ("Valore della produzione", None),
            // A value word beside a label is no piece of a word of it.
            ("Unità di % misura", None),
        ];
        for (line, want) in cases {
            let words: Vec<&str> = line.split_whitespace().collect();
            let got = v.label_at_start(&words).filter(|m| m.score >= 0.8);
            assert_eq!(got.map(|m| (m.label, m.words)), want, "{line}");
        }
    }

    #[test]
    fn a_wrapped_labels_head_and_tail_are_told() {
        let v = Vocabulary::builtin();
        let code = Label::ObjectiveCode;
        assert_eq!(v.label_head(&["CODICE", "011-005-001"], code), Some(1));
        assert_eq!(v.label_head(&["Missione", "011-005-001"], code), None);
        assert!(v.is_label_tail(&["OBIETTIVO"], code));
        assert!(!v.is_label_tail(&["OBIETTIVO", "ATTIVITÀ"], code));
        assert!(!v.is_label_tail(&["CODICE"], code));
    }

    #[test]
    fn a_scheda_label_takes_its_longest_phrase() {
        let v = Vocabulary::builtin();
        // "Obiettivo strategico" is one label: "strategico" is no title's.
        let cases: [(&[&str], Label, usize); 3] = [
            (
                &["OBIETTIVO", "STRATEGICO:", "TITOLO:", "ACCESSO"],
                Label::Objective,
                2,
            ),
            (
                &["Obiettivo", "strategico", "RIDUZIONE"],
                Label::Objective,
                2,
            ),
            (
                &["Obiettivo", "RIDUZIONE", "DEI", "TEMPI"],
                Label::Objective,
                1,
            ),
        ];
        for (words, label, n) in cases {
            let m = v.label_at_start(words).expect("a label");
            assert_eq!((m.label, m.words), (label, n), "{words:?}");
        }
    }

    #[test]
    fn template_headers_take_their_longest_label() {
        let v = Vocabulary::builtin();
        let cases = [
            ("KPI", Some(Label::Kpi)),
            ("Indicatore (KPI)", Some(Label::Kpi)),
            ("Codice e descrizione", Some(Label::Kpi)),
            ("% di raggiungimento", Some(Label::Achievement)),
            ("Consuntivo 2020", Some(Label::Column(Column::Actual))),
            ("Missioni", Some(Label::Mission)),
            ("Obiettivi", Some(Label::Objective)),
            ("Tipologia indicatore", Some(Label::Column(Column::Type))),
            ("Stanziamenti in c/competenza", Some(Label::Allocations)),
            ("KPI156 Grado di soddisfazione", None),
        ];
        for (cell, want) in cases {
            let words: Vec<&str> = cell.split_whitespace().collect();
            let got = v.template_label_at_start(&words).filter(|m| m.score >= 0.8);
            assert_eq!(got.map(|m| m.label), want, "{cell}");
        }
        // "Algoritmo di calcolo" is one label, not "Algoritmo" and a value.
        let words = ["Algoritmo", "di", "calcolo", "conteggio"];
        assert_eq!(v.template_label_at_start(&words).map(|m| m.words), Some(3));
        // The templates' labels are no scheda label.
        assert_eq!(v.label_at_start(&["KPI"]), None);
    }

    #[test]
    fn template_signatures_are_checked() {
        let v = Vocabulary::builtin();
        let names: Vec<Template> = v.templates().iter().map(|s| s.template).collect();
        assert_eq!(
            names,
            [Template::KpiTable, Template::Matrix, Template::Card]
        );
        let mut mine = Vocabulary::builtin();
        assert!(mine
            .extend("[templates]\nmatrix = header: objective target\n")
            .is_ok());
        for (line, error) in [
            ("wide = header: objective", "unknown template"),
            ("matrix = objective target", "`header:` or `labels:`"),
            ("matrix = rows: objective", "unknown template evidence"),
            ("matrix = header: nothing", "unknown label key"),
            ("matrix = header:", "at least one label key"),
        ] {
            let err = mine.extend(&format!("[templates]\n{line}\n")).unwrap_err();
            assert!(err.to_string().contains(error), "{line}: {err}");
        }
    }

    #[test]
    fn value_cues_end_a_clause_on_whole_words() {
        let v = Vocabulary::builtin();
        assert!(v.ends_on_value_cue("Le nuove agenzie sono "));
        assert!(v.ends_on_value_cue("le spese sono state pari a"));
        assert!(v.ends_on_value_cue("12 + 9 ="));
        assert!(v.ends_on_value_cue("Il totale È"));
        assert!(!v.ends_on_value_cue("le imprese possono"));
        assert!(!v.ends_on_value_cue("nuove agenzie"));
        assert!(v.is_filler("Delle") && !v.is_filler("agenzie"));
        let mut bad = Vocabulary::builtin();
        assert!(bad.extend("[value_cues]\nsays = sono").is_err());
        assert!(bad.extend("[value_cues]\nstates =").is_err());
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("QUALITÀ"), "qualita");
        assert_eq!(fold("Qualita'"), "qualita");
        assert_eq!(fold("Unità di misura"), "unita di misura");
        assert_eq!(fold("DELL’ENTE’’"), "dell'ente");
        assert_eq!(fold("İ"), "i\u{307}");
    }

    #[test]
    fn remembered_lookups_answer_as_the_phrases_do() {
        let mut v = Vocabulary::builtin();
        let cell = ["Fonte", "del", "dato", "interna"];
        let first = v.template_label_at_start(&cell);
        assert_eq!(
            first.map(|m| (m.label, m.words)),
            Some((Label::Column(Column::DataSource), 3))
        );
        assert_eq!(v.template_label_at_start(&cell), first);
        // Words after the label leave it as it is.
        let longer = ["Fonte", "del", "dato", "interna", "a", "b", "c", "d"];
        assert_eq!(v.template_label_at_start(&longer), first);
        // A label added after a lookup is found by the next.
        let unknown = ["Zorglub", "quantico"];
        assert_eq!(v.label_at_start(&unknown), None);
        assert_eq!(v.template_label_at_start(&unknown), None);
        v.extend("[labels]\ndata_source = Zorglub quantico")
            .unwrap();
        assert_eq!(
            v.label_at_start(&unknown).map(|m| m.label),
            Some(Label::Column(Column::DataSource))
        );
        assert_eq!(
            v.template_label_at_start(&unknown).map(|m| m.label),
            Some(Label::Column(Column::DataSource))
        );
        // A programme looked up again answers the same; one added after a
        // lookup is found by the next.
        let damaged = "Servizi generali, formativi ed app igi i per le ini ioni pubbliche";
        let found = v.programme(damaged).map(str::to_string);
        assert!(found.is_some());
        assert_eq!(v.programme(damaged).map(str::to_string), found);
        assert_eq!(v.programme("Regolazione dei mercati"), None);
        v.extend("[programmes]\nRegolazione dei mercati").unwrap();
        assert_eq!(
            v.programme("Regolazione dei mercati"),
            Some("Regolazione dei mercati")
        );
    }

    #[test]
    fn phrases_opening_alike_share_their_first_words_check() {
        let v = Vocabulary::builtin();
        let slots = |word: &str| -> Vec<usize> {
            v.labels
                .iter()
                .chain(&v.template_labels)
                .filter(|p| p.words > 1 && v.first_words[p.first_slot].word == word)
                .map(|p| p.first_slot)
                .collect()
        };
        // "Valore atteso", "Valore a consuntivo", ...: one check.
        let valore = slots("valore");
        assert!(valore.len() >= 2, "{valore:?}");
        assert!(valore.iter().all(|s| *s == valore[0]));
        assert!(v.first_words.len() < v.labels.len() + v.template_labels.len());
    }

    #[test]
    fn lookups_answer_alike_past_the_remembered_first_words() {
        // More first words than the remembered checks hold: each lookup
        // checks them itself, and finds the same labels.
        let mut many = Vocabulary::builtin();
        let extra: String = (0..70)
            .map(|i| format!("indicator = Zorglub{i} quantico\n"))
            .collect();
        many.extend(&format!("[template_labels]\n{extra}")).unwrap();
        assert!(many.first_words.len() > 64);
        let builtin = Vocabulary::builtin();
        for cell in [
            &["Fonte", "del", "dato", "interna"][..],
            &["Valore", "atteso"],
            &["Algontmo", "di", "calcolo"],
            &["Titalo"],
            &["Incrementare", "le", "imprese"],
        ] {
            assert_eq!(many.label_at_start(cell), builtin.label_at_start(cell));
            assert_eq!(
                many.template_label_at_start(cell),
                builtin.template_label_at_start(cell)
            );
        }
        assert_eq!(
            many.template_label_at_start(&["Zorglub69", "quantico"])
                .map(|m| m.label),
            Some(Label::Indicator)
        );
    }

    #[test]
    fn known_words_are_the_lists_and_the_vocabularys_and_an_extension_is_seen() {
        let mut v = Vocabulary::builtin();
        assert!(v.knows_word("imprese"));
        assert!(v.knows_word("imprese"), "remembered alike");
        assert!(!v.knows_word("zzqxwv"));
        v.extend("[words]\nzzqxwv\n").expect("valid entry");
        assert!(v.knows_word("zzqxwv"));
    }

    #[test]
    fn memo_keys_tell_word_lists_apart() {
        assert_eq!(memo_key(&["abcdefghijkl", "c"]), "12:abcdefghijkl1:c");
        assert_ne!(memo_key(&["ab", "c"]), memo_key(&["a", "bc"]));
        assert_ne!(memo_key(&["a:b"]), memo_key(&["a", "b"]));
        assert_ne!(memo_key(&["1:a"]), memo_key(&["1", "a"]));
        assert_eq!(memo_key(&["Fonte", "del"]), memo_key(&["Fonte", "del"]));
    }
}
