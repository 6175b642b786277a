//! Fuzzy comparison of folded words: a normalised Levenshtein similarity
//! that forgives "rn" read as "m".
//!
//! The vocabulary's side of a comparison is prepared once, as a
//! [`Pattern`]; a line's words are [`Folded`] once per lookup. A cheap
//! bound comes first (the letters one side has beyond the other, which no
//! fewer edits can fix), and the edit distance itself is computed
//! bit-parallel (Hyyrö 2003): one pass over the word, a few machine-word
//! operations per character.

/// A folded word or phrase of a line.
#[derive(Debug, Clone, Default)]
pub(super) struct Folded {
    pub chars: Vec<char>,
    /// How often each letter a..z occurs (saturating); every other
    /// character counts in slot 26. Slots 27.. stay 0: 32 slots compare in
    /// a few vector instructions.
    letters: [u16; 32],
}

impl Folded {
    /// A text as [`fold`](super::fold) folds it.
    pub fn fold(text: &str) -> Folded {
        let mut chars = Vec::with_capacity(text.len());
        chars.extend(super::folded_chars(text));
        while chars.last() == Some(&'\'') {
            chars.pop();
        }
        Folded::of_chars(chars)
    }

    /// A text already folded.
    pub fn new(folded: &str) -> Folded {
        let mut chars = Vec::with_capacity(folded.len());
        chars.extend(folded.chars());
        Folded::of_chars(chars)
    }

    fn of_chars(chars: Vec<char>) -> Folded {
        let mut letters = [0u16; 32];
        for &c in &chars {
            let n = &mut letters[letter_slot(c)];
            *n = n.saturating_add(1);
        }
        Folded { chars, letters }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.letters = [0; 32];
    }

    /// Appends a word with no space before it: the rest of a word OCR cut.
    pub fn glue(&mut self, word: &Folded) {
        self.chars.extend_from_slice(&word.chars);
        for (sum, n) in self.letters.iter_mut().zip(&word.letters) {
            *sum = sum.saturating_add(*n);
        }
    }

    /// Drops a colon that ends the text: the punctuation an office ends
    /// its labels with ("Obiettivo strategico:"), no letter of the label.
    pub fn trim_colon(&mut self) {
        if self.chars.len() > 1 && self.chars.last() == Some(&':') {
            self.chars.pop();
            let n = &mut self.letters[letter_slot(':')];
            *n = n.saturating_sub(1);
        }
    }

    /// Whether every character is a letter (a piece of a word, no value).
    pub fn is_alphabetic(&self) -> bool {
        !self.chars.is_empty() && self.chars.iter().all(|c| c.is_alphabetic())
    }

    /// Appends a word, after a space when not empty.
    pub fn join(&mut self, word: &Folded) {
        if !self.chars.is_empty() {
            self.chars.push(' ');
            let n = &mut self.letters[letter_slot(' ')];
            *n = n.saturating_add(1);
        }
        self.chars.extend_from_slice(&word.chars);
        for (sum, n) in self.letters.iter_mut().zip(&word.letters) {
            *sum = sum.saturating_add(*n);
        }
    }

    /// A lower bound of the edit distance to `other`: the letters one side
    /// has beyond the other (each edit removes at most one of them).
    fn letters_beyond(&self, other: &Folded) -> usize {
        let beyond = |a: &[u16; 32], b: &[u16; 32]| -> usize {
            a.iter()
                .zip(b)
                .map(|(x, y)| usize::from(x.saturating_sub(*y)))
                .sum()
        };
        beyond(&self.letters, &other.letters).max(beyond(&other.letters, &self.letters))
    }

    /// How many letter counts differ, in total, from `other`'s.
    fn letters_differing(&self, other: &Folded) -> usize {
        self.letters
            .iter()
            .zip(&other.letters)
            .map(|(x, y)| usize::from(x.abs_diff(*y)))
            .sum()
    }
}

fn letter_slot(c: char) -> usize {
    if c.is_ascii_lowercase() {
        usize::from(c as u8 - b'a')
    } else {
        26
    }
}

/// A vocabulary word or phrase, folded and prepared for comparison.
#[derive(Debug, Clone, Default)]
pub(super) struct Pattern {
    plain: Positions,
    /// The pattern with each "rn" read as "m", when it has an "rn".
    rn_as_m: Option<Positions>,
}

impl Pattern {
    pub fn new(folded: &str) -> Pattern {
        Pattern {
            plain: Positions::new(Folded::new(folded)),
            rn_as_m: folded
                .contains("rn")
                .then(|| Positions::new(Folded::new(&folded.replace("rn", "m")))),
        }
    }

    pub fn len(&self) -> usize {
        self.plain.folded.len()
    }
}

/// A pattern, and for each of its characters the bit set of the positions
/// where it occurs (in patterns of up to 64 characters).
#[derive(Debug, Clone, Default)]
struct Positions {
    folded: Folded,
    letters: [u64; 26],
    others: Vec<(char, u64)>,
}

impl Positions {
    fn new(folded: Folded) -> Positions {
        let mut p = Positions {
            folded,
            ..Positions::default()
        };
        for (i, &c) in p.folded.chars.iter().enumerate().take(64) {
            let bit = 1u64 << i;
            match letter_slot(c) {
                26 => match p.others.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, mask)) => *mask |= bit,
                    None => p.others.push((c, bit)),
                },
                slot => p.letters[slot] |= bit,
            }
        }
        p
    }

    fn of(&self, c: char) -> u64 {
        match letter_slot(c) {
            26 => self
                .others
                .iter()
                .find(|(o, _)| *o == c)
                .map_or(0, |(_, mask)| *mask),
            slot => self.letters[slot],
        }
    }

    /// The Levenshtein distance from `text`.
    fn distance(&self, text: &[char]) -> usize {
        match self.folded.len() {
            0 => text.len(),
            1..=64 => self.bit_parallel_distance(text),
            _ => matrix_distance(&self.folded.chars, text),
        }
    }

    /// Hyyrö's bit-parallel form of Myers' algorithm: the vertical deltas of
    /// one column of the edit-distance matrix live in two bit vectors (`vp`:
    /// +1, `vn`: -1); each character of the text advances the column, and
    /// the bottom cell's change is added to the distance.
    fn bit_parallel_distance(&self, text: &[char]) -> usize {
        let last = 1u64 << (self.folded.len() - 1);
        let (mut vp, mut vn) = (u64::MAX, 0u64);
        let mut distance = self.folded.len();
        for &c in text {
            let matches = self.of(c);
            let d0 = (((matches & vp).wrapping_add(vp)) ^ vp) | matches | vn;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            if hp & last != 0 {
                distance += 1;
            }
            if hn & last != 0 {
                distance -= 1;
            }
            let hp = (hp << 1) | 1;
            vp = (hn << 1) | !(d0 | hp);
            vn = hp & d0;
        }
        distance
    }
}

/// The Levenshtein distance by the textbook row-by-row matrix (for patterns
/// too long for one machine word).
fn matrix_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Normalised Levenshtein similarity of two folded strings, forgiving the
/// commonest OCR confusion ("rn" read as "m": "estema" is "esterna").
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_at_least(&Folded::new(a), &Pattern::new(b), 0.0).unwrap_or(0.0)
}

/// A folded text prepared once for [`similarity`] with many others.
#[derive(Debug, Clone)]
pub struct Comparable {
    folded: Folded,
    pattern: Pattern,
}

impl Comparable {
    pub fn new(folded: &str) -> Comparable {
        Comparable {
            folded: Folded::new(folded),
            pattern: Pattern::new(folded),
        }
    }

    /// Whether `similarity(self, other)` is at least `min`, with the cheap
    /// bounds first.
    pub fn alike(&self, other: &Comparable, min: f64) -> bool {
        similarity_at_least(&self.folded, &other.pattern, min).is_some()
    }
}

/// Whether folded texts `a` and `b` are alike (as
/// `Comparable::new(a).alike(&Comparable::new(b), min)`), with only what
/// the comparison reads made: `a`'s letters and `b`'s pattern.
pub fn alike(a: &str, b: &str, min: f64) -> bool {
    similarity_at_least(&Folded::new(a), &Pattern::new(b), min).is_some()
}

/// [`similarity`] of `a` and `b` when it is at least `min`.
pub(super) fn similarity_at_least(a: &Folded, b: &Pattern, min: f64) -> Option<f64> {
    let plain = score_at_least(a, &b.plain, min);
    let confused = b
        .rn_as_m
        .as_ref()
        .filter(|_| a.letters[letter_slot('m')] > 0)
        .and_then(|m| score_at_least(a, m, min));
    match (plain, confused) {
        (Some(p), Some(c)) => Some(p.max(c)),
        (p, c) => p.or(c),
    }
}

/// 1 - distance / longer length (as strsim's normalised Levenshtein
/// computes it), when at least `min`.
fn score_at_least(a: &Folded, b: &Positions, min: f64) -> Option<f64> {
    let longest = a.len().max(b.folded.len());
    if longest == 0 {
        return (1.0 >= min).then_some(1.0);
    }
    let score = |distance: usize| 1.0 - distance as f64 / longest as f64;
    if score(a.letters_beyond(&b.folded)) < min {
        return None;
    }
    let score = score(b.distance(&a.chars));
    (score >= min).then_some(score)
}

/// A cheap bound: whether a word's and a pattern's lengths and letters allow
/// a similarity of at least `min` (each edit changes at most two letter
/// counts).
pub(super) fn could_reach(a: &Folded, b: &Pattern, min: f64) -> bool {
    if !lengths_allow(a.len(), b.len(), min) {
        return false;
    }
    let differing = a.letters_differing(&b.plain.folded);
    let longest = a.len().max(b.len()).max(1) as f64;
    // "rn" read as "m" costs two edits; allow one such confusion on top.
    differing as f64 / 2.0 <= (1.0 - min) * longest + 1.0
}

/// Whether two character counts allow a similarity of at least `min`.
pub(super) fn lengths_allow(la: usize, lb: usize, min: f64) -> bool {
    let longest = la.max(lb).max(1) as f64;
    // "rn" read as "m" shortens a word by one letter per confusion.
    (la.abs_diff(lb) as f64) <= (1.0 - min) * longest + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook full-matrix Levenshtein distance, to check against.
    fn reference_distance(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        d[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j - 1] + cost)
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
            }
        }
        d[a.len()][b.len()]
    }

    const WORDS: [&str; 12] = [
        "",
        "m",
        "estema",
        "esterna",
        "missione",
        "mlssione",
        "risultato atteso al",
        "risuitato atteso",
        "unita di misura",
        "qualità",
        "consuntivo",
        "walore a consuntivo",
    ];

    #[test]
    fn distances_agree_with_the_full_matrix() {
        let long = "a".repeat(70) + "rn" + &"b".repeat(5);
        let words: Vec<&str> = WORDS.iter().copied().chain([long.as_str()]).collect();
        for a in &words {
            for b in &words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let want = reference_distance(&a, &b);
                let pattern = Positions::new(Folded::new(&b.iter().collect::<String>()));
                assert_eq!(pattern.distance(&a), want, "{a:?} {b:?}");
                assert_eq!(matrix_distance(&a, &b), want, "{a:?} {b:?}");
            }
        }
    }

    /// The similarity as first written, with strsim's normalised
    /// Levenshtein: the fast matcher must give exactly its scores.
    fn reference_similarity(a: &str, b: &str) -> f64 {
        let score = strsim::normalized_levenshtein;
        let plain = score(a, b);
        if !a.contains('m') || !b.contains("rn") {
            return plain;
        }
        plain.max(score(a, &b.replace("rn", "m")))
    }

    #[test]
    fn prepared_texts_are_alike_exactly_when_similar_enough() {
        for a in WORDS {
            for b in WORDS {
                let (pa, pb) = (Comparable::new(a), Comparable::new(b));
                for min in [0.0, 0.5, 0.85, 1.0] {
                    assert_eq!(
                        pa.alike(&pb, min),
                        similarity(a, b) >= min,
                        "{a:?} {b:?} {min}"
                    );
                }
            }
        }
    }

    #[test]
    fn threshold_keeps_exactly_the_scores_that_reach_it() {
        for a in WORDS {
            for b in WORDS {
                let want = reference_similarity(a, b);
                assert_eq!(similarity(a, b), want, "{a:?} {b:?}");
                let folded = Folded::new(a);
                for min in [0.0, 0.5, 0.7, 0.72, 0.75, 0.8, 0.85, 1.0] {
                    let got = similarity_at_least(&folded, &Pattern::new(b), min);
                    assert_eq!(got, (want >= min).then_some(want), "{a:?} {b:?} {min}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Random words over a small alphabet (so that they share letters),
        /// with accents, spaces and patterns on both sides of 64 characters.
        #[test]
        fn any_words_score_as_the_reference(
            a in "[ramné' ]{0,12}|[abrn]{60,70}",
            b in "[ramné' ]{0,12}|[abrn]{60,70}",
            min in 0.0f64..1.0,
        ) {
            let want = reference_similarity(&a, &b);
            let got = similarity_at_least(&Folded::new(&a), &Pattern::new(&b), min);
            proptest::prop_assert_eq!(got, (want >= min).then_some(want));
        }
    }

    #[test]
    fn forgives_rn_read_as_m() {
        assert_eq!(similarity("estema", "esterna"), 1.0);
        assert!(similarity("estena", "esterna") < 1.0);
        assert_eq!(similarity("", ""), 1.0);
    }
}
