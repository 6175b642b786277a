//! The report's entity: "Camera di Commercio di \<city\>" as the title
//! block names it, else as the whole text most often does; a city OCR
//! damaged ("Bresaa") is snapped to the vocabulary's chamber nearest to
//! it, the change logged. A city read as one chamber stays that chamber.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Correction, CorrectionRule, FieldPath, ReportField};
use crate::vocab::Vocabulary;

// The letters are matched case-sensitively, `(?-i:...)`: a class of all
// letters is its own case folding, and folding it again costs more to
// compile than the rest of the pattern.
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcamera\s+di\s+commercio(?:,?\s+industria,?\s+artigianato\s+e\s+agricoltura)?\s+(?:di|del|della|dell')[ \t]*([A-Z](?-i:[\p{L}'])+(?:-[A-Z](?-i:[\p{L}'])+)?)")
        .expect("valid regex")
});

/// The entity of a report whose title block and whole text are given;
/// a snapped city is logged in `corrections`.
pub fn entity(
    title_block: &str,
    all_text: &str,
    vocab: &Vocabulary,
    corrections: &mut Vec<Correction>,
) -> Option<String> {
    let city = most_frequent_city(title_block).or_else(|| most_frequent_city(all_text))?;
    let read = capitalised(&city);
    let name = |city: &str| format!("Camera di Commercio di {city}");
    let Some(chamber) = vocab.chamber(&read).filter(|c| !same_name(c, &read)) else {
        return Some(name(&read));
    };
    corrections.push(Correction {
        objective_code: None,
        indicator_number: None,
        field: FieldPath::Report(ReportField::Entity),
        raw: name(&read),
        corrected: name(chamber),
        rule: CorrectionRule::Vocabulary,
        page: None,
    });
    Some(name(chamber))
}

/// Whether two names differ only in case, accents, spaces or punctuation
/// ("Reggio-Emilia", "Reggio Emilia").
fn same_name(a: &str, b: &str) -> bool {
    let letters = |s: &str| -> String {
        crate::vocab::fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    letters(a) == letters(b)
}

/// A city printed in capitals as names are written: "COMO" gives "Como",
/// "REGGIO-EMILIA" "Reggio-Emilia"; other spellings stay as they are.
fn capitalised(city: &str) -> String {
    if city.chars().any(char::is_lowercase) {
        return city.to_string();
    }
    city.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_string() + &chars.as_str().to_lowercase()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The city the text names most often after "Camera di Commercio di";
/// ties go to the earliest.
fn most_frequent_city(text: &str) -> Option<String> {
    most_frequent(&ENTITY, text)
}

/// The most frequent first capture of `re` in `text`; ties go to the
/// earliest (the records' year is found the same way).
pub(crate) fn most_frequent(re: &Regex, text: &str) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, c) in re.captures_iter(text).enumerate() {
        if let Some(m) = c.get(1) {
            let e = counts.entry(m.as_str()).or_insert((0, i));
            e.0 += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(s, _)| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(title_block: &str, text: &str) -> (Option<String>, Vec<Correction>) {
        let mut corrections = Vec::new();
        let vocab = Vocabulary::builtin();
        let entity = entity(title_block, text, &vocab, &mut corrections);
        (entity, corrections)
    }

    #[test]
    fn the_entity_is_the_most_named_chamber() {
        let text =
            "la Camera di Commercio di\nDescrizione Brescia e la Camera di Commercio di Brescia";
        assert_eq!(
            read("", text).0.as_deref(),
            Some("Camera di Commercio di Brescia")
        );
        let (entity, corrections) = read(
            "",
            "CAMERA DI COMMERCIO, INDUSTRIA, ARTIGIANATO E AGRICOLTURA DI Reggio-Emilia e altro",
        );
        assert_eq!(
            entity.as_deref(),
            Some("Camera di Commercio di Reggio-Emilia")
        );
        assert!(corrections.is_empty(), "{corrections:?}");
        assert_eq!(
            read("", "CAMERA DI COMMERCIO DI COMO").0.as_deref(),
            Some("Camera di Commercio di Como")
        );
        assert_eq!(read("", "nothing").0, None);
    }

    #[test]
    fn a_damaged_city_snaps_to_its_chamber_and_is_logged() {
        let (entity, corrections) = read("Camera di Commercio di Bresaa", "");
        assert_eq!(entity.as_deref(), Some("Camera di Commercio di Brescia"));
        assert_eq!(corrections.len(), 1);
        let c = &corrections[0];
        assert_eq!(c.field, FieldPath::Report(ReportField::Entity));
        assert_eq!(c.field.name(), "entity");
        assert_eq!(c.raw, "Camera di Commercio di Bresaa");
        assert_eq!(c.rule, CorrectionRule::Vocabulary);
    }

    #[test]
    fn a_clearly_read_chamber_is_kept() {
        // The title block's chamber stands, however often the text names another.
        let text = "Camera di Commercio di Brescia ".repeat(5);
        let (entity, corrections) = read("CAMERA DI COMMERCIO DI COMO", &text);
        assert_eq!(entity.as_deref(), Some("Camera di Commercio di Como"));
        assert!(corrections.is_empty());
        // A city that is no chamber and near none is kept as read.
        let (entity, corrections) = read("Camera di Commercio di Atlantide", "");
        assert_eq!(entity.as_deref(), Some("Camera di Commercio di Atlantide"));
        assert!(corrections.is_empty());
    }
}
