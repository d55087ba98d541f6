//! The parts of an evidence record that are not about a file in the workspace: its external reference (`url:`,
//! `register_id:`) and its effective date. The file itself is decided in `Loader::evidence_file`.
//!
//! An external reference is text from the workspace that every deliverable prints, so it is held to a shape: a URL
//! is an `https://` address of one line without spaces or the characters that cannot appear in a URL, and a register
//! ID is one short line. aims never follows the URL.

use serde_saphyr::Spanned;

use super::{Loader, SourceFile, is_blank};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::rules::Code;

/// Longest URL accepted, in characters: browsers and document systems handle about this much, and a longer value is
/// not an address someone copied.
const MAX_URL_CHARS: usize = 2000;

/// Longest document-register ID accepted, in characters.
const MAX_REGISTER_ID_CHARS: usize = 200;

impl Loader<'_> {
    /// The effective date of an evidence record: any valid date, before or after the as-of date (a document
    /// approved to take effect next month is not in force yet, which `assess` reports).
    pub(super) fn effective(&mut self, file: &SourceFile, value: Option<Spanned<String>>) -> Option<Date> {
        value.and_then(|d| self.date(file, d, false))
    }

    /// An evidence record's `url:`, trimmed, or `None` (with an error) when it is blank or not an `https://`
    /// address.
    pub(super) fn url(&mut self, file: &SourceFile, value: Option<Spanned<String>>) -> Option<String> {
        let value = value?;
        let url = value.value.trim();
        let Some(problem) = url_problem(url) else { return Some(url.to_string()) };
        let (code, help) = match problem {
            UrlProblem::Blank => {
                (Code::EmptyField, "give the document's https:// address, or leave `url:` out".to_string())
            }
            UrlProblem::NotHttps if url.to_ascii_lowercase().starts_with("http://") => (
                Code::InvalidValue,
                "give the https:// address of the document; deliverables sent to others should not point at an \
                 unencrypted site. Without one, record the document's ID as `register_id:`"
                    .to_string(),
            ),
            UrlProblem::NotHttps => (
                Code::InvalidValue,
                "give the document's https:// address, e.g. https://example.sharepoint.com/sites/qms/policy.docx; \
                 a document kept in the workspace goes under `file:`, an ID in the document register under \
                 `register_id:`"
                    .to_string(),
            ),
            UrlProblem::NoHost => {
                (Code::InvalidValue, "write the address in full: https://, the server's name, then the path".into())
            }
            UrlProblem::BadCharacter(c) => (
                Code::InvalidValue,
                format!(
                    "{} cannot appear in a URL; percent-encode it (a space is %20) or copy the address again",
                    show(c)
                ),
            ),
            UrlProblem::TooLong => {
                (Code::InvalidValue, format!("a URL is at most {MAX_URL_CHARS} characters; link to a shorter address"))
            }
        };
        let message = match problem {
            UrlProblem::Blank => "`url` is empty".to_string(),
            _ => format!("`url` is not an https:// address: {}", problem.what()),
        };
        self.push_at(file, &value.referenced, Diagnostic::error(code, &file.path, message).help(help));
        None
    }

    /// An evidence record's `register_id:`, trimmed, or `None` (with an error) when it is blank, holds a line break
    /// or control character, or is too long.
    pub(super) fn register_id(&mut self, file: &SourceFile, value: Option<Spanned<String>>) -> Option<String> {
        let value = value?;
        let id = value.value.trim();
        let (code, message, help) = if is_blank(id) {
            (
                Code::EmptyField,
                "`register_id` is empty".to_string(),
                "give the document's ID in the document register, e.g. QMS-POL-007, or leave `register_id:` out"
                    .to_string(),
            )
        } else if let Some(c) = id.chars().find(|c| c.is_control()) {
            (
                Code::InvalidValue,
                format!("`register_id` contains {}", show(c)),
                "write the ID on one line, as the document register shows it".to_string(),
            )
        } else if id.chars().count() > MAX_REGISTER_ID_CHARS {
            (
                Code::InvalidValue,
                format!("`register_id` is longer than {MAX_REGISTER_ID_CHARS} characters"),
                "give the document's ID, not its title or description; `description:` holds the words".to_string(),
            )
        } else {
            return Some(id.to_string());
        };
        self.push_at(file, &value.referenced, Diagnostic::error(code, &file.path, message).help(help));
        None
    }
}

/// Why a URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlProblem {
    Blank,
    NotHttps,
    NoHost,
    BadCharacter(char),
    TooLong,
}

impl UrlProblem {
    fn what(self) -> String {
        match self {
            UrlProblem::Blank => "it is empty".to_string(),
            UrlProblem::NotHttps => "it does not start with https://".to_string(),
            UrlProblem::NoHost => "it names no server".to_string(),
            UrlProblem::BadCharacter(c) => format!("it contains {}", show(c)),
            UrlProblem::TooLong => format!("it is longer than {MAX_URL_CHARS} characters"),
        }
    }
}

/// What is wrong with a trimmed URL, if anything. Letters of any script are allowed (an address copied from a
/// browser's bar may show them); spaces, control and invisible characters, and the characters that would need
/// escaping in a URL (`<>"{}|\^` and the backtick) are not.
/// Whether an evidence record's `url:` accepts `url` as it is: an `https://` address of one line, with a host, without
/// spaces or characters that cannot appear in a URL, at most [`MAX_URL_CHARS`] characters. The importer asks this
/// before it records a published document as external evidence.
pub(crate) fn is_accepted_url(url: &str) -> bool {
    url_problem(url).is_none()
}

fn url_problem(url: &str) -> Option<UrlProblem> {
    if is_blank(url) {
        return Some(UrlProblem::Blank);
    }
    let scheme_ok = url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    if !scheme_ok {
        return Some(UrlProblem::NotHttps);
    }
    if url.chars().count() > MAX_URL_CHARS {
        return Some(UrlProblem::TooLong);
    }
    if let Some(c) = url.chars().find(|&c| c.is_whitespace() || is_blank(&c.to_string()) || "<>\"{}|\\^`".contains(c)) {
        return Some(UrlProblem::BadCharacter(c));
    }
    let host = url[8..].split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Some(UrlProblem::NoHost);
    }
    None
}

/// A character as a diagnostic names it: printable ones quoted, others by their code point.
fn show(c: char) -> String {
    if c == ' ' {
        "a space".to_string()
    } else if c.is_whitespace() || c.is_control() || is_blank(&c.to_string()) {
        format!("the invisible character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_addresses_of_document_systems_are_accepted() {
        for url in [
            "https://example.sharepoint.com/sites/qms/Shared%20Documents/ai-policy.docx",
            "HTTPS://qms.example.com/doc?id=42#rev3",
            "https://user@qms.example.com:8443/x",
            "https://intranet.example.de/Qualität/Richtlinie.pdf",
        ] {
            assert_eq!(url_problem(url), None, "{url}");
        }
    }

    #[test]
    fn anything_but_an_https_address_is_refused() {
        assert_eq!(url_problem("   "), Some(UrlProblem::Blank));
        assert_eq!(url_problem("http://qms.example.com/x"), Some(UrlProblem::NotHttps));
        assert_eq!(url_problem("javascript:alert(1)"), Some(UrlProblem::NotHttps));
        assert_eq!(url_problem("file:///etc/passwd"), Some(UrlProblem::NotHttps));
        assert_eq!(url_problem("evidence/policy.md"), Some(UrlProblem::NotHttps));
        assert_eq!(url_problem("https://"), Some(UrlProblem::NoHost));
        assert_eq!(url_problem("https:///path"), Some(UrlProblem::NoHost));
        assert_eq!(url_problem("https://a.example/b c"), Some(UrlProblem::BadCharacter(' ')));
        assert_eq!(url_problem("https://a.example/<script>"), Some(UrlProblem::BadCharacter('<')));
        assert_eq!(url_problem("https://a.example/\u{200B}x"), Some(UrlProblem::BadCharacter('\u{200B}')));
        assert_eq!(url_problem(&format!("https://a.example/{}", "x".repeat(MAX_URL_CHARS))), Some(UrlProblem::TooLong));
    }
}
