//! Facts about the whole document: its year and its entity.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

static TARGET_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b31\s?[/.\-]\s?12\s?[/.\-]\s?((?:19|20)[0-9]{2})\b").expect("valid regex")
});
static BUDGET_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:bilancio(?:\s+(?:preventivo|consuntivo|d'esercizio))?|P\.?I\.?R\.?A\.?)\s+((?:19|20)[0-9]{2})\b")
        .expect("valid regex")
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcamera\s+di\s+commercio(?:,?\s+industria,?\s+artigianato\s+e\s+agricoltura)?\s+(?:di|del|della|dell')[ \t]*([A-Z][\p{L}']+(?:-[A-Z][\p{L}']+)?)")
        .expect("valid regex")
});
static INTEGER: LazyLock<Regex> =
    // Not `\b`: a box border read as "_" ("3_|") is no part of the number,
    // nor one read as a letter "L", "I" or "l" glued before it ("L2").
    LazyLock::new(|| {
        Regex::new(r"(?:^|[^\p{L}\p{N}]|(?:^|\s)[LIl])([0-9]{1,3})(?:[^\p{L}\p{N}]|$)")
            .expect("valid regex")
    });

/// The report's year: the most frequent year of the "31/12/YYYY" target
/// dates, else of "Bilancio YYYY".
pub fn year(text: &str) -> Option<i32> {
    most_frequent(&TARGET_YEAR, text)
        .or_else(|| most_frequent(&BUDGET_YEAR, text))?
        .parse()
        .ok()
}

/// The entity: "Camera di Commercio di \<city\>" as the text most often names it.
pub fn entity(text: &str) -> Option<String> {
    most_frequent(&ENTITY, text)
        .map(|city| format!("Camera di Commercio di {}", capitalised(&city)))
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

/// The first whole number of a text ("2", "Nr 3").
pub fn first_integer(text: &str) -> Option<u32> {
    INTEGER.captures(text)?.get(1)?.as_str().parse().ok()
}

/// The most frequent first capture; ties go to the earliest.
fn most_frequent(re: &Regex, text: &str) -> Option<String> {
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

    #[test]
    fn reads_year_and_entity() {
        let text = "BILANCIO 2019\nRisultato atteso al 31/12/2020\nRisultato atteso al 31/12/2020\nla Camera di Commercio di\nDescrizione Brescia e la Camera di Commercio di Brescia";
        assert_eq!(year(text), Some(2020));
        assert_eq!(year("Bilancio preventivo 2021"), Some(2021));
        assert_eq!(year("nothing"), None);
        assert_eq!(
            entity(text).as_deref(),
            Some("Camera di Commercio di Brescia")
        );
        assert_eq!(
            entity("CAMERA DI COMMERCIO, INDUSTRIA, ARTIGIANATO E AGRICOLTURA DI Reggio-Emilia e altro")
                .as_deref(),
            Some("Camera di Commercio di Reggio-Emilia")
        );
        assert_eq!(
            entity("CAMERA DI COMMERCIO DI COMO").as_deref(),
            Some("Camera di Commercio di Como")
        );
        assert_eq!(first_integer(" 2"), Some(2));
        assert_eq!(first_integer("none"), None);
        assert_eq!(first_integer("3_|"), Some(3));
        assert_eq!(first_integer("Nr 12."), Some(12));
        assert_eq!(first_integer("2020"), None);
        assert_eq!(first_integer("A3"), None);
        assert_eq!(first_integer("L2"), Some(2));
        assert_eq!(first_integer("associati I3 |"), Some(3));
        assert_eq!(first_integer("AL2"), None);
    }
}
