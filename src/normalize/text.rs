//! Conservative fixes of OCR letter confusions in free text. A word is
//! changed only when it is unknown and one known confusion (rn/m, w/vv,
//! n/m, n/r, |/l, li/il, a lost apostrophe or space) turns it into a known
//! word: a word of the vocabulary, or one that recurs in the document
//! itself. A real Italian word ([`crate::vocab::is_italian`], a full word
//! list) is never changed: "Al lordo" stays, though "AI" is an acronym
//! the vocabulary knows. A space OCR put inside a word ("TE MPI") goes
//! when a part is no word and the two join into one. The one rule that
//! looks past a word, the article before a noun ("del servizi" -> "dei
//! servizi"), is grammar, not a spelling fix.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::model::CorrectionRule;

use crate::vocab::{fold, fold_into, is_italian, opens_italian_word, Vocabulary};
use crate::{FastMap, FastSet};

/// How often a word must recur in a document to count as known.
const RECURRING: usize = 3;
/// Letters each part of a word OCR split in two has at least: a lone
/// letter is a word of its own.
const SPLIT_PART_MIN: usize = 2;

/// The words pira trusts for one document.
#[derive(Debug, Clone)]
pub struct Lexicon<'v> {
    vocab: &'v Vocabulary,
    /// Words recurring in the document: folded form to a printed form.
    recurring: FastMap<String, String>,
    /// Skeletons of the known words: a word whose skeleton is not here is
    /// no confusion away from any of them.
    skeletons: FastSet<String>,
    /// The vocabulary's words with an apostrophe, by their folded letters
    /// alone: "certo" -> "Cert'O".
    unelided: FastMap<String, String>,
    /// Words already looked at, and their fix: documents repeat themselves.
    seen: RefCell<FastMap<(String, bool), Option<WordFix>>>,
    /// Whole texts already fixed: a table repeats its cells row after row
    /// (indicator titles, algorithms, grouping cells), and a text's fix
    /// depends on nothing else.
    fixed: RefCell<FastMap<String, Fixed>>,
}

/// A text fixed, and the changes made.
type Fixed = (String, Vec<WordFix>);

/// One change to a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFix {
    pub raw: String,
    pub corrected: String,
    pub rule: CorrectionRule,
}

impl<'v> Lexicon<'v> {
    /// Learns the recurring words of a document's text.
    pub fn new(vocab: &'v Vocabulary, document_text: &str) -> Lexicon<'v> {
        let mut counts: FastMap<String, (usize, String)> = FastMap::default();
        // Each word is folded into one buffer: a word seen before (most
        // are) gets no string of its own.
        let mut core = String::new();
        for word in document_text.split_whitespace() {
            let raw = core_of(word).1;
            // Folding keeps ASCII as long as it is and every mark or digit:
            // such words are told short or no word before folding them.
            let ascii_no_letter = |b: u8| b.is_ascii() && !b.is_ascii_alphabetic();
            if (raw.is_ascii() && raw.len() < 4) || raw.bytes().any(ascii_no_letter) {
                continue;
            }
            core.clear();
            fold_into(raw, &mut core);
            if core.chars().count() >= 4 && core.chars().all(char::is_alphabetic) {
                match counts.get_mut(core.as_str()) {
                    Some(seen) => seen.0 += 1,
                    None => {
                        counts.insert(core.clone(), (1, raw.to_lowercase()));
                    }
                }
            }
        }
        // A recurring word that a confusion turns into a vocabulary word is
        // OCR repeating its own mistake ("senvizi"), not a word to trust.
        let vocab_skeletons: FastSet<String> = vocab.known_words().map(skeleton).collect();
        // So is one that lost an apostrophe ("dellemergenza").
        let misread = |w: &str| {
            (vocab_skeletons.contains(&skeleton(w)) && !search(w, |v| vocab.is_known(v)).is_empty())
                || (!is_italian(w) && elision_cut(w, |v| vocab.is_known(v)).is_some())
        };
        let recurring: FastMap<String, String> = counts
            .into_iter()
            .filter(|(w, (n, _))| *n >= RECURRING && !vocab.is_known(w) && !misread(w))
            .map(|(w, (_, printed))| (w, printed))
            .collect();
        let skeletons = vocab
            .known_words()
            .chain(recurring.keys().map(String::as_str))
            .map(skeleton)
            .collect();
        let unelided = vocab
            .known_words()
            .filter(|w| w.contains(['\'', '’']))
            .map(|w| {
                (
                    w.replace(['\'', '’'], ""),
                    vocab.printed(w).unwrap_or(w).to_string(),
                )
            })
            .collect();
        Lexicon {
            vocab,
            recurring,
            skeletons,
            unelided,
            seen: RefCell::default(),
            fixed: RefCell::default(),
        }
    }

    fn knows(&self, folded: &str) -> bool {
        self.vocab.is_known(folded) || self.recurring.contains_key(folded)
    }

    /// How a known word is printed: the vocabulary's spelling first.
    fn printed<'a>(&'a self, folded: &'a str) -> &'a str {
        self.vocab
            .printed(folded)
            .or_else(|| self.recurring.get(folded).map(String::as_str))
            .unwrap_or(folded)
    }

    /// Fixes a text, returning it and the changes made.
    pub fn fix(&self, text: &str) -> Fixed {
        if let Some(known) = self.fixed.borrow().get(text) {
            return known.clone();
        }
        let fixed = self.fix_text(text);
        self.fixed
            .borrow_mut()
            .insert(text.to_string(), fixed.clone());
        fixed
    }

    fn fix_text(&self, text: &str) -> Fixed {
        let mut fixes = Vec::new();
        let lines: Vec<String> = text
            .split('\n')
            .map(|line| {
                let capitals = in_capitals(line);
                let words = self.join_split_words(line, &mut fixes);
                let words: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
                (0..words.len())
                    .map(|i| {
                        let next = words.get(i + 1).copied();
                        let fix = match words[i] {
                            "|" => lone_bar(next),
                            "del" | "dei" => self.article_fix(words[i], next),
                            word => self.fix_word(word, capitals),
                        };
                        match fix {
                            Some(fix) => {
                                let out = fix.corrected.clone();
                                fixes.push(fix);
                                out
                            }
                            None => words[i].to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        (lines.join("\n"), fixes)
    }

    /// A line's words, each pair a space cut inside a word joined again
    /// ("INTERNAZIONALIZZA ZIONE", "funzionam ento"), the join logged.
    fn join_split_words<'a>(&self, line: &'a str, fixes: &mut Vec<WordFix>) -> Vec<Cow<'a, str>> {
        let mut out: Vec<Cow<'a, str>> = Vec::new();
        let mut words = line.split(' ').peekable();
        while let Some(word) = words.next() {
            let joined = words.peek().and_then(|&next| self.split_word(word, next));
            match joined {
                Some(fix) => {
                    words.next();
                    out.push(Cow::Owned(fix.corrected.clone()));
                    fixes.push(fix);
                }
                None => out.push(Cow::Borrowed(word)),
            }
        }
        out
    }

    /// "TE MPI" -> "TEMPI": two letter runs of one case, at least one of
    /// them no word (not Italian, not known), whose join is a known or an
    /// Italian word. OCR guesses spaces from gaps between glyphs, and a
    /// wide gap inside a word of capitals reads as one. A lone letter
    /// joins only a piece that is no word, and only where it cannot stand
    /// alone ([`lone_letter_cut`]: "S ervizio", "E nte"; "E strazione"
    /// stays: "e" may link two words).
    fn split_word(&self, left: &str, right: &str) -> Option<WordFix> {
        let (head, left_core, left_tail) = core_of(left);
        // An elided article stays before the word ("L'INTERNAZIONALIZZA").
        let elided = left_core.rfind(['\'', '’']).map_or(0, |at| {
            at + left_core[at..].chars().next().map_or(1, char::len_utf8)
        });
        let (article, left_core) = left_core.split_at(elided);
        let (right_head, right_core, tail) = core_of(right);
        let letters = |w: &str| w.chars().all(char::is_alphabetic);
        let run = |w: &str| w.chars().count() >= SPLIT_PART_MIN && letters(w);
        let lone = left_core.chars().count() == 1 && letters(left_core);
        if !left_tail.is_empty() || !right_head.is_empty() || !run(right_core) {
            return None;
        }
        let head_ok = run(left_core) || (lone && lone_letter_cut(left_core, right_core));
        if !head_ok {
            return None;
        }
        let upper = |w: &str| w.chars().all(char::is_uppercase);
        let lower = |w: &str| w.chars().all(char::is_lowercase);
        let left_rest: String = left_core.chars().skip(1).collect();
        let one_case =
            (upper(left_core) && upper(right_core)) || (lower(&left_rest) && lower(right_core));
        let word = |w: &str| {
            let folded = fold(w);
            self.knows(&folded) || is_italian(&folded)
        };
        let joined = format!("{left_core}{right_core}");
        let cut = !word(right_core) || (!lone && !word(left_core));
        (one_case && cut && word(&joined)).then(|| WordFix {
            raw: format!("{left} {right}"),
            corrected: format!("{head}{article}{joined}{tail}"),
            rule: CorrectionRule::SplitWord,
        })
    }

    /// The fixed word, if one rule applies; `capitals` when the text
    /// around it is written in capitals.
    pub fn fix_word(&self, word: &str, capitals: bool) -> Option<WordFix> {
        let key = (word.to_string(), capitals);
        if let Some(known) = self.seen.borrow().get(&key) {
            return known.clone();
        }
        let fix = self.find_fix(word, capitals);
        self.seen.borrow_mut().insert(key, fix.clone());
        fix
    }

    fn find_fix(&self, word: &str, capitals: bool) -> Option<WordFix> {
        let (head, core, tail) = core_of(word);
        if core.is_empty() || is_real_word(core, capitals) {
            return None;
        }
        let (fixed, rule) = self
            .pipe_fix(core)
            .or_else(|| self.elision_fix(core))
            .or_else(|| self.apostrophe_fix(core))
            .or_else(|| self.name_apostrophe_fix(core))
            .or_else(|| self.slash_fix(core))
            .or_else(|| self.space_fix(core))
            .or_else(|| self.capital_i_fix(core))
            .or_else(|| self.capital_e_fix(core))
            .or_else(|| self.confusion_fix(core))?;
        Some(WordFix {
            raw: word.to_string(),
            corrected: format!("{head}{fixed}{tail}"),
            rule,
        })
    }

    /// "|a" -> "la", "|'attività" -> "l'attività": a bar read for an l.
    fn pipe_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let rest = core.strip_prefix('|')?;
        let first = rest.chars().next()?;
        (first.is_lowercase() || first == '\'')
            .then(|| (format!("l{rest}"), CorrectionRule::LetterConfusion))
    }

    /// "I'emergenza" -> "l'emergenza": a capital I read for an l before an apostrophe.
    fn elision_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let rest = core
            .strip_prefix("I'")
            .or_else(|| core.strip_prefix("I’"))?;
        let first = rest.chars().next()?;
        (first.is_lowercase()).then(|| (format!("l'{rest}"), CorrectionRule::LetterConfusion))
    }

    /// "efo" -> "e/o", "convenzionifaccordi" -> "convenzioni/accordi": a
    /// slash read as f, J or I between two known words.
    fn slash_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        if core == "efo" || core == "EFO" {
            return Some((
                core.replacen(['f', 'F'], "/", 1),
                CorrectionRule::LetterConfusion,
            ));
        }
        let folded = fold(core);
        if self.knows(&folded) || !folded.chars().all(char::is_alphabetic) || folded.len() < 9 {
            return None;
        }
        core.char_indices()
            .filter(|(_, c)| matches!(c, 'f' | 'F' | 'J' | 'I'))
            .find_map(|(at, c)| {
                let (left, right) = (&core[..at], &core[at + c.len_utf8()..]);
                let known = |w: &str| w.chars().count() >= 4 && self.knows(&fold(w));
                (known(left) && known(right)).then(|| format!("{left}/{right}"))
            })
            .map(|fixed| (fixed, CorrectionRule::LetterConfusion))
    }

    /// "SITOCAMERALE" -> "SITO CAMERALE": a space OCR lost between two
    /// vocabulary words of four letters or more (the only such split).
    /// Words only recurring in the document are not enough: reports print
    /// some compounds both ways ("smartworking", "smart working").
    fn space_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let folded = fold(core);
        if self.knows(&folded) || !folded.chars().all(char::is_alphabetic) {
            return None;
        }
        let known = |w: &str| w.chars().count() >= 4 && self.vocab.is_known(&fold(w));
        let mut splits = core
            .char_indices()
            .map(|(at, _)| core.split_at(at))
            .filter(|(left, right)| known(left) && known(right));
        match (splits.next(), splits.next()) {
            (Some((left, right)), None) => {
                Some((format!("{left} {right}"), CorrectionRule::LostSpace))
            }
            _ => None,
        }
    }

    /// "FSTRAZIONE" -> "ESTRAZIONE", "EONTE" -> "FONTE": in a word of
    /// capitals, an E and an F differ by a bar a scan can lose or add.
    fn capital_e_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let letters: Vec<char> = core.chars().collect();
        if letters.len() < 4 || !letters.iter().all(|c| c.is_uppercase()) || self.knows(&fold(core))
        {
            return None;
        }
        let mut found = (0..letters.len()).filter_map(|i| {
            let swapped = match letters[i] {
                'E' => 'F',
                'F' => 'E',
                _ => return None,
            };
            let mut word = letters.clone();
            word[i] = swapped;
            let word: String = word.into_iter().collect();
            self.knows(&fold(&word)).then_some(word)
        });
        match (found.next(), found.next()) {
            (Some(word), None) => Some((word, CorrectionRule::LetterConfusion)),
            _ => None,
        }
    }

    /// "del servizi" -> "dei servizi", "dei servizio" -> "del servizio":
    /// OCR reads the i of "dei" as an l and back; the article agrees with
    /// the known word after it (plural in -i, singular in -o).
    fn article_fix(&self, article: &str, next: Option<&str>) -> Option<WordFix> {
        let next = fold(core_of(next?).1);
        if next.chars().count() < 4 || !self.knows(&next) {
            return None;
        }
        let corrected = match article {
            "del" if next.ends_with('i') => "dei",
            "dei" if next.ends_with('o') => "del",
            _ => return None,
        };
        Some(WordFix {
            raw: article.into(),
            corrected: corrected.into(),
            rule: CorrectionRule::LetterConfusion,
        })
    }

    /// "DE|" -> "DEI", "EROGAT]" -> "EROGATI": in a word of capitals, a
    /// bar, bracket, bang or lower-case l read for an I.
    fn capital_i_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let suspect = |c: char| matches!(c, '|' | ']' | '!' | 'l');
        let letters = core
            .chars()
            .filter(|c| c.is_alphabetic() && !suspect(*c))
            .count();
        let upper = core.chars().filter(|c| c.is_uppercase()).count();
        if letters < 1
            || upper != letters
            || !core.chars().any(suspect)
            || core.starts_with('|') && upper == 0
        {
            return None;
        }
        let fixed: String = core
            .chars()
            .map(|c| if suspect(c) { 'I' } else { c })
            .collect();
        // "DElI": the l and the I are one letter read twice.
        let single = fixed.replace("II", "I");
        [fixed, single]
            .into_iter()
            .find(|f| self.knows(&fold(f)))
            .map(|f| (f, CorrectionRule::LetterConfusion))
    }

    /// "CERTO" -> "CERT'O": a word with capitals that is a vocabulary word
    /// but for its apostrophe, as names such as Cert'O are. A word in lower
    /// case or capitalised is left alone: "certo" is Italian too.
    fn name_apostrophe_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let capitals = core.chars().filter(|c| c.is_uppercase()).count();
        let folded = fold(core);
        if capitals < 2 || !core.chars().all(char::is_alphabetic) || self.vocab.is_known(&folded) {
            return None;
        }
        let printed = self.unelided.get(&folded)?;
        Some((same_case(core, printed), CorrectionRule::Apostrophe))
    }

    /// "dellemergenza" -> "dell'emergenza": an apostrophe OCR dropped.
    fn apostrophe_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let folded = fold(core);
        if self.knows(&folded) || !core.chars().all(char::is_alphabetic) {
            return None;
        }
        let letters = elision_cut(&folded, |w| self.knows(w))?;
        let cut = core
            .char_indices()
            .nth(letters)
            .map_or(core.len(), |(i, _)| i);
        Some((
            format!("{}'{}", &core[..cut], &core[cut..]),
            CorrectionRule::Apostrophe,
        ))
    }

    /// "awio" -> "avvio", "sernvizi" -> "servizi", "MUMERICO" -> "NUMERICO";
    /// after an elision too ("l'awio").
    fn confusion_fix(&self, core: &str) -> Option<(String, CorrectionRule)> {
        if let Some((at, quote)) = core.char_indices().find(|(_, c)| matches!(c, '\'' | '’')) {
            let (pre, rest) = (&core[..at], &core[at + quote.len_utf8()..]);
            if pre.chars().count() > 5 {
                return None;
            }
            // The elided word and the word after it may each be misread
            // ("MELL'AMNG" is "NELL'ANNO"); a fixed elided word needs a
            // known word after it.
            let fixed_pre = elided_fix(pre);
            let fixed_rest = self.confusion_word(rest).map(|(w, _)| w);
            if fixed_pre.is_none() && fixed_rest.is_none() {
                return None;
            }
            let rest_ok =
                fixed_rest.is_some() || self.knows(&fold(rest)) || is_italian(&fold(rest));
            return rest_ok.then(|| {
                let pre = fixed_pre.unwrap_or_else(|| pre.to_string());
                let rest = fixed_rest.unwrap_or_else(|| rest.to_string());
                (
                    format!("{pre}{quote}{rest}"),
                    CorrectionRule::LetterConfusion,
                )
            });
        }
        self.confusion_word(core)
    }

    fn confusion_word(&self, core: &str) -> Option<(String, CorrectionRule)> {
        let folded = fold(core);
        let letters = folded.chars().count();

        // Known words stay. (Recurring misreadings such as "attivitd" were
        // kept out of the known words when the lexicon was built.)
        if letters < 4 || self.knows(&folded) || !folded.chars().all(|c| c.is_alphabetic()) {
            return None;
        }
        // A word whose skeleton no known word has is no confusion away
        // from any.
        let found = match self.skeletons.contains(&skeleton(&folded)) {
            true => search(&folded, |w| w != folded && self.knows(w)),
            false => Vec::new(),
        };
        match found.as_slice() {
            [only] => Some((
                same_case(core, self.printed(only)),
                CorrectionRule::LetterConfusion,
            )),
            [] => rn_read_as_m(&folded)
                .map(|w| (same_case(core, &w), CorrectionRule::LetterConfusion)),
            _ => None,
        }
    }
}

/// "intemet" -> "internet", "giomi" -> "giorni": the one confusion
/// Tesseract makes most, an "rn" read as "m", undone towards any word of
/// the Italian list (not only the vocabulary's) when exactly one "m" of a
/// word that is no Italian word gives one.
fn rn_read_as_m(folded: &str) -> Option<String> {
    if is_italian(folded) {
        return None;
    }
    let mut found = folded
        .match_indices('m')
        .map(|(at, _)| format!("{}rn{}", &folded[..at], &folded[at + 1..]))
        .filter(|w| is_italian(w));
    match (found.next(), found.next()) {
        (Some(word), None) => Some(word),
        _ => None,
    }
}

/// Whether a word is Italian as written: on the word list, and in lower
/// case, capitalised or in capitals ("Al", "AL"; not "NEl", where a lower
/// l stands among capitals for an I). Among capitals (`capitals`), only
/// in capitals: "DIRETTE Al SUAP" is "DIRETTE AI SUAP".
fn is_real_word(core: &str, capitals: bool) -> bool {
    let mut letters = core.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = letters.collect();
    let upper = first_upper && rest.iter().all(|c| c.is_uppercase());
    let cased = upper || (!capitals && rest.iter().all(|c| c.is_lowercase()));
    cased && is_italian(&fold(core))
}

/// Whether a line is written in capitals: four letters in five or more.
fn in_capitals(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let upper = line.chars().filter(|c| c.is_uppercase()).count();
    letters >= 4 && upper * 5 >= letters * 4
}

/// Words that elide before an apostrophe ("nell'anno", "l'ente"), folded.
const ELIDED: [&str; 20] = [
    "l", "d", "c", "s", "m", "t", "v", "n", "un", "all", "dall", "dell", "nell", "sull", "coll",
    "quell", "quest", "tutt", "sant", "po",
];

/// An elided word misread by one confusion ("MELL" for "NELL"), in the
/// raw word's case; none when it is already one, or not one confusion away.
fn elided_fix(pre: &str) -> Option<String> {
    let folded = fold(pre);
    if folded.chars().count() < 2 || ELIDED.contains(&folded.as_str()) {
        return None;
    }
    let found: Vec<String> = variants(&folded)
        .into_iter()
        .filter(|v| ELIDED.contains(&v.as_str()))
        .collect();
    match found.as_slice() {
        [only] => Some(same_case(pre, only)),
        _ => None,
    }
}

/// Where an apostrophe was lost in a folded word, in letters: after an
/// elided article or preposition, before a known or Italian word of four
/// letters or more that opens with a vowel ("dellemergenza" -> 4).
fn elision_cut(folded: &str, known: impl Fn(&str) -> bool) -> Option<usize> {
    const PREFIXES: [&str; 8] = ["dell", "nell", "dall", "sull", "all", "l", "un", "quest"];
    PREFIXES.iter().find_map(|prefix| {
        let rest = folded.strip_prefix(prefix)?;
        let vowel = rest.starts_with(['a', 'e', 'i', 'o', 'u']);
        let word = rest.chars().count() >= 4 && (known(rest) || is_italian(rest));
        (vowel && word).then(|| prefix.chars().count())
    })
}

/// A lone "|" read for the article "i" (or "I" among capitals), told by
/// the next word's case.
fn lone_bar(next: Option<&str>) -> Option<WordFix> {
    let next = next?;
    let letters: Vec<char> = next.chars().filter(|c| c.is_alphabetic()).collect();
    let corrected = if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        "I"
    } else if letters.first().is_some_and(|c| c.is_lowercase()) {
        "i"
    } else {
        return None;
    };
    Some(WordFix {
        raw: "|".into(),
        corrected: corrected.into(),
        rule: CorrectionRule::LetterConfusion,
    })
}

/// The words one or two confusions from `folded` that `target` accepts:
/// those at the smallest depth.
fn search(folded: &str, target: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut frontier = vec![folded.to_string()];
    for _ in 0..2 {
        let mut next = Vec::new();
        for w in &frontier {
            for v in variants(w) {
                if target(&v) {
                    if !found.contains(&v) {
                        found.push(v);
                    }
                } else {
                    next.push(v);
                }
            }
        }
        if !found.is_empty() {
            break;
        }
        frontier = next;
    }
    found
}

/// A word without the letters OCR confuses with each other (m, n, r, v, w,
/// u, i), b as e, g as o and a final d as a: two words one or two confusions apart
/// share their skeleton, so most words are ruled out without a search.
fn skeleton(folded: &str) -> String {
    let mut out: String = folded
        .chars()
        .filter(|c| !matches!(c, 'm' | 'n' | 'r' | 'v' | 'w' | 'u' | 'i'))
        .map(|c| match c {
            'b' => 'e',
            'g' => 'o',
            c => c,
        })
        .collect();
    if out.ends_with('d') {
        out.pop();
        out.push('a');
    }
    out
}

/// Every word one confusion away.
pub(crate) fn variants(word: &str) -> Vec<String> {
    const SWAPS: [(&str, &str); 15] = [
        ("m", "rv"),
        ("n", "rv"),
        ("w", "vv"),
        ("e", "b"),
        ("rn", "m"),
        ("m", "rn"),
        ("m", "n"),
        ("n", "m"),
        ("n", "r"),
        ("m", "r"),
        ("ri", "n"),
        ("n", "ri"),
        // A round O read as G ("AMNG" for "ANNO").
        ("g", "o"),
        // Thin letters read in the wrong order ("compliati").
        ("li", "il"),
        ("il", "li"),
    ];
    let mut out = Vec::new();
    // A final à read as d ("attivitd").
    if let Some(stem) = word.strip_suffix('d') {
        out.push(format!("{stem}a"));
    }
    for (from, to) in SWAPS {
        for (at, _) in word.match_indices(from) {
            out.push(format!("{}{}{}", &word[..at], to, &word[at + from.len()..]));
        }
    }
    // A stray n or m next to n, m, r or v ("sernvizi", "ossemnvato").
    let chars: Vec<char> = word.chars().collect();
    for i in 0..chars.len() {
        let near = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| matches!(c, 'n' | 'm' | 'r' | 'v'))
        };
        if matches!(chars[i], 'n' | 'm') && (near(i.checked_sub(1)) || near(Some(i + 1))) {
            let mut v = chars.clone();
            v.remove(i);
            out.push(v.into_iter().collect());
        }
    }
    out
}

/// The replacement in the raw word's case: upper, capitalised or lower.
fn same_case(raw: &str, fixed: &str) -> String {
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return fixed.to_uppercase();
    }
    if raw.chars().next().is_some_and(char::is_uppercase) {
        let mut c = fixed.chars();
        return c
            .next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
    }
    fixed.to_string()
}

/// Italian's words of one letter, folded ("è" is "e").
const ONE_LETTER_WORDS: [&str; 4] = ["a", "e", "i", "o"];

/// Whether a lone letter before `piece` is the head of a word OCR cut in
/// two: the letter is no word of its own ("S ervizio"), or the piece
/// opens no Italian word (no word starts "nt" or "ff": "E nte", "E
/// ffettuate"). Where the piece may start a word ("E strazione"), the
/// letter may be "e" linking two.
fn lone_letter_cut(letter: &str, piece: &str) -> bool {
    let start: String = fold(piece).chars().take(2).collect();
    !ONE_LETTER_WORDS.contains(&fold(letter).as_str()) || !opens_italian_word(&start)
}

/// Splits leading and trailing punctuation off a word.
fn core_of(word: &str) -> (&str, &str, &str) {
    let keep = |c: char| c.is_alphanumeric() || c == '|' || c == '\'' || c == '’';
    let start = word.find(keep).unwrap_or(word.len());
    let end = word
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(start, |i| {
            i + word[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = end.max(start);
    (&word[..start], &word[start..end], &word[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        raw: &'static str,
        want: &'static str,
    }

    #[test]
    fn fixes_known_confusions() {
        let vocab = Vocabulary::builtin();
        let lex = Lexicon::new(&vocab, "");
        let cases = [
            Case {
                raw: "awio",
                want: "avvio",
            },
            // An elided word and the word after it, both misread.
            Case {
                raw: "MELL'AMNG",
                want: "NELL'ANNO",
            },
            Case {
                raw: "dell'attivitd",
                want: "dell'attività",
            },
            Case {
                raw: "sernvizi",
                want: "servizi",
            },
            Case {
                raw: "semvizi",
                want: "servizi",
            },
            Case {
                raw: "senvizi,",
                want: "servizi,",
            },
            Case {
                raw: "|a",
                want: "la",
            },
            Case {
                raw: "dellemergenza",
                want: "dell'emergenza",
            },
            Case {
                raw: "linnovazione",
                want: "l'innovazione",
            },
            Case {
                raw: "I'emergenza",
                want: "l'emergenza",
            },
            Case {
                raw: "MUMERICO",
                want: "NUMERICO",
            },
            Case {
                raw: "prowede",
                want: "provvede",
            },
            Case {
                raw: "“ossemnvato”",
                want: "“osservato”",
            },
            Case {
                raw: "ANMO",
                want: "ANNO",
            },
            Case {
                raw: "compliati",
                want: "compilati",
            },
            Case {
                raw: "SITOCAMERALE",
                want: "SITO CAMERALE",
            },
            Case {
                raw: "FSTRAZIONE",
                want: "ESTRAZIONE",
            },
            Case {
                raw: "EONTE",
                want: "FONTE",
            },
            Case {
                raw: "carta del servizi",
                want: "carta dei servizi",
            },
            Case {
                raw: "dei servizio",
                want: "del servizio",
            },
            Case {
                raw: "del servizio dei servizi del 2020",
                want: "del servizio dei servizi del 2020",
            },
            // An "rn" read as "m", towards a word of the Italian list.
            Case {
                raw: "sito intemet",
                want: "sito internet",
            },
            Case {
                raw: "GIOMI",
                want: "GIORNI",
            },
            Case {
                raw: "aggiomamenti",
                want: "aggiornamenti",
            },
            Case {
                raw: "impresa",
                want: "impresa",
            },
            // "CERTO" is Italian: not turned into the name Cert'O.
            Case {
                raw: "APPLICATIVO CERTO",
                want: "APPLICATIVO CERTO",
            },
            Case {
                raw: "in modo certo. Certo",
                want: "in modo certo. Certo",
            },
            Case {
                raw: "servizi",
                want: "servizi",
            },
            Case {
                raw: "Camera",
                want: "Camera",
            },
            Case {
                raw: "2020",
                want: "2020",
            },
            Case {
                raw: "|",
                want: "|",
            },
        ];
        for case in cases {
            let (got, _) = lex.fix(case.raw);
            assert_eq!(got, case.want, "raw {:?}", case.raw);
        }
    }

    /// A text fixed before is fixed again with its changes, so each of
    /// its occurrences (a table's cell repeated row after row) logs them.
    #[test]
    fn a_text_fixed_again_gives_its_changes_again() {
        let vocab = Vocabulary::builtin();
        let lex = Lexicon::new(&vocab, "");
        let text = "awio del servizi MELL'AMNG";
        let first = lex.fix(text);
        assert_eq!(first.0, "avvio dei servizi NELL'ANNO");
        assert_eq!(first.1.len(), 3, "{:?}", first.1);
        assert_eq!(lex.fix(text), first);
        // Another text shares none of its changes.
        assert_eq!(lex.fix("avvio").1, Vec::new());
    }

    #[test]
    fn no_italian_word_is_changed() {
        // Every rule, with the sample's recurring words known too, over every
        // word of the Italian list as printed in running text: lower case,
        // capitalised, in capitals, and in capitals among capitals.
        let vocab = Vocabulary::builtin();
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/000_b2d698d42f0df24e.txt"
        );
        let document = std::fs::read_to_string(sample).unwrap_or_default();
        assert!(document.len() > 10_000, "the sample is readable");
        let lex = Lexicon::new(&vocab, &document);
        let mut changed = Vec::new();
        for word in crate::vocab::italian_words() {
            let mut chars = word.chars();
            let capitalised: String = chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            let forms = [
                (word.to_string(), false),
                (capitalised, false),
                (word.to_uppercase(), false),
                (word.to_uppercase(), true),
            ];
            for (form, capitals) in forms {
                if let Some(fix) = lex.fix_word(&form, capitals) {
                    changed.push(format!("{} -> {}", fix.raw, fix.corrected));
                }
            }
        }
        assert!(
            changed.is_empty(),
            "{} words changed: {:?}",
            changed.len(),
            &changed[..changed.len().min(20)]
        );
    }

    #[test]
    fn real_words_stay_and_slips_are_fixed() {
        let vocab = Vocabulary::builtin();
        let lex = Lexicon::new(&vocab, "");
        for (raw, want) in [
            ("Al lordo delle domande", "Al lordo delle domande"),
            (
                "DIRETTE Al SUAP DEL TERRITORIO",
                "DIRETTE AI SUAP DEL TERRITORIO",
            ),
            ("NEl TERRITORIO", "NEI TERRITORIO"),
            ("progressione di carriera.", "progressione di carriera."),
            ("la gestione dellemergenza", "la gestione dell'emergenza"),
            ("per loccasione", "per l'occasione"),
        ] {
            assert_eq!(lex.fix(raw).0, want, "{raw}");
        }
        // A name whose apostrophe was lost, where no Italian word is.
        let mut vocab = Vocabulary::builtin();
        assert!(vocab.extend("[words]\nPunt'Orso\n").is_ok());
        let lex = Lexicon::new(&vocab, "");
        assert_eq!(lex.fix("SISTEMA PUNTORSO").0, "SISTEMA PUNT'ORSO");
    }

    #[test]
    fn words_a_space_cut_are_joined_and_logged() {
        let vocab = Vocabulary::builtin();
        let lex = Lexicon::new(&vocab, "");
        for (raw, want) in [
            (
                "IMPRESE PER L'INTERNAZIONALIZZA ZIONE",
                "IMPRESE PER L'INTERNAZIONALIZZAZIONE",
            ),
            (
                "TE MPI DI RILASCIO DEI CERTIFICATI",
                "TEMPI DI RILASCIO DEI CERTIFICATI",
            ),
            (
                "totale oneri di funzionam ento.",
                "totale oneri di funzionamento.",
            ),
            // A lone letter that is no word, or before a piece no word
            // opens with (DEV scans 162, 179, 190).
            ("responsabili di S ervizio", "responsabili di Servizio"),
            (
                "La tempestività dei pagamenti dell'E nte",
                "La tempestività dei pagamenti dell'Ente",
            ),
            (
                "E ffettuate 10.546 ispezioni",
                "Effettuate 10.546 ispezioni",
            ),
            // Two words, a lone letter before a piece that may open a word
            // or is one, mixed case, a line's hyphen: kept.
            ("numero imprese assistite", "numero imprese assistite"),
            ("E strazione dei dati", "E strazione dei dati"),
            ("e servizi", "e servizi"),
            ("S pagamenti", "S pagamenti"),
            ("TE mpi", "TE mpi"),
            ("Carte tachi- grafiche", "Carte tachi- grafiche"),
            ("servizi InfoCamere e PagoPA", "servizi InfoCamere e PagoPA"),
        ] {
            assert_eq!(lex.fix(raw).0, want, "{raw}");
        }
        let (_, fixes) = lex.fix("TE MPI MEDI");
        let logged: Vec<(&str, &str, CorrectionRule)> = fixes
            .iter()
            .map(|f| (f.raw.as_str(), f.corrected.as_str(), f.rule))
            .collect();
        assert_eq!(logged, [("TE MPI", "TEMPI", CorrectionRule::SplitWord)]);
    }

    #[test]
    fn recurring_words_are_known_and_fixes_are_logged() {
        let vocab = Vocabulary::builtin();
        let lex = Lexicon::new(&vocab, "tachigrafiche tachigrafiche tachigrafiche");
        let (text, fixes) = lex.fix("carte tachigraflche e tachigrafiche");
        assert_eq!(text, "carte tachigraflche e tachigrafiche");
        assert!(fixes.is_empty());
        let lex = Lexicon::new(
            &vocab,
            "attivitd attivitd attivitd tachigrafiche tachigrafiche tachigrafiche",
        );
        let (text, _) = lex.fix("le attivitd");
        assert_eq!(
            text, "le attività",
            "a recurring OCR error of a vocabulary word is still fixed"
        );
        let (text, fixes) = lex.fix("le tachigrafiche per lawio");
        assert_eq!(text, "le tachigrafiche per lawio");
        assert!(
            fixes.is_empty(),
            "two rules at once are not applied: {fixes:?}"
        );
        let lex = Lexicon::new(&vocab, &"smart working ".repeat(3));
        let (text, _) = lex.fix("in smartworking");
        assert_eq!(
            text, "in smartworking",
            "recurring words alone do not split a word"
        );
        let (text, fixes) = lex.fix("il semizio e l'awio");
        assert_eq!(text, "il servizio e l'avvio");
        assert_eq!(fixes.len(), 2, "{fixes:?}");
        assert_eq!(fixes[1].raw, "l'awio");
        assert_eq!(fixes[1].rule, CorrectionRule::LetterConfusion);
    }
}
