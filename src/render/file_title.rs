//! A file's name as the words people read, for an evidence record that gives neither a `title:` nor a description
//! (`evidence/management-review-2026-05.md` → "Management review May 2026").
//!
//! The name without folders and extension is split into words at `-`, `_` and spaces, then read word by word:
//!
//! - a date reads as the documents write dates: a month as "May 2026" (`2026-05`, `2026_05`, `2026-may`,
//!   `may-2026`), a quarter or half year as "Q3 2026" (`2026-q3`, `q3-2026`, `2026q3`), a full date as ISO 8601,
//!   "2026-05-12" (`2026-05-12`, `20260512`, `12-may-2026`), as every other date in the reports; a financial year
//!   `2026-27` reads "2026/27";
//! - a known abbreviation takes its capitals ([`ACRONYMS`]: "AI", "CV", "DPIA", "SoA" …), and standards and laws
//!   read as they are cited ("ISO/IEC 42001:2023", "EU AI Act");
//! - a version tag stays in lower case: `V0.3` → "v0.3";
//! - a word the file name spells with capitals inside it (`TalentSift`, `SaMD`) or in capitals only (`NHS`) is kept as
//!   written, and so is a capitalised word among lower-case ones (`Reply-Assist-usage-guide` → "Reply Assist usage
//!   guide"); a name in Title Case or in capitals throughout is read in sentence case;
//! - the first letter is put in capitals.

/// The abbreviations a file name may spell in lower case that are written in capitals, as written here. Words that
/// are also ordinary English words ("it", "us") are left out: `how-it-works` must not read "How IT works".
pub const ACRONYMS: &[&str] = &[
    "AI", "AIA", "AIMS", "API", "BCP", "CEO", "CISO", "CTO", "CV", "DPA", "DPIA", "DPO", "EU", "FAQ", "FRIA", "GDPR",
    "GPAI", "HR", "ICT", "IEC", "ISMS", "ISO", "KPI", "LLM", "ML", "MDR", "NDA", "NIST", "NLP", "OCR", "PIA", "PII",
    "QA", "QMS", "RACI", "RAG", "RMF", "ROPA", "SLA", "SOC", "SOP", "SoA", "UK",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A file's name as words: `path`'s last component without its extension, read as the module describes;
/// `evidence/ai-risk-register-2026-q3.md` → "AI risk register Q3 2026". Never fails: a name of separators only
/// reads as itself.
pub fn file_title(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // An extension has a letter: `model-card-v0.3` keeps its version.
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().any(|c| c.is_ascii_alphabetic()) => stem,
        _ => name,
    };
    let tokens: Vec<&str> = stem.split(['-', '_', ' ']).filter(|t| !t.is_empty()).collect();
    if tokens.is_empty() {
        return stem.to_string();
    }
    // Title Case or capitals throughout say nothing about which words are names.
    let letters: Vec<&&str> = tokens.iter().filter(|t| t.chars().any(char::is_alphabetic)).collect();
    let uniform = letters.len() > 1
        && (letters.iter().all(|t| t.chars().next().is_some_and(char::is_uppercase))
            || letters.iter().all(|t| !t.chars().any(char::is_lowercase)));
    let mut words: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let (word, used) = date(&tokens[i..]).unwrap_or_else(|| (word(tokens[i], uniform), 1));
        words.push(word);
        i += used;
    }
    let words = citations(words);
    let text = words.join(" ");
    match words.first() {
        Some(first) if is_version(first) => text,
        _ => super::capitalised(&text),
    }
}

/// One word that is not part of a date: an abbreviation in its capitals, a version tag in lower case, a name as
/// written, anything else in lower case.
fn word(token: &str, uniform: bool) -> String {
    if let Some(acronym) = ACRONYMS.iter().find(|a| a.eq_ignore_ascii_case(token)) {
        return (*acronym).to_string();
    }
    if is_version(token) {
        return token.to_lowercase();
    }
    if let Some(month) = month_name(token).filter(|_| token.len() > 3 && !token.eq_ignore_ascii_case("may")) {
        return MONTHS[month - 1].to_string();
    }
    let mut chars = token.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let inner_upper = chars.any(char::is_uppercase);
    match (uniform, first_upper, inner_upper) {
        // `TalentSift`, `SaMD`, `NHS`: the writer's own spelling.
        (_, _, true) if !uniform || token.chars().any(char::is_lowercase) => token.to_string(),
        // A capitalised word among lower-case ones is a name: `Reply-Assist-usage-guide`.
        (false, true, false) => token.to_string(),
        _ => token.to_lowercase(),
    }
}

/// A version tag: `v` and a number, with dotted parts and a letter after (`v2`, `V0.3`, `v1.2b`).
fn is_version(token: &str) -> bool {
    let Some(rest) = token.strip_prefix(['v', 'V']) else { return false };
    let rest = rest.strip_suffix(|c: char| c.is_ascii_lowercase()).unwrap_or(rest);
    !rest.is_empty()
        && rest.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        && rest.starts_with(|c: char| c.is_ascii_digit())
}

/// The date that starts `tokens`, as the documents write it, and how many tokens it takes; `None` when they do not
/// start with one.
fn date(tokens: &[&str]) -> Option<(String, usize)> {
    let number = |i: usize| tokens.get(i).filter(|t| t.chars().all(|c| c.is_ascii_digit())).map(|t| (t.len(), *t));
    let value = |t: &str| t.parse::<u32>().ok();
    let year = |i: usize| number(i).filter(|(len, t)| *len == 4 && is_year(t)).map(|(_, t)| t);
    let month =
        |i: usize| number(i).filter(|(len, _)| *len == 2).and_then(|(_, t)| value(t)).filter(|m| (1..=12).contains(m));
    let named_month = |i: usize| tokens.get(i).and_then(|t| month_name(t)).map(|m| m as u32);
    let period_at = |i: usize| tokens.get(i).and_then(|t| period(t));
    if let Some(y) = year(0) {
        if let Some(m) = month(1) {
            if let Some(d) =
                number(2).filter(|(len, _)| *len == 2).and_then(|(_, t)| value(t)).filter(|d| valid_day(y, m, *d))
            {
                return Some((format!("{y}-{m:02}-{d:02}"), 3));
            }
            return Some((format!("{} {y}", MONTHS[m as usize - 1]), 2));
        }
        if let Some(m) = named_month(1) {
            return Some((format!("{} {y}", MONTHS[m as usize - 1]), 2));
        }
        if let Some(p) = period_at(1) {
            return Some((format!("{p} {y}"), 2));
        }
        // A financial year: `2026-27`.
        if let Some((_, next)) = number(1).filter(|(len, _)| *len == 2)
            && value(next) == value(y).map(|y| (y + 1) % 100)
        {
            return Some((format!("{y}/{next}"), 2));
        }
        return Some((y.to_string(), 1));
    }
    let first = tokens.first()?;
    // `20260512`, `2026q3`.
    if first.len() == 8 && first.chars().all(|c| c.is_ascii_digit()) {
        let (y, m, d) = (&first[..4], value(&first[4..6])?, value(&first[6..])?);
        if is_year(y) && (1..=12).contains(&m) && valid_day(y, m, d) {
            return Some((format!("{y}-{m:02}-{d:02}"), 1));
        }
    }
    if let (Some(y), Some(p)) = (first.get(..4).filter(|y| is_year(y)), first.get(4..).and_then(period)) {
        return Some((format!("{p} {y}"), 1));
    }
    // `q3-2026`, `may-2026`, `12-may-2026`.
    if let (Some(p), Some(y)) = (period_at(0), year(1)) {
        return Some((format!("{p} {y}"), 2));
    }
    if let (Some(m), Some(y)) = (named_month(0), year(1)) {
        return Some((format!("{} {y}", MONTHS[m as usize - 1]), 2));
    }
    if let (Some((len, d)), Some(m), Some(y)) = (number(0), named_month(1), year(2)) {
        let d = value(d)?;
        if len <= 2 && valid_day(y, m, d) {
            return Some((format!("{y}-{m:02}-{d:02}"), 3));
        }
    }
    let p = period_at(0)?;
    Some((p, 1))
}

/// A year a document name would carry: 1900 to 2199.
fn is_year(text: &str) -> bool {
    text.len() == 4 && (text.starts_with("19") || text.starts_with("20") || text.starts_with("21"))
}

/// `q1`-`q4` and `h1`-`h2` in capitals: "Q3".
fn period(token: &str) -> Option<String> {
    let token = token.to_ascii_uppercase();
    match token.as_bytes() {
        [b'Q', b'1'..=b'4'] | [b'H', b'1'..=b'2'] => Some(token),
        _ => None,
    }
}

/// The month (1-12) a word names in English, in full or as its first three letters ("sept" too).
fn month_name(token: &str) -> Option<usize> {
    if token.len() < 3 || !token.is_ascii() {
        return None;
    }
    // Compared without allocating: this runs for every word of every file name of thousands of records.
    let at = MONTHS.iter().position(|m| {
        token.eq_ignore_ascii_case(m)
            || token.eq_ignore_ascii_case(&m[..3])
            || (token.eq_ignore_ascii_case("sept") && *m == "September")
    })?;
    Some(at + 1)
}

/// Whether day `d` exists in month `m` of year `y`.
fn valid_day(y: &str, m: u32, d: u32) -> bool {
    let Ok(year) = y.parse::<u32>() else { return false };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

/// Standards and laws as they are cited: "ISO" then "IEC" is "ISO/IEC", a year after a standard's number is its
/// edition, "ISO/IEC 42001:2023", and the EU's law on AI is the "EU AI Act".
fn citations(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        let n = out.len();
        let before = |back: usize| if n >= back { out[n - back].as_str() } else { "" };
        let number = before(1).len() >= 4 && before(1).chars().all(|c| c.is_ascii_digit());
        if before(1) == "ISO" && w == "IEC" {
            out[n - 1].push_str("/IEC");
        } else if number && is_year(&w) && ["ISO", "IEC", "ISO/IEC"].contains(&before(2)) {
            out[n - 1].push(':');
            out[n - 1].push_str(&w);
        } else if before(2) == "EU" && before(1) == "AI" && w == "act" {
            out.push("Act".to_string());
        } else {
            out.push(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ACRONYMS, MONTHS, file_title};
    use proptest::prelude::*;

    #[test]
    fn file_name_titles_read_dates_and_acronyms() {
        for (path, title) in [
            ("evidence/management-review-2026-05.md", "Management review May 2026"),
            ("evidence/management_review_2026_05.md", "Management review May 2026"),
            ("evidence/ai-monitoring-review-2026-q3.md", "AI monitoring review Q3 2026"),
            ("evidence/ai-risk-register-2026-q3.md", "AI risk register Q3 2026"),
            ("evidence/AI_Risk_Register_Q3_2026.xlsx", "AI risk register Q3 2026"),
            ("evidence/risk-register-2026Q3.md", "Risk register Q3 2026"),
            ("evidence/board-minutes-2026-05-12.pdf", "Board minutes 2026-05-12"),
            ("evidence/board-minutes-20260512.pdf", "Board minutes 2026-05-12"),
            ("evidence/board-minutes-12-may-2026.pdf", "Board minutes 2026-05-12"),
            ("evidence/board-minutes-may-2026.pdf", "Board minutes May 2026"),
            ("evidence/board-minutes-2026-sept.pdf", "Board minutes September 2026"),
            ("evidence/budget-2026-27.xlsx", "Budget 2026/27"),
            ("evidence/ai-objectives-2026.md", "AI objectives 2026"),
            ("evidence/validation-report-h1-2026.md", "Validation report H1 2026"),
            ("evidence/data-report-v1.md", "Data report v1"),
            ("evidence/model-card-V0.3.md", "Model card v0.3"),
            ("evidence/model-card-v0.3", "Model card v0.3"),
            ("evidence/v2-release-notes.md", "v2 release notes"),
            ("evidence/cv-screening-dpia.md", "CV screening DPIA"),
            ("evidence/supplier-dpa-signed.pdf", "Supplier DPA signed"),
            ("evidence/eu-ai-act-pia.md", "EU AI Act PIA"),
            ("evidence/iso-42001-soa.md", "ISO 42001 SoA"),
            ("evidence/iso-iec-42001-2023-soa.md", "ISO/IEC 42001:2023 SoA"),
            ("evidence/iso-42001-gap.md", "ISO 42001 gap"),
            ("evidence/sop-017-model-release.md", "SOP 017 model release"),
            ("evidence/ai-governance-raci.md", "AI governance RACI"),
            ("evidence/Reply-Assist-usage-guide.md", "Reply Assist usage guide"),
            ("evidence/reply-assist-usage-guide.md", "Reply assist usage guide"),
            ("evidence/Model-Card-Final.docx", "Model card final"),
            ("evidence/MODEL-CARD-FINAL.DOCX", "Model card final"),
            ("evidence/TalentSift-bias-audit.pdf", "TalentSift bias audit"),
            ("evidence/NHS-DTAC-submission.pdf", "NHS DTAC submission"),
            ("evidence/how-it-works.md", "How it works"),
            ("evidence/march-2027-plan.md", "March 2027 plan"),
            ("evidence/what-you-may-do.md", "What you may do"),
            ("evidence\\windows\\ai-policy.docx", "AI policy"),
            ("evidence/.hidden", ".hidden"),
            ("evidence/--.md", "--"),
            ("evidence/2026-02-30-notes.md", "February 2026 30 notes"),
        ] {
            assert_eq!(file_title(path), title, "{path}");
        }
    }

    #[test]
    fn the_abbreviations_are_listed_once_with_their_capitals() {
        let mut seen = std::collections::HashSet::new();
        for a in ACRONYMS {
            assert!(a.len() >= 2 && a.starts_with(|c: char| c.is_ascii_uppercase()), "{a}");
            assert!(seen.insert(a.to_lowercase()), "{a} twice");
        }
    }

    proptest! {
        #[test]
        fn dated_file_names_read_their_dates(
            // Consonants only: no month names or periods among the words before the date.
            stem in "[b-df-hj-np-tv-z]{4,10}(-[b-df-hj-np-tv-z]{4,10}){0,2}",
            year in 1990u32..2100,
            month in 1u32..=12,
            quarter in 1u32..=4,
            sep in prop::sample::select(vec!["-", "_"]),
        ) {
            let words = stem.replace('-', sep);
            let by_month = file_title(&format!("evidence/{words}{sep}{year}{sep}{month:02}.md"));
            let month_name = MONTHS[month as usize - 1];
            prop_assert!(by_month.ends_with(&format!(" {month_name} {year}")), "{by_month}");
            prop_assert!(!by_month.contains(&format!("{year} {month:02}")), "{by_month}");
            let by_quarter = file_title(&format!("evidence/{words}{sep}{year}{sep}q{quarter}.md"));
            prop_assert!(by_quarter.ends_with(&format!(" Q{quarter} {year}")), "{by_quarter}");
            let day = file_title(&format!("{words}{sep}{year}{sep}{month:02}{sep}01.md"));
            prop_assert!(day.ends_with(&format!(" {year}-{month:02}-01")), "{day}");
        }

        #[test]
        fn file_names_read_as_words_without_separators(name in "[A-Za-z0-9_.-]{1,40}") {
            let title = file_title(&format!("evidence/{name}.md"));
            prop_assert!(!title.is_empty());
            if name.chars().any(|c| c.is_ascii_alphanumeric()) {
                prop_assert!(!title.contains('_'), "{name} → {title}");
            }
            for acronym in ACRONYMS {
                let lowered = file_title(&format!("{}-{name}.md", acronym.to_lowercase()));
                prop_assert!(lowered.starts_with(acronym), "{lowered}");
            }
        }

        #[test]
        fn version_tags_stay_in_lower_case(major in 0u32..20, minor in 0u32..20, upper in any::<bool>()) {
            let tag = format!("{}{major}.{minor}", if upper { "V" } else { "v" });
            let title = file_title(&format!("evidence/model-card-{tag}.md"));
            prop_assert_eq!(title, format!("Model card v{major}.{minor}"));
        }
    }
}
