//! Indicator codes ("KPI156", "KPIM216") as OCR misreads them: an I read
//! as a 1 or an l ("KP1174"), digits read as letters ("KPIM2l6",
//! "KPI3O7"), the prefix's I read as two strokes ("KP1I92": a digit-like
//! stroke then the letter, which no code's digits open with). A code is
//! its vocabulary prefix (`[code_prefixes]`) and digits; a word that is
//! one with such confusions is read back.

/// The word of `cell` that reads as a code with OCR confusions, and the
/// code: `None` when no word does, or the code is printed right.
#[must_use]
pub fn misread_code(cell: &str, prefixes: &[String]) -> Option<(String, String)> {
    let core = |word: &'_ str| -> String {
        word.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '|' | '!'))
            .to_string()
    };
    let alone = cell.split_whitespace().find_map(|word| {
        // "KP1125-N.": the dash before the name, its spaces lost.
        let head = word.split(['-', '–']).next().unwrap_or(word);
        // A code holds a digit (see `read_code`), and trimming keeps
        // them all: a head without one needs no copy made.
        if !head.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let core = core(head);
        let code = read_code(&core, prefixes)?;
        (code != core).then_some((core, code))
    });
    alone.or_else(|| split_code(cell, prefixes))
}

/// A code OCR cut in two at its prefix's I ("KP 1306": "KP", then the I
/// read as a 1 and the digits): the letters before the space are a
/// prefix's head and the two words together read as a code.
fn split_code(cell: &str, prefixes: &[String]) -> Option<(String, String)> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let [head, tail] = pair else { return None };
        let is_head = head.chars().count() >= 2
            && head.chars().all(|c| c.is_ascii_uppercase())
            && prefixes
                .iter()
                .any(|p| p.len() > head.len() && p.starts_with(head));
        if !is_head {
            return None;
        }
        let code = read_code(&format!("{head}{tail}"), prefixes)?;
        let raw = format!("{head} {tail}");
        cell.contains(&raw).then_some((raw, code))
    })
}

/// The most digits a code has.
const MAX_DIGITS: usize = 6;

/// `word` as a code: one of `prefixes` (longest first) in letters OCR
/// may confuse, then digits (at least one read as a digit).
fn read_code(word: &str, prefixes: &[String]) -> Option<String> {
    // Its digits hold one read as a digit: a word without one (most of
    // a cell's) is no code, whatever its letters.
    if !word.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let read: Vec<char> = word.chars().collect();
    prefixes.iter().find_map(|prefix| {
        let chars = one_stroke_per_i(&read, prefix);
        let n = prefix.chars().count();
        let (head, rest) = (chars.get(..n)?, chars.get(n..)?);
        let spelled = head
            .iter()
            .zip(prefix.chars())
            .all(|(&c, p)| as_letter(c) == p);
        let digits: Option<String> = rest.iter().map(|&c| as_digit(c)).collect();
        let real_digit = rest.iter().any(char::is_ascii_digit);
        let fits = !rest.is_empty() && rest.len() <= MAX_DIGITS && real_digit;
        match (spelled && fits, digits) {
            (true, Some(digits)) => Some(format!("{prefix}{digits}")),
            _ => None,
        }
    })
}

/// `chars` with each I of `prefix` read as two strokes ("KP1I": a 1, l,
/// | or ! then the letter I) read as one: the letter I after a
/// digit-like stroke is the same glyph read twice, as a code's digits
/// never open with a letter.
fn one_stroke_per_i(chars: &[char], prefix: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut rest = chars.iter().copied().peekable();
    for p in prefix.chars() {
        let Some(c) = rest.next() else { break };
        let stroke = matches!(c, '1' | 'l' | '|' | '!');
        match rest.peek() {
            Some(&'I') if p == 'I' && stroke => out.extend(rest.next()),
            _ => out.push(c),
        }
    }
    out.extend(rest);
    out
}

/// The capital letter a character of a code's prefix stands for.
fn as_letter(c: char) -> char {
    match c {
        '1' | 'l' | '|' | '!' => 'I',
        '0' => 'O',
        c => c.to_ascii_uppercase(),
    }
}

/// The digit a character of a code's number stands for.
fn as_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        'O' | 'o' | 'Q' | 'D' => Some('0'),
        'I' | 'l' | '|' | '!' | 'i' => Some('1'),
        'S' | 's' => Some('5'),
        'B' => Some('8'),
        'Z' | 'z' => Some('2'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Case {
        cell: &'static str,
        want: Option<(&'static str, &'static str)>,
    }

    #[test]
    fn codes_misread_by_ocr_are_read_back() {
        let prefixes = vec!["KPIM".to_string(), "KPI".to_string()];
        let cases = [
            // Printed right: nothing to do.
            Case {
                cell: "KPI156 Grado di soddisfazione",
                want: None,
            },
            Case {
                cell: "KPIM216 - Tempo medio",
                want: None,
            },
            // An I read as a 1, an l, a bar.
            Case {
                cell: "KP1174 GRADO DI SODDISFAZIONE",
                want: Some(("KP1174", "KPI174")),
            },
            Case {
                cell: "KPl307 % RIDUZIONE",
                want: Some(("KPl307", "KPI307")),
            },
            Case {
                cell: "KP|M308 TEMPO MEDIO",
                want: Some(("KP|M308", "KPIM308")),
            },
            // Digits read as letters, after the M of a longer prefix.
            Case {
                cell: "KPIM2l6",
                want: Some(("KPIM2l6", "KPIM216")),
            },
            Case {
                cell: "KPII74 GRADO",
                want: Some(("KPII74", "KPI174")),
            },
            // The prefix's I read as two strokes: one letter, not a digit.
            Case {
                cell: "KP1I92 Tasso di",
                want: Some(("KP1I92", "KPI92")),
            },
            Case {
                cell: "KPlI285",
                want: Some(("KPlI285", "KPI285")),
            },
            Case {
                cell: "KP1IM216",
                want: Some(("KP1IM216", "KPIM216")),
            },
            Case {
                cell: "(KPI3O7)",
                want: Some(("KPI3O7", "KPI307")),
            },
            // The spaces around the dash before the name lost.
            Case {
                cell: "KP1125-N. PARTECIPANTI",
                want: Some(("KP1125", "KPI125")),
            },
            Case {
                cell: "KPI125-N. PARTECIPANTI",
                want: None,
            },
            // Cut in two at the prefix's I, read as a 1.
            Case {
                cell: "KP 1306 - Tempo medio",
                want: Some(("KP 1306", "KPI306")),
            },
            // No code: a word, a prefix without digits, too many digits.
            Case {
                cell: "Kpi non definito",
                want: None,
            },
            Case {
                cell: "KPIS of the office",
                want: None,
            },
            Case {
                cell: "KPI12345678",
                want: None,
            },
            Case {
                cell: "KPX174",
                want: None,
            },
            Case {
                cell: "KP dati 2020",
                want: None,
            },
        ];
        for case in cases {
            let got = misread_code(case.cell, &prefixes);
            let want = case.want.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "{:?}", case.cell);
        }
    }
}
